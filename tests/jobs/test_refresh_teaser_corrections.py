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
from http.server import BaseHTTPRequestHandler

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


# Review 74 of the commit above: a correction left waiting for the page budget was lost to the
# feed's 304s; a correction's page that redirected to another stored article gave this one that
# article's text; a corrected teaser whose page retry was due had its page fetched twice in one
# poll; an entry read again after a refusal kept the page want of its refusal.


def serve_with_etag(server: FetchServer, path: str, text: str, etag: str) -> None:
    """A feed that answers 304 to a request that names its ETag, as a real server does."""
    payload = text.encode()

    def handle(request: BaseHTTPRequestHandler) -> None:
        unchanged = request.headers.get("If-None-Match") == etag
        request.send_response(304 if unchanged else 200)
        request.send_header("ETag", etag)
        if not unchanged:
            request.send_header("Content-Type", "application/rss+xml")
            request.send_header("Content-Length", str(len(payload)))
        request.end_headers()
        if not unchanged:
            request.wfile.write(payload)

    server.routes[path] = handle


def _page_state(store: Store, key: str) -> tuple[str | None, datetime | None, int, str | None]:
    with store.engine.connect() as connection:
        row = connection.execute(
            select(
                source_items.c.page_url,
                source_items.c.page_due_at,
                source_items.c.page_attempts,
                source_items.c.page_error,
            ).where(source_items.c.item_key == key)
        ).one()
    return row.page_url, row.page_due_at, row.page_attempts, row.page_error


def test_a_correction_waiting_for_the_page_budget_is_not_lost_to_the_feed_s_304(
    server: FetchServer, store: Store
) -> None:
    base = server.url("")
    serve_page(server, "/news/0", page(PARAGRAPHS))
    serve_with_etag(server, "/feed", feed(item(base, "urn:audit:0", TITLE, TEASER)), '"v1"')
    source = subscribe(store, server)
    one_page = replace(LIMITS, max_pages_per_poll=1)
    assert refresh(store, source, NOW, limits=one_page).added == 1
    # A new teaser takes the poll's one page, the correction waits; the feed is at "v2" now.
    serve_page(server, "/news/0", page([*PARAGRAPHS, CORRECTION]))
    serve_page(server, "/news/1", page(PARAGRAPHS[2:], "Shopkeepers fear the bridge closure"))
    corrected = item(base, "urn:audit:0", NEW_TITLE, "<p>The bridge closes on Monday night.</p>")
    newer = item(base, "urn:audit:1", "Shopkeepers fear the closure", TEASER)
    serve_with_etag(server, "/feed", feed(newer, corrected), '"v2"')
    report = refresh(store, source, NOW + timedelta(hours=1), limits=one_page)
    assert (report.added, report.updated) == (1, 0)
    # The poll keeps the old validators: the next one reads the feed, not a 304.
    assert store.get_source(source.source_id).etag == '"v1"'
    report = refresh(store, source, NOW + timedelta(hours=2), limits=one_page)
    assert (report.outcome, report.added, report.updated) == ("new", 0, 1)
    first = next(s.article for s in store.list_articles() if s.article.url == f"{base}/news/0")
    assert (first.title, first.text.endswith(CORRECTION)) == (NEW_TITLE, True)
    # Applied, the feed's validators are kept, and the poll after is a 304 that fetches nothing.
    assert store.get_source(source.source_id).etag == '"v2"'
    hits = len(server.hits("/news/0"))
    report = refresh(store, source, NOW + timedelta(hours=3), limits=one_page)
    assert (report.outcome, report.updated) == ("not-modified", 0)
    assert len(server.hits("/news/0")) == hits


