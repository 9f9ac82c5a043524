from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from alembic import command
from sqlalchemy import inspect, select, update

from tests.cluster.support import NTD_TITLE, TRIBUNE_TITLE, WHEN, article, ntd, static_embedder, tribune
from tests.store.pages import site_page
from tests.store.placing import Desk
from tidings.cluster import ClusterPolicy, StoryBook
from tidings.cluster.embed import Embedder, Vectors
from tidings.cluster.features import term_counts
from tidings.errors import NotFound, StoreError
from tidings.model import Added, AlreadyHad, Article, Provenance, RawDocument
from tidings.pipeline import ingest_documents
from tidings.sample import sample_documents
from tidings.store import Store
from tidings.store.migrate import _alembic_config
from tidings.store.schema import article_features, articles
from tidings.stories import StoryDesk, StoryItem, StoryRun, cluster_items


class CountingEmbedder:
    """The static model, counting the texts it is asked to embed; with ``headline_model``, a
    second one for headline-only articles (as ``HybridEmbedder``), counted alike."""

    def __init__(self, headline_model: CountingEmbedder | None = None) -> None:
        self.inner = static_embedder()
        self.name = self.inner.name
        self.dimensions = self.inner.dimensions
        self.texts = 0
        self.calls = 0
        self.headline_model = headline_model

    def encode(self, texts: Sequence[str]) -> Vectors:
        self.texts += len(texts)
        self.calls += 1
        return self.inner.encode(texts)

    @property
    def headlines(self) -> Embedder | None:
        return self.headline_model


def _add(store: Store, desk: StoryDesk, item: Article) -> int:
    outcome = store.add_article(item)
    assert isinstance(outcome, Added)
    desk.place(outcome.article_id, item, now=WHEN + timedelta(days=60))
    return outcome.article_id


def _desk(
    store: Store, tmp_path: Path, embedder: CountingEmbedder | None = None, **policy: object
) -> StoryDesk:
    return StoryDesk(
        store,
        embedder=embedder or CountingEmbedder(),
        index_path=tmp_path / "stories" / "index.usearch",
        policy=ClusterPolicy(**policy),  # type: ignore[arg-type]
    )


def test_the_seed_pages_form_one_story_with_two_outlets(store: Store, tmp_path: Path) -> None:
    desk = _desk(store, tmp_path)
    first = _add(store, desk, ntd())
    second = _add(store, desk, tribune())
    [story] = store.list_stories()
    assert (story.article_count, story.outlet_count) == (2, 2)
    assert set(story.outlets) == {"NTD", "Tribune News Service"}
    detail = store.get_story(story.story_id)
    assert [member.article.article_id for member in detail.members] == [first, second]
    assert all(member.copy is None for member in detail.members)
    assert story.first_seen == WHEN


def test_a_copy_is_recorded_with_its_original_and_origin(store: Store, tmp_path: Path) -> None:
    desk = _desk(store, tmp_path)
    wire_text = "MINSK, Belarus (AP) — " + ntd().text
    original = _add(
        store, desk, article("Putin visits Belarus", wire_text, "Paper One", domain="one.example")
    )
    copy = _add(
        store,
        desk,
        article(
            "Putin in Minsk", wire_text, "Paper Two", domain="two.example", published_at=WHEN + timedelta(1)
        ),
    )
    [story] = store.list_stories()
    member = next(item for item in store.get_story(story.story_id).members if item.article.article_id == copy)
    assert member.copy is not None
    assert member.copy.original_id == original
    assert member.copy.origin is not None
    assert member.copy.origin.outlet == "Associated Press"
    assert member.article.copy_of == original


def test_the_same_words_declared_in_two_languages_are_no_copy_and_two_stories(
    store: Store, tmp_path: Path
) -> None:
    # One declaration is wrong, but articles in different languages never share a story, and a
    # copy would join its original's: the copy is not taken, in the store as in the batch.
    desk = _desk(store, tmp_path)
    english = _add(store, desk, article("Putin visits Belarus", ntd().text, "Paper One", language="en"))
    german = _add(
        store,
        desk,
        article(
            "Putin besucht Belarus", ntd().text, "Zeitung", language="de", published_at=WHEN + timedelta(1)
        ),
    )
    stories = store.list_stories()
    assert len(stories) == 2
    members = [member for story in stories for member in store.get_story(story.story_id).members]
    assert [(member.article.article_id, member.copy) for member in members] == [
        (german, None),
        (english, None),
    ]
    batch = cluster_items(
        [
            StoryItem(
                key=english,
                title="Putin visits Belarus",
                text=ntd().text,
                outlet="One",
                published_at=WHEN,
                language="en",
            ),
            StoryItem(
                key=german,
                title="Putin besucht Belarus",
                text=ntd().text,
                outlet="Z",
                published_at=WHEN + timedelta(1),
                language="de",
            ),
        ],
        embedder=static_embedder(),
    )
    assert [answer.copy_of for answer in batch] == [None, None]
    assert batch[0].story_id != batch[1].story_id


def test_weeks_of_silence_start_a_new_story_linked_as_earlier_coverage(store: Store, tmp_path: Path) -> None:
    desk = _desk(store, tmp_path)
    _add(store, desk, ntd())
    _add(store, desk, tribune(published_at=WHEN + timedelta(days=40)))
    later, earlier = store.list_stories()
    detail = store.get_story(later.story_id)
    assert [story.story_id for story in detail.earlier] == [earlier.story_id]
    assert [story.story_id for story in store.get_story(earlier.story_id).later] == [later.story_id]


def test_a_copy_republished_after_weeks_of_silence_is_a_new_story_linked_to_its_original_s(
    store: Store, tmp_path: Path
) -> None:
    desk = _desk(store, tmp_path)
    wire_text = "MINSK, Belarus (AP) — " + ntd().text
    original = _add(
        store, desk, article("Putin visits Belarus", wire_text, "Paper One", domain="one.example")
    )
    late = article(
        "Putin in Minsk", wire_text, "Paper Two", domain="two.example", published_at=WHEN + timedelta(40)
    )
    copy = _add(store, desk, late)
    later, earlier = store.list_stories()
    assert [story.story_id for story in store.get_story(later.story_id).earlier] == [earlier.story_id]
    [member] = store.get_story(later.story_id).members
    assert member.article.article_id == copy
    assert member.article.copy_of == original  # still one piece of writing, "also published by"


