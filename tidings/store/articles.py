"""Articles, outlets and provenance: idempotent ingest and reads, as functions on a connection.

An article is stored once however it is reached. ``find_existing`` decides, in this order:
the same feed entry (feed URL + entry key; of a feed read from a file or standard input, which
one name gives many feeds, also the same outlet), any URL already known (the canonical one first, then
as linked, AMP; each also in its http/https, ``www.``/bare and trailing-slash forms, which are
one page on every news site, and in its other percent-encodings) unless the two are plainly two
articles (two long texts sharing neither headline nor most words: ``_another_article_at``), then
the same words from the same outlet. An entry's teaser is not completed by a page whose
canonical URL is another stored article's: that page is stored already. A canonical URL that is
another article's, plainly another (``_address_owner``: a section front, a story a site moved the
canonical link onto), is no address of the input's: it is known by the addresses it was read
from (also cleaned of tracking), its words, or as an earlier version read from the same input
(``_earlier_version_from_input``), is never given that address, and its outcome names that
article (``canonical_held_by``).
URLs are stored as given: only the lookup widens. Two outlets' identical texts are *not* one
stored article: they are copies, which the dedupe stage links with ``copy_of``. A stored article
without a standfirst takes the one of its own page or feed entry arriving again
(``add_missing_standfirst``), not that of another page of its outlet found by the same words.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from sqlalchemy import Connection, RowMapping, Select, and_, case, delete, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from tidings.model import (
    Added,
    AddOutcome,
    AlreadyHad,
    Article,
    Outlet,
    Provenance,
    StoredArticle,
    content_hash,
)
from tidings.store.schema import (
    article_entities,
    article_features,
    article_sources,
    article_urls,
    articles,
    entity_scans,
    outlets,
    source_items,
)
from tidings.urls import (
    ascii_host,
    canonical_url,
    equivalent_addresses,
    escape_forms,
    is_home_page,
    is_http_url,
    registrable_domain,
)

__all__ = [
    "TEASER_WORDS",
    "ArticleCursor",
    "OutletCount",
    "add_missing_standfirst",
    "complete_teaser",
    "correct_article",
    "count_articles",
    "find_existing",
    "first_sources",
    "forget_entities",
    "get_article",
    "get_articles",
    "held_by_another",
    "insert_article",
    "keep_article",
    "list_articles",
    "list_outlets",
    "outlet_key",
    "outlet_keyed",
    "record_source",
]

# Below this many words a text is too short (a headline, a teaser) for equal words to prove
# that two inputs are one article; then only a URL or feed entry can say so.
MIN_WORDS_FOR_CONTENT_MATCH = 50

MAX_URL_CHARS = 2048
# An address is also a key of PostgreSQL's b-tree index (``article_urls``), whose entries hold at
# most 2,704 bytes, header included: an address within ``MAX_URL_CHARS`` but written in characters
# of 3 or 4 bytes (an unescaped CJK slug) is over it unless it compresses, and PostgreSQL refuses
# the whole write. Such an address is not kept, on either database, as an over-long one is not.
MAX_URL_BYTES = 2600
MAX_ENTRY_KEY_CHARS = 1024

# A text shorter than this is a teaser (a feed's summary): the poller fetches the entry's page for
# it (``jobs.refresh``), and the article's full text, added later by its address, replaces it
# (``complete_teaser``). Wire-style briefs run 120+ words; feed teasers are one or two sentences
# (judgement from the feedparser corpus and common news feeds, 2026-11-23).
TEASER_WORDS = 120

# A feed entry's correction does not replace a stored text by one of fewer than this share of its
# words: a feed that later cuts its entries to a summary, or sends one broken, would otherwise
# erase the article. Corrections add or change words; a paragraph cut is well within it.
MIN_CORRECTED_SHARE = 0.5

_TITLE_WORDS = re.compile(r"\w+")
# What may be a host as a person types it: dotted (in any of the dots UTS-46 reads as one), no
# space, none of an address's other parts.
_HOST_LIKE = re.compile(r"[^\s/\\?#@:]+[.\u3002\uff0e\uff61][^\s/\\?#@:]+")

log = logging.getLogger(__name__)


def outlet_key(outlet: Outlet) -> str:
    return outlet.key[:255]


def outlet_keyed(given: str) -> Select[int]:
    """The id of the outlet a key typed in any case names (one row at most), as a query to run
    or nest. A domain's key is the domain lower-cased, not folded (``Outlet.key``), so
    ``STRASSE.DE`` names strasse.de and ``Straße.de`` (or ``STRAẞE.DE``) names straße.de, two
    sites; a name's key is folded, so ``Die Straße`` also names an outlet without a domain keyed
    "die strasse". An international domain typed in another writing than its key's names the
    outlet of its key too (``_domain_keyed``): ``xn--bcher-kva.de``, as bookmarked before outlets
    were keyed in Unicode (migration 0030), names bücher.de. Where ``given`` could be several,
    the key it is lower-cased wins, then the name, then the other writing."""
    lowered, folded = given.strip().lower(), given.strip().casefold()
    alternatives = [outlets.c.key == lowered]
    if folded != lowered:
        alternatives.append(and_(outlets.c.key == folded, outlets.c.domain.is_(None)))
    written = _domain_keyed(lowered)
    if written is not None:
        alternatives.append(outlets.c.key == written)
    query = select(outlets.c.id)
    if len(alternatives) == 1:
        return query.where(outlets.c.key == lowered)
    return (
        query.where(or_(*alternatives))
        .order_by(case((outlets.c.key == lowered, 0), (outlets.c.key == folded, 1), else_=2))
        .limit(1)
    )


def _domain_keyed(host: str) -> str | None:
    """The key of the outlet of ``host`` (lower-cased) where ``host`` is an international domain
    written otherwise than outlets are keyed: in Punycode (``xn--bcher-kva.de`` is keyed
    "bücher.de", as ``urls.registrable_domain`` writes it) or otherwise mapped by UTS-46
    (``bücher。de``). None for anything else, a name or an ASCII domain among them (the same key
    whatever the writing), and for another domain than ``host``: ``www.xn--bcher-kva.de`` is no
    key, as ``www.reuters.com`` is none."""
    if (host.isascii() and "xn--" not in host) or not _HOST_LIKE.fullmatch(host):
        return None
    written = registrable_domain(host)
    if written is None:
        return None
    key = outlet_key(Outlet(name=written, domain=written))
    return key if key != host and ascii_host(key) == ascii_host(host) else None


def _insert_ignoring_conflict(connection: Connection, table: object, values: dict[str, object]) -> None:
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.execute(postgresql.insert(table).values(**values).on_conflict_do_nothing())  # type: ignore[arg-type]
    else:
        connection.execute(sqlite.insert(table).values(**values).on_conflict_do_nothing())  # type: ignore[arg-type]


def ensure_outlet(connection: Connection, outlet: Outlet) -> int:
    """The id of ``outlet``, creating it on first sight. A real name replaces a bare domain."""
    key = outlet_key(outlet)
    _insert_ignoring_conflict(
        connection, outlets, {"key": key, "name": outlet.name[:255], "domain": outlet.domain}
    )
    row = connection.execute(select(outlets.c.id, outlets.c.name).where(outlets.c.key == key)).one()
    # A name that folds as the key does is a bare domain ("straße.de", keyed as written).
    bare = key.casefold()
    if row.name != outlet.name and row.name.casefold() == bare and outlet.name.casefold() != bare:
        connection.execute(update(outlets).where(outlets.c.id == row.id).values(name=outlet.name[:255]))
    return int(row.id)


def _identity_urls(article: Article) -> list[str | None]:
    """The article's own address, as what it is known by: none where that is a feed entry's media
    (``Article.url_is_media``), which a show may give every episode (one "latest.mp3"), and each
    episode after the first would be found by it as the first and lost. Such an entry is known by
    its feed entry, as it was before its media became its link."""
    return [] if article.url_is_media else [article.url]


def _usable_urls(urls: Iterable[str | None]) -> list[str]:
    """The addresses that may name one article: a site's home page never does (feed entries
    that all link it, a CMS's canonical link), or every article reached by it would be one."""
    return [url for url in _storable_urls(urls) if not _is_site_home(url)]


