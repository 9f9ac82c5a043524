"""``next_check_at``: rhythm, bounds, server headers, backoff with jitter, pausing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tidings.gather.schedule import (
    PollHistory,
    ScheduleBounds,
    cache_lifetime,
    next_check_at,
    retry_after_at,
    should_pause,
)

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
BOUNDS = ScheduleBounds(
    min_interval=timedelta(minutes=15),
    max_interval=timedelta(hours=24),
    default_interval=timedelta(hours=1),
    paused_interval=timedelta(hours=24),
)


def entries_every(gap: timedelta, count: int) -> tuple[datetime, ...]:
    return tuple(NOW - gap * index for index in range(count))


def wait(history: PollHistory, headers: dict[str, str] | None = None) -> timedelta:
    return next_check_at(history, headers or {}, NOW, BOUNDS) - NOW


def test_a_busy_feed_is_checked_often_and_a_quiet_one_rarely() -> None:
    busy = wait(PollHistory("busy", entries_every(timedelta(hours=1), 168)))
    weekly = wait(PollHistory("weekly", entries_every(timedelta(days=3), 3)))
    assert timedelta(minutes=15) <= busy <= timedelta(minutes=40)
    assert timedelta(hours=20) <= weekly <= timedelta(hours=24)
    assert busy < weekly


def test_the_interval_stays_within_the_bounds() -> None:
    flood = wait(PollHistory("flood", entries_every(timedelta(seconds=30), 2000)))
    silent = wait(PollHistory("silent", (NOW - timedelta(days=90),)))
    assert flood >= timedelta(minutes=15)
    assert silent <= timedelta(hours=24)
    # Jitter never carries a source past a bound, whichever way it falls for that source.
    for index in range(50):
        busy = wait(PollHistory(f"busy-{index}", entries_every(timedelta(minutes=1), 5000)))
        quiet = wait(PollHistory(f"quiet-{index}", (NOW - timedelta(days=6),)))
        failing = wait(PollHistory(f"failing-{index}", error_count=12))
        assert busy >= timedelta(minutes=15)
        assert max(quiet, failing) <= timedelta(hours=24)


def test_a_new_source_gets_the_default_interval() -> None:
    assert timedelta(minutes=54) <= wait(PollHistory("new")) <= timedelta(minutes=66)


def test_the_server_headers_are_floors() -> None:
    busy = PollHistory("busy", entries_every(timedelta(minutes=10), 500))
    assert wait(busy, {"cache-control": "public, max-age=7200"}) >= timedelta(hours=2)
    expires = "Mon, 23 Nov 2026 15:00:00 GMT"
    assert wait(busy, {"expires": expires}) >= timedelta(hours=3)
    assert wait(busy, {"cache-control": "no-cache, max-age=7200"}) < timedelta(hours=1)
    ttl = PollHistory("ttl", entries_every(timedelta(minutes=10), 500), feed_ttl=timedelta(minutes=90))
    assert wait(ttl) >= timedelta(minutes=90)


def test_retry_after_is_honoured_in_seconds_and_as_a_date() -> None:
    failing = PollHistory("f", error_count=1)
    assert wait(failing, {"retry-after": "3600"}) >= timedelta(hours=1)
    assert wait(failing, {"retry-after": "Tue, 24 Nov 2026 12:00:00 GMT"}) == timedelta(days=1)
    assert wait(failing, {"retry-after": "99999999"}) == timedelta(days=7)


def test_errors_back_off_exponentially_with_jitter() -> None:
    waits = [wait(PollHistory("flaky", error_count=count)) for count in range(1, 8)]
    assert waits[0] < waits[1] < waits[2] < waits[3]
    assert all(delay <= timedelta(hours=24) for delay in waits)
    spread = {wait(PollHistory(f"source-{index}", error_count=3)) for index in range(20)}
    assert len(spread) == 20
    assert min(spread) >= timedelta(hours=1) * 0.75
    assert max(spread) <= timedelta(hours=1) * 1.25


def test_the_same_inputs_give_the_same_answer() -> None:
    history = PollHistory("same", entries_every(timedelta(hours=2), 50), error_count=2)
    assert wait(history) == wait(history)


def test_a_paused_source_is_checked_daily() -> None:
    assert wait(PollHistory("p", error_count=40, paused=True)) == timedelta(hours=24)


@pytest.mark.parametrize(
    ("since", "paused"),
    [(None, False), (NOW - timedelta(days=1), False), (NOW - timedelta(days=3), True)],
)
def test_a_source_failing_for_days_is_paused(since: datetime | None, paused: bool) -> None:
    assert should_pause(since, NOW, timedelta(days=3)) is paused


def test_header_parsers_ignore_nonsense() -> None:
    assert retry_after_at({"retry-after": "soon"}, NOW) is None
    assert cache_lifetime({"expires": "0"}, NOW) is None
    assert cache_lifetime({"cache-control": "s-maxage=60, max-age=10"}, NOW) == timedelta(seconds=60)
