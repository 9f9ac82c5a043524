"""An outlet's stories, its latest first: an index on ``story_outlets`` for the outlet page.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_story_outlets_outlet_last_seen", "story_outlets", ["outlet_id", "last_seen"])


def downgrade() -> None:
    op.drop_index("ix_story_outlets_outlet_last_seen", table_name="story_outlets")
