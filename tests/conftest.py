"""Shared fixtures: a clean environment, settings on a temporary data folder, and a migrated
``store`` on each database: a fresh SQLite file, and a fresh schema of the local PostgreSQL
(``TIDINGS_TEST_POSTGRESQL_URL``, default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``)
that is dropped afterwards, so a test run leaves no tables behind. A SQLite store starts as a copy
of one file migrated once per run by the real migrations (``migrated_sqlite_file``); a PostgreSQL
schema is migrated for each test (0.17 s, nearly all of it the server's DDL).

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
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from tidings.config import Settings, load_settings
from tidings.store import Store

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


@pytest.fixture(params=_database_params())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL on each configured database: SQLite file, then a PostgreSQL schema."""
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
