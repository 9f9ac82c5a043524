"""Commands about understanding stories: ``summarize`` (a batch command that never touches the
store), and ``entity``, ``top``, ``related`` and ``summary`` over stored stories.

``tidings summarize`` reads one story's articles as JSON Lines on standard input, the fields of
``tidings cluster``'s input (``id``, ``title``, ``text``, ``outlet``, ``url``, ``published_at``,
optional ``language``, and optional ``copy_of``, the id of the article this one copies, as
``tidings cluster`` prints it), and writes one JSON object:
``{"summary": [...], "agreed": [...], "only": {outlet: [...]}, "entities": [...], "language": ...,
"skipped": [...]}``, naming articles by their input ids exactly as given (``write_json_line``, as
``tidings cluster`` echoes them). A line that is not a usable article (not UTF-8, not JSON, no id
or outlet, an id given twice) is named on standard error and skipped, as is a ``copy_of`` naming
no article of the input; the exit status is then 3, as it is when an article is left out of the summary (no
text, another language than the story's; each listed in ``skipped`` with its reason). An
article's language is read as ``tidings cluster`` and the store read it (``batch_language``): a
code or tag ("en-GB", "en_US") as its language, checked against the title and text, or told from
them when absent (or, for a short text, from its outlet's lines read together:
``batch.outlet_languages``); a change to what a line declares is named on standard error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from tidings.cli.app import (
    EXIT_SKIPPED,
    PlainTable,
    app,
    err_console,
    fail,
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
from tidings.model import (
    MAX_ID,
    Article,
    CitedSentence,
    Outlet,
    Provenance,
    RankedStory,
    StoredArticle,
    Story,
    StorySummary,
)

__all__ = ["BatchArticle", "read_batch_articles", "summary_json"]


@dataclass(frozen=True, slots=True)
class BatchArticle:
    """One input line made into an article; ``external_id`` is the ``id`` as the input gave it."""

    external_id: str | int
    stored: StoredArticle


def _article(
    record: BatchRecord, *, now: datetime, warn: Callable[[str], None], skip: Callable[[str], None]
) -> Article | None:
    """The record as an article; None, with the reason passed to ``skip``, when it names no outlet."""
    outlet = record.text("outlet").strip()
    if not outlet:
        skip(
            f"{record.where}: no outlet: agreement is between outlets, so each article must name one; skipped"
        )
        return None
    title, text = record.text("title"), record.text("text")
    # Read as `tidings cluster` and the store read it: one rule for a story's language everywhere.
    language = batch_language(record.fields.get("language"), title, text, where=record.where, warn=warn)
    published_at = batch_published_at(
        record, now=now, warn=warn, undated="read as undated", future="read as now", warn_missing=False
    )
    return Article(
        title=title.strip(),
        text=text,
        html="",
        outlet=Outlet(name=outlet),
        provenance=Provenance(kind="paste", locator=f"-:{record.number}"),
        fetched_at=now,
        published_at=published_at,
        url=record.text("url") or None,
        language=language,
    )


def _with_outlet_languages(parsed: list[tuple[BatchRecord, Article]]) -> list[tuple[BatchRecord, Article]]:
    """``parsed`` with the language of the articles left untold read from their outlet's articles
    together (``batch.outlet_languages``), as ``tidings cluster`` reads it: one rule for a story's
    language everywhere."""
    told = outlet_languages(
        [record for record, _ in parsed], {record.number: article.language for record, article in parsed}
    )
    return [
        (
            record,
            article
            if told[record.number] == article.language
            else replace(article, language=told[record.number]),
        )
        for record, article in parsed
    ]


def read_batch_articles(
    lines: Iterable[str | bytes], *, now: datetime, warn: Callable[[str], None]
) -> tuple[list[BatchArticle], list[str]]:
    """The usable articles of the input, and one message per line skipped or copy link dropped;
    each such message, and what is read otherwise than the input declares (a language, a date in
    the future), is passed to ``warn`` (the lines in order, then the copy links). Lines are read
    as ``tidings cluster`` reads them (``read_batch_records``), in the same words; an article
    must also name its outlet."""
    problems: list[str] = []

    def skip(message: str) -> None:
        problems.append(message)
        warn(message)

    parsed: list[tuple[BatchRecord, Article]] = []
    for record in read_batch_records(lines, warn=warn, skip=skip):
        article = _article(record, now=now, warn=warn, skip=skip)
        if article is not None:
            parsed.append((record, article))
    parsed = _with_outlet_languages(parsed)
    # Store-like ids are positions; the input's own ids are restored on output, exactly as given
    # (``write_json_line`` writes a lone surrogate as its escape), as `tidings cluster` echoes them.
    external = [record.given_id for record, _ in parsed]
    position_of = {identifier: position for position, identifier in enumerate(external, start=1)}
    articles = []
    for position, (record, article) in enumerate(parsed, start=1):
        copy_of = record.fields.get("copy_of")
        original = None
        if copy_of is not None:
            if isinstance(copy_of, bool) or not isinstance(copy_of, str | int):
                skip(f"{record.where}: 'copy_of' must be an id or null; the article is read as an original")
            else:
                original = position_of.get(copy_of)
                if original is None or original == position:
                    skip(
                        f"{record.where}: 'copy_of' {copy_of!r} is not the id of another article "
                        "of the input; the article is read as an original"
                    )
                    original = None
        articles.append(
            BatchArticle(
                external_id=external[position - 1],
                stored=StoredArticle(article_id=position, article=article, copy_of=original),
            )
        )
    return articles, problems


def _cited_json(sentence: CitedSentence, ids: dict[int, str | int]) -> dict[str, Any]:
    return {
        "sentence": sentence.text,
        "sources": [ids[source.article_id] for source in sentence.sources],
        "outlets": list(sentence.outlets),
    }


def _only_json(summary: StorySummary, ids: dict[int, str | int]) -> dict[str, list[dict[str, Any]]]:
    """What only one outlet reports, by outlet name. Two outlets may share a name (an aggregator
    republishing under another's): their groups share the name's list rather than one replacing
    the other; each claim's ``sources`` still tell whose it is."""
    only: dict[str, list[dict[str, Any]]] = {}
    for outlet_claims in summary.only:
        only.setdefault(outlet_claims.outlet, []).extend(
            _cited_json(claim, ids) for claim in outlet_claims.claims
        )
    return only


def summary_json(summary: StorySummary, ids: dict[int, str | int]) -> dict[str, Any]:
    """The JSON object ``tidings summarize`` prints; ``ids`` maps article ids to the input's ids."""
    return {
        "summary": [_cited_json(sentence, ids) for sentence in summary.sentences],
        "agreed": [_cited_json(sentence, ids) for sentence in summary.agreed],
        "only": _only_json(summary, ids),
        "entities": [
            {
                "name": entity.name,
                "kind": entity.kind,
                "key": entity.key,
                "mentions": entity.mentions,
                "sources": [ids[article_id] for article_id in entity.article_ids if article_id in ids],
            }
            for entity in summary.entities
        ],
        "language": summary.language,
        "skipped": [{"id": ids[item.article_id], "reason": item.reason} for item in summary.skipped],
    }


def _warn(message: str) -> None:
    err_console.print(f"tidings: {message}", markup=False)


@app.command("summarize")
def summarize_command() -> None:
    """Summarise one story's articles (JSON Lines on standard input: id, title, text, outlet,
    optional url, published_at, language, copy_of) into one JSON object: cited summary sentences,
    what several outlets agree on, what only one reports, and entities. Each sentence is quoted
    word for word from the first article it cites; the others cited report the same fact. Bad
    lines and articles left out are named on standard error (exit status 3)."""
    # Bytes, not text: a line that is not UTF-8 is named and skipped, whatever the locale says.
    articles, problems = read_batch_articles(standard_input_lines(), now=datetime.now(UTC), warn=_warn)
    if not articles:
        fail("no usable article on standard input (one JSON object per line, see `tidings summarize --help`)")
    summary = _summarize(articles)
    ids = {article.stored.article_id: article.external_id for article in articles}
    write_json_line(summary_json(summary, ids))
    if summary.skipped:
        for item in summary.skipped:
            _warn(f"article {ids[item.article_id]!r} {item.reason}")
    if len({article.stored.article.outlet.name.casefold() for article in articles}) < 2:
        _warn("one outlet only: nothing to compare, so the summary is that outlet's alone, without agreement")
    # Imported here, not at the top: tidings.summarize loads numpy and its models' code, which the
    # listings (`top`, `entity`) and `tidings --help` never need.
    from tidings.summarize.story import READ_IN_PART  # noqa: PLC0415

    left_out = [item for item in summary.skipped if item.reason != READ_IN_PART]
    if problems or left_out:
        sys.exit(EXIT_SKIPPED)


def _summarize(articles: Sequence[BatchArticle]) -> StorySummary:
    with Tidings() as tidings:
        return tidings.summarize_articles([article.stored for article in articles])


# -- commands over the store --------------------------------------------------------------------


def _story_json(story: Story) -> dict[str, Any]:
    return {
        "id": story.story_id,
        "headline": story.headline,
        # As the web and the API count them: an outlet that only republished a copy is not one.
        "outlets": [outlet.name for outlet in story.counted_outlet_refs],
        "outlet_count": story.counted_outlets,
        "article_count": story.article_count,
        "first_seen": story.first_seen.isoformat(),
        "last_seen": story.last_seen.isoformat(),
    }


def _read_pending_entities(tidings: Tidings) -> None:
    """Read the entities of articles not read yet, with a progress bar on a terminal."""
    pending = tidings.count_pending_entities()
    if not pending:
        return
    with Progress(
        TextColumn("reading names in articles"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    ) as progress:
        task = progress.add_task("entities", total=pending)
        while read := tidings.read_pending_entities():
            progress.advance(task, read)


@app.command("entity", no_args_is_help=True)
def entity_command(
    name: Annotated[str, typer.Argument(help='A person, organisation or place, e.g. "Lukashenko".')],
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many stories at most.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON Lines.")] = False,
) -> None:
    """List the stories that name an entity ("Putin", "President Putin" and "Vladimir Putin" alike),
    most recently active first, as the web reader's entity page does."""
    if not any(character.isalnum() for character in name):
        fail(f'{name!r} is not a name: give a person, organisation or place, e.g. "Lukashenko"', 2)
    with Tidings() as tidings:
        _read_pending_entities(tidings)
        found = tidings.entity_stories(name, limit=limit, newest_first=True)
    if not found:
        # A name no story holds is an entity the store does not know, as the web's entity page
        # finds it (a 404): a failure, as an unknown story id is, so that a script can tell.
        fail(f"no story names {name!r}: give a person, organisation or place as articles name it")
    if as_json:
        for hit in found:
            write_json_line({**_story_json(hit.story), "mentions": hit.mentions, "names": list(hit.names)})
        return
    table = PlainTable("id", "headline", "outlets", "mentions", "as", box=None)
    for hit in found:
        table.add_row(
            str(hit.story.story_id),
            hit.story.headline,
            str(hit.story.counted_outlets),
            str(hit.mentions),
            ", ".join(hit.names),
        )
    out_console.print(table)


def _ranked_json(item: RankedStory) -> dict[str, Any]:
    return {
        **_story_json(item.story),
        "score": round(item.score, 6),
        "factors": [
            {
                "name": factor.name,
                "measured": round(factor.measured, 6),
                "multiplier": round(factor.multiplier, 6),
                "explanation": factor.explanation,
            }
            for factor in item.factors
        ],
    }


@app.command("top")
def top_command(
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many stories.")] = 20,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show each factor of each story's rank.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON Lines (factors included).")] = False,
) -> None:
    """Top stories now: breadth of coverage, velocity, freshness, original reporting. A store
    with nothing new in TIDINGS_TOP_WINDOW_HOURS is ranked as of its newest story."""
    with Tidings() as tidings:
        now = datetime.now(UTC)
        as_of = tidings.ranked_as_of(now)
        ranked = tidings.top_stories(now=as_of, limit=limit)
        window = timedelta(hours=tidings.settings.top_window_hours)
    if ranked and as_of < now - window:
        err_console.print(
            f"nothing newer than {table_date(as_of)} UTC in the store: ranked as of then", markup=False
        )
    if as_json:
        for item in ranked:
            write_json_line(_ranked_json(item))
        return
    if not ranked:
        err_console.print("no current stories: add articles with `tidings add`", markup=False)
        return
    for position, item in enumerate(ranked, start=1):
        out_console.print(
            f"{position:>3}. [{item.story.story_id}] {item.story.headline}  (score {item.score:.3f})",
            markup=False,
        )
        if explain:
            for factor in item.factors:
                out_console.print(
                    f"       {factor.name:<12} ×{factor.multiplier:.3f}  {factor.explanation}", markup=False
                )


