"""The command-line interface: thin commands over ``tidings.core.Tidings``.

Each module registers its commands on ``tidings.cli.app.app``; importing them here is what makes
them part of ``tidings``. ``main`` is the console-script entry point.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from tidings.cli import articles, serve, sources, stories, understand
from tidings.cli.app import EXIT_FAILED, app, err_console, fail, interrupted
from tidings.config import load_settings, unknown_variables
from tidings.errors import TidingsError
from tidings.urls import display_error, display_url

__all__ = ["app", "main"]

_COMMAND_MODULES = (articles, serve, sources, stories, understand)


# Libraries that log a warning or an error about one input ("discarding data: None", "parsed tree
# length: 1, wrong data type or not valid HTML") whose outcome Tidings already reports in its own
# one line; what they log shows only at DEBUG and INFO.
_INPUT_LIBRARY_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "readability")
# SQLAlchemy's pool logs an error with a whole traceback when handing a connection back is cut
# short, as Ctrl+C during `tidings add` can do ("Exception during reset or similar ...
# KeyboardInterrupt"); the interruption, or the database's failure, is told in Tidings' own line.
_QUIET_STORE_LOGGERS = ("sqlalchemy.pool",)


class _MaskedPasswords(logging.Filter):
    """httpx logs each request's address as it was asked for, password and all (at INFO): shown
    masked, as Tidings' own lines show it (``display_url``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                display_url(str(arg)) if not isinstance(arg, int | float) and "@" in str(arg) else arg
                for arg in record.args
            )
        return True


_MASKED_PASSWORDS = _MaskedPasswords()


def _log_level() -> str:
    """The ``log_level`` setting, from the variable or the configuration file; WARNING where the
    settings cannot be read (the command says why in its own line). A ``TIDINGS_<NAME>_FILE`` that
    is not a regular file is left out here: a pipe (``<(pass show db)``) can be read only once, and
    the command must read it."""
    environ = {
        name: value
        for name, value in os.environ.items()
        if not name.endswith("_FILE") or Path(value).expanduser().is_file()
    }
    try:
        return load_settings(environ).log_level
    except TidingsError:
        level = os.environ.get("TIDINGS_LOG_LEVEL", "WARNING").strip().upper()
        return level if level in {"DEBUG", "INFO", "WARNING", "ERROR"} else "WARNING"


def _configure_logging() -> str:
    """Log to standard error at the ``log_level`` setting (a bad value is reported by the command);
    the level used."""
    level = _log_level()
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").addFilter(_MASKED_PASSWORDS)
    if level in {"WARNING", "ERROR"}:
        for name in (*_INPUT_LIBRARY_LOGGERS, *_QUIET_STORE_LOGGERS):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    return level


def main() -> None:
    level = _configure_logging()
    # Here, once before any command, not in load_settings: every command (and `serve`) says it once
    # however often it reads settings, before whatever the misspelt setting then makes go wrong.
    # ERROR silences it, for a variable another program sets that Tidings is not to read.
    if level != "ERROR":
        for warning in unknown_variables():
            err_console.print(f"tidings: {warning}", markup=False)
    try:
        app()
    except SystemExit as stop:
        # typer ends a command that Ctrl+C stopped with a silent exit 130: say so, as below.
        if stop.code == 130 and interrupted(stop):
            fail("interrupted", 130)
        raise
    except TidingsError as error:
        # An error may name an address with a password in it (a private feed's): never shown.
        fail(display_error(error), EXIT_FAILED)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except Exception as error:
        if interrupted(error):
            fail("interrupted", 130)
        # A bug, not a user's mistake: say so in one line; the traceback goes to the log.
        logging.getLogger("tidings").debug("unexpected error", exc_info=True)
        fail(
            f"unexpected error ({error.__class__.__name__}: {error}); this is a bug in Tidings: "
            "run again with TIDINGS_LOG_LEVEL=DEBUG to see the traceback and report it",
            EXIT_FAILED,
        )
