"""Understanding: the entities of each article and each story's cached summary.

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-23

``story_summaries.story_id`` names a story but has no foreign key: a key would make this branch
depend on the stories branch (0002), and Alembic then no longer lists 0002 in the version table,
so ``Store.is_current`` (current revisions == heads) would never hold. Stories are never deleted
(a merge keeps the absorbed row), so no summary can be orphaned.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = ("understanding",)
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "entity_scans",
        sa.Column("article_id", ID, nullable=False),
        sa.Column("analyser", sa.String(64), nullable=False),
        sa.Column("scanned_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("article_id", name="pk_entity_scans"),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_entity_scans_article_id_articles", ondelete="CASCADE"
        ),
    )
    op.create_table(
        "article_entities",
        sa.Column("article_id", ID, nullable=False),
        sa.Column("entity_key", sa.String(255), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("mentions", sa.Integer, nullable=False),
        sa.Column("last_word", sa.String(255), nullable=False),
        sa.PrimaryKeyConstraint("article_id", "entity_key", name="pk_article_entities"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_article_entities_article_id_articles",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_article_entities_entity_key", "article_entities", ["entity_key"])
    op.create_index("ix_article_entities_last_word", "article_entities", ["last_word"])
    op.create_table(
        "story_summaries",
        sa.Column("story_id", ID, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("computed_at", WHEN, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("story_id", name="pk_story_summaries"),
    )


def downgrade() -> None:
    op.drop_table("story_summaries")
    op.drop_index("ix_article_entities_last_word", table_name="article_entities")
    op.drop_index("ix_article_entities_entity_key", table_name="article_entities")
    op.drop_table("article_entities")
    op.drop_table("entity_scans")
