"""Refreshing sources against a real HTTP server on 127.0.0.1 and a real store (SQLite and
PostgreSQL): new entries only, conditional GET, full text for teasers, failures as data, backoff,
Retry-After, pausing, retirement, confirmed moves, sitemaps, and hostile feeds."""

from __future__ import annotations

import asyncio
import gc
import itertools
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.gather.fetch_server import FetchServer, reset_connection, respond, running_server
from tests.jobs.support import (
    CONFIG,
    LIMITS,
    LOCAL,
    LONG_TEXT,
    NOW,
    TLS,
    PlacedLog,
    extract_for_tests,
    refresher_for,
    rss,
)
from tidings.extract import extract
from tidings.gather.fetch import Fetcher
from tidings.jobs import Scheduler
from tidings.jobs.refresh import GONE_CONFIRMATION, MOVE_CONFIRMATIONS, PollReport, Refresher
from tidings.model import Article, RawDocument
from tidings.store import Source, Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
# What a poll records when an unexpected exception escaped the reading code (a bug, not a bad feed).
BUG = "Tidings failed while reading it"


@pytest.fixture
def server() -> Iterator[FetchServer]:
    yield from running_server()


def refresh(store: Store, source: Source, *, now: object = NOW, **kwargs: object) -> PollReport:
    async def run() -> PollReport:
        async with refresher_for(store, **kwargs) as refresher:  # type: ignore[arg-type]
            return await refresher.refresh(store.get_source(source.source_id), now)  # type: ignore[arg-type]

    return asyncio.run(run())


def subscribe(store: Store, url: str, **kwargs: object) -> Source:
    return store.subscribe(url, kind="feed", now=NOW, **kwargs).source  # type: ignore[arg-type]


def test_a_feed_poll_stores_new_entries_and_then_only_new_ones(server: FetchServer, store: Store) -> None:
    base = server.url("")
    server.routes["/feed"] = respond(
        200, rss(base, ("a", "A", LONG_TEXT), ("b", "B", LONG_TEXT)), headers={"ETag": '"1"'}
    )
    source = subscribe(store, server.url("/feed"))
    placed = PlacedLog()
    first = refresh(store, source, placed=placed)
    assert (first.outcome, first.added) == ("new", 2)
    assert len(placed.placed) == 2
    server.routes["/feed"] = respond(
        200,
        rss(base, ("a", "A", LONG_TEXT), ("b", "B", LONG_TEXT), ("c", "C", LONG_TEXT)),
        headers={"ETag": '"2"'},
    )
    second = refresh(store, source, now=NOW + timedelta(hours=1))
    assert (second.outcome, second.added) == ("new", 1)
    assert store.count_articles() == 3
    assert store.get_source(source.source_id).etag == '"2"'
    assert server.hits("/feed")[1].headers["if-none-match"] == '"1"'


def test_a_304_changes_nothing_but_the_schedule(server: FetchServer, store: Store) -> None:
    server.routes["/feed"] = respond(304, headers={"Cache-Control": "max-age=7200"})
    source = subscribe(store, server.url("/feed"))
    report = refresh(store, source)
    assert report.outcome == "not-modified"
    assert report.next_check_at is not None
    assert report.next_check_at >= NOW + timedelta(hours=2)
    kept = store.get_source(source.source_id)
    assert kept.last_success_at == NOW
    assert kept.error_count == 0


def test_teaser_entries_get_their_page_and_full_entries_do_not(server: FetchServer, store: Store) -> None:
    base = server.url("")
    server.routes["/feed"] = respond(
        200, rss(base, ("short", "Short", "One line teaser."), ("long", "Long", LONG_TEXT))
    )
    page = f"<html><body><article><h1>Short</h1><p>{LONG_TEXT} The full story.</p></article></body></html>"
    server.routes["/article/short"] = respond(200, page, content_type="text/html; charset=utf-8")
    server.routes["/robots.txt"] = respond(200, "User-agent: *\nAllow: /\n")
    source = subscribe(store, server.url("/feed"))
    report = refresh(store, source)
    assert report.added == 2
    assert len(server.hits("/article/short")) == 1
    assert server.hits("/article/long") == []
    texts = {stored.article.title: stored.article.text for stored in store.list_articles()}
    assert "The full story." in texts["Short"]


def test_full_text_off_never_fetches_pages(server: FetchServer, store: Store) -> None:
    server.routes["/feed"] = respond(200, rss(server.url(""), ("short", "Short", "One line teaser.")))
    source = subscribe(store, server.url("/feed"), full_text="off")
    assert refresh(store, source).added == 1
    assert server.hits("/article/short") == []


def test_a_page_robots_txt_forbids_falls_back_to_the_teaser(server: FetchServer, store: Store) -> None:
    server.routes["/feed"] = respond(200, rss(server.url(""), ("short", "Short", "One line teaser.")))
    server.routes["/robots.txt"] = respond(200, "User-agent: *\nDisallow: /article/\n")
    source = subscribe(store, server.url("/feed"))
    assert refresh(store, source).added == 1
    assert server.hits("/article/short") == []


def test_a_page_whose_robots_txt_is_down_is_tried_again_later(server: FetchServer, store: Store) -> None:
    # An unreadable robots.txt forbids for now (RFC 9309), not for good as its rules would.
    server.routes["/feed"] = respond(200, rss(server.url(""), ("short", "Short", "One line teaser.")))
    server.routes["/robots.txt"] = respond(503, "down for maintenance")
    _serve_page(server, "short")
    source = subscribe(store, server.url("/feed"))
    assert refresh(store, source).added == 1
    assert server.hits("/article/short") == []
    server.routes["/robots.txt"] = respond(200, "User-agent: *\nAllow: /\n")
    later = refresh(store, source, now=NOW + timedelta(hours=1))
    assert later.completed == 1
    assert "The full story of Short." in _texts(store)["Short"]


def _texts(store: Store) -> dict[str, str]:
    return {stored.article.title: stored.article.text for stored in store.list_articles()}


def _page(title: str) -> str:
    paragraph = f"<p>{LONG_TEXT} The full story of {title}.</p>"
    return f"<html><body><article><h1>{title}</h1>{paragraph}</article></body></html>"


def _serve_page(server: FetchServer, guid: str, status: int = 200) -> None:
    body = _page(guid.title()) if status == 200 else "not now"
    content_type = "text/html; charset=utf-8" if status == 200 else "text/plain"
    server.routes[f"/article/{guid}"] = respond(status, body, content_type=content_type)