def _wire_original_and_two_republications_40_days_on() -> tuple[Article, Article, Article]:
    wire_text = "MINSK, Belarus (AP) — " + ntd().text
    later = WHEN + timedelta(40)
    return (
        article("Putin visits Belarus", wire_text, "Paper One", domain="one.example"),
        article("Putin in Minsk", wire_text, "Paper Two", domain="two.example", published_at=later),
        article("Putin in Belarus", wire_text, "Paper Three", domain="three.example", published_at=later),
    )


@pytest.mark.parametrize("original_last", [False, True], ids=["original-first", "original-last"])
def test_republications_weeks_after_the_original_are_one_story_linked_to_it_in_either_order(
    store: Store, tmp_path: Path, original_last: bool
) -> None:
    # The wire's story is long quiet; two outlets republish its writing the same day: one event's
    # coverage again, one story linked to the original's, not a story for each republication. Added
    # last, the original is their earlier coverage, not one story spanning the weeks between.
    desk = _desk(store, tmp_path)
    original, *republications = _wire_original_and_two_republications_40_days_on()
    in_order = [*republications, original] if original_last else [original, *republications]
    added = [_add(store, desk, each) for each in in_order]
    first = added[-1] if original_last else added[0]
    republished, earlier = store.list_stories()
    assert republished.article_count == 2
    assert [member.article.article_id for member in store.get_story(earlier.story_id).members] == [first]
    assert [story.story_id for story in store.get_story(republished.story_id).earlier] == [earlier.story_id]
    assert [story.story_id for story in store.get_story(earlier.story_id).later] == [republished.story_id]
    assert {member.article.copy_of for member in store.get_story(republished.story_id).members} == {first}


def test_a_merge_is_recorded_and_the_absorbed_story_points_to_the_survivor(
    store: Store, tmp_path: Path
) -> None:
    # Two one-headline stories worded apart merge only without the word guard (tests/cluster).
    desk = _desk(store, tmp_path, headline_threshold=0.5, headline_merge_margin=0.05, merge_word_share=0)
    one = _add(store, desk, article("Fed raises interest rates by a quarter point", "", "A"))
    two = _add(store, desk, article("Central bank lifts borrowing costs as inflation bites", "", "B"))
    bridge = _add(
        store, desk, article("Fed raises interest rates, lifting borrowing costs as inflation bites", "", "C")
    )
    [story] = store.list_stories()
    detail = store.get_story(story.story_id)
    assert sorted(member.article.article_id for member in detail.members) == [one, two, bridge]
    [merge] = detail.merges
    assert merge.survivor_id == story.story_id
    assert merge.article_id == bridge
    assert "one event" in merge.reason
    absorbed = store.get_story(merge.absorbed_id)
    assert absorbed.story.merged_into == story.story_id
    assert absorbed.members == ()


def test_an_index_that_cannot_be_saved_is_a_warning_and_the_next_start_rebuilds_it(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The index is a copy of stored vectors: a read-only or full data folder failed ``tidings add``
    after its articles were stored and placed, as 'unexpected error (RuntimeError: Permission
    denied) ... a bug in Tidings'."""
    (tmp_path / "stories").write_text("a file where the index's folder should be")
    desk = _desk(store, tmp_path)
    _add(store, desk, ntd())
    with caplog.at_level(logging.WARNING, logger="tidings.stories"):
        desk.save()
        desk.save()
    [warning] = caplog.records  # said once, not on every poll of a long run
    message = warning.getMessage()
    assert str(tmp_path / "stories" / "index.usearch") in message
    assert "rebuilt from the store" in message
    # Where the file cannot be written at all (usearch's own RuntimeError), the same.
    (tmp_path / "stories").unlink()
    (tmp_path / "stories" / "index.usearch.partial").mkdir(parents=True)
    caplog.clear()
    other = _desk(store, tmp_path)
    _add(store, other, tribune())
    with caplog.at_level(logging.WARNING, logger="tidings.stories"):
        other.save()
    assert [record.levelname for record in caplog.records] == ["WARNING"]
    assert not (tmp_path / "stories" / "index.usearch").exists()
    restarted = _desk(store, tmp_path)
    assert len(restarted.book.index) == 2


def test_a_restart_reloads_the_memory_without_embedding_again(store: Store, tmp_path: Path) -> None:
    desk = _desk(store, tmp_path)
    _add(store, desk, ntd())
    _add(store, desk, article("Apple unveils new iPhone with larger screen", "", "Tech Site"))
    desk.save()
    assert (tmp_path / "stories" / "index.usearch").is_file()

    restarted = _desk(store, tmp_path)
    book = restarted.book
    assert isinstance(restarted._embedder, CountingEmbedder)
    assert restarted._embedder.texts == 0
    assert len(book) == 2
    assert len(book.index) == 2
    saved = desk.book.story_of(1)
    reloaded = book.story_of(1)
    assert saved is not None
    assert reloaded is not None
    assert np.allclose(saved.dense_sum, reloaded.dense_sum)
    _add(store, restarted, tribune())
    assert restarted._embedder.texts == 1
    assert len(store.list_stories()) == 2


def test_a_restart_keeps_the_headline_model_vectors_of_headline_only_articles(
    store: Store, tmp_path: Path
) -> None:
    headlines = CountingEmbedder()
    desk = _desk(store, tmp_path, CountingEmbedder(headlines))
    full_text = _add(store, desk, ntd())
    apple = _add(store, desk, article("Apple unveils new iPhone with larger screen", "", "Tech Site"))
    assert headlines.texts == 1
    desk.save()
    placed = desk.book.features(apple)
    assert placed is not None
    assert placed.headline_vector is not None

    restarted_headlines = CountingEmbedder()
    restarted = _desk(store, tmp_path, CountingEmbedder(restarted_headlines))
    reloaded = restarted.book.features(apple)
    assert restarted_headlines.texts == 0
    assert reloaded is not None
    assert reloaded.dense.shape == placed.dense.shape
    assert np.allclose(reloaded.dense, placed.dense)
    assert reloaded.headline_vector is not None
    assert np.allclose(reloaded.headline_vector, placed.headline_vector)
    reloaded_full_text = restarted.book.features(full_text)
    assert reloaded_full_text is not None
    assert reloaded_full_text.headline_vector is None
    story = restarted.book.story_of(apple)
    assert story is not None
    assert story.headline_count == 1


