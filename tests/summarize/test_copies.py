"""Copies are the same writing as their original, never a further outlet that agrees with it.

The seed pair (Tribune News Service, id 1; NTD, id 2) read from the saved pages, with copies of
one or both under other outlets' names, as the store's story members carry them (``copy_of``) and
as ``tidings summarize`` reads them, and in a store filled by the real ingest (the story page and
the API show its kept summary). What both outlets report is agreed by two sources, however
many copies there are; what only Tribune reports stays Tribune's, even when Tribune's own page is
not in the story and two copies of it are.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.summarize.conftest import FETCHED_AT, SEED_PAGES
from tidings.config import Settings
from tidings.core import Tidings
from tidings.model import Outlet, StoredArticle, StorySummary
from tidings.store import Store
from tidings.summarize import LazyModels, summarize

ISKANDER = "Iskander"
TRIBUNE_ONLY = ("MiG-31K", "Zaluzhnyi")


def _copy(
    original: StoredArticle, article_id: int, outlet: Outlet, copy_of: int | None = None
) -> StoredArticle:
    return replace(
        original,
        article_id=article_id,
        copy_of=original.article_id if copy_of is None else copy_of,
        article=replace(original.article, outlet=outlet),
    )


def _summary(articles: list[StoredArticle], models: LazyModels) -> StorySummary:
    return summarize(articles, analyser=models.analyser, encoder=models.encoder)


def test_a_copy_is_not_cited_as_a_further_outlet_in_the_agreed_list(
    seed_articles: list[StoredArticle], models: LazyModels
) -> None:
    tribune, ntd = seed_articles
    copy = _copy(tribune, 3, Outlet("Copycat", domain="copycat.example"))
    summary = _summary([tribune, ntd, copy], models)
    assert [claim for claim in summary.agreed if ISKANDER in claim.text]
    for claim in summary.agreed:
        assert sorted(source.article_id for source in claim.sources) == [1, 2], claim
        assert "Copycat" not in claim.outlets
    # Where the copy carries a sentence word for word it is still named as also publishing it.
    assert any(3 in [source.article_id for source in sentence.sources] for sentence in summary.sentences)


@pytest.mark.parametrize("original", ["has no text", "is not in the story"])
def test_copies_of_one_original_are_one_source(
    seed_articles: list[StoredArticle], models: LazyModels, original: str
) -> None:
    tribune, ntd = seed_articles
    copies = [
        _copy(tribune, 3, Outlet("Copycat", domain="copycat.example")),
        _copy(tribune, 4, Outlet("Reprinter", domain="reprinter.example")),
    ]
    if original == "has no text":
        articles = [replace(tribune, article=replace(tribune.article, text="")), ntd, *copies]
    else:
        articles = [ntd, *(replace(copy, copy_of=99) for copy in copies)]
    summary = _summary(articles, models)
    assert [claim for claim in summary.agreed if ISKANDER in claim.text]
    for claim in summary.agreed:
        cited = {source.article_id for source in claim.sources}
        assert 2 in cited, claim
        assert len(cited & {3, 4}) == 1, claim
        assert not [word for word in TRIBUNE_ONLY if word in claim.text], claim
    own = [claim.text for group in summary.only for claim in group.claims if group.outlet != "NTD"]
    for word in TRIBUNE_ONLY:
        assert [text for text in own if word in text], f"{word} is not among Tribune's own claims"


def test_an_aggregator_republishing_both_outlets_does_not_make_them_one_source(
    seed_articles: list[StoredArticle], models: LazyModels
) -> None:
    tribune, ntd = seed_articles
    inkl = Outlet("inkl", domain="inkl.example")
    summary = _summary([tribune, ntd, _copy(tribune, 3, inkl), _copy(ntd, 4, inkl)], models)
    agreed = [claim for claim in summary.agreed if ISKANDER in claim.text]
    assert agreed
    assert {source.article_id for source in agreed[0].sources} == {1, 2}


@pytest.fixture
def stored_story(store: Store, settings: Settings, models: LazyModels, tmp_path: Path) -> tuple[Tidings, int]:
    """The seed pages and the Tribune page again under another outlet's name, through the real
    ingest: the copy is found by the dedupe stage and kept as the story's copy of Tribune's."""
    copy = tmp_path / "herald-copy.txt"
    copy.write_text(
        SEED_PAGES[0].read_text(encoding="utf-8").replace("\nTribune News Service\n", "\nDaily Herald\n"),
        encoding="utf-8",
    )
    tidings = Tidings(settings, store=store)
    tidings.__dict__["understanding_models"] = models
    outcomes = list(tidings.add_paths([*map(str, SEED_PAGES), str(copy)], now=FETCHED_AT))
    assert not [outcome for outcome in outcomes if outcome.skipped]
    (story,) = tidings.list_stories()
    return tidings, story.story_id


def test_a_stored_story_s_agreed_facts_cite_no_copy(stored_story: tuple[Tidings, int]) -> None:
    tidings, story_id = stored_story
    members = tidings.story(story_id).members
    copies = {member.article.article_id for member in members if member.copy is not None}
    assert len(copies) == 1
    summary = tidings.story_summary(story_id, now=FETCHED_AT)
    assert [claim for claim in summary.agreed if ISKANDER in claim.text]
    for claim in summary.agreed:
        assert not copies & {source.article_id for source in claim.sources}, claim
        assert set(claim.outlets) == {"Tribune News Service", "NTD"}
