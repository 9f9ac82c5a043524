"""Plain-text page saves → Article: OUR line classifier. Hand-written because no library reads the
text of a whole web page (a browser's "Save as text", a copy-paste, ``lynx -dump``): there is no
markup left, only lines, and the article sits among menus, promos, walls and "related" lists.

How it works, line by line (a hard-wrapped save is first re-joined into paragraphs, and a page a
copy tool flattened onto one line cut into its sentences, a byline inside it and a headline in
sentence case before that parted from the menu: ``_flat_units``, its kept sentences joined again
into paragraphs of about three; a web archive's header above a saved capture, archive.today's or
the Wayback Machine's toolbar, is taken off first, and the page it names is the article's address):
1. Each unit is described by features: its words, whether it ends a sentence, whether it matches
   a chrome vocabulary (``rules.py``; some families, like sign-up walls and "Related stories",
   mark the end of an article), whether it is a photo caption, whether it repeats elsewhere.
2. The article is the densest run of prose: the maximum-sum run of unit scores (prose scores its
   word count, a short non-prose line a small penalty, a chrome line a large one).
3. Inside the run, prose is kept, a short line between two paragraphs (a photo caption between
   it and the one above aside) is kept as a subheading, and a line that is a quotation whole
   ("« Nous n'en pouvons plus »") as a paragraph; chrome, captions and metadata lines are dropped.
4. Title, byline, date and outlet are lifted out of the lines around the run: the title is the
   nearest headline-like line before it, the byline a "By …" line (or "Von …", "Par …", "Por …",
   "di …", "Door …" followed by names: ``metadata.byline_in_line``) before it or among the run's
   first short lines (or a first line read as prose that chrome reads as a byline: "By Jane Doe,
   immigration policy reporter."; or a line of many authors, ``chrome.long_byline``), with its
   stamp or date on the same line too ("…, Updated
   March 5, 2024", "By Jane Doe | March 18, 2024"), the date the first line that reads as one
   and not as a sentence (a section name glued to it, "December 19, 2022Europe", is allowed; "The
   festival runs until 5 March 2024." is no date line), or the stamp after such a byline, the
   outlet a name a chrome line carries ("Sign up for NTD Daily", "© 2024 The Daily Planet"), else
   a short name line that the page repeats. A byline found among the run's first lines makes the
   one paragraph above it the standfirst, where it reads as a dek and the text
   left is long enough (``_dek_before_byline``); a byline above the run, the one line between it
   and the headline that reads as a dek (``_title_and_dek_above_byline``). A live blog's entry
   time ("14:05 BST") and a listicle's numbered item ("1. Buy low") are no headline; an item is
   kept as a subheading.
5. A run of unsigned teasers, each one paragraph under its headline, is a section front, refused
   as an HTML one is (``_is_section_front``).
"""

from __future__ import annotations

import html as html_lib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from tidings import url_rules
from tidings.errors import NotAnArticle
from tidings.extract import guards, rules
from tidings.extract.blocks import Block, render_html, render_text, without_break_hints
from tidings.extract.chrome import (
    ArchiveHeader,
    archive_header,
    byline_and_stamp,
    chrome_kind,
    has_words,
    is_caption,
    is_dated_sentence,
    is_metadata_line,
    is_wire_sign_off,
    long_byline,
    normalise_line,
    outlet_in_chrome,
    text_follows,
    word_count,
)
from tidings.extract.metadata import (
    byline_in_line,
    checked_language,
    clean_byline,
    has_clock,
    normalise_language,
    parse_date_in_text,
    saved_page_address,
    text_before_date,
)
from tidings.extract.sanitize import sanitize_html
from tidings.extract.standfirst import reads_as_dek
from tidings.model import Article, Outlet, RawDocument
from tidings.urls import canonical_url, is_http_url, registrable_domain, unregistered_host

__all__ = ["TextUnit", "classify_units", "extract_text", "split_units"]