def test_a_missing_index_file_is_rebuilt_from_stored_vectors(store: Store, tmp_path: Path) -> None:
    desk = _desk(store, tmp_path)
    _add(store, desk, ntd())
    restarted = _desk(store, tmp_path)
    assert len(restarted.book.index) == 1
    assert isinstance(restarted._embedder, CountingEmbedder)
    assert restarted._embedder.texts == 0


def test_a_future_date_is_placed_at_now(store: Store, tmp_path: Path) -> None:
    desk = _desk(store, tmp_path)
    _add(store, desk, ntd(published_at=WHEN + timedelta(days=3650)))
    [story] = store.list_stories()
    assert story.first_seen == WHEN + timedelta(days=60)


def test_an_unknown_story_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        store.get_story(12345)


def _undated_tribune(*, fetched_at: datetime) -> Article:
    """The Tribune seed page as a page that states no date, read at ``fetched_at``."""
    seed = tribune()
    fields = {field: getattr(seed, field) for field in seed.__slots__}
    return Article(**{**fields, "published_at": None, "fetched_at": fetched_at})


def test_an_undated_article_joins_its_story_however_long_ago_that_story_began(
    store: Store, tmp_path: Path
) -> None:
    desk = _desk(store, tmp_path)
    _add(store, desk, ntd())
    _add(store, desk, _undated_tribune(fetched_at=WHEN + timedelta(hours=2)))
    [story] = store.list_stories()
    assert (story.article_count, story.outlet_count) == (2, 2)


@pytest.mark.parametrize("restarted", [False, True], ids=["one desk", "restarted"])
def test_an_undated_page_does_not_keep_its_story_open_for_coverage_weeks_later(
    store: Store, tmp_path: Path, restarted: bool
) -> None:
    # The seed pair: NTD's page is dated, Tribune's is not, and a page with no date is placed at
    # the time it was fetched (here 39 days later). Coverage dated 40 days after NTD's is the next
    # event's, as it would be without the undated page: a new story linked to the first. Before,
    # the fetch time counted as the story's latest article, and the story took it in.
    desk = _desk(store, tmp_path)
    first = _add(store, desk, ntd())
    _add(store, desk, _undated_tribune(fetched_at=WHEN + timedelta(days=39)))
    assert len(store.list_stories()) == 1
    if restarted:
        desk.save()
        desk = _desk(store, tmp_path)
    follow_up = article(
        "Putin in Minsk", "MINSK, Belarus (AP) — " + ntd().text, "Paper Two", domain="two.example",
        published_at=WHEN + timedelta(days=40),
    )  # fmt: skip
    _add(store, desk, follow_up)
    later, earlier = store.list_stories()
    assert first in {member.article.article_id for member in store.get_story(earlier.story_id).members}
    assert [story.story_id for story in store.get_story(later.story_id).earlier] == [earlier.story_id]


def test_a_restarted_memory_holds_a_teaser_dated_later_as_placed_undated(
    store: Store, tmp_path: Path
) -> None:
    # A teaser placed undated (at its fetch time, 39 days on) is given a date when its page
    # completes it; its placement stays at the fetch time. A restarted memory read it as dated and
    # stretched its 2022 story's span to the fetch time, reopening it; the running one had not.
    desk = _desk(store, tmp_path)
    _add(store, desk, ntd())
    teaser_id = _add(store, desk, _undated_tribune(fetched_at=WHEN + timedelta(days=39)))
    with store.engine.begin() as connection:
        connection.execute(
            update(articles).where(articles.c.id == teaser_id).values(published_at=WHEN + timedelta(hours=3))
        )
    running = desk.book.story_of(teaser_id)
    desk.save()
    restarted = _desk(store, tmp_path).book.story_of(teaser_id)
    assert running is not None
    assert restarted is not None
    assert (
        (restarted.first_seen, restarted.last_seen) == (running.first_seen, running.last_seen) == (WHEN, WHEN)
    )


BATCH_HEADLINES = [
    ("Apple unveils new iPhone with larger screen", "Tech Site"),
    ("Apple unveils new iPhone with a larger screen", "Phone News"),
    ("ECB holds interest rates steady as inflation slows", "Money Daily"),
    ("Apple unveils new iPhone with larger screen", "Wire Copy"),
    ("European Central Bank keeps rates on hold, inflation slows", "Euro Paper"),
    ("Storm batters coast, thousands without power", "Weather Desk"),
]


def _batch_articles() -> list[Article]:
    return [
        article(title, "", outlet, published_at=WHEN + timedelta(minutes=minute))
        for minute, (title, outlet) in enumerate(BATCH_HEADLINES)
    ]


def _partition(placements: Sequence[tuple[int, int]]) -> set[frozenset[int]]:
    """Which input positions share a story, whatever the stories' ids."""
    by_story: dict[int, set[int]] = {}
    for position, story_id in placements:
        by_story.setdefault(story_id, set()).add(position)
    return {frozenset(positions) for positions in by_story.values()}


def test_a_batch_is_embedded_in_one_call_and_placed_as_one_by_one_would(store: Store, tmp_path: Path) -> None:
    headlines = CountingEmbedder()
    desk = _desk(store, tmp_path, CountingEmbedder(headlines))
    added = []
    for item in _batch_articles():
        outcome = store.add_article(item)
        assert isinstance(outcome, Added)
        added.append((outcome.article_id, item))
    placements = desk.place_many(added, now=WHEN + timedelta(days=1))
    assert headlines.calls == 1
    assert headlines.texts == len(BATCH_HEADLINES)

    one_by_one_store = Store.open(f"sqlite:///{tmp_path / 'one-by-one.sqlite3'}")
    one_by_one_store.migrate()
    try:
        one_by_one = _desk(one_by_one_store, tmp_path / "one-by-one", CountingEmbedder(CountingEmbedder()))
        singles = [_add(one_by_one_store, one_by_one, item) for item in _batch_articles()]
        single_places = one_by_one_store.story_places(singles)
        single_stories = [(position, single_places[key].story_id) for position, key in enumerate(singles)]
    finally:
        one_by_one_store.close()
    batch_places = store.story_places([placement.article_id for placement in placements])
    batch_stories = [
        (position, batch_places[placement.article_id].story_id)
        for position, placement in enumerate(placements)
    ]
    assert _partition(batch_stories) == _partition(single_stories)
    # The wire copy is recognised inside the batch, from the article placed just before it.
    assert placements[3].copy_of == placements[0].article_id
    assert len(_partition(batch_stories)) >= 3


