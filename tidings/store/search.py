"""Full-text search over articles: FTS5 on SQLite, a ``tsvector`` on PostgreSQL, one signature.

A user's query is never passed to the database's query language as it is: ``parse_query`` reads
it into terms, and each backend's expression is built from those terms, so that both read the
same syntax the same way and no query can carry operators, column filters or syntax errors:

- words are letters and digits, all required (``putin belarus``); any other character, ``_``
  too, separates them, so a word joined by punctuation is a phrase (``S-400`` is ``"s 400"``,
  ``putin's`` is ``"putin s"``); ``"a phrase"`` matches those words in that order;
- ``-word`` and ``-"a phrase"`` exclude; a search of exclusions alone has nothing to find;
- ``OR`` (in any case: ``or``, ``Or``) between two terms makes them alternatives, and binds
  tighter than the implied AND: ``putin OR obama belarus`` is ``belarus AND (putin OR obama)``;
  to search for the word "or", quote it (``"or"``);
- ``word*`` matches words beginning so (``minsk*``);
- anything else (``:``, ``^``, ``(``, ``*`` alone) is not syntax: it separates words.

Both databases read words alike: FTS5's ``porter unicode61`` tokenizer splits the text at every
character that is not a letter or digit (a combining mark too: the virama of ``दिल्ली``) and stems
each word by Porter's algorithm, with no stop words, leaving words of under 3 or over 64 bytes as
they are. On PostgreSQL, the column reads the text through ``tidings_unmarked`` (migration 0041:
marks as space) and ``tidings_search_vector`` (migration 0021), which turns punctuation into
space and rewrites the few forms on which Snowball's Porter stemmer differs from FTS5's before the
``tidings_porter`` configuration reads the words; ``tidings_search_query`` reads a query's terms
the same way (their words have no marks: ``parse_query`` ends words there). So ``400`` finds
"S-400", ``the`` finds "the", and ``US`` finds "used" (whose stem is "us") on both.

Accents are ignored on both (``Lukašenka`` finds ``Lukasenka``): FTS5 removes diacritics, and on
PostgreSQL ``tidings_porter`` reads words through ``unaccent`` where that extension could be
installed (migration 0010).

Compatibility forms are one with their plain letters on both (``ﬁnance`` is ``finance``, full-width
``ｗｉｄｔｈ`` is ``width``, ``H₂O`` is ``H2O``): the indexed text and every query are read in
Unicode NFKC (``fold_compatibility``; migration 0017). SQLite indexes each article through
``tidings_nfkc`` (``tidings_search_text`` since 0042, below), a function the store's engine gives
every connection (``install_sqlite_functions``), and snippets quote the text so folded; PostgreSQL
through ``tidings_fold``, a SQL function.

Chinese, Japanese and Korean are read a character at a time on both (migration 0042): each Han,
kana or Hangul character (``CJK_RANGES``) is a word of its own in the indexed text, set apart by
zero-width spaces (``split_cjk``), and ``parse_query`` reads a run of them as the phrase of its
characters, so ``北京`` is ``"北 京"`` and finds "北京市今天…" (both characters, side by side, in
that order). SQLite indexes ``tidings_search_text`` (NFKC, then ``split_cjk``), PostgreSQL
``tidings_cjk_split``; snippets take the zero-width spaces out again.

Apostrophes may be left out: a word is also sought as written with one where English and names
put one (``dont`` is also ``"don t"``, ``obrien`` also ``"o brien"``), and a word typed with one
also without it (``apostrophe_spellings``); both indexes read an apostrophe as punctuation, so
this is the query's alone, and the same on both.

Snippets mark the matching words with ``MATCH_START`` and ``MATCH_END``, private-use characters,
and come back as spans (``SearchHit.snippet_spans``): a bracket in an article is just a bracket.
A phrase is one span, marked only where its words stand together: FTS5 marks it so, and
PostgreSQL's marks are corrected to match (``mark_phrases_only``). A snippet's fragments begin and
end at whole words on both (``whole_words``): neither database's snippet knows that "don’t" or
"S-400" is one word to a reader, and either may cut it. On PostgreSQL numbers count as words, as
on SQLite (``_NUMBER_END``), and the punctuation at the text's start or end is kept, as FTS5
keeps it.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy import Connection, text

from tidings.errors import TidingsError

__all__ = [
    "MAX_QUERY_CHARS",
    "MAX_QUERY_TERMS",
    "ParsedQuery",
    "SearchHit",
    "SearchQueryError",
    "SnippetSpan",
    "fold_compatibility",
    "install_sqlite_functions",
    "parse_query",
    "search_articles",
    "search_text",
    "split_cjk",
    "to_fts5_query",
]

MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 32

# The text search configuration of migration 0021: words in lower case, unaccented where
# ``unaccent`` is installed, stemmed by Porter's algorithm as FTS5's ``porter`` stems them;
# ``tidings_search_vector`` and ``tidings_search_query`` read words with it.
PG_CONFIG = "tidings_porter"

# A lexeme quoted as tsquery input, as migration 0021's ``tidings_search_query`` quotes it.
_QUOTED_LEXEME = r"'''' || replace(replace(v.lexeme, '\', '\\'), '''', '''''') || ''''"

# Marks around a matching word in a snippet, as the databases write it; private-use characters
# that no news text carries. An article that does carry one gets a snippet without highlights.
MATCH_START = "\ue000"
MATCH_END = "\ue001"

# Between a snippet's fragments, as both databases are told to write it.
FRAGMENT_DELIMITER = " … "

# What separates each CJK character from its neighbours in the indexed text: no letter to FTS5's
# unicode61 tokenizer or to PostgreSQL's parser, and invisible, so snippets cut from that text
# read as it was once these are taken out.
_WORD_BREAK = "\u200b"

# Han, Hiragana, Katakana and Hangul (with Bopomofo, and the Han letters of the CJK Symbols block
# such as 々 and 〇), as inclusive ranges of code points; their punctuation is left out (it
# separates words already). Migration 0042 builds PostgreSQL's ``tidings_cjk_split`` from them:
# changing them needs a migration that rebuilds both indexes.
CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3021, 0x3029),  # Hangzhou numerals
    (0x3031, 0x3035),  # kana repeat marks
    (0x3038, 0x303C),
    (0x3041, 0x309F),  # Hiragana
    (0x30A1, 0x30FA),  # Katakana, without the double hyphen and the middle dot
    (0x30FC, 0x30FF),
    (0x3105, 0x312F),  # Bopomofo
    (0x3131, 0x318E),  # Hangul Compatibility Jamo
    (0x31A0, 0x31BF),  # Bopomofo Extended
    (0x31F0, 0x31FF),  # Katakana Phonetic Extensions
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xA960, 0xA97F),  # Hangul Jamo Extended-A
    (0xAC00, 0xD7FF),  # Hangul Syllables, Hangul Jamo Extended-B
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0xFF66, 0xFFDC),  # half-width Katakana and Hangul
    (0x1AFF0, 0x1B16F),  # Kana Extended-B, Supplement, Extended-A, Small Kana Extension
    (0x20000, 0x323AF),  # CJK Unified Ideographs Extensions B to H, Compatibility Supplement
)
_CJK_CLASS = "".join(f"{chr(first)}-{chr(last)}" for first, last in CJK_RANGES)
_CJK = re.compile(f"[{_CJK_CLASS}]")
_CJK_APART = f"{_WORD_BREAK}\\g<0>{_WORD_BREAK}"
# A word's pieces: each CJK character alone, and the runs of other letters and digits between them.
_WORD_PIECE = re.compile(f"[{_CJK_CLASS}]|[^{_CJK_CLASS}]+")

_TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)([^\s"]+)')
# A word: letters and digits. "_" separates words, as every other punctuation mark does (FTS5's
# unicode61 tokenizer reads it so).
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


class SearchQueryError(TidingsError):
    """A search the store refuses (too long, too many terms); ``reason`` says why, without the query."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"the search {reason}")
        self.reason = reason


