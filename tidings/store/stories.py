"""Stories in the store: copies, memberships, recorded merges, earlier-coverage links, features.

Functions on an open connection; ``Store`` wraps each public verb in one transaction. A merge
never deletes: the absorbed story keeps its row with ``merged_into`` set, its articles move to
the survivor (each keeps ``first_story_id``), and a ``story_merges`` row says which, when and why.
Links between earlier and later coverage (``story_links``) stay as they were made, too: a story's
page reads them through the merges made since (``get_story``).
This module also implements ``dedupe.CopyIndex`` (``copy_candidates``, ``copy_group``): LSH band
keys are an indexed column, so finding candidates is one indexed look-up whatever the store's size.
A piece of writing's original is decided again over all its articles each time one joins it
(``dedupe.find_copies``): the placement rewrites the copy records that decision changes
(``copy_of`` and the origin of each, with a new tick of the story clock so that other memories
take the change in), recounts the stories they are in, and writes the headlines the memory chose
for them, so that every copy names one original and one origin whatever the order of arrival.

Coverage is kept as it happens (migration 0006): each placement adds its article to the story's
``story_outlets`` row for that outlet, and the story's totals (articles, outlets, copies, outlets
with writing of their own, first/last seen, latest original) are summed from those rows, so no
read of a list or a ranking ever groups a story's articles. A merge recounts the survivor's
rows from its memberships. Story lists are keyset pages on ``(last_seen, id)``.

A story of one article may be merged into another when it is re-checked (``cluster.settle``):
that merge is written in the same transaction as the placement that made the re-check due, with
that placement's article, so that a memory catching up finds it as it finds any merge. The store
counts placements (``story_clock.articles_placed``) and keeps the count each placement made
(``story_articles.placement``), from which a rebuilt memory knows which stories still wait.

Every write a placing memory decides (a placement, a re-description) is fenced by the story
clock: it ticks the clock only if the clock still reads what the memory was current at, else it
raises ``StaleStoryMemory`` and its transaction keeps nothing. The placement turn keeps other
processes out while a memory places; the fence is what holds if a turn is lost unnoticed (its
PostgreSQL connection dropped, its lock file removed) and another process placed meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, and_, case, delete, func, insert, or_, select, update

from tidings.dedupe import MIN_WORDS_FOR_NEAR_COPY, CopyCandidate, CopyChange, CopySubject, Fingerprint
from tidings.errors import StoreError
from tidings.model import (
    Article,
    CopyMatch,
    CopyOrigin,
    OriginEvidence,
    Outlet,
    Placement,
    Story,
    StoryDecision,
    StoryDetail,
    StoryMember,
    StoryMerge,
    headline_rank,
)
from tidings.store.articles import TEASER_WORDS, get_articles, outlet_keyed
from tidings.store.schema import (
    article_features,
    article_fingerprints,
    articles,
    copy_bands,
    outlets,
    stories,
    story_articles,
    story_clock,
    story_links,
    story_merges,
    story_outlets,
)

__all__ = [
    "LISTED_OUTLETS",
    "StaleStoryMemory",
    "StoredFeatures",
    "StoryCursor",
    "StoryState",
    "copy_candidates",
    "copy_group",
    "get_stories",
    "get_story",
    "list_stories",
    "load_story_state",
    "outlet_stories",
    "record_features_again",
    "record_placement",
    "recount_story_coverage",
    "stale_described_ids",
    "story_after",
    "story_clock_reading",
    "unplaced_article_ids",
    "watched_text_hash",
]

# A story in a list names at most this many outlets (the reader shows six and counts the rest;
# ``outlet_count`` has them all); the story page names every one.
LISTED_OUTLETS = 8

# Candidates read per look-up at most: a text shared by hundreds of sites (a press release, a
# cookie notice) matches many; the first few hundred are enough to find its original.
MAX_COPY_CANDIDATES = 200


@dataclass(frozen=True, slots=True)
class StoredFeatures:
    """An article's clustering features as the store keeps them (bytes from ``cluster.features``)."""

    model: str
    dense: bytes
    terms: bytes
    tf: bytes
    headline_only: bool
    # The content hash of the teaser these were made from (``watched_text_hash``), which the store
    # compares with the text it holds (``stale_described_ids``); None for a full text.
    text_hash: str | None = None


def watched_text_hash(article: Article) -> str | None:
    """The hash kept with features made from ``article``: a teaser's content hash, since a page may
    still replace a teaser's text (``complete_teaser``, by the same word count); None for a longer
    text, which nothing replaces, so that looking for stale features reads teasers only."""
    return article.content_hash if len(article.text.split()) < TEASER_WORDS else None


@dataclass(frozen=True, slots=True)
class PlacedArticle:
    """One placed article as a restart needs it, oldest first."""

    article_id: int
    placed_at: datetime
    outlet: str
    title: str
    language: str | None
    first_story_id: int
    earlier_story_id: int | None
    features: StoredFeatures
    # The story that article's story was linked to as earlier coverage of when it began (an
    # article that arrived late, weeks older than a story it matched: ``StoryDecision``).
    later_story_id: int | None = None
    # False when the article has no date of its own: ``placed_at`` is then when it was fetched.
    dated: bool = True
    # The article it was placed as a copy of: a copy heads no story an original writing is in.
    copy_of: int | None = None


