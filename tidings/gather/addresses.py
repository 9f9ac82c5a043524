"""Which IP addresses the fetcher may connect to: our own table of special-purpose ranges.

Hand-written on purpose: Python's ``ipaddress.is_global`` is True for multicast, NAT64, 6to4,
``::a.b.c.d`` and 192.0.0.192, so it cannot be the rule. ``address_refusal`` reads the IANA
special-purpose registries (as data below), and judges an IPv6 address that carries an IPv4
address (IPv4-mapped, NAT64 64:ff9b::/96, 6to4, Teredo) by the IPv4 address it reaches;
deprecated embeddings (IPv4-compatible ``::a.b.c.d``, SIIT ``::ffff:0:a.b.c.d``, local-use NAT64)
are refused. ``AllowedNetwork`` is one entry of the user's allow-list (``fetch_allow_networks``).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

from tidings.errors import ConfigError

__all__ = ["AllowedNetwork", "IPAddress", "IPNetwork", "address_refusal", "parse_allowed_networks"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# --------------------------------------------------------------------------------------------
# Address ranges (data). Sources: IANA IPv4 and IPv6 Special-Purpose Address Registries
# (RFC 6890 and updates), plus the multicast and reserved blocks that `is_global` lets through.
# --------------------------------------------------------------------------------------------

_REFUSED_IPV4: tuple[tuple[str, str], ...] = (
    ("0.0.0.0/8", "an unspecified address (this host)"),
    ("10.0.0.0/8", "a private address (RFC 1918)"),
    ("100.64.0.0/10", "a shared carrier-grade NAT address (RFC 6598)"),
    ("127.0.0.0/8", "a loopback address"),
    ("169.254.0.0/16", "a link-local address (cloud metadata lives here)"),
    ("172.16.0.0/12", "a private address (RFC 1918)"),
    ("192.0.0.0/24", "an IETF protocol address (Oracle Cloud metadata lives here)"),
    ("192.0.2.0/24", "a documentation address"),
    ("192.31.196.0/24", "an AS112 address"),
    ("192.52.193.0/24", "an AMT address"),
    ("192.88.99.0/24", "a deprecated 6to4 relay address"),
    ("192.168.0.0/16", "a private address (RFC 1918)"),
    ("192.175.48.0/24", "an AS112 address"),
    ("198.18.0.0/15", "a benchmarking address"),
    ("198.51.100.0/24", "a documentation address"),
    ("203.0.113.0/24", "a documentation address"),
    ("224.0.0.0/4", "a multicast address"),
    ("240.0.0.0/4", "a reserved address"),
)

# IPv6 is allowed only inside global unicast 2000::/3, less these blocks.
_GLOBAL_UNICAST_V6 = ipaddress.IPv6Network("2000::/3")
_REFUSED_IPV6: tuple[tuple[str, str], ...] = (
    ("2001::/23", "an IETF protocol address"),
    ("2001:db8::/32", "a documentation address"),
    ("3fff::/20", "a documentation address"),
    ("2002::/16", "a 6to4 address"),  # judged by its embedded IPv4 before this table is read
    ("5f00::/16", "a segment-routing address"),
)

_IPV4_MAPPED = ipaddress.IPv6Network("::ffff:0:0/96")
_IPV4_TRANSLATED = ipaddress.IPv6Network("::ffff:0:0:0/96")
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")
_NAT64_WELL_KNOWN = ipaddress.IPv6Network("64:ff9b::/96")
_NAT64_LOCAL_USE = ipaddress.IPv6Network("64:ff9b:1::/48")
_SIX_TO_FOUR = ipaddress.IPv6Network("2002::/16")
_TEREDO = ipaddress.IPv6Network("2001::/32")

_REFUSED_V4_NETWORKS = tuple((ipaddress.IPv4Network(cidr), why) for cidr, why in _REFUSED_IPV4)
_REFUSED_V6_NETWORKS = tuple((ipaddress.IPv6Network(cidr), why) for cidr, why in _REFUSED_IPV6)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> tuple[list[ipaddress.IPv4Address], str | None]:
    """IPv4 addresses an IPv6 address reaches, or a refusal for deprecated embeddings."""
    if address in _IPV4_MAPPED:
        return [ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)], None
    if address in _IPV4_TRANSLATED:
        return [], "an IPv4-translated address (::ffff:0:a.b.c.d, deprecated)"
    if address in _IPV4_COMPATIBLE and int(address) > 1:
        return [], "an IPv4-compatible address (::a.b.c.d, deprecated)"
    if address in _NAT64_WELL_KNOWN:
        return [ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)], None
    if address in _NAT64_LOCAL_USE:
        return [], "a local-use NAT64 address"
    if address in _SIX_TO_FOUR:
        return [ipaddress.IPv4Address((int(address) >> 80) & 0xFFFFFFFF)], None
    if address in _TEREDO:
        server = ipaddress.IPv4Address((int(address) >> 64) & 0xFFFFFFFF)
        client = ipaddress.IPv4Address(~int(address) & 0xFFFFFFFF)
        return [server, client], None
    return [], None


def _ipv4_refusal(address: ipaddress.IPv4Address) -> str | None:
    for network, why in _REFUSED_V4_NETWORKS:
        if address in network:
            return why
    return None


def address_refusal(address: IPAddress) -> str | None:
    """Why ``address`` is not a public destination, or None when it is."""
    if isinstance(address, ipaddress.IPv4Address):
        return _ipv4_refusal(address)
    if address.scope_id:
        return "an address with a zone"
    embedded, refusal = _embedded_ipv4(address)
    if refusal is not None:
        return refusal
    if embedded:
        for inner in embedded:
            why = _ipv4_refusal(inner)
            if why is not None:
                return f"{why} carried inside an IPv6 address"
        if address in _TEREDO or address in _SIX_TO_FOUR:
            return None
        if address in _IPV4_MAPPED or address in _NAT64_WELL_KNOWN:
            return None
    if address == ipaddress.IPv6Address("::"):
        return "an unspecified address (this host)"
    if address == ipaddress.IPv6Address("::1"):
        return "a loopback address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_link_local:
        return "a link-local address"
    if address in ipaddress.IPv6Network("fc00::/7"):
        return "a unique local address (private network, AWS metadata lives here)"
    if address in ipaddress.IPv6Network("fec0::/10"):
        return "a site-local address"
    if address not in _GLOBAL_UNICAST_V6:
        return "a reserved IPv6 address"
    for network, why in _REFUSED_V6_NETWORKS:
        if address in network:
            return why
    return None


# --------------------------------------------------------------------------------------------
# The allow-list
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AllowedNetwork:
    """A non-public network the user allows, optionally on one port only."""

    network: IPNetwork
    port: int | None = None

    def admits(self, address: IPAddress, port: int) -> bool:
        if self.port is not None and self.port != port:
            return False
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        return address.version == self.network.version and address in self.network


class _BadAllowEntry(ValueError):
    """One allow-list entry that cannot be read; the message is our sentence, not ipaddress's."""


