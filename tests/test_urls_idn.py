"""Internationalised hosts: an article's address with a Unicode host and its Punycode form are
one address (stored in ASCII), name one outlet, and an address stored before in Unicode is
still found. The addresses are synthetic, after the bad-input audit's idn1.html and idn2.html."""

from __future__ import annotations

from tidings.urls import ascii_host, canonical_url, equivalent_addresses, registrable_domain

UNICODE = "https://straße.de/artikel/1"
PUNYCODE = "https://xn--strae-oqa.de/artikel/1"


def test_a_unicode_host_and_its_punycode_are_one_canonical_address() -> None:
    # Before: two addresses, so two articles and two outlets.
    assert canonical_url(UNICODE) == canonical_url(PUNYCODE) == PUNYCODE
    assert canonical_url("https://STRASSE.de/a") == "https://strasse.de/a"
    assert canonical_url("https://Bücher.Example/x?utm_source=rss") == "https://xn--bcher-kva.example/x"
    assert registrable_domain(UNICODE) == registrable_domain(PUNYCODE) == "xn--strae-oqa.de"
    assert registrable_domain("news.пример.рф") == "xn--e1afmkfd.xn--p1ai"


def test_an_invalid_international_name_is_left_as_it_is() -> None:
    assert ascii_host("example.com") == "example.com"
    assert ascii_host("a\u200db.example") == "a\u200db.example"


def test_the_lookup_forms_hold_both_writings_of_the_host() -> None:
    forms = equivalent_addresses(PUNYCODE)
    assert forms[0] == PUNYCODE
    assert UNICODE in forms
    assert "http://www.straße.de/artikel/1/" in forms
    assert "https://xn--strae-oqa.de:8443/a" in equivalent_addresses("https://straße.de:8443/a")
    # Only the host's form changes; an ASCII host gains nothing.
    assert not any("xn--" in form for form in equivalent_addresses("https://example.com/a"))
