"""A story's span from its dated articles: ``story_outlets`` keeps each outlet's dated bounds.

An article with no date is placed at the time it was fetched, and that time used to count in its
story's first and last seen: a saved page from 2022 added today made its story read
"2022-12-19 – today". The span is now made of the articles that carry a date when a story has
any, and of fetch times only when it has none. The new columns and the stories' spans are filled
here from the memberships already stored, in SQL both SQLite and PostgreSQL run.

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)

_DATED = """
SELECT {bound}(sa.placed_at) FROM story_articles sa JOIN articles a ON a.id = sa.article_id
WHERE sa.story_id = story_outlets.story_id AND a.outlet_id = story_outlets.outlet_id
  AND a.published_at IS NOT NULL
"""

_BACKFILL_OUTLETS = f"""
UPDATE story_outlets SET
  first_dated_at = ({_DATED.format(bound="MIN")}),
  last_dated_at = ({_DATED.format(bound="MAX")})
"""

# Only stories with a dated article change, and only those with rows: one absorbed by a merge
# keeps its dates as they were when merged.
_BACKFILL_STORIES = """
UPDATE stories SET
  first_seen = (SELECT MIN(so.first_dated_at) FROM story_outlets so WHERE so.story_id = stories.id),
  last_seen = (SELECT MAX(so.last_dated_at) FROM story_outlets so WHERE so.story_id = stories.id)
WHERE EXISTS (SELECT 1 FROM story_outlets so WHERE so.story_id = stories.id AND so.first_dated_at IS NOT NULL)
"""

_RESTORE_STORIES = """
UPDATE stories SET
  first_seen = (SELECT MIN(so.first_seen) FROM story_outlets so WHERE so.story_id = stories.id),
  last_seen = (SELECT MAX(so.last_seen) FROM story_outlets so WHERE so.story_id = stories.id)
WHERE EXISTS (SELECT 1 FROM story_outlets so WHERE so.story_id = stories.id)
"""


def upgrade() -> None:
    op.add_column("story_outlets", sa.Column("first_dated_at", WHEN, nullable=True))
    op.add_column("story_outlets", sa.Column("last_dated_at", WHEN, nullable=True))
    op.execute(_BACKFILL_OUTLETS)
    op.execute(_BACKFILL_STORIES)


def downgrade() -> None:
    op.execute(_RESTORE_STORIES)
    for column in ("last_dated_at", "first_dated_at"):
        op.drop_column("story_outlets", column)
