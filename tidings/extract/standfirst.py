"""The standfirst: the dek, subheadline or summary line a news page prints between its headline and
its body. Kept apart from the body's text (``Article.standfirst``), never in it.

Read in two steps, because the extractor prunes the page's tree: ``read_page_head`` collects,
before the pruning, what the page prints after its headline (the ``<h1>`` that reads as the
page's title): its paragraphs, subheadings and the elements whose class, id or itemprop names a
dek; ``find_standfirst`` then picks, once the body is known, what of that stands before the body.

Precision comes first: a caption, a contributor's box, a teaser, a newsletter line, a byline or a
date line taken for a standfirst is worse than none. So a standfirst is, in this order,

1. an element named as a dek (``_DEK_NAMES``: "standfirst", "dek", "subtitle", "lead", "summary",
   itemprop "description" …), not inside anything named as chrome (``_CHROME_NAMES``), holding one
   short block of prose (``reads_as_dek``) and no media, list or heading; or
2. the page's description (og:description, meta description, JSON-LD) where the page prints the
   very same words as a block of their own between headline and body: a printed dek, not the text
   written for search engines alone.

Neither is taken where the body already holds its words (a lede the extractor kept as the first
paragraph, whole or opening it): the text stays as the extractor made it, and a standfirst is only
ever what the text lacks. The walk stops at the first block the body holds: what follows is body.

Written here, not taken from a library: trafilatura and Readability give the page's description
(text for search engines, printed or not) or leave the dek in the text; none tells the printed dek
apart. The walk after the headline costs about 0.3 ms a Zyte dev page (2026-12-07).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from selectolax.lexbor import LexborHTMLParser, LexborNode

from tidings.extract.blocks import Block, without_break_hints
from tidings.extract.chrome import chrome_kind, is_caption, is_metadata_line, word_count

__all__ = ["PageHead", "find_standfirst", "read_page_head", "reads_as_dek"]

# The word parts of a class, id or itemprop that name a dek (matched whole, as parts of names such
# as "article__dek", "c-entry-summary", "ArticleHeader-subtitle", "sub-headline", "b-article__lead").
_DEK_NAMES = frozenset(
    {"standfirst", "dek", "deck", "subtitle", "subheadline", "subhead", "strapline", "lede", "lead",
     "intro", "summary", "teaser", "description", "alternativeheadline"}
)  # fmt: skip
# The longest run of word parts that spells one of them ("stand-first", "sub_head_line").
_MAX_NAME_PARTS = 3
# The same names as substrings: a quick first test of an element's attributes, before the
# word-part test above decides.
_DEK_SUBSTRINGS = (
    "standfirst", "dek", "deck", "subtitle", "subhead", "strapline", "lede", "lead", "intro", "summary",
    "teaser", "description", "alternativeheadline",
)  # fmt: skip
# The letters that make an element a block read after the headline: a dek's name's, or a title's
# or header's, whose element may print the page's description ("post__title__excerpt").
_HEAD_SUBSTRINGS = (*_DEK_SUBSTRINGS, "title", "head")
# What parts a name's words: taken out before the quick test ("sub-title", "stand_first").
_NAME_PUNCTUATION = str.maketrans("", "", "-_")
# The blocks read after the headline: paragraphs, subheadings, and elements named as a dek.
_HEAD_BLOCK_TAGS = frozenset({"h1", "h2", "h3", "h4", "p"})
# Elements whose insides hold no block of text: the walk after the headline steps over them.
_OPAQUE_TAGS = frozenset(
    {"svg", "math", "script", "style", "noscript", "template", "select", "iframe", "video", "audio",
     "picture", "img", "button", "textarea", "form",
     # and those no dek is ever inside (``_CHROME_TAGS``): share bars, teaser lists, figures
     "a", "ul", "ol", "li", "nav", "figure", "aside", "footer"}
)  # fmt: skip
# The tags a dek named by its class is printed in; other elements' names are not read.
_NAMED_DEK_TAGS = frozenset(
    {"div", "span", "section", "header", "hgroup", "strong", "em", "b", "small", "h5", "h6"}
)  # fmt: skip
# Word parts that name chrome, on an element or an ancestor: a dek named "author-description" is a
# contributor's box, "teaser-list"'s items are other stories, a "summary" in a "related" box or a
# "newsletter-intro" is a promotion.
_CHROME_NAMES = frozenset(
    {"author", "authors", "byline", "bio", "contributor", "caption", "credit", "credits", "newsletter",
     "promo", "related", "recommended", "cookie", "cookies", "consent", "share", "sharing", "social",
     "comment", "comments", "nav", "navigation", "menu", "footer", "sidebar", "widget", "ad", "ads",
     "advert", "advertisement", "sponsor", "sponsored", "list", "card", "cards",
     "gallery", "slideshow", "image", "photo", "figure", "video", "player", "subscribe", "signup",
     "paywall", "popular", "trending", "more", "readmore", "toc", "breadcrumb", "breadcrumbs", "tags",
     "sitedescription", "sitetitle", "sitename", "branding", "masthead", "logo", "tagline", "slogan",
     "img", "pic", "rating"}
)  # fmt: skip
# Elements a dek is never inside: a link (a teaser's box), a list's item, a figure, an aside.
_CHROME_TAGS = frozenset({"a", "li", "figure", "figcaption", "aside", "nav", "footer"})
# The article's and the page's own elements, where the walk up from a dek stops.
_PAGE_TAGS = frozenset({"article", "main", "body", "html"})
# How many ancestors of a dek are asked for chrome names: its header's wrappers, not the page's.
_CHROME_ANCESTORS = 2
# Tags that are never a dek's, whatever their name: lists, media, links, forms, the headline.
_NEVER_DEK_TAGS = frozenset(
    {"h1", "li", "ul", "ol", "a", "figure", "figcaption", "img", "picture", "video", "audio", "iframe",
     "meta", "link", "script", "style", "noscript", "template", "button", "nav", "footer", "aside",
     "form", "label", "select", "option", "textarea", "time", "address", "blockquote", "table", "svg"}
)  # fmt: skip
# What a dek never holds: media, a list, a heading of its own, a form, a script (whose code its text holds).
# A paragraph in one makes it a container: its paragraphs are read instead (``_is_named``), so
# that a standfirst box that prints the byline under the dek ("content__standfirst": a <p> each)
# gives the dek alone.
_NEVER_IN_DEK = (
    "p,img,picture,video,iframe,figure,figcaption,ul,ol,li,h1,h2,h3,h4,h5,h6,form,button,table,script,style"
)
# How many elements after the headline are looked at, in page order: a header's kicker, dek,
# byline, date, share bar and credit, then the body's first blocks. A walk, not a CSS query:
# asked of the headline's header (six levels up), the query for named elements cost 0.9 ms a Zyte
# dev page on a loaded machine; the walk stops as soon as the head is read.
_MAX_HEAD_ELEMENTS = 300
# Items read after the headline: a header's kicker, dek, byline, date and credit lines, then the body.
_MAX_HEAD_ITEMS = 12
# A dek is a sentence or two: at least this many words, at most this many characters and sentences.
_MIN_DEK_WORDS = 5
_MAX_DEK_CHARS = 400
_MAX_DEK_SENTENCES = 3
# The most of a dek's characters that may be link text: a dek may link a name, a teaser is a link.
_MAX_LINK_SHARE = 0.2
# Figures and punctuation, which no word of a dek's count is: "(2) 4 Sterne von 5" is a rating.
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)\]»]*\s+(?=\S)")
_CUT_SHORT = ("…", "...")
_NAME_PARTS = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")
_NON_WORDS = re.compile(r"\W+")
# A key shorter than this is matched against the body's blocks whole, not inside its text:
# "Share" or "Advertisement" read inside any body's words.
_MIN_INSIDE_KEY_CHARS = 30
# An ``<h1>`` is the headline where it shares at least this many words, and half of its words or the
# title's (the fewer), with the page's title.
_MIN_SHARED_HEADLINE_WORDS = 2
# An ``<h1>`` of at least this many words that the title holds whole is the headline too.
_MIN_CONTAINED_HEADLINE_WORDS = 3


@dataclass(frozen=True, slots=True)
class _HeadItem:
    """A block the page prints after its headline: its text, and where it may be the standfirst,
    why: "named" as a dek, or "printed" as the page's description."""

    text: str
    source: Literal["named", "printed"] | None = None


