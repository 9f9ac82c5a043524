"""The front page's JSON twin (its ``rel=alternate`` link) is the API's answer for the same
filters and page, whatever else the page's address carries; and an outlet filter checks that the
outlet exists without counting its articles."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from starlette.testclient import TestClient

from tests.web.conftest import AddArticle
from tidings.store import Store


def _json_twin(page: str) -> str:
    found = re.search(r'<link rel="alternate" type="application/json" href="([^"]*)">', page)
    assert found is not None, "no JSON alternate link"
    return html.unescape(found.group(1))


def _next_page(page: str) -> str:
    found = re.search(r'<a rel="next" href="\?([^"]+)"', page)
    assert found is not None, "no next page"
    return "/?" + html.unescape(found.group(1))


def test_the_json_twin_names_the_filters_in_use_and_the_cursor_only(
    client: TestClient, add_article: AddArticle
) -> None:
    # Review: the link was `/api/v1/front?` and the page's whole query string, so a tracking
    # parameter or the form's empty "All outlets" (`outlet=`) linked to a 422.
    for index in range(3):
        add_article(index, language="en")
    add_article(3, language="fr", outlet="Le Quai", domain="lequai.example")
    for address, twin in (
        ("/", "/api/v1/front"),
        ("/?utm_source=x&language=en", "/api/v1/front?language=en"),
        ("/?outlet=&language=en", "/api/v1/front?language=en"),
        ("/?outlet=&language=&entity=", "/api/v1/front"),
        ("/?outlet=+LeQuai.example+&fbclid=1", "/api/v1/front?outlet=lequai.example"),
    ):
        page = client.get(address)
        assert page.status_code == 200, (address, page.text[:300])
        assert _json_twin(page.text) == twin, address
        answer = client.get(twin)
        assert answer.status_code == 200, (twin, answer.text)


def test_the_json_twin_of_a_later_page_is_that_page(client: TestClient, add_article: AddArticle) -> None:
    for index in range(60):
        add_article(index, language="en")
    first = client.get("/?language=en&utm_campaign=spring")
    later = _next_page(first.text)
    assert "utm_campaign=spring" in later  # the reader's own links keep what the address carried
    page = client.get(later)
    assert page.status_code == 200
    twin = _json_twin(page.text)
    assert re.fullmatch(r"/api/v1/front\?language=en&cursor=[^&]+", twin), twin
    answer = client.get(twin)
    assert answer.status_code == 200, answer.text
    titles = re.findall(
        r'<h3 class="item-title"><a href="/articles/\d+" data-nav-open>([^<]*)</a>', page.text
    )
    assert [article["title"] for article in answer.json()["latest_articles"]] == titles


@contextmanager
def _statements(store: Store) -> Iterator[list[str]]:
    """The SQL the store runs inside the block."""
    seen: list[str] = []

    def keep(*arguments: object) -> None:
        seen.append(str(arguments[2]))

    event.listen(store.engine, "before_cursor_execute", keep)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", keep)


def test_an_outlet_filter_checks_the_outlet_without_counting_its_articles(
    client: TestClient, add_article: AddArticle, store: Store
) -> None:
    # Review: every outlet-filtered front page counted that outlet's articles (`get_outlet`) only
    # to learn that it exists.
    add_article(1, outlet="Le Quai", domain="lequai.example")
    for address in ("/?outlet=lequai.example", "/api/v1/front?outlet=lequai.example"):
        with _statements(store) as seen:
            response = client.get(address)
        assert response.status_code == 200, response.text
        assert not [statement for statement in seen if "count(" in statement.lower()], address
    assert client.get("/?outlet=nosuch.example").status_code == 404
    assert client.get("/api/v1/front?outlet=nosuch.example").status_code == 404
