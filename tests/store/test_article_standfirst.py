"""Migration 0034 gives articles a standfirst column, on SQLite and PostgreSQL, without touching
the search index: articles stored before keep being found, and have no standfirst (NULL) until
the same article arrives again with one (``store.articles.add_missing_standfirst``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from alembic import command
from sqlalchemy import inspect, update

from tests.store.test_articles import LONG_TEXT, NOW, make_article
from tidings.model import Added, AlreadyHad, Article, Outlet, Provenance
from tidings.store import Store, migrate
from tidings.store.schema import articles


def _columns(store: Store) -> set[str]:
    return {column["name"] for column in inspect(store.engine).get_columns("articles")}


def test_articles_stored_before_the_standfirst_keep_their_search_and_have_none(store: Store) -> None:
    stored = store.add_article(make_article(title="Ministers meet", text="Pipelines were discussed."))
    assert isinstance(stored, Added)
    migrate.run_migrations(store.engine, command.downgrade, "0034-1")
    assert "standfirst" not in _columns(store)
    # The column went without the table being copied: the search index still reads it.
    assert [hit.title for hit in store.search("pipelines")] == ["Ministers meet"]
    migrate.run_migrations(store.engine, command.upgrade, "heads")
    assert store.is_current()
    assert "standfirst" in _columns(store)
    article_id = stored.article_id
    assert store.get_article(article_id).article.standfirst is None
    assert [hit.article_id for hit in store.search("pipelines")] == [article_id]
    later = store.add_article(make_article(title="Talks end", text="A communique followed.", url=None))
    assert isinstance(later, Added)
    assert [hit.article_id for hit in store.search("communique")] == [later.article_id]


DEK = "The Kremlin leader's first visit since 2019 comes as Minsk hosts Russian troops."


def _stored_without_standfirst(store: Store, article: Article) -> int:
    """``article`` stored as a row from before migration 0034 holds it: its standfirst NULL."""
    added = store.add_article(article)
    assert isinstance(added, Added)
    with store.engine.begin() as connection:
        connection.execute(update(articles).where(articles.c.id == added.article_id).values(standfirst=None))
    return added.article_id


@pytest.mark.parametrize(
    "again",
    [
        # the same page by its address, by its words alone, and the same feed entry
        {"url": "https://example.com/news/putin-minsk"},
        {"url": None},
        {"provenance": Provenance(kind="feed", locator="https://example.com/feed.xml", entry_key="g-1")},
    ],
    ids=["url", "content_hash", "feed_entry"],
)
def test_an_article_stored_without_a_standfirst_takes_the_one_it_arrives_with_again(
    store: Store, again: dict[str, Any]
) -> None:
    article = replace(make_article(**again), standfirst=DEK)
    article_id = _stored_without_standfirst(store, article)
    before = store.get_article(article_id).article

    outcome = store.add_article(replace(article, fetched_at=NOW + timedelta(days=1)))

    assert isinstance(outcome, AlreadyHad)
    assert (outcome.article_id, outcome.standfirst_added, outcome.completed) == (article_id, True, False)
    assert store.get_article(article_id).article == replace(before, standfirst=DEK)
    assert store.count_articles() == 1
    # Arriving a third time, it has one: nothing more is added.
    assert not store.add_article(article).standfirst_added  # type: ignore[union-attr]


def test_only_a_missing_standfirst_is_added_from_an_article_arriving_again(store: Store) -> None:
    article = replace(make_article(), standfirst="What the talks in Minsk were about.")
    outcome = store.add_article(article)
    assert isinstance(outcome, Added)
    again = store.add_article(replace(article, standfirst=DEK, title="Putin visits Minsk again"))
    assert again == AlreadyHad(outcome.article_id, via="url")
    assert store.get_article(outcome.article_id).article == article


def test_no_standfirst_is_added_that_the_stored_text_holds(store: Store) -> None:
    # Stored before the standfirst was kept apart, the text opens with the dek: shown under the
    # headline too, it would be read twice.
    opened = make_article(text=f"{DEK} {LONG_TEXT}")
    article_id = _stored_without_standfirst(store, opened)
    again = store.add_article(replace(opened, text=LONG_TEXT, standfirst=DEK))
    assert again == AlreadyHad(article_id, via="url")
    assert store.get_article(article_id).article.standfirst is None


@pytest.mark.parametrize("words", [20, 80])
def test_no_standfirst_is_added_from_another_story_under_the_same_address(store: Store, words: int) -> None:
    # A live page every entry of a feed links: another story by the same address gives it no dek.
    # A short one is found by that address; a long one sharing none of its words is an article of
    # its own (``store.articles._another_article_at``).
    article_id = _stored_without_standfirst(store, make_article())
    other = make_article(title="Lukashenko hints at new weapons", text=" ".join(["missiles"] * words))
    outcome = store.add_article(replace(other, standfirst=DEK))
    if words < 50:
        assert outcome == AlreadyHad(article_id, via="url")
    else:
        assert isinstance(outcome, Added)
    assert store.get_article(article_id).article.standfirst is None


def test_another_page_found_by_the_same_words_gives_no_standfirst(store: Store) -> None:
    # One portal prints one wire story at two addresses, each page with its own dek: words alone
    # find the stored one (the same words from the same outlet), but the dek is the other page's.
    portal = Outlet(name="Yahoo News", domain="yahoo.com")
    first = make_article(outlet=portal, url="https://news.yahoo.com/putin-visits-minsk-101500123.html")
    article_id = _stored_without_standfirst(store, first)
    second = make_article(outlet=portal, url="https://news.yahoo.com/putin-lands-in-minsk-093000456.html")
    outcome = store.add_article(replace(second, standfirst="Moscow's ally hosts the Kremlin leader."))
    assert outcome == AlreadyHad(article_id, via="content_hash")
    assert store.get_article(article_id).article.standfirst is None
    # Another outlet's copy of the words is never found by them: it is an article of its own.
    other_outlet = make_article(outlet=Outlet(name="Daily Post", domain="dailypost.example"), url=None)
    assert isinstance(store.add_article(replace(other_outlet, standfirst=DEK)), Added)
    assert store.get_article(article_id).article.standfirst is None
    # Its own page arriving again gives it its own.
    again = store.add_article(replace(first, standfirst=DEK, fetched_at=NOW + timedelta(days=1)))
    assert again == AlreadyHad(article_id, via="url", standfirst_added=True)
    assert store.get_article(article_id).article.standfirst == DEK
