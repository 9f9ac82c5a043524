"""Benchmark of related stories: `python bench/related.py [--floor X]`.

How far apart are the scores ``rank.related_stories`` gives to stories that are related and to
stories that are not? Reads labelled sets in ../shared/data (never shipped, never read by tests):

* WikiRef220: 220 full articles cited by Wikipedia pages, labelled with the page (topic): five
  topics of 35 to 39 articles ("Malaysia Airlines Flight 370", "Michelle Obama", "Premier
  League", the Paris attacks of 2015, "Samsung Galaxy S5") and eleven of 1 to 5. Each article is
  a story of its own (headline: its first line; entities: read from the whole text, as the
  store reads them). Related: the same topic.
* Utomo & Leu's news-search set: 11 queries × 50 results (title and teaser); the stories are the
  first annotator's groups (gold1; a result in none is a story of its own). Related: a story
  of the same query; entities read from the titles and teasers.
* The UCI subset the bundled sample comes from (4,989 headlines of 67 stories, 36 hours of
  March 2014, categories business, technology, entertainment): no pair is labelled related, but two stories of
  different categories are not; this counts what a floor lets through among them.

Pairs of topics or queries that are about related things are left out of both counts
("michelle.obama" and "barack.obama"; the Greek and Cypriot crises; the Galaxy S5 and
"smartphone"; "afghanistan" and "terrorist"; "marvel movies" and "star wars").

Candidates are found as the store finds them (``store.understanding.stories_sharing_entities``:
the stories sharing at least one entity key, most shared keys first, at most 200), profiles keep
each story's 40 most mentioned entities, and every candidate is scored with no floor. For each
floor the table gives the share of listed pairs that are related (precision), the share of
related candidate pairs still listed (recall), and the targets whose first 6 (the web page's
number) hold a story that is not related.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tidings.model import Story, StoryProfile  # noqa: E402
from tidings.rank import MIN_RELATED_SCORE, related_stories  # noqa: E402
from tidings.sample import read_uci_rows  # noqa: E402
from tidings.summarize.entities import entities_of  # noqa: E402
from tidings.summarize.text import TextAnalyser, load_analyser  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
WHEN = datetime(2020, 1, 1, tzinfo=UTC)
# As the store: store.understanding.MAX_PROFILE_ENTITIES and related_candidates' limit.
PROFILE_ENTITIES = 40
CANDIDATES = 200
SHOWN = 6

NEAR_TOPICS = [
    {"michelle.obama", "barack.obama"},
    {"debt.crisis.greece", "greek.elections", "cypriot.financial.crisis"},
    {"samsung.galaxy.s5", "smartphone"},
    {"afghanistan", "terrorist"},
    {"marvel movies", "star wars"},
]


@dataclass(frozen=True, slots=True)
class LabelledStory:
    profile: StoryProfile
    topic: str


def _profile(
    story_id: int, titles: Sequence[str], texts: Sequence[str], analyser: TextAnalyser
) -> StoryProfile:
    """A story of these articles as the store profiles it: entities read per article, then the
    story's most mentioned keys."""
    analysed = analyser.analyse(list(texts), english=[True] * len(texts))
    mentions: Counter[str] = Counter()
    names: dict[str, str] = {}
    for number, text in enumerate(analysed):
        found = [mention for sentence in text.sentences for mention in sentence.mentions]
        for entity in entities_of(number, found):
            mentions[entity.key] += entity.mentions
            names.setdefault(entity.key, entity.name)
    story = Story(
        story_id=story_id,
        headline=titles[0],
        first_seen=WHEN,
        last_seen=WHEN,
        article_count=len(titles),
        outlet_count=len(titles),
    )
    entities = tuple((key, names[key]) for key, _ in mentions.most_common(PROFILE_ENTITIES))
    return StoryProfile(story, "\n".join([titles[0], *titles]), entities)


def wikiref(analyser: TextAnalyser) -> list[LabelledStory]:
    stories = []
    with (DATA / "wikiref220" / "wikiref220.jsonl").open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            record = json.loads(line)
            title = record["text"].strip().splitlines()[0]
            stories.append(
                LabelledStory(_profile(number, [title], [record["text"]], analyser), record["topic"])
            )
    return stories


def utomo(analyser: TextAnalyser) -> list[LabelledStory]:
    root = DATA / "utomo-news-search-clustering"
    stories: list[LabelledStory] = []
    for path in sorted((root / "dataset").glob("m1-*.txt")):
        query = path.stem.removeprefix("m1-")
        results = json.loads(path.read_text(encoding="utf-8-sig"))
        groups = json.loads((root / "gold1" / path.name).read_text(encoding="utf-8-sig"))
        grouped = {number for group in groups for number in group}
        alone = [[number] for number in range(1, len(results) + 1) if number not in grouped]
        for group in [*groups, *alone]:
            members = [results[number - 1] for number in group]
            titles = [member["title"] for member in members]
            texts = [f"{member['title']}\n\n{member['meta'].get('description') or ''}" for member in members]
            profile = _profile(len(stories) + 1, titles, texts, analyser)
            stories.append(LabelledStory(profile, query))
    return stories


