"""Sitemaps and Google News sitemaps → the page URLs to fetch, with their dates and titles.

A site without a feed usually still lists its articles in a sitemap (``/sitemap.xml``, the
``Sitemap:`` lines of robots.txt), and news sites in a Google News sitemap whose entries carry
``news:title``, ``news:publication_date`` and ``news:language``. ``read_sitemap`` reads a
``urlset`` (pages) or a ``sitemapindex`` (child sitemaps), plain or gzip-compressed, and the
protocol's plain-text form (one URL a line). ``recent_entries`` keeps what a news reader wants:
news entries, and pages changed within a window.

Parsing is by element local name (many sitemaps get the namespace wrong) with lxml configured
never to load a DTD, resolve an entity or touch the network; an entity bomb or an external
entity in a sitemap's DOCTYPE is refused first, in our words (``UnsafeInput``), rather than read
as an empty sitemap. Hand-written on purpose: the libraries for
sitemaps (ultimate-sitemap-parser, advertools) fetch URLs themselves, and every fetch here must
go through our fetcher and its policy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from lxml import etree

from tidings.errors import Unreadable
from tidings.gather.decode import decode_document, gunzip_capped, is_gzip
from tidings.gather.links import http_url
from tidings.gather.xmlsafety import refuse_hostile_doctype

__all__ = [
    "Sitemap",
    "SitemapEntry",
    "SitemapRef",
    "hardened_xml_parser",
    "local_name",
    "parse_w3c_datetime",
    "read_sitemap",
    "recent_entries",
    "sitemap_urls_of",
]

# The sitemap protocol's own limit on URLs per file.
MAX_ENTRIES = 50_000


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    """One page a sitemap lists; ``is_news`` when it came with a Google News block."""

    url: str
    modified_at: datetime | None = None
    title: str | None = None
    published_at: datetime | None = None
    language: str | None = None
    publication: str | None = None
    is_news: bool = False


@dataclass(frozen=True, slots=True)
class SitemapRef:
    """A child sitemap of a sitemap index."""

    url: str
    modified_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Sitemap:
    pages: tuple[SitemapEntry, ...]
    children: tuple[SitemapRef, ...]


def hardened_xml_parser(*, recover: bool) -> etree.XMLParser:
    """lxml that never loads a DTD, expands an entity or reaches the network (sitemaps, OPML)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=recover,
    )


def local_name(tag: object) -> str:
    """An element's name without its namespace, lower-case ('' for comments and the like)."""
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _text(element: etree._Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    value = element.text.strip()
    return value or None


def _child(element: etree._Element, name: str) -> etree._Element | None:
    for child in element:
        if local_name(child.tag) == name:
            return child
    return None


def parse_w3c_datetime(value: str | None) -> datetime | None:
    """A W3C datetime (``2026-11-23``, ``2026-11-23T10:00:00Z``, with offset) as UTC, or None."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _page(element: etree._Element, base: str) -> SitemapEntry | None:
    url = http_url(_text(_child(element, "loc")), base=base)
    if url is None:
        return None
    news = _child(element, "news")
    modified = parse_w3c_datetime(_text(_child(element, "lastmod")))
    if news is None:
        return SitemapEntry(url=url, modified_at=modified)
    publication = _child(news, "publication")
    return SitemapEntry(
        url=url,
        modified_at=modified,
        title=_text(_child(news, "title")),
        published_at=parse_w3c_datetime(_text(_child(news, "publication_date"))),
        language=_text(_child(publication, "language")) if publication is not None else None,
        publication=_text(_child(publication, "name")) if publication is not None else None,
        is_news=True,
    )


def _plain_text(text: str, base: str) -> Sitemap:
    pages = []
    for line in text.splitlines()[:MAX_ENTRIES]:
        url = http_url(line.strip(), base=base) if line.strip().lower().startswith("http") else None
        if url is not None:
            pages.append(SitemapEntry(url=url))
    return Sitemap(pages=tuple(pages), children=())


def read_sitemap(body: bytes, *, url: str, max_bytes: int) -> Sitemap:
    """Read a sitemap or sitemap index at ``url``; raises ``Unreadable`` when it is neither."""
    if is_gzip(body):
        body = gunzip_capped(body, source=url, max_bytes=max_bytes)
    stripped = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped.startswith(b"<"):
        plain = _plain_text(stripped.decode("utf-8", errors="replace"), url)
        if plain.pages:
            return plain
        raise Unreadable(url, "is not a sitemap (neither XML nor a list of URLs)")
    # The hardened parser expands no entity, but in recovery mode it answers an entity bomb with
    # an empty tree: a sitemap that would read as holding nothing, with no word of why.
    refuse_hostile_doctype(decode_document(body, source=url, media_type_hint="application/xml"), source=url)
    try:
        root = etree.fromstring(body, parser=hardened_xml_parser(recover=True))
    except etree.XMLSyntaxError as exc:
        raise Unreadable(url, f"is not a readable sitemap ({exc})") from exc
    if root is None:
        raise Unreadable(url, "is not a readable sitemap (empty document)")
    kind = local_name(root.tag)
    if kind == "urlset":
        pages = (_page(element, url) for element in root if local_name(element.tag) == "url")
        return Sitemap(pages=tuple(page for page in pages if page is not None)[:MAX_ENTRIES], children=())
    if kind == "sitemapindex":
        children = []
        for element in root:
            if local_name(element.tag) != "sitemap":
                continue
            child_url = http_url(_text(_child(element, "loc")), base=url)
            if child_url is not None:
                modified = parse_w3c_datetime(_text(_child(element, "lastmod")))
                children.append(SitemapRef(url=child_url, modified_at=modified))
        return Sitemap(pages=(), children=tuple(children[:MAX_ENTRIES]))
    raise Unreadable(url, f"is not a sitemap (its root element is <{kind}>, not <urlset> or <sitemapindex>)")


def recent_entries(entries: Iterable[SitemapEntry], now: datetime, window: timedelta) -> list[SitemapEntry]:
    """The entries a news reader takes: news entries, and pages dated within ``window``, newest first.

    An entry with no date at all is left out: a plain sitemap lists a site's whole archive.
    """
    chosen: dict[str, SitemapEntry] = {}
    for entry in entries:
        moment = entry.published_at or entry.modified_at
        if entry.is_news or (moment is not None and now - window <= moment <= now + timedelta(hours=1)):
            chosen.setdefault(entry.url, entry)

    def newest_first(entry: SitemapEntry) -> float:
        moment = entry.published_at or entry.modified_at
        return -(moment.timestamp() if moment else 0.0)

    return sorted(chosen.values(), key=newest_first)


def sitemap_urls_of(robots_sitemaps: Sequence[str], origin: str) -> list[str]:
    """Where to look for a site's sitemaps: its robots.txt lines, then the usual places."""
    candidates = [
        *robots_sitemaps,
        f"{origin}/sitemap_news.xml",
        f"{origin}/news-sitemap.xml",
        f"{origin}/sitemap.xml",
    ]
    seen: dict[str, None] = {}
    for candidate in candidates:
        seen.setdefault(candidate, None)
    return list(seen)
