"""The rank stage: top stories and related stories, pure functions of (stories, signals, now).

``top_stories`` takes each story's coverage totals (``StoryCoverage``, which the store keeps
up to date at placement; ``coverage_of`` makes them from arrivals) and multiplies four factors
(see ``rank.signals`` for what each measures), so that every rank can be explained factor by
factor (``tidings top --explain``):

    score = log2(1 + breadth) × (1 + log2(1 + velocity)) × freshness × (0.5 + 0.5 × originality)

Breadth counts with diminishing returns (the 20th outlet adds less than the 2nd), velocity adds
to it, freshness decays it, and a story told only by syndicated copies counts half.

``related_stories`` ranks other stories by what they share with one: the cosine of their
words' TF-IDF vectors (headlines and article titles), and the cosine of their entity sets, each
entity weighted by its rarity among the candidates (a shared "United States" counts less than a
shared "Alexander Lukashenko") and each story's weight padded by ``ENTITY_PRIOR`` (one shared
name is weak evidence when it is all two stories name). Both count half; a story scoring under
``MIN_RELATED_SCORE`` is not related, so a story may have none.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from tidings.model import RankedStory, RankFactor, RelatedStory, StoryCoverage, StoryProfile
from tidings.rank.signals import RankSettings, breadth, coverage_of, freshness, originality, velocity

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "ENTITY_PRIOR",
    "MIN_RELATED_SCORE",
    "RankSettings",
    "coverage_of",
    "rank_story",
    "ranking_moment",
    "related_stories",
    "top_stories",
]

# Half of a related story's score is content, half shared entities.
CONTENT_WEIGHT = 0.5

# What the entity cosine adds to each story's entity weight (rarity weights are 1 and up, so
# this is about four common names). Without it a story naming one entity, "Trump", shares all
# of it with every story naming Trump and scored 0.5 with no word in common. Chosen on Utomo &
# Leu's search results (few names per story): average precision of related pairs 0.770 with the
# share of the target's weight (no padding), 0.817 with the plain cosine, 0.830 / 0.837 / 0.844 /
# 0.847 padded by 1 / 2 / 4 / 6; WikiRef220 (full texts, many names) 0.932 before, 0.948 with
# any padding. bench/related.py, 2026-12-06; docs/benchmarks.md#related-stories.
ENTITY_PRIOR = 4.0

# Below this a candidate is not related, whatever it shares: an empty list beats a list of
# stories that only name "U.S." too. Every story that shares an entity is a candidate; scored with
# no floor (bench/related.py, 2026-12-06), 90% of the unrelated pairs score under 0.029 in
# WikiRef220 (topics of full articles), 0.091 in Utomo & Leu (search results of other queries)
# and 0.039 in the UCI subset (stories of other categories). At 0.10 what is listed is related
# 98.5% of the time in WikiRef220 (42% of related pairs kept) and 88.5% in Utomo & Leu (39%
# kept), and 4 of the UCI subset's 474 cross-category pairs pass; at 0.05: 95.7% and 75.3%, 25.
# Precision over recall: a reader follows "related" expecting it to be.
MIN_RELATED_SCORE = 0.10


def ranking_moment(now: datetime, newest_activity: datetime | None, window: timedelta) -> datetime:
    """The moment top stories are ranked as of: now, or the newest story's last article when that
    is older than ``window`` (the ranking window). A store whose newest coverage is that old (an
    archive, the bundled sample, old saved pages) still has top stories, as of its end; a live
    store is ranked as of now, so that "latest article 5 hours ago" is 5 hours before now."""
    if newest_activity is None or newest_activity >= now - window:
        return now
    return newest_activity


def rank_story(coverage: StoryCoverage, now: datetime, settings: RankSettings) -> RankedStory:
    """One story's score and the factors that make it."""
    outlets = breadth(coverage)
    rate = velocity(coverage, now, settings.velocity_window_hours)
    hours, decay = freshness(coverage, now, settings.half_life_hours)
    share = originality(coverage)
    copies = coverage.copies
    factors = (
        RankFactor(
            "breadth",
            outlets,
            math.log2(1 + outlets),
            f"{outlets} outlet{'s' if outlets != 1 else ''} with reporting of their own"
            + (f" ({copies} cop{'ies' if copies != 1 else 'y'} not counted)" if copies else ""),
        ),
        RankFactor(
            "velocity",
            rate,
            1 + math.log2(1 + rate),
            f"{rate:.2g} new outlets per hour over the last {settings.velocity_window_hours:g} hours",
        ),
        RankFactor(
            "freshness",
            hours,
            decay,
            f"latest original article {hours:.1f} hours ago (half-life {settings.half_life_hours:g} hours)",
        ),
        RankFactor(
            "originality",
            share,
            0.5 + 0.5 * share,
            f"{100 * share:.0f}% of its articles are original, not copies",
        ),
    )
    score = math.prod(factor.multiplier for factor in factors)
    return RankedStory(story=coverage.story, score=score, factors=factors)


