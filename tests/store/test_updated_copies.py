"""A stored article's copy record follows its words when its page is updated, on SQLite and
PostgreSQL: the updated article stays in its story, but is a copy only of writing it still repeats.

Review 2026-12-08: a site's page that first carried another outlet's writing (stored as its copy)
was added again with the site's own report under the same headline and date; the article took the
new words (``update_page``, "updated") and was described again, but kept its ``copy_of``, so the
story page and ``tidings story`` said the other outlet's writing was "also published by" it. The
pages are built in the tests (``tests/store/pages.py``) from the seed pair's two texts, two pieces
of writing on one event."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.cluster.support import NTD_TITLE, WHEN, ntd, static_embedder, tribune
from tests.store.pages import site_page
from tidings.cluster import ClusterPolicy
from tidings.model import Added, AlreadyHad, CopyOrigin, RawDocument
from tidings.pipeline import ingest_documents
from tidings.store import Store
from tidings.store.schema import story_outlets
from tidings.stories import StoryDesk

SITES = {
    "ottawa": ("ottawacitizen.com", "Ottawa Citizen", 0),
    "calgary": ("calgaryherald.com", "Calgary Herald", 1),
    "edmonton": ("edmontonjournal.com", "Edmonton Journal", 2),
}
NOW = WHEN + timedelta(days=60)


def _page(name: str, body: str) -> RawDocument:
    """Site ``name``'s page on the event, at its one address, headline and date, saying ``body``."""
    domain, site, days = SITES[name]
    return site_page(f"https://{domain}/news/putin", site, NTD_TITLE, body, published=WHEN + timedelta(days))


def _desk(store: Store, folder: Path) -> StoryDesk:
    return StoryDesk(
        store, embedder=static_embedder(), index_path=folder / "index.usearch", policy=ClusterPolicy()
    )


def _ingest(store: Store, desk: StoryDesk, page: RawDocument) -> int:
    [outcome] = ingest_documents([page], store, now=NOW, stories=desk)
    assert isinstance(outcome.outcome, Added | AlreadyHad)
    return outcome.outcome.article_id


def _update(store: Store, desk: StoryDesk, page: RawDocument) -> int:
    """Add a stored page again with other words, as ``tidings add`` does: the article takes them."""
    [outcome] = ingest_documents([page], store, now=NOW, stories=desk)
    assert isinstance(outcome.outcome, AlreadyHad)
    assert outcome.outcome.updated
    return outcome.outcome.article_id


def _records(store: Store, story_id: int) -> dict[str, tuple[str | None, CopyOrigin | None]]:
    """Each member's outlet, with the outlet of its original and its origin (None, None: original)."""
    detail = store.get_story(story_id)
    assert detail is not None
    outlet_of = {member.article.article_id: member.article.article.outlet.name for member in detail.members}
    return {
        member.article.article.outlet.name: (
            outlet_of.get(member.copy.original_id, f"#{member.copy.original_id}")
            if member.copy is not None
            else None,
            member.copy.origin if member.copy is not None else None,
        )
        for member in detail.members
    }


def _copy_counts(store: Store, story_id: int) -> list[int]:
    with store.reading() as connection:
        return sorted(
            connection.execute(
                select(story_outlets.c.copy_count).where(story_outlets.c.story_id == story_id)
            ).scalars()
        )


def _republished_by(store: Store, story_id: int) -> dict[str, list[str]]:
    """What the story page says under each writing: "also published by" these outlets."""
    detail = store.get_story(story_id)
    assert detail is not None
    return {
        writing.member.article.article.outlet.name: sorted(
            copy.article.article.outlet.name for copy in writing.republications
        )
        for writing in detail.writings()
    }


def _copies(desk: StoryDesk, article_ids: list[int]) -> set[int]:
    """Those of ``article_ids`` the desk's memory holds as copies."""
    return {article_id for article_id in article_ids if desk.book.is_copy(article_id)}


