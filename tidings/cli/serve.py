"""``tidings serve``: the web reader and JSON API on one port."""

from __future__ import annotations

import gc
import importlib
import os
import signal
import socket
from typing import TYPE_CHECKING, Annotated

import typer

from tidings.cli.app import EXIT_INTERRUPTED, app, err_console, fail
from tidings.config import load_settings
from tidings.core import Tidings

if TYPE_CHECKING:
    import uvicorn

# Modules the facade and the stages import on first use, not at start (so that `tidings --help`
# and the listings start fast), which a server soon uses anyway: polling, extraction workers, copy
# detection's MinHash, the public suffix list. Imported before serving, so that their objects are
# frozen with the rest (``_freeze_startup_objects``), as when every command imported them.
SERVER_MODULES = (
    "datasketch",
    "tldextract",
    "tidings.extract.sandbox",
    "tidings.jobs.subscribe",
    "tidings.jobs.wiring",
)


@app.command("serve")
def serve_command(
    host: Annotated[str | None, typer.Option(help="Address to listen on (default: TIDINGS_HOST).")] = None,
    port: Annotated[
        int | None, typer.Option(min=1, max=65535, help="Port to listen on (default: TIDINGS_PORT).")
    ] = None,
) -> None:
    """Serve the web reader and the JSON API on the store TIDINGS_DATABASE_URL names."""
    settings = load_settings()
    listen_host = host or settings.host
    listen_port = port or settings.port
    # Bound before anything is loaded, so that a host that cannot be listened on or a port in use
    # is one line at once, not an error from the server after "serving" was announced.
    listening = _listen(listen_host, listen_port)
    # The web stack is imported here, not at the top: every other command would load it (a third
    # of a second) for nothing.
    import uvicorn  # noqa: PLC0415

    from tidings.web.app import create_app  # noqa: PLC0415

    tidings = Tidings(settings)
    store_name = tidings.store.name  # opened and migrated now: a store that cannot be used fails here
    application = create_app(tidings)
    err_console.print("Loading the summaries' models (a few seconds)", markup=False)
    _load_models(tidings)
    for name in SERVER_MODULES:
        importlib.import_module(name)
    _freeze_startup_objects()
    err_console.print(
        f"Tidings is serving {_address(listening)} from the store {store_name} (Ctrl+C stops it)",
        markup=False,
    )
    server = uvicorn.Server(uvicorn.Config(application, log_level=settings.log_level.lower()))
    interrupted = _serve_until_stopped(server, listening)
    err_console.print("stopped", markup=False)
    if interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)  # Ctrl+C, as `tidings run`; SIGTERM ends normally (0)


def _address(listening: socket.socket) -> str:
    """The reader's address as a browser takes it: an IPv6 address in brackets, the port bound."""
    host, port = listening.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _serve_until_stopped(server: uvicorn.Server, listening: socket.socket) -> bool:
    """Serve until Ctrl+C or SIGTERM (a service manager's stop); whether it was Ctrl+C. uvicorn
    shuts down gracefully and then raises the signal again for the handler it found: Python's own
    for SIGINT (a KeyboardInterrupt) and the default for SIGTERM, which killed the process with no
    word said; a handler that does nothing takes the second delivery instead."""
    previous = signal.signal(signal.SIGTERM, lambda _signal, _frame: None)
    try:
        server.run(sockets=[listening])
    except KeyboardInterrupt:
        return True
    finally:
        signal.signal(signal.SIGTERM, previous)
    return False


def _listen(host: str, port: int) -> socket.socket:
    """A socket listening on ``host``:``port``, or the one line that says why there is none."""
    try:
        socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        fail(f"cannot listen on {host!r}: no address has that name ({error.strerror})")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET  # as uvicorn binds
    try:
        return socket.create_server((host, port), family=family)
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        fail(f"cannot listen on {host}:{port}: {reason}")


def _load_models(tidings: Tidings) -> None:
    """Load the summaries' models before serving rather than on a reader's first story page.

    Loading spaCy's pipeline and MiniLM took that first story page 6.8 s (bundled sample,
    2026-12-03; start-up was 4.5 s without it); here it lengthens start-up instead, and the
    models' objects are frozen with the rest (``_freeze_startup_objects``).
    """
    models = tidings.understanding_models
    _ = models.analyser, models.encoder


def _freeze_startup_objects() -> None:
    """Keep what was loaded before serving out of the garbage collector's full passes.

    The ~200,000 objects that importing the reader's libraries leaves live as long as the server,
    yet every full collection walked them all: 120-150 ms on the reference machine, once every 50
    or so front pages, which was the front page's whole p99 (bench/web.py, 2026-12-03; see
    docs/benchmarks.md). Frozen objects are left out of collections, which costs nothing for
    objects that live as long as the process. Done here, in the server process only, and not in
    ``create_app``, which tests and embedders call many times in one process.
    """
    gc.collect()
    gc.freeze()
