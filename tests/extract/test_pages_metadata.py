"""HTML pages: which of a page's statements about its byline, date and title win where they
disagree (an outlet signing as the author, several author tags, a modification date alone, a
section or a loosely written site name in the title, a byline printed as the body's first line)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tidings.extract import extract
from tidings.model import Article

from .helpers import FIXTURES, raw_document

PAGES = FIXTURES / "authored" / "metadata"
ADDRESS = "https://www.thecourier.example.co.uk/news/local/council-approves-budget-4417"
HEADLINE = "Council approves budget after late-night vote"


def _markup(name: str) -> str:
    return (PAGES / f"{name}.html").read_text(encoding="utf-8")


def _article(markup: str) -> Article:
    return extract(raw_document(markup, url=ADDRESS, kind="url"))


# -- bylines --------------------------------------------------------------------------------------


def test_a_printed_byline_beats_the_outlets_own_organisation_given_as_json_ld_author() -> None:
    # Before, "The Courier": the CMS's JSON-LD author came before the byline the page prints.
    article = _article(_markup("organisation-author"))
    assert article.byline == "Jane Doe"
    assert article.outlet.name == "The Courier"


def test_the_outlets_organisation_stays_the_byline_where_nothing_else_names_one() -> None:
    markup = _markup("organisation-author").replace(
        '<div class="article-byline">By <a href="/authors/jane-doe" rel="author">Jane Doe</a></div>', ""
    )
    assert _article(markup).byline == "The Courier"


@pytest.mark.parametrize("printed", [True, False])
def test_an_organisation_that_is_not_the_outlet_is_the_byline(printed: bool) -> None:
    # An agency's story: its JSON-LD author says who wrote it, as it did before.
    markup = _markup("organisation-author").replace(
        '"name": "The Courier", "url"', '"name": "Associated Press", "url"'
    )
    if not printed:
        markup = markup.replace(
            '<div class="article-byline">By <a href="/authors/jane-doe" rel="author">', ""
        )
    assert _article(markup).byline == "Associated Press"


def test_a_printed_byline_that_names_the_outlet_does_not_replace_its_organisation() -> None:
    markup = _markup("organisation-author").replace(">Jane Doe</a>", ">Courier Newsdesk</a>")
    assert _article(markup).byline == "The Courier"


def test_every_article_author_tag_is_read_and_a_profile_address_is_no_name() -> None:
    # Before, only the first tag was read, and that one was Facebook's profile address: no byline.
    assert _article(_markup("article-author-tags")).byline == "Jane Doe, John Roe"


def test_a_profile_address_written_without_its_scheme_is_no_name() -> None:
    markup = _markup("article-author-tags").replace(
        "https://www.facebook.com/thecourier", "facebook.com/thecourier"
    )
    markup = markup.replace('<meta property="article:author" content="Jane Doe">', "").replace(
        '<meta property="article:author" content="John Roe">', ""
    )
    assert _article(markup).byline is None


def test_authors_are_joined_by_a_comma_whatever_the_page_joins_them_with() -> None:
    # A site's author tag that joins its authors with semicolons (trafilatura's author search
    # does too): before, "Jane Doe; John Roe" beside JSON-LD's "Jane Doe, John Roe".
    markup = _markup("article-author-tags").replace(
        '<meta property="article:author" content="https://www.facebook.com/thecourier">',
        '<meta name="author" content="Jane Doe; John Roe">',
    )
    assert _article(markup).byline == "Jane Doe, John Roe"


def test_a_byline_printed_as_the_bodys_first_paragraph_is_the_byline() -> None:
    # Before, the line was dropped from the text and the article had no byline. The day and time
    # after the name go, and the outlet's role after it as in any printed byline.
    article = _article(_markup("byline-paragraph"))
    assert article.byline == "JANE DOE"
    assert not article.text.startswith("By JANE DOE")
    assert article.text.startswith("The city council approved its budget")


def test_a_byline_printed_in_the_body_comes_after_one_the_page_marks() -> None:
    markup = _markup("byline-paragraph").replace(
        '<div class="article-body">',
        '<p class="byline">By <a rel="author">John Roe</a></p><div class="article-body">',
    )
    assert _article(markup).byline == "John Roe"


def test_a_byline_printed_in_the_body_replaces_the_outlets_organisation_unless_it_names_the_outlet() -> None:
    base = _markup("organisation-author").replace(
        '<div class="article-byline">By <a href="/authors/jane-doe" rel="author">Jane Doe</a></div>',
        "<p>By Jane Doe</p>",
    )
    assert _article(base).byline == "Jane Doe"
    assert _article(base.replace("<p>By Jane Doe</p>", "<p>By Courier Staff</p>")).byline == "The Courier"


def test_a_heading_that_opens_with_by_is_no_byline() -> None:
    markup = _markup("byline-paragraph").replace(
        "<p>By JANE DOE, Courier Staff Writer Tue Mar 12, 11:40 PM</p>", "<p>By the numbers</p>"
    )
    assert _article(markup).byline is None


# -- dates ----------------------------------------------------------------------------------------


def test_a_printed_date_beats_a_modification_date_in_the_meta_tags() -> None:
    # Before, the article:modified_time (14 March) was its publication date.
    assert _article(_markup("modified-time-only")).published_at == datetime(2024, 3, 12, tzinfo=UTC)


def test_a_modification_date_alone_dates_the_article() -> None:
    markup = _markup("modified-time-only").replace(
        '<div class="entry-meta"><span class="post-date">12 March 2024</span></div>', ""
    )
    assert _article(markup).published_at == datetime(2024, 3, 14, 9, 15, tzinfo=UTC)


def test_a_printed_date_after_the_modification_date_is_no_publication_date() -> None:
    # The printed date is the update's again ("Last updated: 15 March 2024", read as midnight), or
    # not the article's: the modification date, exact to the minute, stays.
    markup = _markup("modified-time-only").replace("12 March 2024", "Last updated: 15 March 2024")
    assert _article(markup).published_at == datetime(2024, 3, 14, 9, 15, tzinfo=UTC)


# -- titles ---------------------------------------------------------------------------------------


def test_a_section_the_page_names_goes_from_its_title() -> None:
    # Before, "Council approves budget after late-night vote | Local news".
    article = _article(_markup("section-in-title"))
    assert article.title == HEADLINE
    assert article.outlet.name == "The Courier"


_SECTION_TAG = '<meta property="article:section" content="Local news">'
_MENU_LINK = '<a href="/news/local">Local news</a>'


@pytest.mark.parametrize(
    ("evidence", "menu"),
    [
        # The section named by article:section alone, by JSON-LD's articleSection, by the
        # breadcrumb (its first item, the home page's, is never a section), or by a menu's link.
        (_SECTION_TAG, False),
        (
            # (no headline in it, which would be the title before the <title>)
            '<script type="application/ld+json">'
            '{"@type": "NewsArticle", "articleSection": "Local news"}</script>',
            False,
        ),
        (
            '<script type="application/ld+json">{"@type": "BreadcrumbList", "itemListElement": ['
            '{"@type": "ListItem", "position": 1, "name": "The Courier"}, {"@type": "ListItem", '
            '"position": 2, "item": {"@id": "/news/local", "name": "Local news"}}]}</script>',
            False,
        ),
        ("", True),
    ],
    ids=["article-section", "json-ld-article-section", "breadcrumb", "menu-link"],
)
def test_a_section_is_recognised_by_what_the_page_says_of_itself(evidence: str, menu: bool) -> None:
    markup = _markup("section-in-title").replace(_SECTION_TAG, evidence)
    if not menu:
        markup = markup.replace(_MENU_LINK, "")
    assert _article(markup).title == HEADLINE


def test_a_last_part_the_page_names_as_no_section_stays_in_its_title() -> None:
    markup = _markup("section-in-title").replace(_SECTION_TAG, "").replace(_MENU_LINK, "")
    assert _article(markup).title == f"{HEADLINE} | Local news"


def test_a_section_as_long_as_the_headline_is_not_taken_for_a_label() -> None:
    # The breadcrumb's last item is often the article itself: a part that long is the headline's.
    markup = (
        _markup("section-in-title")
        .replace(
            "<title>Council approves budget after late-night vote | Local news | The Courier</title>",
            "<title>Budget | Council approves budget after late-night vote | The Courier</title>",
        )
        .replace('content="Local news"', f'content="{HEADLINE}"')
    )
    assert _article(markup).title == f"Budget | {HEADLINE}"


def test_a_section_named_as_the_title_suffix_is_not_the_outlet() -> None:
    # Before, "Local news" was the outlet's name where the page gives none of its own.
    markup = _markup("section-in-title").replace(" | The Courier</title>", "</title>")
    article = _article(markup)
    assert article.title == HEADLINE
    assert article.outlet.name == "example.co.uk"


@pytest.mark.parametrize("written", ["courier", "Courier", "COURIER", "The Courier", "the courier"])
def test_the_site_name_in_a_title_is_matched_ignoring_case_and_a_leading_the(written: str) -> None:
    # Before, "Council approves budget after late-night vote | courier" for "The Courier".
    markup = _markup("site-name-in-title").replace("| courier</title>", f"| {written}</title>")
    article = _article(markup)
    assert article.title == HEADLINE
    assert article.outlet.name == "The Courier"


def test_a_headline_that_opens_with_the_site_name_without_the_keeps_it() -> None:
    markup = _markup("site-name-in-title").replace(
        "<title>Council approves budget after late-night vote | courier</title>",
        "<title>Courier drivers strike - Opinion - The Courier</title>",
    )
    assert _article(markup).title == "Courier drivers strike - Opinion"


def test_several_author_tags_a_reading_time_line_and_the_lead_picture_s_alt() -> None:
    # Der Kurier's page: two <meta name="author"> tags (before, the first alone), a "Lesezeit: 3
    # Minuten" line above the text (before, its first paragraph) and an og:image:alt (before, the
    # lead picture's alt was empty).
    markup = _markup("kurier-several-authors")
    address = "https://www.kurier.example.de/lokales/haushalt-4417"
    article = extract(raw_document(markup, url=address, kind="url"))
    assert article.byline == "Anna Schmidt, Jonas Weber"
    assert article.text.startswith("Der Stadtrat hat am Donnerstagabend")
    assert "Lesezeit" not in article.text
    assert "Lesezeit" not in article.html
    assert article.html.startswith(
        '<figure><img src="https://www.kurier.example.de/bilder/rathaus-sitzung-1200.jpg"'
        ' alt="Der Sitzungssaal des Rathauses kurz vor der Abstimmung"'
    )
