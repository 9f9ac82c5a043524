"""Entities read before sentences of other scripts were split: articles whose entities the
heuristic read with the old sentence splitter, where the new one splits otherwise, are read again.

Until 2026-12-06 (SUMMARY_METHOD ``extractive-2026-12-06c``) ``summarize.text.split_sentences``
opened a sentence only at a Latin capital or a digit, and not after a guillemet: a Russian, Greek
or Polish paragraph was one "sentence". The heuristic analyser, which reads every article not in
English (and every article where no spaCy pipeline is installed), takes capitalised words that do
not open a sentence for names, so each opener inside such a paragraph was kept as part of a name
("В Минске", "Лукашенко А"), and those entities stayed until the article was read again. Kept
summaries are made again by their fingerprint (the method is part of it); an article's entities
record no method (``entity_scans.analyser`` names the analyser only), so, as migration 0012 did,
this forgets the entities and the scan of just the articles concerned, and the entity reader
reads them again (``tidings entities``, or the server's background reader).

Concerned: articles scanned as not declared English, or by the heuristic, whose title or text has
a line that the new splitter breaks where the old one did not. English articles read by the spaCy
pipeline kept their sentences, and are not read.

Revision ID: 0018
Revises: 0012
Create Date: 2026-12-06
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of ``summarize.text._SENTENCE_END`` before and after the change: a migration does
# the same thing whenever it runs, whatever the splitter becomes later. The new one's group must
# be a capital of any script or a digit (``_opens_sentence``).
_OLD_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9À-Ý])")
_NEW_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+(?=[\"'“‘«„(\[]?(\w))")
_DIGITS = "0123456789"
_DELETE_CHUNK = 500


def _split_otherwise(text: str) -> bool:
    """Whether the new splitter breaks a line of ``text`` where the old one did not (each line
    is split apart, as ``split_blocks`` hands the splitter lines)."""
    for line in text.splitlines():
        new = {
            match.end()
            for match in _NEW_SENTENCE_END.finditer(line)
            if match.group(1).isupper() or match.group(1) in _DIGITS
        }
        if new and not new <= {match.end() for match in _OLD_SENTENCE_END.finditer(line)}:
            return True
    return False


def _affected_articles() -> list[int]:
    rows = op.get_bind().execute(
        sa.text(
            "SELECT articles.id, articles.title, articles.text FROM articles"
            " JOIN entity_scans ON entity_scans.article_id = articles.id"
            " WHERE articles.language IS NULL OR articles.language <> 'en'"
            " OR entity_scans.analyser = 'heuristic'"
        ).execution_options(yield_per=1000)  # streamed: a store may hold many such articles
    )
    return [int(row.id) for row in rows if _split_otherwise(f"{row.title}\n\n{row.text}")]


def upgrade() -> None:
    affected = _affected_articles()
    for start in range(0, len(affected), _DELETE_CHUNK):
        chunk = {"ids": affected[start : start + _DELETE_CHUNK]}
        for table in ("entity_scans", "article_entities"):
            op.get_bind().execute(
                sa.text(f"DELETE FROM {table} WHERE article_id IN :ids").bindparams(
                    sa.bindparam("ids", expanding=True)
                ),
                chunk,
            )


def downgrade() -> None:
    """Nothing to undo: the forgotten entities are read again by whichever version runs."""
