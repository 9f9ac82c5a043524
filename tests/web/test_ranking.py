"""The front page's ranking memo: ranked again when coverage changes or time passes, else reused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tidings.model import RankedStory
from tidings.web.ranking import RERANK_AFTER, TopStoriesMemo

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


class CountingRanker:
    """Stands in for ``Tidings.top_stories`` and counts how often ranking really runs."""

    def __init__(self) -> None:
        self.calls: list[datetime] = []

    def top_stories(self, *, now: datetime, limit: int) -> list[RankedStory]:
        self.calls.append(now)
        return []


def test_the_ranking_is_reused_until_coverage_changes_or_time_passes() -> None:
    ranker = CountingRanker()
    memo = TopStoriesMemo()

    def top(coverage: tuple[int, datetime], now: datetime) -> None:
        memo.top(ranker, coverage=coverage, as_of=now, now=now, limit=8)  # type: ignore[arg-type]

    top((1, NOW), NOW)
    top((1, NOW), NOW + timedelta(seconds=5))
    assert len(ranker.calls) == 1
    top((2, NOW + timedelta(seconds=6)), NOW + timedelta(seconds=6))  # a new article arrived
    assert len(ranker.calls) == 2
    top((2, NOW + timedelta(seconds=6)), NOW + timedelta(seconds=6) + RERANK_AFTER)
    assert len(ranker.calls) == 3
