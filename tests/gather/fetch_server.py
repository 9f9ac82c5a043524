"""A real HTTP/1.1 server on 127.0.0.1 for the fetcher's tests, in a background thread.

Routes map a path to a handler; a handler gets the request (method, path, headers) and writes
the whole response itself, so a test can send anything a hostile or broken server sends: a
slow drip, a reset, a gzip bomb, a wrong content type, an endless chunked body. Each request is
recorded (path, headers) so tests can assert what the fetcher sent and how often.
"""

from __future__ import annotations

import socket
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = ["FetchServer", "Handler", "Seen", "respond"]


@dataclass(frozen=True)
class Seen:
    path: str
    headers: dict[str, str]
    at: float


Handler = Callable[[BaseHTTPRequestHandler], None]


def respond(
    status: int = 200,
    body: bytes | str = b"",
    *,
    content_type: str | None = "text/plain; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> Handler:
    """A handler that sends one fixed response with a Content-Length."""
    payload = body.encode("utf-8") if isinstance(body, str) else body

    def handle(request: BaseHTTPRequestHandler) -> None:
        request.send_response(status)
        if content_type is not None:
            request.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            # Raw UTF-8 bytes on the wire, as a careless server sends them.
            request.send_header(name, value.encode("utf-8").decode("latin-1"))
        if status != 304:
            request.send_header("Content-Length", str(len(payload)))
        request.end_headers()
        if status != 304:
            request.wfile.write(payload)

    return handle


def slow_drip(interval_s: float, chunks: int) -> Handler:
    """Sends a chunked body one byte every ``interval_s`` seconds."""

    def handle(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        request.send_header("Transfer-Encoding", "chunked")
        request.end_headers()
        try:
            for _ in range(chunks):
                request.wfile.write(b"1\r\nx\r\n")
                request.wfile.flush()
                time.sleep(interval_s)
            request.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            return

    return handle


def endless_chunks(chunk: bytes = b"<item>" * 1000) -> Handler:
    """A chunked body that never ends (until the client goes away)."""

    def handle(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        request.send_header("Transfer-Encoding", "chunked")
        request.end_headers()
        try:
            while True:
                request.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        except (BrokenPipeError, ConnectionResetError):
            return

    return handle


def reset_connection(request: BaseHTTPRequestHandler) -> None:
    """Closes the connection with a TCP reset before answering."""
    request.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    request.close_connection = True
    request.connection.close()


class _QuietServer(ThreadingHTTPServer):
    """A test server whose clients hang up on purpose (caps, timeouts, resets): a handler thread
    that then writes to or reads from the closed connection is expected, not an error to print
    in the middle of the test run's output."""

    def handle_error(self, request: object, client_address: object) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)) or (
            isinstance(error, (OSError, ValueError)) and "closed" in str(error)
        ):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


@dataclass
class FetchServer:
    """The running server: ``url(path)`` addresses it; ``routes`` may change during a test."""

    routes: dict[str, Handler] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    port: int = 0
    _server: ThreadingHTTPServer | None = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, path: str) -> list[Seen]:
        return [seen for seen in self.seen if seen.path == path]

    def start(self) -> None:
        owner = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                owner.seen.append(
                    Seen(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
                )
                handler = owner.routes.get(self.path) or owner.routes.get(self.path.split("?", 1)[0])
                if handler is None:
                    respond(404, "not found")(self)
                    return
                handler(self)

            def log_message(self, format: str, *args: object) -> None:
                del format, args

        self._server = _QuietServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def running_server() -> Iterator[FetchServer]:
    server = FetchServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