@dataclass(frozen=True, slots=True)
class SnippetSpan:
    """A run of a snippet's text; ``match`` when it is a word the search matched."""

    text: str
    match: bool


@dataclass(frozen=True, slots=True)
class SearchHit:
    article_id: int
    title: str
    outlet: str
    published_at: datetime | None
    snippet_spans: tuple[SnippetSpan, ...]
    score: float

    @property
    def snippet(self) -> str:
        """The snippet as plain text, without marks."""
        return "".join(span.text for span in self.snippet_spans)


@dataclass(frozen=True, slots=True)
class Term:
    """A word or phrase of a query: its words in order; ``prefix`` for ``word*``. ``spellings``:
    the same term's words as written with an apostrophe or without it (``apostrophe_spellings``),
    each an alternative the term also matches."""

    words: tuple[str, ...]
    prefix: bool = False
    spellings: tuple[tuple[str, ...], ...] = ()

    @property
    def alternatives(self) -> tuple[tuple[str, ...], ...]:
        """The term's words, then its other spellings."""
        return (self.words, *self.spellings)


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A query as terms: every group is required, and a group's terms are alternatives (OR)."""

    query: str
    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...]

    @property
    def problem(self) -> str | None:
        """Why this query can find nothing whatever is stored, or None when it can."""
        if self.groups:
            return None
        shown = _shown(self.query)
        if self.excluded:
            return (
                f"{shown} only excludes words: a search needs at least one word to find; "
                f"put one before it, as in: WORD {self.query}"
            )
        if not self.query:
            return "the search is empty: type words to find"
        return f'{shown} has no words to search for: type words, "a phrase" or word*'


