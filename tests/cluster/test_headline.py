"""Which member's title heads a story (``StoryBook``): the titled article nearest the story's
centre among its original writings; a copy only while no original writing is in it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import numpy as np

from tests.cluster.support import NTD_TITLE, TRIBUNE_TITLE, WHEN, ntd, static_embedder, tribune
from tidings.cluster import ArticleFeatures, ArticleText, StoryBook, describe_many
from tidings.model import StoryDecision

COPY_TITLE = "Putin says Russia-Belarus drills go on"

NEW = StoryDecision(move="new", score=0.0, reason="test")
JOIN = StoryDecision(move="join", score=1.0, reason="test", story_id=1)


def _described() -> tuple[ArticleFeatures, ArticleFeatures, ArticleFeatures]:
    """Metro Times' article, Tribune's, and Metro Times' words republished under a title near
    Tribune's: the copy is nearer the three's centre than its original."""
    original, other, copy = describe_many(
        [
            ArticleText(1, NTD_TITLE, ntd().text, "Metro Times", WHEN, "en"),
            ArticleText(2, TRIBUNE_TITLE, tribune().text, "Tribune", WHEN + timedelta(hours=1), "en"),
            ArticleText(3, COPY_TITLE, ntd().text, "Hill Courier", WHEN + timedelta(hours=2), "en"),
        ],
        embedder=static_embedder(),
    )
    return original, other, copy


def test_a_copy_nearer_the_centre_than_its_original_does_not_head_the_story() -> None:
    original, other, copy = _described()
    book = StoryBook(static_embedder().dimensions)
    book.commit(original, NEW)
    book.commit(other, JOIN)
    # Placed as original writing, the copy would head the story: it is nearer its centre.
    plain = StoryBook.restore(book.dimensions, [(original, 1, None), (other, 1, None), (copy, 1, None)], {})
    unmarked = plain.story(1)
    assert unmarked is not None
    assert unmarked.headline == COPY_TITLE
    story = book.commit(copy, JOIN, copy=True)
    assert (story.headline_key, story.headline) == (original.key, NTD_TITLE)
    # Rebuilt from the same placements with the copy named, a memory heads it alike.
    restored = StoryBook.restore(
        book.dimensions, [(original, 1, None), (other, 1, None), (copy, 1, None)], {}, copies={copy.key}
    )
    again = restored.story(1)
    assert again is not None
    assert (again.headline_key, again.headline) == (original.key, NTD_TITLE)


def test_a_story_of_copies_only_is_headed_by_one_until_an_original_writing_joins() -> None:
    _, other, copy = _described()
    book = StoryBook(static_embedder().dimensions)
    story = book.commit(copy, NEW, copy=True)
    assert story.headline == COPY_TITLE
    book.commit(other, JOIN)
    assert (story.headline_key, story.headline) == (other.key, TRIBUNE_TITLE)


def test_a_story_headed_by_a_copy_takes_the_original_s_headline_when_it_absorbs_the_original() -> None:
    original, _, copy = _described()
    book = StoryBook(static_embedder().dimensions)
    book.commit(copy, NEW, copy=True)
    book.commit(original, NEW)
    book.merge(1, 2)
    merged = book.story(1)
    assert merged is not None
    assert (merged.headline_key, merged.headline) == (original.key, NTD_TITLE)


def test_of_two_members_the_first_keeps_the_headline_whatever_the_rounding() -> None:
    # Two articles are equally near the mean of the two in exact arithmetic; float rounding, which
    # differs between CPUs, must not hand the headline to the second (it did on one machine, for
    # a pair of unit vectors whose rounding favoured the second, as some of these do).
    original, other, _ = _described()
    generator = np.random.default_rng(7)
    for _ in range(50):
        first_dense, second_dense = (
            (vector / np.linalg.norm(vector)).astype(np.float32)
            for vector in generator.normal(size=(2, original.dense.shape[0]))
        )
        book = StoryBook(static_embedder().dimensions)
        book.commit(replace(original, dense=first_dense), NEW)
        book.commit(replace(other, dense=second_dense), JOIN)
        story = book.story(1)
        assert story is not None
        assert story.headline_key == original.key


# Audit: a writing's original is decided again when an earlier article of it arrives, and the
# article that was its original becomes a copy (``StoryBook.mark_copies``); a memory catching up
# on another process's placements learns it when that placement comes again (``replay``).


def _headed_by_a_republication_taken_for_the_original() -> tuple[StoryBook, ArticleFeatures, ArticleFeatures]:
    """Hill Courier's republication placed first, as original writing (nothing earlier was
    stored), then Tribune's article: the republication heads the story."""
    original, other, copy = _described()
    book = StoryBook(static_embedder().dimensions)
    book.commit(copy, NEW)
    book.commit(other, JOIN)
    book.commit(original, JOIN, copy=True)  # it arrived second, and was taken for the copy
    story = book.story(1)
    assert story is not None
    assert story.headline == COPY_TITLE
    return book, original, copy


