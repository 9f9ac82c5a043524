"""The summarize stage: a story's articles → a cited summary, agreement, one-outlet claims, entities.

``summarize(articles, analyser=..., encoder=...)`` is a pure function of the articles and the two
models passed in (no clock, no store, no globals). It is **extractive**: every summary sentence
is a sentence of one of the articles, word for word, so it is supported by its first cited source
by construction. Other articles are cited beside it only when they report the same fact (they
align with it closely and restate its words, see ``agreement.cites_same_fact``) *and* name every
entity and number it states.

How sentences are chosen (the weights in ``SummaryWeights`` were tuned on the Multi-News
validation sample; bench/summaries.py reports them on the test sample):

* **salience**: closeness to the story's centre (each independent source weighs the same, so a
  long article does not drown a short one), closeness to the headlines, an early position in its
  article, and how many independent sources report the same fact (what several newsrooms
  report is what matters most in multi-source coverage);
* **redundancy removal**: a sentence that aligns with one already chosen is the same fact from
  another outlet; it is not repeated but its article is cited on the chosen sentence;
* **readability**: sentences that open with a word pointing back ("He", "However") are demoted,
  and the chosen sentences are shown in the order their articles tell them.

A story with one independent source (one article, or one article and its copies) gets a summary
of that source's most salient sentences and no agreement lists: there is nothing to compare.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tidings.model import CitedSentence, Entity, StoredArticle, StorySummary
from tidings.summarize.agreement import (
    AGREE_THRESHOLD,
    Agreement,
    best_in_each_article,
    cites_same_fact,
    find_agreement,
    group_citations,
    to_cited,
)
from tidings.summarize.encoder import LazyModels, OnnxMiniLMEncoder, SentenceEncoder, load_encoder
from tidings.summarize.entities import entities_of
from tidings.summarize.rules import DANGLING_OPENERS
from tidings.summarize.story import StoryText, article_language, prepare_story
from tidings.summarize.text import TextAnalyser, load_analyser

__all__ = [
    "DEFAULT_WEIGHTS",
    "MAX_SENTENCES",
    "MIN_SENTENCES",
    "LazyModels",
    "OnnxMiniLMEncoder",
    "SentenceEncoder",
    "SummaryWeights",
    "TextAnalyser",
    "load_analyser",
    "load_encoder",
    "read_entities",
    "summarize",
    "summarize_story",
    "summary_fingerprint",
]

MIN_SENTENCES = 3
MAX_SENTENCES = 6

# Part of every kept summary's fingerprint: change it when the method changes, and every story is
# summarised again on its next read.
# b: one-outlet claims grouped by outlet key; c: sentences in other scripts than Latin split;
# d: the English sentence model for English stories only; e: agreement needs words in common,
# a copy is its original's source (never its own outlet's) and is not cited as agreeing; f: a
# surname said alone is its person whatever kind the model gave it, possessives leave names;
# g: a number joined to a word by a hyphen ("29-year-old") is a number a citation must give,
# and an acronym keeping its long form's "of" ("DOB") joins it; h: English numbers spelled out
# ("three", "twenty-five") are numbers a citation must give.
SUMMARY_METHOD = "extractive-2026-12-07h"


@dataclass(frozen=True, slots=True)
class SummaryWeights:
    """How much each signal counts in a sentence's salience (see the module docstring).

    Tuned by grid search on the Multi-News validation sample (168 clusters; centrality 0.5/1/1.5,
    position 0/0.2/0.4/0.8, support 0/0.25/0.5/1, dangling 0/0.3; best ROUGE-2 then ROUGE-1 F1),
    2026-11-23; re-run ``bench/summaries.py --tune`` after changing the method. ``title`` is not
    tuned (Multi-News has no headlines). ``dangling`` 0.3 scored 12.76 against 12.87 ROUGE-2 for
    0.0, within the noise of 168 clusters; it is kept because a summary that opens with "He
    said" reads badly, which ROUGE does not see.
    """

    centrality: float = 1.5
    title: float = 0.5
    position: float = 0.4
    support: float = 0.5
    dangling: float = 0.3
    # Two sentences whose plain vector cosine reaches this say the same thing even when their
    # entities differ (a sentence and its copy-edited twin).
    redundancy_cosine: float = 0.75


DEFAULT_WEIGHTS = SummaryWeights()

# Sentences of fewer words are rarely informative; longer ones are run-ons or lists.
SHORT_SENTENCE_WORDS = 8
LONG_SENTENCE_WORDS = 55


def sentence_count(source_count: int, claim_count: int) -> int:
    """3 sentences for one source, one more for each further source, 6 at most."""
    wanted = min(MAX_SENTENCES, max(MIN_SENTENCES, source_count + 2))
    return min(wanted, claim_count)


def _centre(story: StoryText) -> np.ndarray:
    """The mean of each source's mean sentence vector: every source weighs the same."""
    by_source: dict[int, list[int]] = {}
    for index, claim in enumerate(story.claims):
        by_source.setdefault(story.sources[claim.article], []).append(index)
    means = [story.vectors[indexes].mean(axis=0) for indexes in by_source.values()]
    centre = np.mean(means, axis=0)
    return np.asarray(centre / max(float(np.linalg.norm(centre)), 1e-6))


