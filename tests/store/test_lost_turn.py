"""A placement turn lost unnoticed: no placement decided on a memory another process overtook is kept.

A process's placement turn keeps every other process out while its memory of the stories places
a batch. The turn can be lost without the process knowing: its PostgreSQL lock connection drops
(a server restart of that backend, a network cut, ``pg_terminate_backend``), or the SQLite lock
file is removed. Another process then takes the turn and places articles, and every write the
first one goes on making is decided on a memory that no longer holds them. The story clock fences
those writes: each must name the clock its memory is current at, and is refused otherwise.

Here desk A's store runs ``overtake`` before chosen writes (another process placing while A
believes it holds the turn); the stories kept must be those a single process placing the same
articles in the same order makes (``StoryRun``, the batch command's own placement).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from tests.cluster.support import WHEN, aftermath, article, eruption, ntd, static_embedder, tribune, unrelated
from tests.store.placing import FEATURES
from tests.store.placing import Desk as ScriptedDesk
from tidings import dedupe
from tidings.cluster import ClusterPolicy, StoryBook
from tidings.errors import StoreError
from tidings.model import Added, Article, Placement, StoryDecision
from tidings.store import StaleStoryMemory, Store, StoredFeatures
from tidings.store.engine import StoreLock
from tidings.store.schema import article_fingerprints, stories
from tidings.store.stories import story_clock_reading
from tidings.stories import STALE_TURNS, StoryDesk, StoryItem, StoryRun

FED = article(
    "Fed raises interest rates by a quarter point", "", "Wire A", published_at=WHEN + timedelta(hours=1)
)
FED_AGAIN = article(
    "Fed raises interest rates a quarter point to fight inflation",
    "",
    "Wire B",
    published_at=WHEN + timedelta(hours=3),
)
TEASER = article(
    "Putin visits Belarus", "Putin arrived in Minsk on Thursday for talks with Lukashenko.", "One"
)


class OvertakenStore(Store):
    """The store as desk A sees it: before each write numbered in ``before`` (1 for A's first
    placement or re-description), ``overtake`` runs, as another process placing meanwhile
    would. Counts the writes the store refused as decided on an out-of-date memory."""

    def __init__(
        self, store: Store, overtake: Callable[[], object], *, before: Callable[[int], bool]
    ) -> None:
        super().__init__(store.engine)
        self._overtake = overtake
        self._before = before
        self.writes = 0
        self.refused = 0

    def record_placement(self, **placement: object) -> Placement:
        self._maybe_overtaken()
        try:
            return super().record_placement(**placement)  # type: ignore[arg-type]
        except StaleStoryMemory:
            self.refused += 1
            raise

    def record_features_again(self, **description: object) -> bool:
        self._maybe_overtaken()
        try:
            return super().record_features_again(**description)  # type: ignore[arg-type]
        except StaleStoryMemory:
            self.refused += 1
            raise

    def _maybe_overtaken(self) -> None:
        self.writes += 1
        if self._before(self.writes):
            self._overtake()


class TurnLostStore(Store):
    """A store whose placement turn holds no lock: the turn of a process whose lock is gone, as
    it sees it (the clock as it reads, and nobody kept out)."""

    @contextmanager
    def placement_turn(self) -> Iterator[int]:
        with self.reading() as connection:
            clock = story_clock_reading(connection)
        yield clock


def _stored(store: Store, item: Article) -> tuple[int, Article]:
    outcome = store.add_article(item)
    assert isinstance(outcome, Added)
    return outcome.article_id, item


def _desk(store: Store, folder: Path, policy: ClusterPolicy | None = None) -> StoryDesk:
    return StoryDesk(store, embedder=static_embedder(), index_path=folder / "index.usearch", policy=policy)


def _partition(story_of: Sequence[int]) -> set[frozenset[int]]:
    """Which positions share a story, whatever the stories' ids."""
    by_story: dict[int, set[int]] = {}
    for position, story_id in enumerate(story_of):
        by_story.setdefault(story_id, set()).add(position)
    return {frozenset(positions) for positions in by_story.values()}


