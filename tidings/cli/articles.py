"""Commands about articles: extract, add, list, show, search; and the store's housekeeping.

Each command parses its arguments, calls one ``Tidings`` method and prints. Listings are Rich
tables for people and ``--json`` (JSON Lines) for pipelines; ``extract`` always prints JSON Lines.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from difflib import get_close_matches
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

# Typer's own copy of Click (see tidings.cli.app).
from typer._click import Context as ClickContext
from typer._click.exceptions import NoSuchOption
from typer.core import TyperCommand, TyperOption

from tidings.cli.app import (
    EXIT_SKIPPED,
    PlainTable,
    StandardOutputClosed,
    app,
    err_console,
    fail,
    interrupted,
    note_standard_input,
    out_console,
    table_date,
    write_json_line,
)
from tidings.config import env_name, load_settings, redact_url, render_settings_markdown, setting_fields
from tidings.core import Tidings
from tidings.errors import InputError
from tidings.model import (
    MAX_ID,
    OTHER_TEXT_NOT_TAKEN,
    Added,
    AlreadyHad,
    Article,
    StoredArticle,
    canonical_held_by_note,
)
from tidings.store.search import MAX_QUERY_CHARS, MAX_QUERY_TERMS, SearchQueryError, parse_query

# Reading and extracting (tidings.gather, tidings.pipeline) are imported by the commands that do
# it: the listings and `tidings --help` answer without loading the extractors.
if TYPE_CHECKING:
    from tidings.pipeline import IngestOutcome

__all__ = ["IngestProgress", "article_json", "report_ingest"]

PATHS_HELP = "Files or folders to read (folders are walked); '-' reads standard input."


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def article_json(article: Article, *, source_path: str | None = None) -> dict[str, Any]:
    """The JSON form of an extracted article, as ``tidings extract`` prints it."""
    return {
        "title": article.title,
        "text": article.text,
        "byline": article.byline,
        "standfirst": article.standfirst,
        "published_at": _iso(article.published_at),
        "outlet": article.outlet.name,
        "url": article.url,
        "language": article.language,
        "source_path": source_path,
    }


def _warn(message: str) -> None:
    err_console.print(f"tidings: {message}", markup=False)


def _no_empty_path(paths: list[str]) -> list[str]:
    """``paths``, refused when one is empty: read as a path, "" is the current folder, and
    ``tidings add "$PAGE"`` with the variable unset would store every page in it."""
    if "" in paths:
        raise typer.BadParameter("an empty path names no file: give a file, a folder or '-'")
    return paths


@app.command("extract", no_args_is_help=True)
def extract_command(
    paths: Annotated[list[str], typer.Argument(help=PATHS_HELP, callback=_no_empty_path)],
) -> None:
    """Print each input's clean article as one JSON object per line, without storing anything."""
    from tidings.gather import STDIN  # noqa: PLC0415 - see the imports

    if STDIN in paths:
        note_standard_input("a page, a text or a feed")
    skipped = 0
    with Tidings() as tidings:
        for source, result in tidings.extract_paths(paths):
            if isinstance(result, InputError):
                skipped += 1
                _warn(str(result))
                continue
            write_json_line(article_json(result, source_path=source))
    if skipped:
        raise typer.Exit(EXIT_SKIPPED)


@dataclass
class IngestTally:
    """Counts of what an ingest run did, for the closing line and the exit status."""

    added: int = 0
    updated: int = 0
    already_had: int = 0
    skipped: int = 0
    vias: dict[str, int] = field(default_factory=dict)

    def count(self, outcome: IngestOutcome) -> None:
        if outcome.error is not None:
            self.skipped += 1
        elif isinstance(outcome.outcome, Added):
            self.added += 1
        elif isinstance(outcome.outcome, AlreadyHad) and outcome.outcome.updated:
            self.updated += 1
        elif isinstance(outcome.outcome, AlreadyHad):
            self.already_had += 1
            self.vias[outcome.outcome.via] = self.vias.get(outcome.outcome.via, 0) + 1

    def summary(self) -> str:
        parts = [f"{self.added} added"]
        if self.updated:
            parts.append(f"{self.updated} updated")
        if self.already_had:
            # In the words each line says it in ("already stored as #3 (same text)").
            how = ", ".join(
                f"{count} {_VIA_WORDS.get(via, via.replace('_', ' '))}"
                for via, count in sorted(self.vias.items())
            )
            parts.append(f"{self.already_had} already stored ({how})")
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        return ", ".join(parts)


_VIA_WORDS = {
    "url": "same URL",
    "feed_entry": "same feed entry",
    "content_hash": "same text",
    "input": "same input",
}