def salience(story: StoryText, agreement: Agreement, weights: SummaryWeights) -> np.ndarray:
    """One score per claim of ``story`` (higher is more worth a summary)."""
    count = len(story.claims)
    scores = np.zeros(count, dtype=np.float64)
    if count == 0:
        return scores
    if story.vectors.shape[1]:
        scores += weights.centrality * (story.vectors @ _centre(story))
        titles = story.title_vectors
        if len(titles):
            scores += weights.title * (story.vectors @ titles.T).max(axis=1)
    else:
        scores += weights.centrality * story.alignment.mean(axis=1)
    others = max(1, story.source_count - 1)
    for index, claim in enumerate(story.claims):
        sentence = claim.sentence
        scores[index] += weights.position / np.sqrt(1 + sentence.index)
        scores[index] += weights.support * (len(agreement.reported_by.get(index, ())) - 1) / others
        first_word = sentence.text.lstrip("\"'“‘(").split(" ", 1)[0].casefold().strip(",")
        if first_word in DANGLING_OPENERS:
            scores[index] -= weights.dangling
        if sentence.words < SHORT_SENTENCE_WORDS or sentence.words > LONG_SENTENCE_WORDS:
            scores[index] -= weights.dangling
    return scores


def _is_redundant(story: StoryText, candidate: int, chosen: list[int], weights: SummaryWeights) -> bool:
    for earlier in chosen:
        if story.alignment[candidate, earlier] >= AGREE_THRESHOLD:
            return True
        if story.vectors.shape[1] and float(story.vectors[candidate] @ story.vectors[earlier]) >= (
            weights.redundancy_cosine
        ):
            return True
    return False


def choose_sentences(
    story: StoryText, agreement: Agreement, weights: SummaryWeights, count: int
) -> list[int]:
    """The claims of the summary, in reading order."""
    scores = salience(story, agreement, weights)
    chosen: list[int] = []
    for candidate in np.argsort(-scores, kind="stable").tolist():
        if len(chosen) >= count:
            break
        if not _is_redundant(story, candidate, chosen, weights):
            chosen.append(candidate)

    def reading_order(index: int) -> tuple[float, float]:
        claim = story.claims[index]
        length = sum(1 for other in story.claims if other.article == claim.article)
        return claim.sentence.index / max(1, length), -scores[index]

    return sorted(chosen, key=reading_order)


def _supporters(story: StoryText, index: int, best: np.ndarray) -> tuple[int, ...]:
    """Claims of other sources that report the same fact: each other's best match, held to the
    citation bar (``agreement.cites_same_fact``, stricter than agreement's), in articles that name
    all this claim's entities and numbers."""
    claim = story.claims[index]
    own = story.sources[claim.article]
    found: dict[int, tuple[float, int]] = {}
    for article, source in enumerate(story.sources):
        other = int(best[index, article])
        if source == own or other < 0 or best[other, claim.article] != index:
            continue
        score = float(story.alignment[index, other])
        if not cites_same_fact(story, index, other) or not story.supports(article, claim):
            continue
        if source not in found or score > found[source][0]:
            found[source] = (score, other)
    return tuple(other for _, other in sorted(found.values(), reverse=True))


def summarize_story(
    story: StoryText, *, weights: SummaryWeights = DEFAULT_WEIGHTS, max_sentences: int | None = None
) -> StorySummary:
    """The summary of a prepared story (``prepare_story``); see ``summarize``."""
    agreement = find_agreement(story)
    count = sentence_count(story.source_count, len(story.claims))
    if max_sentences is not None:
        count = min(count, max_sentences)
    chosen = choose_sentences(story, agreement, weights, count)
    best = best_in_each_article(story)
    sentences = tuple(
        CitedSentence(
            story.claims[index].sentence.text,
            group_citations(story, (index, *_supporters(story, index, best))),
        )
        for index in chosen
    )
    if story.source_count > 1:
        agreed, only = to_cited(story, agreement)
    else:
        agreed, only = (), ()
    return StorySummary(
        sentences=sentences,
        agreed=agreed,
        only=only,
        entities=story.entities,
        language=story.language,
        skipped=tuple(story.skipped),
    )


def summarize(
    articles: Sequence[StoredArticle],
    *,
    analyser: TextAnalyser,
    encoder: SentenceEncoder | None,
    weights: SummaryWeights = DEFAULT_WEIGHTS,
    max_sentences: int | None = None,
) -> StorySummary:
    """Summarise one story's articles: cited sentences, agreement, one-outlet claims, entities.

    ``encoder`` None uses word overlap only (faster, weaker: see docs/benchmarks.md).
    Articles with no text or in another language than the story's are listed in ``skipped``.
    """
    story = prepare_story(articles, analyser=analyser, encoder=encoder)
    return summarize_story(story, weights=weights, max_sentences=max_sentences)


def summary_fingerprint(articles: Sequence[StoredArticle]) -> str:
    """What a kept summary was made from: the method, and each member with its copy link and its
    words (a teaser completed by its page later changes what the summary reads)."""
    members = sorted(
        (stored.article_id, stored.copy_of or 0, stored.article.content_hash) for stored in articles
    )
    text = SUMMARY_METHOD + ";" + ";".join(f"{key}:{copy_of}:{words}" for key, copy_of, words in members)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_entities(articles: Sequence[StoredArticle], *, analyser: TextAnalyser) -> list[tuple[Entity, ...]]:
    """Each article's entities (title and text), one tuple per article, in order."""
    texts = [f"{stored.article.title}\n\n{stored.article.text}".strip() for stored in articles]
    english = [article_language(stored) == "en" for stored in articles]
    analysed = analyser.analyse(texts, english=english)
    return [
        entities_of(
            stored.article_id, [mention for sentence in text.sentences for mention in sentence.mentions]
        )
        for stored, text in zip(articles, analysed, strict=True)
    ]
