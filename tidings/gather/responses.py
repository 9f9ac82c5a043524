"""What a fetch returns: the response, its redirects, and the validators for the next request.

Kept apart from ``fetch`` so that callers (the refresh job, discovery) depend on these plain
types and not on the client.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from email.message import Message

from tidings.errors import FetchError
from tidings.urls import display_url

__all__ = ["PERMANENT_REDIRECTS", "FetchResponse", "Redirect", "Validators"]

PERMANENT_REDIRECTS = frozenset({301, 308})


@dataclass(frozen=True, slots=True)
class Validators:
    """What a previous response said to send back for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        sent: dict[str, str] = {}
        if self.etag:
            sent["If-None-Match"] = self.etag
        if self.last_modified:
            sent["If-Modified-Since"] = self.last_modified
        return sent


@dataclass(frozen=True, slots=True)
class Redirect:
    status: int
    from_url: str
    to_url: str


@dataclass(frozen=True, slots=True)
class FetchResponse:
    """A response that reached us: its final URL, status, headers and decoded body."""

    requested_url: str
    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    redirects: tuple[Redirect, ...] = ()
    elapsed_s: float = 0.0
    http_version: str = "HTTP/1.1"

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str | None:
        raw = self.headers.get("content-type")
        return raw.split(";", 1)[0].strip().lower() or None if raw else None

    @property
    def charset(self) -> str | None:
        raw = self.headers.get("content-type")
        if not raw:
            return None
        message = Message()
        message["content-type"] = raw
        found = message.get_param("charset")
        return str(found).strip().lower() or None if isinstance(found, str) else None

    @property
    def validators(self) -> Validators:
        return Validators(etag=self.headers.get("etag"), last_modified=self.headers.get("last-modified"))

    @property
    def permanent_redirect(self) -> str | None:
        """Where the requested URL has moved for good: the end of its leading run of 301/308 hops."""
        moved_to = None
        for hop in self.redirects:
            if hop.status not in PERMANENT_REDIRECTS:
                break
            moved_to = hop.to_url
        return moved_to

    def failure(self) -> FetchError:
        """This response's error status as the ``FetchError`` to report."""
        permanent = self.status in {404, 410, 451} or self.status == 401
        reason = _STATUS_REASONS.get(self.status, f"the server answered HTTP {self.status}")
        return FetchError(display_url(self.url), reason, permanent=permanent, status=self.status)


_STATUS_REASONS = {
    401: "the server asks for a login (HTTP 401); put the user name and password in the URL",
    403: "the server refuses access (HTTP 403)",
    404: "there is nothing at this address (HTTP 404); check the URL",
    410: "the server says this address is gone for good (HTTP 410)",
    429: "the server says we asked too often (HTTP 429); Tidings waits before asking again",
    451: "the server refuses this address for legal reasons (HTTP 451)",
    500: "the server failed (HTTP 500); Tidings tries again later",
    502: "the server's gateway failed (HTTP 502); Tidings tries again later",
    503: "the server is unavailable (HTTP 503); Tidings tries again later",
    504: "the server's gateway timed out (HTTP 504); Tidings tries again later",
}
