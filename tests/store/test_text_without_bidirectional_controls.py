"""Migration 0043 takes the bidirectional controls (U+202A-U+202E, U+2066-U+2069) out of what the
store keeps from outside, on SQLite and PostgreSQL: articles' fields (their words found by search
again, their content hash the running one, what was made from the old words made again, as after
0035), outlets' names (and a name's key), sources' and subscriptions' titles, a wanted page's feed
title, stories' headlines, entities and kept summaries. Hebrew and its right-to-left mark are left
as they are. Rows stored before extraction left the controls out (2026-12-07) are set up here by
storing them directly and taking the store back to 0040 (and the heads beside it).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import text

from tests.store.placing import article_from, place_article
from tests.store.test_articles_without_soft_hyphens import _row, _scanned
from tidings.model import Entity, Outlet, content_hash
from tidings.store import Store, migrate

WHEN = datetime(2026, 12, 1, 8, tzinfo=UTC)
RLO, PDF, RLI, PDI = "\u202e", "\u202c", "\u2067", "\u2069"
RLM = "\u200f"
HEBREW = f"הכנסת אישרה את התקציב לשנת 2027{RLM}"


def _one(store: Store, query: str, **parameters: object) -> object:
    with store.reading() as connection:
        return connection.execute(text(query), parameters).scalar_one()


def _migrated_again(store: Store) -> None:
    # 0043 merges four heads (0029, 0032, 0040, 0042): down to 0040 leaves the other three.
    migrate.run_migrations(store.engine, command.downgrade, "0040")
    store.migrate()
    assert store.is_current()


def test_stored_articles_lose_bidirectional_controls_and_their_words_are_found_again(store: Store) -> None:
    outlet = Outlet(f"{RLO}CBB{PDF}", "cbb.example")
    article = replace(
        article_from("https://cbb.example/a", outlet, 0, since=WHEN),
        title=f"Invoice {RLO}gpj.exe{PDF} sent",
        text=f"The in{RLI}voice was paid.\n\n{RLO}\n\nIt came  {PDF} late.",
        html=f"<p>The in{RLI}voice was paid.</p><p dir='rtl'>{RLO}eht</p>",
        byline=f"Ann {RLO}eeL",
        standfirst=f"{RLI}What the invoice held.{PDI}",
    )
    article_id, story_id = place_article(store, article)
    hebrew = replace(article_from("https://cbb.example/b", outlet, 1, since=WHEN), title=HEBREW)
    hebrew_id, _ = place_article(store, hebrew)
    for each in (article_id, hebrew_id):
        _scanned(store, each)
    old_hash = str(_row(store, article_id)["hash"])
    untouched = _row(store, hebrew_id)

    _migrated_again(store)

    after = _row(store, article_id)
    assert after["title"] == "Invoice gpj.exe sent"
    assert after["text"] == "The invoice was paid.\n\nIt came late."
    assert after["html"] == "<p>The invoice was paid.</p><p dir='rtl'>eht</p>"
    assert _one(store, "SELECT byline FROM articles WHERE id = :id", id=article_id) == "Ann eeL"
    assert (
        _one(store, "SELECT standfirst FROM articles WHERE id = :id", id=article_id)
        == "What the invoice held."
    )
    new_hash = content_hash(f"{after['title']}\n{after['text']}")
    assert after["hash"] == after["fingerprint"] == new_hash != old_hash
    assert after["features"] == old_hash  # stale: made again from the new words
    assert after["scans"] == 0  # its entities are read again
    assert _one(store, "SELECT headline FROM stories WHERE id = :id", id=story_id) == "Invoice gpj.exe sent"
    assert [hit.article_id for hit in store.search("invoice paid")] == [article_id]
    assert _one(store, "SELECT name FROM outlets WHERE key = 'cbb.example'") == "CBB"
    # Hebrew keeps its right-to-left mark; its row is not touched.
    assert _row(store, hebrew_id) == untouched
    assert untouched["title"] == HEBREW


def test_names_titles_headlines_entities_and_summaries_lose_them(store: Store) -> None:
    named = replace(
        article_from("https://a.example/1", Outlet(f"{RLO}SPA", None), 0, since=WHEN), title="Report"
    )
    article_id, story_id = place_article(store, named)
    other = article_from("https://a.example/2", Outlet("APS", None), 1, since=WHEN)
    place_article(store, other)
    taken = article_from("https://a.example/3", Outlet(f"AP{RLO}S", None), 2, since=WHEN)
    taken_id, _ = place_article(store, taken)
    hebrew_outlet = article_from("https://a.example/4", Outlet(f"הארץ{RLM}", None), 3, since=WHEN)
    hebrew_outlet_id, _ = place_article(store, hebrew_outlet)
    store.record_entities(
        article_id, [Entity(f"{RLO}nna", f"{RLO}nnA", "person", 2)], analyser="test", now=WHEN
    )
    subscribed = store.subscribe(
        "https://feed.example/rss", kind="feed", now=WHEN, folder=f"{RLI}News{PDI}", title=f"{RLO}CBB"
    )
    with store.writing() as connection:
        source_id = subscribed.source.source_id
        connection.execute(
            text("UPDATE sources SET title = :title WHERE id = :id"),
            {"title": f"{RLO}CBB{PDF}", "id": source_id},
        )
        connection.execute(
            text(
                "INSERT INTO source_items (source_id, item_key, seen_at, page_url, page_title) "
                "VALUES (:id, 'k1', :at, 'https://feed.example/1', :title)"
            ),
            {"id": source_id, "at": WHEN, "title": f"Flood {RLO}sdoolf"},
        )
        connection.execute(
            text("UPDATE stories SET headline = :headline, headline_article_id = NULL WHERE id = :id"),
            {"headline": f"{RLO}Storm", "id": story_id},
        )
        body = json.dumps({"sentences": [[f"{RLO}A quote.", [[article_id, "SPA"]]]]})
        connection.execute(
            text(
                "INSERT INTO story_summaries (story_id, fingerprint, computed_at, body) "
                "VALUES (:id, 'f', :at, :body)"
            ),
            {"id": story_id, "at": WHEN, "body": body},
        )

    _migrated_again(store)

    with store.reading() as connection:
        rows = connection.execute(
            text("SELECT a.id, o.key, o.name FROM articles a JOIN outlets o ON o.id = a.outlet_id")
        )
        outlets = {int(row.id): (row.key, row.name) for row in rows}
    assert outlets[article_id] == ("spa", "SPA")  # keyed by its name: the new name's key is free
    assert outlets[taken_id] == (f"ap{RLO}s", "APS")  # "aps" is another outlet's: its key stays
    assert outlets[hebrew_outlet_id] == (f"הארץ{RLM}", f"הארץ{RLM}")
    assert _one(store, "SELECT title FROM sources WHERE id = :id", id=source_id) == "CBB"
    assert _one(store, "SELECT title FROM subscriptions WHERE source_id = :id", id=source_id) == "CBB"
    assert _one(store, "SELECT folder FROM subscriptions WHERE source_id = :id", id=source_id) == "News"
    assert (
        _one(store, "SELECT page_title FROM source_items WHERE source_id = :id", id=source_id)
        == "Flood sdoolf"
    )
    assert _one(store, "SELECT headline FROM stories WHERE id = :id", id=story_id) == "Storm"
    assert _one(store, "SELECT count(*) FROM article_entities WHERE article_id = :id", id=article_id) == 0
    assert _one(store, "SELECT count(*) FROM entity_scans WHERE article_id = :id", id=article_id) == 0
    assert _one(store, "SELECT count(*) FROM story_summaries") == 0