# Scores of the densest-run search. A prose unit scores its word count. Tuned on the 136 dev pages
# of the article-extraction benchmark rendered to text with their chrome (bench/extraction.py
# --plain-text, 2026-11-23): short-line score swept over -1..-25 (F1 0.862 at -1, 0.904 at -8,
# 0.879 at -25), end-chrome score over -10..-80 (0.878..0.904, flat from -15 to -40), chrome score
# over -4..-15 (flat), after-end factor 0.25/0.5/1.0 (0.887/0.904/0.868). Re-run that benchmark and
# tests/extract/ after changing them.
_SHORT_LINE_SCORE = -8  # a menu item, a section name, a headline
_CHROME_SCORE = -8  # a chrome line that may sit inside an article (share bar, credit, advert)
_END_CHROME_SCORE = -25  # a chrome line that ends an article (wall, newsletter, related, comments)
# Prose after an article-ending chrome line counts half: comments and teasers read like prose.
_AFTER_END_FACTOR = 0.5
# A unit is prose when it ends a sentence and has at least this many words, or is this long anyway.
# 4..8 score alike on the benchmark; 6 keeps a closing "The Associated Press contributed to this
# report." (7 words) in the NTD seed.
_MIN_SENTENCE_WORDS = 6
_MIN_RUNON_WORDS = 20
_MAX_TITLE_WORDS = 30
# How many lines before the article the headline is looked for in: a page's chrome between headline
# and text (kicker, byline, date, share bar, caption, credit) is rarely longer.
_TITLE_WINDOW = 15
_MAX_NAME_WORDS = 5
_MAX_SUBHEADING_WORDS = 15
_MAX_META_WORDS = 12
_MIN_ARTICLE_WORDS = 30
# A byline printed between the standfirst and the text sits inside the run of prose: it is looked
# for among the run's first this many units too ("By Karen Kaplan, Times Staff Writer" after a
# latimes.com standfirst), where only names make one: there a line that opens with "By" or "Von"
# is as likely a subheading ("By the numbers", "Von Zeit zu Zeit").
_BYLINE_RUN_WINDOW = 4
# A run of at least this many paragraphs, this share of them each a teaser under its headline, is a
# section front (``_is_section_front``). No page of the article-extraction benchmark's dev part,
# readability's test pages or trafilatura-eval's dev part, rendered to text, is one (2026-12-08).
_MIN_TEASERS = 4
_TEASER_SHARE = 0.75
_MAX_TEASER_WORDS = 40
_MIN_TEASER_HEADLINE_WORDS = 6
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’)\]」』]*$")
# Hard-wrapped saves (lynx -dump, e-mail): most long lines end within this many characters of the
# widest line, between these widths.
_WRAP_SLACK = 12
_WRAP_WIDTHS = range(50, 121)
_MIN_WRAPPED_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class TextUnit:
    """One paragraph-like unit of a plain-text page with the features the classifier reads."""

    index: int
    text: str
    words: int
    chrome: rules.ChromeKind | None
    caption: bool
    prose: bool
    repeated: bool

    @property
    def score(self) -> float:
        if self.chrome is not None:
            return _END_CHROME_SCORE if self.chrome.ends_article else _CHROME_SCORE
        if self.caption:
            return 0.0
        return float(self.words) if self.prose else float(_SHORT_LINE_SCORE)


def _is_hard_wrapped(lines: Sequence[str]) -> bool:
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < 8:
        return False
    widest = lengths[int(len(lengths) * 0.95) - 1]
    if widest not in _WRAP_WIDTHS:
        return False
    near_widest = sum(1 for length in lengths if widest - _WRAP_SLACK <= length <= widest)
    return near_widest >= _MIN_WRAPPED_SHARE * len(lengths)


# Every line break Unicode has (those ``str.splitlines`` knows): a save copied from a page that
# writes U+2028 between lines, or a form feed between printed pages, glued "Comments (42)" to the
# paragraph above it. U+2029 ends a paragraph, so it counts as a blank line.
_LINE_BREAK = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028]")


def split_units(text: str) -> list[str]:
    """Paragraph-like units: each non-blank line, or each blank-line-separated block if wrapped."""
    lines = _LINE_BREAK.sub("\n", text).replace("\u2029", "\n\n").split("\n")
    if not _is_hard_wrapped(lines):
        return [re.sub(r"\s+", " ", line).strip() for line in lines if line.strip()]
    units: list[str] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            units.append(" ".join(current))
            current = []
    if current:
        units.append(" ".join(current))
    return units


# A save whose page a copy tool flattened onto one line (no line breaks: some do) is at most this
# many units, one of them at least this many words: it is read sentence by sentence, and the
# sentences kept are joined again into paragraphs of about this many words or sentences.
_MAX_FLAT_UNITS = 3
_MIN_FLAT_WORDS = 100
_FLAT_PARAGRAPH_WORDS = 70
_FLAT_PARAGRAPH_SENTENCES = 3
# Where a sentence may end in a flattened save: a full stop, question or exclamation mark (closing
# quotes after it), then a space before a word (a lower-case one too: chrome's "ntd newsletter
# icon" follows "… contributed to this report."), or nothing where a copy tool glued the next
# sentence on ("day.The").
# A parenthesis right after a sentence is its own (a caption's credit: "… on Dec. 19, 2022.
# (Sergei Karpukhin/Sputnik/Pool via Reuters)"), so it ends the sentence.
_FLAT_SENTENCE_END = re.compile(
    r"[.!?…](?:\s+\([^()]{1,120}\))?[\"'”’)\]]*(?:\s+(?=[\"'“‘\[]?[^\W_]|©)|(?=[A-Z][a-z]))"
)
# Words a full stop follows inside a sentence: titles, abbreviations and short months ("Mr. Smith",
# "Dec. 19"); an initial ("J. Smith") and an abbreviation with stops in it ("U.S.", "a.m.") too.
_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "st", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "jr",
        "sr", "inc", "ltd", "co", "corp", "no", "vs", "etc", "approx", "dept", "jan", "feb", "mar", "apr",
        "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft",
    }
)  # fmt: skip
# A byline inside a flattened line ("… marathon session By Jane Doe and …"), and the words it
# may go on with besides names: joiners, credits, particles, and a date or stamp after a separator.
_FLAT_BYLINE = re.compile(r"(?<=\s)By\s+(?=[A-Z])")
_FLAT_BYLINE_WORDS = frozenset(
    {
        "and", "&", "with", "additional", "reporting", "by", "in", "de", "da", "van", "von", "der", "la",
        "le", "al", "bin", "|", "•", "·", "-", "–", "—", "on", "at", "updated", "published", "am", "pm",
        "a.m.", "p.m.",
    }
)  # fmt: skip


