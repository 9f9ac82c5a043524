"""The end of a batch (``cluster.merge_close``): stories of headlines whose headline-model
centroids are close are merged once the whole batch is placed.

The vectors are made for it. Each story's headlines share a direction and each has a noise
direction of its own, so a story's centroid is smoother than any one headline: one story's
headlines match the other's centroid under the headline threshold (at best 0.30 against 0.31,
centred as ``assign`` centres them), so online they make two stories, while the two centroids
match at 0.44, over ``end_merge_threshold`` (0.35).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import numpy as np
import numpy.typing as npt

from tests.cluster.support import WHEN
from tidings.cluster import ArticleFeatures, ClusterPolicy, StoryBook, TermCounts, settle_due
from tidings.cluster.embed import Embedder, Vectors
from tidings.model import StoryDecision
from tidings.stories import StoryItem, StoryRun

DIMENSIONS = 32
MEMBERS = 6
NOISE = 1.2
# Cosine between the two stories' shared directions: with MEMBERS and NOISE, a headline of one
# matches the other's centroid at 0.65 / (sqrt(1 + 1.2²) · sqrt(1 + 1.2² / 6)) = 0.37 and the
# two centroids match at 0.65 / (1 + 1.2² / 6) = 0.52 before the running mean is taken away;
# 0.30 and 0.44 after (the module docstring).
CLOSE = 0.65

# Two stories on one event (hacked data of a collapsed exchange), both naming it: "gox".
FILING = [
    "Mt. Gox files for bankruptcy in Tokyo court",
    "Bitcoin exchange Mt. Gox collapses owing millions",
    "Customers of Mt. Gox fear their coins are lost",
    "Mt. Gox chief executive apologises to users",
    "Japanese regulators watch Mt. Gox failure",
    "What Mt. Gox means for bitcoin traders",
]
LEAK = [
    "Hackers publish Mt. Gox account data",
    "Mt. Gox leak shows balance of coins",
    "Security researchers examine Mt. Gox breach",
    "Stolen Mt. Gox files posted online",
    "Mt. Gox database dump alarms customers",
    "Blog claims Mt. Gox still holds coins",
]
# The same headlines without the name they share.
LEAK_UNNAMED = [title.replace("Mt. Gox ", "").replace(" Mt. Gox", "") for title in LEAK]


def _unit(axis: int) -> npt.NDArray[np.float64]:
    vector = np.zeros(DIMENSIONS)
    vector[axis] = 1.0
    return vector


def _vectors(*, close: float = CLOSE) -> list[npt.NDArray[np.float32]]:
    """MEMBERS headline vectors of the first story, then MEMBERS of the second, each the story's
    direction plus NOISE along an axis of its own."""
    first = _unit(0)
    second = close * _unit(0) + np.sqrt(1 - close * close) * _unit(1)
    rows = []
    for number, direction in enumerate([first] * MEMBERS + [second] * MEMBERS):
        vector = direction + NOISE * _unit(2 + number)
        rows.append((vector / np.linalg.norm(vector)).astype(np.float32))
    return rows


def _features(
    key: int, vector: npt.NDArray[np.float32], words: Sequence[int], *, later: timedelta, language: str
) -> ArticleFeatures:
    terms = np.array(sorted(set(words)), dtype=np.int32)
    return ArticleFeatures(
        key=key,
        published_at=WHEN + later,
        outlet=f"Outlet {key}",
        title=f"headline {key}",
        language=language,
        dense=vector,
        lexical=TermCounts(terms, np.ones(len(terms), dtype=np.float32)),
        headline_only=True,
        headline_vector=vector,
    )


def _two_stories(
    *,
    close: float = CLOSE,
    shared_word: bool = True,
    later: timedelta = timedelta(0),
    language: str = "en",
    headline_vectors: bool = True,
) -> StoryBook:
    """A book holding the two stories as placed online (stories 1 and 2), each headline saying
    a word of its own, the first story's all saying word 7 and the second's word 7 or 8; the
    second story ``later`` than the first and in ``language``."""
    book = StoryBook(DIMENSIONS)
    for key, vector in enumerate(_vectors(close=close), 1):
        second = key > MEMBERS
        features = _features(
            key,
            vector,
            [100 + key, 8 if second and not shared_word else 7],
            later=later if second else timedelta(0),
            language=language if second else "en",
        )
        if not headline_vectors:
            features = ArticleFeatures(**{**_fields(features), "headline_vector": None})
        first_of_story = key in (1, MEMBERS + 1)
        decision = (
            StoryDecision(move="new", score=0.0, reason="test")
            if first_of_story
            else StoryDecision(move="join", story_id=2 if second else 1, score=0.0, reason="test")
        )
        book.commit(features, decision)
    return book


def _fields(features: ArticleFeatures) -> dict[str, object]:
    return {name: getattr(features, name) for name in ArticleFeatures.__slots__}


def _end(book: StoryBook, policy: ClusterPolicy) -> list[StoryDecision]:
    """The end of a batch, as ``StoryRun.finish`` runs it."""
    return settle_due(book, policy, everything=True)


def test_two_stories_of_headlines_with_close_centroids_merge_at_the_end_of_a_batch() -> None:
    book = _two_stories()
    assert book.story_count == 2
    merges = _end(book, ClusterPolicy())
    assert [(merge.story_id, merge.absorb) for merge in merges] == [(1, (2,))]
    assert merges[0].reason.startswith("at the end of the batch")
    assert book.story_count == 1
    story = book.story_of(MEMBERS * 2)
    assert story is not None
    assert story.size == MEMBERS * 2
    # Switched off, they stay apart.
    book = _two_stories()
    assert _end(book, ClusterPolicy(end_merge_threshold=None)) == []
    assert book.story_count == 2


def test_the_end_of_a_batch_merge_is_only_the_end_s() -> None:
    # A placement's own re-check (no ``everything``) leaves the two stories as they are.
    book = _two_stories()
    assert settle_due(book, ClusterPolicy()) == []
    assert book.story_count == 2


def test_stories_whose_centroids_are_further_apart_than_the_threshold_stay_apart() -> None:
    book = _two_stories(close=0.3)  # centred centroids match at 0.13
    assert _end(book, ClusterPolicy()) == []
    assert book.story_count == 2


def test_close_stories_that_share_no_word_of_their_own_stay_apart() -> None:
    book = _two_stories(shared_word=False)
    assert _end(book, ClusterPolicy()) == []
    assert _end(_two_stories(shared_word=False), ClusterPolicy(merge_word_share=0)) != []


def test_close_stories_in_different_languages_or_a_silence_apart_stay_apart() -> None:
    assert _end(_two_stories(language="de"), ClusterPolicy()) == []
    assert _end(_two_stories(later=timedelta(days=15)), ClusterPolicy()) == []
    # Two days apart the recency penalty (0.35) takes them under the threshold (0.44 - 0.35);
    # twelve hours' (0.04) does not.
    assert _end(_two_stories(later=timedelta(days=2)), ClusterPolicy()) == []
    assert _end(_two_stories(later=timedelta(hours=12)), ClusterPolicy()) != []


def test_stories_of_articles_with_bodies_are_not_merged_by_headline_centroids() -> None:
    assert _end(_two_stories(headline_vectors=False), ClusterPolicy()) == []


class _Lookup:
    """An embedder that gives each text the vector it was made with (the static and the headline
    model alike)."""

    def __init__(self, vectors: dict[str, npt.NDArray[np.float32]]) -> None:
        self.vectors = vectors
        self.name = "lookup"
        self.dimensions = DIMENSIONS

    def encode(self, texts: Sequence[str]) -> Vectors:
        return np.stack([self.vectors[text] for text in texts]).astype(np.float32)

    @property
    def headlines(self) -> Embedder | None:
        return self


def _run(titles: list[str], policy: ClusterPolicy) -> list[int]:
    """``StoryRun`` over the headlines, in order: each headline's story at the end."""
    embedder = _Lookup(dict(zip(titles, _vectors(), strict=True)))
    run = StoryRun(embedder=embedder, policy=policy)
    run.place(
        [
            StoryItem(key=key, title=title, text="", outlet=f"Outlet {key}", published_at=WHEN)
            for key, title in enumerate(titles)
        ]
    )
    run.finish()
    return [answer.story_id for answer in run.answers()]


# A dozen headlines make a running mean too small to take away what they share (it is shrunk
# towards zero while few articles are known), so online they match each other more closely than
# in a real stream; a higher headline threshold keeps the leak's headlines from the filing's.
ONLINE = 0.36


def test_a_batch_run_merges_one_event_s_two_stories_that_online_placement_kept_apart() -> None:
    titles = FILING + LEAK
    apart = _run(titles, ClusterPolicy(headline_model_threshold=ONLINE, end_merge_threshold=None))
    assert len(set(apart[:MEMBERS])) == 1
    assert len(set(apart[MEMBERS:])) == 1
    assert apart[0] != apart[-1], "online, each headline of the leak is under the filing's threshold"
    merged = _run(titles, ClusterPolicy(headline_model_threshold=ONLINE))
    assert len(set(merged)) == 1
    # Worded without the exchange's name, the leak's headlines stay a story of their own.
    unnamed = _run(FILING + LEAK_UNNAMED, ClusterPolicy(headline_model_threshold=ONLINE))
    assert len(set(unnamed[:MEMBERS])) == 1
    assert len(set(unnamed[MEMBERS:])) == 1
    assert unnamed[0] != unnamed[-1]
