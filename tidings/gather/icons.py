"""Outlet icons: where an icon's URL comes from, and fetching one safely (miniflux's feed icons).

An icon URL is, in order: the feed's own image (RSS ``<image><url>``, Atom ``<icon>``/``<logo>``,
JSON Feed ``icon``/``favicon``, already read by the feed readers), the ``<link rel="icon">``
family of an HTML page that was fetched anyway, else ``/favicon.ico`` at the site's origin.
Every candidate passes ``links.http_url``, so only absolute http(s) URLs are ever requested.

``fetch_icon`` goes through the one ``Fetcher`` (same outbound policy, politeness and caps) with
a small body cap, and keeps a body only when its first bytes are a raster image Tidings can
serve as is (PNG, GIF, JPEG, ICO, WebP). The declared Content-Type is not trusted: the magic
bytes decide, and the stored type is the one they name. SVG is refused because it is a
document that can carry script; HTML error pages served as icons are refused as not an image.
A refusal is a value (``IconRefused``) with a reason a person can read, never an exception.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lxml import etree, html

from tidings.errors import FetchError
from tidings.gather.fetch import Fetcher
from tidings.gather.links import http_url

__all__ = [
    "ICON_MAX_BYTES",
    "IconFetched",
    "IconRefused",
    "fetch_icon",
    "icon_candidates",
    "page_icon_links",
    "sniff_image_type",
]

# Icons are a few KB; 100 KB leaves room for a 256x256 PNG and refuses anything else early.
ICON_MAX_BYTES = 100 * 1024
# How many candidate URLs one attempt tries before giving up (feed image, page links, favicon).
MAX_CANDIDATES = 4

_ICON_RELS = frozenset({"icon", "shortcut icon", "apple-touch-icon", "apple-touch-icon-precomposed"})

# (prefix, content type); WebP is RIFF....WEBP and checked on its own below.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x00\x00\x01\x00", "image/x-icon"),
)


@dataclass(frozen=True, slots=True)
class IconFetched:
    """An icon ready to store: its bytes, the type its magic bytes name, and where it came from."""

    url: str
    body: bytes
    content_type: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


@dataclass(frozen=True, slots=True)
class IconRefused:
    """No icon: every candidate failed; ``url`` is the first tried, ``reason`` says why each failed."""

    url: str | None
    reason: str


def sniff_image_type(body: bytes) -> str | None:
    """The raster image type ``body`` starts as, or None for anything else (SVG included)."""
    for prefix, content_type in _MAGIC:
        if body.startswith(prefix):
            return content_type
    if len(body) >= 12 and body[:4] == b"RIFF" and body[8:12] == b"WEBP":
        return "image/webp"
    return None


def _looks_like_svg(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return b"<svg" in head or (head.startswith(b"<?xml") and b"svg" in head)


def page_icon_links(page: str, base_url: str) -> list[str]:
    """The icons an HTML page announces (``<link rel="icon" | "shortcut icon" | "apple-touch-icon">``)."""
    try:
        document = html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return []
    found: list[str] = []
    for link in document.iter("link"):
        rel = " ".join((link.get("rel") or "").lower().split())
        if rel not in _ICON_RELS or (link.get("type") or "").lower().startswith("image/svg"):
            continue
        url = http_url(link.get("href"), base=base_url)
        if url is not None and url not in found:
            found.append(url)
    return found


def icon_candidates(
    *, feed_icon: str | None, page_icons: Sequence[str] = (), site_url: str | None
) -> list[str]:
    """The URLs to try, best first: the feed's image, a page's icon links, the site's favicon.ico."""
    ordered: list[str | None] = [http_url(feed_icon), *(http_url(url) for url in page_icons)]
    site = http_url(site_url)
    if site is not None:
        ordered.append(http_url("/favicon.ico", base=site))
    return list(dict.fromkeys(url for url in ordered if url))[:MAX_CANDIDATES]


async def _fetch_one(fetcher: Fetcher, url: str) -> IconFetched | IconRefused:
    try:
        response = await fetcher.get(url, purpose="icon", max_bytes=ICON_MAX_BYTES)
    except FetchError as error:
        return IconRefused(url, str(error))
    if not response.ok:
        return IconRefused(url, f"{url}: HTTP {response.status}")
    content_type = sniff_image_type(response.body)
    if content_type is not None:
        return IconFetched(response.url, response.body, content_type)
    if _looks_like_svg(response.body):
        return IconRefused(url, f"{url}: an SVG icon is refused (SVG can carry script)")
    return IconRefused(url, f"{url}: not a PNG, GIF, JPEG, ICO or WebP image")


async def fetch_icon(fetcher: Fetcher, candidates: Iterable[str]) -> IconFetched | IconRefused:
    """The first candidate that is a raster image, else every candidate's reason, in order."""
    refusals: list[IconRefused] = []
    for url in candidates:
        outcome = await _fetch_one(fetcher, url)
        if isinstance(outcome, IconFetched):
            return outcome
        refusals.append(outcome)
    if not refusals:
        return IconRefused(None, "no icon URL is known for this outlet")
    return IconRefused(refusals[0].url, "; ".join(refusal.reason for refusal in refusals))
