"""Discovery: the URL itself, the feeds a page announces, usual feed paths, then sitemaps."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.gather.fetch_server import FetchServer, respond, running_server
from tests.jobs.support import CONFIG, LOCAL, LONG_TEXT, TLS, rss
from tidings.errors import FetchError, Unreadable
from tidings.gather.discover import Discovered, discover, feed_links
from tidings.gather.fetch import Fetcher

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "fetch"


@pytest.fixture
def server() -> Iterator[FetchServer]:
    yield from running_server()


def find(url: str) -> Discovered:
    async def run() -> Discovered:
        async with Fetcher(CONFIG, LOCAL, ssl_context=TLS) as fetcher:
            return await discover(fetcher, url, now=NOW, max_bytes=1_000_000)

    return asyncio.run(run())


def test_feed_links_reads_alternates_and_obvious_anchors() -> None:
    page = """<html><head><base href="https://example.org/news/">
    <link rel="alternate" type="application/rss+xml" title="All" href="all.rss">
    <link rel="Alternate" type="application/atom+xml" href="/atom.xml">
    <link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/5">
    <link rel="alternate" hreflang="fr" href="/fr/">
    <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
    </head><body><a href="/feed/">Feed</a><a href="/about">About</a></body></html>"""
    links = feed_links(page, "https://example.org/")
    assert [(link.url, link.title) for link in links] == [
        ("https://example.org/news/all.rss", "All"),
        ("https://example.org/atom.xml", None),
        ("https://example.org/feed/", "Feed"),
    ]


def test_a_feed_url_is_its_own_answer(server: FetchServer) -> None:
    server.routes["/rss"] = respond(
        200, rss(server.url(""), ("a", "A", LONG_TEXT)), content_type="application/rss+xml"
    )
    found = find(server.url("/rss"))
    assert (found.kind, found.url, found.title) == ("feed", server.url("/rss"), "Example News")


def test_a_page_leads_to_the_feed_it_links(server: FetchServer) -> None:
    server.routes["/story"] = respond(
        200,
        '<html><head><link rel="alternate" type="application/rss+xml" href="/broken.rss">'
        '<link rel="alternate" type="application/rss+xml" href="/news.rss"></head><body>x</body></html>',
        content_type="text/html",
    )
    server.routes["/broken.rss"] = respond(404)
    server.routes["/news.rss"] = respond(200, rss(server.url(""), ("a", "A", LONG_TEXT)))
    found = find(server.url("/story"))
    assert found.url == server.url("/news.rss")
    assert found.alternatives == (server.url("/broken.rss"),)
    assert found.how == "the page links it"


def test_a_permanently_moved_feed_is_subscribed_at_its_new_address(server: FetchServer) -> None:
    server.routes["/old.rss"] = respond(301, headers={"Location": "/new.rss"})
    server.routes["/new.rss"] = respond(200, rss(server.url(""), ("a", "A", LONG_TEXT)))
    assert find(server.url("/old.rss")).url == server.url("/new.rss")


def test_a_usual_path_is_tried_when_the_page_links_nothing(server: FetchServer) -> None:
    server.routes["/"] = respond(200, "<html><body>Welcome</body></html>", content_type="text/html")
    server.routes["/feed.xml"] = respond(200, rss(server.url(""), ("a", "A", LONG_TEXT)))
    found = find(server.url("/"))
    assert (found.url, found.how) == (server.url("/feed.xml"), "a usual feed path")


def test_a_site_without_a_feed_gets_its_news_sitemap(server: FetchServer) -> None:
    server.routes["/"] = respond(200, "<html><body>Welcome</body></html>", content_type="text/html")
    server.routes["/robots.txt"] = respond(
        200, f"User-agent: *\nAllow: /\nSitemap: {server.url('/maps/news.xml')}\n"
    )
    server.routes["/maps/news.xml"] = respond(
        200, (FIXTURES / "news-sitemap.xml").read_bytes(), content_type="application/xml"
    )
    found = find(server.url("/"))
    assert (found.kind, found.url) == ("sitemap", server.url("/maps/news.xml"))


def test_nothing_found_says_what_was_tried(server: FetchServer) -> None:
    server.routes["/"] = respond(200, "<html><body>Welcome</body></html>", content_type="text/html")
    with pytest.raises(Unreadable, match="has no feed or sitemap"):
        find(server.url("/"))


def test_a_page_whose_linked_feeds_fail_says_it_links_them_and_why_none_was_read(
    server: FetchServer,
) -> None:
    server.routes["/"] = respond(
        200,
        '<html><head><link rel="alternate" type="application/atom+xml" href="/atom.xml">'
        '<link rel="alternate" type="application/rss+xml" href="/news/rss"></head>'
        "<body>Welcome</body></html>",
        content_type="text/html",
    )
    server.routes["/atom.xml"] = respond(404, "gone")
    server.routes["/news/rss"] = respond(500, "oops")
    with pytest.raises(Unreadable) as raised:
        find(server.url("/"))
    message = str(raised.value)
    assert "the page links none" not in message
    assert (
        f"the page links 2 feeds, none readable ({server.url('/atom.xml')}: there is nothing at this "
        f"address (HTTP 404); {server.url('/news/rss')}: the server failed (HTTP 500))"
    ) in message


def test_an_error_page_is_a_fetch_error(server: FetchServer) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        find(server.url("/missing"))
