"""OPML subscription lists: reading OPML 1.0/2.0 imports (folders kept) and writing OPML 2.0.

An import is hostile input: ``read_opml`` refuses entity bombs and external entities in the
DOCTYPE in our own words (``xmlsafety.refuse_hostile_doctype``), parses with lxml configured
never to load a DTD, resolve an entity or reach the network, refuses documents that are not
well-formed, caps folder depth, value lengths and outline count, and reads only what it needs
from each outline (``xmlUrl``, ``htmlUrl``, ``title``/``text``, and ``type="sitemap"``, which
Tidings writes for a site followed through its sitemap): per-feed settings other readers export
(proxies, user agents, rewrite rules, TLS switches) are ignored, so an import can never weaken
the outbound policy. Every ``xmlUrl`` passes the same policy as a manual subscription
(``NetPolicy.check_url``), after a ``feed:`` link is unwrapped as ``tidings subscribe`` unwraps it
(``links.feed_link_target``), and is kept in its canonical form, so
``HTTPS://Feed.Example:443/./rss.xml#x`` and ``https://feed.example/rss.xml`` are one subscription.
Refused outlines are reported, not stored.

lxml rather than a dedicated OPML library: ``listparser`` fetches URLs itself and has no caps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from typing import Literal

from lxml import etree

from tidings.controls import BIDI_CONTROLS
from tidings.errors import BlockedDestination, Unreadable
from tidings.gather.decode import decode_document
from tidings.gather.links import feed_link_target, http_url
from tidings.gather.netpolicy import NetPolicy
from tidings.gather.sitemaps import hardened_xml_parser, local_name
from tidings.gather.xmlsafety import refuse_hostile_doctype

__all__ = ["OpmlImport", "OpmlOutline", "OutlineKind", "RefusedOutline", "read_opml", "render_opml"]

# Folders deeper than this are folded into their ancestor at this depth: readers show two or
# three levels, and a 1,000-level import must not cost recursion.
MAX_FOLDER_DEPTH = 4
MAX_OUTLINES = 20_000
MAX_TITLE_CHARS = 300
MAX_FOLDER_CHARS = 255
# Control characters, and the bidirectional controls that would show a title or folder otherwise
# than it reads (``controls.BIDI_CONTROLS``).
_CONTROLS = re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\u0085{BIDI_CONTROLS}]")
_SPACES = re.compile(r"\s+")
# What a document may hold besides its root element: comments, processing instructions (the XML
# declaration among them) and a DOCTYPE. A document of only these is empty, not malformed.
_NO_ELEMENT = re.compile(r"<!--.*?-->|<\?.*?\?>|<!DOCTYPE[^>]*>|\ufeff", re.DOTALL | re.IGNORECASE)


OutlineKind = Literal["feed", "sitemap"]


def _outline_kind(element: etree._Element) -> OutlineKind:
    return "sitemap" if (element.get("type") or "").strip().lower() == "sitemap" else "feed"


@dataclass(frozen=True, slots=True)
class OpmlOutline:
    """One subscription: its canonical feed URL, title, site and folder ('' for none).

    ``kind`` is "sitemap" for a site followed through its sitemap (exported as ``type="sitemap"``,
    so a round trip does not turn it into a feed that cannot be parsed).
    """

    url: str
    title: str | None = None
    html_url: str | None = None
    folder: str = ""
    kind: OutlineKind = "feed"


@dataclass(frozen=True, slots=True)
class RefusedOutline:
    """An outline left out of an import, and why."""

    title: str | None
    url: str
    reason: str


@dataclass(frozen=True, slots=True)
class OpmlImport:
    """The subscriptions of a document; ``repeated`` counts the outlines whose address (in its
    canonical form) an earlier outline had, read as that one, so that outlines read add up."""

    title: str | None
    outlines: tuple[OpmlOutline, ...]
    refused: tuple[RefusedOutline, ...]
    repeated: int = 0


def _clean_text(value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    text = _SPACES.sub(" ", _CONTROLS.sub("", value)).strip()
    return text[:limit] or None


def _outline_title(element: etree._Element) -> str | None:
    return _clean_text(element.get("title") or element.get("text"), MAX_TITLE_CHARS)


def _walk(body: etree._Element) -> Iterator[tuple[etree._Element, tuple[str, ...]]]:
    """Every outline with its folder path, iteratively (no recursion however deep the nesting)."""
    stack: list[tuple[etree._Element, tuple[str, ...]]] = [(child, ()) for child in reversed(body)]
    while stack:
        element, folders = stack.pop()
        if local_name(element.tag) != "outline":
            continue
        yield element, folders
        if len(element):
            name = _outline_title(element) if not element.get("xmlUrl") else None
            inner = (*folders, name) if name and len(folders) < MAX_FOLDER_DEPTH else folders
            stack.extend((child, inner) for child in reversed(element))


def read_opml(body: bytes, *, source: str, policy: NetPolicy) -> OpmlImport:
    """The subscriptions in an OPML document; raises ``Unreadable`` when it is not OPML and
    ``UnsafeInput`` for an entity bomb or an external entity."""
    text = decode_document(body, source=source, media_type_hint="application/xml")
    refuse_hostile_doctype(text, source=source)
    try:
        root = etree.fromstring(body, parser=hardened_xml_parser(recover=False))
    except etree.XMLSyntaxError as exc:
        if "Excessive depth" in str(exc):
            # libxml2's message goes on to advise an option that lifts its limit; ours stays.
            raise Unreadable(
                source, "nests its elements more than 256 deep; no OPML file of subscriptions does"
            ) from exc
        if not _NO_ELEMENT.sub("", text).strip():
            raise Unreadable(
                source, "is empty: it holds only comments or an XML declaration, no OPML outline"
            ) from exc
        raise Unreadable(source, f"is not well-formed XML, so not an OPML file ({exc})") from exc
    # <outlineDocument> is the name OPML had before 1.0 (Radio UserLand); it is read the same.
    if root is None or local_name(root.tag) not in {"opml", "outlinedocument"}:
        kind = local_name(root.tag) if root is not None else "nothing"
        hint = "; to follow a feed, use `tidings subscribe URL`" if kind in {"rss", "feed", "rdf"} else ""
        raise Unreadable(source, f"is not an OPML file (its root element is <{kind}>){hint}")
    head = next((child for child in root if local_name(child.tag) == "head"), None)
    body_element = next((child for child in root if local_name(child.tag) == "body"), None)
    title_element = (
        next((child for child in head if local_name(child.tag) == "title"), None)
        if head is not None
        else None
    )
    title = _clean_text(title_element.text if title_element is not None else None, MAX_TITLE_CHARS)
    if body_element is None:
        raise Unreadable(source, "is an OPML file without a <body>, so it lists no subscriptions")
    outlines: dict[str, OpmlOutline] = {}
    refused: list[RefusedOutline] = []
    repeated = 0
    for count, (element, folders) in enumerate(_walk(body_element)):
        if count >= MAX_OUTLINES:
            refused.append(
                RefusedOutline(None, "", f"more than {MAX_OUTLINES:,} outlines; the rest were not read")
            )
            break
        raw_url = element.get("xmlUrl")
        if raw_url is None:
            raw_url = element.get("xmlurl")
        if raw_url is None:
            continue
        outline_title = _outline_title(element)
        try:
            url = policy.check_url(feed_link_target(raw_url)).url
        except BlockedDestination as error:
            refused.append(RefusedOutline(outline_title, raw_url[:300], error.reason))
            continue
        if outline_title in {raw_url.strip(), url}:
            # An exporter's stand-in for a missing title (ours writes the URL as ``text``), not a name.
            outline_title = None
        if url in outlines:
            repeated += 1
            continue
        folder = _clean_text("/".join(folders), MAX_FOLDER_CHARS) or ""
        outlines.setdefault(
            url,
            OpmlOutline(
                url=url,
                title=outline_title,
                html_url=http_url(element.get("htmlUrl")),
                folder=folder,
                kind=_outline_kind(element),
            ),
        )
    return OpmlImport(
        title=title, outlines=tuple(outlines.values()), refused=tuple(refused), repeated=repeated
    )


def render_opml(outlines: Sequence[OpmlOutline], *, title: str, now: datetime) -> str:
    """An OPML 2.0 document of ``outlines``, grouped in folder outlines (``a/b`` nests ``b`` in ``a``)."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "dateCreated").text = format_datetime(now, usegmt=True)
    body = etree.SubElement(root, "body")
    folders: dict[tuple[str, ...], etree._Element] = {(): body}
    for outline in outlines:
        path: tuple[str, ...] = ()
        parent = body
        for name in [part for part in outline.folder.split("/") if part.strip()]:
            path = (*path, name)
            if path not in folders:
                folders[path] = etree.SubElement(parent, "outline", text=name, title=name)
            parent = folders[path]
        kind = "sitemap" if outline.kind == "sitemap" else "rss"
        attributes = {"type": kind, "text": outline.title or outline.url, "xmlUrl": outline.url}
        if outline.title:
            attributes["title"] = outline.title
        if outline.html_url:
            attributes["htmlUrl"] = outline.html_url
        etree.SubElement(parent, "outline", attributes)
    document: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return document.decode("utf-8")
