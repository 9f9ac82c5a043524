"""``tidings summarize`` reads its lines as ``tidings cluster`` does (one reader,
``read_batch_records``), in the same words: a line with no letter or digit in its title and text
is named and skipped, a date in the future is named, and a control character in a text field (a
NUL in an outlet's name) is named and taken out. Lines are synthetic, after the bad-input
audit's a3.jsonl and a5.jsonl."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from tidings.cli.stories import parse_batch
from tidings.cli.understand import read_batch_articles

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
TEXT = "Rivers rose across the region on Monday after days of heavy rain, flooding roads and homes."
LINES = [
    json.dumps({"id": "a1", "title": "Floods hit region", "text": TEXT, "outlet": "Daily"}),
    json.dumps({"id": "a3", "title": "   ", "text": "!!! ...", "outlet": "Daily"}),
    json.dumps(
        {"id": "a5", "title": "Floods", "text": TEXT, "outlet": "Herald", "published_at": "2099-01-01"}
    ),
    json.dumps({"id": "b6", "title": "Floods", "text": TEXT, "outlet": "Y\u0000Z"}),
]
SAID = [
    "line 2 (id 'a3'): no title and no text (not a letter or digit); skipped",
    "line 3 (id 'a5'): published_at 2099-01-01T00:00:00+00:00 is in the future; ",
    "line 4 (id 'b6'): outlet holds a control character (U+0000); removed",
]


def _said(notes: list[str]) -> list[str]:
    return [note for note in notes if "published_at" not in note or "future" in note]


def test_summarize_names_what_cluster_names_in_the_same_words() -> None:
    notes: list[str] = []
    articles, problems = read_batch_articles([line.encode() for line in LINES], now=NOW, warn=notes.append)
    # Before: a3 dropped without a word (exit 0), the 2099 date taken as given, "Y\u0000Z" an outlet.
    assert problems == [SAID[0]]
    assert [note[: len(expected)] for note, expected in zip(_said(notes), SAID, strict=True)] == SAID
    assert [article.external_id for article in articles] == ["a1", "a5", "b6"]
    assert articles[1].stored.article.published_at == NOW
    assert articles[2].stored.article.outlet.name == "YZ"
    cluster_notes: list[str] = []
    accepted, skipped = parse_batch(iter(line.encode() for line in LINES), now=NOW, warn=cluster_notes.append)
    assert skipped == 1
    said = _said(cluster_notes)
    assert [note[: len(expected)] for note, expected in zip(said, SAID, strict=True)] == SAID
    assert [line.item.outlet for line in accepted] == ["Daily", "Herald", "YZ"]


def test_a_control_character_between_words_is_a_space_and_a_c1_quote_its_character() -> None:
    # Review: the batch reader deleted a form feed ("Rates\x0cup" read "Ratesup", as pdftotext's
    # page breaks would) and left C1 characters and an escape's "[31m"; it now cleans a field as
    # ``tidings add`` cleans an article.
    line = json.dumps(
        {"id": "c1", "title": "\x1b[31mRates\x0cup\x1b[0m", "text": f"\x93{TEXT}\x94", "outlet": "Daily"}
    )
    notes: list[str] = []
    accepted, skipped = parse_batch(iter([line.encode()]), now=NOW, warn=notes.append)
    assert skipped == 0
    [read] = accepted
    assert read.item.title == "Rates up"
    assert read.item.text == f"“{TEXT}”"
    assert any("title holds a control character (U+001B); removed" in note for note in notes)


def test_a_bidirectional_control_is_named_and_taken_out_and_hebrew_kept() -> None:
    # A right-to-left override shows "CBB" as "BBC": taken out as `tidings add` takes it out of an
    # article; Hebrew and its right-to-left mark (U+200F) stay as they are.
    hebrew = "הכנסת אישרה את התקציב\u200f"
    lines = [
        json.dumps({"id": "r1", "title": "Invoice \u202egpj.exe", "text": TEXT, "outlet": "\u2067CBB\u2069"}),
        json.dumps({"id": "r2", "title": hebrew, "text": TEXT, "outlet": "הארץ"}),
    ]
    notes: list[str] = []
    accepted, skipped = parse_batch(iter(line.encode() for line in lines), now=NOW, warn=notes.append)
    assert skipped == 0
    assert [(line.item.title, line.item.outlet) for line in accepted] == [
        ("Invoice gpj.exe", "CBB"),
        (hebrew, "הארץ"),
    ]
    assert [note.split(": ", 1)[1] for note in notes if "control" in note] == [
        "title holds a control character (U+202E); removed",
        "outlet holds a control character (U+2067); removed",
    ]