def _is_flattened(units: Sequence[str]) -> bool:
    """Whether a save's page was flattened onto one line or nearly (``_MAX_FLAT_UNITS``)."""
    return 0 < len(units) <= _MAX_FLAT_UNITS and any(has_words(unit, _MIN_FLAT_WORDS) for unit in units)


def _sentences(text: str) -> list[str]:
    """``text`` cut into its sentences (``_FLAT_SENTENCE_END``), not after an abbreviation."""
    sentences: list[str] = []
    start = 0
    for end in _FLAT_SENTENCE_END.finditer(text):
        last_word = text[start : end.start()].rsplit(None, 1)[-1] if text[start : end.start()].strip() else ""
        bare = last_word.lstrip("(\"'“‘").casefold()
        if bare in _ABBREVIATIONS or (len(bare) == 1 and bare.isalpha()) or "." in bare:
            continue
        sentences.append(text[start : end.end()].strip())
        start = end.end()
    sentences.append(text[start:].strip())
    return [sentence for sentence in sentences if sentence]


def _byline_end(words: Sequence[str]) -> int:
    """How many of ``words`` (a flattened byline's, "By" first) are the byline's: names, joiners and
    a date, up to the first word of a sentence, a capitalised word before a lower-case one that
    is no joiner ("… Sarah O'Neill The city council voted …")."""
    for position in range(1, len(words)):
        word = words[position]
        following = words[position + 1] if position + 1 < len(words) else ""
        lower = word.casefold()
        if lower in _FLAT_BYLINE_WORDS or word[:1].isdigit():
            continue
        if not word[:1].isupper():
            return position - 1 if position > 2 else 0
        if following[:1].islower() and following.casefold() not in _FLAT_BYLINE_WORDS:
            return position
    return 0


def _headline_at_end(text: str) -> int:
    """Where a headline in sentence case ends ``text`` (the menu items before it are capitalised
    words: "… Opinion Subscribe Politics City council approves new transit levy"), or -1."""
    words = text.split()
    position = len(words)
    while position > 1 and not words[position - 1][:1].isupper():
        position -= 1
    if position < 2 or len(words) - position < 2 or not words[position - 2][:1].isupper():
        return -1
    return len(" ".join(words[: position - 1]))


def _flat_units(text: str) -> list[str]:
    """The units of a flattened save: its sentences; the one where a byline sits inside ("…
    session By Jane Doe … The city council voted …") cut into what comes before it, the byline and
    what follows it, and before it a headline in sentence case parted from the menu."""
    units: list[str] = []
    for sentence in _sentences(text):
        found = _FLAT_BYLINE.search(sentence)
        if found is None:
            units.append(sentence)
            continue
        words = sentence[found.start() :].split()
        taken = _byline_end(words)
        if taken < 3:
            units.append(sentence)
            continue
        head = sentence[: found.start()].strip()
        split = _headline_at_end(head)
        units.extend(part for part in (head[:split], head[split:]) if split > 0 and part.strip())
        if split <= 0:
            units.append(head)
        units.extend([" ".join(words[:taken]), " ".join(words[taken:])])
    return [unit.strip() for unit in units if unit.strip()]


def _flat_paragraphs(blocks: Sequence[Block]) -> list[Block]:
    """A flattened save's kept sentences joined into paragraphs (``_FLAT_PARAGRAPH_WORDS``,
    ``_FLAT_PARAGRAPH_SENTENCES``); a subheading stays a block of its own."""
    paragraphs: list[Block] = []
    current: list[str] = []

    def close() -> None:
        if current:
            text = " ".join(current)
            paragraphs.append(Block(kind="p", text=text, html=f"<p>{html_lib.escape(text, quote=False)}</p>"))
            current.clear()

    for block in blocks:
        if block.kind != "p":
            close()
            paragraphs.append(block)
            continue
        current.append(block.text)
        if (
            len(current) >= _FLAT_PARAGRAPH_SENTENCES
            or word_count(" ".join(current)) >= _FLAT_PARAGRAPH_WORDS
        ):
            close()
    close()
    return paragraphs


def _in_capitals(text: str) -> bool:
    """Whether ``text`` is written in capitals, as a heading or a menu is: its letters mostly of a
    script with case, none of them lower case. A script without case (Chinese, Japanese, Arabic,
    Hebrew …) is the same in upper and lower case: a paragraph of it, with an acronym or none
    ("美国宇航局(NASA)成立了…"), is not in capitals."""
    if text.upper() != text:  # a lower-case letter (most lines), found in C
        return False
    letters = [char for char in text if char.isalpha()]
    cased = [char for char in letters if char.lower() != char.upper()]
    return 2 * len(cased) > len(letters)


def _is_prose(text: str, words: int) -> bool:
    if not re.search(r"[^\W\d_]", text) or _in_capitals(text):
        return False
    return (words >= _MIN_SENTENCE_WORDS and bool(_SENTENCE_END.search(text))) or words >= _MIN_RUNON_WORDS


