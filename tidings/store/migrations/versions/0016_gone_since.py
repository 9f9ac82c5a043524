"""A source remembers since when it has answered HTTP 410 on its checks in a row.

Before this, one HTTP 410 retired a source for good, and a misconfigured CDN answering 410 once
was enough to lose a subscription. ``sources.gone_since`` is the first 410 of the 410s the source
has answered on its last checks in a row (NULL once it answers anything else); the source is
retired only when it still answers 410 a day after that (``jobs.refresh.GONE_CONFIRMATION``).
Sources retired before this stay retired.

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("gone_since", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("gone_since")