def test_a_headline_article_found_to_be_a_copy_hands_the_headline_to_original_writing() -> None:
    book, original, copy = _headed_by_a_republication_taken_for_the_original()
    headed = book.mark_copies({copy.key: True, original.key: False})
    assert [(story.story_id, story.headline_key, story.headline) for story in headed] == [
        (1, original.key, NTD_TITLE)
    ]
    # Nothing to head again when nothing changed.
    assert book.mark_copies({copy.key: True}) == []


def test_a_memory_replaying_a_placement_that_became_a_copy_takes_the_headline_off_it() -> None:
    book, original, copy = _headed_by_a_republication_taken_for_the_original()
    book.replay([(copy, 1, None), (original, 1, None)], {}, copies={copy.key})
    story = book.story(1)
    assert story is not None
    assert (story.headline_key, story.headline) == (original.key, NTD_TITLE)


# A title an aggregator cut short ("… the advice she got from Jennifer ...", as Google News cut
# one title in seven of the UCI sample) heads a story only while none of its members has a whole
# one of the same standing (an original writing, or a copy where only copies are).

CUT_TRIBUNE_TITLE = "Putin says Russia-Belarus drills to go on as ally hints ..."
CUT_COPY_TITLE = "Putin says Russia-Belarus drills \u2026"


def test_a_whole_title_takes_the_headline_from_one_cut_short_whatever_their_nearness() -> None:
    original, other, _ = _described()
    book = StoryBook(static_embedder().dimensions)
    # Of two members the first keeps the headline on nearness (above); cut short, it gives it up.
    book.commit(replace(other, title=CUT_TRIBUNE_TITLE), NEW)
    story = book.commit(original, JOIN)
    assert (story.headline_key, story.headline) == (original.key, NTD_TITLE)


def test_a_title_cut_short_never_takes_the_headline_from_a_whole_one_nearer_the_centre_or_not() -> None:
    original, other, copy = _described()
    cut = replace(copy, title=CUT_COPY_TITLE)
    # Whole, the third article heads the story: it is nearest the three's centre.
    whole = StoryBook.restore(
        static_embedder().dimensions, [(original, 1, None), (other, 1, None), (copy, 1, None)], {}
    )
    headed = whole.story(1)
    assert headed is not None
    assert headed.headline == COPY_TITLE
    book = StoryBook(static_embedder().dimensions)
    book.commit(original, NEW)
    book.commit(other, JOIN)
    story = book.commit(cut, JOIN)
    assert (story.headline_key, story.headline) == (original.key, NTD_TITLE)


def test_a_copy_with_a_whole_title_still_gives_way_to_an_original_cut_short() -> None:
    original, other, copy = _described()
    book = StoryBook(static_embedder().dimensions)
    book.commit(copy, NEW, copy=True)
    story = book.commit(replace(other, title=CUT_TRIBUNE_TITLE), JOIN)
    assert (story.headline_key, story.headline) == (other.key, CUT_TRIBUNE_TITLE)
    story = book.commit(original, JOIN)
    assert (story.headline_key, story.headline) == (original.key, NTD_TITLE)


def test_a_story_headed_by_a_title_cut_short_takes_the_whole_headline_of_a_story_it_absorbs() -> None:
    original, other, _ = _described()
    book = StoryBook(static_embedder().dimensions)
    book.commit(replace(other, title=CUT_TRIBUNE_TITLE), NEW)
    book.commit(original, NEW)
    book.merge(1, 2)
    merged = book.story(1)
    assert merged is not None
    assert (merged.headline_key, merged.headline) == (original.key, NTD_TITLE)
    # And the other way round, the survivor's whole title stays.
    book = StoryBook(static_embedder().dimensions)
    book.commit(original, NEW)
    book.commit(replace(other, title=CUT_TRIBUNE_TITLE), NEW)
    book.merge(1, 2)
    kept = book.story(1)
    assert kept is not None
    assert (kept.headline_key, kept.headline) == (original.key, NTD_TITLE)


def test_a_story_re_headed_off_a_copy_takes_a_whole_original_title_before_one_cut_short() -> None:
    original, other, copy = _described()
    # As ``_headed_by_a_republication_taken_for_the_original``, the original's title cut short:
    # it is the original writing nearest the centre (it heads the story when whole, above), so
    # Tribune's whole title heads instead.
    cut_original = replace(original, title=NTD_TITLE + " ...")
    book = StoryBook(static_embedder().dimensions)
    book.commit(copy, NEW)
    book.commit(other, JOIN)
    book.commit(cut_original, JOIN, copy=True)
    [headed] = book.mark_copies({copy.key: True, original.key: False})
    assert (headed.headline_key, headed.headline) == (other.key, TRIBUNE_TITLE)
