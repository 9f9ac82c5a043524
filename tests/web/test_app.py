"""The app's lifespan: the fetcher's scheduler runs while the reader serves, unless turned off."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.gather.fetch_server import FetchServer, respond, running_server
from tests.jobs.support import LONG_TEXT, NOW, rss
from tidings.config import Settings
from tidings.core import Tidings
from tidings.store import Store
from tidings.web.app import _polling, create_app


def test_the_scheduler_runs_while_the_reader_serves(settings: Settings, store: Store) -> None:
    app = create_app(Tidings(settings, store=store))
    with TestClient(app) as client:
        assert client.get("/").status_code == 200
        assert app.state.scheduler is not None
        assert app.state.scheduler.running
    assert not app.state.scheduler.running


def test_a_setting_turns_background_polling_off(settings: Settings, store: Store) -> None:
    app = create_app(Tidings(replace(settings, serve_polls_sources=False), store=store))
    with TestClient(app) as client:
        assert client.get("/").status_code == 200
        assert app.state.scheduler is None


def test_a_stop_during_a_poll_says_the_poll_is_being_finished(
    settings: Settings, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    # Stopped while a slow feed answered, `serve` said nothing for as long as the poll took, up to
    # TIDINGS_FETCH_TIMEOUT_S (review, 2026-12-07); `run` already said so.
    with running_server_in(settings) as (server, polling):
        answer = respond(200, rss(server.url(""), ("s", "Served", LONG_TEXT)))

        def slowly(request: Any) -> None:
            time.sleep(1.5)
            answer(request)

        server.routes["/feed"] = slowly
        store.subscribe(server.url("/feed"), kind="feed", now=NOW)
        app = create_app(Tidings(polling, store=store))
        with caplog.at_level(logging.WARNING, logger="tidings.web.app"), TestClient(app):
            deadline = time.monotonic() + 60
            while not server.hits("/feed") and time.monotonic() < deadline:
                time.sleep(0.05)
        assert server.hits("/feed")
    assert "stopping: finishing the 1 poll under way before the server ends" in caplog.messages
    assert store.count_articles() == 1  # the poll under way was finished, its entry stored


@contextmanager
def running_server_in(settings: Settings) -> Iterator[tuple[FetchServer, Settings]]:
    """A feed server on 127.0.0.1, and settings that let the reader's scheduler poll it."""
    for server in running_server():
        yield server, replace(settings, fetch_allow_networks=("127.0.0.1/32",), fetch_host_gap_s=0.0)


def test_a_lifespan_cancelled_while_its_loops_stop_ends_without_a_traceback(
    settings: Settings, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    # A second Ctrl+C while `serve` finished an entity batch: uvicorn cancels the lifespan and
    # asyncio.run every task; the cancellation rose out of the lifespan, and Starlette printed its
    # traceback before "stopped" (final check, 2026-12-07).
    app = create_app(Tidings(replace(settings, serve_polls_sources=True), store=store))

    async def serve_then_force_quit() -> None:
        async def lifespan() -> None:
            async with _polling(app):
                await asyncio.sleep(3600)

        task = asyncio.create_task(lifespan())
        while getattr(app.state, "scheduler", None) is None:
            await asyncio.sleep(0.01)
        app.state.scheduler._task.cancel()  # as asyncio.run cancels every task
        task.cancel()
        await task  # raised CancelledError

    with caplog.at_level(logging.WARNING, logger="tidings.web.app"):
        asyncio.run(serve_then_force_quit())
    assert "stopped without waiting for the work under way" in caplog.messages
