"""Finding the outlets a person names (``tidings articles --outlet``), on SQLite and PostgreSQL:
a domain is one site's, a name is every outlet of that name as Python folds case (SQLite's
lower() folds ASCII only), and neither reads every outlet."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from tidings.model import Outlet
from tidings.store import Store
from tidings.store.articles import ensure_outlet

OUTLETS = (
    Outlet("Glamour", "glamour.com"),
    # Real in the sample store: a British magazine names itself after the American one's domain.
    Outlet("Glamour.com", "glamourmagazine.co.uk"),
    Outlet("Voice of America", "voanews.com"),
    Outlet("Voice of America"),  # allAfrica's republished copies: no domain, keyed by the name
    Outlet("Süddeutsche Zeitung", "sueddeutsche.de"),
    Outlet("DIE STRAẞE", "strasse.example"),
    Outlet("ΑΘΗΝΑΪΚΆ Νέα", "athens.example"),
    Outlet("Kelvin Times", "kelvin.example"),  # a Kelvin sign: casefolds to "kelvin times"
    # Backslashes, which a cast to PostgreSQL's bytea would read as escapes or refuse.
    Outlet("C:\\Bureau\\x41 Post", "bureau.example"),
    Outlet("Ñews \\ Daily", "news-daily.example"),
    Outlet("Harbour Gazette", "harbour-gazette.co.uk"),
    Outlet("Harbour Gazette", "harbourgazette.com.au"),
)


@pytest.fixture
def named(store: Store) -> Store:
    with store.writing() as connection:
        for outlet in OUTLETS:
            ensure_outlet(connection, outlet)
    return store


def _keys(store: Store, given: str) -> list[str]:
    return [outlet.key for outlet in store.outlets_named(given)]


def test_a_domain_is_that_site_alone_not_also_an_outlet_named_so(named: Store) -> None:
    # Review: `--outlet glamour.com` also listed glamourmagazine.co.uk, named "Glamour.com".
    assert _keys(named, "glamour.com") == ["glamour.com"]
    assert _keys(named, " Glamour.COM ") == ["glamour.com"]
    assert _keys(named, "glamourmagazine.co.uk") == ["glamourmagazine.co.uk"]
    assert _keys(named, "harbour-gazette.co.uk") == ["harbour-gazette.co.uk"]


def test_a_name_is_every_outlet_of_it_in_any_case_a_domainless_one_included(named: Store) -> None:
    assert _keys(named, "glamour") == ["glamour.com"]
    assert _keys(named, "HARBOUR gazette") == ["harbour-gazette.co.uk", "harbourgazette.com.au"]
    # The domainless outlet's key is this very name; the site of that name is listed beside it.
    assert sorted(_keys(named, "voice of america")) == ["voanews.com", "voice of america"]
    assert _keys(named, "nosuch") == _keys(named, "nosuch.example") == []


@pytest.mark.parametrize(
    ("given", "key"),
    [
        ("süddeutsche zeitung", "sueddeutsche.de"),
        ("SÜDDEUTSCHE ZEITUNG", "sueddeutsche.de"),
        ("die strasse", "strasse.example"),  # ASCII given, a name that is not: ẞ folds to "ss"
        ("Die Straße", "strasse.example"),
        ("αθηναϊκά νέα", "athens.example"),
        ("ΑΘΗΝΑΪΚΆ ΝΈΑ", "athens.example"),
        ("kelvin times", "kelvin.example"),
        ("c:\\bureau\\x41 post", "bureau.example"),
        ("ñews \\ daily", "news-daily.example"),
        ("ÑEWS \\ DAILY", "news-daily.example"),
    ],
)
def test_a_name_beyond_ascii_is_found_as_python_folds_it(named: Store, given: str, key: str) -> None:
    assert _keys(named, given) == [key]


@contextmanager
def _statements(store: Store) -> Iterator[list[str]]:
    """The queries the store runs inside the block."""
    seen: list[str] = []

    def keep(*arguments: object) -> None:
        statement = " ".join(str(arguments[2]).split())
        if statement.startswith("SELECT"):  # not SQLite's BEGIN
            seen.append(statement)

    event.listen(store.engine, "before_cursor_execute", keep)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", keep)


def test_no_lookup_reads_every_outlet(named: Store) -> None:
    # Review: each lookup read every outlet into Python (0.44 s at 100,000 outlets): a domain is
    # now one index probe, and a name is narrowed by the database before Python compares it.
    for given in ("glamour.com", "harbour gazette", "die straße", "nosuch"):
        with _statements(named) as seen:
            named.outlets_named(given)
        assert seen, given
        assert all(" WHERE " in statement for statement in seen), (given, seen)
    with _statements(named) as seen:
        named.outlets_named("glamour.com")
    assert len(seen) == 1  # the key alone


def test_a_site_named_by_its_bare_domain_is_not_found_by_another_site_s_spelling(store: Store) -> None:
    # Review: "straße.de".casefold() is "strasse.de", so `--outlet strasse.de` (the ASCII site's
    # domain, no outlet here) listed straße.de's outlet, named by its bare domain until an article
    # names it; the web reader finds nothing. A real name is still found as Python folds it.
    with store.writing() as connection:
        ensure_outlet(connection, Outlet("straße.de", "straße.de"))
        ensure_outlet(connection, Outlet("Ελλάς.gr", "ελλάς.gr"))
        ensure_outlet(connection, Outlet("Die Straße", "die-strasse.example"))
    assert _keys(store, "strasse.de") == _keys(store, "STRASSE.DE") == []
    assert _keys(store, "ελλάσ.gr") == []
    assert _keys(store, "straße.de") == _keys(store, "STRAẞE.DE") == ["straße.de"]
    assert _keys(store, "ελλάς.gr") == ["ελλάς.gr"]
    assert _keys(store, "die strasse") == _keys(store, "DIE STRASSE") == ["die-strasse.example"]
