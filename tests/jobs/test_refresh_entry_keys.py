"""Polling feeds whose entries have no guid and no link, over a real HTTP server on 127.0.0.1 and a
real store (SQLite and PostgreSQL), with the real extraction stage: a feed rebuilt with every
entry's date bumped brings no new entries, while entries that share a title but not their words
(a "Live updates" post) are each stored.

Before entry keys left the date out, every poll took each such entry for a new one: the store
found it again by its words (so no second article), but each poll ran it through extraction,
remembered it once more (a ``source_items`` and an ``article_sources`` row per entry per poll,
without end) and counted it as published now, which brought the feed's next checks forward."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from tests.gather.fetch_server import FetchServer, respond, running_server
from tests.jobs.support import NOW, CountingExtract, refresher_for
from tidings.jobs.refresh import PollReport
from tidings.store import Source, Store
from tidings.store.schema import article_sources, source_items

DAYS = [NOW - timedelta(hours=26), NOW - timedelta(hours=2), NOW + timedelta(minutes=50)]


def rss(date: datetime, items: list[tuple[str, str]]) -> tuple[str, str]:
    stamp = date.strftime("%a, %d %b %Y %H:%M:%S GMT")
    body = "".join(
        f"<item><title>{title}</title><description>{text}</description><pubDate>{stamp}</pubDate></item>"
        for title, text in items
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Town notes</title>{body}</channel></rss>'
    return feed, "application/rss+xml"


def atom(date: datetime, items: list[tuple[str, str]]) -> tuple[str, str]:
    stamp = date.strftime("%Y-%m-%dT%H:%M:%SZ")
    body = "".join(
        f"<entry><title>{title}</title><summary>{text}</summary><updated>{stamp}</updated></entry>"
        for title, text in items
    )
    feed = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Town notes</title>'
        f"<id>urn:town-notes</id><updated>{stamp}</updated>{body}</feed>"
    )
    return feed, "application/atom+xml"


def json_feed(date: datetime, items: list[tuple[str, str]]) -> tuple[str, str]:
    stamp = date.strftime("%Y-%m-%dT%H:%M:%SZ")
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Town notes",
        # No "id": the spec asks for one, and some feeds leave it out.
        "items": [{"title": title, "content_text": text, "date_modified": stamp} for title, text in items],
    }
    return json.dumps(feed), "application/feed+json"


FORMATS: dict[str, Callable[[datetime, list[tuple[str, str]]], tuple[str, str]]] = {
    "rss": rss,
    "atom": atom,
    "json": json_feed,
}
NOTES = [
    ("Ferry timetable", "The ferry leaves at nine on weekdays and at ten on Sundays."),
    ("Bridge works", "The bridge closes tonight for repairs to its deck."),
]


@pytest.fixture
def server() -> Iterator[FetchServer]:
    yield from running_server()


def refresh(store: Store, source: Source, now: datetime, extract_one: CountingExtract) -> PollReport:
    async def run() -> PollReport:
        async with refresher_for(store, extract=extract_one) as refresher:
            fresh = store.get_source(source.source_id)
            assert fresh is not None
            return await refresher.refresh(fresh, now)

    return asyncio.run(run())


def serve(server: FetchServer, feed: tuple[str, str]) -> None:
    body, content_type = feed
    server.routes["/feed"] = respond(200, body, content_type=content_type)


def remembered(store: Store, source: Source) -> tuple[int, int]:
    """(entries the source remembers, feed entries recorded as articles' sources)."""
    with store.engine.connect() as connection:
        items = connection.execute(
            select(func.count()).select_from(source_items).where(source_items.c.source_id == source.source_id)
        ).scalar_one()
        sources = connection.execute(
            select(func.count()).select_from(article_sources).where(article_sources.c.kind == "feed")
        ).scalar_one()
    return int(items), int(sources)


@pytest.mark.parametrize("kind", FORMATS)
def test_a_rebuilt_feed_with_bumped_dates_brings_no_new_entries(
    server: FetchServer, store: Store, kind: str
) -> None:
    make = FORMATS[kind]
    serve(server, make(DAYS[0], NOTES))
    source = store.subscribe(server.url("/feed"), kind="feed", now=NOW).source
    extracted = CountingExtract()
    first = refresh(store, source, NOW, extracted)
    assert (first.outcome, first.added, extracted.calls) == ("new", 2, 2)
    assert first.next_check_at is not None
    wait = first.next_check_at - NOW
    for hours, date in enumerate(DAYS[1:], start=1):
        serve(server, make(date, NOTES))
        polled_at = NOW + timedelta(hours=hours)
        report = refresh(store, source, polled_at, extracted)
        assert (report.added, report.refused) == (0, 0)
        # Nothing new was read: the entries were known by their keys, not found again by their words.
        assert extracted.calls == 2
        assert remembered(store, source) == (2, 2)
        # No entry counted as published now: the feed's rhythm, and so the wait for its next check, stays.
        assert report.next_check_at == polled_at + wait
    assert store.count_articles() == 2


@pytest.mark.parametrize("kind", FORMATS)
def test_entries_sharing_a_title_are_each_stored_and_an_edited_one_is_a_second_version(
    server: FetchServer, store: Store, kind: str
) -> None:
    # A "Live updates" entry replaced by the next one under the same title: keyed by its title
    # alone it would be taken for the first and never stored.
    make = FORMATS[kind]
    first_post = ("Live updates", "Polls have opened across the north of the county this morning.")
    second_post = ("Live updates", "Turnout is higher than at the last election, officials say.")
    serve(server, make(DAYS[0], [first_post]))
    source = store.subscribe(server.url("/feed"), kind="feed", now=NOW).source
    extracted = CountingExtract()
    assert refresh(store, source, NOW, extracted).added == 1
    serve(server, make(DAYS[1], [second_post, first_post]))
    assert refresh(store, source, NOW + timedelta(hours=1), extracted).added == 1
    # The later post edited: its words are its only identity, so it is a second version, kept
    # beside the first rather than lost in it.
    edited = (second_post[0], second_post[1].replace("officials say", "the county clerk says"))
    serve(server, make(DAYS[2], [edited, first_post]))
    assert refresh(store, source, NOW + timedelta(hours=2), extracted).added == 1
    texts = sorted(stored.article.text for stored in store.list_articles(limit=10))
    assert texts == sorted([first_post[1], second_post[1], edited[1]])


def _previous_release_key(title: str, text: str, published: datetime) -> str:
    """How the release before this change keyed an RSS entry with no guid and no link."""
    material = "\x1f".join((title, "", text, published.isoformat()))
    return "sha256:" + hashlib.sha256(material.encode("utf-8")).hexdigest()


def test_entries_remembered_under_the_previous_keys_are_not_stored_again(
    server: FetchServer, store: Store
) -> None:
    # No migration rewrites the stored keys (the old key hashed the feed's raw HTML, which the store
    # does not keep): the first poll after the upgrade finds each entry again by its words, from
    # the same source, and from then on knows it by its new key.
    serve(server, rss(DAYS[0], NOTES))
    source = store.subscribe(server.url("/feed"), kind="feed", now=NOW).source
    extracted = CountingExtract()
    assert refresh(store, source, NOW, extracted).added == 2
    titles = {stored.article_id: stored.article.title for stored in store.list_articles(limit=10)}
    texts = dict(NOTES)
    with store.engine.begin() as connection:
        rows = connection.execute(
            select(source_items.c.item_key, source_items.c.article_id).where(
                source_items.c.source_id == source.source_id
            )
        ).all()
        for new_key, article_id in rows:
            title = titles[article_id]
            old_key = _previous_release_key(title, texts[title], DAYS[0].replace(microsecond=0))
            connection.execute(
                update(source_items).where(source_items.c.item_key == new_key).values(item_key=old_key)
            )
            connection.execute(
                update(article_sources)
                .where(article_sources.c.entry_key == new_key)
                .values(entry_key=old_key)
            )
    serve(server, rss(DAYS[1], NOTES))
    upgraded = refresh(store, source, NOW + timedelta(hours=1), extracted)
    assert (upgraded.added, store.count_articles()) == (0, 2)
    serve(server, rss(DAYS[2], NOTES))
    calls = extracted.calls
    assert refresh(store, source, NOW + timedelta(hours=2), extracted).added == 0
    assert extracted.calls == calls
    assert store.count_articles() == 2
