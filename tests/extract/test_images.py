"""The article's own pictures in its display HTML, and nothing else: figures with their captions,
lazy-loaded images, ``srcset``s, ``<picture>`` and ``<noscript>`` fallbacks; no pixels, trackers,
avatars, chrome, ``data:`` or ``javascript:`` images; never a word of them in the text."""

from __future__ import annotations

import re

import pytest

from tidings.extract import extract
from tidings.extract.images import best_source, is_smaller_version, picture_from_attributes
from tidings.extract.sanitize import sanitize_html

from .helpers import FIXTURES, raw_document

PAGE = (FIXTURES / "images" / "article_with_pictures.html").read_text(encoding="utf-8")
PAGE_URL = "https://www.coastgazette.example/2026/12/bridge"
CDN = "https://cdn.coastgazette.example/2026/12"


def _sources(html: str) -> list[str]:
    return re.findall(r'<img src="([^"]*)"', html)


@pytest.fixture(scope="module")
def article_html() -> str:
    return extract(raw_document(PAGE, url=PAGE_URL)).html


def test_the_article_s_pictures_reach_the_display_html_in_page_order(article_html: str) -> None:
    assert _sources(article_html) == [
        f"{CDN}/bridge-main.jpg",  # a figure
        "https://www.coastgazette.example/2026/12/crews-at-work.jpg",  # lazy data-src, resolved
        f"{CDN}/deck-1200.jpg",  # srcset only: the widest candidate
        f"{CDN}/arches.jpg",  # a <picture>
        f"{CDN}/ferry.jpg",  # a lazy image and its <noscript> fallback: shown once
        f"{CDN}/cyclists.jpg",  # a <noscript> fallback alone
    ]


def test_a_figure_keeps_its_alt_text_and_its_caption_with_the_credit(article_html: str) -> None:
    assert (
        f'<figure><img src="{CDN}/bridge-main.jpg" alt="The bridge at dawn" loading="lazy"'
        ' referrerpolicy="no-referrer">'
        "<figcaption>The bridge at dawn on Monday. Photo: Ann Lee</figcaption></figure>"
    ) in article_html


def test_pixels_trackers_avatars_chrome_and_unsafe_images_are_left_out(article_html: str) -> None:
    for refused in (
        "pixel.gif", "google-analytics", "data:", "javascript:", "authors/jane", "logo", "subscribe-banner",
        "ad-300x250",
    ):  # fmt: skip
        assert refused not in article_html


def test_pictures_never_enter_the_text() -> None:
    article = extract(raw_document(PAGE, url=PAGE_URL))
    assert article.text.split("\n\n")[0].startswith("The harbour bridge reopened on Monday")
    assert len(article.text.split("\n\n")) == 5
    for caption_or_alt in ("Ann Lee", "The bridge at dawn", "Crews at work", "Cyclists"):
        assert caption_or_alt not in article.text


def test_a_relative_picture_without_a_page_address_is_dropped_and_absolute_ones_stay() -> None:
    html = extract(raw_document(PAGE, url=None)).html
    assert "crews-at-work" not in html
    assert f"{CDN}/bridge-main.jpg" in html


