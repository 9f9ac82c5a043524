"""Polling a feed whose publisher corrects an entry it gave before (the same guid, a changed title
or text), over a real HTTP server on 127.0.0.1 and a real store (SQLite and PostgreSQL), with the
real extraction stage and, where a test says so, the real stories step.

Before corrections were read, an entry known by its key was never read again: a corrected title
or a paragraph added to a developing story was silently never applied (``tidings show`` kept the
first version for good)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from tests.cluster.support import static_embedder
from tests.gather.fetch_server import FetchServer, respond, running_server
from tests.jobs.support import NOW, CountingExtract, refresher_for
from tidings.cli.sources import describe_report
from tidings.jobs.refresh import DescribeAgain, PlaceNew, PollReport
from tidings.model import Article, StoredArticle
from tidings.pipeline import ingest_documents
from tidings.store import Source, Store
from tidings.store.schema import source_items
from tidings.stories import StoryDesk

TITLE = "Harbour bridge to close for three weeks of repairs"
PARAGRAPHS = [
    "The harbour bridge will close to all traffic from Monday for three weeks while engineers "
    "replace the worn bearings under its central span, the port authority said on Friday.",
    "Ferries will run every twenty minutes between the north quay and the market steps during "
    "the closure, and the operator has added two night crossings for shift workers at the "
    "hospital and the container terminal.",
    "Shopkeepers on Water Street said they feared losing customers from the northern suburbs, "
    "who usually drive across the bridge on Saturdays. The chamber of commerce asked the council "
    "to waive parking fees in the old town until the works are finished.",
    "The bridge opened in 1974 and carries about 18,000 vehicles a day. Its last major repair, "
    "in 2009, took five weeks and ran over budget after divers found corrosion in two of the "
    "piers below the waterline.",
    "Cyclists and pedestrians will be able to use a temporary walkway on the eastern side of the "
    "bridge, which will stay open except during two overnight lifts of the new bearings.",
]
CORRECTION = (
    "Correction: an earlier version of this article said the bridge carries 81,000 vehicles a day. "
    "The port authority's figure is 18,000."
)
OTHER_TITLE = "Library extends its opening hours for the exam season"
OTHER_TEXT = (
    "The central library will stay open until midnight on weekdays from next week, so that "
    "students preparing for their final exams have somewhere quiet to work, the council said."
)


def body(paragraphs: list[str]) -> str:
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def item(base: str, guid: str, title: str, html: str, *, date: str = "Mon, 23 Nov 2026 10:00:00 GMT") -> str:
    escaped = html.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        f"<item><guid>{guid}</guid><title>{title}</title><link>{base}/news/{guid.rsplit(':', 1)[-1]}</link>"
        f"<description>{escaped}</description><pubDate>{date}</pubDate></item>"
    )


def feed(*items: str) -> str:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour News</title>'
        f"<link>http://harbour.example/</link>{''.join(items)}</channel></rss>"
    )


@pytest.fixture
def server() -> Iterator[FetchServer]:
    yield from running_server()


def serve(server: FetchServer, path: str, text: str) -> None:
    server.routes[path] = respond(200, text, content_type="application/rss+xml")


def subscribe(store: Store, server: FetchServer, path: str = "/feed", **options: object) -> Source:
    return store.subscribe(server.url(path), kind="feed", now=NOW, **options).source  # type: ignore[arg-type]


def refresh(
    store: Store,
    source: Source,
    now: datetime,
    extracted: CountingExtract | None = None,
    *,
    placed: PlaceNew | None = None,
    described: DescribeAgain | None = None,
) -> PollReport:
    async def run() -> PollReport:
        async with refresher_for(
            store, extract=extracted or CountingExtract(), placed=placed, described=described
        ) as refresher:
            return await refresher.refresh(store.get_source(source.source_id), now)

    return asyncio.run(run())


def only_article(store: Store) -> StoredArticle:
    (stored,) = store.list_articles()
    return stored


def desk_for(store: Store, folder: Path) -> StoryDesk:
    return StoryDesk(store, embedder=static_embedder(), index_path=folder / "index.usearch")


def placing(desk: StoryDesk) -> PlaceNew:
    """The stories step placing a poll's new articles, as the facade wires it."""

    def place(added: Sequence[tuple[int, Article]], now: datetime) -> None:
        desk.place_many(added, now=now)

    return place


def describing(desk: StoryDesk) -> DescribeAgain:
    """The stories step describing again the articles whose words a poll changed."""

    def describe(article_ids: Sequence[int], now: datetime) -> None:
        desk.describe_again(article_ids, now=now)

    return describe


