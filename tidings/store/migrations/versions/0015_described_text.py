"""A teaser's clustering features remember the text they were made from.

A teaser completed by its full text has its features and fingerprint made again from that text
(``StoryDesk.describe_again``), after the completion is committed. A process stopped between the
two (Ctrl+C, a crash) left the teaser's features in place for good. ``article_features.text_hash``
is the teaser's ``content_hash`` when its features were made; a teaser whose hash has moved on
since is described again by the next ingest (``StoryDesk.describe_stale``). Only a teaser keeps
one (NULL for a full text, which nothing completes), and a partial index holds just those rows,
so that looking for stale features reads the teasers, not the whole store, on every ingest.
Teasers whose features were stored before this are taken as made from the text stored now.

Revision ID: 0015
Revises: 0011
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A text of fewer words than this is a teaser, which a page may still complete (the store's
# ``TEASER_WORDS`` when this was written, counted as ``complete_teaser`` counts them).
_TEASER_WORDS = 120
# Only stored texts shorter than this are read to count their words: 120 words reach it only at
# 20 characters a word, in a language written without spaces (a long one of those is taken as a
# full text here; placed after this, it is counted as the store counts it).
_TEASER_CHARS = 2400
_KEPT = "text_hash IS NOT NULL"


def upgrade() -> None:
    with op.batch_alter_table("article_features") as batch:
        batch.add_column(sa.Column("text_hash", sa.String(64), nullable=True))
    op.create_index(
        "ix_article_features_teasers",
        "article_features",
        ["article_id", "text_hash"],
        sqlite_where=sa.text(_KEPT),
        postgresql_where=sa.text(_KEPT),
    )
    _keep_stored_teasers_hashes()


def _keep_stored_teasers_hashes() -> None:
    connection = op.get_bind()
    short = connection.execute(
        sa.text(
            "SELECT articles.id, articles.content_hash, articles.text FROM articles"
            " JOIN article_features ON article_features.article_id = articles.id"
            " WHERE length(articles.text) < :chars"
        ).execution_options(yield_per=2000),  # streamed: a store may hold many short texts
        {"chars": _TEASER_CHARS},
    )
    teasers = [
        {"article_id": row.id, "text_hash": row.content_hash}
        for row in short
        if len(row.text.split()) < _TEASER_WORDS
    ]
    if teasers:
        connection.execute(
            sa.text("UPDATE article_features SET text_hash = :text_hash WHERE article_id = :article_id"),
            teasers,
        )


def downgrade() -> None:
    op.drop_index("ix_article_features_teasers", table_name="article_features")
    with op.batch_alter_table("article_features") as batch:
        batch.drop_column("text_hash")
