"""Commands about stories: ``stories`` lists them, ``story`` shows one, ``cluster`` is the batch.

``tidings cluster`` never touches the store. It reads JSON Lines on standard input, one article
per line (``id``, ``title``, ``text`` (may be empty), ``outlet``, ``url``, ``published_at``,
optional ``language``), in any order; places them in ``published_at`` order; and writes one line
per accepted input, in input order: ``{"id": ..., "story": N, "copy_of": id-or-null}``.

Rules for bad lines (each named on standard error with its line number; exit status 3 when any
line was skipped):

* a blank line (or one of only a byte-order mark): passed over (no input, no output line);
* not JSON (nested too deeply or holding a number of over 4,300 digits included), not an object,
  no ``id`` (a string or a whole number), or neither a title nor a text (no letter or digit in
  either): skipped;
* a text field (``title``, ``text``, ``outlet``, ``url``, ``language``, ``byline``) that is not a
  string: read as absent, with a warning;
* a field named more than once in one line: its last value is read, with a warning;
* an ``id`` already seen on an earlier line: skipped (the first line with it counts);
* ``published_at`` (ISO 8601, RFC 2822 or Unix time in seconds) missing or unparsable: kept,
  placed after every dated article (as if it arrived last) and free to join a story of any age,
  with a warning (which names a number too large for seconds as the milliseconds it likely is);
  a date without a time zone is taken as UTC;
* ``published_at`` more than an hour after now: kept, placed at now, with a warning;
* ``language``: a code or tag ("en", "en-GB", "en_US") is read as its language; anything else as
  absent, with a warning. The language is then checked against the title and text as the store
  checks a feed entry's (``checked_language``): an absent one is told from them (at least 40
  characters; under 200, such as a headline, only when py3langid is 0.9 sure, or 0.4 sure where
  the function words agree, else none, unless the outlet's lines read together tell it:
  ``batch.outlet_languages``), and a declared one stands unless 200 characters or more are
  surely (0.99) another, which is then read, with a warning. Articles in different languages
  never share a story, and the same words in two languages are not a copy; one without a
  language may join any. A title in another language than English, or mostly in another script
  than the Latin one, is compared by its words, not by the English-trained models' vectors
  (``cluster.features.models_read``);
* a very long text: kept; copy detection and clustering read its first 200,000 characters.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Column

from tidings.cli.app import (
    EXIT_SKIPPED,
    PlainTable,
    app,
    err_console,
    out_console,
    table_date,
    write_json_line,
)
from tidings.cli.batch import (
    BatchRecord,
    batch_language,
    batch_published_at,
    outlet_languages,
    read_batch_records,
    standard_input_lines,
)
from tidings.core import Tidings
from tidings.model import MAX_ID, Outlet, Story, StoryDetail, StoryMember, StoryWriting

# The stories step (tidings.stories: embeddings, the ANN index) is imported by `tidings cluster`
# alone: `stories`, `story` and `tidings --help` answer without loading it.
if TYPE_CHECKING:
    from tidings.stories import StoryItem

__all__ = ["BatchLine", "parse_batch"]


def _warn(message: str) -> None:
    err_console.print(f"tidings: {message}", markup=False)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


# -- the batch command ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BatchLine:
    """One accepted input line: its number, its id as given, and the item to place."""

    number: int
    given_id: str | int
    item: StoryItem


def parse_batch(lines: Iterator[bytes], *, now: datetime, warn: Any = _warn) -> tuple[list[BatchLine], int]:
    """Accepted lines and the number skipped; every skip and adjustment is passed to ``warn``
    (the lines read as ``tidings summarize`` reads them: ``read_batch_records``)."""
    skips: list[str] = []

    def skip(message: str) -> None:
        skips.append(message)
        warn(message)

    undated: list[BatchRecord] = []
    dated: list[tuple[BatchRecord, datetime]] = []
    languages: dict[int, str | None] = {}
    for record in read_batch_records(lines, warn=warn, skip=skip):
        languages[record.number] = batch_language(
            record.fields.get("language"),
            record.text("title"),
            record.text("text"),
            where=record.where,
            warn=warn,
        )
        published_at = batch_published_at(
            record, now=now, warn=warn, undated="placed after every dated article", future="placed at now"
        )
        if published_at is None:
            undated.append(record)
        else:
            dated.append((record, published_at))
    # An outlet's headlines read together tell the language of those each alone does not.
    languages.update(outlet_languages([record for record, _ in dated] + undated, languages))
    latest = max((moment for _, moment in dated), default=now)
    undated_numbers = {record.number for record in undated}
    dated.extend((record, latest) for record in undated)
    accepted: list[BatchLine] = []
    for record, published_at in sorted(dated, key=lambda entry: entry[0].number):
        language = languages[record.number]
        item = _item(record, published_at, language, dated=record.number not in undated_numbers)
        accepted.append(BatchLine(number=record.number, given_id=record.given_id, item=item))
    return accepted, len(skips)


def _item(record: BatchRecord, published_at: datetime, language: str | None, *, dated: bool) -> StoryItem:
    from tidings.stories import StoryItem  # noqa: PLC0415 - see the imports

    return StoryItem(
        key=record.number,
        title=record.text("title"),
        text=record.text("text"),
        outlet=record.text("outlet").strip() or "unknown outlet",
        published_at=published_at,
        url=record.text("url") or None,
        language=language,
        byline=record.text("byline") or None,
        dated=dated,
    )


@app.command("cluster")
def cluster_command() -> None:
    """Group JSON Lines articles from standard input into stories, without the store.

    Prints one line per input: {"id": ..., "story": N, "copy_of": id-or-null}.
    """
    now = datetime.now(UTC)
    accepted, skipped = parse_batch(iter(standard_input_lines()), now=now)
    with Tidings() as tidings:
        answers = tidings.cluster_batch([line.item for line in accepted])
    given = {line.number: line.given_id for line in accepted}
    for answer in answers:
        copy_of = given[answer.copy_of] if answer.copy_of is not None else None
        write_json_line({"id": given[answer.key], "story": answer.story_id, "copy_of": copy_of})
    sys.stdout.flush()
    if skipped:
        _warn(f"{len(accepted)} placed, {skipped} skipped")
        raise typer.Exit(EXIT_SKIPPED)
    if not accepted:
        # No output at all would look like a pipeline that lost its input: say that none came.
        _warn("0 placed: standard input held no article lines (JSON Lines, one article a line)")


# -- the store's stories ----------------------------------------------------------------------


def _story_json(story: Story) -> dict[str, Any]:
    return {
        "id": story.story_id,
        "headline": story.headline,
        # As the web and the API count them: an outlet that only republished a copy is not one.
        "outlets": [outlet.name for outlet in story.counted_outlet_refs],
        "outlet_count": story.counted_outlets,
        "article_count": story.article_count,
        "first_seen": _iso(story.first_seen),
        "last_seen": _iso(story.last_seen),
        "merged_into": story.merged_into,
    }


def _outlets_line(story: Story, shown: int = 3) -> str:
    listed = story.counted_outlet_refs
    labels = _outlet_labels(list(listed))
    names = ", ".join(labels[outlet] for outlet in listed[:shown])
    more = story.counted_outlets - min(shown, len(listed))
    return f"{names} +{more}" if more > 0 else names


# The width from which `tidings stories` shows each date on one line: ids, counts and two dates
# take some 60 columns, and the headline and outlets want as many.
_FULL_DATES_WIDTH = 120


@app.command("stories")
def stories_command(
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="How many, most recently active first.")] = 50,
    min_outlets: Annotated[
        int,
        typer.Option(
            min=1, max=MAX_ID, help="Only stories covered by this many outlets (copies not counted)."
        ),
    ] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON Lines.")] = False,
) -> None:
    """List stories: headline, outlets, number of articles, first and last seen."""
    with Tidings() as tidings:
        found = tidings.list_stories(limit=limit, min_outlets=min_outlets)
    if as_json:
        for story in found:
            write_json_line(_story_json(story))
        return
    if not found:
        empty = (
            f"no story is covered by {min_outlets} outlets or more"
            if min_outlets > 1
            else "no stories yet: add articles with `tidings add`"
        )
        err_console.print(empty, markup=False)
        return
    # On a terminal narrower than _FULL_DATES_WIDTH each date puts its time under its day, leaving
    # the headline room (at 80 columns it would have a dozen); the headline and outlets wrap, and
    # ids and counts are never cut. Piped, a row is one line.
    stacked = out_console.width < _FULL_DATES_WIDTH

    def seen(moment: datetime) -> str:
        shown = table_date(moment)
        return shown.replace(" ", "\n") if stacked else shown

    table = PlainTable(
        Column("id", no_wrap=True),
        Column("headline", overflow="fold"),
        Column("outlets", overflow="fold"),
        Column("articles", no_wrap=True),
        "first seen",
        "last seen",
        box=None,
    )
    for story in found:
        table.add_row(
            str(story.story_id),
            story.headline,
            _outlets_line(story),
            str(story.article_count),
            seen(story.first_seen),
            seen(story.last_seen),
        )
    out_console.print(table)


def _member_json(member: StoryMember) -> dict[str, Any]:
    article = member.article.article
    copy = member.copy
    return {
        "id": member.article.article_id,
        "title": article.title,
        "outlet": article.outlet.name,
        "published_at": _iso(article.published_at),
        "url": article.url,
        "copy_of": copy.original_id if copy is not None else None,
        "copy_similarity": copy.similarity if copy is not None else None,
        # As the API's timeline entry gives it (``OriginOut``).
        "origin": (
            {"outlet": copy.origin.outlet, "evidence": copy.origin.evidence}
            if copy is not None and copy.origin is not None
            else None
        ),
    }


def _detail_json(detail: StoryDetail) -> dict[str, Any]:
    return {
        **_story_json(detail.story),
        "articles": [_member_json(member) for member in detail.members],
        # The API's names (``MergeOut``), which docs/api.md says lists merges as this command does.
        "merges": [
            {
                "survivor_story_id": merge.survivor_id,
                "absorbed_story_id": merge.absorbed_id,
                "merged_at": _iso(merge.merged_at),
                "article_id": merge.article_id,
                "reason": merge.reason,
            }
            for merge in detail.merges
        ],
        "earlier": [_story_json(story) for story in detail.earlier],
        "later": [_story_json(story) for story in detail.later],
    }


_EVIDENCE_WORDS = {
    "canonical_link": "its canonical link",
    "wire_credit": "a wire credit",
    "earliest": "the earliest date",
}


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _outlet_of(member: StoryMember) -> Outlet:
    return member.article.article.outlet


def _outlet_labels(found: list[Outlet]) -> dict[Outlet, str]:
    """Each outlet's name, followed by its site where other outlets of the story share the name
    (an aggregator's feed names every entry after itself): sites apart are not one outlet."""
    sites: dict[str, set[str | None]] = {}
    for outlet in found:
        sites.setdefault(outlet.name, set()).add(outlet.domain)
    return {
        outlet: f"{outlet.name} ({outlet.domain})"
        if len(sites[outlet.name]) > 1 and outlet.domain
        else outlet.name
        for outlet in found
    }


def _print_detail(detail: StoryDetail) -> None:
    story = detail.story
    out_console.print(story.headline, style="bold", markup=False)
    if story.merged_into is not None:
        # Its articles are in the story it was merged into (``Tidings.story``): no counts of its own.
        out_console.print(
            f"story #{story.story_id} · merged into story #{story.merged_into}: its articles are there "
            f"now; see `tidings story {story.merged_into}`",
            markup=False,
        )
    else:
        out_console.print(
            f"story #{story.story_id} · {_counted(story.article_count, 'article')} · "
            f"{_counted(story.counted_outlets, 'outlet')} · "
            f"{table_date(story.first_seen)} – {table_date(story.last_seen)}",
            markup=False,
        )
    # Each piece of writing once, its updates and copies from other outlets under it (``writings``).
    by_outlet: dict[Outlet, list[StoryWriting]] = {}
    for writing in detail.writings():
        by_outlet.setdefault(_outlet_of(writing.member), []).append(writing)
    outlet_label = _outlet_labels([_outlet_of(member) for member in detail.members])
    # Ids, dates and titles in columns, however long an id and whether a date has its time of day
    # or is missing: an undated article's title stood where the others' dates do.
    id_width = max((len(str(member.article.article_id)) for member in detail.members), default=1)
    for outlet, writings in by_outlet.items():
        out_console.print()
        out_console.print(outlet_label[outlet], style="bold", markup=False)
        for writing in writings:
            member = writing.member
            article = member.article.article
            when = table_date(article.published_at) or "undated"
            out_console.print(
                f"  #{member.article.article_id:<{id_width}} {when:<16}  {article.title}", markup=False
            )
            if member.copy is not None:
                original = member.copy.original_id
                out_console.print(
                    f"    a copy of #{original}, in another story (see `tidings show {original}`)",
                    markup=False,
                )
            for update in writing.updates:
                updated = update.article.article
                out_console.print(
                    f"    updated: #{update.article.article_id} "
                    f"{table_date(updated.published_at) or 'undated'}  {updated.title}",
                    markup=False,
                )
            if writing.republications:
                names = ", ".join(sorted({outlet_label[_outlet_of(copy)] for copy in writing.republications}))
                out_console.print(f"    also published by {names}", markup=False)
            origin = writing.origin
            if origin is not None:
                out_console.print(
                    f"    came from {origin.outlet} (by {_EVIDENCE_WORDS[origin.evidence]})", markup=False
                )
    for merge in detail.merges:
        out_console.print()
        by_article = f" by article #{merge.article_id}" if merge.article_id is not None else ""
        out_console.print(
            f"merged: story #{merge.absorbed_id} into #{merge.survivor_id}{by_article} "
            f"on {table_date(merge.merged_at)} ({merge.reason})",
            markup=False,
        )
    for label, linked in (("earlier coverage", detail.earlier), ("later coverage", detail.later)):
        for other in linked:
            out_console.print()
            out_console.print(
                f"{label}: #{other.story_id} {other.headline} "
                f"({table_date(other.first_seen)} – {table_date(other.last_seen)})",
                markup=False,
            )


@app.command("story", no_args_is_help=True)
def story_command(
    story_id: Annotated[
        int, typer.Argument(help="The story's id, as `tidings stories` lists it.", min=1, max=MAX_ID)
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Show one story: its articles by outlet, copies, merges and earlier coverage."""
    with Tidings() as tidings:
        detail = tidings.story(story_id)
    if as_json:
        write_json_line(_detail_json(detail))
        return
    _print_detail(detail)
