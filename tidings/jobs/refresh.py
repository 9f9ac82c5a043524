"""Refreshing one source: the one function the scheduler, ``tidings fetch``, ``tidings sources
refresh`` and the web server's refresh all run (miniflux's ``RefreshFeed``).

``Refresher.refresh(source)`` fetches the source with its validators (conditional GET), reads it
(a feed, or a sitemap and the pages it lists), keeps only the entries this source has not yielded
before, fetches the linked page for teaser-only entries when the source's full-text mode asks
for it, extracts the articles, and hands everything to ``Store.record_poll`` in one transaction
with the new validators and the next check time (``gather.schedule.next_check_at``). A teaser
whose page failed, or did not fit in the poll's page budget, is stored as it is and keeps wanting
its page: each later poll of the source, a 304 included, fetches the due ones with what is left of
its budget (``PAGE_RETRY_WAITS``), and a page fetched replaces the teaser. A known entry whose
words changed (``entry_fingerprint``: a publisher's correction) updates the article it supplied
(``store.articles.correct_article``): its title and text; where the text is its page's (a
teaser), the page is fetched again with the poll's pages (after the new entries'; once a poll,
its due retry, if any, not fetched besides) and its text is the correction, and where it fails,
or proves to be another stored article (a redirect to it, its canonical address), the entry
corrects its title only, and its text while the stored one is still its teaser; a page that
failed is wanted again as a correction's (``PageWant.corrects``), tried on later polls as a
teaser's page is, and corrects the text once had (not the title, which the entry's correction
gave), unless a later correction of the entry wants its page again (it replaces that want) or
no page (it cancels it). One that does not fit in the budget waits for
the next poll, which reads the feed again: the poll keeps the source's old validators, as a 304
would never show the correction again. The stories step then
describes it again, as a completed teaser. An entry refused when first read (kept without an
article) is read again as if new when its words change, and only then: an unchanged one is not
asked for on every poll; read again, its row wants what its page is now (no stale retry of its
refused read). An unchanged entry whose article has no standfirst (stored before migration 0034)
is read again for it, once a process, where its text is the article's and its summary may be one
(``Refresher._reads_for_standfirst``), and gives the article that standfirst alone. A failure is
recorded as data on the source (``last_error``, ``error_count``), with backoff, pausing after
days of failure, and retirement on HTTP 410 answered for a day (``GONE_CONFIRMATION``: one 410
is not believed); it never escapes as an exception.

After a poll is recorded, the outlet the feed speaks for gets its icon fetched when it has none
or it is older than ``ICON_MAX_AGE`` (``gather.icons``: the feed's image, else the icon links of
a page this poll fetched anyway or, failing that, of the site's home page, else ``/favicon.ico``);
an icon failure is kept on the outlet's icon row and never touches the poll's outcome.

The CPU work (feed parsing, extraction) runs in a thread pool (``cpu``) so that fetching goes on
while articles are extracted; the store is synchronous and is called from worker threads too.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import math
from collections.abc import Callable, Mapping, Sequence, Set
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal, TypeVar

from tidings.errors import FetchError, InputError, TidingsError
from tidings.gather import gather_bytes, parse_feed
from tidings.gather.entries import markup_words
from tidings.gather.fetch import Fetcher, FetchResponse, Validators
from tidings.gather.icons import IconFetched, fetch_icon, icon_candidates, page_icon_links
from tidings.gather.markup import html_to_text
from tidings.gather.schedule import RHYTHM_WINDOW, PollHistory, ScheduleBounds, next_check_at, should_pause
from tidings.gather.sitemaps import SitemapEntry, read_sitemap, recent_entries
from tidings.jobs.batch import QuietPolls
from tidings.jobs.resolve import Resolved, resolve_first_answer
from tidings.model import (
    Added,
    AddOutcome,
    AlreadyHad,
    Article,
    DocumentHints,
    ParsedFeed,
    Provenance,
    RawDocument,
)
from tidings.store import (
    IconAttempt,
    KnownEntry,
    NewItem,
    PageWant,
    PollFailure,
    PollSuccess,
    Source,
    Store,
    WantedPage,
)
from tidings.store.articles import TEASER_WORDS, outlet_key
from tidings.urls import (
    canonical_url,
    display_error,
    display_url,
    feed_address,
    is_home_page,
    without_credentials,
)

__all__ = [
    "DescribeAgain",
    "ExtractOne",
    "FullTextMode",
    "PlaceNew",
    "PollReport",
    "RefreshLimits",
    "Refresher",
    "entry_fingerprint",
]

log = logging.getLogger(__name__)


T = TypeVar("T")

FullTextMode = Literal["auto", "on", "off"]
ExtractOne = Callable[[RawDocument], Article]
PlaceNew = Callable[[Sequence[tuple[int, Article]], datetime], None]
# Stored articles whose words a poll changed, by article id (teasers completed by their pages,
# articles corrected by their entries): their story features are made again from the words they
# have now (``StoryDesk.describe_again``).
DescribeAgain = Callable[[Sequence[int], datetime], None]
Correction = Literal["text", "title", "fingerprint", "standfirst"]

# A permanent redirect must be seen on this many checks in a row before the stored URL changes,
# so a misconfigured server's brief 301 does not move a subscription for good.
MOVE_CONFIRMATIONS = 3
# A summary whose first so many letters and digits stand in the entry's body is the body's opening
# (an excerpt, or the body itself again): no standfirst, as extraction reads it
# (``extract.feeds._COMPARED_LETTERS``), so an unchanged entry is not read again for one.
_COMPARED_LETTERS = 60
# A teaser's page that failed is tried again after these waits, one per failed try; after the last
# the teaser stays as it is. A page a site cannot serve for half a day (an outage, a rate limit)
# is seldom served later, and a feed's entry is old news by then. A permanent failure (HTTP 404
# or 410, robots.txt) and a page that is no article (a login wall) are not tried again.
PAGE_RETRY_WAITS = (timedelta(hours=1), timedelta(hours=3), timedelta(hours=9))
# A sitemap's page that answers 404, empty or not HTML is taken as gone only once the sitemap has
# dated it this long ago: a page listed within the last hours may not be live yet.
SITEMAP_PAGE_SETTLING = timedelta(hours=12)
# An HTTP 410 retires a source only when the source still answers 410 this long after the first
# 410 of an unbroken run of them: a misconfigured CDN can answer 410 for a while, and retirement
# is for good. Until then the source is checked again on the failure back-off (15 min, 30 min,
# 1 h … then daily), with the error shown; any other answer ends the run.
GONE_CONFIRMATION = timedelta(hours=24)
# An outlet's icon is fetched again after this long (success or failure): icons seldom change,
# and a site that refused once is not asked on every poll.
ICON_MAX_AGE = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class RefreshLimits:
    """How much one poll may do (from settings)."""

    bounds: ScheduleBounds
    pause_after: timedelta
    max_document_bytes: int
    full_text_default: FullTextMode = "auto"
    # Pages fetched for full text, or from a sitemap, in one poll; the rest wait for the next.
    max_pages_per_poll: int = 30
    # Child sitemaps of a sitemap index read in one poll (the most recently changed first).
    max_child_sitemaps: int = 3
    sitemap_window: timedelta = timedelta(days=2)


@dataclass(frozen=True, slots=True)
class PollReport:
    """What one refresh did, for the CLI and logs."""

    source_id: int
    url: str
    outcome: Literal["new", "not-modified", "failed", "retired", "paused"]
    added: int = 0
    # Entries refused: by the feed's reader (``ParsedFeed.skipped``: a parser trap, an entry cut
    # off) or by extraction; each is logged with its reason.
    refused: int = 0
    # Stored teasers whose page this poll fetched, the full text now in their place.
    completed: int = 0
    # Stored articles whose feed entry came back corrected, the correction now in their place.
    updated: int = 0
    error: str | None = None
    next_check_at: datetime | None = None
    # What the poll made of the source besides (``jobs.resolve``: an imported address found to be
    # a sitemap, or a page whose feed is followed now), one line; None when nothing.
    note: str | None = None


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A new entry on its way to becoming an article (or refused), or a stored teaser's page
    tried again (``retry``). ``teaser`` is the entry itself where ``document`` is its page: what
    is kept if the page turns out to be no article. ``entry`` is the feed entry a page stands for:
    the page is extracted as the page it is, and the article is that entry's. ``page`` is what the
    store is to remember of the page (``PageWant``). ``entry_hash`` is the entry's fingerprint
    (``entry_fingerprint``); ``correction``, what a known entry whose words changed may change
    (``NewItem.correction``), or "standfirst" for an unchanged one read for the standfirst its
    article lacks (``Refresher._reads_for_standfirst``). ``again`` marks an entry refused on an
    earlier poll whose words changed since: it is read as if new (``NewItem.again``)."""

    item_key: str
    published_at: datetime | None
    document: RawDocument
    page_url: str | None
    teaser: RawDocument | None = None
    entry: Provenance | None = None
    page: PageWant | None = None
    retry: bool = False
    entry_hash: str | None = None
    correction: Correction | None = None
    again: bool = False


