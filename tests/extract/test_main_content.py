"""Our Lexbor extractor: which container is the article, and what of it becomes blocks.

The four real pages (``fixtures/extract/main-content/``, scripts and styles taken out) each stand
for a way pages hold their article that a simple rule gets wrong; the small authored pages pin
one rule each.
"""

from __future__ import annotations

import gzip
import random
import re
import time

import pytest
from selectolax.lexbor import LexborHTMLParser

from tidings.extract import main_content, rules
from tidings.extract.blocks import LINE_BREAK, Block, line_text, render_text
from tidings.extract.main_content import find_main_content

from .helpers import FIXTURES

MAIN_CONTENT = FIXTURES / "main-content"
_PROSE = "The council met on Tuesday, as it does each week, and voted on the budget for the harbour."


def _fixture_blocks(name: str) -> list[Block]:
    markup = gzip.decompress((MAIN_CONTENT / f"{name}.html.gz").read_bytes()).decode("utf-8")
    return find_main_content(LexborHTMLParser(markup))


def _blocks(body: str) -> list[Block]:
    return find_main_content(LexborHTMLParser(f"<html><body>{body}</body></html>"))


def test_text_written_into_a_div_between_line_breaks_is_the_body() -> None:
    # linknaija.com (a Blogger theme): no <p> at all, paragraphs split by <br><br>.
    texts = [block.text for block in _fixture_blocks("linknaija-kepa")]
    assert texts[0].startswith("Chelsea have this morning paid the £71.6million fee")
    assert "Kepa Arrizabalaga will undergo a medical st Stamford Bridge today" in render_text(
        _fixture_blocks("linknaija-kepa")
    )
    # A double line break ends a paragraph; a single one is a line break inside it.
    assert "This has freed of the £38million move of Thibaut Courtois to Real Madrid" in texts
    assert not any("LinkNaija" in text for text in texts)  # the byline and post meta stay out


def test_readers_comments_are_not_the_article() -> None:
    # macrumors.com: the comments' paragraphs outscore the article's; their containers say so.
    text = render_text(_fixture_blocks("macrumors-keyboard"))
    assert text.startswith("Following the 16-inch MacBook Pro, Apple plans to release")
    assert "Wistron and Global Lighting Technologies are said to be among the suppliers" in text
    assert "I agree but it begs the question" not in text


def test_an_article_split_into_parts_of_the_same_kind_is_read_whole() -> None:
    # quantamagazine.org: three "post__content" containers, with pictures and quotes between.
    texts = [block.text for block in _fixture_blocks("quanta-tuft-cells")]
    assert texts[0].startswith("When the immunologist De’Broski Herbert at the University of Pennsylvania")
    assert "Not Merely Taste and Smell Receptors" in texts  # a subheading of the second part
    assert any(text.startswith("Despite the near universality of these receptors") for text in texts)
    assert texts[-1] == "This article was reprinted on Wired.com."


def test_a_figure_between_two_parts_of_a_split_article_stands_before_the_later_one() -> None:
    # quantamagazine.org: the micrograph between the second and the third "post__content" part
    # belonged to neither and was lost; it leads the third part's first paragraph, its caption kept.
    blocks = _fixture_blocks("quanta-tuft-cells")
    shown = [(index, picture) for index, block in enumerate(blocks) for picture in block.pictures_before]
    assert [(index, picture.src.rsplit("/", 1)[-1]) for index, picture in shown] == [
        (30, "Immune-Taste_Tuft-Cells_v02.jpg")
    ]
    assert shown[0][1].caption.startswith("In a micrograph of lung tissue sampled 25 days after an influenza")
    assert blocks[30].text.startswith("“Sure enough, they were all over the place,” Vaughan said.")
    assert blocks[29].text.startswith("As a lung biologist and a colleague of Herbert’s")


_PART = f'<div class="story-part"><p>{_PROSE}</p><p>{_PROSE} Again.</p><p>{_PROSE} Once more.</p></div>'


def _gap_pictures(gap: str, part: str = _PART) -> list[str]:
    """The pictures found between two parts of an article split around ``gap``."""
    blocks = _blocks(f"<article>{part}{gap}{part}</article>")
    return [picture.src for block in blocks for picture in (*block.pictures_before, *block.pictures_after)]


def test_between_parts_a_teaser_s_an_advertisement_s_or_a_slider_s_picture_is_not_the_article_s() -> None:
    figure = '<figure><img src="https://cdn.example/deck.jpg" alt=""><figcaption>Deck.</figcaption></figure>'
    assert _gap_pictures(figure) == ["https://cdn.example/deck.jpg"]
    # tarnkappe.info: a teaser card's picture, which links to its story (its text a part of its own).
    card = '<div class="card-image"><a href="/artikel/vpn"><img src="https://cdn.example/vpn.jpg"></a></div>'
    assert _gap_pictures(card) == []
    # A box that holds text of its own: a teaser, a byline, a sidebar.
    assert _gap_pictures(f'<div class="inline">{figure}<h2>Ferry fares will rise in January</h2></div>') == []
    # An advertisement's slot around a picture, however deep.
    slot = '<div class="slot"><div class="ad"><img src="https://cdn.example/tours.jpg"></div></div>'
    assert _gap_pictures(slot) == []
    # Between lines read as parts (a home page slider's captions, a shop's labels).
    line = '<div class="story-part"><p>Kite repairs since 2006, in Kiel</p></div>'
    assert _gap_pictures('<div><img src="https://cdn.example/slide-2.jpg"></div>', part=line) == []


def test_a_boilerplate_name_around_the_whole_article_does_not_remove_it() -> None:
    # inquirer.net wraps its article in id="outbrain_readmore"; the name alone would remove it.
    text = render_text(_fixture_blocks("inquirer-tasmanian-tiger"))
    assert text.startswith("A series of reported sightings of the extinct Tasmanian tiger")
    assert "To aid the hunt, Tasmanian tour operator Stuart Malcolm also offered" in text


def test_navigation_link_lists_and_hidden_elements_are_left_out() -> None:
    blocks = _blocks(
        "<nav><p>Home, News, Sport, Weather, and everything else on this long menu of the site</p></nav>"
        f'<div class="story-body"><p>{_PROSE}</p><p>{_PROSE} Again.</p>'
        '<ul><li><a href="/a">Another story on the harbour budget</a></li></ul>'
        '<div style="display: none">Hidden text of the page that no reader ever sees on screen.</div>'
        '<div class="share-tools">Share this on Facebook, Twitter, and by e-mail</div></div>'
    )
    assert [block.text for block in blocks] == [_PROSE, f"{_PROSE} Again."]


def test_a_line_break_is_a_line_and_ruby_glosses_are_dropped() -> None:
    blocks = _blocks(
        f"<article><p>{_PROSE}<br>A second line of the same paragraph.</p>"
        f"<p><ruby>子<rt>こ</rt></ruby>{_PROSE}</p></article>"
    )
    assert blocks[0].text == f"{_PROSE}\nA second line of the same paragraph."
    assert blocks[1].text == f"子{_PROSE}"


def test_headings_list_items_and_tables_keep_their_kind() -> None:
    blocks = _blocks(
        f"<article><p>{_PROSE}</p><h2>What was decided</h2><ol><li>{_PROSE}</li></ol>"
        "<table><tr><th>Item</th><th>Cost</th></tr><tr><td>Quay</td><td>4m</td></tr></table></article>"
    )
    assert [(block.kind, block.list_kind) for block in blocks] == [
        ("p", None),
        ("h2", None),
        ("li", "ol"),
        ("table", None),
    ]
    assert blocks[-1].text == "Item Cost\nQuay 4m"


