"""Publishers that share a registrable domain are outlets of their own: go.com's are split.

Until 2026-12-06 an outlet was known by its registrable domain alone, so ABC News
(abcnews.go.com) and ESPN (espn.go.com), both under go.com, were one outlet named after whichever
came first. ``urls.registrable_domain`` now goes one label further under the domains separate
publishers share (``url_rules.SHARED_PUBLISHER_DOMAINS``). This files each article stored under
such a domain's outlet under the outlet its own address names now:

- an article's address is the first of its canonical URL, its other stored addresses and the
  feed or page it came from that lies under the shared domain (an article with none, or whose
  addresses all lie elsewhere, stays where it is);
- the outlet row keeps its id and takes the key and domain of its first article's publisher;
  every other publisher gets an outlet of its own. Each is named by its domain (its key) until
  an article gives it a real name: ``store.articles.ensure_outlet`` replaces a name equal to the
  key with the first real one an article of the outlet brings, from a page or a feed poll, a
  stored one brought again included (``store.articles.keep_article``: the sample). The
  row keeps its old name only where it demonstrably came from that publisher: all the row's
  articles are that publisher's (a name is only ever given by an article filed under the
  outlet, and none is moved or deleted but here) and the name is not the shared domain's bare
  key. Otherwise another publisher may have named it (ABC News's row named "ESPN" by an ESPN
  article that followed a nameless one), and articles do not keep the name they came with, so
  the row is named by its new key too;
- the stories those articles are in have their per-outlet coverage and totals counted again
  (``story_outlets``, as ``store.stories.recount_story_coverage`` counts them), and the split
  outlet's icon is forgotten, to be fetched again by the next poll of a feed that speaks for it.

As in 0020, the rule is the running ``registrable_domain``'s, not a frozen copy: whatever version
runs this, the articles end up under the outlet that version files new articles under. A domain
added to the list later needs a migration of its own that does the same.

Revision ID: 0025
Revises: 0020
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy import Connection, bindparam, inspect, text

from tidings import url_rules
from tidings.urls import is_http_url, registrable_domain

revision: str = "0025"
# The foundation's line (articles and their addresses); the stories' coverage as 0009 keeps it is
# counted again. Not on 0008 (outlet icons), a branch's head: a dependency on a head takes its
# place in the database's version table, which would then never read as current.
down_revision: str | Sequence[str] | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "0009"

MAX_KEY_CHARS = 255
CHUNK = 500

# An article's addresses, its canonical one first, then those it was reached by, then where it came from.
_ADDRESSES = text(
    "SELECT a.id, 0 AS rank, a.url FROM articles a WHERE a.outlet_id = :outlet_id AND a.url IS NOT NULL "
    "UNION ALL SELECT u.article_id, 1, u.url FROM article_urls u JOIN articles a ON a.id = u.article_id "
    "WHERE a.outlet_id = :outlet_id "
    "UNION ALL SELECT s.article_id, 2, s.locator FROM article_sources s "
    "JOIN articles a ON a.id = s.article_id "
    "WHERE a.outlet_id = :outlet_id"
)

# One story's coverage by one outlet, from its memberships: a placement counts as dated when it
# was made at its article's own date (``store.stories._placed_by_its_date``).
_RECOUNT_OUTLETS = text(
    """
INSERT INTO story_outlets (story_id, outlet_id, article_count, copy_count, first_seen, last_seen,
                           first_original_at, last_original_at, first_dated_at, last_dated_at)
SELECT sa.story_id, a.outlet_id, COUNT(*), COUNT(sa.copy_of),
       MIN(sa.placed_at), MAX(sa.placed_at),
       MIN(CASE WHEN sa.copy_of IS NULL THEN sa.placed_at END),
       MAX(CASE WHEN sa.copy_of IS NULL THEN sa.placed_at END),
       MIN(CASE WHEN a.published_at IS NOT NULL AND a.published_at >= sa.placed_at THEN sa.placed_at END),
       MAX(CASE WHEN a.published_at IS NOT NULL AND a.published_at >= sa.placed_at THEN sa.placed_at END)
FROM story_articles sa JOIN articles a ON a.id = sa.article_id
WHERE sa.story_id IN :story_ids AND a.outlet_id IN :outlet_ids
GROUP BY sa.story_id, a.outlet_id
"""
).bindparams(bindparam("story_ids", expanding=True), bindparam("outlet_ids", expanding=True))

_RECOUNT_STORIES = text(
    """
UPDATE stories SET
  outlet_count = (SELECT COUNT(*) FROM story_outlets so WHERE so.story_id = stories.id),
  original_outlet_count = (SELECT COUNT(*) FROM story_outlets so
                           WHERE so.story_id = stories.id AND so.first_original_at IS NOT NULL)
