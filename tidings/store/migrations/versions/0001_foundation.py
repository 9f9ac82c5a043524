"""Foundation: outlets, articles, their URLs and provenance, and full-text search.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime(timezone=True)

# Longest run of article text indexed for search on PostgreSQL: a tsvector is capped at 1 MB.
PG_SEARCH_TEXT_CHARS = 400_000


def upgrade() -> None:
    op.create_table(
        "outlets",
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("domain", sa.String(255), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_outlets"),
        sa.UniqueConstraint("key", name="uq_outlets_key"),
    )
    op.create_table(
        "articles",
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("outlet_id", ID, nullable=False),
        sa.Column("url", sa.Text, nullable=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("byline", sa.Text, nullable=True),
        sa.Column("published_at", WHEN, nullable=True),
        sa.Column("fetched_at", WHEN, nullable=False),
        sa.Column("sort_at", WHEN, nullable=False),
        sa.Column("language", sa.String(16), nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("html", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.ForeignKeyConstraint(["outlet_id"], ["outlets.id"], name="fk_articles_outlet_id_outlets"),
    )
    op.create_index("ix_articles_sort_at_id", "articles", ["sort_at", "id"])
    op.create_index("ix_articles_outlet_sort", "articles", ["outlet_id", "sort_at"])
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"])
    op.create_table(
        "article_urls",
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("article_id", ID, nullable=False),
        sa.PrimaryKeyConstraint("url", name="pk_article_urls"),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_article_urls_article_id_articles", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_article_urls_article_id", "article_urls", ["article_id"])
    op.create_table(
        "article_sources",
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("article_id", ID, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("locator", sa.String(2048), nullable=False),
        sa.Column("entry_key", sa.String(1024), nullable=False, server_default=""),
        sa.Column("seen_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_article_sources"),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_article_sources_article_id_articles", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("kind", "locator", "entry_key", name="uq_article_sources_origin"),
    )
    op.create_index("ix_article_sources_article_id", "article_sources", ["article_id"])

    if op.get_bind().dialect.name == "sqlite":
        _create_sqlite_search()
    else:
        _create_postgresql_search()


def _create_sqlite_search() -> None:
    # External-content FTS5 table kept in step by triggers, so every write path indexes alike.
    op.execute(
        "CREATE VIRTUAL TABLE article_search USING fts5("
        "title, text, content='articles', content_rowid='id', "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN "
        "INSERT INTO article_search(rowid, title, text) VALUES (new.id, new.title, new.text); END"
    )
    op.execute(
        "CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN "
        "INSERT INTO article_search(article_search, rowid, title, text) "
        "VALUES ('delete', old.id, old.title, old.text); END"
    )
    op.execute(
        "CREATE TRIGGER articles_search_update AFTER UPDATE OF title, text ON articles BEGIN "
        "INSERT INTO article_search(article_search, rowid, title, text) "
        "VALUES ('delete', old.id, old.title, old.text); "
        "INSERT INTO article_search(rowid, title, text) VALUES (new.id, new.title, new.text); END"
    )


def _create_postgresql_search() -> None:
    op.execute(
        "ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('simple', coalesce(title, '')), 'A') || "
        f"setweight(to_tsvector('english', left(coalesce(text, ''), {PG_SEARCH_TEXT_CHARS})), 'B')"
        ") STORED"
    )
    op.execute("CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("articles_search_insert", "articles_search_delete", "articles_search_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS article_search")
    op.drop_table("article_sources")
    op.drop_table("article_urls")
    op.drop_table("articles")
    op.drop_table("outlets")
