"""One piece of writing has one original and one origin in the store, whatever the order its
articles arrive in, and memories restarted or catching up agree with it.

Audit: one writing republished by Ottawa Citizen (05-01), Calgary Herald (05-02) and Edmonton
Journal (05-03), added latest first: the store kept Edmonton Journal, the latest republisher, as
the original (its headline, its outlet the only one counted), and each copy with another origin
("Calgary Herald", "Ottawa Citizen", both "by the earliest date"), frozen as each was placed.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.cluster.support import TRIBUNE_TITLE, WHEN, ntd, static_embedder, tribune
from tests.store.pages import site_page
from tidings.cluster import ClusterPolicy
from tidings.model import Added, CopyOrigin, RawDocument
from tidings.pipeline import ingest_documents
from tidings.store import Store
from tidings.store.schema import story_outlets
from tidings.stories import StoryDesk

SITES = {
    "ottawa": ("ottawacitizen.com", "Ottawa Citizen", "MP pushes gender-neutral O Canada lyrics", 0),
    "calgary": ("calgaryherald.com", "Calgary Herald", "Should O Canada be gender neutral?", 1),
    "edmonton": ("edmontonjournal.com", "Edmonton Journal", "Anthem lyric change debated in Parliament", 2),
    "regina": ("leaderpost.com", "Regina Leader-Post", "O Canada lyrics bill returns", 3),
}
ONE_ORIGIN = CopyOrigin(outlet="Ottawa Citizen", evidence="earliest")


def _republished(name: str) -> RawDocument:
    """The one writing (the NTD seed's words) as one site published it, under its own headline."""
    domain, site, title, days = SITES[name]
    return site_page(
        f"https://{domain}/news/anthem", site, title, ntd().text, published=WHEN + timedelta(days)
    )


def _desk(store: Store, folder: Path) -> StoryDesk:
    return StoryDesk(
        store, embedder=static_embedder(), index_path=folder / "index.usearch", policy=ClusterPolicy()
    )


def _ingest(store: Store, desk: StoryDesk, page: RawDocument) -> int:
    [outcome] = ingest_documents([page], store, now=WHEN + timedelta(days=60), stories=desk)
    assert isinstance(outcome.outcome, Added)
    return outcome.outcome.article_id


def _records(store: Store, story_id: int) -> dict[str, tuple[str | None, CopyOrigin | None]]:
    """Each member's outlet, with the outlet of its original and its origin (None, None: original)."""
    detail = store.get_story(story_id)
    outlet_of = {member.article.article_id: member.article.article.outlet.name for member in detail.members}
    return {
        member.article.article.outlet.name: (
            outlet_of[member.copy.original_id] if member.copy is not None else None,
            member.copy.origin if member.copy is not None else None,
        )
        for member in detail.members
    }


def _assert_ottawa_is_the_original(store: Store, names: list[str]) -> None:
    [story] = store.list_stories()
    assert story.headline == SITES["ottawa"][2]
    assert (story.counted_outlets, story.outlets[: story.counted_outlets]) == (1, ("Ottawa Citizen",))
    expected = {
        SITES[name][1]: (None, None) if name == "ottawa" else ("Ottawa Citizen", ONE_ORIGIN) for name in names
    }
    assert _records(store, story.story_id) == expected
    # The outlet rows agree with the memberships: only Ottawa Citizen has writing of its own.
    with store.reading() as connection:
        rows = connection.execute(
            select(story_outlets.c.copy_count, story_outlets.c.first_original_at).where(
                story_outlets.c.story_id == story.story_id
            )
        ).all()
    assert sorted((row.copy_count, row.first_original_at is not None) for row in rows) == sorted(
        (0, True) if name == "ottawa" else (1, False) for name in names
    )


@pytest.mark.parametrize(
    "order",
    [("edmonton", "calgary", "ottawa"), ("calgary", "ottawa", "edmonton"), ("ottawa", "edmonton", "calgary")],
)
def test_the_earliest_republication_is_the_original_whatever_order_they_are_added_in(
    store: Store, tmp_path: Path, order: tuple[str, ...]
) -> None:
    for name in order:
        # Each in its own process, as `tidings add` one file at a time: a new desk each time.
        _ingest(store, _desk(store, tmp_path / name), _republished(name))
    _assert_ottawa_is_the_original(store, list(order))


def test_a_memory_catching_up_and_one_restarted_keep_the_original_another_process_decided(
    store: Store, database_url: str, tmp_path: Path
) -> None:
    # `tidings serve` placed Edmonton Journal's republication; `tidings add` (another store on the
    # database) adds Calgary Herald's and Ottawa Citizen's, earlier: Ottawa Citizen's is the
    # original now. Serve's memory takes that in before its next placement, which writes its
    # headline: original writing joining the story must not hand the headline back to a copy.
    serve = _desk(store, tmp_path / "serve")
    edmonton = _ingest(store, serve, _republished("edmonton"))
    other_store = Store.open(database_url)
    try:
        add = _desk(other_store, tmp_path / "add")
        _ingest(other_store, add, _republished("calgary"))
        ottawa = _ingest(other_store, add, _republished("ottawa"))
    finally:
        other_store.close()
    page = site_page(
        "https://tribune.example/drills",
        "Tribune",
        TRIBUNE_TITLE,
        tribune().text,
        published=WHEN + timedelta(2),
    )
    writing = _ingest(store, serve, page)
    story_id = store.story_places([edmonton])[edmonton].story_id
    assert store.story_places([writing])[writing].story_id == story_id
    profile = serve.book.story_of(edmonton)
    assert profile is not None
    assert profile.headline_key == ottawa
    assert store.get_story(story_id).story.headline == SITES["ottawa"][2]
    # A restart rebuilds the memory from the store: the copies are copies there too, and a later
    # republication names the same original and origin.
    restarted = _desk(store, tmp_path / "restart")
    rebuilt = restarted.book.story_of(edmonton)
    assert rebuilt is not None
    assert rebuilt.headline_key == ottawa
    _ingest(store, restarted, _republished("regina"))
    detail = store.get_story(story_id)
    assert detail.story.headline == SITES["ottawa"][2]
    records = _records(store, story_id)
    assert records.pop("Tribune") == (None, None)
    assert records == {
        "Ottawa Citizen": (None, None),
        **{SITES[name][1]: ("Ottawa Citizen", ONE_ORIGIN) for name in ("calgary", "edmonton", "regina")},
    }
