"""The standfirst: the dek, subheadline or summary line a news page prints between its headline and
its body. Kept apart from the body's text (``Article.standfirst``), never in it.

Read in two steps, because the extractor prunes the page's tree: ``read_page_head`` collects,
before the pruning, what the page prints after its headline (the ``<h1>`` that reads as the
page's title): its paragraphs, subheadings and the elements whose class, id or itemprop names a
dek; ``find_standfirst`` then picks, once the body is known, what of that stands before the body.

Precision comes first: a caption, a contributor's box, a teaser, a newsletter line, a byline or a
date line taken for a standfirst is worse than none. So a standfirst is, in this order,

1. an element named as a dek (``_DEK_NAMES``: "standfirst", "dek", "subtitle", "lead", "summary",
   itemprop "description" …), or a paragraph in one (or in an ``<hgroup>``), not inside anything
   named as chrome (``_CHROME_NAMES``), holding one short block of prose (``reads_as_dek``) and no
   media, list or heading; not a paragraph of a box that holds media (a lead image's caption) or a
   label of its own (a teaser's headline, "Key points"), nor a person's box's, nor another item's
   ``itemprop="description"`` (an ImageObject's caption, a Product's blurb); or
2. the page's description (og:description, meta description, JSON-LD) where the page prints the
   very same words as a block of their own between headline and body: a printed dek, not the text
   written for search engines alone.

Neither is taken where the body already holds its words (a lede the extractor kept as the first
paragraph, whole or opening it): the text stays as the extractor made it, and a standfirst is only
ever what the text lacks. The walk stops at the first block the body holds: what follows is body.

Written here, not taken from a library: trafilatura and Readability give the page's description
(text for search engines, printed or not) or leave the dek in the text; none tells the printed dek
apart. The walk after the headline costs about 0.45 ms a Zyte dev page on a loaded machine
(2026-12-07; 0.35 ms before it read text block by block and judged boxes, persons and items). The
page's ``<h1>`` elements come from the metadata's walk of the tree (``metadata.LexborPage``), not
from a query of their own, and the tests of elements' names are kept per names (``lru_cache``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import Literal

from selectolax.lexbor import LexborNode

from tidings.extract.blocks import Block, without_break_hints
from tidings.extract.chrome import chrome_kind, is_caption, is_metadata_line, word_count

__all__ = ["PageHead", "body_opening_dek", "find_standfirst", "read_page_head", "reads_as_dek"]

# The word parts of a class, id or itemprop that name a dek (matched whole, as parts of names such
# as "article__dek", "c-entry-summary", "ArticleHeader-subtitle", "sub-headline", "b-article__lead").
_DEK_NAMES = frozenset(
    {"standfirst", "dek", "deck", "subtitle", "subheadline", "subhead", "strapline", "lede", "lead",
     "intro", "summary", "teaser", "description", "alternativeheadline",
     # and as other sites and languages name it: Le Monde's "article__desc", WordPress's excerpt,
     # a French "chapo", Spiegel's "leadtext", a German "Vorspann" or "Einleitung", a Spanish
     # "bajada", El País's "a_st"
     "chapo", "excerpt", "abstract", "desc", "leadtext", "vorspann", "einleitung", "bajada", "ast"}
)  # fmt: skip
# The longest run of word parts that spells one of them ("stand-first", "sub_head_line").
_MAX_NAME_PARTS = 3
# The same names as substrings: a quick first test of an element's attributes, before the
# word-part test above decides.
_DEK_SUBSTRINGS = (
    "standfirst", "dek", "deck", "subtitle", "subhead", "strapline", "lede", "lead", "intro", "summary",
    "teaser", "desc", "alternativeheadline", "chapo", "excerpt", "vorspann", "einleitung", "bajada",
    "ast", "abstract",
)  # fmt: skip
# The attributes that name an element: besides class, id and itemprop, the Guardian's
# ``data-gu-name="standfirst"`` and the Washington Post's ``data-qa="subheadline"``.
_NAME_ATTRIBUTES = ("class", "id", "itemprop", "data-gu-name", "data-qa")
# How much of each of those is read: a page's names are short, and a page may write a megabyte of
# class names, which splitting and joining word parts would take seconds over.
_MAX_NAME_CHARS = 256
# The letters that make an element a block read after the headline: a dek's name's, or a title's
# or header's, whose element may print the page's description ("post__title__excerpt"); without
# those the others hold ("subtitle", "subhead"): the walk asks this of every element.
_HEAD_SUBSTRINGS = (
    "title",
    "head",
    *(name for name in _DEK_SUBSTRINGS if "title" not in name and "head" not in name),
)
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
     "img", "pic", "rating", "modal", "popup"}
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
    "p,img,picture,video,iframe,figure,figcaption,ul,ol,li,h1,h2,h3,h4,h5,h6,form,button,table,script,style,"
    "amp-img,amp-video,amp-carousel"
)
# The media a lead image's box holds: a paragraph in a box named as a dek that holds one is its
# caption ("div.article-lead > img + p").
_MEDIA = "img,picture,video,figure,amp-img,amp-video,amp-carousel,iframe"
# What labels a box as another story's teaser or a summary box ("Key points", "Lesen Sie auch"):
# a heading of its own, or a bold label line.
_BOX_HEADINGS = "h1,h2,h3,h4,h5,h6"
_LABEL_TAGS = frozenset({"strong", "b"})
# The item types whose ``itemprop="description"`` is not the article's: an ImageObject's or a
# VideoObject's is a caption, a Person's a biography, a Product's a shop's blurb.
_FOREIGN_ITEM_TYPES = (
    "imageobject", "videoobject", "audioobject", "mediaobject", "person", "product", "organization", "offer",
)  # fmt: skip
# The blocks a box of a dek holds: a dek refused that holds none ends the walk; one that holds
# one is a wrapper, whose blocks are read next.
_BLOCKS = "p,div,section,h1,h2,h3,h4,h5,h6,ul,ol,table,figure"
# How far up an ``itemprop="description"``'s item is looked for.
_MAX_ITEM_ANCESTORS = 8
# Ancestors of a dek asked whether they are a person's box (a picture and a name: a biography).
_PERSON_BOX_ANCESTORS = 2
_PICTURE_TAGS = frozenset({"img", "picture", "amp-img"})
# A name's word part that names a person's name ("author__name", itemprop "name").
_PERSON_NAME_PARTS = frozenset({"name", "fn", "authorname"})
# Elements whose text is a block of its own: read with a space around, so that words on either
# side of a <br> or of two child blocks are not glued ("harbour wallStorms").
_BREAK_TAGS = frozenset(
    {"br", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section",
     "header", "footer", "article", "aside", "main", "blockquote", "figure", "figcaption", "table", "tr",
     "td", "th", "hr", "hgroup", "address", "pre", "nav"}
)  # fmt: skip
# How deep text is read block by block; deeper, each text node is set apart (a pathological page).
_MAX_TEXT_DEPTH = 24
# Lines that stand under a headline in a dek's place and are none: a correction or editor's note,
# an update line, an audio player's label, a metered paywall's counter.
_NOTE_LINE = re.compile(
    r"^(?:corrections?|clarifications?|editor[’']?s[’']? notes?|updates?|note)\s*:"
    r"|\blisten to (?:this|the) (?:article|story)\b"
    r"|\bfree (?:articles?|stories)\b",
    re.IGNORECASE,
)
# The separators of a title's parts: "Site Name: Post title", "Post title | Site", "Post – Site".
_TITLE_SEPARATORS = re.compile(r"\s*[:|–—]\s*|\s+-\s+")
# A site's name, as a title's part, is at most this many words: an ``<h1>`` that prints such a
# part of the title, not its longest, is the site's name, not the headline.
_MAX_SITE_NAME_WORDS = 4
# An ``<h1>`` whose text is this much longer than the longest title is not keyed: no headline.
_MAX_HEADLINE_TITLE_RATIO = 3
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
# The longest a dek refused as too long may be and end the walk: longer is a wrapper or a body.
_MAX_REFUSED_DEK_CHARS = 2 * _MAX_DEK_CHARS
# The most of a dek's characters that may be link text: a dek may link a name, a teaser is a link.
_MAX_LINK_SHARE = 0.2
# Figures and punctuation, which no word of a dek's count is: "(2) 4 Sterne von 5" is a rating.
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)\]»]*\s+(?=\S)")
_CUT_SHORT = ("…", "...")
_NAME_PARTS = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")
_NON_WORDS = re.compile(r"\W+")
# The names of a dek that the body's container may hold and that is still the standfirst where it
# prints the page's description (``body_opening_dek``): not "intro", "lead" or "lede", which name
# the body's first paragraph on many sites (Der Standard's "intro", a "lead" paragraph), nor
# TechCrunch's "speakable-summary", its lede marked for voice assistants.
_BODY_DEK_NAMES = frozenset({"standfirst", "dek", "deck", "summary"})
_NOT_BODY_DEK_NAMES = frozenset({"speakable", "intro", "lead", "lede"})
# A dek and a description one of which opens the other say the same where the shorter has at least
# this share of the longer's characters.
_MIN_DESCRIBED_SHARE = 0.8
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
    # Named a standfirst, dek, deck or summary (``_BODY_DEK_NAMES``) and printing the page's
    # description: a dek even where the body's container holds it (``body_opening_dek``).
    described: bool = False


@dataclass(frozen=True, slots=True)
class PageHead:
    """What a page prints after its headline, in page order (``read_page_head``)."""

    items: tuple[_HeadItem, ...] = ()


def _key(text: str) -> str:
    """``text``'s words, case-folded, one space between: two texts with the same key say the same."""
    return _NON_WORDS.sub(" ", without_break_hints(text)).strip().casefold()


