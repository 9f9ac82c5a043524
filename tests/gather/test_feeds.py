"""parse_feed: RSS, Atom, RSS 1.0 and JSON Feed documents become a ParsedFeed of RawDocuments."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tidings.errors import Unreadable, UnsafeInput
from tidings.gather.feeds import parse_feed
from tidings.model import ParsedFeed, RawDocument

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def read(name: str, *, feed_url: str | None = None, locator: str | None = None) -> ParsedFeed:
    path = FIXTURES / "gather" / name
    return parse_feed(path.read_bytes(), locator=locator or str(path), feed_url=feed_url, fetched_at=NOW)


def rss(items: str, channel: str = "<title>Feed</title><link>https://feed.example/</link>") -> bytes:
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{channel}{items}</channel></rss>'.encode()


def parse(body: bytes, *, content_type: str | None = None) -> ParsedFeed:
    return parse_feed(body, locator="feed.xml", feed_url=None, fetched_at=NOW, content_type=content_type)


def test_rss_feed_metadata() -> None:
    feed = read("rss20-news.xml")
    assert feed.format == "rss20"
    assert feed.title == "The Example Tribune & Courier"
    assert feed.site_url == "https://tribune.example/"
    assert feed.self_url == "https://tribune.example/feed.xml"
    assert feed.hub_urls == ("https://hub.example/",)
    assert feed.description == "News from Example City"
    assert feed.language == "en-GB"
    assert feed.ttl_minutes == 30
    assert feed.update_period_minutes == 15
    assert feed.updated_at == datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    assert feed.icon_url == "https://tribune.example/logo.png"
    assert feed.warnings == ()


def test_an_rss_entry_becomes_a_raw_document_with_full_text_and_hints() -> None:
    path = FIXTURES / "gather" / "rss20-news.xml"
    first = read("rss20-news.xml").entries[0]
    assert isinstance(first, RawDocument)
    assert first.provenance.kind == "feed"
    assert first.provenance.locator == str(path)
    assert first.provenance.entry_key == "tribune-48213"
    assert first.media_type == "text/html"
    assert first.url == "https://tribune.example/2026/11/23/bridge"
    assert first.fetched_at == NOW
    # content:encoded is preferred over the description, and passed on as the feed gives it:
    # making HTML safe to display is the extractor's work, for feeds and pages alike.
    assert first.body == (
        "<p>The council voted <b>7 to 2</b> on Monday to build the bridge.</p>"
        "<p>Work starts in spring.</p><script>track()</script>"
    )
    hints = first.hints
    assert hints.title == "Council approves the new bridge"
    assert hints.byline == "Ana Lima"
    assert hints.published_at == datetime(2026, 11, 23, 7, 15, tzinfo=UTC)
    assert hints.outlet == "The Example Tribune & Courier"
    assert hints.language == "en-GB"
    assert hints.summary == "The council voted 7 to 2 for the bridge."


def test_an_entry_without_full_text_uses_its_description_and_resolves_its_link() -> None:
    second = read("rss20-news.xml").entries[1]
    assert second.body == "Gales are expected <em>tonight</em>."
    assert second.url == "https://tribune.example/2026/11/23/storm"
    # Keyed by its link as written: resolved, it would change with the address read from.
    assert second.provenance.entry_key == "/2026/11/23/storm"
    assert second.hints.byline == "Weather Desk"
    assert second.hints.summary == "Gales are expected tonight."


def test_a_publication_date_more_than_a_day_ahead_is_dropped() -> None:
    future = read("rss20-news.xml").entries[2]
    assert future.hints.published_at is None
    assert future.provenance.entry_key == "https://tribune.example/2026/12/31/future"


def test_relative_links_resolve_against_the_address_the_feed_was_fetched_from() -> None:
    feed = read("rss20-news.xml", feed_url="https://mirror.example/feeds/tribune.xml")
    assert feed.entries[1].url == "https://mirror.example/2026/11/23/storm"


def test_a_relative_guid_keeps_its_key_whichever_address_the_feed_was_fetched_from() -> None:
    # A redirect or a move changes the address a feed is read from; were the guid resolved
    # against it, every entry would get a new key and the next poll would take each for new.
    keys = {
        address: [entry.provenance.entry_key for entry in read("rss20-news.xml", feed_url=address).entries]
        for address in (None, "https://tribune.example/feed", "https://moved.example/rss")
    }
    assert keys[None][:2] == ["tribune-48213", "/2026/11/23/storm"]
    assert keys["https://tribune.example/feed"] == keys["https://moved.example/rss"] == keys[None]


def test_a_guid_that_is_no_address_keeps_its_key_whichever_address_the_feed_was_fetched_from() -> None:
    # <guid> without isPermaLink counts as a permalink: feedparser resolved "48213" against the
    # fetch address when it was given one.
    body = rss("<item><title>Storm</title><guid>48213</guid><description>Gales.</description></item>")
    keys = {
        parse_feed(body, locator="feed", feed_url=address, fetched_at=NOW).entries[0].provenance.entry_key
        for address in (None, "https://tribune.example/feed", "https://moved.example/rss")
    }
    assert keys == {"48213"}


def test_a_relative_atom_link_and_id_under_xml_base_resolve_against_the_fetch_address() -> None:
    body = (
        b'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="/blog/"><title>Blog</title>'
        b'<entry><id>post-7</id><title>Post</title><link href="post-7.html"/>'
        b'<content type="html">&lt;p&gt;Words.&lt;/p&gt;</content></entry></feed>'
    )
    feed = parse_feed(body, locator="blog", feed_url="https://site.example/feed.atom", fetched_at=NOW)
    assert feed.entries[0].url == "https://site.example/blog/post-7.html"
    assert feed.entries[0].provenance.entry_key == "/blog/post-7"


def test_atom_feed_and_entries() -> None:
    feed = read("atom10-news.xml")
    assert feed.format == "atom10"
    assert feed.title == "Le Quotidien d’Exemple"
    assert feed.site_url == "https://quotidien.example/"
    assert feed.self_url == "https://quotidien.example/atom.xml"
    assert feed.language == "fr"
    assert feed.icon_url == "https://quotidien.example/favicon.ico"
    first, second = feed.entries
    assert first.provenance.entry_key == "tag:quotidien.example,2026:pont"
    assert "<p>Le conseil a voté <em>pour</em> le pont.</p>" in first.body
    assert first.hints.byline == "Claire Martin, Paul Durand"
    assert first.hints.published_at == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    assert first.hints.language == "fr"
    assert second.hints.title == "Texte brut <pas du HTML>"
    assert second.body == "<p>Première ligne<br>\ndeuxième ligne</p>\n<p>Nouveau paragraphe &amp; fin.</p>"
    assert second.hints.published_at == datetime(2026, 11, 22, 18, 0, tzinfo=UTC)


def test_json_feed() -> None:
    feed = read("jsonfeed11-news.json")
    assert feed.format == "jsonfeed11"
    assert feed.title == "Example Daily"
    assert feed.site_url == "https://daily.example/"
    assert feed.self_url == "https://daily.example/feed.json"
    assert feed.hub_urls == ("https://hub.example/",)
    assert feed.language == "en-US"
    # Its third item is a string: named, as an RSS item with nothing in it is, not dropped unsaid.
    assert feed.warnings == ()
    [refused] = feed.skipped
    assert isinstance(refused, Unreadable)
    assert str(refused) == (
        f"{FIXTURES / 'gather' / 'jsonfeed11-news.json'} [item 3]: is a JSON Feed item that is a string,"
        " not an object; it cannot be read as an entry"
    )
    markets, weather, linked = feed.entries
    assert markets.provenance.entry_key == "1001"
    assert markets.body == "<p>Shares rose on Monday.</p>"
    assert markets.hints.byline == "Sam Lee"
    assert markets.hints.summary == "Shares rose."
    assert markets.hints.published_at == datetime(2026, 11, 23, 13, 0, tzinfo=UTC)
    assert weather.url == "https://daily.example/2026/11/23/weather"
    assert weather.body == "<p>It will rain.</p>\n<p>Take an umbrella &amp; boots.</p>"
    assert weather.hints.byline == "The Daily Desk"
    assert weather.hints.language == "en-GB"
    assert weather.hints.published_at == datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    assert linked.url == "https://elsewhere.example/story"
    assert linked.body == "<p>A linked story.</p>"


# A podcast's and a video channel's items as their feeds write them (authored): a title and the
# media, no description, no link; one with a permalink guid, which is its link.
_MEDIA_ITEMS = (
    '<item><title>Episode 12: the new bridge</title><guid isPermaLink="false">ep-12</guid>'
    '<enclosure url="/audio/ep12.mp3" length="1234" type="audio/mpeg"/></item>'
    "<item><title>Council meeting, 1 December</title>"
    '<media:content url="https://cdn.example/video/council.mp4" type="video/mp4" medium="video"/></item>'
    "<item><title>Episode 11</title><guid>https://feed.example/episodes/11</guid>"
    '<enclosure url="https://cdn.example/ep11.mp3" length="1" type="audio/mpeg"/></item>'
)


def test_an_entry_s_enclosure_or_media_content_is_its_media_address() -> None:
    channel = "<title>Town Radio</title><link>https://feed.example/</link>"
    body = rss(_MEDIA_ITEMS, channel).replace(b"<rss ", b'<rss xmlns:media="http://search.yahoo.com/mrss/" ')
    feed = parse_feed(body, locator="feed.xml", feed_url="https://feed.example/podcast.xml", fetched_at=NOW)
    episode, video, linked = feed.entries
    assert (episode.url, episode.hints.media_url) == (None, "https://feed.example/audio/ep12.mp3")
    assert (video.url, video.hints.media_url) == (None, "https://cdn.example/video/council.mp4")
    assert (linked.url, linked.hints.media_url) == (
        "https://feed.example/episodes/11",
        "https://cdn.example/ep11.mp3",
    )


def test_media_every_entry_of_the_feed_carries_is_no_entry_s_address() -> None:
    # A show whose feed points every episode at one file ("latest.mp3", a stream): taken as each
    # episode's address, it made the second and later episodes "already stored (same URL)" as the
    # first, and lost them. Only media of its own is an entry's address.
    shared = '<enclosure url="https://cdn.example/latest.mp3" length="1" type="audio/mpeg"/>'
    items = "".join(
        f'<item><title>Episode {number}</title><guid isPermaLink="false">ep-{number}</guid>{shared}</item>'
        for number in (1, 2)
    )
    own = '<enclosure url="https://cdn.example/ep3.mp3" length="1" type="audio/mpeg"/>'
    items += f'<item><title>Episode 3</title><guid isPermaLink="false">ep-3</guid>{own}</item>'
    feed_url = "https://feed.example/podcast.xml"
    feed = parse_feed(rss(items), locator="feed.xml", feed_url=feed_url, fetched_at=NOW)
    assert [entry.hints.media_url for entry in feed.entries] == [None, None, "https://cdn.example/ep3.mp3"]


def test_a_json_feed_item_s_first_attachment_is_its_media_address() -> None:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Town Radio",
        "items": [
            {
                "id": "ep-12",
                "title": "Episode 12",
                "attachments": [{"url": "https://cdn.example/ep12.mp3", "mime_type": "audio/mpeg"}],
            }
        ],
    }
    [entry] = parse(json.dumps(document).encode()).entries
    assert (entry.url, entry.hints.media_url) == (None, "https://cdn.example/ep12.mp3")


def test_json_feed_1_0_with_a_single_author() -> None:
    document = {
        "version": "https://jsonfeed.org/version/1",
        "title": "Old",
        "author": {"name": "Solo Writer"},
        "items": [{"id": "1", "content_text": "Text", "url": "https://old.example/1"}],
    }
    feed = parse(json.dumps(document).encode())
    assert feed.format == "jsonfeed10"
    assert feed.entries[0].hints.byline == "Solo Writer"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "is not valid JSON"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": {}}', "without an 'items' list"),
        (
            b'{"version": "https://jsonfeed.org/version/1.1"' + b', "x": ' + b"[" * 100_000,
            "nests JSON too deeply",
        ),
    ],
)
def test_broken_json_feeds_are_refused(body: bytes, message: str) -> None:
    with pytest.raises((Unreadable, UnsafeInput), match=message):
        parse(body, content_type="application/feed+json")


def test_a_json_feed_with_a_number_no_feed_needs_is_refused_in_a_users_words() -> None:
    # Before: "is not usable JSON (Exceeds the limit (4300 digits) for integer string conversion:
    # value has 5000 digits; use sys.set_int_max_str_digits() to increase the limit)".
    body = b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": ' + b"1" * 5_000 + b"}]}"
    with pytest.raises(Unreadable) as refused:
        parse(body, content_type="application/feed+json")
    assert refused.value.reason == (
        "is not usable JSON: it holds a number of 5,000 digits, more than any feed or id needs"
    )


def test_rss_1_0_is_read() -> None:
    body = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example/"><title>RDF news</title><link>https://rdf.example/</link></channel>
  <item rdf:about="https://rdf.example/1"><title>One</title><link>https://rdf.example/1</link>
    <dc:date>2026-11-23T10:00:00Z</dc:date><description>First.</description></item>
</rdf:RDF>"""
    feed = parse(body)
    assert feed.format == "rss10"
    assert [entry.url for entry in feed.entries] == ["https://rdf.example/1"]
    assert feed.entries[0].hints.published_at == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_blank_and_repeated_guids_fall_back_to_links_then_content_hashes() -> None:
    items = (
        "<item><guid>same</guid><link>https://feed.example/a</link><title>A</title></item>"
        "<item><guid>same</guid><link>https://feed.example/b</link><title>B</title></item>"
        "<item><guid>  </guid><link>https://feed.example/c</link><title>C</title></item>"
        "<item><link>https://feed.example/d</link><title>D1</title></item>"
        "<item><link>https://feed.example/d</link><title>D2</title></item>"
        "<item><guid>unique</guid><title>E</title></item>"
    )
    keys = [entry.provenance.entry_key for entry in parse(rss(items)).entries]
    assert keys[:3] == ["https://feed.example/a", "https://feed.example/b", "https://feed.example/c"]
    assert str(keys[3]).startswith("sha256:")
    assert str(keys[4]).startswith("sha256:")
    assert keys[3] != keys[4]
    assert keys[5] == "unique"
    assert len(set(keys)) == len(keys)


