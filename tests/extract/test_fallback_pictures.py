"""The article's pictures on a page whose body trafilatura reads (our extractor's body too short to
trust, about one page in a hundred): found in the page and shown before the block they stand
before, captioned, with the same rules as our own extractor's pictures; the text unchanged."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

import pytest
from lxml import html as lxml_html

from tidings.extract import extract, pages
from tidings.extract.blocks import Block, blocks_from_fragment
from tidings.extract.fallback_pictures import with_page_pictures
from tidings.model import Article

from .helpers import FIXTURES, raw_document

# Authored after readability's "firefox-nightly-blog" test page (mozilla/readability @ ab4027a8,
# a dev page that trafilatura reads): a WordPress post of headings and list items, its pictures in
# "wp-caption" boxes inside the items; see tests/fixtures/README.md.
PAGE = (FIXTURES / "images" / "lantern-weekly-notes.html").read_text(encoding="utf-8")
PAGE_URL = "https://blog.lantern.example/2026/12/04/these-weeks-in-lantern-issue-12/"
FILES = "https://blog.lantern.example/files"
CDN = "https://cdn.lantern.example/2026"


def _sources(html: str) -> list[str]:
    return re.findall(r'<img src="([^"]*)"', html)


def _extract_spying(monkeypatch: pytest.MonkeyPatch) -> tuple[Article, list[str]]:
    """The fixture's article, and the calls made to trafilatura (so that a test knows the page
    took that path)."""
    calls: list[str] = []
    run: Callable[..., Any] = pages._trafilatura_body

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append("trafilatura")
        return run(*args, **kwargs)

    monkeypatch.setattr(pages, "_trafilatura_body", spy)
    return extract(raw_document(PAGE, url=PAGE_URL)), calls


def test_a_page_trafilatura_reads_shows_the_article_s_pictures_where_they_stand(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    article, calls = _extract_spying(monkeypatch)
    assert calls == ["trafilatura"]
    assert _sources(article.html) == [
        f"{FILES}/nightly-blog-header.jpg",  # og:image: the body opens with no picture
        f"{FILES}/2026/12/restart-page.png",  # a lazy image's data-src, in a wp-caption box
        f"{CDN}/12/devtools-grid-720.jpg",  # a <picture> in a figure
    ]
    restart = article.html.index("restart-page.png")
    assert article.html.index("We have just landed Bug 5101") < restart
    assert restart < article.html.index("Also about to land is Bug 5102")
    grid = article.html.index("devtools-grid")
    assert (
        article.html.index("The network monitor keeps") < grid < article.html.index("Installer and Updater")
    )


def test_its_pictures_keep_their_captions_even_one_printed_after_the_figure() -> None:
    html = extract(raw_document(PAGE, url=PAGE_URL)).html
    assert (
        "<figcaption>People who run several profiles at once will see this page far less often!</figcaption>"
        in html
    )
    # the figure's caption stands in an element after it, not inside it (90min.de's pages)
    assert "<figcaption>Nested grids in the inspector / Lantern Foundation</figcaption>" in html


def test_its_ads_cards_avatars_logos_and_pixels_are_left_out() -> None:
    html = extract(raw_document(PAGE, url=PAGE_URL)).html
    for refused in ("vpn-offer", "issue-11-tabs", "gravatar", "lantern-logo", "pixel.example", "placeholder"):
        assert refused not in html


def test_its_text_and_every_other_field_are_those_it_had_without_pictures(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with_pictures = extract(raw_document(PAGE, url=PAGE_URL))
    monkeypatch.setattr(pages, "with_page_pictures", lambda blocks, _root: blocks)
    without = extract(raw_document(PAGE, url=PAGE_URL))
    assert with_pictures.html != without.html
    assert dataclasses.replace(with_pictures, html="") == dataclasses.replace(without, html="")
    for caption in ("several profiles at once", "Lantern Foundation", "restart-required page, with"):
        assert caption not in with_pictures.text


# -- where a picture goes, on a body given as trafilatura would give it --------------------------------

FIRST = "The council met on Monday and voted to reopen the harbour bridge to traffic by spring."
SECOND = "Work on the cycle lane will start once the last railings are fitted, the council said."


def _placed(body: str, kept: str = f"<p>{FIRST}</p><p>{SECOND}</p>") -> list[tuple[str, list[str]]]:
    """Each kept block's opening words and the pictures (address and caption) placed before it."""
    root = lxml_html.document_fromstring(f"<html><body>{body}</body></html>")
    blocks: list[Block] = with_page_pictures(blocks_from_fragment(kept), root)
    return [
        (block.text[:12], [f"{picture.src} {picture.caption}".strip() for picture in block.pictures_before])
        for block in blocks
    ]


