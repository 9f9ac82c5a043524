"""What the two batch commands (``tidings cluster`` and ``tidings summarize``) read alike in a JSON
Lines record: the line as a JSON object, text fields as printable strings, ``published_at``, and
``language`` (checked against the text as the store checks a feed entry's)."""

from __future__ import annotations

import codecs
import json
import re
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, BinaryIO

from tidings.cli.app import note_standard_input

__all__ = [
    "DATE_FORMATS",
    "batch_language",
    "parse_published_at",
    "printable",
    "read_record",
    "standard_input_lines",
]

# What ``published_at`` may be, as the warnings and errors name it.
DATE_FORMATS = "ISO 8601, RFC 2822 or Unix time"
# A JSON escape can spell half of a surrogate pair ("\\ud800"), which no tokenizer or UTF-8 output
# can carry.
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def printable(value: str) -> str:
    """``value`` with any lone surrogate replaced by U+FFFD, so that it can be written as UTF-8."""
    return _LONE_SURROGATE.sub("\ufffd", value)


def read_record(raw_line: bytes | str) -> dict[str, Any] | str:
    """The line's JSON object, or why it is not one (in words that follow "line N: ")."""
    if isinstance(raw_line, bytes):
        # json.loads would guess UTF-16 or UTF-32 from bytes; JSON Lines are UTF-8, and a UTF-16
        # stream split at newline bytes is no lines at all.
        if raw_line.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "the input is UTF-16 (it starts with a byte-order mark); JSON Lines must be UTF-8"
        if b"\x00" in raw_line:
            return "holds NUL bytes (UTF-16 or binary?); JSON Lines are UTF-8 text"
        try:
            raw_line = raw_line.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as error:
            return f"not UTF-8 text (byte {raw_line[error.start]:#04x} at position {error.start})"
    # The line's own end is no part of the record: parsed with it, a record cut short is said to
    # end at "line 2 column 1" of a one-line input.
    raw_line = raw_line.removesuffix("\n").removesuffix("\r")
    try:
        record = json.loads(raw_line)
    except json.JSONDecodeError as error:
        return f"not valid JSON ({_where_json_failed(error)})"
    except UnicodeDecodeError as error:
        return f"not valid JSON ({error})"
    except RecursionError:
        return "JSON nested too deeply to read"
    except ValueError:  # the only other error json.loads raises
        return f"a number in it has more than {sys.get_int_max_str_digits():,} digits"
    return record if isinstance(record, dict) else "not a JSON object"


def _where_json_failed(error: json.JSONDecodeError) -> str:
    """The parser's complaint at a column of the input line ("line N: " names the line): a line
    holds no line break, but a raw carriage return inside it would make the parser count lines."""
    line_start = error.doc.rfind("\n", 0, error.pos) + 1
    return f"{error.msg} at column {error.pos - line_start + 1}"


def parse_published_at(raw: object) -> datetime | None:
    """A record's ``published_at`` as an aware UTC time: ISO 8601 (no offset is UTC), RFC 2822 as
    feeds write it ("Mon, 19 Dec 2022 10:00:00 GMT"), or Unix time in seconds; None when absent or
    unreadable."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        try:
            return datetime.fromtimestamp(float(raw), UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(raw, str) or not raw.strip():
        return None
    text = raw.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    try:
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except OverflowError:  # "9999-12-31T23:59:59-05:00" is past the last day Python can hold in UTC
        return None


def _language_problem(raw: object) -> str | None:
    """Why a string ``language`` is not read as a language (a list or number is warned about as a
    text field of the wrong type), or None when it is a language tag or absent."""
    # Here and in batch_language, not at the top: tidings.extract loads the extractors (a third of
    # a second), which the commands that import this module for their dates need only for a batch.
    from tidings.extract.metadata import normalise_language  # noqa: PLC0415

    if not isinstance(raw, str) or not raw.strip() or normalise_language(raw) is not None:
        return None
    return f"language {json.dumps(raw)} is not a language code such as en or en-GB"


def batch_language(
    declared: object, title: str, text: str, *, where: str, warn: Callable[[str], None]
) -> str | None:
    """A record's language, each change to what it declares passed to ``warn`` after ``where``.

    The store reads a feed entry's language so (``extract_feed_entry``): what the entry declares (a
    code or tag: "en", "en-GB", "en_US"; anything else is read as absent), checked against its
    title and text, or told from them when it declares none (``checked_language``). Both batch
    commands read the same way, so that one input is read alike by them and by the store."""
    from tidings.extract.metadata import checked_language, normalise_language  # noqa: PLC0415 - see above

    problem = _language_problem(declared)
    if problem is not None:
        warn(f"{where}: {problem}; read as absent")
    given = normalise_language(declared) if isinstance(declared, str) else None
    language = checked_language(given, f"{title}\n{text}")
    if given is not None and language != given:
        warn(f"{where}: language {given!r}, but the text is surely {language!r}; read as {language!r}")
    return language


def standard_input_lines() -> BinaryIO:
    """Standard input, for a batch command, said to be read when it is a terminal."""
    note_standard_input("JSON Lines")
    return sys.stdin.buffer
