"""The outbound URL and address policy: which destinations the fetcher may ever reach.

Hand-written on purpose. No library we know of decides on the *resolved, connected* address with
rules that cover the forms attackers use, and the usual shortcuts are wrong: Python's
``ipaddress.is_global`` is True for multicast, NAT64, 6to4, ``::a.b.c.d`` and 192.0.0.192;
``socket.getaddrinfo`` reads full-width and circled digits as ``127.0.0.1`` (it applies the idna
codec) and ``inet_aton`` reads ``0x7f.1`` and ``2130706433`` as loopback; and ``urlsplit`` and
WHATWG parsers disagree on a backslash in the authority. So this module:

* parses a URL strictly (``parse_destination``): http and https only; no control characters,
  spaces or backslashes in the authority; at most one ``@``; a port in range; the host mapped
  with UTS-46 (as browsers do) and turned into ASCII *before* anything resolves it, so what we
  check is what we connect to. A host whose last label is a number is an IPv4 address in
  WHATWG's reading; only the canonical dotted quad is accepted (``2130706433``, ``0x7f.1``,
  ``0177.0.0.1``, ``8.8.2056`` are refused, whatever they point to: a pinned policy choice).
  Names under special-use suffixes (``localhost``, ``.local``, ``.internal``, ``.home.arpa``…) and
  single-label names (intranet names such as ``metadata``) are refused by name.
* judges addresses (``NetPolicy.check_address``) by the rules of ``addresses`` (our own table of
  special-purpose ranges; IPv4 carried inside IPv6 judged by the IPv4 address it reaches).

The address check happens at connection time, for every connection of every redirect hop, on the
address the connection is then made to (``transport.PinnedBackend``), so a DNS answer that changes
between check and connect (rebinding) cannot slip through.

``allowed`` networks (the ``fetch_allow_networks`` setting) let people who host feeds on their own
network reach them: an address in an allowed network, on an allowed port when one is given, is
accepted although it is not public.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

import idna

from tidings.errors import BlockedDestination
from tidings.gather.addresses import (
    AllowedNetwork,
    IPAddress,
    address_refusal,
    parse_allowed_networks,
)
from tidings.urls import display_url

__all__ = [
    "AllowedNetwork",
    "Destination",
    "IPAddress",
    "NetPolicy",
    "address_refusal",
    "parse_allowed_networks",
    "parse_destination",
]

# The end of every refusal of a non-public address: what the rule is and how to open it for a LAN.
PUBLIC_ONLY = (
    "only public addresses are fetched (to reach a network of your own, list it in "
    "TIDINGS_FETCH_ALLOW_NETWORKS)"
)


DEFAULT_PORTS = {"http": 80, "https": 443}


# Special-use names (RFC 6761, RFC 6762, RFC 8375, ICANN's .internal): never public web hosts.
_SPECIAL_SUFFIXES = ("localhost", "local", "internal", "home.arpa", "onion", "invalid", "test", "localdomain")

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_\-]{0,61}[a-z0-9_])?$")
_PORT = re.compile(r"^[0-9]{1,5}$")
MAX_URL_CHARS = 8192


# --------------------------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Destination:
    """A URL the policy accepted, in the one form every later step uses.

    ``host`` is ASCII (IDNA) or an IP address in its canonical text, without brackets;
    ``address`` is set when the host is an address literal. ``url`` is what goes on the wire:
    ASCII host, explicit path, spaces percent-encoded, fragment dropped.
    """

    url: str
    scheme: str
    host: str
    port: int
    address: IPAddress | None

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.netloc}"

    @property
    def netloc(self) -> str:
        shown = f"[{self.host}]" if ":" in self.host else self.host
        return shown if DEFAULT_PORTS[self.scheme] == self.port else f"{shown}:{self.port}"


def _refuse(url: str, reason: str) -> BlockedDestination:
    # The refusal is shown and stored as a source's last error: never with its password.
    shown = display_url(url)
    shown = shown if len(shown) <= 200 else shown[:200] + "…"
    return BlockedDestination(shown, reason)


def _whatwg_ipv4_part(part: str) -> int | None:
    """One part of a WHATWG IPv4 host (decimal, 0x hex or leading-zero octal), or None."""
    if part == "":
        return None
    try:
        if part[:2].lower() == "0x":
            return int(part[2:], 16) if part[2:] else 0
        if len(part) > 1 and part.startswith("0"):
            return int(part[1:], 8)
        return int(part, 10) if part.isascii() and part.isdigit() else None
    except ValueError:
        return None


def _ends_in_number(host: str) -> bool:
    """WHATWG's "ends in a number": such a host is an IPv4 address or an error, never a name."""
    labels = host.split(".")
    if labels[-1] == "" and len(labels) > 1:
        labels.pop()
    last = labels[-1]
    if last.isascii() and last.isdigit():
        return True
    return last[:2].lower() == "0x" and all(c in "0123456789abcdefABCDEF" for c in last[2:])