def _is_signature(text: str) -> bool:
    """Whether a line that reads as prose by its length is a byline and its stamp on one line
    (``chrome.byline_and_stamp``), or a byline of many authors (``chrome.long_byline``): 20 words
    and more make a run-on paragraph, and "By Jane Doe and John Smith, Washington Post staff
    writers, Updated March 5, 2024 at 10:02 a.m. EST" has them."""
    return byline_and_stamp(text) is not None or long_byline(text) is not None


def classify_units(units: Sequence[str]) -> list[TextUnit]:
    counts = Counter(normalise_line(unit) for unit in units)
    classified = []
    for index, unit in enumerate(units):
        words = word_count(unit)
        chrome = chrome_kind(unit)
        caption = chrome is None and words <= 60 and is_caption(unit)
        classified.append(
            TextUnit(
                index=index,
                text=unit,
                words=words,
                chrome=chrome,
                caption=caption,
                prose=chrome is None and not caption and _is_prose(unit, words) and not _is_signature(unit),
                repeated=counts[normalise_line(unit)] > 1,
            )
        )
    return _with_sign_off_kept(classified)


def _with_sign_off_kept(units: list[TextUnit]) -> list[TextUnit]:
    """``units`` with a wire sign-off that no prose follows ("Talks resume next week in Geneva.
    (Reuters)") read as the text's last paragraph, not as a caption: a caption crediting an agency
    so stands above more of the text (``chrome.is_wire_sign_off``). Prose that closes an article
    after its last paragraph follows none (``chrome.text_follows``: "Reporting by …; Editing by …",
    a related list's teasers, comments), and only the last caption that reads as a sign-off may
    sign it: the other captions are the last photos' (three reviews, 2026-12-07)."""
    signing = (index for index, unit in enumerate(units) if unit.caption and is_wire_sign_off(unit.text))
    position = max(signing, default=-1)
    if position < 0:
        return units
    follows = text_follows(
        [unit.text for unit in units], [unit.chrome for unit in units], [unit.prose for unit in units]
    )
    if follows[position]:
        return units
    return [*units[:position], replace(units[position], caption=False, prose=True), *units[position + 1 :]]


def _densest_run(units: Sequence[TextUnit]) -> tuple[int, int] | None:
    """[start, end) of the maximum-sum run of unit scores, starting and ending on prose (Kadane)."""
    best: tuple[float, int, int] | None = None
    running, start = 0.0, 0
    after_end = False
    for position, unit in enumerate(units):
        score = unit.score
        if unit.prose and after_end:
            score *= _AFTER_END_FACTOR
        if unit.chrome is not None and unit.chrome.ends_article and best is not None:
            # Only after some prose: a "Log in" or "Newsletter" link in the top menu ends nothing.
            after_end = True
        if running <= 0:
            running, start = 0.0, position
            if score <= 0:
                continue
        running += score
        if unit.prose and (best is None or running > best[0]):
            best = (running, start, position + 1)
    return (best[1], best[2]) if best else None


def _is_subheading(units: Sequence[TextUnit], position: int, start: int, end: int) -> bool:
    """A short line between two prose paragraphs of the article, shaped like a heading. Past the
    run's first lines, a photo caption between the paragraph above and the line does not part
    them: a section that opens with a picture prints its caption right above its heading ("… when
    something goes wrong. (Reuters)", then "More than just tools"; Big9+Chaos chaos-all/robot (9),
    a plain save). Among the run's first lines a caption still does: there the lead picture's
    caption, printed as text and then with its credit, is followed by the byline ("Noam N. Levey
    and Lisa MascaroContact Reporter", latimes.com in Big9+Chaos)."""
    unit = units[position]
    if not start < position < end - 1 or unit.chrome or unit.caption or unit.repeated:
        return False
    if (
        not 1 <= unit.words <= _MAX_SUBHEADING_WORDS
        or _SENTENCE_END.search(unit.text)
        or not unit.text[:1].isupper()
    ):
        return False
    if byline_in_line(unit.text, names_only=True) is not None:  # "Von Anna Schmidt", not "By Design"
        return False
    above = position - 1
    if position - start > _BYLINE_RUN_WINDOW:
        while above > start and units[above].caption:
            above -= 1
    return units[above].prose and units[position + 1].prose


# A line that is one quotation whole, between the marks of one style: "« Nous n'en pouvons plus »",
# "„Wir können nicht mehr“", "“We cannot go on”".
_QUOTATION = re.compile(r'(?:«[^«»]+»|»[^«»]+«|„[^„“”]+[“”]|“[^“”]+”|"[^"]+"|‹[^‹›]+›|「[^「」]+」)')


def _is_quotation(units: Sequence[TextUnit], position: int, start: int, end: int) -> bool:
    """A line inside the article that is a quotation whole (``_QUOTATION``): a paragraph of the
    text, however short, where prose is a sentence of six words or more and a subheading opens
    with a capital ("« Nous n'en pouvons plus »" is neither). Not chrome in quotation marks, which
    the vocabularies, anchored at a line's first word, do not read ("“Advertisement”", "« Lire
    aussi »"; review, 2026-12-07)."""
    unit = units[position]
    if not start < position < end - 1 or unit.chrome or unit.caption or unit.repeated:
        return False
    return _QUOTATION.fullmatch(unit.text) is not None and chrome_kind(unit.text[1:-1].strip()) is None


