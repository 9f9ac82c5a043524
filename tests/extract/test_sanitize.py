"""The display sanitizer against the HTML oracle of the attack-vector corpus.

The oracle (``shared/data/attack-vectors/README.md``, "The HTML sanitizer oracle") re-parses the
sanitized HTML with html5lib and checks that no dangerous element, handler or URL survives. The
payloads are copies in ``tests/fixtures/attack-vectors/xss/`` (sources and licences in
``tests/fixtures/README.md``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import html5lib
import pytest

from tidings.extract.sanitize import sanitize_html

XSS = Path(__file__).resolve().parent.parent / "fixtures" / "attack-vectors" / "xss"
PAYLOAD_LISTS = XSS / "payloadsallthethings" / "intruders"
HANDLER_LISTS = ("port_swigger_xss_cheatsheet_event_handlers.txt", "0xcela_event_handlers.txt")
# Not sanitizer input: JSONP hosts (a CSP matter), Flash query strings, JavaScript-string contexts.
NOT_HTML_LISTS = ("jsonp_endpoint.txt", "xss_swf_fuzz.txt", "BRUTELOGIC-XSS-JS.txt")

FORBIDDEN_ELEMENTS = {"script", "style", "object", "embed", "base", "meta", "form", "link", "frame"}
FORBIDDEN_ELEMENTS |= {"frameset", "applet"}
URL_ATTRIBUTES = {"href", "src", "poster", "xlink:href", "action", "background", "cite", "data"}
URL_ATTRIBUTES |= {"longdesc", "ping"}
SAFE_SCHEMES = {"http", "https", "mailto"}
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))


def _payload_lines() -> Iterator[str]:
    for path in sorted(PAYLOAD_LISTS.glob("*.txt")):
        if path.name in HANDLER_LISTS or path.name in NOT_HTML_LISTS:
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip():
                yield line


def _handler_payloads() -> Iterator[str]:
    for name in HANDLER_LISTS:
        for handler in (PAYLOAD_LISTS / name).read_text(encoding="utf-8").split():
            yield f"<img src=x {handler}=alert(1)>"
            yield f"<svg {handler}=alert(1)>"
            yield f"<details open {handler}=alert(1)>"


def _json_payloads() -> Iterator[str]:
    for entry in json.loads((XSS / "owasp-xss-filter-evasion.json").read_text(encoding="utf-8")):
        yield entry["payload"]
    for entry in json.loads((XSS / "dompurify-fixtures.json").read_text(encoding="utf-8")):
        yield entry["payload"]
    for entry in json.loads((XSS / "bleach-regressions.json").read_text(encoding="utf-8")):
        yield entry["input"]


@cache
def all_payloads() -> tuple[str, ...]:
    svgs = [
        path.read_text(encoding="utf-8")
        for path in sorted((XSS / "payloadsallthethings" / "svg").glob("*.svg"))
    ]
    return (*_payload_lines(), *_handler_payloads(), *_json_payloads(), *svgs)


def _scheme(value: str) -> str | None:
    cleaned = re.sub(r"[\t\n\r]", "", value).strip(_C0_AND_SPACE)
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.\-]*):", cleaned)
    return match.group(1).lower() if match else None


def oracle_violations(html: str) -> list[str]:
    """Every rule of the HTML oracle that ``html`` breaks (html5lib parses and decodes entities)."""
    fragment = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    problems: list[str] = []
    for element in fragment.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag in FORBIDDEN_ELEMENTS:
            problems.append(f"<{tag}> element")
        if tag == "iframe" and "srcdoc" in element.attrib:
            problems.append("iframe srcdoc")
        for raw_name, value in element.attrib.items():
            name = raw_name.rsplit("}", 1)[-1].lower()
            if name.startswith("on") or name == "formaction":
                problems.append(f"{name} attribute on <{tag}>")
            if tag.startswith(("animate", "set")) and (
                element.attrib.get("attributeName", "").lower() in {"href", "xlink:href"}
                or element.attrib.get("attributeName", "").lower().startswith("on")
                or (name in {"to", "from", "values", "by"} and "script:" in value.lower())
            ):
                problems.append(f"<{tag}> animating {element.attrib.get('attributeName')}")
            url_values = [value]
            if name == "srcset":
                url_values = [candidate.strip().split(" ")[0] for candidate in value.split(",")]
            if name in URL_ATTRIBUTES or name == "srcset":
                for url in url_values:
                    scheme = _scheme(url)
                    if scheme is not None and scheme not in SAFE_SCHEMES:
                        problems.append(f"{name}={url!r} on <{tag}>")
    return problems


def test_the_corpus_is_all_there() -> None:
    assert len(all_payloads()) > 2500


@pytest.mark.parametrize("base_url", [None, "https://news.example.com/world/story.html"])
def test_no_payload_survives_the_oracle(base_url: str | None) -> None:
    failures = {}
    for payload in all_payloads():
        cleaned = sanitize_html(payload, base_url=base_url)
        problems = oracle_violations(cleaned)
        if problems:
            failures[payload] = (cleaned, problems)
    assert not failures, f"{len(failures)} payloads break the oracle, e.g. {next(iter(failures.items()))}"


def test_the_oracle_itself_catches_raw_payloads() -> None:
    flagged = sum(1 for payload in all_payloads() if oracle_violations(payload))
    assert flagged > 1000


def test_ordinary_article_markup_survives() -> None:
    html = (
        '<h2>Minsk</h2><p>Putin <strong>said</strong> <a href="/world/x">more</a>.</p>'
        '<ul><li>one</li></ul><blockquote cite="https://example.com/q">quote</blockquote>'
        '<img src="photo.jpg" alt="Putin">'
    )
    cleaned = sanitize_html(html, base_url="https://www.ntd.com/world/story.html")
    assert "<h2>Minsk</h2>" in cleaned
    assert '<a href="https://www.ntd.com/world/x" rel="noopener noreferrer nofollow">more</a>' in cleaned
    assert "<li>one</li>" in cleaned
    assert 'src="https://www.ntd.com/world/photo.jpg"' in cleaned
    assert 'alt="Putin"' in cleaned


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
    ],
)
def test_dangerous_links_lose_their_href(href: str) -> None:
    cleaned = sanitize_html(f'<a href="{href}">x</a>', base_url="https://example.com/")
    assert "href" not in cleaned
    assert ">x</a>" in cleaned


def test_a_base_that_is_not_a_web_url_is_ignored() -> None:
    cleaned = sanitize_html('<a href="alert(1)">x</a>', base_url="javascript:")
    # Not resolved against it: with no address to resolve it against, the relative URL goes.
    assert cleaned == '<a rel="noopener noreferrer nofollow">x</a>'


def test_over_sanitizing_keeps_text() -> None:
    assert sanitize_html("<form><p>Still <custom-tag>here</custom-tag></p></form>") == "<p>Still here</p>"


def test_pages_sanitized_at_once_in_threads_each_resolve_against_their_own_address() -> None:
    def resolved(number: int) -> tuple[int, str]:
        page = f"https://outlet{number}.example/news/story"
        return number, sanitize_html('<p><a href="../more">More</a></p>', base_url=page)

    with ThreadPoolExecutor(max_workers=8) as pool:
        for number, html in pool.map(resolved, range(400)):
            assert f'href="https://outlet{number}.example/more"' in html


def test_an_image_without_a_text_alternative_gets_an_empty_one() -> None:
    cleaned = sanitize_html(
        '<p><img src="a.jpg" alt="Putin in Minsk"><img src="b.jpg"><img src="c.jpg" title="no alt=here">'
        '<img alt src="d.jpg"></p>',
        base_url="https://example.com/",
    )
    lazy = ' loading="lazy" referrerpolicy="no-referrer"'
    assert cleaned == (
        f'<p><img src="https://example.com/a.jpg" alt="Putin in Minsk"{lazy}>'
        f'<img src="https://example.com/b.jpg" alt=""{lazy}>'
        f'<img src="https://example.com/c.jpg" title="no alt=here" alt=""{lazy}>'
        f'<img alt="" src="https://example.com/d.jpg"{lazy}></p>'
    )


def test_a_relative_url_with_no_address_to_resolve_it_against_is_dropped() -> None:
    # A page read from a file that names no address of its own: its relative links and images
    # would point into whatever shows the HTML (the reader's own paths), never where the page meant.
    cleaned = sanitize_html(
        '<p><a href="/world/x">More</a> <a href="#notes">notes</a> <img src="img/a.jpg" alt="A">'
        ' <img src="//cdn.example.net/b.jpg" alt="B"> <a href="https://example.com/c">C</a></p>'
    )
    assert re.findall(r'(?:href|src)="([^"]*)"', cleaned) == ["https://example.com/c"]
    assert ">More</a>" in cleaned
    assert ">notes</a>" in cleaned
    # An image with no address left shows nothing: it goes, where a link keeps its text.
    assert "<img" not in cleaned
