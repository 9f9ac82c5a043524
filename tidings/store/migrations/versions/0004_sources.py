"""Sources: feeds and sitemaps polled on a schedule, subscriptions, and entries already taken.

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = ("sources",)
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("locator", sa.String(2048), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.Text, nullable=True),
        sa.Column("site_url", sa.Text, nullable=True),
        sa.Column("etag", sa.String(1024), nullable=True),
        sa.Column("last_modified", sa.String(255), nullable=True),
        sa.Column("state", sa.String(16), nullable=False, server_default="active"),
        sa.Column("full_text", sa.String(8), nullable=False, server_default="auto"),
        sa.Column("feed_ttl_minutes", sa.Integer, nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("next_check_at", WHEN, nullable=False),
        sa.Column("claimed_until", WHEN, nullable=True),
        sa.Column("last_checked_at", WHEN, nullable=True),
        sa.Column("last_success_at", WHEN, nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("last_error_at", WHEN, nullable=True),
        sa.Column("error_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("failing_since", WHEN, nullable=True),
        sa.Column("moved_to", sa.String(2048), nullable=True),
        sa.Column("moved_count", sa.Integer, nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id", name="pk_sources"),
        sa.UniqueConstraint("url", name="uq_sources_url"),
    )
    op.create_index("ix_sources_next_check", "sources", ["next_check_at"])
    op.create_table(
        "subscriptions",
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("source_id", ID, nullable=False),
        sa.Column("user_key", sa.String(255), nullable=False, server_default=""),
        sa.Column("folder", sa.String(255), nullable=False, server_default=""),
        sa.Column("title", sa.Text, nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_subscriptions"),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name="fk_subscriptions_source_id_sources", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("user_key", "source_id", name="uq_subscriptions_user_source"),
    )
    op.create_index("ix_subscriptions_source_id", "subscriptions", ["source_id"])
    op.create_table(
        "source_items",
        sa.Column("source_id", ID, nullable=False),
        sa.Column("item_key", sa.String(1024), nullable=False),
        sa.Column("seen_at", WHEN, nullable=False),
        sa.Column("published_at", WHEN, nullable=True),
        sa.Column("article_id", ID, nullable=True),
        sa.PrimaryKeyConstraint("source_id", "item_key", name="pk_source_items"),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name="fk_source_items_source_id_sources", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_source_items_article_id_articles", ondelete="SET NULL"
        ),
    )
    op.create_index("ix_source_items_seen", "source_items", ["source_id", "seen_at"])


def downgrade() -> None:
    op.drop_table("source_items")
    op.drop_table("subscriptions")
    op.drop_table("sources")
