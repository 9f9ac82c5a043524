"""The shared data types' own rules: here, the content hash."""

from __future__ import annotations

from tidings.model import content_hash


def test_content_hash_reads_words_through_soft_hyphens_and_word_joiners() -> None:
    # A page that hyphenates in the browser and its copy that does not are the same words.
    assert content_hash("Die auto\u00adnomen Busse\u2060fahren") == content_hash("die autonomen Bussefahren.")
    assert content_hash("auto nomen") != content_hash("autonomen")
