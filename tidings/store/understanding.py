"""Entities, cached story summaries, and the reads the rank stage needs, as functions on a connection.

* Entities are kept per article (``article_entities``), with ``entity_scans`` recording which
  articles have been read (an article may name no one). A person is found by full key or by
  surname (``last_word``), both indexed: "putin" finds "vladimir putin". ``kept_entity``
  says which of the keys a name may stand for is kept, and which rows are then the entity's
  (see ``summarize.entities.NameLookup``).
* A story's ``StorySummary`` is kept as JSON beside a fingerprint of its members; a caller
  compares fingerprints and summarises again when they differ.
* ``articles_entities_by_story`` gathers a story's entities from its articles' own readings, for
  a story whose summary names none (its articles are headlines: the summary reads only text).
* ``story_coverage`` and ``story_profiles`` read what ``rank.top_stories`` and
  ``rank.related_stories`` take: each story's coverage totals (kept at placement by
  ``store.stories``, so ranking reads no article), and its words and entities.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Connection, delete, func, insert, or_, select

from tidings.model import (
    Citation,
    CitedSentence,
    Entity,
    EntityKind,
    OutletClaims,
    SkippedArticle,
    Story,
    StoryCoverage,
    StoryProfile,
    StorySummary,
)
from tidings.store.articles import _insert_ignoring_conflict, forget_entities
from tidings.store.schema import (
    article_entities,
    articles,
    entity_scans,
    stories,
    story_articles,
    story_outlets,
    story_summaries,
)
from tidings.store.stories import LISTED_OUTLETS, StoryCursor, _stories, story_after, story_from_row

__all__ = [
    "EntityMatch",
    "EntityStory",
    "articles_entities_by_story",
    "articles_without_entities",
    "count_articles_without_entities",
    "entity_stories",
    "forget_entities",
    "kept_entity",
    "load_summaries",
    "load_summary",
    "record_entities",
    "save_summary",
    "stories_sharing_entities",
    "story_coverage",
    "story_profiles",
    "summary_from_json",
    "summary_to_json",
]

MAX_KEY_CHARS = 255
# Entities kept per story profile: the most mentioned; a story naming 300 places is a list.
MAX_PROFILE_ENTITIES = 40
# A story's entities read from its articles (``articles_entities_by_story``) are those of its latest
# so many: a story of thousands of headlines is named by its latest coverage as well, and a page
# listing stories reads at most this many articles' rows for each.
STORY_ENTITY_ARTICLES = 500
# Article ids asked for in one statement (SQLite's and PostgreSQL's limits on bound values are far
# above it).
_IDS_PER_QUERY = 1000


@dataclass(frozen=True, slots=True)
class EntityStory:
    """A story that names an entity: how often, under which names, and as what kind of entity
    (person, organisation, place…: the kind most of the entity's mentions in current stories got,
    the same in every story and on every page, though a small model may have taken it for
    another kind in one article: "Twitter" a person)."""

    story: Story
    mentions: int
    names: tuple[str, ...]
    kind: str | None = None


def last_word(key: str, kind: str) -> str:
    return key.rsplit(" ", 1)[-1] if kind == "person" else key


def record_entities(
    connection: Connection, article_id: int, entities: Sequence[Entity], *, analyser: str, now: datetime
) -> None:
    """Replace the article's entities with ``entities`` and mark it read by ``analyser``."""
    forget_entities(connection, article_id)
    rows = {}
    for entity in entities:
        key = entity.key[:MAX_KEY_CHARS]
        if key and key not in rows:
            rows[key] = {
                "article_id": article_id,
                "entity_key": key,
                "name": entity.name[:MAX_KEY_CHARS],
                "kind": entity.kind,
                "mentions": entity.mentions,
                "last_word": last_word(key, entity.kind)[:MAX_KEY_CHARS],
            }
    if rows:
        connection.execute(insert(article_entities), list(rows.values()))
    _insert_ignoring_conflict(
        connection, entity_scans, {"article_id": article_id, "analyser": analyser[:64], "scanned_at": now}
    )


