"""Politeness: how many requests one site gets at once, how often, and what robots.txt allows.

``HostGate`` bounds concurrent requests per host and per registrable domain (so the twenty feeds
of one newspaper, spread over ``www.``, ``feeds.`` and ``rss.``, do not all arrive at once), keeps
a minimum gap between the starts of two requests to one host, and lets a host be deferred (after
a 429 or 503 with ``Retry-After``). ``RobotsRules`` caches each origin's robots.txt, parsed by
Protego (Scrapy's parser: wildcards, ``Allow`` precedence, ``Crawl-delay``, ``Sitemap``), and
follows RFC 9309 for failures: a missing robots.txt (4xx) allows everything; an unreachable one
(5xx, network error) disallows everything until it can be read.

Both are objects owned by one ``Fetcher``: state lives as long as the fetcher, never in a module.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from protego import Protego

__all__ = ["HostGate", "RobotsRules", "RobotsVerdict", "TurnTooFar"]

Clock = Callable[[], float]


class _KeyedSemaphores:
    """One semaphore per key, dropped when nobody holds or awaits it (hosts come and go)."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._entries: dict[str, tuple[asyncio.Semaphore, list[int]]] = {}

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        semaphore, users = self._entries.setdefault(key, (asyncio.Semaphore(self._limit), [0]))
        users[0] += 1
        try:
            async with semaphore:
                yield
        finally:
            users[0] -= 1
            if users[0] == 0:
                del self._entries[key]

    def __len__(self) -> int:
        return len(self._entries)


class TurnTooFar(Exception):
    """A request's turn at its host is further off than its caller would wait."""

    def __init__(self, host: str, wait_s: float) -> None:
        super().__init__(f"{host}: next turn in {wait_s:.0f} s")
        self.host = host
        self.wait_s = wait_s


class HostGate:
    """Admits requests to hosts within the per-host, per-domain and gap limits."""

    def __init__(
        self,
        *,
        per_host: int,
        per_domain: int,
        min_gap_s: float,
        domain_of: Callable[[str], str],
        clock: Clock = time.monotonic,
    ) -> None:
        self._hosts = _KeyedSemaphores(per_host)
        self._domains = _KeyedSemaphores(per_domain)
        self._min_gap_s = min_gap_s
        self._domain_of = domain_of
        self._clock = clock
        self._next_start: dict[str, float] = {}
        # When each host asked us to wait until (Retry-After): a request that reserved its turn
        # before the host asked, and sleeps until then, checks it again as it wakes.
        self._deferred_until: dict[str, float] = {}
        self._gaps: dict[str, float] = {}

    def set_gap(self, host: str, seconds: float) -> None:
        """A longer gap for one host (its robots.txt ``Crawl-delay``); never shorter than the default."""
        if seconds > self._min_gap_s:
            self._gaps[host] = seconds

    def defer(self, host: str, seconds: float) -> None:
        """No request to ``host`` starts for ``seconds`` (the server asked us to wait)."""
        until = self._clock() + seconds
        self._deferred_until[host] = max(self._deferred_until.get(host, 0.0), until)
        self._next_start[host] = max(self._next_start.get(host, 0.0), until)

    def wait_s(self, host: str) -> float:
        """Seconds before a request to ``host`` could start, were it asked now."""
        return max(0.0, self._next_start.get(host, 0.0) - self._clock())

    def _reserve_turn(self, host: str, max_wait_s: float | None) -> float:
        """Seconds to wait before this request may start; reserves the slot after it. Raises
        ``TurnTooFar`` (reserving nothing) when that is more than ``max_wait_s``."""
        now = self._clock()
        start = max(now, self._next_start.get(host, 0.0))
        if max_wait_s is not None and start - now > max_wait_s:
            raise TurnTooFar(host, start - now)
        self._next_start[host] = start + self._gaps.get(host, self._min_gap_s)
        return start - now

    def _deferred_wait(self, host: str, max_wait_s: float | None) -> float:
        """Seconds more to wait, once a request's reserved turn has come, because the host asked
        for a wait meanwhile (a 429 to the request ahead); reserves the slot after it. Raises
        ``TurnTooFar`` when that is more than ``max_wait_s``."""
        now = self._clock()
        until = self._deferred_until.get(host, 0.0)
        if until <= now:
            return 0.0
        if max_wait_s is not None and until - now > max_wait_s:
            raise TurnTooFar(host, until - now)
        gap = self._gaps.get(host, self._min_gap_s)
        self._next_start[host] = max(self._next_start.get(host, 0.0), until + gap)
        return until - now

    def _forget_idle(self) -> None:
        now = self._clock()
        if len(self._next_start) > 4096:
            self._next_start = {host: at for host, at in self._next_start.items() if at > now}
        if len(self._deferred_until) > 4096:
            self._deferred_until = {host: at for host, at in self._deferred_until.items() if at > now}

    @asynccontextmanager
    async def slot(self, host: str, *, max_wait_s: float | None = None) -> AsyncIterator[None]:
        """Hold a request slot for ``host`` for the duration of the ``async with`` body.

        ``max_wait_s`` bounds the wait for the request's turn once the concurrency limits admit
        it: a host deferred meanwhile (a 429 to a request ahead in the queue) raises
        ``TurnTooFar`` instead of holding the caller for as long as the host asked."""
        async with self._domains.hold(self._domain_of(host)), self._hosts.hold(host):
            wait_s = self._reserve_turn(host, max_wait_s)
            while wait_s > 0:
                await asyncio.sleep(wait_s)
                wait_s = self._deferred_wait(host, max_wait_s)
            try:
                yield
            finally:
                self._forget_idle()


