"""Story coverage kept at placement: per-outlet rows, ranking totals, a keyset index; backfilled.

``story_outlets`` holds each story's coverage by one outlet (articles, copies, first and last
article, first and last original article); ``stories`` gains what ranking needs of the whole
story (copies, outlets with writing of their own, latest original article). Both are filled
here from the memberships already stored, in SQL both SQLite and PostgreSQL run, so an old
database reads the same as one that placed every article under this revision.

Revision ID: 0006
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime(timezone=True)

# One row per (story, outlet) from the memberships; `placed_at` is what stories' own first and
# last seen are made of, so the two agree.
_BACKFILL_OUTLETS = """
INSERT INTO story_outlets (story_id, outlet_id, article_count, copy_count, first_seen, last_seen,
                           first_original_at, last_original_at)
SELECT sa.story_id, a.outlet_id, COUNT(*),
       SUM(CASE WHEN sa.copy_of IS NULL THEN 0 ELSE 1 END),
       MIN(sa.placed_at), MAX(sa.placed_at),
       MIN(CASE WHEN sa.copy_of IS NULL THEN sa.placed_at END),
       MAX(CASE WHEN sa.copy_of IS NULL THEN sa.placed_at END)
FROM story_articles sa JOIN articles a ON a.id = sa.article_id
GROUP BY sa.story_id, a.outlet_id
"""

# Only stories that have memberships: one absorbed by a merge keeps its totals as they were.
_BACKFILL_STORIES = """
UPDATE stories SET
  copy_count = (SELECT COALESCE(SUM(so.copy_count), 0) FROM story_outlets so WHERE so.story_id = stories.id),
  original_outlet_count = (SELECT COUNT(*) FROM story_outlets so
                           WHERE so.story_id = stories.id AND so.first_original_at IS NOT NULL),
  last_original_at = (SELECT MAX(so.last_original_at) FROM story_outlets so WHERE so.story_id = stories.id)
WHERE EXISTS (SELECT 1 FROM story_outlets so WHERE so.story_id = stories.id)
"""


def upgrade() -> None:
    op.create_table(
        "story_outlets",
        sa.Column("story_id", ID, nullable=False),
        sa.Column("outlet_id", ID, nullable=False),
        sa.Column("article_count", sa.Integer, nullable=False),
        sa.Column("copy_count", sa.Integer, nullable=False),
        sa.Column("first_seen", WHEN, nullable=False),
        sa.Column("last_seen", WHEN, nullable=False),
        sa.Column("first_original_at", WHEN, nullable=True),
        sa.Column("last_original_at", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("story_id", "outlet_id", name="pk_story_outlets"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], name="fk_story_outlets_story_id_stories"),
        sa.ForeignKeyConstraint(["outlet_id"], ["outlets.id"], name="fk_story_outlets_outlet_id_outlets"),
    )
    # Ranking reads the outlets that joined a story lately: a range on this index.
    op.create_index("ix_story_outlets_first_original", "story_outlets", ["first_original_at", "story_id"])
    # Plain ALTER TABLE on both (SQLite 3.35+ adds and drops unindexed columns in place; a batch
    # copy of `stories` would trip the foreign keys that point at it).
    op.add_column("stories", sa.Column("copy_count", sa.Integer, nullable=False, server_default="0"))
    op.add_column(
        "stories", sa.Column("original_outlet_count", sa.Integer, nullable=False, server_default="0")
    )
    op.add_column("stories", sa.Column("last_original_at", WHEN, nullable=True))
    op.create_index("ix_stories_last_seen_id", "stories", ["last_seen", "id"])
    op.execute(_BACKFILL_OUTLETS)
    op.execute(_BACKFILL_STORIES)


def downgrade() -> None:
    op.drop_index("ix_stories_last_seen_id", table_name="stories")
    for column in ("last_original_at", "original_outlet_count", "copy_count"):
        op.drop_column("stories", column)
    op.drop_index("ix_story_outlets_first_original", table_name="story_outlets")
    op.drop_table("story_outlets")
