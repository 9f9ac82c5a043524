"""``extract``'s own rules, over every kind of page: here, a date in the future."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from tests.extract.helpers import FETCHED_AT, raw_document
from tidings.extract import extract
from tidings.model import MediaType

PARAGRAPH = (
    "The harbour council voted on Tuesday to rebuild the northern breakwater after the winter storms, "
    "and the works are to begin in the spring, the council's chair told reporters after the meeting."
)


def _page(published: str) -> str:
    return (
        f'<html><head><title>Breakwater to be rebuilt</title><meta property="article:published_time" '
        f'content="{published}"></head><body><article><h1>Breakwater to be rebuilt</h1>'
        + f"<p>{PARAGRAPH}</p>" * 4
        + "</article></body></html>"
    )


def _text_save(published: str) -> str:
    return f"Breakwater to be rebuilt\n\nPublished {published}\n\n" + f"{PARAGRAPH}\n\n" * 4


def _html_date(moment: datetime) -> str:
    return moment.isoformat()


def _text_date(moment: datetime) -> str:
    return moment.strftime("%B %-d, %Y %H:%M")


@pytest.mark.parametrize(
    ("media_type", "render", "written"),
    [("text/html", _page, _html_date), ("text/plain", _text_save, _text_date)],
)
def test_a_date_years_ahead_of_the_reading_is_dropped_and_one_within_a_day_kept(
    media_type: MediaType, render: Callable[[str], str], written: Callable[[datetime], str]
) -> None:
    # An article dated 2031 would head every list and its outlet's "latest" until 2031.
    far = extract(raw_document(render(written(datetime(2031, 5, 1, 9, tzinfo=UTC))), media_type))
    assert far.published_at is None
    soon = FETCHED_AT + timedelta(hours=20)
    assert extract(raw_document(render(written(soon)), media_type)).published_at == soon
