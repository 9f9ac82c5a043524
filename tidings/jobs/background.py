"""A loop run as a background task of an asyncio application: start, wake, stop.

The source scheduler and the entity reader share this life cycle: ``start`` in the application's
lifespan, ``wake`` when there is new work, ``stop`` at shutdown, which lets the work in hand
finish (work in a thread cannot be cancelled mid-way).
"""

from __future__ import annotations

import asyncio

__all__ = ["BackgroundLoop"]


class BackgroundLoop:
    """Subclasses write ``_loop``, which runs until ``_stopping`` is set and may wait on ``_wake``."""

    task_name = "tidings-background"

    def __init__(self) -> None:
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()

    async def _loop(self) -> None:
        raise NotImplementedError

    async def start(self) -> None:
        """Run the loop as a background task of the running event loop (once)."""
        if self._task is not None and not self._task.done():
            return
        self._stopping.clear()
        self._task = asyncio.create_task(self._loop(), name=self.task_name)

    async def stop(self) -> None:
        """Finish the work in hand and end the loop."""
        self._stopping.set()
        self._wake.set()
        if self._task is not None:
            await self._task
            self._task = None

    def wake(self) -> None:
        """Look for work now rather than after the idle wait."""
        self._wake.set()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()