def test_a_corrected_entry_updates_its_article_for_search_and_stories(
    server: FetchServer, store: Store, tmp_path: Path
) -> None:
    base = server.url("")
    serve(server, "/feed", feed(item(base, "urn:audit:0", TITLE, body(PARAGRAPHS))))
    source = subscribe(store, server)
    desk = desk_for(store, tmp_path)
    placed, described = placing(desk), describing(desk)
    extracted = CountingExtract()
    assert refresh(store, source, NOW, extracted, placed=placed, described=described).added == 1
    first = only_article(store)
    # The publisher corrects the entry (same guid): a new headline and a last paragraph; and adds one.
    corrected_title = f"{TITLE} (updated)"
    serve(
        server,
        "/feed",
        feed(
            item(base, "urn:audit:1", OTHER_TITLE, f"<p>{OTHER_TEXT}</p>"),
            item(base, "urn:audit:0", corrected_title, body([*PARAGRAPHS, CORRECTION])),
        ),
    )
    report = refresh(store, source, NOW + timedelta(hours=1), extracted, placed=placed, described=described)
    assert (report.added, report.updated, report.refused) == (1, 1, 0)
    assert describe_report(report) == f"#{source.source_id} {base}/feed: 1 new, 1 updated"
    stored = store.get_article(first.article_id)
    assert stored.article.title == corrected_title
    assert stored.article.text.endswith(CORRECTION)
    assert "81,000 vehicles" in stored.article.html
    # Its place in lists is its first publication's: a correction is no new article.
    assert stored.article.published_at == first.article.published_at
    assert store.count_articles() == 2
    # The search index has the new words, and the stories step the new headline and features.
    assert [hit.article_id for hit in store.search('"earlier version of this article"')] == [first.article_id]
    features = desk.book.features(first.article_id)
    assert features is not None
    assert features.title == corrected_title
    place = store.story_places([first.article_id])[first.article_id]
    assert store.get_story(place.story_id).story.headline == corrected_title
    assert store.stale_described_ids() == []
    # Read again unchanged, it is no correction: not even extracted again.
    calls = extracted.calls
    again = refresh(store, source, NOW + timedelta(hours=2), extracted, placed=placed, described=described)
    assert (again.added, again.updated, extracted.calls) == (0, 0, calls)


def test_a_bumped_date_or_rebuilt_markup_is_no_correction(server: FetchServer, store: Store) -> None:
    base = server.url("")
    serve(server, "/feed", feed(item(base, "urn:audit:0", TITLE, body(PARAGRAPHS))))
    source = subscribe(store, server)
    extracted = CountingExtract()
    refresh(store, source, NOW, extracted)
    before = only_article(store)
    # The same words: a later date, the paragraphs re-serialised in other markup, other spacing.
    rebuilt = "\n".join(
        f'<div class="para"><span>{paragraph.replace(" ", "  ")}</span></div>' for paragraph in PARAGRAPHS
    )
    serve(
        server,
        "/feed",
        feed(item(base, "urn:audit:0", f"  {TITLE} ", rebuilt, date="Tue, 24 Nov 2026 08:30:00 GMT")),
    )
    report = refresh(store, source, NOW + timedelta(hours=1), extracted)
    assert (report.added, report.updated, extracted.calls) == (0, 0, 1)
    assert only_article(store) == before


def test_a_teaser_completed_by_its_page_keeps_the_page_s_text(server: FetchServer, store: Store) -> None:
    base = server.url("")
    page = f"<html><body><article><h1>{TITLE}</h1>{body(PARAGRAPHS)}</article></body></html>"
    server.routes["/news/0"] = respond(200, page, content_type="text/html; charset=utf-8")
    teaser = "<p>The harbour bridge closes on Monday.</p>"
    serve(server, "/feed", feed(item(base, "urn:audit:0", TITLE, teaser)))
    source = subscribe(store, server)
    assert refresh(store, source, NOW).added == 1
    assert PARAGRAPHS[2] in only_article(store).article.text
    # The feed's teaser and headline are edited: the headline is the feed's and is corrected; the
    # page is fetched again for the text, which is the page's (unchanged), never the teaser's.
    serve(
        server,
        "/feed",
        feed(item(base, "urn:audit:0", f"{TITLE} (updated)", "<p>The bridge closes on Monday night.</p>")),
    )
    report = refresh(store, source, NOW + timedelta(hours=1))
    assert report.updated == 1
    stored = only_article(store)
    assert stored.article.title == f"{TITLE} (updated)"
    assert PARAGRAPHS[2] in stored.article.text
    assert "Monday night" not in stored.article.text
    assert len(server.hits("/news/0")) == 2


