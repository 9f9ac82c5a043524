"""A feed entry taken by a source remembers the words it had, so that a correction is seen.

Before this, an entry known by its key was never read again: a publisher's correction (a title
changed, a paragraph added to a developing story) was never applied. ``source_items.entry_hash``
is a fingerprint of the entry's words as the feed gave them (title, body and summary; markup,
case, punctuation, spacing and dates left out: ``jobs.refresh.entry_fingerprint``); a poll that
finds another fingerprint under a known key updates the article the entry supplied
(``store.articles.correct_article``). Entries taken before this have none: the first poll after
the upgrade records what each entry says then, without taking it for a correction.

Revision ID: 0022
Revises: 0016
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("source_items") as batch:
        batch.add_column(sa.Column("entry_hash", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("source_items") as batch:
        batch.drop_column("entry_hash")