def test_a_feed_entry_s_pictures_survive_the_same_way() -> None:
    body = (
        '<figure><img data-src="/img/council.jpg" src="/img/placeholder.gif" alt="The council">'
        "<figcaption>The council in session.</figcaption></figure>"
        "<p>The council met on Monday and voted to reopen the harbour bridge to traffic.</p>"
        '<p><img src="https://cdn.example/photo.jpg" alt="Crews"></p>'
        "<p>Work on the cycle lane will start in spring, the council said after the vote.</p>"
        '<img src="https://feeds.feedburner.com/~r/example/~4/abc" height="1" width="1" alt="">'
    )
    article = extract(
        raw_document(
            body,
            url="https://news.example/council",
            kind="feed",
            locator="https://news.example/feed.xml",
            entry_key="tag:news.example,2026:1",
        )
    )
    assert _sources(article.html) == ["https://news.example/img/council.jpg", "https://cdn.example/photo.jpg"]
    assert "<figcaption>The council in session.</figcaption></figure>" in article.html
    assert "feedburner" not in article.html
    assert "Crews" not in article.text


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        ({"src": "https://x.example/a.jpg", "width": "1", "height": "1"}, None),
        # A pixel declared by its style or in decimals (the style is gone from display HTML, so
        # the sanitizer cannot see it there).
        ({"src": "https://x.example/t.gif?u=1", "style": "width:1px;height:1px"}, None),
        ({"src": "https://x.example/t.gif?u=1", "style": "border: 0; HEIGHT: 0"}, None),
        ({"src": "https://x.example/t.gif?u=1", "width": "1.0", "height": "1.0"}, None),
        (
            {"src": "https://x.example/a.jpg", "style": "max-width: 1px; width: 640px"},
            "https://x.example/a.jpg",
        ),
        ({"src": "https://x.example/a.jpg", "width": "640.5"}, "https://x.example/a.jpg"),
        ({"src": "https://x.example/a.jpg", "class": "avatar photo"}, None),
        ({"src": "https://x.example/icons/share.png"}, None),
        ({"src": "https://www.facebook.com/tr?id=1&ev=PageView"}, None),
        ({"src": "data:image/png;base64,AAAA"}, None),
        ({"src": "https://x.example/blank.gif", "data-lazy-src": "/a.jpg"}, "/a.jpg"),
        ({"src": "https://x.example/blank.gif", "data-original": "/b.jpg"}, "/b.jpg"),
        ({"data-srcset": "/s.jpg 320w, /m.jpg 800w"}, "/m.jpg"),
        ({"src": "/real.jpg", "srcset": "/big.jpg 2x"}, "/real.jpg"),
    ],
)
def test_which_picture_an_image_shows(attributes: dict[str, str | None], expected: str | None) -> None:
    picture = picture_from_attributes(attributes)
    assert (picture.src if picture is not None else None) == expected


def test_a_srcset_gives_its_widest_useful_candidate_and_keeps_commas_inside_urls() -> None:
    assert best_source(
        "https://cdn.example/w_400,h_300/a.jpg 400w, https://cdn.example/w_900,h_600/a.jpg 900w"
    ) == ("https://cdn.example/w_900,h_600/a.jpg")
    assert best_source("/a.jpg 1200w, /b.jpg 4000w") == "/a.jpg"


def test_the_sanitizer_marks_images_lazy_and_drops_pixels_trackers_and_srcless_ones() -> None:
    html = sanitize_html(
        '<p><img src="https://x.example/a.jpg"><img src="https://x.example/p.gif" width="1" height="1">'
        '<img src="https://stats.wp.com/g.gif"><img src="mailto:a@b.example"><img alt="none"></p>'
        "<figure><img src='javascript:alert(1)'><figcaption>Gone</figcaption></figure>"
    )
    assert html == (
        '<p><img src="https://x.example/a.jpg" alt="" loading="lazy" referrerpolicy="no-referrer"></p>'
    )


_STORY = "".join(
    f"<p>The harbour bridge reopened on Monday after two years of repairs, and {n} cars crossed it in the "
    "first hour, officials said, as crews cleared the last barriers from its approach roads.</p>"
    for n in ("hundreds of", "dozens of", "a few", "many more")
)


@pytest.mark.parametrize(
    ("figcaption", "shown"),
    [
        # Ars Technica's and NPR's button text, read as the caption's first word
        ("Enlarge / The bridge at dawn.", "The bridge at dawn."),
        ("Enlarge this image The bridge at dawn.", "The bridge at dawn."),
        # BBC: a player's notice and the labels its screen reader hears
        (
            "Media playback is unsupported on your device Media captionThe bridge at dawn",
            "The bridge at dawn",
        ),
        (
            "Image copyright Getty Images Image caption The bridge at dawn",
            "The bridge at dawn (Getty Images)",
        ),
        ("Image source, Getty Images Image caption, The bridge at dawn", "The bridge at dawn (Getty Images)"),
        ("Image copyright AP", "AP"),
    ],
)
def test_a_caption_loses_the_buttons_and_labels_printed_in_it(figcaption: str, shown: str) -> None:
    page = (
        "<html><body><article><h1>Bridge reopens</h1>"
        '<figure><img src="https://cdn.example.com/bridge.jpg" alt="">'
        f"<figcaption>{figcaption}</figcaption></figure>"
        f"{_STORY}</article></body></html>"
    )
    html = extract(raw_document(page, url="https://news.example.com/bridge")).html
    assert f"<figcaption>{shown}</figcaption>" in html


