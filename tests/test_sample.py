"""The bundled sample (tidings/sample): every row read as the dataset wrote it, no escapes left."""

from __future__ import annotations

from datetime import UTC, datetime

from tidings.sample import sample_documents
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
