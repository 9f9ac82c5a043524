"""The pinned transport: every TCP connection goes to an address the outbound policy checked.

httpx hands the host name to httpcore, which would resolve it and connect on its own; a name
that answers a public address to a check and a private one to the connection (DNS rebinding)
would then slip through any check made beforehand. So httpcore is given ``PinnedBackend`` as its
network backend: for each new connection it resolves the host itself (``Resolver``), judges every
address with ``NetPolicy.check_address``, and connects to the checked address only
(``Connector``). Host header, TLS SNI and certificate checks still use the name, because httpcore
keeps the URL's host for those; connection pooling stays keyed on the name too.

``PinnedTransport`` is the small httpx transport around that pool (httpx's own
``AsyncHTTPTransport`` does not accept a network backend). httpcore's errors are translated to
``FetchError`` here, where they enter.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from collections.abc import AsyncIterable, AsyncIterator, Iterable
from typing import Protocol, cast

import httpcore
import httpx

from tidings.errors import BlockedDestination, FetchError
from tidings.gather.netpolicy import IPAddress, NetPolicy
from tidings.urls import display_url

__all__ = ["Connector", "PinnedBackend", "PinnedTransport", "Resolver", "SystemConnector", "SystemResolver"]


class Resolver(Protocol):
    """Turns an ASCII host name into the addresses it has now."""

    async def resolve(self, host: str, port: int) -> list[IPAddress]: ...


class Connector(Protocol):
    """Opens a TCP connection to one address; never resolves names."""

    async def connect(
        self, address: IPAddress, port: int, timeout: float | None
    ) -> httpcore.AsyncNetworkStream: ...


class SystemResolver:
    """The operating system's resolver (``getaddrinfo``), asked only with ASCII names."""

    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        loop = asyncio.get_running_loop()
        try:
            answers = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
        except socket.gaierror as exc:
            raise FetchError(host, f"the name could not be resolved ({exc.strerror})") from exc
        addresses: list[IPAddress] = []
        for _family, _type, _proto, _canonical, sockaddr in answers:
            address = ipaddress.ip_address(str(sockaddr[0]).partition("%")[0])
            if address not in addresses:
                addresses.append(address)
        return addresses