WHERE stories.id IN :story_ids
"""
).bindparams(bindparam("story_ids", expanding=True))


def _publisher_of(domain: str, address: str) -> str | None:
    """The publisher's domain ``address`` names under the shared ``domain``, or None when it lies
    elsewhere (a page whose canonical link names another site, a feed of another host)."""
    found = registrable_domain(address) if is_http_url(address) else None
    if found is not None and (found == domain or found.endswith(f".{domain}")):
        return found[:MAX_KEY_CHARS]
    return None


def _articles_by_publisher(connection: Connection, outlet_id: int, domain: str) -> dict[str, list[int]]:
    """The outlet's articles by the publisher domain their first address under ``domain`` names;
    an article with no such address is the shared domain's own. Publishers in order of their
    first article."""
    best: dict[int, tuple[int, str]] = {}
    for article_id, rank, address in connection.execute(_ADDRESSES, {"outlet_id": outlet_id}).all():
        publisher = _publisher_of(domain, address) if address else None
        if publisher is not None and (article_id not in best or rank < best[article_id][0]):
            best[int(article_id)] = (rank, publisher)
    every = connection.execute(
        text("SELECT id FROM articles WHERE outlet_id = :outlet_id ORDER BY id"), {"outlet_id": outlet_id}
    ).scalars()
    grouped: dict[str, list[int]] = {}
    for article_id in every:
        grouped.setdefault(best[article_id][1] if article_id in best else domain, []).append(int(article_id))
    return grouped


def _existing_outlet(connection: Connection, key: str, apart_from: int) -> int | None:
    found = connection.execute(
        text("SELECT id FROM outlets WHERE key = :key AND id <> :id"), {"key": key, "id": apart_from}
    ).scalar()
    return int(found) if found is not None else None


def _new_outlet(connection: Connection, key: str) -> int:
    """A new outlet known by ``key``, named by its domain until an article gives it a name."""
    connection.execute(
        text("INSERT INTO outlets (key, name, domain) VALUES (:key, :key, :key)"), {"key": key}
    )
    return int(connection.execute(text("SELECT id FROM outlets WHERE key = :key"), {"key": key}).scalar_one())


def _move_articles(connection: Connection, article_ids: list[int], outlet_id: int) -> None:
    statement = text("UPDATE articles SET outlet_id = :outlet_id WHERE id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    for start in range(0, len(article_ids), CHUNK):
        connection.execute(statement, {"outlet_id": outlet_id, "ids": article_ids[start : start + CHUNK]})


def _recount_coverage(connection: Connection, article_ids: list[int], outlet_ids: list[int]) -> None:
    """Count again the coverage by ``outlet_ids`` of the stories ``article_ids`` are in."""
    stories_of = text("SELECT DISTINCT story_id FROM story_articles WHERE article_id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    story_ids: set[int] = set()
    for start in range(0, len(article_ids), CHUNK):
        story_ids.update(
            connection.execute(stories_of, {"ids": article_ids[start : start + CHUNK]}).scalars()
        )
    forget = text(
        "DELETE FROM story_outlets WHERE story_id IN :story_ids AND outlet_id IN :outlet_ids"
    ).bindparams(bindparam("story_ids", expanding=True), bindparam("outlet_ids", expanding=True))
    ordered = sorted(story_ids)
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        connection.execute(forget, {"story_ids": chunk, "outlet_ids": outlet_ids})
        connection.execute(_RECOUNT_OUTLETS, {"story_ids": chunk, "outlet_ids": outlet_ids})
        connection.execute(_RECOUNT_STORIES, {"story_ids": chunk})


def _name_is_the_publishers(
    connection: Connection, outlet_id: int, domain: str, *, only_publisher: bool
) -> bool:
    """Whether the split outlet's name came from the publisher whose row it stays: only if every
    article of the row is that publisher's, and the name is more than the shared domain's key."""
    name = connection.execute(text("SELECT name FROM outlets WHERE id = :id"), {"id": outlet_id}).scalar_one()
    return only_publisher and str(name).casefold() != domain


def _split_outlet(connection: Connection, outlet_id: int, domain: str) -> None:
    grouped = _articles_by_publisher(connection, outlet_id, domain)
    if not grouped or list(grouped) == [domain]:
        return  # every article is the shared domain's own: nothing to file elsewhere
    others = {publisher: _existing_outlet(connection, publisher, outlet_id) for publisher in grouped}
    # The row goes to its first article's publisher (the first, that is, that has no outlet of
    # its own already).
    kept = next((publisher for publisher, other in others.items() if other is None), domain)
    connection.execute(
        text("UPDATE outlets SET key = :key, domain = :key WHERE id = :id"), {"key": kept, "id": outlet_id}
    )
    if not _name_is_the_publishers(connection, outlet_id, domain, only_publisher=list(grouped) == [kept]):
        connection.execute(text("UPDATE outlets SET name = key WHERE id = :id"), {"id": outlet_id})
    outlet_ids = [outlet_id]
    for publisher, article_ids in grouped.items():
        if publisher == kept:
            continue
        other = others[publisher] or _new_outlet(connection, publisher)
        _move_articles(connection, article_ids, other)
        outlet_ids.append(other)
    # Its icon may be any of its publishers': the next poll of a feed that speaks for it fetches
    # it again. (A store older than 0008 has no icons yet.)
    if inspect(connection).has_table("outlet_icons"):
        connection.execute(text("DELETE FROM outlet_icons WHERE outlet_id = :id"), {"id": outlet_id})
    _recount_coverage(connection, [article_id for ids in grouped.values() for article_id in ids], outlet_ids)


def upgrade() -> None:
    connection = op.get_bind()
    shared = sorted(url_rules.SHARED_PUBLISHER_DOMAINS)
    found = connection.execute(
        text("SELECT id, key FROM outlets WHERE key IN :keys").bindparams(bindparam("keys", expanding=True)),
        {"keys": shared},
    ).all()
    for outlet_id, key in found:
        _split_outlet(connection, int(outlet_id), str(key))


def downgrade() -> None:
    """Nothing to undo: an older version files new articles under the shared domain again, and
    the outlets split here keep their articles."""