def test_a_picture_goes_before_the_block_it_precedes_with_its_caption() -> None:
    body = (
        "<div class='story'><p>" + FIRST + "</p>"
        "<figure><img src='https://cdn.example/bridge.jpg' alt='The bridge'>"
        "<figcaption>The bridge at dawn. <span class='credit'>Ann Lee</span></figcaption></figure>"
        "<p>" + SECOND + "</p></div>"
    )
    assert _placed(body) == [
        ("The council ", []),
        ("Work on the ", ["https://cdn.example/bridge.jpg The bridge at dawn. Ann Lee"]),
    ]


def test_a_picture_that_text_the_body_left_out_follows_is_not_the_article_s() -> None:
    body = (
        "<div class='story'><p>" + FIRST + "</p>"
        "<div><img src='https://cdn.example/ferry-offer.jpg'><p>Book your ferry crossing now</p></div>"
        "<p>" + SECOND + "</p></div>"
    )
    assert _placed(body) == [("The council ", []), ("Work on the ", [])]


def test_a_caption_the_body_kept_as_text_is_not_shown_twice() -> None:
    body = (
        "<div class='story'><figure><img src='https://cdn.example/bridge.jpg'>"
        "<figcaption>" + FIRST + "</figcaption></figure><p>" + SECOND + "</p></div>"
    )
    assert _placed(body) == [("The council ", ["https://cdn.example/bridge.jpg"]), ("Work on the ", [])]


@pytest.mark.parametrize(
    "around",
    [
        "<aside>{}</aside>",
        "<header>{}</header>",
        "<div style='display: none'>{}</div>",
        "<div class='related-stories'>{}</div>",
        "<div class='ad-slot'>{}</div>",
    ],
)
def test_a_picture_in_a_landmark_a_hidden_or_a_boilerplate_box_is_not_the_article_s(around: str) -> None:
    picture = around.format("<img src='https://cdn.example/elsewhere.jpg'>")
    body = f"<div class='story'><p>{FIRST}</p>{picture}<p>{SECOND}</p></div>"
    assert _placed(body) == [("The council ", []), ("Work on the ", [])]


def test_a_picture_captioned_as_an_advertisement_and_a_video_s_poster_are_left_out() -> None:
    body = (
        "<div class='story'><p>" + FIRST + "</p>"
        "<figure><img src='https://cdn.example/offer.jpg'><figcaption>Advertisement</figcaption></figure>"
        "<figure><div class='video-player'><img src='https://cdn.example/poster.jpg'></div></figure>"
        "<p>" + SECOND + "</p></div>"
    )
    assert _placed(body) == [("The council ", []), ("Work on the ", [])]


def test_an_early_repeat_of_a_block_s_words_is_not_taken_for_it() -> None:
    teaser = f"<div class='teaser'><img src='https://cdn.example/teaser.jpg'><p>{FIRST}</p></div>"
    body = (
        f"{teaser}<h1>Bridge reopens</h1><div class='story'>"
        f"<img src='https://cdn.example/bridge.jpg'><p>{FIRST}</p><p>{SECOND}</p></div>"
    )
    assert _placed(body) == [("The council ", ["https://cdn.example/bridge.jpg"]), ("Work on the ", [])]


def test_pictures_side_by_side_keep_their_own_captions() -> None:
    body = (
        "<div class='story'><p>" + FIRST + "</p>"
        "<figure><img src='https://cdn.example/before.jpg'></figure>"
        "<figure><img src='https://cdn.example/after.jpg'><figcaption>After the repairs</figcaption></figure>"
        "<p>" + SECOND + "</p></div>"
    )
    assert _placed(body) == [
        ("The council ", []),
        (
            "Work on the ",
            ["https://cdn.example/before.jpg", "https://cdn.example/after.jpg After the repairs"],
        ),
    ]
