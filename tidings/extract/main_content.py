"""The main content of an HTML page, found over selectolax's Lexbor DOM: Tidings' own fast extractor.

Written by hand because the speed goal of issue 6 (half the fastest peer's pages per CPU second)
rules out every Python extractor we measured: trafilatura prunes its lxml tree node by node in
Python, and readability-lxml and newspaper4k are slower still. Lexbor parses in C, and its CSS
engine finds and removes nodes in C, so the Python work here is per paragraph and per block, not
per node.

The method is Readability's, reduced to what the benchmarks rewarded:
1. Remove what is never article text (scripts, navigation, forms, asides …).
2. Score containers: each paragraph of prose gives points (length, commas) to its parent, a half
   to its grandparent and a third above; a container's score shrinks with its link density and
   grows or shrinks with class/id names that say "article" or "sidebar". A container named as
   readers' comments, a sidebar, a related list … cannot win. Phrasing elements nested in others
   (the <b>s a page leaves open before each paragraph), and runs of containers that each hold
   only paragraphs and the next (the <div>s a page leaves open), pass their points to the outermost.
   A best container of under 500 characters that is a card of a list, or the list (a teaser card
   named "content", which may have won on its name alone), gives way to the best by tags and
   paragraphs alone when that one holds more text and does not hold it (as Readability scores a
   short result again without class weights).
3. Take the best container with the other parts of a split article (containers of the same tag
   and classes, near it also with or without a class that marks a variant, or siblings, that score
   at least a fifth as well; one inside another is read with it, unless it would be removed or
   flattened there); in them, remove boilerplate named by class or id (share bars, newsletter
   boxes, related lists, credits …), then collect blocks (paragraphs, headings, list items,
   quotes, tables, also inside phrasing elements) and drop link lists, but not a paragraph of
   prose around its links.

Values marked "Readability's" are Mozilla Readability.js's; the others were chosen by reading the
losses on the dev parts of the three extraction sets (Zyte, Big9+Chaos, trafilatura-eval) with
bench/extraction.py, as docs/benchmarks.md ("Extraction", 2026-12-04) records.

``pages.py`` then runs the chrome pass (``chrome.py``) on these blocks, as on trafilatura's.
"""

from __future__ import annotations

import html as html_lib
import re
import secrets
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice, pairwise

from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

from tidings.extract import rules
from tidings.extract.blocks import (
    LINE_BREAK,
    PICTURE_KIND,
    Block,
    add_loose_blocks,
    line_text,
    with_pictures_attached,
    without_break_hints,
)
from tidings.extract.chrome import chrome_kind, run_on_credit
from tidings.extract.images import Picture, is_smaller_version, picture_from_attributes

__all__ = [
    "CAPTION_CLASS",
    "CREDIT_CLASS",
    "IMAGE_FILE_LINK",
    "clean_caption",
    "find_main_content",
    "is_boilerplate_box",
]


# Never article text, removed from the body before scoring (one CSS query). Elements that hold
# no text (input, embed, link, meta, map, canvas) are left alone: each name costs the query time.
# Commonest first (script, svg, option, button … on the Zyte dev pages): Lexbor tries the names in
# turn and stops at the one that matches.
_NEVER_CONTENT_TAGS = [
    "script", "svg", "option", "button", "noscript", "nav", "header", "aside", "footer", "style",
    "picture", "iframe", "template", "math", "select", "textarea", "object", "dialog", "menu", "audio",
    "video", "rt", "rp",
]  # fmt: skip
# The commonest tags of a page (a, div, li and span are two thirds of a Zyte dev page's elements), none
# of them one of the above: Lexbor tries every name of a list in turn, and an element that is one of
# these is told apart by a few, not by all 23 (0.13 against 0.19 ms a Zyte dev page's query, the same
# elements found, 2026-12-06).
_COMMON_TAGS = ("a", "div", "li", "span", "p", "img", "ul", "path")
# Forms wrap whole pages on some CMSs (ASP.NET); only a form with no paragraph is removed.
_NEVER_CONTENT_FORM = "form:not(:has(p))"
# Hidden elements and navigation landmarks. Lexbor tries every selector of a list on every element,
# and one with no role or style attribute fails a test behind it at once: the form among the tags,
# the tags commonest first, and each role and style behind its attribute found the same elements as
# a selector for each (and the tags in their old order) in 0.020 ms a Zyte dev page less (2026-12-06).
_HIDDEN_SELECTOR = (
    '[hidden], [aria-hidden="true"], [role]:is([role="navigation"], [role="complementary"]),'
    ' [style]:is([style*="display:none" i], [style*="display: none" i])'
)
_NEVER_CONTENT_SELECTOR = (
    f":not({', '.join(_COMMON_TAGS)}):is({', '.join(_NEVER_CONTENT_TAGS)}, {_NEVER_CONTENT_FORM}), "
    + _HIDDEN_SELECTOR
)
# Class or id words that name boilerplate inside an article container. Case-insensitive
# substrings, after Readability's "unlikely candidates" and trafilatura's discard lists.
_BOILERPLATE_WORDS = (
    "share", "social", "newsletter", "subscription", "signup", "sign-up", "cookie", "sidebar",
    "breadcrumb", "related", "comment", "footer", "promo", "advert", "outbrain", "taboola",
    "popular", "most-read", "mostread", "recommend", "byline", "author", "tags", "tag-list",
    "timestamp", "dateline", "meta", "sponsor", "pagination", "pager", "popup", "modal", "toolbar",
    "print", "caption", "credit", "read-more", "readmore", "more-stories", "next-", "prev-",
    "sr-only", "visually-hidden", "screen-reader", "skip", "banner", "widget",
)  # fmt: skip
# "share" is found inside names ("sharebar", "sharetools", "sharedaddy"), but not as the word
# "shared", an adjective that names what it describes: readability's "mercurial" page lost its
# sections "evolve-shared-mutable-history" and "example-1-amend-a-shared-changeset" (2026-12-07,
# early: no other dev page changed). Read as a whole word only, as Readability reads its share
# names, "share" let in CNN's share boxes ("cnnShareThisBox" …) on ten Big9+Chaos pages. The
# container scores read it so too (``_UNLIKELY``, ``_NEGATIVE``): "shared-content", "post-shared".
_SHARE_TAIL = {"share": "(?!d(?![a-z0-9]))"}
_BOILERPLATE_NAME = re.compile(rules.literal_alternation(_BOILERPLATE_WORDS, tails=_SHARE_TAIL))
# Advertisement and navigation classes: "ad", "ad-slot", "top-ad-unit", "nav-links", "site-nav".
# Each branch opens on a literal, the condition on what precedes it after (a lookbehind), so that
# the engine skips to the places where one can begin: "ad" at the start or after white space,
# "nav" there or after "-" (the same matches as "(?:^|\s)ad(?:-|\s|$)|-ad-|(?:^|[\s-])nav|menu",
# at a third of the cost).
_BOILERPLATE_CLASS = re.compile(r"-ad-|ad(?<=(?<!\S)ad)(?:[-\s]|$)|menu|nav(?<=(?<![^\s-])nav)")
_BOILERPLATE_ID = re.compile(r"^ad-")
# The elements whose names are read (one CSS query; matching ~100 name patterns in Lexbor's
# selector engine cost twice as much as reading the names here, 2026-12-04). Figures are
# pictures and their captions, which the benchmarks' gold leaves out.
_NAMED_OR_FIGURE = "figure, [class], [id]"
_FIGURE_CONTENT = "table, pre"
# Names of containers that are never the article, unless they also say "article" or "content"
# (Readability's unlikely and maybe candidates). Readability removes them before scoring; here they
# only keep a container from winning, since layout wrappers far above the article carry such names
# ("theiaStickySidebar", "penci_sidebar").
_UNLIKELY_WORDS = (
    "comment", "disqus", "sidebar", "related", "footer", "social", "share", "newsletter", "popular",
    "most-read", "recommend", "outbrain", "taboola", "breadcrumb", "pagination", "cookie", "consent",
    "gdpr", "popup", "modal", "banner", "sponsor", "promo", "subscription", "signup", "menu", "masthead",
)  # fmt: skip
_UNLIKELY = re.compile(rules.literal_alternation(_UNLIKELY_WORDS, tails=_SHARE_TAIL))
# Unlikely names are read on the container and its parent; comment names up to its grandparent (a
# comment's paragraphs score in its body, the comment and the list). One level let comments win
# on macrumors.com (Zyte 0.974); three for unlikely names took sidebar layouts (Big9+Chaos 0.958
# against 0.963), 2026-12-04.
_UNLIKELY_LEVELS = 2
_COMMENT_LEVELS = 3
# Readers' comments, whatever else the name says ("comment-content", "comment-body").
_COMMENTS = re.compile(r"comment(?!ary)|disqus|replies")
_MAYBE = re.compile(
    rules.literal_alternation(
        ("and", "article", "body", "column", "content", "main", "shadow", "story", "post", "entry")
    )
)
# A boilerplate-named element holding more than this share of its container's text is the article.
_MAX_BOILERPLATE_SHARE = 0.5
# Class or id names that lift or sink a container's score by _CLASS_WEIGHT (Readability's lists and
# weight, with a few words of our own).
_POSITIVE = re.compile(
    rules.literal_alternation(
        ("article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text", "blog",
         "story", "prose")
    )
)  # fmt: skip
# "hid" counts only as a whole name, between spaces or the ends ("^hid$| hid$| hid |^hid ").
# "share" not as "shared" (``_SHARE_TAIL``).
_NEGATIVE = re.compile(
    rules.literal_alternation(
        ("-ad-", "hidden", "hid", "banner", "combx", "comment", "com-", "contact", "foot", "footer",
         "footnote", "gdpr", "masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share",
         "shoutbox", "sidebar", "skyscraper", "sponsor", "shopping", "tags", "widget", "teaser", "recommend",
         "newsletter", "social", "nav", "menu"),
        tails={"hid": "(?<=(?<![^ ])hid)(?![^ ])", **_SHARE_TAIL},
    )
)  # fmt: skip
_CLASS_WEIGHT = 25.0
# A photo gallery inside the article's body: an element named as one ("type-gallery", "full-gallery",
# "slideshow", "carousel") whose slides are numbered ("1/43", "2/43" …). The Independent sets one
# of 31 to 43 captioned news photos ("World news in pictures") between an article's paragraphs;
# the gold of Big9+Chaos leaves them out. A page that is a slideshow (economictimes.com's, whose
# slides are the article) holds little text beside it, and keeps it (``_MIN_TEXT_BESIDE_GALLERY``).
_GALLERY_ELEMENTS = (
    '[class*="gallery" i], [id*="gallery" i], [class*="slideshow" i], [id*="slideshow" i], '
    '[class*="carousel" i], [id*="carousel" i]'
)
_SLIDE_COUNTER = re.compile(r"(?<![\d/])(\d{1,3}) ?/ ?(\d{1,3})(?![\d/])")
# The article's own text beside a gallery it holds, in characters: Readability's short container.
_MIN_TEXT_BESIDE_GALLERY = 500
# A sponsored box or a paid partner's article, told by its label line (``rules.SPONSOR_LABEL``):
# scroll.in prints a paid article ("Sponsored Content BY" and the advertiser's logo) after its
# own, built as its own, and the split-article rule read its body as the article's second part; an
# old Forbes page boxes "Presented By Luxury Link" in its story's table. Its words are looked for
# in a part's text before its elements are read: few parts hold any of them.
_SPONSOR_LABEL = re.compile(rules.SPONSOR_LABEL)
_SPONSOR_LABEL_WORDS = ("sponsor", "partner", "presented by", "brought to you", "paid", "promoted", "advert")
# What a part's text must hold for its label lines to be looked for: the labels' words less "paid",
# "partner" and "advert" alone, which prose and every "Advertisement" slot hold (a label of one of
# them alone is let go). Sought as substrings of the lower-cased text: a case-blind regular
# expression over a part's whole text cost 4% of a Zyte dev page's extraction.
_SPONSOR_PHRASES = (
    "sponsor", "promoted", "presented by", "brought to you", "paid content", "paid post", "paid story",
    "paid for", "partner content", "partner story", "partner post", "in partnership", "advertorial",
    "advertiser",
)  # fmt: skip
_LABEL_TAGS = "p, span, div, strong, b, em, small, h2, h3, h4, h5, h6, td, header, label"
_SPONSOR_LABEL_ELEMENTS = ", ".join(
    f":is({_LABEL_TAGS}):lexbor-contains('{word}' i)" for word in _SPONSOR_LABEL_WORDS
)
# A label is a short line: longer, the words open prose ("Presented by the council, the plan …").
_MAX_SPONSOR_LABEL_CHARS = 80
# Marks an element whose removed header was a sponsor's label (``_mark_sponsored_articles``); random,
# as the pictures' marks are, so that no page can write it.
_SPONSORED_MARK = f"data-tidings-{secrets.token_hex(4)}-sponsored"
# How many nodes are read for the first line of an element (``_opens_with_sponsor_label``).
_MAX_LEADING_NODES = 50
# The most parts of a split article asked whether one is a paid article (``_without_sponsored``).
_MAX_SPONSOR_PARTS = 20
# Tags that hold one paragraph of prose; a paragraph shorter than this many characters scores nothing
# (Readability's).
_PARAGRAPH_SELECTOR = "p, pre, td, blockquote"
_MIN_PARAGRAPH_CHARS = 25
# Commas beyond this many in one paragraph are a list (of names, of places), not more prose:
# Harper's open letter's signatories outscored the letter until they were capped. 5 and 10 give
# Big9+Chaos 0.964 against 0.963 uncapped, Zyte and trafilatura-eval alike (2026-12-04).
_MAX_COMMA_POINTS = 10
_TEXT_CONTAINER_SELECTOR = "div, section, article, main"
# Phrasing elements. One nested in others is never scored: its paragraphs' points go to the
# outermost of them. The parser keeps formatting elements (<b>, <i>, <font> …) open across blocks:
# old CMSs open a <b> before each paragraph and never close it, each <b> nests in the one before and
# holds one paragraph and the rest, and a page of 20 paragraphs gave its points to 20 <b>s of which
# the deepest that won held the last half (audit 2026-12-06). The outermost one stays a candidate:
# old BBC News pages wrap the story in <font size="2"> beside a list of other sites' stories.
# Passing the points of every formatting element on cost Big9+Chaos 0.0003 F1 (six BBC pages
# worse, one better), of every phrasing element 0.0006 (<span> wrappers on six more); 2026-12-06.
_INLINE_TAGS = frozenset(
    {
        "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
        "span", "abbr", "cite", "dfn", "kbd", "mark", "q", "samp", "sub", "sup", "var", "label", "time",
    }
)  # fmt: skip
# Containers that continue one of the same tag around them (see ``_continued_container``) pass it their
# points, as nested phrasing elements do.
_RUN_CONTAINER_TAGS = frozenset({"div", "section", "article", "main"})
# How many containers in a row must each hold only paragraphs and then the next before they count as
# one left open. A page's own wrappers make one or two such steps (a byline or standfirst <p>, then
# the body): merged, the wrapper took the body's points, lost its "article" bonus and, winning,
# brought in its menus and sidebars (review of 4d39258, 2026-12-06).
_RUN_MIN_STEPS = 3
# A container needs the points of a few paragraphs (one short "article-date" line gives 1.3).
_MIN_CONTAINER_POINTS = 3.0
# Readability's tag scores, and ours for the HTML5 containers (article, main, section).
_TAG_BONUS = {"div": 5.0, "article": 10.0, "main": 5.0, "section": 3.0, "pre": 3.0, "td": 3.0,
              "blockquote": 3.0, "ol": -3.0, "ul": -3.0, "li": -3.0, "form": -3.0, "dl": -3.0,
              "h1": -5.0, "h2": -5.0, "h3": -5.0, "th": -5.0}  # fmt: skip
