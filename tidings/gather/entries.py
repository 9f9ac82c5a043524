"""From a feed's fields, whatever its format, to a ``ParsedFeed`` of ``RawDocument``s.

Both readers (``feeds.py`` for RSS/Atom through feedparser, ``jsonfeed.py`` for JSON Feed) fill
the plain ``FeedFields`` and ``EntryFields`` below; this module owns everything after that, so
the rules are the same for every format:

* **Entry identity** (``entry_key``): the entry's guid/id when it is present and unique within
  the document, else its link when that is unique, else a hash of its words (``_content_key``).
  Publishers that give every item the same guid, or none, are common; a key used twice would make
  the store take two different articles for one. The key is what tells a later poll that an entry
  is known, so it is built only from what stays put when a feed is rebuilt: never the entry's
  date (``<pubDate>``/``<updated>`` bumped on every build made every poll see a new entry).
* **URLs**: every URL passes ``links.http_url`` (absolute http(s) only), relative ones resolved
  against the feed's address, else its self URL, else its site URL.
* **Bounds**: hint fields are plain text of bounded length; an entry whose HTML nests deeper
  than ``markup.MAX_HTML_DEPTH`` is refused (kept in ``ParsedFeed.skipped``), and an entry
  repeated (the same key twice in one document) is kept once.
* **Dates**: tz-aware UTC; a date more than a day after ``fetched_at`` is dropped (a publisher's
  clock or time-zone error, which would otherwise pin the entry to the top of every list).
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from tidings.controls import without_controls
from tidings.errors import InputError, UnsafeInput
from tidings.gather.links import http_url
from tidings.gather.markup import MAX_HTML_DEPTH, html_to_text, is_list_markup, nesting_depth_exceeds, shorten
from tidings.model import FUTURE_DATE_TOLERANCE, DocumentHints, ParsedFeed, Provenance, RawDocument
from tidings.urls import canonical_url, is_home_page

__all__ = ["EntryFields", "FeedFields", "assemble_feed", "clean_language", "markup_words"]

# Lengths of the plain-text hints, in characters. Longer values are cut at a word boundary:
# the longest headline in the UCI News Aggregator sample is under 300 characters, and
# summaries are teasers (the body carries the full text).
MAX_TITLE_CHARS = 1_000
MAX_BYLINE_CHARS = 300
MAX_SUMMARY_CHARS = 2_000
MAX_DESCRIPTION_CHARS = 2_000
MAX_KEY_CHARS = 512
# Dates before 1971 are unset fields read as the Unix epoch (1970-01-01, or the evening before in
# a western time zone), not news.
EARLIEST_DATE = datetime(1971, 1, 1, tzinfo=UTC)

_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8}){0,4}$")
# A tag, for the words of a key: ``[^<>]`` stops each try at the next ``<``, so a body of a
# million ``<`` and no ``>`` costs one pass, not a million.
_TAG = re.compile(r"<[^<>]*>")
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class FeedFields:
    """A feed's own metadata as a reader found it; text fields may still be HTML."""

    format: str
    title: str | None = None
    title_is_html: bool = False
    site_url: str | None = None
    self_url: str | None = None
    description: str | None = None
    description_is_html: bool = False
    language: str | None = None
    ttl_minutes: int | None = None
    update_period_minutes: int | None = None
    updated_at: datetime | None = None
    icon_url: str | None = None
    hub_urls: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    # Entries the reader refused before they became ``EntryFields`` (a JSON Feed item that is not
    # an object), each named in its ``InputError``: they join ``ParsedFeed.skipped``.
    refused: tuple[InputError, ...] = ()


@dataclass(frozen=True, slots=True)
class EntryFields:
    """One entry as a reader found it. ``body_html`` is HTML (readers convert plain text)."""

    guid: str | None = None
    link: str | None = None
    title: str | None = None
    title_is_html: bool = False
    body_html: str = ""
    summary: str | None = None
    summary_is_html: bool = True
    bylines: tuple[str, ...] = field(default_factory=tuple)
    published_at: datetime | None = None
    language: str | None = None
    # The outlet an aggregator's entry names as its source (RSS and Atom ``<source>``).
    source_title: str | None = None
    source_url: str | None = None
    # The entry's media (enclosure, media:content, attachment), as written.
    media_url: str | None = None
    # The entry's lead image (``DocumentHints.image``), as the feed writes its address.
    image: str | None = None


def clean_language(value: object) -> str | None:
    """A BCP 47-looking language tag (``en-US``), or None for anything else."""
    if not isinstance(value, str):
        return None
    tag = value.strip()
    return tag.replace("_", "-") if _LANGUAGE_TAG.match(tag) else None


