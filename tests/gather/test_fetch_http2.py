"""The fetcher speaks HTTP/2 when a TLS server offers it (ALPN), through the same pinned client.

The server is a small HTTP/2 server on 127.0.0.1 built on the ``h2`` protocol library (the one
httpx uses), in a thread, with a certificate made for this test by the ``openssl`` command; the
fetcher trusts that certificate only. The name ``h2.example.com`` resolves to 127.0.0.1 through the
stub resolver, so the Host, SNI and certificate checks all use a name, as they would online.
"""

from __future__ import annotations

import asyncio
import gzip
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import h2.config
import h2.connection
import h2.events
import pytest

from tests.gather.fetch_helpers import StubResolver
from tidings.errors import FetchError
from tidings.gather.fetch import FetchConfig, Fetcher, FetchResponse
from tidings.gather.netpolicy import NetPolicy

NAME = "h2.example.com"
BODY = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Over HTTP/2</title></channel></rss>'


@dataclass
class H2Server:
    """Answers every request on every stream with ``BODY`` gzipped; records request headers."""

    context: ssl.SSLContext
    port: int = 0
    requests: list[dict[str, str]] = field(default_factory=list)
    _listener: socket.socket | None = None

    def start(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        assert self._listener is not None
        while True:
            try:
                raw, _address = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(raw,), daemon=True).start()

    def _serve(self, raw: socket.socket) -> None:
        try:
            with self.context.wrap_socket(raw, server_side=True) as tls:
                connection = h2.connection.H2Connection(h2.config.H2Configuration(client_side=False))
                connection.initiate_connection()
                tls.sendall(connection.data_to_send())
                while data := tls.recv(65536):
                    for event in connection.receive_data(data):
                        if isinstance(event, h2.events.RequestReceived):
                            self._answer(connection, event)
                    tls.sendall(connection.data_to_send())
        except (OSError, ssl.SSLError):
            return

    def _answer(self, connection: h2.connection.H2Connection, event: h2.events.RequestReceived) -> None:
        self.requests.append(
            {bytes(name).decode(): bytes(value).decode() for name, value in event.headers or []}
        )
        payload = gzip.compress(BODY)
        assert event.stream_id is not None
        connection.send_headers(
            event.stream_id,
            [
                (":status", "200"),
                ("content-type", "application/rss+xml"),
                ("content-encoding", "gzip"),
                ("content-length", str(len(payload))),
            ],
        )
        connection.send_data(event.stream_id, payload, end_stream=True)

    def stop(self) -> None:
        if self._listener is not None:
            self._listener.close()


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-keyout", str(key), "-out", str(cert), "-subj", f"/CN={NAME}",
            "-addext", f"subjectAltName=DNS:{NAME}",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def h2_server(certificate: tuple[Path, Path]) -> Iterator[H2Server]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    context.set_alpn_protocols(["h2"])
    server = H2Server(context)
    server.start()
    try:
        yield server
    finally:
        server.stop()


CONFIG = FetchConfig(user_agent="Tidings/test (+https://example.org/tidings)", host_gap_s=0.0)


def fetch_from(server: H2Server, certificate: Path, name: str, times: int) -> list[FetchResponse]:
    """GET ``https://name:port/feed.xml`` ``times`` times on one client, ``name`` resolving to the server."""
    trust = ssl.create_default_context(cafile=str(certificate))
    policy = NetPolicy.from_entries([f"127.0.0.1:{server.port}"])

    async def run() -> list[FetchResponse]:
        async with Fetcher(
            CONFIG, policy, resolver=StubResolver({name: "127.0.0.1"}), ssl_context=trust
        ) as fetcher:
            return [await fetcher.get(f"https://{name}:{server.port}/feed.xml") for _ in range(times)]

    return asyncio.run(run())


def test_a_feed_is_fetched_over_http2_with_our_identity(
    h2_server: H2Server, certificate: tuple[Path, Path]
) -> None:
    responses = fetch_from(h2_server, certificate[0], NAME, times=2)
    assert [response.http_version for response in responses] == ["HTTP/2", "HTTP/2"]
    assert [response.body for response in responses] == [BODY, BODY]
    first = h2_server.requests[0]
    assert first[":authority"] == f"{NAME}:{h2_server.port}"
    assert first["user-agent"] == CONFIG.user_agent
    assert "gzip" in first["accept-encoding"]


def test_a_certificate_for_another_name_is_refused(
    h2_server: H2Server, certificate: tuple[Path, Path]
) -> None:
    with pytest.raises(FetchError, match="TLS certificate is not valid"):
        fetch_from(h2_server, certificate[0], "other.example.com", times=1)
    assert h2_server.requests == []
