"""Benchmarks for the gather stage: character encodings, feed reading speed, and the limits.

    .venv/bin/python bench/gather.py [--part encodings|feeds|limits|all]

* **encodings**: real pages saved as raw bytes, decoded by Tidings' ``decode_document`` and,
  side by side, by charset-normalizer, chardet, BeautifulSoup's UnicodeDammit, trafilatura's
  ``decode_file``, resiliparse, and "UTF-8, replacing errors". A page counts as read right when
  90% of the distinct gold-text words that have a non-ASCII character are found in the decoded
  page (HTML entities resolved, white space folded); pages whose gold text is all ASCII tell
  encodings apart not at all and are left out. Data: the dev parts of ``trafilatura-eval`` (its "with"
  segments; multilingual, mostly German) and ``utomo-news-extraction-big9-chaos`` (gold lines).
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
    parser.add_argument("--part", choices=["encodings", "feeds", "limits", "all"], default="all")
    part = parser.parse_args().part
    print(f"bench/gather.py, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    if part in {"encodings", "all"}:
        bench_encodings()
    if part in {"feeds", "all"}:
        bench_feeds()
    if part in {"limits", "all"}:
        bench_limits()


if __name__ == "__main__":
    main()