def articles_without_entities(connection: Connection, *, limit: int) -> list[int]:
    """Ids of stored articles not read for entities yet, newest first."""
    return [
        int(article_id)
        for article_id in connection.execute(
            select(articles.c.id)
            .outerjoin(entity_scans, entity_scans.c.article_id == articles.c.id)
            .where(entity_scans.c.article_id.is_(None))
            .order_by(articles.c.sort_at.desc(), articles.c.id.desc())
            .limit(limit)
        ).scalars()
    ]


def count_articles_without_entities(connection: Connection) -> int:
    return int(
        connection.execute(
            select(func.count())
            .select_from(articles)
            .outerjoin(entity_scans, entity_scans.c.article_id == articles.c.id)
            .where(entity_scans.c.article_id.is_(None))
        ).scalar_one()
    )


_IS_PERSON = article_entities.c.kind == "person"


def _kept_under(key: str) -> ColumnElement[bool]:
    """Rows of the entity kept under ``key``, or of a person of that surname."""
    return or_(article_entities.c.entity_key == key, (article_entities.c.last_word == key) & _IS_PERSON)


def _naming(key: str) -> ColumnElement[bool]:
    """Rows naming the entity ``key``: ``_kept_under`` it, or, for a full name, the person named by
    surname alone."""
    if " " not in key:
        return _kept_under(key)
    return or_(_kept_under(key), (article_entities.c.entity_key == last_word(key, "person")) & _IS_PERSON)


def _any_row(connection: Connection, where: ColumnElement[bool]) -> bool:
    return connection.execute(select(article_entities.c.article_id).where(where).limit(1)).first() is not None


@dataclass(frozen=True, slots=True)
class EntityMatch:
    """Which kept rows are an entity asked for by name (``kept_entity``): those naming ``key``
    (``_naming``). ``as_person``: the name was found as a person's, without its titles, so a place
    kept under the same key is another entity ("Justice Jackson" is not the city of Jackson).
    ``misfiled``: the name's whole key, kept only as an organisation's or place's though it is the
    person's name with a personal title ("president biden"): its rows are the person's too."""

    key: str
    as_person: bool = False
    misfiled: str | None = None


_IS_PLACE = article_entities.c.kind == "place"


def _has_person_rows(connection: Connection, person_key: str) -> bool:
    return bool(person_key) and _any_row(connection, _naming(person_key) & _IS_PERSON)


def kept_entity(
    connection: Connection, keys: Sequence[str], person_key: str, *, personal_title: bool = False
) -> EntityMatch | None:
    """The first of ``keys`` an entity is kept under (or a person of that surname), else
    ``person_key`` if it names a person; None if neither does. ``keys`` are a name as asked for
    (a link's kept key, a name's whole key): organisations and places are kept under every word
    of their name. ``person_key`` is the name without a person's titles, as people are kept, and is
    looked for among people only ("bank of japan" is not "japan", though "of" is a title).

    ``personal_title``: the titles dropped include one only a person's name carries. Then a whole
    key kept by no person, only as an organisation or place ("president biden", as a model may tag
    it), gives way to the person ``person_key`` names ("Joe Biden"), if one is kept: "St. Louis"
    (no personal title) stays the place though a person "Louis" is kept."""
    for key in dict.fromkeys(key for key in keys if key):
        if not _any_row(connection, _kept_under(key)):
            continue
        misfiled = (
            personal_title
            and key != person_key
            and not _any_row(connection, _kept_under(key) & _IS_PERSON)
            and _has_person_rows(connection, person_key)
        )
        return EntityMatch(person_key, as_person=True, misfiled=key) if misfiled else EntityMatch(key)
    if _has_person_rows(connection, person_key):
        return EntityMatch(person_key, as_person=True)
    return None


