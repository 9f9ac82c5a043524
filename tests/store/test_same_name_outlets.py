"""Two outlets under one display name, on SQLite and PostgreSQL: allAfrica republishing as
"Voice of America" beside voanews.com itself, as in the bundled sample.

An outlet is its key (its domain, else its case-folded name), never its name: a story lists every
outlet it counts, so ``outlet_count`` and the listed outlets agree, and the outlets with writing
of their own come before those that only republished a copy (the reader names the first
``original_outlet_count`` of them, folding copies into the original's outlet).
"""

from __future__ import annotations

from tests.store.placing import Desk
from tidings.model import Story
from tidings.store import Store

NAME = "Voice of America"


def _domains(story: Story) -> list[str]:
    return [outlet.domain or "" for outlet in story.outlet_refs]


def test_a_story_lists_and_counts_both_outlets_of_one_name(store: Store) -> None:
    desk = Desk(store)
    _, story_id = desk.place("voanews", 0, name=NAME)
    desk.place("allafrica", 1, join=story_id, name=NAME)
    page = store.get_story(story_id).story
    [listed] = store.list_stories(limit=10)
    [asked] = store.get_stories([story_id])
    for story in (page, listed, asked):
        assert story.outlet_count == 2
        assert story.outlets == (NAME, NAME)
        assert sorted(_domains(story)) == ["allafrica.example", "voanews.example"]
    # Same names and as many articles: the key orders them, the same on every read.
    assert _domains(page) == _domains(listed) == ["allafrica.example", "voanews.example"]


def test_same_named_originals_come_before_an_outlet_that_only_copied(store: Store) -> None:
    desk = Desk(store)
    voa, story_id = desk.place("voanews", 0, name=NAME)
    desk.place("allafrica", 1, join=story_id, name=NAME)
    # Busier than allAfrica, but with copies only: it is folded into voanews.com's coverage.
    desk.place("aggregator", 2, join=story_id, copy_of=voa)
    desk.place("aggregator", 3, join=story_id, copy_of=voa)
    story = store.get_story(story_id).story
    assert (story.outlet_count, story.original_outlet_count) == (3, 2)
    assert story.original_outlet_count is not None
    originals = story.outlet_refs[: story.original_outlet_count]
    assert sorted(outlet.domain or "" for outlet in originals) == ["allafrica.example", "voanews.example"]
    assert _domains(story)[-1] == "aggregator.example"
