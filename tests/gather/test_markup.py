"""HTML ⇄ text for feed hints, and the HTML nesting guard."""

from __future__ import annotations

import time

import pytest

from tidings.gather.markup import (
    MAX_HTML_DEPTH,
    html_to_text,
    is_list_markup,
    nesting_depth_exceeds,
    shorten,
    text_to_html,
)


def test_deep_nesting_is_caught() -> None:
    assert nesting_depth_exceeds("<div>" * (MAX_HTML_DEPTH + 1))
    assert not nesting_depth_exceeds("<div>" * MAX_HTML_DEPTH)
    assert not nesting_depth_exceeds(("<div>" * 100 + "</div>" * 100) * 50)


def test_html_parsers_rules_keep_ordinary_markup_shallow() -> None:
    unclosed_paragraphs = "<p>one" * 2000
    void_elements = "<br><img src=x><hr/>" * 2000
    self_closed = "<span/>" * 2000
    script_text = "<script>" + "<div>" * 2000 + "</script>"
    list_items = "<ul>" + "<li>item" * 2000 + "</ul>"
    for markup in (unclosed_paragraphs, void_elements, self_closed, script_text, list_items):
        assert not nesting_depth_exceeds(markup)


def test_the_scan_is_linear_on_hostile_markup() -> None:
    started = time.perf_counter()
    nesting_depth_exceeds("<a<a" * 250_000)
    nesting_depth_exceeds("<div x='" * 100_000)
    nesting_depth_exceeds("<b>" * 500 + "</i>" * 250_000)
    assert time.perf_counter() - started < 2.0


def test_html_to_text() -> None:
    assert html_to_text("Hello <b>world</b> &amp; all") == "Hello world & all"
    assert html_to_text("a<script>alert(1)</script> b<style>p{}</style><!-- c -->") == "a b"
    assert html_to_text("  spaced\n\n  out  ") == "spaced out"
    assert html_to_text("<div>" * 10_000 + "deep" + "</div>" * 10_000) in {"deep", ""}


def test_text_to_html_escapes_and_keeps_paragraphs() -> None:
    assert (
        text_to_html("a < b & c\nsame paragraph\n\nnext")
        == "<p>a &lt; b &amp; c<br>\nsame paragraph</p>\n<p>next</p>"
    )
    assert text_to_html("  \n\n ") == ""


def test_shorten_cuts_at_a_word() -> None:
    assert shorten("short", 10) == "short"
    assert shorten("one two three four five", 12) == "one two…"
    assert len(shorten("x" * 50, 10)) == 10


@pytest.mark.parametrize(
    ("markup", "is_list"),
    [
        ('<a href="/a/1">Putin lands in Minsk</a>&nbsp;&nbsp;<font color="#6f6f6f">NTD</font>', True),
        (
            "<ol><li><a href='/1'>Putin lands in Minsk</a> NTD</li>"
            "<li><a href='/2'>Drills go on</a> AP</li></ol>",
            True,
        ),
        ("<ul><li>Troops stay for drills.</li><li>Talks resume in May.</li></ul>", True),
        (
            "<p>Putin's first visit since 2019 comes as <a href='/minsk'>Minsk</a> hosts Russian troops.</p>",
            False,
        ),
        ("<ul><li>Putin's first visit since 2019 comes as Minsk hosts Russian troops.</li></ul>", False),
        ("Putin lands in Minsk for talks", False),
        ("<a href='/a/1'></a>", False),
        # A teaser sentence wrapped whole in a link to its article (WordPress and Blogger themes).
        (
            '<a href="https://blog.example/2026/12/putin-minsk/">Putin\u2019s first visit since 2019 '
            "comes as Minsk hosts Russian troops.</a>",
            False,
        ),
        ('<p><a href="/putin-minsk">Why did Putin fly to Minsk on \u201cshort notice?\u201d</a></p>', False),
        # A headline alone in a link: no sentence; two sentences in two links: a list of them.
        ('<a href="https://news.example.com/rss/articles/CBMi1">Putin lands in Minsk for talks</a>', True),
        (
            '<a href="/a/1">Putin lands in Minsk for talks.</a> <a href="/a/2">Drills go on in Belarus.</a>',
            True,
        ),
        # Google News's headline with its outlet, though it ends as a sentence might.
        (
            '<a href="https://news.google.com/rss/articles/CBMi1?oc=5" target="_blank">Putin lands in '
            'Minsk for talks with Lukashenko!</a>&nbsp;&nbsp;<font color="#6f6f6f">NTD</font>',
            True,
        ),
    ],
    ids=[
        "one headline linked",
        "headlines listed",
        "points listed",
        "a link in prose",
        "one item",
        "text",
        "empty link",
        "a sentence linked whole",
        "a question linked whole",
        "a headline linked alone",
        "two sentences in two links",
        "a headline linked with its outlet",
    ],
)
def test_a_list_or_a_fragment_of_links_is_told_from_prose(markup: str, is_list: bool) -> None:
    assert is_list_markup(markup) is is_list
