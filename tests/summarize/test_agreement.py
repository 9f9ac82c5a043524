"""Agreement and one-outlet claims on the reference case: two outlets' coverage of Putin's visit
to Minsk, read from the saved pages by the real extractor, from the paragraphs copied into
tests/fixtures/summarize/seeds.jsonl (what ``tidings summarize`` is given), and from the saved
pages' whole text, site chrome included (a page piped in without extraction)."""

from __future__ import annotations

import pytest

from tidings.model import CitedSentence, StoredArticle, StorySummary
from tidings.summarize import LazyModels, summarize

TRIBUNE = "Tribune News Service"
NTD = "NTD"

# What both outlets report, each fact as words that a sentence reporting it contains.
AGREED_FACTS = {
    "joint exercises continue": ("joint exercises",),
    "Iskander and S-400 deployment": ("Iskander", "S-400"),
    "crews for aircraft able to carry special weapons": ("special weapons",),
}
ONLY_TRIBUNE = {"MiG-31K jets moved to Belarus": ("MiG-31K", "Hajun"), "Zaluzhnyi's warning": ("Zaluzhnyi",)}
ONLY_NTD = {"single defense space": ("single defense space",), "no merger": ("any kind of merger",)}


# Lines of the pages' chrome, each of which the other page's chrome has a line like: the inkl
# aggregator's promotion and NTD's newsletter sign-up.
CHROME = (
    "Get all your news in one place.",
    "Stay informed with accurate news you can trust.",
    "Read news from 100’s of titles, curated specifically for you.",
    "100+ trusted global sources.",
    "What you need to know, summarized in one email.",
)


@pytest.fixture(scope="module", params=["extracted pages", "copied paragraphs", "whole pages"])
def seed_summary(
    request: pytest.FixtureRequest,
    seed_articles: list[StoredArticle],
    seed_paragraphs: list[StoredArticle],
    seed_page_texts: list[StoredArticle],
    models: LazyModels,
) -> StorySummary:
    articles = {
        "extracted pages": seed_articles,
        "copied paragraphs": seed_paragraphs,
        "whole pages": seed_page_texts,
    }[request.param]
    return summarize(articles, analyser=models.analyser, encoder=models.encoder)


def _reporting(sentences: tuple[CitedSentence, ...], words: tuple[str, ...]) -> list[CitedSentence]:
    return [sentence for sentence in sentences if all(word in sentence.text for word in words)]


def _only(summary: StorySummary, outlet: str) -> tuple[CitedSentence, ...]:
    for claims in summary.only:
        if claims.outlet == outlet:
            return claims.claims
    return ()


@pytest.mark.parametrize("fact", sorted(AGREED_FACTS))
def test_both_outlets_report_each_shared_fact(seed_summary: StorySummary, fact: str) -> None:
    found = _reporting(seed_summary.agreed, AGREED_FACTS[fact])
    assert found, f"{fact!r} is not among the agreed claims"
    assert {TRIBUNE, NTD} <= set(found[0].outlets)


@pytest.mark.parametrize(("outlet", "facts"), [(TRIBUNE, ONLY_TRIBUNE), (NTD, ONLY_NTD)])
def test_each_outlets_own_facts_are_listed_as_only_its_own(
    seed_summary: StorySummary, outlet: str, facts: dict[str, tuple[str, ...]]
) -> None:
    own = _only(seed_summary, outlet)
    for fact, words in facts.items():
        found = _reporting(own, words)
        assert found, f"{fact!r} is not among the claims only {outlet} reports"
        assert found[0].outlets == (outlet,)


def test_no_fact_is_both_agreed_and_one_outlets_own(seed_summary: StorySummary) -> None:
    only_texts = [claim.text for claims in seed_summary.only for claim in claims.claims]
    for words in [*ONLY_TRIBUNE.values(), *ONLY_NTD.values()]:
        assert not _reporting(seed_summary.agreed, words)
    for words in [*AGREED_FACTS.values(), ("crews",)]:
        assert not [text for text in only_texts if all(word in text for word in words)]


def test_an_outlet_s_own_claims_never_cite_another_outlet(seed_summary: StorySummary) -> None:
    for claims in seed_summary.only:
        assert all(claim.outlets == (claims.outlet,) for claim in claims.claims)


def test_a_sign_off_line_is_never_a_claim(seed_summary: StorySummary) -> None:
    texts = [claim.text for claims in seed_summary.only for claim in claims.claims]
    assert not [text for text in texts if "contributed to this report" in text]


def test_no_line_of_page_chrome_is_agreed(seed_summary: StorySummary) -> None:
    """Two promotion lines that share only the word "news" are not one fact that both outlets
    report, however alike their sentence vectors are."""
    assert not [claim.text for claim in seed_summary.agreed if claim.text in CHROME]