def test_an_entry_repeated_verbatim_is_kept_once() -> None:
    item = "<item><title>Same</title><description>Same words</description></item>"
    feed = parse(rss(item * 3))
    assert len(feed.entries) == 1
    assert feed.warnings == (f"entry {feed.entries[0].provenance.entry_key} appears 3 times; kept once",)


def test_a_malformed_feed_still_yields_its_entries() -> None:
    body = rss("<item><title>Caf&eacute; &nbsp;opens</title><link>https://feed.example/1</link></item><item>")
    feed = parse(body)
    assert feed.entries[0].hints.title == "Café opens"
    assert feed.warnings
    assert "read leniently" in feed.warnings[0]


def test_an_entry_with_deeply_nested_html_is_skipped_and_the_rest_kept() -> None:
    deep = "&lt;div&gt;" * 600
    items = (
        f"<item><guid>deep</guid><description>{deep}</description></item>"
        "<item><guid>fine</guid><description>ok</description></item>"
    )
    feed = parse(rss(items))
    assert [entry.provenance.entry_key for entry in feed.entries] == ["fine"]
    assert len(feed.skipped) == 1
    assert isinstance(feed.skipped[0], UnsafeInput)
    assert str(feed.skipped[0]).startswith("feed.xml [deep]: nests HTML elements more than 512 deep")


