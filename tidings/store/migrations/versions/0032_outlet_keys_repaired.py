"""Outlets that 0030 and 0031 left keyed otherwise than the running rule are re-keyed or merged.

0030 re-keys an outlet keyed by a Punycode domain, but leaves it where another site's outlet
holds its new key; 0031, run after it, may then free that key. A store with a Greek site
``ελλάς.gr`` (keyed "ελλάσ.gr" while ``Outlet.key`` case-folded, "ς" as "σ") and the other site
``ελλάσ.gr`` reached by Punycode (``xn--hxarsa5b.gr``) kept the second outlet keyed in Punycode
after 0031 moved the first to "ελλάς.gr", and the next article from ``ελλάσ.gr`` made a second
outlet of that site. And 0030 and 0031 changed after some stores had run them (their revision
ids kept): the version of 2026-12-06 20:25 keyed ``straße.de``'s outlet "strasse.de" (the ASCII
site's key) or left a Punycode row beside the ASCII site's outlet, and the one of 20:52 re-keyed
a merged row's twin instead of merging it, leaving two outlets of ``straße.de`` ("strasse.de"
and "straße.de"). Nothing revisited them.

This runs both passes again, in turn until neither changes anything
(``outlet_keys.repair``): 0030's (each Punycode-written domain's outlet re-keyed and given its
domain as written, or merged into the same site's outlet holding the new key: articles moved,
``story_outlets`` counted again, those stories' kept summaries dropped, one icon and the better
name kept) and 0031's (each outlet keyed otherwise than ``Outlet.key`` of its domain re-keyed
where the key is free), which here also merges a row into the same site's outlet holding its
key, as 0030 merges. Every outlet then has ``Outlet(...).key`` of its domain as its key, but for
one whose key another site's outlet holds (left as it is, as in 0030 and 0031). On a store 0030
and 0031 left right it changes nothing, and it reads only the outlets 0030 and 0031 read (those
whose domain holds "xn--" or a character beyond ASCII).

The passes are the ones 0030 and 0031 call, from ``tidings.store.migrations.outlet_keys``, not
copies: they apply the running ``Outlet.key`` and ``registrable_domain`` (as 0020 and 0025 apply
the running ``registrable_domain``: whatever version runs this, the outlets end keyed as that
version keys new articles' outlets), and each only moves a row towards that state, so a later
version of them run here leaves a store as right as this one; that module belongs to the
migrations alone (the store never calls it) and says what a change to it must keep.

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from tidings.store.migrations import outlet_keys

revision: str = "0032"
# After 0031, whose place as a head this takes; the icons' branch (0008) is a head and is not
# depended on (see 0025).
down_revision: str | Sequence[str] | None = "0031"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    outlet_keys.repair(op.get_bind())


def downgrade() -> None:
    """Nothing to undo: an older version files a new article under the key it makes, and the
    outlets merged here keep their articles."""