# Apostrophes: both indexes read "don't" as the words "don" and "t", and "O'Brien" as "o" and
# "brien" (an apostrophe is punctuation to FTS5's tokenizer and PostgreSQL's parser alike), but
# readers type "dont" and "obrien". A query word is also sought split as written with an
# apostrophe where English and names put one: the closed set of contractions
# (``_CONTRACTIONS``: "dont" is "don t", "youre" is "you re") and a leading O' before at least
# three letters, or D' or L' before a vowel or "h" ("obrien" is "o brien", "loreal" is
# "l oreal"). A possessive needs nothing: Porter's algorithm stems "shes" and "obamas" as "she"
# and "obama", the words that "she's" and "Obama's" start with. A word typed with an apostrophe
# (straight or curly) is also sought without it ("don't" finds "dont"), but for a possessive's
# ("putin's" stays "putin s"). Contractions that are words of their own as well ("well",
# "were", "ill", "shed") are left out: "well" does not find "we'll".
_APOSTROPHES = "'\u2018\u2019"
# An apostrophe between letters, but for a possessive's: "putin's" without it is "putins", which
# Porter's algorithm stems as "putin", and would find every "Putin".
_BETWEEN_LETTERS = re.compile(f"(?<=[^\\W_])[{_APOSTROPHES}](?=[^\\W_])(?!s(?![^\\W_]))", re.IGNORECASE)
# The words before "n't" ("ca" for "can't", "wo" for "won't"), and those before "'ll", "'d",
# "'ve", "'m" and "'re".
_NEGATED: tuple[str, ...] = ("do", "does", "did", "is", "are", "was", "were", "has", "have", "had")
_NEGATED += ("ca", "could", "would", "should", "must", "might", "need", "wo", "ai", "sha")
_PRONOUNS: tuple[str, ...] = ("i", "you", "he", "she", "it", "we", "they", "that", "there", "who")
_PRONOUNS += ("what", "where", "here", "how")
_ENDINGS = {"m": ("i",), "re": ("you", "we", "they", "who", "what", "there")}
_AMBIGUOUS = frozenset({"ill", "id", "hell", "well", "shell", "were", "wed", "shed", "whore"})


def _contractions() -> dict[str, tuple[str, str]]:
    split: dict[str, tuple[str, str]] = {f"{stem}nt": (f"{stem}n", "t") for stem in _NEGATED}
    for ending in ("ll", "d", "ve"):
        for pronoun in _PRONOUNS:
            split[pronoun + ending] = (pronoun, ending)
    for ending, pronouns in _ENDINGS.items():
        for pronoun in pronouns:
            split[pronoun + ending] = (pronoun, ending)
    return {joined: words for joined, words in split.items() if joined not in _AMBIGUOUS}


_CONTRACTIONS = _contractions()
# O' before any name (O'Brien); French and Italian D' and L' only before a vowel or "h" (l'Oréal,
# d'Artagnan), where they elide.
_ELIDED = re.compile(r"(o)([^\W\d_]{3,})|([dl])([aeiouhàâéèêîôû][^\W\d_]{2,})")


def _word_split(word: str) -> tuple[str, ...] | None:
    """``word`` as the words it is read as when written with an apostrophe, or None."""
    lowered = word.casefold()
    if lowered in _CONTRACTIONS:
        return _CONTRACTIONS[lowered]
    elided = _ELIDED.fullmatch(lowered)
    if elided is None:
        return None
    return (elided.group(1), elided.group(2)) if elided.group(1) else (elided.group(3), elided.group(4))


def apostrophe_spellings(raw: str, words: list[str], *, prefix: bool) -> tuple[tuple[str, ...], ...]:
    """Other spellings of the term written ``raw`` and read as ``words``: its words with the
    apostrophes between letters dropped, or each word in turn split where an apostrophe would
    stand (see ``_CONTRACTIONS``). None for ``word*``: PostgreSQL would read every word of a split
    prefix as a prefix, FTS5 only the last."""
    if prefix:
        return ()
    spellings = [tuple(_words(_BETWEEN_LETTERS.sub("", raw)))]
    for index, word in enumerate(words):
        split = _word_split(word)
        if split is not None:
            spellings.append((*words[:index], *split, *words[index + 1 :]))
    return tuple(dict.fromkeys(spelling for spelling in spellings if spelling != tuple(words)))


def _words(raw: str) -> list[str]:
    """The words of a term as written: runs of letters and digits, each CJK character alone."""
    return [piece for word in _WORD.findall(raw) for piece in _WORD_PIECE.findall(word)]


def _shown(query: str) -> str:
    return repr(query if len(query) <= 60 else query[:60] + "…")


def fold_compatibility(text: str | None) -> str | None:
    """``text`` in Unicode NFKC, as search reads both what it indexes and what it is asked:
    ligatures, full-width letters, sub- and superscripts as the plain characters they stand for."""
    return None if text is None else unicodedata.normalize("NFKC", text)


# The SQL name of ``fold_compatibility`` on SQLite: the search index's triggers and the view its
# snippets read (migration 0017) call it, so every connection that writes articles needs it.
SQLITE_FOLD_FUNCTION = "tidings_nfkc"


def split_cjk(text: str) -> str:
    """``text`` with each CJK character between zero-width spaces, so that it is a word of its own
    to both databases (Chinese and Japanese put no space between words)."""
    return _CJK.sub(_CJK_APART, text)


def search_text(text: str | None) -> str | None:
    """``text`` as SQLite's search index reads it (migration 0042): in NFKC
    (``fold_compatibility``), each CJK character set apart (``split_cjk``)."""
    folded = fold_compatibility(text)
    return None if folded is None else split_cjk(folded)


# The SQL name of ``search_text`` on SQLite, which migration 0042's view and triggers call.
SQLITE_SEARCH_TEXT_FUNCTION = "tidings_search_text"


def install_sqlite_functions(connection: sqlite3.Connection) -> None:
    """Give a SQLite connection the functions the search index is built with (the one of
    migrations 0017 to 0041 too, which a store migrated from an older release calls until 0042)."""
    connection.create_function(SQLITE_FOLD_FUNCTION, 1, fold_compatibility, deterministic=True)
    connection.create_function(SQLITE_SEARCH_TEXT_FUNCTION, 1, search_text, deterministic=True)