def _storable_urls(urls: Iterable[str | None]) -> list[str]:
    """``urls`` once each, in order, without the empty and the over-long."""
    return list(dict.fromkeys(url for url in urls if url and _fits(url)))


def _fits(url: str) -> bool:
    """Whether ``url`` can be a key of ``article_urls`` (``MAX_URL_CHARS``, ``MAX_URL_BYTES``)."""
    return len(url) <= MAX_URL_CHARS and len(url.encode("utf-8", "surrogatepass")) <= MAX_URL_BYTES


def _is_site_home(url: str) -> bool:
    try:
        return is_home_page(canonical_url(url))
    except ValueError:
        return False


def _is_local_feed(provenance: Provenance) -> bool:
    """Whether ``provenance`` is an entry of a feed read from a file, standard input, a paste or
    an upload: its locator is a name (``-``, ``feed.json``), not the address of a polled feed."""
    return provenance.kind == "feed" and not is_http_url(provenance.locator)


def _outlet_scoped_key(entry_key: str, outlet: Outlet) -> str:
    """The key an entry of a local feed is filed under when another outlet's entry holds its
    own key under the same name (``_feed_entry_owner``); the outlet first, so that cutting a long
    key to ``MAX_ENTRY_KEY_CHARS`` cannot cut it off."""
    return f"[{outlet_key(outlet)}] {entry_key}"


def _entry_holder(connection: Connection, locator: str, entry_key: str, outlet: Outlet | None) -> int | None:
    query = select(article_sources.c.article_id).where(
        article_sources.c.kind == "feed",
        article_sources.c.locator == locator[:MAX_URL_CHARS],
        article_sources.c.entry_key == entry_key[:MAX_ENTRY_KEY_CHARS],
    )
    if outlet is not None:
        query = (
            query.join(articles, articles.c.id == article_sources.c.article_id)
            .join(outlets, outlets.c.id == articles.c.outlet_id)
            .where(outlets.c.key == outlet_key(outlet))
        )
    found = connection.execute(query).scalar()
    return int(found) if found is not None else None


def _feed_entry_owner(connection: Connection, article: Article, entry_key: str) -> int | None:
    """The stored article that is ``article``'s feed entry: the same key from the same feed.

    A polled feed is one feed by its address. A local one is named only by where it was read
    from, which one name gives many feeds: every feed piped in is ``-``, and a script saves each
    feed it downloads as ``feed.xml``. There, an entry is the stored one only when it is also of
    the same outlet: numbered keys ("1", "2") repeat from feed to feed, and the second feed's
    entry was taken for the first's, never stored (or its text replaced the first's teaser).
    An entry whose key another outlet's holds is filed under its outlet's key (``record_source``).
    """
    locator = article.provenance.locator
    if not _is_local_feed(article.provenance):
        return _entry_holder(connection, locator, entry_key, None)
    found = _entry_holder(connection, locator, entry_key, article.outlet)
    if found is not None:
        return found
    return _entry_holder(connection, locator, _outlet_scoped_key(entry_key, article.outlet), None)


def find_existing(connection: Connection, article: Article, urls: Sequence[str | None]) -> AlreadyHad | None:
    """The stored article this one already is, if any (see the module docstring for the order)."""
    return _recognised(connection, article, urls).existing


@dataclass(frozen=True, slots=True)
class _Recognition:
    """What ``find_existing`` found: the stored article the input already is (``existing``), and
    the stored article whose address its canonical link names though it is plainly another
    (``misnamed``, ``_address_owner``): that address is not the input's own."""

    existing: AlreadyHad | None
    misnamed: int | None = None


