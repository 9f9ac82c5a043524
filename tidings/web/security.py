"""What keeps hostile text harmless in the browser: response headers, link and HTML policy.

Every response gets a strict ``Content-Security-Policy`` (no inline script, scripts only from
our own origin), ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: no-referrer`` (so
that opening an outlet's page or loading its images tells it nothing about the reader). The
middleware is a plain ASGI wrapper so that it also covers errors, static files and the API.

Feed- and page-supplied text reaches templates only through Jinja's autoescaping; what may
become a link goes through ``safe_http_url`` (only absolute http/https URLs are ever rendered
as links); article HTML was sanitized at extraction and is cleaned once more on display by
``display_html`` with the same policy (``tidings.extract.sanitize``), relative URLs resolved
against the article's address, because the store may hold HTML written by an older version or by
another tool.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tidings.extract.sanitize import sanitize_html
from tidings.urls import has_ipv6_zone

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "ZONED_ADDRESS",
    "SecurityHeadersMiddleware",
    "address_refusal",
    "display_html",
    "is_cross_site_post",
    "safe_http_url",
]

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # Article images stay on their outlets' servers; the reader never proxies them.
        "img-src 'self' https: http:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-src 'none'",
        "media-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode("ascii")),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


class SecurityHeadersMiddleware:
    """Adds ``SECURITY_HEADERS`` to every HTTP response, replacing any of the same name."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in SECURITY_HEADERS}
                headers = [(name, value) for name, value in message.get("headers", []) if name not in names]
                message["headers"] = [*headers, *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


_LINK_SCHEMES = frozenset({"http", "https"})
# C0 controls and space, which a WHATWG URL parser strips from both ends, plus tab and
# newlines, which it removes anywhere: a value that needs either is not a URL we link to.
# (One regular expression: a story page checks hundreds of URLs, and a per-character loop in
# Python was a quarter of its time at 300 articles, bench/web.py 2026-12-03.)
_URL_NOISE = re.compile(r"[\x00-\x20]")


def safe_http_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL with a host and nothing a parser would strip,
    and no IPv6 zone (``urls.has_ipv6_zone``: no browser opens it, and no address keeps one)."""
    if not url or len(url) > 2048 or _URL_NOISE.search(url):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in _LINK_SCHEMES or not host or "\\" in url or has_ipv6_zone(host):
        return None
    return url


# Why an address with an IPv6 zone is refused where a person gives one (``address_refusal``).
ZONED_ADDRESS = (
    "names an IPv6 address with a zone (such as %25eth0), a network interface of one computer: "
    "no browser opens it and Tidings does not fetch it, so it names no page or outlet; "
    "give a host name or a global address instead"
)


def address_refusal(url: str, otherwise: str) -> str:
    """Why ``url``, which ``safe_http_url`` refuses, is refused: ``ZONED_ADDRESS`` for an address
    well formed but naming an IPv6 zone, which a reason for a malformed one would not explain;
    else ``otherwise``, the caller's own words for an address that is not http(s)."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return otherwise
    return ZONED_ADDRESS if host is not None and has_ipv6_zone(host) else otherwise


def display_html(html: str, *, base_url: str | None = None) -> str:
    """Article HTML cleaned for display by extraction's own policy (``sanitize_html``: one
    allow-list, http/https/mailto URLs, safe link rels), relative URLs resolved against the
    article's address ``base_url`` or dropped.

    The reader once kept an allow-list of its own: it stripped headings the extractor keeps to bare
    text, and allowed ``<source srcset>``, whose URLs nh3 never checks; and it left relative URLs
    relative, so a page read from a file linked and loaded images from the reader's own paths.
    """
    return sanitize_html(html, base_url=base_url)


def is_cross_site_post(headers: Mapping[str, str], own_origin: str) -> bool:
    """Whether a form post comes from another site (a CSRF attempt); browsers say so in headers.

    ``Sec-Fetch-Site`` is sent by every current browser; ``Origin`` covers older ones. A request
    with neither (curl, scripts) is not a browser acting for another site, so it passes.
    """
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site not in {"same-origin", "none"}
    origin = headers.get("origin")
    if origin is None or origin == "null":
        return origin == "null"
    return origin.rstrip("/") != own_origin.rstrip("/")
