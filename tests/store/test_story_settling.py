"""Settling in the store: a re-check's merge is written with the placement that made it due, and a
restarted or caught-up memory re-checks exactly the stories one process placing straight through
does (``cluster.settle``, ``StoryBook.replay``'s ``settling``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from tests.cluster.support import WHEN, aftermath, article, eruption, static_embedder, unrelated
from tests.store.test_stories import _partition, _sample_headlines, _store_headlines, _stored_partition
from tidings.cluster import ClusterPolicy, StoryBook
from tidings.model import Added, Article
from tidings.store import Store
from tidings.store.schema import story_articles, story_merges
from tidings.stories import StoryDesk, StoryItem, StoryRun

RE_CHECKED = "re-checked after"


def _desk(store: Store, folder: Path, **policy: object) -> StoryDesk:
    return StoryDesk(
        store,
        embedder=static_embedder(),
        index_path=folder / "index.usearch",
        policy=ClusterPolicy(**policy),  # type: ignore[arg-type]
    )


def _stored(store: Store, texts: Sequence[tuple[str, str]]) -> list[tuple[int, Article]]:
    """Full-text articles, a minute apart, from outlets of their own, stored and not placed."""
    added = []
    for number, (title, text) in enumerate(texts, 1):
        item = article(
            title,
            text,
            f"Outlet {number}",
            domain=f"outlet{number}.example",
            published_at=WHEN + timedelta(minutes=number),
        )
        outcome = store.add_article(item)
        assert isinstance(outcome, Added)
        added.append((outcome.article_id, item))
    return added


def test_a_re_check_is_a_merge_written_with_the_placement_that_made_it_due(
    store: Store, tmp_path: Path
) -> None:
    desk = _desk(store, tmp_path, settle_after=3)
    added = _stored(store, [eruption(), *aftermath(), *unrelated(2)])
    ids = [article_id for article_id, _ in added]
    desk.place_many(added[:4], now=WHEN)
    before = store.story_places(ids[:4])
    lone_story = before[ids[0]].story_id
    assert lone_story != before[ids[1]].story_id == before[ids[2]].story_id
    # The fifth placement comes three after the eruption's: its story is re-checked first.
    desk.place(*added[4], now=WHEN)
    after = store.story_places(ids)
    survivor = after[ids[1]].story_id
    assert after[ids[0]].story_id == survivor
    detail = store.get_story(survivor)
    assert detail is not None
    assert (detail.story.article_count, detail.story.outlet_count) == (3, 3)
    [merge] = detail.merges
    assert (merge.absorbed_id, merge.survivor_id, merge.article_id) == (lone_story, survivor, ids[4])
    assert RE_CHECKED in merge.reason
    absorbed = store.get_story(lone_story)
    assert absorbed is not None
    assert absorbed.story.merged_into == survivor
    assert lone_story not in {story.story_id for story in store.list_stories()}
    with store.reading() as connection:
        first_story = connection.execute(
            select(story_articles.c.first_story_id).where(story_articles.c.article_id == ids[0])
        ).scalar_one()
    assert first_story == lone_story
    # The memory that placed it holds what the store does, and so does one read again.
    book = desk.book
    assert book.story_of(ids[0]) is book.story_of(ids[1])
    assert _grouped(_desk(store, tmp_path / "restart", settle_after=3).book, ids) == _grouped(book, ids)


def _grouped(book: StoryBook, article_ids: Sequence[int]) -> set[frozenset[int]]:
    profiles = [book.story_of(key) for key in article_ids]
    return _partition(
        [(position, profile.story_id if profile else -1) for position, profile in enumerate(profiles)]
    )


def test_another_process_s_re_check_is_caught_up_with_the_placement_that_made_it(
    store: Store, database_url: str, tmp_path: Path
) -> None:
    added = _stored(store, [eruption(), *aftermath(), *unrelated(2)])
    ids = [article_id for article_id, _ in added]
    other_store = Store.open(database_url)
    try:
        serve = _desk(store, tmp_path / "serve", settle_after=2)
        add = _desk(other_store, tmp_path / "add", settle_after=2)
        serve.place_many(added[:3], now=WHEN)
        book = serve.book
        assert book.story_of(ids[0]) is not book.story_of(ids[1])
        add.place(*added[3], now=WHEN)  # the other process's placement re-checks the eruption
        serve.place(*added[4], now=WHEN)
        assert serve.book is book  # caught up, not read again whole
    finally:
        other_store.close()
    assert book.story_of(ids[0]) is book.story_of(ids[1])
    [merge] = store.get_story(store.story_places([ids[0]])[ids[0]].story_id).merges  # type: ignore[union-attr]
    assert merge.article_id == ids[3]
    assert _grouped(book, ids) == _stored_partition(store, ids)


def _straight_through(items: Sequence[StoryItem], policy: ClusterPolicy) -> set[frozenset[int]]:
    """The stories one process placing ``items`` in order makes, before a batch's end-of-input
    re-checks (a store never ends)."""
    run = StoryRun(embedder=static_embedder(), policy=policy)
    run.place(items)
    return _partition([(answer.key, answer.story_id) for answer in run.answers()])


def _re_checks(store: Store, article_ids: Sequence[int]) -> list[tuple[int, int]]:
    """Each re-check's merge in the store: (position of the story's one article, position of the
    placement that made it due)."""
    position = {article_id: number for number, article_id in enumerate(article_ids)}
    with store.reading() as connection:
        rows = connection.execute(
            select(story_articles.c.article_id, story_merges.c.article_id.label("made_by"))
            .join(story_merges, story_merges.c.absorbed_id == story_articles.c.first_story_id)
            .where(story_merges.c.reason.contains(RE_CHECKED))
        ).all()
    return sorted((position[row.article_id], position[row.made_by]) for row in rows)


def test_a_desk_restarted_again_and_again_re_checks_the_stories_one_placing_straight_through_does(
    store: Store, tmp_path: Path
) -> None:
    items = _sample_headlines(400)
    settings = {"settle_after": 50, "settle_slack_headline": 0.05}
    article_ids: list[int] = []
    for start in range(0, len(items), 60):
        # A fresh desk for every 60 headlines: the memory is restored from the store each time,
        # with the stories still waiting for their re-check.
        desk = _desk(store, tmp_path, **settings)
        added = _store_headlines(store, items[start : start + 60])
        article_ids.extend(article_id for article_id, _ in added)
        desk.place_many(added, now=WHEN)
        desk.save()
    assert _stored_partition(store, article_ids) == _straight_through(items, ClusterPolicy(**settings))  # type: ignore[arg-type]
    re_checks = _re_checks(store, article_ids)
    assert len(re_checks) >= 10
    # Some opened before a restart and were re-checked after it, by a desk that did not open them.
    assert any(opened // 60 != made // 60 for opened, made in re_checks)
    # Each was re-checked when 50 placements had followed it (the 51st placement after it).
    assert all(made - opened == 51 for opened, made in re_checks)


def test_two_desks_taking_turns_re_check_the_stories_one_placing_straight_through_does(
    store: Store, database_url: str, tmp_path: Path
) -> None:
    items = _sample_headlines(300)
    settings = {"settle_after": 40, "settle_slack_headline": 0.05}
    other_store = Store.open(database_url)
    try:
        desks = [
            _desk(store, tmp_path / "serve", **settings),
            _desk(other_store, tmp_path / "add", **settings),
        ]
        article_ids: list[int] = []
        for turn, start in enumerate(range(0, len(items), 25)):
            added = _store_headlines(store, items[start : start + 25])
            article_ids.extend(article_id for article_id, _ in added)
            desks[turn % 2].place_many(added, now=WHEN)
        kept = _stored_partition(store, article_ids)
        assert kept == _straight_through(items, ClusterPolicy(**settings))  # type: ignore[arg-type]
        # The desk that placed the last turn caught up on every other turn, re-checks included.
        assert _grouped(desks[1].book, article_ids) == kept
    finally:
        other_store.close()
    re_checks = _re_checks(store, article_ids)
    assert len(re_checks) >= 5
    turns = {(made // 25) % 2 for _, made in re_checks}
    assert turns == {0, 1}  # each desk made some
