"""A private feed (``user:password@`` in its address) against a real HTTP server on 127.0.0.1 that
asks for the login, and a real store: its credentials stay on the feed's own address, which goes
on being fetched with them, and nothing stored from it (its site's and its icon's addresses,
resolved against the feed's; where it moved) or exported (OPML ``htmlUrl``) carries them."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler

import pytest

from tests.gather.fetch_server import FetchServer, Handler, respond, running_server
from tests.jobs.support import CONFIG, LOCAL, LONG_TEXT, NOW, TLS, refresher_for, rss
from tidings.gather.fetch import Fetcher
from tidings.jobs.refresh import MOVE_CONFIRMATIONS, PollReport
from tidings.jobs.subscribe import export_opml, subscribe_url
from tidings.store import Source, Store

LOGIN = "Basic " + base64.b64encode(b"reader:secret").decode("ascii")


@pytest.fixture
def server() -> Iterator[FetchServer]:
    yield from running_server()


def members_only(answer: Handler) -> Handler:
    """``answer`` to a request with the login, 401 to any other."""

    def handle(request: BaseHTTPRequestHandler) -> None:
        if request.headers.get("Authorization") == LOGIN:
            answer(request)
        else:
            respond(401, "who are you?")(request)

    return handle


def private(server: FetchServer, path: str) -> str:
    return server.url(path).replace("http://", "http://reader:secret@", 1)


def refresh(store: Store, source: Source, now: object) -> PollReport:
    async def run() -> PollReport:
        async with refresher_for(store) as refresher:
            return await refresher.refresh(store.get_source(source.source_id), now)  # type: ignore[arg-type]

    return asyncio.run(run())


# The feed's site link is relative ("/"), so it resolves against the feed's address, login and all.
FEED = rss("", ("a", "A", LONG_TEXT))
# One pixel (a PNG), for an icon.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def test_a_private_feeds_site_address_is_stored_and_exported_without_its_login(
    server: FetchServer, store: Store
) -> None:
    server.routes["/feed.xml"] = members_only(respond(200, FEED, content_type="application/rss+xml"))

    async def subscribe() -> None:
        async with Fetcher(CONFIG, LOCAL, ssl_context=TLS) as fetcher:
            await subscribe_url(store, fetcher, private(server, "/feed.xml"), now=NOW, max_bytes=2_000_000)

    asyncio.run(subscribe())
    [subscription] = store.subscriptions()
    assert subscription.source.url == private(server, "/feed.xml")
    assert subscription.source.site_url == server.url("/")

    report = refresh(store, subscription.source, NOW + timedelta(hours=1))
    assert (report.outcome, report.added) == ("new", 1)
    polled = store.get_source(subscription.source.source_id)
    assert polled.site_url == server.url("/")
    exported = export_opml(store, now=NOW)
    assert f'htmlUrl="{server.url("/")}"' in exported
    assert exported.count("secret") == 1  # the feed's own address, which is fetched with it


def test_a_private_feeds_icon_is_fetched_with_its_login_and_recorded_without(
    server: FetchServer, store: Store
) -> None:
    feed = FEED.replace(
        "<item>", "<image><url>/icon.png</url><title>Icon</title><link>/</link></image><item>", 1
    )
    server.routes["/feed.xml"] = members_only(respond(200, feed, content_type="application/rss+xml"))
    server.routes["/icon.png"] = members_only(respond(200, PIXEL, content_type="image/png"))
    source = store.subscribe(private(server, "/feed.xml"), kind="feed", now=NOW).source
    assert refresh(store, source, NOW).added == 1
    icon = store.outlet_icon("example.org")  # the outlet the refresher's stand-in extraction names
    assert icon is not None
    assert icon.has_image
    assert icon.attempt.source_url == server.url("/icon.png")


def test_a_private_feed_that_moves_keeps_its_login_on_its_new_address_only(
    server: FetchServer, store: Store
) -> None:
    # A relative Location: the fetcher follows it on the same host with the login.
    server.routes["/old"] = members_only(respond(301, headers={"Location": "/new"}))
    server.routes["/new"] = members_only(respond(200, FEED, content_type="application/rss+xml"))
    source = store.subscribe(private(server, "/old"), kind="feed", now=NOW).source
    for check in range(1, MOVE_CONFIRMATIONS):
        assert refresh(store, source, NOW + timedelta(hours=check)).outcome == "new"
        noted = store.get_source(source.source_id)
        assert (noted.moved_to, noted.moved_count) == (server.url("/new"), check)
        assert noted.url == private(server, "/old")
    refresh(store, source, NOW + timedelta(hours=MOVE_CONFIRMATIONS))
    moved = store.get_source(source.source_id)
    assert moved.url == private(server, "/new")
    assert moved.moved_to is None
    # Fetched at its new address, with the login, as before.
    later = refresh(store, moved, NOW + timedelta(days=1))
    assert later.outcome in {"new", "not-modified"}
    assert store.get_source(source.source_id).error_count == 0
    assert all(seen.headers.get("authorization") == LOGIN for seen in server.hits("/new"))


def test_a_private_feed_that_moves_onto_another_source_is_retired_with_its_password_masked(
    server: FetchServer, store: Store
) -> None:
    server.routes["/old"] = members_only(respond(301, headers={"Location": "/new"}))
    server.routes["/new"] = members_only(respond(200, FEED, content_type="application/rss+xml"))
    source = store.subscribe(private(server, "/old"), kind="feed", now=NOW).source
    other = store.subscribe(private(server, "/new"), kind="feed", now=NOW, user_key="someone").source
    for check in range(1, MOVE_CONFIRMATIONS + 1):
        refresh(store, source, NOW + timedelta(hours=check))
    retired = store.get_source(source.source_id)
    assert retired.state == "retired"
    masked = server.url("/new").replace("http://", "http://reader:***@", 1)
    assert retired.last_error == f"moved to {masked}, which is source {other.source_id}"
