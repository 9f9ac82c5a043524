"""Database engines: the embedded SQLite default and PostgreSQL, behind one ``make_engine``.

Dialect differences in connection handling live here and nowhere else:

* SQLite is opened in WAL mode with a busy timeout and foreign keys on, and given the functions
  its search index is built with (``search.install_sqlite_functions``). Python's sqlite3 module
  opens transactions lazily and only before writes, which lets two writers deadlock on the
  upgrade from a read lock; we turn that off and issue ``BEGIN`` ourselves, ``BEGIN IMMEDIATE``
  for write transactions (the store asks for it with the ``sqlite_immediate`` execution option).
* PostgreSQL uses a normal connection pool with ``pool_pre_ping`` so a restarted server does not
  surface as an error on the next request. Where SQLite's one writer keeps two processes apart
  (a migration, finding an article before storing it), PostgreSQL takes a transaction-level
  advisory lock (``hold_lock``): its row locks cannot stop two transactions that each find no row
  from both inserting one.
* Work longer than one transaction that must still be one process's at a time (placing a batch of
  articles among stories, whose memory each process keeps) holds a lock across transactions
  (``hold_turn``): a session advisory lock on PostgreSQL, a lock file beside a SQLite database.

A database that cannot be used becomes one ``StoreError`` line (``database_failure``): what was
being done, the database by name, what it said, and what to do.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode, urlsplit

from filelock import FileLock
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError, OperationalError, SQLAlchemyError

from tidings.errors import ConfigError, StoreError
from tidings.store.search import install_sqlite_functions

__all__ = [
    "StoreLock",
    "database_failure",
    "database_name",
    "database_reason",
    "hold_lock",
    "hold_turn",
    "is_sqlite",
    "is_unusable_database",
    "make_engine",
]

SQLITE_BUSY_TIMEOUT_MS = 10_000

# SQLite's own names for a file that is damaged, or is no SQLite database at all.
_SQLITE_DAMAGED = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})
_SQLITE_BUSY = frozenset({"SQLITE_BUSY", "SQLITE_LOCKED"})
# On a full disk SQLite says "database or disk is full" (SQLITE_FULL) where it writes, but only
# "disk I/O error" (SQLITE_IOERR_SHMSIZE, ..._WRITE) where it makes or grows a file beside the
# database: an I/O error is put down to the disk when it has less than this left.
_SQLITE_FULL = "SQLITE_FULL"
_SQLITE_IO_ERROR = "SQLITE_IOERR"
_FULL_DISK_BYTES = 1 << 20
# PostgreSQL's SQLSTATE codes for "no schema has been selected to create in" and "permission denied".
_POSTGRESQL_NO_SCHEMA = "3F000"
_POSTGRESQL_NO_PRIVILEGE = "42501"


class StoreLock(IntEnum):
    """Keys of the PostgreSQL advisory locks the store takes (any constant bigint would do)."""

    MIGRATION = 0x7469_6469_6E67_0001  # "tiding" + 1
    ARTICLE_INGEST = 0x7469_6469_6E67_0002
    STORY_PLACEMENT = 0x7469_6469_6E67_0003


def hold_lock(connection: Connection, lock: StoreLock) -> None:
    """Hold ``lock`` until the transaction on ``connection`` ends, so that the same work in another
    process waits for it (PostgreSQL). On SQLite the transaction's ``BEGIN IMMEDIATE`` already
    keeps every other writer out."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": int(lock)})


# Within one process, threads wait on this before any other process is asked (a file lock and a
# session advisory lock are each held per process, or per connection, not per thread).
_TURN_THREAD_LOCKS: dict[tuple[str, StoreLock], threading.Lock] = {}
_TURN_THREAD_LOCKS_GUARD = threading.Lock()


def _thread_lock(engine: Engine, lock: StoreLock) -> threading.Lock:
    key = (engine.url.render_as_string(hide_password=True), lock)
    with _TURN_THREAD_LOCKS_GUARD:
        return _TURN_THREAD_LOCKS.setdefault(key, threading.Lock())


