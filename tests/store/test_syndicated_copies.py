"""A syndicated copy and its original are two stored articles, each filed under its own outlet, on
SQLite and PostgreSQL. Audit 2026-12-06: the Star's copy of a Reuters story (its canonical link on
reuters.com) was stored under the Reuters address, so the original was refused as "already stored
(same URL)", and reuters.com was filed under the name "The Star", which then named a later,
unrelated Reuters page. The pages are authored in the shape of the audit's inputs
(``tests/fixtures/extract/authored/syndication/``)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.cluster.support import static_embedder
from tests.conftest import FIXTURES
from tidings.cluster import ClusterPolicy
from tidings.extract import extract
from tidings.model import Added, AlreadyHad, Article, CopyOrigin, DocumentHints, Provenance, RawDocument
from tidings.pipeline import ingest_documents
from tidings.store import Store
from tidings.stories import StoryDesk

PAGES = FIXTURES / "extract" / "authored" / "syndication"
NOW = datetime(2024, 3, 1, tzinfo=UTC)
WIRE = ("Harbour Wire", "harbourwire.com")


def _saved_page(name: str) -> Article:
    """A page saved to a file, extracted as ``tidings add`` reads it."""
    return extract(_page_document(name))


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


# -- the copy's canonical link is its origin, read back from the store ----------------------------

BEACON_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kessel bridge reopens | The Beacon</title>
<meta property="og:site_name" content="The Beacon"><meta property="og:title" content="Kessel bridge reopens">
<meta property="article:published_time" content="2024-01-16T08:00:00Z">
</head><body>{article}</body></html>"""
CANONICAL = CopyOrigin(outlet="harbourwire.com", evidence="canonical_link")


def _beacon_copy() -> RawDocument:
    """The wire's writing republished a day after the Lantern by a site that names no canonical
    link (so the only canonical-link evidence of the writing is the Lantern's, as stored)."""
    original = (PAGES / "harbour-wire-original.html").read_text(encoding="utf-8")
    article = original[original.index("<article>") : original.index("</article>") + len("</article>")]
    url = "https://www.thebeacon.com/2024/01/16/kessel-bridge"
    return RawDocument(
        provenance=Provenance(kind="url", locator=url),
        body=BEACON_PAGE.format(article=article),
        media_type="text/html",
        url=url,
        fetched_at=NOW,
        hints=DocumentHints(),
    )


def _page_document(name: str) -> RawDocument:
    """A page saved to a file, as ``tidings add`` reads it."""
    path = PAGES / f"{name}.html"
    return RawDocument(
        provenance=Provenance(kind="file", locator=str(path)),
        body=path.read_text(encoding="utf-8"),
        media_type="text/html",
        url=None,
        fetched_at=NOW,
        hints=DocumentHints(),
    )


def _desk(store: Store, folder: Path) -> StoryDesk:
    return StoryDesk(
        store, embedder=static_embedder(), index_path=folder / "index.usearch", policy=ClusterPolicy()
    )


def _ingest_in_a_process_of_its_own(database_url: str, folder: Path, document: RawDocument) -> int:
    """``tidings add`` of one page: a store and a story desk of its own on the one database, so
    that everything it knows of the stored articles is read from the database."""
    opened = Store.open(database_url)
    try:
        [outcome] = ingest_documents([document], opened, now=NOW, stories=_desk(opened, folder))
    finally:
        opened.close()
    assert isinstance(outcome.outcome, Added)
    return outcome.outcome.article_id


def _copy_records(store: Store, article_id: int) -> dict[str, tuple[str | None, CopyOrigin | None]]:
    """Each member of the article's story: its outlet, its original's outlet and its origin."""
    story_id = store.story_places([article_id])[article_id].story_id
    members = store.get_story(story_id).members
    outlet_of = {member.article.article_id: member.article.article.outlet.name for member in members}
    return {
        member.article.article.outlet.name: (
            outlet_of[member.copy.original_id] if member.copy is not None else None,
            member.copy.origin if member.copy is not None else None,
        )
        for member in members
    }


@pytest.mark.parametrize("copy_first", [True, False], ids=["copy-first", "original-first"])
def test_a_stored_copys_canonical_link_names_the_writings_origin_in_every_later_process(
    store: Store, database_url: str, tmp_path: Path, copy_first: bool
) -> None:
    """Audit 2026-12-06 (The Star's copy of a Reuters page, added before the original): the copy's
    canonical link was not stored, so when the original came, the writing was decided again from
    the stored copy by its own address (thelantern.com, no evidence) and the origin read "the
    earliest" (Harbour Wire); a third copy placed later, by another process, rewrote every
    record so. The link the copy names is kept with its fingerprint and read back each time."""
    pair = ["lantern-copy", "harbour-wire-original"]
    for name in pair if copy_first else pair[::-1]:
        _ingest_in_a_process_of_its_own(database_url, tmp_path / name, _page_document(name))
    beacon = _ingest_in_a_process_of_its_own(database_url, tmp_path / "beacon", _beacon_copy())
    assert _copy_records(store, beacon) == {
        "Harbour Wire": (None, None),
        "The Lantern": ("Harbour Wire", CANONICAL),
        "The Beacon": ("Harbour Wire", CANONICAL),
    }


def test_a_copy_described_again_keeps_the_canonical_link_it_was_stored_with(
    store: Store, database_url: str, tmp_path: Path
) -> None:
    """Describing an article again (a teaser completed, a correction) makes its fingerprint from
    the stored article, which does not keep the page's canonical link: the fingerprint keeps the
    one it had."""
    copy, original = _page_document("lantern-copy"), _page_document("harbour-wire-original")
    lantern = _ingest_in_a_process_of_its_own(database_url, tmp_path / "copy", copy)
    assert _desk(store, tmp_path / "again").describe_again([lantern], now=NOW) == 1
    _ingest_in_a_process_of_its_own(database_url, tmp_path / "original", original)
    assert _copy_records(store, lantern) == {
        "Harbour Wire": (None, None),
        "The Lantern": ("Harbour Wire", CANONICAL),
    }
