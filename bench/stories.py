"""Benchmark of copies and event clustering:
`python bench/stories.py [clustering|copies|cost N...|cost-torch N...|onnx|boilerplate|search-results]`.

Reads the labelled sets in ../shared/data (never shipped, never read by tests):

* clustering, full text: Multi-News. Thresholds are tuned on the validation sample and reported
  on the test sample (the two samples' clusters are disjoint events). Multi-News has no dates:
  every article gets the same time, so order is the file's and the time window plays no part.
* clustering, headlines: the UCI News Aggregator subset in time order, every headline given the
  same time (its timestamps put each story's headlines within a minute, stories hours apart: a
  giveaway to any system that weighs time). Stories are split by a hash of their STORY id:
  even → tuning half, odd → report half.
* Tidings' default is also run without the end-of-batch merge of close headline stories
  (``end_merge_threshold=None``), as it was before the evening of 2026-12-06, and without that
  and settling (``settle_after=None``: no re-check of stories of one article), as it was before
  2026-12-06, each with its threshold tuned alike.
* peers, run in the same process on the same data: a single-pass TF-IDF centroid clusterer
  (threshold tuned on the tuning half), HDBSCAN over MiniLM vectors (min_cluster_size tuned), and
  NewsBlur's rule (a story joins an earlier one when ≥ 60% of title words overlap).
* copies: pairs built from what exists (see ``copy_pairs``), precision and recall.
* cost: articles/s through ``tidings.stories.cluster_items`` (what `tidings cluster` runs) on
  streams resampled from the real articles with shifted dates, peak memory, and time per article
  by position in the stream (``cost-torch``: the same with MiniLM on torch, not ONNX Runtime).
* onnx: MiniLM on ONNX Runtime against torch on UCI headlines: load cost, headlines per
  CPU-second batched and one at a time, and the cosine between the two runtimes' vectors.
* search-results: Utomo & Leu's news-search clustering set (11 queries × 50 Google results, title
  and meta description, dated; three annotators' groupings), in the regime most feeds are in (a
  headline and a teaser). Tidings' thresholds were tuned elsewhere; only its recency was chosen
  here, on the even-hash queries, as the peers' thresholds are; the odd ones are reported.
* boilerplate: what the non-article "documents" of Multi-News (one text in clusters of different
  events) cost Tidings and the TF-IDF peer, by an oracle that uses the labels: each system as
  is, and with those documents taken out of its input (each then counted as a story of its own).
"""

from __future__ import annotations

import hashlib
import json
import lzma
import random
import re
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tidings.cli.batch import parse_published_at  # noqa: E402
from tidings.cluster import ClusterPolicy  # noqa: E402
from tidings.cluster.embed import Embedder, HybridEmbedder, MiniLMEmbedder, StaticEmbedder  # noqa: E402
from tidings.cluster.features import dense_text  # noqa: E402
from tidings.config import load_settings  # noqa: E402
from tidings.dedupe import CopyBook, find_copy, subject_of  # noqa: E402
from tidings.model import Article, Outlet, Provenance  # noqa: E402
from tidings.sample import read_uci_rows  # noqa: E402
from tidings.stories import StoryItem, StoryRun, cluster_items  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
BASE = datetime(2020, 1, 1, tzinfo=UTC)

Labelled = tuple[list[StoryItem], dict[int, str]]
# Where the application keeps its exported ONNX graph; the bench shares it.
MODEL_CACHE = load_settings().data_dir / "models"


# -- data ---------------------------------------------------------------------------------------


def multinews(split: str) -> Labelled:
    items, gold = [], {}
    path = DATA / "multi-news-sample" / f"{split}.sample250.jsonl.xz"
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            for document in record["documents"]:
                key = len(items)
                text = document.strip()
                items.append(
                    StoryItem(key=key, title="", text=text, outlet=f"outlet-{key}", published_at=BASE)
                )
                gold[key] = record["id"]
    return items, gold


def uci(half: int | None) -> Labelled:
    path = DATA / "uci-news-aggregator-subset" / "newsCorpora.first6365.tsv"
    rows = read_uci_rows(path.read_text(encoding="utf-8"))
    rows.sort(key=lambda row: int(row["TIMESTAMP"]))
    items, gold = [], {}
    for row in rows:
        story_hash = int(hashlib.sha256(row["STORY"].encode()).hexdigest(), 16) % 2
        if half is not None and story_hash != half:
            continue
        key = len(items)
        items.append(
            StoryItem(
                key=key,
                title=row["TITLE"],
                text="",
                outlet=row["PUBLISHER"],
                url=row["URL"],
                # One time for all, order kept: the data set stamps each story's headlines
                # within a minute of each other, stories hours apart, which a system that
                # weighs time (Tidings' recency) would read as the answer.
                published_at=BASE,
            )
        )
        gold[key] = row["STORY"]
    return items, gold


