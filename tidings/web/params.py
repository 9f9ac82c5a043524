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
from datetime import UTC, datetime
from typing import TypeGuard

from tidings.errors import NotFound, TidingsError
from tidings.extract.metadata import stored_language
from tidings.model import MAX_ID
from tidings.store import ArticleCursor, StoryCursor
from tidings.store.search import SearchQueryError, clean_query, parse_query

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_ID",
    "MAX_PAGE_SIZE",
    "MAX_SEARCH_CHARS",
    "BadParameter",
    "UnknownFilter",
    "decode_article_cursor",
    "decode_offset_cursor",
    "decode_story_cursor",
    "encode_article_cursor",
    "encode_offset_cursor",
    "encode_story_cursor",
    "filter_value",
    "language_code",
    "outlet_filter",
    "search_query",
]

DEFAULT_PAGE_SIZE = 30
MAX_PAGE_SIZE = 100
MAX_CURSOR_CHARS = 200
# Deep offsets make the database skip that many rows; past this, refine the query instead.
MAX_SEARCH_OFFSET = 1000
# A search longer than this is no query a reader typed; the reader and the API refuse it alike.
MAX_SEARCH_CHARS = 500


class BadParameter(ValueError):
    """A request parameter the reader cannot use; ``field`` names it and ``location`` says
    where it came from (``query`` or ``path``), so that the API can name it as ``query.cursor``."""

    def __init__(self, field: str, message: str, *, location: str = "query") -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.location = location


class UnknownFilter(TidingsError):
    """A filter naming an outlet or entity the store does not hold: a 404 naming the parameter
    (a page in the reader, a problem naming ``query.outlet`` in the API), as the outlet's or
    entity's own page is, rather than an empty list that reads as "no news"."""

    def __init__(self, field: str, not_found: NotFound) -> None:
        super().__init__(f"{field}: {not_found}")
        self.field = field
        self.not_found = not_found


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
    if not isinstance(moment, str) or not _is_row_id(row_id):
        raise BadParameter(field, "is not a cursor for this list; start from the first page")
    return _utc_moment(field, moment), row_id


def _is_row_id(value: object) -> TypeGuard[int]:
    """Whether ``value`` can be a row id: the store's ids are positive and fit a signed 64-bit
    integer, and a larger one would overflow the database driver rather than match nothing."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


def _utc_moment(field: str, moment: str) -> datetime:
    """A cursor's ISO 8601 time in UTC (naive times are UTC). A time at the edge of the calendar
    whose offset pushes it past year 1 or 9999 in UTC overflows: that is no cursor we gave out."""
    try:
        when = datetime.fromisoformat(moment)
        return (when if when.tzinfo is not None else when.replace(tzinfo=UTC)).astimezone(UTC)
    except (ValueError, OverflowError) as exc:
        raise BadParameter(field, "carries a date that cannot be read; start from the first page") from exc


def encode_offset_cursor(offset: int) -> str:
    return _encode({"o": offset})


def decode_offset_cursor(cursor: str | None, field: str = "cursor") -> int:
    if not cursor:
        return 0
    offset = _decode(field, cursor).get("o")
    if not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset <= MAX_SEARCH_OFFSET:
        raise BadParameter(field, "is not a cursor for these results; start from the first page")
    return offset


MAX_LANGUAGE_CHARS = 16
MAX_FILTER_CHARS = 255


def language_code(value: str | None, field: str = "language") -> str | None:
    """A language filter as the store writes languages (``stored_language``): an ISO 639-1 code,
    so ``EN``, ``en-GB`` and ``en_US`` filter and are echoed as ``en``, or another code language
    detection stores (``yue``, ``pcm``); ``None`` for no filter. A value that is no language
    (``xx``, ``english``) is refused: kept as typed it would match no stored article and answer an
    empty page that reads as "no news in English"."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    code = stored_language(value) if len(value) <= MAX_LANGUAGE_CHARS else None
    if code is None:
        raise BadParameter(
            field, f"{value[:40]!r} is not a language code such as 'en' (a tag such as 'en-GB' reads as 'en')"
        )
    return code


def filter_value(value: str | None, field: str, *, location: str = "query") -> str | None:
    """A free-text filter value (an outlet or entity key), trimmed; empty means no filter.
    ``location``: ``path`` for a key in the URL's path, so that errors name it there."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if len(value) > MAX_FILTER_CHARS or "\x00" in value:
        raise BadParameter(
            field, f"must be at most {MAX_FILTER_CHARS} characters with no NUL", location=location
        )
    return value


def outlet_filter(value: str | None, field: str = "outlet") -> str | None:
    """An outlet filter as the outlet's key: a domain's key is lower-cased (``Outlet.key``), so
    ``Reuters.com`` filters, is echoed and is selected in menus as ``reuters.com``. Lower-cased,
    not folded: ``Straße.de`` is straße.de, a site other than strasse.de. A name's key is folded,
    and the store finds it by a name typed otherwise (``store.articles.outlet_keyed``); the page
    echoes the key it found (``stories.front_page``)."""
    found = filter_value(value, field)
    return found.lower() if found is not None else None


def search_query(value: str | None, field: str = "q") -> str:
    """A search as typed, NUL bytes as spaces and trimmed; over ``MAX_SEARCH_CHARS`` is refused
    (the API's ``q`` has the same limit) rather than searched for and echoed back whole."""
    query = clean_query(value or "")
    if len(query) > MAX_SEARCH_CHARS:
        raise BadParameter(
            field,
            f"is {len(query):,} characters; a search may have at most {MAX_SEARCH_CHARS}, so shorten it",
        )
    try:
        parse_query(query)
    except SearchQueryError as error:
        raise BadParameter(field, error.reason) from None
    return query
