"""Item-less polls kept together: one transaction for many, and a bad one does not sink the rest."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import timedelta

import pytest

from tests.jobs.support import NOW
from tidings.errors import NotFound
from tidings.jobs.batch import QuietPolls
from tidings.store import NewItem, PollSuccess, Store


def quiet(etag: str) -> PollSuccess:
    return PollSuccess(checked_at=NOW, next_check_at=NOW + timedelta(hours=2), etag=etag, last_modified=None)


def test_concurrent_quiet_polls_are_kept_in_one_batch(store: Store) -> None:
    ids = [
        store.subscribe(f"https://feeds.example.org/{index}", kind="feed", now=NOW).source.source_id
        for index in range(5)
    ]
    batches: list[int] = []

    def keep(polls: Sequence[tuple[int, PollSuccess]]) -> None:
        batches.append(len(polls))
        store.record_quiet_polls(polls)

    async def all_at_once() -> None:
        batcher = QuietPolls(keep, size=10, delay_s=0.05)
        await asyncio.gather(*(batcher.keep(source_id, quiet(f'"{source_id}"')) for source_id in ids))

    asyncio.run(all_at_once())
    assert batches == [5]
    assert [store.get_source(source_id).etag for source_id in ids] == [f'"{source_id}"' for source_id in ids]


def test_a_bad_poll_fails_alone(store: Store) -> None:
    good = store.subscribe("https://feeds.example.org/good", kind="feed", now=NOW).source.source_id

    async def both() -> list[BaseException | None]:
        batcher = QuietPolls(store.record_quiet_polls, size=2, delay_s=0.05)
        results = await asyncio.gather(
            batcher.keep(good, quiet('"g"')), batcher.keep(9999, quiet('"x"')), return_exceptions=True
        )
        return list(results)

    first, second = asyncio.run(both())
    assert first is None
    assert isinstance(second, NotFound)
    assert store.get_source(good).etag == '"g"'


def test_a_poll_with_entries_is_refused(store: Store) -> None:
    poll = PollSuccess(NOW, NOW, None, None, items=[NewItem("k", None)])
    with pytest.raises(ValueError, match="kept alone"):
        asyncio.run(QuietPolls(store.record_quiet_polls).keep(1, poll))
