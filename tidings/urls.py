"""URLs as Tidings compares them: canonical forms, registrable domains, and what counts as a web URL.

A neutral utility (not a stage): gather, extract and the store all use it, so that an article
reached by a tracking link, its AMP page, a web archive's capture, a translation proxy or its
canonical address is recognised as one, and the store looks an address up in its http/https,
``www.`` and trailing-slash forms too (``equivalent_addresses``), and in its other percent-encodings
(``escape_forms``). The vocabularies (tracking
parameters, AMP forms, archive and proxy hosts) are data in ``tidings.url_rules``.

``canonical_url`` is hand-written rather than taken from ``courlan`` or ``w3lib``: those also sort
query strings, drop trailing slashes or rewrite paths in ways that turn two different pages of
some sites into one, and neither knows AMP forms. We change only what cannot select content; a
closing slash is only looked past when the store looks an address up, never dropped from it.
``display_url`` is the form an address is shown in (to a person, in an error, in a log): its
password masked; ``display_error`` is an error's message so masked; ``without_password`` is the
form put back into a form (its password left out, not masked, so that it is never sent as
``***``); ``without_credentials`` is the form an address found through a private feed is stored in
(its site address, where it moved). ``registrable_domain`` uses tldextract with its bundled
Public Suffix List snapshot and never fetches the list over the network; a few domains that
separate publishers share (``url_rules.SHARED_PUBLISHER_DOMAINS``: go.com) count as suffixes too.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, unquote_plus, urlsplit, urlunsplit

from tidings import url_rules
from tidings.controls import BIDI_CONTROLS
from tidings.errors import FetchError, InputError, TidingsError, printable_name

if TYPE_CHECKING:
    import tldextract

__all__ = [
    "ascii_host",
    "canonical_url",
    "display_error",
    "display_url",
    "equivalent_addresses",
    "escape_forms",
    "feed_address",
    "has_ipv6_zone",
    "is_home_page",
    "is_http_url",
    "registrable_domain",
    "unregistered_host",
    "without_credentials",
    "without_password",
]

_WEB_SCHEMES = frozenset({"http", "https"})
# Characters a URL may not carry raw: ASCII controls and white space (WHATWG strips or rejects them),
# and the controls no text Tidings keeps may hold (``controls``): C1, and the bidirectional
# overrides that show an address as another ("invoice\u202egpj.exe" reads "invoiceexe.jpg").
_FORBIDDEN_CHARACTERS = re.compile(rf"[\x00-\x20\x7f-\x9f{BIDI_CONTROLS}]")
# What stands for a password in an address shown to a person.
MASKED_PASSWORD = "***"
# Where an address's authority ends, as the outbound policy splits it (a backslash included).
_AUTHORITY_END = re.compile(r"[/?#\\]")


def ascii_host(host: str) -> str:
    """``host`` in its ASCII (IDNA A-label, "Punycode") form: ``straße.de`` is ``xn--strae-oqa.de``,
    mapped as browsers and the outbound policy map it (UTS-46, not transitional: ``ß`` stays
    ``ß``). Used to look an address up in both writings (``equivalent_addresses``): a page naming
    its address in Unicode and a feed linking it in Punycode are one article. Addresses are
    stored as written, so that an outlet named after its domain reads as its readers write it
    (storing the ASCII form was tried and dropped: outlets named "xn--bcher-kva.de", and stores
    holding the Unicode keys split in two); ``registrable_domain`` gives the Unicode writing. An
    ASCII host, or one no valid international name, comes back as it is."""
    if host.isascii():
        return host
    return _ascii_host(host)


@functools.lru_cache(maxsize=1024)
def _ascii_host(host: str) -> str:
    import idna  # noqa: PLC0415 - only an internationalised host needs it

    try:
        mapped = idna.uts46_remap(host, std3_rules=False, transitional=False).lower()
        return ".".join(
            label if label.isascii() else idna.alabel(label).decode("ascii") for label in mapped.split(".")
        )
    except (idna.IDNAError, UnicodeError):
        return host


def _unicode_host(host: str) -> str | None:
    """The Unicode form of a host with A-labels (``xn--strae-oqa.de`` → ``straße.de``), None
    for a host without any or one that does not decode: the form an article reached by its
    Unicode address was stored under."""
    if "xn--" not in host:
        return None
    import idna  # noqa: PLC0415 - only an internationalised host needs it

    try:
        labels = [idna.ulabel(label) if label.startswith("xn--") else label for label in host.split(".")]
    except (idna.IDNAError, UnicodeError):
        return None
    return ".".join(labels)


@functools.cache
def _domain_extractor() -> tldextract.TLDExtract:
    """The one offline extractor: bundled suffix snapshot, no cache folder, no fetch.

    Private suffixes (``blogspot.com``, ``substack.com``, ``github.io``) count, so that two
    publications hosted there are two outlets, not one. Built once because loading the snapshot
    takes about 20 ms; it holds only that immutable list. tldextract is imported here, not at the
    top: it loads requests (a tenth of a second), which every command would pay for on start.
    """
    import tldextract  # noqa: PLC0415

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


def is_http_url(value: object) -> bool:
    """Whether ``value`` is an absolute http(s) URL with a host and no white space or controls,
    and no IPv6 zone (``has_ipv6_zone``): no page, feed or outlet is known by such an address."""
    if not isinstance(value, str) or not value or _FORBIDDEN_CHARACTERS.search(value):
        return False
    try:
        parts = urlsplit(value)
        hostname = parts.hostname
        parts.port  # noqa: B018 -- raises ValueError on a port that is not a number in range
    except ValueError:
        return False
    return parts.scheme.lower() in _WEB_SCHEMES and bool(hostname) and not has_ipv6_zone(hostname or "")


def has_ipv6_zone(host: str) -> bool:
    """Whether ``host`` (as ``urlsplit`` gives it, without brackets) is an IPv6 address with a zone
    (RFC 6874: ``fe80::1%25eth0``, or ``fe80::1%eth0`` as written unescaped).

    A zone names a network interface of the one computer that wrote it, so such an address names
    no site anyone else reaches: browsers do not open it (the WHATWG URL standard has no zones),
    the fetcher refuses it (``gather.netpolicy``), and a gathered link or a pasted page's address
    with one is dropped (``gather.links``). Taken from a page's canonical link or a feed's
    address, it named an outlet keyed with its ``%`` (``fe80::1%25eth0``, and ``fe80::1%eth0``
    for the same host written unescaped): so it is refused wherever an address is taken."""
    return ":" in host and "%" in host


# Schemes whose "user@host" is no login (``mailto:a@example.com``): no password to mask there.
_SCHEMES_WITHOUT_AUTHORITY = frozenset(
    {"mailto", "news", "tag", "urn", "javascript", "data", "tel", "sms", "sip", "xmpp", "magnet", "about"}
)


def _authority(url: str) -> tuple[int, str]:
    """Where the authority (``user:password@host:port``) of ``url`` starts, and the authority as
    written. ``urlsplit`` finds it; an address it cannot split (an unclosed IPv6 bracket) or one
    it cleaned of tabs and line breaks is split by hand instead."""
    try:
        netloc = urlsplit(url).netloc
    except ValueError:
        netloc = ""
    # An address typed without its scheme (``user:secret@example.com/feed``, which ``subscribe``
    # accepts) is all authority up to its path.
    start = url.find("//")
    start = 0 if start == -1 or _AUTHORITY_END.search(url, 0, start) else start + len("//")
    if start == 0 and url.partition(":")[0].strip().lower() in _SCHEMES_WITHOUT_AUTHORITY:
        return 0, ""  # mailto:a@example.com, an Atom id tag:john@example.com,2005:1 …
    if netloc and url.startswith(netloc, start):
        return start, netloc
    end = _AUTHORITY_END.search(url, start)
    return start, url[start : end.start() if end else len(url)]


def _replace_password(url: str, password: str | None) -> str:
    """``url`` with its password, if it has one, replaced by ``password`` (None: left out, with
    its ``:``, and the user information with it when there is no user name)."""
    if not isinstance(url, str) or "@" not in url:
        return url
    start, authority = _authority(url)
    # The last @ ends the user information, as the outbound policy and the HTTP client read it.
    userinfo, at, hostport = authority.rpartition("@")
    user, colon, _password = userinfo.partition(":")
    if not at or not colon:
        return url
    if password is not None:
        replaced = f"{user}:{password}@{hostport}"
    else:
        replaced = f"{user}@{hostport}" if user else hostport
    return url[:start] + replaced + url[start + len(authority) :]


def display_url(url: str) -> str:
    """``url`` as shown to a person, written into an error message or logged: a password in it is
    replaced by ``***``, and everything else stays as written (the user name too, so that two
    sources under two accounts can be told apart). Never raises; a value with no password comes
    back unchanged. Only for showing: fetching, storing and exporting use the address itself."""
    return _replace_password(url, MASKED_PASSWORD)


def without_password(url: str) -> str:
    """``url`` with its password left out and the rest as ``display_url`` shows it: what is put
    back into a form to be sent again, where a masked ``***`` would be sent as the password."""
    return _replace_password(url, None)


def without_credentials(url: str) -> str:
    """``url`` with its user name and password left out, everything else as written. A private
    feed's credentials belong to the feed's own address, which is fetched with them; an address
    read from it or found through it (its site's address, resolved against the feed's, or where it
    moved) is stored and exported this way. Never raises; a value with no user information comes
    back unchanged."""
    if not isinstance(url, str) or "@" not in url:
        return url
    start, authority = _authority(url)
    _userinfo, at, hostport = authority.rpartition("@")
    if not at:
        return url
    return url[:start] + hostport + url[start + len(authority) :]


def display_error(error: TidingsError) -> str:
    """``str(error)`` with the password of the address it names masked (``display_url``): the
    text printed, logged and stored as a source's last error. The fetcher names an address masked
    already; a feed or page read from ``user:secret@…`` names it as its input, whichever step
    failed on it. A control character in the name is written as ``printable_name`` writes it."""
    if isinstance(error, FetchError):
        return f"{printable_name(display_url(error.url))}: {error.reason}"
    if isinstance(error, InputError) and "//" in error.source:
        # Only an address: a file's name may hold ":" and "@" too ("re:offer@acme.eml").
        return f"{printable_name(display_url(error.source))}: {error.reason}"
    return str(error)


def site_host(url: str | None) -> str | None:
    """The host of ``url`` without ``www.``, lower-cased and never case-folded (which would write
    "straße.de" as "strasse.de", another site: UTS-46 keeps "ß"), or None. What copy detection and
    the batch command know a site by when no registrable domain is wanted."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    return host.removeprefix("www.") or None