# A best container with less text than this (Readability's character threshold, under which it
# scores the page again without class weights) may have won on its name: a teaser card or a related
# story's excerpt named "content", "post-text" or "excerpt" (+25) beat an article written as one or
# two long paragraphs (a paragraph's points stop growing at 300 characters) in a container with no
# such name. The page is then ranked on tags and paragraphs alone (``_main_parts``).
_SHORT_CONTAINER_CHARS = 500
# A short best container gives way only where it is one of at least this many elements of its tag
# and class attribute, or holds as many such children: a card of a list or the list, not an
# article that happens to be short.
_MIN_CARDS = 3
# Children that are never cards, however classed: an article's own paragraphs and items often all
# carry one class ("paragraph", "css-…").
_NO_CARD_TAGS = frozenset({"p", "a", "br", "img"})
_CARD_CONTENT = "p, div, h2, h3, h4, img"
# Among the best-scoring containers, these many get the (costlier) link-density check
# (Readability's five top candidates).
_TOP_CANDIDATES = 5
# Another part joins the best container when it scores at least this share of the best and at
# least _MIN_PART_SCORE (Readability's sibling rule).
_SIBLING_SHARE = 0.2
_MIN_PART_SCORE = 10.0
# A class that marks one container of a kind as a variant of the others, which the split article's
# other parts lack: a BEM modifier of one of the kind's classes ("block-text_initial-letter", the
# first part's drop cap; "body--wide") or a name generated for one element, which ends in a number
# or hash ("vc_custom_1563455446145", WPBakery's per-element style; "elementor-element-77735e7").
# A modifier is "--" or "_" after the class, not "__" (a BEM element: "article__footer" is another
# thing) nor "-" ("content-sidebar" is another block). Generated ends have four characters or more,
# one a digit: layout classes end in one or two ("col-md-8", "span8").
_MODIFIER = re.compile(r"(?<!_)_(?!_)|--")
_GENERATED_END = re.compile(r"[-_](?=[0-9A-Za-z]*[0-9])[0-9A-Za-z]{4,}$")
# Generated names are taken only from page builders that give one element of a text column its own
# style, and whose other text columns are the article's other parts: WPBakery ("vc_custom_…"),
# Elementor ("elementor-element-…") and Beaver Builder ("fl-node-…"). Any generated end took in
# teaser cards that a site builds from the article's own classes and a name of its own
# ("story-body post-12345", "story-body css-1x2y3z4"; review of 73d255c, 2026-12-07).
_PAGE_BUILDER_ELEMENT = re.compile(r"vc_custom_|elementor-element-|fl-node-")
# A modifier that names furniture makes another thing of the kind, not a part of the article: teaser
# cards, related boxes and compact list items are styled as the article's body and say so in their
# modifier ("story-body--teaser", "story-body_compact"). Read as the modifier's words ("--teaser-small").
_FURNITURE_MODIFIERS = frozenset(
    {
        "teaser", "related", "promo", "card", "compact", "sidebar", "widget", "aside", "rail", "preview",
        "excerpt", "thumb", "thumbnail", "mini", "recommended", "sponsored", "latest", "popular",
        "trending", "feed", "tile",
    }
)  # fmt: skip
_MODIFIER_WORDS = re.compile(r"[-_]+")
# A part with classes other than the container's joins it only near it: its parent or grandparent
# also holds the container (an article's blocks in one column). The split articles that the variant
# rule was made for hang one or two levels below what they share with the container (the Russian
# magazine's drop-cap part, emotion.de's lead part, management-circle.de's styled column); a
# rail of teasers beside the article's column, or boxes further down the page, mostly hang deeper.
_VARIANT_LEVELS = 2
# HTML splits a class attribute on ASCII white space only; Python's str.split() also splits on
# no-break spaces, U+001C to U+001F and U+2028, which are part of a class name to the browser and to
# Lexbor's [class~=] (a container classed "story\u00a0body" was read as one classed "story body").
_CLASS_SEPARATORS = re.compile(r"[ \t\n\f\r]+")
# Where reading an outer part removes or flattens what a part inside it holds: a figure and a
# boilerplate-named element are removed (``_remove_boilerplate``), and a <pre> becomes one block. A
# part inside one of them is read on its own, as it was before parts nested in parts were read once
# (readability's "mercurial" page lost 42 paragraphs in a section whose id, "…-shared-…", read as a
# share bar's; review of 73d255c, 2026-12-07). A table
# would become one block too, which link density may drop (the part lost) or keep (the part read
# twice, with the links beside it); but a table that holds a part of the article is a layout
# table, and the outer part reads it cell by cell (``_walk``'s ``layout_tables``).
_CUT_OFF_TAGS = frozenset({"pre", "figure"})
# What ``_same_kind_parts`` gives for an article that is not split.
_NOT_SPLIT: tuple[None, frozenset[int]] = (None, frozenset())
# Block elements: each yields one block when it holds no other block element.
_BLOCK_TAGS = frozenset(
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "table", "figcaption", "dd",
        "dt", "div", "section", "article", "main", "ul", "ol", "dl", "figure", "address", "details",
        "summary", "center", "tr", "td", "th", "caption", "hr", "form", "fieldset",
    }
)  # fmt: skip
# Matches an element that holds a block element (Lexbor's selectors match the node itself too).
# Only the block tags that structure text are looked for: each tag in a :has() list costs Lexbor
# a pass over the subtree (the full list of 34 took 2.7 times as long on the Zyte dev pages).
_STRUCTURE_TAGS = (
    "div", "p", "ul", "ol", "li", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "article", "blockquote", "pre", "figure", "dl",
)  # fmt: skip
_HAS_BLOCK_SELECTOR = f":has({', '.join(_STRUCTURE_TAGS)})"
_LEAF_DIV_SELECTOR = f"div:not({_HAS_BLOCK_SELECTOR})"
_KEPT_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "table", "figcaption"}
)
# Link text is the text of <a> elements, but for targets: an <a name> or <a id> without an href marks
# a place to link to, and some pages wrap whole sections in one (netbits.us, trafilatura-eval: the
# article read as all link text). An <a> with neither is a link's placeholder, mostly a control run
# by a script ("Replay", "Click to expand...", "Erweitern"), and stays link text: counting only
# <a href> changed ten more dev pages, mostly by such lines (Zyte F1 0.97692 against 0.97688,
# Big9+Chaos 0.96517 against 0.96518), 2026-12-06.
_LINK_SELECTOR = "a:not(:not([href]):is([name], [id]))"
# The same test on a block's markup as Lexbor writes it: each attribute ` name="value"`, with `"`, `<`
# and `>` in a value written as entities. The attributes before the one looked for are read whole,
# so that " href" inside another's value (title=" href=x") does not count. Not a CSS query a block:
# 2.4 µs a short paragraph against a regex's 1.5; this one reads a Zyte dev page's blocks in 0.016 ms,
# the one before it (which read " href" anywhere in the tag) in 0.021 (2026-12-06).
_ATTRIBUTES_BEFORE = r'(?:\s[^\s>]*?="[^"]*")*?'
_LINK_TEXT = re.compile(
    rf'<a(?=[\s>])(?:(?={_ATTRIBUTES_BEFORE}\shref=")|(?!{_ATTRIBUTES_BEFORE}\s(?:name|id)="))[^>]*>(.*?)</a>',
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"<[^>]*>")
# A block whose link text is more than this share of its text is a link list, not prose
# (the higher of Readability's two limits, for a well-named element).
_MAX_LINK_DENSITY = 0.5
# A paragraph of prose is kept up to this share: one at least _MIN_LINKED_PROSE_CHARS long that ends a
# sentence is text written around its links (a company's name, a book's title, "as 9to5Toys
# reported"), where a link list's items are headlines, short and mostly without a full stop.
# Readability drops no <p> for its links at all. On the dev pages (2026-12-06, late night), 150
# characters and 0.7 changed 11 pages, 8 by a paragraph of the article's own, one by its author's
# note, one by a blog's "filed under" line, and one by a paragraph with a hover card's headlines in
# it (thehill.com); 100 and 0.8 changed 25; 0.8, 0.9 or 1.0 let in that site's hover cards on a second
# page (its precision 0.974 -> 0.851). F1 Zyte 0.9776 -> 0.9779, trafilatura-eval 0.9044 -> 0.9047,
# Big9+Chaos 0.9656 -> 0.9657. A <p> element only, not a <div> of text: a theme's "This entry was
# posted in … and tagged … Bookmark the permalink." (WordPress TwentyTen's div.entry-utility) and
# theatlantic.com's author's note are such divs; the review of 73d255c (2026-12-07) found them, and
# the rule for <p> alone left them out and kept the other 9 pages' gains.
_MAX_PROSE_LINK_DENSITY = 0.7
_MIN_LINKED_PROSE_CHARS = 150
_SENTENCE_ENDS = frozenset('.!?…"”“»«’')


