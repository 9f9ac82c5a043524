"""``python -m tidings`` (and the ``tidings`` command): Ctrl+C while the interface is still being
imported (about a second of loading the web stack and extractors) ends quietly, as it does later;
what its logging shows."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest


def test_ctrl_c_while_the_interface_loads_is_one_line_and_status_130(tmp_path: Path) -> None:
    environment = {**os.environ, "TIDINGS_DATA_DIR": str(tmp_path / "data")}
    said = tmp_path / "stderr.txt"
    # -X importtime reports each module as its import ends: the signal is sent once Python is
    # inside the interface's imports, not before its own handler is in place.
    command = [sys.executable, "-X", "importtime", "-m", "tidings", "articles"]
    with (
        said.open("w", encoding="utf-8") as stderr,
        subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            env=environment,
            # A shell's background job ignores SIGINT, and children inherit that: Ctrl+C is the point.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509
        ) as started,
    ):
        deadline = time.monotonic() + 60
        while " tidings.cli.app\n" not in said.read_text(encoding="utf-8"):
            assert started.poll() is None, "the command ended before Ctrl+C"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        started.send_signal(signal.SIGINT)
        out, _ = started.communicate(timeout=60)
    lines = said.read_text(encoding="utf-8").splitlines()
    assert started.returncode == 130, lines[-5:]
    assert out == ""
    assert lines[-1] == "tidings: interrupted"
    assert not any("Traceback" in line for line in lines)


def test_httpx_request_lines_show_an_address_with_its_password_masked(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # httpx logs each request's address as asked for (at INFO); found in review (2026-12-06).
    import httpx

    from tidings.cli import _configure_logging

    monkeypatch.setenv("TIDINGS_LOG_LEVEL", "INFO")
    _configure_logging()
    with caplog.at_level(logging.INFO, logger="httpx"):
        logging.getLogger("httpx").info(
            'HTTP Request: %s %s "%s %d %s"',
            "GET",
            httpx.URL("http://reader:secret@127.0.0.1:18001/p.rss"),
            "HTTP/1.1",
            500,
            "Internal Server Error",
        )
    assert caplog.messages == [
        'HTTP Request: GET http://reader:***@127.0.0.1:18001/p.rss "HTTP/1.1 500 Internal Server Error"'
    ]


def test_the_log_level_of_the_configuration_file_is_the_one_logged_at(tmp_path: Path) -> None:
    # `tidings config` showed the file's level as the one in use while Tidings logged at WARNING
    # whatever the file said: only the variable was read (review, 2026-12-07).
    config = tmp_path / "tidings.toml"
    config.write_text('log_level = "INFO"\n', encoding="utf-8")
    environment = {
        name: value for name, value in os.environ.items() if not name.upper().startswith("TIDINGS_")
    }
    environment |= {"TIDINGS_DATA_DIR": str(tmp_path / "data"), "TIDINGS_CONFIG": str(config)}
    migrated = subprocess.run(
        [sys.executable, "-m", "tidings", "migrate"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert migrated.returncode == 0, migrated.stderr
    assert "INFO alembic.runtime.migration: Running upgrade" in migrated.stderr