def _sample_headlines(count: int) -> list[StoryItem]:
    """The first ``count`` headlines of the bundled UCI sample (one per outlet and title), as
    batch items keyed by position."""
    items: list[StoryItem] = []
    seen: set[tuple[str, str]] = set()
    for document in sample_documents(fetched_at=WHEN):
        hints = document.hints
        assert hints.title is not None
        assert hints.outlet is not None
        assert hints.published_at is not None
        if (hints.outlet, hints.title) in seen:
            continue
        seen.add((hints.outlet, hints.title))
        items.append(
            StoryItem(
                key=len(items),
                title=hints.title,
                text="",
                outlet=hints.outlet,
                published_at=hints.published_at,
                language="en",
            )
        )
        if len(items) == count:
            break
    return items


def test_the_store_path_across_restarts_gives_the_batch_command_s_stories(
    store: Store, tmp_path: Path
) -> None:
    items = _sample_headlines(700)  # the fewest (by hundreds) in which the merge word guard acts
    batch = _placed_by_the_batch_engine(items)
    unguarded = _placed_by_the_batch_engine(items, ClusterPolicy(merge_word_share=0))
    # The merge word guard refuses at least one merge in this stream, so it is exercised below.
    assert _partition(unguarded) != _partition(batch)

    article_ids: list[int] = []
    for start in range(0, len(items), 175):
        # A fresh desk for every 175 headlines: the memory is restored from the store each time.
        desk = _desk(store, tmp_path)
        added = _store_headlines(store, items[start : start + 175])
        article_ids.extend(article_id for article_id, _ in added)
        desk.place_many(added, now=WHEN)
        desk.save()
    assert _stored_partition(store, article_ids) == _partition(batch)


def _placed_by_the_batch_engine(
    items: Sequence[StoryItem], policy: ClusterPolicy | None = None
) -> list[tuple[int, int]]:
    """(key, story) of each item as the batch command's engine places them, before the re-checks
    it makes at the end of its input (``StoryRun.finish``): a store's input never ends."""
    run = StoryRun(embedder=static_embedder(), policy=policy)
    run.place(items)
    return [(answer.key, answer.story_id) for answer in run.answers()]


def _store_headlines(store: Store, items: Sequence[StoryItem]) -> list[tuple[int, Article]]:
    """Batch items stored as headline-only articles, with their ids, not yet placed."""
    added = []
    for item in items:
        stored = article(item.title, "", item.outlet, published_at=item.published_at)
        outcome = store.add_article(stored)
        assert isinstance(outcome, Added)
        added.append((outcome.article_id, stored))
    return added


def _stored_partition(store: Store, article_ids: Sequence[int]) -> set[frozenset[int]]:
    """Which positions of ``article_ids`` the store has put in one story."""
    places = store.story_places(article_ids)
    return _partition([(position, places[key].story_id) for position, key in enumerate(article_ids)])


def test_articles_an_interrupted_batch_stored_but_did_not_place_are_placed_by_the_next_ingest(
    store: Store, tmp_path: Path
) -> None:
    # Ctrl+C between storing a batch and placing it leaves exactly this: stored, no story. Adding
    # the same files again finds them stored, so only recovery can give them their story.
    interrupted = [store.add_article(ntd()), store.add_article(tribune())]
    ids = [outcome.article_id for outcome in interrupted if isinstance(outcome, Added)]
    assert store.unplaced_article_ids() == ids
    desk = _desk(store, tmp_path)
    outcomes = list(ingest_documents([], store, now=WHEN, stories=desk))
    assert outcomes == []
    assert store.unplaced_article_ids() == []
    places = store.story_places(ids)
    assert places[ids[0]].story_id == places[ids[1]].story_id
    assert store.get_story(places[ids[0]].story_id).story.outlet_count == 2
    # Placing again what recovery placed (a poll thread that stored it first) changes nothing.
    assert desk.place_many([(ids[0], ntd())], now=WHEN) == []
    assert store.get_story(places[ids[0]].story_id).story.article_count == 2


def test_two_processes_placing_into_one_store_see_each_other_s_articles(
    store: Store, database_url: str, tmp_path: Path
) -> None:
    # `tidings serve` polling while `tidings add` runs: two stores on one database, two desks,
    # each keeping its own memory. Turns alternate; each must see what the other placed.
    items = _sample_headlines(300)
    batch = _placed_by_the_batch_engine(items)
    other_store = Store.open(database_url)
    try:
        desks = [_desk(store, tmp_path / "serve"), _desk(other_store, tmp_path / "add")]
        article_ids: list[int] = []
        for turn, start in enumerate(range(0, len(items), 30)):
            added = _store_headlines(store, items[start : start + 30])
            article_ids.extend(article_id for article_id, _ in added)
            desks[turn % 2].place_many(added, now=WHEN)
    finally:
        other_store.close()
    assert _stored_partition(store, article_ids) == _partition(batch)


