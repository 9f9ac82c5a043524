"""Plain-text saves of web-archive captures: the header an archive prints above the page
(archive.today's, the Wayback Machine's toolbar) is the archive's, not the article's.

The authored saves (tests/fixtures/README.md) are hand-made in the layout of archive.today's and
the Wayback Machine's pages, of the fictional article the HTML capture tests read (test_pages.py):
Example Daily's, published on 14 January 2024 and captured on 15 January 2024 at 12:34:56 UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tidings.extract import extract
from tidings.extract.chrome import archive_header
from tidings.extract.text import split_units
from tidings.model import Article

from .helpers import FIXTURES, raw_document

AUTHORED = FIXTURES / "authored"
SAVED_PAGE = "https://www.example-daily.com/news/harbour-barrier-approved"
TITLE = "Council approves harbour flood barrier"
CAPTURED = datetime(2024, 1, 15, tzinfo=UTC)
# The article's own date as each save prints it: a date line, and a "Published" line with a time.
STATED = {
    "archive-today-snapshot": ("14 January 2024", datetime(2024, 1, 14, tzinfo=UTC)),
    "wayback-capture": ("Published 14 January 2024, 09:30", datetime(2024, 1, 14, 9, 30, tzinfo=UTC)),
}
# The first line of the saved page itself, under the archive's header.
PAGE_STARTS = "Example Daily"


def _save(name: str) -> str:
    return (AUTHORED / f"{name}.txt").read_text(encoding="utf-8")


def _header_lines(save: str) -> list[str]:
    lines = [line for line in save.splitlines() if line.strip()]
    return lines[: lines.index(PAGE_STARTS)]


def _read(save: str, url: str | None = None) -> Article:
    return extract(
        raw_document(save, "text/plain", url=url, kind="url" if url else "file", locator="save.txt")
    )


# archive.today's header as other copies lay it out: a table's cells joined on one line by tabs,
# the saved address (the search box's value) on a line of its own, the arrows glued to their links.
_ARCHIVE_TODAY_LAYOUTS = {
    "one cell a line": lambda save: save,
    "cells joined by tabs": lambda save: (
        save.replace(
            "archive.today\nwebpage capture\nSaved from https://",
            "archive.today\twebpage capture\tSaved from\nhttps://",
        )
        .replace("search\nhistory\n←prior next→\n", "history←priornext→\tsearch\n")
        .replace("Webpage Screenshot\nshare\ndownload .zip\nreport bug or abuse\n", "Webpage\tScreenshot\n")
        .replace("Buy me a coffee\n", "share\tdownload .zip\treport bug or abuse\tBuy me a coffee\n")
    ),
}


@pytest.mark.parametrize(
    ("name", "layout"),
    [("archive-today-snapshot", layout) for layout in _ARCHIVE_TODAY_LAYOUTS] + [("wayback-capture", "")],
)
def test_a_saved_capture_is_the_saved_sites_article_dated_as_it_dates_itself(name: str, layout: str) -> None:
    save = _ARCHIVE_TODAY_LAYOUTS[layout](_save(name)) if layout else _save(name)
    assert save != _save(name) or layout in ("", "one cell a line")
    article = _read(save)
    # Its address and site are the saved page's, named in the header ("Saved from", the print line).
    assert article.url == SAVED_PAGE
    assert (article.outlet.name, article.outlet.domain) == ("Example Daily", "example-daily.com")
    # Its date is the one the article states, not the capture time the header prints.
    assert article.published_at == STATED[name][1]
    assert (article.title, article.byline) == (TITLE, "Jane Marsh")
    assert article.text.startswith("The city council voted on Saturday")
    assert article.text.endswith("keep the harbour from silting up.")


@pytest.mark.parametrize("name", ["archive-today-snapshot", "wayback-capture"])
def test_a_saved_capture_of_an_article_that_states_no_date_has_none(name: str) -> None:
    # A capture is taken any time after publication: its time bounds the date, it is not the date.
    dateline = STATED[name][0]
    save = _save(name)
    assert f"\n{dateline}\n" in save
    article = _read(save.replace(f"\n{dateline}\n", "\n"))
    assert article.published_at is None
    assert article.url == SAVED_PAGE


@pytest.mark.parametrize("name", ["archive-today-snapshot", "wayback-capture"])
def test_no_line_of_an_archives_header_is_taken_for_the_articles(name: str) -> None:
    # Without the page's headline and site name, the header's lines are the nearest short lines
    # above the text: none of them is its title, outlet or byline, nor any line of its text.
    save = _save(name).replace(f"\n{TITLE}\n", "\n").replace("\n© Example Daily", "\n")
    article = _read(save)
    header = _header_lines(_save(name))
    fields = {article.title, article.outlet.name, article.byline}
    paragraphs = article.text.split("\n\n")
    for line in header:
        assert " ".join(line.split()) not in fields, line
        assert not any(line.strip() in paragraph for paragraph in paragraphs), line
    assert article.title.startswith("The city council voted")
    assert article.outlet.domain == "example-daily.com"


def test_a_save_read_from_an_archive_today_short_link_is_filed_by_the_page_its_header_names() -> None:
    article = _read(_save("archive-today-snapshot"), "https://archive.ph/Xk3pQ")
    assert article.url == SAVED_PAGE
    assert article.outlet.domain == "example-daily.com"


def test_a_save_whose_header_does_not_name_the_saved_page_is_filed_by_the_host_it_names() -> None:
    # A copy that leaves out the search box's value: the short link stays the address (it names
    # no page), archive.ph is no site, and the host the header saved from ("All snapshots from
    # host …") is the site.
    save = _save("archive-today-snapshot").replace(f"Saved from {SAVED_PAGE}", "Saved from")
    article = _read(save, "https://archive.ph/Xk3pQ")
    assert article.url == "https://archive.ph/Xk3pQ"
    assert (article.outlet.name, article.outlet.domain) == ("Example Daily", "example-daily.com")
    assert article.published_at == STATED["archive-today-snapshot"][1]
    # Read from a file, it has no address at all, and the same site.
    from_file = _read(save)
    assert (from_file.url, from_file.outlet.domain) == (None, "example-daily.com")


def test_the_saved_from_address_comes_before_a_redirected_from_one() -> None:
    lines = [
        "archive.today webpage capture",
        "Redirected from https://example-daily.com/r/81422",
        "Saved from https://www.example-daily.com/news/harbour-barrier-approved",
        "no other snapshots from this url",
        "15 Jan 2024 12:34:56 UTC",
        "Council approves harbour flood barrier",
    ]
    header = archive_header(lines)
    assert header is not None
    assert header.lines == range(5)
    assert header.addresses == (SAVED_PAGE, "https://example-daily.com/r/81422")


@pytest.mark.parametrize(
    "opening",
    [
        # An article about an archive may open with its name: without the header's other lines
        # (its "Saved from", capture time, snapshots line; the Wayback Machine's print line with a
        # capture's address), these are the page's own.
        ["archive.today", "The web archive that saves what others will not", "15 Jan 2024"],
        ["Webpage capture", "share", "How archives keep the news"],
        ["The Wayback Machine", "3 captures", "15 Jan 2024 - 02 Mar 2024"],
        ["The Wayback Machine - https://example-daily.com/web/", "Go"],
    ],
)
def test_a_page_that_merely_opens_with_an_archives_words_keeps_its_lines(opening: list[str]) -> None:
    assert archive_header(opening) is None


def test_a_single_capture_date_is_the_toolbars_only_under_its_capture_count() -> None:
    toolbar = [f"The Wayback Machine - https://web.archive.org/web/20240115123456/{SAVED_PAGE}", "1 capture"]
    header = archive_header([*toolbar, "15 Jan 2024", "Example Daily"])
    assert header is not None
    assert header.lines == range(3)
    # After the toolbar's other lines, a bare date is the page's own dateline.
    header = archive_header([*toolbar, "15 Jan 2024", "success", "14 Jan 2024", "Example Daily"])
    assert header is not None
    assert header.lines == range(4)


def test_a_header_line_of_many_words_or_a_long_run_of_digits_is_read_quickly() -> None:
    # The header's words are told apart by spaces only, so a line that is not the header's fails at
    # once, however it could be cut.
    toolbar = f"The Wayback Machine - https://web.archive.org/web/20240115123456/{SAVED_PAGE}"
    lines = [toolbar, "1" * 5000 + "x", " ".join(["12"] * 39) + " x", "Example Daily"]
    header = archive_header(split_units("\n".join(lines)))
    assert header is not None
    assert header.lines == range(1)
