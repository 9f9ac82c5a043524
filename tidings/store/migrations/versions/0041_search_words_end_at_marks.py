"""PostgreSQL search ends words at combining marks, as FTS5 and the query parser do: Hindi,
Bengali, Tamil, Thai and pointed Hebrew words are found again.

A vowel sign or a virama (``ि``, ``्`` in ``दिल्ली``), Thai's vowel and tone marks and Hebrew's
points are marks (Unicode categories Mn, Mc, Me), not letters. FTS5's ``unicode61`` tokenizer
ends a word at them, and so does ``search.parse_query`` (a word is letters and digits), so
``दिल्ली`` is sought as the phrase ``द ल ल``. PostgreSQL's parser, in a database whose locale
reads every character past ASCII as a letter (``C.UTF-8`` among them), kept ``दिल्ली`` whole, and
no query written in those scripts found anything there.

This makes ``tidings_unmarked(text)``, the text with every mark as a space, and rebuilds the
column ``search_vector`` from the stored articles with it, after NFKC (``tidings_fold``), which
composes a letter and its accent into one character first (``e`` and U+0301 are ``é``). Queries
need no change: their words reach ``tidings_search_query`` without marks. The marks are those of
the Unicode version of the Python that runs the migration, whose ``re`` reads the queries. Only
on a UTF-8 database (the only encoding that holds such text); nothing changes on SQLite.

Revision ID: 0041
Revises: 0021
Create Date: 2026-12-07
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence

from alembic import op

revision: str = "0041"
down_revision: str | Sequence[str] | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As in 0021: a tsvector is capped at 1 MB.
PG_SEARCH_TEXT_CHARS = 400_000


def _mark_ranges() -> Iterator[tuple[int, int]]:
    """The code points of Unicode's marks (categories Mn, Mc, Me), as inclusive ranges."""
    start: int | None = None
    for code in range(0x80, 0x110000):
        is_mark = unicodedata.category(chr(code)).startswith("M")
        if is_mark and start is None:
            start = code
        elif not is_mark and start is not None:
            yield start, code - 1
            start = None
    if start is not None:
        yield start, 0x10FFFF


def _escaped(code: int) -> str:
    """A code point as an escape of PostgreSQL's regular expressions."""
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def marks_pattern() -> str:
    """A bracket expression matching a run of marks."""
    ranges = "".join(
        _escaped(first) if first == last else f"{_escaped(first)}-{_escaped(last)}"
        for first, last in _mark_ranges()
    )
    return f"[{ranges}]+"


def _search_vector(read: str) -> None:
    """The column ``search_vector`` and its index made again, each text read through ``read``."""

    def vector(column: str) -> str:
        return f"tidings_search_vector({read.format(f'tidings_fold({column})')}, 'tidings_porter')"

    title = vector("coalesce(title, '')")
    text = vector(f"left(coalesce(text, ''), {PG_SEARCH_TEXT_CHARS})")
    op.execute("DROP INDEX IF EXISTS ix_articles_search_vector")
    op.execute("ALTER TABLE articles DROP COLUMN search_vector")
    op.execute(
        "ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
        f"(setweight({title}, 'A') || setweight({text}, 'B')) STORED"
    )
    op.execute("CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)")


def _is_utf8() -> bool:
    return op.get_bind().exec_driver_sql("SHOW server_encoding").scalar() == "UTF8"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite" or not _is_utf8():
        return
    # As the driver's SQL, as in 0021: SQLAlchemy's text() would read the pattern's ":" as a parameter.
    op.get_bind().exec_driver_sql(
        "CREATE FUNCTION tidings_unmarked(doc text) RETURNS text LANGUAGE sql IMMUTABLE STRICT "
        f"PARALLEL SAFE AS $body$ SELECT regexp_replace($1, '{marks_pattern()}', ' ', 'g') $body$"
    )
    _search_vector("tidings_unmarked({})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite" or not _is_utf8():
        return
    _search_vector("{}")
    op.execute("DROP FUNCTION IF EXISTS tidings_unmarked(text)")
