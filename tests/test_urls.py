"""Canonical URLs, registrable domains and the http(s) check."""

from __future__ import annotations

import socket

import pytest

from tidings import urls
from tidings.errors import FetchError, NotFound, Unreadable
from tidings.urls import (
    canonical_url,
    display_error,
    display_url,
    equivalent_addresses,
    escape_forms,
    feed_address,
    has_ipv6_zone,
    is_home_page,
    is_http_url,
    registrable_domain,
    unregistered_host,
    without_credentials,
    without_password,
)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("HTTPS://WWW.Example.COM:443/a/b#top", "https://www.example.com/a/b"),
        ("http://example.com:80", "http://example.com/"),
        ("http://example.com:8080/x", "http://example.com:8080/x"),
        (
            "https://example.com/story?utm_source=rss&utm_medium=feed&id=42&fbclid=abc",
            "https://example.com/story?id=42",
        ),
        ("https://example.com/story?gclid=1&mc_cid=2&_hsenc=3", "https://example.com/story"),
        ("https://example.com/search?q=a+b&page=2", "https://example.com/search?q=a+b&page=2"),
        ("https://www.example.com/amp/world/story", "https://www.example.com/world/story"),
        ("https://www.example.com/world/story/amp/", "https://www.example.com/world/story/"),
        ("https://www.example.com/world/story?amp", "https://www.example.com/world/story"),
        ("https://www.example.com/world/story?amp=1&x=2", "https://www.example.com/world/story?x=2"),
        ("https://example.com/x.amp.html?outputType=amp", "https://example.com/x.html"),
        ("https://www.bbc.co.uk/news/world-europe-123.amp", "https://www.bbc.co.uk/news/world-europe-123"),
        ("https://example.com/.amp", "https://example.com/.amp"),
        ("https://amp.example.co.uk/news/1", "https://example.co.uk/news/1"),
        (
            "https://www-bbc-com.cdn.ampproject.org/c/s/www.bbc.com/news/world-1?amp_js_v=0.1&usqp=mq331AQ",
            "https://www.bbc.com/news/world-1",
        ),
        ("https://www.google.com/amp/s/www.ntd.com/putin_123.html", "https://www.ntd.com/putin_123.html"),
        ("https://user:secret@example.com/a", "https://example.com/a"),
        (
            "https://web-beta.archive.org/web/20130224005737/http:/www.bbc.co.uk/news/world-europe-21559451",
            "http://www.bbc.co.uk/news/world-europe-21559451",
        ),
        ("https://web.archive.org/web/2019id_/https://example.com/a?utm_source=x", "https://example.com/a"),
        (
            "https://example.com/web/2019/https://other.example/",
            "https://example.com/web/2019/https://other.example/",
        ),
        ("  https://example.com/a  ", "https://example.com/a"),
    ],
)
def test_canonical_url_removes_only_what_cannot_select_content(given: str, expected: str) -> None:
    assert canonical_url(given) == expected


ORIGINAL = "https://www.example-daily.com/2024/01/14/harbour-barrier.html"


