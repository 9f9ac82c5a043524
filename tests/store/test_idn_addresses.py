"""An article stored under an address with an internationalised host is found by the address in
its other writing (Unicode or Punycode), on SQLite and PostgreSQL: the same article is not stored
twice. Synthetic, after the bad-input audit's idn1.html and idn2.html."""

from __future__ import annotations

import pytest

from tests.store.test_articles import make_article
from tidings.model import Added, AlreadyHad, Outlet
from tidings.store import Store

UNICODE = "https://straße.de/artikel/1"
PUNYCODE = "https://xn--strae-oqa.de/artikel/1"


@pytest.mark.parametrize(("stored_url", "again_url"), [(UNICODE, PUNYCODE), (PUNYCODE, UNICODE)])
def test_an_address_is_found_by_its_host_in_the_other_writing(
    store: Store, stored_url: str, again_url: str
) -> None:
    outlet = Outlet(name="Straße", domain="straße.de")
    first = store.add_article(make_article(url=stored_url, outlet=outlet))
    assert isinstance(first, Added)
    again = make_article(
        "Putin visits Minsk, updated",
        text=" ".join(f"other{index}" for index in range(80)),
        url=again_url,
        outlet=outlet,
    )
    # Before: a second article.
    outcome = store.add_article(again)
    assert isinstance(outcome, AlreadyHad)
    assert outcome.article_id == first.article_id
    assert outcome.via == "url"
