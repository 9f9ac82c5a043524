"""A source remembers where its last poll was answered from when a temporary redirect led there.

A feed subscribed through a temporary redirect (HTTP 302, 303, 307) keeps the address it was
subscribed by: the redirect may change. Before this, subscribing to the redirect's target made a
second source of the same feed, polled beside the first. ``sources.fetched_url`` is the final
address of the last poll's answer when it differs from ``sources.url`` (NULL otherwise); a
subscription to that address finds the source (``store.sources.find_followed``).

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | Sequence[str] | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("fetched_url", sa.String(2048), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("fetched_url")