def _ipv4_literal(url: str, host: str) -> ipaddress.IPv4Address:
    """Accept only the canonical dotted quad; every other numeric form is refused (pinned choice)."""
    parts = host.split(".")
    canonical = len(parts) == 4 and all(
        part.isascii() and part.isdigit() and (part == "0" or not part.startswith("0")) and int(part) <= 255
        for part in parts
    )
    if canonical:
        return ipaddress.IPv4Address(host)
    values = [_whatwg_ipv4_part(part) for part in parts]
    numbers = [value for value in values if value is not None]
    valid = (
        len(numbers) == len(parts) <= 4
        and all(number <= 255 for number in numbers[:-1])
        and numbers[-1] < 256 ** (5 - len(numbers))
    )
    if not valid:
        raise _refuse(url, "the host looks like a number but is not a valid IPv4 address")
    raise _refuse(
        url,
        "the host is an IPv4 address written in a non-standard form (decimal, hex, octal or short); "
        "write it as four decimal numbers",
    )


def _ipv6_literal(url: str, text: str) -> ipaddress.IPv6Address:
    if "%" in text:
        raise _refuse(url, "IPv6 zone identifiers are not allowed in URLs")
    try:
        return ipaddress.IPv6Address(text)
    except ValueError as exc:
        raise _refuse(url, "the host is not a valid IPv6 address") from exc


def _ascii_host(url: str, host: str) -> str:
    """The host as browsers would resolve it: UTS-46 mapped, lower-case, IDNA A-labels."""
    try:
        mapped = idna.uts46_remap(host, std3_rules=False, transitional=False).lower()
    except idna.IDNAError as exc:
        raise _refuse(url, "the host name is not a valid international name") from exc
    if mapped.endswith("."):
        mapped = mapped[:-1]
    if not mapped:
        raise _refuse(url, "the URL has no host")
    labels = []
    for label in mapped.split("."):
        if label.isascii():
            labels.append(label)
            continue
        try:
            labels.append(idna.alabel(label).decode("ascii"))
        except (idna.IDNAError, UnicodeError) as exc:
            raise _refuse(url, "the host name is not a valid international name") from exc
    return ".".join(labels)


def _check_name(url: str, host: str) -> None:
    labels = host.split(".")
    if any(not _LABEL.match(label) for label in labels):
        raise _refuse(url, "the host name has characters no public host name has")
    if len(host) > 253:
        raise _refuse(url, "the host name is longer than 253 characters")
    for suffix in _SPECIAL_SUFFIXES:
        if host == suffix or host.endswith("." + suffix):
            raise _refuse(url, f"{host} is a local name (.{suffix}), not a public web host")
    if len(labels) == 1:
        raise _refuse(url, f"{host} is a name without a domain (an intranet name), not a public web host")


def _split_authority(url: str, rest: str) -> tuple[str, str]:
    """(authority, path-and-query) of what follows ``scheme://``."""
    end = len(rest)
    for delimiter in "/?#":
        found = rest.find(delimiter)
        if found != -1:
            end = min(end, found)
    return rest[:end], rest[end:]


