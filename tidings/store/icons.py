"""Outlet icons: the last attempt to fetch each outlet's icon, and the image when it succeeded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select

from tidings.store.articles import outlet_keyed
from tidings.store.schema import outlet_icons, outlets
from tidings.urls import without_credentials

__all__ = ["IconAttempt", "OutletIcon", "get_outlet_icon", "outlet_keys_with_icons", "record_outlet_icon"]


@dataclass(frozen=True, slots=True)
class IconAttempt:
    """One attempt to fetch an outlet's icon: the image, or ``error`` saying why there is none."""

    fetched_at: datetime
    source_url: str | None
    content_type: str | None = None
    body: bytes | None = None
    sha256: str | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class OutletIcon:
    """An outlet's stored icon row; ``body`` is None when the last attempt failed (see ``error``)."""

    outlet_key: str
    attempt: IconAttempt

    @property
    def has_image(self) -> bool:
        return self.attempt.body is not None and self.attempt.content_type is not None


def _outlet_id(connection: Connection, outlet_key: str) -> int | None:
    found = connection.execute(outlet_keyed(outlet_key)).scalar()
    return int(found) if found is not None else None


def get_outlet_icon(connection: Connection, outlet_key: str) -> OutletIcon | None:
    row = (
        connection.execute(
            select(outlet_icons, outlets.c.key.label("outlet_key"))
            .join(outlets, outlets.c.id == outlet_icons.c.outlet_id)
            .where(outlets.c.id == outlet_keyed(outlet_key).scalar_subquery())
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    attempt = IconAttempt(
        fetched_at=row["fetched_at"],
        source_url=row["source_url"],
        content_type=row["content_type"],
        body=bytes(row["body"]) if row["body"] is not None else None,
        sha256=row["sha256"],
        error=row["error"],
    )
    return OutletIcon(str(row["outlet_key"]), attempt)


def outlet_keys_with_icons(connection: Connection) -> frozenset[str]:
    """The keys of outlets that have an icon image to show."""
    rows = connection.execute(
        select(outlets.c.key)
        .join(outlet_icons, outlet_icons.c.outlet_id == outlets.c.id)
        .where(outlet_icons.c.body.is_not(None))
    )
    return frozenset(str(key) for key in rows.scalars())


def record_outlet_icon(connection: Connection, outlet_key: str, attempt: IconAttempt) -> bool:
    """Replace the outlet's icon row with ``attempt``; False when no such outlet exists.

    A failed attempt keeps an earlier image: an icon that worked last week is better than none.
    """
    outlet_id = _outlet_id(connection, outlet_key)
    if outlet_id is None:
        return False
    kept = attempt
    if attempt.body is None:
        earlier = get_outlet_icon(connection, outlet_key)
        if earlier is not None and earlier.has_image:
            kept = IconAttempt(
                fetched_at=attempt.fetched_at,
                source_url=earlier.attempt.source_url,
                content_type=earlier.attempt.content_type,
                body=earlier.attempt.body,
                sha256=earlier.attempt.sha256,
                error=attempt.error,
            )
    connection.execute(delete(outlet_icons).where(outlet_icons.c.outlet_id == outlet_id))
    connection.execute(
        insert(outlet_icons).values(
            outlet_id=outlet_id,
            fetched_at=kept.fetched_at,
            # Named by a private feed, relative to its address, the icon's has its login: left out.
            source_url=without_credentials(kept.source_url)[:2048] if kept.source_url else None,
            content_type=kept.content_type,
            body=kept.body,
            sha256=kept.sha256,
            error=kept.error,
        )
    )
    return True