def _matching(match: EntityMatch) -> ColumnElement[bool]:
    """The rows of ``match``: those naming its key, without places when it was found as a
    person's, and those of its misfiled whole key."""
    rows = _naming(match.key)
    if match.as_person:
        # Places only: a model tags a surname alone as an organisation often ("Trump" 44 times
        # in 74, see ``summarize.entities._may_be_surname``), and such rows are still the person's.
        rows = rows & ~_IS_PLACE
    if match.misfiled:
        rows = or_(rows, article_entities.c.entity_key == match.misfiled)
    return rows


def entity_stories(
    connection: Connection,
    key: str | EntityMatch,
    *,
    limit: int,
    newest_first: bool = False,
    after: StoryCursor | None = None,
) -> list[EntityStory]:
    """Current stories naming the entity ``key`` (or a person of that surname, or, for a full
    name, the person named by surname alone: "Putin" in a story about Vladimir Putin; an
    ``EntityMatch`` narrows or widens that, see ``kept_entity``), most mentions first, then most
    recent. ``newest_first``: most recently active first instead, a keyset page after ``after``
    (the reader's entity pages, which page through every story)."""
    matches = _matching(key if isinstance(key, EntityMatch) else EntityMatch(key))
    mentions = func.sum(article_entities.c.mentions).label("mentions")
    most_recent = (func.max(stories.c.last_seen).desc(), story_articles.c.story_id.desc())
    query = (
        select(story_articles.c.story_id, mentions)
        .join(article_entities, article_entities.c.article_id == story_articles.c.article_id)
        .join(stories, stories.c.id == story_articles.c.story_id)
        .where(matches, stories.c.merged_into.is_(None))
        .group_by(story_articles.c.story_id)
        .order_by(*most_recent if newest_first else (mentions.desc(), *most_recent))
        .limit(limit)
    )
    if after is not None:
        query = query.where(story_after(after))
    rows = connection.execute(query).all()
    if not rows:
        return []
    story_ids = [int(row.story_id) for row in rows]
    names: dict[int, list[str]] = defaultdict(list)
    for story_id, name in connection.execute(
        select(story_articles.c.story_id, article_entities.c.name)
        .join(article_entities, article_entities.c.article_id == story_articles.c.article_id)
        .where(matches, story_articles.c.story_id.in_(story_ids))
        .group_by(story_articles.c.story_id, article_entities.c.name)
        .order_by(story_articles.c.story_id, article_entities.c.name)
    ):
        names[int(story_id)].append(name)
    kind = _most_mentioned(_kinds(connection, matches))
    found = {
        story.story_id: story
        for story in _stories(
            connection,
            connection.execute(select(stories).where(stories.c.id.in_(story_ids))).all(),
            outlets_each=LISTED_OUTLETS,
        )
    }
    return [
        EntityStory(
            found[int(row.story_id)],
            int(row.mentions),
            tuple(names[int(row.story_id)]),
            kind=kind,
        )
        for row in rows
        if int(row.story_id) in found
    ]


def _kinds(connection: Connection, matches: ColumnElement[bool]) -> Counter[str]:
    """The mentions of the rows ``matches`` in current stories, by kind."""
    return Counter(
        {
            str(kind): int(mentioned)
            for kind, mentioned in connection.execute(
                select(article_entities.c.kind, func.sum(article_entities.c.mentions))
                .join(story_articles, story_articles.c.article_id == article_entities.c.article_id)
                .join(stories, stories.c.id == story_articles.c.story_id)
                .where(matches, stories.c.merged_into.is_(None))
                .group_by(article_entities.c.kind)
            )
        }
    )


def _most_mentioned(kinds: Counter[str]) -> str | None:
    # Ties go to the kind first in the alphabet, so that a page reads the same on every load.
    return min(kinds, key=lambda kind: (-kinds[kind], kind)) if kinds else None


