"""Migration 0038 reads the titles of articles stored from the bundled sample as text, on SQLite and
PostgreSQL: the tags and character references the aggregator copied go, from the title, a story
headline it gave, and its content hash. Articles stored before (2026-12-07) are set up by storing
such an article directly and stamping the store at 0037."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import text

from tests.store.placing import article_from, place_article
from tests.store.test_articles_without_soft_hyphens import _row, _scanned
from tidings.model import Article, Outlet, Provenance, content_hash
from tidings.sample import SAMPLE_LOCATOR
from tidings.store import Store, migrate

WHEN = datetime(2014, 3, 10, 8, tzinfo=UTC)


def _entry(title: str, locator: str, number: int) -> Article:
    outlet = Outlet("Huffington Post", "huffingtonpost.com")
    article = article_from(f"https://huffingtonpost.com/story-{number}", outlet, number, since=WHEN)
    return replace(
        article, title=title, provenance=Provenance(kind="feed", locator=locator, entry_key=str(number))
    )


def _headline(store: Store, story_id: int) -> str:
    with store.reading() as connection:
        found = connection.execute(text("SELECT headline FROM stories WHERE id = :id"), {"id": story_id})
        return str(found.scalar_one())


def test_sample_titles_lose_the_markup_the_aggregator_copied_and_others_keep_theirs(store: Store) -> None:
    marked_id, story_id = place_article(
        store, _entry("Split|Screen: A First Look at <em>Titanfall</em>", SAMPLE_LOCATOR, 1)
    )
    referenced_id, _ = place_article(
        store, _entry("Beyonc&#233; Wants to Ban the Word 'Bossy'", SAMPLE_LOCATOR, 2)
    )
    # A feed's own title was read by the feed parser when it came: not the sample's to change.
    other_id, _ = place_article(store, _entry("Q&amp;A: <b>budget</b>", "https://example.com/feed.xml", 3))
    for article_id in (marked_id, referenced_id, other_id):
        _scanned(store, article_id)
    before = _row(store, marked_id)
    untouched = _row(store, other_id)

    migrate.run_migrations(store.engine, command.downgrade, "0038-1")
    store.migrate()
    assert store.is_current()

    after = _row(store, marked_id)
    assert after["title"] == "Split|Screen: A First Look at Titanfall"
    assert _headline(store, story_id) == "Split|Screen: A First Look at Titanfall"
    assert _row(store, referenced_id)["title"] == "Beyonc\u00e9 Wants to Ban the Word 'Bossy'"
    new_hash = content_hash(f"{after['title']}\n{after['text']}")
    assert after["hash"] == after["fingerprint"] == new_hash != before["hash"]
    assert after["scans"] == 0  # its entities are read again
    assert _row(store, other_id) == untouched

    # A second run changes nothing.
    migrate.run_migrations(store.engine, command.downgrade, "0038-1")
    store.migrate()
    assert _row(store, marked_id) == after
