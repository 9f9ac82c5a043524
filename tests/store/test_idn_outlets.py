"""One internationalised site is one outlet whichever writing of its domain an article was reached
by (``bücher.de`` or its Punycode ``xn--bcher-kva.de``), on SQLite and PostgreSQL: new articles
as extraction files them, and a store that filed them under two outlets before, merged by
migration 0030. Synthetic sites, after the bad-input audit's idn1.html and idn2.html.

The stored state before the upgrade is made as the old version made it: an outlet keyed by the
Punycode domain beside the Unicode one, their articles in one story. The oracle for the story's
kept coverage is ``rank.coverage_of`` over the arrivals the test placed, under today's outlets.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import event, text

from tests.cluster.support import ntd, tribune
from tests.store.pages import site_page
from tests.store.placing import article_from, place_article
from tidings.model import Added, Arrival, Article, Outlet, StorySummary
from tidings.pipeline import ingest_documents
from tidings.rank import coverage_of
from tidings.store import Store, migrate
from tidings.store.articles import ensure_outlet
from tidings.store.icons import IconAttempt
from tidings.store.stories import StoredFeatures

WHEN = datetime(2026, 12, 1, 8, tzinfo=UTC)
FEATURES = StoredFeatures(model="test", dense=b"", terms=b"", tf=b"", headline_only=True)


def _outlets(store: Store) -> dict[str, tuple[str, str | None, int]]:
    return {found.key: (found.name, found.domain, found.article_count) for found in store.list_outlets()}


def test_two_articles_of_one_site_reached_by_each_writing_are_one_outlet(store: Store) -> None:
    # A feed links one page in Punycode; the other page is read from its Unicode address.
    pages = [
        site_page(
            "https://xn--bcher-kva.de/politik/1",
            "Bücher Aktuell",
            "Putin in Minsk",
            ntd().text,
            published=WHEN,
        ),
        site_page(
            "https://www.bücher.de/politik/2",
            "Bücher Aktuell",
            "Drills in Belarus",
            tribune().text,
            published=WHEN + timedelta(hours=1),
        ),
    ]
    added = [outcome.outcome for outcome in ingest_documents(pages, store, now=WHEN + timedelta(days=1))]
    assert all(isinstance(outcome, Added) for outcome in added)
    # Before: two outlets, "xn--bcher-kva.de" and "bücher.de".
    assert _outlets(store) == {"bücher.de": ("Bücher Aktuell", "bücher.de", 2)}
    # Each address stays as it was written.
    urls = {
        store.get_article(outcome.article_id).article.url for outcome in added if isinstance(outcome, Added)
    }
    assert urls == {"https://xn--bcher-kva.de/politik/1", "https://www.bücher.de/politik/2"}


def _article(number: int, url: str, outlet: Outlet) -> Article:
    return article_from(url, outlet, number, since=WHEN)


def _upgrade_through_0030(store: Store) -> None:
    """Run migration 0030 on what the test stored, as an upgrade from 0029 and before does."""
    migrate.run_migrations(store.engine, command.downgrade, "0030-1")
    store.migrate()
    assert store.is_current()


def test_the_migration_merges_an_outlet_keyed_in_punycode_into_the_unicode_one(store: Store) -> None:
    # As the old version filed them: the Punycode address's outlet named by the site, the
    # Unicode address's named by its bare domain (no site name on its page), a third site's.
    punycode = Outlet(name="Bücher Aktuell", domain="xn--bcher-kva.de")
    unicode = Outlet(name="bücher.de", domain="bücher.de")
    first, story_id = place_article(store, _article(0, "https://xn--bcher-kva.de/a", punycode))
    second, _ = place_article(store, _article(1, "https://bücher.de/b", unicode), join=story_id)
    place_article(
        store, _article(2, "https://other.de/c", Outlet(name="Other", domain="other.de")), join=story_id
    )
    third, _ = place_article(store, _article(3, "https://xn--bcher-kva.de/d", punycode), join=story_id)
    image = IconAttempt(WHEN, "https://xn--bcher-kva.de/favicon.ico", "image/png", b"\x89PNG", "0" * 64)
    assert store.record_outlet_icon("xn--bcher-kva.de", image)
    assert store.record_outlet_icon("bücher.de", IconAttempt(WHEN, None, error="HTTP 404"))
    assert store.get_story(story_id).story.outlet_count == 3
    _upgrade_through_0030(store)
    assert _outlets(store) == {
        "bücher.de": ("Bücher Aktuell", "bücher.de", 3),
        "other.de": ("Other", "other.de", 1),
    }
    assert {store.get_article(article_id).article.outlet.key for article_id in (first, second, third)} == {
        "bücher.de"
    }
    arrivals = [
        Arrival(outlet="bücher.de", seen_at=WHEN, is_copy=False, dated=True),
        Arrival(outlet="bücher.de", seen_at=WHEN + timedelta(hours=1), is_copy=False, dated=True),
        Arrival(outlet="other.de", seen_at=WHEN + timedelta(hours=2), is_copy=False, dated=True),
        Arrival(outlet="bücher.de", seen_at=WHEN + timedelta(hours=3), is_copy=False, dated=True),
    ]
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
        "bücher.de",
        "other.de",
    ]
    assert [story.story_id for story in store.outlet_stories("bücher.de")] == [story_id]
    # One site: its image is kept over the failed attempt.
    icon = store.outlet_icon("bücher.de")
    assert icon is not None
    assert icon.attempt.body == b"\x89PNG"
    # A new article by either writing joins it; migrating again changes nothing.
    again = Outlet(name="Bücher Aktuell", domain="bücher.de")
    assert isinstance(store.add_article(_article(4, "https://bücher.de/e", again)), Added)
    before = _outlets(store)
    _upgrade_through_0030(store)
    assert (
        _outlets(store)
        == before
        == {
            "bücher.de": ("Bücher Aktuell", "bücher.de", 4),
            "other.de": ("Other", "other.de", 1),
        }
    )


def test_the_migration_re_keys_a_punycode_outlet_alone_and_names_it_by_its_domain_until_named(
    store: Store,
) -> None:
    place_article(
        store,
        _article(
            0,
            "https://news.xn--e1afmkfd.xn--p1ai/a",
            Outlet(name="xn--e1afmkfd.xn--p1ai", domain="xn--e1afmkfd.xn--p1ai"),
        ),
    )
    place_article(
        store,
        _article(1, "https://xn--strae-oqa.de/b", Outlet(name="Straße Heute", domain="xn--strae-oqa.de")),
    )
    # Not a valid international name: written as it was.
    place_article(
        store, _article(2, "https://xn--n3h.com/c", Outlet(name="xn--n3h.com", domain="xn--n3h.com"))
    )
    _upgrade_through_0030(store)
    assert _outlets(store) == {
        "пример.рф": ("пример.рф", "пример.рф", 1),
        # Keyed by its domain lower-cased, not folded (ß is not "ss": strasse.de is another site).
        "straße.de": ("Straße Heute", "straße.de", 1),
        "xn--n3h.com": ("xn--n3h.com", "xn--n3h.com", 1),
    }
    # Named by its key, the outlet takes the first real name an article of it brings.
    named = Outlet(name="Пример", domain="пример.рф")
    assert isinstance(store.add_article(_article(3, "https://пример.рф/d", named)), Added)
    assert _outlets(store)["пример.рф"] == ("Пример", "пример.рф", 2)


def test_the_migration_merges_no_outlet_into_another_site_s_that_holds_its_key(store: Store) -> None:
    # straße.de was keyed "strasse.de" (``Outlet.key`` case-folded until 0031), as the ASCII site
    # strasse.de is: never merged into it, and now keyed "straße.de" beside it.
    place_article(store, _article(0, "https://strasse.de/a", Outlet(name="Strasse", domain="strasse.de")))
    place_article(
        store,
        _article(1, "https://xn--strae-oqa.de/b", Outlet(name="Straße Heute", domain="xn--strae-oqa.de")),
    )
    _upgrade_through_0030(store)
    assert _outlets(store) == {
        "strasse.de": ("Strasse", "strasse.de", 1),
        "straße.de": ("Straße Heute", "straße.de", 1),
    }


def _rows_read_from_outlets(store: Store, target: str) -> int:
    """Upgrade to ``target`` and count the outlet rows its queries read: each query that reads
    the outlets table is run again afterwards as it was sent, and its rows are counted."""
    sent: list[tuple[str, object]] = []

    def note(_conn: object, _cursor: object, statement: str, parameters: object, *_rest: object) -> None:
        if statement.lstrip().upper().startswith("SELECT") and re.search(
            r"\bFROM outlets\b", statement, re.I
        ):
            sent.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", note)
    try:
        migrate.run_migrations(store.engine, command.upgrade, target)
    finally:
        event.remove(store.engine, "before_cursor_execute", note)
    assert sent
    with store.engine.connect() as connection:
        return sum(
            len(connection.exec_driver_sql(statement, parameters).all()) for statement, parameters in sent
        )  # type: ignore[arg-type]


def test_the_migrations_read_only_the_outlets_whose_key_may_change(store: Store) -> None:
    # Review: 0030 read every outlet, one query each, and 0031 read every outlet, all while the
    # migration lock was held (100,000 outlets: 4.2 s and 26.5 s for 0030 on SQLite and
    # PostgreSQL). Only a domain with "xn--" or beyond ASCII can be written or keyed otherwise.
    plain = 300
    with store.writing() as connection:
        connection.execute(
            text("INSERT INTO outlets (key, name, domain) VALUES (:key, :name, :domain)"),
            [{"key": f"site{i}.com", "name": f"Site {i}", "domain": f"site{i}.com"} for i in range(plain)],
        )
    place_article(
        store, _article(0, "https://xn--bcher-kva.de/a", Outlet("xn--bcher-kva.de", "xn--bcher-kva.de"))
    )
    place_article(
        store, _article(1, "https://XN--E1AFMKFD.XN--P1AI/b", Outlet("Пример", "XN--E1AFMKFD.XN--P1AI"))
    )
    place_article(store, _article(2, "https://straße.de/c", Outlet("Straße Heute", "straße.de")))
    with store.writing() as connection:  # keyed as before 0031: folded
        connection.execute(text("UPDATE outlets SET key = 'strasse.de' WHERE key = 'straße.de'"))
    migrate.run_migrations(store.engine, command.downgrade, "0030-1")
    assert _rows_read_from_outlets(store, "0030") < 10
    assert _rows_read_from_outlets(store, "0031") < 10
    assert _rows_read_from_outlets(store, "0032") < 10
    store.migrate()
    assert store.is_current()
    outlets = _outlets(store)
    assert len(outlets) == plain + 3
    assert {key: outlets[key] for key in ("bücher.de", "пример.рф", "straße.de")} == {
        "bücher.de": ("bücher.de", "bücher.de", 1),
        "пример.рф": ("Пример", "пример.рф", 1),
        "straße.de": ("Straße Heute", "straße.de", 1),
    }


def test_a_bare_punycode_name_becomes_the_domain_as_written_never_another_site_s_spelling(
    store: Store,
) -> None:
    # Named by its bare domain, the row is named by its new key: "straße.de", never the folded
    # "strasse.de" (the ASCII site's key, which 0030 once named a merged outlet by), and the first
    # real name replaces it.
    place_article(store, _article(0, "https://strasse.de/a", Outlet(name="Strasse", domain="strasse.de")))
    place_article(
        store, _article(1, "https://xn--strae-oqa.de/b", Outlet("xn--strae-oqa.de", "xn--strae-oqa.de"))
    )
    _upgrade_through_0030(store)
    assert _outlets(store) == {
        "strasse.de": ("Strasse", "strasse.de", 1),
        "straße.de": ("straße.de", "straße.de", 1),
    }
    with store.writing() as connection:
        ensure_outlet(connection, Outlet("Straße Heute", "straße.de"))
    assert _outlets(store)["straße.de"] == ("Straße Heute", "straße.de", 1)


def test_a_punycode_outlet_merges_into_its_site_s_outlet_still_keyed_folded(store: Store) -> None:
    # 0031 (after 0030) re-keys "strasse.de" to "straße.de" where that key is free: 0030 gave it
    # to the Punycode row, so the site stayed two outlets, one keyed as the ASCII site strasse.de.
    punycode = Outlet("xn--strae-oqa.de", "xn--strae-oqa.de")
    _, story_id = place_article(store, _article(0, "https://straße.de/a", Outlet("straße.de", "straße.de")))
    place_article(store, _article(1, "https://xn--strae-oqa.de/b", punycode), join=story_id)
    with store.writing() as connection:  # keyed as before 0031: folded
        connection.execute(text("UPDATE outlets SET key = 'strasse.de' WHERE key = 'straße.de'"))
    assert store.get_story(story_id).story.outlet_count == 2
    _upgrade_through_0030(store)
    assert _outlets(store) == {"straße.de": ("straße.de", "straße.de", 2)}
    assert store.get_story(story_id).story.outlet_count == 1
    # The ASCII site's articles get an outlet of their own.
    assert isinstance(
        store.add_article(_article(2, "https://strasse.de/c", Outlet("Strasse", "strasse.de"))), Added
    )
    assert _outlets(store)["strasse.de"] == ("Strasse", "strasse.de", 1)


def test_the_migration_drops_the_kept_summaries_of_the_stories_it_counts_again(store: Store) -> None:
    # Review: a summary's fingerprint is its members, not their outlets, so the summary made when
    # the two writings were two outlets (two independent sources) was kept and shown.
    _, merged = place_article(
        store, _article(0, "https://xn--bcher-kva.de/a", Outlet("Bücher", "xn--bcher-kva.de"))
    )
    place_article(store, _article(1, "https://bücher.de/b", Outlet("Bücher", "bücher.de")), join=merged)
    _, alone = place_article(store, _article(2, "https://other.de/c", Outlet("Other", "other.de")))
    _, renamed = place_article(
        store, _article(3, "https://xn--strae-oqa.de/d", Outlet("Straße", "xn--strae-oqa.de"))
    )
    summary = StorySummary(sentences=(), agreed=(), only=(), entities=())
    for story_id in (merged, alone, renamed):
        store.save_story_summary(story_id, "made before the upgrade", summary, now=WHEN)
    _upgrade_through_0030(store)
    assert store.story_summary(merged) is None
    assert set(store.kept_summaries([merged, alone, renamed])) == {alone, renamed}


def test_an_outlet_is_found_by_its_domain_in_punycode_as_bookmarked_before(store: Store) -> None:
    # Review: keyed "bücher.de" since 0030, the outlet was no longer found by "xn--bcher-kva.de",
    # the key old bookmarks, filters and scripts hold.
    _, story_id = place_article(
        store, _article(0, "https://bücher.de/a", Outlet("Bücher Aktuell", "bücher.de"))
    )
    place_article(store, _article(1, "https://xn--strae-oqa.de/b", Outlet("Straße Heute", "straße.de")))
    place_article(store, _article(2, "https://strasse.de/c", Outlet("Strasse", "strasse.de")))
    image = IconAttempt(WHEN, "https://bücher.de/favicon.ico", "image/png", b"\x89PNG", "0" * 64)
    assert store.record_outlet_icon("bücher.de", image)
    for given in ("xn--bcher-kva.de", " XN--BCHER-KVA.DE ", "bücher。de"):
        assert store.get_outlet(given).key == "bücher.de", given
        assert store.get_outlet_name(given).key == "bücher.de", given
        assert [found.key for found in store.outlets_named(given)] == ["bücher.de"], given
        assert [stored.article.outlet.key for stored in store.list_articles(outlet=given)] == ["bücher.de"]
        assert [stored.article.outlet.key for stored in store.list_article_page(outlet=given)] == [
            "bücher.de"
        ]
        assert [story.story_id for story in store.outlet_stories(given)] == [story_id]
        icon = store.outlet_icon(given)
        assert icon is not None
        assert icon.outlet_key == "bücher.de"
    # straße.de's Punycode is straße.de, never the ASCII site strasse.de.
    assert store.get_outlet("xn--strae-oqa.de").key == "straße.de"
    assert store.get_outlet("strasse.de").key == "strasse.de"
    # Another domain (a subdomain, a port) is not the outlet's; nor is a Punycode name no site's.
    for given in ("www.xn--bcher-kva.de", "xn--bcher-kva.de:80", "xn--bcher-kva", "xn--n3h.com"):
        assert store.outlets_named(given) == [], given
    # A row keyed by the Punycode writing itself (an invalid name, left by 0030) is found by it.
    place_article(store, _article(3, "https://xn--n3h.com/d", Outlet("xn--n3h.com", "xn--n3h.com")))
    assert store.get_outlet("XN--N3H.COM").key == "xn--n3h.com"


def test_an_outlet_merged_into_before_its_turn_is_read_again_when_it_comes(store: Store) -> None:
    # The candidates are read at once: the Unicode row, written in capitals (so its own turn
    # re-keys it too), takes the Punycode row's real name when merged into; its turn must not put
    # back the bare name it was read with.
    _, story_id = place_article(
        store, _article(0, "https://xn--bcher-kva.de/a", Outlet("Bücher", "xn--bcher-kva.de"))
    )
    place_article(store, _article(1, "https://BÜCHER.DE/b", Outlet("BÜCHER.DE", "BÜCHER.DE")), join=story_id)
    _upgrade_through_0030(store)
    assert _outlets(store) == {"bücher.de": ("Bücher", "bücher.de", 2)}
