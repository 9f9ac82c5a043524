"""Entry keys (``tidings.gather.entries``) of entries with no guid and no link of their own: what a
later poll of the same feed knows them by. Not the date, which feeds bump on every rebuild; the
link as written and the words of the title and body; never the title alone."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest

from tidings.gather.entries import EntryFields, FeedFields, assemble_feed
from tidings.gather.feeds import parse_feed

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def keys_of(body: str) -> list[str | None]:
    feed = parse_feed(body.encode(), locator="feed", feed_url=None, fetched_at=NOW)
    return [entry.provenance.entry_key for entry in feed.entries]


def rss(*items: tuple[str, str, str]) -> str:
    """RSS 2.0 items of (title, description, pubDate), with no guid and no link."""
    body = "".join(
        f"<item><title>{title}</title><description>{text}</description><pubDate>{date}</pubDate></item>"
        for title, text, date in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Notes</title>{body}</channel></rss>'


def atom(*entries: tuple[str, str, str]) -> str:
    """Atom entries of (title, summary, updated), with no id and no link."""
    body = "".join(
        f"<entry><title>{title}</title><summary>{text}</summary><updated>{date}</updated></entry>"
        for title, text, date in entries
    )
    return (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Notes</title>'
        f"<id>urn:notes</id><updated>2026-11-23T10:00:00Z</updated>{body}</feed>"
    )


def json_feed(*items: tuple[str, str, str]) -> str:
    """JSON Feed items of (title, content_text, date_published) without the "id" the spec asks for."""
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Notes",
            "items": [
                {"title": title, "content_text": text, "date_published": date} for title, text, date in items
            ],
        }
    )


FORMATS = {
    "rss": (rss, "Sun, 22 Nov 2026 10:00:00 GMT", "Mon, 23 Nov 2026 09:00:00 GMT"),
    "atom": (atom, "2026-11-22T10:00:00Z", "2026-11-23T09:00:00Z"),
    "json": (json_feed, "2026-11-22T10:00:00Z", "2026-11-23T09:00:00Z"),
}


@pytest.mark.parametrize("kind", FORMATS)
def test_an_entry_without_guid_or_link_keeps_its_key_when_its_date_is_bumped(kind: str) -> None:
    make, monday, tuesday = FORMATS[kind]
    items = [("Ferry timetable", "The ferry leaves at nine."), ("Bridge works", "The bridge closes tonight.")]
    before = keys_of(make(*((title, text, monday) for title, text in items)))
    after = keys_of(make(*((title, text, tuesday) for title, text in items)))
    assert before == after
    assert len(set(before)) == 2
    assert all(key and key.startswith("sha256:") for key in before)


def test_markup_case_spacing_and_entities_do_not_change_the_key() -> None:
    plain = keys_of(rss(("Ferry timetable", "The ferry leaves at nine.", "Sun, 22 Nov 2026 10:00:00 GMT")))
    styled = keys_of(
        rss(
            (
                "Ferry  timetable",
                "&lt;p&gt;The &lt;b&gt;ferry&lt;/b&gt;\n leaves at&amp;nbsp;nine!&lt;/p&gt;",
                "Mon, 23 Nov 2026 09:00:00 GMT",
            )
        )
    )
    assert plain == styled


def test_entries_sharing_a_title_stay_apart_by_their_words_in_one_document_and_across_polls() -> None:
    # "Live updates" posts: one title, new words each time. Keyed by the title alone, a later post
    # would be taken for the earlier one (across polls: never stored).
    monday = "Sun, 22 Nov 2026 10:00:00 GMT"
    one = ("Live updates", "The polls have opened in the north.", monday)
    two = ("Live updates", "Turnout is higher than in the last election.", monday)
    both = rss(one, two)
    feed = parse_feed(both.encode(), locator="feed", feed_url=None, fetched_at=NOW)
    assert [entry.hints.summary for entry in feed.entries] == [one[1], two[1]]
    assert feed.warnings == ()
    first_poll, second_poll = keys_of(rss(one)), keys_of(rss(two))
    assert first_poll != second_poll
    assert keys_of(both) == first_poll + second_poll


def test_an_entry_whose_words_are_edited_is_a_new_entry() -> None:
    # The documented rule: the words are the identity of an entry that has nothing else; an edited
    # entry is stored as a second version, never merged into (and lost in) the first.
    date = "Sun, 22 Nov 2026 10:00:00 GMT"
    assert keys_of(rss(("Bridge works", "The bridge closes tonight.", date))) != keys_of(
        rss(("Bridge works", "The bridge closes tonight at ten.", date))
    )


def test_entries_alike_in_every_word_are_one_whatever_their_dates() -> None:
    feed = parse_feed(
        rss(
            ("Bridge works", "The bridge closes tonight.", "Sun, 22 Nov 2026 10:00:00 GMT"),
            ("Bridge works", "The bridge closes tonight.", "Mon, 23 Nov 2026 09:00:00 GMT"),
        ).encode(),
        locator="feed",
        feed_url=None,
        fetched_at=NOW,
    )
    assert len(feed.entries) == 1
    assert feed.warnings == (f"entry {feed.entries[0].provenance.entry_key} appears 2 times; kept once",)


def test_the_shared_link_stays_part_of_the_key_and_a_title_only_entry_is_keyed_by_its_title() -> None:
    # Two entries linking one live page, and the same entries a poll later with new dates.
    def feed(date: str) -> str:
        items = "".join(
            f"<item><title>{title}</title><link>https://feed.example/live</link><pubDate>{date}</pubDate></item>"
            for title in ("Polls open", "Turnout up")
        )
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Live</title>{items}</channel></rss>'

    before = keys_of(feed("Sun, 22 Nov 2026 10:00:00 GMT"))
    assert before == keys_of(feed("Mon, 23 Nov 2026 09:00:00 GMT"))
    assert len(set(before)) == 2
    alone = keys_of(rss(("Polls open", "", "Sun, 22 Nov 2026 10:00:00 GMT")))
    assert alone[0] not in before


def test_entries_with_a_guid_or_their_own_link_keep_the_keys_they_had() -> None:
    body = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        "<item><guid>tribune-48213</guid><title>A</title>"
        "<pubDate>Sun, 22 Nov 2026 10:00:00 GMT</pubDate></item>"
        "<item><link>https://feed.example/2026/b</link><title>B</title></item>"
        "</channel></rss>"
    )
    assert keys_of(body) == ["tribune-48213", "https://feed.example/2026/b"]


def _entry(body_html: str, **fields: object) -> EntryFields:
    return EntryFields(body_html=body_html, **fields)  # type: ignore[arg-type]


def _keys(*entries: EntryFields) -> list[str | None]:
    feed = assemble_feed(
        FeedFields(format="rss20"), list(entries), locator="feed", feed_url=None, fetched_at=NOW
    )
    return [document.provenance.entry_key for document in feed.entries]


def test_entries_without_words_are_told_apart_by_their_markup() -> None:
    keys = _keys(
        _entry('<img src="https://feed.example/1.jpg">'), _entry('<img src="https://feed.example/2.jpg">')
    )
    assert len(set(keys)) == 2


def test_an_html_title_is_keyed_by_its_words() -> None:
    assert _keys(_entry("Text.", title="<b>Bridge</b> works", title_is_html=True)) == _keys(
        _entry("<p>Text.</p>", title="Bridge works")
    )


def test_a_body_of_unclosed_angle_brackets_is_keyed_in_linear_time() -> None:
    # A tag pattern that scanned to the next ">" from every "<" would take seconds here (5 s on
    # the machine this was written on), this one milliseconds.
    body = "<" * 100_000 + " words"
    started = time.perf_counter()
    _keys(_entry(body, title="Trap"))
    assert time.perf_counter() - started < 1.0
