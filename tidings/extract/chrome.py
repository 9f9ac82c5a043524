"""Site chrome that extractors leave in an article body, found and removed. Hand-written because
it is Tidings' edge: trafilatura, readability and the rest stop at the page's structure, and a
newsletter box, an app promo, a "Related stories" list or a photo credit often sits inside the
article's own container, where no structural rule can tell it from text.

Two callers share it: ``pages.py``/``feeds.py`` on HTML blocks and ``text.py`` on plain-text lines.
The vocabularies are data in ``rules.py``; this module normalises a line and applies them.
"""

from __future__ import annotations

import html as html_lib
import re
import re._constants as re_constants  # type: ignore[import-not-found]  # see _first_characters
import re._parser as re_parser  # type: ignore[import-not-found]  # (private: typeshed has no stubs)
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

from tidings.extract import rules
from tidings.extract.blocks import Block, with_carried_pictures, without_break_hints
from tidings.extract.images import Picture
from tidings.extract.metadata import (
    byline_in_line,
    byline_of_line,
    is_month_name,
    is_other_byline_role,
    parse_date_in_text,
    text_before_date,
)

__all__ = [
    "ArchiveHeader",
    "archive_header",
    "chrome_kind",
    "collapse_spaces",
    "dropped_byline",
    "fold_line",
    "has_words",
    "is_byline_role",
    "is_caption",
    "is_dated_sentence",
    "is_metadata_line",
    "is_wire_credit_line",
    "is_wire_sign_off",
    "normalise_line",
    "outlet_in_chrome",
    "parsed_case_sensitive",
    "remove_chrome",
    "remove_leading_metadata",
    "run_on_credit",
    "text_follows",
    "word_count",
]

