"""Story coverage kept at placement (migrations 0006 and 0009), on SQLite and PostgreSQL.

Placements are recorded through the store's own verb with decisions written here, so that the
test says exactly which article joins, copies or merges what. The oracle is ``rank.coverage_of``
over the arrivals the test itself placed: the store's kept totals must equal what a full read of
every article would give, after joins, copies and a merge, and after the migration's backfill.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from tests.store.placing import WHEN, Desk
from tidings.model import StoryCoverage
from tidings.rank import coverage_of
from tidings.store import Store, StoryCursor, migrate
from tidings.store.schema import metadata


def _kept(store: Store) -> dict[int, StoryCoverage]:
    found = store.story_coverage(since=WHEN - timedelta(days=1), joined_since=WHEN - timedelta(days=1))
    return {coverage.story.story_id: coverage for coverage in found}


def _assert_kept_as_placed(store: Store, desk: Desk) -> None:
    kept = _kept(store)
    assert set(kept) == set(desk.arrivals)
    for story_id, arrivals in desk.arrivals.items():
        expected = coverage_of(kept[story_id].story, arrivals)
        assert kept[story_id] == expected
        story = kept[story_id].story
        assert story.article_count == len(arrivals)
        assert story.outlet_count == len({arrival.outlet for arrival in arrivals})
        # The span is the dated articles' when the story has any (migration 0009).
        seen = [arrival.seen_at for arrival in arrivals if arrival.dated] or [
            arrival.seen_at for arrival in arrivals
        ]
        assert (story.first_seen, story.last_seen) == (min(seen), max(seen))


def _coverage_with_a_copy_and_a_merge(store: Store) -> Desk:
    desk = Desk(store)
    wire, story_a = desk.place("wire", 0)
    desk.place("paper", 1, join=story_a, copy_of=wire)
    desk.place("wire", 2, join=story_a)
    desk.place("paper", 3, join=story_a)
    _, story_b = desk.place("radio", 1.5)
    desk.place("blog", 2.5, join=story_b, copy_of=wire)
    desk.place("tv", 4, join=story_a, absorb=(story_b,))
    desk.place("solo", 5)
    return desk


def test_placements_keep_the_totals_a_full_read_would_give(store: Store) -> None:
    desk = _coverage_with_a_copy_and_a_merge(store)
    assert len(desk.arrivals) == 2  # the merge folded story b into story a
    _assert_kept_as_placed(store, desk)
    merged = max(desk.arrivals, key=lambda story_id: len(desk.arrivals[story_id]))
    coverage = _kept(store)[merged]
    assert (coverage.articles, coverage.copies, coverage.original_outlets) == (7, 2, 4)


def test_story_lists_name_outlets_most_articles_first_from_the_kept_rows(store: Store) -> None:
    desk = _coverage_with_a_copy_and_a_merge(store)
    merged = max(desk.arrivals, key=lambda story_id: len(desk.arrivals[story_id]))
    [story] = store.get_stories([merged])
    assert story.outlets[:2] == ("Paper", "Wire")  # two articles each, then by name
    assert set(story.outlets) == {"Wire", "Paper", "Radio", "Blog", "Tv"}
    assert store.get_story(merged).story.outlets == story.outlets


def test_ranking_reads_only_the_outlets_that_joined_in_the_velocity_window(store: Store) -> None:
    _coverage_with_a_copy_and_a_merge(store)
    recent = store.story_coverage(since=WHEN, joined_since=WHEN + timedelta(hours=3.5))
    joins = {coverage.story.headline: coverage.joins for coverage in recent}
    assert sorted(joins.values()) == [(WHEN + timedelta(hours=4),), (WHEN + timedelta(hours=5),)]


def test_the_story_list_pages_by_keyset_without_gaps_or_repeats(store: Store) -> None:
    desk = Desk(store)
    for index in range(7):
        desk.place(f"outlet{index}", index // 2)  # pairs share a last_seen: the id breaks the tie
    everything = [story.story_id for story in store.list_stories(limit=100)]
    assert len(everything) == 7
    paged: list[int] = []
    after: StoryCursor | None = None
    while True:
        page = store.list_stories(limit=3, after=after)
        paged.extend(story.story_id for story in page)
        if len(page) < 3:
            break
        after = StoryCursor(last_seen=page[-1].last_seen, story_id=page[-1].story_id)
    assert paged == everything


def _alembic(store: Store, action: Callable[[Config, str], None], target: str) -> None:
    migrate.run_migrations(store.engine, action, target)


def test_the_migration_backfills_what_placement_keeps(store: Store) -> None:
    desk = _coverage_with_a_copy_and_a_merge(store)
    before = _kept(store)
    _alembic(store, command.downgrade, "0002")  # before 0006: no kept coverage at all
    assert "story_outlets" not in inspect(store.engine).get_table_names()
    assert not store.is_current()
    store.migrate()
    assert _kept(store) == before
    _assert_kept_as_placed(store, desk)


def _coverage_with_undated_pages(store: Store) -> Desk:
    """A dated story that undated pages join days later, and a story of undated pages only."""
    desk = Desk(store)
    _, dated_story = desk.place("wire", 0)
    desk.place("saved", 72, join=dated_story, dated=False)  # a saved page added three days on
    desk.place("paper", 2, join=dated_story)
    _, undated_story = desk.place("blog", 10, dated=False)
    desk.place("forum", 30, join=undated_story, dated=False)
    return desk


def test_an_undated_page_does_not_stretch_a_dated_storys_span(store: Store) -> None:
    desk = _coverage_with_undated_pages(store)
    _assert_kept_as_placed(store, desk)
    spans = {story.headline: (story.first_seen, story.last_seen) for story in store.list_stories(limit=10)}
    assert spans["Report 1 from wire"] == (WHEN, WHEN + timedelta(hours=2))
    # With no dated article at all, fetch times are all there is.
    assert spans["Report 4 from blog"] == (WHEN + timedelta(hours=10), WHEN + timedelta(hours=30))


def test_a_merge_recounts_the_span_from_dated_articles(store: Store) -> None:
    desk = Desk(store)
    _, dated_story = desk.place("wire", 0)
    _, undated_story = desk.place("saved", 48, dated=False)
    desk.place("paper", 5, join=dated_story, absorb=(undated_story,))
    _assert_kept_as_placed(store, desk)
    [story] = store.list_stories(limit=10)
    assert (story.first_seen, story.last_seen, story.article_count) == (WHEN, WHEN + timedelta(hours=5), 3)


def test_the_dated_span_migration_backfills_what_placement_keeps(store: Store) -> None:
    desk = _coverage_with_undated_pages(store)
    before = _kept(store)
    _alembic(store, command.downgrade, "0007")  # before 0009: fetch times counted
    columns = inspect(store.engine).get_columns("story_outlets")
    assert "first_dated_at" not in {column["name"] for column in columns}
    spans = {story.headline: story.last_seen for story in store.list_stories(limit=10)}
    assert spans["Report 1 from wire"] == WHEN + timedelta(hours=72)
    store.migrate()
    assert _kept(store) == before
    _assert_kept_as_placed(store, desk)


def test_the_story_clock_migration_counts_the_placements_already_stored(store: Store) -> None:
    _coverage_with_undated_pages(store)
    with store.placement_turn() as clock:
        assert clock == 5
    _alembic(store, command.downgrade, "0009")  # before 0011: no clock
    assert "story_clock" not in inspect(store.engine).get_table_names()
    store.migrate()
    with store.placement_turn() as clock:
        assert clock == 5


def test_the_coverage_tables_match_their_migration(store: Store) -> None:
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert [
        diff
        for diff in differences
        if "story_outlets" in repr(diff) or "'stories'" in repr(diff) or "story_clock" in repr(diff)
    ] == []