@app.command("related", no_args_is_help=True)
def related_command(
    story_id: Annotated[
        int, typer.Argument(help="The story's id (see `tidings stories`).", min=1, max=MAX_ID)
    ],
    limit: Annotated[int, typer.Option(min=1, max=100, help="How many related stories.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON Lines.")] = False,
) -> None:
    """Stories nearest a story by content and shared people, organisations and places."""
    with Tidings() as tidings:
        now_in = tidings.current_story_id(story_id)
        if now_in == story_id:  # a merged story has no related stories of its own to read for
            _read_pending_entities(tidings)
        related = tidings.related_stories(story_id, limit=limit)
    if now_in != story_id:
        _merged_note(story_id, now_in, "related")
    if as_json:
        for item in related:
            write_json_line(
                {
                    **_story_json(item.story),
                    "score": round(item.score, 6),
                    "content_similarity": round(item.content_similarity, 6),
                    "shared_entities": list(item.shared_entities),
                }
            )
        return
    if not related:
        if now_in == story_id:
            err_console.print(
                f"no story is related to story {story_id}: none shares enough of its words and names",
                markup=False,
            )
        return
    table = PlainTable("id", "headline", "score", "words", "shared", box=None)
    for item in related:
        table.add_row(
            str(item.story.story_id),
            item.story.headline,
            f"{item.score:.2f}",
            f"{item.content_similarity:.2f}",
            ", ".join(item.shared_entities[:6]),
        )
    out_console.print(table)


