"""Single-file web archives (MHTML, RFC 2557): the page a browser saved as one file with its
resources, Chrome's and Edge's "Webpage, Single File" (``.mhtml``) and Internet Explorer's "Web
Archive, single file" (``.mht``).

Owns ``read_mhtml``. Such a file is a MIME message: headers (``Content-Type: multipart/related``,
Chrome's ``Snapshot-Content-Location``), then parts, each a resource with its address
(``Content-Location``) and transfer encoding (quoted-printable, base64). The page is the part
at the snapshot's address, else the first HTML part. Read without the ``email`` package's
parser, which walks nested multiparts by recursion and keeps every resource: only the top-level
parts' headers are read, and only the page's body is decoded.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re
from dataclasses import dataclass
from email.message import Message
from email.parser import BytesHeaderParser

from tidings.errors import NotAnArticle

__all__ = ["MhtmlPage", "is_mhtml", "read_mhtml"]

# The headers come first, in the file's first few kilobytes: a browser writes a handful of lines.
_HEAD_BYTES = 16_384
_HEADER_LINE = re.compile(rb"[A-Za-z][A-Za-z0-9-]*:[^\r\n]*\r?\n")
_MULTIPART_RELATED = re.compile(rb"^content-type:[ \t]*multipart/related\b", re.IGNORECASE | re.MULTILINE)
_HEADERS_END = re.compile(rb"\r?\n\r?\n")
_PAGE_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class MhtmlPage:
    """The saved page: its bytes as the browser read them, their declared charset, its address."""

    body: bytes
    charset: str | None
    location: str | None


def is_mhtml(body: bytes) -> bool:
    """Whether ``body`` opens as a MIME message whose own headers name a multipart/related body.
    Only the header block at the very start counts: an e-mail saved as text (``text/plain``) or
    prose quoting such a header further down is not an archive."""
    head = body[:_HEAD_BYTES].lstrip(b"\r\n\t ")
    if _HEADER_LINE.match(head) is None:
        return False
    end = _HEADERS_END.search(head)
    headers = head[: end.start()] if end else head
    return _MULTIPART_RELATED.search(headers) is not None


def read_mhtml(body: bytes, *, source: str) -> MhtmlPage:
    """The page an MHTML archive saved; ``NotAnArticle`` when it holds none."""
    message = BytesHeaderParser().parsebytes(body)
    boundary = message.get_boundary()
    snapshot = _header(message, "Snapshot-Content-Location")
    pages = [part for part in _parts(body, boundary) if part[0].get_content_type() in _PAGE_TYPES]
    if not pages:
        raise NotAnArticle(source, "is a single-file web archive (MHTML) with no web page in it")
    headers, encoded = next(
        (part for part in pages if snapshot and _header(part[0], "Content-Location") == snapshot), pages[0]
    )
    return MhtmlPage(
        body=_decoded(encoded, _header(headers, "Content-Transfer-Encoding")),
        charset=headers.get_content_charset(),
        location=snapshot or _header(headers, "Content-Location"),
    )


def _header(message: Message, name: str) -> str | None:
    value = message.get(name)
    return str(value).strip() or None if value is not None else None


def _parts(body: bytes, boundary: str | None) -> list[tuple[Message, bytes]]:
    """The top-level parts: each one's headers and its still-encoded body."""
    if not boundary:
        return []
    delimiter = re.compile(
        rb"(?:\r?\n|^)--" + re.escape(boundary.encode("ascii", "replace")) + rb"(--)?[ \t]*(?:\r?\n|$)"
    )
    parts: list[tuple[Message, bytes]] = []
    start: int | None = None
    for match in delimiter.finditer(body):
        if start is not None:
            parts.append(_part(body[start : match.start()]))
        if match.group(1):
            break
        start = match.end()
    return parts


def _part(raw: bytes) -> tuple[Message, bytes]:
    end = _HEADERS_END.search(raw)
    if end is None:
        return BytesHeaderParser().parsebytes(raw), b""
    return BytesHeaderParser().parsebytes(raw[: end.end()]), raw[end.end() :]


def _decoded(encoded: bytes, transfer_encoding: str | None) -> bytes:
    """The part's bytes, its transfer encoding undone (bytes that break base64 are kept as written:
    a browser's own archive does not have them)."""
    encoding = (transfer_encoding or "").lower()
    if encoding == "quoted-printable":
        return quopri.decodestring(encoded)
    if encoding == "base64":
        try:
            return base64.b64decode(encoded)
        except (binascii.Error, ValueError):
            return encoded
    return encoded
