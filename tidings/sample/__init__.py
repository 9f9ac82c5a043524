"""The bundled sample of real news: UCI News Aggregator headlines (CC BY 4.0, see README.md).

Each row becomes a headline-only ``RawDocument`` shaped like a feed entry (title, link, outlet,
publication time, no body), so the sample takes the same path through extraction, the store and
story clustering as any feed. Entry keys are the dataset's row ids, so loading twice adds nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources

from tidings.model import DocumentHints, Provenance, RawDocument

__all__ = ["SAMPLE_LOCATOR", "sample_documents"]

SAMPLE_LOCATOR = "sample:uci-news-aggregator"
_SAMPLE_FILE = "uci-news-aggregator.tsv"
# The upstream Kaggle export escapes some characters with a backslash ("\(blog\)", "\?p=1").
_ESCAPED = re.compile(r"\\(.)")


def _unescape(value: str) -> str:
    return _ESCAPED.sub(r"\1", value)


def sample_documents(*, fetched_at: datetime) -> Iterator[RawDocument]:
    """One headline-only document per sample row, oldest first."""
    text = resources.files(__name__).joinpath(_SAMPLE_FILE).read_text(encoding="utf-8")
    # A title with quotation marks is written CSV-style ("Shanghai copper falls on ""black Monday""").
    rows = [row for row in csv.reader(io.StringIO(text), delimiter="\t") if row][1:]
    rows.sort(key=lambda row: int(row[5]))
    for row_id, title, url, publisher, _hostname, timestamp_ms in rows:
        published_at = datetime.fromtimestamp(int(timestamp_ms) / 1000, tz=UTC)
        yield RawDocument(
            provenance=Provenance(kind="feed", locator=SAMPLE_LOCATOR, entry_key=row_id),
            body="",
            media_type="text/html",
            url=_unescape(url),
            fetched_at=fetched_at,
            hints=DocumentHints(
                title=_unescape(title), outlet=_unescape(publisher), published_at=published_at, language="en"
            ),
        )
