"""Articles keep their standfirst: the dek a page prints between its headline and its body.

Extraction reads it since 2026-12-07 (``Article.standfirst``), and a feed entry's summary beside
its full text is one too. It is kept beside the text, never in it: the reader shows it under the
headline, and the body, its search index and its copy fingerprint stay what they were. Articles
stored before have none (NULL) until the same page or entry arrives again with one
(``store.articles.add_missing_standfirst``).

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0034"
down_revision: str | Sequence[str] | None = "0033"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN, not a batch: on SQLite a batch may copy the table, and the search
    # index's triggers on ``articles`` would go with it.
    op.add_column("articles", sa.Column("standfirst", sa.Text(), nullable=True))


def downgrade() -> None:
    # Never a copied table, for the same triggers: SQLite drops a column itself since 3.35.
    with op.batch_alter_table("articles", recreate="never") as batch:
        batch.drop_column("standfirst")