@pytest.mark.parametrize(
    "wrapped",
    [
        # The Wayback Machine: a capture, its raw (id_) and framed (if_) forms, the list of its
        # captures (*), the latest capture (no timestamp), a partial timestamp.
        f"https://web.archive.org/web/20240115123456/{ORIGINAL}",
        f"https://web.archive.org/web/20240115123456id_/{ORIGINAL}",
        f"https://web.archive.org/web/20240115123456if_/{ORIGINAL}",
        f"https://web.archive.org/web/*/{ORIGINAL}",
        f"https://web.archive.org/web/2024*/{ORIGINAL}",
        f"https://web.archive.org/web/{ORIGINAL}",
        f"http://web.archive.org/web/2024/{ORIGINAL}?utm_source=feed",
        # archive.today under its names: the long link, the timestamp form, newest, the list of a
        # page's snapshots, a snapshot's outbound link.
        f"https://archive.ph/2024.01.15-123456/{ORIGINAL}",
        f"http://archive.today/20240115123456/{ORIGINAL}",
        f"https://archive.is/newest/{ORIGINAL}",
        f"https://archive.li/{ORIGINAL}",
        f"https://archive.ph/o/Xk3pQ/{ORIGINAL}",
        # Google Translate's proxy: "-" in the host doubled, "." made "-", its parameters dropped.
        "https://www-example--daily-com.translate.goog/2024/01/14/harbour-barrier.html"
        "?_x_tr_sl=auto&_x_tr_tl=en&_x_tr_hl=en&_x_tr_pto=wapp",
        # A capture of a proxy address.
        "https://web.archive.org/web/20240115123456/https://www-example--daily-com.translate.goog"
        "/2024/01/14/harbour-barrier.html?_x_tr_sl=de&_x_tr_tl=en",
        # Google Translate's pages that name the page in ``u``: as written or percent-encoded,
        # first or last, on a country's domain, the frame it served the page in, its website form.
        f"https://translate.google.com/translate?u={ORIGINAL}",
        f"https://translate.google.com/translate?sl=de&tl=en&u={ORIGINAL}",
        "https://translate.google.com/translate?hl=en&sl=auto&tl=en"
        "&u=https%3A%2F%2Fwww.example-daily.com%2F2024%2F01%2F14%2Fharbour-barrier.html",
        f"http://translate.google.co.uk/translate?u={ORIGINAL}&sl=de&tl=en&prev=search",
        f"https://translate.googleusercontent.com/translate_c?depth=1&sl=de&tl=en&u={ORIGINAL}&usg=ALkJrhg",
        f"https://translate.google.com/website?sl=auto&tl=en&hl=en&u={ORIGINAL}",
        # A translation of a proxy address, a capture of a translation, a translation of a capture.
        "https://translate.google.com/translate?sl=de&tl=en"
        "&u=https://www-example--daily-com.translate.goog/2024/01/14/harbour-barrier.html?_x_tr_sl=de",
        f"https://web.archive.org/web/2024/https://translate.google.com/translate?sl=de&tl=en&u={ORIGINAL}",
        f"https://translate.google.com/translate?sl=de&tl=en&u=https://web.archive.org/web/2024/{ORIGINAL}",
    ],
)
def test_canonical_url_unwraps_archives_and_proxies_to_the_original(wrapped: str) -> None:
    assert canonical_url(wrapped) == ORIGINAL
    assert registrable_domain(canonical_url(wrapped)) == "example-daily.com"


@pytest.mark.parametrize(
    ("wrapped", "expected"),
    [
        # Written without a scheme, the Wayback Machine reads a page's address as http.
        ("https://web.archive.org/web/2019/example.com/story", "http://example.com/story"),
        # The proxy keeps the page's own query, and says when the page is served over http.
        (
            "https://news-example-org.translate.goog/a?id=7&_x_tr_sch=http&_x_tr_sl=de&_x_tr_tl=en",
            "http://news.example.org/a?id=7",
        ),
        (
            "https://www-bbc-co-uk.translate.goog/news/world-1?_x_tr_sl=en&_x_tr_tl=fr",
            "https://www.bbc.co.uk/news/world-1",
        ),
        # A page's address left unescaped in ``u``: its query's later pieces, which are not
        # Google's, are the page's own (else ?page=2 and ?page=3 would be one article).
        (
            "https://translate.google.com/translate?sl=de&tl=en&u=https://ex.com/a?id=1&page=2",
            "https://ex.com/a?id=1&page=2",
        ),
        (
            "https://translate.google.com/translate?u=https://ex.com/a?id=1&page=3&sl=de&tl=en&prev=search",
            "https://ex.com/a?id=1&page=3",
        ),
        ("https://translate.google.com/translate?u=https://ex.com/a&page=4&hl=en", "https://ex.com/a?page=4"),
    ],
)
def test_canonical_url_unwraps_each_form_as_the_service_reads_it(wrapped: str, expected: str) -> None:
    assert canonical_url(wrapped) == expected