@dataclass(frozen=True, slots=True)
class _Header:
    title: str | None
    byline: str | None
    published_at: datetime | None
    outlet: str | None
    used: frozenset[int]
    standfirst: str | None = None
    # The unit the standfirst was read from, one of ``used``.
    standfirst_index: int | None = None

    def with_standfirst_in_text(self) -> _Header:
        """This header with its standfirst left in the text, as its first paragraph."""
        if self.standfirst_index is None:
            return self
        return replace(self, used=self.used - {self.standfirst_index}, standfirst=None, standfirst_index=None)


# The weekday a date after a byline opens with ("By Ellen Marsh | Wednesday 18 March 2026"): the
# date's, not the names'.
_WEEKDAY_AT_END = re.compile(
    r"[\s,;|•·–—-]*\b(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*$", re.IGNORECASE
)


def _byline_of(unit: TextUnit, *, names_only: bool = False) -> str | None:
    """The byline ``unit`` signs with: a short "By …" line's, or the byline before the stamp of a
    longer line that holds both (``chrome.byline_and_stamp``: "By Jane Doe and John Smith,
    Washington Post staff writers, Updated March 5, 2024 at 10:02 a.m. EST")."""
    line = unit.text
    if unit.words > _MAX_META_WORDS:
        pair = byline_and_stamp(line)
        if pair is None:
            # Many authors, and those who reported with them, run past a metadata line's words
            # with no stamp after them (``chrome.long_byline``).
            many = long_byline(line)
            return clean_byline(many) if many else None
        line = pair[0]
    names = byline_in_line(line, names_only=names_only)
    if names and parse_date_in_text(names) is not None:
        # A byline the page's date follows on its line ("By Jane Doe | March 18, 2024"): the
        # names are what comes before the date, the date is the header's (``_date_of``).
        names = _WEEKDAY_AT_END.sub("", text_before_date(names) or "").rstrip(" ,;|•·-–—")
    return clean_byline(names) if names else None


def _signs_as_prose(unit: TextUnit) -> bool:
    """Whether a prose unit is a byline all the same: one that ends as a sentence of six words or
    more ("By Jane Doe, immigration policy reporter.", "Par Jean Dupont, notre envoyé spécial à
    Kiev."), read as chrome reads one, no clause after its comma (``is_metadata_line``: "By
    Election Day, Democrats had closed the gap." is the text's)."""
    return (
        unit.words <= _MAX_META_WORDS
        and byline_in_line(unit.text, names_only=True) is not None
        and is_metadata_line(unit.text, names_only=True)
    )


def _date_of(unit: TextUnit) -> datetime | None:
    """The date a line above the article gives as the page's: a short line's that reads as no
    sentence, or the stamp's of a byline-and-stamp line (``chrome.byline_and_stamp``)."""
    if unit.words > _MAX_META_WORDS:
        pair = byline_and_stamp(unit.text)
        if pair is not None:
            return parse_date_in_text(pair[1])
        return parse_date_in_text(unit.text) if long_byline(unit.text) is not None else None
    dated = parse_date_in_text(unit.text)
    return dated if dated and not is_dated_sentence(unit.text) else None


# A time line that says it is the update's ("Last Update: 10:40 PM EDT", "Aktualisiert 14:05"): the
# publication is dated by its own line, never at the update's time.
_UPDATE_STAMP = re.compile(
    r"\b(?:updated?|modified|aktualisiert|actualizado|atualizado|mis à jour)\b", re.IGNORECASE
)


def _on_the_clock_beside(
    units: Sequence[TextUnit], unit: TextUnit, dated: datetime
) -> tuple[datetime, tuple[int, ...]]:
    """``dated``, the date a line without a time gives ("March 5, 2026"), at the time a metadata
    line right before or after it gives without a date of its own ("Published 3:45 PM EDT"), and
    that line's index; ``dated`` alone where the line prints its own time or neither neighbour
    gives one. A page that prints its date and time on two lines gives one moment."""
    if has_clock(unit.text):
        return dated, ()
    position = unit.index
    for offset in (1, -1):
        if not 0 <= position + offset < len(units):
            continue
        beside = units[position + offset]
        if (
            beside.words > _MAX_META_WORDS
            or not has_clock(beside.text)
            or not is_metadata_line(beside.text)
            or parse_date_in_text(beside.text) is not None
            or _UPDATE_STAMP.search(beside.text) is not None
        ):
            continue
        joined = f"{unit.text} {beside.text}" if offset > 0 else f"{beside.text} {unit.text}"
        moment = parse_date_in_text(joined)
        if moment is not None and moment != dated:
            return moment, (beside.index,)
    return dated, ()


def _is_title_candidate(unit: TextUnit) -> bool:
    """Whether ``unit`` can be a headline: a few words with letters, no sentence, and none of the
    lines about the article (a byline, a date, a time or a stamp: a live blog's "14:05 BST" above
    its entry is none)."""
    if unit.chrome or unit.caption or not 3 <= unit.words <= _MAX_TITLE_WORDS:
        return False
    if unit.text.rstrip().endswith(".") or _byline_of(unit) or parse_date_in_text(unit.text):
        return False
    return bool(re.search(r"[^\W\d_]", unit.text)) and not is_metadata_line(unit.text)