def test_teasers_over_the_page_budget_get_their_pages_on_later_polls(
    server: FetchServer, store: Store
) -> None:
    teasers = [(guid, guid.title(), "One line teaser.") for guid in ("one", "two", "three")]
    server.routes["/feed"] = respond(200, rss(server.url(""), *teasers), headers={"ETag": '"1"'})
    for guid, _title, _teaser in teasers:
        _serve_page(server, guid)
    source = subscribe(store, server.url("/feed"))
    limits = replace(LIMITS, max_pages_per_poll=2)
    first = refresh(store, source, limits=limits)
    assert (first.added, first.completed) == (3, 0)
    assert sorted("The full story" in text for text in _texts(store).values()) == [False, True, True]
    # The feed has not changed (304): the third page is fetched with this poll's budget.
    server.routes["/feed"] = respond(304)
    second = refresh(store, source, now=NOW + timedelta(minutes=30), limits=limits)
    assert (second.outcome, second.added, second.completed) == ("not-modified", 0, 1)
    assert all("The full story" in text for text in _texts(store).values())
    assert store.count_articles() == 3
    assert [len(server.hits(f"/article/{guid}")) for guid, _t, _d in teasers] == [1, 1, 1]
    refresh(store, source, now=NOW + timedelta(hours=1), limits=limits)
    assert [len(server.hits(f"/article/{guid}")) for guid, _t, _d in teasers] == [1, 1, 1]


def test_new_entries_come_before_due_pages_in_a_polls_budget(server: FetchServer, store: Store) -> None:
    server.routes["/feed"] = respond(200, rss(server.url(""), ("old", "Old", "One line teaser.")))
    _serve_page(server, "old", 503)
    source = subscribe(store, server.url("/feed"))
    limits = replace(LIMITS, max_pages_per_poll=1)
    refresh(store, source, limits=limits)
    _serve_page(server, "old")
    _serve_page(server, "new")
    server.routes["/feed"] = respond(
        200, rss(server.url(""), ("new", "New", "One line teaser."), ("old", "Old", "One line teaser."))
    )
    second = refresh(store, source, now=NOW + timedelta(hours=2), limits=limits)
    assert (second.added, second.completed) == (1, 0)
    third = refresh(store, source, now=NOW + timedelta(hours=3), limits=limits)
    assert (third.added, third.completed) == (0, 1)
    assert all("The full story" in text for text in _texts(store).values())


def test_a_failed_page_is_tried_after_growing_waits_then_given_up(server: FetchServer, store: Store) -> None:
    server.routes["/feed"] = respond(200, rss(server.url(""), ("short", "Short", "One line teaser.")))
    _serve_page(server, "short", 503)
    source = subscribe(store, server.url("/feed"))
    report = refresh(store, source)
    assert (report.added, report.refused) == (1, 0)
    assert _texts(store) == {"Short": "One line teaser."}
    tries_at = [NOW]
    for hours in (0.5, 1, 2, 4, 10, 13, 30, 60):
        later = refresh(store, source, now=NOW + timedelta(hours=hours))
        assert (later.outcome, later.added, later.refused, later.completed) == ("new", 0, 0, 0)
        if len(server.hits("/article/short")) > len(tries_at):
            tries_at.append(NOW + timedelta(hours=hours))
    # After the first try: 1 h, then 3 h, then 9 h later; then no more.
    assert [moment - NOW for moment in tries_at] == [timedelta(hours=hours) for hours in (0, 1, 4, 13)]
    assert _texts(store) == {"Short": "One line teaser."}
    kept = store.get_source(source.source_id)
    assert (kept.error_count, kept.last_error) == (0, None)  # the page's failures are not the feed's


def test_a_page_that_comes_back_replaces_its_teaser(server: FetchServer, store: Store) -> None:
    server.routes["/feed"] = respond(200, rss(server.url(""), ("short", "Short", "One line teaser.")))
    _serve_page(server, "short", 503)
    source = subscribe(store, server.url("/feed"))
    refresh(store, source)
    _serve_page(server, "short")
    described: list[tuple[list[int], object]] = []
    report = refresh(
        store,
        source,
        now=NOW + timedelta(hours=1),
        described=lambda ids, now: described.append((list(ids), now)),
    )
    assert report.completed == 1
    (stored,) = store.list_articles()
    assert "The full story of Short." in stored.article.text
    assert stored.article.title == "Short"
    # The stories stage is asked to describe it again from its full text.
    assert described == [([stored.article_id], NOW + timedelta(hours=1))]


@pytest.mark.parametrize("status", [404, 410])
def test_a_page_that_is_gone_is_not_tried_again(server: FetchServer, store: Store, status: int) -> None:
    server.routes["/feed"] = respond(200, rss(server.url(""), ("short", "Short", "One line teaser.")))
    _serve_page(server, "short", status)
    source = subscribe(store, server.url("/feed"))
    assert refresh(store, source).added == 1
    refresh(store, source, now=NOW + timedelta(hours=2))
    assert len(server.hits("/article/short")) == 1
    assert _texts(store) == {"Short": "One line teaser."}


def test_a_page_that_is_no_article_leaves_the_teaser_stored(server: FetchServer, store: Store) -> None:
    server.routes["/feed"] = respond(200, rss(server.url(""), ("short", "Short", "One line teaser.")))
    server.routes["/article/short"] = respond(200, "<html><body></body></html>", content_type="text/html")
    source = subscribe(store, server.url("/feed"))
    report = refresh(store, source)
    assert (report.added, report.refused) == (1, 0)
    assert _texts(store) == {"Short": "One line teaser."}
    refresh(store, source, now=NOW + timedelta(hours=2))
    assert len(server.hits("/article/short")) == 1


def test_full_text_off_tries_no_stored_teasers_page(server: FetchServer, store: Store) -> None:
    server.routes["/feed"] = respond(200, rss(server.url(""), ("short", "Short", "One line teaser.")))
    _serve_page(server, "short", 503)
    source = subscribe(store, server.url("/feed"))
    refresh(store, source)
    store.set_source_options(source.source_id, now=NOW, full_text="off")
    _serve_page(server, "short")
    refresh(store, source, now=NOW + timedelta(hours=2))
    assert len(server.hits("/article/short")) == 1