@pytest.mark.parametrize(
    "url",
    [
        # A short link names the snapshot, not the page: nothing to unwrap.
        "https://archive.ph/Xk3pQ",
        "https://archive.ph/Xk3pQ/image",
        # The archive's own pages, and a search over an address prefix.
        "https://web.archive.org/web/",
        "https://web.archive.org/web/submit?url=www.example.com",
        "https://web.archive.org/web/*/https://www.example.com/*",
        # The same paths on other hosts, and the proxy's own host.
        "https://example.com/o/Xk3pQ/https://other.example.com/",
        "https://translate.goog/",
        # Google Translate's pages that name no web page, and its parameter on other hosts.
        "https://translate.google.com/",
        "https://translate.google.com/?sl=de&tl=en&text=Hallo",
        "https://translate.google.com/translate?sl=de&tl=en",
        "https://translate.google.com/translate?u=javascript:alert(1)",
        "https://translate.google.com/translate?u=www.example.com/a",
        "https://example.com/translate?u=https://other.example.com/",
        "https://translate.example.com/translate?u=https://other.example.com/",
    ],
)
def test_canonical_url_leaves_archive_addresses_that_name_no_page(url: str) -> None:
    assert canonical_url(url) == url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        # "&" left escaped as "&amp;" (the UCI sample's MSN Money links): the names after it are
        # the names meant, and the address is the one the link's author wrote.
        (
            "http://money.msn.com/business-news/article.aspx?feed=OBR&amp;date=20140310&amp;id=17418699",
            "http://money.msn.com/business-news/article.aspx?feed=OBR&date=20140310&id=17418699",
        ),
        # Escaped twice, upper-cased, or escaping a tracking parameter, which then goes.
        ("https://example.com/a?id=7&amp;amp;page=2", "https://example.com/a?id=7&page=2"),
        ("https://example.com/a?id=7&AMP;page=2", "https://example.com/a?id=7&page=2"),
        ("https://example.com/a?id=7&amp;utm_source=rss&amp;fbclid=x", "https://example.com/a?id=7"),
        # Not an escape: a name that only starts with "amp", and AMP's own switch.
        ("https://example.com/a?ampere=5", "https://example.com/a?ampere=5"),
        ("https://example.com/a?id=7&amp", "https://example.com/a?id=7"),
    ],
)
def test_canonical_url_reads_a_parameter_escaped_as_amp_as_the_one_meant(given: str, expected: str) -> None:
    assert canonical_url(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        # Pairs from the bundled UCI sample, one article under two addresses each.
        (
            "http://www.huffingtonpost.com/2014/03/10/largest-banana-company_n_4933389.html"
            "?utm_hp_ref=food&amp;ir=Food",
            "http://www.huffingtonpost.com/2014/03/10/largest-banana-company_n_4933389.html",
        ),
        (
            "http://www.popularmechanics.com/technology/gadgets/reviews/"
            "splitscreen-a-first-look-at-emtitanfallem-16580533?click=pm_latest",
            "http://www.popularmechanics.com/technology/gadgets/reviews/"
            "splitscreen-a-first-look-at-emtitanfallem-16580533",
        ),
        ("https://popularmechanics.com/x-1?click=pm_news&page=2", "https://popularmechanics.com/x-1?page=2"),
        # The same names on other sites may select content: kept there.
        ("https://example.com/ad?click=4411", "https://example.com/ad?click=4411"),
        ("https://example.com/report?ir=2023", "https://example.com/report?ir=2023"),
        ("https://www.esquire.com/x?ir=Food", "https://www.esquire.com/x?ir=Food"),
    ],
)
def test_canonical_url_drops_a_sites_own_click_trackers_there_only(given: str, expected: str) -> None:
    assert canonical_url(given) == expected


def test_canonical_url_keeps_amp_words_that_are_content() -> None:
    assert canonical_url("https://amp.com/amp") == "https://amp.com/amp"
    assert canonical_url("https://example.com/?amp=guitar") == "https://example.com/?amp=guitar"


