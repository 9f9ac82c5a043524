"""``Tidings.entity_key`` and ``entity_stories``: an entity asked for by its kept key (as entity
links carry it) or by name finds it, on SQLite and PostgreSQL.

Only people's names lose their titles when entities are kept, so an organisation or a place
whose name holds a word that is a title before a person's name ("General", "Justice", "of",
"St", "National", "Supreme") is kept, and must be found, under every word of it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.store.placing import WHEN, Desk
from tidings.config import Settings
from tidings.core import Tidings
from tidings.model import Entity
from tidings.store import Store

# Kept as the entity reader keeps them: organisations and places whole, people without titles.
WHOLE_NAMES = (
    Entity("general motors", "General Motors", "organization", 3),
    Entity("justice department", "Justice Department", "organization", 2),
    Entity("bank of japan", "Bank of Japan", "organization", 2),
    Entity("national assembly", "National Assembly", "organization", 1),
    Entity("supreme court", "Supreme Court", "organization", 1),
    Entity("st louis", "St. Louis", "place", 1),
)
# What the old lookup, which stripped titles from every name, found instead.
SHORTENED = (
    Entity("japan", "Japan", "place", 4),
    Entity("court", "Court", "organization", 1),
    Entity("department", "Department", "organization", 1),
)


@dataclass(frozen=True)
class Stories:
    whole: int
    shortened: int
    putin: int
    putin_by_surname: int


@pytest.fixture
def stories(store: Store) -> Stories:
    desk = Desk(store)
    whole_article, whole = desk.place("wire", 0, title="Carmaker recall reaches the courts")
    shortened_article, shortened = desk.place("paper", 1, title="Japan's courts and departments")
    full_name_article, putin = desk.place("radio", 2, title="Putin visits Minsk")
    surname_article, by_surname = desk.place("tv", 3, title="Kremlin replies")
    store.record_entities(whole_article, WHOLE_NAMES, analyser="test", now=WHEN)
    store.record_entities(shortened_article, SHORTENED, analyser="test", now=WHEN)
    putin_entity = Entity("vladimir putin", "Vladimir Putin", "person", 4)
    store.record_entities(full_name_article, [putin_entity], analyser="test", now=WHEN)
    store.record_entities(surname_article, [Entity("putin", "Putin", "person", 1)], analyser="test", now=WHEN)
    return Stories(whole=whole, shortened=shortened, putin=putin, putin_by_surname=by_surname)


@pytest.fixture
def tidings(store: Store, settings: Settings) -> Tidings:
    return Tidings(settings, store=store)


def _story_ids(tidings: Tidings, name: str) -> set[int]:
    return {hit.story.story_id for hit in tidings.entity_stories(name)}


@pytest.mark.parametrize("entity", WHOLE_NAMES, ids=lambda entity: entity.key)
def test_an_organisation_or_place_is_found_by_its_kept_key_and_its_name(
    tidings: Tidings, stories: Stories, entity: Entity
) -> None:
    assert tidings.entity_key(entity.key) == entity.key
    assert tidings.entity_key(entity.name) == entity.key
    assert _story_ids(tidings, entity.key) == {stories.whole}
    assert _story_ids(tidings, entity.name) == {stories.whole}
    assert _story_ids(tidings, f"The {entity.name}") == {stories.whole}


@pytest.mark.parametrize("name", ["Putin", "President Putin", "Vladimir Putin", "President Vladimir  Putin"])
def test_a_person_is_found_by_name_with_or_without_titles(
    tidings: Tidings, stories: Stories, name: str
) -> None:
    assert _story_ids(tidings, name) == {stories.putin, stories.putin_by_surname}


def test_a_person_asked_for_with_titles_is_echoed_under_the_kept_key(
    tidings: Tidings, stories: Stories
) -> None:
    assert tidings.entity_key("President Putin") == "putin"
    assert tidings.entity_key("President Vladimir Putin") == "vladimir putin"
    assert tidings.entity_key("vladimir putin") == "vladimir putin"


def test_titles_are_stripped_only_to_find_a_person(tidings: Tidings, stories: Stories) -> None:
    # "Prime", "Minister" and "of" are titles, but Japan is a place, not a person so named.
    assert tidings.entity_key("Prime Minister of Japan") == "prime minister of japan"
    assert tidings.entity_stories("Prime Minister of Japan") == []
    assert tidings.entity_stories("General Electric") == []
    assert _story_ids(tidings, "Japan") == {stories.shortened}


# A person kept under full names, beside rows a model misfiled: the person's name with a title kept
# whole as an organisation, and a place and a person sharing the person's surname.
@dataclass(frozen=True)
class TitledStories:
    biden: int
    misfiled_biden: int
    jackson_the_justice: int
    jackson_the_city: int
    louis_the_boxer: int
    st_louis: int


@pytest.fixture
def titled(store: Store) -> TitledStories:
    desk = Desk(store)
    placed = {
        name: desk.place(outlet, hour, title=title)
        for name, outlet, hour, title in (
            ("biden", "wire", 0, "Biden signs the budget"),
            ("misfiled", "paper", 1, "Statement from the White House"),
            ("justice", "radio", 2, "Court rules on the appeal"),
            ("city", "tv", 3, "Storm floods Mississippi capital"),
            ("boxer", "sport", 4, "A champion remembered"),
            ("st louis", "local", 5, "Arch reopens"),
        )
    }
    kept = {
        "biden": [Entity("joe biden", "Joe Biden", "person", 3)],
        "misfiled": [Entity("president biden", "President Biden", "organization", 2)],
        "justice": [Entity("ketanji brown jackson", "Ketanji Brown Jackson", "person", 2)],
        "city": [Entity("jackson", "Jackson", "place", 3)],
        "boxer": [Entity("joe louis", "Joe Louis", "person", 2)],
        "st louis": [Entity("st louis", "St. Louis", "place", 2)],
    }
    for name, entities in kept.items():
        store.record_entities(placed[name][0], entities, analyser="test", now=WHEN)
    return TitledStories(
        biden=placed["biden"][1],
        misfiled_biden=placed["misfiled"][1],
        jackson_the_justice=placed["justice"][1],
        jackson_the_city=placed["city"][1],
        louis_the_boxer=placed["boxer"][1],
        st_louis=placed["st louis"][1],
    )


@pytest.mark.parametrize("name", ["President Biden", "president biden"])
def test_a_titled_person_is_found_though_the_titled_name_was_kept_as_an_organisation(
    tidings: Tidings, titled: TitledStories, name: str
) -> None:
    # Before: the organisation "president biden" alone, not one story of the person Joe Biden.
    assert tidings.entity_key(name) == "biden"
    assert _story_ids(tidings, name) == {titled.biden, titled.misfiled_biden}
    assert _story_ids(tidings, "Former President Biden") == {titled.biden}


def test_a_titled_person_lists_no_place_of_the_same_name(tidings: Tidings, titled: TitledStories) -> None:
    # Before: "Justice Jackson" also listed the stories of Jackson, Mississippi.
    assert _story_ids(tidings, "Justice Jackson") == {titled.jackson_the_justice}
    hits = tidings.entity_stories("Justice Jackson")
    assert [hit.kind for hit in hits] == ["person"]
    # Asked for without a title, "Jackson" is either.
    assert _story_ids(tidings, "Jackson") == {titled.jackson_the_justice, titled.jackson_the_city}


def test_a_place_whose_name_opens_with_a_title_stays_the_place(
    tidings: Tidings, titled: TitledStories
) -> None:
    # "St" is a title before a person's name, but no personal one: St. Louis is not Joe Louis.
    assert tidings.entity_key("St. Louis") == "st louis"
    assert _story_ids(tidings, "St. Louis") == {titled.st_louis}
    assert _story_ids(tidings, "Louis") == {titled.louis_the_boxer}


def test_a_brand_that_opens_with_an_honorific_stays_the_brand(store: Store, tidings: Tidings) -> None:
    # "Dr" and "Vice" open people's names and brands alike: Dr Pepper is not the senator Pepper,
    # Vice Media not the reporter Sam Media.
    desk = Desk(store)
    kept = {
        "Senator remembered": [Entity("claude pepper", "Claude Pepper", "person", 2)],
        "Soda maker reports sales": [Entity("dr pepper", "Dr Pepper", "organization", 2)],
        "Media company cuts jobs": [Entity("vice media", "Vice Media", "organization", 2)],
        "Reporter wins award": [Entity("sam media", "Sam Media", "person", 2)],
    }
    story_of = {}
    for hour, (title, entities) in enumerate(kept.items()):
        article_id, story_id = desk.place(f"outlet-{hour}", hour, title=title)
        store.record_entities(article_id, entities, analyser="test", now=WHEN)
        story_of[title] = story_id
    assert tidings.entity_key("Dr Pepper") == "dr pepper"
    assert _story_ids(tidings, "Dr Pepper") == {story_of["Soda maker reports sales"]}
    assert _story_ids(tidings, "Vice Media") == {story_of["Media company cuts jobs"]}