_PLAIN_QUOTES = {"‘": "'", "’": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-"}
_QUOTES = str.maketrans(_PLAIN_QUOTES)
_WORDS = re.compile(r"\w+(?:['’]\w+)*")
_WHITE = re.compile(r"\s+")
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")
# Words a sign-up or copyright line puts where a publication's name would be ("Sign up for our
# newsletter", a link to the "Copyright Policy", "Sign Up For Breaking News Alerts").
_NOT_NAMES = frozenset(
    {"our", "the", "my", "your", "a", "an", "this", "free", "email", "e-mail", "all"}
    | {"policy", "breaking news"}
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# A "related" heading owns the short link-like blocks after it, up to this many.
_MAX_RELATED_ITEMS = 12
_INLINE_LINK = re.compile(r":\s*\S")
# A paragraph (not a list item) after a "related" heading that ends a sentence and has at least
# this many words is article prose again. Chosen on the benchmark dev pages (10 and 20 score the
# same F1 there, 2026-11-23); re-run bench/extraction.py after changing it.
_PROSE_WORDS = 10
# Headline, date and byline lines are looked for among this many blocks at the top of a body, each
# at most this many words long.
_MAX_LEADING_METADATA = 4
_MAX_METADATA_WORDS = 15
# After the leading run, a byline is looked for behind at most this many blocks of text (a
# standfirst, a kicker and a standfirst), a date line behind at most this many (the standfirst):
# chosen on the dev pages (2026-12-07), where a byline behind a third block was a film's director
# ("Ein detektivischer Musikfilm / von Klaus Stanjek") as often as an author's, and dated lines
# behind a second block were as often the text's (an event's "Termin: 21.02.2020, 19 Uhr", a table's
# heading "Die wichtigsten Ticketpreise ab 01.01.2024", a live blog's entry times) as its date.
_MAX_BLOCKS_BEFORE_BYLINE = 2
_MAX_BLOCKS_BEFORE_DATE = 1


def normalise_line(line: str) -> str:
    """``line`` as the vocabularies see it: NFKC, case-folded, plain quotes, single spaces."""
    return collapse_spaces(fold_line(line))


# Compatibility characters that text often holds ("…", fullwidth punctuation, "½", "™", ligatures,
# superscripts, compatibility spaces …), each with its NFKC form. NFKC normalises the whole of a text
# that holds one of them (2 ms for 20,000 characters of Russian with one "…", against 0.01 for
# text that needs nothing), where replacing each by its NFKC form first, which leaves the text's
# NFKC form as it is (a character and its NFKC form are compatibility-equivalent anywhere), mostly
# leaves text that needs nothing more (2026-12-06).
_COMPATIBILITY_RANGES = (
    (0x00A0, 0x00BF), (0x2000, 0x209F), (0x2100, 0x218F), (0x2460, 0x24FF), (0x3000, 0x3000),
    (0xFB00, 0xFB4F), (0xFE30, 0xFEFF), (0xFF00, 0xFFEF),
)  # fmt: skip
_COMPATIBILITY_FORMS = {
    character: normal
    for low, high in _COMPATIBILITY_RANGES
    for character in map(chr, range(low, high + 1))
    if (normal := unicodedata.normalize("NFKC", character)) != character
}
_COMPATIBILITY_CHARACTERS = re.compile(f"[{''.join(map(re.escape, _COMPATIBILITY_FORMS))}]")


def _nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, faster where the text holds a few of the common
    compatibility characters (``_COMPATIBILITY_FORMS``)."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    replaced = _COMPATIBILITY_CHARACTERS.sub(lambda found: _COMPATIBILITY_FORMS[found[0]], text)
    return (
        replaced if unicodedata.is_normalized("NFKC", replaced) else unicodedata.normalize("NFKC", replaced)
    )


def fold_line(line: str) -> str:
    """``normalise_line`` but for its white space: NFKC, plain quotes, case-folded."""
    folded = _nfkc(line)
    # One str.replace a character: each is a C scan, where str.translate looks every character up
    # in a dict (three times as slow on article paragraphs). An ASCII line has none of them.
    if not folded.isascii():
        for curly, plain in _PLAIN_QUOTES.items():
            folded = folded.replace(curly, plain)
    return folded.casefold()


def collapse_spaces(folded: str) -> str:
    """The rest of ``normalise_line`` after ``fold_line``: each run of white space one space, and
    the ends stripped of white space and the marks that open or close a line of chrome."""
    # split() splits where \s+ matches (both use Unicode white space); the ends are stripped below.
    return " ".join(folded.split()).strip(" \t|•·:>»›-–—*#")


# Characters read first by ``has_words`` for each word it looks for: English words average about
# six characters with their space, so a paragraph of prose settles within this.
_PREFIX_CHARS_PER_WORD = 12


def has_words(text: str, count: int) -> bool:
    """``word_count(text) >= count``, without counting the words of a long text to its end."""
    if count <= 0:
        return True
    # A text has at most as many words as characters (a CJK character counts half a word, and a
    # word of other script needs a character of its own), and an ASCII text, whose words need a
    # character between them, at most half as many plus one: a short line is settled unread.
    if len(text) < count or (len(text) < 2 * count - 1 and text.isascii()):
        return False
    # A prefix has no more words than the whole (a word cut at its end still counts once), so a
    # prefix with enough settles it without reading a long paragraph or a whole article to its
    # end (twice: for script and for words). Only a prefix with no CJK counts words alike.
    prefix = text[: count * _PREFIX_CHARS_PER_WORD]
    if prefix.isascii():
        runs, apostrophes = _ascii_word_runs(prefix)
        if runs - apostrophes >= count:
            return True
        if len(prefix) == len(text) and runs < count:
            return False
    if (
        len(prefix) < len(text)
        and (prefix.isascii() or not _CJK.search(prefix))
        and _first_words(count).match(prefix)
    ):
        return True
    if not text.isascii() and _CJK.search(text):
        return word_count(text) >= count
    return _first_words(count).match(text) is not None


# An ASCII text's bytes with each word character (``\w`` of ASCII: letters, digits, "_") made "a"
# and every other byte a space, for ``_ascii_word_runs``.
_ASCII_WORD_MARKS = bytes(
    0x61 if chr(code).isascii() and (chr(code).isalnum() or chr(code) == "_") else 0x20 for code in range(256)
)


def _ascii_word_runs(text: str) -> tuple[int, int]:
    """The runs of word characters in ASCII ``text`` and its apostrophes: a word (``_WORDS``) is
    such runs joined by apostrophes, so ``text`` has at most as many words as runs and at least
    as many as runs less apostrophes. Counted by byte translation and ``bytes.count``, which
    settles most ASCII lines in half the time of ``_first_words`` (``has_words`` of 26 words: 1.3
    against 2.6 µs a paragraph, 0.5 against 1.3 µs a shorter line; Zyte dev pages, 2026-12-06)."""
    marked = text.encode("ascii").translate(_ASCII_WORD_MARKS)
    return marked.count(b" a") + marked.startswith(b"a"), text.count("'")


@cache
def _first_words(count: int) -> re.Pattern[str]:
    """Matches the start of a text that has at least ``count`` words as ``_WORDS`` finds them: each
    step takes one whole word (possessively: backtracking never splits one) and what follows it up
    to the next. One match costs half as much as ``count`` match objects from ``finditer`` (chrome
    pass, Zyte dev pages, 2026-12-04)."""
    return re.compile(rf"\W*+(?:\w++(?:['’]\w++)*+\W*+){{{count}}}")


def word_count(text: str) -> int:
    """Words in ``text``; Chinese, Japanese and Korean script counts one word per two characters
    (they write no spaces, so ``\\w+`` would see a whole sentence as one word)."""
    if not _CJK.search(text):
        return len(_WORDS.findall(text))
    cjk = len(_CJK.findall(text))
    return len(_WORDS.findall(_CJK.sub(" ", text))) + (cjk + 1) // 2


@cache
def _compiled_chrome() -> tuple[tuple[rules.ChromeKind, tuple[re.Pattern[str], ...]], ...]:
    return tuple(
        (kind, rules.compile_patterns(patterns, name=f"chrome {kind.value}"))
        for kind, patterns in rules.CHROME_PATTERNS.items()
    )


@cache
def _chrome_sources() -> tuple[dict[str, list[str]], list[str], list[str]]:
    """The chrome patterns split for ``_any_chrome``: the bodies (after "^") of those anchored at
    the line's start by the characters they can begin with (``_first_characters``), the bodies of
    those anchored that can begin with anything (``_guarded``), and the rest, whole. A pattern
    with a top-level "|" (its "^" would bind one branch) or a backreference (groups renumber)
    counts as not anchored (``_is_plain``)."""
    by_first: dict[str, list[str]] = {}
    anchored_anywhere, free = [], []
    for _, patterns in _compiled_chrome():
        for pattern in patterns:
            source = pattern.pattern
            if not (source.startswith("^") and _is_plain(source)):
                free.append(source)
                continue
            first = _first_characters(source)
            if first is None:
                anchored_anywhere.append(_guarded(source[1:]))
            for character in first or ():
                by_first.setdefault(character, []).append(source[1:])
    return by_first, anchored_anywhere, free


def _is_plain(source: str) -> bool:
    """Whether ``source`` can be cut and joined with others as one sequence: no top-level "|"
    (which would take in what is joined to it) and no backreference (groups renumber)."""
    return not _has_top_level_bar(source) and not _BACKREFERENCE.search(source)


@cache
def _any_chrome(first: str) -> tuple[re.Pattern[str], ...]:
    """Two patterns that match a line beginning with ``first`` (or, for "", with a character no
    anchored pattern begins with) if and only if some chrome pattern does: the anchored patterns
    that can begin with it in one alternation tried at the start only, the others in a second.
    Most lines match neither. One alternation of every anchored pattern cost a line 2.5 µs with
    the English vocabulary and 11 µs once other languages' were added (sre tries each branch's
    words in turn); picked by first character, the German, French, Spanish, Portuguese and
    Italian ones cost nothing on an English line (2026-12-05).

    The unanchored patterns that open with "\\b" are written as one tree of the words they open
    with (``_prefix_tree``): that alternation is tried at every position of the line, and sre
    tries the branches of a flat one in turn at each (1.7 against 2.7 µs a line that is no
    chrome, Zyte dev pages, 2026-12-06). The anchored ones gain little so (their alternation is
    tried once a line) and would take longer to compile."""
    by_first, anchored_anywhere, free = _chrome_sources()
    anchored = by_first.get(first, []) + anchored_anywhere
    unions = [f"^(?:{'|'.join(f'(?:{body})' for body in anchored)})"] if anchored else []
    after_boundary = [source[2:] for source in free if source.startswith(r"\b") and _is_plain(source)]
    unanchored = [f"(?:{source})" for source in free if not (source.startswith(r"\b") and _is_plain(source))]
    if after_boundary:
        unanchored.insert(0, rf"\b{_prefix_tree(after_boundary)}")
    if unanchored:
        unions.append("|".join(unanchored))
    return tuple(re.compile(union) for union in unions)


def parsed_case_sensitive(pattern: str) -> Any | None:
    """Python's own parse of ``pattern`` (``re._parser``: its literals and repeats, which the chrome
    and guard patterns are sped up by), or None where it cannot be read or ignores case (its
    literals then stand for more than themselves)."""
    try:
        parsed = re_parser.parse(pattern)
    except (re.error, AttributeError, TypeError, ValueError):
        return None
    return None if parsed.state.flags & re.IGNORECASE else parsed


def _guarded(body: str) -> str:
    """``body`` (a plain pattern read from a line's start) behind a look for a character every
    match of it holds, when it holds one that few lines do (no letter, digit or space) after a
    repeat: "[\\w .'-]{2,50}\\s*/…" tries up to 50 ends of its run before failing on a line with
    no "/", where the look reads the line once. The patterns anchored anywhere, tried on every
    line, cost 0.4 against 1.0 µs a line that is no chrome so (Zyte dev pages, 2026-12-06)."""
    parsed = parsed_case_sensitive(body)
    if parsed is None:
        return body
    repeats = (re_constants.MAX_REPEAT, re_constants.MIN_REPEAT, re_constants.POSSESSIVE_REPEAT)
    after_repeat = False
    for opcode, argument in parsed.data:
        if opcode in repeats:
            after_repeat = True
        elif opcode is re_constants.LITERAL and after_repeat:
            character = chr(argument)
            if not (character.isalnum() or character.isspace()):
                return f"(?=[^{re.escape(character)}]*+{re.escape(character)})(?:{body})"
    return body


# Characters that end the literal words a pattern opens with: an operator, a class, an escape, a
# group. A character followed by a quantifier ("?", "*", "+", "{") is not among them either.
_NOT_LITERAL = frozenset("\\.^$*+?{}[]|()")
_QUANTIFIERS = frozenset("?*+{")
# A group of literal alternatives that a pattern opens with, not repeated: "(sign|log) in here".
_OPENING_WORDS = re.compile(r"\((?:\?:)?([^\\()\[\]{}.*+?^$|]*(?:\|[^\\()\[\]{}.*+?^$|]*)*)\)(?![?*+{])")


def _openings(source: str) -> list[tuple[str, str]]:
    """``source`` (a plain pattern: ``_is_plain``) as (the literal words it opens with, the
    pattern that must follow them), one pair for each alternative of a group of literal words it
    opens with: "(sign|log) in here" is ("sign in here", "") and ("log in here", "")."""
    group = _OPENING_WORDS.match(source)
    if group is not None:
        rest = source[group.end() :]
        return [opening for words in group[1].split("|") for opening in _openings(words + rest)]
    end = 0
    while (
        end < len(source)
        and source[end] not in _NOT_LITERAL
        and source[end + 1 : end + 2] not in _QUANTIFIERS
    ):
        end += 1
    return [(source[:end], source[end:])]


def _prefix_tree(sources: Sequence[str]) -> str:
    """One alternation that matches where any of ``sources`` (plain patterns) does, written as a
    tree of the words they open with ("s(?:hare…|ign up…)"), as ``rules.literal_alternation``
    writes words: at each branch sre skips at once each alternative whose first character differs."""
    tree: dict[str, Any] = {}
    for source in sources:
        for words, rest in _openings(source):
            node = tree
            for character in words:
                node = node.setdefault(character, {})
            node.setdefault("", []).append(rest)

    def branch(node: dict[str, Any]) -> str:
        rests: list[str] = node.get("", [])
        if "" in rests:
            return ""  # a pattern ends here: whatever follows, it matches
        options = [
            re.escape(character) + branch(child) for character, child in sorted(node.items()) if character
        ]
        options += [f"(?:{rest})" for rest in rests]
        return options[0] if len(options) == 1 else f"(?:{'|'.join(options)})"

    return branch(tree)


def _first_characters(source: str) -> frozenset[str] | None:
    """The characters a match of ``source`` can begin with, read from Python's own parse of it,
    or None when that is not a short list (a class such as \\d or ".", a lookaround, flags, or a
    pattern that can match nothing)."""
    parsed = parsed_case_sensitive(source)
    if parsed is None or parsed.state.flags & re.VERBOSE:
        return None
    found = _first_of_sequence(list(parsed.data))
    if found is None or found[1]:
        return None
    return frozenset(found[0])


_Firsts = tuple[set[str], bool] | None


def _first_of_sequence(items: list[tuple[Any, Any]]) -> _Firsts:
    """(the first characters, whether the whole sequence can match nothing) of parsed items."""
    characters: set[str] = set()
    for item in items:
        found = _first_of_item(item)
        if found is None:
            return None
        characters |= found[0]
        if not found[1]:
            return characters, False
    return characters, True


def _first_of_item(item: tuple[Any, Any]) -> _Firsts:
    opcode, argument = item
    if opcode is re_constants.LITERAL:
        return {chr(argument)}, False
    if opcode is re_constants.AT:
        return set(), True
    if opcode is re_constants.IN:
        members: set[str] = set()
        for kind, value in argument:
            if kind is re_constants.LITERAL:
                members.add(chr(value))
            elif kind is re_constants.RANGE and value[1] - value[0] < 64:
                members.update(chr(code) for code in range(value[0], value[1] + 1))
            else:
                return None
        return members, False
    if opcode is re_constants.SUBPATTERN:
        _, added_flags, removed_flags, body = argument
        return None if added_flags or removed_flags else _first_of_sequence(list(body))
    if opcode is re_constants.BRANCH:
        characters: set[str] = set()
        empty = False
        for branch in argument[1]:
            found = _first_of_sequence(list(branch))
            if found is None:
                return None
            characters |= found[0]
            empty = empty or found[1]
        return characters, empty
    if opcode in (re_constants.MAX_REPEAT, re_constants.MIN_REPEAT, re_constants.POSSESSIVE_REPEAT):
        low, _, body = argument
        found = _first_of_sequence(list(body))
        return None if found is None else (found[0], found[1] or low == 0)
    return None


def _has_top_level_bar(source: str) -> bool:
    depth, escaped, in_class = 0, False, False
    for char in source:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            return True
    return False


@cache
def _compiled(name: str) -> tuple[re.Pattern[str], ...]:
    patterns: tuple[str, ...] = getattr(rules, name)
    return rules.compile_patterns(patterns, name=name)


# The parenthesis a caption ends with: its credit, then a full stop at most.
_CLOSING_PARENTHESIS = re.compile(r"\(([^()]*)\)\s*\.?$")


@cache
def _credit_label() -> re.Pattern[str]:
    return re.compile(rules.CAPTION_CREDIT_LABEL, re.IGNORECASE)


@cache
def _credit_agency() -> re.Pattern[str]:
    """Finds a name of ``rules.CREDIT_AGENCIES`` as written or in capitals, a whole word ("AP" in
    "AP Photo/Chris Carlson", not in "APA" or "AP-Schulen")."""
    names = sorted(
        {form for name in rules.CREDIT_AGENCIES for form in (name, name.upper())}, key=len, reverse=True
    )
    alternation = "|".join(map(re.escape, names))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")


@cache
def _credit_agency_words() -> re.Pattern[str]:
    return re.compile(rules.CREDIT_AGENCY_WORDS, re.IGNORECASE)


@cache
def _credit_sources() -> frozenset[str]:
    return frozenset(form for name in rules.CREDIT_SOURCES for form in (name, name.upper()))


def _keeps_its_words(line: str) -> bool:
    """Whether ``normalise_line(line)`` has at least the words of ``line`` itself, told cheaply: an
    ASCII line normalises to the same words (its case and white space change, no word character);
    in a line that NFKC leaves as it is and that has no "‘" or "‛" (which become the apostrophe that
    joins two words), normalising only case-folds (which never joins two words), straightens
    quotes that are no word characters or join words already, and collapses white space."""
    return line.isascii() or ("‘" not in line and "‛" not in line and unicodedata.is_normalized("NFKC", line))


# A line of other script than ASCII is told prose from its own words (before normalising it) only
# when it is longer than this: the lines of chrome are shorter (71 characters on average on the
# Zyte dev pages), nearly every paragraph of prose longer (320 on average).
_READ_BEFORE_NORMALISING = 160


# A section's label and its "more" arrow, a link to the section ("CEO Book Club more >", "Luxury
# Link more »": Forbes's sidebar boxes). Read on the line as written: the normal form drops the
# arrow, and "… we want more" is prose. The arrow stands apart from the word, and no guillemet opens
# on the line: "«Wir wollen mehr»", "Sie sagt: «Es reicht, ich kann nicht mehr»" and "« Nous n'en
# pouvons plus »" close a quotation with the same mark (review, 2026-12-07).
_MORE_LINK = re.compile(r"\s*\S.{0,40}?\s(?:more|mehr|plus|más|mais)\s(?:>>?|»|›)\s*$", re.IGNORECASE)
_OPENING_GUILLEMETS = ("«", "‹")


def _is_more_link(line: str) -> bool:
    return _MORE_LINK.match(line) is not None and not any(mark in line for mark in _OPENING_GUILLEMETS)


def chrome_kind(line: str) -> rules.ChromeKind | None:
    """The family of chrome ``line`` belongs to, or None for a line that may be article text."""
    # A line with more words than chrome ever has is prose: told from the line itself where its
    # normal form surely has as many words, which spares normalising the long lines of prose (half
    # the lines of a Zyte dev page; 2026-12-06). A line of other script than ASCII no longer than
    # _READ_BEFORE_NORMALISING is read once, normalised (``remove_chrome``: 0.136 against 0.146 ms
    # a Zyte dev page, 2026-12-06).
    if _is_blog_footer(line) or _is_more_link(line):
        return rules.ChromeKind.NAVIGATION
    words = rules.MAX_CHROME_WORDS + 1
    ascii_line = line.isascii()
    # U+0345 is the one character that case-folding turns from no word character into one ("ι"),
    # joining the words around it: a short line holding it is counted as it is too, as before the
    # shortcut (review, 2026-12-06: "Newsletter aͅaͅ…" had 31 words as written, 2 normalised).
    read_as_it_is = ascii_line or (
        (len(line) > _READ_BEFORE_NORMALISING or "\u0345" in line) and _keeps_its_words(line)
    )
    if read_as_it_is and has_words(line, words):
        return None
    normal = normalise_line(line)
    # An ASCII line's normal form has exactly its words, counted just above.
    if not normal or (not ascii_line and has_words(normal, words)):
        return None
    # A character no anchored pattern begins with shares one key, so the cache of compiled
    # alternations stays as small as the vocabulary's first characters (a Chinese page's lines
    # begin with hundreds of different ones).
    for union in _any_chrome(normal[0] if normal[0] in _chrome_sources()[0] else ""):
        if union.search(normal) is not None:
            break
    else:
        return None
    for kind, patterns in _compiled_chrome():
        if any(pattern.search(normal) for pattern in patterns):
            return kind
    return None


def _is_blog_footer(line: str) -> bool:
    """Whether ``line`` is a WordPress theme's footer ("This entry was posted in … Bookmark the
    permalink."; ``rules.BLOG_FOOTER_OPENINGS``, ``rules.BLOG_FOOTER_ENDINGS``), at any length: its
    list of categories and tags makes it longer than other chrome. Only a line that opens with the
    footer's first words or ends with its last word is read further, told by two ``str`` calls
    that read the line's ends only: a long line is mostly a paragraph of prose, and a few tenths of
    a microsecond for each of a page's paragraphs showed (2026-12-07). A line longer than chrome's
    (``rules.MAX_CHROME_WORDS``) must open and end as the footer does: a paragraph may open "This
    entry was posted in a hurry, …" or end with the closing sentence glued to it (review,
    2026-12-07); a shorter one must open so with a category after "in" (``_footer_opening``), or
    be the closing sentence alone ("Bookmark the permalink.")."""
    stripped = line.strip()
    opens = stripped.startswith(rules.BLOG_FOOTER_FIRST_WORDS)
    ends = stripped.endswith(_FOOTER_ENDINGS)
    if not opens and not ends:
        return False
    opening = _footer_opening(stripped) if opens else None
    # The closing sentence is searched in the line's last characters only: 26 patterns over a long
    # paragraph that happens to end "… permanente." cost more than the rest of its reading.
    tail = normalise_line(stripped[-_FOOTER_TAIL:]) if ends else ""
    ending = next(
        (found for pattern in _compiled("BLOG_FOOTER_ENDINGS") if (found := pattern.search(tail))), None
    )
    # The opening and the closing sentence together are the footer whatever the category's case
    # ("This entry was posted in uncategorized. Bookmark the permalink."; review, 2026-12-07).
    if opening is not None and ending is not None:
        return True
    if has_words(stripped, rules.MAX_CHROME_WORDS + 1):
        return False
    if opening:
        return True
    # Alone, or after the theme's "|" between its links ("Posted in News | Tagged foo | Bookmark
    # the permalink."): a sentence does not run on into it so.
    return ending is not None and (
        (ending.start() == 0 and len(stripped) <= _FOOTER_TAIL)
        or tail[: ending.start()].rstrip().endswith("|")
    )


# The footer's closing sentence is shorter than this many characters in every language.
_FOOTER_TAIL = 120
# The words a footer's opening ends with where a category follows: "… posted in News", "… en Noticias".
_FOOTER_PREPOSITIONS = frozenset({"in", "on", "under", "en", "em", "dans", "unter"})


def _footer_opening(line: str) -> bool | None:
    """Whether ``line`` opens as a blog footer (``rules.BLOG_FOOTER_OPENINGS``, matched at its
    start), and where that opening ends with "in", "under" or the like, a category's name follows,
    capitalised as a theme prints it ("posted in News", "publicada en Noticias"), or a date ("posted
    on 5 March"): "This entry was posted in a hurry" is a sentence. None where no opening matches."""
    normal = normalise_line(line)
    for pattern in _compiled("BLOG_FOOTER_OPENINGS"):
        found = pattern.match(normal)
        if found is None:
            continue
        opening_words = normal[: found.end()].split()
        if opening_words[-1] not in _FOOTER_PREPOSITIONS:
            return True
        line_words = line.split()
        following = line_words[len(opening_words)] if len(line_words) > len(opening_words) else ""
        return following[:1].isupper() or following[:1].isdigit()
    return None


# The footer's last words as a line ends with them, with its full stop or without.
_FOOTER_ENDINGS = tuple(
    f"{form}{end}"
    for word in sorted(rules.BLOG_FOOTER_LAST_WORDS)
    for form in (word, word.capitalize())
    for end in ("", ".")
)


def is_caption(line: str) -> bool:
    """A photo caption: a sentence that ends with a credit in parentheses (``_is_credit``), or a
    line that is nothing but a credit in parentheses ("(Reed Saxon / Associated Press)"); a label
    that credits only apart ("… on Monday. (File)", ``rules.CAPTION_CREDIT_LABEL_APART``); a photo
    service's or, after the sentence's end, a news agency's name alone (``_credits_at_a_sentence_end``)."""
    stripped = line.strip()
    # A line that does not end in ")" (a full stop after it at most) is no caption, without a search.
    if not stripped.removesuffix(".").rstrip().endswith(")"):
        return False
    found = _CLOSING_PARENTHESIS.search(stripped)
    if found is None:
        return False
    credit = found[1].strip()
    before = stripped[: found.start()].rstrip()
    if before and _names_a_poll(credit, before):
        return False
    if _is_credit(credit, alone=not before):
        return True
    # A label such as "File" or "credit to …" credits only after the sentence's own end, or
    # written capitalised ("(Photo provided by …)").
    if (not before or _SENTENCE_END.search(before)) and _credit_label_apart().match(credit):
        return True
    if _credit_label_capitalised().match(credit) and not _CLAUSE_VERBS.search(credit):
        return True
    return bool(before) and _credits_at_a_sentence_end(credit, before)


# Where a caption's last sentence ends and a credit runs on after it with no space between, as a
# page's caption and credit elements join ("… a street in Raqqa.Reuters", "… in Seoul on
# Thursday.Anthony Wallace / AFP - Getty Images", Forbes's "… (Photo: Getty Images)Getty"): a full
# stop after a lower-case letter or a figure, or a closing bracket, then a capital letter. "U.S.Army"
# and a credit's own initials ("Photo: J.Doe/AP") have no lower-case letter before their dot. The
# mark first, then what precedes it (a lookbehind): the engine skips to the marks, a third of the
# cost of trying the lookbehind at every place.
_RUN_ON = re.compile(r"(?:[.!?](?<=[^\W\d_A-ZÀ-Þ][.!?]|\d[.!?])[\"”’]*|\))(?=[A-Z©])")


def run_on_credit(caption: str) -> tuple[str, str] | None:
    """The caption's words and the credit run on after them with no space (``_RUN_ON``, the last
    such place), where that tail is plainly a credit: an agency's or photo service's name alone
    ("Reuters", "Getty"; ``rules.CREDIT_AGENCIES``) or what ``_is_credit`` calls one in a
    sentence's parenthesis (a label, an agency's name joined to another's, two agencies). None
    where there is no such place or the tail is other words ("… in 2014.Lockheed Martin")."""
    places = [found.end() for found in _RUN_ON.finditer(caption)]
    if not places:
        return None
    words, credit = caption[: places[-1]], caption[places[-1] :].strip()
    if _credit_agency().fullmatch(credit) is None and not _is_credit(credit, alone=False):
        return None
    return words, credit


# The word a sentence names a poll with just before the poll's name in parentheses ("according to a
# poll (Reuters/Ipsos).", "in a survey (ABC News/Washington Post)."), in lower case: a caption's
# own capitalised words ("… the U.S. Geological Survey (Jane Doe/USGS)") are a name.
_POLL_BEFORE = re.compile(r"\b(?:polls?|surveys?)$")
# "poll" in the parenthesis itself: "(Reuters/Ipsos poll)", "(AP-NORC poll)".
_POLL_WORD = re.compile(r"\bpolls?\b", re.IGNORECASE)
# What joins a poll's names: "Reuters/Ipsos", "CBS News/YouGov", "AP-NORC".
_POLL_JOINERS = re.compile(r"\s*[/-]\s*")


def _names_a_poll(credit: str, before: str) -> bool:
    """Whether ``credit``, the parenthesis that ends a sentence (``before``), names a poll, which
    joins an agency's or an outlet's name to a pollster's as a credit joins a photographer's
    ("… according to a poll (Reuters/Ipsos).", "… (CBS News/YouGov)."; review): it names a
    pollster (``rules.POLLSTERS``) or a poll, or the sentence says "poll" or "survey" just before
    it, unless it joins an agency's name to a person's (``_credits_a_photographer``). A credit's
    label or photo word ("(Photo: …)", "(AP Photo/…)") credits whatever else it says."""
    if _credit_label().match(credit) or _PHOTO_WORD.search(credit):
        return False
    parts = [part.strip() for part in _POLL_JOINERS.split(credit)]
    if _POLL_WORD.search(credit) or any(_is_pollster(part) for part in parts):
        return True
    # After "polls" or "survey" an agency beside a person's name credits a photo all the same:
    # "Voters head to the polls (Reuters/Jane Doe)", "… the census survey (Getty/Jane Doe)" (review,
    # 2026-12-07), where "… in a survey (ABC News/Washington Post)." names two outlets' poll.
    return bool(_POLL_BEFORE.search(before)) and not _credits_a_photographer(parts)


def _is_pollster(part: str) -> bool:
    """Whether a credit's part is a pollster's name (``rules.POLLSTERS``), in any case ("Infratest
    Dimap"): the whole part, as a photographer's first name may be one ("Reuters/Emerson Smith";
    third review, 2026-12-07)."""
    return " ".join(part.casefold().split()) in _pollsters()


@cache
def _pollsters() -> frozenset[str]:
    return frozenset(name.casefold() for name in rules.POLLSTERS)


def _credits_a_photographer(parts: Sequence[str]) -> bool:
    """Whether the parts of a credit (split at "/" and "-") join an agency's name
    (``rules.CREDIT_AGENCIES``) to a person's: two or more capitalised words, no agency's."""
    agency = _credit_agency()
    return any(agency.fullmatch(part) for part in parts) and any(
        agency.fullmatch(part) is None
        and len(words := part.split()) >= 2
        and all(word[:1].isupper() for word in words)
        for part in parts
    )


# A verb that makes a sentence of a parenthesis a capitalised label opens ("(Images taken by Hubble
# were also released)"; review, 2026-12-07): a credit names, it does not say.
_CLAUSE_VERBS = re.compile(r"\b(?:is|are|was|were|be|been|has|have|had|shows?|showed|will|can)\b")


@cache
def _credit_label_capitalised() -> re.Pattern[str]:
    return re.compile(rules.CAPTION_CREDIT_LABEL_CAPITALISED)


@cache
def _credit_label_apart() -> re.Pattern[str]:
    return re.compile(rules.CAPTION_CREDIT_LABEL_APART, re.IGNORECASE)


def _credits_at_a_sentence_end(credit: str, before: str) -> bool:
    """Whether ``credit``, one name in the parenthesis that ends a sentence (``before``), credits its
    photo: a photo service's always ("(Shutterstock)", "(Pixabay)"), a news agency's unless the
    initials of the words before it spell it ("the American Psychological Association (APA).", "Aam
    Aadmi Party (AAP)": an acronym spelled out; "… on Aug. 31, 2019. (AP)" credits, after the
    sentence's end only)."""
    if credit.casefold() in rules.CREDIT_PHOTO_SERVICES:
        return True
    if credit not in rules.CREDIT_NEWS_AGENCIES and credit.title() not in rules.CREDIT_NEWS_AGENCIES:
        return False
    # A news agency's short name credits only after the sentence's own end ("… on Aug. 31, 2019.
    # (AP)"): inside a sentence it is as often an acronym spelled out before it, and the initials of
    # the words before do not tell ("the American Academy of Pediatrics (AAP).", "the Association of
    # Fundraising Professionals (AFP).", "the first artificial satellite (Sputnik)."; review,
    # 2026-12-07): such a sentence is text.
    if not _SENTENCE_END.search(before):
        return False
    words = _INITIAL_WORDS.findall(before)[-len(credit) :]
    return "".join(word[0] for word in words).casefold() != credit.casefold()


# The words whose initials may spell an acronym: "Agence France-Presse" gives "AFP".
_INITIAL_WORDS = re.compile(r"[^\W\d_]+")


def _is_credit(credit: str, *, alone: bool) -> bool:
    """Whether ``credit``, the words in a line's closing parenthesis, credit a photo: a credit's
    label ("Photo: …", "Foto: …", "Photos by …"), an agency's or photo service's name ("AP",
    "Getty Images", "via Reuters"; ``_credits_an_agency``), or names joined by "/" or "via"
    (``_names_a_credit``). On a line of its own (``alone``) any words joined by "/" or opened by
    "via" are a credit too ("(dr/ spot)", "(via Gizmodo)"): no sentence is written so."""
    if not credit or _FILE_NAMED.match(credit):
        return False
    if _credit_label().match(credit) or _credits_an_agency(credit, alone=alone):
        return True
    # Figures make a date, a size or a price, no name: "(5/21/2005)", "(4GB RAM/64GB)".
    if any(character.isdigit() for character in credit):
        return False
    parts = [part.strip() for part in _CREDIT_JOINERS.split(credit)]
    if len(parts) < 2 or not all(parts[1:]):
        return False
    # Alone, a credit may open with "via" ("(via Gizmodo)"); in a sentence that is a source's
    # mention ("he told Express Online (via NeoGAF).").
    return alone or (bool(parts[0]) and _names_a_credit(parts))


# The "file" label before a file's name names that file, no photo's archive: "(file: audit-2024.pdf)",
# "… see the report (file: turnout_by_district.csv)." (review); "(File: Jane Doe/Reuters)" credits.
_FILE_NAMED = re.compile(r"file\s*:\s*[^\s/:]+\.[a-z][a-z0-9]{1,4}$", re.IGNORECASE)
# What joins an agency's name to a photographer's or another agency's in a credit.
_AGENCY_JOINERS = re.compile(r"/|\||\bvia\b")
# A word for a photo beside an agency's name: "(AP Photo)", "(Getty Images)", "(Reuters Pictures)".
_PHOTO_WORD = re.compile(r"\b(?:photos?|fotos?|images?|pictures?|bild)\b", re.IGNORECASE)


def _credits_an_agency(credit: str, *, alone: bool) -> bool:
    """Whether ``credit`` credits an agency (``rules.CREDIT_AGENCIES``, ``rules.CREDIT_AGENCY_WORDS``).
    At the end of a sentence a one-word agency name credits only joined to another name by "/",
    "via" or "|" ("Evan Vucci/AP", "AFP via Getty Images") or beside a photo word ("AP Photo"):
    alone there it is as often an acronym the sentence spells out ("the American Psychological
    Association (APA).", "the Aam Aadmi Party (AAP).") or a name's first word ("the oil pipeline
    (Keystone XL)."). Words for an agency ("news agency") credit only joined so, on a line of its
    own too: "according to IRNA (Iran's official news agency)."."""
    joined = sum(1 for part in _AGENCY_JOINERS.split(credit) if part.strip()) >= 2
    if joined and _credit_agency_words().search(credit):
        return True
    agencies = _credit_agency().findall(credit)
    if not agencies:
        return False
    # An agency's name of two words or more ("Getty Images", "Associated Press") is no acronym,
    # nor are two agencies' names together ("(Reuters, AP)").
    return alone or joined or len(agencies) > 1 or " " in agencies[0] or bool(_PHOTO_WORD.search(credit))


# What joins a photographer's name to an agency's, an outlet's or an institution's in a credit.
_CREDIT_JOINERS = re.compile(r"/|\bvia\b")


def _names_a_credit(parts: Sequence[str]) -> bool:
    """Whether the parts of a credit, split at "/" and "via", are a credit's names: each
    capitalised, and one of them a source that credits beside a name ("Kay Nietfeld/dpa",
    "NASA/JPL"; ``rules.CREDIT_SOURCES``) or a name of two or more capitalised words ("Manu
    Fernandez", "Topeka Zoo", "The Washington Post"). Two single words are a pair, not a credit:
    "(Whitelist/Blacklist)", "(Israel/Frankreich)", "(CDU/CSU)"; so are words in lower case:
    "(nlohmann/json)", "(m/w/d)"."""
    sources = _credit_sources()
    if not all(part[:1].isupper() or part in sources for part in parts):
        return False
    # "staff" credits only beside a photographer's name ("Jane Doe/staff"): beside one word it is
    # a pair of groups ("(Faculty/staff)", "(Students/staff)"; review, 2026-12-07).
    return any(
        (part in sources and part.casefold() != "staff")
        or (len(words := part.split()) >= 2 and all(word[:1].isupper() for word in words))
        for part in parts
    )


def outlet_in_chrome(line: str) -> str | None:
    """A publication's name that a chrome line carries ("Sign up for NTD Daily" → "NTD")."""
    stripped = _WHITE.sub(" ", line).strip()
    for pattern in _compiled("OUTLET_IN_CHROME"):
        match = pattern.search(stripped.casefold().translate(_QUOTES))
        if match and match.group("outlet"):
            start, end = match.span("outlet")
            name = stripped[start:end].strip(" .,-")
            if name and word_count(name) <= 5 and not name.isdigit() and name.casefold() not in _NOT_NAMES:
                return name
    return None


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip()
    if stripped.endswith((".", "!", "?", '"', "”", "’", "'", "…", ")", ":")):
        return True
    # A closing quotation mark of another style ("„…“", "«…»", "»…«") or a bracket ends a
    # paragraph's last sentence where a sentence's mark comes before it („Wir werden niemanden
    # zurücklassen.“; review, 2026-12-07), and as often a teaser's headline without one ("ATP: Roger
    # Federer - „Arbeite so hart, wie es mir erlaubt wird“", tennisnet.com, trafilatura-eval):
    # without, only prose has a sentence before it.
    if not stripped.endswith(("“", "»", "«", "]")):
        return False
    return bool(_QUOTED_SENTENCE_END.search(stripped) or _INNER_SENTENCE_END.search(stripped))


# A sentence's mark inside the closing quotation marks or bracket that end a paragraph: „… zurück.“
_QUOTED_SENTENCE_END = re.compile(r"[.!?…][“»«\]]+$")


# The mark a teaser's excerpt is cut off with: "[…]", "Read more", "Weiterlesen »", "Lire la suite…",
# or an ellipsis standing apart from the last word, after a space or a comma: "… in basalt rocks,
# which …", "Der Bundestag hat am Donnerstag …". An ellipsis that closes the last word ("Es bleibt
# spannend…") trails off as prose does, and is left to the other rules; so does one apart from it
# after several whole sentences (``_is_cut_off``).
_CUT_OFF = re.compile(
    r"(?:\[(?:…|\.\.\.)\]|(?P<apart>[\s,](?:…|\.\.\.))|\b(?P<phrase>read more|continue reading|weiterlesen|"
    r"mehr lesen|lire la suite|leer más|seguir leyendo|leia mais|leggi tutto|lees verder|lees meer))"
    r"[\s»›→>…]*(?P<dots>\.*)$",
    re.IGNORECASE,
)
# A cut-off phrase that ends with one full stop is a link's words where its sentence has at most
# this many words before it, each a link's word (``_CUT_OFF_LINK_WORDS``: "… soll. Read more.",
# "Hier weiterlesen.", "Click here to read more."), a sentence's last words where it has more ("… the
# report, where you can read more.") or another word ("The full report is online. You can read more.").
_MAX_WORDS_BEFORE_CUT_OFF = 3
# The words a link puts before its cut-off phrase: "click here to", "tap to", "jetzt", "hier klicken
# und", "cliquez ici pour", "sign in to".
_CUT_OFF_LINK_WORDS = frozenset(
    {
        "click", "here", "to", "tap", "please", "now", "and", "subscribe", "sign", "log", "login", "in",
        "hier", "jetzt", "klicken", "und", "bitte", "cliquez", "ici", "pour", "haz", "clic", "aquí", "para",
        "clique", "aqui", "clicca", "qui", "per", "klik", "om", "en",
    }
)  # fmt: skip
_SENTENCE_MARKS = re.compile(r"[.!?…:|»›]")


def _is_cut_off(text: str) -> bool:
    """Whether ``text`` ends with a teaser's cut-off mark (``_CUT_OFF``): "[…]", an ellipsis apart
    from the last word of a paragraph of one sentence ("… rocks, which …"), or a "read more" with
    no mark after it, with an ellipsis ("Weiterlesen...", "Read more…"), or with one full stop
    where the phrase is a link's words of its own (``_MAX_WORDS_BEFORE_CUT_OFF``,
    ``_CUT_OFF_LINK_WORDS``); a sentence that ends with the words
    ("… the report, where you can read more.", "You can read more.") is prose (review, 2026-12-07:
    the rule for that one had taken "Read more..." for it)."""
    tail = text[-_CUT_OFF_TAIL:]
    found = _CUT_OFF.search(tail)
    if found is None:
        return False
    if found["apart"] is not None:
        # A paragraph of several whole sentences trails off as prose does ("… weiß noch niemand. Es
        # bleibt spannend …"; review, 2026-12-07): a teaser's excerpt is cut off inside its first,
        # or printed under its headline ("Council passes budget\nThe city council … and …").
        headline, newline, _ = text.partition("\n")
        return (bool(newline) and not _ends_sentence(headline)) or not _has_whole_sentences(text)
    if found["phrase"] is None or found["dots"] != ".":
        return True
    before = text[: len(text) - len(tail) + found.start()]
    marks = list(_SENTENCE_MARKS.finditer(before))
    sentence = before[marks[-1].end() :] if marks else before
    if has_words(sentence, _MAX_WORDS_BEFORE_CUT_OFF + 1):
        return False
    return all(word.casefold() in _CUT_OFF_LINK_WORDS for word in _WORDS.findall(sentence))


# A sentence's end inside a block, followed by more text: "… Schweiz.\nwww.sortimo.ch".
_INNER_SENTENCE_END = re.compile(r"[.!?…][\"'”’)»]*\s+\S")
# A paragraph after a "related" heading that does not end as a sentence is still prose where it
# has more words than chrome's lines (``rules.MAX_CHROME_WORDS``) and at least this many sentences
# ending inside it: a teaser's headline has none, a run of teaser headlines glued into one block
# none with a space after it ("…zu gewinnen!Zeit für…").
_MIN_INNER_SENTENCES = 2


def _is_related_item(block: Block) -> bool:
    """Whether ``block``, after a "related" heading, is one of its list's items: a list item, a
    short line (``_PROSE_WORDS``), a teaser's excerpt cut off ("Read more", "[…]", "… which …":
    ``_is_cut_off``), or a line that does not end as a sentence, unless it is a paragraph of prose
    with sentences ending inside it ("… Damit ist er für jeden Campingurlaub
    gerüstet.\nwww.sortimo.ch", auto-wirtschaft.ch: a teaser is a headline, never sentences)."""
    # A short line is a teaser's however many sentences it has: "Storm hits the coast. Thousands
    # lose power overnight." (review, 2026-12-07). The rule that kept two short sentences as prose
    # ("The full report is online. You can read more.") took no line of the dev pages (2026-12-07).
    if block.kind == "li" or not has_words(block.text, _PROSE_WORDS):
        return True
    # A teaser's excerpt has sentences too, cut off by "[…]", "Read more" or "Weiterlesen »"
    # (review, 2026-12-07): that mark alone tells it from prose, which may end with a quotation,
    # a link, a credit or no mark at all („Wir schaffen das gemeinsam“, "… gerüstet.\nwww.sortimo.ch").
    if _is_cut_off(block.text):
        return True
    if _ends_sentence(block.text):
        return False
    if not has_words(block.text, rules.MAX_CHROME_WORDS + 1):
        return True
    return sum(1 for _ in _INNER_SENTENCE_END.finditer(block.text)) < _MIN_INNER_SENTENCES


# A cut-off mark is looked for in a block's last characters only: a paragraph may be long.
_CUT_OFF_TAIL = 40
# A paragraph that ends in an ellipsis apart from its last word is prose where it holds at least
# this many sentences of at least this many words each ("… weiß noch niemand. Es bleibt spannend
# …"): a teaser's excerpt is cut off inside its first.
_MIN_WHOLE_SENTENCES = 2
_MIN_WHOLE_SENTENCE_WORDS = 3
# Where one sentence of a paragraph ends and the next begins.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"'”’)»]*\s+")


def _has_whole_sentences(text: str) -> bool:
    """Whether ``text`` holds at least ``_MIN_WHOLE_SENTENCES`` sentences of at least
    ``_MIN_WHOLE_SENTENCE_WORDS`` words each, told apart where a full stop, "!" or "?" is followed
    by a space: an abbreviation's full stop ("U.S. officials said …", "Gen. Smith …") leaves a piece
    too short to count."""
    pieces = _SENTENCE_BREAK.split(text.strip())
    return sum(1 for piece in pieces if has_words(piece, _MIN_WHOLE_SENTENCE_WORDS)) >= _MIN_WHOLE_SENTENCES


_NON_WORDS = re.compile(r"\W+")


def _words_key(text: str) -> str:
    """``text``'s words, case-folded, one space between: two texts with the same key say the same.
    Soft hyphens and word joiners are left out (``blocks.without_break_hints``): block text no
    longer holds them, but a page's title still may ("Verfassungs\u00adgericht" in both <title> and
    <h1>), and as no word characters they would split one word in two there."""
    return _NON_WORDS.sub(" ", without_break_hints(text)).strip().casefold()


# A line that ends as a sentence is a date line only where at most this many of its words are no
# date, time, stamp or byline words: "Article mis à jour le 7 janvier 2020." leaves one
# ("Article"), the shortest dated lead sentences two or more ("Es schneit am 5. März 2024.", "The
# museum reopens on 5 March 2024." three). Of the 72 date and stamp lines this took at the top of
# the 1,396 dev pages' bodies and plain-text saves, four end as sentences: three leave at most
# one word, the fourth is presse-augsburg.de's bold lead sentence (eight) (2026-12-06). A line
# that does not end as a sentence stays a date line however long: the others include
# "05/10/2018 - Publicado por: Clarissa Borba - Categoria: Saúde - Tags: …" and "Bern, 17.08.2007
# - Rede von Moritz Leuenberger beim SP-Städtegipfel, Basel, 18. August 2007".
_MAX_WORDS_BESIDE_STAMP = 1
_STAMP_LINE_WORDS = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_AM_PM = re.compile(r"\b[ap]\.\s?m\b\.?", re.IGNORECASE)  # "1:07 p.m.": no word of a sentence
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]»]*$")
# The words that open a byline (``metadata.byline_in_line``), where one may begin inside a line.
_BYLINE_WORDS = frozenset({"by", "von", "par", "por", "di", "door", "av", "af"})
_LINE_MARKS = " \t|•·:>»›-–—*#"


