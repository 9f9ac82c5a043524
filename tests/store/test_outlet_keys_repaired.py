"""Migration 0032 keys every outlet as the running ``Outlet.key`` keys its domain where that key
is free, on SQLite and PostgreSQL: the outlet 0030 left keyed in Punycode because 0031 had not
yet freed its key (the Greek final and non-final sigma), and the stores earlier versions of 0030
and 0031 left (same revision ids, other code), set up here as those versions left them and
stamped at 0031. Synthetic sites, after the review's mid.py and mid2.py.
"""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import text

from tests.store.placing import article_from, place_article
from tidings.model import Added, Article, Outlet, StorySummary
from tidings.store import Store, migrate
from tidings.store.icons import IconAttempt
from tidings.urls import ascii_host

WHEN = datetime(2026, 12, 1, 8, tzinfo=UTC)
FINAL = "ελλάς.gr"  # final sigma: a site of its own under UTS-46 non-transitional IDNA
SIGMA = "ελλάσ.gr"  # the key the old, case-folding ``Outlet.key`` gave FINAL too
SIGMA_PUNYCODE = ascii_host(SIGMA)


def _outlets(store: Store) -> dict[str, tuple[str, str | None, int]]:
    return {found.key: (found.name, found.domain, found.article_count) for found in store.list_outlets()}


def _article(number: int, url: str, outlet: Outlet) -> Article:
    return article_from(url, outlet, number, since=WHEN)


def _upgrade_from(store: Store, revision: str) -> None:
    """Stamp what the test stored at ``revision`` and upgrade the store to every head."""
    migrate.run_migrations(store.engine, command.downgrade, revision)
    store.migrate()
    assert store.is_current()


def test_the_site_whose_key_0031_frees_is_re_keyed_to_it(store: Store) -> None:
    # Review: 0030 left the σ site's Punycode outlet, its key held by ελλάς.gr's (keyed the old,
    # folded way); 0031 moved ελλάς.gr's outlet, and the σ site's next article made a second one.
    assert SIGMA_PUNYCODE == "xn--hxarsa5b.gr"
    place_article(store, _article(0, f"https://{FINAL}/a", Outlet("Final Site", FINAL)))
    place_article(store, _article(1, f"https://{SIGMA_PUNYCODE}/b", Outlet("Sigma Site", SIGMA_PUNYCODE)))
    with store.writing() as connection:  # keyed as before 0031: folded
        connection.execute(
            text("UPDATE outlets SET key = :sigma WHERE key = :final"), {"sigma": SIGMA, "final": FINAL}
        )
    _upgrade_from(store, "0030-1")
    assert _outlets(store) == {
        FINAL: ("Final Site", FINAL, 1),
        SIGMA: ("Sigma Site", SIGMA, 1),
    }
    assert isinstance(
        store.add_article(_article(2, f"https://{SIGMA}/c", Outlet("Sigma Site", SIGMA))), Added
    )
    assert _outlets(store)[SIGMA] == ("Sigma Site", SIGMA, 2)
    assert len(_outlets(store)) == 2


def test_two_outlets_of_one_site_left_by_the_old_0031_are_merged(store: Store) -> None:
    # As the version of 0030/0031 of 20:52 left a store (the review's mid.py): straße.de's named
    # outlet still keyed "strasse.de", and its Punycode twin re-keyed "straße.de" beside it, each
    # with an article of one story, an icon each and a kept summary.
    named = Outlet("Straße Heute", "straße.de")
    _, story_id = place_article(store, _article(0, "https://straße.de/a", named))
    with store.writing() as connection:
        connection.execute(text("UPDATE outlets SET key = 'strasse.de' WHERE key = 'straße.de'"))
    place_article(
        store, _article(1, "https://xn--strae-oqa.de/b", Outlet("straße.de", "straße.de")), join=story_id
    )
    place_article(store, _article(2, "https://other.de/c", Outlet("Other", "other.de")), join=story_id)
    assert _outlets(store) == {
        "strasse.de": ("Straße Heute", "straße.de", 1),
        "straße.de": ("straße.de", "straße.de", 1),
        "other.de": ("Other", "other.de", 1),
    }
    image = IconAttempt(WHEN, "https://straße.de/favicon.ico", "image/png", b"\x89PNG", "0" * 64)
    assert store.record_outlet_icon("strasse.de", image)
    assert store.record_outlet_icon("straße.de", IconAttempt(WHEN, None, error="HTTP 404"))
    summary = StorySummary(sentences=(), agreed=(), only=(), entities=())
    store.save_story_summary(story_id, "made before the upgrade", summary, now=WHEN)
    assert store.get_story(story_id).story.outlet_count == 3
    _upgrade_from(store, "0031")
    assert _outlets(store) == {
        "straße.de": ("Straße Heute", "straße.de", 2),
        "other.de": ("Other", "other.de", 1),
    }
    assert store.get_story(story_id).story.outlet_count == 2
    assert store.story_summary(story_id) is None
    icon = store.outlet_icon("straße.de")
    assert icon is not None
    assert icon.attempt.body == b"\x89PNG"
    with store.engine.connect() as connection:
        coverage = connection.execute(
            text(
                "SELECT o.key, so.article_count FROM story_outlets so JOIN outlets o ON o.id = so.outlet_id "
                "WHERE so.story_id = :id ORDER BY o.key"
            ),
            {"id": story_id},
        ).all()
        assert connection.execute(text("SELECT COUNT(*) FROM outlet_icons")).scalar() == 1
    assert [tuple(row) for row in coverage] == [("other.de", 1), ("straße.de", 2)]
    # The ASCII site's articles get an outlet of their own.
    assert isinstance(
        store.add_article(_article(3, "https://strasse.de/d", Outlet("Strasse", "strasse.de"))), Added
    )
    assert _outlets(store)["strasse.de"] == ("Strasse", "strasse.de", 1)
    # Upgrading again changes nothing.
    before = _outlets(store)
    _upgrade_from(store, "0031")
    assert _outlets(store) == before


def test_a_punycode_outlet_left_by_the_old_0030_is_re_keyed(store: Store) -> None:
    # As the version of 0030 of 20:25 left a store (the review's mid2.py): straße.de's Punycode
    # outlet not re-keyed, its new key then being the folded "strasse.de", the ASCII site's.
    place_article(store, _article(0, "https://strasse.de/a", Outlet("Strasse", "strasse.de")))
    place_article(
        store,
        _article(1, "https://xn--strae-oqa.de/b", Outlet("Straße Heute", "xn--strae-oqa.de")),
    )
    assert set(_outlets(store)) == {"strasse.de", "xn--strae-oqa.de"}
    _upgrade_from(store, "0031")
    assert _outlets(store) == {
        "strasse.de": ("Strasse", "strasse.de", 1),
        "straße.de": ("Straße Heute", "straße.de", 1),
    }
