"""Helpers shared by the command-line tests."""

from __future__ import annotations

from datetime import UTC, datetime

from tidings.extract.feeds import extract_feed_entry
from tidings.model import DocumentHints, Provenance, RawDocument


def feed_entry_language(title: str, text: str, declared: str | None) -> str | None:
    """The language the store gives the same title, text and declaration, as a feed entry's: what
    the batch commands must agree with."""
    entry = RawDocument(
        provenance=Provenance(kind="feed", locator="https://example.com/feed", entry_key="1"),
        body=text,
        media_type="text/plain",
        url="https://example.com/1",
        fetched_at=datetime(2026, 12, 6, tzinfo=UTC),
        hints=DocumentHints(title=title, language=declared),
    )
    return extract_feed_entry(entry, "feed").language