def unregistered_host(url: str | None) -> str | None:
    """The host of an address under no public suffix, without ``www.``: ``news.example``,
    ``intranet.local``, ``localhost`` (whatever its port), ``192.168.1.20``. What names a
    self-hosted or intranet site where no registrable domain does, never its domain (an outlet's
    domain is registrable, ``registrable_domain``). None for an address on a registrable domain,
    with no host, or with an IPv6 zone (``has_ipv6_zone``: no site anyone else reaches)."""
    host = site_host(url)
    if host is None or _FORBIDDEN_CHARACTERS.search(host) or has_ipv6_zone(host):
        return None
    return None if registrable_domain(host) is not None else host


def registrable_domain(url_or_host: str) -> str | None:
    """The registrable domain (``bbc.co.uk`` for ``https://feeds.bbci.co.uk/x``) or None: what an
    outlet is known by.

    Under a domain that separate publishers share (``url_rules.SHARED_PUBLISHER_DOMAINS``) it is
    one label longer, as under a hosting service of the suffix list's private section:
    ``abcnews.go.com`` and ``espn.go.com`` are two outlets, ``liveblog.abcnews.go.com`` is
    abcnews.go.com, and ``www.go.com`` is go.com. None for an IP address, ``localhost`` or a name
    under no known public suffix.

    An internationalised domain is given in the writing its readers use, whichever the address
    had: ``bücher.de`` for ``xn--bcher-kva.de`` too (``_readers_writing``), so that one site
    reached by both writings is one outlet and one politeness key.
    """
    candidate = url_or_host.strip()
    if "://" in candidate:
        try:
            candidate = urlsplit(candidate).hostname or ""
        except ValueError:
            return None
    return _host_domain(candidate.rstrip(".").lower())


