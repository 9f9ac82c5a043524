"""Load benchmark of the web reader: requests/s and p50/p99 latency of the front page, a story
page and search, on a store of 100k+ articles, against a real `tidings serve` on 127.0.0.1.

The store is synthesised from real data: the 4,989 labelled UCI News Aggregator headlines in
`../shared/data/uci-news-aggregator-subset/` (1,721 real outlets, 67 real stories) replayed
REPLAYS times, each replay shifted by two days with its own URLs and story ids, so that the
store holds 104,769 articles in 1,407 stories whose membership is the dataset's own STORY
labels. Rows are written in bulk with SQLAlchemy Core against the store's own schema (the
migrations run first, so FTS triggers and indexes are the real ones); clustering every
headline again would take an hour and is measured by bench/stories.py instead.

    .venv/bin/python bench/web.py [--database-url URL] [--keep FILE] [--requests 300] [--concurrency 4]

``--keep FILE`` builds the SQLite store in FILE once and reuses it on later runs (migrated to
the current schema first, which is how a new migration's backfill meets 100k articles).

Story pages are warmed once each before timing (the first visit makes and keeps the story's
summary, which is the summarize stage's cost, measured in bench/summaries.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import func, insert, select

from tidings.model import content_hash
from tidings.sample import read_uci_rows
from tidings.store import Store
from tidings.store.schema import articles, outlets, stories, story_articles

UCI = Path(__file__).resolve().parents[2] / "shared" / "data" / "uci-news-aggregator-subset"
REPLAYS = 21
REPLAY_SHIFT = timedelta(days=2)
BATCH = 5000


@dataclass(frozen=True, slots=True)
class Headline:
    title: str
    url: str
    publisher: str
    host: str
    story: str
    published_at: datetime


def read_headlines() -> list[Headline]:
    path = UCI / "newsCorpora.first6365.tsv"
    rows = read_uci_rows(path.read_text(encoding="utf-8"))
    return [
        Headline(
            title=row["TITLE"],
            url=row["URL"],
            publisher=row["PUBLISHER"] or row["HOSTNAME"],
            host=row["HOSTNAME"],
            story=row["STORY"],
            published_at=datetime.fromtimestamp(int(row["TIMESTAMP"]) / 1000, tz=UTC),
        )
        for row in rows
    ]


def build_store(database_url: str, headlines: list[Headline]) -> tuple[int, list[int]]:
    """Fill a fresh store; returns the article count and the ids of the stories."""
    store = Store.open(database_url)
    store.migrate()
    now = datetime.now(UTC)
    outlet_ids: dict[str, int] = {}
    story_ids: list[int] = []
    total = 0
    with store.writing() as connection:
        for host in sorted({headline.host for headline in headlines}):
            name = next(headline.publisher for headline in headlines if headline.host == host)
            outlet_ids[host] = int(
                connection.execute(
                    insert(outlets)
                    .values(key=host.casefold(), name=name[:255], domain=host)
                    .returning(outlets.c.id)
                ).scalar_one()
            )
        for replay in range(REPLAYS):
            shift = REPLAY_SHIFT * replay
            by_story: dict[str, list[Headline]] = {}
            for headline in headlines:
                by_story.setdefault(headline.story, []).append(headline)
            for members in by_story.values():
                first = min(member.published_at for member in members) + shift
                last = max(member.published_at for member in members) + shift
                story_id = int(
                    connection.execute(
                        insert(stories)
                        .values(
                            headline=members[0].title,
                            first_seen=first,
                            last_seen=last,
                            article_count=len(members),
                            outlet_count=len({member.host for member in members}),
                            created_at=now,
                        )
                        .returning(stories.c.id)
                    ).scalar_one()
                )
                story_ids.append(story_id)
                rows = [
                    {
                        "outlet_id": outlet_ids[member.host],
                        "url": f"{member.url}#replay-{replay}",
                        "title": member.title,
                        "byline": None,
                        "published_at": member.published_at + shift,
                        "fetched_at": member.published_at + shift,
                        "sort_at": member.published_at + shift,
                        "language": "en",
                        "text": "",
                        "html": "",
                        "content_hash": content_hash(member.title + str(replay)),
                    }
                    for member in members
                ]
                ids = [
                    int(row_id)
                    for row_id in connection.execute(
                        insert(articles).returning(articles.c.id), rows
                    ).scalars()
                ]
                connection.execute(
                    insert(story_articles),
                    [
                        {
                            "article_id": article_id,
                            "story_id": story_id,
                            "first_story_id": story_id,
                            "placed_at": row["sort_at"],
                            "move": "join",
                            "score": 1.0,
                            "reason": "UCI STORY label (benchmark)",
                        }
                        for article_id, row in zip(ids, rows, strict=True)
                    ],
                )
                total += len(ids)
    # The rows above bypass placement, which keeps each story's coverage totals: count them once.
    store.recount_story_coverage(story_ids)
    with store.reading() as connection:
        assert connection.execute(select(articles.c.id).limit(1)).scalar() is not None
    store.close()
    return total, story_ids


@dataclass(frozen=True, slots=True)
class Timing:
    name: str
    requests: int
    seconds: float
    latencies_ms: list[float]

    def row(self) -> str:
        ordered = sorted(self.latencies_ms)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        return (
            f"| {self.name} | {self.requests} | {self.requests / self.seconds:.0f} | "
            f"{statistics.median(ordered):.1f} | {p99:.1f} |"
        )


def measure(name: str, base_url: str, paths: Callable[[int], str], count: int, concurrency: int) -> Timing:
    latencies: list[float] = []

    def one(index: int, client: httpx.Client) -> None:
        started = time.perf_counter()
        response = client.get(base_url + paths(index))
        latencies.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{paths(index)}: {response.status_code}")

    with httpx.Client(timeout=30, limits=httpx.Limits(max_connections=concurrency)) as client:
        started = time.perf_counter()
        with ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(lambda index: one(index, client), range(count)))
        elapsed = time.perf_counter() - started
    return Timing(name, count, elapsed, latencies)


def wait_for(base_url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("tidings serve exited")
        try:
            httpx.get(base_url + "/api/v1/outlets?sort=name", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.3)
    raise RuntimeError("tidings serve did not start")


def open_store(database_url: str) -> tuple[int, list[int]]:
    """A store built by an earlier run, migrated to this schema; its article count and stories."""
    store = Store.open(database_url)
    store.migrate()
    with store.reading() as connection:
        total = int(connection.execute(select(func.count()).select_from(articles)).scalar_one())
        story_ids = [
            int(story_id)
            for story_id in connection.execute(select(stories.c.id).order_by(stories.c.id)).scalars()
        ]
    store.close()
    return total, story_ids


def third_page_cursor(base_url: str) -> str:
    """The cursor of the story list's third page, as a reader following "more" gets it."""
    cursor = ""
    for _ in range(2):
        page = httpx.get(f"{base_url}/api/v1/front", params={"cursor": cursor} if cursor else {}, timeout=60)
        cursor = str(page.json()["next_cursor"])
    return cursor


