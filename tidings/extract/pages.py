"""HTML pages → Article: ``main_content.py`` finds the body over a Lexbor (selectolax) tree,
``chrome.py`` removes what it leaves, and ``metadata.py`` reads title, byline, date, outlet,
canonical URL and language from the same tree. The page is parsed once, in C.

Our own extractor is the fast path because issue 6 asks for half the fastest peer's speed, which
no Python extractor reaches (see docs/benchmarks.md, "Extraction"). When it finds too short a body
to be sure of it, trafilatura (with ``favor_precision``: its recall is already near 0.99 on the
benchmark, its precision is what loses points) reads the page instead, on an lxml parse: about one
page in a hundred pays for that. A page that yields no article says why: a bot challenge, a login
or paywall wall, a section front, or no article text.
"""

from __future__ import annotations

import bisect
import html as html_lib
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin

import trafilatura
from lxml import etree
from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

from tidings import url_rules
from tidings.errors import NotAnArticle, Unreadable
from tidings.extract import guards, rules
from tidings.extract.blocks import (
    Block,
    blocks_from_fragment,
    blocks_from_trafilatura,
    render_html,
    render_text,
    with_lead_picture,
    with_pictures_of_dropped,
)
from tidings.extract.chrome import (
    dropped_byline,
    has_words,
    is_byline_role,
    remove_chrome,
    remove_leading_metadata,
    word_count,
)
from tidings.extract.fallback_pictures import with_page_pictures
from tidings.extract.main_content import find_main_content
from tidings.extract.metadata import (
    AUTHOR_SEPARATOR,
    LexborPage,
    PageMetadata,
    checked_language,
    clean_byline,
    clean_title,
    find_byline_lexbor,
    find_published_date_lexbor,
    has_password_field_lexbor,
    mentions_the_site,
    names_a_section,
    names_the_site,
    normalise_language,
    page_text_lexbor,
    parse_date_in_text,
    read_archive_today_snapshot_lexbor,
    read_lexbor_page,
    site_name_without_tagline,
    wayback_address_lexbor,
)
from tidings.extract.sanitize import sanitize_html
from tidings.extract.standfirst import PageHead, body_opening_dek, find_standfirst, read_page_head
from tidings.model import Article, Outlet, RawDocument
from tidings.urls import (
    ascii_host,
    canonical_url,
    is_home_page,
    is_http_url,
    registrable_domain,
    unregistered_host,
)

__all__ = ["FALLBACK_BELOW_WORDS", "MIN_ARTICLE_WORDS", "extract_page"]

# Fewer words than this is not an article body: the shortest gold body of the article-extraction
# benchmark's dev part has 66 words, of Big9+Chaos (headline included) 89; a wall or a section
# front yields a few lines.
MIN_ARTICLE_WORDS = 30
# A page that calls itself a list (CollectionPage, og:type website) and whose blocks are mostly
# shorter than this many words is a section front of teasers.
_TEASER_WORDS = 25
_MIN_TEASERS = 6
_ALL_SECTION_FRONT_TYPES = rules.SECTION_FRONT_TYPES | rules.WEAK_SECTION_FRONT_TYPES
_MIN_LISTED_ARTICLES = 3
_LISTING = "is a tag, category or search-results page (a list of articles), not an article"
_MAX_OUTLET_CHARS = 80
# When our extractor's body has fewer words than this, trafilatura reads the page instead (and the
# longer body of the two is kept). Swept on the article-extraction benchmark's dev part
# (2026-12-04): below 30 (pages we would refuse; no Zyte page) and 60, F1 0.976 at about 205 pages
# per CPU second; 100 (8 pages) and 150 (11), the same F1 at about 150. So only a body we would
# refuse gets a second opinion: 0 of Zyte's and Big9+Chaos's dev pages, 10 of trafilatura-eval's 705.
FALLBACK_BELOW_WORDS = MIN_ARTICLE_WORDS
# trafilatura's full pass (with its readability and jusText fallbacks) runs only when its fast
# pass finds fewer words than this. Swept on the article-extraction benchmark's dev part
# (2026-11-23): 0 (fast pass only) F1 0.967; 150, 300, 500, 1000 and "always" all 0.977, the
# lower the faster; 300 sits mid-plateau. Re-run bench/extraction.py after changing it.
FULL_PASS_BELOW_WORDS = 300
# What lxml and trafilatura raise on hostile or broken markup (lxml's drop_tree asserts on a
# detached node, deep nesting recurses); translated here, where their errors enter.
_FOREIGN_ERRORS = (ValueError, TypeError, AssertionError, RecursionError, etree.LxmlError)
# The elements of a parsed page are counted only when the parse took at least this long. Markup
# length bounds nothing: the tree builder re-creates every open formatting element (<b>, <i>, <font>
# …) that a closed paragraph left behind in each later paragraph, so a 9 kB page of 500 unclosed
# <b> and 500 paragraphs parses to 251,000 elements (2026-12-04, found in review; the markup-length
# rule this replaces let it through). Lexbor takes at least 62 ns an element here (a page of bare
# <br>; 100 ns with reconstructed ones), so a parse under 1 ms built fewer than 16,000 elements,
# and a machine would have to build them six times as fast to reach the cap unseen. Real pages
# rarely pay for the count (0.4 ms the mean parse of a Zyte dev page).
_COUNT_ELEMENTS_AFTER_PARSE_S = 0.001
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
# A canonical link the Wayback Machine rewrote to a path on its own host, as it serves captures:
# ``/web/20240115123456/https://www.example.com/story``.
_WAYBACK_PATH = re.compile(r"^/web/\d{1,14}[a-z_]*/https?:/", re.IGNORECASE)
_WAYBACK_ORIGIN = "https://web.archive.org"
# The separators of a <title>'s parts ("Story - The Outlet").
_TITLE_PARTS = re.compile(r"\s+[|\-–—·•»]\s+")
# The separators a headline may hold of its own ("Storm batters coast – residents flee").
_HEADLINE_DASHES = frozenset("-–—")