@pytest.mark.parametrize(
    ("author", "byline"),
    [
        ("desk@tribune.example (Weather Desk)", "Weather Desk"),
        ("Weather Desk (desk@tribune.com)", "Weather Desk"),
        ("desk@tribune.com", None),
        ("Weather Desk", "Weather Desk"),
    ],
)
def test_rss_author_values_give_a_name_never_an_email(author: str, byline: str | None) -> None:
    feed = parse(rss(f"<item><guid>1</guid><author>{author}</author></item>"))
    assert feed.entries[0].hints.byline == byline


def test_long_hint_fields_are_shortened() -> None:
    title = "word " * 1_000
    feed = parse(rss(f"<item><title>{title}</title><guid>1</guid></item>"))
    entry_title = feed.entries[0].hints.title
    assert entry_title is not None
    assert len(entry_title) <= 1_000
    assert entry_title.endswith("…")


@pytest.mark.parametrize(
    ("body", "what"),
    [
        (b"<!DOCTYPE html><html><body>x</body></html>", "an HTML page"),
        (b'<opml version="2.0"><body/></opml>', "an OPML subscription list"),
        (b"just some text", "plain text"),
        (b'{"a": 1}', "a JSON document that is not a JSON Feed"),
    ],
)
def test_documents_that_are_not_feeds_are_refused(body: bytes, what: str) -> None:
    with pytest.raises(Unreadable, match=f"^feed.xml: is {what}, not a feed$"):
        parse(body)


