"""A story may have several stories of earlier coverage.

A story that began after weeks of silence is linked to the one before it (``story_links``). An
article that arrives late, weeks older than a story it matches, starts a story of its own that is
linked as that story's earlier coverage: the later story may already have earlier coverage of its
own, so a link is keyed by both its stories rather than by the later one alone.

Revision ID: 0024
Revises: 0019
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0024"
down_revision: str | Sequence[str] | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _key_story_links_by(columns: list[str]) -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite cannot change a table's primary key: the batch copies the table under the new one.
        with op.batch_alter_table("story_links", recreate="always") as batch:
            batch.drop_constraint("pk_story_links", type_="primary")
            batch.create_primary_key("pk_story_links", columns)
    else:
        op.drop_constraint("pk_story_links", "story_links", type_="primary")
        op.create_primary_key("pk_story_links", "story_links", columns)


def upgrade() -> None:
    _key_story_links_by(["story_id", "earlier_story_id"])


def downgrade() -> None:
    # Only where no story has two earlier ones: those links cannot be kept under the old key.
    _key_story_links_by(["story_id"])
