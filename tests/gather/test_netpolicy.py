"""The outbound policy's own rules: the addresses ``ipaddress.is_global`` gets wrong, the
canonical form of accepted URLs, and the allow-list setting."""

from __future__ import annotations

import ipaddress

import pytest

from tidings.errors import BlockedDestination, ConfigError
from tidings.gather.netpolicy import NetPolicy, address_refusal, parse_allowed_networks, parse_destination

# Addresses CPython's is_global calls global although they must never be fetched.
GLOBAL_BUT_REFUSED = [
    "224.0.0.1",
    "224.2.3.4",
    "239.255.255.254",
    "ff02::1",
    "192.0.0.192",
    "64:ff9b::a9fe:a9fe",
    "64:ff9b::7f00:1",
    "64:ff9b:1::a9fe:a9fe",
    "2002:a9fe:a9fe::",
    "2002:7f00:1::1",
    "::a9fe:a9fe",
    "::127.0.0.1",
    "::ffff:0:127.0.0.1",
    "2001:0:4136:e378:8000:63bf:f5ff:fffe",
]


@pytest.mark.parametrize("text", GLOBAL_BUT_REFUSED)
def test_addresses_python_calls_global_are_refused(text: str) -> None:
    assert address_refusal(ipaddress.ip_address(text)) is not None


@pytest.mark.parametrize(
    "text", ["93.184.216.34", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"]
)
def test_public_addresses_pass(text: str) -> None:
    assert address_refusal(ipaddress.ip_address(text)) is None


def test_an_accepted_url_comes_back_in_its_wire_form() -> None:
    destination = parse_destination("HTTP://München.Example.COM:80/a b?q=1#frag")
    assert destination.url == "http://xn--mnchen-3ya.example.com/a%20b?q=1"
    assert destination.origin == "http://xn--mnchen-3ya.example.com"
    assert destination.port == 80


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1\\@evil.com/", "backslash"),
        ("http://a@b@example.com/", "more than one @"),
        ("http://example.com:99999/", "not a port"),
        ("http://2130706433/", "non-standard form"),
        ("http://425.510.425.510/", "not a valid IPv4"),
        ("http://nas.local/feed", "local name"),
        ("http://intranet/feed", "without a domain"),
        ("gopher://example.com/", "gopher: scheme"),
    ],
)
def test_refusals_say_why(url: str, reason: str) -> None:
    with pytest.raises(BlockedDestination) as raised:
        parse_destination(url)
    assert reason in str(raised.value)
    assert raised.value.permanent


def test_the_allow_list_admits_a_lan_address_only_on_its_port() -> None:
    policy = NetPolicy.from_entries(["192.168.1.0/24", "127.0.0.1:8080", "[fd00::1]:443"])
    assert policy.check_url("http://192.168.1.20/feed").address == ipaddress.ip_address("192.168.1.20")
    assert policy.check_url("http://127.0.0.1:8080/").port == 8080
    assert policy.check_url("https://[fd00::1]/").host == "fd00::1"
    with pytest.raises(BlockedDestination):
        policy.check_url("http://127.0.0.1:8081/")
    with pytest.raises(BlockedDestination):
        policy.check_url("http://192.168.2.1/")
    # Form checks still apply to allowed addresses.
    with pytest.raises(BlockedDestination):
        policy.check_url("http://192.168.1.20\\@example.com/")
    policy.check_address("lan", ipaddress.ip_address("192.168.1.7"), 80)
    with pytest.raises(BlockedDestination):
        policy.check_address("lan", ipaddress.ip_address("10.1.1.1"), 80)


def test_a_bad_allow_list_entry_names_the_setting() -> None:
    with pytest.raises(ConfigError, match=r"TIDINGS_FETCH_ALLOW_NETWORKS"):
        parse_allowed_networks(["not-a-network"])


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ("10.0.0.1:abc", "the port 'abc' is not a whole number"),
        ("10.0.0.0/8:99999", "the port 99999 is not between 1 and 65535"),
        ("10.0.0.0/33", "the prefix length /33 is not a whole number from 0 to 32"),
        ("nas.lan", "'nas.lan' is not an IP address (host names are not accepted"),
        ("[fd00::1", "an opening '[' has no closing ']'"),
        ("[fd00::1]x", "only ':PORT' may follow ']'"),
    ],
)
def test_a_bad_allow_list_entry_says_which_part_is_wrong_in_our_words(entry: str, reason: str) -> None:
    # ipaddress's and int()'s own wording ("invalid literal for int() with base 10", "does not
    # appear to be an IPv4 or IPv6 network") once ended these messages.
    with pytest.raises(ConfigError) as raised:
        parse_allowed_networks([entry])
    message = str(raised.value)
    assert message.startswith(f"TIDINGS_FETCH_ALLOW_NETWORKS: {entry!r} is not a network: {reason}")
    assert "invalid literal" not in message
    assert "does not appear to be" not in message
