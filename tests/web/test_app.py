"""The app's lifespan: the fetcher's scheduler runs while the reader serves, unless turned off."""

from __future__ import annotations

from dataclasses import replace

from starlette.testclient import TestClient

from tidings.config import Settings
from tidings.core import Tidings
from tidings.store import Store
from tidings.web.app import create_app


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
