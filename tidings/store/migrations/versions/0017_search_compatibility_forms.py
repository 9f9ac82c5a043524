"""Search reads compatibility forms as their plain letters: ``ﬁnance`` finds ``finance`` and the
other way round, as do full-width letters (``ｗｉｄｔｈ``) and sub- and superscripts (``H₂O``).

Neither index folded them: FTS5's unicode61 tokenizer and PostgreSQL's parser keep a ligature or a
full-width letter as a character of its own (``unaccent``, where installed, maps the common
ligatures and full-width Latin letters on PostgreSQL, but not ``₂`` or ``½``, and it may be
missing). ``store/search.py`` reads queries in Unicode NFKC; this makes both indexes read the text
so, and rebuilds them from the stored articles:

* SQLite: the FTS5 table's content is a view, ``article_search_text``, of each article's title and
  text through ``tidings_nfkc`` (Python's NFKC, which the store's engine gives every connection:
  ``search.install_sqlite_functions``), and its triggers index the same. Snippets are cut from
  that view, so they quote the text folded, and their highlights fall on the words matched.
* PostgreSQL: ``tidings_fold(text)``, NFKC by the server's ``normalize`` (a UTF-8 database's; on
  another encoding, which ``normalize`` refuses, the text as it is), is read into the
  ``search_vector`` column, and by ``ts_headline`` for snippets.

A later migration that rebuilds ``articles`` on SQLite (``batch_alter_table``) must drop the view
``article_search_text`` first and make it again afterwards: SQLite refuses to rename the rebuilt
table while a view names it.

Revision ID: 0017
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As in 0001 and 0010: a tsvector is capped at 1 MB.
PG_SEARCH_TEXT_CHARS = 400_000
_TOKENIZE = "porter unicode61 remove_diacritics 2"
_TRIGGERS = ("articles_search_insert", "articles_search_delete", "articles_search_update")


def _sqlite_search(content: str, fold: str) -> None:
    """The FTS5 table over ``content`` (a table or view with id, title and text), its triggers
    indexing each article's title and text through ``fold`` (a SQL function name, or "" for none),
    and the index rebuilt from ``content``."""

    def folded(column: str) -> str:
        return f"{fold}({column})" if fold else column

    for trigger in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS article_search")
    op.execute(
        "CREATE VIRTUAL TABLE article_search USING fts5("
        f"title, text, content='{content}', content_rowid='id', tokenize='{_TOKENIZE}')"
    )
    new = f"VALUES (new.id, {folded('new.title')}, {folded('new.text')})"
    old = f"VALUES ('delete', old.id, {folded('old.title')}, {folded('old.text')})"
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


def _postgresql_search_vector(fold: str) -> None:
    def folded(column: str) -> str:
        return f"{fold}({column})" if fold else column

    title = folded("coalesce(title, '')")
    text = folded(f"left(coalesce(text, ''), {PG_SEARCH_TEXT_CHARS})")
    op.execute("DROP INDEX IF EXISTS ix_articles_search_vector")
    op.execute("ALTER TABLE articles DROP COLUMN search_vector")
    op.execute(
        "ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
        f"setweight(to_tsvector('tidings_english', {title}), 'A') || "
        f"setweight(to_tsvector('tidings_simple', {title}), 'A') || "
        f"setweight(to_tsvector('tidings_english', {text}), 'B')"
        ") STORED"
    )
    op.execute("CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)")


def _create_postgresql_fold() -> None:
    utf8 = op.get_bind().exec_driver_sql("SHOW server_encoding").scalar() == "UTF8"
    body = "SELECT normalize($1, NFKC)" if utf8 else "SELECT $1"
    op.execute(
        "CREATE OR REPLACE FUNCTION tidings_fold(text) RETURNS text "
        f"LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ {body} $$"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIEW article_search_text AS "
            "SELECT id, tidings_nfkc(title) AS title, tidings_nfkc(text) AS text FROM articles"
        )
        _sqlite_search("article_search_text", "tidings_nfkc")
        return
    _create_postgresql_fold()
    _postgresql_search_vector("tidings_fold")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_search("articles", "")
        op.execute("DROP VIEW IF EXISTS article_search_text")
        return
    _postgresql_search_vector("")
    op.execute("DROP FUNCTION IF EXISTS tidings_fold(text)")
