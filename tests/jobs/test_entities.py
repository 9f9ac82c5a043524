"""The background entity reader: what the web server runs so that entity pages find new articles,
the NER pipeline in a child process so that it never holds the server's interpreter lock.

The seed pages (tests/fixtures/web, copies of ../shared/seeds) are added to a real store; the
reader runs in the app's lifespan as ``tidings serve`` runs it, and the entity page answers once
it has read them, with no command-line step in between.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tidings.config import Settings
from tidings.core import Tidings
from tidings.errors import StoreError
from tidings.jobs.entities import EntityProcess, EntityProcessStopped, EntityReader
from tidings.model import StoredArticle
from tidings.store import Store
from tidings.summarize import read_entities
from tidings.web.app import create_app

SEED_PAGES = [
    Path(__file__).resolve().parent.parent / "fixtures" / "web" / name
    for name in ("ntd-putin-belarus.txt", "tribune-inkl-putin-belarus.txt")
]


def _wait_for(condition: Callable[[], bool], *, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("the entity reader did not finish in time")


def test_the_server_reads_new_articles_entities_so_entity_pages_find_them(
    settings: Settings, store: Store
) -> None:
    tidings = Tidings(replace(settings, serve_polls_sources=False, serve_reads_entities=True), store=store)
    list(tidings.add_paths([str(path) for path in SEED_PAGES]))
    assert tidings.count_pending_entities() == 2
    app = create_app(tidings)
    with TestClient(app, raise_server_exceptions=False) as client:
        assert app.state.entity_reader is not None
        _wait_for(lambda: tidings.count_pending_entities() == 0)
        page = client.get("/api/v1/entities/lukashenko")
        assert page.status_code == 200, page.text
        assert "Putin" in page.text
    assert [hit.story.outlet_count for hit in tidings.entity_stories("Lukashenko")] == [2]


@pytest.fixture
def pending(settings: Settings, store: Store) -> list[StoredArticle]:
    """The seed pages stored, their entities not read yet."""
    list(Tidings(settings, store=store).add_paths([str(path) for path in SEED_PAGES]))
    return store.articles_without_entities(limit=10)


def test_the_child_process_reads_what_this_process_would(
    settings: Settings, store: Store, pending: list[StoredArticle]
) -> None:
    analyser = Tidings(settings, store=store).understanding_models.analyser
    child = EntityProcess()
    try:
        name, found = child.read(pending)
    finally:
        child.close()
    assert (name, found) == (analyser.name, read_entities(pending, analyser=analyser))
    assert any(entity.name == "Alexander Lukashenko" for entities in found for entity in entities)


def test_a_child_process_that_dies_is_named_in_one_line_and_replaced(pending: list[StoredArticle]) -> None:
    # Killed mid-life (out of memory, or a SIGTERM to the server's process group), the child left
    # a broken pool: every later read failed with a traceback for the server's life.
    child = EntityProcess()
    try:
        child.read(pending)
        for process in multiprocessing.active_children():
            process.kill()
            process.join()
        with pytest.raises(EntityProcessStopped, match="stopped while reading; a new one is started"):
            child.read(pending)
        _, found = child.read(pending)
    finally:
        child.close()
    assert any(entity.name == "Alexander Lukashenko" for entities in found for entity in entities)


def test_ctrl_c_in_the_terminal_leaves_the_child_process_to_the_server(pending: list[StoredArticle]) -> None:
    # Ctrl+C reaches the whole process group: the child died mid-batch and printed a traceback
    # of KeyboardInterrupt on the terminal of `tidings serve` (QA, 2026-12-07). The server stops it.
    child = EntityProcess()
    try:
        child.read(pending)
        children = multiprocessing.active_children()
        assert children
        for process in children:
            assert process.pid is not None
            os.kill(process.pid, signal.SIGINT)
        time.sleep(0.5)
        assert all(process.is_alive() for process in children)
        _, found = child.read(pending)
    finally:
        child.close()
    assert any(entity.name == "Alexander Lukashenko" for entities in found for entity in entities)


def test_a_setting_turns_the_entity_reader_off(settings: Settings, store: Store) -> None:
    app = create_app(Tidings(replace(settings, serve_polls_sources=False), store=store))
    with TestClient(app) as client:
        assert client.get("/").status_code == 200
        assert app.state.entity_reader is None


def test_the_reader_reads_until_nothing_is_pending_then_waits_for_a_wake() -> None:
    batches = [3, 2, 0, 4, 0]
    calls: list[int] = []

    def read_batch() -> int:
        calls.append(batches[len(calls)] if len(calls) < len(batches) else 0)
        return calls[-1]

    async def scenario() -> None:
        reader = EntityReader(read_batch, idle_s=60.0)
        await reader.start()
        await asyncio.sleep(0.2)
        assert calls == [3, 2, 0]  # read until empty, then idle (60 s) instead of spinning
        reader.wake()
        await asyncio.sleep(0.2)
        assert calls == [3, 2, 0, 4, 0]
        await reader.stop()

    asyncio.run(scenario())


def test_a_failing_batch_does_not_stop_the_reader() -> None:
    outcomes: list[BaseException | int] = [StoreError("locked"), RuntimeError("bad article"), 5, 0]
    calls: list[str] = []

    def read_batch() -> int:
        outcome = outcomes.pop(0) if outcomes else 0
        calls.append(type(outcome).__name__)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    async def scenario() -> None:
        reader = EntityReader(read_batch, idle_s=0.05)
        await reader.start()
        await asyncio.sleep(0.5)
        await reader.stop()

    asyncio.run(scenario())
    assert calls[:4] == ["StoreError", "RuntimeError", "int", "int"]
