"""The reader as a person uses it, in headless Chromium against a real server on 127.0.0.1.

One journey, in order: an empty front page; the two seed pages pasted into the Add form join
one story; the front page shows it; keys j and o open it; on the story page j and k move between
its articles, and its text keeps WCAG AA contrast in the light and the dark scheme (dark by the
system's preference); a citation leads to its article; / searches; no page scrolls sideways on
a phone; screenshots of each page at desktop and phone widths, light and dark. Then a private
feed's address, refused once, put back into the Add form without its password.
"""

from __future__ import annotations

import base64
import re
import struct
import threading
import zlib
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from tests.extract.helpers import raw_document
from tests.gather.fetch_server import FetchServer, respond
from tests.jobs.support import LONG_TEXT, rss
from tests.web.browser import PHONE, chromium, screenshots, serve
from tests.web.conftest import make_article
from tidings.config import Settings
from tidings.core import Tidings
from tidings.extract import extract
from tidings.model import Added

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "web"
BROWSER_TIMEOUT_MS = 60_000
SEED_FILES = ("tribune-inkl-putin-belarus.txt", "ntd-putin-belarus.txt")


@pytest.fixture
def page_and_url(settings: Settings) -> Iterator[tuple[Page, str]]:
    quiet = replace(settings, serve_polls_sources=False)
    with Tidings(quiet) as tidings, serve(tidings) as base_url, chromium() as context:
        page = context.new_page()
        # A busy 2-core machine: the first story summary loads the language models.
        page.set_default_timeout(BROWSER_TIMEOUT_MS)
        expect.set_options(timeout=BROWSER_TIMEOUT_MS)
        yield page, base_url


# WCAG 2.1 AA: 4.5:1 for body-size text.
MIN_CONTRAST = 4.5
CHECKED_TEXT = "body, h1, h2, .item-title a, .item-meta, a.outlet, a.citation, .kicker, nav a, footer"

# Contrast of each checked element's text colour on the first opaque background behind it.
_CONTRAST_JS = """selectors => {
  const channel = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const rgb = value => (value.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const background = element => {
    for (let node = element; node; node = node.parentElement) {
      const parts = rgb(getComputedStyle(node).backgroundColor);
      if (parts.length === 3 || (parts.length === 4 && parts[3] > 0.5)) return parts.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const found = [];
  for (const element of document.querySelectorAll(selectors)) {
    const text = luminance(rgb(getComputedStyle(element).color));
    const behind = luminance(background(element));
    const ratio = (Math.max(text, behind) + 0.05) / (Math.min(text, behind) + 0.05);
    found.push([element.tagName + "." + element.className, ratio, behind]);
  }
  return found;
}"""


def _contrast(page: Page, scheme: str) -> list[tuple[str, float, float]]:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    return [(name, ratio, behind) for name, ratio, behind in page.evaluate(_CONTRAST_JS, CHECKED_TEXT)]


def _paste(page: Page, base_url: str, seed: str) -> int:
    """Pastes a seed page into the Add form; returns the story it joined."""
    page.goto(base_url + "/add")
    page.fill("#add-content", (SEEDS / seed).read_text(encoding="utf-8"))
    page.click(".add-form button[type=submit]")
    expect(page.locator(".add-added")).to_have_count(1)
    joined = page.locator("a.joined-story")
    expect(joined).to_have_count(1)
    found = re.search(r"/stories/(\d+)$", joined.get_attribute("href") or "")
    assert found is not None
    return int(found.group(1))