@contextmanager
def hold_turn(engine: Engine, lock: StoreLock) -> Iterator[None]:
    """Hold ``lock`` across transactions until the block ends: every other thread and process that
    asks for the same turn on the same database waits. PostgreSQL: a session advisory lock on a
    connection kept for the purpose (released by the server if this process dies). SQLite: a lock
    file beside the database (``<file>.<lock>.lock``); an in-memory database has one process only.
    A turn can be lost without its holder knowing (the connection dropped and the server released
    the lock; the lock file removed): work whose writes must not follow another process's relies
    on a fence as well (placements: the story clock, ``store.stories``).
    """
    with _thread_lock(engine, lock):
        if engine.dialect.name == "postgresql":
            with engine.connect() as connection:
                connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": int(lock)})
                connection.commit()
                try:
                    yield
                finally:
                    try:
                        connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": int(lock)})
                        connection.commit()
                    except SQLAlchemyError:
                        # Never hand a connection that may still hold the lock back to the pool:
                        # closing it for good is what releases the lock.
                        connection.invalidate()
            return
        sqlite_file = _sqlite_turn_file(engine.url) if is_sqlite(engine) else None
        if sqlite_file is None:
            yield
            return
        with FileLock(f"{sqlite_file}.{lock.name.lower()}.lock"):
            yield


