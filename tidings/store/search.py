"""Full-text search over articles: FTS5 on SQLite, a ``tsvector`` on PostgreSQL, one signature.

A user's query is never passed to the database's query language as it is: on SQLite it is
rebuilt from its words and quoted phrases into an FTS5 expression that cannot carry operators,
column filters or syntax errors; on PostgreSQL ``websearch_to_tsquery`` reads it, which accepts any
text. Both understand ``"a phrase"``, ``-excluded`` words and ``OR``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, text

__all__ = ["SearchHit", "search_articles", "to_fts5_query"]

MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 32

_TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)([^\s"]+)')
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SearchHit:
    article_id: int
    title: str
    outlet: str
    published_at: datetime | None
    snippet: str
    score: float


def _quoted(words: list[str]) -> str:
    return '"' + " ".join(words) + '"'


def to_fts5_query(query: str) -> str | None:
    """An FTS5 MATCH expression for a user's query, or None when it has no searchable word."""
    required: list[str] = []
    excluded: list[str] = []
    alternatives: list[list[str]] = []
    pending_or = False
    for match in _TOKEN.finditer(query[:MAX_QUERY_CHARS]):
        negated = bool(match.group(1) or match.group(3))
        raw = match.group(2) if match.group(2) is not None else match.group(4)
        if match.group(4) == "OR":
            pending_or = True
            continue
        words = _WORD.findall(raw)
        if not words:
            continue
        term = _quoted(words)
        if match.group(4) and raw.endswith("*") and len(words) == 1:
            term += "*"
        if negated:
            excluded.append(term)
        elif pending_or and (required or alternatives):
            if required:
                alternatives.append([required.pop()])
            alternatives[-1].append(term)
        else:
            required.append(term)
        pending_or = False
        if len(required) + len(excluded) + sum(map(len, alternatives)) >= MAX_QUERY_TERMS:
            break
    positives = required + ["(" + " OR ".join(group) + ")" for group in alternatives]
    if not positives:
        return None
    expression = " AND ".join(positives)
    if excluded:
        expression = f"({expression}) NOT ({' OR '.join(excluded)})"
    return expression


def _clean(query: str) -> str:
    return query.replace("\x00", " ")[:MAX_QUERY_CHARS].strip()


def search_articles(
    connection: Connection, query: str, *, limit: int = 20, offset: int = 0
) -> list[SearchHit]:
    """Articles matching ``query``, best first; an empty or wordless query matches nothing."""
    query = _clean(query)
    if not query:
        return []
    if connection.dialect.name == "sqlite":
        expression = to_fts5_query(query)
        if expression is None:
            return []
        rows = connection.execute(
            text(
                "SELECT a.id, a.title, o.name AS outlet, a.published_at, "
                "snippet(article_search, 1, '[', ']', ' … ', 24) AS snippet, "
                "bm25(article_search, 8.0, 1.0) AS score "
                "FROM article_search JOIN articles a ON a.id = article_search.rowid "
                "JOIN outlets o ON o.id = a.outlet_id "
                "WHERE article_search MATCH :expression "
                "ORDER BY score, a.sort_at DESC LIMIT :limit OFFSET :offset"
            ),
            {"expression": expression, "limit": limit, "offset": offset},
        ).all()
        return [
            SearchHit(
                article_id=int(row.id),
                title=row.title,
                outlet=row.outlet,
                published_at=_parse_sqlite_datetime(row.published_at),
                snippet=row.snippet or "",
                score=-float(row.score),
            )
            for row in rows
        ]
    rows = connection.execute(
        text(
            "WITH q AS (SELECT websearch_to_tsquery('english', :query) AS tsq) "
            "SELECT a.id, a.title, o.name AS outlet, a.published_at, "
            "ts_headline('english', left(a.text, 20000), q.tsq, "
            "'StartSel=[, StopSel=], MaxFragments=2, MaxWords=24, MinWords=8') AS snippet, "
            "ts_rank_cd(a.search_vector, q.tsq) AS score "
            "FROM articles a JOIN outlets o ON o.id = a.outlet_id, q "
            "WHERE a.search_vector @@ q.tsq "
            "ORDER BY score DESC, a.sort_at DESC LIMIT :limit OFFSET :offset"
        ),
        {"query": query, "limit": limit, "offset": offset},
    ).all()
    return [
        SearchHit(
            article_id=int(row.id),
            title=row.title,
            outlet=row.outlet,
            published_at=row.published_at,
            snippet=row.snippet or "",
            score=float(row.score),
        )
        for row in rows
    ]


def _parse_sqlite_datetime(value: object) -> datetime | None:
    """Raw SQL skips the column type, so SQLite's stored text comes back as text."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)
