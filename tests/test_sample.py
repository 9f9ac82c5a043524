"""The bundled sample (tidings/sample): every row read as the dataset wrote it, no escapes left."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tidings.sample import sample_documents, title_text
from tidings.urls import canonical_url


def test_the_sample_reads_every_row_with_quotes_and_escapes_undone() -> None:
    documents = list(sample_documents(fetched_at=datetime(2026, 12, 5, tzinfo=UTC)))
    assert len(documents) == 4989
    by_key = {document.provenance.entry_key: document.hints for document in documents}
    # Row 874 is written CSV-style in the file: "Shanghai copper price falls on ""black Monday"""
    assert by_key["874"].title == 'Shanghai copper price falls on "black Monday"'
    assert by_key["874"].outlet == "Metalbulletin.com (subscription)"
    titles = [hints.title or "" for hints in by_key.values()]
    assert not [title for title in titles if '""' in title or "\\" in title]
    published = [hints.published_at for hints in by_key.values()]
    assert published == sorted(published, key=lambda moment: moment or datetime.min)


def test_the_sample_s_titles_are_text_without_the_markup_the_aggregator_copied() -> None:
    documents = list(sample_documents(fetched_at=datetime(2026, 12, 5, tzinfo=UTC)))
    titles = {document.hints.title or "" for document in documents}
    assert "Split|Screen: A First Look at Titanfall" in titles
    assert "Beyonc\u00e9 Wants to Ban the Word 'Bossy,' Too" in titles
    assert not [title for title in titles if "<" in title or "&#" in title or "&amp;" in title]


@pytest.mark.parametrize(
    ("written", "read"),
    [
        (
            "5 Ways Lindsay Lohan's Life Is Still Like <i>Mean Girls</i>",
            "5 Ways Lindsay Lohan's Life Is Still Like Mean Girls",
        ),
        (
            "Beyonc&#233; Wants to Ban the Word 'Bossy,' Too",
            "Beyonc\u00e9 Wants to Ban the Word 'Bossy,' Too",
        ),
        ("AT&T and T-Mobile: prices < $50", "AT&T and T-Mobile: prices < $50"),
        ("Q&amp;A: the <b>budget</b>", "Q&A: the budget"),
    ],
)
def test_a_dataset_title_is_read_as_text(written: str, read: str) -> None:
    assert title_text(written) == read


def test_the_samples_articles_under_two_addresses_have_one_canonical_address() -> None:
    # Three articles are in the sample twice: once with a site's own click tracker (Popular
    # Mechanics' ?click=pm_news, ?click=pm_latest; the Huffington Post's ir=Food, its "&" left
    # escaped as "&amp;"), once without. Every other address is another article's.
    documents = list(sample_documents(fetched_at=datetime(2026, 12, 5, tzinfo=UTC)))
    by_address: dict[str, list[str]] = {}
    for document in documents:
        address = canonical_url(document.url or "")
        by_address.setdefault(address, []).append(document.provenance.entry_key or "")
    repeated = sorted(sorted(keys) for keys in by_address.values() if len(keys) > 1)
    assert repeated == [["6141", "6150"], ["6155", "966"], ["784", "790"]]
