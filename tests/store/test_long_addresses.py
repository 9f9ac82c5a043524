"""Addresses over the store's 2,048 characters, on SQLite and PostgreSQL: kept whole or not at
all. Cut short, a feed's address is another address, which Tidings would fetch instead; and its
first 2,048 characters must not find the source that has them as its own address. An article's
address within 2,048 characters but of more bytes than PostgreSQL's index holds is not kept as an
address either, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tidings.errors import InputError
from tidings.model import Added, AlreadyHad, Article, Outlet, Provenance
from tidings.store import PollSuccess, Store
from tidings.store.sources import MAX_URL_CHARS, refuse_long_address

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
SHORT = "https://long.example.org/" + "a" * (MAX_URL_CHARS - len("https://long.example.org/"))
LONG = SHORT + "b" * 3_000


def test_a_feed_address_over_the_cap_is_refused_not_cut_short(store: Store) -> None:
    # Before: kept as its first 2,048 characters, another address, without a word.
    with pytest.raises(InputError, match=r"is 5,048 characters long; .* at most 2,048 characters"):
        store.subscribe(LONG, kind="feed", now=NOW)
    assert store.find_source(SHORT) is None


def test_an_address_over_the_cap_does_not_find_the_source_at_its_first_characters(store: Store) -> None:
    kept = store.subscribe(SHORT, kind="feed", now=NOW).source
    assert len(kept.url) == MAX_URL_CHARS
    # Before: both found the source at SHORT, so subscribing to LONG was "followed already".
    assert store.find_source(LONG) is None
    assert store.find_followed(LONG) is None
    assert store.find_followed(SHORT) == kept


def _poll(**changes: object) -> PollSuccess:
    return PollSuccess(
        checked_at=NOW,
        next_check_at=NOW + timedelta(hours=1),
        etag=None,
        last_modified=None,
        **changes,  # type: ignore[arg-type]
    )


def test_a_move_or_redirect_to_an_address_over_the_cap_is_not_kept_cut_short(store: Store) -> None:
    source = store.subscribe("https://feeds.example.org/rss.xml", kind="feed", now=NOW).source
    store.record_poll(source.source_id, _poll(moved_to=LONG, moved_count=1, new_url=LONG, fetched_url=LONG))
    after = store.get_source(source.source_id)
    # Before: the source's url became SHORT (polled from then on), and moved_to and fetched_url too.
    assert after.url == "https://feeds.example.org/rss.xml"
    assert (after.moved_to, after.moved_count, after.fetched_url) == (None, 0, None)


def test_the_refusal_of_a_long_private_feed_address_never_shows_its_password() -> None:
    # Review: the address was cut to 80 characters before its password was masked, and a cut
    # inside the password left no "@" to find it by: 66 of its characters were shown.
    password = "p" * 90
    private = f"https://alice:{password}@example.com/feed?" + "q" * 3_000
    with pytest.raises(InputError) as refused:
        refuse_long_address(private)
    assert "pppp" not in str(refused.value)
    assert str(refused.value).startswith("https://alice:***@example.com/feed?")


def _cjk_address(characters: int) -> str:
    """An address written in unescaped CJK characters (3 bytes each in UTF-8) that no compression
    shrinks: each character follows the last by a step that never repeats a pair."""
    return "https://example.cn/news/" + "".join(
        chr(0x4E00 + (index * 7919) % 20_000) for index in range(characters)
    )


def _article_at(url: str) -> Article:
    text = " ".join(f"word{index}" for index in range(80))
    return Article(
        title="A page with a long address",
        text=text,
        html=f"<p>{text}</p>",
        outlet=Outlet(name="Example CN", domain="example.cn"),
        provenance=Provenance(kind="file", locator="/tmp/cjk.html"),
        fetched_at=NOW,
        url=url,
    )


def test_an_article_address_of_more_bytes_than_an_index_holds_is_stored_without_it(store: Store) -> None:
    address = _cjk_address(1_200)
    # PostgreSQL's b-tree index holds an entry of at most 2,704 bytes.
    assert len(address) <= MAX_URL_CHARS
    assert len(address.encode()) > 2_704
    # Before, on PostgreSQL: "index row size 3640 exceeds btree version 4 maximum 2704 for index
    # pk_article_urls", and `tidings add` of a folder holding that page stored nothing of it.
    outcome = store.add_article(_article_at(address))
    assert isinstance(outcome, Added)
    assert store.get_article(outcome.article_id).article.url == address
    assert isinstance(store.add_article(_article_at(address)), AlreadyHad)
    assert store.count_articles() == 1