def _one_process(placed: Sequence[Article], policy: ClusterPolicy | None = None) -> set[frozenset[int]]:
    """The stories one process makes of these articles, placed in this order."""
    run = StoryRun(embedder=static_embedder(), policy=policy)
    run.place(
        [
            StoryItem(
                key=position,
                title=item.title,
                text=item.text,
                outlet=item.outlet.name,
                published_at=item.published_at or item.fetched_at,
                language=item.language,
            )
            for position, item in enumerate(placed)
        ]
    )
    return _partition([answer.story_id for answer in run.answers()])


def _kept(store: Store, article_ids: Sequence[int]) -> set[frozenset[int]]:
    places = store.story_places(article_ids)
    return _partition([places[article_id].story_id for article_id in article_ids])


def _remembered(book: StoryBook, article_ids: Sequence[int]) -> set[frozenset[int]]:
    profiles = [book.story_of(article_id) for article_id in article_ids]
    return _partition([profile.story_id if profile is not None else -1 for profile in profiles])


def test_a_new_story_decided_on_an_overtaken_memory_is_not_kept_but_decided_again(
    store: Store, database_url: str, tmp_path: Path
) -> None:
    # A places the Fed article, then the Tribune's; before the Tribune's is written, B places the
    # NTD's (same event) unseen by A. A's memory holds no NTD article, so it decided "new story":
    # two stories for one event, were that kept.
    fed, seed, late = _stored(store, FED), _stored(store, ntd()), _stored(store, tribune())
    other = TurnLostStore.open(database_url)
    try:
        b = _desk(other, tmp_path / "b")
        a_store = OvertakenStore(store, lambda: b.place(*seed, now=WHEN), before=lambda write: write == 2)
        a = _desk(a_store, tmp_path / "a")
        placements = a.place_many([fed, late], now=WHEN)
    finally:
        other.close()
    assert a_store.refused == 1
    assert [placement.article_id for placement in placements] == [fed[0], late[0]]
    order = [fed, seed, late]
    ids = [article_id for article_id, _ in order]
    assert _kept(store, ids) == _one_process([item for _, item in order])
    assert _remembered(a.book, ids) == _kept(store, ids)


def test_a_join_decided_on_an_overtaken_memory_is_not_kept_and_the_memory_is_read_again(
    store: Store, database_url: str, tmp_path: Path
) -> None:
    # The Tribune's joins the NTD's story in A's memory before it is written (its headline needs
    # it); B's Fed article, placed meanwhile, must still be in A's memory for the second Fed one.
    seed, late, fed_again = _stored(store, ntd()), _stored(store, tribune()), _stored(store, FED_AGAIN)
    fed = _stored(store, FED)
    other = TurnLostStore.open(database_url)
    try:
        b = _desk(other, tmp_path / "b")
        a_store = OvertakenStore(store, lambda: b.place(*fed, now=WHEN), before=lambda write: write == 2)
        a = _desk(a_store, tmp_path / "a")
        a.place_many([seed, late, fed_again], now=WHEN)
    finally:
        other.close()
    assert a_store.refused == 1
    order = [seed, fed, late, fed_again]
    ids = [article_id for article_id, _ in order]
    assert _kept(store, ids) == _one_process([item for _, item in order])
    assert _remembered(a.book, ids) == _kept(store, ids)


def test_a_description_made_again_on_an_overtaken_memory_is_not_kept_but_made_again(
    store: Store, database_url: str, tmp_path: Path
) -> None:
    # Re-describing a completed teaser ticks the clock too: written on an overtaken memory, A
    # would count B's tick as its own and never take B's Fed article in, and the second Fed
    # article would start a story of its own.
    teaser, fed, fed_again = _stored(store, TEASER), _stored(store, FED), _stored(store, FED_AGAIN)
    other = TurnLostStore.open(database_url)
    try:
        b = _desk(other, tmp_path / "b")
        a_store = OvertakenStore(store, lambda: b.place(*fed, now=WHEN), before=lambda write: write == 2)
        a = _desk(a_store, tmp_path / "a")
        a.place(*teaser, now=WHEN)
        assert a.describe_again([teaser[0]], now=WHEN) == 1
        a.place(*fed_again, now=WHEN)
    finally:
        other.close()
    assert a_store.refused == 1
    order = [teaser, fed, fed_again]
    ids = [article_id for article_id, _ in order]
    assert _kept(store, ids) == _one_process([item for _, item in order])
    assert _remembered(a.book, ids) == _kept(store, ids)