def test_canonical_url_is_idempotent() -> None:
    url = "https://www-bbc-com.cdn.ampproject.org/c/s/www.bbc.com/amp/news/1?utm_campaign=x&a=1#f"
    once = canonical_url(url)
    assert canonical_url(once) == once


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (
            "https://www.nytimes.com/2026/11/23/world/story.html?ref=todayspaper",
            "https://www.nytimes.com/2026/11/23/world/story.html",
        ),
        ("http://example.com/a?ref=rss", "http://example.com/a"),
        ("https://example.com/a?id=7&REF=hp&x=1", "https://example.com/a?id=7&x=1"),
        ("https://blog.example.org/post/?ref=news.ycombinator.com", "https://blog.example.org/post/"),
        ("https://example.com/a?ref=twitter&utm_source=tw", "https://example.com/a"),
    ],
)
def test_canonical_url_drops_referral_markers(given: str, expected: str) -> None:
    assert canonical_url(given) == expected


@pytest.mark.parametrize(
    "url",
    [
        # On code hosts ``ref`` picks a branch or tag: two refs are two different pages.
        "https://github.com/owner/repo/blob/x.md?ref=main",
        "https://api.github.com/repos/o/r/contents/x.md?ref=v2",
        "https://gitlab.com/o/r/-/pipelines?ref=dev",
        "https://codeberg.org/o/r/src/x?ref=main",
        "https://bitbucket.org/o/r/src/x?ref=main",
        "https://gitlab.gnome.org/o/r/-/commits?ref=main",
        # An all-digit value may be an older site's record number for the article itself.
        "https://example.com/news.php?ref=1234",
    ],
)
def test_canonical_url_keeps_ref_where_it_selects_content(url: str) -> None:
    assert canonical_url(url) == url


def test_equivalent_addresses_are_the_scheme_www_and_trailing_slash_forms() -> None:
    assert equivalent_addresses("http://example.com/a?x=1#f") == (
        "http://example.com/a?x=1#f",
        "https://example.com/a?x=1#f",
        "https://www.example.com/a?x=1#f",
        "http://www.example.com/a?x=1#f",
        # Then the other ending of the path, in the same order.
        "https://example.com/a/?x=1#f",
        "https://www.example.com/a/?x=1#f",
        "http://example.com/a/?x=1#f",
        "http://www.example.com/a/?x=1#f",
    )
    assert set(equivalent_addresses("https://www.bbc.co.uk/news/1/")) == {
        "https://www.bbc.co.uk/news/1/",
        "https://bbc.co.uk/news/1/",
        "http://www.bbc.co.uk/news/1/",
        "http://bbc.co.uk/news/1/",
        "https://www.bbc.co.uk/news/1",
        "https://bbc.co.uk/news/1",
        "http://www.bbc.co.uk/news/1",
        "http://bbc.co.uk/news/1",
    }


def test_a_sites_www_form_is_its_own_host_with_www_in_front() -> None:
    # A news site on a subdomain is reached as www.news.example.org too (audit 2026-12-06: the two
    # forms of one article's og:url were stored as two articles).
    bare = equivalent_addresses("https://news.example.org/world/bridge-opens")
    assert "https://www.news.example.org/world/bridge-opens" in bare
    www = equivalent_addresses("http://www.news.example.org/world/bridge-opens/")
    assert "https://news.example.org/world/bridge-opens" in www
    assert not {form for form in bare if "//example.org" in form or "//www.example.org" in form}


