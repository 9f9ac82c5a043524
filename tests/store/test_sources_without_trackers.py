"""Sources subscribed with tracking parameters in their address before feed addresses dropped
them, on SQLite and PostgreSQL: migration 0026 files them under the address without trackers, and
merges the second source that subscribing to the same feed again made, losing no subscriber,
entry or article and duplicating none.

The stored state before the upgrade is made as the old version made it: the store keeps an
address as given (``urls.feed_address`` is applied by the subscribing job, not by the store).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from alembic.config import Config

from tidings.errors import NotFound
from tidings.model import Added, Article, Outlet, Provenance
from tidings.store import NewItem, PollSuccess, Store, migrate
from tidings.urls import feed_address

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
TRACKED = "https://news.example.com/feed.xml?format=rss&utm_source=newsletter&utm_medium=email"
PLAIN = "https://news.example.com/feed.xml?format=rss"
ALONE = "https://other.example.org/rss?utm_campaign=spring"
SELECTING = "https://blog.example.net/index.php?rss=news"


def _alembic(store: Store, action: Callable[[Config, str], None], target: str) -> None:
    migrate.run_migrations(store.engine, action, target)


def _article(key: str, locator: str, *, url: str | None = None) -> Article:
    return Article(
        title=f"Story {key}",
        text=f"Body text of story {key}, as the feed gave it.",
        html=f"<p>Body text of story {key}.</p>",
        outlet=Outlet("Example News", "example.com"),
        provenance=Provenance("feed", locator, key),
        fetched_at=NOW,
        url=url if url is not None else f"https://news.example.com/{key}",
    )


def _poll(store: Store, source_id: int, *items: NewItem, etag: str, hours: float = 0) -> None:
    store.record_poll(
        source_id,
        PollSuccess(
            checked_at=NOW + timedelta(hours=hours),
            next_check_at=NOW + timedelta(hours=hours + 1),
            etag=etag,
            last_modified=None,
            items=items,
        ),
    )


def test_the_old_address_is_not_the_one_subscribed_by_now() -> None:
    assert feed_address(TRACKED) == PLAIN
    assert feed_address(ALONE) == "https://other.example.org/rss"
    assert feed_address(SELECTING) == SELECTING


def test_the_migration_merges_a_feed_subscribed_twice_and_drops_trackers(store: Store) -> None:
    # Before the change: the feed subscribed through a newsletter's link, and two entries taken,
    # one of them refused.
    old = store.subscribe(TRACKED, kind="feed", now=NOW, folder="World").source
    store.subscribe(TRACKED, kind="feed", now=NOW, user_key="ana", folder="Ana")
    _poll(
        store,
        old.source_id,
        NewItem("a", NOW, _article("a", TRACKED)),
        NewItem("b", NOW, _article("b", TRACKED)),
        NewItem("gone", NOW, None),
        etag='"old"',
    )
    # After it: the same feed subscribed again by its plain address, a second source polled
    # beside the first, taking the same entries and one more.
    new = store.subscribe(PLAIN, kind="feed", now=NOW, folder="Inbox").source
    store.subscribe(PLAIN, kind="feed", now=NOW, user_key="bo", folder="Bo")
    assert new.source_id != old.source_id
    _poll(
        store,
        new.source_id,
        NewItem("b", NOW, _article("b", PLAIN)),
        NewItem("c", NOW, _article("c", PLAIN)),
        NewItem("gone", NOW, _article("gone", PLAIN)),
        etag='"plain"',
        hours=1,
    )
    alone = store.subscribe(ALONE, kind="feed", now=NOW).source
    selecting = store.subscribe(SELECTING, kind="feed", now=NOW).source
    articles_before = store.count_articles()
    assert articles_before == 4

    _alembic(store, command.downgrade, "0026-1")
    store.migrate()

    # One source, the older, at the address without trackers, polled as the plain one was.
    merged = store.find_source(PLAIN)
    assert merged is not None
    assert merged.source_id == old.source_id
    assert merged.locator == TRACKED  # its identity in provenance never changes
    assert (merged.etag, merged.last_checked_at) == ('"plain"', NOW + timedelta(hours=1))
    assert store.find_source(TRACKED) is None
    with pytest.raises(NotFound):
        store.get_source(new.source_id)
    # Every subscriber follows it; one who followed both keeps the older folder.
    folders = {
        user: {
            (sub.source.source_id, sub.folder)
            for sub in store.subscriptions(user_key=user)
            if sub.source.source_id in (old.source_id, new.source_id)
        }
        for user in ("", "ana", "bo")
    }
    assert folders == {
        "": {(old.source_id, "World")},
        "ana": {(old.source_id, "Ana")},
        "bo": {(old.source_id, "Bo")},
    }
    # Every entry either took is its, once, each supplying the article it stored: the refused
    # entry takes the article the other source kept for it.
    known = store.known_entries(merged.source_id, merged.locator, ["a", "b", "c", "gone"])
    assert {key: entry.supplies_text for key, entry in known.items()} == {
        "a": True,
        "b": True,
        "c": True,
        "gone": True,
    }
    assert store.count_articles() == articles_before
    # Subscribing again by either address finds it; taking the entries again stores nothing new.
    again = store.subscribe(feed_address(TRACKED), kind="feed", now=NOW, user_key="cy")
    assert (again.new_source, again.source.source_id) == (False, old.source_id)
    outcomes = store.record_poll(
        merged.source_id,
        PollSuccess(
            checked_at=NOW + timedelta(hours=2),
            next_check_at=NOW + timedelta(hours=3),
            etag=None,
            last_modified=None,
            items=[NewItem("d", NOW, _article("d", merged.locator))],
        ),
    )
    assert [isinstance(outcome, Added) for _, outcome in outcomes] == [True]
    assert store.count_articles() == articles_before + 1
    # A source subscribed with trackers alone is filed under its plain address; an address whose
    # tracking-like name selects the feed stays.
    renamed = store.find_source("https://other.example.org/rss")
    assert renamed is not None
    assert renamed.source_id == alone.source_id
    kept = store.find_source(SELECTING)
    assert kept is not None
    assert kept.source_id == selecting.source_id


def test_migrating_a_store_with_no_tracked_source_changes_nothing(store: Store) -> None:
    source = store.subscribe(PLAIN, kind="feed", now=NOW).source
    _alembic(store, command.downgrade, "0026-1")
    store.migrate()
    assert store.get_source(source.source_id) == source
