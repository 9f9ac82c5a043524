"""Sources in the store, on SQLite and PostgreSQL: subscriptions, the due queue and its claims,
polls kept in one transaction, failures, moves and health."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from tidings.errors import NotFound
from tidings.model import Added, AlreadyHad, Article, Outlet, Provenance
from tidings.store import NewItem, PollFailure, PollSuccess, Store
from tidings.store.schema import metadata

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
LEASE = timedelta(minutes=5)
FEED = "https://news.example.com/feed.xml"


def article(key: str, *, locator: str = FEED, text: str = "Body text of the story.") -> Article:
    return Article(
        title=f"Story {key}",
        text=text,
        html=f"<p>{text}</p>",
        outlet=Outlet("Example News", "example.com"),
        provenance=Provenance("feed", locator, key),
        fetched_at=NOW,
        url=f"https://news.example.com/{key}",
    )


def success(*items: NewItem, etag: str | None = '"v2"', **changes: object) -> PollSuccess:
    return PollSuccess(
        checked_at=NOW,
        next_check_at=NOW + timedelta(hours=1),
        etag=etag,
        last_modified="Mon, 23 Nov 2026 11:00:00 GMT",
        items=items,
        **changes,  # type: ignore[arg-type]
    )


def test_the_sources_tables_match_their_migration(store: Store) -> None:
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    ours = [
        diff
        for diff in differences
        if any(name in repr(diff) for name in ("sources", "subscriptions", "source_items"))
    ]
    assert ours == []


def test_subscribing_twice_keeps_one_source_and_one_subscription(store: Store) -> None:
    first = store.subscribe(FEED, kind="feed", now=NOW, folder="World")
    again = store.subscribe(FEED, kind="feed", now=NOW)
    other_user = store.subscribe(FEED, kind="feed", now=NOW, user_key="ana")
    assert first.new_source
    assert first.new_subscription
    assert not again.new_source
    assert not again.new_subscription
    assert other_user.new_subscription
    assert first.source.source_id == again.source.source_id == other_user.source.source_id
    (health,) = store.source_health(NOW)
    assert health.subscribers == 2
    assert health.folder == "World"


def test_a_due_source_is_claimed_by_exactly_one_worker(store: Store) -> None:
    source = store.subscribe(FEED, kind="feed", now=NOW).source
    first = store.claim_due_sources(NOW, limit=10, lease=LEASE)
    second = store.claim_due_sources(NOW, limit=10, lease=LEASE)
    assert [claimed.source_id for claimed in first] == [source.source_id]
    assert second == []
    assert store.claim_source_now(source.source_id, NOW, lease=LEASE) is None
    # A crashed worker's claim expires with its lease.
    later = NOW + LEASE + timedelta(seconds=1)
    assert [claimed.source_id for claimed in store.claim_due_sources(later, limit=10, lease=LEASE)] == [
        source.source_id
    ]


def test_a_late_release_does_not_free_the_claim_of_the_worker_after_it(store: Store) -> None:
    source = store.subscribe(FEED, kind="feed", now=NOW).source
    (first,) = store.claim_due_sources(NOW, limit=1, lease=LEASE)
    assert first.claimed_until == NOW + LEASE
    # The first worker's lease runs out mid-poll, and a second worker claims the source.
    (second,) = store.claim_due_sources(NOW + LEASE + timedelta(seconds=1), limit=1, lease=LEASE)
    assert second.source_id == source.source_id
    assert second.claimed_until == NOW + 2 * LEASE + timedelta(seconds=1)
    # The first worker, stopped, hands back the claim it had: it is no longer its to free.
    assert store.release_source(first.source_id, first.claimed_until) is False
    assert store.claim_due_sources(NOW + LEASE + timedelta(seconds=2), limit=1, lease=LEASE) == []
    assert store.claim_source_now(source.source_id, NOW + LEASE + timedelta(seconds=2), lease=LEASE) is None
    # The second worker's own release frees it.
    assert store.release_source(second.source_id, second.claimed_until) is True
    (third,) = store.claim_due_sources(NOW + LEASE + timedelta(seconds=3), limit=1, lease=LEASE)
    assert third.source_id == source.source_id


@pytest.mark.parametrize("outcome", ["success", "failure"])
def test_a_poll_recorded_after_its_lease_ran_out_leaves_the_next_worker_s_claim(
    store: Store, outcome: str
) -> None:
    source = store.subscribe(FEED, kind="feed", now=NOW).source
    (first,) = store.claim_due_sources(NOW, limit=1, lease=LEASE)
    # The first worker's poll outlasts its lease; a second worker claims the source meanwhile.
    later = NOW + LEASE + timedelta(seconds=1)
    (second,) = store.claim_due_sources(later, limit=1, lease=LEASE)
    if outcome == "success":
        store.record_poll(first.source_id, success(claimed_until=first.claimed_until))
    else:
        failed = PollFailure(
            checked_at=later,
            next_check_at=later + timedelta(hours=1),
            error="HTTP 503",
            state="active",
            failing_since=later,
            claimed_until=first.claimed_until,
        )
        store.record_poll_failure(first.source_id, failed)
    # Still the second worker's: no third may claim it now.
    assert store.claim_source_now(source.source_id, later + timedelta(seconds=1), lease=LEASE) is None
    assert store.get_source(source.source_id).claimed_until == second.claimed_until
    # The second worker's own record hands it back.
    store.record_poll(second.source_id, success(claimed_until=second.claimed_until))
    assert store.get_source(source.source_id).claimed_until is None


def test_a_source_not_yet_due_is_not_claimed(store: Store) -> None:
    source = store.subscribe(FEED, kind="feed", now=NOW).source
    (claimed,) = store.claim_due_sources(NOW, limit=1, lease=LEASE)
    store.record_poll(claimed.source_id, success())
    assert store.claim_due_sources(NOW + timedelta(minutes=30), limit=10, lease=LEASE) == []
    assert (
        store.claim_due_sources(NOW + timedelta(hours=1), limit=10, lease=LEASE)[0].source_id
        == source.source_id
    )


def test_a_poll_keeps_articles_items_and_validators_together(store: Store) -> None:
    source = store.subscribe(FEED, kind="feed", now=NOW).source
    store.claim_due_sources(NOW, limit=1, lease=LEASE)
    outcomes = store.record_poll(
        source.source_id,
        success(
            NewItem("a", NOW - timedelta(hours=2), article("a")),
            NewItem("b", NOW - timedelta(hours=1), article("b")),
            NewItem("refused", None, None),
            title="Example News: World",
            feed_ttl_minutes=30,
        ),
    )
    assert [type(outcome) for _item, outcome in outcomes] == [Added, Added, type(None)]
    kept = store.get_source(source.source_id)
    assert kept.etag == '"v2"'
    assert kept.title == "Example News: World"
    assert kept.feed_ttl_minutes == 30
    assert kept.next_check_at == NOW + timedelta(hours=1)
    assert kept.last_success_at == NOW
    assert store.known_item_keys(source.source_id, ["a", "b", "refused", "new"]) == {"a", "b", "refused"}
    assert store.known_article_urls(["https://news.example.com/a", "https://x.example/"]) == {
        "https://news.example.com/a"
    }
    # The page linked by another form of its address is known too: no second fetch for it.
    assert store.known_article_urls(["http://news.example.com/a", "https://news.example.com/unseen"]) == {
        "http://news.example.com/a"
    }
    assert sorted(store.recent_publication_times(source.source_id, NOW - timedelta(days=7))) == [
        NOW - timedelta(hours=2),
        NOW - timedelta(hours=1),
        NOW,
    ]
    (health,) = store.source_health(NOW)
    assert health.articles_per_day == pytest.approx(2 / 7)


def test_a_poll_that_fails_midway_keeps_nothing_so_the_next_poll_reads_it_all_again(store: Store) -> None:
    source = store.subscribe(FEED, kind="feed", now=NOW).source
    broken = replace(article("b"), published_at=datetime(2026, 11, 23, 11, 0))  # naive: refused mid-write
    with pytest.raises(Exception, match="naive datetime"):
        store.record_poll(
            source.source_id, success(NewItem("a", None, article("a")), NewItem("b", None, broken))
        )
    kept = store.get_source(source.source_id)
    # The validators were not kept with the entry that was: the next poll is a full GET again.
    assert (kept.etag, kept.last_modified, kept.last_success_at) == (None, None, None)
    assert store.known_item_keys(source.source_id, ["a", "b"]) == set()
    assert store.count_articles() == 0
    store.record_poll(
        source.source_id, success(NewItem("a", None, article("a")), NewItem("b", None, article("b")))
    )
    assert store.known_item_keys(source.source_id, ["a", "b"]) == {"a", "b"}
    assert store.count_articles() == 2
    assert store.get_source(source.source_id).etag == '"v2"'


def test_an_entry_seen_again_is_recognised_not_repeated(store: Store) -> None:
    source = store.subscribe(FEED, kind="feed", now=NOW).source
    store.record_poll(source.source_id, success(NewItem("a", None, article("a"))))
    outcomes = store.record_poll(source.source_id, success(NewItem("a", None, article("a"))))
    assert isinstance(outcomes[0][1], AlreadyHad)
    assert store.count_articles() == 1


def test_failures_count_up_and_a_success_clears_them(store: Store) -> None:
    source = store.subscribe(FEED, kind="feed", now=NOW).source
    for attempt in range(3):
        failed = store.record_poll_failure(
            source.source_id,
            PollFailure(
                checked_at=NOW + timedelta(hours=attempt),
                next_check_at=NOW + timedelta(hours=attempt + 1),
                error="HTTP 503",
                state="paused" if attempt == 2 else "active",
                failing_since=NOW,
            ),
        )
    assert failed.error_count == 3
    assert failed.state == "paused"
    assert failed.failing_since == NOW
    assert failed.last_error == "HTTP 503"
    store.record_poll(source.source_id, success())
    healed = store.get_source(source.source_id)
    assert (healed.error_count, healed.state, healed.failing_since) == (0, "active", None)


def test_a_confirmed_move_updates_the_url_or_merges_into_the_existing_source(store: Store) -> None:
    moving = store.subscribe(FEED, kind="feed", now=NOW, folder="World").source
    store.record_poll(moving.source_id, success(moved_to="https://news.example.com/rss", moved_count=1))
    assert store.get_source(moving.source_id).moved_to == "https://news.example.com/rss"
    store.record_poll(moving.source_id, success(new_url="https://news.example.com/rss"))
    moved = store.get_source(moving.source_id)
    assert moved.url == "https://news.example.com/rss"
    assert moved.locator == FEED
    assert moved.moved_to is None

    other = store.subscribe("https://old.example.org/feed", kind="feed", now=NOW, user_key="ana").source
    store.record_poll(other.source_id, success(new_url="https://news.example.com/rss"))
    assert store.get_source(other.source_id).state == "retired"
    ana = store.subscriptions(user_key="ana")
    assert [subscription.source.source_id for subscription in ana] == [moving.source_id]


def test_options_resume_and_unsubscribe(store: Store) -> None:
    source = store.subscribe(FEED, kind="feed", now=NOW).source
    gone = store.record_poll_failure(
        source.source_id,
        PollFailure(NOW, NOW + timedelta(days=1), "gone", state="retired", failing_since=NOW, gone_since=NOW),
    )
    assert gone.gone_since == NOW
    resumed = store.set_source_options(source.source_id, now=NOW, full_text="on", resume=True)
    assert (resumed.state, resumed.full_text, resumed.next_check_at) == ("active", "on", NOW)
    # Resumed, it is checked afresh: one more 410 alone does not retire it again.
    assert resumed.gone_since is None
    store.unsubscribe(source.source_id)
    assert store.find_source(FEED) is None
    with pytest.raises(NotFound):
        store.get_source(source.source_id)