def clean_query(query: str) -> str:
    """A query with NUL bytes as spaces, trimmed, in NFKC as the index is (``fold_compatibility``)."""
    return unicodedata.normalize("NFKC", query.replace("\x00", " ")).strip()


def parse_query(query: str) -> ParsedQuery:
    """``query`` read into terms (see the module's docstring for the syntax). Raises
    ``SearchQueryError`` for a query over ``MAX_QUERY_CHARS`` or ``MAX_QUERY_TERMS``: a query is
    never cut short, since the terms cut off would silently not count. Words are read in NFKC,
    as the index reads the text (``fold_compatibility``)."""
    query = clean_query(query)
    if len(query) > MAX_QUERY_CHARS:
        raise SearchQueryError(
            f"is {len(query):,} characters; a search may have at most {MAX_QUERY_CHARS}, so shorten it"
        )
    folded = unicodedata.normalize("NFKC", query)
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    count = 0
    pending_or = False
    after_positive = False
    for match in _TOKEN.finditer(folded):
        bare = match.group(4)
        negated = bool(match.group(1) or match.group(3))
        raw = match.group(2) if match.group(2) is not None else bare
        if bare is not None and not negated and bare.casefold() == "or":
            pending_or = after_positive
            continue
        words = _words(raw)
        if not words:
            continue
        count += 1
        if count > MAX_QUERY_TERMS:
            total = count + sum(1 for rest in _TOKEN.finditer(folded[match.end() :]) if _is_term(rest))
            raise SearchQueryError(
                f"has {total} words and phrases; a search may have at most {MAX_QUERY_TERMS}, "
                "so leave some out"
            )
        prefix = bare is not None and raw.endswith("*") and len(words) == 1
        term = Term(tuple(words), prefix, apostrophe_spellings(raw, words, prefix=prefix))
        if negated:
            excluded.append(term)
            after_positive = False
        elif pending_or:
            groups[-1].append(term)
            after_positive = True
        else:
            groups.append([term])
            after_positive = True
        pending_or = False
    return ParsedQuery(query, tuple(tuple(group) for group in groups), tuple(excluded))


def _is_term(match: re.Match[str]) -> bool:
    bare = match.group(4)
    raw = match.group(2) if match.group(2) is not None else bare
    if bare is not None and not match.group(3) and bare.casefold() == "or":
        return False
    return bool(_WORD.search(raw))


def _fts5_term(term: Term) -> str:
    phrases = ['"' + " ".join(words) + '"' + ("*" if term.prefix else "") for words in term.alternatives]
    return phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"


def _fts5_positives(parsed: ParsedQuery) -> str:
    return " AND ".join(
        _fts5_term(group[0]) if len(group) == 1 else "(" + " OR ".join(map(_fts5_term, group)) + ")"
        for group in parsed.groups
    )


def to_fts5_query(query: str) -> str | None:
    """An FTS5 MATCH expression for a user's query, or None when it has no word to find."""
    parsed = parse_query(query)
    if not parsed.groups:
        return None
    expression = _fts5_positives(parsed)
    if parsed.excluded:
        expression = f"({expression}) NOT ({' OR '.join(map(_fts5_term, parsed.excluded))})"
    return expression


def to_tsquery_sql(parsed: ParsedQuery) -> tuple[str, str, str, str, dict[str, str]]:
    """SQL for the PostgreSQL ``tsquery`` of a parsed query with a word to find: the whole query's,
    the positive terms' found in the title alone and in the text alone, the snippet's (below),
    and their bound parameters. Each term is made by the database (``tidings_search_query``,
    migration 0021: its words read, stemmed and unaccented as the stored words are, as a phrase)
    and the terms are joined with ``&&``, ``||`` and ``!!`` exactly as the FTS5 expression joins
    them."""
    params: dict[str, str] = {}
    names: dict[tuple[str, ...], str] = {}

    def name_of(words: tuple[str, ...]) -> str:
        name = names.get(words)
        if name is None:
            name = names[words] = f"t{len(params)}"
            params[name] = " ".join(words)
        return name

    def spelling_sql(term: Term, words: tuple[str, ...], weights: str) -> str:
        prefix = "true" if term.prefix else "false"
        return f"tidings_search_query(:{name_of(words)}, '{PG_CONFIG}', {prefix}, '{weights}')"

    def term_sql(term: Term, weights: str = "") -> str:
        spellings = [spelling_sql(term, words, weights) for words in term.alternatives]
        return spellings[0] if len(spellings) == 1 else "(" + " || ".join(spellings) + ")"

    def positives(weights: str = "") -> str:
        return " && ".join(
            "(" + " || ".join(term_sql(term, weights) for term in group) + ")" for group in parsed.groups
        )

    def headline_sql(term: Term, words: tuple[str, ...]) -> str:
        # ts_headline reads the snippet's words with the configuration alone, without
        # tidings_search_vector's rewrites: there "US" is Snowball's "u", not the index's "us",
        # and "technology" is "technologi", not "technolog". So each term is read that way too,
        # as an alternative, for the words it matched in the index to be marked.
        indexed = spelling_sql(term, words, "")
        if not term.prefix:
            # A prefix's lexeme begins that of the number written so already.
            indexed = f"{indexed} || {_numbers_as_words_sql(indexed)}"
        if any(len(word) <= 2 for word in words):
            # Such words read as the index reads them (``_SHORT_WORD_END``), and their Snowball
            # stems would mark every lone letter ("as" is "a").
            return indexed
        suffix = ":*" if term.prefix else ""
        return (
            f"{indexed} || (SELECT coalesce(string_agg({_QUOTED_LEXEME} || '{suffix}', ' <-> ' "
            f"ORDER BY position), '')::tsquery FROM unnest(to_tsvector('{PG_CONFIG}', "
            f":{name_of(words)})) AS v, unnest(v.positions) AS position)"
        )

    whole = positives()
    if parsed.excluded:
        whole = f"({whole}) && !!(" + " || ".join(term_sql(term) for term in parsed.excluded) + ")"
    # The snippet's: every positive term as an alternative, as FTS5's snippet marks each term
    # wherever it stands. With the query's ANDs, a text that held some of the words and not the
    # rest (those being in the title) had no cover, and ts_headline marked nothing.
    headline = " || ".join(
        headline_sql(term, words) for group in parsed.groups for term in group for words in term.alternatives
    )
    return whole, positives("A"), positives("B"), headline, params