def _print_cited(label: str, sentence: CitedSentence) -> None:
    sources = ", ".join(f"{source.outlet} #{source.article_id}" for source in sentence.sources)
    out_console.print(f"{label}{sentence.text}  [{sources}]", markup=False)


def _merged_note(story_id: int, now_in: int, command: str) -> None:
    """Say where a merged story's articles are now, and the command that reads them there."""
    err_console.print(
        f"story {story_id} was merged into story {now_in}: its articles are there now; "
        f"see `tidings {command} {now_in}`",
        markup=False,
    )


@app.command("summary", no_args_is_help=True)
def summary_command(
    story_id: Annotated[
        int, typer.Argument(help="The story's id (see `tidings stories`).", min=1, max=MAX_ID)
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """A stored story's cited summary, what its outlets agree on, what only one reports, and who."""
    with Tidings() as tidings:
        detail = tidings.story(story_id)
        summary = tidings.story_summary(story_id, detail=detail)
    merged_into = detail.story.merged_into
    if merged_into is not None:
        # As on the story's web page: its summary is empty, and the note names where to look.
        _merged_note(story_id, merged_into, "summary")
    if as_json:
        ids: dict[int, str | int] = {}
        for sentence in (*summary.sentences, *summary.agreed, *(c for o in summary.only for c in o.claims)):
            ids.update({source.article_id: source.article_id for source in sentence.sources})
        ids.update({item.article_id: item.article_id for item in summary.skipped})
        ids.update(
            {article_id: article_id for entity in summary.entities for article_id in entity.article_ids}
        )
        write_json_line(summary_json(summary, ids))
        return
    if not summary.sentences:
        if merged_into is None:
            err_console.print(f"story {story_id} has no text to summarise", markup=False)
        return
    for sentence in summary.sentences:
        _print_cited("• ", sentence)
    if summary.agreed:
        out_console.print("\nReported by several outlets:", markup=False)
        for sentence in summary.agreed:
            _print_cited("  = ", sentence)
    for claims in summary.only:
        out_console.print(f"\nOnly {claims.outlet}:", markup=False)
        for claim in claims.claims:
            _print_cited("  - ", claim)
    if summary.entities:
        names = ", ".join(f"{entity.name} ({entity.kind})" for entity in summary.entities[:15])
        out_console.print(f"\nWho and where: {names}", markup=False)
    for item in summary.skipped:
        err_console.print(f"article {item.article_id} {item.reason}", markup=False)
