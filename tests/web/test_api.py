"""The JSON API: every page's twin, cursor paging, and RFC 9457 problem bodies for every error."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.web.conftest import AddArticle

PROBLEM = "application/problem+json"


def test_the_front_page_twin_carries_the_same_articles(client: TestClient, add_article: AddArticle) -> None:
    first = add_article(1, outlet="Le Monde", domain="lemonde.fr", language="fr")
    body = client.get("/api/v1/front").json()
    assert [card["article_id"] for card in body["latest_articles"]] == [first]
    card = body["latest_articles"][0]
    assert card["outlet"] == {"key": "lemonde.fr", "name": "Le Monde", "domain": "lemonde.fr"}
    assert card["original_url"] == "https://lemonde.fr/news/1"
    assert body["languages"] == [{"code": "fr", "article_count": 0}]
    assert body["filters"] == {"outlet": None, "entity": None, "language": None}


def test_article_lists_page_by_cursor_to_the_end(client: TestClient, add_article: AddArticle) -> None:
    ids = [add_article(index) for index in range(7)]
    seen: list[int] = []
    params: dict[str, str | int] = {"limit": 3}
    while True:
        body = client.get("/api/v1/articles", params=params).json()
        seen.extend(card["article_id"] for card in body["articles"])
        if body["next_cursor"] is None:
            break
        params = {"limit": 3, "cursor": body["next_cursor"]}
    assert seen == ids


def test_the_article_twin_has_sanitized_html_and_no_unsafe_link(
    client: TestClient, add_article: AddArticle
) -> None:
    article_id = add_article(
        1, html='<p onclick="x()">Hi<script>alert(1)</script></p>', url="javascript:alert(1)"
    )
    body = client.get(f"/api/v1/articles/{article_id}").json()
    assert body["html"] == "<p>Hi</p>"
    assert body["article"]["original_url"] is None


def test_search_twin_groups_results(client: TestClient, add_article: AddArticle) -> None:
    add_article(1, title="Minsk talks", text="Talks in Minsk.")
    body = client.get("/api/v1/search", params={"q": "minsk"}).json()
    assert body["result_count"] == 1
    assert body["groups"][0]["results"][0]["title"] == "Minsk talks"


def test_outlets_and_one_outlet(client: TestClient, add_article: AddArticle) -> None:
    add_article(1, outlet="The Herald", domain="herald.example")
    outlets = client.get("/api/v1/outlets").json()["outlets"]
    assert [(item["outlet"]["key"], item["article_count"]) for item in outlets] == [("herald.example", 1)]
    page = client.get("/api/v1/outlets/herald.example").json()
    assert page["outlet"]["article_count"] == 1
    assert len(page["articles"]) == 1


@pytest.mark.parametrize(
    "path",
    ["/api/v1/articles/424242", "/api/v1/outlets/nobody.example", "/api/v1/no-such-route"],
)
def test_unknown_ids_get_a_404_problem(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == 404
    assert problem["title"] == "Not found"
    assert problem["instance"] == path


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/v1/articles", {"limit": "0"}, "query.limit"),
        ("/api/v1/articles", {"limit": "many"}, "query.limit"),
        ("/api/v1/articles", {"cursor": "%%%"}, "query.cursor"),
        ("/api/v1/front", {"language": "not a language"}, "query.language"),
        ("/api/v1/outlets", {"sort": "name; DROP TABLE articles"}, "query.sort"),
        ("/api/v1/articles/0", {}, "path.article_id"),
        ("/api/v1/articles/abc", {}, "path.article_id"),
    ],
)
def test_malformed_input_gets_a_422_problem_naming_the_field(
    client: TestClient, path: str, params: dict[str, str], field: str
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert [error["field"] for error in problem["errors"]] == [field]
    assert field in problem["detail"] or field.rsplit(".", maxsplit=1)[-1] in problem["detail"]


def test_ingest_with_a_misspelt_field_names_it(client: TestClient) -> None:
    response = client.post("/api/v1/ingest", json={"contents": "<p>x</p>"})
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"body.content", "body.contents"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "is not valid JSON at character 1: Expecting property name enclosed in double quotes"),
        (b'{"content": "<p>x</p>"', "is not valid JSON at character 22: Expecting ',' delimiter"),
        (b"[" * 100_000 + b"]" * 100_000, "could not be read as JSON (nested too deeply?)"),
    ],
)
def test_a_body_that_is_not_json_is_a_422_problem_saying_where(
    client: TestClient, body: bytes, message: str
) -> None:
    response = client.post("/api/v1/ingest", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["errors"] == [{"field": "body", "message": message}]


def test_a_wrong_method_is_a_405_problem(client: TestClient) -> None:
    response = client.delete("/api/v1/articles")
    assert response.status_code == 405
    assert response.headers["content-type"] == PROBLEM


def test_the_openapi_document_describes_every_route_and_problem_bodies(client: TestClient) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert set(document["paths"]) == {
        "/front",
        "/articles",
        "/articles/{article_id}",
        "/outlets",
        "/outlets/{key}",
        "/search",
        "/ingest",
        "/stories/{story_id}",
        "/entities/{key}",
        "/subscriptions",
    }
    assert document["servers"] == [{"url": "/api/v1"}]
    not_found = document["paths"]["/articles/{article_id}"]["get"]["responses"]["404"]
    assert PROBLEM in not_found["content"]


@pytest.mark.parametrize(
    ("url", "reason"),
    [("javascript:alert(1)", "is not an http(s) address"), ("http://127.0.0.1:9/feed.xml", "127.0.0.1")],
)
def test_subscribing_to_a_refused_address_is_a_422_naming_the_url(
    client: TestClient, url: str, reason: str
) -> None:
    response = client.post("/api/v1/subscriptions", json={"url": url})
    assert response.status_code == 422
    problem = response.json()
    assert problem["errors"][0]["field"] == "body.url"
    assert reason in problem["detail"]


def test_the_add_form_shows_a_refused_address(client: TestClient) -> None:
    response = client.post("/add", data={"url": "http://127.0.0.1:9/feed.xml"})
    assert response.status_code == 422
    assert "Refused" in response.text
