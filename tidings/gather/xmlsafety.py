"""Makes XML text safe to hand to feedparser, or refuses it (``UnsafeInput``).

feedparser cannot be trusted with hostile XML: when expat rejects a document, feedparser
re-reads it with its lenient parser, which expands the entities declared in its DOCTYPE without
any limit (a 170 KB "quadratic blowup" feed becomes two 10^9-character fields after 145 s and
3.8 GB), and its strict path is quadratic in the number of attributes of one element (20,000
attributes: 5 s). So ``screen_feed_xml`` rewrites every document before feedparser sees it:

* It works on decoded text (``decode_document`` ran first), so no declaration can hide behind
  UTF-16 or UTF-32, with or without a byte-order mark.
* It reads the prolog with a linear tokenizer (not a regular expression: comments, processing
  instructions and quoted literals may contain ``>`` and ``]``), and drops everything before the
  root element: the XML declaration (replaced by one saying UTF-8), comments, ``xml-stylesheet``
  and other processing instructions, and the DOCTYPE with its internal subset. feedparser
  therefore never sees a DOCTYPE, an ENTITY declaration or a parameter entity, and nothing
  external (DTD, entity, stylesheet) is ever named to a parser that could open it.
* Internal general entities declared with plain text values (``<!ENTITY id "tag:x,">``, as a
  few hand-written feeds do) are substituted by us, escaped as text, within a budget of
  ``XmlLimits.max_expansion_chars``. Entities whose values refer to other entities (every
  entity bomb), external entities (XXE), and expansion beyond the budget are refused.
* Elements with more than ``max_attributes`` attributes are refused before feedparser's
  quadratic path can see them, and so are documents with more tags or entity references
  outside CDATA sections than feedparser reads in about ten seconds (``XmlLimits``).

XInclude needs no step: feedparser does not process it, and nothing here resolves it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tidings.errors import Unreadable, UnsafeInput

__all__ = [
    "Doctype",
    "EntityDeclaration",
    "Prolog",
    "XmlLimits",
    "read_prolog",
    "refuse_hostile_doctype",
    "screen_feed_xml",
]


@dataclass(frozen=True, slots=True)
class XmlLimits:
    """Bounds on what an XML document may ask of us (measured 2026-11-23 with feedparser 6.0.14
    on CPython 3.11, on the shared 2-core machine at load 8; re-run ``bench/gather.py``).

    ``max_expansion_chars``: the honest uses seen (two of the 2,107 feedparser test feeds, a
    handful of hand-written RSS 0.91 feeds) add a few hundred characters; 100,000 leaves room for
    any of them and keeps a "quadratic blowup" (a 50,000-character entity used 20,000 times)
    out. ``max_attributes``: real feed elements carry at most a few dozen (the root's namespace
    declarations); feedparser's strict parser takes 6 ms on one element with 500 attributes and
    5.3 s on one with 20,000.
    ``max_tags`` and ``max_references`` bound feedparser's time, which is linear but slow per
    unit of markup outside CDATA sections: 26 to 91 µs per ``<`` (tags, stray ``<``, unclosed
    attributes; strict and lenient parser alike; two runs at load 7-8) and 3 to 8 µs per ``&``,
    so the worst document takes 5 to 18 s on this shared machine. A 2 MB feed of 100 full-text
    articles in CDATA has under 1,000 tags outside it; 200,000 tags is some 5 MB of inline
    XHTML or 100,000 metadata elements, and 500,000 references some 12 MB of escaped HTML.
    """

    max_entities: int = 256
    max_expansion_chars: int = 100_000
    max_attributes: int = 100
    max_tags: int = 200_000
    max_references: int = 500_000


DEFAULT_LIMITS = XmlLimits()


@dataclass(frozen=True, slots=True)
class EntityDeclaration:
    """One ``<!ENTITY>`` of an internal subset. ``value`` is None for external entities."""

    name: str
    value: str | None
    parameter: bool

    @property
    def external(self) -> bool:
        return self.value is None


@dataclass(frozen=True, slots=True)
class Doctype:
    """A DOCTYPE: its text, and the entity declarations of its internal subset, in order."""

    text: str
    entities: tuple[EntityDeclaration, ...]
    has_internal_subset: bool


@dataclass(frozen=True, slots=True)
class Prolog:
    """What comes before the root element. ``root_start`` is None when no element was found."""

    root_start: int | None
    doctype: Doctype | None
    complete: bool = True
    """False when a comment, processing instruction or DOCTYPE is never closed."""


# -- the prolog tokenizer -----------------------------------------------------------------------

# The next "<" that opens something: a PI, a declaration or comment, or an element (a name-start
# character follows). Found by the regex engine, so runs of stray "<" cost nothing in Python.
_PROLOG_MARKUP = re.compile(r"<(?=[?!A-Za-z_:\u00c0-\U000effff])")
_DECLARATION_END = re.compile(r"""[>"']""")
_SUBSET_MARKUP = re.compile(r"<[!?]|\]")
_DOCTYPE_TOKEN = re.compile(r"""[>"'\[]""")
_ENTITY_DECLARATION = re.compile(
    r"""<!ENTITY\s+(%\s+)?([^\s"'%;&<>]+)\s+(?:"([^"]*)"|'([^']*)'|(SYSTEM|PUBLIC)\b)""", re.DOTALL
)