def test_equivalent_addresses_keep_port_path_and_query_as_written() -> None:
    forms = equivalent_addresses("https://example.com:8443//A/%7Eb;p?b=2&a=1")
    assert "http://www.example.com:8443//A/%7Eb;p?b=2&a=1" in forms
    assert "http://www.example.com:8443//A/%7Eb;p/?b=2&a=1" in forms
    assert len(forms) == 8


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # A site's home page has one path: "" and "/" are the same root, and neither gains a form.
        (
            "https://example.com/",
            {
                "https://example.com/",
                "http://example.com/",
                "https://www.example.com/",
                "http://www.example.com/",
            },
        ),
        (
            "https://example.com?p=12",
            {
                "https://example.com?p=12",
                "http://example.com?p=12",
                "https://www.example.com?p=12",
                "http://www.example.com?p=12",
            },
        ),
        # A path ending in two slashes is written so on purpose, if at all.
        ("http://127.0.0.1:8000/a//", {"http://127.0.0.1:8000/a//", "https://127.0.0.1:8000/a//"}),
    ],
)
def test_equivalent_addresses_add_no_slash_to_the_root(url: str, expected: set[str]) -> None:
    assert set(equivalent_addresses(url)) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # Other subdomains may be other sites: only the scheme, the slash and ``www.`` in front of
        # the host itself change.
        (
            "https://www2.example.com/a",
            {
                "https://www2.example.com/a",
                "http://www2.example.com/a",
                "https://www2.example.com/a/",
                "http://www2.example.com/a/",
                "https://www.www2.example.com/a",
                "http://www.www2.example.com/a",
                "https://www.www2.example.com/a/",
                "http://www.www2.example.com/a/",
            },
        ),
        # Hosts with no registrable domain, and a public suffix, have no ``www.`` form.
        (
            "http://127.0.0.1:8000/a",
            {
                "http://127.0.0.1:8000/a",
                "https://127.0.0.1:8000/a",
                "http://127.0.0.1:8000/a/",
                "https://127.0.0.1:8000/a/",
            },
        ),
        (
            "http://localhost/a/",
            {"http://localhost/a/", "https://localhost/a/", "http://localhost/a", "https://localhost/a"},
        ),
        ("http://[::1]/", {"http://[::1]/", "https://[::1]/"}),
        ("https://www.co.uk/", {"https://www.co.uk/", "http://www.co.uk/"}),
        ("https://www.blogspot.com/", {"https://www.blogspot.com/", "http://www.blogspot.com/"}),
        # Two publications on one private suffix stay two sites.
        (
            "https://someone.blogspot.com/",
            {
                "https://someone.blogspot.com/",
                "http://someone.blogspot.com/",
                "https://www.someone.blogspot.com/",
                "http://www.someone.blogspot.com/",
            },
        ),
    ],
)
def test_equivalent_addresses_never_equate_two_hosts(url: str, expected: set[str]) -> None:
    assert set(equivalent_addresses(url)) == expected
    assert equivalent_addresses(url)[0] == url


@pytest.mark.parametrize(
    "value",
    ["mailto:a@example.com", "/relative/path", "ftp://example.com/x", "https://u:p@example.com/a", ""],
)
def test_equivalent_addresses_of_other_values_are_the_value_alone(value: str) -> None:
    assert equivalent_addresses(value) == (value,)


def test_www_and_bare_forms_of_one_site_meet_but_other_hosts_do_not() -> None:
    bare = set(equivalent_addresses("https://example.com/a"))
    assert "https://www.example.com/a" in bare
    assert not bare & set(equivalent_addresses("https://www2.example.com/a"))
    assert not bare & set(equivalent_addresses("https://news.example.com/a"))
    assert not bare & set(equivalent_addresses("https://example.com/b"))
    assert not bare & set(equivalent_addresses("https://example.org/a"))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # Two articles' addresses never share a form: other paths, a deeper path, other ids.
        ("https://example.com/world/a", "https://example.com/world/b"),
        ("https://example.com/world/a", "https://example.com/world/a/2"),
        ("https://example.com/world/", "https://example.com/"),
        ("https://example.com/news", "https://example.com/"),
        ("https://paper.example.net/article.php?id=101", "https://paper.example.net/article.php?id=102"),
        ("https://example.com/?p=12", "https://example.com/?p=13"),
        ("https://example.com/?p=12", "https://example.com/"),
        ("https://example.com/a?id=1", "https://example.com/a/?id=2"),
    ],
)
def test_two_articles_addresses_have_no_form_in_common(one: str, other: str) -> None:
    assert not set(equivalent_addresses(one)) & set(equivalent_addresses(other))


