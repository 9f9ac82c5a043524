"""The JSON wire format of ``/api/v1``: pydantic models, and the only place it is defined.

Each response model mirrors one view-model of ``views.py`` field by field and is filled from it
with ``from_attributes``, so a page and its JSON twin carry the same facts. Request models
(``IngestRequest``) forbid unknown fields, so a misspelt field is a 422 naming it rather than
being ignored. Errors are RFC 9457 problem details (``Problem``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from tidings.model import OriginEvidence
from tidings.store.sources import FullText
from tidings.web.security import address_refusal, safe_http_url

__all__ = [
    "AddPageOut",
    "AddedItemOut",
    "ArticleCardOut",
    "ArticlePageOut",
    "ArticlesPageOut",
    "EntityPageOut",
    "FrontPageOut",
    "IngestRequest",
    "OutletPageOut",
    "OutletsPageOut",
    "Problem",
    "SearchPageOut",
    "StoryPageOut",
    "SubscribeRequest",
]


# The store keeps a folder's first 255 characters (``store.sources.subscribe``); a longer one is
# refused rather than cut short unsaid.
MAX_FOLDER_CHARS = 255
NOT_AN_HTTP_ADDRESS = "is not an absolute http(s) address such as https://example.com/news/1"


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)


class OutletRefOut(_Out):
    key: str = Field(description="The outlet's id in URLs: its domain, else its case-folded name.")
    name: str
    domain: str | None


class StoryRefOut(_Out):
    story_id: int
    headline: str


class EntityRefOut(_Out):
    key: str = Field(description="The entity's id in URLs.")
    name: str
    kind: str | None = Field(
        description="person, organization, place, product, event, other; null if unknown."
    )


class ArticleCardOut(_Out):
    article_id: int
    title: str
    outlet: OutletRefOut
    published_at: datetime | None
    byline: str | None
    language: str | None
    original_url: str | None = Field(description="The article at its outlet; only http(s) URLs.")
    story_id: int | None
    copy_of: int | None = Field(description="The article this one republishes, when it is a copy.")
    standfirst: str | None = Field(
        description="The dek printed between the headline and the body (plain text), when there is one."
    )


class StoryCardOut(_Out):
    story_id: int
    headline: str
    lead: str | None = Field(description="The first sentence of the story's summary.")
    outlet_count: int = Field(description="Distinct outlets with original coverage (copies collapsed).")
    article_count: int
    outlets: list[OutletRefOut] = Field(
        description="Those outlets, most articles first: every one on a story page, at most eight in lists."
    )
    first_seen: datetime
    last_seen: datetime
    entities: list[EntityRefOut]


class FiltersOut(_Out):
    outlet: str | None
    entity: str | None
    language: str | None


class OutletSummaryOut(_Out):
    outlet: OutletRefOut
    article_count: int
    latest_at: datetime | None


class FrontPageOut(_Out):
    filters: FiltersOut
    top_stories: list[StoryCardOut]
    latest_stories: list[StoryCardOut]
    latest_articles: list[ArticleCardOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last.")
    outlets: list[OutletRefOut] = Field(
        description="The outlet filter's choices, by name: at most 500 (all with counts: "
        "`GET /outlets`), and always the outlet filtered by."
    )
    languages: list[str] = Field(description="The language filter's choices: the codes of stored articles.")
    ranked_as_of: datetime | None = Field(
        description="When top stories were ranked as of: now, or the newest coverage when older."
    )
    entity: EntityRefOut | None = Field(
        default=None, description="The entity the `entity` filter found, named as kept; null without it."
    )


class ArticlesPageOut(_Out):
    filters: FiltersOut
    articles: list[ArticleCardOut]
    next_cursor: str | None


class ArticlePageOut(_Out):
    article: ArticleCardOut
    html: str = Field(description="The article body as sanitized HTML ('' for headline-only articles).")
    text_paragraphs: list[str]
    fetched_at: datetime
    story: StoryRefOut | None
    copy_of: ArticleCardOut | None


class CitationOut(_Out):
    article_id: int
    outlet: OutletRefOut


class SummarySentenceOut(_Out):
    text: str
    citations: list[CitationOut]


class ClaimOut(_Out):
    text: str
    citations: list[CitationOut]


class OutletClaimsOut(_Out):
    outlet: OutletRefOut
    claims: list[ClaimOut]


class OriginOut(_Out):
    outlet: str = Field(
        description="The outlet the writing came from, by name: a wire service, a linked site's "
        "domain or the earliest copy's outlet, which need not be a stored outlet."
    )
    evidence: OriginEvidence = Field(
        description="How it was told: a copy's canonical link names that site, a byline or dateline "
        "credits that wire service, or (weakest) that outlet published the earliest copy."
    )


class TimelineEntryOut(_Out):
    article: ArticleCardOut
    also_published_by: list[ArticleCardOut]
    copy_of: ArticleCardOut | None = Field(
        description="For a copy whose original is in no part of this story (earlier coverage), that "
        'original, as the page names it ("A copy of … first published by …"); null otherwise.'
    )
    origin: OriginOut | None = Field(
        description="Where this piece of writing came from, for an article republished by others "
        "(or a copy of an article in another story); null when no other outlet republished it or "
        "nothing told it."
    )
    updates: list[ArticleCardOut] = Field(
        description="The outlet's own later versions of this writing at other addresses (a new "
        "headline, a paragraph added), oldest first; not counted as republications."
    )


class MergeOut(_Out):
    survivor_story_id: int = Field(description="The story the other one became part of.")
    absorbed_story_id: int = Field(description="The story that became part of it.")
    merged_at: datetime
    article_id: int | None = Field(description="The article whose arrival made the merge, if one did.")
    reason: str = Field(description="Why the two stories were found to be one, in words.")


class StoryPageOut(_Out):
    story: StoryCardOut
    summary: list[SummarySentenceOut]
    agreed: list[ClaimOut]
    only: list[OutletClaimsOut]
    timeline: list[TimelineEntryOut]
    related: list[StoryCardOut]
    earlier: list[StoryRefOut]
    later: list[StoryRefOut] = Field(
        description="Later coverage of the same event: stories that began after this one went quiet."
    )
    merged_into: StoryRefOut | None = Field(
        description="The story this one was merged into, following later merges: its articles are "
        "there now (this story's summary and timeline are then empty). Null for a current story."
    )
    merges: list[MergeOut] = Field(
        description="The merges this story took part in, oldest first: the stories it absorbed "
        "(`survivor_story_id` is this story) and, for a merged story, the merge that absorbed it."
    )


class OutletPageOut(_Out):
    outlet: OutletSummaryOut
    stories: list[StoryCardOut]
    articles: list[ArticleCardOut]
    next_cursor: str | None


class OutletsPageOut(_Out):
    outlets: list[OutletSummaryOut]


class EntityPageOut(_Out):
    entity: EntityRefOut
    stories: list[StoryCardOut]
    next_cursor: str | None


class SnippetSpanOut(_Out):
    text: str
    match: bool


class SearchResultOut(_Out):
    article_id: int
    title: str
    outlet: OutletRefOut
    published_at: datetime | None
    snippet: str = Field(description="A passage of the article's text around the matches, as plain text.")
    snippet_spans: list[SnippetSpanOut] = Field(
        description="The snippet cut into runs; joined, their texts are `snippet`. A run with "
        "`match` true is a word the search matched (show it highlighted)."
    )


class SearchGroupOut(_Out):
    story: StoryRefOut | None
    results: list[SearchResultOut]


class SearchPageOut(_Out):
    query: str
    notice: str | None = Field(
        description="Why the query can find nothing whatever is stored (it has no words to search "
        "for, or it only excludes words), or null."
    )
    groups: list[SearchGroupOut]
    result_count: int
    next_cursor: str | None


class AddedItemOut(_Out):
    source: str
    status: Literal["added", "already_had", "refused"]
    reason: str | None = Field(
        description=(
            "Why it was refused, or how it was recognised; and, added or not, whether its canonical"
            " link named another stored article, whose address it was not given."
        )
    )
    article: ArticleCardOut | None
    story: StoryRefOut | None


class SubscribedItemOut(_Out):
    requested_url: str
    status: Literal["subscribed", "already_subscribed", "refused"]
    reason: str | None = Field(description="Why it was refused, or how the feed was found.")
    kind: str | None = Field(description="feed or sitemap.")
    feed_url: str | None
    title: str | None
    poll_outcome: str | None = Field(
        description="The first check of a source new to the store: new, not-modified, failed, …; "
        "null when refused or when the store had the source already (it is polled on its own schedule)."
    )
    articles_added: int = Field(description="Articles the first check added; 0 when there was none.")
    source_id: int | None = Field(
        description="The source followed, as `tidings sources` lists it; null when refused."
    )


class AddPageOut(_Out):
    items: list[AddedItemOut]
    subscriptions: list[SubscribedItemOut]


class SubscribeRequest(BaseModel):
    """A site, page or feed address to subscribe to."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(min_length=1, max_length=2048, description="An http(s) address.")
    folder: str = Field(
        default="",
        max_length=MAX_FOLDER_CHARS,
        description="Folder to file the subscription in, as `tidings subscribe --folder` (OPML export "
        "keeps it). A source followed already keeps the folder it was filed in.",
    )
    full_text: FullText | None = Field(
        default=None,
        description="Fetch each entry's page when the feed carries only teasers: auto, on or off, as "
        "`tidings subscribe --full-text`; null or left out: the `full_text_default` setting. Only a "
        "source new to the store takes it (`tidings sources set ID --full-text` changes one).",
    )

    @field_validator("folder")
    @classmethod
    def _folder_is_text(cls, folder: str) -> str:
        """A control character (a NUL, which PostgreSQL cannot store; a newline) is no folder name
        and could not be exported as OPML: refused, naming ``body.folder``."""
        if any(ord(character) < 32 or ord(character) == 127 for character in folder):
            raise PydanticCustomError(
                "control_character", "contains a control character: send the folder's name as text"
            )
        return folder

    @field_validator("url")
    @classmethod
    def _url_is_trimmed(cls, url: str) -> str:
        """An address pasted with spaces around it is that address, as in the Add form and in
        ``IngestRequest.url``; one of spaces only is refused, naming ``body.url``."""
        if not url.strip():
            raise PydanticCustomError("blank", "is blank: send a site, page or feed address")
        return url.strip()