@pytest.mark.parametrize("label", ["ANZEIGE", "Advertisement", "Sponsored"])
def test_a_picture_captioned_as_an_advertisement_is_left_out(label: str) -> None:
    page = (
        "<html><body><article><h1>Bridge reopens</h1>"
        '<figure><img src="https://cdn.example.com/banner-sale.jpg" alt="">'
        f"<figcaption>{label}</figcaption></figure>"
        f"{_STORY}</article></body></html>"
    )
    assert "banner-sale" not in extract(raw_document(page, url="https://news.example.com/bridge")).html


# -- pictures on pages in the shape of real outlets' article markup (QA, 2026-12-07) -------------------

_BODY = (
    "<p>The harbour bridge reopened to traffic on Monday after eighteen months of repairs to its steel"
    " deck and the cables that hold it, the council said in a statement on Monday.</p>"
    "<p>Engineers found corrosion in the main cables during a routine inspection in 2025, and the"
    " bridge was closed within a week while crews replaced the worst of the strands.</p>"
    "<p>Cyclists will have a lane of their own on the new deck from the spring, when the last of the"
    " railings are fitted and the council has finished resurfacing the approach roads.</p>"
)


def _outlet_page(figure: str) -> str:
    """An article whose body holds ``figure`` after its first paragraph."""
    first, rest = _BODY.split("</p>", 1)
    return (
        "<html><head><title>Harbour bridge reopens</title></head><body><main><article>"
        f"<h1>Harbour bridge reopens</h1><div class='article-body'>{first}</p>{figure}{rest}</div>"
        "</article></main></body></html>"
    )


def _figures(page: str) -> list[tuple[str, str]]:
    html = extract(raw_document(page, url=PAGE_URL)).html
    return re.findall(r'<img src="([^"]*)"[^>]*>(?:<figcaption>(.*?)</figcaption>)?', html)


def test_a_related_story_s_card_in_a_figure_is_not_the_article_s_picture() -> None:
    # The Guardian's inline "Related:" card: a figure whose picture links to another story beside
    # that story's headline.
    card = (
        "<figure data-spacefinder-role='inline'><a href='/world/2026/dec/01/harbour-tolls'><div>"
        "<img src='https://i.guim.co.uk/img/media/ffff/master/500.jpg?width=140' alt=''></div>"
        "<div>Related: Harbour tolls to rise next year</div></a></figure>"
    )
    assert _figures(_outlet_page(card)) == []


def test_a_picture_linked_to_its_full_size_is_the_article_s_picture() -> None:
    # Substack's: the image links to its own full size, its caption outside the link.
    figure = (
        "<figure><a class='image-link' href='https://cdn.example/deck-full.jpg'>"
        "<img src='https://cdn.example/deck.jpg' alt=''></a><figcaption>The new deck.</figcaption></figure>"
    )
    assert _figures(_outlet_page(figure)) == [("https://cdn.example/deck.jpg", "The new deck.")]
    # umweltbundesamt.de's: the link to its full size says so beside the image.
    figure = (
        "<figure><a href='https://cdn.example/deck-full.jpg'><img src='https://cdn.example/deck.jpg' alt=''>"
        "<i class='icon-search'>zum Vergrößern anklicken</i></a><figcaption>Das Deck.</figcaption></figure>"
    )
    assert _figures(_outlet_page(figure)) == [("https://cdn.example/deck.jpg", "Das Deck.")]


def test_a_video_s_poster_frame_is_not_shown_as_a_picture() -> None:
    # The BBC's media block: the player's poster image, captioned "Watch: …".
    video = (
        "<figure><div class='player'><img src='https://ichef.bbci.co.uk/images/ic/480xn/p0abc123.jpg.webp'"
        " alt=''></div><figcaption><span class='visually-hidden'>Media caption, </span>Watch: the bridge"
        " reopens</figcaption></figure>"
    )
    assert _figures(_outlet_page(video)) == []


def test_a_photo_in_an_image_store_s_hexadecimal_ad_folder_is_a_photo() -> None:
    photo = "https://assets.apnews.com/3e/ad/6a2c0b3c4d1b/photo.jpg"
    assert _figures(_outlet_page(f"<figure><img src='{photo}' alt=''></figure>")) == [(photo, "")]
    assert picture_from_attributes({"src": "https://news.example/ad/banner-728.jpg"}) is None


