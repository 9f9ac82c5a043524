"""Request parameters both front ends share: opaque cursors, limits and filter values.

A cursor is the keyset position of the last item shown, encoded as URL-safe base64 of a short
JSON object, so that clients treat it as opaque and the store can change how it pages without
breaking links. Anything malformed raises ``BadParameter`` naming the parameter: the reader
answers it with a 400 page, the API with a 422 problem body.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import UTC, datetime

from tidings.model import MAX_ID
from tidings.store import ArticleCursor, StoryCursor

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_ID",
    "MAX_PAGE_SIZE",
    "BadParameter",
    "decode_article_cursor",
    "decode_offset_cursor",
    "decode_story_cursor",
    "encode_article_cursor",
    "encode_offset_cursor",
    "encode_story_cursor",
    "filter_value",
    "language_code",
]

DEFAULT_PAGE_SIZE = 30
MAX_PAGE_SIZE = 100
MAX_CURSOR_CHARS = 200
# Deep offsets make the database skip that many rows; past this, refine the query instead.
MAX_SEARCH_OFFSET = 1000


class BadParameter(ValueError):
    """A request parameter the reader cannot use; ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _encode(payload: dict[str, object]) -> str:
    raw = json.dumps(payload, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _decode(field: str, cursor: str) -> dict[str, object]:
    if len(cursor) > MAX_CURSOR_CHARS:
        raise BadParameter(field, "is too long to be a cursor this server gave out")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise BadParameter(field, "is not a cursor this server gave out; start from the first page") from exc
    if not isinstance(payload, dict):
        raise BadParameter(field, "is not a cursor this server gave out; start from the first page")
    return payload


def encode_article_cursor(position: ArticleCursor) -> str:
    return _encode({"t": position.sort_at.isoformat(), "i": position.article_id})


def decode_article_cursor(cursor: str | None, field: str = "cursor") -> ArticleCursor | None:
    position = _time_and_id(cursor, field, time_key="t")
    return ArticleCursor(sort_at=position[0], article_id=position[1]) if position else None


def encode_story_cursor(position: StoryCursor) -> str:
    # "s", not "t": an article list's cursor is refused by the story list, and the reverse.
    return _encode({"s": position.last_seen.isoformat(), "i": position.story_id})


def decode_story_cursor(cursor: str | None, field: str = "cursor") -> StoryCursor | None:
    position = _time_and_id(cursor, field, time_key="s")
    return StoryCursor(last_seen=position[0], story_id=position[1]) if position else None


def _time_and_id(cursor: str | None, field: str, *, time_key: str) -> tuple[datetime, int] | None:
    """The (time, id) keyset position a cursor carries; None for no cursor (the first page)."""
    if not cursor:
        return None
    payload = _decode(field, cursor)
    moment, row_id = payload.get(time_key), payload.get("i")
    if not isinstance(moment, str) or not isinstance(row_id, int) or isinstance(row_id, bool):
        raise BadParameter(field, "is not a cursor for this list; start from the first page")
    try:
        when = datetime.fromisoformat(moment)
    except ValueError as exc:
        raise BadParameter(field, "carries a date that cannot be read; start from the first page") from exc
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC), row_id


def encode_offset_cursor(offset: int) -> str:
    return _encode({"o": offset})


def decode_offset_cursor(cursor: str | None, field: str = "cursor") -> int:
    if not cursor:
        return 0
    offset = _decode(field, cursor).get("o")
    if not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset <= MAX_SEARCH_OFFSET:
        raise BadParameter(field, "is not a cursor for these results; start from the first page")
    return offset


_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
MAX_FILTER_CHARS = 255


def language_code(value: str | None, field: str = "language") -> str | None:
    """A BCP 47-shaped language code (``en``, ``pt-BR``), or ``None`` for no filter."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if len(value) > 16 or not _LANGUAGE.fullmatch(value):
        raise BadParameter(field, f"{value[:40]!r} is not a language code such as 'en' or 'pt-BR'")
    return value


def filter_value(value: str | None, field: str) -> str | None:
    """A free-text filter value (an outlet or entity key), trimmed; empty means no filter."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if len(value) > MAX_FILTER_CHARS or "\x00" in value:
        raise BadParameter(field, f"must be at most {MAX_FILTER_CHARS} characters with no NUL")
    return value
