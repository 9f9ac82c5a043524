"""The outlet re-keying that migrations 0030, 0031 and 0032 share: nothing else imports it.

Each outlet is keyed as the running code keys the outlet of a new article: by ``Outlet.key`` of
its domain as the running ``urls.registrable_domain`` writes it (Unicode, lower-cased, not
case-folded). ``rekey_written_otherwise`` is 0030's pass (Punycode-written domains re-keyed, and
merged into the same site's outlet where one holds the new key), ``rekey_lower_cased`` 0031's
(an outlet keyed otherwise than ``Outlet.key`` of its domain re-keyed where the key is free; for
0032, merged into the same site's outlet where that holds it) and ``repair`` 0032's (both, until
neither changes anything).

Why a migration may call code that lives on: the rules are the running ``Outlet.key``'s and
``registrable_domain``'s, as 0020 and 0025 argue for theirs (whatever version runs a migration,
its outlets end keyed as that version keys new articles' outlets), and each pass only ever moves
a row towards that state, so running one again, or after a later version of itself, changes
nothing that is already right. This module is the migrations' own (the store never calls it), so
it changes only with them; a change must keep each function meaning the same end state, or be a
new function that a new migration calls.
"""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, inspect, text

from tidings.model import Outlet
from tidings.urls import ascii_host, registrable_domain

MAX_KEY_CHARS = 255
MAX_NAME_CHARS = 255
CHUNK = 500

# As 0025 counts one story's coverage by one outlet, from its memberships.
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

_FORGET_SUMMARIES = text("DELETE FROM story_summaries WHERE story_id IN :story_ids").bindparams(
    bindparam("story_ids", expanding=True)
)

_RECOUNT_STORIES = text(
    """
UPDATE stories SET
  outlet_count = (SELECT COUNT(*) FROM story_outlets so WHERE so.story_id = stories.id),
  original_outlet_count = (SELECT COUNT(*) FROM story_outlets so
                           WHERE so.story_id = stories.id AND so.first_original_at IS NOT NULL)
WHERE stories.id IN :story_ids
"""
).bindparams(bindparam("story_ids", expanding=True))


def _readers_domain(domain: str) -> str | None:
    """The domain as ``registrable_domain`` writes it now, when that is ``domain`` in another
    writing; None when it is written so already, or would be another domain."""
    if domain.isascii() and "xn--" not in domain.casefold():
        return None
    written = registrable_domain(domain)
    if written is None or written == domain or not _same_domain(written, domain):
        return None
    return written


def _same_domain(one: str, other: str) -> bool:
    return ascii_host(one.strip().lower()) == ascii_host(other.strip().lower())


def _is_real_name(name: str, *keys: str) -> bool:
    """Whether ``name`` is more than one of the outlet's bare domain keys, case aside (a key
    made by the running ``Outlet.key`` is lower-cased, not folded: "straße.de")."""
    return name.strip().casefold() not in {key.casefold() for key in keys}


def _move_icon(connection: Connection, from_id: int, to_id: int) -> None:
    """Keep the site's icon on the outlet ``to_id``: its own, else (or where its own is a failed
    attempt and the other an image) the one of ``from_id``, which is dropped otherwise."""
    bodies = {
        int(outlet_id): bool(has_body)
        for outlet_id, has_body in connection.execute(
            text("SELECT outlet_id, body IS NOT NULL FROM outlet_icons WHERE outlet_id IN (:one, :other)"),
            {"one": from_id, "other": to_id},
        ).all()
    }
    if from_id in bodies and (to_id not in bodies or (bodies[from_id] and not bodies[to_id])):
        connection.execute(text("DELETE FROM outlet_icons WHERE outlet_id = :id"), {"id": to_id})
        connection.execute(
            text("UPDATE outlet_icons SET outlet_id = :to_id WHERE outlet_id = :from_id"),
            {"to_id": to_id, "from_id": from_id},
        )
    else:
        connection.execute(text("DELETE FROM outlet_icons WHERE outlet_id = :id"), {"id": from_id})