# A numbered line: a list's item as a save prints it ("1. Buy low", "2) Keep cash").
_NUMBERED = re.compile(r"(\d{1,2})[.)]\s+\S")


def _numbered_items(units: Sequence[TextUnit]) -> frozenset[int]:
    """The units that are items of a numbered list: a numbered line (``_NUMBERED``) where the page
    numbers another line one more or one less (a listicle's "1. Buy low", "2. Keep cash"). A
    headline alone may open with a figure ("2. Bundesliga: Schalke gewinnt")."""
    numbers: dict[int, int] = {}
    for unit in units:
        found = _NUMBERED.match(unit.text)
        if found is not None:
            numbers[unit.index] = int(found[1])
    present = set(numbers.values())
    return frozenset(index for index, number in numbers.items() if {number - 1, number + 1} & present)


def _is_name_line(unit: TextUnit) -> bool:
    """A line that can be the outlet's name: a few capitalised words, no sentence, no byline and
    no date or time ("By Zachary Fagenson", "04/09/17 12:00 AM" and "2" were taken for outlets)."""
    words = unit.text.split()
    return (
        unit.chrome is None
        and 1 <= len(words) <= _MAX_NAME_WORDS
        and all(word[:1].isupper() or not word[:1].isalpha() for word in words)
        and re.search(r"[^\W\d_]", unit.text) is not None
        and not _SENTENCE_END.search(unit.text)
        and byline_in_line(unit.text) is None
        and not is_metadata_line(unit.text)
        and parse_date_in_text(unit.text) is None
    )


def _outlet_from_chrome(units: Sequence[TextUnit]) -> str | None:
    """The name most chrome lines carry; its capitalised spelling wins ("ntd", "NTD" → "NTD")."""
    spellings: dict[str, list[str]] = {}
    for unit in units:
        if unit.chrome is None:
            continue
        name = outlet_in_chrome(unit.text)
        if name:
            spellings.setdefault(name.casefold(), []).append(name)
    if not spellings:
        return None
    most = max(spellings.values(), key=len)
    return max(most, key=lambda spelling: sum(char.isupper() for char in spelling))


def _content_words(text: str) -> set[str]:
    return {word.casefold() for word in re.findall(r"[^\W\d_]{4,}", text)}


def _pick_title(units: Sequence[TextUnit], start: int, end: int) -> str | None:
    """The headline: of the headline-like lines before the article, the one that shares the most
    words with its opening paragraphs, the nearest on a tie. The nearest alone was often the
    share bar, a caption or a comment count printed between headline and text ("Facebook0
    Twitter0 Email Print", "reader comments 143", on pages rendered to text by a browser). Of
    lines that share words alike, one the page prints twice (its title bar or breadcrumb and its
    heading) is the headline, not the standfirst below it; among lines that share none, repeats
    are menus and prompts ("You're all set!"), so there the nearest stays."""
    opening = _content_words(" ".join(unit.text for unit in units[start : min(end, start + 5)] if unit.prose))
    best: tuple[tuple[int, bool], str] | None = None
    items = _numbered_items(units)
    for unit in reversed(units[max(0, start - _TITLE_WINDOW) : start]):
        if not _is_title_candidate(unit) or unit.index in items:
            continue
        shared = len(_content_words(unit.text) & opening)
        rank = (shared, shared > 0 and unit.repeated)
        if best is None or rank > best[0]:
            best = (rank, unit.text)
    return best[1] if best else None


def _read_header(units: Sequence[TextUnit], start: int, end: int) -> _Header:
    before = units[:start]
    used: set[int] = set()
    title = _pick_title(units, start, end)
    if title is not None:
        used |= {unit.index for unit in units if normalise_line(unit.text) == normalise_line(title)}
    byline = None
    in_run = [
        unit for unit in units[start : start + _BYLINE_RUN_WINDOW] if not unit.prose or _signs_as_prose(unit)
    ]
    standfirst: TextUnit | None = None
    signed_in_run: TextUnit | None = None
    for unit, names_only in [*((unit, False) for unit in before), *((unit, True) for unit in in_run)]:
        found = _byline_of(unit, names_only=names_only)
        if found:
            byline = found
            used.add(unit.index)
            used |= {other.index for other in before if normalise_line(other.text) == normalise_line(found)}
            if names_only:
                signed_in_run = unit
                standfirst = _dek_before_byline(units[start : unit.index], title)
            elif title is not None:
                title, standfirst = _title_and_dek_above_byline(units, unit.index, title, start, end)
                used |= {
                    other.index for other in before if normalise_line(other.text) == normalise_line(title)
                }
            if standfirst is not None:
                used.add(standfirst.index)
            break
    published_at = None
    # The date above the article, else the one a byline inside it gives on its line ("By Ellen
    # Marsh | March 18, 2026" under a standfirst).
    for unit in [*before, *([signed_in_run] if signed_in_run else [])]:
        dated = _date_of(unit)
        if dated:
            published_at, clock_line = _on_the_clock_beside(units, unit, dated)
            used |= {unit.index, *clock_line}
            break
    # The name a chrome line gives ("© 2024 The Daily Planet", "Sign up for NTD Daily") before a
    # short line the page repeats: in a save of a whole page, that is as often its section's name
    # in the menu and the breadcrumb ("Politics", "News") or a menu's item ("Subscribe") as the
    # outlet's (readability's test pages and the article-extraction benchmark's, as browsers copy
    # them, 2026-12-08).
    outlet = _outlet_from_chrome(units)
    for unit in before if outlet is None else ():
        if unit.repeated and unit.index not in used and _is_name_line(unit):
            outlet = unit.text
            break
    return _Header(
        title,
        byline,
        published_at,
        outlet,
        frozenset(used),
        standfirst.text if standfirst else None,
        standfirst.index if standfirst else None,
    )


