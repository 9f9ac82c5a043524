"""A teaser's page read on the entry's first poll is read as ``tidings add`` reads it, and as it is
when completed on a later poll: the page's headline line is not left at the top of its text though
the feed names the outlet and words the headline otherwise (real server on 127.0.0.1)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta

import pytest

from tests.gather.fetch_server import FetchServer, respond, running_server
from tests.jobs.support import LONG_TEXT, NOW, refresher_for, rss
from tidings.extract import extract
from tidings.jobs.refresh import PollReport
from tidings.model import Provenance, RawDocument
from tidings.store import Source, Store

HEADLINE = "Electronic waste is growing at a staggering rate"
FIRST = "It has been called the dirty underbelly of electronics."
# The page's <title> ends with the site's short name; the feed calls itself "Example News".
PAGE = (
    f"<!doctype html><html lang='en'><head><title>{HEADLINE} - Beta</title></head><body>"
    "<header><nav><a href='/'>Home</a> <a href='/world'>World</a></nav></header>"
    f"<main><article><h1>{HEADLINE}</h1><p>{FIRST}</p><p>{LONG_TEXT}</p></article></main></body></html>"
)


@pytest.fixture
def server() -> Iterator[FetchServer]:
    yield from running_server()


def _refresh(store: Store, source: Source, hours: float) -> PollReport:
    async def run() -> PollReport:
        async with refresher_for(store, extract=extract) as refresher:
            fresh = store.get_source(source.source_id)
            return await refresher.refresh(fresh, NOW + timedelta(hours=hours))

    return asyncio.run(run())


def _serve(server: FetchServer, status: int) -> None:
    body, kind = (PAGE, "text/html; charset=utf-8") if status == 200 else ("not now", "text/plain")
    server.routes["/article/e-waste"] = respond(status, body, content_type=kind)


def _page_alone(url: str) -> str:
    """The page's text as ``tidings add`` reads it: no hints."""
    raw = RawDocument(Provenance("url", url), PAGE, "text/html", url=url, fetched_at=NOW)
    return extract(raw).text


@pytest.mark.parametrize("first_poll_status", [200, 503], ids=["first-poll", "later-poll"])
def test_a_teasers_page_loses_its_headline_line_on_any_poll(
    server: FetchServer, store: Store, first_poll_status: int
) -> None:
    teaser = ("e-waste", f"UPDATED: {HEADLINE}", "It has been called the dirty underbelly…")
    server.routes["/feed"] = respond(200, rss(server.url(""), teaser))
    _serve(server, first_poll_status)
    source = store.subscribe(server.url("/feed"), kind="feed", now=NOW).source
    _refresh(store, source, 0)
    if first_poll_status != 200:
        _serve(server, 200)
        assert _refresh(store, source, 1).completed == 1
    (stored,) = store.list_articles()
    assert stored.article.text.startswith(FIRST)
    assert stored.article.text == _page_alone(server.url("/article/e-waste"))


# A page whose <title> words its headline otherwise than its <h1>, which the feed's title for the
# entry repeats: only the feed's title names the <h1> as the headline line. Before: the feed's
# title was not kept with a page that failed, so a later poll left the <h1> atop the text.
REWORDED = (
    "<!doctype html><html lang='en'><head><title>The world's e-waste problem, in numbers - Beta</title>"
    f"</head><body><main><article><h1>{HEADLINE}</h1><p>{FIRST}</p><p>{LONG_TEXT}</p></article></main>"
    "</body></html>"
)


@pytest.mark.parametrize("first_poll_status", [200, 503], ids=["first-poll", "later-poll"])
def test_a_teasers_page_loses_a_reworded_headline_the_feed_names_on_any_poll(
    server: FetchServer, store: Store, first_poll_status: int
) -> None:
    teaser = ("e-waste", HEADLINE, "It has been called the dirty underbelly…")
    server.routes["/feed"] = respond(200, rss(server.url(""), teaser))
    failing = respond(503, "not now", content_type="text/plain")
    serving = respond(200, REWORDED, content_type="text/html; charset=utf-8")
    server.routes["/article/e-waste"] = serving if first_poll_status == 200 else failing
    source = store.subscribe(server.url("/feed"), kind="feed", now=NOW).source
    _refresh(store, source, 0)
    if first_poll_status != 200:
        server.routes["/article/e-waste"] = serving
        assert _refresh(store, source, 1).completed == 1
    (stored,) = store.list_articles()
    assert stored.article.title == HEADLINE
    assert stored.article.text.startswith(FIRST)
