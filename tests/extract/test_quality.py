"""Quality gate: extraction F1 on six pages of the article-extraction benchmark must not fall.

The pages are the six smallest of the benchmark's dev part (chosen by size, not by score), with
their gold bodies; the plain-text case is each page rendered with all its chrome by inscriptis
(``bench/extraction.py render_with_chrome``). The score is the mean of the pages' F1 by the
benchmark's shingle metric; measured on 2026-11-23 at 0.993 (HTML) and 0.828 (plain text), the
floors sit about 0.02 and 0.03 below. Lowering one takes a note in
docs/benchmarks.md saying why; bench/extraction.py gives the full-set figures.
"""

from __future__ import annotations

import gzip
import json
import statistics

import pytest

from tidings.errors import InputError
from tidings.extract import extract

from .helpers import FIXTURES, raw_document, shingle_precision_recall

BENCHMARK = FIXTURES / "benchmark"
MANIFEST = json.loads((BENCHMARK / "manifest.json").read_text(encoding="utf-8"))

HTML_F1_FLOOR = 0.97
PLAIN_TEXT_F1_FLOOR = 0.80


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _score(media_type: str) -> float:
    scores = []
    for short, item in sorted(MANIFEST.items()):
        gold = (BENCHMARK / f"{short}.gold.txt").read_text(encoding="utf-8")
        if media_type == "text/html":
            body = gzip.decompress((BENCHMARK / f"{short}.html.gz").read_bytes()).decode("utf-8")
            raw = raw_document(body, "text/html", url=item["url"], kind="url", locator=item["url"])
        else:
            body = (BENCHMARK / f"{short}.txt").read_text(encoding="utf-8")
            raw = raw_document(body, "text/plain", locator=f"{short}.txt")
        try:
            text = extract(raw).text
        except InputError:
            text = ""
        scores.append(_f1(*shingle_precision_recall(gold, text)))
    return statistics.mean(scores)


@pytest.mark.parametrize(
    ("media_type", "floor"), [("text/html", HTML_F1_FLOOR), ("text/plain", PLAIN_TEXT_F1_FLOOR)]
)
def test_extraction_f1_stays_above_its_floor(media_type: str, floor: float) -> None:
    score = _score(media_type)
    assert score >= floor, f"{media_type} F1 {score:.3f} fell below the pinned floor {floor}"