# A lexeme of digits alone in a ``tsquery``'s text: a quote mark beside its quotes would make them
# escaped quotes inside another lexeme.
_NUMBER_LEXEME = r"(?<!')'([0-9]+)'(?!')"


def _numbers_as_words_sql(tsquery_sql: str) -> str:
    """SQL for the ``tsquery`` that ``tsquery_sql`` makes, each lexeme of digits alone read as
    ts_headline reads a number in a snippet's text, with ``_NUMBER_END``. Its lexemes, not the
    query's words: "90s" and "1990s" are stemmed to the numbers "90" and "1990", which the
    text's "90" and "1990" match."""
    pattern = _NUMBER_LEXEME.replace("'", "''")
    return f"regexp_replace(({tsquery_sql})::text, '{pattern}', '''\\1{_NUMBER_END}''', 'g')::tsquery"


def snippet_spans(marked: str, *, ambiguous: bool = False) -> tuple[SnippetSpan, ...]:
    """A snippet's spans from its text as the database marked it. ``ambiguous``: the article
    itself carries a mark character, so no mark can be trusted and none is shown."""
    if ambiguous:
        plain = marked.replace(MATCH_START, "").replace(MATCH_END, "")
        return (SnippetSpan(plain, False),) if plain else ()
    spans: list[SnippetSpan] = []
    for index, part in enumerate(re.split(f"[{MATCH_START}{MATCH_END}]", marked)):
        if not part:
            continue
        match = index % 2 == 1
        if spans and spans[-1].match == match:
            spans[-1] = SnippetSpan(spans[-1].text + part, match)
        else:
            spans.append(SnippetSpan(part, match))
    return tuple(spans)


# Ranking, the same on both databases: 2 when the words to find are all in the title, plus 1 when
# they are all in the text, plus the database's relevance squashed into [0, 1). An article whose
# title and text both match ranks above one that matches only by its headline, however short that
# headline-only article is (plain BM25 normalises by the length of title and text together, so an
# article with no text won on length alone), and a title match above a text-only one.
_SQLITE_SEARCH = f"""
SELECT a.id, a.title, o.name AS outlet, a.published_at,
  replace(snippet(article_search, 1, '{MATCH_START}', '{MATCH_END}', '{FRAGMENT_DELIMITER}', 24),
    '{_WORD_BREAK}', '') AS snippet,
  (instr(a.text, '{MATCH_START}') + instr(a.text, '{MATCH_END}')) > 0 AS ambiguous,
  {SQLITE_FOLD_FUNCTION}(a.text) AS source,
  (CASE WHEN a.id IN (SELECT rowid FROM article_search WHERE article_search MATCH :in_title)
        THEN 2 ELSE 0 END)
  + (CASE WHEN a.id IN (SELECT rowid FROM article_search WHERE article_search MATCH :in_text)
        THEN 1 ELSE 0 END)
  + (-bm25(article_search, 8.0, 1.0)) / (1.0 - bm25(article_search, 8.0, 1.0)) AS score
FROM article_search JOIN articles a ON a.id = article_search.rowid
JOIN outlets o ON o.id = a.outlet_id
WHERE article_search MATCH :expression
ORDER BY score DESC, a.sort_at DESC LIMIT :limit OFFSET :offset
"""

# A letter that no news text carries, added to words in the text ts_headline reads and taken out of
# the snippet again.
_UNSEEN_LETTER = "\ua7f7"

# Appended to a word of two letters that FTS5 leaves unstemmed and Snowball stems ("us" is "u"),
# as migration 0021's index appends "-é", for ts_headline to read the word unstemmed as the index
# holds it and mark "US" (a lone "U" is not marked). A hyphen and ``_UNSEEN_LETTER``.
_SHORT_WORD_END = f"-{_UNSEEN_LETTER}"

# Appended to a number, which ts_headline then reads as a word of digits and letters: it begins
# and ends no fragment at a number, and so cut "$5" at the end of "The price rose to $5" and every
# number from the end of "The price was 10 20 30" (FTS5 reads a number as any other word). The
# snippet's query seeks each number as so written (``_numbers_as_words_sql``).
_NUMBER_END = _UNSEEN_LETTER

