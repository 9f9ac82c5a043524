"""Migration 0040 takes a breadcrumb trail off stored titles ("Home > Section > Headline"), on
SQLite and PostgreSQL: from the title, a story headline it gave, and its content hash. Articles
stored before (2026-12-07) are set up by storing them directly and stamping the store at 0039."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import text

from tests.store.placing import article_from, place_article
from tests.store.test_articles_without_soft_hyphens import _row, _scanned
from tidings.model import Article, Outlet, Provenance, content_hash
from tidings.store import Store, migrate

WHEN = datetime(2014, 3, 10, 8, tzinfo=UTC)


def _entry(title: str, number: int, kind: str = "feed") -> Article:
    outlet = Outlet("Contactmusic.com", "contactmusic.com")
    article = article_from(f"https://contactmusic.com/story-{number}", outlet, number, since=WHEN)
    locator = "https://contactmusic.com/feed.xml" if kind == "feed" else f"/saved/{number}.html"
    return replace(
        article, title=title, provenance=Provenance(kind=kind, locator=locator, entry_key=str(number))
    )


def _headline(store: Store, story_id: int) -> str:
    with store.reading() as connection:
        found = connection.execute(text("SELECT headline FROM stories WHERE id = :id"), {"id": story_id})
        return str(found.scalar_one())


def _migrate_again(store: Store) -> None:
    migrate.run_migrations(store.engine, command.downgrade, "0040-1")
    store.migrate()
    assert store.is_current()


def test_titles_lose_a_breadcrumb_trail_and_others_keep_theirs(store: Store) -> None:
    trail_id, story_id = place_article(
        store, _entry("Home > Shailene Woodley > Shailene Woodley Hooks Up With Co-star?", 1)
    )
    page_id, _ = place_article(
        store,
        _entry("You are here! HOME > SCIENCE > Volcanoes sustained life during ice ages", 2, kind="file"),
    )
    # A headline that opens with "Home", and a trail with no headline after it, stay as they are.
    sales_id, _ = place_article(store, _entry("Home sales > forecasts for a third month", 3))
    bare_id, _ = place_article(store, _entry("Home > News", 4))
    for article_id in (trail_id, page_id, sales_id, bare_id):
        _scanned(store, article_id)
    before = _row(store, trail_id)
    untouched = {article_id: _row(store, article_id) for article_id in (sales_id, bare_id)}

    _migrate_again(store)

    after = _row(store, trail_id)
    assert after["title"] == "Shailene Woodley Hooks Up With Co-star?"
    assert _headline(store, story_id) == "Shailene Woodley Hooks Up With Co-star?"
    assert _row(store, page_id)["title"] == "Volcanoes sustained life during ice ages"
    new_hash = content_hash(f"{after['title']}\n{after['text']}")
    assert after["hash"] == after["fingerprint"] == new_hash != before["hash"]
    assert after["scans"] == 0  # its entities are read again
    assert {article_id: _row(store, article_id) for article_id in untouched} == untouched

    # A second run changes nothing.
    _migrate_again(store)
    assert _row(store, trail_id) == after