# Cached: every page and feed entry asks for its host's domain two to four times, and a batch's
# pages come from few hosts (tldextract's lookup was 1% of a Zyte dev page's extraction).
@functools.lru_cache(maxsize=4096)
def _host_domain(host: str) -> str | None:
    if not host or _FORBIDDEN_CHARACTERS.search(host):
        return None
    parts = _domain_extractor()(host)
    if not parts.suffix or not parts.domain:
        return None
    return _readers_writing(_publisher_domain(f"{parts.domain}.{parts.suffix}", parts.subdomain))


def _readers_writing(domain: str) -> str:
    """``domain`` with each A-label ("Punycode") in Unicode, mapped as ``ascii_host`` maps it
    (UTS-46, not transitional): ``xn--bcher-kva.de``, ``bücher.de`` and ``BÜCHER.de`` are
    ``bücher.de``. A label that is no valid international name stays as written."""
    if domain.isascii() and "xn--" not in domain:
        return domain
    return ".".join(map(_unicode_label, ascii_host(domain).split(".")))


def _unicode_label(label: str) -> str:
    if not label.startswith("xn--"):
        return label
    import idna  # noqa: PLC0415 - only an internationalised host needs it

    try:
        return idna.ulabel(label)
    except (idna.IDNAError, UnicodeError):
        return label


