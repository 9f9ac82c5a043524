"""Web reader: an index for language-filtered keyset pages and the language list.

Revision ID: 0005
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = ("web",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Serves `WHERE language = ? ORDER BY sort_at DESC, id DESC` pages and the loose index scan
    # that lists distinct languages (tidings/store/browse.py).
    op.create_index("ix_articles_language_sort", "articles", ["language", "sort_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_articles_language_sort", table_name="articles")