def test_a_feed_in_utf16_declared_by_the_server_is_read() -> None:
    body = (
        rss("<item><guid>1</guid><title>Zażółć gęślą jaźń</title></item>")
        .decode()
        .replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-16"?>')
    )
    feed = parse(body.encode("utf-16"), content_type="application/rss+xml; charset=utf-16")
    assert feed.entries[0].hints.title == "Zażółć gęślą jaźń"


def test_a_latin1_feed_declared_in_its_xml_declaration_is_read() -> None:
    body = rss("<item><guid>1</guid><title>Straße in München</title></item>").decode()
    body = body.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>')
    assert parse(body.encode("latin-1")).entries[0].hints.title == "Straße in München"


def test_a_cp1252_feed_behind_a_utf8_bom_is_read_as_cp1252() -> None:
    # A common server bug (a template saved "with BOM" in front of a Latin-1 body): the bytes
    # say cp1252, so they are read as cp1252, not refused as an unknown encoding.
    feed = read("rss20-bom-cp1252.xml", feed_url="https://gazette-littoral.example/feed.rss")
    assert feed.title == "La Gazette du Littoral – Actualités"
    assert [entry.hints.title for entry in feed.entries] == [
        "Le marché de Noël ouvre ses portes samedi à Saint-Malo",
        "Tempête Ciarán : les dégâts évalués à 1,2 million d’euros",
    ]
    assert feed.entries[1].hints.byline == "François Lefèvre"
    assert "le vin chaud coûte 3 €" in feed.entries[0].body


