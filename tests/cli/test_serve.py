"""``tidings serve``: what the server process does before it serves."""

from __future__ import annotations

import gc
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tidings.cli.serve import _address, _freeze_startup_objects, _listen, _load_models
from tidings.config import Settings
from tidings.core import Tidings


def test_the_objects_loaded_before_serving_are_left_out_of_full_collections() -> None:
    assert gc.get_freeze_count() == 0
    try:
        _freeze_startup_objects()
        assert gc.get_freeze_count() > 10_000
        # A collection now walks only what was made since, not the frozen start-up objects.
        assert gc.collect() >= 0
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0


def test_the_summaries_models_are_loaded_before_serving(settings: Settings) -> None:
    with Tidings(settings) as tidings:
        models = tidings.understanding_models
        assert models._analyser is None
        _load_models(tidings)
        assert models._analyser is not None
        assert models._encoder_loaded


def test_an_address_that_cannot_be_listened_on_is_one_line_before_anything_loads(
    capsys: pytest.CaptureFixture[str],
) -> None:
    taken = socket.create_server(("127.0.0.1", 0))
    port = taken.getsockname()[1]
    try:
        with pytest.raises(SystemExit):
            _listen("127.0.0.1", port)
        assert (
            capsys.readouterr().err == f"tidings: cannot listen on 127.0.0.1:{port}: Address already in use\n"
        )
    finally:
        taken.close()
    with pytest.raises(SystemExit):
        _listen("no such host!", 8000)
    assert capsys.readouterr().err.startswith(
        "tidings: cannot listen on 'no such host!': no address has that name"
    )
    listening = _listen("127.0.0.1", 0)
    assert listening.getsockname()[0] == "127.0.0.1"
    listening.close()


def test_the_address_is_one_a_browser_takes() -> None:
    listening = _listen("127.0.0.1", 0)
    try:
        assert _address(listening) == f"http://127.0.0.1:{listening.getsockname()[1]}/"
    finally:
        listening.close()
    if not socket.has_ipv6:  # pragma: no cover - depends on the machine
        return
    try:
        listening = socket.create_server(("::1", 0), family=socket.AF_INET6)
    except OSError:  # pragma: no cover - no IPv6 loopback here
        return
    try:
        # It said http://::1:8000/, which no browser opens.
        assert _address(listening) == f"http://[::1]:{listening.getsockname()[1]}/"
    finally:
        listening.close()


def _interruptible() -> None:
    # A shell's background job ignores SIGINT, and children inherit that: Ctrl+C is the point.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_names_its_address_and_store_and_stops_cleanly(
    tmp_path: Path, stop_signal: signal.Signals
) -> None:
    """It named no store, and stopped by SIGTERM (systemd, Docker) it died of the signal uvicorn
    raised again after its graceful shutdown, with no word said."""
    free = socket.create_server(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()
    environment = {
        **os.environ,
        "TIDINGS_DATA_DIR": str(tmp_path / "data"),
        "TIDINGS_SERVE_READS_ENTITIES": "off",
        "TIDINGS_SERVE_POLLS_SOURCES": "off",
    }
    said = tmp_path / "stderr.txt"
    with (
        said.open("w", encoding="utf-8") as stderr,
        subprocess.Popen(
            [sys.executable, "-m", "tidings", "serve", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            env=environment,
            preexec_fn=_interruptible,  # noqa: PLW1509 - a single-threaded call to signal(), nothing else
        ) as serving,
    ):
        deadline = time.monotonic() + 120
        while "Tidings is serving" not in said.read_text(encoding="utf-8"):
            assert serving.poll() is None, said.read_text(encoding="utf-8")
            assert time.monotonic() < deadline
            time.sleep(0.1)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as answer:
            assert answer.status == 200
        serving.send_signal(stop_signal)
        serving.wait(timeout=60)
    lines = said.read_text(encoding="utf-8").splitlines()
    store = tmp_path / "data" / "tidings.sqlite3"
    assert f"Tidings is serving http://127.0.0.1:{port}/ from the store {store} (Ctrl+C stops it)" in lines
    # Ctrl+C is an interruption (130), as for every command; SIGTERM is a service's normal stop.
    interrupted = stop_signal == signal.SIGINT
    assert (serving.returncode, lines[-1]) == (130 if interrupted else 0, "stopped")
