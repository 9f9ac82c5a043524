"""A story may have several stories of earlier coverage.

A story that began after weeks of silence is linked to the one before it (``story_links``). An
article that arrives late, weeks older than a story it matches, starts a story of its own that is
linked as that story's earlier coverage: the later story may already have earlier coverage of its
own, so a link is keyed by both its stories rather than by the later one alone.

The downgrade keeps one link per story, as the older key allows: the one to its earliest earlier
story (the smallest id, which is the story before a silence that it began linked to, when it has
one, else the first story that a late article began). Its other links are deleted: the older
version cannot keep them, and does not make them.

Revision ID: 0024
Revises: 0019
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

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


# Every link of a story but the one to its earliest earlier story (see the module docstring).
_LINKS_BUT_THE_EARLIEST = text(
    "DELETE FROM story_links WHERE earlier_story_id > "
    "(SELECT MIN(other.earlier_story_id) FROM story_links other "
    "WHERE other.story_id = story_links.story_id)"
)


def downgrade() -> None:
    op.execute(_LINKS_BUT_THE_EARLIEST)
    _key_story_links_by(["story_id"])
