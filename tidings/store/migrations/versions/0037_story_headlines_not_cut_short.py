"""A story headed by a title an aggregator cut short is headed by a whole title where it has one.

Since 2026-12-07 a title ending in an ellipsis (``model.headline_cut_short``: "Divergent star
Shailene Woodley reveals the advice she got from Jennifer ...", as Google News cut one title in
seven of the bundled sample) heads a story only while none of its members of the same standing
has a whole one (``cluster.memory.StoryBook._takes_headline``). A story placed before keeps its
cut headline until an article joins it.

Each story still standing (not merged into another) whose headline is cut short is headed again
by a titled member that outranks the headline article as the memory ranks heads (an original
writing before a copy, then a whole title before one cut short). The memory chooses among those by
nearness to the story's centre in its vectors; here, without them, the title whose words the
story's other titles share most (the sum of its words' Jaccard similarity with each of theirs;
the earliest placed of equals) stands in for it. The next article to join the story writes the
memory's own choice, a whole title too.

Revision ID: 0037
Revises: 0036
Create Date: 2026-12-07
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from tidings.model import headline_cut_short, headline_rank

revision: str = "0037"
down_revision: str | Sequence[str] | None = "0036"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WORD = re.compile(r"\w+")
# The titles weighed and weighing in one story (its earliest placed): a story of thousands of
# articles would otherwise cost the square of them.
_MOST_TITLES = 500


def upgrade() -> None:
    connection = op.get_bind()
    for story_id, headline_article_id in _stories_headed_cut_short(connection):
        members = connection.execute(
            sa.text(
                "SELECT sa.article_id, a.title, sa.copy_of IS NOT NULL AS is_copy "
                "FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
                "WHERE sa.story_id = :story_id AND a.title <> '' ORDER BY sa.placed_at, sa.article_id"
            ),
            {"story_id": story_id},
        ).all()
        ranks = {int(row.article_id): headline_rank(row.title, is_copy=bool(row.is_copy)) for row in members}
        current = (
            (False, False) if headline_article_id is None else ranks.get(headline_article_id, (False, False))
        )
        better = [row for row in members if ranks[int(row.article_id)] > current]
        if not better:
            continue
        top = max(ranks[int(row.article_id)] for row in better)
        best = _most_shared(
            [row for row in better if ranks[int(row.article_id)] == top][:_MOST_TITLES], members
        )
        connection.execute(
            sa.text(
                "UPDATE stories SET headline = :title, headline_article_id = :article_id WHERE id = :story_id"
            ),
            {"title": best.title, "article_id": int(best.article_id), "story_id": story_id},
        )


def _most_shared(candidates: list[sa.Row[Any]], members: Sequence[sa.Row[Any]]) -> sa.Row[Any]:
    """The candidate whose title's words the members' other titles share most; the first of
    equals. A title is counted once however many members carry it, so that one republished
    line ("(click the phrases to see a list)") does not vote for itself."""
    titles = list({_words(row.title): None for row in members})[:_MOST_TITLES]

    def shared(candidate: sa.Row[Any]) -> float:
        own = _words(candidate.title)
        return sum(len(own & theirs) / len(own | theirs) for theirs in titles if theirs != own)

    return max(candidates, key=shared)


def _words(title: str) -> frozenset[str]:
    return frozenset(word.casefold() for word in _WORD.findall(title))


def _stories_headed_cut_short(connection: sa.Connection) -> list[tuple[int, int | None]]:
    rows = connection.execute(
        sa.text(
            "SELECT id, headline, headline_article_id FROM stories "
            "WHERE merged_into IS NULL AND (headline LIKE :dots OR headline LIKE :ellipsis)"
        ),
        {"dots": "%...%", "ellipsis": "%\u2026%"},
    ).all()
    return [
        (int(row.id), None if row.headline_article_id is None else int(row.headline_article_id))
        for row in rows
        if headline_cut_short(row.headline)
    ]


def downgrade() -> None:
    """Nothing to undo: the whole headline is one of the story's own titles."""