def test_a_page_without_prose_has_no_main_content() -> None:
    assert _blocks("<div><a href='/'>Home</a> <a href='/news'>News</a></div>") == []
    assert find_main_content(LexborHTMLParser("")) == []


def _after_unclosed_bold(paragraphs: list[str]) -> str:
    """Old CMS output: a <b> opened before each paragraph and never closed. The parser nests each
    <b> in the one before, so that each holds one paragraph and all the <b>s after it."""
    return "".join(f"<b><p>{paragraph}</p>" for paragraph in paragraphs)


def _numbered(count: int) -> list[str]:
    return [f"Paragraph {number} of the report, on the harbour and its quays." for number in range(count)]


def test_paragraphs_each_after_an_unclosed_bold_tag_are_each_a_block() -> None:
    # Their points went to the nested <b>s, the deepest won, and paragraphs 0-9 were lost and
    # 11-19 glued into one (audit 2026-12-06).
    paragraphs = _numbered(20)
    blocks = _blocks(f"<article><h1>The harbour budget</h1>{_after_unclosed_bold(paragraphs)}</article>")
    assert [block.text for block in blocks if block.kind == "p"] == paragraphs
    assert len(blocks) <= len(paragraphs) + 1  # the headline at most besides


def test_thousands_of_nested_unclosed_bold_tags_lose_no_paragraph() -> None:
    paragraphs = _numbered(3000)
    started = time.process_time()
    blocks = _blocks(f"<article>{_after_unclosed_bold(paragraphs)}</article>")
    assert time.process_time() - started < 2  # 0.1 s here: each nested <b> is climbed once
    assert [block.text for block in blocks] == paragraphs


def test_thousands_of_nested_unclosed_divisions_are_walked_without_recursion() -> None:
    # Python's recursion limit (1,000 frames) stopped the walk over nested blocks.
    blocks = _blocks("".join(f"<div><p>{paragraph}</p>" for paragraph in _numbered(3000)))
    assert blocks
    assert blocks[-1].text == _numbered(3000)[-1]


@pytest.mark.parametrize("count", [30, 300, 3000])
def test_nested_unclosed_divisions_lose_no_paragraph(count: int) -> None:
    # Each <div> left open holds one paragraph and all the <div>s after it; each scored its own
    # paragraph and a half and a third of the next two, so all scored alike, and the one that won
    # by a character (here the first whose number has one more digit) lost all those before it:
    # the first third of the article (audit 2026-12-06).
    paragraphs = _numbered(count)
    started = time.process_time()
    blocks = _blocks("".join(f"<div><p>{paragraph}" for paragraph in paragraphs))
    assert time.process_time() - started < 2  # 0.05 s here for 3,000: each nested <div> is climbed once
    assert [block.text for block in blocks] == paragraphs


def test_nested_unclosed_divisions_are_the_article_beside_a_longer_box() -> None:
    # Scored one by one, no nested <div> had more than its own paragraph and parts of the next two:
    # a box of three paragraphs beside them won.
    paragraphs = _numbered(12)
    box = "".join(f"<p>{_PROSE} Elsewhere, part {number}.</p>" for number in range(3))
    unclosed = "".join(f"<div><p>{paragraph}" for paragraph in paragraphs)
    blocks = _blocks(f"<div>{box}</div><section>{unclosed}</section>")
    assert [block.text for block in blocks] == paragraphs


# The pages below are synthetic, made from the shapes a review of the rule above found (2026-12-06):
# a wrapper whose last child is the article's body, after a byline or standfirst <p>, is not a
# container left open, and merged with it took the body's points and brought in its own chrome.
_REPORT = (
    "The council voted on Tuesday, after a long debate, to fund the new bridge, which residents,"
    " shopkeepers and commuters had requested for years."
)


def _report(count: int) -> list[str]:
    return [f"Article paragraph {number}: {_REPORT}" for number in range(count)]


def _paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


def test_a_wrapper_with_a_menu_a_heading_and_a_byline_before_the_body_does_not_take_its_points() -> None:
    # Merged into the wrapper, the body's points met the menu's link density: a column of
    # opinion teasers won and the article was gone.
    article = _report(8)
    menu = "".join(
        f'<li><a href="/s{number}">Section number {number} of the site</a></li>' for number in range(90)
    )
    blocks = _blocks(
        f'<div class="page"><div id="wrapper"><div class="menu"><ul>{menu}</ul></div><h1>Bridge vote</h1>'
        f'<p class="byline">By Jane Doe, Metro reporter, 3 March 2026</p>'
        f'<div class="entry-content">{_paragraphs(article)}</div></div></div>'
        f'<div class="right"><div class="col-4"><h3>Opinion</h3>{_paragraphs(_report(3))}</div></div>'
    )
    assert [block.text for block in blocks] == article


_SIDEBAR_ROWS = {
    # A heading and a standfirst before the body in the main column.
    "standfirst": (
        '<div class="container"><div class="row two-col right-sidebar"><div class="col-main">'
        '<h1>Bridge vote</h1><p class="standfirst">The council has voted, after years of delay, to fund'
        ' the bridge.</p><div class="article-body">{article}</div></div>'
        '<div class="col-side"><h3>Most popular</h3><p>Celebrity chef, in surprise move, opens, closes, and'
        " reopens restaurant, all in one week, fans baffled.</p></div></div></div>"
    ),
    # Only a byline <p> before the body: one step of a run, not a run.
    "byline": (
        '<div class="layout sidebar-right"><div class="main-area">'
        '<p class="byline">By Jane Doe, Metro reporter, 3 March 2026</p>'
        '<div class="article-text">{article}</div></div>'
        '<div class="side"><p>Sponsored: the best mattresses of 2026, tested, rated, and reviewed by our'
        " experts.</p>{sponsored}</div></div>"
    ),
}


@pytest.mark.parametrize("layout", sorted(_SIDEBAR_ROWS))
def test_a_body_in_the_main_column_of_a_row_named_for_its_sidebar_is_the_article(layout: str) -> None:
    # Merged into its column, the body lost its "article" bonus, and the column, in a row named for
    # its sidebar, could not win: the row's wrapper won, sidebar and all.
    article = _report(8)
    sponsored = _paragraphs([f"Sponsored {text}" for text in _report(3)])
    blocks = _blocks(_SIDEBAR_ROWS[layout].format(article=_paragraphs(article), sponsored=sponsored))
    assert [block.text for block in blocks] == article


def test_a_part_with_a_modifier_class_of_its_own_is_a_part_of_the_same_kind() -> None:
    # A Russian magazine in the Zyte dev set: the first part's "block-text" is also
    # "block-text_initial-letter" (its drop cap), a picture sits between the parts, and the first
    # part was lost, read as another kind than the rest.
    first, rest = _report(2), _report(6)
    blocks = _blocks(
        '<article class="article">'
        '<div class="article__block article__block_text"><div class="block-text block-text_initial-letter">'
        f"{_paragraphs(first)}</div></div>"
        '<div class="article__block article__block_image"><figure><img src="/a.jpg">'
        "<figcaption>The model, 53, on the beach</figcaption></figure></div>"
        f'<div class="article__block article__block_text"><div class="block-text">{_paragraphs(rest)}</div>'
        "</div></article>"
    )
    assert [block.text for block in blocks] == first + rest


