"""``extract``'s own rules, over every kind of page: a date in the future, soft hyphens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tests.extract.helpers import FETCHED_AT, raw_document
from tidings.extract import _without_break_hints, extract
from tidings.model import DocumentHints, MediaType, SourceKind

PARAGRAPH = (
    "The harbour council voted on Tuesday to rebuild the northern breakwater after the winter storms, "
    "and the works are to begin in the spring, the council's chair told reporters after the meeting."
)


def _page(published: str) -> str:
    return (
        f'<html><head><title>Breakwater to be rebuilt</title><meta property="article:published_time" '
        f'content="{published}"></head><body><article><h1>Breakwater to be rebuilt</h1>'
        + f"<p>{PARAGRAPH}</p>" * 4
        + "</article></body></html>"
    )


def _text_save(published: str) -> str:
    return f"Breakwater to be rebuilt\n\nPublished {published}\n\n" + f"{PARAGRAPH}\n\n" * 4


def _html_date(moment: datetime) -> str:
    return moment.isoformat()


def _text_date(moment: datetime) -> str:
    return moment.strftime("%B %-d, %Y %H:%M")


@pytest.mark.parametrize(
    ("media_type", "render", "written"),
    [("text/html", _page, _html_date), ("text/plain", _text_save, _text_date)],
)
def test_a_date_years_ahead_of_the_reading_is_dropped_and_one_within_a_day_kept(
    media_type: MediaType, render: Callable[[str], str], written: Callable[[datetime], str]
) -> None:
    # An article dated 2031 would head every list and its outlet's "latest" until 2031.
    far = extract(raw_document(render(written(datetime(2031, 5, 1, 9, tzinfo=UTC))), media_type))
    assert far.published_at is None
    soon = FETCHED_AT + timedelta(hours=20)
    assert extract(raw_document(render(written(soon)), media_type)).published_at == soon


SHY = "\u00ad"


def _hyphenated_page() -> str:
    # German sites that hyphenate in the browser write &shy; into every long word, the headline's too.
    return (
        "<html><head><title>Auto&shy;nome Busse fahren</title></head><body><article>"
        "<h1>Auto&shy;nome Busse fahren</h1>"
        + f"<p>{PARAGRAPH} Die auto&shy;nomen Busse.</p>" * 4
        + "</article></body></html>"
    )


def _hyphenated_save() -> str:
    return f"Auto{SHY}nome Busse fahren\n\n" + f"{PARAGRAPH} Die auto{SHY}nomen Busse.\n\n" * 4


def _hyphenated_entry() -> str:
    return f"<p>{PARAGRAPH} Die auto&shy;nomen Busse.</p>" * 4


@pytest.mark.parametrize(
    ("media_type", "render", "kind"),
    [
        ("text/html", _hyphenated_page, "file"),
        ("text/plain", _hyphenated_save, "file"),
        ("text/html", _hyphenated_entry, "feed"),
    ],
)
def test_soft_hyphens_are_left_out_of_title_and_text_on_every_path(
    media_type: MediaType, render: Callable[[], str], kind: SourceKind
) -> None:
    # Left in, "auto\u00adnome" is two words to the search index: "autonome" would not find it.
    hints = DocumentHints(title=f"Auto{SHY}nome Busse fahren") if kind == "feed" else None
    article = extract(raw_document(render(), media_type, kind=kind, entry_key="1", hints=hints))
    assert article.title == "Autonome Busse fahren"
    assert "autonomen Busse" in article.text
    assert SHY not in article.text


ZWSP = "\u200b"


def _zero_width_page() -> str:
    return (
        f"<html><head><title>Verfassungs{ZWSP}gericht urteilt \ufeffheute</title></head><body><article>"
        f"<h1>Verfassungs{ZWSP}gericht urteilt \ufeffheute</h1>"
        + f"<p>{PARAGRAPH} Das Verfassungs{ZWSP}gericht urteilt.</p><p>{ZWSP}</p>" * 4
        + "</article></body></html>"
    )


def _zero_width_save() -> str:
    return (
        f"Verfassungs{ZWSP}gericht urteilt \ufeffheute\n\n"
        + f"{PARAGRAPH} Das Verfassungs{ZWSP}gericht urteilt.\n\n" * 4
    )


def _zero_width_entry() -> str:
    return f"<p>{PARAGRAPH} Das Verfassungs{ZWSP}gericht urteilt.</p><p>{ZWSP}</p>" * 4


@pytest.mark.parametrize(
    ("media_type", "render", "kind"),
    [
        ("text/html", _zero_width_page, "file"),
        ("text/plain", _zero_width_save, "file"),
        ("text/html", _zero_width_entry, "feed"),
    ],
)
def test_zero_width_spaces_are_left_out_of_title_and_text_on_every_path(
    media_type: MediaType, render: Callable[[], str], kind: SourceKind
) -> None:
    # As a soft hyphen, a zero-width space in a long word splits it for search; U+FEFF is a word joiner.
    hints = DocumentHints(title=f"Verfassungs{ZWSP}gericht urteilt \ufeffheute") if kind == "feed" else None
    article = extract(raw_document(render(), media_type, kind=kind, entry_key="1", hints=hints))
    assert article.title == "Verfassungsgericht urteilt heute"
    assert "Das Verfassungsgericht urteilt." in article.text
    assert ZWSP not in article.text
    assert "\n\n\n" not in article.text


def test_a_title_of_soft_hyphens_alone_gives_way_to_the_texts_first_line() -> None:
    # As a headline of control characters does: an article is never left with an empty title.
    body = f"<p>{PARAGRAPH}</p>" * 2
    article = extract(raw_document(body, kind="feed", entry_key="1", hints=DocumentHints(title=SHY * 2)))
    assert article.title == PARAGRAPH[:200]


def _spaced_hint_page() -> str:
    return (
        "<html><head><title>City plans &shy; new rules</title></head><body><article>"
        + f"<p>{PARAGRAPH}</p>" * 4
        + "</article></body></html>"
    )


def _spaced_hint_save() -> str:
    return f"City plans {SHY} new rules\n\n" + f"{PARAGRAPH}\n\n" * 4


@pytest.mark.parametrize(
    ("media_type", "render", "kind"),
    [
        ("text/html", _spaced_hint_page, "file"),
        ("text/plain", _spaced_hint_save, "file"),
        ("text/html", lambda: f"<p>{PARAGRAPH}</p>" * 4, "feed"),
    ],
)
def test_a_soft_hyphen_between_spaces_leaves_one_space_in_the_title(
    media_type: MediaType, render: Callable[[], str], kind: SourceKind
) -> None:
    # Taken out after the title's white space was collapsed, it left two spaces behind.
    hints = DocumentHints(title=f"City plans {SHY} new rules") if kind == "feed" else None
    article = extract(raw_document(render(), media_type, kind=kind, entry_key="1", hints=hints))
    assert article.title == "City plans new rules"


def test_break_hints_taken_out_of_text_last_leave_no_double_space() -> None:
    # The last net for a text that reaches ``extract`` with hints still in it: one between two
    # spaces, or at a line's edge, leaves neither two spaces nor a space at the edge.
    article = extract(raw_document(f"<p>{PARAGRAPH}</p>" * 4))
    hinted = replace(article, text=f"Then it {SHY} met again.\n\n{SHY} Next\u2060 {SHY}\n\nEnd.")
    assert _without_break_hints(hinted, "page.html").text == "Then it met again.\n\nNext\n\nEnd."


def _wire_page(last: str, caption: str) -> str:
    return (
        "<html><head><title>Breakwater to be rebuilt</title></head><body><article>"
        "<h1>Breakwater to be rebuilt</h1>"
        f"<p>{PARAGRAPH}</p><p>{caption}</p>" + f"<p>{PARAGRAPH}</p>" * 3 + f"<p>{last}</p>"
        "</article></body></html>"
    )


def test_a_wire_sign_off_ending_the_text_stays_and_a_caption_crediting_the_agency_goes() -> None:
    # Wire copy signs its last paragraph "(Reuters)"; a caption above the text credits so too.
    last = "Talks on the southern harbour resume next week in Geneva. (Reuters)"
    caption = "Waves break over the old harbour wall on Monday. (Reuters)"
    text = extract(raw_document(_wire_page(last, caption))).text
    assert text.endswith(last)
    assert "Waves break" not in text


_INTRANET_KINDS: list[tuple[str, MediaType, SourceKind]] = [
    (_page("2026-11-23T10:00:00Z"), "text/html", "url"),
    (_text_save("November 23, 2026"), "text/plain", "url"),
    ("".join(f"<p>{PARAGRAPH}</p>" for _ in range(2)), "text/html", "feed"),
]


@pytest.mark.parametrize(
    ("body", "media_type", "kind"), _INTRANET_KINDS, ids=["page", "text-save", "feed-entry"]
)
@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("http://news.example/2026/breakwater", "news.example"),
        ("http://www.news.example/2026/breakwater", "news.example"),
        ("https://wiki.corp.internal/breakwater", "wiki.corp.internal"),
        ("http://nas.local/breakwater", "nas.local"),
        ("http://192.168.1.20/breakwater", "192.168.1.20"),
        ("http://localhost:8080/breakwater", "localhost"),
    ],
)
def test_a_site_under_no_public_suffix_is_named_by_its_host(
    body: str, media_type: MediaType, kind: SourceKind, url: str, outlet: str
) -> None:
    # Before: "unknown outlet" for every self-hosted or intranet site alike, one outlet for all.
    hints = DocumentHints(title="Breakwater to be rebuilt") if kind == "feed" else None
    locator = "http://news.example/feed.xml" if kind == "feed" else url
    document = raw_document(
        body, media_type, url=url, kind=kind, locator=locator, entry_key="e1", hints=hints
    )
    article = extract(document)
    assert (article.outlet.name, article.outlet.domain) == (outlet, None)


@pytest.mark.parametrize(
    ("body", "media_type", "kind"), _INTRANET_KINDS, ids=["page", "text-save", "feed-entry"]
)
@pytest.mark.parametrize("address", ["http://[fe80::1%25eth0]", "http://[fe80::1%eth0]"])
def test_an_ipv6_address_with_a_zone_names_no_outlet_and_is_no_article_s_address(
    body: str, media_type: MediaType, kind: SourceKind, address: str
) -> None:
    # Review 2026-12-08: a feed at http://[fe80::1%25eth0]/feed named its outlet "fe80::1%25eth0"
    # (and "fe80::1%eth0" written unescaped, another outlet), keyed with its "%": a zone names an
    # interface of one computer, which no browser opens and the fetcher refuses (``has_ipv6_zone``).
    hints = DocumentHints(title="Breakwater to be rebuilt") if kind == "feed" else None
    url = f"{address}/2026/breakwater"
    locator = f"{address}/feed.xml" if kind == "feed" else url
    document = raw_document(
        body, media_type, url=url, kind=kind, locator=locator, entry_key="e1", hints=hints
    )
    article = extract(document)
    assert (article.outlet.name, article.outlet.domain, article.url) == ("unknown outlet", None, None)


def test_a_site_under_no_public_suffix_is_named_by_its_own_site_name_first() -> None:
    page = _page("2026-11-23T10:00:00Z").replace(
        "<title>", '<meta property="og:site_name" content="Harbour Intranet"><title>'
    )
    article = extract(raw_document(page, url="http://news.example/2026/breakwater", kind="url", locator="x"))
    assert article.outlet.name == "Harbour Intranet"
