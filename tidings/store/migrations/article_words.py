"""What migrations 0033, 0035, 0036 and 0038 share when they rewrite stored articles' words:
nothing else imports it.

0033 and 0035 take characters that show nothing out of stored titles and texts (0033 soft hyphens
and word joiners, 0035 zero-width spaces and U+FEFF), so both find the rows that hold one
(``article_ids_holding``); 0036 takes an aggregator's outlet name out of feed entries' titles, and
0038 the markup out of the bundled sample's (``rewrite_title``). Where an article's words
changed, each forgets what was made from the old ones (``forget_old_words``), as a correction does.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from tidings.model import content_hash

__all__ = ["article_ids_holding", "forget_old_words", "rewrite_title"]


def article_ids_holding(
    connection: sa.Connection, columns: Sequence[str], characters: Sequence[str]
) -> list[int]:
    """The ids of the articles whose ``columns`` hold any of ``characters``."""
    patterns = {
        f"{column}_{index}": f"%{character}%"
        for column in columns
        for index, character in enumerate(characters)
    }
    holding = " OR ".join(f"{name.rsplit('_', 1)[0]} LIKE :{name}" for name in patterns)
    found = connection.execute(sa.text(f"SELECT id FROM articles WHERE {holding}"), patterns)
    return [int(article_id) for article_id in found.scalars()]


def forget_old_words(connection: sa.Connection, article_id: int, words: str, old_hash: str) -> None:
    """After article ``article_id``'s words were rewritten to those hashed ``words``: its copy
    fingerprint takes the new hash, its clustering features read as stale, and its entities are
    read again."""
    connection.execute(
        sa.text("UPDATE article_fingerprints SET content_hash = :words WHERE article_id = :id"),
        {"words": words, "id": article_id},
    )
    # Features made from a full text keep no hash: given the old words' hash, they read as stale
    # until made again (``stories.watched_text_hash``), as after a correction.
    connection.execute(
        sa.text("UPDATE article_features SET text_hash = :old WHERE article_id = :id AND text_hash IS NULL"),
        {"old": old_hash, "id": article_id},
    )
    connection.execute(sa.text("DELETE FROM article_entities WHERE article_id = :id"), {"id": article_id})
    connection.execute(sa.text("DELETE FROM entity_scans WHERE article_id = :id"), {"id": article_id})


def rewrite_title(connection: sa.Connection, article_id: int, title: str, text: str, old_hash: str) -> None:
    """Give article ``article_id`` (its text ``text``, its words hashed ``old_hash``) the title
    ``title``, and a story it heads the same headline; what was made from its old words is
    forgotten."""
    words = content_hash(f"{title}\n{text}")
    connection.execute(
        sa.text("UPDATE articles SET title = :title, content_hash = :words WHERE id = :id"),
        {"title": title, "words": words, "id": article_id},
    )
    connection.execute(
        sa.text("UPDATE stories SET headline = :title WHERE headline_article_id = :id"),
        {"title": title, "id": article_id},
    )
    if words != old_hash:
        forget_old_words(connection, article_id, words, old_hash)