def _words_beside_stamp(text: str) -> int:
    """How many words of ``text`` are none of a date line's: figures (dates, times), stamp words,
    weekdays and time zones (``rules.METADATA_STAMP_WORDS``, ``METADATA_TIME_ZONES``), a relative
    time ("hace 3 horas", ``rules.METADATA_RELATIVE_TIME``), a byline to the line's end, and month
    names and link words ("on", "am", "le", "de") next to those; then a byline beside a stamp in
    any case ("Posted by jane on …", ``_stamp_bylines``) and a section at the end ("… 2024 in
    Politics.", ``_stamp_section``)."""
    # "a.m." and "p.m." are blanked out character for character, so that a byline is read on the
    # line as written: their full stop may end its sentence ("By late Tuesday, updated figures were
    # published on March 5, 2024 at 10 p.m." is one, where without the stop every word after "By"
    # was taken for a byline's).
    written, text = text, _AM_PM.sub(lambda found: " " * len(found[0]), text)
    words = list(_STAMP_LINE_WORDS.finditer(text))
    relative = [found.span() for found in _relative_time().finditer(text)]
    stamp = [False] * len(words)
    for index, match in enumerate(words):
        word = match.group()
        folded = word.casefold()
        if folded in _BYLINE_WORDS and byline_in_line(written[match.start() :]) is not None:
            stamp[index:] = [True] * (len(words) - index)
            break
        stamp[index] = (
            any(char.isdigit() for char in word)
            or folded in rules.METADATA_STAMP_WORDS
            or word in rules.METADATA_TIME_ZONES
            or any(low <= match.start() and match.end() <= high for low, high in relative)
        )
    folded_words = [match.group().casefold() for match in words]
    _unmark_other_subjects_verbs(folded_words, stamp)
    # Only a stamp's verb ("posted", "veröffentlicht", "written") signs a line so: the words that
    # name the page ("this", "was", "wurde", "fue") open sentences as often ("It was March 5, 2024
    # in Paris.", "Er wurde am 5. März 2024 von Polizisten erschossen."; review, 2026-12-07).
    has_stamp_verb = any(folded in _STAMP_VERBS for folded in folded_words) or bool(_MIS_A_JOUR.search(text))
    _grow_stamp(folded_words, stamp)
    if has_stamp_verb and (_stamp_bylines(folded_words, stamp) | _stamp_section(words, stamp)):
        _grow_stamp(folded_words, stamp)
    return stamp.count(False)