def _skip_past(text: str, terminator: str, start: int) -> int | None:
    end = text.find(terminator, start)
    return None if end == -1 else end + len(terminator)


def _skip_declaration(text: str, start: int) -> int | None:
    """The index after the ``>`` that closes a markup declaration, honouring quoted literals."""
    position = start
    while True:
        found = _DECLARATION_END.search(text, position)
        if found is None:
            return None
        if found.group() == ">":
            return found.end()
        closing = text.find(found.group(), found.end())
        if closing == -1:
            return None
        position = closing + 1


def _parse_entity(declaration: str) -> EntityDeclaration | None:
    match = _ENTITY_DECLARATION.match(declaration)
    if match is None:
        return None
    parameter, name, double_quoted, single_quoted, external = match.groups()
    value = None if external else (double_quoted if double_quoted is not None else single_quoted)
    return EntityDeclaration(name=name, value=value, parameter=parameter is not None)


def _read_internal_subset(text: str, start: int) -> tuple[int | None, list[EntityDeclaration]]:
    """Declarations from just after ``[`` to the ``]`` that closes the subset."""
    entities: list[EntityDeclaration] = []
    position = start
    # White space, parameter-entity references (%name;) and stray characters are jumped over.
    while (markup := _SUBSET_MARKUP.search(text, position)) is not None:
        position = markup.start()
        if text[position] == "]":
            return position + 1, entities
        if text.startswith("<!--", position):
            end = _skip_past(text, "-->", position + 4)
        elif text.startswith("<?", position):
            end = _skip_past(text, "?>", position + 2)
        elif text.startswith("<!", position):
            end = _skip_declaration(text, position + 2)
            if end is not None:
                entity = _parse_entity(text[position:end])
                if entity is not None:
                    entities.append(entity)
        else:
            end = position + 1
        if end is None:
            return None, entities
        position = end
    return None, entities


def _read_doctype(text: str, start: int) -> tuple[int | None, Doctype]:
    """A DOCTYPE starting at ``start`` (at ``<!DOCTYPE``); returns the index after its ``>``."""
    position = start + len("<!DOCTYPE")
    entities: list[EntityDeclaration] = []
    has_subset = False
    while True:
        found = _DOCTYPE_TOKEN.search(text, position)
        if found is None:
            return None, Doctype(text[start:], tuple(entities), has_subset)
        token = found.group()
        if token == ">":
            end = found.end()
            return end, Doctype(text[start:end], tuple(entities), has_subset)
        if token == "[":
            has_subset = True
            after, declared = _read_internal_subset(text, found.end())
            entities.extend(declared)
            if after is None:
                return None, Doctype(text[start:], tuple(entities), has_subset)
            position = after
            continue
        closing = text.find(token, found.end())
        if closing == -1:
            return None, Doctype(text[start:], tuple(entities), has_subset)
        position = closing + 1


