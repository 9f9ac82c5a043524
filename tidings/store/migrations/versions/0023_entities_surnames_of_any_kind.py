"""Surnames of any kind and possessives: articles whose entities keep a person's surname apart
from the person, or a person's possessive inside a name, are read again.

Until 2026-12-06 ``summarize.entities`` joined a surname said alone ("Scaramucci") to the one
person of the article named in full with it ("Anthony Scaramucci") only where the small spaCy
model took it for a person or an organisation at least once as a person; it takes one for an
organisation, a product or a place as often (Multi-News: "Scaramucci" kept as a product beside
the person, so ``tidings entity Scaramucci`` and ``tidings entity "Anthony Scaramucci"`` found
different mentions). And "Scaramucci’s SkyBridge" was kept as an organisation of that name. As
migrations 0012 and 0018 did, this forgets the entities and the scan of just the articles
concerned, and the entity reader reads them again (``tidings entities``, or the server's
background reader).

Concerned: articles with a one-word entity neither a person's nor of no kind ("other") that is
the last word of a person of the same article named in full, and articles with an entity whose
name has a possessive inside ("Scaramucci’s SkyBridge"). Some are read to the same entities
again (a place never taken for a person stays a place): reading an article costs a fraction of
a second, a missed one stays wrong.

Revision ID: 0023
Revises: 0018
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

revision: str = "0023"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_AFFECTED = (
    "SELECT alone.article_id FROM article_entities AS alone"
    " JOIN article_entities AS whole ON whole.article_id = alone.article_id"
    " WHERE whole.kind = 'person' AND whole.entity_key LIKE '% %'"
    " AND whole.last_word = alone.entity_key"
    " AND alone.kind NOT IN ('person', 'other')"
    " UNION SELECT article_id FROM article_entities"
    " WHERE name LIKE :straight OR name LIKE :curly"
)
_POSSESSIVES = {"straight": "%_'s %", "curly": "%_\u2019s %"}


def upgrade() -> None:
    for table in ("entity_scans", "article_entities"):
        op.get_bind().execute(
            text(f"DELETE FROM {table} WHERE article_id IN ({_AFFECTED})"),
            _POSSESSIVES,
        )


def downgrade() -> None:
    """Nothing to undo: the forgotten entities are read again by whichever version runs."""
