"""SQLAlchemy Core tables: one ``MetaData`` for SQLite and PostgreSQL.

These describe the schema the store's queries run against; Alembic migrations in
``store/migrations/versions`` create it (a test checks that the two agree). Later stages add their
tables here, each in its own section, and by a migration of their own.

Full-text search is not a table here: it is an FTS5 virtual table on SQLite and a generated
``tsvector`` column on PostgreSQL, both made by migrations and used only by ``store/search.py``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.engine import Dialect

__all__ = [
    "UTCDateTime",
    "article_entities",
    "article_features",
    "article_fingerprints",
    "article_sources",
    "article_urls",
    "articles",
    "copy_bands",
    "entity_scans",
    "metadata",
    "outlet_icons",
    "outlets",
    "source_items",
    "sources",
    "stories",
    "story_articles",
    "story_clock",
    "story_links",
    "story_merges",
    "story_outlets",
    "story_summaries",
    "subscriptions",
]

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# SQLite has no 64-bit autoincrement type of its own: INTEGER PRIMARY KEY is the rowid.
IdType = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both databases (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} reached the store; stages must pass UTC datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# --------------------------------------------------------------------------------------------
# Foundation: outlets, articles and where each came from (migration 0001)
# --------------------------------------------------------------------------------------------

outlets = Table(
    "outlets",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    # The outlet's identity: its registrable domain when known, else its case-folded name.
    Column("key", String(255), nullable=False, unique=True),
    Column("name", String(255), nullable=False),
    Column("domain", String(255), nullable=True),
)

articles = Table(
    "articles",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("outlet_id", IdType, ForeignKey("outlets.id"), nullable=False),
    Column("url", Text, nullable=True),
    Column("title", Text, nullable=False),
    Column("byline", Text, nullable=True),
    Column("published_at", UTCDateTime, nullable=True),
    Column("fetched_at", UTCDateTime, nullable=False),
    # Coalesced ordering key: published_at, else fetched_at; indexed for paging.
    Column("sort_at", UTCDateTime, nullable=False),
    Column("language", String(16), nullable=True),
    Column("text", Text, nullable=False),
    Column("html", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    # The dek printed between headline and body (migration 0034): shown, not searched or hashed.
    Column("standfirst", Text, nullable=True),
    Index("ix_articles_sort_at_id", "sort_at", "id"),
    Index("ix_articles_outlet_sort", "outlet_id", "sort_at"),
    Index("ix_articles_content_hash", "content_hash"),
)

# Each outlet's icon (migration 0008_outlet_icons): the last attempt, and the image when it
# succeeded; ``error`` says why it did not (an SVG, not an image, too large, unreachable).
outlet_icons = Table(
    "outlet_icons",
    metadata,
    Column(
        "outlet_id",
        IdType,
        ForeignKey("outlets.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("fetched_at", UTCDateTime, nullable=False),
    Column("source_url", String(2048), nullable=True),
    Column("content_type", String(64), nullable=True),
    Column("body", LargeBinary, nullable=True),
    Column("sha256", String(64), nullable=True),
    Column("error", Text, nullable=True),
)

# Every URL an article was reached by (canonical, as linked, AMP): one article per URL.
article_urls = Table(
    "article_urls",
    metadata,
    Column("url", String(2048), primary_key=True),
    Column("article_id", IdType, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
)

# Provenance: each file, feed entry, page or paste that yielded the article.
article_sources = Table(
    "article_sources",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("article_id", IdType, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("locator", String(2048), nullable=False),
    # '' rather than NULL so that the unique constraint holds on both databases.
    Column("entry_key", String(1024), nullable=False, server_default=""),
    Column("seen_at", UTCDateTime, nullable=False),
    UniqueConstraint("kind", "locator", "entry_key", name="uq_article_sources_origin"),
)

# --------------------------------------------------------------------------------------------
# Web reader (migration 0005_web): language-filtered pages and the language list
# --------------------------------------------------------------------------------------------

Index("ix_articles_language_sort", articles.c.language, articles.c.sort_at, articles.c.id)

# --------------------------------------------------------------------------------------------
# Sources (migration 0004_sources): feeds and sitemaps polled on a schedule, who follows them,
# and the entries already taken from each. The database is the queue: due work is
# `next_check_at <= now`, and a worker claims a source by a conditional UPDATE of `claimed_until`.
# --------------------------------------------------------------------------------------------

# One row per fetched URL, however many people subscribe to it.
sources = Table(
    "sources",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    # Where the source is fetched now; changes after a permanent redirect is seen repeatedly.
    Column("url", String(2048), nullable=False, unique=True),
    # Its identity in article provenance: the URL it was first subscribed by, never changed.
    Column("locator", String(2048), nullable=False),
    Column("kind", String(16), nullable=False),  # feed | sitemap
    Column("title", Text, nullable=True),
    Column("site_url", Text, nullable=True),
    Column("etag", String(1024), nullable=True),
    Column("last_modified", String(255), nullable=True),
    Column("state", String(16), nullable=False, server_default="active"),  # active | paused | retired
    Column("full_text", String(8), nullable=False, server_default="auto"),  # auto | on | off
    Column("feed_ttl_minutes", Integer, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("next_check_at", UTCDateTime, nullable=False),
    Column("claimed_until", UTCDateTime, nullable=True),
    Column("last_checked_at", UTCDateTime, nullable=True),
    Column("last_success_at", UTCDateTime, nullable=True),
    Column("last_error", Text, nullable=True),
    Column("last_error_at", UTCDateTime, nullable=True),
    Column("error_count", Integer, nullable=False, server_default="0"),
    Column("failing_since", UTCDateTime, nullable=True),
    # A permanent redirect seen on the last checks, and how many checks in a row saw it.
    Column("moved_to", String(2048), nullable=True),
    Column("moved_count", Integer, nullable=False, server_default="0"),
    # The first HTTP 410 of the 410s answered on the last checks in a row (migration 0016): one 410
    # is not believed; a source still gone a day later is retired (``jobs.refresh.GONE_CONFIRMATION``).
    Column("gone_since", UTCDateTime, nullable=True),
    # Where the last poll's answer came from when a temporary redirect (302, 303, 307) led away
    # from ``url`` (migration 0027): the address stays, but subscribing to this one finds the source.
    Column("fetched_url", String(2048), nullable=True),
    # Due work is read in next_check_at order with a LIMIT: walking this index stops after the batch.
    Index("ix_sources_next_check", "next_check_at"),
)

# Who follows a source. `user_key` is '' for the single local user until accounts exist.
subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("source_id", IdType, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("user_key", String(255), nullable=False, server_default=""),
    Column("folder", String(255), nullable=False, server_default=""),
    Column("title", Text, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("user_key", "source_id", name="uq_subscriptions_user_source"),
)

# Entries (feed entry keys, sitemap page URLs) already taken from a source, stored or refused,
# written in the same transaction as the articles and the source's validators.
source_items = Table(
    "source_items",
    metadata,
    Column("source_id", IdType, ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
    Column("item_key", String(1024), primary_key=True),
    Column("seen_at", UTCDateTime, nullable=False),
    Column("published_at", UTCDateTime, nullable=True),
    Column("article_id", IdType, ForeignKey("articles.id", ondelete="SET NULL"), nullable=True),
    # A teaser whose linked page is still wanted (migration 0014): where it is, when to try it next
    # (NULL once fetched or given up), the failed tries and the last reason.
    Column("page_url", String(2048), nullable=True),
    Column("page_due_at", UTCDateTime, nullable=True),
    Column("page_attempts", Integer, nullable=False, server_default="0"),
    Column("page_error", Text, nullable=True),
    # A fingerprint of the entry's words when it was last read (migration 0022), so that a later
    # poll sees a correction (``jobs.refresh.entry_fingerprint``); NULL for a sitemap's page and
    # for an entry taken before it.
    Column("entry_hash", String(64), nullable=True),
    # What a page still wanted is wanted for (migration 0029): the entry's feed title, which a
    # later poll's page is read with, as the first poll's was (the page's headline line is left
    # out of its text though worded otherwise); and whether the page is a correction's (its
    # entry's words changed and the page failed), which a later poll applies as one.
    Column("page_title", Text, nullable=True),
    Column("page_corrects", Boolean, nullable=False, server_default=false()),
    Index("ix_source_items_seen", "source_id", "seen_at"),
    Index("ix_source_items_page_due", "source_id", "page_due_at"),
)

# --------------------------------------------------------------------------------------------
# Stories (migration 0002_stories): copies, events, recorded merges and earlier-coverage links,
# and the features clustering keeps so that a restart recomputes nothing.
# --------------------------------------------------------------------------------------------

stories = Table(
    "stories",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("headline", Text, nullable=False),
    Column("headline_article_id", IdType, ForeignKey("articles.id", ondelete="SET NULL"), nullable=True),
    Column("first_seen", UTCDateTime, nullable=False),
    Column("last_seen", UTCDateTime, nullable=False),
    Column("article_count", Integer, nullable=False, server_default="0"),
    Column("outlet_count", Integer, nullable=False, server_default="0"),
    # Set when a later article showed this story to be part of another; its rows stay.
    Column("merged_into", IdType, ForeignKey("stories.id"), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    # What ranking needs, kept up to date at placement from `story_outlets` (migration 0006):
    # articles that are copies, outlets with writing of their own, the latest original article.
    Column("copy_count", Integer, nullable=False, server_default="0"),
    Column("original_outlet_count", Integer, nullable=False, server_default="0"),
    Column("last_original_at", UTCDateTime, nullable=True),
    Index("ix_stories_last_seen", "last_seen"),
    # Keyset pages of the story list: ORDER BY last_seen DESC, id DESC (migration 0006).
    Index("ix_stories_last_seen_id", "last_seen", "id"),
)

# Each article's place: the story it is in now, the one it was first placed in, and why.
story_articles = Table(
    "story_articles",
    metadata,
    Column("article_id", IdType, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("story_id", IdType, ForeignKey("stories.id"), nullable=False, index=True),
    Column("first_story_id", IdType, ForeignKey("stories.id"), nullable=False),
    Column("placed_at", UTCDateTime, nullable=False),
    Column("move", String(8), nullable=False),
    Column("score", Float, nullable=False),
    Column("reason", Text, nullable=False),
    Column("copy_of", IdType, ForeignKey("articles.id", ondelete="SET NULL"), nullable=True, index=True),
    Column("copy_similarity", Float, nullable=True),
    Column("copy_method", String(8), nullable=True),
    Column("origin_outlet", String(255), nullable=True),
    Column("origin_evidence", String(32), nullable=True),
    # The story clock this placement made (migration 0011; none for placements made before it).
    Column("clock", BigInteger, nullable=True, index=True),
    # ``story_clock.articles_placed`` as this placement made it (migration 0019), which, unlike
    # ``clock``, a re-description leaves alone: a new story's re-check is due so many placements
    # after its first one's (``cluster.settle``).
    Column("placement", BigInteger, nullable=True),
)

story_merges = Table(
    "story_merges",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("survivor_id", IdType, ForeignKey("stories.id"), nullable=False, index=True),
    Column("absorbed_id", IdType, ForeignKey("stories.id"), nullable=False, unique=True),
    Column("article_id", IdType, ForeignKey("articles.id", ondelete="SET NULL"), nullable=True),
    Column("merged_at", UTCDateTime, nullable=False),
    Column("reason", Text, nullable=False),
)

# One row: how many placements the stories have taken (migration 0011). Each process keeps the
# stories' memory beside the store; a count that moved since its memory was read means another
# process placed articles meanwhile, and the memory first takes in those placements (found by
# ``story_articles.clock``) before it places any more.
story_clock = Table(
    "story_clock",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("placements", BigInteger, nullable=False),
    # Articles placed, re-descriptions not counted (migration 0019): what stories' re-checks count.
    Column("articles_placed", BigInteger, nullable=False, server_default="0"),
)

# Each story's coverage by one outlet, kept up to date at placement (migration 0006): the story
# lists read outlet names from here and ranking its outlets' first original articles, instead of
# grouping every article of every story on each page.
story_outlets = Table(
    "story_outlets",
    metadata,
    Column("story_id", IdType, ForeignKey("stories.id"), primary_key=True),
    Column("outlet_id", IdType, ForeignKey("outlets.id"), primary_key=True),
    Column("article_count", Integer, nullable=False),
    Column("copy_count", Integer, nullable=False),
    Column("first_seen", UTCDateTime, nullable=False),
    Column("last_seen", UTCDateTime, nullable=False),
    Column("first_original_at", UTCDateTime, nullable=True),
    Column("last_original_at", UTCDateTime, nullable=True),
    # First and last of the outlet's articles that carry a date (migration 0009): a story's span
    # is made of these when it has any, so a saved page with no date does not stretch it to the
    # day it was added.
    Column("first_dated_at", UTCDateTime, nullable=True),
    Column("last_dated_at", UTCDateTime, nullable=True),
    Index("ix_story_outlets_first_original", "first_original_at", "story_id"),
    # An outlet's stories, its latest first (the outlet page; migration 0007).
    Index("ix_story_outlets_outlet_last_seen", "outlet_id", "last_seen"),
)

# "Earlier coverage": a story that began after weeks of silence, linked to the one before; or a
# story begun by an article that arrived late, weeks older than a story it matches, linked as
# that one's earlier coverage. So a story may have several earlier ones (migration 0024). Of a
# link's two stories, the one with the larger id began with it: the other existed already.
story_links = Table(
    "story_links",
    metadata,
    Column("story_id", IdType, ForeignKey("stories.id"), primary_key=True),
    Column("earlier_story_id", IdType, ForeignKey("stories.id"), primary_key=True, index=True),
    Column("linked_at", UTCDateTime, nullable=False),
    Column("reason", Text, nullable=False),
)

# Copy detection's fingerprint of each article, and its LSH band keys (one row per band), with
# the origin evidence the article carries: the wire service its byline or dateline credits, and
# the page on another site it names as its canonical (``Article.republishes``, migration 0028;
# NULL for articles fingerprinted before, whose ``url`` was that canonical link).
article_fingerprints = Table(
    "article_fingerprints",
    metadata,
    Column("article_id", IdType, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("content_hash", String(64), nullable=False, index=True),
    Column("signature", LargeBinary, nullable=False),
    Column("shingle_count", Integer, nullable=False),
    Column("word_count", Integer, nullable=False),
    Column("wire", String(64), nullable=True),
    Column("republishes", Text, nullable=True),
)

copy_bands = Table(
    "copy_bands",
    metadata,
    Column("band_key", String(24), primary_key=True),
    Column("article_id", IdType, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
)

# Clustering features, so that a restart rebuilds its memory without embedding anything again.
article_features = Table(
    "article_features",
    metadata,
    Column("article_id", IdType, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("model", String(64), nullable=False),
    Column("dense", LargeBinary, nullable=False),
    Column("terms", LargeBinary, nullable=False),
    Column("tf", LargeBinary, nullable=False),
    Column("headline_only", Boolean, nullable=False),
    # A teaser's content_hash when these features were made (migration 0015): one that differs
    # now is a completed teaser whose features were not made again yet. NULL for a full text,
    # which nothing completes: the partial index holds the teasers only.
    Column("text_hash", String(64), nullable=True),
    Index(
        "ix_article_features_teasers",
        "article_id",
        "text_hash",
        sqlite_where=text("text_hash IS NOT NULL"),
        postgresql_where=text("text_hash IS NOT NULL"),
    ),
)


# --------------------------------------------------------------------------------------------
# Understanding (migration 0003_understanding): the entities of each article, and each story's
# cached summary (kept until the story's membership changes).
# --------------------------------------------------------------------------------------------

# Articles whose entities have been read, and by which analyser (an article may name none).
entity_scans = Table(
    "entity_scans",
    metadata,
    Column("article_id", IdType, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("analyser", String(64), nullable=False),
    Column("scanned_at", UTCDateTime, nullable=False),
)

# One row per entity an article names. ``last_word`` is the key's last word for people, so that
# "Putin" finds "vladimir putin" through an index.
article_entities = Table(
    "article_entities",
    metadata,
    Column("article_id", IdType, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("entity_key", String(255), primary_key=True),
    Column("name", String(255), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("mentions", Integer, nullable=False),
    Column("last_word", String(255), nullable=False),
    Index("ix_article_entities_entity_key", "entity_key"),
    Index("ix_article_entities_last_word", "last_word"),
)

# A story's summary, agreement and entities as JSON; ``fingerprint`` hashes its members (and
# their copy links) and the method, so a changed story or a new method is summarised again.
story_summaries = Table(
    "story_summaries",
    metadata,
    # No foreign key to stories: see migration 0003 for why; stories are never deleted.
    Column("story_id", IdType, primary_key=True, autoincrement=False),
    Column("fingerprint", String(64), nullable=False),
    Column("computed_at", UTCDateTime, nullable=False),
    Column("body", Text, nullable=False),
)
