"""Bytes → text: the character encoding of a page, a feed or a plain-text save.

Owns ``decode_document`` (and the binary and gzip checks that come before it). The order of
evidence is the WHATWG one (https://encoding.spec.whatwg.org/, "decode" and the HTML "prescan"):

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) wins over everything, except a UTF-8
   BOM before bytes of which UTF-8 explains not one character (a template saved "with BOM" in
   front of a Latin-1/cp1252 body, a common server bug): those bytes are read as if the BOM
   were not there, by the steps below; UTF-8 with some legacy bytes mixed in stays UTF-8;
2. UTF-16/UTF-32 without a BOM, recognised by where the NUL bytes fall (XML 1.0 appendix F)
   or, for text in other scripts, by its column of high bytes (0x04 in every other byte of
   Cyrillic), when the reading is plausible text;
3. the charset the server declared (HTTP ``Content-Type``);
4. the document's own declaration: the XML declaration, or HTML ``<meta charset>`` /
   ``<meta http-equiv="Content-Type">`` in the first few kilobytes;
5. valid UTF-8, or UTF-8 with stray bytes when it explains twice as many characters as it
   leaves stray (those bytes read as windows-1252: a legacy passage pasted into a UTF-8 page);
6. charset-normalizer's detection among the encodings of the WHATWG list only (what browsers
   decode: never a DOS or EBCDIC code page), where ties go to windows-1252 (the WHATWG fallback
   for Western locales: ``café`` in cp1252 also decodes without error as cp1250 or cp1257), as
   do small wins of a Baltic reading on bytes without the "š" and "ž" of Baltic text,
   unless a Latin reading makes words only misread Cyrillic, Greek or Polish text makes
   ("Ïóòèí", "pó³noc"): those pages are read in the encodings of that script;
7. windows-1252, which maps every byte (the WHATWG fallback), when detection finds no reading
   plausible (German with a soft hyphen in every long word), unless that reading shows control
   characters: bytes no encoding reads that are full of them are refused as binary data.

Encoding labels are looked up with ``webencodings`` (the WHATWG label table), so ``latin1`` and
``iso-8859-1`` mean windows-1252, as every browser reads them. A declaration is only evidence:
one that cannot decode the bytes is passed over, and a single-byte declaration on bytes that
are valid, non-ASCII UTF-8 is taken as the usual server default left unchanged (a cp1252 text
almost never happens to form valid multi-byte UTF-8 sequences).

The prescan and the NUL-pattern sniff are hand-written: the only library prescans (html5lib's,
lxml's) are private internals or tied to a parse, and this module must work on bytes alone.
Compressed bodies are not decoded here: ``gunzip_capped`` inflates gzip with a size cap for
callers that accept ``.gz`` files (sitemaps, saved feeds), and ``decode_document`` refuses
compressed and other binary data with a sentence that says what the file is.
"""

from __future__ import annotations

import bisect
import codecs
import collections
import re
import unicodedata
import zlib
from dataclasses import dataclass

import charset_normalizer
import webencodings
from charset_normalizer import CharsetMatch

from tidings.errors import TooLarge, Unreadable

__all__ = [
    "binary_kind",
    "decode_document",
    "gunzip_capped",
    "is_gzip",
    "sniff_wide_encoding",
]

# -- binary data --------------------------------------------------------------------------------

# Leading bytes of binary formats people are likely to hand to `tidings add` by mistake, with the
# words used in the error message. The NUL-byte check below catches every other binary format;
# this table only lets the message name the common ones.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word, EPUB or OpenDocument file)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"(\xb5/\xfd", "zstd-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"OggS", "an Ogg audio or video file"),
    (b"\x1aE\xdf\xa3", "a Matroska or WebM video"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
)
_RIFF_KINDS = {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}
_BZIP2 = re.compile(rb"BZh[1-9]1AY&SY")
_SNIFF_BYTES = 8192

_GZIP_MAGIC = b"\x1f\x8b"


