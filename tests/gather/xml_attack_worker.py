"""Runs hostile documents through the production gather path, in a child process that the test
(``test_xml_attacks.py``) starts under an address-space and CPU limit.

Reads a JSON job list on standard input: ``{"jobs": [{"name", "path"} | {"name", "body"}],
"secrets": [...], "max_bytes": N}``, where ``body`` is Latin-1 text standing for bytes. A file
job goes through ``gather_paths`` (what ``tidings add`` does); a body job through
``gather_bytes`` and, when it looks like a feed, ``parse_feed`` (what the fetcher does). Every
socket connection or name lookup and every file opened outside the job's own input is recorded
by an audit hook and refused. Writes one JSON report on standard output.
"""

from __future__ import annotations

import contextlib
import json
import socket
import sys
import time
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@dataclass
class Guard:
    """Records, and refuses, network use and file opens the gather stage must never make."""

    allowed_paths: set[str] = field(default_factory=set)
    armed: bool = False
    connections: list[str] = field(default_factory=list)
    opened: list[str] = field(default_factory=list)

    def hook(self, event: str, arguments: tuple[Any, ...]) -> None:
        if not self.armed:
            return
        if event in {"socket.connect", "socket.getaddrinfo", "socket.sendto", "socket.gethostbyname"}:
            self.connections.append(f"{event} {arguments[1:]!r}")
            raise OSError("network use refused by the test guard")
        if event == "open" and isinstance(arguments[0], str | bytes):
            path = arguments[0].decode() if isinstance(arguments[0], bytes) else arguments[0]
            if path not in self.allowed_paths and not path.endswith((".py", ".pyc", ".so")):
                self.opened.append(path)


def strings_in(value: object) -> list[str]:
    """Every string inside a result (dataclasses, tuples, exceptions), to check lengths and leaks."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, BaseException):
        return [str(value)]
    if is_dataclass(value) and not isinstance(value, type):
        return [text for item in fields(value) for text in strings_in(getattr(value, item.name))]
    if isinstance(value, tuple | list):
        return [text for item in value for text in strings_in(item)]
    return []


def run_job(job: dict[str, str], max_bytes: int, guard: Guard) -> list[object]:
    from tidings.errors import InputError
    from tidings.gather import gather_bytes, gather_paths, parse_feed

    if "probe" in job:  # proves the guard sees what it must: a connection and a file opened
        guard.armed = True
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", 9), timeout=1):
            pass
        with contextlib.suppress(OSError), open(job["probe"], "rb"):
            pass
        return []
    if "path" in job:
        guard.allowed_paths.add(job["path"])
        guard.armed = True
        return list(gather_paths([job["path"]], max_bytes=max_bytes, now=NOW))
    body = job["body"].encode("latin-1")
    guard.armed = True
    outcomes: list[object] = []
    for run in (
        lambda: gather_bytes(
            body, locator=job["name"], kind="url", url=None, content_type=None, max_bytes=max_bytes, now=NOW
        ),
        lambda: [
            parse_feed(
                body,
                locator=job["name"],
                feed_url="https://feed.example/feed.xml",
                fetched_at=NOW,
                content_type="application/rss+xml",
            )
        ],
    ):
        try:
            outcomes.extend(run())
        except InputError as error:
            outcomes.append(error)
    return outcomes


def report(
    job: dict[str, str], outcomes: list[object], seconds: float, secrets: list[str]
) -> dict[str, object]:
    texts = [text for outcome in outcomes for text in strings_in(outcome)]
    return {
        "name": job["name"],
        "seconds": round(seconds, 3),
        "kinds": sorted({type(outcome).__name__ for outcome in outcomes}),
        "longest_field": max((len(text) for text in texts), default=0),
        "leaks": sorted({secret for secret in secrets for text in texts if secret in text}),
    }


def main() -> None:
    request = json.load(sys.stdin)
    # Import everything first, unguarded: the guard is about what parsing does.
    import tidings.gather  # noqa: F401

    guard = Guard()
    sys.addaudithook(guard.hook)
    results = []
    for job in request["jobs"]:
        started = time.perf_counter()
        try:
            outcomes = run_job(job, request["max_bytes"], guard)
        except Exception as exc:  # the test fails on any of these; report which job and why
            outcomes = [RuntimeError(f"escaped {type(exc).__name__}: {exc}")]
        finally:
            guard.armed = False
        results.append(report(job, outcomes, time.perf_counter() - started, request["secrets"]))
    json.dump(
        {"results": results, "connections": guard.connections, "opened": guard.opened},
        sys.stdout,
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    main()
