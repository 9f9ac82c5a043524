"""Subscribing through the JSON API to a feed the store follows already: answered from the store,
with no request to a server that asks to be left alone (HTTP 429)."""

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
def local_client(settings: Settings, store: Store) -> Iterator[TestClient]:
    local = replace(
        settings, serve_polls_sources=False, fetch_allow_networks=("127.0.0.1/32",), fetch_host_gap_s=0.0
    )
    with TestClient(create_app(Tidings(local, store=store)), raise_server_exceptions=False) as test_client:
        yield test_client


def test_subscribing_again_while_the_feed_answers_429_is_already_subscribed(
    server: FetchServer, local_client: TestClient
) -> None:
    # Before: the feed was fetched again at once and the answer was a 422 ("asked too often").
    server.routes["/feed.xml"] = respond(200, rss(server.url(""), ("a", "Harbour", LONG_TEXT)))
    first = local_client.post("/api/v1/subscriptions", json={"url": server.url("/feed.xml")})
    assert first.status_code == 201, first.text
    server.routes["/feed.xml"] = respond(429, "slow down", headers={"Retry-After": "3600"})
    asked = len(server.seen)
    again = local_client.post("/api/v1/subscriptions", json={"url": server.url("/feed.xml")})
    assert again.status_code == 201, again.text
    [item] = again.json()["subscriptions"]
    assert (item["status"], item["feed_url"], item["poll_outcome"]) == (
        "already_subscribed",
        server.url("/feed.xml"),
        None,
    )
    assert len(server.seen) == asked


def test_an_address_without_a_path_is_named_once_when_refused(
    server: FetchServer, local_client: TestClient
) -> None:
    # Fetched as its "/", it came back named so, after the address as given (review, 2026-12-07:
    # the Add page said "https://x.example: https://x.example/: the name could not be resolved").
    server.routes["/"] = respond(404, "no such page")
    address = server.url("").rstrip("/")
    problem = local_client.post("/api/v1/subscriptions", json={"url": address}).json()
    assert problem["detail"].startswith(f"{address}: ")
    assert problem["detail"].count(address) == 1, problem["detail"]
    page = local_client.post("/add", data={"url": address}).text
    assert f"{address}/" not in page