@pytest.mark.parametrize(
    ("caption", "shown"),
    [
        (  # Reuters' licensing link after its credit
            "<span>Crews work on the deck, November 3, 2026. REUTERS/Ann Lee <a href='/licensing'>Purchase"
            " Licensing Rights</a>, opens new tab</span>",
            "Crews work on the deck, November 3, 2026. REUTERS/Ann Lee",
        ),
        (  # the New York Times' credit label, its spans run together
            "<span>Crews at work.</span><span><span>Credit...</span><span>Ann Lee for The New York"
            " Times</span></span>",
            "Crews at work. Ann Lee for The New York Times",
        ),
    ],
)
def test_a_caption_keeps_its_words_and_credit_without_a_link_s_or_a_label_s(caption: str, shown: str) -> None:
    figure = (
        f"<figure><img src='https://cdn.example/crews.jpg' alt=''><figcaption>{caption}</figcaption></figure>"
    )
    assert _figures(_outlet_page(figure)) == [("https://cdn.example/crews.jpg", shown)]


@pytest.mark.parametrize(
    ("figure", "caption"),
    [
        # The BBC's: the credit in its own element, its label for screen readers before it; before,
        # "The bridge was closed for 18 months Image source, Getty Images".
        (
            "<figure><div class='ssrcss-ab5fd8-StyledFigureContainer'><img src='https://cdn.example/deck.jpg'"
            " alt=''><span role='text' class='ssrcss-1f2ks9-Copyright'><span class='visually-hidden'>"
            "Image source, </span>Getty Images</span></div><figcaption class='ssrcss-1q9i2wv-Caption'>"
            "<span class='visually-hidden'>Image caption, </span>The bridge was closed for 18 months"
            "</figcaption></figure>",
            "The bridge was closed for 18 months (Getty Images)",
        ),
        # A caption that ends a sentence (before, "The new deck opened on Monday. Getty Images").
        (
            "<figure><img src='https://cdn.example/deck.jpg' alt=''><figcaption>The new deck opened on"
            " Monday.</figcaption><span class='credit'>Getty Images</span></figure>",
            "The new deck opened on Monday. (Getty Images)",
        ),
        # Brackets the page wrote are not doubled, a credit the caption holds is not repeated, and a
        # credit alone is the caption.
        (
            "<figure><img src='https://cdn.example/deck.jpg' alt=''><figcaption>The new deck</figcaption>"
            "<span class='credit'>(Getty Images)</span></figure>",
            "The new deck (Getty Images)",
        ),
        (
            "<figure><img src='https://cdn.example/deck.jpg' alt=''><figcaption>The new deck. Photo: Getty"
            " Images</figcaption><span class='image-credit'>Getty Images</span></figure>",
            "The new deck. Photo: Getty Images",
        ),
        (
            "<figure><img src='https://cdn.example/deck.jpg' alt=''><span class='credit'>Getty Images</span>"
            "</figure>",
            "Getty Images",
        ),
    ],
)
def test_a_credit_in_its_own_element_follows_the_caption_in_brackets(figure: str, caption: str) -> None:
    assert _figures(_outlet_page(figure)) == [("https://cdn.example/deck.jpg", caption)]


@pytest.mark.parametrize(
    ("figcaption", "caption"),
    [
        # The New York Post's (Big9+Chaos isis): the credit's span runs on after the caption's.
        (
            "<figcaption class='wp-caption-text'><span>Fighters walk along a street in Raqqa.</span>"
            "<span class='credit'>Reuters</span></figcaption>",
            "Fighters walk along a street in Raqqa. (Reuters)",
        ),
        # NBC News's (readability's schema-org-context-object): a photographer and two agencies.
        (
            "<figcaption class='caption'><span class='caption__container'>A rally in Seoul on Thursday."
            "</span><span class='caption__source'>Anthony Wallace / AFP - Getty Images</span></figcaption>",
            "A rally in Seoul on Thursday. (Anthony Wallace / AFP - Getty Images)",
        ),
        # nature.com's: a credit's label.
        (
            "<figcaption><p><span>The dish will measure pulsars.</span><span>Credit: Ou Dongqu/Xinhua/ZUMA"
            "</span></p></figcaption>",
            "The dish will measure pulsars. (Credit: Ou Dongqu/Xinhua/ZUMA)",
        ),
        # Forbes's: the agency again after a caption that credits it already.
        (
            "<figcaption><p>The bridge at dawn. (Photo: Getty Images)</p><small>Getty</small></figcaption>",
            "The bridge at dawn. (Photo: Getty Images)",
        ),
        # The New York Times' older pages: the label without its dots (readability's nytimes-3).
        (
            "<figcaption><span>Crews at work on the deck.</span><span><span>Credit</span><span>Ann Lee for"
            " The New York Times</span></span></figcaption>",
            "Crews at work on the deck. Ann Lee for The New York Times",
        ),
        # Words that name no agency and carry no label stay as they run (Big9+Chaos atmosphere (10)).
        (
            "<figcaption><span>The spacecraft reached Mars on September 21, 2014.</span><span>Lockheed"
            " Martin</span></figcaption>",
            "The spacecraft reached Mars on September 21, 2014.Lockheed Martin",
        ),
    ],
)
def test_a_credit_run_on_after_its_caption_follows_it_in_brackets(figcaption: str, caption: str) -> None:
    figure = f"<figure><img src='https://cdn.example/deck.jpg' alt=''>{figcaption}</figure>"
    assert _figures(_outlet_page(figure)) == [("https://cdn.example/deck.jpg", caption)]