def _raw_text(node: LexborNode, depth: int = 0) -> str:
    """``node``'s text with a space where a ``<br>`` or a child block breaks it: Lexbor's
    ``text()`` glues "harbour wall<br>Storms" into "harbour wallStorms", whose key matches no
    block of the body. Lexbor's own ``text()`` where no child breaks the text (most elements):
    a separator between every text node would part "har<b>bour</b>" too."""
    if depth >= _MAX_TEXT_DEPTH:
        return node.text(separator=" ")
    if not any(child.tag in _BREAK_TAGS for child in node.iter()):
        return node.text()
    pieces: list[str] = []
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            pieces.append(child.text_content or "")
        elif tag in _BREAK_TAGS:
            pieces.extend((" ", _raw_text(child, depth + 1), " "))
        elif tag is not None and tag[0] not in "-_":  # not a comment
            pieces.append(_raw_text(child, depth + 1))
    return "".join(pieces)


def _text(node: LexborNode) -> str:
    """``node``'s text as one line (``_raw_text``), spaces collapsed."""
    return " ".join(without_break_hints(_raw_text(node)).split())


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


def _attribute(node: LexborNode, name: str) -> str:
    """The start of ``node``'s attribute ``name`` (``_MAX_NAME_CHARS``), or "" where it has none."""
    attributes = node.attributes
    return (attributes.get(name) or "")[:_MAX_NAME_CHARS] if attributes else ""


