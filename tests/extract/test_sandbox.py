"""Extraction in time-limited worker processes: the same articles and refusals as in this process,
and a page that stalls the parser is stopped."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest

from tidings.config import Settings
from tidings.core import Tidings
from tidings.errors import InputError, NotAnArticle, TooLarge, UnsafeInput
from tidings.extract import extract, guards
from tidings.extract import sandbox as sandbox_module
from tidings.extract.sandbox import ExtractionSandbox
from tidings.model import Article, RawDocument
from tidings.pipeline import ExtractArticle, extract_documents

from .helpers import FIXTURES, raw_document, reconstruction_trap

ROOT = Path(__file__).resolve().parents[2]

_PAGES = ("planet-floods.html", "login-wall.html", "section-front.html", "cloudflare-challenge.html")


def _page(name: str) -> RawDocument:
    return raw_document((FIXTURES / "authored" / name).read_text(encoding="utf-8"), locator=name)


def _outcome(extract_one: ExtractArticle, raw: RawDocument) -> Article | tuple[str, str]:
    try:
        return extract_one(raw)
    except InputError as error:
        return (type(error).__name__, str(error))


def _comment_hidden_trap(attributes: int) -> str:
    """A tag the attribute scan does not see: it reads the comment as a tag whose quoted value runs
    over it. Lexbor parses the comment, then the tag: 60,000 attributes cost it about 5 CPU s."""
    names = " ".join(f"a{number}" for number in range(attributes))
    return f'<html><body><!-- <q x=" --><div {names} ">The council met.</div></body></html>'


@pytest.fixture
def sandbox() -> Iterator[ExtractionSandbox]:
    sandbox = ExtractionSandbox(timeout_s=20.0)
    yield sandbox
    sandbox.close()


def test_pages_are_extracted_and_refused_as_in_this_process(sandbox: ExtractionSandbox) -> None:
    for name in _PAGES:
        raw = _page(name)
        assert _outcome(sandbox.extract, raw) == _outcome(extract, raw)


def test_a_refusal_keeps_its_kind_and_figures(sandbox: ExtractionSandbox) -> None:
    with pytest.raises(NotAnArticle, match=r"login-wall\.html: is a login or paywall page"):
        sandbox.extract(_page("login-wall.html"))
    paragraph = "<p>" + "The council met again. " * 100 + "</p>"
    huge = raw_document(f"<html><body><article>{paragraph * 500}</article></body></html>")
    with pytest.raises(TooLarge) as caught:
        sandbox.extract(huge)
    assert caught.value.cap == guards.MAX_ARTICLE_TEXT_BYTES
    assert caught.value.size is not None
    assert caught.value.size > caught.value.cap


def test_a_page_that_stalls_the_parser_is_stopped_and_the_next_is_read(sandbox: ExtractionSandbox) -> None:
    trap = raw_document(_comment_hidden_trap(60_000), locator="trap.html")
    guards.check_tag_attributes(trap.body, "trap.html")  # the scan before parsing misses it
    sandbox.timeout_s = 1.0
    started = time.monotonic()
    with pytest.raises(UnsafeInput) as caught:
        sandbox.extract(trap)
    assert time.monotonic() - started < 4
    assert str(caught.value) == (
        "trap.html: took more than 1 s to extract and was stopped (a page built to stall HTML parsers,"
        " or far too large); raise TIDINGS_EXTRACT_TIMEOUT_S to allow more"
    )
    sandbox.timeout_s = 20.0
    assert sandbox.extract(_page("planet-floods.html")) == extract(_page("planet-floods.html"))


def test_threads_extract_at_the_same_time(sandbox: ExtractionSandbox) -> None:
    raws = [_page(name) for name in _PAGES * 3]
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda raw: _outcome(sandbox.extract, raw), raws))
    assert results == [_outcome(extract, raw) for raw in raws]


def test_a_worker_that_died_is_replaced(sandbox: ExtractionSandbox) -> None:
    page = _page("planet-floods.html")
    sandbox.extract(page)
    (worker,) = sandbox._idle
    worker.process.kill()
    worker.process.wait()
    with pytest.raises(InputError, match="stopped the extraction process"):
        sandbox.extract(page)
    assert sandbox.extract(page) == extract(page)


def test_pasted_pages_are_extracted_under_the_time_limit(settings: Settings) -> None:
    with Tidings(replace(settings, extract_timeout_s=1.0)) as tidings:
        (outcome,) = tidings.add_content(_comment_hidden_trap(60_000).encode(), name="trap.html")
        assert outcome.error is not None
        assert "took more than 1 s to extract and was stopped" in str(outcome.error)
        (outcome,) = tidings.add_content(
            (FIXTURES / "authored" / "planet-floods.html").read_bytes(), name="planet-floods.html"
        )
        assert outcome.article is not None


def test_a_worker_is_replaced_after_its_share_of_documents(
    sandbox: ExtractionSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox_module, "MAX_DOCUMENTS_PER_WORKER", 2)
    page = _page("planet-floods.html")
    sandbox.extract(page)
    (first,) = sandbox._idle
    sandbox.extract(page)
    assert sandbox._idle == []
    assert first.process.returncode is not None
    assert sandbox.extract(page) == extract(page)
    assert sandbox._idle[0] is not first


def test_a_warmed_sandbox_extracts_with_the_worker_it_started(sandbox: ExtractionSandbox) -> None:
    sandbox.warm()
    (worker,) = sandbox._idle
    sandbox.warm()  # one idle worker is enough
    assert sandbox._idle == [worker]
    page = _page("planet-floods.html")
    assert sandbox.extract(page) == extract(page)
    assert sandbox._idle == [worker]


def test_a_workers_start_is_not_counted_against_the_first_page() -> None:
    # Starting a worker (its imports) takes about a second; the page itself a few milliseconds, and
    # up to about 0.2 s on a loaded 2-core machine (0.15 s failed there): 0.5 s still cannot
    # cover the start.
    quick = ExtractionSandbox(timeout_s=0.5)
    try:
        page = _page("planet-floods.html")
        assert quick.extract(page) == extract(page)
    finally:
        quick.close()


def test_a_batch_is_extracted_several_at_a_time_in_input_order(sandbox: ExtractionSandbox) -> None:
    documents: list[RawDocument | InputError] = [_page(name) for name in _PAGES * 4]
    documents.insert(3, NotAnArticle("gone.html", "was refused while gathering"))

    def outcomes(extract_one: ExtractArticle, parallel: int) -> list[tuple[str, object]]:
        return [
            (source, (type(result).__name__, str(result)) if isinstance(result, InputError) else result)
            for source, result in extract_documents(documents, extract_article=extract_one, parallel=parallel)
        ]

    assert outcomes(sandbox.extract, 3) == outcomes(extract, 1)
    assert len(sandbox._idle) == 3  # three workers ran side by side


def test_a_page_that_needs_more_memory_than_a_worker_may_use_is_refused() -> None:
    # 2.4 million paragraphs (19 MB): Lexbor's tree alone needs several hundred MB more than the
    # worker's imports; under a 600 MB cap its allocation fails and the page is refused.
    capped = ExtractionSandbox(timeout_s=60.0, memory_mb=600)
    try:
        huge = raw_document("<html><body>" + "<p>x</p>" * 2_400_000 + "</body></html>", locator="huge.html")
        with pytest.raises(InputError) as caught:
            capped.extract(huge)
        assert str(caught.value) == (
            "huge.html: needs more memory to extract than a worker may use;"
            " raise TIDINGS_EXTRACT_MEMORY_MB to allow more"
        )
        page = _page("planet-floods.html")
        assert capped.extract(page) == extract(page)  # the same worker goes on
    finally:
        capped.close()


def test_a_small_page_that_the_tree_builder_blows_up_is_refused_by_the_memory_cap() -> None:
    # 30 kB and 4,000 "<", below every count made before parsing: 1,300 open <b> re-created in each
    # of 1,300 paragraphs would be 1.7 million elements, about 900 MB.
    capped = ExtractionSandbox(timeout_s=60.0, memory_mb=600)
    try:
        trap = raw_document(reconstruction_trap(1_300, 1_300), locator="trap.html")
        assert trap.body.count("<") < guards.PROBED_TAGS
        with pytest.raises(InputError, match=r"^trap\.html: needs more memory to extract than a worker"):
            capped.extract(trap)
        page = _page("planet-floods.html")
        assert capped.extract(page) == extract(page)
    finally:
        capped.close()


@pytest.mark.parametrize(
    ("wanted", "current", "expected"),
    [
        (2048, (-1, -1), 2048),  # no limit yet: the cap asked for
        (2048, (1900, 1900), 1900),  # a shell's `ulimit -v` below it: kept, not raised
        (2048, (-1, 1500), 1500),  # a lower hard limit alone
        (2048, (1000, -1), 1000),  # a lower soft limit alone
        (600, (1900, 1900), 600),  # above the cap asked for: lowered to it
    ],
)
def test_the_workers_memory_cap_never_raises_a_limit_it_already_has(
    wanted: int, current: tuple[int, int], expected: int
) -> None:
    assert sandbox_module.address_space_cap(wanted, current, -1) == expected


def test_workers_start_and_extract_under_a_lower_limit_than_the_cap() -> None:
    # A shell's `ulimit -v 1900000` (or a container's cap) under the 2,048 MB default: each worker
    # raised its limit, which a process may not do, and failed to start, so every page was refused
    # (review, 2026-12-07). The limit here is set in a child Python, which the workers inherit.
    page = FIXTURES / "authored" / "planet-floods.html"
    script = (
        "import resource, sys\n"
        "limit = 1_900 * 1024 * 1024\n"
        "resource.setrlimit(resource.RLIMIT_AS, (limit, limit))\n"
        "from tidings.extract.sandbox import ExtractionSandbox\n"
        "from tests.extract.helpers import raw_document\n"
        "sandbox = ExtractionSandbox(timeout_s=60.0, memory_mb=2048)\n"
        f"print(sandbox.extract(raw_document(open({str(page)!r}).read(), locator='page.html')).title)\n"
        "sandbox.close()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == extract(_page("planet-floods.html")).title


@pytest.mark.parametrize("padding", [0, 200_000])
def test_a_worker_that_cannot_start_is_named_as_the_reason(
    monkeypatch: pytest.MonkeyPatch, padding: int
) -> None:
    # A worker that exits before it is ready (here an interpreter that is not one; a broken
    # installation, or a memory limit its imports cannot start under): the page is not to blame,
    # and the message says what failed, with the worker's own exit status rather than the kill's.
    monkeypatch.setattr(sys, "executable", "/bin/false")
    failing = ExtractionSandbox(timeout_s=20.0)
    try:
        # A page larger than a pipe's buffer meets the closed pipe while it is written (review,
        # 2026-12-07: it was then reported with the kill's status).
        page = _page("planet-floods.html")
        padded = replace(page, body=page.body + " " * padding)
        with pytest.raises(InputError) as caught:
            failing.extract(padded)
        assert str(caught.value) == (
            "planet-floods.html: was not read: the extraction worker process could not start (exit status 1;"
            " its error is above); check TIDINGS_EXTRACT_MEMORY_MB and the installation"
        )
    finally:
        failing.close()