def _parse(markup: str, source: str) -> etree._Element:
    try:
        tree = trafilatura.load_html(_XML_DECLARATION.sub("", markup, count=1))
    except _FOREIGN_ERRORS as exc:
        raise Unreadable(source, f"has markup no HTML parser can read ({type(exc).__name__})") from exc
    if tree is None:
        raise Unreadable(source, "has no HTML that can be parsed; is it a web page?")
    return tree


def _parse_lexbor(markup: str, source: str, encoded: bytes | None = None) -> LexborHTMLParser:
    """Lexbor parses any string: it repairs what it cannot read, as browsers do; it fails only when
    memory runs out (as under an extraction worker's cap). ``encoded`` is ``markup`` as UTF-8, when
    the caller has it (Lexbor reads bytes, so selectolax encodes a str)."""
    try:
        if encoded is not None and not _XML_DECLARATION.match(markup):
            return LexborHTMLParser(encoded)
        return LexborHTMLParser(_XML_DECLARATION.sub("", markup, count=1))
    except SelectolaxError as exc:
        raise Unreadable(source, guards.OUT_OF_MEMORY) from exc


def _check_page_elements(tree: LexborHTMLParser, parse_seconds: float, source: str) -> None:
    if parse_seconds >= _COUNT_ELEMENTS_AFTER_PARSE_S:
        # Counted by one CSS query, inside Lexbor; only pages whose parse took long enough to have
        # built that many (wall time: a parse slowed by other work is counted, never one skipped).
        guards.check_page_elements(len(tree.css("*")), source)


def _stand_in_page(markup: str, source: str) -> NotAnArticle | None:
    """Why a page with no article body of its own stands in for one, where it does: a bot
    challenge, a platform's notice, a login or paywall (read from a fresh parse: the extractor has
    pruned the first one); else None."""
    tree = _parse_lexbor(markup, source)
    page_text = page_text_lexbor(tree)
    if guards.is_bot_challenge(page_text[:3000]):
        return NotAnArticle(source, guards.BOT_CHALLENGE)
    notice = guards.notice_page(page_text)
    if notice is not None:
        return NotAnArticle(source, f"is {notice}")
    if has_password_field_lexbor(tree) or guards.is_wall(page_text):
        return NotAnArticle(source, guards.WALL)
    if guards.holds_app_state(markup):
        tree.strip_tags(["script", "style", "noscript", "template"])  # the tree's last use
        if guards.is_app_shell(page_text_lexbor(tree)):
            return NotAnArticle(source, guards.SCRIPT_BUILT)
    return None


def _refuse_empty_page(markup: str, metadata: PageMetadata, source: str) -> NotAnArticle:
    """The reason a page with no article body is not an article."""
    stand_in = _stand_in_page(markup, source)
    if stand_in is not None:
        return stand_in
    if metadata.page_types & _ALL_SECTION_FRONT_TYPES and not metadata.declares_article:
        return NotAnArticle(source, "is a section front (a list of articles), not an article")
    return NotAnArticle(source, "has no article text (an index, search or media page?)")


def _on_archive_today(address: str | None) -> bool:
    # "archive." first: any other address pays for that test only.
    return (
        address is not None
        and "archive." in address
        and registrable_domain(address) in url_rules.ARCHIVE_TODAY_DOMAINS
    )


def _read_through_archive(
    raw: RawDocument, page: LexborPage, tree: LexborHTMLParser
) -> tuple[str | None, LexborPage, str]:
    """The address the page's content came from, its metadata and headings (``page``) and its
    markup (for htmldate and trafilatura), with a web archive's own taken out, so that the page is
    the saved site's and dated as it dates itself.

    An archive.today snapshot (its address, canonical link or site name says so) loses the archive's
    head and header, which name archive.today as the site and date the page by its capture; its
    metadata is read again, and its address is the saved page's, as the header names it. A Wayback
    Machine capture read from a file with no address finds one in its rewritten canonical link
    (``/web/<timestamp>/<address>``) or in its toolbar; ``canonical_url`` unwraps either. Any
    other page (the common case: a few string tests) comes back as it came.
    """
    declared = page.metadata.canonical_url
    site_name = (page.metadata.site_name or "").strip().lower()
    if (
        site_name in url_rules.ARCHIVE_TODAY_DOMAINS
        or _on_archive_today(declared)
        or _on_archive_today(raw.url)
    ):
        saved_from = read_archive_today_snapshot_lexbor(tree)
        # Read again: the snapshot's own head and header are gone from the tree, headings and all.
        return saved_from or raw.url or declared, read_lexbor_page(tree), tree.html or ""
    if raw.url is None and declared is None:
        return wayback_address_lexbor(tree), page, raw.body
    if raw.url is None and declared is not None and _WAYBACK_PATH.match(declared):
        return urljoin(_WAYBACK_ORIGIN, declared), page, raw.body
    return raw.url, page, raw.body


