"""The command-line interface: thin commands over ``tidings.core.Tidings``.

Each module registers its commands on ``tidings.cli.app.app``; importing them here is what makes
them part of ``tidings``. ``main`` is the console-script entry point.
"""

from __future__ import annotations

from tidings.cli import articles, serve, sources, stories, understand
from tidings.cli.app import EXIT_FAILED, app, fail
from tidings.errors import TidingsError

__all__ = ["app", "main"]

_COMMAND_MODULES = (articles, serve, sources, stories, understand)


def main() -> None:
    try:
        app()
    except TidingsError as error:
        fail(str(error), EXIT_FAILED)
    except KeyboardInterrupt:
        fail("interrupted", 130)
