"""The one outbound HTTP client: every feed, page, robots.txt, sitemap, discovery, icon and OPML
URL Tidings fetches goes through ``Fetcher.get``.

It is httpx (async, HTTP/1.1 and HTTP/2) over ``PinnedTransport``, so every connection of every
redirect hop goes to an address the outbound policy checked (``netpolicy``, ``transport``).
Around that it adds what a feed reader needs and httpx leaves to its caller:

* redirects followed by hand, at most ``max_redirects`` hops, each target checked before it is
  requested; a password in the address goes on only with a relative Location, which stays on the
  host it was given for (an absolute one carries none); permanent hops are reported so a caller can
  update a stored URL (``FetchResponse.permanent_redirect``);
* caps: the *decoded* body is bounded while it streams (``encodings.BoundedDecoder``: httpx's decoders
  inflate a whole network chunk at once, and one 64 KB gzip chunk can become 66 MB, brotli far
  more), and the whole fetch, hops and body included, is bounded in wall-clock time, so a
  slow-drip server cannot hold a worker;
* conditional GET (``Validators``: ETag and Last-Modified);
* politeness (``HostGate``) for every request and robots.txt (``RobotsRules``) for pages and
  sitemaps;
* one error type: every failure is a ``FetchError`` (``BlockedDestination`` for the policy)
  whose message names the URL, its password masked (``display_url``: messages are shown and
  stored as a source's last error). HTTP error statuses are returned, not raised, because callers
  read their headers (``Retry-After``); ``FetchResponse.failure()`` turns one into an error.
"""

from __future__ import annotations

import asyncio
import ssl
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Literal
from urllib.parse import urljoin

import brotli
import httpx

from tidings.errors import BlockedDestination, FetchError
from tidings.gather.encodings import BoundedDecoder, OverCap
from tidings.gather.netpolicy import Destination, NetPolicy
from tidings.gather.politeness import HostGate, RobotsFile, RobotsRules, TurnTooFar
from tidings.gather.responses import FetchResponse, Redirect, Validators
from tidings.gather.schedule import retry_after_at
from tidings.gather.transport import Connector, PinnedTransport, Resolver
from tidings.urls import display_url, registrable_domain

__all__ = [
    "FetchConfig",
    "FetchResponse",
    "Fetcher",
    "Purpose",
    "Redirect",
    "Validators",
    "registrable_domain_of",
]

