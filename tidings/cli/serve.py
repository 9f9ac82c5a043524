"""``tidings serve``: the web reader and JSON API on one port."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from tidings.cli.app import app, err_console
from tidings.config import load_settings
from tidings.core import Tidings
from tidings.web.app import create_app


@app.command("serve")
def serve_command(
    host: Annotated[str | None, typer.Option(help="Address to listen on (default: TIDINGS_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (default: TIDINGS_PORT).")] = None,
) -> None:
    """Serve the web reader and the JSON API on the store TIDINGS_DATABASE_URL names."""
    settings = load_settings()
    tidings = Tidings(settings)
    tidings.store.migrate()
    listen_host = host or settings.host
    listen_port = port or settings.port
    err_console.print(
        f"Tidings is serving http://{listen_host}:{listen_port}/ (Ctrl+C stops it)", markup=False
    )
    uvicorn.run(create_app(tidings), host=listen_host, port=listen_port, log_level=settings.log_level.lower())