def _names(node: LexborNode) -> str:
    """Class and id, lower-cased: the name patterns are lower case (a case-insensitive pattern
    costs Python's re several times as much)."""
    attributes = node.attributes
    return f"{attributes.get('class') or ''} {attributes.get('id') or ''}".lower()


def _class_weight(node: LexborNode) -> float:
    names = _names(node)
    if names == " ":
        return 0.0
    weight = -_CLASS_WEIGHT if _NEGATIVE.search(names) else 0.0
    return weight + _CLASS_WEIGHT if _POSITIVE.search(names) else weight


def _paragraph_points(text: str) -> float:
    # Conditional expressions, not min(): 0.4 against 0.75 µs a paragraph, 0.008 ms a Zyte dev page
    # (2026-12-06).
    commas = text.count(",")
    commas = commas if commas < _MAX_COMMA_POINTS else _MAX_COMMA_POINTS
    length = len(text) / 100.0
    return 1.0 + commas + (length if length < 3.0 else 3.0)


def _link_density(node: LexborNode, text_length: int) -> float:
    """The share of ``node``'s text that is link text (one CSS query: for a few nodes only)."""
    if text_length == 0:
        return 1.0
    links = sum(len(link.text(strip=True, skip_empty=True)) for link in node.css(_LINK_SELECTOR))
    return min(links / text_length, 1.0)


def _markup_link_density(markup: str, text_length: int) -> float:
    """The same share read from a block's serialised markup, without a CSS query."""
    if text_length == 0:
        return 1.0
    if "<a" not in markup:
        return 0.0
    links = sum(len(_decoded_link_text(link)) for link in _LINK_TEXT.findall(markup))
    return min(links / text_length, 1.0)


def _decoded_link_text(inner_markup: str) -> str:
    """A link's text from its inner markup, measured as the block's text is (``_line_text``):
    entities decoded, white space collapsed, no soft hyphens or word joiners. Counted raw, "AT&amp;T"
    was eight characters of a text where it is four, and a hyphenated German link read 0.55 of a
    paragraph whose text it was 0.48 of: blocks of prose were dropped as link lists."""
    return " ".join(without_break_hints(html_lib.unescape(_TAG.sub("", inner_markup))).split())


@dataclass(slots=True)
class _Candidate:
    """A container and the points its paragraphs gave it. Its weight (tag and names) is read when its
    score is first asked for: only those with a few paragraphs' points are ranked, a third of a Zyte
    dev page's candidates, and reading the others' names cost 0.029 ms a page (2026-12-06)."""

    node: LexborNode
    tag: str
    points: float = 0.0
    base: float | None = None

    @property
    def score(self) -> float:
        base = self.base
        if base is None:
            base = self.base = _TAG_BONUS.get(self.tag, 0.0) + _class_weight(self.node)
        return base + self.points


def _score_containers(root: LexborNode) -> dict[int, _Candidate]:
    """Readability's scores: each paragraph's points go to its parent, half to its grandparent,
    a third to the one above. Three CSS queries in all: selectolax compiles a selector at each."""
    # Paragraphs; a <div> with no block inside, which Readability reads as a paragraph; and text
    # written straight into a container between its blocks (lines split by <br>), which makes it a
    # paragraph of its own (the container itself is the first to get its points). A text node of
    # white space alone strips to nothing: skip_empty leaves it out before it is decoded (with the
    # other stripped texts read so, 0.009 ms a Zyte dev page less, 2026-12-06).
    paragraphs = root.css(_PARAGRAPH_SELECTOR)
    divisions = root.css(_LEAF_DIV_SELECTOR)
    containers = root.css(_TEXT_CONTAINER_SELECTOR)
    scores: dict[int, _Candidate] = {}
    # The candidates a paragraph's points go to, by its parent: most paragraphs share their parent
    # with others, and walking up (a Python object for each node) cost more than the queries.
    chains: dict[int, list[_Candidate]] = {}
    runs: dict[int, LexborNode] = {}
    for nodes, own_text in ((paragraphs, False), (divisions, False), (containers, True)):
        for node in nodes:
            text = (
                node.text(deep=False, strip=True, skip_empty=True)
                if own_text
                else node.text(strip=True, skip_empty=True)
            )
            if len(text) < _MIN_PARAGRAPH_CHARS:
                continue
            first = node if own_text else node.parent
            if first is None:
                continue
            chain = chains.get(first.mem_id)
            if chain is None:
                chain = chains[first.mem_id] = _candidates_from(scores, first, runs)
            points = _paragraph_points(text)
            # Unrolled, the first without its division by one (which is exact): 0.013 ms a Zyte dev
            # page less than a loop over the chain (2026-12-06).
            if chain:
                chain[0].points += points
                if len(chain) > 1:
                    chain[1].points += points / 2.0
                    if len(chain) > 2:
                        chain[2].points += points / 3.0
    return scores


def _candidates_from(
    scores: dict[int, _Candidate], parent: LexborNode, runs: dict[int, LexborNode]
) -> list[_Candidate]:
    """The candidates for ``parent`` and the two elements above it (fewer below ``<html>``), made
    when first scored. A phrasing element nested in others, or a container that continues the one
    around it, stands for the outermost of them (``runs``: see ``_outermost``)."""
    chain: list[_Candidate] = []
    ancestor: LexborNode | None = parent
    while len(chain) < 3 and ancestor is not None:
        # A candidate already made is the outermost of its run.
        candidate = scores.get(ancestor.mem_id)
        if candidate is None:
            tag = ancestor.tag
            if tag in _INLINE_TAGS:
                ancestor = _outermost(ancestor, runs, _phrasing_parent)
                tag = ancestor.tag
            elif tag in _RUN_CONTAINER_TAGS:
                ancestor = _outermost(ancestor, runs, _continued_container)
                tag = ancestor.tag
            if tag in {"html", "#document", None}:
                break
            key = ancestor.mem_id
            candidate = scores.get(key)
            if candidate is None:
                candidate = scores[key] = _Candidate(ancestor, tag or "")
        chain.append(candidate)
        ancestor = candidate.node.parent
    return chain


def _outermost(
    node: LexborNode, known: dict[int, LexborNode], joined: Callable[[LexborNode], LexborNode | None]
) -> LexborNode:
    """The outermost of the elements around ``node`` that each join the one around them (``joined``
    gives the element joined, or None). ``known`` keeps the answer for each one passed: unclosed
    <b>s and <div>s nest thousands deep, and each paragraph's climb would otherwise pass all those
    before it."""
    passed: list[int] = []
    current = node
    while True:
        key = current.mem_id
        outermost = known.get(key)
        if outermost is not None:
            break
        passed.append(key)
        parent = joined(current)
        if parent is None:
            outermost = current
            break
        current = parent
    for key in passed:
        known[key] = outermost
    return outermost


