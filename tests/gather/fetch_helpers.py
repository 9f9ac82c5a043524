"""Stand-ins for DNS and TCP that the fetcher's security tests use, and a socket guard.

``StubResolver`` answers from a map (a list answers one element per lookup, for rebinding) and
says NXDOMAIN for every other name. ``RecordingConnector`` records every address the fetcher
tries to connect to; it connects for real only to loopback (the test server) and refuses
everything else, so no test ever sends a packet off this machine.
"""

from __future__ import annotations

import ipaddress
import socket
from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import httpcore
import pytest

from tidings.errors import FetchError
from tidings.gather.netpolicy import IPAddress
from tidings.gather.transport import SystemConnector

__all__ = ["RecordingConnector", "StubResolver", "socket_guard"]


class StubResolver:
    def __init__(self, answers: Mapping[str, str | list[str]] | None = None) -> None:
        self._answers = {name.lower(): value for name, value in (answers or {}).items()}
        self._asked: dict[str, int] = defaultdict(int)
        self.lookups: list[str] = []

    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        self.lookups.append(host)
        answer = self._answers.get(host) or self._answers.get(host + ".")
        if answer is None:
            raise FetchError(host, "the name could not be resolved (stub NXDOMAIN)")
        if isinstance(answer, list):
            index = self._asked[host]
            self._asked[host] += 1
            return [ipaddress.ip_address(answer[min(index, len(answer) - 1)])]
        return [ipaddress.ip_address(answer)]


class RecordingConnector:
    def __init__(self) -> None:
        self.attempts: list[tuple[IPAddress, int]] = []
        self._real = SystemConnector()

    async def connect(
        self, address: IPAddress, port: int, timeout: float | None
    ) -> httpcore.AsyncNetworkStream:
        self.attempts.append((address, port))
        if address.is_loopback:
            return await self._real.connect(address, port, timeout)
        raise httpcore.ConnectError(f"test connector: {address} is not contacted from tests")


@contextmanager
def socket_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Fail, and record, any socket connect that is not to loopback."""
    attempts: list[object] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def _check(address: object) -> None:
        host = address[0] if isinstance(address, tuple) else None
        if host is None or not ipaddress.ip_address(str(host).partition("%")[0]).is_loopback:
            attempts.append(address)
            raise AssertionError(f"a test tried to connect to {address!r}")

    def guarded_connect(self: socket.socket, address: object) -> None:
        _check(address)
        real_connect(self, address)  # type: ignore[arg-type]

    def guarded_connect_ex(self: socket.socket, address: object) -> int:
        _check(address)
        return real_connect_ex(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    yield attempts
