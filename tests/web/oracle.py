"""The HTML oracles of the attack-vector corpus (its README, "The HTML sanitizer oracle").

``html_violations`` re-parses markup with html5lib (a WHATWG parser) and lists every rule it
breaks: no script-like element, no event-handler attribute, no ``formaction``, no SVG animation of
links or handlers, no ``iframe srcdoc``, and every URL attribute relative or http/https/mailto
after the parser's own decoding and stripping. ``structure`` is the escaping oracle's view of a
page: its elements and attribute names in document order, which a text field must never change.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib

XSS = Path(__file__).resolve().parent.parent / "fixtures" / "attack-vectors" / "xss"

FORBIDDEN_ELEMENTS = frozenset(
    {"script", "style", "object", "embed", "base", "meta", "form", "link", "frame", "frameset", "applet"}
)
URL_ATTRIBUTES = frozenset(
    {"href", "src", "poster", "action", "background", "cite", "data", "longdesc", "ping", "formaction"}
)
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_STRIPPED = "".join(chr(code) for code in range(0x21))


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def parse_document(html: str) -> Element:
    root: Element = html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)
    return root


def parse_fragment(html: str) -> Element:
    root: Element = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    return root


def url_is_safe(value: str) -> bool:
    """WHATWG reading: drop tab/LF/CR anywhere, strip C0 and space at the ends, then the scheme."""
    cleaned = re.sub(r"[\t\n\r]", "", value).strip(_STRIPPED)
    found = _SCHEME.match(cleaned)
    return found is None or found.group(1).lower() in SAFE_SCHEMES


def _srcset_urls(value: str) -> Iterator[str]:
    for candidate in value.split(","):
        parts = candidate.strip().split()
        if parts:
            yield parts[0]


def _element_violations(element: Element) -> Iterator[str]:
    tag = _local(str(element.tag))
    attributes = {_local(name): value for name, value in element.attrib.items()}
    if tag in FORBIDDEN_ELEMENTS:
        yield f"<{tag}> element"
    if tag == "iframe" and "srcdoc" in attributes:
        yield "<iframe srcdoc>"
    for name, value in attributes.items():
        if name.startswith("on"):
            yield f"event handler {name}= on <{tag}>"
        if name == "formaction":
            yield f"formaction= on <{tag}>"
        if name in URL_ATTRIBUTES and not url_is_safe(value):
            yield f"unsafe URL {name}={value[:60]!r} on <{tag}>"
        if name == "srcset" and not all(url_is_safe(url) for url in _srcset_urls(value)):
            yield f"unsafe srcset on <{tag}>"
    if tag in {"animate", "set"} or tag.startswith("animate"):
        target = attributes.get("attributename", "").lower()
        if target in {"href", "xlink:href"} or target.startswith("on"):
            yield f"<{tag}> animates {target}"
        if any("script:" in attributes.get(name, "").lower() for name in ("to", "from", "values", "by")):
            yield f"<{tag}> animates to a script URL"


def html_violations(root: Element, *, skip: frozenset[str] = frozenset()) -> list[str]:
    """Every oracle rule broken under ``root``; ``skip`` names trusted elements (the page's own)."""
    found: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments
        if _local(element.tag) in skip:
            continue
        found.extend(_element_violations(element))
    return found


def find_by_class(root: Element, class_name: str) -> Element:
    for element in root.iter():
        if isinstance(element.tag, str) and class_name in element.attrib.get("class", "").split():
            return element
    raise AssertionError(f"no element with class {class_name!r}")


def structure(root: Element) -> list[tuple[str, tuple[str, ...]]]:
    """Elements and their attribute names, in document order: what text must never alter."""
    return [
        (_local(element.tag), tuple(sorted(_local(name) for name in element.attrib)))
        for element in root.iter()
        if isinstance(element.tag, str)
    ]


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return [line for line in text.splitlines() if line.strip()]


def html_payloads() -> list[str]:
    """Every HTML payload of the corpus: the intruder lists (not the handler-name and JSONP
    lists, which are not markup), the SVG files, and the OWASP, DOMPurify and bleach sets."""
    intruders = XSS / "payloadsallthethings" / "intruders"
    payloads: list[str] = []
    for path in sorted(intruders.glob("*.txt")):
        if "event_handlers" in path.name or path.name == "jsonp_endpoint.txt":
            continue
        payloads.extend(_lines(path))
    payloads.extend(
        path.read_text(encoding="utf-8")
        for path in sorted((XSS / "payloadsallthethings" / "svg").glob("*.svg"))
    )
    payloads.extend(
        item["payload"] for item in json.loads((XSS / "owasp-xss-filter-evasion.json").read_text())
    )
    payloads.extend(item["payload"] for item in json.loads((XSS / "dompurify-fixtures.json").read_text()))
    payloads.extend(item["input"] for item in json.loads((XSS / "bleach-regressions.json").read_text()))
    return payloads


def handler_payloads() -> list[str]:
    """Generated from the handler-name lists, as the corpus README says."""
    intruders = XSS / "payloadsallthethings" / "intruders"
    names: dict[str, None] = {}
    for file_name in ("port_swigger_xss_cheatsheet_event_handlers.txt", "0xcela_event_handlers.txt"):
        for line in _lines(intruders / file_name):
            names.setdefault(line.strip(), None)
    return [
        template.format(name=name)
        for name in names
        for template in (
            "<img src=x {name}=alert(1)>",
            "<svg {name}=alert(1)>",
            "<details open {name}=alert(1)>",
        )
    ]


def text_payloads() -> list[str]:
    """Strings for the escaping oracle: the polyglots, the detection list and the JS-context list."""
    intruders = XSS / "payloadsallthethings" / "intruders"
    payloads: list[str] = []
    for file_name in ("XSS_Polyglots.txt", "XSSDetection.txt", "BRUTELOGIC-XSS-JS.txt"):
        payloads.extend(line.strip() for line in _lines(intruders / file_name))
    return [payload for payload in dict.fromkeys(payloads) if payload]
