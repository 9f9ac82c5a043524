"""The store keeps each article once, however it is reached, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from contextlib import suppress
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import update

from tidings.errors import NotFound
from tidings.extract import extract
from tidings.model import Added, AlreadyHad, Article, DocumentHints, Outlet, Provenance, RawDocument
from tidings.store import ArticleCursor, Store
from tidings.store import articles as article_rows
from tidings.store.migrate import _alembic_config
from tidings.store.schema import article_urls
from tidings.urls import canonical_url

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
LONG_TEXT = " ".join(f"word{index}" for index in range(80))
AUTHORED_PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "extract" / "authored"


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


def test_an_article_s_standfirst_is_kept_beside_its_text_not_in_it(store: Store) -> None:
    dek = "The Kremlin leader's first visit since 2019."
    article = replace(make_article(), standfirst=dek)
    outcome = store.add_article(article)
    assert isinstance(outcome, Added)
    assert store.get_article(outcome.article_id).article == article
    assert store.list_articles(limit=5)[0].article.standfirst == dek
    # Not searched: the body is what the search index reads.
    assert store.search("Kremlin") == []


def test_a_page_s_standfirst_comes_with_the_full_text_that_completes_a_teaser(store: Store) -> None:
    article_id, _ = _teaser_then_page(store, page_standfirst="What the talks in Minsk were about.")
    assert store.get_article(article_id).article.standfirst == "What the talks in Minsk were about."


def test_the_same_url_is_stored_once(store: Store) -> None:
    first = store.add_article(make_article())
    again = store.add_article(make_article(title="Putin visits Minsk (updated)", text="other words"))
    assert again == AlreadyHad(first.article_id, via="url")
    assert store.count_articles() == 1


def test_an_article_reached_by_another_known_url_is_recognised(store: Store) -> None:
    first = store.add_article(make_article(), also_urls=["https://example.com/amp/putin-minsk"])
    via_amp = make_article(url="https://example.com/amp/putin-minsk")
    assert store.add_article(via_amp) == AlreadyHad(first.article_id, via="url")


def _feed_headline(link: str, *, feed: str, entry_key: str) -> tuple[Article, tuple[str, ...]]:
    """A headline-only feed entry as extraction makes it (canonical URL) and as the pipeline stores
    it (the link as written beside it): no long text, so only an address can say it is known."""
    entry = Provenance(kind="feed", locator=feed, entry_key=entry_key)
    return make_article(text="", url=canonical_url(link), provenance=entry), (link,)


@pytest.mark.parametrize(
    "second_link",
    [
        "https://www.example.com/a",
        "http://example.com/a",
        "https://example.com/a?ref=hp",
        "http://www.example.com/a?utm_source=x",
    ],
)
def test_a_headline_reached_by_another_scheme_host_or_referral_is_stored_once(
    store: Store, second_link: str
) -> None:
    first, first_links = _feed_headline(
        "http://example.com/a?ref=rss", feed="http://example.com/rss", entry_key="1"
    )
    added = store.add_article(first, also_urls=first_links)
    assert isinstance(added, Added)
    again, again_links = _feed_headline(second_link, feed="https://www.example.com/feed", entry_key="2")
    assert store.add_article(again, also_urls=again_links) == AlreadyHad(added.article_id, via="url")
    assert store.count_articles() == 1
    # The address stays as the article gave it: only the lookup widens.
    assert store.get_article(added.article_id).article.url == "http://example.com/a"


@pytest.mark.parametrize(
    "second_link",
    [
        "https://example.com/b",
        "https://www2.example.com/a",
        "https://example.org/a",
        "https://example.com/a?id=2",
        "https://example.com/a/?id=2",
        "https://example.com/a/b?id=1",
        "https://news.example.com/a?id=1",
        "https://example.com/?id=1",
    ],
)
def test_headlines_at_different_addresses_stay_two_articles(store: Store, second_link: str) -> None:
    first, first_links = _feed_headline(
        "https://example.com/a?id=1", feed="https://example.com/rss", entry_key="1"
    )
    store.add_article(first, also_urls=first_links)
    second, second_links = _feed_headline(second_link, feed="https://example.com/rss", entry_key="2")
    assert isinstance(store.add_article(second, also_urls=second_links), Added)
    assert store.count_articles() == 2


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


TEASER = "Belarus and Russia agreed on Monday to deepen military ties, officials said."
FULL_TEXT = " ".join(
    f"Paragraph {index}: the leaders discussed potash, pipelines and the joint air defence."
    for index in range(30)
)


def _teaser_then_page(store: Store, *, page_standfirst: str | None = None) -> tuple[int, AlreadyHad]:
    entry = Provenance(kind="feed", locator="https://example.com/feed.xml", entry_key="guid-7")
    teaser = make_article(text=TEASER, provenance=entry, published_at=None)
    teaser = Article(**{**_fields(teaser), "byline": None})
    added = store.add_article(teaser)
    assert isinstance(added, Added)
    store.record_entities(added.article_id, [], analyser="test", now=NOW)
    page = make_article(
        title="Putin visits Minsk | Example News",
        text=FULL_TEXT,
        url="https://www.example.com/news/putin-minsk",
    )
    outcome = store.add_article(replace(page, standfirst=page_standfirst))
    assert isinstance(outcome, AlreadyHad)
    return added.article_id, outcome


def _fields(article: Article) -> dict[str, Any]:
    return {name: getattr(article, name) for name in article.__dataclass_fields__}


def test_a_teaser_is_replaced_by_the_full_text_of_its_page_added_later(store: Store) -> None:
    article_id, outcome = _teaser_then_page(store)
    assert outcome == AlreadyHad(article_id, via="url", completed=True)
    stored = store.get_article(article_id).article
    assert stored.text == FULL_TEXT
    assert stored.html == f"<p>{FULL_TEXT}</p>"
    assert stored.title == "Putin visits Minsk"  # what was stored stays where it said something
    assert (stored.byline, stored.published_at) == ("Jane Doe", NOW - timedelta(hours=1))  # taken
    # Its words are what the store now matches: the full text at another address is this article.
    elsewhere = make_article(title="Putin visits Minsk", text=FULL_TEXT, url="https://example.com/print/7")
    assert store.add_article(elsewhere) == AlreadyHad(article_id, via="content_hash")
    assert [hit.article_id for hit in store.search("pipelines")] == [article_id]
    # Its entities were read from the teaser: it is read again.
    assert [pending.article_id for pending in store.articles_without_entities(limit=5)] == [article_id]
    assert store.count_articles() == 1


def test_a_full_text_is_not_replaced_by_another_text_at_its_address(store: Store) -> None:
    _, completed = _teaser_then_page(store)
    longer = make_article(text=FULL_TEXT + " " + FULL_TEXT)
    assert store.add_article(longer) == AlreadyHad(completed.article_id, via="url")
    assert store.get_article(completed.article_id).article.text == FULL_TEXT


def test_a_teaser_is_kept_when_what_comes_later_is_no_fuller(store: Store) -> None:
    entry = Provenance(kind="feed", locator="https://example.com/feed.xml", entry_key="guid-8")
    added = store.add_article(make_article(text=TEASER, provenance=entry))
    assert isinstance(added, Added)
    again = make_article(text=TEASER + " " + TEASER)  # 24 words: no article's full text
    assert store.add_article(again) == AlreadyHad(added.article_id, via="url")
    assert store.get_article(added.article_id).article.text == TEASER


def test_a_teaser_is_kept_when_another_article_shares_its_address(store: Store) -> None:
    # A feed that links every entry to one page (its live page, its front page): a second entry,
    # another article with its full text, is recognised by that address; its words must not
    # become the first entry's under the first entry's headline.
    feed = "https://example.com/feed.xml"
    first = make_article(
        title="Mayor opens the new bridge",
        text=TEASER,
        url="https://example.com/live",
        provenance=Provenance(kind="feed", locator=feed, entry_key="guid-1"),
    )
    added = store.add_article(first)
    assert isinstance(added, Added)
    second = make_article(
        title="Storm closes schools across the region",
        text=FULL_TEXT,
        url="https://example.com/live",
        provenance=Provenance(kind="feed", locator=feed, entry_key="guid-2"),
    )
    assert store.add_article(second) == AlreadyHad(added.article_id, via="url")
    assert store.get_article(added.article_id).article.text == TEASER


def test_a_teaser_is_completed_by_its_own_feed_entry_whatever_its_headline_became(store: Store) -> None:
    entry = Provenance(kind="feed", locator="https://example.com/feed.xml", entry_key="guid-9")
    added = store.add_article(make_article(title="Putin to visit Minsk", text=TEASER, provenance=entry))
    assert isinstance(added, Added)
    rewritten = make_article(title="Lukashenko hosts Putin", text=FULL_TEXT, provenance=entry)
    outcome = store.add_article(rewritten)
    assert outcome == AlreadyHad(added.article_id, via="feed_entry", completed=True)
    assert store.get_article(added.article_id).article.text == FULL_TEXT


def _teaser_waiting_while_its_page_is_added(store: Store) -> tuple[int, int, Provenance]:
    """A feed entry stored as a teaser under its feed's link (a redirector), whose page was then
    stored by another way (`tidings add`) under the page's canonical address."""
    entry = Provenance(kind="feed", locator="https://feeds.example.net/rss", entry_key="guid-11")
    teaser = make_article(text=TEASER, url="https://feeds.example.net/r/11", provenance=entry)
    waiting = store.add_article(teaser, also_urls=["https://feeds.example.net/r/11"])
    page = store.add_article(make_article(text=FULL_TEXT))
    assert isinstance(waiting, Added)
    assert isinstance(page, Added)
    return waiting.article_id, page.article_id, entry