def test_a_part_with_a_generated_class_of_its_own_is_a_part_of_the_same_kind() -> None:
    # management-circle.de (trafilatura-eval): WPBakery gives a text block with its own spacing a
    # class of its own ("vc_custom_1563455446145"); the blocks so styled were left out.
    parts = [_report(5), [f"Styled {text}" for text in _report(3)], [f"Last {text}" for text in _report(2)]]
    names = ["", " vc_custom_1563455446145", ""]
    blocks = _blocks(
        '<div class="wpb_wrapper">'
        + "".join(
            f'<div class="wpb_text_column wpb_content_element{name}"><div class="wpb_wrapper">'
            f"{_paragraphs(texts)}</div></div>"
            for texts, name in zip(parts, names, strict=True)
        )
        + "</div>"
    )
    assert [block.text for block in blocks] == [text for texts in parts for text in texts]


def test_readers_comments_with_the_articles_classes_and_a_kind_of_their_own_are_no_part() -> None:
    # A Big9+Chaos page: readers' comments in "side-list-text left relative" beside the article's
    # "left relative"; "side-list-text" is another kind, not a variant of "left" or "relative".
    article = _report(6)
    comments = [
        "I think it is total whining on their behalf, which is duly noted and thoroughly embarrassing to all."
        for _ in range(4)
    ]
    blocks = _blocks(
        f'<div class="wrap"><div class="col"><div class="left relative">{_paragraphs(article)}</div></div>'
        '<div class="discussion"><div class="thread">'
        f'<div class="side-list-text left relative">{_paragraphs(comments)}</div></div></div></div>'
    )
    assert [block.text for block in blocks] == article


def test_a_part_inside_another_part_of_the_same_kind_is_read_once() -> None:
    # readability's "mercurial" test page and a Big9+Chaos page (the Guardian's reef story, its
    # body in an "entry" within an "entry"): the inner part's paragraphs came out twice.
    outer, inner = _report(4), [f"Inner {text}" for text in _report(6)]
    blocks = _blocks(
        f'<div class="entry">{_paragraphs(outer)}<div class="entry">{_paragraphs(inner)}</div></div>'
    )
    assert [block.text for block in blocks] == outer + inner


@pytest.mark.parametrize(
    ("name", "variant"),
    [
        ("block-text_initial-letter", True),  # a BEM modifier
        ("block-text--wide", True),
        ("vc_custom_1563455446145", True),  # a page builder's name for one element
        ("elementor-element-77735e7", True),
        ("fl-node-5c7f1a2b3d4e5", True),
        ("css-1x2y3z4", False),  # generated, but not by a page builder: a teaser card's style
        ("post-12345", False),  # a WordPress post's id: another post
        ("block-text--teaser", False),  # a modifier that names furniture
        ("block-text_compact", False),
        ("block-text--related-small", False),
        ("block-text__title", False),  # a BEM element: another thing
        ("block-text-sidebar", False),  # another block
        ("col-md-8", False),  # a layout class: its number is short
        ("span8", False),
        ("tdi_13_e17", False),
        ("side-list-text", False),
    ],
)
def test_variant_classes(name: str, variant: bool) -> None:
    assert main_content._is_variant_class(name, frozenset({"block-text", "relative"})) is variant


def _article_with_teasers(teaser_class: str, teasers: str) -> str:
    # The review of 73d255c (2026-12-07): an article in div.story-body, and beside it a rail of
    # teaser cards that the site styles as the article's body, with a class of their own.
    cards = "".join(
        f'<div class="story-body {teaser_class}"><h3><a href="/t{number}">Teaser headline {number}</a></h3>'
        f"<p>Summary of another story {number}, about trains, buses, trams, and the cost of parking in"
        " the city centre this winter, as told by commuters, drivers, and shop owners.</p>"
        "<p>More of that summary, with figures, quotes, and a map, from the transport office, the"
        " mayor, and two councillors who voted against it.</p></div>"
        for number in range(4)
    )
    return (
        '<div class="layout"><div class="main-col"><article><h1>Bridge vote</h1>'
        f'<div class="story-body">{_paragraphs(_report(8))}</div></article></div>'
        f'<div class="rail"><h2>More from the city</h2>{teasers.format(cards=cards)}</div></div>'
    )


@pytest.mark.parametrize(
    ("teaser_class", "teasers"),
    [
        ("story-body--teaser", "{cards}"),  # a modifier that names furniture
        ("story-body_compact", "{cards}"),
        ("css-1x2y3z4", "{cards}"),  # generated, but by no page builder
        ("post-12345", "{cards}"),
        # A modifier of no furniture, in a list: far from the article's body.
        ("story-body--dark", "<ul><li>{cards}</li></ul>"),
    ],
)
def test_teaser_cards_classed_as_a_variant_of_the_articles_body_are_no_part(
    teaser_class: str, teasers: str
) -> None:
    blocks = _blocks(_article_with_teasers(teaser_class, teasers))
    assert [block.text for block in blocks if block.kind == "p"] == _report(8)


def test_plain_parts_join_a_container_that_is_a_variant() -> None:
    # The rule read one way only: the drop-cap part joined a plain container, but a drop-cap part
    # that won (the longest) did not take in the plain parts after it.
    first, second, third = (
        _report(8),
        [f"Second {text}" for text in _report(3)],
        [f"Third {text}" for text in _report(3)],
    )
    blocks = _blocks(
        '<article class="article">'
        '<div class="article__block"><div class="block-text block-text_initial-letter">'
        f"{_paragraphs(first)}</div></div>"
        '<div class="article__block"><figure><img src="/a.jpg"><figcaption>The bridge at dawn</figcaption>'
        "</figure></div>"
        f'<div class="article__block"><div class="block-text">{_paragraphs(second)}</div></div>'
        '<div class="article__block"><div class="ad">Advertisement</div></div>'
        f'<div class="article__block"><div class="block-text">{_paragraphs(third)}</div></div></article>'
    )
    assert [block.text for block in blocks] == first + second + third


@pytest.mark.parametrize(
    "around",
    [
        # A Sphinx page (readability's "mercurial"): sections nested in sections, each with an id made
        # from its heading; one that says "print" is boilerplate to the outer section's reading.
        '<div class="section" id="printing-a-report">{inner}</div>',
        # A layout table inside the article's body: a cell of links beside a cell with more of the
        # body. Read as one block, the table was dropped as a link list, and the body's cell with it.
        "<table><tr><td>{links}</td><td>{inner}</td></tr></table>",
    ],
)
def test_a_part_inside_a_part_that_removes_or_flattens_it_is_not_lost(around: str) -> None:
    outer, inner = _report(8), [f"Inner {text}" for text in _report(4)]
    links = "<br>".join(f'<a href="/s{number}">Section {number} of the site</a>' for number in range(30))
    inner_part = f'<div class="section">{_paragraphs(inner)}</div>'
    blocks = _blocks(
        f'<div class="section">{_paragraphs(outer)}{around.format(inner=inner_part, links=links)}</div>'
    )
    assert [block.text for block in blocks] == outer + inner


