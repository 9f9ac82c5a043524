"""Small conversions between HTML and text for feed fields, and the nesting-depth guard.

* ``html_to_text``: a feed title or summary given as HTML, as one line of plain text (for
  ``DocumentHints``; the article body itself stays HTML for the extractor).
* ``text_to_html``: a body given as plain text (JSON Feed ``content_text``, Atom
  ``type="text"``), escaped into paragraphs so every entry body is HTML.
* ``is_list_markup``: whether an HTML fragment (a feed's summary) is a list or mostly links, not
  prose (one sentence wrapped whole in a link is prose); its text on one line no longer shows it.
* ``nesting_depth_exceeds``: whether HTML nests deeper than a limit. Entry bodies come from
  strangers; 10,000 nested ``<div>`` elements pass feedparser untouched and would be handed to
  every tree walker downstream (extraction, sanitizing, display), so entries nested beyond
  ``MAX_HTML_DEPTH`` are refused at the door. A tag scanner, not a parser: it must stay linear
  on any input, and it only has to count.
"""

from __future__ import annotations

import html
import re

import lxml.etree
import lxml.html

__all__ = [
    "MAX_HTML_DEPTH",
    "html_to_text",
    "is_list_markup",
    "nesting_depth_exceeds",
    "shorten",
    "text_to_html",
]

# The deepest nesting in the 136 pages of the Zyte article-extraction benchmark and the 705 of
# the trafilatura evaluation set (whole pages, not only article bodies) is 51 as this scanner
# counts it (bench/gather.py, 2026-11-23; re-run it after changing the scanner); 512 is ten
# times that, and half the depth at which recursive Python tree code meets the default
# recursion limit.
MAX_HTML_DEPTH = 512

_VOID_ELEMENTS = frozenset(
    "area base br col embed hr img input keygen link meta param source track wbr".split()  # noqa: SIM905
)
# A tag name and whatever follows up to the next '<' or '>'; never scans past another '<', so
# the scan is linear even on '<a<a<a…'.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)([^<>]*)>")
_WHITESPACE = re.compile(r"\s+")
_RAW_TEXT_ENDS = {
    name: re.compile(rf"</{name}", re.IGNORECASE)
    for name in ("script", "style", "textarea", "title", "xmp", "noscript", "iframe", "template")
}
# Opening one of these while one is open closes the open one (HTML's implied end tags).
_SELF_CLOSING_SIBLINGS = frozenset(
    "p li dt dd option tr td th tbody thead tfoot".split()  # noqa: SIM905
)


def nesting_depth_exceeds(markup: str, limit: int = MAX_HTML_DEPTH) -> bool:
    """True when open elements nest more than ``limit`` deep.

    Counted as HTML parsers would, roughly: void and self-closed elements do not nest, the
    content of ``script``/``style``-like elements is skipped, opening a ``p``, ``li``, ``td``…
    while one is open closes it, an end tag closes every element opened after its match, and
    an end tag without a match is ignored.
    """
    stack: list[str] = []
    open_counts: dict[str, int] = {}
    position = 0
    while (match := _TAG.search(markup, position)) is not None:
        position = match.end()
        closing, raw_name, rest = match.groups()
        name = raw_name.lower()
        if closing:
            if open_counts.get(name, 0):
                _close(name, stack, open_counts)
            continue
        if name in _VOID_ELEMENTS or rest.rstrip().endswith("/"):
            continue
        if name in _RAW_TEXT_ENDS:
            end = _RAW_TEXT_ENDS[name].search(markup, position)
            position = len(markup) if end is None else end.start()
            continue
        if name in _SELF_CLOSING_SIBLINGS and open_counts.get(name, 0):
            _close(name, stack, open_counts)
        stack.append(name)
        open_counts[name] = open_counts.get(name, 0) + 1
        if len(stack) > limit:
            return True
    return False


def _close(name: str, stack: list[str], open_counts: dict[str, int]) -> None:
    while stack:
        popped = stack.pop()
        open_counts[popped] -= 1
        if popped == name:
            return


def html_to_text(markup: str) -> str:
    """The text of an HTML fragment on one line: tags dropped, entities decoded, script and
    style content left out, white space collapsed."""
    if "<" not in markup and "&" not in markup:
        return _WHITESPACE.sub(" ", markup).strip()
    try:
        fragment = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return _WHITESPACE.sub(" ", html.unescape(markup)).strip()
    lxml.etree.strip_elements(fragment, "script", "style", lxml.etree.Comment, with_tail=False)
    return _WHITESPACE.sub(" ", fragment.text_content()).strip()


# A list item or a link: without either a fragment is no list (and is not parsed to be sure).
_LIST_OR_LINK_TAG = re.compile(r"<(?:li|a)[\s>]", re.IGNORECASE)
# Two items make a list; one is a paragraph in a list's dress.
_MIN_LIST_ITEMS = 2
_LETTERS = re.compile(r"[^\W\d_]")
# Where a sentence ends, as a headline does not: its mark, then any closing quote or bracket.
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019\u00bb)\]]*\s*$")


def is_list_markup(markup: str) -> bool:
    """Whether an HTML fragment is a list, not prose: two list items or more, or more than half of
    its letters a link's (Google News gives an entry's summary as its headline linked, the outlet's
    name after it, or as a list of the story's headlines so). A link in a sentence is not enough,
    nor is one sentence wrapped whole in a link (``_is_linked_sentence``)."""
    if not _LIST_OR_LINK_TAG.search(markup):
        return False
    try:
        fragment = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return False
    if len(fragment.xpath(".//li")) >= _MIN_LIST_ITEMS:
        return True
    letters = len(_LETTERS.findall(fragment.text_content()))
    links = fragment.xpath(".//a[not(ancestor::a)]")
    linked = sum(len(_LETTERS.findall(link.text_content())) for link in links)
    return 2 * linked > letters and not _is_linked_sentence(links, letters, linked)


def _is_linked_sentence(links: list[lxml.html.HtmlElement], letters: int, linked: int) -> bool:
    """Whether a fragment is prose in one link: a single link holds every letter of it, and its text
    ends as a sentence does. WordPress and Blogger themes give an entry's teaser so (``<a
    href="…">One sentence of the article.</a>``). A linked headline shows otherwise: Google News
    names its outlet after the link (``&nbsp;&nbsp;<font>NTD</font>``, letters outside it), and a
    headline ends with no full stop. The link's target cannot tell: Google News links its summary
    to the entry's own link too (``news.google.com/rss/articles/…``), as a teaser links its article."""
    return len(links) == 1 and linked == letters and bool(_SENTENCE_END.search(links[0].text_content()))


def text_to_html(text: str) -> str:
    """Plain text as HTML: blank lines separate paragraphs, other line breaks become ``<br>``."""
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if part.strip()]
    return "\n".join(
        "<p>" + html.escape(paragraph).replace("\n", "<br>\n") + "</p>" for paragraph in paragraphs
    )


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"