def test_a_reader_adds_the_seeds_reads_their_story_and_searches(
    page_and_url: tuple[Page, str], tmp_path: Path
) -> None:
    page, base_url = page_and_url
    page.goto(base_url + "/")
    expect(page.locator("main")).to_contain_text("no news yet")

    stories = {_paste(page, base_url, seed) for seed in SEED_FILES}
    assert len(stories) == 1, "the two seed pages must join one story"
    (story_id,) = stories

    page.goto(base_url + "/")
    first_story = page.locator(".story-item").first
    expect(first_story).to_contain_text("2 outlets")
    page.keyboard.press("j")
    page.keyboard.press("o")
    page.wait_for_url(f"{base_url}/stories/{story_id}")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".timeline .item")).to_have_count(2)
    timeline = page.locator(".timeline .item")
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(timeline.nth(1)).to_have_class(re.compile(r"\bis-current\b"))
    page.keyboard.press("k")
    expect(timeline.nth(0)).to_have_class(re.compile(r"\bis-current\b"))
    expect(timeline.nth(1)).not_to_have_class(re.compile(r"\bis-current\b"))
    for scheme, page_is_dark in (("light", False), ("dark", True)):
        checked = _contrast(page, scheme)
        assert len(checked) > 10
        assert [item for item in checked if item[1] < MIN_CONTRAST] == [], scheme
        assert all((behind < 0.05) == page_is_dark for _, _, behind in checked), scheme
    page.emulate_media(color_scheme="light")

    citation = page.locator("a.citation").first
    expect(citation).to_be_visible()
    target = citation.get_attribute("href")
    citation.click()
    page.wait_for_url(base_url + str(target))
    expect(page.locator(".article-body p").first).to_be_visible()
    expect(page.locator(".story-link a")).to_have_attribute("href", f"/stories/{story_id}")

    page.keyboard.press("/")
    page.keyboard.type("Belarus")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/search\?q=Belarus"))
    expect(page.locator(".search-group").first).to_contain_text("Belarus")

    page.set_viewport_size(PHONE)
    for path in ("/", f"/stories/{story_id}", str(target), "/search?q=Belarus", "/add", "/outlets"):
        page.goto(base_url + path)
        width, visible = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert width <= visible, f"{path} scrolls sideways on a phone"

    saved = screenshots(page, base_url, tmp_path / "shots", search="Belarus")
    assert len(saved) == 20
    assert all(path.stat().st_size > 5000 for path in saved)


def test_pasted_content_that_is_not_an_article_is_refused_with_its_reason(
    page_and_url: tuple[Page, str],
) -> None:
    page, base_url = page_and_url
    page.goto(base_url + "/add")
    page.fill("#add-content", "Sign in\nRegister\nMenu")
    page.click(".add-form button[type=submit]")
    refused = page.locator(".add-refused")
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text("Refused")


def test_long_unbroken_words_never_push_a_page_sideways_on_a_phone(settings: Settings) -> None:
    """A feed's title, outlet name or byline may be one long run of letters (or a URL): it wraps
    inside the column instead of widening the page past a phone's screen."""
    word = "Supercalifragilisticexpialidocious" * 5
    quiet = replace(settings, serve_polls_sources=False)
    with Tidings(quiet) as tidings:
        added = tidings.store.add_article(
            make_article(
                1,
                title=f"Breaking: {word} dam",
                outlet=f"The {word} Courier",
                domain=None,
                byline=word,
                text=f"The dam {word} held.\n\nhttps://example.com/{word}",
            )
        )
        assert isinstance(added, Added)
        outlet = quote(f"the {word} courier".casefold(), safe="")
        paths = [
            f"/articles/{added.article_id}",
            "/outlets",
            f"/outlets/{outlet}",
            f"/?outlet={outlet}",
            "/search?q=dam",
        ]
        with serve(tidings) as base_url, chromium() as context:
            page = context.new_page()
            page.set_viewport_size(PHONE)
            for path in paths:
                assert page.goto(base_url + path).status == 200, path  # type: ignore[union-attr]
                expect(page.locator("main")).to_contain_text("Supercalifragilistic")
                width, visible = page.evaluate(
                    "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
                )
                assert width <= visible, f"{path} scrolls sideways on a phone"


