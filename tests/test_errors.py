"""Error messages name the input and say what to do."""

from __future__ import annotations

import json

import pytest

from tidings.errors import (
    FetchError,
    NotFound,
    TooLarge,
    Unreadable,
    json_kind,
    json_number_too_long,
    printable_name,
)


def test_too_large_says_the_size_the_cap_and_the_remedy() -> None:
    error = TooLarge("page.html", 30_000_000, 20_000_000)
    assert str(error) == (
        "page.html: is 30,000,000 bytes, over the 20,000,000-byte cap "
        "(raise TIDINGS_MAX_DOCUMENT_BYTES to accept it)"
    )


def test_too_large_without_a_known_size_or_with_its_own_hint() -> None:
    error = TooLarge("-", None, 1_000, hint="send a smaller file")
    assert str(error) == "-: goes on past the cap, over the 1,000-byte cap (send a smaller file)"


def test_a_name_with_control_characters_is_shown_on_one_line_and_kept_as_it_is() -> None:
    # Before: "odd/new" and "line.html: does not exist" were two lines, and ESC drove the terminal.
    name = "odd/new\nline\t\x1b[31m\x7f\x85\u2028\u2029.html"
    error = Unreadable(name, "does not exist")
    assert str(error) == "odd/new\\x0aline\\x09\\x1b[31m\\x7f\\x85\\u2028\\u2029.html: does not exist"
    assert error.source == name
    assert str(FetchError("https://example.com/a\rb", "HTTP 404")) == "https://example.com/a\\x0db: HTTP 404"
    assert printable_name("caf\u00e9 \u00a0news.html") == "caf\u00e9 \u00a0news.html"
    assert printable_name("lone\udce9") == "lone\\udce9"


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


def test_a_number_too_long_for_python_is_named_by_its_length_not_pythons_advice() -> None:
    with pytest.raises(ValueError, match="set_int_max_str_digits") as refused:
        json.loads("-" + "9" * 5_000)
    assert json_number_too_long(refused.value) == "a number of 5,000 digits, more than any feed or id needs"
    assert json_number_too_long(ValueError("something else")) is None
