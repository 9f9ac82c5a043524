"""Extraction benchmark: Tidings and its peers side by side, in one run, on the same pages.

Data sets (from ``../shared/data``, the dev part we hold; about 30% of each is held back):
- ``article-extraction-benchmark`` (Zyte): precision/recall/F1 by the benchmark's own metric:
  tokens = regex ``\\w+``, 4-gram shingles of the gold and predicted body multiset-matched per
  page, each page's TP/FP/FN normalised to sum to 1, precision and recall averaged over pages,
  F1 = harmonic mean of the two averages. ``--check-metric`` reproduces the upstream figures
  from ``reference-outputs/``.
- ``trafilatura-eval``: the with/without segment metric (a "with" segment found is a TP, a
  "without" segment found is an FP), over all segments.
- ``utomo-news-extraction-big9-chaos``: the same shingle metric against the human gold body.
- ``--metadata``: title, byline, site name, date, language and "is it an article" against the
  expected metadata of Mozilla Readability's test pages (``readability-test-pages``).
- ``--plain-text``: the benchmark pages rendered to text *with their chrome* by inscriptis, fed to
  Tidings' plain-text classifier, scored against the gold body (no peer reads plain text).

Speed is pages per CPU second (``time.process_time``) on one core, parsing included, for each
system in turn, the median of three passes, each over new string objects (as every page a user
gives is a new string): on a shared machine wall time depends on the neighbours, CPU time much less.
``--speed-rounds N`` measures speed alone, alternating: N rounds over the Zyte dev pages, each
round one pass of every chosen system in a rotating order, so that a change in the host's pace
during the run falls on every system alike; it prints each system's pages per CPU second by
round, and Tidings' speed as a share of the fastest other system's, round by round.

    .venv/bin/python bench/extraction.py [--check-metric] [--sets zyte,trafilatura,utomo] [--plain-text]
        [--metadata] [--systems tidings,trafilatura,...] [--speed-rounds N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from tidings.errors import InputError
from tidings.extract import extract
from tidings.extract.blocks import render_text
from tidings.extract.chrome import remove_chrome
from tidings.extract.main_content import find_main_content
from tidings.model import Article, MediaType, Provenance, RawDocument

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
ZYTE = DATA / "article-extraction-benchmark"
TRAFILATURA_EVAL = DATA / "trafilatura-eval"
UTOMO = DATA / "utomo-news-extraction-big9-chaos"
READABILITY_PAGES = DATA / "readability-test-pages" / "pages"

Extractor = Callable[[str, str | None], str]
_TOKENS = re.compile(r"\w+")
_WARM_UP_PAGES = 10
# Speed is the median of this many passes over a set, each on new string objects (``_fresh``).
# Resiliparse's first pass over the Zyte dev pages had run at 760 pages per CPU second and the next
# three at 850-880 (2026-12-04): those were reading strings whose UTF-8 form its first pass had
# left cached in them; given new strings, every pass runs at its first pass's pace (2026-12-06).
_TIMED_PASSES = 3


# -- the benchmark's metric ------------------------------------------------------------------


def _shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKENS.findall(text or "")
    return Counter(
        tuple(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1)) if tokens[i : i + size]
    )


def page_tp_fp_fn(gold: str, predicted: str) -> tuple[float, float, float]:
    """One page's TP/FP/FN over 4-gram shingles, normalised so that each page weighs the same."""
    gold_shingles, predicted_shingles = _shingles(gold), _shingles(predicted)
    tp = sum((gold_shingles & predicted_shingles).values())
    fp = sum((predicted_shingles - gold_shingles).values())
    fn = sum((gold_shingles - predicted_shingles).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def shingle_score(pages: list[tuple[float, float, float]]) -> Score:
    precision = statistics.mean(_precision(*page) for page in pages if page[0] + page[1] > 0)
    recall = statistics.mean(_recall(*page) for page in pages if page[0] + page[2] > 0)
    return Score(precision, recall)


# -- systems -----------------------------------------------------------------------------------


def _tidings(
    body: str,
    url: str | None,
    media_type: MediaType,
    *,
    with_title: bool = False,
    with_standfirst: bool = False,
) -> str:
    raw = RawDocument(
        provenance=Provenance("url" if url else "file", url or "page"),
        body=body,
        media_type=media_type,
        url=url,
        fetched_at=datetime(2026, 11, 23, tzinfo=UTC),
    )
    try:
        article = extract(raw)
    except InputError:  # a page Tidings refuses scores as an empty body
        return ""
    standfirst = article.standfirst if with_standfirst else None
    parts = (article.title if with_title else None, standfirst, article.text)
    return "\n\n".join(part for part in parts if part)


def _tidings_html(markup: str, url: str | None) -> str:
    return _tidings(markup, url, "text/html")


def _tidings_body(markup: str, url: str | None) -> str:
    """Tidings' body alone, the work Resiliparse's extractor does: parse, main content, chrome pass,
    text. No guards, metadata, headline/byline lines, display HTML or language: a second speed
    figure beside the end-to-end one, which stays the one the goal is judged on."""
    return render_text(remove_chrome(find_main_content(LexborHTMLParser(markup))))


def _tidings_html_with_title(markup: str, url: str | None) -> str:
    """Title and text: for gold that counts the headline (trafilatura-eval, Big9+Chaos), as the
    peers' outputs do when the headline stands in the page body."""
    return _tidings(markup, url, "text/html", with_title=True)


def _tidings_plain(text: str, url: str | None) -> str:
    return _tidings(text, None, "text/plain")


def _tidings_plain_with_title(text: str, url: str | None) -> str:
    return _tidings(text, None, "text/plain", with_title=True)


def _trafilatura(markup: str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(markup, include_comments=False) or ""


def _trafilatura_precision(markup: str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(markup, include_comments=False, favor_precision=True) or ""


def _readability(markup: str, url: str | None) -> str:
    import html_text
    from readability import Document

    return str(html_text.extract_text(Document(markup).summary(html_partial=True)))


def _newspaper(markup: str, url: str | None) -> str:
    import newspaper

    # fetch_images=False: newspaper4k otherwise downloads images to size the top image.
    article = newspaper.Article(url or "https://example.com/", fetch_images=False)
    article.download(input_html=markup)
    try:
        article.parse()
    except ImportError:  # a language whose tokenizer is an uninstalled extra (ja, zh, th …)
        return ""
    return str(article.text)


def _justext(markup: str, url: str | None) -> str:
    import justext

    # The upstream benchmark's settings (English stop list, its length thresholds).
    paragraphs = justext.justext(markup, justext.get_stoplist("English"), 50, 200, 0.1, 0.2, 0.2, 200, True)
    return "\n".join(paragraph.text for paragraph in paragraphs if not paragraph.is_boilerplate)


def _resiliparse(markup: str, url: str | None) -> str:
    from resiliparse.extract.html2text import extract_plain_text

    return str(extract_plain_text(markup, main_content=True))


SYSTEMS: dict[str, Extractor] = {
    "tidings": _tidings_html,
    "tidings (body only)": _tidings_body,
    "trafilatura": _trafilatura,
    "trafilatura (favor_precision)": _trafilatura_precision,
    "readability-lxml": _readability,
    "newspaper4k": _newspaper,
    "justext": _justext,
    "resiliparse": _resiliparse,
}


def _fresh(text: str) -> str:
    """An equal string that is a new object. CPython keeps a string's UTF-8 form once C code has
    asked for it (as Cython does to hand a ``str`` to a C parser), and ``str.encode`` then only
    copies it: a system given the same string objects pass after pass parses them without encoding
    them from its second pass on, which no page a user gives it allows. Resiliparse read the Zyte
    dev pages at 1.33 ms a page given new strings each pass and at 1.08 given the same ones again
    (its first pass, 1.39, had been taken for a warm-up), while Tidings, which encodes the page
    itself, took the same time either way (2026-12-06)."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass")


def _pass(system: Extractor, pages: list[tuple[str, str, str | None]]) -> tuple[dict[str, str], float]:
    """Each page's output and the pages per CPU second of one pass over new strings (``_fresh``),
    made before the clock starts."""
    fresh = [(key, _fresh(markup), url) for key, markup, url in pages]
    started = time.process_time()
    outputs = {key: system(markup, url) for key, markup, url in fresh}
    return outputs, len(pages) / (time.process_time() - started)


def _warm_up(system: Extractor, pages: list[tuple[str, str, str | None]]) -> None:
    """Run the first pages once, so that models loaded on first use (py3langid in Tidings, NLTK
    data in newspaper4k) are loaded before any clock starts."""
    for _, markup, url in pages[:_WARM_UP_PAGES]:
        system(_fresh(markup), url)


def _run(system: Extractor, pages: list[tuple[str, str, str | None]]) -> tuple[dict[str, str], float]:
    """Each page's output and the pages per second: the median of ``_TIMED_PASSES`` passes over the
    pages, each pass on new string objects (``_fresh``), made before its clock starts. The first
    pages are run once before timing (``_warm_up``)."""
    _warm_up(system, pages)
    # CPU time of this process, not wall time: the reference machine is shared, and other work on
    # it stretches wall time by a factor that changes from minute to minute. Every system measured
    # here runs on one thread, so CPU seconds are the seconds a quiet core would take.
    outputs: dict[str, str] = {}
    speeds = []
    for _ in range(_TIMED_PASSES):
        outputs, speed = _pass(system, pages)
        speeds.append(speed)
    return outputs, statistics.median(speeds)


# -- data sets ---------------------------------------------------------------------------------


def _zyte_pages() -> tuple[list[tuple[str, str, str | None]], dict[str, str]]:
    truth = json.loads((ZYTE / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key, item in sorted(truth.items()):
        with gzip.open(ZYTE / "html" / f"{key}.html.gz", "rt", encoding="utf-8") as handle:
            pages.append((key, handle.read(), item.get("url")))
    return pages, {key: item.get("articleBody", "") for key, item in truth.items()}


def _decode(raw: bytes) -> str:
    from charset_normalizer import from_bytes

    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(raw).best()
        return str(best) if best is not None else raw.decode("utf-8", errors="replace")


def _trafilatura_eval_pages() -> tuple[list[tuple[str, str, str | None]], dict[str, dict[str, list[str]]]]:
    evaldata = json.loads((TRAFILATURA_EVAL / "evaldata.json").read_text(encoding="utf-8"))
    pages, segments = [], {}
    for url, item in sorted(evaldata.items()):
        path = TRAFILATURA_EVAL / "html" / f"{item['file']}.gz"
        if not path.exists():
            continue
        pages.append((url, _decode(gzip.decompress(path.read_bytes())), url))
        segments[url] = {"with": item.get("with") or [], "without": item.get("without") or []}
    return pages, segments


def _utomo_pages() -> tuple[list[tuple[str, str, str | None]], dict[str, str]]:
    pages, gold = [], {}
    for gold_path in sorted(UTOMO.glob("*/gold/*.txt")):
        html_dir = gold_path.parent.parent / "html"
        candidates = [html_dir / f"{gold_path.stem}.htm.gz", html_dir / f"{gold_path.stem}.html.gz"]
        found = next((path for path in candidates if path.exists()), None)
        if found is None:
            continue
        key = f"{gold_path.parent.parent.name}/{gold_path.stem}"
        pages.append((key, _decode(gzip.decompress(found.read_bytes())), None))
        gold[key] = gold_path.read_text(encoding="utf-8", errors="replace")
    return pages, gold


def _normalise_segment(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def segment_score(outputs: dict[str, str], segments: dict[str, dict[str, list[str]]]) -> Score:
    tp = fp = fn = 0
    for key, expected in segments.items():
        output = _normalise_segment(outputs.get(key, ""))
        for segment in expected["with"]:
            if _normalise_segment(segment) in output:
                tp += 1
            else:
                fn += 1
        fp += sum(1 for segment in expected["without"] if _normalise_segment(segment) in output)
    return Score(tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)


# -- reports -----------------------------------------------------------------------------------


def _print_table(title: str, rows: Iterator[tuple[str, Score, float | None]]) -> None:
    print(f"\n### {title}\n")
    print("| system | precision | recall | F1 | pages/s |")
    print("| --- | --- | --- | --- | --- |")
    for name, score, speed in rows:
        rate = f"{speed:.1f}" if speed is not None else "n/a"
        print(f"| {name} | {score.precision:.3f} | {score.recall:.3f} | **{score.f1:.3f}** | {rate} |")


def check_metric() -> None:
    """Score the upstream reference outputs with our metric (they should match upstream's table)."""
    _, gold = _zyte_pages()

    def rows() -> Iterator[tuple[str, Score, float | None]]:
        for path in sorted((ZYTE / "reference-outputs").glob("*.json.gz")):
            loaded = json.loads(gzip.decompress(path.read_bytes()))
            predictions = loaded.get("output", loaded) if isinstance(loaded, dict) else loaded
            pages = [
                page_tp_fp_fn(gold[key], (predictions.get(key) or {}).get("articleBody") or "")
                for key in gold
            ]
            yield path.name.removesuffix(".json.gz"), shingle_score(pages), None

    _print_table("Reference outputs, our metric (dev part)", rows())


def bench_zyte(systems: dict[str, Extractor]) -> None:
    pages, gold = _zyte_pages()

    def rows() -> Iterator[tuple[str, Score, float | None]]:
        for name, system in systems.items():
            outputs, speed = _run(system, pages)
            yield name, shingle_score([page_tp_fp_fn(gold[key], outputs[key]) for key in gold]), speed

    _print_table(f"article-extraction-benchmark, dev part ({len(pages)} pages)", rows())


def alternated_speeds(
    systems: dict[str, Extractor], pages: list[tuple[str, str, str | None]], rounds: int
) -> dict[str, list[float]]:
    """Each system's pages per CPU second in each of ``rounds`` rounds, a round being one pass of
    every system over ``pages``, started each round by the next system in turn."""
    for system in systems.values():
        _warm_up(system, pages)
    names = list(systems)
    speeds: dict[str, list[float]] = {name: [] for name in names}
    for round_number in range(rounds):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            speeds[name].append(_pass(systems[name], pages)[1])
    return speeds


def bench_speed(systems: dict[str, Extractor], rounds: int) -> None:
    """Speed alone, the systems alternated (``alternated_speeds``) over the Zyte dev pages."""
    pages, _ = _zyte_pages()
    speeds = alternated_speeds(systems, pages, rounds)
    print(f"\n### Speed, alternated: {rounds} rounds over the Zyte dev pages ({len(pages)} pages)\n")
    print("| system | pages per CPU second by round | median |")
    print("| --- | --- | --- |")
    for name, by_round in speeds.items():
        rates = " ".join(f"{speed:.1f}" for speed in by_round)
        print(f"| {name} | {rates} | **{statistics.median(by_round):.1f}** |")
    others = {name: by_round for name, by_round in speeds.items() if not name.startswith("tidings")}
    if "tidings" not in speeds or not others:
        return
    fastest = max(others, key=lambda name: statistics.median(others[name]))
    shares = [ours / theirs for ours, theirs in zip(speeds["tidings"], others[fastest], strict=True)]
    print(
        f"\nTidings as a share of {fastest}'s speed, by round: "
        + " ".join(f"{share:.2f}" for share in shares)
        + f"; median **{statistics.median(shares):.2f}** (goal: at least 0.5)"
    )


def _with_headline(systems: dict[str, Extractor]) -> dict[str, Extractor]:
    """The systems with Tidings scored on its title and text (the gold counts the headline)."""
    return {
        name: _tidings_html_with_title if name == "tidings" else system for name, system in systems.items()
    }


def _tidings_html_with_title_and_standfirst(markup: str, url: str | None) -> str:
    """Title, standfirst and text: trafilatura-eval's gold counts the dek where the page prints it,
    and Tidings gives the dek apart from the text (``Article.standfirst``)."""
    return _tidings(markup, url, "text/html", with_title=True, with_standfirst=True)


def bench_trafilatura_eval(systems: dict[str, Extractor]) -> None:
    pages, segments = _trafilatura_eval_pages()
    systems = _with_headline(systems)
    if "tidings" in systems:
        systems["tidings (title, standfirst, text)"] = _tidings_html_with_title_and_standfirst

    def rows() -> Iterator[tuple[str, Score, float | None]]:
        for name, system in systems.items():
            outputs, speed = _run(system, pages)
            yield name, segment_score(outputs, segments), speed

    _print_table(f"trafilatura-eval, dev part ({len(pages)} pages, segment metric)", rows())


def bench_utomo(systems: dict[str, Extractor]) -> None:
    pages, gold = _utomo_pages()
    systems = _with_headline(systems)

    def rows() -> Iterator[tuple[str, Score, float | None]]:
        for name, system in systems.items():
            outputs, speed = _run(system, pages)
            yield name, shingle_score([page_tp_fp_fn(gold[key], outputs[key]) for key in gold]), speed

    _print_table(f"utomo Big9+Chaos, dev part ({len(pages)} pages, shingle metric on headline+body)", rows())


def render_with_chrome(markup: str) -> str:
    """A page as a reader's "save as text" would give it: all visible text, chrome included."""
    from inscriptis import get_text
    from inscriptis.css_profiles import CSS_PROFILES
    from inscriptis.model.config import ParserConfig

    return str(get_text(markup, ParserConfig(css=CSS_PROFILES["strict"], display_links=False)))


def bench_plain_text(chosen: set[str]) -> None:
    """Tidings' plain-text classifier on pages rendered with their chrome, against the gold bodies.
    Its scores were tuned on the Zyte renderings; Big9+Chaos is a second, untuned check."""
    sets: list[tuple[str, Callable[[], tuple[list[tuple[str, str, str | None]], dict[str, str]]], bool]] = [
        ("article-extraction-benchmark", _zyte_pages, False),
        ("utomo Big9+Chaos (headline + body)", _utomo_pages, True),
    ]
    for label, load, with_title in sets:
        if ("zyte" if not with_title else "utomo") not in chosen:
            continue
        pages, gold = load()
        rendered = [(key, render_with_chrome(markup), url) for key, markup, url in pages]
        plain = _tidings_plain_with_title if with_title else _tidings_plain

        def rows(
            rendered: list[tuple[str, str, str | None]] = rendered,
            gold: dict[str, str] = gold,
            plain: Extractor = plain,
        ) -> Iterator[tuple[str, Score, float | None]]:
            outputs, speed = _run(plain, rendered)
            yield (
                "tidings (plain-text classifier)",
                shingle_score([page_tp_fp_fn(gold[key], outputs[key]) for key in gold]),
                speed,
            )
            everything = {key: text for key, text, _ in rendered}
            yield (
                "whole rendered text (no extraction)",
                shingle_score([page_tp_fp_fn(gold[key], everything[key]) for key in gold]),
                None,
            )

        _print_table(f"{label} pages as plain text with chrome ({len(pages)} pages)", rows())


def _name_words(text: str | None) -> str:
    return re.sub(r"\W+", " ", text or "").strip().casefold()


def _same_or_within(found: str | None, expected: str) -> bool:
    """``found`` names the same thing as ``expected``: equal words, or all of one within the other
    (Readability's expected bylines keep "By" and dates; its titles keep site suffixes)."""
    found_words, expected_words = _name_words(found), _name_words(expected)
    if not found_words or not expected_words:
        return False
    return found_words in expected_words or expected_words in found_words


def _metadata_matches(article: Article, expected: dict[str, Any]) -> dict[str, bool | None]:
    """For each field the page's expected metadata states, whether Tidings found the same."""
    from tidings.extract.metadata import parse_datetime

    published = parse_datetime(expected.get("publishedTime") or "")
    stated: dict[str, bool | None] = {
        "title": _same_or_within(article.title, expected["title"]) if expected.get("title") else None,
        "byline": _same_or_within(article.byline, expected["byline"]) if expected.get("byline") else None,
        "site name": _name_words(article.outlet.name) == _name_words(expected["siteName"])
        if expected.get("siteName")
        else None,
        "language": article.language == expected["lang"][:2].lower() if expected.get("lang") else None,
        "published date": bool(article.published_at and article.published_at.date() == published.date())
        if published
        else None,
    }
    return stated


def bench_metadata() -> None:
    """Tidings' metadata against the expected metadata of Mozilla Readability's test pages."""
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for page in sorted(READABILITY_PAGES.iterdir()):
        expected = json.loads((page / "expected-metadata.json").read_text(encoding="utf-8"))
        markup = gzip.decompress((page / "source.html.gz").read_bytes()).decode("utf-8", errors="replace")
        raw = RawDocument(
            provenance=Provenance("file", page.name),
            body=markup,
            media_type="text/html",
            url="http://fakehost/test/page.html",
            fetched_at=datetime(2026, 11, 23, tzinfo=UTC),
        )
        try:
            article = extract(raw)
        except InputError:
            article = None
        totals["readerable"] += 1
        hits["readerable"] += (article is not None) == bool(expected.get("readerable"))
        if article is None:
            continue
        for field, matched in _metadata_matches(article, expected).items():
            if matched is not None:
                totals[field] += 1
                hits[field] += matched
    print(f"\n### Metadata on Mozilla Readability's test pages ({totals['readerable']} pages, dev part)\n")
    print("| field | pages that state it | Tidings right | share |")
    print("| --- | --- | --- | --- |")
    for field in ("title", "byline", "site name", "published date", "language", "readerable"):
        print(f"| {field} | {totals[field]} | {hits[field]} | {hits[field] / totals[field]:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check-metric", action="store_true", help="score the upstream reference outputs")
    parser.add_argument("--sets", default="zyte", help="comma-separated: zyte, trafilatura, utomo")
    parser.add_argument(
        "--systems", default=",".join(SYSTEMS), help='comma-separated system names ("" for none)'
    )
    parser.add_argument("--plain-text", action="store_true", help="also run the plain-text benchmark")
    parser.add_argument("--metadata", action="store_true", help="also check metadata on Readability's pages")
    parser.add_argument(
        "--speed-rounds",
        type=int,
        default=0,
        metavar="N",
        help="measure speed alone: the systems alternated over the Zyte dev pages, N rounds",
    )
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    systems = {name: SYSTEMS[name] for name in args.systems.split(",") if name}
    print(f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    if args.check_metric:
        check_metric()
    chosen = {name.strip() for name in args.sets.split(",") if name.strip()}
    if "zyte" in chosen and systems:
        bench_zyte(systems)
    if "trafilatura" in chosen and systems:
        bench_trafilatura_eval(systems)
    if "utomo" in chosen and systems:
        bench_utomo(systems)
    if args.plain_text:
        bench_plain_text(chosen)
    if args.metadata:
        bench_metadata()
    if args.speed_rounds > 0 and systems:
        bench_speed(systems, args.speed_rounds)


if __name__ == "__main__":
    main()
