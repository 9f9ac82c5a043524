"""The stories' clock: one row counting placements, so a process can tell that another placed
articles since it read the stories' memory (``store.stories.story_clock``).

Before this, two processes placing into one store (``tidings serve`` polling while ``tidings add``
runs, or two ``tidings add``) each kept a memory that never saw the other's articles, and split
one event into two stories. The count starts at the placements already stored; each placement
after this keeps the count it made (``story_articles.clock``), so a process whose memory is behind
reads only the placements it has not seen.

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "story_clock",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("placements", sa.BigInteger(), nullable=False),
    )
    op.execute("INSERT INTO story_clock (id, placements) SELECT 1, count(*) FROM story_articles")
    # Placements made before the clock have none: every memory read after this includes them.
    op.add_column("story_articles", sa.Column("clock", sa.BigInteger(), nullable=True))
    op.create_index("ix_story_articles_clock", "story_articles", ["clock"])


def downgrade() -> None:
    op.drop_index("ix_story_articles_clock", table_name="story_articles")
    with op.batch_alter_table("story_articles") as batch:
        batch.drop_column("clock")
    op.drop_table("story_clock")
