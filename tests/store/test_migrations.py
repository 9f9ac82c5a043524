"""Migrations: every head applied, idempotent, and the same schema the code declares."""

from __future__ import annotations

import importlib.util
import re
import sqlite3
import threading
import uuid
import warnings
from contextlib import closing, suppress
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, make_url, text
from sqlalchemy.exc import OperationalError

from tests.conftest import POSTGRESQL_URL
from tidings.errors import ConfigError, StoreError
from tidings.store import Store, migrate, schema
from tidings.store import engine as engine_module


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
        (
            "sqlite:///{tmp}/not-a-database.sqlite3",
            r"not-a-database\.sqlite3: file is not a database; the file is damaged or is not a Tidings "
            r"database; restore it from a backup, or move it away",
        ),
        (
            "sqlite:///{tmp}/a-folder.sqlite3",
            r"a-folder\.sqlite3: unable to open database file; \S+ is a folder, not a database",
        ),
    ],
)
def test_a_database_that_cannot_be_used_is_named_in_one_line(url: str, said: str, tmp_path: Path) -> None:
    (tmp_path / "not-a-database.sqlite3").write_text("a note, not a database")
    (tmp_path / "a-folder.sqlite3").mkdir()
    store = Store.open(url.format(tmp=tmp_path))
    with pytest.raises(StoreError, match=r"^could not open the database \S+: ") as caught:
        store.migrate()
    message = str(caught.value)
    # Named as the user knows it: the file, or the server's URL (never a password).
    assert message.startswith(
        f"could not open the database {url.format(tmp=tmp_path).removeprefix('sqlite:///')}"
    )
    assert "\n" not in message
    assert "sqlalche.me" not in message
    assert re.search(said, message)


@pytest.mark.postgresql
def test_a_server_that_refuses_the_user_says_to_check_the_url() -> None:
    refused = make_url(POSTGRESQL_URL).set(username="no_such_tidings_role", password="secret")
    store = Store.open(refused.render_as_string(hide_password=False))
    with pytest.raises(StoreError) as caught:
        store.migrate()
    message = str(caught.value)
    assert 'role "no_such_tidings_role" does not exist' in message
    assert message.endswith(
        "check TIDINGS_DATABASE_URL (host, port, user, password, database) and that the server "
        "is running and accepts it"
    )
    assert "secret" not in message


def test_a_damaged_file_is_named_with_what_to_do_when_read(tmp_path: Path) -> None:
    """SQLite calls damage found mid-file a DatabaseError, not an OperationalError: it reached the
    user as 'unexpected error ... a bug in Tidings' with the SQL statement."""
    path = tmp_path / "store.sqlite3"
    store = Store.open(f"sqlite:///{path}")
    store.migrate()
    store.close()
    with closing(sqlite3.connect(path)) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damaged = bytearray(path.read_bytes())
    damaged[page_size:] = b"\xa5" * (len(damaged) - page_size)  # every page but the schema's
    path.write_bytes(bytes(damaged))
    reopened = Store.open(f"sqlite:///{path}")
    try:
        with pytest.raises(StoreError) as caught:
            reopened.list_articles()
    finally:
        reopened.close()
    assert str(caught.value) == (
        f"could not read the database {path}: database disk image is malformed; the file is damaged "
        "or is not a Tidings database; restore it from a backup, or move it away and Tidings starts "
        "a new, empty one"
    )


def _fill_to_the_last_page(connection: Any, _record: Any) -> None:
    """SQLite's own answer to a write on a full disk, without filling one: no page may be added."""
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {pages}")


def _write_a_megabyte(store: Store) -> None:
    with store.writing() as connection:
        connection.execute(text("CREATE TABLE filler (x BLOB)"))
        connection.execute(text("INSERT INTO filler VALUES (randomblob(1000000))"))


