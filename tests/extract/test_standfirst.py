"""The standfirst (the dek under a page's headline) is read into ``Article.standfirst``, apart from the
text: from an element named as a dek, or from the page's description where the page prints it
between headline and body; never a caption, a byline, a contributor's box, a teaser, a line of
chrome, text written for search engines alone, or words the body already holds."""

from __future__ import annotations

import pytest

from tidings.extract import extract
from tidings.model import Article

from .helpers import raw_document

HEADLINE = "City council approves plan to rebuild the harbour wall before winter"
DEK = "The vote ends two years of argument over who pays for the repairs, and work starts in October."
FIRST = (
    "The city council voted on Tuesday to rebuild the harbour wall, which storms breached twice last year."
)
BODY = (
    f"<p>{FIRST}</p>"
    "<p>Engineers say the new wall will stand a metre higher than the old one and will be faced with "
    "granite from the quarry north of the town, which reopened this spring after a decade.</p>"
    "<p>Residents on the seafront, who were evacuated in both storms, welcomed the decision but asked "
    "the council to publish the timetable for the work and the cost to each household.</p>"
)
URL = "https://news.example.org/local/harbour-wall"


def _page(header: str = "", head: str = "", body: str = BODY) -> str:
    return (
        f"<!doctype html><html lang='en'><head><title>{HEADLINE} | Example News</title>{head}</head><body>"
        "<header class='site-header'><nav><a href='/'>Home</a> <a href='/local'>Local</a></nav></header>"
        f"<main><article><header class='article-header'><h1>{HEADLINE}</h1>{header}</header>"
        f"<div class='article-body'>{body}</div></article></main></body></html>"
    )


def _extract(markup: str) -> Article:
    return extract(raw_document(markup, url=URL, kind="url", locator=URL))


@pytest.mark.parametrize(
    "header",
    [
        f"<p class='c-entry-summary p-dek'>{DEK}</p>",
        f"<h2 class='sub-head' itemprop='description'>{DEK}</h2>",
        f"<div class='articleDek'>{DEK}</div>",
        f"<div class='content__standfirst'><p>{DEK}</p><p>By <a href='/jane'>Jane Doe</a></p></div>",
        f"<h2 class='story-deck gamma-text'>{DEK}</h2>",  # Big9+Chaos: a "deck", not a "dek"
    ],
    ids=["class dek", "itemprop description", "camel-case name", "standfirst box with byline", "deck"],
)
def test_an_element_named_as_a_dek_under_the_headline_is_the_standfirst(header: str) -> None:
    article = _extract(_page(header))
    assert article.standfirst == DEK
    assert DEK not in article.text
    assert article.text.startswith(FIRST)


def test_the_description_is_the_standfirst_where_the_page_prints_it_under_the_headline() -> None:
    head = f"<meta property='og:description' content='{DEK}'>"
    assert _extract(_page(f"<p>{DEK}</p>", head)).standfirst == DEK


def test_a_subtitle_printed_inside_the_headline_is_the_standfirst() -> None:
    # tofugu.com (trafilatura-eval): "h1.article-title > small.article-subtitle"
    subtitle = "Welcome to the busiest harbour of the north coast"
    markup = _page().replace(
        f"<h1>{HEADLINE}</h1>", f"<h1>{HEADLINE} <small class='article-subtitle'>{subtitle}</small></h1>"
    )
    assert _extract(markup).standfirst == subtitle


def test_the_description_printed_in_a_title_box_is_the_standfirst() -> None:
    # Quanta Magazine (Readability's test pages): a box named after the title box it stands in.
    head = f"<meta name='description' content='{DEK}'>"
    header = f"<div class='post__title__meta'><div class='post__title__excerpt wysiwyg'>{DEK}</div></div>"
    assert _extract(_page(header, head)).standfirst == DEK


def test_a_description_the_page_does_not_print_is_no_standfirst() -> None:
    # Text written for search engines (and the page's unnamed paragraphs) is no dek.
    head = f"<meta name='description' content='{DEK}'>"
    unnamed = "<p>Filed under Local news and Politics, with more to come on this story soon.</p>"
    assert _extract(_page(unnamed, head)).standfirst is None
    assert _extract(_page("", head)).standfirst is None


