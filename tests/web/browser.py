"""Headless Chromium for the web tests: a real uvicorn server on 127.0.0.1 and Debian's browser.

``serve`` runs the app in a thread on a free loopback port; ``chromium`` opens Debian's
``/usr/bin/chromium`` through Playwright (never a downloaded browser) with a new empty profile
and everything that would reach the network turned off. ``screenshots`` saves the main pages at
desktop and phone widths, light and dark, for ``docs/screenshots/``:

    TIDINGS_DATA_DIR=/tmp/shots .venv/bin/tidings load-sample
    TIDINGS_DATA_DIR=/tmp/shots .venv/bin/python -m tests.web.browser docs/screenshots
"""

from __future__ import annotations

import re
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from playwright.sync_api import BrowserContext, Page, sync_playwright

from tidings.core import Tidings
from tidings.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SERVER_START_SECONDS = 20


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve(tidings: Tidings) -> Iterator[str]:
    """The reader on a free loopback port, in a thread; yields its base URL."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(tidings), host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, name="tidings-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + SERVER_START_SECONDS
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium() -> Iterator[BrowserContext]:
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="tidings-chromium-") as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=DESKTOP,
        )
        try:
            yield context
        finally:
            context.close()


def _shoot(page: Page, folder: Path, name: str) -> list[Path]:
    saved: list[Path] = []
    for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        for scheme in ("light", "dark"):
            page.set_viewport_size(size)
            page.emulate_media(color_scheme=scheme)
            path = folder / f"{name}-{size_name}-{scheme}.png"
            page.screenshot(path=str(path), full_page=False)
            saved.append(path)
    page.set_viewport_size(DESKTOP)
    page.emulate_media(color_scheme="light")
    return saved


def screenshots(page: Page, base_url: str, folder: Path, *, search: str) -> list[Path]:
    """The front page, the first story, one of its articles, a search and the Add form."""
    folder.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    page.goto(base_url + "/")
    saved += _shoot(page, folder, "front")
    story_link = page.locator(".story-item .item-title a").first
    if story_link.count():
        story_link.click()
        page.wait_for_load_state()
        saved += _shoot(page, folder, "story")
    article_link = page.locator("a[href^='/articles/']").first
    article_link.click()
    page.wait_for_load_state()
    saved += _shoot(page, folder, "article")
    page.goto(base_url + "/search?q=" + re.sub(r"\s+", "+", search))
    saved += _shoot(page, folder, "search")
    page.goto(base_url + "/add")
    saved += _shoot(page, folder, "add")
    return saved


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else Path("docs/screenshots")
    search = argv[2] if len(argv) > 2 else "Ukraine"
    with Tidings() as tidings, serve(tidings) as base_url, chromium() as context:
        for path in screenshots(context.new_page(), base_url, folder, search=search):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