@dataclass(frozen=True, slots=True)
class StoryState:
    """Everything clustering keeps, to rebuild its memory: placements and merges, in order."""

    placed: tuple[PlacedArticle, ...]
    merges: tuple[tuple[int, int], ...]
    # The story clock when this was read: every placement counted is in ``placed`` (there may be
    # more, placed while it was being read; never fewer).
    placements: int = 0
    # Articles placed when this was read (``story_clock.articles_placed``), and the count at which
    # each story opened by one of ``placed`` did (not those opened before migration 0019).
    articles_placed: int = 0
    opened: tuple[tuple[int, int], ...] = ()


class StaleStoryMemory(StoreError):
    """A placement decided on a memory of the stories that is out of date: the story clock no
    longer reads what the memory was current at, so another process placed articles meanwhile.
    Nothing was written; the memory must catch up and decide again."""

    def __init__(self, *, expected_clock: int, found_clock: int) -> None:
        super().__init__(
            f"another process placed articles during this process's placement turn (the story "
            f"clock reads {found_clock}, this memory of the stories was current at "
            f"{expected_clock}): the turn was lost, its database connection dropped or its lock "
            "file removed; nothing decided on the old memory was written"
        )
        self.expected_clock = expected_clock
        self.found_clock = found_clock


# -- copies -----------------------------------------------------------------------------------


def _candidate_columns() -> list[Any]:
    """What copy detection reads of a stored article: its fingerprint, origin evidence and record."""
    return [
        *article_fingerprints.c,
        articles.c.url,
        articles.c.sort_at,
        outlets.c.name.label("outlet_name"),
        outlets.c.domain.label("outlet_domain"),
        story_articles.c.copy_of,
        story_articles.c.origin_outlet,
        story_articles.c.origin_evidence,
    ]


def copy_candidates(
    connection: Connection, content_hash: str, band_keys: Sequence[str]
) -> list[CopyCandidate]:
    """Stored articles with this exact hash or sharing one of these LSH bands."""
    matching = (
        select(article_fingerprints.c.article_id)
        .where(article_fingerprints.c.content_hash == content_hash)
        .union(select(copy_bands.c.article_id).where(copy_bands.c.band_key.in_(list(band_keys))))
        .subquery()
    )
    rows = connection.execute(
        select(*_candidate_columns())
        .join(matching, matching.c.article_id == article_fingerprints.c.article_id)
        .join(articles, articles.c.id == article_fingerprints.c.article_id)
        .join(outlets, outlets.c.id == articles.c.outlet_id)
        .outerjoin(story_articles, story_articles.c.article_id == article_fingerprints.c.article_id)
        .order_by(article_fingerprints.c.article_id)
        .limit(MAX_COPY_CANDIDATES)
    ).all()
    return [_candidate(row) for row in rows]


def copy_group(connection: Connection, original_id: int) -> list[CopyCandidate]:
    """The article ``original_id`` and every placed article recorded as a copy of it: one piece
    of writing (``ix_story_articles_copy_of``)."""
    rows = connection.execute(
        select(*_candidate_columns())
        .join(articles, articles.c.id == article_fingerprints.c.article_id)
        .join(outlets, outlets.c.id == articles.c.outlet_id)
        .outerjoin(story_articles, story_articles.c.article_id == article_fingerprints.c.article_id)
        .where(
            or_(
                article_fingerprints.c.article_id == original_id,
                story_articles.c.copy_of == original_id,
            )
        )
        .order_by(article_fingerprints.c.article_id)
    ).all()
    return [_candidate(row) for row in rows]


def _candidate(row: Row[tuple[object, ...]]) -> CopyCandidate:
    found = row._mapping
    subject = CopySubject(
        article_id=int(found["article_id"]),
        fingerprint=Fingerprint(
            content_hash=found["content_hash"],
            signature=bytes(found["signature"]),
            shingle_count=int(found["shingle_count"]),
            word_count=int(found["word_count"]),
        ),
        outlet=found["outlet_name"],
        outlet_domain=found["outlet_domain"],
        published_at=found["sort_at"],
        url=found["url"],
        wire=found["wire"],
        republishes=found["republishes"],
    )
    copy_of = found["copy_of"]
    return CopyCandidate(
        subject=subject,
        copy_of=int(copy_of) if copy_of is not None else None,
        origin=_origin(found["origin_outlet"], found["origin_evidence"]),
    )


def _origin(outlet: Any, evidence: Any) -> CopyOrigin | None:
    """The origin kept with a copy's membership (the store writes only ``OriginEvidence`` values)."""
    if outlet is None or evidence is None:
        return None
    return CopyOrigin(outlet=outlet, evidence=evidence)


def _record_fingerprint(connection: Connection, subject: CopySubject) -> None:
    print_ = subject.fingerprint
    connection.execute(
        insert(article_fingerprints).values(
            article_id=subject.article_id,
            content_hash=print_.content_hash,
            signature=print_.signature,
            shingle_count=print_.shingle_count,
            word_count=print_.word_count,
            wire=subject.wire,
            republishes=subject.republishes,
        )
    )
    if print_.word_count >= MIN_WORDS_FOR_NEAR_COPY:
        connection.execute(
            insert(copy_bands),
            [{"band_key": key, "article_id": subject.article_id} for key in print_.band_keys],
        )


# -- placement --------------------------------------------------------------------------------


def current_story_id(connection: Connection, story_id: int) -> int:
    """The story ``story_id`` is part of now, following merges."""
    seen = story_id
    for _ in range(1000):
        merged_into = connection.execute(select(stories.c.merged_into).where(stories.c.id == seen)).scalar()
        if merged_into is None:
            return seen
        seen = int(merged_into)
    return seen


