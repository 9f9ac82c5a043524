"""A feed address with a password, subscribed from the web reader's form and the JSON API: the
result names the address with its password masked, refused or subscribed, while the source
stored keeps the address it is fetched with."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler

import pytest
from starlette.testclient import TestClient

from tests.gather.fetch_server import FetchServer, respond, running_server
from tests.jobs.support import LONG_TEXT, rss
from tidings.config import Settings
from tidings.core import Tidings
from tidings.store import Store
from tidings.web.app import create_app
from tidings.web.reader import PASSWORD_LEFT_OUT

PRIVATE = "http://reader:secret@127.0.0.1:9/feed.xml"
MASKED = "http://reader:***@127.0.0.1:9/feed.xml"


def test_a_refused_subscription_names_the_address_with_its_password_masked(client: TestClient) -> None:
    # Loopback is refused by default: the refusal names the address, which must not carry "secret".
    response = client.post("/api/v1/subscriptions", json={"url": PRIVATE})
    assert response.status_code == 422
    problem = response.json()
    assert problem["detail"].startswith(f"{MASKED}: ")
    assert "loopback" in problem["errors"][0]["message"]
    assert "secret" not in response.text


def test_the_add_form_shows_a_refused_address_with_its_password_masked(client: TestClient) -> None:
    response = client.post("/add", data={"url": PRIVATE})
    assert response.status_code == 422
    assert "Refused" in response.text
    assert "reader:***@127.0.0.1:9" in response.text
    # The form keeps what was typed, to be corrected and sent again, but not its password: masked,
    # it would be sent again as "***"; left out, the page says so.
    refilled = 'name="url" type="url" inputmode="url" placeholder="https://…" maxlength="2048"'
    assert f'{refilled} value="http://reader@127.0.0.1:9/feed.xml"' in response.text
    assert PASSWORD_LEFT_OUT in response.text
    assert "secret" not in response.text


def test_the_add_form_puts_a_pasted_pages_address_back_without_its_password(client: TestClient) -> None:
    response = client.post(
        "/add", data={"content": "Sign in", "content_url": "ftp://reader:secret@example.com/"}
    )
    assert response.status_code == 400
    assert 'value="ftp://reader@example.com/"' in response.text
    assert "ftp://reader:***@example.com/" in response.text  # named in the error, masked
    assert PASSWORD_LEFT_OUT in response.text
    assert "secret" not in response.text


def test_the_add_form_says_nothing_of_passwords_when_none_was_typed(client: TestClient) -> None:
    response = client.post("/add", data={"url": "http://127.0.0.1:9/feed.xml"})
    assert response.status_code == 422
    assert 'value="http://127.0.0.1:9/feed.xml"' in response.text
    assert PASSWORD_LEFT_OUT not in response.text


@pytest.fixture
def server() -> Iterator[FetchServer]:
    yield from running_server()


@pytest.fixture
def local_client(settings: Settings, store: Store) -> Iterator[TestClient]:
    """An app whose fetcher may reach the test server on 127.0.0.1."""
    local = replace(
        settings, serve_polls_sources=False, fetch_allow_networks=("127.0.0.1/32",), fetch_host_gap_s=0.0
    )
    with TestClient(create_app(Tidings(local, store=store)), raise_server_exceptions=False) as test_client:
        yield test_client


def test_a_subscription_with_a_password_is_made_and_shown_masked(
    server: FetchServer, local_client: TestClient, store: Store
) -> None:
    feed = rss(server.url(""), ("p1", "Members' news", LONG_TEXT))
    expected = "Basic " + base64.b64encode(b"reader:secret").decode("ascii")

    def members_only(request: BaseHTTPRequestHandler) -> None:
        status = 200 if request.headers.get("Authorization") == expected else 401
        respond(status, feed if status == 200 else "who are you?", content_type="application/rss+xml")(
            request
        )

    server.routes["/private.rss"] = members_only
    private = server.url("/private.rss").replace("http://", "http://reader:secret@", 1)
    masked = server.url("/private.rss").replace("http://", "http://reader:***@", 1)

    response = local_client.post("/api/v1/subscriptions", json={"url": private})
    assert response.status_code == 201, response.text
    [item] = response.json()["subscriptions"]
    assert item["requested_url"] == masked
    assert item["feed_url"] == masked
    assert item["poll_outcome"] == "new"
    assert "secret" not in response.text

    page = local_client.post("/add", data={"url": private})
    assert masked in page.text
    assert "secret" not in page.text
    # The source keeps the address it is fetched with.
    [subscription] = store.subscriptions()
    assert subscription.source.url == private