@dataclass(frozen=True, slots=True)
class PageHead:
    """What a page prints after its headline, in page order (``read_page_head``)."""

    items: tuple[_HeadItem, ...] = ()


def _key(text: str) -> str:
    """``text``'s words, case-folded, one space between: two texts with the same key say the same."""
    return _NON_WORDS.sub(" ", without_break_hints(text)).strip().casefold()


def _name_parts(value: str) -> list[str]:
    """The word parts of an attribute's value: "c-entry-summary p-dek" → c, entry, summary, p, dek;
    "articleDek" → article, dek."""
    return [part.lower() for part in _NAME_PARTS.split(value) if part]


def _names(parts: Sequence[str], vocabulary: frozenset[str]) -> bool:
    """Whether a run of up to ``_MAX_NAME_PARTS`` of ``parts`` spells a word of ``vocabulary``."""
    return any(
        "".join(parts[start:end]) in vocabulary
        for start in range(len(parts))
        for end in range(start + 1, min(start + _MAX_NAME_PARTS, len(parts)) + 1)
    )


def _attribute_names(node: LexborNode) -> str:
    attributes = node.attributes
    return " ".join(attributes.get(name) or "" for name in ("class", "id", "itemprop")) if attributes else ""


def _attribute_parts(node: LexborNode) -> list[str]:
    return _name_parts(_attribute_names(node))


