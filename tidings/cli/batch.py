"""What the two batch commands (``tidings cluster`` and ``tidings summarize``) read alike in a JSON
Lines record: the line as a JSON object, text fields as printable strings, ``published_at``, and
``language`` (checked against the text as the store checks a feed entry's). ``read_batch_records``
is the one reader of their lines: a line is skipped, or a field read otherwise than given, by the
same rules and with the same words in both (``line N (id 'x'): …``)."""

from __future__ import annotations

import codecs
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, BinaryIO

from tidings.cli.app import note_standard_input
from tidings.controls import BIDI_CONTROLS, without_controls
from tidings.errors import json_kind, unusable_json

__all__ = [
    "DATE_FORMATS",
    "MAX_LINE_CHARS",
    "BatchRecord",
    "batch_language",
    "batch_published_at",
    "outlet_languages",
    "parse_published_at",
    "printable",
    "read_batch_records",
    "read_record",
    "repeated_names",
    "standard_input_lines",
]

# What ``published_at`` may be, as the warnings and errors name it.
DATE_FORMATS = "ISO 8601, RFC 2822 or Unix time"
# A JSON escape can spell half of a surrogate pair ("\\ud800"), which no tokenizer or UTF-8 output
# can carry.
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Far beyond any article; a longer line is refused rather than read on.
MAX_LINE_CHARS = 20_000_000
# The fields read as text; one of another JSON type is reported and read as absent.
TEXT_FIELDS = ("title", "text", "outlet", "url", "language", "byline")
# Control characters a text field cannot mean (line breaks and tabs can): a NUL in an outlet's
# name would make "Y\u0000Z" an outlet of its own that no terminal shows apart from "YZ". Found
# here to be named; taken out as every article's are (``tidings.controls``), the bidirectional
# controls that would show a title or outlet's name otherwise than it reads among them.
_CONTROLS = re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
# A letter or digit in any script: a title of spaces, punctuation or zero-width characters
# ("\u200b") has nothing to place an article by.
_WORD = re.compile(r"[^\W_]")
# Unix time in milliseconds, as JavaScript writes it: from 2001 on, such a number is past the
# year 9999 read as seconds, so it is never a date, and the warning says what it likely is.
_MILLISECONDS_FROM = 1e12
# Unix time written as a JSON string ("1671444000", as shells and CSV converters write it): nine
# digits or more, so that ISO 8601's basic date ("20221219") stays a date.
_UNIX_TIME_TEXT = re.compile(r"-?\d{9,}(\.\d+)?")


def printable(value: str) -> str:
    """``value`` with any lone surrogate replaced by U+FFFD, so that it can be written as UTF-8."""
    return _LONE_SURROGATE.sub("\ufffd", value)


class _Object(dict[str, Any]):
    """A JSON object as read, with the names it gave more than once (JSON leaves a repeated name
    to the reader; Python keeps its last value, and the others would be lost without a word)."""

    repeated: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    found = _Object(pairs)
    if len(found) < len(pairs):
        names = [name for name, _ in pairs]
        found.repeated = tuple(dict.fromkeys(name for name in names if names.count(name) > 1))
    return found


def repeated_names(record: dict[str, Any]) -> tuple[str, ...]:
    """The names ``record`` (from ``read_record``) gave more than once."""
    return record.repeated if isinstance(record, _Object) else ()


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
        record = json.loads(raw_line, object_pairs_hook=_object)
    except json.JSONDecodeError as error:
        return f"not valid JSON ({_where_json_failed(error)})"
    except UnicodeDecodeError as error:
        return f"not valid JSON ({error})"
    except RecursionError:
        return "JSON nested too deeply to read"
    except ValueError as error:  # an integer with more digits than Python converts
        return unusable_json(error)
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
    if _UNIX_TIME_TEXT.fullmatch(text):
        return parse_published_at(float(text))
    try:
        # RFC 3339 (section 5.6) lets "T" and "Z" be written in lower case; fromisoformat reads
        # neither. Upper-cased, an ISO date loses nothing (RFC 2822's "Mon, 19 Dec" is not tried).
        moment = datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
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


def outlet_languages(records: Sequence[BatchRecord], told: Mapping[int, str | None]) -> dict[int, str | None]:
    """Each record's language as ``told`` by number (``batch_language``), with those left untold
    read from their outlet's records together (``metadata.source_languages``): an outlet's short
    headlines tell its language where each alone may not. Records that name no outlet are no one
    source."""
    from tidings.extract.metadata import source_languages  # noqa: PLC0415 - see _language_problem

    by_outlet: dict[str, list[BatchRecord]] = {}
    for record in records:
        # "BBC" and "bbc ", written by two feeds' tools, are one outlet to a reader.
        outlet = " ".join(record.text("outlet").split()).casefold()
        if outlet:
            by_outlet.setdefault(outlet, []).append(record)
    found = {record.number: told[record.number] for record in records}
    for same in by_outlet.values():
        texts = [f"{record.text('title')}\n{record.text('text')}" for record in same]
        languages = source_languages(texts, [told[record.number] for record in same])
        found.update((record.number, language) for record, language in zip(same, languages, strict=True))
    return found


def standard_input_lines() -> BinaryIO:
    """Standard input, for a batch command, said to be read when it is a terminal."""
    note_standard_input("JSON Lines")
    return sys.stdin.buffer


