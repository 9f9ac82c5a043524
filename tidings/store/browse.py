"""Reads the web reader needs beyond the foundation's: filtered keyset pages, languages, outlets.

Every query here is shaped to stay fast at a million articles: lists are keyset pages over an
index (``ix_articles_sort_at_id``, ``ix_articles_outlet_sort``, and ``ix_articles_language_sort``
from migration ``0005_web``), and the language list is a loose index scan (one index probe per
distinct language, written as a recursive query both SQLite and PostgreSQL run) rather than a
``DISTINCT`` over every row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, LargeBinary, and_, cast, func, or_, select, text

from tidings.model import StoredArticle
from tidings.store.articles import ArticleCursor, OutletCount, get_articles, outlet_keyed
from tidings.store.schema import articles, outlets, stories, story_articles

__all__ = [
    "OutletName",
    "StoryPlace",
    "get_outlet",
    "get_outlet_name",
    "list_article_page",
    "list_languages",
    "list_outlet_names",
    "outlets_named",
    "story_places",
]

MAX_LANGUAGES = 200
# The most characters one character becomes when case-folded ("ΐ" is three; none becomes none).
_MOST_FOLDED = 3


@dataclass(frozen=True, slots=True)
class OutletName:
    key: str
    name: str
    domain: str | None


def list_article_page(
    connection: Connection,
    *,
    limit: int,
    after: ArticleCursor | None = None,
    outlet: str | None = None,
    language: str | None = None,
) -> list[StoredArticle]:
    """Newest first after ``after``, filtered by outlet key and language code when given."""
    query = select(articles.c.id).order_by(articles.c.sort_at.desc(), articles.c.id.desc()).limit(limit)
    if after is not None:
        query = query.where(
            or_(
                articles.c.sort_at < after.sort_at,
                and_(articles.c.sort_at == after.sort_at, articles.c.id < after.article_id),
            )
        )
    if outlet is not None:
        query = query.where(articles.c.outlet_id == outlet_keyed(outlet).scalar_subquery())
    if language is not None:
        query = query.where(articles.c.language == language)
    ids = [int(article_id) for article_id in connection.execute(query).scalars()]
    return get_articles(connection, ids)


_LANGUAGES = text(
    "WITH RECURSIVE langs(code) AS ("
    " SELECT MIN(language) FROM articles WHERE language IS NOT NULL"
    " UNION ALL"
    " SELECT (SELECT MIN(a.language) FROM articles a WHERE a.language > langs.code)"
    " FROM langs WHERE langs.code IS NOT NULL"
    ") SELECT code FROM langs WHERE code IS NOT NULL LIMIT :limit"
)


def list_languages(connection: Connection) -> list[str]:
    """The distinct language codes of stored articles, in code order."""
    return [str(code) for code in connection.execute(_LANGUAGES, {"limit": MAX_LANGUAGES}).scalars()]


def list_outlet_names(connection: Connection, *, limit: int) -> list[OutletName]:
    """Outlets by name, without counting their articles (cheap enough for every page)."""
    rows = connection.execute(
        select(outlets.c.key, outlets.c.name, outlets.c.domain).order_by(outlets.c.name).limit(limit)
    ).all()
    return [OutletName(key=row.key, name=row.name, domain=row.domain) for row in rows]


def get_outlet_name(connection: Connection, key: str) -> OutletName | None:
    """One outlet by key typed in any case (``store.articles.outlet_keyed``), without counting its
    articles (an index probe)."""
    row = connection.execute(
        select(outlets.c.key, outlets.c.name, outlets.c.domain).where(
            outlets.c.id == outlet_keyed(key).scalar_subquery()
        )
    ).one_or_none()
    return None if row is None else OutletName(key=row.key, name=row.name, domain=row.domain)


def outlets_named(connection: Connection, given: str) -> list[OutletName]:
    """The outlets a person means by ``given``: the one whose domain it is, alone (``glamour.com``
    is not also an outlet *named* "Glamour.com" of another site); else every outlet of that name as
    Python folds case (``str.casefold``), by name then key. An outlet without a domain is keyed by
    its folded name, so its key is a name: it is listed with the others of that name. An outlet
    named by its own bare domain is matched lower-cased, as a key is (``_names``)."""
    wanted = given.strip().casefold()
    keyed = get_outlet_name(connection, given)
    if keyed is not None and keyed.domain:
        return [keyed]
    # No index serves a folded name, but the database narrows the outlets before Python compares:
    # a name that folds to ``wanted`` is either plain ASCII, which lower() folds in SQL as
    # casefold() does (SQLite's lower() folds nothing else), or holds some other character (length
    # in characters below length in bytes), which only Python can fold ("Straße" is "strasse"),
    # and then has a length near its folded one (a character folds to one to three).
    name = outlets.c.name
    if connection.dialect.name == "sqlite":
        in_bytes = func.length(cast(name, LargeBinary))  # octet_length() came in SQLite 3.43
    else:
        # Not a cast to bytea: PostgreSQL reads a backslash there as an escape (or refuses it).
        in_bytes = func.octet_length(name)
    beyond_ascii = and_(
        func.length(name) < in_bytes,
        func.length(func.trim(name)).between(-(-len(wanted) // _MOST_FOLDED), len(wanted)),
    )
    narrowed = or_(func.lower(func.trim(name)) == wanted, beyond_ascii) if wanted.isascii() else beyond_ascii
    rows = connection.execute(select(outlets.c.key, name, outlets.c.domain).where(narrowed)).all()
    found = {
        row.key: OutletName(key=row.key, name=row.name, domain=row.domain)
        for row in rows
        if _names(row.key, row.name, row.domain, given)
    }
    if keyed is not None:
        found[keyed.key] = keyed
    return sorted(found.values(), key=lambda outlet: (outlet.name, outlet.key))


def _names(key: str, name: str, domain: str | None, given: str) -> bool:
    """Whether ``given`` is the outlet's name as Python folds case; but a domain's outlet named by
    its own bare domain (``straße.de``, until an article names it) is a domain, matched lower-cased
    as keys are: "strasse.de", the ASCII site's, folds so but is not its name."""
    bare = name.strip().lower()
    if domain is not None and bare in {key, domain.strip().lower()}:
        return bare == given.strip().lower()
    return name.strip().casefold() == given.strip().casefold()