def test_an_entrys_page_stored_meanwhile_as_another_article_does_not_complete_its_teaser(
    store: Store,
) -> None:
    # The poll that fetches the waiting entry's page finds it by its feed entry; the page's own
    # address says it is the article already stored, whose text must not be stored twice.
    teaser_id, page_id, entry = _teaser_waiting_while_its_page_is_added(store)
    fetched = make_article(text=FULL_TEXT, provenance=entry)
    outcome = store.add_article(fetched, also_urls=["https://feeds.example.net/r/11"])
    assert outcome == AlreadyHad(teaser_id, via="feed_entry")
    assert store.get_article(teaser_id).article.text == TEASER
    assert [hit.article_id for hit in store.search("pipelines")] == [page_id]


def test_an_entrys_page_fetched_from_another_form_of_anothers_address_does_not_complete_its_teaser(
    store: Store,
) -> None:
    # The fetch ended on the bare-host form of the stored page's ``www.`` address. Filed under the
    # teaser before it was asked whose the page is, that form led back to the teaser on SQLite
    # (an IN with LIMIT 1 returns the row its index sorts first), and the teaser took the text.
    entry = Provenance(kind="feed", locator="https://feeds.example.net/rss", entry_key="guid-11")
    teaser = make_article(text=TEASER, url="https://feeds.example.net/r/11", provenance=entry)
    waiting = store.add_article(teaser, also_urls=["https://feeds.example.net/r/11"])
    stored_at = "https://www.example.com/news/putin-minsk"
    page = store.add_article(make_article(text=FULL_TEXT, url=stored_at))
    assert isinstance(waiting, Added)
    assert isinstance(page, Added)
    teaser_id, page_id = waiting.article_id, page.article_id
    fetched_from = "https://example.com/news/putin-minsk"
    fetched = make_article(text=FULL_TEXT, url=stored_at, provenance=entry)
    outcome = store.add_article(fetched, also_urls=["https://feeds.example.net/r/11", fetched_from])
    assert outcome == AlreadyHad(teaser_id, via="feed_entry")
    assert store.get_article(teaser_id).article.text == TEASER
    assert [hit.article_id for hit in store.search("pipelines")] == [page_id]
    # The page's addresses are the page's article's: adding it again by them finds that one.
    by_hand = Provenance(kind="file", locator="again")
    again = make_article(text=FULL_TEXT, url=fetched_from, provenance=by_hand)
    assert store.add_article(again) == AlreadyHad(page_id, via="url")


