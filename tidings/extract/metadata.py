"""Article metadata: what a page says about itself (JSON-LD, Open Graph and other meta tags,
``<link rel=canonical>``, ``<html lang>``, ``<time>``), and the normalisation of each field:
title without the site suffix, byline without "By", a tz-aware UTC ``published_at``, an outlet
name, an ISO 639-1 language.

Language detection, when a page does not declare one, uses py3langid: an offline model shipped in
the wheel (no download at run time), deterministic, well under a millisecond a paragraph once
loaded, covering 97 languages; trafilatura itself uses it for the same purpose. lingua is more
accurate on very short strings but ships far larger models; fastText-based detectors fetch their
model at run time, which Tidings never does.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any

from lxml import etree
from py3langid import langid

from tidings.urls import is_http_url

__all__ = [
    "PageMetadata",
    "clean_byline",
    "clean_title",
    "detect_language",
    "normalise_language",
    "parse_date_in_text",
    "parse_datetime",
    "read_page_metadata",
]

_ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
     "backgroundnewsarticle", "reviewnewsarticle", "blogposting", "liveblogposting", "socialmediaposting",
     "techarticle", "scholarlyarticle", "report", "webpage"}
)  # fmt: skip
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|\-–—:·•»]|::)\s+")
_BYLINE_PREFIX = re.compile(r"^(?:by|von|par|por|di|door|av|af)\s*[:\s]\s*", re.IGNORECASE)
_BYLINE_NOISE = re.compile(
    r"\s*(?:\||,)?\s*(?:updated|published|posted|last updated)\b.*$|\s*\d{1,2}:\d{2}.*$", re.IGNORECASE
)
# What page furniture puts where a byline would be: account links, dates, sign-up prompts.
_NOT_A_BYLINE = re.compile(
    r"^(mon|tue|wed|thu|fri|sat|sun)(day|sday|nesday|rsday|urday)?\.?\b|"
    r"\b(sign ?in|sign ?up|log ?in|logged|log ?out|my account|account|subscribe|newsletter|cookies?)\b",
    re.IGNORECASE,
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
# "December 19, 2022", "Dec. 19 2022", "19 December 2022", "2022-12-19"; a word glued after the
# year (a section name: "December 19, 2022Europe") is allowed.
_DATE_IN_TEXT = (
    re.compile(
        rf"\b(?P<month>{_MONTH_NAMES})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(19|20)\d\d)",
        re.I,
    ),
    re.compile(
        rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?P<month>{_MONTH_NAMES})\.?,?\s+(?P<year>(19|20)\d\d)",
        re.I,
    ),
    re.compile(r"\b(?P<year>(19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b"),
)
_TIME_IN_TEXT = re.compile(
    r"\b(?P<hour>\d{1,2}):(?P<minute>\d\d)\s*(?P<ampm>[ap]\.?m\.?)?\s*(?P<zone>utc|gmt)?", re.I
)
_LANGUAGE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$", re.IGNORECASE)
# Below this many characters a language guess is unreliable (py3langid on the benchmark titles).
_MIN_CHARS_FOR_DETECTION = 40


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What a page's markup says about its article (before trafilatura modifies the tree)."""

    title: str | None = None
    byline: str | None = None
    published_at: datetime | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    page_types: frozenset[str] = field(default_factory=frozenset)
    html_title: str | None = None

    @property
    def declares_article(self) -> bool:
        return bool(self.page_types & _ARTICLE_TYPES - {"webpage"})


# -- reading the page -----------------------------------------------------------------------------


def _meta_values(tree: etree._Element) -> dict[str, str]:
    """``<meta property|name|itemprop=… content=…>`` as a dict (first value wins), names lower-cased."""
    values: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = (meta.get("content") or "").strip()
        if not content:
            continue
        for attribute in ("property", "name", "itemprop"):
            key = (meta.get(attribute) or "").strip().lower()
            if key:
                values.setdefault(key, content)
    return values


def _json_ld_objects(tree: etree._Element) -> Iterator[Mapping[str, Any]]:
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            parsed = json.loads(script.text)
        except ValueError:
            continue
        stack: list[Any] = [parsed]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(reversed(graph))


