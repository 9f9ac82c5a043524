"""Commands about sources: subscribe, OPML import and export, the source list, fetching.

``subscribe`` takes a feed URL or any page URL (discovery finds the feed, or the site's
sitemap); ``import-opml`` stores an OPML file's (or URL's) subscriptions without fetching them;
``export-opml`` prints OPML 2.0; ``sources`` lists every source with its health, and its
subcommands change one (``set``, ``refresh``, ``remove``); ``fetch`` polls what is due once and
``run`` keeps polling until interrupted. Each parses its arguments, calls ``Tidings`` and prints.
An address is printed with its password masked (``display_url``), except by ``export-opml``: the
export is the user's own backup, which must subscribe again as it is.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer
from rich.table import Column

from tidings.cli.app import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_SKIPPED,
    PlainTable,
    app,
    err_console,
    out_console,
    write_json_line,
)
from tidings.core import Tidings
from tidings.errors import InputError, printable_name
from tidings.model import MAX_ID
from tidings.store import SourceHealth
from tidings.store.sources import FullText, Source
from tidings.urls import display_url

# The fetcher's modules (httpx, feed parsing, the store's polling) are imported by the commands
# that fetch: `tidings sources` and `tidings --help` answer without loading them.
if TYPE_CHECKING:
    from tidings.jobs import PollReport

__all__ = ["describe_report", "health_json"]

sources_app = typer.Typer(
    help="List sources with their health; change, refresh or remove one.",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(sources_app, name="sources")

FULL_TEXT_HELP = "Fetch each entry's page when the feed carries only teasers: auto, on or off."


def _full_text(value: str | None) -> FullText | None:
    if value is None:
        return None
    if value not in {"auto", "on", "off"}:
        raise typer.BadParameter(f"{value!r}: use auto, on or off", param_hint="--full-text")
    return cast(FullText, value)


def _no_empty_path(path: str) -> str:
    """``path``, refused when empty: read as a path, "" is the current folder."""
    if not path:
        raise typer.BadParameter("an empty path names no file: give an OPML file, its http(s) URL or '-'")
    return path


def _when(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never"
    seconds = (moment - now).total_seconds()
    magnitude = abs(seconds)
    if magnitude < 90:
        amount = f"{magnitude:.0f} s"
    elif magnitude < 5400:
        amount = f"{magnitude / 60:.0f} min"
    elif magnitude < 129_600:
        amount = f"{magnitude / 3600:.0f} h"
    else:
        amount = f"{magnitude / 86_400:.0f} d"
    return f"in {amount}" if seconds > 0 else f"{amount} ago"


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def health_json(health: SourceHealth) -> dict[str, Any]:
    """One source as ``tidings sources --json`` prints it."""
    source = health.source
    return {
        "id": source.source_id,
        "url": display_url(source.url),
        "kind": source.kind,
        "title": source.title,
        "site_url": display_url(source.site_url) if source.site_url else None,
        "folder": health.folder,
        "state": source.state,
        "full_text": source.full_text,
        "last_success_at": _iso(source.last_success_at),
        "last_error": source.last_error,
        "last_error_at": _iso(source.last_error_at),
        "error_count": source.error_count,
        "failing_since": _iso(source.failing_since),
        "next_check_at": _iso(source.next_check_at),
        "articles_per_day": round(health.articles_per_day, 2),
        "subscribers": health.subscribers,
    }


def describe_report(report: PollReport) -> str:
    """One line for what a poll did; the source's address with its password masked, and what the
    poll made of the source (``PollReport.note``: an imported address resolved) after it."""
    line = _report_line(report)
    if report.note is None:
        return line
    return (
        f"#{report.source_id} {display_url(report.url)}: {report.note}"
        if line == ""
        else f"{line}; {report.note}"
    )


def _report_line(report: PollReport) -> str:
    shown = display_url(report.url)
    completed = ""
    if report.completed:
        completed = ", 1 teaser completed by its page" if report.completed == 1 else ""
        completed = completed or f", {report.completed} teasers completed by their pages"
    if report.outcome == "new":
        refused = ""
        if report.refused:
            refused = ", 1 entry refused" if report.refused == 1 else f", {report.refused} entries refused"
        # Articles whose feed entry came back corrected (a title or text changed by its publisher).
        updated = f", {report.updated} updated" if report.updated else ""
        return f"#{report.source_id} {shown}: {report.added} new{updated}{refused}{completed}"
    if report.outcome == "not-modified":
        return f"#{report.source_id} {shown}: not modified{completed}"
    if report.error is None:
        # Retired without an error: merged into the source already following its feed (the note).
        return ""
    # The error names its input; when that is the source's own URL, the line has named it already.
    error = report.error or ""
    error = error.removeprefix(f"{shown}: ")
    return f"#{report.source_id} {shown}: {report.outcome}: {error}"


@app.command("subscribe", no_args_is_help=True)
def subscribe_command(
    url: Annotated[str, typer.Argument(help="A feed's URL, or any page of a site: its feed is found.")],
    folder: Annotated[
        str, typer.Option("--folder", help="Folder to file the source in (at most 255 characters).")
    ] = "",
    full_text: Annotated[str | None, typer.Option("--full-text", help=FULL_TEXT_HELP)] = None,
) -> None:
    """Follow a feed, or the feed (or sitemap) of any page's site."""
    with Tidings() as tidings:
        result = tidings.subscribe(url, folder=folder, full_text=_full_text(full_text))
    found = result.discovered
    source = result.subscribed.source
    status = "subscribed" if result.subscribed.new_subscription else "already subscribed"
    title = f" ({found.title})" if found.title else ""
    out_console.print(
        f"{status}: #{source.source_id} {found.kind} {display_url(found.url)}{title}; {found.how}",
        markup=False,
    )
    for other in found.alternatives:
        out_console.print(f"  the site also offers {display_url(other)}", markup=False)


