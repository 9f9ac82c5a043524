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