@dataclass(frozen=True, slots=True)
class _PageFailure:
    """Why a page could not be had, and whether asking again could change that: ``permanent``
    as far as a teaser's page goes; ``settled`` when nothing will (HTTP 410, a login, robots.txt),
    where a 404 or an empty or non-HTML answer may still be a page not yet live (``_gone_pages``)."""

    reason: str
    permanent: bool
    settled: bool = False


@dataclass(frozen=True, slots=True)
class _Taken:
    """What a poll read, for the store: its ``items``, and how many corrected entries wait for
    a later poll's page budget (``_with_correction_pages``). While any wait, the poll keeps the
    source's old validators: a 304 would never show them again, and their correction would be
    lost."""

    items: list[NewItem]
    corrections_waiting: int = 0


def _after_failure(want: PageWant, attempts: int, failure: _PageFailure, now: datetime) -> PageWant:
    """What is wanted of a page after its ``attempts``-th failed try: another try after the next
    wait of ``PAGE_RETRY_WAITS``, or none; for what it was wanted for before (``want``: the
    entry's title, a correction's page)."""
    last = failure.permanent or attempts > len(PAGE_RETRY_WAITS)
    due_at = None if last else now + PAGE_RETRY_WAITS[attempts - 1]
    return replace(want, due_at=due_at, attempts=attempts, error=failure.reason)


def _page_want(candidate: _Candidate, due_at: datetime | None, *, corrects: bool = False) -> PageWant:
    """What an entry wants of its page: its feed title goes with it, which a later poll reads the
    page with (``Refresher._entry_of``), as this one does (``_page_document``)."""
    assert candidate.page_url is not None
    title = " ".join((candidate.document.hints.title or "").split()) or None
    return PageWant(candidate.page_url, due_at, title=title, corrects=corrects)


def _host_wait_headers(error: TidingsError) -> Mapping[str, str]:
    """A source not asked at all because its host asked for a wait (a 429 to another of its
    feeds) is checked after that wait, as if the host's Retry-After had answered it: not on the
    back-off, which would ask the host again (from the next ``tidings fetch``) before it said."""
    wait_s = error.retry_after_s if isinstance(error, FetchError) else None
    return {"retry-after": str(math.ceil(wait_s))} if wait_s else {}


def _gone_until(gone_since: datetime) -> str:
    """What a 410 not yet believed leaves the source at, as said after the error."""
    retired_at = gone_since + GONE_CONFIRMATION
    return f"retired if it still says so from {retired_at:%Y-%m-%d %H:%M} UTC on"


def _entry_article(article: Article, entry: Provenance, hints: DocumentHints) -> Article:
    """The article of a page fetched for a feed entry, as that entry's: its provenance (the store
    knows the entry by it), and its headline and date where the feed gives them, as a teaser
    completed by its page on a later poll keeps them (``store.articles.complete_teaser``). The
    page gives the text; its date may be no more than a guess from its address (day only)."""
    title = " ".join((hints.title or "").split())
    return replace(
        article,
        provenance=entry,
        title=title or article.title,
        published_at=hints.published_at or article.published_at,
    )


def _gone_pages(
    candidates: Sequence[_Candidate], pages: Sequence[RawDocument | _PageFailure], now: datetime
) -> list[NewItem]:
    """A sitemap's pages that will never be had, as refused entries: taken once, they are not
    fetched again on every poll, nor hold the poll's page budget from the pages listed after them.
    Gone: HTTP 410, a login, robots.txt at once; a 404, an empty or a non-HTML answer once the
    sitemap dates the page ``SITEMAP_PAGE_SETTLING`` ago or gives no date (a news sitemap lists a
    page before its CDN serves it, and an origin under load answers empty). Any other failure is
    left to the next poll."""
    gone = []
    for candidate, page in zip(candidates, pages, strict=True):
        if not isinstance(page, _PageFailure) or not page.permanent:
            continue
        listed_at = candidate.published_at
        if page.settled or listed_at is None or now - listed_at >= SITEMAP_PAGE_SETTLING:
            log.info("sitemap page %s refused: %s", display_url(candidate.page_url or ""), page.reason)
            gone.append(NewItem(candidate.item_key, candidate.published_at))
    return gone


def _entry_page(entry: RawDocument) -> str | None:
    """The page an entry links, to fetch for its full text: none when it links the site's home
    page, whose text is the site's latest post, not this entry's."""
    if entry.url is None or is_home_page(canonical_url(entry.url)):
        return None
    return entry.url