def binary_kind(body: bytes) -> str | None:
    """Words naming the binary format ``body`` starts with (``"a PDF document"``), or None."""
    if body[:4] == b"RIFF" and body[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[body[8:12]]
    if body[4:8] == b"ftyp":
        return "an MP4 or QuickTime video"
    for signature, words in _BINARY_SIGNATURES:
        if body.startswith(signature):
            if signature == b"BZh" and not _BZIP2.match(body):
                continue
            return words
    return None


# A text file has no NUL bytes and few other control characters; a binary file has many (random
# bytes: one in nine is a C0 control other than tab, line breaks and escape, or DEL).
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_CONTROL_BYTES = bytes(byte for byte in range(0x80) if _CONTROL_CHARS.match(chr(byte)))
_MAX_CONTROL_SHARE = 0.02
# A stray NUL or two in a short text is damage to remove; binary formats have them by the dozen.
_MIN_BINARY_CONTROLS = 8
_BINARY_DATA = "is binary data, not a web page, feed or text"


def _binary_share(controls: int, length: int) -> bool:
    return controls > _MIN_BINARY_CONTROLS and controls > _MAX_CONTROL_SHARE * length


def _nul_heavy(body: bytes) -> bool:
    sample = body[:_SNIFF_BYTES]
    return _binary_share(sample.count(0), len(sample))


def _control_heavy(body: bytes) -> bool:
    """Whether control bytes (NUL and the others) make a binary file's share of ``body``.

    Only asked of bytes no encoding could read: UTF-16 text without a byte-order mark has
    control bytes too (the high byte of every Cyrillic letter is 0x04), and is read first.
    """
    sample = body[:_SNIFF_BYTES]
    return _binary_share(len(sample) - len(sample.translate(None, _CONTROL_BYTES)), len(sample))


# Bytes read as windows-1252 that are no text: C0 controls, DEL, and the five C1 controls that
# windows-1252 leaves unassigned. The fallback reading refuses two of them in a short text too.
_C0_AND_C1_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_MIN_FALLBACK_CONTROLS = 2


def _looks_binary(text: str) -> bool:
    sample = text[:_SNIFF_BYTES]
    return _binary_share(len(_CONTROL_CHARS.findall(sample)), len(sample))


def is_gzip(body: bytes) -> bool:
    return body.startswith(_GZIP_MAGIC)


def gunzip_capped(body: bytes, *, source: str, max_bytes: int) -> bytes:
    """Inflate a gzip body, refusing (``TooLarge``) before the output passes ``max_bytes``.

    The cap is applied while inflating, so a gzip bomb (a few kilobytes that inflate to
    gigabytes) costs at most ``max_bytes`` of memory.
    """
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        output = inflater.decompress(body, max_bytes + 1)
    except zlib.error as exc:
        raise Unreadable(
            source, f"is gzip-compressed but damaged ({exc}); re-download or re-save it"
        ) from exc
    if len(output) > max_bytes:
        # Counted as inflated bytes: the file itself may be a few kilobytes, and "is 30,000,000
        # bytes" beside a 30 KB file reads as a wrong number.
        raise TooLarge(source, _inflated_size(inflater, output), max_bytes, counted="bytes once decompressed")
    if not inflater.eof:
        raise Unreadable(source, "is gzip-compressed but cut short; re-download or re-save it")
    return output


def _inflated_size(inflater: zlib._Decompress, head: bytes) -> int:
    """How big a capped inflate would have become, counted without keeping the output."""
    size = len(head)
    pending = inflater.unconsumed_tail
    while pending and not inflater.eof:
        try:
            size += len(inflater.decompress(pending, 1 << 20))
        except zlib.error:
            break
        pending = inflater.unconsumed_tail
    return size


# -- byte-order marks and wide encodings ------------------------------------------------------

# UTF-32 LE must be tested before UTF-16 LE: its BOM starts with the UTF-16 LE BOM.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _bom_encoding(body: bytes) -> tuple[str, int] | None:
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return encoding, len(bom)
    return None


def sniff_wide_encoding(body: bytes) -> str | None:
    """UTF-16 or UTF-32 without a BOM, told by the first 8 KB.

    Markup and most Western text are ASCII-range characters, whose UTF-16 form has a NUL in
    every other byte (``<\\0?\\0`` for UTF-16 LE) and whose UTF-32 form has three NULs in four.
    Text in another script has fewer NULs (its spaces, digits and markup only) and is told by
    its column of high bytes (``_sniff_utf16_text``).
    """
    sample = body[:_SNIFF_BYTES]
    usable = len(sample) - len(sample) % 4
    if usable < 4:
        return None
    sample = sample[:usable]
    quarter = usable // 4
    nul_at = [sample[offset::4].count(0) / quarter for offset in range(4)]
    if min(nul_at[1:]) > 0.9 and nul_at[0] < 0.5:
        return "utf-32-le"
    if min(nul_at[:3]) > 0.9 and nul_at[3] < 0.5:
        return "utf-32-be"
    even = (nul_at[0] + nul_at[2]) / 2
    odd = (nul_at[1] + nul_at[3]) / 2
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return _sniff_utf16_text(body[:_SNIFF_BYTES])


# UTF-16 text in a script other than Latin has NULs only where it has ASCII characters (spaces,
# digits, line breaks, markup), but its column of high bytes holds very few values: 0x04 for
# Cyrillic, 0x03 Greek, 0x05 Hebrew and Armenian, 0x06 Arabic, 0x09 Devanagari, 0x0E Thai, with
# 0x00 for its ASCII and 0x20 for its dashes and quotes. Bytes 0x01-0x1F are control characters
# in every ASCII-compatible encoding, so a column of them is UTF-16 or binary data. CJK text
# (high bytes 0x30, 0x4E-0x9F) looks like any other bytes in that column; it is told by the
# NULs of its ASCII characters, which fall in the high column only (a legacy text has no NULs,
# and random bytes have as many in one column as in the other). Either way the reading must
# be plausible text, so that random bytes stay binary data.
_ALPHABET_HIGH_BYTES = bytes(range(0x01, 0x20))
_MIN_UTF16_UNITS = 8
# Share of the high column that must be 0x01-0x1F, and share of those that its two commonest
# values must hold (a script's letters and its extension: 0x04 and 0x05 for Cyrillic).
_MIN_ALPHABET_COLUMN = 0.3
_ALPHABET_CONCENTRATION = 0.9
# NULs in at least 2% of the high column (ASCII characters), and no more in the low one (CJK
# characters that end in 0x00 are common: "一" U+4E00, "开" U+5F00); the reading decides.
_MIN_HIGH_NULS = 0.02


def _sniff_utf16_text(sample: bytes) -> str | None:
    usable = len(sample) - len(sample) % 2
    if usable < 2 * _MIN_UTF16_UNITS:
        return None
    even, odd = sample[0:usable:2], sample[1:usable:2]
    for encoding, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if _is_high_byte_column(high, low) and _plausible_utf16(sample[:usable], encoding):
            return encoding
    return None


def _is_high_byte_column(high: bytes, low: bytes) -> bool:
    units = len(high)
    high_nuls = high.count(0)
    if high_nuls >= _MIN_HIGH_NULS * units and high_nuls >= low.count(0):
        return True
    alphabet = units - len(high.translate(None, _ALPHABET_HIGH_BYTES))
    if alphabet < _MIN_ALPHABET_COLUMN * units:
        return False
    low_alphabet = units - len(low.translate(None, _ALPHABET_HIGH_BYTES))
    counts = sorted(high.count(value) for value in _ALPHABET_HIGH_BYTES)
    return counts[-1] + counts[-2] >= _ALPHABET_CONCENTRATION * alphabet and 2 * low_alphabet < alphabet


# At most this share of a UTF-16 reading may be control, private-use or unassigned characters
# (random bytes read as UTF-16: about one in six), and the two commonest scripts must hold this
# share of its letters (random bytes: letters of dozens of scripts).
_MAX_ODD_CHARACTERS = 0.01
_MAIN_SCRIPTS_SHARE = 0.9
# Text repeats a few characters (spaces, vowels, "的", "，"): its ten commonest make at least a
# tenth of it (Japanese news, the least repetitive text of the extraction sets' 1,800 pages and
# gold texts: 23%); random letters of one 256-character block (bytes with a column of 0x04) 5%.
_COMMONEST = 10
_MIN_COMMONEST_SHARE = 0.1


def _plausible_utf16(sample: bytes, encoding: str) -> bool:
    """Whether ``sample`` read in ``encoding`` is text: no unpaired surrogate, next to no
    control, private-use or unassigned characters, and letters of one or two scripts."""
    text = _decode_with(sample, encoding)
    if not text:
        return False
    odd = 0
    scripts: dict[str | int, int] = {}
    for char in text:
        category = unicodedata.category(char)
        if category[0] == "L":
            script = _script(ord(char))
            scripts[script] = scripts.get(script, 0) + 1
        elif category[0] == "C" and category != "Cf" and char not in "\t\n\r\f":
            odd += 1
    if odd > _MAX_ODD_CHARACTERS * len(text):
        return False
    letters = sorted(scripts.values())
    if sum(letters[-2:]) < _MAIN_SCRIPTS_SHARE * sum(letters):
        return False
    commonest = sorted(collections.Counter(text).values())[-_COMMONEST:]
    return sum(commonest) >= _MIN_COMMONEST_SHARE * len(text)


# Script groups of the letters, by code point: each bound opens a range (one group per range
# with a name below, else per 128 code points). Japanese counts as one script (kanji and kana),
# as do a script's extension blocks.
_SCRIPT_BOUNDS = (
    (0x0000, "latin"), (0x0250, None), (0x0370, "greek"), (0x0400, "cyrillic"), (0x0530, None),
    (0x0590, "hebrew"), (0x0600, "arabic"), (0x0900, None), (0x1100, "hangul"), (0x1200, None),
    (0x1E00, "latin"), (0x1F00, "greek"), (0x2000, None), (0x2E80, "cjk"), (0x3130, "hangul"),
    (0x3190, "cjk"), (0xA000, None), (0xAC00, "hangul"), (0xD800, None), (0xF900, "cjk"),
    (0xFB00, None), (0xFB50, "arabic"), (0xFE00, None), (0xFE70, "arabic"), (0xFF00, "cjk"),
    (0x10000, None), (0x20000, "cjk"), (0x30000, None),
)  # fmt: skip
_SCRIPT_STARTS = [start for start, _ in _SCRIPT_BOUNDS]
_SCRIPT_GROUPS = [group for _, group in _SCRIPT_BOUNDS]


def _script(code_point: int) -> str | int:
    group = _SCRIPT_GROUPS[bisect.bisect_right(_SCRIPT_STARTS, code_point) - 1]
    return group if group is not None else code_point >> 7


# -- declared encodings ---------------------------------------------------------------------

_XML_DECLARATION = re.compile(rb"""^<\?xml\s[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")
_META_CHARSET = re.compile(
    rb"""<meta\s[^>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE
)
# WHATWG prescans 1,024 bytes; saved pages often carry a long comment or inline style first, so
# we look further. A declaration found late is still checked by decoding with it.
_PRESCAN_BYTES = 4096
_WIDE_LABELS = {"utf-16le", "utf-16be"}


def _lookup_label(label: str | bytes | None) -> str | None:
    """A WHATWG encoding name for a label (``latin1`` → ``windows-1252``), or None if unknown."""
    if label is None:
        return None
    text = label.decode("ascii", "replace") if isinstance(label, bytes) else label
    encoding = webencodings.lookup(text.strip().strip("\"'"))
    if encoding is None or encoding.name == "replacement":
        return None
    return str(encoding.name)


def _declared_in_document(body: bytes, media_type_hint: str | None) -> str | None:
    head = body[:_PRESCAN_BYTES]
    xml = _XML_DECLARATION.match(head.lstrip())
    if xml:
        return _lookup_label(xml.group(1))
    if media_type_hint is not None and "html" not in media_type_hint:
        return None
    meta = _META_CHARSET.search(head)
    return _lookup_label(meta.group(1)) if meta else None


# -- decoding ---------------------------------------------------------------------------------

# windows-1252 as WHATWG defines it: the five bytes Python's cp1252 leaves undefined (0x81, 0x8D,
# 0x8F, 0x90, 0x9D) map to the C1 control of the same number, so the decode never fails. A
# charmap table decodes in C (a translate() with a dict took 8 ms for a 100 KB page).
_WINDOWS_1252_CHARS = "".join(
    chr(byte) if byte in b"\x81\x8d\x8f\x90\x9d" else bytes([byte]).decode("cp1252", "strict")
    for byte in range(0x100)
)


def _windows_1252(body: bytes) -> str:
    return codecs.charmap_decode(body, "strict", _WINDOWS_1252_CHARS)[0]


@dataclass(frozen=True, slots=True)
class _Decoded:
    text: str
    encoding: str


def _codec(encoding: str) -> codecs.CodecInfo | None:
    known = webencodings.lookup(encoding)
    if known is not None and known.name != "replacement":
        return known.codec_info  # type: ignore[no-any-return]
    try:
        return codecs.lookup(encoding)
    except LookupError:
        return None


def _decode_with(body: bytes, encoding: str) -> str | None:
    """``body`` in ``encoding``; a multi-byte sequence cut off at the very end is dropped
    (a truncated download); any other invalid byte makes this encoding wrong (None).

    A lone UTF-8 lead byte at the end of otherwise ASCII text is no sign of UTF-8: it is a
    legacy text's last letter ("Caf\\xe9"), which dropping would lose.
    """
    if encoding == "windows-1252":
        return _windows_1252(body)
    codec = _codec(encoding)
    if codec is None or codec.incrementaldecoder is None:
        return None
    decoder = codec.incrementaldecoder("strict")
    try:
        text = str(decoder.decode(body, final=False))
    except UnicodeDecodeError:
        return None
    if encoding == "utf-8" and text.isascii() and len(decoder.getstate()[0]) == 1:
        return None
    return text


def _is_non_ascii_utf8(body: bytes) -> bool:
    if body.isascii():
        return False
    return _decode_with(body, "utf-8") is not None


def _web_encoding_codecs() -> dict[str, str]:
    """The encodings of the WHATWG Encoding Standard (what browsers decode, so what web pages are
    written in), by the Python codec name charset-normalizer uses for each, to the WHATWG name.

    Taken from ``webencodings``' copy of the standard's label table, less "replacement" and
    "x-user-defined" (no text is written in them). The codec is the one ``webencodings`` decodes
    the encoding with: Shift_JIS is cp932, EUC-KR cp949, Big5 big5hkscs, as browsers read them.
    """
    codecs_to_names: dict[str, str] = {}
    for name in sorted(set(webencodings.LABELS.values()) - {"replacement", "x-user-defined"}):
        encoding = webencodings.lookup(name)
        if encoding is not None:
            codecs_to_names.setdefault(encoding.codec_info.name.replace("-", "_"), name)
    return codecs_to_names


# charset-normalizer alone weighs some hundred code pages, DOS and EBCDIC ones included; on a
# French Latin-1 page its best reading was cp775 (DOS Baltic: "Café" became "Cafķ"). Detection
# chooses among the web's encodings only: windows-874 and 1250-1258, ISO-8859-2 to 16, KOI8-R/U,
# IBM866, macintosh, x-mac-cyrillic, GBK, gb18030, Big5, EUC-JP, ISO-2022-JP, Shift_JIS, EUC-KR,
# UTF-8 and UTF-16.
_WEB_ENCODING_CODECS = _web_encoding_codecs()


# How much more "chaos" (charset-normalizer's measure of odd characters) a windows-1252 reading
# may show than the best one and still be preferred, when it reads as the same languages at
# least as well. A short French item in cp1252 ("Naïve résumé — déjà vu") scores 0.025-0.04
# against 0.0 for cp1257, whose reading turns "ï" into "ļ" and "à" into "ą"; real text in
# another legacy encoding reads as windows-1252 with lower coherence, so it is not taken.
_WINDOWS_1252_CHAOS_TOLERANCE = 0.05


# A Baltic reading (windows-1257, or ISO-8859-13 with the same letters) wins over windows-1252
# on Western text by a margin of its own: it keeps "é", "ä", "ö", "ü", curly quotes and dashes
# where windows-1252 has them and turns the rest into Baltic letters ("à" "ą", "ï" "ļ"), which
# charset-normalizer scores as no chaos and often as more coherent. A cp1252 JSON Feed with
# "Déjà", "naïve" and "–" scored 0.056 against cp1257's 0.0, past the margin above, and came out
# as "Dėją". Baltic text gives itself away by "š" and "ž" (bytes 0xD0, 0xDE, 0xF0, 0xFE in both
# encodings), common in every Lithuanian and Latvian text and read as the Icelandic letters
# "Ð", "Þ", "ð", "þ" in windows-1252; without them, a small win goes to windows-1252.
_BALTIC_ENCODINGS = {"cp1257", "iso8859_13"}
_BALTIC_WIN_TOLERANCE = 0.1
_BALTIC_ONLY_LETTERS = re.compile(rb"[\xd0\xde\xf0\xfe]")


def _prefers_windows_1252(match: CharsetMatch, best: CharsetMatch, body: bytes) -> bool:
    if "cp1252" not in match.could_be_from_charset:
        return False
    if match.chaos <= best.chaos:
        return True
    if match.chaos <= best.chaos + _WINDOWS_1252_CHAOS_TOLERANCE and match.coherence >= best.coherence:
        return True
    return _small_baltic_win(match, best, body)


def _small_baltic_win(match: CharsetMatch, best: CharsetMatch, body: bytes) -> bool:
    """Whether a Baltic best reading beats windows-1252 by little, on bytes without the letters
    every Baltic text has ("š", "ž")."""
    return (
        best.encoding in _BALTIC_ENCODINGS
        and match.chaos <= best.chaos + _BALTIC_WIN_TOLERANCE
        and _BALTIC_ONLY_LETTERS.search(body) is None
    )


# What charset-normalizer weighs: the web's encodings, and ASCII, which it must have tried (with
# UTF-8) before it stops at a clear winner; without it every candidate that passes its probes
# is decoded in full (20-60 ms for a 1.4 MB page). ASCII bytes never get here: UTF-8 reads them.
_DETECTION_CANDIDATES = [*_WEB_ENCODING_CODECS, "ascii"]


# charset-normalizer judges a page by a few 512-byte chunks, which on a page of markup hold few
# letters outside ASCII: a Russian or Polish page can then read as well in windows-1252 as in its
# own encoding, and the tie went to windows-1252 ("Ïóòèí" for "Путин", "pó³noc" for "północ").
# A windows-1252 reading shows it is wrong by the words it makes. Cyrillic and Greek letters
# become words of three or more letters from À-ÿ and nothing else, which Western text hardly has
# (at most 2.2% of its words that hold a byte above 0x7F; 14-85% in Russian, Bulgarian, Ukrainian
# and Greek pages); Polish letters become symbols between letters ("³" for "ł", "¿" for "ż", "¹"
# for "ą"; "±" and "¶" from ISO-8859-2): 29-42% of such words in Polish pages, at most 19% in
# Western ones (UTF-8 read twice: "Ã¼"). Measured on the extraction sets' pages re-encoded.
_CYRILLIC_WORD_SHARE = 0.1
_CENTRAL_EUROPEAN_WORD_SHARE = 0.25
_MIN_TELLING_WORDS = 3
_CYRILLIC_AND_GREEK = [
    "cp1251",
    "koi8_r",
    "koi8_u",
    "iso8859_5",
    "mac_cyrillic",
    "cp866",
    "cp1253",
    "iso8859_7",
]
_CENTRAL_EUROPEAN = ["cp1250", "iso8859_2"]
# Each word (ASCII letters and bytes above 0x7F) holding a byte above 0x7F, from that byte on:
# one match a word, found in C at a tenth of the cost of whole words.
_REST_OF_A_WORD_WITH_A_HIGH_BYTE = re.compile(rb"[\x80-\xff][A-Za-z\x80-\xff]*")
_LETTERS_FROM_C0_ONLY = re.compile(rb"(?<![A-Za-z\x80-\xff])[\xc0-\xff]{3,}(?![A-Za-z\x80-\xff])")
_SYMBOLS_FOR_LETTERS = "\u00a3\u00a5\u00aa\u00af\u00b1\u00b3\u00b6\u00b9\u00ba\u00bc\u00be\u00bf\x8d\x8f\x9d"
_SYMBOL_BYTES = _SYMBOLS_FOR_LETTERS.encode("latin-1")
_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff"
_SYMBOL_BETWEEN_LETTERS = re.compile(f"(?<=[{_LETTER}])[{_SYMBOLS_FOR_LETTERS}](?=[{_LETTER}])")
# Czech and Hungarian letters read as windows-1252 are Western letters ("ř" "ø", "ő" "õ"), but
# in pairs no Western text has: "ři" and "ří" as "øi" and "øí" (při, tři, hřiště, říká), and "ő"
# other than before "e" (Portuguese writes "õe", "ões" only). Of 1,560 Western pages and gold
# texts of the extraction sets, none has three; of the words with a byte above 0x7F, they make
# 3.3-10% in Czech texts and 9-10% in Hungarian ones (Estonian, whose "õ" is everywhere, was not
# among the pages measured).
_CZECH_OR_HUNGARIAN_PAIRS = re.compile(rb"\xf8[i\xed]|\xf5(?!e)")
_CZECH_OR_HUNGARIAN_SHARE = 0.01
_C1_BYTES = re.compile(rb"[\x80-\x9f]")


def _misread_family(body: bytes, *, central_european: bool = True) -> list[str] | None:
    """The encodings to choose among when ``body`` read as windows-1252 is full of words no
    Western text has (Cyrillic or Greek, or Central European letters misread); None when not."""
    words = _REST_OF_A_WORD_WITH_A_HIGH_BYTE.findall(body)
    sample = b" ".join(words)

    def telling(count: int, share: float) -> bool:
        return count >= _MIN_TELLING_WORDS and count >= share * len(words)

    if telling(len(_LETTERS_FROM_C0_ONLY.findall(sample)), _CYRILLIC_WORD_SHARE):
        return _CYRILLIC_AND_GREEK
    if not central_european:
        return None
    symbols = len(sample) - len(sample.translate(None, _SYMBOL_BYTES))
    # Only a page with that many of the symbols at all is searched for them between letters.
    if telling(symbols, _CENTRAL_EUROPEAN_WORD_SHARE) and telling(
        len(_SYMBOL_BETWEEN_LETTERS.findall(_windows_1252(body))), _CENTRAL_EUROPEAN_WORD_SHARE
    ):
        return _CENTRAL_EUROPEAN
    if telling(len(_CZECH_OR_HUNGARIAN_PAIRS.findall(sample)), _CZECH_OR_HUNGARIAN_SHARE):
        return _CENTRAL_EUROPEAN
    return None


def _detected_among(body: bytes, family: list[str]) -> _Decoded | None:
    """The best reading of ``body`` in one family of encodings, judged by its words that hold
    bytes above 0x7F only (so markup does not dilute the letters that tell them apart)."""
    sample = b" ".join(_REST_OF_A_WORD_WITH_A_HIGH_BYTE.findall(body))
    best = charset_normalizer.from_bytes(sample, cp_isolation=family).best()
    if best is not None and best.encoding in family:
        name = _WEB_ENCODING_CODECS[best.encoding]
    elif family is _CENTRAL_EUROPEAN:
        # Both read as too odd (a Hungarian page's soft hyphens), though its words were Central
        # European: ISO-8859-2 has C1 controls where windows-1250 has letters and quotes.
        name = "windows-1250" if _C1_BYTES.search(body) else "iso-8859-2"
    else:
        return None
    text = _decode_with(body, name)
    return _Decoded(text, name) if text is not None else None


# The web's single-byte encodings for Latin script: a Cyrillic or Greek page whose few sampled
# chunks held little of its text can come out best in any of them ("Ěýđ" in windows-1250).
_LATIN_SINGLE_BYTE = {
    "windows-1250", "windows-1252", "windows-1254", "windows-1257", "windows-1258", "macintosh",
    "iso-8859-2", "iso-8859-3", "iso-8859-4", "iso-8859-10", "iso-8859-13", "iso-8859-14",
    "iso-8859-15", "iso-8859-16",
}  # fmt: skip


def _unless_misread(body: bytes, decoded: _Decoded, *, central_european: bool) -> _Decoded:
    """``decoded``, or the reading of another script or of Central European letters when its
    words show a misreading (tested in the windows-1252 reading, which the others resemble)."""
    family = _misread_family(body, central_european=central_european)
    if family is not None:
        redetected = _detected_among(body, family)
        if redetected is not None:
            return redetected
    return decoded


def _detected(body: bytes) -> _Decoded | None:
    """charset-normalizer's best reading among the web's encodings, preferring windows-1252 among
    about equally good ones (the web's legacy default, as WHATWG's fallback is in Western locales)
    unless that reading is full of words only a Cyrillic, Greek or Central European text misread
    makes."""
    matches = [
        match
        for match in charset_normalizer.from_bytes(body, cp_isolation=_DETECTION_CANDIDATES)
        if match.encoding in _WEB_ENCODING_CODECS
    ]
    if not matches:
        return None
    best = matches[0]
    for match in matches:
        if _prefers_windows_1252(match, best, body):
            return _unless_misread(body, _Decoded(_windows_1252(body), "windows-1252"), central_european=True)
    decoded = _Decoded(str(best), _WEB_ENCODING_CODECS[best.encoding])
    if decoded.encoding in _LATIN_SINGLE_BYTE:
        # Central European pages are not second-guessed here: the best reading is one of theirs.
        return _unless_misread(body, decoded, central_european=False)
    return decoded


def _candidates(body: bytes, declared_charset: str | None, media_type_hint: str | None) -> list[str]:
    names: list[str] = []
    for label in (_lookup_label(declared_charset), _declared_in_document(body, media_type_hint)):
        # A UTF-16 label on bytes without UTF-16's NUL pattern is a copy-pasted declaration
        # (WHATWG reads <meta charset=utf-16> as UTF-8 for the same reason).
        if label is None or label in _WIDE_LABELS:
            continue
        encoding = "utf-8" if label != "utf-8" and _is_non_ascii_utf8(body) else label
        if encoding not in names:
            names.append(encoding)
    if "utf-8" not in names:
        names.append("utf-8")
    return names


def _decode(body: bytes, declared_charset: str | None, media_type_hint: str | None) -> _Decoded | None:
    bom = _bom_encoding(body)
    if bom is None:
        return _decode_without_bom(body, declared_charset, media_type_hint)
    encoding, length = bom
    text = _decode_with(body[length:], encoding)
    if text is None and encoding == "utf-8":
        text = _mostly_utf8(body[length:], after_utf8_bom=True)
        if text is None:
            # A UTF-8 BOM before bytes of which UTF-8 explains none: a template saved "with BOM"
            # in front of a Latin-1/cp1252 body, a common server bug. The bytes are the better witness.
            return _decode_without_bom(body[length:], declared_charset, media_type_hint)
    return _Decoded(text, encoding) if text is not None else None


def _decode_without_bom(
    body: bytes, declared_charset: str | None, media_type_hint: str | None
) -> _Decoded | None:
    """Steps 2 to 6 of the order of evidence (everything after the byte-order mark)."""
    wide = sniff_wide_encoding(body)
    if wide is not None:
        text = _decode_with(body, wide)
        if text is not None:
            return _Decoded(text, wide)
    for encoding in _candidates(body, declared_charset, media_type_hint):
        text = _decode_with(body, encoding)
        if text is not None:
            return _Decoded(text, encoding)
    mostly = _mostly_utf8(body)
    if mostly is not None:
        return _Decoded(mostly, "utf-8")
    detected = _detected(body)
    if detected is None:
        # No web encoding reads the bytes as plausible text (German with a soft hyphen in every
        # long word reads as too odd in all of them): windows-1252, which maps every byte, is
        # what browsers fall back to, unless its reading shows control characters (random bytes).
        text = _windows_1252(body)
        controls = len(_C0_AND_C1_CONTROLS.findall(text, 0, _SNIFF_BYTES))
        if controls < _MIN_FALLBACK_CONTROLS or controls <= _MAX_CONTROL_SHARE * min(len(text), _SNIFF_BYTES):
            return _Decoded(text, "windows-1252")
    return detected


# Stray bytes, as the escape-decoder returns them (U+DC80-U+DCFF), read as windows-1252.
# (A substitution, not str.translate: translating a whole 500 KB page through a dict took 18 ms.)
_STRAY_CHARS = {chr(0xDC00 + byte): _WINDOWS_1252_CHARS[byte] for byte in range(0x80, 0x100)}
_STRAY_BYTE = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")
# UTF-8 must explain this many times more non-ASCII characters than it leaves as stray bytes.
# A legacy-encoded text leaves most of its non-ASCII bytes stray: in 4,000 pages re-encoded in
# legacy encodings, UTF-8 explained at most 0.22 characters a stray byte in Western ones and at
# most 0.5 in EUC-JP, GBK and Shift_JIS ones (whose byte pairs often form UTF-8 sequences).
_UTF8_MAJORITY = 2
# And at least this many: a short Western text can hold literal mojibake ("zuspÃƒÂ¤t" in a
# forum post) whose bytes are two UTF-8 characters next to one stray byte.
_MIN_UTF8_EXPLAINED = 4


def _mostly_utf8(body: bytes, *, after_utf8_bom: bool = False) -> str | None:
    """A UTF-8 text with a few stray bytes (a cut character, a windows-1252 snippet pasted in
    from elsewhere), with those bytes read as windows-1252; None when UTF-8 is not the reading.

    In the trafilatura evaluation pages, 3 of the 19 that are not valid UTF-8 are UTF-8 pages
    with one to three stray bytes; a detector run on the whole page reads them as cp1250,
    iso-8859-10 or mac-latin2 and garbles every accented letter (bench/gather.py, 2026-11-23).
    Behind a UTF-8 BOM, one character UTF-8 explains is enough (the BOM is evidence too): the
    text is UTF-8 with legacy bytes mixed in, not a legacy text behind a stray BOM.
    """
    text = body.decode("utf-8", "surrogateescape")
    stray = len(_STRAY_BYTE.findall(text))
    explained = len(_NON_ASCII.findall(text))
    needed = 1 if after_utf8_bom else max(_UTF8_MAJORITY * stray, _MIN_UTF8_EXPLAINED)
    if stray == 0 or explained < needed:
        return None
    return _STRAY_BYTE.sub(_stray_char, text)


def _stray_char(match: re.Match[str]) -> str:
    return _STRAY_CHARS[match.group()]


def decode_document(
    body: bytes,
    *,
    source: str,
    declared_charset: str | None = None,
    media_type_hint: str | None = None,
) -> str:
    """The text of a document's bytes; ``Unreadable`` (naming ``source``) for binary data.

    ``declared_charset`` is the HTTP ``charset`` parameter when the bytes were fetched;
    ``media_type_hint`` (``"text/html"``, ``"application/xml"``, ``"text/plain"``…) says which
    in-document declaration to look for (both are looked for when it is None). Stray NUL bytes
    are removed from the text (neither HTML nor XML can carry them).
    """
    if not body.strip():
        raise Unreadable(source, "is empty")
    kind = binary_kind(body)
    if kind is not None:
        hint = " (decompress it first)" if "compressed" in kind else ""
        raise Unreadable(source, f"is {kind}, not a web page, feed or text{hint}")
    if _bom_encoding(body) is None and sniff_wide_encoding(body) is None and _nul_heavy(body):
        raise Unreadable(source, _BINARY_DATA)
    decoded = _decode(body, declared_charset, media_type_hint)
    if decoded is None:
        # Without a byte-order mark every text is read (windows-1252 maps every byte), so what
        # is not is full of control characters; with one, the mark promised what the bytes break.
        if _bom_encoding(body) is None or _control_heavy(body):
            raise Unreadable(source, _BINARY_DATA)
        raise Unreadable(
            source, "uses a character encoding Tidings cannot recognise; save it as UTF-8 and add it again"
        )
    if _looks_binary(decoded.text):
        raise Unreadable(source, _BINARY_DATA)
    text = decoded.text.replace("\x00", "")
    if not text.strip():
        raise Unreadable(source, _no_text_reason(body))
    return text


def _no_text_reason(body: bytes) -> str:
    """Why bytes that are not blank decode to no text. After a byte-order mark, bytes that end
    part-way through a character (b"\\xff\\xfe\\x00") are text cut short, not an empty file."""
    bom = _bom_encoding(body)
    if bom is not None:
        encoding, length = bom
        try:
            codecs.decode(body[length:], encoding)
        except UnicodeDecodeError:
            return (
                f"is truncated: after its {encoding.upper()} byte-order mark come {len(body) - length} "
                "byte(s) that are only part of a character, so it holds no readable text"
            )
    return "is empty"