def _recognised(connection: Connection, article: Article, urls: Sequence[str | None]) -> _Recognition:
    provenance = article.provenance
    if provenance.kind == "feed" and provenance.entry_key:
        found = _feed_entry_owner(connection, article, provenance.entry_key)
        if found is not None:
            return _Recognition(AlreadyHad(found, via="feed_entry"))
    by_address = _address_owner(connection, article, urls)
    misnamed = by_address.misnamed
    if by_address.owner is not None:
        return _Recognition(AlreadyHad(by_address.owner, via="url", canonical_held_by=misnamed), misnamed)
    found = _same_words_stored(connection, article, urls)
    if found is not None:
        return _Recognition(AlreadyHad(found, via="content_hash", canonical_held_by=misnamed), misnamed)
    earlier = _earlier_version_from_input(connection, article) if misnamed is not None else None
    if earlier is not None:
        return _Recognition(AlreadyHad(earlier, via="input", canonical_held_by=misnamed), misnamed)
    return _Recognition(None, misnamed)


def _same_words_stored(connection: Connection, article: Article, urls: Sequence[str | None]) -> int | None:
    """The stored article of the same outlet with ``article``'s words exactly, where words can
    tell: a long text, or a short one read again from the same input that names no address."""
    provenance = article.provenance
    known_urls = _usable_urls([*_identity_urls(article), *urls])
    long_enough = len(article.text.split()) >= MIN_WORDS_FOR_CONTENT_MATCH
    query = (
        select(articles.c.id)
        .join(outlets, outlets.c.id == articles.c.outlet_id)
        .where(articles.c.content_hash == article.content_hash, outlets.c.key == outlet_key(article.outlet))
        .limit(1)
    )
    if not long_enough:
        if known_urls:
            return None
        # A short text proves sameness only when nothing else can: the same file read again,
        # with no address of its own to tell two headlines apart.
        query = query.join(article_sources, article_sources.c.article_id == articles.c.id).where(
            article_sources.c.kind == provenance.kind,
            article_sources.c.locator == provenance.locator[:MAX_URL_CHARS],
        )
    found = connection.execute(query).scalar()
    return int(found) if found is not None else None


# How many of the articles last read from one input a page whose canonical link names another
# article is compared with (``_earlier_version_from_input``): a file saved again at one path, a
# page pasted again under one name, is one of the last few read from it.
MAX_INPUT_VERSIONS = 20


def _earlier_version_from_input(connection: Connection, article: Article) -> int | None:
    """The stored article ``article`` is a version of, read from the same input before (a page
    saved again at one path, pasted again under one name), of the same outlet and mostly its
    words (``_one_page_version``, the rule a page added again at its address is updated by).

    Asked only of a page whose canonical link names another article (``_address_owner``): the
    site moved its canonical link, or writes a section front or another story into it. Such a
    page names no address of its own, so an edited text was found by nothing and stored again
    beside the article it is, under the other article's address."""
    provenance = article.provenance
    candidates = connection.execute(
        select(article_sources.c.article_id)
        .join(articles, articles.c.id == article_sources.c.article_id)
        .join(outlets, outlets.c.id == articles.c.outlet_id)
        .where(
            article_sources.c.kind == provenance.kind,
            article_sources.c.locator == provenance.locator[:MAX_URL_CHARS],
            outlets.c.key == outlet_key(article.outlet),
        )
        .order_by(article_sources.c.id.desc())
        .limit(MAX_INPUT_VERSIONS)
    ).scalars()
    for article_id in dict.fromkeys(int(found) for found in candidates):
        stored = _stored_words(connection, article_id)
        if stored is not None and _one_page_version(stored, article):
            return article_id
    return None


def _stored_under(connection: Connection, urls: Sequence[str | None]) -> int | None:
    """The article stored under any of ``urls`` in any of their equivalent forms, if any."""
    known_urls = _usable_urls(urls)
    if not known_urls:
        return None
    # The addresses as written win, then their other forms in ``equivalent_addresses``' order
    # (scheme and ``www.``, then the trailing slash): two articles may each hold one form (``www.``
    # and bare), and which row an IN with LIMIT 1 returns would be the database's choice. IN over
    # the few forms keeps each a primary-key lookup on either database.
    # (Another form of an address that is no home page is none either: not checked again.)
    # Each also in its other percent-encodings (``escape_forms``): ``café`` is ``caf%C3%A9``.
    written = [*known_urls, *(form for url in known_urls for form in escape_forms(url))]
    forms = _storable_urls([*written, *(form for url in written for form in equivalent_addresses(url))])
    owners: dict[str, int] = dict(
        connection.execute(
            select(article_urls.c.url, article_urls.c.article_id).where(article_urls.c.url.in_(forms))
        ).all()
    )
    return next((owners[form] for form in forms if form in owners), None)


@dataclass(frozen=True, slots=True)
class _AddressOwner:
    """The stored article an input is by its addresses (``owner``), and the one its canonical
    link names though it is plainly another article (``misnamed``), if any."""

    owner: int | None
    misnamed: int | None = None


def _address_owner(connection: Connection, article: Article, urls: Sequence[str | None]) -> _AddressOwner:
    """The stored article ``article`` is by its addresses. Its own canonical address is asked
    first: a page fetched from a feed's link (stored with that link's teaser) whose canonical
    address is another stored article's is that article, and the teaser must not take its text.

    Unless that article is plainly another (``_another_article_at``): some CMSs write a section's
    front into every canonical link, and a site may move a page's canonical link onto another
    story (``_misnamed``). The address is then not this page's (``misnamed``): it is known by the
    addresses it was read from, as written or cleaned of tracking (``_read_from_forms``), where
    they are not another article's too, and is never that other article, whose text it updated
    or completed where the two were too short to tell apart by their words."""
    declared = _stored_under(connection, _identity_urls(article))
    read_from = _stored_under(connection, _read_from_forms(urls))
    if declared is not None and not _misnamed(connection, declared, read_from, article):
        return _AddressOwner(declared)
    if read_from is None or read_from == declared or _another_article_at(connection, read_from, article):
        return _AddressOwner(None, declared)
    return _AddressOwner(read_from, declared)