def _allowed_port(text: str) -> int:
    if not (text.isascii() and text.isdigit()):
        raise _BadAllowEntry(f"the port {text!r} is not a whole number")
    port = int(text)
    if not 0 < port < 65536:
        raise _BadAllowEntry(f"the port {port} is not between 1 and 65535")
    return port


def _allowed_network(text: str) -> IPNetwork:
    """``ip_network`` with our reasons: its own ("does not appear to be an IPv4 or IPv6 network")
    repeats the entry and does not say which part is wrong."""
    address_text, slash, prefix_text = text.partition("/")
    try:
        address = ipaddress.ip_address(address_text)
    except ValueError:
        looks_like_a_name = ":" not in address_text and any(c.isalpha() for c in address_text)
        hint = " (host names are not accepted: write the address)" if looks_like_a_name else ""
        raise _BadAllowEntry(f"{address_text!r} is not an IP address{hint}") from None
    if slash:
        longest = address.max_prefixlen
        if not (prefix_text.isascii() and prefix_text.isdigit() and int(prefix_text) <= longest):
            raise _BadAllowEntry(
                f"the prefix length /{prefix_text} is not a whole number from 0 to {longest}"
            )
    # strict=False: 192.168.1.7/24 means the network it sits in, as people write it.
    return ipaddress.ip_network(text, strict=False)


def _parse_allowed(entry: str) -> AllowedNetwork:
    text = entry.strip()
    port: int | None = None
    if text.startswith("["):
        address_text, closed, rest = text[1:].partition("]")
        if not closed:
            raise _BadAllowEntry("an opening '[' has no closing ']'")
        if rest.startswith(":"):
            port = _allowed_port(rest[1:])
        elif rest:
            raise _BadAllowEntry(f"only ':PORT' may follow ']', not {rest!r}")
        text = address_text
    elif text.count(":") == 1:
        text, _, port_text = text.partition(":")
        port = _allowed_port(port_text)
    return AllowedNetwork(_allowed_network(text), port)


def parse_allowed_networks(
    entries: Iterable[str], setting: str = "TIDINGS_FETCH_ALLOW_NETWORKS"
) -> tuple[AllowedNetwork, ...]:
    """Parse allow-list entries such as ``192.168.1.0/24``, ``127.0.0.1:8080``, ``[fd00::1]:443``."""
    allowed = []
    for entry in entries:
        try:
            allowed.append(_parse_allowed(entry))
        except _BadAllowEntry as exc:
            raise ConfigError(
                f"{setting}: {entry!r} is not a network: {exc} "
                "(write 192.168.1.0/24, 127.0.0.1:8080 or [fd00::1]:443)"
            ) from exc
    return tuple(allowed)
