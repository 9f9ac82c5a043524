"""A feed subscribed with a user name and password in its address, end to end: the password is
used to fetch and kept in the OPML export, and is shown nowhere else (subscribe's line, the
source list, fetch's error lines, the stored last error), against a real server that checks Basic
authentication on 127.0.0.1 and a real store."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.gather.fetch_server import FetchServer, Handler, respond, running_server
from tests.jobs.support import LONG_TEXT, rss
from tidings.cli.app import app
from tidings.core import Tidings

USER = "reader"
PASSWORD = "secret"


@pytest.fixture
def server() -> Iterator[FetchServer]:
    yield from running_server()


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str) -> CliRunner:
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TIDINGS_DATABASE_URL", database_url)
    monkeypatch.setenv("TIDINGS_FETCH_ALLOW_NETWORKS", "127.0.0.1/32")
    monkeypatch.setenv("TIDINGS_FETCH_HOST_GAP_S", "0")
    monkeypatch.setenv("TIDINGS_FULL_TEXT_DEFAULT", "off")
    return CliRunner()


def with_basic_auth(then: Handler) -> Handler:
    """``then`` for a request carrying the account's Basic credentials, HTTP 401 for any other."""
    expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode("ascii")

    def handle(request: BaseHTTPRequestHandler) -> None:
        if request.headers.get("Authorization") != expected:
            respond(401, "who are you?", headers={"WWW-Authenticate": 'Basic realm="feed"'})(request)
            return
        then(request)

    return handle


def private_url(server: FetchServer, path: str) -> str:
    return server.url(path).replace("http://", f"http://{USER}:{PASSWORD}@", 1)


def masked_url(server: FetchServer, path: str) -> str:
    return server.url(path).replace("http://", f"http://{USER}:***@", 1)


@pytest.mark.parametrize(
    ("failing", "said"),
    [
        (respond(500, "oops"), "HTTP 500"),
        (respond(200, b"", content_type="application/rss+xml"), "is empty"),
    ],
    ids=["http-500", "empty-feed"],
)
def test_a_private_feeds_password_is_used_and_exported_but_never_shown(
    server: FetchServer, runner: CliRunner, failing: Handler, said: str
) -> None:
    feed = rss(server.url(""), ("p1", "Members' news", LONG_TEXT))
    server.routes["/private.rss"] = with_basic_auth(respond(200, feed, content_type="application/rss+xml"))

    subscribed = runner.invoke(app, ["subscribe", private_url(server, "/private.rss")])
    assert subscribed.exit_code == 0, subscribed.output
    assert PASSWORD not in subscribed.output
    assert masked_url(server, "/private.rss") in subscribed.stdout
    # The password was sent: the feed was read (a request without it gets 401).
    assert server.hits("/private.rss")[-1].headers["authorization"].startswith("Basic ")

    server.routes["/private.rss"] = with_basic_auth(failing)
    fetched = runner.invoke(app, ["fetch"])
    assert fetched.exit_code == 3, fetched.output
    [line] = [line for line in fetched.stderr.splitlines() if "/private.rss" in line]
    assert said in line
    assert masked_url(server, "/private.rss") in line
    assert PASSWORD not in fetched.output

    table = runner.invoke(app, ["sources"])
    assert table.exit_code == 0, table.output
    assert masked_url(server, "/private.rss") in table.stdout
    assert said in table.stdout
    assert PASSWORD not in table.stdout

    listed = runner.invoke(app, ["sources", "--json"])
    (source,) = [json.loads(line) for line in listed.stdout.splitlines()]
    assert source["url"] == masked_url(server, "/private.rss")
    assert said in str(source["last_error"])
    assert PASSWORD not in listed.stdout

    # What is stored: the address itself (it is fetched with), its error without the password.
    with Tidings() as tidings:
        (health,) = tidings.sources()
    assert health.source.url == private_url(server, "/private.rss")
    assert health.source.last_error is not None
    assert said in health.source.last_error
    assert PASSWORD not in health.source.last_error

    refreshed = runner.invoke(app, ["sources", "refresh", str(source["id"])])
    assert refreshed.exit_code == 1, refreshed.output
    assert masked_url(server, "/private.rss") in refreshed.stderr
    assert PASSWORD not in refreshed.output

    # The export is the user's own backup: it keeps the address whole.
    exported = runner.invoke(app, ["export-opml"])
    assert exported.exit_code == 0, exported.output
    assert f'xmlUrl="{private_url(server, "/private.rss")}"' in exported.stdout


def test_a_refused_subscription_names_the_address_without_its_password(
    server: FetchServer, runner: CliRunner
) -> None:
    server.routes["/gone.rss"] = with_basic_auth(respond(404, "no such feed"))
    refused = runner.invoke(app, ["subscribe", private_url(server, "/gone.rss")], standalone_mode=False)
    # The error is what `tidings` prints as its one line.
    assert refused.exception is not None
    assert str(refused.exception).startswith(masked_url(server, "/gone.rss") + ": ")
    assert "HTTP 404" in str(refused.exception)
    assert PASSWORD not in str(refused.exception)


def test_a_feed_that_cannot_be_read_is_named_without_its_password(
    server: FetchServer, database_url: str, tmp_path: Path
) -> None:
    # The error (the feed's own reading, not the fetch) reaches `tidings`'s one error line.
    server.routes["/empty.rss"] = with_basic_auth(respond(200, b"", content_type="application/rss+xml"))
    environment = {
        **os.environ,
        "TIDINGS_DATA_DIR": str(tmp_path / "data"),
        "TIDINGS_DATABASE_URL": database_url,
        "TIDINGS_FETCH_ALLOW_NETWORKS": "127.0.0.1/32",
        "TIDINGS_FETCH_HOST_GAP_S": "0",
    }
    refused = subprocess.run(
        [sys.executable, "-m", "tidings", "subscribe", private_url(server, "/empty.rss")],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert refused.returncode == 1, refused.stderr
    assert refused.stderr == f"tidings: {masked_url(server, '/empty.rss')}: is empty\n"
    assert server.hits("/empty.rss")
