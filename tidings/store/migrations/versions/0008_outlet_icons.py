"""Outlet icons: one small raster image per outlet, fetched rarely and served by the reader.

Revision ID: 0008
Revises: 0001
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = ("icons",)
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "outlet_icons",
        sa.Column("outlet_id", ID, nullable=False, autoincrement=False),
        sa.Column("fetched_at", WHEN, nullable=False),
        sa.Column("source_url", sa.String(2048), nullable=True),
        sa.Column("content_type", sa.String(64), nullable=True),
        sa.Column("body", sa.LargeBinary, nullable=True),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("outlet_id", name="pk_outlet_icons"),
        sa.ForeignKeyConstraint(
            ["outlet_id"], ["outlets.id"], name="fk_outlet_icons_outlet_id_outlets", ondelete="CASCADE"
        ),
    )


def downgrade() -> None:
    op.drop_table("outlet_icons")
