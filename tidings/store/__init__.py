"""The storage boundary: the only package that knows SQL exists.

``Store`` speaks the product's language (``add_article``, ``search``, ``list_articles``) and returns
the dataclasses of ``tidings.model``, never rows or sessions. Each method is one transaction.
SQLite allows one writer at a time: write transactions take ``BEGIN IMMEDIATE`` and a process-wide
lock, so concurrent writers in one process queue instead of failing, and writers in other
processes wait out the busy timeout.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from tidings.errors import NotFound, StoreError
from tidings.model import AddOutcome, Article, StoredArticle
from tidings.store import articles as article_rows
from tidings.store import browse
from tidings.store import migrate
from tidings.store.articles import ArticleCursor, OutletCount
from tidings.store.browse import OutletName
from tidings.store.engine import is_sqlite, make_engine
from tidings.store.search import SearchHit, search_articles

__all__ = ["ArticleCursor", "OutletCount", "OutletName", "SearchHit", "Store"]


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

    # -- transactions -------------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as connection:
                yield connection
                connection.rollback()
        except OperationalError as exc:
            raise StoreError(f"the database could not be read: {exc.orig}") from exc

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
            except OperationalError as exc:
                raise StoreError(f"the database could not be written: {exc.orig}") from exc

    # -- schema -------------------------------------------------------------------------------

    def migrate(self) -> None:
        with self._write_lock:
            migrate.upgrade(self.engine)

    def is_current(self) -> bool:
        try:
            return migrate.current_revisions(self.engine) == migrate.head_revisions()
        except SQLAlchemyError as exc:
            raise StoreError(f"the database could not be read: {exc}") from exc

    # -- articles -----------------------------------------------------------------------------

    def add_article(self, article: Article, *, also_urls: Sequence[str | None] = ()) -> AddOutcome:
        """Keep ``article`` unless the store has it already (see ``store.articles.find_existing``).

        ``also_urls`` are other addresses of the same article (the URL it was fetched from,
        its AMP page); each is remembered so the article is recognised when reached by it again.
        """
        with self.writing() as connection:
            existing = article_rows.find_existing(connection, article, also_urls)
            if existing is not None:
                article_rows.record_urls(connection, existing.article_id, [article.url, *also_urls])
                article_rows.record_source(
                    connection, existing.article_id, article.provenance, article.fetched_at
                )
                return existing
            return article_rows.insert_article(connection, article, also_urls)

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

    def get_outlet(self, key: str) -> OutletCount:
        with self.reading() as connection:
            found = browse.get_outlet(connection, key)
        if found is None:
            raise NotFound("outlet", key)
        return found