@pytest.mark.parametrize("full_text", ["off", "auto"])
@pytest.mark.parametrize(
    "cut",
    [
        pytest.param("", id="emptied"),
        pytest.param(f"<p>{PARAGRAPHS[0]}</p>", id="cut-to-a-teaser"),
        pytest.param(body(PARAGRAPHS), id="cut-to-a-third"),
    ],
)
def test_an_entry_cut_short_later_keeps_the_full_text(
    server: FetchServer, store: Store, full_text: str, cut: str
) -> None:
    base = server.url("")
    # Three times the words of the five paragraphs, each repeat told apart.
    long_body = body([*PARAGRAPHS, *(f"{p} ({n})" for n, p in enumerate(PARAGRAPHS * 2))])
    serve(server, "/feed", feed(item(base, "urn:audit:0", TITLE, long_body)))
    source = subscribe(store, server, full_text=full_text)
    refresh(store, source, NOW)
    before = only_article(store)
    assert len(before.article.text.split()) > 500
    serve(server, "/feed", feed(item(base, "urn:audit:0", TITLE, cut)))
    report = refresh(store, source, NOW + timedelta(hours=1))
    assert (report.added, report.updated) == (0, 0)
    assert only_article(store) == before
    # Cut to a teaser on "auto", the entry's text is its page's business: its page is asked once
    # (here it is gone), and not again while the entry stays as it is.
    page_asked = full_text == "auto" and len(cut.split()) < 120
    assert len(server.hits("/news/0")) == (1 if page_asked else 0)
    refresh(store, source, NOW + timedelta(hours=2))
    assert len(server.hits("/news/0")) == (1 if page_asked else 0)


def test_a_correction_that_cuts_a_paragraph_and_changes_a_figure_is_applied(
    server: FetchServer, store: Store
) -> None:
    base = server.url("")
    serve(server, "/feed", feed(item(base, "urn:audit:0", TITLE, body(PARAGRAPHS))))
    source = subscribe(store, server, full_text="off")
    refresh(store, source, NOW)
    corrected = [*PARAGRAPHS[:2], PARAGRAPHS[3].replace("18,000", "19,500"), PARAGRAPHS[4]]
    serve(server, "/feed", feed(item(base, "urn:audit:0", TITLE, body(corrected))))
    assert refresh(store, source, NOW + timedelta(hours=1)).updated == 1
    stored = only_article(store)
    assert "19,500 vehicles" in stored.article.text
    assert "Shopkeepers" not in stored.article.text
    assert stored.article.title == TITLE


def test_an_article_two_feeds_carry_is_corrected_only_by_the_entry_it_was_stored_from(
    server: FetchServer, store: Store
) -> None:
    # Two feeds of one site carry the same story (one link): it is stored once, from the first feed
    # polled; the second feed's entry is found to be it by its address.
    base = server.url("")
    link = f"{base}/news/bridge"

    def entry(guid: str, title: str, paragraphs: list[str]) -> str:
        return item(base, guid, title, body(paragraphs)).replace(
            f"{base}/news/{guid.rsplit(':', 1)[-1]}", link
        )

    serve(server, "/city", feed(entry("city:1", TITLE, PARAGRAPHS)))
    serve(server, "/transport", feed(entry("transport:7", TITLE, PARAGRAPHS)))
    city, transport = subscribe(store, server, "/city"), subscribe(store, server, "/transport")
    assert refresh(store, city, NOW).added == 1
    assert refresh(store, transport, NOW).added == 0
    before = only_article(store)
    # The second feed's copy changes: the article is not the second feed's to change.
    extracted = CountingExtract()
    serve(
        server,
        "/transport",
        feed(entry("transport:7", "Bridge closes: what drivers need to know", PARAGRAPHS[:2])),
    )
    report = refresh(store, transport, NOW + timedelta(hours=1), extracted)
    assert (report.updated, extracted.calls) == (0, 0)
    assert only_article(store) == before
    # The feed it was stored from corrects it.
    serve(server, "/city", feed(entry("city:1", f"{TITLE} (updated)", [*PARAGRAPHS, CORRECTION])))
    assert refresh(store, city, NOW + timedelta(hours=2)).updated == 1
    stored = only_article(store)
    assert stored.article.title == f"{TITLE} (updated)"
    assert stored.article.text.endswith(CORRECTION)


def test_a_key_given_to_another_story_leaves_the_stored_article_as_it_was(
    server: FetchServer, store: Store
) -> None:
    # A feed that reuses a guid (a CMS reset) for another story: that is no correction, and the
    # article stored under it is not overwritten by an unrelated one.
    base = server.url("")
    serve(server, "/feed", feed(item(base, "urn:audit:0", TITLE, body(PARAGRAPHS))))
    source = subscribe(store, server)
    refresh(store, source, NOW)
    before = only_article(store)
    serve(server, "/feed", feed(item(base, "urn:audit:0", OTHER_TITLE, f"<p>{OTHER_TEXT}</p>" * 8)))
    report = refresh(store, source, NOW + timedelta(hours=1))
    assert report.updated == 0
    assert only_article(store) == before


