"""Hostile markup and text stay harmless: the corpus' HTML oracle and escaping oracle.

Three levels: the display sanitizer on every payload; every payload as an article body in a
fully rendered article page; and a sample stored on each database and read back through the
reader and the API as a user's browser and a client would.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import quote

from starlette.testclient import TestClient

from tests.web.conftest import AddArticle
from tests.web.oracle import (
    find_by_class,
    handler_payloads,
    html_payloads,
    html_violations,
    parse_document,
    parse_fragment,
    structure,
    text_payloads,
    url_is_safe,
)
from tidings.web.reader import render_page
from tidings.web.security import display_html, safe_http_url
from tidings.web.views import ArticleCard, ArticlePage, OutletRef

MOMENT = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_the_corpus_is_all_there() -> None:
    assert len(html_payloads()) > 2700
    assert len(handler_payloads()) > 300
    assert len(text_payloads()) > 200


def test_the_display_sanitizer_passes_the_html_oracle_on_every_payload() -> None:
    failures = {
        payload: problems
        for payload in [*html_payloads(), *handler_payloads()]
        if (problems := html_violations(parse_fragment(display_html(payload))))
    }
    assert failures == {}


def test_the_oracle_itself_catches_what_it_must() -> None:
    # The oracle is only as good as its rules: raw payloads must trip it.
    raw = [payload for payload in html_payloads() if html_violations(parse_fragment(payload))]
    assert len(raw) > 1000
    assert not url_is_safe(" java\tscript:alert(1)")
    assert url_is_safe("\u2028javascript:alert(1)")  # a relative URL for WHATWG parsers


def _article_page(html: str) -> ArticlePage:
    card = ArticleCard(
        article_id=1,
        title="A title",
        outlet=OutletRef(key="example.com", name="Example", domain="example.com"),
        published_at=MOMENT,
        byline="A. Reporter",
        language="en",
        original_url="https://example.com/a",
        story_id=None,
        copy_of=None,
    )
    return ArticlePage(
        article=card, html=display_html(html), text_paragraphs=(), fetched_at=MOMENT, story=None, copy_of=None
    )


def _rendered(page: ArticlePage) -> str:
    return bytes(render_page("article.html", page=page).body).decode("utf-8")


# Every payload is checked in a fragment above; whole pages cost ~5 ms each to re-parse, so the
# page-context check takes every 8th (about 380 payloads, every source file represented).
PAGE_SAMPLE_STEP = 8


def test_payloads_as_an_article_body_leave_the_page_as_safe_as_a_benign_one() -> None:
    # The page has trusted elements of its own (its stylesheet link, its script, the search form):
    # a payload may add none, so its page must break exactly the rules the benign page breaks.
    benign = html_violations(parse_document(_rendered(_article_page("<p>Benign</p>"))))
    failures: dict[str, list[str]] = {}
    for payload in [*html_payloads(), *handler_payloads()][::PAGE_SAMPLE_STEP]:
        document = parse_document(_rendered(_article_page(payload)))
        body_problems = html_violations(find_by_class(document, "article-body"))
        page_problems = html_violations(document)
        if body_problems or sorted(page_problems) != sorted(benign):
            failures[payload] = body_problems or page_problems
    assert failures == {}


def test_only_http_and_https_urls_become_links() -> None:
    assert safe_http_url("https://example.com/a?b=c") == "https://example.com/a?b=c"
    assert safe_http_url("http://example.com") == "http://example.com"
    for hostile in [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/x",
        "/relative/path",
        "https:/\\evil.example",
        "http://",
        "",
        None,
    ]:
        assert safe_http_url(hostile) is None, hostile


# -- end to end: stored, then read through the reader and the API, on each database -----------

SAMPLE_SIZE = 24


def _text_sample() -> list[str]:
    payloads = text_payloads()
    step = max(1, len(payloads) // SAMPLE_SIZE)
    return payloads[::step][:SAMPLE_SIZE]


def _page_structures(client: TestClient, article_id: int, outlet_key: str) -> dict[str, object]:
    pages = {
        "front": "/",
        "article": f"/articles/{article_id}",
        "outlet": "/outlets/" + quote(outlet_key, safe=""),
        "outlets": "/outlets",
    }
    found: dict[str, object] = {}
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, (name, path)
        document = parse_document(response.text)
        found[name] = structure(document)
        found[name + " violations"] = sorted(html_violations(document))
    return found


def test_hostile_text_fields_are_escaped_everywhere_they_appear(
    client: TestClient, add_article: AddArticle
) -> None:
    # Outlets keep a domain here: Starlette's test client decodes paths twice, so a key with '%'
    # in it cannot be fetched through it (uvicorn decodes once, as it must).
    benign_id = add_article(
        0,
        title="Benign title",
        outlet="Benign outlet",
        domain="benign.example",
        byline="Benign byline",
        url="javascript:alert('benign')",
    )
    benign = _page_structures(client, benign_id, "benign.example")
    for index, payload in enumerate(_text_sample(), start=1):
        domain = f"hostile-{index}.example"
        hostile_id = add_article(
            index,
            title=payload,
            outlet=payload,
            domain=domain,
            byline=payload,
            url=f"javascript:alert({index})",
        )
        hostile = _page_structures(client, hostile_id, domain)
        for name in ("article", "outlet"):
            assert hostile[name] == benign[name], (payload, name)
        for name in ("front", "article", "outlet", "outlets"):
            assert hostile[name + " violations"] == benign[name + " violations"], (payload, name)
        card = client.get(f"/api/v1/articles/{hostile_id}").json()["article"]
        assert (card["title"], card["byline"], card["outlet"]["name"]) == (payload, payload, payload[:255])
        assert card["original_url"] is None


# -- display HTML: the extraction's one policy, applied again with the article's address ---------


def test_display_keeps_what_extraction_stored_as_it_is() -> None:
    # A heading or a variable the extractor keeps in the body was stripped to bare text on display,
    # out of its block: the reader had an allow-list of its own.
    stored = (
        '<h1>Rates rise</h1><p>Set <var>x</var> to 2, <a href="https://example.com/a" '
        'rel="noopener noreferrer nofollow">read</a>.</p><img src="https://example.com/a.jpg" alt="" '
        'loading="lazy" referrerpolicy="no-referrer">'
    )
    assert display_html(stored, base_url="https://example.com/news/1") == stored


def test_display_checks_every_url_it_keeps() -> None:
    # nh3 does not look inside srcset: a <source> the reader allowed kept javascript: and data:.
    shown = display_html(
        '<picture><source srcset="javascript:alert(1) 1x, data:image/png;base64,AAAA 2x">'
        '<img src="https://example.com/a.jpg" alt="A"></picture>'
    )
    assert html_violations(parse_fragment(shown)) == []
    assert "javascript:" not in shown
    assert "data:" not in shown
    assert (
        '<img src="https://example.com/a.jpg" alt="A" loading="lazy" referrerpolicy="no-referrer">' in shown
    )


def test_display_resolves_relative_urls_against_the_article_or_drops_them() -> None:
    # Left relative, a link or image of a page read from a file pointed into the reader itself
    # (/articles/other.html, /img/a.jpg), not to the outlet where the page meant it.
    stored = (
        '<p><a href="/world/x">More</a> <img src="img/a.jpg" alt="A"> <a href="//cdn.example.net/b">B</a></p>'
    )
    resolved = display_html(stored, base_url="https://news.example/world/story")
    assert 'href="https://news.example/world/x"' in resolved
    assert 'src="https://news.example/world/img/a.jpg"' in resolved
    assert 'href="https://cdn.example.net/b"' in resolved
    for base_url in (None, "javascript:alert(1)", "/relative/address"):
        unresolved = display_html(stored, base_url=base_url)
        assert re.findall(r'(?:href|src)="([^"]*)"', unresolved) == [], base_url
        assert ">More</a>" in unresolved
        assert "<img" not in unresolved  # an image with no address left shows nothing


def test_an_article_page_links_nowhere_into_the_reader(client: TestClient, add_article: AddArticle) -> None:
    article_id = add_article(
        1,
        html='<p>See <a href="/add">the form</a> and <a href="other.html">more</a>.</p><img src="/x.png">',
        url="javascript:alert(1)",
    )
    body = find_by_class(parse_document(client.get(f"/articles/{article_id}").text), "article-body")
    urls = [
        value for element in body.iter() for name, value in element.attrib.items() if name in {"href", "src"}
    ]
    assert urls == []
    api_html = client.get(f"/api/v1/articles/{article_id}").json()["html"]
    assert re.findall(r'(?:href|src)="([^"]*)"', api_html) == []
