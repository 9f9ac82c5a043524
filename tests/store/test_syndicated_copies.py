"""A syndicated copy and its original are two stored articles, each filed under its own outlet, on
SQLite and PostgreSQL. Audit 2026-12-06: the Star's copy of a Reuters story (its canonical link on
reuters.com) was stored under the Reuters address, so the original was refused as "already stored
(same URL)", and reuters.com was filed under the name "The Star", which then named a later,
unrelated Reuters page. The pages are authored in the shape of the audit's inputs
(``tests/fixtures/extract/authored/syndication/``)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import FIXTURES
from tidings.extract import extract
from tidings.model import Added, AlreadyHad, Article, DocumentHints, Provenance, RawDocument
from tidings.store import Store

PAGES = FIXTURES / "extract" / "authored" / "syndication"
NOW = datetime(2024, 3, 1, tzinfo=UTC)
WIRE = ("Harbour Wire", "harbourwire.com")


def _saved_page(name: str) -> Article:
    """A page saved to a file, extracted as ``tidings add`` reads it."""
    path = PAGES / f"{name}.html"
    return extract(
        RawDocument(
            provenance=Provenance(kind="file", locator=str(path)),
            body=path.read_text(encoding="utf-8"),
            media_type="text/html",
            url=None,
            fetched_at=NOW,
            hints=DocumentHints(),
        )
    )


def _outlets(store: Store, ids: list[int]) -> list[tuple[str, str | None]]:
    return [(stored.article.outlet.name, stored.article.outlet.domain) for stored in store.get_articles(ids)]


@pytest.mark.parametrize("copy_first", [True, False], ids=["copy-first", "original-first"])
def test_a_copy_and_its_original_are_both_stored_under_their_own_outlets(
    store: Store, copy_first: bool
) -> None:
    pair = ["lantern-copy", "harbour-wire-original"]
    names = pair if copy_first else pair[::-1]
    outcomes = [store.add_article(_saved_page(name)) for name in names]
    later = store.add_article(_saved_page("harbour-wire-dockers"))
    assert all(isinstance(outcome, Added) for outcome in [*outcomes, later])
    ids = [outcome.article_id for outcome in [*outcomes, later]]
    outlets = {"lantern-copy": ("The Lantern", "thelantern.com"), "harbour-wire-original": WIRE}
    assert _outlets(store, ids) == [*(outlets[name] for name in names), WIRE]
    # Each read again is the one stored, by its own address.
    for name, article_id in zip(names, ids, strict=False):
        assert store.add_article(_saved_page(name)) == AlreadyHad(article_id, via="url")
