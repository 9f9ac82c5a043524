"""Ingest: the one place where stages meet.

``ingest_documents`` takes what gather produced (documents, or input errors as values) and, for
each, extracts an ``Article``, stores it once, and, for a new article, gives it its place among
stories. Every other module calls one stage; this module calls them in order. The outcome of each
input is yielded as it happens, so a long batch shows progress and a bad input never stops it.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from tidings.errors import InputError
from tidings.extract import extract, source_name
from tidings.model import Added, AddOutcome, Article, RawDocument
from tidings.store import Store
from tidings.stories import StoryDesk

log = logging.getLogger(__name__)

__all__ = ["PLACE_BATCH", "ExtractArticle", "IngestOutcome", "extract_documents", "ingest_documents"]

# How a document becomes an article: ``tidings.extract.extract`` in this process, or the same in a
# time-limited worker process (``tidings.extract.sandbox``), as the facade chooses.
ExtractArticle = Callable[[RawDocument], Article]

# New articles placed among stories together: one model call for up to this many headlines (one
# call per headline cost most of a bulk load's time), while a progress bar still moves every few
# seconds and a feed poll's handful of entries goes as one batch.
PLACE_BATCH = 64


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    """What became of one input: stored (``added``), recognised (``already_had``), or refused."""

    source: str
    article: Article | None = None
    outcome: AddOutcome | None = None
    error: InputError | None = None

    @property
    def skipped(self) -> bool:
        return self.error is not None


@dataclass(frozen=True, slots=True)
class _Extracted:
    source: str
    fetched_from: str | None
    result: Article | InputError


def _extract_one(document: RawDocument | InputError, extract_article: ExtractArticle) -> _Extracted:
    if isinstance(document, InputError):
        return _Extracted(document.source, None, document)
    try:
        result: Article | InputError = extract_article(document)
    except InputError as error:
        result = error
    return _Extracted(source_name(document), document.url, result)


def _extract_each(
    documents: Iterable[RawDocument | InputError], extract_article: ExtractArticle, parallel: int = 1
) -> Iterator[_Extracted]:
    """Each document extracted, in input order. With ``parallel`` > 1, that many are extracted at
    once by threads (worth it only when ``extract_article`` runs elsewhere, as the sandbox's worker
    processes do: in-process extraction holds the GIL), reading at most twice that many ahead."""
    if parallel <= 1:
        for document in documents:
            yield _extract_one(document, extract_article)
        return
    with ThreadPoolExecutor(max_workers=parallel, thread_name_prefix="tidings-extract") as pool:
        ahead: deque[Future[_Extracted]] = deque()
        for document in documents:
            if isinstance(document, InputError) and not ahead:
                # A refusal needs no extraction: told now, before the next input is read (which
                # may block: a named pipe with no writer), not once the read-ahead fills.
                yield _extract_one(document, extract_article)
                continue
            ahead.append(pool.submit(_extract_one, document, extract_article))
            # Those done are handed on at once, in order; the read-ahead bounds the rest.
            while ahead and (len(ahead) >= 2 * parallel or ahead[0].done()):
                yield ahead.popleft().result()
        while ahead:
            yield ahead.popleft().result()


def extract_documents(
    documents: Iterable[RawDocument | InputError],
    *,
    extract_article: ExtractArticle = extract,
    parallel: int = 1,
) -> Iterator[tuple[str, Article | InputError]]:
    """Extract each document without storing it: (source name, article or the reason it is not one),
    in input order; ``parallel`` as ``_extract_each`` takes it."""
    for extracted in _extract_each(documents, extract_article, parallel):
        yield extracted.source, extracted.result


def ingest_documents(
    documents: Iterable[RawDocument | InputError],
    store: Store,
    *,
    now: datetime,
    stories: StoryDesk | None = None,
    extract_article: ExtractArticle = extract,
    parallel: int = 1,
) -> Iterator[IngestOutcome]:
    """Extract, store and place each document; yields one outcome per input, in order.

    Inputs are taken ``PLACE_BATCH`` at a time: each is extracted and stored as it comes, and the
    new articles of a batch are then placed among stories together (their features computed in one
    model call), before the batch's outcomes are yielded. ``parallel`` documents are extracted at
    once (``_extract_each``). Articles an interrupted run stored but did not place are placed
    first (``StoryDesk.place_unplaced``), and teasers it completed but did not describe again are
    described from their full text (``StoryDesk.describe_stale``).
    """
    if stories is not None and (recovered := stories.place_unplaced(now=now)):
        log.info("placed %d stored articles an interrupted batch had left without a story", recovered)
    if stories is not None and (redescribed := stories.describe_stale(now=now)):
        log.info("described again %d completed teasers an interrupted batch had left", redescribed)
    pending: list[IngestOutcome] = []
    added: list[tuple[int, Article]] = []
    completed: list[int] = []
    for extracted in _extract_each(documents, extract_article, parallel):
        outcome = _store_one(extracted, store, added, completed)
        if outcome.error is not None and not pending:
            # Nothing before it waits for placement: a refusal is told at once, so that an
            # interrupted batch (Ctrl+C, a blocking input) has said every refusal it came to.
            yield outcome
            continue
        pending.append(outcome)
        if len(pending) >= PLACE_BATCH:
            _place(stories, added, completed, now=now)
            yield from pending
            pending.clear()
    _place(stories, added, completed, now=now)
    yield from pending
    if stories is not None:
        stories.save()


def _store_one(
    extracted: _Extracted, store: Store, added: list[tuple[int, Article]], completed: list[int]
) -> IngestOutcome:
    """Store one extracted article (noting it in ``added`` when it is new, in ``completed`` when it
    is the full text of a stored teaser or a new version of a stored page), or pass its refusal on."""
    if isinstance(extracted.result, InputError):
        return IngestOutcome(source=extracted.source, error=extracted.result)
    article = extracted.result
    # The address a page was fetched from is remembered beside its canonical URL, so that
    # reaching it again by either is recognised. A page added again with other words is a
    # corrected page saved again: the stored article takes them, as a poll's corrections do.
    outcome = store.add_article(article, also_urls=(extracted.fetched_from,), update_pages=True)
    if isinstance(outcome, Added):
        added.append((outcome.article_id, article))
    elif outcome.completed or outcome.updated:
        # Described again from its new words, as a poll's completed and corrected articles are.
        completed.append(outcome.article_id)
    return IngestOutcome(source=extracted.source, article=article, outcome=outcome)


# -- stories ----------------------------------------------------------------------------------
# The stories stage (dedupe + cluster) places each newly stored article here.


def _place(
    stories: StoryDesk | None, added: list[tuple[int, Article]], completed: list[int], *, now: datetime
) -> None:
    """Find the new articles' copies and stories (``tidings.stories``); the store records both.
    Completed teasers are described again from their full text (``StoryDesk.describe_again``)."""
    if stories is not None and added:
        stories.place_many(added, now=now)
    if stories is not None and completed:
        stories.describe_again(completed, now=now)
    added.clear()
    completed.clear()
