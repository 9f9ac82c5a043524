"""Hostile XML through the production gather path, isolated in a child process.

Every file of tests/fixtures/attack-vectors/xml/ and opml/attack/ (copied from the project's
attack-vector corpus), every line of the two PayloadsAllTheThings intruder lists (alone and
spliced in front of a small RSS body) and every XML block of its XXE README is read by
``xml_attack_worker.py`` under RLIMIT_AS = 512 MB and a CPU limit. Each must end quickly with
a clean ``InputError`` or a bounded result: no field over 100,000 characters, no local file
content, no file opened but its own, and not one connection or name lookup.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ATTACKS = Path(__file__).resolve().parent.parent / "fixtures" / "attack-vectors"
WORKER = Path(__file__).resolve().parent / "xml_attack_worker.py"
ADDRESS_SPACE_BYTES = 512 * 1024 * 1024
MAX_FIELD_CHARS = 100_000
MAX_SECONDS_PER_INPUT = 5.0
ACCEPTED_KINDS = {"RawDocument", "ParsedFeed", "UnsafeInput", "Unreadable", "NotAnArticle", "TooLarge"}

RSS_BODY = (
    '<rss version="2.0"><channel><title>t &xxe; &foo;</title><link>https://feed.example/</link>'
    "<item><guid>1</guid><title>&xxe;</title><description>&foo; &example;</description></item>"
    "</channel></rss>"
)


def secrets() -> list[str]:
    """Text that must never appear in a result: lines of /etc/passwd and this machine's name."""
    found = ["root:x:0:0", "root:*:0:0", "daemon:x:"]
    hostname = Path("/etc/hostname")
    if hostname.exists() and len(hostname.read_text().strip()) >= 6:
        found.append(hostname.read_text().strip())
    return found


def file_jobs(folder: Path) -> list[dict[str, str]]:
    return [
        {"name": str(path.relative_to(ATTACKS)), "path": str(path)}
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.suffix != ".txt" and path.name != "xxe-readme-blocks.json"
    ]


def line_jobs(name: str) -> list[dict[str, str]]:
    jobs: list[dict[str, str]] = []
    lines = (ATTACKS / "xml" / "payloadsallthethings" / name).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        body = line.encode("utf-8").decode("latin-1")
        jobs.append({"name": f"{name}:{number}", "body": body})
        if line.lstrip().startswith(("<!DOCTYPE", "<?xml")):
            jobs.append({"name": f"{name}:{number}+rss", "body": body + "\n" + RSS_BODY})
    return jobs


def readme_jobs() -> list[dict[str, str]]:
    blocks = json.loads((ATTACKS / "xml" / "payloadsallthethings" / "xxe-readme-blocks.json").read_text())
    return [
        {
            "name": f"xxe-readme-blocks.json:{index}",
            "body": block["payload"].encode("utf-8").decode("latin-1"),
        }
        for index, block in enumerate(blocks)
    ]


GROUPS = {
    "xml-files": lambda: file_jobs(ATTACKS / "xml"),
    "opml-attack-files": lambda: file_jobs(ATTACKS / "opml" / "attack"),
    "xml-attacks-lines": lambda: line_jobs("xml-attacks.txt"),
    "xxe-fuzzing-lines": lambda: line_jobs("XXE_Fuzzing.txt"),
    "xxe-readme-blocks": readme_jobs,
}


def limit_child(cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_BYTES, ADDRESS_SPACE_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))


def run_worker(jobs: list[dict[str, str]]) -> dict[str, Any]:
    cpu_seconds = 30 + 2 * len(jobs)
    finished = subprocess.run(
        [sys.executable, str(WORKER)],
        input=json.dumps({"jobs": jobs, "secrets": secrets(), "max_bytes": 20_000_000}),
        capture_output=True,
        text=True,
        timeout=cpu_seconds + 30,
        preexec_fn=lambda: limit_child(cpu_seconds),
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    outcome: dict[str, Any] = json.loads(finished.stdout)
    return outcome


def test_the_guard_records_connections_and_file_opens() -> None:
    outcome = run_worker([{"name": "probe", "probe": "/etc/passwd"}])
    assert outcome["connections"]
    assert outcome["opened"] == ["/etc/passwd"]


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_hostile_xml_is_refused_or_bounded_without_touching_files_or_network(group: str) -> None:
    jobs = GROUPS[group]()
    assert jobs
    outcome = run_worker(jobs)
    assert outcome["connections"] == []
    assert outcome["opened"] == []
    results = outcome["results"]
    assert [result["name"] for result in results] == [job["name"] for job in jobs]
    for result in results:
        assert set(result["kinds"]) <= ACCEPTED_KINDS, result
        assert result["longest_field"] <= MAX_FIELD_CHARS, result
        assert result["leaks"] == [], result
        assert result["seconds"] < MAX_SECONDS_PER_INPUT, result
