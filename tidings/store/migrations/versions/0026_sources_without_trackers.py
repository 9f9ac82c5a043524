"""Sources stored with tracking parameters in their address are filed under the address without
them, and a source that became two that way is one again.

Since 2026-12-06 a subscription's address is stored without the tracking parameters
``urls.feed_address`` drops (``feed.xml?utm_source=rss`` is ``feed.xml``). A source subscribed to
before then keeps its tracker-laden address, so subscribing to the same feed again made a second
source, polled beside the first. For every source whose address ``feed_address`` changes, and
every group of sources one address stands for now:

- the oldest source of the group stays (its id, provenance identity ``locator``, kind, options
  and the subscribers' folders and titles), at the address without trackers;
- it takes the others' subscribers it lacks, and the entries they took that it had not (an entry
  both took keeps its row, taking the other's article where its own has none), so that no entry
  is taken, and no article stored, twice;
- their articles' feed provenance is filed under its ``locator`` (unless it already names that
  entry), so that an entry that supplied an article still applies its corrections
  (``store.articles.correct_article``);
- its poll state (validators, schedule, errors) is that of the source that was polling the
  address without trackers, if one was, which describes that address; it is active if any of
  the group was, else paused if any was;
- the others are deleted.

As in 0020, the rule is the running ``feed_address``'s, not a frozen copy: whatever version runs
this, a source ends up at the address that version subscribes by.

Revision ID: 0026
Revises: 0022
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from alembic import op
from sqlalchemy import Connection, text

from tidings.urls import feed_address

revision: str = "0026"
down_revision: str | Sequence[str] | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MAX_URL_CHARS = 2048
# What a poll of one address wrote: taken from the source that was polling the address kept.
POLL_STATE = (
    "etag",
    "last_modified",
    "feed_ttl_minutes",
    "next_check_at",
    "claimed_until",
    "last_checked_at",
    "last_success_at",
    "last_error",
    "last_error_at",
    "error_count",
    "failing_since",
    "moved_to",
    "moved_count",
    "gone_since",
)
# Of a group's states, the first any member has is the merged source's.
STATES = ("active", "paused", "retired")


# A NamedTuple, not a dataclass: Alembic loads this module without registering it in sys.modules.
class _Stored(NamedTuple):
    source_id: int
    url: str
    locator: str
    state: str


def _groups(connection: Connection) -> dict[str, list[_Stored]]:
    """Sources by the address they are subscribed by now, oldest first; only the groups that change."""
    grouped: dict[str, list[_Stored]] = {}
    for source_id, url, locator, state in connection.execute(
        text("SELECT id, url, locator, state FROM sources ORDER BY id")
    ).all():
        address = feed_address(url)[:MAX_URL_CHARS]
        grouped.setdefault(address, []).append(_Stored(int(source_id), url, locator, state))
    return {
        address: members
        for address, members in grouped.items()
        if len(members) > 1 or members[0].url != address
    }


def _take_subscriptions(connection: Connection, kept: int, other: int) -> None:
    """The other source's subscribers that ``kept`` lacks follow it; one following both keeps
    the kept source's folder and title."""
    connection.execute(
        text(
            "INSERT INTO subscriptions (source_id, user_key, folder, title, created_at) "
            "SELECT :kept, o.user_key, o.folder, o.title, o.created_at FROM subscriptions o "
            "WHERE o.source_id = :other AND NOT EXISTS (SELECT 1 FROM subscriptions k "
            "WHERE k.source_id = :kept AND k.user_key = o.user_key)"
        ),
        {"kept": kept, "other": other},
    )
    connection.execute(text("DELETE FROM subscriptions WHERE source_id = :other"), {"other": other})


