"""The JSON API: every page's twin, cursor paging, and RFC 9457 problem bodies for every error."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from starlette.testclient import TestClient

from tests.store.placing import Desk
from tests.web.conftest import AddArticle
from tidings.model import OTHER_TEXT_NOT_TAKEN
from tidings.store import Store
from tidings.store.schema import articles
from tidings.web import stories

PROBLEM = "application/problem+json"


def cursor(payload: dict[str, object]) -> str:
    """A cursor as the server encodes one: URL-safe base64 of compact JSON, without padding."""
    raw = json.dumps(payload, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def test_the_front_page_twin_carries_the_same_articles(client: TestClient, add_article: AddArticle) -> None:
    first = add_article(1, outlet="Le Monde", domain="lemonde.fr", language="fr")
    body = client.get("/api/v1/front").json()
    assert [card["article_id"] for card in body["latest_articles"]] == [first]
    card = body["latest_articles"][0]
    assert card["outlet"] == {"key": "lemonde.fr", "name": "Le Monde", "domain": "lemonde.fr"}
    assert card["original_url"] == "https://lemonde.fr/news/1"
    assert body["languages"] == ["fr"]
    assert body["outlets"] == [card["outlet"]]
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


def test_an_article_s_standfirst_is_in_its_card_and_twin(client: TestClient, add_article: AddArticle) -> None:
    article_id = add_article(1, standfirst="The first visit since 2019.")
    add_article(2)
    twin = client.get(f"/api/v1/articles/{article_id}").json()
    assert twin["article"]["standfirst"] == "The first visit since 2019."
    cards = client.get("/api/v1/articles").json()["articles"]
    assert [card["standfirst"] for card in cards] == ["The first visit since 2019.", None]


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
        ("/api/v1/outlets/%00", {}, "path.key"),
        ("/api/v1/entities/%00", {}, "path.key"),
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


@pytest.mark.parametrize("address", ["javascript:alert(1)", "not a url", "ftp://example.com/a"])
def test_ingest_with_an_address_that_is_no_web_address_is_a_422_naming_it(
    client: TestClient, address: str
) -> None:
    """The address becomes the article's link and its outlet's domain: not dropped without a word."""
    seed = (Path(__file__).resolve().parent.parent / "fixtures" / "web" / "ntd-putin-belarus.txt").read_text()
    response = client.post("/api/v1/ingest", json={"content": seed, "url": address})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "body.url",
            "message": "is not an absolute http(s) address such as https://example.com/news/1",
        }
    ]
    assert client.get("/api/v1/articles").json()["articles"] == []


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
        (b"[" * 100_000 + b"]" * 100_000, "is nested too deeply to be read as JSON"),
        (
            b'{"content": "x", "n": ' + b"7" * 5_000 + b"}",
            "is not usable JSON: it holds a number of 5,000 digits, more than any feed or id needs",
        ),
        (b"\xff\xfe{", "is not UTF-8 (byte 0xff at offset 0); send JSON as UTF-8"),
        (b'{"content": "caf\xe9"}', "is not UTF-8 (byte 0xe9 at offset 16); send JSON as UTF-8"),
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
    # HEAD is answered on every GET route, so the Allow header says so.
    assert response.headers["allow"] == "GET, HEAD"
    assert response.json()["detail"] == "/api/v1/articles does not take DELETE; it takes GET, HEAD"
    posted_only = client.get("/api/v1/ingest")
    assert (posted_only.status_code, posted_only.headers["allow"]) == (405, "POST")


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


OUT_OF_RANGE_CURSORS = [
    {"t": "2020-01-01T00:00:00", "i": 99999999999999999999999},
    {"t": "2020-01-01T00:00:00", "i": -99999999999999999999999},
    {"t": "2020-01-01T00:00:00", "i": 0},
    {"t": "2020-01-01T00:00:00", "i": 2**63},
    {"t": "0001-01-01T00:00:00+05:00", "i": 1},
    {"t": "9999-12-31T23:59:59-23:00", "i": 1},
]


@pytest.mark.parametrize("payload", OUT_OF_RANGE_CURSORS)
@pytest.mark.parametrize("path", ["/api/v1/articles", "/api/v1/outlets/example.com"])
def test_a_cursor_with_an_id_or_date_out_of_range_is_a_422_naming_it(
    client: TestClient, add_article: AddArticle, path: str, payload: dict[str, object]
) -> None:
    add_article(1)
    response = client.get(path, params={"cursor": cursor(payload)})
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert [error["field"] for error in response.json()["errors"]] == ["query.cursor"]


@pytest.mark.parametrize("payload", OUT_OF_RANGE_CURSORS)
def test_a_story_cursor_out_of_range_is_a_422_naming_it(
    client: TestClient, store: Store, payload: dict[str, object]
) -> None:
    Desk(store).place("wire", 0)  # with a story, the front page pages stories: an "s" cursor
    story_cursor = cursor({"s": payload["t"], "i": payload["i"]})
    response = client.get("/api/v1/front", params={"cursor": story_cursor})
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["query.cursor"]


def test_the_largest_id_a_cursor_can_carry_is_still_a_cursor(
    client: TestClient, add_article: AddArticle
) -> None:
    first = add_article(1)
    position = cursor({"t": "2030-01-01T00:00:00+05:00", "i": 2**63 - 1})
    body = client.get("/api/v1/articles", params={"cursor": position}).json()
    assert [card["article_id"] for card in body["articles"]] == [first]


@pytest.mark.parametrize("path", ["/api/v1/front/", "/api/v1", "/api/v1/openapi.json/", "/api/v1/articles/"])
def test_a_path_with_a_stray_slash_is_a_404_problem_not_a_redirect(client: TestClient, path: str) -> None:
    response = client.get(path, headers={"Host": "evil.example"}, follow_redirects=False)
    assert response.status_code == 404
    assert "location" not in response.headers
    assert response.headers["content-type"] == PROBLEM


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def _resolve(document: dict[str, Any], ref: str) -> Any:
    """The node a local JSON pointer (``#/components/schemas/Problem``) names; KeyError if none."""
    assert ref.startswith("#/"), ref
    node: Any = document
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def test_every_reference_in_the_openapi_document_resolves(client: TestClient) -> None:
    document = client.get("/api/v1/openapi.json").json()
    refs = set(_refs(document))
    assert "#/components/schemas/Problem" in refs
    unresolved = []
    for ref in refs:
        try:
            _resolve(document, ref)
        except KeyError:
            unresolved.append(ref)
    assert unresolved == []
    problem = document["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"title", "status", "detail"}


def test_the_problem_schema_describes_the_problem_bodies_sent(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["Problem"]
    body = client.get("/api/v1/articles", params={"limit": "0"}).json()
    assert set(body) <= set(schema["properties"])
    assert set(schema["required"]) <= set(body)


def test_get_routes_of_the_api_answer_head_with_headers_only(
    client: TestClient, add_article: AddArticle
) -> None:
    article_id = add_article(1)
    for path in ["/api/v1/front", f"/api/v1/articles/{article_id}", "/api/v1/openapi.json"]:
        response = client.head(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"] == "application/json", path
        assert response.content == b"", path
    missing = client.head("/api/v1/articles/424242")
    assert (missing.status_code, missing.headers["content-type"], missing.content) == (404, PROBLEM, b"")
    assert client.head("/api/v1/ingest").status_code == 405
    assert "head" not in client.get("/api/v1/openapi.json").json()["paths"]["/front"]


@pytest.mark.parametrize(
    ("content", "headers", "sent_as"),
    [
        ('{"content": "<p>x</p>"}', {"Content-Type": "text/plain"}, "'text/plain'"),
        (
            "content=%3Cp%3Ex%3C%2Fp%3E",
            {"Content-Type": "application/x-www-form-urlencoded"},
            "'application/x-www-form-urlencoded'",
        ),
    ],
)
def test_a_body_not_sent_as_json_is_a_422_saying_it_must_be(
    client: TestClient, content: str, headers: dict[str, str], sent_as: str
) -> None:
    response = client.post("/api/v1/ingest", content=content, headers=headers)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "body",
            "message": f"must be a JSON object sent as application/json (it was sent as {sent_as})",
        }
    ]


@pytest.mark.parametrize("path", ["/api/v1/ingest", "/api/v1/subscriptions"])
@pytest.mark.parametrize(
    ("content", "headers"),
    [(b"", {}), (b"", {"Content-Type": "application/json"}), (b"", {"Content-Type": "text/plain"})],
)
def test_a_missing_body_is_a_422_saying_a_json_object_was_expected(
    client: TestClient, path: str, content: bytes, headers: dict[str, str]
) -> None:
    response = client.post(path, content=content, headers=headers)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "body",
            "message": "must be a JSON object sent as application/json; none was sent (the body was empty)",
        }
    ]


