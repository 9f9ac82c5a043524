"""Feed documents (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1) → ``ParsedFeed``.

Owns ``parse_feed``, the one entry point for a feed's bytes, whether they came from a file or
from the fetcher. XML feeds are read by feedparser, the most complete reader of real-world
feeds (it survives the malformed ones, with ``bozo`` set, and we keep their entries); JSON
Feed by ``jsonfeed.py``. feedparser only ever receives what ``xmlsafety.screen_feed_xml``
rebuilt, as a byte stream: given a ``str`` or ``bytes``, ``feedparser.parse`` tries it as a URL
and then as a local file name before it treats it as a document, so a hostile body could
otherwise make it open a file. feedparser's own HTML sanitizer and relative-URI resolution are
turned off: an entry body is untrusted HTML like any page, made safe for display by the
extractor (nh3, resolving links against the entry's URL), and those two passes cost 80% of
feedparser's time on full-text feeds (2 MB, 100 articles: 2.45 s with them, 0.36 s without;
2026-11-23). The fields feedparser returns are mapped here onto
``entries.FeedFields``/``EntryFields``; ``entries.assemble_feed`` applies the rules shared by
every format (entry identity, URL policy, bounds).
"""

from __future__ import annotations

import calendar
import io
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import feedparser
from feedparser.mixin import _FeedParserMixin

from tidings.errors import Unreadable
from tidings.gather.decode import decode_document
from tidings.gather.detect import FEED_KINDS, DocumentKind, charset_of, describe_kind, detect_kind
from tidings.gather.entries import EntryFields, FeedFields, assemble_feed
from tidings.gather.jsonfeed import read_json_feed
from tidings.gather.markup import text_to_html
from tidings.gather.xmlsafety import screen_feed_xml
from tidings.model import ParsedFeed

__all__ = ["parse_feed"]

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "html", "xhtml"})
_PLAIN_TYPES = frozenset({"text/plain", "text"})
_FALLBACK_FORMATS: dict[DocumentKind, str] = {"rss": "rss", "atom": "atom", "rdf": "rss10"}
# The syndication module's sy:updatePeriod, in minutes.
_UPDATE_PERIODS = {"hourly": 60, "daily": 1_440, "weekly": 10_080, "monthly": 43_200, "yearly": 525_600}
_MAX_SCHEDULE_MINUTES = 525_600


def parse_feed(
    body: bytes,
    *,
    locator: str,
    feed_url: str | None,
    fetched_at: datetime,
    content_type: str | None = None,
) -> ParsedFeed:
    """Read a feed document. ``locator`` names it in provenance and errors (a path or URL);
    ``feed_url`` is the address it was fetched from (None for a file), used to resolve
    relative links. Raises ``Unreadable`` or ``UnsafeInput`` (``InputError``s) when the
    document is not a feed or is refused; a feed with malformed markup is read leniently.
    """
    kind = detect_kind(body, content_type=content_type)
    if kind == "jsonfeed":
        feed, entries = read_json_feed(body, source=locator, declared_charset=charset_of(content_type))
    elif kind in FEED_KINDS:
        feed, entries, cut_off = _read_xml_feed(body, kind, locator=locator, content_type=content_type)
        if cut_off and not entries:
            # Said as such: "a feed with no entries" sent the user looking for a fault in the
            # feed, and a poll took the cut download for the whole feed.
            raise Unreadable(
                locator,
                "is cut off before its first entry (a truncated file or download); "
                "there is nothing to read in it",
            )
        if cut_off:
            parsed = assemble_feed(feed, entries, locator=locator, feed_url=feed_url, fetched_at=fetched_at)
            return _without_the_cut_entry(parsed, locator)
    else:
        if kind == "text":
            # "plain text" is what detect_kind calls anything else; an empty or binary response
            # (an error page of zero bytes, an image) is named as such by decode_document.
            decode_document(body, source=locator, declared_charset=charset_of(content_type))
        raise Unreadable(locator, f"is {describe_kind(kind)}, not a feed")
    return assemble_feed(feed, entries, locator=locator, feed_url=feed_url, fetched_at=fetched_at)


