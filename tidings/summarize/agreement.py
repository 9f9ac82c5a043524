"""What several outlets report, and what only one does.

Claims are the story's sentences (``story.StoryClaim``). Two claims of different independent
sources **align** when their ``alignment`` (centred sentence vectors plus in-story TF-IDF, see
``summarize.story``) reaches ``AGREE_THRESHOLD`` and at least one of the two articles names every
entity and number of the other's claim. Aligned claims are joined into groups; a group spanning
two or more sources is an **agreed** fact, shown by the member that the other members' articles
support best, and cited to every member's article.

A claim is reported **only** by its outlet when no other source has a claim within
``ONLY_THRESHOLD`` of it among the articles that name its entities and numbers. Claims between
the two thresholds are in neither list: it is unclear whether another outlet says the same
thing, and saying "only X reports this" wrongly is worse than not saying it.

The thresholds were set on the seed pair and checked by reading Multi-News validation clusters
(``bench/summaries.py --agreement`` prints them), 2026-11-23: true pairs on the seeds score 0.20
to 0.57, unrelated ones 0.08 to 0.19. The margin of ``ONLY_THRESHOLD`` is narrow there: the NTD
claim "Putin supported training the crews of Belarusian warplanes" is 0.149 from its Tribune
counterpart, and "Russia isn't interested in any kind of merger" 0.12 from anything in the
Tribune piece. Re-run both after changing them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from tidings.model import Citation, CitedSentence, OutletClaims
from tidings.summarize.story import StoryClaim, StoryText

__all__ = ["AGREE_THRESHOLD", "ONLY_THRESHOLD", "Agreement", "ClaimGroup", "find_agreement"]

AGREE_THRESHOLD = 0.20
ONLY_THRESHOLD = 0.13


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """Claims (indexes into ``StoryText.claims``) that report one fact; ``shown`` is displayed."""

    shown: int
    members: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Agreement:
    agreed: tuple[ClaimGroup, ...]
    only: tuple[int, ...]
    reported_by: dict[int, frozenset[int]]
    """For every claim, the sources (group numbers) that report it, its own included."""


def _supported_either_way(story: StoryText, first: StoryClaim, second: StoryClaim) -> bool:
    return story.supports(second.article, first) or story.supports(first.article, second)


def _aligned_pairs(story: StoryText) -> list[tuple[float, int, int]]:
    claims = story.claims
    sources = [story.sources[claim.article] for claim in claims]
    pairs: list[tuple[float, int, int]] = []
    rows, columns = np.nonzero(story.alignment >= AGREE_THRESHOLD)
    for first, second in zip(rows.tolist(), columns.tolist(), strict=True):
        if first >= second or sources[first] == sources[second]:
            continue
        if _supported_either_way(story, claims[first], claims[second]):
            pairs.append((float(story.alignment[first, second]), first, second))
    pairs.sort(reverse=True)
    return pairs


def _groups(story: StoryText, pairs: list[tuple[float, int, int]]) -> list[list[int]]:
    parent = list(range(len(story.claims)))

    def find(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    members: dict[int, list[int]] = {node: [node] for node in range(len(story.claims))}
    for _, first, second in pairs:
        first_root, second_root = find(first), find(second)
        if first_root == second_root:
            continue
        joined = members[first_root] + members[second_root]
        # No chaining: a claim joins a group only if it is close to the group as a whole, so that
        # a sentence reporting two facts does not glue two unrelated groups together.
        if len(joined) > 2 and _mean_alignment(story, members[first_root], members[second_root]) < (
            ONLY_THRESHOLD
        ):
            continue
        parent[first_root] = second_root
        members[second_root] = joined
        del members[first_root]
    return [sorted(group) for group in members.values() if len(group) > 1]


def _mean_alignment(story: StoryText, first: list[int], second: list[int]) -> float:
    return float(story.alignment[np.ix_(first, second)].mean())


def _shown_member(story: StoryText, group: list[int]) -> int:
    """The member best supported by the others' articles, then most like them, then earliest."""
    claims = story.claims

    def merit(member: int) -> tuple[int, float, int]:
        others = [
            other
            for other in group
            if story.sources[claims[other].article] != story.sources[claims[member].article]
        ]
        supported = sum(story.supports(claims[other].article, claims[member]) for other in others)
        likeness = float(np.mean([story.alignment[member, other] for other in others])) if others else 0.0
        return supported, likeness, -claims[member].sentence.index

    return max(group, key=merit)


def find_agreement(story: StoryText) -> Agreement:
    """Agreed groups (most sources first, then earliest in their articles) and one-source claims."""
    claims = story.claims
    groups = [
        ClaimGroup(_shown_member(story, group), tuple(group))
        for group in _groups(story, _aligned_pairs(story))
        if len({story.sources[claims[member].article] for member in group}) > 1
    ]
    reported_by: dict[int, frozenset[int]] = {}
    for group in groups:
        sources = frozenset(story.sources[claims[member].article] for member in group.members)
        for member in group.members:
            reported_by[member] = sources
    grouped = set(reported_by)
    only: list[int] = []
    # A source's copies repeat its sentences: each is listed once.
    listed: set[tuple[int, str]] = set()
    for index, claim in enumerate(claims):
        own = story.sources[claim.article]
        if index in grouped:
            continue
        reported_by[index] = frozenset({own})
        wording = (own, " ".join(claim.sentence.text.casefold().split()))
        if wording in listed or _near_elsewhere(story, index):
            continue
        listed.add(wording)
        only.append(index)

    def order(group: ClaimGroup) -> tuple[int, float]:
        shown = claims[group.shown]
        return -len(reported_by[group.shown]), shown.sentence.index / max(1, _length(story, shown.article))

    groups.sort(key=order)
    return Agreement(tuple(groups), tuple(only), reported_by)


def _length(story: StoryText, article: int) -> int:
    return sum(1 for claim in story.claims if claim.article == article)


def _near_elsewhere(story: StoryText, index: int) -> bool:
    """Whether another source has a claim close to this one in an article that could say it."""
    claims = story.claims
    own = story.sources[claims[index].article]
    close = np.nonzero(story.alignment[index] >= ONLY_THRESHOLD)[0].tolist()
    return any(
        story.sources[claims[other].article] != own and story.supports(claims[other].article, claims[index])
        for other in close
    )


def group_citations(story: StoryText, members: tuple[int, ...]) -> tuple[Citation, ...]:
    """Citations of a group's articles, the shown member's article first, each followed by the
    copies that carry the same sentence word for word."""
    articles: dict[int, None] = {}
    for member in members:
        claim = story.claims[member]
        articles[claim.article] = None
        for copy in story.copies_with(claim):
            articles[copy] = None
    return tuple(story.citation(article) for article in articles)


def to_cited(
    story: StoryText, agreement: Agreement
) -> tuple[tuple[CitedSentence, ...], tuple[OutletClaims, ...]]:
    """The agreement as model types: agreed sentences, and each outlet's one-source claims."""
    agreed = []
    for group in agreement.agreed:
        ordered = (group.shown, *(member for member in group.members if member != group.shown))
        agreed.append(CitedSentence(story.claims[group.shown].sentence.text, group_citations(story, ordered)))
    by_outlet: dict[str, list[CitedSentence]] = defaultdict(list)
    for index in agreement.only:
        claim = story.claims[index]
        citations = group_citations(story, (index,))
        by_outlet[citations[0].outlet].append(CitedSentence(claim.sentence.text, citations))
    only = tuple(OutletClaims(outlet, tuple(claims)) for outlet, claims in by_outlet.items())
    return tuple(agreed), only