def _add_outlet_coverage(
    connection: Connection, *, story_id: int, article_id: int, placed_at: datetime, is_copy: bool
) -> None:
    """Count one newly placed article in its story's row for its outlet."""
    placed = connection.execute(
        select(articles.c.outlet_id, articles.c.published_at).where(articles.c.id == article_id)
    ).one()
    key = and_(story_outlets.c.story_id == story_id, story_outlets.c.outlet_id == placed.outlet_id)
    # FOR UPDATE: two writers on PostgreSQL must not both read the old totals (SQLite ignores it;
    # its write transactions are serial already).
    row = connection.execute(select(story_outlets).where(key).with_for_update()).one_or_none()
    original = None if is_copy else placed_at
    dated = placed_at if placed.published_at is not None else None
    if row is None:
        connection.execute(
            insert(story_outlets).values(
                story_id=story_id,
                outlet_id=placed.outlet_id,
                article_count=1,
                copy_count=int(is_copy),
                first_seen=placed_at,
                last_seen=placed_at,
                first_original_at=original,
                last_original_at=original,
                first_dated_at=dated,
                last_dated_at=dated,
            )
        )
        return
    connection.execute(
        update(story_outlets)
        .where(key)
        .values(
            article_count=row.article_count + 1,
            copy_count=row.copy_count + int(is_copy),
            first_seen=min(row.first_seen, placed_at),
            last_seen=max(row.last_seen, placed_at),
            first_original_at=_earliest(row.first_original_at, original),
            last_original_at=_latest(row.last_original_at, original),
            first_dated_at=_earliest(row.first_dated_at, dated),
            last_dated_at=_latest(row.last_dated_at, dated),
        )
    )


def _placed_by_its_date() -> ColumnElement[bool]:
    """Whether a placement was made at its article's own date, not at the time it was fetched.
    ``published_at`` alone cannot tell: a teaser placed undated is given a date when its page
    completes it, and its ``placed_at`` stays the fetch time. A placement at the date has
    ``placed_at`` equal to it (or ``now``, earlier, for a date in the future); the page of a teaser
    placed at its fetch time is dated before that."""
    return and_(articles.c.published_at.is_not(None), articles.c.published_at >= story_articles.c.placed_at)


def _earliest(kept: datetime | None, new: datetime | None) -> datetime | None:
    return min(moment for moment in (kept, new) if moment is not None) if kept or new else None


def _latest(kept: datetime | None, new: datetime | None) -> datetime | None:
    return max(moment for moment in (kept, new) if moment is not None) if kept or new else None


def recount_story_coverage(connection: Connection, story_id: int) -> None:
    """Rebuild a story's ``story_outlets`` rows and totals from its memberships (after a merge,
    or for a store filled in bulk)."""
    original_at = case((story_articles.c.copy_of.is_(None), story_articles.c.placed_at))
    dated_at = case((_placed_by_its_date(), story_articles.c.placed_at))
    rows = connection.execute(
        select(
            articles.c.outlet_id,
            func.count().label("article_count"),
            func.count(story_articles.c.copy_of).label("copy_count"),
            func.min(story_articles.c.placed_at).label("first_seen"),
            func.max(story_articles.c.placed_at).label("last_seen"),
            func.min(original_at).label("first_original_at"),
            func.max(original_at).label("last_original_at"),
            func.min(dated_at).label("first_dated_at"),
            func.max(dated_at).label("last_dated_at"),
        )
        .join(articles, articles.c.id == story_articles.c.article_id)
        .where(story_articles.c.story_id == story_id)
        .group_by(articles.c.outlet_id)
    ).all()
    connection.execute(delete(story_outlets).where(story_outlets.c.story_id == story_id))
    if rows:
        connection.execute(
            insert(story_outlets),
            [{"story_id": story_id, **row._asdict(), "outlet_id": int(row.outlet_id)} for row in rows],
        )
    _refresh_story(connection, story_id)


def _refresh_story(connection: Connection, story_id: int) -> None:
    """Sum a story's totals from its ``story_outlets`` rows (one per outlet, not per article)."""
    row = story_outlets.c
    # Dated articles make the span when there are any (migration 0009).
    first_seen = func.coalesce(func.min(row.first_dated_at), func.min(row.first_seen))
    last_seen = func.coalesce(func.max(row.last_dated_at), func.max(row.last_seen))
    totals = connection.execute(
        select(
            func.count().label("outlets"),
            func.coalesce(func.sum(story_outlets.c.article_count), 0).label("articles"),
            func.coalesce(func.sum(story_outlets.c.copy_count), 0).label("copies"),
            func.count(story_outlets.c.first_original_at).label("original_outlets"),
            first_seen.label("first_seen"),
            last_seen.label("last_seen"),
            func.max(story_outlets.c.last_original_at).label("last_original_at"),
        ).where(story_outlets.c.story_id == story_id)
    ).one()
    if not totals.outlets:
        return
    connection.execute(
        update(stories)
        .where(stories.c.id == story_id)
        .values(
            article_count=int(totals.articles),
            outlet_count=int(totals.outlets),
            copy_count=int(totals.copies),
            original_outlet_count=int(totals.original_outlets),
            first_seen=totals.first_seen,
            last_seen=totals.last_seen,
            last_original_at=totals.last_original_at,
        )
    )


