"""The Typer application object and the helpers every command module shares.

Commands live in modules by subject (``articles``, ``stories``, ``understand``, ``sources``,
``serve``); each registers on ``app``. A ``TidingsError`` never reaches the user as a traceback:
``run_cli`` prints its sentence to standard error and exits with status 1 (2 for bad usage).
"""

from __future__ import annotations

import errno
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, NoReturn

import typer
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

# Typer carries its own copy of Click (``typer._click``): its errors and contexts are that copy's,
# not those of the separately installed ``click``.
from typer._click import Context as ClickContext
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from tidings.errors import InputError
from tidings.model import says_time_of_day

__all__ = [
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_SKIPPED",
    "PlainTable",
    "StandardOutputClosed",
    "app",
    "err_console",
    "fail",
    "interrupted",
    "note_standard_input",
    "out_console",
    "table_date",
    "usage_error_line",
    "write_json_line",
]

# Exit statuses: 0 all went well, 1 the command failed, 2 bad usage (Typer's own),
# 3 the command finished but skipped some inputs (each named on standard error), 130 interrupted
# (Ctrl+C: 128 + SIGINT, as a shell reports it).
EXIT_FAILED = 1
EXIT_SKIPPED = 3
EXIT_INTERRUPTED = 130


class StandardOutputClosed(BrokenPipeError):
    """Standard output's reader is gone (``tidings add … | head -1``). A ``BrokenPipeError``: a
    listing that meets it ends as one whose JSON line met it (silently, exit status 0:
    ``OneLineUsageErrors.invoke``); ``tidings add`` catches it and stores the rest without
    printing."""

    def __init__(self) -> None:
        super().__init__(errno.EPIPE, "standard output was closed")


class _OutputConsole(Console):
    def on_broken_pipe(self) -> None:
        # As Rich does (writes from now on go nowhere, so that flushing at exit cannot fail too),
        # but raised as an error a command can catch, not as Rich's SystemExit.
        self.quiet = True
        _silence_standard_output()
        raise StandardOutputClosed


# No emoji codes and no highlighting: paths, titles and feed entry keys are printed as they are
# (Rich would turn the ":x:" of "urn:x:1" into an emoji).
out_console = _OutputConsole(highlight=False, soft_wrap=True, emoji=False)
if not out_console.is_terminal and "COLUMNS" not in os.environ:
    # Piped into grep, sort or a file, a table row stays on one line: Rich would wrap titles at 80
    # columns, splitting one article over several lines. (Tables never stretch to this width.)
    out_console.width = 10_000
err_console = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)

# Half of a surrogate pair, alone: JSON input may spell one ("\\ud800"), and UTF-8 cannot carry it;
# and the characters that ``str.splitlines`` ends a line at besides the line feed (U+0085, U+2028,
# U+2029): raw in a JSON Lines line, a reader that splits so breaks the line (review, 2026-12-07).
_ESCAPED_IN_JSON_LINES = re.compile("[\ud800-\udfff\x85\u2028\u2029]")


def _json_escape(found: re.Match[str]) -> str:
    return f"\\u{ord(found.group()):04x}"


def write_json_line(record: object) -> None:
    """``record`` as one JSON Lines line on standard output, as every command writes JSON: UTF-8
    with a lone surrogate and the Unicode line ends written as JSON escapes, so that an id
    ``"\\ud800"`` that ``tidings cluster`` or ``tidings summarize`` read is echoed exactly (written
    as U+FFFD, it and ``"\\udfff"`` both came back as U+FFFD); all in ASCII escapes where standard
    output is not UTF-8 (``PYTHONIOENCODING=ascii``), which cannot write the rest."""
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("_", "-")
    if encoding not in {"utf-8", "utf8"}:
        sys.stdout.write(json.dumps(record) + "\n")
        return
    text = json.dumps(record, ensure_ascii=False)
    sys.stdout.write(_ESCAPED_IN_JSON_LINES.sub(_json_escape, text) + "\n")