# Snippets on PostgreSQL: ts_headline parses the text itself, and its parser reads "S-400" as "s"
# and "-400", "U.S." as one word, "北京市" as one word; a zero-width space after each punctuation
# mark and around each CJK character (``tidings_cjk_split``, migration 0042) splits them there as
# the index does, so that the words matched are marked. The spaces are taken out again. The text
# the snippet is cut from (``source``) comes back too, for ``whole_words``.

_POSTGRESQL_SEARCH = f"""
WITH q AS NOT MATERIALIZED (
  SELECT __WHOLE__ AS tsq, __IN_TITLE__ AS in_title, __IN_TEXT__ AS in_text, __HEADLINE__ AS headline
),
ranked AS (
  SELECT a.id, a.sort_at,
    (CASE WHEN a.search_vector @@ q.in_title THEN 2 ELSE 0 END)
    + (CASE WHEN a.search_vector @@ q.in_text THEN 1 ELSE 0 END)
    + ts_rank_cd(a.search_vector, q.tsq, 32) AS score
  FROM articles a, q
  WHERE a.search_vector @@ q.tsq
  ORDER BY score DESC, a.sort_at DESC LIMIT :limit OFFSET :offset
)
SELECT a.id, a.title, o.name AS outlet, a.published_at,
  replace(replace(replace(ts_headline('{PG_CONFIG}', regexp_replace(regexp_replace(tidings_cjk_split(
    regexp_replace(f.source, '([[:punct:]])', '\\1{_WORD_BREAK}', 'g')),
    '(?<![[:alnum:]])([a-z0-9]s|[aeiou]y)(?![[:alnum:]])', '\\1{_SHORT_WORD_END}', 'gi'),
    '(?<![[:alnum:]])([0-9]+)(?![[:alnum:]])', '\\1{_NUMBER_END}', 'g'),
    q.headline, :headline), '{_WORD_BREAK}', ''), '{_SHORT_WORD_END}', ''), '{_UNSEEN_LETTER}', '')
    AS snippet,
  (strpos(a.text, '{MATCH_START}') + strpos(a.text, '{MATCH_END}')) > 0 AS ambiguous,
  f.source,
  ranked.score
FROM ranked JOIN articles a ON a.id = ranked.id JOIN outlets o ON o.id = a.outlet_id, q,
  LATERAL (SELECT tidings_fold(left(a.text, 20000)) AS source) AS f
ORDER BY ranked.score DESC, ranked.sort_at DESC
"""

_HEADLINE_OPTIONS = (
    f'StartSel="{MATCH_START}", StopSel="{MATCH_END}", MaxFragments=2, MaxWords=24, MinWords=8, '
    # ts_headline drops a fragment's first and last words of up to ShortWord (3) letters unless
    # they matched: "As zebras gathered" lost "As". No word is dropped now; nor is a number
    # (``_NUMBER_END``), and the punctuation before a text's first word and after its last,
    # which it drops too, is put back by ``whole_words``.
    "ShortWord=0, "
    f'FragmentDelimiter="{FRAGMENT_DELIMITER}"'
)


# Each word's lexemes in order, as the PostgreSQL index reads them (migrations 0017 and 0021).
_POSTGRESQL_LEXEMES = f"""
SELECT w.word, array(
  SELECT v.lexeme FROM unnest(tidings_search_vector(tidings_fold(w.word), '{PG_CONFIG}')) AS v,
  unnest(v.positions) AS position ORDER BY position
) AS lexemes
FROM unnest(CAST(:words AS text[])) AS w(word)
"""


def _postgresql_lexemes(connection: Connection, words: set[str]) -> dict[str, tuple[str, ...]]:
    rows = connection.execute(text(_POSTGRESQL_LEXEMES), {"words": sorted(words)}).all()
    return {row.word: tuple(row.lexemes) for row in rows}


def _span_words(span: SnippetSpan) -> str:
    """A marked span's text as the index reads it: each CJK character a word of its own (the
    marks of ``記者会見``'s characters run together into one span)."""
    return split_cjk(span.text)


def mark_phrases_only(
    spans: tuple[SnippetSpan, ...],
    terms: list[Term],
    lexemes: dict[str, tuple[str, ...]],
) -> tuple[SnippetSpan, ...]:
    """A PostgreSQL snippet with a phrase marked only where its words stand together, in order,
    as FTS5 marks it, and each such occurrence one span ("climate change", "don't").

    ts_headline marks every word of a ``tsquery`` wherever it stands in the snippet: a phrase
    "climate change" marked each "climate" and each "change", "dont" (the phrase "don t") every
    lone "t". Words are compared by their lexemes (``lexemes``: each span's and each term's
    words, read as the index reads them). A marked span is unmarked when each of its lexemes is a
    phrase's and it stands in no occurrence of that phrase; a span whose lexemes no term accounts
    for is left as ts_headline marked it."""
    phrases: list[tuple[str, ...]] = []
    singles: list[tuple[str, bool]] = []
    for term in terms:
        for words in term.alternatives:
            read = lexemes.get(" ".join(words), ())
            if len(read) > 1:
                phrases.append(read)
            elif read:
                singles.append((read[0], term.prefix))
    if not phrases:
        return spans
    phrase_lexemes = {lexeme for phrase in phrases for lexeme in phrase}
    # The marked lexemes in order, each with its span, in runs of spans with no word between.
    runs: list[list[tuple[str, int]]] = []
    for index, span in enumerate(spans):
        if not span.match:
            if _WORD.search(span.text):
                runs.append([])
            continue
        if not runs:
            runs.append([])
        runs[-1].extend((lexeme, index) for lexeme in lexemes.get(_span_words(span), ()))
    kept: set[int] = set()
    joined: set[int] = set()
    for run in runs:
        in_run = tuple(lexeme for lexeme, _ in run)
        for phrase in phrases:
            for start in range(len(in_run) - len(phrase) + 1):
                if in_run[start : start + len(phrase)] == phrase:
                    first, last = run[start][1], run[start + len(phrase) - 1][1]
                    kept.update(range(first, last + 1))
                    joined.update(range(first + 1, last))
    for index, span in enumerate(spans):
        read = lexemes.get(_span_words(span), ()) if span.match else ()
        alone = any(
            lexeme == single or (prefix and lexeme.startswith(single))
            for lexeme in read
            for single, prefix in singles
        )
        if alone or (read and not set(read) <= phrase_lexemes):
            kept.add(index)
    marked = [
        SnippetSpan(span.text, (span.match and index in kept) or index in joined)
        for index, span in enumerate(spans)
    ]
    return _merged(marked)