def record_placement(
    connection: Connection,
    *,
    subject: CopySubject,
    title: str,
    features: StoredFeatures,
    copy: CopyMatch | None,
    decision: StoryDecision,
    headline: tuple[int, str] | None,
    now: datetime,
    expected_clock: int,
    settled: Sequence[StoryDecision] = (),
    copy_changes: Sequence[CopyChange] = (),
    headlines: Sequence[tuple[int, int, str]] = (),
) -> Placement:
    """Keep one article's fingerprint, features and place; create, grow or merge stories.
    ``decision`` was made by a memory current at the story clock ``expected_clock``: if the clock
    reads another count, ``StaleStoryMemory`` is raised before anything is written. ``settled``
    are the re-checks this placement made due that merge a story of one article into another
    (``cluster.settle``), made before the article was placed and recorded with it.
    ``copy_changes`` are the stored articles of the article's writing whose copy record its
    arrival changed (``dedupe.CopyFinding``); the stories they are in are recounted, and take the
    ``headlines`` (story, article, title) the memory chose for them."""
    article_id = subject.article_id
    placed_at = subject.published_at
    # The placement's tick of the story clock, kept with it (``load_story_state(after_clock=...)``),
    # taken first: a decision on a stale memory writes nothing.
    clock, articles_placed = _tick_story_clock(connection, expected_clock, placing=True)
    for settle in settled:
        _record_settled(connection, settle, article_id=article_id, now=now)
    _record_fingerprint(connection, subject)
    connection.execute(insert(article_features).values(article_id=article_id, **_feature_values(features)))
    merged: list[int] = []
    if decision.move == "join" and decision.story_id is not None:
        story_id, merged = _merge_absorbed(
            connection, decision, decision.story_id, article_id=article_id, now=now
        )
    else:
        story_id = int(
            connection.execute(
                insert(stories)
                .values(
                    headline=title,
                    headline_article_id=article_id,
                    first_seen=placed_at,
                    last_seen=placed_at,
                    created_at=now,
                )
                .returning(stories.c.id)
            ).scalar_one()
        )
        if decision.earlier_story_id is not None:
            earlier_id = current_story_id(connection, decision.earlier_story_id)
            _link(connection, earlier_id=earlier_id, later_id=story_id, decision=decision, now=now)
        if decision.later_story_id is not None:
            later_id = current_story_id(connection, decision.later_story_id)
            _link(connection, earlier_id=story_id, later_id=later_id, decision=decision, now=now)
    connection.execute(
        insert(story_articles).values(
            article_id=article_id,
            story_id=story_id,
            first_story_id=story_id,
            placed_at=placed_at,
            clock=clock,
            placement=articles_placed,
            move=decision.move,
            score=decision.score,
            reason=decision.reason,
            **_copy_columns(copy),
            **_match_columns(copy),
        )
    )
    if headline is not None:
        connection.execute(
            update(stories)
            .where(stories.c.id == story_id)
            .values(headline_article_id=headline[0], headline=headline[1])
        )
    _add_outlet_coverage(
        connection, story_id=story_id, article_id=article_id, placed_at=placed_at, is_copy=copy is not None
    )
    _refresh_story(connection, story_id)
    if copy_changes:
        _record_copy_changes(connection, copy_changes, clock=clock)
    _record_headlines(connection, headlines)
    return Placement(
        article_id=article_id,
        story_id=story_id,
        move=decision.move,
        merged=tuple(merged),
        earlier_story_id=decision.earlier_story_id,
        copy_of=copy.original_id if copy is not None else None,
        later_story_id=decision.later_story_id,
    )


def _copy_columns(copy: CopyMatch | None) -> dict[str, object]:
    """A membership's copy record: its original and the writing's origin (all None: an original)."""
    origin = copy.origin if copy is not None else None
    return {
        "copy_of": copy.original_id if copy is not None else None,
        "origin_outlet": origin.outlet[:255] if origin is not None else None,
        "origin_evidence": origin.evidence if origin is not None else None,
    }


def _match_columns(copy: CopyMatch | None) -> dict[str, object]:
    """How a copy resembles its original: the similarity and the method that found it."""
    return {
        "copy_similarity": copy.similarity if copy is not None else None,
        "copy_method": copy.method if copy is not None else None,
    }


def _record_copy_changes(connection: Connection, changes: Sequence[CopyChange], *, clock: int) -> None:
    """Rewrite the copy records ``changes`` name, and recount the stories they are in: which of
    their outlets have writing of their own may have changed. Each changed placement takes the
    placement's tick of the story clock, so that a memory catching up reads it again
    (``load_story_state(after_clock=...)``) and learns which of its articles are copies now."""
    for change in changes:
        values = {**_copy_columns(change.copy), "clock": clock}
        if change.repointed:
            values.update(_match_columns(change.copy))
        connection.execute(
            update(story_articles).where(story_articles.c.article_id == change.article_id).values(**values)
        )
    touched = connection.execute(
        select(story_articles.c.story_id)
        .where(story_articles.c.article_id.in_([change.article_id for change in changes]))
        .distinct()
    ).scalars()
    for story_id in sorted(int(value) for value in touched):
        recount_story_coverage(connection, story_id)


def _record_headlines(connection: Connection, headlines: Sequence[tuple[int, int, str]]) -> None:
    """Head each story (story, article, title) as the memory chose when copy records changed."""
    for headed_id, headline_id, headline_title in headlines:
        connection.execute(
            update(stories)
            .where(stories.c.id == current_story_id(connection, headed_id))
            .values(headline_article_id=headline_id, headline=headline_title)
        )


def _link(
    connection: Connection, *, earlier_id: int, later_id: int, decision: StoryDecision, now: datetime
) -> None:
    """Keep that story ``earlier_id`` is earlier coverage of story ``later_id``: one of them began
    with the placement of ``decision``, the other existed already (``load_story_state`` tells
    which by their ids)."""
    connection.execute(
        insert(story_links).values(
            story_id=later_id, earlier_story_id=earlier_id, linked_at=now, reason=decision.reason
        )
    )