def test_another_feeds_full_entry_completes_a_stored_teaser(server: FetchServer, store: Store) -> None:
    base = server.url("")
    server.routes["/teasers"] = respond(200, rss(base, ("story", "Story", "One line teaser.")))
    server.routes["/full"] = respond(200, rss(base, ("story", "Story", LONG_TEXT)))
    teasers = subscribe(store, server.url("/teasers"), full_text="off")
    full = subscribe(store, server.url("/full"))
    assert refresh(store, teasers).added == 1
    report = refresh(store, full, now=NOW + timedelta(minutes=5))
    assert (report.added, report.completed) == (0, 1)
    assert _texts(store) == {"Story": LONG_TEXT}


def _headline_only_rss(base: str, guid: str, title: str) -> str:
    item = f"<item><guid>{guid}</guid><title>{title}</title><link>{base}/article/{guid}</link></item>"
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Headlines</title>{item}</channel></rss>'


def test_a_headline_only_entry_is_stored_without_its_page_and_completed_later(
    server: FetchServer, store: Store
) -> None:
    server.routes["/feed"] = respond(200, _headline_only_rss(server.url(""), "short", "Short"))
    _serve_page(server, "short", 503)
    source = subscribe(store, server.url("/feed"))
    report = refresh(store, source)
    assert (report.added, report.refused) == (1, 0)
    assert _texts(store) == {"Short": ""}
    _serve_page(server, "short")
    assert refresh(store, source, now=NOW + timedelta(hours=1)).completed == 1
    assert "The full story of Short." in _texts(store)["Short"]


def test_a_headline_only_entry_is_stored_when_full_text_is_off(server: FetchServer, store: Store) -> None:
    server.routes["/feed"] = respond(200, _headline_only_rss(server.url(""), "short", "Short"))
    source = subscribe(store, server.url("/feed"), full_text="off")
    assert (refresh(store, source).added, store.count_articles()) == (1, 1)
    assert server.hits("/article/short") == []


def test_an_enclosure_only_entry_is_stored_linking_its_media_which_is_never_fetched(
    server: FetchServer, store: Store
) -> None:
    # A podcast's item (authored): a title and an <enclosure>, no description, no link.
    item = (
        "<item><title>Episode 12: the new bridge</title><guid isPermaLink='false'>ep-12</guid>"
        "<enclosure url='/audio/ep12.mp3' length='1234' type='audio/mpeg'/></item>"
    )
    server.routes["/feed"] = respond(
        200,
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Town Radio</title>{item}</channel></rss>',
    )
    source = subscribe(store, server.url("/feed"))
    report = refresh(store, source, extract=extract)
    assert (report.added, report.refused) == (1, 0)
    [stored] = store.list_articles()
    assert (stored.article.title, stored.article.text) == ("Episode 12: the new bridge", "")
    assert stored.article.url == server.url("/audio/ep12.mp3")
    assert server.hits("/audio/ep12.mp3") == []


def test_a_teaser_s_page_is_read_as_a_page_its_chrome_left_out(server: FetchServer, store: Store) -> None:
    server.routes["/feed"] = respond(200, rss(server.url(""), ("short", "Short", "One line teaser.")))
    page = (
        "<html><head><title>Short</title></head><body>"
        "<header><a href='/'>Example News</a> <a href='/subscribe'>Subscribe</a></header>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World desk headlines</a></li>"
        "<li><a href='/sport'>Sport results</a></li></ul></nav>"
        f"<article><h1>Short</h1><p class='byline'>By Jane Doe</p><p>{LONG_TEXT}</p>"
        "<p>The full story ends here.</p></article>"
        "<footer><p>Copyright Example Media Group. All rights reserved. Terms of use.</p></footer>"
        "</body></html>"
    )
    server.routes["/article/short"] = respond(200, page, content_type="text/html; charset=utf-8")

    async def run() -> PollReport:
        async with refresher_for(store, extract=extract) as refresher:
            return await refresher.refresh(store.get_source(source.source_id), NOW)

    source = subscribe(store, server.url("/feed"))
    assert asyncio.run(run()).added == 1
    (stored,) = store.list_articles()
    assert "The full story ends here." in stored.article.text
    assert stored.article.text.startswith("The council approved")  # no site header, no headline
    assert "All rights reserved" not in stored.article.text
    assert stored.article.byline == "Jane Doe"
    # Still the feed entry's article: the entry is recognised by its key on a later poll.
    assert stored.article.provenance.kind == "feed"


def test_failures_back_off_and_pause_after_days_then_recover(server: FetchServer, store: Store) -> None:
    server.routes["/feed"] = respond(503, "down")
    source = subscribe(store, server.url("/feed"))
    waits = []
    for hours in (0, 1, 3):
        report = refresh(store, source, now=NOW + timedelta(hours=hours))
        assert report.outcome == "failed"
        assert report.next_check_at is not None
        waits.append(report.next_check_at - (NOW + timedelta(hours=hours)))
    assert waits[0] < waits[1] < waits[2]
    paused = refresh(store, source, now=NOW + timedelta(days=4))
    assert paused.outcome == "paused"
    kept = store.get_source(source.source_id)
    assert (kept.state, kept.error_count, kept.failing_since) == ("paused", 4, NOW)
    assert "HTTP 503" in (kept.last_error or "")
    server.routes["/feed"] = respond(200, rss(server.url(""), ("a", "A", LONG_TEXT)))
    healed = refresh(store, source, now=NOW + timedelta(days=5))
    assert healed.outcome == "new"
    assert store.get_source(source.source_id).state == "active"


def test_retry_after_sets_the_next_check(server: FetchServer, store: Store) -> None:
    server.routes["/feed"] = respond(429, headers={"Retry-After": "10800"})
    source = subscribe(store, server.url("/feed"))
    report = refresh(store, source)
    assert report.outcome == "failed"
    assert report.next_check_at is not None
    assert report.next_check_at >= NOW + timedelta(hours=3)


def test_a_source_not_asked_because_its_host_asked_for_a_wait_is_checked_after_that_wait(
    server: FetchServer, store: Store
) -> None:
    # Two feeds of one host: the first answers 429 for an hour, so the second is not asked at all
    # in that poll; it must not be checked again (by the next cron `fetch`) before that hour.
    server.routes["/busy"] = respond(429, headers={"Retry-After": "3600"})
    server.routes["/other"] = respond(200, rss(server.url(""), ("a", "A", LONG_TEXT)))
    busy = subscribe(store, server.url("/busy"))
    other = subscribe(store, server.url("/other"))

    async def both() -> list[PollReport]:
        async with refresher_for(store) as refresher:
            return [
                await refresher.refresh(store.get_source(source.source_id), NOW) for source in (busy, other)
            ]

    _first, second = asyncio.run(both())
    assert second.outcome == "failed"
    assert "asked Tidings to wait" in (second.error or "")
    assert server.hits("/other") == []
    assert second.next_check_at is not None
    assert second.next_check_at >= NOW + timedelta(minutes=59)
    assert store.get_source(other.source_id).next_check_at == second.next_check_at


