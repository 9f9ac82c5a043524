"""Finding what to subscribe to from any URL a user gives: the feed itself, a page that links
its feeds, a site whose feed sits at a usual path, or, for a site without a feed, its sitemap.

``feed_links`` is the pure part (a page's ``<link rel="alternate">`` feeds and obvious feed
anchors); ``discover`` runs the search through the fetcher, in the order a person would try:
the URL itself, the feeds the page announces, the common feed paths of the site (``/feed``,
``/rss.xml``, ``/atom.xml``…), then its sitemaps (robots.txt ``Sitemap:`` lines first, Google
News sitemaps preferred). Every request goes through the one fetcher and its outbound policy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from urllib.parse import urljoin

from lxml import etree, html

from tidings.errors import FetchError, InputError, TooLarge, Unreadable, UnsafeInput
from tidings.gather.decode import decode_document, is_gzip
from tidings.gather.detect import FEED_KINDS, describe_kind, detect_kind
from tidings.gather.feeds import parse_feed
from tidings.gather.fetch import Fetcher, FetchResponse
from tidings.gather.links import http_url
from tidings.gather.sitemaps import read_sitemap, sitemap_urls_of
from tidings.urls import display_url

__all__ = [
    "COMMON_FEED_PATHS",
    "Discovered",
    "FeedLink",
    "LinkedFeedsFailed",
    "discover",
    "discover_in_answer",
    "feed_links",
]

FEED_TYPES = {
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/feed+json": "jsonfeed",
    "application/rdf+xml": "rdf",
    "text/xml": "rss",
    "application/xml": "rss",
}
# Where feeds usually live when a page does not announce one (WordPress, Ghost, Hugo, Jekyll,
# Blogger, Substack and most CMSs), most common first.
COMMON_FEED_PATHS = (
    "/feed",
    "/rss",
    "/feed.xml",
    "/rss.xml",
    "/atom.xml",
    "/index.xml",
    "/feed/atom",
    "/feeds/posts/default",
    "/?feed=rss2",
)
MAX_LINKS_TRIED = 5


@dataclass(frozen=True, slots=True)
class FeedLink:
    url: str
    title: str | None
    media_type: str | None


@dataclass(frozen=True, slots=True)
class Discovered:
    """What to subscribe to: a feed or a sitemap at ``url``, and other feeds the site offers."""

    requested_url: str
    kind: Literal["feed", "sitemap"]
    url: str
    title: str | None
    site_url: str | None
    alternatives: tuple[str, ...] = ()
    how: str = ""
    # Where the feed or sitemap was answered from when a temporary redirect led away from ``url``
    # (which is kept: the redirect may change); the source already polled there is the one to follow.
    fetched_url: str | None = None


@dataclass(frozen=True, slots=True)
class LinkedFeedsFailed:
    """A page whose linked feeds were tried and none could be read: ``tried``, each feed's address
    and why it is none, in the order tried, of the ``linked`` feeds the page links in all, the
    first ``in_turn`` of which are the ones ever tried (``MAX_LINKS_TRIED``)."""

    url: str
    tried: tuple[tuple[str, str], ...]
    linked: int
    in_turn: int


def feed_links(page: str, base_url: str) -> list[FeedLink]:
    """The feeds a page announces (``<link rel="alternate">``), then anchors that plainly point at feeds."""
    try:
        document = html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return []
    base_element = document.find(".//base[@href]")
    base = http_url(base_element.get("href"), base=base_url) if base_element is not None else None
    base = base or base_url
    found: dict[str, FeedLink] = {}
    for link in document.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        media_type = (link.get("type") or "").split(";")[0].strip().lower()
        if "alternate" not in rels or media_type not in FEED_TYPES:
            continue
        url = http_url(link.get("href"), base=base)
        if url is not None and url not in found:
            found[url] = FeedLink(url, (link.get("title") or "").strip() or None, media_type)
    for anchor in document.iter("a"):
        href = anchor.get("href") or ""
        url = http_url(href, base=base)
        if url is None or url in found:
            continue
        path = url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1].lower()
        if path in {"rss", "feed", "atom", "rss.xml", "atom.xml", "feed.xml", "index.xml"}:
            title = (anchor.text_content() or "").strip() or None
            found[url] = FeedLink(url, title, None)
    return list(found.values())


async def _get(fetcher: Fetcher, url: str) -> FetchResponse | None:
    """A candidate URL's response when it answers 2xx; None when it cannot be had."""
    answer = await _answer(fetcher, url)
    return answer if isinstance(answer, FetchResponse) else None


