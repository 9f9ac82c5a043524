"""Sources, subscriptions and the entries already taken from each source, as functions on a connection.

A source is one fetched URL (a feed or a sitemap), however many people subscribe to it. The
database is the work queue (miniflux, healthchecks): ``due_source_ids`` is a query on
``next_check_at``, and ``claim_source`` is a conditional UPDATE of ``claimed_until`` that must hit
exactly one row, on SQLite and PostgreSQL alike, so two workers never poll one source at once and
a crashed worker's claim simply expires. ``record_poll`` writes a poll's articles, the entries it
took (``source_items``), the new validators and the next check in one transaction: a crash never
loses an entry (the validators were not saved, so the next poll reads it again) nor repeats one
(its item key was saved with it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import Connection, Table, and_, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from tidings.errors import NotFound
from tidings.model import Added, AddOutcome, Article
from tidings.store import articles as article_rows
from tidings.store.schema import article_urls, source_items, sources, subscriptions

__all__ = [
    "FullText",
    "NewItem",
    "PollFailure",
    "PollSuccess",
    "Source",
    "SourceHealth",
    "SourceKindName",
    "SourceState",
    "Subscribed",
    "Subscription",
]

SourceKindName = Literal["feed", "sitemap"]
SourceState = Literal["active", "paused", "retired"]
FullText = Literal["auto", "on", "off"]

MAX_URL_CHARS = 2048
MAX_ITEM_KEY_CHARS = 1024
MAX_ERROR_CHARS = 2000
# Articles per day are counted over this window; a week smooths out weekends.
RATE_WINDOW = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class Source:
    """A source as the store holds it."""

    source_id: int
    url: str
    locator: str
    kind: SourceKindName
    title: str | None
    site_url: str | None
    etag: str | None
    last_modified: str | None
    state: SourceState
    full_text: FullText
    feed_ttl_minutes: int | None
    created_at: datetime
    next_check_at: datetime
    last_checked_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    error_count: int
    failing_since: datetime | None
    moved_to: str | None
    moved_count: int


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """A source with the numbers ``tidings sources`` shows."""

    source: Source
    subscribers: int
    articles_per_day: float
    folder: str


@dataclass(frozen=True, slots=True)
class Subscription:
    """One user's subscription, as exported to OPML."""

    source: Source
    folder: str
    title: str | None


@dataclass(frozen=True, slots=True)
class Subscribed:
    """The outcome of subscribing: the source, and whether the store had it already."""

    source: Source
    new_source: bool
    new_subscription: bool


@dataclass(frozen=True, slots=True)
class NewItem:
    """An entry taken from a source on this poll; ``article`` is None when it was refused."""

    item_key: str
    published_at: datetime | None
    article: Article | None = None
    also_urls: tuple[str | None, ...] = ()


@dataclass(frozen=True, slots=True)
class PollSuccess:
    """What a successful (or not-modified) poll changes on its source."""

    checked_at: datetime
    next_check_at: datetime
    etag: str | None
    last_modified: str | None
    items: Sequence[NewItem] = ()
    title: str | None = None
    site_url: str | None = None
    feed_ttl_minutes: int | None = None
    moved_to: str | None = None
    moved_count: int = 0
    new_url: str | None = None


@dataclass(frozen=True, slots=True)
class PollFailure:
    """What a failed poll changes on its source."""

    checked_at: datetime
    next_check_at: datetime
    error: str
    state: SourceState
    failing_since: datetime


