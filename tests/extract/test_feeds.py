"""Feed entries: full text, teasers, headline-only entries, feed boilerplate, hostile content."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tidings.errors import NotAnArticle, TooLarge, Unreadable, UnsafeInput
from tidings.extract import extract, guards
from tidings.extract.feeds import _in_another_language
from tidings.gather.feeds import parse_feed
from tidings.model import DocumentHints, Outlet, RawDocument

from .helpers import raw_document

FEED = "https://www.ntd.example.com/feed.xml"


def _entry(body: str, **hints: object) -> RawDocument:
    return raw_document(
        body,
        url="https://www.ntd.example.com/world/putin-visits-belarus?utm_source=rss",
        kind="feed",
        locator=FEED,
        entry_key="tag:ntd,2022:1",
        hints=DocumentHints(**hints),  # type: ignore[arg-type]
    )


def test_a_full_text_entry_keeps_its_paragraphs_and_drops_feed_boilerplate() -> None:
    body = (
        "<p>Russian President Vladimir Putin made a rare trip Monday to Moscow’s ally Belarus.</p>"
        "<p>Putin said he and Lukashenko discussed forming “a single defense space”.</p>"
        '<p>The post <a href="https://www.ntd.example.com/x">Putin visits Belarus</a> '
        "appeared first on NTD.</p>"
    )
    published = datetime(2022, 12, 19, 10, tzinfo=UTC)
    article = extract(
        _entry(
            body,
            title="Putin Visits Ally Belarus",
            byline="By Web Staff",
            outlet="NTD",
            published_at=published,
        )
    )
    assert article.text.split("\n\n") == [
        "Russian President Vladimir Putin made a rare trip Monday to Moscow’s ally Belarus.",
        "Putin said he and Lukashenko discussed forming “a single defense space”.",
    ]
    assert (article.title, article.byline, article.published_at) == (
        "Putin Visits Ally Belarus",
        "Web Staff",
        published,
    )
    assert article.outlet.name == "NTD"
    assert article.outlet.domain == "example.com"
    assert article.url == "https://www.ntd.example.com/world/putin-visits-belarus"
    assert article.language == "en"


@pytest.mark.parametrize("body", ["", "   ", "<p></p>", "<img src='x.jpg'>"])
def test_a_headline_only_entry_is_still_an_article(body: str) -> None:
    article = extract(_entry(body, title="Putin Visits Ally Belarus"))
    assert article.title == "Putin Visits Ally Belarus"
    assert article.text == ""
    assert article.html == ""


def _media_entry(link: str | None) -> RawDocument:
    hints = DocumentHints(
        title="Episode 12: the new bridge",
        outlet="Town Radio",
        outlet_url="https://radio.example.org/",
        media_url="https://cdn.podhost.example.net/radio/ep12.mp3?utm_source=rss",
    )
    return raw_document(
        "", url=link, kind="feed", locator="https://radio.example.org/podcast.xml", hints=hints
    )


@pytest.mark.parametrize("link", [None, "https://radio.example.org/"], ids=["no-link", "home-page-link"])
def test_an_entry_with_only_its_media_is_a_headline_linking_the_media(link: str | None) -> None:
    # A podcast episode or a video: a title and an <enclosure>, no text, no link of its own (or
    # the show's home page). Headline-only, as other entries without text are, with the media as
    # its address; the outlet is the feed's, not the media host's.
    article = extract(_media_entry(link))
    assert (article.title, article.text) == ("Episode 12: the new bridge", "")
    assert article.url == "https://cdn.podhost.example.net/radio/ep12.mp3"
    assert (article.outlet.name, article.outlet.domain) == ("Town Radio", "example.org")


def test_an_entry_s_own_link_wins_over_its_media() -> None:
    article = extract(_media_entry("https://radio.example.org/episodes/12"))
    assert article.url == "https://radio.example.org/episodes/12"


def test_a_teaser_entry_falls_back_on_the_summary() -> None:
    article = extract(_entry("", title="Putin Visits Ally Belarus", summary="<p>A rare trip to Minsk.</p>"))
    assert article.text == "A rare trip to Minsk."


def test_an_entry_with_neither_title_nor_text_is_not_an_article() -> None:
    with pytest.raises(NotAnArticle) as caught:
        extract(_entry("<p> </p>"))
    assert str(caught.value).startswith(f"{FEED} [tag:ntd,2022:1]: ")


def test_an_entry_with_nul_bytes_is_unreadable() -> None:
    with pytest.raises(Unreadable, match="binary"):
        extract(_entry("<p>a\x00b</p>", title="x"))


def test_entry_html_is_sanitized() -> None:
    body = '<p onclick="steal()">Text <a href="javascript:alert(1)">link</a><script>alert(1)</script></p>'
    article = extract(_entry(body, title="T"))
    assert "onclick" not in article.html
    assert "javascript" not in article.html
    assert "<script" not in article.html
    assert article.text == "Text link"


def test_article_text_over_the_cap_is_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guards, "MAX_ARTICLE_TEXT_BYTES", 100)
    with pytest.raises(TooLarge) as caught:
        extract(_entry("<p>" + "words " * 50 + "</p>", title="Long"))
    assert caught.value.cap == 100
    assert caught.value.size > 100


def test_an_entry_that_carries_its_own_html_element_is_read() -> None:
    article = extract(
        _entry("<html ontouchstart=alert(1)><body><p>Text of the entry.</p></body></html>", title="T")
    )
    assert article.text == "Text of the entry."
    assert "ontouchstart" not in article.html


def test_plain_text_content_keeps_its_paragraphs() -> None:
    article = extract(_entry("First paragraph\nof the entry.\n\nSecond one & more.", title="T"))
    assert article.text == "First paragraph of the entry.\n\nSecond one & more."
    assert article.html == "<p>First paragraph of the entry.</p><p>Second one &amp; more.</p>"


def test_an_entry_keeps_the_heading_and_text_of_a_card_inside_a_link_apart() -> None:
    body = (
        "<div>Minsk, Tuesday. <a href='/belarus'><h3>Who rules Belarus</h3><p>A short history.</p></a>"
        " More to follow.<br>Updated hourly.</div>"
    )
    article = extract(_entry(body, title="T"))
    assert article.text == (
        "Minsk, Tuesday.\n\nWho rules Belarus\n\nA short history.\n\nMore to follow.\nUpdated hourly."
    )
    assert "<h3>Who rules Belarus</h3>" in article.html


def test_entry_html_with_a_tag_of_too_many_attributes_is_refused() -> None:
    attributes = " ".join(f"a{number}" for number in range(guards.MAX_TAG_ATTRIBUTES + 1))
    with pytest.raises(UnsafeInput, match="more than 1,000 attributes"):
        extract(_entry(f"<p {attributes}>Text</p>", title="T"))


def test_an_entry_whose_link_is_unusable_stays_with_its_feeds_outlet() -> None:
    # A "javascript:" link gives no domain; the entry must not become an outlet apart from its
    # feed's other entries (it did: keyed by the channel's name, with no domain).
    rss = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Chan News</title>'
        b"<link>https://www.chan-news.com/</link>"
        b"<item><title>Odd link</title><link>javascript:alert(1)</link>"
        b"<description>The council met on Monday and approved the budget.</description></item>"
        b"<item><title>Good link</title><link>https://www.chan-news.com/a</link>"
        b"<description>The mayor spoke on Tuesday about the bridge.</description></item>"
        b"</channel></rss>"
    )
    parsed = parse_feed(rss, locator="chan.xml", feed_url=None, fetched_at=datetime(2026, 12, 5, tzinfo=UTC))
    outlets = {extract(entry).outlet for entry in parsed.entries}
    assert outlets == {Outlet(name="Chan News", domain="chan-news.com")}


def test_an_aggregators_entry_is_the_outlet_it_names_as_its_source() -> None:
    # Google News' RSS: each item links through news.google.com and names its outlet in
    # <source url="...">; a planet's Atom entries carry the blog's own <source> feed. An entry
    # without one stays with the feed.
    rss = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Top stories - Google News</title>'
        b"<link>https://news.google.com/</link>"
        b"<item><title>Putin visits Minsk - Reuters</title>"
        b"<link>https://news.google.com/rss/articles/CBMiXmh0dHBz?oc=5</link>"
        b'<source url="https://www.reuters.com">Reuters</source></item>'
        b"<item><title>Budget passed</title><link>https://news.google.com/rss/articles/CBMiYm?oc=5</link>"
        b"</item></channel></rss>"
    )
    parsed = parse_feed(rss, locator="gn.xml", feed_url=None, fetched_at=datetime(2026, 12, 5, tzinfo=UTC))
    assert [extract(entry).outlet for entry in parsed.entries] == [
        Outlet(name="Reuters", domain="reuters.com"),
        Outlet(name="Top stories - Google News", domain="google.com"),
    ]
    atom = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Planet Python</title>'
        b'<link href="https://planetpython.org/"/><id>tag:planet</id><updated>2026-12-05T00:00:00Z</updated>'
        b'<entry><title>Release notes</title><link href="https://blog.example.org/notes"/><id>tag:n</id>'
        b"<updated>2026-12-05T00:00:00Z</updated><summary>What changed in the release.</summary>"
        b'<source><title>Example Blog</title><link rel="alternate" href="https://blog.example.org/"/>'
        b"<id>tag:b</id></source></entry></feed>"
    )
    parsed = parse_feed(
        atom, locator="planet.xml", feed_url=None, fetched_at=datetime(2026, 12, 5, tzinfo=UTC)
    )
    assert extract(parsed.entries[0]).outlet == Outlet(name="Example Blog", domain="example.org")


def test_an_aggregators_entry_title_loses_the_outlet_name_it_appends() -> None:
    # Google News' RSS (shape of its items, 2024): "Headline - Outlet", the outlet also in <source>.
    # An outlet's own feed may append its name too; a headline's own last part stays.
    rss = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Top stories - Google News</title>'
        b"<link>https://news.google.com/</link>"
        b"<item><title>Boeing whistleblower found dead in US - BBC.com</title>"
        b"<link>https://news.google.com/rss/articles/CBMiMmh0?oc=5</link>"
        b'<source url="https://www.bbc.com">BBC.com</source></item>'
        b"<item><title>Fed holds rates steady - The Wall Street Journal</title>"
        b"<link>https://news.google.com/rss/articles/CBMiQ2h0?oc=5</link>"
        b'<source url="https://www.wsj.com">The Wall Street Journal</source></item>'
        b"<item><title>Fed holds rates - Reuters poll</title>"
        b"<link>https://news.google.com/rss/articles/CBMiXmh0?oc=5</link>"
        b'<source url="https://www.reuters.com">Reuters</source></item>'
        b"</channel></rss>"
    )
    parsed = parse_feed(rss, locator="gn.xml", feed_url=None, fetched_at=datetime(2026, 12, 7, tzinfo=UTC))
    assert [extract(entry).title for entry in parsed.entries] == [
        "Boeing whistleblower found dead in US",
        "Fed holds rates steady",
        "Fed holds rates - Reuters poll",
    ]
    own = extract(_entry("", title="Putin visits Belarus - NTD News", outlet="NTD"))
    assert own.title == "Putin visits Belarus"
    headline = extract(_entry("", title="Putin - a profile", outlet="NTD"))
    assert headline.title == "Putin - a profile"


def test_character_references_in_an_entry_without_tags_are_read_as_text() -> None:
    # An RSS description is HTML even when it holds no tag; feedparser's corpus
    # (encoding/demoronize-3.xml) and WordPress feeds carry "don&#146;t", "&#8220;…&#8221;".
    article = extract(_entry("Plain: don&#146;t say &#8220;no&#8221; &amp; leave", title="T"))
    assert article.text == "Plain: don\u2019t say \u201cno\u201d & leave"
    assert article.html == "<p>Plain: don\u2019t say \u201cno\u201d &amp; leave</p>"


def test_an_entry_linking_the_site_s_home_page_has_no_address_of_its_own() -> None:
    # Some feeds link every entry to the home page: taken as each entry's address, all of them
    # were one stored article. The home page still names the outlet.
    rss = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Briefs</title>'
        b"<link>https://www.briefs.example.com/</link>"
        b"<item><guid>b-1</guid><title>Council approves budget</title>"
        b"<link>https://www.briefs.example.com/?utm_source=rss</link>"
        b"<description>The council met on Monday and approved the budget.</description></item>"
        b"<item><guid>b-2</guid><title>Bridge reopens</title><link>https://www.briefs.example.com/</link>"
        b"<description>The bridge reopened on Tuesday after repairs.</description></item>"
        b"<item><guid>b-3</guid><title>School opens</title><link>https://www.briefs.example.com/school</link>"
        b"<description>The new school opened on Wednesday.</description></item>"
        b"</channel></rss>"
    )
    parsed = parse_feed(
        rss, locator="briefs.xml", feed_url=None, fetched_at=datetime(2026, 12, 6, tzinfo=UTC)
    )
    articles = [extract(entry) for entry in parsed.entries]
    assert [article.url for article in articles] == [None, None, "https://www.briefs.example.com/school"]
    assert {article.outlet.domain for article in articles} == {"example.com"}


_FULL_TEXT = (
    "<p>Russian President Vladimir Putin made a rare trip Monday to Moscow’s ally Belarus.</p>"
    "<p>Putin said he and Lukashenko discussed forming “a single defense space”.</p>"
)


def test_a_summary_beside_the_full_text_is_its_standfirst() -> None:
    dek = "The Kremlin leader's first visit since 2019 comes as Minsk hosts Russian troops."
    article = extract(_entry(_FULL_TEXT, title="Putin Visits Ally Belarus", summary=dek))
    assert article.standfirst == dek
    assert dek not in article.text


@pytest.mark.parametrize(
    "summary",
    [
        # the text's opening: an excerpt, as WordPress writes its description
        "Russian President Vladimir Putin made a rare trip Monday to Moscow’s ally Belarus.",
        "Russian President Vladimir Putin made a rare trip Monday to Moscow’s ally Belarus. Putin said […]",
        "Russian President Vladimir Putin made a rare trip Monday …",
        # the title again, boilerplate, a paragraph the text holds, too short, an excerpt of many paragraphs
        "Putin visits ally Belarus",
        "The post Putin visits Belarus appeared first on NTD.",
        "Continue reading Putin visits Belarus",
        "Putin said he and Lukashenko discussed forming “a single defense space”.",
        "Exclusive.",
        "A rare trip. " * 40,
        # review, 2026-12-07: the text's opening with a generator's words after the cut, the
        # entry's own text flattened from HTML (its blocks run together), the headline and the
        # outlet, a list of headlines opening with this one, an address, a row of fields
        "Russian President Vladimir Putin made a rare trip Monday to Moscow’s ally. Continue reading →",
        "Russian President Vladimir Putin made a rare trip […] The post Putin visits appeared first on NTD.",
        "Russian President Vladimir Putin made a rare trip Monday to Moscow’s ally Belarus.Putin said he",
        "Putin visits ally Belarus - NTD News",
        "Putin visits ally Belarus NTD NewsPutin lands in Minsk for talks with Lukashenko Daily Post",
        "https://www.ntd.example.com/world/putin-visits-belarus?utm_source=rss&utm_medium=feed",
        "Comments: 12 | Posted in World, Europe, Belarus, Russia, Diplomacy",
    ],
)
def test_a_summary_that_says_nothing_beside_the_text_is_no_standfirst(summary: str) -> None:
    article = extract(_entry(_FULL_TEXT, title="Putin visits ally Belarus", summary=summary))
    assert article.standfirst is None


def test_a_teaser_entry_has_no_standfirst_its_summary_is_its_text() -> None:
    summary = "The Kremlin leader's first visit since 2019 comes as Minsk hosts Russian troops."
    article = extract(_entry("", title="Putin Visits Ally Belarus", summary=summary))
    assert article.text == summary
    assert article.standfirst is None


def test_an_entry_with_its_text_only_in_its_content_has_no_standfirst() -> None:
    # feedparser gives an entry's content as its summary too when it has no description: the
    # summary, flattened from HTML, is the text again with its blocks run together.
    rss = (
        b'<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        b"<channel><title>The Herald</title><link>https://herald.example/</link>"
        b"<item><title>Bridge vote</title>"
        b"<link>https://herald.example/bridge</link><content:encoded><![CDATA[<p>By Ana Lima</p>"
        b"<p>The council voted on Monday to build the bridge across the river.</p>"
        b"<p>Work starts in the spring and takes three years.</p>]]></content:encoded></item></channel></rss>"
    )
    read_at = datetime(2026, 12, 5, tzinfo=UTC)
    parsed = parse_feed(rss, locator="herald.xml", feed_url=None, fetched_at=read_at)
    article = extract(parsed.entries[0])
    assert "The council voted on Monday" in article.text
    assert article.standfirst is None


def test_a_standfirst_loses_soft_hyphens_and_control_characters() -> None:
    summary = "The Kremlin leader\u2019s first vi\u00adsit since 2019\u001b[2J comes as Minsk hosts troops."
    article = extract(_entry(_FULL_TEXT, title="Putin Visits Ally Belarus", summary=summary))
    # The escape sequence goes whole, as in every other field (``tidings.controls``).
    assert article.standfirst == "The Kremlin leader’s first visit since 2019 comes as Minsk hosts troops."


_GERMAN_TEXT = (
    "<p>Der Bundeskanzler sagte am Montag in Berlin, die Regierung werde trotz der wachsenden Lücke im "
    "Haushalt in diesem Jahr keine Steuern erhöhen.</p><p>Die Opposition kritisierte die Ankündigung "
    "scharf und forderte einen Nachtragshaushalt noch vor der Sommerpause.</p>"
)


def test_a_summary_in_another_language_than_the_text_is_no_standfirst() -> None:
    # An English summary beside a German full text (a feed that writes its descriptions in English):
    # under the German headline, it is no dek of this text.
    english = (
        "Chancellor Olaf Scholz said on Monday that the government would not raise taxes this year, "
        "despite a growing gap in the federal budget."
    )
    german = (
        "Bundeskanzler Olaf Scholz kündigt an, dass die Regierung in diesem Jahr keine Steuern erhöhen "
        "werde, obwohl die Lücke im Haushalt wächst."
    )
    title = "Scholz schließt Steuererhöhungen aus"
    assert extract(_entry(_GERMAN_TEXT, title=title, summary=english, language="de")).standfirst is None
    assert extract(_entry(_GERMAN_TEXT, title=title, summary=german, language="de")).standfirst == german
    # Whatever the feed declares: the text says what its language is.
    assert extract(_entry(_GERMAN_TEXT, title=title, summary=english, language="en")).standfirst is None


def test_a_summary_too_short_to_tell_its_language_is_judged_by_the_other_rules() -> None:
    # Too few words for a sure reading (py3langid is 0.77 sure this is English): kept, as before.
    dek = "The Kremlin leader's first visit since 2019 comes as Minsk hosts Russian troops."
    article = extract(_entry(_GERMAN_TEXT, title="Putin in Minsk", summary=dek, language="de"))
    assert article.standfirst == dek


def _google_news_feed(summary: str) -> bytes:
    """A Google News-style entry, its summary given as HTML, beside a full text of its own."""
    return (
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Top stories</title><link>https://news.example.com/</link><item>"
        "<title>Putin visits ally Belarus - NTD</title><link>https://news.example.com/articles/1</link>"
        f"<description><![CDATA[{summary}]]></description>"
        f"<content:encoded><![CDATA[{_FULL_TEXT}]]></content:encoded>"
        '<source url="https://www.ntd.example.com">NTD</source></item></channel></rss>'
    ).encode()


@pytest.mark.parametrize(
    "summary",
    [
        # the story's headlines, each linked, each with its outlet's name; the first is not the title
        '<ol><li><a href="https://news.example.com/a/1">Putin lands in Minsk for talks with Lukashenko</a>'
        '&nbsp;&nbsp;<font color="#6f6f6f">NTD</font></li><li><a href="https://news.example.com/a/2">'
        "Kremlin leader makes his first Belarus trip since 2019 as drills go on</a>&nbsp;&nbsp;"
        '<font color="#6f6f6f">Reuters</font></li></ol>',
        # one headline linked, and its outlet
        '<a href="https://news.example.com/a/1">Kremlin leader makes his first trip to Minsk since 2019'
        '</a>&nbsp;&nbsp;<font color="#6f6f6f">NTD</font>',
        # a list of points, not linked
        "<ul><li>Putin and Lukashenko discussed a single defence space.</li>"
        "<li>Russian troops will stay in Belarus for joint drills.</li></ul>",
    ],
    ids=["list of linked headlines", "one linked headline", "list of points"],
)
def test_a_summary_that_is_a_list_or_links_is_no_standfirst(summary: str) -> None:
    read_at = datetime(2026, 12, 7, tzinfo=UTC)
    [entry] = parse_feed(
        _google_news_feed(summary), locator="news.xml", feed_url=None, fetched_at=read_at
    ).entries
    assert extract(entry).standfirst is None


def test_a_summary_with_a_link_in_its_prose_is_still_a_standfirst() -> None:
    summary = (
        'The Kremlin leader\u2019s first visit since 2019 comes as <a href="https://news.example.com/minsk">'
        "Minsk</a> hosts Russian troops for joint drills."
    )
    read_at = datetime(2026, 12, 7, tzinfo=UTC)
    [entry] = parse_feed(
        _google_news_feed(summary), locator="news.xml", feed_url=None, fetched_at=read_at
    ).entries
    assert extract(entry).standfirst == (
        "The Kremlin leader\u2019s first visit since 2019 comes as Minsk hosts Russian troops "
        "for joint drills."
    )


def test_a_summary_that_is_one_sentence_linked_to_its_article_is_a_standfirst() -> None:
    # The shape a WordPress or Blogger theme gives an entry's teaser: the sentence wrapped whole
    # in a link to the entry's own page. Mostly link text, but no list of headlines.
    summary = (
        '<a href="https://www.ntd.example.com/world/putin-visits-belarus">The Kremlin leader\u2019s first '
        "visit since 2019 comes as Minsk hosts Russian troops for joint drills.</a>"
    )
    read_at = datetime(2026, 12, 7, tzinfo=UTC)
    [entry] = parse_feed(
        _google_news_feed(summary), locator="news.xml", feed_url=None, fetched_at=read_at
    ).entries
    assert not entry.hints.summary_is_list
    assert extract(entry).standfirst == (
        "The Kremlin leader\u2019s first visit since 2019 comes as Minsk hosts Russian troops "
        "for joint drills."
    )


def test_a_summary_is_judged_by_the_text_s_own_reading_where_the_feed_names_its_language_otherwise() -> None:
    # A Norwegian feed declares "nb"; py3langid names Norwegian "no": the same language.
    text = (
        "Regjeringen vil bruke flere milliarder kroner på å styrke forsvaret i nord, sier statsministeren "
        "etter møtet med de andre partiene. Opposisjonen mener pengene kommer for sent, og krever at "
        "Stortinget får behandle saken før sommeren."
    )
    assert len(text) >= 200  # long enough to be judged
    dek = "Statsministeren mener at det er for tidlig å si hva som skjer med strømprisene i vinter."
    assert not _in_another_language(dek, text, "nb")
    assert _in_another_language(dek, extract(_entry(_GERMAN_TEXT, title="Steuern")).text, "de")


def test_a_standfirst_loses_zero_width_spaces_as_the_text_does() -> None:
    summary = (
        "\u200bThe Kremlin leader\u2019s first vi\u200bsit since 2019 \u200b comes as \ufeffMinsk "
        "hosts troops.\u200b"
    )
    article = extract(_entry(_FULL_TEXT, title="Putin Visits Ally Belarus", summary=summary))
    assert article.standfirst == "The Kremlin leader’s first visit since 2019 comes as Minsk hosts troops."