def _refused_and_changed(known: KnownEntry, fingerprint: str) -> bool:
    """Whether a known entry was refused (kept without an article) and says something else now: it
    is read again as if new. An entry refused and unchanged is not (its page is not asked for on
    every poll only to be refused again), nor one refused before fingerprints were kept, whose
    words then are not known (``_correction`` keeps its fingerprint)."""
    return known.refused and known.entry_hash is not None and known.entry_hash != fingerprint


def _entry_only(candidate: _Candidate, page: PageWant | None = None) -> _Candidate:
    """A corrected entry whose page was fetched again, as the entry alone: its own correction
    ("title"), for where the page cannot give the text; ``page``, what it wants of its page then
    (the page had, it wants nothing)."""
    assert candidate.teaser is not None
    return replace(
        candidate,
        document=candidate.teaser,
        teaser=None,
        entry=None,
        correction="title",
        page=page or candidate.page,
    )


def _word_count(document: RawDocument) -> int:
    text = html_to_text(document.body) if document.media_type == "text/html" else document.body
    return len(text.split())


def _may_give_standfirst(entry: RawDocument) -> bool:
    """Whether a feed entry's summary may be its standfirst, as far as its words alone tell without
    extracting it (``extract.feeds._entry_standfirst`` decides): it has a summary that is no list
    beside a body, and the summary's opening does not stand in the body (an excerpt, or the body
    again). A regular expression, as the fingerprint's: it is asked of unchanged entries, whose
    extraction on every poll would cost what their first reading did."""
    hints = entry.hints
    if not hints.summary or hints.summary_is_list or not entry.body:
        return False
    opening = markup_words(hints.summary, is_html=False).replace(" ", "")[:_COMPARED_LETTERS]
    return bool(opening) and opening not in markup_words(entry.body, is_html=True).replace(" ", "")


# A tag, for the words of a fingerprint: ``[^<>]`` stops each try at the next ``<``, so that a
# body of a million ``<`` and no ``>`` costs one pass (as ``gather.entries`` reads a key's words).


def entry_fingerprint(entry: RawDocument) -> str:
    """What a feed entry says, as a hash kept on its ``source_items`` row: the words of its title,
    its body and its summary. Not its date, link or byline, and not markup, entities, case,
    punctuation or spacing: a feed rebuilt with its dates bumped, or its HTML re-serialised, is
    no correction. A regular expression, not a parser: every entry of every poll is read."""
    parts = (entry.hints.title or "", entry.body, entry.hints.summary or "")
    words = (markup_words(part, is_html=True) for part in parts)
    return hashlib.sha256("\x1f".join(words).encode("utf-8")).hexdigest()


