"""PostgreSQL search reads words as SQLite's FTS5 does: numbers, codes and common words are found,
and a word is found by the same words on both.

Before, PostgreSQL indexed article text with ``tidings_english`` alone, unlike FTS5
(``porter unicode61``) in three ways, so a query found articles on one database and not the other:

* its parser reads ``S-400`` as ``s`` and ``-400`` (a signed number), ``example.com`` as a host,
  ``3.14`` as one number and ``Russia-Belarus`` as a compound and its parts, where FTS5 splits
  words and numbers at every punctuation mark: neither ``S-400`` nor ``400`` found the text;
* ``english`` drops stop words (``the``, ``and``, ``s``): they were not found in the text, and
  ``"putin's"`` (the phrase ``putin s``) was read as ``putin`` alone;
* it stems with Snowball's English stemmer (``used`` is ``use``), FTS5 with Porter's algorithm
  (``used`` is ``us``), which leaves words of under 3 or over 64 bytes as they are.

This makes ``tidings_porter``, a text search configuration reading words through ``unaccent``
(where 0010 could install it) and Snowball's ``porter`` stemmer, without stop words, and
``tidings_search_vector(doc, config)``, which turns punctuation into space and rewrites the words
on which FTS5's Porter and Snowball's differ (``_REWRITES``) before ``to_tsvector`` reads them.
Over some 96,000 words of the test fixtures and their suffixed forms, both databases then index
the same stem for every word written in plain Latin letters but made-up ones such as "todayies".
``tidings_search_query(words, config, prefix, weights)`` reads a query's term the same way, as a
phrase; ``store/search.py`` uses both. The column ``search_vector`` and its index are rebuilt from
the stored articles. Nothing changes on SQLite.

The configuration is named in the column's expression, not in the functions, so that computing
the column does not depend on the search path (a restore runs with an empty one).

Revision ID: 0021
Revises: 0017
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0021"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As in 0001, 0010 and 0017: a tsvector is capped at 1 MB.
PG_SEARCH_TEXT_CHARS = 400_000

# What separates words: punctuation by the database's locale, and, for a database whose locale
# reads every character past ASCII as a letter ("C"), the common punctuation blocks by code
# (Latin-1 punctuation and signs, general punctuation, currency signs, CJK punctuation).
_PUNCTUATION_UTF8 = (
    r"[[:punct:]\u00a0-\u00bf\u00d7\u00f7\u2000-\u206f\u20a0-\u20cf\u3000-\u3004\u3008-\u3020]+"
)
_PUNCTUATION_OTHER = "[[:punct:]]+"

# Where FTS5's Porter stemmer (SQLite's fts5_tokenize.c) and Snowball's porter differ, the word
# is rewritten so that Snowball gives FTS5's stem. Words are what lies between spaces by then (the
# regular expressions' own \m and \w would end a word at any letter past ASCII in a database of
# locale "C", whose parser reads those as letters). Porter's measure m > 0 is a vowel followed by
# a consonant, "y" being a vowel after a consonant.
_START = "(?<![^[:space:]])"
_END = "(?![^[:space:]])"
_LETTERS = "[^[:space:]]*"
_VOWEL = "(?:[aeiou]|[^aeiouy[:space:]]y)"
_VOWEL_CONSONANT = f"{_VOWEL}[^aeiou[:space:]]"
# The endings that Porter's step 1 turns into "i" ("technology", "technologies").
_TO_I = "(?:y|ies|i|is|ied|ying|ys|yed|iing)"
_REWRITES = (
    # FTS5 turns "logi" into "log" and "bli" into "ble" (step 2) where m > 0 before them.
    (f"{_START}({_LETTERS}{_VOWEL_CONSONANT}{_LETTERS})log{_TO_I}{_END}", r"\1log"),
    (f"{_START}({_LETTERS}{_VOWEL_CONSONANT}{_LETTERS})bl{_TO_I}{_END}", r"\1ble"),
    # Once "ed" or "ing" is gone it undoubles every final consonant but l, s and z ("trekking"
    # is "trek"); Snowball only b, d, f, g, m, n, p, r and t.
    (f"{_START}({_LETTERS}{_VOWEL}{_LETTERS})([chjkqvwx])\\2(?:ed|ing){_END}", r"\1\2"),
    # It leaves a word of under 3 or over 64 bytes as it is ("us", "is"; Snowball: "u", "i").
    # Such a word becomes the first part of a hyphenated word whose second part is "é": the
    # configuration reads the ASCII parts of a hyphenated word as they are and ignores the rest
    # (no other hyphenated word is left once punctuation is space), and a word ignored takes no
    # place, so phrases still match.
    (f"{_START}([a-z0-9]s|[aeiou]y){_END}", r"\1-é"),
    (f"{_START}[a-z0-9]{{65,}}{_END}", r"\&-é"),
)
# The default parser's token types: words, numbers and the parts of rewritten words (the others,
# such as URLs and signed numbers, need punctuation, which is space by then).
_STEMMED_TYPES = (
    "asciiword, word, numword, uint, sfloat, int, float, version, email, url, host, file, url_path"
)
_PLAIN_TYPES = "hword_asciipart, hword_numpart"
_IGNORED_TYPES = "asciihword, hword, numhword, hword_part"
# A lexeme quoted as tsquery input.
_QUOTED = r"'''' || replace(replace(v.lexeme, '\', '\\'), '''', '''''') || ''''"


def _vector_function(punctuation: str) -> str:
    words = f"regexp_replace($1, '{punctuation}', ' ', 'g')"
    for pattern, replacement in _REWRITES:
        words = f"regexp_replace({words}, '{pattern}', '{replacement}', 'gi')"
    return (
        "CREATE FUNCTION tidings_search_vector(doc text, config regconfig) RETURNS tsvector "
        f"LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $body$ SELECT to_tsvector($2, {words}) $body$"
    )


# A term's words as a phrase of lexemes, each a prefix when ``prefix``, and found only with one of
# the ``weights`` ("A": the title, "B": the text) when it names any.
_QUERY_FUNCTION = f"""
CREATE FUNCTION tidings_search_query(words text, config regconfig, prefix boolean, weights text)
RETURNS tsquery LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $body$
SELECT coalesce(string_agg(
  {_QUOTED} || CASE WHEN $3 OR $4 <> '' THEN ':' || CASE WHEN $3 THEN '*' ELSE '' END || $4 ELSE '' END,
  ' <-> ' ORDER BY position
), '')::tsquery
FROM unnest(tidings_search_vector($1, $2)) AS v, unnest(v.positions) AS position
$body$
"""


def _unaccent_schema() -> str | None:
    """Where migration 0010 found or installed ``unaccent``, or None where it could not."""
    found = (
        op.get_bind()
        .exec_driver_sql(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'unaccent'"
        )
        .scalar()
    )
    return None if found is None else str(found)


def _search_vector(expression: str) -> None:
    op.execute("DROP INDEX IF EXISTS ix_articles_search_vector")
    op.execute("ALTER TABLE articles DROP COLUMN search_vector")
    op.execute(
        f"ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({expression}) STORED"
    )
    op.execute("CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        return
    schema = _unaccent_schema()
    unaccent = "" if schema is None else '"' + schema.replace('"', '""') + '".unaccent, '
    op.execute("CREATE TEXT SEARCH DICTIONARY tidings_porter_stem (TEMPLATE = snowball, LANGUAGE = porter)")
    op.execute("CREATE TEXT SEARCH CONFIGURATION tidings_porter (COPY = pg_catalog.simple)")
    for types, dictionary in ((_STEMMED_TYPES, "tidings_porter_stem"), (_PLAIN_TYPES, "simple")):
        op.execute(
            f"ALTER TEXT SEARCH CONFIGURATION tidings_porter ALTER MAPPING FOR {types} "
            f"WITH {unaccent}{dictionary}"
        )
    op.execute(f"ALTER TEXT SEARCH CONFIGURATION tidings_porter DROP MAPPING FOR {_IGNORED_TYPES}")
    utf8 = bind.exec_driver_sql("SHOW server_encoding").scalar() == "UTF8"
    # As the driver's SQL: the patterns' "(?:" would read as bind parameters in SQLAlchemy's text().
    bind.exec_driver_sql(_vector_function(_PUNCTUATION_UTF8 if utf8 else _PUNCTUATION_OTHER))
    bind.exec_driver_sql(_QUERY_FUNCTION)

    def vector(column: str) -> str:
        return f"tidings_search_vector(tidings_fold({column}), 'tidings_porter')"

    title = vector("coalesce(title, '')")
    text = vector(f"left(coalesce(text, ''), {PG_SEARCH_TEXT_CHARS})")
    _search_vector(f"setweight({title}, 'A') || setweight({text}, 'B')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    title = "tidings_fold(coalesce(title, ''))"
    text = f"tidings_fold(left(coalesce(text, ''), {PG_SEARCH_TEXT_CHARS}))"
    _search_vector(
        f"setweight(to_tsvector('tidings_english', {title}), 'A') || "
        f"setweight(to_tsvector('tidings_simple', {title}), 'A') || "
        f"setweight(to_tsvector('tidings_english', {text}), 'B')"
    )
    op.execute("DROP FUNCTION IF EXISTS tidings_search_query(text, regconfig, boolean, text)")
    op.execute("DROP FUNCTION IF EXISTS tidings_search_vector(text, regconfig)")
    op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS tidings_porter")
    op.execute("DROP TEXT SEARCH DICTIONARY IF EXISTS tidings_porter_stem")