def test_a_part_inside_a_layout_table_is_read_once_without_the_tables_links() -> None:
    # The table holds more of the part's text than links: read as one block, it was kept, and the
    # part inside it read twice (once glued to the links).
    intro, report = _report(2), [f"Report {text}" for text in _report(8)]
    links = "<br>".join(f'<a href="/s{number}">Section {number} of the site</a>' for number in range(25))
    blocks = _blocks(
        f'<div class="content">{_paragraphs(intro)}<table><tr><td>{links}</td>'
        f'<td><div class="content">{_paragraphs(report)}</div></td></tr></table></div>'
    )
    texts = [block.text for block in blocks]
    assert not any("Section 3 of the site" in text for text in texts)
    assert [text for text in texts if text.startswith("Report")] == report


def test_parts_nested_thousands_deep_are_judged_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # 2,000 parts side by side, 5,000 elements deep: each part's climb passed all 5,000 (1.3 s).
    judged: list[int] = []
    is_cut_off = main_content._is_cut_off

    def counting(node: main_content.LexborNode) -> bool:
        judged.append(node.mem_id)
        return is_cut_off(node)

    monkeypatch.setattr(main_content, "_is_cut_off", counting)
    depth, parts = 5000, 2000
    tree = LexborHTMLParser(
        "<html><body>"
        + "<div>" * depth
        + "".join(f'<div class="entry"><p>{_REPORT} Part {number}.</p></div>' for number in range(parts))
        + "</div>" * depth
        + "</body></html>"
    )
    found = main_content._outer_parts(tree.css("div.entry"))[0]
    assert len(found) == parts
    assert len(judged) < depth + 2 * parts + 10  # each element once, not once a part


@pytest.mark.parametrize(
    ("names", "boilerplate"),
    [
        (("sharedaddy sd-sharing-enabled", ""), True),  # Jetpack's share buttons
        (("sharebar", ""), True),
        (("share-tools", ""), True),
        (("", "social-share"), True),
        (("section", "evolve-shared-mutable-history"), False),  # "shared": what the section is about
        (("shared", ""), False),
    ],
)
def test_share_names_boilerplate_and_shared_does_not(names: tuple[str, str], boilerplate: bool) -> None:
    assert main_content._is_boilerplate_name(*names) is boilerplate


@pytest.mark.parametrize(
    ("names", "share"),
    [
        ("sharedaddy sd-sharing-enabled ", True),
        ("share-bar ", True),
        ("sharebar ", True),
        (" social-share", True),
        ("post-share ", True),
        ("shared-content ", False),  # what the container holds, not a share widget
        ("post-shared ", False),
        ("entry shared_story ", False),
        (" shared", False),
    ],
)
def test_container_scores_read_share_and_not_shared(names: str, share: bool) -> None:
    # As _BOILERPLATE_NAME reads it: "shared" is no share widget's name (nor social's, for these).
    assert bool(main_content._NEGATIVE.search(names)) is share
    assert bool(main_content._UNLIKELY.search(names)) is share


def test_a_container_named_shared_is_not_sunk_as_a_share_widget() -> None:
    tree = LexborHTMLParser(
        '<div class="shared-notes">a</div><div class="post-shared entry">b</div>'
        '<div class="share-bar">c</div>'
    )
    weights = [main_content._class_weight(node) for node in tree.css("div")]
    assert weights == [0.0, 25.0, -25.0]


def test_a_block_of_links_ending_a_sentence_is_kept_only_as_a_paragraph_element() -> None:
    # WordPress's TwentyTen theme ends a post with its categories and tags in a <div>, and
    # theatlantic.com its author's note: as long and as linked as prose, but not a paragraph.
    article = _report(6)
    tags = (
        "bridges",
        "city council",
        "floods",
        "local politics",
        "river",
        "transport",
        "infrastructure",
        "winter",
    )
    utility = (
        'This entry was posted in <a href="/category/news">News</a> and tagged '
        + ", ".join(f'<a href="/tag/{tag}" rel="tag">{tag}</a>' for tag in tags)
        + '. Bookmark the <a href="/2026/12/06/bridge/" rel="bookmark">permalink</a>.'
    )
    as_div = _blocks(
        f'<div class="entry-content">{_paragraphs(article)}<div class="entry-utility">{utility}</div></div>'
    )
    assert [block.text for block in as_div] == article
    # The same words in a <p> are a paragraph written around its links.
    as_paragraph = _blocks(f'<div class="entry-content">{_paragraphs(article)}<p>{utility}</p></div>')
    assert [block.text for block in as_paragraph][:-1] == article
    assert as_paragraph[-1].text.startswith("This entry was posted in News and tagged bridges, city council")


def test_soft_hyphens_in_link_text_do_not_count_toward_link_density() -> None:
    # The item's text has none (line_text leaves them out); its link text counted its nine: 0.55 against
    # 0.45 of the text, and the item was dropped as a link (review of 73d255c, 2026-12-07).
    linked = (
        '<a href="/g">Ge\u00admein\u00adde\u00adver\u00adwal\u00adtung und'
        " Bau\u00adde\u00adpar\u00adte\u00adment</a>"
    )
    item = f"<li>Laut der {linked} kostet die Sa\u00adnie\u00adrung zehn Mil\u00adlio\u00adnen.</li>"
    blocks = _blocks(
        f'<article><div class="article-body">{_paragraphs(_report(6))}<ul>{item}</ul></div></article>'
    )
    assert (
        blocks[-1].text
        == "Laut der Gemeindeverwaltung und Baudepartement kostet die Sanierung zehn Millionen."
    )


@pytest.mark.parametrize(
    "linked",
    [
        '<a href="/t">AT&amp;T &amp; T-Mobile &amp; Q&amp;A</a>',  # 21 characters of 48, 37 counted raw
        '<a href="/k">10&nbsp;km&nbsp;run &amp; 5&nbsp;km walk</a>',
        '<a href="/w">the     council\n\n      report</a>',  # the source's white space, collapsed in the text
    ],
)
def test_link_text_counts_the_characters_its_entities_and_white_space_stand_for(linked: str) -> None:
    # Lexbor writes "&", a no-break space … as entities in a block's markup; its text holds the
    # characters, one each. Counted raw, the link read more than half of the item.
    item = f"<li>Read {linked} in the notes we keep.</li>"
    blocks = _blocks(
        f'<article><div class="article-body">{_paragraphs(_report(6))}<ul>{item}</ul></div></article>'
    )
    assert blocks[-1].text.endswith("in the notes we keep.")
    paragraph = LexborHTMLParser(f"<p>Read {linked} in the notes we keep.</p>").css_first("p")
    assert paragraph is not None
    length = len(line_text(paragraph.text()))
    assert main_content._markup_link_density(paragraph.html or "", length) < 0.5


def test_class_names_are_split_on_ascii_white_space_only() -> None:
    assert main_content._class_list(" story\u00a0body\tlead\u2028x\n\fend\r") == [
        "story\u00a0body",
        "lead\u2028x",
        "end",
    ]


_NO_BREAK_CLASS = (
    '<div class="page"><article><div class="story\u00a0body">{article}</div></article>'
    '<section><div class="x"><div class="story body">{box}</div></div></section>'
    '<section><div class="y"><div class="story body">{box}</div></div></section></div>'
)
_BOX = [
    f"Box paragraph {number}: a shorter aside, with a comma or two, about the bridge, its builders, and"
    " its repairs."
    for number in range(3)
]


