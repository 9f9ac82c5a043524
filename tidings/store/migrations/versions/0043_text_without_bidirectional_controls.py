"""Stored text loses the bidirectional controls that show it otherwise than it reads.

Extraction and feed reading take out the embeddings, overrides and isolates (U+202A-U+202E,
U+2066-U+2069) since 2026-12-07, as they take out C0 and C1 controls (``controls.without_controls``):
a hostile feed or page used them to show a title backwards, a file name as another
("invoice\\u202egpj.exe" as "invoiceexe.jpg") or an outlet's name as another's, in the reader, the
CLI and the digest. What was stored before keeps them, and an article's ``content_hash`` is of the
words they split: the same article read again no longer matched it.

* Each article whose title, text, standfirst, byline or display HTML holds one is rewritten as
  extraction now gives it (a space left doubled is one space, a paragraph of nothing else goes, a
  title of nothing else is its text's first line, as extraction names such an article). Where its
  words changed, its ``content_hash`` (and its copy fingerprint's) is the running
  ``model.content_hash`` of the new words, its clustering features read as stale and its entities
  are read again (as 0033 and 0035); a story it heads takes the new title as its headline. The
  search index follows the title and text (SQLite's triggers, PostgreSQL's generated column).
* Each outlet's name, and a source's title, a subscription's title and folder, and the feed title a
  wanted page is read with, lose them alike (a title of controls alone is NULL, a folder's kept);
  an outlet keyed by its name (it has no domain) is keyed by the new name where no other outlet
  holds that key (where one does, the two are one outlet's names, and merging them is left to no
  migration: the name shown is clean either way).
* A story's headline loses them (one of controls alone is kept); an article's entities named with
  one are read again, and a story's kept summary that quotes one (as its JSON's escape) is
  dropped, to be made again.

The direction marks (U+200E, U+200F, U+061C), which right-to-left text writes and which override
nothing, stay. Only rows that hold one of the controls are read.

Revision ID: 0043
Revises: 0040, 0029, 0032, 0042 (a merge of those heads)
Create Date: 2026-12-07
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tidings.controls import without_controls
from tidings.model import Outlet, content_hash
from tidings.store.migrations import article_words

revision: str = "0043"
# After the last rewrite of articles' words (0040), with the columns and keys it rewrites in place:
# the wanted page's feed title (0029), outlets keyed as now (0032), and the search index that
# follows the title and text (0042).
down_revision: str | Sequence[str] | None = ("0040", "0029", "0032", "0042")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# ``controls.BIDI_CONTROLS``, one by one, as ``LIKE`` finds them.
_CHARACTERS = tuple(chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
_ARTICLE_COLUMNS = ("title", "text", "standfirst", "byline", "html")
# As extraction collapses what a control held apart (``tidings.extract._without_space_runs``).
_SPACE_RUNS = re.compile(r" {2,}")
_SPACES_AT_LINE_EDGES = re.compile(r"^ | $", re.MULTILINE)
_BLANK_LINE_RUNS = re.compile(r"\n{3,}")
# As extraction names an article whose title is gone (``tidings.extract._title_or_first_line``).
_FIRST_LINE_CHARS = 200
_MAX_NAME_CHARS = 255
# Rows rewritten per statement batch.
_BATCH = 500


def _text_without(text: str) -> str:
    cleaned = without_controls(text)
    if cleaned == text:
        return text
    cleaned = _SPACES_AT_LINE_EDGES.sub("", _SPACE_RUNS.sub(" ", cleaned))
    return _BLANK_LINE_RUNS.sub("\n\n", cleaned).strip("\n")


def _line_without(line: str) -> str:
    """``line`` without the controls and the spaces they leave; one without any, as it was."""
    cleaned = without_controls(line)
    return line if cleaned == line else " ".join(cleaned.split())


def _holding(columns: Sequence[str]) -> tuple[str, dict[str, str]]:
    """SQL true for a row whose ``columns`` hold any of the controls, with its parameters."""
    patterns = {
        f"bidi_{number}_{index}": f"%{character}%"
        for number in range(len(columns))
        for index, character in enumerate(_CHARACTERS)
    }
    holding = " OR ".join(f"{columns[int(name.split('_')[1])]} LIKE :{name}" for name in patterns)
    return f"({holding})", patterns


def upgrade() -> None:
    connection = op.get_bind()
    article_ids = article_words.article_ids_holding(connection, _ARTICLE_COLUMNS, _CHARACTERS)
    for start in range(0, len(article_ids), _BATCH):
        _rewrite_articles(connection, article_ids[start : start + _BATCH])
    _rewrite_outlets(connection)
    _rewrite_lines(connection, "sources", ("id",), ("title",), nullable=True)
    _rewrite_lines(connection, "subscriptions", ("id",), ("title",), nullable=True)
    _rewrite_lines(connection, "subscriptions", ("id",), ("folder",), nullable=False)
    _rewrite_lines(connection, "source_items", ("source_id", "item_key"), ("page_title",), nullable=True)
    _rewrite_lines(connection, "stories", ("id",), ("headline",), nullable=False)
    _forget_entities_named_with_one(connection)
    _drop_summaries_quoting_one(connection)


def _rewrite_articles(connection: sa.Connection, article_ids: list[int]) -> None:
    rows = connection.execute(
        sa.text(
            "SELECT id, title, text, standfirst, byline, html, content_hash FROM articles WHERE id IN :ids"
        ).bindparams(sa.bindparam("ids", expanding=True)),
        {"ids": article_ids},
    ).all()
    for row in rows:
        text = _text_without(row.text)
        title = _line_without(row.title) or text.split("\n", 1)[0][:_FIRST_LINE_CHARS].strip() or row.title
        display = {
            "standfirst": (_line_without(row.standfirst) or None) if row.standfirst is not None else None,
            "byline": (_line_without(row.byline) or None) if row.byline is not None else None,
            "html": without_controls(row.html),
        }
        if display != {"standfirst": row.standfirst, "byline": row.byline, "html": row.html}:
            connection.execute(
                sa.text(
                    "UPDATE articles SET standfirst = :standfirst, byline = :byline, html = :html "
                    "WHERE id = :id"
                ),
                {**display, "id": row.id},
            )
        if (title, text) != (row.title, row.text):
            _rewrite_words(connection, row.id, title, text, row.content_hash)


def _rewrite_words(connection: sa.Connection, article_id: int, title: str, text: str, old_hash: str) -> None:
    """The new title and text, their hash, the headline of a story the article heads, and what was
    made from the old words marked so (``article_words.forget_old_words``)."""
    words = content_hash(f"{title}\n{text}")
    connection.execute(
        sa.text("UPDATE articles SET title = :title, text = :text, content_hash = :words WHERE id = :id"),
        {"title": title, "text": text, "words": words, "id": article_id},
    )
    connection.execute(
        sa.text("UPDATE stories SET headline = :title WHERE headline_article_id = :id"),
        {"title": title, "id": article_id},
    )
    if words != old_hash:
        article_words.forget_old_words(connection, article_id, words, old_hash)


def _rewrite_outlets(connection: sa.Connection) -> None:
    holding, patterns = _holding(("name", "key"))
    rows = connection.execute(
        sa.text(f"SELECT id, key, name, domain FROM outlets WHERE {holding}"), patterns
    ).all()
    for row in rows:
        name = (_line_without(row.name) or row.domain or "unknown outlet")[:_MAX_NAME_CHARS]
        key = row.key
        if not row.domain:
            named = Outlet(name, None).key[:_MAX_NAME_CHARS]
            taken = connection.execute(
                sa.text("SELECT 1 FROM outlets WHERE key = :key AND id != :id"), {"key": named, "id": row.id}
            ).first()
            key = row.key if taken is not None else named
        connection.execute(
            sa.text("UPDATE outlets SET name = :name, key = :key WHERE id = :id"),
            {"name": name, "key": key, "id": row.id},
        )


def _rewrite_lines(
    connection: sa.Connection, table: str, key: Sequence[str], columns: Sequence[str], *, nullable: bool
) -> None:
    """Each of ``table``'s ``columns`` (a line of text each) without the controls, in the rows that
    hold one (``key``: the columns that name a row). A line of controls alone is NULL where
    ``nullable``, else kept as it was (a story's headline, a folder's name: never left empty)."""
    holding, patterns = _holding(columns)
    rows = connection.execute(
        sa.text(f"SELECT {', '.join((*key, *columns))} FROM {table} WHERE {holding}"), patterns
    ).all()
    assignments = ", ".join(f"{column} = :{column}" for column in columns)
    where = " AND ".join(f"{column} = :key_{column}" for column in key)
    for row in rows:
        values = {column: _cleaned_line(getattr(row, column), nullable=nullable) for column in columns}
        connection.execute(
            sa.text(f"UPDATE {table} SET {assignments} WHERE {where}"),
            {**values, **{f"key_{column}": getattr(row, column) for column in key}},
        )


def _cleaned_line(value: str | None, *, nullable: bool) -> str | None:
    if value is None:
        return None
    return _line_without(value) or (None if nullable else value)


def _forget_entities_named_with_one(connection: sa.Connection) -> None:
    """The articles with an entity named with a control have their entities read again (from the
    clean text), as after a correction."""
    holding, patterns = _holding(("name",))
    article_ids = [
        int(article_id)
        for article_id in connection.execute(
            sa.text(f"SELECT DISTINCT article_id FROM article_entities WHERE {holding}"), patterns
        ).scalars()
    ]
    for start in range(0, len(article_ids), _BATCH):
        chunk = {"ids": article_ids[start : start + _BATCH]}
        for table in ("article_entities", "entity_scans"):
            connection.execute(
                sa.text(f"DELETE FROM {table} WHERE article_id IN :ids").bindparams(
                    sa.bindparam("ids", expanding=True)
                ),
                chunk,
            )


def _drop_summaries_quoting_one(connection: sa.Connection) -> None:
    """A kept summary is JSON written with ASCII escapes (``understanding.summary_to_json``): one
    quoting a control holds its escape ("\\u202e"), or the character where written otherwise. ``!``
    escapes ``LIKE`` here, so that the backslash is itself on both databases."""
    patterns = {
        f"summary_{index}": pattern
        for index, pattern in enumerate(
            pattern
            for character in _CHARACTERS
            for pattern in (f"%{character}%", f"%\\u{ord(character):04x}%")
        )
    }
    holding = " OR ".join(f"body LIKE :{name} ESCAPE '!'" for name in patterns)
    connection.execute(sa.text(f"DELETE FROM story_summaries WHERE {holding}"), patterns)


def downgrade() -> None:
    """Nothing to undo: the controls removed only changed how the text was shown."""
