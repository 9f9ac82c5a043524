"""Keeping many item-less polls in one transaction: most polls are a 304 and change one row.

A poll that brought no entries (a 304, or a feed with nothing new) changes only its source's row:
validators, times and the next check. Committing each alone costs a transaction per poll, which
on SQLite is most of a 304 poll's cost. ``QuietPolls`` gathers such polls from concurrent workers
and keeps them together, one transaction per batch (it flushes when ``size`` are waiting, or
``delay_s`` after the first). Each caller still waits until its poll is kept, so the scheduler
never claims a source whose last poll is not yet written. Polls that bring entries never pass
here: they are kept alone, with their entries, in their own transaction.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from tidings.store import PollSuccess

__all__ = ["QuietPolls"]

KeepBatch = Callable[[Sequence[tuple[int, PollSuccess]]], None]


class QuietPolls:
    """Batches item-less polls into one store transaction; one per event loop."""

    def __init__(self, keep_batch: KeepBatch, *, size: int = 32, delay_s: float = 0.02) -> None:
        self._keep_batch = keep_batch
        self._size = size
        self._delay_s = delay_s
        self._waiting: list[tuple[int, PollSuccess, asyncio.Future[None]]] = []
        self._timer: asyncio.TimerHandle | None = None

    async def keep(self, source_id: int, poll: PollSuccess) -> None:
        """Keep ``poll`` of ``source_id`` (which must bring no items); returns once it is written."""
        if poll.items:
            raise ValueError("a poll with entries is kept alone, with its entries")
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        self._waiting.append((source_id, poll, done))
        if len(self._waiting) >= self._size:
            self._flush()
        elif self._timer is None:
            self._timer = loop.call_later(self._delay_s, self._flush)
        await done

    def _flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        batch, self._waiting = self._waiting, []
        if batch:
            asyncio.get_running_loop().create_task(self._write(batch))

    async def _write(self, batch: list[tuple[int, PollSuccess, asyncio.Future[None]]]) -> None:
        try:
            await asyncio.to_thread(self._keep_batch, [(source_id, poll) for source_id, poll, _done in batch])
        except Exception:
            # One bad poll (its source was removed meanwhile) must not fail the others: keep each
            # alone, and give each caller its own outcome.
            for source_id, poll, done in batch:
                await self._write_alone(source_id, poll, done)
            return
        for _source_id, _poll, done in batch:
            if not done.done():
                done.set_result(None)

    async def _write_alone(self, source_id: int, poll: PollSuccess, done: asyncio.Future[None]) -> None:
        try:
            await asyncio.to_thread(self._keep_batch, [(source_id, poll)])
        except Exception as error:
            if not done.done():
                done.set_exception(error)
            return
        if not done.done():
            done.set_result(None)