def test_a_copy_whose_page_now_says_its_own_words_is_no_copy_but_stays_in_its_story(
    store: Store, tmp_path: Path
) -> None:
    desk = _desk(store, tmp_path / "desk")
    ottawa = _ingest(store, desk, _page("ottawa", ntd().text))
    calgary = _ingest(store, desk, _page("calgary", ntd().text))
    story_id = store.story_places([ottawa])[ottawa].story_id
    assert store.story_places([calgary])[calgary].story_id == story_id
    serving = _desk(store, tmp_path / "serving")  # another process's memory, read before the update
    assert _copies(serving, [ottawa, calgary]) == {calgary}
    assert _records(store, story_id)["Calgary Herald"][0] == "Ottawa Citizen"

    assert _update(store, desk, _page("calgary", tribune().text)) == calgary
    assert store.story_places([calgary])[calgary].story_id == story_id  # never moved
    assert _records(store, story_id) == {"Ottawa Citizen": (None, None), "Calgary Herald": (None, None)}
    assert _republished_by(store, story_id) == {"Ottawa Citizen": [], "Calgary Herald": []}
    [story] = store.get_stories([story_id])
    assert (story.counted_outlets, _copy_counts(store, story_id)) == (2, [0, 0])
    # This memory, one rebuilt from the store (a restart), and one catching up all agree.
    assert serving.describe_again([ottawa], now=NOW) == 1  # its turn: it catches up first
    for memory in (desk, _desk(store, tmp_path / "restart"), serving):
        assert _copies(memory, [ottawa, calgary]) == set()


def test_an_original_whose_page_now_says_other_words_leaves_its_copies_a_new_original(
    store: Store, tmp_path: Path
) -> None:
    desk = _desk(store, tmp_path / "desk")
    ottawa = _ingest(store, desk, _page("ottawa", ntd().text))
    calgary = _ingest(store, desk, _page("calgary", ntd().text))
    edmonton = _ingest(store, desk, _page("edmonton", ntd().text))
    story_id = store.story_places([ottawa])[ottawa].story_id

    _update(store, desk, _page("ottawa", tribune().text))
    calgary_first = CopyOrigin(outlet="Calgary Herald", evidence="earliest")
    assert _records(store, story_id) == {
        "Ottawa Citizen": (None, None),
        "Calgary Herald": (None, None),
        "Edmonton Journal": ("Calgary Herald", calgary_first),
    }
    assert _republished_by(store, story_id) == {
        "Ottawa Citizen": [],
        "Calgary Herald": ["Edmonton Journal"],
    }
    assert _copy_counts(store, story_id) == [0, 0, 1]
    for memory in (desk, _desk(store, tmp_path / "restart")):
        assert _copies(memory, [ottawa, calgary, edmonton]) == {edmonton}


@pytest.mark.parametrize("earlier", [True, False], ids=["now-the-original", "now-a-copy"])
def test_a_page_that_now_says_another_outlet_s_stored_words_is_in_their_writing(
    store: Store, tmp_path: Path, earlier: bool
) -> None:
    """Its page now carries writing stored from another outlet: it is a copy of it, or, published
    before it, its original (the other the copy), whichever story each is in."""
    desk = _desk(store, tmp_path / "desk")
    first, second = ("calgary", "edmonton") if earlier else ("edmonton", "calgary")
    _ingest(store, desk, _page(first, tribune().text))
    other = _ingest(store, desk, _page(second, ntd().text))
    updated = _update(store, desk, _page(first, ntd().text))
    site = {name: SITES[name][1] for name in (first, second)}
    by_date = CopyOrigin(outlet="Calgary Herald", evidence="earliest")
    copy_name, original_name = (second, first) if earlier else (first, second)
    records = {
        name: record
        for article_id in (updated, other)
        for name, record in _records(store, store.story_places([article_id])[article_id].story_id).items()
    }
    assert records[site[original_name]] == (None, None)
    assert records[site[copy_name]] == (site[original_name], by_date)
    assert _copies(desk, [updated, other]) == {other if earlier else updated}