def _misnamed(connection: Connection, declared: int, read_from: int | None, article: Article) -> bool:
    """Whether the stored article ``declared``, whose address ``article``'s canonical link names,
    is another article than ``article``: plainly (``_another_article_at``), or, where the address
    it was read from holds another stored article (``read_from``), that one reads as ``article``
    by its headline or words (``_one_article``) and ``declared`` does not: a short text (a
    headline, a brief) is too short to be told apart by its words alone, but a page's two
    addresses naming two stored articles are told apart by which of the two it reads as."""
    if _another_article_at(connection, declared, article):
        return True
    if read_from is None or read_from == declared:
        return False
    return not _reads_as(connection, declared, article) and _reads_as(connection, read_from, article)


def _reads_as(connection: Connection, article_id: int, article: Article) -> bool:
    """Whether ``article`` reads as the stored article ``article_id`` (``_one_article``)."""
    stored = connection.execute(
        select(articles.c.title, articles.c.text).where(articles.c.id == article_id)
    ).one_or_none()
    return stored is not None and _one_article(stored.title, stored.text, article.title, article.text)


def _read_from_forms(urls: Sequence[str | None]) -> list[str | None]:
    """The addresses an input was read from as written, then cleaned as its own address would be
    (``canonical_url``: tracking parameters, AMP forms, an archive's capture): a page opened from
    a newsletter's ``?utm_source=`` link is the page stored at its clean address, which its
    canonical link named before it named another article."""
    cleaned = [canonical_url(url) for url in urls if url and is_http_url(url)]
    return [*urls, *cleaned]


def _own_address(
    connection: Connection, article: Article, misnamed: int | None, urls: Sequence[str | None]
) -> Article:
    """``article`` with the address it is kept by: where its canonical link names another stored
    article (``misnamed``), not that address but the one it was read from (cleaned, as extraction
    takes it where a page declares none) where no other article holds it, else none: a second
    article at one address would be shown linking a page that is not it, and found by it as the
    other."""
    if misnamed is None:
        return article
    read_from = _usable_urls(canonical_url(url) for url in urls if url and is_http_url(url))
    own = next((url for url in read_from if _stored_under(connection, [url]) is None), None)
    return replace(article, url=own)


def _another_article_at(connection: Connection, owner: int, article: Article) -> bool:
    """Whether ``article``, found by an address the stored article ``owner`` holds, is plainly
    another article: both long texts (``MIN_WORDS_FOR_CONTENT_MATCH``), neither their headlines nor
    most of their words alike (``_one_article``). Some CMSs write a section's front (``/news/``)
    into every article's canonical link, which no path tells from an article's own address
    (``extract.pages._resolved_canonical``): taken alone, it would make every later article of the
    section "already stored" and lose it. An update of the article (a new headline, paragraphs
    added) keeps most of its words and stays the article at its address; a teaser or headline is
    too short to tell, and stays found by its address (a live page every entry of a feed links)."""
    if _word_count(article.text) < MIN_WORDS_FOR_CONTENT_MATCH:
        return False
    stored = connection.execute(select(articles.c.title, articles.c.text).where(articles.c.id == owner)).one()
    if _word_count(stored.text) < MIN_WORDS_FOR_CONTENT_MATCH:
        return False
    return not _one_article(stored.title, stored.text, article.title, article.text)


def held_by_another(connection: Connection, article_id: int, urls: Sequence[str | None]) -> int | None:
    """The stored article other than ``article_id`` that any of ``urls`` names (each asked on its
    own, in its equivalent forms), if any: a page fetched again for an entry's correction that
    redirects to another stored article, or names it as its canonical address, is that article,
    and its text is not this one's correction (``polls._correct_item``)."""
    for url in _usable_urls(urls):
        owner = _stored_under(connection, [url])
        if owner is not None and owner != article_id:
            return owner
    return None


def _word_count(text: str) -> int:
    return len(text.split())


def _same_headline(stored: str, other: str) -> bool:
    """Whether two titles are one article's (a feed's and its page's, which may add the outlet's
    name): most words of the shorter are in the longer."""
    words = [set(_TITLE_WORDS.findall(title.casefold())) for title in (stored, other)]
    shorter, longer = sorted(words, key=len)
    return not shorter or 2 * len(shorter & longer) >= len(shorter)


def complete_teaser(
    connection: Connection, article_id: int, article: Article, *, via: Literal["url", "feed_entry"]
) -> bool:
    """Replace the stored text of ``article_id`` with ``article``'s when the stored one is a teaser
    and ``article`` the full text (the page a feed entry links to, added later); whether it did.

    Only for an article recognised by its address or feed entry, never by its words. By address
    only when the titles agree too: a feed may link every entry to one page (a live page, its
    front page), and another entry's text is not this one's. What the page says that the teaser
    lacked (byline, date, language) is taken too; what was stored stays where the page says nothing.
    """
    stored = connection.execute(
        select(
            articles.c.text,
            articles.c.title,
            articles.c.byline,
            articles.c.standfirst,
            articles.c.published_at,
            articles.c.fetched_at,
            articles.c.language,
        ).where(articles.c.id == article_id)
    ).one()
    stored_words = _word_count(stored.text)
    new_words = _word_count(article.text)
    if stored_words >= TEASER_WORDS or new_words < max(MIN_WORDS_FOR_CONTENT_MATCH, 2 * stored_words):
        return False
    if via == "url" and not _same_headline(stored.title, article.title):
        return False
    published_at = stored.published_at or article.published_at
    title = stored.title or article.title
    connection.execute(
        update(articles)
        .where(articles.c.id == article_id)
        .values(
            title=title,
            byline=stored.byline or article.byline,
            standfirst=article.standfirst or stored.standfirst,
            published_at=published_at,
            sort_at=published_at or stored.fetched_at,
            language=article.language or stored.language,
            text=article.text,
            html=article.html,
            content_hash=replace(article, title=title).content_hash,
        )
    )
    return True


