"""Sources and subscriptions, as functions on a connection, and the types the store returns for them.

A source is one fetched URL (a feed or a sitemap), however many people subscribe to it; a
subscription is one user following it, in a folder. Polling (the due queue, claims, items and
polls kept) is in ``store/polls.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import Connection, Table, and_, case, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from tidings.errors import InputError, NotFound
from tidings.model import Article
from tidings.store.schema import source_items, sources, subscriptions
from tidings.urls import display_url, equivalent_addresses, feed_address, without_credentials

__all__ = [
    "MAX_ERROR_CHARS",
    "MAX_ITEM_KEY_CHARS",
    "MAX_URL_CHARS",
    "FullText",
    "KnownEntry",
    "NewItem",
    "PageWant",
    "PollFailure",
    "PollSuccess",
    "Source",
    "SourceHealth",
    "SourceKindName",
    "SourceState",
    "Subscribed",
    "Subscription",
    "WantedPage",
    "find_followed",
    "find_source",
    "get_source",
    "get_sources",
    "has_credentials",
    "insert_ignoring_conflict",
    "list_health",
    "list_subscriptions",
    "refuse_long_address",
    "revive_source",
    "set_options",
    "subscribe",
    "unsubscribe",
]

SourceKindName = Literal["feed", "sitemap"]
SourceState = Literal["active", "paused", "retired"]
FullText = Literal["auto", "on", "off"]

# A source's address is kept whole or not at all: cut short, it would be another address, and
# the source would fetch a page nobody subscribed to (``refuse_long_address``).
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
    # Until when a worker holds the source (``polls.claim_source``), as read; the holder hands the
    # claim back with this value, so that a late release cannot free a later worker's claim.
    claimed_until: datetime | None = None
    # The first HTTP 410 of the 410s the source has answered on its last checks in a row.
    gone_since: datetime | None = None
    # Where the last poll was answered from, when a temporary redirect led away from ``url``.
    fetched_url: str | None = None


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
class PageWant:
    """What an entry kept as a teaser still wants: its linked page at ``url``, tried again from
    ``due_at`` (None: no more tries, fetched or given up), after ``attempts`` failed tries, the
    last for ``error``. ``title`` is the entry's feed title, which the page is read with on a
    later poll as on the first (the page's headline line, worded otherwise, is left out of its
    text). ``corrects``: the page is a corrected entry's (its words changed, and its page fetched
    again for them failed), to be applied as the entry's correction once had
    (``store.articles.correct_article``), not as a teaser completed."""

    url: str
    due_at: datetime | None
    attempts: int = 0
    error: str | None = None
    title: str | None = None
    corrects: bool = False


@dataclass(frozen=True, slots=True)
class NewItem:
    """An entry taken from a source on this poll; ``article`` is None when it was refused.

    ``page`` is set when the entry's linked page is (still) wanted or has just been settled: the
    store keeps it on the entry's row. ``retry`` marks an entry taken on an earlier poll whose page
    this poll tried again: it is no new entry (nor a refused one) if its page failed again.

    ``entry_hash`` is the fingerprint of the entry's words, kept on its row (``KnownEntry``).
    ``correction`` marks an entry taken on an earlier poll whose words changed since:
    ``"text"``, its ``article`` is to update the stored one, title and text
    (``store.articles.correct_article``, which keeps what a correction must not change);
    ``"title"``, the title only (the stored text is the entry's page's, which this poll could
    not fetch again), and the text while the stored one is still the entry's teaser;
    ``"fingerprint"``, only the fingerprint is kept (an entry taken before fingerprints were);
    ``"standfirst"``, the entry is unchanged and its ``article`` only gives the stored one the
    standfirst it lacks (``KnownEntry.lacks_standfirst``), nothing else of it or of the entry's
    row changing. A correction is no new entry, nor a refused one. ``entry_only``, where a correction's
    ``article`` is the entry's page fetched again, is the entry's own correction (``"title"``):
    the store applies it instead when the page proves to be another stored article (a redirect
    to it, its canonical address), whose text is not this one's. A correction with ``retry`` is
    a corrected entry's page that failed when the entry changed, had on a later poll
    (``PageWant.corrects``): it corrects the text, not the article's title, and leaves the
    entry's fingerprint as it is. A correction's ``page`` is kept too: the page it failed to have
    is wanted again, one had is wanted no more; a correction (not ``retry``) without one cancels
    a correction's page still wanted. ``again`` marks an entry
    refused on an earlier poll whose words changed since, read as if new: its row takes its
    article (or stays refused), its new fingerprint, and what it wants of its page now.
    """

    item_key: str
    published_at: datetime | None
    article: Article | None = None
    also_urls: tuple[str | None, ...] = ()
    page: PageWant | None = None
    retry: bool = False
    entry_hash: str | None = None
    correction: Literal["text", "title", "fingerprint", "standfirst"] | None = None
    entry_only: NewItem | None = None
    again: bool = False


@dataclass(frozen=True, slots=True)
class KnownEntry:
    """An entry a source has taken before (``Store.known_entries``): the fingerprint of its words
    when last read (None: taken before fingerprints were kept), and whether the article it was
    kept as was stored from this entry (``supplies_text``), the one entry whose corrections apply
    to it; an entry found to be an article stored another way (another feed's entry linking the
    same page, a page added by hand) does not change that article. ``refused``: it was kept
    without an article (refused when last read, or its article deleted since).
    ``lacks_standfirst``: its article has no standfirst (stored before they were kept, migration
    0034, or its summary was none then), which the entry read again may give
    (``store.articles.add_missing_standfirst``)."""

    item_key: str
    entry_hash: str | None
    supplies_text: bool
    refused: bool = False
    lacks_standfirst: bool = False


@dataclass(frozen=True, slots=True)
class WantedPage:
    """A teaser entry of a source whose page is due to be fetched (``Store.due_pages``)."""

    item_key: str
    article_id: int | None
    published_at: datetime | None
    want: PageWant


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
    # The final address of the answer when a temporary redirect led away from the source's URL
    # (``Source.fetched_url``); None when the answer came from the URL itself.
    fetched_url: str | None = None
    # The claim the poll was made under (``Source.claimed_until``): recording it hands that claim
    # back, and no later worker's.
    claimed_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class PollFailure:
    """What a failed poll changes on its source."""

    checked_at: datetime
    next_check_at: datetime
    error: str
    state: SourceState
    failing_since: datetime
    # The first 410 of a run of 410s (``Source.gone_since``); None for any other failure.
    gone_since: datetime | None = None
    # The claim the poll was made under, as in ``PollSuccess``.
    claimed_until: datetime | None = None


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
        claimed_until=mapping["claimed_until"],
        gone_since=mapping["gone_since"],
        fetched_url=mapping["fetched_url"],
    )


def insert_ignoring_conflict(connection: Connection, table: Table, values: dict[str, object]) -> bool:
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


def refuse_long_address(url: str) -> None:
    """Raise ``InputError`` for a feed address over ``MAX_URL_CHARS``, which the store cannot keep
    whole (the message shows its start, not thousands of characters)."""
    if len(url) > MAX_URL_CHARS:
        # Masked before it is cut: a cut inside a password leaves no "@" to find it by.
        raise InputError(
            f"{display_url(url)[:80]}…",
            f"the address is {len(url):,} characters long; Tidings follows feed addresses of at most "
            f"{MAX_URL_CHARS:,} characters",
        )


def find_source(connection: Connection, url: str) -> Source | None:
    if len(url) > MAX_URL_CHARS:
        # No source holds an address this long; its first characters are another address.
        return None
    row = connection.execute(select(sources).where(sources.c.url == url)).first()
    return _source(row) if row is not None else None


def find_followed(connection: Connection, url: str) -> Source | None:
    """The source, not retired, that ``url`` (an address as subscriptions are stored:
    ``urls.feed_address``) stands for: the one at that address, else at one of its equivalent
    forms (http or https, with or without ``www.`` or a closing slash:
    ``urls.equivalent_addresses``), else the one whose last poll a temporary redirect led to it
    (``Source.fetched_url``). None when no source is; subscribing then has to fetch the address.
    A retired source is not one followed: subscribing to its address again fetches it.

    A private feed (an address with a user name or password) is never found by where it was
    redirected to: the public address it led to is no way to its login, and a subscriber found
    that way would be subscribed to, and export, the feed's address with its password."""
    if len(url) > MAX_URL_CHARS:
        return None
    # A form over the cap is no stored address; cut short, it would match another source.
    forms = [form for form in equivalent_addresses(url) if len(form) <= MAX_URL_CHARS]
    exact = url
    rows = connection.execute(
        select(sources)
        .where(
            sources.c.state != "retired",
            or_(sources.c.url.in_(forms), sources.c.fetched_url.in_(forms)),
        )
        # The address as given first, then another form of it, then a redirect's target.
        .order_by(
            case((sources.c.url == exact, 0), (sources.c.url.in_(forms), 1), else_=2),
            sources.c.id,
        )
    ).all()
    for row in rows:
        source = _source(row)
        if source.url in forms or not has_credentials(source.url):
            return source
    return None


