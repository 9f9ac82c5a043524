"""Each article's clustering features remember the text they were made from.

A teaser completed by its full text has its features and fingerprint made again from that text
(``StoryDesk.describe_again``), after the completion is committed. A process stopped between the
two (Ctrl+C, a crash) left the teaser's features in place for good. ``article_features.text_hash``
is the article's ``content_hash`` when its features were made; an article whose hash has moved on
since is described again by the next ingest (``StoryDesk.describe_stale``). Features stored before
this are taken as made from the text stored now.

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


def upgrade() -> None:
    with op.batch_alter_table("article_features") as batch:
        batch.add_column(sa.Column("text_hash", sa.String(64), nullable=True))
    op.execute(
        "UPDATE article_features SET text_hash ="
        " (SELECT content_hash FROM articles WHERE articles.id = article_features.article_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("article_features") as batch:
        batch.drop_column("text_hash")
