"""Checks that refuse an input before any extraction work: empty, binary, truncated, a bot
challenge, too large. Each raises the ``InputError`` that says why, in one line."""

from __future__ import annotations

import re
from functools import cache

from tidings.errors import NotAnArticle, TooLarge, Unreadable, UnsafeInput
from tidings.extract import rules

__all__ = [
    "MAX_ARTICLE_TEXT_BYTES",
    "MAX_NESTING_DEPTH",
    "MAX_PAGE_ELEMENTS",
    "MAX_TAG_ATTRIBUTES",
    "check_article_size",
    "check_nesting_depth",
    "check_not_bot_challenge",
    "check_not_truncated_markup",
    "check_page_elements",
    "check_readable_text",
    "check_tag_attributes",
    "is_bot_challenge",
    "nesting_depth",
]

# The longest article text Tidings keeps, in UTF-8 bytes. The longest gold body of the
# article-extraction benchmark's dev part is 96 kB (of Big9+Chaos 12 kB); 1 MB is ten times that,
# so only a page that is not an article (a dump, a log, a whole book) reaches it.
MAX_ARTICLE_TEXT_BYTES = 1_000_000
# The most HTML elements a page may have before any extraction work. Extraction costs time and
# memory per element (about 0.14 ms and 2.7 kB each, measured 2026-12-03), so a 6 MB page of 500,000
# paragraphs took 72 CPU seconds and 1.4 GB before this cap. The largest of 536 real pages (the
# article-extraction benchmark's dev part, 400 trafilatura-eval pages and Readability's test
# pages) has 10,106 elements; 100,000 is ten times that.
MAX_PAGE_ELEMENTS = 100_000
_NOT_AN_ARTICLE_SIZE = "far more than any news article; it is not one Tidings can keep"
# The most attributes one HTML start tag may carry. libxml2's HTML parser compares each attribute
# with every one before it, so one tag of 40,000 attributes took 6.6 CPU seconds to parse and one
# of 200,000 (a 2.8 MB page) over ten minutes, before this check (2026-12-03). Real pages carry at
# most 64 (the same 536 pages as above); 1,000 is fifteen times that. Lexbor's parser is quadratic
# in the same way (4.7 CPU s for one tag of 40,000 attributes, 157 s for 200,000; 2026-12-04).
MAX_TAG_ATTRIBUTES = 1_000
# One attribute as the HTML tokenizer reads it (the standard's attribute states): after white
# space or "/", or straight after a quoted value; a name runs to white space, "/", ">" or "=" (its
# first character may be "="; quotes and "<" belong to it); a value is quoted, or runs to white
# space or ">". Possessive throughout: a token is read once, as the parser reads it.
_ATTRIBUTE = rb"""(?:[\s/]*+[^\s/>][^\s/>=]*+(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>]++))?+)"""
# Markup read from its start as the tokenizer reads it: text, then start tags of at most
# MAX_TAG_ATTRIBUTES attributes or "<" that open none, each with the text after it; it stops before
# the end only at a tag with more. Read once, never restarted inside a tag: the search this
# replaces tried a tag at every "<", so "<a<a<a…" (one tag, to the standard) cost it 5 CPU s for
# 80 kB; and it ended a name at a quote or "<" and wanted white space after a quoted value, which
# the standard does not (20,000 attributes written so cost Lexbor 0.8 s unrefused; 2026-12-04).
# Over UTF-8 bytes, where \s is ASCII white space as the standard's is: 0.34 ms a Zyte dev page,
# as the search over str cost, and the bytes are the parser's input too.
_START_TAG = rb"<[A-Za-z][^\s/>]*+" + _ATTRIBUTE + rb"{0,%d}+(?![\s/]*+[^\s/>])" % MAX_TAG_ATTRIBUTES
_MARKUP_WITHOUT_ATTRIBUTE_TRAP = re.compile(rb"[^<]*+(?:" + _START_TAG + rb"[^<]*+|<(?![A-Za-z])[^<]*+)*+")

