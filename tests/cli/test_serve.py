"""``tidings serve``: what the server process does before it serves."""

from __future__ import annotations

import gc
import socket

import pytest

from tidings.cli.serve import _freeze_startup_objects, _listen, _load_models
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
