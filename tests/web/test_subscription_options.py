"""Subscribing through the JSON API with the options of `tidings subscribe` (`folder`,
`full_text`), and the answer naming the source followed (real feed server, real store)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from starlette.testclient import TestClient

from tests.gather.fetch_server import FetchServer, respond, running_server
from tests.jobs.support import LONG_TEXT, rss
from tidings.config import Settings
from tidings.core import Tidings
from tidings.store import Store
from tidings.web.app import create_app


@pytest.fixture
def server() -> Iterator[FetchServer]:
    yield from running_server()


@pytest.fixture
def local(settings: Settings, store: Store) -> Tidings:
    allowed = replace(
        settings, serve_polls_sources=False, fetch_allow_networks=("127.0.0.1/32",), fetch_host_gap_s=0.0
    )
    return Tidings(allowed, store=store)


@pytest.fixture
def local_client(local: Tidings) -> Iterator[TestClient]:
    with TestClient(create_app(local), raise_server_exceptions=False) as test_client:
        yield test_client


def _feed(server: FetchServer, path: str) -> str:
    server.routes[path] = respond(200, rss(server.url(""), ("a", "Harbour", LONG_TEXT)))
    return server.url(path)


def test_a_subscription_takes_a_folder_and_a_full_text_mode_and_names_its_source(
    server: FetchServer, local: Tidings, local_client: TestClient
) -> None:
    url = _feed(server, "/feed.xml")
    answer = local_client.post(
        "/api/v1/subscriptions", json={"url": url, "folder": "World", "full_text": "off"}
    )
    assert answer.status_code == 201, answer.text
    [item] = answer.json()["subscriptions"]
    assert (item["status"], item["poll_outcome"], item["articles_added"]) == ("subscribed", "new", 1)
    [health] = local.sources()
    assert item["source_id"] == health.source.source_id
    assert (health.folder, health.source.full_text) == ("World", "off")
    # Subscribing again names the same source, without a request.
    again = local_client.post("/api/v1/subscriptions", json={"url": url})
    assert again.json()["subscriptions"][0]["source_id"] == health.source.source_id


def test_without_options_a_subscription_is_filed_nowhere_in_the_default_mode(
    server: FetchServer, local: Tidings, local_client: TestClient
) -> None:
    url = _feed(server, "/plain.xml")
    answer = local_client.post("/api/v1/subscriptions", json={"url": url, "full_text": None})
    assert answer.status_code == 201, answer.text
    [health] = local.sources()
    assert (health.folder, health.source.full_text) == ("", local.settings.full_text_default)


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"full_text": "sometimes"}, "body.full_text"),
        ({"full_text": True}, "body.full_text"),
        ({"folder": "x" * 256}, "body.folder"),
        ({"folder": "World\x00"}, "body.folder"),
        ({"folder": "World\nNews"}, "body.folder"),
        ({"folder": 3}, "body.folder"),
    ],
)
def test_a_malformed_option_is_a_422_naming_it_before_any_request(
    server: FetchServer, local: Tidings, local_client: TestClient, options: dict[str, object], field: str
) -> None:
    url = _feed(server, "/feed.xml")
    answer = local_client.post("/api/v1/subscriptions", json={"url": url, **options})
    assert answer.status_code == 422, answer.text
    assert [error["field"] for error in answer.json()["errors"]] == [field]
    assert server.seen == []
    assert local.sources() == []


def test_the_add_page_names_the_source_as_the_api_does(
    server: FetchServer, local: Tidings, local_client: TestClient
) -> None:
    url = _feed(server, "/feed.xml")
    page = local_client.post("/add", data={"url": url})
    assert page.status_code == 200, page.text
    [health] = local.sources()
    assert f"(source #{health.source.source_id})." in page.text


def test_the_document_describes_the_options_and_the_source_id(local_client: TestClient) -> None:
    document = local_client.get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert set(schemas["SubscribeRequest"]["properties"]) == {"url", "folder", "full_text"}
    assert "source_id" in schemas["SubscribedItemOut"]["required"]