# The deepest nesting of elements a page may have. Lexbor's tree builder walks the stack of open
# elements at each block start tag (the HTML standard's "has a p element in button scope"), so
# its cost grows with depth times blocks: 30,000 nested <div> took 1.6 CPU s and 99,000 (a 500 kB
# page) 21 s, 30,000 <ul><li> 7 s, 30,000 nested <span> followed by 30,000 <div></div> 3.6 s
# (2026-12-04); lxml, used before, stops at depth 256. Real pages reach 1,496 as counted here
# (unclosed inline tags; 1,396 pages: the three extraction sets' dev parts and Readability's test
# pages); at 5,000 the worst page under the element cap costs Lexbor about 2 s.
MAX_NESTING_DEPTH = 5_000
# Below this many start tags a page cannot cost more than about 0.1 s however it nests, so it is
# not scanned: pages shorter than three characters a tag ("<b>"), or with fewer "<" than this.
_UNSCANNED_TAGS = 10_000
_START_OR_END_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)")
# Elements that never hold others (void) or that the parser closes when the next of their kind, or
# their parent's end, comes (so an unclosed one does not deepen the page).
_NOT_NESTING = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr", "keygen", "image", "basefont", "bgsound", "frame", "p", "li", "dd", "dt",
        "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "rb", "rt", "rtc", "rp",
        "colgroup", "caption", "html", "head", "body",
    }
)  # fmt: skip

# Share of control characters (other than tab, newlines, form feed) above which text is binary.
_MAX_CONTROL_SHARE = 0.01
# Share of U+FFFD replacement characters above which the text was decoded with the wrong encoding.
_MAX_REPLACEMENT_SHARE = 0.05
_SAMPLE_CHARS = 20_000
# The control characters counted, as bytes: they are ASCII, so each is one byte of UTF-8 and no
# byte of a longer character. Deleting them with bytes.translate and comparing lengths counts them
# three times as fast as a regex over the sample (0.015 against 0.047 ms a Zyte dev page, 2026-12-04).
_CONTROL_BYTES = bytes([*range(0x09), 0x0B, *range(0x0E, 0x20), 0x7F])


def _control_characters(sample: str) -> int:
    encoded = sample.encode("utf-8", "surrogatepass")
    return len(encoded) - len(encoded.translate(None, _CONTROL_BYTES))


def check_readable_text(body: str, source: str, *, markup: bool = False) -> None:
    """Refuse empty, binary (NUL bytes, control characters) and mis-decoded input.

    In ``markup`` (an HTML page) only the first ``_SAMPLE_CHARS`` are searched for NUL, as for
    the other signs of a binary file: a NUL further on is dropped by the parsers (Lexbor drops it
    from text and replaces it in attribute values and scripts, as the HTML standard says; lxml
    drops it too), so it reaches no article. Plain text keeps every character, so all of it is
    searched. The whole-page search cost 0.06 ms a Zyte dev page (2026-12-04).
    """
    if not body or body.isspace():  # body.strip() would copy the whole page to say the same
        raise Unreadable(source, "is empty; there is no text to read")
    sample = body[:_SAMPLE_CHARS]
    # str.find, not "in": a third faster on text with non-Latin-1 characters (2026-12-04).
    if (sample if markup else body).find("\x00") >= 0:
        raise Unreadable(source, "is binary (it contains NUL bytes), not a page or text")
    if _control_characters(sample) > _MAX_CONTROL_SHARE * len(sample):
        raise Unreadable(source, "is binary (it is full of control characters), not a page or text")
    if sample.count("\ufffd") > _MAX_REPLACEMENT_SHARE * len(sample):
        raise Unreadable(
            source, "was decoded with the wrong character encoding (it is full of U+FFFD); save it as UTF-8"
        )


def check_not_truncated_markup(markup: str, source: str) -> None:
    """Refuse markup that stops inside a tag, a comment, a script or a style sheet."""
    tail = markup.rstrip()
    end = tail[-2000:].lower()
    if "</html" in end or "</body" in end:
        return  # it reaches its end; a "<style" or "<!--" in a script string is not a cut
    lowered = tail[-200_000:].lower()
    stops_in = None
    if tail.rfind("<") > tail.rfind(">"):
        stops_in = "inside a tag"
    elif lowered.rfind("<!--") > lowered.rfind("-->"):
        stops_in = "inside a comment"
    elif lowered.rfind("<script") > lowered.rfind("</script"):
        stops_in = "inside a script"
    elif lowered.rfind("<style") > lowered.rfind("</style"):
        stops_in = "inside a style sheet"
    if stops_in:
        raise Unreadable(source, f"is truncated: the markup stops {stops_in}; save or fetch the page again")