def _plain(value: str | None, *, is_html: bool, limit: int) -> str | None:
    """``value`` as one line of plain text, without control characters (``tidings.controls``): the
    feed's title and description are stored and shown as they leave here (a source's title), never
    passing extraction, which cleans an entry's own fields again."""
    if not value:
        return None
    text = html_to_text(value) if is_html else value
    text = " ".join(without_controls(text).split())
    return shorten(text, limit) if text else None


def _key_text(value: str | None) -> str | None:
    if value is None:
        return None
    key = value.strip()
    if not key:
        return None
    if len(key) > MAX_KEY_CHARS:
        return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()
    return key


def markup_words(value: str | None, *, is_html: bool) -> str:
    """The words of ``value``, case-folded, one space apart: markup, entities, punctuation and
    spacing left out. A regular expression, not a parser: keys are made before an entry's HTML is
    checked for parser traps. An entry's key and its fingerprint (``jobs.refresh``) read alike."""
    if not value:
        return ""
    text = html.unescape(_TAG.sub(" ", value)) if is_html else value
    return " ".join(_WORDS.findall(text.casefold()))


def _content_key(entry: EntryFields) -> str:
    """The key of an entry with no guid or link of its own: a hash of its link as written (one it
    shares, or the home page's; as written, so that a feed that moves keeps its keys), and of the
    words of its title and of its body.

    Not its date: a feed rebuilt with every entry's ``<pubDate>``/``<updated>`` bumped still holds
    the same entries. Not markup, case, punctuation or spacing either, which a rebuild may change.
    Not its title alone, though: a title recurs with new words (a "Live updates" post, a daily
    "Weather"), and the entry of a later day would be taken for the first day's and never stored.
    So an entry whose words are edited between polls is a new entry: the store keeps both
    versions, and the stories step puts them in one story (a long text lightly edited is a copy
    of the first). Entries alike in every word, whatever their dates, are one, as the store takes
    them (the same words from the same source). An entry with no words (an image) is keyed by its
    markup."""
    title = markup_words(entry.title, is_html=entry.title_is_html)
    body = markup_words(entry.body_html, is_html=True)
    if not title and not body:
        body = " ".join(entry.body_html.split())
    material = "\x1f".join(("words", (entry.link or "").strip(), title, body))
    return "sha256:" + hashlib.sha256(material.encode("utf-8")).hexdigest()


def _link_as_key(written: str | None, resolved: str | None) -> str | None:
    """The link an entry is known by: a relative one as the feed writes it, since resolved it
    depends on the address the feed was read from, which a redirect or a move changes (every
    entry would then be new to the next poll); an absolute one as resolved, as keys always were."""
    if resolved is None or written is None:
        return resolved
    written = written.strip()
    return resolved if urlsplit(written).scheme else written


def _entry_keys(entries: list[EntryFields], links: list[str | None]) -> list[str]:
    """One key per entry (duplicates possible only for entries alike in every word)."""
    guids = [_key_text(entry.guid) for entry in entries]
    link_keys = [
        _key_text(_link_as_key(entry.link, link)) for entry, link in zip(entries, links, strict=True)
    ]
    guid_counts = Counter(guid for guid in guids if guid)
    link_counts = Counter(link for link in link_keys if link)
    keys: list[str] = []
    for entry, guid, link in zip(entries, guids, link_keys, strict=True):
        if guid and guid_counts[guid] == 1:
            keys.append(guid)
        elif link and link_counts[link] == 1 and not is_home_page(canonical_url(link)):
            # A link to the home page is no entry's own: a feed of one entry a day, each linking
            # the home page, would keep the first day's key for every later day's entry.
            keys.append(link)
        else:
            keys.append(_content_key(entry))
    return keys


def _bounded_date(moment: datetime | None, fetched_at: datetime) -> datetime | None:
    if moment is None or moment.tzinfo is None:
        return None
    if moment > fetched_at + FUTURE_DATE_TOLERANCE or moment < EARLIEST_DATE:
        return None
    return moment


@dataclass(frozen=True, slots=True)
class _Context:
    locator: str
    base: str | None
    outlet: str | None
    outlet_url: str | None
    language: str | None
    fetched_at: datetime


