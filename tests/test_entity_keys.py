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
