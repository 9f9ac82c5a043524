"""Benchmarks for the gather stage: character encodings, feed reading speed, and the limits.

    .venv/bin/python bench/gather.py [--part encodings|feeds|limits|all]

* **encodings**: real pages saved as raw bytes, decoded by Tidings' ``decode_document`` and,
  side by side, by charset-normalizer, chardet, BeautifulSoup's UnicodeDammit, trafilatura's
  ``decode_file``, resiliparse, and "UTF-8, replacing errors". A page counts as read right when
  90% of the distinct gold-text words that have a non-ASCII character are found in the decoded
  page (HTML entities resolved, white space folded); pages whose gold text is all ASCII tell
  encodings apart not at all and are left out. Data: the dev parts of ``trafilatura-eval`` (its "with"
  segments; multilingual, mostly German) and ``utomo-news-extraction-big9-chaos`` (gold lines).
* **reencoded**: the text of every page of the four extraction sets (as Tidings reads it, with
  its charset declaration taken out) written again in the legacy encodings of its language
  (undeclared, and for windows-125x also declared UTF-8), in UTF-16 LE/BE without a BOM (pages
  and their gold texts as plain text), and as UTF-8 with 1, 3 or a third of its letters in
  windows-1252; plus random bytes. A variant is read right when ``decode_document`` gives back
  exactly that text. ``--baseline FILE`` runs an older ``decode.py`` (``git show
  REV:tidings/gather/decode.py > FILE``) side by side and lists every variant whose result moved.
* **feeds**: ``parse_feed`` against feedparser alone (its defaults: sanitizing and resolving on,
  and with both off) on a 2 MB RSS feed of 100 full-text articles built from the Zyte benchmark
  pages, and on the whole feedparser test corpus.
* **limits**: the numbers behind ``markup.MAX_HTML_DEPTH`` (deepest nesting in real pages) and
  behind ``xmlsafety.XmlLimits`` (seconds per unit of hostile markup).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import html
import io
import json
import random
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "feedparser-corpus"
NOW = datetime(2026, 11, 23, tzinfo=UTC)
_SPACE = re.compile(r"\s+")


# -- encodings -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page:
    name: str
    body: bytes
    segments: tuple[str, ...]


def _fold(text: str) -> str:
    return _SPACE.sub(" ", html.unescape(text)).strip()


_NON_ASCII_WORD = re.compile(r"[^\s<>]*[^\x00-\x7f][^\s<>]*")
_ASCII_PUNCTUATION = ".,;:!?()[]{}\"'"


def _non_ascii(segments: list[str]) -> tuple[str, ...]:
    """The distinct words of the gold text that have a non-ASCII character: the evidence that
    tells one decoding from another."""
    words = {
        word.strip(_ASCII_PUNCTUATION)
        for segment in segments
        for word in _NON_ASCII_WORD.findall(_fold(segment))
    }
    return tuple(sorted(word for word in words if word and not word.isascii()))


def trafilatura_pages() -> Iterator[Page]:
    folder = SHARED / "trafilatura-eval"
    for entry in json.loads((folder / "evaldata.json").read_text()).values():
        path = folder / "html" / (entry["file"] + ".gz")
        segments = _non_ascii(entry.get("with") or [])
        if path.exists() and segments:
            yield Page(entry["file"], gzip.decompress(path.read_bytes()), segments)


def utomo_pages() -> Iterator[Page]:
    root = SHARED / "utomo-news-extraction-big9-chaos"
    for gold in sorted(root.glob("*/gold/*.txt")):
        stem = gold.stem
        candidates = list((gold.parent.parent / "html").glob(f"{glob_escape(stem)}.htm*.gz"))
        gold_bytes = gold.read_bytes()
        try:
            gold_text = gold_bytes.decode("utf-8")
        except UnicodeDecodeError:  # 291 of the 472 gold files were saved as windows-1252
            gold_text = gold_bytes.decode("cp1252", "replace")
        segments = _non_ascii([line for line in gold_text.splitlines() if line.strip()])
        if candidates and segments:
            yield Page(
                f"{gold.parent.parent.name}/{stem}", gzip.decompress(candidates[0].read_bytes()), segments
            )


def glob_escape(name: str) -> str:
    return re.sub(r"([\[\]*?])", r"[\1]", name)


def _tidings(body: bytes) -> str:
    from tidings.gather.decode import decode_document

    return decode_document(body, source="page", media_type_hint="text/html")


def _charset_normalizer(body: bytes) -> str:
    import charset_normalizer

    best = charset_normalizer.from_bytes(body).best()
    return str(best) if best is not None else body.decode("utf-8", "replace")


def _chardet(body: bytes) -> str:
    import chardet

    encoding = chardet.detect(body)["encoding"] or "utf-8"
    return body.decode(encoding, "replace")


def _unicode_dammit(body: bytes) -> str:
    from bs4 import UnicodeDammit

    return UnicodeDammit(body, is_html=True).unicode_markup or ""


def _trafilatura(body: bytes) -> str:
    from trafilatura.utils import decode_file

    return str(decode_file(body))


def _resiliparse(body: bytes) -> str:
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding

    return str(bytes_to_str(body, detect_encoding(body) or "utf-8"))


def _utf8(body: bytes) -> str:
    return body.decode("utf-8", "replace")


DECODERS: dict[str, Callable[[bytes], str]] = {
    "Tidings decode_document": _tidings,
    "charset-normalizer": _charset_normalizer,
    "chardet": _chardet,
    "bs4 UnicodeDammit": _unicode_dammit,
    "trafilatura decode_file": _trafilatura,
    "resiliparse": _resiliparse,
    "UTF-8, errors replaced": _utf8,
}


# A page is read right when this share of its gold non-ASCII words is in the decoded page; the
# rest is left for words the gold text spells differently from the page (typography, edits).
_ENOUGH_WORDS = 0.9


def bench_encodings() -> None:
    datasets = {
        "trafilatura-eval (dev)": list(trafilatura_pages()),
        "utomo big9+chaos (dev)": list(utomo_pages()),
    }
    for dataset, pages in datasets.items():
        non_utf8 = sum(1 for page in pages if not _valid_utf8(page.body))
        print(f"\n{dataset}: {len(pages)} pages with non-ASCII gold text, {non_utf8} of them not valid UTF-8")
        print("| decoder | pages read right | of non-UTF-8 pages | pages/s |")
        print("| --- | --- | --- | --- |")
        for name, decode in DECODERS.items():
            right = right_legacy = 0
            started = time.perf_counter()
            for page in pages:
                try:
                    text = _fold(decode(page.body))
                except Exception:  # a peer that fails on a page scores it as wrong
                    text = ""
                found = sum(1 for word in page.segments if word in text)
                ok = found >= _ENOUGH_WORDS * len(page.segments)
                right += ok
                right_legacy += ok and not _valid_utf8(page.body)
            elapsed = time.perf_counter() - started
            print(
                f"| {name} | {right / len(pages):.3f} ({right}) | {right_legacy}/{non_utf8} | "
                f"{len(pages) / elapsed:.0f} |"
            )


def _valid_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# -- re-encoded pages ---------------------------------------------------------------------------


def extraction_pages() -> Iterator[tuple[str, bytes]]:
    """The raw pages of the four extraction sets (their dev parts)."""
    for path in sorted((SHARED / "trafilatura-eval" / "html").glob("*.gz")):
        yield f"trafilatura/{path.name}", gzip.decompress(path.read_bytes())
    for path in sorted((SHARED / "utomo-news-extraction-big9-chaos").glob("*/html/*.gz")):
        yield f"utomo/{path.parent.parent.name}/{path.name}", gzip.decompress(path.read_bytes())
    for path in sorted((SHARED / "readability-test-pages" / "pages").glob("*/source.html.gz")):
        yield f"readability/{path.parent.name}", gzip.decompress(path.read_bytes())
    for path in sorted((SHARED / "article-extraction-benchmark" / "html").glob("*.gz")):
        yield f"zyte/{path.name[:16]}", gzip.decompress(path.read_bytes())


def gold_texts() -> Iterator[tuple[str, str]]:
    """The sets' gold texts, as plain text (no markup at all)."""
    for entry in json.loads((SHARED / "trafilatura-eval" / "evaldata.json").read_text()).values():
        text = "\n\n".join(entry.get("with") or [])
        if len(text) > 200:
            yield f"trafilatura-gold/{entry['file']}", text
    for gold in sorted((SHARED / "utomo-news-extraction-big9-chaos").glob("*/gold/*.txt")):
        data = gold.read_bytes()
        try:
            yield f"utomo-gold/{gold.stem}", data.decode("utf-8")
        except UnicodeDecodeError:
            yield f"utomo-gold/{gold.stem}", data.decode("cp1252", "replace")
    truth = json.loads((SHARED / "article-extraction-benchmark" / "ground-truth.json").read_text())
    for key, item in truth.items():
        if item.get("articleBody"):
            yield f"zyte-gold/{key[:16]}", item["articleBody"]


