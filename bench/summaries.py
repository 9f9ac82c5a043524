"""Benchmark of the summarize stage: summaries, citations, agreement and entities.

Reads the Multi-News samples in ../shared/data/multi-news-sample/ (not part of the repository;
run from a checkout that has shared/ beside it) and prints Markdown tables for the
"Summaries and entities" section of docs/benchmarks.md.

* ``summaries``: ROUGE-1/2/L F1 (``rouge-score``, Porter-stemmed) of Tidings and, at the same
  length in words as Tidings' summary of each cluster, LexRank and TextRank (``sumy``), a lead
  baseline over the concatenated documents (the "First-k" of Fabbri et al. 2019) and a lead
  baseline that takes each document's first sentences in turn. Every system picks from the same
  sentences (the analyser's sentences, headings and boilerplate removed), so only the choice
  differs. Clusters of one document go through the same path (a one-source summary).
* ``faithfulness``: summary sentences found word for word in their first cited document, and
  the secondary citations, with ``--citations N`` printing N of them at random for reading, and
  ``--cited-sentences N`` printing N summary sentences that have secondary citations, each with
  all of them (is every cited source's report the same fact?).
* ``agreement``: ``--agreement N`` prints the agreed and one-source claims of N clusters.
* ``entities``: analyser speed (articles/s) on Multi-News documents, and agreement with the
  entities the MIND news sample links to Wikidata (silver labels, see ``entity_table``).
* ``--tune``: grid search of ``SummaryWeights`` on the validation sample.

Usage: ``.venv/bin/python bench/summaries.py [--split test|validation] [--limit N] [--tune]
[--agreement N] [--citations N] [--cited-sentences N] [--no-entities]``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import lzma
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tidings.model import Article, Outlet, Provenance, StoredArticle
from tidings.summarize import DEFAULT_WEIGHTS, LazyModels, SummaryWeights, summarize_story
from tidings.summarize.agreement import best_in_each_article, cites_same_fact
from tidings.summarize.story import StoryText, prepare_story
from tidings.summarize.text import HeuristicAnalyser, TextAnalyser

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
MULTI_NEWS = SHARED / "multi-news-sample"
MIND_NEWS = SHARED / "mind-leaderboard-and-sample" / "MINDsmall_train_random_sample" / "news.tsv.xz"
NOW = datetime(2026, 11, 23, tzinfo=UTC)
PUBLISHED = [
    ("PRIMERA (Xiao et al. 2022), abstractive, full test split, reported", 49.9, 21.1, 25.9),
]
_WORD = re.compile(r"\S+")


# -- data ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cluster:
    cluster_id: str
    documents: tuple[str, ...]
    reference: str


def load_clusters(split: str, limit: int | None) -> list[Cluster]:
    path = MULTI_NEWS / f"{split}.sample250.jsonl.xz"
    clusters = []
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            documents = tuple(document.strip() for document in record["documents"] if document.strip())
            reference = record["summary"].lstrip("–- ").strip()
            clusters.append(Cluster(record["id"], documents, reference))
    return clusters[:limit] if limit else clusters


def as_articles(cluster: Cluster) -> list[StoredArticle]:
    """Each document is its own outlet: Multi-News cites one article per source."""
    return [
        StoredArticle(
            article_id=position,
            article=Article(
                title="",
                text=text,
                html="",
                outlet=Outlet(f"source {position}"),
                provenance=Provenance("file", f"{cluster.cluster_id}/{position}"),
                fetched_at=NOW,
                language="en",
            ),
        )
        for position, text in enumerate(cluster.documents, start=1)
    ]


# -- peers ------------------------------------------------------------------------------------


def words(text: str) -> int:
    return len(_WORD.findall(text))


def cut_to_length(ranked: Sequence[tuple[int, str]], budget: int) -> str:
    """Ranked (position, sentence) pairs taken until ``budget`` words, the last one cut to fit,
    shown in document order."""
    taken: list[tuple[int, str]] = []
    used = 0
    for position, sentence in ranked:
        if used >= budget:
            break
        tokens = _WORD.findall(sentence)
        keep = tokens[: budget - used]
        taken.append((position, " ".join(keep)))
        used += len(keep)
    return " ".join(sentence for _, sentence in sorted(taken))


def lead_concatenated(story: StoryText) -> list[tuple[int, str]]:
    return [(index, claim.sentence.text) for index, claim in enumerate(story.claims)]


def lead_interleaved(story: StoryText) -> list[tuple[int, str]]:
    by_article: dict[int, list[int]] = {}
    for index, claim in enumerate(story.claims):
        by_article.setdefault(claim.article, []).append(index)
    order = [
        index for layer in itertools.zip_longest(*by_article.values()) for index in layer if index is not None
    ]
    return [(rank, story.claims[index].sentence.text) for rank, index in enumerate(order)]


class _Words:
    """sumy's tokenizer interface over our sentences (sumy's own needs NLTK data downloads)."""

    language = "english"

    def to_words(self, sentence: str) -> list[str]:
        return re.findall(r"\w+", sentence)

    def to_sentences(self, paragraph: str) -> list[str]:
        return [paragraph]


def sumy_ranked(story: StoryText, method: str) -> list[tuple[int, str]]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    tokenizer = _Words()
    sentences = [SumySentence(claim.sentence.text, tokenizer) for claim in story.claims]
    if not sentences:
        return []
    document = ObjectDocumentModel([Paragraph(sentences)])
    summarizer: Any = (LexRankSummarizer if method == "lexrank" else TextRankSummarizer)(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    ratings: dict[Any, float] = {}

    def keep_ratings(_sentences: Any, _count: Any, rating: Any, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
        if isinstance(rating, dict):
            ratings.update(rating)
        else:
            ratings.update({sentence: rating(sentence, *args, **kwargs) for sentence in _sentences})
        return ()

    summarizer._get_best_sentences = keep_ratings
    summarizer(document, len(sentences))
    order = sorted(range(len(sentences)), key=lambda index: -ratings.get(sentences[index], 0.0))
    return [(index, story.claims[index].sentence.text) for index in order]


# -- scoring ----------------------------------------------------------------------------------


def rouge_scorer() -> Any:
    from rouge_score import rouge_scorer as scorer_module

    return scorer_module.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)


@dataclass(slots=True)
class Scores:
    rouge1: list[float]
    rouge2: list[float]
    rougel: list[float]
    lengths: list[int]

    @classmethod
    def empty(cls) -> Scores:
        return cls([], [], [], [])

    def add(self, scorer: Any, reference: str, summary: str) -> None:
        result = scorer.score(reference, summary)
        self.rouge1.append(result["rouge1"].fmeasure)
        self.rouge2.append(result["rouge2"].fmeasure)
        self.rougel.append(result["rougeL"].fmeasure)
        self.lengths.append(words(summary))

    def row(self, name: str) -> str:
        return (
            f"| {name} | {100 * statistics.mean(self.rouge1):.2f} "
            f"| {100 * statistics.mean(self.rouge2):.2f} | "
            f"{100 * statistics.mean(self.rougel):.2f} | {statistics.mean(self.lengths):.0f} |"
        )


def prepare_all(clusters: Sequence[Cluster], models: LazyModels, *, encoder: bool = True) -> list[StoryText]:
    started = time.perf_counter()
    stories = [
        prepare_story(
            as_articles(cluster), analyser=models.analyser, encoder=models.encoder if encoder else None
        )
        for cluster in clusters
    ]
    elapsed = time.perf_counter() - started
    print(f"prepared {len(stories)} clusters in {elapsed:.1f} s", file=sys.stderr)
    return stories


def tidings_text(story: StoryText, weights: SummaryWeights) -> str:
    return " ".join(sentence.text for sentence in summarize_story(story, weights=weights).sentences)


def summary_table(
    clusters: Sequence[Cluster],
    stories: Sequence[StoryText],
    weights: SummaryWeights,
    lexical: Sequence[StoryText] | None = None,
) -> str:
    scorer = rouge_scorer()
    systems: dict[str, Scores] = {
        name: Scores.empty()
        for name in (
            "Tidings",
            "Tidings, word overlap only (no MiniLM)",
            "LexRank (sumy)",
            "TextRank (sumy)",
            "Lead, concatenated documents",
            "Lead, documents in turn",
        )
    }
    peers: dict[str, Callable[[StoryText], list[tuple[int, str]]]] = {
        "LexRank (sumy)": lambda story: sumy_ranked(story, "lexrank"),
        "TextRank (sumy)": lambda story: sumy_ranked(story, "textrank"),
        "Lead, concatenated documents": lead_concatenated,
        "Lead, documents in turn": lead_interleaved,
    }
    for position, (cluster, story) in enumerate(zip(clusters, stories, strict=True)):
        ours = tidings_text(story, weights)
        budget = words(ours)
        systems["Tidings"].add(scorer, cluster.reference, ours)
        if lexical is not None:
            lexical_text = tidings_text(lexical[position], weights)
            systems["Tidings, word overlap only (no MiniLM)"].add(
                scorer, cluster.reference, cut_to_length([(0, lexical_text)], budget)
            )
        for name, ranker in peers.items():
            systems[name].add(scorer, cluster.reference, cut_to_length(ranker(story), budget))
    lines = ["| system | ROUGE-1 F1 | ROUGE-2 F1 | ROUGE-L F1 | words |", "| --- | --- | --- | --- | --- |"]
    lines += [scores.row(name) for name, scores in systems.items() if scores.rouge1]
    lines += [f"| {name} | {r1} | {r2} | {rl} | ~260 |" for name, r1, r2, rl in PUBLISHED]
    return "\n".join(lines)


def tune(clusters: Sequence[Cluster], stories: Sequence[StoryText]) -> SummaryWeights:
    scorer = rouge_scorer()
    grid = {
        "centrality": (0.5, 1.0, 1.5),
        "title": (0.0,),
        "position": (0.0, 0.2, 0.4, 0.8),
        "support": (0.0, 0.25, 0.5, 1.0),
        "dangling": (0.0, 0.3),
    }
    best: tuple[float, float, SummaryWeights] | None = None
    for values in itertools.product(*grid.values()):
        weights = replace(DEFAULT_WEIGHTS, **dict(zip(grid, values, strict=True)))
        scores = Scores.empty()
        for cluster, story in zip(clusters, stories, strict=True):
            scores.add(scorer, cluster.reference, tidings_text(story, weights))
        key = (statistics.mean(scores.rouge2), statistics.mean(scores.rouge1))
        print(f"{values} R2={100 * key[0]:.2f} R1={100 * key[1]:.2f}", file=sys.stderr)
        if best is None or key > best[:2]:
            best = (*key, weights)
    assert best is not None
    print(f"best on validation: {best[2]} R2={100 * best[0]:.2f} R1={100 * best[1]:.2f}")
    return best[2]


def faithfulness_table(
    clusters: Sequence[Cluster],
    stories: Sequence[StoryText],
    weights: SummaryWeights,
    show: int,
    show_sentences: int = 0,
) -> str:
    sentences = verbatim = secondary = 0
    examples: list[tuple[str, str]] = []
    cited_sentences: list[tuple[str, list[str]]] = []
    for cluster, story in zip(clusters, stories, strict=True):
        summary = summarize_story(story, weights=weights)
        texts = {stored.article_id: " ".join(stored.article.text.split()) for stored in story.articles}
        for sentence in summary.sentences:
            sentences += 1
            verbatim += sentence.text in texts[sentence.sources[0].article_id]
            matches = [best_match(story, sentence.text, source.article_id) for source in sentence.sources[1:]]
            secondary += len(matches)
            examples += [(sentence.text, match) for match in matches]
            if matches:
                cited_sentences.append((sentence.text, matches))
        del cluster
    lines = [
        "| measure | value |",
        "| --- | --- |",
        f"| summary sentences | {sentences} |",
        f"| found word for word in their first cited document | {verbatim} "
        f"({100 * verbatim / max(1, sentences):.1f}%) |",
        f"| secondary citations (another document reporting the same fact) | {secondary} |",
        f"| summary sentences with at least one secondary citation | {len(cited_sentences)} |",
    ]
    rng = random.Random(20261123)
    for summary_sentence, cited in rng.sample(examples, min(show, len(examples))):
        print(f"\nSUMMARY: {summary_sentence}\nCITED:   {cited}")
    rng = random.Random(20261203)
    for summary_sentence, matches in rng.sample(cited_sentences, min(show_sentences, len(cited_sentences))):
        print(f"\nSUMMARY: {summary_sentence}")
        for match in matches:
            print(f"  CITED: {match}")
    return "\n".join(lines)


def best_match(story: StoryText, text: str, article_id: int) -> str:
    own = [index for index, claim in enumerate(story.claims) if claim.sentence.text == text]
    article = next(
        position for position, stored in enumerate(story.articles) if stored.article_id == article_id
    )
    candidates = [index for index, claim in enumerate(story.claims) if claim.article == article]
    if not own or not candidates:
        return "?"
    best = max(candidates, key=lambda index: story.alignment[own[0], index])
    return story.claims[best].sentence.text


def print_agreement(clusters: Sequence[Cluster], stories: Sequence[StoryText], count: int) -> None:
    for cluster, story in list(zip(clusters, stories, strict=True))[:count]:
        summary = summarize_story(story)
        print(f"\n=== {cluster.cluster_id} ({len(cluster.documents)} documents)")
        for sentence in summary.agreed:
            print(f"  AGREED {[source.article_id for source in sentence.sources]}: {sentence.text}")
        for outlet in summary.only:
            for claim in outlet.claims[:4]:
                print(f"  ONLY {outlet.outlet}: {claim.text}")


def print_pairs(clusters: Sequence[Cluster], stories: Sequence[StoryText], per_band: int) -> None:
    """Claim pairs to judge by reading: each claim's best supported match in every other
    document, ``per_band`` drawn at random from each band of alignment scores; ``cited`` says
    whether the pair passes the citation bar (``agreement.cites_same_fact``)."""
    pairs: list[tuple[float, str, str, str]] = []
    for cluster, story in zip(clusters, stories, strict=True):
        best = best_in_each_article(story)
        for index, claim in enumerate(story.claims):
            for article, source in enumerate(story.sources):
                other = int(best[index, article])
                if source == story.sources[claim.article] or other < 0:
                    continue
                score = float(story.alignment[index, other])
                if score >= 0.15 and story.supports(article, claim):
                    mutual = best[other, claim.article] == index
                    cited = mutual and cites_same_fact(story, index, other)
                    pairs.append(
                        (
                            score,
                            f"{cluster.cluster_id} mutual={mutual} cited={cited}",
                            claim.sentence.text,
                            story.claims[other].sentence.text,
                        )
                    )
    rng = random.Random(20261123)
    for low, high in (
        (0.15, 0.2),
        (0.2, 0.25),
        (0.25, 0.3),
        (0.3, 0.35),
        (0.35, 0.4),
        (0.4, 0.5),
        (0.5, 2.0),
    ):
        band = [pair for pair in pairs if low <= pair[0] < high]
        print(f"\n## alignment {low} to {high}: {len(band)} pairs")
        for score, where, claim_text, match_text in rng.sample(band, min(per_band, len(band))):
            print(f"\n{score:.2f} {where}\n  A: {claim_text}\n  B: {match_text}")


# -- entities -----------------------------------------------------------------------------------

MIND_KINDS = {"P": "person", "O": "organization", "G": "place", "L": "place"}
COMPARED_KINDS = {"person", "organization", "place", "other"}


def mind_records() -> list[tuple[str, list[tuple[str, str]]]]:
    """(text, [(surface form, kind)]) for each MIND title and abstract with linked entities."""
    records = []
    with lzma.open(MIND_NEWS, "rt", encoding="utf-8") as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 8:
                continue
            for text, entities in ((fields[3], fields[6]), (fields[4], fields[7])):
                if not text.strip():
                    continue
                labelled = [
                    (surface, MIND_KINDS[entity["Type"]])
                    for entity in json.loads(entities or "[]")
                    if entity.get("Type") in MIND_KINDS
                    for surface in entity.get("SurfaceForms", [])
                ]
                records.append((text, labelled))
    return records


def entity_table(models: LazyModels, clusters: Sequence[Cluster]) -> str:
    documents = [document for cluster in clusters for document in cluster.documents][:300]
    lines = [
        "| analyser | articles/s (Multi-News documents) | MIND recall | MIND typed recall "
        "| MIND precision (lower bound) |",
        "| --- | --- | --- | --- | --- |",
    ]
    records = mind_records()
    analysers: list[tuple[str, TextAnalyser]] = [
        ("spaCy en_core_web_sm 3.8.0", models.analyser),
        ("capitalised-name fallback", HeuristicAnalyser()),
    ]
    for name, analyser in analysers:
        started = time.perf_counter()
        analyser.analyse(documents, english=[True] * len(documents))
        speed = len(documents) / (time.perf_counter() - started)
        found = typed = gold = predicted = correct = 0
        analysed = analyser.analyse([text for text, _ in records], english=[True] * len(records))
        for (text, labelled), result in zip(records, analysed, strict=True):
            mentions = [mention for sentence in result.sentences for mention in sentence.mentions]
            ours = {(mention.text.casefold(), mention.kind) for mention in mentions}
            our_names = {name for name, _ in ours}
            for surface, kind in labelled:
                gold += 1
                found += surface.casefold() in our_names
                typed += (surface.casefold(), kind) in ours
            linked = {surface.casefold() for surface, _ in labelled}
            names = {mention.text.casefold() for mention in mentions if mention.kind in COMPARED_KINDS}
            predicted += len(names)
            correct += len(names & linked)
            del text
        lines.append(
            f"| {name} | {speed:.1f} | {100 * found / gold:.1f}% | {100 * typed / gold:.1f}% | "
            f"{100 * correct / max(1, predicted):.1f}% |"
        )
    lines.append(
        f"\n{len(records)} MIND titles and abstracts, {gold} linked person/organisation/place surface forms."
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="test", choices=["test", "validation"])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--tune", action="store_true", help="grid-search the weights on validation")
    parser.add_argument("--agreement", type=int, default=0, help="print agreement for N clusters")
    parser.add_argument("--citations", type=int, default=0, help="print N secondary citations to read")
    parser.add_argument(
        "--cited-sentences",
        type=int,
        default=0,
        help="print N summary sentences with all their secondary citations",
    )
    parser.add_argument("--pairs", type=int, default=0, help="print N claim pairs per score band to judge")
    parser.add_argument("--no-entities", action="store_true")
    parser.add_argument("--no-lexical", action="store_true", help="skip the run without MiniLM")
    arguments = parser.parse_args()

    models = LazyModels()
    weights = DEFAULT_WEIGHTS
    if arguments.tune:
        validation = load_clusters("validation", arguments.limit)
        weights = tune(validation, prepare_all(validation, models))
    clusters = load_clusters(arguments.split, arguments.limit)
    stories = prepare_all(clusters, models)
    if arguments.agreement:
        print_agreement(clusters, stories, arguments.agreement)
    if arguments.pairs:
        print_pairs(clusters, stories, arguments.pairs)
        return
    lexical = None if arguments.no_lexical else prepare_all(clusters, models, encoder=False)
    single = sum(len(cluster.documents) == 1 for cluster in clusters)
    print(
        f"\nMulti-News {arguments.split} sample (dev part): "
        f"{len(clusters)} clusters, {single} of one document"
    )
    print(summary_table(clusters, stories, weights, lexical))
    print()
    print(faithfulness_table(clusters, stories, weights, arguments.citations, arguments.cited_sentences))
    if not arguments.no_entities:
        print()
        print(entity_table(models, clusters))


if __name__ == "__main__":
    main()