class Refresher:
    """Polls sources; one per process, shared by every concurrent poll."""

    def __init__(
        self,
        store: Store,
        fetcher: Fetcher,
        *,
        limits: RefreshLimits,
        extract: ExtractOne,
        place_new: PlaceNew,
        cpu: Executor,
        describe_again: DescribeAgain | None = None,
    ) -> None:
        self.store = store
        self.fetcher = fetcher
        self.limits = limits
        self._extract = extract
        self._place_new = place_new
        self._describe_again = describe_again
        self._cpu = cpu
        # Recent publication times handed in with a claim, per source being polled.
        self._published: dict[int, Sequence[datetime] | None] = {}
        # The first page fetched in a source's poll, whose icon links may name the outlet's icon.
        self._first_page: dict[int, RawDocument] = {}
        # Per source, its unchanged entries (key, fingerprint) this process read again for the
        # standfirst their article lacks (``_reads_for_standfirst``): each is read once, not on
        # every poll; those the feed no longer lists are forgotten.
        self._read_for_standfirst: dict[int, frozenset[tuple[str, str | None]]] = {}
        self._quiet = QuietPolls(store.record_quiet_polls)

    async def _in_thread(self, function: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._cpu, function)

    async def _store(self, function: Callable[[], T]) -> T:
        return await asyncio.to_thread(function)

    # -- the one entry point ------------------------------------------------------------------

    async def refresh(
        self, source: Source, now: datetime, *, published: Sequence[datetime] | None = None
    ) -> PollReport:
        """Poll ``source`` (already claimed) and record the outcome; never raises ``TidingsError``.

        ``published`` are its recent entries' times when the caller read them with its claim
        (``Store.publication_times``); otherwise they are read here.
        """
        self._published[source.source_id] = published
        try:
            if source.kind == "sitemap":
                return await self._refresh_sitemap(source, now)
            return await self._refresh_feed(source, now)
        except TidingsError as error:
            return await self._record_failure(source, now, error, headers=_host_wait_headers(error))
        except Exception as error:
            # A bug must not stop the other polls: record it on the source and log the trace.
            log.exception("refreshing source %s (%s) failed", source.source_id, display_url(source.url))
            wrapped = FetchError(
                display_url(source.url), f"Tidings failed while reading it ({error.__class__.__name__})"
            )
            return await self._record_failure(source, now, wrapped, headers={})
        finally:
            self._published.pop(source.source_id, None)
            self._first_page.pop(source.source_id, None)

    # -- feeds --------------------------------------------------------------------------------

    async def _refresh_feed(self, source: Source, now: datetime, *, resolve: bool = True) -> PollReport:
        validators = Validators(source.etag, source.last_modified)
        response = await self.fetcher.get(source.url, purpose="feed", validators=validators)
        if resolve and response.ok:
            resolved = await resolve_first_answer(
                self.store, self.fetcher, source, response, now=now, max_bytes=self.limits.max_document_bytes
            )
            if resolved is not None:
                return await self._refresh_resolved(resolved, now)
        if response.not_modified:
            # No new entries, but stored teasers may still be waiting for their pages.
            retried = await self._retried_pages(source, now, self.limits.max_pages_per_poll)
            items = await self._in_thread(lambda: self._extract_all(retried)) if retried else []
            return await self._record_success(source, now, response, items=items, feed=None)
        if not response.ok:
            return await self._record_failure(source, now, response.failure(), headers=response.headers)
        feed = await self._in_thread(
            lambda: parse_feed(
                response.body,
                locator=source.locator,
                feed_url=response.url,
                fetched_at=now,
                content_type=response.headers.get("content-type"),
            )
        )
        for refusal in feed.skipped:
            log.info("entry refused: %s", display_error(refusal))
        keys = [entry.provenance.entry_key or "" for entry in feed.entries]
        known = await self._store(lambda: self.store.known_entries(source.source_id, source.locator, keys))
        prints = await self._in_thread(lambda: [entry_fingerprint(entry) for entry in feed.entries])
        candidates: list[_Candidate] = []
        corrected: list[_Candidate] = []
        read = self._read_for_standfirst.get(source.source_id, frozenset())
        for entry, fingerprint in zip(feed.entries, prints, strict=True):
            key = entry.provenance.entry_key or ""
            candidate = _Candidate(
                key, entry.hints.published_at, entry, _entry_page(entry), entry_hash=fingerprint
            )
            if key not in known:
                candidates.append(candidate)
            elif _refused_and_changed(known[key], fingerprint):
                candidates.append(replace(candidate, again=True))
            elif (correction := self._correction(source, candidate, known[key])) is not None:
                corrected.append(replace(candidate, correction=correction))
            elif (key, fingerprint) not in read and self._reads_for_standfirst(source, candidate, known[key]):
                corrected.append(replace(candidate, correction="standfirst"))
        taken = await self._articles(source, candidates, now, full_text_pages=True, corrected=corrected)
        report = await self._record_success(
            source, now, response, items=taken.items, feed=feed, keep_validators=taken.corrections_waiting > 0
        )
        listed = set(keys)
        self._read_for_standfirst[source.source_id] = frozenset(
            {pair for pair in read if pair[0] in listed}
            | {(entry.item_key, entry.entry_hash) for entry in corrected if entry.correction == "standfirst"}
        )
        return report

    async def _refresh_resolved(self, resolved: Resolved, now: datetime) -> PollReport:
        """The poll of a source made what its address proved to be (``jobs.resolve``), under the
        same claim; a source merged into another is retired, and that one polls on its own."""
        source = resolved.source
        if source.state == "retired":
            return PollReport(source.source_id, source.url, "retired", note=resolved.note)
        if source.kind == "sitemap":
            report = await self._refresh_sitemap(source, now, resolve=False)
        else:
            report = await self._refresh_feed(source, now, resolve=False)
        return replace(report, note=resolved.note)

    def _correction(self, source: Source, candidate: _Candidate, known: KnownEntry) -> Correction | None:
        """What a known entry may change of its article, if its words changed since it was last
        read: nothing when it did not supply the article (another entry's article, or a page
        added by hand: ``KnownEntry.supplies_text``); its fingerprint only when none was kept
        (taken before fingerprints were: what it said then is not known), for a refused entry
        too; "title" when its text is its page's business (a teaser's page, or every page with
        ``--full-text on``): its page is fetched again (``_with_correction_pages``) and corrects
        title and text, and only where the page cannot be had does the entry correct its title
        alone (and its text while the stored one is still its teaser); else title and text."""
        if known.entry_hash == candidate.entry_hash:
            return None
        if known.entry_hash is None and (known.supplies_text or known.refused):
            return "fingerprint"
        if not known.supplies_text:
            return None
        return "title" if self._wants_page(source, candidate) else "text"

    def _reads_for_standfirst(self, source: Source, candidate: _Candidate, known: KnownEntry) -> bool:
        """Whether an unchanged known entry is read again for the standfirst its article lacks
        (``KnownEntry.lacks_standfirst``: stored before standfirsts were kept, migration 0034):
        it supplied the article (``KnownEntry.supplies_text``), whose text is the entry's own (no
        page is wanted for it: a page's article has the page's standfirst, not the entry's
        summary), and its summary may be one (``_may_give_standfirst``). Only those: every other
        unchanged entry is neither extracted nor handed to the store, as before."""
        return (
            known.entry_hash == candidate.entry_hash
            and known.supplies_text
            and known.lacks_standfirst
            and not self._wants_page(source, candidate)
            and _may_give_standfirst(candidate.document)
        )

    # -- sitemaps -----------------------------------------------------------------------------

    async def _sitemap_entries(self, source: Source, response: FetchResponse) -> list[SitemapEntry]:
        sitemap = read_sitemap(response.body, url=response.url, max_bytes=self.limits.max_document_bytes)
        entries = list(sitemap.pages)
        children = sorted(
            sitemap.children,
            key=lambda child: child.modified_at.timestamp() if child.modified_at else 0.0,
            reverse=True,
        )
        for child in children[: self.limits.max_child_sitemaps]:
            # One child that cannot be had or read (a soft 404's HTML page) leaves the others.
            try:
                child_response = await self.fetcher.get(child.url, purpose="sitemap")
                if child_response.ok:
                    child_map = read_sitemap(
                        child_response.body, url=child_response.url, max_bytes=self.limits.max_document_bytes
                    )
                    entries.extend(child_map.pages)
            except (FetchError, InputError) as error:
                log.info(
                    "sitemap %s of source %s skipped: %s",
                    display_url(child.url),
                    source.source_id,
                    display_error(error),
                )
        return entries

    async def _refresh_sitemap(self, source: Source, now: datetime, *, resolve: bool = True) -> PollReport:
        validators = Validators(source.etag, source.last_modified)
        response = await self.fetcher.get(source.url, purpose="sitemap", validators=validators)
        if resolve and response.ok:
            # An imported outline marked as a sitemap whose address serves a feed (``jobs.resolve``).
            resolved = await resolve_first_answer(
                self.store, self.fetcher, source, response, now=now, max_bytes=self.limits.max_document_bytes
            )
            if resolved is not None:
                return await self._refresh_resolved(resolved, now)
        if response.not_modified:
            return await self._record_success(source, now, response, items=[], feed=None)
        if not response.ok:
            return await self._record_failure(source, now, response.failure(), headers=response.headers)
        entries = recent_entries(
            await self._sitemap_entries(source, response), now, self.limits.sitemap_window
        )
        known = await self._store(
            lambda: self.store.known_item_keys(source.source_id, [e.url for e in entries])
        )
        fresh = [entry for entry in entries if entry.url not in known][: self.limits.max_pages_per_poll]
        candidates = [
            _Candidate(
                entry.url,
                entry.published_at,
                RawDocument(
                    provenance=Provenance("url", entry.url),
                    body="",
                    media_type="text/html",
                    url=entry.url,
                    fetched_at=now,
                    # A news sitemap's <news:name> is the publisher's own name for itself: the
                    # outlet's, where the page names none of its own (``extract.pages``).
                    hints=DocumentHints(
                        title=entry.title,
                        published_at=entry.published_at,
                        language=entry.language,
                        outlet=entry.publication,
                    ),
                ),
                entry.url,
            )
            for entry in fresh
        ]
        taken = await self._articles(source, candidates, now, full_text_pages=False)
        return await self._record_success(source, now, response, items=taken.items, feed=None)

    # -- entries → articles -------------------------------------------------------------------

    def _wants_page(self, source: Source, candidate: _Candidate) -> bool:
        mode = self.limits.full_text_default if source.full_text == "auto" else source.full_text
        if candidate.page_url is None or mode == "off":
            return False
        if candidate.document.body == "":
            return True
        # A teaser (shorter than the store's TEASER_WORDS): its page is fetched on "auto". Where
        # that fails or does not fit in the poll, the teaser is stored and its page tried on later
        # polls (``_retried_pages``); the page's text also replaces the stored teaser whenever the
        # page reaches the store by its address (added by hand, linked by another feed).
        return mode == "on" or _word_count(candidate.document) < TEASER_WORDS

    async def _page_document(self, url: str, entry: RawDocument, now: datetime) -> RawDocument | _PageFailure:
        """The entry's linked page as a page document with the entry's hints, or why not."""
        try:
            response = await self.fetcher.get(url, purpose="page")
        except FetchError as error:
            log.info("page %s not fetched: %s", display_url(url), display_error(error))
            settled = error.permanent and error.status != 404
            return _PageFailure(error.reason, error.permanent, settled=settled)
        if not response.ok:
            log.info("page %s not fetched: HTTP %s", display_url(url), response.status)
            failure = response.failure()
            return _PageFailure(
                failure.reason, failure.permanent, settled=failure.permanent and response.status != 404
            )
        try:
            page = await self._html_of(response, now)
        except InputError as error:
            log.info("page %s unreadable: %s", display_url(url), display_error(error))
            return _PageFailure(error.reason, permanent=True)
        if page is None:
            return _PageFailure("the address is no HTML page", permanent=True)
        # The page keeps its own provenance: it is extracted as a page (main content, chrome), not
        # as the feed entry it stands for; the article takes the entry's (``_extract_one``).
        return replace(page, hints=entry.hints, url=response.url)

    async def _with_pages(
        self, source: Source, candidates: list[_Candidate], now: datetime
    ) -> tuple[list[_Candidate], int]:
        """The candidates with the pages of teasers in place of the teasers, and how many pages
        were asked for. A teaser whose page did not fit in the poll, or failed, is kept with the
        page it still wants (``_Candidate.page``)."""
        wanted = [candidate for candidate in candidates if self._wants_page(source, candidate)]
        urls = [candidate.page_url for candidate in wanted if candidate.page_url]
        already = await self._store(lambda: self.store.known_article_urls(urls))
        # One fetch per page: the entries of a live blog all link its one page. The first entry
        # takes it; the others stay teasers, which the store recognises as that page's article.
        firsts: dict[str, _Candidate] = {}
        for candidate in wanted:
            if candidate.page_url is not None and candidate.page_url not in already:
                firsts.setdefault(candidate.page_url, candidate)
        wanted = list(firsts.values())
        to_fetch = wanted[: self.limits.max_pages_per_poll]
        pages = await asyncio.gather(
            *(
                self._page_document(candidate.page_url or "", candidate.document, now)
                for candidate in to_fetch
            )
        )
        self._remember_page(source, pages)
        outcomes: dict[str, RawDocument | _PageFailure | None] = {
            candidate.item_key: page for candidate, page in zip(to_fetch, pages, strict=True)
        }
        # Over the poll's budget: stored as teasers now, their pages due on the next poll.
        outcomes.update({candidate.item_key: None for candidate in wanted[len(to_fetch) :]})
        upgraded = []
        for candidate in candidates:
            if candidate.item_key not in outcomes or candidate.page_url is None:
                upgraded.append(candidate)
                continue
            outcome = outcomes[candidate.item_key]
            if isinstance(outcome, RawDocument):
                upgraded.append(
                    replace(
                        candidate,
                        document=outcome,
                        teaser=candidate.document,
                        entry=candidate.document.provenance,
                    )
                )
            elif _word_count(candidate.document) >= TEASER_WORDS:
                # Its own full text is stored ("on"), which no page replaces later: none is wanted.
                upgraded.append(candidate)
            elif outcome is None:
                upgraded.append(replace(candidate, page=_page_want(candidate, now)))
            else:
                upgraded.append(
                    replace(candidate, page=_after_failure(_page_want(candidate, None), 1, outcome, now))
                )
        return upgraded, len(to_fetch)

    async def _with_correction_pages(
        self, corrected: Sequence[_Candidate], now: datetime, budget: int
    ) -> tuple[list[_Candidate], int, int]:
        """The corrected entries whose text is their page's (``_correction``: "title"), each with its
        page fetched again in place of the entry, how many pages were asked for, and how many
        corrections wait; the others as they are. A page fetched is the entry's corrected text
        ("text"), and the entry wants its page no more. One that failed leaves the entry's own
        correction (its title, and its text while the stored one is its teaser), and the page is
        wanted as a correction's (``PageWant.corrects``): tried again on later polls after the
        waits of a teaser's page (``_retried_pages``), its text then the correction's as if it
        had come now; one that will never come (HTTP 404, 410) is not. Those over ``budget`` are
        left out, their fingerprint not kept, and wait: the poll keeps the feed's old validators
        (``_Taken.corrections_waiting``), so that the next poll reads the feed, not a 304, and
        with pages to spare finds them corrected still."""
        wanting = [c for c in corrected if c.correction == "title" and c.page_url is not None]
        urls = list(dict.fromkeys(c.page_url or "" for c in wanting))[: max(budget, 0)]
        entries = {c.page_url: c.document for c in reversed(wanting)}
        fetched = await asyncio.gather(*(self._page_document(url, entries[url], now) for url in urls))
        pages = dict(zip(urls, fetched, strict=True))
        ready: list[_Candidate] = []
        waiting = 0
        for candidate in corrected:
            if candidate.correction != "title" or candidate.page_url is None:
                ready.append(candidate)
            elif candidate.page_url not in pages:
                log.info("corrected entry %s waits for a poll's page budget", display_url(candidate.item_key))
                waiting += 1
            elif isinstance(page := pages[candidate.page_url], RawDocument):
                ready.append(
                    replace(
                        candidate,
                        document=replace(page, hints=candidate.document.hints),
                        teaser=candidate.document,
                        entry=candidate.document.provenance,
                        correction="text",
                        page=_page_want(candidate, None),
                    )
                )
            else:
                wanted = _after_failure(_page_want(candidate, None, corrects=True), 1, page, now)
                ready.append(replace(candidate, page=wanted))
        return ready, len(urls), waiting

    async def _retried_pages(
        self, source: Source, now: datetime, budget: int, *, handled: Set[str] = frozenset()
    ) -> list[_Candidate]:
        """Stored teasers of this source whose page is due (``Store.due_pages``), at most
        ``budget``, each with its page in place, or with what it still wants if the page failed
        again. Not those of ``handled`` entries (corrected in this poll, their page fetched
        again for it or their text the entry's): one page is fetched once a poll, and one
        article is reported once, as updated."""
        mode = self.limits.full_text_default if source.full_text == "auto" else source.full_text
        if budget <= 0 or mode == "off":
            return []
        listed = await self._store(
            lambda: self.store.due_pages(source.source_id, now, limit=budget + len(handled))
        )
        due = [wanted for wanted in listed if wanted.item_key not in handled][:budget]
        if not due:
            return []
        entries = [self._entry_of(source, wanted, now) for wanted in due]
        pages = await asyncio.gather(
            *(
                self._page_document(wanted.want.url, entry, now)
                for wanted, entry in zip(due, entries, strict=True)
            )
        )
        self._remember_page(source, pages)
        retried = []
        for wanted, entry, page in zip(due, entries, pages, strict=True):
            # Without the title it is read with: a stored teaser whose page failed again is no
            # headline-only entry to read (``_extract_one``).
            untitled = replace(entry, hints=replace(entry.hints, title=None))
            candidate = _Candidate(
                wanted.item_key, wanted.published_at, untitled, wanted.want.url, retry=True
            )
            if isinstance(page, RawDocument):
                done = replace(wanted.want, due_at=None, attempts=wanted.want.attempts, error=None)
                correction: Correction | None = "text" if wanted.want.corrects else None
                retried.append(
                    replace(
                        candidate, document=page, page=done, entry=entry.provenance, correction=correction
                    )
                )
            else:
                attempts = wanted.want.attempts + 1
                retried.append(replace(candidate, page=_after_failure(wanted.want, attempts, page, now)))
        return retried

    @staticmethod
    def _entry_of(source: Source, wanted: WantedPage, now: datetime) -> RawDocument:
        """The stored entry as the document its page stands in for: the same feed entry, so that
        the store recognises the page as the article it holds (``store.articles.find_existing``),
        with the feed's title for it (``PageWant.title``), which the page is read with as on the
        entry's first poll: its headline line, worded otherwise than its ``<title>``, is left
        out of its text."""
        return RawDocument(
            provenance=Provenance("feed", source.locator, wanted.item_key),
            body="",
            media_type="text/html",
            url=wanted.want.url,
            fetched_at=now,
            hints=DocumentHints(title=wanted.want.title, published_at=wanted.published_at),
        )

    def _remember_page(self, source: Source, pages: Sequence[RawDocument | _PageFailure]) -> None:
        page = next((page for page in pages if isinstance(page, RawDocument) and page.url), None)
        if page is not None:
            self._first_page.setdefault(source.source_id, page)

    def _extract_all(self, candidates: Sequence[_Candidate]) -> list[NewItem]:
        return [self._extract_one(candidate) for candidate in candidates]

    def _extract_one(self, candidate: _Candidate) -> NewItem:
        if candidate.retry and candidate.correction is not None:
            return self._extract_retried_correction(candidate)
        article: Article | None = None
        page = candidate.page
        # A feed entry with a title and no text is a headline-only article (a stored teaser whose
        # page failed again has neither: it stays as it is stored).
        if candidate.document.body or candidate.document.hints.title:
            try:
                article = self._extract(candidate.document)
                if candidate.entry is not None:
                    article = _entry_article(article, candidate.entry, candidate.document.hints)
            except InputError as error:
                log.info("entry %s refused: %s", display_url(candidate.item_key), display_error(error))
                if candidate.page_url is not None and (candidate.teaser is not None or candidate.retry):
                    # The page is no article (a login wall, a bot check): its teaser stands.
                    attempts = (page.attempts if page is not None else 0) + 1
                    given_up = page or _page_want(candidate, None)
                    page = replace(given_up, due_at=None, attempts=attempts, error=error.reason)
                if candidate.teaser is not None:
                    article = self._extract_teaser(candidate)
        also = (candidate.page_url, candidate.document.url)
        return NewItem(
            candidate.item_key,
            candidate.published_at,
            article,
            also,
            page=page,
            retry=candidate.retry,
            entry_hash=candidate.entry_hash,
            again=candidate.again,
        )

    def _extract_correction(self, candidate: _Candidate) -> NewItem:
        """A known entry whose words changed, as the correction the store is to apply
        (``store.articles.correct_article``). Its title is the feed's own, none where the feed
        gives none (the stored one stays); its text the entry's, or its page's fetched again
        (``_with_correction_pages``), the entry's provenance kept, with the entry's own
        correction ("title") beside it for the store to apply instead should the page prove to
        be another stored article (``NewItem.entry_only``); a page that is no article any more
        leaves the entry's own correction; an entry that is no article any more corrects nothing
        (the stored article stays as it is), and only its fingerprint is kept."""
        article: Article | None = None
        entry_only: NewItem | None = None
        if candidate.correction != "fingerprint":
            try:
                article = self._extract(candidate.document)
                title = " ".join((candidate.document.hints.title or "").split())
                article = replace(article, title=title, provenance=candidate.entry or article.provenance)
            except InputError as error:
                if candidate.teaser is not None:
                    shown = display_url(candidate.page_url or "")
                    log.info("page %s refused: %s", shown, display_error(error))
                    # No article: its page is not asked for again (as a teaser's: ``_extract_one``).
                    refused = candidate.page and replace(
                        candidate.page, due_at=None, attempts=candidate.page.attempts + 1, error=error.reason
                    )
                    return self._extract_correction(_entry_only(candidate, refused))
                log.info(
                    "corrected entry %s not read, its article kept as it was: %s",
                    display_url(candidate.item_key),
                    display_error(error),
                )
            if article is not None and candidate.teaser is not None:
                entry_only = self._extract_correction(_entry_only(candidate))
        return NewItem(
            candidate.item_key,
            candidate.published_at,
            article,
            (candidate.page_url, candidate.document.url),
            page=candidate.page,
            entry_hash=candidate.entry_hash,
            correction=candidate.correction,
            entry_only=entry_only,
        )

    def _extract_standfirst(self, candidate: _Candidate) -> NewItem | None:
        """An unchanged entry read again for the standfirst its stored article lacks
        (``_reads_for_standfirst``): its article, for the store to take the standfirst from and
        nothing else (``store.polls``: ``NewItem.correction`` "standfirst"); None where it gives
        none, and the store is not asked."""
        try:
            article = self._extract(candidate.document)
        except InputError as error:
            log.info(
                "entry %s not read for its standfirst: %s",
                display_url(candidate.item_key),
                display_error(error),
            )
            return None
        if not article.standfirst:
            return None
        return NewItem(
            candidate.item_key,
            candidate.published_at,
            article,
            (candidate.page_url, candidate.document.url),
            entry_hash=candidate.entry_hash,
            correction="standfirst",
        )

    def _extract_retried_correction(self, candidate: _Candidate) -> NewItem:
        """A corrected entry's page that failed when the entry changed (``PageWant.corrects``), had
        on a later poll: the correction of its article's text (``store.articles.correct_article``,
        as ``_extract_correction`` makes it when the page comes at once). The feed's title it was
        wanted with goes with it to tell that it is still the same article; the article keeps its
        title (``NewItem.retry``): the entry's own correction gave it then, and a later one may
        have given another since (a later correction of the entry replaces or cancels the page
        wanted, ``store.polls._correct_item``). A page that proves to be another stored article
        changes nothing (``NewItem.entry_only``: the entry's own correction was applied when it
        changed), nor does one that is no article, which is not asked for again."""
        assert candidate.page is not None
        assert candidate.entry is not None
        try:
            article = self._extract(candidate.document)
        except InputError as error:
            log.info("page %s refused: %s", display_url(candidate.page_url or ""), display_error(error))
            page = replace(candidate.page, attempts=candidate.page.attempts + 1, error=error.reason)
            return NewItem(candidate.item_key, candidate.published_at, page=page, retry=True)
        title = " ".join((candidate.page.title or "").split())
        article = replace(article, title=title, provenance=candidate.entry)
        unchanged = NewItem(
            candidate.item_key,
            candidate.published_at,
            page=candidate.page,
            retry=True,
            correction="fingerprint",
        )
        return NewItem(
            candidate.item_key,
            candidate.published_at,
            article,
            (candidate.page_url, candidate.document.url),
            page=candidate.page,
            retry=True,
            correction="text",
            entry_only=unchanged,
        )

    def _extract_teaser(self, candidate: _Candidate) -> Article | None:
        assert candidate.teaser is not None
        try:
            return self._extract(candidate.teaser)
        except InputError as error:
            log.info("entry %s refused: %s", display_url(candidate.item_key), display_error(error))
            return None

    async def _articles(
        self,
        source: Source,
        candidates: list[_Candidate],
        now: datetime,
        *,
        full_text_pages: bool,
        corrected: Sequence[_Candidate] = (),
    ) -> _Taken:
        """The poll's new entries as items, then its ``corrected`` ones (a feed's known entries
        whose words changed); for a feed (``full_text_pages``), also the stored teasers whose page
        is due, but for the entries corrected here: the poll's page budget goes to new entries'
        pages first, then to corrected entries' pages, then to the due ones; for a sitemap, also
        its pages that are gone for good (``_gone_pages``)."""
        gone: list[NewItem] = []
        waiting = 0
        if full_text_pages:
            budget = self.limits.max_pages_per_poll
            candidates, asked = await self._with_pages(source, candidates, now)
            corrected, asked_again, waiting = await self._with_correction_pages(
                corrected, now, budget - asked
            )
            handled = {
                entry.item_key for entry in corrected if entry.correction not in ("fingerprint", "standfirst")
            }
            left = budget - asked - asked_again
            candidates += await self._retried_pages(source, now, left, handled=handled)
        else:
            pages = await asyncio.gather(
                *(
                    self._page_document(candidate.page_url or "", candidate.document, now)
                    for candidate in candidates
                )
            )
            self._remember_page(source, pages)
            gone = _gone_pages(candidates, pages, now)
            candidates = [
                replace(candidate, document=page)
                for candidate, page in zip(candidates, pages, strict=True)
                if isinstance(page, RawDocument)
            ]
        fixed = [entry for entry in corrected if entry.correction != "standfirst"]
        deks = [entry for entry in corrected if entry.correction == "standfirst"]
        items = gone + await self._in_thread(
            lambda: (
                self._extract_all(candidates)
                + [self._extract_correction(entry) for entry in fixed]
                + [item for entry in deks if (item := self._extract_standfirst(entry)) is not None]
            )
        )
        return _Taken(items, corrections_waiting=waiting)

    # -- recording ----------------------------------------------------------------------------

    async def _history(
        self,
        source: Source,
        now: datetime,
        items: Sequence[NewItem],
        *,
        error_count: int = 0,
        paused: bool = False,
    ) -> PollHistory:
        known = self._published.get(source.source_id)
        if known is None:
            published = await self._store(
                lambda: self.store.recent_publication_times(source.source_id, now - RHYTHM_WINDOW)
            )
        else:
            published = list(known)
        published.extend(item.published_at or now for item in items)
        return PollHistory(
            source_key=source.locator,
            published_at=tuple(published),
            error_count=error_count,
            feed_ttl=timedelta(minutes=source.feed_ttl_minutes) if source.feed_ttl_minutes else None,
            paused=paused,
        )

    def _move(self, source: Source, response: FetchResponse) -> tuple[str | None, int, str | None]:
        """(moved_to, moved_count, new_url): a permanent redirect must repeat before it is believed.

        ``moved_to`` is a note kept on the source, without credentials; ``new_url`` is the address
        itself, with the credentials a same-host redirect keeps (the fetcher carries them to a
        relative Location), so that a private feed goes on being fetched once it has moved."""
        # Without trackers, as a subscription's address is kept: a feed that moves to
        # "feed.xml?utm_source=rss" has moved to "feed.xml".
        target = feed_address(response.permanent_redirect) if response.permanent_redirect else None
        if target is None or target == source.url:
            return None, 0, None
        note = without_credentials(target)
        count = source.moved_count + 1 if source.moved_to == note else 1
        return note, count, target if count >= MOVE_CONFIRMATIONS else None

    async def _record_success(
        self,
        source: Source,
        now: datetime,
        response: FetchResponse,
        *,
        items: list[NewItem],
        feed: ParsedFeed | None,
        keep_validators: bool = False,
    ) -> PollReport:
        """Keep a poll that was answered (a 304 included): its items, the schedule, and the
        response's validators, unless ``keep_validators`` (corrections wait for a later poll's
        pages): then the source's old ones stay, and the next poll reads the feed again."""
        ttl = feed.ttl_minutes if feed is not None else None
        # New entries: not a stored teaser's page tried again, nor a known entry corrected; those
        # refused before and read again count as taken (or refused) but not as published anew.
        entries = [item for item in items if not item.retry and item.correction is None]
        history = await self._history(source, now, [item for item in entries if not item.again])
        if ttl:
            history = replace(history, feed_ttl=timedelta(minutes=ttl))
        moved_to, moved_count, new_url = self._move(source, response)
        fresh = response.ok and not keep_validators
        validators = response.validators if fresh else Validators(source.etag, source.last_modified)
        poll = PollSuccess(
            checked_at=now,
            next_check_at=next_check_at(history, response.headers, now, self.limits.bounds),
            etag=validators.etag,
            last_modified=validators.last_modified,
            items=items,
            title=feed.title if feed is not None else None,
            site_url=feed.site_url if feed is not None else None,
            feed_ttl_minutes=ttl,
            moved_to=moved_to,
            moved_count=moved_count,
            new_url=new_url,
            # A temporary redirect keeps the source's address; where it led is remembered, so that
            # subscribing to that address finds this source (``store.sources.find_followed``): the
            # store keeps it without tracking parameters, and never for a private feed.
            fetched_url=response.url if response.url != source.url else None,
            claimed_until=source.claimed_until,
        )
        if not items:
            await self._quiet.keep(source.source_id, poll)
            outcomes: list[tuple[NewItem, AddOutcome | None]] = []
        else:
            outcomes = await self._store(lambda: self.store.record_poll(source.source_id, poll))
        added = [
            (outcome.article_id, item.article)
            for item, outcome in outcomes
            if item.article is not None and isinstance(outcome, Added)
        ]
        if added:
            await self._place(source, added, now)
            await self._refresh_icon(source, feed, [article for _id, article in added], now)
        completed = [
            outcome.article_id
            for _item, outcome in outcomes
            if isinstance(outcome, AlreadyHad) and outcome.completed
        ]
        updated = [
            outcome.article_id
            for _item, outcome in outcomes
            if isinstance(outcome, AlreadyHad) and outcome.updated
        ]
        if updated:
            log.info("source %s: %d articles updated by corrected entries", source.source_id, len(updated))
        deks = sum(
            1 for _item, outcome in outcomes if isinstance(outcome, AlreadyHad) and outcome.standfirst_added
        )
        if deks:
            log.info("source %s: %d stored articles took the standfirst they lacked", source.source_id, deks)
        if completed or updated:
            await self._describe_completed(source, [*completed, *updated], now)
        return PollReport(
            source_id=source.source_id,
            url=new_url or source.url,
            outcome="not-modified" if response.not_modified else "new",
            added=len(added),
            refused=sum(1 for item in entries if item.article is None)
            + (len(feed.skipped) if feed is not None else 0),
            completed=len(completed),
            updated=len(updated),
            next_check_at=poll.next_check_at,
            note=_move_note(source, moved_to, moved_count, moved=new_url is not None),
        )

    async def _place(self, source: Source, added: list[tuple[int, Article]], now: datetime) -> None:
        """Hand stored articles to the stories stage; its failure is not the source's failure.

        The poll is already kept (articles, items, validators); an article the stories stage could
        not place stays stored and is logged, and the source's health is untouched.
        """
        try:
            await self._store(lambda: self._place_new(added, now))
        except Exception:
            log.exception(
                "source %s: %d stored articles could not be placed in stories", source.source_id, len(added)
            )

    async def _describe_completed(self, source: Source, article_ids: list[int], now: datetime) -> None:
        """Have the stories stage describe again the articles whose words this poll changed
        (completed teasers, corrected articles); as ``_place``, its failure is logged and is not
        the source's (the store marked their features stale: ``StoryDesk.describe_stale`` makes
        them again later)."""
        describe_again = self._describe_again
        if describe_again is None:
            return
        try:
            await self._store(lambda: describe_again(article_ids, now))
        except Exception:
            log.exception(
                "source %s: %d completed or corrected articles could not be described again for stories",
                source.source_id,
                len(article_ids),
            )

    async def _refresh_icon(
        self, source: Source, feed: ParsedFeed | None, articles: Sequence[Article], now: datetime
    ) -> None:
        """Fetch the icon of the outlet this source speaks for, when due; never fails the poll.

        A source speaks for an outlet when all its new articles belong to that one outlet: an
        aggregator's feed (articles of many outlets) would otherwise lend its icon to them all.
        """
        keys = {outlet_key(article.outlet) for article in articles}
        if len(keys) != 1:
            return
        (key,) = keys
        try:
            known = await self._store(lambda: self.store.outlet_icon(key))
            if known is not None and now - known.attempt.fetched_at < ICON_MAX_AGE:
                return
            feed_icon = feed.icon_url if feed is not None else None
            home = (feed.site_url if feed is not None else None) or source.site_url
            page = self._first_page.get(source.source_id)
            if page is None and feed_icon is None and home:
                page = await self._home_page(home, now)
            page_icons = (
                await self._in_thread(lambda: page_icon_links(page.body, page.url or ""))
                if page is not None
                else []
            )
            candidates = icon_candidates(
                feed_icon=feed_icon, page_icons=page_icons, site_url=home or source.url
            )
            outcome = await fetch_icon(self.fetcher, candidates)
            if isinstance(outcome, IconFetched):
                attempt = IconAttempt(now, outcome.url, outcome.content_type, outcome.body, outcome.sha256)
            else:
                attempt = IconAttempt(now, outcome.url, error=outcome.reason)
                log.info("outlet %s has no icon: %s", key, outcome.reason)
            await self._store(lambda: self.store.record_outlet_icon(key, attempt))
        except Exception:
            log.exception("source %s: the icon of outlet %s could not be refreshed", source.source_id, key)

    async def _home_page(self, url: str, now: datetime) -> RawDocument | None:
        """The outlet's home page, for the icons it names (Miniflux's way), when neither the feed nor
        a page of this poll names one; fetched at most once per outlet per ``ICON_MAX_AGE``."""
        try:
            response = await self.fetcher.get(url, purpose="page")
            return await self._html_of(response, now) if response.ok else None
        except (FetchError, InputError) as error:
            log.info("home page %s not read for its icons: %s", display_url(url), display_error(error))
            return None

    async def _html_of(self, response: FetchResponse, now: datetime) -> RawDocument | None:
        """The HTML page a response carries (None for a feed, an image …); raises ``InputError``
        for bytes that cannot be read."""
        documents = await self._in_thread(
            lambda: gather_bytes(
                response.body,
                locator=response.url,
                kind="url",
                url=response.url,
                content_type=response.headers.get("content-type"),
                max_bytes=self.limits.max_document_bytes,
                now=now,
            )
        )
        # A feed's entries are HTML too, with the feed's provenance: an address that serves a feed
        # is no page, and its first entry (another story) must not stand in for one.
        pages = (document for document in documents if document.provenance.kind != "feed")
        return next((document for document in pages if document.media_type == "text/html"), None)

    async def _record_failure(
        self, source: Source, now: datetime, error: TidingsError, *, headers: Mapping[str, str]
    ) -> PollReport:
        status = getattr(error, "status", None)
        shown = display_error(error)
        failing_since = source.failing_since or now
        gone_since = (source.gone_since or now) if status == 410 else None
        retired = gone_since is not None and now - gone_since >= GONE_CONFIRMATION
        if gone_since is not None and not retired:
            shown += f"; {_gone_until(gone_since)}"
        paused = not retired and should_pause(failing_since, now, self.limits.pause_after)
        history = await self._history(source, now, [], error_count=source.error_count + 1, paused=paused)
        failure = PollFailure(
            checked_at=now,
            next_check_at=next_check_at(history, headers, now, self.limits.bounds),
            error=shown,
            state="retired" if retired else "paused" if paused else "active",
            failing_since=failing_since,
            gone_since=gone_since,
            claimed_until=source.claimed_until,
        )
        await self._store(lambda: self.store.record_poll_failure(source.source_id, failure))
        log.info("source %s failed: %s", source.source_id, shown)
        return PollReport(
            source_id=source.source_id,
            url=source.url,
            outcome="retired" if retired else "paused" if paused else "failed",
            error=shown,
            next_check_at=failure.next_check_at,
        )


def _move_note(source: Source, moved_to: str | None, moved_count: int, *, moved: bool) -> str | None:
    """What a poll says of a permanent redirect: where the feed points until the move is
    believed (``MOVE_CONFIRMATIONS``), then the address the subscription left; addresses without
    credentials."""
    if moved:
        return f"moved here from {without_credentials(source.url)} (a permanent redirect)"
    if moved_to is None:
        return None
    return (
        f"it redirects permanently to {moved_to}: seen {moved_count} of {MOVE_CONFIRMATIONS} times "
        "before the subscription moves"
    )
