"""A stored article keeps the page it names as its canonical on another site, for copy detection.

Since extraction keeps a syndicated copy's own address (its canonical link names the original, on
another site), the copy's ``url`` no longer tells that it republishes another site's page, and
the canonical link (``Article.republishes``) was not stored: each time a piece of writing's
original was decided again from stored articles (``dedupe.original_of`` over ``copy_group``),
a copy stored before its original lost that evidence, and its origin came out as a wire credit
or the earliest date. ``article_fingerprints.republishes`` keeps it beside the wire credit.
Articles fingerprinted before this have none: those stored before extraction kept their own
address still carry the canonical link as their ``url``, which ``dedupe`` reads as before.

Revision ID: 0028
Revises: 0024
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | Sequence[str] | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("article_fingerprints") as batch:
        batch.add_column(sa.Column("republishes", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("article_fingerprints") as batch:
        batch.drop_column("republishes")