def test_ingesting_blank_content_names_body_content(client: TestClient) -> None:
    response = client.post("/api/v1/ingest", json={"content": " \n\t "})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "body.content", "message": "is blank: paste a page's HTML or text"}
    ]


def test_a_subscription_address_is_trimmed_as_the_add_form_trims_it(client: TestClient) -> None:
    """Spaces pasted around an address do not make it "not an http(s) address": the address is
    used (here refused for being loopback, which says it was read as an address)."""
    problem = client.post("/api/v1/subscriptions", json={"url": "  http://127.0.0.1:9/feed.xml \n"}).json()
    assert problem["detail"].startswith("http://127.0.0.1:9/feed.xml: ")
    assert "loopback" in problem["errors"][0]["message"]
    blank = client.post("/api/v1/subscriptions", json={"url": "   "}).json()
    assert blank["errors"] == [
        {"field": "body.url", "message": "is blank: send a site, page or feed address"}
    ]


def test_a_json_body_that_is_not_an_object_names_the_body_as_before(client: TestClient) -> None:
    response = client.post("/api/v1/ingest", json=["not", "an", "object"])
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "body"
    assert "application/json" not in error["message"]


def test_a_refused_subscription_names_its_address_once(client: TestClient) -> None:
    url = "http://127.0.0.1:9/feed.xml"
    problem = client.post("/api/v1/subscriptions", json={"url": url}).json()
    assert problem["detail"].count(url) == 1
    assert problem["detail"].startswith(f"{url}: ")
    assert url not in problem["errors"][0]["message"]


