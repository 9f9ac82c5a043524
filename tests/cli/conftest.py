"""Fixtures of the sources commands' tests: a local HTTP server to poll, and a CLI runner on a
store of its own that may fetch from it (loopback allowed, no gap between requests, no pages)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.gather.fetch_server import FetchServer, running_server


@pytest.fixture
def server() -> Iterator[FetchServer]:
    yield from running_server()


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str) -> CliRunner:
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TIDINGS_DATABASE_URL", database_url)
    monkeypatch.setenv("TIDINGS_FETCH_ALLOW_NETWORKS", "127.0.0.1/32")
    monkeypatch.setenv("TIDINGS_FETCH_HOST_GAP_S", "0")
    monkeypatch.setenv("TIDINGS_FULL_TEXT_DEFAULT", "off")
    return CliRunner()
