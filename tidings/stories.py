"""The stories step: copy detection, then event clustering, for one article or a batch.

``pipeline.py`` calls ``StoryDesk.place`` for each article the store keeps; ``tidings cluster``
calls ``cluster_items`` on JSON Lines with no store at all. Both run the same two stages in the
same order, so a batch run and an ingest place articles alike:

1. ``dedupe.find_copies``: is this the same writing as an article already seen? A copy joins its
   original's story directly (same writing, same event), whatever the time between them. The
   writing's original is decided again over all its articles (``dedupe.original_of``), so an
   earlier publication that arrives after its republications becomes their original: the memory
   marks the copies it then has (``StoryBook.mark_copies``) and the store rewrites their records.
2. ``cluster.assign``: otherwise the article joins the story it matches, or starts one.

Before each placement, the stories of one article that ``settle_after`` placements have followed
are re-checked (``cluster.settle_due``); a batch re-checks the rest at the end of its input
(``StoryRun.finish``), a store never ends, so its last ones wait for more articles.

This module is, with ``pipeline.py``, the only one that calls two stages; it is apart from the
pipeline so that the batch command needs no extraction or store.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol, TypeVar

import numpy as np

from tidings import cluster, dedupe
from tidings.cluster.embed import Embedder
from tidings.cluster.features import without_stop_words
from tidings.errors import StoreError
from tidings.model import Article, CopyMatch, Outlet, Placement, Provenance, StoredArticle, StoryDecision
from tidings.store.stories import (
    PlacedArticle,
    StaleStoryMemory,
    StoredFeatures,
    StoryState,
    watched_text_hash,
)
from tidings.urls import site_host

log = logging.getLogger(__name__)

__all__ = [
    "EMBED_BATCH",
    "FUTURE_TOLERANCE",
    "STALE_TURNS",
    "PlacementStore",
    "StoryAnswer",
    "StoryDesk",
    "StoryItem",
    "StoryRun",
    "cluster_items",
    "placement_time",
]


# Dense texts embedded per call in a batch: large enough to amortise the model call.
EMBED_BATCH = 256
# A published_at this far ahead of `now` is a wrong clock or a wrong time zone, not news from the
# future: the article is placed at `now` instead.
FUTURE_TOLERANCE = timedelta(hours=1)
# Placement turns one batch takes at most while each is found lost (another process placed during
# it, so a write found the memory out of date): a new turn normally holds; one lost after another
# means the turn keeps no one out.
STALE_TURNS = 3

_Done = TypeVar("_Done")


def placement_time(published_at: datetime | None, fetched_at: datetime, now: datetime) -> datetime:
    """When an article counts as published for placing it: its date, else when it was fetched,
    and never later than ``now`` (see ``FUTURE_TOLERANCE``)."""
    moment = published_at or fetched_at
    return now if moment > now + FUTURE_TOLERANCE else moment


@dataclass(frozen=True, slots=True)
class StoryItem:
    """One article for the batch command: ``key`` is its line's index; times are UTC."""

    key: int
    title: str
    text: str
    outlet: str
    published_at: datetime
    url: str | None = None
    language: str | None = None
    byline: str | None = None
    # False when the line gave no usable date and ``published_at`` was set by the batch rule.
    dated: bool = True


@dataclass(frozen=True, slots=True)
class StoryAnswer:
    """Where the batch command put one item: its story and the item whose writing it repeats."""

    key: int
    story_id: int
    copy_of: int | None


def _item_article(item: StoryItem) -> Article:
    return Article(
        title=item.title,
        text=item.text,
        html="",
        outlet=Outlet(name=item.outlet, domain=site_host(item.url)),
        provenance=Provenance(kind="paste", locator="-"),
        fetched_at=item.published_at,
        byline=item.byline,
        published_at=item.published_at,
        url=item.url,
        language=item.language,
    )


def _same_language_copy(
    found: dedupe.CopyFinding, features: cluster.ArticleFeatures, book: cluster.StoryBook
) -> dedupe.CopyFinding:
    """``found``, unless the article and the writing it matched declare different languages:
    articles in different languages never share a story (``cluster.same_language``), and a copy
    joins its original's story, so the same words declared in two languages are left two pieces
    of writing rather than let one declaration overrule the other."""
    if found.match is None:
        return found
    original = book.features(found.match.original_id)
    if original is not None and not cluster.same_language(features.language, original.language):
        return dedupe.NO_COPY
    return found