def uci_sample(analyser: TextAnalyser) -> list[LabelledStory]:
    # The bundled sample's rows, with the STORY and CATEGORY columns it leaves out.
    text = (DATA / "uci-news-aggregator-subset" / "newsCorpora.first6365.tsv").read_text(encoding="utf-8")
    by_story: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in read_uci_rows(text):
        by_story[row["STORY"]].append(row)
    stories = []
    for number, rows in enumerate(by_story.values(), start=1):
        titles = [row["TITLE"] for row in rows]
        stories.append(LabelledStory(_profile(number, titles, titles, analyser), rows[0]["CATEGORY"]))
    return stories


def _near(first: str, second: str) -> bool:
    return any(first in topics and second in topics for topics in NEAR_TOPICS)


@dataclass(frozen=True, slots=True)
class Pair:
    target: int
    score: float
    content: float
    related: bool
    rank: int
    headlines: tuple[str, str]
    shared: tuple[str, ...]


def scored_pairs(stories: Sequence[LabelledStory], *, negatives_only: bool = False) -> list[Pair]:
    """Every candidate pair the store would hand ``related_stories``, scored with no floor;
    ``negatives_only``: the same topic says nothing (UCI categories), leave such pairs out."""
    by_key: dict[str, set[int]] = defaultdict(set)
    for position, story in enumerate(stories):
        for key, _ in story.profile.entities:
            by_key[key].add(position)
    pairs = []
    for position, story in enumerate(stories):
        shared: Counter[int] = Counter()
        for key, _ in story.profile.entities:
            shared.update(other for other in by_key[key] if other != position)
        chosen = sorted(shared, key=lambda other: (-shared[other], -other))[:CANDIDATES]
        found = related_stories(
            story.profile, [stories[other].profile for other in chosen], limit=len(chosen), min_score=0.0
        )
        for rank, item in enumerate(found):
            other = stories[item.story.story_id - 1]
            if other.topic != story.topic and _near(story.topic, other.topic):
                continue
            if negatives_only and other.topic == story.topic:
                continue
            pairs.append(
                Pair(
                    position,
                    item.score,
                    item.content_similarity,
                    other.topic == story.topic,
                    rank,
                    (story.profile.story.headline, item.story.headline),
                    item.shared_entities,
                )
            )
    return pairs


def _percentiles(values: Sequence[float]) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    picks = [
        ordered[min(len(ordered) - 1, int(share * len(ordered)))] for share in (0.1, 0.25, 0.5, 0.75, 0.9)
    ]
    return " / ".join(f"{value:.3f}" for value in picks)


def report(name: str, pairs: Sequence[Pair], floors: Sequence[float], show: int) -> None:
    related = [pair for pair in pairs if pair.related]
    unrelated = [pair for pair in pairs if not pair.related]
    print(f"\n## {name}: {len(related)} related and {len(unrelated)} unrelated candidate pairs")
    print(f"score percentiles 10/25/50/75/90, related:   {_percentiles([pair.score for pair in related])}")
    print(f"score percentiles 10/25/50/75/90, unrelated: {_percentiles([pair.score for pair in unrelated])}")
    print(
        "| floor | listed | precision | related kept | unrelated listed "
        "| targets with an unrelated story in their first 6 |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    targets = {pair.target for pair in pairs}
    for floor in floors:
        listed = [pair for pair in pairs if pair.score >= floor]
        good = sum(pair.related for pair in listed)
        # The first six listed after the floor: a pair's rank counts only stories above it.
        shown_bad: set[int] = set()
        by_target: dict[int, list[Pair]] = defaultdict(list)
        for pair in listed:
            by_target[pair.target].append(pair)
        for target, kept in by_target.items():
            kept.sort(key=lambda pair: pair.rank)
            if any(not pair.related for pair in kept[:SHOWN]):
                shown_bad.add(target)
        precision = good / len(listed) if listed else 1.0
        kept_share = good / len(related) if related else 1.0
        print(
            f"| {floor:.2f} | {len(listed)} | {precision:.1%} | {kept_share:.1%} | {len(listed) - good} "
            f"| {len(shown_bad)} of {len(targets)} |"
        )
    for pair in sorted(unrelated, key=lambda pair: -pair.score)[:show]:
        print(
            f"  unrelated {pair.score:.3f} (words {pair.content:.2f}) {pair.headlines} sharing {pair.shared}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--floor", type=float, action="append", help="floors to report (repeatable)")
    parser.add_argument("--show", type=int, default=0, help="print the N best-scored unrelated pairs")
    arguments = parser.parse_args()
    floors = arguments.floor or [0.0, 0.05, 0.10, 0.15, 0.20, 0.25, MIN_RELATED_SCORE, 0.30, 0.35, 0.40]
    floors = sorted(set(floors))
    analyser = load_analyser()
    print(f"analyser: {analyser.name}; shipped floor MIN_RELATED_SCORE = {MIN_RELATED_SCORE}")
    for name, load in (("WikiRef220", wikiref), ("Utomo & Leu, gold1", utomo)):
        report(name, scored_pairs(load(analyser)), floors, arguments.show)
    uci = scored_pairs(uci_sample(analyser), negatives_only=True)
    report("UCI sample, stories of different categories", uci, floors, arguments.show)


if __name__ == "__main__":
    main()