_DECLARATION = re.compile(r"<meta\b[^>]*charset[^>]*>", re.IGNORECASE)
_XML_ENCODING = re.compile(r"""(<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']""")
# The legacy encodings a page is written again in, by the script of most of its letters
# outside ASCII; for Latin, the one of these windows code pages that writes most of them.
_LATIN_CODE_PAGES = ("cp1252", "cp1250", "cp1257", "cp1254")
_LEGACY_ENCODINGS = {
    "cp1252": ("cp1252",),
    "cp1250": ("cp1250", "iso8859_2"),
    "cp1257": ("cp1257",),
    "cp1254": ("cp1254",),
    "cyrillic": ("cp1251", "koi8_r"),
    "greek": ("cp1253", "iso8859_7"),
    "arabic": ("cp1256",),
    "hebrew": ("cp1255",),
    "han": ("gbk", "big5"),
    "kana": ("shift_jis", "euc_jp"),
    "hangul": ("euc_kr",),
}
_SCRIPTS = (
    (0x250, "latin"), (0x370, None), (0x400, "greek"), (0x530, "cyrillic"), (0x590, None),
    (0x600, "hebrew"), (0x780, "arabic"), (0x1E00, None), (0x1F00, "latin"), (0x2000, "greek"),
    (0x3040, None), (0x3100, "kana"), (0x3400, None), (0xA000, "han"), (0xAC00, None),
    (0xD7B0, "hangul"),
)  # fmt: skip


