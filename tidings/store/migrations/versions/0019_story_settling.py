"""Stories of one article are re-checked once, a set number of placements after they opened.

An article that comes before the rest of its event's coverage starts a story that nothing joins
(``cluster.settle``): such a story is scored again, once, after ``ClusterPolicy.settle_after``
more articles have been placed, and merged into the story it then matches. For a restarted
process, or another one catching up, to re-check the same stories at the same placements as the
process that placed them, the store counts placements (``story_clock.articles_placed``; the
clock's ``placements`` also counts re-descriptions) and keeps with each placement the count it
made (``story_articles.placement``; its ``clock`` moves on when the article is described again).
A story's re-check is due so many placements after its first article's. Placements made before
this have none, so older stories are never re-checked; the count starts at the placements
already stored, as the clock did.

Revision ID: 0019
Revises: 0015
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("story_clock") as batch:
        batch.add_column(sa.Column("articles_placed", sa.BigInteger(), nullable=False, server_default="0"))
    op.execute("UPDATE story_clock SET articles_placed = (SELECT count(*) FROM story_articles)")
    op.add_column("story_articles", sa.Column("placement", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("story_articles") as batch:
        batch.drop_column("placement")
    with op.batch_alter_table("story_clock") as batch:
        batch.drop_column("articles_placed")
