"""Story page builders: story cards, the front page's stories, full coverage, entity pages.

Lists (front page, outlet and entity pages) use only what is cheap to read: the stories' rows
and the summaries already kept. A story page makes its summary when none is kept for its
current articles (``Tidings.story_summary`` keeps it), so the first visit after new coverage
pays for it once and every later list shows its first sentence and entities.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from tidings import rank
from tidings.core import Tidings
from tidings.errors import NotFound
from tidings.model import (
    CitedSentence,
    CopyOrigin,
    Entity,
    Outlet,
    Story,
    StoryDetail,
    StoryMember,
    StorySummary,
)
from tidings.model import OutletClaims as OnlyOneOutlet
from tidings.store import ArticleCursor, EntityStory, StoryCursor
from tidings.store.articles import outlet_key
from tidings.web.pages import (
    MAX_FILTER_OUTLETS,
    article_card,
    article_cards,
    articles_page,
    filtered_outlet,
    outlet_ref,
    outlet_summary,
    paged_articles,
)
from tidings.web.params import (
    DEFAULT_PAGE_SIZE,
    BadParameter,
    UnknownFilter,
    decode_article_cursor,
    decode_story_cursor,
    encode_story_cursor,
)
from tidings.web.ranking import TopStoriesMemo
from tidings.web.views import (
    ArticleCard,
    Citation,
    Claim,
    EntityPage,
    EntityRef,
    Filters,
    FrontPage,
    MergeNote,
    OriginNote,
    OutletClaims,
    OutletPage,
    OutletRef,
    StoryCard,
    StoryPage,
    StoryRef,
    SummarySentence,
    TimelineEntry,
)

__all__ = [
    "entity_page",
    "entity_stories_page",
    "front_page",
    "front_stories",
    "outlet_page",
    "outlet_refs",
    "story_cards",
    "story_page",
]

TOP_STORIES = 8
CARD_ENTITIES = 5
STORY_ENTITIES = 12
RELATED_STORIES = 6
OUTLET_STORIES = 10


def outlet_refs(outlets: Iterable[Outlet]) -> dict[str, OutletRef]:
    """Outlet name → its link, from outlets the store read with the stories or their articles
    (no look-up: an outlet's key is made from its domain, else its name, as the store made it)."""
    refs: dict[str, OutletRef] = {}
    for outlet in outlets:
        refs.setdefault(
            outlet.name, OutletRef(key=outlet_key(outlet), name=outlet.name, domain=outlet.domain)
        )
    return refs


def _outlet(name: str, refs: Mapping[str, OutletRef]) -> OutletRef:
    return refs.get(name) or OutletRef(key=outlet_key(Outlet(name=name)), name=name, domain=None)


def _entity_ref(entity: Entity) -> EntityRef:
    return EntityRef(key=entity.key, name=entity.name, kind=entity.kind)


def _main_entities(summary: StorySummary | None, limit: int) -> tuple[EntityRef, ...]:
    if summary is None:
        return ()
    ranked = sorted(summary.entities, key=lambda entity: (-len(entity.article_ids), -entity.mentions))
    return tuple(_entity_ref(entity) for entity in ranked[:limit])


def _lead(summary: StorySummary | None) -> str | None:
    return summary.sentences[0].text if summary is not None and summary.sentences else None


def _original_outlets(story: Story) -> tuple[int, tuple[Outlet, ...]]:
    """How many outlets cover the story with writing of their own, and those the store listed.

    An outlet that only republished a copy is collapsed into the original's outlet: it is not
    counted, and not named (the story page shows it under "also published by"). A story of
    copies only still names its busiest outlet.
    """
    return story.counted_outlets, story.counted_outlet_refs


def story_card(story: Story, summary: StorySummary | None, *, entities: int = CARD_ENTITIES) -> StoryCard:
    counted, listed = _original_outlets(story)
    return StoryCard(
        story_id=story.story_id,
        headline=story.headline,
        lead=_lead(summary),
        outlet_count=counted,
        article_count=story.article_count,
        # From each listed outlet itself: two outlets may share a name (allAfrica's "Voice of
        # America" beside voanews.com), and a name would link both to one of them.
        outlets=tuple(outlet_ref(outlet) for outlet in listed),
        first_seen=story.first_seen,
        last_seen=story.last_seen,
        entities=_main_entities(summary, entities),
    )


def story_cards(tidings: Tidings, stories: Iterable[Story]) -> tuple[StoryCard, ...]:
    listed = list(stories)
    summaries = tidings.kept_story_summaries([story.story_id for story in listed])
    return tuple(story_card(story, summaries.get(story.story_id)) for story in listed)


def front_stories(
    tidings: Tidings, *, now: datetime, after: StoryCursor | None, limit: int, memo: TopStoriesMemo
) -> tuple[tuple[StoryCard, ...], tuple[StoryCard, ...], datetime | None, StoryCursor | None]:
    """Top stories (first page only), a keyset page of the latest, the moment ranked as of, and
    where the next page starts (None on the last page).

    A store whose newest coverage is older than the ranking window (an archive, the bundled
    sample) is ranked as of its newest story, so that it still has a front page.
    """
    # One more than a page is read, so that a full page that ends the list says it is the last.
    found = tidings.list_stories(limit=limit + 1, after=after)
    latest = found[:limit]
    following = (
        StoryCursor(last_seen=latest[-1].last_seen, story_id=latest[-1].story_id)
        if len(found) > limit
        else None
    )
    if after is not None or not latest:
        return (), story_cards(tidings, latest), None, following
    newest = max(latest, key=lambda story: (story.last_seen, story.story_id))
    # The first page of the latest stories holds the newest: no second read for it.
    as_of = rank.ranking_moment(now, newest.last_seen, timedelta(hours=tidings.settings.top_window_hours))
    top = memo.top(
        tidings, coverage=(newest.story_id, newest.last_seen), as_of=as_of, now=now, limit=TOP_STORIES
    )
    top_ids = {ranked.story.story_id for ranked in top}
    top_cards = story_cards(tidings, (ranked.story for ranked in top))
    rest = story_cards(tidings, (story for story in latest if story.story_id not in top_ids))
    return top_cards, rest, as_of, following


def _article_outlets(detail: StoryDetail) -> dict[int, OutletRef]:
    """Each member article's own outlet. A summary names outlets by display name only, and two
    outlets may share one (allAfrica republishing as "Voice of America" beside voanews.com): a
    cited article's outlet is taken from the article, its name only for an article not listed."""
    return {member.article.article_id: outlet_ref(member.article.article.outlet) for member in detail.members}


def _citations(
    sentence: CitedSentence, refs: Mapping[str, OutletRef], by_article: Mapping[int, OutletRef]
) -> tuple[Citation, ...]:
    return tuple(
        Citation(
            article_id=source.article_id,
            outlet=by_article.get(source.article_id) or _outlet(source.outlet, refs),
        )
        for source in sentence.sources
    )


def _claims(
    sentences: Sequence[CitedSentence], refs: Mapping[str, OutletRef], by_article: Mapping[int, OutletRef]
) -> tuple[Claim, ...]:
    return tuple(
        Claim(text=sentence.text, citations=_citations(sentence, refs, by_article)) for sentence in sentences
    )


def _only_outlet(
    group: OnlyOneOutlet, refs: Mapping[str, OutletRef], by_article: Mapping[int, OutletRef]
) -> OutletRef:
    """The outlet of what only one outlet reports: that of the articles its claims cite when they
    are all one outlet's, else that of the first cited article whose outlet has the group's name
    (the others cited are its copies), else the outlet of that name."""
    cited = [
        by_article[source.article_id]
        for claim in group.claims
        for source in claim.sources
        if source.article_id in by_article
    ]
    if len(set(cited)) == 1:
        return cited[0]
    named = [outlet for outlet in cited if outlet.name == group.outlet]
    return named[0] if named else _outlet(group.outlet, refs)


def _origin_note(origin: CopyOrigin | None) -> OriginNote | None:
    return OriginNote(outlet=origin.outlet, evidence=origin.evidence) if origin is not None else None


def _copy_cards(
    detail: StoryDetail, copies: Iterable[StoryMember], writing_id: int
) -> tuple[ArticleCard, ...]:
    return tuple(
        article_card(
            copy.article,
            story_id=detail.story.story_id,
            copy_of=copy.copy.original_id if copy.copy is not None else writing_id,
        )
        for copy in copies
    )


def _timeline(detail: StoryDetail, originals: Mapping[int, ArticleCard]) -> tuple[TimelineEntry, ...]:
    """The story's pieces of writing oldest first (``StoryDetail.writings``), each with the copies
    that republished it and where it came from; one whose original is not in the story names that
    original (from ``originals``) as the article page names it."""
    entries: list[TimelineEntry] = []
    for writing in detail.writings():
        member = writing.member
        article_id = member.article.article_id
        original_id = member.copy.original_id if member.copy is not None else None
        entries.append(
            TimelineEntry(
                article=article_card(member.article, story_id=detail.story.story_id, copy_of=original_id),
                also_published_by=_copy_cards(detail, writing.republications, article_id),
                copy_of=originals.get(original_id) if original_id is not None else None,
                origin=_origin_note(writing.origin),
                updates=_copy_cards(detail, writing.updates, article_id),
            )
        )
    return tuple(entries)


def _originals_elsewhere(tidings: Tidings, detail: StoryDetail) -> dict[int, ArticleCard]:
    """The cards of the originals of this story's copies that are not in it (in earlier coverage,
    or stored without a story), by id, each with its own story: the store's article carries none."""
    members = {member.article.article_id for member in detail.members}
    wanted = [
        member.copy.original_id
        for member in detail.members
        if member.copy is not None and member.copy.original_id not in members
    ]
    cards = article_cards(tidings, tidings.articles_by_id(wanted)) if wanted else ()
    return {card.article_id: card for card in cards}


def _surviving_story(tidings: Tidings, merged_into: int) -> StoryRef:
    """The current story that a merged story's articles are in, following later merges (a
    survivor may itself have been merged since)."""
    detail = tidings.story(tidings.current_story_id(merged_into))
    return StoryRef(story_id=detail.story.story_id, headline=detail.story.headline)


def _refs(linked: Iterable[Story]) -> tuple[StoryRef, ...]:
    return tuple(StoryRef(story_id=story.story_id, headline=story.headline) for story in linked)


def _merges(detail: StoryDetail) -> tuple[MergeNote, ...]:
    return tuple(
        MergeNote(
            survivor_story_id=merge.survivor_id,
            absorbed_story_id=merge.absorbed_id,
            merged_at=merge.merged_at,
            article_id=merge.article_id,
            reason=merge.reason,
        )
        for merge in detail.merges
    )


def _merged_story_page(tidings: Tidings, detail: StoryDetail, merged_into: int) -> StoryPage:
    """A story merged into another keeps its id, so links to it still lead somewhere: its page
    names the story its articles are in now. It has no articles of its own to summarise."""
    return StoryPage(
        story=story_card(detail.story, None, entities=STORY_ENTITIES),
        summary=(),
        agreed=(),
        only=(),
        timeline=(),
        related=(),
        earlier=_refs(detail.earlier),
        later=_refs(detail.later),
        merged_into=_surviving_story(tidings, merged_into),
        merges=_merges(detail),
    )


def story_page(tidings: Tidings, story_id: int) -> StoryPage:
    """Full coverage: cited summary, agreement, timeline by outlet, entities, related, earlier
    and later coverage."""
    detail = tidings.story(story_id)
    if detail.story.merged_into is not None:
        return _merged_story_page(tidings, detail, detail.story.merged_into)
    summary = tidings.story_summary(detail.story.story_id, detail=detail)
    refs = outlet_refs(
        [*detail.story.outlet_refs, *(member.article.article.outlet for member in detail.members)]
    )
    related = [item.story for item in tidings.related_stories(detail.story.story_id, limit=RELATED_STORIES)]
    by_article = _article_outlets(detail)
    return StoryPage(
        story=story_card(detail.story, summary, entities=STORY_ENTITIES),
        summary=tuple(
            SummarySentence(text=sentence.text, citations=_citations(sentence, refs, by_article))
            for sentence in summary.sentences
        ),
        agreed=_claims(summary.agreed, refs, by_article),
        only=tuple(
            OutletClaims(
                outlet=_only_outlet(group, refs, by_article), claims=_claims(group.claims, refs, by_article)
            )
            for group in summary.only
        ),
        timeline=_timeline(detail, _originals_elsewhere(tidings, detail)),
        related=story_cards(tidings, related),
        earlier=_refs(detail.earlier),
        later=_refs(detail.later),
        merges=_merges(detail),
    )


def entity_stories_page(
    tidings: Tidings, key: str, *, after: StoryCursor | None, limit: int
) -> tuple[list[EntityStory], str | None]:
    """A keyset page of the stories naming an entity, most recently active first, and the
    cursor of the next page (None on the last). One more than a page is read, so that a page
    that happens to end the list says so rather than leading to an empty one."""
    found = tidings.entity_stories(key, limit=limit + 1, newest_first=True, after=after)
    if len(found) <= limit:
        return found, None
    last = found[limit - 1].story
    return found[:limit], encode_story_cursor(StoryCursor(last_seen=last.last_seen, story_id=last.story_id))


def entity_page(
    tidings: Tidings, key: str, *, after: StoryCursor | None = None, limit: int = DEFAULT_PAGE_SIZE
) -> EntityPage:
    """The stories that name an entity, most recently active first, a keyset page at a time."""
    found, next_cursor = entity_stories_page(tidings, key, after=after, limit=limit)
    return EntityPage(
        entity=_found_entity(tidings, key, found),
        stories=story_cards(tidings, (item.story for item in found)),
        next_cursor=next_cursor,
    )


def _found_entity(tidings: Tidings, key: str, found: Sequence[EntityStory]) -> EntityRef:
    """The entity ``key`` (a key or a name as typed) found naming the stories ``found``; raises
    ``NotFound`` where no story names it. A later page past the last story is empty: the entity is
    then named as on its first page, which a cursor of any other entity's page had answered with
    an empty 200 and the name as typed (QA, 2026-12-07)."""
    if not found:
        found = tidings.entity_stories(key, limit=1, newest_first=True)
        if not found:
            raise NotFound("entity", key)
    named = next((item for item in found if item.names), None)
    return EntityRef(
        key=tidings.entity_key(key),
        name=named.names[0] if named is not None else key,
        kind=found[0].kind if found else None,
    )


def outlet_page(
    tidings: Tidings, key: str, *, after: ArticleCursor | None, limit: int = DEFAULT_PAGE_SIZE
) -> OutletPage:
    """An outlet over time: the stories it covered lately (by its latest article in each, on the
    first page), then its articles, newest first, a keyset page at a time."""
    outlet = tidings.outlet(key)
    found = tidings.latest_articles(limit=limit + 1, after=after, outlet=outlet.key)
    listed, next_cursor = paged_articles(found, limit)
    covered = tidings.outlet_stories(outlet.key, limit=OUTLET_STORIES) if after is None else []
    return OutletPage(
        outlet=outlet_summary(outlet),
        stories=story_cards(tidings, covered),
        articles=article_cards(tidings, listed),
        next_cursor=next_cursor,
    )


def front_page(
    tidings: Tidings,
    filters: Filters,
    *,
    cursor: str | None,
    now: datetime,
    memo: TopStoriesMemo,
    limit: int = DEFAULT_PAGE_SIZE,
) -> FrontPage:
    """Top stories, then the latest stories; under an outlet or language filter, the latest
    articles of that outlet or language; under an entity filter, the stories naming it. A filter
    naming no outlet, or no entity on its first page, is ``UnknownFilter``."""
    _refuse_entity_with_article_filters(filters)
    active_outlet = filtered_outlet(tidings, filters)
    if active_outlet is not None:
        # Echoed and selected in the menu as the key found (a name's folded key for "Die Straße").
        filters = replace(filters, outlet=active_outlet.key)
    top: tuple[StoryCard, ...] = ()
    latest: tuple[StoryCard, ...] = ()
    entity: EntityRef | None = None
    articles: tuple[ArticleCard, ...] = ()
    next_cursor: str | None = None
    as_of: datetime | None = None
    if filters.outlet or filters.language:
        page = articles_page(tidings, filters, after=decode_article_cursor(cursor), limit=limit)
        articles, next_cursor = page.articles, page.next_cursor
    elif filters.entity:
        after = decode_story_cursor(cursor)
        found, next_cursor = entity_stories_page(tidings, filters.entity, after=after, limit=limit)
        try:
            # Echoed as the key found, as the outlet filter is ("president putin" → "vladimir putin").
            entity = _found_entity(tidings, filters.entity, found)
        except NotFound as missing:  # as the entity's own page answers it
            raise UnknownFilter("entity", missing) from missing
        latest = story_cards(tidings, (item.story for item in found))
        filters = replace(filters, entity=entity.key)
    elif tidings.list_stories(limit=1):
        top, latest, as_of, following = front_stories(
            tidings, now=now, after=decode_story_cursor(cursor), limit=limit, memo=memo
        )
        next_cursor = encode_story_cursor(following) if following is not None else None
    else:
        # No article has been placed in a story yet: the latest articles stand in.
        page = articles_page(tidings, filters, after=decode_article_cursor(cursor), limit=limit)
        articles, next_cursor = page.articles, page.next_cursor
    return FrontPage(
        filters=filters,
        top_stories=top,
        latest_stories=latest,
        latest_articles=articles,
        next_cursor=next_cursor,
        outlets=_filter_outlets(tidings, active_outlet),
        languages=tuple(tidings.languages()),
        ranked_as_of=as_of,
        entity=entity,
    )


def _refuse_entity_with_article_filters(filters: Filters) -> None:
    """The entity filter lists stories, the outlet and language filters list articles, and no
    list does both: refused, rather than one filter applied and the other echoed as if it were."""
    if filters.entity and (filters.outlet or filters.language):
        raise BadParameter(
            "entity",
            "cannot be combined with outlet or language (it lists stories, they list articles); "
            "use one or the other",
        )


def _filter_outlets(tidings: Tidings, active: OutletRef | None) -> tuple[OutletRef, ...]:
    """The outlet menu's choices by name: the first ``MAX_FILTER_OUTLETS`` (a longer menu stops
    helping; ``/outlets`` lists every one), always with the outlet filtered by, so that the menu
    shows the filter that is applied."""
    listed = [
        OutletRef(key=named.key, name=named.name, domain=named.domain)
        for named in tidings.outlet_names(limit=MAX_FILTER_OUTLETS)
    ]
    if active is not None and all(ref.key != active.key for ref in listed):
        listed.append(active)
    return tuple(sorted(listed, key=lambda ref: (ref.name.casefold(), ref.key)))
