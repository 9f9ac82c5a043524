"""The shared data types' own rules: here, the content hash."""

from __future__ import annotations

from tidings.model import content_hash


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