def _record_settled(connection: Connection, settle: StoryDecision, *, article_id: int, now: datetime) -> None:
    """A re-checked story of one article merged into the story it matches (``settle.absorb`` into
    ``settle.story_id``), recorded with the placement that made the re-check due."""
    if settle.story_id is not None:
        _merge_absorbed(connection, settle, settle.story_id, article_id=article_id, now=now)


def _merge_absorbed(
    connection: Connection, decision: StoryDecision, story_id: int, *, article_id: int, now: datetime
) -> tuple[int, list[int]]:
    """Merge the stories ``decision`` absorbs into ``story_id`` (each as it is now, after earlier
    merges), recorded with the placement of ``article_id``, and recount the survivor; the
    survivor's id and the stories merged into it."""
    survivor_id = current_story_id(connection, story_id)
    merged: list[int] = []
    for absorbed in decision.absorb:
        absorbed_id = current_story_id(connection, absorbed)
        if absorbed_id == survivor_id:
            continue
        _merge(
            connection,
            survivor_id=survivor_id,
            absorbed_id=absorbed_id,
            article_id=article_id,
            now=now,
            reason=decision.reason,
        )
        merged.append(absorbed_id)
    if merged:
        recount_story_coverage(connection, survivor_id)
    return survivor_id, merged


def _merge(
    connection: Connection, *, survivor_id: int, absorbed_id: int, article_id: int, now: datetime, reason: str
) -> None:
    connection.execute(update(stories).where(stories.c.id == absorbed_id).values(merged_into=survivor_id))
    connection.execute(
        update(story_articles).where(story_articles.c.story_id == absorbed_id).values(story_id=survivor_id)
    )
    connection.execute(
        insert(story_merges).values(
            survivor_id=survivor_id,
            absorbed_id=absorbed_id,
            article_id=article_id,
            merged_at=now,
            reason=reason,
        )
    )
    # The absorbed story keeps its counts and dates as they were when merged: its history. Its
    # outlets are the survivor's now (recounted by the caller), as its memberships are.
    connection.execute(delete(story_outlets).where(story_outlets.c.story_id == absorbed_id))
    survivor_head, absorbed_head = _head(connection, survivor_id), _head(connection, absorbed_id)
    if (
        survivor_head is not None
        and absorbed_head is not None
        and _head_rank(absorbed_head) > _head_rank(survivor_head)
    ):
        # A copy never heads a story an original writing is in, nor a title cut short one whose
        # title is whole: the memory's merge (``cluster.memory.StoryBook._absorb``) makes the
        # same choice.
        connection.execute(
            update(stories)
            .where(stories.c.id == survivor_id)
            .values(headline_article_id=absorbed_head[0], headline=absorbed_head[1])
        )


def _head_rank(head: tuple[int, str, bool]) -> tuple[bool, bool]:
    """``model.headline_rank`` of a story's headline article (``_head``)."""
    _, title, is_copy = head
    return headline_rank(title, is_copy=is_copy)


def _head(connection: Connection, story_id: int) -> tuple[int, str, bool] | None:
    """A story's headline article, its title, and whether that article is a copy; None when it
    has no titled headline."""
    row = connection.execute(
        select(stories.c.headline_article_id, stories.c.headline, story_articles.c.copy_of)
        .select_from(
            stories.outerjoin(story_articles, story_articles.c.article_id == stories.c.headline_article_id)
        )
        .where(stories.c.id == story_id)
    ).first()
    if row is None or row.headline_article_id is None or not row.headline:
        return None
    return int(row.headline_article_id), str(row.headline), row.copy_of is not None


# -- restart ----------------------------------------------------------------------------------


def unplaced_article_ids(connection: Connection, *, limit: int) -> list[int]:
    """Stored articles with no place among stories, oldest first: stored by a batch that was
    interrupted (Ctrl+C, a crash) before its articles were placed."""
    placed = select(story_articles.c.article_id).where(story_articles.c.article_id == articles.c.id)
    return [
        int(article_id)
        for article_id in connection.execute(
            select(articles.c.id).where(~placed.exists()).order_by(articles.c.id).limit(limit)
        ).scalars()
    ]


def _feature_values(features: StoredFeatures) -> dict[str, object]:
    return {
        "model": features.model,
        "dense": features.dense,
        "terms": features.terms,
        "tf": features.tf,
        "headline_only": features.headline_only,
        "text_hash": features.text_hash,
    }


def _tick_story_clock(
    connection: Connection, expected_clock: int, *, placing: bool = False
) -> tuple[int, int]:
    """The story clock moved on by one placement (``placing``: the count of articles placed too)
    or re-description, and both counts, read in the same statement, if the clock still reads
    ``expected_clock``; else ``StaleStoryMemory`` (the caller's transaction is then rolled back).
    On PostgreSQL a concurrent tick committed first makes the condition false when the UPDATE
    re-reads the row; on SQLite write transactions are serial."""
    ticked = (
        update(story_clock)
        .where(story_clock.c.placements == expected_clock)
        .values(
            placements=story_clock.c.placements + 1,
            articles_placed=story_clock.c.articles_placed + int(placing),
        )
        .returning(story_clock.c.placements, story_clock.c.articles_placed)
    )
    row = connection.execute(ticked).one_or_none()
    if row is None:
        raise StaleStoryMemory(expected_clock=expected_clock, found_clock=story_clock_reading(connection))
    return int(row.placements), int(row.articles_placed)


