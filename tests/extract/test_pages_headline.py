"""The headline line that opens a page's body is left out whatever title hints come with the page:
a feed entry's outlet and title are worded otherwise than the page's own ("Beta Times" for a
``<title>`` that ends "- Beta", a title cut short with "…" or prefixed "UPDATED:")."""

from __future__ import annotations

import pytest

from tidings.extract import extract
from tidings.extract.blocks import Block
from tidings.extract.chrome import remove_leading_metadata
from tidings.model import Article, DocumentHints

from .helpers import raw_document

HEADLINE = "Electronic waste is growing at a staggering rate across the world"
FIRST = "It has been called the dirty underbelly of electronics."
PROSE = " ".join(["The numbers are staggering and a new map shows just how staggering they are."] * 6)
URL = "https://beta.example.org/article/0.html"


def _page(head: str) -> str:
    return (
        f"<!doctype html><html lang='en'><head>{head}</head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/world'>World</a></nav></header>"
        f"<main><article><h1>{HEADLINE}</h1><p>{FIRST}</p><p>{PROSE}</p></article></main></body></html>"
    )


def _extract(markup: str, hints: DocumentHints | None = None) -> Article:
    return extract(raw_document(markup, url=URL, kind="url", locator=URL, hints=hints))


def test_a_feeds_name_for_the_outlet_does_not_keep_the_pages_own_suffix_in_its_title() -> None:
    # The audit's page: a <title> "Headline - Beta", no og:title, a feed named "Beta Times".
    markup = _page(f"<title>{HEADLINE} - Beta</title>")
    alone = _extract(markup)
    hinted = _extract(markup, DocumentHints(title=f"UPDATED: {HEADLINE}", outlet="Beta Times"))
    assert alone.text.startswith(FIRST)
    assert hinted.text == alone.text
    assert hinted.title == alone.title == HEADLINE


@pytest.mark.parametrize("feed_title", [HEADLINE, HEADLINE[:40] + "…", HEADLINE[:40] + "..."])
def test_a_feeds_title_names_the_leading_heading_where_the_pages_title_does_not(feed_title: str) -> None:
    # The page's og:title is reworded: only the feed's title (whole or cut short) reads as the <h1>.
    markup = _page("<meta property='og:title' content='E-waste: the world map'><title>E-waste</title>")
    assert _extract(markup).text.startswith(HEADLINE)  # as before, with no hints
    assert _extract(markup, DocumentHints(title=feed_title)).text.startswith(FIRST)


def test_a_first_paragraph_that_reads_as_the_feeds_title_is_kept() -> None:
    # A feed that titles its posts with their opening words: the paragraph is the post's text.
    markup = _page("<title>E-waste</title>").replace(f"<h1>{HEADLINE}</h1>", "")
    assert _extract(markup, DocumentHints(title=FIRST)).text.startswith(FIRST)
    assert _extract(markup, DocumentHints(title=FIRST[:30] + "…")).text.startswith(FIRST)


def _blocks(*texts: tuple[str, str]) -> list[Block]:
    return [Block(kind, text, f"<{kind}>{text}</{kind}>") for kind, text in texts]


def test_other_headlines_are_matched_on_a_leading_heading_only() -> None:
    blocks = _blocks(("h1", HEADLINE), ("p", "By Jane Doe"), ("p", FIRST))
    assert remove_leading_metadata(blocks, "E-waste", headlines=(HEADLINE,)) == blocks[2:]
    # The heading stays; the byline under it goes all the same (a byline after a block of text).
    assert remove_leading_metadata(blocks, "E-waste") == [blocks[0], blocks[2]]
    paragraph = _blocks(("p", HEADLINE), ("p", FIRST))
    assert remove_leading_metadata(paragraph, "E-waste", headlines=(HEADLINE,)) == paragraph
    assert remove_leading_metadata(paragraph, HEADLINE) == paragraph[1:]  # the page's own title


def test_a_headline_cut_short_to_a_few_words_names_no_heading() -> None:
    blocks = _blocks(("h2", "A world map of e-waste"), ("p", FIRST))
    assert remove_leading_metadata(blocks, None, headlines=("A world…",)) == blocks
    assert remove_leading_metadata(blocks, None, headlines=("A world map of…",)) == blocks[1:]


def test_an_h1_that_repeats_a_template_title_with_its_site_name_keeps_the_site_as_outlet() -> None:
    # Review: a template that repeats the whole <title>, site name and all, in the <h1> lost its
    # outlet ("unknown outlet") once a headline that is the whole title kept its last part; only
    # a dash joins a headline's own parts, a "|" is the template's.
    paragraph = (
        "Residents fled their homes overnight as the storm pushed water over the sea wall, officials "
        "said, and power was cut to thousands of homes along the coast road."
    )
    whole = "Storm batters coast | Coastal Times"
    markup = (
        f"<html><head><title>{whole}</title></head><body><article><h1>{whole}</h1>"
        + f"<p>{paragraph}</p>" * 3
        + "</article></body></html>"
    )
    article = extract(raw_document(markup))
    assert (article.title, article.outlet.name) == ("Storm batters coast", "Coastal Times")