def test_a_container_whose_class_holds_a_no_break_space_is_not_joined_to_others() -> None:
    # Split on the no-break space, "story\u00a0body" read as "story body", the class of two boxes
    # beside it; Lexbor's query found the boxes and not the container, and the article was lost.
    article = _report(10)
    blocks = _blocks(_NO_BREAK_CLASS.format(article=_paragraphs(article), box=_paragraphs(_BOX)))
    assert [block.text for block in blocks] == article


def test_parts_found_without_the_container_are_no_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    # Should a class still be read otherwise than Lexbor reads it, the parts found are something
    # else's: the container goes its own way. (Python's split stands in for such a reading.)
    monkeypatch.setattr(main_content, "_class_list", str.split)
    article = _report(10)
    blocks = _blocks(_NO_BREAK_CLASS.format(article=_paragraphs(article), box=_paragraphs(_BOX)))
    assert [block.text for block in blocks] == article


def test_a_wrapper_with_a_left_column_before_the_body_does_not_win_with_it() -> None:
    # The wrapper, with the body's points, won, and took in the short column of briefs before it.
    article = _report(12)
    blocks = _blocks(
        '<div id="wrapper"><div class="col-left"><h3>Weather</h3>'
        "<p>Springfield: 12°C, cloudy, light rain, wind 20 km/h from the west.</p>"
        "<h3>Markets</h3><p>FTSE 100: 8,102, up 0.4%; Dow: 39,020, down 0.1%; gold, oil flat.</p>"
        "<h3>Today's paper</h3><p>Read the print edition, page by page, on your phone or tablet.</p></div>"
        '<h1>Bridge vote</h1><p class="byline">By Jane Doe, Metro reporter, 3 March 2026</p>'
        f'<div class="entry-content">{_paragraphs(article)}</div></div>'
    )
    assert [block.text for block in blocks] == article


def test_a_wrapper_with_a_ticker_before_the_byline_and_body_does_not_win_with_it() -> None:
    # The wrapper, with the body's points, won, and its ticker's line came first.
    article = _report(10)
    blocks = _blocks(
        '<div id="wrapper"><div class="row"><div class="promo-strip"><div class="x"><p>Winter sale: 50% off'
        " all digital subscriptions, this week only, while stocks last.</p></div></div>"
        '<div class="ticker"><div><p>Breaking: port strike enters third day, ferries, freight and fishing'
        " halted.</p></div></div></div>"
        '<p class="byline">By Jane Doe, Metro reporter, 3 March 2026</p>'
        f'<div class="story-body">{_paragraphs(article)}</div></div>'
    )
    assert [block.text for block in blocks] == article


def test_three_wrappers_each_with_chrome_before_a_line_and_the_next_are_not_a_run() -> None:
    # Deep enough to be a run of containers left open, but each wrapper holds more than paragraphs
    # before the next: merged, the outermost won with the masthead, the left column and the crumbs.
    article = _report(10)
    blocks = _blocks(
        '<div class="site"><div class="masthead"><p>Tidings Daily, an independent newspaper, founded in'
        " 1901, serving the valley.</p></div>"
        '<p class="edition">Tuesday, 3 March 2026, city edition, with the weather, the markets and the'
        " tides.</p>"
        '<div class="page"><div class="col-left"><h3>Weather</h3>'
        "<p>Springfield: 12°C, cloudy, light rain, wind 20 km/h from the west.</p>"
        "<h3>Markets</h3><p>FTSE 100: 8,102, up 0.4%; Dow: 39,020, down 0.1%; gold, oil flat.</p></div>"
        '<p class="crumbs">Home, News, Metro, City hall, Transport, Bridges, Votes, This week.</p>'
        '<div class="story"><h1>Bridge vote</h1>'
        '<p class="byline">By Jane Doe, Metro reporter, 3 March 2026</p>'
        f'<div class="entry-content">{_paragraphs(article)}</div></div></div></div>'
    )
    assert [block.text for block in blocks] == article


def test_blocks_inside_a_phrasing_element_are_blocks_and_its_text_runs_on() -> None:
    blocks = _blocks(
        f"<article><p>{_PROSE}</p><p>{_PROSE} Again.</p>"
        "<span>Before the list, <b>in bold <p>First inside.</p> after it,</b> and after the span.</span>"
        '<a href="/quays"><h3>The new quays</h3><p>What the harbour will look like in 2030.</p></a></article>'
    )
    assert [(block.kind, block.text) for block in blocks[2:]] == [
        ("p", "Before the list, in bold"),
        ("p", "First inside."),
        ("p", "after it, and after the span."),
        ("h3", "The new quays"),
        ("p", "What the harbour will look like in 2030."),
    ]


def test_a_phrasing_element_around_the_whole_article_is_still_its_container() -> None:
    # Old BBC News pages wrap the story in <font size="2"> in a column that also holds a list of
    # other sites' stories; the <font>, not the column, is the article (Big9+Chaos "apple (3)").
    story = "".join(f"<p>{_PROSE} Part {number}.</p>" for number in range(5))
    others = (
        '<div class="mvtb"><b>LINKS TO MORE BUSINESS STORIES</b><table>'
        '<tr><td><a href="/a">MSNBC</a> Apple shares down despite best quarter - 13 hrs ago</td></tr>'
        '<tr><td><a href="/b">Reuters</a> Apple has sales shortfall, shares fall - 32 hrs ago</td></tr>'
        "</table></div>"
    )
    blocks = _blocks(f'<div><font size="2">{story}</font>{others}</div>')
    assert [block.text for block in blocks] == [f"{_PROSE} Part {number}." for number in range(5)]


def test_an_article_inside_named_anchors_is_not_a_link_list() -> None:
    # netbits.us (trafilatura-eval) leaves the <a name> in each heading open: the parser reopens it
    # in every paragraph after, whose text then read as link text: the article lost to a box of
    # two paragraphs before it (after it, the box's would be in an <a name> too), or had only its
    # headline left.
    sections = "".join(
        f'<h2><a name="part{number}">Part {number}</h2><blockquote><p>{_PROSE} Part {number}.</p>'
        f"<p>{_PROSE}</p></blockquote>"
        for number in range(4)
    )
    box = f"<div><div><p>{_PROSE} Elsewhere.</p><p>{_PROSE} Elsewhere again.</p></div></div>"
    texts = [block.text for block in _blocks(f"{box}<div><h1>The harbour</h1>{sections}</div>")]
    expected = [[f"Part {number}", f"{_PROSE} Part {number}.", _PROSE] for number in range(4)]
    assert texts == ["The harbour", *(text for section in expected for text in section)]


def test_a_block_that_is_a_link_target_is_kept_and_a_link_or_a_placeholder_is_not() -> None:
    blocks = _blocks(
        f'<article><p>{_PROSE}</p><h2><a name="budget" id="budget">The budget</a></h2><p>{_PROSE}</p>'
        '<div><a href="/harbour">More on the harbour</a></div>'
        '<div><a class="replay">Replay</a></div></article>'
    )
    kinds_and_texts = [(block.kind, block.text) for block in blocks]
    assert kinds_and_texts == [("p", _PROSE), ("h2", "The budget"), ("p", _PROSE)]


