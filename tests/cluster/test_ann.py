"""The ANN index: Ctrl+C in the middle of a long usearch call is an interruption, not a bug.

usearch answers a signal during a long call with ``RuntimeError("Operation has been
terminated")``; the command line would report that as an unexpected error. A real SIGINT is sent
to this process while a large batch is being indexed.
"""

from __future__ import annotations

import os
import signal
import threading

import numpy as np
import pytest

from tidings.cluster.ann import VectorIndex


def test_ctrl_c_during_a_long_index_call_is_a_keyboard_interrupt() -> None:
    vectors = np.random.default_rng(7).standard_normal((400_000, 64)).astype(np.float32)
    index = VectorIndex(64)
    timer = threading.Timer(0.3, os.kill, args=(os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            index.add_many(np.arange(len(vectors), dtype=np.int64), vectors)
    finally:
        timer.cancel()
    assert len(index) < len(vectors)
