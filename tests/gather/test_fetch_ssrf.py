"""The SSRF corpus through the one outbound fetch function: every must-refuse form is refused
before any connection to a non-public address, every must-allow form connects to the address it
should, and the policy choices are pinned.

DNS comes from each entry's ``dns`` field (``StubResolver``); TCP goes to ``RecordingConnector``,
which records each attempt and contacts only loopback; a socket guard fails any other connect.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.gather.fetch_helpers import RecordingConnector, StubResolver, socket_guard
from tests.gather.fetch_server import FetchServer, respond, running_server
from tidings.errors import BlockedDestination, FetchError
from tidings.gather.fetch import FetchConfig, Fetcher
from tidings.gather.netpolicy import NetPolicy

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "attack-vectors" / "ssrf"
MUST_REFUSE: list[dict[str, Any]] = json.loads((CORPUS / "must-refuse.json").read_text(encoding="utf-8"))
MUST_ALLOW: list[dict[str, Any]] = json.loads((CORPUS / "must-allow.json").read_text(encoding="utf-8"))
POLICY_CHOICES: list[dict[str, Any]] = json.loads((CORPUS / "policy-choice.json").read_text(encoding="utf-8"))

# One TLS context for the module: building one reads the CA bundle, and no test here uses TLS.
TLS = ssl.create_default_context()
CONFIG = FetchConfig(
    user_agent="Tidings/test (+https://example.org/tidings)", host_gap_s=0.0, total_timeout_s=5
)

# Pinned answers to the corpus's policy choices: numeric IPv4 hosts must be written as the
# canonical dotted quad; IPv6 forms that carry a public IPv4 are judged by that address;
# userinfo in front of a public host is allowed and the connection goes to the host.
PINNED_CHOICES = {
    "choice-001": None,
    "choice-002": None,
    "choice-003": None,
    "choice-004": None,
    "choice-005": None,
    "choice-006": "8.8.8.8",
    "choice-007": "64:ff9b::808:808",
    "choice-008": "2002:808:808::1",
    "choice-009": "93.184.216.34",
}


@pytest.fixture
def guarded(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    with socket_guard(monkeypatch) as attempts:
        yield attempts


async def _fetch(url: str, resolver: StubResolver, connector: RecordingConnector, policy: NetPolicy) -> None:
    async with Fetcher(CONFIG, policy, resolver=resolver, connector=connector, ssl_context=TLS) as fetcher:
        await fetcher.get(url)


def _non_public(attempts: list[tuple[Any, int]]) -> list[tuple[Any, int]]:
    return [(address, port) for address, port in attempts if not address.is_global or address.is_multicast]


DIRECT_REFUSALS = [
    entry for entry in MUST_REFUSE if entry["category"] not in {"redirect-to-private", "dns-rebinding"}
]


def test_the_corpus_has_the_documented_size() -> None:
    assert len(MUST_REFUSE) == 204
    assert len(MUST_ALLOW) == 46
    assert len(POLICY_CHOICES) == 9


@pytest.mark.parametrize("entry", DIRECT_REFUSALS, ids=[entry["id"] for entry in DIRECT_REFUSALS])
def test_every_must_refuse_form_is_refused_without_a_connection(
    entry: dict[str, Any], guarded: list[object]
) -> None:
    resolver = StubResolver(entry.get("dns"))
    connector = RecordingConnector()
    with pytest.raises(BlockedDestination):
        asyncio.run(_fetch(entry["url"], resolver, connector, NetPolicy()))
    assert connector.attempts == []
    assert guarded == []


def test_dns_rebinding_connects_only_to_the_address_that_was_checked(guarded: list[object]) -> None:
    (entry,) = [entry for entry in MUST_REFUSE if entry["category"] == "dns-rebinding"]
    resolver = StubResolver(entry["dns"])
    connector = RecordingConnector()
    with pytest.raises(FetchError) as raised:
        asyncio.run(_fetch(entry["url"], resolver, connector, NetPolicy()))
    assert not isinstance(raised.value, BlockedDestination)
    assert [str(address) for address, _port in connector.attempts] == ["1.2.3.4"]
    assert guarded == []


def test_a_resolver_answering_public_then_loopback_never_reaches_loopback(guarded: list[object]) -> None:
    resolver = StubResolver({"rebind.example.com": ["93.184.216.34", "127.0.0.1"]})
    connector = RecordingConnector()

    async def fetch_twice() -> list[type[Exception]]:
        failures: list[type[Exception]] = []
        async with Fetcher(
            CONFIG, NetPolicy(), resolver=resolver, connector=connector, ssl_context=TLS
        ) as fetcher:
            for _ in range(2):
                try:
                    await fetcher.get("http://rebind.example.com/feed")
                except FetchError as error:
                    failures.append(type(error))
        return failures

    failures = asyncio.run(fetch_twice())
    assert failures == [FetchError, BlockedDestination]
    assert [str(address) for address, _port in connector.attempts] == ["93.184.216.34"]
    assert guarded == []


@pytest.fixture
def redirector() -> Iterator[FetchServer]:
    yield from running_server()


@pytest.mark.parametrize("status", [302, 307, 301, 308])
@pytest.mark.parametrize(
    "entry",
    [entry for entry in MUST_REFUSE if entry["category"] == "redirect-to-private"],
    ids=lambda entry: entry["id"],
)
def test_a_redirect_into_a_private_address_is_refused_at_that_hop(
    entry: dict[str, Any], status: int, redirector: FetchServer, guarded: list[object]
) -> None:
    redirector.routes["/go"] = respond(status, headers={"Location": entry["redirect_to"]})
    # Only the redirector itself is allowed (address and port): the target still must pass.
    policy = NetPolicy.from_entries([f"127.0.0.1:{redirector.port}"])
    connector = RecordingConnector()
    with pytest.raises(BlockedDestination) as raised:
        asyncio.run(_fetch(redirector.url("/go"), StubResolver(), connector, policy))
    assert "redirects to" in str(raised.value)
    assert {(str(address), port) for address, port in connector.attempts} == {("127.0.0.1", redirector.port)}
    assert len(redirector.hits("/go")) == 1


@pytest.mark.parametrize("entry", MUST_ALLOW, ids=[entry["id"] for entry in MUST_ALLOW])
def test_every_must_allow_form_connects_to_where_it_points(
    entry: dict[str, Any], guarded: list[object]
) -> None:
    resolver = StubResolver(entry.get("dns"))
    connector = RecordingConnector()
    with pytest.raises(FetchError) as raised:
        asyncio.run(_fetch(entry["url"], resolver, connector, NetPolicy()))
    # The test connector refuses every public address: reaching it means the policy allowed it.
    assert not isinstance(raised.value, BlockedDestination), raised.value
    reached = {str(address) for address, _port in connector.attempts}
    expected = entry["reaches"].split(" (")[0]
    assert reached & {part.strip() for part in expected.split(" and ")}
    assert _non_public(connector.attempts) == []
    assert guarded == []


@pytest.mark.parametrize("entry", POLICY_CHOICES, ids=[entry["id"] for entry in POLICY_CHOICES])
def test_policy_choices_are_pinned(entry: dict[str, Any], guarded: list[object]) -> None:
    resolver = StubResolver({"example.com": "93.184.216.34"})
    connector = RecordingConnector()
    with pytest.raises(FetchError) as raised:
        asyncio.run(_fetch(entry["url"], resolver, connector, NetPolicy()))
    pinned = PINNED_CHOICES[entry["id"]]
    if pinned is None:
        assert isinstance(raised.value, BlockedDestination)
        assert connector.attempts == []
    else:
        assert not isinstance(raised.value, BlockedDestination)
        assert [str(address) for address, _port in connector.attempts] == [pinned]
    assert guarded == []


def test_the_default_policy_refuses_the_local_test_server(
    redirector: FetchServer, guarded: list[object]
) -> None:
    redirector.routes["/feed"] = respond(200, "<rss/>")
    with pytest.raises(BlockedDestination, match="loopback"):
        asyncio.run(_fetch(redirector.url("/feed"), StubResolver(), RecordingConnector(), NetPolicy()))
    assert redirector.seen == []


def test_a_name_that_also_resolves_inside_the_network_is_refused(guarded: list[object]) -> None:
    class BothResolver(StubResolver):
        async def resolve(self, host: str, port: int) -> list[Any]:
            return [ipaddress.ip_address("93.184.216.34"), ipaddress.ip_address("10.0.0.5")]

    connector = RecordingConnector()
    with pytest.raises(BlockedDestination, match="private"):
        asyncio.run(_fetch("http://split.example.com/", BothResolver(), connector, NetPolicy()))
    assert connector.attempts == []


OPEN_REDIRECTS = (
    Path(__file__).resolve().parent.parent
    / "fixtures"
    / "attack-vectors"
    / "open-redirect"
    / "payloadsallthethings"
    / "Open-Redirect-payloads.txt"
)


def test_open_redirect_payloads_as_location_never_lead_off_the_public_internet(
    redirector: FetchServer, guarded: list[object]
) -> None:
    payloads = [line for line in OPEN_REDIRECTS.read_text(encoding="utf-8").splitlines() if line.strip()]
    policy = NetPolicy.from_entries([f"127.0.0.1:{redirector.port}"])

    class PublicResolver(StubResolver):
        async def resolve(self, host: str, port: int) -> list[Any]:
            return [ipaddress.ip_address("93.184.216.34")]

    async def follow_all() -> tuple[int, RecordingConnector]:
        connector = RecordingConnector()
        refused = 0
        async with Fetcher(
            CONFIG, policy, resolver=PublicResolver(), connector=connector, ssl_context=TLS
        ) as fetcher:
            for index, payload in enumerate(payloads):
                path = f"/r{index}"
                redirector.routes[path] = respond(302, headers={"Location": payload.strip()})
                try:
                    await fetcher.get(redirector.url(path))
                except BlockedDestination:
                    refused += 1
                except FetchError:
                    pass
        return refused, connector

    refused, connector = asyncio.run(follow_all())
    assert len(payloads) > 200
    assert refused > 0
    reached = {
        address
        for address, port in connector.attempts
        if (str(address), port) != ("127.0.0.1", redirector.port)
    }
    assert _non_public([(address, 80) for address in reached]) == []
    assert guarded == []
