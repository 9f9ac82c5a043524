"""Top stories for the front page, ranked again only when coverage changes or a while passes.

Ranking reads the kept coverage totals of every story active in the ranking window
(``Tidings.top_stories``): since migration 0006 no article is read, but at 100k articles it is
still about a third of a front page's CPU (bench/web.py, 2026-12-03), yet its answer changes
only when an article arrives or as freshness decays (a half-life of hours). ``TopStoriesMemo``
keeps the last ranking with the coverage it was made from (the newest story's id and last article
time) and ranks again when that changes or ``RERANK_AFTER`` has passed. It is one explicit object
owned by the app and passed to the front page builder, never a module global; ``now`` is always passed in.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tidings.core import Tidings
from tidings.model import RankedStory

__all__ = ["RERANK_AFTER", "TopStoriesMemo"]

# Freshness halves every `top_half_life_hours` (12 h by default): in 30 s a score moves by
# under 0.05%, which reorders nothing a reader could notice (bench/web.py, 2026-11-23).
RERANK_AFTER = timedelta(seconds=30)


@dataclass(frozen=True, slots=True)
class _Ranking:
    coverage: tuple[int, datetime]
    ranked_at: datetime
    as_of: datetime
    limit: int
    stories: tuple[RankedStory, ...]


@dataclass
class TopStoriesMemo:
    """The last ranking and the coverage it was made from; safe to share between threads."""

    rerank_after: timedelta = RERANK_AFTER
    _last: _Ranking | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def top(
        self, tidings: Tidings, *, coverage: tuple[int, datetime], as_of: datetime, now: datetime, limit: int
    ) -> tuple[RankedStory, ...]:
        """Top stories as of ``as_of``; ``coverage`` is (newest story id, its last article time)."""
        with self._lock:
            last = self._last
            if (
                last is not None
                and last.coverage == coverage
                and last.as_of <= as_of
                and last.limit == limit
                and now - last.ranked_at < self.rerank_after
            ):
                return last.stories
        ranked = tuple(tidings.top_stories(now=as_of, limit=limit))
        with self._lock:
            self._last = _Ranking(coverage=coverage, ranked_at=now, as_of=as_of, limit=limit, stories=ranked)
        return ranked