def test_a_memory_behind_the_store_reads_only_what_it_has_not_seen(
    store: Store, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other_store = Store.open(database_url)
    try:
        serve, add = _desk(store, tmp_path / "serve"), _desk(other_store, tmp_path / "add")
        first = store.add_article(ntd())
        assert isinstance(first, Added)
        serve.place_many([(first.article_id, ntd())], now=WHEN)
        book = serve.book
        second = other_store.add_article(tribune())
        assert isinstance(second, Added)
        add.place_many([(second.article_id, tribune())], now=WHEN)  # the other process's placement
        asked: list[int | None] = []
        story_state = Store.story_state

        def spying(self: Store, model: str, *, after_clock: int | None = None) -> object:
            asked.append(after_clock)
            return story_state(self, model, after_clock=after_clock)

        monkeypatch.setattr(Store, "story_state", spying)
        third = article("Belarus and Russia hold joint air defence drills", "", "Minsk Herald")
        outcome = store.add_article(third)
        assert isinstance(outcome, Added)
        serve.place_many([(outcome.article_id, third)], now=WHEN)
        assert asked == [1]  # only what was placed after the one placement it had seen
        assert serve.book is book  # caught up, not read again whole
        assert len(book) == 3
        # The seed pair is one story in this memory, though the other process placed the second.
        stories = [book.story_of(key) for key in (first.article_id, second.article_id)]
        assert stories[0] is not None
        assert stories[0] is stories[1]
    finally:
        other_store.close()


def test_a_placement_turn_keeps_another_process_waiting_until_it_ends(
    store: Store, database_url: str
) -> None:
    script = (
        "import sys\n"
        "from tidings.store import Store\n"
        "store = Store.open(sys.argv[1])\n"
        "print('waiting', flush=True)\n"
        "with store.placement_turn() as clock:\n"
        "    print('in turn', clock, flush=True)\n"
    )
    with store.placement_turn() as clock:
        assert clock == 0
        other = subprocess.Popen(
            [sys.executable, "-c", script, database_url], stdout=subprocess.PIPE, text=True
        )
        assert other.stdout is not None
        assert other.stdout.readline() == "waiting\n"
        time.sleep(1.0)
        assert other.poll() is None  # still waiting for the turn
    output, _ = other.communicate(timeout=30)
    assert output == "in turn 0\n"


def test_a_placement_turn_on_an_unreachable_database_fails_as_one_store_error_line() -> None:
    # The server went away between storing a batch and placing it: the turn cannot be taken, and
    # that is said as every other store failure is, not as a driver's traceback.
    unreachable = Store.open("postgresql+psycopg://nobody@127.0.0.1:1/x")
    try:
        with (
            pytest.raises(StoreError, match=r"could not write to the database .*127\.0\.0\.1:1"),
            unreachable.placement_turn(),
        ):
            pass
    finally:
        unreachable.close()


@pytest.mark.parametrize("spelling", ["file:{path}?uri=true", "file://{path}?uri=true&mode=rwc"])
def test_a_placement_turn_on_a_sqlite_file_uri_keeps_the_plain_path_s_turn_waiting(
    tmp_path: Path, spelling: str
) -> None:
    # `tidings serve` given the database as a file: URI, `tidings add` as a path: one file, so
    # one turn (the file: URI is still a file other processes open; only memory is not).
    database = tmp_path / "tidings.sqlite3"
    plain = Store.open(f"sqlite:///{database}")
    as_uri = Store.open("sqlite:///" + spelling.format(path=database))
    plain.migrate()
    entered = threading.Event()

    def take_the_turn() -> None:
        with as_uri.placement_turn():
            entered.set()

    try:
        with plain.placement_turn():
            other = threading.Thread(target=take_the_turn)
            other.start()
            assert not entered.wait(1.0)  # still waiting for the turn
        other.join(timeout=30)
        assert entered.is_set()
    finally:
        plain.close()
        as_uri.close()


def test_a_memory_caught_up_on_another_process_s_merges_holds_the_stories_a_restart_reads(
    store: Store, database_url: str, tmp_path: Path
) -> None:
    # Two desks take turns, each catching up on the other's placements and merges (with the
    # merge guard off, so that merges are many); the memory that caught up must group the
    # articles as one read whole from the store after all of it does.
    items = _sample_headlines(301)
    policy = {"merge_word_share": 0}
    other_store = Store.open(database_url)
    try:
        desks = [_desk(store, tmp_path / "serve", **policy), _desk(other_store, tmp_path / "add", **policy)]
        article_ids: list[int] = []
        for turn, start in enumerate(range(0, 300, 20)):
            added = _store_headlines(store, items[start : start + 20])
            article_ids.extend(article_id for article_id, _ in added)
            desks[turn % 2].place_many(added, now=WHEN)
        last = desks[0].book  # placed last by the other desk: caught up by one more placement
        added = _store_headlines(store, items[300:])
        article_ids.extend(article_id for article_id, _ in added)
        desks[0].place_many(added, now=WHEN)
        assert desks[0].book is last
    finally:
        other_store.close()
    places = store.story_places(article_ids)
    stories = {place.story_id for place in places.values()}
    merged = {merge.absorbed_id for story_id in stories for merge in store.get_story(story_id).merges}
    assert len(merged) >= 3  # merges made by both desks, which the other caught up on
    restored = _desk(store, tmp_path / "restart", **policy).book

    def grouped(book: StoryBook) -> set[frozenset[int]]:
        profiles = [book.story_of(key) for key in article_ids]
        return _partition(
            [(position, profile.story_id if profile else -1) for position, profile in enumerate(profiles)]
        )

    assert grouped(last) == grouped(restored) == _stored_partition(store, article_ids)


_TEASER_URL = "https://one.example/2026/putin-belarus"


def _wire_text() -> str:
    return "MINSK, Belarus (AP) — " + ntd().text


def _teaser() -> Article:
    text = "Putin arrived in Minsk on Thursday for talks with Lukashenko."
    return article("Putin visits Belarus", text, "Paper One", domain="one.example", url=_TEASER_URL)


def _complete(store: Store, desk: StoryDesk) -> None:
    """The teaser's page added by its address, through the ingest pipeline."""
    page = article("Putin visits Belarus", _wire_text(), "Paper One", domain="one.example", url=_TEASER_URL)
    document = RawDocument(
        provenance=Provenance("url", _TEASER_URL),
        body="<html></html>",
        media_type="text/html",
        url=_TEASER_URL,
        fetched_at=WHEN + timedelta(hours=1),
    )
    [outcome] = ingest_documents([document], store, now=WHEN, stories=desk, extract_article=lambda _doc: page)
    assert isinstance(outcome.outcome, AlreadyHad)
    assert outcome.outcome.completed


def test_a_teaser_completed_by_its_page_is_described_again_and_its_copies_are_found(
    store: Store, tmp_path: Path
) -> None:
    desk = _desk(store, tmp_path)
    teaser_id = _add(store, desk, _teaser())
    before = desk.book.features(teaser_id)
    assert before is not None
    assert before.headline_only
    _complete(store, desk)
    after = desk.book.features(teaser_id)
    assert after is not None
    assert not after.headline_only
    assert desk.book.nearest(after.dense, 1)[0][0] == teaser_id
    # What the store keeps is what the memory holds: a restart reads the full text's features.
    restarted = _desk(store, tmp_path / "restart").book.features(teaser_id)
    assert restarted is not None
    assert np.array_equal(restarted.dense, after.dense)
    assert np.array_equal(restarted.lexical.terms, after.lexical.terms)
    # A wire copy of the full text, from another outlet, is recognised as a copy of it.
    copy = _add(
        store,
        desk,
        article(
            "Putin in Minsk",
            _wire_text(),
            "Paper Two",
            domain="two.example",
            published_at=WHEN + timedelta(1),
        ),
    )
    [story] = store.list_stories()
    member = next(item for item in store.get_story(story.story_id).members if item.article.article_id == copy)
    assert member.copy is not None
    assert member.copy.original_id == teaser_id


def test_another_process_s_memory_takes_in_a_completed_teaser_s_features(
    store: Store, database_url: str, tmp_path: Path
) -> None:
    other_store = Store.open(database_url)
    try:
        serve, add = _desk(store, tmp_path / "serve"), _desk(other_store, tmp_path / "add")
        teaser_id = _add(store, serve, _teaser())
        _complete(other_store, add)
        completed = add.book.features(teaser_id)
        assert completed is not None
        held = serve.book.features(teaser_id)
        assert held is not None
        assert held.headline_only
        later = article("Belarus and Russia hold joint air defence drills", "", "Minsk Herald")
        outcome = store.add_article(later)
        assert isinstance(outcome, Added)
        serve.place_many([(outcome.article_id, later)], now=WHEN)  # catches up first
        caught_up = serve.book.features(teaser_id)
        assert caught_up is not None
        assert not caught_up.headline_only
        assert np.array_equal(caught_up.dense, completed.dense)
        story = serve.book.story_of(teaser_id)
        assert story is not None
        assert np.allclose(
            story.dense_sum,
            sum(serve.book.features(key).dense for key in story.members),
            atol=1e-5,  # type: ignore[union-attr]
        )
    finally:
        other_store.close()


def test_an_index_saved_by_a_process_behind_the_store_is_not_trusted_for_a_described_article(
    store: Store, database_url: str, tmp_path: Path
) -> None:
    # Both processes save their index to the one file beside the store.
    other_store = Store.open(database_url)
    try:
        serve, add = _desk(store, tmp_path), _desk(other_store, tmp_path)
        teaser_id = _add(store, serve, _teaser())
        _complete(other_store, add)  # saves the full text's vector
        serve.save()  # not caught up: still the teaser's vector
        completed = add.book.features(teaser_id)
        assert completed is not None
        restarted = _desk(store, tmp_path).book
        [(key, similarity)] = restarted.nearest(completed.dense, 1)
        assert key == teaser_id
        assert similarity > 0.999
    finally:
        other_store.close()


def test_a_completed_teaser_a_stopped_process_left_is_described_by_the_next_ingest(
    store: Store, tmp_path: Path
) -> None:
    teaser_id = _add(store, _desk(store, tmp_path), _teaser())
    assert store.stale_described_ids() == []
    page = article("Putin visits Belarus", _wire_text(), "Paper One", domain="one.example", url=_TEASER_URL)
    completed = store.add_article(page)  # the process stops before it describes the article again
    assert isinstance(completed, AlreadyHad)
    assert completed.completed
    assert store.stale_described_ids() == [teaser_id]
    restarted = _desk(store, tmp_path / "restart")
    assert list(ingest_documents([], store, now=WHEN, stories=restarted)) == []
    assert store.stale_described_ids() == []
    features = restarted.book.features(teaser_id)
    assert features is not None
    assert not features.headline_only


def test_the_described_text_migration_takes_stored_features_as_made_from_the_stored_text(
    store: Store, tmp_path: Path
) -> None:
    _add(store, _desk(store, tmp_path), _teaser())
    config = _alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0011")  # before 0015
    assert "text_hash" not in {
        column["name"] for column in inspect(store.engine).get_columns("article_features")
    }
    store.migrate()
    assert store.stale_described_ids() == []


def test_a_teaser_placed_after_another_process_completed_it_is_described_again_later(
    store: Store, tmp_path: Path
) -> None:
    # One process stores the teaser; before it places it, another completes it by its page (and
    # cannot describe it again: it is not placed yet). The first places the teaser it holds: its
    # features are the teaser's, and they must not pass for the full text's.
    teaser = _teaser()
    stored = store.add_article(teaser)
    assert isinstance(stored, Added)
    page = article("Putin visits Belarus", _wire_text(), "Paper One", domain="one.example", url=_TEASER_URL)
    completed = store.add_article(page)
    assert isinstance(completed, AlreadyHad)
    assert completed.completed
    desk = _desk(store, tmp_path)
    desk.place_many([(stored.article_id, teaser)], now=WHEN)
    assert store.stale_described_ids() == [stored.article_id]
    assert desk.describe_stale(now=WHEN) == 1
    assert store.stale_described_ids() == []
    features = desk.book.features(stored.article_id)
    assert features is not None
    assert not features.headline_only


class _CountedStaleReads:
    """A store that answers as ``store`` does, failing once ``stale_described_ids`` has been asked
    more often than any finishing run needs (a loop that never ends)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.asked = 0

    def stale_described_ids(self, *, limit: int = 1000) -> list[int]:
        self.asked += 1
        assert self.asked < 10, "describe_stale keeps asking for the same articles"
        return self._store.stale_described_ids(limit=limit)

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)


def test_an_article_whose_stored_hash_its_text_never_gives_is_described_once_a_run(
    store: Store, tmp_path: Path
) -> None:
    # A stored hash its text does not give again (written by another rule than today's): the
    # article stays stale after it is described, and describing stale articles must still end.
    desk = _desk(store, tmp_path)
    teaser_id = _add(store, desk, _teaser())
    with store.writing() as connection:
        connection.execute(update(articles).where(articles.c.id == teaser_id).values(content_hash="0" * 64))
    counted = _CountedStaleReads(store)
    recovering = StoryDesk(
        counted,  # type: ignore[arg-type]
        embedder=CountingEmbedder(),
        index_path=tmp_path / "recovering" / "index.usearch",
    )
    assert recovering.describe_stale(now=WHEN) == 1


def test_only_a_teaser_s_features_keep_the_text_they_were_made_from(store: Store, tmp_path: Path) -> None:
    # A full text is never completed (``complete_teaser``): its features are not compared with the
    # stored text on every ingest, so the stale query reads teasers only (a partial index).
    desk = _desk(store, tmp_path)
    full_id = _add(store, desk, ntd())
    teaser_id = _add(store, desk, _teaser())
    with store.reading() as connection:
        kept = dict(
            connection.execute(select(article_features.c.article_id, article_features.c.text_hash)).all()
        )
    assert kept == {full_id: None, teaser_id: _teaser().content_hash}


def test_the_described_text_migration_keeps_the_hashes_of_stored_teasers_only(
    store: Store, tmp_path: Path
) -> None:
    desk = _desk(store, tmp_path)
    full_id = _add(store, desk, ntd())
    teaser_id = _add(store, desk, _teaser())
    headline_id = _add(store, desk, article("Lukashenko meets Putin", "", "Minsk Herald"))
    config = _alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0011")  # before 0015
    store.migrate()
    with store.reading() as connection:
        kept = dict(
            connection.execute(select(article_features.c.article_id, article_features.c.text_hash)).all()
        )
    assert kept == {
        full_id: None,
        teaser_id: _teaser().content_hash,
        headline_id: article("Lukashenko meets Putin", "", "Minsk Herald").content_hash,
    }
    # A teaser stored before the migration is still described again once its page completes it.
    page = article("Putin visits Belarus", _wire_text(), "Paper One", domain="one.example", url=_TEASER_URL)
    completed = store.add_article(page)
    assert isinstance(completed, AlreadyHad)
    assert completed.completed
    assert store.stale_described_ids() == [teaser_id]


# Audit: Hill Courier republished Metro Times' article word for word (a copy at 0.998) under a
# title of its own; the story's headline became the republisher's title everywhere (CLI, front
# page, story and entity pages). A copy heads no story an original writing is in.


_COPY_TITLE = "Scaramucci copy: Putin says Russia-Belarus drills go on"


def _ingest(store: Store, desk: StoryDesk, page: RawDocument) -> int:
    [outcome] = ingest_documents([page], store, now=WHEN + timedelta(days=60), stories=desk)
    assert isinstance(outcome.outcome, Added)
    return outcome.outcome.article_id


def _metro_times(published: datetime = WHEN) -> RawDocument:
    return site_page(
        "https://metrotimes.example/putin", "Metro Times", NTD_TITLE, ntd().text, published=published
    )


def _hill_courier(published: datetime) -> RawDocument:
    """Metro Times' words republished, a line of its own added: a near copy, not an exact one."""
    text = ntd().text + "\n\nThis article first appeared in Metro Times and is republished with permission."
    return site_page(
        "https://hillcourier.example/putin", "Hill Courier", _COPY_TITLE, text, published=published
    )


def _tribune_page(published: datetime) -> RawDocument:
    return site_page(
        "https://tribune.example/drills", "Tribune", TRIBUNE_TITLE, tribune().text, published=published
    )


def test_a_copy_never_takes_the_headline_from_its_original(store: Store, tmp_path: Path) -> None:
    desk = _desk(store, tmp_path)
    original = _ingest(store, desk, _metro_times())
    _ingest(store, desk, _tribune_page(WHEN + timedelta(hours=1)))
    copy = _ingest(store, desk, _hill_courier(WHEN + timedelta(hours=2)))
    [story] = store.list_stories()
    detail = store.get_story(story.story_id)
    [member] = [member for member in detail.members if member.article.article_id == copy]
    assert member.copy is not None
    assert member.copy.original_id == original
    assert member.copy.method == "near"
    assert story.headline == detail.story.headline == NTD_TITLE
    running = desk.book.story_of(copy)
    assert running is not None
    assert (running.headline_key, running.headline) == (original, NTD_TITLE)
    # A restart rebuilds the same memory from the store: the copy does not head the story there
    # either, so the next article joining it (which writes the memory's headline) keeps it.
    restarted_desk = _desk(store, tmp_path / "restart")
    restarted = restarted_desk.book.story_of(copy)
    assert restarted is not None
    assert (restarted.headline_key, restarted.headline) == (original, NTD_TITLE)
    later = _add(
        store,
        restarted_desk,
        article(
            "Putin and Lukashenko hold talks in Minsk",
            tribune().text,
            "Gazette",
            published_at=WHEN + timedelta(hours=3),
        ),
    )
    assert store.story_places([later])[later].story_id == story.story_id
    assert store.get_story(story.story_id).story.headline == NTD_TITLE


def test_a_memory_catching_up_on_another_process_s_copy_keeps_its_original_s_headline(
    store: Store, database_url: str, tmp_path: Path
) -> None:
    # `tidings serve` placed the original; `tidings add` (another store on the database) places
    # the copy; serve's memory takes it in before its next placement, which writes its headline.
    serve = _desk(store, tmp_path / "serve")
    original = _ingest(store, serve, _metro_times())
    _ingest(store, serve, _tribune_page(WHEN + timedelta(hours=1)))
    other_store = Store.open(database_url)
    try:
        copy = _ingest(
            other_store, _desk(other_store, tmp_path / "add"), _hill_courier(WHEN + timedelta(hours=2))
        )
    finally:
        other_store.close()
    later = _add(
        store,
        serve,
        article(
            "Putin and Lukashenko hold talks in Minsk",
            tribune().text,
            "Gazette",
            published_at=WHEN + timedelta(hours=3),
        ),
    )
    story_id = store.story_places([copy])[copy].story_id
    assert store.story_places([later])[later].story_id == story_id
    assert store.get_story(story_id).story.headline == NTD_TITLE
    profile = serve.book.story_of(copy)
    assert profile is not None
    assert (profile.headline_key, profile.headline) == (original, NTD_TITLE)


def test_a_story_of_copies_only_takes_a_copy_s_title_until_an_original_writing_joins(
    store: Store, tmp_path: Path
) -> None:
    # Republished weeks later, the copy starts a story of its own (its original's has gone quiet):
    # no original writing is in it, so it is headed by the copy; the first original writing that
    # joins it heads it from then on, in the memory that placed them and in one restarted.
    desk = _desk(store, tmp_path)
    original = _ingest(store, desk, _metro_times())
    copy = _ingest(store, desk, _hill_courier(WHEN + timedelta(days=40)))
    copies_story = store.story_places([copy])[copy].story_id
    assert copies_story != store.story_places([original])[original].story_id
    assert store.get_story(copies_story).story.headline == _COPY_TITLE
    restarted = _desk(store, tmp_path / "restart").book.story_of(copy)
    assert restarted is not None
    assert restarted.headline == _COPY_TITLE
    writing = _ingest(store, desk, _tribune_page(WHEN + timedelta(days=40, hours=1)))
    assert store.story_places([writing])[writing].story_id == copies_story
    assert store.get_story(copies_story).story.headline == TRIBUNE_TITLE
    restarted = _desk(store, tmp_path / "restart-again").book.story_of(copy)
    assert restarted is not None
    assert (restarted.headline_key, restarted.headline) == (writing, TRIBUNE_TITLE)


def test_a_story_s_original_completed_from_its_teaser_keeps_the_headline_from_its_copy(
    store: Store, tmp_path: Path
) -> None:
    # The teaser heads its story; completed by its page it is described again; Tribune's article
    # and a wire copy of the full text join it: the story stays headed by the original (whose
    # full text the copy is as near the story's centre as), running and restarted.
    desk = _desk(store, tmp_path)
    teaser_id = _add(store, desk, _teaser())
    _complete(store, desk)
    _add(store, desk, tribune())
    copy = _add(
        store,
        desk,
        article(
            _COPY_TITLE, _wire_text(), "Hill Courier", domain="two.example", published_at=WHEN + timedelta(1)
        ),
    )
    [story] = store.list_stories()
    [member] = [item for item in store.get_story(story.story_id).members if item.article.article_id == copy]
    assert member.copy is not None
    assert member.copy.original_id == teaser_id
    assert story.headline == "Putin visits Belarus"
    for book in (desk.book, _desk(store, tmp_path / "restart").book):
        profile = book.story_of(copy)
        assert profile is not None
        assert (profile.headline_key, profile.headline) == (teaser_id, "Putin visits Belarus")


def test_min_outlets_counts_the_outlets_with_writing_of_their_own(store: Store) -> None:
    """As the web and every command count a story's outlets: an outlet that only republished a
    copy is not one, and a story of copies only counts one (``Story.counted_outlets``)."""
    desk = Desk(store)
    wire, copied = desk.place("wire", 0)
    desk.place("paper", 1, join=copied, copy_of=wire)
    _, reported = desk.place("agency", 2)
    desk.place("radio", 3, join=reported)
    _, copies_only = desk.place("digest", 4, copy_of=wire)

    def listed(min_outlets: int) -> list[int]:
        return [story.story_id for story in store.list_stories(limit=10, min_outlets=min_outlets)]

    assert listed(1) == [copies_only, reported, copied]
    assert listed(2) == [reported]
    assert listed(3) == []
    counted = {story.story_id: story.counted_outlets for story in store.list_stories(limit=10)}
    assert counted == {copied: 1, reported: 2, copies_only: 1}


def test_a_story_headed_by_a_copy_takes_the_original_s_headline_when_it_absorbs_the_original(
    store: Store,
) -> None:
    desk = Desk(store)
    original, first = desk.place("wire", 0, title="Dam bursts after a week of rain")
    _, copies = desk.place("digest", 1, copy_of=original, title="Digest: dam bursts")
    assert store.get_story(copies).story.headline == "Digest: dam bursts"
    # A later article shows the two to be one event; the story of the copy survives the merge.
    desk.place("tv", 2, join=copies, absorb=(first,), title="Hundreds leave their homes")
    assert store.get_story(copies).story.headline == "Dam bursts after a week of rain"


def test_a_story_is_headed_by_a_whole_title_where_the_first_was_cut_short(
    store: Store, tmp_path: Path
) -> None:
    # An aggregator's feed cut the first title to fit; the story a reader sees is headed by the
    # next article's whole title, and a restart's memory heads it alike.
    desk = _desk(store, tmp_path)
    cut = NTD_TITLE[:30] + " ..."
    first = _add(store, desk, article(cut, ntd().text, "NTD"))
    second = _add(
        store, desk, article(TRIBUNE_TITLE, tribune().text, "Tribune", published_at=WHEN + timedelta(hours=1))
    )
    [story] = store.list_stories()
    assert story.article_count == 2
    assert story.headline == store.get_story(story.story_id).story.headline == TRIBUNE_TITLE
    restarted = _desk(store, tmp_path / "restart").book.story_of(first)
    assert restarted is not None
    assert (restarted.headline_key, restarted.headline) == (second, TRIBUNE_TITLE)


def test_a_merge_keeps_the_whole_title_of_the_two_stories_headlines(store: Store) -> None:
    desk = Desk(store)
    _, cut_story = desk.place("wire", 0, title="Fed raises interest rates by a quarter ...")
    _, whole_story = desk.place("daily", 1, title="Fed raises interest rates by a quarter point")
    _, survivor = desk.place("herald", 2, join=cut_story, absorb=(whole_story,), title="Rates go up")
    assert survivor == cut_story
    assert store.get_story(survivor).story.headline == "Fed raises interest rates by a quarter point"
    # A whole headline is kept when the absorbed story's is cut short.
    _, whole_again = desk.place("wire", 3, title="Bank of Japan holds its rates")
    _, cut_again = desk.place("daily", 4, title="Bank of Japan holds ...")
    desk.place("herald", 5, join=whole_again, absorb=(cut_again,))
    assert store.get_story(whole_again).story.headline == "Bank of Japan holds its rates"


def test_german_words_stored_with_their_stop_words_are_read_without_them_after_a_restart(
    store: Store, tmp_path: Path
) -> None:
    # Features stored before an article's own stop words were taken out ("der", "die", "und"
    # among its words) are read as they are made now, so that a restarted desk compares the old
    # articles with new ones as the desk that placed them all would; nothing is written back.
    titles = [
        "Kabinett beschließt die Rentenreform",
        "Der Sturm über der Nordsee und die Sturmflut an der Küste",
        "Die Bahn und die Gewerkschaft einigen sich mit einem Tarifvertrag",
    ]
    desk = _desk(store, tmp_path)
    placed = [
        _add(
            store,
            desk,
            article(
                title, "", f"Outlet {index}", language="de", published_at=WHEN + timedelta(minutes=10 * index)
            ),
        )
        for index, title in enumerate(titles)
    ]
    made_now = {key: desk.book.features(key) for key in placed}
    with store.engine.begin() as connection:
        for key, title in zip(placed, titles, strict=True):
            terms, tf = term_counts([title])[0].to_bytes()  # counted as before, with stop words
            connection.execute(
                update(article_features)
                .where(article_features.c.article_id == key)
                .values(terms=terms, tf=tf)
            )
    restarted = _desk(store, tmp_path / "restart")
    for key, features in made_now.items():
        read = restarted.book.features(key)
        assert read is not None
        assert features is not None
        assert np.array_equal(read.lexical.terms, features.lexical.terms)
        assert np.array_equal(read.lexical.tf, features.lexical.tf)
    assert restarted.book.lexicon.documents == desk.book.lexicon.documents
    assert np.array_equal(restarted.book.lexicon.document_frequency, desk.book.lexicon.document_frequency)
    # The next headline on the pension reform, sharing only that word, joins its story.
    later = article(
        "Bundestag stimmt mit großer Mehrheit für Rentenreform",
        "",
        "Outlet 3",
        language="de",
        published_at=WHEN + timedelta(minutes=30),
    )
    joined = _add(store, restarted, later)
    places = store.story_places([joined, placed[0]])
    assert places[joined].story_id == places[placed[0]].story_id
