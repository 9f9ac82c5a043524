"""The standfirst (the dek under a page's headline) is read into ``Article.standfirst``, apart from the
text: from an element named as a dek, or from the page's description where the page prints it
between headline and body; never a caption, a byline, a contributor's box, a teaser, a line of
chrome, text written for search engines alone, or words the body already holds."""

from __future__ import annotations

import time

import pytest
from selectolax.lexbor import LexborHTMLParser

from tidings.extract import extract
from tidings.extract.standfirst import find_standfirst, read_page_head
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


@pytest.mark.parametrize(
    "header",
    [
        f"<div class='article__desc'>{DEK}</div>",  # Le Monde
        f"<p class='article-chapo'>{DEK}</p>",
        f"<div class='entry-excerpt'><p>{DEK}</p></div>",
        f"<p class='article-abstract'>{DEK}</p>",
        f"<div class='leadtext'><p>{DEK}</p></div>",  # Spiegel
        f"<p class='artikel-vorspann'>{DEK}</p>",
        f"<p class='einleitung'>{DEK}</p>",
        f"<h2 class='bajada'>{DEK}</h2>",
        f"<h2 class='a_st'>{DEK}</h2>",  # El País
        f"<div data-gu-name='standfirst'><div class='dcr-1yi1cnj'><p>{DEK}</p></div></div>",  # Guardian
        f"<p data-qa='subheadline'>{DEK}</p>",  # Washington Post
        # Future plc: the strapline inside the byline's and share bar's wrapper
        f"<div class='byline-social'><p class='strapline'>{DEK}</p>"
        "<div class='byline'>By Jane Doe</div></div>",
    ],
    ids=["desc", "chapo", "excerpt", "abstract", "leadtext", "vorspann", "einleitung", "bajada", "a_st",
         "data-gu-name", "data-qa", "strapline in byline-social"],
)  # fmt: skip
def test_other_names_of_a_dek_name_the_standfirst(header: str) -> None:
    article = _extract(_page(header))
    assert article.standfirst == DEK
    assert DEK not in article.text


def test_a_paragraph_in_an_hgroup_under_the_headline_is_the_standfirst() -> None:
    markup = _page().replace(f"<h1>{HEADLINE}</h1>", f"<hgroup><h1>{HEADLINE}</h1><p>{DEK}</p></hgroup>")
    assert _extract(markup).standfirst == DEK


def test_the_headline_is_matched_with_each_of_the_pages_titles() -> None:
    # SCMP: the cleaned title is worded otherwise than the <h1>; the page's <title> shares its words.
    headline = "Council to rebuild the harbour wall storms breached twice"
    og_title = "<meta property='og:title' content='Harbour wall rebuild approved after years of argument'>"
    markup = (
        _page(f"<p class='dek'>{DEK}</p>", og_title)
        .replace(f"<title>{HEADLINE} | Example News", f"<title>Opinion | {headline} | Example News")
        .replace(f"<h1>{HEADLINE}</h1>", "<h1>Council rebuilds the harbour wall storms breached twice</h1>")
    )
    assert _extract(markup).standfirst == DEK


def test_a_sites_name_in_the_h1_is_no_headline() -> None:
    # Blogger: "<title>Site Name: Post title</title>", the site's name in the <h1>, its tagline under it.
    markup = (
        f"<!doctype html><html><head><title>The Harbour Watch Gazette: {HEADLINE}</title></head><body>"
        "<div class='header-inner'><h1 class='title'>The Harbour Watch Gazette</h1>"
        "<p class='description'><span>News and views from the harbour, written by its neighbours "
        "since 2009.</span></p></div>"
        f"<div class='post'><h3 class='post-title entry-title'>{HEADLINE}</h3>"
        f"<div class='post-body entry-content'>{BODY}</div></div></body></html>"
    )
    assert _extract(markup).standfirst is None


CAPTION = "Waves break over the harbour wall during the January storm, seen from the pier."


@pytest.mark.parametrize(
    "header",
    [
        # A lead image's caption: a paragraph in a box named as a dek that holds the media.
        "<div class='article-lead'><amp-img src='/a.jpg' width='600' height='400'></amp-img>"
        f"<p>{CAPTION}</p></div>",
        f"<div class='lead-media'><amp-video src='/a.mp4'></amp-video><p>{CAPTION}</p></div>",
        f"<div class='article__lead'><div class='media'><img src='/a.jpg'></div><p>{CAPTION}</p></div>",
        f"<div class='lead'><amp-img src='/a.jpg' width='600' height='400'></amp-img>{CAPTION}</div>",
        # An ImageObject's description: a caption, though named as the article's description.
        "<div itemprop='associatedMedia' itemscope itemtype='https://schema.org/ImageObject'>"
        f"<meta itemprop='url' content='/a.jpg'><span itemprop='description'>{CAPTION}</span></div>",
    ],
    ids=["amp-img", "amp-video", "img in a child box", "amp-img and text", "ImageObject"],
)  # fmt: skip
def test_a_lead_images_caption_is_no_standfirst(header: str) -> None:
    assert _extract(_page(header)).standfirst is None


