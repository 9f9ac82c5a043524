"""The store keeps each article once, however it is reached, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tidings.errors import NotFound
from tidings.model import Added, AlreadyHad, Article, Outlet, Provenance
from tidings.store import ArticleCursor, Store
from tidings.store import articles as article_rows

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
LONG_TEXT = " ".join(f"word{index}" for index in range(80))


def make_article(
    title: str = "Putin visits Minsk",
    *,
    text: str = LONG_TEXT,
    outlet: Outlet | None = None,
    url: str | None = "https://example.com/news/putin-minsk",
    provenance: Provenance | None = None,
    published_at: datetime | None = NOW - timedelta(hours=1),
) -> Article:
    return Article(
        title=title,
        text=text,
        html=f"<p>{text}</p>",
        outlet=outlet or Outlet(name="Example News", domain="example.com"),
        provenance=provenance or Provenance(kind="file", locator="/tmp/page.html"),
        fetched_at=NOW,
        byline="Jane Doe",
        published_at=published_at,
        url=url,
        language="en",
    )


def test_a_new_article_is_added_and_read_back_whole(store: Store) -> None:
    article = make_article()
    outcome = store.add_article(article)
    assert isinstance(outcome, Added)
    stored = store.get_article(outcome.article_id)
    assert stored.article == article


def test_the_same_url_is_stored_once(store: Store) -> None:
    first = store.add_article(make_article())
    again = store.add_article(make_article(title="Putin visits Minsk (updated)", text="other words"))
    assert again == AlreadyHad(first.article_id, via="url")
    assert store.count_articles() == 1


def test_an_article_reached_by_another_known_url_is_recognised(store: Store) -> None:
    first = store.add_article(make_article(), also_urls=["https://example.com/amp/putin-minsk"])
    via_amp = make_article(url="https://example.com/amp/putin-minsk")
    assert store.add_article(via_amp) == AlreadyHad(first.article_id, via="url")


def test_the_same_feed_entry_is_stored_once_even_without_urls(store: Store) -> None:
    entry = Provenance(kind="feed", locator="https://example.com/feed.xml", entry_key="guid-1")
    first = store.add_article(make_article(url=None, text="", provenance=entry))
    again = store.add_article(make_article(title="Changed headline", url=None, text="", provenance=entry))
    assert again == AlreadyHad(first.article_id, via="feed_entry")


def test_the_same_long_text_from_the_same_outlet_is_one_article(store: Store) -> None:
    first = store.add_article(make_article(url="https://example.com/a"))
    again = store.add_article(make_article(url="https://example.com/b?share=1"))
    assert again == AlreadyHad(first.article_id, via="content_hash")


def test_the_same_text_from_two_outlets_is_two_articles(store: Store) -> None:
    store.add_article(make_article(url="https://example.com/a"))
    other = make_article(url="https://other.org/a", outlet=Outlet(name="Other Daily", domain="other.org"))
    assert isinstance(store.add_article(other), Added)
    assert store.count_articles() == 2


def test_two_short_headlines_with_equal_words_but_different_urls_stay_apart(store: Store) -> None:
    first = make_article(title="Live updates", text="", url="https://example.com/live/1")
    second = make_article(title="Live updates", text="", url="https://example.com/live/2")
    store.add_article(first)
    assert isinstance(store.add_article(second), Added)


def test_unknown_article_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound, match="no article 12345"):
        store.get_article(12345)


def test_articles_list_newest_first_with_keyset_paging(store: Store) -> None:
    for hour in range(5):
        store.add_article(
            make_article(
                title=f"Story {hour}",
                text=f"text {hour}",
                url=f"https://example.com/{hour}",
                published_at=NOW - timedelta(hours=hour),
            )
        )
    first_page = store.list_articles(limit=2)
    assert [stored.article.title for stored in first_page] == ["Story 0", "Story 1"]
    last = first_page[-1]
    cursor = ArticleCursor(sort_at=last.article.published_at or NOW, article_id=last.article_id)
    second_page = store.list_articles(limit=2, after=cursor)
    assert [stored.article.title for stored in second_page] == ["Story 2", "Story 3"]


def test_outlets_are_listed_with_counts_and_filter_articles(store: Store) -> None:
    store.add_article(make_article(url="https://example.com/1", text="one"))
    store.add_article(make_article(url="https://example.com/2", text="two"))
    store.add_article(
        make_article(url="https://other.org/1", text="three", outlet=Outlet("Other Daily", "other.org"))
    )
    outlets = store.list_outlets()
    assert [(outlet.name, outlet.article_count) for outlet in outlets] == [
        ("Example News", 2),
        ("Other Daily", 1),
    ]
    assert outlets[0].latest_at is not None
    assert outlets[0].latest_at.tzinfo is not None
    assert len(store.list_articles(outlet="other.org")) == 1


def test_a_real_outlet_name_replaces_a_bare_domain(store: Store) -> None:
    store.add_article(
        make_article(url="https://example.com/1", text="one", outlet=Outlet("example.com", "example.com"))
    )
    store.add_article(make_article(url="https://example.com/2", text="two"))
    assert [outlet.name for outlet in store.list_outlets()] == ["Example News"]


def test_concurrent_writers_each_store_their_article(store: Store) -> None:
    errors: list[BaseException] = []

    def add(index: int) -> None:
        try:
            store.add_article(
                make_article(title=f"T{index}", text=f"t{index}", url=f"https://example.com/c{index}")
            )
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=add, args=(index,)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.count_articles() == 8


def test_a_failed_write_leaves_nothing_half_written(store: Store) -> None:
    naive = make_article(published_at=datetime(2026, 1, 1))  # naive: refused inside the transaction
    with pytest.raises(Exception, match="naive datetime"):
        store.add_article(naive)
    assert store.count_articles() == 0
    assert store.list_outlets() == []


def test_two_processes_adding_the_same_article_at_once_keep_it_once(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two `tidings add` of one file at once: on PostgreSQL each looked for the article, found
    nothing (the other's insert was not committed yet) and stored it, so it was kept twice; the
    second's URL and source rows were silently dropped by ON CONFLICT DO NOTHING. Each Store has
    its own engine and lock, as a process would."""
    meet = threading.Barrier(2, timeout=1.5)
    looked_up = article_rows.find_existing

    def find_together(*args: Any, **kwargs: Any) -> AlreadyHad | None:
        found = looked_up(*args, **kwargs)
        # Without a lock between the two, both get here before either stores; with one, the
        # second looks only after the first has committed, and the meeting is called off.
        with suppress(threading.BrokenBarrierError):
            meet.wait()
        return found

    monkeypatch.setattr(article_rows, "find_existing", find_together)
    first = Store.open(database_url)
    first.migrate()
    second = Store.open(database_url)
    outcomes: list[object] = []

    def add(store: Store) -> None:
        try:
            outcomes.append(store.add_article(make_article()))
        except BaseException as error:  # pragma: no cover - reported below
            outcomes.append(error)

    threads = [threading.Thread(target=add, args=(store,)) for store in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert sorted(type(outcome).__name__ for outcome in outcomes) == ["Added", "AlreadyHad"]
        assert first.count_articles() == 1
    finally:
        first.close()
        second.close()
