"""The summarize stage's sentence encoder: MiniLM on ONNX Runtime as the application loads it,
equal to sentence-transformers' vectors, needing no torch once exported; torch when ONNX cannot run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tidings.model import StoredArticle
from tidings.summarize import LazyModels, OnnxMiniLMEncoder, load_encoder
from tidings.summarize.encoder import MiniLMEncoder


def _sentences(articles: list[StoredArticle]) -> list[str]:
    paragraphs = [part for stored in articles for part in stored.article.text.split("\n\n")]
    # One long "sentence" past the clustering model's 128 word pieces and short of this one's 256.
    return [*paragraphs[:40], " ".join(paragraphs[:6])[:900]]


def test_onnx_encoder_gives_torchs_vectors(seed_articles: list[StoredArticle], models: LazyModels) -> None:
    onnx = models.encoder
    assert isinstance(onnx, OnnxMiniLMEncoder)
    torch = load_encoder()
    assert isinstance(torch, MiniLMEncoder)
    assert onnx.name == torch.name  # kept summaries stay valid across runtimes
    sentences = _sentences(seed_articles)
    onnx_vectors = onnx.encode(sentences)
    assert np.allclose(np.linalg.norm(onnx_vectors, axis=1), 1.0, atol=1e-5)
    assert (onnx_vectors * torch.encode(sentences)).sum(axis=1).min() > 0.9999
    assert onnx.encode([]).shape == (0, 384)


def test_the_onnx_encoder_alone_needs_no_torch(models: LazyModels, model_cache: Path) -> None:
    assert models.encoder is not None  # the graph is exported (this process may use torch for it)
    script = (
        "import sys; from pathlib import Path; from tidings.summarize import LazyModels;"
        f"encoder = LazyModels(cache_dir=Path({str(model_cache)!r})).encoder;"
        "shape = encoder.encode(['Putin visits Belarus']).shape;"
        "print(type(encoder).__name__, shape, 'torch' in sys.modules)"
    )
    printed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert printed.stdout.split() == ["OnnxMiniLMEncoder", "(1,", "384)", "False"]


def test_an_unusable_cache_falls_back_to_torch(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    encoder = LazyModels(cache_dir=blocked / "models").encoder
    assert isinstance(encoder, MiniLMEncoder)
    assert "runs on torch" in caplog.text
