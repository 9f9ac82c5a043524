"""A republished page whose canonical link names another site's page (syndication) is its own
site's page: its address and outlet are its own, and the other site's address is kept as what it
republishes. Audit 2026-12-06 (the Star's copy of a Reuters story, ``<link rel=canonical>`` on
reuters.com): the copy took the original's address and filed reuters.com under "The Star".
The fixture pages (``tests/fixtures/extract/authored/syndication/``) are authored in the shape of
the audit's inputs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tidings import dedupe
from tidings.extract import extract
from tidings.model import Article, CopyOrigin, SourceKind

from .helpers import FIXTURES, raw_document

PAGES = FIXTURES / "authored" / "syndication"
WIRE_STORY = "https://www.harbourwire.com/world/kessel-bridge-reopens-idUS2401"
LANTERN_STORY = "https://www.thelantern.com/news/world/2024/01/15/portville-bridge.html"


def _page(name: str, *, url: str | None = None) -> Article:
    path: Path = PAGES / f"{name}.html"
    kind: SourceKind = "url" if url else "file"
    return extract(
        raw_document(path.read_text(encoding="utf-8"), url=url, kind=kind, locator=url or str(path))
    )


def test_a_saved_copy_is_its_own_sites_page_and_names_the_original_it_republishes() -> None:
    copy = _page("lantern-copy")
    assert (copy.outlet.name, copy.outlet.domain) == ("The Lantern", "thelantern.com")
    assert copy.url == LANTERN_STORY
    assert copy.republishes == WIRE_STORY


def test_a_fetched_copy_is_the_site_it_was_read_from() -> None:
    read_from = "https://www.thelantern.com/news/world/2024/01/15/portville-bridge.html?utm_source=feed"
    copy = _page("lantern-copy-copied-head", url=read_from)
    assert (copy.outlet.name, copy.outlet.domain) == ("The Lantern", "thelantern.com")
    assert copy.url == LANTERN_STORY  # tracking removed
    assert copy.republishes == WIRE_STORY


def test_the_original_names_no_other_page() -> None:
    original = _page("harbour-wire-original")
    assert (original.outlet.name, original.outlet.domain) == ("Harbour Wire", "harbourwire.com")
    assert original.url == WIRE_STORY
    assert original.republishes is None


def test_a_brand_of_the_site_keeps_the_sites_domain() -> None:
    # A section's or a brand's name that the address holds, a name made of the domain, or initials
    # are the site's own names: only a name plainly another publication's loses the domain.
    markup = (PAGES / "harbour-wire-dockers.html").read_text(encoding="utf-8")
    cases = {
        "The Cut": "https://nymag.com/thecut/2024/01/dockers.html",
        "EW.com": "https://ew.com/business/dockers/",
        "Los Angeles Times": "https://www.latimes.com/business/dockers",
        "NBC Southern California": "https://www.nbclosangeles.com/news/dockers/",
        "Süddeutsche Zeitung": "https://www.sueddeutsche.de/wirtschaft/dockers-1.234",
        "SputnikInt": "https://sputniknews.com/business/dockers/",
        "The Times of India": "https://timesofindia.indiatimes.com/business/dockers/123.cms",
    }
    for name, address in cases.items():
        page = markup.replace("Harbour Wire", name).replace(
            "https://www.harbourwire.com/business/saltmere-dockers-idUS2402", address
        )
        article = extract(raw_document(page))
        assert article.outlet.domain is not None, name
        assert (article.url, article.republishes) == (address, None), name


def test_a_same_site_canonical_is_still_the_articles_address() -> None:
    # AMP, tracking parameters, www. and another host of the site: one article, one address.
    original = _page("harbour-wire-original", url="https://amp.harbourwire.com/world/kessel-amp?utm_medium=x")
    assert (original.url, original.outlet.domain, original.republishes) == (
        WIRE_STORY,
        "harbourwire.com",
        None,
    )
    markup = (PAGES / "harbour-wire-original.html").read_text(encoding="utf-8")
    punycode = "https://www.xn--strssenseer-tfb.de/world/kessel"
    unicode_page = markup.replace(WIRE_STORY, punycode)
    article = extract(raw_document(unicode_page, url="https://www.strössenseer.de/world/kessel", kind="url"))
    assert article.republishes is None
    assert article.url == punycode


def test_a_canonical_link_on_an_ascii_look_alike_of_the_pages_site_is_another_site() -> None:
    # strasse.de and straße.de are two registrations (UTS-46 keeps "ß", as browsers and the
    # outbound policy do); Python's IDNA 2003 codec folded "ß" to "ss" and read them as one site.
    markup = (PAGES / "harbour-wire-original.html").read_text(encoding="utf-8")
    elsewhere = "https://www.strasse.de/world/kessel"
    article = extract(
        raw_document(
            markup.replace(WIRE_STORY, elsewhere), url="https://www.straße.de/world/kessel", kind="url"
        )
    )
    assert (article.url, article.republishes) == ("https://www.straße.de/world/kessel", elsewhere)


def test_the_copys_canonical_link_is_the_origin_evidence_whatever_came_first() -> None:
    # The copy's own address no longer says where it came from; what it republishes does.
    when = datetime(2024, 1, 15, tzinfo=UTC)
    original = dedupe.subject_of(1, _page("harbour-wire-original"), published_at=when)
    copy = dedupe.subject_of(2, _page("lantern-copy"), published_at=when.replace(day=14))
    found = dedupe.original_of([copy, original])
    assert found.origin == CopyOrigin(outlet="harbourwire.com", evidence="canonical_link")
    assert found.original.article_id == 1