def _recount(connection: Connection, story_ids: set[int], outlet_ids: list[int]) -> None:
    """Count again the coverage by ``outlet_ids`` of the stories ``story_ids``, and their totals,
    and drop their kept summaries (made while the outlets were two)."""
    forget = text(
        "DELETE FROM story_outlets WHERE story_id IN :story_ids AND outlet_id IN :outlet_ids"
    ).bindparams(bindparam("story_ids", expanding=True), bindparam("outlet_ids", expanding=True))
    ordered = sorted(story_ids)
    # A store without 0003 (the summaries' branch, not an ancestor of 0030) has no summaries.
    summaries = inspect(connection).has_table("story_summaries")
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        connection.execute(forget, {"story_ids": chunk, "outlet_ids": outlet_ids})
        connection.execute(_RECOUNT_OUTLETS, {"story_ids": chunk, "outlet_ids": outlet_ids})
        connection.execute(_RECOUNT_STORIES, {"story_ids": chunk})
        if summaries:
            connection.execute(_FORGET_SUMMARIES, {"story_ids": chunk})


def _merge(
    connection: Connection, from_id: int, to_id: int, *, key: str, domain: str, name: str, keys: set[str]
) -> None:
    """File the outlet ``from_id``'s articles under ``to_id`` (the same site, to be keyed ``key``
    by ``domain`` in readers' writing), keep the better name and one icon, and delete ``from_id``."""
    target_name, target_key = connection.execute(
        text("SELECT name, key FROM outlets WHERE id = :id"), {"id": to_id}
    ).one()
    every_key = {*keys, str(target_key)}
    if not _is_real_name(str(target_name), *every_key):
        # Named by its new key, its domain as written: never by a folded old key ("strasse.de").
        better = name if _is_real_name(name, *every_key) else key
        connection.execute(
            text("UPDATE outlets SET name = :name WHERE id = :id"),
            {"name": better[:MAX_NAME_CHARS], "id": to_id},
        )
    connection.execute(
        text("UPDATE outlets SET key = :key, domain = :domain WHERE id = :id"),
        {"key": key, "domain": domain, "id": to_id},
    )
    # The stories the row's articles are in, and any its coverage rows still name.
    story_ids = {
        int(story_id)
        for story_id in connection.execute(
            text(
                "SELECT sa.story_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
                "WHERE a.outlet_id = :id UNION SELECT story_id FROM story_outlets WHERE outlet_id = :id"
            ),
            {"id": from_id},
        ).scalars()
    }
    connection.execute(
        text("UPDATE articles SET outlet_id = :to_id WHERE outlet_id = :from_id"),
        {"to_id": to_id, "from_id": from_id},
    )
    _recount(connection, story_ids, [from_id, to_id])
    # A store older than 0008 has no icons yet.
    if inspect(connection).has_table("outlet_icons"):
        _move_icon(connection, from_id, to_id)
    connection.execute(text("DELETE FROM outlets WHERE id = :id"), {"id": from_id})


def _rekey(connection: Connection, outlet_id: int, row: tuple[str, str, str], merged_into: set[int]) -> bool:
    """Key the outlet (its ``row`` as read: key, name, domain) by its domain in readers'
    writing, merging it into the same site's outlet where one is keyed so (or by the folded key,
    see 0030's docstring), whose id (its row changed) is then added to ``merged_into``. Whether
    anything changed."""
    key, name, domain = row
    written = _readers_domain(domain)
    if written is None:
        return False
    new_key = Outlet(name=name, domain=written).key[:MAX_KEY_CHARS]
    folded = new_key.casefold()
    keys = {key, new_key, domain.strip().casefold()}
    holders = {
        str(row.key): row
        for row in connection.execute(
            text("SELECT id, key, domain FROM outlets WHERE key IN (:key, :folded) AND id <> :id"),
            {"key": new_key, "folded": folded, "id": outlet_id},
        ).all()
    }
    existing = holders.get(new_key)
    if (
        existing is not None
        and existing.domain is not None
        and not _same_domain(str(existing.domain), written)
    ):
        # Another site's outlet holds the key: not merged, and this one stays as it is.
        return False
    if existing is None:
        old_style = holders.get(folded)
        if (
            old_style is not None
            and old_style.domain is not None
            and _same_domain(str(old_style.domain), written)
        ):
            existing = old_style  # the site's outlet, keyed the way 0031 then re-keys
    if existing is not None:
        target = int(existing.id)
        _merge(connection, outlet_id, target, key=new_key, domain=written, name=name, keys=keys)
        merged_into.add(target)
        return True
    connection.execute(
        text("UPDATE outlets SET key = :key, domain = :domain, name = :name WHERE id = :id"),
        {
            "key": new_key,
            "domain": written,
            "name": (name if _is_real_name(name, *keys) else new_key)[:MAX_NAME_CHARS],
            "id": outlet_id,
        },
    )
    return True