BAD_SCHEME_FEEDS = [
    "rss-url-fields-bad-schemes.xml",
    "atom-url-fields-bad-schemes.xml",
    "jsonfeed-bad-fields.json",
]
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:", "file:", "//")


@pytest.mark.parametrize("name", BAD_SCHEME_FEEDS)
def test_no_url_but_http_and_https_leaves_a_hostile_feed(name: str) -> None:
    path = FIXTURES / "attack-vectors" / "xss" / "feed-specific" / name
    for feed_url in (None, "https://feed.example/feed.xml"):
        feed = parse_feed(path.read_bytes(), locator=name, feed_url=feed_url, fetched_at=NOW)
        urls = [
            feed.site_url,
            feed.self_url,
            feed.icon_url,
            *feed.hub_urls,
            *(entry.url for entry in feed.entries),
            *(entry.hints.media_url for entry in feed.entries),
        ]
        assert all(url is None or url.startswith(("http://", "https://")) for url in urls)
    for entry in feed.entries:
        hints = [entry.hints.title, entry.hints.byline, entry.hints.outlet, entry.hints.summary]
        assert not any(hint and hint.strip().lower().startswith(SCRIPT_SCHEMES) for hint in hints)


def test_a_javascript_xml_base_does_not_capture_relative_links() -> None:
    path = FIXTURES / "attack-vectors" / "xss" / "feed-specific" / "atom-url-fields-bad-schemes.xml"
    feed = parse_feed(
        path.read_bytes(), locator="atom", feed_url="https://feed.example/feed.xml", fetched_at=NOW
    )
    assert [entry.url for entry in feed.entries] == [None, "https://feed.example/relative/page"]


