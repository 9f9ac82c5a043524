"""Reading the people, places and organisations of new articles in the background while serving.

Entities are read lazily, not at ingest: loading the NER pipeline and running it over a bulk load
would slow every ``tidings add``. The command line reads what is pending before it answers
(``tidings entity``); a server cannot make a reader wait for thousands of articles, so
``EntityReader`` reads them beside it, a batch at a time in a worker thread, and sleeps when none
is left. Articles come in from polls, the reader's "Add" page and other processes sharing the
database, so it looks again every ``idle_s``. Two processes reading the same batch do no harm: an
article's entities are replaced, not added to.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from tidings.errors import TidingsError
from tidings.jobs.background import BackgroundLoop

__all__ = ["EntityReader"]

log = logging.getLogger(__name__)

ReadBatch = Callable[[], int]


class EntityReader(BackgroundLoop):
    """Calls ``read_batch`` (how many articles it read; 0 when none is pending) until it returns 0,
    then again every ``idle_s``; ``start``/``stop`` in an asyncio application's lifespan."""

    task_name = "tidings-entity-reader"

    def __init__(self, read_batch: ReadBatch, *, idle_s: float = 30.0) -> None:
        super().__init__()
        self._read_batch = read_batch
        self.idle_s = idle_s

    async def _loop(self) -> None:
        while not self._stopping.is_set():
            read = await self._read_once()
            if read:
                continue
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.idle_s)

    async def _read_once(self) -> int:
        try:
            return await asyncio.to_thread(self._read_batch)
        except TidingsError as error:
            # A store that is briefly unavailable: say so and try again after the idle wait.
            log.warning("could not read entities of new articles: %s", error)
        except Exception:
            # Never let one bad article stop the reader for the life of the server.
            log.exception("reading entities of new articles failed")
        return 0
