"""Database engines: the embedded SQLite default and PostgreSQL, behind one ``make_engine``.

Dialect differences in connection handling live here and nowhere else:

* SQLite is opened in WAL mode with a busy timeout and foreign keys on. Python's sqlite3 module
  opens transactions lazily and only before writes, which lets two writers deadlock on the
  upgrade from a read lock; we turn that off and issue ``BEGIN`` ourselves, ``BEGIN IMMEDIATE``
  for write transactions (the store asks for it with the ``sqlite_immediate`` execution option).
* PostgreSQL uses a normal connection pool with ``pool_pre_ping`` so a restarted server does not
  surface as an error on the next request.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from tidings.errors import ConfigError, StoreError

__all__ = ["database_name", "database_reason", "is_sqlite", "make_engine"]

SQLITE_BUSY_TIMEOUT_MS = 10_000


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _sqlite_file(url: URL) -> Path | None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module (see module docstring).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get("sqlite_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(database_url: str) -> Engine:
    """An engine for ``database_url``; creates the SQLite file's folder when needed."""
    try:
        url = make_url(database_url)
    except ArgumentError as exc:
        raise ConfigError(
            f"TIDINGS_DATABASE_URL = {database_url!r} is not a database URL "
            "(e.g. sqlite:////path/tidings.sqlite3 or postgresql+psycopg://user@host/db)"
        ) from exc
    backend = url.get_backend_name()
    if backend == "sqlite":
        sqlite_file = _sqlite_file(url)
        if sqlite_file is not None:
            try:
                sqlite_file.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the data folder {sqlite_file.parent}: {exc.strerror}"
                ) from exc
        engine = create_engine(url, connect_args={"check_same_thread": False})
        _install_sqlite_hooks(engine)
        return engine
    if backend == "postgresql":
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)
    raise ConfigError(f"TIDINGS_DATABASE_URL uses {backend!r}; Tidings supports sqlite and postgresql")


def database_name(engine: Engine) -> str:
    """The database as a user would recognise it: the SQLite file, or the URL without password."""
    sqlite_file = _sqlite_file(engine.url) if is_sqlite(engine) else None
    return str(sqlite_file) if sqlite_file is not None else engine.url.render_as_string(hide_password=True)


def sqlite_file_problem(engine: Engine) -> str | None:
    """Why SQLite cannot open its file, where the file system can tell: its own message ("unable
    to open database file") names neither the file nor the cause."""
    sqlite_file = _sqlite_file(engine.url) if is_sqlite(engine) else None
    if sqlite_file is None:
        return None
    if sqlite_file.is_dir():
        return f"{sqlite_file} is a folder, not a database file; set TIDINGS_DATABASE_URL or move the folder"
    if sqlite_file.exists() and not os.access(sqlite_file, os.R_OK | os.W_OK):
        return f"{sqlite_file} cannot be both read and written by this user; fix its permissions"
    if not os.access(sqlite_file.parent, os.W_OK | os.X_OK):
        return (
            f"the folder {sqlite_file.parent} is not writable by this user (SQLite writes its journal "
            "there); fix its permissions or set TIDINGS_DATA_DIR to another folder"
        )
    return None


def database_reason(error: SQLAlchemyError) -> str:
    """What the database said, on one line: the driver's own message (psycopg's runs over several
    lines, with a hint), without SQLAlchemy's statement and its link to background reading."""
    said = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(said).splitlines()]
    return " ".join(line for line in lines if line and not line.startswith("(Background on this error"))
