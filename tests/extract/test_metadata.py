"""Metadata normalisation: titles, bylines, dates, languages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tidings.extract.metadata import (
    clean_byline,
    clean_title,
    detect_language,
    normalise_language,
    parse_date_in_text,
    parse_datetime,
)


@pytest.mark.parametrize(
    ("title", "sites", "domain", "expected"),
    [
        ("Floods close the port | The Daily Planet", ("The Daily Planet",), None, "Floods close the port"),
        ("The Daily Planet - Floods close the port", ("The Daily Planet",), None, "Floods close the port"),
        ("Putin visits Minsk - NTD", (), "ntd.com", "Putin visits Minsk"),
        ("Putin - a profile", (), None, "Putin - a profile"),
        ("World | Putin visits Minsk | Tribune | Top", (), None, "Putin visits Minsk"),
        ("BBC NEWS | Europe | UN debates drug policy", (), None, "UN debates drug policy"),
        ("Berlin confronts its past | DW | 19.01.2020", ("DW.COM",), "dw.com", "Berlin confronts its past"),
        ("  Many   spaces  ", (), None, "Many spaces"),
        (None, (), None, ""),
    ],
)
def test_clean_title(title: str | None, sites: tuple[str, ...], domain: str | None, expected: str) -> None:
    assert clean_title(title, sites, domain) == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("By Web Staff", "Web Staff"),
        ("by  Lois Lane | Updated 12:05", "Lois Lane"),
        ("BY: Clark Kent", "Clark Kent"),
        ("https://example.com/authors/x", None),
        ("12:05", None),
        ("Sign In", None),
        ("Account You're logged in", None),
        ("Thu Apr 2", None),
        ("", None),
    ],
)
def test_clean_byline(byline: str, expected: str | None) -> None:
    assert clean_byline(byline) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-12-19T10:15:00Z", datetime(2022, 12, 19, 10, 15, tzinfo=UTC)),
        ("2022-12-19T10:15:00+0100", datetime(2022, 12, 19, 9, 15, tzinfo=UTC)),
        ("2022-12-19", datetime(2022, 12, 19, tzinfo=UTC)),
        ("2022-12-19 10:15:00", datetime(2022, 12, 19, 10, 15, tzinfo=UTC)),
        ("yesterday", None),
        ("1066-10-14", None),
    ],
)
def test_parse_datetime_is_tz_aware_utc(value: str, expected: datetime | None) -> None:
    assert parse_datetime(value) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("December 19, 2022Europe", datetime(2022, 12, 19, tzinfo=UTC)),
        ("Dec. 19 2022, 3:05 p.m.", datetime(2022, 12, 19, 15, 5, tzinfo=UTC)),
        ("19 December 2022 14:05 GMT", datetime(2022, 12, 19, 14, 5, tzinfo=UTC)),
        ("Updated 2022-12-19", datetime(2022, 12, 19, tzinfo=UTC)),
        ("February 30, 2022", None),
        ("Tribune News Service", None),
    ],
)
def test_parse_date_in_text(line: str, expected: datetime | None) -> None:
    assert parse_date_in_text(line) == expected


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("en-GB", "en"), ("EN_us", "en"), ("de", "de"), ("fil", None), ("", None), ("x", None)],
)
def test_normalise_language(tag: str, expected: str | None) -> None:
    assert normalise_language(tag) == expected


def test_detect_language() -> None:
    assert (
        detect_language("Der Bundeskanzler hat heute in Berlin gesagt, dass die Regierung weiterarbeitet.")
        == "de"
    )
    assert detect_language("Putin said Russia would hold regular joint exercises with Belarus.") == "en"
    assert detect_language("Short") is None