@pytest.mark.parametrize("value", ["javascript:alert(1)", "mailto:a@example.com", "/relative/path", ""])
def test_canonical_url_leaves_non_web_values_alone(value: str) -> None:
    assert canonical_url(value) == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.com/x", True),
        ("http://127.0.0.1:8000/", True),
        ("HTTPS://EXAMPLE.COM", True),
        ("ftp://example.com/x", False),
        ("javascript:alert(1)", False),
        ("https://", False),
        ("https://exa mple.com/", False),
        ("https://example.com/\nx", False),
        # A bidirectional override shows an address as another ("invoice\u202egpj.exe" reads
        # "invoiceexe.jpg") in the CLI and the reader, as C1 controls garble it: no address holds
        # them raw (escaped, "%E2%80%AE", they show as written).
        ("https://example.com/invoice\u202egpj.exe", False),
        ("https://example.com/\u2066x\u2069", False),
        ("https://example.com/a\x85b", False),
        ("https://example.com/invoice%E2%80%AEgpj.exe", True),
        ("https://example.com/caf\u00e9?q=\u200f", True),
        ("https://example.com:99999/", False),
        ("//example.com/x", False),
        (None, False),
        (42, False),
        # An IPv6 address, but not one with a zone (an interface of one computer: ``has_ipv6_zone``),
        # written as RFC 6874 escapes it or raw; a password's escapes are no zone.
        ("http://[2001:db8::1]/feed", True),
        ("http://[::1]:8080/feed", True),
        ("http://[fe80::1%25eth0]/feed", False),
        ("http://[FE80::1%25Eth0]:8080/feed", False),
        ("http://[fe80::1%eth0]/feed", False),
        ("https://reader:p%40ss@example.com/feed", True),
    ],
)
def test_is_http_url(value: object, expected: bool) -> None:
    assert is_http_url(value) is expected


def test_an_address_with_an_ipv6_zone_names_no_outlet_host() -> None:
    # Review 2026-12-08: a feed polled at http://[fe80::1%25eth0]/feed named its outlet
    # "fe80::1%25eth0" (the same host written unescaped, "fe80::1%eth0", another outlet).
    assert has_ipv6_zone("fe80::1%25eth0")
    assert has_ipv6_zone("fe80::1%eth0")
    assert not has_ipv6_zone("fe80::1")
    assert not has_ipv6_zone("caf%c3%a9.example")
    assert unregistered_host("http://[fe80::1%25eth0]/feed") is None
    assert unregistered_host("http://[fe80::1]/feed") == "fe80::1"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://feeds.bbci.co.uk/news/rss.xml", "bbci.co.uk"),
        ("www.ntd.com", "ntd.com"),
        ("WWW.INKL.COM.", "inkl.com"),
        ("someone.blogspot.com", "someone.blogspot.com"),
        # Publishers that share a domain are known one label down (url_rules.SHARED_PUBLISHER_DOMAINS).
        ("https://abcnews.go.com/US/story?id=1", "abcnews.go.com"),
        ("http://espn.go.com/nba/story", "espn.go.com"),
        ("liveblog.abcnews.go.com", "abcnews.go.com"),
        ("www.go.com", "go.com"),
        ("m.indiatimes.com", "indiatimes.com"),
        ("economictimes.indiatimes.com", "economictimes.indiatimes.com"),
        # A publication's own sections and blogs on hosts of its own stay that one outlet.
        ("blogs.wsj.com", "wsj.com"),
        ("127.0.0.1", None),
        ("localhost", None),
        ("http://[::1]/", None),
        ("", None),
    ],
)
def test_registrable_domain(value: str, expected: str | None) -> None:
    assert registrable_domain(value) == expected


