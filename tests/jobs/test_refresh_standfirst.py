"""Polling a feed whose entries' articles were stored without a standfirst (before migration 0034
kept them), over a real HTTP server on 127.0.0.1 and a real store (SQLite and PostgreSQL), with
the real extraction stage.

An entry known by its key and unchanged (the same fingerprint) was skipped: its summary, a dek
beside its full text, never reached the article stored from it. It is read again for it now, but
only where its article lacks one and its summary may be one, and once a process: an unchanged
feed is not extracted again on every poll."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from tests.gather.fetch_server import FetchServer, respond, running_server
from tests.jobs.support import NOW, CountingExtract, refresher_for
from tests.jobs.test_refresh_corrections import PARAGRAPHS, TITLE
from tidings.jobs.refresh import PollReport
from tidings.store import Source, Store
from tidings.store.schema import articles, source_items

DEK = "Ferries will fill the gap while engineers replace the worn bearings under the central span."


def item(base: str, guid: str, title: str, description: str | None) -> str:
    """An RSS item as WordPress writes one: the full text in ``content:encoded``, the summary (if
    any) in ``description``."""
    described = f"<description><![CDATA[{description}]]></description>" if description is not None else ""
    content = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    return (
        f"<item><guid>{guid}</guid><title>{title}</title><link>{base}/news/{guid}</link>{described}"
        f"<content:encoded><![CDATA[{content}]]></content:encoded>"
        "<pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate></item>"
    )


def feed(*items: str) -> str:
    return (
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Harbour News</title><link>http://harbour.example/</link>"
        f"{''.join(items)}</channel></rss>"
    )


@pytest.fixture
def server() -> Iterator[FetchServer]:
    yield from running_server()


def subscribe(store: Store, server: FetchServer, text: str) -> Source:
    server.routes["/feed"] = respond(200, text, content_type="application/rss+xml")
    return store.subscribe(server.url("/feed"), kind="feed", now=NOW).source


def polls(
    store: Store, source: Source, times: list[datetime], extracted: CountingExtract
) -> list[PollReport]:
    """Polls of ``source`` at ``times`` by one refresher: one process polling on."""

    async def run() -> list[PollReport]:
        async with refresher_for(store, extract=extracted) as refresher:
            return [await refresher.refresh(store.get_source(source.source_id), now) for now in times]

    return asyncio.run(run())


def forget_standfirsts(store: Store) -> None:
    """The articles as stored before migration 0034: without a standfirst."""
    with store.engine.begin() as connection:
        connection.execute(update(articles).values(standfirst=None))


def entry_rows(store: Store) -> list[tuple[object, ...]]:
    with store.engine.begin() as connection:
        return [
            tuple(row) for row in connection.execute(select(source_items).order_by(source_items.c.item_key))
        ]


def test_an_unchanged_entry_gives_its_article_the_standfirst_it_lacks(
    server: FetchServer, store: Store
) -> None:
    base = server.url("")
    source = subscribe(store, server, feed(item(base, "0", TITLE, DEK)))
    extracted = CountingExtract()
    polls(store, source, [NOW], extracted)
    (stored,) = store.list_articles()
    assert stored.article.standfirst == DEK
    forget_standfirsts(store)
    before, rows = store.get_article(stored.article_id).article, entry_rows(store)

    # The feed unchanged, its one entry is read again for the dek, and the article takes it alone.
    (report,) = polls(store, source, [NOW + timedelta(hours=1)], extracted)
    assert (report.added, report.updated, report.completed, report.refused) == (0, 0, 0, 0)
    assert extracted.calls == 2
    assert store.get_article(stored.article_id).article == replace(before, standfirst=DEK)
    assert store.count_articles() == 1
    assert entry_rows(store) == rows
    assert server.hits("/news/0") == []

    # It has one now: the entry is not read again, by this process or another.
    polls(store, source, [NOW + timedelta(hours=2), NOW + timedelta(hours=3)], extracted)
    assert extracted.calls == 2


def test_an_unchanged_entry_is_read_for_a_standfirst_only_where_its_summary_may_be_one(
    server: FetchServer, store: Store
) -> None:
    base = server.url("")
    long_summary = (
        "Engineers will replace the bearings. Ferries will run every twenty minutes. Shops fear "
        "losing customers. The council is asked to waive parking fees."
    )
    entries = [
        item(base, "0", TITLE, None),  # no summary: feedparser gives the content as one
        item(base, "1", f"{TITLE} (2)", f"{PARAGRAPHS[0][:120]} [&hellip;]"),  # WordPress's excerpt
        item(base, "2", f"{TITLE} (3)", long_summary),  # four sentences: no dek
    ]
    source = subscribe(store, server, feed(*entries))
    extracted = CountingExtract()
    polls(store, source, [NOW], extracted)
    assert extracted.calls == 3
    assert [stored.article.standfirst for stored in store.list_articles()] == [None, None, None]

    # Unchanged, the excerpt and the content again are not read; the long summary, which only
    # extraction can refuse, is read once by a process, not on each of its polls.
    polls(store, source, [NOW + timedelta(hours=1), NOW + timedelta(hours=2)], extracted)
    assert extracted.calls == 4
    polls(store, source, [NOW + timedelta(hours=3)], extracted)
    assert extracted.calls == 5
    assert store.count_articles() == 3