def _phrasing_parent(node: LexborNode) -> LexborNode | None:
    parent = node.parent
    return parent if parent is not None and parent.tag in _INLINE_TAGS else None


def _continued_container(node: LexborNode) -> LexborNode | None:
    """The container that container ``node`` continues as a container left open does
    (``<div><p>…<div><p>…``): one of the same tag that holds only paragraphs and then ``node``
    (``_continuation``), in a run of at least ``_RUN_MIN_STEPS`` such steps, counted down from
    ``node`` and up from the container. Nothing but paragraphs before ``node`` keeps out a wrapper
    with a heading, menu or column before its body; the run's length, one with a byline <p>."""
    parent = node.parent
    if parent is None or parent.tag_id != node.tag_id:
        return None
    continued = _continuation(parent)
    if continued is None or continued.mem_id != node.mem_id:
        return None
    steps = 1
    inner = _continuation(node)
    while inner is not None and steps < _RUN_MIN_STEPS:
        steps += 1
        inner = _continuation(inner)
    outer, above = parent, parent.parent
    while steps < _RUN_MIN_STEPS and above is not None and above.tag_id == node.tag_id:
        continued = _continuation(above)
        if continued is None or continued.mem_id != outer.mem_id:
            break
        steps += 1
        outer, above = above, above.parent
    return parent if steps >= _RUN_MIN_STEPS else None


def _continuation(container: LexborNode) -> LexborNode | None:
    """The container of the same tag that is ``container``'s last thing, after nothing but one
    paragraph or more (blank text and comments aside); None when it holds anything else. Read from
    the end, which turns most containers away at their last or next-to-last child."""
    last = container.last_child
    while last is not None and (last.is_empty_text_node or last.is_comment_node):
        last = last.prev
    if last is None or last.tag_id != container.tag_id:
        return None
    paragraphs = 0
    before = last.prev
    while before is not None:
        if before.tag == "p":
            paragraphs += 1
        elif not (before.is_empty_text_node or before.is_comment_node):
            return None
        before = before.prev
    return last if paragraphs else None


def _in_unlikely_part(node: LexborNode) -> bool:
    """Whether ``node`` or a container around it is named as comments, a sidebar, a footer …
    (and not also as the article or its content)."""
    current: LexborNode | None = node
    for level in range(_COMMENT_LEVELS):
        if current is None or current.tag in {"body", "html", None}:
            break
        names = _names(current)
        if _COMMENTS.search(names):
            return True
        if level < _UNLIKELY_LEVELS and _UNLIKELY.search(names) and not _MAYBE.search(names):
            return True
        current = current.parent
    return False


def _best_container(
    scores: dict[int, _Candidate], *, by_name: bool = True
) -> tuple[LexborNode, float, int] | None:
    """The best-scoring container, its score after link density and its text's length;
    ``by_name=False`` ranks by tag and points alone (``_unnamed_score``)."""
    score_of: Callable[[_Candidate], float] = (
        (lambda candidate: candidate.score) if by_name else _unnamed_score
    )
    # A container needs the points of a few paragraphs; a name such as "article-date" alone
    # does not make one.
    ranked = sorted(
        (candidate for candidate in scores.values() if candidate.points >= _MIN_CONTAINER_POINTS),
        key=score_of,
        reverse=True,
    )
    best: tuple[LexborNode, float, int] | None = None
    checked = 0
    for candidate in ranked:
        score = score_of(candidate)
        # Link density only lowers a score: a candidate that scores less than the best so far
        # before it cannot beat it after, nor can any after it in this order.
        if checked == _TOP_CANDIDATES or (best is not None and score <= best[1]):
            break
        if _in_unlikely_part(candidate.node):
            continue
        checked += 1
        text_length = len(candidate.node.text(strip=True, skip_empty=True))
        final = score * (1.0 - _link_density(candidate.node, text_length))
        if best is None or final > best[1]:
            best = (candidate.node, final, text_length)
    return best


def _main_parts(
    scores: dict[int, _Candidate], root: LexborNode
) -> tuple[list[LexborNode], frozenset[int]] | None:
    """The parts of the article (``_article_parts``) around the best container, and the layout
    tables they hold; None when no container has the points of a few paragraphs.

    A short best container (``_SHORT_CONTAINER_CHARS``) that is a card of a list or the list
    (``_is_cards``) gives way to the best one by tags and paragraphs alone when that one is not
    short, does not hold it, and holds more text than it with its parts. On the dev pages
    (2026-12-07) that took the article in place of teaser cards on 4 trafilatura-eval pages
    (lostiempos.com's Drupal views list, daheim-solar.de's Elementor post grid, mixed.de's top-ten
    list, creativecommons.at; F1 0.906 -> 0.909) and changed no Zyte or Big9+Chaos page. Taken
    whenever it held more text than the short container alone, it made 4 pages worse: a contact
    box for a recipe's step (oetker.de), a recipe's step numbers for its steps (nestle-family.com),
    less of a product page (parallels.com), and a box of 376 characters that kept trafilatura from
    reading the page (a body of 30 words or more is not read again)."""
    best = _best_container(scores)
    if best is None:
        return None
    container, score, text_length = best
    parts, layout_tables = _article_parts(container, score, scores, root)
    if text_length >= _SHORT_CONTAINER_CHARS or not _is_cards(container, root):
        return parts, layout_tables
    unnamed = _best_container(scores, by_name=False)
    if unnamed is None:
        return parts, layout_tables
    unnamed_container, unnamed_score, unnamed_length = unnamed
    if (
        unnamed_length >= _SHORT_CONTAINER_CHARS
        and not _holds(unnamed_container, container)
        and unnamed_length > sum(len(part.text(strip=True, skip_empty=True)) for part in parts)
    ):
        return _article_parts(unnamed_container, unnamed_score, scores, root)
    return parts, layout_tables


def _is_cards(container: LexborNode, root: LexborNode) -> bool:
    """Whether ``container`` is one of a list's cards (at least ``_MIN_CARDS`` elements of its tag
    carry its very class attribute) or a list of them (as many of its children share a tag and a
    class attribute). A short article in a container of its own name ("content", "story-body")
    stays the article beside longer comments, teasers or a footer (review, 2026-12-07: ranked again
    without names, the page's wrapper or a teaser grid had won there)."""
    children = Counter(
        (child.tag, classes)
        for child in container.iter()
        if (classes := (child.attributes.get("class") or "").strip()) and _may_be_card(child)
    )
    if children and max(children.values()) >= _MIN_CARDS:
        return True
    classes = container.attributes.get("class") or ""
    if not classes.strip():
        return False
    # Compared here, not written into a selector: a class attribute may hold any character, a line
    # break too, which no CSS string may (Lexbor refused the query; review, 2026-12-07).
    same = sum(1 for node in root.css(container.tag or "div") if node.attributes.get("class") == classes)
    return same >= _MIN_CARDS


def _may_be_card(child: LexborNode) -> bool:
    """Whether a container's child may be a card of a list: not a paragraph, a line break or an
    image, and a list item or a span only where it holds a block (a teaser's paragraph or heading:
    a Drupal views list's ``<li class="views-row">``), not where it is an article's own item."""
    tag = child.tag
    if tag in _NO_CARD_TAGS:
        return False
    return tag not in {"li", "span"} or child.css_first(_CARD_CONTENT) is not None


def _holds(outer: LexborNode, inner: LexborNode) -> bool:
    """Whether ``inner`` is ``outer`` or inside it."""
    outer_id = outer.mem_id
    node: LexborNode | None = inner
    while node is not None:
        if node.mem_id == outer_id:
            return True
        node = node.parent
    return False


def _article_parts(
    container: LexborNode, score: float, scores: dict[int, _Candidate], root: LexborNode
) -> tuple[list[LexborNode], frozenset[int]]:
    """The container and the other parts of its article (``_same_kind_parts``, else its siblings
    that score near it), and the layout tables that hold a part."""
    # When the parts all nest in one, the sibling rule reads the page from the container, which may
    # be that one, layout tables and all.
    parts, layout_tables = _same_kind_parts(container, score, scores, root)
    if parts is None:
        parts = _with_siblings(container, score, scores)
    return parts, layout_tables


def _unnamed_score(candidate: _Candidate) -> float:
    """A candidate's score without its class and id weight: its tag's bonus and its points."""
    return _TAG_BONUS.get(candidate.tag, 0.0) + candidate.points


def _is_part(
    node: LexborNode, container: LexborNode, threshold: float, scores: dict[int, _Candidate]
) -> bool:
    """Whether ``node`` is the container or scores as another part of the same article."""
    if node.mem_id == container.mem_id:
        return True
    candidate = scores.get(node.mem_id)
    return candidate is not None and candidate.score >= threshold and not _in_unlikely_part(node)


def _same_kind_parts(
    container: LexborNode, score: float, scores: dict[int, _Candidate], root: LexborNode
) -> tuple[list[LexborNode] | None, frozenset[int]]:
    """The parts of an article split into several containers of the same tag and classes (around
    pictures, advertisements or section breaks), in page order, or None when it is not split; and
    the layout tables that hold a part inside another (``_outer_parts``). A part near the container
    may carry classes that mark it as a variant besides, or lack those of the container
    (``_is_variant_class``, ``_is_near``); one inside another part that reads it whole is in it
    already, and would be read twice."""
    class_name = container.attributes.get("class")
    if not class_name or '"' in class_name or "\\" in class_name:
        return _NOT_SPLIT
    names = _class_list(class_name)
    classes = frozenset(names)
    # The kind: the container's classes less those that mark it as a variant of the others.
    kind = [name for name in names if not _is_variant_class(name, classes)]
    if not kind:
        return _NOT_SPLIT
    threshold = max(_MIN_PART_SCORE, score * _SIBLING_SHARE)
    try:
        # Every part holds each of the kind's classes: one of them finds all.
        same_class = root.css(f'{container.tag}[class~="{kind[0]}"]')
    except SelectolaxError:  # a class or tag name Lexbor's CSS parser cannot read
        return _NOT_SPLIT
    kind_classes = frozenset(kind)
    container_and_above = _ancestor_ids(container)
    parts = [
        node
        for node in same_class
        if _is_part(node, container, threshold, scores)
        and _same_kind(node, classes, kind_classes, container_and_above)
    ]
    # The container's own query must find it; should it not, its classes were not read as Lexbor
    # reads them, and the parts found belong to something else.
    if len(parts) < 2 or not any(part.mem_id == container.mem_id for part in parts):
        return _NOT_SPLIT
    parts = _without_sponsored(parts)
    if len(parts) < 2:
        # A paid article built as the page's own may have outscored it (scroll.in): the article
        # is then the other part alone.
        return (parts if parts[0].mem_id != container.mem_id else None), frozenset()
    outer, layout_tables = _outer_parts(parts)
    return (outer if len(outer) > 1 else None), layout_tables


