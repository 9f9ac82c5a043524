"""The API's query parameters read alike on every list: search's `limit`, empty values refused as the
command line refuses them, filters naming no outlet or entity answered as the outlet's or entity's
own page is, and problem details that read as sentences."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.web.conftest import AddArticle

PROBLEM = "application/problem+json"


def _problem_fields(response: Any, status: int) -> list[str]:
    """The fields a problem body names, once it is checked to be a problem of ``status``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    return [error["field"] for error in response.json()["errors"]]


def _result_ids(body: dict[str, object]) -> list[int]:
    groups = body["groups"]
    assert isinstance(groups, list)
    return [result["article_id"] for group in groups for result in group["results"]]


def test_search_returns_limit_results_and_pages_on(client: TestClient, add_article: AddArticle) -> None:
    for index in range(1, 8):
        add_article(index, title=f"Storm alert number {index}", text=f"An alert for district {index}.")
    assert client.get("/api/v1/search", params={"q": "alert"}).json()["result_count"] == 7
    seen: list[int] = []
    cursor: str | None = None
    while True:
        params = {"q": "alert", "limit": "2"} | ({"cursor": cursor} if cursor else {})
        body = client.get("/api/v1/search", params=params).json()
        assert body["result_count"] == len(_result_ids(body)) <= 2
        seen += _result_ids(body)
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 7


@pytest.mark.parametrize("limit", ["abc", "0", "101", "-1"])
def test_a_search_limit_out_of_range_is_a_422_as_elsewhere(client: TestClient, limit: str) -> None:
    for path, params in (("/api/v1/search", {"q": "alert"}), ("/api/v1/front", {})):
        assert _problem_fields(client.get(path, params=params | {"limit": limit}), 422) == ["query.limit"]


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_search_is_a_422_naming_q(client: TestClient, query: str) -> None:
    response = client.get("/api/v1/search", params={"q": query})
    assert _problem_fields(response, 422) == ["query.q"]
    assert "empty" in response.json()["detail"]


def test_a_search_without_q_is_a_422_naming_q(client: TestClient) -> None:
    assert _problem_fields(client.get("/api/v1/search"), 422) == ["query.q"]


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/front", "outlet"),
        ("/api/v1/front", "entity"),
        ("/api/v1/front", "language"),
        ("/api/v1/articles", "outlet"),
        ("/api/v1/articles", "language"),
    ],
)
def test_an_empty_filter_is_a_422_not_no_filter(client: TestClient, path: str, field: str) -> None:
    response = client.get(path, params={field: ""})
    assert _problem_fields(response, 422) == [f"query.{field}"]
    assert response.json()["detail"].startswith(f"query.{field}: is empty")


@pytest.mark.parametrize("path", ["/api/v1/front", "/api/v1/articles"])
def test_an_outlet_filter_naming_no_outlet_is_a_404_naming_it(
    client: TestClient, add_article: AddArticle, path: str
) -> None:
    add_article(1, outlet="The Herald", domain="herald.example")
    response = client.get(path, params={"outlet": "nope.example"})
    assert _problem_fields(response, 404) == ["query.outlet"]
    detail = response.json()["detail"]
    assert "no outlet 'nope.example'" in detail
    assert "GET /api/v1/outlets" in detail
    known = client.get(path, params={"outlet": "Herald.example"})
    assert known.status_code == 200
    assert known.json()["filters"]["outlet"] == "herald.example"


def test_an_entity_filter_naming_no_entity_is_a_404(client: TestClient, add_article: AddArticle) -> None:
    add_article(1, title="Putin in Minsk", text="Putin met Lukashenko.")
    response = client.get("/api/v1/front", params={"entity": "nobody"})
    assert _problem_fields(response, 404) == ["query.entity"]
    assert "no entity 'nobody'" in response.json()["detail"]
    # As the entity's own page answers it.
    assert client.get("/api/v1/entities/nobody").status_code == 404


def test_a_refused_ingest_without_a_name_says_the_posted_content(client: TestClient) -> None:
    refused = client.post("/api/v1/ingest", json={"content": "hello"})
    assert refused.status_code == 422
    detail = refused.json()["detail"]
    assert detail.startswith("the posted content has no paragraphs"), detail
    named = client.post("/api/v1/ingest", json={"content": "hello", "name": "api"})
    assert named.json()["detail"].startswith("api: has no paragraphs")
    # Before: a name with a line break broke the detail in two, as it broke the command line's.
    broken = client.post("/api/v1/ingest", json={"content": "hello", "name": "notes\nday\u2028two"})
    assert broken.json()["detail"].startswith("notes\\x0aday\\u2028two: has no paragraphs"), broken.text