# What joins the parts of a word that both databases read as words of their own, so that a
# snippet's fragment may begin or end inside it: an apostrophe ("don’t", "O’Brien"), a hyphen
# ("S-400"), a full stop ("U.S.", "3.14") or a comma ("1,000") between two letters or digits. FTS5
# may start its window at any word, and ts_headline a fragment at any word of the query: for
# `dont` (also the phrase "don t") one began "t trust the council", of "don’t trust the council".
# CJK characters are words of their own, so their neighbours are not parts of one word.
_JOINERS = frozenset(_APOSTROPHES + "-\u2010\u2011.,")
_PART = re.compile(f"[^\\W_{_CJK_CLASS}]")


def _is_part(written: str, index: int) -> bool:
    """Whether ``written[index]`` is a letter or digit of a word that a joiner may join."""
    return 0 <= index < len(written) and _PART.match(written, index) is not None


def _joins(written: str, index: int) -> bool:
    """Whether ``written[index]`` joins two parts of one word."""
    return written[index] in _JOINERS and _is_part(written, index - 1) and _is_part(written, index + 1)


def _word_start(written: str, index: int) -> int:
    """Where the word holding ``written[index]`` (a part) begins, its joined parts too."""
    while index > 0 and (_is_part(written, index - 1) or (index > 1 and _joins(written, index - 1))):
        index -= 1
    return index


def _word_end(written: str, index: int) -> int:
    """Where the word holding ``written[index - 1]`` (a part) ends, its joined parts too."""
    while index < len(written) and (_is_part(written, index) or _joins(written, index)):
        index += 1
    return index


def _last_word_end(written: str) -> int:
    """Where the last word of ``written`` ends (0 without one)."""
    index = len(written)
    while index > 0 and _WORD.match(written, index - 1) is None:
        index -= 1
    return index


@dataclass(slots=True)
class _Fragment:
    """A snippet's fragment: its characters, whether each is marked, and where it stands in the
    text it was cut from (``source``)."""

    written: str
    marks: list[bool]
    start: int
    source: str

    @property
    def end(self) -> int:
        return self.start + len(self.written)

    def keep(self, start: int, end: int) -> None:
        """Keep ``written[start:end]`` alone."""
        self.written, self.marks = self.written[start:end], self.marks[start:end]
        self.start += start

    def widen(self, start: int, end: int) -> None:
        """Widen to ``source[start:end]``, the text added unmarked."""
        before, after = self.source[start : self.start], self.source[self.end : end]
        self.written = before + self.written + after
        self.marks = [False] * len(before) + self.marks + [False] * len(after)
        self.start = start

    def whole_words(self) -> bool:
        """Begin and end at whole words: a word cut at a joiner is given whole where its part
        inside is marked ("Brien" of "O’Brien", matched by `brien`) and is left out otherwise, as
        the snippet's other words are whole ("t trust" of "don’t trust" is "trust"). At the
        text's first or last word, the punctuation before or after it is added, as FTS5 gives it
        ("$5", "2026."). False when nothing is left."""
        if self.start > 0 and _WORD.match(self.written) is None and _is_part(self.source, self.start - 1):
            # On PostgreSQL, a fragment that ts_headline began at the unseen letter of a short word
            # ("as-ꟷ", ``_SHORT_WORD_END``) lost the word itself: " well as" for "as well as".
            self.widen(_word_start(self.source, self.start - 1), self.end)
        if not (self._starts_at_a_word() and self._ends_at_a_word()):
            return False
        first = _WORD.search(self.source)
        if first is not None and self.start <= first.start():
            self.widen(0, self.end)
        if self.end >= _last_word_end(self.source):
            self.widen(self.start, len(self.source))
        return True

    def _starts_at_a_word(self) -> bool:
        """Begin at a word's start; False when no word is left."""
        if not (_is_part(self.written, 0) and self.start > 1 and _joins(self.source, self.start - 1)):
            return True
        inside = _word_end(self.written, 0)
        if any(self.marks[:inside]):
            self.widen(_word_start(self.source, self.start), self.end)
            return True
        following = _WORD.search(self.written, inside)
        if following is None:
            return False
        self.keep(following.start(), len(self.written))
        return True

    def _ends_at_a_word(self) -> bool:
        """End at a word's end; False when no word is left."""
        last = len(self.written) - 1
        if not (
            _is_part(self.written, last) and self.end + 1 < len(self.source) and _joins(self.source, self.end)
        ):
            return True
        inside = _word_start(self.written, last)
        if any(self.marks[inside:]):
            self.widen(self.start, _word_end(self.source, self.end))
            return True
        preceding = [word.end() for word in _WORD.finditer(self.written, 0, inside)]
        if not preceding:
            return False
        self.keep(0, preceding[-1])
        return True


