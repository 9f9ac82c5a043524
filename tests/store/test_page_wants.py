"""What a teaser entry still wants of its page, kept on its row, on SQLite and PostgreSQL: the
entry's feed title and whether the page is a correction's go with the page's address, its next
try and its failures (migration 0029), and a store migrated from before keeps every want it had."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import select

from tidings.model import Article, Outlet, Provenance
from tidings.store import NewItem, PageWant, PollSuccess, Store, migrate
from tidings.store.schema import source_items

NOW = datetime(2026, 12, 8, 12, 0, tzinfo=UTC)
FEED = "https://news.example.com/feed.xml"


def _teaser(key: str) -> Article:
    return Article(
        title=f"Story {key}",
        text="The harbour bridge closes on Monday.",
        html="<p>The harbour bridge closes on Monday.</p>",
        outlet=Outlet("Example News", "example.com"),
        provenance=Provenance("feed", FEED, key),
        fetched_at=NOW,
        url=f"https://news.example.com/{key}",
    )


def _poll(store: Store, *items: NewItem) -> int:
    source = store.subscribe(FEED, kind="feed", now=NOW).source
    store.record_poll(
        source.source_id,
        PollSuccess(
            checked_at=NOW, next_check_at=NOW + timedelta(hours=1), etag=None, last_modified=None, items=items
        ),
    )
    return source.source_id


def test_a_page_want_keeps_the_entry_s_title_and_whether_it_is_a_correction_s(store: Store) -> None:
    wanted = PageWant("https://news.example.com/a", NOW, 1, "HTTP 503", title="Bridge shut", corrects=True)
    plain = PageWant("https://news.example.com/b", NOW + timedelta(minutes=1), 1, "HTTP 503")
    source_id = _poll(
        store, NewItem("a", NOW, _teaser("a"), page=wanted), NewItem("b", NOW, _teaser("b"), page=plain)
    )
    due = store.due_pages(source_id, NOW + timedelta(hours=1), limit=10)
    assert [(page.item_key, page.want) for page in due] == [("a", wanted), ("b", plain)]


def test_a_store_migrated_from_before_keeps_its_page_wants_untitled_and_no_correction_s(store: Store) -> None:
    wanted = PageWant("https://news.example.com/a", NOW, 2, "HTTP 503", title="Bridge shut", corrects=True)
    source_id = _poll(store, NewItem("a", NOW, _teaser("a"), page=wanted))
    migrate.run_migrations(store.engine, command.downgrade, "0029-1")
    with store.engine.connect() as connection:
        row = connection.execute(select(source_items.c.page_url, source_items.c.page_attempts)).one()
    assert tuple(row) == ("https://news.example.com/a", 2)
    store.migrate()
    (due,) = store.due_pages(source_id, NOW, limit=10)
    assert due.want == PageWant("https://news.example.com/a", NOW, 2, "HTTP 503")


PAGE_TEXT = " ".join(f"The harbour bridge closes on Monday, part {n}, the port said." for n in range(20))


def _record(store: Store, source_id: int, *items: NewItem) -> None:
    store.record_poll(
        source_id,
        PollSuccess(
            checked_at=NOW, next_check_at=NOW + timedelta(hours=1), etag=None, last_modified=None, items=items
        ),
    )


def test_a_correction_s_page_had_later_corrects_the_text_and_keeps_the_article_s_later_headline(
    store: Store,
) -> None:
    # The page was wanted with the headline of the correction that wanted it; the article has
    # taken a later headline since. Before: the page put the older one back.
    stored = replace(_teaser("a"), title="Harbour bridge to close for four weeks")
    wanted = PageWant(stored.url or "", NOW, 1, "HTTP 503", title="Harbour bridge to close for three weeks")
    source_id = _poll(store, NewItem("a", NOW, stored, page=replace(wanted, corrects=True)))
    page = replace(stored, title=wanted.title or "", text=PAGE_TEXT, html=f"<p>{PAGE_TEXT}</p>")
    done = replace(wanted, due_at=None, corrects=True)
    _record(store, source_id, NewItem("a", NOW, page, page=done, retry=True, correction="text"))
    (kept,) = store.list_articles()
    assert (kept.article.title, kept.article.text) == ("Harbour bridge to close for four weeks", PAGE_TEXT)


def test_a_later_correction_without_a_page_cancels_a_correction_s_page_not_a_teaser_s(store: Store) -> None:
    wanted = PageWant("https://news.example.com/a", NOW, 1, "HTTP 503", title="Story a", corrects=True)
    teaser = PageWant("https://news.example.com/b", NOW, 1, "HTTP 503", title="Story b")
    source_id = _poll(
        store, NewItem("a", NOW, _teaser("a"), page=wanted), NewItem("b", NOW, _teaser("b"), page=teaser)
    )
    _record(
        store,
        source_id,
        *(NewItem(key, NOW, _teaser(key), entry_hash="later", correction="text") for key in ("a", "b")),
    )
    due = store.due_pages(source_id, NOW + timedelta(hours=1), limit=10)
    assert [(page.item_key, page.want) for page in due] == [("b", teaser)]