def _types_of(item: Mapping[str, Any]) -> set[str]:
    raw = item.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {str(value).lower() for value in values if isinstance(value, str)}


def _name_of(value: Any) -> str | None:
    """A person's or organisation's name from a JSON-LD value (string, object or list)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        name = value.get("name")
        return name.strip() if isinstance(name, str) and name.strip() else None
    if isinstance(value, list):
        names = [name for name in (_name_of(item) for item in value) if name]
        return ", ".join(dict.fromkeys(names)) or None
    return None


def _link_canonical(tree: etree._Element) -> str | None:
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and link.get("href"):
            return (link.get("href") or "").strip()
    return None


def _time_element_date(tree: etree._Element) -> datetime | None:
    for element in tree.iter("time"):
        parsed = parse_datetime(element.get("datetime") or "")
        if parsed is not None:
            return parsed
    return None


def read_page_metadata(tree: etree._Element) -> PageMetadata:
    """Everything the page's markup states about its article, unnormalised beyond parsing."""
    meta = _meta_values(tree)
    article: Mapping[str, Any] = {}
    page_types: set[str] = set()
    publisher: str | None = None
    for item in _json_ld_objects(tree):
        types = _types_of(item)
        page_types |= types
        if types & _ARTICLE_TYPES and not article and (types - {"webpage"} or "headline" in item):
            article = item
        if publisher is None and types & {"newsmediaorganization", "organization"} and "name" in item:
            publisher = _name_of(item)
    if meta.get("og:type"):
        page_types.add(meta["og:type"].lower())

    title_element = tree.find(".//title")
    html_title = title_element.text_content().strip() if title_element is not None else None
    headline = article.get("headline") if isinstance(article.get("headline"), str) else None
    published = (
        parse_datetime(str(article.get("datePublished") or ""))
        or parse_datetime(meta.get("article:published_time", ""))
        or parse_datetime(meta.get("datepublished", ""))
        or parse_datetime(meta.get("pubdate", ""))
        or parse_datetime(meta.get("publishdate", ""))
        or parse_datetime(meta.get("date", ""))
        or parse_datetime(meta.get("dc.date.issued", ""))
        or parse_datetime(meta.get("sailthru.date", ""))
        or _time_element_date(tree)
    )
    site_name = meta.get("og:site_name") or _name_of(article.get("publisher")) or publisher
    site_name = site_name or meta.get("application-name") or meta.get("twitter:site", "").lstrip("@") or None
    byline = _name_of(article.get("author")) or meta.get("author") or meta.get("article:author") or None
    if byline and is_http_url(byline):
        byline = None
    root = tree.getroottree().getroot()
    return PageMetadata(
        title=meta.get("og:title") or headline or meta.get("twitter:title") or None,
        byline=byline,
        published_at=published,
        site_name=site_name,
        canonical_url=_link_canonical(tree) or meta.get("og:url") or None,
        language=normalise_language(root.get("lang") or root.get("xml:lang") or meta.get("og:locale") or ""),
        page_types=frozenset(page_types),
        html_title=html_title,
    )


# -- normalising fields --------------------------------------------------------------------------


def parse_datetime(value: str) -> datetime | None:
    """An ISO 8601 date or date-time as tz-aware UTC; a naive value is taken as UTC."""
    text = value.strip()
    if not text or len(text) > 40:
        return None
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    # "+0100" → "+01:00" (fromisoformat in 3.11 wants the colon in some forms)
    text = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", text)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(text[:10]), time())
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    if not 1990 <= parsed.year <= 2100:
        return None
    return parsed.astimezone(UTC)