def _describe(outcome: IngestOutcome) -> str:
    article = outcome.article
    assert article is not None
    held_by = outcome.outcome.canonical_held_by if outcome.outcome is not None else None
    # Which input named which other article's address as its own, and that it was not taken.
    held = f"; {canonical_held_by_note(held_by, outcome.source)}" if held_by is not None else ""
    if isinstance(outcome.outcome, AlreadyHad) and outcome.outcome.updated:
        # A page added again with other words (a corrected page saved again): the stored article took them.
        reason = _VIA_WORDS[outcome.outcome.via]
        return f"updated #{outcome.outcome.article_id} ({reason}{held}): {article.title}"
    if isinstance(outcome.outcome, AlreadyHad):
        reason = _VIA_WORDS[outcome.outcome.via]
        if outcome.outcome.completed:
            reason += "; its teaser replaced by this full text"
        if outcome.outcome.standfirst_added:
            reason += "; its missing standfirst taken from this one"
        if outcome.outcome.other_text_not_taken:
            reason += f"; {OTHER_TEXT_NOT_TAKEN}"
        return f"already stored as #{outcome.outcome.article_id} ({reason}{held}): {article.title}"
    assert isinstance(outcome.outcome, Added)
    return f"added #{outcome.outcome.article_id}: {article.title} ({article.outlet.name}){held}"


class IngestProgress:
    """What a batch shows while it runs, on a terminal only: a bar over the files when their number
    is known (a spinner for standard input or the sample), the running tally and the time taken."""

    def __init__(self, total_files: int | None, console: Console = err_console) -> None:
        columns: list[ProgressColumn] = [SpinnerColumn(), TextColumn("{task.description}")]
        if total_files is not None:
            columns += [BarColumn(), MofNCompleteColumn(), TextColumn("files")]
        columns.append(TimeElapsedColumn())
        self._progress = Progress(*columns, console=console, transient=True, disable=not console.is_terminal)
        self._task = self._progress.add_task("reading", total=total_files)
        self._files_started = 0

    def file_started(self, _name: str) -> None:
        """A file begins, so the one before it is done (files are read one after another)."""
        if self._files_started:
            self._progress.advance(self._task)
        self._files_started += 1

    def show(self, tally: IngestTally) -> None:
        self._progress.update(self._task, description=tally.summary())

    def print(self, message: str) -> None:
        """A line above the bar (the bar is drawn again below it)."""
        self._progress.console.print(message, markup=False)

    def __enter__(self) -> IngestProgress:
        self._progress.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._files_started:
            self._progress.advance(self._task)
        self._progress.stop()


# Articles are stored as they are read and grouped into stories a batch at a time, so an
# interrupted run may have stored more than it reported; the next ingest groups those first.
INTERRUPTED_ADD = (
    "What was stored stays stored (perhaps a batch more than reported): run the same command again "
    "to add the rest; what is already stored is skipped."
)


def report_ingest(
    outcomes: Iterable[IngestOutcome], *, verbose: bool, progress: IngestProgress | None = None
) -> IngestTally:
    """Print what happened to each input while it happens, under a progress display. Stopped
    with Ctrl+C, it says what was done and how to go on before the interruption ends the command."""
    tally = IngestTally()
    try:
        with progress or IngestProgress(None) as shown:
            for outcome in outcomes:
                tally.count(outcome)
                if outcome.error is not None:
                    shown.print(f"tidings: {outcome.error}")
                elif verbose:
                    try:
                        out_console.print(_describe(outcome), markup=False)
                    except StandardOutputClosed:
                        # Its reader stopped (`| head -1`): the lines are a report, the storing
                        # goes on, and the summary on standard error says what was done.
                        verbose = False
                shown.show(tally)
    except BaseException as error:
        if interrupted(error):
            err_console.print(f"{tally.summary()} before the interruption. {INTERRUPTED_ADD}", markup=False)
        raise
    return tally


@app.command("add", no_args_is_help=True)
def add_command(
    paths: Annotated[list[str], typer.Argument(help=PATHS_HELP, callback=_no_empty_path)],
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only problems and the summary.")
    ] = False,
) -> None:
    """Store articles from HTML pages, plain-text page saves and RSS/Atom/JSON feeds."""
    from tidings.gather import STDIN  # noqa: PLC0415 - see the imports

    if STDIN in paths:
        note_standard_input("a page, a text or a feed")
    with Tidings() as tidings:
        progress = IngestProgress(tidings.count_files(paths))
        outcomes = tidings.add_paths(paths, on_file=progress.file_started)
        tally = report_ingest(outcomes, verbose=not quiet, progress=progress)
    err_console.print(tally.summary(), markup=False)
    if tally.skipped:
        raise typer.Exit(EXIT_SKIPPED)


