"""Addresses stored with an escaped ``&amp;``, one site's own tracking parameter or a Google
Translate wrapper are also known by the form ``canonical_url`` gives them now.

Since 2026-12-06 ``urls.canonical_url`` reads a query key ``amp;x`` (an ``&`` left escaped as
``&amp;``) as ``x``, drops a few parameters on the one site that uses them for tracking
(``url_rules.SITE_TRACKING_PARAMETERS``: ``click`` on popularmechanics.com, ``ir`` on
huffingtonpost.com) and unwraps ``translate.google.com/translate?…&u=<page>`` to the page. An
article stored before then under the old form only would not be found by the new one, and a page
reached again by its plain address would be stored twice. This adds, for each such stored
address, its new canonical form pointing at the same article (an address already known is left
as it is), as 0013 did for ``?ref=``.

Unlike 0013, the new form is the running ``canonical_url``'s, not a frozen copy: after the ``amp;``
repair the key may be a tracking parameter to drop as well (``amp;utm_source``), which only the
whole rule knows. Whatever version runs it, an added address is one that version would look the
article up by, and it points at the article it was stored for.

Revision ID: 0020
Revises: 0013
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

from tidings.urls import canonical_url

revision: str = "0020"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MAX_URL_CHARS = 2048


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        text(
            "SELECT url, article_id FROM article_urls WHERE lower(url) LIKE '%amp;%' "
            "OR lower(url) LIKE '%click=%' OR lower(url) LIKE '%ir=%' OR lower(url) LIKE '%translate%'"
        )
    ).all()
    for url, article_id in rows:
        try:
            canonical = canonical_url(url)
        except ValueError:  # an address stored before the rules refused it: nothing to add
            continue
        if canonical == url or len(canonical) > MAX_URL_CHARS:
            continue
        connection.execute(
            text(
                "INSERT INTO article_urls (url, article_id) VALUES (:url, :article_id) "
                "ON CONFLICT (url) DO NOTHING"
            ),
            {"url": canonical, "article_id": article_id},
        )


def downgrade() -> None:
    """Nothing to undo: the added addresses are as true of their articles under any version."""
