"""Stored articles lose the soft hyphens and word joiners in their title and text.

Extraction leaves U+00AD (soft hyphen) and U+2060 (word joiner) out of an article's title and
text since 2026-12-07 (the display HTML keeps them): sites that hyphenate in the browser write a
soft hyphen into every long word ("auto\\u00adnome"), and the search index reads it as a word's end,
so "autonome" did not find the article. Articles stored before kept them, and with them a
``content_hash`` of split words: their search stayed blind to those words, and the same article
read again (a re-polled entry, another address of the page) no longer matched its stored words.

Each article whose title or text holds one is rewritten without them, as extraction now gives it:
a space left doubled where one stood between two spaces is one space, and a title of nothing else
is kept as it was. Its ``content_hash`` (and its copy fingerprint's) is the running
``model.content_hash`` of the new words, as a new article's is; the search index follows by its
triggers (SQLite) or generated column (PostgreSQL). As a correction of its words does
(``store.articles.correct_article``), its clustering features read as stale and are made again
from the new words, and its entities are read again. Only rows that hold one of the two
characters are read.

Revision ID: 0033
Revises: 0028
Create Date: 2026-12-07
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tidings.model import content_hash
from tidings.store.migrations import article_words

revision: str = "0033"
# After the stories branch's head (the features' text hash: 0015, copy fingerprints: 0002), and
# after 0003, which made the entity tables, as 0025 depends on 0009: a revision that is not a head,
# so that no branch's head is folded into this one. The search index needs no revision of its
# own: on SQLite its triggers (0001, made again by 0017) and on PostgreSQL its generated column
# (0001, 0010, 0017, 0021) follow the text, and the versions that remake it read the text anew.
down_revision: str | Sequence[str] | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "0003"

_HINTS = ("\u00ad", "\u2060")
# A run of them, with the space after it where a space stands before it (" \u00ad " is one space).
_HINT_RUNS = re.compile("(?<= )[\u00ad\u2060]+ |[\u00ad\u2060]+")
# Articles rewritten per statement batch: a store of long German articles may hold many.
_BATCH = 500


def _without_hints(text: str) -> str:
    if not any(hint in text for hint in _HINTS):
        return text
    return _HINT_RUNS.sub("", text)


def upgrade() -> None:
    connection = op.get_bind()
    article_ids = article_words.article_ids_holding(connection, ("title", "text"), _HINTS)
    for start in range(0, len(article_ids), _BATCH):
        _rewrite(connection, article_ids[start : start + _BATCH])


def _rewrite(connection: sa.Connection, article_ids: list[int]) -> None:
    rows = connection.execute(
        sa.text("SELECT id, title, text, content_hash FROM articles WHERE id IN :ids").bindparams(
            sa.bindparam("ids", expanding=True)
        ),
        {"ids": article_ids},
    ).all()
    for row in rows:
        title = _without_hints(row.title)
        title = title if title.strip() else row.title
        text = _without_hints(row.text)
        words = content_hash(f"{title}\n{text}")
        connection.execute(
            sa.text("UPDATE articles SET title = :title, text = :text, content_hash = :words WHERE id = :id"),
            {"title": title, "text": text, "words": words, "id": row.id},
        )
        article_words.forget_old_words(connection, row.id, words, row.content_hash)


def downgrade() -> None:
    """Nothing to undo: the characters removed show nothing, and the display HTML keeps them."""
