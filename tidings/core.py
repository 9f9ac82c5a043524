"""The ``Tidings`` facade: one method per use case, called by every front end.

The web reader, the JSON API, the CLI and background jobs all go through this class, so that a
use case behaves the same whichever door it is reached by. It holds the settings and opens the
store lazily (migrating it on first use); it does no work of its own beyond wiring the pipeline,
the store and the stages together.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, cast

from tidings import rank
from tidings.config import Settings, load_settings
from tidings.errors import InputError
from tidings.model import (
    Article,
    Entity,
    RankedStory,
    RawDocument,
    RelatedStory,
    SourceKind,
    StoredArticle,
    Story,
    StoryDetail,
    StorySummary,
)
from tidings.rank import RankSettings
from tidings.sample import sample_documents
from tidings.store import (
    ArticleCursor,
    EntityMatch,
    EntityStory,
    OutletCount,
    OutletIcon,
    OutletName,
    SearchHit,
    Store,
    StoryCursor,
    StoryPlace,
)
from tidings.store.sources import FullText, Source, SourceHealth

# The stages' modules (extraction, gathering, stories, summaries, polling) are imported in the
# methods that use them, not here: together they load scikit-learn, SciPy, usearch, trafilatura
# and httpx (over a second), which the commands that only read the store never need
# (tests/cli/test_startup.py).
if TYPE_CHECKING:
    from tidings.cluster import ClusterPolicy
    from tidings.gather import FileStarted
    from tidings.gather.transport import Connector, Resolver
    from tidings.jobs import PollReport, Refresher, Scheduler
    from tidings.jobs import subscribe as subscribing
    from tidings.pipeline import ExtractArticle, IngestOutcome
    from tidings.stories import StoryAnswer, StoryDesk, StoryItem
    from tidings.summarize import LazyModels

__all__ = ["AnalyseEntities", "Tidings"]

log = logging.getLogger(__name__)

# At most this many of a story's entities come from its articles' own readings, when its
# summary names none (``Tidings._with_articles_entities``): a card shows 5 and a story page 12.
STORY_ENTITIES_FROM_ARTICLES = 40
# ... and each must be named by this many of its articles: the entity reader's small model misreads
# some title-case headlines ("Sheryl Sandberg Launches" a person), seldom two alike.
ARTICLES_NAMING_A_STORY_ENTITY = 2

# Where entities are read: articles in; the analyser's name and each article's entities out.
AnalyseEntities = Callable[[Sequence[StoredArticle]], tuple[str, list[tuple[Entity, ...]]]]


def utc_now() -> datetime:
    return datetime.now(UTC)


class Tidings:
    """Everything Tidings can do, on one store."""

    def __init__(self, settings: Settings | None = None, *, store: Store | None = None) -> None:
        self.settings = settings if settings is not None else load_settings()
        self._store = store
        self._store_lock = threading.Lock()
        self._stories: StoryDesk | None = None

    @property
    def store(self) -> Store:
        """The store, opened and migrated to this version's schema on first use."""
        with self._store_lock:
            if self._store is None:
                opened = Store.open(self.settings.resolved_database_url)
                opened.migrate()
                self._store = opened
            return self._store

    def migrate(self) -> list[str]:
        """Open the store and bring it to this version's schema: the revisions applied, oldest
        first (none where it was up to date). ``store`` does this on first use, silently."""
        with self._store_lock:
            if self._store is None:
                self._store = Store.open(self.settings.resolved_database_url)
            return self._store.migrate()

    def close(self) -> None:
        if self._stories is not None:
            self._stories.save()
            self._stories = None
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Tidings:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def _extract_article(self) -> ExtractArticle:
        """Extraction in time-limited worker processes (``tidings.extract.sandbox``) unless the
        limit is off: input from files, pastes and the web is never trusted."""
        from tidings.extract import extract  # noqa: PLC0415 - heavy, see the imports
        from tidings.extract.sandbox import SANDBOX_SUPPORTED, shared_sandbox  # noqa: PLC0415 - heavy, see the imports

        if self.settings.extract_timeout_s == 0 or not SANDBOX_SUPPORTED:
            return extract
        return shared_sandbox(self.settings.extract_timeout_s, self.settings.extract_memory_mb).extract

    @property
    def _extraction_parallel(self) -> int:
        """Documents of a batch extracted at once: ``extract_workers`` worker processes, or one at a
        time in this process (threads would only take turns holding the GIL)."""
        from tidings.extract import extract  # noqa: PLC0415 - heavy, see the imports

        return self.settings.extract_workers if self._extract_article is not extract else 1

    def warm_extraction(self) -> None:
        """Start an extraction worker in the background (the web server does, as it starts)."""
        from tidings.extract import extract  # noqa: PLC0415 - heavy, see the imports
        from tidings.extract.sandbox import shared_sandbox  # noqa: PLC0415 - heavy, see the imports

        if self._extract_article is not extract:
            shared_sandbox(self.settings.extract_timeout_s, self.settings.extract_memory_mb).warm()

    # -- articles -----------------------------------------------------------------------------

    def extract_paths(self, paths: Sequence[str]) -> Iterator[tuple[str, Article | InputError]]:
        """Read and extract files without touching the store (``tidings extract``)."""
        from tidings.gather import gather_paths  # noqa: PLC0415 - heavy, see the imports
        from tidings.pipeline import extract_documents  # noqa: PLC0415 - heavy, see the imports

        documents = gather_paths(paths, max_bytes=self.settings.max_document_bytes, now=utc_now())
        return extract_documents(
            documents, extract_article=self._extract_article, parallel=self._extraction_parallel
        )

    def add_paths(
        self, paths: Sequence[str], *, now: datetime | None = None, on_file: FileStarted | None = None
    ) -> Iterator[IngestOutcome]:
        """Ingest files, folders or standard input (``-``) into the store (``tidings add``);
        ``on_file`` hears each file's name as reading it begins (for a progress bar)."""
        from tidings.gather import gather_paths  # noqa: PLC0415 - heavy, see the imports

        moment = now or utc_now()
        documents = gather_paths(
            paths, max_bytes=self.settings.max_document_bytes, now=moment, on_file=on_file
        )
        return self.ingest(documents, now=moment)

    @staticmethod
    def count_files(paths: Sequence[str]) -> int | None:
        """How many files ``add_paths`` will read (None when standard input is among them)."""
        from tidings.gather import count_files  # noqa: PLC0415 - heavy, see the imports

        return count_files(paths)

    def add_content(
        self,
        body: bytes,
        *,
        name: str,
        kind: SourceKind = "paste",
        url: str | None = None,
        content_type: str | None = None,
        now: datetime | None = None,
    ) -> list[IngestOutcome]:
        """Ingest pasted or uploaded content: a page's HTML or text, or a feed document."""
        from tidings.gather import gather_bytes  # noqa: PLC0415 - heavy, see the imports

        moment = now or utc_now()
        try:
            documents: list[RawDocument | InputError] = list(
                gather_bytes(
                    body,
                    locator=name,
                    kind=kind,
                    url=url,
                    content_type=content_type,
                    max_bytes=self.settings.max_document_bytes,
                    now=moment,
                )
            )
        except InputError as error:
            documents = [error]
        return list(self.ingest(documents, now=moment))

    def ingest(
        self, documents: Iterable[RawDocument | InputError], *, now: datetime
    ) -> Iterator[IngestOutcome]:
        from tidings.pipeline import ingest_documents  # noqa: PLC0415 - heavy, see the imports

        return ingest_documents(
            documents,
            self.store,
            now=now,
            stories=self.stories,
            extract_article=self._extract_article,
            parallel=self._extraction_parallel,
        )

    def load_sample(self, *, now: datetime | None = None) -> Iterator[IngestOutcome]:
        """Ingest the bundled sample of real headlines (idempotent: a second load adds nothing)."""
        moment = now or utc_now()
        return self.ingest(sample_documents(fetched_at=moment), now=moment)

    def article(self, article_id: int) -> StoredArticle:
        return self.store.get_article(article_id)

    def articles(
        self, *, limit: int = 50, after: ArticleCursor | None = None, outlet: str | None = None
    ) -> list[StoredArticle]:
        return self.store.list_articles(limit=limit, after=after, outlet=outlet)

    def outlets(self) -> list[OutletCount]:
        return self.store.list_outlets()

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        return self.store.search(query, limit=limit, offset=offset)

    # -- web reader (issue 4; owned by the web engineer) -----------------------------------------

    def latest_articles(
        self,
        *,
        limit: int = 50,
        after: ArticleCursor | None = None,
        outlet: str | None = None,
        language: str | None = None,
    ) -> list[StoredArticle]:
        """Newest articles first, keyset-paged, optionally of one outlet (key) and one language."""
        return self.store.list_article_page(limit=limit, after=after, outlet=outlet, language=language)

    def languages(self) -> list[str]:
        """The language codes of stored articles."""
        return self.store.list_languages()

    def outlet_names(self, *, limit: int = 1000) -> list[OutletName]:
        """Outlets by name, without counts (cheap: for filters and menus)."""
        return self.store.list_outlet_names(limit=limit)

    def outlet(self, key: str) -> OutletCount:
        """One outlet by key (its domain, else its folded name); raises ``NotFound``."""
        return self.store.get_outlet(key)

    def outlet_name(self, key: str) -> OutletName:
        """One outlet by key, without counting its articles (a filter's check); raises ``NotFound``."""
        return self.store.get_outlet_name(key)

    def outlets_named(self, given: str) -> list[OutletName]:
        """The outlets a person means by ``given`` (``tidings articles --outlet``): the one whose
        domain it is, alone; else every one of that name, case aside (an outlet without a domain
        is keyed by its folded name, so it is among them). Two outlets may share a name (allAfrica
        republishing as "Voice of America" beside voanews.com), so there may be several; none when
        the store holds no such outlet."""
        return self.store.outlets_named(given)

    def story_places(self, article_ids: Sequence[int]) -> dict[int, StoryPlace]:
        """Where each of these articles stands among stories (unplaced ones are left out)."""
        return self.store.story_places(article_ids)

    def kept_story_summaries(self, story_ids: Sequence[int]) -> dict[int, StorySummary]:
        """The summaries kept for these stories, however old, without making any (cheap, for lists)."""
        return self._with_articles_entities(self.store.kept_summaries(story_ids))

    def _with_articles_entities(self, summaries: dict[int, StorySummary]) -> dict[int, StorySummary]:
        """``summaries``, those that name no one given the entities their stories' articles name.

        A summary reads only article text, so a story of headlines (feeds without text are common)
        names no one, though the entity reader has read each headline. Read from the store each
        time rather than kept in the summary: the entity reader reads new articles after the
        summary is made, and a kept summary is made again only when the story's words change."""
        wanting = [story_id for story_id, summary in summaries.items() if not summary.entities]
        if not wanting:
            return summaries
        found = self.store.articles_entities_by_story(
            wanting, limit=STORY_ENTITIES_FROM_ARTICLES, min_articles=ARTICLES_NAMING_A_STORY_ENTITY
        )
        return {
            story_id: replace(summary, entities=found[story_id]) if story_id in found else summary
            for story_id, summary in summaries.items()
        }

    def articles_by_id(self, article_ids: Sequence[int]) -> list[StoredArticle]:
        """These articles, in the order asked; unknown ids are left out."""
        return self.store.get_articles(article_ids)

    # -- understanding (issue 3; owned by the understanding engineer) ---------------------------

    @functools.cached_property
    def understanding_models(self) -> LazyModels:
        """The NER pipeline and sentence encoder, loaded on first use and kept."""
        from tidings.summarize import LazyModels  # noqa: PLC0415 - heavy, see the imports

        return LazyModels(cache_dir=self._model_cache)

    def summarize_articles(self, articles: Sequence[StoredArticle]) -> StorySummary:
        """Summary, agreement and entities of one story's articles, without the store
        (``tidings summarize``)."""
        from tidings.summarize import summarize  # noqa: PLC0415 - heavy, see the imports

        models = self.understanding_models
        return summarize(articles, analyser=models.analyser, encoder=models.encoder)

    def read_pending_entities(
        self, *, batch: int = 64, now: datetime | None = None, analyse: AnalyseEntities | None = None
    ) -> int:
        """Read the entities of up to ``batch`` stored articles not read yet; how many were read.
        Call until it returns 0 to read them all (``tidings entity`` does, with a progress bar).
        ``analyse``: where the pipeline runs (the server's ``EntityProcess.read``); in this
        process when None."""
        moment = now or utc_now()
        pending = self.store.articles_without_entities(limit=batch)
        if not pending:
            return 0
        if analyse is None:
            from tidings.summarize import read_entities  # noqa: PLC0415 - heavy, see the imports

            analyser = self.understanding_models.analyser
            name, found = analyser.name, read_entities(pending, analyser=analyser)
        else:
            name, found = analyse(pending)
        for stored, entities in zip(pending, found, strict=True):
            self.store.record_entities(stored.article_id, entities, analyser=name, now=moment)
        return len(pending)

    def count_pending_entities(self) -> int:
        return self.store.count_articles_without_entities()

    def entity_stories(
        self, name: str, *, limit: int = 20, newest_first: bool = False, after: StoryCursor | None = None
    ) -> list[EntityStory]:
        """Stories naming an entity, by name or kept key (``entity_key``: "President Putin", "Putin"
        and "Vladimir Putin" find the same stories, "General Motors" and "general motors" the
        company; "Justice Jackson" the person, not the city), most mentions first; ``newest_first``:
        most recently active first, a keyset page after ``after``."""
        match = self._entity_match(name)
        if not match.key:
            return []
        return self.store.entity_stories(match, limit=limit, newest_first=newest_first, after=after)

    def entity_key(self, name: str) -> str:
        """The key of the kept entity a name or a kept key stands for: the name whole when an
        entity is kept so ("general motors", "st louis", as an entity link carries it), else the
        name without a person's titles when a person is kept so ("President Putin" → "putin");
        the name's whole key when neither is (see ``summarize.entities.NameLookup``). A name with
        a personal title whose whole key is kept only as an organisation or place is the person
        ("President Biden" → "biden", though a model filed "president biden" as a company)."""
        return self._entity_match(name).key

    def _entity_match(self, name: str) -> EntityMatch:
        from tidings.summarize.entities import name_lookup  # noqa: PLC0415 - heavy, see the imports

        lookup = name_lookup(name)
        kept = self.store.kept_entity(
            (lookup.as_given, lookup.whole), lookup.as_person, personal_title=lookup.personal_title
        )
        return EntityMatch(lookup.whole) if kept is None else kept

    def story_summary(
        self, story_id: int, *, now: datetime | None = None, detail: StoryDetail | None = None
    ) -> StorySummary:
        """A stored story's summary, agreement and entities; kept, and made again only when the
        story's articles have changed. ``detail``: the story as the caller just read it."""
        from tidings.summarize import summary_fingerprint  # noqa: PLC0415 - heavy, see the imports

        if detail is None or detail.story.story_id != story_id:
            detail = self.store.get_story(story_id)
        if detail.story.merged_into is not None:
            # Its articles are in another story now (``story``): nothing of its own to summarise,
            # and nothing to keep.
            return StorySummary(sentences=(), agreed=(), only=(), entities=())
        members = [member.article for member in detail.members]
        fingerprint = summary_fingerprint(members)
        kept = self.store.story_summary(story_id)
        if kept is not None and kept[0] == fingerprint:
            return self._with_articles_entities({story_id: kept[1]})[story_id]
        summary = self.summarize_articles(members)
        self.store.save_story_summary(story_id, fingerprint, summary, now=now or utc_now())
        return self._with_articles_entities({story_id: summary})[story_id]

    def top_stories(self, *, now: datetime | None = None, limit: int = 20) -> list[RankedStory]:
        """Current stories ranked by breadth, velocity, freshness and originality, best first."""
        moment = now or utc_now()
        settings = RankSettings(half_life_hours=self.settings.top_half_life_hours)
        coverage = self.store.story_coverage(
            since=moment - timedelta(hours=self.settings.top_window_hours),
            joined_since=moment - timedelta(hours=settings.velocity_window_hours),
        )
        ranked = rank.top_stories(coverage, moment, settings, limit=limit)
        # Ranking reads stories without their outlet names; only the chosen few need them.
        named = {
            story.story_id: story for story in self.store.get_stories([r.story.story_id for r in ranked])
        }
        return [replace(item, story=named.get(item.story.story_id, item.story)) for item in ranked]

    def ranked_as_of(self, now: datetime | None = None) -> datetime:
        """The moment top stories are ranked as of (``rank.ranking_moment``), the newest story
        read from the store; the web front page applies the same rule to the stories it lists."""
        newest = self.store.list_stories(limit=1)
        return rank.ranking_moment(
            now or utc_now(),
            newest[0].last_seen if newest else None,
            timedelta(hours=self.settings.top_window_hours),
        )

    def related_stories(self, story_id: int, *, limit: int = 10) -> list[RelatedStory]:
        """Other stories nearest this one by words and shared entities, nearest first; none for a
        story merged into another (its articles are there now: ``current_story_id``)."""
        if self.store.current_story_id(story_id) != story_id:
            return []
        target, candidates = self.store.related_candidates(story_id)
        return rank.related_stories(target, candidates, limit=limit)

    # -- stories (issue 2; owned by the stories engineer) ---------------------------------------

    @property
    def stories(self) -> StoryDesk:
        """Places each new article in a story; its ANN index lives in the data folder."""
        from tidings.cluster.embed import embedder_named  # noqa: PLC0415 - heavy, see the imports
        from tidings.stories import StoryDesk  # noqa: PLC0415 - heavy, see the imports

        with self._store_lock:
            if self._stories is None:
                self._stories = StoryDesk(
                    self._store_for_stories(),
                    embedder=embedder_named(self.settings.story_model, cache_dir=self._model_cache),
                    index_path=self.settings.data_dir / "stories" / f"{self.settings.story_model}.usearch",
                    policy=self._story_policy(),
                )
            return self._stories

    def _store_for_stories(self) -> Store:
        if self._store is None:
            opened = Store.open(self.settings.resolved_database_url)
            opened.migrate()
            self._store = opened
        return self._store

    def list_stories(
        self, *, limit: int = 50, after: StoryCursor | None = None, min_outlets: int = 1
    ) -> list[Story]:
        """Current stories, most recently active first; a keyset page after ``after``."""
        return self.store.list_stories(limit=limit, after=after, min_outlets=min_outlets)

    def outlet_stories(self, outlet_key: str, *, limit: int = 20) -> list[Story]:
        """Current stories an outlet has covered, by its latest article in each, newest first."""
        return self.store.outlet_stories(outlet_key, limit=limit)

    def outlet_icon(self, outlet_key: str) -> OutletIcon | None:
        """The outlet's stored icon (image or the reason there is none), or None if never tried."""
        return self.store.outlet_icon(outlet_key)

    def outlet_keys_with_icons(self) -> frozenset[str]:
        return self.store.outlet_keys_with_icons()

    def story(self, story_id: int) -> StoryDetail:
        """One story: its articles, merges, earlier and later coverage. A story merged into another
        keeps its id but holds nothing of its own: its ``merged_into`` names the story its articles
        are in now, following later merges (a survivor may itself have been merged since), and its
        counts and outlets are those of no articles (the store keeps those it had when merged)."""
        detail = self.store.get_story(story_id)
        if detail.story.merged_into is None:
            return detail
        emptied = replace(
            detail.story,
            merged_into=self.store.current_story_id(detail.story.merged_into),
            article_count=0,
            outlet_count=0,
            outlet_refs=(),
            original_outlet_count=0,
        )
        return replace(detail, story=emptied, members=())

    def current_story_id(self, story_id: int) -> int:
        """The story a (merged) story's articles are in now."""
        return self.store.current_story_id(story_id)

    def cluster_batch(self, items: Iterable[StoryItem]) -> list[StoryAnswer]:
        """Copies and stories of a batch, without the store (``tidings cluster``)."""
        from tidings.cluster.embed import embedder_named  # noqa: PLC0415 - heavy, see the imports
        from tidings.stories import cluster_items  # noqa: PLC0415 - heavy, see the imports

        return cluster_items(
            items,
            embedder=embedder_named(self.settings.story_model, cache_dir=self._model_cache),
            policy=self._story_policy(),
        )

    @property
    def _model_cache(self) -> Path:
        """Models derived from installed packages (MiniLM's ONNX export) live here."""
        return self.settings.resolved_model_cache_dir

    def _story_policy(self) -> ClusterPolicy:
        from tidings.cluster import ClusterPolicy  # noqa: PLC0415 - heavy, see the imports

        return ClusterPolicy(silence=timedelta(days=self.settings.story_silence_days))

    # -- sources (issue 5; owned by the fetcher engineer) ----------------------------------------
    # Subscriptions, OPML and polling. The network side is async; these methods run it to the end
    # for the CLI, and ``scheduler()`` gives an asyncio application the same loop to run inside.

    _placing_lock = threading.Lock()

    def _extract_one(self, document: RawDocument) -> Article:
        """One document through the pipeline's extraction; its ``InputError`` is raised."""
        from tidings.pipeline import extract_documents  # noqa: PLC0415 - heavy, see the imports

        ((_name, result),) = extract_documents([document], extract_article=self._extract_article)
        if isinstance(result, InputError):
            raise result
        return result

    def _place_new_articles(self, added: Sequence[tuple[int, Article]], now: datetime) -> None:
        """Give articles a poll stored for the first time their place among stories.

        Polls finish on several threads at once; the story desk takes one poll's articles at a
        time, their features computed in one batch.
        """
        with self._placing_lock:
            desk = self.stories
            desk.place_many(added, now=now)
            desk.save()

    def _finish_stories(self, now: datetime) -> None:
        """Place stored articles a failed stories step left without a story, and describe again
        completed teasers it left with their teaser's features (the scheduler, now and then)."""
        with self._placing_lock:
            if self._stories is None and not self._stories_left_work():
                return  # the story model is not loaded for nothing (`tidings fetch` adding nothing)
            desk = self.stories
            placed = desk.place_unplaced(now=now)
            described = desk.describe_stale(now=now)
            if placed or described:
                log.info("stories: placed %d articles left unplaced, described %d again", placed, described)
                desk.save()

    def _stories_left_work(self) -> bool:
        """Whether a stories step left anything to finish: two queries of the store, no model."""
        store = self.store
        return bool(store.unplaced_article_ids(limit=1) or store.stale_described_ids(limit=1))

    def _describe_completed(self, article_ids: Sequence[int], now: datetime) -> None:
        """Make the story features of teasers a poll completed again from their full text."""
        with self._placing_lock:
            desk = self.stories
            desk.describe_again(article_ids, now=now)
            desk.save()

    def _refresher(
        self, *, resolver: Resolver | None = None, connector: Connector | None = None
    ) -> AbstractAsyncContextManager[Refresher]:
        from tidings.jobs.wiring import open_refresher  # noqa: PLC0415 - heavy, see the imports

        return open_refresher(
            self.store,
            self.settings,
            extract=self._extract_one,
            place_new=self._place_new_articles,
            describe_again=self._describe_completed,
            resolver=resolver,
            connector=connector,
        )

    def scheduler(
        self,
        *,
        on_report: Callable[[PollReport], None] | None = None,
        resolver: Resolver | None = None,
        connector: Connector | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> Scheduler:
        """The polling loop: ``await scheduler.start()`` in an asyncio app, ``stop()`` at shutdown.

        ``resolver``, ``connector`` and ``clock`` stand in for DNS, TCP and time (the benchmark).
        """
        from tidings.jobs import Scheduler  # noqa: PLC0415 - heavy, see the imports

        return Scheduler(
            self.store,
            lambda: self._refresher(resolver=resolver, connector=connector),
            concurrency=self.settings.fetch_concurrency,
            on_report=on_report,
            clock=clock,
            tidy_up=self._finish_stories,
        )

    def fetch_due(self, *, on_report: Callable[[PollReport], None] | None = None) -> list[PollReport]:
        """Poll every source that is due, once (``tidings fetch``)."""
        return asyncio.run(self.scheduler(on_report=on_report).run_once())

    def refresh_source(self, source_id: int) -> PollReport | None:
        """Poll one source now, due or not; None while a worker is polling it."""
        self.store.get_source(source_id)
        return asyncio.run(self.scheduler().refresh_now(source_id))

    def subscribe(
        self, url: str, *, folder: str = "", full_text: FullText | None = None, now: datetime | None = None
    ) -> subscribing.SubscribeResult:
        """Subscribe to the feed or sitemap behind any URL (``tidings subscribe``)."""
        from tidings.jobs import subscribe as subscribing  # noqa: PLC0415 - heavy, see the imports
        from tidings.jobs.wiring import open_fetcher  # noqa: PLC0415 - heavy, see the imports

        moment = now or utc_now()
        mode = full_text or cast(FullText, self.settings.full_text_default)

        async def run() -> subscribing.SubscribeResult:
            async with open_fetcher(self.settings) as fetcher:
                return await subscribing.subscribe_url(
                    self.store,
                    fetcher,
                    url,
                    now=moment,
                    folder=folder,
                    full_text=mode,
                    max_bytes=self.settings.max_document_bytes,
                )

        return asyncio.run(run())

    def import_opml(
        self, body: bytes, *, source: str, now: datetime | None = None
    ) -> subscribing.OpmlImportReport:
        """Store an OPML file's subscriptions without fetching them (``tidings import-opml``)."""
        from tidings.jobs import subscribe as subscribing  # noqa: PLC0415 - heavy, see the imports
        from tidings.jobs.wiring import net_policy  # noqa: PLC0415 - heavy, see the imports

        return subscribing.import_opml(
            self.store,
            net_policy(self.settings),
            body,
            source=source,
            now=now or utc_now(),
            full_text=cast(FullText, self.settings.full_text_default),
        )

    def export_opml(self, *, now: datetime | None = None) -> str:
        from tidings.jobs import subscribe as subscribing  # noqa: PLC0415 - heavy, see the imports

        return subscribing.export_opml(self.store, now=now or utc_now())

    def sources(self, *, now: datetime | None = None) -> list[SourceHealth]:
        """Every subscribed source with its health (``tidings sources``)."""
        return self.store.source_health(now or utc_now())

    def source(self, source_id: int) -> Source:
        return self.store.get_source(source_id)

    def set_source(
        self,
        source_id: int,
        *,
        full_text: FullText | None = None,
        resume: bool = False,
        now: datetime | None = None,
    ) -> Source:
        return self.store.set_source_options(
            source_id, now=now or utc_now(), full_text=full_text, resume=resume
        )

    def unsubscribe(self, source_id: int) -> None:
        self.store.unsubscribe(source_id)
