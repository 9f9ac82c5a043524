"""Subscribing without needless requests, and imported addresses resolved by their first poll,
against a real HTTP server on 127.0.0.1 and a real store (SQLite and PostgreSQL): an imported
sitemap becomes a sitemap source, an imported home page follows the feed it links (merged into
the source already following it), an address already followed is subscribed to without a
request, and a feed reached through a temporary redirect is one source however it is named."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import update

from tests.gather.fetch_server import FetchServer, respond, running_server
from tests.jobs.support import CONFIG, LIMITS, LOCAL, LONG_TEXT, NOW, TLS, refresher_for, rss
from tidings.gather.fetch import Fetcher
from tidings.jobs.refresh import PollReport
from tidings.jobs.subscribe import SubscribeResult, export_opml, import_opml, subscribe_url
from tidings.store import Source, Store
from tidings.store.schema import sources as source_rows

PAGE = "<html><body><article><h1>{title}</h1><p>{text}</p></article></body></html>"


@pytest.fixture
def server() -> Iterator[FetchServer]:
    yield from running_server()


def refresh(store: Store, source_id: int) -> PollReport:
    async def run() -> PollReport:
        async with refresher_for(store) as refresher:
            return await refresher.refresh(store.get_source(source_id), NOW)

    return asyncio.run(run())


def subscribe(store: Store, url: str, *, user_key: str = "") -> SubscribeResult:
    async def run() -> SubscribeResult:
        async with Fetcher(CONFIG, LOCAL, ssl_context=TLS) as fetcher:
            return await subscribe_url(
                store, fetcher, url, now=NOW, max_bytes=LIMITS.max_document_bytes, user_key=user_key
            )

    return asyncio.run(run())


def opml(*urls: str) -> bytes:
    outlines = "".join(f'<outline text="x" type="rss" xmlUrl="{url}"/>' for url in urls)
    return f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>'.encode()


def news_sitemap(*page_urls: str) -> str:
    urls = "".join(
        f"<url><loc>{url}</loc><news:news><news:publication_date>2026-11-23T10:00:00Z"
        "</news:publication_date><news:title>Harbour</news:title></news:news></url>"
        for url in page_urls
    )
    return (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
    )


def _assert_known_without_fetching(server: FetchServer, store: Store, via: Source, target: str) -> None:
    """Subscribing to ``target``, where ``via``'s fetch was redirected, finds ``via`` without
    asking the server again or making a second source."""
    asked = len(server.seen)
    again = subscribe(store, target)
    assert again.subscribed.source.source_id == via.source_id
    assert len(server.seen) == asked
    assert len(imported(store)) == 1


def imported(store: Store) -> dict[str, Source]:
    return {subscription.source.url: subscription.source for subscription in store.subscriptions()}


def test_an_imported_sitemap_becomes_a_sitemap_source_on_its_first_poll(
    server: FetchServer, store: Store
) -> None:
    # Before: every poll failed with "is a sitemap (a list of page addresses), not a feed", forever.
    page = server.url("/news/harbour")
    server.routes["/news-sitemap.xml"] = respond(200, news_sitemap(page), content_type="application/xml")
    server.routes["/news/harbour"] = respond(
        200, PAGE.format(title="Harbour", text=LONG_TEXT), content_type="text/html"
    )
    import_opml(store, LOCAL, opml(server.url("/news-sitemap.xml")), source="list.opml", now=NOW)
    (source,) = imported(store).values()
    assert source.kind == "feed"
    report = refresh(store, source.source_id)
    assert (report.outcome, report.error, report.added) == ("new", None, 1)
    assert report.note == "the address is a sitemap, followed as one from now on"
    kept = store.get_source(source.source_id)
    assert (kept.kind, kept.url, kept.error_count) == ("sitemap", server.url("/news-sitemap.xml"), 0)


def test_an_imported_home_page_follows_its_feed_merged_with_the_feed_imported_beside_it(
    server: FetchServer, store: Store
) -> None:
    # Before: the home page failed every poll ("is an HTML page, not a feed"), and the site was
    # two sources once the OPML listed its feed too.
    base = server.url("")
    server.routes["/"] = respond(
        200,
        '<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>'
        "<body>Home</body></html>",
        content_type="text/html",
    )
    server.routes["/feed.xml"] = respond(200, rss(base, ("a", "Harbour", LONG_TEXT)))
    server.routes["/blog"] = respond(
        200,
        '<html><head><link rel="alternate" type="application/rss+xml" href="/blog.xml"></head></html>',
        content_type="text/html",
    )
    server.routes["/blog.xml"] = respond(200, rss(base, ("b", "Ferries", LONG_TEXT)))
    body = opml(server.url("/"), server.url("/feed.xml"), server.url("/blog"))
    import_opml(store, LOCAL, body, source="list.opml", now=NOW)
    sources = imported(store)
    home, feed, blog = (sources[server.url(path)] for path in ("/", "/feed.xml", "/blog"))

    merged = refresh(store, home.source_id)
    assert (merged.outcome, merged.error) == ("retired", None)
    assert (
        merged.note
        == f"its feed {server.url('/feed.xml')} is source #{feed.source_id}, which its subscribers follow now"
    )
    assert store.get_source(home.source_id).state == "retired"
    moved = refresh(store, blog.source_id)
    assert (moved.outcome, moved.added, moved.error) == ("new", 1, None)
    assert moved.note == f"follows feed {server.url('/blog.xml')} from now on (the page links it)"
    assert refresh(store, feed.source_id).added == 1
    # One source per feed, each subscribed once; the retired page is no subscription.
    assert sorted(imported(store)) == [server.url("/blog.xml"), server.url("/feed.xml")]
    assert store.get_source(blog.source_id).kind == "feed"


def test_a_page_that_links_no_feed_keeps_failing_without_trying_the_whole_site(
    server: FetchServer, store: Store
) -> None:
    server.routes["/page"] = respond(200, "<html><body>No feed here</body></html>", content_type="text/html")
    import_opml(store, LOCAL, opml(server.url("/page")), source="list.opml", now=NOW)
    (source,) = imported(store).values()
    report = refresh(store, source.source_id)
    assert report.outcome == "failed"
    assert "is an HTML page, not a feed" in (report.error or "")
    assert [seen.path for seen in server.seen] == ["/page"]


def test_subscribing_again_to_a_feed_answering_429_asks_the_server_nothing(
    server: FetchServer, store: Store
) -> None:
    # Before: discovery fetched the feed again at once, ignoring back-off and Retry-After, and
    # failed with "the server says we asked too often".
    server.routes["/feed.xml"] = respond(200, rss(server.url(""), ("a", "Harbour", LONG_TEXT)))
    first = subscribe(store, server.url("/feed.xml"))
    server.routes["/feed.xml"] = respond(429, "slow down", headers={"Retry-After": "3600"})
    asked = len(server.seen)
    for again_url in (
        server.url("/feed.xml"),
        server.url("/feed.xml?utm_source=rss"),
        server.url("/feed.xml/"),
    ):
        again = subscribe(store, again_url)
        assert again.subscribed.source.source_id == first.subscribed.source.source_id
        assert not again.subscribed.new_subscription
    assert len(server.seen) == asked


def test_a_feed_behind_a_temporary_redirect_is_one_source_whichever_address_comes_first(
    server: FetchServer, store: Store
) -> None:
    # Before: the 302's address and its target were two sources, each polled.
    server.routes["/latest"] = respond(302, headers={"Location": "/feed.xml"})
    server.routes["/feed.xml"] = respond(200, rss(server.url(""), ("a", "Harbour", LONG_TEXT)))
    via_redirect = subscribe(store, server.url("/latest"))
    assert via_redirect.subscribed.source.url == server.url("/latest")  # the temporary address stays
    assert refresh(store, via_redirect.subscribed.source.source_id).added == 1
    target = subscribe(store, server.url("/feed.xml"))
    assert target.subscribed.source.source_id == via_redirect.subscribed.source.source_id
    assert not target.subscribed.new_subscription

    server.routes["/today"] = respond(307, headers={"Location": "/other.xml"})
    server.routes["/other.xml"] = respond(200, rss(server.url(""), ("b", "Ferries", LONG_TEXT)))
    other = subscribe(store, server.url("/other.xml"))
    via_other = subscribe(store, server.url("/today"))
    assert via_other.subscribed.source.source_id == other.subscribed.source.source_id
    assert len(imported(store)) == 2


def test_a_page_merged_into_a_retired_feed_source_makes_it_followed_and_polled_again(
    server: FetchServer, store: Store
) -> None:
    # Before: the page's subscribers were handed to the retired source, never polled and left
    # out of their OPML export, while `fetch` said "which its subscribers follow now".
    base = server.url("")
    server.routes["/"] = respond(
        200,
        '<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head></html>',
        content_type="text/html",
    )
    server.routes["/feed.xml"] = respond(200, rss(base, ("a", "Harbour", LONG_TEXT)))
    old = store.subscribe(server.url("/feed.xml"), kind="feed", now=NOW, user_key="old").source
    with store.writing() as connection:  # retired as after answering 410 for a day
        retire = update(source_rows).where(source_rows.c.id == old.source_id).values(state="retired")
        connection.execute(retire)
    import_opml(store, LOCAL, opml(server.url("/")), source="list.opml", now=NOW, user_key="u")
    (page,) = [subscription.source for subscription in store.subscriptions(user_key="u")]

    report = refresh(store, page.source_id)
    assert report.note == (
        f"its feed {server.url('/feed.xml')} is source #{old.source_id}, which its subscribers follow now"
    )
    (followed,) = [subscription.source for subscription in store.subscriptions(user_key="u")]
    assert (followed.source_id, followed.state, followed.next_check_at) == (old.source_id, "active", NOW)
    assert server.url("/feed.xml") in export_opml(store, now=NOW, user_key="u")
    assert refresh(store, followed.source_id).added == 1


@pytest.mark.parametrize("location", ["absolute", "relative"])
def test_a_public_address_a_private_feed_redirects_to_is_another_users_own_source(
    server: FetchServer, store: Store, location: str
) -> None:
    # Before: Bob, subscribing to the public address Alice's private feed was redirected to, was
    # subscribed to her source, and his OPML export held her password.
    public = server.url("/public.xml")
    private = public.replace("http://", "http://alice:s3cret@").replace("/public.xml", "/private")
    target = public if location == "absolute" else "/public.xml"
    server.routes["/private"] = respond(302, headers={"Location": target})
    server.routes["/public.xml"] = respond(200, rss(server.url(""), ("a", "Harbour", LONG_TEXT)))
    alice = subscribe(store, private, user_key="alice").subscribed.source
    assert refresh(store, alice.source_id).added == 1
    assert store.get_source(alice.source_id).fetched_url is None

    bob = subscribe(store, public, user_key="bob").subscribed.source
    assert bob.source_id != alice.source_id
    assert bob.url == public
    assert "s3cret" not in export_opml(store, now=NOW, user_key="bob")
    assert "s3cret" in export_opml(store, now=NOW, user_key="alice")  # her own feed keeps its login


def test_a_redirect_to_a_tracking_link_finds_the_source_by_the_feeds_address(
    server: FetchServer, store: Store
) -> None:
    # Before: the FeedBurner-style target was kept with `?utm_source=rss`, so subscribing to the
    # feed (in any form) fetched it again and made a second source.
    server.routes["/latest"] = respond(302, headers={"Location": "/feed.xml?utm_source=rss"})
    server.routes["/feed.xml"] = respond(200, rss(server.url(""), ("a", "Harbour", LONG_TEXT)))
    via = subscribe(store, server.url("/latest")).subscribed.source
    refresh(store, via.source_id)
    assert store.get_source(via.source_id).fetched_url == server.url("/feed.xml")
    asked = len(server.seen)
    for again_url in (server.url("/feed.xml?utm_source=rss"), server.url("/feed.xml")):
        again = subscribe(store, again_url)
        assert again.subscribed.source.source_id == via.source_id
    assert len(server.seen) == asked
    assert len(imported(store)) == 1


def test_the_target_of_a_redirect_subscribed_through_is_that_source_before_its_first_poll(
    server: FetchServer, store: Store
) -> None:
    # Before: subscribing kept no record of where its own fetch was redirected, so subscribing to
    # the feed's address before the source's first poll fetched it again and made a second
    # source, polled beside the first for good.
    server.routes["/latest"] = respond(302, headers={"Location": "/feed.xml?utm_source=rss"})
    server.routes["/feed.xml"] = respond(200, rss(server.url(""), ("a", "Harbour", LONG_TEXT)))
    via = subscribe(store, server.url("/latest")).subscribed.source
    assert via.fetched_url == server.url("/feed.xml")
    _assert_known_without_fetching(server, store, via, server.url("/feed.xml"))


@pytest.mark.parametrize("status", [302, 307])
def test_a_sitemap_behind_a_temporary_redirect_is_that_source_before_its_first_poll(
    server: FetchServer, store: Store, status: int
) -> None:
    # Before: only a feed kept where subscribing's fetch was redirected; a sitemap kept it from
    # its first poll, so subscribing to its target before then made a second source.
    server.routes["/latest-sitemap.xml"] = respond(status, headers={"Location": "/news-sitemap.xml"})
    server.routes["/news-sitemap.xml"] = respond(
        200, news_sitemap(server.url("/news/harbour")), content_type="application/xml"
    )
    via = subscribe(store, server.url("/latest-sitemap.xml")).subscribed.source
    assert (via.kind, via.url) == ("sitemap", server.url("/latest-sitemap.xml"))
    assert via.fetched_url == server.url("/news-sitemap.xml")
    _assert_known_without_fetching(server, store, via, server.url("/news-sitemap.xml"))


@pytest.mark.parametrize("status", [302, 307])
def test_a_linked_feed_behind_a_temporary_redirect_is_that_source_before_its_first_poll(
    server: FetchServer, store: Store, status: int
) -> None:
    # A home page linking its feed at an address that redirects for now (a FeedBurner-style
    # "latest" link): the linked address is subscribed to, and its target found as it.
    server.routes["/"] = respond(
        200,
        '<html><head><link rel="alternate" type="application/rss+xml" href="/latest"></head></html>',
        content_type="text/html",
    )
    server.routes["/latest"] = respond(status, headers={"Location": "/feed.xml"})
    server.routes["/feed.xml"] = respond(200, rss(server.url(""), ("a", "Harbour", LONG_TEXT)))
    via = subscribe(store, server.url("/")).subscribed.source
    assert (via.kind, via.url) == ("feed", server.url("/latest"))
    assert via.fetched_url == server.url("/feed.xml")
    _assert_known_without_fetching(server, store, via, server.url("/feed.xml"))


def test_a_private_feed_subscribed_through_a_redirect_keeps_no_public_target(
    server: FetchServer, store: Store
) -> None:
    # The rule of ``find_followed``: a public address never leads to a private feed's source.
    public = server.url("/public.xml")
    private = public.replace("http://", "http://alice:s3cret@").replace("/public.xml", "/private")
    server.routes["/private"] = respond(302, headers={"Location": "/public.xml"})
    server.routes["/public.xml"] = respond(200, rss(server.url(""), ("a", "Harbour", LONG_TEXT)))
    alice = subscribe(store, private, user_key="alice").subscribed.source
    assert alice.fetched_url is None
    assert subscribe(store, public, user_key="bob").subscribed.source.source_id != alice.source_id


def test_an_imported_sitemap_outline_that_is_a_feed_becomes_a_feed_source_on_its_first_poll(
    server: FetchServer, store: Store
) -> None:
    # Before: every poll failed reading the feed as a sitemap, forever (the reverse of the first test).
    server.routes["/feed.xml"] = respond(200, rss(server.url(""), ("a", "Harbour", LONG_TEXT)))
    outline = f'<outline text="x" type="sitemap" xmlUrl="{server.url("/feed.xml")}"/>'
    body = f'<?xml version="1.0"?><opml version="2.0"><body>{outline}</body></opml>'.encode()
    import_opml(store, LOCAL, body, source="list.opml", now=NOW)
    (source,) = imported(store).values()
    assert source.kind == "sitemap"
    report = refresh(store, source.source_id)
    assert (report.outcome, report.error, report.added) == ("new", None, 1)
    assert report.note == "the address is a feed, followed as one from now on"
    kept = store.get_source(source.source_id)
    assert (kept.kind, kept.url, kept.error_count, kept.title) == (
        "feed",
        server.url("/feed.xml"),
        0,
        "Example News",
    )


def _page_linking_failing_feeds(server: FetchServer, store: Store, count: int) -> Source:
    links = "".join(
        f'<link rel="alternate" type="application/rss+xml" href="/f{n}.xml">' for n in range(count)
    )
    server.routes["/"] = respond(
        200, f"<html><head>{links}</head><body>Home</body></html>", content_type="text/html"
    )
    for n in range(count):
        server.routes[f"/f{n}.xml"] = respond(503, "down")
    server.routes["/f1.xml"] = respond(200, "<html><body>Moved</body></html>", content_type="text/html")
    import_opml(store, LOCAL, opml(server.url("/")), source="list.opml", now=NOW)
    (source,) = imported(store).values()
    return source


def refresh_at(store: Store, source_id: int, when: datetime) -> PollReport:
    async def run() -> PollReport:
        async with refresher_for(store) as refresher:
            return await refresher.refresh(store.get_source(source_id), when)

    return asyncio.run(run())


def test_a_page_whose_linked_feeds_all_fail_tries_one_a_poll_after_the_first_and_says_why(
    server: FetchServer, store: Store
) -> None:
    # Before: each back-off poll asked for the page and five of its feeds, and the error said only
    # "is an HTML page, not a feed".
    source = _page_linking_failing_feeds(server, store, 7)
    report = refresh_at(store, source.source_id, NOW)
    assert report.outcome == "failed"
    assert [seen.path for seen in server.seen] == ["/", "/f0.xml", "/f1.xml", "/f2.xml", "/f3.xml", "/f4.xml"]
    # Before: "none of the 7 feeds it links could be read (… /f1.xml is an HTML page and 3 more)",
    # though two are never tried, and later checks try one.
    assert report.error == (
        f"{server.url('/')}: is an HTML page linking 7 feeds; this check tried the first 5, none "
        f"readable ({server.url('/f0.xml')}: the server is unavailable (HTTP 503); "
        f"{server.url('/f1.xml')}: is an HTML page; the other 3 failed too); Tidings tries the "
        "first 5 in turn on later checks, one each check, or give the feed's own URL"
    )
    kept = store.get_source(source.source_id)
    assert (kept.kind, kept.error_count, kept.last_error) == ("feed", 1, report.error)
    # Each poll after it, due on the failure back-off, asks for the page and the next feed only.
    tried = []
    for _ in range(6):
        kept = store.get_source(source.source_id)
        server.seen.clear()
        report = refresh_at(store, source.source_id, kept.next_check_at)
        assert report.outcome == "failed"
        assert store.get_source(source.source_id).next_check_at - kept.next_check_at > timedelta(minutes=10)
        paths = [seen.path for seen in server.seen]
        assert paths[0] == "/"
        tried.extend(paths[1:])
    assert tried == ["/f0.xml", "/f1.xml", "/f2.xml", "/f3.xml", "/f4.xml", "/f0.xml"]
    assert report.error == (
        f"{server.url('/')}: is an HTML page linking 7 feeds; this check tried "
        f"{server.url('/f0.xml')}: the server is unavailable (HTTP 503); Tidings tries the first 5 "
        "in turn on later checks, one each check, or give the feed's own URL"
    )
    # A feed that serves again is found on its turn, and followed.
    server.routes["/f2.xml"] = respond(200, rss(server.url(""), ("a", "Harbour", LONG_TEXT)))
    polls = 0
    while report.outcome == "failed" and polls < 5:
        polls += 1
        report = refresh_at(store, source.source_id, store.get_source(source.source_id).next_check_at)
    assert (polls, report.outcome, report.added) == (2, "new", 1)
    assert report.note == f"follows feed {server.url('/f2.xml')} from now on (the page links it)"


def test_a_page_down_on_its_first_polls_has_its_linked_feeds_tried_as_on_a_first_poll(
    server: FetchServer, store: Store
) -> None:
    # Before: the turn came from the source's error count, which the page's own failures raise
    # too: once the page answered, its first poll tried one feed, never up to five.
    source = _page_linking_failing_feeds(server, store, 3)
    page = server.routes["/"]
    server.routes["/"] = respond(503, "down")
    for _ in range(2):
        when = store.get_source(source.source_id).next_check_at
        assert refresh_at(store, source.source_id, when).outcome == "failed"
    assert store.get_source(source.source_id).error_count == 2
    server.routes["/"] = page
    server.seen.clear()
    report = refresh_at(store, source.source_id, store.get_source(source.source_id).next_check_at)
    assert [seen.path for seen in server.seen] == ["/", "/f0.xml", "/f1.xml", "/f2.xml"]
    assert report.error == (
        f"{server.url('/')}: is an HTML page linking 3 feeds; this check tried all 3, none readable "
        f"({server.url('/f0.xml')}: the server is unavailable (HTTP 503); {server.url('/f1.xml')}: "
        "is an HTML page; the other one failed too); Tidings tries the 3 in turn on later checks, "
        "one each check, or give the feed's own URL"
    )
    # The next check tries one; after the page itself failed again, up to five once more.
    server.seen.clear()
    refresh_at(store, source.source_id, store.get_source(source.source_id).next_check_at)
    assert len(server.seen) == 2
    server.routes["/"] = respond(503, "down")
    refresh_at(store, source.source_id, store.get_source(source.source_id).next_check_at)
    server.routes["/"] = page
    server.seen.clear()
    refresh_at(store, source.source_id, store.get_source(source.source_id).next_check_at)
    assert [seen.path for seen in server.seen] == ["/", "/f0.xml", "/f1.xml", "/f2.xml"]


def test_a_page_linking_one_feed_that_fails_says_it_tries_it_again(server: FetchServer, store: Store) -> None:
    source = _page_linking_failing_feeds(server, store, 1)
    report = refresh_at(store, source.source_id, NOW)
    assert report.error == (
        f"{server.url('/')}: is an HTML page linking 1 feed; this check tried "
        f"{server.url('/f0.xml')}: the server is unavailable (HTTP 503); Tidings tries it again on "
        "later checks, or give the feed's own URL"
    )


def test_a_page_linking_its_feed_at_an_address_too_long_to_keep_says_so_on_its_poll(
    server: FetchServer, store: Store
) -> None:
    # Review: the store quietly kept the page's address (a feed address over 2,048 characters
    # cut short is another address), the poll read the page as no feed, and the next poll found
    # the same feed again, never saying why.
    long_path = "/feed.xml?edition=" + "q" * 3_000
    server.routes["/"] = respond(
        200,
        f'<html><head><link rel="alternate" type="application/rss+xml" href="{long_path}"></head>'
        "<body>Home</body></html>",
        content_type="text/html",
    )
    server.routes["/feed.xml"] = respond(200, rss(server.url(""), ("harbour-1", "Harbour", LONG_TEXT)))
    import_opml(store, LOCAL, opml(server.url("/")), source="list.opml", now=NOW)
    (source,) = imported(store).values()

    report = refresh_at(store, source.source_id, NOW)

    assert report.error == (
        f"{server.url('/')}: links its feed at an address of {len(server.url(long_path)):,} characters; "
        "Tidings follows addresses of at most 2,048: give the feed's own shorter address"
    )
    assert store.get_source(source.source_id).url == server.url("/")
