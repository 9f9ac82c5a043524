"""Subscribing: from a URL (with discovery) or from an OPML file, and exporting back to OPML.

These are the use cases behind ``tidings subscribe``, ``tidings import-opml`` and ``tidings
export-opml``, kept apart from the facade so the web server's "add a source" form can run the
same code. Importing stores the subscriptions without fetching them: the scheduler polls each
new source at once, at its own pace, with the same politeness as every other poll. An OPML
document published at a URL is read through the one outbound client (``fetch_opml``), so the
same address policy and caps apply to it as to any feed. An imported address that proves to be a
sitemap, or a page that links its feed, is made so by its first poll (``jobs.resolve``), as
``subscribe`` would have found at once. Subscribing to an address the store follows already (in any
equivalent form, or where its last poll was redirected for now) asks no server: the source is
polled on its own schedule.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import datetime

from tidings.config import Settings
from tidings.errors import InputError
from tidings.gather.discover import Discovered, discover
from tidings.gather.fetch import Fetcher
from tidings.gather.links import feed_link_target
from tidings.gather.netpolicy import NetPolicy
from tidings.gather.opml import MAX_FOLDER_CHARS, OpmlOutline, RefusedOutline, read_opml, render_opml
from tidings.jobs.wiring import open_fetcher
from tidings.store import Source, Store, Subscribed
from tidings.store.sources import FullText, refuse_long_address
from tidings.urls import feed_address, without_credentials

__all__ = [
    "OpmlImportReport",
    "SubscribeResult",
    "check_folder",
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
    # Outlines whose address an earlier outline of the same document had (``OpmlImport.repeated``).
    repeated: int = 0

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


def check_folder(folder: str) -> None:
    """Refuse a folder name the store could not keep as given: over ``MAX_FOLDER_CHARS`` (the
    store would cut it short unsaid) or holding a control character (a NUL, which PostgreSQL
    cannot store; a newline, which no OPML export could write back), before anything is fetched."""
    shown = folder if len(folder) <= 40 else folder[:40] + "…"
    if len(folder) > MAX_FOLDER_CHARS:
        raise InputError(
            f"folder {shown!r}",
            f"is {len(folder):,} characters long; a folder name may have at most {MAX_FOLDER_CHARS}",
        )
    if any(ord(character) < 32 or ord(character) == 127 for character in folder):
        raise InputError(f"folder {shown!r}", "contains a control character; give the folder's name as text")


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
    """Find the feed (or sitemap) behind ``url`` and subscribe to it; raises what discovery raises.

    An address the store follows already (``Store.find_followed``: in any equivalent form, or
    the target of its last poll's temporary redirect) is subscribed to from the store, without
    a request: the source is polled on its own schedule, whose back-off and ``Retry-After`` a
    fetch now would ignore (and fail on, while the server answers 429)."""
    check_folder(folder)
    entered = fetcher.policy.check_url(_entered_url(url)).url
    # Refused before any request: the store keeps no address this long (the feed a page links,
    # found by discovery, is refused by the store the same way).
    refuse_long_address(feed_address(entered))
    # Stored and compared without tracking parameters: the feed reached through a tracking link
    # (``feed.xml?utm_source=rss``) is the one already followed, not a second source.
    followed = store.find_followed(feed_address(entered))
    if followed is not None:
        found = _already_followed(entered, followed)
    else:
        found = await discover(fetcher, entered, now=now, max_bytes=max_bytes)
        found = replace(found, url=feed_address(found.url))
        # Reached through a temporary redirect: the source already polled at its target is the feed.
        redirected = store.find_followed(feed_address(found.fetched_url)) if found.fetched_url else None
        if redirected is not None:
            found = _already_followed(entered, redirected)
    subscribed = store.subscribe(
        found.url,
        kind=found.kind,
        now=now,
        user_key=user_key,
        folder=folder,
        title=found.title,
        site_url=found.site_url,
        full_text=full_text,
        # Kept on a new source at once, not only from its first poll: subscribing to the target
        # before then is this source too, not a second one polling the same feed.
        fetched_url=found.fetched_url,
    )
    return SubscribeResult(discovered=found, subscribed=subscribed)


def _already_followed(requested: str, source: Source) -> Discovered:
    """What subscribing to ``requested`` finds when the store follows it already as ``source``."""
    how = "followed already, not fetched again: it is polled on its own schedule"
    return Discovered(requested, source.kind, source.url, source.title, source.site_url, how=how)


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
    """Subscribe to every feed of an OPML document; refused outlines are reported, not stored.

    Nothing is fetched: an outline whose address the store follows already (``Store.find_followed``)
    is that source; the others are new sources, due at once, and an address that proves to be a
    sitemap or a page that links its feed is resolved by its first poll (``jobs.resolve``). An
    address over the store's cap is refused (``store.sources.refuse_long_address``); an outline
    repeating an address of the document, in any form, is counted in ``repeated``."""
    document = read_opml(body, source=source, policy=policy)
    subscribed = []
    refused = list(document.refused)
    repeated = document.repeated
    taken: set[int] = set()
    for outline in document.outlines:
        address = feed_address(outline.url)
        try:
            # Left out, not cut short: its first characters are another address.
            refuse_long_address(address)
        except InputError as error:
            refused.append(RefusedOutline(outline.title, error.source, error.reason))
            continue
        followed = store.find_followed(address)
        if followed is not None and followed.source_id in taken:
            # Another form of an address this document listed already (http and https): its
            # first outline is the subscription, folder and title; this one is a repeat, not a
            # feed "already followed" before the import.
            repeated += 1
            continue
        done = store.subscribe(
            followed.url if followed is not None else address,
            kind=followed.kind if followed is not None else outline.kind,
            now=now,
            user_key=user_key,
            folder=outline.folder,
            title=outline.title,
            site_url=outline.html_url,
            full_text=full_text,
        )
        taken.add(done.source.source_id)
        subscribed.append(done)
    return OpmlImportReport(
        title=document.title, subscribed=tuple(subscribed), refused=tuple(refused), repeated=repeated
    )


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