def test_a_page_is_the_article_of_its_canonical_address_before_the_one_of_its_link(store: Store) -> None:
    teaser_id, page_id, _ = _teaser_waiting_while_its_page_is_added(store)
    again = make_article(text=FULL_TEXT)
    assert store.add_article(again, also_urls=["https://feeds.example.net/r/11"]) == AlreadyHad(
        page_id, via="url"
    )
    assert store.get_article(teaser_id).article.text == TEASER


def test_an_address_stored_with_a_referral_marker_before_the_upgrade_is_found_without_it(
    store: Store,
) -> None:
    # Before 2026-12-06 canonical URLs kept ?ref=: such an article is stored under it alone.
    old = store.add_article(make_article(url="https://example.com/news/a?id=7&ref=rss", text="Short."))
    kept = store.add_article(make_article(url="https://github.com/o/r/blob/x?ref=main", text="Code."))
    bare = store.add_article(make_article(url="https://example.com/news/b?ref", text="Bare marker."))
    assert isinstance(old, Added)
    assert isinstance(bare, Added)
    assert isinstance(kept, Added)
    config = _alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0010")  # before migration 0013
    store.migrate()
    again = make_article(url=canonical_url("https://example.com/news/a?id=7&ref=hp"), text="Short.")
    assert store.add_article(again) == AlreadyHad(old.article_id, via="url")
    # A marker with no value is dropped by canonical URLs as well.
    plain = make_article(url=canonical_url("https://example.com/news/b?ref"), text="Bare marker.")
    assert plain.url == "https://example.com/news/b"
    assert store.add_article(plain) == AlreadyHad(bare.article_id, via="url")
    # On a code host ref names a branch: no address without it was added.
    assert isinstance(
        store.add_article(make_article(url="https://github.com/o/r/blob/x", text="Other.")), Added
    )