def test_registrable_domain_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("registrable_domain tried to open a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    urls._domain_extractor.cache_clear()  # build the extractor afresh, under the guard
    assert registrable_domain("https://news.example.co.uk/x") == "example.co.uk"


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("http://user:secret@127.0.0.1:18001/feed.xml", "http://user:***@127.0.0.1:18001/feed.xml"),
        ("https://user:secret@example.com/feed?x=1#top", "https://user:***@example.com/feed?x=1#top"),
        # IPv6 hosts and ports stay as written.
        ("http://user:secret@[2001:db8::1]:8080/feed", "http://user:***@[2001:db8::1]:8080/feed"),
        ("http://user:secret@[::1]/feed", "http://user:***@[::1]/feed"),
        # An empty password is still one; an empty user name is kept empty.
        ("http://user:@example.com/", "http://user:***@example.com/"),
        ("http://:secret@example.com/", "http://:***@example.com/"),
        # The last @ ends the user information, as the fetcher reads it.
        ("http://user:se@cret@example.com/feed", "http://user:***@example.com/feed"),
        # A percent-encoded password is masked whole.
        ("http://user:s%40cr%3Aet@example.com/", "http://user:***@example.com/"),
        # Malformed addresses: an unclosed IPv6 bracket (urlsplit raises), a bad port, a tab.
        ("http://user:secret@[::1/feed", "http://user:***@[::1/feed"),
        ("http://user:secret@example.com:port/feed", "http://user:***@example.com:port/feed"),
        ("http://user:sec\tret@example.com/", "http://user:***@example.com/"),
        # Typed without a scheme (subscribe adds https://) or scheme-relative.
        ("user:secret@example.com/feed", "user:***@example.com/feed"),
        ("//user:secret@example.com/feed", "//user:***@example.com/feed"),
    ],
)
def test_display_url_masks_the_password_only(given: str, shown: str) -> None:
    assert display_url(given) == shown
    assert display_url(shown) == shown  # masking twice changes nothing


@pytest.mark.parametrize(
    "given",
    [
        "https://example.com/feed.xml",
        "https://user@example.com/feed.xml",  # a user name alone tells sources apart: kept
        "https://example.com/a@b",  # an @ in the path is no user information
        "https://example.com/login?next=//user:secret@elsewhere",
        "https://example.com/feed?ref=a:b@c",
        "http://[::1]:8080/feed",
        "http://[::1",
        "",
        "not a url",
        "example.com/page?q=a:b@c",
        # Schemes whose user@host is no login (found in review): an address, an Atom entry's id.
        "mailto:a@example.com",
        "tag:john@example.com,2005:1",
        "news:a:b@c",
    ],
)
def test_display_url_leaves_an_address_without_a_password_as_it_is(given: str) -> None:
    assert display_url(given) == given


@pytest.mark.parametrize(
    ("given", "without_login", "password_left_out"),
    [
        ("http://user:secret@127.0.0.1:18001/", "http://127.0.0.1:18001/", "http://user@127.0.0.1:18001/"),
        (
            "https://user:se@cret@example.com/feed?x=1#top",
            "https://example.com/feed?x=1#top",
            "https://user@example.com/feed?x=1#top",
        ),
        ("http://user@[::1]:8080/feed", "http://[::1]:8080/feed", "http://user@[::1]:8080/feed"),
        ("http://:secret@example.com/", "http://example.com/", "http://example.com/"),
        ("user:secret@example.com/feed", "example.com/feed", "user@example.com/feed"),
        # Nothing to leave out.
        ("https://example.com/a@b", "https://example.com/a@b", "https://example.com/a@b"),
        ("mailto:a@example.com", "mailto:a@example.com", "mailto:a@example.com"),
        ("", "", ""),
    ],
)
def test_credentials_and_passwords_are_left_out_the_rest_as_written(
    given: str, without_login: str, password_left_out: str
) -> None:
    assert without_credentials(given) == without_login
    assert without_password(given) == password_left_out
    assert display_url(password_left_out) == password_left_out  # nothing left to mask


def test_display_error_masks_the_address_an_error_names() -> None:
    fetch = FetchError("http://user:secret@example.com/feed", "the server answered HTTP 500")
    unreadable = Unreadable("http://user:secret@example.com/feed", "is empty")
    assert display_error(fetch) == "http://user:***@example.com/feed: the server answered HTTP 500"
    assert display_error(unreadable) == "http://user:***@example.com/feed: is empty"
    assert display_error(NotFound("source", 7)) == str(NotFound("source", 7))
    # A file's name may hold ":" and "@": it is no address.
    assert display_error(Unreadable("re:offer@acme.eml", "is empty")) == "re:offer@acme.eml: is empty"


