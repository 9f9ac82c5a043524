"""SQL-injection payloads through every query input, on SQLite and PostgreSQL (the corpus' sqli/).

Search terms, filters, cursors and the one sort parameter: never a 5xx, never a database error
in the page, each answer in under two seconds (no SLEEP/pg_sleep ran), and the schema and row
counts unchanged afterwards. Sort values outside the reader's own vocabulary are refused by name.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from sqlalchemy import inspect
from starlette.testclient import TestClient

from tests.web.conftest import AddArticle
from tidings.store import Store

SQLI = Path(__file__).resolve().parent.parent / "fixtures" / "attack-vectors" / "sqli"
# The time-based payloads sleep 5 s or more (SLEEP(5), pg_sleep(10), RANDOMBLOB(500000000)); 2 s
# catches any that ran while leaving room for a busy 2-core test machine.
MAX_SECONDS = 2.0
DB_ERROR_WORDS = ("sqlalchemy", "psycopg", "sqlite3", "syntax error", "OperationalError", "Traceback")


def _lines(name: str) -> list[str]:
    text = (SQLI / "payloadsallthethings" / name).read_text(encoding="utf-8", errors="replace")
    return [line for line in text.splitlines() if line.strip()]


def _fts_terms() -> list[str]:
    return [entry["value"] for entry in json.loads((SQLI / "fts-search-terms.json").read_text())]


def _sort_values() -> list[str]:
    corpus = json.loads((SQLI / "order-by-injection.json").read_text())
    return [entry["value"] for entry in corpus["sort_column"] + corpus["sort_direction"]]


def _snapshot(store: Store) -> tuple[list[str], int, int]:
    tables = sorted(inspect(store.engine).get_table_names())
    return tables, store.count_articles(), len(store.list_outlets())


def _check(client: TestClient, path: str, params: dict[str, str]) -> int:
    started = time.perf_counter()
    response = client.get(path, params=params)
    elapsed = time.perf_counter() - started
    assert response.status_code < 500, (path, params, response.text[:300])
    assert elapsed < MAX_SECONDS, (path, params, elapsed)
    assert not any(word in response.text for word in DB_ERROR_WORDS), (path, params)
    return response.status_code


def test_injection_payloads_through_search_and_filters_do_nothing(
    client: TestClient, add_article: AddArticle, store: Store
) -> None:
    for index in range(3):
        add_article(
            index, title=f"Minsk report {index}", outlet=f"Outlet {index}", domain=f"o{index}.example"
        )
    before = _snapshot(store)
    benign = client.get("/api/v1/search", params={"q": "minsk"}).json()["result_count"]
    payloads = [
        *_fts_terms(),
        *_lines("Generic_Fuzz.txt"),
        *_lines("SQLi_Polyglots.txt"),
        *_lines("Generic_TimeBased.txt")[:30],
    ]
    for payload in payloads:
        for path in ("/search", "/api/v1/search"):
            _check(client, path, {"q": payload})
        for field in ("outlet", "language", "entity", "cursor"):
            _check(client, "/api/v1/front", {field: payload})
        _check(client, "/", {"outlet": payload})
    assert _snapshot(store) == before
    assert client.get("/api/v1/search", params={"q": "minsk"}).json()["result_count"] == benign


def test_sort_takes_only_its_own_words(client: TestClient, add_article: AddArticle, store: Store) -> None:
    add_article(1)
    before = _snapshot(store)
    for value in _sort_values():
        assert _check(client, "/outlets", {"sort": value}) == 400, value
        assert _check(client, "/api/v1/outlets", {"sort": value}) == 422, value
    for value in ("articles", "name", "latest"):
        assert _check(client, "/outlets", {"sort": value}) == 200
        assert _check(client, "/api/v1/outlets", {"sort": value}) == 200
    assert _snapshot(store) == before