def test_an_address_stored_escaped_or_tracked_before_the_upgrade_is_found_by_its_new_form(
    store: Store,
) -> None:
    # Before 2026-12-06 canonical URLs kept ``amp;date``, HuffPost's ``ir`` and a Google
    # Translate page's own address: such articles are stored under those forms alone.
    escaped = store.add_article(
        make_article(url="http://money.msn.com/news/article.aspx?feed=OBR&amp;date=20140310&id=17", text="A.")
    )
    tracked = store.add_article(
        make_article(url="http://www.huffingtonpost.com/2014/03/10/sales_n_49.html?amp;ir=Food", text="B.")
    )
    translated = store.add_article(
        make_article(url="https://translate.google.com/translate?sl=de&tl=en&u=https://ex.com/c", text="C.")
    )
    assert isinstance(escaped, Added)
    assert isinstance(tracked, Added)
    assert isinstance(translated, Added)
    config = _alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0013")  # before migration 0020
    store.migrate()
    for article_id, address in [
        (escaped.article_id, "http://money.msn.com/news/article.aspx?feed=OBR&date=20140310&id=17"),
        (tracked.article_id, "http://www.huffingtonpost.com/2014/03/10/sales_n_49.html?ir=Food"),
        (translated.article_id, "https://ex.com/c"),
    ]:
        again = make_article(url=canonical_url(address), text="Again.")
        assert store.add_article(again) == AlreadyHad(article_id, via="url")


@pytest.mark.parametrize(
    ("first_url", "second_url"),
    [
        # Audit 2026-12-06: one article's og:url as its site writes it and with ``www.`` in front
        # of the site's own host, and with and without a slash ending its path.
        ("https://news.example.org/world/bridge-opens", "https://www.news.example.org/world/bridge-opens"),
        ("https://www.news.example.org/world/bridge-opens", "https://news.example.org/world/bridge-opens"),
        ("https://news.example.org/world/bridge-opens", "https://news.example.org/world/bridge-opens/"),
        ("https://news.example.org/world/bridge-opens/", "http://www.news.example.org/world/bridge-opens"),
        ("https://paper.example.net/article.php?id=101", "https://paper.example.net/article.php/?id=101"),
    ],
)
def test_a_page_updated_at_another_form_of_its_address_is_stored_once(
    store: Store, first_url: str, second_url: str
) -> None:
    first = store.add_article(make_article(url=first_url))
    updated = make_article(url=second_url, text=f"{LONG_TEXT} Updated at 16:00.")
    assert isinstance(first, Added)
    assert store.add_article(updated) == AlreadyHad(first.article_id, via="url")
    assert store.count_articles() == 1
    # The address stays as the article gave it: only the lookup widens.
    assert store.get_article(first.article_id).article.url == first_url