@app.command("import-opml", no_args_is_help=True)
def import_opml_command(
    path: Annotated[
        str,
        typer.Argument(
            help="An OPML file (OPML 1.0 or 2.0), or the http(s) URL of one; '-' reads standard input.",
            callback=_no_empty_path,
        ),
    ],
) -> None:
    """Subscribe to every feed in an OPML file or at an OPML URL, keeping its folders; fetched later."""
    from tidings.gather.files import read_local  # noqa: PLC0415 - see the imports
    from tidings.jobs.subscribe import is_web_address, read_opml_url  # noqa: PLC0415 - see the imports

    with Tidings() as tidings:
        if is_web_address(path):
            source, body = path, read_opml_url(tidings.settings, path)
        elif Path(path).is_dir():
            # A folder can be read (it lists files), just not as one OPML file.
            raise InputError(path, "is a folder; give an OPML file")
        else:
            source, body = read_local(path, max_bytes=tidings.settings.max_document_bytes)
        report = tidings.import_opml(body, source=source)
    shown = printable_name(display_url(source))  # a file's name may hold a line break
    for refused in report.refused:
        name = f"{refused.title!r} " if refused.title else ""
        err_console.print(
            f"tidings: {shown}: outline {name}{display_url(refused.url)!r} left out: {refused.reason}",
            markup=False,
        )
    already = len(report.subscribed) - report.new_sources
    # Every outline with an address is counted once, so the numbers add up to the outlines read.
    repeated = f", {report.repeated} repeated in the file" if report.repeated else ""
    counts = f"{report.new_sources} subscribed, {already} already followed{repeated}"
    err_console.print(f"{counts}, {len(report.refused)} left out", markup=False)
    if report.refused:
        raise typer.Exit(EXIT_SKIPPED)


@app.command("export-opml")
def export_opml_command() -> None:
    """Print every subscription as an OPML 2.0 document."""
    with Tidings() as tidings:
        sys.stdout.write(tidings.export_opml())


def _title_url_break() -> str:
    return "\n" if out_console.is_terminal else " "


def _last_error(source: Source, now: datetime) -> str:
    """The source's last error, when it came, and whether it is past: a poll that succeeded after
    it is said so ("OK since"), for the store keeps the error when the source recovers."""
    if not source.last_error:
        return ""
    when = _when(source.last_error_at, now)
    recovered = (
        source.state == "active"
        and source.last_success_at is not None
        and source.last_error_at is not None
        and source.last_success_at > source.last_error_at
    )
    return f"{when}, OK since: {source.last_error}" if recovered else f"{when}: {source.last_error}"


def _health_table(healths: list[SourceHealth], now: datetime) -> PlainTable:
    # Long cells fold instead of ending in an ellipsis: a URL cut short identifies nothing, and
    # a piped or narrow terminal is only 80 columns wide.
    table = PlainTable(
        "id",
        Column("state", overflow="fold"),
        Column("source", overflow="fold"),
        "folder",
        "last success",
        Column("last error", overflow="fold"),
        "next check",
        "per day",
        box=None,  # as every other listing: rows a program can split on white space
    )
    for health in healths:
        source = health.source
        state: str = source.state
        if source.state == "paused" and source.failing_since is not None:
            state = f"paused, failing since {source.failing_since:%Y-%m-%d}"
        error = _last_error(source, now)
        table.add_row(
            str(source.source_id),
            state,
            # One row a line when piped (grep, sort); on a terminal the title stands over its URL.
            f"{source.title or ''}{_title_url_break()}{display_url(source.url)}".strip(),
            health.folder,
            _when(source.last_success_at, now),
            error,
            "never (retired)" if source.state == "retired" else _when(source.next_check_at, now),
            f"{health.articles_per_day:.1f}",
        )
    return table


@sources_app.callback()
def sources_command(
    context: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per source (JSON Lines).")] = False,
) -> None:
    """List sources with their health: last success, last error, next check, articles per day."""
    if context.invoked_subcommand is not None:
        return
    now = datetime.now(UTC)
    with Tidings() as tidings:
        healths = tidings.sources(now=now)
    if as_json:
        for health in healths:
            write_json_line(health_json(health))
        return
    if not healths:
        err_console.print("no sources yet; add one with `tidings subscribe URL`", markup=False)
        return
    out_console.print(_health_table(healths, now))