def _is_section_front(blocks: list[Block], metadata: PageMetadata) -> bool:
    """A page that calls itself a list and reads like one: teasers, hardly any paragraph of prose.

    CollectionPage, ItemList and search results say so outright; ``og:type website`` is weaker
    (shops, recipes and many articles use it), so it also needs a page with no paragraph at all.
    """
    if metadata.declares_article or not metadata.page_types & _ALL_SECTION_FRONT_TYPES:
        return False
    long_blocks = sum(1 for block in blocks if has_words(block.text, _TEASER_WORDS))
    if metadata.page_types & rules.SECTION_FRONT_TYPES:
        return long_blocks < max(2, len(blocks) // 4)
    return long_blocks == 0 and len(blocks) >= _MIN_TEASERS


def _calls_itself_a_listing(tree: LexborHTMLParser, titles: Sequence[str]) -> bool:
    """Whether the page names itself a tag, category, topic or search-results page, by its body's
    classes or a short title (``rules.LISTING_BODY_CLASSES``, ``rules.LISTING_TITLE``); a body
    class of one post says otherwise. Read before the extractor prunes the tree."""
    body = tree.body
    classes = frozenset((body.attributes.get("class") or "").split()) if body is not None else frozenset()
    if classes & rules.ONE_POST_BODY_CLASSES:
        return False
    if classes & rules.LISTING_BODY_CLASSES:
        return True
    return any(
        len(title.split()) <= rules.LISTING_TITLE_MAX_WORDS and rules.LISTING_TITLE.fullmatch(title.strip())
        for title in titles
    )


def _is_listing(tree: LexborHTMLParser, titles: Sequence[str]) -> bool:
    """A page that calls itself a tag, category or search-results page and lists at least three
    articles under headings that link to them: never one article, however long its teasers (a
    blog's archive may show each post whole). An article's related links under headings are not
    enough without the page's own word."""
    if not _calls_itself_a_listing(tree, titles):
        return False
    linked = {
        href
        for link in tree.css("h2 a[href], h3 a[href], h4 a[href]")
        if (href := (link.attributes.get("href") or "").strip()) and not href.startswith("#")
    }
    return len(linked) >= _MIN_LISTED_ARTICLES


def _check_not_listing(
    tree: LexborHTMLParser, metadata: PageMetadata, titles: Sequence[str], source: str
) -> None:
    if not metadata.declares_article and _is_listing(tree, titles):
        raise NotAnArticle(source, _LISTING)


@dataclass(frozen=True, slots=True)
class _Addresses:
    """The page's addresses, each made canonical once (``canonical_url`` costs about 20 µs): the
    address it was read from, when that is http(s), and the http(s) addresses it declares as its
    own (its canonical link, then its og:url), resolved against it."""

    read_from: str | None
    declared: tuple[str, ...]


def _addresses(metadata: PageMetadata, page_url: str | None) -> _Addresses:
    read_from = canonical_url(page_url) if page_url and is_http_url(page_url) else None
    # A canonical link and og:url are often the same address, and often the one read from.
    known = {page_url: read_from} if page_url and read_from is not None else {}
    declared: dict[str, str] = {}
    for written in metadata.declared_urls:
        address = urljoin(page_url, written) if page_url else written
        if address not in declared and (address in known or is_http_url(address)):
            declared[address] = known[address] if address in known else canonical_url(address)
    return _Addresses(read_from, tuple(declared.values()))


def _resolved_canonical(addresses: _Addresses) -> str | None:
    """The article's own address, tracking removed: the first address the page declares (its
    canonical link, then its og:url) that can be this article's, else the address it was read
    from (fetched, or a feed's link), else None.

    A site's home page is no article's address unless the page was read from the home page: some
    CMSs write it into every article's canonical link or og:url, and taking it would make every
    article of the site one stored article. A section front (``/news/``) is not refused the same
    way: a page's real address is often an ancestor of the one it was read from (``/story/123``
    for ``/story/123/slug``, ``/report`` for ``/report/2``), so its path cannot tell the two apart.
    """
    read_from = addresses.read_from
    read_from_home_page = read_from is not None and is_home_page(read_from)
    for candidate in addresses.declared:
        if read_from_home_page or not is_home_page(candidate):
            return candidate
    return read_from


@dataclass(frozen=True, slots=True)
class _Identity:
    """Whose page this is: its own address (``url``), its site's registrable domain, and the
    address of another site's page that it declares as canonical (``republishes``: a syndicated
    copy's link to the original, the copy-origin evidence ``dedupe`` reads)."""

    url: str | None
    domain: str | None
    republishes: str | None = None


def _site(address: str) -> str | None:
    """The registrable domain of ``address``, as ASCII (an internationalised domain may be
    written in Unicode in one address and in Punycode in another), or None (an IP address,
    ``localhost``)."""
    domain = registrable_domain(address)
    return ascii_host(domain) if domain is not None else None


def _page_identity(addresses: _Addresses) -> _Identity:
    """The page's own address and site, told apart from a canonical link to another site's page.

    A page is its own site's: the site it was read from, else (a file, or a page read from an IP
    address) the site of the address it declares off its canonical link's site (The Star's copy
    of a Reuters story names reuters.com as canonical and its own thestar.com address in og:url).
    Its declared addresses on another site are not its own: taken as its ``url`` they would make
    the original "already stored" when it comes (and the copy, when it comes second), and taken
    as its domain they would file the republisher's name under the original's site; the first
    that names an article is what it ``republishes``. A saved page whose every address is on the
    original's site (a copy that kept the original's head whole) cannot be told from that site's
    own page, and is read as it (``_self_declared``). An archive.today
    address whose snapshot names no saved page keeps its declared address as its ``url`` and
    names no domain (``_read_through_archive``)."""
    read_from = addresses.read_from
    served = registrable_domain(read_from) if read_from is not None else None
    if served in url_rules.ARCHIVE_TODAY_DOMAINS:
        return _Identity(_resolved_canonical(addresses), None)
    # Each address's site, read once: ``_site`` parses the address (0.008 against 0.012 ms a Zyte
    # dev page for this function, 2026-12-06).
    sites = {address: _site(address) for address in addresses.declared}
    on_sites = tuple(address for address in addresses.declared if sites[address] is not None)
    if served is None and not on_sites:
        # Nothing names a site (a file with no address, addresses on IP hosts): as declared.
        return _Identity(_resolved_canonical(addresses), None)
    own_site: str | None
    domain: str | None
    if read_from is not None and served is not None:
        own_address, own_site, domain = read_from, ascii_host(served), served
    else:
        own_address = _self_declared(on_sites, sites)
        own_site, domain = sites[own_address], registrable_domain(own_address)
    own = tuple(address for address in on_sites if sites[address] == own_site)
    elsewhere = [address for address in on_sites if sites[address] != own_site and not is_home_page(address)]
    return _Identity(
        url=_resolved_canonical(_Addresses(read_from, own)),
        domain=domain,
        republishes=elsewhere[0] if elsewhere else None,
    )


def _self_declared(declared: tuple[str, ...], sites: dict[str, str | None]) -> str:
    """The address on its own site that a page not read from a site declares: its og:url when
    that is on another site than its canonical link (which names the original), else its first.
    A page whose every address is on one site is that site's: a rule that filed a page under its
    name alone when the name did not fit that site's domain ("The Star" with only reuters.com
    addresses) found no such copy among the 1,396 dev pages and took the domain of 18 real ones
    ("Quartz", "Us Weekly", sections and brands), so none is applied (2026-12-06). ``sites`` holds
    each address's ``_site``."""
    if len({sites[address] for address in declared}) > 1:
        return declared[-1]
    return declared[0]


def _title_suffix_outlet(html_title: str | None, sections: tuple[str, ...] = ()) -> str | None:
    """ "Story - The Outlet" → "The Outlet" when the last part is short enough to be a name, and
    is not one of the page's ``sections`` ("Story | World news": ``PageMetadata.sections``)."""
    if not html_title:
        return None
    parts = _TITLE_PARTS.split(html_title.strip())
    # A date is no name: "CNN.com - Rita batters Louisiana, Texas coasts - Sep 24, 2005".
    if len(parts) >= 2 and 1 <= len(parts[-1].split()) <= 4 and parse_date_in_text(parts[-1]) is None:
        suffix = parts[-1].strip()
        return None if names_a_section(suffix, sections) else suffix
    return None


def _headline_is_whole_title(headings: Sequence[LexborNode], metadata: PageMetadata) -> bool:
    """Whether the page's headline (its first ``<h1>``, or its og:title) is its whole ``<title>``,
    separator and all: then the title's last part ("Storm batters coast – residents flee") is the
    headline's, not a site's name, and is neither cut from the title nor taken as the outlet.
    Read only where the page names no site of its own, the one case where the last part counts.

    An og:title that is the whole ``<title>`` is no such sign: many sites copy their ``<title>``,
    site name and all, into og:title ("Story | Schweizer Jäger Online": 9 of the 1,396 dev pages
    would lose their outlet's name). Nor is an ``<h1>`` that is all one link: a blog's masthead
    (WordPress writes the site's title as a link home in an ``<h1>``, and titles its pages
    "Post - Site")."""
    if _outlet_name((metadata.site_name,)) is not None or not metadata.html_title:
        return False
    # Only a dash joins a headline's own parts; "|", "·", "•" and "»" are a template's, which
    # some repeat, site name and all, in the <h1> ("Storm batters coast | Coastal Times").
    separators = _TITLE_PARTS.findall(metadata.html_title.strip())
    if not separators or separators[-1].strip() not in _HEADLINE_DASHES:
        return False
    if not headings:
        return False
    heading = headings[0]
    text = " ".join(heading.text().split()).casefold()
    if text != " ".join(metadata.html_title.split()).casefold():
        return False
    link = heading.css_first("a")
    return link is None or " ".join(link.text().split()).casefold() != text


def _outlet_name(candidates: tuple[str | None, ...]) -> str | None:
    """The first of ``candidates`` that can be a publication's name, white space collapsed."""
    for candidate in candidates:
        name = " ".join((candidate or "").split())  # split() splits where \s+ matches
        if name and len(name) <= _MAX_OUTLET_CHARS and not is_http_url(name):
            return name
    return None


def _outlet_name_of(hinted_name: str | None, metadata: PageMetadata, title_suffix: str | None) -> str | None:
    """The publication's name the page gives: its site name, the name it came with (a feed's), or
    the name its ``<title>`` ends with (``title_suffix``: ``_title_suffix_outlet`` of it)."""
    return _outlet_name((metadata.site_name, hinted_name, title_suffix))


def _outlet(name: str | None, domain: str | None, address: str | None) -> Outlet:
    """Who published the page: its name (``_outlet_name_of``) without the slogan a template writes
    after it (``site_name_without_tagline``), else its domain, else the host of its ``address``
    where that is under no public suffix (an intranet or self-hosted site: ``urls.unregistered_host``)."""
    if name and domain:
        name = site_name_without_tagline(name, domain)
    return Outlet(name=name or domain or unregistered_host(address) or "unknown outlet", domain=domain)


# How a byline's authors may be joined as the page wrote them ("Jane Doe; John Roe" a site's meta
# tag, "Jane Doe, John Roe"): ``clean_byline`` has made the first the second (``AUTHOR_SEPARATOR``).
_BYLINE_PARTS = re.compile(r"\s*[;,]\s*")
# A place after a byline's outlet or role ("BBC News, Kyiv", "correspondent, New York") is at most
# this many capitalised words.
_MAX_PLACE_WORDS = 3


def _byline_without_affiliation(byline: str | None, outlet: Outlet, site_name: str | None) -> str | None:
    """``byline`` without what it says of its authors besides their names: the page's own outlet
    ("By Jane Doe, BBC News, Kyiv" on bbc.co.uk), their roles ("Ukraine correspondent") and a place
    that ends it after one of those ("Kyiv"). Its first part is always kept (an organisation that
    signs alone is its byline), and so is an outlet other than the page's: an agency ("Jane Doe,
    Reuters") is who wrote it. A place right after a name is not told from a second author's name
    ("Jane Doe, John Roe"), and stays."""
    if not byline or (";" not in byline and "," not in byline):
        return byline
    first, *rest = _BYLINE_PARTS.split(byline)
    kept = [first]
    dropped_last = False
    for position, part in enumerate(rest):
        words = part.split()
        is_place = (
            dropped_last
            and position == len(rest) - 1
            and len(words) <= _MAX_PLACE_WORDS
            and all(word[:1].isupper() for word in words)
        )
        dropped_last = (
            is_place or is_byline_role(part) or names_the_site(part, (outlet.name, site_name), outlet.domain)
        )
        if not dropped_last and part:
            kept.append(part)
    if len(kept) == len(rest) + 1:
        return byline
    return AUTHOR_SEPARATOR.join(kept)


def _declared_byline(
    metadata: PageMetadata, tree: LexborHTMLParser, outlet: Outlet
) -> tuple[str | None, bool]:
    """The byline the page declares or marks (its metadata's, else the one its markup marks:
    ``find_byline_lexbor``), and whether it is only the page's own outlet signing (a byline printed
    in the body's text comes first then: ``extract_page``).

    A JSON-LD author that is an organisation naming the page's outlet ("author": {"@type":
    "Organization", "name": "The Courier"} on The Courier's page) is how many CMSs fill the field
    for every article, not who wrote this one: the byline the page marks ("By Jane Doe") comes
    first, unless it names the outlet too ("DER SPIEGEL" on spiegel.de), and the outlet stays the
    byline where nothing else names one. The page's author meta tags are not asked: CMSs fill them
    as the JSON-LD, with the outlet or its account ("@NatGeoUK"). Another organisation
    ("Associated Press", "Reuters") is the article's author. Reads the whole tree: call it before
    anything prunes it."""
    byline = clean_byline(metadata.byline)
    names = (outlet.name, metadata.site_name)
    if byline is None or not (
        metadata.byline_is_organisation and names_the_site(byline, names, outlet.domain)
    ):
        return byline or find_byline_lexbor(tree), False
    person = find_byline_lexbor(tree)
    if person is not None and not mentions_the_site(person, names, outlet.domain):
        return person, False
    return byline, True


def _page_title(
    metadata: PageMetadata,
    outlet: Outlet,
    title: str | None,
    title_suffix: str | None,
    sections: tuple[str, ...] = (),
) -> str:
    """``title`` (one of the page's) without the site's name, whichever name the outlet was given:
    a feed may name the site otherwise than its pages' titles do ("Beta Times" for "Story - Beta"),
    and the page's own name must still be cut, as it is when the page comes alone; and without a
    last part that is one of the page's ``sections`` (``clean_title``). ``title_suffix`` is
    ``_title_suffix_outlet`` of the page's ``<title>`` (a split and a date search: read once a
    page)."""
    if not title:
        return ""  # what clean_title makes of no title, without reading the names first
    own_name = _outlet_name((metadata.site_name, title_suffix))
    return clean_title(title, (outlet.name, metadata.site_name, own_name), outlet.domain, sections)


def _page_titles(
    tree: LexborHTMLParser,
    metadata: PageMetadata,
    outlet: Outlet,
    titles: tuple[str | None, str | None],
    title_suffix: str | None,
) -> tuple[str, str]:
    """The page's own title and the one its feed gave it (``titles``), each without the site's
    name and a section's label (``_page_title``; the sections read by ``_section_labels``). A
    feed's title for the page names its headline too, though worded or cut short otherwise than
    the page's own (matched on a leading heading only: ``remove_leading_metadata``). Reads the
    tree: call it before anything prunes it."""
    own, hinted = titles
    title = _page_title(metadata, outlet, own, title_suffix, metadata.sections)
    sections = _section_labels(tree, metadata, title)
    if sections is not metadata.sections:
        title = _page_title(metadata, outlet, own, title_suffix, sections)
    return title, _page_title(metadata, outlet, hinted, title_suffix, sections)


def _with_body_byline(
    byline: str | None, outlet_signs: bool, in_body: str | None, metadata: PageMetadata, outlet: Outlet
) -> str | None:
    """``byline`` (``_declared_byline``'s), or the one printed as the body's first paragraph
    (``in_body``: "By Jane Doe", marked nowhere) where the page declares none or only its own
    outlet signs (``outlet_signs``) and that paragraph does not name the outlet too."""
    if in_body is None or (byline is not None and not outlet_signs):
        return byline
    if byline is not None and mentions_the_site(in_body, (outlet.name, metadata.site_name), outlet.domain):
        return byline
    return in_body


# The links of a page's navigation menus, whose texts name its sections.
_NAVIGATION_LINKS = "nav a, [role=navigation] a"


def _section_labels(tree: LexborHTMLParser, metadata: PageMetadata, title: str) -> tuple[str, ...]:
    """The names the page gives its sections (``PageMetadata.sections``), and, where ``title`` (the
    page's, cleaned with those) still has a separator, the texts of its navigation menus' links: a
    page whose metadata names no section ("Story | World news" on a site whose menu links to
    "World news"). The menus are read only then: a query over the whole page. Reads the tree:
    call it before anything prunes it."""
    if _TITLE_PARTS.search(title) is None:
        return metadata.sections
    links = (" ".join(link.text().split()) for link in tree.css(_NAVIGATION_LINKS))
    return (*metadata.sections, *dict.fromkeys(text for text in links if text))


def _run_trafilatura(
    tree: etree._Element, url: str | None, source: str, *, fast: bool
) -> etree._Element | None:
    try:
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            fast=fast,
            favor_precision=True,
            include_comments=False,
            include_tables=True,
            with_metadata=False,
        )
    except _FOREIGN_ERRORS as exc:
        raise Unreadable(source, f"has markup the extractor cannot read ({type(exc).__name__})") from exc
    body: etree._Element | None = getattr(document, "body", None) if document is not None else None
    return body


