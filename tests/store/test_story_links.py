"""Earlier and later coverage (``story_links``), on SQLite and PostgreSQL.

A story that begins after weeks of silence is linked to the one before it as its later coverage;
an article that arrives late, weeks older than a story it matches, begins a story linked as that
one's earlier coverage (``StoryDecision.later_story_id``). Both read alike on the story page
(``get_story``: ``earlier``, ``later``) and both come back to a memory rebuilt from the store or
catching up on another process's placements.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from alembic import command
from alembic.config import Config

from tests.cluster.support import WHEN, article, ntd, static_embedder, tribune
from tests.store.placing import Desk
from tidings.cluster import ClusterPolicy
from tidings.model import Added, Article
from tidings.store import Store, migrate
from tidings.stories import StoryDesk


def _desk(store: Store, folder: Path) -> StoryDesk:
    return StoryDesk(
        store,
        embedder=static_embedder(),
        index_path=folder / "stories" / "index.usearch",
        policy=ClusterPolicy(),
    )


def _add(store: Store, desk: StoryDesk, item: Article) -> tuple[int, int]:
    """Store and place ``item``: (its article id, its story id)."""
    outcome = store.add_article(item)
    assert isinstance(outcome, Added)
    placed = desk.place(outcome.article_id, item, now=WHEN + timedelta(days=60))
    return outcome.article_id, placed.story_id


def _linked(store: Store, story_id: int) -> tuple[list[int], list[int]]:
    """The ids of a story's earlier and later coverage, as its page lists them."""
    detail = store.get_story(story_id)
    return [story.story_id for story in detail.earlier], [story.story_id for story in detail.later]


def test_a_late_article_weeks_older_than_a_story_begins_its_earlier_coverage(
    store: Store, tmp_path: Path
) -> None:
    # The seed pair's second page is added first, dated 40 days on; NTD's page, added after it,
    # matches it but is 40 days older: it is the event's coverage before a silence.
    desk = _desk(store, tmp_path / "serve")
    _, later = _add(store, desk, tribune(published_at=WHEN + timedelta(days=40)))
    other_desk = _desk(store, tmp_path / "add")
    assert other_desk.book.story_count == 1  # read before the late article was placed
    late = store.add_article(ntd())
    assert isinstance(late, Added)
    placement = desk.place(late.article_id, ntd(), now=WHEN + timedelta(days=60))
    earlier = placement.story_id
    assert (placement.move, placement.later_story_id, placement.earlier_story_id) == ("new", later, None)
    assert _linked(store, earlier) == ([], [later])
    assert _linked(store, later) == ([earlier], [])
    running = desk.book.story(earlier)
    assert running is not None
    assert (running.later_story_id, running.earlier_story_id) == (later, None)

    # Another process catching up, and a restart, hold the same link.
    _add(store, other_desk, article("Apple unveils new iPhone with larger screen", "", "Tech Site"))
    desk.save()
    for book in (other_desk.book, _desk(store, tmp_path / "restart").book):
        profile, linked = book.story(earlier), book.story(later)
        assert profile is not None
        assert linked is not None
        assert (profile.later_story_id, profile.earlier_story_id) == (later, None)
        assert (linked.later_story_id, linked.earlier_story_id) == (None, None)


def test_a_story_may_have_earlier_coverage_before_a_silence_and_arriving_late(store: Store) -> None:
    # Story B began after A's silence; an article dated between them, arriving last, begins C:
    # A's later coverage and B's earlier coverage, so B has two stories of earlier coverage.
    # Each list reads by date: C, of day 20, before B, of day 40, though C began after B.
    desk = Desk(store)
    _, story_a = desk.place("wire", 0)
    _, story_b = desk.place("paper", 24 * 40, earlier=story_a)
    _, story_c = desk.place("blog", 24 * 20, earlier=story_a, later=story_b)
    assert story_c > story_b
    assert _linked(store, story_a) == ([], [story_c, story_b])
    assert _linked(store, story_b) == ([story_a, story_c], [])
    assert _linked(store, story_c) == ([story_a], [story_b])
    # A rebuilt memory reads one row per placement, each with the links its story began with.
    rows = store.story_state("test").placed
    assert {row.first_story_id: (row.earlier_story_id, row.later_story_id) for row in rows} == {
        story_a: (None, None),
        story_b: (story_a, None),
        story_c: (story_a, story_b),
    }
    assert len(rows) == 3