@pytest.mark.parametrize(
    ("headers", "ttl", "floor"),
    [
        ({"Expires": "Mon, 23 Nov 2026 17:00:00 GMT"}, None, timedelta(hours=5)),
        ({"Cache-Control": "public, max-age=10800"}, None, timedelta(hours=3)),
        ({}, 240, timedelta(hours=4)),
        # A <ttl> of a month is held to the configured longest interval (24 hours).
        ({}, 43200, timedelta(hours=24)),
    ],
    ids=["expires", "cache-control", "rss-ttl", "ttl-over-bounds"],
)
def test_the_servers_freshness_is_a_floor_within_the_bounds(
    server: FetchServer, store: Store, headers: dict[str, str], ttl: int | None, floor: timedelta
) -> None:
    server.routes["/feed"] = respond(
        200, rss(server.url(""), ("a", "A", LONG_TEXT), ttl=ttl), headers=headers
    )
    source = subscribe(store, server.url("/feed"))
    report = refresh(store, source)
    assert report.outcome == "new"
    assert report.next_check_at is not None
    assert floor <= report.next_check_at - NOW <= max(floor, LIMITS.bounds.max_interval)
    assert store.get_source(source.source_id).next_check_at == report.next_check_at
    if ttl is not None:
        assert store.get_source(source.source_id).feed_ttl_minutes == ttl


def test_extraction_runs_off_the_event_loop(server: FetchServer, store: Store) -> None:
    entries = [(f"e{index}", f"E{index}", LONG_TEXT) for index in range(4)]
    server.routes["/feed"] = respond(200, rss(server.url(""), *entries))
    source = subscribe(store, server.url("/feed"))

    def slow_extract(document: RawDocument) -> Article:
        time.sleep(0.25)  # CPU-bound work stands in: it holds its thread, not the loop
        return extract_for_tests(document)

    async def poll_while_ticking() -> tuple[PollReport, list[float]]:
        ticks: list[float] = []
        done = asyncio.Event()

        async def heartbeat() -> None:
            while not done.is_set():
                ticks.append(time.monotonic())
                await asyncio.sleep(0.02)

        beating = asyncio.create_task(heartbeat())
        with ThreadPoolExecutor(max_workers=1) as cpu:
            async with Fetcher(CONFIG, LOCAL, ssl_context=TLS) as fetcher:
                refresher = Refresher(
                    store, fetcher, limits=LIMITS, extract=slow_extract, place_new=PlacedLog(), cpu=cpu
                )
                report = await refresher.refresh(store.get_source(source.source_id), NOW)
        done.set()
        await beating
        return report, ticks

    # A full garbage collection stops every thread, the loop's too, for as long as the heap of a
    # long test session takes to walk (0.17 s in a fresh process with the models loaded; a 0.42 s
    # stall once failed this test late in a whole-suite run). That is not what this test is
    # about, so collection is held off while the loop is timed.
    gc.collect()
    gc.disable()
    try:
        report, ticks = asyncio.run(poll_while_ticking())
    finally:
        gc.enable()
    assert report.added == 4
    # A second of blocking extraction, yet the loop never stalled for more than a few ticks.
    assert ticks[-1] - ticks[0] >= 0.9
    assert max(later - earlier for earlier, later in itertools.pairwise(ticks)) < 0.2