def test_a_re_check_decided_on_an_overtaken_memory_is_not_kept_but_made_by_the_process_placing_first(
    store: Store, database_url: str, tmp_path: Path
) -> None:
    # Stories of one article are re-checked three placements after they open. A places the
    # eruption, its aftermath and one unrelated article, then a fifth: before it, its memory
    # re-checks the eruption and merges it into the aftermath's story, to be written with the
    # fifth. B places another article first, unseen by A, and so makes that re-check itself: A's
    # write, re-check and all, is refused, and A places the fifth on the memory read again.
    policy = ClusterPolicy(settle_after=3)
    texts = [eruption(), *aftermath(), *unrelated(3)]
    stored = [
        _stored(store, article(title, text, f"Outlet {n}", published_at=WHEN + timedelta(minutes=n)))
        for n, (title, text) in enumerate(texts)
    ]
    mine, meanwhile = [*stored[:4], stored[5]], stored[4]
    other = TurnLostStore.open(database_url)
    try:
        b = _desk(other, tmp_path / "b", policy)
        a_store = OvertakenStore(
            store, lambda: b.place(*meanwhile, now=WHEN), before=lambda write: write == 5
        )
        a = _desk(a_store, tmp_path / "a", policy)
        a.place_many(mine, now=WHEN)
    finally:
        other.close()
    assert a_store.refused == 1
    order = [*stored[:4], meanwhile, stored[5]]
    ids = [article_id for article_id, _ in order]
    kept = _kept(store, ids)
    assert kept == _one_process([item for _, item in order], policy)
    assert frozenset({0, 1, 2}) in kept  # the eruption joined its aftermath's story
    [merge] = store.get_story(store.story_places([ids[0]])[ids[0]].story_id).merges  # type: ignore[union-attr]
    assert merge.article_id == meanwhile[0]  # recorded by B, with its placement
    assert _remembered(a.book, ids) == kept


def test_a_batch_whose_every_turn_is_overtaken_gives_up_with_one_store_error_and_keeps_nothing(
    store: Store, database_url: str, tmp_path: Path
) -> None:
    others = iter(
        [
            _stored(store, article(f"Unrelated headline number {n}", "", f"Outlet {n}"))
            for n in range(STALE_TURNS)
        ]
    )
    mine = _stored(store, FED)
    other = TurnLostStore.open(database_url)
    try:
        b = _desk(other, tmp_path / "b")
        a_store = OvertakenStore(store, lambda: b.place(*next(others), now=WHEN), before=lambda _write: True)
        a = _desk(a_store, tmp_path / "a")
        with pytest.raises(StoreError, match=rf"gave up placing articles among stories after {STALE_TURNS} "):
            a.place_many([mine], now=WHEN)
    finally:
        other.close()
    assert a_store.refused == STALE_TURNS
    assert store.unplaced_article_ids() == [mine[0]]