def _attribute_names(node: LexborNode, names: Sequence[str] = _NAME_ATTRIBUTES) -> str:
    """The start of each of ``node``'s naming attributes (``_NAME_ATTRIBUTES``), one space between."""
    attributes = node.attributes
    if not attributes:
        return ""
    return " ".join(value[:_MAX_NAME_CHARS] for name in names if (value := attributes.get(name)))


def _attribute_parts(node: LexborNode) -> list[str]:
    return _name_parts(_attribute_names(node))


def _named_as_dek(node: LexborNode, names: Sequence[str] = _NAME_ATTRIBUTES) -> bool:
    """Whether ``node``'s class, id or itemprop (``names``) names a dek (``_DEK_NAMES``): a quick
    test for the names' letters first, as most elements have none of them."""
    return _names_a_dek(_attribute_names(node, names))


@lru_cache(maxsize=4096)
def _names_a_dek(names: str) -> bool:
    """Whether an element's ``names`` (``_attribute_names``) name a dek, kept: a page names its
    paragraphs and wrappers alike, and a site its pages."""
    return _may_name_dek(names) and _names(_name_parts(names), _DEK_NAMES)


def _may_name_dek(names: str, substrings: tuple[str, ...] = _DEK_SUBSTRINGS) -> bool:
    """A quick test of an element's names: whether they hold the letters of a dek's name at all
    (``in`` on a lower-cased string, several times faster than one regular expression of them)."""
    if not names:
        return False
    folded = names.lower().translate(_NAME_PUNCTUATION)
    return any(part in folded for part in substrings)