def test_a_correction_s_page_that_redirects_to_another_stored_article_does_not_take_its_text(
    server: FetchServer, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    base = server.url("")
    ferry_title = "Ferry operator adds night crossings during closure"
    ferry_paragraphs = [
        *(f"{text.replace('bridge', 'ferry')} More on the night crossings." for text in PARAGRAPHS[1:]),
        "The operator said the night crossings would run until the bridge reopens, and that tickets "
        "bought for the bridge bus would be honoured on every ferry for the whole of the closure.",
    ]
    serve_page(server, "/news/0", page(PARAGRAPHS))
    serve_page(server, "/news/1", page(ferry_paragraphs, ferry_title))
    ferry = item(base, "urn:audit:1", ferry_title, "<p>Night ferries.</p>")
    serve(server, "/feed", feed(item(base, "urn:audit:0", TITLE, TEASER), ferry))
    source = subscribe(store, server)
    assert refresh(store, source, NOW).added == 2
    before = {stored.article_id: stored.article for stored in store.list_articles()}
    # The site folds story 0 into story 1: /news/0 redirects there, and entry 0's headline changes.
    server.routes["/news/0"] = respond(301, "", headers={"Location": f"{base}/news/1"})
    serve(server, "/feed", feed(item(base, "urn:audit:0", NEW_TITLE, TEASER), ferry))
    with caplog.at_level(logging.INFO, logger="tidings.store.polls"):
        report = refresh(store, source, NOW + timedelta(hours=1))
    assert len(server.hits("/news/1")) == 2
    # The entry's own correction is taken: its new headline, its article's text as it was.
    assert (report.added, report.updated) == (0, 1)
    after = {stored.article_id: stored.article for stored in store.list_articles()}
    bridge_id = next(article_id for article_id, article in before.items() if article.title == TITLE)
    ferry_id = next(article_id for article_id in before if article_id != bridge_id)
    assert (after[bridge_id].title, after[bridge_id].text) == (NEW_TITLE, before[bridge_id].text)
    assert after[ferry_id] == before[ferry_id]
    assert any(
        f"is article {ferry_id}" in record.getMessage() and "urn:audit:0" in record.getMessage()
        for record in caplog.records
    )


def test_a_corrected_teaser_whose_page_retry_is_due_fetches_its_page_once(
    server: FetchServer, store: Store
) -> None:
    base = server.url("")
    server.routes["/news/0"] = respond(503, "busy")
    serve(server, "/feed", feed(item(base, "urn:audit:0", TITLE, TEASER)))
    source = subscribe(store, server)
    assert refresh(store, source, NOW).added == 1
    assert _page_state(store, "urn:audit:0")[1] == NOW + timedelta(hours=1)
    # Its retry is due, the feed corrects the teaser, and the page serves again.
    serve_page(server, "/news/0", page([*PARAGRAPHS, CORRECTION]))
    corrected = item(base, "urn:audit:0", NEW_TITLE, "<p>The bridge closes on Monday night.</p>")
    serve(server, "/feed", feed(corrected))
    report = refresh(store, source, NOW + timedelta(hours=2))
    assert len(server.hits("/news/0")) == 2
    assert (report.completed, report.updated) == (0, 1)
    stored = only_article(store).article
    assert (stored.title, stored.text.endswith(CORRECTION)) == (NEW_TITLE, True)
    # Its page is wanted no more.
    assert _page_state(store, "urn:audit:0")[1] is None
    refresh(store, source, NOW + timedelta(hours=5))
    assert len(server.hits("/news/0")) == 2


def test_an_entry_read_again_after_a_refusal_drops_the_page_want_of_its_refusal(
    server: FetchServer, store: Store
) -> None:
    base = server.url("")
    server.routes["/news/0"] = respond(503, "busy")
    serve(server, "/feed", feed(item(base, "urn:audit:0", "", '<img src="/chart.png">')))
    source = subscribe(store, server)
    first = refresh(store, source, NOW)
    assert (first.added, first.refused) == (0, 1)
    page_url, due_at, attempts, error = _page_state(store, "urn:audit:0")
    assert (page_url, due_at, attempts) == (f"{base}/news/0", NOW + timedelta(hours=1), 1)
    assert "HTTP 503" in (error or "")
    # Changed, and its page serves now: read as if new, its page fetched and nothing wanted after.
    serve_page(server, "/news/0", page(PARAGRAPHS))
    serve(server, "/feed", feed(item(base, "urn:audit:0", TITLE, TEASER)))
    again = refresh(store, source, NOW + timedelta(minutes=30))
    assert again.added == 1
    assert PARAGRAPHS[2] in only_article(store).article.text
    assert _page_state(store, "urn:audit:0") == (None, None, 0, None)
    hits = len(server.hits("/news/0"))
    refresh(store, source, NOW + timedelta(hours=2))
    assert len(server.hits("/news/0")) == hits


def test_an_entry_read_again_after_a_refusal_wants_the_page_it_wants_now(
    server: FetchServer, store: Store
) -> None:
    base = server.url("")
    server.routes["/news/0"] = respond(404, "not yet")
    serve(server, "/feed", feed(item(base, "urn:audit:0", "", '<img src="/chart.png">')))
    source = subscribe(store, server)
    assert refresh(store, source, NOW).refused == 1
    # Refused, its page given up (a 404 is not tried again): nothing due.
    assert _page_state(store, "urn:audit:0")[1:3] == (None, 1)
    # Changed, its page busy now: kept as its teaser, its page wanted afresh after one failure.
    server.routes["/news/0"] = respond(503, "busy")
    serve(server, "/feed", feed(item(base, "urn:audit:0", TITLE, TEASER)))
    assert refresh(store, source, NOW + timedelta(minutes=30)).added == 1
    page_url, due_at, attempts, error = _page_state(store, "urn:audit:0")
    assert (page_url, due_at, attempts) == (f"{base}/news/0", NOW + timedelta(minutes=90), 1)
    assert "HTTP 503" in (error or "")
    serve_page(server, "/news/0", page(PARAGRAPHS))
    assert refresh(store, source, NOW + timedelta(hours=2)).completed == 1
    assert PARAGRAPHS[2] in only_article(store).article.text
