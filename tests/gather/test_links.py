"""http_url: only absolute http(s) URLs leave the gather stage."""

from __future__ import annotations

import pytest

from tidings.gather.links import feed_link_target, http_url

BASE = "https://feed.example/news/feed.xml"


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x01javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
        "mailto:someone@example.com",
        "//evil.example/path",
        "\\\\evil.example\\share",
        "http://127.0.0.1\\@evil.example/",
        "http:evil.example",
        "https://",
        "https://exa mple.com:x/",
        "",
        "   ",
        "https://example.com/" + "a" * 5000,
    ],
)
def test_anything_but_an_absolute_http_url_is_dropped(value: str) -> None:
    assert http_url(value) is None
    assert http_url(value, base=BASE) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://news.example/a?b=1#c", "https://news.example/a?b=1#c"),
        ("HTTP://News.Example/a", "http://News.Example/a"),
        ("  https://news.example/a\n", "https://news.example/a"),
        ("https://news.example/a story", "https://news.example/a%20story"),
        ("/2026/11/story.html", "https://feed.example/2026/11/story.html"),
        ("story.html", "https://feed.example/news/story.html"),
    ],
)
def test_http_urls_are_kept_and_relative_ones_resolved(value: str, expected: str) -> None:
    assert http_url(value, base=BASE) == expected


def test_a_relative_url_without_a_safe_base_is_dropped() -> None:
    assert http_url("story.html") is None
    assert http_url("story.html", base="javascript:alert(1)//") is None
    assert http_url("story.html", base="file:///tmp/") is None


def test_non_strings_are_dropped() -> None:
    assert http_url(None) is None
    assert http_url(42) is None
    assert http_url(["https://news.example/"]) is None


@pytest.mark.parametrize(
    ("entered", "meant"),
    [
        ("feed://news.example.org/rss", "http://news.example.org/rss"),
        ("FEED:https://news.example.org/rss", "https://news.example.org/rss"),
        (" feed: https://news.example.org/rss ", "https://news.example.org/rss"),
        ("https://news.example.org/rss", "https://news.example.org/rss"),
        # A bare "feed:" wraps nothing: kept as entered, so that its refusal names it.
        ("feed:", "feed:"),
        ("feed:  ", "feed:"),
    ],
)
def test_a_feed_link_stands_for_the_address_it_wraps(entered: str, meant: str) -> None:
    assert feed_link_target(entered) == meant