def _publisher_domain(domain: str, subdomain: str) -> str:
    """``domain``, or the publisher's host under it where separate publishers share it
    (``abcnews.go.com`` for go.com with the subdomain ``liveblog.abcnews``)."""
    if domain not in url_rules.SHARED_PUBLISHER_DOMAINS or not subdomain:
        return domain
    label = subdomain.rpartition(".")[2]
    if label in url_rules.SHARED_PUBLISHER_PLAIN_LABELS:
        return domain
    return f"{label}.{domain}"


def _is_tracking_parameter(name: str) -> bool:
    lowered = name.lower()
    return lowered in url_rules.TRACKING_PARAMETERS or lowered.startswith(
        url_rules.TRACKING_PARAMETER_PREFIXES
    )


def _keeps_referrals(host: str) -> bool:
    """Whether ``host`` is a code host, where ``ref`` selects a branch rather than naming a referrer."""
    return (
        registrable_domain(host) in url_rules.REFERRAL_KEEPING_DOMAINS
        or host.partition(".")[0] in url_rules.REFERRAL_KEEPING_HOST_LABELS
    )


def _is_site_tracking_parameter(name: str, host: str) -> bool:
    """Whether ``name`` only tracks a click on this site (``click`` on popularmechanics.com)."""
    site_parameters = url_rules.SITE_TRACKING_PARAMETERS.get(registrable_domain(host) or "")
    return site_parameters is not None and name.lower() in site_parameters


def _is_referral_parameter(name: str, value: str, host: str) -> bool:
    return (
        name.lower() in url_rules.REFERRAL_PARAMETERS
        and not value.strip().isdigit()
        and not _keeps_referrals(host)
    )


def _is_amp_parameter(name: str, value: str) -> bool:
    lowered = name.lower()
    if lowered in url_rules.AMP_ONLY_PARAMETERS:
        return True
    switch_values = url_rules.AMP_SWITCH_PARAMETERS.get(lowered)
    return switch_values is not None and value.lower() in switch_values


def _unescaped_piece(piece: str) -> str:
    """A query piece without the ``amp;`` that an ``&`` escaped as ``&amp;`` (and never unescaped)
    left on its name: ``amp;ir=Food`` is ``ir=Food``, as the link's author meant it."""
    escaped = url_rules.ESCAPED_AMPERSAND
    while piece[: len(escaped)].lower() == escaped:
        piece = piece[len(escaped) :]
    return piece


def _clean_query(query: str, host: str) -> str:
    """The query without tracking, referral and AMP parameters, each name read without the
    ``amp;`` of an escaped ``&amp;``; kept pieces stay otherwise exactly as written."""
    kept: list[str] = []
    for piece in map(_unescaped_piece, query.split("&")):
        if not piece:
            continue
        raw_name, _, raw_value = piece.partition("=")
        name, value = unquote_plus(raw_name), unquote_plus(raw_value)
        if not (
            _is_tracking_parameter(name)
            or _is_site_tracking_parameter(name, host)
            or _is_referral_parameter(name, value, host)
            or _is_amp_parameter(name, value)
        ):
            kept.append(piece)
    return "&".join(kept)


def _strip_amp_path(path: str) -> str:
    """``/amp/world/story`` → ``/world/story``, ``/world/story/amp/`` → ``/world/story/``,
    ``x.amp.html`` → ``x.html``, ``x.amp`` → ``x``. A path that is only ``/amp`` is left alone,
    and a path with no AMP form is returned exactly as it is (``//`` included)."""
    segments = path.split("/")  # segments[0] is "" before the leading slash
    named = [index for index, segment in enumerate(segments) if segment]
    if len(named) > 1 and segments[named[0]].lower() == url_rules.AMP_PATH_SEGMENT:
        del segments[named[0]]
    elif len(named) > 1 and segments[named[-1]].lower() == url_rules.AMP_PATH_SEGMENT:
        del segments[named[-1]]
    last = segments[-1].lower()
    if named and last.endswith(".amp.html"):
        segments[-1] = segments[-1][: -len(".amp.html")] + ".html"
    elif named and last.endswith(".amp") and len(last) > len(".amp"):
        # BBC-style ``/news/world-123.amp``: the article is the path without the suffix.
        segments[-1] = segments[-1][: -len(".amp")]
    return "/".join(segments) or "/"


def _unwrap_amp_cache(scheme: str, host: str, path: str) -> tuple[str, str, str] | None:
    """The publisher's (scheme, host, path) behind an AMP cache or Google AMP viewer URL, if it is one."""
    if host.endswith(url_rules.AMP_CACHE_SUFFIX):
        # /c/s/www.example.com/path (https) or /c/www.example.com/path (http); /i/ and /v/ alike.
        match = re.match(r"^/[civ]/(s/)?([^/]+)(/.*)?$", path)
        if match:
            return ("https" if match.group(1) else "http", match.group(2).lower(), match.group(3) or "/")
    if registrable_domain(host) == "google.com":
        for prefix in url_rules.GOOGLE_AMP_VIEWER_PREFIXES:
            if path.startswith(prefix):
                rest = path[len(prefix) :]
                target_host, _, target_path = rest.partition("/")
                if "." in target_host:
                    secure = prefix.endswith("/s/")
                    return ("https" if secure else scheme, target_host.lower(), "/" + target_path)
    return None


