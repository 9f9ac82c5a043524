"""The in-process scheduler: polls due sources, claiming each from the store (miniflux's worker).

``Scheduler.run_once`` polls everything due now with at most ``concurrency`` polls at a time and
returns; ``tidings fetch`` is that. ``start``/``stop`` run the same loop as a background task of
an asyncio application (the web server, ``tidings run``): after each round it sleeps until the
next source is due (at most ``idle_s``), and wakes early when asked (``wake``), for instance after
a new subscription. There is no broker: due work is a query, and each source is claimed by a
conditional UPDATE (``Store.claim_due_sources``), so several processes can share one database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable, Iterable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from tidings.errors import TidingsError
from tidings.gather.schedule import RHYTHM_WINDOW
from tidings.jobs.background import BackgroundLoop
from tidings.jobs.refresh import PollReport, Refresher
from tidings.store import Source, Store

__all__ = ["Scheduler"]

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
OnReport = Callable[[PollReport], None]
# Work a round leaves to be finished, given the time: stored articles a failed stories step left
# unplaced, completed teasers left undescribed (``Tidings._finish_stories``).
TidyUp = Callable[[datetime], None]
# How often the loop tidies up; a round of ``run_once`` (``tidings fetch``) always does.
TIDY_EVERY = timedelta(minutes=10)


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class _ClaimHandOff:
    """Claims taken in a thread for a round that Ctrl-C may stop meanwhile. The thread's claim
    commits whatever happens to the round, so whichever side learns of the other last hands the
    claims back: the thread, when the round was abandoned before it took them; the round, when
    they were taken but never reached it."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    taken: list[Source] | None = None
    abandoned: bool = False

    def deliver(self, claimed: list[Source], hand_back: Callable[[Iterable[Source]], None]) -> None:
        with self.lock:
            if self.abandoned:
                hand_back(claimed)
            else:
                self.taken = claimed

    def abandon(self, hand_back: Callable[[Iterable[Source]], None]) -> None:
        with self.lock:
            self.abandoned = True
            if self.taken:
                hand_back(self.taken)