def usage_error_line(error: UsageError) -> str:
    """A usage error as one line naming the command, the parameter and what is wrong:
    "tidings show: invalid value for 'ID': 'abc' is not a valid integer; see `tidings show --help`"."""
    command = error.ctx.command_path if error.ctx is not None else "tidings"
    message = " ".join(error.format_message().split()).rstrip(".")
    message = message[:1].lower() + message[1:]
    return f"{command}: {message}; see `{command} --help`"


@contextmanager
def _usage_errors_in_one_line() -> Iterator[None]:
    """Click's usage errors, which Typer would print as a boxed panel under the usage line, said
    in one line on standard error instead, as every other error is (exit status 2). A command run
    bare (``no_args_is_help``) still shows its help."""
    try:
        yield
    except NoArgsIsHelpError:
        raise
    except UsageError as error:
        err_console.print(usage_error_line(error), markup=False)
        sys.exit(error.exit_code)


class OneLineUsageErrors(TyperGroup):
    """The ``tidings`` group: parsing its own arguments (``make_context``) and resolving, parsing
    and running a subcommand (``invoke``) are where Click raises usage errors."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: ClickContext | None = None, **extra: Any
    ) -> ClickContext:
        with _usage_errors_in_one_line():
            return super().make_context(info_name, args, parent=parent, **extra)

    def invoke(self, ctx: ClickContext) -> Any:
        with _usage_errors_in_one_line():
            try:
                return super().invoke(ctx)
            except BrokenPipeError:
                # Standard output's reader stopped early (`tidings articles | head -1`): it took
                # what it wanted and the command did its work, so the exit status is 0, silently.
                # Click would exit 1, and only where the output outgrew the pipe's buffer: a script
                # under `set -o pipefail` failed or not by the size of the store (QA, 2026-12-07).
                _silence_standard_output()
                ctx.exit(0)


def _silence_standard_output() -> None:
    """Standard output to nowhere, so that flushing it at exit cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


app = typer.Typer(
    name="tidings",
    help="Tidings: all your news in one place, as stories.",
    cls=OneLineUsageErrors,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class PlainTable(Table):
    """A table whose text cells are shown as written. Rich reads a ``str`` cell as markup, so a
    stored title such as "Results [2024] [/b] recount" (or a hostile feed's) would fail the whole
    listing, and "[red]WATCH[/red]" would lose its brackets."""

    def add_row(self, *renderables: RenderableType | None, **options: Any) -> None:
        super().add_row(*(Text(cell) if isinstance(cell, str) else cell for cell in renderables), **options)


def interrupted(error: BaseException) -> bool:
    """Whether ``error`` is Ctrl+C, or was raised while cleaning up after it: a database driver
    interrupted mid-query can fail as its connection is handed back ("can't change 'autocommit'
    now"), and that failure, not the KeyboardInterrupt, is what reaches the command."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def table_date(moment: datetime | None) -> str:
    """A date for a table cell: the day alone where the source gave no time of day
    (``model.says_time_of_day``)."""
    if moment is None:
        return ""
    return moment.strftime("%Y-%m-%d %H:%M" if says_time_of_day(moment) else "%Y-%m-%d")


def fail(message: str, status: int = EXIT_FAILED) -> NoReturn:
    err_console.print(f"tidings: {message}", markup=False)
    sys.exit(status)


def note_standard_input(what: str) -> None:
    """Say that ``what`` is being read from standard input when that is a terminal: otherwise a
    command waiting for input nobody is piping in seems to hang. Standard input closed
    (``tidings cluster <&-``: Python then has no ``sys.stdin``) is an error naming it."""
    if sys.stdin is None:
        # "-", as ``tidings add -`` names standard input (``tidings.gather.STDIN``).
        raise InputError("-", f"standard input is closed; pipe {what} into the command")
    if sys.stdin.isatty():
        err_console.print(f"tidings: reading {what} from standard input; end with Ctrl-D", markup=False)
