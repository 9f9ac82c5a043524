"""OPML export and import through the store: folders, titles and the kind of each source survive."""

from __future__ import annotations

from pathlib import Path

from tests.jobs.support import NOW
from tidings.gather.netpolicy import NetPolicy
from tidings.jobs.subscribe import export_opml, import_opml
from tidings.store import Store


def test_an_export_imports_into_another_store_as_the_same_sources(store: Store, tmp_path: Path) -> None:
    store.subscribe("https://a.example/feed.xml", kind="feed", now=NOW, folder="News/World", title="A")
    store.subscribe("https://b.example/news-sitemap.xml", kind="sitemap", now=NOW, folder="News")
    exported = export_opml(store, now=NOW)
    other = Store.open(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    other.migrate()
    try:
        report = import_opml(other, NetPolicy(), exported.encode("utf-8"), source="export", now=NOW)
        assert report.new_sources == 2
        assert report.refused == ()
        imported = {
            subscription.source.url: (subscription.source.kind, subscription.folder, subscription.title)
            for subscription in other.subscriptions()
        }
        assert imported == {
            "https://a.example/feed.xml": ("feed", "News/World", "A"),
            "https://b.example/news-sitemap.xml": ("sitemap", "News", None),
        }
        # Imported, not fetched: every source waits for the scheduler.
        assert all(subscription.source.last_checked_at is None for subscription in other.subscriptions())
    finally:
        other.close()


def test_a_feed_link_in_an_opml_file_is_subscribed_as_subscribe_would(store: Store) -> None:
    body = b'<opml version="2.0"><body><outline text="A" xmlUrl="feed:https://a.example/rss"/></body></opml>'
    report = import_opml(store, NetPolicy(), body, source="list.opml", now=NOW)
    assert report.refused == ()
    assert [subscription.source.url for subscription in store.subscriptions()] == ["https://a.example/rss"]
