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
        return extract_feed_entry(raw, source)
    guards.check_readable_text(raw.body, source, markup=raw.media_type != "text/plain")
    if raw.media_type == "text/plain":
        return _without_a_future_date(extract_text(raw, source), raw)
    return _without_a_future_date(extract_page(raw, source), raw)


def _without_a_future_date(article: Article, raw: RawDocument) -> Article:
    """``article`` undated when its page dates it more than a day after it was read."""
    published_at = article.published_at
    if published_at is None or published_at <= raw.fetched_at + FUTURE_DATE_TOLERANCE:
        return article
    return replace(article, published_at=None)