def test_a_refused_private_address_comes_back_without_its_password_and_is_never_sent_masked(
    settings: Settings,
) -> None:
    """Refused once (its server was down), a private feed's address is put back into the Add form
    without its password, and the page says so; sent again as it is, it is refused again (no
    login) rather than subscribed with "***" as its password; typed again whole, it is subscribed."""
    login = "Basic " + base64.b64encode(b"reader:secret").decode("ascii")
    server_is_up = threading.Event()
    feed = rss("", ("p1", "Members' news", LONG_TEXT))

    def members_only(request: BaseHTTPRequestHandler) -> None:
        if not server_is_up.is_set():
            respond(503, "down for maintenance")(request)
        elif request.headers.get("Authorization") == login:
            respond(200, feed, content_type="application/rss+xml")(request)
        else:
            respond(401, "who are you?")(request)

    local = replace(
        settings, serve_polls_sources=False, fetch_allow_networks=("127.0.0.1/32",), fetch_host_gap_s=0.0
    )
    feed_server = FetchServer(routes={"/private.rss": members_only})
    feed_server.start()
    private = feed_server.url("/private.rss").replace("http://", "http://reader:secret@", 1)
    refilled = feed_server.url("/private.rss").replace("http://", "http://reader@", 1)
    try:
        with Tidings(local) as tidings, serve(tidings) as base_url, chromium() as context:
            page = context.new_page()
            page.set_default_timeout(BROWSER_TIMEOUT_MS)
            page.goto(base_url + "/add")
            page.fill("#add-url", private)
            page.click(".add-form button[type=submit]")
            expect(page.locator(".add-refused")).to_have_count(1)
            expect(page.locator("#add-url")).to_have_value(refilled)
            expect(page.locator(".refill-note")).to_contain_text("password was left out")
            assert "secret" not in page.content()

            server_is_up.set()
            page.click(".add-form button[type=submit]")  # sent again as it was put back
            expect(page.locator(".add-refused")).to_have_count(1)
            assert tidings.store.subscriptions() == []
            sent = {seen.headers.get("authorization") for seen in feed_server.hits("/private.rss")}
            assert "Basic " + base64.b64encode(b"reader:***").decode("ascii") not in sent

            page.fill("#add-url", private)
            page.click(".add-form button[type=submit]")
            expect(page.locator(".add-added")).to_have_count(1)
            expect(page.locator("#add-url")).to_have_value("")
            [subscription] = tidings.store.subscriptions()
            assert subscription.source.url == private
    finally:
        feed_server.stop()


def test_the_outlets_table_s_headings_and_counts_never_break_inside_a_word_on_a_phone(
    settings: Settings,
) -> None:
    """Many outlets with long names leave the count column little room: its heading ("Articles")
    and its numbers keep whole on one line (the page's break-anywhere rule, for long unbroken
    names, would otherwise cut "Articles" into "Art", "icl", "es")."""
    quiet = replace(settings, serve_polls_sources=False)
    with Tidings(quiet) as tidings:
        for index in range(3):
            name = f"The International Business and Financial Times of Somewhere {index}"
            tidings.store.add_article(make_article(index, outlet=name, domain=f"outlet{index}.example"))
        with serve(tidings) as base_url, chromium() as context:
            page = context.new_page()
            page.set_viewport_size(PHONE)
            assert page.goto(base_url + "/outlets").status == 200  # type: ignore[union-attr]
            lines = page.evaluate(
                """() => [...document.querySelectorAll("table.outlets th, td.num")].map(cell => {
                  const range = document.createRange();
                  range.selectNodeContents(cell);
                  return [cell.textContent.trim(), new Set([...range.getClientRects()].map(r => r.top)).size];
                })"""
            )
    assert lines
    assert all(count == 1 for _, count in lines), lines


def test_an_arabic_headline_reads_right_to_left_on_a_left_to_right_page(settings: Settings) -> None:
    """In a list of English stories, an Arabic headline starts at the right edge of its line (its
    direction comes from its own letters), and its article's text runs right to left."""
    quiet = replace(settings, serve_polls_sources=False)
    with Tidings(quiet) as tidings:
        arabic = tidings.store.add_article(
            make_article(1, title="افتتاح مكتبة جديدة في وسط المدينة", outlet="الأخبار", language="ar")
        )
        tidings.store.add_article(make_article(2, title="Library opens in the city centre"))
        assert isinstance(arabic, Added)
        with serve(tidings) as base_url, chromium() as context:
            page = context.new_page()
            page.goto(base_url + "/")
            gaps = page.evaluate(
                """() => [...document.querySelectorAll(".item-title a")].map(link => {
                  const line = link.parentElement.getBoundingClientRect();
                  const text = link.getBoundingClientRect();
                  return [link.textContent, Math.round(text.left - line.left),
                          Math.round(line.right - text.right)];
                })"""
            )
            page.goto(f"{base_url}/articles/{arabic.article_id}")
            direction = page.evaluate("getComputedStyle(document.querySelector('.article-body p')).direction")
    placed = {title: (left, right) for title, left, right in gaps}
    assert placed["افتتاح مكتبة جديدة في وسط المدينة"][1] == 0, gaps
    assert placed["Library opens in the city centre"][0] == 0, gaps
    assert direction == "rtl"


