"""Subscribing: from a URL (with discovery) or from an OPML file, and exporting back to OPML.

These are the use cases behind ``tidings subscribe``, ``tidings import-opml`` and ``tidings
export-opml``, kept apart from the facade so the web server's "add a source" form can run the
same code. Importing stores the subscriptions without fetching them: the scheduler polls each
new source at once, at its own pace, with the same politeness as every other poll. An OPML
document published at a URL is read through the one outbound client (``fetch_opml``), so the
same address policy and caps apply to it as to any feed.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import datetime

from tidings.config import Settings
from tidings.gather.discover import Discovered, discover
from tidings.gather.fetch import Fetcher
from tidings.gather.links import feed_link_target
from tidings.gather.netpolicy import NetPolicy
from tidings.gather.opml import OpmlOutline, RefusedOutline, read_opml, render_opml
from tidings.jobs.wiring import open_fetcher
from tidings.store import Store, Subscribed
from tidings.store.sources import FullText
from tidings.urls import feed_address, without_credentials

__all__ = [
    "OpmlImportReport",
    "SubscribeResult",
    "export_opml",
    "fetch_opml",
    "import_opml",
    "is_web_address",
    "read_opml_url",
    "subscribe_url",
]


@dataclass(frozen=True, slots=True)
class SubscribeResult:
    """What ``subscribe`` found at the URL and what it stored."""

    discovered: Discovered
    subscribed: Subscribed


@dataclass(frozen=True, slots=True)
class OpmlImportReport:
    title: str | None
    subscribed: tuple[Subscribed, ...]
    refused: tuple[RefusedOutline, ...]

    @property
    def new_sources(self) -> int:
        return sum(1 for subscribed in self.subscribed if subscribed.new_subscription)


def _entered_url(text: str) -> str:
    """A URL as people type it: ``feed:`` links and a missing scheme are accepted."""
    url = feed_link_target(text)
    lowered = url.lower()
    if "://" not in url and not lowered.startswith(("http:", "https:")) and "." in url.split("/", 1)[0]:
        return "https://" + url
    return url


async def subscribe_url(
    store: Store,
    fetcher: Fetcher,
    url: str,
    *,
    now: datetime,
    folder: str = "",
    full_text: FullText = "auto",
    max_bytes: int,
    user_key: str = "",
) -> SubscribeResult:
    """Find the feed (or sitemap) behind ``url`` and subscribe to it; raises what discovery raises."""
    found = await discover(fetcher, _entered_url(url), now=now, max_bytes=max_bytes)
    # Stored and compared without tracking parameters: the feed reached through a tracking link
    # (``feed.xml?utm_source=rss``) is the one already followed, not a second source.
    found = replace(found, url=feed_address(found.url))
    subscribed = store.subscribe(
        found.url,
        kind=found.kind,
        now=now,
        user_key=user_key,
        folder=folder,
        title=found.title,
        site_url=found.site_url,
        full_text=full_text,
    )
    return SubscribeResult(discovered=found, subscribed=subscribed)


def is_web_address(text: str) -> bool:
    """Whether ``import-opml`` was given a URL to fetch rather than a file name."""
    return text.strip().lower().startswith(("http://", "https://"))


async def fetch_opml(fetcher: Fetcher, url: str, *, max_bytes: int) -> bytes:
    """The body of the OPML document at ``url``; raises ``FetchError`` when it cannot be had."""
    response = await fetcher.get(url.strip(), purpose="opml", max_bytes=max_bytes)
    if not response.ok:
        raise response.failure()
    return response.body


def read_opml_url(settings: Settings, url: str) -> bytes:
    """``fetch_opml`` with the fetcher the settings describe, run to the end (``import-opml URL``)."""

    async def run() -> bytes:
        async with open_fetcher(settings) as fetcher:
            return await fetch_opml(fetcher, url, max_bytes=settings.max_document_bytes)

    return asyncio.run(run())


def import_opml(
    store: Store,
    policy: NetPolicy,
    body: bytes,
    *,
    source: str,
    now: datetime,
    full_text: FullText = "auto",
    user_key: str = "",
) -> OpmlImportReport:
    """Subscribe to every feed of an OPML document; refused outlines are reported, not stored."""
    document = read_opml(body, source=source, policy=policy)
    subscribed = tuple(
        store.subscribe(
            feed_address(outline.url),
            kind=outline.kind,
            now=now,
            user_key=user_key,
            folder=outline.folder,
            title=outline.title,
            site_url=outline.html_url,
            full_text=full_text,
        )
        for outline in document.outlines
    )
    return OpmlImportReport(title=document.title, subscribed=subscribed, refused=document.refused)


def export_opml(
    store: Store, *, now: datetime, user_key: str = "", title: str = "Tidings subscriptions"
) -> str:
    """Every subscription of ``user_key`` as an OPML 2.0 document."""
    outlines = [
        OpmlOutline(
            url=subscription.source.url,
            title=subscription.title or subscription.source.title,
            # A site address stored before credentials were left out of it leaves without them.
            html_url=subscription.source.site_url and without_credentials(subscription.source.site_url),
            folder=subscription.folder,
            kind=subscription.source.kind,
        )
        for subscription in store.subscriptions(user_key=user_key)
        if subscription.source.state != "retired"
    ]
    return render_opml(outlines, title=title, now=now)