@dataclass(frozen=True, slots=True)
class BatchRecord:
    """An input line read as an article's record: its number, its ``id`` as given, and its fields
    (a text field of another JSON type left out, control characters taken out of the others)."""

    number: int
    given_id: str | int
    fields: dict[str, Any]

    @property
    def where(self) -> str:
        """How messages name the line: ``line 3 (id 'a3')``."""
        return f"line {self.number} (id {self.given_id!r})"

    def text(self, name: str) -> str:
        """The text field ``name``, printable; "" when absent."""
        value = self.fields.get(name)
        return printable(value) if isinstance(value, str) else ""


def _id_problem(given_id: object) -> str:
    if given_id is None:
        return "no id (a string or a whole number)"
    if given_id == "":
        return 'id "" is empty; an id is a string of at least one character or a whole number'
    kind = "not a whole number" if isinstance(given_id, float) else json_kind(given_id)
    return f"id {json.dumps(given_id)} is {kind}; an id is a string or a whole number"


def _without_bom(raw_line: bytes | str) -> bytes | str:
    if isinstance(raw_line, bytes):
        return raw_line.removeprefix(codecs.BOM_UTF8)
    return raw_line.removeprefix("\ufeff")


def _has_words(value: str) -> bool:
    return _WORD.search(value) is not None


def read_batch_records(
    lines: Iterable[bytes | str], *, warn: Callable[[str], None], skip: Callable[[str], None]
) -> Iterator[BatchRecord]:
    """The input's usable records, one by one as the lines are read, so that what a command then
    says of a record follows what was said of the lines before it; each field read otherwise than
    given is passed to ``warn``, each line skipped to ``skip``. A blank line is passed over.
    Skipped: a line over ``MAX_LINE_CHARS``, not a JSON object (``read_record``), without an
    ``id`` (a string or a whole number), with an ``id`` of an earlier line, or with neither a
    title nor a text (no letter or digit in either). A field named twice is read as its last
    value, with a warning. A text field of another JSON type is read as absent, and control
    characters other than line breaks and tabs are taken out of one, with a warning."""
    seen: dict[str | int, int] = {}
    for number, raw_line in enumerate(lines, start=1):
        # A byte-order mark alone is a blank line too: an empty file saved as "UTF-8 with BOM",
        # or the first line of each of several such files joined by `cat`.
        if not _without_bom(raw_line).strip():
            continue
        if len(raw_line) > MAX_LINE_CHARS:
            skip(f"line {number}: is {len(raw_line):,} characters, over the {MAX_LINE_CHARS:,} cap; skipped")
            continue
        record = read_record(raw_line)
        if isinstance(record, str):
            skip(f"line {number}: {record}; skipped")
            continue
        given_id = record.get("id")
        if isinstance(given_id, bool) or not isinstance(given_id, str | int) or given_id == "":
            skip(f"line {number}: {_id_problem(given_id)}; skipped")
            continue
        if given_id in seen:
            skip(f"line {number}: id {given_id!r} was already on line {seen[given_id]}; skipped")
            continue
        seen[given_id] = number
        where = f"line {number} (id {given_id!r})"
        for name in repeated_names(record):
            warn(f"{where}: {printable(name)} is given more than once; the last one is read")
        for name in TEXT_FIELDS:
            value = record.get(name)
            if value is None:
                continue
            if not isinstance(value, str):
                warn(f"{where}: {name} is {json_kind(value)}, not a string; ignored")
                del record[name]
            elif (control := _CONTROLS.search(value)) is not None:
                # As ``tidings add`` cleans an article (``tidings.controls``): a form feed between
                # two words is a space, not nothing, and an escape sequence goes whole.
                warn(f"{where}: {name} holds a control character (U+{ord(control.group()):04X}); removed")
                record[name] = without_controls(value)
        batch = BatchRecord(number, given_id, record)
        if not _has_words(batch.text("title")) and not _has_words(batch.text("text")):
            skip(f"{where}: no title and no text (not a letter or digit); skipped")
            continue
        yield batch


def _date_problem(raw: object) -> str:
    """Why ``published_at`` gave no date, in JSON's words for the value given."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return "no published_at"
    why = f"published_at {json.dumps(raw)} is not a date ({DATE_FORMATS} in seconds)"
    number = float(raw) if isinstance(raw, str) and _UNIX_TIME_TEXT.fullmatch(raw.strip()) else raw
    if isinstance(number, int | float) and not isinstance(number, bool) and abs(number) >= _MILLISECONDS_FROM:
        as_milliseconds = parse_published_at(number / 1000)
        if as_milliseconds is not None:
            why += f"; read as milliseconds it would be {as_milliseconds.isoformat()}: give seconds"
    return why


def batch_published_at(
    record: BatchRecord,
    *,
    now: datetime,
    warn: Callable[[str], None],
    undated: str,
    future: str,
    warn_missing: bool = True,
) -> datetime | None:
    """The record's ``published_at`` (``parse_published_at``); None, with a warning ending in
    ``undated`` (what the command does with an undated article), when it is missing (unless not
    ``warn_missing``) or no date; ``now``, with a warning ending in ``future``, when it is more than
    ``stories.FUTURE_TOLERANCE`` after now."""
    # Here, not at the top: tidings.stories loads the stories step, which the listings never need.
    from tidings.stories import FUTURE_TOLERANCE  # noqa: PLC0415

    raw = record.fields.get("published_at")
    published_at = parse_published_at(raw)
    if published_at is None:
        if warn_missing or not (raw is None or (isinstance(raw, str) and not raw.strip())):
            warn(f"{record.where}: {_date_problem(raw)}; {undated}")
        return None
    if published_at > now + FUTURE_TOLERANCE:
        warn(f"{record.where}: published_at {published_at.isoformat()} is in the future; {future}")
        return now
    return published_at
