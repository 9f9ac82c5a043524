"""Stories: copies, events, recorded merges, earlier-coverage links and clustering features.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = ("stories",)
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime(timezone=True)


def _article_fk(table: str, column: str, ondelete: str = "CASCADE") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["articles.id"], name=f"fk_{table}_{column}_articles", ondelete=ondelete
    )


def _story_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["stories.id"], name=f"fk_{table}_{column}_stories")


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("headline", sa.Text, nullable=False),
        sa.Column("headline_article_id", ID, nullable=True),
        sa.Column("first_seen", WHEN, nullable=False),
        sa.Column("last_seen", WHEN, nullable=False),
        sa.Column("article_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("outlet_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("merged_into", ID, nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stories"),
        _article_fk("stories", "headline_article_id", "SET NULL"),
        _story_fk("stories", "merged_into"),
    )
    op.create_index("ix_stories_last_seen", "stories", ["last_seen"])
    op.create_table(
        "story_articles",
        sa.Column("article_id", ID, nullable=False),
        sa.Column("story_id", ID, nullable=False),
        sa.Column("first_story_id", ID, nullable=False),
        sa.Column("placed_at", WHEN, nullable=False),
        sa.Column("move", sa.String(8), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("copy_of", ID, nullable=True),
        sa.Column("copy_similarity", sa.Float, nullable=True),
        sa.Column("copy_method", sa.String(8), nullable=True),
        sa.Column("origin_outlet", sa.String(255), nullable=True),
        sa.Column("origin_evidence", sa.String(32), nullable=True),
        sa.PrimaryKeyConstraint("article_id", name="pk_story_articles"),
        _article_fk("story_articles", "article_id"),
        _story_fk("story_articles", "story_id"),
        _story_fk("story_articles", "first_story_id"),
        _article_fk("story_articles", "copy_of", "SET NULL"),
    )
    op.create_index("ix_story_articles_story_id", "story_articles", ["story_id"])
    op.create_index("ix_story_articles_copy_of", "story_articles", ["copy_of"])
    op.create_table(
        "story_merges",
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("survivor_id", ID, nullable=False),
        sa.Column("absorbed_id", ID, nullable=False),
        sa.Column("article_id", ID, nullable=True),
        sa.Column("merged_at", WHEN, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_story_merges"),
        _story_fk("story_merges", "survivor_id"),
        _story_fk("story_merges", "absorbed_id"),
        _article_fk("story_merges", "article_id", "SET NULL"),
        sa.UniqueConstraint("absorbed_id", name="uq_story_merges_absorbed_id"),
    )
    op.create_index("ix_story_merges_survivor_id", "story_merges", ["survivor_id"])
    op.create_table(
        "story_links",
        sa.Column("story_id", ID, nullable=False),
        sa.Column("earlier_story_id", ID, nullable=False),
        sa.Column("linked_at", WHEN, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("story_id", name="pk_story_links"),
        _story_fk("story_links", "story_id"),
        _story_fk("story_links", "earlier_story_id"),
    )
    op.create_index("ix_story_links_earlier_story_id", "story_links", ["earlier_story_id"])
    op.create_table(
        "article_fingerprints",
        sa.Column("article_id", ID, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("signature", sa.LargeBinary, nullable=False),
        sa.Column("shingle_count", sa.Integer, nullable=False),
        sa.Column("word_count", sa.Integer, nullable=False),
        sa.Column("wire", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("article_id", name="pk_article_fingerprints"),
        _article_fk("article_fingerprints", "article_id"),
    )
    op.create_index("ix_article_fingerprints_content_hash", "article_fingerprints", ["content_hash"])
    op.create_table(
        "copy_bands",
        sa.Column("band_key", sa.String(24), nullable=False),
        sa.Column("article_id", ID, nullable=False),
        sa.PrimaryKeyConstraint("band_key", "article_id", name="pk_copy_bands"),
        _article_fk("copy_bands", "article_id"),
    )
    op.create_table(
        "article_features",
        sa.Column("article_id", ID, nullable=False),
        sa.Column("model", sa.String(64), nullable=False),
        sa.Column("dense", sa.LargeBinary, nullable=False),
        sa.Column("terms", sa.LargeBinary, nullable=False),
        sa.Column("tf", sa.LargeBinary, nullable=False),
        sa.Column("headline_only", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("article_id", name="pk_article_features"),
        _article_fk("article_features", "article_id"),
    )


def downgrade() -> None:
    for table in (
        "article_features",
        "copy_bands",
        "article_fingerprints",
        "story_links",
        "story_merges",
        "story_articles",
        "stories",
    ):
        op.drop_table(table)
