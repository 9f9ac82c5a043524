"""Single-file web archives (MHTML, ``.mhtml``/``.mht``: Chrome's and Edge's "Webpage, Single File",
Internet Explorer's "Web Archive") read as the page they saved, not as text."""

from __future__ import annotations

import base64
import json
import quopri
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tidings.cli.app import app
from tidings.errors import NotAnArticle
from tidings.gather import gather_bytes, gather_paths
from tidings.model import RawDocument

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
CAP = 1_000_000
ADDRESS = "https://www.herald.example/news/2026/12/07/bridge-vote"
PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    "<title>Council approves the new bridge – The Herald</title>"
    '<meta property="og:site_name" content="The Herald">'
    '<meta property="article:published_time" content="2026-12-07T09:00:00Z"></head><body>'
    "<nav><a href='/'>Home</a></nav><article><h1>Council approves the new bridge</h1>"
    "<p>The council voted seven to two on Monday to build the bridge across the river, ending a "
    "debate that has run for more than ten years in the city, where the café owners cheered.</p>"
    "<p>Work on the bridge starts in the spring and should take three years, the mayor said, and "
    "the old ferry will keep running until the day the bridge opens to traffic.</p>"
    "</article></body></html>"
)


def _chrome_mhtml(html: bytes, *, location: str = ADDRESS) -> bytes:
    """An MHTML file as Chrome writes one: MIME headers, then the page quoted-printable, then its
    resources, each part named by its address."""
    boundary = b"----MultipartBoundary--Xq2rLd7ZkPm3bDg4----"
    page = quopri.encodestring(html).replace(b"\n", b"\r\n")
    return (
        b"From: <Saved by Blink>\r\n"
        b"Snapshot-Content-Location: " + location.encode() + b"\r\n"
        b"Subject: =?utf-8?Q?Council_approves_the_new_bridge_=E2=80=93_The_Herald?=\r\n"
        b"Date: Mon, 7 Dec 2026 10:00:00 -0000\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="' + boundary[2:] + b'"\r\n'
        b"\r\n\r\n" + boundary + b"\r\n"
        b"Content-Type: text/html\r\n"
        b"Content-ID: <frame-0B2F@mhtml.blink>\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n"
        b"Content-Location: " + location.encode() + b"\r\n\r\n" + page + b"\r\n\r\n" + boundary + b"\r\n"
        b"Content-Type: text/css\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n"
        b"Content-Location: https://www.herald.example/site.css\r\n\r\n"
        b"body { margin: 0; }\r\n\r\n" + boundary + b"--\r\n"
    )


def _ie_mht(html: bytes, charset: str) -> bytes:
    """An MHT file as Internet Explorer wrote one: the page base64-encoded, its charset declared in
    the part's header only."""
    encoded = base64.encodebytes(html).replace(b"\n", b"\r\n")
    return (
        b"From: <Saved by Windows Internet Explorer 8>\r\n"
        b"Subject: Council approves the new bridge\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n'
        b'\tboundary="----=_NextPart_000_0000_01D9"\r\n'
        b"\r\nThis is a multi-part message in MIME format.\r\n\r\n"
        b"------=_NextPart_000_0000_01D9\r\n"
        b'Content-Type: text/html;\r\n\tcharset="' + charset.encode() + b'"\r\n'
        b"Content-Transfer-Encoding: base64\r\n"
        b"Content-Location: " + ADDRESS.encode() + b"\r\n\r\n" + encoded + b"\r\n"
        b"------=_NextPart_000_0000_01D9--\r\n"
    )


def _gathered(path: Path) -> RawDocument:
    [document] = list(gather_paths([str(path)], max_bytes=CAP, now=NOW))
    assert isinstance(document, RawDocument), document
    return document


def test_a_chrome_mhtml_save_is_read_as_the_page_it_saved(tmp_path: Path) -> None:
    saved = tmp_path / "Council approves the new bridge.mhtml"
    saved.write_bytes(_chrome_mhtml(PAGE.encode("utf-8")))

    document = _gathered(saved)

    # Before: read as plain text, its MIME headers the title and the quoted-printable source the text.
    assert document.media_type == "text/html"
    assert document.body.rstrip() == PAGE
    assert document.url == ADDRESS


def test_an_internet_explorer_mht_save_is_decoded_in_its_declared_charset(tmp_path: Path) -> None:
    saved = tmp_path / "bridge.mht"
    saved.write_bytes(_ie_mht(PAGE.replace('<meta charset="utf-8">', "").encode("cp1252"), "windows-1252"))

    document = _gathered(saved)

    assert document.media_type == "text/html"
    assert "café owners" in document.body
    assert document.url == ADDRESS


def test_an_uploaded_mhtml_is_read_as_its_page_but_keeps_the_address_it_came_from() -> None:
    [document] = gather_bytes(
        _chrome_mhtml(PAGE.encode("utf-8")),
        locator="upload",
        kind="upload",
        url="https://mirror.example/saved.mhtml",
        content_type=None,
        max_bytes=CAP,
        now=NOW,
    )
    assert document.body.rstrip() == PAGE
    assert document.url == "https://mirror.example/saved.mhtml"


def test_an_mhtml_file_without_a_page_in_it_is_refused_saying_so(tmp_path: Path) -> None:
    saved = tmp_path / "styles.mhtml"
    saved.write_bytes(
        _chrome_mhtml(PAGE.encode("utf-8")).replace(
            b"Content-Type: text/html\r\n", b"Content-Type: image/png\r\n"
        )
    )
    [error] = list(gather_paths([str(saved)], max_bytes=CAP, now=NOW))
    assert isinstance(error, NotAnArticle)
    assert str(error) == f"{saved}: is a single-file web archive (MHTML) with no web page in it"


@pytest.mark.parametrize(
    "text",
    [
        # An e-mail saved as text opens with headers too; it is no web archive.
        "From: Ana Lima <ana@herald.example>\nSubject: The bridge\nMIME-Version: 1.0\n"
        "Content-Type: text/plain\n\nThe council voted seven to two on Monday to build the bridge.\n",
        # Headers naming a multipart body further down than the head: prose that quotes them.
        "Council approves the new bridge\n\nContent-Type: multipart/related; boundary=x\n\n"
        "The council voted.\n",
    ],
)
def test_text_that_only_looks_like_mime_stays_text(tmp_path: Path, text: str) -> None:
    saved = tmp_path / "note.txt"
    saved.write_text(text, encoding="utf-8")
    document = _gathered(saved)
    assert document.media_type == "text/plain"
    assert document.body == text


def test_extract_and_add_read_an_mhtml_save_alike(runner: CliRunner, tmp_path: Path) -> None:
    saved = tmp_path / "bridge.mhtml"
    saved.write_bytes(_chrome_mhtml(PAGE.encode("utf-8")))

    extracted = runner.invoke(app, ["extract", str(saved)])
    assert extracted.exit_code == 0, extracted.output
    [record] = [json.loads(line) for line in extracted.stdout.splitlines()]
    assert record["title"] == "Council approves the new bridge"
    assert record["outlet"] == "The Herald"
    assert record["url"] == ADDRESS
    assert record["text"].startswith("The council voted seven to two on Monday")
    assert "=3D" not in record["text"]
    assert "Saved by Blink" not in record["text"]

    added = runner.invoke(app, ["add", str(saved)])
    assert added.exit_code == 0, added.output
    assert "added #1: Council approves the new bridge (The Herald)" in added.stdout