def _strip_amp_host(host: str) -> str:
    """``amp.example.com`` → ``example.com``, only when ``amp`` is a subdomain, not the domain itself."""
    # ``amp.xn--p1ai`` is its own domain, which registrable_domain writes ``amp.рф``.
    if host.startswith("amp.") and registrable_domain(host) not in (None, host, _readers_writing(host)):
        return host[len("amp.") :]
    return host


# An archive address, split as written: the captured page's own address (its query included) is the
# rest of the archive's path, so archives are unwrapped on the string, before it is parsed.
_ARCHIVE_ADDRESS = re.compile(r"^(https?)://(?P<authority>[^/?#]+)(?P<rest>/.*)$", re.IGNORECASE | re.DOTALL)
# The Wayback Machine: ``/web/<timestamp><modifier>/<page>``. The timestamp has up to 14 digits and
# may end in ``*`` (the list of captures), or is ``*`` or left out (the latest capture); modifiers
# are ``id_`` (the page as captured), ``if_``, ``im_`` … The page's address may lack its scheme.
_WAYBACK_PATH = re.compile(r"^/web/(?:(?:\d{1,14}\*?|\*)[a-z_]*/)?(?P<target>.+)$", re.IGNORECASE | re.DOTALL)
# archive.today: ``/<timestamp>/<page>`` (``2024.01.15-123456`` or ``20240115123456``), ``/newest/``
# or ``/oldest/<page>``, ``/o/<snapshot>/<page>`` (a snapshot's outbound link) and ``/<page>``.
_ARCHIVE_TODAY_PATH = re.compile(
    r"^/(?:\d{4}[\d.-]*/|o/[0-9a-z]+/|newest/|oldest/)?(?P<target>https?:/.+)$", re.IGNORECASE | re.DOTALL
)
# ``http:/x`` and ``http:///x`` as some saves and archives write them.
_TARGET_SCHEME = re.compile(r"^(https?):/+", re.IGNORECASE)
# A host name (and port) alone, as the first segment of a Wayback address written without a scheme.
_BARE_HOST = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?$", re.IGNORECASE)


def _archive_host(authority: str) -> str:
    """The host of an address's authority (``user@host:port``), lower-cased."""
    return authority.rpartition("@")[2].partition(":")[0].rstrip(".").lower()


def _archived_target(host: str, rest: str) -> str | None:
    """The page's own address written in an archive's path, if ``host`` is an archive's and names one."""
    if host in url_rules.ARCHIVE_HOSTS:
        match = _WAYBACK_PATH.match(rest)
        target = match.group("target") if match else ""
        if target and not _TARGET_SCHEME.match(target):
            # ``/web/2019/example.com/story``: the Wayback Machine reads a bare host as http.
            first_segment = target.partition("/")[0]
            bare_host = _BARE_HOST.match(first_segment) and registrable_domain(first_segment)
            target = f"http://{target}" if bare_host else ""
    elif registrable_domain(host) in url_rules.ARCHIVE_TODAY_DOMAINS:
        match = _ARCHIVE_TODAY_PATH.match(rest)
        target = match.group("target") if match else ""
    else:
        return None
    # A search for every address under a prefix (``/web/*/example.com/*``) names no one page.
    if not target or target.endswith("*"):
        return None
    return _TARGET_SCHEME.sub(lambda scheme: f"{scheme.group(1).lower()}://", target, count=1)


def _unwrap_archive(url: str) -> str:
    """The original URL of a web-archive capture (the Wayback Machine, archive.today), else ``url``.

    An archive's short link (``https://archive.ph/AbCd1``) names no page and is returned as it is.
    """
    # Every archive host has "archive." in it: other addresses pay for this test only.
    for _ in range(3):  # a capture of a capture, at most
        if "archive." not in url.lower():
            return url
        match = _ARCHIVE_ADDRESS.match(url)
        target = (
            _archived_target(_archive_host(match.group("authority")), match.group("rest")) if match else None
        )
        if target is None or not is_http_url(target):
            return url
        url = target
    return url


def _is_translation_page_host(host: str) -> bool:
    """``translate.google.com``, a country's ``translate.google.de`` or the frame's host."""
    if host in url_rules.GOOGLE_TRANSLATE_PAGE_HOSTS:
        return True
    domain = registrable_domain(host)
    return domain is not None and domain.partition(".")[0] == "google" and host == f"translate.{domain}"


