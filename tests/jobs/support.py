"""What the job tests share: feeds to serve, a store-backed refresher on the local server.

``extract_for_tests`` stands in for the extraction stage in the refresher's own tests (which
test polling, not extraction): it turns a document into an ``Article`` from its hints and text,
and refuses a document without words, as the real stage does (``NotAnArticle``), unless it is a
feed entry with a title (a headline-only article, as the real stage reads it).
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

from tidings.errors import NotAnArticle
from tidings.extract import extract
from tidings.gather.fetch import FetchConfig, Fetcher
from tidings.gather.markup import html_to_text
from tidings.gather.netpolicy import NetPolicy
from tidings.gather.schedule import ScheduleBounds
from tidings.jobs.refresh import DescribeAgain, ExtractOne, PlaceNew, Refresher, RefreshLimits
from tidings.model import Article, Outlet, RawDocument
from tidings.store import Store

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
TLS = ssl.create_default_context()
CONFIG = FetchConfig(
    user_agent="Tidings/test (+https://example.org/tidings)", host_gap_s=0.0, total_timeout_s=3.0
)
LOCAL = NetPolicy.from_entries(["127.0.0.1/32"])
LIMITS = RefreshLimits(
    bounds=ScheduleBounds(),
    pause_after=timedelta(hours=72),
    max_document_bytes=2_000_000,
    full_text_default="auto",
)


def extract_for_tests(document: RawDocument) -> Article:
    text = html_to_text(document.body) if document.media_type == "text/html" else document.body
    headline_only = document.provenance.kind == "feed" and bool(document.hints.title)
    if not text.split() and not headline_only:
        raise NotAnArticle(document.provenance.locator, "no text")
    return Article(
        title=document.hints.title or text.split("\n", 1)[0][:80],
        text=text,
        html=document.body,
        outlet=Outlet("Test Outlet", "example.org"),
        provenance=document.provenance,
        fetched_at=document.fetched_at,
        published_at=document.hints.published_at,
        url=document.url,
    )


class PlacedLog:
    def __init__(self) -> None:
        self.placed: list[int] = []

    def __call__(self, added: Sequence[tuple[int, Article]], now: datetime) -> None:
        self.placed.extend(article_id for article_id, _article in added)


@asynccontextmanager
async def refresher_for(
    store: Store,
    *,
    limits: RefreshLimits = LIMITS,
    placed: PlaceNew | None = None,
    described: DescribeAgain | None = None,
    extract: ExtractOne = extract_for_tests,
) -> AsyncIterator[Refresher]:
    with ThreadPoolExecutor(max_workers=2) as cpu:
        async with Fetcher(CONFIG, LOCAL, ssl_context=TLS) as fetcher:
            yield Refresher(
                store,
                fetcher,
                limits=limits,
                extract=extract,
                place_new=placed if placed is not None else PlacedLog(),
                cpu=cpu,
                describe_again=described,
            )


def rss(base: str, *items: tuple[str, str, str], ttl: int | None = None) -> str:
    """An RSS 2.0 feed of (guid, title, description) items linking to ``base``/article/guid."""
    ttl_element = f"<ttl>{ttl}</ttl>" if ttl else ""
    body = "".join(
        f"<item><guid>{guid}</guid><title>{title}</title><link>{base}/article/{guid}</link>"
        f"<description>{description}</description><pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate></item>"
        for guid, title, description in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Example News</title>'
        f"<link>{base}/</link>{ttl_element}{body}</channel></rss>"
    )


LONG_TEXT = " ".join(["The council approved the new budget after a long debate about schools."] * 20)


class CountingExtract:
    """The real extraction stage, counting the documents a poll hands it."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, document: RawDocument) -> Article:
        self.calls += 1
        return extract(document)
