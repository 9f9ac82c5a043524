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
