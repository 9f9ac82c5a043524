"""Commands about understanding stories: ``summarize`` (a batch command that never touches the
store), and ``entity``, ``top`` and ``related`` over stored stories.

``tidings summarize`` reads one story's articles as JSON Lines on standard input, the fields of
``tidings cluster``'s input (``id``, ``title``, ``text``, ``outlet``, ``url``, ``published_at``,
optional ``language``, and optional ``copy_of``, the id of the article this one copies, as
``tidings cluster`` prints it), and writes one JSON object:
``{"summary": [...], "agreed": [...], "only": {outlet: [...]}, "entities": [...], "skipped": [...]}``.
A line that is not a usable article is named on standard error and skipped; the exit status is
then 3.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tidings.cli.app import EXIT_SKIPPED, app, err_console, fail
from tidings.core import Tidings
from tidings.model import Article, CitedSentence, Outlet, Provenance, StoredArticle, StorySummary

__all__ = ["BatchArticle", "read_batch_articles", "summary_json"]

# Far beyond any article; a longer line is refused rather than read into memory whole.
MAX_LINE_CHARS = 20_000_000


@dataclass(frozen=True, slots=True)
class BatchArticle:
    """One input line made into an article; ``external_id`` is the ``id`` as the input gave it."""

    external_id: str | int
    stored: StoredArticle


class BadLine(ValueError):
    """An input line that is not a usable article; the message says what is wrong."""


def _text_field(record: dict[str, Any], name: str, *, required: bool) -> str | None:
    value = record.get(name)
    if value is None:
        if required:
            raise BadLine(f"has no {name!r}")
        return None
    if not isinstance(value, str):
        raise BadLine(f"{name!r} must be a string, not {type(value).__name__}")
    return value


def _published_at(record: dict[str, Any]) -> datetime | None:
    raw = _text_field(record, "published_at", required=False)
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as exc:
        raise BadLine(f"published_at {raw!r} is not an ISO 8601 date") from exc
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _external_id(record: dict[str, Any]) -> str | int:
    identifier = record.get("id")
    if isinstance(identifier, bool) or not isinstance(identifier, str | int) or identifier == "":
        raise BadLine("has no 'id' (a string or a whole number)")
    return identifier


def parse_line(line: str, position: int, *, now: datetime) -> tuple[str | int, Article, str | int | None]:
    """One JSON Lines record → (its id, the article, the id it copies or None)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadLine(f"is not JSON ({exc.msg})") from exc
    if not isinstance(record, dict):
        raise BadLine("is not a JSON object")
    identifier = _external_id(record)
    title = _text_field(record, "title", required=False) or ""
    text = _text_field(record, "text", required=False) or ""
    outlet = (_text_field(record, "outlet", required=False) or "").strip()
    if not outlet:
        raise BadLine("has no 'outlet': agreement is between outlets, so each article must name one")
    if not title.strip() and not text.strip():
        raise BadLine("has neither a title nor a text")
    copy_of = record.get("copy_of")
    if copy_of is not None and (isinstance(copy_of, bool) or not isinstance(copy_of, str | int)):
        raise BadLine("'copy_of' must be an id or null")
    article = Article(
        title=title.strip(),
        text=text,
        html="",
        outlet=Outlet(name=outlet),
        provenance=Provenance(kind="paste", locator=f"-:{position}"),
        fetched_at=now,
        published_at=_published_at(record),
        url=_text_field(record, "url", required=False),
        language=_text_field(record, "language", required=False),
    )
    return identifier, article, copy_of


def read_batch_articles(lines: Iterable[str], *, now: datetime) -> tuple[list[BatchArticle], list[str]]:
    """The usable articles of the input, and one message per line skipped."""
    parsed: list[tuple[str | int, Article, str | int | None]] = []
    problems: list[str] = []
    seen: set[str | int] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if len(line) > MAX_LINE_CHARS:
            problems.append(f"line {number}: is {len(line):,} characters, over the {MAX_LINE_CHARS:,} cap")
            continue
        try:
            identifier, article, copy_of = parse_line(line, number, now=now)
        except BadLine as problem:
            problems.append(f"line {number}: {problem}")
            continue
        if identifier in seen:
            problems.append(f"line {number}: id {identifier!r} was already given; the first one is kept")
            continue
        seen.add(identifier)
        parsed.append((identifier, article, copy_of))
    # Store-like ids are positions; the input's own ids are restored on output.
    position_of = {identifier: position for position, (identifier, _, _) in enumerate(parsed, start=1)}
    articles = [
        BatchArticle(
            external_id=identifier,
            stored=StoredArticle(
                article_id=position,
                article=article,
                copy_of=position_of.get(copy_of) if copy_of is not None else None,
            ),
        )
        for position, (identifier, article, copy_of) in enumerate(parsed, start=1)
    ]
    return articles, problems


def _cited_json(sentence: CitedSentence, ids: dict[int, str | int]) -> dict[str, Any]:
    return {
        "sentence": sentence.text,
        "sources": [ids[source.article_id] for source in sentence.sources],
        "outlets": list(sentence.outlets),
    }


def summary_json(summary: StorySummary, ids: dict[int, str | int]) -> dict[str, Any]:
    """The JSON object ``tidings summarize`` prints; ``ids`` maps article ids to the input's ids."""
    return {
        "summary": [_cited_json(sentence, ids) for sentence in summary.sentences],
        "agreed": [_cited_json(sentence, ids) for sentence in summary.agreed],
        "only": {
            outlet_claims.outlet: [_cited_json(claim, ids) for claim in outlet_claims.claims]
            for outlet_claims in summary.only
        },
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
    """Summarise one story's articles (JSON Lines on standard input) into one JSON object:
    cited summary sentences, what several outlets agree on, what only one reports, and entities."""
    articles, problems = read_batch_articles(sys.stdin, now=datetime.now(UTC))
    for problem in problems:
        _warn(f"standard input {problem}")
    if not articles:
        fail("no usable article on standard input (one JSON object per line, see `tidings summarize --help`)")
    summary = _summarize(articles)
    ids = {article.stored.article_id: article.external_id for article in articles}
    sys.stdout.write(json.dumps(summary_json(summary, ids), ensure_ascii=False) + "\n")
    if summary.skipped:
        for item in summary.skipped:
            _warn(f"article {ids[item.article_id]!r} {item.reason}")
    if len({article.stored.article.outlet.name.casefold() for article in articles}) < 2:
        _warn("one outlet only: nothing to compare, so the summary is that outlet's alone, without agreement")
    if problems:
        sys.exit(EXIT_SKIPPED)


def _summarize(articles: Sequence[BatchArticle]) -> StorySummary:
    with Tidings() as tidings:
        return tidings.summarize_articles([article.stored for article in articles])
