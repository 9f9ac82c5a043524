"""Extraction: ``RawDocument`` → ``Article``, or the ``InputError`` that says why not.

    extract(raw)
      ├── guards.py     empty, binary, mis-decoded, truncated, bot challenge, too large
      ├── feeds.py      a feed entry: its content cut into blocks, metadata from the feed
      ├── pages.py      an HTML page: main_content.py for the body, then chrome.py; metadata.py
      └── text.py       a plain-text page save: OUR line classifier (no library does this)
    blocks.py (body as blocks), chrome.py + rules.py (chrome vocabularies), images.py (the body's
    pictures, display HTML only; fallback_pictures.py for a body trafilatura read), sanitize.py
    (display HTML)

The stage is a pure function of its input: no store, no network, no clock.
"""

from __future__ import annotations

import re
from dataclasses import replace

from tidings.controls import has_controls, without_controls
from tidings.errors import InputError, NotAnArticle, TooLarge, Unreadable
from tidings.extract import guards
from tidings.extract.blocks import without_break_hints
from tidings.extract.feeds import extract_feed_entry
from tidings.extract.pages import extract_page
from tidings.extract.text import extract_text
from tidings.model import FUTURE_DATE_TOLERANCE, Article, RawDocument

__all__ = ["InputError", "NotAnArticle", "TooLarge", "Unreadable", "extract", "source_name"]


_SPACE_RUNS = re.compile(r" {2,}")
_SPACES_AT_LINE_EDGES = re.compile(r"^ | $", re.MULTILINE)
_BLANK_LINE_RUNS = re.compile(r"\n{3,}")


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
        entry = _without_control_characters(extract_feed_entry(raw, source), source)
        return _without_break_hints(entry, source)
    guards.check_readable_text(raw.body, source, markup=raw.media_type != "text/plain")
    reader = extract_text if raw.media_type == "text/plain" else extract_page
    article = reader(raw, source)
    article = _without_break_hints(_without_control_characters(article, source), source)
    return _without_a_future_date(article, raw)


def _without_control_characters(article: Article, source: str) -> Article:
    """``article`` without control characters (C0 but tab and line feed, DEL, C1) in any field the
    store keeps and the CLI prints: every article passes here, feed entries and pages alike."""
    title = without_controls(article.title)
    text = without_controls(article.text)
    byline = without_controls(article.byline) if article.byline else article.byline
    standfirst = without_controls(article.standfirst) if article.standfirst else article.standfirst
    outlet_name = without_controls(article.outlet.name)
    if (
        title is article.title
        and text is article.text
        and byline is article.byline
        and standfirst is article.standfirst
        and outlet_name is article.outlet.name
        and not has_controls(article.html)
    ):
        return article
    if text is not article.text:
        # Every reader collapses white space before this: an escape code between two spaces left
        # both ("Body text  with"), and a paragraph of escape codes alone an empty one.
        text = _without_space_runs(text)
    title = _title_or_first_line(" ".join(title.split()), text, source)
    outlet_name = " ".join(outlet_name.split())
    return replace(
        article,
        title=title,
        text=text,
        html=without_controls(article.html),
        byline=(" ".join(byline.split()) or None) if byline is not None else None,
        standfirst=(" ".join(standfirst.split()) or None) if standfirst is not None else None,
        outlet=replace(article.outlet, name=outlet_name or article.outlet.domain or "unknown outlet"),
    )


def _without_space_runs(text: str) -> str:
    """``text`` with the spaces and blank lines that a character taken out of it left: one space
    between words, none at a line's edges, one blank line between paragraphs."""
    text = _SPACES_AT_LINE_EDGES.sub("", _SPACE_RUNS.sub(" ", text))
    return _BLANK_LINE_RUNS.sub("\n\n", text).strip("\n")


def _title_or_first_line(title: str, text: str, source: str) -> str:
    """``title``, or where cleaning left nothing of it (a headline of control characters or soft
    hyphens alone), the text's first line, as an entry with no title is named; with no text either,
    there is nothing to keep."""
    if title:
        return title
    title = text.split("\n", 1)[0][:200].strip()
    if not title:
        raise NotAnArticle(
            source, "has neither a title nor any text once its invisible characters are removed"
        )
    return title


def _without_break_hints(article: Article, source: str) -> Article:
    """``article``'s title, text and standfirst without soft hyphens, word joiners and zero-width
    spaces, whatever path read them (a page's <title>, a feed's title and summary; the readers take
    them out of text themselves): left in, they split words for search
    (``controls.without_break_hints``). One between two spaces ("City plans \u00ad new rules")
    leaves one space, not two, and a paragraph of nothing else none. A page's or feed's display
    HTML keeps them, where they do their job."""
    title = without_break_hints(article.title)
    text = without_break_hints(article.text)
    standfirst = without_break_hints(article.standfirst) if article.standfirst else article.standfirst
    if title is article.title and text is article.text and standfirst is article.standfirst:
        return article
    if text is not article.text:
        # Every reader collapses white space in its text: a run of spaces here is one a hint held
        # apart, and a run of blank lines one around a paragraph of hints alone.
        text = _without_space_runs(text)
    if standfirst is not article.standfirst:
        standfirst = (" ".join(standfirst.split()) or None) if standfirst is not None else None
    return replace(
        article,
        title=_title_or_first_line(" ".join(title.split()), text, source),
        text=text,
        standfirst=standfirst,
    )


def _without_a_future_date(article: Article, raw: RawDocument) -> Article:
    """``article`` undated when its page dates it more than a day after it was read."""
    published_at = article.published_at
    if published_at is None or published_at <= raw.fetched_at + FUTURE_DATE_TOLERANCE:
        return article
    return replace(article, published_at=None)
