"""Page metadata read over lxml (today's path) and over Lexbor (the fast path), page by page.

For each dev page of the Zyte benchmark, Big9+Chaos and Readability's test pages: the fields the
extractor takes from a page's markup (title, byline, published_at, the outlet's inputs, canonical
link, language), read by ``read_page_metadata`` + htmldate + trafilatura's author XPaths on an lxml
tree, and by ``read_page_metadata_lexbor`` + ``find_published_date_lexbor`` + ``find_byline_lexbor``
on a Lexbor tree; the differences, and the CPU milliseconds per page of each (parse and metadata).

    .venv/bin/python bench/metadata_trees.py [--show]
"""

from __future__ import annotations

import argparse
import gzip
import re
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Any

import htmldate
import trafilatura
from extraction import READABILITY_PAGES, _utomo_pages, _zyte_pages
from selectolax.lexbor import LexborHTMLParser
from trafilatura import metadata as trafilatura_metadata

from tidings.extract.metadata import (
    PageMetadata,
    clean_byline,
    find_byline_lexbor,
    find_published_date_lexbor,
    parse_datetime,
    read_page_metadata,
    read_page_metadata_lexbor,
)

Page = tuple[str, str, str | None]
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
Fields = dict[str, Any]


def _readability_pages() -> list[Page]:
    return [
        (
            page.name,
            gzip.decompress((page / "source.html.gz").read_bytes()).decode("utf-8", errors="replace"),
            "http://fakehost/test/page.html",
        )
        for page in sorted(READABILITY_PAGES.iterdir())
    ]


def _fields(metadata: PageMetadata, published_at: datetime | None, byline: str | None) -> Fields:
    return {
        "title": metadata.title or metadata.html_title,
        "byline": byline,
        "published_at": published_at,
        "published day": published_at.date() if published_at else None,
        "outlet inputs": (metadata.site_name, metadata.html_title),
        "canonical": metadata.canonical_url,
        "language": metadata.language,
        "page types": metadata.page_types,
    }


def _lxml_parse(markup: str) -> Any:
    return trafilatura.load_html(_XML_DECLARATION.sub("", markup, count=1))


def lxml_fields(markup: str, url: str | None) -> Fields:
    """The lxml path as pages.py read it until the Lexbor path (2026-12-04): trafilatura's lxml
    parse, ``read_page_metadata``, htmldate on that tree, trafilatura's author XPaths."""
    tree = _lxml_parse(markup)
    metadata = read_page_metadata(tree)
    published_at = metadata.published_at
    if published_at is None:
        found = htmldate.find_date(
            tree, url=url, original_date=True, extensive_search=False, outputformat="%Y-%m-%d %H:%M:%S"
        )
        published_at = parse_datetime(found) if isinstance(found, str) else None
    byline = clean_byline(metadata.byline) or clean_byline(trafilatura_metadata.extract_author(tree))
    return _fields(metadata, published_at, byline)


def lexbor_fields(markup: str, url: str | None) -> Fields:
    tree = LexborHTMLParser(markup)
    metadata = read_page_metadata_lexbor(tree)
    published_at = metadata.published_at or find_published_date_lexbor(tree, url, markup)
    byline = clean_byline(metadata.byline) or find_byline_lexbor(tree)
    return _fields(metadata, published_at, byline)


def _timed(read: Callable[[str, str | None], Fields], pages_: list[Page]) -> tuple[list[Fields], float]:
    for _, markup, url in pages_[:10]:
        read(markup, url)  # warm-up: caches, lazily imported modules
    started = time.process_time()
    results = [read(markup, url) for _, markup, url in pages_]
    return results, (time.process_time() - started) / len(pages_) * 1000


def _parse_ms(parse: Callable[[str], object], pages_: list[Page]) -> float:
    started = time.process_time()
    for _, markup, _url in pages_:
        parse(markup)
    return (time.process_time() - started) / len(pages_) * 1000


def _date_fallbacks(pages_: list[Page]) -> tuple[int, int]:
    """How many pages state no date, and on how many of them the Lexbor path still runs htmldate
    (counted by wrapping ``htmldate.find_date`` while the Lexbor path runs)."""
    calls = Counter[str]()
    find_date = htmldate.find_date

    def counted(*args: Any, **kwargs: Any) -> str | None:
        calls["htmldate"] += 1
        return find_date(*args, **kwargs)

    htmldate.find_date = counted
    try:
        no_date = 0
        for _, markup, url in pages_:
            tree = LexborHTMLParser(markup)
            if read_page_metadata_lexbor(tree).published_at is None:
                no_date += 1
                find_published_date_lexbor(tree, url, markup)
    finally:
        htmldate.find_date = find_date
    return no_date, calls["htmldate"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--show", action="store_true", help="print each difference")
    args = parser.parse_args()
    sets = {
        "Zyte dev": _zyte_pages()[0],
        "Big9+Chaos dev": _utomo_pages()[0],
        "Readability dev": _readability_pages(),
    }
    columns = ("set", "pages", "field differences", "no metadata date", "htmldate still needed")
    columns += ("lxml ms/page", "Lexbor ms/page")
    print("| " + " | ".join(columns) + " |")
    print("| --- " * len(columns) + "|")
    for name, pages_ in sets.items():
        old, old_ms = _timed(lxml_fields, pages_)
        new, new_ms = _timed(lexbor_fields, pages_)
        lxml_parse = _parse_ms(_lxml_parse, pages_)
        lexbor_parse = _parse_ms(LexborHTMLParser, pages_)
        differences: Counter[str] = Counter()
        for (key, _, _), before, after in zip(pages_, old, new, strict=True):
            for field, value in before.items():
                if after[field] != value:
                    differences[field] += 1
                    if args.show:
                        print(f"  {name} {key} {field}: {value!r} | {after[field]!r}")
        no_date, htmldate_needed = _date_fallbacks(pages_)
        summary = ", ".join(f"{field} {count}" for field, count in sorted(differences.items())) or "none"
        print(
            f"| {name} | {len(pages_)} | {summary} | {no_date} | {htmldate_needed} "
            f"| {old_ms:.2f} (parse {lxml_parse:.2f}) | {new_ms:.2f} (parse {lexbor_parse:.2f}) |"
        )


if __name__ == "__main__":
    main()
