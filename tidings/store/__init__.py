"""The storage boundary: the only package that knows SQL exists.

``Store`` speaks the product's language (``add_article``, ``search``, ``list_articles``) and returns
the dataclasses of ``tidings.model``, never rows or sessions. Each method is one transaction.
SQLite allows one writer at a time: write transactions take ``BEGIN IMMEDIATE`` and a process-wide
lock, so concurrent writers in one process queue instead of failing, and writers in other
processes wait out the busy timeout. On PostgreSQL, storing articles holds an advisory lock
(``engine.hold_lock``), so that two processes adding the same article keep it once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from tidings.dedupe import CopyCandidate, CopyChange, CopySubject
from tidings.errors import NotFound
from tidings.model import (
    AddOutcome,
    Article,
    CopyMatch,
    Entity,
    Placement,
    StoredArticle,
    Story,
    StoryCoverage,
    StoryDecision,
    StoryDetail,
    StoryProfile,
    StorySummary,
)
from tidings.store import articles as article_rows
from tidings.store import browse, migrate
from tidings.store import icons as icon_rows
from tidings.store import polls as poll_rows
from tidings.store import sources as source_rows
from tidings.store import stories as story_rows
from tidings.store import understanding as understanding_rows
from tidings.store.articles import ArticleCursor, OutletCount
from tidings.store.browse import OutletName, StoryPlace
from tidings.store.engine import (
    StoreLock,
    database_failure,
    database_name,
    hold_lock,
    hold_turn,
    is_sqlite,
    is_unusable_database,
    make_engine,
)
from tidings.store.icons import IconAttempt, OutletIcon
from tidings.store.search import SearchHit, search_articles
from tidings.store.sources import (
    FullText,
    KnownEntry,
    NewItem,
    PageWant,
    PollFailure,
    PollSuccess,
    Source,
    SourceHealth,
    SourceKindName,
    Subscribed,
    Subscription,
    WantedPage,
)
from tidings.store.stories import StaleStoryMemory, StoredFeatures, StoryCursor, StoryState
from tidings.store.understanding import EntityMatch, EntityStory

__all__ = [
    "ArticleCursor",
    "EntityMatch",
    "EntityStory",
    "IconAttempt",
    "KnownEntry",
    "NewItem",
    "OutletCount",
    "OutletIcon",
    "OutletName",
    "PageWant",
    "PollFailure",
    "PollSuccess",
    "SearchHit",
    "Source",
    "SourceHealth",
    "StaleStoryMemory",
    "Store",
    "StoredFeatures",
    "StoryCursor",
    "StoryPlace",
    "StoryState",
    "Subscribed",
    "Subscription",
    "WantedPage",
]


class Store:
    """One database, opened from an SQLAlchemy URL. Call ``migrate()`` once before use."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._write_lock = threading.RLock()

    @classmethod
    def open(cls, database_url: str) -> Store:
        return cls(make_engine(database_url))

    def close(self) -> None:
        self.engine.dispose()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def name(self) -> str:
        """The database as a user knows it: the SQLite file, or the URL without its password."""
        return database_name(self.engine)

    # -- transactions -------------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as connection:
                yield connection
                connection.rollback()
        except SQLAlchemyError as exc:
            if not is_unusable_database(exc):
                raise
            raise database_failure(self.engine, exc, "read") from exc

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One write transaction; everything in it is kept, or nothing is."""
        with self._write_lock:
            try:
                with self.engine.connect() as opened:
                    connection = (
                        opened.execution_options(sqlite_immediate=True) if is_sqlite(self.engine) else opened
                    )
                    with connection.begin():
                        yield connection
            except SQLAlchemyError as exc:
                if not is_unusable_database(exc):
                    raise
                raise database_failure(self.engine, exc, "write to") from exc

    # -- schema -------------------------------------------------------------------------------

    def migrate(self) -> list[str]:
        """Bring the database to this version's schema; the revisions applied, oldest first."""
        with self._write_lock:
            return migrate.upgrade(self.engine)

    def is_current(self) -> bool:
        try:
            return migrate.current_revisions(self.engine) == migrate.head_revisions()
        except SQLAlchemyError as exc:
            raise database_failure(self.engine, exc, "read", connecting=True) from exc

    # -- articles -----------------------------------------------------------------------------

    def add_article(
        self, article: Article, *, also_urls: Sequence[str | None] = (), update_pages: bool = False
    ) -> AddOutcome:
        """Keep ``article`` unless the store has it already (see ``store.articles.find_existing``).

        ``also_urls`` are other addresses of the same article (the URL it was fetched from,
        its AMP page); each is remembered so the article is recognised when reached by it again.
        ``update_pages``: a page added again by hand with other words updates the article stored
        at its address (``AlreadyHad.updated``; ``store.articles.update_page``).
        """
        with self.writing() as connection:
            # Looking for the article and storing it are one step for every process (module docstring).
            hold_lock(connection, StoreLock.ARTICLE_INGEST)
            return article_rows.keep_article(connection, article, also_urls, update_pages=update_pages)

    def get_article(self, article_id: int) -> StoredArticle:
        with self.reading() as connection:
            found = article_rows.get_article(connection, article_id)
        if found is None:
            raise NotFound("article", article_id)
        return found

    def get_articles(self, article_ids: Sequence[int]) -> list[StoredArticle]:
        with self.reading() as connection:
            return article_rows.get_articles(connection, article_ids)

    def list_articles(
        self, *, limit: int = 50, after: ArticleCursor | None = None, outlet: str | None = None
    ) -> list[StoredArticle]:
        with self.reading() as connection:
            return article_rows.list_articles(connection, limit=limit, after=after, outlet=outlet)

    def count_articles(self) -> int:
        with self.reading() as connection:
            return article_rows.count_articles(connection)

    def list_outlets(self) -> list[OutletCount]:
        with self.reading() as connection:
            return article_rows.list_outlets(connection)

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        with self.reading() as connection:
            return search_articles(connection, query, limit=limit, offset=offset)

    # -- web reader (issue 4; owned by the web engineer) -------------------------------------

    def list_article_page(
        self,
        *,
        limit: int = 50,
        after: ArticleCursor | None = None,
        outlet: str | None = None,
        language: str | None = None,
    ) -> list[StoredArticle]:
        """Newest first, keyset-paged, filtered by outlet key and language code when given."""
        with self.reading() as connection:
            return browse.list_article_page(
                connection, limit=limit, after=after, outlet=outlet, language=language
            )

    def list_languages(self) -> list[str]:
        with self.reading() as connection:
            return browse.list_languages(connection)

    def list_outlet_names(self, *, limit: int = 1000) -> list[OutletName]:
        with self.reading() as connection:
            return browse.list_outlet_names(connection, limit=limit)

    def get_outlet_name(self, key: str) -> OutletName:
        """One outlet by key, without counting its articles; raises ``NotFound``."""
        with self.reading() as connection:
            found = browse.get_outlet_name(connection, key)
        if found is None:
            raise NotFound("outlet", key)
        return found

    def outlets_named(self, given: str) -> list[OutletName]:
        """The outlet whose domain ``given`` is, else every outlet of that name, case aside."""
        with self.reading() as connection:
            return browse.outlets_named(connection, given)

    def get_outlet(self, key: str) -> OutletCount:
        with self.reading() as connection:
            found = browse.get_outlet(connection, key)
        if found is None:
            raise NotFound("outlet", key)
        return found

    def story_places(self, article_ids: Sequence[int]) -> dict[int, StoryPlace]:
        """Each placed article's current story and the article it copies, by article id."""
        with self.reading() as connection:
            return browse.story_places(connection, article_ids)

    # -- sources (issue 5; owned by the fetcher engineer) --------------------------------------
    # Feeds and sitemaps polled on a schedule; the database is the queue (see store/sources.py).

    def subscribe(
        self,
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
        """Follow the source at ``url`` (created on first sight, due at once); idempotent.
        ``fetched_url``: where a temporary redirect led subscribing's fetch of it."""
        with self.writing() as connection:
            return source_rows.subscribe(
                connection,
                url,
                kind=kind,
                now=now,
                user_key=user_key,
                folder=folder,
                title=title,
                site_url=site_url,
                full_text=full_text,
                fetched_url=fetched_url,
            )

    def unsubscribe(self, source_id: int, *, user_key: str = "") -> None:
        with self.writing() as connection:
            source_rows.unsubscribe(connection, source_id, user_key)

    def get_source(self, source_id: int) -> Source:
        with self.reading() as connection:
            return source_rows.get_source(connection, source_id)

    def find_source(self, url: str) -> Source | None:
        with self.reading() as connection:
            return source_rows.find_source(connection, url)

    def find_followed(self, url: str) -> Source | None:
        """The source, not retired, that a subscription to ``url`` would follow (any equivalent
        form, or the target of its last poll's temporary redirect, never a private feed's);
        None when none is."""
        with self.reading() as connection:
            return source_rows.find_followed(connection, url)

    def resolve_source(
        self,
        source_id: int,
        *,
        kind: SourceKindName,
        url: str,
        now: datetime,
        title: str | None = None,
        site_url: str | None = None,
    ) -> Source:
        """Make a source the sitemap or feed its address proved to be (merged into the source
        already at ``url``, if one is, made active again if it was retired: then this one comes
        back retired)."""
        with self.writing() as connection:
            return poll_rows.resolve_source(
                connection, source_id, kind=kind, url=url, now=now, title=title, site_url=site_url
            )

    def set_source_options(
        self, source_id: int, *, now: datetime, full_text: FullText | None = None, resume: bool = False
    ) -> Source:
        with self.writing() as connection:
            return source_rows.set_options(connection, source_id, now=now, full_text=full_text, resume=resume)

    def claim_due_sources(self, now: datetime, *, limit: int, lease: timedelta) -> list[Source]:
        """Claim up to ``limit`` due sources, each by an UPDATE that must hit exactly its one row."""
        with self.writing() as connection:
            # One transaction for the batch; each claim still counts only if its UPDATE hit its row.
            candidates = poll_rows.due_source_ids(connection, now, limit)
            claimed_ids = [
                source_id
                for source_id in candidates
                if poll_rows.claim_source(connection, source_id, now, lease)
            ]
            return source_rows.get_sources(connection, claimed_ids)

    def claim_source_now(self, source_id: int, now: datetime, *, lease: timedelta) -> Source | None:
        """Claim one source whether due or not (manual refresh); None while a worker holds it."""
        with self.writing() as connection:
            source_rows.get_source(connection, source_id)
            if not poll_rows.claim_now(connection, source_id, now, lease):
                return None
            return source_rows.get_source(connection, source_id)

    def next_due_at(self) -> datetime | None:
        with self.reading() as connection:
            return poll_rows.next_due_at(connection)

    def release_source(self, source_id: int, claimed_until: datetime) -> bool:
        """Hand back the claim that set ``claimed_until`` (the claimed ``Source``'s); False when
        it had already expired, whether or not another worker has claimed the source since."""
        with self.writing() as connection:
            return poll_rows.release_claim(connection, source_id, claimed_until)

    def known_item_keys(self, source_id: int, item_keys: Sequence[str]) -> set[str]:
        with self.reading() as connection:
            return poll_rows.known_item_keys(connection, source_id, item_keys)

    def known_entries(self, source_id: int, locator: str, item_keys: Sequence[str]) -> dict[str, KnownEntry]:
        """Which of ``item_keys`` this source (known in provenance as ``locator``) has taken
        before, with the fingerprint of each entry's words and whether it supplied its article."""
        with self.reading() as connection:
            return poll_rows.known_entries(connection, source_id, locator, item_keys)

    def known_article_urls(self, urls: Sequence[str]) -> set[str]:
        with self.reading() as connection:
            return poll_rows.known_urls(connection, urls)

    def recent_publication_times(self, source_id: int, since: datetime) -> list[datetime]:
        with self.reading() as connection:
            return poll_rows.recent_publication_times(connection, source_id, since)

    def publication_times(self, source_ids: Sequence[int], since: datetime) -> dict[int, list[datetime]]:
        with self.reading() as connection:
            return poll_rows.publication_times(connection, source_ids, since)

    def record_poll(self, source_id: int, poll: PollSuccess) -> list[tuple[NewItem, AddOutcome | None]]:
        """Keep a poll's articles, items, validators and next check in one transaction."""
        with self.writing() as connection:
            if poll.items:
                hold_lock(connection, StoreLock.ARTICLE_INGEST)
            return poll_rows.record_poll(connection, source_id, poll)

    def due_pages(self, source_id: int, now: datetime, *, limit: int) -> list[WantedPage]:
        """Teaser entries of the source whose linked page is due to be fetched again."""
        with self.reading() as connection:
            return poll_rows.due_pages(connection, source_id, now, limit)

    def record_quiet_polls(self, polls: Sequence[tuple[int, PollSuccess]]) -> None:
        """Keep many polls that brought no entries (304s) in one transaction."""
        with self.writing() as connection:
            poll_rows.record_quiet_polls(connection, polls)

    def record_poll_failure(self, source_id: int, failure: PollFailure) -> Source:
        with self.writing() as connection:
            return poll_rows.record_failure(connection, source_id, failure)

    def source_health(self, now: datetime, *, user_key: str | None = "") -> list[SourceHealth]:
        with self.reading() as connection:
            return source_rows.list_health(connection, now, user_key)

    def subscriptions(self, *, user_key: str = "") -> list[Subscription]:
        with self.reading() as connection:
            return source_rows.list_subscriptions(connection, user_key)

    # -- stories (issue 2: tidings/store/stories.py) -------------------------------------------

    def copy_candidates(self, content_hash: str, band_keys: Sequence[str]) -> list[CopyCandidate]:
        """``dedupe.CopyIndex``: stored articles with this hash or sharing an LSH band."""
        with self.reading() as connection:
            return story_rows.copy_candidates(connection, content_hash, band_keys)

    def copy_group(self, original_id: int) -> list[CopyCandidate]:
        """``dedupe.CopyIndex``: an original and the placed articles recorded as its copies."""
        with self.reading() as connection:
            return story_rows.copy_group(connection, original_id)

    def record_placement(
        self,
        *,
        subject: CopySubject,
        title: str,
        features: StoredFeatures,
        copy: CopyMatch | None,
        decision: StoryDecision,
        headline: tuple[int, str] | None,
        now: datetime,
        expected_clock: int,
        settled: Sequence[StoryDecision] = (),
        copy_changes: Sequence[CopyChange] = (),
        headlines: Sequence[tuple[int, int, str]] = (),
    ) -> Placement:
        """Keep an article's fingerprint, features and story in one transaction (merges recorded,
        with those of the re-checks it made due: ``settled``; the copy records of its writing
        that its arrival changed: ``copy_changes``, with the ``headlines`` of their stories).
        ``decision`` was made by a memory current at the story clock ``expected_clock``; if the
        clock reads another count, nothing is kept and ``StaleStoryMemory`` is raised (the memory
        is out of date: catch it up and decide again)."""
        with self.writing() as connection:
            return story_rows.record_placement(
                connection,
                subject=subject,
                title=title,
                features=features,
                copy=copy,
                decision=decision,
                headline=headline,
                now=now,
                expected_clock=expected_clock,
                settled=settled,
                copy_changes=copy_changes,
                headlines=headlines,
            )

    def record_features_again(
        self,
        *,
        subject: CopySubject,
        features: StoredFeatures,
        expected_clock: int,
        copy_changes: Sequence[CopyChange] = (),
        headlines: Sequence[tuple[int, int, str]] = (),
    ) -> bool:
        """Replace a placed article's fingerprint and features, its text having changed (a teaser
        completed by its page), with the copy records its new words change (``copy_changes``,
        and the ``headlines`` chosen with them); whether it was placed. Its story stays. Fenced
        by the story clock as ``record_placement`` is."""
        with self.writing() as connection:
            return story_rows.record_features_again(
                connection,
                subject=subject,
                features=features,
                expected_clock=expected_clock,
                copy_changes=copy_changes,
                headlines=headlines,
            )

    @contextmanager
    def placement_turn(self) -> Iterator[int]:
        """This process's turn to place articles among stories: every other thread and process
        placing into this store waits until the block ends. Yields the story clock (how many
        placements the store holds) as the turn began: a memory of the stories read at another
        count is out of date. A turn can be lost unnoticed (its PostgreSQL connection dropped, its
        lock file removed): the placements written in it are fenced by the clock all the same
        (``record_placement``'s ``expected_clock``)."""
        try:
            with hold_turn(self.engine, StoreLock.STORY_PLACEMENT):
                with self.reading() as connection:
                    placements = story_rows.story_clock_reading(connection)
                yield placements
        except SQLAlchemyError as exc:
            # Taking the turn connects outside ``reading`` and ``writing``: a server gone since
            # the batch was stored is said in the same one line.
            if not is_unusable_database(exc):
                raise
            raise database_failure(self.engine, exc, "write to") from exc

    def unplaced_article_ids(self, *, limit: int = 1000) -> list[int]:
        """Stored articles not yet placed among stories (an interrupted batch), oldest first."""
        with self.reading() as connection:
            return story_rows.unplaced_article_ids(connection, limit=limit)

    def stale_described_ids(self, *, limit: int = 1000) -> list[int]:
        """Placed articles whose story features were made from an earlier text (a completed
        teaser not yet described again), oldest first."""
        with self.reading() as connection:
            return story_rows.stale_described_ids(connection, limit=limit)

    def story_state(self, model: str, *, after_clock: int | None = None) -> StoryState:
        """What clustering needs to rebuild its memory after a restart; with ``after_clock``, what
        was placed since the story clock read that (another process's placements)."""
        with self.reading() as connection:
            return story_rows.load_story_state(connection, model, after_clock=after_clock)

    def list_stories(
        self, *, limit: int = 50, after: StoryCursor | None = None, min_outlets: int = 1
    ) -> list[Story]:
        """Current stories, most recently active first; a keyset page after ``after``."""
        with self.reading() as connection:
            return story_rows.list_stories(connection, limit=limit, after=after, min_outlets=min_outlets)

    def outlet_stories(self, outlet_key: str, *, limit: int = 20) -> list[Story]:
        """Current stories an outlet has covered, by its latest article in each, newest first."""
        with self.reading() as connection:
            return story_rows.outlet_stories(connection, outlet_key, limit=limit)

    def outlet_icon(self, outlet_key: str) -> OutletIcon | None:
        """The outlet's icon row (its image, or why there is none), or None if never tried."""
        with self.reading() as connection:
            return icon_rows.get_outlet_icon(connection, outlet_key)

    def outlet_keys_with_icons(self) -> frozenset[str]:
        """The keys of outlets whose icon the reader can show."""
        with self.reading() as connection:
            return icon_rows.outlet_keys_with_icons(connection)

    def record_outlet_icon(self, outlet_key: str, attempt: IconAttempt) -> bool:
        """Keep an attempt to fetch the outlet's icon; False if the outlet is unknown."""
        with self.writing() as connection:
            return icon_rows.record_outlet_icon(connection, outlet_key, attempt)

    def get_stories(self, story_ids: Sequence[int]) -> list[Story]:
        """These stories with their outlets, in the order asked; unknown ids are left out."""
        with self.reading() as connection:
            return story_rows.get_stories(connection, story_ids)

    def recount_story_coverage(self, story_ids: Sequence[int]) -> None:
        """Rebuild these stories' coverage totals from their memberships (a store filled in bulk)."""
        with self.writing() as connection:
            for story_id in story_ids:
                story_rows.recount_story_coverage(connection, story_id)

    def current_story_id(self, story_id: int) -> int:
        """The story ``story_id`` is part of now, following merges."""
        with self.reading() as connection:
            return story_rows.current_story_id(connection, story_id)

    def get_story(self, story_id: int) -> StoryDetail:
        with self.reading() as connection:
            found = story_rows.get_story(connection, story_id)
        if found is None:
            raise NotFound("story", story_id)
        return found

    # -- understanding (issue 3: tidings/store/understanding.py) -------------------------------

    def articles_without_entities(self, *, limit: int = 100) -> list[StoredArticle]:
        """Stored articles not yet read for entities, newest first."""
        with self.reading() as connection:
            ids = understanding_rows.articles_without_entities(connection, limit=limit)
            return article_rows.get_articles(connection, ids)

    def count_articles_without_entities(self) -> int:
        with self.reading() as connection:
            return understanding_rows.count_articles_without_entities(connection)

    def record_entities(
        self, article_id: int, entities: Sequence[Entity], *, analyser: str, now: datetime
    ) -> None:
        """Keep an article's entities (replacing any kept before) and mark it read."""
        with self.writing() as connection:
            understanding_rows.record_entities(connection, article_id, entities, analyser=analyser, now=now)

    def entity_stories(
        self,
        key: str | EntityMatch,
        *,
        limit: int = 20,
        newest_first: bool = False,
        after: StoryCursor | None = None,
    ) -> list[EntityStory]:
        """Current stories naming the entity ``key`` (a normalised key, or a person's surname, or
        what ``kept_entity`` found), most mentions first; ``newest_first``: a keyset page of them,
        most recently active first."""
        with self.reading() as connection:
            return understanding_rows.entity_stories(
                connection, key, limit=limit, newest_first=newest_first, after=after
            )

    def kept_entity(
        self, keys: Sequence[str], person_key: str, *, personal_title: bool = False
    ) -> EntityMatch | None:
        """The first of ``keys`` an entity is kept under, else ``person_key`` if a person is kept
        under it, with the rows that are then the entity's; None if neither is kept
        (``understanding.kept_entity``)."""
        with self.reading() as connection:
            return understanding_rows.kept_entity(connection, keys, person_key, personal_title=personal_title)

    def story_summary(self, story_id: int) -> tuple[str, StorySummary] | None:
        """The kept summary of a story and the fingerprint it was made for, or None."""
        with self.reading() as connection:
            return understanding_rows.load_summary(connection, story_id)

    def kept_summaries(self, story_ids: Sequence[int]) -> dict[int, StorySummary]:
        """The kept summaries of these stories, however old, in one read (for lists)."""
        with self.reading() as connection:
            return understanding_rows.load_summaries(connection, story_ids)

    def articles_entities_by_story(
        self, story_ids: Sequence[int], *, limit: int, min_articles: int
    ) -> dict[int, tuple[Entity, ...]]:
        """Each story's entities as its articles' own readings name them (stories with none left out)."""
        with self.reading() as connection:
            return understanding_rows.articles_entities_by_story(
                connection, story_ids, limit=limit, min_articles=min_articles
            )

    def save_story_summary(
        self, story_id: int, fingerprint: str, summary: StorySummary, *, now: datetime
    ) -> None:
        with self.writing() as connection:
            understanding_rows.save_summary(connection, story_id, fingerprint, summary, now=now)

    def story_coverage(
        self, *, since: datetime, joined_since: datetime, limit: int = 1000
    ) -> list[StoryCoverage]:
        """What ``rank.top_stories`` needs of the stories active since ``since``, with the
        outlets that joined them since ``joined_since``."""
        with self.reading() as connection:
            return understanding_rows.story_coverage(
                connection, since=since, joined_since=joined_since, limit=limit
            )

    def related_candidates(
        self, story_id: int, *, limit: int = 200
    ) -> tuple[StoryProfile, list[StoryProfile]]:
        """The story's profile and those of the stories sharing an entity with it."""
        with self.reading() as connection:
            candidate_ids = understanding_rows.stories_sharing_entities(connection, story_id, limit=limit)
            profiles = understanding_rows.story_profiles(connection, [story_id, *candidate_ids])
        if not profiles or profiles[0].story.story_id != story_id:
            raise NotFound("story", story_id)
        return profiles[0], profiles[1:]
