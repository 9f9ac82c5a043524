"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) → ``FeedFields`` and ``EntryFields``.

Hand-written: feedparser 6.0 does not read JSON Feed, and the format is a small JSON object
that the standard library parses; what is ours is the defensive reading (every member may be
missing or of the wrong type in the wild, ``id`` is often a number, 1.0's ``author`` and 1.1's
``authors`` both occur). Item HTML is passed on as the feed gives it, like every entry body:
the extractor sanitizes what it keeps for display.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from tidings.errors import Unreadable, UnsafeInput, json_kind, unusable_json
from tidings.gather.decode import decode_document
from tidings.gather.entries import EntryFields, FeedFields
from tidings.gather.markup import text_to_html

__all__ = ["read_json_feed"]

_VERSION_PREFIXES = ("https://jsonfeed.org/version/", "http://jsonfeed.org/version/")
_FORMATS = {"1": "jsonfeed10", "1.0": "jsonfeed10", "1.1": "jsonfeed11"}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _identifier(value: object) -> str | None:
    """JSON Feed says ``id`` is a string; numbers are common and kept as their decimal text."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    return _text(value)


def _moment(value: object) -> datetime | None:
    """An RFC 3339 date; one without an offset is read as UTC."""
    text = _text(value)
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _author_names(container: Mapping[str, Any]) -> tuple[str, ...]:
    authors = container.get("authors")
    if not isinstance(authors, list):
        single = container.get("author")
        authors = [single] if isinstance(single, Mapping) else []
    return tuple(
        str(author["name"]) for author in authors if isinstance(author, Mapping) and _text(author.get("name"))
    )


def _body_html(item: Mapping[str, Any]) -> str:
    html = _text(item.get("content_html"))
    if html is not None:
        return html
    text = _text(item.get("content_text")) or _text(item.get("summary"))
    return text_to_html(text) if text is not None else ""


def _attachment_url(item: Mapping[str, Any]) -> str | None:
    """The item's first attachment (a podcast episode's audio), as written."""
    attachments = item.get("attachments")
    if not isinstance(attachments, list):
        return None
    urls = (_text(attachment.get("url")) for attachment in attachments if isinstance(attachment, Mapping))
    return next((url for url in urls if url), None)


def _entry(item: Mapping[str, Any], feed_authors: tuple[str, ...]) -> EntryFields:
    return EntryFields(
        guid=_identifier(item.get("id")),
        link=_text(item.get("url")) or _text(item.get("external_url")),
        title=_text(item.get("title")),
        title_is_html=False,
        body_html=_body_html(item),
        summary=_text(item.get("summary")),
        summary_is_html=False,
        bylines=_author_names(item) or feed_authors,
        published_at=_moment(item.get("date_published")) or _moment(item.get("date_modified")),
        language=_text(item.get("language")),
        media_url=_attachment_url(item),
        image=_text(item.get("image")) or _text(item.get("banner_image")),
    )


def _load(text: str, *, source: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        reason = f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        raise Unreadable(source, reason) from exc
    except RecursionError as exc:
        raise UnsafeInput(source, "nests JSON too deeply to read; refused as a parser trap") from exc
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise Unreadable(source, f"is {unusable_json(exc)}") from exc


def _hub_urls(document: Mapping[str, Any]) -> tuple[str, ...]:
    hubs = document.get("hubs")
    if not isinstance(hubs, list):
        return ()
    return tuple(str(hub["url"]) for hub in hubs if isinstance(hub, Mapping) and _text(hub.get("url")))


def read_json_feed(
    body: bytes, *, source: str, declared_charset: str | None = None
) -> tuple[FeedFields, list[EntryFields]]:
    """The feed's fields and its items'. ``Unreadable`` when it is not a JSON Feed.

    URLs are taken as written; ``entries.assemble_feed`` resolves and filters them.
    """
    text = decode_document(
        body, source=source, declared_charset=declared_charset, media_type_hint="application/json"
    )
    document = _load(text, source=source)
    if not isinstance(document, dict):
        raise Unreadable(source, "is JSON but not a JSON Feed (it is not a JSON object)")
    version = _text(document.get("version"))
    if version is None or not version.startswith(_VERSION_PREFIXES):
        raise Unreadable(source, "is JSON but not a JSON Feed (no https://jsonfeed.org/version/ member)")
    items = document.get("items")
    if not isinstance(items, list):
        raise Unreadable(source, "is a JSON Feed without an 'items' list")
    # Refused each by name, as an RSS item with nothing in it is (by the extractor): left out with
    # only a log line, an item was lost without a word, and the feed read as whole.
    refused = tuple(
        Unreadable(
            f"{source} [item {position}]",
            f"is a JSON Feed item that is {json_kind(item)}, not an object; it cannot be read as an entry",
        )
        for position, item in enumerate(items, start=1)
        if not isinstance(item, Mapping)
    )
    feed_authors = _author_names(document)
    feed = FeedFields(
        format=_FORMATS.get(version.rsplit("/", 1)[-1], "jsonfeed"),
        title=_text(document.get("title")),
        site_url=_text(document.get("home_page_url")),
        self_url=_text(document.get("feed_url")),
        description=_text(document.get("description")),
        language=_text(document.get("language")),
        icon_url=_text(document.get("icon")) or _text(document.get("favicon")),
        hub_urls=_hub_urls(document),
        refused=refused,
    )
    entries = [_entry(item, feed_authors) for item in items if isinstance(item, Mapping)]
    return feed, entries
