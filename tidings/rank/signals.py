"""The signals a story is ranked by, each a pure function of its coverage totals and ``now``.

* **breadth**: distinct outlets with writing of their own in the story. An outlet whose only
  articles are copies (syndication, wire re-posts) does not count: ten sites running one AP
  story are one report, not ten.
* **velocity**: outlets that joined in the last ``velocity_window`` hours, per hour: a story
  several newsrooms are picking up now is rising (an undated join counts no later than the
  story's latest dated article).
* **freshness**: halves every ``half_life`` hours since the story's latest original article
  (an undated one counts no later than the story's latest dated article, ``latest_original``).
* **originality**: the share of its articles that are not copies: original reporting counts
  for more than syndicated copies of it.

Each reads a ``StoryCoverage``: totals the store keeps up to date as articles are placed, so
that ranking never reads every article. ``coverage_of`` is the definition of those totals, made
from a story's arrivals (tests compare the store's totals with it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from tidings.model import Arrival, Story, StoryCoverage

__all__ = [
    "RankSettings",
    "breadth",
    "coverage_of",
    "freshness",
    "latest_original",
    "originality",
    "velocity",
]


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


def coverage_of(story: Story, arrivals: Sequence[Arrival]) -> StoryCoverage:
    """The coverage totals of a story whose articles arrived as ``arrivals``."""
    joined = _original_outlets(arrivals)
    originals = [arrival.seen_at for arrival in arrivals if not arrival.is_copy]
    return StoryCoverage(
        story=story,
        articles=len(arrivals),
        copies=len(arrivals) - len(originals),
        original_outlets=len(joined),
        latest=_latest_seen(arrivals),
        latest_original=max(originals, default=None),
        joins=tuple(sorted(joined.values())),
    )


def _latest_seen(arrivals: Sequence[Arrival]) -> datetime | None:
    """The latest dated arrival; the latest fetch only for a story none of whose articles carries
    a date (an undated page added today must not make an old story's coverage today's)."""
    dated = [arrival.seen_at for arrival in arrivals if arrival.dated]
    return max(dated or [arrival.seen_at for arrival in arrivals], default=None)


def breadth(coverage: StoryCoverage) -> int:
    """Distinct outlets with original articles; at least 1 for a story of copies only."""
    return max(coverage.original_outlets, 1 if coverage.articles else 0)


def velocity(coverage: StoryCoverage, now: datetime, window_hours: float) -> float:
    """Outlets whose first original article arrived in the last ``window_hours``, per hour. A
    join counts no later than the story's latest dated article, as ``latest_original``: an
    undated page added today is no outlet joining a story dated yesterday today."""
    seconds = window_hours * 3600
    joins = (
        coverage.joins
        if coverage.latest is None
        else [min(first, coverage.latest) for first in coverage.joins]
    )
    joined = sum(1 for first in joins if 0 <= (now - first).total_seconds() <= seconds)
    return joined / window_hours


def latest_original(coverage: StoryCoverage) -> datetime | None:
    """The latest original article's time; the latest article's for a story of copies only.

    Never later than the story's latest dated article (``latest``, its last seen) where it has
    one: an original without a date counts at the time it was added, and an old undated page
    added today does not make a story dated yesterday today's (as its span does not)."""
    original = coverage.latest_original
    if original is None:
        return coverage.latest
    return original if coverage.latest is None else min(original, coverage.latest)


def freshness(coverage: StoryCoverage, now: datetime, half_life_hours: float) -> tuple[float, float]:
    """(hours since the latest original article, the decay factor 0.5 ** (hours / half-life)).
    An arrival dated in the future counts as now."""
    latest = latest_original(coverage)
    if latest is None:
        return 0.0, 0.0
    hours = max(0.0, (now - latest).total_seconds() / 3600)
    return hours, 0.5 ** (hours / half_life_hours)


def originality(coverage: StoryCoverage) -> float:
    """The share of the story's articles that are not copies (1.0 for a story of none)."""
    if not coverage.articles:
        return 1.0
    return (coverage.articles - coverage.copies) / coverage.articles