@pytest.mark.parametrize(
    ("path", "pointer"),
    [
        ("/api/v1/stories/424242", "GET /api/v1/front"),
        ("/api/v1/articles/424242", "GET /api/v1/articles"),
        ("/api/v1/outlets/nobody.example", "GET /api/v1/outlets"),
        ("/api/v1/entities/nobody", "GET /api/v1/search"),
    ],
)
def test_a_404_problem_points_to_the_api_not_the_command_line(
    client: TestClient, path: str, pointer: str
) -> None:
    detail = client.get(path).json()["detail"]
    assert pointer in detail
    assert "tidings " not in detail


def test_a_search_over_the_limit_is_refused_by_the_api_as_by_the_reader(client: TestClient) -> None:
    assert client.get("/api/v1/search", params={"q": "x" * 500}).status_code == 200
    response = client.get("/api/v1/search", params={"q": "x" * 501})
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["query.q"]


def test_a_search_is_trimmed_before_its_length_is_checked(
    client: TestClient, add_article: AddArticle
) -> None:
    add_article(1, title="Putin in Minsk", text="Putin met Lukashenko.")
    body = client.get("/api/v1/search", params={"q": "putin" + " " * 600}).json()
    assert body["query"] == "putin"
    assert body["result_count"] == 1


def test_a_search_with_too_many_terms_is_refused_not_cut_short(client: TestClient) -> None:
    response = client.get("/api/v1/search", params={"q": " ".join(["putin"] * 33)})
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error == {
        "field": "query.q",
        "message": "has 33 words and phrases; a search may have at most 32, so leave some out",
    }


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("-putin", "'-putin' only excludes words: a search needs at least one word to find"),
        ("*", "'*' has no words to search for"),
        ('"', "'\"' has no words to search for"),
    ],
)
def test_a_search_that_can_find_nothing_says_why(
    client: TestClient, add_article: AddArticle, query: str, notice: str
) -> None:
    add_article(1, title="Putin in Minsk", text="Putin met Lukashenko.")
    body = client.get("/api/v1/search", params={"q": query}).json()
    assert body["notice"].startswith(notice)
    assert body["groups"] == []
    assert client.get("/api/v1/search", params={"q": "putin"}).json()["notice"] is None


def test_search_snippets_mark_matches_as_spans_and_keep_brackets_as_text(
    client: TestClient, add_article: AddArticle
) -> None:
    add_article(1, title="Wiki", text="Editors wrote [[bracket]] links beside Minsk in the article.")
    [group] = client.get("/api/v1/search", params={"q": "minsk"}).json()["groups"]
    [result] = group["results"]
    assert "[[bracket]]" in result["snippet"]
    assert "".join(span["text"] for span in result["snippet_spans"]) == result["snippet"]
    assert [span["text"] for span in result["snippet_spans"] if span["match"]] == ["Minsk"]


@pytest.mark.parametrize(
    ("query", "marked"),
    [("obrien", ["O’Brien"]), ("dont", ["don't"]), ('"climate change"', ["climate change"])],
)
def test_search_finds_words_typed_without_apostrophes_and_marks_phrases_whole(
    client: TestClient, add_article: AddArticle, query: str, marked: list[str]
) -> None:
    text = "O’Brien said they don't see climate policy change; climate change talks go on."
    add_article(1, title="Talks", text=text)
    [group] = client.get("/api/v1/search", params={"q": query}).json()["groups"]
    [result] = group["results"]
    assert [span["text"] for span in result["snippet_spans"] if span["match"]] == marked


