"""An article stored under an address with a Unicode host (as stores kept them before
``canonical_url`` wrote hosts in ASCII) is found by the Punycode form of its address, on SQLite
and PostgreSQL: the same article is not stored twice. Synthetic, after the bad-input audit."""

from __future__ import annotations

from tests.store.test_articles import make_article
from tidings.model import Added, AlreadyHad, Outlet
from tidings.store import Store


def test_an_address_stored_with_a_unicode_host_is_found_by_its_punycode(store: Store) -> None:
    outlet = Outlet(name="Straße", domain="straße.de")
    first = store.add_article(make_article(url="https://straße.de/artikel/1", outlet=outlet))
    assert isinstance(first, Added)
    again = make_article(
        "Putin visits Minsk, updated",
        text=" ".join(f"other{index}" for index in range(80)),
        url="https://xn--strae-oqa.de/artikel/1",
        outlet=outlet,
    )
    # Before: a second article.
    outcome = store.add_article(again)
    assert isinstance(outcome, AlreadyHad)
    assert outcome.article_id == first.article_id
    assert outcome.via == "url"


def test_an_address_stored_with_a_punycode_host_is_found_by_its_unicode(store: Store) -> None:
    outlet = Outlet(name="Straße", domain="xn--strae-oqa.de")
    first = store.add_article(make_article(url="https://xn--strae-oqa.de/artikel/1", outlet=outlet))
    assert isinstance(first, Added)
    again = make_article(
        "Putin visits Minsk, updated",
        text=" ".join(f"other{index}" for index in range(80)),
        url="https://straße.de/artikel/1",
        outlet=outlet,
    )
    outcome = store.add_article(again)
    assert isinstance(outcome, AlreadyHad)
    assert outcome.article_id == first.article_id
    assert outcome.via == "url"