class SystemConnector:
    """Connects with httpcore's anyio backend, to an address literal only."""

    def __init__(self) -> None:
        self._backend = httpcore.AnyIOBackend()

    async def connect(
        self, address: IPAddress, port: int, timeout: float | None
    ) -> httpcore.AsyncNetworkStream:
        return await self._backend.connect_tcp(str(address), port, timeout=timeout)


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that checks, then connects to, the checked address."""

    def __init__(self, policy: NetPolicy, resolver: Resolver, connector: Connector) -> None:
        self._policy = policy
        self._resolver = resolver
        self._connector = connector
        self._sleeper = httpcore.AnyIOBackend()

    async def _addresses(self, host: str, port: int) -> list[IPAddress]:
        literal = _literal(host)
        if literal is not None:
            return [literal]
        addresses = await self._resolver.resolve(host, port)
        if not addresses:
            raise FetchError(host, "the name has no addresses")
        return addresses

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        del local_address, socket_options
        addresses = await self._addresses(host, port)
        # Every address must pass: a name that also points inside the network is refused whole.
        for address in addresses:
            self._policy.check_address(host, address, port)
        last_error: Exception | None = None
        for address in addresses:
            # An IPv4-mapped address is connected to as the IPv4 address it was judged as.
            target = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else None
            try:
                return await self._connector.connect(target or address, port, timeout)
            except (httpcore.ConnectError, httpcore.ConnectTimeout, OSError) as exc:
                last_error = exc
        raise FetchError(host, f"could not connect on port {port}: {last_error}") from last_error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedDestination(path, "Unix sockets are never fetched")

    async def sleep(self, seconds: float) -> None:
        await self._sleeper.sleep(seconds)


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc`` and what it was raised from or during, nearest first (httpcore wraps anyio's
    errors, which wrap the ``ssl`` or ``OSError`` that says what happened)."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 8:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _said(exc: BaseException, fallback: str) -> str:
    """The first message the error or its causes carry; many carry none (``EndOfStream()``)."""
    return next((str(cause) for cause in _causes(exc) if str(cause)), fallback)


def _connect_error(exc: httpcore.ConnectError, url: str) -> FetchError:
    causes = _causes(exc)
    for cause in causes:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return FetchError(url, f"the server's TLS certificate is not valid ({cause.verify_message})")
    for cause in causes:
        if isinstance(cause, ssl.SSLError):
            # A plain-HTTP server asked for https, or a TLS version or cipher the two do not share.
            return FetchError(
                url, f"the TLS handshake failed ({cause.reason or cause}); does the site serve https?"
            )
    return FetchError(url, f"could not connect ({_said(exc, 'connection refused')})")


def _translate(exc: Exception, url: str) -> FetchError:
    """An httpcore error as the ``FetchError`` a user reads."""
    if isinstance(exc, httpcore.ConnectTimeout):
        return FetchError(url, "the server did not accept a connection in time")
    if isinstance(exc, httpcore.ReadTimeout | httpcore.WriteTimeout):
        return FetchError(url, "the server stopped answering")
    if isinstance(exc, httpcore.PoolTimeout):
        return FetchError(url, "too many requests were waiting for a connection")
    if isinstance(exc, httpcore.ConnectError):
        return _connect_error(exc, url)
    if isinstance(exc, httpcore.RemoteProtocolError):
        return FetchError(url, f"the server broke the HTTP protocol or closed the connection ({exc})")
    if isinstance(exc, httpcore.ReadError | httpcore.WriteError | httpcore.NetworkError):
        return FetchError(url, f"the connection failed ({_said(exc, 'reset by the server')})")
    if isinstance(exc, httpcore.UnsupportedProtocol):
        return BlockedDestination(url, "only http and https URLs are fetched")
    return FetchError(url, f"the request failed ({exc.__class__.__name__}: {exc})")


class _ResponseStream(httpx.AsyncByteStream):
    def __init__(self, stream: AsyncIterable[bytes], url: str) -> None:
        self._stream = stream
        self._url = url

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for part in self._stream:
                yield part
        except httpcore.TimeoutException as exc:
            raise _translate(exc, self._url) from exc
        except (httpcore.NetworkError, httpcore.ProtocolError) as exc:
            raise _translate(exc, self._url) from exc

    async def aclose(self) -> None:
        closer = getattr(self._stream, "aclose", None)
        if closer is not None:
            await closer()


class PinnedTransport(httpx.AsyncBaseTransport):
    """httpx transport over an httpcore pool whose every connection is pinned and checked."""

    def __init__(
        self,
        policy: NetPolicy,
        *,
        resolver: Resolver | None = None,
        connector: Connector | None = None,
        max_connections: int = 100,
        max_keepalive_connections: int = 50,
        keepalive_expiry_s: float = 30.0,
        http2: bool = True,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        backend = PinnedBackend(policy, resolver or SystemResolver(), connector or SystemConnector())
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context or httpx.create_ssl_context(),
            max_connections=max_connections,
            max_keepalive_connections=max_keepalive_connections,
            keepalive_expiry=keepalive_expiry_s,
            http1=True,
            http2=http2,
            network_backend=backend,
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.AsyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        # Errors name the URL as a person may see it: the user name kept, the password masked.
        url = display_url(str(request.url))
        try:
            core_response = await self._pool.handle_async_request(core_request)
        except BlockedDestination as exc:
            raise BlockedDestination(url, exc.reason) from exc
        except FetchError as exc:
            raise FetchError(url, exc.reason, permanent=exc.permanent, status=exc.status) from exc
        except (httpcore.TimeoutException, httpcore.NetworkError, httpcore.ProtocolError) as exc:
            raise _translate(exc, url) from exc
        except httpcore.UnsupportedProtocol as exc:
            raise _translate(exc, url) from exc
        return httpx.Response(
            status_code=core_response.status,
            headers=core_response.headers,
            stream=_ResponseStream(cast(AsyncIterable[bytes], core_response.stream), url),
            extensions=core_response.extensions,
        )

    async def aclose(self) -> None:
        await self._pool.aclose()