def _translated_page(url: str) -> str | None:
    """The page's own address that a Google Translate page names in its ``u`` parameter
    (``translate.google.com/translate?sl=de&tl=en&u=https://www.example.com/x``), if ``url`` is
    such a page and the address is an http(s) one."""
    # Every such page's host has "translate." in it: other addresses pay for this test only.
    if "translate." not in url.lower() or not is_http_url(url):
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    if parts.path not in url_rules.GOOGLE_TRANSLATE_PAGE_PATHS or not _is_translation_page_host(host):
        return None
    target: str | None = None
    strays: list[str] = []
    for piece in parts.query.split("&"):
        raw_name, _, raw_value = piece.partition("=")
        name = unquote_plus(raw_name).lower()
        if name == url_rules.GOOGLE_TRANSLATE_PAGE_PARAMETER and target is None:
            # Percent-decoded only: a "+" in the page's own address is the page's.
            target = unquote(raw_value).strip()
            target = _TARGET_SCHEME.sub(lambda scheme: f"{scheme.group(1).lower()}://", target, count=1)
        elif (
            piece
            and name not in url_rules.GOOGLE_TRANSLATE_PAGE_OWN_PARAMETERS
            and not name.startswith(url_rules.GOOGLE_TRANSLATE_PARAMETER_PREFIX)
        ):
            strays.append(piece)
    if target is None or not is_http_url(target):
        return None
    if strays:
        target = f"{target}{'&' if urlsplit(target).query else '?'}{'&'.join(strays)}"
    return target


def _unwrap_wrapping_pages(url: str) -> str:
    """The page's own address behind web-archive captures and Google Translate pages, however
    nested (a capture of a translation, a translation of a capture), else ``url``."""
    for _ in range(3):  # a wrapper of a wrapper of a wrapper, at most
        url = _unwrap_archive(url)
        translated = _translated_page(url)
        if translated is None:
            return url
        url = translated
    return _unwrap_archive(url)


def _unwrap_translation_proxy(scheme: str, host: str, query: str) -> tuple[str, str, str] | None:
    """The page's (scheme, host, query) behind a Google Translate proxy address, if it is one:
    ``www-example-com.translate.goog`` is ``www.example.com`` (``--`` stands for ``-``, ``-`` for
    ``.``), its ``_x_tr_*`` parameters dropped; ``_x_tr_sch=http`` says the page is served over http."""
    label = host[: -len(url_rules.GOOGLE_TRANSLATE_PROXY_SUFFIX)]
    if not label or "." in label:
        return None
    original = label.replace("--", "\0").replace("-", ".").replace("\0", "-")
    if registrable_domain(original) is None:
        return None
    kept: list[str] = []
    for piece in query.split("&"):
        name, _, value = piece.partition("=")
        lowered = unquote_plus(name).lower()
        if not lowered.startswith(url_rules.GOOGLE_TRANSLATE_PARAMETER_PREFIX):
            kept.append(piece)
        elif lowered == "_x_tr_sch" and unquote_plus(value).lower() == "http":
            scheme = "http"
        elif lowered == "_x_tr_sch":
            scheme = "https"
    return scheme, original, "&".join(kept)


# The root's index document under the names servers give it (``/index.html``, ``/default.aspx``).
_ROOT_INDEX = re.compile(r"/(?:index|default|home)\.(?:s?html?|php\d?|aspx?|jsp|cfm)", re.IGNORECASE)


def is_home_page(url: str) -> bool:
    """Whether ``url`` (canonical) is a site's home page: its root, or the root's index document
    (``/index.html``), with no query. ``/?p=123`` is not: that is WordPress's plain address for one
    post. Some CMSs name the home page as every article's address (a canonical link, og:url, a
    feed entry's link): it is no article's."""
    parts = urlsplit(url)
    return (parts.path in ("", "/") or _ROOT_INDEX.fullmatch(parts.path) is not None) and not parts.query


