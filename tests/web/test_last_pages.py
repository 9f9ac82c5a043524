"""A list whose last page happens to be full says it is the last: its ``next_cursor`` is null and
the reader shows no "Older" link, rather than leading to an empty page (as entity pages and
search already do). A page past the end, from an old link, says there is no more, not that the
store is empty."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from tests.store.placing import Desk
from tests.web.conftest import AddArticle
from tests.web.test_api import cursor
from tidings.store import Store

READER_PAGE = 30


def _walk(client: TestClient, path: str, key: str, limit: int) -> list[list[int]]:
    """Each page's ids, following ``next_cursor`` until it is null."""
    pages: list[list[int]] = []
    params: dict[str, str | int] = {"limit": limit}
    while True:
        body = client.get(path, params=params).json()
        pages.append([item[key] for item in body[key.removesuffix("_id") + "s"]])
        if body["next_cursor"] is None:
            return pages
        params = {"limit": limit, "cursor": body["next_cursor"]}


@pytest.mark.parametrize("path", ["/api/v1/articles", "/api/v1/outlets/example.com"])
def test_an_article_list_that_ends_on_a_full_page_has_no_next_cursor(
    client: TestClient, add_article: AddArticle, path: str
) -> None:
    ids = [add_article(index) for index in range(6)]
    assert _walk(client, path, "article_id", 3) == [ids[:3], ids[3:]]
    assert _walk(client, path, "article_id", 6) == [ids]


def test_the_front_page_filtered_by_outlet_ends_on_its_last_full_page(
    client: TestClient, add_article: AddArticle
) -> None:
    ids = [add_article(index) for index in range(4)]
    body = client.get("/api/v1/front", params={"outlet": "example.com", "limit": 4}).json()
    assert ([card["article_id"] for card in body["latest_articles"]], body["next_cursor"]) == (ids, None)


def test_the_story_list_that_ends_on_a_full_page_has_no_next_cursor(client: TestClient, store: Store) -> None:
    desk = Desk(store)
    placed = [desk.place(f"outlet{index}", index)[1] for index in range(6)]
    body = client.get("/api/v1/front", params={"limit": 6}).json()
    listed = [card["story_id"] for card in [*body["top_stories"], *body["latest_stories"]]]
    assert (sorted(listed), body["next_cursor"]) == (sorted(placed), None)


def test_the_reader_offers_no_older_page_after_a_full_last_page(
    client: TestClient, add_article: AddArticle
) -> None:
    for index in range(READER_PAGE):
        add_article(index)
    for path in ("/outlets/example.com", "/?outlet=example.com"):
        html = client.get(path).text
        assert len(re.findall(r'<li class="item article-item"', html)) == READER_PAGE
        assert 'rel="next"' not in html, path


def test_a_front_page_past_the_end_says_so_not_that_the_store_is_empty(
    client: TestClient, store: Store
) -> None:
    desk = Desk(store)
    for index in range(3):
        desk.place(f"outlet{index}", index)
    oldest = store.list_stories(limit=3)[-1]
    # The cursor after the oldest story, as an old link past the end would carry it.
    past_the_end = cursor({"s": oldest.last_seen.isoformat(), "i": oldest.story_id})
    html = client.get("/", params={"cursor": past_the_end}).text
    assert "no news yet" not in html
    assert "past the end of the list" in html
