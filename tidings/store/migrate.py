"""Schema migrations: upgrade a database to this version's schema with Alembic, in code.

The migration history may branch (stages add tables independently); ``upgrade`` always goes to
every head, so a fresh database and an old one end at the same schema.

Every process migrates as it opens the store, so two may start at once on a new database: the
upgrade runs in one transaction that holds the store's write lock (SQLite's ``BEGIN IMMEDIATE``,
a PostgreSQL advisory lock), and the second finds the work done. A database already at this
version is only read, so a read-only one can still be read.

On SQLite, foreign keys are not enforced while migrations run (``_schema_connection``): Alembic
changes a SQLite table by building a new one and dropping the old, and dropping a table that
others reference with ``ON DELETE CASCADE`` (sources, articles, stories) deletes their rows as
it goes: a downgrade of ``sources.fetched_url`` emptied every subscription (2026-12-06). The
references are checked (``PRAGMA foreign_key_check``) before the migration commits.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from tidings.errors import StoreError
from tidings.store.engine import StoreLock, database_failure, database_name, hold_lock, is_sqlite

__all__ = ["current_revisions", "head_revisions", "run_migrations", "upgrade"]

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


@functools.cache
def _scripts() -> ScriptDirectory:
    """The migration scripts, read once a process: reading them loads every revision's module,
    which cost each command (and each store a test opens) about 0.05 s per read, twice per check
    of an up-to-date store (profile, 2026-12-07). They do not change while Tidings runs."""
    return ScriptDirectory.from_config(_alembic_config())


def head_revisions() -> set[str]:
    return set(_scripts().get_heads())


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def upgrade(engine: Engine) -> list[str]:
    """Bring the database to the newest schema; safe to run on an up-to-date database, and by
    several processes at once (see the module docstring). The revisions the database gained, oldest
    first: none where it was up to date."""
    try:
        current = current_revisions(engine)
    except SQLAlchemyError as exc:
        raise database_failure(engine, exc, "open", connecting=True) from exc
    if current == head_revisions():
        return []
    _refuse_newer(engine, current)
    if not current:
        _refuse_foreign_sqlite_file(engine)
    try:
        run_migrations(engine, command.upgrade, "heads")
        migrated = current_revisions(engine)
    except SQLAlchemyError as exc:
        raise database_failure(engine, exc, "migrate") from exc
    return _revisions_between(current, migrated)


def _revisions_between(before: set[str], after: set[str]) -> list[str]:
    """The revisions ``after`` has that ``before`` had not, in order: what the database gained
    (where another process held the lock and migrated first, its work is counted too)."""
    script = _scripts()

    def with_ancestors(revisions: set[str]) -> set[str]:
        if not revisions:
            return set()
        return {found.revision for found in script.iterate_revisions(tuple(revisions), "base")}

    # Revisions are numbered in the order they were written ("0001", "0002", ...).
    return sorted(with_ancestors(after) - with_ancestors(before))


def run_migrations(engine: Engine, action: Callable[[Config, str], None], target: str) -> None:
    """Run an Alembic ``action`` (``command.upgrade``, ``command.downgrade``) to ``target`` in one
    transaction that holds the store's migration lock, on SQLite with foreign keys not enforced
    until its references are checked (see the module docstring)."""
    config = _alembic_config()
    with _schema_connection(engine) as connection, connection.begin():
        hold_lock(connection, StoreLock.MIGRATION)
        config.attributes["connection"] = connection
        action(config, target)
        if is_sqlite(engine):
            _check_references(connection)


@contextmanager
def _schema_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for migrations; on SQLite, ``BEGIN IMMEDIATE`` and foreign keys off until it is
    given back (the pragma is read outside a transaction only, so it is set before one begins)."""
    with engine.connect() as opened:
        if not is_sqlite(engine):
            yield opened
            return
        # On the driver's connection: through SQLAlchemy the statement would open a transaction
        # first (the store's "begin" hook), inside which SQLite ignores the pragma.
        driver = opened.connection.driver_connection
        assert driver is not None  # a connection just opened has its driver's
        driver.execute("PRAGMA foreign_keys = OFF")
        try:
            yield opened.execution_options(sqlite_immediate=True)
        finally:
            driver.execute("PRAGMA foreign_keys = ON")


def _check_references(connection: Connection) -> None:
    """Refuse to commit a migration that left a row referencing one that is gone."""
    dangling = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchmany(5)
    if dangling:
        tables = ", ".join(sorted({str(row[0]) for row in dangling}))
        raise StoreError(
            f"a schema migration left rows in {tables} referring to rows that do not exist; "
            "nothing was changed: report this as a bug"
        )


def _refuse_foreign_sqlite_file(engine: Engine) -> None:
    """A SQLite file that holds tables but no schema revision is another program's database (a
    mistyped TIDINGS_DATABASE_URL): migrating it would add Tidings' tables to that file. A
    PostgreSQL schema is often shared by several programs, so only SQLite is refused."""
    if not is_sqlite(engine):
        return
    try:
        with engine.connect() as connection:
            tables = (
                connection.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name LIMIT 4"
                )
                .scalars()
                .all()
            )
    except SQLAlchemyError as exc:
        raise database_failure(engine, exc, "open", connecting=True) from exc
    if tables:
        shown = ", ".join(tables[:3]) + (", …" if len(tables) > 3 else "")
        raise StoreError(
            f"the database {database_name(engine)} is not a Tidings store: it holds other tables "
            f"({shown}) and no Tidings schema; point TIDINGS_DATABASE_URL at a new file or a Tidings store"
        )


def _refuse_newer(engine: Engine, current: set[str]) -> None:
    """A database a newer Tidings has migrated names revisions this version does not have; Alembic
    would fail on them with its own words."""
    known = {script.revision for script in _scripts().walk_revisions()}
    if unknown := sorted(current - known):
        raise StoreError(
            f"the database {database_name(engine)} has been migrated by a newer version of Tidings "
            f"(schema revision {', '.join(unknown)}, unknown to this one); upgrade Tidings to use it"
        )