def _source(row: object) -> Source:
    mapping = row._mapping  # type: ignore[attr-defined]
    return Source(
        source_id=int(mapping["id"]),
        url=mapping["url"],
        locator=mapping["locator"],
        kind=mapping["kind"],
        title=mapping["title"],
        site_url=mapping["site_url"],
        etag=mapping["etag"],
        last_modified=mapping["last_modified"],
        state=mapping["state"],
        full_text=mapping["full_text"],
        feed_ttl_minutes=mapping["feed_ttl_minutes"],
        created_at=mapping["created_at"],
        next_check_at=mapping["next_check_at"],
        last_checked_at=mapping["last_checked_at"],
        last_success_at=mapping["last_success_at"],
        last_error=mapping["last_error"],
        last_error_at=mapping["last_error_at"],
        error_count=int(mapping["error_count"]),
        failing_since=mapping["failing_since"],
        moved_to=mapping["moved_to"],
        moved_count=int(mapping["moved_count"]),
    )


def _insert_ignoring_conflict(connection: Connection, table: Table, values: dict[str, object]) -> bool:
    """Insert unless a unique key already holds the row; True when a row was inserted.

    RETURNING tells the two cases apart on both databases (rowcount does not, on psycopg).
    """
    key = next(iter(table.primary_key.columns))
    if connection.dialect.name == "postgresql":
        statement = postgresql.insert(table).values(**values).on_conflict_do_nothing().returning(key)
        return connection.execute(statement).first() is not None
    lite = sqlite.insert(table).values(**values).on_conflict_do_nothing().returning(key)
    return connection.execute(lite).first() is not None


def get_source(connection: Connection, source_id: int) -> Source:
    row = connection.execute(select(sources).where(sources.c.id == source_id)).first()
    if row is None:
        raise NotFound("source", source_id)
    return _source(row)


def get_sources(connection: Connection, source_ids: Sequence[int]) -> list[Source]:
    """The sources with these ids, in the order given."""
    if not source_ids:
        return []
    rows = connection.execute(select(sources).where(sources.c.id.in_(list(source_ids)))).all()
    by_id = {int(row.id): _source(row) for row in rows}
    return [by_id[source_id] for source_id in source_ids if source_id in by_id]


def find_source(connection: Connection, url: str) -> Source | None:
    row = connection.execute(select(sources).where(sources.c.url == url[:MAX_URL_CHARS])).first()
    return _source(row) if row is not None else None


def subscribe(
    connection: Connection,
    url: str,
    *,
    kind: SourceKindName,
    now: datetime,
    user_key: str = "",
    folder: str = "",
    title: str | None = None,
    site_url: str | None = None,
    full_text: FullText = "auto",
) -> Subscribed:
    """Subscribe ``user_key`` to the source at ``url``, creating the source on first sight.

    A new source is due at once. Subscribing again to a retired source makes it active again.
    """
    url = url[:MAX_URL_CHARS]
    new_source = _insert_ignoring_conflict(
        connection,
        sources,
        {
            "url": url,
            "locator": url,
            "kind": kind,
            "title": title,
            "site_url": site_url,
            "full_text": full_text,
            "created_at": now,
            "next_check_at": now,
        },
    )
    source = find_source(connection, url)
    if source is None:  # pragma: no cover - the row was just inserted or already there
        raise NotFound("source", url)
    if not new_source and source.state != "active":
        connection.execute(
            update(sources)
            .where(sources.c.id == source.source_id)
            .values(state="active", next_check_at=now, error_count=0, failing_since=None)
        )
        source = get_source(connection, source.source_id)
    new_subscription = _insert_ignoring_conflict(
        connection,
        subscriptions,
        {
            "source_id": source.source_id,
            "user_key": user_key,
            "folder": folder[:255],
            "title": title,
            "created_at": now,
        },
    )
    return Subscribed(source=source, new_source=new_source, new_subscription=new_subscription)


def unsubscribe(connection: Connection, source_id: int, user_key: str = "") -> None:
    """Remove the subscription; a source nobody follows any more is deleted with its item list."""
    get_source(connection, source_id)
    connection.execute(
        delete(subscriptions).where(
            subscriptions.c.source_id == source_id, subscriptions.c.user_key == user_key
        )
    )
    left = connection.execute(
        select(func.count()).select_from(subscriptions).where(subscriptions.c.source_id == source_id)
    ).scalar_one()
    if left == 0:
        connection.execute(delete(sources).where(sources.c.id == source_id))


