"""OPML import and export: folders kept, every xmlUrl through the outbound policy, hostile files
refused in bounded time, duplicates folded by canonical URL, and a round trip."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from tidings.errors import InputError, Unreadable, UnsafeInput
from tidings.gather.netpolicy import NetPolicy
from tidings.gather.opml import OpmlImport, OpmlOutline, read_opml, render_opml

OPML = Path(__file__).resolve().parent.parent / "fixtures" / "attack-vectors" / "opml"
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def read(name: str, policy: NetPolicy | None = None) -> OpmlImport:
    return read_opml((OPML / name).read_bytes(), source=name, policy=policy or NetPolicy())


def test_a_subscription_list_imports_every_feed() -> None:
    document = read_opml(
        (OPML / "feedvalidator/clean/subscriptionList.opml").read_bytes(), source="s", policy=NetPolicy()
    )
    assert len(document.outlines) == 13
    assert document.refused == ()
    assert all(outline.url.startswith("http") for outline in document.outlines)


@pytest.mark.parametrize(
    "path", sorted((OPML / "feedvalidator" / "clean").glob("*.opml")), ids=lambda p: p.name
)
def test_clean_documents_import_and_create_only_what_has_an_xml_url(path: Path) -> None:
    body = path.read_bytes()
    document = read_opml(body, source=path.name, policy=NetPolicy())
    expected = len(set(etree.fromstring(body).xpath("//outline/@xmlUrl")))
    assert len(document.outlines) == expected


@pytest.mark.parametrize(
    "path", sorted((OPML / "feedvalidator" / "errors").glob("*.opml")), ids=lambda p: p.name
)
def test_faulty_documents_import_leniently_or_fail_with_a_sentence(path: Path) -> None:
    outcome: OpmlImport | Unreadable
    try:
        outcome = read_opml(path.read_bytes(), source=path.name, policy=NetPolicy())
    except Unreadable as error:
        outcome = error
    if isinstance(outcome, Unreadable):
        assert str(outcome).startswith(path.name)
    else:
        assert all(outline.url.startswith(("http://", "https://")) for outline in outcome.outlines)


@pytest.mark.parametrize("name", ["notwellformed.opml", "notEncoded.opml", "invalidCharacters.opml"])
def test_malformed_documents_are_parse_errors(name: str) -> None:
    with pytest.raises(Unreadable, match="not well-formed"):
        read_opml((OPML / "feedvalidator" / "errors" / name).read_bytes(), source=name, policy=NetPolicy())


def test_an_rss_file_is_refused_with_a_hint() -> None:
    with pytest.raises(Unreadable, match="tidings subscribe"):
        read_opml(
            (OPML / "feedvalidator/rss/twittergram.xml").read_bytes(), source="t.xml", policy=NetPolicy()
        )


@pytest.mark.parametrize(
    "name",
    [
        "attack/entity-bomb.opml",
        "attack/xxe-file.opml",
        "attack/deep-nesting-1000.opml",
        "attack/not-opml.opml",
    ],
)
def test_hostile_documents_fail_quickly_and_read_nothing(name: str) -> None:
    started = time.monotonic()
    with pytest.raises(InputError) as raised:
        read(name)
    assert time.monotonic() - started < 2
    assert "root:" not in str(raised.value)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("attack/entity-bomb.opml", "declares the XML entity 'lol1' in terms of other entities"),
        ("attack/xxe-file.opml", "declares the external XML entity 'xxe' (a file or URL to read in)"),
    ],
)
def test_entity_bombs_and_external_entities_are_refused_as_unsafe_in_our_words(
    name: str, reason: str
) -> None:
    # libxml2 refused these too, but as "not well-formed XML" ending in its own words
    # ("Maximum entity amplification factor exceeded, see xmlCtxtSetMaxAmplification.").
    with pytest.raises(UnsafeInput) as raised:
        read(name)
    message = str(raised.value)
    assert message.startswith(f"{name}: {reason}")
    assert "well-formed" not in message
    assert "xmlCtxt" not in message


def test_a_utf16_list_with_a_plain_internal_entity_still_imports() -> None:
    body = (
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE opml [<!ENTITY site "https://feed.example">]>\n'
        '<opml version="2.0"><head><title>&site;</title></head><body>'
        '<outline text="A" xmlUrl="https://feed.example/a.xml"/></body></opml>'
    ).encode("utf-16")
    document = read_opml(body, source="list.opml", policy=NetPolicy())
    assert [outline.url for outline in document.outlines] == ["https://feed.example/a.xml"]


def test_nesting_past_the_parsers_limit_is_named_without_the_parsers_advice() -> None:
    # libxml2 says "Excessive depth in document: 256, use XML_PARSE_HUGE option"; no user can.
    with pytest.raises(Unreadable) as raised:
        read("attack/deep-nesting-1000.opml")
    assert str(raised.value) == (
        "attack/deep-nesting-1000.opml: nests its elements more than 256 deep; no OPML file of"
        " subscriptions does"
    )


def test_internal_and_bad_scheme_urls_are_all_refused_and_named() -> None:
    document = read("attack/internal-and-bad-scheme-xmlurls.opml")
    assert document.outlines == ()
    assert len(document.refused) == 15


def test_duplicates_fold_into_one_subscription_per_canonical_url() -> None:
    document = read("attack/duplicates.opml")
    assert [outline.url for outline in document.outlines] == [
        "https://feed.example/rss.xml",
        "http://feed.example/rss.xml",
    ]


def test_settings_that_would_weaken_the_policy_are_ignored() -> None:
    document = read("attack/settings-that-weaken-policy.opml")
    outlines = document.outlines
    assert [outline.url for outline in outlines] == [f"https://feed.example/{name}.xml" for name in "abcde"]
    assert {type(outline) for outline in outlines} == {OpmlOutline}


def test_javascript_site_links_are_dropped() -> None:
    for outline in read("attack/javascript-htmlurl.opml").outlines:
        assert outline.html_url is None or outline.html_url.startswith(("http://", "https://"))


def test_long_values_are_bounded() -> None:
    document = read("attack/many-attributes-and-long-values.opml")
    for outline in document.outlines:
        assert len(outline.title or "") <= 300
    for refused in document.refused:
        assert len(refused.url) <= 300


def test_a_utf16_document_with_a_bom_imports() -> None:
    assert len(read("attack/utf16-with-bom.opml").outlines) == 1


def test_an_allow_listed_lan_feed_imports() -> None:
    body = b'<opml version="2.0"><body><outline text="nas" xmlUrl="http://192.168.1.5/feed"/></body></opml>'
    assert read_opml(body, source="lan", policy=NetPolicy()).outlines == ()
    allowed = read_opml(body, source="lan", policy=NetPolicy.from_entries(["192.168.1.0/24"]))
    assert [outline.url for outline in allowed.outlines] == ["http://192.168.1.5/feed"]


def test_feed_links_import_as_the_urls_they_stand_for() -> None:
    # The forms a page's "subscribe" button hands a reader; `tidings subscribe` takes them too.
    body = b"""<opml version="2.0"><body>
      <outline text="a" xmlUrl="feed://a.example/rss.xml"/>
      <outline text="b" xmlUrl="feed:https://b.example/atom.xml"/>
      <outline text="c" xmlUrl="FEED://c.example/feed"/>
      <outline text="lan" xmlUrl="feed://192.168.1.5/feed"/>
    </body></opml>"""
    document = read_opml(body, source="links", policy=NetPolicy())
    assert [outline.url for outline in document.outlines] == [
        "http://a.example/rss.xml",
        "https://b.example/atom.xml",
        "http://c.example/feed",
    ]
    # Unwrapping happens before the policy, which still refuses what it refuses.
    assert [(refused.title, refused.url) for refused in document.refused] == [
        ("lan", "feed://192.168.1.5/feed")
    ]


def test_export_then_import_keeps_feeds_titles_and_nested_folders() -> None:
    outlines = [
        OpmlOutline("https://a.example/feed", "A <b>&</b>", "https://a.example/", "News/World"),
        OpmlOutline("https://b.example/rss", None, None, "News"),
        OpmlOutline("https://c.example/atom.xml", "C", None, ""),
        OpmlOutline("https://d.example/news-sitemap.xml", "D", None, "", kind="sitemap"),
    ]
    exported = render_opml(outlines, title="Mine", now=NOW)
    assert exported.startswith("<?xml")
    assert 'version="2.0"' in exported
    again = read_opml(exported.encode("utf-8"), source="export", policy=NetPolicy())
    assert again.title == "Mine"
    assert [(o.url, o.title, o.folder) for o in again.outlines] == [
        ("https://a.example/feed", "A <b>&</b>", "News/World"),
        ("https://b.example/rss", None, "News"),
        ("https://c.example/atom.xml", "C", ""),
        ("https://d.example/news-sitemap.xml", "D", ""),
    ]
    assert [outline.kind for outline in again.outlines] == ["feed", "feed", "feed", "sitemap"]
    assert 'type="sitemap"' in exported


def test_outline_titles_and_folders_lose_bidirectional_controls() -> None:
    # A right-to-left override would show a feed named "CBB" as "BBC" in `tidings sources`.
    body = (
        '<?xml version="1.0"?><opml version="2.0"><head><title>\u202eSbus</title></head><body>'
        '<outline text="\u2067SweN\u2069"><outline type="rss" text="\u202eCBB\u202c"'
        ' xmlUrl="https://cbb.example/rss"/></outline></body></opml>'
    ).encode()
    document = read_opml(body, source="subs.opml", policy=NetPolicy())
    assert document.title == "Sbus"
    assert [(outline.title, outline.folder) for outline in document.outlines] == [("CBB", "SweN")]
