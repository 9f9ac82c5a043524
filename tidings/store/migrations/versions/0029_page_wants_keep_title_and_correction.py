"""A page still wanted remembers the entry's feed title, and whether it is a correction's.

A teaser's page that failed is tried again on later polls (migration 0014). Before this, the
page read on a later poll was read without the entry's feed title, so its headline line stayed
at the top of its text where the page words it otherwise than its ``<title>`` (the first poll
leaves it out); ``source_items.page_title`` keeps the title the page is read with. And the page
of a corrected entry (its words changed: migration 0022) that failed was never tried again, the
correction it carried lost; ``source_items.page_corrects`` marks such a page, which a later poll
applies as the entry's correction (``store.articles.correct_article``). Rows from before have no
title and are no correction's, as they were.

Revision ID: 0029
Revises: 0027
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029"
down_revision: str | Sequence[str] | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("source_items") as batch:
        batch.add_column(sa.Column("page_title", sa.Text, nullable=True))
        batch.add_column(sa.Column("page_corrects", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("source_items") as batch:
        batch.drop_column("page_corrects")
        batch.drop_column("page_title")