# -- metrics ------------------------------------------------------------------------------------


def scores(predicted: dict[int, int], gold: dict[int, str]) -> dict[str, float]:
    """B-cubed precision, recall, F1 and pairwise F1."""
    by_predicted: dict[int, set[int]] = defaultdict(set)
    by_gold: dict[str, set[int]] = defaultdict(set)
    for key, label in predicted.items():
        by_predicted[label].add(key)
    for key, label in gold.items():
        by_gold[label].add(key)
    precision = recall = 0.0
    for key in gold:
        shared = len(by_predicted[predicted[key]] & by_gold[gold[key]])
        precision += shared / len(by_predicted[predicted[key]])
        recall += shared / len(by_gold[gold[key]])
    precision, recall = precision / len(gold), recall / len(gold)
    true_pairs = sum(len(members) * (len(members) - 1) // 2 for members in by_gold.values())
    found_pairs = sum(len(members) * (len(members) - 1) // 2 for members in by_predicted.values())
    both = 0
    for members in by_predicted.values():
        counts: dict[str, int] = defaultdict(int)
        for key in members:
            counts[gold[key]] += 1
        both += sum(count * (count - 1) // 2 for count in counts.values())
    pair_p = both / found_pairs if found_pairs else 1.0
    pair_r = both / true_pairs if true_pairs else 1.0
    return {
        "P": precision,
        "R": recall,
        "F1": 2 * precision * recall / (precision + recall),
        "pairF1": 2 * pair_p * pair_r / (pair_p + pair_r) if pair_p + pair_r else 0.0,
    }


# -- systems ------------------------------------------------------------------------------------


class CachedEmbedder:
    """An embedder that encodes each distinct text once, so that a threshold sweep re-uses it.
    ``headlines`` is the headline model of the embedder it stands for (``HybridEmbedder``)."""

    def __init__(self, inner: Embedder, headlines: Embedder | None = None) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimensions = inner.dimensions
        self.headlines = headlines
        self._vectors: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(text for text in texts if text not in self._vectors))
        if missing:
            for text, vector in zip(missing, self.inner.encode(missing), strict=True):
                self._vectors[text] = vector
        return np.stack([self._vectors[text] for text in texts]).astype(np.float32)


System = Callable[[list[StoryItem], float], dict[int, int]]


def tidings_system(embedder: Embedder, field: str, **fixed: object) -> System:
    """Tidings through ``cluster_items`` with ``field`` set to the value swept, and ``fixed``."""

    def run(items: list[StoryItem], threshold: float) -> dict[int, int]:
        policy = ClusterPolicy(**{field: threshold, **fixed})  # type: ignore[arg-type]
        return {
            answer.key: answer.story_id for answer in cluster_items(items, embedder=embedder, policy=policy)
        }

    return run


def _text(item: StoryItem) -> str:
    return f"{item.title}\n{item.text}".strip()


def tfidf_centroid(items: list[StoryItem], threshold: float) -> dict[int, int]:
    """Single pass: join the closest story centroid if its cosine ≥ threshold, else start one.
    IDF is fitted on the whole pool (an advantage over Tidings, which counts online)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform([_text(i) for i in items])
    dense = matrix.toarray().astype(np.float32)
    sums: list[np.ndarray] = []
    centroids = np.zeros((0, dense.shape[1]), dtype=np.float32)
    labels: dict[int, int] = {}
    for row, item in sorted(enumerate(items), key=lambda pair: (pair[1].published_at, pair[1].key)):
        vector = dense[row]
        if sums:
            similarities = centroids @ vector
            best = int(np.argmax(similarities))
            if similarities[best] >= threshold:
                sums[best] += vector
                centroids[best] = sums[best] / (np.linalg.norm(sums[best]) or 1.0)
                labels[item.key] = best
                continue
        sums.append(vector.copy())
        centroids = np.vstack([centroids, vector / (np.linalg.norm(vector) or 1.0)])
        labels[item.key] = len(sums) - 1
    return labels


_WORD = re.compile(r"\w+")


def _title_words(item: StoryItem) -> set[str]:
    title = item.title or " ".join(item.text.split()[:15])
    return {word for word in _WORD.findall(title.casefold()) if len(word) > 2}


def newsblur_rule(items: list[StoryItem], threshold: float) -> dict[int, int]:
    """NewsBlur-style: join the earlier story whose title shares ≥ threshold of the words."""
    labels: dict[int, int] = {}
    seen: list[tuple[set[str], int]] = []
    for item in sorted(items, key=lambda item: (item.published_at, item.key)):
        words = _title_words(item)
        label = None
        for other_words, other_label in reversed(seen[-2000:]):
            smaller = min(len(words), len(other_words))
            if smaller and len(words & other_words) / smaller >= threshold:
                label = other_label
                break
        labels[item.key] = label if label is not None else item.key
        seen.append((words, labels[item.key]))
    return labels


def hdbscan_minilm(vectors: dict[int, np.ndarray]) -> System:
    def run(items: list[StoryItem], min_size: float) -> dict[int, int]:
        from sklearn.cluster import HDBSCAN

        matrix = np.stack([vectors[item.key] for item in items])
        found = HDBSCAN(min_cluster_size=int(min_size), metric="euclidean", copy=True).fit_predict(matrix)
        # Noise points are singletons.
        return {
            item.key: int(label) if label >= 0 else -1 - item.key
            for item, label in zip(items, found, strict=True)
        }

    return run


def tune_and_report(
    name: str, system: System, grid: Sequence[float], tune: Labelled, report: Labelled
) -> tuple[str, float, dict[str, float], float]:
    best = max(grid, key=lambda value: scores(system(tune[0], value), tune[1])["F1"])
    started = time.perf_counter()
    result = scores(system(report[0], best), report[1])
    return name, best, result, time.perf_counter() - started


def clustering() -> None:
    static = StaticEmbedder()
    minilm = CachedEmbedder(MiniLMEmbedder())
    # The shipped default, with its MiniLM half cached like the full-MiniLM system's.
    hybrid = CachedEmbedder(static, headlines=minilm)
    for label, tune, report, field, grid, default_field, default_grid in (
        (
            "Multi-News (full text): tune validation, report test",
            multinews("validation"),
            multinews("test"),
            "full_text_threshold",
            [0.125, 0.15, 0.175, 0.2, 0.225, 0.25, 0.3],
            "full_text_threshold",
            [0.125, 0.15, 0.175, 0.2, 0.225, 0.25, 0.3],
        ),
        (
            "UCI (headlines): tune even-hash stories, report odd-hash stories",
            uci(0),
            uci(1),
            "headline_threshold",
            [0.4, 0.45, 0.5, 0.55, 0.6],
            "headline_model_threshold",
            [0.3, 0.31, 0.325, 0.35, 0.375, 0.4],
        ),
    ):
        vectors = {}
        for items in (tune[0], report[0]):
            encoded = minilm.encode([dense_text(item.title, item.text) for item in items])
            vectors[id(items)] = {item.key: encoded[row] for row, item in enumerate(items)}
        tune_vectors, report_vectors = vectors[id(tune[0])], vectors[id(report[0])]
        rows = [
            tune_and_report(
                "Tidings default (hybrid: static + MiniLM for headlines)",
                tidings_system(hybrid, default_field),
                default_grid,
                tune,
                report,
            ),
            tune_and_report(
                "Tidings default without the end-of-batch merge (as before 2026-12-06 evening)",
                tidings_system(hybrid, default_field, end_merge_threshold=None),
                default_grid,
                tune,
                report,
            ),
            tune_and_report(
                "Tidings default without settling or that merge (as before 2026-12-06)",
                tidings_system(hybrid, default_field, settle_after=None, end_merge_threshold=None),
                default_grid,
                tune,
                report,
            ),
            tune_and_report("Tidings, static model only", tidings_system(static, field), grid, tune, report),
            tune_and_report(
                "Tidings with full MiniLM vectors", tidings_system(minilm, field), grid, tune, report
            ),
            tune_and_report(
                "TF-IDF single-pass centroid",
                tfidf_centroid,
                [0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5],
                tune,
                report,
            ),
            tune_and_report("NewsBlur rule (title overlap ≥ 0.6)", newsblur_rule, [0.6], tune, report),
        ]
        best_size = max(
            [2, 3, 4, 5], key=lambda size: scores(hdbscan_minilm(tune_vectors)(tune[0], size), tune[1])["F1"]
        )
        started = time.perf_counter()
        hdb = scores(hdbscan_minilm(report_vectors)(report[0], best_size), report[1])
        rows.append(
            ("HDBSCAN over MiniLM (offline, sees all)", best_size, hdb, time.perf_counter() - started)
        )
        print(f"\n### {label}: {len(report[0])} articles, {len(set(report[1].values()))} events\n")
        print("| system | tuned value | B³ P | B³ R | B³ F1 | pairwise F1 |")
        print("| --- | --- | --- | --- | --- | --- |")
        for name, value, result, _ in rows:
            print(
                f"| {name} | {value} | {result['P']:.3f} | {result['R']:.3f} | "
                f"**{result['F1']:.3f}** | {result['pairF1']:.3f} |",
                flush=True,
            )


def cross_event_repeats(items: list[StoryItem], gold: dict[int, str]) -> set[int]:
    """Keys of the documents whose first 30 words open documents of more than one labelled
    event: site and archive boilerplate, not articles. An oracle (it reads the labels), for
    measuring what they cost, never for placing."""
    events: dict[str, set[str]] = defaultdict(set)
    for item in items:
        events[" ".join(item.text.split()[:30])].add(gold[item.key])
    return {item.key for item in items if len(events[" ".join(item.text.split()[:30])]) > 1}


def boilerplate() -> None:
    """Tidings (default policy) and the TF-IDF peer (its tuned 0.2) on both Multi-News samples,
    as they are and with the cross-event repeats taken out of the input."""
    hybrid = CachedEmbedder(StaticEmbedder(), headlines=CachedEmbedder(MiniLMEmbedder()))
    systems: list[tuple[str, Callable[[list[StoryItem]], dict[int, int]]]] = [
        ("Tidings default", lambda items: tidings_system(hybrid, "full_text_threshold")(items, 0.2)),
        ("TF-IDF single-pass centroid (0.2)", lambda items: tfidf_centroid(items, 0.2)),
    ]
    print("| sample | system | input | B³ P | B³ R | B³ F1 | pairwise F1 |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for split in ("validation", "test"):
        items, gold = multinews(split)
        repeats = cross_event_repeats(items, gold)
        rest = [item for item in items if item.key not in repeats]
        for name, system in systems:
            alone = {key: -1 - key for key in repeats}
            for label, predicted in (
                ("all documents", system(items)),
                (f"without the {len(repeats)} cross-event repeats", {**system(rest), **alone}),
            ):
                result = scores(predicted, gold)
                print(
                    f"| {split} | {name} | {label} | {result['P']:.3f} | {result['R']:.3f} | "
                    f"**{result['F1']:.3f}** | {result['pairF1']:.3f} |",
                    flush=True,
                )


# -- search results (Utomo & Leu) ---------------------------------------------------------------

UTOMO = DATA / "utomo-news-search-clustering"
ANNOTATORS = ("gold1", "gold2", "gold3")


def _utomo_date(raw: str) -> datetime:
    """The set's dates: ISO days, one RFC 2822 time and one "Aug 10, 2017 4:30 p.m. ET"."""
    parsed = parse_published_at(raw)
    if parsed is None:
        match = re.match(r"([A-Z][a-z]{2}) (\d{1,2}), (\d{4})", raw)
        parsed = (
            datetime.strptime(" ".join(match.groups()), "%b %d %Y").replace(tzinfo=UTC) if match else BASE
        )
    return parsed


def utomo_query(query: str, first_key: int) -> tuple[list[StoryItem], list[dict[int, str]], int]:
    """One query's 50 results as items (keys from ``first_key``), each annotator's labels (an
    item in no group is a group of its own; one in two groups, as gold3 has six, keeps the
    first), and how many such double placements there were."""
    name = f"m1-{query}.txt"
    results = json.loads((UTOMO / "dataset" / name).read_text(encoding="utf-8-sig"))
    items = []
    for position, result in enumerate(results):
        meta = result.get("meta") or {}
        items.append(
            StoryItem(
                key=first_key + position,
                title=(meta.get("title") or result["title"]).strip(),
                text=(meta.get("description") or "").strip(),
                outlet=re.sub(r"^www\.", "", result["url"].split("/")[2]),
                url=result["url"],
                published_at=_utomo_date(result["date"]),
            )
        )
    golds, doubled = [], 0
    for annotator in ANNOTATORS:
        groups = json.loads((UTOMO / annotator / name).read_text(encoding="utf-8-sig"))
        labels: dict[int, str] = {}
        for group_number, group in enumerate(groups):
            for position in group:
                key = first_key + position - 1
                if key in labels:
                    doubled += 1
                    continue
                labels[key] = f"{query}/{group_number}"
        golds.append({item.key: labels.get(item.key, f"{query}/alone-{item.key}") for item in items})
    return items, golds, doubled


def utomo_queries() -> dict[str, tuple[list[StoryItem], list[dict[int, str]]]]:
    queries, key, doubled = {}, 0, 0
    for path in sorted((UTOMO / "dataset").glob("m1-*.txt")):
        query = path.stem.removeprefix("m1-")
        items, golds, twice = utomo_query(query, key)
        queries[query] = (items, golds)
        key += len(items)
        doubled += twice
    print(f"{len(queries)} queries, {key} results; {doubled} placements in a second group ignored")
    return queries


SearchSystem = Callable[[list[StoryItem]], dict[int, int]]


def _per_query(
    system: SearchSystem,
    queries: dict[str, tuple[list[StoryItem], list[dict[int, str]]]],
    *,
    one_stream: bool = False,
) -> list[dict[str, float]]:
    """Each query clustered on its own (its results are one pool, as a search page is), or with
    ``one_stream`` all the queries' results as one stream in date order (as a reader's sources
    mix subjects), then scored over all the results together, against each annotator."""
    predicted: dict[int, int] = {}
    golds: list[dict[int, str]] = [{} for _ in ANNOTATORS]
    for number, (items, query_golds) in enumerate(queries.values()):
        if not one_stream:
            for key, label in system(items).items():
                predicted[key] = number * 1_000_000 + label
        for merged, gold in zip(golds, query_golds, strict=True):
            merged.update(gold)
    if one_stream:
        predicted = system([item for items, _ in queries.values() for item in items])
    return [scores(predicted, gold) for gold in golds]


def _mean_f1(results: list[dict[str, float]]) -> float:
    return sum(result["F1"] for result in results) / len(results)


def _annotator_agreement(queries: dict[str, tuple[list[StoryItem], list[dict[int, str]]]]) -> None:
    numbered: list[dict[int, int]] = [{} for _ in ANNOTATORS]
    merged: list[dict[int, str]] = [{} for _ in ANNOTATORS]
    for _, golds in queries.values():
        for annotator, gold in enumerate(golds):
            merged[annotator].update(gold)
    for annotator, gold in enumerate(merged):
        names = {label: number for number, label in enumerate(sorted(set(gold.values())))}
        numbered[annotator] = {key: names[label] for key, label in gold.items()}
    print("\nAnnotators against each other (one's groups scored as a system against another's):\n")
    for first, first_name in enumerate(ANNOTATORS):
        for second, second_name in enumerate(ANNOTATORS):
            if first < second:
                result = scores(numbered[first], merged[second])
                print(f"- {first_name} against {second_name}: B³ F1 {result['F1']:.3f}")


def _search_row(name: str, value: str, results: list[dict[str, float]]) -> str:
    mean_p = sum(result["P"] for result in results) / len(results)
    mean_r = sum(result["R"] for result in results) / len(results)
    by_annotator = " | ".join(f"{result['F1']:.3f}" for result in results)
    return (
        f"| {name} | {value} | {by_annotator} | **{_mean_f1(results):.3f}** | {mean_p:.3f} | {mean_r:.3f} |"
    )


def search_results() -> None:
    queries = utomo_queries()
    halves: list[dict[str, tuple[list[StoryItem], list[dict[int, str]]]]] = [{}, {}]
    for query, value in queries.items():
        halves[int(hashlib.sha256(query.encode()).hexdigest(), 16) % 2][query] = value
    static = StaticEmbedder()
    minilm = CachedEmbedder(MiniLMEmbedder())
    hybrid = CachedEmbedder(static, headlines=minilm)
    every_item = [item for items, _ in queries.values() for item in items]
    encoded = minilm.encode([dense_text(item.title, item.text) for item in every_item])
    vectors = {item.key: encoded[row] for row, item in enumerate(every_item)}

    def tidings(embedder: Embedder, policy: ClusterPolicy) -> SearchSystem:
        return lambda items: {
            answer.key: answer.story_id for answer in cluster_items(items, embedder=embedder, policy=policy)
        }

    shipped = ClusterPolicy()
    timeless = ClusterPolicy(recency_weight=0.0)
    fixed: list[tuple[str, str, SearchSystem]] = [
        (
            "Tidings default (shipped settings, none tuned on this set but recency)",
            "-",
            tidings(hybrid, shipped),
        ),
        ("Tidings default without recency (as before 2026-12-05)", "-", tidings(hybrid, timeless)),
        ("Tidings, static model only", "-", tidings(static, shipped)),
        ("Tidings with full MiniLM vectors", "-", tidings(minilm, shipped)),
        ("NewsBlur rule (title overlap ≥ 0.6)", "0.6", lambda items: newsblur_rule(items, 0.6)),
    ]
    tunable: list[tuple[str, Callable[[float], SearchSystem], list[float]]] = [
        (
            "TF-IDF single-pass centroid",
            lambda value: lambda items: tfidf_centroid(items, value),
            [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4],
        ),
        (
            "HDBSCAN over MiniLM (offline, sees all)",
            lambda value: lambda items: hdbscan_minilm(vectors)(items, value),
            [2, 3, 4, 5],
        ),
    ]
    header = (
        "| system | value | B³ F1 vs gold1 (strict) | gold2 | gold3 (broad) | mean F1 | mean P | mean R |"
    )
    for number, half in enumerate(halves):
        for one_stream in (False, True):
            rows = [
                (name, value, _per_query(system, half, one_stream=one_stream))
                for name, value, system in fixed
            ]
            for name, make, grid in tunable:
                other = halves[1 - number]
                best = max(
                    grid, key=lambda value: _mean_f1(_per_query(make(value), other, one_stream=one_stream))
                )
                scored = _per_query(make(best), half, one_stream=one_stream)
                rows.append((f"{name}, tuned on the other half", f"{best}", scored))
            size = sum(len(items) for items, _ in half.values())
            label = "tuning half (recency chosen here)" if number == 0 else "report half"
            pooling = "all its queries' results as one stream" if one_stream else "each query on its own"
            print(f"\n### {label}, {pooling}: {len(half)} queries ({', '.join(half)}), {size} results\n")
            print(header)
            print("| --- | --- | --- | --- | --- | --- | --- | --- |")
            for name, value, results in rows:
                print(_search_row(name, value, results), flush=True)
        _annotator_agreement(half)


# -- copies -------------------------------------------------------------------------------------


def _article(title: str, text: str, outlet: str, when: datetime) -> Article:
    return Article(
        title=title,
        text=text,
        html="",
        outlet=Outlet(outlet),
        provenance=Provenance("paste", "-"),
        fetched_at=when,
        published_at=when,
    )


BOILERPLATE = (
    "Sign up for our daily newsletter to get the top stories in your inbox. Follow us on social media."
)


def _light_edit(text: str, rng: random.Random) -> str:
    paragraphs = [p for p in re.split(r"\n\s*\n|\s{3,}", text) if p.strip()]
    if len(paragraphs) > 3:
        del paragraphs[rng.randrange(1, len(paragraphs))]
    return "\n\n".join([*paragraphs, BOILERPLATE])


def _exact_overlap(first: str, second: str) -> tuple[float, float]:
    """Exact Jaccard and containment of two texts' 5-word shingle sets."""
    from tidings.dedupe.fingerprint import normalized_words

    def shingles(text: str) -> set[str]:
        words = normalized_words(text)
        return {" ".join(words[start : start + 5]) for start in range(len(words) - 4)}

    left, right = shingles(first), shingles(second)
    shared = len(left & right)
    return shared / len(left | right), shared / min(len(left), len(right))


def copy_pairs() -> tuple[list[tuple[Article, Article]], list[tuple[Article, Article]]]:
    """(copies, non-copies), each a list of (earlier, later) pairs.

    Copies: (a) each Multi-News test article of ≥ 150 words and a light edit of it (new headline,
    one paragraph cut, a newsletter line added); (b) Multi-News test pairs in one cluster that
    share their writing: exact 5-word-shingle Jaccard ≥ 0.45 or containment ≥ 0.9, computed on
    the shingle sets themselves, not the MinHash under test (two pairs: one text published twice,
    and an excerpt of a longer article; every pair above 0.1 Jaccard was read by hand on
    2026-11-23: the others are a UPI rewrite, two versions of a live page, a quoted press
    release); (c) identical UCI headlines from different outlets. Non-copies: every other pair
    within one Multi-News cluster (one event, different writing), and the seed pair.
    """
    rng = random.Random(7)
    items, gold = multinews("test")
    by_cluster: dict[str, list[StoryItem]] = defaultdict(list)
    for item in items:
        if len(item.text.split()) >= 150:
            by_cluster[gold[item.key]].append(item)
    copies, others = [], []
    for cluster_items_ in by_cluster.values():
        for item in cluster_items_:
            copies.append(
                (
                    _article("", item.text, "A", BASE),
                    _article("New headline", _light_edit(item.text, rng), "B", BASE),
                )
            )
        for first_index, first in enumerate(cluster_items_):
            for second in cluster_items_[first_index + 1 :]:
                pair = (_article("", first.text, "A", BASE), _article("", second.text, "B", BASE))
                jaccard, containment = _exact_overlap(first.text, second.text)
                (copies if jaccard >= 0.45 or containment >= 0.9 else others).append(pair)
    rows, _ = uci(None)
    by_title: dict[str, list[StoryItem]] = defaultdict(list)
    for item in rows:
        by_title[item.title.casefold()].append(item)
    for same in by_title.values():
        outlets = {item.outlet for item in same}
        if len(outlets) > 1:
            copies.append(
                (
                    _article(same[0].title, "", same[0].outlet, BASE),
                    _article(same[1].title, "", same[1].outlet, BASE),
                )
            )
    seeds = ROOT / "tests" / "fixtures" / "stories"
    ntd = (seeds / "ntd-putin-belarus.txt").read_text(encoding="utf-8")
    tribune = (seeds / "tribune-inkl-putin-belarus.txt").read_text(encoding="utf-8")
    others.append((_article("", ntd, "NTD", BASE), _article("", tribune, "inkl", BASE)))
    return copies, others


def copies() -> None:
    positives, negatives = copy_pairs()
    found = {True: 0, False: 0}
    for expected, pairs in ((True, positives), (False, negatives)):
        for first, second in pairs:
            book = CopyBook()
            subject = subject_of(1, first, published_at=BASE)
            book.add(subject, None)
            match = find_copy(subject_of(2, second, published_at=BASE + timedelta(hours=1)), book)
            found[expected] += match is not None
    true_positive, false_positive = found[True], found[False]
    precision = true_positive / (true_positive + false_positive) if true_positive + false_positive else 1.0
    recall = true_positive / len(positives)
    print("\n| copy pairs | non-copy pairs | found copies | false copies | precision | recall |")
    print("| --- | --- | --- | --- | --- | --- |")
    print(
        f"| {len(positives)} | {len(negatives)} | {true_positive} | {false_positive} | "
        f"{precision:.3f} | {recall:.3f} |"
    )


# -- cost ---------------------------------------------------------------------------------------


def _shuffled_words(text: str, rng: random.Random) -> str:
    """The text with the words of each sentence shuffled: the same words (so the same TF-IDF and
    static-embedding features) but no shared 5-word shingle, so it is not a copy of its source."""
    sentences = re.split(r"(?<=[.!?])\s+", text)
    shuffled = []
    for sentence in sentences:
        words = sentence.split()
        rng.shuffle(words)
        shuffled.append(" ".join(words))
    return " ".join(shuffled)


def stream(size: int) -> list[StoryItem]:
    """``size`` articles resampled from the real ones (Multi-News bodies; every tenth a UCI
    headline), each at a random time in one year so that events recur as new stories. A source's
    first use keeps its text; later uses shuffle the words of each sentence, so that they cost
    what a new article costs (same features, no copy shortcut)."""
    rng = random.Random(size)
    pool = multinews("validation")[0] + multinews("test")[0]
    headlines = uci(None)[0]
    used: set[int] = set()
    items = []
    for key in range(size):
        headline = key % 10 == 9
        source = rng.choice(headlines) if headline else rng.choice(pool)
        identity = id(source)
        title, text = source.title, source.text
        if identity in used:
            title = _shuffled_words(title, rng) if headline else title
            text = _shuffled_words(text, rng)
        used.add(identity)
        when = BASE + timedelta(seconds=rng.randrange(365 * 86400))
        items.append(
            StoryItem(key=key, title=title, text=text, outlet=f"o{rng.randrange(500)}", published_at=when)
        )
    return items


def cost(sizes: Sequence[int], runtime: str = "onnxruntime") -> None:
    """Each stream through one ``StoryRun`` (what `tidings cluster` runs, less JSON parsing, with
    its end-of-input re-checks), timed by tenths; peak memory is the process's, measured in a
    fresh process per size. CPU time is reported beside wall time because this machine is shared:
    the wall rate depends on what else runs, the CPU rate much less."""
    import subprocess

    print(
        "\n| articles | stories | seconds | articles/s | articles per CPU-second | peak memory (MB) "
        "| ms of CPU per article, by tenth of the stream |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |", flush=True)
    for size in sizes:
        subprocess.run([sys.executable, __file__, "cost-one", str(size), runtime], check=True)


def cost_one(size: int, runtime: str) -> None:
    embedder = HybridEmbedder(cache_dir=MODEL_CACHE if runtime == "onnxruntime" else None)
    items = sorted(stream(size), key=lambda item: (item.published_at, item.key))
    base_memory = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    run = StoryRun(embedder=embedder)
    tenth = max(1, size // 10)
    per_article_ms = []
    started, cpu_started = time.perf_counter(), time.process_time()
    for start in range(0, size, tenth):
        chunk = items[start : start + tenth]
        chunk_started = time.process_time()
        run.place(chunk)
        per_article_ms.append((time.process_time() - chunk_started) / len(chunk) * 1000)
    # The end of the input: the stories of one article still waiting are re-checked (counted in
    # the totals, not in the curve).
    run.finish()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    curve = " ".join(f"{value:.1f}" for value in per_article_ms)
    print(
        f"| {size:,} | {run.book.story_count:,} | {elapsed:.0f} | {size / elapsed:.0f} | {size / cpu:.0f} "
        f"| {peak:.0f} "
        f"({peak - base_memory:.0f} for the run) | {curve} |",
        flush=True,
    )


def onnx_against_torch() -> None:
    """MiniLM's two runtimes on the UCI headlines, each in a fresh process so that its load
    cost includes its imports (one thread each, as ``HybridEmbedder``); the export is made
    first, outside the timing, as it is once per installation."""
    import subprocess
    import tempfile

    from tidings.cluster.minilm_onnx import exported_model_path

    exported_model_path(MODEL_CACHE)
    print("| runtime | load (CPU s) | headlines per CPU-second, batched | one at a time |")
    print("| --- | --- | --- | --- |", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        saved = [Path(folder) / f"{runtime}.npy" for runtime in ("onnxruntime", "torch")]
        for path in saved:
            subprocess.run([sys.executable, __file__, "onnx-one", path.stem, str(path)], check=True)
        cosines = (np.load(saved[0]) * np.load(saved[1])).sum(axis=1)
    print(f"\ncosine between the runtimes' vectors: min {cosines.min():.6f}, mean {cosines.mean():.6f}")


def onnx_one(runtime: str, saved: Path) -> None:
    headlines = [item.title for item in uci(None)[0]][:2000]
    cpu = time.process_time()
    model = MiniLMEmbedder(
        threads=HybridEmbedder.HEADLINE_THREADS, cache_dir=MODEL_CACHE if runtime == "onnxruntime" else None
    )
    model.encode(headlines[:1])
    load = time.process_time() - cpu
    cpu = time.process_time()
    np.save(saved, model.encode(headlines))
    batched = len(headlines) / (time.process_time() - cpu)
    cpu = time.process_time()
    for headline in headlines[:300]:
        model.encode([headline])
    single = 300 / (time.process_time() - cpu)
    print(f"| {model.runtime} | {load:.1f} | {batched:.0f} | {single:.0f} |", flush=True)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "clustering"
    if command == "clustering":
        clustering()
    elif command == "copies":
        copies()
    elif command == "cost":
        cost([int(size) for size in sys.argv[2:]] or [10_000])
    elif command == "cost-torch":
        cost([int(size) for size in sys.argv[2:]] or [10_000], runtime="torch")
    elif command == "cost-one":
        cost_one(int(sys.argv[2]), sys.argv[3])
    elif command == "onnx":
        onnx_against_torch()
    elif command == "boilerplate":
        boilerplate()
    elif command == "search-results":
        search_results()
    elif command == "onnx-one":
        onnx_one(sys.argv[2], Path(sys.argv[3]))
    else:
        raise SystemExit(__doc__)
