"""The front page of stories: what each story card shows, and keyset paging of the story list.

Stories are placed through the store's own verb with decisions the test writes
(``tests.store.placing``), and a summary is kept for one of them, so that each card's parts are
known in advance: headline, the summary's first sentence, the outlets with writing of their own
(a copy collapsed into its original's outlet), first seen, and the main entities.
"""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from tests.store.placing import WHEN, Desk
from tidings.model import Citation, CitedSentence, Entity, StorySummary
from tidings.store import Store


def _cards(html: str) -> dict[int, str]:
    """Each story card's HTML by story id."""
    cards = re.findall(r'<li class="item story-item" data-nav-item>(.*?)</li>', html, flags=re.S)
    return {int(re.search(r'href="/stories/(\d+)"', card).group(1)): card for card in cards}  # type: ignore[union-attr]


def _sections(html: str) -> tuple[list[int], list[int]]:
    """Story ids in the top-stories section and in the latest-stories section, in order."""
    top, _, latest = html.partition("<h2>Latest stories</h2>")
    return list(_cards(top)), list(_cards(latest))


def test_a_story_card_shows_headline_lead_original_outlets_first_seen_and_entities(
    client: TestClient, store: Store
) -> None:
    desk = Desk(store)
    wire, story = desk.place("wire", 0, title="Dam bursts after a week of rain")
    desk.place("paper", 1, join=story, copy_of=wire)  # a copy: counted with Wire, not as its own
    desk.place("radio", 2, join=story)
    summary = StorySummary(
        sentences=(
            CitedSentence("The Dee dam burst on Monday night.", (Citation(wire, "Wire"),)),
            CitedSentence("Hundreds left their homes.", (Citation(wire, "Wire"),)),
        ),
        agreed=(),
        only=(),
        entities=(Entity("river dee", "River Dee", "place", 3, (wire,)),),
    )
    store.save_story_summary(story, "kept for the test", summary, now=WHEN)
    card = _cards(client.get("/").text)[story]
    assert "Dam bursts after a week of rain" in card
    assert '<p class="lead">The Dee dam burst on Monday night.</p>' in card
    assert "Hundreds left" not in card
    assert '<span class="coverage">2 outlets</span>' in card
    assert ">Wire</a>" in card
    assert ">Radio</a>" in card
    assert "Paper" not in card
    assert 'first seen <time datetime="2026-11-30T08:00:00+00:00">' in card
    assert 'href="/entities/river%20dee">River Dee</a>' in card
    [twin] = client.get("/api/v1/front").json()["top_stories"]
    assert (twin["outlet_count"], [outlet["name"] for outlet in twin["outlets"]]) == (2, ["Radio", "Wire"])
    assert twin["lead"] == "The Dee dam burst on Monday night."


def test_the_story_list_pages_by_keyset_and_a_new_story_shifts_nothing(
    client: TestClient, store: Store
) -> None:
    desk = Desk(store)
    placed = [desk.place(f"outlet{index}", index // 3)[1] for index in range(45)]  # ties broken by id
    seen_top, seen_latest = _sections(client.get("/").text)
    found = re.search(r'<a rel="next" href="\?([^"]+)"', client.get("/").text)
    desk.place("late", 100)  # arrives between pages: a page by offset would repeat a story
    while found is not None:
        html = client.get("/?" + found.group(1).replace("&amp;", "&")).text
        top, latest = _sections(html)
        assert top == []
        seen_latest.extend(latest)
        found = re.search(r'<a rel="next" href="\?([^"]+)"', html)
    assert len(seen_latest) == len(set(seen_latest))
    assert set(seen_top) | set(seen_latest) == set(placed)


def test_the_api_front_page_pages_the_same_way(client: TestClient, store: Store) -> None:
    desk = Desk(store)
    placed = {desk.place(f"outlet{index}", index // 2)[1] for index in range(40)}
    params: dict[str, str | int] = {"limit": 7}
    seen: list[int] = []
    while True:
        body = client.get("/api/v1/front", params=params).json()
        seen.extend(card["story_id"] for card in [*body["top_stories"], *body["latest_stories"]])
        if body["next_cursor"] is None:
            break
        params = {"limit": 7, "cursor": body["next_cursor"]}
    assert set(seen) == placed
