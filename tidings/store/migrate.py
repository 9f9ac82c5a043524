"""Schema migrations: upgrade a database to this version's schema with Alembic, in code.

The migration history may branch (stages add tables independently); ``upgrade`` always goes to
every head, so a fresh database and an old one end at the same schema.
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
from tidings.store.engine import database_name, database_reason, sqlite_file_problem

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
    """Bring the database to the newest schema; safe to run on an up-to-date database."""
    config = _alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "heads")
    except SQLAlchemyError as exc:
        problem = sqlite_file_problem(engine)
        reason = f"{database_reason(exc)}: {problem}" if problem else database_reason(exc)
        raise StoreError(f"could not migrate the database {database_name(engine)}: {reason}") from exc
