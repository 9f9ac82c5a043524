"""Outlet icons through the one fetcher, against a real HTTP server on 127.0.0.1: where icon URLs
come from, which bodies are kept (raster images by their magic bytes), and which are refused."""

from __future__ import annotations

import asyncio
import ssl
import struct
import zlib
from collections.abc import Iterator, Sequence

import pytest

from tests.gather.fetch_server import FetchServer, respond, running_server
from tidings.gather.fetch import FetchConfig, Fetcher
from tidings.gather.icons import (
    ICON_MAX_BYTES,
    IconFetched,
    IconRefused,
    fetch_icon,
    icon_candidates,
    page_icon_links,
    sniff_image_type,
)
from tidings.gather.netpolicy import NetPolicy

CONFIG = FetchConfig(
    user_agent="Tidings/test (+https://example.org/tidings)", host_gap_s=0.0, total_timeout_s=3.0
)
LOCAL = NetPolicy.from_entries(["127.0.0.1/32"])


def png(width: int = 16, height: int = 16) -> bytes:
    """A real, minimal PNG (one grey pixel row per line)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


ICO = b"\x00\x00\x01\x00\x01\x00\x10\x10" + b"\x00" * 60
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML_PAGE = b"<!doctype html><html><head><title>Not found</title></head><body>no icon here</body></html>"


@pytest.fixture
def server() -> Iterator[FetchServer]:
    yield from running_server()


def fetch(candidates: Sequence[str], policy: NetPolicy = LOCAL) -> IconFetched | IconRefused:
    async def run() -> IconFetched | IconRefused:
        async with Fetcher(CONFIG, policy, ssl_context=ssl.create_default_context()) as fetcher:
            return await fetch_icon(fetcher, candidates)

    return asyncio.run(run())


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (png(), "image/png"),
        (b"GIF89a" + b"\x00" * 10, "image/gif"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 10, "image/jpeg"),
        (ICO, "image/x-icon"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 8, "image/webp"),
        (SVG, None),
        (HTML_PAGE, None),
        (b"", None),
    ],
)
def test_the_type_is_read_from_the_bytes(body: bytes, expected: str | None) -> None:
    assert sniff_image_type(body) == expected


def test_a_page_announces_its_icons_absolute_http_only_svg_left_out() -> None:
    page = """<html><head>
      <link rel="stylesheet" href="/style.css">
      <link rel="icon" type="image/svg+xml" href="/icon.svg">
      <link rel="Shortcut Icon" href="/favicon.png">
      <link rel="apple-touch-icon" href="https://cdn.example.org/touch.png">
      <link rel="icon" href="javascript:alert(1)">
      <link rel="icon" href="data:image/png;base64,AAAA">
    </head><body></body></html>"""
    assert page_icon_links(page, "https://news.example.org/section/") == [
        "https://news.example.org/favicon.png",
        "https://cdn.example.org/touch.png",
    ]


def test_candidates_are_the_feed_image_then_page_links_then_the_site_favicon() -> None:
    assert icon_candidates(
        feed_icon="https://example.org/logo.png",
        page_icons=["https://example.org/touch.png", "javascript:alert(1)"],
        site_url="https://example.org/news/feed.xml",
    ) == ["https://example.org/logo.png", "https://example.org/touch.png", "https://example.org/favicon.ico"]
    assert icon_candidates(feed_icon="file:///etc/passwd", site_url="ftp://example.org/") == []


def test_a_png_icon_is_fetched_with_its_checked_type(server: FetchServer) -> None:
    server.routes["/logo.png"] = respond(200, png(), content_type="application/octet-stream")
    outcome = fetch([server.url("/logo.png")])
    assert isinstance(outcome, IconFetched)
    assert (outcome.content_type, outcome.body) == ("image/png", png())
    assert len(outcome.sha256) == 64
    assert server.hits("/logo.png")[0].headers["accept"].startswith("image/")


def test_the_site_favicon_is_tried_when_the_feed_image_fails(server: FetchServer) -> None:
    server.routes["/favicon.ico"] = respond(200, ICO, content_type="image/vnd.microsoft.icon")
    candidates = icon_candidates(feed_icon=server.url("/missing.png"), site_url=server.url("/feed"))
    outcome = fetch(candidates)
    assert isinstance(outcome, IconFetched)
    assert (outcome.url, outcome.content_type) == (server.url("/favicon.ico"), "image/x-icon")
    assert len(server.hits("/missing.png")) == 1


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (SVG, "image/svg+xml", "SVG icon is refused"),
        (HTML_PAGE, "image/png", "not a PNG, GIF, JPEG, ICO or WebP image"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * ICON_MAX_BYTES, "image/png", "cap"),
    ],
    ids=["svg", "html-as-icon", "oversized"],
)
def test_what_is_not_a_small_raster_image_is_refused_with_a_reason(
    server: FetchServer, body: bytes, content_type: str, reason: str
) -> None:
    server.routes["/icon"] = respond(200, body, content_type=content_type)
    outcome = fetch([server.url("/icon")])
    assert isinstance(outcome, IconRefused)
    assert reason in outcome.reason
    assert outcome.url == server.url("/icon")


def test_an_icon_on_loopback_is_refused_by_the_default_policy(server: FetchServer) -> None:
    server.routes["/logo.png"] = respond(200, png(), content_type="image/png")
    outcome = fetch([server.url("/logo.png")], policy=NetPolicy.from_entries([]))
    assert isinstance(outcome, IconRefused)
    assert server.hits("/logo.png") == []


def test_no_candidate_is_a_refusal_not_an_error() -> None:
    outcome = fetch([])
    assert isinstance(outcome, IconRefused)
    assert outcome.url is None