def set_options(
    connection: Connection,
    source_id: int,
    *,
    now: datetime,
    full_text: FullText | None = None,
    resume: bool = False,
) -> Source:
    """Change a source's full-text mode; ``resume`` makes a paused or retired source due now."""
    values: dict[str, object] = {}
    if full_text is not None:
        values["full_text"] = full_text
    if resume:
        values.update(state="active", next_check_at=now, error_count=0, failing_since=None)
    if values:
        result = connection.execute(update(sources).where(sources.c.id == source_id).values(**values))
        if result.rowcount != 1:
            raise NotFound("source", source_id)
    return get_source(connection, source_id)


def due_source_ids(connection: Connection, now: datetime, limit: int) -> list[int]:
    """Sources whose check is due and that no live claim holds, most overdue first."""
    rows = connection.execute(
        select(sources.c.id)
        .where(
            sources.c.state != "retired",
            sources.c.next_check_at <= now,
            or_(sources.c.claimed_until.is_(None), sources.c.claimed_until < now),
        )
        .order_by(sources.c.next_check_at, sources.c.id)
        .limit(limit)
    ).scalars()
    return [int(source_id) for source_id in rows]


def next_due_at(connection: Connection) -> datetime | None:
    """When the next source that is not retired falls due (None when there are none)."""
    found: datetime | None = connection.execute(
        select(func.min(sources.c.next_check_at)).where(sources.c.state != "retired")
    ).scalar()
    return found


def claim_source(connection: Connection, source_id: int, now: datetime, lease: timedelta) -> bool:
    """Claim a due source until ``now + lease``; True only when this UPDATE hit its one row."""
    result = connection.execute(
        update(sources)
        .where(
            sources.c.id == source_id,
            sources.c.state != "retired",
            sources.c.next_check_at <= now,
            or_(sources.c.claimed_until.is_(None), sources.c.claimed_until < now),
        )
        .values(claimed_until=now + lease)
    )
    return result.rowcount == 1


def claim_now(connection: Connection, source_id: int, now: datetime, lease: timedelta) -> bool:
    """Claim a source whether or not it is due (a manual refresh); False while a worker holds it."""
    result = connection.execute(
        update(sources)
        .where(
            sources.c.id == source_id,
            or_(sources.c.claimed_until.is_(None), sources.c.claimed_until < now),
        )
        .values(claimed_until=now + lease)
    )
    return result.rowcount == 1


def known_item_keys(connection: Connection, source_id: int, item_keys: Iterable[str]) -> set[str]:
    """Which of ``item_keys`` this source has yielded before."""
    wanted = list({key[:MAX_ITEM_KEY_CHARS] for key in item_keys})
    known: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        known.update(
            connection.execute(
                select(source_items.c.item_key).where(
                    source_items.c.source_id == source_id, source_items.c.item_key.in_(chunk)
                )
            ).scalars()
        )
    return known


def known_urls(connection: Connection, urls: Iterable[str]) -> set[str]:
    """Which of ``urls`` an article is already stored under (any source)."""
    wanted = [url for url in set(urls) if len(url) <= article_rows.MAX_URL_CHARS]
    known: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        known.update(
            connection.execute(select(article_urls.c.url).where(article_urls.c.url.in_(chunk))).scalars()
        )
    return known


def recent_publication_times(connection: Connection, source_id: int, since: datetime) -> list[datetime]:
    """When this source's entries seen since ``since`` were published (else first seen)."""
    rows = connection.execute(
        select(source_items.c.published_at, source_items.c.seen_at).where(
            source_items.c.source_id == source_id, source_items.c.seen_at >= since
        )
    ).all()
    return [published or seen for published, seen in rows]


