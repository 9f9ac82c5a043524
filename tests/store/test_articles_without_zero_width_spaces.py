"""Migration 0035 rewrites stored articles without zero-width spaces and U+FEFF (but zero-width
spaces between the words of a script written without spaces), on SQLite and PostgreSQL: their
words are found by search again, their content hash is the running one, and what was made from the
old words is made again, as after 0033. Articles stored before extraction left them out
(2026-12-07) are set up here by storing such an article directly and stamping the store at 0034.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import text

from tests.store.placing import article_from, place_article
from tests.store.test_articles_without_soft_hyphens import _row, _scanned
from tidings.model import Article, Outlet, content_hash
from tidings.store import Store, migrate

WHEN = datetime(2026, 12, 1, 8, tzinfo=UTC)
ZWSP = "\u200b"
THAI = f"ข่าว{ZWSP}วันนี้"


def _spaced(outlet: Outlet) -> Article:
    article = article_from("https://zeitung.example/a", outlet, 0, since=WHEN)
    return replace(
        article,
        title=f"Verfassungs{ZWSP}gericht urteilt",
        text=(
            f"Das Verfassungs{ZWSP}gericht urteilt im Mai.\n\n{ZWSP}\n\n"
            f"Ein Satz {ZWSP} mit\ufeff Lücke. {THAI}"
        ),
        html=f"<p>Das Verfassungs{ZWSP}gericht urteilt im Mai.</p>",
        standfirst=f"\ufeffWas das Ge{ZWSP}richt prüft.",
    )


def _as_stored_before(store: Store, article_id: int) -> str:
    """The content hash a row kept before ``content_hash`` read through them: of split words."""
    before = _row(store, article_id)
    old_hash = content_hash(f"{before['title']}\n{before['text']}".replace(ZWSP, " ").replace("\ufeff", " "))
    with store.writing() as connection:
        connection.execute(
            text("UPDATE articles SET content_hash = :old WHERE id = :id"),
            {"old": old_hash, "id": article_id},
        )
        connection.execute(
            text("UPDATE article_fingerprints SET content_hash = :old WHERE article_id = :id"),
            {"old": old_hash, "id": article_id},
        )
    return old_hash


def _standfirst(store: Store, article_id: int) -> str | None:
    with store.reading() as connection:
        found = connection.execute(text("SELECT standfirst FROM articles WHERE id = :id"), {"id": article_id})
        return found.scalar_one()  # type: ignore[no-any-return]


def test_stored_articles_lose_zero_width_spaces_and_their_words_are_found_again(store: Store) -> None:
    outlet = Outlet("Zeitung", "zeitung.example")
    spaced_id, _ = place_article(store, _spaced(outlet))
    plain_id, _ = place_article(store, article_from("https://zeitung.example/b", outlet, 1, since=WHEN))
    thai = replace(article_from("https://zeitung.example/c", outlet, 2, since=WHEN), title=THAI)
    thai_id, _ = place_article(store, thai)
    for article_id in (spaced_id, plain_id, thai_id):
        _scanned(store, article_id)
    before = _row(store, spaced_id)
    untouched = {article_id: _row(store, article_id) for article_id in (plain_id, thai_id)}
    old_hash = _as_stored_before(store, spaced_id)
    assert not store.search("verfassungsgericht")

    migrate.run_migrations(store.engine, command.downgrade, "0035-1")
    store.migrate()
    assert store.is_current()

    after = _row(store, spaced_id)
    assert after["title"] == "Verfassungsgericht urteilt"
    assert after["text"] == f"Das Verfassungsgericht urteilt im Mai.\n\nEin Satz mit Lücke. {THAI}"
    assert _standfirst(store, spaced_id) == "Was das Gericht prüft."
    assert after["html"] == before["html"]  # the display keeps them, where they do their job
    new_hash = content_hash(f"{after['title']}\n{after['text']}")
    assert after["hash"] == after["fingerprint"] == new_hash != old_hash
    assert after["features"] == old_hash  # stale: made again from the new words
    assert after["scans"] == 0  # its entities are read again
    assert [hit.article_id for hit in store.search("verfassungsgericht")] == [spaced_id]
    # Neither an article without them nor one whose only ones part Thai words is touched.
    assert {article_id: _row(store, article_id) for article_id in (plain_id, thai_id)} == untouched


def test_an_article_whose_words_stay_the_same_keeps_what_was_made_from_them(store: Store) -> None:
    # A zero-width space beside a space, or in a standfirst alone: no word changes.
    article = replace(
        article_from("https://zeitung.example/d", Outlet("Zeitung", "zeitung.example"), 3, since=WHEN),
        standfirst=f"Was das Ge{ZWSP}richt prüft.",
    )
    article = replace(article, text=f"{article.text} {ZWSP}")
    article_id, _ = place_article(store, article)
    _scanned(store, article_id)
    before = _row(store, article_id)
    migrate.run_migrations(store.engine, command.downgrade, "0035-1")
    store.migrate()
    assert _row(store, article_id) == {**before, "text": article.text.removesuffix(f" {ZWSP}")}
    assert _standfirst(store, article_id) == "Was das Gericht prüft."