def _html_before(html: str, words: str) -> str:
    """``html`` up to the block that opens with ``words``."""
    return html[: html.index(words)]


def test_a_figure_between_the_columns_of_a_split_story_stands_between_their_text() -> None:
    # The New York Times' columns ("StoryBodyCompanionColumn"), found as the article's parts; the
    # figure between two of them belonged to neither and was lost. The related story's card and the
    # advertisement between two others stay out.
    page = (FIXTURES / "images" / "nyt-columns-with-figures.html").read_text(encoding="utf-8")
    article = extract(
        raw_document(page, url="https://www.nytimes.com/2026/12/07/nyregion/harbour-bridge.html")
    )
    photo = "https://static01.nyt.com/images/2026/12/07/nyregion/07bridge-02/07bridge-02-articleLarge.jpg"
    assert _sources(article.html) == [photo]
    before = _html_before(article.html, "<p>The repairs cost $240 million")
    assert before.endswith(
        f'<figure><img src="{photo}" alt="Crews replacing a cable strand on the bridge in March."'
        ' loading="lazy" referrerpolicy="no-referrer"><figcaption>Crews replacing a cable strand on the'
        " bridge in March. Ann Lee for The New York Times</figcaption></figure>"
    )
    assert "salt air had done most of the damage.</p><figure>" in before
    assert "Crews replacing" not in article.text


def _story_with_metadata(metadata: str) -> str:
    return (
        "<html><head><title>Harbour bridge reopens</title></head><body><article>"
        "<div class='entry'><figure><img src='https://cdn.example/bridge-dawn.jpg' alt='The bridge at dawn'>"
        f"<figcaption>The bridge at dawn.</figcaption></figure>{metadata}{_STORY}</div>"
        "</article></body></html>"
    )


@pytest.mark.parametrize(
    "metadata",
    [
        "<p>By Jane Doe</p>",  # a byline
        "<p>March 5, 2026 10:32 a.m.</p>",  # a date line
        "<h2>Harbour bridge reopens</h2>",  # the headline again
    ],
)
def test_a_picture_above_a_byline_date_or_headline_the_body_drops_stays(metadata: str) -> None:
    # jaraguadosul.sc.gov.br's (Zyte f6ac15a4…) and PanARMENIAN.Net's (d90bda7e…) photos stood before
    # their date line, the Houston Chronicle's (05844573…) before the headline: each went with it.
    article = extract(raw_document(_story_with_metadata(metadata), url=PAGE_URL))
    assert article.text.startswith("The harbour bridge reopened on Monday after two years")
    assert article.html.startswith(
        '<figure><img src="https://cdn.example/bridge-dawn.jpg" alt="The bridge at dawn" loading="lazy"'
        ' referrerpolicy="no-referrer"><figcaption>The bridge at dawn.</figcaption></figure>'
        "<p>The harbour bridge reopened on Monday after two years"
    )


def test_the_byline_a_picture_stood_above_is_still_the_article_s() -> None:
    article = extract(raw_document(_story_with_metadata("<p>By Jane Doe</p>"), url=PAGE_URL))
    assert article.byline == "Jane Doe"


@pytest.mark.parametrize(
    "attributes",
    [
        # idw-online.de's press releases: the institution's logo above the date line.
        {"src": "https://idw-online.de/de/institutionlogo29539", "alt": "institution logo"},
        # The New York Post's slideshow buttons (Big9+Chaos madoff).
        {"src": "http://www.nypost.com/img/slideshow/slideshow_controls_play.gif", "alt": "Pause"},
        {"src": "http://www.nypost.com/img/slideshow/slideshow_next.gif", "alt": "Next"},
        # livenet.ch's magnifier over each photo (a dev page of trafilatura-eval).
        {"src": "https://www.livenet.ch/sites/all/modules/livenet/live_media/img/zoom.png", "alt": "Zoom"},
    ],
)
def test_a_logo_or_a_control_named_so_by_its_alternative_text_is_no_picture(
    attributes: dict[str, str],
) -> None:
    assert picture_from_attributes(attributes) is None