def stale_described_ids(connection: Connection, *, limit: int) -> list[int]:
    """Placed teasers whose features were made from another text than the one stored now (a
    teaser completed by a process stopped before it described it again, or placed from the teaser
    a process held while another completed it), oldest first. Only teasers keep a hash (a partial
    index of them, migration 0015): full texts, most of a store, are not read."""
    kept = article_features.c.text_hash
    return [
        int(article_id)
        for article_id in connection.execute(
            select(article_features.c.article_id)
            .join(articles, articles.c.id == article_features.c.article_id)
            .where(kept.is_not(None), kept != articles.c.content_hash)
            .order_by(article_features.c.article_id)
            .limit(limit)
        ).scalars()
    ]


def story_clock_reading(connection: Connection) -> int:
    """How many placements the stories have taken (migration 0011's one row)."""
    return int(connection.execute(select(story_clock.c.placements)).scalar_one())


def record_features_again(
    connection: Connection,
    *,
    subject: CopySubject,
    features: StoredFeatures,
    expected_clock: int,
    copy_changes: Sequence[CopyChange] = (),
    headlines: Sequence[tuple[int, int, str]] = (),
) -> bool:
    """Replace a placed article's fingerprint and features (its words changed: a teaser completed
    by its page, an article corrected by its feed entry); its story stays, and a story it heads
    takes its title as it is now. The placement takes a new tick of the story clock, so that
    other processes' memories take the new features in (``load_story_state(after_clock=...)``),
    fenced as a placement is (``StaleStoryMemory`` unless the clock reads ``expected_clock``).
    ``copy_changes`` are the copy records its new words change, its own included
    (``dedupe.copies_again``), written as a placement's are, with the ``headlines`` the memory
    chose for the stories they are in. False when the article is not placed (nothing is changed
    then)."""
    article_id = subject.article_id
    if (
        connection.execute(
            select(story_articles.c.article_id).where(story_articles.c.article_id == article_id)
        ).first()
        is None
    ):
        return False
    clock, _ = _tick_story_clock(connection, expected_clock)
    kept = _kept_republishes(connection, subject)
    connection.execute(delete(copy_bands).where(copy_bands.c.article_id == article_id))
    connection.execute(delete(article_fingerprints).where(article_fingerprints.c.article_id == article_id))
    _record_fingerprint(connection, kept)
    connection.execute(
        update(article_features)
        .where(article_features.c.article_id == article_id)
        .values(**_feature_values(features))
    )
    connection.execute(
        update(story_articles).where(story_articles.c.article_id == article_id).values(clock=clock)
    )
    connection.execute(
        update(stories)
        .where(stories.c.headline_article_id == article_id)
        .values(headline=select(articles.c.title).where(articles.c.id == article_id).scalar_subquery())
    )
    if copy_changes:
        _record_copy_changes(connection, copy_changes, clock=clock)
    _record_headlines(connection, headlines)
    return True


def _kept_republishes(connection: Connection, subject: CopySubject) -> CopySubject:
    """``subject``, naming the page it republishes as its stored fingerprint did when it names
    none: its words are described again from the stored article, which does not keep its
    canonical link (only the fingerprint does), and the link is the page's, not its words'."""
    if subject.republishes is not None:
        return subject
    stored = connection.execute(
        select(article_fingerprints.c.republishes).where(
            article_fingerprints.c.article_id == subject.article_id
        )
    ).scalar_one_or_none()
    return replace(subject, republishes=stored) if stored is not None else subject


def load_story_state(connection: Connection, model: str, *, after_clock: int | None = None) -> StoryState:
    """Every placement whose features were made by ``model``, oldest first, and every merge; with
    ``after_clock``, only the placements made since the story clock read that, and their merges."""
    # Read first, so that the state read after it holds at least what it counts.
    counts = connection.execute(select(story_clock.c.placements, story_clock.c.articles_placed)).one()
    # The links a story was given when it began: to a story that existed then, so of a smaller
    # id. A story's links to stories that began after it (later coverage, or earlier coverage
    # that arrived late) were made by their placements, and are replayed with them.
    first_story = story_articles.c.first_story_id
    as_later = story_links.alias("as_later")
    query = (
        select(
            story_articles.c.article_id,
            story_articles.c.placed_at,
            story_articles.c.first_story_id,
            story_articles.c.move,
            story_articles.c.placement,
            story_articles.c.copy_of,
            story_links.c.earlier_story_id,
            as_later.c.story_id.label("later_story_id"),
            outlets.c.name,
            articles.c.title,
            articles.c.language,
            _placed_by_its_date().label("dated"),
            article_features.c.model,
            article_features.c.dense,
            article_features.c.terms,
            article_features.c.tf,
            article_features.c.headline_only,
        )
        .join(article_features, article_features.c.article_id == story_articles.c.article_id)
        .join(articles, articles.c.id == story_articles.c.article_id)
        .join(outlets, outlets.c.id == articles.c.outlet_id)
        .outerjoin(
            story_links,
            and_(story_links.c.story_id == first_story, story_links.c.earlier_story_id < first_story),
        )
        .outerjoin(
            as_later, and_(as_later.c.earlier_story_id == first_story, as_later.c.story_id < first_story)
        )
        .where(article_features.c.model == model)
    )
    if after_clock is None:
        query = query.order_by(story_articles.c.placed_at, story_articles.c.article_id)
    else:
        query = query.where(story_articles.c.clock > after_clock).order_by(story_articles.c.clock)
    rows = connection.execute(query).all()
    placed = tuple(
        PlacedArticle(
            article_id=int(row.article_id),
            placed_at=row.placed_at,
            outlet=row.name,
            title=row.title,
            language=row.language,
            first_story_id=int(row.first_story_id),
            earlier_story_id=int(row.earlier_story_id) if row.earlier_story_id is not None else None,
            later_story_id=int(row.later_story_id) if row.later_story_id is not None else None,
            features=StoredFeatures(
                model=row.model,
                dense=row.dense,
                terms=row.terms,
                tf=row.tf,
                headline_only=row.headline_only,
            ),
            dated=bool(row.dated),
            copy_of=int(row.copy_of) if row.copy_of is not None else None,
        )
        for row in rows
    )
    merge_query = select(story_merges.c.absorbed_id, story_merges.c.survivor_id).order_by(story_merges.c.id)
    if after_clock is not None:
        # A merge is recorded with the placement that made it.
        since = select(story_articles.c.article_id).where(story_articles.c.clock > after_clock)
        merge_query = merge_query.where(story_merges.c.article_id.in_(since))
    merges = tuple((int(row.absorbed_id), int(row.survivor_id)) for row in connection.execute(merge_query))
    opened = {
        int(row.first_story_id): int(row.placement)
        for row in rows
        if row.move == "new" and row.placement is not None
    }
    return StoryState(
        placed=placed,
        merges=merges,
        placements=int(counts.placements),
        articles_placed=int(counts.articles_placed),
        opened=tuple(sorted(opened.items())),
    )