def _trafilatura_body(
    markup: str, tree: etree._Element, url: str | None, source: str
) -> etree._Element | None:
    """trafilatura's body: its fast pass, then its full pass (which also runs its readability and
    jusText fallbacks) only when the fast pass found a short body, where those fallbacks help.
    trafilatura prunes the tree it is given, so the full pass gets a freshly parsed one."""
    body = _run_trafilatura(tree, url, source, fast=True)
    words = word_count(" ".join(body.itertext())) if body is not None else 0
    if words >= FULL_PASS_BELOW_WORDS:
        return body
    return _run_trafilatura(_parse(markup, source), url, source, fast=False)


@dataclass(frozen=True, slots=True)
class _Body:
    """A page's body blocks, and the byline that opened them as text (``chrome.dropped_byline``)."""

    blocks: list[Block]
    byline: str | None


def _body_blocks(
    markup: str,
    page_url: str | None,
    tree: LexborHTMLParser,
    title: str,
    source: str,
    *,
    headlines: tuple[str, ...] = (),
    published: date | None = None,
) -> _Body:
    """The body's blocks, chrome and the leading headline removed: our extractor's, or
    trafilatura's (on ``markup``, the page that ``tree`` was parsed from) when ours is too short
    to trust (or empty). ``title`` is the page's, ``headlines`` the other names of its headline,
    ``published`` the day it says it was published (``remove_leading_metadata``). Prunes ``tree``."""
    content = remove_chrome(find_main_content(tree))
    blocks = remove_leading_metadata(content, title, headlines=headlines, published=published)
    if has_words(render_text(blocks), FALLBACK_BELOW_WORDS):
        return _body_without_metadata(content, blocks)
    try:
        lxml_tree = _parse(markup, source)
    except Unreadable:
        # Lexbor read the page; a fragment lxml cannot root (a lone <div>) has no more to give,
        # and the caller refuses it for what it is (no article text), not as unparseable.
        return _body_without_metadata(content, blocks)
    body = _trafilatura_body(markup, lxml_tree, page_url, source)
    fallback_content = remove_chrome(blocks_from_trafilatura(body))
    fallback = remove_leading_metadata(fallback_content, title, headlines=headlines, published=published)
    if word_count(render_text(fallback)) > word_count(render_text(blocks)):
        # trafilatura's body is text only: its pictures are found in the page, only for the pages
        # it reads. ``lxml_tree`` is the page as parsed: bare_extraction (trafilatura 2.x) copies
        # an element it is given before pruning it.
        body = _body_without_metadata(fallback_content, fallback)
        return _Body(with_page_pictures(body.blocks, lxml_tree), body.byline)
    return _body_without_metadata(content, blocks)