def get_outlet(connection: Connection, key: str) -> OutletCount | None:
    """One outlet by key typed in any case (``store.articles.outlet_keyed``), with its article
    count and latest article time."""
    row = connection.execute(
        select(outlets.c.id, outlets.c.key, outlets.c.name, outlets.c.domain).where(
            outlets.c.id == outlet_keyed(key).scalar_subquery()
        )
    ).one_or_none()
    if row is None:
        return None
    count, latest = connection.execute(
        select(func.count(articles.c.id), func.max(articles.c.sort_at)).where(articles.c.outlet_id == row.id)
    ).one()
    return OutletCount(
        key=row.key, name=row.name, domain=row.domain, article_count=int(count), latest_at=latest
    )


@dataclass(frozen=True, slots=True)
class StoryPlace:
    """Where an article stands among stories: its story (after merges) and what it copies."""

    article_id: int
    story_id: int
    headline: str
    copy_of: int | None


def story_places(connection: Connection, article_ids: Sequence[int]) -> dict[int, StoryPlace]:
    """The current story of each placed article among ``article_ids`` (unplaced ones are left out)."""
    if not article_ids:
        return {}
    rows = connection.execute(
        select(story_articles.c.article_id, story_articles.c.copy_of, stories.c.id, stories.c.headline)
        .join(stories, stories.c.id == story_articles.c.story_id)
        .where(story_articles.c.article_id.in_(list(article_ids)))
    ).all()
    return {
        int(row.article_id): StoryPlace(
            article_id=int(row.article_id),
            story_id=int(row.id),
            headline=row.headline,
            copy_of=int(row.copy_of) if row.copy_of is not None else None,
        )
        for row in rows
    }