def _own_media(entries: list[EntryFields], keys: list[str], base: str | None) -> list[str | None]:
    """Each entry's media address where it is that entry's own: media that several entries of the
    feed carry (a show pointing every episode at one "latest.mp3", a stream) names none of them,
    and taken as each one's address (``extract.feeds``) it made every later episode the first,
    never stored. An entry the feed repeats is one entry (``assemble_feed`` keeps it once)."""
    media = [http_url(entry.media_url, base=base) for entry in entries]
    forms = [_media_form(url) for url in media]
    carried = {(key, form) for key, form in zip(keys, forms, strict=True) if form is not None}
    holders = Counter(form for _key, form in carried)
    return [
        url if form is not None and holders[form] == 1 else None
        for url, form in zip(media, forms, strict=True)
    ]


def _media_form(url: str | None) -> str | None:
    """The form two writings of one media address share (tracking parameters, case of the host)."""
    if url is None:
        return None
    try:
        return canonical_url(url)
    except ValueError:
        return url


def _document(
    entry: EntryFields, key: str, link: str | None, media: str | None, context: _Context
) -> RawDocument:
    summary = _plain(entry.summary, is_html=entry.summary_is_html, limit=MAX_SUMMARY_CHARS)
    bylines = [name for name in (" ".join(byline.split()) for byline in entry.bylines) if name]
    hints = DocumentHints(
        title=_plain(entry.title, is_html=entry.title_is_html, limit=MAX_TITLE_CHARS),
        byline=shorten(", ".join(dict.fromkeys(bylines)), MAX_BYLINE_CHARS) if bylines else None,
        published_at=_bounded_date(entry.published_at, context.fetched_at),
        # An aggregator (Google News, a planet) names each entry's outlet; the feed is not it.
        outlet=_plain(entry.source_title, is_html=False, limit=MAX_TITLE_CHARS) or context.outlet,
        outlet_url=context.outlet_url,
        source_url=http_url(entry.source_url, base=context.base),
        media_url=media,
        image=http_url(entry.image, base=context.base),
        language=clean_language(entry.language) or context.language,
        summary=summary,
        summary_is_list=bool(summary and entry.summary_is_html and is_list_markup(entry.summary or "")),
    )
    return RawDocument(
        provenance=Provenance("feed", context.locator, key),
        body=entry.body_html,
        media_type="text/html",
        url=link,
        fetched_at=context.fetched_at,
        hints=hints,
    )


def _base_url(feed: FeedFields, feed_url: str | None) -> str | None:
    for candidate in (feed_url, feed.self_url, feed.site_url):
        url = http_url(candidate)
        if url is not None:
            return url
    return None


def assemble_feed(
    feed: FeedFields, entries: list[EntryFields], *, locator: str, feed_url: str | None, fetched_at: datetime
) -> ParsedFeed:
    """The ``ParsedFeed`` for a reader's fields: keys, URLs, bounds and hints applied."""
    base = _base_url(feed, feed_url)
    site_url = http_url(feed.site_url, base=base)
    title = _plain(feed.title, is_html=feed.title_is_html, limit=MAX_TITLE_CHARS)
    context = _Context(
        locator=locator,
        base=base,
        outlet=title,
        outlet_url=site_url or base,
        language=clean_language(feed.language),
        fetched_at=fetched_at,
    )
    links = [http_url(entry.link, base=base) for entry in entries]
    keys = _entry_keys(entries, links)
    media = _own_media(entries, keys, base)
    documents: list[RawDocument] = []
    skipped: list[InputError] = list(feed.refused)
    repeats = Counter(keys)
    warnings = list(feed.warnings)
    warnings.extend(
        f"entry {key} appears {count} times; kept once" for key, count in repeats.items() if count > 1
    )
    seen: set[str] = set()
    for entry, key, link, own_media in zip(entries, keys, links, media, strict=True):
        if key in seen:
            continue
        seen.add(key)
        if nesting_depth_exceeds(entry.body_html):
            skipped.append(
                UnsafeInput(
                    f"{locator} [{key}]",
                    f"nests HTML elements more than {MAX_HTML_DEPTH} deep; refused as a parser trap",
                )
            )
            continue
        documents.append(_document(entry, key, link, own_media, context))
    return ParsedFeed(
        format=feed.format,
        title=title,
        site_url=site_url,
        self_url=http_url(feed.self_url, base=base),
        description=_plain(feed.description, is_html=feed.description_is_html, limit=MAX_DESCRIPTION_CHARS),
        language=context.language,
        ttl_minutes=feed.ttl_minutes,
        update_period_minutes=feed.update_period_minutes,
        updated_at=_bounded_date(feed.updated_at, fetched_at),
        icon_url=http_url(feed.icon_url, base=base),
        hub_urls=tuple(
            dict.fromkeys(url for url in (http_url(hub, base=base) for hub in feed.hub_urls) if url)
        ),
        entries=tuple(documents),
        skipped=tuple(skipped),
        warnings=tuple(warnings),
    )