def test_a_correction_the_stories_step_missed_is_described_by_the_next_ingest(
    server: FetchServer, store: Store, tmp_path: Path
) -> None:
    base = server.url("")
    serve(server, "/feed", feed(item(base, "urn:audit:0", TITLE, body(PARAGRAPHS))))
    source = subscribe(store, server)
    desk = desk_for(store, tmp_path)
    refresh(store, source, NOW, placed=placing(desk))
    article_id = only_article(store).article_id
    assert store.stale_described_ids() == []
    # The correction is stored; the process stops before the stories step describes it again.
    serve(
        server,
        "/feed",
        feed(item(base, "urn:audit:0", f"{TITLE} (updated)", body([*PARAGRAPHS, CORRECTION]))),
    )
    assert refresh(store, source, NOW + timedelta(hours=1)).updated == 1
    assert store.stale_described_ids() == [article_id]
    restarted = desk_for(store, tmp_path / "restarted")
    assert list(ingest_documents([], store, now=NOW, stories=restarted)) == []
    assert store.stale_described_ids() == []
    features = restarted.book.features(article_id)
    assert features is not None
    assert features.title == f"{TITLE} (updated)"


def test_entries_taken_before_fingerprints_were_kept_are_read_once_without_a_correction(
    server: FetchServer, store: Store
) -> None:
    # A store upgraded to migration 0022 has no fingerprint for the entries it took before: what
    # they said then is not known, so the first poll after it only records what they say now.
    base = server.url("")
    serve(server, "/feed", feed(item(base, "urn:audit:0", TITLE, body(PARAGRAPHS))))
    source = subscribe(store, server)
    refresh(store, source, NOW)
    with store.engine.begin() as connection:
        connection.execute(update(source_items).values(entry_hash=None))
    serve(server, "/feed", feed(item(base, "urn:audit:0", f"{TITLE} (updated)", body(PARAGRAPHS))))
    assert refresh(store, source, NOW + timedelta(hours=1)).updated == 0
    assert only_article(store).article.title == TITLE
    serve(
        server,
        "/feed",
        feed(item(base, "urn:audit:0", f"{TITLE} (updated)", body([*PARAGRAPHS, CORRECTION]))),
    )
    assert refresh(store, source, NOW + timedelta(hours=2)).updated == 1
    assert only_article(store).article.text.endswith(CORRECTION)


# A feed that carries each entry's full text and a dek beside it (review, 2026-12-07).
DEK_A = "Three weeks of closure as engineers replace the worn bearings."
DEK_B = "Ferries will fill the gap while the crossing is shut for repairs."


def _item_with_dek(base: str, paragraphs: list[str], dek: str) -> str:
    return (
        f"<item><guid>urn:a:0</guid><title>{TITLE}</title><link>{base}/news/0</link>"
        f"<description>{dek.replace('&', '&amp;')}</description>"
        f"<content:encoded><![CDATA[{body(paragraphs)}]]></content:encoded>"
        "<pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate></item>"
    )


def _feed_with_content(item_xml: str) -> str:
    return (
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Harbour News</title><link>http://harbour.example/</link>{item_xml}</channel></rss>"
    )


def test_a_new_dek_alone_is_stored_without_correcting_the_words(server: FetchServer, store: Store) -> None:
    base = server.url("")
    serve(server, "/feed", _feed_with_content(_item_with_dek(base, PARAGRAPHS, DEK_A)))
    source = subscribe(store, server, full_text="off")
    refresh(store, source, NOW)
    assert only_article(store).article.standfirst == DEK_A
    serve(server, "/feed", _feed_with_content(_item_with_dek(base, PARAGRAPHS, DEK_B)))
    refresh(store, source, NOW + timedelta(hours=1))
    assert only_article(store).article.standfirst == DEK_B


def test_a_corrected_text_whose_entry_lost_its_dek_keeps_none(server: FetchServer, store: Store) -> None:
    base = server.url("")
    serve(server, "/feed", _feed_with_content(_item_with_dek(base, PARAGRAPHS, DEK_A)))
    source = subscribe(store, server, full_text="off")
    refresh(store, source, NOW)
    corrected = [*PARAGRAPHS, "A new last paragraph was added by the editors on Tuesday."]
    excerpt = PARAGRAPHS[0][:60] + " […]"  # the description is now an excerpt of the text
    serve(server, "/feed", _feed_with_content(_item_with_dek(base, corrected, excerpt)))
    refresh(store, source, NOW + timedelta(hours=1))
    article = only_article(store).article
    assert article.text.endswith("Tuesday.")
    assert article.standfirst is None
