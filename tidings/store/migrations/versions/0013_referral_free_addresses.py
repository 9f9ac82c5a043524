"""Addresses stored with a ``?ref=`` referral marker are also known without it.

Since 2026-12-06 ``urls.canonical_url`` drops ``ref`` (``?ref=rss``, ``?ref=hp``) from the
addresses it makes, so a page added again by its plain address is looked up without the marker.
An article stored before then under ``…?ref=rss`` only would not be found that way and would be
stored twice. This adds, for each such stored address, the same address without the marker,
pointing at the same article (an address already known is left as it is).

Revision ID: 0013
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from alembic import op
from sqlalchemy import text

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of ``url_rules`` as of this migration: it must do the same whenever it runs.
REFERRAL_KEEPING_DOMAINS = (
    "github.com",
    "gitlab.com",
    "codeberg.org",
    "bitbucket.org",
    "gitea.com",
    "gitee.com",
    "sr.ht",
)
REFERRAL_KEEPING_HOST_LABELS = frozenset({"git", "gitlab", "gitea", "forgejo"})
MAX_URL_CHARS = 2048


def _keeps_referrals(host: str) -> bool:
    return host.partition(".")[0] in REFERRAL_KEEPING_HOST_LABELS or any(
        host == domain or host.endswith("." + domain) for domain in REFERRAL_KEEPING_DOMAINS
    )


def without_referral(url: str) -> str | None:
    """``url`` without its ``ref`` parameters (not an all-digit one), or None if it has none to drop."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if _keeps_referrals(host):
        return None
    pieces = [piece for piece in parts.query.split("&") if piece]
    kept = []
    for piece in pieces:
        name, _, value = piece.partition("=")
        if unquote_plus(name).lower() == "ref" and not unquote_plus(value).strip().isdigit():
            continue
        kept.append(piece)
    if len(kept) == len(pieces):
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "&".join(kept), parts.fragment))


def upgrade() -> None:
    connection = op.get_bind()
    # Not '%ref=%': a bare marker (``?ref``, ``?ref&id=7``) is one too; ``without_referral`` decides.
    rows = connection.execute(
        text("SELECT url, article_id FROM article_urls WHERE lower(url) LIKE '%ref%'")
    ).all()
    for url, article_id in rows:
        plain = without_referral(url)
        if plain is None or len(plain) > MAX_URL_CHARS:
            continue
        connection.execute(
            text(
                "INSERT INTO article_urls (url, article_id) VALUES (:url, :article_id) "
                "ON CONFLICT (url) DO NOTHING"
            ),
            {"url": plain, "article_id": article_id},
        )


def downgrade() -> None:
    """Nothing to undo: the added addresses are as true of their articles under any version."""
