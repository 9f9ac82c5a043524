"""OPML import, on SQLite and PostgreSQL: an address over the store's cap is left out with its
reason (not cut short into another address), and outlines repeating an address of the same file
are counted, so that the report adds up to the outlines read. The documents are synthetic, made
after the bad-input audit's o1.opml (a 5,000-character xmlUrl) and duplicates.opml."""

from __future__ import annotations

from pathlib import Path

from tests.jobs.support import NOW
from tidings.gather.netpolicy import NetPolicy
from tidings.jobs.subscribe import import_opml
from tidings.store import Store

DUPLICATES = (
    Path(__file__).resolve().parent.parent
    / "fixtures"
    / "attack-vectors"
    / "opml"
    / "attack"
    / "duplicates.opml"
)
LONG_FEED = "https://long.example.org/" + "a" * 5_000


def _opml(*urls: str) -> bytes:
    outlines = "".join(f'<outline text="f{index}" xmlUrl="{url}"/>' for index, url in enumerate(urls))
    return f'<opml version="2.0"><body>{outlines}</body></opml>'.encode()


def test_a_feed_address_over_the_cap_is_left_out_with_its_reason(store: Store) -> None:
    body = _opml("https://a.example/rss.xml", LONG_FEED)
    report = import_opml(store, NetPolicy(), body, source="o1.opml", now=NOW)
    # Before: "2 subscribed", the second kept as its first 2,048 characters.
    assert report.new_sources == 1
    [refused] = report.refused
    assert refused.title == "f1"
    assert refused.url.startswith("https://long.example.org/aaa")
    assert refused.url.endswith("…")
    assert refused.reason == (
        "the address is 5,025 characters long; Tidings follows feed addresses of at most 2,048 characters"
    )
    assert [subscription.source.url for subscription in store.subscriptions()] == [
        "https://a.example/rss.xml"
    ]


def test_outlines_repeating_an_address_of_the_file_are_counted(store: Store) -> None:
    # Eight outlines of one feed: six written in forms of one canonical address, one over http.
    report = import_opml(store, NetPolicy(), DUPLICATES.read_bytes(), source="duplicates.opml", now=NOW)
    # Before: 1 subscribed and 1 "already followed" (the http form, followed by this import).
    assert (report.new_sources, len(report.subscribed), report.repeated, len(report.refused)) == (1, 1, 7, 0)
    again = import_opml(store, NetPolicy(), DUPLICATES.read_bytes(), source="duplicates.opml", now=NOW)
    assert (again.new_sources, len(again.subscribed), again.repeated) == (0, 1, 7)