def test_a_placement_or_description_at_another_clock_than_the_store_s_writes_nothing(store: Store) -> None:
    placed_id, _ = ScriptedDesk(store).place("one", 0)
    placed = store.get_article(placed_id).article
    article_id, item = _stored(store, FED)
    subject = dedupe.subject_of(article_id, item, published_at=WHEN)
    new_story = StoryDecision(move="new", score=0.0, reason="test new")
    with pytest.raises(StaleStoryMemory, match=r"clock reads 1, this memory .* was current at 0") as refused:
        store.record_placement(
            subject=subject,
            title=item.title,
            features=FEATURES,
            copy=None,
            decision=new_story,
            headline=None,
            now=WHEN,
            expected_clock=0,
        )
    assert (refused.value.expected_clock, refused.value.found_clock) == (0, 1)
    assert store.unplaced_article_ids() == [article_id]
    changed = StoredFeatures(model="test", dense=b"x", terms=b"", tf=b"", headline_only=False)
    with pytest.raises(StaleStoryMemory):
        store.record_features_again(
            subject=dedupe.subject_of(placed_id, FED, published_at=WHEN), features=changed, expected_clock=2
        )
    with store.reading() as connection:
        assert len(connection.execute(select(stories.c.id)).all()) == 1
        assert story_clock_reading(connection) == 1
        kept = connection.execute(
            select(article_fingerprints.c.content_hash).where(article_fingerprints.c.article_id == placed_id)
        ).scalar_one()
    assert kept == placed.content_hash
    # At the clock the store reads, both are kept, each with its tick.
    assert store.record_features_again(
        subject=dedupe.subject_of(placed_id, placed, published_at=WHEN), features=changed, expected_clock=1
    )
    store.record_placement(
        subject=subject,
        title=item.title,
        features=FEATURES,
        copy=None,
        decision=new_story,
        headline=None,
        now=WHEN,
        expected_clock=2,
    )
    assert store.unplaced_article_ids() == []
    with store.reading() as connection:
        assert story_clock_reading(connection) == 3


# Another process places one stored article, by its id, with a desk of its own (it must take the
# placement turn: it can only while the test's turn is lost).
_PLACE_ONE = """
import sys
from datetime import datetime
from pathlib import Path
from tidings.cluster.embed import StaticEmbedder
from tidings.store import Store
from tidings.stories import StoryDesk
store = Store.open(sys.argv[1])
article_id = int(sys.argv[2])
[stored] = store.get_articles([article_id])
desk = StoryDesk(store, embedder=StaticEmbedder(), index_path=Path(sys.argv[3]))
desk.place(article_id, stored.article, now=datetime.fromisoformat(sys.argv[4]))
store.close()
"""


def _lose_the_turn(store: Store) -> None:
    """Take the placement turn from this process behind its back: terminate the PostgreSQL
    connection that holds its advisory lock (the server releases the lock), or remove the SQLite
    lock file (the next process makes a new one and locks that)."""
    if store.dialect == "postgresql":
        key = int(StoreLock.STORY_PLACEMENT)
        with store.engine.connect() as connection:
            # A bigint advisory key shows as its high and low halves; only one session holds it.
            holder = connection.execute(
                text(
                    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 "
                    "AND classid::bigint = :high AND objid::bigint = :low"
                ),
                {"high": key >> 32, "low": key & 0xFFFF_FFFF},
            ).scalar_one()
            assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": holder}).scalar()
        return
    lock_file = Path(f"{store.name}.{StoreLock.STORY_PLACEMENT.name.lower()}.lock")
    assert lock_file.exists()
    lock_file.unlink()


def test_a_turn_whose_lock_is_lost_mid_batch_keeps_no_placement_decided_on_the_old_memory(
    store: Store, database_url: str, tmp_path: Path
) -> None:
    fed, seed, late = _stored(store, FED), _stored(store, ntd()), _stored(store, tribune())

    def another_process_places_the_seed() -> None:
        _lose_the_turn(store)
        subprocess.run(
            [
                sys.executable,
                "-c",
                _PLACE_ONE,
                database_url,
                str(seed[0]),
                str(tmp_path / "b"),
                WHEN.isoformat(),
            ],
            check=True,
            timeout=120,
        )

    a_store = OvertakenStore(store, another_process_places_the_seed, before=lambda write: write == 2)
    a = _desk(a_store, tmp_path / "a")
    a.place_many([fed, late], now=WHEN)
    assert a_store.refused == 1
    order = [fed, seed, late]
    ids = [article_id for article_id, _ in order]
    assert _kept(store, ids) == _one_process([item for _, item in order])
    # The turn is whole again: the next batch is placed in one, seeing all three.
    fed_again = _stored(store, FED_AGAIN)
    a.place_many([fed_again], now=WHEN)
    assert a_store.refused == 1
    order.append(fed_again)
    ids.append(fed_again[0])
    assert _kept(store, ids) == _one_process([item for _, item in order])