def test_an_address_is_found_as_written_before_its_other_forms(store: Store) -> None:
    # Two articles stored before the slash forms were one, each under one form: the form as
    # written decides, then the nearest other form (the scheme and ``www.`` before the slash), on
    # either database, not whichever row its index returns first.
    with_slash = store.add_article(make_article(url="https://example.com/a/", text="With its slash."))
    without = store.add_article(make_article(url="https://example.com/b", text="Without."))
    assert isinstance(with_slash, Added)
    assert isinstance(without, Added)
    with store.engine.begin() as connection:
        connection.execute(
            update(article_urls)
            .where(article_urls.c.url == "https://example.com/b")
            .values(url="https://example.com/a")
        )
    for written, owner in [
        ("https://example.com/a/", with_slash),
        ("https://example.com/a", without),
        ("https://www.example.com/a", without),
        ("http://www.example.com/a/", with_slash),
    ]:
        again = make_article(url=written, text=f"Again at {written}.")
        assert store.add_article(again) == AlreadyHad(owner.article_id, via="url")


def _saved_page(name: str) -> Article:
    """An authored page saved to a file, extracted as ``tidings add`` reads it."""
    path = AUTHORED_PAGES / f"{name}.html"
    document = RawDocument(
        provenance=Provenance(kind="file", locator=str(path)),
        body=path.read_text(encoding="utf-8"),
        media_type="text/html",
        url=None,
        fetched_at=NOW,
        hints=DocumentHints(),
    )
    return extract(document)


def test_two_articles_whose_canonical_links_name_the_home_page_stay_two(store: Store) -> None:
    # Audit 2026-12-06: both pages' canonical link is the site's home page, and the second was
    # reported "already stored as #1 (same URL)" and lost.
    libraries = _saved_page("planet-libraries-home-canonical")
    ferries = _saved_page("planet-ferries-home-canonical")
    first = store.add_article(libraries)
    second = store.add_article(ferries)
    assert isinstance(first, Added)
    assert isinstance(second, Added)
    assert store.count_articles() == 2
    # Each read again is the one stored: the first by its own address, the second (which names
    # none) by its text.
    assert store.add_article(_saved_page("planet-libraries-home-canonical")) == AlreadyHad(
        first.article_id, via="url"
    )
    assert store.add_article(_saved_page("planet-ferries-home-canonical")) == AlreadyHad(
        second.article_id, via="content_hash"
    )


def test_feed_entries_that_all_link_the_home_page_are_different_articles(store: Store) -> None:
    # The pipeline stores an entry's link as written beside its address: a home page link must
    # not make the feed's entries one article, nor a later page of the site one of them.
    for number, title in enumerate(["Council approves budget", "Bridge reopens"]):
        entry = Provenance(kind="feed", locator="https://briefs.example.com/rss", entry_key=f"b-{number}")
        briefing = make_article(title=title, text="", url=None, provenance=entry)
        added = store.add_article(briefing, also_urls=("https://briefs.example.com/?utm_source=rss",))
        assert isinstance(added, Added)
    page = make_article(url="https://briefs.example.com/school", text="The new school opened.")
    assert isinstance(store.add_article(page, also_urls=("https://briefs.example.com/",)), Added)
    assert store.count_articles() == 3


FARMERS_TEXT = " ".join(
    f"Farmers drove {index} tractors into the capital on Monday, blocking roads near parliament to"
    " protest against falling milk prices and new rules on fertiliser."
    for index in range(8)
)
TEACHERS_TEXT = " ".join(
    f"Teachers at {index} schools walked out over pay this week, and their union warned that exams"
    " could be delayed unless ministers reopen the wage talks soon."
    for index in range(8)
)