# The verbs that name the page in a stamp's passive ("This article was first published on …",
# "Dieser Beitrag wurde am … veröffentlicht", "Este artículo fue publicado …"): after a subject
# that is none of a stamp's words they are a sentence's ("Guidance was published on 5 March 2024
# by NHS England.", "It was March 5, 2024.", "Es wurde am 5. März 2024 veröffentlicht."; review,
# 2026-12-07). Italian's "è stato" and French's "a été" have a word no stamp marks before theirs.
_PAGE_PASSIVE_VERBS = frozenset({"was", "wurde", "fue", "foi", "werd"})
# Nouns that name the page in a stamp ("This page was last updated on …", "News date:",
# "Publication date:") besides those of ``rules.METADATA_STAMP_WORDS``: a stamp's own words here,
# where a word that names another thing ("Guidance was …", "Release date:") makes the text's line.
_PAGE_NOUNS = frozenset({"page", "seite", "news", "publication", "publish", "entry", "página", "pagina"})


def _unmark_other_subjects_verbs(folded_words: Sequence[str], stamp: list[bool]) -> None:
    """Unmarks in ``stamp`` a verb of ``_PAGE_PASSIVE_VERBS`` after a word that is no stamp's (nor
    a noun that names the page): the verb of that word's sentence, not of the page's stamp."""
    for index in range(1, len(folded_words)):
        before = folded_words[index - 1]
        if (
            stamp[index]
            and folded_words[index] in _PAGE_PASSIVE_VERBS
            and not stamp[index - 1]
            and before not in _PAGE_NOUNS
        ):
            stamp[index] = False


# The verbs of a stamp, in the languages of ``rules.METADATA_LINE``'s openers, and those that name
# who wrote the text: a line with one of them may end with a lower-case byline or a section.
_STAMP_VERBS = frozenset(
    {
        "updated", "published", "posted", "modified", "edited", "publicado", "publicada", "actualizado",
        "actualizada", "atualizado", "atualizada", "aktualisiert", "veröffentlicht", "publiziert",
        "erstellt", "publié", "publiée", "pubblicato", "pubblicata", "aggiornato", "aggiornata",
        "gepubliceerd", "bijgewerkt", "geplaatst", "written", "geschrieben", "écrit", "escrito",
        "scritto", "geschreven", "modifié", "modifiée", "actualisé", "actualisée", "geändert",
        "bearbeitet", "gewijzigd", "modificado", "modificada", "modificato", "modificata", "alterado",
        "alterada",
    }
)  # fmt: skip


# French's stamp verb is a phrase: "mis à jour" ("mis" alone opens "mis en cause", "mis en examen").
_MIS_A_JOUR = re.compile(r"\bmise? à jour\b", re.IGNORECASE)


def _grow_stamp(folded_words: Sequence[str], stamp: list[bool]) -> None:
    """Marks in ``stamp`` the link words and month names next to a marked word, and those next to
    them in turn: each run of such words is marked whole where a marked word borders it. One
    pass, where marking a word at a time and starting over took quadratic time ("x on on … 2024.")."""
    index = 0
    while index < len(folded_words):
        if stamp[index] or not _links_a_stamp(folded_words[index]):
            index += 1
            continue
        end = index
        while end < len(folded_words) and not stamp[end] and _links_a_stamp(folded_words[end]):
            end += 1
        if (index > 0 and stamp[index - 1]) or (end < len(folded_words) and stamp[end]):
            stamp[index:end] = [True] * (end - index)
        index = end


def _links_a_stamp(folded: str) -> bool:
    return folded in rules.METADATA_LINK_WORDS or is_month_name(folded)


# A byline beside a stamp takes the by-word and this many words after it, whatever their case:
# "by admin", "by the editors", "von Anna Schmidt".
_STAMP_BYLINE_WORDS = 2


def _stamp_bylines(folded_words: Sequence[str], stamp: list[bool]) -> bool:
    """Marks in ``stamp`` a by-word next to a marked word and the words of the name after it
    ("Posted by jane on March 5, 2024.", "Updated 5 March 2024 by the editors.", "Écrit par Jean
    Dupont le …"): a line with a stamp word signs its text so in lower case too, where
    ``byline_in_line`` wants capitalised names or a line that is no sentence. Whether it marked any."""
    marked = False
    for index, folded in enumerate(folded_words):
        if stamp[index] or folded not in _BYLINE_WORDS:
            continue
        if not ((index > 0 and stamp[index - 1]) or (index + 1 < len(stamp) and stamp[index + 1])):
            continue
        end = min(len(stamp), index + 1 + _STAMP_BYLINE_WORDS)
        stamp[index:end] = [True] * (end - index)
        marked = True
    return marked


def _stamp_section(words: Sequence[re.Match[str]], stamp: list[bool]) -> bool:
    """Marks in ``stamp`` the section a stamp line ends with: "in" and one word after a marked
    word ("Published on March 5, 2024 in Politics."). Only at the line's end: "in" and a word
    inside a line are a sentence's ("… held on March 5, 2024 in Paris, where …"). Whether it did."""
    if len(words) < 3 or not stamp[-3] or stamp[-2] or words[-2].group().casefold() != "in":
        return False
    # A section is a name, capitalised as a site prints it: "in error", "in haste" and "in pencil"
    # end a sentence ("Posted on March 5, 2024 in error."; review, 2026-12-07).
    if not words[-1].group()[:1].isupper():
        return False
    stamp[-2:] = [True, True]
    return True


@cache
def _relative_time() -> re.Pattern[str]:
    return re.compile("|".join(rules.METADATA_RELATIVE_TIME), re.IGNORECASE)


def is_dated_sentence(text: str) -> bool:
    """Whether a line that holds a date, a time or a stamp is a sentence all the same: it ends as
    one, and more of it is other words than a date line's ("The festival runs until 5 March
    2024.", "Die Ticketpreise werden ab 1. Januar 2024 um zehn Prozent erhöht."). A line that does
    not end as a sentence is not read as one, however long ("05/10/2018 - Publicado por: Clarissa
    Borba - Categoria: Saúde", "18.02.2022, 10:27 | Recht & Gesetz | Jetzt kommentieren")."""
    if not _SENTENCE_END.search(text.rstrip()):
        return False
    # A relative time is a stamp only with nothing beside it but stamp words: one verb makes a
    # sentence of it ("Arrived 3 days ago.", "Llegó hace 3 días.", "Overleden 3 dagen geleden.";
    # review, 2026-12-07), where "Updated 2 hours ago." stays a stamp.
    allowed = 0 if _only_relative_date(text) else _MAX_WORDS_BESIDE_STAMP
    return _words_beside_stamp(text) > allowed


def _only_relative_date(text: str) -> bool:
    """Whether the one date ``text`` holds is a relative time ("3 days ago"): it holds one, and no
    figure outside it."""
    spans = [found.span() for found in _relative_time().finditer(text)]
    if not spans:
        return False
    starts = [0] + [high for _, high in spans]
    ends = [low for low, _ in spans] + [len(text)]
    return not any(
        character.isdigit() for start, end in zip(starts, ends, strict=True) for character in text[start:end]
    )


def is_metadata_line(text: str, *, names_only: bool = False) -> bool:
    """A short line that is a date, a time, an update stamp or a byline, not article text: a byline
    (``metadata.byline_in_line``: "By …", "Von …", "Par …" followed by names), or a line with a
    date, a time or a stamp word that does not read as a sentence (``is_dated_sentence``).
    ``names_only``: an English "By …" is a byline only where names follow (``byline_in_line``),
    for a line that may be a subheading ("By the numbers")."""
    if has_words(text, _MAX_METADATA_WORDS + 1):
        return _is_byline_and_stamp(text)
    return _is_byline_line(text, names_only=names_only) or _is_date_line(text)


