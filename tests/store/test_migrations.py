"""Migrations: every head applied, idempotent, and the same schema the code declares."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from tidings.errors import StoreError
from tidings.store import Store, schema


def test_a_new_database_is_migrated_to_every_head(store: Store) -> None:
    assert store.is_current()
    assert store.count_articles() == 0


def test_migrating_twice_changes_nothing(store: Store) -> None:
    store.migrate()
    assert store.is_current()


def test_the_migrations_build_exactly_the_tables_the_code_declares(store: Store) -> None:
    """Alembic's own comparison of the migrated database with ``schema.metadata`` finds nothing
    missing, extra or different (columns, types, nullability, indexes, foreign keys), on each
    database. The full-text index is the store's own (FTS5 tables, a generated column) and is
    excluded from the comparison by name."""
    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"include_name": _declared_or_ours, "compare_type": True},
        )
        differences = compare_metadata(context, schema.metadata)
    assert differences == []


def _declared_or_ours(name: str | None, kind: str, parent_names: dict[str, str | None]) -> bool:
    """Compare only what ``schema.metadata`` declares: FTS5 shadow tables, the tsvector column and
    its index (made by raw SQL in the migrations, on one database each) are not in it. A declared
    table, column or index missing from the database is still reported."""
    if kind == "table":
        return name in schema.metadata.tables
    table = schema.metadata.tables.get(parent_names.get("table_name") or "")
    if kind == "column":
        return table is not None and name in table.columns
    if kind == "index":
        return table is not None and name in {index.name for index in table.indexes}
    return True


def test_sqlite_store_uses_write_ahead_logging(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    opened = Store.open(f"sqlite:///{path}")
    try:
        opened.migrate()
    finally:
        opened.close()
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


@pytest.mark.parametrize(
    ("url", "said"),
    [
        (
            "postgresql+psycopg://nobody@127.0.0.1:1/x",
            r'connection to server at "127\.0\.0\.1", port 1 failed',
        ),
        ("sqlite:///{tmp}/not-a-database.sqlite3", r"not-a-database\.sqlite3: file is not a database$"),
        (
            "sqlite:///{tmp}/a-folder.sqlite3",
            r"a-folder\.sqlite3: unable to open database file: \S+ is a folder, not a database",
        ),
    ],
)
def test_a_database_that_cannot_be_used_is_named_in_one_line(url: str, said: str, tmp_path: Path) -> None:
    (tmp_path / "not-a-database.sqlite3").write_text("a note, not a database")
    (tmp_path / "a-folder.sqlite3").mkdir()
    store = Store.open(url.format(tmp=tmp_path))
    with pytest.raises(StoreError, match=r"^could not migrate the database \S+: ") as caught:
        store.migrate()
    message = str(caught.value)
    # Named as the user knows it: the file, or the server's URL (never a password).
    assert message.startswith(
        f"could not migrate the database {url.format(tmp=tmp_path).removeprefix('sqlite:///')}"
    )
    assert "\n" not in message
    assert "sqlalche.me" not in message
    assert re.search(said, message)