async def _answer(fetcher: Fetcher, url: str) -> FetchResponse | str:
    """A candidate URL's response when it answers 2xx, else why it cannot be had."""
    try:
        response = await fetcher.get(url, purpose="discovery")
    except FetchError as error:
        return error.reason
    return response if response.ok else response.failure().reason


# Refusals of the URL a user gave that are told rather than passed over for another feed of the
# site: the document is a feed or sitemap, but hostile or too large, so a user who subscribes
# to it must learn why, not find another feed followed in its place.
_TOLD_REFUSALS = (UnsafeInput, TooLarge)


def _as_feed(
    response: FetchResponse, now: datetime, *, requested: bool = False
) -> tuple[str | None, str | None] | None:
    """(title, site URL) when the response is a readable feed, else None; ``requested``: the
    URL is the user's own, whose hostile or oversized feed is refused aloud."""
    kind = detect_kind(response.body, content_type=response.headers.get("content-type"))
    if kind not in FEED_KINDS:
        return None
    try:
        feed = parse_feed(
            response.body,
            locator=response.url,
            feed_url=response.url,
            fetched_at=now,
            content_type=response.headers.get("content-type"),
        )
    except _TOLD_REFUSALS:
        if requested:
            raise
        return None
    except InputError:
        return None
    return feed.title, feed.site_url


def _is_sitemap(response: FetchResponse, max_bytes: int, *, requested: bool = False) -> bool:
    try:
        sitemap = read_sitemap(response.body, url=response.url, max_bytes=max_bytes)
    except _TOLD_REFUSALS:
        if requested:
            raise
        return False
    except InputError:
        return False
    return bool(sitemap.pages or sitemap.children)


def _subscribe_url(requested: str, response: FetchResponse) -> str:
    """Subscribe where a permanent redirect points; a temporary one keeps the URL given."""
    return response.permanent_redirect or requested


def _fetched_from(subscribed: str, response: FetchResponse) -> str | None:
    """Where ``response`` was answered from, when a redirect led there from the ``subscribed``
    address (``Discovered.fetched_url``); None when it came from that address itself."""
    return response.url if response.url != subscribed else None


@dataclass(frozen=True, slots=True)
class _FeedFound:
    url: str
    title: str | None
    site_url: str | None
    fetched_url: str | None


async def _first_feed(
    fetcher: Fetcher, urls: Sequence[str], now: datetime
) -> _FeedFound | list[tuple[str, str]]:
    """The first of ``urls`` that is a readable feed; else each one tried with why it is no feed."""
    failed: list[tuple[str, str]] = []
    for url in urls:
        response = await _answer(fetcher, url)
        if isinstance(response, str):
            failed.append((url, response))
            continue
        read = _as_feed(response, now)
        if read is not None:
            feed_url = _subscribe_url(url, response)
            return _FeedFound(feed_url, read[0], read[1], _fetched_from(feed_url, response))
        kind = detect_kind(response.body, content_type=response.headers.get("content-type"))
        failed.append(
            (url, "cannot be read as a feed" if kind in FEED_KINDS else f"is {describe_kind(kind)}")
        )
    return failed