def _title_and_dek_above_byline(
    units: Sequence[TextUnit], byline_at: int, title: str, start: int, end: int
) -> tuple[str, TextUnit | None]:
    """The headline and the standfirst of a save whose byline stands above its text, where the dek
    between them is no paragraph of it (no full stop, or too short: "Catches off the southern
    banks have halved in a decade"): the one line between the headline and the byline that reads
    as a dek (``standfirst.reads_as_dek``). Where the line taken for the headline is that line,
    right above the byline, the line above it is the headline, if it can be one and shares a word
    with the dek or the text's opening (``_pick_title`` chose the dek for sharing more)."""
    above = [unit for unit in units[:byline_at] if normalise_line(unit.text) == normalise_line(title)]
    if not above:
        return title, None
    headline = above[-1]
    between = [
        unit
        for unit in units[headline.index + 1 : byline_at]
        if unit.chrome is None and not unit.caption and not is_metadata_line(unit.text)
    ]
    if len(between) == 1 and not between[0].repeated and reads_as_dek(between[0].text, title):
        return title, between[0]
    upper = units[headline.index - 1] if headline.index > 0 else None
    if (
        headline.index != byline_at - 1
        or headline.repeated
        or upper is None
        or not _is_title_candidate(upper)
        or upper.index in _numbered_items(units)
        or not reads_as_dek(headline.text, upper.text)
    ):
        return title, None
    opening = _content_words(" ".join(unit.text for unit in units[start : min(end, start + 5)] if unit.prose))
    if not _content_words(upper.text) & (opening | _content_words(headline.text)):
        return title, None
    return upper.text, headline


def _dek_before_byline(opening: Sequence[TextUnit], title: str | None) -> TextUnit | None:
    """The standfirst a save prints between its headline and the byline that opens its text
    (``opening``: the run's units before that byline): its one paragraph of prose there, where it
    reads as a dek (``standfirst.reads_as_dek``), as a page's standfirst is kept beside its text,
    not in it. Two paragraphs or more before the byline are the text's own."""
    prose = [unit for unit in opening if unit.prose]
    if len(prose) != 1 or prose[0] is not opening[0]:
        return None
    return prose[0] if reads_as_dek(prose[0].text, title or "") else None


def _article_blocks(
    units: Sequence[TextUnit], start: int, end: int, header: _Header, *, flattened: bool = False
) -> list[Block]:
    """The article's paragraphs and subheadings; a flattened save's sentences joined into
    paragraphs (``_flat_paragraphs``)."""
    blocks = []
    items = _numbered_items(units)
    # A listicle's first item ("1. …") heads the text where nothing but its headline and byline is
    # above it: the run of prose starts under it. Another number there is a teaser list's.
    if (
        start > 0
        and _is_item_heading(units, start - 1, items)
        and (first := _NUMBERED.match(units[start - 1].text)) is not None
        and first[1] == "1"
    ):
        start -= 1
    for position in range(start, end):
        unit = units[position]
        if unit.index in header.used:
            continue
        if unit.prose or _is_quotation(units, position, start, end):
            kind = "p"
        elif _is_subheading(units, position, start, end) or _is_item_heading(units, position, items):
            kind = "h2"
        else:
            continue
        escaped = html_lib.escape(unit.text, quote=False)
        blocks.append(Block(kind=kind, text=unit.text, html=f"<{kind}>{escaped}</{kind}>"))
    return _flat_paragraphs(blocks) if flattened else blocks


def _is_item_heading(units: Sequence[TextUnit], position: int, items: frozenset[int]) -> bool:
    """Whether the unit at ``position`` heads a numbered list's item (``_numbered_items``: "1. Buy
    low") over the paragraph under it: a subheading, which opens with a figure."""
    unit = units[position]
    return (
        unit.index in items
        and unit.chrome is None
        and not unit.prose
        and unit.words <= _MAX_SUBHEADING_WORDS
        and position + 1 < len(units)
        and units[position + 1].prose
    )


def _is_section_front(units: Sequence[TextUnit], start: int, end: int, header: _Header) -> bool:
    """Whether the run of prose is a section front's list of teasers, not an article: at least
    ``_MIN_TEASERS`` paragraphs, nearly all of them a teaser: one short paragraph alone between a
    headline above it and a line that is no paragraph (its time, "2 hours ago", or the next
    headline), and no byline. A subheading is shorter than a headline and most sections longer
    than a teaser ("Fazit" over 95 words); a signed article of short sections, each under its
    heading, is an article all the same."""
    if header.byline is not None:
        return False
    paragraphs = [position for position in range(start, end) if units[position].prose]
    if len(paragraphs) < _MIN_TEASERS:
        return False
    teasers = sum(
        1
        for position in paragraphs
        if position > 0
        and units[position].words <= _MAX_TEASER_WORDS
        and _is_title_candidate(units[position - 1])
        and units[position - 1].words >= _MIN_TEASER_HEADLINE_WORDS
        and (position + 1 >= len(units) or not units[position + 1].prose)
    )
    return teasers >= _TEASER_SHARE * len(paragraphs)


