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