def test_entries_the_feed_reader_refuses_are_counted_and_each_named(
    server: FetchServer, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    # One entry nests its HTML 600 deep (a parser trap) and the document stops inside its last
    # one (a truncated download): both are refused while the feed is read, before extraction.
    base = server.url("")
    whole = rss(base, ("fine", "Fine", LONG_TEXT), ("deep", "Deep", "&lt;div&gt;" * 600), ("cut", "Cut", "x"))
    server.routes["/feed"] = respond(200, whole[: whole.index("<item><guid>cut</guid>") + 40])
    source = subscribe(store, server.url("/feed"))
    with caplog.at_level("INFO", logger="tidings.jobs.refresh"):
        report = refresh(store, source)
    assert (report.outcome, report.added, report.refused) == ("new", 1, 2)
    refusals = [record.getMessage() for record in caplog.records if "refused" in record.getMessage()]
    feed = server.url("/feed")
    assert refusals == [
        f"entry refused: {feed} [deep]: nests HTML elements more than 512 deep; refused as a parser trap",
        f"entry refused: {feed} [cut]: is cut off: the feed ends before this entry"
        " does (a truncated file or download); not stored",
    ]


def test_a_410_answered_for_a_day_retires_the_source_and_it_is_not_polled_again(
    server: FetchServer, store: Store
) -> None:
    server.routes["/feed"] = respond(410, "gone")
    source = subscribe(store, server.url("/feed"))
    first = refresh(store, source)
    # One 410 is not believed: the source stays, shows the error, and is checked on the back-off.
    assert first.outcome == "failed"
    assert first.error == (
        f"{server.url('/feed')}: the server says this address is gone for good (HTTP 410); "
        "retired if it still says so from 2026-11-24 12:00 UTC on"
    )
    kept = store.get_source(source.source_id)
    assert (kept.state, kept.gone_since, kept.last_error) == ("active", NOW, first.error)
    assert first.next_check_at is not None
    assert first.next_check_at - NOW <= timedelta(minutes=20)
    # Still gone on every check of the day after: retired only when the day is over.
    while (when := store.get_source(source.source_id).next_check_at) < NOW + GONE_CONFIRMATION:
        assert refresh(store, source, now=when).outcome == "failed"
        assert store.get_source(source.source_id).gone_since == NOW
    assert refresh(store, source, now=when).outcome == "retired"
    assert store.get_source(source.source_id).state == "retired"
    assert store.claim_due_sources(when + timedelta(days=30), limit=10, lease=timedelta(minutes=5)) == []


def test_a_410_run_broken_by_any_other_answer_starts_again(server: FetchServer, store: Store) -> None:
    source = subscribe(store, server.url("/feed"))
    server.routes["/feed"] = respond(503, "busy")
    for hours in (0, 30):
        refresh(store, source, now=NOW + timedelta(hours=hours))
    # Failing for 30 hours, but the first 410 is now: not retired.
    server.routes["/feed"] = respond(410, "gone")
    assert refresh(store, source, now=NOW + timedelta(hours=31)).outcome == "failed"
    assert store.get_source(source.source_id).gone_since == NOW + timedelta(hours=31)
    # A good answer ends the run; the next 410 starts another.
    server.routes["/feed"] = respond(200, rss(server.url(""), ("a", "A", LONG_TEXT)))
    assert refresh(store, source, now=NOW + timedelta(hours=50)).outcome == "new"
    assert store.get_source(source.source_id).gone_since is None
    server.routes["/feed"] = respond(410, "gone")
    assert refresh(store, source, now=NOW + timedelta(hours=60)).outcome == "failed"
    assert refresh(store, source, now=NOW + timedelta(hours=83)).outcome == "failed"
    assert refresh(store, source, now=NOW + timedelta(hours=84)).outcome == "retired"


def test_a_permanent_redirect_moves_the_source_only_once_confirmed(server: FetchServer, store: Store) -> None:
    server.routes["/old"] = respond(301, headers={"Location": "/new"})
    server.routes["/new"] = respond(200, rss(server.url(""), ("a", "A", LONG_TEXT)))
    source = subscribe(store, server.url("/old"))
    for check in range(1, MOVE_CONFIRMATIONS):
        report = refresh(store, source, now=NOW + timedelta(hours=check))
        kept = store.get_source(source.source_id)
        assert kept.url == server.url("/old")
        assert kept.moved_count == check
        # The poll says where the feed points, and that it has not moved yet.
        assert report.url == server.url("/old")
        assert report.note == (
            f"it redirects permanently to {server.url('/new')}: seen {check} of {MOVE_CONFIRMATIONS} "
            "times before the subscription moves"
        )
    report = refresh(store, source, now=NOW + timedelta(hours=MOVE_CONFIRMATIONS))
    moved = store.get_source(source.source_id)
    assert moved.url == server.url("/new")
    assert moved.locator == server.url("/old")
    assert store.count_articles() == 1
    # The poll that moves it names the address it is followed at now, and the one it left.
    assert report.url == server.url("/new")
    assert report.note == f"moved here from {server.url('/old')} (a permanent redirect)"


def test_a_feed_moved_to_a_tracking_address_is_kept_without_the_trackers(
    server: FetchServer, store: Store
) -> None:
    server.routes["/old"] = respond(301, headers={"Location": "/new?utm_source=rss&format=rss"})
    server.routes["/new"] = respond(200, rss(server.url(""), ("a", "A", LONG_TEXT)))
    source = subscribe(store, server.url("/old"))
    for check in range(1, MOVE_CONFIRMATIONS + 1):
        refresh(store, source, now=NOW + timedelta(hours=check))
    assert store.get_source(source.source_id).url == server.url("/new?format=rss")


def test_a_temporary_redirect_never_moves_the_source(server: FetchServer, store: Store) -> None:
    server.routes["/feed"] = respond(302, headers={"Location": "/elsewhere"})
    server.routes["/elsewhere"] = respond(200, rss(server.url(""), ("a", "A", LONG_TEXT)))
    source = subscribe(store, server.url("/feed"))
    for check in range(MOVE_CONFIRMATIONS + 1):
        refresh(store, source, now=NOW + timedelta(hours=check))
    assert store.get_source(source.source_id).url == server.url("/feed")


NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>"""
NEWS_URL = """<url><loc>{loc}</loc><news:news><news:publication><news:name>Herald</news:name>
<news:language>{language}</news:language></news:publication>
<news:publication_date>{date}</news:publication_date><news:title>{title}</news:title></news:news></url>"""


def _news_sitemap(*urls: tuple[str, str, str, str]) -> str:
    return NEWS_SITEMAP.format(
        urls="".join(
            NEWS_URL.format(loc=loc, language=language, date=date, title=title)
            for loc, language, date, title in urls
        )
    )


def test_a_sitemap_source_reads_its_index_news_entries_and_pages(server: FetchServer, store: Store) -> None:
    base = server.url("")
    server.routes["/robots.txt"] = respond(200, "User-agent: *\nDisallow: /private/\n")
    server.routes["/sitemap_index.xml"] = respond(
        200,
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>/news.xml</loc><lastmod>2026-11-23T11:00:00Z</lastmod></sitemap></sitemapindex>",
        content_type="application/xml",
        headers={"ETag": '"i1"'},
    )
    server.routes["/news.xml"] = respond(
        200,
        _news_sitemap(
            (f"{base}/2026/budget", "en", "2026-11-23T09:30:00+01:00", "Council approves budget"),
            (f"{base}/2026/port", "fr", "2026-11-22", "Tempête sur le port"),
            (f"{base}/private/draft", "en", "2026-11-23", "Not for crawlers"),
        ),
        content_type="application/xml",
    )
    for path in ("/2026/budget", "/2026/port", "/private/draft"):
        server.routes[path] = respond(
            200, f"<html><body><article><p>{LONG_TEXT}</p></article></body></html>", content_type="text/html"
        )
    source = store.subscribe(server.url("/sitemap_index.xml"), kind="sitemap", now=NOW).source
    report = refresh(store, source)
    assert (report.outcome, report.added) == ("new", 2)
    stored = {stored.article.url: stored.article for stored in store.list_articles()}
    assert set(stored) == {f"{base}/2026/budget", f"{base}/2026/port"}
    assert stored[f"{base}/2026/port"].title == "Tempête sur le port"
    assert server.hits("/private/draft") == []
    assert store.get_source(source.source_id).etag == '"i1"'
    # The next poll takes nothing twice: no page is fetched again.
    again = refresh(store, source, now=NOW + timedelta(hours=1))
    assert (again.outcome, again.added) == ("new", 0)
    assert len(server.hits("/2026/budget")) == 1
    assert server.hits("/sitemap_index.xml")[-1].headers["if-none-match"] == '"i1"'


@pytest.mark.parametrize(
    ("head", "outlet"),
    [("", "Herald"), ('<meta property="og:site_name" content="The Herald Online">', "The Herald Online")],
    ids=["news-name", "page-site-name"],
)
def test_a_news_sitemap_s_publication_name_is_the_outlet_where_the_page_names_none(
    server: FetchServer, store: Store, head: str, outlet: str
) -> None:
    # Before: the <news:name> was read and dropped; a page with no site name of its own, on a host
    # under no public suffix, was "unknown outlet".
    base = server.url("")
    server.routes["/news.xml"] = respond(
        200,
        _news_sitemap((f"{base}/2026/budget", "en", "2026-11-23T09:30:00Z", "Council approves budget")),
        content_type="application/xml",
    )
    server.routes["/2026/budget"] = respond(
        200,
        f"<html><head><title>Council approves budget</title>{head}</head><body><article>"
        f"<h1>Council approves budget</h1><p>{LONG_TEXT}</p></article></body></html>",
        content_type="text/html",
    )
    source = store.subscribe(server.url("/news.xml"), kind="sitemap", now=NOW).source
    assert refresh(store, source, extract=extract).added == 1
    [stored] = store.list_articles()
    assert stored.article.outlet.name == outlet


def test_a_child_sitemap_that_cannot_be_read_leaves_the_others(server: FetchServer, store: Store) -> None:
    base = server.url("")
    children = "".join(
        f"<sitemap><loc>/{name}.xml</loc><lastmod>2026-11-23T{hour}:00:00Z</lastmod></sitemap>"
        for name, hour in (("soft404", "11"), ("news", "10"))
    )
    server.routes["/sitemap_index.xml"] = respond(
        200,
        f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{children}'
        "</sitemapindex>",
        content_type="application/xml",
    )
    # A soft 404: the page a site serves, with HTTP 200, for a sitemap it no longer has.
    server.routes["/soft404.xml"] = respond(
        200, "<html><body><p>Sorry, nothing here.</p></body></html>", content_type="text/html"
    )
    server.routes["/news.xml"] = respond(
        200,
        _news_sitemap((f"{base}/2026/budget", "en", "2026-11-23T09:30:00Z", "Council approves budget")),
        content_type="application/xml",
    )
    server.routes["/2026/budget"] = respond(
        200, f"<html><body><article><p>{LONG_TEXT}</p></article></body></html>", content_type="text/html"
    )
    source = store.subscribe(server.url("/sitemap_index.xml"), kind="sitemap", now=NOW).source
    report = refresh(store, source)
    assert (report.outcome, report.added, report.error) == ("new", 1, None)


def test_a_sitemaps_pages_that_are_gone_are_not_fetched_on_every_poll(
    server: FetchServer, store: Store
) -> None:
    # The newest pages a sitemap lists are gone (410) or forbidden: they must not be asked for on
    # every poll, nor take the poll's page budget from the pages after them for as long as they
    # are listed. A page that fails for now (503) is asked for again.
    base = server.url("")
    server.routes["/robots.txt"] = respond(200, "User-agent: *\nDisallow: /private/\n")
    listed = [
        (f"{base}/gone", "en", "2026-11-23T11:50:00Z", "Gone"),
        (f"{base}/private/draft", "en", "2026-11-23T11:40:00Z", "Not for crawlers"),
        (f"{base}/busy", "en", "2026-11-23T11:30:00Z", "Busy"),
        (f"{base}/budget", "en", "2026-11-23T11:00:00Z", "Council approves budget"),
    ]
    server.routes["/news.xml"] = respond(200, _news_sitemap(*listed), content_type="application/xml")
    server.routes["/gone"] = respond(410, "gone")
    server.routes["/busy"] = respond(503, "try later")
    article = f"<html><body><article><p>{LONG_TEXT}</p></article></body></html>"
    server.routes["/budget"] = respond(200, article, content_type="text/html")
    source = store.subscribe(server.url("/news.xml"), kind="sitemap", now=NOW).source
    limits = replace(LIMITS, max_pages_per_poll=3)
    first = refresh(store, source, limits=limits)
    assert (first.added, first.refused) == (0, 2)
    second = refresh(store, source, now=NOW + timedelta(minutes=30), limits=limits)
    assert (second.added, second.refused) == (1, 0)
    hits = {path: len(server.hits(path)) for path in ("/gone", "/private/draft", "/busy", "/budget")}
    assert hits == {"/gone": 1, "/private/draft": 0, "/busy": 2, "/budget": 1}
    assert [stored.article.url for stored in store.list_articles()] == [f"{base}/budget"]


@pytest.mark.parametrize(
    "first_answer",
    [
        respond(200, "", content_type="text/html"),  # an origin under load answers empty
        respond(200, "Service temporarily unavailable", content_type="text/plain"),
        respond(404, "not found"),  # listed before the CDN serves it
    ],
    ids=["empty", "not-html", "not-yet-404"],
)
def test_a_sitemaps_new_page_that_failed_once_is_fetched_again(
    server: FetchServer, store: Store, first_answer: object
) -> None:
    # Found in review (2026-12-06): a page listed an hour ago that failed so once was taken as
    # gone for good and never asked for again.
    base = server.url("")
    listed = [(f"{base}/budget", "en", "2026-11-23T11:00:00Z", "Council approves budget")]
    server.routes["/news.xml"] = respond(200, _news_sitemap(*listed), content_type="application/xml")
    server.routes["/budget"] = first_answer
    source = store.subscribe(server.url("/news.xml"), kind="sitemap", now=NOW).source
    first = refresh(store, source)
    assert (first.added, first.refused) == (0, 0)
    article = f"<html><body><article><p>{LONG_TEXT}</p></article></body></html>"
    server.routes["/budget"] = respond(200, article, content_type="text/html")
    assert refresh(store, source, now=NOW + timedelta(minutes=30)).added == 1
    assert [stored.article.url for stored in store.list_articles()] == [f"{base}/budget"]


def test_a_sitemaps_page_missing_long_after_its_date_is_gone(server: FetchServer, store: Store) -> None:
    base = server.url("")
    listed = [(f"{base}/old", "en", "2026-11-22T08:00:00Z", "Old")]
    server.routes["/news.xml"] = respond(200, _news_sitemap(*listed), content_type="application/xml")
    server.routes["/old"] = respond(404, "not found")
    source = store.subscribe(server.url("/news.xml"), kind="sitemap", now=NOW).source
    assert refresh(store, source).refused == 1
    refresh(store, source, now=NOW + timedelta(minutes=30))
    assert len(server.hits("/old")) == 1


@pytest.mark.parametrize(
    ("route", "fragment"),
    [
        ("bomb", "cap"),
        ("reset", "connection"),
        ("html", "not"),
        ("empty", ""),
    ],
)
def test_hostile_and_broken_answers_are_recorded_as_errors(
    server: FetchServer, store: Store, route: str, fragment: str
) -> None:
    server.routes["/bomb"] = respond(
        200, (FIXTURES / "fetch" / "zeros-50mb.gz").read_bytes(), headers={"Content-Encoding": "gzip"}
    )
    server.routes["/reset"] = reset_connection
    server.routes["/html"] = respond(
        200, "<html><body><p>Just a page</p></body></html>", content_type="text/html"
    )
    server.routes["/empty"] = respond(200, b"", content_type="application/rss+xml")
    source = subscribe(store, server.url(f"/{route}"))
    report = refresh(store, source, limits=replace(LIMITS, max_document_bytes=1_000_000))
    assert report.outcome == "failed"
    assert fragment in (report.error or "")
    assert store.get_source(source.source_id).error_count == 1


def _corpus_sample() -> list[Path]:
    corpus = FIXTURES / "feedparser-corpus"
    illformed = sorted(path for path in (corpus / "illformed").rglob("*") if path.is_file())
    others = sorted(path for path in corpus.rglob("*") if path.is_file() and "illformed" not in path.parts)
    return illformed + others[::40]


def test_feedparser_corpus_feeds_never_crash_a_worker(server: FetchServer, store: Store) -> None:
    sample = _corpus_sample()
    for index, path in enumerate(sample):
        server.routes[f"/corpus/{index}"] = respond(200, path.read_bytes(), content_type="application/xml")
    sources = [subscribe(store, server.url(f"/corpus/{index}")) for index in range(len(sample))]

    async def poll_all() -> list[PollReport]:
        async with refresher_for(store, limits=replace(LIMITS, full_text_default="off")) as refresher:
            return [await refresher.refresh(source, NOW) for source in sources]

    reports = asyncio.run(poll_all())
    assert len(reports) == len(sample) > 60
    assert {report.outcome for report in reports} <= {"new", "failed"}
    assert [report.error for report in reports if BUG in (report.error or "")] == []
    assert sum(report.outcome == "new" for report in reports) > len(sample) // 2
    for report in reports:
        kept = store.get_source(report.source_id)
        assert kept.last_checked_at == NOW
        assert (kept.error_count == 0) == (report.outcome == "new")


@pytest.mark.slow
def test_a_third_of_the_feedparser_corpus_served_over_http_is_polled_without_a_bug(
    server: FetchServer, tmp_path: Path
) -> None:
    """A third of the corpus (every ill-formed file and every third file: 716 of 2,107) polled by
    the scheduler at once, on SQLite. Every file is read by the gather stage in
    tests/gather/test_feed_corpus.py; all 2,107 polled over HTTP passed too (2026-12-06), but took
    50 s, a twelfth of the suite's time."""
    files = sorted(path for path in (FIXTURES / "feedparser-corpus").rglob("*") if path.is_file())
    corpus = [path for index, path in enumerate(files) if "illformed" in path.parts or index % 3 == 0]
    for index, path in enumerate(corpus):
        server.routes[f"/corpus/{index}"] = respond(200, path.read_bytes(), content_type="application/xml")
    store = Store.open(f"sqlite:///{tmp_path / 'corpus.sqlite3'}")
    store.migrate()
    try:
        for index in range(len(corpus)):
            subscribe(store, server.url(f"/corpus/{index}"))
        scheduler = Scheduler(
            store,
            lambda: refresher_for(store, limits=replace(LIMITS, full_text_default="off")),
            concurrency=8,
            clock=lambda: NOW,
        )
        reports = asyncio.run(scheduler.run_once())
        assert len(reports) == len(corpus) > 700
        assert {report.outcome for report in reports} <= {"new", "failed"}
        assert [report.error for report in reports if BUG in (report.error or "")] == []
        assert sum(report.outcome == "new" for report in reports) > len(corpus) // 2
        assert store.claim_due_sources(NOW, limit=10, lease=timedelta(minutes=5)) == []
    finally:
        store.close()


def test_a_stories_failure_after_storing_is_not_the_sources_failure(
    server: FetchServer, store: Store
) -> None:
    server.routes["/feed"] = respond(200, rss(server.url(""), ("a", "A", LONG_TEXT)))
    source = subscribe(store, server.url("/feed"))

    def broken_placement(added: object, now: object) -> None:
        raise RuntimeError("the stories stage is down")

    report = refresh(store, source, placed=broken_placement)
    assert (report.outcome, report.added) == ("new", 1)
    kept = store.get_source(source.source_id)
    assert (kept.error_count, kept.last_error) == (0, None)
    assert store.count_articles() == 1


def test_a_teaser_completed_meanwhile_does_not_have_its_page_fetched_again(
    server: FetchServer, store: Store
) -> None:
    base = server.url("")
    server.routes["/teasers"] = respond(
        200, rss(base, ("story", "Story", "One line teaser.")), headers={"ETag": '"1"'}
    )
    _serve_page(server, "story", 503)
    teasers = subscribe(store, server.url("/teasers"))
    assert refresh(store, teasers).added == 1
    # Another feed brings the full text of the entry's page: the teaser is completed by it.
    server.routes["/full"] = respond(200, rss(base, ("story", "Story", LONG_TEXT)))
    full = subscribe(store, server.url("/full"))
    assert refresh(store, full, now=NOW + timedelta(minutes=5)).completed == 1
    _serve_page(server, "story")
    server.routes["/teasers"] = respond(304)
    later = refresh(store, teasers, now=NOW + timedelta(hours=2))
    assert (later.added, later.completed) == (0, 0)
    assert len(server.hits("/article/story")) == 1
    assert _texts(store) == {"Story": LONG_TEXT}


def test_an_entry_with_its_full_text_wants_no_page_later_on_full_text_on(
    server: FetchServer, store: Store
) -> None:
    # On "on" every entry's page is fetched; one that fails or does not fit leaves the entry's own
    # full text stored, which no page replaces later (only a teaser is completed): no retries.
    base = server.url("")
    server.routes["/feed"] = respond(
        200, rss(base, ("failed", "Failed", LONG_TEXT), ("over", "Over", LONG_TEXT))
    )
    _serve_page(server, "failed", 503)
    _serve_page(server, "over")
    source = subscribe(store, server.url("/feed"), full_text="on")
    assert refresh(store, source, limits=replace(LIMITS, max_pages_per_poll=1)).added == 2
    _serve_page(server, "failed")
    refresh(store, source, now=NOW + timedelta(hours=2))
    assert (len(server.hits("/article/failed")), len(server.hits("/article/over"))) == (1, 0)


def test_entries_sharing_one_page_have_it_fetched_once_on_later_polls(
    server: FetchServer, store: Store
) -> None:
    # A live blog's feed: every entry links to the one page. The first entry is its article;
    # the others are recognised as it by the address, and leave its page to it.
    base = server.url("")
    items = "".join(
        f"<item><guid>{guid}</guid><title>Live: update {guid}</title><link>{base}/article/live</link>"
        f"<description>Update {guid} in one line.</description></item>"
        for guid in ("one", "two", "three")
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Live</title>{items}</channel></rss>'
    server.routes["/feed"] = respond(200, feed, headers={"ETag": '"1"'})
    _serve_page(server, "live", 503)
    source = subscribe(store, server.url("/feed"))
    assert refresh(store, source, limits=replace(LIMITS, max_pages_per_poll=1)).added == 1
    _serve_page(server, "live")
    server.routes["/feed"] = respond(304)
    later = refresh(store, source, now=NOW + timedelta(hours=2))
    assert later.completed == 1
    assert len(server.hits("/article/live")) == 2
    assert store.count_articles() == 1


def test_entries_sharing_one_page_have_it_fetched_once_on_the_first_poll(
    server: FetchServer, store: Store
) -> None:
    # Within the poll's budget, each entry asking for the page would have the site serve (and
    # Tidings extract) one page as many times as the feed has entries.
    base = server.url("")
    items = "".join(
        f"<item><guid>{guid}</guid><title>Live: update {guid}</title><link>{base}/article/live</link>"
        f"<description>Update {guid} in one line.</description></item>"
        for guid in ("one", "two", "three", "four")
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Live</title>{items}</channel></rss>'
    server.routes["/feed"] = respond(200, feed)
    _serve_page(server, "live")
    source = subscribe(store, server.url("/feed"))
    assert refresh(store, source).added == 1
    assert len(server.hits("/article/live")) == 1
    (stored,) = store.list_articles()
    assert "The full story of Live." in stored.article.text


def test_an_entry_linking_a_feed_keeps_its_teaser(server: FetchServer, store: Store) -> None:
    # A linked address that serves a feed is no page: its first entry (another feed's story) must
    # not become this entry's text. It is not tried again.
    base = server.url("")
    server.routes["/feed"] = respond(200, rss(base, ("short", "Short", "One line teaser.")))
    other = rss(base, ("other", "Another feed's story", LONG_TEXT))
    server.routes["/article/short"] = respond(200, other, content_type="application/rss+xml")
    source = subscribe(store, server.url("/feed"))
    assert refresh(store, source).added == 1
    assert _texts(store) == {"Short": "One line teaser."}
    refresh(store, source, now=NOW + timedelta(hours=2))
    assert len(server.hits("/article/short")) == 1


def test_a_page_fetched_on_the_first_poll_or_later_gives_the_entry_its_headline_and_date(
    server: FetchServer, store: Store
) -> None:
    # The page names another headline and date than its entry. A teaser completed on a later poll
    # keeps its entry's (``complete_teaser``), and so does one whose page came with the entry, as
    # before pages were read as pages: the feed's exact time, not the page's guess from its address.
    base = server.url("")
    server.routes["/feed"] = respond(
        200,
        rss(base, ("now", "Council budget", "One line teaser."), ("later", "Ferry route", "One line.")),
        headers={"ETag": '"1"'},
    )
    for guid in ("now", "later"):
        page = (
            f"<html><head><title>Page {guid} | Example News</title></head><body><article>"
            f"<h1>Page {guid}</h1><p>{LONG_TEXT} The full story of {guid}.</p></article></body></html>"
        )
        server.routes[f"/2026/11/20/{guid}"] = respond(200, page, content_type="text/html; charset=utf-8")
        server.routes[f"/article/{guid}"] = respond(
            301, "", headers={"Location": f"{base}/2026/11/20/{guid}"}
        )
    server.routes["/article/later"] = respond(503, "not now")

    async def run(now: datetime) -> PollReport:
        async with refresher_for(store, extract=extract) as refresher:
            return await refresher.refresh(store.get_source(source.source_id), now)

    source = subscribe(store, server.url("/feed"))
    assert asyncio.run(run(NOW)).added == 2
    server.routes["/article/later"] = respond(301, headers={"Location": f"{base}/2026/11/20/later"})
    server.routes["/feed"] = respond(304)
    assert asyncio.run(run(NOW + timedelta(hours=2))).completed == 1
    # Each by the last word of its text ("… The full story of now.").
    stored = {item.article.text.split()[-1].rstrip("."): item.article for item in store.list_articles()}
    entry_date = datetime(2026, 11, 23, 10, tzinfo=UTC)
    assert (stored["now"].title, stored["now"].published_at) == ("Council budget", entry_date)
    assert (stored["later"].title, stored["later"].published_at) == ("Ferry route", entry_date)
    assert "The full story of now." in stored["now"].text
    assert "The full story of later." in stored["later"].text
    # The page's own address (after the redirect) finds the same article.
    assert store.known_article_urls([f"{base}/2026/11/20/now"]) == {f"{base}/2026/11/20/now"}


def test_teasers_linking_the_home_page_keep_their_own_text_and_stay_apart(
    server: FetchServer, store: Store
) -> None:
    # A feed whose short entries all link the home page: the home page shows the site's latest
    # post, no entry's own text, so it is not fetched for them, and each entry stays an article.
    base = server.url("")
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Notes</title>'
        f"<link>{base}/</link>"
        f"<item><guid>mon</guid><title>Monday note about the ferry</title><link>{base}/</link>"
        "<description>The ferry timetable changes on Monday.</description></item>"
        f"<item><guid>tue</guid><title>Tuesday note about the bridge</title><link>{base}/index.html</link>"
        "<description>The bridge closes on Tuesday night.</description></item>"
        "</channel></rss>"
    )
    server.routes["/feed"] = respond(200, feed)
    home = respond(200, _page("Wednesday: the bridge repair"), content_type="text/html; charset=utf-8")
    server.routes["/"] = home
    server.routes["/index.html"] = home
    source = subscribe(store, server.url("/feed"))
    assert refresh(store, source).added == 2
    assert _texts(store) == {
        "Monday note about the ferry": "The ferry timetable changes on Monday.",
        "Tuesday note about the bridge": "The bridge closes on Tuesday night.",
    }
    assert server.hits("/index.html") == []  # ("/" is read for the site's icon)
