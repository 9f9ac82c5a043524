"""The bundled sample's titles are read as text: without the HTML tags and character references
the aggregator copied into some of them.

The UCI News Aggregator kept a few titles as the HTML it scraped ("Split|Screen: A First Look at
<em>Titanfall</em>", "Beyonc&#233; Wants to Ban the Word 'Bossy,' Too"); since 2026-12-07
`tidings load-sample` reads them as a feed reader would (``sample.title_text``). A sample loaded
before shows the markup as written, on its articles and on the stories they head.

Each article first stored from the sample (its first source is the sample's feed locator) whose
title holds a tag or a character reference is given that title as text; its content hash, copy
fingerprint, stale features, entities and the headline of a story it heads follow, as in 0036.

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tidings.sample import SAMPLE_LOCATOR, title_text
from tidings.store.migrations import article_words

revision: str = "0038"
down_revision: str | Sequence[str] | None = "0037"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT a.id, a.title, a.text, a.content_hash FROM articles a WHERE "
            "(SELECT s.locator FROM article_sources s WHERE s.article_id = a.id ORDER BY s.id LIMIT 1) "
            "= :locator "
            "AND (a.title LIKE :tag OR a.title LIKE :reference)"
        ),
        {"locator": SAMPLE_LOCATOR, "tag": "%<%>%", "reference": "%&%;%"},
    ).all()
    for row in rows:
        title = title_text(row.title)
        if title and title != row.title:
            article_words.rewrite_title(connection, int(row.id), title, row.text, row.content_hash)


def downgrade() -> None:
    """Nothing to undo: the titles say the same words without their markup."""