def has_credentials(url: str) -> bool:
    """Whether ``url`` carries a user name or password (a private feed's address)."""
    return without_credentials(url) != url


def kept_fetched_address(own_url: str, fetched_url: str | None) -> str | None:
    """Where a temporary redirect led a fetch of the source at ``own_url``, as
    ``Source.fetched_url`` keeps it: in the form ``find_followed`` looks addresses up by
    (``urls.feed_address``: a FeedBurner-style ``feed.xml?utm_source=rss`` is ``feed.xml``), None
    when that is the source's own address. Never for a private feed (an address with a user name
    or password): a subscriber to the public address it leads to must not be handed its login,
    and a relative ``Location`` would carry the login into the address kept."""
    if not fetched_url or has_credentials(own_url):
        return None
    address = without_credentials(feed_address(fetched_url))
    if len(address) > MAX_URL_CHARS:
        # Cut short, it would lead subscribers of another address to this source.
        return None
    return address if address != own_url else None


def revive_source(connection: Connection, source_id: int, *, now: datetime) -> None:
    """Make a paused or retired source active and due at ``now``, checked afresh: its failures
    and the 410s that retired it forgotten (a later 410 alone does not retire it again)."""
    connection.execute(
        update(sources)
        .where(sources.c.id == source_id)
        .values(state="active", next_check_at=now, error_count=0, failing_since=None, gone_since=None)
    )


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
    fetched_url: str | None = None,
) -> Subscribed:
    """Subscribe ``user_key`` to the source at ``url``, creating the source on first sight.

    ``fetched_url`` is where subscribing's own fetch of ``url`` was answered from through a
    temporary redirect: a new source keeps it (``kept_fetched_address``), so that subscribing to
    that address before the source's first poll finds it (``find_followed``), not a second source.

    A new source is due at once. Subscribing to a retired source makes it active again, due at
    once (``revive_source``): nothing else would ever check it. A source in use, active or paused,
    is left as it is: its back-off, ``Retry-After`` and pause are the server's answers to every
    subscriber, not reset by one more (``tidings sources set ID --resume`` checks it now).
    An address over ``MAX_URL_CHARS`` raises ``InputError`` (``refuse_long_address``).
    """
    refuse_long_address(url)
    new_source = insert_ignoring_conflict(
        connection,
        sources,
        {
            "url": url,
            "locator": url,
            "kind": kind,
            "title": title,
            # A private feed's credentials stay on its own address: its site is stored without.
            "site_url": site_url and without_credentials(site_url),
            "full_text": full_text,
            "created_at": now,
            "next_check_at": now,
            "fetched_url": kept_fetched_address(url, fetched_url),
        },
    )
    source = find_source(connection, url)
    if source is None:  # pragma: no cover - the row was just inserted or already there
        raise NotFound("source", url)
    if not new_source and source.state == "retired":
        revive_source(connection, source.source_id, now=now)
        source = get_source(connection, source.source_id)
    new_subscription = insert_ignoring_conflict(
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
        values.update(state="active", next_check_at=now, error_count=0, failing_since=None, gone_since=None)
    if values:
        result = connection.execute(update(sources).where(sources.c.id == source_id).values(**values))
        if result.rowcount != 1:
            raise NotFound("source", source_id)
    return get_source(connection, source_id)


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
