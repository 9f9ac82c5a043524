"""Feed entries → Article. The entry's content is already the article (or a teaser of it), so no
page-level extractor runs: its HTML is cut into blocks, chrome such as "The post … appeared first
on …" or "Continue reading" is removed, and the metadata comes from the feed (``raw.hints``). A
title loses the outlet's name that aggregators append to it ("Story - BBC.com": ``entry_title``).

A feed entry with a title and little or no text is still an article: headline-only feeds are common.
An entry that carries its full text and a summary of a sentence or two beside it gives that summary
as the article's standfirst, unless it is the text's own opening, cut short, feed boilerplate, a
list (of headlines, of points), or in another language than the text.
"""

from __future__ import annotations

import html as html_lib
import re

from tidings.errors import NotAnArticle
from tidings.extract import guards
from tidings.extract.blocks import (
    Block,
    blocks_from_fragment,
    render_html,
    render_text,
    with_lead_picture,
    without_break_hints,
)
from tidings.extract.chrome import remove_chrome
from tidings.extract.images import lead_picture
from tidings.extract.metadata import (
    checked_language,
    clean_byline,
    detect_language,
    entry_title,
    normalise_language,
)
from tidings.extract.sanitize import sanitize_html
from tidings.extract.standfirst import reads_as_dek
from tidings.model import Article, DocumentHints, Outlet, RawDocument
from tidings.urls import canonical_url, is_home_page, is_http_url, registrable_domain, unregistered_host

__all__ = ["extract_feed_entry"]

_MARKUP = re.compile(r"<[a-zA-Z/!]")
# Feed boilerplate appended to entries by WordPress and other feed generators.
_FEED_FOOTERS = (
    re.compile(r"^the post .{1,300} appeared first on .{1,120}\.?$", re.IGNORECASE | re.DOTALL),
    re.compile(r"^(continue|keep) reading\b.{0,80}$", re.IGNORECASE),
    re.compile(r"^(read (the )?(full|more|rest)|full story)\b.{0,80}$", re.IGNORECASE),
    re.compile(r"^\[?(…|\.\.\.)\]?$"),
)


# A summary whose first so many letters and digits stand in the text is the text's (an excerpt,
# or the entry's only text, which feedparser also gives as its summary), whatever its spacing: a
# summary read from HTML runs its blocks together ("By Ana LimaThe council …").
_COMPARED_LETTERS = 60
# A feed generator's words in a summary: an excerpt's, never a dek's.
_EXCERPT_MARKS = re.compile(
    r"appeared first on|continue reading|read more|keep reading|\[(?:…|\.\.\.|&hellip;)\]", re.IGNORECASE
)
_NOT_LETTERS = re.compile(r"[\W_]+")
# A summary that opens as the headline does (so many letters of it, or all of a shorter one) is the
# title again ("Putin visits Belarus - NTD News"), or a list of headlines that names it first.
_TITLE_OPENING_LETTERS = 30
# An address or a row of fields ("Comments: 12 | Posted in News, Local"): no dek's.
_ADDRESS_OR_FIELDS = re.compile(r"https?://|\bwww\.|\s\|\s", re.IGNORECASE)
# Below this many characters a text's language is what its feed declares, not read from the text
# (``metadata.checked_language``): a summary is not judged against it. Of the 212 standfirsts of
# the three extraction sets' dev pages beside 200 characters of text or more, py3langid read 187,
# each as its page's language (2026-12-07).
_MIN_TEXT_CHARS_FOR_LANGUAGE = 200


def _is_feed_footer(block: Block) -> bool:
    return any(pattern.match(block.text.strip()) for pattern in _FEED_FOOTERS)


def _entry_outlet(raw: RawDocument, url: str | None) -> Outlet:
    # The source the entry names (an aggregator's entry links through its own redirect), then the
    # entry's own link (an aggregator's entries link to many outlets), then the feed's site, then
    # where the feed came from: an entry whose link is unusable ("javascript:…") must not become
    # an outlet of its own, apart from its feed's other entries.
    addresses = [
        address
        for address in (raw.hints.source_url, url, raw.hints.outlet_url, raw.provenance.locator)
        if address and is_http_url(address)
    ]
    domains = (registrable_domain(address) for address in addresses)
    domain = next((found for found in domains if found), None)
    name = re.sub(r"\s+", " ", raw.hints.outlet or "").strip()
    # A feed on an intranet or self-hosted site (under no public suffix) is named by its host.
    host = None if domain else next(filter(None, map(unregistered_host, addresses)), None)
    return Outlet(name=name or domain or host or "unknown outlet", domain=domain)


def _media_address(raw: RawDocument) -> str | None:
    """The address of an entry's media (a podcast episode's audio, a video) for an entry that
    links no page of its own (no link, no permalink guid, or the site's home page, as podcast
    feeds link their show's): the headline links what the entry is about. The outlet is still
    the feed's, not the media host's (a podcast CDN)."""
    media = raw.hints.media_url
    if not media or not is_http_url(media):
        return None
    address = canonical_url(media)
    return None if is_home_page(address) else address