@pytest.mark.parametrize("path", ["/api/v1", "/api/v1/", "/api/v1/no-such-route"])
def test_every_missing_api_route_is_quoted_alike(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["detail"] == f"no API route {path!r}"


def _operations(client: TestClient) -> list[tuple[str, str, list[str]]]:
    """Each operation of the OpenAPI document: (method, a path to call, its query parameters)."""
    document = client.get("/api/v1/openapi.json").json()
    samples = {"{story_id}": "1", "{article_id}": "1", "{key}": "herald.example"}
    found = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            query = [param["name"] for param in operation.get("parameters", []) if param["in"] == "query"]
            called = path
            for placeholder, sample in samples.items():
                called = called.replace(placeholder, sample)
            found.append((method.upper(), "/api/v1" + called, query))
    return found


def test_every_endpoint_refuses_a_query_parameter_it_does_not_take(client: TestClient) -> None:
    # Before: `/api/v1/outlets?limit=1` answered the whole list, the parameter silently ignored.
    operations = _operations(client)
    assert len(operations) == 10
    for method, path, accepted in operations:
        response = client.request(method, path, params={"limt": "5", "utm_source": "x"})
        assert _problem_fields(response, 422) == ["query.limt", "query.utm_source"], (method, path)
        takes = f"takes {', '.join(accepted)}" if accepted else "takes no query parameters"
        for error in response.json()["errors"]:
            assert error["message"] == f"is not a parameter of this endpoint, which {takes}", path
        assert response.json()["detail"] == (
            f"query.limt, query.utm_source: not a parameter of {path}, which {takes}"
        )


def test_a_known_parameter_still_answers_and_head_and_the_document_are_kept(
    client: TestClient, add_article: AddArticle
) -> None:
    add_article(1, outlet="The Herald", domain="herald.example")
    add_article(2, outlet="Other", domain="other.example")
    assert _problem_fields(client.get("/api/v1/outlets", params={"limit": "1"}), 422) == ["query.limit"]
    listed = client.get("/api/v1/outlets", params={"sort": "name"})
    assert listed.status_code == 200
    assert [item["outlet"]["key"] for item in listed.json()["outlets"]] == ["other.example", "herald.example"]
    refused_head = client.head("/api/v1/outlets", params={"limit": "1"})
    assert (refused_head.status_code, refused_head.headers["content-type"]) == (422, PROBLEM)
    assert client.head("/api/v1/outlets", params={"sort": "name"}).status_code == 200
    assert client.head("/api/v1/front", params={"limit": "5"}).status_code == 200
    assert client.options("/api/v1/outlets").status_code == 405
    # The document is no endpoint of the API: a cache-busting parameter is no concern of it.
    assert client.get("/api/v1/openapi.json", params={"v": "2"}).status_code == 200


def test_the_pages_table_of_the_docs_names_every_query_parameter(client: TestClient) -> None:
    # Before: the row of `GET /api/v1/outlets/{key}` named neither `cursor` nor `limit`.
    docs = (Path(__file__).parents[2] / "docs" / "api.md").read_text(encoding="utf-8")
    rows = [line for line in docs.splitlines() if line.startswith("| ")]
    document = client.get("/api/v1/openapi.json").json()
    for path, methods in document["paths"].items():
        if "get" not in methods:
            continue
        [row] = [row for row in rows if re.search(rf"`GET /api/v1{re.escape(path)}[`?]", row)]
        for param in methods["get"].get("parameters", []):
            if param["in"] == "query":
                assert f"{param['name']}=" in row or f"`{param['name']}`" in row, (path, param["name"])


@pytest.mark.parametrize("path", ["/api/v1/front", "/api/v1/articles"])
@pytest.mark.parametrize("language", ["EN", "en-GB", "en_US", " en "])
def test_a_language_filter_reads_a_tag_as_the_store_writes_its_language(
    client: TestClient, add_article: AddArticle, path: str, language: str
) -> None:
    # Before: `EN` or `en-GB` was taken as typed, matched none of the stored `en` articles, and
    # answered 200 with an empty page; the refusal's own message offered `pt-BR` as an example.
    english = add_article(1, language="en")
    add_article(2, language="fr", outlet="Le Monde", domain="lemonde.fr")
    body = client.get(path, params={"language": language}).json()
    listed = body["latest_articles"] if path.endswith("front") else body["articles"]
    assert [card["article_id"] for card in listed] == [english]
    assert body["filters"]["language"] == "en"


@pytest.mark.parametrize("path", ["/api/v1/front", "/api/v1/articles"])
@pytest.mark.parametrize("language", ["xx", "english", "pt-", "e"])
def test_a_language_filter_that_is_no_language_is_a_422_naming_it(
    client: TestClient, add_article: AddArticle, path: str, language: str
) -> None:
    add_article(1, language="en")
    response = client.get(path, params={"language": language})
    assert _problem_fields(response, 422) == ["query.language"]
    detail = response.json()["detail"]
    assert detail.startswith(f"query.language: {language!r} is not a language code such as 'en'"), detail
    assert "pt-BR" not in detail


def test_a_language_the_store_holds_beyond_iso_639_1_filters(
    add_article: AddArticle, client: TestClient
) -> None:
    # Language detection stores py3langid's codes, Cantonese as "yue": the reader's menu offers it,
    # and the filter refused it (review, 2026-12-07).
    cantonese = add_article(1, language="yue")
    add_article(2, language="en", outlet="The Herald", domain="herald.example")
    response = client.get("/api/v1/articles", params={"language": "YUE"})
    assert response.status_code == 200
    assert [card["article_id"] for card in response.json()["articles"]] == [cantonese]


@pytest.mark.parametrize("path", ["/api/v1/outlets/%20", "/api/v1/entities/%20%09", "/api/v1/outlets/%20%20"])
def test_a_blank_outlet_or_entity_key_is_a_422_naming_the_path_key_as_an_empty_one_is(
    client: TestClient, add_article: AddArticle, path: str
) -> None:
    add_article(1)
    response = client.get(path)
    assert _problem_fields(response, 422) == ["path.key"]
    assert "blank" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/api/v1/search", "q=putin&q=belarus", "query.q"),
        ("/api/v1/front", "limit=abc&limit=1", "query.limit"),
        ("/api/v1/outlets", "sort=x&sort=name", "query.sort"),
        ("/api/v1/articles", "cursor=&cursor=", "query.cursor"),
    ],
)
def test_a_query_parameter_given_twice_is_a_422_naming_it_not_its_last_value_taken(
    client: TestClient, add_article: AddArticle, path: str, query: str, field: str
) -> None:
    # Before: the last value was taken and the others dropped unsaid: `q=putin&q=belarus` searched
    # for "belarus" alone, and `limit=abc&limit=1` answered 200 where `limit=1&limit=abc` was a 422.
    add_article(1, title="Putin in Belarus")
    response = client.get(f"{path}?{query}")
    assert _problem_fields(response, 422) == [field]
    assert response.json()["errors"][0]["message"] == "is given 2 times; give it once"
    assert response.json()["detail"] == f"{field}: is given 2 times; give it once"


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/front?limit=1.0", "query.limit"),
        ("/api/v1/front?limit=5_0", "query.limit"),
        ("/api/v1/articles?limit=%2B5", "query.limit"),
        ("/api/v1/search?q=a&limit=%205", "query.limit"),
        ("/api/v1/stories/1_0", "path.story_id"),
        ("/api/v1/stories/%2B1", "path.story_id"),
        ("/api/v1/articles/%201", "path.article_id"),
    ],
)
def test_a_number_not_written_in_plain_digits_is_a_422_as_the_reader_answers_it(
    client: TestClient, add_article: AddArticle, path: str, field: str
) -> None:
    # Before: pydantic's lax reading took `5_0` as 50, `+5` and ` 5` as 5 and `1.0` as 1, so
    # `/api/v1/stories/1_0` answered story 10 where the reader's `/stories/1_0` is a 404.
    for index in range(1, 12):
        add_article(index)
    response = client.get(path)
    assert _problem_fields(response, 422) == [field]
    assert (
        response.json()["errors"][0]["message"] == "Input should be a whole number written in the digits 0-9"
    )


def test_head_answers_the_headers_get_answers_compressed_or_not(
    client: TestClient, add_article: AddArticle
) -> None:
    # Before: the API emptied a HEAD's body before compression saw it, so HEAD said
    # `content-length` of the uncompressed body with no `content-encoding` where GET was gzipped.
    for index in range(1, 30):
        add_article(index)
    for path in ["/api/v1/front", "/api/v1/articles", "/"]:
        for encoding in ["gzip", "identity"]:
            headers = {"Accept-Encoding": encoding}
            got, head = client.get(path, headers=headers), client.head(path, headers=headers)
            assert head.content == b"", path
            for name in ["content-length", "content-encoding", "vary", "content-type"]:
                assert head.headers.get(name) == got.headers.get(name), (path, encoding, name)
