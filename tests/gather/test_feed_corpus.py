"""The feedparser test corpus (tests/fixtures/feedparser-corpus, BSD-2-Clause) through parse_feed.

Every one of its 2,107 feeds must come out as a ParsedFeed or an InputError, never an exception.
Where a file's ``Expect:`` line compares a title, link or body value that maps onto our fields,
the value is read with ``ast.literal_eval`` (a string literal only; the expression itself is
never evaluated) and compared with ours. Our fields differ from feedparser's on purpose in a few
ways, which the comparison allows for: titles are plain text, plain-text bodies become HTML
paragraphs, content is preferred over summary, links must be absolute http(s) URLs, and bodies
are compared by their text, because feedparser's HTML sanitizer and relative-URI resolution are
off (the extractor sanitizes and resolves; ``tests/extract`` holds it to the HTML oracle). For
the same reason the ``sanitize/`` files, which test feedparser's sanitizer, are only read.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tidings.errors import InputError
from tidings.gather import gather_paths
from tidings.gather.feeds import parse_feed
from tidings.gather.markup import html_to_text, text_to_html
from tidings.model import ParsedFeed, RawDocument

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "feedparser-corpus"
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)

_EXPECT = re.compile(r"Expect:\s*(.*?)\n")
_HEADER = re.compile(r"Header:\s*([\w-]+):\s*(.*?)\n")
_STRING = r"""(u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"))"""
_FIELD_EXPECT = re.compile(
    r"""^(?:not bozo and )?(feed|entries\[0\])\[['"](title|link|content|summary|description)['"]\]"""
    r"""(?:\[0\]\[['"]value['"]\])? == """ + _STRING + r"\s*$"
)


@dataclass(frozen=True, slots=True)
class Expectation:
    path: Path
    where: str
    field: str
    value: str
    content_type: str | None
    content_location: str | None


def corpus_files() -> list[Path]:
    return sorted(path for path in CORPUS.rglob("*") if path.is_file())


def expectation(path: Path) -> Expectation | None:
    head = path.read_bytes()[:4000].decode("latin-1")
    expect = _EXPECT.search(head)
    if expect is None:
        return None
    match = _FIELD_EXPECT.match(expect.group(1).strip())
    if match is None:
        return None
    headers = {name.lower(): value.strip() for name, value in _HEADER.findall(head)}
    where, field, literal = match.groups()
    value = ast.literal_eval(literal)
    assert isinstance(value, str)
    return Expectation(
        path, where, field, value, headers.get("content-type"), headers.get("content-location")
    )


def parse(
    path: Path, *, content_type: str | None = None, feed_url: str | None = None
) -> ParsedFeed | InputError:
    try:
        return parse_feed(
            path.read_bytes(), locator=str(path), feed_url=feed_url, fetched_at=NOW, content_type=content_type
        )
    except InputError as error:
        return error


@pytest.fixture(scope="module")
def outcomes() -> dict[Path, ParsedFeed | InputError]:
    return {path: parse(path) for path in corpus_files()}


def test_every_corpus_feed_is_read_or_refused_as_a_value(
    outcomes: dict[Path, ParsedFeed | InputError],
) -> None:
    files = corpus_files()
    assert len(files) > 2_000
    assert all(isinstance(outcome, ParsedFeed | InputError) for outcome in outcomes.values())
    read = [outcome for outcome in outcomes.values() if isinstance(outcome, ParsedFeed)]
    # Nearly all are feeds; the refusals are the empty and not-a-feed documents.
    assert len(read) > 0.95 * len(files)


def test_gathering_the_whole_corpus_folder_never_raises() -> None:
    results = list(gather_paths([str(CORPUS)], max_bytes=1_000_000, now=NOW))
    assert all(isinstance(result, RawDocument | InputError) for result in results)
    assert sum(isinstance(result, RawDocument) for result in results) > 1_000


def _ours(feed: ParsedFeed, expected: Expectation) -> list[str | None]:
    """Our values that may stand for feedparser's expected one."""
    if expected.where == "feed":
        return [{"title": feed.title, "link": feed.site_url}.get(expected.field, feed.description)]
    if not feed.entries:
        return []
    entry = feed.entries[0]
    if expected.field == "title":
        return [entry.hints.title]
    if expected.field == "link":
        return [entry.url]
    return [entry.body, entry.hints.summary]


def _accepted(expected: Expectation) -> list[str | None]:
    """feedparser's value as our fields carry it."""
    value = expected.value
    if expected.field == "title":
        return [value or None, html_to_text(value) or None]
    if expected.field == "link":
        return [value if value.startswith(("http://", "https://")) else None]
    return [value, text_to_html(value), html_to_text(value)]


def _same_text(ours: list[str | None], expected: Expectation) -> bool:
    """For bodies: the same words, whatever the markup around them."""
    if expected.field not in {"content", "summary", "description"} or expected.where == "feed":
        return False
    return any(value is not None and html_to_text(value) == html_to_text(expected.value) for value in ours)


def _comparable(expected: Expectation) -> bool:
    if expected.path.parent.name == "sanitize":
        return False
    if "127.0.0.1:8097" in expected.value:
        return False  # resolved against the corpus's own test server address
    if expected.field in {"content", "summary", "description"} and "<content" in expected.path.read_text(
        "latin-1"
    ):
        return expected.field == "content"  # our body prefers content, so summaries are not compared
    return True


def test_corpus_expectations_that_map_onto_our_fields_hold() -> None:
    expectations = [
        found for found in map(expectation, corpus_files()) if found is not None and _comparable(found)
    ]
    mismatches: list[str] = []
    for expected in expectations:
        outcome = parse(expected.path, content_type=expected.content_type, feed_url=expected.content_location)
        if isinstance(outcome, InputError):
            mismatches.append(f"{expected.path.name}: refused: {outcome}")
            continue
        ours = _ours(outcome, expected)
        if not set(ours) & set(_accepted(expected)) and not _same_text(ours, expected):
            mismatches.append(f"{expected.path.name}: {expected.field} {ours!r} != {expected.value!r}")
    assert len(expectations) > 400
    assert mismatches == []
