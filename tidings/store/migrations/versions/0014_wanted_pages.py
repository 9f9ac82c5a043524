"""A feed entry stored as a teaser remembers that its page is still wanted.

Before this, a poll fetched the linked page of at most ``max_pages_per_poll`` teaser entries, and
an entry whose page failed (a timeout, HTTP 503) or did not fit in the poll was stored as its
teaser and never looked at again: the entry was known, so no later poll fetched its page. Each
``source_items`` row now says where its page is (``page_url``), when to try it next
(``page_due_at``; NULL once fetched or given up), how many tries failed (``page_attempts``) and
the last reason (``page_error``). Later polls of the source fetch due pages with what is left
of their page budget, and a page fetched replaces the teaser (``store.articles.complete_teaser``).
Entries stored before this want nothing.

Revision ID: 0014
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("source_items") as batch:
        batch.add_column(sa.Column("page_url", sa.String(2048), nullable=True))
        batch.add_column(sa.Column("page_due_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("page_attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("page_error", sa.Text(), nullable=True))
    op.create_index("ix_source_items_page_due", "source_items", ["source_id", "page_due_at"])


def downgrade() -> None:
    op.drop_index("ix_source_items_page_due", table_name="source_items")
    with op.batch_alter_table("source_items") as batch:
        batch.drop_column("page_error")
        batch.drop_column("page_attempts")
        batch.drop_column("page_due_at")
        batch.drop_column("page_url")