def _restore_the_outer_base(end_tag: Callable[[Any, str], None]) -> Callable[[Any, str], None]:
    """feedparser's end-tag handler, then the base URI of the enclosing element restored.

    feedparser 6.0 restores it only when it is not empty (``if self.basestack[-1]``): in a feed
    without a base of its own (no ``xml:base`` on its root; a file, or no ``Content-Location``),
    an entry's ``xml:base``, or its content's, outlived its element and resolved every later
    entry's relative links (and guids) against another entry's site."""

    def unknown_endtag(parser: Any, tag: str) -> None:
        end_tag(parser, tag)
        if parser.basestack:
            parser.baseuri = parser.basestack[-1]

    return unknown_endtag


if not getattr(_FeedParserMixin.unknown_endtag, "_tidings_restores_the_outer_base", False):
    _patched_end_tag = _restore_the_outer_base(_FeedParserMixin.unknown_endtag)
    _patched_end_tag._tidings_restores_the_outer_base = True  # type: ignore[attr-defined]
    _FeedParserMixin.unknown_endtag = _patched_end_tag


def _run_feedparser(screened: str, *, source: str) -> Any:
    # No content-location: feedparser would resolve a relative guid ("tribune-48213") against the
    # address the feed was fetched from, so a redirect or a move would give every entry a new key
    # and the next poll would take each for new. Relative links are resolved in
    # ``entries.assemble_feed``, against the same address; the key keeps the guid as written.
    try:
        return feedparser.parse(
            io.BytesIO(screened.encode("utf-8")),
            response_headers={"content-type": "application/xml; charset=utf-8"},
            resolve_relative_uris=False,
            sanitize_html=False,
        )
    except Exception as exc:  # feedparser's lenient parser can raise anything on broken input
        raise Unreadable(source, f"could not be read as a feed ({type(exc).__name__}: {exc})") from exc


# The opening of an RSS item or Atom entry, and a closing tag of either (any namespace prefix).
_ENTRY_OPEN = re.compile(r"<(?:[\w.-]+:)?(?:item|entry)[\s>/]", re.IGNORECASE)
_ENTRY_CLOSE = re.compile(
    r"</(?:[\w.-]+:)?(?:item|entry)\s*>|<(?:[\w.-]+:)?(?:item|entry)\b[^<>]*/>", re.IGNORECASE
)


def _closing(names: str) -> re.Pattern[str]:
    """The end of a feed's root element (any namespace prefix: ``</rdf:RDF>``), or the root
    written empty (``<rss version="2.0"/>``)."""
    return re.compile(rf"</(?:[\w.-]+:)?(?:{names})\s*>|<(?:[\w.-]+:)?(?:{names})\b[^<>]*/>", re.IGNORECASE)


# RSS may come without its <rss> wrapper, its <channel> the root (``detect._XML_ROOT_KINDS``);
# an RDF feed's items follow its channel, so only the root's end is the feed's.
_ROOT_CLOSE: dict[DocumentKind, re.Pattern[str]] = {
    "rss": _closing("rss|channel"),
    "atom": _closing("feed"),
    "rdf": _closing("rdf"),
}


def _ends_inside_an_entry(screened: str, kind: DocumentKind) -> bool:
    """Whether the document stops inside its last item or entry: a truncated file or download.
    With no entry at all, whether it stops before its feed (or channel) element closes: cut
    off before its first entry.

    feedparser reads such a feed leniently and returns the cut entry with what it had, often
    its title without its text; stored, it would stay a headline, since a later poll skips an
    entry key already known."""
    last_open = None
    for last_open in _ENTRY_OPEN.finditer(screened):  # noqa: B007 (the last match is wanted)
        pass
    if last_open is None:
        return _ROOT_CLOSE[kind].search(screened) is None
    return _ENTRY_CLOSE.search(screened, last_open.start()) is None


def _without_the_cut_entry(parsed: ParsedFeed, locator: str) -> ParsedFeed:
    if not parsed.entries:
        return parsed
    cut = parsed.entries[-1]
    refusal = Unreadable(
        f"{locator} [{cut.provenance.entry_key}]",
        "is cut off: the feed ends before this entry does (a truncated file or download); not stored",
    )
    return replace(parsed, entries=parsed.entries[:-1], skipped=(*parsed.skipped, refusal))


def _read_xml_feed(
    body: bytes, kind: DocumentKind, *, locator: str, content_type: str | None
) -> tuple[FeedFields, list[EntryFields], bool]:
    """The feed's fields, its entries, and whether the document ends inside its last entry."""
    text = decode_document(
        body, source=locator, declared_charset=charset_of(content_type), media_type_hint="application/xml"
    )
    screened = screen_feed_xml(text, source=locator)
    result = _run_feedparser(screened, source=locator)
    feed = result.get("feed") or {}
    entries = [_entry_fields(entry) for entry in result.get("entries") or [] if isinstance(entry, Mapping)]
    return _feed_fields(feed, result, kind), entries, _ends_inside_an_entry(screened, kind)