def _copy_flags(found: dedupe.CopyFinding) -> dict[int, bool]:
    """Which stored articles of the writing are copies now, of those whose record changed."""
    return {change.article_id: change.copy is not None for change in found.changes}


def _decide(
    features: cluster.ArticleFeatures,
    match: CopyMatch | None,
    book: cluster.StoryBook,
    policy: cluster.ClusterPolicy,
) -> StoryDecision:
    """The story an article goes to: the story of the writing it repeats (``match``: as recorded
    before it came, even when it becomes that writing's original), else the one it matches."""
    if match is not None:
        joined = cluster.join_copy(match.original_id, book, match.similarity, subject=features, policy=policy)
        if joined is not None and joined.move == "new":
            # The original's story is more than a silence apart (long quiet, or begun weeks
            # after it), but another article of the writing may be in a story within it (two
            # outlets reprinting a wire story weeks later): the article joins that one as any
            # article would, rather than start a story of its own.
            assigned = cluster.assign(features, book, policy)
            if assigned.move == "join":
                return assigned
        if joined is not None:
            return joined
    return cluster.assign(features, book, policy)


class StoryRun:
    """Copies and stories of one batch run, with no store: items go in with ``place`` (already in
    published order), answers come out of ``answers``."""

    def __init__(self, *, embedder: Embedder, policy: cluster.ClusterPolicy | None = None) -> None:
        self._embedder = embedder
        self._policy = policy or cluster.ClusterPolicy()
        self.book = cluster.StoryBook(embedder.dimensions)
        self._copies = dedupe.CopyBook()
        self._copy_of: dict[int, int | None] = {}

    def place(self, items: Sequence[StoryItem]) -> None:
        """Place ``items``, in the order given, embedding them ``EMBED_BATCH`` at a time."""
        for start in range(0, len(items), EMBED_BATCH):
            chunk = items[start : start + EMBED_BATCH]
            described = cluster.describe_many(
                [
                    cluster.ArticleText(
                        key=item.key,
                        title=item.title,
                        text=item.text,
                        outlet=item.outlet,
                        published_at=item.published_at,
                        language=item.language,
                        dated=item.dated,
                    )
                    for item in chunk
                ],
                embedder=self._embedder,
            )
            for item, features in zip(chunk, described, strict=True):
                cluster.settle_due(self.book, self._policy)
                subject = dedupe.subject_of(item.key, _item_article(item), published_at=item.published_at)
                found = _same_language_copy(dedupe.find_copies(subject, self._copies), features, self.book)
                self._copies.record(subject, found)
                self._copy_of[item.key] = found.copy.original_id if found.copy is not None else None
                for change in found.changes:
                    self._copy_of[change.article_id] = change.copy.original_id if change.copy else None
                self.book.mark_copies(_copy_flags(found))
                decision = _decide(features, found.match, self.book, self._policy)
                self.book.commit(features, decision, copy=found.copy is not None)

    def finish(self) -> None:
        """The end of the input: re-check every story of one article not re-checked yet (those
        opened in the last ``settle_after`` placements), as later placements would have; then merge
        stories of headlines whose centroids are close (``cluster.merge_close``)."""
        cluster.settle_due(self.book, self._policy, everything=True)

    def answers(self) -> list[StoryAnswer]:
        """Each placed item's story now (after any merge) and its original, by key."""
        answers = []
        for key in sorted(self._copy_of):
            story = self.book.story_of(key)
            assert story is not None
            answers.append(StoryAnswer(key=key, story_id=story.story_id, copy_of=self._copy_of[key]))
        return answers


def cluster_items(
    items: Iterable[StoryItem], *, embedder: Embedder, policy: cluster.ClusterPolicy | None = None
) -> list[StoryAnswer]:
    """Place every item, in published order (ties by key), with no store: the batch command.

    Stories are numbered from 1 in the order they start; an answer gives the story an item is in
    at the end of the run, after any merge, and after the last stories of one article have been
    re-checked (``StoryRun.finish``).
    """
    run = StoryRun(embedder=embedder, policy=policy)
    run.place(sorted(items, key=lambda item: (item.published_at, item.key)))
    run.finish()
    return run.answers()


