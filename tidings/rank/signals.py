"""The signals a story is ranked by, each a pure function of its arrivals and ``now``.

* **breadth**: distinct outlets with writing of their own in the story. An outlet whose only
  articles are copies (syndication, wire re-posts) does not count: ten sites running one AP
  story are one report, not ten.
* **velocity**: outlets that joined in the last ``velocity_window`` hours, per hour: a story
  several newsrooms are picking up now is rising.
* **freshness**: halves every ``half_life`` hours since the story's latest original article.
* **originality**: the share of its articles that are not copies: original reporting counts
  for more than syndicated copies of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from tidings.model import Arrival

__all__ = ["RankSettings", "breadth", "freshness", "latest_original", "originality", "velocity"]


@dataclass(frozen=True, slots=True)
class RankSettings:
    """How the signals combine (see ``rank.top_stories``).

    These are editorial choices, not fitted: no labelled "top stories" data could be had here
    (MIND, the one public news-ranking set, is not obtainable; see shared/data). A 12-hour
    half-life keeps a day's big stories on top through the day, as Hacker News's gravity and
    Google News's freshness do; a 3-hour window sees a story spreading across newsrooms.
    """

    half_life_hours: float = 12.0
    velocity_window_hours: float = 3.0


def _original_outlets(arrivals: Sequence[Arrival]) -> dict[str, datetime]:
    """Each outlet with writing of its own, and when its first original article arrived."""
    first: dict[str, datetime] = {}
    for arrival in arrivals:
        if arrival.is_copy:
            continue
        if arrival.outlet not in first or arrival.seen_at < first[arrival.outlet]:
            first[arrival.outlet] = arrival.seen_at
    return first


def breadth(arrivals: Sequence[Arrival]) -> int:
    """Distinct outlets with original articles; at least 1 for a story of copies only."""
    return max(len(_original_outlets(arrivals)), 1 if arrivals else 0)


def velocity(arrivals: Sequence[Arrival], now: datetime, window_hours: float) -> float:
    """Outlets whose first original article arrived in the last ``window_hours``, per hour."""
    seconds = window_hours * 3600
    joined = sum(
        1 for first in _original_outlets(arrivals).values() if 0 <= (now - first).total_seconds() <= seconds
    )
    return joined / window_hours


def latest_original(arrivals: Sequence[Arrival]) -> datetime | None:
    originals = [arrival.seen_at for arrival in arrivals if not arrival.is_copy]
    pool = originals or [arrival.seen_at for arrival in arrivals]
    return max(pool) if pool else None


def freshness(arrivals: Sequence[Arrival], now: datetime, half_life_hours: float) -> tuple[float, float]:
    """(hours since the latest original article, the decay factor 0.5 ** (hours / half-life)).
    An arrival dated in the future counts as now."""
    latest = latest_original(arrivals)
    if latest is None:
        return 0.0, 0.0
    hours = max(0.0, (now - latest).total_seconds() / 3600)
    return hours, 0.5 ** (hours / half_life_hours)


def originality(arrivals: Sequence[Arrival]) -> float:
    """The share of the story's articles that are not copies (1.0 for a story of none)."""
    if not arrivals:
        return 1.0
    return sum(1 for arrival in arrivals if not arrival.is_copy) / len(arrivals)