def _class_list(class_name: str) -> list[str]:
    """The class names of a class attribute, as HTML splits it (``_CLASS_SEPARATORS``)."""
    return [name for name in _CLASS_SEPARATORS.split(class_name) if name]


def _ancestor_ids(node: LexborNode) -> set[int]:
    """``node`` and the elements around it (``mem_id``)."""
    ids = set()
    current: LexborNode | None = node
    while current is not None:
        ids.add(current.mem_id)
        current = current.parent
    return ids


def _same_kind(
    node: LexborNode, classes: frozenset[str], kind: frozenset[str], container_and_above: set[int]
) -> bool:
    """Whether ``node`` has the container's ``classes``, or, near the container, those of its
    ``kind`` and besides them only classes of a variant."""
    own = frozenset(_class_list(node.attributes.get("class") or ""))
    if own == classes:
        return True
    return (
        kind <= own
        and all(_is_variant_class(extra, kind) for extra in own - kind)
        and _is_near(node, container_and_above)
    )


def _is_near(node: LexborNode, container_and_above: set[int]) -> bool:
    """Whether ``node``'s parent or grandparent holds the container (``_VARIANT_LEVELS``)."""
    above = node.parent
    for _ in range(_VARIANT_LEVELS):
        if above is None:
            return False
        if above.mem_id in container_and_above:
            return True
        above = above.parent
    return False


def _is_variant_class(name: str, classes: frozenset[str]) -> bool:
    """Whether class ``name`` marks a variant of the kind that ``classes`` name: a modifier of one
    of them that names no furniture (``_MODIFIER``, ``_FURNITURE_MODIFIERS``), or a page builder's
    name for one element (``_PAGE_BUILDER_ELEMENT``, ``_GENERATED_END``)."""
    if _PAGE_BUILDER_ELEMENT.match(name) and _GENERATED_END.search(name):
        return True
    for base in classes:
        if name.startswith(base):
            modifier = _MODIFIER.match(name, len(base))
            if modifier is not None:
                words = _MODIFIER_WORDS.split(name[modifier.end() :].lower())
                return not any(word in _FURNITURE_MODIFIERS for word in words)
    return False


def _outer_parts(parts: list[LexborNode]) -> tuple[list[LexborNode], frozenset[int]]:
    """``parts`` less those that another part reads whole: one inside another, with nothing on the
    way that reading the outer one removes or flattens (``_CUT_OFF_TAGS``, boilerplate names), the
    part itself included; and the tables on the way, which the outer part reads as layout. Linear
    in the elements above the parts: each is judged once (``read_from_above``), not once a part
    (2,000 parts 5,000 deep took 1.3 s)."""
    part_ids = {part.mem_id for part in parts}
    # Each element passed on the way up from a part: whether a part above it reads it whole.
    read_from_above: dict[int, bool] = {}
    layout_tables: set[int] = set()
    outer = []
    for part in parts:
        if _is_cut_off(part) or not _is_read_from_above(
            part.parent, part_ids, read_from_above, layout_tables
        ):
            outer.append(part)
    return outer, frozenset(layout_tables)


def _is_read_from_above(
    node: LexborNode | None, part_ids: set[int], known: dict[int, bool], layout_tables: set[int]
) -> bool:
    """Whether a part (``part_ids``) around ``node`` or ``node`` itself reads ``node`` whole, adding
    the tables passed on the way to ``layout_tables`` when one does; ``known`` keeps the answer for
    every element passed."""
    passed: list[int] = []
    tables: list[int] = []
    answer = False
    current = node
    while current is not None:
        key = current.mem_id
        if key in part_ids:
            answer = True
            break
        cached = known.get(key)
        if cached is not None:
            answer = cached  # the tables above were added when it was first passed
            break
        passed.append(key)
        if _is_cut_off(current):
            break
        if current.tag == "table":
            tables.append(key)
        current = current.parent
    for key in passed:
        known[key] = answer
    if answer:
        layout_tables.update(tables)
    return answer


def _is_cut_off(node: LexborNode) -> bool:
    """Whether reading a part around ``node`` removes or flattens it (``_CUT_OFF_TAGS``)."""
    if node.tag in _CUT_OFF_TAGS:
        return True
    attributes = node.attributes
    return _is_boilerplate_name(attributes.get("class") or "", attributes.get("id") or "")


def _with_siblings(container: LexborNode, score: float, scores: dict[int, _Candidate]) -> list[LexborNode]:
    """The container and those of its siblings that score near it (an article split in parts)."""
    parent = container.parent
    if parent is None or container.tag == "body":
        return [container]
    threshold = max(_MIN_PART_SCORE, score * _SIBLING_SHARE)
    kept = []
    for sibling in parent.iter():
        if _is_part(sibling, container, threshold, scores):
            if sibling.mem_id == container.mem_id or not _opens_with_sponsor_label(sibling):
                kept.append(sibling)
        elif sibling.tag == "p":
            text = sibling.text(strip=True, skip_empty=True)
            if len(text) > 80 and _link_density(sibling, len(text)) < 0.25:
                kept.append(sibling)
    return kept


def _remove_slide_galleries(part: LexborNode) -> None:
    """Remove the photo galleries in ``part`` (``_GALLERY_ELEMENTS`` with numbered slides,
    ``_is_slide_gallery``) beside which the part holds an article's text of its own."""
    galleries = [node for node in part.css(_GALLERY_ELEMENTS) if node.mem_id != part.mem_id]
    if not galleries:
        return
    found = [gallery for gallery in _outermost_of(galleries) if _is_slide_gallery(gallery)]
    if not found:
        return
    beside = len(part.text(strip=True)) - sum(len(gallery.text(strip=True)) for gallery in found)
    if beside < _MIN_TEXT_BESIDE_GALLERY:
        return
    for gallery in found:
        gallery.decompose()


def _is_slide_gallery(node: LexborNode) -> bool:
    """Whether ``node`` numbers its slides: its text counts "1/N" and "2/N" of the same N."""
    totals: dict[str, set[str]] = {}
    for number, total in _SLIDE_COUNTER.findall(node.text(separator=" ")):
        if number in {"1", "2"} and total not in {"1", "0"}:
            totals.setdefault(total, set()).add(number)
    return any(len(numbers) == 2 for numbers in totals.values())


def _mark_sponsored_articles(never_content: list[LexborNode]) -> None:
    """Marks (``_SPONSORED_MARK``) the element around each ``<header>`` about to be removed that
    opens with a sponsor's label line: scroll.in prints "Sponsored Content BY" in the header of a
    paid article, and the header goes before the parts are chosen."""
    for node in never_content:
        if node.tag == "header" and _opens_with_sponsor_label(node):
            parent = node.parent
            if parent is not None:
                parent.attrs[_SPONSORED_MARK] = ""


def _without_sponsored(parts: list[LexborNode]) -> list[LexborNode]:
    """``parts`` less those in a sponsored branch (``_in_sponsored_branch``) below the element that
    holds them all, unless every part is in one. Asked of a few parts only (``_MAX_SPONSOR_PARTS``):
    an article split in more is no page's with a paid article beside it."""
    if not 2 <= len(parts) <= _MAX_SPONSOR_PARTS:
        return parts
    common = _common_ancestor_ids(parts)
    kept = [part for part in parts if not _in_sponsored_branch(part, common)]
    return kept or parts


def _common_ancestor_ids(nodes: list[LexborNode]) -> set[int]:
    """The ids of the elements that hold every one of ``nodes``."""
    common = _ancestor_ids(nodes[0])
    for node in nodes[1:]:
        common &= _ancestor_ids(node)
    return common


def _in_sponsored_branch(node: LexborNode, common: set[int]) -> bool:
    """Whether ``node``, or an element above it below those that hold every part (``common``), is
    a sponsored article (``_mark_sponsored_articles``) or opens with a sponsor's label line: a paid
    article built as the page's own (scroll.in), not a part of the article."""
    current: LexborNode | None = node
    while current is not None and current.mem_id not in common:
        if _SPONSORED_MARK in current.attributes or _opens_with_sponsor_label(current):
            return True
        current = current.parent
    return False


def _opens_with_sponsor_label(node: LexborNode) -> bool:
    """Whether the first line of text in ``node`` is a sponsor's label (``_SPONSOR_LABEL``)."""
    for child in islice(node.traverse(include_text=True), _MAX_LEADING_NODES):
        if child.is_text_node and (text := (child.text_content or "").strip()):
            return _is_sponsor_label(text)
    return False


def _is_sponsor_label(text: str) -> bool:
    line = " ".join(text.split()).lower()
    return len(line) <= _MAX_SPONSOR_LABEL_CHARS and _SPONSOR_LABEL.match(line) is not None


def _remove_sponsored_boxes(part: LexborNode) -> None:
    """Remove the boxes in ``part`` that a sponsor's label line opens ("Sponsored", "Partner
    content", "Presented by …"): the label's nearest ancestor with more text than it, unless that
    is the part itself (a sponsored article is still the page's article) or holds most of its text."""
    text = part.text()
    lowered = text.lower()
    if not any(phrase in lowered for phrase in _SPONSOR_PHRASES):
        return
    most = len(text) * _MAX_BOILERPLATE_SHARE
    part_id = part.mem_id
    boxes: dict[int, LexborNode] = {}
    for label in part.css(_SPONSOR_LABEL_ELEMENTS):
        label_text = label.text(strip=True)
        if not _is_sponsor_label(label_text):
            continue
        box = _box_of(label, part_id, len(label_text))
        if box is not None and len(box.text()) <= most:
            boxes.setdefault(box.mem_id, box)
    for box in _outermost_of(list(boxes.values())):
        box.decompose()