# -- summaries ----------------------------------------------------------------------------------


def _cited_json(sentence: CitedSentence) -> dict[str, Any]:
    return {
        "text": sentence.text,
        "sources": [[source.article_id, source.outlet] for source in sentence.sources],
    }


def _cited(record: dict[str, Any]) -> CitedSentence:
    return CitedSentence(
        text=str(record["text"]),
        sources=tuple(Citation(int(article_id), str(outlet)) for article_id, outlet in record["sources"]),
    )


def summary_to_json(summary: StorySummary) -> str:
    return json.dumps(
        {
            "sentences": [_cited_json(sentence) for sentence in summary.sentences],
            "agreed": [_cited_json(sentence) for sentence in summary.agreed],
            "only": [
                [claims.outlet, [_cited_json(claim) for claim in claims.claims]] for claims in summary.only
            ],
            "entities": [
                [entity.key, entity.name, entity.kind, entity.mentions, list(entity.article_ids)]
                for entity in summary.entities
            ],
            "language": summary.language,
            "skipped": [[item.article_id, item.reason] for item in summary.skipped],
        },
        ensure_ascii=False,
    )


def summary_from_json(body: str) -> StorySummary:
    record = json.loads(body)
    kinds: list[EntityKind] = ["person", "organization", "place", "product", "event", "other"]
    return StorySummary(
        sentences=tuple(_cited(item) for item in record["sentences"]),
        agreed=tuple(_cited(item) for item in record["agreed"]),
        only=tuple(
            OutletClaims(outlet, tuple(_cited(item) for item in claims)) for outlet, claims in record["only"]
        ),
        entities=tuple(
            Entity(key, name, kind if kind in kinds else "other", int(mentions), tuple(int(i) for i in ids))
            for key, name, kind, mentions, ids in record["entities"]
        ),
        language=record.get("language"),
        skipped=tuple(
            SkippedArticle(int(article_id), str(reason)) for article_id, reason in record["skipped"]
        ),
    )


def load_summary(connection: Connection, story_id: int) -> tuple[str, StorySummary] | None:
    """The story's kept summary with the fingerprint it was made for, or None."""
    row = connection.execute(
        select(story_summaries.c.fingerprint, story_summaries.c.body).where(
            story_summaries.c.story_id == story_id
        )
    ).first()
    if row is None:
        return None
    return str(row.fingerprint), summary_from_json(row.body)


def load_summaries(connection: Connection, story_ids: Sequence[int]) -> dict[int, StorySummary]:
    """The kept summaries of these stories (those that have one), in one read."""
    if not story_ids:
        return {}
    return {
        int(row.story_id): summary_from_json(row.body)
        for row in connection.execute(
            select(story_summaries.c.story_id, story_summaries.c.body).where(
                story_summaries.c.story_id.in_(list(story_ids))
            )
        )
    }


def save_summary(
    connection: Connection, story_id: int, fingerprint: str, summary: StorySummary, *, now: datetime
) -> None:
    connection.execute(delete(story_summaries).where(story_summaries.c.story_id == story_id))
    connection.execute(
        insert(story_summaries).values(
            story_id=story_id, fingerprint=fingerprint, computed_at=now, body=summary_to_json(summary)
        )
    )


# -- what the rank stage reads ------------------------------------------------------------------


