"""Full text through the poller: `python bench/fulltext.py [--pages 40]`.

A teaser feed (a headline and one sentence per entry) links the article-extraction benchmark's
(Zyte) dev pages, served by a plain HTTP server on 127.0.0.1. Tidings subscribes to it and polls
it as a user's `tidings fetch` does (a fresh data directory; `tidings` run as a command), then
polls it once more (`tidings sources refresh`): the first poll fetches at most 30 pages, the
second the rest. The stored texts are scored against the gold bodies by the benchmark's own
metric (``bench/extraction.py``), beside ``tidings.extract.extract`` on the same pages directly,
which is what a page fetched for a teaser must come out as. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import html
import json
import os
import subprocess
import sys
import tempfile
import threading
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extraction import ZYTE, Score, _tidings_html, page_tp_fp_fn, shingle_score

from tidings.extract import extract
from tidings.model import DocumentHints, Provenance, RawDocument

ROOT = Path(__file__).resolve().parent.parent
TIDINGS = [sys.executable, "-m", "tidings"]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _site(folder: Path, keys: list[str], port: int) -> None:
    """The pages under ``folder/page/`` and a teaser feed linking them at ``folder/feed.xml``."""
    (folder / "page").mkdir(parents=True)
    items = []
    for number, key in enumerate(keys):
        with gzip.open(ZYTE / "html" / f"{key}.html.gz", "rt", encoding="utf-8") as handle:
            (folder / "page" / f"{key}.html").write_text(handle.read(), encoding="utf-8")
        items.append(
            f"<item><guid>{key}</guid><title>{html.escape(f'Report {number}')}</title>"
            f"<link>http://127.0.0.1:{port}/page/{key}.html</link>"
            f"<description>Report {number} in one line.</description></item>"
        )
    channel = f"<channel><title>Zyte pages</title>{''.join(items)}</channel>"
    feed = f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'
    (folder / "feed.xml").write_text(feed, encoding="utf-8")


def _tidings(environment: dict[str, str], *arguments: str) -> str:
    done = subprocess.run(
        [*TIDINGS, *arguments], env=environment, capture_output=True, text=True, check=True, cwd=ROOT
    )
    return done.stdout + done.stderr


def _stored_texts(environment: dict[str, str]) -> dict[str, str]:
    """Each stored article's text by the feed entry (the Zyte key) it came from."""
    script = (
        "import json\nfrom tidings.core import Tidings\n"
        "with Tidings() as tidings:\n"
        "    for stored in tidings.store.list_articles(limit=10000):\n"
        "        print(json.dumps([stored.article.provenance.entry_key, stored.article.text]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True, cwd=ROOT
    )
    pairs = (json.loads(line) for line in done.stdout.splitlines())
    return {str(entry_key): text for entry_key, text in pairs}


def _row(name: str, pages: int, score: Score) -> str:
    return f"| {name} | {pages} | {score.precision:.3f} | {score.recall:.3f} | **{score.f1:.3f}** |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=40)
    options = parser.parse_args()
    truth = json.loads((ZYTE / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[: options.pages]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "site"
        server = ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder))
        )
        port = server.server_address[1]
        _site(folder, keys, port)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        environment = {
            **os.environ,
            "TIDINGS_DATA_DIR": str(Path(scratch) / "data"),
            "TIDINGS_FETCH_ALLOW_NETWORKS": "127.0.0.1/32",
            "TIDINGS_FETCH_HOST_GAP_S": "0",
        }
        environment.pop("TIDINGS_DATABASE_URL", None)
        try:
            print(_tidings(environment, "subscribe", f"http://127.0.0.1:{port}/feed.xml").strip())
            print(_tidings(environment, "fetch").strip())
            print(_tidings(environment, "sources", "refresh", "1").strip())
            stored = _stored_texts(environment)
        finally:
            server.shutdown()
    gold = {key: truth[key].get("articleBody", "") for key in keys}
    # An entry's key is its guid made absolute against the feed's address by feedparser.
    by_key = {entry_key.rsplit("/", 1)[-1]: text for entry_key, text in stored.items()}
    polled = [page_tp_fp_fn(gold[key], by_key.get(key, "")) for key in keys]
    direct = [page_tp_fp_fn(gold[key], _tidings_html(_page(key), truth[key].get("url"))) for key in keys]
    as_entries = [page_tp_fp_fn(gold[key], _as_feed_entry(_page(key))) for key in keys]
    print()
    print("| path | pages | precision | recall | F1 |")
    print("| --- | --- | --- | --- | --- |")
    print(_row("teaser feed polled: stored text", len(keys), shingle_score(polled)))
    print(_row("`tidings.extract.extract` on the same pages", len(keys), shingle_score(direct)))
    print(
        _row(
            "the same pages read as feed entries (polls before 2026-12-06)",
            len(keys),
            shingle_score(as_entries),
        )
    )


def _as_feed_entry(markup: str) -> str:
    document = RawDocument(
        provenance=Provenance("feed", "bench", "entry"),
        body=markup,
        media_type="text/html",
        url=None,
        fetched_at=datetime(2026, 12, 6, tzinfo=UTC),
        hints=DocumentHints(title="Report"),
    )
    return extract(document).text


def _page(key: str) -> str:
    with gzip.open(ZYTE / "html" / f"{key}.html.gz", "rt", encoding="utf-8") as handle:
        return handle.read()


if __name__ == "__main__":
    main()
