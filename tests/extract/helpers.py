"""Builders and the benchmark metric shared by the extraction tests."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from tidings.model import DocumentHints, MediaType, Provenance, RawDocument, SourceKind

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "extract"
FETCHED_AT = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
_TOKENS = re.compile(r"\w+")


def raw_document(
    body: str,
    media_type: MediaType = "text/html",
    *,
    url: str | None = None,
    kind: SourceKind = "file",
    locator: str = "page.html",
    entry_key: str | None = None,
    hints: DocumentHints | None = None,
) -> RawDocument:
    return RawDocument(
        provenance=Provenance(kind, locator, entry_key),
        body=body,
        media_type=media_type,
        url=url,
        fetched_at=FETCHED_AT,
        hints=hints or DocumentHints(),
    )


def reconstruction_trap(formatting: int, paragraphs: int) -> str:
    """A page the HTML tree builder blows up: ``formatting`` distinct <b> left open in a paragraph
    that closes are re-created (the standard's "reconstruct the active formatting elements") in each
    of the ``paragraphs`` after it, so the tree has about their product in elements."""
    opened = "".join(f"<b id=f{number}>" for number in range(formatting))
    return f"<html><body><p>{opened}</p>" + "<p>The council met.</p>" * paragraphs + "</body></html>"


def shingle_precision_recall(gold: str, predicted: str) -> tuple[float, float]:
    """Precision and recall of one page by the article-extraction benchmark's 4-gram shingle metric."""

    def shingles(text: str) -> Counter[tuple[str, ...]]:
        tokens = _TOKENS.findall(text)
        return Counter(tuple(tokens[i : i + 4]) for i in range(max(1, len(tokens) - 3)) if tokens[i : i + 4])

    gold_shingles, predicted_shingles = shingles(gold), shingles(predicted)
    matched = sum((gold_shingles & predicted_shingles).values())
    precision = matched / sum(predicted_shingles.values()) if predicted_shingles else 0.0
    recall = matched / sum(gold_shingles.values()) if gold_shingles else 0.0
    return precision, recall