def read_prolog(text: str) -> Prolog:
    """Find the root element and the DOCTYPE, skipping declarations, comments and PIs.

    Linear in the length of the prolog. Stray text before the root is skipped, as lenient
    parsers do; an unclosed comment, PI or DOCTYPE ends the scan with ``complete=False``.
    """
    position = 0
    doctype: Doctype | None = None
    while (markup := _PROLOG_MARKUP.search(text, position)) is not None:
        position = markup.start()
        end: int | None
        if text.startswith("<?", position):
            end = _skip_past(text, "?>", position + 2)
        elif text.startswith("<!--", position):
            end = _skip_past(text, "-->", position + 4)
        elif text[position : position + 9].upper() == "<!DOCTYPE":
            end, found = _read_doctype(text, position)
            doctype = doctype or found
        elif text.startswith("<!", position):
            end = _skip_declaration(text, position + 2)  # another declaration: stray, skipped
        else:
            return Prolog(root_start=position, doctype=doctype)
        if end is None:
            return Prolog(root_start=None, doctype=doctype, complete=False)
        position = end
    return Prolog(root_start=None, doctype=doctype)


# -- entities -----------------------------------------------------------------------------------

_PREDEFINED = frozenset({"lt", "gt", "amp", "apos", "quot"})
_CHARACTER_REFERENCE = re.compile(r"&#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}));")
_ENTITY_OR_PARAMETER_REFERENCE = re.compile(r"[&%][^\s#;&%]*;")
_PREDEFINED_REFERENCE = re.compile(r"&(lt|gt|amp|apos|quot);")
_UNPARSED_OPENERS = (("<![CDATA[", "]]>"), ("<!--", "-->"))


_PREDEFINED_TEXT = {"lt": "<", "gt": ">", "amp": "&", "apos": "'", "quot": '"'}


def _refers_to_declared_entities(value: str) -> bool:
    """Whether a value uses any entity but the five predefined ones (or a parameter entity)."""
    return any(
        reference.startswith("%") or reference[1:-1] not in _PREDEFINED
        for reference in _ENTITY_OR_PARAMETER_REFERENCE.findall(value)
    )


def _resolve_references(value: str) -> str:
    """Character references and the predefined entities of a plain value, resolved to text."""

    def character(match: re.Match[str]) -> str:
        code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    resolved = _CHARACTER_REFERENCE.sub(character, value)
    return _PREDEFINED_REFERENCE.sub(lambda match: _PREDEFINED_TEXT[match.group(1)], resolved)


def _escape_text(value: str) -> str:
    """A replacement that reads as text in element content and in attribute values alike."""
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&apos;")
    )


def _replacements(doctype: Doctype, *, source: str, limits: XmlLimits) -> dict[str, str]:
    """Escaped replacement text for each plain internal general entity; refuses bombs and XXE."""
    replacements: dict[str, str] = {}
    general = [entity for entity in doctype.entities if not entity.parameter]
    if len(general) > limits.max_entities:
        raise UnsafeInput(source, f"declares {len(general):,} XML entities; refused as a likely entity bomb")
    for entity in general:
        if entity.value is None:
            raise UnsafeInput(
                source,
                f"declares the external XML entity '{entity.name}' (a file or URL to read in); "
                "refused, Tidings never opens what a document names",
            )
        if _refers_to_declared_entities(entity.value):
            raise UnsafeInput(
                source,
                f"declares the XML entity '{entity.name}' in terms of other entities, "
                "the shape of an entity-expansion bomb; refused",
            )
        if entity.name in _PREDEFINED or entity.name in replacements:
            continue  # XML keeps the predefined entities and the first declaration of a name
        replacements[entity.name] = _escape_text(_resolve_references(entity.value))
    return replacements


def _substitute_entities(body: str, replacements: dict[str, str], *, source: str, limits: XmlLimits) -> str:
    if not replacements:
        return body
    reference = re.compile("&(" + "|".join(re.escape(name) for name in replacements) + ");")
    budget = limits.max_expansion_chars
    parts = _split_unparsed(body)
    for index in range(0, len(parts), 2):  # even indexes are outside CDATA sections and comments
        for name in reference.findall(parts[index]):
            budget -= len(replacements[name])
            if budget < 0:
                raise UnsafeInput(
                    source,
                    f"expands its XML entities to more than {limits.max_expansion_chars:,} characters; "
                    "refused as an entity-expansion bomb",
                )
        parts[index] = reference.sub(lambda match: replacements[match.group(1)], parts[index])
    return "".join(parts)


