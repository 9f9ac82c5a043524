"""Publishers that share a registrable domain (ABC News at abcnews.go.com, ESPN at espn.go.com)
are two outlets, on SQLite and PostgreSQL: new articles as the extractors file them, and a store
that filed them under one "go.com" outlet before, split by migration 0025.

The stored state before the upgrade is made as the old version made it: articles under
``Outlet(name="ABC News", domain="go.com")``, placed in one story, with an icon for go.com. The
oracle for the split story's kept coverage is ``rank.coverage_of`` over the arrivals the test
placed, under the outlets their addresses name.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from alembic import command
from alembic.config import Config

from tests.store.placing import place_article
from tidings.extract.feeds import extract_feed_entry
from tidings.gather.feeds import parse_feed
from tidings.model import Added, Arrival, Article, Outlet, Provenance
from tidings.rank import coverage_of
from tidings.store import Store, migrate
from tidings.store.icons import IconAttempt
from tidings.store.stories import StoredFeatures
from tidings.urls import registrable_domain

WHEN = datetime(2026, 12, 1, 8, tzinfo=UTC)
FEATURES = StoredFeatures(model="test", dense=b"", terms=b"", tf=b"", headline_only=True)
OLD_OUTLET = Outlet(name="ABC News", domain="go.com")


def _alembic(store: Store, action: Callable[[Config, str], None], target: str) -> None:
    migrate.run_migrations(store.engine, action, target)


def _article(number: int, url: str | None, outlet: Outlet, *, locator: str | None = None) -> Article:
    moment = WHEN + timedelta(hours=number)
    return Article(
        title=f"Report {number}",
        text=f"Words of report number {number}, which nobody else wrote.",
        html="",
        outlet=outlet,
        provenance=Provenance(
            kind="feed", locator=locator or "https://feeds.example.org/all.xml", entry_key=str(number)
        ),
        fetched_at=moment,
        published_at=moment,
        url=url,
    )


def _outlets(store: Store) -> dict[str, tuple[str, int]]:
    return {found.key: (found.name, found.article_count) for found in store.list_outlets()}


def test_two_publishers_on_one_shared_domain_are_two_outlets() -> None:
    assert registrable_domain("https://abcnews.go.com/US/story?id=1") == "abcnews.go.com"
    assert registrable_domain("http://espn.go.com/nba/story/_/id/2") == "espn.go.com"
    assert registrable_domain("https://liveblog.abcnews.go.com/Event/x") == "abcnews.go.com"
    assert registrable_domain("https://www.go.com/") == "go.com"


def test_new_articles_of_two_publishers_under_go_com_are_filed_apart(store: Store) -> None:
    abc = Outlet(name="ABC News", domain=registrable_domain("https://abcnews.go.com/US/a"))
    espn = Outlet(name="ESPN", domain=registrable_domain("https://espn.go.com/nba/b"))
    assert isinstance(store.add_article(_article(1, "https://abcnews.go.com/US/a", abc)), Added)
    assert isinstance(store.add_article(_article(2, "https://espn.go.com/nba/b", espn)), Added)
    assert _outlets(store) == {"abcnews.go.com": ("ABC News", 1), "espn.go.com": ("ESPN", 1)}


def _old_store_with_one_go_com_outlet(store: Store) -> tuple[dict[str, int], int, list[Arrival]]:
    """Articles as the old version filed them: all under go.com, named by ABC News, which came
    first. (article ids by name, the story they are in, the arrivals by today's outlets)."""
    ids: dict[str, int] = {}
    ids["abc"], story_id = place_article(store, _article(0, "https://abcnews.go.com/US/a", OLD_OUTLET))
    # ESPN's article has only its other address under go.com: its canonical one is a wire's.
    ids["espn"], _ = place_article(
        store,
        _article(1, "https://wire.example.net/b", OLD_OUTLET, locator="https://espn.go.com/rss/news"),
        join=story_id,
    )
    ids["espn_copy"], _ = place_article(
        store, _article(2, "http://espn.go.com/nba/c", OLD_OUTLET), join=story_id, copy_of=ids["abc"]
    )
    ids["liveblog"], _ = place_article(
        store, _article(3, "https://liveblog.abcnews.go.com/Event/d", OLD_OUTLET), join=story_id
    )
    ids["portal"], _ = place_article(store, _article(4, "https://www.go.com/e", OLD_OUTLET))
    ids["no_address"], _ = place_article(store, _article(5, None, OLD_OUTLET, locator="paste"))
    arrivals = [
        Arrival(outlet="abcnews.go.com", seen_at=WHEN, is_copy=False, dated=True),
        Arrival(outlet="espn.go.com", seen_at=WHEN + timedelta(hours=1), is_copy=False, dated=True),
        Arrival(outlet="espn.go.com", seen_at=WHEN + timedelta(hours=2), is_copy=True, dated=True),
        Arrival(outlet="abcnews.go.com", seen_at=WHEN + timedelta(hours=3), is_copy=False, dated=True),
    ]
    assert store.record_outlet_icon("go.com", IconAttempt(fetched_at=WHEN, source_url=None, error="none"))
    return ids, story_id, arrivals


def test_the_migration_files_articles_stored_under_go_com_by_their_publisher(store: Store) -> None:
    ids, story_id, arrivals = _old_store_with_one_go_com_outlet(store)
    [old] = store.list_outlets()
    assert (old.key, old.article_count) == ("go.com", 6)
    assert store.get_story(story_id).story.outlet_count == 1
    _alembic(store, command.downgrade, "0025-1")
    store.migrate()
    assert store.is_current()
    assert _outlets(store) == {
        # The row goes to ABC News, its first article's publisher, and keeps its id; ESPN's
        # articles were filed under it too, so the name is not known to be ABC's: each outlet is
        # named by its domain until an article of its own names it.
        "abcnews.go.com": ("abcnews.go.com", 2),
        "espn.go.com": ("espn.go.com", 2),
        # The portal's own page, and an article with no address to tell by, stay go.com's.
        "go.com": ("go.com", 2),
    }
    by_article = {name: store.get_article(article_id).article.outlet.key for name, article_id in ids.items()}
    assert by_article == {
        "abc": "abcnews.go.com",
        "espn": "espn.go.com",
        "espn_copy": "espn.go.com",
        "liveblog": "abcnews.go.com",
        "portal": "go.com",
        "no_address": "go.com",
    }
    # The story's kept coverage is what placing the articles under these outlets would have kept.
    [kept] = [
        coverage
        for coverage in store.story_coverage(
            since=WHEN - timedelta(days=1), joined_since=WHEN - timedelta(days=1)
        )
        if coverage.story.story_id == story_id
    ]
    assert kept == coverage_of(kept.story, arrivals)
    assert (kept.story.outlet_count, kept.story.original_outlet_count) == (2, 2)
    assert sorted(outlet.key for outlet in store.get_story(story_id).story.outlet_refs) == [
        "abcnews.go.com",
        "espn.go.com",
    ]
    assert [story.story_id for story in store.outlet_stories("espn.go.com")] == [story_id]
    # The icon was one publisher's, or the portal's: it is fetched again for each.
    assert store.outlet_icon("abcnews.go.com") is None
    # A new article of each publisher joins its outlet, and names it.
    espn = Outlet(name="ESPN", domain=registrable_domain("https://espn.go.com/nfl/f"))
    assert isinstance(store.add_article(_article(6, "https://espn.go.com/nfl/f", espn)), Added)
    assert _outlets(store)["espn.go.com"] == ("ESPN", 3)
    abc = Outlet(name="ABC News", domain=registrable_domain("https://abcnews.go.com/US/g"))
    assert isinstance(store.add_article(_article(7, "https://abcnews.go.com/US/g", abc)), Added)
    assert _outlets(store)["abcnews.go.com"] == ("ABC News", 3)
    # Migrating again changes nothing.
    before = _outlets(store)
    _alembic(store, command.downgrade, "0025-1")
    store.migrate()
    assert _outlets(store) == before


def test_a_go_com_outlet_of_one_publisher_only_takes_its_key(store: Store) -> None:
    first = store.add_article(_article(0, "https://abcnews.go.com/US/a", OLD_OUTLET))
    assert isinstance(first, Added)
    _alembic(store, command.downgrade, "0025-1")
    store.migrate()
    assert _outlets(store) == {"abcnews.go.com": ("ABC News", 1)}
    again = Outlet(name="ABC News", domain="abcnews.go.com")
    assert isinstance(store.add_article(_article(1, "https://abcnews.go.com/US/b", again)), Added)
    assert _outlets(store) == {"abcnews.go.com": ("ABC News", 2)}


def _split(store: Store) -> None:
    """Run migration 0025 again on what the test stored, as an upgrade from before it does."""
    _alembic(store, command.downgrade, "0025-1")
    store.migrate()


def test_an_outlet_named_by_the_shared_domain_itself_is_named_by_its_publisher_after_the_split(
    store: Store,
) -> None:
    # No article gave the go.com outlet a site name, so it was named by its bare domain.
    bare = Outlet(name="go.com", domain="go.com")
    place_article(store, _article(0, "https://abcnews.go.com/US/a", bare))
    place_article(store, _article(1, "https://espn.go.com/nba/b", bare))
    _split(store)
    assert _outlets(store) == {"abcnews.go.com": ("abcnews.go.com", 1), "espn.go.com": ("espn.go.com", 1)}
    # Named by its key, the outlet takes the first real name an article of its publisher brings.
    abc = Outlet(name="ABC News", domain="abcnews.go.com")
    assert isinstance(store.add_article(_article(2, "https://abcnews.go.com/US/c", abc)), Added)
    assert _outlets(store)["abcnews.go.com"] == ("ABC News", 2)


def test_an_outlet_of_one_publisher_named_by_the_shared_domain_is_named_by_its_own(store: Store) -> None:
    place_article(store, _article(0, "https://abcnews.go.com/US/a", Outlet(name="go.com", domain="go.com")))
    _split(store)
    assert _outlets(store) == {"abcnews.go.com": ("abcnews.go.com", 1)}
    abc = Outlet(name="ABC News", domain="abcnews.go.com")
    assert isinstance(store.add_article(_article(1, "https://abcnews.go.com/US/b", abc)), Added)
    assert _outlets(store) == {"abcnews.go.com": ("ABC News", 2)}


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>ABC News</title><link>https://abcnews.go.com/</link><description>Top stories</description>
<item><title>Storm reaches the coast</title><link>https://abcnews.go.com/US/storm-coast</link>
<guid>storm-coast</guid><pubDate>Tue, 01 Dec 2026 12:00:00 GMT</pubDate>
<description>The storm reached the coast on Tuesday, forecasters said.</description></item>
</channel></rss>
"""


def test_an_outlet_named_by_another_publisher_is_named_by_its_own_after_the_split(store: Store) -> None:
    # ABC's article came first, nameless; ESPN's then gave the shared outlet its name.
    place_article(store, _article(0, "https://abcnews.go.com/US/a", Outlet(name="go.com", domain="go.com")))
    place_article(store, _article(1, "https://espn.go.com/nba/b", Outlet(name="ESPN", domain="go.com")))
    assert _outlets(store) == {"go.com": ("ESPN", 2)}
    _split(store)
    # The row is ABC's now: it must not go on saying ESPN, whose own outlet is new.
    assert _outlets(store) == {"abcnews.go.com": ("abcnews.go.com", 1), "espn.go.com": ("espn.go.com", 1)}
    # The next poll of ABC's feed names ABC's outlet as the feed does.
    parsed = parse_feed(
        RSS.encode(),
        locator="https://abcnews.go.com/abcnews/topstories",
        feed_url="https://abcnews.go.com/abcnews/topstories",
        fetched_at=WHEN + timedelta(days=1),
    )
    [entry] = parsed.entries
    polled = extract_feed_entry(entry, entry.provenance.locator)
    assert polled.outlet == Outlet(name="ABC News", domain="abcnews.go.com")
    assert isinstance(store.add_article(polled), Added)
    assert _outlets(store)["abcnews.go.com"] == ("ABC News", 2)


def test_an_outlet_named_by_its_domain_after_the_split_is_named_when_its_article_comes_again(
    store: Store,
) -> None:
    # The sample's Economic Times, Times of India…: a store loaded before 0025 showed them as
    # "economictimes.indiatimes.com" after the upgrade, and `tidings load-sample` again (safe to
    # repeat, every entry already stored) never gave the names back; a fresh store has them.
    place_article(store, _article(0, "https://abcnews.go.com/US/a", OLD_OUTLET))
    place_article(store, _article(1, "https://espn.go.com/nba/b", OLD_OUTLET))
    _split(store)
    assert _outlets(store) == {"abcnews.go.com": ("abcnews.go.com", 1), "espn.go.com": ("espn.go.com", 1)}
    espn = Outlet(name="ESPN", domain="espn.go.com")
    again = store.add_article(_article(1, "https://espn.go.com/nba/b", espn))
    assert not isinstance(again, Added)
    assert _outlets(store) == {"abcnews.go.com": ("abcnews.go.com", 1), "espn.go.com": ("ESPN", 1)}
    assert store.get_article(again.article_id).article.outlet.name == "ESPN"
