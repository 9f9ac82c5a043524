"""An internationalised outlet is known by its domain as readers write it: Punycode keys re-keyed.

Until 2026-12-06 an outlet's domain was its registrable domain in the writing of the address
its first article was reached by, so one site reached by a Unicode address (``bücher.de``) and
by its Punycode form (``xn--bcher-kva.de``, a feed linking it so) was two outlets, and a story
with an article of each counted two. ``urls.registrable_domain`` now gives the Unicode writing
whatever the address's (UTS-46, as ``urls.ascii_host`` maps hosts). This re-keys each outlet
whose domain the running ``registrable_domain`` writes otherwise, only ever to the same domain
in another writing (a domain the suffix list now reads otherwise is left as it is):

- where no outlet has the new key yet, the row keeps its id and takes the new key and domain;
  a name that was its bare domain (its old key, as ``store.articles.ensure_outlet`` names an
  outlet until an article gives it a name) becomes the new key, which the first real name an
  article brings then replaces; a real name is kept;
- where one has (the same site's outlet from its Unicode addresses), the row's articles are
  filed under that outlet and the row is deleted. The outlet keeps its own real name, else takes
  the row's real name, else is named by its new key (``straße.de``, as its domain is written).
  Both rows were the one site's, so its icon is kept, else (or where it has only a failed attempt
  and the row an image) the row's. Where the outlet holding the new key is another site's,
  nothing is merged and the row stays. ``Outlet.key`` case-folded a domain until 0031, which runs
  after this, so the Unicode ``straße.de``'s outlet may still be keyed "strasse.de", the key of
  the ASCII site strasse.de: a row keyed so is merged into only where its domain is the same
  site's, and is then keyed by the new key (else the other site's outlet is left as it is);
- the stories the moved articles are in have their per-outlet coverage and totals counted again
  (``story_outlets``), exactly as 0025 counts them, and their kept summaries
  (``story_summaries``) are dropped: a summary's fingerprint is its members and their words, not
  their outlets, so one made when the two writings were two outlets (two independent sources of
  the claims both carry) would be kept and shown until a member changed. Each is made again when
  its story's page is next read (``Tidings.story_summary``); lists show none until then.

Only the outlets whose domain can be written otherwise are read, in one query: a domain with
"xn--" (any case) or a character beyond ASCII; the others (nearly all) are not read at all, as
the migration lock is held meanwhile (reading every outlet, one query each, took 3.5 s on SQLite
and 18 s on PostgreSQL for 100,000 outlets, against 0.2 s and 0.1 s so).

As in 0020 and 0025, the rule is the running ``registrable_domain``'s, not a frozen copy.

Revision ID: 0030
Revises: 0025
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy import Connection, bindparam, inspect, text

from tidings.model import Outlet
from tidings.urls import ascii_host, registrable_domain

revision: str = "0030"
# After 0025, whose outlets (go.com's publishers split by the running registrable_domain) this
# re-keys in turn, and which has the stories' coverage as 0009 keeps it. It takes 0025's place
# as a head; the icons' branch (0008) is a head and is not depended on (see 0025).
down_revision: str | Sequence[str] | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

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
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        connection.execute(forget, {"story_ids": chunk, "outlet_ids": outlet_ids})
        connection.execute(_RECOUNT_OUTLETS, {"story_ids": chunk, "outlet_ids": outlet_ids})
        connection.execute(_RECOUNT_STORIES, {"story_ids": chunk})
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


def _rekey(connection: Connection, outlet_id: int, key: str, name: str, domain: str) -> int | None:
    """Key the outlet (its row as read: ``key``, ``name``, ``domain``) by its domain in readers'
    writing, merging it into the same site's outlet where one is keyed so (or by the folded key,
    see the module docstring). The id of the outlet merged into, whose row that changed; None
    when there was none."""
    written = _readers_domain(domain)
    if written is None:
        return None
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
        return None
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
        return target
    connection.execute(
        text("UPDATE outlets SET key = :key, domain = :domain, name = :name WHERE id = :id"),
        {
            "key": new_key,
            "domain": written,
            "name": (name if _is_real_name(name, *keys) else new_key)[:MAX_NAME_CHARS],
            "id": outlet_id,
        },
    )
    return None


def _candidates(connection: Connection) -> list[tuple[int, str, str, str]]:
    """The outlets whose domain ``registrable_domain`` may write otherwise, by id, with their key,
    name and domain (one query): a domain holding "xn--" in any case, or a character beyond
    ASCII (its length in characters below its length in bytes, as ``store.browse`` tells)."""
    if connection.dialect.name == "sqlite":
        in_bytes = "length(CAST(domain AS BLOB))"  # octet_length() came in SQLite 3.43
    else:
        in_bytes = "octet_length(domain)"
    rows = connection.execute(
        text(
            "SELECT id, key, name, domain FROM outlets WHERE domain IS NOT NULL "
            f"AND (lower(domain) LIKE '%xn--%' OR length(domain) < {in_bytes}) ORDER BY id"
        )
    ).all()
    return [(int(row.id), str(row.key), str(row.name), str(row.domain)) for row in rows]


def _read_again(connection: Connection, outlet_id: int) -> tuple[str, str, str]:
    row = connection.execute(
        text("SELECT key, name, domain FROM outlets WHERE id = :id"), {"id": outlet_id}
    ).one()
    return str(row.key), str(row.name), str(row.domain)


def upgrade() -> None:
    connection = op.get_bind()
    # A merge changes the outlet merged into (its name, key and domain): one read before its turn
    # is read again when that comes. The row merged is always the one whose turn it is.
    changed: set[int] = set()
    for outlet_id, key, name, domain in _candidates(connection):
        row = _read_again(connection, outlet_id) if outlet_id in changed else (key, name, domain)
        target = _rekey(connection, outlet_id, *row)
        if target is not None:
            changed.add(target)


def downgrade() -> None:
    """Nothing to undo: an older version files a new article reached by a Punycode address under
    an outlet of that key again, and the outlets merged here keep their articles."""
