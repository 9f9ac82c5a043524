"""screen_feed_xml and read_prolog: what feedparser is allowed to see."""

from __future__ import annotations

import time

import pytest

from tidings.errors import Unreadable, UnsafeInput
from tidings.gather.xmlsafety import XmlLimits, read_prolog, screen_feed_xml

BODY = "<rss><channel><title>{}</title></channel></rss>"
DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'


def test_the_prolog_is_replaced_by_a_utf8_declaration() -> None:
    text = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n<!-- a comment -->\n'
        '<?xml-stylesheet type="text/xsl" href="http://127.0.0.1:9/x.xsl"?>\n'
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        '"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n' + BODY.format("t")
    )
    assert screen_feed_xml(text, source="f.xml") == DECLARATION + BODY.format("t")


def test_plain_internal_entities_are_substituted_as_text() -> None:
    text = (
        '<!DOCTYPE rss [\n<!ENTITY id "tag:example.com,">\n<!ENTITY amp "ignored">\n'
        '<!ENTITY mark "&#60;b&#62; &amp; \'">\n<!ENTITY id "second declaration loses">\n]>\n'
        '<rss><channel><guid a="&id;x">&id;2006</guid><title>&mark;</title>'
        "<description><![CDATA[&id; stays literal]]></description><!-- &id; --></channel></rss>"
    )
    screened = screen_feed_xml(text, source="f.xml")
    assert '<guid a="tag:example.com,x">tag:example.com,2006</guid>' in screened
    assert "<title>&lt;b&gt; &amp; &apos;</title>" in screened
    assert "<![CDATA[&id; stays literal]]>" in screened
    assert "<!-- &id; -->" in screened
    assert "<!ENTITY" not in screened
    assert "<!DOCTYPE" not in screened


@pytest.mark.parametrize(
    ("subset", "reason"),
    [
        ('<!ENTITY a "x"><!ENTITY b "&a;&a;">', "in terms of other entities"),
        ('<!ENTITY % p "x"><!ENTITY b "%p;">', "in terms of other entities"),
        ('<!ENTITY xxe SYSTEM "file:///etc/passwd">', "external XML entity 'xxe'"),
        ('<!ENTITY xxe PUBLIC "-//x//EN" "http://127.0.0.1:9/x">', "external XML entity 'xxe'"),
    ],
)
def test_entity_bombs_and_external_entities_are_refused(subset: str, reason: str) -> None:
    text = f"<!DOCTYPE rss [{subset}]>" + BODY.format("&b;&xxe;")
    with pytest.raises(UnsafeInput, match=reason):
        screen_feed_xml(text, source="bomb.xml")


def test_parameter_entities_are_never_processed() -> None:
    # Not refused: feeds name the W3C's XHTML entity sets this way (feedparser's corpus has one).
    text = '<!DOCTYPE rss [<!ENTITY % ext SYSTEM "http://127.0.0.1:9/evil.dtd"> %ext;]>' + BODY.format("t")
    assert screen_feed_xml(text, source="f.xml") == DECLARATION + BODY.format("t")


def test_an_external_dtd_is_dropped_unopened_and_the_feed_read() -> None:
    text = '<!DOCTYPE rss SYSTEM "http://my.netscape.com/publish/formats/rss-0.91.dtd">' + BODY.format("t")
    assert screen_feed_xml(text, source="f.xml") == DECLARATION + BODY.format("t")


def test_expansion_beyond_the_budget_is_refused() -> None:
    limits = XmlLimits(max_expansion_chars=1_000)
    text = '<!DOCTYPE rss [<!ENTITY a "' + "x" * 100 + '">]>' + BODY.format("&a;" * 11)
    with pytest.raises(UnsafeInput, match="more than 1,000 characters"):
        screen_feed_xml(text, source="f.xml", limits=limits)
    assert "x" * 1_000 in screen_feed_xml(text.replace("&a;" * 11, "&a;" * 10), source="f.xml", limits=limits)


def test_too_many_entity_declarations_are_refused() -> None:
    subset = "".join(f'<!ENTITY e{index} "v">' for index in range(300))
    with pytest.raises(UnsafeInput, match="declares 300 XML entities"):
        screen_feed_xml(f"<!DOCTYPE rss [{subset}]>" + BODY.format("t"), source="f.xml")


def test_markup_beyond_what_feedparser_reads_in_bounded_time_is_refused() -> None:
    limits = XmlLimits(max_tags=100, max_references=100)
    inside_cdata = (
        "<rss><channel><description><![CDATA["
        + "<b>x</b>" * 500
        + "&" * 500
        + "]]></description></channel></rss>"
    )
    screen_feed_xml(inside_cdata, source="f.xml", limits=limits)
    with pytest.raises(UnsafeInput, match="has 1,004 tags outside CDATA sections, more than the 100"):
        screen_feed_xml(
            "<rss><channel>" + "<b>x</b>" * 500 + "</channel></rss>", source="f.xml", limits=limits
        )
    with pytest.raises(UnsafeInput, match="has 101 entity references"):
        screen_feed_xml("<rss><channel>" + "&amp;" * 101 + "</channel></rss>", source="f.xml", limits=limits)


def test_an_element_with_too_many_attributes_is_refused() -> None:
    attributes = " ".join(f'a{index}="v"' for index in range(101))
    with pytest.raises(UnsafeInput, match="more than 100 attributes"):
        screen_feed_xml(f"<rss><channel><x {attributes}/></channel></rss>", source="f.xml")
    fewer = " ".join(f"a{index}='>'" for index in range(100))
    screen_feed_xml(f"<rss><channel><x {fewer}/></channel></rss>", source="f.xml")


def test_a_root_name_that_would_stretch_feedparsers_head_is_refused() -> None:
    # feedparser looks for declarations up to the first "<" + ASCII word character.
    text = "<\u00e9l><![CDATA[\n<!DOCTYPE x [\n<!ENTITY a 'aaaa'>\n]>]]>&a;</\u00e9l>"
    with pytest.raises(UnsafeInput, match="root element name"):
        screen_feed_xml(text, source="f.xml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<!-- never closed <rss/>", "never closed"),
        ('<?xml version="1.0"?><!-- only a comment -->', "no document element"),
        ("<!DOCTYPE rss [ <!ENTITY a 'x'> ", "never closed"),
    ],
)
def test_xml_without_a_root_element_is_unreadable(text: str, message: str) -> None:
    with pytest.raises(Unreadable, match=message):
        screen_feed_xml(text, source="f.xml")


def test_read_prolog_finds_the_root_and_the_entities() -> None:
    text = '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "one">\n<!ENTITY % b \'two\'>\n]>\n<rss/>'
    prolog = read_prolog(text)
    assert prolog.root_start == text.index("<rss/>")
    assert prolog.doctype is not None
    assert [(entity.name, entity.value, entity.parameter) for entity in prolog.doctype.entities] == [
        ("a", "one", False),
        ("b", "two", True),
    ]


def test_the_prolog_tokenizer_is_linear_on_hostile_input() -> None:
    hostile = "<!DOCTYPE x [" + "<!ENTITY a '" * 200_000 + "]>"
    started = time.perf_counter()
    read_prolog(hostile)
    read_prolog("<!-- " + "<?" * 300_000)
    read_prolog("<" * 500_000 + "<rss/>")
    assert time.perf_counter() - started < 1.0
