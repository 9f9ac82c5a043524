"""Page builders: one function per page, from ``Tidings`` calls to its view-model.

The reader and the API call the same builder and differ only in how they render the result.
Builders do no I/O of their own beyond ``Tidings`` calls and never see a request object: the
front ends parse parameters (``params.py``) and pass plain values in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal
from urllib.parse import urlsplit

from tidings.core import Tidings
from tidings.errors import FetchError, InputError, NotFound, TidingsError
from tidings.model import (
    OTHER_TEXT_NOT_TAKEN,
    Added,
    AlreadyHad,
    Outlet,
    StoredArticle,
    canonical_held_by_note,
)
from tidings.pipeline import IngestOutcome
from tidings.store import ArticleCursor, OutletCount, SearchHit, StoryPlace
from tidings.store.articles import outlet_key
from tidings.store.search import parse_query
from tidings.store.sources import FullText
from tidings.urls import display_error, display_url
from tidings.web.params import (
    DEFAULT_PAGE_SIZE,
    MAX_ID,
    MAX_SEARCH_OFFSET,
    BadParameter,
    UnknownFilter,
    encode_article_cursor,
    encode_offset_cursor,
)
from tidings.web.security import address_refusal, display_html, safe_http_url
from tidings.web.views import (
    AddedItem,
    AddPage,
    ArticleCard,
    ArticlePage,
    ArticlesPage,
    Filters,
    OutletRef,
    OutletsPage,
    OutletSummary,
    SearchGroup,
    SearchPage,
    SearchResult,
    StoryRef,
    SubscribedItem,
)

__all__ = [
    "OUTLET_SORTS",
    "SEARCH_PAGE_SIZE",
    "add_page",
    "article_card",
    "article_cards",
    "article_page",
    "articles_page",
    "filtered_outlet",
    "outlet_sort",
    "outlet_summary",
    "outlets_page",
    "paged_articles",
    "search_page",
    "subscribe_url",
]

SEARCH_PAGE_SIZE = 20
# Outlets offered in the front page's filter menu; more than this and the menu stops helping.
MAX_FILTER_OUTLETS = 500

OutletSort = Literal["articles", "name", "latest"]
OUTLET_SORTS: tuple[OutletSort, ...] = ("articles", "name", "latest")


def outlet_sort(value: str) -> OutletSort:
    """``value`` as an outlet ordering; anything else is refused by name, never put in SQL."""
    for sort in OUTLET_SORTS:
        if value == sort:
            return sort
    raise BadParameter("sort", f"use one of {', '.join(OUTLET_SORTS)}")


def outlet_ref(outlet: Outlet) -> OutletRef:
    return OutletRef(key=outlet_key(outlet), name=outlet.name, domain=outlet.domain)


def article_card(
    stored: StoredArticle, *, story_id: int | None = None, copy_of: int | None = None
) -> ArticleCard:
    """``story_id`` and ``copy_of`` say where the article stands among stories, when known."""
    article = stored.article
    return ArticleCard(
        article_id=stored.article_id,
        title=article.title,
        outlet=outlet_ref(article.outlet),
        published_at=article.published_at,
        byline=article.byline,
        language=article.language,
        original_url=safe_http_url(article.url),
        story_id=story_id if story_id is not None else stored.story_id,
        copy_of=copy_of if copy_of is not None else stored.copy_of,
        standfirst=article.standfirst,
    )


def article_cards(tidings: Tidings, found: Sequence[StoredArticle]) -> tuple[ArticleCard, ...]:
    """Cards for a list of articles, each with its current story."""
    places = tidings.story_places([stored.article_id for stored in found])
    return tuple(
        article_card(
            stored,
            story_id=places[stored.article_id].story_id if stored.article_id in places else None,
            copy_of=places[stored.article_id].copy_of if stored.article_id in places else None,
        )
        for stored in found
    )


def paged_articles(found: Sequence[StoredArticle], limit: int) -> tuple[Sequence[StoredArticle], str | None]:
    """A page of ``found``, read with one article more than ``limit``, and the cursor after it
    when more follow (None on the last page): a full page that ends the list then says so,
    rather than leading to an empty one."""
    if len(found) <= limit:
        return found, None
    last = found[limit - 1]
    sort_at = last.article.published_at or last.article.fetched_at
    return found[:limit], encode_article_cursor(ArticleCursor(sort_at=sort_at, article_id=last.article_id))


def filtered_outlet(tidings: Tidings, filters: Filters) -> OutletRef | None:
    """The outlet an ``outlet`` filter names (None without one). One the store does not hold is
    ``UnknownFilter``: its empty list would read as "no news" from an outlet that has none."""
    if filters.outlet is None:
        return None
    try:
        found = tidings.outlet_name(filters.outlet)
    except NotFound as error:
        raise UnknownFilter("outlet", error) from None
    return OutletRef(key=found.key, name=found.name, domain=found.domain)


def outlet_summary(outlet: OutletCount) -> OutletSummary:
    return OutletSummary(
        outlet=OutletRef(key=outlet.key, name=outlet.name, domain=outlet.domain),
        article_count=outlet.article_count,
        latest_at=outlet.latest_at,
    )


def articles_page(
    tidings: Tidings, filters: Filters, *, after: ArticleCursor | None, limit: int = DEFAULT_PAGE_SIZE
) -> ArticlesPage:
    found = tidings.latest_articles(
        limit=limit + 1, after=after, outlet=filters.outlet, language=filters.language
    )
    listed, next_cursor = paged_articles(found, limit)
    return ArticlesPage(filters=filters, articles=article_cards(tidings, listed), next_cursor=next_cursor)


def article_page(tidings: Tidings, article_id: int) -> ArticlePage:
    if not 1 <= article_id <= MAX_ID:
        raise NotFound("article", article_id)
    stored = tidings.article(article_id)
    article = stored.article
    place = tidings.story_places([article_id]).get(article_id)
    copy_of = place.copy_of if place is not None else stored.copy_of
    original = tidings.article(copy_of) if copy_of is not None else None
    return ArticlePage(
        article=article_card(
            stored, story_id=place.story_id if place else None, copy_of=place.copy_of if place else None
        ),
        html=display_html(article.html, base_url=article.url) if article.html.strip() else "",
        text_paragraphs=tuple(part.strip() for part in article.text.split("\n\n") if part.strip()),
        fetched_at=article.fetched_at,
        story=StoryRef(story_id=place.story_id, headline=place.headline) if place is not None else None,
        # With its own place among stories: the store's article carries none of its own.
        copy_of=article_cards(tidings, [original])[0] if original is not None else None,
    )


def outlets_page(tidings: Tidings, *, sort: OutletSort = "articles") -> OutletsPage:
    outlets = [outlet_summary(outlet) for outlet in tidings.outlets()]
    if sort == "name":
        outlets.sort(key=lambda summary: summary.outlet.name.casefold())
    elif sort == "latest":
        outlets.sort(key=lambda summary: summary.latest_at is None)
        outlets.sort(
            key=lambda summary: summary.latest_at.timestamp() if summary.latest_at else 0.0, reverse=True
        )
    return OutletsPage(outlets=tuple(outlets))


def _search_result(hit: SearchHit, stored: StoredArticle | None) -> SearchResult:
    outlet = (
        outlet_ref(stored.article.outlet)
        if stored is not None
        else OutletRef(key=hit.outlet.casefold(), name=hit.outlet, domain=None)
    )
    return SearchResult(
        article_id=hit.article_id,
        title=hit.title,
        outlet=outlet,
        published_at=hit.published_at,
        snippet=hit.snippet,
        snippet_spans=hit.snippet_spans,
    )


def _group_by_story(
    hits: Iterable[SearchHit], stored_by_id: dict[int, StoredArticle], places: Mapping[int, StoryPlace]
) -> tuple[SearchGroup, ...]:
    """Hits grouped by story, groups in the order of their best hit; unplaced articles alone."""
    groups: dict[tuple[str, int], list[SearchResult]] = {}
    stories: dict[tuple[str, int], StoryRef] = {}
    for hit in hits:
        place = places.get(hit.article_id)
        key = ("story", place.story_id) if place is not None else ("article", hit.article_id)
        if place is not None:
            stories[key] = StoryRef(story_id=place.story_id, headline=place.headline)
        groups.setdefault(key, []).append(_search_result(hit, stored_by_id.get(hit.article_id)))
    return tuple(
        SearchGroup(story=stories.get(key), results=tuple(results)) for key, results in groups.items()
    )


def search_page(tidings: Tidings, query: str, *, offset: int, limit: int = SEARCH_PAGE_SIZE) -> SearchPage:
    """One page of up to ``limit`` full-text results for ``query``, best first, grouped by story."""
    if offset > MAX_SEARCH_OFFSET:
        raise BadParameter("cursor", "goes deeper than this server pages; refine the search instead")
    notice = parse_query(query).problem if query.strip() else None
    hits = tidings.search(query, limit=limit + 1, offset=offset) if query.strip() else []
    more = len(hits) > limit
    hits = hits[:limit]
    hit_ids = [hit.article_id for hit in hits]
    stored_by_id = {stored.article_id: stored for stored in tidings.articles_by_id(hit_ids)}
    # The cursor carries the offset, not the page size: a client may change `limit` as it pages.
    next_offset = offset + limit
    return SearchPage(
        query=query,
        notice=notice,
        groups=_group_by_story(hits, stored_by_id, tidings.story_places(hit_ids)),
        result_count=len(hits),
        next_cursor=encode_offset_cursor(next_offset) if more and next_offset <= MAX_SEARCH_OFFSET else None,
    )


_ALREADY_HAD_REASONS = {
    "url": "already stored: same address",
    "feed_entry": "already stored: same feed entry",
    "content_hash": "already stored: same text",
    "input": "already stored: same input",
}


def _added_item(tidings: Tidings, outcome: IngestOutcome) -> AddedItem:
    if outcome.error is not None or outcome.outcome is None:
        refusal = outcome.error.reason if outcome.error is not None else "nothing could be read from it"
        return AddedItem(source=outcome.source, status="refused", reason=refusal, article=None, story=None)
    stored = tidings.article(outcome.outcome.article_id)
    place = tidings.story_places([stored.article_id]).get(stored.article_id)
    status: Literal["added", "already_had"] = "added" if isinstance(outcome.outcome, Added) else "already_had"
    reason = None
    if isinstance(outcome.outcome, AlreadyHad):
        reason = _ALREADY_HAD_REASONS[outcome.outcome.via]
        if outcome.outcome.updated:
            # A corrected page added again: the stored article took its words.
            reason = reason.replace("already stored", "updated", 1)
        if outcome.outcome.completed:
            reason += "; its teaser replaced by this full text"
        if outcome.outcome.standfirst_added:
            reason += "; its missing standfirst taken from this one"
        if outcome.outcome.other_text_not_taken:
            reason += f"; {OTHER_TEXT_NOT_TAKEN}"
    held_by = outcome.outcome.canonical_held_by
    if held_by is not None:
        # Its canonical link named another article's address, which it was not given.
        note = canonical_held_by_note(held_by)
        reason = f"{reason}; {note}" if reason else note
    return AddedItem(
        source=outcome.source,
        status=status,
        reason=reason,
        article=article_card(
            stored, story_id=place.story_id if place else None, copy_of=place.copy_of if place else None
        ),
        story=StoryRef(story_id=place.story_id, headline=place.headline) if place is not None else None,
    )


def add_page(
    tidings: Tidings, outcomes: Iterable[IngestOutcome], subscriptions: Iterable[SubscribedItem] = ()
) -> AddPage:
    return AddPage(
        items=tuple(_added_item(tidings, outcome) for outcome in outcomes), subscriptions=tuple(subscriptions)
    )


def subscribe_url(
    tidings: Tidings, url: str, *, folder: str = "", full_text: FullText | None = None
) -> SubscribedItem:
    """Subscribe to the feed or sitemap behind ``url`` and poll it once now; a refusal is a value.
    ``folder`` and ``full_text`` mean what ``tidings subscribe``'s ``--folder`` and ``--full-text``
    do (``full_text`` None: the ``full_text_default`` setting)."""
    if safe_http_url(url) is None:
        return _refused_subscription(url, address_refusal(url, "is not an http(s) address"))
    try:
        result = tidings.subscribe(url, folder=folder, full_text=full_text)
        # A source followed already is polled on its own schedule (its back-off, Retry-After).
        new_source = result.subscribed.new_source
        report = tidings.refresh_source(result.subscribed.source.source_id) if new_source else None
    except TidingsError as error:
        return _refused_subscription(url, _refusal_reason(url, error))
    return SubscribedItem(
        requested_url=display_url(url),
        status="subscribed" if result.subscribed.new_subscription else "already_subscribed",
        reason=result.discovered.how or None,
        kind=result.discovered.kind,
        feed_url=safe_http_url(display_url(result.discovered.url)),
        title=result.discovered.title,
        poll_outcome=report.outcome if report is not None else None,
        articles_added=report.added if report is not None else 0,
        source_id=result.subscribed.source.source_id,
    )


def _refusal_reason(url: str, error: TidingsError) -> str:
    """Why ``url`` was refused, without the URL when the error names that same URL: the item
    already carries it as ``requested_url``, and every page and problem shows the two together.
    An error about another address (a redirect's target, the feed found) keeps that address, its
    password masked as the item's own is (the fetcher names an address masked already)."""
    named = {url, display_url(url)}
    if not urlsplit(url).path:
        # Fetched as its "/" ("https://x.example" as "https://x.example/"), the fetcher names it so.
        named |= {f"{address}/" for address in named}
    if isinstance(error, FetchError) and error.url in named:
        return error.reason
    if isinstance(error, InputError) and error.source in named:
        return error.reason
    return display_error(error)


def _refused_subscription(url: str, reason: str) -> SubscribedItem:
    return SubscribedItem(
        requested_url=display_url(url),
        status="refused",
        reason=reason,
        kind=None,
        feed_url=None,
        title=None,
        poll_outcome=None,
        articles_added=0,
    )