# A byline and the stamp after it on one line ("By Jane Doe and John Smith, Washington Post staff
# writers, Updated March 5, 2024 at 10:02 a.m. EST") run past ``_MAX_METADATA_WORDS``: each part
# is held to that limit, the whole to twice it.
_MAX_BYLINE_AND_STAMP_WORDS = 2 * _MAX_METADATA_WORDS
# And at most this many characters: ``has_words`` counts words, and a line of few words may be long
# all the same ("By Jane Doe" and 50,000 bars), where each separator tried read the rest of the line
# again (46 s; review, 2026-12-07). 30 words of a byline and a stamp stay well under it.
_MAX_BYLINE_AND_STAMP_CHARS = 400
# Where a stamp may follow a byline: a comma, a bar, a bullet or a dash with spaces.
_BYLINE_STAMP_SEPARATOR = re.compile(r"\s*[,|•·]\s*|\s+[-–—]\s+")


def _is_byline_and_stamp(text: str) -> bool:
    return byline_and_stamp(text) is not None


def byline_and_stamp(text: str) -> tuple[str, str] | None:
    """The byline and the stamp of a line too long for a metadata line that is a byline and the
    page's stamp after it, else None: the first part after a separator to open with a stamp's word
    and hold a stamp's verb ("Updated …", "Zuletzt aktualisiert am …", "Published …") is a date
    line (``_is_date_line``: not a sentence), and what comes before it a byline that names its
    authors (``_is_byline_line``, ``names_only``). A line with a clause between ("…, who covered
    the vote, Updated …"), a stamp's word inside a sentence ("By the time …, updated figures
    showed …") or no names after "By" ("By midday the ministry had revised its count twice,
    updated March 5, 2024 at 12:40."; review, 2026-12-07) is none, and so is a line past
    ``_MAX_BYLINE_AND_STAMP_CHARS``, which keeps the time linear in the line's length."""
    if (
        len(text) > _MAX_BYLINE_AND_STAMP_CHARS
        or has_words(text, _MAX_BYLINE_AND_STAMP_WORDS + 1)
        or "\n" in text
    ):
        return None
    for separator in _BYLINE_STAMP_SEPARATOR.finditer(text):
        head, tail = text[: separator.start()], text[separator.end() :]
        if not _opens_a_stamp(tail):
            continue
        is_pair = (
            not has_words(head, _MAX_METADATA_WORDS + 1)
            and not has_words(tail, _MAX_METADATA_WORDS + 1)
            and _is_byline_line(head, names_only=True)
            # The stamp ends the line, so the byline is read as ended: a clause after its comma
            # makes the line a sentence whether or not a full stop closes it.
            and not _has_clause_after_comma(f"{head.rstrip('.')}.")
            and _is_date_line(tail)
        )
        return (head, tail) if is_pair else None
    return None


# The parts of a byline that names many authors, and who reported with them: "Jane Doe, John
# Smith, Maria Garcia-Lopez and Wei Zhang, with reporting by Ahmed Ali and Sarah O'Neill".
_LONG_BYLINE_PARTS = re.compile(r"\s*[,;]\s*|\s+(?:and|&)\s+")
# What opens a part that credits more reporting ("with reporting by", "additional reporting by",
# "and contributions from"): taken off before the part's name is read.
_REPORTING_CREDIT = re.compile(
    r"^(?:and\s+|with\s+)?(?:additional\s+|further\s+)?(?:reporting|research|contributions?)\s+(?:by|from)\s+",
    re.IGNORECASE,
)


def long_byline(text: str) -> str | None:
    """The byline of a line too long for a metadata line (``_MAX_METADATA_WORDS``) with no stamp
    after it, else None: many authors and those who reported with them ("By Jane Doe, John Smith,
    Maria Garcia-Lopez and Wei Zhang, with reporting by Ahmed Ali and Sarah O'Neill"), a date
    after a separator allowed ("… | March 18, 2024": the names are what comes before it). Its
    first part is a person's name (``byline_in_line`` with ``names_only``: "By Christmas Eve, …"
    is a time's), and every other part a name, a role or an outlet: a sentence that opens with
    "By" has words of its own ("By Tuesday, the council, the mayor and the unions had agreed")."""
    if len(text) > _MAX_BYLINE_AND_STAMP_CHARS or has_words(text, _MAX_BYLINE_AND_STAMP_WORDS + 1):
        return None
    names = byline_in_line(text)
    if names is None:
        return None
    dated = parse_date_in_text(names)
    if dated is not None:
        names = (text_before_date(names) or "").rstrip(" ,;|•·-–—")
    parts = [part for part in _LONG_BYLINE_PARTS.split(names.rstrip(".")) if part]
    if len(parts) < 2 or byline_in_line(f"By {parts[0]}", names_only=True) is None:
        return None
    if parts[0].split()[0].casefold() in _TIME_WORDS or is_month_name(parts[0].split()[0]):
        return None
    for part in parts[1:]:
        named = _REPORTING_CREDIT.sub("", part)
        if not (
            _NAME_OR_OUTLET.fullmatch(named) is not None
            or _BYLINE_ROLE.fullmatch(named) is not None
            or _is_qualified_role(named)
        ):
            return None
    return names


def _names_the_day(line: str, day: date | None) -> bool:
    """Whether ``line`` gives a date and it is ``day``."""
    if day is None:
        return False
    given = parse_date_in_text(line)
    return given is not None and given.date() == day


def _opens_a_stamp(text: str) -> bool:
    """Whether ``text`` opens with a stamp's word and holds a stamp's verb: "Updated March 5, 2024",
    "Last updated …", "Zuletzt aktualisiert am …", "Mis à jour le …"."""
    words = [word.casefold() for word in _STAMP_LINE_WORDS.findall(text)]
    return (
        bool(words)
        and words[0] in rules.METADATA_STAMP_WORDS
        and (any(word in _STAMP_VERBS for word in words) or _MIS_A_JOUR.search(text) is not None)
    )


def _is_byline_line(text: str, *, names_only: bool = False) -> bool:
    """Whether ``text`` (at most ``_MAX_METADATA_WORDS`` words) is a byline (``metadata.byline_in_line``):
    not where a clause follows its comma ("By Election Day, Democrats had closed the gap.":
    ``_has_clause_after_comma``), at the top of a body as after its first text (review, 2026-12-07)."""
    line = " ".join(text.split()).strip(_LINE_MARKS)
    return byline_in_line(line, names_only=names_only) is not None and not _has_clause_after_comma(line)


def _is_date_line(text: str) -> bool:
    """Whether ``text`` (at most ``_MAX_METADATA_WORDS`` words) is a date, time or stamp line."""
    normal = normalise_line(text)
    if (
        not any(pattern.search(normal) for pattern in _compiled("METADATA_LINE"))
        and parse_date_in_text(text) is None
    ):
        return False
    return not is_dated_sentence(text)


_CUT_SHORT = ("…", "...")
# A headline cut short is matched as the start of a line only when this many words are left of it:
# fewer ("A…") begin too many headings.
_MIN_CUT_HEADLINE_WORDS = 4


def _reads_as(text_key: str, headline: str) -> bool:
    """Whether a line (``text_key``, its ``_words_key``) reads as ``headline``, or begins so where
    the headline was cut short with "…" (a feed's titles often are)."""
    stripped = headline.strip()
    key = _words_key(stripped)
    if not key:
        return False
    if stripped.endswith(_CUT_SHORT):
        return len(key.split()) >= _MIN_CUT_HEADLINE_WORDS and text_key.startswith(key)
    return text_key == key


def remove_leading_metadata(
    blocks: Sequence[Block],
    title: str | None,
    *,
    headlines: Sequence[str] = (),
    published: date | None = None,
) -> list[Block]:
    """``blocks`` without the headline, dates and bylines that open many bodies before the text.

    ``title`` is the page's own title: a leading line that reads as it is the headline. Other
    ``headlines`` (a feed entry's title for the page, which may be worded or cut short otherwise
    than the page's) are matched on a leading heading only: a paragraph that reads as a feed's
    title is a real first paragraph where a feed titles its posts with their opening words.
    ``published`` is the day the page says it was published, where it says: a date of that day on
    the first line of the body's first paragraph is the page's (``_without_metadata_after_standfirst``)."""
    title_key = _words_key(title) if title else None
    start = 0
    while start < min(len(blocks), _MAX_LEADING_METADATA):
        block = blocks[start]
        key = _words_key(block.text)
        is_headline = (title_key is not None and key == title_key) or (
            block.is_heading and any(_reads_as(key, headline) for headline in headlines)
        )
        # At the very top any "By …" is a byline (bylines name desks and user names: "By Web
        # Staff", "by admin"), but a heading block that reads "By the numbers" is a subheading.
        if is_headline or is_metadata_line(block.text, names_only=block.is_heading):
            start += 1
            continue
        break
    # The loop above read the first block left, unless it stopped at its limit.
    first_read = start < _MAX_LEADING_METADATA
    return _without_metadata_after_standfirst(blocks[start:], first_read=first_read, published=published)


def dropped_byline(before: Sequence[Block], after: Sequence[Block]) -> str | None:
    """The byline ``remove_leading_metadata`` dropped from a body (``before`` it, ``after`` it),
    cleaned (``metadata.clean_byline``): "Jane Doe" where the body's first paragraph was "By Jane
    Doe", a page that prints its byline as text and marks it nowhere. Read from the blocks dropped
    whole or shortened (their first line dropped), in order: the first whose first line is a
    byline that names its authors (``metadata.byline_of_line``: "By the numbers" is none), or a
    byline and its stamp ("By Jane Doe | Updated March 5, 2024"); None where none was dropped."""
    kept = {id(block) for block in after}
    for block in before[: _MAX_LEADING_METADATA + _MAX_BLOCKS_BEFORE_BYLINE + 1]:
        if id(block) in kept:
            continue
        first_line = " ".join(block.text.partition("\n")[0].split()).strip(_LINE_MARKS)
        pair = byline_and_stamp(first_line)
        if pair is None and _has_clause_after_comma(first_line):
            continue
        byline = byline_of_line(pair[0] if pair else first_line)
        if byline is not None:
            return byline
    return None


def _without_metadata_after_standfirst(
    blocks: Sequence[Block], *, first_read: bool, published: date | None = None
) -> list[Block]:
    """``blocks`` (a body after its leading headline, dates and bylines) without the byline and the
    date line that many pages print after the standfirst (the summary under the headline) or a
    kicker: "Von Volkmar Kabisch, …, NDR" after tagesschau.de's standfirst, "By Jane Doe" after a
    dek. A byline is looked for after at most ``_MAX_BLOCKS_BEFORE_BYLINE`` blocks of text, a date
    line after at most ``_MAX_BLOCKS_BEFORE_DATE``; one of each is dropped, never a block of text
    (a byline typed as the first line of a paragraph leaves the paragraph's other lines, and a date
    so under such a byline only: ``_without_first_line``). ``first_read``:
    whether the first block was read as no byline or date line already
    (``remove_leading_metadata``); ``published``: the day the page says it was published."""
    kept: list[Block] = []
    byline_found = date_found = False
    for index, block in enumerate(blocks):
        before = len(kept)
        if before > _MAX_BLOCKS_BEFORE_BYLINE or (byline_found and date_found):
            return kept + list(blocks[index:])
        # A first block already read as no byline or date line (``first_read``) is none after text
        # either: only names make a byline there, and dates read alike.
        if (
            not (index == 0 and first_read)
            and not (byline_found or date_found)
            and block.kind not in _NO_LATE_BYLINE_KINDS
            and _is_byline_and_stamp(block.text)
        ):
            byline_found = date_found = True
            continue
        if not (index == 0 and first_read) and not has_words(block.text, _MAX_METADATA_WORDS + 1):
            if not byline_found and _is_late_byline(block):
                byline_found = True
                continue
            if (
                not date_found
                and before <= _MAX_BLOCKS_BEFORE_DATE
                and _is_late_date_line(block)
                and not _date_line_follows(block.text, blocks[index + 1 : index + 1 + _DATE_SERIES_WITHIN])
            ):
                date_found = True
                continue
        without_byline = None if byline_found else _without_first_line(block, _is_first_line_byline)
        byline_found = byline_found or without_byline is not None
        rest = without_byline or block
        # A date typed as a paragraph's first line is the page's under the byline typed so ("By
        # Jane Doe<br>March 5, 2024<br>…"), or in the body's first block where a stamp's word and
        # verb label it ("Updated: March 5, 2024 10:32 a.m.<br>…") or where it is the day the page
        # says it was published (harpers.org's "July 7, 2020<br>The below letter …"): alone it
        # opens the text's own account as often ("9. November 1989<br>Die Grenzsoldaten …", "6:30
        # Uhr<br>…", a diary's first entry; three reviews, 2026-12-07).
        first_line = rest.text.split("\n", 1)[0]
        labelled = before == 0 and (_opens_a_stamp(first_line) or _names_the_day(first_line, published))
        without_date = (
            None
            if date_found or (without_byline is None and not labelled)
            else _without_date_line(rest, blocks[index + 1 : index + 1 + _DATE_SERIES_WITHIN])
        )
        date_found = date_found or without_date is not None
        kept.append(without_date or rest)
    return kept


