"""The page's lead image in the display HTML: the hero picture many pages put above or outside the
article's container, which only their sharing metadata (og:image, twitter:image, JSON-LD ``image``)
names, leads the body where the body shows no picture at its start; never a logo, a default share
card or an icon, never twice (the same file at another size), and never a word of it in the text.
A feed's image for an entry (``DocumentHints.image``) leads an entry's content the same way."""

from __future__ import annotations

import json
import re

import pytest

from tidings.extract import extract
from tidings.extract.images import image_key
from tidings.model import DocumentHints

from .helpers import raw_document

PAGE_URL = "https://www.harbourtimes.example/news/2026/12/bridge-reopens"
PARAGRAPHS = (
    "<p>The harbour bridge reopened to traffic on Monday after eighteen months of repairs to its"
    " steel deck and the cables that hold it, the city council said in a statement.</p>"
    "<p>Engineers found corrosion in the main cables during a routine inspection in 2025, and the"
    " bridge was closed within a week while crews replaced the worst of the strands.</p>"
    "<p>Cyclists will have a lane of their own on the new deck from the spring, when the last of"
    " the railings are fitted and the council has finished resurfacing the approach roads.</p>"
)


def _page(head: str, body: str, *, article: str = PARAGRAPHS) -> str:
    return (
        f"<html><head><title>Harbour bridge reopens | Harbour Times</title>{head}</head><body>"
        f"<header><a href='/'><img src='/static/masthead.png' alt='Harbour Times'></a></header>"
        f"<main>{body}<article><h1>Harbour bridge reopens</h1><div class='article-body'>{article}</div>"
        "</article></main><footer><p>© Harbour Times</p></footer></body></html>"
    )


def _sources(html: str) -> list[str]:
    return re.findall(r'<img src="([^"]*)"', html)


def _og(url: str) -> str:
    return f'<meta property="og:image" content="{url}">'


HERO = "https://cdn.harbourtimes.example/2026/12/bridge-deck-1200x630.jpg"


def test_a_hero_image_outside_the_article_s_container_leads_the_display_html() -> None:
    hero = f"<figure class='hero'><img src='{HERO.replace('-1200x630', '')}' alt='The deck'></figure>"
    article = extract(raw_document(_page(_og(HERO), hero), url=PAGE_URL))
    assert _sources(article.html) == [HERO]
    assert article.html.startswith("<figure><img src=")
    assert "bridge-deck" not in article.text
    assert article.text.startswith("The harbour bridge reopened")


def test_the_text_is_the_same_with_or_without_the_lead_image() -> None:
    with_image = extract(raw_document(_page(_og(HERO), ""), url=PAGE_URL))
    without = extract(raw_document(_page("", ""), url=PAGE_URL))
    assert with_image.text == without.text
    assert with_image.standfirst == without.standfirst
    assert _sources(without.html) == []


@pytest.mark.parametrize(
    "head",
    [
        f'<meta name="twitter:image" content="{HERO}">',
        '<script type="application/ld+json">'
        + json.dumps(
            {
                "@type": "NewsArticle",
                "headline": "Harbour bridge reopens",
                "image": [{"@type": "ImageObject", "url": HERO}],
            }
        )
        + "</script>",
    ],
)
def test_twitter_image_or_json_ld_image_name_the_lead_image_where_og_image_does_not(head: str) -> None:
    assert _sources(extract(raw_document(_page(head, ""), url=PAGE_URL)).html) == [HERO]


def test_the_body_s_own_opening_picture_is_not_doubled_by_the_lead_image() -> None:
    crews = "https://cdn.harbourtimes.example/2026/12/crews.jpg"
    article = f"<figure><img src='{crews}' alt='Crews'></figure>{PARAGRAPHS}"
    html = extract(raw_document(_page(_og(HERO), "", article=article), url=PAGE_URL)).html
    assert _sources(html) == [crews]