def _body_without_metadata(content: list[Block], blocks: list[Block]) -> _Body:
    """The body ``remove_leading_metadata`` left of ``content`` (``blocks``), the pictures of the
    blocks it dropped kept (``with_pictures_of_dropped``), and the byline it dropped."""
    return _Body(with_pictures_of_dropped(content, blocks), dropped_byline(content, blocks))


# Markup in an articleBody: some CMSs write the body's HTML there rather than its text. A block's
# tag, a line break or an inline element closed: not any "<…>", which prose holds too ("List<String>",
# "<jane@example.com>", "a <b>-tag tutorial"; review, 2026-12-07).
_MARKUP_TAG = re.compile(
    r"<(?:p|div|h[1-6]|ul|ol|li|blockquote)\b[^<>]*>|<br\s*/?>|</(?:p|div|h[1-6]|ul|ol|li|blockquote|a|strong|em|b|i|span)>",
    re.IGNORECASE,
)


# The paragraph breaks a CMS leaves in an articleBody it wrote without line breaks, from the
# page's paragraphs joined (dev pages' articleBody against their own <p>s, 2026-12-07):
# - run together, a sentence's end on the next paragraph's first word, as the elements' text
#   joined without a separator reads ("… nahe Zürich.Die erste Maschine …", "… dijo.Cabe …",
#   "… mehr?Wer …"): a lowercase letter (a quote it closes after it at most), the sentence's
#   end and the quotes it closes, then a capitalised word (a quote, "¿" or "¡" that opens before
#   it at most). "D.Live", "3.Liga" and "node.JS" have no lowercase letter before the dot or no
#   capitalised word after it;
# - two spaces or more after a sentence's end, where the body does so at least twice: trome.pe
#   and elcomercio.pe break every paragraph so, where scmp.com's one ("… her courage.  Chinese
#   President …") sits inside a paragraph, a typing slip.
_SENTENCE_STOP = re.compile(r"[.!?]")
_SPACED_BREAK = re.compile(r"(?<=[.!?])([\"”’“»)]*) {2,}(?=\S)")
_MIN_SPACED_BREAKS = 2
# Marks that close a quote after a sentence's end ("“" in German, ``_LineMarks.closes_quote``), or
# before it.
_CLOSERS = frozenset("”’»)")
_CLOSING_MARKS = frozenset('”’»)"“')
_OPENERS = frozenset('¿¡„«“‘"')
# A web or mail address a run-on break would split ("www.DearAbby.com"): a word that holds one
# of these (words found first: "\S*www\.\S*" would be tried from each start of a long word).
_WORD = re.compile(r"\S+")
_ADDRESS_MARK = re.compile(r"www\.|://|@")