def _named_as_dek(node: LexborNode) -> bool:
    """Whether ``node``'s class, id or itemprop names a dek (``_DEK_NAMES``): a quick test for the
    names' letters first, as most elements have none of them."""
    names = _attribute_names(node)
    return _may_name_dek(names) and _names(_name_parts(names), _DEK_NAMES)


def _may_name_dek(names: str, substrings: tuple[str, ...] = _DEK_SUBSTRINGS) -> bool:
    """A quick test of an element's names: whether they hold the letters of a dek's name at all
    (``in`` on a lower-cased string, several times faster than one regular expression of them)."""
    if not names:
        return False
    folded = names.lower().translate(_NAME_PUNCTUATION)
    return any(part in folded for part in substrings)


def _in_chrome(node: LexborNode) -> bool:
    """Whether ``node`` or one of its nearest ancestors is named as chrome (``_CHROME_NAMES``), up
    to the article's own element: a WordPress ``<article>`` lists its tags and categories as
    classes ("tag-video", "category-social-media"), which name its subjects, not its chrome."""
    current: LexborNode | None = node
    for _ in range(_CHROME_ANCESTORS + 1):
        if current is None or current.tag in _PAGE_TAGS:
            return False
        if current.tag in _CHROME_TAGS:
            return True
        if _names(_attribute_parts(current), _CHROME_NAMES):
            return True
        current = current.parent
    return False


def _link_share(node: LexborNode, text: str) -> float:
    linked = sum(len(" ".join(link.text().split())) for link in node.css("a"))
    return linked / max(len(text), 1)


def _holds(node: LexborNode, selector: str) -> bool:
    """Whether an element inside ``node`` matches ``selector`` (Lexbor's query matches ``node`` too)."""
    return any(found.mem_id != node.mem_id for found in node.css(selector))


def _may_be_dek(node: LexborNode, text: str) -> bool:
    """Whether ``node``'s markup allows a dek: a tag deks are printed in, holding no media, list or
    heading, little link text, and inside nothing named as chrome."""
    return (
        node.tag not in _NEVER_DEK_TAGS
        and not _holds(node, _NEVER_IN_DEK)
        and _link_share(node, text) <= _MAX_LINK_SHARE
        and not _in_chrome(node)
    )


def _is_named(node: LexborNode) -> bool:
    """Whether ``node`` is named as a dek (``_DEK_NAMES``), or is a paragraph in an element that is."""
    if _named_as_dek(node):
        return True
    parent = node.parent
    return node.tag == "p" and parent is not None and _named_as_dek(parent)


def _shares_words(key: str, title_key: str) -> bool:
    """Whether an ``<h1>``'s words (``key``) stand whole in a title's, or the two share at least
    ``_MIN_SHARED_HEADLINE_WORDS`` and half of each's: a page may word its headline otherwise
    than its title ("Sweden drops Assange rape investigation" under "Julian Assange: Sweden drops
    rape investigation")."""
    words, title_words = set(key.split()), set(title_key.split())
    if len(words) >= _MIN_CONTAINED_HEADLINE_WORDS and f" {key} " in f" {title_key} ":
        return True  # "Opinion | Headline", "Headline | Its dek"
    shared = len(words & title_words)
    return shared >= _MIN_SHARED_HEADLINE_WORDS and shared * 2 >= max(len(words), len(title_words))


def _headline(headings: Sequence[LexborNode], titles: Sequence[str]) -> LexborNode | None:
    """The page's headline among its ``<h1>``s: the first that reads as one of ``titles`` (the
    page's title as cleaned and as written), else the first that shares most of its words with the
    first (the title without the site's name: a blog's ``<h1>`` that names the site shares its
    words with a ``<title>`` that ends with the site's name, "Post – Site")."""
    keys = [_key(heading.text()) for heading in headings]
    title_keys = {_key(title) for title in titles} - {""}
    for heading, key in zip(headings, keys, strict=True):
        if key in title_keys:
            return heading
    if not titles:
        return None
    first = _key(titles[0])
    return next(
        (heading for heading, key in zip(headings, keys, strict=True) if key and _shares_words(key, first)),
        None,
    )


