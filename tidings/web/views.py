"""View-models: one frozen dataclass per page, built once and rendered as HTML or JSON.

A page handler builds its view-model from ``Tidings`` calls (``pages.py``), then the reader
renders it with Jinja2 and the API turns the same object into its schema (``schemas.py``), so
every page has a JSON twin that cannot drift from it (datasette's one-dict-two-renderers).
View-models hold only what a reader may see: links are already checked (``original_url`` is
http/https or ``None``) and article HTML is already cleaned for display.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from tidings.model import OriginEvidence
from tidings.store.search import SnippetSpan

__all__ = [
    "AddPage",
    "AddedItem",
    "ArticleCard",
    "ArticlePage",
    "ArticlesPage",
    "Citation",
    "Claim",
    "EntityPage",
    "EntityRef",
    "Filters",
    "FrontPage",
    "MergeNote",
    "OriginNote",
    "OutletClaims",
    "OutletPage",
    "OutletRef",
    "OutletSummary",
    "OutletsPage",
    "SearchGroup",
    "SearchPage",
    "SearchResult",
    "StoryCard",
    "StoryPage",
    "StoryRef",
    "SubscribedItem",
    "SummarySentence",
    "TimelineEntry",
]


@dataclass(frozen=True, slots=True)
class OutletRef:
    """An outlet as a link: ``key`` is its id in URLs (its domain, else its folded name)."""

    key: str
    name: str
    domain: str | None


@dataclass(frozen=True, slots=True)
class StoryRef:
    story_id: int
    headline: str


@dataclass(frozen=True, slots=True)
class EntityRef:
    """A person, organisation or place; ``key`` is its id in URLs."""

    key: str
    name: str
    kind: str | None


@dataclass(frozen=True, slots=True)
class ArticleCard:
    """One article in a list: enough to recognise it and open it."""

    article_id: int
    title: str
    outlet: OutletRef
    published_at: datetime | None
    byline: str | None
    language: str | None
    original_url: str | None
    story_id: int | None
    copy_of: int | None
    standfirst: str | None = None


@dataclass(frozen=True, slots=True)
class StoryCard:
    """One story in a list: headline, first summary sentence, who covers it, since when, about whom.

    ``outlets`` are the distinct outlets with original coverage (copies collapsed into their
    origin's outlet); ``outlet_count`` counts them.
    """

    story_id: int
    headline: str
    lead: str | None
    outlet_count: int
    article_count: int
    outlets: tuple[OutletRef, ...]
    first_seen: datetime
    last_seen: datetime
    entities: tuple[EntityRef, ...]


@dataclass(frozen=True, slots=True)
class Filters:
    """The front page's and lists' filters, as the request gave them (``None``: not filtered)."""

    outlet: str | None = None
    entity: str | None = None
    language: str | None = None

    @property
    def active(self) -> bool:
        return any((self.outlet, self.entity, self.language))


@dataclass(frozen=True, slots=True)
class OutletSummary:
    outlet: OutletRef
    article_count: int
    latest_at: datetime | None


@dataclass(frozen=True, slots=True)
class FrontPage:
    """Top stories, then the latest stories (or, before any story exists, the latest articles).

    ``outlets`` and ``languages`` are the filter menus' choices, without counts: counting every
    outlet's articles would cost each front page a scan of the articles (``/outlets`` counts).
    """

    filters: Filters
    top_stories: tuple[StoryCard, ...]
    latest_stories: tuple[StoryCard, ...]
    latest_articles: tuple[ArticleCard, ...]
    next_cursor: str | None
    outlets: tuple[OutletRef, ...]
    languages: tuple[str, ...]
    ranked_as_of: datetime | None
    # The entity the entity filter found (None without one): named as kept, not as typed.
    entity: EntityRef | None = None


@dataclass(frozen=True, slots=True)
class ArticlesPage:
    filters: Filters
    articles: tuple[ArticleCard, ...]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class ArticlePage:
    """The reader view of one article: cleaned HTML, where it is from, the story it is part of."""

    article: ArticleCard
    html: str
    text_paragraphs: tuple[str, ...]
    fetched_at: datetime
    story: StoryRef | None
    copy_of: ArticleCard | None


@dataclass(frozen=True, slots=True)
class Citation:
    """A link from a summary sentence or claim to the article it comes from."""

    article_id: int
    outlet: OutletRef


@dataclass(frozen=True, slots=True)
class SummarySentence:
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class Claim:
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class OutletClaims:
    outlet: OutletRef
    claims: tuple[Claim, ...]


@dataclass(frozen=True, slots=True)
class OriginNote:
    """The outlet a copied piece of writing came from, as the store recorded it with the copy
    (``CopyOrigin``): a name that need not be a stored outlet's (a wire service, a linked site)."""

    outlet: str
    evidence: OriginEvidence


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One original article in the story's timeline, with the outlets that republished it; or a
    copy whose original is in no part of this story, with that original (``copy_of``).

    ``origin`` is where the writing came from, when others republished it and the evidence told
    it; ``updates`` are the outlet's own later versions of it at other addresses."""

    article: ArticleCard
    also_published_by: tuple[ArticleCard, ...]
    copy_of: ArticleCard | None = None
    origin: OriginNote | None = None
    updates: tuple[ArticleCard, ...] = ()


@dataclass(frozen=True, slots=True)
class MergeNote:
    """A recorded merge: story ``absorbed_story_id`` became part of ``survivor_story_id`` when
    article ``article_id`` came (None when no one article made it), for ``reason``."""

    survivor_story_id: int
    absorbed_story_id: int
    merged_at: datetime
    article_id: int | None
    reason: str


@dataclass(frozen=True, slots=True)
class StoryPage:
    """Full coverage of one story."""

    story: StoryCard
    summary: tuple[SummarySentence, ...]
    agreed: tuple[Claim, ...]
    only: tuple[OutletClaims, ...]
    timeline: tuple[TimelineEntry, ...]
    related: tuple[StoryCard, ...]
    earlier: tuple[StoryRef, ...]
    # The stories that carried the event on after this one went quiet (each linked to it as
    # earlier coverage), as `tidings story` lists them under "later coverage".
    later: tuple[StoryRef, ...]
    # Set when this story was merged into another: its articles are there now (``timeline`` and
    # the summary are then empty), and the page links there rather than looking empty.
    merged_into: StoryRef | None = None
    # The merges this story took part in, oldest first: those it absorbed, and the one that
    # absorbed it (as `tidings story` lists them under "merged:").
    merges: tuple[MergeNote, ...] = ()

    @property
    def absorbed(self) -> tuple[MergeNote, ...]:
        """The merges that brought other stories into this one."""
        return tuple(merge for merge in self.merges if merge.survivor_story_id == self.story.story_id)

    @property
    def absorbed_by(self) -> MergeNote | None:
        """The merge that made this story part of another, if one did."""
        return next((merge for merge in self.merges if merge.absorbed_story_id == self.story.story_id), None)


@dataclass(frozen=True, slots=True)
class OutletPage:
    outlet: OutletSummary
    stories: tuple[StoryCard, ...]
    articles: tuple[ArticleCard, ...]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class OutletsPage:
    outlets: tuple[OutletSummary, ...]


@dataclass(frozen=True, slots=True)
class EntityPage:
    entity: EntityRef
    stories: tuple[StoryCard, ...]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class SearchResult:
    article_id: int
    title: str
    outlet: OutletRef
    published_at: datetime | None
    snippet: str
    snippet_spans: tuple[SnippetSpan, ...]


@dataclass(frozen=True, slots=True)
class SearchGroup:
    """The hits of one story (``story`` is ``None`` for articles not yet placed in a story)."""

    story: StoryRef | None
    results: tuple[SearchResult, ...]


@dataclass(frozen=True, slots=True)
class SearchPage:
    query: str
    notice: str | None
    groups: tuple[SearchGroup, ...]
    result_count: int
    next_cursor: str | None


AddStatus = Literal["added", "already_had", "refused"]


@dataclass(frozen=True, slots=True)
class AddedItem:
    """What became of one pasted or uploaded input."""

    source: str
    status: AddStatus
    reason: str | None
    article: ArticleCard | None
    story: StoryRef | None


@dataclass(frozen=True, slots=True)
class SubscribedItem:
    """A pasted URL: the feed or sitemap found behind it, and its first poll (or why not).

    Its addresses and reason are shown, so they name an address with its password masked."""

    requested_url: str
    status: Literal["subscribed", "already_subscribed", "refused"]
    reason: str | None
    kind: str | None
    feed_url: str | None
    title: str | None
    poll_outcome: str | None
    articles_added: int
    # The source followed (``tidings sources`` lists it by this id); None when refused.
    source_id: int | None = None


@dataclass(frozen=True, slots=True)
class AddPage:
    items: tuple[AddedItem, ...]
    subscriptions: tuple[SubscribedItem, ...] = ()

    @property
    def refused_count(self) -> int:
        return sum(1 for item in self.items if item.status == "refused")
