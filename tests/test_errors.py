"""Error messages name the input and say what to do."""

from __future__ import annotations

import json

import pytest

from tidings.errors import NotFound, TooLarge, json_kind


def test_too_large_says_the_size_the_cap_and_the_remedy() -> None:
    error = TooLarge("page.html", 30_000_000, 20_000_000)
    assert str(error) == (
        "page.html: is 30,000,000 bytes, over the 20,000,000-byte cap "
        "(raise TIDINGS_MAX_DOCUMENT_BYTES to accept it)"
    )


def test_too_large_without_a_known_size_or_with_its_own_hint() -> None:
    error = TooLarge("-", None, 1_000, hint="send a smaller file")
    assert str(error) == "-: goes on past the cap, over the 1,000-byte cap (send a smaller file)"


def test_not_found_names_the_command_that_lists_them() -> None:
    assert str(NotFound("story", 7)) == "no story 7; see `tidings stories`"
    assert str(NotFound("entity", "Putin")) == "no entity 'Putin'; see `tidings entity NAME`"
    assert str(NotFound("widget", 1)) == "no widget 1"


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("null", "null"),
        ("true", "true or false"),
        ("0", "a number"),
        ("1.5", "a number"),
        ('"x"', "a string"),
        ("[1]", "an array"),
        ('{"k": 1}', "an object"),
    ],
)
def test_json_kind_names_a_value_as_json_writes_it(written: str, words: str) -> None:
    # The batch command's and the JSON Feed reader's messages both say this: one set of words.
    assert json_kind(json.loads(written)) == words