def _in_chrome(node: LexborNode, ancestors: int = _CHROME_ANCESTORS) -> bool:
    """Whether ``node`` or one of its ``ancestors`` nearest is named as chrome (``_CHROME_NAMES``),
    up to the article's own element: a WordPress ``<article>`` lists its tags and categories as
    classes ("tag-video", "category-social-media"), which name its subjects, not its chrome."""
    current: LexborNode | None = node
    for _ in range(ancestors + 1):
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


def _is_strapline(node: LexborNode) -> bool:
    """Whether ``node`` is named a strapline: Future plc prints its dek, "p.strapline", inside its
    byline's and share bar's wrapper ("div.byline-social"); a strapline is a dek wherever it is."""
    return "strapline" in _attribute_parts(node)


def _may_be_dek(node: LexborNode, text: str) -> bool:
    """Whether ``node``'s markup allows a dek: a tag deks are printed in, holding no media, list or
    heading, little link text, and inside nothing named as chrome."""
    return (
        node.tag not in _NEVER_DEK_TAGS
        and not _holds(node, _NEVER_IN_DEK)
        and _link_share(node, text) <= _MAX_LINK_SHARE
        and not _in_chrome(node, 0 if _is_strapline(node) else _CHROME_ANCESTORS)
    )


def _dek_box(node: LexborNode, named: dict[int, bool]) -> LexborNode | None:
    """The element that names ``node`` a dek: ``node`` itself, or for a paragraph, its parent or
    grandparent named as one (the Guardian's "div[data-gu-name=standfirst] > div > p"), or the
    ``<hgroup>`` it prints its headline's dek in. None where nothing does. ``named`` keeps what
    was found of each ancestor: a page's paragraphs share theirs."""
    if _named_as_dek(node):
        return node
    if node.tag != "p":
        return None
    parent = node.parent
    if parent is None:
        return None
    if parent.tag == "hgroup" or _named_ancestor(parent, named):
        return parent
    grandparent = parent.parent
    return grandparent if grandparent is not None and _named_ancestor(grandparent, named) else None


def _named_ancestor(node: LexborNode, named: dict[int, bool]) -> bool:
    """``_named_as_dek`` of ``node``, kept in ``named``."""
    found = named.get(node.mem_id)
    if found is None:
        found = named[node.mem_id] = _named_as_dek(node)
    return found


def _is_box_label(node: LexborNode, inside: LexborNode, headline: LexborNode) -> bool:
    """Whether ``node``, an element of a box that names ``inside`` a dek, labels the box: a heading
    other than the page's headline and not ``inside``'s own, or a bold line of its own."""
    if node.mem_id in {inside.mem_id, headline.mem_id}:
        return False
    return node.tag != "h1" or _text(node) != _text(headline)


# The children of a box read for its label or its picture: a box of tens of thousands (a hostile
# page's) took a second for each paragraph in it (review, 2026-12-07).
_MAX_BOX_CHILDREN = 50


def _in_labelled_box(node: LexborNode, box: LexborNode, headline: LexborNode) -> bool:
    """Whether ``node`` stands in a box with a label of its own: a heading ("Key points", a
    teaser's linked headline) or a bold label line ("Summary", "Lesen Sie auch"). Such a box is
    another story's teaser or a summary of points, never a dek's: its paragraphs are no dek."""
    container = box if box.mem_id != node.mem_id else node.parent
    if container is None or container.tag in _PAGE_TAGS or not _named_as_dek(container):
        return False
    if any(
        found.mem_id != container.mem_id and _is_box_label(found, node, headline)
        for found in container.css(_BOX_HEADINGS)
    ):
        return True
    return any(
        child.tag in _LABEL_TAGS and child.mem_id != node.mem_id
        for child in islice(container.iter(), _MAX_BOX_CHILDREN)
    )