def test_a_picture_read_twice_in_its_figure_keeps_the_figure_s_caption() -> None:
    # correctiv.org's: a <picture> whose lazy image and <noscript> fallback name one file; the
    # caption went to the second, which the display HTML leaves out as a repeat.
    figure = (
        "<figure class='figure'><picture class='picture'><img src='' class='lazyload' alt='Flyers'"
        " data-srcset='https://cdn.example/flyers-706.jpg 1x, https://cdn.example/flyers-1412.jpg 2x'>"
        "<noscript><img src='https://cdn.example/flyers-1412.jpg' alt='Flyers'></noscript></picture>"
        "<figcaption class='figure__caption'>Flyers in a letterbox. © Ivo Mayr</figcaption></figure>"
    )
    assert _figures(_outlet_page(figure)) == [
        ("https://cdn.example/flyers-1412.jpg", "Flyers in a letterbox. © Ivo Mayr")
    ]


def test_a_blurred_preview_gives_way_to_the_full_image_its_fallback_names() -> None:
    # Medium's (readability's lazy-image-1 test page, 2019): a 60-pixel blurred preview, an <img>
    # a script gives its address, and the full image in a <noscript> after it.
    figure = (
        "<figure class='paragraph-image'><div><div><img src='https://miro.medium.com/max/60/1*5o3M.png?q=20'"
        " width='1894' height='970' role='presentation'></div>"
        "<img width='1894' height='970' role='presentation'>"
        "<noscript><img src='https://miro.medium.com/max/3788/1*5o3M.png' width='1894' height='970'"
        " role='presentation'></noscript></div><figcaption>Memory leak in action</figcaption></figure>"
    )
    assert _figures(_outlet_page(figure)) == [
        ("https://miro.medium.com/max/3788/1*5o3M.png", "Memory leak in action")
    ]


def test_a_thumbnail_of_the_lead_image_at_the_body_s_start_is_shown_at_the_lead_s_size() -> None:
    # bleacherreport.com's (Big9+Chaos `chaos-all/baseball (2)`): an 80-pixel crop of the photo
    # above the headline, whose og:image is the same photo at 1,200 pixels.
    lead = "https://img.example.net/photos/003/hi-res-1ccc895e_crop_north.jpg?w=1200&h=1200"
    thumbnail = "https://img.example.net/photos/003/hi-res-1ccc895e_crop_north.jpg?h=53&w=80"
    page = (
        _outlet_page("")
        .replace("<title>", f"<meta property='og:image' content='{lead}'><title>")
        .replace(
            "<div class='article-body'>",
            f"<div class='article-body'><figure><img src='{thumbnail}' alt=''></figure>",
        )
    )
    assert [source for source, _ in _figures(page)] == [lead.replace("&", "&amp;")]


@pytest.mark.parametrize(
    ("smaller", "larger", "expected"),
    [
        (
            "https://miro.medium.com/max/60/1*5o3M.png?q=20",
            "https://miro.medium.com/max/3788/1*5o3M.png",
            True,
        ),
        ("https://cdn.example/r/?i=1454&w=20", "https://cdn.example/r/?i=1454&w=1200", True),
        # Two images, under a folder that names none: winfuture.de's teasers.
        ("https://i.wfcdn.de/teaser/660/46878.jpg", "https://img.winfuture.de/teaser/1920/46877.jpg", False),
        ("https://cdn.example/r/?i=1454&w=20", "https://cdn.example/r/?i=1455&w=1200", False),
        # Not plainly smaller, or no size asked.
        ("https://miro.medium.com/max/700/1*5o3M.png", "https://miro.medium.com/max/1000/1*5o3M.png", False),
        ("https://cdn.example/photo.jpg", "https://cdn.example/photo.jpg?w=1200", False),
    ],
)
def test_a_smaller_version_is_the_same_image_asked_at_under_half_the_size(
    smaller: str, larger: str, expected: bool
) -> None:
    assert is_smaller_version(smaller, larger) is expected
    assert not is_smaller_version(larger, smaller)