def add_missing_standfirst(connection: Connection, article_id: int, article: Article) -> bool:
    """Give the stored article ``article_id`` the standfirst of ``article``, the same article
    arriving again, where it has none (stored before standfirsts were kept: migration 0034); whether
    it did. Nothing else of the stored article changes: its text, title and date are what its
    own way in made them (``complete_teaser``, ``correct_article``), and a standfirst is no word of
    the text, so nothing made from those goes stale.

    The caller gives it only the article's own page or entry (``keep_article``, ``polls``): not
    another page found by the same words (``_is_its_own_page``). Not the standfirst of another
    story under the same address or feed entry key (``_one_article``:
    a live page every entry of a feed links, a key a feed gave to a later story), nor one whose
    words the stored text holds: a text extracted before the dek was kept apart may open with it,
    and shown under the headline as well it would be read twice."""
    if not article.standfirst:
        return False
    stored = connection.execute(
        select(articles.c.title, articles.c.text, articles.c.standfirst).where(articles.c.id == article_id)
    ).one_or_none()
    if stored is None or stored.standfirst is not None:
        return False
    if not _one_article(stored.title, stored.text, article.title, article.text):
        return False
    if _holds_words(stored.text, article.standfirst):
        return False
    # Only while it has none: another process that gave it one meanwhile keeps its own.
    added = connection.execute(
        update(articles)
        .where(articles.c.id == article_id, articles.c.standfirst.is_(None))
        .values(standfirst=article.standfirst)
    )
    return added.rowcount == 1


def _holds_words(text: str, words: str) -> bool:
    """Whether ``text`` holds ``words`` in a row, whatever their case, punctuation and spacing."""
    wanted = " ".join(_TITLE_WORDS.findall(words.casefold()))
    return bool(wanted) and f" {wanted} " in f" {' '.join(_TITLE_WORDS.findall(text.casefold()))} "


def first_sources(connection: Connection, article_ids: Sequence[int]) -> dict[int, tuple[str, str, str]]:
    """Each article's first source, as (kind, locator, entry key): the way it was stored, whose
    text it holds unless a page completed it (``complete_teaser``)."""
    firsts: dict[int, tuple[str, str, str]] = {}
    wanted = list(dict.fromkeys(article_ids))
    for start in range(0, len(wanted), 500):
        for article_id, kind, locator, entry_key in connection.execute(
            select(
                article_sources.c.article_id,
                article_sources.c.kind,
                article_sources.c.locator,
                article_sources.c.entry_key,
            )
            .where(article_sources.c.article_id.in_(wanted[start : start + 500]))
            .order_by(article_sources.c.id)
        ):
            firsts.setdefault(int(article_id), (kind, locator, entry_key))
    return firsts


def _word_pairs(text: str) -> set[tuple[str, str]]:
    words = _TITLE_WORDS.findall(text.casefold())
    return set(itertools.pairwise(words))


def _one_article(stored_title: str, stored_text: str, title: str, text: str) -> bool:
    """Whether an entry's new words are still the article stored from it (a correction), not
    another story a feed put under the key it used before: the titles agree
    (``_same_headline``), or the texts share half the word pairs of the shorter."""
    return _same_headline(stored_title, title) or _same_words(stored_text, text)


def _same_words(stored: str, new: str) -> bool:
    """Whether two texts share half the word pairs of the shorter: one text, edited."""
    old, new_pairs = _word_pairs(stored), _word_pairs(new)
    return bool(old and new_pairs) and 2 * len(old & new_pairs) >= min(len(old), len(new_pairs))


def _one_page_version(stored: _StoredWords, article: Article) -> bool:
    """Whether a page added again at a stored article's address is a version of that article
    (``update_page``). Where both texts are long enough to tell (``MIN_WORDS_FOR_CONTENT_MATCH``),
    by their words (``_same_words``), or by the headline only where the page keeps the stored
    publication date (a live page, its posts rolling on): a site may fill one address anew under
    one headline each day (a "Morning briefing"), and the headline alone made the next day's text
    the first day's correction, losing it. Shorter texts are told as an entry's correction is
    (``_one_article``)."""
    if min(_word_count(stored.text), _word_count(article.text)) < MIN_WORDS_FOR_CONTENT_MATCH:
        return _one_article(stored.title, stored.text, article.title, article.text)
    if _same_words(stored.text, article.text):
        return True
    same_date = stored.published_at is not None and stored.published_at == article.published_at
    return same_date and _same_headline(stored.title, article.title)


def _may_replace_text(stored: str, new: str) -> bool:
    """Whether a correction's text may take the place of the stored one: not an empty one, nor a
    teaser in place of a full text (the entry's own teaser, where the stored text is its page's;
    a feed that cuts its entries to a summary later), nor one much shorter
    (``MIN_CORRECTED_SHARE``)."""
    stored_words, new_words = _word_count(stored), _word_count(new)
    if new_words == 0 or (stored_words >= TEASER_WORDS and new_words < TEASER_WORDS):
        return False
    return new_words >= MIN_CORRECTED_SHARE * stored_words