@sources_app.command("set", no_args_is_help=True)
def set_command(
    source_id: Annotated[
        int, typer.Argument(help="The source's id (see `tidings sources`).", min=1, max=MAX_ID)
    ],
    full_text: Annotated[str | None, typer.Option("--full-text", help=FULL_TEXT_HELP)] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Check a paused or retired source again now.")
    ] = False,
) -> None:
    """Change a source's full-text mode, or resume it."""
    if full_text is None and not resume:
        raise typer.BadParameter("give --full-text MODE or --resume: there is nothing to change")
    with Tidings() as tidings:
        source = tidings.set_source(source_id, full_text=_full_text(full_text), resume=resume)
    out_console.print(
        f"#{source.source_id} {display_url(source.url)}: {source.state}, full text {source.full_text}",
        markup=False,
    )


@sources_app.command("refresh", no_args_is_help=True)
def refresh_command(
    source_id: Annotated[int, typer.Argument(help="The source's id.", min=1, max=MAX_ID)],
) -> None:
    """Poll one source now, whether it is due or not."""
    with Tidings() as tidings:
        report = tidings.refresh_source(source_id)
    if report is None:
        err_console.print(
            f"tidings: source {source_id} is being polled right now; try again shortly", markup=False
        )
        raise typer.Exit(EXIT_FAILED)
    if report.error is not None:
        # An error is one line on standard error, as `fetch` prints a failed poll.
        err_console.print(f"tidings: {describe_report(report)}", markup=False)
        raise typer.Exit(EXIT_FAILED)
    out_console.print(describe_report(report), markup=False)


@sources_app.command("remove", no_args_is_help=True)
def remove_command(
    source_id: Annotated[int, typer.Argument(help="The source's id.", min=1, max=MAX_ID)],
) -> None:
    """Unsubscribe from a source (its articles stay)."""
    with Tidings() as tidings:
        tidings.unsubscribe(source_id)
    out_console.print(f"unsubscribed from #{source_id}", markup=False)


@app.command("fetch")
def fetch_command(
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only failures and the summary.")
    ] = False,
) -> None:
    """Poll every source that is due, once (exit status 3 if any failed; each is named)."""
    counts = {"new": 0, "not-modified": 0, "failed": 0, "paused": 0, "retired": 0}
    added = updated = 0

    def show(report: PollReport) -> None:
        nonlocal added, updated
        counts[report.outcome] += 1
        added += report.added
        updated += report.updated
        if report.error is not None:
            err_console.print(f"tidings: {describe_report(report)}", markup=False)
        elif not quiet and (report.outcome == "new" or report.completed or report.note):
            out_console.print(describe_report(report), markup=False)

    with Tidings() as tidings:
        reports = tidings.fetch_due(on_report=show)
    # A source retired without an error was merged into the one following its feed: no failure.
    merged = sum(1 for report in reports if report.outcome == "retired" and report.error is None)
    failed = counts["failed"] + counts["paused"] + counts["retired"] - merged
    corrected = f", {updated} updated" if updated else ""
    err_console.print(
        f"{len(reports)} sources polled: {added} new articles{corrected}, "
        f"{counts['not-modified']} not modified, {failed} failed",
        markup=False,
    )
    if failed:
        # A cron job or a pipeline must see that some sources did not poll (each named above).
        raise typer.Exit(EXIT_SKIPPED)


@app.command("run")
def run_command() -> None:
    """Keep polling sources on their schedules until interrupted (Ctrl-C, or SIGTERM from a
    service manager)."""

    def show(report: PollReport) -> None:
        if report.error is not None:
            err_console.print(f"tidings: {describe_report(report)}", markup=False)
        elif (report.outcome == "new" and report.added) or report.note:
            out_console.print(describe_report(report), markup=False)

    async def run(tidings: Tidings) -> None:
        scheduler = tidings.scheduler(on_report=show)
        terminated = asyncio.Event()
        # systemd, Docker and kill stop a service with SIGTERM, whose default ends the process at
        # once, leaving the polls under way claimed until their lease runs out; stop as for Ctrl-C.
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, terminated.set)
        await scheduler.start()
        try:
            await terminated.wait()
        finally:
            if scheduler.polls_under_way:
                # A poll of a slow server may take up to TIDINGS_FETCH_TIMEOUT_S: without a word,
                # a stop seemed not to have been heard.
                err_console.print(
                    "stopping: finishing the polls under way (Ctrl-C stops them now)", markup=False
                )
            await scheduler.stop()

    interrupted = False
    with Tidings() as tidings:
        # Said once the store is open: a store that cannot be used is its one line instead.
        err_console.print(
            f"polling sources in the store {tidings.store.name}; press Ctrl-C to stop", markup=False
        )
        try:
            asyncio.run(run(tidings))
        except KeyboardInterrupt:
            interrupted = True
    err_console.print("stopped", markup=False)
    if interrupted:
        # Ctrl-C is 130 (interrupted), as for every command; SIGTERM, a service manager's stop,
        # is the normal end of a service and leaves 0.
        raise typer.Exit(EXIT_INTERRUPTED)
