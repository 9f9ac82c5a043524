"""`tidings add` and `tidings extract` on local inputs, end to end: a real store on each database,
a folder with a feed, a UTF-16 text save, and bad files; standard input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from tidings.cli.app import EXIT_SKIPPED, app

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
STORY = (
    "Council approves the new bridge\n\nBy Ana Lima\n\n"
    "The council voted seven to two on Monday to build the bridge across the river, ending a debate "
    "that has run for more than ten years in the city.\n\n"
    "Work on the bridge starts in the spring and should take three years, the mayor said.\n"
)


def test_add_reads_a_folder_reports_each_bad_file_in_one_line_and_goes_on(
    runner: CliRunner, tmp_path: Path
) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copy(FIXTURES / "gather" / "rss20-news.xml", inputs / "a-tribune.xml")
    (inputs / "b-empty.html").write_bytes(b"")
    shutil.copy(
        FIXTURES / "attack-vectors" / "xml" / "feed-shaped" / "rss-quadratic-blowup.xml",
        inputs / "c-bomb.xml",
    )
    (inputs / "d-story.txt").write_bytes(STORY.encode("utf-16"))

    result = runner.invoke(app, ["add", str(inputs)])

    assert result.exit_code == EXIT_SKIPPED, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("tidings: ")]
    assert errors == [
        f"tidings: {inputs / 'b-empty.html'}: is empty",
        f"tidings: {inputs / 'c-bomb.xml'}: expands its XML entities to more than 100,000 characters; "
        "refused as an entity-expansion bomb",
    ]
    assert "Traceback" not in result.output
    listed = runner.invoke(app, ["articles", "--json"])
    titles = {json.loads(line)["title"] for line in listed.stdout.splitlines()}
    assert {"Council approves the new bridge", "Storm warning for the coast"} <= titles


def test_extract_reads_standard_input(runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", "-"], input=STORY.encode("cp1252"))
    assert result.exit_code == 0, result.output
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["source_path"] == "-"
    assert "the bridge across the river" in record["text"]


_FEED_WITH_A_DEK = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>The Herald</title><link>https://herald.example/</link>
<item><title>Council approves the new bridge</title><link>https://herald.example/bridge</link>
<description>A ten-year debate ends with a vote of seven to two.</description>
<content:encoded><![CDATA[<p>The council voted on Monday to build the bridge across the river.</p>
<p>Work starts in the spring and should take three years, the mayor said.</p>]]></content:encoded>
</item></channel></rss>
"""


def test_a_feed_entry_s_standfirst_is_printed_stored_and_shown(runner: CliRunner, tmp_path: Path) -> None:
    feed = tmp_path / "herald.xml"
    feed.write_text(_FEED_WITH_A_DEK, encoding="utf-8")
    dek = "A ten-year debate ends with a vote of seven to two."
    printed = runner.invoke(app, ["extract", str(feed)]).stdout
    [extracted] = [json.loads(line) for line in printed.splitlines()]
    assert extracted["standfirst"] == dek
    assert dek not in extracted["text"]
    assert runner.invoke(app, ["add", str(feed)]).exit_code == 0
    [listed] = [json.loads(line) for line in runner.invoke(app, ["articles", "--json"]).stdout.splitlines()]
    assert listed["standfirst"] == dek
    shown = runner.invoke(app, ["show", str(listed["id"])]).stdout.splitlines()
    assert shown[2] == dek  # under the title and its details, before the text
    assert shown[4].startswith("The council voted")


def _json_feed(site: str, title: str, text: str) -> bytes:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": site.capitalize(),
            "home_page_url": f"https://{site}.example/",
            # Numbered ids, as many feeds give: the same "1" in two feeds is two entries.
            "items": [{"id": "1", "title": title, "content_text": text}],
        }
    ).encode()


def test_two_feeds_read_from_standard_input_are_two_feeds(runner: CliRunner) -> None:
    # Every feed piped in is read as '-': its entries were known by '-' and their key, so the
    # second feed's entry "1" was "already stored" as the first's, and never stored.
    first = _json_feed("herald", "Council approves the new bridge", "The council voted seven to two.")
    second = _json_feed("tribune", "Storm warning for the coast", "Winds of 120 km/h are expected tonight.")
    assert runner.invoke(app, ["add", "-"], input=first).exit_code == 0
    added = runner.invoke(app, ["add", "-"], input=second)
    assert added.exit_code == 0, added.output
    assert "added #2: Storm warning for the coast" in added.stdout
    # Read again, each is the entry already stored, once.
    again = runner.invoke(app, ["add", "-"], input=second)
    assert "already stored as #2 (same feed entry)" in again.stdout
    assert "already stored as #1 (same feed entry)" in runner.invoke(app, ["add", "-"], input=first).stdout
    listed = [json.loads(line) for line in runner.invoke(app, ["articles", "--json"]).stdout.splitlines()]
    assert sorted(article["title"] for article in listed) == [
        "Council approves the new bridge",
        "Storm warning for the coast",
    ]


def test_another_feed_saved_under_a_file_name_read_before_neither_is_lost_nor_overwritten(
    runner: CliRunner, tmp_path: Path
) -> None:
    # A script that saves each feed it downloads as feed.json: the second feed's entry "1" was
    # taken for the first's, and its longer text replaced the first's teaser as if completing it.
    saved = tmp_path / "feed.json"
    saved.write_bytes(
        _json_feed("herald", "Council approves the new bridge", "The council voted seven to two.")
    )
    assert runner.invoke(app, ["add", str(saved)]).exit_code == 0
    long_text = " ".join(["Winds of 120 km/h are expected along the coast tonight, forecasters said."] * 8)
    saved.write_bytes(_json_feed("tribune", "Storm warning for the coast", long_text))
    added = runner.invoke(app, ["add", str(saved)])
    assert "added #2: Storm warning for the coast" in added.stdout, added.output
    first = json.loads(runner.invoke(app, ["show", "1", "--json"]).stdout)
    assert first["title"] == "Council approves the new bridge"
    assert first["text"] == "The council voted seven to two."
