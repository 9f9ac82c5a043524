"""The reason a settling merge records says on which side of the threshold the match was: settling
joins a story of one article to a match a little under the threshold too (the articles are
``tests/cluster/support.py``'s, written for settling)."""

from __future__ import annotations

from datetime import timedelta

from tests.cluster.support import WHEN, aftermath, eruption, static_embedder, unrelated
from tidings.cluster import (
    ArticleText,
    ClusterPolicy,
    StoryBook,
    StoryDecision,
    assign,
    describe_many,
    settle_due,
)


def _settled(policy: ClusterPolicy) -> list[StoryDecision]:
    """The articles placed one by one as the engine places them; the settling merges made."""
    book = StoryBook(static_embedder().dimensions)
    merges: list[StoryDecision] = []
    texts = [eruption(), *aftermath(), *unrelated(3)]
    for features in describe_many(
        [
            ArticleText(key, title, text, f"Outlet {key}", WHEN + timedelta(minutes=key), "en")
            for key, (title, text) in enumerate(texts, 1)
        ],
        embedder=static_embedder(),
    ):
        merges.extend(settle_due(book, policy))
        book.commit(features, assign(features, book, policy))
    return merges


def test_a_settling_merge_under_the_threshold_says_under() -> None:
    (merge,) = _settled(ClusterPolicy(settle_after=3))
    # The eruption matches its aftermath's story a little under the full-text threshold.
    assert merge.score < 0
    assert f"{abs(merge.score):.3f} under the threshold" in merge.reason
    assert "over the threshold" not in merge.reason
    assert "-" not in merge.reason.split("matches story")[1]