def canonical_url(url: str) -> str:
    """The canonical form of ``url``: the form Tidings stores and compares.

    Lower-cases scheme and host, drops default ports, fragments, tracking parameters
    (``utm_*``, ``fbclid``, …), referral markers (``ref=rss``, but not on code hosts, where
    ``ref`` picks a branch) and AMP forms (``/amp/`` paths, ``?amp``, ``amp.`` hosts, the AMP
    cache and viewer), and unwraps an address that wraps a page's own to the page: a Wayback Machine
    or archive.today capture (not an archive.today short link, which names no page), a Google
    Translate proxy address (``www-example-com.translate.goog``, its ``_x_tr_*`` parameters) and a
    Google Translate page naming it (``translate.google.com/translate?…&u=<page>``). Reads a query
    parameter named ``amp;x`` (an ``&`` left escaped as ``&amp;``) as ``x``, and drops one site's
    own click trackers (``click`` on popularmechanics.com). Keeps everything else as it is, query
    order included. A value that is not an absolute http(s) URL
    comes back stripped of surrounding white space and otherwise unchanged.
    """
    stripped = _unwrap_wrapping_pages(url.strip())
    if not is_http_url(stripped):
        return stripped
    parts = urlsplit(stripped)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    path = parts.path or "/"
    port = parts.port
    query = parts.query

    if host.endswith(url_rules.GOOGLE_TRANSLATE_PROXY_SUFFIX):
        translated = _unwrap_translation_proxy(scheme, host, query)
        if translated is not None:
            scheme, host, query = translated
            port = None
    unwrapped = _unwrap_amp_cache(scheme, host, path)
    if unwrapped is not None:
        scheme, host, path = unwrapped
        port = None
    host = _strip_amp_host(host)
    path = _strip_amp_path(path)
    query = _clean_query(query, host)

    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    netloc = host
    if port is not None and port != url_rules.DEFAULT_PORTS.get(scheme):
        netloc = f"{host}:{port}"
    # User names and passwords are left out on purpose: they never belong in a stored address.
    return urlunsplit((scheme, netloc, path, query, ""))


def feed_address(url: str) -> str:
    """The address a subscription is stored and compared by: ``url`` without the tracking parameters
    ``canonical_url`` drops from an article's address (``utm_*``, ``fbclid``, a site's own click
    trackers; each name read without the ``amp;`` of an escaped ``&amp;``), so that a feed
    subscribed to through a tracking link is the feed already followed.

    Everything else stays exactly as written: what selects a feed (``?format=rss``, ``?feed=rss2``,
    ``?tag=x``, and the tracking names that may, ``url_rules.FEED_SELECTING_PARAMETERS``), the
    referral marker ``ref`` and AMP forms (which may name another feed), and the scheme, the
    credentials of a private feed, host, path and fragment. A value that is not an http(s) URL, or
    has nothing to drop, comes back unchanged.
    """
    if not is_http_url(url):
        return url
    rest = _address_parts(url)[2]
    if not rest.startswith("?"):
        return url
    query, hash_mark, fragment = rest[1:].partition("#")
    host = (urlsplit(url).hostname or "").rstrip(".")
    pieces = query.split("&")
    kept = [piece for piece in pieces if piece and not _tracks_a_feed_reader(piece, host)]
    if len(kept) == len([piece for piece in pieces if piece]):
        return url
    cleaned = "&".join(kept)
    start = len(url) - len(rest)
    return f"{url[:start]}{'?' if cleaned else ''}{cleaned}{hash_mark}{fragment}"


def _tracks_a_feed_reader(piece: str, host: str) -> bool:
    """Whether a query piece of a feed's address is a tracking parameter that cannot select the feed."""
    name = unquote_plus(_unescaped_piece(piece).partition("=")[0]).lower()
    if name in url_rules.FEED_SELECTING_PARAMETERS:
        return False
    return _is_tracking_parameter(name) or _is_site_tracking_parameter(name, host)


def _www_partner(host: str) -> str | None:
    """``www.example.com`` for ``example.com`` and back, ``www.news.example.com`` for
    ``news.example.com`` and back; None for a host with no registrable domain.

    Only a ``www.`` in front of a site's own host names that site: ``www2.example.com`` or
    ``news.example.com`` may be another site than ``example.com``, a public suffix
    (``www.co.uk``, ``www.blogspot.com``) is no one's site, and an IP address or ``localhost``
    has no ``www.``.
    """
    if host.startswith("www."):
        bare = host[len("www.") :]
        return bare if registrable_domain(bare) is not None else None
    return f"www.{host}" if registrable_domain(host) is not None else None


def _slash_partner(path: str) -> str | None:
    """``/a/`` for ``/a`` and back; None for the root, which has one form, and for a path that
    already ends in two slashes (``/a//``), which is written on purpose if at all."""
    if path in ("", "/") or path.endswith("//"):
        return None
    return path[:-1] if path.endswith("/") else f"{path}/"


def _address_parts(url: str) -> tuple[str, str, str]:
    """``url``'s authority, path, and query with its fragment (``?q#f``), each as written."""
    authority_start = url.index("://") + len("://")
    path_start = _first_of(url, "/?#", authority_start)
    query_start = _first_of(url, "?#", path_start)
    return url[authority_start:path_start], url[path_start:query_start], url[query_start:]


