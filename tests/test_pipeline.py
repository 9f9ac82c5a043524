"""The ingest pipeline (``tidings.pipeline``) over a real store (SQLite and PostgreSQL): a refusal
is told as soon as it is met, so that an interrupted batch (Ctrl+C, an input that blocks: a named
pipe with no writer) has said every refusal before the interruption. Before, refusals waited with
the batch's stored articles for placement, and were lost with it (a bad-input audit)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from tests.extract.helpers import raw_document
from tidings.errors import InputError, Unreadable
from tidings.model import Added, AlreadyHad, RawDocument
from tidings.pipeline import IngestOutcome, ingest_documents
from tidings.store import Store

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
PARAGRAPH = (
    "Residents fled their homes overnight as the storm pushed water over the sea wall, officials said, "
    "and power was cut to thousands of homes along the coast road."
)


def _interrupted_after(*documents: RawDocument | InputError) -> Iterator[RawDocument | InputError]:
    yield from documents
    raise KeyboardInterrupt  # as Ctrl+C while the next input is read


@pytest.mark.parametrize("parallel", [1, 2])
def test_refusals_are_told_before_an_interruption(store: Store, parallel: int) -> None:
    told: list[IngestOutcome] = []
    documents = _interrupted_after(
        Unreadable("empty.html", "is empty"), Unreadable("binary.html", "is binary, not a page or a feed")
    )
    with pytest.raises(KeyboardInterrupt):
        told.extend(ingest_documents(documents, store, now=NOW, parallel=parallel))
    assert [(outcome.source, outcome.skipped) for outcome in told] == [
        ("empty.html", True),
        ("binary.html", True),
    ]


def test_a_refusal_after_a_stored_article_keeps_its_place_in_the_order(store: Store) -> None:
    page = raw_document(
        "<html><head><title>Storm batters coast</title></head><body><article><h1>Storm batters coast</h1>"
        + f"<p>{PARAGRAPH}</p>" * 3
        + "</article></body></html>",
        locator="storm.html",
    )
    outcomes = list(
        ingest_documents(
            iter([Unreadable("empty.html", "is empty"), page, Unreadable("binary.html", "is binary")]),
            store,
            now=NOW,
        )
    )
    assert [(outcome.source, outcome.skipped) for outcome in outcomes] == [
        ("empty.html", True),
        ("storm.html", False),
        ("binary.html", True),
    ]


FARMERS = [
    f"Farmers drove {count} tractors into the capital on Monday, blocking roads near parliament to protest "
    "against falling milk prices and new rules on fertiliser."
    for count in (40, 60, 80, 120)
]
TEACHERS = [
    f"Teachers at {count} schools walked out over pay this week, and their union warned that exams could be "
    "delayed unless ministers reopen the wage talks soon."
    for count in (12, 30, 45, 70)
]


def _saved_page(title: str, paragraphs: list[str], canonical: str, *, locator: str) -> RawDocument:
    """A page as a browser saves it (authored): its canonical link, its site's name, its article."""
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return raw_document(
        f'<html><head><title>{title}</title><link rel="canonical" href="{canonical}">'
        '<meta property="og:site_name" content="The Paper"></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>",
        locator=locator,
    )


def test_a_page_saved_again_whose_canonical_link_moved_onto_another_story_is_stored_once(
    store: Store,
) -> None:
    # Review 2026-12-08: the farmers' page saved again, edited, once its site wrote the teachers'
    # story's address into its canonical link, was "added #3": the farmers' story twice, the new
    # one under the teachers' address.
    farmers_url = "https://www.paper.example.com/news/farmers-protest"
    teachers_url = "https://www.paper.example.com/news/teachers-strike"
    edited = [paragraph.replace("on Monday", "on Monday and Tuesday") for paragraph in FARMERS]
    documents = [
        _saved_page("Farmers block roads", FARMERS, farmers_url, locator="farmers.html"),
        _saved_page("Teachers strike over pay", TEACHERS, teachers_url, locator="teachers.html"),
        _saved_page("Farmers block roads", edited, teachers_url, locator="farmers.html"),
    ]

    first, second, again = [outcome.outcome for outcome in ingest_documents(iter(documents), store, now=NOW)]

    assert isinstance(first, Added)
    assert isinstance(second, Added)
    assert again == AlreadyHad(
        first.article_id, via="input", updated=True, canonical_held_by=second.article_id
    )
    assert store.count_articles() == 2
    farmers = store.get_article(first.article_id).article
    assert (farmers.url, farmers.text.split("\n\n")) == (farmers_url, edited)
    assert store.get_article(second.article_id).article.text.split("\n\n") == TEACHERS