class PlacementStore(Protocol):
    """The store's part in placing articles (``tidings.store.Store`` implements it)."""

    def copy_candidates(self, content_hash: str, band_keys: Sequence[str]) -> list[dedupe.CopyCandidate]: ...

    def copy_group(self, original_id: int) -> list[dedupe.CopyCandidate]: ...

    def record_placement(
        self,
        *,
        subject: dedupe.CopySubject,
        title: str,
        features: StoredFeatures,
        copy: CopyMatch | None,
        decision: StoryDecision,
        headline: tuple[int, str] | None,
        now: datetime,
        expected_clock: int,
        settled: Sequence[StoryDecision] = (),
        copy_changes: Sequence[dedupe.CopyChange] = (),
        headlines: Sequence[tuple[int, int, str]] = (),
    ) -> Placement: ...

    def story_state(self, model: str, *, after_clock: int | None = None) -> StoryState: ...

    def placement_turn(self) -> AbstractContextManager[int]: ...

    def unplaced_article_ids(self, *, limit: int = 1000) -> list[int]: ...

    def stale_described_ids(self, *, limit: int = 1000) -> list[int]: ...

    def record_features_again(
        self,
        *,
        subject: dedupe.CopySubject,
        features: StoredFeatures,
        expected_clock: int,
        copy_changes: Sequence[dedupe.CopyChange] = (),
        headlines: Sequence[tuple[int, int, str]] = (),
    ) -> bool: ...

    def story_places(self, article_ids: Sequence[int]) -> Mapping[int, object]: ...

    def get_articles(self, article_ids: Sequence[int]) -> list[StoredArticle]: ...


def _stored_features(features: cluster.ArticleFeatures, model: str, made_from: Article) -> StoredFeatures:
    """The features as the store keeps them, with the hash of the text they were made from: the
    Article in hand, which another process may have completed in the store meanwhile."""
    terms, tf = features.lexical.to_bytes()
    return StoredFeatures(
        model=model,
        dense=_dense_bytes(features),
        terms=terms,
        tf=tf,
        headline_only=features.headline_only,
        text_hash=watched_text_hash(made_from),
    )


def _dense_bytes(features: cluster.ArticleFeatures) -> bytes:
    """The dense vector, followed by the headline-model vector when the article has one: one
    stored value, split again by the model's dimensions on restore (``_restored_features``)."""
    dense = features.dense.astype(np.float32).tobytes()
    if features.headline_vector is None:
        return dense
    return dense + features.headline_vector.astype(np.float32).tobytes()


def _restored_features(placed: PlacedArticle, dimensions: int) -> cluster.ArticleFeatures:
    vectors = np.frombuffer(placed.features.dense, dtype=np.float32)
    language = (placed.language or "").casefold() or None
    return cluster.ArticleFeatures(
        key=placed.article_id,
        published_at=placed.placed_at,
        outlet=placed.outlet,
        title=placed.title,
        language=language,
        dense=vectors[:dimensions].copy(),
        # Stored before its language's stop words were taken out, or after: read alike.
        lexical=without_stop_words(
            cluster.TermCounts.from_bytes(placed.features.terms, placed.features.tf), language
        ),
        headline_only=placed.features.headline_only,
        headline_vector=vectors[dimensions:].copy() if len(vectors) > dimensions else None,
        dated=placed.dated,
    )


def _copies(state: StoryState) -> set[int]:
    """The placements of ``state`` made as copies (a copy heads no story an original is in)."""
    return {placed.article_id for placed in state.placed if placed.copy_of is not None}


def _later_links(state: StoryState) -> dict[int, int]:
    """The stories of ``state`` begun by an article that arrived late, each with the story it was
    linked to as earlier coverage of."""
    return {
        placed.first_story_id: placed.later_story_id
        for placed in state.placed
        if placed.later_story_id is not None
    }


