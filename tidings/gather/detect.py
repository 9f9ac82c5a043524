"""What kind of document a body is: a feed (RSS, Atom, RSS 1.0/RDF, JSON Feed), a sitemap, an
OPML subscription list, an HTML page, other XML or JSON, or plain text.

Owns ``detect_kind``. The bytes decide: the name of the XML root element (after the XML
declaration, comments, processing instructions and any DOCTYPE), a JSON object's ``version``
member, or HTML's first tag. ``Content-Type`` and the file name only break ties that the bytes
leave open (an HTML fragment with no tag at its start, a JSON Feed whose ``version`` comes late),
because servers and file names are wrong far more often than a document's own first element.

Hand-written because it must run on the first kilobytes only, before the (costly, and for
hostile XML unsafe) full parse, and no library sniffs all of these formats.
"""

from __future__ import annotations

import codecs
import re
from typing import Literal

from tidings.gather.decode import sniff_wide_encoding
from tidings.gather.xmlsafety import read_prolog

__all__ = ["FEED_KINDS", "DocumentKind", "charset_of", "describe_kind", "detect_kind", "media_type_of"]

DocumentKind = Literal[
    "rss", "atom", "rdf", "jsonfeed", "sitemap", "sitemapindex", "opml", "html", "text", "xml", "json"
]
"""``xml`` is XML of another vocabulary (SVG, XHTML-less data); ``json`` is JSON that is not a
JSON Feed. Neither is an article or a feed; callers refuse them with a sentence saying what
they are."""

FEED_KINDS: frozenset[DocumentKind] = frozenset({"rss", "atom", "rdf", "jsonfeed"})

# How much of the body is looked at: enough to pass a long licence comment or DOCTYPE.
_HEAD_CHARS = 65_536

_XML_ROOT_KINDS: dict[str, DocumentKind] = {
    "rss": "rss",
    "channel": "rss",  # RSS without its <rss> wrapper, and Microsoft CDF; feedparser reads both
    "feed": "atom",
    "urlset": "sitemap",
    "sitemapindex": "sitemapindex",
    "opml": "opml",
    "html": "html",
}

# Tags an HTML document or fragment may open with. A text file seldom starts with one.
_HTML_START_TAGS = frozenset(
    # A word list reads better than 48 one-per-line strings.
    """a abbr address article aside b base blockquote body br center div dl em figure font footer form
    h1 h2 h3 h4 h5 h6 head header hr html i iframe img link main meta nav noscript ol p pre script
    section span strong style table title u ul""".split()  # noqa: SIM905
)

# Slashes may be escaped: PHP's json_encode (WordPress and most CMS plugins) writes
# "https:\/\/jsonfeed.org\/version\/1.1".
_JSON_FEED_VERSION = re.compile(r'"version"\s*:\s*"https?:\\?/\\?/jsonfeed\.org\\?/version\\?/')
_DOCTYPE_HTML = re.compile(r"<!DOCTYPE\s+html", re.IGNORECASE)
_ELEMENT_NAME = re.compile(r"<([A-Za-z_][\w.:-]*)")
# An RDF document is a feed when it has channel or item elements, or declares the RSS 1.0 or 0.90
# namespace (an empty feed has neither element).
_RDF_FEED_SIGNS = re.compile(
    r"<(?:[\w.-]+:)?(?:channel|item)[\s>/]|purl\.org/rss/1\.0/|my\.netscape\.com/rdf/simple/0\.9/"
)

_HTML_MEDIA = ("text/html", "application/xhtml+xml")
_CONTENT_TYPE_KINDS: dict[str, DocumentKind] = {
    "application/rss+xml": "rss",
    "application/rdf+xml": "rdf",
    "application/atom+xml": "atom",
    "application/feed+json": "jsonfeed",
    "application/json": "json",
    "text/x-opml": "opml",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
}
_EXTENSION_KINDS: dict[str, DocumentKind] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".txt": "text",
    ".text": "text",
}