class Scheduler(BackgroundLoop):
    """Polls due sources on the store's schedule; one per process. ``wake`` starts the next round
    now (a source was added or asked for); ``stop`` finishes the polls under way and hands back
    unpolled claims."""

    task_name = "tidings-scheduler"

    def __init__(
        self,
        store: Store,
        open_refresher: Callable[[], AbstractAsyncContextManager[Refresher]],
        *,
        concurrency: int,
        lease: timedelta = timedelta(minutes=10),
        idle_s: float = 60.0,
        clock: Clock = _utc_now,
        on_report: OnReport | None = None,
        tidy_up: TidyUp | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self._open_refresher = open_refresher
        self.concurrency = concurrency
        self.lease = lease
        self.idle_s = idle_s
        self._clock = clock
        self._on_report = on_report
        self._tidy_up = tidy_up
        self._tidied_at: datetime | None = None
        self._polls_under_way = 0

    @property
    def polls_under_way(self) -> int:
        """Polls begun and not yet ended: what a ``stop`` now waits for."""
        return self._polls_under_way

    # -- one round ----------------------------------------------------------------------------

    async def _drain(self, refresher: Refresher) -> list[PollReport]:
        """Poll every source due now; claims are taken in batches as workers free up."""
        reports: list[PollReport] = []
        pending: list[Source] = []
        # Claimed and not yet polled to the end: what an interrupted round hands back.
        in_hand: dict[int, Source] = {}
        published: dict[int, list[datetime]] = {}
        exhausted = False
        claim_lock = asyncio.Lock()
        batch = self.concurrency * 4

        async def next_source() -> Source | None:
            nonlocal exhausted
            async with claim_lock:
                if not pending and not exhausted:
                    hand_off = _ClaimHandOff()
                    try:
                        claimed, times = await asyncio.to_thread(self._claim_batch, batch, hand_off)
                    except asyncio.CancelledError:
                        hand_off.abandon(self._release)
                        raise
                    exhausted = not claimed
                    pending.extend(reversed(claimed))
                    in_hand.update((source.source_id, source) for source in claimed)
                    published.update(times)
                return pending.pop() if pending else None

        async def worker() -> None:
            while not self._stopping.is_set() and (source := await next_source()) is not None:
                self._polls_under_way += 1
                try:
                    report = await refresher.refresh(
                        source, self._clock(), published=published.pop(source.source_id, None)
                    )
                finally:
                    self._polls_under_way -= 1
                in_hand.pop(source.source_id, None)
                reports.append(report)
                if self._on_report is not None:
                    self._on_report(report)
            # Sources claimed but not polled (stopping) are handed back at once.
            while self._stopping.is_set() and pending:
                unpolled = pending.pop()
                await asyncio.to_thread(self._release, [unpolled])
                in_hand.pop(unpolled.source_id, None)

        try:
            await asyncio.gather(*(worker() for _ in range(self.concurrency)))
        except asyncio.CancelledError:
            # Ctrl-C during ``tidings fetch``: the polls under way end unrecorded, and their claims
            # would keep the next run from them for the lease. A claim still being taken in a
            # thread is handed back by its ``_ClaimHandOff``.
            self._release(in_hand.values())
            raise
        return reports

    def _release(self, claimed: Iterable[Source]) -> None:
        """Hand claims back at once, without awaiting: the task doing it is being cancelled. Each
        is released by the ``claimed_until`` it was taken with, so a claim whose lease ran out and
        that another worker took since stays that worker's."""
        for source in sorted(claimed, key=lambda source: source.source_id):
            if source.claimed_until is None:
                continue
            try:
                self.store.release_source(source.source_id, source.claimed_until)
            except Exception:
                log.exception("the claim on source %s could not be handed back; it expires", source.source_id)

    def _claim_batch(
        self, limit: int, hand_off: _ClaimHandOff
    ) -> tuple[list[Source], dict[int, list[datetime]]]:
        """Claim due sources and read their recent publication times (for their schedules)."""
        now = self._clock()
        claimed = self.store.claim_due_sources(now, limit=limit, lease=self.lease)
        hand_off.deliver(claimed, self._release)
        ids = [source.source_id for source in claimed]
        return claimed, self.store.publication_times(ids, now - RHYTHM_WINDOW)

    async def run_once(self) -> list[PollReport]:
        """Poll every source that is due now, then return what each poll did."""
        async with self._open_refresher() as refresher:
            reports = await self._drain(refresher)
        await self._tidy(force=True)
        return reports

    async def _tidy(self, *, force: bool = False) -> None:
        """Finish what failed polls left to the stories step (``TidyUp``), at most every
        ``TIDY_EVERY`` in the loop; its failure is logged, never the loop's end."""
        now = self._clock()
        if self._tidy_up is None or (
            not force and self._tidied_at is not None and now - self._tidied_at < TIDY_EVERY
        ):
            return
        self._tidied_at = now
        tidy_up = self._tidy_up
        try:
            await asyncio.to_thread(tidy_up, now)
        except Exception:
            log.exception("finishing the stories step's left-over work failed; trying again later")

    async def refresh_now(self, source_id: int) -> PollReport | None:
        """Poll one source now, due or not; None when another worker is polling it."""
        now = self._clock()
        source = await asyncio.to_thread(self.store.claim_source_now, source_id, now, lease=self.lease)
        if source is None:
            return None
        try:
            async with self._open_refresher() as refresher:
                return await refresher.refresh(source, now)
        except asyncio.CancelledError:
            self._release([source])
            raise

    # -- in the background --------------------------------------------------------------------

    def _seconds_until_due(self) -> float:
        next_due = self.store.next_due_at()
        if next_due is None:
            return self.idle_s
        return max(0.0, min(self.idle_s, (next_due - self._clock()).total_seconds()))

    async def _sleep(self, *, after_failure: bool = False) -> None:
        """Wait until the next source is due (at most ``idle_s``), or the whole ``idle_s`` after a
        failed round: its sources are still due, and a database that fails at once (a full disk)
        made the loop fail round after round without a pause."""
        # Cleared before the store is asked how long to sleep, not after: a wake (or a stop) that
        # comes while the query runs is kept. Cleared after, it was lost, and a stop waited out the
        # whole sleep, up to idle_s (tests/jobs/test_local.py makes the query slow to show it).
        self._wake.clear()
        delay = self.idle_s
        if not after_failure:
            try:
                delay = await asyncio.to_thread(self._seconds_until_due)
            except Exception as error:
                # Uncaught, this ended the loop: the process went on, never polling again.
                _log_failure("asking when the next source is due failed", error, self.idle_s)
        if self._stopping.is_set():
            return
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(delay):
                await self._wake.wait()

    async def _loop(self) -> None:
        async with self._open_refresher() as refresher:
            while not self._stopping.is_set():
                failed = False
                try:
                    await self._drain(refresher)
                except Exception as error:
                    # A failing round (the database went away) must not end the loop.
                    _log_failure("a polling round failed", error, self.idle_s)
                    failed = True
                if not self._stopping.is_set():
                    # Not once stopping: a stop waits for work in a thread, and this may be long.
                    await self._tidy()
                    await self._sleep(after_failure=failed)


def _log_failure(what: str, error: Exception, pause_s: float) -> None:
    """One line for a failure the loop outlives: a ``TidingsError`` says what is wrong in its own
    words (its traceback only at DEBUG), anything else is a bug, logged with its traceback."""
    if isinstance(error, TidingsError):
        log.error("%s: %s; trying again in %.0f s", what, error, pause_s)
        log.debug("the failure's traceback", exc_info=error)
    else:
        log.error("%s; trying again in %.0f s", what, pause_s, exc_info=error)