def correct_article(
    connection: Connection,
    article_id: int,
    article: Article,
    also_urls: Sequence[str | None],
    *,
    with_text: bool,
    keep_title: bool = False,
) -> bool:
    """Apply a feed entry's correction to the article stored from it; whether its words changed.

    Only the entry that supplied the article changes it (its first source is that entry): an
    entry found to be an article stored another way (another feed linking the page, the page
    added by hand) does not. Only a correction of the same article (``_one_article``): a feed
    that gives a key it used before to another story leaves the stored one as it is. The title
    is the entry's (an empty one keeps the stored title), or the stored one with ``keep_title``
    (a correction's page had on a later poll: ``article``'s title, the one the page was wanted
    with, still tells whether it is the same article, but may be older than the stored one). The
    text and its HTML are the entry's with ``with_text``, or while the stored text is still a
    teaser (a teaser whose page has not come: its own words are corrected), unless they may not
    replace the stored ones
    (``_may_replace_text``: a full text, from the entry or from its page, is never cut back to a
    teaser); the byline goes with the text. The date and the language stay the stored ones where
    there are any: a correction is no new publication, and the article keeps its place in lists
    and stories.

    The article's entities are read again; its story features, made from the old words, are
    marked stale in the same transaction (``article_features.text_hash``), so that a process
    stopped before the stories step describes it again leaves it to the next
    (``StoryDesk.describe_stale``), as for a completed teaser.
    """
    provenance = article.provenance
    origin = ("feed", provenance.locator[:MAX_URL_CHARS], (provenance.entry_key or "")[:MAX_ENTRY_KEY_CHARS])
    if provenance.kind != "feed" or first_sources(connection, [article_id]).get(article_id) != origin:
        return False
    stored = _stored_words(connection, article_id)
    if stored is None:
        return False
    title = " ".join(article.title.split()) or stored.title
    if not _one_article(stored.title, stored.text, title, article.text):
        log.info(
            "article %s: its feed entry %s now says another story; the article is kept as it was",
            article_id,
            provenance.entry_key,
        )
        return False
    if keep_title:
        title = stored.title
    still_teaser = _word_count(stored.text) < TEASER_WORDS
    take_text = (with_text or still_teaser) and _may_replace_text(stored.text, article.text)
    text, html = (article.text, article.html) if take_text else (stored.text, stored.html)
    words = content_hash(f"{title}\n{text}")
    # The standfirst goes with the text, as the byline does: an entry whose text is taken and that
    # has no dek any more (its summary now an excerpt) leaves none.
    standfirst = article.standfirst if take_text else (stored.standfirst or article.standfirst)
    if words == stored.content_hash:
        if standfirst != stored.standfirst:
            # A new dek alone corrects no word of the article: nothing made from them goes stale.
            dek_only = update(articles).where(articles.c.id == article_id).values(standfirst=standfirst)
            connection.execute(dek_only)
        return False
    _take_new_words(
        connection,
        article_id,
        stored,
        article,
        title=title,
        text=text,
        html=html,
        byline=(article.byline or stored.byline) if take_text else (stored.byline or article.byline),
        standfirst=standfirst,
    )
    if take_text and _word_count(text) >= TEASER_WORDS:
        _want_no_page(connection, article_id)
    # A new address of the entry (a corrected slug) is filed under it, unless another article has it.
    for url in _usable_urls([*_identity_urls(article), *also_urls]):
        if _stored_under(connection, [url]) is None:
            record_urls(connection, article_id, [url])
    return True


@dataclass(frozen=True, slots=True)
class _StoredWords:
    """What a correction of a stored article may change, and what it keeps."""

    title: str
    text: str
    html: str
    byline: str | None
    standfirst: str | None
    published_at: datetime | None
    fetched_at: datetime
    language: str | None
    content_hash: str


def _stored_words(connection: Connection, article_id: int) -> _StoredWords | None:
    row = (
        connection.execute(
            select(
                articles.c.title,
                articles.c.text,
                articles.c.html,
                articles.c.byline,
                articles.c.standfirst,
                articles.c.published_at,
                articles.c.fetched_at,
                articles.c.language,
                articles.c.content_hash,
            ).where(articles.c.id == article_id)
        )
        .mappings()
        .one_or_none()
    )
    return _StoredWords(**row) if row is not None else None


def _take_new_words(
    connection: Connection,
    article_id: int,
    stored: _StoredWords,
    article: Article,
    *,
    title: str,
    text: str,
    html: str,
    byline: str | None,
    standfirst: str | None,
) -> None:
    """Write a stored article's new words (``stored`` is its row before) and mark what was made
    from the old ones: the search index follows the row; its story features go stale and its
    entities are read again. The date and the language stay the stored ones where there are any:
    a correction is no new publication, and the article keeps its place in lists and stories."""
    published_at = stored.published_at or article.published_at
    connection.execute(
        update(articles)
        .where(articles.c.id == article_id)
        .values(
            title=title,
            text=text,
            html=html,
            byline=byline,
            standfirst=standfirst,
            published_at=published_at,
            sort_at=published_at or stored.fetched_at,
            language=stored.language or article.language,
            content_hash=content_hash(f"{title}\n{text}"),
        )
    )
    # Features made from a full text keep no hash (``stories.watched_text_hash``): given the old
    # words' hash, they read as stale until they are made again from the new words.
    connection.execute(
        update(article_features)
        .where(article_features.c.article_id == article_id, article_features.c.text_hash.is_(None))
        .values(text_hash=stored.content_hash)
    )
    forget_entities(connection, article_id)


PageUpdate = Literal["updated", "unchanged", "not_taken"]


def update_page(connection: Connection, article_id: int, article: Article) -> PageUpdate:
    """Give the article stored at a page's address the words of that page added again by hand
    (``tidings add``, the Add form: a corrected page saved again): "updated" where it took them,
    "unchanged" where they are its own, "not_taken" where they are other words it may not take.

    Only the same article's (``_one_page_version``: half its word pairs, or its headline where
    its date stays or its text is short), and never a teaser or a much shorter text in
    place of a full one (``_may_replace_text``). Its title, text, byline and standfirst are the
    page's; as for a correction (``_take_new_words``), the date and language stay, search finds
    the new words, and its story features and entities are made again."""
    stored = _stored_words(connection, article_id)
    if stored is None or article.content_hash == stored.content_hash:
        return "unchanged"
    if not _one_page_version(stored, article) or not _may_replace_text(stored.text, article.text):
        return "not_taken"
    _take_new_words(
        connection,
        article_id,
        stored,
        article,
        title=article.title,
        text=article.text,
        html=article.html,
        byline=article.byline or stored.byline,
        standfirst=article.standfirst,
    )
    if _word_count(article.text) >= TEASER_WORDS:
        _want_no_page(connection, article_id)
    return "updated"


