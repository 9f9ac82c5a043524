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
  (``story_summaries``, where the store has them: 0003 is not an ancestor) are dropped: a
  summary's fingerprint is its members and their words, not their outlets, so one made when the
  two writings were two outlets (two independent sources of the claims both carry) would be kept
  and shown until a member changed. Each is made again when its story's page is next read
  (``Tidings.story_summary``); lists show none until then.

Only the outlets whose domain can be written otherwise are read, in one query: a domain with
"xn--" (any case) or a character beyond ASCII; the others (nearly all) are not read at all, as
the migration lock is held meanwhile (reading every outlet, one query each, took 3.5 s on SQLite
and 18 s on PostgreSQL for 100,000 outlets, against 0.2 s and 0.1 s so).

As in 0020 and 0025, the rule is the running ``registrable_domain``'s, not a frozen copy. The
pass is ``outlet_keys.rekey_written_otherwise``, which 0032 runs again (that module says why a
migration may call it).

Revision ID: 0030
Revises: 0025
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from tidings.store.migrations import outlet_keys

revision: str = "0030"
# After 0025, whose outlets (go.com's publishers split by the running registrable_domain) this
# re-keys in turn, and which has the stories' coverage as 0009 keeps it. It takes 0025's place
# as a head; the icons' branch (0008) is a head and is not depended on (see 0025).
down_revision: str | Sequence[str] | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    outlet_keys.rekey_written_otherwise(op.get_bind())


def downgrade() -> None:
    """Nothing to undo: an older version files a new article reached by a Punycode address under
    an outlet of that key again, and the outlets merged here keep their articles."""
