"""detect_kind: the bytes decide; Content-Type and file names only break ties."""

from __future__ import annotations

import time

import pytest

from tidings.gather.detect import DocumentKind, charset_of, detect_kind

RSS = '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>t</title></channel></rss>'
ATOM = '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>'
RDF = (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">'
    "<channel><title>t</title></channel></rdf:RDF>"
)


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (RSS, "rss"),
        (ATOM, "atom"),
        (RDF, "rdf"),
        (
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description/></rdf:RDF>',
            "xml",
        ),
        ('{"version": "https://jsonfeed.org/version/1.1", "items": []}', "jsonfeed"),
        ('{"title": "late", "items": [], "version": "https://jsonfeed.org/version/1"}', "jsonfeed"),
        ('{"type": "FeatureCollection"}', "json"),
        ("[1, 2, 3]", "json"),
        ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url/></urlset>', "sitemap"),
        ("<sitemapindex><sitemap/></sitemapindex>", "sitemapindex"),
        ('<?xml version="1.0"?><opml version="2.0"><body/></opml>', "opml"),
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("<!doctype HTML>\n<title>x</title>", "html"),
        ("<html><body>x</body></html>", "html"),
        ("<p>A fragment of a page</p>", "html"),
        ('<svg xmlns="http://www.w3.org/2000/svg"/>', "xml"),
        ("Putin says Belarus will host nuclear weapons\n\nBy A. Reporter\n", "text"),
        ("  \n  Leading white space, then text.", "text"),
    ],
)
def test_the_first_element_or_member_decides(body: str, kind: DocumentKind) -> None:
    assert detect_kind(body) == kind
    assert detect_kind(body.encode("utf-8")) == kind


def test_a_json_feed_with_escaped_slashes_is_recognised() -> None:
    # PHP's json_encode (WordPress and most CMS plugins) writes "https:\/\/jsonfeed.org\/version\/1".
    body = '{"version": "https:\\/\\/jsonfeed.org\\/version\\/1.1", "items": []}'
    assert detect_kind(body) == "jsonfeed"
    assert detect_kind(body.encode("utf-16")) == "jsonfeed"


def test_a_json_feed_whose_version_comes_after_the_first_64_kb_is_recognised() -> None:
    # A serializer that sorts keys writes "items" before "version": a feed of full texts puts
    # the version member far past the head.
    text = "words " * 2_000
    items = ", ".join(f'{{"id": "{n}", "content_html": "{text}"}}' for n in range(10))
    body = (
        '{"home_page_url": "https://example.com/", "items": ['
        + items
        + '], "version": "https://jsonfeed.org/version/1"}'
    )
    assert detect_kind(body) == "jsonfeed"
    assert detect_kind(body.encode("utf-8")) == "jsonfeed"
    assert detect_kind(body.encode("utf-16-le")) == "jsonfeed"
    assert detect_kind('{"items": [' + items + '], "title": "x"}') == "json"


def test_comments_processing_instructions_and_a_doctype_before_the_root_are_skipped() -> None:
    body = (
        '<?xml version="1.0"?>\n<!-- <html> in a comment -->\n<?xml-stylesheet href="x.xsl"?>\n'
        '<!DOCTYPE rss [ <!ENTITY a "]>"> <!-- ]> --> ]>\n' + RSS.split("\n", 1)[1]
    )
    assert detect_kind(body) == "rss"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_feeds_in_wide_encodings_and_with_byte_order_marks_are_recognised(encoding: str) -> None:
    assert detect_kind(RSS.encode(encoding)) == "rss"


def test_content_type_and_file_name_do_not_overrule_the_bytes() -> None:
    assert detect_kind(RSS.encode(), content_type="text/html", filename="page.html") == "rss"
    assert detect_kind(b"<html><body>x</body></html>", content_type="application/rss+xml") == "html"


def test_hints_break_ties_for_text_that_might_be_a_fragment() -> None:
    body = b"Some text, then <b>markup</b> later."
    assert detect_kind(body) == "text"
    assert detect_kind(body, content_type="text/html; charset=utf-8") == "html"
    assert detect_kind(body, filename="saved.HTM") == "html"
    assert detect_kind(b'{"items": []}', content_type="application/feed+json") == "jsonfeed"


def test_a_doctype_built_to_make_a_scanner_backtrack_is_read_in_linear_time() -> None:
    body = "<!DOCTYPE x [" + "] " * 500_000 + "<rss/>"
    started = time.perf_counter()
    detect_kind(body)
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    ("content_type", "charset"),
    [
        ("text/html; charset=ISO-8859-1", "ISO-8859-1"),
        ('application/xml; charset="utf-8"', "utf-8"),
        ("text/plain;CHARSET=koi8-r;format=flowed", "koi8-r"),
        ("text/html", None),
        (None, None),
    ],
)
def test_charset_of_reads_the_content_type_parameter(content_type: str | None, charset: str | None) -> None:
    assert charset_of(content_type) == charset
