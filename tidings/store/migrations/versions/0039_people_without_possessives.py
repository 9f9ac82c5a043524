"""People's names kept without the possessive the entity model took into them from headlines.

In title-case headlines the model often takes a possessive into a person's name ("Grant Gustin's
'The Flash' …", "Jon Favreau's 'Chef'"); their key never held it, but the name kept and shown
did. Since 2026-12-07 a person's name is kept without it (``summarize.entities.displayed_name``);
a company's may end so ("McDonald's") and keeps it. Each kept person's name of an article that
holds an apostrophe is read so again. A story's kept summary is made again when its words change,
as before; the names shown for a story of headlines are read from the articles' each time.

Revision ID: 0039
Revises: 0038
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0039"
down_revision: str | Sequence[str] | None = "0038"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT article_id, entity_key, name FROM article_entities "
            "WHERE kind = 'person' AND (name LIKE :straight OR name LIKE :curly)"
        ),
        {"straight": "%'%", "curly": "%\u2019%"},
    ).all()
    if not rows:
        return
    # Imported here, and only where there is a name to read: Alembic loads every migration to
    # learn the store's version, and the understanding stage's imports (scikit-learn, numpy) would
    # slow every command that only reads the store, a new one included (tests/cli/test_startup.py).
    from tidings.summarize.entities import displayed_name  # noqa: PLC0415

    for row in rows:
        name = displayed_name(row.name, "person")
        if name and name != row.name:
            connection.execute(
                sa.text(
                    "UPDATE article_entities SET name = :name WHERE article_id = :id AND entity_key = :key"
                ),
                {"name": name, "id": row.article_id, "key": row.entity_key},
            )


def downgrade() -> None:
    """Nothing to undo: the possessive was never part of the name."""