def test_a_paragraph_of_prose_around_its_links_is_kept_and_a_link_list_is_not() -> None:
    # 9to5mac.com (Zyte dev set): the deals paragraph links most of its words and was dropped as a
    # link list; wirtualnemedia.pl (trafilatura-eval) lost a paragraph of a press officer's career
    # whose employers were links.
    deals = (
        '<p>Monday\u2019s best deals include <a href="/d1">various MacBook models from $700 at Amazon</a>.'
        ' You\u2019ll also find <a href="/d2">AirPods 2 with wireless charging case for $150</a> and'
        ' <a href="/d3">Black Friday pricing on ecobee thermostats from $139</a>.'
        " All that and more is below.</p>"
    )
    headlines = "".join(
        f'<p><a href="/s{number}">Harbour board names a new chair, the third this year, after a long and'
        f" bitter vote on the budget for the new quays and the ferry terminal, number {number}</a>,"
        " and more.</p>"
        for number in range(3)
    )
    article = _report(6)
    blocks = _blocks(
        f'<div class="story">{_paragraphs(article[:3])}{deals}{headlines}{_paragraphs(article[3:])}</div>'
    )
    texts = [block.text for block in blocks]
    assert texts[3].startswith("Monday\u2019s best deals include various MacBook models")
    # Nine tenths link text: headlines with a word of glue, though long and ending a sentence.
    assert texts == [*article[:3], texts[3], *article[3:]]
    # A short line of links ending a sentence is still a link list.
    short = _blocks(
        f'<div class="story">{_paragraphs(article)}'
        '<p><a href="/a">Read more</a> and <a href="/b">more</a>.</p></div>'
    )
    assert [block.text for block in short] == article


def test_link_text_is_told_by_the_attributes_not_by_words_inside_their_values() -> None:
    # " href" inside a title made an <a id> target link text, and " id" or " name" inside one made
    # a link's placeholder prose.
    blocks = _blocks(
        f'<article><p>{_PROSE}</p><p><a id="quays" title="see href=/quays">{_PROSE} Quays.</a></p>'
        f'<p><a name="budget" data-x=\'a href="/budget"\'>{_PROSE} Budget.</a></p>'
        '<p><a title="Show the id card and the name">Read the clerk\'s full statement here</a></p>'
        f"<p>{_PROSE} Last.</p></article>"
    )
    assert [block.text for block in blocks] == [
        _PROSE,
        f"{_PROSE} Quays.",
        f"{_PROSE} Budget.",
        f"{_PROSE} Last.",
    ]


@pytest.mark.parametrize("seed", range(4))
def test_link_text_read_from_markup_is_the_link_text_the_tree_finds(seed: int) -> None:
    # The markup test stands in for _LINK_SELECTOR on a block's serialised markup: each <a> with
    # attributes whose names, quotes and values hold "href", "name" and "id" in every place.
    names = (
        "href",
        "name",
        "id",
        "title",
        "data-x",
        "hreflang",
        "data-href",
        "xlink:href",
        "=x",
        'x"y',
        "ID",
    )
    values = ("", "x", " href=x", ' href="y"', " id=z", " name", "a > b", "</a>", ' href="', "' id='q'")
    choose = random.Random(seed).choice
    for _ in range(500):
        attributes = []
        for _ in range(choose([0, 1, 2, 3])):
            value = choose(values)
            quote = "'" if '"' in value else choose(['"', "'"])
            attributes.append(
                f"{choose(names)}={quote}{value}{quote}" if value or choose([0, 1]) else choose(names)
            )
        paragraph = LexborHTMLParser(
            f"<p>Text <a {' '.join(attributes)}>linked words</a> and more</p>"
        ).css_first("p")
        assert paragraph is not None
        markup = paragraph.html or ""
        length = len(paragraph.text(strip=True))
        expected = main_content._link_density(paragraph, length)
        assert main_content._markup_link_density(markup, length) == expected, markup


def _flat_search(words: tuple[str, ...], text: str) -> bool:
    return any(word in text for word in words)


@pytest.mark.parametrize(
    "words",
    [
        ("share", "social", "sign-up", "signup", "sidebar", "skip", "sr-only"),
        ("tag", "tags", "tag-list"),  # a word inside a longer one
        ("a.b", "a+b", "(x)", "[y]"),  # characters the pattern must escape
        main_content._BOILERPLATE_WORDS,
    ],
)
def test_a_literal_alternation_finds_what_a_flat_one_finds(words: tuple[str, ...]) -> None:
    pattern = re.compile(rules.literal_alternation(words))
    texts = [*words, "", "none here", "xx" + words[0] + "yy", words[-1][:-1], " ".join(words)]
    texts += [
        "".join(random.Random(seed).choice("abcdegilnorstuxy-+.()[] ") for _ in range(12))
        for seed in range(3000)
    ]
    for text in texts:
        assert bool(pattern.search(text)) is _flat_search(words, text), text


@pytest.mark.parametrize(
    ("names", "negative"),
    [
        ("hid", True),
        ("story hid", True),
        ("hid main", True),
        ("a hid b", True),
        ("hidden", True),
        ("hide", False),
        ("chid", False),
        ("hid\tx", False),  # only a space separates names here, as in the flat pattern
        ("x-hid", False),
    ],
)
def test_hid_sinks_a_container_only_as_a_whole_name(names: str, negative: bool) -> None:
    # Readability's "^hid$| hid$| hid |^hid ", written into the tree of literal words.
    assert bool(main_content._NEGATIVE.search(names)) is negative


@pytest.mark.parametrize(
    ("class_name", "boilerplate"),
    [
        ("ad", True),
        ("top ad", True),
        ("ad-slot", True),
        ("x ad\ty", True),
        ("top-ad-unit", True),
        ("nav-links", True),
        ("site-nav", True),
        ("menu", True),
        ("head", False),
        ("bad", False),
        ("canvas", False),
        ("unavailable", False),
        ("xnav", False),
    ],
)
def test_advertisement_and_navigation_classes(class_name: str, boilerplate: bool) -> None:
    assert bool(main_content._BOILERPLATE_CLASS.search(class_name)) is boilerplate


def test_the_never_content_query_finds_what_a_selector_for_each_finds() -> None:
    # The common tags it tells apart first are none of the never-content tags.
    assert not set(main_content._COMMON_TAGS) & set(main_content._NEVER_CONTENT_TAGS)
    common = f":not({', '.join(main_content._COMMON_TAGS)})"
    plain = main_content._NEVER_CONTENT_SELECTOR.replace(common, "", 1)
    assert plain != main_content._NEVER_CONTENT_SELECTOR
    # The form among the tags, and each role and style behind its attribute, find what a selector for
    # each finds.
    each = ", ".join(
        [
            *sorted(main_content._NEVER_CONTENT_TAGS),
            "form:not(:has(p))",
            "[hidden]",
            '[aria-hidden="true"]',
            '[role="navigation"]',
            '[role="complementary"]',
            '[style*="display:none" i]',
            '[style*="display: none" i]',
        ]
    )
    tags = [*main_content._NEVER_CONTENT_TAGS, *main_content._COMMON_TAGS, "section", "b", "input", "form"]
    body = "".join(f"<{tag}>x<{inner}>y</{inner}></{tag}>" for tag in tags for inner in ("p", "span", "nav"))
    body += (
        '<div hidden>a</div><a aria-hidden="true">b</a><li role="navigation">c</li>'
        '<p role="complementary">d</p>'
        '<span style="color: red; DISPLAY: NONE">e</span><ul style="display:none">f</ul><SCRIPT>g</SCRIPT>'
        "<svg><path/><a>h</a><script>i</script><nav>j</nav></svg><math><mi>k</mi></math>"
        "<form><p>l</p></form><form>m</form><img hidden><table><tr><td><select><option>n</select></table>"
        '<div role="main">o</div><div role="NAVIGATION">p</div><nav role="complementary" hidden>q</nav>'
        '<div style="color: red">r</div><b style="display:none;display: none">s</b><i style>t</i>'
    )
    markups = [f"<!DOCTYPE html><html><body>{body}</body></html>", body]
    pages = sorted(MAIN_CONTENT.glob("*.html.gz"))
    markups += [gzip.decompress(path.read_bytes()).decode("utf-8") for path in pages]
    for markup in markups:
        root = LexborHTMLParser(markup).body
        assert root is not None
        found = [node.mem_id for node in root.css(main_content._NEVER_CONTENT_SELECTOR)]
        assert found == [node.mem_id for node in root.css(plain)]
        assert found
        # An element that two selectors find is found twice: compared once each, in page order.
        assert list(dict.fromkeys(found)) == list(dict.fromkeys(node.mem_id for node in root.css(each)))


