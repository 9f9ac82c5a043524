"""The shared data types' own rules: here, the content hash."""

from __future__ import annotations

from tidings.model import canonical_held_by_note, content_hash


def test_content_hash_reads_words_through_soft_hyphens_and_word_joiners() -> None:
    # A page that hyphenates in the browser and its copy that does not are the same words.
    assert content_hash("Die auto\u00adnomen Busse\u2060fahren") == content_hash("die autonomen Bussefahren.")
    assert content_hash("auto nomen") != content_hash("autonomen")


def test_content_hash_reads_words_through_zero_width_spaces_but_not_between_thai_words() -> None:
    # Read as extraction leaves the text (``controls.without_break_hints``): in a word of a script
    # written with spaces a zero-width space or U+FEFF splits nothing; between Thai words it is
    # their only separator.
    assert content_hash("Verfassungs\u200bgericht \ufeffurteilt") == content_hash(
        "Verfassungsgericht urteilt"
    )
    assert content_hash("ข่าว\u200bวันนี้") != content_hash("ข่าววันนี้")


def test_the_canonical_link_note_names_standard_input_in_words() -> None:
    # QA, 2026-12-08: a page piped to `tidings add -` was named "-".
    assert canonical_held_by_note(2, "-") == (
        "the canonical link of standard input names #2, another article: that address was not taken"
    )
    assert canonical_held_by_note(2, "quay.html").startswith("the canonical link of quay.html names #2")
    assert canonical_held_by_note(2).startswith("its canonical link names #2")