def _first_of(text: str, marks: str, start: int) -> int:
    """Where the first of ``marks`` is in ``text`` from ``start``, else the end of ``text``."""
    found = [index for index in (text.find(mark, start) for mark in marks) if index != -1]
    return min(found, default=len(text))


def equivalent_addresses(url: str) -> tuple[str, ...]:
    """``url`` first, then the addresses that are the same page on any news site: its http and
    https forms, each with and without a leading ``www.``, and each with and without a slash at
    the end of its path (``/a`` and ``/a/``; the root has one form): the lookup a store does by
    address.

    An internationalised host is looked up in its Unicode and its ASCII form too. Only the scheme,
    that ``www.``, that slash and that host form change; port, the rest of the path, query and
    fragment stay as written. A value that is not an http(s) URL, or one carrying a user name, is
    its own only address. Canonical URLs keep the scheme, host and path a page declares: these
    forms are for finding an article already stored, never for display.
    """
    if not is_http_url(url):
        return (url,)
    parts = urlsplit(url)
    if "@" in parts.netloc:
        return (url,)
    netloc, path, rest = _address_parts(url)
    netlocs = [netloc]
    port = f":{parts.port}" if parts.port is not None else ""
    partner = _www_partner(parts.hostname or "")
    if partner is not None:
        netlocs.append(f"{partner}{port}")
    # An internationalised host's other form: an article is stored under the writing it was first
    # reached by, and the other writing is the same address.
    for each_netloc in list(netlocs):
        host, colon, written_port = each_netloc.rpartition(":") if port else (each_netloc, "", "")
        other = _unicode_host(host) if host.isascii() else ascii_host(host)
        if other is not None and other != host:
            netlocs.append(f"{other}{colon}{written_port}")
    paths = [path]
    slash_partner = _slash_partner(path)
    if slash_partner is not None:
        paths.append(slash_partner)
    found_forms: dict[str, None] = {url: None}
    for each_path in paths:
        for scheme in ("https", "http"):
            for each_netloc in netlocs:
                found_forms.setdefault(f"{scheme}://{each_netloc}{each_path}{rest}", None)
    return tuple(found_forms)


# A run of percent escapes, and the ASCII characters an escape never changes the meaning of
# (RFC 3986 §2.3: "unreserved").
_ESCAPE_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _utf8_length(lead: int) -> int:
    """How many bytes the UTF-8 sequence that ``lead`` opens has; 0 where no sequence opens so."""
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    return 4 if 0xF0 <= lead <= 0xF4 else 0


def _read_escapes(run: re.Match[str]) -> str:
    """A run of escapes as the characters it stands for where those are the same address either
    way (an unreserved ASCII character; a printable non-ASCII character, as UTF-8), each other
    escape in upper case: a reserved character (``%2F`` is no path separator), white space, an
    invisible character, bytes that are no UTF-8 (``%E9``, Latin-1's é)."""
    data = bytes.fromhex(run.group().replace("%", ""))
    read: list[str] = []
    at = 0
    while at < len(data):
        length = _utf8_length(data[at]) or 1
        try:
            character = data[at : at + length].decode("utf-8") if at + length <= len(data) else ""
        except UnicodeDecodeError:
            character = ""
        if character and (
            character in _UNRESERVED
            or (not character.isascii() and character.isprintable() and not character.isspace())
        ):
            read.append(character)
            at += length
        else:
            read.append(f"%{data[at]:02X}")
            at += 1
    return "".join(read)


def escape_forms(url: str) -> tuple[str, ...]:
    """``url``'s other percent-encodings, those that are the same address (RFC 3986 §6.2.2, RFC 3987
    §3.1): its path, query and fragment with every escape that may be read as its character so
    read and the rest in upper case (``caf%c3%a9``, ``%7Eed`` are ``café``, ``~ed``), then that
    with each non-ASCII character escaped as UTF-8 (``caf%C3%A9``), each once and only where
    other than ``url``. A page's canonical link may write its address in its characters and its
    feed's link escaped, or one CMS escape in lower case what another writes in upper case: the
    store looks an article up by these too, and files it under the first as well
    (``store.articles.record_urls``). The host is left to ``equivalent_addresses``; a value that is
    not an http(s) URL has none.
    """
    if not is_http_url(url) or ("%" not in url and url.isascii()):
        return ()
    _, path, rest = _address_parts(url)
    start = len(url) - len(path) - len(rest)
    tail = url[start:]
    read = _ESCAPE_RUN.sub(_read_escapes, tail)
    escaped = "".join(character if character.isascii() else quote(character, safe="") for character in read)
    forms = dict.fromkeys(f"{url[:start]}{form}" for form in (read, escaped))
    forms.pop(url, None)
    return tuple(forms)