def _beyond_ascii(connection: Connection) -> str:
    """SQL true for an outlet whose domain has a character beyond ASCII: its length in characters
    is below its length in bytes (as ``store.browse`` tells)."""
    if connection.dialect.name == "sqlite":
        in_bytes = "length(CAST(domain AS BLOB))"  # octet_length() came in SQLite 3.43
    else:
        in_bytes = "octet_length(domain)"
    return f"length(domain) < {in_bytes}"


def _candidates(connection: Connection) -> list[tuple[int, str, str, str]]:
    """The outlets whose domain ``registrable_domain`` may write otherwise, by id, with their key,
    name and domain (one query): a domain holding "xn--" in any case, or a character beyond
    ASCII (``_beyond_ascii``)."""
    rows = connection.execute(
        text(
            "SELECT id, key, name, domain FROM outlets WHERE domain IS NOT NULL "
            f"AND (lower(domain) LIKE '%xn--%' OR {_beyond_ascii(connection)}) ORDER BY id"
        )
    ).all()
    return [(int(row.id), str(row.key), str(row.name), str(row.domain)) for row in rows]


def _read_again(connection: Connection, outlet_id: int) -> tuple[str, str, str]:
    row = connection.execute(
        text("SELECT key, name, domain FROM outlets WHERE id = :id"), {"id": outlet_id}
    ).one()
    return str(row.key), str(row.name), str(row.domain)


def rekey_written_otherwise(connection: Connection) -> int:
    """0030's pass: each outlet whose domain ``registrable_domain`` writes otherwise (Punycode)
    re-keyed by it, or merged into the same site's outlet holding its new key. How many rows
    changed or were merged."""
    # A merge changes the outlet merged into (its name, key and domain): one read before its turn
    # is read again when that comes. The row merged is always the one whose turn it is.
    merged_into: set[int] = set()
    changes = 0
    for outlet_id, key, name, domain in _candidates(connection):
        row = _read_again(connection, outlet_id) if outlet_id in merged_into else (key, name, domain)
        changes += _rekey(connection, outlet_id, row, merged_into)
    return changes


def rekey_lower_cased(connection: Connection, *, merge_same_site: bool) -> int:
    """0031's pass: each outlet whose domain has a character beyond ASCII (an ASCII domain folds
    as it lower-cases), keyed otherwise than ``Outlet.key`` makes of it, re-keyed where no other
    outlet holds that key. With ``merge_same_site`` (0032), an outlet whose key is held by the
    same site's outlet (both domains one in ASCII) is merged into that one as 0030 merges; else
    it stays as it is. How many rows changed or were merged."""
    rows = connection.execute(
        text(
            "SELECT id, key, name, domain FROM outlets "
            f"WHERE domain IS NOT NULL AND {_beyond_ascii(connection)} ORDER BY id"
        )
    ).all()
    changes = 0
    for outlet_id, key, name, domain in rows:
        new_key = Outlet(name=str(name), domain=str(domain)).key[:MAX_KEY_CHARS]
        if not new_key or new_key == key:
            continue
        holder = connection.execute(
            text("SELECT id, domain FROM outlets WHERE key = :key AND id <> :id"),
            {"key": new_key, "id": outlet_id},
        ).first()
        if holder is None:
            connection.execute(
                text("UPDATE outlets SET key = :key WHERE id = :id"), {"key": new_key, "id": outlet_id}
            )
            changes += 1
        elif merge_same_site and holder.domain is not None and _same_domain(str(holder.domain), str(domain)):
            keys = {str(key), new_key, str(domain).strip().casefold()}
            _merge(
                connection,
                int(outlet_id),
                int(holder.id),
                key=new_key,
                domain=str(domain),
                name=str(name),
                keys=keys,
            )
            changes += 1  # the row is deleted; the holder keeps its key
    return changes


def repair(connection: Connection) -> None:
    """0032's pass: 0030's and 0031's (merging the same site's rows) in turn until neither changes
    anything, so that a key one frees (0031 moving ``ελλάς.gr``'s outlet off "ελλάσ.gr") is taken
    by the outlet 0030 left for want of it. Each change keys a row as the rule keys its domain or
    deletes one, and a row so keyed is not changed again, so the turns end."""
    while rekey_written_otherwise(connection) + rekey_lower_cased(connection, merge_same_site=True):
        pass