def _entry_blocks(content: str, media_type: str, source: str) -> list[Block]:
    """The blocks of an entry's content: HTML, or plain text whose blank lines part paragraphs."""
    if media_type == "text/plain" or not _MARKUP.search(content):
        if media_type != "text/plain":
            # HTML without a tag is still HTML: RSS descriptions such as "don&#146;t say
            # &#8220;no&#8221;" carry character references that are text once read.
            content = html_lib.unescape(content)
        paragraphs = (re.sub(r"\s+", " ", part).strip() for part in re.split(r"\n\s*\n", content))
        blocks = [
            Block(kind="p", text=paragraph, html=f"<p>{html_lib.escape(paragraph, quote=False)}</p>")
            for paragraph in paragraphs
            if paragraph
        ]
    else:
        guards.check_tag_attributes(content, source)
        blocks = blocks_from_fragment(content)
    return [block for block in remove_chrome(blocks) if not _is_feed_footer(block)]


def _letters(text: str) -> str:
    return _NOT_LETTERS.sub("", without_break_hints(text).casefold())


def _entry_standfirst(
    hints: DocumentHints, title: str, text: str, language: str | None, source: str
) -> str | None:
    """The entry's summary as a standfirst beside its full ``text``, or None. Not a summary that is
    a list (``DocumentHints.summary_is_list``: a list's items, or mostly links, as Google News's
    headlines of a story are), whose opening stands in the text (an excerpt, WordPress's by
    default, or the entry's own text again), that holds a feed generator's words ("[…]",
    "Continue reading", "The post … appeared first on"), an address or a row of fields, that opens
    as the title does (the title again, with the outlet's name), that does not read as a dek by the
    rules a page's does (``standfirst.reads_as_dek``: a sentence or two of prose, not cut short, no
    byline, date, caption or chrome), or that is surely in another language than the text
    (``_in_another_language``)."""
    if not hints.summary or hints.summary_is_list or not text:
        return None
    standfirst = " ".join(without_break_hints(hints.summary).split())
    if _EXCERPT_MARKS.search(standfirst) or _ADDRESS_OR_FIELDS.search(standfirst):
        return None
    if not reads_as_dek(standfirst, title):
        return None
    letters, title_opening = _letters(standfirst), _letters(title)[:_TITLE_OPENING_LETTERS]
    if letters[:_COMPARED_LETTERS] in _letters(text) or (title_opening and letters.startswith(title_opening)):
        return None
    blocks = _entry_blocks(standfirst, "text/plain", source)
    if len(blocks) != 1 or blocks[0].text != standfirst:
        return None
    return None if _in_another_language(standfirst, text, language) else standfirst


def _in_another_language(standfirst: str, text: str, language: str | None) -> bool:
    """Whether ``standfirst`` is surely in another language than ``text`` (an English summary
    beside a German full text): py3langid names it (``metadata.detect_language``: from 40
    characters, and sure of a text under 200 characters only at 0.9) as neither the article's
    ``language`` nor the text's own reading. Judged only beside a text long enough for its language
    to be its own (``_MIN_TEXT_CHARS_FOR_LANGUAGE``), and last: the model runs only for a summary
    every other test has taken, the text's reading only where the two differ. Both readings, not
    the language alone: a feed's "nb" is py3langid's "no"."""
    if len(text) < _MIN_TEXT_CHARS_FOR_LANGUAGE:
        return False
    found = detect_language(standfirst)
    if found is None or found == language:
        return False
    read = detect_language(text)
    return read is not None and read != found


def _entry_html(blocks: list[Block], image: str | None) -> str:
    """The entry's display HTML, not yet sanitized: ``blocks`` with the feed's lead image for the
    entry (``DocumentHints.image``) first, where its content shows no picture at its start and not
    this one anywhere, as a reader of feeds shows it (``blocks.with_lead_picture``). An entry with
    a title and no text is shown as its picture alone."""
    if not image:
        return render_html(blocks)
    if blocks:
        return render_html(with_lead_picture(blocks, (image,)))
    picture = lead_picture((image,), ())
    return picture.html() if picture is not None else ""


def extract_feed_entry(raw: RawDocument, source: str) -> Article:
    """The article a feed entry carries; raises ``NotAnArticle`` only with neither title nor text."""
    blocks = _entry_blocks(raw.body, raw.media_type, source)
    from_summary = not blocks and bool(raw.hints.summary)
    if from_summary:
        blocks = _entry_blocks(raw.hints.summary or "", "text/html", source)
    text = render_text(blocks)
    link = canonical_url(raw.url) if raw.url and is_http_url(raw.url) else None
    outlet = _entry_outlet(raw, link)
    # Aggregators (Google News, Bing News) append the outlet's name to each title.
    title = entry_title(raw.hints.title, (outlet.name,), outlet.domain)
    if not title and not text:
        raise NotAnArticle(source, "is a feed entry with neither a title nor any text")
    guards.check_article_size(text, source)
    # An entry linking the site's home page links no article of its own: taken as its address,
    # every such entry of the feed would be stored as one article. It still names the outlet.
    url = None if link is not None and is_home_page(link) else link
    media = _media_address(raw) if url is None else None
    language = checked_language(normalise_language(raw.hints.language or ""), f"{title}\n{text}")
    return Article(
        title=title or blocks[0].text[:200],
        text=text,
        html=sanitize_html(_entry_html(blocks, raw.hints.image), base_url=link),
        outlet=outlet,
        provenance=raw.provenance,
        fetched_at=raw.fetched_at,
        byline=clean_byline(raw.hints.byline),
        standfirst=None if from_summary else _entry_standfirst(raw.hints, title, text, language, source),
        published_at=raw.hints.published_at,
        url=url or media,
        language=language,
        url_is_media=media is not None,
    )