@pytest.mark.parametrize("filler", ["<a", "</a>", "<?", "&"])
def test_markup_too_dense_to_read_in_bounded_time_is_refused_at_once(filler: str) -> None:
    body = rss(f"<item><guid>1</guid><description>{filler * 600_000}</description></item>")
    started = time.perf_counter()
    with pytest.raises(UnsafeInput, match="refused to keep reading time bounded"):
        parse(body)
    assert time.perf_counter() - started < 2.0


def test_a_feed_cut_off_inside_its_last_entry_keeps_the_whole_entries_and_names_the_cut_one() -> None:
    # A download or file that stops mid-entry: feedparser returned the cut entry with its title
    # and no text, which was stored as a headline and, its key then known, never completed.
    whole = (FIXTURES / "gather" / "rss20-news.xml").read_bytes()
    last_item = whole.rindex(b"<item>")
    cut = whole[: whole.index(b"<description>", last_item) + len(b"<description>Half a sent")]
    complete = parse_feed(whole, locator="feed.xml", feed_url=None, fetched_at=NOW)
    feed = parse_feed(cut, locator="feed.xml", feed_url=None, fetched_at=NOW)
    assert [entry.provenance.entry_key for entry in feed.entries] == [
        entry.provenance.entry_key for entry in complete.entries[:-1]
    ]
    [refusal] = feed.skipped
    assert isinstance(refusal, Unreadable)
    assert str(refusal) == (
        f"feed.xml [{complete.entries[-1].provenance.entry_key}]: is cut off: the feed ends before this "
        "entry does (a truncated file or download); not stored"
    )


def test_a_feed_cut_off_between_entries_keeps_them_all() -> None:
    feed = parse(
        rss("<item><title>One</title><link>https://feed.example/1</link></item>").replace(
            b"</channel></rss>", b""
        )
    )
    assert [entry.hints.title for entry in feed.entries] == ["One"]
    assert feed.skipped == ()


@pytest.mark.parametrize(
    "cut",
    [
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><',
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Feed</title><updated>2026-11-2',
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">'
        b"<channel><title>Feed</title></channel>",
    ],
)
def test_a_feed_cut_off_before_its_first_entry_says_so_rather_than_that_it_has_none(cut: bytes) -> None:
    # It read as "a feed with no entries": the user looked for a fault in the feed, and a poll
    # took the cut download for the whole feed.
    with pytest.raises(Unreadable) as refused:
        parse(cut)
    assert str(refused.value) == (
        "feed.xml: is cut off before its first entry (a truncated file or download); "
        "there is nothing to read in it"
    )


@pytest.mark.parametrize(
    "body",
    [
        rss(""),
        b'<?xml version="1.0"?><rss version="2.0"/>',
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Feed</title></feed>',
    ],
)
def test_a_whole_feed_without_entries_is_not_taken_for_a_cut_one(body: bytes) -> None:
    assert parse(body).entries == ()


def test_a_lone_entry_linking_the_home_page_is_keyed_by_its_content_not_the_link() -> None:
    # A feed of one entry a day, each linking the home page and with no guid: keyed by the link,
    # every later day's entry was taken for the first day's.
    keys = {
        parse(rss(f"<item><title>{title}</title><link>https://feed.example/index.html</link></item>"))
        .entries[0]
        .provenance.entry_key
        for title in ("Monday's briefing", "Tuesday's briefing")
    }
    assert len(keys) == 2
    assert all(key and key.startswith("sha256:") for key in keys)


