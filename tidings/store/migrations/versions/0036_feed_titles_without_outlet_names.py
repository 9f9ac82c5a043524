"""Stored feed entries' titles lose the outlet's name an aggregator appended to them.

Extraction reads a feed entry's title through ``metadata.entry_title`` since 2026-12-07: Google
News and other aggregators write "Boeing whistleblower found dead - BBC.com", and some outlets'
feeds repeat a label their headline says again ("Selena Gomez - Selena Gomez' parents …"). An
entry stored before keeps the name in its title, on the story page and in the story's headline,
and its content hash is of those words: the same entry read again would no longer match it.

Each article that came from a feed entry (its first source: ``store.articles.first_sources``; one
first read from its page keeps the page's title when a feed gives it later), and whose title has a
separator, is read as extraction now reads it, with its outlet's stored name and domain. Where its
title changes: its ``content_hash`` (and its copy fingerprint's) is the running
``model.content_hash`` of the new words, its clustering features read as stale and its entities
are read again (as 0033 and 0035); a story it heads takes the new title as its headline.
Articles from pages, files and pastes keep their titles: a page's ``<title>`` was cut by
``clean_title`` when it was read.

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tidings.store.migrations import article_words

revision: str = "0036"
down_revision: str | Sequence[str] | None = "0035"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The separators ``metadata._TITLE_SEPARATORS`` splits a title at, spaces around: a title with
# none of them is left unread.
_SEPARATORS = (" - ", " | ", " – ", " — ", " : ", " · ", " • ", " » ", " :: ")
# Articles read per statement.
_BATCH = 500


def upgrade() -> None:
    connection = op.get_bind()
    article_ids = _feed_articles_with_parted_titles(connection)
    for start in range(0, len(article_ids), _BATCH):
        _rewrite(connection, article_ids[start : start + _BATCH])


def _feed_articles_with_parted_titles(connection: sa.Connection) -> list[int]:
    patterns = {f"separator_{index}": f"%{separator}%" for index, separator in enumerate(_SEPARATORS)}
    parted = " OR ".join(f"a.title LIKE :{name}" for name in patterns)
    found = connection.execute(
        sa.text(
            "SELECT a.id FROM articles a WHERE "
            "(SELECT s.kind FROM article_sources s WHERE s.article_id = a.id ORDER BY s.id LIMIT 1) = 'feed' "
            f"AND ({parted}) ORDER BY a.id"
        ),
        patterns,
    )
    return [int(article_id) for article_id in found.scalars()]


def _rewrite(connection: sa.Connection, article_ids: list[int]) -> None:
    # Imported here, not above: Alembic loads every migration to learn the store's version, and
    # extraction's imports (numpy, lxml, the language model) would slow every command that only
    # reads the store (tests/cli/test_startup.py).
    from tidings.extract.metadata import entry_title  # noqa: PLC0415

    rows = connection.execute(
        sa.text(
            "SELECT a.id, a.title, a.text, a.content_hash, o.name AS outlet_name, o.domain AS outlet_domain "
            "FROM articles a JOIN outlets o ON o.id = a.outlet_id WHERE a.id IN :ids"
        ).bindparams(sa.bindparam("ids", expanding=True)),
        {"ids": article_ids},
    ).all()
    for row in rows:
        title = entry_title(row.title, (row.outlet_name,), row.outlet_domain)
        if title and title != row.title:
            article_words.rewrite_title(connection, row.id, title, row.text, row.content_hash)


def downgrade() -> None:
    """Nothing to undo: the names cut say who published the article, which its outlet says."""
