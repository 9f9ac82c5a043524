"""Schema migrations: upgrade a database to this version's schema with Alembic, in code.

The migration history may branch (stages add tables independently); ``upgrade`` always goes to
every head, so a fresh database and an old one end at the same schema.

Every process migrates as it opens the store, so two may start at once on a new database: the
upgrade runs in one transaction that holds the store's write lock (SQLite's ``BEGIN IMMEDIATE``,
a PostgreSQL advisory lock), and the second finds the work done. A database already at this
version is only read, so a read-only one can still be read.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from tidings.errors import StoreError
from tidings.store.engine import StoreLock, database_failure, database_name, hold_lock, is_sqlite

__all__ = ["current_revisions", "head_revisions", "upgrade"]

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(_alembic_config()).get_heads())


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema; safe to run on an up-to-date database, and by
    several processes at once (see the module docstring)."""
    try:
        current = current_revisions(engine)
    except SQLAlchemyError as exc:
        raise database_failure(engine, exc, "open", connecting=True) from exc
    heads = head_revisions()
    _refuse_newer(engine, current)
    if current == heads:
        return
    config = _alembic_config()
    try:
        with engine.connect() as opened:
            connection = opened.execution_options(sqlite_immediate=True) if is_sqlite(engine) else opened
            with connection.begin():
                hold_lock(connection, StoreLock.MIGRATION)
                config.attributes["connection"] = connection
                command.upgrade(config, "heads")
    except SQLAlchemyError as exc:
        raise database_failure(engine, exc, "migrate") from exc


def _refuse_newer(engine: Engine, current: set[str]) -> None:
    """A database a newer Tidings has migrated names revisions this version does not have; Alembic
    would fail on them with its own words."""
    known = {script.revision for script in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}
    if unknown := sorted(current - known):
        raise StoreError(
            f"the database {database_name(engine)} has been migrated by a newer version of Tidings "
            f"(schema revision {', '.join(unknown)}, unknown to this one); upgrade Tidings to use it"
        )
