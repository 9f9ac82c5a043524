"""Subscribing to a source the store has already, and finding it by where its polls were
redirected, on SQLite and PostgreSQL: a source in use keeps its schedule, a retired one is
revived (also when subscribers are merged into it), and a private feed is never found, nor its
login kept, through the public address a redirect led it to."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from tidings.store import PollFailure, PollSuccess, Store
from tidings.store.schema import sources

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
FEED = "https://news.example.com/feed.xml"
PRIVATE = "https://alice:s3cret@news.example.com/private"
PUBLIC = "https://news.example.com/public.xml"


def success(**changes: object) -> PollSuccess:
    return PollSuccess(
        checked_at=NOW,
        next_check_at=NOW + timedelta(hours=1),
        etag=None,
        last_modified=None,
        items=(),
        **changes,  # type: ignore[arg-type]
    )


def failure(*, state: str, gone_since: datetime | None = None) -> PollFailure:
    # A 429 with Retry-After: 2 days, on a source failing for 4 days.
    return PollFailure(
        checked_at=NOW,
        next_check_at=NOW + timedelta(days=2),
        error="HTTP 429",
        state=state,  # type: ignore[arg-type]
        failing_since=NOW - timedelta(days=4),
        gone_since=gone_since,
    )


def test_another_subscriber_to_a_paused_source_keeps_its_back_off_and_retry_after(store: Store) -> None:
    # Before: a second subscription made the paused source due at once, its failures forgotten,
    # so a server answering 429 with Retry-After was asked again at once.
    source = store.subscribe(FEED, kind="feed", now=NOW, user_key="ana").source
    paused = store.record_poll_failure(source.source_id, failure(state="paused"))
    again = store.subscribe(FEED, kind="feed", now=NOW + timedelta(minutes=1), user_key="ben")
    assert again.new_subscription
    assert not again.new_source
    kept = store.get_source(source.source_id)
    assert (kept.state, kept.next_check_at, kept.error_count, kept.failing_since) == (
        "paused",
        paused.next_check_at,
        1,
        NOW - timedelta(days=4),
    )


def test_subscribing_to_a_retired_source_makes_it_active_and_due(store: Store) -> None:
    source = store.subscribe(FEED, kind="feed", now=NOW, user_key="ana").source
    store.record_poll_failure(source.source_id, failure(state="retired", gone_since=NOW - timedelta(days=2)))
    later = NOW + timedelta(days=1)
    revived = store.subscribe(FEED, kind="feed", now=later, user_key="ben").source
    assert (revived.state, revived.next_check_at, revived.error_count, revived.gone_since) == (
        "active",
        later,
        0,
        None,
    )


def test_a_move_confirmed_into_a_retired_source_makes_it_active_for_the_subscribers_handed_to_it(
    store: Store,
) -> None:
    # Before: the moving source's subscribers were handed to a retired source, never polled.
    target = store.subscribe(FEED, kind="feed", now=NOW, user_key="ana").source
    store.record_poll_failure(target.source_id, failure(state="retired", gone_since=NOW - timedelta(days=2)))
    moving = store.subscribe("https://old.example.org/feed", kind="feed", now=NOW, user_key="ben").source
    store.record_poll(moving.source_id, success(new_url=FEED))
    assert store.get_source(moving.source_id).state == "retired"
    revived = store.get_source(target.source_id)
    assert (revived.state, revived.next_check_at, revived.gone_since) == ("active", NOW, None)
    assert [s.source.source_id for s in store.subscriptions(user_key="ben")] == [target.source_id]


def test_a_temporary_redirect_is_remembered_without_tracking_parameters(store: Store) -> None:
    # Before: fetched_url kept `?utm_source=rss`, so no address subscribed to ever matched it.
    source = store.subscribe("https://news.example.com/latest", kind="feed", now=NOW).source
    store.record_poll(source.source_id, success(fetched_url=f"{FEED}?utm_source=rss"))
    assert store.get_source(source.source_id).fetched_url == FEED
    followed = store.find_followed(FEED)
    assert followed is not None
    assert followed.source_id == source.source_id
    # A redirect to the source's own address with a tracker added is no other address.
    own = store.subscribe(PUBLIC, kind="feed", now=NOW).source
    store.record_poll(own.source_id, success(fetched_url=f"{PUBLIC}?utm_source=rss"))
    assert store.get_source(own.source_id).fetched_url is None


def test_a_private_feeds_redirect_target_is_not_remembered(store: Store) -> None:
    source = store.subscribe(PRIVATE, kind="feed", now=NOW, user_key="alice").source
    # A relative Location resolved against the private address carries its login.
    for fetched in (PUBLIC, "https://alice:s3cret@news.example.com/public.xml"):
        store.record_poll(source.source_id, success(fetched_url=fetched))
        assert store.get_source(source.source_id).fetched_url is None
    assert store.find_followed(PUBLIC) is None


def test_a_private_feed_is_not_found_by_a_redirect_target_stored_before(store: Store) -> None:
    # A store polled before the fix may hold one: a public address must not lead to the login.
    private = store.subscribe(PRIVATE, kind="feed", now=NOW, user_key="alice").source
    with store.writing() as connection:
        stored_before = update(sources).where(sources.c.id == private.source_id).values(fetched_url=PUBLIC)
        connection.execute(stored_before)
    assert store.find_followed(PUBLIC) is None
    # Another source redirected there is found still, and the private feed by its own address.
    public = store.subscribe("https://news.example.com/latest", kind="feed", now=NOW, user_key="bob").source
    store.record_poll(public.source_id, success(fetched_url=PUBLIC))
    found = store.find_followed(PUBLIC)
    assert found is not None
    assert found.source_id == public.source_id
    own = store.find_followed(PRIVATE)
    assert own is not None
    assert own.source_id == private.source_id
