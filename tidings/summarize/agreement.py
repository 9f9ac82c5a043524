"""What several outlets report, and what only one does.

Claims are the story's sentences (``story.StoryClaim``). Two claims of different independent
sources **align** when their ``alignment`` (centred sentence vectors plus in-story TF-IDF, with
one sentence matched against one or two of the other article's, see ``summarize.story``)
reaches ``AGREE_THRESHOLD``, each is the other's best match in its article, at least one of
the two articles names every entity and number of the other's claim, and the two share at least
``AGREE_MIN_SHARED_TERMS`` content words or numbers, names and generic words not counted
(``shares_content``). Aligned claims are joined into groups; a group spanning two or more
sources is an **agreed** fact, shown by the member that the other members' articles support
best, and cited to its members' articles, copies left out (``agreed_citations``): a copy is its
original's writing, so a wire story and its republications are one source that agrees with no
one.

**Why words in common** (2026-12-06). Sentence vectors alone find two short generic sentences
alike: on the seed pages piped in with their chrome, inkl's "Get all your news in one place."
aligned with NTD's "Stay informed with accurate news you can trust." (0.40), and neither names
anything for the support test to check. On the Multi-News validation sample, the aligned pairs
that share fewer than two content words other than names were read: see the comment on
``AGREE_MIN_SHARED_TERMS``.

A claim is reported **only** by its outlet when no other source has a claim within
``ONLY_THRESHOLD`` of it among the articles that name its entities and numbers. Claims between
the two thresholds are in neither list: it is unclear whether another outlet says the same
thing, and saying "only X reports this" wrongly is worse than not saying it.

**How the thresholds were set** (2026-11-23; re-run the labelling with ``bench/summaries.py
--pairs`` after changing the method). 106 claim pairs from Multi-News validation clusters 20 to
99 (each claim's best match in another document), drawn across the score range, were judged by
reading ("does the other document report this fact?"). None of the 18 pairs below 0.20 did, so
a claim whose best match elsewhere is below ``ONLY_THRESHOLD`` = 0.20 is taken as one outlet's
own. Above 0.30, with mutual best matches, about two pairs in three did (0.65 and 0.78 on the
two labelled halves, weighted by how many pairs fall in each score band); requiring 0.40 would
have raised that to about 0.8 but halved what is found. On the seeds the shared facts score
0.32 to 0.57, the one-outlet ones 0.13 to 0.14, and the NTD claim about training crews 0.21
(neither list). Agreement is therefore a good guide, not proof: a packaged paraphrase or NLI
model would do better, and none is available offline.

**Citations are held to a stricter bar** than agreement (``cites_same_fact``): a summary
sentence shown with a wrong source misleads a reader more than one shown with too few, while
an agreed list only needs "probably the same fact". See ``CITE_THRESHOLD``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from tidings.model import Citation, CitedSentence, OutletClaims
from tidings.summarize.rules import GENERIC_TERMS
from tidings.summarize.story import StoryClaim, StoryText
from tidings.summarize.text import Sentence

__all__ = [
    "AGREE_MIN_SHARED_TERMS",
    "AGREE_THRESHOLD",
    "CITE_MIN_SHARED_TERMS",
    "CITE_MIN_TERM_SHARE",
    "CITE_THRESHOLD",
    "ONLY_THRESHOLD",
    "Agreement",
    "ClaimGroup",
    "agreed_citations",
    "best_in_each_article",
    "cites_same_fact",
    "find_agreement",
    "shares_content",
]

AGREE_THRESHOLD = 0.30
ONLY_THRESHOLD = 0.20

# A secondary citation of a summary sentence (another source's claim that reports the same fact)
# must align at least CITE_THRESHOLD, and that claim with its neighbours in its article (the
# alignment credits two-sentence units) must contain CITE_MIN_TERM_SHARE of the sentence's
# content lemmas other than the words of the names it mentions, and at least
# CITE_MIN_SHARED_TERMS of them (all of them for a shorter sentence).
# Chosen 2026-12-03 on the Multi-News validation sample (168 clusters; bench/summaries.py
# --split validation): the candidate citations of the current rule (mutual best, >= 0.30, the
# article naming every entity and number) were drawn at random, 9 per band of alignment
# (0.30-0.35, 0.35-0.40, 0.40-0.50, 0.50-0.60, >= 0.60), and judged by reading ("does the cited
# sentence, with its neighbours, report the same fact?"): 3, 2, 7, 7 and 9 of 9 did. Below 0.40
# word overlap does not tell the true pairs from topical neighbours; above it, the misses share
# few of the sentence's words ("she had sores all over her body" for "for years she dealt with
# sores that would not heal"). Swept: bar 0.35/0.40/0.45, share 0/0.25/0.30/0.35/0.40, at
# least 0/2/3 shared lemmas, with and without name words. The chosen rule kept 21 judged pairs,
# all right (in-sample, so optimistic), and 234 of the 487 candidate citations; 0.45 would keep
# 196 for no judged gain, and counting name words kept one wrong pair more. 3 shared lemmas
# rather than 2 cost 6 citations and no judged one, and it turns away a short neighbour that
# shares only a title and a weekday ("Governor X declared an emergency on Wednesday" against
# "Governor X visited the command post on Wednesday"). Measured on the test sample in
# docs/benchmarks.md ("Faithfulness and citations").
CITE_THRESHOLD = 0.40
CITE_MIN_TERM_SHARE = 0.35
CITE_MIN_SHARED_TERMS = 3

# Two aligned claims must share at least AGREE_MIN_SHARED_TERMS content lemmas or numbers, the
# words of names and GENERIC_TERMS ("say", "news") not counted (``shares_content``). Chosen
# 2026-12-06 on the Multi-News validation sample (bench/summaries.py --split validation): 239 of
# its 1,778 aligned pairs (the rule before) share fewer; 40 of them drawn at random and read
# ("does the other document report this fact?"), 15 did (38%: short quotes both repeat, "That
# doesn't just happen!", and paraphrases that share only names), against 28 of 40 (70%) of the
# pairs kept: aligned pairs right about 66% -> 70% of the time, for about 8% of the right ones.
# Numbers count (12 pairs more kept, 8 right: "Bosh had 24, and Wade added 20"); generic words
# do not (41 pairs share two words only with them: 12 right, and "Get breaking news ... in your
# inbox" for a newsletter's sign-up). Measured on the test sample in docs/benchmarks.md
# ("Agreement and one-outlet claims").
AGREE_MIN_SHARED_TERMS = 2


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


def best_in_each_article(story: StoryText) -> np.ndarray:
    """``best[i, a]``: the claim of article ``a`` most aligned with claim ``i`` (-1: none)."""
    articles = np.array([claim.article for claim in story.claims], dtype=np.int64)
    best = np.full((len(story.claims), len(story.articles)), -1, dtype=np.int64)
    for article in range(len(story.articles)):
        members = np.nonzero(articles == article)[0]
        if len(members):
            best[:, article] = members[np.argmax(story.alignment[:, members], axis=1)]
    return best


def _neighbourhood(story: StoryText, index: int) -> list[Sentence]:
    """A claim and the claims next to it in its article."""
    claims = story.claims
    article = claims[index].article
    return [
        claims[near].sentence
        for near in (index - 1, index, index + 1)
        if 0 <= near < len(claims) and claims[near].article == article
    ]


def _terms_around(story: StoryText, index: int) -> set[str]:
    """The content lemmas of a claim and of the claims next to it in its article."""
    return {term for sentence in _neighbourhood(story, index) for term in sentence.terms}


def _numbers_around(story: StoryText, index: int) -> set[str]:
    return {number for sentence in _neighbourhood(story, index) for number in sentence.numbers}


def _name_words(sentence: Sentence) -> set[str]:
    """The words of the names a sentence mentions: ``StoryText.supports`` checks names, and a
    topical neighbour shares them, so only the other words can show that the fact is the same."""
    return {word.casefold() for mention in sentence.mentions for word in mention.text.split()}


def cites_same_fact(story: StoryText, claim: int, other: int) -> bool:
    """Whether ``other`` (a claim of another article) may be cited for ``claim``: it aligns at
    least ``CITE_THRESHOLD`` and, with its neighbours, restates enough of ``claim``'s words (a
    topical neighbour, same people and place but another fact, shares few of them)."""
    if float(story.alignment[claim, other]) < CITE_THRESHOLD:
        return False
    sentence = story.claims[claim].sentence
    terms = set(sentence.terms) - _name_words(sentence)
    shared = len(terms & _terms_around(story, other))
    return shared >= min(CITE_MIN_SHARED_TERMS, len(terms)) and shared >= CITE_MIN_TERM_SHARE * len(terms)


def _fact_words(sentence: Sentence) -> set[str]:
    """The content lemmas of a sentence that can show which fact it reports: not its names'
    words (``StoryText.supports`` checks names) nor ``GENERIC_TERMS``."""
    return set(sentence.terms) - _name_words(sentence) - GENERIC_TERMS


def shares_content(story: StoryText, first: int, second: int) -> bool:
    """Whether two claims share at least ``AGREE_MIN_SHARED_TERMS`` content lemmas or numbers,
    names and generic words not counted: one claim's against the other's with its neighbours
    (the alignment credits two-sentence units). Sentence vectors and names alone make two
    sentences of one story look alike; without words in common they are seldom one fact."""
    claims = story.claims
    for one, other in ((first, second), (second, first)):
        sentence = claims[one].sentence
        shared = len(_fact_words(sentence) & _terms_around(story, other))
        shared += len(sentence.numbers & _numbers_around(story, other))
        if shared >= AGREE_MIN_SHARED_TERMS:
            return True
    return False


def _aligned_pairs(story: StoryText) -> list[tuple[float, int, int]]:
    """Pairs of claims of different sources that align: above the threshold, each the other's
    best match in its article (mutual best, which measured more precise on Multi-News),
    supported by at least one of the two articles, and sharing words (``shares_content``)."""
    claims = story.claims
    sources = [story.sources[claim.article] for claim in claims]
    best = best_in_each_article(story)
    pairs: list[tuple[float, int, int]] = []
    rows, columns = np.nonzero(story.alignment >= AGREE_THRESHOLD)
    for first, second in zip(rows.tolist(), columns.tolist(), strict=True):
        if first >= second or sources[first] == sources[second]:
            continue
        mutual = (
            best[first, claims[second].article] == second and best[second, claims[first].article] == first
        )
        if (
            mutual
            and _supported_either_way(story, claims[first], claims[second])
            and shares_content(story, first, second)
        ):
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


def _is_copy(story: StoryText, article: int) -> bool:
    return story.articles[article].copy_of is not None


def _shown_member(story: StoryText, group: list[int]) -> int:
    """The member best supported by the others' articles, then one of an original article
    rather than of a copy, then most like the others, then earliest."""
    claims = story.claims

    def merit(member: int) -> tuple[int, bool, float, int]:
        others = [
            other
            for other in group
            if story.sources[claims[other].article] != story.sources[claims[member].article]
        ]
        supported = sum(story.supports(claims[other].article, claims[member]) for other in others)
        likeness = float(np.mean([story.alignment[member, other] for other in others])) if others else 0.0
        original = not _is_copy(story, claims[member].article)
        return supported, original, likeness, -claims[member].sentence.index

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


def agreed_citations(story: StoryText, group: ClaimGroup) -> tuple[Citation, ...]:
    """The articles of an agreed group's independent sources, the shown member's first.

    A copy is the same writing as its original, not a further outlet that agrees: one is cited
    only for a source that none of the group's original articles stands for (its original has
    no text, or is not in the story), and then only the first."""
    claims = story.claims
    ordered = (group.shown, *(member for member in group.members if member != group.shown))
    articles = list(dict.fromkeys(claims[member].article for member in ordered))
    represented = {story.sources[article] for article in articles if not _is_copy(story, article)}
    cited = []
    for position, article in enumerate(articles):
        source = story.sources[article]
        if position == 0 or not _is_copy(story, article) or source not in represented:
            cited.append(article)
            represented.add(source)
    return tuple(story.citation(article) for article in cited)


def to_cited(
    story: StoryText, agreement: Agreement
) -> tuple[tuple[CitedSentence, ...], tuple[OutletClaims, ...]]:
    """The agreement as model types: agreed sentences, and each outlet's one-source claims.

    An agreed sentence cites the articles of the sources that report it, never a copy beside its
    original (``agreed_citations``); a one-outlet claim cites its article and the copies that
    carry it word for word (where else the same words can be read).

    A claim is filed under the outlet of the article it was taken from, by that outlet's key:
    two outlets of one display name get a group each (both named so), never one group."""
    agreed = [
        CitedSentence(story.claims[group.shown].sentence.text, agreed_citations(story, group))
        for group in agreement.agreed
    ]
    names: dict[str, str] = {}
    by_outlet: dict[str, list[CitedSentence]] = defaultdict(list)
    for index in agreement.only:
        claim = story.claims[index]
        outlet = story.articles[claim.article].article.outlet
        key = outlet.key
        names.setdefault(key, outlet.name)
        by_outlet[key].append(CitedSentence(claim.sentence.text, group_citations(story, (index,))))
    only = tuple(OutletClaims(names[key], tuple(claims)) for key, claims in by_outlet.items())
    return tuple(agreed), only
