"""The polling side of sources: the due queue and its claims, items already taken, and polls kept.

The database is the work queue (miniflux, healthchecks): ``due_source_ids`` is a query on
``next_check_at``, and ``claim_source`` is a conditional UPDATE of ``claimed_until`` that must hit
exactly one row, on SQLite and PostgreSQL alike, so two workers never poll one source at once and
a crashed worker's claim simply expires. ``release_claim`` hands back only the claim whose
``claimed_until`` the releasing worker holds, never a later worker's, and so does
recording a poll (``PollSuccess.claimed_until``). ``record_poll`` writes a
poll's articles, the entries it took (``source_items``), the new validators and the next check in
one transaction: a crash never loses an entry (the validators were not saved, so the next poll
reads it again) nor repeats one (its item key was saved with it).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Connection, and_, case, delete, func, or_, select, update

from tidings.errors import NotFound
from tidings.model import AddOutcome, AlreadyHad
from tidings.store import articles as article_rows
from tidings.store.schema import article_urls, articles, source_items, sources, subscriptions
from tidings.store.sources import (
    MAX_ERROR_CHARS,
    MAX_ITEM_KEY_CHARS,
    MAX_URL_CHARS,
    KnownEntry,
    NewItem,
    PageWant,
    PollFailure,
    PollSuccess,
    Source,
    SourceKindName,
    WantedPage,
    find_source,
    get_source,
    insert_ignoring_conflict,
    kept_fetched_address,
    revive_source,
)
from tidings.urls import display_url, equivalent_addresses, without_credentials

__all__ = [
    "claim_now",
    "claim_source",
    "due_pages",
    "due_source_ids",
    "known_entries",
    "known_item_keys",
    "known_urls",
    "next_due_at",
    "publication_times",
    "recent_publication_times",
    "record_failure",
    "record_poll",
    "record_quiet_polls",
    "release_claim",
    "resolve_source",
]

log = logging.getLogger(__name__)


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


def known_entries(
    connection: Connection, source_id: int, locator: str, item_keys: Iterable[str]
) -> dict[str, KnownEntry]:
    """Which of ``item_keys`` this source has taken before, by key: the fingerprint of each
    entry's words when last read, and whether it supplied its article (``KnownEntry``): the
    article's first source (``article_sources``, in the order they were recorded) is this very
    entry of this feed (``locator``, the source's identity in provenance), or whether it has no
    article (``KnownEntry.refused``), and whether that article lacks a standfirst."""
    wanted = list({key[:MAX_ITEM_KEY_CHARS] for key in item_keys})
    rows: list[tuple[str, str | None, int | None, bool]] = []
    lacks_standfirst = and_(articles.c.id.is_not(None), articles.c.standfirst.is_(None))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows.extend(
            (row.item_key, row.entry_hash, row.article_id, bool(row.lacks_standfirst))
            for row in connection.execute(
                select(
                    source_items.c.item_key,
                    source_items.c.entry_hash,
                    source_items.c.article_id,
                    lacks_standfirst.label("lacks_standfirst"),
                )
                .outerjoin(articles, articles.c.id == source_items.c.article_id)
                .where(source_items.c.source_id == source_id, source_items.c.item_key.in_(chunk))
            )
        )
    firsts = article_rows.first_sources(
        connection, [article_id for _key, _hash, article_id, _lacks in rows if article_id]
    )
    feed = locator[:MAX_URL_CHARS]
    return {
        key: KnownEntry(
            key,
            entry_hash,
            article_id is not None
            and firsts.get(article_id) == ("feed", feed, key[: article_rows.MAX_ENTRY_KEY_CHARS]),
            refused=article_id is None,
            lacks_standfirst=lacks,
        )
        for key, entry_hash, article_id, lacks in rows
    }


def known_urls(connection: Connection, urls: Iterable[str]) -> set[str]:
    """Which of ``urls`` an article is already stored under (any source), in any of its
    equivalent forms (http or https, with or without ``www.`` or a closing ``/``:
    ``urls.equivalent_addresses``)."""
    asked_by_form: dict[str, set[str]] = {}
    for url in set(urls):
        for form in equivalent_addresses(url):
            if len(form) <= article_rows.MAX_URL_CHARS:
                asked_by_form.setdefault(form, set()).add(url)
    wanted = list(asked_by_form)
    known: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for found in connection.execute(
            select(article_urls.c.url).where(article_urls.c.url.in_(chunk))
        ).scalars():
            known.update(asked_by_form[found])
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
    if item.correction == "standfirst":
        return _add_standfirst(connection, source_id, item)
    if item.correction is not None:
        return _correct_item(connection, source_id, item)
    outcome: AddOutcome | None = None
    if item.article is not None:
        outcome = article_rows.keep_article(connection, item.article, item.also_urls)
    key = item.item_key[:MAX_ITEM_KEY_CHARS]
    article_id = outcome.article_id if outcome is not None else None
    if item.again:
        # Refused before and read again: its row stays (when it was first seen), and takes what
        # the entry is now, its page's state too: a page the refused entry wanted then is not
        # what it wants now (its page fetched this poll, or none needed), and a stale want on a
        # row that now has an article would have its page fetched again for nothing. What it
        # wants now, if anything, is set below.
        connection.execute(
            update(source_items)
            .where(source_items.c.source_id == source_id, source_items.c.item_key == key)
            .values(
                article_id=article_id,
                entry_hash=item.entry_hash,
                page_url=None,
                page_due_at=None,
                page_attempts=0,
                page_error=None,
                page_title=None,
                page_corrects=False,
            )
        )
    else:
        insert_ignoring_conflict(
            connection,
            source_items,
            {
                "source_id": source_id,
                "item_key": key,
                "seen_at": now,
                "published_at": item.published_at,
                "article_id": article_id,
                "entry_hash": item.entry_hash,
            },
        )
    if item.page is not None and not _kept_as_anothers(item, outcome):
        _want_page(connection, source_id, key, item.page)
    return outcome


def _want_page(connection: Connection, source_id: int, key: str, page: PageWant) -> None:
    """Keep what the entry ``key`` wants of its page now (``PageWant``) on its row. A page whose
    address is over ``MAX_URL_CHARS`` is given up: cut short, the address kept would be fetched
    as another page, whose text would complete this entry."""
    fits = len(page.url) <= MAX_URL_CHARS
    too_long = f"the page's address is {len(page.url):,} characters long, over the {MAX_URL_CHARS:,} kept"
    connection.execute(
        update(source_items)
        .where(source_items.c.source_id == source_id, source_items.c.item_key == key)
        .values(
            page_url=page.url if fits else None,
            page_due_at=page.due_at if fits else None,
            page_attempts=page.attempts,
            page_error=(page.error[:MAX_ERROR_CHARS] if page.error else None) if fits else too_long,
            page_title=page.title,
            page_corrects=page.corrects,
        )
    )


def _add_standfirst(connection: Connection, source_id: int, item: NewItem) -> AddOutcome | None:
    """Give the article an unchanged entry supplied the standfirst it lacks, from the entry read
    again (``NewItem.correction``: "standfirst"), by the one rule every way in takes it by
    (``articles.add_missing_standfirst``); the article, or None when the entry has none (its
    article deleted since). The entry's row stays as it is: its words, and so its fingerprint and
    what it wants of its page, did not change."""
    key = item.item_key[:MAX_ITEM_KEY_CHARS]
    article_id = connection.execute(
        select(source_items.c.article_id).where(
            source_items.c.source_id == source_id, source_items.c.item_key == key
        )
    ).scalar()
    if article_id is None or item.article is None:
        return None
    added = article_rows.add_missing_standfirst(connection, int(article_id), item.article)
    return AlreadyHad(int(article_id), via="feed_entry", standfirst_added=added)


def _correct_item(connection: Connection, source_id: int, item: NewItem) -> AddOutcome | None:
    """Keep the new fingerprint of a known entry whose words changed, and apply its correction to
    the article it supplied (``articles.correct_article``, which decides what may change); the
    article, or None when there is none (the entry was refused, its article deleted). A page
    fetched again for the correction that proves to be another stored article (it redirects
    there, or names it as its canonical address: ``articles.held_by_another``) gives no text:
    the entry's own correction is applied instead (``NewItem.entry_only``), as where the page
    failed, as a new entry's page found stored is that article (``articles.keep_article``).

    What the entry wants of its page is kept with it (``NewItem.page``): a correction's page that
    failed is tried again on later polls, and one had wants nothing more. A correction's page
    had on such a later poll (``NewItem.retry``) leaves the entry's fingerprint as it is: the
    poll did not read the entry. A later correction that wants no page (the entry gives its
    full text now, or links no page) cancels a correction's page still wanted: that page was
    wanted for words the feed has corrected since, and had later it would put them back."""
    key = item.item_key[:MAX_ITEM_KEY_CHARS]
    where = (source_items.c.source_id == source_id, source_items.c.item_key == key)
    article_id = connection.execute(select(source_items.c.article_id).where(*where)).scalar()
    if not item.retry:
        connection.execute(update(source_items).where(*where).values(entry_hash=item.entry_hash))
    if item.page is not None:
        _want_page(connection, source_id, key, item.page)
    elif not item.retry:
        connection.execute(
            update(source_items)
            .where(*where, source_items.c.page_corrects.is_(True))
            .values(page_due_at=None, page_corrects=False)
        )
    if article_id is None or item.article is None or item.correction == "fingerprint":
        return None
    if item.entry_only is not None:
        other = article_rows.held_by_another(connection, int(article_id), [item.article.url, *item.also_urls])
        if other is not None:
            log.info(
                "article %s: the page of its corrected entry %s is article %s (a redirect, or its "
                "canonical address); the entry's own correction is taken, not that article's text",
                article_id,
                display_url(item.item_key),
                other,
            )
            return _correct_item(connection, source_id, item.entry_only)
    # A correction's page had on a later poll corrects the text only: the entry's own correction
    # gave the title when it changed, and the article may have taken a later one since.
    updated = article_rows.correct_article(
        connection,
        int(article_id),
        item.article,
        item.also_urls,
        with_text=item.correction == "text",
        keep_title=item.retry,
    )
    return AlreadyHad(int(article_id), via="feed_entry", updated=updated)


def _kept_as_anothers(item: NewItem, outcome: AddOutcome | None) -> bool:
    """Whether a new entry was found to be an article stored by its address (another entry of
    the poll linking the one page, as a live blog's do, or a page stored before): that article's
    page is left to the entry that stored it, so that one page is not fetched for each."""
    return not item.retry and isinstance(outcome, AlreadyHad) and outcome.via == "url"


def due_pages(connection: Connection, source_id: int, now: datetime, limit: int) -> list[WantedPage]:
    """The source's teaser entries whose page is due to be tried (``PageWant``), longest due first;
    an entry whose article was deleted meanwhile wants nothing."""
    rows = connection.execute(
        select(
            source_items.c.item_key,
            source_items.c.article_id,
            source_items.c.published_at,
            source_items.c.page_url,
            source_items.c.page_due_at,
            source_items.c.page_attempts,
            source_items.c.page_error,
            source_items.c.page_title,
            source_items.c.page_corrects,
        )
        .where(
            source_items.c.source_id == source_id,
            source_items.c.page_due_at <= now,
            source_items.c.article_id.is_not(None),
            source_items.c.page_url.is_not(None),
        )
        .order_by(source_items.c.page_due_at, source_items.c.item_key)
        .limit(limit)
    ).all()
    return [
        WantedPage(
            item_key=row.item_key,
            article_id=row.article_id,
            published_at=row.published_at,
            want=PageWant(
                row.page_url,
                row.page_due_at,
                row.page_attempts,
                row.page_error,
                title=row.page_title,
                corrects=bool(row.page_corrects),
            ),
        )
        for row in rows
    ]


def _move(connection: Connection, source: Source, new_url: str, *, now: datetime) -> bool:
    """Point the source at ``new_url``; if another source has it, hand subscriptions over and retire.

    A retired source at ``new_url`` is made active again, due at ``now``, as subscribing to it
    makes it (``sources.subscribe``): the subscribers handed to it would follow a source never
    checked."""
    other = find_source(connection, new_url)
    if other is not None and other.source_id == source.source_id:
        return False
    if other is None:
        if len(new_url) > MAX_URL_CHARS:
            # Kept cut short, it would be another address; the source stays where it answers.
            return False
        connection.execute(update(sources).where(sources.c.id == source.source_id).values(url=new_url))
        return True
    for user_key, folder, title, created_at in connection.execute(
        select(
            subscriptions.c.user_key,
            subscriptions.c.folder,
            subscriptions.c.title,
            subscriptions.c.created_at,
        ).where(subscriptions.c.source_id == source.source_id)
    ).all():
        insert_ignoring_conflict(
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
    if other.state == "retired":
        revive_source(connection, other.source_id, now=now)
    connection.execute(
        update(sources)
        .where(sources.c.id == source.source_id)
        .values(
            state="retired",
            last_error=f"moved to {display_url(new_url)}, which is source {other.source_id}",
        )
    )
    return False


def resolve_source(
    connection: Connection,
    source_id: int,
    *,
    kind: SourceKindName,
    url: str,
    now: datetime,
    title: str | None = None,
    site_url: str | None = None,
) -> Source:
    """Make a source what its address proved to be on its first poll (``jobs.resolve``) at
    ``now``: a sitemap, or the feed a page links, at ``url``. Where another source already has
    ``url``, its subscribers are handed to it (made active again if it was retired) and this
    source is retired (as a confirmed move: ``_move``); the source is returned as it is now.
    Its ``locator`` (its identity in provenance) stays."""
    source = get_source(connection, source_id)
    values: dict[str, object] = {"kind": kind}
    if title and not source.title:
        values["title"] = title
    if site_url and not source.site_url:
        values["site_url"] = without_credentials(site_url)
    connection.execute(update(sources).where(sources.c.id == source_id).values(**values))
    if url != source.url:
        _move(connection, get_source(connection, source_id), url, now=now)
    return get_source(connection, source_id)


def _fetched_address(connection: Connection, source_id: int, fetched_url: str | None) -> str | None:
    """Where a temporary redirect led the source's poll (``sources.kept_fetched_address``)."""
    if not fetched_url:
        return None
    own_url = connection.execute(select(sources.c.url).where(sources.c.id == source_id)).scalar_one_or_none()
    return kept_fetched_address(own_url, fetched_url) if own_url is not None else None


def record_poll(
    connection: Connection, source_id: int, poll: PollSuccess
) -> list[tuple[NewItem, AddOutcome | None]]:
    """Keep a successful poll: its items and articles, the validators, the schedule; one transaction."""
    outcomes = [(item, _add_item(connection, source_id, item, poll.checked_at)) for item in poll.items]
    # A move to an address too long to keep is never confirmed (``_move`` would not make it).
    move_kept = poll.moved_to is not None and len(poll.moved_to) <= MAX_URL_CHARS
    values: dict[str, object] = {
        "etag": poll.etag[:1024] if poll.etag else None,
        "last_modified": poll.last_modified[:255] if poll.last_modified else None,
        "next_check_at": poll.next_check_at,
        "claimed_until": _claim_handed_back(poll.claimed_until),
        "last_checked_at": poll.checked_at,
        "last_success_at": poll.checked_at,
        "error_count": 0,
        "failing_since": None,
        "gone_since": None,
        "moved_to": poll.moved_to if move_kept else None,
        "moved_count": poll.moved_count if move_kept else 0,
        "fetched_url": _fetched_address(connection, source_id, poll.fetched_url),
        "state": "active",
    }
    if poll.title:
        values["title"] = poll.title
    if poll.site_url:
        # Resolved against a private feed's address, a relative link carries its credentials.
        values["site_url"] = without_credentials(poll.site_url)
    if poll.feed_ttl_minutes is not None:
        values["feed_ttl_minutes"] = poll.feed_ttl_minutes
    result = connection.execute(update(sources).where(sources.c.id == source_id).values(**values))
    if result.rowcount != 1:
        raise NotFound("source", source_id)
    new_url = poll.new_url
    if new_url and _move(connection, get_source(connection, source_id), new_url, now=poll.checked_at):
        connection.execute(
            update(sources).where(sources.c.id == source_id).values(moved_to=None, moved_count=0)
        )
    return outcomes


def record_quiet_polls(connection: Connection, polls: Sequence[tuple[int, PollSuccess]]) -> None:
    """Keep many polls that brought no entries (``jobs.batch``); each is ``record_poll`` without items."""
    for source_id, poll in polls:
        if poll.items:
            raise ValueError(f"the poll of source {source_id} brought entries; keep it with record_poll")
        record_poll(connection, source_id, poll)


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
            gone_since=failure.gone_since,
            state=failure.state,
            next_check_at=failure.next_check_at,
            claimed_until=_claim_handed_back(failure.claimed_until),
        )
    )
    return get_source(connection, source_id)


def _claim_handed_back(claimed_until: datetime | None) -> ColumnElement[datetime | None] | None:
    """What a recorded poll leaves of the source's claim: none, if the claim it was made under
    (``claimed_until``, as ``release_claim`` takes it) is still the source's; a later worker's
    claim, taken after this one's lease ran out mid-poll, stays. A poll made under no claim
    (``None``) frees any."""
    if claimed_until is None:
        return None
    return case((sources.c.claimed_until == claimed_until, None), else_=sources.c.claimed_until)


def release_claim(connection: Connection, source_id: int, claimed_until: datetime) -> bool:
    """Hand back the claim that set ``claimed_until`` (``Source.claimed_until`` as the claim read
    it); True when it was still held. The claim's own expiry is its token: a claim is only taken
    once the one before has expired, so a later claim always ends later. A release that comes
    after its lease ran out and another worker claimed the source leaves that claim alone."""
    result = connection.execute(
        update(sources)
        .where(sources.c.id == source_id, sources.c.claimed_until == claimed_until)
        .values(claimed_until=None)
    )
    return result.rowcount == 1