SEARCH_TERMS = (
    "ukraine",
    "apple",
    "google",
    "fed",
    "crimea",
    "bitcoin",
    "gm recall",
    "obama",
    "china",
    "oil",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--keep", type=Path, default=None, help="SQLite file to build once and reuse")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tidings-bench-web-") as folder:
        database_url = args.database_url or f"sqlite:///{args.keep or Path(folder) / 'bench.sqlite3'}"
        started = time.perf_counter()
        if args.keep is not None and args.keep.exists():
            total, story_ids = open_store(database_url)
        else:
            total, story_ids = build_store(database_url, read_headlines())
        print(
            f"store: {total:,} articles, {len(story_ids):,} stories, "
            f"ready in {time.perf_counter() - started:.0f} s"
        )
        environment = {**os.environ, "TIDINGS_DATABASE_URL": database_url, "TIDINGS_DATA_DIR": folder}
        base_url = f"http://127.0.0.1:{args.port}"
        process = subprocess.Popen(
            [sys.executable, "-m", "tidings", "serve", "--port", str(args.port)], env=environment
        )
        try:
            wait_for(base_url, process)
            sampled = story_ids[-20:]
            for story_id in sampled:  # warm: each story page makes and keeps its summary once
                httpx.get(f"{base_url}/stories/{story_id}", timeout=120)
            httpx.get(base_url + "/", timeout=60)
            page_3 = third_page_cursor(base_url)
            timings = [
                measure("front page `/`", base_url, lambda _: "/", args.requests, args.concurrency),
                measure(
                    "front page, page 3",
                    base_url,
                    lambda _: f"/?cursor={page_3}",
                    args.requests,
                    args.concurrency,
                ),
                measure(
                    "story page `/stories/{id}`",
                    base_url,
                    lambda index: f"/stories/{sampled[index % len(sampled)]}",
                    args.requests,
                    args.concurrency,
                ),
                measure(
                    "article page",
                    base_url,
                    lambda index: f"/articles/{1 + (index * 7919) % total}",
                    args.requests,
                    args.concurrency,
                ),
                measure(
                    "search `/search?q=`",
                    base_url,
                    lambda index: f"/search?q={SEARCH_TERMS[index % len(SEARCH_TERMS)]}",
                    args.requests,
                    args.concurrency,
                ),
            ]
        finally:
            process.terminate()
            process.wait(timeout=20)
    load = os.getloadavg()
    print(f"\n{total:,} articles, concurrency {args.concurrency}, load average {load[0]:.2f} {load[1]:.2f}\n")
    print("| page | requests | requests/s | p50 ms | p99 ms |")
    print("| --- | --- | --- | --- | --- |")
    for timing in timings:
        print(timing.row())
    return 0


if __name__ == "__main__":
    sys.exit(main())
