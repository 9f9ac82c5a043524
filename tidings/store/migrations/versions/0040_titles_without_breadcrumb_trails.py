"""Titles lose a breadcrumb trail scraped before the headline.

Some pages and feeds give a headline with the site's breadcrumb trail before it ("You are here!
Home > SCIENCE and TECHNOLOGY > Volcanoes sustained life …", "Home > Shailene Woodley > Shailene
Woodley Hooks Up With Co-star?", two of the bundled sample's titles). Since 2026-12-07 extraction
reads such a title as its headline alone (``metadata.without_breadcrumb_trail``, in both
``clean_title`` and ``entry_title``); an article stored before shows the trail, on its page and on
a story it heads.

Each article whose title opens with "Home" or "You are here" is read so again; where its title
changes, its content hash, copy fingerprint, stale features, entities and the headline of a story
it heads follow, as in 0036 (``article_words.rewrite_title``).

Revision ID: 0040
Revises: 0039
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tidings.store.migrations import article_words

revision: str = "0040"
down_revision: str | Sequence[str] | None = "0039"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT id, title, text, content_hash FROM articles "
            "WHERE lower(title) LIKE :home OR lower(title) LIKE :here ORDER BY id"
        ),
        {"home": "home%", "here": "you are here%"},
    ).all()
    if not rows:
        return
    # Imported here, and only where there is a title to read: Alembic loads every migration to
    # learn the store's version, and extraction's imports (lxml, the language model) would slow
    # every command that only reads the store (tests/cli/test_startup.py).
    from tidings.extract.metadata import without_breadcrumb_trail  # noqa: PLC0415

    for row in rows:
        title = without_breadcrumb_trail(" ".join(row.title.split()))
        if title != " ".join(row.title.split()):
            article_words.rewrite_title(connection, int(row.id), title, row.text, row.content_hash)


def downgrade() -> None:
    """Nothing to undo: the trail named the site's sections, not the article."""