def _sqlite_turn_file(url: URL) -> Path | None:
    """The file a SQLite database's turn is kept beside: its path, also when given as a ``file:``
    URI (``sqlite:///file:/data/tidings.sqlite3?uri=true``), which other processes open as well;
    None for a database in memory, which no other process can."""
    database = url.database or ""
    if not database.startswith("file:"):
        return _sqlite_file(url)
    if url.query.get("mode") == "memory":
        return None
    path = unquote(urlsplit(database).path)
    return Path(path) if path and path != ":memory:" else None


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _sqlite_file(url: URL) -> Path | None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _switch_to_wal(cursor: Any) -> None:
    """Put the database in WAL mode (a no-op once it is). On a new file, two connections switching
    at once collide, and SQLite answers the loser "database is locked" at once, without waiting
    out the busy timeout (it would deadlock): it tries again until the timeout has passed."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() >= deadline:
                raise
            time.sleep(0.02)


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module (see module docstring).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        _switch_to_wal(cursor)
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()
        # The search index's triggers call Python functions (store.search, migration 0017).
        install_sqlite_functions(dbapi_connection)

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
        _refuse_ignored_sqlite_arguments(url)
        sqlite_file = _sqlite_file(url)
        if sqlite_file is not None:
            try:
                sqlite_file.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the data folder {sqlite_file.parent}: {exc.strerror}"
                ) from exc
        engine = _create_engine(url, connect_args={"check_same_thread": False})
        _install_sqlite_hooks(engine)
        return engine
    if backend == "postgresql":
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        return _create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)
    raise ConfigError(f"TIDINGS_DATABASE_URL uses {backend!r}; Tidings supports sqlite and postgresql")


# What the pysqlite driver reads from a URL's query; any other argument is an SQLite URI argument,
# which SQLite reads only from a ``file:`` URI with ``uri=true``.
_PYSQLITE_ARGUMENTS = frozenset(
    {"timeout", "isolation_level", "detect_types", "check_same_thread", "cached_statements", "uri"}
)


def _refuse_ignored_sqlite_arguments(url: URL) -> None:
    """SQLAlchemy ignores ``?mode=ro`` on a plain SQLite path with a warning and opens the file to
    write, the opposite of what was asked."""
    if "uri" in url.query:
        return
    if ignored := sorted(set(url.query) - _PYSQLITE_ARGUMENTS):
        arguments = urlencode(sorted(url.query.items()), doseq=True)
        raise ConfigError(
            f"TIDINGS_DATABASE_URL passes {', '.join(ignored)} to SQLite, which reads such arguments "
            f"only from a file: URI; write it as sqlite:///file:{url.database or ''}?{arguments}&uri=true"
        )


def _create_engine(url: URL, **options: Any) -> Engine:
    """``create_engine``, with a driver Tidings does not ship (postgresql+psycopg2, +asyncpg) named
    as the setting's fault: SQLAlchemy imports the driver here and fails with Python's words."""
    try:
        return create_engine(url, **options)
    except (ImportError, NoSuchModuleError) as exc:
        shipped = "postgresql+psycopg://" if url.get_backend_name() == "postgresql" else "sqlite:///"
        raise ConfigError(
            f"TIDINGS_DATABASE_URL names the driver {url.drivername!r}, which Tidings does not "
            f"install; write the URL as {shipped}..."
        ) from exc


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


def _disk_space_problem(engine: Engine, error_name: str | None) -> str | None:
    """The disk holding the SQLite file, with what it has free, when SQLite's ``error_name`` says
    (or, for an I/O error, the free space shows) that it is full."""
    sqlite_file = _sqlite_file(engine.url) if is_sqlite(engine) else None
    if sqlite_file is None or error_name is None:
        return None
    if error_name != _SQLITE_FULL and not error_name.startswith(_SQLITE_IO_ERROR):
        return None
    try:
        free = shutil.disk_usage(sqlite_file.parent).free
    except OSError:
        return None
    if error_name != _SQLITE_FULL and free >= _FULL_DISK_BYTES:
        return None
    shown = f"{free // 1024} KB" if free < _FULL_DISK_BYTES else f"{free // _FULL_DISK_BYTES} MB"
    return (
        f"the disk holding {sqlite_file.parent} has {shown} free: make room there, or set "
        "TIDINGS_DATA_DIR to a folder on another disk, and try again"
    )


def _sqlite_error_name(error: SQLAlchemyError) -> str | None:
    return getattr(getattr(error, "orig", None), "sqlite_errorname", None)


def is_unusable_database(error: SQLAlchemyError) -> bool:
    """Whether ``error`` says the database cannot be used (unreachable, locked, read-only,
    damaged), rather than that Tidings asked it something wrong (a bug, left to surface as one)."""
    return isinstance(error, OperationalError) or (
        isinstance(error, DatabaseError) and _sqlite_error_name(error) in _SQLITE_DAMAGED
    )


def _what_to_do(engine: Engine, error: SQLAlchemyError, *, connecting: bool) -> str | None:
    """What a user can do about ``error``, where we can tell."""
    name = _sqlite_error_name(error)
    if name in _SQLITE_DAMAGED:
        return (
            "the file is damaged or is not a Tidings database; restore it from a backup, or move it "
            "away and Tidings starts a new, empty one"
        )
    if problem := _disk_space_problem(engine, name):
        return problem
    if name in _SQLITE_BUSY:
        return (
            f"another program kept it busy for over {SQLITE_BUSY_TIMEOUT_MS // 1000} s "
            "(a long `tidings add`, or a tool holding it open); try again when it is done"
        )
    if problem := sqlite_file_problem(engine):
        return problem
    sqlstate = getattr(getattr(error, "orig", None), "sqlstate", None)
    if sqlstate == _POSTGRESQL_NO_SCHEMA:
        return "create the schema that TIDINGS_DATABASE_URL's search_path names, or name another"
    if sqlstate == _POSTGRESQL_NO_PRIVILEGE:
        return (
            "grant this user the right to create and change tables there (Tidings migrates the "
            "schema itself), or set TIDINGS_DATABASE_URL to a user who has it"
        )
    if connecting and not is_sqlite(engine):
        return (
            "check TIDINGS_DATABASE_URL (host, port, user, password, database) and that the server "
            "is running and accepts it"
        )
    return None


def database_failure(
    engine: Engine, error: SQLAlchemyError, doing: str, *, connecting: bool = False
) -> StoreError:
    """The one line for a database that could not be used while ``doing`` ("read", "migrate"):
    the database by name, what it said, and what to do where we can tell (``connecting``: the
    error came on connecting, so the URL or the server is at fault)."""
    said = f"could not {doing} the database {database_name(engine)}: {database_reason(error)}"
    advice = _what_to_do(engine, error, connecting=connecting)
    return StoreError(f"{said.rstrip('.?!')}; {advice}" if advice else said)


def database_reason(error: SQLAlchemyError) -> str:
    """What the database said, on one line: the driver's own message (psycopg's runs over several
    lines, with a hint), without SQLAlchemy's statement and its link to background reading."""
    said = getattr(error, "orig", None) or error
    lines = [" ".join(line.split()) for line in str(said).splitlines()]
    return " ".join(line for line in lines if line and not _is_statement_echo(line))


def _is_statement_echo(line: str) -> bool:
    """A line that quotes our SQL back rather than saying what is wrong: PostgreSQL's "LINE 2:
    CREATE TABLE ..." with its caret line, SQLAlchemy's link to background reading."""
    return line.startswith(("LINE ", "(Background on this error")) or set(line) == {"^"}