def keep_article(
    connection: Connection, article: Article, also_urls: Sequence[str | None], *, update_pages: bool = False
) -> AddOutcome:
    """Store ``article`` unless it is stored already (``find_existing``); a stored teaser of it is
    completed by its full text (``complete_teaser``), and a stored article without a standfirst
    takes its standfirst (``add_missing_standfirst``). Every way in (a file, a pasted page, a poll)
    keeps articles by this one rule. With ``update_pages`` (what a person adds by hand), a page
    found at a stored article's address, or read again from its input (``_earlier_version_from_input``),
    with other words updates that article (``update_page``): a poll's pages do not, as only the
    entry that supplied an article corrects it (``correct_article``). A canonical link naming
    another stored article, plainly another, gives the article neither that address nor that
    article's text; the outcome names it (``canonical_held_by``)."""
    recognition = _recognised(connection, article, also_urls)
    existing = recognition.existing
    if existing is None:
        added = insert_article(
            connection, _own_address(connection, article, recognition.misnamed, also_urls), also_urls
        )
        return replace(added, canonical_held_by=recognition.misnamed)
    # Asked before the page's addresses are filed under the teaser: filed first, a form of the
    # other article's address (bare host for its ``www.``) would lead back to the teaser.
    by_address = _address_owner(connection, article, also_urls) if existing.via == "feed_entry" else None
    misnamed = by_address.misnamed if by_address is not None else recognition.misnamed
    if misnamed is not None:
        existing = replace(existing, canonical_held_by=misnamed)
    # The stored article keeps its own address: a misnamed canonical link is filed under no one.
    article = _own_address(connection, article, misnamed, also_urls) if misnamed is not None else article
    record_source(connection, existing.article_id, article)
    _name_its_outlet(connection, existing.article_id, article.outlet)
    owner = by_address.owner if by_address is not None else None
    if owner is not None and owner != existing.article_id:
        # The entry's page is an article stored by another way (`tidings add`, another feed's
        # entry) while the entry waited for it: its text is that article's, not a second copy,
        # and so are the page's addresses.
        record_urls(connection, owner, [*_identity_urls(article), *also_urls])
        return existing
    record_urls(connection, existing.article_id, [*_identity_urls(article), *also_urls])
    way_in = _address_or_entry(existing)
    if way_in is not None and complete_teaser(connection, existing.article_id, article, via=way_in):
        # Its entities were read from the teaser: the entity reader reads it again.
        forget_entities(connection, existing.article_id)
        _want_no_page(connection, existing.article_id)
        return replace(existing, completed=True)
    if update_pages and existing.via in ("url", "input") and article.provenance.kind != "feed":
        verdict = update_page(connection, existing.article_id, article)
        if verdict == "updated":
            return replace(existing, updated=True)
        if verdict == "not_taken":
            existing = replace(existing, other_text_not_taken=True)
    if _is_its_own_page(existing, article, also_urls) and add_missing_standfirst(
        connection, existing.article_id, article
    ):
        return replace(existing, standfirst_added=True)
    return existing


def _address_or_entry(existing: AlreadyHad) -> Literal["url", "feed_entry"] | None:
    """How ``existing`` was found where it was by its address or feed entry, the ways by which a
    teaser is completed; None where it was found by its words (exactly, or as an earlier version
    read from its input), which never make a teaser take a text."""
    match existing.via:
        case "url" | "feed_entry":
            return existing.via
        case _:
            return None


def _name_its_outlet(connection: Connection, article_id: int, outlet: Outlet) -> None:
    """A stored article's outlet still named by its domain takes the name the article brings
    again under the same key (``ensure_outlet``): migration 0025 names the outlets it splits off a
    shared domain so, and a fixed set of articles (the sample) would never bring a new one."""
    stored = connection.execute(
        select(outlets.c.key, outlets.c.name)
        .join(articles, articles.c.outlet_id == outlets.c.id)
        .where(articles.c.id == article_id)
    ).first()
    if (
        stored is not None
        and stored.key == outlet_key(outlet)
        and stored.name.casefold() == stored.key.casefold()
    ):
        ensure_outlet(connection, outlet)


def _is_its_own_page(existing: AlreadyHad, article: Article, also_urls: Sequence[str | None]) -> bool:
    """Whether ``article`` is the stored article's own page or entry, whose dek is that article's:
    found by its address or its feed entry, or by its words (``find_existing``: the same words
    from the same outlet) only where it names no address of its own (a saved page read again).

    Words alone do not make the page the same: one outlet's key may print one wire story at two
    addresses, each with its own dek (a portal's copies from two partners, yahoo.com's AP and AFP
    pages; a story run in two sections). An address it names is no stored article's, or it would
    have been found by it, so it is another page than the one stored, and its dek another
    page's. Another outlet's copy is never found by its words at all: it is a copy of its own
    (``copy_of``)."""
    return existing.via != "content_hash" or not _usable_urls([*_identity_urls(article), *also_urls])


def _want_no_page(connection: Connection, article_id: int) -> None:
    """The feed entries kept as this teaser stop wanting their page: its full text is here (by
    another feed, by hand), and a later poll would fetch the page only to find nothing to do."""
    connection.execute(
        update(source_items)
        .where(source_items.c.article_id == article_id, source_items.c.page_due_at.is_not(None))
        .values(page_due_at=None)
    )


def forget_entities(connection: Connection, article_id: int) -> None:
    """Forget what was read of the article (its text changed): it is pending again."""
    connection.execute(delete(article_entities).where(article_entities.c.article_id == article_id))
    connection.execute(delete(entity_scans).where(entity_scans.c.article_id == article_id))


def record_source(connection: Connection, article_id: int, article: Article) -> None:
    """Note that ``article``, stored as ``article_id``, came from its provenance.

    A file or standard input has no entry keys, and one row per (kind, locator, entry key) would
    keep only the first article ever read from ``-`` or from a file since edited: each is keyed
    by its words instead, so that a short text read again from either is found as the same
    (``find_existing``). An entry of a local feed whose key an article of another outlet holds
    under the same name is filed under a key that names its outlet (``_feed_entry_owner``): left
    out, it was found by that name again by nothing."""
    provenance = article.provenance
    entry_key = provenance.entry_key or ("" if provenance.kind == "feed" else f"text:{article.content_hash}")
    if provenance.entry_key and _is_local_feed(provenance):
        holder = _entry_holder(connection, provenance.locator, provenance.entry_key, None)
        if holder is not None and holder != article_id:
            entry_key = _outlet_scoped_key(provenance.entry_key, article.outlet)
    _insert_ignoring_conflict(
        connection,
        article_sources,
        {
            "article_id": article_id,
            "kind": provenance.kind,
            "locator": provenance.locator[:MAX_URL_CHARS],
            "entry_key": entry_key[:MAX_ENTRY_KEY_CHARS],
            "seen_at": article.fetched_at,
        },
    )