class _LineMarks:
    """Where a line's quote marks and addresses sit, found once in a pass over the line: the
    run-on test asks of each sentence's end, and a page's articleBody is the page's to choose (one
    word of 10,000 stops took 15 s when the address around each stop was searched for)."""

    def __init__(self, line: str) -> None:
        self.line = line
        self._quotes = {mark: [at for at, char in enumerate(line) if char == mark] for mark in '"„“'}
        found = [word for word in _WORD.finditer(line) if _ADDRESS_MARK.search(word[0])]
        self._address_starts = [address.start() for address in found]
        self._address_ends = [address.end() for address in found]

    def _before(self, mark: str, at: int) -> int:
        return bisect.bisect_left(self._quotes[mark], at)

    def closes_quote(self, at: int) -> bool:
        """Whether the mark at ``at`` closes a quote: a straight quote that an odd number before it
        opened, a "“" that a German "„" opened ("„… abgesprochen.“Lesen Sie"; elsewhere "“" opens)."""
        mark = self.line[at]
        if mark == '"':
            return self._before('"', at) % 2 == 1
        if mark == "“":
            return self._before("„", at) > self._before("“", at)
        return mark in _CLOSERS

    def in_address(self, at: int) -> bool:
        index = bisect.bisect_right(self._address_starts, at) - 1
        return index >= 0 and at < self._address_ends[index]


