"""Migration 0036 cuts the outlet's name an aggregator appended to stored feed entries' titles, on
SQLite and PostgreSQL, as extraction now reads them (``metadata.entry_title``): the title, a story
headline it gave, and its content hash change, and what was made from the old words is made again.
Articles stored before (2026-12-07) are set up by storing such an article directly and stamping
the store at 0035."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import text

from tests.store.placing import article_from, place_article
from tests.store.test_articles_without_soft_hyphens import _row, _scanned
from tidings.model import Article, Outlet, Provenance, content_hash
from tidings.store import Store, migrate
from tidings.store.articles import record_source

WHEN = datetime(2026, 12, 1, 8, tzinfo=UTC)
FEED = "https://news.google.com/rss"


def _entry(title: str, outlet: Outlet, number: int) -> Article:
    article = article_from(f"https://{outlet.domain}/story-{number}", outlet, number, since=WHEN)
    return replace(
        article, title=title, provenance=Provenance(kind="feed", locator=FEED, entry_key=f"entry-{number}")
    )


def _headline(store: Store, story_id: int) -> str:
    with store.reading() as connection:
        found = connection.execute(text("SELECT headline FROM stories WHERE id = :id"), {"id": story_id})
        return str(found.scalar_one())


def test_stored_feed_titles_lose_the_outlet_name_an_aggregator_appended(store: Store) -> None:
    bbc = Outlet("BBC.com", "bbc.com")
    named_id, story_id = place_article(store, _entry("Boeing whistleblower found dead - BBC.com", bbc, 0))
    own_id, _ = place_article(
        store, _entry("Fed holds rates - Reuters poll", Outlet("Reuters", "reuters.com"), 1)
    )
    page = replace(
        article_from("https://bbc.com/page", bbc, 2, since=WHEN), title="Markets rally - BBC.com"
    )  # a page's title was read by clean_title when it came; not an entry's
    page_id, _ = place_article(store, page)
    for article_id in (named_id, own_id, page_id):
        _scanned(store, article_id)
    before = _row(store, named_id)
    untouched = {article_id: _row(store, article_id) for article_id in (own_id, page_id)}
    assert _headline(store, story_id) == "Boeing whistleblower found dead - BBC.com"

    migrate.run_migrations(store.engine, command.downgrade, "0036-1")
    store.migrate()
    assert store.is_current()

    after = _row(store, named_id)
    assert after["title"] == "Boeing whistleblower found dead"
    assert after["text"] == before["text"]
    assert _headline(store, story_id) == "Boeing whistleblower found dead"
    new_hash = content_hash(f"{after['title']}\n{after['text']}")
    assert after["hash"] == after["fingerprint"] == new_hash != before["hash"]
    assert after["features"] == before["hash"]  # stale: made again from the new words
    assert after["scans"] == 0  # its entities are read again
    assert [hit.article_id for hit in store.search("whistleblower")] == [named_id]
    assert {article_id: _row(store, article_id) for article_id in (own_id, page_id)} == untouched

    # A second run changes nothing.
    migrate.run_migrations(store.engine, command.downgrade, "0036-1")
    store.migrate()
    assert _row(store, named_id) == after


def test_an_article_first_read_from_its_page_keeps_its_title_when_a_feed_also_gave_it(store: Store) -> None:
    # Its title is the page's (``clean_title``); a feed entry that arrived later, known by its
    # address, only added a source: extraction never gave the article the entry's title.
    outlet = Outlet("Contactmusic.com", "contactmusic.com")
    page = replace(
        article_from("https://contactmusic.com/selena", outlet, 0, since=WHEN),
        title="Selena Gomez - Selena Gomez' parents oppose reunion",
    )
    page_id, _ = place_article(store, page)
    with store.writing() as connection:
        entry = replace(
            page, provenance=Provenance(kind="feed", locator=FEED, entry_key="selena"), fetched_at=WHEN
        )
        record_source(connection, page_id, entry)
    _scanned(store, page_id)
    before = _row(store, page_id)

    migrate.run_migrations(store.engine, command.downgrade, "0036-1")
    store.migrate()

    assert _row(store, page_id) == before
