"""A corrected entry whose page, fetched again for the correction, failed: the page is wanted on
its row and tried again on later polls, over a real HTTP server on 127.0.0.1 and a real store
(SQLite and PostgreSQL), with the real extraction stage.

Before: nothing was recorded and the page was never tried again, so the page's corrected text
never came unless the feed changed the entry once more."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from tests.gather.fetch_server import FetchServer, respond, running_server
from tests.jobs.support import NOW
from tests.jobs.test_refresh_corrections import (
    CORRECTION,
    PARAGRAPHS,
    TITLE,
    body,
    feed,
    item,
    only_article,
)
from tests.jobs.test_refresh_corrections import subscribe as subscribe_feed
from tests.jobs.test_refresh_teaser_corrections import (
    NEW_TITLE,
    TEASER,
    page,
    refresh,
    serve_page,
    serve_with_etag,
)
from tidings.store import Store
from tidings.store.schema import source_items

CORRECTED_TEASER = "<p>The bridge closes on Monday night.</p>"


@pytest.fixture
def server() -> Iterator[FetchServer]:
    yield from running_server()


def _want(store: Store) -> tuple[datetime | None, int, bool, str | None]:
    with store.engine.connect() as connection:
        row = connection.execute(
            select(
                source_items.c.page_due_at,
                source_items.c.page_attempts,
                source_items.c.page_corrects,
                source_items.c.page_title,
            ).where(source_items.c.item_key == "urn:audit:0")
        ).one()
    return row.page_due_at, row.page_attempts, bool(row.page_corrects), row.page_title


def _corrected_while_its_page_fails(server: FetchServer, store: Store, status: int) -> int:
    """A teaser entry stored with its page's text, then corrected while its page answers
    ``status``: the source's id, the correction's poll at NOW + 1 h."""
    base = server.url("")
    serve_page(server, "/news/0", page(PARAGRAPHS))
    serve_with_etag(server, "/feed", feed(item(base, "urn:audit:0", TITLE, TEASER)), '"v1"')
    source = subscribe_feed(store, server)
    assert refresh(store, source, NOW).added == 1
    server.routes["/news/0"] = respond(status, "busy")
    serve_with_etag(server, "/feed", feed(item(base, "urn:audit:0", NEW_TITLE, CORRECTED_TEASER)), '"v2"')
    report = refresh(store, source, NOW + timedelta(hours=1))
    assert (report.added, report.updated) == (0, 1)
    return source.source_id


def test_a_correction_s_failed_page_is_retried_on_a_later_poll_and_corrects_the_text(
    server: FetchServer, store: Store
) -> None:
    source_id = _corrected_while_its_page_fails(server, store, 503)
    source = store.get_source(source_id)
    # The feed's own correction is taken at once: its headline; the page's text stays.
    before = only_article(store)
    assert before.article.title == NEW_TITLE
    assert not before.article.text.endswith(CORRECTION)
    assert _want(store) == (NOW + timedelta(hours=2), 1, True, NEW_TITLE)
    # Not due yet: the feed's 304 asks for nothing more.
    hits = len(server.hits("/news/0"))
    assert refresh(store, source, NOW + timedelta(minutes=90)).outcome == "not-modified"
    assert len(server.hits("/news/0")) == hits
    # Due, on a poll the feed answers 304, and the page serves its corrected text.
    serve_page(server, "/news/0", page([*PARAGRAPHS, CORRECTION], NEW_TITLE))
    report = refresh(store, source, NOW + timedelta(hours=2))
    assert (report.outcome, report.added, report.completed, report.updated) == ("not-modified", 0, 0, 1)
    after = only_article(store)
    assert after.article_id == before.article_id
    assert (after.article.title, after.article.text.endswith(CORRECTION)) == (NEW_TITLE, True)
    assert _want(store)[0] is None
    # Wanted no more, and the entry (unchanged) is no correction on the feed's next answer.
    hits = len(server.hits("/news/0"))
    serve_with_etag(
        server, "/feed", feed(item(server.url(""), "urn:audit:0", NEW_TITLE, CORRECTED_TEASER)), '"v3"'
    )
    again = refresh(store, source, NOW + timedelta(hours=9))
    assert (again.outcome, again.added, again.updated) == ("new", 0, 0)
    assert len(server.hits("/news/0")) == hits
    assert store.count_articles() == 1


def test_a_correction_s_page_that_keeps_failing_is_given_up_after_the_teaser_waits(
    server: FetchServer, store: Store
) -> None:
    source = store.get_source(_corrected_while_its_page_fails(server, store, 503))
    # Tried after 1 h, 3 h and 9 h, as a teaser's page is; then given up, the feed's title kept.
    moments = [NOW + timedelta(hours=hours) for hours in (2, 5, 14)]
    for attempt, moment in enumerate(moments, start=2):
        assert refresh(store, source, moment).updated == 0
        assert _want(store)[1:3] == (attempt, True)
    assert _want(store)[0] is None
    hits = len(server.hits("/news/0"))
    refresh(store, source, NOW + timedelta(days=2))
    assert len(server.hits("/news/0")) == hits
    assert only_article(store).article.title == NEW_TITLE


def test_a_correction_s_page_that_is_gone_is_not_asked_for_again(server: FetchServer, store: Store) -> None:
    source = store.get_source(_corrected_while_its_page_fails(server, store, 404))
    due_at, attempts, _corrects, _title = _want(store)
    assert (due_at, attempts) == (None, 1)
    hits = len(server.hits("/news/0"))
    refresh(store, source, NOW + timedelta(hours=5))
    assert len(server.hits("/news/0")) == hits
    assert only_article(store).article.title == NEW_TITLE


LATER_TITLE = "Harbour bridge to close for four weeks of repairs"
LONG_PAGE = [f"Part {part}. {paragraph}" for part in range(3) for paragraph in PARAGRAPHS]


def _corrected_again_while_its_page_is_wanted(server: FetchServer, store: Store, entry: str) -> int:
    """A teaser entry stored with its long page's text, corrected at NOW + 1 h while its page
    answers 503 (its page wanted as that correction's, due at NOW + 2 h), then corrected again
    at NOW + 90 min to ``entry``: the source's id."""
    base = server.url("")
    serve_page(server, "/news/0", page(LONG_PAGE))
    serve_with_etag(server, "/feed", feed(item(base, "urn:audit:0", TITLE, TEASER)), '"v1"')
    source = subscribe_feed(store, server)
    assert refresh(store, source, NOW).added == 1
    server.routes["/news/0"] = respond(503, "busy")
    serve_with_etag(server, "/feed", feed(item(base, "urn:audit:0", NEW_TITLE, CORRECTED_TEASER)), '"v2"')
    assert refresh(store, source, NOW + timedelta(hours=1)).updated == 1
    assert _want(store) == (NOW + timedelta(hours=2), 1, True, NEW_TITLE)
    serve_with_etag(server, "/feed", feed(entry), '"v3"')
    assert refresh(store, source, NOW + timedelta(minutes=90)).updated == 1
    assert only_article(store).article.title == LATER_TITLE
    return source.source_id


@pytest.mark.parametrize("how", ["full text", "no link"])
def test_a_later_correction_wanting_no_page_cancels_the_page_an_earlier_one_wanted(
    server: FetchServer, store: Store, how: str
) -> None:
    # Before: the earlier correction's page stayed wanted; had at NOW + 2 h (the feed answering
    # 304), it put back that correction's headline over the later one's. The later entry gives
    # its full text (173 words, too few to replace the page's), or links no page any more.
    base = server.url("")
    if how == "full text":
        entry = item(base, "urn:audit:0", LATER_TITLE, body(PARAGRAPHS))
    else:
        entry = item(base, "urn:audit:0", LATER_TITLE, CORRECTED_TEASER).replace(
            f"<link>{base}/news/0</link>", ""
        )
    source = store.get_source(_corrected_again_while_its_page_is_wanted(server, store, entry))
    due_at, _attempts, corrects, _title = _want(store)
    assert (due_at, corrects) == (None, False)
    serve_page(server, "/news/0", page([*LONG_PAGE, CORRECTION], NEW_TITLE))
    hits = len(server.hits("/news/0"))
    report = refresh(store, source, NOW + timedelta(hours=2))
    assert (report.outcome, report.updated) == ("not-modified", 0)
    assert len(server.hits("/news/0")) == hits
    after = only_article(store)
    assert (after.article.title, after.article.text.endswith(CORRECTION)) == (LATER_TITLE, False)


def test_a_later_correction_whose_page_fails_again_wants_it_with_its_own_headline(
    server: FetchServer, store: Store
) -> None:
    base = server.url("")
    entry = item(base, "urn:audit:0", LATER_TITLE, "<p>The bridge closes on Monday for a month.</p>")
    source = store.get_source(_corrected_again_while_its_page_is_wanted(server, store, entry))
    # Its page failed again for this correction: wanted anew, its first try, with its headline.
    assert _want(store) == (NOW + timedelta(minutes=150), 1, True, LATER_TITLE)
    serve_page(server, "/news/0", page([*LONG_PAGE, CORRECTION], LATER_TITLE))
    report = refresh(store, source, NOW + timedelta(minutes=150))
    assert (report.outcome, report.updated) == ("not-modified", 1)
    after = only_article(store)
    assert (after.article.title, after.article.text.endswith(CORRECTION)) == (LATER_TITLE, True)
