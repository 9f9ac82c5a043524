"""Corrections of teaser entries (a feed giving a summary, the article's text its page's) and
entries refused on their first poll that change later, over a real HTTP server on 127.0.0.1 and a
real store (SQLite and PostgreSQL), with the real extraction stage.

Before: a corrected teaser took only its new title (its page was never fetched again, so the
page's corrected text never came, and a teaser still waiting for its page kept its old words); a
new headline was checked against the page's text with the feed's teaser, so a teaser unlike its
page made a real correction look like another story; and an entry refused once (its page no
article yet) was never read again, whatever it said later."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from tests.gather.fetch_server import FetchServer, respond, running_server
from tests.jobs.support import LIMITS, NOW, CountingExtract, refresher_for
from tests.jobs.test_refresh_corrections import (
    CORRECTION,
    PARAGRAPHS,
    TITLE,
    body,
    feed,
    item,
    only_article,
    serve,
    subscribe,
)
from tidings.jobs.refresh import PollReport, RefreshLimits
from tidings.store import Source, Store
from tidings.store.schema import source_items

TEASER = "<p>The harbour bridge closes on Monday.</p>"
NEW_TITLE = f"{TITLE} (updated)"


@pytest.fixture
def server() -> Iterator[FetchServer]:
    yield from running_server()


def refresh(
    store: Store,
    source: Source,
    now: datetime,
    extracted: CountingExtract | None = None,
    *,
    limits: RefreshLimits = LIMITS,
) -> PollReport:
    async def run() -> PollReport:
        async with refresher_for(store, extract=extracted or CountingExtract(), limits=limits) as refresher:
            return await refresher.refresh(store.get_source(source.source_id), now)

    return asyncio.run(run())


def page(paragraphs: list[str], title: str = TITLE) -> str:
    return f"<html><body><article><h1>{title}</h1>{body(paragraphs)}</article></body></html>"


def serve_page(server: FetchServer, path: str, html: str) -> None:
    server.routes[path] = respond(200, html, content_type="text/html; charset=utf-8")


def test_a_corrected_teaser_fetches_its_page_again_and_takes_the_page_s_new_text(
    server: FetchServer, store: Store
) -> None:
    base = server.url("")
    serve_page(server, "/news/0", page(PARAGRAPHS))
    serve(server, "/feed", feed(item(base, "urn:audit:0", TITLE, TEASER)))
    source = subscribe(store, server)
    assert refresh(store, source, NOW).added == 1
    # The publisher corrects the story: the page gains a paragraph, the feed's teaser and title change.
    serve_page(server, "/news/0", page([*PARAGRAPHS, CORRECTION], NEW_TITLE))
    serve(
        server,
        "/feed",
        feed(item(base, "urn:audit:0", NEW_TITLE, "<p>The bridge closes on Monday night.</p>")),
    )
    report = refresh(store, source, NOW + timedelta(hours=1))
    assert (report.added, report.updated) == (0, 1)
    assert len(server.hits("/news/0")) == 2
    stored = only_article(store).article
    assert stored.title == NEW_TITLE
    assert stored.text.endswith(CORRECTION)
    assert "Monday night" not in stored.text
    assert [hit.article_id for hit in store.search('"earlier version of this article"')] == [
        only_article(store).article_id
    ]
    # Read again unchanged: no correction, and the page is not fetched again.
    again = refresh(store, source, NOW + timedelta(hours=2))
    assert (again.added, again.updated) == (0, 0)
    assert len(server.hits("/news/0")) == 2


def test_a_corrected_teaser_s_page_waits_for_the_next_poll_when_the_poll_s_pages_are_spent(
    server: FetchServer, store: Store
) -> None:
    base = server.url("")
    serve_page(server, "/news/0", page(PARAGRAPHS))
    serve(server, "/feed", feed(item(base, "urn:audit:0", TITLE, TEASER)))
    source = subscribe(store, server)
    one_page = replace(LIMITS, max_pages_per_poll=1)
    assert refresh(store, source, NOW, limits=one_page).added == 1
    # A new teaser entry takes the poll's one page; the correction waits, its page not fetched.
    serve_page(server, "/news/0", page([*PARAGRAPHS, CORRECTION]))
    serve_page(server, "/news/1", page(PARAGRAPHS[2:], "Shopkeepers fear the bridge closure"))
    corrected = item(base, "urn:audit:0", NEW_TITLE, "<p>The bridge closes on Monday night.</p>")
    serve(server, "/feed", feed(item(base, "urn:audit:1", "Shopkeepers fear the closure", TEASER), corrected))
    report = refresh(store, source, NOW + timedelta(hours=1), limits=one_page)
    assert (report.added, report.updated) == (1, 0)
    assert len(server.hits("/news/0")) == 1
    first = store.list_articles()[-1].article
    assert (first.title, first.text.endswith(CORRECTION)) == (TITLE, False)
    # The next poll has its page to spare: the correction is applied from the page.
    report = refresh(store, source, NOW + timedelta(hours=2), limits=one_page)
    assert (report.added, report.updated) == (0, 1)
    assert len(server.hits("/news/0")) == 2
    first = store.list_articles()[-1].article
    assert (first.title, first.text.endswith(CORRECTION)) == (NEW_TITLE, True)


def test_a_corrected_teaser_whose_page_fails_keeps_its_text_and_says_why(
    server: FetchServer, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    base = server.url("")
    serve_page(server, "/news/0", page(PARAGRAPHS))
    serve(server, "/feed", feed(item(base, "urn:audit:0", TITLE, TEASER)))
    source = subscribe(store, server)
    refresh(store, source, NOW)
    before = only_article(store).article
    server.routes["/news/0"] = respond(503, "busy")
    serve(
        server,
        "/feed",
        feed(item(base, "urn:audit:0", NEW_TITLE, "<p>The bridge closes on Monday night.</p>")),
    )
    with caplog.at_level(logging.INFO, logger="tidings.jobs.refresh"):
        report = refresh(store, source, NOW + timedelta(hours=1))
    assert len(server.hits("/news/0")) == 2
    assert any("/news/0 not fetched: HTTP 503" in record.getMessage() for record in caplog.records)
    # The page's text stays (the teaser does not replace it); the feed's new headline is taken.
    stored = only_article(store).article
    assert stored.text == before.text
    assert stored.title == NEW_TITLE
    assert report.updated == 1


def test_a_teaser_still_waiting_for_its_page_takes_its_corrected_words(
    server: FetchServer, store: Store
) -> None:
    # Suspicion (a): the teaser is the stored text (its page failed), and the feed corrects it.
    base = server.url("")
    server.routes["/news/0"] = respond(503, "busy")
    serve(server, "/feed", feed(item(base, "urn:audit:0", TITLE, TEASER)))
    source = subscribe(store, server)
    assert refresh(store, source, NOW).added == 1
    assert only_article(store).article.text == "The harbour bridge closes on Monday."
    corrected_teaser = "<p>The harbour bridge closes on Monday night, not Monday morning.</p>"
    serve(server, "/feed", feed(item(base, "urn:audit:0", NEW_TITLE, corrected_teaser)))
    # Within the page's retry wait, and the page still fails: the teaser's new words are taken.
    report = refresh(store, source, NOW + timedelta(minutes=20))
    assert report.updated == 1
    stored = only_article(store).article
    assert (stored.title, stored.text) == (
        NEW_TITLE,
        "The harbour bridge closes on Monday night, not Monday morning.",
    )
    # The page serves again when the entry is corrected once more: its text is the article's, and
    # the page is wanted no more.
    serve_page(server, "/news/0", page(PARAGRAPHS))
    serve(server, "/feed", feed(item(base, "urn:audit:0", NEW_TITLE, TEASER)))
    assert refresh(store, source, NOW + timedelta(minutes=40)).updated == 1
    assert PARAGRAPHS[2] in only_article(store).article.text
    hits = len(server.hits("/news/0"))
    refresh(store, source, NOW + timedelta(hours=5))
    assert len(server.hits("/news/0")) == hits


def test_a_new_headline_is_checked_against_the_page_s_text_not_a_teaser_unlike_it(
    server: FetchServer, store: Store
) -> None:
    # Suspicion (b): the teaser shares no words with its page, and the headline is rewritten.
    base = server.url("")
    serve_page(server, "/news/0", page(PARAGRAPHS))
    standfirst = "<p>Drivers face long detours all month while ferries fill the gap.</p>"
    serve(server, "/feed", feed(item(base, "urn:audit:0", TITLE, standfirst)))
    source = subscribe(store, server)
    refresh(store, source, NOW)
    rewritten = "Repairs shut the harbour crossing until December"
    serve_page(server, "/news/0", page([*PARAGRAPHS, CORRECTION], rewritten))
    serve(server, "/feed", feed(item(base, "urn:audit:0", rewritten, standfirst)))
    assert refresh(store, source, NOW + timedelta(hours=1)).updated == 1
    stored = only_article(store).article
    assert stored.title == rewritten
    assert stored.text.endswith(CORRECTION)


def _row(store: Store, key: str) -> tuple[int | None, str | None]:
    with store.engine.connect() as connection:
        row = connection.execute(
            select(source_items.c.article_id, source_items.c.entry_hash).where(source_items.c.item_key == key)
        ).one()
    return row.article_id, row.entry_hash


def test_an_entry_refused_on_its_first_poll_is_considered_again_once_it_changes(
    server: FetchServer, store: Store
) -> None:
    base = server.url("")
    # No title, no words, and a page that is no HTML page yet: refused.
    server.routes["/news/0"] = respond(200, b"\x89PNG\r\n", content_type="image/png")
    serve(server, "/feed", feed(item(base, "urn:audit:0", "", '<img src="/chart.png">')))
    source = subscribe(store, server)
    extracted = CountingExtract()
    first = refresh(store, source, NOW, extracted)
    assert (first.added, first.refused) == (0, 1)
    assert _row(store, "urn:audit:0")[0] is None
    # Unchanged, it is not read again on every poll: neither extracted nor its page fetched.
    calls = extracted.calls
    unchanged = refresh(store, source, NOW + timedelta(hours=1), extracted)
    assert (unchanged.added, unchanged.refused, extracted.calls) == (0, 0, calls)
    assert len(server.hits("/news/0")) == 1
    # Changed (a headline and a teaser now, the page an article): read as if new.
    serve_page(server, "/news/0", page(PARAGRAPHS))
    serve(server, "/feed", feed(item(base, "urn:audit:0", TITLE, TEASER)))
    changed = refresh(store, source, NOW + timedelta(hours=2), extracted)
    assert (changed.added, changed.refused) == (1, 0)
    stored = only_article(store)
    assert stored.article.title == TITLE
    assert PARAGRAPHS[2] in stored.article.text
    assert _row(store, "urn:audit:0")[0] == stored.article_id
    # It is now the entry's article, which its corrections reach.
    serve_page(server, "/news/0", page([*PARAGRAPHS, CORRECTION]))
    serve(server, "/feed", feed(item(base, "urn:audit:0", NEW_TITLE, TEASER)))
    assert refresh(store, source, NOW + timedelta(hours=3), extracted).updated == 1
    assert only_article(store).article.text.endswith(CORRECTION)


def test_a_refused_entry_that_changes_and_is_refused_again_is_not_retried_until_it_changes_again(
    server: FetchServer, store: Store
) -> None:
    base = server.url("")
    server.routes["/news/0"] = respond(200, b"\x89PNG\r\n", content_type="image/png")
    serve(server, "/feed", feed(item(base, "urn:audit:0", "", '<img src="/chart.png">')))
    source = subscribe(store, server)
    refresh(store, source, NOW)
    hash_before = _row(store, "urn:audit:0")[1]
    serve(server, "/feed", feed(item(base, "urn:audit:0", "", '<img src="/chart-2.png">')))
    # Its words are the same (markup only): no change, no new try.
    assert refresh(store, source, NOW + timedelta(hours=1)).refused == 0
    assert len(server.hits("/news/0")) == 1
    # Its words change, and it is still no article: tried once, and kept as refused with them.
    serve(server, "/feed", feed(item(base, "urn:audit:0", "", "<p>Read more</p>")))
    again = refresh(store, source, NOW + timedelta(hours=2))
    assert (again.added, again.refused) == (0, 1)
    assert len(server.hits("/news/0")) == 2
    hash_after = _row(store, "urn:audit:0")[1]
    assert hash_after not in (None, hash_before)
    assert refresh(store, source, NOW + timedelta(hours=3)).refused == 0
    assert len(server.hits("/news/0")) == 2