class StoryDesk:
    """Places stored articles into stories, keeping clustering's memory beside the store.

    The memory is rebuilt from the store on first use (``StoryBook.restore``: stored vectors, no
    embedding) and its ANN index is saved to ``index_path`` after each batch (``save``), so a
    restart loads it instead of rebuilding it.

    Several processes may place into one store (``tidings serve`` polling while ``tidings add``
    runs). Each batch is placed during the store's placement turn, which keeps the others out, and
    the memory first takes in the placements the story clock shows it has not seen (read by their
    clock, so catching up costs what they are, not what the store holds): every article then sees
    every article placed before it, whichever process placed it. Each write names the clock the
    memory is current at (``expected_clock``), and the store keeps it only if the clock still
    reads that: a turn lost unnoticed (its database connection dropped) writes nothing decided on
    a memory another process has overtaken; the desk takes the turn again, catches up, and
    decides those articles again (``STALE_TURNS``).
    """

    def __init__(
        self,
        store: PlacementStore,
        *,
        embedder: Embedder,
        index_path: Path,
        policy: cluster.ClusterPolicy | None = None,
    ) -> None:
        self._store = store
        self._embedder = embedder
        self._index_path = index_path
        self._policy = policy or cluster.ClusterPolicy()
        self._book: cluster.StoryBook | None = None
        # The store's story clock that the memory matches (placements the book has seen).
        self._clock = 0
        self._lock = threading.Lock()
        self._save_failed = False

    @property
    def book(self) -> cluster.StoryBook:
        if self._book is None:
            state = self._store.story_state(self._embedder.name)
            self._clock = state.placements
            self._book = cluster.StoryBook.restore(
                self._embedder.dimensions,
                self._replayed(state),
                dict(state.merges),
                self._index_path,
                settling=self._settling(state),
                copies=_copies(state),
                later_links=_later_links(state),
            )
        return self._book

    def _settling(self, state: StoryState) -> cluster.Settling:
        return cluster.Settling(
            placements=state.articles_placed,
            opened=dict(state.opened),
            settle_after=self._policy.settle_after or 0,
        )

    def _replayed(self, state: StoryState) -> list[tuple[cluster.ArticleFeatures, int, int | None]]:
        return [
            (
                _restored_features(placed, self._embedder.dimensions),
                placed.first_story_id,
                placed.earlier_story_id,
            )
            for placed in state.placed
        ]

    def _catch_up(self, clock: int) -> None:
        """Take in what other processes placed since the memory last matched the store's clock:
        only those placements are read, so the cost follows them, not the store's size."""
        if self._book is None or clock == self._clock:
            return
        try:
            state = self._store.story_state(self._embedder.name, after_clock=self._clock)
            self._book.replay(
                self._replayed(state),
                dict(state.merges),
                settling=self._settling(state),
                copies=_copies(state),
                later_links=_later_links(state),
            )
            self._clock = state.placements
        except Exception:
            self._book = None  # read the whole memory again rather than trust a partial one
            raise

    def place_unplaced(self, *, now: datetime, batch: int = EMBED_BATCH) -> int:
        """Place the stored articles an interrupted batch left without a story, oldest first; how
        many. Ingest calls this before its own batch, so that stopping ``tidings add`` half-way
        never leaves an article out of stories for good (adding it again finds it stored)."""
        placed = 0
        while ids := self._store.unplaced_article_ids(limit=batch):
            stored = self._store.get_articles(ids)
            self.place_many([(item.article_id, item.article) for item in stored], now=now)
            placed += len(stored)
            if len(stored) < len(ids):  # deleted meanwhile: never loop on what cannot be read
                break
        return placed

    def place(self, article_id: int, article: Article, *, now: datetime) -> Placement:
        """Find the article's copies, then its story; record both in the store."""
        return self.place_many([(article_id, article)], now=now)[0]

    def place_many(self, added: Sequence[tuple[int, Article]], *, now: datetime) -> list[Placement]:
        """Place newly stored articles one after another, in the order given (any already placed
        are left as they are and out of the answer).

        Their features are computed together first (one model call for the batch: encoding
        headlines one by one cost most of a bulk load's time), then each article is placed seeing
        every article placed before it, exactly as ``place`` would one at a time.
        """
        with self._lock:
            # Another thread's recovery (``place_unplaced``) may have placed some already.
            placed = self._store.story_places([article_id for article_id, _ in added])
            added = [(article_id, article) for article_id, article in added if article_id not in placed]
            if not added:
                return []
            texts = [self._text_of(article_id, article, now=now) for article_id, article in added]
            # Embedding is the slow part: done before the turn, so other processes wait less.
            described = cluster.describe_many(texts, embedder=self._embedder)
            pending = deque(zip(added, described, strict=True))
            placements: list[Placement] = []

            def place_pending() -> list[Placement]:
                # Another process may have placed some meanwhile (its recovery, in a lost turn).
                meanwhile = self._store.story_places([article_id for (article_id, _), _ in pending])
                unplaced = [entry for entry in pending if entry[0][0] not in meanwhile]
                pending.clear()
                pending.extend(unplaced)
                while pending:
                    (article_id, article), features = pending[0]
                    placements.append(self._place_described(article_id, article, features, now=now))
                    pending.popleft()
                return placements

            return self._in_turns(place_pending)

    def _in_turns(self, work: Callable[[], _Done]) -> _Done:
        """``work`` done in the store's placement turn, the memory caught up first. A write that
        finds the memory out of date (another process placed during the turn: it was lost) ends
        the turn with nothing of that write kept; ``work`` goes on in a new turn, from what it has
        not done, ``STALE_TURNS`` turns at most."""
        turns = 0
        while True:
            turns += 1
            try:
                with self._store.placement_turn() as clock:
                    self._catch_up(clock)  # another process may have placed articles meanwhile
                    return work()
            except StaleStoryMemory as stale:
                if turns < STALE_TURNS:
                    continue
                raise self._lost_turns(stale) from stale

    @staticmethod
    def _lost_turns(stale: StaleStoryMemory) -> StoreError:
        return StoreError(
            f"gave up placing articles among stories after {STALE_TURNS} placement turns, each "
            f"lost to another process placing meanwhile (the last: {stale}); check that the "
            "PostgreSQL connection holds, or that the SQLite lock file is on a local disk"
        )

    def describe_stale(self, *, now: datetime, batch: int = EMBED_BATCH) -> int:
        """Describe again the placed articles whose text changed since their features were made
        (teasers completed by a process stopped before it described them), oldest first; how
        many. Ingest calls this with ``place_unplaced``."""
        described = 0
        # Each article once a call: one still stale after it (deleted or unplaced meanwhile, or a
        # stored hash its text does not give again) must not keep the loop going.
        tried: set[int] = set()
        while stale := [key for key in self._store.stale_described_ids(limit=batch) if key not in tried]:
            tried.update(stale)
            described += self.describe_again(stale, now=now)
        return described

    def describe_again(self, article_ids: Sequence[int], *, now: datetime) -> int:
        """Make the features and fingerprint of placed articles again from the text the store
        holds now (teasers completed by their pages); how many were placed. Each stays in its
        story: the full text's features serve the articles that come after it (their candidates,
        scores and copies), and nothing placed before is moved; only copy records follow the new
        words (``_describe_again``)."""
        with self._lock:
            changed = self._store.get_articles(article_ids)
            if not changed:
                return 0
            texts = [self._text_of(stored.article_id, stored.article, now=now) for stored in changed]
            described = cluster.describe_many(texts, embedder=self._embedder)
            pending = deque(zip(changed, described, strict=True))
            placed = 0

            def describe_pending() -> int:
                nonlocal placed
                book = self.book
                while pending:
                    stored, features = pending[0]
                    if self._describe_again(book, stored, features):
                        placed += 1
                    pending.popleft()
                return placed

            return self._in_turns(describe_pending)

    def _describe_again(
        self, book: cluster.StoryBook, stored: StoredArticle, features: cluster.ArticleFeatures
    ) -> bool:
        """Replace one article's features in the store, then in the memory; whether it was placed.

        Its copy record is decided again from its new words (``dedupe.copies_again``): a copy
        whose page now says something else is no copy any more (or is another writing's), and the
        writing it leaves is weighed again without it. It stays in its story all the same."""
        subject = dedupe.subject_of(stored.article_id, stored.article, published_at=features.published_at)
        stored_features = _stored_features(features, self._embedder.name, stored.article)
        found = _same_language_copy(dedupe.find_copies(subject, self._store), features, book)
        found = dedupe.copies_again(subject, found, self._store)
        headed: list[cluster.StoryProfile] = []
        try:
            if found.changes:
                # The memory takes the new words before the copies are marked, so that a story
                # headed again by this article takes its new title, written with the change.
                book.describe_again(features)
                headed = book.mark_copies(_copy_flags(found))
            # One not placed yet is described from its full text when it is placed (placed from
            # the teaser another process held, it is stale and described by ``describe_stale``).
            if not self._store.record_features_again(
                subject=subject,
                features=stored_features,
                expected_clock=self._clock,
                copy_changes=found.changes,
                headlines=[(story.story_id, story.headline_key, story.headline) for story in headed],
            ):
                if found.changes:
                    self._book = None  # the memory took what the store did not: read it again
                return False
            self._clock += 1
            if not found.changes:
                book.describe_again(features)
        except StaleStoryMemory:
            # Nothing was written; a memory that marked copies for it cannot take that back.
            if found.changes:
                self._book = None
            raise
        except Exception:
            self._book = None  # the memory may be ahead of the store: read it again
            raise
        return True

    @staticmethod
    def _text_of(article_id: int, article: Article, *, now: datetime) -> cluster.ArticleText:
        return cluster.ArticleText(
            key=article_id,
            title=article.title,
            text=article.text,
            outlet=article.outlet.name,
            published_at=placement_time(article.published_at, article.fetched_at, now),
            language=article.language,
            dated=article.published_at is not None,
        )

    def _place_described(
        self, article_id: int, article: Article, features: cluster.ArticleFeatures, *, now: datetime
    ) -> Placement:
        book = self.book
        subject = dedupe.subject_of(article_id, article, published_at=features.published_at)
        found = _same_language_copy(dedupe.find_copies(subject, self._store), features, book)
        copy = found.copy
        waiting = book.waiting
        decision: StoryDecision | None = None
        try:
            # Stories of one article that this placement makes due are re-checked first, in the
            # memory, and their merges written with it: nothing of them is kept unless it is.
            settled = cluster.settle_due(book, self._policy)
            decision = _decide(features, found.match, book, self._policy)
            # The writing's stored articles that became copies (or its original) first: the story
            # the article joins must know them before it weighs the article for its headline.
            headed = book.mark_copies(_copy_flags(found))
            headline = None
            if decision.move == "join":
                profile = book.commit(features, decision, copy=copy is not None)
                headline = (profile.headline_key, profile.headline)
            placement = self._store.record_placement(
                subject=subject,
                title=features.title,
                features=_stored_features(features, self._embedder.name, article),
                copy=copy,
                decision=decision,
                headline=headline,
                now=now,
                expected_clock=self._clock,
                settled=settled,
                copy_changes=found.changes,
                headlines=[(story.story_id, story.headline_key, story.headline) for story in headed],
            )
            self._clock += 1  # this memory's own tick: it is still current
            if decision.move == "new":
                book.commit(features, decision, story_id=placement.story_id, copy=copy is not None)
        except StaleStoryMemory:
            # Nothing was written. A new story is not in the memory yet, which catches up; a join
            # is (its headline needed it), and a memory cannot forget an article: read it again.
            # So is one that re-checked stories (merged them, or took them off its waiting list),
            # or marked the copies of a writing whose original was decided again.
            if decision is None or decision.move == "join" or book.waiting != waiting or found.changes:
                self._book = None
            raise
        except Exception:
            # The memory may now be ahead of the store: rebuild it from the store next time.
            self._book = None
            raise
        return placement

    def save(self) -> None:
        """Save the ANN index beside the store, so that a restart loads it.

        The index only copies stored vectors, and a start rebuilds it from the store when the file
        is missing or stale: a data folder that is read-only or full costs that start some time,
        and is said once, but fails none of the articles already stored and placed."""
        with self._lock:
            if self._book is None:
                return
            try:
                self._book.save_index(self._index_path)
            except OSError as error:
                if not self._save_failed:
                    log.warning(
                        "could not save the stories' index %s (%s); it is rebuilt from the store "
                        "when Tidings next starts",
                        self._index_path,
                        error.strerror or error,
                    )
                self._save_failed = True