async def discover_in_answer(
    fetcher: Fetcher,
    url: str,
    response: FetchResponse,
    *,
    now: datetime,
    max_bytes: int,
    turn: int | None = None,
) -> Discovered | LinkedFeedsFailed | None:
    """What the answer (2xx) of ``url`` shows by itself: the feed it is, the sitemap it is, or
    the first feed its page links; None when it shows none, ``LinkedFeedsFailed`` when the feeds
    it links were tried and none could be read. ``discover`` goes on from there to the site's
    usual feed paths and sitemaps; a poll of an address never read as a feed stops here
    (``jobs.resolve``): at most ``MAX_LINKS_TRIED`` more requests, none for a page that links no
    feed, and one with a ``turn``: the linked feed of that turn, among the first
    ``MAX_LINKS_TRIED`` in turn (a failing source's later polls, each trying the next)."""
    read = _as_feed(response, now, requested=True)
    if read is not None:
        feed_url = _subscribe_url(url, response)
        return Discovered(
            url,
            "feed",
            feed_url,
            read[0],
            read[1],
            how="the URL is a feed",
            fetched_url=_fetched_from(feed_url, response),
        )
    kind = detect_kind(response.body, content_type=response.headers.get("content-type"))
    # A sitemap may be a gzip file (sitemap.xml.gz, served as application/gzip, not as a
    # Content-Encoding): the sitemap protocol allows it and read_sitemap inflates it.
    could_be_sitemap = kind in {"sitemap", "sitemapindex"} or is_gzip(response.body)
    if could_be_sitemap and _is_sitemap(response, max_bytes, requested=True):
        return Discovered(
            url,
            "sitemap",
            url,
            None,
            None,
            how="the URL is a sitemap",
            fetched_url=_fetched_from(url, response),
        )
    if kind not in {"html", "text", "xml"}:
        return None
    page = decode_document(response.body, source=response.url, declared_charset=response.charset)
    links = feed_links(page, response.url)
    if not links:
        return None
    tried = [link.url for link in links[:MAX_LINKS_TRIED]]
    if turn is not None:
        tried = [tried[turn % len(tried)]]
    found = await _first_feed(fetcher, tried, now)
    if isinstance(found, list):
        return LinkedFeedsFailed(url, tuple(found), len(links), min(len(links), MAX_LINKS_TRIED))
    site = fetcher.policy.check_url(response.url)
    others = tuple(link.url for link in links if link.url != found.url)
    return Discovered(
        url,
        "feed",
        found.url,
        found.title,
        found.site_url or site.origin,
        others,
        "the page links it",
        fetched_url=found.fetched_url,
    )


async def discover(fetcher: Fetcher, url: str, *, now: datetime, max_bytes: int) -> Discovered:
    """What to subscribe to for ``url``; raises ``FetchError`` or ``Unreadable`` saying what was tried."""
    destination = fetcher.policy.check_url(url)
    response = await fetcher.get(destination.url, purpose="discovery")
    if not response.ok:
        raise response.failure()
    shown = await discover_in_answer(fetcher, destination.url, response, now=now, max_bytes=max_bytes)
    if isinstance(shown, Discovered):
        return shown
    linked = _what_the_page_links(shown)
    site = fetcher.policy.check_url(response.url)
    common = [urljoin(site.origin, path) for path in COMMON_FEED_PATHS]
    found = await _first_feed(fetcher, common, now)
    if not isinstance(found, list):
        return Discovered(
            destination.url,
            "feed",
            found.url,
            found.title,
            found.site_url or site.origin,
            how="a usual feed path",
            fetched_url=found.fetched_url,
        )
    robots_sitemaps = await fetcher.robots.sitemaps(site.origin)
    ranked = sorted(
        sitemap_urls_of(robots_sitemaps, site.origin), key=lambda candidate: "news" not in candidate
    )
    for candidate in ranked:
        sitemap_response = await _get(fetcher, candidate)
        if sitemap_response is not None and _is_sitemap(sitemap_response, max_bytes):
            return Discovered(
                destination.url,
                "sitemap",
                candidate,
                None,
                site.origin,
                how="the site's sitemap",
                fetched_url=_fetched_from(candidate, sitemap_response),
            )
    raise Unreadable(
        destination.url,
        f"has no feed or sitemap: {linked}, none of the usual feed paths "
        f"({', '.join(COMMON_FEED_PATHS[:4])}…) answers with a feed, and no sitemap was found; "
        "give the feed's own URL",
    )


def _what_the_page_links(shown: LinkedFeedsFailed | None) -> str:
    """What the page's own feed links came to, for the error of a site where nothing was found:
    a page linking feeds that all failed (down, gone, no feed) must not be told it links none."""
    if shown is None:
        return "the page links none"
    # Each reason without the advice the fetcher adds ("; check the URL").
    named = "; ".join(f"{display_url(url)}: {reason.split('; ', 1)[0]}" for url, reason in shown.tried)
    feeds = f"{shown.linked} feed{'' if shown.linked == 1 else 's'}"
    if len(shown.tried) < shown.linked:
        return f"the page links {feeds}, the first {len(shown.tried)} none readable ({named})"
    return f"the page links {feeds}, none readable ({named})"