def test_a_description_cut_short_is_no_standfirst() -> None:
    head = f"<meta property='og:description' content='{DEK[:60]}…'>"
    assert _extract(_page(f"<p>{DEK[:60]}…</p>", head)).standfirst is None


@pytest.mark.parametrize(
    "header",
    [
        # A lead image's caption and credit, in an element named "lead".
        "<div class='ArticlePage-lead'><img src='/wall.jpg' alt=''>"
        "<p>Waves break over the harbour wall in January. (Jane Doe / Associated Press)</p></div>",
        "<figure><img src='/wall.jpg' alt=''><figcaption itemprop='description'>Waves break over the "
        "harbour wall during the January storm, seen from the pier.</figcaption></figure>",
        # A byline and a date line in elements named as an intro.
        "<p class='article-intro'>By Jane Doe and John Smith, Local Democracy Reporters</p>",
        "<p class='intro'>Published Tuesday, 5 March 2024, 10:32 GMT, updated 11:15 GMT</p>",
        # A contributor's box.
        "<div class='author-description'>Jane Doe is a senior reporter who has covered the council "
        "and the harbour for the Example News since 2015.</div>",
        # A teaser list of other stories.
        "<ul class='teaser-list'><li><div class='teaser'>Storm damage bill for the seafront rises "
        "again as insurers count the cost</div></li><li><div class='teaser'>Pier to reopen next "
        "month after repairs to its deck are finished</div></li></ul>",
        # A teaser inside a link to another story.
        "<a href='/local/pier'><div class='teaser__summary'>The pier will reopen next month once its "
        "deck repairs are finished, the council says.</div></a>",
        # A newsletter promotion.
        "<p class='summary'>Sign up for our newsletter to get the latest local news in your inbox "
        "every morning.</p>",
    ],
    ids=["lead image caption", "figcaption", "byline", "date line", "contributor box", "teaser list",
         "linked teaser", "newsletter"],
)  # fmt: skip
def test_chrome_under_the_headline_is_no_standfirst(header: str) -> None:
    assert _extract(_page(header)).standfirst is None


def test_a_dek_the_body_keeps_as_its_first_paragraph_is_no_standfirst() -> None:
    # The lede: named as a summary, but the body begins with it; the text keeps it, unchanged.
    body = f"<p class='article-summary'>{FIRST}</p>" + BODY.removeprefix(f"<p>{FIRST}</p>")
    article = _extract(_page(body=body))
    assert article.standfirst is None
    assert article.text.startswith(FIRST)


def test_a_summary_after_the_body_has_begun_is_no_standfirst() -> None:
    body = BODY + f"<div class='summary'>{DEK}</div>"
    assert _extract(_page(body=body)).standfirst is None


def test_a_sites_name_and_tagline_in_the_masthead_are_no_headline_and_no_standfirst() -> None:
    # A blog's masthead prints the site's name in an <h1> and its tagline under it; the post's
    # own title is an <h2> here, so the page has no headline to read a dek under.
    markup = (
        f"<!doctype html><html lang='en'><head><title>{HEADLINE} – Harbour Watch</title></head><body>"
        "<header id='masthead'><h1 class='site-title'><a href='/'>Harbour Watch</a></h1>"
        "<p class='site-description'>News and views from the harbour, written by its neighbours.</p></header>"
        f"<main><article><h2 class='entry-title'>{HEADLINE}</h2>{BODY}</article></main></body></html>"
    )
    assert _extract(markup).standfirst is None


def test_a_standfirst_leaves_the_text_as_it_was() -> None:
    without = _extract(_page())
    with_dek = _extract(_page(f"<p class='standfirst'>{DEK}</p>"))
    assert with_dek.standfirst == DEK
    assert (with_dek.text, with_dek.html, with_dek.title) == (without.text, without.html, without.title)