def _box_of(label: LexborNode, part_id: int, label_length: int) -> LexborNode | None:
    """The nearest element around ``label`` that holds more text than it, None where that is the
    part (whose id is ``part_id``): the label then stands among the article's own paragraphs."""
    current = label.parent
    while current is not None and current.mem_id != part_id:
        if len(current.text(strip=True)) > label_length:
            return current
        current = current.parent
    return None


def _outermost_of(nodes: list[LexborNode]) -> list[LexborNode]:
    """``nodes`` less those inside another of them (removed with it)."""
    ids = {node.mem_id for node in nodes}
    outer = []
    for node in nodes:
        above = node.parent
        while above is not None and above.mem_id not in ids:
            above = above.parent
        if above is None:
            outer.append(node)
    return outer


def _remove_boilerplate(container: LexborNode, pictures: _Pictures) -> None:
    """Remove what the container's class and id names call boilerplate, except a node that holds
    most of its text: a name such as "outbrain_readmore" sometimes wraps the article itself. The
    pictures of a figure or a picture's box are placed where it stood (``_Pictures.place``)."""
    most: float | None = None  # read when the first boilerplate is found, before any is removed
    container_id = container.mem_id
    removed: list[tuple[LexborNode, tuple[str, str]]] = []
    # Each (class, id) is judged once: a page repeats its names (list items, cards, ad slots).
    verdicts: dict[tuple[str, str], bool] = {}
    for node in container.css(_NAMED_OR_FIGURE):
        if node.mem_id == container_id:
            continue
        attributes = node.attributes
        names = (attributes.get("class") or "", attributes.get("id") or "")
        verdict = verdicts.get(names)
        if verdict is None:
            verdict = verdicts[names] = _is_boilerplate_name(*names)
        if node.tag == "figure":
            # A figure of a table or a listing is the article's own (WordPress writes every table
            # as <figure class="wp-block-table">), unless its name calls it boilerplate (an ad slot,
            # a related post: review, 2026-12-07); a photo, a video or an embed is not.
            if not verdict and node.css_first(_FIGURE_CONTENT) is not None:
                continue
        elif not verdict:
            continue
        if most is None:
            most = len(container.text()) * _MAX_BOILERPLATE_SHARE
        if len(node.text()) <= most:
            removed.append((node, names))
    if not removed:
        return
    removed_ids = {node.mem_id for node, _ in removed}
    for node, names in removed:
        if node.tag == "figure" or _is_picture_box(node, names):
            pictures.place(node, pictures.in_box(node), removed_ids)
    for node, _ in removed:
        node.decompose(recursive=False)


def _is_boilerplate_name(class_name: str, element_id: str) -> bool:
    class_name, element_id = class_name.lower(), element_id.lower()
    return bool(
        _BOILERPLATE_NAME.search(class_name)
        or _BOILERPLATE_NAME.search(element_id)
        or _BOILERPLATE_CLASS.search(class_name)
        or _BOILERPLATE_ID.match(element_id)
    )


def _mark_line_breaks(container: LexborNode) -> None:
    for line_break in container.css("br"):
        line_break.insert_after(LINE_BREAK)


def _line_text(raw: str) -> str:
    """``line_text``, at once for text on one line already: once stripped, a text that Python calls
    printable has no white space but the ASCII space (every other white space character, the
    ``LINE_BREAK`` among them, is a control or separator character), and with no two spaces in a row
    it is its words joined by one space. 94% of a Zyte dev page's blocks are, and splitting their
    words cost 0.031 ms a page (2026-12-06)."""
    stripped = raw.strip()
    if stripped.isprintable() and "  " not in stripped:
        return stripped
    return line_text(raw)


def _table_text(table: LexborNode) -> str:
    """One line a row, cells separated by a space (how the benchmarks' gold writes tables)."""
    rows = []
    for row in table.css("tr"):
        cells = [_line_text(cell.text()) for cell in row.iter() if cell.tag in {"td", "th"}]
        line = " ".join(cell for cell in cells if cell)
        if line:
            rows.append(line)
    return "\n".join(rows) if rows else _line_text(table.text())


def _make_block(node: LexborNode, tag: str, list_kind: str | None) -> Block | None:
    text = _table_text(node) if tag == "table" else _line_text(node.text())
    if not text:
        return None
    kind = tag if tag in _KEPT_TAGS else "p"
    markup = (node.html or "") if kind == tag else f"<p>{node.inner_html or ''}</p>"
    link_density = _markup_link_density(markup, len(text))
    if link_density > _MAX_LINK_DENSITY and not (
        node.tag == "p"
        and link_density <= _MAX_PROSE_LINK_DENSITY
        and len(text) >= _MIN_LINKED_PROSE_CHARS
        and text[-1] in _SENTENCE_ENDS
    ):
        return None
    return Block(
        kind=kind,
        text=text,
        html=markup.replace(LINE_BREAK, ""),
        list_kind=list_kind if kind == "li" else None,
    )


def _walk(
    blocks: list[Block],
    node: LexborNode,
    holders: set[int],
    layout_tables: frozenset[int],
    placed: _PlacedPictures,
) -> None:
    """Adds the blocks under ``node`` to ``blocks``: leaf block elements whole (but for the tables
    of ``layout_tables``, walked into), loose text between them as paragraphs. ``holders`` are the
    elements that hold a block element (found by one CSS query). A phrasing element that holds one
    (a <b> left open before paragraphs, a link around a card) is walked into: its blocks are
    blocks, its loose text runs on with the text around it. Walked with a stack, not by recursion:
    such elements nest as deep as a page opens them."""
    loose: list[str] = []
    # One frame an element walked into: its children still to read, the list kind around them,
    # whether it is a block element (whose end ends the loose text in it), and the element.
    stack: list[tuple[Iterator[LexborNode], str | None, bool, int]] = [
        (node.iter(include_text=True), None, True, node.mem_id)
    ]
    while stack:
        children, list_kind, is_block, walked = stack[-1]
        for child in children:  # left when an element is walked into; resumed where it stopped
            if child.is_text_node:
                loose.append(child.text_content or "")
                continue
            if placed.before:
                _add_pictures(blocks, placed.before.get(child.mem_id))
            tag = child.tag or ""
            if tag not in _BLOCK_TAGS:
                if child.mem_id in holders:
                    stack.append((child.iter(include_text=True), list_kind, False, child.mem_id))
                    break
                loose.append(child.text())
                if child.mem_id in placed.holders:
                    _add_pictures(blocks, placed.within(child))
                continue
            add_loose_blocks(blocks, loose)
            loose.clear()
            child_list_kind = tag if tag in {"ul", "ol"} else list_kind
            if (tag in {"table", "pre"} and child.mem_id not in layout_tables) or child.mem_id not in holders:
                block = _make_block(child, tag, child_list_kind)
                if block is not None:
                    blocks.append(block)
                if child.mem_id in placed.holders and tag != "table":
                    # A picture's own <p> or <div>; a paragraph's own images are in its markup.
                    _add_pictures(blocks, placed.within(child, inline=block is None))
            else:
                stack.append((child.iter(include_text=True), child_list_kind, True, child.mem_id))
                break
        else:
            stack.pop()
            if is_block:
                add_loose_blocks(blocks, loose)
                loose.clear()
            if placed.end:
                _add_pictures(blocks, placed.end.get(walked))


def _blocks_of(
    part: LexborNode, pictures: _Pictures, layout_tables: frozenset[int] = frozenset()
) -> list[Block]:
    _remove_boilerplate(part, pictures)
    _remove_sponsored_boxes(part)
    _remove_slide_galleries(part)
    _mark_line_breaks(part)
    placed = pictures.placed_in(part)
    holders = {holder.mem_id for holder in part.css(_HAS_BLOCK_SELECTOR)}
    tag = part.tag or ""
    blocks: list[Block] = []
    if part.mem_id not in holders:
        block = _make_block(part, tag if tag in _BLOCK_TAGS else "p", None)
        if block is not None:
            blocks.append(block)
        if part.mem_id in placed.holders:
            _add_pictures(blocks, placed.within(part, inline=block is None))
        return blocks
    _walk(blocks, part, holders, layout_tables, placed)
    return blocks


def find_main_content(tree: LexborHTMLParser) -> list[Block]:
    """The blocks of the page's main content (empty when it has none), with the pictures found in
    it (``Block.pictures_before``, ``pictures_after``). Modifies ``tree``."""
    root = tree.body
    if root is None:
        return []
    never_content = root.css(_NEVER_CONTENT_SELECTOR)
    pictures = _Pictures()
    pictures.place_hidden(never_content)
    _mark_sponsored_articles(never_content)
    for node in never_content:
        node.decompose(recursive=False)
    scores = _score_containers(root)
    found = _main_parts(scores, root)
    if found is None:
        return []
    parts, layout_tables = found
    # Read before any part is: reading one removes its boilerplate, and with it what a later
    # part's gap is told by (a part nested in another, a cut-off element around it).
    gaps = pictures.between_parts(parts)
    blocks: list[Block] = []
    for part, gap in zip(parts, gaps, strict=True):
        _add_pictures(blocks, gap)
        blocks.extend(_blocks_of(part, pictures, layout_tables))
    return with_pictures_attached(blocks)


# -- pictures ----------------------------------------------------------------------------------------
# The article's pictures are found without changing what the body's text is found from: a <picture>
# or <noscript> (removed before scoring) and a figure or a captioned image box (removed with the
# boilerplate) leave their pictures, as ``Picture``s, in an attribute of the element that came after
# them (``_BEFORE``), or of their parent when none did (``_END``): an attribute that no rule reads and
# no text holds. The walker then gives them to the blocks around them. The attribute names hold a
# random part, so that no page can write them.
_PICTURE_MARK = f"data-tidings-{secrets.token_hex(4)}"
_BEFORE = f"{_PICTURE_MARK}-before"
_END = f"{_PICTURE_MARK}-end"
_PLACED_SELECTOR = f"img, [{_BEFORE}], [{_END}]"
_HIDDEN_PICTURE_TAGS = frozenset({"picture", "noscript"})
# Boilerplate names that a picture's own box carries ("wp-caption", "image-credit"): such a box is
# removed from the text, its picture kept.
_PICTURE_BOX_WORDS = re.compile(r"caption|credit|media")
CAPTION_CLASS = re.compile(r"caption", re.IGNORECASE)
CREDIT_CLASS = re.compile(r"credit|copyright|source", re.IGNORECASE)
# A picture's box between two parts of a split article, or what holds one: a figure, and the
# elements that hold a caption or a credit. Between the parts, an element holds the article's
# pictures only where it holds no text but theirs (``_Pictures.in_gap``).
_GAP_BOXES = 'figure, figcaption, [class*="caption" i], [class*="credit" i]'
# The text a part beside a gap holds, at least, for the pictures between to be the article's: a
# paragraph's (``_with_siblings`` takes a paragraph beside the container from 80 characters). Parts
# shorter are lines (the captions of a home page's slider, a shop's labels: five dev pages showed
# their sliders' and teasers' pictures between such lines, 2026-12-08).
_MIN_PART_CHARS = 80
_NAMED = "[class], [id]"


