"""The sources commands end to end: subscribe (with discovery), fetch, sources, set, refresh,
remove, and OPML import/export, against a real server on 127.0.0.1 and a real store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.gather.fetch_server import FetchServer, respond, running_server
from tests.jobs.support import LONG_TEXT, rss
from tidings.cli.app import app

OPML = Path(__file__).resolve().parent.parent / "fixtures" / "attack-vectors" / "opml"


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


def sources_json(runner: CliRunner) -> list[dict[str, object]]:
    result = runner.invoke(app, ["sources", "--json"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_subscribe_fetch_and_list_a_site_found_from_its_home_page(
    server: FetchServer, runner: CliRunner
) -> None:
    base = server.url("")
    story = (
        "Harbour storm closes the ferry route",
        f"{LONG_TEXT} The harbour master said the ferries would stay in port until Thursday.",
    )
    server.routes["/"] = respond(
        200,
        '<html><head><link rel="alternate" type="application/rss+xml" title="News" href="/news.rss"></head>'
        "<body>Home</body></html>",
        content_type="text/html",
    )
    server.routes["/news.rss"] = respond(200, rss(base, ("storm-1", *story)), headers={"ETag": '"a"'})

    subscribed = runner.invoke(app, ["subscribe", server.url("/"), "--folder", "Local"])
    assert subscribed.exit_code == 0, subscribed.output
    assert server.url("/news.rss") in subscribed.stdout
    assert "the page links it" in subscribed.stdout

    fetched = runner.invoke(app, ["fetch"])
    assert fetched.exit_code == 0, fetched.output
    assert "1 sources polled: 1 new articles" in fetched.stderr

    (source,) = sources_json(runner)
    assert source["url"] == server.url("/news.rss")
    assert source["folder"] == "Local"
    assert source["state"] == "active"
    assert source["last_error"] is None
    assert source["articles_per_day"] == pytest.approx(1 / 7, abs=0.01)

    server.routes["/news.rss"] = respond(304)
    again = runner.invoke(app, ["sources", "refresh", str(source["id"])])
    assert again.exit_code == 0, again.output
    assert "not modified" in again.stdout
    assert server.hits("/news.rss")[-1].headers["if-none-match"] == '"a"'

    table = runner.invoke(app, ["sources"])
    assert table.exit_code == 0
    assert "active" in table.stdout
    assert "Local" in table.stdout

    exported = runner.invoke(app, ["export-opml"])
    assert exported.exit_code == 0
    assert f'xmlUrl="{server.url("/news.rss")}"' in exported.stdout
    assert 'text="Local"' in exported.stdout

    changed = runner.invoke(app, ["sources", "set", str(source["id"]), "--full-text", "on"])
    assert "full text on" in changed.stdout
    removed = runner.invoke(app, ["sources", "remove", str(source["id"])])
    assert removed.exit_code == 0
    assert sources_json(runner) == []


def test_a_failing_source_shows_its_error_and_fetch_goes_on(server: FetchServer, runner: CliRunner) -> None:
    server.routes["/good.rss"] = respond(200, rss(server.url(""), ("g", "Good news", LONG_TEXT)))
    server.routes["/bad.rss"] = respond(200, rss(server.url(""), ("b", "Bad", LONG_TEXT)))
    assert runner.invoke(app, ["subscribe", server.url("/good.rss")]).exit_code == 0
    assert runner.invoke(app, ["subscribe", server.url("/bad.rss")]).exit_code == 0
    server.routes["/bad.rss"] = respond(500, "oops")
    fetched = runner.invoke(app, ["fetch"])
    assert fetched.exit_code == 0
    assert "HTTP 500" in fetched.stderr
    assert "2 sources polled: 1 new articles" in fetched.stderr
    bad = next(source for source in sources_json(runner) if str(source["url"]).endswith("/bad.rss"))
    assert bad["error_count"] == 1
    assert "HTTP 500" in str(bad["last_error"])


def test_subscribe_refuses_a_private_address_by_default(
    server: FetchServer, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TIDINGS_FETCH_ALLOW_NETWORKS")
    server.routes["/news.rss"] = respond(200, rss(server.url(""), ("a", "A", LONG_TEXT)))
    result = runner.invoke(app, ["subscribe", server.url("/news.rss")], standalone_mode=False)
    assert result.exception is not None
    assert "loopback" in str(result.exception)
    assert server.seen == []


def test_import_opml_stores_without_fetching_and_reports_what_it_left_out(
    server: FetchServer, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With the default policy (no allow-list) every internal address in the file is refused.
    monkeypatch.delenv("TIDINGS_FETCH_ALLOW_NETWORKS")
    imported = runner.invoke(
        app, ["import-opml", str(OPML / "attack" / "internal-and-bad-scheme-xmlurls.opml")]
    )
    assert imported.exit_code == 3
    assert "0 subscribed, 0 already followed, 15 left out" in imported.stderr
    clean = runner.invoke(
        app, ["import-opml", str(OPML / "feedvalidator" / "clean" / "subscriptionList.opml")]
    )
    assert clean.exit_code == 0, clean.output
    assert "13 subscribed" in clean.stderr
    listed = sources_json(runner)
    assert len(listed) == 13
    assert all(source["last_success_at"] is None for source in listed)
    assert server.seen == []
