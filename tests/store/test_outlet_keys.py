"""An outlet with a domain is keyed by its domain lower-cased, not case-folded, on SQLite and
PostgreSQL: ``straße.de`` (``xn--strae-oqa.de`` under UTS-46, not transitional) and the ASCII
site ``strasse.de`` are two outlets, which casefold ("ß" is "ss") made one. Each is found by its
key typed in any case; an outlet known by name alone is found by its name as Python folds it. A
store keyed the old way is re-keyed by migration 0031. Synthetic sites.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import text

from tests.cluster.support import ntd, tribune
from tests.store.pages import site_page
from tests.store.placing import article_from, place_article
from tidings.model import Added, Article, Outlet
from tidings.pipeline import ingest_documents
from tidings.store import Store, migrate
from tidings.store.articles import ensure_outlet
from tidings.store.icons import IconAttempt
from tidings.store.stories import StoredFeatures

WHEN = datetime(2026, 12, 1, 8, tzinfo=UTC)
FEATURES = StoredFeatures(model="test", dense=b"", terms=b"", tf=b"", headline_only=True)


def _outlets(store: Store) -> dict[str, tuple[str, str | None, int]]:
    return {found.key: (found.name, found.domain, found.article_count) for found in store.list_outlets()}


def _ingest_both_sites(store: Store) -> None:
    pages = [
        site_page(
            "https://straße.de/politik/1", "Straße Heute", "Putin in Minsk", ntd().text, published=WHEN
        ),
        site_page(
            "https://www.strasse.de/politik/2",
            "Strasse Aktuell",
            "Drills in Belarus",
            tribune().text,
            published=WHEN + timedelta(hours=1),
        ),
    ]
    added = [outcome.outcome for outcome in ingest_documents(pages, store, now=WHEN + timedelta(days=1))]
    assert all(isinstance(outcome, Added) for outcome in added)


def test_the_sharp_s_site_and_the_double_s_site_are_two_outlets(store: Store) -> None:
    _ingest_both_sites(store)
    # Before: one outlet keyed "strasse.de", named and domained by whichever came first.
    assert _outlets(store) == {
        "straße.de": ("Straße Heute", "straße.de", 1),
        "strasse.de": ("Strasse Aktuell", "strasse.de", 1),
    }


def test_each_site_s_outlet_is_found_by_its_key_in_any_case(store: Store) -> None:
    _ingest_both_sites(store)
    sites = {
        "straße.de": ("straße.de", " Straße.DE ", "STRAẞE.DE"),  # ẞ, the capital sharp s
        "strasse.de": ("strasse.de", "STRASSE.DE", "Strasse.De"),
    }
    for domain, typed in sites.items():
        for given in typed:
            assert store.get_outlet(given).domain == domain, given
            assert store.get_outlet_name(given).key == domain, given
            assert [found.key for found in store.outlets_named(given)] == [domain], given
            assert [stored.article.outlet.domain for stored in store.list_articles(outlet=given)] == [domain]
            assert [stored.article.outlet.domain for stored in store.list_article_page(outlet=given)] == [
                domain
            ]
    image = IconAttempt(WHEN, "https://strasse.de/favicon.ico", "image/png", b"\x89PNG", "0" * 64)
    assert store.record_outlet_icon("STRASSE.DE", image)
    assert store.outlet_icon("straße.de") is None
    found = store.outlet_icon("Strasse.de")
    assert found is not None
    assert found.outlet_key == "strasse.de"
    assert found.attempt.body == b"\x89PNG"


def test_an_outlet_known_by_name_is_found_by_its_name_as_python_folds_it(store: Store) -> None:
    with store.writing() as connection:
        ensure_outlet(connection, Outlet("Die Straße"))  # no domain: keyed "die strasse"
        ensure_outlet(connection, Outlet("Straße Heute", "straße.de"))
    for given in ("die strasse", "DIE STRASSE", "Die Straße", "DIE STRAẞE"):
        assert store.get_outlet(given).key == "die strasse", given
    # A domain's key is never found by its folded writing: "Straße.de" is straße.de.
    assert store.get_outlet("Straße.de").key == "straße.de"
    assert [found.key for found in store.outlets_named("STRASSE.DE")] == []


def test_a_real_name_replaces_a_bare_international_domain(store: Store) -> None:
    with store.writing() as connection:
        first = ensure_outlet(connection, Outlet("straße.de", "straße.de"))
        again = ensure_outlet(connection, Outlet("Straße Heute", "straße.de"))
        # A bare domain in another case is no real name.
        ensure_outlet(connection, Outlet("STRAẞE.DE", "straße.de"))
    assert first == again
    assert _outlets(store) == {"straße.de": ("Straße Heute", "straße.de", 0)}


def _article(number: int, url: str, outlet: Outlet) -> Article:
    return article_from(url, outlet, number, since=WHEN)


def _upgrade_through_0031(store: Store) -> None:
    """Run migration 0031 on what the test stored, as an upgrade from 0030 and before does."""
    migrate.run_migrations(store.engine, command.downgrade, "0031-1")
    store.migrate()
    assert store.is_current()


def test_the_migration_re_keys_an_outlet_keyed_by_its_folded_domain(store: Store) -> None:
    sharp = Outlet(name="Straße Heute", domain="straße.de")
    first, story_id = place_article(store, _article(0, "https://straße.de/a", sharp))
    place_article(
        store, _article(1, "https://other.de/b", Outlet(name="Other", domain="other.de")), join=story_id
    )
    place_article(store, _article(2, "https://example.org/c", Outlet(name="Die Straße")), join=story_id)
    image = IconAttempt(WHEN, "https://straße.de/favicon.ico", "image/png", b"\x89PNG", "0" * 64)
    assert store.record_outlet_icon("straße.de", image)
    # As the old version keyed them: the domain case-folded. Another site's outlet whose new key
    # is held already (here by a nameless row holding it, as no old key could) is left alone.
    with store.writing() as connection:
        connection.execute(text("UPDATE outlets SET key = 'strasse.de' WHERE key = 'straße.de'"))
        connection.execute(
            text("INSERT INTO outlets (key, name, domain) VALUES ('großhandel.de', 'Großhandel', NULL)")
        )
        connection.execute(
            text(
                "INSERT INTO outlets (key, name, domain) "
                "VALUES ('grosshandel.de', 'Großhandel Online', 'großhandel.de')"
            )
        )
    _upgrade_through_0031(store)
    assert _outlets(store) == {
        "straße.de": ("Straße Heute", "straße.de", 1),
        "other.de": ("Other", "other.de", 1),
        "die strasse": ("Die Straße", None, 1),
        "großhandel.de": ("Großhandel", None, 0),
        "grosshandel.de": ("Großhandel Online", "großhandel.de", 0),
    }
    assert store.get_article(first).article.outlet.key == "straße.de"
    # Its stories' coverage and its icon are its row's: they stay.
    assert [story.story_id for story in store.outlet_stories("Straße.de")] == [story_id]
    assert store.get_story(story_id).story.outlet_count == 3
    icon = store.outlet_icon("straße.de")
    assert icon is not None
    assert icon.attempt.body == b"\x89PNG"
    # A new article of straße.de joins it; the ASCII site's gets an outlet of its own.
    assert isinstance(store.add_article(_article(3, "https://straße.de/d", sharp)), Added)
    strasse = Outlet(name="Strasse Aktuell", domain="strasse.de")
    assert isinstance(store.add_article(_article(4, "https://strasse.de/e", strasse)), Added)
    assert _outlets(store)["straße.de"] == ("Straße Heute", "straße.de", 2)
    assert _outlets(store)["strasse.de"] == ("Strasse Aktuell", "strasse.de", 1)
    # Migrating again changes nothing.
    before = _outlets(store)
    _upgrade_through_0031(store)
    assert _outlets(store) == before
