"""`tidings add` and `tidings extract` on crafted bad inputs, end to end on a real store (each
database): terminal escape codes in a feed and a page, and JSON Feed items that are not objects.
The inputs are synthetic, written for these tests (after a bad-input audit's crafted files)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from tidings.cli.app import EXIT_SKIPPED, app

# A JSON Feed whose item title, feed title and author carry escape sequences: clear the screen,
# colours, an OSC window-title change ended by BEL, a carriage return that would overwrite the line.
ESCAPE_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Esc\u001b[31mFeed\u001b]0;pwned\u0007",
    "home_page_url": "https://esc.example.org/",
    "items": [
        {
            "id": "e1",
            "title": "Escape \u001b[2J\u001b[31mRED headline about the dam\u001b[0m\rOVERWRITE",
            "content_text": "The dam burst on Friday, flooding three villages downstream,"
            " officials said.\u001b[8m hidden",
            "url": "https://esc.example.org/e1",
            "authors": [{"name": "Bob\u001b[5m Stone"}],
        }
    ],
}
PARAGRAPH = (
    "<p>Residents fled their homes overnight as the storm pushed water over the sea wall, officials said, "
    "and power was cut to thousands of homes along the coast road.</p>"
)
# Raw ESC bytes in a page's <title>, og:site_name and body.
ESCAPE_PAGE = (
    "<html><head><title>Quake \x1b[2Jshakes city</title>"
    "<meta property='og:site_name' content='Evil\x1b]0;x\x1b\\News'></head>"
    f"<body><article><h1>Quake \x1b[2Jshakes city</h1>{PARAGRAPH}{PARAGRAPH}\x1b[31m{PARAGRAPH}"
    "</article></body></html>"
)


def _has_control(value: str) -> bool:
    return any(
        (ord(character) < 0x20 and character not in "\t\n") or 0x7F <= ord(character) < 0xA0
        for character in value
    )


def test_add_stores_and_prints_no_escape_sequence_from_a_feed_or_a_page(
    runner: CliRunner, tmp_path: Path
) -> None:
    feed = tmp_path / "esc.json"
    feed.write_text(json.dumps(ESCAPE_FEED), encoding="utf-8")
    page = tmp_path / "escpage.html"
    page.write_bytes(ESCAPE_PAGE.encode("utf-8"))

    added = runner.invoke(app, ["add", str(feed), str(page)])

    assert added.exit_code == 0, added.output
    assert not _has_control(added.stdout.replace("\n", " ")), added.stdout
    listed = runner.invoke(app, ["articles", "--json"])
    records = {record["title"]: record for record in map(json.loads, listed.stdout.splitlines())}
    assert set(records) == {"Escape RED headline about the dam OVERWRITE", "Quake shakes city"}
    for record in records.values():
        assert not any(_has_control(value) for value in record.values() if isinstance(value, str)), record
    assert records["Quake shakes city"]["outlet"] == "EvilNews"
    for command in (
        ["articles"],
        ["show", str(records["Escape RED headline about the dam OVERWRITE"]["id"])],
    ):
        shown = runner.invoke(app, command)
        assert shown.exit_code == 0, shown.output
        assert "\x1b" not in shown.stdout, shown.stdout
    shown = runner.invoke(app, ["show", str(records["Escape RED headline about the dam OVERWRITE"]["id"])])
    assert "EscFeed" in shown.stdout
    assert "Bob Stone" in shown.stdout
    assert "officials said. hidden" in shown.stdout


def test_extract_names_each_json_feed_item_that_is_not_an_object(runner: CliRunner, tmp_path: Path) -> None:
    feed = tmp_path / "items.json"
    feed.write_text(
        json.dumps(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "title": "T",
                "home_page_url": "https://t.example.com/",
                "items": [
                    "oops",
                    17,
                    {
                        "id": "a",
                        "title": "Real entry on floods",
                        "content_text": "Rivers rose across the region on Monday, officials said.",
                    },
                ],
            }
        ),
        encoding="utf-8",
    )

    result = runner.invoke(app, ["extract", str(feed)])

    # As an RSS item with neither title nor text is: one line each on standard error, status 3.
    assert result.exit_code == EXIT_SKIPPED, result.output
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == ["Real entry on floods"]
    assert result.stderr.splitlines() == [
        f"tidings: {feed} [item 1]: is a JSON Feed item that is a string, not an object; it cannot be read"
        " as an entry",
        f"tidings: {feed} [item 2]: is a JSON Feed item that is a number, not an object; it cannot be read"
        " as an entry",
    ]


# Bidirectional controls: a right-to-left override (U+202E) shows "gpj.exe" as "exe.jpg" and
# "CBB" as "BBC"; an isolate (U+2067) and a pop (U+202C, U+2069) end them.
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
DAM = "The dam burst on Friday, flooding three villages downstream, officials said."
HEBREW_TITLE = "הכנסת אישרה את התקציב לשנת 2027\u200f"
BIDI_RSS = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
    "<title>\u202eCBB\u202c</title><link>https://cbb.example/</link>"
    "<item><guid>r1</guid><title>Invoice \u202egpj.exe\u202c from the RSS</title>"
    f"<description>{DAM} \u2067hidden\u2069</description></item>"
    f"<item><guid>r2</guid><title>{HEBREW_TITLE}</title><description>{DAM}</description></item>"
    "</channel></rss>"
)
BIDI_ATOM = (
    '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
    "<title>\u202eSRETUER</title><id>urn:atom</id><link href='https://sretuer.example/'/>"
    "<entry><id>urn:a1</id><title>Invoice \u202egpj.exe from the Atom</title>"
    "<author><name>Ann \u202eeeL</name></author>"
    f"<content type='html'>&lt;p&gt;{DAM}&lt;/p&gt;</content></entry>"
    "</feed>"
)
BIDI_JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "\u2067\u202eNAIDRAUG\u2069",
    "home_page_url": "https://naidraug.example/",
    "items": [{"id": "j1", "title": "Invoice \u202egpj.exe from the JSON Feed", "content_text": DAM}],
}
BIDI_PAGE = (
    "<html><head><title>Invoice \u202egpj.exe from the page</title>"
    "<meta property='og:site_name' content='\u202eSPA'></head>"
    f"<body><article><h1>Invoice \u202egpj.exe from the page</h1>{PARAGRAPH}{PARAGRAPH}{PARAGRAPH}"
    "</article></body></html>"
)


def test_add_stores_and_prints_no_bidirectional_control_from_a_feed_a_page_or_a_text(
    runner: CliRunner, tmp_path: Path
) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "news.rss").write_text(BIDI_RSS, encoding="utf-8")
    (inputs / "news.atom").write_text(BIDI_ATOM, encoding="utf-8")
    (inputs / "news.json").write_text(json.dumps(BIDI_JSON_FEED), encoding="utf-8")
    (inputs / "page.html").write_text(BIDI_PAGE, encoding="utf-8")
    plain = PARAGRAPH.removeprefix("<p>").removesuffix("</p>")
    (inputs / "note.txt").write_text(f"Invoice \u202egpj.exe from the text\n\n{plain}\n\n{plain}\n\n{plain}")

    added = runner.invoke(app, ["add", str(inputs)])

    assert added.exit_code == 0, added.output
    assert not BIDI.search(added.stdout), added.stdout
    listed = runner.invoke(app, ["articles", "--json"])
    records = {record["title"]: record for record in map(json.loads, listed.stdout.splitlines())}
    assert set(records) == {
        "Invoice gpj.exe from the RSS",
        HEBREW_TITLE,  # kept whole, its right-to-left mark with it
        "Invoice gpj.exe from the Atom",
        "Invoice gpj.exe from the JSON Feed",
        "Invoice gpj.exe from the page",
        "Invoice gpj.exe from the text",
    }
    for record in records.values():
        assert not any(BIDI.search(value) for value in record.values() if isinstance(value, str)), record
    outlets = {title.rsplit(" ", 1)[-1]: records[title]["outlet"] for title in records if "gpj" in title}
    assert outlets == {
        "RSS": "CBB",
        "Atom": "SRETUER",
        "Feed": "NAIDRAUG",
        "page": "SPA",
        "text": "unknown outlet",
    }
    assert records[HEBREW_TITLE]["outlet"] == "CBB"
    shown = [runner.invoke(app, ["show", str(record["id"])]) for record in records.values()]
    for result in [runner.invoke(app, ["articles"]), *shown]:
        assert result.exit_code == 0, result.output
        assert not BIDI.search(result.stdout), result.stdout
    assert "Ann eeL" in "".join(result.stdout for result in shown)
    assert f"{DAM} hidden" in "".join(result.stdout for result in shown)