class IngestRequest(BaseModel):
    """A page's HTML or text, or a feed document, to ingest."""

    model_config = ConfigDict(extra="forbid")

    content: str = Field(min_length=1, description="The page's HTML or saved text, or a feed document.")
    name: str = Field(
        default="api", min_length=1, max_length=200, description="A name for the input, shown in errors."
    )
    url: str | None = Field(default=None, max_length=2048, description="The page's address, if known.")
    content_type: str | None = Field(
        default=None, max_length=200, description="Its media type, if known (text/html, text/plain, …)."
    )

    @field_validator("url")
    @classmethod
    def _url_is_an_http_address(cls, url: str | None) -> str | None:
        """A page's address is kept as its link and its outlet's domain: one that is no http(s)
        address would be dropped without a word, so it is refused, naming ``body.url``."""
        if url is None or not url.strip():
            return None
        if safe_http_url(url.strip()) is None:
            raise PydanticCustomError("http_url", address_refusal(url, NOT_AN_HTTP_ADDRESS))
        return url.strip()

    @field_validator("content")
    @classmethod
    def _content_has_text(cls, content: str) -> str:
        """Only whitespace is refused here, naming ``body.content`` as an empty one is."""
        if not content.strip():
            raise PydanticCustomError("blank", "is blank: paste a page's HTML or text")
        return content


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[dict[str, str]] | None = Field(
        default=None, description="For 422: each malformed field with what is wrong with it."
    )
