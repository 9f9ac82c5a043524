"""A long story summarised as before, each distinct sentence encoded once.

The encoder is most of a story's cost (docs/benchmarks.md, "Summaries and entities"), so a
sentence that a story repeats (a copy of a wire story, a roundup quoting whole articles) is
encoded once; the summary must be exactly what it was when every sentence was encoded."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest

from tidings.model import StoredArticle, StorySummary
from tidings.summarize import LazyModels, SentenceEncoder, summarize
from tidings.summarize.story import Matrix

from .conftest import FIXTURES


class CountingEncoder:
    """The real encoder, remembering every sentence it was asked for."""

    def __init__(self, encoder: SentenceEncoder) -> None:
        self.name = encoder.name
        self.encoder = encoder
        self.seen: list[str] = []

    def encode(self, sentences: Sequence[str]) -> Matrix:
        self.seen.extend(sentences)
        return self.encoder.encode(sentences)


@pytest.fixture(scope="module")
def long_story(seed_articles: list[StoredArticle]) -> list[StoredArticle]:
    """The two seed articles, a copy of the first under another outlet, and a long roundup page
    of a third outlet that quotes both in full beside two unrelated articles."""
    tribune, ntd = seed_articles
    copy = replace(
        tribune,
        article_id=3,
        copy_of=1,
        article=replace(
            tribune.article, outlet=replace(tribune.article.outlet, name="inkl", domain="inkl.com")
        ),
    )
    others = [
        (FIXTURES / name).read_text(encoding="utf-8")
        for name in ("belarus-election-2020.txt", "arsenal-chelsea-2023.txt")
    ]
    roundup_text = "\n\n".join([ntd.article.text, tribune.article.text, *others])
    roundup = replace(
        ntd,
        article_id=4,
        article=replace(
            ntd.article,
            title="Weekly roundup",
            text=roundup_text,
            outlet=replace(ntd.article.outlet, name="Roundup Weekly", domain="roundup.example"),
        ),
    )
    return [tribune, ntd, copy, roundup]


@pytest.fixture(scope="module")
def counted(long_story: list[StoredArticle], models: LazyModels) -> tuple[StorySummary, CountingEncoder]:
    assert models.encoder is not None
    encoder = CountingEncoder(models.encoder)
    return summarize(long_story, analyser=models.analyser, encoder=encoder), encoder


def test_each_distinct_sentence_is_encoded_once(counted: tuple[StorySummary, CountingEncoder]) -> None:
    _, encoder = counted
    # The copy and the roundup repeat both seed articles: 104 sentences to encode, 50 distinct.
    assert len(encoder.seen) == len(set(encoder.seen))


def test_the_long_story_summary_is_pinned(counted: tuple[StorySummary, CountingEncoder]) -> None:
    summary, _ = counted
    assert [
        (sentence.text[:60], [source.article_id for source in sentence.sources])
        for sentence in summary.sentences
    ] == PINNED_SENTENCES
    assert len(summary.agreed) == PINNED_AGREED
    assert [(outlet.outlet, len(outlet.claims)) for outlet in summary.only] == PINNED_ONLY
    assert [entity.key for entity in summary.entities[:8]] == PINNED_ENTITIES


# Taken 2026-12-06 with every sentence encoded (before ``encode_once``), and unchanged after it.
PINNED_SENTENCES = [
    ("President Vladimir Putin said Russia will continue military ", [1, 3, 4]),
    ("Putin said Russia would hold “regular joint exercises” with ", [1, 3, 4, 2]),
    ("Lukashenko said Belarusian crews have been training with Rus", [2, 4]),
    ("Lukashenko said after the discussions with Putin that Russia", [1, 3, 4, 2]),
    ("Lukashenko allowed Russian forces to use Belarusian territor", [2, 4]),
]
PINNED_AGREED = 30
PINNED_ONLY = [("Roundup Weekly", 11)]
PINNED_ENTITIES = [
    "vladimir putin",
    "russia",
    "belarus",
    "alexander lukashenko",
    "ukraine",
    "moscow",
    "minsk",
    "european union",
]


def test_a_story_in_another_language_is_aligned_by_words_without_the_english_model(
    seed_articles: list[StoredArticle], models: LazyModels
) -> None:
    # all-MiniLM-L6-v2 reads English: another language's sentences would cost its full time and
    # come out as noise.
    assert models.encoder is not None
    encoder = CountingEncoder(models.encoder)
    german = [
        replace(
            stored,
            article=replace(
                stored.article,
                language="de",
                text="Der russische Präsident Wladimir Putin hat am Montag Belarus besucht. Die "
                "gemeinsamen Manöver der beiden Armeen sollen weitergehen, sagte er in Minsk.",
            ),
        )
        for stored in seed_articles
    ]
    with_model = summarize(german, analyser=models.analyser, encoder=encoder)
    assert encoder.seen == []
    assert with_model == summarize(german, analyser=models.analyser, encoder=None)
    assert with_model.language == "de"
    assert with_model.sentences