def publication_times(
    connection: Connection, source_ids: Sequence[int], since: datetime
) -> dict[int, list[datetime]]:
    """``recent_publication_times`` for many sources in one query (a claimed batch)."""
    times: dict[int, list[datetime]] = {source_id: [] for source_id in source_ids}
    if not source_ids:
        return times
    rows = connection.execute(
        select(source_items.c.source_id, source_items.c.published_at, source_items.c.seen_at).where(
            source_items.c.source_id.in_(list(source_ids)), source_items.c.seen_at >= since
        )
    ).all()
    for source_id, published, seen in rows:
        times[int(source_id)].append(published or seen)
    return times


def _add_item(connection: Connection, source_id: int, item: NewItem, now: datetime) -> AddOutcome | None:
    outcome: AddOutcome | None = None
    if item.article is not None:
        existing = article_rows.find_existing(connection, item.article, item.also_urls)
        if existing is not None:
            article_rows.record_urls(connection, existing.article_id, [item.article.url, *item.also_urls])
            article_rows.record_source(
                connection, existing.article_id, item.article.provenance, item.article.fetched_at
            )
            outcome = existing
        else:
            outcome = article_rows.insert_article(connection, item.article, item.also_urls)
    _insert_ignoring_conflict(
        connection,
        source_items,
        {
            "source_id": source_id,
            "item_key": item.item_key[:MAX_ITEM_KEY_CHARS],
            "seen_at": now,
            "published_at": item.published_at,
            "article_id": outcome.article_id if outcome is not None else None,
        },
    )
    return outcome


def _move(connection: Connection, source: Source, new_url: str) -> bool:
    """Point the source at ``new_url``; if another source has it, hand subscriptions over and retire."""
    other = find_source(connection, new_url)
    if other is not None and other.source_id == source.source_id:
        return False
    if other is None:
        connection.execute(
            update(sources).where(sources.c.id == source.source_id).values(url=new_url[:MAX_URL_CHARS])
        )
        return True
    for user_key, folder, title, created_at in connection.execute(
        select(
            subscriptions.c.user_key,
            subscriptions.c.folder,
            subscriptions.c.title,
            subscriptions.c.created_at,
        ).where(subscriptions.c.source_id == source.source_id)
    ).all():
        _insert_ignoring_conflict(
            connection,
            subscriptions,
            {
                "source_id": other.source_id,
                "user_key": user_key,
                "folder": folder,
                "title": title,
                "created_at": created_at,
            },
        )
    connection.execute(delete(subscriptions).where(subscriptions.c.source_id == source.source_id))
    connection.execute(
        update(sources)
        .where(sources.c.id == source.source_id)
        .values(state="retired", last_error=f"moved to {new_url}, which is source {other.source_id}")
    )
    return False


def record_poll(
    connection: Connection, source_id: int, poll: PollSuccess
) -> list[tuple[NewItem, AddOutcome | None]]:
    """Keep a successful poll: its items and articles, the validators, the schedule; one transaction."""
    outcomes = [(item, _add_item(connection, source_id, item, poll.checked_at)) for item in poll.items]
    values: dict[str, object] = {
        "etag": poll.etag[:1024] if poll.etag else None,
        "last_modified": poll.last_modified[:255] if poll.last_modified else None,
        "next_check_at": poll.next_check_at,
        "claimed_until": None,
        "last_checked_at": poll.checked_at,
        "last_success_at": poll.checked_at,
        "error_count": 0,
        "failing_since": None,
        "moved_to": poll.moved_to[:MAX_URL_CHARS] if poll.moved_to else None,
        "moved_count": poll.moved_count,
        "state": "active",
    }
    if poll.title:
        values["title"] = poll.title
    if poll.site_url:
        values["site_url"] = poll.site_url
    if poll.feed_ttl_minutes is not None:
        values["feed_ttl_minutes"] = poll.feed_ttl_minutes
    result = connection.execute(update(sources).where(sources.c.id == source_id).values(**values))
    if result.rowcount != 1:
        raise NotFound("source", source_id)
    if poll.new_url and _move(connection, get_source(connection, source_id), poll.new_url):
        connection.execute(
            update(sources).where(sources.c.id == source_id).values(moved_to=None, moved_count=0)
        )
    return outcomes


