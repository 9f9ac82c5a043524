"""Plain data that passes between the pipeline stages.

Every type here is a frozen, slotted dataclass with no I/O and no behaviour beyond derived
properties. Stages import this module and ``errors``; they never import each other or the store.

    gather ──RawDocument──▶ extract ──Article──▶ dedupe ──▶ store ──▶ cluster ──▶ store
                                                                  └──▶ summarize / rank ──▶ front ends

Times are timezone-aware UTC ``datetime`` values everywhere; naive datetimes never cross a stage.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from tidings.controls import without_break_hints
from tidings.errors import InputError, printable_name

__all__ = [
    "FUTURE_DATE_TOLERANCE",
    "MAX_ID",
    "AddOutcome",
    "Added",
    "AlreadyHad",
    "Arrival",
    "Article",
    "Citation",
    "CitedSentence",
    "CopyMatch",
    "CopyOrigin",
    "DocumentHints",
    "Entity",
    "EntityKind",
    "MediaType",
    "OriginEvidence",
    "Outlet",
    "OutletClaims",
    "ParsedFeed",
    "Placement",
    "Provenance",
    "RankFactor",
    "RankedStory",
    "RawDocument",
    "RelatedStory",
    "SkippedArticle",
    "SourceKind",
    "StoredArticle",
    "Story",
    "StoryCoverage",
    "StoryDecision",
    "StoryDetail",
    "StoryMember",
    "StoryMerge",
    "StoryMove",
    "StoryProfile",
    "StorySummary",
    "StoryWriting",
    "canonical_held_by_note",
    "content_hash",
    "headline_cut_short",
    "headline_rank",
    "says_time_of_day",
]

SourceKind = Literal["file", "feed", "url", "paste"]
MediaType = Literal["text/html", "text/plain"]
# The largest id of a stored article, story or source: ids are 64-bit integers on both databases,
# so a larger number names nothing, and the front ends answer it so before any SQL (SQLite's driver
# raises OverflowError on it).
MAX_ID = 2**63 - 1
# How far after it was read a feed entry's or a page's date may be: a publisher's clock may run
# ahead, or state local time as UTC, and a day covers every time zone. A later date is a template's
# or a clock's error, and is dropped: kept, it would head every list until that day comes.
FUTURE_DATE_TOLERANCE = timedelta(days=1)


# --------------------------------------------------------------------------------------------
# Gathered documents
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a document came from.

    ``locator`` is a file path, a feed URL, a page URL, or ``-`` for standard input.
    ``entry_key`` identifies one entry of a feed (its guid, else its link, else a content hash).
    """

    kind: SourceKind
    locator: str
    entry_key: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentHints:
    """Metadata a source states before extraction: feed entry fields, HTTP headers.

    Extraction prefers what the page itself says and falls back on these.
    """

    title: str | None = None
    byline: str | None = None
    published_at: datetime | None = None
    outlet: str | None = None
    language: str | None = None
    summary: str | None = None
    # The summary is a list, not prose: the items of a list (key points, headlines), or links most
    # of its words (Google News's headlines of a story, each linked with its outlet's name after
    # it), but not one sentence wrapped whole in one link (a blog theme's teaser). Told from its
    # HTML, which ``summary`` (its text on one line) no longer shows (``gather.markup.is_list_markup``).
    summary_is_list: bool = False
    # The outlet's own site (a feed's <link>): its domain when the entry's link gives none.
    outlet_url: str | None = None
    # The site an aggregator's entry names as its source (RSS and Atom ``<source>``): the
    # outlet's domain before the entry's link, which may be the aggregator's own redirect.
    source_url: str | None = None
    # The media an entry carries (a podcast's <enclosure>, a video's <media:content>, a JSON Feed
    # attachment): the article's address when the entry links no page, never fetched as one.
    media_url: str | None = None
    # The entry's lead image as its feed names it (Media RSS ``media:content`` or
    # ``media:thumbnail``, an image enclosure, JSON Feed's ``image``): an absolute http(s) address,
    # shown before an entry whose content shows no picture (``extract.blocks.with_lead_picture``).
    image: str | None = None


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One document as gathered: decoded text, not yet understood.

    ``body`` is a page's HTML, a plain-text page save, or a feed entry's content (HTML, possibly a
    teaser or empty). ``url`` is the document's own address when known.
    """

    provenance: Provenance
    body: str
    media_type: MediaType
    url: str | None
    fetched_at: datetime
    hints: DocumentHints = field(default_factory=DocumentHints)


# --------------------------------------------------------------------------------------------
# Feeds (the gather stage: tidings.gather.feeds)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """One feed document, read: what it says about itself, and one ``RawDocument`` per entry.

    ``format`` is ``rss090``, ``rss091u``, ``rss091n``, ``rss092``, ``rss093``, ``rss094``,
    ``rss20``, ``rss10`` (RDF), ``atom03``, ``atom10``, ``cdf``, ``jsonfeed10`` or ``jsonfeed11``,
    or just ``rss``/``atom`` when the document does not say its version.
    Every URL field is an absolute http(s) URL or None. ``self_url`` is the address the feed
    gives for itself (Atom ``rel="self"``, JSON Feed ``feed_url``) and ``hub_urls`` its WebSub
    hubs; ``ttl_minutes`` (RSS ``<ttl>``) and ``update_period_minutes`` (the syndication
    module's period divided by its frequency) are the publisher's hints for how often to look.
    Each entry's ``provenance`` is ``Provenance("feed", locator, entry_key)``; entry keys are
    unique within one ``ParsedFeed``. ``skipped`` holds the entries refused (each names the
    feed and the entry), and ``warnings`` says how the document was read when it was not
    well-formed (its entries are kept).
    """

    format: str
    title: str | None
    site_url: str | None
    self_url: str | None
    description: str | None
    language: str | None
    ttl_minutes: int | None
    update_period_minutes: int | None
    updated_at: datetime | None
    icon_url: str | None
    hub_urls: tuple[str, ...]
    entries: tuple[RawDocument, ...]
    skipped: tuple[InputError, ...] = ()
    warnings: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------
# Articles
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outlet:
    """A publication. ``domain`` is the registrable domain (``nytimes.com``) when known."""

    name: str
    domain: str | None = None

    @property
    def key(self) -> str:
        """Which outlet this is: its domain lower-cased, else its case-folded name. Two outlets
        may share a display name (allAfrica republishing as "Voice of America" beside
        voanews.com). A domain is lower-cased, not folded: folding maps "ß" to "ss" (and "ς" to
        "σ"), and ``straße.de`` is a site of its own beside ``strasse.de`` (UTS-46, not
        transitional, as ``urls.ascii_host`` maps hosts: ``xn--strae-oqa.de``). A name is folded,
        so "Die Straße" and "DIE STRASSE" are one outlet's name. A key typed by a person is
        looked up as ``store.articles.outlet_keyed`` reads it."""
        if self.domain:
            return self.domain.strip().lower()
        return self.name.strip().casefold()


_WORDS = re.compile(r"\w+", re.UNICODE)


def says_time_of_day(moment: datetime) -> bool:
    """Whether a UTC moment carries a time of day, not only a date.

    Sources that know only the day (a URL's ``/2022/12/19/``, "December 19, 2022", a CMS that
    writes ``T00:00:00Z`` or ``00:00:00 GMT``) are read as midnight UTC. Shown as "00:00" that
    would claim a time nobody gave, so front ends show an exact midnight UTC as a date alone; a
    story really published at 00:00:00 UTC loses only its time on display, never its order.
    """
    return (moment.hour, moment.minute, moment.second, moment.microsecond) != (0, 0, 0, 0)


def content_hash(text: str) -> str:
    """A fingerprint of an article's words that ignores case, punctuation and spacing, and the soft
    hyphens, word joiners and zero-width spaces that mark where a word may break ("auto\u00adnome"
    is "autonome"; ``controls.without_break_hints``)."""
    words = _WORDS.findall(without_break_hints(text).casefold())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Article:
    """A clean article: the output of extraction and the unit the store keeps.

    ``text`` is the article body as plain text with paragraphs separated by blank lines; ``html``
    is the same body as sanitized HTML for display. ``url`` is the canonical URL (tracking
    parameters and AMP removed) when one is known: the page's own, on its outlet's site.
    ``republishes`` is the address of another site's page that the page names as its canonical
    (a syndicated copy's link to the original): the copy-origin evidence ``dedupe`` reads.
    ``url_is_media``: ``url`` is a feed entry's media, not a page (never an identity of the article).
    ``standfirst`` is the dek an HTML page prints between its headline and its body (or a feed
    entry's summary beside its full text), plain text, never part of ``text``: it is no part of the copy
    fingerprint (``content_hash``), as sites rewrite it more freely than the body.
    """

    title: str
    text: str
    html: str
    outlet: Outlet
    provenance: Provenance
    fetched_at: datetime
    byline: str | None = None
    standfirst: str | None = None
    published_at: datetime | None = None
    url: str | None = None
    language: str | None = None
    republishes: str | None = None
    # ``url`` is the address of a feed entry's media (a podcast episode's audio), the entry linking
    # no page of its own (``extract.feeds``): shown as its link, never what it is known by, as a
    # show may point every episode, or every edition of a bulletin, at one file.
    url_is_media: bool = False

    @property
    def content_hash(self) -> str:
        return content_hash(f"{self.title}\n{self.text}")


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as the store holds it, with its id and its place among stories."""

    article_id: int
    article: Article
    story_id: int | None = None
    copy_of: int | None = None


@dataclass(frozen=True, slots=True)
class Added:
    """The store kept a new article. ``canonical_held_by``: the stored article whose address this
    input's canonical link names though it is plainly another article (a section front, another
    story: ``store.articles._address_owner``); the new article was not given that address."""

    article_id: int
    canonical_held_by: int | None = None


@dataclass(frozen=True, slots=True)
class AlreadyHad:
    """The store already held this article; ``via`` says how it was recognised. ``completed``: the
    stored text was a teaser (a feed's summary) and this input's full text replaced it.
    ``updated``: the feed entry that supplied it came back corrected, and its title or text took
    the correction (``store.articles.correct_article``), or its page was added again by hand with
    other words, which it took (``store.articles.update_page``). ``standfirst_added``: the stored article
    had no standfirst (one stored before they were kept) and took this input's, nothing else
    (``store.articles.add_missing_standfirst``). ``other_text_not_taken``: a page added again by
    hand at its address with other words that the stored article may not take (another article
    there, or a shorter version: ``store.articles.update_page``). ``via="input"``: a page whose
    canonical link names another article, found as a version of the article read from the same
    input before (a file saved again at its path: ``store.articles._earlier_version_from_input``).
    ``canonical_held_by``: as for ``Added``, the other article its canonical link names, whose
    address the stored article was not given."""

    article_id: int
    via: Literal["url", "feed_entry", "content_hash", "input"]
    completed: bool = False
    updated: bool = False
    standfirst_added: bool = False
    other_text_not_taken: bool = False
    canonical_held_by: int | None = None


AddOutcome = Added | AlreadyHad
# What the command line and the Add page say of ``AlreadyHad.other_text_not_taken``.
OTHER_TEXT_NOT_TAKEN = "this page's other text was not taken: it reads as another article, or a shorter one"


def canonical_held_by_note(other_id: int, source: str | None = None) -> str:
    """What the command line and the Add page say of ``canonical_held_by``: that the input's
    canonical link names another stored article, and that its address was not taken. The command
    line's lines name articles by title alone, so it names the input too (``source``, shown as
    ``errors.printable_name`` shows it); an Add page item stands beside its input already."""
    if source is None:
        link = "its canonical link"
    else:
        # "-" is how the command line names standard input ("the canonical link of - names …").
        link = f"the canonical link of {'standard input' if source == '-' else printable_name(source)}"
    return f"{link} names #{other_id}, another article: that address was not taken"


# --------------------------------------------------------------------------------------------
# Stories: copies and events (issue 2)
# --------------------------------------------------------------------------------------------

OriginEvidence = Literal["canonical_link", "wire_credit", "earliest"]
"""How a copy's origin was told: its canonical link names another outlet, its byline or
dateline credits a wire service, or (weakest) it is the earliest of the copies."""


@dataclass(frozen=True, slots=True)
class CopyOrigin:
    """The outlet a piece of writing came from, and the evidence that says so."""

    outlet: str
    evidence: OriginEvidence


@dataclass(frozen=True, slots=True)
class CopyMatch:
    """An article repeats the writing of another (syndication, wire copy, a re-post).

    ``original_id`` is the writing's original, decided over every stored article with this
    writing (``dedupe.original_of``), whatever order they arrived in: the earliest article from
    the outlet ``origin`` names (the site a canonical link points to, the wire a byline or
    dateline credits), else the earliest; ``similarity`` is the estimated resemblance of their
    word shingles (1.0 when the words are identical); ``method`` says whether the words were
    identical or nearly so.
    """

    original_id: int
    similarity: float
    method: Literal["exact", "near"]
    origin: CopyOrigin | None = None


StoryMove = Literal["new", "join"]


@dataclass(frozen=True, slots=True)
class StoryDecision:
    """Where the cluster stage puts one article.

    ``move`` is ``"new"`` (start a story) or ``"join"`` (join ``story_id``). ``absorb`` lists
    stories that this article shows to be the same event as ``story_id``: they are merged into
    it, and each merge is recorded. A new story may name ``earlier_story_id``, the same event's
    coverage before a long silence, and ``later_story_id``, its coverage that began more than a
    silence after this article (which arrived late): this story is that one's earlier coverage.
    ``reason`` is a sentence a person can read.
    """

    move: StoryMove
    score: float
    reason: str
    story_id: int | None = None
    absorb: tuple[int, ...] = ()
    earlier_story_id: int | None = None
    later_story_id: int | None = None


@dataclass(frozen=True, slots=True)
class Placement:
    """What the store did with a decision: the story the article is now in."""

    article_id: int
    story_id: int
    move: StoryMove
    merged: tuple[int, ...] = ()
    earlier_story_id: int | None = None
    copy_of: int | None = None
    later_story_id: int | None = None


# The marks an aggregator ends a title with when it cuts it to fit ("Divergent star Shailene
# Woodley reveals the advice she got from Jennifer ...": Google News cut about one title in seven
# of the UCI sample so).
_CUT_SHORT_MARKS = ("...", "\u2026")


def headline_cut_short(title: str) -> bool:
    """Whether ``title`` ends in an ellipsis, as a title cut to fit does: a story is headed by a
    whole title where one of its articles has one."""
    return title.rstrip().endswith(_CUT_SHORT_MARKS)


def headline_rank(title: str, *, is_copy: bool) -> tuple[bool, bool]:
    """How fit a titled article is to head its story before nearness to its centre counts (the
    higher, the fitter): an original writing before a copy, then a whole title before one cut
    short. The memory's choice, the store's merge and migration 0037 rank heads by it."""
    return not is_copy, not headline_cut_short(title)


@dataclass(frozen=True, slots=True)
class Story:
    """One event's coverage: its articles' count, outlets and time span, and a working headline.

    ``merged_into`` is set when a later article showed this story to be part of another one.
    """

    story_id: int
    headline: str
    first_seen: datetime
    last_seen: datetime
    article_count: int
    outlet_count: int
    merged_into: int | None = None
    # The outlets named with the story (read with the story rows; domains for links): those with
    # writing of their own first. A list names a few of them; ``outlet_count`` counts them all.
    outlet_refs: tuple[Outlet, ...] = ()
    # Outlets with writing of their own (an outlet that only republished a copy is not one).
    # None when not known.
    original_outlet_count: int | None = None

    @property
    def outlets(self) -> tuple[str, ...]:
        """The names of ``outlet_refs``, in their order."""
        return tuple(outlet.name for outlet in self.outlet_refs)

    @property
    def counted_outlets(self) -> int:
        """The outlets every reader counts for the story (web, API and CLI alike): those with
        writing of their own, an outlet that only republished a copy being folded into the
        original's; a story of copies only still counts its busiest outlet."""
        originals = self.outlet_count if self.original_outlet_count is None else self.original_outlet_count
        return max(originals, 1 if self.outlet_count else 0)

    @property
    def counted_outlet_refs(self) -> tuple[Outlet, ...]:
        """The ``outlet_refs`` that ``counted_outlets`` counts (those with writing of their own
        come first in ``outlet_refs``)."""
        return self.outlet_refs[: self.counted_outlets]


@dataclass(frozen=True, slots=True)
class StoryMerge:
    """A recorded merge: ``absorbed_id`` became part of ``survivor_id`` when ``article_id`` came."""

    survivor_id: int
    absorbed_id: int
    merged_at: datetime
    article_id: int | None
    reason: str


@dataclass(frozen=True, slots=True)
class StoryMember:
    """One article of a story; ``copy`` is set when its writing repeats another member's."""

    article: StoredArticle
    copy: CopyMatch | None = None


@dataclass(frozen=True, slots=True)
class StoryWriting:
    """One piece of writing in a story, shown once: ``member`` stands for it (the original, or
    the first copy of an original in another story) and ``copies`` republished it."""

    member: StoryMember
    copies: tuple[StoryMember, ...]

    @property
    def updates(self) -> tuple[StoryMember, ...]:
        """The outlet's own later versions of the writing at other addresses (a new headline, a
        paragraph added): its copies from the outlet of the member that stands for it, which
        republished nothing."""
        own = self.member.article.article.outlet
        return tuple(copy for copy in self.copies if copy.article.article.outlet == own)

    @property
    def republications(self) -> tuple[StoryMember, ...]:
        """Its copies from other outlets: "also published by"."""
        own = self.member.article.article.outlet
        return tuple(copy for copy in self.copies if copy.article.article.outlet != own)

    @property
    def origin(self) -> CopyOrigin | None:
        """Where the writing came from, when others republished it: the origin recorded with the
        first of its republications (the standing member among them, where it is one) that has
        one. An outlet's own updates tell nothing of where the writing came from."""
        republished = self.republications
        written = (self.member, *republished) if self.member.copy is not None else republished
        return next(
            (copy.copy.origin for copy in written if copy.copy is not None and copy.copy.origin), None
        )


@dataclass(frozen=True, slots=True)
class StoryDetail:
    """A story with its members (oldest first), merges, and linked earlier and later coverage."""

    story: Story
    members: tuple[StoryMember, ...]
    merges: tuple[StoryMerge, ...] = ()
    earlier: tuple[Story, ...] = ()
    later: tuple[Story, ...] = ()

    def writings(self) -> tuple[StoryWriting, ...]:
        """The story's pieces of writing, oldest first, each once: a copy is shown under its
        original where that is in the story; copies of an original in another story (republished
        after its story went quiet) under the first of them, which stands for the writing. What
        `tidings story` and the reader's story page both show."""
        in_story = {member.article.article_id for member in self.members}
        standing: dict[int, int] = {}  # an original elsewhere -> the copy that stands for it
        copies: dict[int, list[StoryMember]] = {}
        for member in self.members:
            if member.copy is None:
                continue
            holder = member.copy.original_id
            if holder not in in_story:
                holder = standing.setdefault(holder, member.article.article_id)
                if holder == member.article.article_id:
                    continue
            copies.setdefault(holder, []).append(member)
        shown_under_another = {copy.article.article_id for group in copies.values() for copy in group}
        return tuple(
            StoryWriting(member, tuple(copies.get(member.article.article_id, ())))
            for member in self.members
            if member.article.article_id not in shown_under_another
        )


# --------------------------------------------------------------------------------------------
# Understanding: entities, cited summaries, agreement (the summarize stage, issue 3)
# --------------------------------------------------------------------------------------------

EntityKind = Literal["person", "organization", "place", "product", "event", "other"]
"""``other`` is a name found without a model that can tell what it names (see summarize.entities)."""


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation, place, product or event named in an article or a story.

    ``key`` is the normalised identity that makes "Putin", "Vladimir Putin" and "President Putin"
    one person: titles stripped, case folded, a bare surname resolved to the full name used
    elsewhere in the same article or story. ``name`` is the fullest form seen, for display.
    ``article_ids`` lists the articles that name it (filled for a story's entities).
    """

    key: str
    name: str
    kind: EntityKind
    mentions: int
    article_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Citation:
    """One article a sentence is taken from or supported by."""

    article_id: int
    outlet: str


@dataclass(frozen=True, slots=True)
class CitedSentence:
    """A sentence of an article, with every article that reports it.

    The words are those of ``sources[0]``, the article it was taken from; the other sources
    report the same fact in their own words.
    """

    text: str
    sources: tuple[Citation, ...]

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(source.outlet for source in self.sources))


@dataclass(frozen=True, slots=True)
class OutletClaims:
    """What only one outlet reports in a story."""

    outlet: str
    claims: tuple[CitedSentence, ...]


@dataclass(frozen=True, slots=True)
class SkippedArticle:
    """An article of a story left out of its summary, and why (another language, no text)."""

    article_id: int
    reason: str


@dataclass(frozen=True, slots=True)
class StorySummary:
    """What a story says: a cited summary, what outlets agree on, what only one reports, who and where.

    ``sentences`` is empty for a story whose articles give fewer than two independent sources.
    ``language`` is the language the summary was made in (the story's main language).
    """

    sentences: tuple[CitedSentence, ...]
    agreed: tuple[CitedSentence, ...]
    only: tuple[OutletClaims, ...]
    entities: tuple[Entity, ...]
    language: str | None = None
    skipped: tuple[SkippedArticle, ...] = ()


# Ranking: top and related stories (the rank stage, issue 3)


@dataclass(frozen=True, slots=True)
class Arrival:
    """One article's arrival in a story: its outlet (by key), when, whether it is a copy, and
    whether ``seen_at`` is the article's own date (False: the time it was fetched)."""

    outlet: str
    seen_at: datetime
    is_copy: bool = False
    dated: bool = True


@dataclass(frozen=True, slots=True)
class StoryCoverage:
    """What the rank stage knows of a story, as totals the store keeps up to date at placement
    (``rank.signals.coverage_of`` makes the same from a list of arrivals).

    ``joins`` holds when each outlet's first original article arrived; a reader may leave out
    those older than the velocity window, which velocity does not count.
    """

    story: Story
    articles: int
    copies: int
    original_outlets: int
    latest: datetime | None
    latest_original: datetime | None
    joins: tuple[datetime, ...] = ()


@dataclass(frozen=True, slots=True)
class RankFactor:
    """One factor of a story's rank: what was measured, what it multiplies the score by, and a
    sentence saying so (``tidings top --explain``)."""

    name: str
    measured: float
    multiplier: float
    explanation: str


@dataclass(frozen=True, slots=True)
class RankedStory:
    story: Story
    score: float
    factors: tuple[RankFactor, ...]


@dataclass(frozen=True, slots=True)
class StoryProfile:
    """What relates stories: their words (headlines and titles) and their entities (key → name)."""

    story: Story
    text: str
    entities: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class RelatedStory:
    """A story near another, with why: content similarity and the entities they share."""

    story: Story
    score: float
    content_similarity: float
    shared_entities: tuple[str, ...]
