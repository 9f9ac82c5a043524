"""Sitemaps and Google News sitemaps: pages, dates, titles, indexes, gzip, plain text, hostile XML."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tidings.errors import TooLarge, Unreadable, UnsafeInput
from tidings.gather.sitemaps import read_sitemap, recent_entries, sitemap_urls_of

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "fetch"
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
BASE = "https://news.example.org/sitemap.xml"


def test_a_news_sitemap_gives_titles_dates_and_languages() -> None:
    sitemap = read_sitemap((FIXTURES / "news-sitemap.xml").read_bytes(), url=BASE, max_bytes=1_000_000)
    first, second = sitemap.pages
    assert first.url == "https://news.example.org/2026/11/23/council-budget"
    assert first.title == "Council approves budget after long debate"
    assert first.published_at == datetime(2026, 11, 23, 8, 30, tzinfo=UTC)
    assert (first.language, first.publication, first.is_news) == ("en", "The Example Herald", True)
    assert second.published_at == datetime(2026, 11, 22, tzinfo=UTC)
    assert second.title == "Tempête sur le port"
    assert sitemap.children == ()


def test_an_index_lists_its_children_resolved_against_its_url() -> None:
    sitemap = read_sitemap((FIXTURES / "sitemap-index.xml").read_bytes(), url=BASE, max_bytes=1_000_000)
    assert [child.url for child in sitemap.children] == [
        "https://news.example.org/sitemaps/2026-11.xml",
        "https://news.example.org/sitemaps/2019-01.xml",
    ]
    assert sitemap.children[0].modified_at == datetime(2026, 11, 23, 8, tzinfo=UTC)


def test_recent_entries_keep_news_and_recent_pages_newest_first() -> None:
    pages = read_sitemap((FIXTURES / "pages-sitemap.xml").read_bytes(), url=BASE, max_bytes=1_000_000).pages
    news = read_sitemap((FIXTURES / "news-sitemap.xml").read_bytes(), url=BASE, max_bytes=1_000_000).pages
    chosen = recent_entries([*pages, *news], NOW, timedelta(days=2))
    assert [entry.url.rsplit("/", 1)[-1] for entry in chosen] == [
        "council-budget",
        "new-bridge",
        "harbour-storm",
    ]


def test_gzip_and_plain_text_sitemaps_are_read() -> None:
    packed = gzip.compress((FIXTURES / "pages-sitemap.xml").read_bytes())
    assert len(read_sitemap(packed, url=BASE + ".gz", max_bytes=1_000_000).pages) == 3
    text = b"https://news.example.org/a\nhttps://news.example.org/b\nnot a url\n"
    assert [page.url for page in read_sitemap(text, url=BASE, max_bytes=1_000).pages] == [
        "https://news.example.org/a",
        "https://news.example.org/b",
    ]


def test_a_gzip_bomb_sitemap_is_refused() -> None:
    with pytest.raises(TooLarge):
        read_sitemap((FIXTURES / "zeros-50mb.gz").read_bytes(), url=BASE, max_bytes=1_000_000)


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>not a sitemap</body></html>",
        b"plain words, no urls",
    ],
)
def test_what_is_not_a_sitemap_is_unreadable(body: bytes) -> None:
    with pytest.raises(Unreadable):
        read_sitemap(body, url=BASE, max_bytes=1_000_000)


@pytest.mark.parametrize("root", [b"lol", b"urlset"])
def test_an_entity_bomb_is_refused_as_unsafe_in_our_words(root: bytes) -> None:
    # The hardened parser expands nothing, but in recovery mode it gave an empty urlset: a
    # sitemap source that read as holding no page, with no word of why.
    body = (
        b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
        b'<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><' + root + b">&d;</" + root + b">"
    )
    with pytest.raises(UnsafeInput, match="declares the XML entity 'b' in terms of other entities"):
        read_sitemap(body, url=BASE, max_bytes=1_000_000)


def test_an_external_entity_is_refused_and_never_read() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.example/&x;</loc></url></urlset>'
    )
    with pytest.raises(UnsafeInput, match="declares the external XML entity 'x'") as raised:
        read_sitemap(body, url=BASE, max_bytes=1_000_000)
    assert "root:" not in str(raised.value)


def test_sitemap_places_put_robots_lines_first() -> None:
    assert sitemap_urls_of(["https://a.example/s.xml"], "https://a.example")[:2] == [
        "https://a.example/s.xml",
        "https://a.example/sitemap_news.xml",
    ]
