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
subscribe`` finds them. A page whose linked feeds all fail is a failed poll, its error naming
the page and why its feeds could not be read, checked again on the failure back-off like any
failing source: the first poll that reads the page tries up to ``MAX_LINKS_TRIED`` of its
feeds, as subscribing does, and each poll after that one of them, the next in turn (``_turn``),
so that a back-off poll costs the page and one feed, and every feed is tried again over a few
polls. Failures of the page itself do not count as turns: a poll after one (the page down, as
an imported home page may be on its first polls) tries up to ``MAX_LINKS_TRIED`` again. A source that
has been read as a feed is never resolved again: a feed that turns into a page later is an error
to show, not an address to follow elsewhere.

The reverse holds for a sitemap source (an outline marked ``type="sitemap"``) never read as
one: an answer that is a feed makes it the feed source it is.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from tidings.errors import FetchError, InputError
from tidings.gather.detect import FEED_KINDS, detect_kind
from tidings.gather.discover import Discovered, LinkedFeedsFailed, discover_in_answer
from tidings.gather.fetch import Fetcher, FetchResponse
from tidings.store import Source, Store
from tidings.store.sources import MAX_URL_CHARS
from tidings.urls import display_url, feed_address

# How many failed linked feeds a source's error names, each with its reason.
ERROR_FEEDS_NAMED = 2
# How the error of a page whose linked feeds failed goes on after the page's address: what tells
# the next poll that this one tried them (``_turn``).
LINKED_FEEDS_FAILED = "is an HTML page linking "

__all__ = ["Resolved", "resolve_first_answer"]


@dataclass(frozen=True, slots=True)
class Resolved:
    """A source made what its address proved to be: ``source`` as it is now (retired when it was
    merged into another), and ``note``, one line saying so."""

    source: Source
    note: str


def _unresolved(source: Source, response: FetchResponse) -> bool:
    """Whether this answer asks for discovery: the source was never read as what it is, and the
    answer is not that: no feed for a feed source, a feed for a sitemap source."""
    if source.last_success_at is not None:
        return False
    kind = detect_kind(response.body, content_type=response.headers.get("content-type"))
    if source.kind == "sitemap":
        return kind in FEED_KINDS
    return kind not in FEED_KINDS


def _turn(source: Source) -> int | None:
    """Which of its page's linked feeds a never-read source tries on this poll: all (up to
    ``MAX_LINKS_TRIED``) on the first poll that reads its page, and one on each poll after a poll
    that tried them, the next in turn. Only a poll that read the page and tried its feeds leaves
    their error (``_no_feed_read``): its ``error_count`` counts failures of the page's own fetch
    too, so a page down on its first polls (or since) has its feeds tried up to
    ``MAX_LINKS_TRIED`` once it answers. The turn goes on from ``error_count``, which each of
    these polls raises by one: consecutive polls try consecutive feeds."""
    prefix = f"{display_url(source.url)}: {LINKED_FEEDS_FAILED}"
    if source.last_error is None or not source.last_error.startswith(prefix):
        return None
    return source.error_count - 1


def _note(found: Discovered, source: Source) -> str:
    if found.url == source.url:
        return f"the address is a {found.kind}, followed as one from now on"
    return f"follows {found.kind} {display_url(found.url)} from now on ({found.how})"


def _no_feed_read(failed: LinkedFeedsFailed) -> FetchError:
    """The error of a page whose linked feeds could not be read: how many it links, which this
    check tried and why each is no feed (the first few, their reasons without the advice the
    fetcher adds), and how many of them later checks try in turn, one each."""

    def said(url: str, reason: str) -> str:
        return f"{display_url(url)}: {reason.split('; ', 1)[0]}"

    linking = f"{LINKED_FEEDS_FAILED}{failed.linked} feed{'' if failed.linked == 1 else 's'}"
    if len(failed.tried) == 1:
        tried = f"this check tried {said(*failed.tried[0])}"
    else:
        named = [said(url, reason) for url, reason in failed.tried[:ERROR_FEEDS_NAMED]]
        others = len(failed.tried) - len(named)
        if others > 0:
            named.append("the other one failed too" if others == 1 else f"the other {others} failed too")
        which = (
            f"all {len(failed.tried)}"
            if len(failed.tried) == failed.linked
            else f"the first {len(failed.tried)}"
        )
        tried = f"this check tried {which}, none readable ({'; '.join(named)})"
    if failed.in_turn == 1:
        later = "Tidings tries it again on later checks"
    elif failed.in_turn == failed.linked:
        later = f"Tidings tries the {failed.in_turn} in turn on later checks, one each check"
    else:
        later = f"Tidings tries the first {failed.in_turn} in turn on later checks, one each check"
    return FetchError(display_url(failed.url), f"{linking}; {tried}; {later}, or give the feed's own URL")


async def resolve_first_answer(
    store: Store, fetcher: Fetcher, source: Source, response: FetchResponse, *, now: datetime, max_bytes: int
) -> Resolved | None:
    """The source made what its address is, when its answer (2xx) is not what the source is (no
    feed for a feed source, a feed for a sitemap source) and no poll has read it as one; None when
    there is nothing to resolve (the poll goes on and reads the answer as it is). Raises
    ``InputError`` for a feed or sitemap refused as hostile or too large, as ``subscribe`` does,
    and ``FetchError`` for a page whose linked feeds could not be read (``_turn`` says which
    were tried)."""
    if not _unresolved(source, response):
        return None
    found = await discover_in_answer(
        fetcher, source.url, response, now=now, max_bytes=max_bytes, turn=_turn(source)
    )
    if found is None:
        return None
    if isinstance(found, LinkedFeedsFailed):
        raise _no_feed_read(found)
    url = feed_address(found.url)
    if (found.kind, url) == (source.kind, source.url):
        return None
    if len(url) > MAX_URL_CHARS:
        # Kept cut short it would be another address, and left unsaid the source would read the
        # page again, fail on it as no feed, and find the same feed at every poll.
        raise InputError(
            display_url(source.url),
            f"links its {found.kind} at an address of {len(url):,} characters; Tidings follows "
            f"addresses of at most {MAX_URL_CHARS:,}: give the {found.kind}'s own shorter address",
        )
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
