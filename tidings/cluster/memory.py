"""The working memory of event clustering: every placed article's features and every story's profile.

``StoryBook`` answers the look-ups placement needs (``StoryMemory``): an article's nearest earlier
articles (ANN index), which story each is in now (merges followed), and each story's profile. It
is a cache: the batch command keeps it for one run, and the store path rebuilds it at start from
the features and memberships the store keeps, loading the saved ANN index when it matches, so a
restart recomputes no vector (``StoryBook.restore``).

It also counts placements and keeps the stories of one article waiting for their re-check
(``cluster.settle_due``), each by the count at which it opened, so that a restart, told the
store's count and each story's, re-checks the same stories at the same placements.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from tidings.cluster.ann import Neighbour, VectorIndex
from tidings.cluster.features import ArticleFeatures, Lexicon
from tidings.model import StoryDecision, headline_rank

__all__ = ["Settling", "StoryBook", "StoryMemory", "StoryProfile"]

# How many articles the running mean counts as "unknown" before it is trusted in full.
MEAN_PRIOR_ARTICLES = 100


@dataclass(slots=True)
class StoryProfile:
    """What placement knows of one story; mutable, owned by its ``StoryBook``."""

    story_id: int
    first_seen: datetime
    last_seen: datetime
    language: str | None
    dense_sum: npt.NDArray[np.float32]
    headline_key: int
    headline: str
    members: list[int] = field(default_factory=list)
    outlets: Counter[str] = field(default_factory=Counter)
    # The stories this one was linked to when it began (``StoryDecision``): the same event's
    # coverage before a silence, and, for a story begun by an article that arrived late, its
    # coverage that began more than a silence after it (this story is that one's earlier coverage).
    earlier_story_id: int | None = None
    later_story_id: int | None = None
    # The sum and count of the members' headline-model vectors (``ArticleFeatures.headline_vector``).
    headline_sum: npt.NDArray[np.float32] | None = None
    headline_count: int = 0
    # Whether ``first_seen`` and ``last_seen`` come from dated articles. An undated article is
    # placed at the time it was fetched, which says nothing of when its event happened: a story's
    # span is made of its dated articles when it has any (as the store shows it, migration
    # 0009), so that a page from 2022 saved today does not keep a 2022 story open for 2023's
    # coverage of the next event.
    dated: bool = True

    @property
    def size(self) -> int:
        return len(self.members)

    def take_span(self, first_seen: datetime, last_seen: datetime, *, dated: bool) -> None:
        """Widen the span by another's (an article's, a merged story's) when both are dated or
        both not; a dated one replaces a span made of fetch times; an undated one leaves a dated
        span as it is."""
        if dated and not self.dated:
            self.first_seen, self.last_seen, self.dated = first_seen, last_seen, True
        elif dated == self.dated:
            self.first_seen = min(self.first_seen, first_seen)
            self.last_seen = max(self.last_seen, last_seen)

    def centroid(self) -> npt.NDArray[np.float32]:
        norm = float(np.linalg.norm(self.dense_sum))
        return self.dense_sum / norm if norm > 0 else self.dense_sum


def _add_headline(profile: StoryProfile, vectors: npt.NDArray[np.float32], count: int = 1) -> None:
    if profile.headline_sum is None:
        profile.headline_sum = np.zeros(len(vectors), dtype=np.float32)
    profile.headline_sum = profile.headline_sum + vectors
    profile.headline_count += count


@dataclass(frozen=True, slots=True)
class Settling:
    """What a book rebuilt or caught up from a store needs to re-check the same stories as the
    memory that placed them (``StoryBook.replay``): the store's count of placements, the count
    at which each story of the placements read opened (those opened before counts were kept
    are not here: never re-checked), and ``ClusterPolicy.settle_after``."""

    placements: int
    opened: Mapping[int, int]
    settle_after: int


class StoryMemory(Protocol):
    """The look-ups ``assign`` makes."""

    lexicon: Lexicon

    def mean_dense(self) -> npt.NDArray[np.float32]: ...

    def mean_headline(self) -> npt.NDArray[np.float32] | None: ...

    def nearest(self, vector: npt.NDArray[np.float32], count: int) -> list[Neighbour]: ...

    def features(self, key: int) -> ArticleFeatures | None: ...

    def story_of(self, key: int) -> StoryProfile | None: ...


# How much nearer a story's centre a new member must be to take the headline from the one that
# heads it. Two members are equally near their own mean in exact arithmetic, so without it float
# rounding, which differs between CPUs, chose the second story's headline on one machine and kept
# the first's on another.
_HEADLINE_MARGIN = 1e-5


def _closer(
    candidate: npt.NDArray[np.float32], current: npt.NDArray[np.float32], centre: npt.NDArray[np.float32]
) -> bool:
    return float(candidate @ centre) > float(current @ centre) + _HEADLINE_MARGIN


def _same_features(first: ArticleFeatures, second: ArticleFeatures) -> bool:
    return (
        np.array_equal(first.dense, second.dense)
        and np.array_equal(first.lexical.terms, second.lexical.terms)
        and np.array_equal(first.lexical.tf, second.lexical.tf)
        and (first.headline_vector is None) == (second.headline_vector is None)
    )


def _shrunk_mean(total: npt.NDArray[np.float64], count: int) -> npt.NDArray[np.float32]:
    # Shrunk towards zero while few articles are known: the mean of a handful of articles is
    # mostly those articles, and taking it away would erase what they share.
    shrink = count / (count + MEAN_PRIOR_ARTICLES)
    return (total / count * shrink).astype(np.float32)


class StoryBook:
    """Articles, stories and the ANN index of one clustering run or one store."""

    def __init__(self, dimensions: int) -> None:
        self.dimensions = dimensions
        self.lexicon = Lexicon()
        self.index = VectorIndex(dimensions)
        self._features: dict[int, ArticleFeatures] = {}
        self._story_of: dict[int, int] = {}
        self._stories: dict[int, StoryProfile] = {}
        self._merged_into: dict[int, int] = {}
        # The articles placed as copies (``copy_of`` set): republished writing, never a headline
        # over an original's (``_takes_headline``).
        self._copies: set[int] = set()
        self._next_story_id = 1
        self._dense_total = np.zeros(dimensions, dtype=np.float64)
        self._headline_total: npt.NDArray[np.float64] | None = None
        self._headline_count = 0
        # Placements counted (the store's count, for a store's book), and the stories not
        # re-checked yet by the count at which each opened, oldest first (a heap).
        self.placements = 0
        self._unsettled: list[tuple[int, int]] = []

    def __len__(self) -> int:
        return len(self._features)

    @property
    def story_count(self) -> int:
        return len(self._stories)

    # -- look-ups -------------------------------------------------------------------------------

    def nearest(self, vector: npt.NDArray[np.float32], count: int) -> list[Neighbour]:
        return self.index.nearest(vector, count)

    def features(self, key: int) -> ArticleFeatures | None:
        return self._features.get(key)

    def mean_dense(self) -> npt.NDArray[np.float32]:
        """The mean of every placed article's dense vector: the direction all news texts share."""
        count = len(self._features)
        if count == 0:
            return np.zeros(self.dimensions, dtype=np.float32)
        return _shrunk_mean(self._dense_total, count)

    def mean_headline(self) -> npt.NDArray[np.float32] | None:
        """The mean of the headline-model vectors placed so far (None before the first)."""
        if self._headline_total is None:
            return None
        return _shrunk_mean(self._headline_total, self._headline_count)

    def current_story_id(self, story_id: int) -> int:
        """The story ``story_id`` is part of now, following recorded merges."""
        seen = story_id
        while seen in self._merged_into:
            seen = self._merged_into[seen]
        return seen

    def story_of(self, key: int) -> StoryProfile | None:
        story_id = self._story_of.get(key)
        if story_id is None:
            return None
        return self._stories.get(self.current_story_id(story_id))

    def story(self, story_id: int) -> StoryProfile | None:
        return self._stories.get(self.current_story_id(story_id))

    def stories(self) -> list[StoryProfile]:
        return list(self._stories.values())

    def next_story_id(self) -> int:
        return self._next_story_id

    @property
    def waiting(self) -> int:
        """How many stories wait for their re-check (some may have grown or merged since)."""
        return len(self._unsettled)

    def due_for_settling(self, after: int) -> list[StoryProfile]:
        """The stories opened at least ``after`` placements ago that are not re-checked yet,
        oldest first, taken off the waiting list: those still of one article (not merged away)."""
        due = []
        while self._unsettled and self._unsettled[0][0] <= self.placements - after:
            _, story_id = heapq.heappop(self._unsettled)
            story = self._stories.get(story_id)
            if story is not None and story.size == 1:
                due.append(story)
        return due

    # -- changes --------------------------------------------------------------------------------

    def commit(
        self,
        features: ArticleFeatures,
        decision: StoryDecision,
        *,
        story_id: int | None = None,
        copy: bool = False,
    ) -> StoryProfile:
        """Record ``decision`` for ``features``, one more placement; a new story takes ``story_id``
        (else the next free) and waits for its re-check. ``copy``: the article republishes another's
        writing (copy detection found its original), so it heads its story only while no original
        writing is in it."""
        self.placements += 1
        profile = self._place(features, decision, story_id=story_id, copy=copy)
        if decision.move == "new":
            heapq.heappush(self._unsettled, (self.placements, profile.story_id))
        return profile

    def merge(self, survivor_id: int, absorbed_id: int) -> None:
        """Merge story ``absorbed_id`` into ``survivor_id`` (a re-check, ``cluster.settle``)."""
        survivor = self.story(survivor_id)
        if survivor is None:
            raise ValueError(f"story {absorbed_id} merges into unknown story {survivor_id}")
        self._absorb(survivor, absorbed_id)

    def _place(
        self, features: ArticleFeatures, decision: StoryDecision, *, story_id: int | None, copy: bool
    ) -> StoryProfile:
        if decision.move == "join":
            if decision.story_id is None or self.story(decision.story_id) is None:
                raise ValueError(f"article {features.key} joins unknown story {decision.story_id}")
            profile = self.story(decision.story_id)
            assert profile is not None
            for absorbed_id in decision.absorb:
                self._absorb(profile, absorbed_id)
        else:
            new_id = story_id if story_id is not None else self._next_story_id
            profile = StoryProfile(
                story_id=new_id,
                first_seen=features.published_at,
                last_seen=features.published_at,
                language=features.language,
                dense_sum=np.zeros(self.dimensions, dtype=np.float32),
                headline_key=features.key,
                headline=features.title,
                earlier_story_id=decision.earlier_story_id,
                later_story_id=decision.later_story_id,
                dated=features.dated,
            )
            self._stories[new_id] = profile
        self._next_story_id = max(self._next_story_id, profile.story_id + 1)
        if copy:
            self._copies.add(features.key)
        self._add_member(profile, features)
        return profile

    def _add_member(self, profile: StoryProfile, features: ArticleFeatures) -> None:
        profile.members.append(features.key)
        profile.outlets[features.outlet] += 1
        profile.take_span(features.published_at, features.published_at, dated=features.dated)
        profile.dense_sum = profile.dense_sum + features.dense
        if self._takes_headline(profile, features):
            profile.headline_key, profile.headline = features.key, features.title
        if features.headline_vector is not None:
            _add_headline(profile, features.headline_vector)
        if features.key not in self._features:
            self._dense_total += features.dense
            if features.headline_vector is not None:
                self._count_headline(features.headline_vector)
        self._features[features.key] = features
        self._story_of[features.key] = profile.story_id
        self.lexicon.observe(features.lexical)
        if features.key not in self.index:
            self.index.add(features.key, features.dense)

    def _takes_headline(self, profile: StoryProfile, features: ArticleFeatures) -> bool:
        """Whether a new member's title becomes its story's headline: the titled article nearest
        the story's centre heads it, chosen among its original writings, and among those among
        the whole titles. A copy never takes the headline from an original (its own, or any other):
        a near-verbatim republication is as near the centre as its original, and would put the
        republisher's title on the other's writing. A story of copies only (their original in
        another story, or gone) is headed by one. A title an aggregator cut short ("… the advice
        she got from Jennifer ...") heads a story only while none of its kind is whole."""
        if not features.title:
            return False
        current = self._features.get(profile.headline_key)
        if current is None or not current.title:
            return True
        return self._heads_before(features, current, profile.centroid())

    def _head_rank(self, key: int, title: str) -> tuple[bool, bool]:
        return headline_rank(title, is_copy=key in self._copies)

    def _heads_before(
        self, candidate: ArticleFeatures, current: ArticleFeatures, centre: npt.NDArray[np.float32]
    ) -> bool:
        """Whether titled ``candidate`` heads a story before ``current``: the fitter by
        ``model.headline_rank``, else the one nearer ``centre``."""
        rank, current_rank = (
            self._head_rank(candidate.key, candidate.title),
            self._head_rank(current.key, current.title),
        )
        if rank != current_rank:
            return rank > current_rank
        return _closer(candidate.dense, current.dense, centre)

    def is_copy(self, key: int) -> bool:
        """Whether a placed article is a copy of another's writing now (``mark_copies``)."""
        return key in self._copies

    def mark_copies(self, copies: Mapping[int, bool]) -> list[StoryProfile]:
        """Record which placed articles are copies now (``True``) or their writing's original
        (``False``): another article of their writing arrived, and the original was decided again
        over all of them. A story whose headline became a copy while original writing is in it is
        headed again, by its titled original writing nearest its centre; those stories."""
        touched: dict[int, StoryProfile] = {}
        for key, is_copy in copies.items():
            if key not in self._features:
                continue
            if is_copy:
                self._copies.add(key)
            else:
                self._copies.discard(key)
            profile = self.story_of(key)
            if profile is not None:
                touched[profile.story_id] = profile
        return [profile for profile in touched.values() if self._head_again(profile)]

    def _head_again(self, profile: StoryProfile) -> bool:
        """Head ``profile`` by an original writing when a copy heads it and one is in it (as
        ``_takes_headline`` would have had the copies been known as copies when placed): the
        original nearest its centre, a whole title before one cut short."""
        if profile.headline_key not in self._copies:
            return False
        originals = [
            features
            for features in (self._features.get(key) for key in profile.members)
            if features is not None and features.title and features.key not in self._copies
        ]
        if not originals:
            return False
        centre = profile.centroid()
        best = originals[0]
        for features in originals[1:]:
            if self._heads_before(features, best, centre):
                best = features
        profile.headline_key, profile.headline = best.key, best.title
        return True

    def describe_again(self, features: ArticleFeatures) -> bool:
        """Put ``features`` in place of a placed article's (its words changed: a teaser completed by
        its page, an article corrected by its feed entry), in its story's sums, the running means,
        the lexicon and the index; its story, time and outlet stay, and a story it heads takes its
        title. False when the article is not here or already has these features."""
        old = self._features.get(features.key)
        profile = self.story_of(features.key)
        if old is None or profile is None or _same_features(old, features):
            return False
        new = replace(features, published_at=old.published_at, dated=old.dated, outlet=old.outlet)
        profile.dense_sum = profile.dense_sum - old.dense + new.dense
        self._dense_total += new.dense.astype(np.float64) - old.dense
        if old.headline_vector is not None:
            self._take_headline(profile, old.headline_vector)
        if new.headline_vector is not None:
            _add_headline(profile, new.headline_vector)
            self._count_headline(new.headline_vector)
        self.lexicon.forget(old.lexical)
        self.lexicon.observe(new.lexical)
        self._features[new.key] = new
        self.index.replace(new.key, new.dense)
        if profile.headline_key == new.key:
            profile.headline = new.title
        return True

    def _count_headline(self, vector: npt.NDArray[np.float32]) -> None:
        """Add one headline-model vector to the running mean of all of them."""
        if self._headline_total is None:
            self._headline_total = np.zeros(len(vector), dtype=np.float64)
        self._headline_total += vector
        self._headline_count += 1

    def _take_headline(self, profile: StoryProfile, vector: npt.NDArray[np.float32]) -> None:
        if profile.headline_sum is not None:
            profile.headline_count -= 1
            profile.headline_sum = profile.headline_sum - vector if profile.headline_count else None
        if self._headline_total is not None:
            self._headline_count -= 1
            self._headline_total = self._headline_total - vector if self._headline_count else None

    def _absorb(self, survivor: StoryProfile, absorbed_id: int) -> None:
        absorbed = self.story(absorbed_id)
        if absorbed is None or absorbed.story_id == survivor.story_id:
            return
        survivor.members.extend(absorbed.members)
        survivor.outlets.update(absorbed.outlets)
        survivor.take_span(absorbed.first_seen, absorbed.last_seen, dated=absorbed.dated)
        survivor.dense_sum = survivor.dense_sum + absorbed.dense_sum
        if absorbed.headline_sum is not None:
            _add_headline(survivor, absorbed.headline_sum, absorbed.headline_count)
        if absorbed.headline and (
            (survivor.headline_key in self._copies and absorbed.headline_key not in self._copies)
            or (
                survivor.headline
                and self._head_rank(absorbed.headline_key, absorbed.headline)
                > self._head_rank(survivor.headline_key, survivor.headline)
            )
        ):
            # A copy never heads a story an original writing is in, nor a title cut short one
            # whose title is whole: the store's merge (``store.stories._merge``) makes the same
            # choice.
            survivor.headline_key, survivor.headline = absorbed.headline_key, absorbed.headline
        self._merged_into[absorbed.story_id] = survivor.story_id
        del self._stories[absorbed.story_id]

    # -- persistence ----------------------------------------------------------------------------

    def save_index(self, path: Path) -> None:
        self.index.save(path)

    @classmethod
    def restore(
        cls,
        dimensions: int,
        placed: Iterable[tuple[ArticleFeatures, int, int | None]],
        merges: Mapping[int, int],
        index_path: Path | None = None,
        *,
        settling: Settling | None = None,
        copies: Collection[int] = frozenset(),
        later_links: Mapping[int, int] | None = None,
    ) -> StoryBook:
        """A book rebuilt from stored placements, oldest first, without recomputing any vector.

        ``placed`` yields (features, the story each article was first placed in, the earlier
        story that story was linked to); ``merges`` maps each absorbed story to its survivor, in
        the order the merges happened; ``settling`` says which stories still wait for their
        re-check (without it, none do); ``copies`` are the articles placed as copies (``commit``);
        ``later_links`` maps a story begun by an article that arrived late to the story it was
        linked to as earlier coverage of (``StoryDecision.later_story_id``).
        The ANN index is loaded from ``index_path`` when it holds exactly these articles, and
        rebuilt from the stored vectors otherwise. An article whose vector in the file is not its
        stored one (described again since: a process that had not caught up saved the file) has
        its stored vector put in place.
        """
        book = cls(dimensions)
        loaded = VectorIndex.load(index_path, dimensions) if index_path is not None else None
        placed = list(placed)
        keys = np.array([features.key for features, _, _ in placed], dtype=np.int64)
        vectors = (
            np.stack([features.dense for features, _, _ in placed])
            if placed
            else np.zeros((0, dimensions), dtype=np.float32)
        )
        if loaded is not None and loaded.keys() == set(keys.tolist()):
            for row in loaded.differing(keys, vectors):
                loaded.replace(int(keys[row]), vectors[row])
            book.index = loaded
        else:
            book.index.add_many(keys, vectors)
        book.replay(placed, merges, settling=settling, copies=copies, later_links=later_links)
        return book

    def replay(
        self,
        placed: Iterable[tuple[ArticleFeatures, int, int | None]],
        merges: Mapping[int, int],
        *,
        settling: Settling | None = None,
        copies: Collection[int] = frozenset(),
        later_links: Mapping[int, int] | None = None,
    ) -> None:
        """Take in placements and merges made elsewhere (a restart's stored ones, or another
        process's since this memory was read), as ``restore`` describes them; with
        ``settling``, the count of placements and the stories opened among these, which wait
        for their re-check unless the placements since have made it due (whoever placed then
        re-checked it: ``cluster.settle_due`` runs before every placement). An article already
        here may come again: its text changed (``describe_again``), or whether it is a copy did
        (``mark_copies``: another article of its writing arrived)."""
        known = set(self._stories) | set(self._merged_into)
        placed = list(placed)
        # Already here: a placement this memory made itself, an article whose text changed since
        # (a teaser completed by its page), or one whose writing's original was decided again (it
        # became a copy, or the original). Which are copies is marked at once, before the new
        # placements, as the process that decided it had them when it placed the article that
        # made it so (and one copy's change does not head a story by the next one's original).
        self.mark_copies(
            {
                features.key: features.key in copies
                for features, _, _ in placed
                if features.key in self._features
            }
        )
        for features, first_story_id, earlier_story_id in placed:
            if features.key in self._features:
                self.describe_again(features)
                continue
            if self.story(first_story_id) is not None:
                decision = StoryDecision(move="join", score=1.0, reason="restored", story_id=first_story_id)
                self._place(features, decision, story_id=None, copy=features.key in copies)
            else:
                decision = StoryDecision(
                    move="new",
                    score=1.0,
                    reason="restored",
                    earlier_story_id=earlier_story_id,
                    later_story_id=(later_links or {}).get(first_story_id),
                )
                self._place(features, decision, story_id=first_story_id, copy=features.key in copies)
        # Merges are replayed in the order they happened, after every story exists again.
        for absorbed_id, survivor_id in merges.items():
            survivor = self.story(survivor_id)
            if survivor is not None:
                self._absorb(survivor, absorbed_id)
        if settling is not None:
            self._wait_for_settling(settling, known=known)

    def _wait_for_settling(self, settling: Settling, *, known: Collection[int] = frozenset()) -> None:
        """Take the store's count of placements, and queue the stories opened since
        ``settle_after`` placements before it; any older one was re-checked by the placement that
        made it due, in whichever process. A story ``known`` before this replay is left as this
        memory has it: its opening placement came again only because it changed since (it may
        have been re-checked already, and must not wait again)."""
        self.placements = settling.placements
        waiting = [
            entry for entry in self._unsettled if entry[0] + settling.settle_after >= settling.placements
        ]
        waiting.extend(
            (opened, story_id)
            for story_id, opened in settling.opened.items()
            if opened + settling.settle_after >= settling.placements and story_id not in known
        )
        self._unsettled = sorted(set(waiting))
