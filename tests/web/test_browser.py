"""The reader as a person uses it, in headless Chromium against a real server on 127.0.0.1.

One journey, in order: an empty front page; the two seed pages pasted into the Add form join
one story; the front page shows it; keys j and o open it; a citation leads to its article;
/ searches; screenshots of each page at desktop and phone widths, light and dark.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.web.browser import chromium, screenshots, serve
from tidings.config import Settings
from tidings.core import Tidings

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
