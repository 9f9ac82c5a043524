"""Shared fixtures: a clean environment, settings on a temporary data folder, and a migrated
``store`` on each database: a fresh SQLite file, and a fresh schema of the local PostgreSQL
(``TIDINGS_TEST_POSTGRESQL_URL``, default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``)
that is dropped at the end of the run, so a test run leaves no tables behind. A SQLite store starts
as a copy of one file migrated once per run by the real migrations (``migrated_sqlite_file``). A
PostgreSQL schema is migrated once and handed to the next test emptied (``_MigratedSchemas``):
migrating one costs about 0.34 s of the server's DDL, which over some 450 PostgreSQL tests was
two and a half minutes of the run. ``new_database_url`` gives a test that needs a database no
migration has touched a new SQLite file or a new, empty schema.

Set ``TIDINGS_TEST_DATABASES=sqlite`` to skip PostgreSQL (it is never skipped silently: without
that variable an unreachable server fails the run).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, text
from typer.testing import CliRunner

from tidings.config import Settings, load_settings
from tidings.store import Store

# pytest-xdist's workers (`make test` runs two) set COLUMNS=80 and LINES=24, a terminal size they do
# not have; the command line reads COLUMNS to size its tables, so the tests run without them, as
# in one process.
if "PYTEST_XDIST_WORKER" in os.environ:
    os.environ.pop("COLUMNS", None)
    os.environ.pop("LINES", None)

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = REPO_ROOT.parent / "shared"

POSTGRESQL_URL = os.environ.get(
    "TIDINGS_TEST_POSTGRESQL_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
DATABASES = [
    name.strip() for name in os.environ.get("TIDINGS_TEST_DATABASES", "sqlite,postgresql").split(",") if name
]


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for MiniLM's ONNX export, shared by the whole run: exporting costs seconds."""
    return tmp_path_factory.mktemp("models")


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, model_cache: Path) -> None:
    """No test sees the developer's own TIDINGS_* settings or per-user folders."""
    for name in list(os.environ):
        if name.startswith("TIDINGS_") and not name.startswith("TIDINGS_TEST_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("TIDINGS_MODEL_CACHE_DIR", str(model_cache))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # The background entity reader would load the NER pipeline in every app a test starts;
    # tests/jobs/test_entities.py turns it on where it is the subject.
    return load_settings(environ={"TIDINGS_SERVE_READS_ENTITIES": "0"}, data_dir=tmp_path / "data")


def _postgresql_schema_url(schema: str) -> str:
    separator = "&" if "?" in POSTGRESQL_URL else "?"
    return f"{POSTGRESQL_URL}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture
def postgresql_url() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL schema, dropped when the test ends."""
    schema = f"tidings_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRESQL_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield _postgresql_schema_url(schema)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def _database_params() -> list[object]:
    return [
        pytest.param(name, marks=[pytest.mark.postgresql] if name == "postgresql" else [], id=name)
        for name in ("sqlite", "postgresql")
        if name in DATABASES
    ]


_SEQUENCES = (
    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = :schema AND c.relkind = 'S'"
)
# A schema's shape: what a test could add, drop or change that emptying its tables would not undo
# (read from pg_catalog: information_schema's views take several times as long).
_SHAPE_QUERIES = (
    "SELECT c.relname, c.relkind, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
    "WHERE n.nspname = :schema",
    "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :schema AND NOT t.tgisinternal",
    "SELECT p.proname, pg_get_function_identity_arguments(p.oid) FROM pg_proc p "
    "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = :schema",
)


class _MigratedSchemas:
    """PostgreSQL schemas migrated by the real migrations, each handed out to one test at a time and
    emptied between tests. A schema whose shape a test changed (a table, column, index or trigger
    added or dropped, another revision) is dropped rather than handed out again."""

    def __init__(self) -> None:
        self._admin = create_engine(POSTGRESQL_URL, isolation_level="AUTOCOMMIT")
        self._free: list[str] = []
        self._made: list[str] = []
        # What the migrations themselves write (the story clock's row), put back after emptying.
        self._seeded: dict[str, list[dict[str, object]]] = {}
        self._shape: list[tuple[str, ...]] | None = None

    def take(self) -> str:
        if self._free:
            return self._free.pop()
        schema = f"tidings_test_{uuid.uuid4().hex[:12]}"
        with self._admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        self._made.append(schema)
        migrated = Store.open(_postgresql_schema_url(schema))
        try:
            migrated.migrate()
        finally:
            migrated.close()
        if self._shape is None:
            self._shape = self._shape_of(schema)
            self._seeded = self._rows_of(schema)
        return schema

    def give_back(self, schema: str) -> None:
        try:
            unchanged = self._shape_of(schema) == self._shape
            if unchanged:
                self._empty(schema)
        except Exception:  # a lock a test left behind, a broken connection: start afresh
            unchanged = False
        if unchanged:
            self._free.append(schema)
        else:
            self._drop(schema)

    def close(self) -> None:
        for schema in self._made:
            self._drop(schema)
        self._admin.dispose()

    def _tables(self, connection: Connection, schema: str) -> list[str]:
        return list(
            connection.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = :schema ORDER BY tablename"),
                {"schema": schema},
            ).scalars()
        )

    def _shape_of(self, schema: str) -> list[tuple[str, ...]]:
        shape: list[tuple[str, ...]] = []
        with self._admin.connect() as connection:
            for query in _SHAPE_QUERIES:
                rows = connection.execute(text(query), {"schema": schema})
                shape.extend(tuple(str(value).replace(schema, "<schema>") for value in row) for row in rows)
            revisions = connection.execute(text(f'SELECT version_num FROM "{schema}".alembic_version'))
            shape.extend(("revision", str(revision)) for revision in revisions.scalars())
        return sorted(shape)

    def _rows_of(self, schema: str) -> dict[str, list[dict[str, object]]]:
        seeded: dict[str, list[dict[str, object]]] = {}
        with self._admin.connect() as connection:
            for table in self._tables(connection, schema):
                rows = connection.execute(text(f'SELECT * FROM "{schema}"."{table}"')).mappings().all()
                if rows and table != "alembic_version":
                    seeded[table] = [dict(row) for row in rows]
        return seeded

    def _empty(self, schema: str) -> None:
        with self._admin.connect() as connection:
            connection.execute(text("SET lock_timeout = '10s'"))
            tables = [table for table in self._tables(connection, schema) if table != "alembic_version"]
            # Deleting a few rows costs far less than TRUNCATE's new files; the replica role skips
            # the foreign keys' triggers, so the order of the tables does not matter.
            connection.execute(text("SET session_replication_role = replica"))
            for table in tables:
                connection.execute(text(f'DELETE FROM "{schema}"."{table}"'))
            connection.execute(text("SET session_replication_role = DEFAULT"))
            sequences = connection.execute(text(_SEQUENCES), {"schema": schema})
            for sequence in sequences.scalars().all():
                connection.execute(text(f'ALTER SEQUENCE "{schema}"."{sequence}" RESTART'))
            for table, rows in self._seeded.items():
                columns = list(rows[0])
                connection.execute(
                    text(
                        f'INSERT INTO "{schema}"."{table}" ({", ".join(columns)}) '
                        f"VALUES ({', '.join(f':{column}' for column in columns)})"
                    ),
                    rows,
                )

    def _drop(self, schema: str) -> None:
        with self._admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


@pytest.fixture(scope="session")
def _migrated_schemas() -> Iterator[_MigratedSchemas]:
    schemas = _MigratedSchemas()
    try:
        yield schemas
    finally:
        schemas.close()


@pytest.fixture(params=_database_params())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL on each configured database: a new SQLite file, then an empty, migrated
    PostgreSQL schema. Commands open and migrate both the same way; only the cost differs."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
        return
    schemas: _MigratedSchemas = request.getfixturevalue("_migrated_schemas")
    schema = schemas.take()
    try:
        yield _postgresql_schema_url(schema)
    finally:
        schemas.give_back(schema)


@pytest.fixture(params=_database_params())
def new_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database no migration has touched, on each configured database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
    else:
        yield request.getfixturevalue("postgresql_url")


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store migrated once by the real migrations, closed (its WAL folded in): each test's
    store starts as a copy of it, which saves migrating a new file some three hundred times."""
    path = tmp_path_factory.mktemp("template") / "store.sqlite3"
    template = Store.open(f"sqlite:///{path}")
    try:
        template.migrate()
    finally:
        template.close()
    return path


@pytest.fixture
def store(database_url: str, migrated_sqlite_file: Path) -> Iterator[Store]:
    """A migrated, empty store on each configured database."""
    if database_url.startswith("sqlite:///") and not Path(database_url.removeprefix("sqlite:///")).exists():
        shutil.copyfile(migrated_sqlite_file, database_url.removeprefix("sqlite:///"))
    opened = Store.open(database_url)
    opened.migrate()
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str) -> CliRunner:
    """A CLI runner whose commands use a data folder of their own and a store on each database."""
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TIDINGS_DATABASE_URL", database_url)
    return CliRunner()