@pytest.mark.parametrize(
    "shown",
    [
        "https://cdn.harbourtimes.example/2026/12/bridge-deck.jpg?w=800",  # another size, by query
        "https://cdn.harbourtimes.example/2026/12/bridge-deck-scaled.jpg",  # WordPress's full size
        "https://cdn.harbourtimes.example/2026/12/bridge-deck_800.webp",
    ],
)
def test_the_lead_image_shown_further_down_the_body_at_another_size_is_not_shown_twice(shown: str) -> None:
    paragraphs = PARAGRAPHS.split("</p>")
    article = "</p>".join(
        [*paragraphs[:2], f"<figure><img src='{shown}' alt=''></figure>{paragraphs[2]}", *paragraphs[3:]]
    )
    html = extract(raw_document(_page(_og(HERO), "", article=article), url=PAGE_URL)).html
    assert _sources(html) == [shown]


@pytest.mark.parametrize(
    "image",
    [
        "https://www.harbourtimes.example/static/img/logo-share.png",
        "https://www.harbourtimes.example/static/default-og.jpg",
        "https://www.harbourtimes.example/assets/social-share-card.jpg",
        "https://www.harbourtimes.example/static/placeholder.jpg",
        "https://www.harbourtimes.example/static/brand/harbour.jpg",
        "https://www.harbourtimes.example/static/harbour-times.svg",
        "https://www.harbourtimes.example/apple-touch-icon-1200x1200.png",  # the head's icon, larger
    ],
)
def test_a_logo_a_default_share_card_an_svg_or_the_site_s_icon_is_no_lead_image(image: str) -> None:
    head = _og(image) + '<link rel="apple-touch-icon" href="/apple-touch-icon.png">'
    assert _sources(extract(raw_document(_page(head, ""), url=PAGE_URL)).html) == []


def test_the_publisher_s_logo_in_json_ld_is_no_lead_image() -> None:
    logo = "https://www.harbourtimes.example/media/ht-square-1200.jpg"
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "NewsArticle", "headline": "Harbour bridge reopens", "publisher": {"@id": "#org"}},
            {
                "@type": "NewsMediaOrganization",
                "@id": "#org",
                "name": "Harbour Times",
                "logo": {"@type": "ImageObject", "url": logo},
            },
        ],
    }
    head = _og(logo) + f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    assert _sources(extract(raw_document(_page(head, ""), url=PAGE_URL)).html) == []


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (  # the Guardian: one hash, crops and widths in the path and the query
            "https://i.guim.co.uk/img/media/8a1b2c3d/0_137_4000_2400/master/4000.jpg?width=1200&s=x",
            "https://i.guim.co.uk/img/media/8a1b2c3d/0_0_3000_1800/master/3000.jpg?width=620&s=y",
        ),
        (  # the BBC: its branded share card and the body's WebP
            "https://ichef.bbci.co.uk/news/1024/branded_news/1234/live/a1b2c3d0-abcd.jpg",
            "https://ichef.bbci.co.uk/news/480/cpsprodpb/1234/live/a1b2c3d0-abcd.jpg.webp",
        ),
        (  # the New York Times: named sizes
            "https://static01.nyt.com/images/2026/12/01/multimedia/01bridge/01bridge-facebookJumbo.jpg",
            "https://static01.nyt.com/images/2026/12/01/multimedia/01bridge/01bridge-superJumbo.jpg",
        ),
        (  # AP: the image behind its resizer's query
            "https://dims.apnews.com/dims4/default/7b3b/2147483647/resize/1440x960!/?url=https%3A%2F%2Fassets.apnews.com%2Fde%2Fad%2Fbeefcafe%2Fphoto.jpg",
            "https://dims.apnews.com/dims4/default/99aa/2147483647/resize/599x399!/?url=https%3A%2F%2Fassets.apnews.com%2Fde%2Fad%2Fbeefcafe%2Fphoto.jpg",
        ),
        (  # Der Spiegel: width, ratio and focus point after the image's id
            "https://cdn.prod.www.spiegel.de/images/0e5f1c2a-1234-4c1d-9a8b-0123456789ab_w1200_r1.77_fpx40_fpy50.jpg",
            "https://cdn.prod.www.spiegel.de/images/0e5f1c2a-1234-4c1d-9a8b-0123456789ab_w948_r1.77_fpx40_fpy50.jpg",
        ),
        (  # Substack: the stored image inside the CDN's fetch address
            "https://substackcdn.com/image/fetch/w_1200,h_600,c_fill/https%3A%2F%2Fsubstack-post-media.s3.amazonaws.com%2Fpublic%2Fimages%2F5f1e2d3c-aaaa_1024x768.jpeg",
            "https://substackcdn.com/image/fetch/w_1456,c_limit,f_auto/https%3A%2F%2Fsubstack-post-media.s3.amazonaws.com%2Fpublic%2Fimages%2F5f1e2d3c-aaaa_1024x768.jpeg",
        ),
    ],
)
def test_one_image_at_two_sizes_is_one_image(one: str, other: str) -> None:
    assert image_key(one) == image_key(other)


