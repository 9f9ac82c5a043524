"""The bundled sample (tidings/sample): every row read as the dataset wrote it, no escapes left."""

from __future__ import annotations

from datetime import UTC, datetime

from tidings.sample import sample_documents


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
