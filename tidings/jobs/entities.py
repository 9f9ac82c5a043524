"""Reading the people, places and organisations of new articles in the background while serving.

Entities are read lazily, not at ingest: loading the NER pipeline and running it over a bulk load
would slow every ``tidings add``. The command line reads what is pending before it answers
(``tidings entity``); a server cannot make a reader wait for thousands of articles, so
``EntityReader`` reads them beside it, a batch at a time, and sleeps when none is left. Articles
come in from polls, the reader's "Add" page and other processes sharing the database, so it
looks again every ``idle_s``. Two processes reading the same batch do no harm: an article's
entities are replaced, not added to.

The pipeline itself runs in ``EntityProcess``, a child process: in a thread of the server it held
the interpreter lock, and pages answered 20–55 ms later at p99 while a backlog was read
(docs/benchmarks.md, "Web"). The server only reads and writes the store.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from tidings.errors import TidingsError
from tidings.jobs.background import BackgroundLoop
from tidings.model import Entity, StoredArticle
from tidings.summarize import read_entities
from tidings.summarize.text import TextAnalyser, load_analyser

__all__ = ["EntityProcess", "EntityProcessStopped", "EntityReader"]

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


# The child's pipeline, loaded once by the pool's initializer.
_child_analyser: TextAnalyser | None = None


def _load_child_analyser() -> None:
    global _child_analyser  # noqa: PLW0603 - one pipeline per child process, by design
    # Ctrl+C in a terminal reaches the whole process group: the child would die mid-batch with a
    # traceback on the user's terminal. The server stops it (``close``), as the sandbox's workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _child_analyser = load_analyser()


def _read_in_child(articles: Sequence[StoredArticle]) -> tuple[str, list[tuple[Entity, ...]]]:
    analyser = _child_analyser or load_analyser()
    return analyser.name, read_entities(articles, analyser=analyser)


def _new_pool() -> ProcessPoolExecutor:
    # spawn, not fork: the server has threads, and a forked child would inherit their locks.
    return ProcessPoolExecutor(
        max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_load_child_analyser
    )


class EntityProcess:
    """The NER pipeline in one child process: ``read`` sends it articles and waits for their
    entities (the waiting thread holds no lock the server needs). ``close`` at shutdown."""

    def __init__(self) -> None:
        self._pool = _new_pool()

    def read(self, articles: Sequence[StoredArticle]) -> tuple[str, list[tuple[Entity, ...]]]:
        """The analyser's name and each article's entities, in the order given.

        Raises ``EntityProcessStopped`` when the child died (killed, out of memory, or stopped
        with the server's process group): a new one is started for the next call, so the reader
        goes on after its idle wait instead of failing on a broken pool for the server's life."""
        try:
            return self._pool.submit(_read_in_child, list(articles)).result()
        except BrokenProcessPool as error:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = _new_pool()
            raise EntityProcessStopped(
                "the process that reads entities stopped while reading; a new one is started"
            ) from error

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class EntityProcessStopped(TidingsError):
    """The entity-reading child process died mid-read; the next read starts a new one."""