# Kinds of block a late byline never is: a list's item ("By Jane Austen" in a list of books), a
# quotation, or a section's heading ("By George Washington Bridge", a guide's routes). The byline of
# energieverbraucher.de is an <h5>: headings of that rank are typed for their look, not as sections.
_NO_LATE_BYLINE_KINDS = frozenset({"li", "blockquote", "h1", "h2", "h3"})
# After the first comma, words ending as a sentence of which at least two are in lower case and
# none of a byline's own words are a clause: "By Christmas Eve, everyone had left.", "By Christmas
# Eve, Santa had delivered every gift." (review, 2026-12-07). A byline's tail is a role, an outlet,
# more authors or how they worked ("By Jane Doe, Staff Writer", "By John Smith, staff writer.",
# "By Jane Doe, for the Guardian.", "By Jane Doe, The Associated Press.", "By Jane Doe, staff
# reporter, and John Roe, staff writer.", "By Jane Doe, with additional reporting by John Smith.",
# "By Jane Doe, in Kyiv and John Roe, in London."), or one word ("Von Anna Schmidt, dpa.").
_LOWER_CASE_WORD = re.compile(r"(?<!\S)[^\W\d_A-ZÀ-ÞĀ-ſ][^\W\d_]*")
_MIN_CLAUSE_LOWER_CASE_WORDS = 2
_ROLE_NOUNS = (
    r"(?:writer|reporter|correspondent|editor|columnist|contributor|journalist|photographer|producer|"
    r"analyst|critic)s?|mitarbeiter(?:in)?|autor(?:in)?|korrespondent(?:in)?|redakteur(?:in)?|"
    r"envoyée?s? spéciale?s?|correspondante?|corresponsal|redactora?"
)
# The lower-case words a byline's tail holds besides its role and its qualifiers: how its authors
# worked, where, for whom, and the words that join them.
_BYLINE_TAIL_WORDS = frozenset(
    {
        "and", "with", "additional", "reporting", "by", "in", "from", "for", "at", "of", "the", "to",
        "special", "staff", "wire", "reports", "services", "contributed", "contributing", "this",
        "story", "article", "und", "et", "y", "e", "en",
    }
)  # fmt: skip
# The lower-case words that qualify a role ("senior political correspondent", "home affairs editor",
# "food and drink writer", "one of our reporters"); any capitalised word does too ("Miami Herald
# staff writer", "The Associated Press's chief medical writer"). A vocabulary, not any word: a
# clause's verbs come before a role noun as often ("By Christmas Eve, police arrested two
# journalists.", "By Election Day, he had become editor."; reviews, 2026-12-07).
_ROLE_QUALIFIERS = (
    "senior", "chief", "assistant", "managing", "deputy", "associate", "executive", "freelance", "staff",
    "special", "contributing", "political", "foreign", "national", "international", "global", "local",
    "regional", "investigative", "business", "economics", "economic", "finance", "financial", "markets",
    "money", "sports", "science", "health", "medical", "digital", "news", "breaking", "features",
    "opinion", "city", "metro", "community", "county", "state", "data", "video", "photo", "technology",
    "tech", "culture", "arts", "art", "film", "music", "pop", "books", "theatre", "theater", "fashion",
    "beauty", "style", "lifestyle", "food", "drink", "wine", "travel", "climate", "environment",
    "environmental", "energy", "transport", "transportation", "crime", "court", "courts", "legal",
    "justice", "security", "defence", "defense", "diplomatic", "education", "world", "home", "affairs",
    "social", "consumer", "real", "estate", "property", "media", "entertainment", "religion", "weather",
    "general", "europe", "white", "house", "bureau", "our", "one", "of", "the", "and", "&", "a", "an",
    "public", "safety", "race", "equality", "housing", "homelessness", "democracy", "government",
    "investigations", "multimedia", "higher", "rural", "wellness", "personal", "family", "parenting",
    "motoring", "audience", "engagement", "solutions", "visual", "graphics", "audio", "podcast",
)  # fmt: skip
_ROLE_QUALIFIER_SET = frozenset(_ROLE_QUALIFIERS)
# What a byline's tail says in lower case: a role, or the outlet it writes for (review, 2026-12-07).
# The whole tail is the role (up to five qualifying words before it; then the outlet it writes
# for), so that a clause that names one is still a clause ("By Christmas Eve, the reporters had all
# gone home.").
_FOR_AN_OUTLET = r"(?:for|at|special to)\s+(?:the\s+)?[A-Z]\S*(?:\s+[A-Z]\S*)*"
_ROLE_QUALIFIER = r"(?:[A-Z]\S*|" + "|".join(map(re.escape, _ROLE_QUALIFIERS)) + ")"
_BYLINE_ROLE = re.compile(
    rf"(?:{_ROLE_QUALIFIER} ){{0,5}}(?i:{_ROLE_NOUNS})(?:\s+{_FOR_AN_OUTLET})?|{_FOR_AN_OUTLET}",
)
# The parts of a byline's tail, one for each author's role, name or outlet: "political
# correspondent, and John Roe, news reporter", "senior political reporter, BBC News".
_TAIL_PARTS = re.compile(r"\s*,\s*|\s+and\s+|\s+&\s+")
_NAME_OR_OUTLET = re.compile(
    r"(?:(?:and|with) )?[A-Z]\S*(?: (?:[A-Z]\S*|de|da|van|von|der|del|la|le|bin|al))*"
)
_IS_ROLE_NOUN = re.compile(rf"(?i:{_ROLE_NOUNS})")
# A beat outside ``_ROLE_QUALIFIERS`` ("immigration policy reporter", "housing and immigration
# reporter"): at most this many lower-case words of its own before one English role noun. Three
# took a headline's clause, its subject, verb and adjective ("police hunt missing photographer";
# review, 2026-12-07) after a time ("By Midnight, …"): after a person's name, which opens no
# clause, three are a beat ("By Jane Doe, agriculture trade policy reporter.": ``_max_beat_words``).
_MAX_BEAT_WORDS = 2
_MAX_NAMED_BEAT_WORDS = 3
# Words of a time, which a sentence's opening "By …," names as often as a byline names a person
# ("By Late Monday,", "By Christmas Eve,", "By Election Day,", "By Mid-Afternoon,"), besides
# weekdays and months.
_TIME_WORDS = frozenset(
    {
        "morning", "afternoon", "evening", "night", "midnight", "noon", "midday", "dawn", "dusk", "day",
        "days", "eve", "week", "weekend", "month", "year", "time", "season", "christmas", "easter", "today",
        "tonight", "tomorrow", "yesterday", "end", "spring", "summer", "autumn", "fall", "winter", "late",
        "early", "mid", "next", "last", "then", "now",
    }
)  # fmt: skip
_WEEKDAY_NAME = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day")
_ENGLISH_ROLE_NOUN = re.compile(
    r"writer|reporter|correspondent|editor|columnist|contributor|journalist|photographer|producer|"
    r"analyst|critic"
)
_BEAT_WORD = re.compile(r"[a-z]{3,}(?:-[a-z]+)*")
_BEAT_JOINERS = frozenset({"and", "&"})
# The qualifiers a clause puts before a role as often as a byline ("Santa met the editor"): with
# them the role's other words must all be ``_ROLE_QUALIFIERS`` ("our foreign affairs editor").
_NO_BEATS_AFTER = frozenset({"the", "a", "an", "one", "of", "our"})
# The words that make a clause of lower-case words before a role noun, which a beat never holds:
# pronouns, determiners and numbers, auxiliaries, the verbs that name a role or a meeting,
# irregular in the past ("By Election Day, she remained editor.", "By Christmas Eve, everyone
# knew the editor."), the present tense of a headline's verbs that take a person ("police hunt
# photographer"), adverbs and prepositions ("morale sank for every reporter"); a verb in "-ed" is
# told by its ending.
_NOT_BEAT_WORD_LISTS = (
    "he she it they we you him her them his hers its their me us who whom whose which what that this",
    "these those there here everyone everybody someone somebody anyone anybody nobody none no not never",
    "every each some any many much more most less few another other all both either neither two three",
    "four five six seven eight nine ten is are was were be been being am has have had having do does did",
    "done will would shall should can could may might must become became becomes get gets got make makes",
    "made take takes took give gives gave see sees saw seen meet meets met tell tells told know knows knew",
    "find finds found leave leaves left win wins won lose loses lost remain remains stay stays seem seems",
    "name names hire hires appoint appoints want wants need needs keep keeps kept pay pays paid say says",
    "said send sends sent put puts read reads write writes wrote bring brings brought buy buys bought",
    "catch caught fight fought think thought teach taught mean meant come comes came go goes went run runs",
    "ran hold holds held choose chose chosen begin began begun arrest arrests also just even yet only then",
    "hunt hunts seek seeks sue sues slam slams mourn mourns praise praises blame blames urge urges",
    "warn warns join joins quit quits free frees jail jails reach reaches thank thanks",
    "than too very now soon once already still again for with from into onto over under about after",
    "before since until against among between without within across through during",
)
_NOT_BEAT_WORDS = frozenset(word for words in _NOT_BEAT_WORD_LISTS for word in words.split())


def _is_late_byline(block: Block) -> bool:
    """Whether ``block``, after a block of text, is the article's byline. After text a line that
    opens with "By" must go on with names ("By the numbers" and "By Design" are subheadings there),
    and a clause after a comma makes it a sentence ("By Election Day, the race had tightened.").
    A block of several lines is never dropped whole: its first line alone may be a byline
    (``_without_first_line``), its other lines are text ("By Jane Austen / Pride and Prejudice"),
    unless they are date lines."""
    if block.kind in _NO_LATE_BYLINE_KINDS:
        return False
    first_line, _, other_lines = block.text.partition("\n")
    # A byline's block may hold its date line too ("von tennisnet.com / zuletzt bearbeitet:
    # 04.02.2022, 08:27 Uhr"): dropped whole where each other line is one (``_is_bare_date_line``).
    if other_lines and not all(
        _is_date_line(line) and _is_bare_date_line(line) for line in other_lines.split("\n") if line.strip()
    ):
        return False
    return _is_byline_line(first_line, names_only=True)


# A byline's opening word and a name's first and last: fewer words before the comma name no one
# whose beat a byline would give.
_MIN_BEAT_BYLINE_WORDS = 2


def _has_clause_after_comma(line: str) -> bool:
    """Whether a line that opens as a byline goes on, after its first comma, with a clause rather
    than a role, an outlet or more authors: "By Christmas Eve, everyone had left." against "By John
    Smith, staff writer.". Read in one pass: a regex tried at each comma took time that grew with
    the square of the line (review, 2026-12-07)."""
    head, comma, tail = line.partition(",")
    tail = tail.strip()
    if not comma or not tail.endswith((".", "!")):
        return False
    tail = tail[:-1].rstrip()
    if _BYLINE_ROLE.fullmatch(tail) is not None or _is_byline_parts(tail) or is_other_byline_role(tail):
        return False
    words = _LOWER_CASE_WORD.findall(tail)
    # A tail that is a role noun after words that each qualify one, whatever their number ("local
    # democracy reporter", "a freelance writer"; review, 2026-12-07) is a role; "Biden was a
    # columnist" is not, for its "was".
    # A beat outside the vocabulary follows a name of two words or more: "By Midnight, police
    # detain photographer." is a headline's clause (review, 2026-12-07).
    if _is_qualified_role(tail, max_beat_words=_max_beat_words(head)):
        return False
    own_words = [
        word
        for word in words
        if word.casefold() not in _BYLINE_TAIL_WORDS and _IS_ROLE_NOUN.fullmatch(word) is None
    ]
    return len(own_words) >= _MIN_CLAUSE_LOWER_CASE_WORDS


def _max_beat_words(head: str) -> int:
    """How many words of a beat outside the vocabulary (``_is_beat_role``) the role after a byline's
    ``head`` (its opening word and what comes before the comma) may hold: none after fewer than
    ``_MIN_BEAT_BYLINE_WORDS`` words, ``_MAX_NAMED_BEAT_WORDS`` after names that name no time
    (``_TIME_WORDS``, a weekday, a month), else ``_MAX_BEAT_WORDS``."""
    words = head.split()
    if len(words) <= _MIN_BEAT_BYLINE_WORDS:
        return 0
    if byline_in_line(head, names_only=True) is None or any(map(_names_a_time, words[1:])):
        return _MAX_BEAT_WORDS
    return _MAX_NAMED_BEAT_WORDS


def _names_a_time(word: str) -> bool:
    """Whether ``word`` (or a part of it between hyphens: "Mid-Afternoon") is a time's."""
    return any(
        part in _TIME_WORDS or is_month_name(part) or _WEEKDAY_NAME.fullmatch(part) is not None
        for part in word.strip(".,;:'’").casefold().split("-")
    )


def _is_qualified_role(tail: str, *, max_beat_words: int = _MAX_BEAT_WORDS) -> bool:
    """Whether ``tail`` is a role noun after words each of which qualifies a role (a rank or beat of
    ``_ROLE_QUALIFIERS``, a byline's own word, or a capitalised name), or after a beat of at most
    ``max_beat_words`` words of its own (``_is_beat_role``)."""
    *before, last = tail.split() or [""]
    if _IS_ROLE_NOUN.fullmatch(last) is None:
        return False
    return _is_beat_role(before, last, max_beat_words) or all(
        word[:1].isupper() or word.casefold() in _ROLE_QUALIFIER_SET or word.casefold() in _BYLINE_TAIL_WORDS
        for word in before
    )


def _is_beat_role(before: Sequence[str], role: str, max_beat_words: int) -> bool:
    """Whether ``before`` and ``role`` are a beat outside the vocabulary and one English role:
    lower-case words that qualify it ("immigration policy reporter", "senior aviation writer",
    "housing and immigration reporter"), at most ``max_beat_words`` of them outside
    ``_ROLE_QUALIFIERS``. A clause's words make none (``_NOT_BEAT_WORDS``, a verb in "-ed": "police
    hunt photographer", "police hunt missing photographer"), nor an article or a capitalised word,
    with which a clause puts a role noun last as often ("By Christmas Eve, everyone knew the
    editor."), nor a plural role ("police arrested two journalists")."""
    if not before or _ENGLISH_ROLE_NOUN.fullmatch(role) is None or before[0] in _BEAT_JOINERS:
        return False
    beat_words = 0
    for word in before:
        if word in _BEAT_JOINERS or (word in _ROLE_QUALIFIER_SET and word not in _NO_BEATS_AFTER):
            continue
        if (
            word in _NO_BEATS_AFTER
            or _BEAT_WORD.fullmatch(word) is None
            or word in _NOT_BEAT_WORDS
            or word.endswith("ed")
        ):
            return False
        beat_words += 1
    return 0 < beat_words <= max_beat_words


def is_byline_role(part: str) -> bool:
    """Whether ``part``, one part of a byline after a comma, is an author's role rather than a
    name: "Ukraine correspondent", "senior political correspondent" (or as trafilatura's author
    search capitalises it, "Senior Political Correspondent"), "envoyé spécial"."""
    part = " ".join(part.split()).rstrip(".")
    return bool(part) and (
        _BYLINE_ROLE.fullmatch(part) is not None or is_other_byline_role(part) or _is_qualified_role(part)
    )


def _is_byline_parts(tail: str) -> bool:
    """Whether a byline's tail is its authors' roles, names and outlets, each part one of them
    ("political correspondent, and John Roe, news reporter."; review, 2026-12-07)."""
    parts = [part for part in _TAIL_PARTS.split(tail) if part]
    return len(parts) > 1 and all(
        _BYLINE_ROLE.fullmatch(part) is not None
        or _NAME_OR_OUTLET.fullmatch(part) is not None
        or _is_qualified_role(part)
        for part in parts
    )


# A date line is no article's date where another follows within this many blocks: the dates and
# times of a timeline or a live blog's entries ("March 5, 2024" … "March 6, 2024"; eltiempo.com's
# "07:15 p. m." … "07:30 p. m.").
_DATE_SERIES_WITHIN = 4


def _date_line_follows(line: str, blocks: Sequence[Block]) -> bool:
    """Whether one of ``blocks`` is a date line like ``line`` with another date or time: the same
    date again is the article's own, printed twice ("Published on April 8th, 2017 | by …", then
    "April 8th, 2017 by …")."""
    date = parse_date_in_text(line)
    # A block's first line counts as a block does: a diary's or a live blog's entries open each
    # paragraph with their date or time ("<p>March 6, 2024<br>…</p>").
    lines = (line for block in blocks for line in dict.fromkeys((block.text, block.text.partition("\n")[0])))
    for text in lines:
        if (
            has_words(text, _MAX_METADATA_WORDS + 1)
            or not _is_date_line(text)
            or not _is_bare_date_line(text)
        ):
            continue
        if _words_key(text) != _words_key(line) and (date is None or parse_date_in_text(text) != date):
            return True
    return False