@pytest.mark.parametrize("query", ["the", "!!!", 'unbalanced "quote', "x" * 2000])
def test_odd_searches_get_an_answer_not_a_server_error(client: TestClient, query: str) -> None:
    for path in ("/search", "/api/v1/search"):
        assert client.get(path, params={"q": query}).status_code in (200, 400, 422), (path, query)


def test_the_outlet_filter_lists_the_active_outlet_selected_and_no_made_up_counts(
    client: TestClient, add_article: AddArticle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stories, "MAX_FILTER_OUTLETS", 2)
    for index, name in enumerate(["Alpha", "Beta", "Zeta"]):
        add_article(index, outlet=name, domain=f"{name.lower()}.example")
    unfiltered = client.get("/api/v1/front").json()
    assert [outlet["key"] for outlet in unfiltered["outlets"]] == ["alpha.example", "beta.example"]
    assert unfiltered["outlets"][0] == {"key": "alpha.example", "name": "Alpha", "domain": "alpha.example"}
    filtered = client.get("/api/v1/front", params={"outlet": "Zeta.Example"}).json()
    assert [outlet["key"] for outlet in filtered["outlets"]] == [
        "alpha.example",
        "beta.example",
        "zeta.example",
    ]
    assert filtered["filters"]["outlet"] == "zeta.example"
    assert [card["title"] for card in filtered["latest_articles"]] == ["Article number 2"]


def test_the_entity_filter_with_an_outlet_or_language_is_refused_not_ignored(client: TestClient) -> None:
    for params in ({"outlet": "reuters.com", "entity": "putin"}, {"language": "en", "entity": "putin"}):
        response = client.get("/api/v1/front", params=params)
        assert response.status_code == 422
        assert [error["field"] for error in response.json()["errors"]] == ["query.entity"]


def test_ingesting_again_says_when_an_article_took_the_standfirst_it_lacked(
    client: TestClient, store: Store
) -> None:
    dek = "The board ended three years of argument over the cost of the harbour's new wall."
    body = "".join(
        f"<p>The harbour board approved the new quay wall, part {index} of the story.</p>"
        for index in range(9)
    )
    page = (
        "<html><head><title>Quay wall approved</title></head><body><article><header><h1>Quay wall "
        f'approved</h1><p class="dek">{dek}</p></header><div>{body}</div></article></body></html>'
    )
    posted = {"content": page, "url": "https://harbour.example/news/quay"}
    [first] = client.post("/api/v1/ingest", json=posted).json()["items"]
    article_id = first["article"]["article_id"]
    with store.engine.begin() as connection:  # as an article stored before migration 0034 is
        connection.execute(update(articles).where(articles.c.id == article_id).values(standfirst=None))

    [again] = client.post("/api/v1/ingest", json=posted).json()["items"]

    assert (again["status"], again["reason"]) == (
        "already_had",
        "already stored: same address; its missing standfirst taken from this one",
    )
    assert store.get_article(article_id).article.standfirst == dek


def test_ingesting_a_corrected_page_again_says_its_article_was_updated(
    client: TestClient, store: Store
) -> None:
    def page(year: str) -> str:
        body = "".join(
            f"<p>The harbour board approved the new quay wall, part {index} of the story, for {year}.</p>"
            for index in range(9)
        )
        head = "<html><head><title>Quay wall approved</title></head>"
        return f"{head}<body><article><h1>Quay wall approved</h1>{body}</article></body></html>"

    url = "https://harbour.example/news/quay"
    [first] = client.post("/api/v1/ingest", json={"content": page("2027"), "url": url}).json()["items"]

    [again] = client.post("/api/v1/ingest", json={"content": page("2028"), "url": url}).json()["items"]

    assert (again["status"], again["reason"]) == ("already_had", "updated: same address")
    assert "for 2028" in store.get_article(first["article"]["article_id"]).article.text


