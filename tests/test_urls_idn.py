"""Internationalised hosts: an article's address with a Unicode host and its Punycode form are
one address when a store looks it up (each kept as written). The addresses are synthetic, after
the bad-input audit's idn1.html and idn2.html."""

from __future__ import annotations

from tidings.urls import ascii_host, canonical_url, equivalent_addresses, registrable_domain

UNICODE = "https://straße.de/artikel/1"
PUNYCODE = "https://xn--strae-oqa.de/artikel/1"


def test_an_address_keeps_the_writing_of_its_host_for_its_outlet_and_display() -> None:
    # Stored as written: an outlet named after its domain reads "bücher.example", not Punycode.
    assert canonical_url(UNICODE) == UNICODE
    assert canonical_url(PUNYCODE) == PUNYCODE
    assert canonical_url("https://Bücher.Example/x?utm_source=rss") == "https://bücher.example/x"
    assert registrable_domain("news.пример.рф") == "пример.рф"


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


def test_a_domain_is_given_as_its_readers_write_it_whichever_writing_the_address_has() -> None:
    # One site's outlet and politeness key, reached by a Unicode address or a Punycode one.
    assert registrable_domain("https://xn--bcher-kva.de/a") == "bücher.de"
    assert registrable_domain("https://news.xn--e1afmkfd.xn--p1ai/x") == "пример.рф"
    assert registrable_domain("https://WWW.BÜCHER.de/b") == "bücher.de"
    assert registrable_domain("bu\u0308cher.de") == "bücher.de"  # decomposed, mapped as ascii_host maps it
    assert registrable_domain("xn--strae-oqa.de") == "straße.de"  # not transitional: ß stays ß
    assert registrable_domain("xn--bcher-kva.blogspot.com") == "bücher.blogspot.com"
    assert registrable_domain("https://example.com/") == "example.com"


def test_a_punycode_label_that_is_no_valid_international_name_stays_as_written() -> None:
    assert registrable_domain("xn--n3h.com") == "xn--n3h.com"  # a snowman: no IDNA 2008 name
    assert registrable_domain("xn--zz.de") == "xn--zz.de"


def test_amp_under_an_internationalised_suffix_is_a_domain_in_either_writing() -> None:
    # amp.рф is a registrable domain of its own, not the AMP host of one.
    assert canonical_url("https://amp.xn--p1ai/x") == "https://amp.xn--p1ai/x"
    assert canonical_url("https://amp.рф/x") == "https://amp.рф/x"
    assert canonical_url("https://amp.xn--bcher-kva.de/x") == "https://xn--bcher-kva.de/x"