def test_two_long_articles_whose_canonical_links_name_one_section_front_stay_two(store: Store) -> None:
    # QA 2026-12-07: two saved pages whose CMS writes their section's front ("/news/") into every
    # canonical link: the second, another article with words of its own, was reported "already
    # stored as #1 (same URL)" and lost.
    section = "https://www.paper.example.com/news/"
    farmers = make_article(title="Farmers block roads over milk prices", text=FARMERS_TEXT, url=section)
    teachers = make_article(title="Teachers strike over pay", text=TEACHERS_TEXT, url=section)
    first = store.add_article(farmers)
    second = store.add_article(teachers)
    assert isinstance(first, Added)
    # The outcome names the article whose address the second page's canonical link gave.
    assert isinstance(second, Added)
    assert second.canonical_held_by == first.article_id
    assert store.count_articles() == 2
    # Nor is it given that address: shown, it linked the section; looked up, it found the first.
    assert store.get_article(second.article_id).article.url is None
    # Each added again is the one stored: the first by the address it holds, the second by its words.
    assert store.add_article(farmers) == AlreadyHad(first.article_id, via="url")
    assert store.add_article(teachers) == AlreadyHad(
        second.article_id, via="content_hash", canonical_held_by=first.article_id
    )
    assert store.count_articles() == 2


# One page's two versions: the farmers' protest went on into Tuesday, with more tractors.
FARMERS_EDITED = FARMERS_TEXT.replace("on Monday", "on Monday and Tuesday").replace(
    "new rules", "strict rules"
)
FARMERS_URL = "https://www.paper.example.com/news/farmers-protest"
TEACHERS_URL = "https://www.paper.example.com/news/teachers-strike"


def _two_stories(store: Store, *, farmers: Provenance, also_urls: tuple[str, ...] = ()) -> tuple[int, int]:
    """The farmers' story stored at its address from ``farmers``, then an unrelated story at its own."""
    first = store.add_article(
        make_article(title="Farmers block roads", text=FARMERS_TEXT, url=FARMERS_URL, provenance=farmers),
        also_urls=also_urls,
    )
    other = store.add_article(
        make_article(
            title="Teachers strike over pay",
            text=TEACHERS_TEXT,
            url=TEACHERS_URL,
            provenance=Provenance(kind="file", locator="/saved/teachers.html"),
        )
    )
    assert isinstance(first, Added)
    assert isinstance(other, Added)
    return first.article_id, other.article_id


def _stored_as_they_were_but(store: Store, farmers_id: int, teachers_id: int, farmers_text: str) -> None:
    """Two articles still: the farmers' at its own address with ``farmers_text``, the teachers'
    untouched and still the one its address finds."""
    assert store.count_articles() == 2
    farmers = store.get_article(farmers_id).article
    assert (farmers.url, farmers.text) == (FARMERS_URL, farmers_text)
    teachers = store.get_article(teachers_id).article
    assert (teachers.title, teachers.text) == ("Teachers strike over pay", TEACHERS_TEXT)
    again = make_article(title="Teachers strike over pay", text=TEACHERS_TEXT, url=TEACHERS_URL)
    assert store.add_article(again) == AlreadyHad(teachers_id, via="url")


def test_a_page_saved_again_whose_canonical_link_now_names_another_story_updates_its_own(
    store: Store,
) -> None:
    # Review 2026-12-08: a page saved again at its path, edited, its site now writing another
    # stored story's address into its canonical link, named no address of its own and matched no
    # words exactly: it was stored a second time, a near-copy of itself under the other's address.
    saved = Provenance(kind="file", locator="/saved/farmers.html")
    farmers_id, teachers_id = _two_stories(store, farmers=saved)
    again = make_article(title="Farmers block roads", text=FARMERS_EDITED, url=TEACHERS_URL, provenance=saved)

    outcome = store.add_article(again, update_pages=True)

    assert outcome == AlreadyHad(farmers_id, via="input", updated=True, canonical_held_by=teachers_id)
    _stored_as_they_were_but(store, farmers_id, teachers_id, FARMERS_EDITED)


def test_a_page_read_again_by_a_tracking_link_whose_canonical_names_another_story_is_its_own(
    store: Store,
) -> None:
    # The same page pasted again with the address it was opened from, a newsletter's link: that
    # address, cleaned of its tracking, is the stored article's; as written it was no one's.
    farmers_id, teachers_id = _two_stories(
        store, farmers=Provenance(kind="paste", locator="pasted page"), also_urls=(FARMERS_URL,)
    )
    again = make_article(
        title="Farmers block roads",
        text=FARMERS_EDITED,
        url=TEACHERS_URL,
        provenance=Provenance(kind="paste", locator="pasted page"),
    )

    outcome = store.add_article(again, also_urls=(f"{FARMERS_URL}?utm_source=newsletter",), update_pages=True)

    assert outcome == AlreadyHad(farmers_id, via="url", updated=True, canonical_held_by=teachers_id)
    _stored_as_they_were_but(store, farmers_id, teachers_id, FARMERS_EDITED)