def _is_caption_box(node: LexborNode, box: LexborNode) -> bool:
    """Whether ``node`` is a paragraph in a box named as a dek that holds media: a lead image's
    or video's box ("div.article-lead > img + p"), whose paragraph is its caption."""
    return box.mem_id != node.mem_id and _holds(box, _MEDIA)


def _is_picture(node: LexborNode) -> bool:
    """Whether ``node`` is a picture, or an element (a link, a frame) whose child is one."""
    return node.tag in _PICTURE_TAGS or any(child.tag in _PICTURE_TAGS for child in node.iter())


def _in_person_box(node: LexborNode, headline: LexborNode) -> bool:
    """Whether ``node`` stands in a person's box: an ancestor, not the headline's, whose children
    are a picture and a name besides ("div.person > img + span.name + p.description"): a biography."""
    headline_line = _line_of(headline)
    current = node.parent
    for _ in range(_PERSON_BOX_ANCESTORS):
        if current is None or current.tag in _PAGE_TAGS or current.mem_id in headline_line:
            return False
        children = list(islice(current.iter(), _MAX_BOX_CHILDREN))
        if any(_is_picture(child) for child in children) and any(
            _PERSON_NAME_PARTS & set(_attribute_parts(child)) for child in children
        ):
            return True
        current = current.parent
    return False


def _foreign_description(node: LexborNode, product: bool) -> bool:
    """Whether ``node`` is named a dek by its ``itemprop="description"`` alone, and describes
    another item than the article: a product (its page's headline is an ``itemprop="name"``: a
    shop's blurb, zooroyal.de), or the item it stands in, an ImageObject's or a Person's."""
    if _named_as_dek(node, ("class", "id", "data-gu-name", "data-qa")):
        return False
    return product or any(name in _item_type(node) for name in _FOREIGN_ITEM_TYPES)


def _item_type(node: LexborNode) -> str:
    """The type of the item ``node`` stands in (its nearest ``itemscope``), lower-cased: "" where
    none is near."""
    current: LexborNode | None = node
    for _ in range(_MAX_ITEM_ANCESTORS):
        if current is None or current.tag in _PAGE_TAGS:
            return ""
        attributes = current.attributes
        if attributes and "itemscope" in attributes:
            return (attributes.get("itemtype") or "")[:_MAX_NAME_CHARS].lower()
        current = current.parent
    return ""


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


def _site_parts(titles: Sequence[str]) -> frozenset[str]:
    """The keys of the titles' parts that may be the site's name: of a title in parts ("Site
    Name: Post title", "Post | Site"), the first or the last, of ``_MAX_SITE_NAME_WORDS`` words at
    most, where another part has more words. A Blogger page prints its site's name in its
    ``<h1>``, its post's in an ``<h3>``; "Analysis: Why the vote failed | Harbour Daily News
    Online" names its site last and longer (review, 2026-12-07)."""
    parts: set[str] = set()
    for title in titles:
        keys = [key for key in map(_key, _TITLE_SEPARATORS.split(title)) if key]
        if len(keys) < 2:
            continue
        most_words = max(len(key.split()) for key in keys)
        parts.update(
            key
            for key in (keys[0], keys[-1])
            if len(key.split()) < most_words and len(key.split()) <= _MAX_SITE_NAME_WORDS
        )
    return frozenset(parts)


def _heading_keys(headings: Sequence[LexborNode], longest: int) -> list[str]:
    """Each ``<h1>``'s key, "" for one inside another (an ``<h1>`` nested two thousand deep would
    be read two thousand times) or much longer than the longest title."""
    keys: list[str] = []
    nested: set[int] = set()
    for heading in headings:
        if heading.mem_id in nested:
            keys.append("")
            continue
        if len(headings) > 1:  # those inside it: a query of its own few elements, most pages'
            nested.update(inner.mem_id for inner in heading.css("h1") if inner.mem_id != heading.mem_id)
        text = _text(heading)
        keys.append(_key(text) if len(text) <= longest * _MAX_HEADLINE_TITLE_RATIO else "")
    return keys


