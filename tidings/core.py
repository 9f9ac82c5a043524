"""The ``Tidings`` facade: one method per use case, called by every front end.

The web reader, the JSON API, the CLI and background jobs all go through this class, so that a
use case behaves the same whichever door it is reached by. It holds the settings and opens the
store lazily (migrating it on first use); it does no work of its own beyond wiring the pipeline,
the store and the stages together.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime

from tidings.config import Settings, load_settings
from tidings.errors import InputError
from tidings.gather import gather_bytes, gather_paths
from tidings.model import Article, RawDocument, SourceKind, StoredArticle, StorySummary
from tidings.pipeline import IngestOutcome, extract_documents, ingest_documents
from tidings.sample import sample_documents
from tidings.summarize import LazyModels, summarize
from tidings.store import ArticleCursor, OutletCount, OutletName, SearchHit, Store

__all__ = ["Tidings"]


def utc_now() -> datetime:
    return datetime.now(UTC)


class Tidings:
    """Everything Tidings can do, on one store."""

    def __init__(self, settings: Settings | None = None, *, store: Store | None = None) -> None:
        self.settings = settings if settings is not None else load_settings()
        self._store = store
        self._store_lock = threading.Lock()

    @property
    def store(self) -> Store:
        """The store, opened and migrated to this version's schema on first use."""
        with self._store_lock:
            if self._store is None:
                opened = Store.open(self.settings.resolved_database_url)
                opened.migrate()
                self._store = opened
            return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Tidings:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- articles -----------------------------------------------------------------------------

    def extract_paths(self, paths: Sequence[str]) -> Iterator[tuple[str, Article | InputError]]:
        """Read and extract files without touching the store (``tidings extract``)."""
        documents = gather_paths(paths, max_bytes=self.settings.max_document_bytes, now=utc_now())
        return extract_documents(documents)

    def add_paths(self, paths: Sequence[str], *, now: datetime | None = None) -> Iterator[IngestOutcome]:
        """Ingest files, folders or standard input (``-``) into the store (``tidings add``)."""
        moment = now or utc_now()
        documents = gather_paths(paths, max_bytes=self.settings.max_document_bytes, now=moment)
        return self.ingest(documents, now=moment)

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
        return ingest_documents(documents, self.store, now=now)

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

    # -- understanding (issue 3; owned by the understanding engineer) ---------------------------

    @functools.cached_property
    def understanding_models(self) -> LazyModels:
        """The NER pipeline and sentence encoder, loaded on first use and kept."""
        return LazyModels()

    def summarize_articles(self, articles: Sequence[StoredArticle]) -> StorySummary:
        """Summary, agreement and entities of one story's articles, without the store
        (``tidings summarize``)."""
        models = self.understanding_models
        return summarize(articles, analyser=models.analyser, encoder=models.encoder)