def test_a_page_whose_canonical_link_names_a_short_story_is_the_one_at_its_own_address(store: Store) -> None:
    # The story its canonical link names is a headline with a line of text, too short to be told
    # apart by its words: the page was taken for it, its text offered to it as an update (and
    # refused, "already stored as #2"), while the address it was read from held its own article.
    page_source = Provenance(kind="paste", locator="pasted page")
    farmers_id = store.add_article(
        make_article(title="Farmers block roads", text=FARMERS_TEXT, url=FARMERS_URL, provenance=page_source),
        also_urls=(FARMERS_URL,),
    ).article_id
    brief = make_article(title="Teachers strike over pay", text="Schools close on Friday.", url=TEACHERS_URL)
    teachers_id = store.add_article(brief).article_id
    again = make_article(
        title="Farmers block roads", text=FARMERS_EDITED, url=TEACHERS_URL, provenance=page_source
    )

    outcome = store.add_article(again, also_urls=(FARMERS_URL,), update_pages=True)

    assert outcome == AlreadyHad(farmers_id, via="url", updated=True, canonical_held_by=teachers_id)
    assert store.get_article(farmers_id).article.text == FARMERS_EDITED
    assert store.get_article(teachers_id).article.text == "Schools close on Friday."
    assert store.count_articles() == 2


def test_an_entry_s_page_whose_canonical_link_names_another_story_completes_the_entry_s_teaser(
    store: Store,
) -> None:
    # A poll fetches a teaser's page later: the page's canonical link naming another stored story
    # made its text that story's, the teaser was never completed, and its page was wanted again.
    entry = Provenance(kind="feed", locator="https://www.paper.example.com/rss", entry_key="farmers-1")
    teaser = make_article(
        title="Farmers block roads", text="Tractors fill the capital.", url=FARMERS_URL, provenance=entry
    )
    added = store.add_article(teaser, also_urls=(FARMERS_URL,))
    assert isinstance(added, Added)
    teachers = make_article(title="Teachers strike over pay", text=TEACHERS_TEXT, url=TEACHERS_URL)
    teachers_id = store.add_article(teachers).article_id
    page = make_article(title="Farmers block roads", text=FARMERS_TEXT, url=TEACHERS_URL, provenance=entry)

    outcome = store.add_article(page, also_urls=(FARMERS_URL,))

    assert outcome == AlreadyHad(
        added.article_id, via="feed_entry", completed=True, canonical_held_by=teachers_id
    )
    _stored_as_they_were_but(store, added.article_id, teachers_id, FARMERS_TEXT)


def test_a_page_updated_under_a_new_headline_is_still_the_article_at_its_address(store: Store) -> None:
    # The address decides while the words are still mostly the article's: an update that rewrites
    # the headline and adds paragraphs is no second article.
    url = "https://www.paper.example.com/news/farmers-protest"
    first = store.add_article(make_article(title="Farmers block roads", text=FARMERS_TEXT, url=url))
    updated = make_article(
        title="Police clear tractors from capital",
        text=f"Police cleared the roads on Tuesday. {FARMERS_TEXT} {TEACHERS_TEXT[:200]}",
        url=url,
    )
    assert store.add_article(updated) == AlreadyHad(first.article_id, via="url")
    assert store.count_articles() == 1