def _headline(headings: Sequence[LexborNode], titles: Sequence[str]) -> LexborNode | None:
    """The page's headline among its ``<h1>``s: the first that reads as one of ``titles`` (the
    page's title as cleaned and as written), else the first that shares most of its words with
    one (a blog's ``<h1>`` that names the site shares its words with a ``<title>`` that ends with
    the site's name, "Post – Site"; SCMP's with its ``<title>``, not with the cleaned one). An
    ``<h1>`` that prints the title's site's part ("Site Name: Post title") is none."""
    if not headings or not titles:
        return None
    keys = _heading_keys(headings, max(len(title) for title in titles))
    title_keys = {_key(title) for title in titles} - {""}
    matches = [
        (heading, key)
        for heading, key in zip(headings, keys, strict=True)
        if key in title_keys or (key and any(_shares_words(key, title_key) for title_key in title_keys))
    ]
    if matches:  # the site's parts of the titles asked only here: few pages have a match to drop
        site_parts = _site_parts(titles) - title_keys
        matches = [(heading, key) for heading, key in matches if key not in site_parts]
    exact = (heading for heading, key in matches if key in title_keys)
    return next(exact, None) or next((heading for heading, _ in matches), None)


def _elements_after(headline: LexborNode) -> Iterator[tuple[LexborNode, str]]:
    """The elements inside and after ``headline`` in page order, each with its tag (Lexbor makes a
    new string each time it is asked), at most ``_MAX_HEAD_ELEMENTS``, without the insides of
    those that hold no text (``_OPAQUE_TAGS``)."""
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
            yield node, tag


def _may_be_head_block(node: LexborNode, tag: str) -> bool:
    """Whether ``node`` (a ``tag``) is a block read after the headline: a paragraph, a subheading,
    or an element whose class, id or itemprop may name a dek (``_dek_box`` decides)."""
    return tag in _HEAD_BLOCK_TAGS or (tag in _NAMED_DEK_TAGS and _may_name_head(_attribute_names(node)))


@lru_cache(maxsize=4096)
def _may_name_head(names: str) -> bool:
    """``_may_name_dek`` for a block after the headline (``_HEAD_SUBSTRINGS``), kept: a page names
    its many wrappers alike ("row", "col-md-8"), and a site its pages."""
    return _may_name_dek(names, _HEAD_SUBSTRINGS)


def _reads_as_prose(text: str) -> bool:
    """Whether ``text`` is prose, not a kicker, a byline, a date or a caption: an unnamed paragraph
    of prose is the body's or a lede's, after which nothing is the standfirst (a crosshead named
    "subheadline" is the body's); a dek refused as prose ends the head."""
    return (
        word_count(_NOT_LETTERS.sub(" ", text)) >= _MIN_DEK_WORDS
        and chrome_kind(text) is None
        and not is_metadata_line(text)
        and not is_caption(text)
    )


def _refused_as_prose(node: LexborNode, text: str, title: str) -> bool:
    """Whether ``node``, named as a dek and refused, is a dek refused for its length (a dek of four
    sentences), not a wrapper of blocks nor a whole body (whose text is no dek's, and too long to
    ask ``chrome_kind`` of)."""
    return (
        len(text) <= _MAX_REFUSED_DEK_CHARS
        and not reads_as_dek(text, title)
        and not _holds(node, _BLOCKS)
        and _reads_as_prose(text)
    )


def _is_prose_paragraph(node: LexborNode, text: str, named: dict[int, bool]) -> bool:
    """Whether ``node`` is a paragraph of prose, the body's or a lede's: in no box named as a dek
    (a lead image's caption) and in nothing named as chrome (an author's biography)."""
    return _dek_box(node, named) is None and not _in_chrome(node) and _reads_as_prose(text)


@dataclass(slots=True)
class _HeadContext:
    """What every block after the headline is judged against."""

    headline: LexborNode
    product: bool  # the headline is a Product's ``itemprop="name"``: a shop's page
    named: dict[int, bool] = field(default_factory=dict)  # ``_named_ancestor``'s


