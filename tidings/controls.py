"""Control characters: what no text Tidings keeps or prints may hold; and break hints, the invisible
characters that say only where a word may or may not break, which an article's title, text and
standfirst leave out (its display HTML keeps them, where they do their job).

One rule for every text that comes in (an extracted article's fields, a batch command's JSON
fields), so that a title reads the same through ``tidings add`` and ``tidings cluster``. It lives
outside ``tidings.extract`` so that the batch commands can use it without loading the extractors,
and the break hints' rule so that ``model.content_hash`` reads words as extraction leaves them.
"""

from __future__ import annotations

import re

__all__ = ["BIDI_CONTROLS", "has_controls", "without_break_hints", "without_controls"]


# Control characters no article field keeps: C0 but tab and line feed (the text's paragraphs), DEL
# and C1. An escape sequence in a title or a feed's name ("\x1b[2J", "\x1b]0;…\x07") is kept whole
# in the store otherwise, and `tidings add`, `articles` and `show` print it raw to the terminal,
# which runs it (clears the screen, retitles the window); Rich drops only BEL, backspace, VT, FF and
# CR when it prints, and white-space collapsing turns CR into a space.
# ECMA-48 sequences are taken out whole, so that no "[31m" is left in the headline: CSI
# (parameters, intermediates, final byte) and a terminated OSC (an unterminated one is not sought
# to the end of the text: its ESC and bracket alone go); any other ESC with the character after it.
#
# And the bidirectional controls that override the direction text is shown in (U+202A-U+202E:
# embeddings, overrides and their end; U+2066-U+2069: isolates and their end). A hostile feed or
# page uses them to show one thing and hold another ("Trojan Source"): "invoice\u202egpj.exe"
# shows as "invoiceexe.jpg", an outlet's name can pass for another's, and a title can read
# backwards in the reader, the CLI and the digest. No display of Arabic or Hebrew needs them: the
# Unicode bidirectional algorithm orders each character by its script, the reader's titles are set
# ``unicode-bidi: plaintext`` and its article HTML keeps ``dir``. The direction marks (U+200E LRM,
# U+200F RLM, U+061C ALM), which override nothing and which right-to-left text writes to place a
# number or a stop, are kept.
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(
    r"\x1b\[[0-?]{0,32}[ -/]{0,8}[@-~]|\x1b\][^\x07\x1b]{0,256}(?:\x07|\x1b\\)|\x1b[@-_]?"
    rf"|[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x9f{BIDI_CONTROLS}]"
)
# What each control character becomes: C1 characters in text are Windows-1252 bytes decoded as
# Latin-1 (the HTML standard reads a Latin-1 page as Windows-1252; a feed or a file read otherwise
# keeps "\x93" where "“" was meant), so they become the characters they meant, and the five that
# Windows-1252 leaves undefined go; white space (CR, VT, FF, the separators) becomes a space, so
# that no two words are joined; the rest go.
_CONTROL_REPLACEMENTS = {
    **{chr(code): bytes([code]).decode("cp1252", "ignore") for code in range(0x80, 0xA0)},
    **dict.fromkeys("\r\x0b\x0c\x1c\x1d\x1e\x1f", " "),
}


def _replace_control(match: re.Match[str]) -> str:
    return _CONTROL_REPLACEMENTS.get(match.group(), "")


# The control characters as UTF-8: C0 but tab and line feed, and DEL, are a byte each (and no byte
# of a longer character); C1 controls are two bytes, the first 0xC2; the bidirectional controls
# three, the first 0xE2 (which opens every curly quote and dash too).
_C0_BYTES = bytes([*range(0x09), *range(0x0B, 0x20), 0x7F])
_C1_BYTES = re.compile(rb"\xc2[\x80-\x9f]")
_BIDI_BYTES = re.compile(rb"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])")


def has_controls(value: str) -> bool:
    """Whether ``value`` holds a control character that no field keeps. Deleting C0 bytes from its
    UTF-8 and comparing lengths, and looking for C1 only after a 0xC2 byte, costs 14 µs a dev
    page's text and HTML, a regex search over the characters 22 (2026-12-06)."""
    encoded = value.encode("utf-8", "surrogatepass")
    if len(encoded.translate(None, _C0_BYTES)) != len(encoded):
        return True
    if encoded.find(b"\xc2") >= 0 and _C1_BYTES.search(encoded) is not None:
        return True
    return encoded.find(b"\xe2") >= 0 and _BIDI_BYTES.search(encoded) is not None


def without_controls(value: str) -> str:
    """``value`` without control characters: escape sequences whole, C1 as the Windows-1252
    characters they stand for, white space as a space, the rest (bidirectional controls among
    them) gone."""
    # Looked for first: hardly any text holds one, and the search costs far less than a substitution.
    if not has_controls(value):
        return value
    return _CONTROL.sub(_replace_control, value)


# Characters that say only where a word may be broken at a line's end (the soft hyphen, U+00AD) or
# must not be (the word joiner, U+2060, and U+FEFF, its older form inside a text, a byte order
# mark at its start), and show nothing. Sites that hyphenate their text write a soft hyphen into
# every long word ("auto\u00adnome"): left in an article's text, it splits the word for search
# (FTS5's tokenizer reads it as a separator, so "autonome" does not find the article) and for
# every comparison of words.
_WORD_BREAK_HINTS = str.maketrans("", "", "\u00ad\u2060\ufeff")
# The zero-width space (U+200B) says where a line may break without a hyphen: inside a long word
# or an address in scripts written with spaces ("Verfassungs\u200bgericht"), where it splits the
# word as a soft hyphen does, or beside a space, where it adds nothing. In the scripts written
# without spaces between words (Thai, Lao, Khmer, Myanmar, Tibetan, Tai and Javanese scripts,
# Chinese and Japanese) it marks a word's end, as Unicode means it: there the search reads words by
# it, and it stays where a character of one of them stands on either side.
_UNSPACED_SCRIPTS = (
    "\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff\u1950-\u19ff\u1a20-\u1aaf\u1b00-\u1b7f"
    "\u2e80-\u9fff\ua980-\ua9ff\uaa60-\uaadf\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003ffff"
)
_SPACING_HINTS = re.compile(f"(?<![{_UNSPACED_SCRIPTS}])\u200b+(?![{_UNSPACED_SCRIPTS}])")


def without_break_hints(text: str) -> str:
    """``text`` without soft hyphens, word joiners (``_WORD_BREAK_HINTS``) and zero-width spaces
    but those between the words of a script written without spaces (``_SPACING_HINTS``). White
    space is left as it is: one between two spaces leaves two."""
    # Looked for first: few texts hold one, and ``in`` costs a fraction of ``translate``.
    if "\u00ad" in text or "\u2060" in text or "\ufeff" in text:
        text = text.translate(_WORD_BREAK_HINTS)
    if "\u200b" in text:
        text = _SPACING_HINTS.sub("", text)
    return text