def _png(width: int, height: int) -> bytes:
    """A one-colour PNG of ``width`` by ``height`` (made here: no picture file need be kept)."""
    row = b"\x00" + b"\x30\x60\x90" * width

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def _picture_page(server: FetchServer) -> str:
    """An outlet's page on the picture server: a lead image named only by og:image, a wide
    captioned figure further down, and hostile pictures that must never reach the reader."""
    paragraph = "The harbour bridge reopened on Monday after eight months of repairs, the council said. " * 3
    head = (
        "<title>Harbour bridge reopens - Coast Gazette</title>"
        '<meta property="og:site_name" content="Coast Gazette">'
        f'<link rel="canonical" href="{server.url("/news/bridge")}">'
        f'<meta property="og:image" content="{server.url("/lead.png")}">'
    )
    figure = (
        f'<figure><img src="{server.url("/wide.png")}" alt="The bridge at dawn">'
        "<figcaption>The bridge at dawn. Photo: Ann Lee</figcaption></figure>"
    )
    hostile = (
        '<p><img src="javascript:alert(1)" alt="script">'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">'
        f'<img src="{server.url("/handler.png")}" onerror="fetch(\'/onerror-ran\')" alt="handler">'
        f'<img src="{server.url("/t.gif")}" style="width:1px;height:1px" alt=""></p>'
        "<svg><script>fetch('/svg-ran')</script></svg>"
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head>{head}</head><body><article><h1>Harbour bridge reopens</h1>'
        f"<p>{paragraph}</p><p>{paragraph}</p><p>{paragraph}</p>{figure}<p>{paragraph}</p>{hostile}"
        f"<p>{paragraph}</p></article></body></html>"
    )


def test_an_article_s_pictures_load_in_the_column_lazily_without_referrer_or_policy_errors(
    settings: Settings,
) -> None:
    """Extracted by the real pipeline, an article's lead image and figure load from their host
    (here 127.0.0.1) inside the text's column on a phone and a desktop, lazily and sending no
    Referer, with no Content-Security-Policy complaint; its hostile pictures never reach the page."""
    pictures = FetchServer(
        routes={
            "/lead.png": respond(200, _png(1200, 600), content_type="image/png"),
            "/wide.png": respond(200, _png(1600, 400), content_type="image/png"),
            "/handler.png": respond(200, _png(600, 400), content_type="image/png"),
        }
    )
    pictures.start()
    quiet = replace(settings, serve_polls_sources=False)
    try:
        with Tidings(quiet) as tidings:
            # Extracted and stored as `tidings add` does, without placing it in a story (which
            # loads the story models: seconds, for nothing this test looks at).
            page_file = raw_document(_picture_page(pictures), url=pictures.url("/news/bridge"))
            added = tidings.store.add_article(extract(page_file))
            assert isinstance(added, Added)
            with serve(tidings) as base_url, chromium() as context:
                page = context.new_page()
                complaints: list[str] = []
                page.on("console", lambda message: complaints.append(message.text))
                found: list[dict[str, object]] = []
                for viewport in ({"width": 375, "height": 700}, {"width": 1280, "height": 900}):
                    page.set_viewport_size(viewport)  # type: ignore[arg-type]
                    page.goto(f"{base_url}/articles/{added.article_id}")
                    page.locator(".article-body img").last.scroll_into_view_if_needed()
                    expect(page.locator(".article-body img")).to_have_count(3)
                    page.wait_for_function(
                        "[...document.querySelectorAll('.article-body img')].every(i => i.complete)"
                    )
                    found += page.evaluate(
                        """() => {
                          const column = document.querySelector('.article-body').getBoundingClientRect();
                          return [...document.querySelectorAll('img')].map(image => ({
                            src: image.getAttribute('src'), width: image.naturalWidth,
                            inside: image.getBoundingClientRect().left >= column.left
                              && image.getBoundingClientRect().right <= column.right + 0.5,
                            lazy: image.loading, referrer: image.referrerPolicy,
                            scrolls: document.documentElement.scrollWidth
                              > document.documentElement.clientWidth,
                          }));
                        }"""
                    )
                body = page.inner_html(".article-body")
    finally:
        pictures.stop()
    shown_paths = ("/lead.png", "/wide.png", "/handler.png")
    assert [shown["src"] for shown in found] == [pictures.url(path) for path in shown_paths] * 2
    assert all(shown["width"] and shown["inside"] and not shown["scrolls"] for shown in found), found
    assert all(shown["lazy"] == "lazy" and shown["referrer"] == "no-referrer" for shown in found), found
    assert {seen.path for seen in pictures.seen} == set(shown_paths)
    assert all("referer" not in seen.headers for seen in pictures.seen)
    assert complaints == []
    assert not re.search(r"onerror|javascript:|data:|<svg|<script|/t\.gif", body), body