@cache
def _bot_markers() -> tuple[re.Pattern[str], ...]:
    return tuple(
        re.compile(pattern.pattern, re.IGNORECASE)
        for pattern in rules.compile_patterns(rules.BOT_CHALLENGE_MARKERS, name="BOT_CHALLENGE_MARKERS")
    )


def is_bot_challenge(text: str) -> bool:
    normal = re.sub(r"\s+", " ", text).strip().lower().replace("…", "...")
    return any(marker.search(normal) for marker in _bot_markers())


def check_not_bot_challenge(title: str | None, page_text: str, source: str) -> None:
    """Refuse an anti-bot interstitial (Cloudflare "Just a moment…", Akamai, PerimeterX …)."""
    if (title and is_bot_challenge(title)) or is_bot_challenge(page_text[:3000]):
        raise NotAnArticle(
            source, "is a bot-challenge page (the site asked for a browser check), not the article"
        )


def check_article_size(text: str, source: str) -> None:
    """Refuse article text over ``MAX_ARTICLE_TEXT_BYTES`` (a fixed cap, not a setting)."""
    size = len(text.encode("utf-8"))
    if size > MAX_ARTICLE_TEXT_BYTES:
        raise TooLarge(
            source, size, MAX_ARTICLE_TEXT_BYTES, counted="bytes of article text", hint=_NOT_AN_ARTICLE_SIZE
        )


def check_tag_attributes(markup: str | bytes, source: str) -> None:
    """Refuse markup with a start tag of more than ``MAX_TAG_ATTRIBUTES`` attributes before any
    parser reads it (a parser trap: parsing time grows with the square of their number). Give
    ``markup`` as UTF-8 bytes where the caller has them."""
    encoded = markup if isinstance(markup, bytes) else markup.encode("utf-8", "ignore")
    read = _MARKUP_WITHOUT_ATTRIBUTE_TRAP.match(encoded)
    if read is None or read.end() != len(encoded):
        raise UnsafeInput(
            source,
            f"has an HTML element with more than {MAX_TAG_ATTRIBUTES:,} attributes; refused as a parser trap",
        )


def nesting_depth(markup: str) -> int:
    """How deep elements nest in ``markup``, counted from its tags: an end tag counts only when an
    element of its name is open (a stray "</section>" closes nothing); tags in comments and scripts
    count too, so the count can only be higher than the parser's."""
    open_by_name: dict[str, int] = {}
    depth = deepest = 0
    for slash, tag_name in _START_OR_END_TAG.findall(markup):
        name = tag_name.lower()
        if name in _NOT_NESTING:
            continue
        opened = open_by_name.get(name, 0)
        if not slash:
            open_by_name[name] = opened + 1
            depth += 1
            deepest = max(deepest, depth)
        elif opened:
            open_by_name[name] = opened - 1
            depth -= 1
    return deepest


def check_nesting_depth(markup: str, source: str, *, encoded: bytes | None = None) -> None:
    """Refuse markup whose elements nest more than ``MAX_NESTING_DEPTH`` deep, before the parser
    reads it. Only markup with enough tags to be a trap is scanned (after a count of "<", in
    ``encoded``, the markup as UTF-8, when the caller has it: a quarter faster than in a str that
    holds characters past Latin-1, 0.09 against 0.12 ms a Zyte dev page, 2026-12-04)."""
    if len(markup) < 3 * _UNSCANNED_TAGS:
        return
    if (encoded.count(b"<") if encoded is not None else markup.count("<")) < _UNSCANNED_TAGS:
        return
    if nesting_depth(markup) > MAX_NESTING_DEPTH:
        raise UnsafeInput(
            source, f"has HTML elements nested more than {MAX_NESTING_DEPTH:,} deep; refused as a parser trap"
        )


def check_page_elements(elements: int, source: str) -> None:
    """Refuse a page with more than ``MAX_PAGE_ELEMENTS`` elements before extraction starts."""
    if elements > MAX_PAGE_ELEMENTS:
        raise TooLarge(
            source, elements, MAX_PAGE_ELEMENTS, counted="HTML elements", hint=_NOT_AN_ARTICLE_SIZE
        )
