"""Extraction: ``RawDocument`` → ``Article``, or the ``InputError`` that says why not.

    extract(raw)
      ├── guards.py     empty, binary, mis-decoded, truncated, bot challenge, too large
      ├── feeds.py      a feed entry: its content cut into blocks, metadata from the feed
      ├── pages.py      an HTML page: main_content.py for the body, then chrome.py; metadata.py
      └── text.py       a plain-text page save: OUR line classifier (no library does this)
    blocks.py (body as blocks), chrome.py + rules.py (chrome vocabularies), sanitize.py (display HTML)

The stage is a pure function of its input: no store, no network, no clock.
"""

from __future__ import annotations

import re
from dataclasses import replace

from tidings.errors import InputError, NotAnArticle, TooLarge, Unreadable
from tidings.extract import guards
from tidings.extract.feeds import extract_feed_entry
from tidings.extract.pages import extract_page
from tidings.extract.text import extract_text
from tidings.model import FUTURE_DATE_TOLERANCE, Article, RawDocument

__all__ = ["InputError", "NotAnArticle", "TooLarge", "Unreadable", "extract", "source_name"]


def source_name(raw: RawDocument) -> str:
    """How errors name ``raw``: its path or URL, with the feed entry's key for a feed entry."""
    provenance = raw.provenance
    if provenance.kind == "feed" and provenance.entry_key:
        return f"{provenance.locator} [{provenance.entry_key}]"
    return provenance.locator


def extract(raw: RawDocument) -> Article:
    """The clean article in ``raw``.

    Raises ``Unreadable`` (empty, binary, truncated), ``TooLarge`` (article text over
    ``guards.MAX_ARTICLE_TEXT_BYTES``) or ``NotAnArticle`` (a bot challenge, a login or paywall
    wall, a section front, no article text). A feed entry with a title is always an article.
    """
    source = source_name(raw)
    if raw.provenance.kind == "feed":
        if "\x00" in raw.body:
            raise Unreadable(source, "is binary (it contains NUL bytes), not a feed entry")
        return _without_control_characters(extract_feed_entry(raw, source), source)
    guards.check_readable_text(raw.body, source, markup=raw.media_type != "text/plain")
    reader = extract_text if raw.media_type == "text/plain" else extract_page
    article = reader(raw, source)
    return _without_a_future_date(_without_control_characters(article, source), raw)


# Control characters no article field keeps: C0 but tab and line feed (the text's paragraphs), DEL
# and C1. An escape sequence in a title or a feed's name ("\x1b[2J", "\x1b]0;…\x07") is kept whole
# in the store otherwise, and `tidings add`, `articles` and `show` print it raw to the terminal,
# which runs it (clears the screen, retitles the window); Rich drops only BEL, backspace, VT, FF and
# CR when it prints, and white-space collapsing turns CR into a space.
# ECMA-48 sequences are taken out whole, so that no "[31m" is left in the headline: CSI
# (parameters, intermediates, final byte) and a terminated OSC (an unterminated one is not sought
# to the end of the text: its ESC and bracket alone go); any other ESC with the character after it.
_CONTROL = re.compile(
    r"\x1b\[[0-?]{0,32}[ -/]{0,8}[@-~]|\x1b\][^\x07\x1b]{0,256}(?:\x07|\x1b\\)|\x1b[@-_]?"
    r"|[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x9f]"
)
# What each control character becomes: C1 characters in text are Windows-1252 bytes decoded as
# Latin-1 (the HTML standard reads a Latin-1 page as Windows-1252; a feed or a file read otherwise
# keeps "\x93" where "“" was meant), so they become the characters they meant, and the five that
# Windows-1252 leaves undefined go; white space (CR, VT, FF, the separators) becomes a space, so
# that no two words are joined; the rest go.
_CONTROL_REPLACEMENTS = {
    **{chr(code): bytes([code]).decode("cp1252", "ignore") for code in range(0x80, 0xA0)},
    **dict.fromkeys("\r\x0b\x0c\x1c\x1d\x1e\x1f", " "),
}


def _replace_control(match: re.Match[str]) -> str:
    return _CONTROL_REPLACEMENTS.get(match.group(), "")


# The control characters as UTF-8: C0 but tab and line feed, and DEL, are a byte each (and no byte
# of a longer character); C1 controls are two bytes, the first 0xC2.
_C0_BYTES = bytes([*range(0x09), *range(0x0B, 0x20), 0x7F])
_C1_BYTES = re.compile(rb"\xc2[\x80-\x9f]")


def _has_controls(value: str) -> bool:
    """Whether ``value`` holds a control character that no field keeps. Deleting C0 bytes from its
    UTF-8 and comparing lengths, and looking for C1 only after a 0xC2 byte, costs 14 µs a dev
    page's text and HTML, a regex search over the characters 22 (2026-12-06)."""
    encoded = value.encode("utf-8", "surrogatepass")
    if len(encoded.translate(None, _C0_BYTES)) != len(encoded):
        return True
    return encoded.find(b"\xc2") >= 0 and _C1_BYTES.search(encoded) is not None


def _without_controls(value: str) -> str:
    # Looked for first: hardly any text holds one, and the search costs far less than a substitution.
    if not _has_controls(value):
        return value
    return _CONTROL.sub(_replace_control, value)


def _without_control_characters(article: Article, source: str) -> Article:
    """``article`` without control characters (C0 but tab and line feed, DEL, C1) in any field the
    store keeps and the CLI prints: every article passes here, feed entries and pages alike."""
    title = _without_controls(article.title)
    text = _without_controls(article.text)
    byline = _without_controls(article.byline) if article.byline else article.byline
    outlet_name = _without_controls(article.outlet.name)
    if (
        title is article.title
        and text is article.text
        and byline is article.byline
        and outlet_name is article.outlet.name
        and not _has_controls(article.html)
    ):
        return article
    title = " ".join(title.split())
    if not title:
        # A headline of control characters alone ("\x1b[2J"): the text names the article, as it
        # does for an entry with no title; with no text either, there is nothing to keep.
        title = text.split("\n", 1)[0][:200].strip()
        if not title:
            raise NotAnArticle(
                source, "has neither a title nor any text once its control characters are removed"
            )
    outlet_name = " ".join(outlet_name.split())
    return replace(
        article,
        title=title,
        text=text,
        html=_without_controls(article.html),
        byline=(" ".join(byline.split()) or None) if byline is not None else None,
        outlet=replace(article.outlet, name=outlet_name or article.outlet.domain or "unknown outlet"),
    )


def _without_a_future_date(article: Article, raw: RawDocument) -> Article:
    """``article`` undated when its page dates it more than a day after it was read."""
    published_at = article.published_at
    if published_at is None or published_at <= raw.fetched_at + FUTURE_DATE_TOLERANCE:
        return article
    return replace(article, published_at=None)
