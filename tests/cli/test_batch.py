"""What the batch commands read alike: a JSON Lines record and its published_at."""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime

import pytest

from tidings.cli.batch import (
    BatchRecord,
    outlet_languages,
    parse_published_at,
    printable,
    read_batch_records,
    read_record,
    standard_input_lines,
)
from tidings.errors import InputError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2022-12-19T10:00:00Z", datetime(2022, 12, 19, 10, 0, tzinfo=UTC)),
        ("2022-12-19T11:00:00+01:00", datetime(2022, 12, 19, 10, 0, tzinfo=UTC)),
        ("2022-12-19T10:00:00", datetime(2022, 12, 19, 10, 0, tzinfo=UTC)),  # no offset: UTC
        ("2022-12-19", datetime(2022, 12, 19, tzinfo=UTC)),
        ("Mon, 19 Dec 2022 10:00:00 GMT", datetime(2022, 12, 19, 10, 0, tzinfo=UTC)),  # as RSS writes it
        ("19 Dec 2022 11:00:00 +0100", datetime(2022, 12, 19, 10, 0, tzinfo=UTC)),
        (1671444000, datetime(2022, 12, 19, 10, 0, tzinfo=UTC)),  # Unix time
        (1671444000.5, datetime(2022, 12, 19, 10, 0, 0, 500000, tzinfo=UTC)),
        # RFC 3339 allows "t" and "z" in lower case (section 5.6); they were named as no date.
        ("2022-12-19t10:00:00z", datetime(2022, 12, 19, 10, 0, tzinfo=UTC)),
        ("2022-12-19T11:00:00+01:00 ", datetime(2022, 12, 19, 10, 0, tzinfo=UTC)),
        # Unix time written as a string was refused as "not a date (... or Unix time in seconds)".
        ("1671444000", datetime(2022, 12, 19, 10, 0, tzinfo=UTC)),
        (" 1671444000.5", datetime(2022, 12, 19, 10, 0, 0, 500000, tzinfo=UTC)),
        ("20221219", datetime(2022, 12, 19, tzinfo=UTC)),  # ISO 8601's basic date stays a date
    ],
)
def test_published_at_is_read_in_the_formats_pipelines_write(raw: object, expected: datetime) -> None:
    assert parse_published_at(raw) == expected


@pytest.mark.parametrize(
    "raw", [None, "", "  ", "yesterday", "2022-13-45", "2022-02-30", "Mon, 32 Dec 2022", True, [], {}, 1e300]
)
def test_what_is_no_date_is_none(raw: object) -> None:
    assert parse_published_at(raw) is None


def test_a_record_is_a_json_object_or_the_reason_it_is_not() -> None:
    assert read_record(b'{"id": 1}') == {"id": 1}
    assert read_record(b"[1]") == "not a JSON object"
    assert read_record(b"{").startswith("not valid JSON (")
    assert read_record(b"\xff") == "not UTF-8 text (byte 0xff at position 0)"
    assert read_record(b"[" * 100_000 + b"]" * 100_000) == "JSON nested too deeply to read"
    # Before: "a number in it has more than 4,300 digits", not the number's own length.
    assert read_record(b"[" + b"9" * 5_000 + b"]") == (
        "not usable JSON: it holds a number of 5,000 digits, more than any feed or id needs"
    )


@pytest.mark.parametrize("end", [b"", b"\n", b"\r\n"])
def test_a_record_cut_short_is_placed_on_its_own_line_not_the_next(end: bytes) -> None:
    # Parsed with its line end, the record was said to fail at "line 2 column 1".
    expected = "not valid JSON (Expecting property name enclosed in double quotes at column 12)"
    assert read_record(b'{"id": "a",' + end) == expected
    assert read_record('{"id": "a",' + end.decode()) == expected


def test_a_lone_surrogate_becomes_a_replacement_character() -> None:
    assert printable("caf\ud800e") == "caf\ufffde"


class _Terminal(io.TextIOWrapper):
    def isatty(self) -> bool:
        return True


def test_reading_json_lines_from_a_terminal_says_so_and_a_pipe_does_not(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", _Terminal(io.BytesIO(b'{"id": 1}\n')))
    assert list(standard_input_lines()) == [b'{"id": 1}\n']
    assert capsys.readouterr().err == "tidings: reading JSON Lines from standard input; end with Ctrl-D\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"id": 2}\n')))
    assert list(standard_input_lines()) == [b'{"id": 2}\n']
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("stdin", [b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n\n", b"\n\xef\xbb\xbf \n"])
def test_a_line_of_only_a_byte_order_mark_is_blank(stdin: bytes) -> None:
    # An empty file an editor saved as "UTF-8 with BOM", or files joined by `cat` each starting
    # with one: the mark alone was "line 1: not valid JSON (Expecting value at column 1)", exit 3.
    skipped: list[str] = []
    records = list(
        read_batch_records(stdin.splitlines(keepends=True), warn=skipped.append, skip=skipped.append)
    )
    assert (records, skipped) == ([], [])


def test_closed_standard_input_is_named_not_a_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    # `tidings cluster <&-`: Python sets sys.stdin to None, and the command failed with
    # "unexpected error (AttributeError: ...); this is a bug in Tidings".
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(InputError, match="standard input is closed"):
        standard_input_lines()


def test_a_field_given_twice_in_one_line_is_named() -> None:
    # JSON leaves a repeated name to the reader; Python keeps the last, and the first title was
    # dropped without a word.
    notes: list[str] = []
    line = b'{"id": "a", "title": "Floods hit region", "title": "Rivers rise", "outlet": "Daily"}'
    [record] = read_batch_records([line], warn=notes.append, skip=notes.append)
    assert record.text("title") == "Rivers rise"
    assert notes == ["line 1 (id 'a'): title is given more than once; the last one is read"]


def test_an_outlet_written_in_other_cases_or_spacing_is_one_source_of_its_headlines_language() -> None:
    # Found in QA, 2026-12-08: "El País" and "el país" were two outlets of one headline each,
    # too few to read together.
    titles = [
        "El Congreso aprueba definitivamente la ley de amnistía",
        "Huelga de maquinistas: Renfe cancela cientos de trenes de Cercanías",
        "El Supremo condena al fiscal general del Estado por revelación de secretos",
        "El Real Madrid gana el Clásico al Barcelona (3-1)",
    ]
    outlets = ["El País", "el país", "EL  PAÍS", " El País "]
    records = [
        BatchRecord(number, f"es-{number}", {"title": title, "outlet": outlet})
        for number, (title, outlet) in enumerate(zip(titles, outlets, strict=True), 1)
    ]
    assert outlet_languages(records, dict.fromkeys(range(1, 5))) == dict.fromkeys(range(1, 5), "es")