def _elements_after(headline: LexborNode) -> Iterator[LexborNode]:
    """The elements inside and after ``headline`` in page order, at most
    ``_MAX_HEAD_ELEMENTS``, without the insides of those that hold no text (``_OPAQUE_TAGS``)."""
    node: LexborNode | None = headline
    enter = True  # a subtitle may be printed inside the headline ("h1 > small.article-subtitle")
    for _ in range(_MAX_HEAD_ELEMENTS):
        following = node.child if enter and node is not None else None
        while following is None and node is not None:
            following = node.next
            if following is None:
                node = node.parent
        if following is None:
            return
        node = following
        tag = node.tag
        enter = tag not in _OPAQUE_TAGS
        if tag is not None and tag[0] not in "-_":  # a text node or a comment
            yield node


def _may_be_head_block(node: LexborNode) -> bool:
    """Whether ``node`` is a block read after the headline: a paragraph, a subheading, or an
    element whose class, id or itemprop may name a dek (``_is_named`` decides)."""
    tag = node.tag
    return tag in _HEAD_BLOCK_TAGS or (
        tag in _NAMED_DEK_TAGS and _may_name_dek(_attribute_names(node), _HEAD_SUBSTRINGS)
    )


def read_page_head(tree: LexborHTMLParser, titles: Sequence[str], descriptions: Sequence[str]) -> PageHead:
    """What the page prints after its headline (``_headline`` of ``titles``, the first of which is
    the page's title as cleaned) and before any other ``<h1>`` (a second article's, or a
    section's), each block with whether it may be the standfirst: named as a dek, or printing one
    of the page's ``descriptions``, and reading as one by its text and its markup. Read before the
    extractor prunes ``tree``. A page with no headline has no head to read: a site's logo in an
    ``<h1>`` is no headline. What follows the first block named as a dek that may be one is not
    read: it comes after the standfirst or after the body's start (``find_standfirst``)."""
    headline = _headline(tree.css("h1"), titles)
    if headline is None:
        return PageHead()
    headline_key = _key(headline.text())
    description_keys = frozenset(_key(description) for description in descriptions)
    # A block prints a description only if its length is near one's: its key is made for those.
    lengths = [len(description) for description in descriptions]
    shortest, longest = (min(lengths) * 0.8, max(lengths) * 1.25) if lengths else (0.0, -1.0)
    items: list[_HeadItem] = []
    for node in _elements_after(headline):
        if not _may_be_head_block(node):
            continue
        text = " ".join(without_break_hints(node.text()).split())
        if node.tag == "h1":
            if _key(text) == headline_key:
                continue  # the headline printed twice (one for small screens, one for large)
            break
        if not text:
            continue
        source: Literal["named", "printed"] | None = None
        if _is_named(node):
            source = "named"
        elif shortest <= len(text) <= longest and _key(text) in description_keys:
            source = "printed"
        if source is not None and reads_as_dek(text, titles[0]) and _may_be_dek(node, text):
            items.append(_HeadItem(text, source))
            if source == "named":
                break
        else:
            items.append(_HeadItem(text))
        if len(items) >= _MAX_HEAD_ITEMS:
            break
    return PageHead(tuple(items))


def reads_as_dek(text: str, title: str) -> bool:
    """Whether ``text`` reads as a dek: a sentence or two of prose (``_MIN_DEK_WORDS`` words of
    letters up to ``_MAX_DEK_CHARS`` characters), not cut short as a teaser is, and none of chrome's
    lines (a caption or credit, a byline, a date, a newsletter or cookie line), nor the headline."""
    if len(text) > _MAX_DEK_CHARS or word_count(_NOT_LETTERS.sub(" ", text)) < _MIN_DEK_WORDS:
        return False
    if "©" in text:  # a photo's credit: "… in Bremen aus. © CAE"
        return False
    if len(_SENTENCE_BREAK.findall(text)) >= _MAX_DEK_SENTENCES or text.endswith(_CUT_SHORT):
        return False
    if _key(text) == _key(title):
        return False
    return chrome_kind(text) is None and not is_caption(text) and not is_metadata_line(text)


def _in_body(key: str, block_keys: frozenset[str], body_key: str) -> bool:
    """Whether the body holds the words ``key`` stands for: as a block, or inside its text."""
    return key in block_keys or (len(key) >= _MIN_INSIDE_KEY_CHARS and key in body_key)


def find_standfirst(head: PageHead, blocks: Sequence[Block]) -> str | None:
    """The standfirst among ``head``'s items before the first the body (``blocks``) holds: the
    first named as a dek, else the first that prints the page's description. None where neither
    is, or the body holds its words (a lede the body keeps is no standfirst)."""
    if not any(item.source for item in head.items):
        return None
    block_keys = frozenset(_key(block.text) for block in blocks)
    body_key = " ".join(_key(block.text) for block in blocks)
    printed: str | None = None
    for item in head.items:
        key = _key(item.text)
        if not key:
            continue
        if _in_body(key, block_keys, body_key):
            break
        if item.source == "named":
            return item.text
        if item.source == "printed" and printed is None:
            printed = item.text
    return printed
