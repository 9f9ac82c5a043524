"""Migration 0039 keeps people's names without the possessive the entity model took into them from
title-case headlines, on SQLite and PostgreSQL; a company's name ending so keeps it. Entities kept
before (2026-12-07) are set up by writing the rows the entity reader wrote then and stamping the
store at 0038."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import text

from tests.store.placing import article_from, place_article
from tidings.model import Outlet
from tidings.store import Store, migrate

WHEN = datetime(2014, 3, 10, 8, tzinfo=UTC)
KEPT = [
    ("grant gustin", "Grant Gustin's", "person", "gustin"),
    ("barack obama", "BARACK OBAMA\u2019S", "person", "obama"),
    ("mcdonald", "McDonald's", "organization", "mcdonald"),
    ("shaquille o'neal", "Shaquille O'Neal", "person", "o'neal"),
]


def _names(store: Store, article_id: int) -> dict[str, str]:
    with store.reading() as connection:
        rows = connection.execute(
            text("SELECT entity_key, name FROM article_entities WHERE article_id = :id"), {"id": article_id}
        )
        return {str(row.entity_key): str(row.name) for row in rows}


def test_kept_people_lose_a_possessive_and_companies_keep_theirs(store: Store) -> None:
    article_id, _ = place_article(
        store,
        article_from("https://variety.example/flash", Outlet("Variety", "variety.example"), 1, since=WHEN),
    )
    with store.writing() as connection:
        for key, name, kind, last_word in KEPT:
            connection.execute(
                text(
                    "INSERT INTO article_entities (article_id, entity_key, name, kind, mentions, last_word) "
                    "VALUES (:id, :key, :name, :kind, 1, :last_word)"
                ),
                {"id": article_id, "key": key, "name": name, "kind": kind, "last_word": last_word},
            )

    migrate.run_migrations(store.engine, command.downgrade, "0039-1")
    store.migrate()
    assert store.is_current()

    expected = {
        "grant gustin": "Grant Gustin",
        "barack obama": "BARACK OBAMA",
        "mcdonald": "McDonald's",
        "shaquille o'neal": "Shaquille O'Neal",
    }
    assert _names(store, article_id) == expected
    migrate.run_migrations(store.engine, command.downgrade, "0039-1")
    store.migrate()
    assert _names(store, article_id) == expected