def _named_dek(node: LexborNode, context: _HeadContext) -> bool:
    """Whether ``node`` is named as a dek (``_dek_box``) by a name that is a dek's here: not a
    paragraph in a box that labels itself or holds media, nor another item's description."""
    box = _dek_box(node, context.named)
    if box is None:
        return False
    if box.mem_id != node.mem_id and _is_caption_box(node, box):
        return False
    if _attribute(box, "itemprop") and _foreign_description(box, context.product):
        return False
    return not _in_labelled_box(node, box, context.headline)


def _accepted(node: LexborNode, text: str, title: str, context: _HeadContext) -> bool:
    """Whether ``node``, named as a dek or printing the description, reads as one and is one."""
    return (
        reads_as_dek(text, title) and _may_be_dek(node, text) and not _in_person_box(node, context.headline)
    )


def read_page_head(
    headings: Sequence[LexborNode], titles: Sequence[str], descriptions: Sequence[str]
) -> PageHead:
    """What the page prints after its headline (``_headline`` among its ``<h1>`` elements,
    ``headings`` in page order, of ``titles``, the first of which is the page's title as cleaned)
    and before any other ``<h1>`` (a second article's, or a section's), each block with whether it
    may be the standfirst: named as a dek, or printing one of the page's ``descriptions``, and
    reading as one by its text and its markup. Read before the extractor prunes the page's tree.
    A page with no headline has no head to read: a site's logo in an
    ``<h1>`` is no headline. The walk stops at the first block named as a dek, taken or not
    (what follows it is the body, or a byline box's: a doctors' review badge after a refused dek),
    but for a box of paragraphs, which are read instead; after a paragraph of prose, nothing
    named is taken (``find_standfirst`` stops at the body's start)."""
    headline = _headline(headings, titles)
    if headline is None:
        return PageHead()
    product = _attribute(headline, "itemprop").lower() == "name" and "product" in _item_type(headline)
    context = _HeadContext(headline, product)
    headline_key = _key(_text(headline))
    description_keys = frozenset(_key(description) for description in descriptions)
    # A block prints a description only if its length is near one's: its key is made for those.
    lengths = [len(description) for description in descriptions]
    shortest, longest = (min(lengths) * 0.8, max(lengths) * 1.25) if lengths else (0.0, -1.0)
    items: list[_HeadItem] = []
    paragraphs: list[tuple[LexborNode, str]] = []  # unnamed, not yet asked whether prose
    after_prose = False
    for node, tag in _elements_after(headline):
        if not _may_be_head_block(node, tag):
            continue
        text = _text(node)
        if tag == "h1":
            if _key(text) == headline_key:
                continue  # the headline printed twice (one for small screens, one for large)
            break
        if not text:
            continue
        named = not after_prose and _named_dek(node, context)
        if named and paragraphs:  # asked only here: ``chrome_kind`` is the walk's dearest test
            after_prose = any(_is_prose_paragraph(*paragraph, context.named) for paragraph in paragraphs)
            named = not after_prose
            paragraphs.clear()
        if named:
            if _accepted(node, text, titles[0], context):
                described = _describes(text, descriptions) and _named_body_dek(node, context)
                items.append(_HeadItem(text, "named", described))
                break
            items.append(_HeadItem(text))
            if _refused_as_prose(node, text, titles[0]):
                break  # a dek refused as too long: what follows (a review badge) is no dek either
        elif (
            shortest <= len(text) <= longest
            and _key(text) in description_keys
            and _accepted(node, text, titles[0], context)
        ):
            items.append(_HeadItem(text, "printed"))
        else:
            items.append(_HeadItem(text))
            if tag == "p":
                paragraphs.append((node, text))
        if len(items) >= _MAX_HEAD_ITEMS:
            break
    return PageHead(tuple(items))


def _line_of(node: LexborNode) -> frozenset[int]:
    """The ids of ``node`` and its ancestors."""
    ids: list[int] = []
    current: LexborNode | None = node
    while current is not None:
        ids.append(current.mem_id)
        current = current.parent
    return frozenset(ids)