# -- feedparser's result, field by field ---------------------------------------------------------


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _is_html(detail: object) -> bool:
    return isinstance(detail, Mapping) and detail.get("type") in _HTML_TYPES


def _moment(value: object) -> datetime | None:
    """feedparser's UTC ``struct_time`` as an aware datetime."""
    if not isinstance(value, time.struct_time):
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _links(container: Mapping[str, Any], rel: str) -> list[str]:
    found: list[str] = []
    for link in container.get("links") or []:
        if isinstance(link, Mapping) and link.get("rel") == rel and isinstance(link.get("href"), str):
            found.append(link["href"])
    return found


def _minutes(value: object) -> int | None:
    if not isinstance(value, str) or not value.strip().isdigit():
        return None
    minutes = int(value.strip())
    return minutes if 0 < minutes <= _MAX_SCHEDULE_MINUTES else None


def _update_period(feed: Mapping[str, Any]) -> int | None:
    period = feed.get("sy_updateperiod")
    if not isinstance(period, str) or period.strip().lower() not in _UPDATE_PERIODS:
        return None
    frequency = _minutes(feed.get("sy_updatefrequency")) or 1
    return max(1, _UPDATE_PERIODS[period.strip().lower()] // frequency)


def _warnings(result: Mapping[str, Any]) -> tuple[str, ...]:
    if not result.get("bozo"):
        return ()
    problem = result.get("bozo_exception")
    detail = f" ({problem})" if problem else ""
    return (f"the document is not well-formed XML{detail}; it was read leniently",)


def _icon(feed: Mapping[str, Any]) -> str | None:
    image = feed.get("image")
    if isinstance(image, Mapping) and _text(image.get("href")):
        return str(image["href"])
    return _text(feed.get("icon")) or _text(feed.get("logo"))


def _feed_fields(feed: Mapping[str, Any], result: Mapping[str, Any], kind: DocumentKind) -> FeedFields:
    self_urls = _links(feed, "self")
    # RSS <description> and Atom <subtitle> arrive as "subtitle"; iTunes' summary as "summary".
    described_by = "subtitle" if _text(feed.get("subtitle")) else "summary"
    return FeedFields(
        format=_text(result.get("version")) or _FALLBACK_FORMATS[kind],
        title=_text(feed.get("title")),
        title_is_html=_is_html(feed.get("title_detail")),
        site_url=_text(feed.get("link")),
        self_url=self_urls[0] if self_urls else None,
        description=_text(feed.get(described_by)),
        description_is_html=_is_html(feed.get(f"{described_by}_detail")),
        language=_text(feed.get("language")),
        ttl_minutes=_minutes(feed.get("ttl")),
        update_period_minutes=_update_period(feed),
        updated_at=_moment(feed.get("updated_parsed")),
        icon_url=_icon(feed),
        hub_urls=tuple(_links(feed, "hub")),
        warnings=_warnings(result),
    )


def _body_html(entry: Mapping[str, Any]) -> str:
    """Full text when the entry carries it (content:encoded, Atom content), else its summary."""
    contents = [
        content
        for content in entry.get("content") or []
        if isinstance(content, Mapping) and _text(content.get("value"))
    ]
    if contents:
        chosen = max(contents, key=lambda content: len(content["value"]))
        value = str(chosen["value"])
        return text_to_html(value) if chosen.get("type") in _PLAIN_TYPES else value
    summary = _text(entry.get("summary"))
    if summary is None:
        return ""
    detail = entry.get("summary_detail")
    is_plain = isinstance(detail, Mapping) and detail.get("type") in _PLAIN_TYPES
    return text_to_html(summary) if is_plain else summary


# RSS <author> is "email (Name)"; feedparser's own split truncates top-level domains longer than
# four letters ("desk@paper.example (Desk)" gives the name "ple (Desk").
_EMAIL_THEN_NAME = re.compile(r"^\s*[^\s@()]+@[^\s()]+\s*\((?P<name>[^()]+)\)\s*$")
_NAME_THEN_EMAIL = re.compile(r"^\s*(?P<name>[^()@]+?)\s*\([^\s@()]+@[^\s()]+\)\s*$")
_BARE_EMAIL = re.compile(r"^\s*[^\s@()]+@[^\s()]+\s*$")


def _rss_author_name(author: str) -> str | None:
    """The name in an RSS ``author`` value, or None when it is only an e-mail address."""
    for pattern in (_EMAIL_THEN_NAME, _NAME_THEN_EMAIL):
        match = pattern.match(author)
        if match:
            return match.group("name").strip()
    return None if _BARE_EMAIL.match(author) else author


def _bylines(entry: Mapping[str, Any]) -> tuple[str, ...]:
    authors = [author for author in entry.get("authors") or [] if isinstance(author, Mapping)]
    single = _text(entry.get("author"))
    if len(authors) <= 1 and single is not None and "@" in single:
        name = _rss_author_name(single)
        return (name,) if name else ()
    names = [str(author["name"]) for author in authors if _text(author.get("name"))]
    if not names and single is not None:
        names = [single]
    return tuple(names)


def _language(entry: Mapping[str, Any]) -> str | None:
    details = [*(entry.get("content") or []), entry.get("summary_detail"), entry.get("title_detail")]
    for detail in details:
        if isinstance(detail, Mapping) and _text(detail.get("language")):
            return str(detail["language"])
    return None


def _media_url(entry: Mapping[str, Any]) -> str | None:
    """The entry's media: its first ``<enclosure>`` (a podcast's audio), else its first
    ``<media:content>`` (Media RSS: a video), as written."""
    for enclosure in _links(entry, "enclosure"):
        if enclosure.strip():
            return enclosure
    for content in entry.get("media_content") or []:
        if isinstance(content, Mapping) and _text(content.get("url")):
            return str(content["url"])
    return None


def _entry_fields(entry: Mapping[str, Any]) -> EntryFields:
    alternates = _links(entry, "alternate")
    summary_detail = entry.get("summary_detail")
    return EntryFields(
        guid=_text(entry.get("id")),
        link=_text(entry.get("link")) or (alternates[0] if alternates else None),
        title=_text(entry.get("title")),
        title_is_html=_is_html(entry.get("title_detail")),
        body_html=_body_html(entry),
        summary=_text(entry.get("summary")),
        summary_is_html=not (
            isinstance(summary_detail, Mapping) and summary_detail.get("type") in _PLAIN_TYPES
        ),
        bylines=_bylines(entry),
        published_at=_moment(entry.get("published_parsed"))
        or _moment(entry.get("updated_parsed"))
        or _moment(entry.get("created_parsed")),
        language=_language(entry),
        source_title=_source_field(entry, "title"),
        source_url=_source_field(entry, "href") or _source_field(entry, "link"),
        media_url=_media_url(entry),
        image=_entry_image(entry),
    )


# An address that names an image file, for Media RSS content that declares neither its medium nor
# its type.
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif)(?:$|[?#])", re.IGNORECASE)


def _is_image_media(media: Mapping[str, Any], address: str) -> bool:
    medium = _text(media.get("medium"))
    media_type = _text(media.get("type"))
    if medium is not None or media_type is not None:
        return medium == "image" or (media_type or "").startswith("image/")
    return _IMAGE_FILE.search(address) is not None


def _entry_image(entry: Mapping[str, Any]) -> str | None:
    """The entry's lead image: its Media RSS ``media:content`` image, its image enclosure, then its
    ``media:thumbnail`` (feedparser's ``media_content``, ``enclosures``, ``media_thumbnail``)."""
    for media in entry.get("media_content") or []:
        if (
            isinstance(media, Mapping)
            and (address := _text(media.get("url")))
            and _is_image_media(media, address)
        ):
            return address
    for enclosure in entry.get("enclosures") or []:
        is_image = isinstance(enclosure, Mapping) and (_text(enclosure.get("type")) or "").startswith(
            "image/"
        )
        if is_image and (address := _text(enclosure.get("href"))):
            return address
    for thumbnail in entry.get("media_thumbnail") or []:
        if isinstance(thumbnail, Mapping) and (address := _text(thumbnail.get("url"))):
            return address
    return None


def _source_field(entry: Mapping[str, Any], name: str) -> str | None:
    """A field of the entry's ``<source>`` (RSS: ``url`` read as ``href``; Atom: a feed's own
    ``title`` and ``link``), or None."""
    source = entry.get("source")
    return _text(source.get(name)) if isinstance(source, Mapping) else None