def test_ingesting_another_text_at_a_stored_page_s_address_says_it_was_not_taken(
    client: TestClient, store: Store
) -> None:
    # Review (stop 31): the answer said "already stored: same address", as for an unchanged page.
    def page(sentences: list[str]) -> str:
        body = "".join(f"<p>{sentence}</p>" for sentence in sentences)
        head = "<html><head><title>Morning briefing</title></head>"
        return f"{head}<body><article><h1>Morning briefing</h1>{body}</article></body></html>"

    url = "https://harbour.example/briefing"
    quay = page(
        [
            "The harbour board approved the new quay wall on Monday after three years of argument.",
            "Its cost, forty million pounds, will be shared by the council and two shipping firms.",
            "Work starts in spring and should end before the autumn storms of the following year.",
            "Fishermen welcomed the decision, saying the old wall had flooded their sheds twice.",
        ]
    )
    runway = page(
        [
            "Airport managers closed the northern runway for repairs during a week of heavy rain.",
            "Flights to Dublin and Glasgow were moved to the shorter southern strip until Friday.",
            "Engineers found cracks in the asphalt laid in 1998, which a survey had missed.",
            "Passengers were told to arrive early, as queues at security grew through the weekend.",
        ]
    )
    [first] = client.post("/api/v1/ingest", json={"content": quay, "url": url}).json()["items"]

    [again] = client.post("/api/v1/ingest", json={"content": runway, "url": url}).json()["items"]

    assert (again["status"], again["reason"]) == (
        "already_had",
        f"already stored: same address; {OTHER_TEXT_NOT_TAKEN}",
    )
    assert "quay wall" in store.get_article(first["article"]["article_id"]).article.text


def test_ingesting_a_page_whose_canonical_link_names_another_story_says_so(
    client: TestClient, store: Store
) -> None:
    # Review 2026-12-08: the quay page pasted again from a newsletter's link, once its site wrote the
    # runway story's address into its canonical link, was "added" a second time, and nothing said why.
    def page(title: str, canonical: str, sentences: list[str]) -> str:
        body = "".join(f"<p>{sentence}</p>" for sentence in sentences)
        head = f'<html><head><title>{title}</title><link rel="canonical" href="{canonical}"></head>'
        return f"{head}<body><article><h1>{title}</h1>{body}</article></body></html>"

    quay_url, runway_url = "https://harbour.example/news/quay", "https://harbour.example/news/runway"
    quay = [
        "The harbour board approved the new quay wall on Monday after three years of argument.",
        "Its cost, forty million pounds, will be shared by the council and two shipping firms.",
        "Work starts in spring and should end before the autumn storms of the following year.",
        "Fishermen welcomed the decision, saying the old wall had flooded their sheds twice.",
    ]
    runway = [
        "Airport managers closed the northern runway for repairs during a week of heavy rain.",
        "Flights to Dublin and Glasgow were moved to the shorter southern strip until Friday.",
        "Engineers found cracks in the asphalt laid in 1998, which a survey had missed.",
        "Passengers were told to arrive early, as queues at security grew through the weekend.",
    ]
    [first] = client.post(
        "/api/v1/ingest", json={"content": page("Quay wall approved", quay_url, quay), "url": quay_url}
    ).json()["items"]
    [other] = client.post(
        "/api/v1/ingest", json={"content": page("Runway closed", runway_url, runway), "url": runway_url}
    ).json()["items"]
    edited = [quay[0], quay[1], quay[2].replace("spring", "summer"), quay[3]]

    [again] = client.post(
        "/api/v1/ingest",
        json={
            "content": page("Quay wall approved", runway_url, edited),
            "url": f"{quay_url}?utm_source=newsletter",
        },
    ).json()["items"]

    other_id = other["article"]["article_id"]
    assert (again["status"], again["article"]["article_id"]) == (
        "already_had",
        first["article"]["article_id"],
    )
    assert again["reason"] == (
        f"updated: same address; its canonical link names #{other_id}, another article:"
        " that address was not taken"
    )
    assert "summer" in store.get_article(first["article"]["article_id"]).article.text
    assert store.count_articles() == 2


def test_an_ingested_copy_is_answered_as_the_copy_its_own_page_says_it_is(client: TestClient) -> None:
    # Before: the ingest answer's article card said `"copy_of": null` for an article the store had
    # just recorded as a copy, which `GET /api/v1/articles/{id}` then named.
    paragraphs = "".join(
        f"<p>The harbour board approved the new quay wall on Monday, item {index} of the plan, after"
        f" three years of argument over its cost and the height of its storm barrier.</p>"
        for index in range(9)
    )

    def page(title: str) -> str:
        head = f"<html><head><title>{title}</title></head>"
        return f"{head}<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"

    first = client.post(
        "/api/v1/ingest",
        json={"content": page("Quay wall approved"), "url": "https://harbour.co.uk/news/quay"},
    )
    [original] = first.json()["items"]
    second = client.post(
        "/api/v1/ingest",
        json={"content": page("Harbour gets its wall"), "url": "https://coast.co.uk/harbour"},
    )
    [copy] = second.json()["items"]
    own = client.get(f"/api/v1/articles/{copy['article']['article_id']}").json()["article"]
    assert own["copy_of"] == original["article"]["article_id"]
    assert copy["article"] == own