@pytest.mark.parametrize(
    ("first_url", "second_url"),
    [
        # QA 2026-12-07: one address written with its characters or their escapes, the escapes'
        # hex in either case, an unreserved character escaped: the update was a second article.
        (
            "https://www.cafe.example.com/news/café-reopens",
            "https://www.cafe.example.com/news/caf%C3%A9-reopens",
        ),
        (
            "https://www.cafe.example.com/news/caf%C3%A9-reopens",
            "https://cafe.example.com/news/café-reopens/",
        ),
        (
            "https://www.cafe.example.com/news/caf%c3%a9-reopens",
            "https://www.cafe.example.com/news/caf%C3%A9-reopens",
        ),
        (
            "https://www.cafe.example.com/news/caf%C3%A9-reopens",
            "http://www.cafe.example.com/news/caf%c3%a9-reopens",
        ),
        ("https://www.cafe.example.com/~ed/post", "https://www.cafe.example.com/%7Eed/post"),
        ("https://www.cafe.example.com/%7eed/post", "https://www.cafe.example.com/~ed/post"),
        ("https://www.cafe.example.com/p?q=th%C3%A9", "https://www.cafe.example.com/p?q=thé"),
    ],
)
def test_a_page_updated_at_another_escaping_of_its_address_is_stored_once(
    store: Store, first_url: str, second_url: str
) -> None:
    first = store.add_article(make_article(url=first_url, text="Reopened."))
    assert isinstance(first, Added)
    updated = make_article(url=second_url, text="Reopened on Monday with a new menu.")
    assert store.add_article(updated) == AlreadyHad(first.article_id, via="url")
    assert store.count_articles() == 1
    # The address stays as the article gave it: only the lookup widens.
    assert store.get_article(first.article_id).article.url == first_url


@pytest.mark.parametrize(
    "second_url",
    [
        "https://www.cafe.example.com/news/caf%C3%A8-reopens",  # è, not é
        "https://www.cafe.example.com/news/caf%E9-reopens",  # Latin-1's é: another address
        "https://www.cafe.example.com/news%2Fcafé-reopens",  # a slash in a name is no separator
    ],
)
def test_addresses_whose_escapes_differ_in_meaning_stay_two_articles(store: Store, second_url: str) -> None:
    store.add_article(make_article(url="https://www.cafe.example.com/news/café-reopens", text="One."))
    assert isinstance(store.add_article(make_article(url=second_url, text="Two.")), Added)


CORRECTED_TEXT = LONG_TEXT.replace("word40", "pipelines")


def test_a_page_added_again_by_hand_with_other_words_updates_its_article(store: Store) -> None:
    added = store.add_article(make_article())
    assert isinstance(added, Added)
    corrected = make_article(title="Putin visits Minsk again", text=CORRECTED_TEXT)
    # A poll's page does not: only the entry that supplied an article corrects it.
    assert store.add_article(corrected) == AlreadyHad(added.article_id, via="url")
    assert store.get_article(added.article_id).article.text == LONG_TEXT

    outcome = store.add_article(corrected, update_pages=True)

    assert outcome == AlreadyHad(added.article_id, via="url", updated=True)
    stored = store.get_article(added.article_id).article
    assert (stored.title, stored.text, stored.html) == (corrected.title, CORRECTED_TEXT, corrected.html)
    assert [hit.article_id for hit in store.search("pipelines")] == [added.article_id]
    assert [pending.article_id for pending in store.articles_without_entities(limit=5)] == [added.article_id]
    assert store.count_articles() == 1
    # The same words again change nothing.
    assert store.add_article(corrected, update_pages=True) == AlreadyHad(added.article_id, via="url")


@pytest.mark.parametrize(
    ("again", "said_not_taken"),
    [
        # A teaser: the stored article keeps its text, and the outcome says the page's was left.
        (make_article(text=" ".join(LONG_TEXT.split()[:20])), True),
        # A feed's entry is corrected by its own entry only (``correct_article``), never so.
        (
            make_article(
                text=CORRECTED_TEXT,
                provenance=Provenance(kind="feed", locator="https://example.com/feed.xml", entry_key="g1"),
            ),
            False,
        ),
    ],
    ids=["teaser", "feed-entry"],
)
def test_a_page_added_again_leaves_its_article_where_its_words_may_not_replace_it(
    store: Store, again: Article, said_not_taken: bool
) -> None:
    added = store.add_article(make_article())
    assert isinstance(added, Added)
    assert store.add_article(again, update_pages=True) == AlreadyHad(
        added.article_id, via="url", other_text_not_taken=said_not_taken
    )
    assert store.get_article(added.article_id).article.text == LONG_TEXT