def test_line_text_at_once_reads_as_line_text() -> None:
    # ``_line_text`` returns text on one line with single spaces at once: whatever its white space,
    # a text reads as ``line_text`` reads it.
    spaces = [character for character in map(chr, range(0x3001)) if character.isspace()]
    pieces = [*spaces, LINE_BREAK, "\u200b", "\ufeff", "\u00ad", "\u2060", "a", "é", ",", " ", "  ", "\n"]
    choose = random.Random(6).choice
    for _ in range(20000):
        raw = "".join(choose(pieces) for _ in range(choose(range(12))))
        assert main_content._line_text(raw) == line_text(raw), repr(raw)
    for raw in ["", " ", "one", " two words ", "two  spaces", "a\tb", "a\xa0b", f"a{LINE_BREAK}b", "\n a \n"]:
        assert main_content._line_text(raw) == line_text(raw), repr(raw)


def test_stripped_text_is_the_same_without_white_space_text_nodes() -> None:
    # The extractor reads stripped text with skip_empty=True, which leaves out unread the text nodes
    # of ASCII white space alone: they strip to nothing, and Unicode spaces are still read.
    markups = [
        "<div>\n <p> a <b>b</b>\xa0<i> </i>\t\n c</p>\u3000<span>\r\f</span> d <br> </div>",
        *(
            gzip.decompress(path.read_bytes()).decode("utf-8")
            for path in sorted(MAIN_CONTENT.glob("*.html.gz"))
        ),
    ]
    for markup in markups:
        for node in LexborHTMLParser(markup).css("div, p, td, section, a"):
            for deep in (True, False):
                assert node.text(deep=deep, strip=True, skip_empty=True) == node.text(deep=deep, strip=True)


def test_a_paragraph_gives_its_points_to_the_three_containers_above_it() -> None:
    tree = LexborHTMLParser(
        f'<html><body><section><article class="story"><div><p>{_PROSE}</p></div></article></section>'
    )
    assert tree.body is not None
    scores = main_content._score_containers(tree.body)
    points = main_content._paragraph_points(_PROSE)
    nodes = [tree.css_first(tag) for tag in ("div", "article", "section")]
    assert [scores[node.mem_id].points for node in nodes if node is not None] == [
        points,
        points / 2,
        points / 3,
    ]
    assert tree.body.mem_id not in scores
    # A score is the tag's bonus and the names' weight, read when first asked for, and the points.
    for candidate in scores.values():
        weight = main_content._TAG_BONUS.get(candidate.tag, 0.0) + main_content._class_weight(candidate.node)
        assert candidate.score == weight + candidate.points
    assert [scores[node.mem_id].score for node in nodes if node is not None] == [
        5.0 + points,
        10.0 + 25.0 + points / 2,
        3.0 + points / 3,
    ]


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("a", 1.01),
        ("one, two", 1.0 + 1 + 0.08),
        ("," * 10 + "x" * 290, 1.0 + 10 + 3.0),
        ("," * 25 + "x" * 975, 1.0 + 10 + 3.0),
    ],
)
def test_paragraph_points_are_capped(text: str, points: float) -> None:
    assert main_content._paragraph_points(text) == points


# A body written as one long paragraph gives its container the points of one (they stop growing at
# 300 characters), which a teaser card's class name ("content", +25) outweighs.
_LONG_BODY = " ".join(
    f"Sentence {number} of the report, in which the court, the prosecution and the defence each state"
    " their case at length."
    for number in range(20)
)


def _teasers(card: str, count: int = 6) -> str:
    return "".join(
        card.format(text=f"Teaser {number}: a story elsewhere on the site, summarised, in one line of text.")
        for number in range(count)
    )


@pytest.mark.parametrize(
    ("list_tag", "card"),
    [
        ("div", '<div class="views-row"><div class="field-content"><p>{text}</p></div></div>'),
        # The same list written as <li> cards, each a teaser's paragraph (review, 2026-12-07)
        ("ul", '<li class="views-row"><p>{text}</p></li>'),
    ],
)
def test_an_article_in_one_long_paragraph_is_not_outscored_by_a_teaser_card_named_content(
    list_tag: str, card: str
) -> None:
    # lostiempos.com (trafilatura-eval, a Drupal site): the article is one <p> with line breaks in an
    # unnamed "field-item"; in the next column a views list of other stories, "field-content" cards,
    # won on the cards' name.
    body = _LONG_BODY.replace(". ", ".<br><br>", 3)
    blocks = _blocks(
        '<div class="row"><div class="col-8"><div class="node"><div class="field-item even">'
        f'<p class="rtejustify">{body}</p></div></div></div>'
        f'<div class="col-4"><{list_tag} class="view-content">'
        + _teasers(card)
        + f"</{list_tag}></div></div>"
    )
    assert render_text(blocks).replace("\n", " ") == _LONG_BODY
    assert not any("Teaser" in block.text for block in blocks)


def test_an_article_beside_a_grid_of_excerpts_is_the_article() -> None:
    # daheim-solar.de (trafilatura-eval, Elementor): the entry's text is one <p> in an
    # "elementor-widget-container"; a grid of other posts' "elementor-post__excerpt"s in the next
    # section won.
    blocks = _blocks(
        '<section class="elementor-section"><div class="elementor-widget-text-editor">'
        f'<div class="elementor-widget-container"><p>{_LONG_BODY}</p></div></div></section>'
        '<section class="elementor-section"><div class="elementor-widget-posts">'
        '<div class="elementor-posts-container">'
        + _teasers(
            '<article class="elementor-post"><div class="elementor-post__excerpt">'
            "<p>{text}</p></div></article>"
        )
        + "</div></div></section>"
    )
    assert [block.text for block in blocks] == [_LONG_BODY]


_BRIEF = (
    "<p>The city council voted 7-2 on Tuesday to approve a new bike lane on Main Street, ending a debate"
    " that had run for more than a year.</p><p>Construction is expected to begin in March, Mayor Ana Ruiz"
    " said.</p>"
)
_LONGER_PARAGRAPH = (
    "<p>I have lived on Main Street for twenty years and I think this is a terrible idea because parking"
    " is already scarce and nobody asked us what we think about it at all.</p>"
)