def _run_on_breaks(line: str) -> list[int]:
    """Where a line's paragraphs run together: after each sentence's end (and the quotes it
    closes) that a lowercase letter comes before and a capitalised word right after, outside a
    web or mail address."""
    marks = _LineMarks(line)
    breaks = []
    for stop in _SENTENCE_STOP.finditer(line):
        # A quote closed before the stop, as Spanish and French write it ("antojadiza".Cabe).
        last = (
            stop.start() - 2 if line[stop.start() - 1 : stop.start()] in _CLOSING_MARKS else stop.start() - 1
        )
        if last < 0 or not line[last].islower() or marks.in_address(stop.start()):
            continue
        after = stop.end()
        while after < len(line) and marks.closes_quote(after):
            after += 1
        word = after + 1 if after < len(line) and line[after] in _OPENERS else after
        if line[word : word + 1].isupper() and line[word + 1 : word + 2].islower():
            breaks.append(after)
    return breaks


def _paragraphs_of_line(line: str, *, spaced_breaks: bool) -> list[str]:
    """A line of an articleBody cut at the paragraph breaks its CMS left in it (``_run_on_breaks``,
    and ``_SPACED_BREAK`` where the body breaks so). A body with no such marks stays as written:
    its sentences' ends alone do not tell a paragraph's end from a sentence's (scmp.com's)."""
    if spaced_breaks:
        line = _SPACED_BREAK.sub("\\1\n", line)
    cuts = _run_on_breaks(line)
    pieces = [line[begin:stop] for begin, stop in zip([0, *cuts], [*cuts, len(line)], strict=True)]
    return [paragraph.strip() for piece in pieces for paragraph in piece.split("\n") if paragraph.strip()]


def _blocks_of_article_body(article_body: str) -> list[Block]:
    """The blocks of a JSON-LD ``articleBody``: read as HTML where it is written so, else each of
    its lines a paragraph (escaped, never markup), cut where its CMS ran paragraphs together
    (``_paragraphs_of_line``). A body with no markup has its entities read first ("Fish &amp;
    chips", or "&lt;p&gt;…" for HTML written escaped); one with markup keeps them for the HTML
    parser, which reads each once ("&lt;script&gt;" in an article about XSS)."""
    has_markup = _MARKUP_TAG.search(article_body) is not None
    if not has_markup:
        article_body = html_lib.unescape(article_body)
        has_markup = _MARKUP_TAG.search(article_body) is not None
    if has_markup:
        return blocks_from_fragment(article_body)
    lines = article_body.splitlines()
    # Spaced breaks are read only in a body with no line breaks: one that has them breaks so.
    spaced_breaks = len(lines) == 1 and len(_SPACED_BREAK.findall(article_body)) >= _MIN_SPACED_BREAKS
    paragraphs = (
        paragraph for line in lines for paragraph in _paragraphs_of_line(line, spaced_breaks=spaced_breaks)
    )
    return blocks_from_fragment("".join(f"<p>{html_lib.escape(paragraph)}</p>" for paragraph in paragraphs))


def _site_images(tree: LexborHTMLParser, metadata: PageMetadata) -> tuple[str, ...]:
    """The site's icons (``<link rel="icon">``, Apple's touch icon) and logos (its JSON-LD's): an
    og:image that is one of them is the site's share card, not the article's photo."""
    head = tree.head
    icons = (
        tuple(href for link in head.css('link[rel*="icon" i][href]') if (href := link.attributes.get("href")))
        if head is not None
        else ()
    )
    return (*icons, *metadata.logos)


def _with_lead_image(blocks: list[Block], tree: LexborHTMLParser, metadata: PageMetadata) -> list[Block]:
    """``blocks`` with the page's lead image first where the body's start shows no picture
    (``blocks.with_lead_picture``): a hero picture above the article's container is left out of
    the body, and only its sharing metadata names it. The head's icons are read only then."""
    if not metadata.images:
        return blocks
    return with_lead_picture(blocks, metadata.images, _site_images(tree, metadata), metadata.image_alts)


def _check_article_text(text: str, source: str) -> None:
    """Refuses a platform's notices read as prose (a tweet page's onboarding, say) and too large a
    text: found in what the extractor kept, which is short, rather than in the whole page."""
    guards.check_not_notice_page(text, source)
    guards.check_article_size(text, source)


