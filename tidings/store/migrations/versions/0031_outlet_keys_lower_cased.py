"""A domain's outlet is keyed by its domain lower-cased, not case-folded: straße.de is not strasse.de.

Until 2026-12-06 ``Outlet.key`` case-folded the domain, and Python's casefold maps "ß" to "ss"
(and "ς" to "σ"), so the outlet of ``straße.de``, a site of its own under UTS-46 non-transitional
IDNA (``xn--strae-oqa.de``, as ``urls.ascii_host`` maps hosts), was keyed "strasse.de", the key
of the ASCII site strasse.de: whichever came first, the other's articles were filed under it.
``Outlet.key`` now lower-cases a domain (a name is still folded). This re-keys each outlet whose
stored key is not the one the running ``Outlet.key`` makes of its stored domain, where no other
outlet holds that key (then it stays as it is); its id, name, domain, articles, stories' coverage
and icon stay. An outlet without a domain is keyed by its folded name as before and is left alone.

Not split: an outlet that got articles of both sites (strasse.de's and straße.de's under one
key) keeps them all. Its row says only which site came first (its domain); which articles are
the other site's is known only from their addresses, and the outlets that may hold such articles
are not only the ones re-keyed here (strasse.de's outlet, unchanged, may hold straße.de's), so
telling them apart means reading the addresses of every outlet whose key could be a fold (any
with "ss" or "σ"). 0025 re-files articles by their addresses for a known list of shared domains
and by subdomain, which does not carry over as it is; such a store is rare (two sites whose
names differ only in "ß" or "ς", both followed), and articles either site publishes from now on
go to its own outlet.

Only the outlets whose key can change are read, in one query: those whose domain has a
character beyond ASCII (its length in characters below its length in bytes, as ``store.browse``
tells), for an ASCII domain folds as it lower-cases; Python then tells which keys change. The
migration lock is held meanwhile, and nearly every outlet's domain is ASCII.

Kept story summaries (``story_summaries``) are left as they are: re-keying moves no article and
changes no name, so each story has the outlets, and each outlet the articles, it had.

As in 0020, 0025 and 0030, the rule is the running ``Outlet.key``'s, not a frozen copy. The
pass is ``outlet_keys.rekey_lower_cased``, which 0032 runs again, merging where this leaves a
row beside its own site's (that module says why a migration may call it).

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from tidings.store.migrations import outlet_keys

revision: str = "0031"
# After 0030, which keys the outlets it re-keys by the running ``Outlet.key`` already, and whose
# place as a head this takes; the icons' branch (0008) is a head and is not depended on (see 0025).
down_revision: str | Sequence[str] | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    outlet_keys.rekey_lower_cased(op.get_bind(), merge_same_site=False)


def downgrade() -> None:
    """Nothing to undo: an older version files a new article of a re-keyed outlet's site under
    the folded key again (a new outlet, or the ASCII site's), and the outlets re-keyed here keep
    their articles."""
