"""Migration 0034 gives articles a standfirst column, on SQLite and PostgreSQL, without touching
the search index: articles stored before keep being found, and have no standfirst (NULL)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from tests.store.test_articles import make_article
from tidings.model import Added
from tidings.store import Store, migrate


def _columns(store: Store) -> set[str]:
    return {column["name"] for column in inspect(store.engine).get_columns("articles")}


def test_articles_stored_before_the_standfirst_keep_their_search_and_have_none(store: Store) -> None:
    stored = store.add_article(make_article(title="Ministers meet", text="Pipelines were discussed."))
    assert isinstance(stored, Added)
    migrate.run_migrations(store.engine, command.downgrade, "0034-1")
    assert "standfirst" not in _columns(store)
    # The column went without the table being copied: the search index still reads it.
    assert [hit.title for hit in store.search("pipelines")] == ["Ministers meet"]
    migrate.run_migrations(store.engine, command.upgrade, "heads")
    assert store.is_current()
    assert "standfirst" in _columns(store)
    article_id = stored.article_id
    assert store.get_article(article_id).article.standfirst is None
    assert [hit.article_id for hit in store.search("pipelines")] == [article_id]
    later = store.add_article(make_article(title="Talks end", text="A communique followed.", url=None))
    assert isinstance(later, Added)
    assert [hit.article_id for hit in store.search("communique")] == [later.article_id]