def test_an_xml_base_ends_with_its_element_in_a_feed_that_declares_none_at_its_root() -> None:
    # feedparser restores the base an element's xml:base replaced only when the outer base is not
    # empty: in a feed without a base of its own, one entry's xml:base (here on its content)
    # went on to resolve the links of every entry after it, to another site.
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>Feed</title>
<entry><id>urn:1</id><title>One</title><link href="https://feed.example/2026/one.html"/>
<content type="html" xml:base="https://cdn.example.org/blog/">&lt;p&gt;One.&lt;/p&gt;</content></entry>
<entry xml:base="https://other.example/"><id>urn:2</id><title>Two</title><link href="two.html"/></entry>
<entry><id>urn:3</id><title>Three</title><link href="/2026/three.html"/></entry>
</feed>"""
    feed = parse_feed(body, locator="feed.xml", feed_url="https://feed.example/atom.xml", fetched_at=NOW)
    assert [entry.url for entry in feed.entries] == [
        "https://feed.example/2026/one.html",
        "https://other.example/two.html",
        "https://feed.example/2026/three.html",
    ]


@pytest.mark.parametrize("kind", ["rss", "atom", "json"])
def test_a_feed_title_and_description_lose_bidirectional_controls(kind: str) -> None:
    # "\u202e" (right-to-left override) would show "CBB" as "BBC" wherever the source is named.
    title, description = "\u202eCBB\u202c News", "Daily \u2067news\u2069"
    if kind == "rss":
        body = rss(
            "",
            f"<title>{title}</title><link>https://feed.example/</link><description>{description}</description>",
        )
    elif kind == "atom":
        body = (
            '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{title}</title><subtitle>{description}</subtitle><id>urn:x</id></feed>"
        ).encode()
    else:
        body = json.dumps(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "title": title,
                "description": description,
                "items": [],
            }
        ).encode()
    feed = parse(body)
    assert (feed.title, feed.description) == ("CBB News", "Daily news")


def test_an_entry_s_lead_image_comes_from_media_rss_an_image_enclosure_or_a_thumbnail() -> None:
    media = 'xmlns:media="http://search.yahoo.com/mrss/"'
    body = (
        f'<?xml version="1.0"?><rss version="2.0" {media}><channel><title>Feed</title>'
        "<link>https://feed.example/</link>"
        "<item><title>Media content</title><link>https://feed.example/a</link>"
        '<media:content url="https://cdn.feed.example/clip.mp4" medium="video"/>'
        '<media:content url="https://cdn.feed.example/bridge.jpg" medium="image"/></item>'
        "<item><title>Enclosure</title><link>https://feed.example/b</link>"
        '<enclosure url="https://cdn.feed.example/talk.mp3" type="audio/mpeg" length="1"/>'
        '<enclosure url="/img/harbour.jpg" type="image/jpeg" length="1"/></item>'
        "<item><title>Thumbnail</title><link>https://feed.example/c</link>"
        '<media:thumbnail url="https://cdn.feed.example/ferry-thumb.jpg"/></item>'
        "<item><title>Audio only</title><link>https://feed.example/d</link>"
        '<enclosure url="https://cdn.feed.example/talk.mp3" type="audio/mpeg" length="1"/></item>'
        "</channel></rss>"
    ).encode()
    feed = parse_feed(body, locator="feed.xml", feed_url="https://feed.example/rss", fetched_at=NOW)
    assert [entry.hints.image for entry in feed.entries] == [
        "https://cdn.feed.example/bridge.jpg",
        "https://feed.example/img/harbour.jpg",  # resolved against the feed's address
        "https://cdn.feed.example/ferry-thumb.jpg",
        None,
    ]


def test_a_json_feed_item_s_image_is_its_lead_image() -> None:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Daily",
        "items": [
            {
                "id": "1",
                "url": "https://daily.example/a",
                "content_html": "<p>A.</p>",
                "image": "https://cdn.daily.example/a.jpg",
            },
            {
                "id": "2",
                "url": "https://daily.example/b",
                "content_html": "<p>B.</p>",
                "image": "javascript:alert(1)",
            },
        ],
    }
    feed = parse_feed(json.dumps(document).encode(), locator="feed.json", feed_url=None, fetched_at=NOW)
    assert [entry.hints.image for entry in feed.entries] == ["https://cdn.daily.example/a.jpg", None]
