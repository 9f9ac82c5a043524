"""The understanding commands: `tidings summarize` on JSON Lines, and `entity`, `top`, `related`
and `summary` over a store filled from the seed pages."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tidings.cli.app import app
from tidings.cli.understand import read_batch_articles
from tidings.core import Tidings
from tidings.errors import NotFound
from tidings.summarize import LazyModels

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEEDS_JSONL = (FIXTURES / "summarize" / "seeds.jsonl").read_text(encoding="utf-8")
SEED_PAGES = [
    FIXTURES / "extract" / "tribune-inkl-putin-belarus.txt",
    FIXTURES / "extract" / "ntd-putin-belarus.txt",
]
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
SHARED_MODELS = LazyModels()


@pytest.fixture(autouse=True)
def _shared_models(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every command's ``Tidings`` shares one set of models (loading them takes seconds)."""
    monkeypatch.setattr(Tidings, "understanding_models", property(lambda _self: SHARED_MODELS))
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path / "data"))


def _run(*arguments: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(arguments), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_summarize_writes_one_object_with_cited_summary_agreement_only_and_entities() -> None:
    status, out, _ = _run("summarize", stdin=SEEDS_JSONL)
    assert status == 0
    lines = out.strip().splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert set(result) >= {"summary", "agreed", "only", "entities"}
    assert 3 <= len(result["summary"]) <= 6
    assert all(set(item["sources"]) <= {"tribune", "ntd"} and item["sources"] for item in result["summary"])
    assert any(
        "Iskander" in item["sentence"] and set(item["sources"]) == {"tribune", "ntd"}
        for item in result["agreed"]
    )
    assert any("MiG-31K" in item["sentence"] for item in result["only"]["Tribune News Service"])
    assert any("merger" in item["sentence"] for item in result["only"]["NTD"])
    names = {entity["name"]: entity for entity in result["entities"]}
    assert names["Vladimir Putin"]["kind"] == "person"
    assert set(names["Vladimir Putin"]["sources"]) == {"tribune", "ntd"}


def test_bad_lines_are_named_and_skipped_and_the_status_says_so() -> None:
    bad = [
        "not json",
        "[1]",
        json.dumps({"id": "x", "title": "No outlet"}),
        json.dumps({"id": "tribune", "outlet": "A", "title": "again"}),
    ]
    status, out, err = _run("summarize", stdin=SEEDS_JSONL + "\n".join(bad) + "\n")
    assert status == 3
    assert json.loads(out)["summary"]
    assert "line 3: is not JSON" in err
    assert "line 4: is not a JSON object" in err
    assert "line 5: has no 'outlet'" in err
    assert "line 6: id 'tribune' was already given" in err


def test_empty_input_is_a_clear_failure() -> None:
    status, out, err = _run("summarize", stdin="\n")
    assert status == 1
    assert out == ""
    assert "no usable article on standard input" in err


def test_one_article_gets_its_own_summary_and_a_note() -> None:
    status, out, err = _run("summarize", stdin=SEEDS_JSONL.splitlines()[1] + "\n")
    assert status == 0
    result = json.loads(out)
    assert len(result["summary"]) == 3
    assert result["agreed"] == []
    assert result["only"] == {}
    assert "one outlet only" in err


def test_copy_of_ids_are_read_and_mapped() -> None:
    records = [json.loads(line) for line in SEEDS_JSONL.splitlines()]
    copy = {**records[0], "id": 17, "outlet": "inkl", "copy_of": "tribune"}
    articles, problems = read_batch_articles([json.dumps(record) for record in [*records, copy]], now=NOW)
    assert problems == []
    assert [article.external_id for article in articles] == ["tribune", "ntd", 17]
    assert articles[2].stored.copy_of == articles[0].stored.article_id


def test_store_commands_show_entities_top_stories_related_and_summaries() -> None:
    status, _, _ = _run("add", *map(str, SEED_PAGES))
    assert status == 0
    status, out, _ = _run("entity", "President Lukashenko", "--json")
    assert status == 0
    hit = json.loads(out.splitlines()[0])
    assert hit["outlet_count"] == 2
    assert hit["names"] == ["Alexander Lukashenko"]
    story_id = hit["id"]
    status, out, _ = _run("top", "--explain")
    assert status == 0
    assert "breadth" in out
    assert "2 outlets with reporting of their own" in out
    assert "freshness" in out
    status, out, _ = _run("summary", str(story_id), "--json")
    assert status == 0
    summary = json.loads(out)
    assert any("Iskander" in item["sentence"] for item in summary["agreed"])
    status, _, err = _run("related", str(story_id))
    assert status == 0
    assert "no story is related" in err
    missing = CliRunner().invoke(app, ["related", "999"])
    assert missing.exit_code == 1
    assert isinstance(missing.exception, NotFound)
    assert "999" in str(missing.exception)
