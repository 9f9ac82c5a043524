"""Entity pages, the API and the front page's entity filter find an organisation or place by the
key its links carry, though its name holds words that are titles before a person's name
("general motors", "st louis"), and a person by name with titles (real app and store)."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from tests.store.placing import WHEN, Desk
from tidings.model import Entity
from tidings.store import Store

KEPT = (
    Entity("general motors", "General Motors", "organization", 3),
    Entity("bank of japan", "Bank of Japan", "organization", 2),
    Entity("st louis", "St. Louis", "place", 1),
    Entity("national assembly", "National Assembly", "organization", 1),
)
STORY_LINK = re.compile(r'<h3 class="item-title"><a href="/stories/(\d+)"')


@pytest.fixture
def stories(store: Store) -> tuple[int, int, int]:
    """(the story naming ``KEPT``, a story naming Japan and Motors alone, Vladimir Putin's story)."""
    desk = Desk(store)
    named, story = desk.place("wire", 0, title="Carmaker recall reaches the courts")
    shortened, other = desk.place("paper", 1, title="Japan's carmakers")
    person, putin = desk.place("radio", 2, title="Putin visits Minsk")
    store.record_entities(named, KEPT, analyser="test", now=WHEN)
    short = [Entity("japan", "Japan", "place", 2), Entity("motors", "Motors", "organization", 1)]
    store.record_entities(shortened, short, analyser="test", now=WHEN)
    store.record_entities(
        person, [Entity("vladimir putin", "Vladimir Putin", "person", 4)], analyser="test", now=WHEN
    )
    return story, other, putin


@pytest.mark.parametrize("entity", KEPT, ids=lambda entity: entity.key)
def test_an_entity_link_finds_its_entity(
    client: TestClient, stories: tuple[int, int, int], entity: Entity
) -> None:
    story = stories[0]
    page = client.get(f"/entities/{quote(entity.key, safe='')}")
    assert page.status_code == 200
    assert f"<h1>{entity.name}</h1>" in page.text
    assert set(map(int, STORY_LINK.findall(page.text))) == {story}
    body = client.get(f"/api/v1/entities/{quote(entity.name, safe='')}").json()
    assert (body["entity"]["key"], body["entity"]["kind"]) == (entity.key, entity.kind)
    assert [card["story_id"] for card in body["stories"]] == [story]
    filtered = client.get("/", params={"entity": entity.name}).text
    assert set(map(int, STORY_LINK.findall(filtered))) == {story}


def test_a_person_named_with_titles_is_echoed_under_the_kept_key(
    client: TestClient, stories: tuple[int, int, int]
) -> None:
    body = client.get("/api/v1/entities/President%20Vladimir%20Putin").json()
    assert body["entity"]["key"] == "vladimir putin"
    assert [card["story_id"] for card in body["stories"]] == [stories[2]]
    assert client.get("/entities/President%20Putin").status_code == 200


def test_the_front_page_filtered_by_an_entity_names_the_entity_found(
    client: TestClient, stories: tuple[int, int, int]
) -> None:
    # QA (2026-12-07): the front page echoed the name as typed ("president putin") where the
    # outlet filter echoes the outlet's key, and the reader showed that typing, not the entity.
    body = client.get("/api/v1/front", params={"entity": "president putin"}).json()
    found = client.get("/api/v1/entities/president%20putin").json()["entity"]
    assert body["entity"] == found
    assert (found["name"], found["kind"]) == ("Vladimir Putin", "person")
    assert body["filters"]["entity"] == found["key"] != "president putin"
    assert [card["story_id"] for card in body["latest_stories"]] == [stories[2]]
    page = client.get("/", params={"entity": "president putin"}).text
    assert f'<a href="/entities/{quote(found["key"], safe="")}">Vladimir Putin</a>' in page
    assert client.get("/api/v1/front").json()["entity"] is None