@pytest.mark.parametrize(
    ("url", "home"),
    [
        ("https://example.com/", True),
        ("https://example.com", True),
        ("https://example.com/index.html", True),
        ("https://example.com/Default.aspx", True),
        ("https://example.com/index.php", True),
        ("https://example.com/?p=123", False),  # WordPress's plain address for one post
        ("https://example.com/index.php?id=7", False),
        ("https://example.com/news/index.html", False),
        ("https://example.com/story", False),
    ],
)
def test_a_home_page_is_the_root_or_its_index_document_without_a_query(url: str, home: bool) -> None:
    assert is_home_page(url) is home


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("http://127.0.0.1:18510/feed.xml?utm_source=rss", "http://127.0.0.1:18510/feed.xml"),
        ("https://example.com/?feed=rss2&utm_medium=feed&fbclid=x", "https://example.com/?feed=rss2"),
        (
            "https://example.com/news?format=rss&UTM_Campaign=a&tag=x",
            "https://example.com/news?format=rss&tag=x",
        ),
        # Tracking names for an article's address that may name a feed on a feed's own.
        ("https://example.com/index.php?rss=news&utm_source=x", "https://example.com/index.php?rss=news"),
        ("https://example.com/f?feedtype=atom", "https://example.com/f?feedtype=atom"),
        # Neither the referral marker nor AMP forms are a feed's to drop: they may name another.
        ("https://example.com/f?ref=world&amp=1", "https://example.com/f?ref=world&amp=1"),
        # An escaped ampersand's tracking piece goes too; the rest stays as written.
        ("https://example.com/f?id=7&amp;utm_source=x", "https://example.com/f?id=7"),
        (
            "https://www.popularmechanics.com/rss/all.xml?click=pm_news",
            "https://www.popularmechanics.com/rss/all.xml",
        ),
        # A private feed keeps its credentials; case, port and fragment stay as written.
        (
            "HTTPS://me:secret@Example.com:8443/f.xml?utm_source=a#top",
            "HTTPS://me:secret@Example.com:8443/f.xml#top",
        ),
        ("https://example.com/f.xml?a=1&&b=2", "https://example.com/f.xml?a=1&&b=2"),
        ("example.com/feed?utm_source=x", "example.com/feed?utm_source=x"),
    ],
)
def test_a_feed_address_loses_only_its_tracking_parameters(given: str, stored: str) -> None:
    assert feed_address(given) == stored


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # One address in the writings pages and feeds give it: UTF-8 escapes in upper or lower
        # case or as the characters they stand for, an unreserved character escaped or not.
        (
            "https://www.cafe.com/news/café-reopens?q=thé",
            ("https://www.cafe.com/news/caf%C3%A9-reopens?q=th%C3%A9",),
        ),
        (
            "https://www.cafe.com/news/caf%c3%a9-reopens",
            ("https://www.cafe.com/news/café-reopens", "https://www.cafe.com/news/caf%C3%A9-reopens"),
        ),
        ("https://example.com/%7Eed/post%2Dtwo", ("https://example.com/~ed/post-two",)),
        # What an escape keeps apart stays escaped, in upper case: a slash in a name, a space, an
        # escape that is no UTF-8 (Latin-1's é), an invisible character.
        ("https://example.com/a%2fb%20c", ("https://example.com/a%2Fb%20c",)),
        ("https://example.com/caf%e9", ("https://example.com/caf%E9",)),
        ("https://example.com/a%E2%80%8Bb", ()),
        # The host is not touched here (``equivalent_addresses`` has its forms), nor a plain address.
        ("https://bücher.de/a", ()),
        ("https://example.com/a?b=1", ()),
        ("not a url %7E", ()),
    ],
)
def test_escape_forms_are_an_addresss_other_percent_encodings(url: str, expected: tuple[str, ...]) -> None:
    # Its other writings only (QA 2026-12-07: a page whose canonical link is written in Unicode
    # and its feed's link escaped, or the two cases of hex, were two articles).
    assert escape_forms(url) == expected
