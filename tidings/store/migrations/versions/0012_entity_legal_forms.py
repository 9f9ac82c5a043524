"""Entity keys without legal forms: articles whose entities were read with a key ending in a
company's legal form ("netflix, inc", "siemens ag") are read again.

Since 2026-12-06 ``summarize.entities.entity_key`` drops a legal form that ends a name, so that
"Netflix, Inc." and "Netflix" are one organisation. Keys kept before then would stay apart from
the new ones (entity pages, related stories), so this forgets those articles' entities and their
scan: the entity reader reads them again with the new keys (``tidings entities``, or the
server's background reader). Other articles are untouched.

Revision ID: 0012
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A frozen copy of ``summarize.rules.CORPORATE_SUFFIXES`` as of this migration: a migration must
# do the same thing whenever it runs, whatever the list becomes later.
LEGAL_FORMS = (
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "llp",
    "lp", "plc", "pty", "sa", "spa", "ag", "gmbh", "nv", "bv", "se", "ab", "asa", "oyj",
)  # fmt: skip


def _affected_articles() -> str:
    endings = " OR ".join(f"entity_key LIKE '% {form}'" for form in LEGAL_FORMS)
    return f"SELECT article_id FROM article_entities WHERE {endings}"


def upgrade() -> None:
    affected = _affected_articles()
    op.execute(text(f"DELETE FROM entity_scans WHERE article_id IN ({affected})"))
    op.execute(text(f"DELETE FROM article_entities WHERE article_id IN ({affected})"))


def downgrade() -> None:
    """Nothing to undo: the forgotten entities are read again by whichever version runs."""
