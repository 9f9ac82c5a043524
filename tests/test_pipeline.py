"""The ingest pipeline (``tidings.pipeline``) over a real store (SQLite and PostgreSQL): a refusal
is told as soon as it is met, so that an interrupted batch (Ctrl+C, an input that blocks: a named
pipe with no writer) has said every refusal before the interruption. Before, refusals waited with
the batch's stored articles for placement, and were lost with it (a bad-input audit)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from tests.extract.helpers import raw_document
from tidings.errors import InputError, Unreadable
from tidings.model import RawDocument
from tidings.pipeline import IngestOutcome, ingest_documents
from tidings.store import Store

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
PARAGRAPH = (
    "Residents fled their homes overnight as the storm pushed water over the sea wall, officials said, "
    "and power was cut to thousands of homes along the coast road."
)


def _interrupted_after(*documents: RawDocument | InputError) -> Iterator[RawDocument | InputError]:
    yield from documents
    raise KeyboardInterrupt  # as Ctrl+C while the next input is read


@pytest.mark.parametrize("parallel", [1, 2])
def test_refusals_are_told_before_an_interruption(store: Store, parallel: int) -> None:
    told: list[IngestOutcome] = []
    documents = _interrupted_after(
        Unreadable("empty.html", "is empty"), Unreadable("binary.html", "is binary, not a page or a feed")
    )
    with pytest.raises(KeyboardInterrupt):
        told.extend(ingest_documents(documents, store, now=NOW, parallel=parallel))
    assert [(outcome.source, outcome.skipped) for outcome in told] == [
        ("empty.html", True),
        ("binary.html", True),
    ]


def test_a_refusal_after_a_stored_article_keeps_its_place_in_the_order(store: Store) -> None:
    page = raw_document(
        "<html><head><title>Storm batters coast</title></head><body><article><h1>Storm batters coast</h1>"
        + f"<p>{PARAGRAPH}</p>" * 3
        + "</article></body></html>",
        locator="storm.html",
    )
    outcomes = list(
        ingest_documents(
            iter([Unreadable("empty.html", "is empty"), page, Unreadable("binary.html", "is binary")]),
            store,
            now=NOW,
        )
    )
    assert [(outcome.source, outcome.skipped) for outcome in outcomes] == [
        ("empty.html", True),
        ("storm.html", False),
        ("binary.html", True),
    ]
