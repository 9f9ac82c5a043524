"""The sources commands end to end: subscribe (with discovery), fetch, sources, set, refresh,
remove, and OPML import/export, against a real server on 127.0.0.1 and a real store."""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from tests.gather.fetch_server import FetchServer, respond, running_server
from tests.jobs.support import LONG_TEXT, rss
from tidings.cli.app import app
from tidings.cli.sources import describe_report
from tidings.cluster.embed import Embedder, embedder_named
from tidings.core import Tidings
from tidings.errors import InputError, UnsafeInput
from tidings.jobs import PollReport
from tidings.model import Added, Article, Outlet, Provenance
from tidings.store import PollFailure, Store
from tidings.store.schema import article_features, sources

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
    # Piped, a source is one line: its title and its URL together, as grep needs them.
    [row] = [line for line in table.stdout.splitlines() if server.url("/news.rss") in line]
    assert row.split()[:2] == [str(source["id"]), "active"]

    unchanged = runner.invoke(app, ["sources", "set", str(source["id"])])
    assert unchanged.exit_code == 2
    assert "give --full-text MODE or --resume: there is nothing to change" in unchanged.output

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
    assert fetched.exit_code == 3, fetched.output
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
    assert "TIDINGS_FETCH_ALLOW_NETWORKS" in str(result.exception)
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