def _text_head(body: bytes | str, chars: int | None = _HEAD_CHARS) -> str:
    """The first ``chars`` characters of the body (all of it for None) as text, good enough to
    read markup names and JSON member names from."""
    if isinstance(body, str):
        return body[:chars].lstrip("\ufeff")
    head = body[: chars * 4] if chars is not None else body
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, "replace")[:chars]
    wide = sniff_wide_encoding(head)
    # Markup names are ASCII, so any ASCII-compatible reading finds them; latin-1 never fails.
    return head.decode(wide or "latin-1", "replace")[:chars]


def _root_name(rest: str) -> str | None:
    """The local name of the first element (``rdf:RDF`` → ``rdf``), lower-cased."""
    match = _ELEMENT_NAME.match(rest)
    if match is None:
        return None
    return match.group(1).rsplit(":", 1)[-1].lower() if match.group(1).lower() != "rdf:rdf" else "rdf"


def _xml_kind(root: str, rest: str) -> DocumentKind:
    if root in _XML_ROOT_KINDS:
        return _XML_ROOT_KINDS[root]
    if root == "rdf":
        return "rdf" if _RDF_FEED_SIGNS.search(rest) else "xml"
    if root in _HTML_START_TAGS:
        return "html"
    return "xml"


def _hinted_kind(content_type: str | None, filename: str | None) -> DocumentKind | None:
    if content_type:
        media = content_type.split(";", 1)[0].strip().lower()
        if media in _CONTENT_TYPE_KINDS:
            return _CONTENT_TYPE_KINDS[media]
    if filename:
        dot = filename.rfind(".")
        if dot != -1:
            return _EXTENSION_KINDS.get(filename[dot:].lower())
    return None


_CHARSET_PARAMETER = re.compile(r"""charset\s*=\s*["']?([^"';,\s]+)""", re.IGNORECASE)


def charset_of(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a ``Content-Type`` value, if any."""
    if not content_type:
        return None
    match = _CHARSET_PARAMETER.search(content_type)
    return match.group(1) if match else None


def media_type_of(content_type: str | None) -> str | None:
    """The bare media type of a ``Content-Type`` value (``text/html; charset=x`` → ``text/html``)."""
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def detect_kind(
    body: bytes | str, *, content_type: str | None = None, filename: str | None = None
) -> DocumentKind:
    """What ``body`` is, from its first element or JSON members; hints break ties only."""
    head = _text_head(body)
    stripped = head.lstrip()
    hinted = _hinted_kind(content_type, filename)
    if stripped.startswith(("{", "[")):
        if _JSON_FEED_VERSION.search(head) or hinted == "jsonfeed":
            return "jsonfeed"
        # JSON members have no order: a serializer that sorts keys writes "items" (the feed's
        # full texts) before "version". Only an object longer than the head is read on, once.
        if (
            stripped.startswith("{")
            and len(body) > len(head)
            and _JSON_FEED_VERSION.search(_text_head(body, None))
        ):
            return "jsonfeed"
        return "json"
    if stripped.startswith("<"):
        if _DOCTYPE_HTML.match(stripped):
            return "html"
        prolog = read_prolog(stripped)
        if prolog.root_start is not None:
            rest = stripped[prolog.root_start :]
            root = _root_name(rest)
            if root is not None:
                return _xml_kind(root, rest)
        # Markup whose root element is not in the first 64 KB (a DOCTYPE that long is hostile).
        if stripped.startswith(("<?", "<!")):
            return "html" if hinted == "html" else "xml"
    if hinted == "html" or (content_type is not None and media_type_of(content_type) in _HTML_MEDIA):
        return "html"
    return "text"


_KIND_WORDS: dict[DocumentKind, str] = {
    "rss": "an RSS feed",
    "atom": "an Atom feed",
    "rdf": "an RSS 1.0 (RDF) feed",
    "jsonfeed": "a JSON Feed",
    "sitemap": "a sitemap (a list of page addresses)",
    "sitemapindex": "a sitemap index (a list of sitemaps)",
    "opml": "an OPML subscription list",
    "html": "an HTML page",
    "text": "plain text",
    "xml": "an XML document of another kind",
    "json": "a JSON document that is not a JSON Feed",
}


def describe_kind(kind: DocumentKind) -> str:
    """Words for a kind, for messages: ``describe_kind("opml")`` → ``"an OPML subscription list"``."""
    return _KIND_WORDS[kind]