def test_two_images_of_one_article_are_two() -> None:
    assert image_key("https://cdn.example/2026/12/bridge-deck.jpg") != image_key(
        "https://cdn.example/2026/12/bridge-cables.jpg"
    )
    assert image_key("https://i.guim.co.uk/img/media/aaa111/0_0_1_1/master/1.jpg") != image_key(
        "https://i.guim.co.uk/img/media/bbb222/0_0_1_1/master/1.jpg"
    )


ENTRY = (
    "<p>The harbour bridge reopened to traffic on Monday after eighteen months of repairs.</p>"
    "<p>Cyclists will have a lane of their own on the new deck from the spring.</p>"
)


def _entry(body: str, image: str | None) -> str:
    hints = DocumentHints(title="Harbour bridge reopens", image=image)
    raw = raw_document(
        body,
        url=PAGE_URL,
        kind="feed",
        locator="https://www.harbourtimes.example/rss",
        entry_key="1",
        hints=hints,
    )
    return extract(raw).html


def test_a_feed_s_image_for_an_entry_leads_its_content_where_the_content_has_none() -> None:
    image = "https://cdn.harbourtimes.example/2026/12/bridge-deck.jpg"
    assert _sources(_entry(ENTRY, image)) == [image]
    assert _sources(_entry(ENTRY, None)) == []


def test_a_feed_s_image_that_the_entry_s_content_shows_is_not_shown_twice() -> None:
    shown = "https://cdn.harbourtimes.example/2026/12/bridge-deck-768x432.jpg"
    body = f"{ENTRY}<p><img src='{shown}' alt=''></p>"
    assert _sources(_entry(body, "https://cdn.harbourtimes.example/2026/12/bridge-deck.jpg")) == [shown]


def test_an_image_proxy_s_address_leads_as_the_image_it_serves() -> None:
    # AP's resizer: a "default" folder of the proxy's and a hexadecimal "ad" shard of the store's
    # are no logo's or advertisement's.
    image = (
        "https://dims.apnews.com/dims4/default/7b3b/2147483647/resize/1440x960!/"
        "?url=https%3A%2F%2Fassets.apnews.com%2F3e%2Fad%2Fbeefcafe%2Fphoto.jpg"
    )
    assert _sources(extract(raw_document(_page(_og(image), ""), url=PAGE_URL)).html) == [
        image.replace("&", "&amp;")
    ]


def test_two_addresses_run_together_in_og_image_are_no_lead_image() -> None:
    broken = "https://www.alacarte.example/fileadmin/csm_Seiler_b8.jpghttps://www.alacarte.example/fileadmin/csm_Seiler_c2.jpg"
    assert _sources(extract(raw_document(_page(_og(broken), ""), url=PAGE_URL)).html) == []