def story_coverage(
    connection: Connection, *, since: datetime, joined_since: datetime, limit: int
) -> list[StoryCoverage]:
    """Current stories active since ``since`` (most recent first, ``limit`` at most) with the
    coverage totals kept at placement, and the outlets that joined each with an original article
    since ``joined_since`` (the velocity window). Two indexed reads, whatever the stories' size;
    the stories come without their outlet names, which only the few ranked on top need."""
    rows = connection.execute(
        select(stories)
        .where(stories.c.merged_into.is_(None), stories.c.last_seen >= since)
        .order_by(stories.c.last_seen.desc(), stories.c.id.desc())
        .limit(limit)
    ).all()
    if not rows:
        return []
    joins: dict[int, list[datetime]] = defaultdict(list)
    for story_id, joined_at in connection.execute(
        select(story_outlets.c.story_id, story_outlets.c.first_original_at).where(
            story_outlets.c.first_original_at >= joined_since,
            story_outlets.c.story_id.in_([int(row.id) for row in rows]),
        )
    ):
        joins[int(story_id)].append(joined_at)
    return [
        StoryCoverage(
            story=story_from_row(row),
            articles=int(row.article_count),
            copies=int(row.copy_count),
            original_outlets=int(row.original_outlet_count),
            latest=row.last_seen,
            latest_original=row.last_original_at,
            joins=tuple(sorted(joins.get(int(row.id), ()))),
        )
        for row in rows
    ]


def articles_entities_by_story(
    connection: Connection, story_ids: Sequence[int], *, limit: int, min_articles: int
) -> dict[int, tuple[Entity, ...]]:
    """Each story's entities as its current articles' own readings name them (``article_entities``,
    title and text of each article apart), those named by at least ``min_articles`` articles, by
    the most articles first, then by mentions; at most ``limit`` a story. Copies of one article
    (``story_articles.copy_of``) count as that one: their words, and so their readings, are its.
    An entity keeps the fullest name its articles gave it and the kind most of them read it as.
    Only a story's latest ``STORY_ENTITY_ARTICLES`` articles are read. Stories with none are left
    out."""
    if not story_ids:
        return {}
    placed = _latest_articles(connection, story_ids, STORY_ENTITY_ARTICLES)
    found: dict[int, dict[str, _GatheredEntity]] = defaultdict(dict)
    article_ids = sorted(placed)
    for start in range(0, len(article_ids), _IDS_PER_QUERY):
        for article_id, key, name, kind, mentions in connection.execute(
            select(
                article_entities.c.article_id,
                article_entities.c.entity_key,
                article_entities.c.name,
                article_entities.c.kind,
                article_entities.c.mentions,
            )
            .where(article_entities.c.article_id.in_(article_ids[start : start + _IDS_PER_QUERY]))
            .order_by(article_entities.c.article_id)
        ):
            story_id, original_id = placed[int(article_id)]
            gathered = found[story_id].setdefault(key, _GatheredEntity(key=key, name=name))
            gathered.take(int(article_id), original_id, name, kind, int(mentions))
    named: dict[int, tuple[Entity, ...]] = {}
    for story_id, by_key in found.items():
        kept = [gathered for gathered in by_key.values() if len(gathered.originals) >= min_articles]
        kept.sort(key=lambda gathered: (-len(gathered.originals), -gathered.mentions))
        if kept:
            named[story_id] = tuple(gathered.entity() for gathered in kept[:limit])
    return named


def _latest_articles(
    connection: Connection, story_ids: Sequence[int], per_story: int
) -> dict[int, tuple[int, int]]:
    """The latest ``per_story`` articles of each story (by id, the order they were stored in),
    each with its story and the article it copies (itself when it is no copy)."""
    placed: dict[int, tuple[int, int]] = {}
    counts: Counter[int] = Counter()
    for story_id, article_id, copy_of in connection.execute(
        select(story_articles.c.story_id, story_articles.c.article_id, story_articles.c.copy_of)
        .where(story_articles.c.story_id.in_(list(story_ids)))
        .order_by(story_articles.c.article_id.desc())
    ):
        if counts[int(story_id)] < per_story:
            counts[int(story_id)] += 1
            placed[int(article_id)] = (int(story_id), int(copy_of or article_id))
    return placed