def record_failure(connection: Connection, source_id: int, failure: PollFailure) -> Source:
    """Keep a failed poll: the error, the count, the state (paused, retired) and the next check."""
    connection.execute(
        update(sources)
        .where(sources.c.id == source_id)
        .values(
            last_error=failure.error[:MAX_ERROR_CHARS],
            last_error_at=failure.checked_at,
            last_checked_at=failure.checked_at,
            error_count=sources.c.error_count + 1,
            failing_since=failure.failing_since,
            state=failure.state,
            next_check_at=failure.next_check_at,
            claimed_until=None,
        )
    )
    return get_source(connection, source_id)


def release_claim(connection: Connection, source_id: int) -> None:
    connection.execute(update(sources).where(sources.c.id == source_id).values(claimed_until=None))


def list_health(connection: Connection, now: datetime, user_key: str | None = "") -> list[SourceHealth]:
    """Every source (``user_key``'s, or all when None) with subscribers and articles per day."""
    subscriber_count = (
        select(subscriptions.c.source_id, func.count().label("n"))
        .group_by(subscriptions.c.source_id)
        .subquery()
    )
    recent = (
        select(source_items.c.source_id, func.count().label("n"))
        .where(source_items.c.seen_at >= now - RATE_WINDOW, source_items.c.article_id.is_not(None))
        .group_by(source_items.c.source_id)
        .subquery()
    )
    query = (
        select(
            sources,
            func.coalesce(subscriber_count.c.n, 0).label("subscribers"),
            func.coalesce(recent.c.n, 0).label("recent_articles"),
        )
        .outerjoin(subscriber_count, subscriber_count.c.source_id == sources.c.id)
        .outerjoin(recent, recent.c.source_id == sources.c.id)
        .order_by(sources.c.id)
    )
    folders: dict[int, str] = {}
    if user_key is not None:
        mine = connection.execute(
            select(subscriptions.c.source_id, subscriptions.c.folder).where(
                subscriptions.c.user_key == user_key
            )
        ).all()
        folders = {int(source_id): folder for source_id, folder in mine}
        query = query.where(sources.c.id.in_(list(folders)))
    health = []
    for row in connection.execute(query).all():
        source = _source(row)
        health.append(
            SourceHealth(
                source=source,
                subscribers=int(row.subscribers),
                articles_per_day=int(row.recent_articles) / RATE_WINDOW.days,
                folder=folders.get(source.source_id, ""),
            )
        )
    return health


def list_subscriptions(connection: Connection, user_key: str = "") -> list[Subscription]:
    """``user_key``'s subscriptions, by folder then title, for OPML export."""
    rows = connection.execute(
        select(sources, subscriptions.c.folder.label("sub_folder"), subscriptions.c.title.label("sub_title"))
        .join(
            subscriptions,
            and_(subscriptions.c.source_id == sources.c.id, subscriptions.c.user_key == user_key),
        )
        .order_by(
            subscriptions.c.folder, func.coalesce(subscriptions.c.title, sources.c.title, sources.c.url)
        )
    ).all()
    return [Subscription(source=_source(row), folder=row.sub_folder, title=row.sub_title) for row in rows]


def added_article_ids(outcomes: Sequence[tuple[NewItem, AddOutcome | None]]) -> list[tuple[int, Article]]:
    """The articles a poll stored for the first time, for the stories stage to place."""
    return [
        (outcome.article_id, item.article)
        for item, outcome in outcomes
        if isinstance(outcome, Added) and item.article is not None
    ]