# -- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoryCursor:
    """Keyset position in the most-recently-active-first story list: the last (last_seen, id)."""

    last_seen: datetime
    story_id: int


def _outlets_by_story(
    connection: Connection, story_ids: Sequence[int], *, per_story: int | None = None
) -> dict[int, tuple[Outlet, ...]]:
    """Each story's outlets from its kept rows: those with writing of their own first, then by
    articles, then by name; ``per_story`` at most (lists show a few; the story page all).

    One entry per ``story_outlets`` row, so per outlet key, as ``outlet_count`` counts them: two
    outlets may share a display name (allAfrica republishing as "Voice of America" beside
    voanews.com) and are still two outlets. The order ends on the key, so that same-named outlets
    with as many articles come in the same order on every read and both databases."""
    if not story_ids:
        return {}
    copies_only = story_outlets.c.first_original_at.is_(None)
    ordered = (
        select(
            story_outlets.c.story_id,
            outlets.c.name,
            outlets.c.domain,
            func.row_number()
            .over(
                partition_by=story_outlets.c.story_id,
                order_by=(copies_only, story_outlets.c.article_count.desc(), outlets.c.name, outlets.c.key),
            )
            .label("place"),
        )
        .join(outlets, outlets.c.id == story_outlets.c.outlet_id)
        .where(story_outlets.c.story_id.in_(list(story_ids)))
        .subquery()
    )
    query = select(ordered.c.story_id, ordered.c.name, ordered.c.domain).order_by(
        ordered.c.story_id, ordered.c.place
    )
    if per_story is not None:
        query = query.where(ordered.c.place <= per_story)
    found: dict[int, list[Outlet]] = {story_id: [] for story_id in story_ids}
    for story_id, name, domain in connection.execute(query):
        found[int(story_id)].append(Outlet(name=name, domain=domain))
    return {story_id: tuple(listed) for story_id, listed in found.items()}


def story_from_row(row: Row[tuple[object, ...]], outlet_refs: tuple[Outlet, ...] = ()) -> Story:
    return Story(
        story_id=int(row.id),
        headline=row.headline,
        first_seen=row.first_seen,
        last_seen=row.last_seen,
        article_count=int(row.article_count),
        outlet_count=int(row.outlet_count),
        merged_into=int(row.merged_into) if row.merged_into is not None else None,
        outlet_refs=outlet_refs,
        original_outlet_count=int(row.original_outlet_count),
    )


def _stories(
    connection: Connection, rows: Sequence[Row[tuple[object, ...]]], *, outlets_each: int | None = None
) -> list[Story]:
    by_story = _outlets_by_story(connection, [int(row.id) for row in rows], per_story=outlets_each)
    return [story_from_row(row, by_story.get(int(row.id), ())) for row in rows]


def list_stories(
    connection: Connection, *, limit: int, after: StoryCursor | None = None, min_outlets: int = 1
) -> list[Story]:
    """Current stories (not merged away), most recently active first, after ``after``: a keyset
    page on ``ix_stories_last_seen_id``, as fast at page 1,000 as at page 1.

    ``min_outlets`` counts outlets as ``Story.counted_outlets`` does (and the web): those with
    writing of their own, an outlet that only republished a copy not being one; a story of copies
    only counts one."""
    covered = (
        stories.c.original_outlet_count >= min_outlets
        if min_outlets > 1
        else stories.c.outlet_count >= min_outlets
    )
    query = (
        select(stories)
        .where(stories.c.merged_into.is_(None), covered)
        .order_by(stories.c.last_seen.desc(), stories.c.id.desc())
        .limit(limit)
    )
    if after is not None:
        query = query.where(story_after(after))
    return _stories(connection, connection.execute(query).all(), outlets_each=LISTED_OUTLETS)


def story_after(after: StoryCursor) -> ColumnElement[bool]:
    """The keyset condition of a page of stories most recently active first: those after ``after``."""
    return or_(
        stories.c.last_seen < after.last_seen,
        and_(stories.c.last_seen == after.last_seen, stories.c.id < after.story_id),
    )