@dataclass(frozen=True, slots=True)
class RobotsVerdict:
    """What an origin's robots.txt says of one URL. ``lasting`` tells a refusal the file's rules
    make (asking again will not change it) from one made because the file could not be read (an
    outage, RFC 9309's temporary full disallow)."""

    allowed: bool
    crawl_delay_s: float | None = None
    reason: str = ""
    lasting: bool = True


@dataclass(slots=True)
class _RobotsEntry:
    parser: Protego | None
    blocked_reason: str
    expires_at: float


# How long robots.txt answers are kept. A day follows Google's documented caching of robots.txt;
# an unreachable one is asked again after an hour so a brief outage does not block a site for a day.
ROBOTS_TTL_S = 24 * 3600.0
ROBOTS_ERROR_TTL_S = 3600.0


@dataclass(frozen=True, slots=True)
class RobotsFile:
    """A fetched robots.txt: its HTTP status and body (empty when it could not be fetched)."""

    status: int | None
    body: bytes


class RobotsRules:
    """Cached robots.txt decisions per origin; one fetch per origin at a time, however many ask."""

    def __init__(
        self,
        fetch_robots: Callable[[str], Awaitable[RobotsFile]],
        *,
        user_agent_token: str,
        clock: Clock = time.monotonic,
    ) -> None:
        self._fetch_robots = fetch_robots
        self._token = user_agent_token
        self._clock = clock
        self._entries: dict[str, _RobotsEntry] = {}
        self._pending: dict[str, asyncio.Future[_RobotsEntry]] = {}

    def _entry_from(self, robots: RobotsFile) -> _RobotsEntry:
        now = self._clock()
        if robots.status is not None and 200 <= robots.status < 300:
            text = robots.body.decode("utf-8", errors="replace")
            return _RobotsEntry(Protego.parse(text), "", now + ROBOTS_TTL_S)
        if robots.status is not None and 400 <= robots.status < 500:
            return _RobotsEntry(None, "", now + ROBOTS_TTL_S)
        why = (
            f"its robots.txt could not be read (status {robots.status})"
            if robots.status
            else ("its robots.txt could not be reached")
        )
        return _RobotsEntry(None, why, now + ROBOTS_ERROR_TTL_S)

    async def _entry(self, origin: str) -> _RobotsEntry:
        cached = self._entries.get(origin)
        if cached is not None and cached.expires_at > self._clock():
            return cached
        pending = self._pending.get(origin)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[_RobotsEntry] = asyncio.get_running_loop().create_future()
        self._pending[origin] = future
        try:
            entry = self._entry_from(await self._fetch_robots(origin))
            self._entries[origin] = entry
            future.set_result(entry)
            return entry
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # marks it retrieved when nobody else awaited it
            raise
        finally:
            del self._pending[origin]

    async def verdict(self, origin: str, url: str) -> RobotsVerdict:
        entry = await self._entry(origin)
        if entry.blocked_reason:
            return RobotsVerdict(False, reason=entry.blocked_reason, lasting=False)
        if entry.parser is None:
            return RobotsVerdict(True)
        allowed = entry.parser.can_fetch(url, self._token)
        delay = entry.parser.crawl_delay(self._token)
        return RobotsVerdict(
            allowed,
            crawl_delay_s=float(delay) if delay is not None else None,
            reason="" if allowed else "its robots.txt disallows this page for crawlers",
        )

    async def sitemaps(self, origin: str) -> list[str]:
        """The ``Sitemap:`` lines of the origin's robots.txt."""
        entry = await self._entry(origin)
        return list(entry.parser.sitemaps) if entry.parser is not None else []
