"""When to check a source next: a pure function of its history, the last response's headers and now.

``next_check_at`` adapts each source's interval to its publishing rhythm (a feed that publishes
every ten minutes is checked often, one that publishes weekly is not), keeps it within the
configured bounds (jitter included), and never asks sooner than the server allows: ``Cache-Control: max-age``,
``Expires``, RSS ``<ttl>`` and ``Retry-After`` are lower bounds. After failures the interval
grows exponentially, with jitter so that sources that failed together do not retry together.
The jitter is drawn from a hash of the source and its error count, so the function stays pure
(the same inputs give the same answer) while different sources spread out.

Hand-written: the rule is small and ours to tune; feed readers each have their own (miniflux's
``ScheduleNextCheck`` entry-frequency mode, NewsBlur's stories-per-month table).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

__all__ = [
    "PollHistory",
    "ScheduleBounds",
    "cache_lifetime",
    "next_check_at",
    "retry_after_at",
    "should_pause",
]

# Entries older than this do not count towards a source's rhythm: a feed's last week says how
# it publishes now better than its last year.
RHYTHM_WINDOW = timedelta(days=7)
# Checking twice per expected entry halves the average delay before a new entry is seen; checking
# more often mostly brings 304s. (Judgement, not a sweep: re-run bench/fetch.py after changing it.)
CHECKS_PER_ENTRY = 2.0
# A server may ask for a long wait, but one bad header must not silence a source for months.
MAX_RETRY_AFTER = timedelta(days=7)
NORMAL_JITTER = 0.1
ERROR_JITTER = 0.25


@dataclass(frozen=True, slots=True)
class ScheduleBounds:
    """The configured limits of polling (settings ``poll_*``)."""

    min_interval: timedelta = timedelta(minutes=15)
    max_interval: timedelta = timedelta(hours=24)
    default_interval: timedelta = timedelta(hours=1)
    paused_interval: timedelta = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class PollHistory:
    """What the store knows of a source when it is rescheduled.

    ``published_at`` holds the publication (else first-seen) times of its recent entries, in any
    order; ``error_count`` is the number of failures in a row, this check included (0 after a
    success); ``feed_ttl`` is the RSS ``<ttl>``, when the feed has one.
    """

    source_key: str
    published_at: Sequence[datetime] = ()
    error_count: int = 0
    feed_ttl: timedelta | None = None
    paused: bool = False


def _jitter(source_key: str, salt: int, spread: float) -> float:
    digest = hashlib.sha256(f"{source_key}\0{salt}".encode()).digest()
    unit = int.from_bytes(digest[:8], "big") / 2**64
    return 1.0 - spread + 2 * spread * unit


def _rhythm_interval(history: PollHistory, now: datetime, bounds: ScheduleBounds) -> timedelta:
    if not history.published_at:
        return bounds.default_interval
    recent = [moment for moment in history.published_at if now - RHYTHM_WINDOW <= moment <= now]
    if not recent:
        return bounds.max_interval
    average_gap = RHYTHM_WINDOW / len(recent)
    return average_gap / CHECKS_PER_ENTRY


def _clamp(interval: timedelta, low: timedelta, high: timedelta) -> timedelta:
    return max(low, min(high, interval))


def retry_after_at(headers: Mapping[str, str], now: datetime) -> datetime | None:
    """The moment ``Retry-After`` names (seconds or an HTTP date), or None."""
    raw = (headers.get("retry-after") or "").strip()
    if not raw:
        return None
    if raw.isdigit():
        return now + timedelta(seconds=int(raw))
    try:
        moment = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return None
    return moment


def cache_lifetime(headers: Mapping[str, str], now: datetime) -> timedelta | None:
    """How long the response says it stays fresh: ``Cache-Control`` max-age, else ``Expires``."""
    cache_control = (headers.get("cache-control") or "").lower()
    directives: dict[str, str] = {}
    for part in cache_control.split(","):
        name, _, value = part.strip().partition("=")
        if name:
            directives[name] = value.strip('"')
    if "no-store" in directives or "no-cache" in directives:
        return None
    for name in ("s-maxage", "max-age"):
        value = directives.get(name, "")
        if value.isdigit():
            return timedelta(seconds=int(value))
    expires = (headers.get("expires") or "").strip()
    if expires:
        try:
            moment = parsedate_to_datetime(expires)
        except (TypeError, ValueError):
            return None
        if moment.tzinfo is not None and moment > now:
            return moment - now
    return None


def next_check_at(
    history: PollHistory,
    headers: Mapping[str, str],
    now: datetime,
    bounds: ScheduleBounds | None = None,
) -> datetime:
    """When to check the source next (``headers`` are the last response's, lower-case names)."""
    limits = bounds or ScheduleBounds()
    if history.paused:
        interval = limits.paused_interval
    elif history.error_count > 0:
        grown = limits.min_interval * 2 ** min(history.error_count - 1, 20)
        jittered = grown * _jitter(history.source_key, history.error_count, ERROR_JITTER)
        interval = _clamp(jittered, limits.min_interval, limits.max_interval)
    else:
        jittered = _rhythm_interval(history, now, limits) * _jitter(history.source_key, 0, NORMAL_JITTER)
        # Clamped after the jitter: the bounds are the user's promise to sites (never more often
        # than the shortest interval) and to themselves (never staler than the longest).
        interval = _clamp(jittered, limits.min_interval, limits.max_interval)
    earliest = now + interval
    # The server's own word is a floor: never ask before it says the answer changes.
    floors = [cache_lifetime(headers, now), history.feed_ttl]
    for floor in floors:
        if floor is not None:
            earliest = max(earliest, now + min(floor, limits.max_interval))
    retry_at = retry_after_at(headers, now)
    if retry_at is not None:
        earliest = max(earliest, min(retry_at, now + MAX_RETRY_AFTER))
    return earliest


def should_pause(failing_since: datetime | None, now: datetime, pause_after: timedelta) -> bool:
    """A source failing without a break for ``pause_after`` is paused (checked daily, shown as paused)."""
    return failing_since is not None and now - failing_since >= pause_after
