"""Migration 0033 rewrites stored articles without soft hyphens and word joiners, on SQLite and
PostgreSQL: their words are found by search again, their content hash is the running one, and
what was made from the old words (clustering features, entities) is made again, as after a
correction. Articles stored before extraction left them out (2026-12-07) are set up here by
storing such an article directly and stamping the store at 0028.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import text

from tests.store.placing import article_from, place_article
from tidings.model import Article, Outlet, content_hash
from tidings.store import Store, migrate

WHEN = datetime(2026, 12, 1, 8, tzinfo=UTC)
SHY = "\u00ad"
JOINER = "\u2060"


def _hyphenated(outlet: Outlet) -> Article:
    article = article_from("https://zeitung.example/a", outlet, 0, since=WHEN)
    return replace(
        article,
        title=f"Auto{SHY}nome Busse fahren",
        text=f"Die auto{SHY}nomen Busse fahren ab Mai. Ein Satz \u00ad mit{JOINER} Lücke.",
        html=f"<p>Die auto{SHY}nomen Busse fahren ab Mai.</p>",
    )


def _row(store: Store, article_id: int) -> dict[str, object]:
    with store.reading() as connection:
        article = connection.execute(
            text("SELECT title, text, html, content_hash FROM articles WHERE id = :id"), {"id": article_id}
        ).one()
        fingerprint = connection.execute(
            text("SELECT content_hash FROM article_fingerprints WHERE article_id = :id"), {"id": article_id}
        ).scalar_one()
        features = connection.execute(
            text("SELECT text_hash FROM article_features WHERE article_id = :id"), {"id": article_id}
        ).scalar_one()
        scans = connection.execute(
            text("SELECT count(*) FROM entity_scans WHERE article_id = :id"), {"id": article_id}
        ).scalar_one()
    return {
        "title": article.title,
        "text": article.text,
        "html": article.html,
        "hash": article.content_hash,
        "fingerprint": fingerprint,
        "features": features,
        "scans": scans,
    }


def _scanned(store: Store, article_id: int) -> None:
    with store.writing() as connection:
        connection.execute(
            text("INSERT INTO entity_scans (article_id, analyser, scanned_at) VALUES (:id, 'test', :at)"),
            {"id": article_id, "at": WHEN},
        )


def test_stored_articles_lose_soft_hyphens_and_their_words_are_found_again(store: Store) -> None:
    outlet = Outlet("Zeitung", "zeitung.example")
    hyphenated_id, _ = place_article(store, _hyphenated(outlet))
    plain = article_from("https://zeitung.example/b", outlet, 1, since=WHEN)
    plain_id, _ = place_article(store, plain)
    for article_id in (hyphenated_id, plain_id):
        _scanned(store, article_id)
    before = _row(store, hyphenated_id)
    plain_before = _row(store, plain_id)
    with store.writing() as connection:  # as stored before content_hash ignored the hints
        old_hash = content_hash(
            str(before["title"]).replace(SHY, " ") + "\n" + str(before["text"]).replace(SHY, " ")
        )
        connection.execute(
            text("UPDATE articles SET content_hash = :old WHERE id = :id"),
            {"old": old_hash, "id": hyphenated_id},
        )
        connection.execute(
            text("UPDATE article_fingerprints SET content_hash = :old WHERE article_id = :id"),
            {"old": old_hash, "id": hyphenated_id},
        )
    assert not store.search("autonomen")

    migrate.run_migrations(store.engine, command.downgrade, "0033-1")
    store.migrate()
    assert store.is_current()

    after = _row(store, hyphenated_id)
    assert after["title"] == "Autonome Busse fahren"
    assert after["text"] == "Die autonomen Busse fahren ab Mai. Ein Satz mit Lücke."
    assert after["html"] == before["html"]  # the display keeps them, where they do their job
    new_hash = content_hash(f"{after['title']}\n{after['text']}")
    assert after["hash"] == after["fingerprint"] == new_hash != old_hash
    assert after["features"] == old_hash  # stale: made again from the new words
    assert after["scans"] == 0  # its entities are read again
    assert [hit.article_id for hit in store.search("autonomen")] == [hyphenated_id]
    assert _row(store, plain_id) == plain_before  # an article without them is not touched


def test_a_title_of_soft_hyphens_alone_is_kept(store: Store) -> None:
    article = replace(_hyphenated(Outlet("Zeitung", "zeitung.example")), title=SHY * 2)
    article_id, _ = place_article(store, article)
    migrate.run_migrations(store.engine, command.downgrade, "0033-1")
    store.migrate()
    assert _row(store, article_id)["title"] == SHY * 2