def top_stories(
    coverages: Sequence[StoryCoverage],
    now: datetime,
    settings: RankSettings | None = None,
    *,
    limit: int = 20,
) -> list[RankedStory]:
    """The ``limit`` best-ranked stories, best first (ties: the more recent story first)."""
    chosen = settings or RankSettings()
    ranked = [
        rank_story(coverage, now, chosen)
        for coverage in coverages
        if coverage.story.merged_into is None and coverage.articles
    ]
    ranked.sort(key=lambda item: (-item.score, -item.story.last_seen.timestamp(), -item.story.story_id))
    return ranked[:limit]


def _entity_rarity(profiles: Sequence[StoryProfile]) -> dict[str, float]:
    counts: dict[str, int] = {}
    for profile in profiles:
        for key in {key for key, _ in profile.entities}:
            counts[key] = counts.get(key, 0) + 1
    total = len(profiles)
    return {key: math.log((1 + total) / (1 + count)) + 1 for key, count in counts.items()}


def _content_similarity(target: StoryProfile, candidates: Sequence[StoryProfile]) -> np.ndarray:
    # Imported here, not at the top: scikit-learn loads SciPy (most of a second), which top
    # stories and every command that imports the facade (`tidings --help`) never need.
    import numpy as np  # noqa: PLC0415
    from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415

    texts = [target.text, *(candidate.text for candidate in candidates)]
    try:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    except ValueError:  # no word at all survived (empty headlines, only stop words)
        return np.zeros(len(candidates))
    return np.asarray((matrix[1:] @ matrix[0].T).toarray()).ravel()


def related_stories(
    target: StoryProfile,
    candidates: Sequence[StoryProfile],
    *,
    limit: int = 10,
    min_score: float = MIN_RELATED_SCORE,
) -> list[RelatedStory]:
    """Other stories nearest ``target`` by content and shared entities, nearest first; those
    scoring under ``min_score`` are not related, so the list may be empty."""
    others = [
        candidate
        for candidate in candidates
        if candidate.story.story_id != target.story.story_id and candidate.story.merged_into is None
    ]
    if not others:
        return []
    content = _content_similarity(target, others)
    rarity = _entity_rarity([target, *others])
    target_names = dict(target.entities)
    target_weight = sum(rarity[key] for key in target_names) + ENTITY_PRIOR
    related = []
    for candidate, similarity in zip(others, content.tolist(), strict=True):
        names = dict(candidate.entities)
        shared = [key for key in names if key in target_names]
        shared.sort(key=lambda key: -rarity[key])
        weight = sum(rarity[key] for key in names) + ENTITY_PRIOR
        entities = sum(rarity[key] for key in shared) / math.sqrt(target_weight * weight)
        score = CONTENT_WEIGHT * similarity + (1 - CONTENT_WEIGHT) * entities
        if score <= 0 or score < min_score:
            continue
        related.append(
            RelatedStory(
                story=candidate.story,
                score=score,
                content_similarity=similarity,
                shared_entities=tuple(target_names[key] for key in shared),
            )
        )
    related.sort(key=lambda item: (-item.score, -item.story.story_id))
    return related[:limit]