Purpose = Literal["feed", "page", "sitemap", "robots", "discovery", "icon", "opml"]
ROBOTS_PURPOSES: frozenset[Purpose] = frozenset({"page", "sitemap"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

# robots.txt files are small; Google reads the first 500 KiB and ignores the rest.
ROBOTS_MAX_BYTES = 500 * 1024
# A Retry-After longer than this is treated as this long for the host gate (the source's own
# schedule still honours the full value): one bad header must not silence a host for weeks.
MAX_HOST_DEFER_S = 3600.0
MAX_CRAWL_DELAY_S = 60.0

ACCEPT = {
    "feed": "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
    "page": "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1",
    "sitemap": "application/xml, text/xml;q=0.9, */*;q=0.5",
    "robots": "text/plain, */*;q=0.5",
    "discovery": "text/html, application/rss+xml, application/atom+xml, application/feed+json, */*;q=0.5",
    "icon": "image/*, */*;q=0.5",
    "opml": "text/x-opml, application/xml, text/xml;q=0.9, */*;q=0.5",
}


@dataclass(frozen=True, slots=True)
class FetchConfig:
    """Limits and identity of the fetcher (built from ``Settings`` by the caller)."""

    user_agent: str
    max_body_bytes: int = 20_000_000
    max_redirects: int = 5
    total_timeout_s: float = 30.0
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 20.0
    per_host: int = 2
    per_domain: int = 4
    host_gap_s: float = 1.0
    max_connections: int = 100
    http2: bool = True

    @property
    def robots_token(self) -> str:
        """The product token robots.txt groups are matched against (``Tidings``)."""
        return self.user_agent.split("/", 1)[0].strip() or "Tidings"


class _Redirected(Exception):
    """A redirect hop to follow (control flow inside ``Fetcher._follow``)."""

    def __init__(self, target: Destination) -> None:
        super().__init__(target.url)
        self.target = target


def _long_wait(destination: Destination, wait_s: float) -> FetchError:
    return FetchError(
        display_url(destination.url),
        f"the server asked Tidings to wait {wait_s:.0f} s more before its next request "
        "(Retry-After or robots.txt Crawl-delay); it is asked again later",
        retry_after_s=wait_s,
    )


def registrable_domain_of(host: str) -> str:
    """The politeness key of a host: its registrable domain, else the host itself (an address)."""
    return registrable_domain(host) or host


def _header_map(headers: httpx.Headers) -> Mapping[str, str]:
    return MappingProxyType({name.lower(): value for name, value in headers.items()})


def _retry_after_s(headers: httpx.Headers) -> float | None:
    """``Retry-After`` in seconds from now, whether given as seconds or as an HTTP date."""
    now = datetime.now(UTC)
    moment = retry_after_at({"retry-after": headers.get("retry-after", "")}, now)
    return max(0.0, (moment - now).total_seconds()) if moment is not None else None


class Fetcher:
    """The outbound client. Use as ``async with Fetcher(config, policy) as fetcher``.

    ``resolver`` and ``connector`` replace DNS and TCP (tests, the benchmark); everything else
    (policy checks, pinning, caps, politeness) runs the same whatever they are.
    """

    def __init__(
        self,
        config: FetchConfig,
        policy: NetPolicy,
        *,
        resolver: Resolver | None = None,
        connector: Connector | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.config = config
        self.policy = policy
        self.gate = HostGate(
            per_host=config.per_host,
            per_domain=config.per_domain,
            min_gap_s=config.host_gap_s,
            domain_of=registrable_domain_of,
        )
        self.robots = RobotsRules(self._fetch_robots, user_agent_token=config.robots_token)
        transport = PinnedTransport(
            policy,
            resolver=resolver,
            connector=connector,
            max_connections=config.max_connections,
            # Few idle connections: feeds are polled minutes apart, so an idle connection is seldom
            # reused, and httpcore scans every pooled connection on each request.
            max_keepalive_connections=max(4, config.max_connections // 4),
            keepalive_expiry_s=10.0,
            http2=config.http2,
            ssl_context=ssl_context,
        )
        self._client = httpx.AsyncClient(
            transport=transport,
            follow_redirects=False,
            trust_env=False,
            timeout=httpx.Timeout(
                config.read_timeout_s, connect=config.connect_timeout_s, pool=config.total_timeout_s
            ),
            headers={"User-Agent": config.user_agent},
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def get(
        self,
        url: str,
        *,
        purpose: Purpose = "feed",
        validators: Validators | None = None,
        max_bytes: int | None = None,
        truncate: bool = False,
    ) -> FetchResponse:
        """GET ``url`` and read its body, within every cap; raises ``FetchError`` on failure.

        ``truncate`` keeps the first ``max_bytes`` of a longer body instead of failing (robots.txt).
        """
        destination = self.policy.check_url(url)
        started = time.monotonic()
        response = await self._follow(destination, purpose, validators, max_bytes, truncate)
        return _with_elapsed(response, time.monotonic() - started)

    async def _follow(
        self,
        destination: Destination,
        purpose: Purpose,
        validators: Validators | None,
        max_bytes: int | None,
        truncate: bool,
    ) -> FetchResponse:
        redirects: list[Redirect] = []
        current = destination
        headers = {"Accept": ACCEPT[purpose], **(validators.headers() if validators else {})}
        # The time limit runs from the first request: waiting for a polite turn does not count.
        deadline: float | None = None
        for _hop in range(self.config.max_redirects + 1):
            if purpose in ROBOTS_PURPOSES:
                await self._obey_robots(current)
            self._refuse_long_waits(current)
            try:
                async with self.gate.slot(current.host, max_wait_s=self.config.total_timeout_s):
                    loop = asyncio.get_running_loop()
                    deadline = deadline if deadline is not None else loop.time() + self.config.total_timeout_s
                    try:
                        async with asyncio.timeout_at(deadline):
                            return await self._exchange(
                                destination,
                                current,
                                headers=headers,
                                redirects=redirects,
                                max_bytes=max_bytes,
                                truncate=truncate,
                            )
                    except _Redirected as hop:
                        current = hop.target
                    except TimeoutError as exc:
                        raise FetchError(
                            display_url(destination.url),
                            f"the fetch took longer than {self.config.total_timeout_s:g} s and was stopped "
                            "(raise TIDINGS_FETCH_TIMEOUT_S for slow servers)",
                        ) from exc
            except TurnTooFar as exc:
                # The host was deferred (a 429 to a request ahead) while this one queued for it.
                raise _long_wait(current, exc.wait_s) from exc
        raise FetchError(
            display_url(destination.url),
            f"it redirects more than {self.config.max_redirects} times; check the URL",
        )

    def _refuse_long_waits(self, destination: Destination) -> None:
        """Fail now rather than hold a worker while a host that asked us to wait is closed."""
        wait_s = self.gate.wait_s(destination.host)
        if wait_s > self.config.total_timeout_s:
            raise _long_wait(destination, wait_s)

    async def _exchange(
        self,
        destination: Destination,
        current: Destination,
        *,
        headers: dict[str, str],
        redirects: list[Redirect],
        max_bytes: int | None,
        truncate: bool,
    ) -> FetchResponse:
        """One request and its body; raises ``_Redirected`` for a redirect to follow."""
        response = await self._send(current, headers)
        try:
            location = response.headers.get("location")
            if response.status_code in REDIRECT_STATUSES and location:
                target = urljoin(current.url, location.strip())
                redirects.append(Redirect(response.status_code, current.url, target))
                raise _Redirected(self._check_redirect(current, target))
            self._note_backoff(current.host, response)
            body = await self._read_body(current, response, max_bytes or self.config.max_body_bytes, truncate)
            return FetchResponse(
                requested_url=destination.url,
                url=current.url,
                status=response.status_code,
                headers=_header_map(response.headers),
                body=body,
                redirects=tuple(redirects),
                http_version=response.http_version,
            )
        finally:
            await response.aclose()

    async def _send(self, destination: Destination, headers: dict[str, str]) -> httpx.Response:
        try:
            request = self._client.build_request("GET", destination.url, headers=headers)
        except httpx.InvalidURL as exc:
            raise BlockedDestination(
                display_url(destination.url), f"the URL cannot be requested ({exc})"
            ) from exc
        try:
            return await self._client.send(request, stream=True)
        except httpx.HTTPError as exc:
            # httpx reads a redirect's Location itself, even when it does not follow it.
            raise FetchError(
                display_url(destination.url), f"the server's answer cannot be read ({exc})"
            ) from exc
        except httpx.InvalidURL as exc:
            # The URL was requested, so what httpx could not take is the Location it redirects to
            # (``javascript:alert(1)``): the URL given is not at fault.
            raise BlockedDestination(
                display_url(destination.url), f"it redirects to an address that cannot be requested ({exc})"
            ) from exc

    def _check_redirect(self, current: Destination, target: str) -> Destination:
        try:
            return self.policy.check_url(target)
        except BlockedDestination as exc:
            raise BlockedDestination(
                display_url(current.url), f"it redirects to {exc.url}, which is refused: {exc.reason}"
            ) from exc

    def _note_backoff(self, host: str, response: httpx.Response) -> None:
        if response.status_code in {429, 503}:
            delay = _retry_after_s(response.headers)
            self.gate.defer(
                host, min(delay if delay is not None else self.config.host_gap_s * 30, MAX_HOST_DEFER_S)
            )

    async def _obey_robots(self, destination: Destination) -> None:
        verdict = await self.robots.verdict(destination.origin, destination.url)
        if not verdict.allowed:
            # An unreadable robots.txt refuses for now only: the page is asked for again later.
            raise FetchError(
                display_url(destination.url), f"not fetched: {verdict.reason}", permanent=verdict.lasting
            )
        if verdict.crawl_delay_s:
            self.gate.set_gap(destination.host, min(verdict.crawl_delay_s, MAX_CRAWL_DELAY_S))

    async def _fetch_robots(self, origin: str) -> RobotsFile:
        try:
            response = await self.get(
                f"{origin}/robots.txt", purpose="robots", max_bytes=ROBOTS_MAX_BYTES, truncate=True
            )
        except BlockedDestination:
            raise
        except FetchError:
            return RobotsFile(None, b"")
        return RobotsFile(response.status, response.body)

    async def _read_body(
        self, destination: Destination, response: httpx.Response, cap: int, truncate: bool
    ) -> bytes:
        declared = response.headers.get("content-length", "").strip()
        encoded = bool(response.headers.get("content-encoding"))
        if declared.isdigit() and int(declared) > cap and not encoded and not truncate:
            raise FetchError(display_url(destination.url), _too_large(int(declared), cap))
        try:
            decoder = BoundedDecoder(response.headers.get("content-encoding"), cap)
        except ValueError as exc:
            raise FetchError(
                display_url(destination.url), f"the server used an encoding Tidings cannot read ({exc})"
            ) from exc
        parts: list[bytes] = []
        raw_total = 0
        try:
            async for chunk in response.aiter_raw():
                raw_total += len(chunk)
                if raw_total > cap:
                    raise OverCap
                parts.append(decoder.feed(chunk))
        except OverCap as exc:
            if truncate:
                return b"".join(parts)[:cap]
            raise FetchError(display_url(destination.url), _too_large(None, cap)) from exc
        except (zlib.error, brotli.error) as exc:
            raise FetchError(
                display_url(destination.url), "the server sent a body whose compression is broken"
            ) from exc
        return b"".join(parts)


def _too_large(size: int | None, cap: int) -> str:
    said = f" ({size:,} bytes)" if size is not None else ""
    return (
        f"the response{said} is over the {cap:,}-byte cap and was not read "
        "(raise TIDINGS_MAX_DOCUMENT_BYTES to accept it)"
    )


def _with_elapsed(response: FetchResponse, elapsed_s: float) -> FetchResponse:
    return replace(response, elapsed_s=elapsed_s)