@pytest.mark.parametrize(
    "image",
    [
        "https://www.harbourtimes.example/wp-content/themes/harbour2020/img/facebook.jpg",  # a theme's file
        "https://www.harbourtimes.example/facebook.jpg",  # named for where it is shared
        "https://www.harbourtimes.example/news/images/og-image.png",
        "https://www.harbourtimes.example/SharedDocs/OG-Image.jpg?__blob=cover&v=5",
        "https://www.harbourtimes.example/SharedDocs/Bilder/twitter-standard.jpg",
        "https://www.harbourtimes.example/typo3conf/ext/site/Resources/Public/Images/sharing/harbour_og.jpg",
        "https://blog.harbourtimes.example/hubfs/mail_banner_300x250_expo2018.png",  # an ad's size
    ],
)
def test_a_share_card_named_for_where_it_is_shared_or_a_theme_s_file_is_no_lead_image(image: str) -> None:
    assert _sources(extract(raw_document(_page(_og(image), ""), url=PAGE_URL)).html) == []


@pytest.mark.parametrize(
    "image",
    [
        "https://images.wsj.example/im-128022/social",  # the article's photo at the "social" size
        "https://www.healthline.example/images/how-to-stop-binge-eating-1200x628-facebook.jpg",
        "https://s.yimg.example/uu/api/res/1.2/gE95X/http://media.zenfs.example/News/harbour-bridge.jpg",
    ],
)
def test_an_article_s_photo_sized_or_named_for_sharing_is_a_lead_image(image: str) -> None:
    assert _sources(extract(raw_document(_page(_og(image), ""), url=PAGE_URL)).html) == [image]


def test_the_wsj_s_social_size_and_the_body_s_size_are_one_image() -> None:
    assert image_key("https://images.wsj.net/im-128022/social") == image_key(
        "https://images.wsj.net/im-128022?width=700"
    )


def test_og_image_alt_is_the_lead_picture_s_alternative_text() -> None:
    head = f'{_og(HERO)}<meta property="og:image:alt" content="The new  deck at dawn">'
    html = extract(raw_document(_page(head, ""), url=PAGE_URL)).html
    assert f'<img src="{HERO}" alt="The new deck at dawn"' in html


@pytest.mark.parametrize(
    ("head", "alt"),
    [
        # Twitter's card describes the one image both name.
        (f'{_og(HERO)}<meta name="twitter:image" content="{HERO}">'
         '<meta name="twitter:image:alt" content="The new deck">', "The new deck"),
        # Twitter's card describes another image than the one shown.
        (f'{_og(HERO)}<meta name="twitter:image" content="{HERO}?crop=square">'
         '<meta name="twitter:image:alt" content="The old deck">', ""),
    ],
)  # fmt: skip
def test_twitter_image_alt_describes_only_its_own_image(head: str, alt: str) -> None:
    assert f'<img src="{HERO}" alt="{alt}"' in extract(raw_document(_page(head, ""), url=PAGE_URL)).html


def test_a_feed_entry_with_a_title_and_no_text_is_shown_as_its_picture() -> None:
    image = "https://cdn.harbourtimes.example/2026/12/bridge-deck.jpg"
    hints = DocumentHints(title="Harbour bridge reopens", image=image)
    article = extract(raw_document("", url=PAGE_URL, kind="feed", locator="rss", entry_key="1", hints=hints))
    assert _sources(article.html) == [image]
    assert article.html.startswith("<figure><img ")
    assert article.html.endswith("</figure>")
    assert article.text == ""
    assert article.title == "Harbour bridge reopens"
    # A logo named as the entry's image is still none.
    logo = DocumentHints(title="Harbour bridge reopens", image="https://www.harbourtimes.example/logo.png")
    raw = raw_document("", url=PAGE_URL, kind="feed", locator="rss", entry_key="1", hints=logo)
    assert extract(raw).html == ""
