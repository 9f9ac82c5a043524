"""Checks that refuse an input before any extraction work: empty, binary, truncated, a bot
challenge, too large. Each raises the ``InputError`` that says why, in one line."""

from __future__ import annotations

import re
import re._constants as re_constants  # type: ignore[import-not-found]  # see _required_words
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from tidings.errors import NotAnArticle, TooLarge, Unreadable, UnsafeInput
from tidings.extract import rules
from tidings.extract.chrome import (
    collapse_spaces,
    fold_line,
    has_words,
    normalise_line,
    parsed_case_sensitive,
)

__all__ = [
    "BOT_CHALLENGE",
    "MAX_ARTICLE_TEXT_BYTES",
    "MAX_PAGE_ELEMENTS",
    "MAX_TAG_ATTRIBUTES",
    "MAX_TEXT_LINES",
    "OUT_OF_MEMORY",
    "PARSE_PROBE_SECONDS",
    "PROBED_TAGS",
    "WALL",
    "check_article_size",
    "check_not_bot_challenge",
    "check_not_notice_page",
    "check_not_truncated_markup",
    "check_page_elements",
    "check_parse_cost",
    "check_readable_text",
    "check_tag_attributes",
    "check_text_lines",
    "interstitial_page",
    "is_bot_challenge",
    "is_wall",
    "notice_page",
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
# The most lines a plain-text page save may have, the plain-text counterpart of MAX_PAGE_ELEMENTS:
# the line classifier costs about 9 µs a line, so 2.3 million short lines (18 MB, under the
# document cap) ran past the extraction time limit before this cap (2026-12-04, found in review).
# A saved news page has tens to a few thousand (the seeds: 36 and 49; the Zyte dev pages rendered
# to text by inscriptis, chrome and all: at most 614).
MAX_TEXT_LINES = 100_000
# The most attributes one HTML start tag may carry. libxml2's HTML parser compares each attribute
# with every one before it, so one tag of 40,000 attributes took 6.6 CPU seconds to parse and one
# of 200,000 (a 2.8 MB page) over ten minutes, before this check (2026-12-03). Real pages carry at
# most 64 (the same 536 pages as above); 1,000 is fifteen times that. Lexbor's parser is quadratic
# in the same way (4.7 CPU s for one tag of 40,000 attributes, 157 s for 200,000; 2026-12-04).
MAX_TAG_ATTRIBUTES = 1_000
# HTML's white space, as its tokenizer reads it: tab, line feed, form feed, carriage return (a line
# feed once the input is normalised) and space. Not Python's \s: its vertical tab is a name
# character to HTML, and a scan that read it as space could be led into a quoted value that the
# parser never opens ('b\v=\v">' is one attribute to Lexbor, ending the tag), past a trap
# (2026-12-04, found in review: 20,000 attributes behind it cost Lexbor 0.65 s unrefused).
_WHITE = rb"[\t\n\f\r ]"
# One attribute as the HTML tokenizer reads it (the standard's attribute states): after white
# space or "/", or straight after a quoted value; a name runs to white space, "/", ">" or "=" (its
# first character may be "="; quotes and "<" belong to it); a value is quoted, or runs to white
# space or ">". Possessive throughout: a token is read once, as the parser reads it.
#
# Most attributes are written ' name="value"' (one space, a lower-case name, a double-quoted value);
# the first branch reads those with fewer steps of the regex engine, and where it matches, the
# general one reads the same characters as one attribute (its separators stop at the letter, its
# name at the "=", its value at the closing quote): the scan costs 0.25 against 0.28 ms a Zyte dev
# page (2026-12-06).
_ATTRIBUTE = (
    rb"""(?: [a-z][a-z-]*+="[^"]*+"|[\t\n\f\r /]*+[^\t\n\f\r />][^\t\n\f\r />=]*+(?:"""
    + _WHITE
    + rb"*+="
    + _WHITE
    + rb"""*+(?:"[^"]*+"|'[^']*+'|[^\t\n\f\r >]++))?+)"""
)
# Markup read from its start as the tokenizer reads it: text, then start tags of at most
# MAX_TAG_ATTRIBUTES attributes or "<" that open none, each with the text after it; it stops before
# the end only at a tag with more. Read once, never restarted inside a tag: the search this
# replaces tried a tag at every "<", so "<a<a<a…" (one tag, to the standard) cost it 5 CPU s for
# 80 kB; and it ended a name at a quote or "<" and wanted white space after a quoted value, which
# the standard does not (20,000 attributes written so cost Lexbor 0.8 s unrefused; 2026-12-04).
# Over UTF-8 bytes, the parser's input: 0.33 ms a Zyte dev page (2026-12-04).
_START_TAG = (
    rb"<[A-Za-z][^\t\n\f\r />]*+"
    + _ATTRIBUTE
    + rb"{0,%d}+(?![\t\n\f\r /]*+[^\t\n\f\r />])" % MAX_TAG_ATTRIBUTES
)
_MARKUP_WITHOUT_ATTRIBUTE_TRAP = re.compile(rb"[^<]*+(?:" + _START_TAG + rb"[^<]*+|<(?![A-Za-z])[^<]*+)*+")

# Lexbor's tree builder walks the stack of open elements at each block start tag (the HTML
# standard's "has a p element in button scope"), so its cost grows with nesting depth times tags:
# 30,000 nested <div> took 1.6 CPU s and 99,000 (a 500 kB page) 21 s, 30,000 <ul><li> 7 s
# (2026-12-04). Depth cannot be counted soundly without the tree builder itself: a count of tags
# was led astray by end tags the parser never sees or ignores ('<div title="</div>">', an end tag
# in a script, "<div><object></div></object>": 30,000 of each cost Lexbor 1.1 to 1.3 s behind a
# count of 2; found in review, 2026-12-04). So a page with many tags is parsed first by Lexbor
# itself, in a child process that is stopped after PARSE_PROBE_SECONDS. Below PROBED_TAGS "<"
# no nesting costs more than about half a second (20,000 nested <div>: 0.50 s, 10,000 <ul><li>:
# 0.45 s), and none of the 1,313 dev pages of the three extraction sets has that many (the most:
# 19,629), so real pages do not pay for the child. One trap is cheaper in "<" than any count can
# see: the tree builder re-creates each open formatting element (<b>, <i>, <font> …) a closed
# paragraph left behind in every later paragraph, so 2,000 unclosed <b> and 2,000 paragraphs
# (37 kB, 6,000 "<") parse to 4 million elements, 2 GB and 5 s (2026-12-04, found in review).
# Pages from users are extracted in worker processes (sandbox.py) whose memory cap and time limit
# stop it; ``pages`` refuses the smaller ones by their element count.
PROBED_TAGS = 20_000
PARSE_PROBE_SECONDS = 5.0
_PARSE_PROBE = (
    "import sys; from selectolax.lexbor import LexborHTMLParser; LexborHTMLParser(sys.stdin.buffer.read())"
)
# Why a page is refused when the parser (or Python) runs out of an extraction worker's memory.
OUT_OF_MEMORY = (
    "needs more memory to extract than a worker may use; raise TIDINGS_EXTRACT_MEMORY_MB to allow more"
)

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


def _stripped_length(text: str) -> int:
    """``len(text.rstrip())``, without copying ``text`` when its last characters settle it."""
    last = text[-64:]
    stripped = last.rstrip()
    if stripped:
        return len(text) - len(last) + len(stripped)
    return len(text.rstrip())


def check_not_truncated_markup(markup: str, source: str) -> None:
    """Refuse markup that stops inside a tag, a comment, a script or a style sheet."""
    # The markup up to ``length`` is ``markup.rstrip()``, read in place: the copy rstrip makes of a
    # page that ends in a line break made this check cost 0.025 against 0.004 ms a Zyte dev page
    # given one (the set's pages end without; 2026-12-06).
    length = _stripped_length(markup)
    end = markup[max(0, length - 2000) : length].lower()
    if "</html" in end or "</body" in end:
        return  # it reaches its end; a "<style" or "<!--" in a script string is not a cut
    lowered = markup[max(0, length - 200_000) : length].lower()
    last_close = markup.rfind(">", 0, length)
    stops_in = None
    if markup.rfind("<", 0, length) > last_close:
        stops_in = "inside a tag"
    elif lowered.rfind("<!--") > lowered.rfind("-->"):
        stops_in = "inside a comment"
    elif lowered.rfind("<script") > lowered.rfind("</script"):
        stops_in = "inside a script"
    elif lowered.rfind("<style") > lowered.rfind("</style"):
        stops_in = "inside a style sheet"
    elif last_close < length - 1 and "<body" in markup[: min(length, 200_000)].lower():
        # A whole page (it opened its body) that ends in its words was cut off: real pages that
        # omit </body> and </html> end on a tag (a script, a comment: 10 of the 1,396 pages of
        # the extraction sets). A fragment with no <body> may end in text.
        stops_in = "in the middle of its text"
    if stops_in:
        raise Unreadable(source, f"is truncated: the markup stops {stops_in}; save or fetch the page again")


# Why a page that is not an article is refused, shared by the HTML and plain-text paths.
BOT_CHALLENGE = "is a bot-challenge page (the site asked for a browser check), not the article"
SCRIPT_BUILT = (
    "builds its article in the browser (its text is only in a script's data, as a Next.js or Nuxt "
    "page has it): save the page from a browser once it has loaded, or save its text"
)
# The state a JavaScript app page carries for its script to render (Next.js, Nuxt 2 and 3, Redux,
# Apollo, Remix): a page whose body has no text but this holds its article in data, not markup.
_APP_STATE = re.compile(
    r"__NEXT_DATA__|__NUXT__|__NUXT_DATA__|__INITIAL_STATE__|__PRELOADED_STATE__|__APOLLO_STATE__|__remixContext"
)
# A page with this many words of its own is not an empty shell waiting for its script.
_SHELL_MAX_WORDS = 50
WALL = f"is {rules.WALL_PAGE}"
# How much of a page's text the notice phrases are looked for in: they stand near its top.
_NOTICE_SAMPLE_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class _Marker:
    """A phrase pattern and the same pattern without its leading ``\b``: Python's regex engine
    scans for a pattern that opens on a literal as fast as ``str.find``, but tries one that opens
    on ``\b`` at every position (4.7 against 0.14 ms over 20,000 characters for the notice
    phrases, 2026-12-06). The fast one finds candidates; the exact one decides.

    ``loose`` (when the pattern allows one, ``_loosened``) is the fast one with each space read
    as any run of white space: it finds the phrase in text that is folded but not yet collapsed
    (``chrome.fold_line``) wherever the exact one finds it in the normalised text, so that the
    text is collapsed only when a phrase may be there (collapsing 20,000 characters costs more
    than all the searches, 0.04 ms a Zyte dev page, 2026-12-06)."""

    exact: re.Pattern[str]
    fast: re.Pattern[str]
    loose: re.Pattern[str] | None
    # Words one of which every text that ``loose`` finds holds (``_required_words``): a text with
    # none is not searched (``notice_page``: 0.037 against 0.042 ms a Zyte dev page, 2026-12-06).
    words: tuple[str, ...] | None = None

    def search(self, text: str) -> bool:
        return self.fast.search(text) is not None and self.exact.search(text) is not None

    def may_be_in(self, folded: str) -> bool:
        """Whether ``folded`` (``chrome.fold_line``) may hold the phrase: ``loose`` finds it."""
        if self.loose is None:
            return True
        if self.words is not None and not any(word in folded for word in self.words):
            return False
        return self.loose.search(folded) is not None


def _required_words(pattern: str) -> tuple[str, ...] | None:
    """Literal strings one of which every match of ``pattern`` holds, read from Python's own parse
    of it (the choice whose shortest string is longest), or None where none can be told (flags,
    classes): "you\\s+can\\s+add\\s+location…" holds "information", "\\bpx-captcha\\b|\\bperimeterx\\b"
    "x-captcha" or "erimeterx" (the parser takes out the "p" both open with)."""
    parsed = parsed_case_sensitive(pattern)
    if parsed is None:
        return None
    words = _words_of_sequence(list(parsed.data))
    return tuple(sorted(words)) if words else None


def _words_of_sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The best set of strings one of which a match of the parsed ``items`` holds: a run of
    literal characters, or the set of an item that must match (a group, an alternation, a repeat
    at least once)."""
    choices: list[set[str]] = []
    run: list[str] = []
    for opcode, argument in items:
        if opcode is re_constants.LITERAL:
            run.append(chr(argument))
            continue
        if run:
            choices.append({"".join(run)})
            run = []
        found = _words_of_item(opcode, argument)
        if found:
            choices.append(found)
    if run:
        choices.append({"".join(run)})
    return max(choices, key=lambda words: min(map(len, words)), default=None)


def _words_of_item(opcode: Any, argument: Any) -> set[str] | None:
    if opcode is re_constants.SUBPATTERN:
        _, added_flags, removed_flags, body = argument
        return None if added_flags or removed_flags else _words_of_sequence(list(body))
    if opcode is re_constants.BRANCH:
        words: set[str] = set()
        for branch in argument[1]:
            found = _words_of_sequence(list(branch))
            if not found:
                return None
            words |= found
        return words
    if opcode in (re_constants.MAX_REPEAT, re_constants.MIN_REPEAT, re_constants.POSSESSIVE_REPEAT):
        low, _, body = argument
        return _words_of_sequence(list(body)) if low >= 1 else None
    if opcode is re_constants.ATOMIC_GROUP:
        return _words_of_sequence(list(argument))
    return None


# What a phrase pattern may hold for ``_loosened`` to read its spaces as white space: word
# characters, spaces, "'", ",", "-", groups, alternatives and counted or optional repeats of them,
# "\b" and "\d". Nothing else can match a space (".", "\s", "\W", a class), anchor to an end, or
# look around; a space may not be optional or repeated itself.
_LOOSENABLE = re.compile(r"(?:\\[bd]|[\w ',()|?{}-])*+")
_SPACE_REPEATED = re.compile(r" [?*+{]")


def _loosened(exact: str) -> re.Pattern[str] | None:
    if not _LOOSENABLE.fullmatch(exact) or _SPACE_REPEATED.search(exact):
        return None
    return re.compile(exact.removeprefix(r"\b").replace(" ", r"\s+"))


def _marker(exact: re.Pattern[str]) -> _Marker:
    loose = _loosened(exact.pattern)
    words = _required_words(loose.pattern) if loose is not None else None
    return _Marker(exact, re.compile(exact.pattern.removeprefix(r"\b")), loose, words)


@cache
def _notice_markers() -> tuple[tuple[str, tuple[_Marker, ...]], ...]:
    return tuple(
        (
            description,
            tuple(_marker(exact) for exact in rules.compile_patterns(patterns, name="NOTICE_PAGES")),
        )
        for description, patterns in rules.NOTICE_PAGES.items()
    )


def notice_page(text: str) -> str | None:
    """What ``text`` is when it is a platform's or an archive's notice page (``rules.NOTICE_PAGES``)
    rather than an article ("a Twitter/X page …"), or None."""
    folded = fold_line(text[:_NOTICE_SAMPLE_CHARS])
    normal: str | None = None  # normalise_line of the sample, made only when needed
    for description, markers in _notice_markers():
        for marker in markers:
            if not marker.may_be_in(folded):
                continue
            if normal is None:
                normal = collapse_spaces(folded)
            if marker.search(normal):
                return description
    return None


def check_not_notice_page(text: str, source: str) -> None:
    """Refuse a tweet page, an Internet Archive redirect notice and the like (``notice_page``)."""
    description = notice_page(text)
    if description is not None:
        raise NotAnArticle(source, f"is {description}")


def is_wall(text: str) -> bool:
    """Whether ``text`` says it is a login or paywall page ("Subscribe to continue reading")."""
    normal = normalise_line(text)
    return any(re.search(marker, normal) for marker in rules.WALL_MARKERS)


# Only a text of fewer characters is read for ``interstitial_page``, so that a longer article pays
# for nothing but its length: every page it refuses has fewer than 100 words outside its marker
# lines, and what the extractor keeps of a consent wall (the IAB framework's paragraphs, a heading)
# runs to about 1,000 characters, of an ad-blocker notice, a paywall's teaser or an error page
# fewer. Characters, not words: counting 300 words cost 28 µs a dev page. The check costs 8 µs a
# dev page (369 of 1,387 are this short), 17 µs with 3,000 characters (2026-12-06).
_INTERSTITIAL_BELOW_CHARS = 2_000
# An error page ("404 - Page not found") says so in a few sentences; an article so titled has more.
_ERROR_PAGE_WORDS = 150
# A wall's prompt is a line or two ("Subscribe to continue reading", "You have reached your limit of
# free articles … Cancel anytime.": 27 words); a longer block that says "Forgot your password" or
# "Passwort vergessen" is prose quoting it, a brief on a phishing campaign, and stays article text
# (review, 2026-12-06: one such 55-word brief was refused as a wall). Consent and ad-blocker notices
# are paragraphs of their own, so their blocks count at any length.
_MAX_WALL_PROMPT_WORDS = 30


def _any_of(patterns: tuple[str, ...], name: str) -> re.Pattern[str]:
    """One pattern that matches where any of ``patterns`` does (each checked by ``compile_patterns``)."""
    rules.compile_patterns(patterns, name=name)
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


@dataclass(frozen=True, slots=True)
class _Interstitial:
    """One kind of ``rules.INTERSTITIAL_MARKERS``: ``exact`` matches a normalised line that says
    the page is one; ``may_be_in`` tells whether a folded text may say so anywhere."""

    description: str
    exact: re.Pattern[str]
    # Each marker pattern without its anchors (``\b``, ``^``, ``$``), so that it matches wherever
    # the pattern does and more, with the words it opens with (``_opening_literal``): a text without
    # them is not searched ("in" costs a tenth of a regex search that tries each position).
    wide: tuple[tuple[str, re.Pattern[str]], ...]

    def may_be_in(self, folded: str) -> bool:
        return any(opening in folded and wide.search(folded) for opening, wide in self.wide)


# A character that ends a pattern's opening literal: a regex operator, a class, an escape, a group.
_NOT_LITERAL = frozenset("\\[](){}|.^$?*+")


def _opening_literal(pattern: str) -> str:
    """The characters every match of ``pattern`` opens with ("we and our " of "we and our
    (\\d+ )?partners"): none where an alternative at its top level may open otherwise."""
    depth = 0
    for character in pattern:
        depth += character == "("
        depth -= character == ")"
        if character == "|" and depth == 0:
            return ""
    literal = []
    for position, character in enumerate(pattern):
        if character in _NOT_LITERAL:
            break
        if pattern[position + 1 : position + 2] in ("?", "*", "{"):
            break  # optional, or repeated any number of times: not in every match
        literal.append(character)
    return "".join(literal)


def _without_anchors(pattern: str) -> str:
    return pattern.removeprefix(r"\b").removeprefix("^").removesuffix("$").removesuffix(r"\b")


@cache
def _interstitial_markers() -> tuple[_Interstitial, ...]:
    return tuple(
        _Interstitial(
            description,
            _any_of(patterns, "INTERSTITIAL_MARKERS"),
            tuple(
                (_opening_literal(wide), re.compile(wide, re.MULTILINE))
                for wide in map(_without_anchors, patterns)
            ),
        )
        for description, patterns in rules.INTERSTITIAL_MARKERS.items()
    )


@cache
def _error_page_titles() -> re.Pattern[str]:
    return _any_of(rules.ERROR_PAGE_TITLES, "ERROR_PAGE_TITLES")


@cache
def _consent_page_titles() -> re.Pattern[str]:
    return _any_of(rules.CONSENT_PAGE_TITLES, "CONSENT_PAGE_TITLES")


def interstitial_page(
    title: str, blocks: Sequence[str], *, min_words: int, signed: bool = False
) -> str | None:
    """Why the page is refused ("is …") when its text is a site's stand-in for an article rather
    than one: an error page (headed "404 - Page not found", with little text), or a cookie-consent
    wall, an ad-blocker notice, a login or paywall page (``rules.INTERSTITIAL_MARKERS``) whose text
    outside their phrases' blocks has fewer than ``min_words`` words (a paywall's one-sentence
    teaser); else None. ``title`` is the page's title, ``blocks`` the texts of the blocks kept as
    its body; ``signed`` whether the page carries a publication date or a byline.

    A signed page is never refused here: a short news brief about ad blockers, consent banners, a
    login outage or an "Error 404" film quotes the very phrases and headings these pages print, and
    only its date and byline tell it from them (a site's stand-in page has neither: it is the
    site's, not an article's). Refusing a real article costs the reader it, keeping a wall costs a
    short junk entry, so a doubtful page is kept."""
    if signed or sum(map(len, blocks)) >= _INTERSTITIAL_BELOW_CHARS:
        return None
    # A bot challenge whose title does not say so (a plain-text save keeps no <title>) has prose
    # enough to pass for a short article ("Why have I been blocked? This website is using a
    # security service …"): its kept text is read for the challenge's phrases too.
    if is_bot_challenge("\n".join((title, *blocks))[:3000]):
        return BOT_CHALLENGE
    error_titles = _error_page_titles()
    headings = (title, blocks[0]) if blocks else (title,)
    if any(error_titles.match(normalise_line(heading)) for heading in headings) and not has_words(
        "\n".join(blocks), _ERROR_PAGE_WORDS
    ):
        return "is an error page (not found, gone or a server error), not an article; check the address"
    # Folded (lower case, plain quotes), one block a line: each kind is looked for in the whole
    # text at once, and only a kind found there is looked for block by block.
    folded = fold_line("\n".join(block.replace("\n", " ") for block in blocks))
    markers = [kind for kind in _interstitial_markers() if kind.may_be_in(folded)]
    if not markers:
        return None
    found: set[str] = set()
    rest: list[str] = []
    for block in blocks:
        normal = normalise_line(block)
        kinds = {
            kind.description
            for kind in markers
            if kind.exact.search(normal)
            and (kind.description != rules.WALL_PAGE or not has_words(normal, _MAX_WALL_PROMPT_WORDS + 1))
        }
        found |= kinds
        if not kinds:
            rest.append(block)
    # The headline does not raise the bar: an article's headline names what it reports on
    # ("Why sites ask you to disable your ad blocker") as a wall's names what it is. Only a consent
    # wall's own heading, the whole of it ("Before you continue to Google"), does, as an error
    # page's does: no article is so headed, undated and unsigned, and says a consent phrase too.
    bar = min_words
    if rules.CONSENT_PAGE in found and any(
        _consent_page_titles().match(normalise_line(heading)) for heading in headings
    ):
        bar = _ERROR_PAGE_WORDS
    if found and not has_words(" ".join(rest), bar):
        return next(f"is {kind.description}" for kind in markers if kind.description in found)
    return None


@cache
def _bot_markers() -> tuple[re.Pattern[str], ...]:
    return tuple(
        re.compile(pattern.pattern, re.IGNORECASE)
        for pattern in rules.compile_patterns(rules.BOT_CHALLENGE_MARKERS, name="BOT_CHALLENGE_MARKERS")
    )


@cache
def _bot_words() -> tuple[str, ...] | None:
    """Words one of which every text a bot-challenge marker finds holds (``_required_words``),
    when all are lower-case ASCII: in a lower-cased ASCII text a marker read regardless of case
    finds its words as they are written, so an ASCII text with none of them is no challenge
    without a search (``check_not_bot_challenge`` of a Zyte dev page's title: 0.006 against
    0.014 ms, 2026-12-06)."""
    words: list[str] = []
    for pattern in rules.BOT_CHALLENGE_MARKERS:
        found = _required_words(pattern)
        if found is None or not all(word.isascii() and word == word.lower() for word in found):
            return None
        words.extend(found)
    return tuple(words)


def is_bot_challenge(text: str) -> bool:
    normal = " ".join(text.split()).lower().replace("…", "...")  # split() splits where \s+ matches
    words = _bot_words()
    if words is not None and normal.isascii() and not any(word in normal for word in words):
        return False
    return any(marker.search(normal) for marker in _bot_markers())


def holds_app_state(markup: str) -> bool:
    """Whether the page carries the state a script renders an article from."""
    return _APP_STATE.search(markup) is not None


def is_app_shell(visible_text: str) -> bool:
    """Whether a page's text outside its scripts is next to none: an app's shell, left for a
    script to fill."""
    return not has_words(visible_text, _SHELL_MAX_WORDS)


def check_not_bot_challenge(title: str | None, page_text: str, source: str) -> None:
    """Refuse an anti-bot interstitial (Cloudflare "Just a moment…", Akamai, PerimeterX …)."""
    # No marker matches empty text (each would refuse every page), so an empty one is not read.
    if (title and is_bot_challenge(title)) or (page_text and is_bot_challenge(page_text[:3000])):
        raise NotAnArticle(source, BOT_CHALLENGE)


def check_article_size(text: str, source: str) -> None:
    """Refuse article text over ``MAX_ARTICLE_TEXT_BYTES`` (a fixed cap, not a setting)."""
    if len(text) * 4 <= MAX_ARTICLE_TEXT_BYTES:
        return  # a character is at most 4 bytes of UTF-8: no need to encode the text to know
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


def _count_byte(data: bytes, byte: bytes) -> int:
    """How often ``byte`` occurs in ``data``: numpy compares 16 or 32 bytes at once where
    ``bytes.count`` reads one at a time (0.015 against 0.057 ms a Zyte dev page, 2026-12-06; numpy
    is loaded with py3langid anyway)."""
    return int(np.count_nonzero(np.frombuffer(data, dtype=np.uint8) == byte[0]))


def check_parse_cost(encoded: bytes, source: str) -> None:
    """Refuse a page that takes Lexbor more than ``PARSE_PROBE_SECONDS`` to parse (elements nested
    thousands deep, or any other trap of its tree builder), before it is parsed here. Only a page of
    at least ``PROBED_TAGS`` "<" is tried, in a child process; ``encoded`` is the page as the
    parser reads it (UTF-8)."""
    if len(encoded) < 3 * PROBED_TAGS or _count_byte(encoded, b"<") < PROBED_TAGS:
        return
    try:
        subprocess.run(
            [sys.executable, "-I", "-c", _PARSE_PROBE],
            input=encoded,
            capture_output=True,
            timeout=PARSE_PROBE_SECONDS,
            check=True,
        )
    except subprocess.TimeoutExpired as exc:
        raise UnsafeInput(
            source,
            f"takes the HTML parser more than {PARSE_PROBE_SECONDS:g} s (elements nested thousands deep?);"
            " refused as a parser trap",
        ) from exc
    except (OSError, subprocess.CalledProcessError) as exc:
        stderr = exc.stderr if isinstance(exc, subprocess.CalledProcessError) else b""
        if b"SelectolaxError" in stderr or b"MemoryError" in stderr:
            raise Unreadable(source, OUT_OF_MEMORY) from exc  # under an extraction worker's cap
        raise Unreadable(
            source, f"could not be test-parsed in a separate process ({type(exc).__name__}); it was not read"
        ) from exc


def check_text_lines(text: str, source: str) -> None:
    """Refuse a plain-text page save of more than ``MAX_TEXT_LINES`` lines before it is read."""
    # Lines as the classifier splits them: at "\r\n", "\n" or a lone "\r" (old Mac saves).
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    lines = breaks + (not text.endswith(("\n", "\r")))
    if lines > MAX_TEXT_LINES:
        raise TooLarge(source, lines, MAX_TEXT_LINES, counted="lines", hint=_NOT_AN_ARTICLE_SIZE)


def check_page_elements(elements: int, source: str) -> None:
    """Refuse a page with more than ``MAX_PAGE_ELEMENTS`` elements before extraction starts."""
    if elements > MAX_PAGE_ELEMENTS:
        raise TooLarge(
            source, elements, MAX_PAGE_ELEMENTS, counted="HTML elements", hint=_NOT_AN_ARTICLE_SIZE
        )
