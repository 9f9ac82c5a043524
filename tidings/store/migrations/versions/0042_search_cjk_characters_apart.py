"""Search reads Chinese, Japanese and Korean a character at a time: ``北京`` finds "北京市今天宣布…"
and ``서울`` finds "서울에서…", on both databases.

Chinese and Japanese put no space between words, and Korean none between a word and its
particles; FTS5's ``unicode61`` tokenizer and PostgreSQL's parser both read a run of such
characters as one word, so no word inside it was found. ``search.parse_query`` now reads a run of
Han, kana or Hangul characters (``search.CJK_RANGES``) as the phrase of its characters; this makes
each of them a word of its own in the indexed text, between zero-width spaces (no letter to
either), and rebuilds both indexes from the stored articles:

* SQLite: the view ``article_search_text``, the FTS5 table's content and the text its snippets
  are cut from, and the triggers read each title and text through ``tidings_search_text``
  (``search.search_text``: NFKC, as ``tidings_nfkc`` of 0017, then ``search.split_cjk``), which the
  store's engine gives every connection;
* PostgreSQL: ``tidings_cjk_split(text)`` does the same after ``tidings_unmarked`` in the column
  ``search_vector`` (whose ``tidings_search_vector`` reads the zero-width spaces as space), and in
  snippets (``ts_headline``). On a database in another encoding than UTF-8 the function gives the
  text as it is and the column is left as it was, as 0041 leaves it.

Revision ID: 0042
Revises: 0041
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from tidings.store.search import CJK_RANGES

revision: str = "0042"
down_revision: str | Sequence[str] | None = "0041"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As in 0041: a tsvector is capped at 1 MB.
PG_SEARCH_TEXT_CHARS = 400_000
# As in 0017.
_TOKENIZE = "porter unicode61 remove_diacritics 2"
_TRIGGERS = ("articles_search_insert", "articles_search_delete", "articles_search_update")


def _sqlite_search(read: str) -> None:
    """The FTS5 table over the view ``article_search_text``, the view and the triggers reading each
    title and text through ``read`` (a SQL function's name), and the index rebuilt."""
    for trigger in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS article_search")
    op.execute("DROP VIEW IF EXISTS article_search_text")
    op.execute(
        "CREATE VIEW article_search_text AS "
        f"SELECT id, {read}(title) AS title, {read}(text) AS text FROM articles"
    )
    op.execute(
        "CREATE VIRTUAL TABLE article_search USING fts5("
        f"title, text, content='article_search_text', content_rowid='id', tokenize='{_TOKENIZE}')"
    )
    new = f"VALUES (new.id, {read}(new.title), {read}(new.text))"
    old = f"VALUES ('delete', old.id, {read}(old.title), {read}(old.text))"
    op.execute(
        "CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN "
        f"INSERT INTO article_search(rowid, title, text) {new}; END"
    )
    op.execute(
        "CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN "
        f"INSERT INTO article_search(article_search, rowid, title, text) {old}; END"
    )
    op.execute(
        "CREATE TRIGGER articles_search_update AFTER UPDATE OF title, text ON articles BEGIN "
        f"INSERT INTO article_search(article_search, rowid, title, text) {old}; "
        f"INSERT INTO article_search(rowid, title, text) {new}; END"
    )
    op.execute("INSERT INTO article_search(article_search) VALUES ('rebuild')")


def _escaped(code: int) -> str:
    """A code point as an escape of PostgreSQL's regular expressions."""
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def cjk_pattern() -> str:
    """A bracket expression matching one CJK character."""
    return "[" + "".join(f"{_escaped(first)}-{_escaped(last)}" for first, last in CJK_RANGES) + "]"


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
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_search("tidings_search_text")
        return
    utf8 = _is_utf8()
    body = f"regexp_replace($1, '({cjk_pattern()})', E'\\u200b\\\\1\\u200b', 'g')" if utf8 else "$1"
    # As the driver's SQL, as in 0021: SQLAlchemy's text() would read a ":" as a parameter.
    op.get_bind().exec_driver_sql(
        "CREATE FUNCTION tidings_cjk_split(doc text) RETURNS text LANGUAGE sql IMMUTABLE STRICT "
        f"PARALLEL SAFE AS $body$ SELECT {body} $body$"
    )
    if utf8:
        _search_vector("tidings_cjk_split(tidings_unmarked({}))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_search("tidings_nfkc")
        return
    if _is_utf8():
        _search_vector("tidings_unmarked({})")
    op.execute("DROP FUNCTION IF EXISTS tidings_cjk_split(text)")