def _lexbor_picture(image: LexborNode) -> Picture | None:
    """The article picture of ``<img>`` ``image`` (its ``<picture>``'s sources read too)."""
    parent = image.parent
    sources: tuple[str, ...] = ()
    if parent is not None and parent.tag == "picture":
        sources = tuple(
            source.attributes.get("srcset") or source.attributes.get("data-srcset") or ""
            for source in parent.iter()
            if source.tag == "source"
        )
    return picture_from_attributes(image.attributes, sources)


def _add_pictures(blocks: list[Block], pictures: list[Picture] | None) -> None:
    if pictures:
        blocks.append(Block(kind=PICTURE_KIND, text="", html="", pictures_before=tuple(pictures)))


@dataclass(slots=True)
class _PlacedPictures:
    """A part's pictures by element (``mem_id``): those placed before it, at its end, and the
    ``<img>``s; ``holders`` are the elements that are or hold one of them."""

    before: dict[int, list[Picture]]
    end: dict[int, list[Picture]]
    images: dict[int, Picture]
    holders: set[int]

    def within(self, node: LexborNode, *, inline: bool = True) -> list[Picture]:
        """The pictures in ``node`` (not those placed before it), in page order; ``inline=False``
        leaves out its ``<img>``s (which its markup holds)."""
        found: list[Picture] = []
        for element in node.traverse():
            key = element.mem_id
            if key not in self.holders:
                continue
            if key != node.mem_id:
                found.extend(self.before.get(key, ()))
            if inline and key in self.images:
                found.append(self.images[key])
            found.extend(self.end.get(key, ()))
        return found


class _Pictures:
    """The pictures found on one page, and where each was placed."""

    def __init__(self) -> None:
        self.found: list[Picture] = []

    def place(self, node: LexborNode, pictures: list[Picture], removed: set[int]) -> None:
        """Records ``pictures`` where ``node`` (about to be removed) stands."""
        if not pictures:
            return
        after = node.next
        while after is not None and (not after.is_element_node or after.mem_id in removed):
            after = after.next
        target, name = (after, _BEFORE) if after is not None else (node.parent, _END)
        if target is None:
            return
        indexes = " ".join(str(len(self.found) + offset) for offset in range(len(pictures)))
        self.found.extend(pictures)
        earlier = target.attributes.get(name)
        target.attrs[name] = f"{earlier} {indexes}" if earlier else indexes

    def place_hidden(self, never_content: list[LexborNode]) -> None:
        """Places the pictures of the ``<picture>``s and ``<noscript>`` fallbacks among the
        elements about to be removed before scoring; not a fallback beside its lazy ``<img>``."""
        hidden = [node for node in never_content if node.tag in _HIDDEN_PICTURE_TAGS]
        if not hidden:
            return
        removed = {node.mem_id for node in never_content}
        for node in hidden:
            if node.tag == "noscript" and _follows_an_image(node):
                continue
            found = [
                picture
                for element in node.traverse()
                if element.tag == "img" and (picture := _lexbor_picture(element)) is not None
            ]
            self.place(node, found, removed)

    def _of(self, value: str | None) -> list[Picture]:
        pictures = []
        for index in (value or "").split():
            if index.isdigit() and int(index) < len(self.found):
                pictures.append(self.found[int(index)])
        return pictures

    def in_box(self, node: LexborNode, *, gap: set[int] | None = None) -> list[Picture]:
        """The pictures of a figure or image box, each once (``_once``), the last captioned with
        the box's caption. In a gap between two parts of the article (``gap``: the elements of
        the box that reading a part would remove with what they hold), not those that stand in
        such an element nor those that link to another page (``_left_out_of_gap``)."""
        found: list[Picture] = []
        if _is_a_player(node):
            return []  # a video's poster frame, which shows nothing of the video in the reader
        caption = credit = ""
        for element in node.traverse():
            attributes = element.attributes
            if element.tag == "img" and not _in_a_card(element, node):
                picture = _lexbor_picture(element)
                if picture is not None and (gap is None or not _left_out_of_gap(element, node, gap)):
                    found.append(picture)
            if _BEFORE in attributes:
                # Placed before the element: the picture stood in its parent (or before the box).
                place = element.parent if element.mem_id != node.mem_id else element
                if gap is None or place is None or not _left_out_of_gap(place, node, gap):
                    found.extend(self._of(attributes.get(_BEFORE)))
            if _END in attributes and (gap is None or not _left_out_of_gap(element, node, gap)):
                found.extend(self._of(attributes.get(_END)))
            class_name = attributes.get("class") or ""
            if not caption and (element.tag == "figcaption" or CAPTION_CLASS.search(class_name)):
                caption = _line_text(element.text())
            elif not credit and CREDIT_CLASS.search(class_name):
                credit = _line_text(element.text())
        cleaned = clean_caption(caption, credit)
        if cleaned is None:
            return []
        found = _once(found)
        if found and cleaned:
            last = found[-1]
            found[-1] = Picture(src=last.src, alt=last.alt, caption=cleaned)
        return found

    def between_parts(self, parts: list[LexborNode]) -> list[list[Picture]]:
        """The pictures that stand before each of ``parts`` (in page order) after the one before
        it, and belong to neither: the New York Times sets its figures between the columns that
        hold the story's paragraphs, which are found as the article's parts; none before the first."""
        part_ids = {part.mem_id for part in parts}
        gaps: list[list[Picture]] = [[]]
        lengths: dict[int, int] = {}
        for earlier, later in pairwise(parts):
            found: list[Picture] = []
            for node, what in _gap(earlier, later, part_ids):
                if what == _WHOLE:
                    found.extend(self.in_gap(node))
                else:
                    found.extend(self._of(node.attributes.get(_BEFORE if what == _PLACE_BEFORE else _END)))
            if found and min(_text_length(earlier, lengths), _text_length(later, lengths)) < _MIN_PART_CHARS:
                found = []  # a slide's caption or a shop's label read as a part: a slider's gap
            gaps.append(found)
        return gaps

    def in_gap(self, node: LexborNode) -> list[Picture]:
        """The pictures of ``node``, an element between two parts of the article: a figure, or
        what holds figures or pictures and no text but their captions and credits
        (``_GAP_BOXES``); none of a sidebar's, a teaser's or a byline's, which hold text of their
        own, nor inside an element named as boilerplate (a related box, an advertisement's slot)
        but for a caption's or a credit's name, as reading a part removes them
        (``_remove_boilerplate``), nor any that links to another page (a teaser's)."""
        before = self._of(node.attributes.get(_BEFORE))  # in_box reads it, where it reads the node
        if node.css_first(_PLACED_SELECTOR) is None or _names_boilerplate(node):
            return before  # most elements of a gap hold no picture: one query, which stops at one
        if node.tag == "figure":
            return self.in_box(node, gap=set())  # read whole, as a part reads its figures
        boxes = _outermost_of(node.css(_GAP_BOXES))
        if len(node.text(strip=True)) > sum(len(box.text(strip=True)) for box in boxes):
            return before
        named = {element.mem_id for element in node.css(_NAMED) if _names_boilerplate(element)}
        figures = [box for box in boxes if box.tag == "figure" and box.mem_id != node.mem_id]
        if not figures:
            return self.in_box(node, gap=named)
        found = before
        for figure in figures:
            if not _inside_any(figure.parent, named, node):
                found.extend(self.in_box(figure, gap=set()))
        return found

    def placed_in(self, part: LexborNode) -> _PlacedPictures:
        """The pictures in ``part``, each ``<img>`` pointed at the picture it shows (or left
        without ``src``, which the sanitizer then drops, where it shows none of the article's)."""
        placed = _PlacedPictures({}, {}, {}, set())
        part_id = part.mem_id
        for element in part.css(_PLACED_SELECTOR):
            attributes = element.attributes
            if element.tag == "img":
                picture = _lexbor_picture(element)
                if picture is None:
                    if "src" in attributes:
                        del element.attrs["src"]
                else:
                    element.attrs["src"] = picture.src
                    placed.images[element.mem_id] = picture
            if _BEFORE in attributes:
                placed.before[element.mem_id] = self._of(attributes[_BEFORE])
            if _END in attributes:
                placed.end[element.mem_id] = self._of(attributes[_END])
            holder: LexborNode | None = element
            while holder is not None and holder.mem_id not in placed.holders:
                placed.holders.add(holder.mem_id)
                if holder.mem_id == part_id:
                    break
                holder = holder.parent
        return placed


# What a caption prints beside its words for a button or a screen reader: Ars Technica's and NPR's
# "Enlarge", the BBC's player notice and its "Media caption" / "Image caption" labels.
_CAPTION_BUTTONS = re.compile(
    r"^(?:(?:enlarge(?: this image)?|toggle caption|hide caption|expand)\b\s*/?\s*"
    r"|media playback is unsupported on your device\s*|(?:media|image) caption,?\s*)+",
    re.IGNORECASE,
)
# Reuters' licensing link after its credit ("REUTERS/Ann Lee Purchase Licensing Rights, opens new
# tab"), a link's words, not the caption's.
_CAPTION_LINKS = re.compile(r"\s*purchase licensing rights(?:,? opens new tab)?\s*$", re.IGNORECASE)
# The New York Times' label before its credit, its spans' words run together ("Crews at
# work.Credit...Ann Lee"): the credit follows the caption after a space.
_CREDIT_LABEL = re.compile(r"\s*\bcredit(?:\.\.\.|…)\s*", re.IGNORECASE)
# The same label without its dots, run on between the caption and the credit (the New York Times'
# older pages: "… to winter weather.CreditKirsten Luce for The New York Times").
_RUN_ON_CREDIT_LABEL = re.compile(r"(?<=[.!?])Credit(?=[A-Z])")
# The BBC's credit before its caption: "Image copyright Getty Images Image caption The bridge …".
_CREDIT_THEN_CAPTION = re.compile(
    r"^image (?:copyright|source),?\s*(?P<credit>.+?)(?:\s*image caption,?\s*(?P<caption>.+))?$",
    re.IGNORECASE,
)