TEASER = "The pier will reopen next month once its deck repairs are finished, the council says."


@pytest.mark.parametrize(
    "header",
    [
        # Another story's teaser, with its own linked headline ("Lesen Sie auch").
        "<div class='teaser teaser--inline'><span class='teaser__kicker'>Lesen Sie auch</span>"
        f"<h3 class='teaser__headline'><a href='/pier'>Pier to reopen next month</a></h3>"
        f"<p class='teaser__text'>{TEASER}</p></div>",
        # Summary boxes of points, labelled by a heading or a bold line.
        "<div class='article-summary'><h2>Key points</h2><p>The council voted 14 to 3 in favour of "
        "the rebuild at tonight's meeting.</p><p>Work is due to start in October.</p></div>",
        "<div class='lead'><strong>Summary</strong><p>The council voted 14 to 3 in favour of the "
        "rebuild at tonight's meeting.</p></div>",
    ],
    ids=["teaser with headline", "key points", "summary label"],
)  # fmt: skip
def test_a_box_with_a_label_of_its_own_is_no_standfirst(header: str) -> None:
    assert _extract(_page(header)).standfirst is None


def test_the_walk_stops_at_a_refused_dek() -> None:
    # onmeda.de: a dek of four sentences (refused) and, after it, a badge named as a description.
    long_dek = (
        "<div class='article-description'><p>The vote ends two years of argument. Work starts in "
        "October. The cost is shared by all. Residents are relieved.</p></div>"
    )
    badge = (
        "<div class='article-reviewed'><div class='article-reviewed-description'><p>This text follows the "
        "medical literature and current guidelines and was checked by doctors.</p></div></div>"
    )
    assert _extract(_page(long_dek + badge)).standfirst is None


def test_nothing_named_after_a_paragraph_of_prose_is_the_standfirst() -> None:
    # erzbistum-koeln.de: a crosshead named "subheadline" after the body's first paragraph, which
    # the body's blocks word otherwise than the page (so the walk does not stop at it).
    crosshead = "<h3 class='subheadline'>How the council reached its decision on Tuesday night</h3>"
    markup = _page(body=BODY.replace("<p>Engineers", f"{crosshead}<p>Engineers"))
    head = read_page_head(LexborHTMLParser(markup).css("h1"), (HEADLINE,), ())
    assert find_standfirst(head, []) is None
    head = read_page_head(LexborHTMLParser(_page(crosshead)).css("h1"), (HEADLINE,), ())
    assert find_standfirst(head, []) is not None


@pytest.mark.parametrize(
    "header",
    [
        # A person's box: a picture, a name and a description (a biography).
        "<div class='meta'><div class='person'><img src='/jane.jpg'><span class='name'>Jane Doe</span>"
        "<p class='description'>Jane covers the council and the harbour for Example News since 2015.</p>"
        "</div></div>",
        "<p class='summary'>Correction: an earlier version of this article gave the wrong date.</p>",
        "<p class='dek'>Editor's note: this story has been updated with the council's final figures.</p>",
        "<p class='dek'>Update: the council has since published the timetable for the work.</p>",
        "<div class='summary'>Listen to this article, read aloud by our automated voice reader.</div>",
        "<p class='intro'>You have read three of your five free articles this month. Register now.</p>",
        # The Washington Post: a newsletter's follow prompt, its category described.
        "<div class='follow-modal'><p class='category-desc'>The inside track on Washington politics "
        "and the people who run it.</p></div>",
    ],
    ids=["person box", "correction", "editor's note", "update", "listen", "free articles", "follow modal"],
)  # fmt: skip
def test_a_biography_or_a_note_is_no_standfirst(header: str) -> None:
    assert _extract(_page(header)).standfirst is None


def test_a_shops_product_description_is_no_standfirst() -> None:
    # zooroyal.de: a product's name in the <h1> (itemprop "name"), its blurb an itemprop "description".
    name = "Trixie Natura rabbit hutch with run and pull-out tray"
    markup = (
        f"<!doctype html><html><head><title>{name} | PetShop</title></head><body>"
        f"<div itemscope itemtype='https://schema.org/Product'><h1 itemprop='name'>{name}</h1>"
        "<div itemprop='description'>A sturdy pine hutch with an integrated run below and a pull-out "
        f"plastic tray.</div><div class='product-details'>{BODY}</div></div></body></html>"
    )
    assert _extract(markup).standfirst is None
    # A recipe's name is its headline too, and its description its dek (oetker.de).
    recipe = markup.replace("schema.org/Product", "schema.org/Recipe")
    assert _extract(recipe).standfirst == (
        "A sturdy pine hutch with an integrated run below and a pull-out plastic tray."
    )


