"""Full-text search: the same behaviour on FTS5 and on PostgreSQL's tsvector, and no user query
can break it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.store.test_articles import make_article
from tidings.model import Outlet
from tidings.store import Store
from tidings.store.search import to_fts5_query

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def filled_store(store: Store) -> Store:
    store.add_article(
        make_article(
            title="Putin says Russia-Belarus drills to go on",
            text="Lukashenko hinted at new weapons. Iskander missiles and S-400 systems are deployed.",
            url="https://example.com/drills",
        )
    )
    store.add_article(
        make_article(
            title="Central bank holds rates",
            text="The European Central Bank kept interest rates unchanged on Thursday.",
            url="https://other.org/ecb",
            outlet=Outlet("Other Daily", "other.org"),
        )
    )
    return store


def titles(store: Store, query: str) -> list[str]:
    return [hit.title for hit in store.search(query)]


def test_search_finds_words_in_text_and_title(filled_store: Store) -> None:
    assert titles(filled_store, "Iskander") == ["Putin says Russia-Belarus drills to go on"]
    assert titles(filled_store, "central bank") == ["Central bank holds rates"]


def test_search_stems_english_words(filled_store: Store) -> None:
    assert titles(filled_store, "missile") == ["Putin says Russia-Belarus drills to go on"]


def test_search_supports_phrases_exclusion_and_or(filled_store: Store) -> None:
    assert titles(filled_store, '"interest rates"') == ["Central bank holds rates"]
    assert titles(filled_store, '"rates interest"') == []
    assert titles(filled_store, "bank -European") == []
    assert sorted(titles(filled_store, "Iskander OR Thursday")) == [
        "Central bank holds rates",
        "Putin says Russia-Belarus drills to go on",
    ]


def test_search_hits_carry_outlet_snippet_and_date(filled_store: Store) -> None:
    [hit] = filled_store.search("Lukashenko")
    assert hit.outlet == "Example News"
    assert "Lukashenko" in hit.snippet
    assert hit.published_at is not None
    assert hit.published_at.tzinfo is not None


def test_wordless_and_empty_queries_match_nothing(filled_store: Store) -> None:
    assert filled_store.search("") == []
    assert filled_store.search("   ") == []
    assert filled_store.search('"" -- ()') == []


SYNTAX_TRAPS = [
    'unbalanced "quote',
    "NEAR(putin minsk",
    "title:putin",
    "putin AND",
    "OR OR OR",
    "((((((((((putin",
    "*",
    "putin\x00minsk",
    "%_%",
    "x" * 10_000,
    "-",
    "NOT",
    "'; DROP TABLE articles; --",
    "putin^2",
    "{title text}: putin",
]


@pytest.mark.parametrize("query", SYNTAX_TRAPS)
def test_query_syntax_cannot_break_search(filled_store: Store, query: str) -> None:
    filled_store.search(query)
    assert filled_store.count_articles() == 2


def test_fts5_expression_quotes_every_word() -> None:
    assert to_fts5_query('putin "joint drills" -nuclear') == '("putin" AND "joint drills") NOT ("nuclear")'
    assert to_fts5_query("title:putin") == '"title putin"'
    assert to_fts5_query("minsk*") == '"minsk"*'
    assert to_fts5_query("a OR b c") == '"c" AND ("a" OR "b")'
    assert to_fts5_query("-only -negatives") is None