def _script_of(char: str) -> str | None:
    """The script of a letter outside ASCII, by the end of its range."""
    for end, script in _SCRIPTS:
        if ord(char) < end:
            return script
    return None


def _legacy_family(text: str) -> str | None:
    letters = [char for char in text if not char.isascii() and char.isalpha()]
    if not letters:
        return "cp1252" if not text.isascii() else None
    counts: dict[str, int] = {}
    for char in letters:
        script = _script_of(char)
        if script is not None:
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return None
    script = max(counts, key=lambda name: counts[name])
    if counts.get("kana", 0) > 0.05 * len(letters):
        script = "kana"
    if script != "latin":
        return script if script in _LEGACY_ENCODINGS else None

    def writes(encoding: str) -> int:
        return sum(1 for char in letters if char.encode(encoding, "ignore"))

    return max(_LATIN_CODE_PAGES, key=writes)


@dataclass(frozen=True, slots=True)
class Variant:
    name: str
    kind: str
    body: bytes
    text: str | None  # None: random bytes, to be refused as binary data


def _written_in(text: str, encoding: str) -> Variant:
    body = text.encode(encoding, "xmlcharrefreplace")
    return Variant("", encoding, body, body.decode(encoding))


def reencoded_variants(pages: list[tuple[str, str]], golds: list[tuple[str, str]]) -> Iterator[Variant]:
    rng = random.Random(6)
    for name, page in pages:
        text = _XML_ENCODING.sub(r"\1", _DECLARATION.sub("", page, count=3), count=1)
        family = None if text.isascii() else _legacy_family(text)
        if family is None:
            continue
        head = re.search(r"<head[^>]*>", text, re.IGNORECASE)
        at = head.end() if head else 0
        declared = text[:at] + '<meta charset="utf-8">' + text[at:]
        for encoding in _LEGACY_ENCODINGS[family]:
            plain = _written_in(text, encoding)
            yield Variant(name, f"{encoding}/undeclared", plain.body, plain.text)
            if encoding in {"cp1250", "cp1251", "cp1252"}:
                mis = _written_in(declared, encoding)
                yield Variant(name, f"{encoding}/declared-utf-8", mis.body, mis.text)
        for encoding in ("utf-16-le", "utf-16-be"):
            yield Variant(name, f"{encoding}/page", text.encode(encoding), text)
        western = [
            i for i, char in enumerate(text) if not char.isascii() and char.isalpha() and _in_1252(char)
        ]
        if len(western) >= 12:
            for label, count in (("1", 1), ("3", 3), ("a third", len(western) // 3)):
                picked = set(rng.sample(western, count))
                body = b"".join(
                    char.encode("cp1252" if i in picked else "utf-8") for i, char in enumerate(text)
                )
                yield Variant(name, f"utf-8 with cp1252 letters/{label}", body, text)
    for name, text in golds:
        if text.isascii():
            continue
        for encoding in ("utf-16-le", "utf-16-be"):
            yield Variant(name, f"{encoding}/plain", text.encode(encoding), text)
    for size in (64, 100, 300, 1000, 4096, 20000, 100000):
        for index in range(6):
            yield Variant(f"random-{size}-{index}", "random bytes", rng.randbytes(size), None)


def _in_1252(char: str) -> bool:
    return bool(char.encode("cp1252", "ignore"))


def _outcome(decode: Callable[..., str], variant: Variant) -> str:
    from tidings.errors import Unreadable

    try:
        text = decode(variant.body, source=variant.name, media_type_hint=None)
    except Unreadable as refusal:
        if variant.text is None:
            return "refused" if "binary" in str(refusal) else "refused, not as binary"
        return "refused"
    if variant.text is None:
        return "read"
    return "right" if text == variant.text else "wrong"


def _load_decoder(path: Path) -> Callable[..., str]:
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("baseline_decode", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["baseline_decode"] = module
    spec.loader.exec_module(module)
    decode: Callable[..., str] = module.decode_document
    return decode


def bench_reencoded(baseline: Path | None) -> None:
    from tidings.errors import Unreadable
    from tidings.gather.decode import decode_document

    reference = _load_decoder(baseline) if baseline else decode_document
    pages: list[tuple[str, str]] = []
    raw = list(extraction_pages())
    for name, body in raw:
        with contextlib.suppress(Unreadable):
            pages.append((name, reference(body, source=name, media_type_hint="text/html")))
    variants = list(reencoded_variants(pages, list(gold_texts())))
    decoders = {"this tree": decode_document} | ({"baseline": reference} if baseline else {})
    print(f"\n{len(raw)} real pages, {len(variants)} variants")
    outcomes: dict[str, list[str]] = {}
    # CPU seconds by decoder and kind of variant (its encoding), the best of two rounds run in
    # alternating order, so that both decoders see the same load.
    seconds: dict[tuple[str, str], float] = {}
    for round_ in range(2):
        for label in list(decoders)[:: 1 if round_ == 0 else -1]:
            spent: dict[str, float] = {}
            results = []
            for variant in variants:
                started = time.process_time()
                results.append(_outcome(decoders[label], variant))
                group = variant.kind.split("/")[0]
                spent[group] = spent.get(group, 0.0) + time.process_time() - started
            outcomes[label] = results
            for group, value in spent.items():
                seconds[label, group] = min(seconds.get((label, group), value), value)
    groups = sorted({group for _, group in seconds})
    print("| CPU-s | " + " | ".join(decoders) + " |")
    print("| --- |" + " --- |" * len(decoders))
    for group in [*groups, "all"]:
        cells = []
        for label in decoders:
            total = sum(
                value for (name, kind), value in seconds.items() if name == label and group in {kind, "all"}
            )
            cells.append(f"{total:.2f}")
        print(f"| {group} | " + " | ".join(cells) + " |")
    kinds = sorted({variant.kind for variant in variants})
    print("| variant | " + " | ".join(decoders) + " |")
    print("| --- |" + " --- |" * len(decoders))
    for kind in kinds:
        cells = []
        for label in decoders:
            counts: dict[str, int] = {}
            for variant, outcome in zip(variants, outcomes[label], strict=True):
                if variant.kind == kind:
                    counts[outcome] = counts.get(outcome, 0) + 1
            cells.append(", ".join(f"{count} {outcome}" for outcome, count in sorted(counts.items())))
        print(f"| {kind} | " + " | ".join(cells) + " |")
    if baseline:
        moved = [
            (variant, before, after)
            for variant, before, after in zip(
                variants, outcomes["baseline"], outcomes["this tree"], strict=True
            )
            if before != after
        ]
        print(f"\n{len(moved)} variants moved; right before and not now:")
        for variant, before, after in moved:
            if before == "right":
                print(f"  {variant.name} {variant.kind}: {after}")
        same = sum(1 for name, body in raw if _same_reading(reference, decode_document, body, name))
        print(f"real pages read the same by both: {same} of {len(raw)}")


def _same_reading(first: Callable[..., str], second: Callable[..., str], body: bytes, name: str) -> bool:
    from tidings.errors import Unreadable

    readings = []
    for decode in (first, second):
        try:
            readings.append(decode(body, source=name, media_type_hint="text/html"))
        except Unreadable as refusal:
            readings.append(f"refused: {refusal}")
    return readings[0] == readings[1]


# -- feeds ---------------------------------------------------------------------------------------


def full_text_feed() -> bytes:
    pages = sorted((SHARED / "article-extraction-benchmark" / "html").glob("*.gz"))[:100]
    items = []
    for index, path in enumerate(pages):
        page = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        body = re.search(r"<body.*?>(.*)</body>", page, re.S | re.I)
        content = (body.group(1) if body else page)[:20_000].replace("]]>", "")
        items.append(
            f"<item><title>Item {index}</title><link>https://news.example/{index}</link><guid>g{index}</guid>"
            f"<pubDate>Mon, 23 Nov 2026 09:00:00 GMT</pubDate><description>Teaser {index}</description>"
            f"<content:encoded><![CDATA[{content}]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Full text</title>'
        "<link>https://news.example/</link>" + "".join(items) + "</channel></rss>"
    ).encode()


def _best_of(runs: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def bench_feeds() -> None:
    import feedparser

    from tidings.errors import InputError
    from tidings.gather.feeds import parse_feed

    def ours(body: bytes) -> None:
        with contextlib.suppress(InputError):
            parse_feed(body, locator="bench", feed_url=None, fetched_at=NOW)

    feed = full_text_feed()
    corpus = [path.read_bytes() for path in sorted(CORPUS.rglob("*")) if path.is_file()]
    readers: dict[str, Callable[[bytes], object]] = {
        "Tidings parse_feed (screening + feedparser, sanitizer off)": ours,
        "feedparser 6.0.14 defaults (sanitize + resolve on)": lambda body: feedparser.parse(io.BytesIO(body)),
        "feedparser, sanitize and resolve off": lambda body: feedparser.parse(
            io.BytesIO(body), sanitize_html=False, resolve_relative_uris=False
        ),
    }
    megabytes = len(feed) / 1e6
    feed_column = f"full-text feed ({megabytes:.1f} MB, 100 items)"
    print(f"\n| reader | {feed_column} | feedparser corpus ({len(corpus)} files) |")
    print("| --- | --- | --- |")
    for name, read in readers.items():
        feed_seconds = _best_of(3, lambda read=read: read(feed))  # type: ignore[misc]
        corpus_seconds = _best_of(1, lambda read=read: [read(body) for body in corpus])  # type: ignore[misc]
        speed = megabytes / feed_seconds
        print(f"| {name} | {feed_seconds:.2f} s ({speed:.1f} MB/s) | {corpus_seconds:.2f} s |")


# -- limits --------------------------------------------------------------------------------------


def bench_limits() -> None:
    from tidings.gather.markup import nesting_depth_exceeds

    pages = list((SHARED / "article-extraction-benchmark" / "html").glob("*.gz"))
    pages += list((SHARED / "trafilatura-eval" / "html").glob("*.gz"))
    depths = []
    for path in pages:
        text = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        low, high = 0, 4096  # the smallest limit the page does not exceed
        while low < high:
            middle = (low + high) // 2
            if nesting_depth_exceeds(text, middle):
                low = middle + 1
            else:
                high = middle
        depths.append(low)
    depths.sort()
    print(f"\nHTML nesting depth over {len(depths)} real pages (Zyte + trafilatura-eval dev):")
    median, top = depths[len(depths) // 2], depths[int(len(depths) * 0.99)]
    print(f"median {median}, 99th percentile {top}, max {depths[-1]}")

    import feedparser

    head = '<rss version="2.0"><channel><title>t &nbsp;</title><item><title>x</title><description>'
    tail = "</description></item></channel></rss>"
    print("\nfeedparser (sanitizer off) on 250 KB of one kind of hostile markup outside CDATA:")
    print("| markup | units | seconds | µs per unit |")
    print("| --- | --- | --- | --- |")
    for unit in ("<a", '<a b="', "</a>", "<b>x</b> ", "&", "&#", "&lt;a"):
        count = 250_000 // len(unit)
        body = (head + unit * count + tail).encode()
        seconds = _best_of(
            1,
            lambda body=body: feedparser.parse(  # type: ignore[misc]
                io.BytesIO(body), sanitize_html=False, resolve_relative_uris=False
            ),
        )
        print(f"| `{unit}` | {count:,} | {seconds:.2f} | {seconds / count * 1e6:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--part", choices=["encodings", "reencoded", "feeds", "limits", "all"], default="all")
    parser.add_argument("--baseline", type=Path, help="an older decode.py to compare (part reencoded)")
    arguments = parser.parse_args()
    part = arguments.part
    print(f"bench/gather.py, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    if part in {"encodings", "all"}:
        bench_encodings()
    if part in {"reencoded", "all"}:
        bench_reencoded(arguments.baseline)
    if part in {"feeds", "all"}:
        bench_feeds()
    if part in {"limits", "all"}:
        bench_limits()


if __name__ == "__main__":
    main()
