"""Blocks from a feed entry's HTML and from trafilatura's XML body, read as our page extractor
(``main_content``) reads the same markup inside the article it chose."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from lxml import etree
from selectolax.lexbor import LexborHTMLParser

from tidings.extract import main_content
from tidings.extract.blocks import (
    Block,
    blocks_from_fragment,
    blocks_from_trafilatura,
    with_pictures_of_dropped,
)
from tidings.extract.images import Picture


def _kinds_and_texts(blocks: list[Block]) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in blocks]


def _page_blocks(markup: str) -> list[Block]:
    """The blocks ``main_content`` makes of ``markup`` as the content of the container it chose."""
    tree = LexborHTMLParser(f'<html><body><div id="chosen">{markup}</div></body></html>')
    container = tree.css_first("#chosen")
    assert container is not None
    return main_content._blocks_of(container, main_content._Pictures())


def test_blocks_inside_a_link_are_blocks_and_its_text_runs_on() -> None:
    # A teaser card inside a link was one paragraph, its heading and text glued ("Card titleCard text.").
    blocks = blocks_from_fragment("<div>Before <a><h3>Card title</h3><p>Card text.</p></a> after</div>")
    assert _kinds_and_texts(blocks) == [
        ("p", "Before"),
        ("h3", "Card title"),
        ("p", "Card text."),
        ("p", "after"),
    ]


@pytest.mark.parametrize(
    "markup",
    [
        "<div>Before <a><h3>Card title</h3><p>Card text.</p></a> after</div>",
        '<a href="/quays"><h3>The new quays</h3><p>What the harbour will look like.</p></a>',
        "<span>Before the list, <b>in bold <p>First inside.</p> after it,</b> and after the span.</span>",
        "<div><b>Lead <p>One.</p><b>bold <p>Two.</p></b></b> tail</div>",
        "<p>First.</p>Loose one<br>loose two<br><br>another paragraph<p>Last.</p>",
        "<div>line one\nline two<p>x</p>y <span>in<br>span</span></div>",
        "<ul><li>One</li><em>between <li>Two</li></em></ul><ol><li>Three</li></ol>",
        "<div><i>Quoted <blockquote>Said.</blockquote> and <table><tr><td>a</td><td>b</td></tr></table></i>"
        "</div>",
    ],
)
def test_a_fragment_gives_the_blocks_the_page_extractor_gives(markup: str) -> None:
    assert _kinds_and_texts(blocks_from_fragment(markup)) == _kinds_and_texts(_page_blocks(markup))


def test_line_breaks_in_text_outside_blocks_are_lines_and_two_end_a_paragraph() -> None:
    # A feed description of lines split by <br> had its lines glued: "Line oneLine twoPara two".
    blocks = blocks_from_fragment("Line one<br>Line two<br><br>Para <b>two</b><br>")
    assert _kinds_and_texts(blocks) == [("p", "Line one\nLine two"), ("p", "Para two")]
    assert blocks[0].html == "<p>Line one<br>Line two</p>"


def test_trafilatura_blocks_inside_a_phrasing_element_are_blocks() -> None:
    body = etree.fromstring(
        '<body><head rend="h2">The harbour</head>Loose line<lb/>second line<lb/><lb/>third'
        '<ref target="/quays"><head rend="h3">The new quays</head><p>What it will look like.</p></ref>'
        "after the card.</body>"
    )
    assert _kinds_and_texts(blocks_from_trafilatura(body)) == [
        ("h2", "The harbour"),
        ("p", "Loose line\nsecond line"),
        ("p", "third"),
        ("h3", "The new quays"),
        ("p", "What it will look like."),
        ("p", "after the card."),
    ]


# soundofscience.fr (trafilatura-eval) hyphenates its text with a soft hyphen in every long word;
# umweltbundesamt.de writes word joiners around a word.
_HYPHENATED = "<p>Sans recherche auto\u00adnome, nous n\u2019avons pas d\u2019avenir.</p>"
_JOINED = "<p>dass positive \u2060Treibhausgas\u2060-Emissionen sogar</p>"


@pytest.mark.parametrize("read", [blocks_from_fragment, _page_blocks])
def test_soft_hyphens_and_word_joiners_are_left_out_of_the_text_but_not_the_html(
    read: Callable[[str], list[Block]],
) -> None:
    # Left in, "auto\xadnome" was two words to search ("autonome" did not find the article).
    hyphenated, joined = read(_HYPHENATED), read(_JOINED)
    assert hyphenated[0].text == "Sans recherche autonome, nous n\u2019avons pas d\u2019avenir."
    assert joined[0].text == "dass positive Treibhausgas-Emissionen sogar"
    assert "auto\u00adnome" in hyphenated[0].html  # where a browser may still hyphenate the word
    # In loose text between blocks, and across a line break, alike.
    loose = read("<div>Ge\u00adsetz<br>Ver\u00adord\u00adnung<p>x</p></div>")
    assert loose[0].text == "Gesetz\nVerordnung"


def test_soft_hyphens_are_left_out_of_trafilatura_blocks() -> None:
    body = etree.fromstring(
        "<body><p>Sans recherche auto\u00adnome</p><list><item>Klima\u00adwandel</item></list></body>"
    )
    assert [block.text for block in blocks_from_trafilatura(body)] == [
        "Sans recherche autonome",
        "Klimawandel",
    ]


@pytest.mark.parametrize("read", [blocks_from_fragment, _page_blocks])
def test_zero_width_spaces_are_left_out_of_the_text_but_not_between_thai_words(
    read: Callable[[str], list[Block]],
) -> None:
    # A zero-width space inside a long word, beside a space, or alone in a paragraph, and U+FEFF as
    # a word joiner: invisible, but each split a word for search or made an empty paragraph.
    blocks = read(
        "<p>Das Verfassungs\u200bgericht urteilt\u200b heute \ufeffüber die Klage.</p><p>\u200b</p>"
        "<p>ข่าว\u200bวันนี้</p>"
    )
    assert [block.text for block in blocks] == [
        "Das Verfassungsgericht urteilt heute über die Klage.",
        "ข่าว\u200bวันนี้",  # Thai is written without spaces: it is the words' only separator
    ]
    assert "Verfassungs\u200bgericht" in blocks[0].html


def _block(text: str, *pictures: str) -> Block:
    return Block(
        kind="p", text=text, html=f"<p>{text}</p>", pictures_before=tuple(Picture(src) for src in pictures)
    )


def test_the_pictures_of_blocks_a_pass_dropped_go_to_the_next_block_it_kept() -> None:
    # ``chrome.remove_leading_metadata`` drops a headline and a date line whole, and the first line
    # of a paragraph that opens with a byline: the pictures before them stay before the text.
    headline = _block("Bridge reopens", "hero.jpg")
    date = _block("March 5, 2026", "crews.jpg")
    opening = _block("By Jane Doe\nThe bridge reopened on Monday.", "deck.jpg")
    last = _block("Cyclists get a lane.")
    shortened = Block(
        kind="p",
        text="The bridge reopened on Monday.",
        html="<p>…</p>",
        pictures_before=opening.pictures_before,
    )
    kept = with_pictures_of_dropped([headline, date, opening, last], [shortened, last])
    assert [picture.src for picture in kept[0].pictures_before] == ["hero.jpg", "crews.jpg", "deck.jpg"]
    assert kept[1] is last
    # A block dropped after the last one kept: its pictures follow the text.
    kept = with_pictures_of_dropped([opening, last, date], [opening, last])
    assert [picture.src for picture in kept[1].pictures_after] == ["crews.jpg"]
    # Nothing dropped: the blocks as they were.
    assert with_pictures_of_dropped([opening, last], [shortened, last]) == [shortened, last]
