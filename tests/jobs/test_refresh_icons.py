"""Outlet icons fetched after a poll, against a real HTTP server on 127.0.0.1 and a real store
(SQLite and PostgreSQL): stored once, refreshed weekly, and never the cause of a failed poll."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from tests.gather.fetch_server import FetchServer, respond, running_server
from tests.gather.test_icons import ICO, SVG, png
from tests.jobs.support import LONG_TEXT, NOW, refresher_for
from tidings.jobs.refresh import ICON_MAX_AGE, PollReport
from tidings.store import Source, Store

# The outlet ``extract_for_tests`` gives every article.
OUTLET = "example.org"


@pytest.fixture
def server() -> Iterator[FetchServer]:
    yield from running_server()


def feed(base: str, guids: list[str], *, image: str | None) -> str:
    image_element = (
        f"<image><url>{image}</url><title>Example</title><link>{base}/</link></image>" if image else ""
    )
    items = "".join(
        f"<item><guid>{guid}</guid><title>Story {guid}</title><link>{base}/article/{guid}</link>"
        f"<description>{LONG_TEXT}</description></item>"
        for guid in guids
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Example News</title>'
        f"<link>{base}/</link>{image_element}{items}</channel></rss>"
    )


def poll(store: Store, source: Source, now: datetime) -> PollReport:
    async def run() -> PollReport:
        async with refresher_for(store) as refresher:
            return await refresher.refresh(store.get_source(source.source_id), now)

    return asyncio.run(run())


def test_a_feed_image_is_stored_once_and_refreshed_after_a_week(server: FetchServer, store: Store) -> None:
    base = server.url("")
    server.routes["/logo.png"] = respond(200, png(), content_type="image/png")
    server.routes["/feed"] = respond(200, feed(base, ["a"], image=server.url("/logo.png")))
    source = store.subscribe(server.url("/feed"), kind="feed", now=NOW).source
    assert store.outlet_icon(OUTLET) is None

    assert poll(store, source, NOW).outcome == "new"
    icon = store.outlet_icon(OUTLET)
    assert icon is not None
    assert icon.has_image
    assert (icon.attempt.content_type, icon.attempt.body) == ("image/png", png())
    assert icon.attempt.source_url == server.url("/logo.png")
    assert store.outlet_keys_with_icons() == frozenset({OUTLET})
    assert server.hits("/") == []  # the feed named its icon: the home page is not asked

    server.routes["/feed"] = respond(200, feed(base, ["a", "b"], image=server.url("/logo.png")))
    assert poll(store, source, NOW + timedelta(hours=1)).added == 1
    assert len(server.hits("/logo.png")) == 1

    server.routes["/feed"] = respond(200, feed(base, ["a", "b", "c"], image=server.url("/logo.png")))
    assert poll(store, source, NOW + ICON_MAX_AGE + timedelta(hours=1)).added == 1
    assert len(server.hits("/logo.png")) == 2


@pytest.mark.parametrize(
    ("home_icon", "used"),
    [(None, "/favicon.ico"), ("/static/site.png", "/static/site.png")],
    ids=["favicon", "home-page-icon"],
)
def test_without_a_feed_image_the_home_page_or_else_the_favicon_gives_the_icon(
    server: FetchServer, store: Store, *, home_icon: str | None, used: str
) -> None:
    if home_icon is not None:
        home = f'<html><head><link rel="icon" href="{home_icon}"></head><body>Example News</body></html>'
        server.routes["/"] = respond(200, home, content_type="text/html")
        server.routes[home_icon] = respond(200, png(), content_type="image/png")
    server.routes["/favicon.ico"] = respond(200, ICO, content_type="image/x-icon")
    server.routes["/feed"] = respond(200, feed(server.url(""), ["a"], image=None))
    source = store.subscribe(server.url("/feed"), kind="feed", now=NOW).source
    assert poll(store, source, NOW).added == 1
    icon = store.outlet_icon(OUTLET)
    assert icon is not None
    assert icon.attempt.source_url == server.url(used)
    assert len(server.hits("/")) == 1  # asked once, whether it names an icon or not


@pytest.mark.parametrize(
    ("route", "body", "content_type", "said"),
    [
        ("/logo.svg", SVG, "image/svg+xml", "SVG icon is refused"),
        ("/logo.png", b"<html><body>Not Found</body></html>", "text/html", "not a PNG"),
        ("/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200_000, "image/png", "byte cap"),
    ],
    ids=["svg", "html-as-icon", "oversized"],
)
def test_a_refused_icon_is_kept_as_a_reason_and_the_poll_succeeds(
    server: FetchServer, store: Store, *, route: str, body: bytes, content_type: str, said: str
) -> None:
    server.routes[route] = respond(200, body, content_type=content_type)
    server.routes["/feed"] = respond(200, feed(server.url(""), ["a"], image=server.url(route)))
    source = store.subscribe(server.url("/feed"), kind="feed", now=NOW).source
    report = poll(store, source, NOW)
    assert (report.outcome, report.added, report.error) == ("new", 1, None)
    health = store.get_source(source.source_id)
    assert health.last_error is None
    assert health.error_count == 0
    icon = store.outlet_icon(OUTLET)
    assert icon is not None
    assert not icon.has_image
    # Every candidate's reason is kept: the feed image's first, then the favicon.ico fallback's.
    assert icon.attempt.error is not None
    assert icon.attempt.error.startswith(server.url(route))
    assert "favicon.ico: HTTP 404" in icon.attempt.error
    assert said in icon.attempt.error
    assert len(server.hits(route)) == 1
    assert store.outlet_keys_with_icons() == frozenset()


def test_a_failed_refresh_keeps_the_icon_that_worked(server: FetchServer, store: Store) -> None:
    base = server.url("")
    server.routes["/logo.png"] = respond(200, png(), content_type="image/png")
    server.routes["/feed"] = respond(200, feed(base, ["a"], image=server.url("/logo.png")))
    source = store.subscribe(server.url("/feed"), kind="feed", now=NOW).source
    poll(store, source, NOW)
    server.routes["/logo.png"] = respond(200, SVG, content_type="image/svg+xml")
    server.routes["/feed"] = respond(200, feed(base, ["a", "b"], image=server.url("/logo.png")))
    later = NOW + ICON_MAX_AGE + timedelta(days=1)
    assert poll(store, source, later).added == 1
    icon = store.outlet_icon(OUTLET)
    assert icon is not None
    assert icon.has_image
    assert icon.attempt.body == png()
    assert icon.attempt.fetched_at == later
    assert icon.attempt.error is not None


def test_a_page_fetched_for_full_text_names_the_icon_when_the_feed_has_none(
    server: FetchServer, store: Store
) -> None:
    base = server.url("")
    teaser_feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Example News</title>'
        f"<link>{base}/</link><item><guid>a</guid><title>Story a</title><link>{base}/article/a</link>"
        "<description>A short teaser.</description></item></channel></rss>"
    )
    page = (
        '<html><head><title>Story a</title><link rel="icon" type="image/svg+xml" href="/icon.svg">'
        f'<link rel="shortcut icon" href="/page-icon.gif"></head><body><article><p>{LONG_TEXT}</p>'
        "</article></body></html>"
    )
    gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
    server.routes["/feed"] = respond(200, teaser_feed)
    server.routes["/article/a"] = respond(200, page, content_type="text/html; charset=utf-8")
    server.routes["/page-icon.gif"] = respond(200, gif, content_type="image/gif")
    source = store.subscribe(server.url("/feed"), kind="feed", now=NOW).source
    assert poll(store, source, NOW).added == 1
    icon = store.outlet_icon(OUTLET)
    assert icon is not None
    assert icon.attempt.content_type == "image/gif"
    assert icon.attempt.body == gif
    assert icon.attempt.source_url == server.url("/page-icon.gif")
    assert server.hits("/icon.svg") == []
    assert server.hits("/favicon.ico") == []