def test_a_full_disk_is_named_with_the_folder_and_its_free_space(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "store.sqlite3"
    store = Store.open(f"sqlite:///{path}")
    store.migrate()
    store.engine.dispose()
    event.listen(store.engine, "connect", _fill_to_the_last_page)
    monkeypatch.setattr(
        engine_module.shutil,
        "disk_usage",
        lambda _folder: SimpleNamespace(total=2 << 20, used=2 << 20, free=12_288),
    )
    try:
        with pytest.raises(StoreError) as caught:
            _write_a_megabyte(store)
    finally:
        store.close()
    assert str(caught.value) == (
        f"could not write to the database {path}: database or disk is full; the disk holding "
        f"{tmp_path} has 12 KB free: make room there, or set TIDINGS_DATA_DIR to a folder on "
        "another disk, and try again"
    )


def test_a_disk_i_o_error_on_a_full_disk_says_the_disk_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a full disk SQLite cannot make the shared-memory file beside a WAL database, and says
    only "disk I/O error" (SQLITE_IOERR_SHMSIZE); with room to spare, that is not the cause."""
    path = tmp_path / "store.sqlite3"
    store = Store.open(f"sqlite:///{path}")
    try:
        failed = sqlite3.OperationalError("disk I/O error")
        failed.sqlite_errorname = "SQLITE_IOERR_SHMSIZE"  # type: ignore[attr-defined]
        error = OperationalError("SELECT 1", {}, failed)
        roomy = engine_module.database_failure(store.engine, error, "open", connecting=True)
        monkeypatch.setattr(
            engine_module.shutil,
            "disk_usage",
            lambda _folder: SimpleNamespace(total=2 << 20, used=2 << 20, free=0),
        )
        full = engine_module.database_failure(store.engine, error, "open", connecting=True)
    finally:
        store.close()
    assert str(roomy) == f"could not open the database {path}: disk I/O error"
    assert str(full) == (
        f"could not open the database {path}: disk I/O error; the disk holding {tmp_path} has 0 KB "
        "free: make room there, or set TIDINGS_DATA_DIR to a folder on another disk, and try again"
    )


def test_a_database_a_newer_tidings_migrated_is_refused_by_name(store: Store) -> None:
    with store.engine.begin() as connection:
        connection.execute(text("INSERT INTO alembic_version (version_num) VALUES ('9999_future')"))
    with pytest.raises(
        StoreError, match=r"migrated by a newer version of Tidings \(schema revision 9999_future"
    ):
        store.migrate()


def test_a_driver_tidings_does_not_install_is_a_setting_error() -> None:
    if importlib.util.find_spec("psycopg2") is not None:  # pragma: no cover - depends on the machine
        pytest.skip("psycopg2 is installed here")
    with pytest.raises(ConfigError, match=r"the driver 'postgresql\+psycopg2'.*postgresql\+psycopg://"):
        Store.open("postgresql+psycopg2://someone@127.0.0.1/news")


def test_sqlite_uri_arguments_on_a_plain_path_are_refused_not_ignored(tmp_path: Path) -> None:
    # `?mode=ro` on a plain path was ignored with a SAWarning and the file opened to write
    # (review, 2026-12-07); written as a file: URI it is read-only.
    path = tmp_path / "store.sqlite3"
    Store.open(f"sqlite:///{path}").close()
    with pytest.raises(
        ConfigError,
        match=rf"passes mode to SQLite.*write it as sqlite:///file:{re.escape(str(path))}\?mode=ro&uri=true$",
    ):
        Store.open(f"sqlite:///{path}?mode=ro")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Store.open(f"sqlite:///{path}?timeout=5").close()
        Store.open(f"sqlite:///file:{path}?mode=ro&uri=true").close()


def test_two_processes_migrating_a_new_database_at_once_both_succeed(
    new_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every command migrates as it opens the store; two `tidings add` started together on a new
    database both ran the migrations, and one failed (PostgreSQL: a duplicate key in pg_type for
    alembic_version; SQLite: 'table outlets already exists'). Each Store has its own engine, as a
    process would."""
    meet = threading.Barrier(2, timeout=1.5)

    def upgrade_together(config: Any, revision: str) -> None:
        # Without a lock between them both get here; with one, the second waits for the first's
        # commit and the meeting is called off.
        with suppress(threading.BrokenBarrierError):
            meet.wait()
        command.upgrade(config, revision)

    monkeypatch.setattr(migrate, "command", SimpleNamespace(upgrade=upgrade_together))
    stores = [Store.open(new_database_url), Store.open(new_database_url)]
    errors: list[BaseException] = []

    def open_store(store: Store) -> None:
        try:
            store.migrate()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=open_store, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == []
        assert all(store.is_current() for store in stores)
    finally:
        for store in stores:
            store.close()


@pytest.mark.postgresql
def test_a_user_without_the_right_to_create_tables_is_told_what_to_grant(postgresql_url: str) -> None:
    role = f"tidings_test_{uuid.uuid4().hex[:12]}"
    schema_name = make_url(postgresql_url).query["options"].split("=")[-1]
    admin = create_engine(POSTGRESQL_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE ROLE "{role}" LOGIN'))
        connection.execute(text(f'GRANT USAGE ON SCHEMA "{schema_name}" TO "{role}"'))
    store = Store.open(make_url(postgresql_url).set(username=role).render_as_string(hide_password=False))
    try:
        with pytest.raises(StoreError) as caught:
            store.migrate()
    finally:
        store.close()
        with admin.connect() as connection:
            connection.execute(text(f'DROP OWNED BY "{role}"'))
            connection.execute(text(f'DROP ROLE "{role}"'))
        admin.dispose()
    assert str(caught.value).endswith(
        f"permission denied for schema {schema_name}; grant this user the right to create and change "
        "tables there (Tidings migrates the schema itself), or set TIDINGS_DATABASE_URL to a user who "
        "has it"
    )


def test_every_migration_file_loads_as_one_revision_of_its_own() -> None:
    # Two files with one revision id make Alembic warn and apply only one of them; a module that
    # cannot be loaded the way Alembic loads it (not registered in sys.modules, so a dataclass
    # there fails) breaks every command that opens a store.
    files = sorted(
        path for path in (migrate.MIGRATIONS_DIR / "versions").glob("*.py") if path.name != "__init__.py"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        revisions = list(ScriptDirectory.from_config(migrate._alembic_config()).walk_revisions())
    assert len(revisions) == len(files)
    by_file = {Path(revision.path).name: revision.revision for revision in revisions}
    assert all(name.startswith(f"{revision}_") for name, revision in by_file.items()), by_file


def test_another_programs_sqlite_file_is_refused_not_given_tidings_tables(tmp_path: Path) -> None:
    # A mistyped TIDINGS_DATABASE_URL naming another program's SQLite file added Tidings' tables to
    # it (review, 2026-12-07).
    foreign = tmp_path / "places.sqlite"
    with closing(sqlite3.connect(foreign)) as connection:
        connection.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        connection.execute("CREATE TABLE moz_bookmarks (id INTEGER PRIMARY KEY)")
        connection.commit()
    store = Store.open(f"sqlite:///{foreign}")
    try:
        with pytest.raises(
            StoreError, match=r"places\.sqlite is not a Tidings store: .*moz_bookmarks, moz_places"
        ):
            store.migrate()
    finally:
        store.close()
    with closing(sqlite3.connect(foreign)) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"moz_places", "moz_bookmarks"}


def test_migrate_reports_the_revisions_it_applied(new_database_url: str) -> None:
    store = Store.open(new_database_url)
    try:
        applied = store.migrate()
        assert applied[0] == "0001"
        assert set(applied) == {
            script.revision
            for script in ScriptDirectory.from_config(migrate._alembic_config()).walk_revisions()
        }
        assert applied == sorted(applied)
        assert store.migrate() == []
    finally:
        store.close()