# The first line break of a block's HTML, with the white space after it.
_FIRST_BREAK = re.compile(r"<br\s*/?>\s*", re.IGNORECASE)
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*>")
_VOID_TAGS = frozenset({"br", "img", "wbr", "hr", "input", "source", "meta", "link"})
# Marks a line of text may open with besides a capital or a figure: quotes and brackets ("[5] Comments").
_OPENING_MARKS = frozenset("\"'“”„‘’‚«»‹›「『([")


def _is_first_line_byline(line: str) -> bool:
    return _is_byline_line(line, names_only=True)


def _without_date_line(block: Block, following: Sequence[Block]) -> Block | None:
    """``block`` (the first of a body, or one whose byline line went) without its first line where
    that line is the article's date line (``_is_late_date_line``'s tests) and the rest is the
    text: harpers.org's "<p>March 5, 2024<br>The Senate voted …</p>". Not where another dated
    line opens one of the ``following`` blocks (``_date_line_follows``): a diary's or a live blog's
    entries each open so."""
    if block.kind in _NO_LATE_DATE_KINDS:
        return None
    first_line = block.text.partition("\n")[0]
    without = _without_first_line(block, _is_first_line_date)
    if without is None or _date_line_follows(first_line, following):
        return None
    return without


def _is_first_line_date(line: str) -> bool:
    return "(@" not in line and _is_date_line(line) and _is_bare_date_line(line)


def _without_first_line(block: Block, is_metadata: Callable[[str], bool]) -> Block | None:
    """``block`` without its first line where ``is_metadata`` takes that line (a byline, a date)
    and the rest is the text: "Von Daniel Weinmann<br>Sie ist nicht nur …" (reitschuster.de), a
    byline typed above the first paragraph with a line break. None where the block has one line,
    where ``is_metadata`` does not take its first, or where the block's HTML does not hold the line
    whole before its first ``<br>`` (a tag opened there and closed later: cutting there would break
    the markup)."""
    first_line, newline, rest = block.text.partition("\n")
    if not newline:
        return None
    rest = rest.strip()
    # The text after a byline's line opens as a sentence or a line does: the line before a
    # lower-case one is the start of its sentence ("Von Peter Müller und Anna Schmidt / stammt der
    # Entwurf …", a poem's "By Morning Light / we walk the shore").
    if not rest[:1].isupper() and not rest[:1].isdigit() and rest[:1] not in _OPENING_MARKS:
        return None
    if block.kind in _NO_LATE_BYLINE_KINDS or has_words(first_line, _MAX_METADATA_WORDS + 1):
        return None
    if not is_metadata(first_line):
        return None
    opening, first_break = _TAG.match(block.html), _FIRST_BREAK.search(block.html)
    if opening is None or opening[1] or first_break is None:
        return None
    before_break = block.html[opening.end() : first_break.start()]
    if not _tags_balanced(before_break) or _words_key(
        html_lib.unescape(_TAG.sub(" ", before_break))
    ) != _words_key(first_line):
        return None
    html = block.html[: opening.end()] + block.html[first_break.end() :]
    return replace(block, text=rest, html=html)


def _tags_balanced(markup: str) -> bool:
    """Whether every element ``markup`` opens it also closes, in order (void elements aside)."""
    open_tags: list[str] = []
    for tag in _TAG.finditer(markup):
        name = tag[2].casefold()
        if name in _VOID_TAGS:
            continue
        if not tag[1]:
            open_tags.append(name)
        elif not open_tags or open_tags.pop() != name:
            return False
    return not open_tags


def _is_late_date_line(block: Block) -> bool:
    """Whether ``block``, after a block of text, is the article's date line
    (``_is_bare_date_line``). Not a list item or a heading (``_NO_LATE_DATE_KINDS``) nor an
    embedded post's signature ("— Jane Doe (@janedoe) March 5, 2024" closes each quoted tweet)."""
    if block.kind in _NO_LATE_DATE_KINDS or "(@" in block.text or not _is_date_line(block.text):
        return False
    # A block of several lines is judged by its dated lines: "von tennisnet.com / zuletzt
    # bearbeitet: 04.02.2022, 08:27 Uhr".
    dated = (
        [line for line in block.text.split("\n") if _is_date_line(line)]
        if "\n" in block.text
        else [block.text]
    )
    return bool(dated) and all(_is_bare_date_line(line) for line in dated)


# Kinds of block a late date line never is: a list's item (a list's dated items are the article's:
# minutes, a schedule) or a section's heading (a timeline's "March 5, 2024"); h4 to h6 are typed for
# their look as often (Big 5's "1/30/09 at 5:50 PM" is an <h4>).
_NO_LATE_DATE_KINDS = frozenset({"li", "h1", "h2", "h3"})


def _is_bare_date_line(text: str) -> bool:
    """Whether a date line (``_is_date_line``) after text is the article's date: not a sentence
    ("It was March 5, 2024."), and a bare date or time with stamp words at most ("Posted on March 5,
    2024 by admin"), a line that opens with its date, time or stamp ("15 августа 2016, 13:43"), a
    stamp's label ("Stand: 5. März 2024", "News date : 04/21/2022 Category : …":
    ``_is_stamp_label``), or a place before a date ("Hofheim am Taunus | Wiesbaden, 11. November
    2021": ``_is_dateline_place``). Other words before the date make the line the text's:
    "Deadline: March 12, 2024", "Release date: March 5, 2024", "Termin: 21.02.2020, 19 Uhr", "Bis
    31.12.2024", "Vote scheduled for March 12, 2024" (review, 2026-12-07)."""
    beside = _words_beside_stamp(text)
    if beside and _SENTENCE_END.search(_AM_PM.sub("", text).rstrip()):
        return False
    words = _STAMP_LINE_WORDS.findall(text)
    if not words:
        return True
    first = words[0].casefold()
    if beside == 0 or _is_stamp_word(words[0]):
        # "Seit 2019", "Ab 1. Januar 2025": a link word opening the line opens a sentence's phrase.
        return first not in rules.METADATA_LINK_WORDS or first in _DATE_LINE_OPENING_LINKS
    label, colon, _ = text.partition(":")
    if colon and len(label.split()) <= _MAX_LABEL_WORDS:
        return _is_stamp_label(label)
    place, comma, _ = text.partition(",")
    return bool(comma) and _is_dateline_place(_STAMP_LINE_WORDS.findall(place))


def _is_stamp_label(label: str) -> bool:
    """Whether a label before a date's colon is the page's stamp: it holds a stamp's verb
    ("Published:", "Detalles Publicado:", "Erstellt am:"), or all its words are a stamp's, link
    words or nouns that name the page ("Stand:", "Datum:", "News date :", "Publication date:"). A
    word that names another thing's date makes the label the text's: "Release date:", "Closing
    date:", "Air date:", as "Deadline:" and "Termin:" (review, 2026-12-07)."""
    words = _STAMP_LINE_WORDS.findall(label)
    folded = [word.casefold() for word in words]
    if any(word in _STAMP_VERBS for word in folded) or _MIS_A_JOUR.search(label):
        return True
    return any(
        _is_stamp_word(word) or lower in _LABEL_PUBLICATION_NOUNS
        for word, lower in zip(words, folded, strict=True)
    ) and all(
        _is_stamp_word(word)
        or lower in rules.METADATA_LINK_WORDS
        or lower in _PAGE_NOUNS
        or lower in _LABEL_WORDS
        for word, lower in zip(words, folded, strict=True)
    )


# The nouns a stamp's label names the page's publication with besides the stamp words
# ("publicación", "actualización", "publicação", "atualização", "Aktualisierung", "aggiornamento" and
# "mise à jour" are of ``rules.METADATA_STAMP_WORDS``): "Datum der Veröffentlichung:", "Data di
# pubblicazione:", "Datum van publicatie:", "Publicatiedatum:". Each makes a label a stamp's as a
# stamp word does.
_LABEL_PUBLICATION_NOUNS = frozenset(
    {"veröffentlichung", "veröffentlichungsdatum", "pubblicazione", "publicatie", "publicatiedatum"}
)
# The other words a stamp's label holds ("Fecha de publicación:", "Data de publicação:", "Data di
# pubblicazione:"; review, 2026-12-07): the words for its date and Italian's link word. Read in a
# label only, beside a stamp's word ("Fecha:" alone may be an event's): "Data was published on …"
# is a sentence.
_LABEL_WORDS = frozenset({"fecha", "data", "di", "der", "van", *_LABEL_PUBLICATION_NOUNS})


# Nouns that name a date of the text's, not the page's, before a comma as a dateline's place
# stands ("Deadline, March 12, 2024", "Anmeldeschluss, 12. März 2024"), and the endings of German
# compounds that do ("Bewerbungsfrist", "Abgabetermin"). A place is a name, a vocabulary of its own;
# these are the few capitalised nouns a date is printed after so.
_DUE_DATE_NOUNS = frozenset(
    {
        "deadline", "due", "release", "premiere", "launch", "opening", "closing", "expiry", "expires",
        "frist", "stichtag", "einsendeschluss", "anmeldeschluss", "bewerbungsschluss", "abgabetermin",
        "termin", "échéance", "clôture", "plazo", "vencimiento", "estreno", "scadenza", "prazo", "estreia",
    }
)  # fmt: skip
_DUE_DATE_ENDINGS = ("schluss", "frist", "termin")


def _is_dateline_place(words: Sequence[str]) -> bool:
    """Whether ``words`` before a date's comma are a dateline's place ("Berlin", "Hofheim am Taunus
    | Wiesbaden"): capitalised names with link words between, none a stamp's word nor a noun that
    names a date of the text's (``_DUE_DATE_NOUNS``: "Deadline, March 12, 2024")."""
    return (
        bool(words)
        and words[0][:1].isupper()
        and all(word[:1].isupper() or word.casefold() in rules.METADATA_LINK_WORDS for word in words)
        and not any(_is_stamp_word(word) for word in words)
        and not any(_names_a_due_date(word.casefold()) for word in words)
    )


def _names_a_due_date(folded: str) -> bool:
    return folded in _DUE_DATE_NOUNS or folded.endswith(_DUE_DATE_ENDINGS)


# Link words a date line opens with: "on March 5", "am 5. März", "le 5 mars".
_DATE_LINE_OPENING_LINKS = frozenset({"on", "am", "le", "el", "il", "op", "em", "à", "às", "vom"})
# A label before a colon ("News date :", "Detalles Publicado:") has at most this many words.
_MAX_LABEL_WORDS = 3


def _is_stamp_word(word: str) -> bool:
    """Whether ``word`` is a date's or a stamp's: a figure, a stamp word, a month or a time zone."""
    folded = word.casefold()
    return (
        any(character.isdigit() for character in word)
        or folded in rules.METADATA_STAMP_WORDS
        or word in rules.METADATA_TIME_ZONES
        or is_month_name(folded)
    )


def remove_chrome(blocks: Sequence[Block]) -> list[Block]:
    """``blocks`` without chrome: lines that match a chrome vocabulary, standalone photo credits,
    and the items of a "Related stories" / "Most read" list after its heading. A "Read more: …"
    line that carries its own link text is dropped alone: what follows it is the article again;
    a heading of the family that heads a section of the article's own ("Don't miss the
    deadline", ``_heads_own_section``) stays with its paragraphs.
    A wire agency's sign-off, the last caption-like line when no text follows it, stays
    (``is_wire_sign_off``, ``text_follows``)."""
    kinds = [chrome_kind(block.text) for block in blocks]
    related, own_headings = _related_lists(blocks, kinds)
    captions = [
        kind is None and index not in related and word_count(block.text) <= 40 and is_caption(block.text)
        for index, (block, kind) in enumerate(zip(blocks, kinds, strict=True))
    ]
    # Only the last caption that reads as a sign-off may sign the text, where no text follows it:
    # the captions of the article's last photos stand before it, or after it when they credit a
    # photographer ("(AFP/Getty Images)"; three reviews, 2026-12-07).
    last_sign_off = max(
        (index for index, caption in enumerate(captions) if caption and is_wire_sign_off(blocks[index].text)),
        default=-1,
    )
    signs = last_sign_off >= 0 and not _text_follows_blocks(blocks, kinds, related)[last_sign_off]
    sign_off = last_sign_off if signs else -1
    kept = [
        index
        for index, kind in enumerate(kinds)
        if index == sign_off
        or index in own_headings
        or not (kind is not None or index in related or captions[index])
    ]
    return _with_pictures_of_captions(blocks, kept, captions)


def _with_pictures_of_captions(blocks: Sequence[Block], kept: list[int], captions: list[bool]) -> list[Block]:
    """The ``kept`` blocks, with the pictures that stood with a caption line dropped as a standalone
    credit ("© 20th Century Fox") given to the next block kept (or after the last), the line as
    their caption where they have none: the photo is the article's, only its credit line is no
    text. Pictures of other chrome (a newsletter box's, a related story's) go with it."""
    if not any(
        captions[index] and (block.pictures_before or block.pictures_after)
        for index, block in enumerate(blocks)
    ):
        return [blocks[index] for index in kept]
    kept_at = set(kept)
    steps: list[Block | tuple[Picture, ...]] = []
    for index, block in enumerate(blocks):
        if index in kept_at:
            steps.append(block)
        elif captions[index]:
            before = list(block.pictures_before)
            if before and not before[-1].caption:
                # The line stood under the last of them, as a figure's caption goes with its last.
                before[-1] = replace(before[-1], caption=" ".join(block.text.split()))
            steps.append((*before, *block.pictures_after))
    return with_carried_pictures(steps)


def _related_lists(
    blocks: Sequence[Block], kinds: Sequence[rules.ChromeKind | None]
) -> tuple[frozenset[int], frozenset[int]]:
    """The positions of the items of each "related" list of ``blocks`` (``_is_related_item``, at
    most ``_MAX_RELATED_ITEMS`` after its heading): a heading of chrome's "related" family that
    carries no link text of its own ("Read more: …" is one link). And the positions of the
    headings of the family that head a section of the article's own (``_heads_own_section``),
    whose blocks are no list's items."""
    items: set[int] = set()
    own_headings: set[int] = set()
    index = 0
    while index < len(blocks):
        kind = kinds[index]
        index += 1
        if kind is not rules.ChromeKind.RELATED or _INLINE_LINK.search(blocks[index - 1].text):
            continue
        heading = index - 1
        while (
            index < len(blocks) and index - heading <= _MAX_RELATED_ITEMS and _is_related_item(blocks[index])
        ):
            index += 1
        after = (blocks[index], kinds[index]) if index < len(blocks) else None
        if not _names_a_list(blocks[heading].text) and _heads_own_section(blocks[heading + 1 : index], after):
            own_headings.add(heading)
        else:
            items.update(range(heading + 1, index))
    return frozenset(items), frozenset(own_headings)


# The "related" family's patterns with the words they allow after their phrase taken off: a
# heading they match is the name of a list and nothing more ("Related stories", "Most read",
# "Mehr zum Thema", "Don't miss"), which heads no section of the article's own however its items
# read ("Police arrest two men after museum break-in." is a teaser's headline too; review,
# 2026-12-07), where "Don't miss the deadline" may.
_FREE_TAIL = re.compile(r"(?:\\b)?\.\{\d+,\d+\}\$$|\\b$")


