"""Secondary citations of summary sentences: a source is cited beside a sentence only when it
restates the same fact, not when it reports another fact about the same people and places (a
topical neighbour, which names the same entities and numbers and aligns above the agreement bar)."""

from __future__ import annotations

import pytest

from tidings.model import StoredArticle, StorySummary
from tidings.summarize import LazyModels, summarize
from tidings.summarize.agreement import AGREE_THRESHOLD, best_in_each_article, cites_same_fact
from tidings.summarize.story import StoryText, prepare_story

from .conftest import stored_articles

COURIER, POST, WIRE = "Valley Courier", "Lakeshore Post", "State Wire"

# Three outlets on one wildfire. The Post restates the Courier's evacuation order and emergency
# declaration; the Wire names the same town, people, numbers and days for other facts (residents
# may go back; the governor visited the command post). All three report the burned area.
RECORDS: list[dict[str, object]] = [
    {
        "outlet": COURIER,
        "title": "Ridge Fire forces evacuations near Clearwater",
        "text": "About 3,000 residents of Clearwater were ordered to leave their homes on Tuesday as "
        "strong winds pushed the Ridge Fire toward the town. The fire has burned 12,000 acres in Lake "
        "County since it started on Sunday, according to fire officials. Governor Maria Alvarez "
        "declared a state of emergency for Lake County on Wednesday. More than 900 firefighters from "
        "six states are now working on the fire lines.",
    },
    {
        "outlet": POST,
        "title": "Thousands flee as Ridge Fire nears Clearwater",
        "text": "Officials ordered some 3,000 Clearwater residents out of their homes on Tuesday as "
        "strong winds drove the Ridge Fire toward the town. Governor Maria Alvarez declared a state of "
        "emergency in Lake County on Wednesday. The blaze, which began on Sunday, has burned 12,000 "
        "acres, officials said. Schools in the county will stay closed for the rest of the week.",
    },
    {
        "outlet": WIRE,
        "title": "Clearwater residents may go back once Ridge Fire is contained",
        "text": "On Tuesday evening the sheriff said that 3,000 Clearwater residents could go back as "
        "soon as the Ridge Fire was contained. Governor Maria Alvarez visited the command post in Lake "
        "County and thanked the crews on Wednesday. The Ridge Fire started on Sunday and has now burned "
        "12,000 acres of forest. Power was restored to most homes in Lake County by Thursday morning.",
    },
]

EVACUATION = "ordered to leave their homes"
EMERGENCY = "declared a state of emergency"
BURNED = "has burned 12,000 acres in Lake County"


@pytest.fixture(scope="module")
def articles() -> list[StoredArticle]:
    return stored_articles(RECORDS)


@pytest.fixture(scope="module")
def story(articles: list[StoredArticle], models: LazyModels) -> StoryText:
    return prepare_story(articles, analyser=models.analyser, encoder=models.encoder)


@pytest.fixture(scope="module")
def summary(articles: list[StoredArticle], models: LazyModels) -> StorySummary:
    return summarize(articles, analyser=models.analyser, encoder=models.encoder)


def _claim(story: StoryText, words: str) -> int:
    """The Courier's claim that contains ``words``."""
    return next(
        index
        for index, claim in enumerate(story.claims)
        if claim.article == 0 and words in claim.sentence.text
    )


@pytest.mark.parametrize("words", [EVACUATION, EMERGENCY])
def test_the_wire_s_neighbour_would_pass_the_agreement_bar(story: StoryText, words: str) -> None:
    """The Wire's sentence is the Courier sentence's mutual best match, names everything it
    names, and aligns above the agreement bar: only the citation bar can tell them apart."""
    claim = _claim(story, words)
    best = best_in_each_article(story)
    neighbour = int(best[claim, 2])
    assert best[neighbour, 0] == claim
    assert story.alignment[claim, neighbour] >= AGREE_THRESHOLD
    assert story.supports(2, story.claims[claim])