def _host_and_port(url: str, scheme: str, hostport: str) -> tuple[str, int]:
    if hostport.startswith("["):
        closing = hostport.find("]")
        if closing == -1:
            raise _refuse(url, "the IPv6 address in the URL is not closed by ]")
        host, after = hostport[: closing + 1], hostport[closing + 1 :]
        if after and not after.startswith(":"):
            raise _refuse(url, "unexpected characters after the IPv6 address")
        port_text = after[1:] if after else ""
    else:
        host, _, port_text = hostport.partition(":")
        if ":" in port_text:
            raise _refuse(url, "the URL's authority has more than one port")
    if port_text == "":
        return host, DEFAULT_PORTS[scheme]
    if not _PORT.match(port_text) or not 0 < int(port_text) < 65536:
        raise _refuse(url, f"{port_text!r} is not a port number (1 to 65535)")
    return host, int(port_text)


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, as every browser applies it: ``/a/./b/../c`` → ``/a/c``."""
    output: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                output.append("")
            continue
        if segment == "..":
            if len(output) > 1:
                output.pop()
            if last:
                output.append("")
            continue
        output.append(segment)
    return "/".join(output)


def _encode_path(path_and_query: str) -> str:
    """The path and query as sent: spaces encoded, dot segments resolved, no empty ``?`` or fragment."""
    without_fragment = path_and_query.partition("#")[0]
    path, question, query = without_fragment.partition("?")
    safe = "/?&=%:;@!$'()*+,~-._[]|"
    encoded_path = _remove_dot_segments(quote(path, safe=safe) or "/")
    if not encoded_path.startswith("/"):
        encoded_path = "/" + encoded_path
    if question and query:
        return f"{encoded_path}?{quote(query, safe=safe)}"
    return encoded_path


def parse_destination(url: str, *, is_allowed: Callable[[IPAddress, int], bool] | None = None) -> Destination:
    """Check a URL's form and return it in canonical shape; raise ``BlockedDestination`` if refused.

    This decides everything that can be decided without DNS. The addresses a name resolves to
    are judged at connection time (``NetPolicy.check_address``). ``is_allowed`` says whether a
    non-public address literal is on the user's allow-list; every check of form still applies.
    """
    if not isinstance(url, str) or not url.strip():
        raise _refuse(str(url), "is not a URL (it is empty)")
    text = url.strip(" ")
    if len(text) > MAX_URL_CHARS:
        raise _refuse(text, f"the URL is longer than {MAX_URL_CHARS} characters")
    if _CONTROL.search(text):
        raise _refuse(text, "the URL contains control characters (tabs, line breaks)")
    scheme_match = _SCHEME.match(text)
    if scheme_match is None:
        raise _refuse(text, "is not an absolute URL; write it with http:// or https://")
    scheme = scheme_match.group(1).lower()
    if scheme not in DEFAULT_PORTS:
        raise _refuse(text, f"the {scheme}: scheme is not allowed; only http and https URLs are fetched")
    rest = text[scheme_match.end() :]
    if not rest.startswith("//"):
        raise _refuse(text, f"write the URL as {scheme}://host/…")
    authority, path_and_query = _split_authority(text, rest[2:])
    if "\\" in authority:
        raise _refuse(text, "the URL's authority contains a backslash, which parsers read differently")
    if " " in authority:
        raise _refuse(text, "the URL's authority contains a space")
    if authority.count("@") > 1:
        raise _refuse(text, "the URL has more than one @ in its authority")
    userinfo, at, hostport = authority.rpartition("@")
    if not at:
        hostport = authority
    if "%" in hostport and not hostport.startswith("["):
        raise _refuse(text, "the host is percent-encoded")
    raw_host, port = _host_and_port(text, scheme, hostport)
    address: IPAddress | None = None
    if raw_host.startswith("["):
        address = _ipv6_literal(text, raw_host[1:-1])
        host = str(address)
    else:
        host = _ascii_host(text, raw_host)
        if _ends_in_number(host):
            address = _ipv4_literal(text, host)
            host = str(address)
        else:
            _check_name(text, host)
    if address is not None and not (is_allowed is not None and is_allowed(address, port)):
        refusal = address_refusal(address)
        if refusal is not None:
            raise _refuse(text, f"{host} is {refusal}; {PUBLIC_ONLY}")
    shown_host = f"[{host}]" if ":" in host else host
    netloc = shown_host if port == DEFAULT_PORTS[scheme] else f"{shown_host}:{port}"
    if at:
        netloc = f"{userinfo}@{netloc}"
    canonical = f"{scheme}://{netloc}{_encode_path(path_and_query)}"
    return Destination(url=canonical, scheme=scheme, host=host, port=port, address=address)


# --------------------------------------------------------------------------------------------
# The policy object
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NetPolicy:
    """The outbound policy with the user's allow-list.

    ``check_url`` runs before a request; ``check_address`` runs on every address a connection is
    about to be made to. An allow-listed address passes both, so a literal such as
    ``http://127.0.0.1:8080/`` is accepted when ``127.0.0.1:8080`` is allowed.
    """

    allowed: tuple[AllowedNetwork, ...] = ()

    @classmethod
    def from_entries(cls, entries: Sequence[str]) -> NetPolicy:
        return cls(parse_allowed_networks(entries))

    def is_allowed(self, address: IPAddress, port: int) -> bool:
        return any(network.admits(address, port) for network in self.allowed)

    def check_url(self, url: str) -> Destination:
        """The canonical destination of ``url``; raises ``BlockedDestination`` when refused."""
        return parse_destination(url, is_allowed=self.is_allowed)

    def check_address(self, url: str, address: IPAddress, port: int) -> None:
        """Raise ``BlockedDestination`` unless a connection to ``address:port`` is allowed."""
        if self.is_allowed(address, port):
            return
        refusal = address_refusal(address)
        if refusal is not None:
            raise _refuse(url, f"its host resolves to {address}, {refusal}; {PUBLIC_ONLY}")
