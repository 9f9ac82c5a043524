"""Start-up: `tidings --help` and the commands that only read the store load no model code.

Each runs the real entry point (``tidings.__main__.run``, as the ``tidings`` script does) in a new
Python process and then names the heavy packages it imported. Importing the facade once loaded
scikit-learn and SciPy (through ``rank``), usearch, datasketch, trafilatura, httpx and the web
stack: two seconds before `tidings --help` printed a line. The stages that need them import them
when they run (``tidings add``, ``cluster``, ``serve``, ``related``, ``summary``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tidings.cli.app import EXIT_FAILED, app

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "extract"
SEED_NAMES = ("ntd-putin-belarus.txt", "tribune-inkl-putin-belarus.txt")

# What no listing needs: the model stacks, copy detection's MinHash (which loads SciPy), the
# extractors, the fetcher's client and the web server.
HEAVY = (
    "sklearn",
    "scipy",
    "numpy",
    "torch",
    "onnxruntime",
    "model2vec",
    "usearch",
    "spacy",
    "transformers",
    "sentence_transformers",
    "datasketch",
    "trafilatura",
    "selectolax",
    "lxml",
    "feedparser",
    "httpx",
    "fastapi",
    "uvicorn",
)

# Runs each command line through the entry point in one process, in order, and prints what each
# left loaded: a module one command imports stays loaded for the next, so any is caught.
_PROBE = """
import json, sys
from tidings.__main__ import run

heavy, commands = json.loads(sys.argv[1])
seen = []
for command in commands:
    sys.argv = ["tidings", *command]
    try:
        run()
        status = 0
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else 1
    seen.append({"command": command, "status": status, "loaded": [m for m in heavy if m in sys.modules]})
sys.stdout.flush()
sys.stderr.write("\\nPROBE " + json.dumps(seen) + "\\n")
"""


def _probe(commands: list[list[str]], environment: dict[str, str]) -> list[dict[str, object]]:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps([HEAVY, commands])],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    line = result.stderr.rsplit("\nPROBE ", 1)[-1]
    seen: list[dict[str, object]] = json.loads(line)
    return seen


def _environment(tmp_path: Path, database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "TIDINGS_DATA_DIR": str(tmp_path / "data"),
        "TIDINGS_DATABASE_URL": database_url,
    }


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_help_loads_no_model_code(tmp_path: Path, database_url: str) -> None:
    (seen,) = _probe([["--help"]], _environment(tmp_path, database_url))
    assert seen == {"command": ["--help"], "status": 0, "loaded": []}


def test_listing_an_empty_store_loads_no_model_code(tmp_path: Path, database_url: str) -> None:
    commands = [
        ["articles"],
        ["articles", "--json"],
        ["stories"],
        ["story", "1"],
        ["show", "1"],
        ["search", "putin"],
        ["sources"],
        ["top"],
    ]
    seen = _probe(commands, _environment(tmp_path, database_url))
    # The store is opened (and, new, migrated) by the first; `story 1` and `show 1` find nothing.
    assert [entry["status"] for entry in seen] == [0, 0, 0, EXIT_FAILED, EXIT_FAILED, 0, 0, 0]
    assert [entry["loaded"] for entry in seen] == [[]] * len(commands)


def test_listing_stored_articles_and_stories_loads_no_model_code(
    runner: CliRunner, tmp_path: Path, database_url: str
) -> None:
    added = runner.invoke(app, ["add", *(str(SEEDS / name) for name in SEED_NAMES)])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["stories", "--json"])
    assert listed.exit_code == 0, listed.output
    story_id = json.loads(listed.stdout.splitlines()[0])["id"]
    commands = [
        ["articles"],
        ["show", "1"],
        ["show", "2", "--json"],
        ["search", "Lukashenko"],
        ["stories"],
        ["story", str(story_id)],
        ["story", str(story_id), "--json"],
        ["top", "--explain"],
        ["sources", "--json"],
    ]
    # `runner` set the data folder and the store in this process's environment.
    seen = _probe(commands, dict(os.environ))
    assert [entry["status"] for entry in seen] == [0] * len(commands)
    assert [entry["loaded"] for entry in seen] == [[]] * len(commands)
