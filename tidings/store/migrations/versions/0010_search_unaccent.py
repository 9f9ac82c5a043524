"""Search ignores accents on PostgreSQL too: ``Lukašenka`` finds ``Lukasenka``, as on SQLite.

FTS5 removes diacritics (``remove_diacritics 2``); PostgreSQL's ``english`` configuration kept
them. This makes two text search configurations, ``tidings_english`` and ``tidings_simple``
(copies of ``english`` and ``simple``) that read words through the ``unaccent`` dictionary, and
rebuilds the ``search_vector`` column and its index with them; ``store/search.py`` reads queries
with ``tidings_english``. Where the ``unaccent`` extension is not installed and cannot be (it
needs the contrib package, and a role allowed to create it), the configurations are plain copies
and accents still count there. Nothing changes on SQLite.

Revision ID: 0010
Revises: 0001
Create Date: 2026-12-05
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from alembic import op
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As in 0001: a tsvector is capped at 1 MB.
PG_SEARCH_TEXT_CHARS = 400_000

_LOG = logging.getLogger(__name__)


def _search_vector(english: str, simple: str) -> str:
    return (
        "ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
        f"setweight(to_tsvector('{english}', coalesce(title, '')), 'A') || "
        f"setweight(to_tsvector('{simple}', coalesce(title, '')), 'A') || "
        f"setweight(to_tsvector('{english}', left(coalesce(text, ''), {PG_SEARCH_TEXT_CHARS})), 'B')"
        ") STORED"
    )


def _rebuild_search_vector(english: str, simple: str) -> None:
    op.execute("DROP INDEX IF EXISTS ix_articles_search_vector")
    op.execute("ALTER TABLE articles DROP COLUMN search_vector")
    op.execute(_search_vector(english, simple))
    op.execute("CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)")


def _unaccent_schema() -> str | None:
    """The schema of the ``unaccent`` extension, installing it where it is missing (in
    ``public`` where there is one, so that it outlives any one schema of a shared database),
    or None when it cannot be had."""
    bind = op.get_bind()
    find = text(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'unaccent'"
    )
    found = bind.execute(find).scalar()
    if found is not None:
        return str(found)
    has_public = bind.execute(text("SELECT 1 FROM pg_namespace WHERE nspname = 'public'")).scalar()
    attempts = ["CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public"] if has_public else []
    attempts.append("CREATE EXTENSION IF NOT EXISTS unaccent")
    for attempt in attempts:
        savepoint = bind.begin_nested()
        try:
            bind.execute(text(attempt))
        except DBAPIError as error:
            savepoint.rollback()
            _LOG.info("unaccent not installed (%s): search keeps accents on PostgreSQL", error.orig)
            continue
        savepoint.commit()
        found = bind.execute(find).scalar()
        return str(found) if found is not None else None
    return None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    schema = _unaccent_schema()
    for name, source, dictionary in (
        ("tidings_english", "english", "english_stem"),
        ("tidings_simple", "simple", "simple"),
    ):
        op.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{source})")
        if schema is not None:
            quoted = '"' + schema.replace('"', '""') + '"'
            op.execute(
                f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, hword_part, word "
                f"WITH {quoted}.unaccent, {dictionary}"
            )
    _rebuild_search_vector("tidings_english", "tidings_simple")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    _rebuild_search_vector("english", "simple")
    for name in ("tidings_english", "tidings_simple"):
        op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