def parse_date_in_text(line: str) -> datetime | None:
    """A date written in prose ("December 19, 2022", "19 Dec 2022 14:05 GMT") as UTC, or None."""
    for pattern in _DATE_IN_TEXT:
        match = pattern.search(line)
        if not match:
            continue
        month_text = match.group("month").lower().rstrip(".")
        month = _MONTHS.get(month_text) or (int(month_text) if month_text.isdigit() else 0)
        try:
            day = date(int(match.group("year")), month, int(match.group("day")))
        except ValueError:
            continue
        moment = datetime.combine(day, time(), tzinfo=UTC)
        clock = _TIME_IN_TEXT.search(line, match.end())
        if clock:
            hour, minute = int(clock.group("hour")), int(clock.group("minute"))
            ampm = (clock.group("ampm") or "").replace(".", "").lower()
            if ampm == "pm" and hour < 12:
                hour += 12
            elif ampm == "am" and hour == 12:
                hour = 0
            if hour < 24 and minute < 60:
                moment += timedelta(hours=hour, minutes=minute)
        return moment
    return None


def _name_key(name: str) -> str:
    """A name reduced for comparison: no accents, no punctuation or spaces, case-folded."""
    decomposed = unicodedata.normalize("NFKD", name)
    unaccented = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"\W+", "", unaccented).casefold()


def clean_title(title: str | None, site_names: tuple[str | None, ...] = (), domain: str | None = None) -> str:
    """``title`` without a site suffix or prefix ("Story - The Site" → "Story"), white space collapsed.

    A part is removed only when it names the site (its name, or its domain's name) or when the
    title has three or more parts and the outer part is short; a title whose only separator is
    part of the headline ("Putin - a profile") is left whole.
    """
    if not title:
        return ""
    text = re.sub(r"\s+", " ", title).strip()
    parts = _TITLE_SEPARATORS.split(text)
    if len(parts) < 2:
        return text
    names = {_name_key(name) for name in site_names if name}
    if domain:
        names.add(_name_key(domain.split(".")[0]))
        names.add(_name_key(domain))
    names.discard("")

    def names_site(part: str) -> bool:
        key = _name_key(part)
        return bool(key) and any(key == name or (len(name) > 3 and name in key) for name in names)

    kept = list(parts)
    while len(kept) > 1 and names_site(kept[-1]):
        kept.pop()  # "Story | Site"
    while len(kept) > 1 and names_site(kept[0]):
        kept.pop(0)  # "Site - Story"
    if len(kept) >= 3:
        # A chain ("BBC NEWS | Europe | Story", "Story | DW | 19.01.2020"): the headline is its
        # longest part; the rest are sections, site names and dates.
        return max(kept, key=lambda part: len(part.split())).strip()
    if len(kept) == len(parts):
        return text
    # The kept parts are contiguous: cut them out of the original with their own separators.
    start = text.find(kept[0])
    end = text.rfind(kept[-1]) + len(kept[-1])
    return text[start:end].strip()


def clean_byline(byline: str | None) -> str | None:
    """``byline`` without "By", dates or trailing roles; None when nothing name-like is left."""
    if not byline:
        return None
    text = re.sub(r"\s+", " ", byline).strip()
    text = _BYLINE_PREFIX.sub("", text)
    text = _BYLINE_NOISE.sub("", text).strip(" ,;|-–—")
    if not text or len(text) > 120 or is_http_url(text) or not re.search(r"[^\W\d_]", text):
        return None
    if _NOT_A_BYLINE.search(text) or parse_date_in_text(text) is not None:
        return None
    return text


def normalise_language(value: str) -> str | None:
    """An ISO 639-1 code ("en") from a tag such as "en-GB", "en_US" or "EN"; None if not one."""
    match = _LANGUAGE.match(value.strip())
    if not match:
        return None
    code = match.group(1).lower()
    return code if len(code) == 2 else None


@cache
def _identifier() -> Any:
    """The py3langid model with normalised probabilities, loaded on first use (it takes about 1 s
    to decompress, so pages that declare their language never pay for it); read-only after."""
    return langid.LanguageIdentifier.from_modelpath(langid.MODEL_DIR / langid.MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """The ISO 639-1 language of ``text`` by py3langid, or None when the text is too short or unsure."""
    sample = text[:4000]
    if len(sample.strip()) < _MIN_CHARS_FOR_DETECTION:
        return None
    code, probability = _identifier().classify(sample)
    return str(code) if probability >= 0.5 else None
