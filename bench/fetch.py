"""Benchmark of polling: `python bench/fetch.py [--feeds 10000] [--sites 2000] [--cold 300] ...`.

A local server (Starlette on uvicorn, in its own process) serves ``--feeds`` RSS feeds spread
over ``--sites`` host names (``site17.com`` …, which a bench resolver maps to 127.0.0.1, so the
per-host and per-domain limits and the gap between requests act as they would on the web).
Each feed has an ETag and answers 304 to a matching ``If-None-Match``. Then:

1. cold: ``--cold`` feeds are subscribed and polled for the first time (10 entries each, all
   new): feeds/s, and articles/s stored through the whole pipeline (parse, extract, store,
   stories).
2. steady rounds: every feed is due (the clock jumps two days); before each round the server
   gives a fraction of the feeds one new entry (``--changed``, per round), the rest answer 304.
   Feeds/s, articles/s, client and server CPU, and the client's resident memory after each
   round (flat memory means the rounds leave nothing behind).
3. peers on the same server and the same feeds, in the same run: a bare httpx client doing the
   same conditional GETs (no policy, politeness or store: an upper bound), and
   ``feedparser.parse(url, etag=...)`` in 16 threads, how many Python tools poll.

Validators for the feeds that skip the cold poll are seeded straight into the store (their first
poll would only repeat the cold phase). Prints Markdown tables for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import ipaddress
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENTRY_WORDS = (
    "The city council approved the harbour budget on Monday after a debate that lasted late into the "
    "night, with members arguing over ferry subsidies, school repairs and the cost of flood defences. "
)
ENTRIES_PER_FEED = 10


# -- the server -----------------------------------------------------------------------------------


def _changed(feed: int, round_number: int, fraction: float) -> bool:
    digest = hashlib.sha256(f"{feed}:{round_number}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < fraction


def _published(entry: int) -> datetime:
    return datetime(2026, 11, 1, tzinfo=UTC) + timedelta(hours=entry)


def _feed_xml(feed: int, generation: int, host: str) -> bytes:
    items = []
    for entry in range(max(0, generation - ENTRIES_PER_FEED + 1), generation + 1):
        published = _published(entry)
        items.append(
            f'<item><guid isPermaLink="false">urn:bench:f{feed}-e{entry}</guid>'
            f"<title>Harbour budget, part {entry} (feed {feed})</title>"
            f"<link>http://{host}/article/{feed}-{entry}</link>"
            f"<pubDate>{published:%a, %d %b %Y %H:%M:%S} GMT</pubDate>"
            f"<description>&lt;p&gt;{ENTRY_WORDS * 3} Feed {feed}, entry {entry}.&lt;/p&gt;</description>"
            "</item>"
        )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench feed {feed}</title>'
        f"<link>http://{host}/</link>{''.join(items)}</channel></rss>"
    ).encode()


def serve(port: int, feeds: int) -> None:
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    generations = [ENTRIES_PER_FEED - 1] * feeds

    async def feed(request: Request) -> Response:
        number = int(request.path_params["number"])
        etag = f'"{number}-{generations[number]}"'
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers={"ETag": etag})
        host = request.headers.get("host", "localhost")
        body = _feed_xml(number, generations[number], host)
        return Response(body, media_type="application/rss+xml", headers={"ETag": etag})

    async def bump(request: Request) -> Response:
        round_number = int(request.query_params["round"])
        fraction = float(request.query_params["fraction"])
        changed = 0
        for number in range(feeds):
            if _changed(number, round_number, fraction):
                generations[number] += 1
                changed += 1
        return Response(str(changed))

    async def robots(_request: Request) -> Response:
        return Response("User-agent: *\nAllow: /\n", media_type="text/plain")

    app = Starlette(
        routes=[
            Route("/feed/{number}", feed),
            Route("/_bump", bump, methods=["POST"]),
            Route("/robots.txt", robots),
        ]
    )
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


# -- the client -----------------------------------------------------------------------------------


class BenchResolver:
    """Every ``siteN.com`` is this machine; any other name does not exist."""

    async def resolve(self, host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        from tidings.errors import FetchError

        if host.startswith("site") and host.endswith(".com"):
            return [ipaddress.IPv4Address("127.0.0.1")]
        raise FetchError(host, "not a bench host")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _feed_url(feed: int, sites: int, port: int) -> str:
    return f"http://site{feed % sites}.com:{port}/feed/{feed}"


def _rss_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / 2**20


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _server_cpu_s(pid: int) -> float:
    import psutil

    times = psutil.Process(pid).cpu_times()
    return float(times.user + times.system)


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit("the bench server did not start")


def _bump(port: int, round_number: int, fraction: float) -> int:
    import httpx

    answer = httpx.post(
        f"http://127.0.0.1:{port}/_bump", params={"round": round_number, "fraction": fraction}
    )
    return int(answer.text)


def _row(name: str, polled: int, added: int, wall: float, cpu: float, server_cpu: float, rss: float) -> str:  # noqa: PLR0917
    return (
        f"| {name} | {polled:,} | {polled / wall:,.0f} | {polled / max(cpu, 1e-9):,.0f} | {added:,} | "
        f"{added / wall:,.1f} | {wall:.1f} | {cpu:.1f} | {server_cpu:.1f} | {rss:.0f} |"
    )


def run_tidings(args: argparse.Namespace, port: int, server_pid: int, data_dir: Path) -> list[str]:
    from tidings.config import load_settings
    from tidings.core import Tidings
    from tidings.store import NewItem, PollSuccess

    database_url = args.database or f"sqlite:///{data_dir / 'bench.sqlite3'}"
    settings = load_settings(
        environ={},
        data_dir=data_dir,
        database_url=database_url,
        fetch_allow_networks=(f"127.0.0.1:{port}",),
        fetch_concurrency=args.concurrency,
        full_text_default="off",
    )
    rows = []
    clock = [datetime.now(UTC)]
    with Tidings(settings) as tidings:
        store = tidings.store
        started = time.perf_counter()
        for feed in range(args.feeds):
            store.subscribe(_feed_url(feed, args.sites, port), kind="feed", now=clock[0])
        print(f"subscribed {args.feeds:,} feeds in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        for feed in range(args.cold, args.feeds):
            source_id = feed + 1
            # What a first poll would leave: the validators and the entries already taken.
            store.record_poll(
                source_id,
                PollSuccess(
                    checked_at=clock[0],
                    next_check_at=clock[0] + timedelta(days=1),
                    etag=f'"{feed}-{ENTRIES_PER_FEED - 1}"',
                    last_modified=None,
                    items=[
                        NewItem(f"urn:bench:f{feed}-e{entry}", _published(entry), None)
                        for entry in range(ENTRIES_PER_FEED)
                    ],
                ),
            )
        print(f"seeded validators in {time.perf_counter() - started:.1f} s", file=sys.stderr)

        def one_round(name: str) -> str:
            outcomes: Counter[str] = Counter()
            scheduler = tidings.scheduler(resolver=BenchResolver(), clock=lambda: clock[0])
            cpu, server_cpu, wall = _cpu_s(), _server_cpu_s(server_pid), time.perf_counter()
            reports = asyncio.run(scheduler.run_once())
            wall = time.perf_counter() - wall
            outcomes.update(report.outcome for report in reports)
            added = sum(report.added for report in reports)
            print(f"{name}: {dict(outcomes)}", file=sys.stderr)
            return _row(
                name,
                len(reports),
                added,
                wall,
                _cpu_s() - cpu,
                _server_cpu_s(server_pid) - server_cpu,
                _rss_mb(),
            )

        rows.append(one_round(f"Tidings, cold: {args.cold} new feeds x {ENTRIES_PER_FEED} entries"))
        fractions = [float(part) for part in args.changed.split(",")]
        for round_number in range(1, args.rounds + 1):
            fraction = fractions[min(round_number - 1, len(fractions) - 1)]
            changed = _bump(port, round_number, fraction)
            clock[0] = clock[0] + timedelta(days=2)
            rows.append(one_round(f"Tidings, steady round {round_number}: {changed:,} changed, rest 304"))
    return rows


async def _httpx_peer(args: argparse.Namespace, port: int, etags: dict[int, str]) -> int:
    import httpx

    semaphore = asyncio.Semaphore(args.concurrency)
    limits = httpx.Limits(max_connections=args.concurrency * 4)
    async with httpx.AsyncClient(limits=limits, trust_env=False) as client:

        async def one(feed: int) -> None:
            async with semaphore:
                headers = {"Host": f"site{feed % args.sites}.com:{port}", "If-None-Match": etags[feed]}
                response = await client.get(f"http://127.0.0.1:{port}/feed/{feed}", headers=headers)
                await response.aread()

        await asyncio.gather(*(one(feed) for feed in range(args.feeds)))
    return int(args.feeds)


def run_peers(args: argparse.Namespace, port: int, server_pid: int) -> list[str]:
    import feedparser

    rows = []
    etags = dict.fromkeys(range(args.feeds), '"stale"')
    cpu, server_cpu, wall = _cpu_s(), _server_cpu_s(server_pid), time.perf_counter()
    polled = asyncio.run(_httpx_peer(args, port, etags))
    rows.append(
        _row(
            "httpx alone, 200s (no policy, politeness or store)",
            polled,
            0,
            time.perf_counter() - wall,
            _cpu_s() - cpu,
            _server_cpu_s(server_pid) - server_cpu,
            _rss_mb(),
        )
    )
    subset = min(args.feeds, args.feedparser_feeds)

    def poll(feed: int) -> int:
        result = feedparser.parse(f"http://127.0.0.1:{port}/feed/{feed}", etag='"stale"')
        entries: list[object] = result.entries
        return len(entries)

    cpu, server_cpu, wall = _cpu_s(), _server_cpu_s(server_pid), time.perf_counter()
    with ThreadPoolExecutor(16) as pool:
        entries = sum(pool.map(poll, range(subset)))
    rows.append(
        _row(
            f"feedparser.parse(url), 16 threads, 200s (parse only, {entries:,} entries)",
            subset,
            0,
            time.perf_counter() - wall,
            _cpu_s() - cpu,
            _server_cpu_s(server_pid) - server_cpu,
            _rss_mb(),
        )
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("mode", nargs="?", default="bench", choices=["bench", "serve"])
    parser.add_argument("--feeds", type=int, default=10_000)
    parser.add_argument("--sites", type=int, default=2_000)
    parser.add_argument("--cold", type=int, default=100)
    parser.add_argument(
        "--changed",
        default="0.05,0.05,0",
        help="fraction of feeds with a new entry in each steady round, comma-separated (the last repeats)",
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--feedparser-feeds", type=int, default=1_000)
    parser.add_argument("--database", default="", help="SQLAlchemy URL (default: a fresh SQLite file)")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    if args.mode == "serve":
        serve(args.port, args.feeds)
        return
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, __file__, "serve", "--port", str(port), "--feeds", str(args.feeds)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        _wait_for(port)
        with tempfile.TemporaryDirectory(prefix="tidings-bench-fetch-") as folder:
            rows = run_tidings(args, port, server.pid, Path(folder))
        rows += run_peers(args, port, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=10)
    load = os.getloadavg()
    print(
        f"\n{args.feeds:,} feeds on {args.sites:,} hosts, concurrency {args.concurrency}, "
        f"changed per round: {args.changed}; load average at the end {load[0]:.1f}\n"
    )
    print(
        "| run | feeds polled | feeds/s | feeds per client CPU s | articles stored | articles/s | wall s "
        "| client CPU s | server CPU s | client RSS MB |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(row)


if __name__ == "__main__":
    main()