def _refuse(page: str, source: str, otherwise: str) -> NotAnArticle:
    """Why a save with no article is not one: what the page says it is (a bot challenge, a login
    or paywall wall), else ``otherwise``."""
    if guards.is_bot_challenge(page[:3000]):
        return NotAnArticle(source, guards.BOT_CHALLENGE)
    if guards.is_wall(page):
        return NotAnArticle(source, guards.WALL)
    return NotAnArticle(source, otherwise)


def _without_archive_header(lines: list[str], header: ArchiveHeader | None) -> list[str]:
    """The saved page's lines: a web archive's header above them is the archive's, not the page's
    (its capture time is no date the page states; its name, links and buttons no headline)."""
    if header is None:
        return lines
    return lines[: header.lines.start] + lines[header.lines.stop :]


def _page_address(raw: RawDocument, header: ArchiveHeader | None) -> tuple[str | None, str | None]:
    """The article's address and its site's registrable domain: the page an archive's header says
    it saved (unwrapped and made canonical as an HTML snapshot's), else the address the save was
    read from. An archive.today short link names no site: the host the header names does."""
    saved = next(filter(None, map(saved_page_address, header.addresses)), None) if header else None
    read_from = canonical_url(raw.url) if raw.url and is_http_url(raw.url) else None
    url = saved or read_from
    domain = registrable_domain(url) if url else None
    if domain in url_rules.ARCHIVE_TODAY_DOMAINS:
        domain = None
    if domain is None and header is not None and header.host:
        domain = registrable_domain(header.host)
    return url, domain


def extract_text(raw: RawDocument, source: str) -> Article:
    """The article in a plain-text page save, or ``NotAnArticle`` when no run of prose is found."""
    guards.check_text_lines(raw.body, source)
    guards.check_not_notice_page(raw.body, source)
    # Soft hyphens and word joiners go before lines are read: left in, one splits a word for the
    # line readers ("Fe\u00adbru\u00adar" is no month) or, between spaces, leaves two behind. The
    # save's display HTML, made from the same lines, goes without them too.
    lines = split_units(without_break_hints(raw.body))
    # A page a copy tool flattened onto one line is read sentence by sentence: whole, it was one
    # paragraph, menus and sign-up prompts in it.
    flattened = _is_flattened(lines)
    if flattened:
        lines = [unit for line in lines for unit in _flat_units(line)]
    archive = archive_header(lines)
    units = classify_units(_without_archive_header(lines, archive))
    run = _densest_run(units)
    if run is None:
        raise _refuse(raw.body, source, "has no paragraphs of article text (menus and short lines only)")
    start, end = run
    header = _read_header(units, start, end)
    if _is_section_front(units, start, end, header):
        raise NotAnArticle(source, "is a section front (a list of articles), not an article")
    blocks = _article_blocks(units, start, end, header, flattened=flattened)
    text = render_text(blocks)
    if header.standfirst is not None and word_count(text) < _MIN_ARTICLE_WORDS:
        # A brief whose dek is much of its words: kept apart, it would leave too little text and
        # the save be refused, so it stays the text's opening.
        header = header.with_standfirst_in_text()
        blocks = _article_blocks(units, start, end, header, flattened=flattened)
        text = render_text(blocks)
    if word_count(text) < _MIN_ARTICLE_WORDS and not raw.hints.title:
        raise _refuse(raw.body, source, "has too little article text to be an article")
    guards.check_article_size(text, source)
    url, domain = _page_address(raw, archive)
    outlet_name = raw.hints.outlet or header.outlet or domain or unregistered_host(url) or "unknown outlet"
    title = raw.hints.title or header.title or (blocks[0].text[:120] if blocks else "")
    # The same stand-in pages as an HTML page's (a consent wall, an error page, an ad-blocker
    # notice, a teaser-only paywall), judged the same way: a save of one has no markup to tell it
    # by, and its prose ("We and our partners store and/or access information …") reads as an
    # article's to the line classifier.
    interstitial = guards.interstitial_page(
        title,
        [block.text for block in blocks],
        min_words=_MIN_ARTICLE_WORDS,
        signed=bool(header.published_at or header.byline),
    )
    if interstitial is not None:
        raise NotAnArticle(source, interstitial)
    return Article(
        title=re.sub(r"\s+", " ", title).strip(),
        text=text,
        html=sanitize_html(render_html(blocks), base_url=url),
        outlet=Outlet(name=outlet_name, domain=domain),
        provenance=raw.provenance,
        fetched_at=raw.fetched_at,
        byline=header.byline or clean_byline(raw.hints.byline),
        standfirst=header.standfirst,
        published_at=header.published_at or raw.hints.published_at,
        url=url,
        language=checked_language(normalise_language(raw.hints.language or ""), text),
    )
