"""The bundled sample of real news: UCI News Aggregator headlines (CC BY 4.0, see README.md).

Each row becomes a headline-only ``RawDocument`` shaped like a feed entry (title, link, outlet,
publication time, no body), so the sample takes the same path through extraction, the store and
story clustering as any feed. Entry keys are the dataset's row ids, so loading twice adds nothing.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources

from tidings.model import DocumentHints, Provenance, RawDocument

__all__ = ["SAMPLE_LOCATOR", "read_uci_rows", "sample_documents", "title_text"]

SAMPLE_LOCATOR = "sample:uci-news-aggregator"
_SAMPLE_FILE = "uci-news-aggregator.tsv"
# The upstream Kaggle export escapes some characters with a backslash ("\(blog\)", "\?p=1").
_ESCAPED = re.compile(r"\\(.)")


# A tag in a title the aggregator copied as HTML ("… Like <i>Mean Girls</i>"): "<" then a letter
# or "/"; "a < b" is text.
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def title_text(title: str) -> str:
    """A dataset title as a reader reads it: the aggregator kept some as the HTML it found
    ("A First Look at <em>Titanfall</em>", "Beyonc&#233; Wants to Ban …"), tags and character
    references that a feed reader would have read. The benchmarks read titles as written."""
    return html.unescape(_TAG.sub("", title))


def _unescape(value: str) -> str:
    return _ESCAPED.sub(r"\1", value)


def read_uci_rows(text: str) -> list[dict[str, str]]:
    """The rows of a UCI News Aggregator TSV (header first) as the dataset wrote them: a title
    with quotation marks is written CSV-style, its marks doubled and the whole in marks, and some
    characters are escaped with a backslash. Also read by the benchmarks, from the full subset."""
    rows = [row for row in csv.reader(io.StringIO(text), delimiter="\t") if row]
    header, body = rows[0], rows[1:]
    return [{name: _unescape(value) for name, value in zip(header, row, strict=True)} for row in body]


def sample_documents(*, fetched_at: datetime) -> Iterator[RawDocument]:
    """One headline-only document per sample row, oldest first."""
    text = resources.files(__name__).joinpath(_SAMPLE_FILE).read_text(encoding="utf-8")
    rows = sorted(read_uci_rows(text), key=lambda row: int(row["TIMESTAMP"]))
    for row in rows:
        published_at = datetime.fromtimestamp(int(row["TIMESTAMP"]) / 1000, tz=UTC)
        yield RawDocument(
            provenance=Provenance(kind="feed", locator=SAMPLE_LOCATOR, entry_key=row["ID"]),
            body="",
            media_type="text/html",
            url=row["URL"],
            fetched_at=fetched_at,
            hints=DocumentHints(
                title=title_text(row["TITLE"]),
                outlet=row["PUBLISHER"],
                published_at=published_at,
                language="en",
            ),
        )
