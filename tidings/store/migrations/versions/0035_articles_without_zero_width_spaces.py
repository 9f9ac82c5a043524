"""Stored articles lose the zero-width spaces and U+FEFF in their title, text and standfirst.

Extraction leaves U+FEFF (a word joiner inside a text, a byte order mark at its start) out of an
article's title, text and standfirst since 2026-12-07, as it does soft hyphens and U+2060 (0033),
and U+200B (zero-width space) too but between the words of a script written without spaces, where
it is their only separator (``controls.without_break_hints``); the display HTML keeps them. Left in
a word ("Verfassungs\\u200bgericht"), the search index reads it as the word's end, and the article's
``content_hash`` is of split words: the same article read again no longer matched it.

Each article whose title, text or standfirst holds one is rewritten as extraction now gives it,
as 0033 rewrote those with soft hyphens: a space left doubled is one space, a paragraph of nothing
else goes, and a title of nothing else is kept as it was. Where its words changed (one was in a
word), its ``content_hash`` (and its copy fingerprint's) is the running ``model.content_hash`` of
the new words, its clustering features read as stale, and its entities are read again; a
standfirst, no word of the text, changes alone. Only rows that hold one of the two characters are
read.

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-07
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tidings.controls import without_break_hints
from tidings.model import content_hash
from tidings.store.migrations import article_words

revision: str = "0035"
down_revision: str | Sequence[str] | None = "0034"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CHARACTERS = ("\u200b", "\ufeff")
_COLUMNS = ("title", "text", "standfirst")
# As extraction collapses what a hint held apart (``tidings.extract._without_break_hints``).
_SPACE_RUNS = re.compile(r" {2,}")
_SPACES_AT_LINE_EDGES = re.compile(r"^ | $", re.MULTILINE)
_BLANK_LINE_RUNS = re.compile(r"\n{3,}")
# Articles rewritten per statement batch.
_BATCH = 500


def _text_without(text: str) -> str:
    cleaned = without_break_hints(text)
    if cleaned == text:
        return text
    cleaned = _SPACES_AT_LINE_EDGES.sub("", _SPACE_RUNS.sub(" ", cleaned))
    return _BLANK_LINE_RUNS.sub("\n\n", cleaned).strip("\n")


def _line_without(line: str) -> str:
    return " ".join(without_break_hints(line).split())


def upgrade() -> None:
    connection = op.get_bind()
    article_ids = article_words.article_ids_holding(connection, _COLUMNS, _CHARACTERS)
    for start in range(0, len(article_ids), _BATCH):
        _rewrite(connection, article_ids[start : start + _BATCH])


def _rewrite(connection: sa.Connection, article_ids: list[int]) -> None:
    rows = connection.execute(
        sa.text("SELECT id, title, text, standfirst, content_hash FROM articles WHERE id IN :ids").bindparams(
            sa.bindparam("ids", expanding=True)
        ),
        {"ids": article_ids},
    ).all()
    for row in rows:
        title = _line_without(row.title) or row.title
        text = _text_without(row.text)
        standfirst = (_line_without(row.standfirst) or None) if row.standfirst is not None else None
        if standfirst != row.standfirst:
            connection.execute(
                sa.text("UPDATE articles SET standfirst = :standfirst WHERE id = :id"),
                {"standfirst": standfirst, "id": row.id},
            )
        if (title, text) != (row.title, row.text):
            _rewrite_words(connection, row.id, title, text, row.content_hash)


def _rewrite_words(connection: sa.Connection, article_id: int, title: str, text: str, old_hash: str) -> None:
    """The new title and text, their hash, and what was made from the old words marked so, as 0033;
    where the words are the same (a zero-width space beside a space, a paragraph of one), the
    title and text alone."""
    words = content_hash(f"{title}\n{text}")
    connection.execute(
        sa.text("UPDATE articles SET title = :title, text = :text, content_hash = :words WHERE id = :id"),
        {"title": title, "text": text, "words": words, "id": article_id},
    )
    if words != old_hash:
        article_words.forget_old_words(connection, article_id, words, old_hash)


def downgrade() -> None:
    """Nothing to undo: the characters removed show nothing, and the display HTML keeps them."""
