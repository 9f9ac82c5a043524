"""MiniLM on ONNX Runtime: exported from the installed package into a cache, equal to torch's."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from tidings.cluster import minilm_onnx
from tidings.cluster.embed import MiniLMEmbedder
from tidings.sample import sample_documents

from .support import seed_body


def _headlines(count: int) -> list[str]:
    titles = [document.hints.title or "" for document in sample_documents(fetched_at=datetime.now(UTC))]
    return titles[:count]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


def test_onnx_vectors_equal_torch_on_real_headlines_and_long_text(cache: Path) -> None:
    bodies = [seed_body("ntd-putin-belarus.txt"), seed_body("tribune-inkl-putin-belarus.txt")]
    texts = [*_headlines(200), *bodies]
    onnx = MiniLMEmbedder(threads=1, cache_dir=cache)
    torch = MiniLMEmbedder(threads=1)
    assert (onnx.runtime, torch.runtime) == ("onnxruntime", "torch")
    cosines = (onnx.encode(texts) * torch.encode(texts)).sum(axis=1)
    # The seed bodies run past MAX_TOKENS: both runtimes cut them at the same word piece.
    assert cosines.min() > 0.9999
    one = onnx.encode([texts[0]])
    assert np.allclose(one[0], onnx.encode(texts[:5])[0], atol=1e-5)  # padding changes nothing


def test_export_is_cached_under_the_weights_digest_and_reused(cache: Path) -> None:
    MiniLMEmbedder(cache_dir=cache)
    graphs = sorted(cache.glob("all-minilm-l6-v2-*.onnx"))
    assert len(graphs) == 1
    written = graphs[0].stat().st_mtime_ns
    assert minilm_onnx.exported_model_path(cache) == graphs[0]
    assert graphs[0].stat().st_mtime_ns == written
    assert not list(cache.glob(".*partial"))


def test_unusable_cache_falls_back_to_torch(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    model = MiniLMEmbedder(cache_dir=blocked / "models")
    assert model.runtime == "torch"
    assert "runs on torch" in caplog.text
    assert model.encode(["Putin visits Belarus"]).shape == (1, 384)