def record_urls(connection: Connection, article_id: int, urls: Iterable[str | None]) -> None:
    """File ``article_id`` under each of ``urls`` as written and in its other percent-encodings
    (``escape_forms``): written ``caf%c3%a9`` or ``%7Eed``, the address is then found by any other
    writing of it, whose own forms looked up (``_stored_under``) hold ``café`` or ``~ed``."""
    written = _usable_urls(urls)
    for url in _usable_urls([*written, *(form for each in written for form in escape_forms(each))]):
        _insert_ignoring_conflict(connection, article_urls, {"url": url, "article_id": article_id})


def insert_article(connection: Connection, article: Article, urls: Sequence[str | None]) -> Added:
    outlet_id = ensure_outlet(connection, article.outlet)
    article_id = connection.execute(
        insert(articles)
        .values(
            outlet_id=outlet_id,
            url=article.url,
            title=article.title,
            byline=article.byline,
            standfirst=article.standfirst,
            published_at=article.published_at,
            fetched_at=article.fetched_at,
            sort_at=article.published_at or article.fetched_at,
            language=article.language,
            text=article.text,
            html=article.html,
            content_hash=article.content_hash,
        )
        .returning(articles.c.id)
    ).scalar_one()
    record_urls(connection, article_id, [*_identity_urls(article), *urls])
    record_source(connection, article_id, article)
    return Added(int(article_id))


_ARTICLE_COLUMNS = (
    articles.c.id,
    articles.c.url,
    articles.c.title,
    articles.c.byline,
    articles.c.standfirst,
    articles.c.published_at,
    articles.c.fetched_at,
    articles.c.language,
    articles.c.text,
    articles.c.html,
    outlets.c.name.label("outlet_name"),
    outlets.c.domain.label("outlet_domain"),
)


@dataclass(frozen=True, slots=True)
class _SourceRow:
    kind: str
    locator: str
    entry_key: str


def _stored(mapping: RowMapping, source: _SourceRow | None) -> StoredArticle:
    # Only a feed's entries have keys; another source's row is keyed by its text (``record_source``).
    entry_key = source.entry_key or None if source is not None and source.kind == "feed" else None
    provenance = (
        Provenance(kind=source.kind, locator=source.locator, entry_key=entry_key)  # type: ignore[arg-type]
        if source is not None
        else Provenance(kind="file", locator="")
    )
    article = Article(
        title=mapping["title"],
        text=mapping["text"],
        html=mapping["html"],
        outlet=Outlet(name=mapping["outlet_name"], domain=mapping["outlet_domain"]),
        provenance=provenance,
        fetched_at=mapping["fetched_at"],
        byline=mapping["byline"],
        standfirst=mapping["standfirst"],
        published_at=mapping["published_at"],
        url=mapping["url"],
        language=mapping["language"],
    )
    return StoredArticle(article_id=int(mapping["id"]), article=article)


def get_articles(connection: Connection, article_ids: Sequence[int]) -> list[StoredArticle]:
    """The articles with these ids, in the order asked; unknown ids are left out."""
    if not article_ids:
        return []
    rows = connection.execute(
        select(*_ARTICLE_COLUMNS)
        .join(outlets, outlets.c.id == articles.c.outlet_id)
        .where(articles.c.id.in_(list(article_ids)))
    ).mappings()
    sources = {
        article_id: _SourceRow(*first) for article_id, first in first_sources(connection, article_ids).items()
    }
    by_id = {int(row["id"]): _stored(row, sources.get(int(row["id"]))) for row in rows}
    return [by_id[article_id] for article_id in article_ids if article_id in by_id]


def get_article(connection: Connection, article_id: int) -> StoredArticle | None:
    found = get_articles(connection, [article_id])
    return found[0] if found else None


@dataclass(frozen=True, slots=True)
class ArticleCursor:
    """Keyset position in the newest-first article list: the last (sort_at, id) seen."""

    sort_at: datetime
    article_id: int


def list_articles(
    connection: Connection, *, limit: int, after: ArticleCursor | None = None, outlet: str | None = None
) -> list[StoredArticle]:
    """Newest first, ``limit`` at most, continuing after ``after``; ``outlet`` filters by outlet key."""
    query = select(articles.c.id).order_by(articles.c.sort_at.desc(), articles.c.id.desc()).limit(limit)
    if after is not None:
        query = query.where(
            or_(
                articles.c.sort_at < after.sort_at,
                and_(articles.c.sort_at == after.sort_at, articles.c.id < after.article_id),
            )
        )
    if outlet is not None:
        query = query.where(articles.c.outlet_id == outlet_keyed(outlet).scalar_subquery())
    ids = [int(article_id) for article_id in connection.execute(query).scalars()]
    return get_articles(connection, ids)


def count_articles(connection: Connection) -> int:
    return int(connection.execute(select(func.count()).select_from(articles)).scalar_one())


@dataclass(frozen=True, slots=True)
class OutletCount:
    key: str
    name: str
    domain: str | None
    article_count: int
    latest_at: datetime | None


def list_outlets(connection: Connection) -> list[OutletCount]:
    """Every outlet with its number of articles, most articles first."""
    count = func.count(articles.c.id)
    rows = connection.execute(
        select(
            outlets.c.key, outlets.c.name, outlets.c.domain, count.label("n"), func.max(articles.c.sort_at)
        )
        .outerjoin(articles, articles.c.outlet_id == outlets.c.id)
        .group_by(outlets.c.id, outlets.c.key, outlets.c.name, outlets.c.domain)
        .order_by(count.desc(), outlets.c.name)
    ).all()
    return [
        OutletCount(
            key=row[0],
            name=row[1],
            domain=row[2],
            article_count=int(row[3]),
            latest_at=row[4],
        )
        for row in rows
    ]