def whole_words(spans: tuple[SnippetSpan, ...], source: str) -> tuple[SnippetSpan, ...]:
    """A snippet whose fragments begin and end at whole words (``_Fragment.whole_words``),
    ``source`` being the text it was cut from. A fragment not found there is left as it is (one
    holding an article's own mark character, or on PostgreSQL a tag, which ts_headline writes as a
    space)."""
    plain = "".join(span.text for span in spans)
    marks = [span.match for span in spans for _ in span.text]
    pieces: list[tuple[str, list[bool]]] = []
    offset = cursor = 0
    for written in plain.split(FRAGMENT_DELIMITER):
        fragment = _Fragment(written, marks[offset : offset + len(written)], -1, source)
        offset += len(written) + len(FRAGMENT_DELIMITER)
        if _WORD.search(written):
            fragment.start = source.find(written, cursor)
        if fragment.start >= 0:
            cursor = fragment.end
            if not fragment.whole_words():
                continue
        pieces.append((fragment.written, fragment.marks))
    if not any(_WORD.search(written) for written, _ in pieces):
        return spans
    joined: list[SnippetSpan] = []
    for index, (written, piece_marks) in enumerate(pieces):
        if index:
            joined.append(SnippetSpan(FRAGMENT_DELIMITER, False))
        joined.extend(map(SnippetSpan, written, piece_marks))
    return _merged(joined)


def _merged(spans: list[SnippetSpan]) -> tuple[SnippetSpan, ...]:
    """``spans`` with neighbours of the same kind joined."""
    merged: list[SnippetSpan] = []
    for span in spans:
        if merged and merged[-1].match == span.match:
            merged[-1] = SnippetSpan(merged[-1].text + span.text, span.match)
        else:
            merged.append(span)
    return tuple(merged)


def search_articles(
    connection: Connection, query: str, *, limit: int = 20, offset: int = 0
) -> list[SearchHit]:
    """Articles matching ``query``, best first; a query with no word to find matches nothing
    (``parse_query(query).problem`` says why). Raises ``SearchQueryError`` for a query too long
    or with too many terms."""
    parsed = parse_query(query)
    if not parsed.groups:
        return []
    if connection.dialect.name == "sqlite":
        positives = _fts5_positives(parsed)
        rows = connection.execute(
            text(_SQLITE_SEARCH),
            {
                "expression": to_fts5_query(parsed.query),
                "in_title": f"{{title}} : ({positives})",
                "in_text": f"{{text}} : ({positives})",
                "limit": limit,
                "offset": offset,
            },
        ).all()
    else:
        whole, in_title, in_text, headline, params = to_tsquery_sql(parsed)
        sql = _POSTGRESQL_SEARCH.replace("__WHOLE__", whole).replace("__IN_TITLE__", in_title)
        sql = sql.replace("__IN_TEXT__", in_text).replace("__HEADLINE__", headline)
        rows = connection.execute(
            text(sql),
            {**params, "headline": _HEADLINE_OPTIONS, "limit": limit, "offset": offset},
        ).all()
    hits = [
        SearchHit(
            article_id=int(row.id),
            title=row.title,
            outlet=row.outlet,
            published_at=_parse_datetime(row.published_at),
            snippet_spans=snippet_spans(row.snippet or "", ambiguous=bool(row.ambiguous)),
            score=float(row.score),
        )
        for row in rows
    ]
    if connection.dialect.name != "sqlite":
        hits = _with_phrases_marked(connection, parsed, hits)
    # ``source``: the text as the snippet quotes it, in NFKC, without the CJK word breaks.
    sources = [(row.source or "").replace(_WORD_BREAK, "") for row in rows]
    return [
        replace(hit, snippet_spans=whole_words(hit.snippet_spans, source))
        for hit, source in zip(hits, sources, strict=True)
    ]


def _with_phrases_marked(
    connection: Connection, parsed: ParsedQuery, hits: list[SearchHit]
) -> list[SearchHit]:
    """``hits`` with their phrases marked as FTS5 marks them (``mark_phrases_only``)."""
    terms = [term for group in parsed.groups for term in group]
    if not hits or all(len(words) == 1 for term in terms for words in term.alternatives):
        return hits
    words = {" ".join(words) for term in terms for words in term.alternatives}
    words |= {_span_words(span) for hit in hits for span in hit.snippet_spans if span.match}
    lexemes = _postgresql_lexemes(connection, words)
    return [replace(hit, snippet_spans=mark_phrases_only(hit.snippet_spans, terms, lexemes)) for hit in hits]


def _parse_datetime(value: object) -> datetime | None:
    """Raw SQL skips the column type, so SQLite's stored text comes back as text."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)