def _without_opening_dek(
    head: PageHead, blocks: list[Block], text: str
) -> tuple[str | None, list[Block], str]:
    """The dek the body opens with (``standfirst.body_opening_dek``), and the body's blocks and
    text without it; no dek, and the body as it is, where the rest would be too short an article."""
    dek = body_opening_dek(head, blocks)
    if dek is None:
        return None, blocks, text
    rest = blocks[1:]
    rest_text = render_text(rest)
    if not has_words(rest_text, MIN_ARTICLE_WORDS):
        return None, blocks, text
    return dek, with_pictures_of_dropped(blocks, rest), rest_text


def extract_page(raw: RawDocument, source: str) -> Article:
    """The article of an HTML page, or the ``InputError`` that says why there is none."""
    guards.check_not_truncated_markup(raw.body, source)
    # Encoded once, as selectolax encodes a str (lone surrogates dropped): the parser-trap scans
    # read the bytes the parser will.
    encoded = raw.body.encode("utf-8", "ignore")
    guards.check_tag_attributes(encoded, source)
    guards.check_parse_cost(encoded, source)
    parse_started = time.perf_counter()
    tree = _parse_lexbor(raw.body, source, encoded)
    _check_page_elements(tree, time.perf_counter() - parse_started, source)
    page = read_lexbor_page(tree)
    # A challenge's title says what it is ("Just a moment...", "Are you a robot?"); a page dated or
    # signed as an article is one whose headline merely says so ("Sites ask readers: are you a
    # robot?"), as ``guards.interstitial_page`` keeps a signed page.
    if not (page.metadata.published_at or page.metadata.byline):
        guards.check_not_bot_challenge(page.metadata.html_title, "", source)
    page_url, page, page_markup = _read_through_archive(raw, page, tree)
    metadata = page.metadata
    # The date and byline fallbacks read the whole page, so they run before the extractor prunes it.
    published_at = metadata.published_at or find_published_date_lexbor(tree, page_url, page_markup)

    title_suffix = _title_suffix_outlet(metadata.html_title, metadata.sections)
    if title_suffix is not None and _headline_is_whole_title(page.headings, metadata):
        title_suffix = None
    outlet_name = _outlet_name_of(raw.hints.outlet, metadata, title_suffix)
    identity = _page_identity(_addresses(metadata, page_url))
    url = identity.url
    outlet = _outlet(outlet_name, identity.domain, identity.url)
    byline, outlet_signs = _declared_byline(metadata, tree, outlet)
    own_title = metadata.title or metadata.html_title or raw.hints.title
    title, hinted = _page_titles(tree, metadata, outlet, (own_title, raw.hints.title), title_suffix)
    headlines = (hinted,) if hinted and hinted != title else ()
    # What the page prints under its headline is read before the extractor prunes the tree; the
    # standfirst among it is chosen once the body is known (``standfirst.py``).
    head = read_page_head(
        page.headings,
        tuple(name for name in (title, own_title, metadata.html_title) if name),
        metadata.descriptions,
    )
    _check_not_listing(tree, metadata, (title, *(heading.text() for heading in page.headings[:1])), source)
    published_on = published_at or raw.hints.published_at
    body = _body_blocks(
        page_markup,
        page_url,
        tree,
        title,
        source,
        headlines=headlines,
        published=published_on.date() if published_on else None,
    )
    blocks = body.blocks
    byline = _byline_without_affiliation(
        _with_body_byline(byline, outlet_signs, body.byline, metadata, outlet), outlet, metadata.site_name
    )
    text = render_text(blocks)
    if not has_words(text, MIN_ARTICLE_WORDS) and metadata.article_body:
        # A page that builds its body with scripts often gives the article in its JSON-LD: taken
        # only where the page itself reads as too short, so a page's own text always comes first,
        # and never on a wall, a consent or challenge page, whose JSON-LD holds a teaser at most.
        declared = _blocks_of_article_body(metadata.article_body)
        declared_text = render_text(declared)
        if has_words(declared_text, MIN_ARTICLE_WORDS):
            stand_in = _stand_in_page(raw.body, source)
            if stand_in is not None:
                raise stand_in
            blocks, text = declared, declared_text
    if not has_words(text, MIN_ARTICLE_WORDS):
        raise _refuse_empty_page(raw.body, metadata, source)
    standfirst, blocks, text = _without_opening_dek(head, blocks, text)
    if _is_section_front(blocks, metadata):
        raise NotAnArticle(source, "is a section front (a list of articles), not an article")
    interstitial = guards.interstitial_page(
        title,
        [block.text for block in blocks],
        min_words=MIN_ARTICLE_WORDS,
        signed=bool(published_at or byline),
    )
    if interstitial is not None:
        raise NotAnArticle(source, interstitial)
    # A platform's notices read as prose (a tweet page's onboarding, say); they are found in what
    # the extractor kept, which is short, rather than in the whole page, which costs a text walk.
    _check_article_text(text, source)
    language = checked_language(metadata.language or normalise_language(raw.hints.language or ""), text)
    return Article(
        title=title or (raw.hints.title or "").strip() or blocks[0].text[:200],
        text=text,
        html=sanitize_html(render_html(_with_lead_image(blocks, tree, metadata)), base_url=url or raw.url),
        outlet=outlet,
        provenance=raw.provenance,
        fetched_at=raw.fetched_at,
        byline=byline or clean_byline(raw.hints.byline),
        standfirst=standfirst or find_standfirst(head, blocks),
        published_at=published_on,
        url=url,
        language=language,
        republishes=identity.republishes,
    )
