"""Resolving an address no poll has yet read as a feed: what ``tidings subscribe`` finds at once,
``tidings import-opml`` leaves to the first poll.

An import stores each outline's ``xmlUrl`` without fetching it (a list of hundreds, one polite
poll each, at the scheduler's pace), so an outline may name a sitemap, or a site's home page
that links its feed, where a feed was expected. Until a poll of a feed source has succeeded
(``Source.last_success_at``), an answer that is no feed is read as discovery reads the answer of
the address a user gives (``gather.discover.discover_in_answer``, the answer already had, not
asked again): the source becomes the sitemap it is, or moves to the feed its page links, merged
into the source already following that feed if there is one. Only that: the site's usual feed
paths and sitemaps, which ``subscribe`` tries next, are a dozen requests a failing poll would
repeat on every try; an address that shows none stays failing with its error, and ``tidings
subscribe`` finds them. A source that has been read as a feed is never resolved again: a feed
that turns into a page later is an error to show, not an address to follow elsewhere.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from tidings.gather.detect import FEED_KINDS, detect_kind
from tidings.gather.discover import Discovered, discover_in_answer
from tidings.gather.fetch import Fetcher, FetchResponse
from tidings.store import Source, Store
from tidings.urls import display_url, feed_address

__all__ = ["Resolved", "resolve_first_answer"]


@dataclass(frozen=True, slots=True)
class Resolved:
    """A source made what its address proved to be: ``source`` as it is now (retired when it was
    merged into another), and ``note``, one line saying so."""

    source: Source
    note: str


def _unresolved(source: Source, response: FetchResponse) -> bool:
    """Whether this answer of a feed source asks for discovery: the source was never read as a
    feed, and the answer is no feed either."""
    if source.kind != "feed" or source.last_success_at is not None:
        return False
    kind = detect_kind(response.body, content_type=response.headers.get("content-type"))
    return kind not in FEED_KINDS


def _note(found: Discovered, source: Source) -> str:
    if found.kind == "sitemap" and found.url == source.url:
        return "the address is a sitemap, followed as one from now on"
    return f"follows {found.kind} {display_url(found.url)} from now on ({found.how})"


async def resolve_first_answer(
    store: Store, fetcher: Fetcher, source: Source, response: FetchResponse, *, now: datetime, max_bytes: int
) -> Resolved | None:
    """The source made what its address is, when its answer (2xx) is no feed and no poll has read
    it as one; None when there is nothing to resolve (the poll goes on and reads the answer as it
    is). Raises ``InputError`` for a sitemap refused as hostile or too large, as ``subscribe`` does."""
    if not _unresolved(source, response):
        return None
    found = await discover_in_answer(fetcher, source.url, response, now=now, max_bytes=max_bytes)
    if found is None:
        return None
    url = feed_address(found.url)
    if (found.kind, url) == (source.kind, source.url):
        return None
    resolved = await asyncio.to_thread(
        lambda: store.resolve_source(
            source.source_id, kind=found.kind, url=url, now=now, title=found.title, site_url=found.site_url
        )
    )
    if resolved.state == "retired":
        other = await asyncio.to_thread(store.find_source, url)
        number = f"source #{other.source_id}" if other is not None else "another source"
        note = f"its {found.kind} {display_url(url)} is {number}, which its subscribers follow now"
        return Resolved(resolved, note)
    return Resolved(resolved, _note(found, source))