def _split_unparsed(body: str) -> list[str]:
    """``body`` cut into [parsed, unparsed, parsed, …], where unparsed parts are CDATA sections
    and comments (in which ``&name;`` is literal text). Linear: each opener is searched once."""
    parts: list[str] = []
    position = 0
    while True:
        openings = [(body.find(opener, position), opener, closer) for opener, closer in _UNPARSED_OPENERS]
        found = [opening for opening in openings if opening[0] != -1]
        if not found:
            parts.append(body[position:])
            return parts
        start, opener, closer = min(found)
        end = body.find(closer, start + len(opener))
        end = len(body) if end == -1 else end + len(closer)
        parts.extend((body[position:start], body[start:end]))
        position = end


# -- structure ----------------------------------------------------------------------------------


def _check_markup_volume(body: str, *, source: str, limits: XmlLimits) -> None:
    """Refuse documents with more markup outside CDATA sections than feedparser reads in bounded time."""
    parsed = _split_unparsed(body)[::2]
    tags = sum(part.count("<") for part in parsed)
    if tags > limits.max_tags:
        raise UnsafeInput(
            source,
            f"has {tags:,} tags outside CDATA sections, more than the {limits.max_tags:,} Tidings reads "
            "in one feed; refused to keep reading time bounded",
        )
    references = sum(part.count("&") for part in parsed)
    if references > limits.max_references:
        raise UnsafeInput(
            source,
            f"has {references:,} entity references, more than the {limits.max_references:,} Tidings reads "
            "in one feed; refused to keep reading time bounded",
        )


def _too_many_attributes(limits: XmlLimits) -> re.Pattern[str]:
    # Anchored at a tag's "<name", so each tag is tried once and the scan stays linear.
    attribute = r"""\s+[^\s=<>"'/]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=]+)"""
    return re.compile(rf"<[^\s<>/!?]+(?:{attribute}){{{limits.max_attributes + 1}}}")


def refuse_hostile_doctype(text: str, *, source: str, limits: XmlLimits = DEFAULT_LIMITS) -> None:
    """Raise ``UnsafeInput`` when the DOCTYPE of ``text`` declares an entity bomb or an external
    entity, before lxml reads it (OPML, sitemaps). lxml, hardened, refuses these too, but in
    libxml2's words ("Maximum entity amplification factor exceeded, see
    xmlCtxtSetMaxAmplification") and as if the file were merely not well-formed."""
    prolog = read_prolog(text)
    if prolog.doctype is not None and prolog.doctype.entities:
        _replacements(prolog.doctype, source=source, limits=limits)


def screen_feed_xml(text: str, *, source: str, limits: XmlLimits = DEFAULT_LIMITS) -> str:
    """The document rebuilt for feedparser: an XML declaration saying UTF-8, then the root
    element onward, with plain internal entities substituted. Raises ``UnsafeInput`` for
    entity bombs, external entities and attribute floods, ``Unreadable`` with no root element.
    """
    prolog = read_prolog(text)
    if prolog.root_start is None:
        if not prolog.complete:
            raise Unreadable(
                source, "is XML whose prolog (a comment, DOCTYPE or declaration) is never closed"
            )
        raise Unreadable(source, "is XML with no document element")
    body = text[prolog.root_start :]
    if prolog.doctype is not None and prolog.doctype.entities:
        replacements = _replacements(prolog.doctype, source=source, limits=limits)
        body = _substitute_entities(body, replacements, source=source, limits=limits)
    _check_markup_volume(body, source=source, limits=limits)
    if _too_many_attributes(limits).search(body):
        raise UnsafeInput(
            source,
            f"has an element with more than {limits.max_attributes} attributes; refused as a parser trap",
        )
    screened = _UTF8_DECLARATION + body
    _check_feedparser_head(screened, source=source)
    return screened


_UTF8_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
# feedparser's replace_doctype() takes everything before the first match of this (bytes) pattern
# as the "head" in which it looks for DOCTYPE and ENTITY declarations to honour.
_FEEDPARSER_HEAD_END = re.compile(r"<[A-Za-z0-9_]")


def _check_feedparser_head(screened: str, *, source: str) -> None:
    """Refuse unless the head feedparser will search for declarations is our XML declaration
    alone (a root element whose name starts with a non-ASCII letter would stretch that head
    into the body, where a CDATA section could hold a DOCTYPE)."""
    head_end = _FEEDPARSER_HEAD_END.search(screened)
    if head_end is None or head_end.start() != len(_UTF8_DECLARATION):
        raise UnsafeInput(source, "has a root element name feedparser cannot read safely; refused")