# The label before a credit in its own element: the BBC's "Image source, " for screen readers.
_CREDIT_OPENING = re.compile(r"^image (?:copyright|source),?\s*", re.IGNORECASE)


def _with_credit(caption: str, credit: str) -> str:
    """``caption`` with the ``credit`` its box prints in an element of its own after it, in
    brackets whether the caption ends a sentence or not ("The bridge at dawn. (Getty Images)",
    "The bridge at dawn (Getty Images)"), without the label a screen reader hears before it
    ("Image source, Getty Images"), and once: not where the caption already holds it. A credit
    without a caption is the caption (``_without_caption_labels`` reads its label)."""
    if not credit or credit in caption:
        return caption
    if not caption:
        return credit
    bare = _CREDIT_OPENING.sub("", credit)
    if bare.startswith("(") and bare.endswith(")"):
        bare = bare[1:-1].strip()
    if not bare or bare in caption:
        return caption
    return f"{caption} ({bare})"


def clean_caption(caption: str, credit: str) -> str | None:
    """A picture box's caption as shown: with the ``credit`` it prints apart (``_with_credit``),
    without what a button or a screen reader adds (``_without_caption_labels``); None where it
    says the box is an advertisement's ("ANZEIGE", "Advertisement"), whose pictures are left out.
    Shared with the pictures of a body that trafilatura read (``fallback_pictures``)."""
    caption = _with_credit(caption, credit)
    if caption and chrome_kind(caption) is rules.ChromeKind.ADVERT:
        return None
    return _without_caption_labels(caption)


def _without_caption_labels(caption: str) -> str:
    """The caption's own words, its credit after them in brackets where a label put it first or
    where it runs on after them with no space (``chrome.run_on_credit``)."""
    caption = _CAPTION_BUTTONS.sub("", caption)
    caption = _CREDIT_LABEL.sub(" ", _CAPTION_LINKS.sub("", caption))
    caption = _RUN_ON_CREDIT_LABEL.sub(" ", caption).strip()
    labelled = _CREDIT_THEN_CAPTION.match(caption)
    if labelled is None:
        run_on = run_on_credit(caption)
        return caption if run_on is None else _with_credit(*run_on)
    credit, words = labelled.group("credit"), labelled.group("caption")
    return f"{words} ({credit})" if words else credit


# A video player's element in a figure: the <video> itself, or a player's box (the BBC's
# "media-player", a "video-player" class) whose <img> is the video's poster frame.
_PLAYER_SELECTOR = 'video, [class*="player" i], [data-testid*="player" i], [data-component*="video" i]'


def _is_a_player(box: LexborNode) -> bool:
    """Whether the figure or picture box ``box`` holds a video player."""
    return box.css_first(_PLAYER_SELECTOR) is not None


# A link to an image file (a picture's full size), its query or fragment after it at most.
IMAGE_FILE_LINK = re.compile(r"\.(?:jpe?g|png|gif|webp|avif)(?:$|[?#])", re.IGNORECASE)


def _in_a_card(image: LexborNode, box: LexborNode) -> bool:
    """Whether ``image`` is a link's picture beside the link's own words, inside ``box``: a card
    that leads to another story ("Related: Harbour tolls to rise"), not the article's picture. A
    linked picture alone or with its caption is the article's, and so is one whose link leads to
    an image file (its full size, "click to enlarge")."""
    node = image.parent
    while node is not None and node.mem_id != box.mem_id:
        if node.tag == "a" and (href := node.attributes.get("href")):
            if IMAGE_FILE_LINK.search(href) is not None:
                return False
            words = len(node.text(strip=True))
            captions = sum(len(caption.text(strip=True)) for caption in node.css("figcaption"))
            return words > captions
        node = node.parent
    return False


# What of an element stands in a gap between two parts (``_gap``): the element itself, the place
# before it or its end, where a removed ``<picture>`` left its pictures (``_Pictures.place``).
_WHOLE, _PLACE_BEFORE, _PLACE_AT_END = "whole", "before", "end"


def _gap(earlier: LexborNode, later: LexborNode, part_ids: set[int]) -> list[tuple[LexborNode, str]]:
    """What stands between the part ``earlier`` and the next part ``later``, in page order: each
    element wholly between them, the end of each element around ``earlier`` and the place before
    each element around ``later`` below the element that holds both (see ``_WHOLE``). Nothing
    where either part is inside another part, which reads it, or ``later`` is not after
    ``earlier``. Linear in the elements passed: the siblings after ``earlier`` and the elements
    around it, up to the one that holds ``later``, then down to ``later``."""
    line = _ancestor_ids(later)
    found: list[tuple[LexborNode, str]] = []
    node = earlier
    while node.mem_id not in line:
        sibling = node.next
        while sibling is not None and sibling.mem_id not in line:
            if sibling.is_element_node:
                found.append((sibling, _WHOLE))
            sibling = sibling.next
        if sibling is not None:
            return found if _down_to(sibling, later, line, part_ids, found) else []
        parent = node.parent
        if parent is None or parent.mem_id in part_ids or parent.mem_id in line:
            return []
        found.append((parent, _PLACE_AT_END))
        node = parent
    return []


def _down_to(
    top: LexborNode,
    later: LexborNode,
    line: set[int],
    part_ids: set[int],
    found: list[tuple[LexborNode, str]],
) -> bool:
    """Adds to ``found`` the gap from ``top`` (``later`` or an element around it, ``line`` their
    ids) down to ``later``: the place before each element on the way, and the elements before
    the next one down. False where ``later`` is inside another part."""
    current = top
    while True:
        found.append((current, _PLACE_BEFORE))
        if current.mem_id == later.mem_id:
            return True
        if current.mem_id in part_ids:
            return False
        child = current.child
        while child is not None and child.mem_id not in line:
            if child.is_element_node:
                found.append((child, _WHOLE))
            child = child.next
        if child is None:
            return False
        current = child


def _names_boilerplate(node: LexborNode) -> bool:
    """Whether ``node``'s class or id names boilerplate (``_is_boilerplate_name``) other than a
    picture's own box, whose names say caption, credit or media (``_is_picture_box``)."""
    attributes = node.attributes
    class_name, element_id = attributes.get("class") or "", attributes.get("id") or ""
    names = (class_name, element_id)
    return _is_boilerplate_name(*names) and not _is_picture_box(node, names)


def _inside_any(node: LexborNode | None, ids: set[int], top: LexborNode) -> bool:
    """Whether ``node`` or an element around it below ``top`` is one of ``ids``."""
    current = node
    while current is not None and current.mem_id != top.mem_id:
        if current.mem_id in ids:
            return True
        current = current.parent
    return False


def _text_length(part: LexborNode, lengths: dict[int, int]) -> int:
    """The length of ``part``'s text, read once (``lengths``: by ``mem_id``)."""
    length = lengths.get(part.mem_id)
    if length is None:
        length = lengths[part.mem_id] = len(part.text(strip=True))
    return length


def _once(pictures: list[Picture]) -> list[Picture]:
    """``pictures`` without the repeats of one address: a ``<picture>``'s lazy image and its
    ``<noscript>`` fallback read as two. The display HTML shows the first of them, so the caption
    given to the last was lost (correctiv.org's figures, ZDNet's product photos' credits). Only the
    same address: one file name at two sizes may be two photos ("…-14854.jpg", "…-14870.jpg")."""
    if len(pictures) < 2:
        return pictures
    seen: set[str] = set()
    kept: list[Picture] = []
    for picture in pictures:
        if picture.src in seen:
            continue
        seen.add(picture.src)
        preview = next(
            (index for index, shown in enumerate(kept) if is_smaller_version(shown.src, picture.src)), None
        )
        if preview is not None:
            # A blurred preview and its full image in one box (Medium's): the full one, where the
            # preview stood.
            kept[preview] = Picture(src=picture.src, alt=kept[preview].alt or picture.alt)
        elif not any(is_smaller_version(picture.src, shown.src) for shown in kept):
            kept.append(picture)
    return kept


def _left_out_of_gap(place: LexborNode, box: LexborNode, named: set[int]) -> bool:
    """Whether a picture that stands at ``place`` (its ``<img>``, or the element a removed
    ``<picture>`` stood in) in a box between two parts of the article is a teaser's
    (``_links_away``) or stands in an element of the box named as boilerplate (``named``)."""
    return _links_away(place, box) or _inside_any(place, named, box)


def _links_away(element: LexborNode, box: LexborNode) -> bool:
    """Whether ``element``, or an element around it up to ``box``, is a link to another page (not
    to an image file: a picture's full size)."""
    node: LexborNode | None = element
    while node is not None:
        if node.tag == "a" and (href := node.attributes.get("href")) and IMAGE_FILE_LINK.search(href) is None:
            return True
        if node.mem_id == box.mem_id:
            return False
        node = node.parent
    return False


def _follows_an_image(node: LexborNode) -> bool:
    """Whether the element before ``node`` is an ``<img>`` that shows a picture (a lazy image and
    its fallback). One with no address of its own, which a script fills (Medium's, beside a blurred
    60-pixel preview), leaves the fallback to show the picture."""
    before = node.prev
    while before is not None and not before.is_element_node:
        before = before.prev
    return before is not None and before.tag == "img" and _lexbor_picture(before) is not None


def _is_picture_box(node: LexborNode, names: tuple[str, str]) -> bool:
    """Whether a node removed as boilerplate is a picture's own box: a figure, or one named so
    only by its caption or credit ("wp-caption", "image-credit")."""
    return not is_boilerplate_box(*names)


def is_boilerplate_box(class_name: str, element_id: str) -> bool:
    """Whether an element so named is boilerplate (an ad slot, a related box, a share bar) other
    than a picture's own box, which its caption's or credit's name alone calls so ("wp-caption",
    "image-credit"). Shared with the pictures of a body that trafilatura read
    (``fallback_pictures``)."""
    return _is_boilerplate_name(
        _PICTURE_BOX_WORDS.sub("", class_name.lower()), _PICTURE_BOX_WORDS.sub("", element_id.lower())
    )
