"""The scheduler: one round polls every due source once, each claimed by one worker; the
background loop starts and stops inside an asyncio application."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest

from tests.gather.fetch_server import FetchServer, Handler, respond, running_server
from tests.jobs.support import LONG_TEXT, NOW, refresher_for, rss
from tidings.errors import StoreError
from tidings.jobs import PollReport, Scheduler
from tidings.jobs.local import TIDY_EVERY
from tidings.store import Store


@pytest.fixture
def server() -> Iterator[FetchServer]:
    yield from running_server()


def _scheduler(store: Store, clock: list[datetime], concurrency: int = 3) -> Scheduler:
    return Scheduler(
        store, lambda: refresher_for(store), concurrency=concurrency, clock=lambda: clock[0], idle_s=0.2
    )


def test_one_round_polls_every_due_source_once(server: FetchServer, store: Store) -> None:
    for index in range(8):
        server.routes[f"/feed{index}"] = respond(
            200, rss(server.url(""), (f"e{index}", f"E{index}", LONG_TEXT))
        )
        store.subscribe(server.url(f"/feed{index}"), kind="feed", now=NOW)
    clock = [NOW]
    reports = asyncio.run(_scheduler(store, clock).run_once())
    assert sorted(report.source_id for report in reports) == list(range(1, 9))
    assert all(report.outcome == "new" for report in reports)
    assert all(len(server.hits(f"/feed{index}")) == 1 for index in range(8))
    # Nothing is due right after: a second round polls nothing.
    assert asyncio.run(_scheduler(store, clock).run_once()) == []
    clock[0] = NOW + timedelta(days=2)
    assert len(asyncio.run(_scheduler(store, clock).run_once())) == 8


def test_one_fetch_per_url_however_many_subscribe(server: FetchServer, store: Store) -> None:
    server.routes["/feed"] = respond(200, rss(server.url(""), ("a", "A", LONG_TEXT)))
    for user_key in ("", "ana", "ben", "chloe"):
        store.subscribe(server.url("/feed"), kind="feed", now=NOW, user_key=user_key, folder=user_key)
    reports = asyncio.run(_scheduler(store, [NOW]).run_once())
    assert [(report.outcome, report.added) for report in reports] == [("new", 1)]
    assert len(server.hits("/feed")) == 1
    assert store.count_articles() == 1


def test_two_schedulers_never_poll_one_source_twice(server: FetchServer, store: Store) -> None:
    for index in range(6):
        server.routes[f"/feed{index}"] = respond(200, rss(server.url(""), (f"e{index}", "E", LONG_TEXT)))
        store.subscribe(server.url(f"/feed{index}"), kind="feed", now=NOW)
    clock = [NOW]

    async def both() -> list[PollReport]:
        first, second = await asyncio.gather(
            _scheduler(store, clock).run_once(), _scheduler(store, clock).run_once()
        )
        return first + second

    reports = asyncio.run(both())
    assert sorted(report.source_id for report in reports) == list(range(1, 7))
    assert sum(len(server.hits(f"/feed{index}")) for index in range(6)) == 6


def test_the_background_loop_polls_and_stops_cleanly(server: FetchServer, store: Store) -> None:
    server.routes["/feed"] = respond(200, rss(server.url(""), ("a", "A", LONG_TEXT)))
    clock = [NOW]
    seen: list[PollReport] = []

    async def app_lifetime() -> None:
        scheduler = Scheduler(
            store,
            lambda: refresher_for(store),
            concurrency=2,
            clock=lambda: clock[0],
            idle_s=0.1,
            on_report=seen.append,
        )
        await scheduler.start()
        assert scheduler.running
        store.subscribe(server.url("/feed"), kind="feed", now=NOW)
        scheduler.wake()
        for _ in range(50):
            if seen:
                break
            await asyncio.sleep(0.05)
        await scheduler.stop()
        assert not scheduler.running

    asyncio.run(app_lifetime())
    assert [report.outcome for report in seen] == ["new"]
    assert store.get_source(1).next_check_at > NOW


def test_a_stop_that_comes_while_the_next_sleep_is_measured_is_not_lost(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The store takes a while to say when the next source is due (a busy database); the stop comes
    # in that while. The loop must not then sleep out its whole idle time (here 60 s).
    measuring = threading.Event()

    def slow_seconds_until_due(self: Scheduler) -> float:
        measuring.set()
        time.sleep(0.5)
        return 60.0

    monkeypatch.setattr(Scheduler, "_seconds_until_due", slow_seconds_until_due)

    async def app_lifetime() -> float:
        scheduler = Scheduler(store, lambda: refresher_for(store), concurrency=1, idle_s=60.0)
        await scheduler.start()
        while not measuring.is_set():
            await asyncio.sleep(0.01)
        started = time.monotonic()
        await scheduler.stop()
        return time.monotonic() - started

    assert asyncio.run(app_lifetime()) < 5


def test_a_round_the_database_fails_is_followed_by_a_pause_and_one_line(
    store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # A full disk failed every claim at once: the loop began the next round straight away, about
    # 40 rounds a minute, each logging a whole traceback under "trying again after a pause"
    # (review, 2026-12-07).
    store.subscribe("http://127.0.0.1:9/feed.xml", kind="feed", now=NOW)  # due now: no wait
    claims: list[float] = []

    def failing_claim(
        self: Scheduler, limit: int, hand_off: object
    ) -> tuple[list[object], dict[int, list[datetime]]]:
        claims.append(time.monotonic())
        raise StoreError("could not write to the database x.sqlite3: database or disk is full")

    monkeypatch.setattr(Scheduler, "_claim_batch", failing_claim)

    async def app_lifetime() -> None:
        scheduler = Scheduler(
            store, lambda: refresher_for(store), concurrency=1, clock=lambda: NOW, idle_s=0.4
        )
        await scheduler.start()
        await asyncio.sleep(0.6)
        assert scheduler.running
        await scheduler.stop()

    with caplog.at_level(logging.ERROR, logger="tidings.jobs.local"):
        asyncio.run(app_lifetime())
    assert len(claims) == 2, claims
    assert claims[1] - claims[0] >= 0.35
    assert caplog.messages[0] == (
        "a polling round failed: could not write to the database x.sqlite3: database or disk is"
        " full; trying again in 0 s"
    )
    assert all(record.exc_info is None for record in caplog.records)


def test_a_database_that_fails_to_say_when_the_next_source_is_due_does_not_end_the_loop(
    server: FetchServer, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The loop caught a failing round but not the query for its sleep that follows, which fails
    # as well when the database has gone away: the loop ended, and `tidings run` (or `serve`) went
    # on running without ever polling again, saying nothing (review, 2026-12-07).
    server.routes["/feed"] = respond(200, rss(server.url(""), ("a", "A", LONG_TEXT)))
    asked = 0
    next_due_at = store.next_due_at

    def failing_once() -> datetime | None:
        nonlocal asked
        asked += 1
        if asked == 1:
            raise StoreError("could not read the database x.sqlite3: the server closed the connection")
        return next_due_at()

    monkeypatch.setattr(store, "next_due_at", failing_once)
    seen: list[PollReport] = []

    async def app_lifetime() -> None:
        scheduler = Scheduler(
            store,
            lambda: refresher_for(store),
            concurrency=1,
            clock=lambda: NOW,
            idle_s=0.1,
            on_report=seen.append,
        )
        await scheduler.start()
        for _ in range(100):
            if asked >= 2 or not scheduler.running:
                break
            await asyncio.sleep(0.02)
        assert scheduler.running
        store.subscribe(server.url("/feed"), kind="feed", now=NOW)
        scheduler.wake()
        for _ in range(100):
            if seen:
                break
            await asyncio.sleep(0.05)
        assert scheduler.running
        await scheduler.stop()

    asyncio.run(app_lifetime())
    assert [report.outcome for report in seen] == ["new"]


def test_a_round_of_fetch_tidies_up_what_the_stories_step_left(store: Store) -> None:
    tidied: list[datetime] = []
    scheduler = Scheduler(
        store, lambda: refresher_for(store), concurrency=1, clock=lambda: NOW, tidy_up=tidied.append
    )
    assert asyncio.run(scheduler.run_once()) == []
    assert tidied == [NOW]


def test_the_loop_tidies_up_now_and_then_and_a_failure_does_not_stop_it(store: Store) -> None:
    clock = [NOW]
    tidied: list[datetime] = []

    def tidy_up(now: datetime) -> None:
        tidied.append(now)
        raise RuntimeError("the database went away")

    async def app_lifetime() -> None:
        scheduler = Scheduler(
            store,
            lambda: refresher_for(store),
            concurrency=1,
            clock=lambda: clock[0],
            idle_s=0.02,
            tidy_up=tidy_up,
        )
        await scheduler.start()
        await asyncio.sleep(0.3)  # several rounds, all within TIDY_EVERY of the first
        clock[0] = NOW + TIDY_EVERY
        await asyncio.sleep(0.3)
        assert scheduler.running
        await scheduler.stop()

    asyncio.run(app_lifetime())
    assert tidied == [NOW, NOW + TIDY_EVERY]


def test_a_stop_that_comes_during_a_round_does_not_wait_for_a_tidy_up(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tidying up may place a backlog (minutes, in a thread a stop cannot cancel): a round that a
    # stop came during ends the loop without starting it.
    claiming = threading.Event()
    tidied: list[datetime] = []

    def slow_claim(
        self: Scheduler, limit: int, hand_off: object
    ) -> tuple[list[object], dict[int, list[datetime]]]:
        claiming.set()
        time.sleep(0.3)
        return [], {}

    monkeypatch.setattr(Scheduler, "_claim_batch", slow_claim)

    async def app_lifetime() -> None:
        scheduler = Scheduler(
            store, lambda: refresher_for(store), concurrency=1, clock=lambda: NOW, tidy_up=tidied.append
        )
        await scheduler.start()
        while not claiming.is_set():
            await asyncio.sleep(0.01)
        await scheduler.stop()

    asyncio.run(app_lifetime())
    assert tidied == []


def _stalling(seconds: float, then: Handler) -> Handler:
    def handle(request: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        then(request)

    return handle


@pytest.mark.parametrize("how", ["round", "one source"])
def test_an_interrupted_poll_hands_its_claims_back(server: FetchServer, store: Store, how: str) -> None:
    # Ctrl-C during `tidings fetch` (or `tidings sources refresh`) cancels the polls under way.
    # Their claims must not outlive the process: the next run would skip those sources, and a
    # manual refresh say they are being polled, for the whole lease.
    server.routes["/slow"] = _stalling(1.0, respond(200, rss(server.url(""), ("a", "A", LONG_TEXT))))
    server.routes["/quick"] = respond(200, rss(server.url(""), ("b", "B", LONG_TEXT)))
    slow = store.subscribe(server.url("/slow"), kind="feed", now=NOW).source
    store.subscribe(server.url("/quick"), kind="feed", now=NOW)
    scheduler = _scheduler(store, [NOW], concurrency=1)

    async def interrupted() -> None:
        poll = scheduler.run_once() if how == "round" else scheduler.refresh_now(slow.source_id)
        task = asyncio.ensure_future(poll)
        while not server.hits("/slow"):
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(interrupted())
    again = store.claim_due_sources(NOW, limit=10, lease=timedelta(minutes=10))
    assert sorted(source.url for source in again) == sorted([server.url("/slow"), server.url("/quick")])


@pytest.mark.parametrize("concurrency", [1, 3])
def test_claims_taken_while_ctrl_c_stops_the_round_are_handed_back(
    server: FetchServer, store: Store, concurrency: int
) -> None:
    # Found in review (2026-12-06): the claim runs in a thread, which commits whatever cancels the
    # round; its sources were held for the whole lease. With several workers the round ends as
    # soon as the idle ones are cancelled, before the claiming one hears of it.
    for name in ("a", "b"):
        server.routes[f"/{name}"] = respond(200, rss(server.url(""), (name, name.upper(), LONG_TEXT)))
        store.subscribe(server.url(f"/{name}"), kind="feed", now=NOW)
    scheduler = _scheduler(store, [NOW], concurrency=concurrency)
    real_claim = store.claim_due_sources
    claimed: list[object] = []

    def slow_claim(*args: Any, **kwargs: Any) -> Any:  # a busy database: committed, answered late
        result = real_claim(*args, **kwargs)
        claimed.extend(result)
        time.sleep(0.5)
        return result

    store.claim_due_sources = slow_claim  # type: ignore[method-assign]

    async def interrupted() -> None:
        task = asyncio.ensure_future(scheduler.run_once())
        while not claimed:
            await asyncio.sleep(0.01)
        task.cancel()  # Ctrl-C
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(interrupted())  # waits for the claiming thread, as Python's exit does
    store.claim_due_sources = real_claim  # type: ignore[method-assign]
    again = store.claim_due_sources(NOW, limit=10, lease=timedelta(minutes=10))
    assert sorted(source.url for source in again) == sorted(server.url(f"/{name}") for name in ("a", "b"))