@pytest.mark.parametrize(
    "lede",
    [
        "The city council voted on Tuesday to rebuild the harbour wall<br>Storms breached it twice last year",
        "<span>The city council voted on Tuesday to rebuild the harbour wall</span><br>"
        "<span>Storms breached it twice last year</span>",
    ],
    ids=["br", "spans and br"],
)
def test_a_lede_broken_by_a_line_break_the_body_keeps_is_no_standfirst(lede: str) -> None:
    # The text reads "wall\nStorms"; a key that glued "wallStorms" matched none of the body's.
    body = f"<p class='article-summary'>{lede}</p>" + BODY.removeprefix(f"<p>{FIRST}</p>")
    article = _extract(_page(body=body))
    assert article.standfirst is None
    assert article.text.startswith("The city council voted on Tuesday")


def test_a_dek_broken_by_child_blocks_reads_with_spaces() -> None:
    lines = "<div>The vote ends two years of argument</div><div>Work starts in October</div>"
    header = f"<div class='dek'>{lines}</div>"
    assert _extract(_page(header)).standfirst == "The vote ends two years of argument Work starts in October"


def test_a_short_dek_that_opens_the_first_paragraph_is_no_standfirst() -> None:
    # Too short to be looked for inside the body's text, but the body opens with it.
    short = "Storm damage costs rise again"
    header = f"<p class='dek'>{short}</p>"
    assert _extract(_page(header)).standfirst == short
    body = f"<p>{short}, the council said on Tuesday, as insurers count the cost of the storm.</p>{BODY}"
    assert _extract(_page(header, body=body)).standfirst is None


@pytest.mark.parametrize(
    "markup",
    [
        # An <h1> nested in an <h1> two thousand deep: each read whole, the page took 15 s.
        _page(body=BODY + "<h1><div>" * 2000 + "lorem " * 30000 + "</div></h1>" * 2000),
        # A megabyte of class names on each of twenty elements: 20 s to split and join.
        _page(f"<div class='{'a ' * 500000}dek author'>The vote ends two years</div>" * 20),
    ],
    ids=["nested h1", "long class names"],
)
def test_reading_the_head_of_a_pathological_page_is_quick(markup: str) -> None:
    tree = LexborHTMLParser(markup)
    started = time.perf_counter()
    read_page_head(tree.css("h1"), (HEADLINE, f"{HEADLINE} | Example News"), ())
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    "title",
    [
        f"Analysis: {HEADLINE} | Harbour Daily News Online",  # the site named last, and longer
        f"Harbourtown Evening Gazette: {HEADLINE}",  # the site's name as long as the headline
    ],
)
def test_a_headline_printed_as_one_part_of_the_title_is_the_headline(title: str) -> None:
    # third review, 2026-12-07: only the title's first or last part, shorter than another, may be
    # the site's name
    short = "Harbour wall plan approved"
    markup = _page(f"<p class='dek'>{DEK}</p>").replace(f"<h1>{HEADLINE}</h1>", f"<h1>{short}</h1>")
    markup = markup.replace(
        f"<title>{HEADLINE} | Example News</title>", f"<title>{title.replace(HEADLINE, short)}</title>"
    )
    assert _extract(markup).standfirst == DEK


@pytest.mark.parametrize(
    "dek",
    [
        f"<p class='standfirst'>{DEK}</p>",
        f"<h2 class='standfirst'>{DEK}</h2>",  # Big9+Chaos "afghanistan (1)": h2.standfirst in the body
        f"<p class='article-deck entry-summary p-summary'>{DEK}</p>",  # Big9+Chaos "pepsi (4)"
        f"<p class='article-summary'>{DEK}</p>",  # Big9+Chaos "health (5)"
    ],
    ids=["p.standfirst", "h2.standfirst", "article-deck", "article-summary"],
)
def test_a_dek_the_body_opens_with_that_prints_the_description_is_the_standfirst(dek: str) -> None:
    # The body's container holds the dek; the page's description says the same: it is the dek.
    head = f"<meta property='og:description' content='{DEK}'>"
    article = _extract(_page(head=head, body=dek + BODY))
    assert article.standfirst == DEK
    assert DEK not in article.text
    assert article.text.startswith(FIRST)


@pytest.mark.parametrize(
    "lede",
    [
        f"<p class='intro'>{DEK}</p>",  # "intro" and "lead" name the body's first paragraph too
        f"<p class='article-lead'>{DEK}</p>",
        f"<p id='speakable-summary'>{DEK}</p>",  # TechCrunch's lede, marked for voice assistants
        f"<p>{DEK}</p>",  # a description that copies the first paragraph
    ],
    ids=["intro", "lead", "speakable-summary", "unnamed"],
)
def test_a_lede_that_prints_the_description_stays_in_the_body(lede: str) -> None:
    head = f"<meta property='og:description' content='{DEK}'>"
    article = _extract(_page(head=head, body=lede + BODY))
    assert article.standfirst is None
    assert article.text.startswith(DEK)


def test_a_dek_the_body_opens_with_that_the_description_does_not_print_stays_in_the_body() -> None:
    head = "<meta property='og:description' content='Harbour wall: what the council decided and why'>"
    article = _extract(_page(head=head, body=f"<p class='standfirst'>{DEK}</p>" + BODY))
    assert article.standfirst is None
    assert article.text.startswith(DEK)