@app.command("load-sample")
def load_sample_command() -> None:
    """Store the bundled sample of real headlines (UCI News Aggregator, CC BY 4.0); safe to repeat."""
    with Tidings() as tidings:
        tally = report_ingest(tidings.load_sample(), verbose=False)
    err_console.print(f"sample: {tally.summary()}", markup=False)


def _stored_json(stored: StoredArticle, *, with_text: bool) -> dict[str, Any]:
    record = {"id": stored.article_id, **article_json(stored.article)}
    record.pop("source_path")
    record["outlet_domain"] = stored.article.outlet.domain
    record["fetched_at"] = _iso(stored.article.fetched_at)
    if not with_text:
        record.pop("text")
    return record


@app.command("articles")
def articles_command(
    outlet: Annotated[
        str | None, typer.Option(help="Only this outlet: its domain, or its name in any case.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="How many, newest first.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON Lines.")] = False,
) -> None:
    """List stored articles, newest first: outlet, date and title."""
    if outlet is not None:
        # As `search ''` and `entity ''`: an empty value is refused, not read as no filter
        # (`--outlet "$OUTLET"` with the variable unset is a mistake to name, not a wish for all).
        outlet = outlet.strip()
        if not outlet:
            fail(
                "--outlet is empty: give an outlet's domain or name, as `tidings articles` shows it, "
                "or leave the option out",
                2,
            )  # bad usage
    with Tidings() as tidings:
        if outlet is None:
            stored_articles = tidings.articles(limit=limit)
        else:
            stored_articles = _outlet_articles(tidings, outlet, limit)
    if as_json:
        for stored in stored_articles:
            write_json_line(_stored_json(stored, with_text=False))
        return
    if not stored_articles:
        empty = (
            f"no articles from the outlet {outlet!r} yet"
            if outlet is not None
            else "no articles yet: add some with `tidings add`"
        )
        err_console.print(empty, markup=False)
        return
    table = PlainTable("id", "outlet", "published", "title", box=None)
    for stored in stored_articles:
        article = stored.article
        table.add_row(
            str(stored.article_id), article.outlet.name, table_date(article.published_at), article.title
        )
    out_console.print(table)


def _outlet_articles(tidings: Tidings, given: str, limit: int) -> list[StoredArticle]:
    """The newest articles of the outlets ``given`` names (``Tidings.outlets_named``): of all of
    them where several share the name, as the unfiltered list shows them. An outlet the store does
    not hold is a failure (exit status 1), as an unknown article id is, not an empty list."""
    named = tidings.outlets_named(given)
    if not named:
        fail(f"no outlet {given!r}: give an outlet's domain or its name, as `tidings articles` shows it")
    if len(named) == 1:
        return tidings.articles(limit=limit, outlet=named[0].key)
    found = [stored for outlet in named for stored in tidings.articles(limit=limit, outlet=outlet.key)]
    # The store's own order (``sort_at``: the publication date, else when it was fetched; then id).
    found.sort(
        key=lambda stored: (stored.article.published_at or stored.article.fetched_at, stored.article_id),
        reverse=True,
    )
    return found[:limit]


@app.command("show", no_args_is_help=True)
def show_command(
    article_id: Annotated[
        int, typer.Argument(help="The article's id, as `tidings articles` lists it.", min=1, max=MAX_ID)
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Print one stored article: its metadata, then its text."""
    with Tidings() as tidings:
        stored = tidings.article(article_id)
    if as_json:
        write_json_line(_stored_json(stored, with_text=True))
        return
    article = stored.article
    out_console.print(article.title, style="bold", markup=False)
    details = [article.outlet.name, article.byline or "", table_date(article.published_at), article.url or ""]
    out_console.print(" · ".join(part for part in details if part), markup=False)
    if article.standfirst:
        out_console.print(article.standfirst, style="italic", markup=False)
    out_console.print()
    out_console.print(article.text, markup=False)


class _QueryCommand(TyperCommand):
    """A command whose words may begin with one dash (``tidings search -nuclear putin``: Click is
    told to pass options it does not know on as words), but where a word beginning with two dashes
    before a lone ``--`` must be one of its options: ``--limt 3`` and ``--jsn`` are typos, and
    searching for them (exit status 0) would hide the mistake. After ``--`` every word is a word."""

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        takes_value = {
            name: not (parameter.is_flag or parameter.count)
            for parameter in self.get_params(ctx)
            if isinstance(parameter, TyperOption)
            for name in (*parameter.opts, *parameter.secondary_opts)
        }
        index = 0
        while index < len(args) and args[index] != "--":
            name, attached, _ = args[index].partition("=")
            if name.startswith("--"):
                if name not in takes_value:
                    # As Click words it for a command that refuses unknown options.
                    raise NoSuchOption(name, possibilities=get_close_matches(name, takes_value), ctx=ctx)
                if takes_value[name] and not attached:
                    index += 1  # its value, whatever it looks like, as Click reads it
            index += 1
        return super().parse_args(ctx, args)


# A query may begin with an exclusion (tidings search -putin belarus): a word that is not one of
# the command's options is read as the query rather than refused as an unknown option, unless it
# begins with two dashes (see _QueryCommand).
@app.command(
    "search", cls=_QueryCommand, context_settings={"ignore_unknown_options": True}, no_args_is_help=True
)
def search_command(
    query: Annotated[
        list[str],
        typer.Argument(
            help='Words to find (all required), quoted together or not; "a phrase", -excluded, OR '
            f"(any case) between two, word* for words beginning so. At most {MAX_QUERY_CHARS} "
            f"characters and {MAX_QUERY_TERMS} words and phrases.",
        ),
    ],
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many results.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON Lines.")] = False,
) -> None:
    """Full-text search over stored articles, best matches first."""
    # `tidings search putin belarus` is `tidings search 'putin belarus'`: one query, its words
    # joined by spaces (a shell's quotes were already read, so '"a phrase"' stays a phrase).
    text = " ".join(query)
    try:
        problem = parse_query(text).problem
    except SearchQueryError as error:
        fail(f"QUERY {error.reason}", 2)  # bad usage
    if problem is not None:
        fail(problem, 2)
    with Tidings() as tidings:
        hits = tidings.search(text, limit=limit)
    if as_json:
        for hit in hits:
            write_json_line(
                {
                    "id": hit.article_id,
                    "title": hit.title,
                    "outlet": hit.outlet,
                    "published_at": _iso(hit.published_at),
                    "snippet": hit.snippet,
                    "snippet_spans": [{"text": span.text, "match": span.match} for span in hit.snippet_spans],
                    "score": hit.score,
                }
            )
        return
    if not hits:
        err_console.print(f"no article matches {text!r}", markup=False)
        return
    table = PlainTable("id", "outlet", "published", "title", box=None)
    for hit in hits:
        table.add_row(str(hit.article_id), hit.outlet, table_date(hit.published_at), hit.title)
    out_console.print(table)


@app.command("migrate")
def migrate_command() -> None:
    """Create the store, or bring it to this version's schema, and say which schema migrations that
    applied (none where the store was up to date)."""
    with Tidings() as tidings:
        applied = tidings.migrate()
        url = redact_url(tidings.settings.resolved_database_url)
    if not applied:
        err_console.print(f"the store at {url} was already up to date", markup=False)
        return
    changes = "1 schema migration" if len(applied) == 1 else f"{len(applied)} schema migrations"
    revisions = ", ".join(applied) if len(applied) <= 3 else f"{applied[0]} to {applied[-1]}"
    err_console.print(f"the store at {url} is up to date: applied {changes} ({revisions})", markup=False)


@app.command("config")
def config_command(
    markdown: Annotated[
        bool,
        typer.Option("--markdown", help="Print the settings table as Markdown (for docs/configuration.md)."),
    ] = False,
    cli_markdown: Annotated[
        bool,
        typer.Option("--cli-markdown", help="Print the command reference as Markdown (for docs/cli.md)."),
    ] = False,
) -> None:
    """Print every setting: its environment variable, its value now, and what it means."""
    if markdown:
        sys.stdout.write(render_settings_markdown())
        return
    if cli_markdown:
        from tidings.cli.reference import render_cli_markdown  # noqa: PLC0415 - needs every command loaded

        sys.stdout.write(render_cli_markdown())
        return
    settings = load_settings()
    table = PlainTable("setting", "variable", "value", "meaning", box=None)
    for setting in setting_fields():
        value = getattr(settings, setting.name)
        if setting.name == "database_url":
            value = redact_url(value) if value else f"(empty: {settings.resolved_database_url})"
        elif isinstance(value, tuple):  # as the user writes it: comma-separated, each entry as given
            value = ", ".join(value) or "(none)"
        elif isinstance(value, bool):  # as the docs tell the user to write it
            value = "on" if value else "off"
        table.add_row(setting.name, env_name(setting.name), str(value), setting.metadata["help"])
    out_console.print(table)