def _alembic(store: Store, action: Callable[[Config, str], None], target: str) -> None:
    migrate.run_migrations(store.engine, action, target)


def test_the_links_migration_keeps_the_links_already_stored(store: Store) -> None:
    desk = Desk(store)
    _, story_a = desk.place("wire", 0)
    _, story_b = desk.place("paper", 24 * 40, earlier=story_a)
    _alembic(store, command.downgrade, "0019")  # before 0024: one earlier story each
    assert not store.is_current()
    store.migrate()
    assert _linked(store, story_b) == ([story_a], [])
    _, story_c = desk.place("blog", 24 * 20, later=story_b)
    assert _linked(store, story_b) == ([story_a, story_c], [])


def test_the_links_migration_goes_back_keeping_one_earlier_story_each(store: Store) -> None:
    # B began linked to A, and a late article began C as B's earlier coverage too: the key
    # before 0024 holds one earlier story per story, the one B began with.
    desk = Desk(store)
    _, story_a = desk.place("wire", 0)
    _, story_b = desk.place("paper", 24 * 40, earlier=story_a)
    _, story_c = desk.place("blog", 24 * 20, earlier=story_a, later=story_b)
    _alembic(store, command.downgrade, "0019")
    store.migrate()
    assert _linked(store, story_b) == ([story_a], [])
    assert _linked(store, story_c) == ([story_a], [])
    assert _linked(store, story_a) == ([], [story_c, story_b])


def test_a_story_is_not_listed_as_its_own_earlier_coverage_after_a_merge(store: Store) -> None:
    desk = Desk(store)
    _, later = desk.place("tribune", 40 * 24)  # the news, day 40
    _, early = desk.place("ntd", 0, later=later)  # a late page of day 0: its earlier coverage
    # A page of day 20, within the silence of both, joins the news and absorbs the late page's story.
    _, survivor = desk.place("wire", 20 * 24, join=later, absorb=(early,))
    assert survivor == later
    assert _linked(store, later) == ([], [])
    assert _linked(store, early) == ([], [])  # merged into the story it was linked to
    # The link stays as it was made: a rebuilt memory replays the late page's story as it began.
    rows = store.story_state("test").placed
    assert {row.first_story_id: row.later_story_id for row in rows} == {later: None, early: later}


def test_links_to_merged_stories_name_the_story_they_are_in_once(store: Store) -> None:
    # B began after A's silence; a late page began D as B's earlier coverage too.
    desk = Desk(store)
    _, story_a = desk.place("wire", 0)
    _, story_b = desk.place("paper", 24 * 40, earlier=story_a)
    _, story_d = desk.place("blog", 24 * 25, later=story_b)
    assert _linked(store, story_b) == ([story_a, story_d], [])
    # A page of day 10 joins A and absorbs D: B's two stories of earlier coverage are one now.
    desk.place("agency", 24 * 10, join=story_a, absorb=(story_d,))
    assert _linked(store, story_b) == ([story_a], [])
    assert _linked(store, story_a) == ([], [story_b])
    assert _linked(store, story_d) == ([], [story_b])  # its page: the coverage after it
    # G begins on day 41; a page of day 42 joins it and absorbs B, whose links G reads now.
    _, story_g = desk.place("daily", 24 * 41)
    desk.place("weekly", 24 * 42, join=story_g, absorb=(story_b,))
    assert _linked(store, story_g) == ([story_a], [])
    assert _linked(store, story_a) == ([], [story_g])
    assert _linked(store, story_b) == ([story_a], [])
