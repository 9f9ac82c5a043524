"""Web fixtures: a ``Tidings`` on the test store, its app behind a test client, and a way to
put articles straight into the store (so that page tests do not depend on extraction)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from starlette.testclient import TestClient

from tidings.config import Settings
from tidings.core import Tidings
from tidings.model import Added, Article, Outlet, Provenance
from tidings.store import Store
from tidings.web.app import create_app

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)

AddArticle = Callable[..., int]


@pytest.fixture
def tidings_app(settings: Settings, store: Store) -> Tidings:
    # Page tests need no background polling; test_app.py checks the scheduler on its own.
    return Tidings(replace(settings, serve_polls_sources=False), store=store)


@pytest.fixture
def client(tidings_app: Tidings) -> Iterator[TestClient]:
    with TestClient(create_app(tidings_app), raise_server_exceptions=False) as test_client:
        yield test_client


def make_article(
    index: int,
    *,
    title: str | None = None,
    outlet: str = "Example News",
    domain: str | None = "example.com",
    html: str | None = None,
    text: str | None = None,
    byline: str | None = "A. Reporter",
    language: str | None = "en",
    url: str | None = None,
    published_at: datetime | None = None,
    standfirst: str | None = None,
) -> Article:
    body = text if text is not None else f"Paragraph one of article {index}.\n\nParagraph two, with detail."
    return Article(
        title=title if title is not None else f"Article number {index}",
        text=body,
        html=html if html is not None else "".join(f"<p>{part}</p>" for part in body.split("\n\n")),
        outlet=Outlet(name=outlet, domain=domain),
        provenance=Provenance(kind="file", locator=f"/fixtures/article-{index}.html"),
        fetched_at=NOW,
        byline=byline,
        standfirst=standfirst,
        published_at=published_at if published_at is not None else NOW - timedelta(minutes=index),
        url=url if url is not None else f"https://{domain or 'example.com'}/news/{index}",
        language=language,
    )


@pytest.fixture
def add_article(store: Store) -> AddArticle:
    """Stores an article built by ``make_article`` and returns its id."""

    def add(index: int, **fields: object) -> int:
        outcome = store.add_article(make_article(index, **fields))  # type: ignore[arg-type]
        assert isinstance(outcome, Added)
        return outcome.article_id

    return add