@pytest.mark.parametrize(
    "beside",
    [
        f'<div class="comments">{_LONGER_PARAGRAPH * 8}</div>',
        f'<div class="sidebar">{_LONGER_PARAGRAPH * 6}</div>',
        '<div class="related">' + f'<div class="teaser">{_LONGER_PARAGRAPH}</div>' * 6 + "</div>",
        f'<div class="footer">{_LONGER_PARAGRAPH * 4}</div>',
    ],
)
def test_a_short_article_named_as_one_stays_the_article_beside_longer_text(beside: str) -> None:
    # A news brief under 500 characters in a "content" container, in one wrapper with comments, a
    # sidebar, teasers or a footer: ranked again without names, the wrapper won and the brief came
    # back with all of them (review, 2026-12-07). Only a card of a list, or the list, gives way.
    blocks = _blocks(f'<div id="wrap"><div class="content">{_BRIEF}</div>{beside}</div>')
    assert [block.text for block in blocks] == [
        "The city council voted 7-2 on Tuesday to approve a new bike lane on Main Street, ending a debate"
        " that had run for more than a year.",
        "Construction is expected to begin in March, Mayor Ana Ruiz said.",
    ]


def test_a_table_or_listing_in_a_figure_is_the_articles_own_a_photo_is_not() -> None:
    # WordPress writes every table as <figure class="wp-block-table"> (thebalance.com's fee tables,
    # trafilatura-eval: "Here is a breakdown of the fee structure:" and then nothing); a figure of a
    # photo and its caption stays out.
    paragraph = (
        "<p>"
        + "Here is a breakdown of the fee structure, which changes with the volume traded. " * 3
        + "</p>"
    )
    blocks = _blocks(
        f"<article>{paragraph}"
        '<figure class="wp-block-table"><table><tr><th>Tier</th><th>Fee</th></tr>'
        "<tr><td>Under $10,000</td><td>0.60%</td></tr></table></figure>"
        '<figure><img src="a.jpg"><figcaption>A trader at his desk in London.</figcaption></figure>'
        '<figure class="wp-block-code"><pre>pip install tidings</pre></figure>'
        f"{paragraph}</article>"
    )
    texts = [block.text for block in blocks]
    assert "Tier Fee\nUnder $10,000 0.60%" in texts
    assert "pip install tidings" in texts
    assert not any("trader at his desk" in text for text in texts)


def test_a_short_article_whose_class_holds_a_line_break_is_read() -> None:
    # A class attribute may hold a line break (6% of the dev pages have one), which no CSS string
    # may: written into a query, it stopped extraction with SelectolaxError (review, 2026-12-07).
    blocks = _blocks(
        f'<div id="wrap"><div class="content\n   story">{_BRIEF}</div>'
        f'<div class="footer">{_LONGER_PARAGRAPH * 4}</div></div>'
    )
    assert [block.text for block in blocks][
        -1
    ] == "Construction is expected to begin in March, Mayor Ana Ruiz said."


def test_a_short_article_of_classed_paragraphs_is_no_list_of_cards() -> None:
    # Three <p class="p"> are an article's paragraphs, not three cards (review, 2026-12-07).
    brief = _BRIEF.replace("<p>", '<p class="p">') + '<p class="p">A third short paragraph follows.</p>'
    blocks = _blocks(
        f'<article><div class="content">{brief}</div></article>'
        f'<div class="more">{_LONGER_PARAGRAPH * 5}</div>'
    )
    assert not any("Main Street for twenty years" in block.text for block in blocks)


def test_a_figure_named_as_boilerplate_goes_though_it_holds_a_table() -> None:
    # An ad slot laid out as a table is an ad (review, 2026-12-07).
    paragraph = (
        "<p>" + "The council met on Tuesday and voted on the budget for the coming year. " * 3 + "</p>"
    )
    blocks = _blocks(
        f'<article>{paragraph}<figure class="ad-slot"><table><tr>'
        f"<td>Advertisement: buy now, 50% off</td></tr></table></figure>{paragraph}</article>"
    )
    assert not any("Advertisement" in block.text for block in blocks)


def _authored_fixture_text(name: str) -> str:
    markup = (MAIN_CONTENT / f"{name}.html").read_text(encoding="utf-8")
    return render_text(find_main_content(LexborHTMLParser(markup)))


def test_a_photo_gallery_with_numbered_slides_inside_the_body_is_not_text() -> None:
    # The Independent (Big9+Chaos "microsoft,windows (1)"): "Gadgets and tech news in pictures",
    # slides "1/12" … "12/12" with captions and credits between the article's paragraphs. The
    # gallery holds most of the body's text, so its "widget" name alone did not remove it.
    text = _authored_fixture_text("independent-gallery")
    assert text.startswith("A number of PCs have been blocked from installing all future Windows 10 updates")
    assert "It’s a major blow, which essentially places users in limbo." in text
    assert "Fortunately, Microsoft has changed its stance" in text
    assert "in pictures" not in text
    assert "1/12" not in text
    assert "Designed by Pierpaolo Lazzarini" not in text


def test_a_slideshow_that_is_the_article_keeps_its_slides() -> None:
    # A slideshow page (economictimes.com's): the slides are the article, with no text beside them.
    slides = "".join(
        f"<div class='slide'><span class='count'>{number}/3</span><h2>Slide {number}</h2><p>{_PROSE} "
        f"Slide {number} says more about the harbour budget, its costs and its timetable.</p></div>"
        for number in (1, 2, 3)
    )
    text = render_text(_blocks(f"<article><div class='slideshow-package'>{slides}</div></article>"))
    assert "1/3" in text
    assert "Slide 3 says more" in text


def test_a_paid_article_after_the_page_own_is_not_its_next_part() -> None:
    # scroll.in (Big9+Chaos "expedition (2)"): a paid article built as the page's own article
    # ("article-body" both), labelled "Sponsored Content BY" and the advertiser's logo in its header.
    text = _authored_fixture_text("scrollin-sponsored")
    assert text.startswith("Mount Everest will soon have dustbins")
    assert "Mount Everest was left littered with waste" in text
    assert "Meaningful changes" not in text
    assert "Scroll marketing team" not in text


@pytest.mark.parametrize(
    "label",
    ["Sponsored", "Partner content", "Presented by Harbour Bank", "Sponsored content by Harbour Bank",
     "In partnership with Harbour Bank"],
)  # fmt: skip
def test_a_box_a_sponsors_label_opens_is_not_text(label: str) -> None:
    box = (
        f"<div class='box'><div class='box-label'><span>{label}</span></div><h3>Save on your mortgage</h3>"
        "<p>Harbour Bank's new fixed-rate offer lets homeowners lock in a rate for five years.</p></div>"
    )
    body = f"<article><p>{_PROSE}</p>{box}<p>{_PROSE} The vote was close.</p><p>{_PROSE}</p></article>"
    text = render_text(_blocks(body))
    assert "mortgage" not in text
    assert "fixed-rate offer" not in text
    assert text.count(_PROSE) == 3


def test_presented_by_in_prose_is_no_sponsors_label() -> None:
    # A label is a line alone in its element; the same words opening a sentence are the article's.
    line = "Presented by the harbour master on Tuesday, the plan was approved by the council."
    body = f"<article><p>{_PROSE}</p><div><p>{line}</p><p>{_PROSE} The vote was close.</p></div></article>"
    assert line in render_text(_blocks(body))