def test_import_opml_names_a_file_with_a_line_break_in_one_line_per_outline(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before: each outline left out was printed on two lines, the file's name broken at its "\n".
    monkeypatch.delenv("TIDINGS_FETCH_ALLOW_NETWORKS")
    odd = tmp_path / "feeds\nlist.opml"
    odd.write_bytes((OPML / "attack" / "internal-and-bad-scheme-xmlurls.opml").read_bytes())
    imported = runner.invoke(app, ["import-opml", str(odd)])
    assert imported.exit_code == 3
    lines = imported.stderr.splitlines()
    assert len(lines) == 16, lines
    assert all(line.startswith(f"tidings: {tmp_path}/feeds\\x0alist.opml: outline ") for line in lines[:15])


def test_import_opml_reads_a_local_file_under_the_document_cap(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TIDINGS_MAX_DOCUMENT_BYTES", "1000")
    big = tmp_path / "big.opml"
    big.write_bytes(b"<opml>" + b" " * 2_000 + b"</opml>")
    refused = runner.invoke(app, ["import-opml", str(big)], standalone_mode=False)
    assert str(refused.exception) == (
        f"{big}: is 2,013 bytes, over the 1,000-byte cap (raise TIDINGS_MAX_DOCUMENT_BYTES to accept it)"
    )
    # A device is never read: /dev/zero would fill memory.
    device = runner.invoke(app, ["import-opml", "/dev/zero"], standalone_mode=False)
    assert str(device.exception).startswith("/dev/zero: is not a regular file")
    assert sources_json(runner) == []


SUBSCRIPTION_LIST = """<?xml version="1.0"?>
<opml version="1.0"><head><title>Mine</title></head><body>
<outline text="World"><outline text="Harbour" type="rss" xmlUrl="{base}/harbour.rss"/></outline>
<outline text="Town" type="rss" xmlUrl="{base}/town.rss"/>
</body></opml>"""


def test_import_opml_reads_a_url_through_the_fetcher_and_keeps_folders(
    server: FetchServer, runner: CliRunner
) -> None:
    server.routes["/subs.opml"] = respond(
        200, SUBSCRIPTION_LIST.format(base=server.url("")), content_type="text/x-opml"
    )
    imported = runner.invoke(app, ["import-opml", server.url("/subs.opml")])
    assert imported.exit_code == 0, imported.output
    assert "2 subscribed" in imported.stderr
    listed = {str(source["url"]): source for source in sources_json(runner)}
    assert listed[server.url("/harbour.rss")]["folder"] == "World"
    assert listed[server.url("/town.rss")]["folder"] == ""
    # Only the OPML document was fetched, by the one client (its User-Agent and OPML Accept).
    (seen,) = server.seen
    assert seen.path == "/subs.opml"
    assert seen.headers["user-agent"].startswith("Tidings/")
    assert "(+https://" in seen.headers["user-agent"]
    assert "text/x-opml" in seen.headers["accept"]


def test_import_opml_from_a_url_keeps_the_address_policy(
    server: FetchServer, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TIDINGS_FETCH_ALLOW_NETWORKS")
    server.routes["/subs.opml"] = respond(200, SUBSCRIPTION_LIST.format(base="https://news.example.com"))
    refused = runner.invoke(app, ["import-opml", server.url("/subs.opml")], standalone_mode=False)
    assert refused.exception is not None
    assert "loopback" in str(refused.exception)
    assert server.seen == []
    monkeypatch.setenv("TIDINGS_FETCH_ALLOW_NETWORKS", "127.0.0.1/32")
    server.routes["/gone.opml"] = respond(404, "no such list")
    missing = runner.invoke(app, ["import-opml", server.url("/gone.opml")], standalone_mode=False)
    assert missing.exception is not None
    assert "404" in str(missing.exception)
    assert sources_json(runner) == []


def test_a_feed_reached_through_a_tracking_link_is_the_source_already_followed(
    server: FetchServer, runner: CliRunner, tmp_path: Path
) -> None:
    # `subscribe feed.xml?utm_source=rss` made a second source of the feed already followed,
    # polled twice. A query that selects a feed stays: it names another feed.
    server.routes["/feed.xml"] = respond(200, rss(server.url(""), ("h", "Harbour news", LONG_TEXT)))
    first = runner.invoke(app, ["subscribe", server.url("/feed.xml?utm_source=rss&utm_medium=feed")])
    assert first.exit_code == 0, first.output
    (followed,) = sources_json(runner)
    assert first.stdout.startswith(f"subscribed: #{followed['id']} feed {server.url('/feed.xml')} (")
    again = runner.invoke(app, ["subscribe", server.url("/feed.xml?fbclid=abc")])
    assert again.stdout.startswith(f"already subscribed: #{followed['id']} feed {server.url('/feed.xml')} (")
    other = runner.invoke(app, ["subscribe", server.url("/feed.xml?format=rss&utm_campaign=x&feedtype=atom")])
    assert other.stdout.startswith("subscribed: #")
    assert f" feed {server.url('/feed.xml?format=rss&feedtype=atom')} (" in other.stdout
    opml = tmp_path / "mine.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>'
        f'<outline text="Harbour" type="rss" xmlUrl="{server.url("/feed.xml?utm_source=opml")}"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    imported = runner.invoke(app, ["import-opml", str(opml)])
    assert "0 subscribed, 1 already followed, 0 left out" in imported.stderr
    assert [source["url"] for source in sources_json(runner)] == [
        server.url("/feed.xml"),
        server.url("/feed.xml?format=rss&feedtype=atom"),
    ]
    fetched = runner.invoke(app, ["fetch"])
    assert "2 sources polled" in fetched.stderr


def test_the_sources_table_tells_a_past_error_from_a_current_one(
    server: FetchServer, runner: CliRunner
) -> None:
    # After a later poll succeeded, the table showed the old error as if the source were failing.
    feed = rss(server.url(""), ("h", "Harbour news", LONG_TEXT))
    server.routes["/feed.xml"] = respond(200, feed)
    assert runner.invoke(app, ["subscribe", server.url("/feed.xml")]).exit_code == 0
    (source,) = sources_json(runner)
    server.routes["/feed.xml"] = respond(200, b"", content_type="application/rss+xml")
    assert runner.invoke(app, ["sources", "refresh", str(source["id"])]).exit_code == 1

    def row() -> str:
        table = runner.invoke(app, ["sources"])
        assert table.exit_code == 0, table.output
        [line] = [line for line in table.stdout.splitlines() if server.url("/feed.xml") in line]
        return line

    assert re.search(rf"\d+ s ago: {re.escape(server.url('/feed.xml'))}: is empty", row())
    assert "OK since" not in row()
    server.routes["/feed.xml"] = respond(200, feed)
    assert runner.invoke(app, ["sources", "refresh", str(source["id"])]).exit_code == 0
    assert re.search(rf"\d+ s ago, OK since: {re.escape(server.url('/feed.xml'))}: is empty", row())
    # The JSON keeps the facts as they are: the error, its time, and no error since.
    (source,) = sources_json(runner)
    assert (source["error_count"], source["last_error"]) == (0, f"{server.url('/feed.xml')}: is empty")


def test_fetch_counts_the_articles_corrected_by_their_feed_entries(
    server: FetchServer, runner: CliRunner
) -> None:
    base = server.url("")
    server.routes["/news.rss"] = respond(200, rss(base, ("storm-1", "Harbour storm", LONG_TEXT)))
    assert runner.invoke(app, ["subscribe", server.url("/news.rss")]).exit_code == 0
    assert "1 sources polled: 1 new articles, 0 not modified" in runner.invoke(app, ["fetch"]).stderr
    corrected = f"{LONG_TEXT} The harbour master said the ferries would stay in port until Thursday."
    server.routes["/news.rss"] = respond(
        200, rss(base, ("storm-1", "Harbour storm closes the port", corrected))
    )
    with Tidings() as tidings, tidings.store.engine.begin() as connection:
        connection.execute(update(sources).values(next_check_at=datetime.now(UTC) - timedelta(minutes=1)))
    fetched = runner.invoke(app, ["fetch"])
    assert fetched.exit_code == 0, fetched.output
    assert ": 0 new, 1 updated" in fetched.stdout
    assert "1 sources polled: 0 new articles, 1 updated, 0 not modified, 0 failed" in fetched.stderr


def test_a_source_failing_for_days_is_paused_and_still_listed(server: FetchServer, runner: CliRunner) -> None:
    server.routes["/flaky.rss"] = respond(200, rss(server.url(""), ("f", "Flaky", LONG_TEXT)))
    assert runner.invoke(app, ["subscribe", server.url("/flaky.rss")]).exit_code == 0
    (source,) = sources_json(runner)
    # Its failures began four days ago (the default pause is after 72 hours) and it is due now.
    now = datetime.now(UTC)
    with Tidings() as tidings:
        tidings.store.record_poll_failure(
            int(str(source["id"])),
            PollFailure(
                checked_at=now - timedelta(hours=1),
                next_check_at=now - timedelta(minutes=1),
                error="HTTP 503",
                state="active",
                failing_since=now - timedelta(days=4),
            ),
        )
    server.routes["/flaky.rss"] = respond(503, "down")
    fetched = runner.invoke(app, ["fetch"])
    assert fetched.exit_code == 3, fetched.output
    assert "paused" in fetched.stderr
    (paused,) = sources_json(runner)
    assert paused["state"] == "paused"
    assert paused["error_count"] == 2
    next_check = datetime.fromisoformat(str(paused["next_check_at"]))
    assert next_check - now > timedelta(hours=20)
    table = runner.invoke(app, ["sources"])
    [row] = [line for line in table.stdout.splitlines() if "/flaky.rss" in line]
    assert f"paused, failing since {now - timedelta(days=4):%Y-%m-%d}" in row
    # Paused, not dropped: it is still exported and comes back when asked.
    assert server.url("/flaky.rss") in runner.invoke(app, ["export-opml"]).stdout
    resumed = runner.invoke(app, ["sources", "set", str(paused["id"]), "--resume"])
    assert "active" in resumed.stdout


def _interruptible() -> None:
    # A shell that starts a job in the background (`make test &`) makes it ignore SIGINT, and its
    # children inherit that; Ctrl-C at a terminal is what this test stands for, so it is restored.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _subscribed_to_news(server: FetchServer, database_url: str, tmp_path: Path) -> tuple[dict[str, str], int]:
    """A store in ``tmp_path`` subscribed by `tidings subscribe` to the server's ``/news.rss``: the
    environment that reaches it, and how often the feed had been asked for then."""
    environment = {
        **os.environ,
        "TIDINGS_DATA_DIR": str(tmp_path / "data"),
        "TIDINGS_DATABASE_URL": database_url,
        "TIDINGS_FETCH_ALLOW_NETWORKS": "127.0.0.1/32",
        "TIDINGS_FETCH_HOST_GAP_S": "0",
        "TIDINGS_FULL_TEXT_DEFAULT": "off",
    }
    subscribed = subprocess.run(
        [sys.executable, "-m", "tidings", "subscribe", server.url("/news.rss")],
        env=environment,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert subscribed.returncode == 0, subscribed.stderr
    return environment, len(server.hits("/news.rss"))


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_run_keeps_polling_until_interrupted(
    server: FetchServer, database_url: str, tmp_path: Path, stop_signal: signal.Signals
) -> None:
    server.routes["/news.rss"] = respond(200, rss(server.url(""), ("r", "Run", LONG_TEXT)))
    environment, hits_after_subscribe = _subscribed_to_news(server, database_url, tmp_path)
    command = [sys.executable, "-m", "tidings"]
    process = subprocess.Popen(
        [*command, "run"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_interruptible,  # noqa: PLW1509 - a single-threaded call to signal(), nothing else
    )
    try:
        deadline = time.monotonic() + 120
        while len(server.hits("/news.rss")) == hits_after_subscribe and time.monotonic() < deadline:
            assert process.poll() is None, process.communicate()
            time.sleep(0.2)
        assert len(server.hits("/news.rss")) > hits_after_subscribe
        time.sleep(1.0)  # the poll's transaction lands
        assert process.poll() is None  # still running: it waits for the next check
    finally:
        process.send_signal(stop_signal)
        try:
            out, err = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            # Killed and its pipes closed, so that a hang fails this test alone, not a later one
            # with the pipes' ResourceWarning.
            process.kill()
            process.communicate()
            raise
    # Ctrl+C is an interruption (130), as docs/cli.md says of every command; it was 0. SIGTERM is
    # a service manager's normal stop.
    assert process.returncode == (130 if stop_signal == signal.SIGINT else 0), err
    # It said which store only by "polling sources": a user with two could not tell.
    assert f"polling sources in the store {Store.open(database_url).name}; press Ctrl-C to stop" in err
    assert "stopped" in err
    assert "1 new" in out


def test_run_stopped_during_a_poll_says_it_is_finishing_it_and_stores_what_it_brings(
    server: FetchServer, database_url: str, tmp_path: Path
) -> None:
    # Stopped while a slow server answered, it said nothing for as long as the poll took (up to
    # TIDINGS_FETCH_TIMEOUT_S, 30 s), then "stopped": a user pressing Ctrl-C saw no sign that it
    # had been heard (review, 2026-12-07).
    answer = respond(200, rss(server.url(""), ("r", "Run", LONG_TEXT)))
    server.routes["/news.rss"] = answer
    environment, hits_after_subscribe = _subscribed_to_news(server, database_url, tmp_path)
    command = [sys.executable, "-m", "tidings"]

    def slowly(request: Any) -> None:
        time.sleep(4.0)
        answer(request)

    server.routes["/news.rss"] = slowly
    process = subprocess.Popen(
        [*command, "run"], env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 120
        while len(server.hits("/news.rss")) == hits_after_subscribe and time.monotonic() < deadline:
            assert process.poll() is None, process.communicate()
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            out, err = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise
    assert process.returncode == 0, err
    lines = err.splitlines()
    assert lines[-2:] == [
        "stopping: finishing the polls under way (Ctrl-C stops them now)",
        "stopped",
    ]
    assert "1 new" in out  # the poll under way was finished, its entry stored


XML_ATTACKS = Path(__file__).resolve().parent.parent / "fixtures" / "attack-vectors" / "xml" / "feed-shaped"


def test_a_source_that_turns_empty_or_binary_is_named_so_once(server: FetchServer, runner: CliRunner) -> None:
    # Both were reported as "is plain text, not a feed", after the source's URL given twice.
    base = server.url("")
    for name in ("empty", "binary"):
        server.routes[f"/{name}.rss"] = respond(200, rss(base, (name, name.title(), LONG_TEXT)))
        assert runner.invoke(app, ["subscribe", server.url(f"/{name}.rss")]).exit_code == 0
    server.routes["/empty.rss"] = respond(200, b"", content_type="application/rss+xml")
    server.routes["/binary.rss"] = respond(
        200, b"\x89PNG\r\n\x1a\n" + bytes(200), content_type="application/rss+xml"
    )
    fetched = runner.invoke(app, ["fetch"])
    assert fetched.exit_code == 3, fetched.output
    lines = fetched.stderr.splitlines()
    empty = next(line for line in lines if "/empty.rss" in line)
    binary = next(line for line in lines if "/binary.rss" in line)
    assert empty.endswith(f"{server.url('/empty.rss')}: failed: is empty")
    assert "PNG" in binary
    assert binary.count(server.url("/binary.rss")) == 1
    assert "plain text" not in fetched.stderr


def test_subscribe_to_a_gzip_file_sitemap_follows_it(server: FetchServer, runner: CliRunner) -> None:
    # sitemap.xml.gz served as a file (application/gzip), not as a Content-Encoding: the sitemap
    # protocol allows it; discovery refused it as "gzip-compressed data … decompress it first".
    sitemap = (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{server.url('/article/1')}</loc><lastmod>2026-11-23T10:00:00Z</lastmod></url></urlset>"
    )
    server.routes["/sitemap.xml.gz"] = respond(
        200, gzip.compress(sitemap.encode()), content_type="application/gzip"
    )
    subscribed = runner.invoke(app, ["subscribe", server.url("/sitemap.xml.gz")])
    assert subscribed.exit_code == 0, subscribed.output
    assert "sitemap" in subscribed.stdout
    assert "the URL is a sitemap" in subscribed.stdout


@pytest.mark.parametrize(
    ("fixture", "reason"),
    [
        ("rss-billion-laughs.xml", "declares the XML entity 'lol1' in terms of other entities"),
        ("rss-xxe-file.xml", "declares the external XML entity"),
    ],
)
def test_subscribe_to_a_hostile_feed_says_why_and_follows_nothing_else(
    server: FetchServer, runner: CliRunner, fixture: str, reason: str
) -> None:
    # The site also has a feed at a usual path; discovery used to pass over the refused feed
    # silently and subscribe to that one ("a usual feed path") instead.
    server.routes["/hostile.xml"] = respond(
        200, (XML_ATTACKS / fixture).read_bytes(), content_type="application/rss+xml"
    )
    server.routes["/feed"] = respond(200, rss(server.url(""), ("a", "A", LONG_TEXT)))
    result = runner.invoke(app, ["subscribe", server.url("/hostile.xml")], standalone_mode=False)
    assert isinstance(result.exception, UnsafeInput)
    assert str(result.exception).startswith(f"{server.url('/hostile.xml')}: {reason}")
    assert sources_json(runner) == []


def test_a_sitemap_with_an_entity_bomb_is_refused_in_our_words(
    server: FetchServer, runner: CliRunner
) -> None:
    bomb = (XML_ATTACKS / "rss-billion-laughs.xml").read_bytes().replace(b"rss", b"urlset")
    server.routes["/sitemap.xml"] = respond(200, bomb, content_type="application/xml")
    result = runner.invoke(app, ["subscribe", server.url("/sitemap.xml")], standalone_mode=False)
    assert isinstance(result.exception, UnsafeInput)
    assert str(result.exception).endswith("the shape of an entity-expansion bomb; refused")
    assert sources_json(runner) == []


def test_import_opml_refuses_an_entity_bomb_in_one_line_of_our_own(runner: CliRunner) -> None:
    path = OPML / "attack" / "entity-bomb.opml"
    imported = runner.invoke(app, ["import-opml", str(path)], standalone_mode=False)
    assert isinstance(imported.exception, UnsafeInput)
    assert str(imported.exception) == (
        f"{path}: declares the XML entity 'lol1' in terms of other entities, the shape of an "
        "entity-expansion bomb; refused"
    )


def test_a_poll_line_counts_the_teasers_its_pages_completed() -> None:
    quiet = PollReport(source_id=3, url="https://example.org/feed", outcome="not-modified", completed=2)
    assert (
        describe_report(quiet)
        == "#3 https://example.org/feed: not modified, 2 teasers completed by their pages"
    )
    new = PollReport(
        source_id=3, url="https://example.org/feed", outcome="new", added=4, refused=1, completed=1
    )
    assert describe_report(new) == (
        "#3 https://example.org/feed: 4 new, 1 entry refused, 1 teaser completed by its page"
    )
    several = replace(new, refused=2, completed=0)
    assert describe_report(several) == "#3 https://example.org/feed: 4 new, 2 entries refused"


def test_a_teaser_past_a_poll_s_page_budget_is_completed_by_the_next_poll(
    server: FetchServer, runner: CliRunner, database_url: str
) -> None:
    entries = [(f"t{number}", f"Harbour report number {number}", "One line teaser.") for number in range(31)]
    server.routes["/teasers.rss"] = respond(200, rss(server.url(""), *entries))
    for number, (guid, title, _teaser) in enumerate(entries):
        body = f"{LONG_TEXT} Report {number} adds what the harbour master said on day {number}."
        server.routes[f"/article/{guid}"] = respond(
            200,
            f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"<p>{body}</p></article></body></html>",
            content_type="text/html; charset=utf-8",
        )
    subscribed = runner.invoke(app, ["subscribe", server.url("/teasers.rss"), "--full-text", "on"])
    assert subscribed.exit_code == 0, subscribed.output
    fetched = runner.invoke(app, ["fetch"])
    assert fetched.exit_code == 0, fetched.output
    assert "31 new" in fetched.stdout
    assert sum(len(server.hits(f"/article/{guid}")) for guid, _t, _d in entries) == 30
    (source,) = sources_json(runner)
    again = runner.invoke(app, ["sources", "refresh", str(source["id"])])
    assert again.exit_code == 0, again.output
    assert "1 teaser completed by its page" in again.stdout
    assert all(len(server.hits(f"/article/{guid}")) == 1 for guid, _t, _d in entries)
    store = Store.open(database_url)
    try:
        (last,) = [stored for stored in store.list_articles(limit=50) if "on day 30." in stored.article.text]
        with store.engine.connect() as connection:
            headline_only = connection.execute(
                select(article_features.c.headline_only).where(
                    article_features.c.article_id == last.article_id
                )
            ).scalar_one()
        assert not headline_only  # its story features were made again from the full text
    finally:
        store.close()


def test_fetch_places_what_an_interrupted_stories_step_left(runner: CliRunner, database_url: str) -> None:
    store = Store.open(database_url)
    try:
        store.migrate()
        left = store.add_article(
            Article(
                title="Harbour storm closes the ferry route",
                text=LONG_TEXT,
                html="",
                outlet=Outlet("Harbour Times", "harbour.example"),
                provenance=Provenance("file", "storm.html"),
                fetched_at=datetime(2026, 11, 23, tzinfo=UTC),
            )
        )
        assert isinstance(left, Added)
        assert store.story_places([left.article_id]) == {}
        fetched = runner.invoke(app, ["fetch"])
        assert fetched.exit_code == 0, fetched.output
        assert left.article_id in store.story_places([left.article_id])
    finally:
        store.close()


def test_fetch_with_nothing_left_by_a_stories_step_loads_no_story_model(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every `tidings fetch` finishes what a stories step left; with nothing left it must not load
    # the story model (MiniLM took 5 s on its first load here, 0.2 s from its cached export).
    loaded: list[str] = []

    def recorded(name: str, *, cache_dir: Path | None = None) -> Embedder:
        loaded.append(name)
        return embedder_named(name, cache_dir=cache_dir)

    # The facade imports embedder_named as it builds the story desk (tidings.core's imports).
    monkeypatch.setattr("tidings.cluster.embed.embedder_named", recorded)
    fetched = runner.invoke(app, ["fetch"])
    assert fetched.exit_code == 0, fetched.output
    assert loaded == []


def test_a_failed_refresh_is_one_line_on_standard_error(server: FetchServer, runner: CliRunner) -> None:
    # Before: `sources refresh` printed the failure on standard output, without `tidings:`.
    server.routes["/feed.xml"] = respond(200, rss(server.url(""), ("h", "Harbour news", LONG_TEXT)))
    assert runner.invoke(app, ["subscribe", server.url("/feed.xml")]).exit_code == 0
    (source,) = sources_json(runner)
    server.routes["/feed.xml"] = respond(503, "down")
    refreshed = runner.invoke(app, ["sources", "refresh", str(source["id"])])
    assert refreshed.exit_code == 1
    assert refreshed.stdout == ""
    assert refreshed.stderr.startswith(f"tidings: #{source['id']} {server.url('/feed.xml')}: failed: ")
    assert len(refreshed.stderr.splitlines()) == 1


def test_an_imported_home_page_and_sitemap_are_resolved_by_fetch(
    server: FetchServer, runner: CliRunner, tmp_path: Path
) -> None:
    base = server.url("")
    server.routes["/"] = respond(
        200,
        '<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head></html>',
        content_type="text/html",
    )
    server.routes["/feed.xml"] = respond(200, rss(base, ("h", "Harbour news", LONG_TEXT)))
    server.routes["/sitemap.xml"] = respond(
        200,
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{base}/a</loc><lastmod>2020-01-01</lastmod></url></urlset>",
        content_type="application/xml",
    )
    opml = tmp_path / "list.opml"
    outlines = "".join(
        f'<outline text="x" xmlUrl="{server.url(path)}"/>' for path in ("/", "/feed.xml", "/sitemap.xml")
    )
    opml.write_text(
        f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>', encoding="utf-8"
    )
    assert runner.invoke(app, ["import-opml", str(opml)]).exit_code == 0
    fetched = runner.invoke(app, ["fetch"])
    assert fetched.exit_code == 0, fetched.output
    assert "0 failed" in fetched.stderr
    assert "is source #" in fetched.stdout
    assert "the address is a sitemap, followed as one from now on" in fetched.stdout
    kinds = {source["url"]: source["kind"] for source in sources_json(runner)}
    assert kinds == {server.url("/feed.xml"): "feed", server.url("/sitemap.xml"): "sitemap"}
    assert runner.invoke(app, ["fetch"]).exit_code == 0


@pytest.mark.parametrize(
    ("folder", "reason"),
    [
        ("W" * 256, "is 256 characters long; a folder name may have at most 255"),
        ("World\nNews", "contains a control character"),
    ],
)
def test_subscribe_refuses_a_folder_the_store_could_not_keep_before_any_request(
    server: FetchServer, runner: CliRunner, folder: str, reason: str
) -> None:
    # The store keeps a folder's first 255 characters and PostgreSQL no NUL: before, a long
    # folder was cut short unsaid (the API already refused both, as a 422 naming body.folder).
    server.routes["/news.rss"] = respond(200, rss(server.url(""), ("storm-1", "Harbour storm", LONG_TEXT)))

    refused = runner.invoke(app, ["subscribe", server.url("/news.rss"), "--folder", folder])

    # ``run_cli`` prints a TidingsError as "tidings: " and its sentence, exit status 1.
    assert isinstance(refused.exception, InputError)
    assert str(refused.exception).startswith("folder '")
    assert reason in str(refused.exception)
    assert server.seen == []
    assert sources_json(runner) == []


def test_import_opml_counts_repeats_and_names_a_folder_and_an_empty_document(
    runner: CliRunner, tmp_path: Path
) -> None:
    # Before: "1 subscribed, 1 already followed, 0 left out" for 8 outlines.
    repeated = runner.invoke(app, ["import-opml", str(OPML / "attack" / "duplicates.opml")])
    assert repeated.exit_code == 0
    assert "1 subscribed, 0 already followed, 7 repeated in the file, 0 left out" in repeated.stderr
    # Before: "is a folder that cannot be read".
    folder = runner.invoke(app, ["import-opml", str(tmp_path)], standalone_mode=False)
    assert str(folder.exception) == f"{tmp_path}: is a folder; give an OPML file"
    # A comment only (synthetic, as feedparser's illformed/rss_empty_document.xml). Before: "is not
    # well-formed XML … (Start tag expected, '<' not found …)".
    empty = tmp_path / "empty.opml"
    empty.write_text("<?xml version='1.0'?>\n<!--\nDescription: Empty document\n-->\n")
    refused = runner.invoke(app, ["import-opml", str(empty)], standalone_mode=False)
    assert str(refused.exception) == (
        f"{empty}: is empty: it holds only comments or an XML declaration, no OPML outline"
    )


def test_import_opml_of_an_empty_path_is_a_usage_error_not_a_folder(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # QA (2026-12-07): `tidings import-opml ""` said "tidings: : is a folder; give an OPML file"
    # (the current folder), naming no input.
    monkeypatch.chdir(tmp_path)
    refused = runner.invoke(app, ["import-opml", ""])
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert refused.stderr == (
        "tidings import-opml: invalid value for 'path': an empty path names no file: give an OPML file, "
        "its http(s) URL or '-'; see `tidings import-opml --help`\n"
    )