def reads_as_dek(text: str, title: str) -> bool:
    """Whether ``text`` reads as a dek: a sentence or two of prose (``_MIN_DEK_WORDS`` words of
    letters up to ``_MAX_DEK_CHARS`` characters), not cut short as a teaser is, and none of chrome's
    lines (a caption or credit, a byline, a date, a newsletter or cookie line, a correction or
    editor's note, an audio player's label, a paywall's counter), nor the headline."""
    if len(text) > _MAX_DEK_CHARS or word_count(_NOT_LETTERS.sub(" ", text)) < _MIN_DEK_WORDS:
        return False
    if "©" in text:  # a photo's credit: "… in Bremen aus. © CAE"
        return False
    if len(_SENTENCE_BREAK.findall(text)) >= _MAX_DEK_SENTENCES or text.endswith(_CUT_SHORT):
        return False
    if _key(text) == _key(title) or _NOTE_LINE.search(text):
        return False
    return chrome_kind(text) is None and not is_caption(text) and not is_metadata_line(text)


def _in_body(key: str, block_keys: frozenset[str], body_key: str, first_key: str) -> bool:
    """Whether the body holds the words ``key`` stands for: as a block, inside its text, or, for
    a short key, opening its first block ("Storm costs rise again, the council said …")."""
    if key in block_keys or f"{first_key} ".startswith(f"{key} "):
        return True
    return len(key) >= _MIN_INSIDE_KEY_CHARS and key in body_key


def _describes(text: str, descriptions: Sequence[str]) -> bool:
    """Whether ``text`` says what one of the page's ``descriptions`` says: the same words, or the
    one's words open the other's (a description cut at a word, a dek with a sentence more)."""
    key = _key(text)
    for description in descriptions:
        other = _key(description)
        if not other:
            continue
        shorter, longer = sorted((key, other), key=len)
        if shorter == longer or (
            len(shorter) >= _MIN_INSIDE_KEY_CHARS
            and len(shorter) >= _MIN_DESCRIBED_SHARE * len(longer)
            and f"{longer} ".startswith(f"{shorter} ")
        ):
            return True
    return False


def _named_body_dek(node: LexborNode, context: _HeadContext) -> bool:
    """Whether the element that names ``node`` a dek (``_dek_box``) names it by one of
    ``_BODY_DEK_NAMES``, and by none of ``_NOT_BODY_DEK_NAMES``."""
    box = _dek_box(node, context.named)
    if box is None:
        return False
    parts = _attribute_parts(box)
    return _names(parts, _BODY_DEK_NAMES) and not _names(parts, _NOT_BODY_DEK_NAMES)


def body_opening_dek(head: PageHead, blocks: Sequence[Block]) -> str | None:
    """The dek that opens the body (``blocks``): the first block, where the page names it a
    standfirst, dek, deck or summary, prints it under its headline before any paragraph of prose,
    and its description says the same (``_HeadItem.described``). The body's container holds it,
    as the Independent's, TheWeek's or a WordPress theme's "article-summary" does; it is the
    standfirst, and ``pages.py`` takes it out of the text. A lede named "intro" or "lead", or one
    the page's description merely copies, stays the body's."""
    if not any(item.source == "named" and item.described for item in head.items):
        return None  # most pages: their words are not read
    first_key = next((key for block in blocks if (key := _key(block.text))), "")
    if not first_key:
        return None
    for item in head.items:
        key = _key(item.text)
        if not key:
            continue
        if key == first_key and item.source == "named" and item.described:
            return item.text
        if item.source == "named" or _in_body(key, frozenset(), first_key, first_key):
            return None
    return None


def find_standfirst(head: PageHead, blocks: Sequence[Block]) -> str | None:
    """The standfirst among ``head``'s items before the first the body (``blocks``) holds: the
    first named as a dek, else the first that prints the page's description. None where neither
    is, or the body holds its words (a lede the body keeps is no standfirst)."""
    if not any(item.source for item in head.items):
        return None
    keys = [_key(block.text) for block in blocks]
    block_keys = frozenset(keys)
    body_key = " ".join(keys)
    first_key = next((key for key in keys if key), "")
    printed: str | None = None
    for item in head.items:
        key = _key(item.text)
        if not key:
            continue
        if _in_body(key, block_keys, body_key, first_key):
            break
        if item.source == "named":
            return item.text
        if item.source == "printed" and printed is None:
            printed = item.text
    return printed