@pytest.mark.parametrize("words", [EVACUATION, EMERGENCY])
def test_a_restatement_may_be_cited_and_a_topical_neighbour_may_not(story: StoryText, words: str) -> None:
    claim = _claim(story, words)
    best = best_in_each_article(story)
    assert cites_same_fact(story, claim, int(best[claim, 1]))
    assert not cites_same_fact(story, claim, int(best[claim, 2]))


def test_the_summary_cites_the_wire_only_for_what_it_reports(summary: StorySummary) -> None:
    by_text = {sentence.text: set(sentence.outlets) for sentence in summary.sentences}
    for text, outlets in by_text.items():
        if EMERGENCY in text or EVACUATION in text or "out of their homes" in text:
            assert outlets == {COURIER, POST}, text
        elif "12,000 acres" in text:
            assert outlets == {COURIER, POST, WIRE}, text
        elif text.startswith(("On Tuesday evening the sheriff", "Power was restored")):
            assert outlets == {WIRE}, text
    assert any(EMERGENCY in text for text in by_text)
    assert any("12,000 acres" in text for text in by_text)


# Two outlets disagree on an age, written as Multi-News cluster validation-004's did ("identified
# as 29-year-old Geraldine Alcorn" against "Geraldine Alcorn, 28"): a number joined to its unit by
# a hyphen is still a number the cited article must give.
AGES: list[dict[str, object]] = [
    {
        "outlet": COURIER,
        "title": "Clearwater teacher charged with luring a student",
        "text": "A Clearwater elementary school teacher was arrested on Tuesday, accused of sending "
        "thousands of text messages to an 11-year-old student. The teacher, identified as 29-year-old "
        "Dana Whitfield, is facing charges of luring a child and corruption of minors. She resigned "
        "from Oak Hill Elementary School earlier this month.",
    },
    {
        "outlet": POST,
        "title": "Teacher accused of texting student thousands of times",
        "text": "Police arrested a Clearwater elementary school teacher on Tuesday, accusing her of "
        "sending thousands of text messages to an 11-year-old student. The teacher, identified as "
        "28-year-old Dana Whitfield, is facing charges of luring a child and corruption of minors. "
        "Parents at Oak Hill Elementary School said they were shocked.",
    },
]


def test_a_sentence_giving_an_age_cites_no_article_that_gives_another(models: LazyModels) -> None:
    summary = summarize(stored_articles(AGES), analyser=models.analyser, encoder=models.encoder)
    only = [claim for group in summary.only for claim in group.claims]
    cited = [*summary.sentences, *summary.agreed, *only]
    ages = {"29-year-old": 1, "28-year-old": 2}
    found = 0
    for sentence in cited:
        for age, article_id in ages.items():
            if age in sentence.text:
                found += 1
                assert [source.article_id for source in sentence.sources] == [article_id], sentence
    assert found


# The same disagreement with the counts spelled out ("three" against "five"): no digit in either.
COUNTS: list[dict[str, object]] = [
    {
        "outlet": COURIER,
        "title": "Fire at a Clearwater warehouse",
        "text": "A fire swept through a Clearwater warehouse on Tuesday night. Three firefighters were "
        "taken to hospital with burns after the roof of the warehouse fell in. The cause of the fire "
        "at the warehouse is not yet known, the fire department said.",
    },
    {
        "outlet": POST,
        "title": "Warehouse fire in Clearwater injures firefighters",
        "text": "Fire swept through a warehouse in Clearwater on Tuesday night. Five firefighters were "
        "taken to hospital with burns after the roof of the warehouse fell in. Neighbours said the "
        "smoke could be seen for miles.",
    },
]


def test_a_sentence_giving_a_count_in_words_cites_no_article_that_gives_another(models: LazyModels) -> None:
    summary = summarize(stored_articles(COUNTS), analyser=models.analyser, encoder=models.encoder)
    only = [claim for group in summary.only for claim in group.claims]
    counts = {"Three firefighters": 1, "Five firefighters": 2}
    found = 0
    for sentence in [*summary.sentences, *summary.agreed, *only]:
        for count, article_id in counts.items():
            if count in sentence.text:
                found += 1
                assert [source.article_id for source in sentence.sources] == [article_id], sentence
    assert found