def outlet_stories(connection: Connection, outlet_key: str, *, limit: int) -> list[Story]:
    """Current stories an outlet has covered, by its latest article in each, newest first: a range
    of ``ix_story_outlets_outlet_last_seen`` (migration 0007)."""
    outlet_id = outlet_keyed(outlet_key).scalar_subquery()
    rows = connection.execute(
        select(stories)
        .join(story_outlets, story_outlets.c.story_id == stories.c.id)
        .where(story_outlets.c.outlet_id == outlet_id, stories.c.merged_into.is_(None))
        .order_by(story_outlets.c.last_seen.desc(), stories.c.id.desc())
        .limit(limit)
    ).all()
    return _stories(connection, rows, outlets_each=LISTED_OUTLETS)


def get_stories(connection: Connection, story_ids: Sequence[int]) -> list[Story]:
    """These stories with their outlets, in the order asked; unknown ids are left out."""
    found = {
        story.story_id: story
        for story in _stories(connection, _story_rows(connection, story_ids), outlets_each=LISTED_OUTLETS)
    }
    return [found[story_id] for story_id in story_ids if story_id in found]


def _copy_match(row: Row[tuple[object, ...]]) -> CopyMatch | None:
    if row.copy_of is None:
        return None
    origin = None
    if row.origin_outlet is not None and row.origin_evidence is not None:
        evidence: OriginEvidence = row.origin_evidence
        origin = CopyOrigin(outlet=row.origin_outlet, evidence=evidence)
    return CopyMatch(
        original_id=int(row.copy_of),
        similarity=float(row.copy_similarity or 0.0),
        method="exact" if row.copy_method == "exact" else "near",
        origin=origin,
    )


def get_story(connection: Connection, story_id: int) -> StoryDetail | None:
    """One story with its members (oldest first), merges and linked earlier and later coverage
    (each the first seen first, as ``_linked_coverage`` resolves it); None if unknown."""
    found = connection.execute(select(stories).where(stories.c.id == story_id)).all()
    if not found:
        return None
    story = _stories(connection, found)[0]
    members = connection.execute(
        select(story_articles)
        .where(story_articles.c.story_id == story_id)
        .order_by(story_articles.c.placed_at, story_articles.c.article_id)
    ).all()
    stored = {
        item.article_id: item for item in get_articles(connection, [int(row.article_id) for row in members])
    }
    placed = []
    for row in members:
        article = stored.get(int(row.article_id))
        if article is None:
            continue
        copy = _copy_match(row)
        placed.append(
            StoryMember(
                article=replace(
                    article, story_id=story_id, copy_of=copy.original_id if copy is not None else None
                ),
                copy=copy,
            )
        )
    merges = tuple(
        StoryMerge(
            survivor_id=int(row.survivor_id),
            absorbed_id=int(row.absorbed_id),
            merged_at=row.merged_at,
            article_id=int(row.article_id) if row.article_id is not None else None,
            reason=row.reason,
        )
        for row in connection.execute(
            select(story_merges)
            .where(or_(story_merges.c.survivor_id == story_id, story_merges.c.absorbed_id == story_id))
            .order_by(story_merges.c.id)
        )
    )
    earlier_ids, later_ids = _linked_coverage(connection, story_id)
    return StoryDetail(
        story=story,
        members=tuple(placed),
        merges=merges,
        earlier=tuple(
            _stories(connection, _story_rows(connection, earlier_ids), outlets_each=LISTED_OUTLETS)
        ),
        later=tuple(_stories(connection, _story_rows(connection, later_ids), outlets_each=LISTED_OUTLETS)),
    )


def _linked_coverage(connection: Connection, story_id: int) -> tuple[list[int], list[int]]:
    """The ids of a story's earlier and later coverage as they stand now: the links of the story
    and of every story merged into it, each naming the story the other one is in now, once, and
    none naming the story itself (two stories linked and merged since are one event's one story).

    Resolved here rather than rewritten at the merge: a link is kept as it was made, by the
    placement that began one of its stories, so that ``load_story_state`` replays each story's
    links as the memory that placed it had them (a merge is replayed after, as it happened)."""
    merged = _stories_merged_into(connection, story_id)
    now_in = current_story_id(connection, story_id)
    earlier = (
        connection.execute(select(story_links.c.earlier_story_id).where(story_links.c.story_id.in_(merged)))
        .scalars()
        .all()
    )
    later = (
        connection.execute(select(story_links.c.story_id).where(story_links.c.earlier_story_id.in_(merged)))
        .scalars()
        .all()
    )
    return _current_others(connection, earlier, now_in), _current_others(connection, later, now_in)


def _stories_merged_into(connection: Connection, story_id: int) -> list[int]:
    """``story_id`` and every story merged into it, directly or into one merged into it."""
    found, frontier = [story_id], [story_id]
    while frontier:
        frontier = [
            int(value)
            for value in connection.execute(
                select(stories.c.id).where(stories.c.merged_into.in_(frontier))
            ).scalars()
            if int(value) not in found  # a cycle would be a broken store: not followed round
        ]
        found.extend(frontier)
    return found


def _current_others(connection: Connection, linked: Iterable[int], itself: int) -> list[int]:
    """The current stories of ``linked``, once each, without ``itself``."""
    current = dict.fromkeys(current_story_id(connection, int(story_id)) for story_id in linked)
    current.pop(itself, None)
    return list(current)


def _story_rows(connection: Connection, story_ids: Sequence[int]) -> Sequence[Row[tuple[object, ...]]]:
    """These stories' rows, the first seen first (a story's linked coverage reads by date)."""
    if not story_ids:
        return []
    return connection.execute(
        select(stories).where(stories.c.id.in_(list(story_ids))).order_by(stories.c.first_seen, stories.c.id)
    ).all()