@cache
def _list_name() -> re.Pattern[str]:
    patterns = rules.CHROME_PATTERNS[rules.ChromeKind.RELATED]
    bare = (_FREE_TAIL.sub("", pattern).removesuffix("$") for pattern in patterns)
    return re.compile("|".join(f"(?:{pattern}):?$" for pattern in bare))


def _names_a_list(heading: str) -> bool:
    """Whether ``heading`` is a "related" list's name alone, no words after it (``_list_name``)."""
    return _list_name().match(normalise_line(heading).strip()) is not None


# A sentence that ends with a full stop (a quote or bracket it closes after it at most), not an
# ellipsis's last dot.
_FULL_STOP_END = re.compile(r"(?<!\.)\.[\"'”’)\]»]*$")


def _heads_own_section(items: Sequence[Block], after: tuple[Block, rules.ChromeKind | None] | None) -> bool:
    """Whether a heading of the "related" family and the short blocks after it (``items``) are a
    section of the article's own ("Don't miss the deadline", "Applications close on Friday.",
    "Late forms are not accepted."): each of them a paragraph of one sentence ending with a full
    stop, and a paragraph of text right after them (``_is_text_paragraph``). A teaser's headline
    ends with no full stop (of the 187 items the related lists of the dev pages took, one does: a
    wall's "Sie sind aktuell nicht eingeloggt.", 2026-12-07), a headline and its excerpt in one
    block make two sentences ("Storm hits the coast. Thousands lose power overnight."; review,
    2026-12-07), and a list at the article's end is followed by no text."""
    return (
        bool(items)
        and after is not None
        and _is_text_paragraph(*after)
        and all(_is_one_full_sentence(item) for item in items)
    )


def _is_one_full_sentence(block: Block) -> bool:
    """Whether ``block`` is a paragraph of one line and one sentence that ends with a full stop,
    no teaser's cut-off mark ("Council passes budget. Read more.": ``_is_cut_off``)."""
    text = block.text.strip()
    return (
        block.kind == "p"
        and "\n" not in text
        and _FULL_STOP_END.search(text) is not None
        and _INNER_SENTENCE_END.search(text) is None
        and not _is_cut_off(text)
    )


def _text_follows_blocks(
    blocks: Sequence[Block], kinds: Sequence[rules.ChromeKind | None], related: frozenset[int]
) -> list[bool]:
    """``text_follows`` for ``blocks``: a related list's items (``related``) are no text."""
    is_text = [
        index not in related and _is_text_paragraph(block, kind)
        for index, (block, kind) in enumerate(zip(blocks, kinds, strict=True))
    ]
    return text_follows([block.text for block in blocks], kinds, is_text)


# The fewest words of a paragraph of text that tells a caption above it from a sign-off after it.
_MIN_TEXT_PARAGRAPH_WORDS = 8


def _is_text_paragraph(block: Block, kind: rules.ChromeKind | None) -> bool:
    """Whether ``block`` (of chrome ``kind``) is a paragraph of text: no heading, chrome or caption,
    and a sentence of at least ``_MIN_TEXT_PARAGRAPH_WORDS`` words."""
    text = block.text
    return (
        kind is None
        and not block.is_heading
        and _SENTENCE_END.search(text.rstrip()) is not None
        and has_words(text, _MIN_TEXT_PARAGRAPH_WORDS)
        and not is_caption(text)
    )


# Where, reading an article from its end, text has been found after a line: none, only lines that
# may be a "related" list's teasers (one sentence each, ``_may_be_a_teaser``), or text.
_NO_TEXT, _TEASERS, _TEXT = range(3)


def text_follows(
    lines: Sequence[str], kinds: Sequence[rules.ChromeKind | None], is_text: Sequence[bool]
) -> list[bool]:
    """For each of ``lines`` (blocks or plain-text units, of chrome ``kinds``), whether text follows
    it: a line of text (``is_text``) after it that is none of what closes an article after its last
    paragraph (review, 2026-12-07): a wire credit line ("Reporting by Jane Doe; Editing by John
    Roe.": ``is_wire_credit_line``), the one-sentence teasers after a "related" heading ("More from
    World", "Related stories"), or a comments section's comments (after a "Comments" heading that
    follows some text: a "3 Comments" link above the text opens none). Read in one pass from the end."""
    first_text = next((index for index, text in enumerate(is_text) if text), len(lines))
    follows = [False] * len(lines)
    state = _NO_TEXT
    for index in range(len(lines) - 1, -1, -1):
        follows[index] = state != _NO_TEXT
        line, kind = lines[index], kinds[index]
        if kind is rules.ChromeKind.COMMENTS and index > first_text:
            state = _NO_TEXT
        elif kind is rules.ChromeKind.RELATED and not _INLINE_LINK.search(line):
            state = _NO_TEXT if state == _TEASERS else state
        elif is_text[index] and state != _TEXT and not is_wire_credit_line(line):
            state = _TEASERS if _may_be_a_teaser(line) else _TEXT
    return follows


def _may_be_a_teaser(line: str) -> bool:
    """Whether a line of text reads as a teaser's headline would after a "related" heading: one
    sentence (``_has_whole_sentences``) no longer than chrome's lines (``rules.MAX_CHROME_WORDS``)."""
    return not has_words(line, rules.MAX_CHROME_WORDS + 1) and not _has_whole_sentences(line)


@cache
def _wire_credit_line() -> re.Pattern[str]:
    return re.compile(rules.WIRE_CREDIT_LINE, re.IGNORECASE)


# The lower-case words of a wire credit line besides its names: its credits, the words that join
# them and their places, and the particles of names ("Reporting by Rodrigo Campos; additional
# reporting by …", "… Koh Gui Qing, with reporting by Herb Lash and Megan Davies, editing by …", "…
# in New York and Jennifer Hughes in Hong Kong": the dev pages' wire credit lines, 2026-12-07).
_WIRE_CREDIT_WORDS = frozenset(
    {
        "and", "in", "at", "from", "with", "for", "of", "by", "the", "additional", "further", "reporting",
        "writing", "editing", "compiled", "research", "contributed", "to", "this", "report", "de", "del",
        "della", "da", "do", "dos", "du", "van", "von", "der", "den", "la", "le", "al", "bin",
    }
)  # fmt: skip
# This many lower-case words of its own make a credit line's opening a sentence about reporting:
# a verb and what it says ("Reporting by BBC News has shown …", "… found that …").
_MIN_CREDIT_SENTENCE_WORDS = 2


def is_wire_credit_line(line: str) -> bool:
    """Whether ``line`` is the credit line that closes wire copy (``rules.WIRE_CREDIT_LINE``):
    "Reporting by Jane Doe in Geneva; Editing by John Roe.", "Additional reporting by …", a name
    after its "by", and no words of a sentence besides the credits' own (``_WIRE_CREDIT_WORDS``):
    "Reporting by BBC News has shown that the ministry knew." is text."""
    stripped = line.strip()
    found = _wire_credit_line().match(stripped)
    if found is None or not stripped[found.end() : found.end() + 1].isupper():
        return False
    own_words = [word for word in _LOWER_CASE_WORD.findall(stripped) if word not in _WIRE_CREDIT_WORDS]
    return len(own_words) < _MIN_CREDIT_SENTENCE_WORDS


# What parts several agencies' names in a sign-off: "(Reuters, AP)".
_SIGN_OFF_SEPARATOR = re.compile(r"\s*,\s*")


def is_wire_sign_off(line: str) -> bool:
    """Whether ``line`` ends as wire copy signs its last paragraph: words, then a news agency's
    name or several in the closing parenthesis (``rules.CREDIT_NEWS_AGENCIES``): "Talks resume
    next week in Geneva. (Reuters)", Deutsche Welle's "cmb/sms (Reuters, AP)" (Big9+Chaos, whose
    gold keeps it). A caption credits an agency so too ("An MSC cargo ship leaves PortMiami, on
    Aug. 31, 2019. (AP)"), but above more of the text (the four of the dev pages): the two are told
    apart by where they stand (``remove_chrome``). A name alone on its line is a credit."""
    stripped = line.strip()
    found = _CLOSING_PARENTHESIS.search(stripped)
    if found is None or not stripped[: found.start()].strip():
        return False
    names = _SIGN_OFF_SEPARATOR.split(found[1].strip())
    return all(
        name in rules.CREDIT_NEWS_AGENCIES or name.title() in rules.CREDIT_NEWS_AGENCIES for name in names
    )


# -- a web archive's own header in a plain-text save ------------------------------------------------
# The archive prints its header above the saved page: its first line is among the save's first few
# (a browser's copy may put the tab's title or a stray line before it).
_ARCHIVE_HEADER_WITHIN = 5
# A header has fewer lines than this (archive.today's about 12, the Wayback Machine's toolbar with
# its "About this capture" panel about 25), each of at most so many words (an address is one): a
# longer line is the page's.
_MAX_ARCHIVE_HEADER_LINES = 60
_MAX_ARCHIVE_HEADER_WORDS = 40
# The most lines a span of free text in a header ("COLLECTED BY" … "TIMESTAMPS") may run.
_MAX_ARCHIVE_SPAN_LINES = 20
# Arrows the header glues to its links ("←prior", "next→"), set apart as words of their own.
_ARROWS = re.compile(r"\s*([←→◄►])\s*")
_PRINTED_ADDRESS = re.compile(
    r"(?:\b(?P<label>saved|redirected) from\s+)?(?P<address>https?://\S+)", re.IGNORECASE
)
_ADDRESS_RANK = {"saved": 0, "": 1, "redirected": 2}
_SAVED_HOST = re.compile(r"\bfrom host\s+(?P<host>[^\s/]+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ArchiveHeader:
    """A web archive's own header at the top of a plain-text save of one of its captures: which
    archive's, the positions of its lines, the addresses it prints (the saved page's, "Saved from",
    first; a "Redirected from" address last) and the host it says the page was saved from."""

    archive: str
    lines: range
    addresses: tuple[str, ...]
    host: str | None


@dataclass(frozen=True, slots=True)
class _ArchiveHeaderPatterns:
    archive: str
    marker: re.Pattern[str]
    proof: re.Pattern[str]
    line: re.Pattern[str]
    capture_dates: re.Pattern[str]
    spans: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]
    after: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]


@cache
def _archive_header_patterns() -> tuple[_ArchiveHeaderPatterns, ...]:
    def compiled(pattern: str) -> re.Pattern[str]:
        return re.compile(pattern, re.IGNORECASE)

    patterns = []
    for archive, vocabulary in rules.ARCHIVE_HEADERS.items():
        word = "|".join(f"(?:{word})" for word in vocabulary.words)
        # Words are joined by white space only: each is told from the next by where a space falls,
        # so a line that is not the header's fails without trying ways to cut it into words.
        line = "|".join([rf"(?:{word})(?:\s+(?:{word}))*", *(f"(?:{free})" for free in vocabulary.lines)])
        patterns.append(
            _ArchiveHeaderPatterns(
                archive=archive,
                marker=compiled(vocabulary.marker),
                proof=compiled(vocabulary.proof),
                line=compiled(line),
                capture_dates=compiled(vocabulary.capture_dates),
                spans=tuple((compiled(first), compiled(last)) for first, last in vocabulary.spans),
                after=tuple((compiled(first), compiled(then)) for first, then in vocabulary.after),
            )
        )
    return tuple(patterns)


def _header_form(line: str) -> str:
    """``line`` as the archive header patterns read it: arrows set apart, white space collapsed."""
    return " ".join(_ARROWS.sub(r" \1 ", line).split())


def _is_archive_header_line(line: str, previous: str | None, patterns: _ArchiveHeaderPatterns) -> bool:
    if len(line.split(" ", _MAX_ARCHIVE_HEADER_WORDS)) > _MAX_ARCHIVE_HEADER_WORDS:
        return False
    if previous is not None and any(
        first.fullmatch(previous) and then.fullmatch(line) for first, then in patterns.after
    ):
        return True
    if not patterns.line.fullmatch(line):
        return False
    # The header's words make up a page's own dateline too ("14 Jan 2024"): a line that reads as
    # a date is the header's only when it holds a capture's date as the archive prints it.
    return parse_date_in_text(line) is None or patterns.capture_dates.search(line) is not None


def _archive_span_end(forms: Sequence[str], position: int, patterns: _ArchiveHeaderPatterns) -> int | None:
    """Where a span of free text that opens at ``position`` ends (the position after its closing
    line), or None when none opens there or it does not close soon enough."""
    for first, last in patterns.spans:
        if not first.fullmatch(forms[position]):
            continue
        for end in range(position + 1, min(len(forms), position + _MAX_ARCHIVE_SPAN_LINES + 1)):
            if last.fullmatch(forms[end]):
                return end + 1
    return None


def _archive_header_length(forms: Sequence[str], patterns: _ArchiveHeaderPatterns) -> int:
    """How many of ``forms`` (lines from the header's first on) are the header's."""
    position, previous = 0, None
    while position < len(forms):
        span_end = _archive_span_end(forms, position, patterns)
        if span_end is not None:
            position, previous = span_end, forms[span_end - 1]
        elif _is_archive_header_line(forms[position], previous, patterns):
            position, previous = position + 1, forms[position]
        else:
            break
    return position


def _printed_addresses(header: str) -> tuple[str, ...]:
    """The addresses ``header`` prints: labelled "Saved from" first, unlabelled next (an address
    box's value on its own line, the Wayback Machine's print line), "Redirected from" last."""
    found = [(each.group("label") or "", each.group("address")) for each in _PRINTED_ADDRESS.finditer(header)]
    found.sort(key=lambda labelled: _ADDRESS_RANK[labelled[0].lower()])  # stable: printed order kept
    return tuple(address for _, address in found)


def archive_header(lines: Sequence[str]) -> ArchiveHeader | None:
    """The header a web archive (archive.today, the Wayback Machine; ``rules.ARCHIVE_HEADERS``)
    prints above a capture, when ``lines`` (a plain-text save's, in order) open with one, else None.
    Its lines are the archive's, not the page's: its capture time is no date the page states."""
    for patterns in _archive_header_patterns():
        for start, line in enumerate(lines[:_ARCHIVE_HEADER_WITHIN]):
            form = _header_form(line)
            if not patterns.marker.search(form) or not _is_archive_header_line(form, None, patterns):
                continue
            forms = [_header_form(line) for line in lines[start : start + _MAX_ARCHIVE_HEADER_LINES]]
            header = forms[: _archive_header_length(forms, patterns)]
            if any(patterns.proof.search(line) for line in header):
                joined = " ".join(header)
                host = _SAVED_HOST.search(joined)
                return ArchiveHeader(
                    archive=patterns.archive,
                    lines=range(start, start + len(header)),
                    addresses=_printed_addresses(joined),
                    host=host.group("host") if host else None,
                )
    return None
