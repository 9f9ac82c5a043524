"""Settling: a story of one article is re-checked once, ``settle_after`` placements after it opened.

The articles are written for it (``tests/cluster/support.py``): an eruption placed before two
articles on its aftermath, which do not join it when they come (each matches it a little under
the full-text threshold) but form a story of their own, then unrelated articles.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from tests.cluster.support import WHEN, aftermath, eruption, static_embedder, unrelated
from tidings.cluster import (
    ArticleFeatures,
    ArticleText,
    ClusterPolicy,
    StoryBook,
    assign,
    describe_many,
    settle_due,
)
from tidings.stories import StoryItem, StoryRun, cluster_items


def _described(texts: Sequence[tuple[str, str]], later: timedelta) -> list[ArticleFeatures]:
    """The texts as full-text articles keyed 1, 2, …, a minute apart, from outlets of their own;
    all but the first ``later`` more."""
    return describe_many(
        [
            ArticleText(
                key, title, text, f"Outlet {key}", WHEN + timedelta(minutes=key) + later * (key > 1), "en"
            )
            for key, (title, text) in enumerate(texts, 1)
        ],
        embedder=static_embedder(),
    )


def _placed_one_by_one(
    texts: Sequence[tuple[str, str]], policy: ClusterPolicy, *, later: timedelta = timedelta(0)
) -> tuple[StoryBook, list[set[int]]]:
    """Each article placed as the engine places it (due re-checks first); the book, and the
    members of article 1's story after each placement."""
    book = StoryBook(static_embedder().dimensions)
    seen = []
    for features in _described(texts, later):
        settle_due(book, policy)
        book.commit(features, assign(features, book, policy))
        story = book.story_of(1)
        assert story is not None
        seen.append(set(story.members))
    return book, seen


def test_a_story_of_one_article_joins_its_event_s_later_coverage_when_re_checked() -> None:
    policy = ClusterPolicy(settle_after=3)
    book, seen = _placed_one_by_one([eruption(), *aftermath(), *unrelated(3)], policy)
    # Neither aftermath article joined the eruption; three placements after it opened (the two
    # aftermath articles and one more), its story was re-checked before the next placement.
    assert seen[:4] == [{1}, {1}, {1}, {1}]
    assert seen[4] == {1, 2, 3}
    assert book.story_of(1) is book.story_of(2)
    assert book.story_count == 1 + 3  # the eruption with its aftermath, three unrelated


def test_a_story_of_one_article_matched_further_below_the_threshold_than_the_slack_stays_alone() -> None:
    texts = [eruption(), *aftermath(shared=4), *unrelated(3)]
    _, far = _placed_one_by_one(texts, ClusterPolicy(settle_after=3))
    assert far[-1] == {1}
    # The same with a slack wide enough: the re-check is what would join it, and only once.
    _, wide = _placed_one_by_one(texts, ClusterPolicy(settle_after=3, settle_slack_text=0.12))
    assert wide[-1] == {1, 2, 3}
    # Re-checked once: with a wide slack only after the aftermath had come, it stays alone.
    late = [eruption(), *unrelated(3), *aftermath(shared=4)]
    _, once = _placed_one_by_one(late, ClusterPolicy(settle_after=3, settle_slack_text=0.12))
    assert once[-1] == {1}


def test_a_story_of_one_article_does_not_join_a_story_that_began_days_after_it() -> None:
    # As for any article and story (``ClusterPolicy.recency_weight``), the time between them asks
    # for a closer match: coverage beginning three days after an article is more often its
    # subject's next event. Hours after it, the same aftermath is joined (the first test).
    texts = [eruption(), *aftermath(), *unrelated(3)]
    _, days = _placed_one_by_one(texts, ClusterPolicy(settle_after=3), later=timedelta(days=3))
    assert days[-1] == {1}
    _, hours = _placed_one_by_one(texts, ClusterPolicy(settle_after=3), later=timedelta(hours=2))
    assert hours[-1] == {1, 2, 3}


def test_a_story_of_two_articles_is_never_moved() -> None:
    policy = ClusterPolicy(settle_after=3)
    # The eruption reported twice (a second outlet's headline on the same text) is a story of
    # two from the start; the aftermath matches each of them as it matches a lone eruption.
    twice = [eruption(), ("Iceland volcano erupts again", eruption()[1]), *aftermath(), *unrelated(4)]
    book, seen = _placed_one_by_one(twice, policy)
    assert seen[-1] == {1, 2}
    story = book.story_of(3)
    assert story is not None
    assert sorted(story.members) == [3, 4]
    # Alone, the same eruption would have joined it (as in the first test).
    _, alone = _placed_one_by_one([eruption(), *aftermath(), *unrelated(4)], policy)
    assert alone[-1] == {1, 2, 3}


def _items(texts: Sequence[tuple[str, str]]) -> list[StoryItem]:
    return [
        StoryItem(
            key=key,
            title=title,
            text=text,
            outlet=f"Outlet {key}",
            published_at=WHEN + timedelta(minutes=key),
        )
        for key, (title, text) in enumerate(texts, 1)
    ]


def test_a_batch_re_checks_the_stories_of_one_article_still_waiting_at_the_end_of_its_input() -> None:
    items = _items([eruption(), *aftermath(), *unrelated(2)])
    run = StoryRun(embedder=static_embedder())  # settle_after 200: nothing is due while placing
    run.place(items)
    placed = {answer.key: answer.story_id for answer in run.answers()}
    assert placed[1] != placed[2] == placed[3]
    run.finish()
    finished = {answer.key: answer.story_id for answer in run.answers()}
    assert finished[1] == finished[2] == finished[3]
    assert len(set(finished.values())) == 3
    # ``cluster_items`` (the `tidings cluster` command) ends so.
    answers = {answer.key: answer.story_id for answer in cluster_items(items, embedder=static_embedder())}
    assert answers == finished
    # Without settling the eruption stays alone.
    off = cluster_items(items, embedder=static_embedder(), policy=ClusterPolicy(settle_after=None))
    assert {answer.key: answer.story_id for answer in off} == placed