@dataclass(slots=True)
class _GatheredEntity:
    """One entity of a story as its articles' rows are read (``articles_entities_by_story``)."""

    key: str
    name: str
    mentions: int = 0
    article_ids: list[int] = field(default_factory=list)
    # The articles naming it, a copy counted as the article it copies.
    originals: set[int] = field(default_factory=set)
    kinds: Counter[str] = field(default_factory=Counter)

    def take(self, article_id: int, original_id: int, name: str, kind: str, mentions: int) -> None:
        self.article_ids.append(article_id)
        self.originals.add(original_id)
        self.mentions += mentions
        self.kinds[kind] += mentions
        if len(name) > len(self.name):
            self.name = name

    def entity(self) -> Entity:
        kind = self.kinds.most_common(1)[0][0] if self.kinds else "other"
        return Entity(
            key=self.key,
            name=self.name,
            kind=cast(EntityKind, kind),
            mentions=self.mentions,
            article_ids=tuple(self.article_ids),
        )


def _profile_entities(connection: Connection, story_ids: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
    counts: dict[int, dict[str, tuple[int, str]]] = defaultdict(dict)
    for story_id, key, name, mentions in connection.execute(
        select(
            story_articles.c.story_id,
            article_entities.c.entity_key,
            article_entities.c.name,
            article_entities.c.mentions,
        )
        .join(article_entities, article_entities.c.article_id == story_articles.c.article_id)
        .where(story_articles.c.story_id.in_(list(story_ids)))
    ):
        total, best = counts[int(story_id)].get(key, (0, name))
        counts[int(story_id)][key] = (total + int(mentions), best)
    return {
        story_id: [(key, name) for key, (_, name) in sorted(found.items(), key=lambda item: -item[1][0])][
            :MAX_PROFILE_ENTITIES
        ]
        for story_id, found in counts.items()
    }


def story_profiles(connection: Connection, story_ids: Sequence[int]) -> list[StoryProfile]:
    """Profiles (headline and titles, entities) of the given stories, in the order asked."""
    if not story_ids:
        return []
    found = {
        story.story_id: story
        for story in _stories(
            connection,
            connection.execute(select(stories).where(stories.c.id.in_(list(story_ids)))).all(),
            outlets_each=LISTED_OUTLETS,
        )
    }
    titles: dict[int, list[str]] = defaultdict(list)
    for story_id, title in connection.execute(
        select(story_articles.c.story_id, articles.c.title)
        .join(articles, articles.c.id == story_articles.c.article_id)
        .where(story_articles.c.story_id.in_(list(story_ids)))
        .order_by(articles.c.id)
    ):
        titles[int(story_id)].append(title)
    entities = _profile_entities(connection, story_ids)
    return [
        StoryProfile(
            story=found[story_id],
            text="\n".join([found[story_id].headline, *titles.get(story_id, [])]),
            entities=tuple(entities.get(story_id, [])),
        )
        for story_id in story_ids
        if story_id in found
    ]


def stories_sharing_entities(connection: Connection, story_id: int, *, limit: int) -> list[int]:
    """Current stories that name at least one entity of ``story_id``, most shared keys first."""
    own_keys = (
        select(article_entities.c.entity_key)
        .join(story_articles, story_articles.c.article_id == article_entities.c.article_id)
        .where(story_articles.c.story_id == story_id)
        .distinct()
        .scalar_subquery()
    )
    shared = func.count(func.distinct(article_entities.c.entity_key)).label("shared")
    rows = connection.execute(
        select(story_articles.c.story_id, shared)
        .join(article_entities, article_entities.c.article_id == story_articles.c.article_id)
        .join(stories, stories.c.id == story_articles.c.story_id)
        .where(
            article_entities.c.entity_key.in_(own_keys),
            story_articles.c.story_id != story_id,
            stories.c.merged_into.is_(None),
        )
        .group_by(story_articles.c.story_id)
        .order_by(shared.desc(), story_articles.c.story_id.desc())
        .limit(limit)
    ).all()
    return [int(row.story_id) for row in rows]