def _take_items(connection: Connection, kept: int, other: int) -> None:
    """The entries the other source took that ``kept`` had not become its own; one both took
    keeps the kept source's row, with the other's article and fingerprint where it has none."""
    connection.execute(
        text(
            "UPDATE source_items SET "
            "article_id = COALESCE(article_id, (SELECT o.article_id FROM source_items o "
            "WHERE o.source_id = :other AND o.item_key = source_items.item_key)), "
            "entry_hash = COALESCE(entry_hash, (SELECT o.entry_hash FROM source_items o "
            "WHERE o.source_id = :other AND o.item_key = source_items.item_key)) "
            "WHERE source_id = :kept AND EXISTS (SELECT 1 FROM source_items o "
            "WHERE o.source_id = :other AND o.item_key = source_items.item_key)"
        ),
        {"kept": kept, "other": other},
    )
    connection.execute(
        text(
            "UPDATE source_items SET source_id = :kept WHERE source_id = :other AND NOT EXISTS "
            "(SELECT 1 FROM source_items k WHERE k.source_id = :kept AND k.item_key = source_items.item_key)"
        ),
        {"kept": kept, "other": other},
    )
    connection.execute(text("DELETE FROM source_items WHERE source_id = :other"), {"other": other})


def _file_provenance(connection: Connection, kept_locator: str, other_locator: str) -> None:
    """The other source's entries in article provenance become the kept source's: its own row for
    the same entry of the same article goes (the kept one stands for it), and one of another
    article stays as it is (two articles of one entry: neither loses its history)."""
    if kept_locator == other_locator:
        return
    names = {"kept": kept_locator, "other": other_locator}
    connection.execute(
        text(
            "DELETE FROM article_sources WHERE kind = 'feed' AND locator = :other AND EXISTS "
            "(SELECT 1 FROM article_sources k WHERE k.kind = 'feed' AND k.locator = :kept "
            "AND k.entry_key = article_sources.entry_key AND k.article_id = article_sources.article_id)"
        ),
        names,
    )
    connection.execute(
        text(
            "UPDATE article_sources SET locator = :kept WHERE kind = 'feed' AND locator = :other "
            "AND NOT EXISTS (SELECT 1 FROM article_sources k WHERE k.kind = 'feed' "
            "AND k.locator = :kept AND k.entry_key = article_sources.entry_key)"
        ),
        names,
    )


def _merged_state(members: list[_Stored]) -> str:
    found = {member.state for member in members}
    return next((state for state in STATES if state in found), members[0].state)


def _file_group(connection: Connection, address: str, members: list[_Stored]) -> None:
    kept, others = members[0], members[1:]
    polling = next((member for member in members if member.url == address), kept)
    if polling is not kept:
        columns = ", ".join(f"{column} = p.{column}" for column in POLL_STATE)
        # UPDATE … FROM is PostgreSQL's and SQLite's (3.33+) both.
        connection.execute(
            text(f"UPDATE sources SET {columns} FROM sources p WHERE sources.id = :kept AND p.id = :polling"),
            {"kept": kept.source_id, "polling": polling.source_id},
        )
    for other in others:
        _take_subscriptions(connection, kept.source_id, other.source_id)
        _take_items(connection, kept.source_id, other.source_id)
        _file_provenance(connection, kept.locator, other.locator)
        connection.execute(
            text(
                "UPDATE sources SET "
                "title = COALESCE(title, (SELECT o.title FROM sources o WHERE o.id = :other)), "
                "site_url = COALESCE(site_url, (SELECT o.site_url FROM sources o WHERE o.id = :other)) "
                "WHERE id = :kept"
            ),
            {"kept": kept.source_id, "other": other.source_id},
        )
        connection.execute(text("DELETE FROM sources WHERE id = :other"), {"other": other.source_id})
    connection.execute(
        text("UPDATE sources SET url = :address, state = :state WHERE id = :kept"),
        {"address": address, "state": _merged_state(members), "kept": kept.source_id},
    )


def upgrade() -> None:
    connection = op.get_bind()
    for address, members in _groups(connection).items():
        _file_group(connection, address, members)


def downgrade() -> None:
    """Nothing to undo: an older version polls a source at its address without trackers as well,
    and finds it when subscribing by that address."""
