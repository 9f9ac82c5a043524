"""Shared, session-wide models for the summarize tests (loading them costs a second or two), and
the seed pair as stored-article values: extracted from the saved pages, as the paragraphs copied
into tests/fixtures/summarize/seeds.jsonl, and as the saved pages' whole text, chrome and all."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tidings.extract import extract
from tidings.gather import gather_paths
from tidings.model import Article, Outlet, Provenance, RawDocument, StoredArticle
from tidings.summarize import LazyModels

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "summarize"
FETCHED_AT = datetime(2022, 12, 20, tzinfo=UTC)


@pytest.fixture(scope="session")
def models(model_cache: Path) -> LazyModels:
    """As the application loads them: MiniLM on ONNX Runtime from the shared export."""
    return LazyModels(cache_dir=model_cache)


def stored_articles(records: list[dict[str, object]]) -> list[StoredArticle]:
    """JSON Lines records (``tidings summarize`` input) as store values numbered from 1."""
    articles = []
    for position, record in enumerate(records, start=1):
        published = record.get("published_at")
        articles.append(
            StoredArticle(
                article_id=position,
                article=Article(
                    title=str(record.get("title") or ""),
                    text=str(record.get("text") or ""),
                    html="",
                    outlet=Outlet(str(record["outlet"])),
                    provenance=Provenance("paste", f"fixture:{position}"),
                    fetched_at=FETCHED_AT,
                    published_at=datetime.fromisoformat(str(published)) if published else None,
                    language=str(record["language"]) if record.get("language") else None,
                ),
            )
        )
    return articles


def read_records(name: str) -> list[dict[str, object]]:
    with (FIXTURES / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


# The seed pages as saved, site chrome included (kept by the extraction tests).
SEED_PAGES = [
    FIXTURES.parent / "extract" / "tribune-inkl-putin-belarus.txt",
    FIXTURES.parent / "extract" / "ntd-putin-belarus.txt",
]


@pytest.fixture(scope="session")
def seed_articles() -> list[StoredArticle]:
    """The two seed pages through the real gather and extract stages: Tribune News Service
    (id 1) and NTD (id 2)."""
    documents = list(gather_paths([str(path) for path in SEED_PAGES], max_bytes=1_000_000, now=FETCHED_AT))
    articles = []
    for position, document in enumerate(documents, start=1):
        assert isinstance(document, RawDocument), document
        articles.append(StoredArticle(article_id=position, article=extract(document)))
    assert [stored.article.outlet.name for stored in articles] == ["Tribune News Service", "NTD"]
    return articles


@pytest.fixture(scope="session")
def seed_paragraphs() -> list[StoredArticle]:
    """The seed articles' paragraphs as copied into seeds.jsonl (``tidings summarize`` input)."""
    return stored_articles(read_records("seeds.jsonl"))


@pytest.fixture(scope="session")
def seed_page_texts(seed_articles: list[StoredArticle]) -> list[StoredArticle]:
    """The seed pages' whole saved text, site chrome included (the inkl aggregator's promotion,
    NTD's newsletter sign-up), as ``tidings summarize`` reads a page piped in unextracted: the
    extracted title and outlet, the page as ``text``."""
    return [
        replace(stored, article=replace(stored.article, text=path.read_text(encoding="utf-8")))
        for stored, path in zip(seed_articles, SEED_PAGES, strict=True)
    ]
