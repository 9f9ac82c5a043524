"""A story's articles made ready for summaries and agreement: who is an independent source, which
sentences are claims, what each names, and how alike any two claims are.

**Independent sources.** A copy (an article whose ``copy_of`` names the article it republishes)
is its original's source, whatever outlet published it and whether or not the original is in
the story; several articles of one outlet are one source: agreement means that *different
newsrooms* report a fact, so a wire story republished ten times agrees only with itself. An outlet is its key
(``Outlet.key``: its domain, else its case-folded name, as the store keys outlets), never its
display name: two outlets may share one (allAfrica republishing as "Voice of America" beside
voanews.com) and are still two newsrooms.

**Language.** The summary is made in the story's main language (the most common among its
articles; an article without one is English if it reads as English). Articles in another
language are left out with a reason: the sentence model reads English only. A story in another
language is summarised by word overlap alone (no sentence vectors).

**How alike two claims are** (``alignment``) mixes two measures, because within one story every
sentence is about the same people and places and a plain sentence-vector cosine cannot tell two
facts apart (on the seeds, true pairs scored 0.58 to 0.77 and false ones up to 0.72):

* the cosine of sentence vectors after removing the story's mean vector, which leaves what is
  particular to each sentence;
* the cosine of TF-IDF vectors of lemmas, entity keys and numbers, with document frequencies
  counted over the story's own sentences, so the names everyone repeats weigh little and the
  rare words two outlets share ("Iskander", "joint exercises") weigh much.

**Support.** An article supports a claim only if it names every entity and gives every number
the claim states: a fact with "MiG-31K" in it is not in an article that never says "MiG-31K".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from sklearn.feature_extraction.text import TfidfVectorizer

from tidings.model import Citation, Entity, SkippedArticle, StoredArticle
from tidings.summarize.encoder import SentenceEncoder
from tidings.summarize.entities import resolve_entities
from tidings.summarize.text import AnalysedText, Mention, Sentence, TextAnalyser, guess_is_english

__all__ = [
    "READ_IN_PART",
    "StoryClaim",
    "StoryText",
    "article_language",
    "encode_once",
    "prepare_story",
]

Matrix = npt.NDArray[np.float32]

# Weight of the centred sentence-vector cosine in ``alignment`` (the TF-IDF cosine has the rest).
# Tuned with the agreement thresholds in agreement.py: seeds plus 20 Multi-News validation
# clusters read by eye, 2026-11-23; re-run bench/summaries.py --agreement after a change.
SEMANTIC_WEIGHT = 0.5

# In a two-sentence unit, each sentence must reach this share of the unit's score to be credited.
UNIT_SHARE = 0.6

# Claims read from one article at most. A news article has 15 to 60 sentences; past 150 a text
# is a transcript or a live blog, its opening holds the news, and comparing every sentence with
# every other would grow with the square of its length.
MAX_CLAIMS_PER_ARTICLE = 150

# The code of an article that declares no language and does not read as English (ISO 639-2).
UNDETERMINED = "und"

# The reason given for an article that was read only in part; every other reason in ``skipped``
# means the article was left out of the summary.
READ_IN_PART = "is very long: only its beginning was read"


@dataclass(frozen=True, slots=True)
class StoryClaim:
    """One claim-worthy sentence of a story's article, with the entity keys it names."""

    article: int
    sentence: Sentence
    keys: frozenset[str]


@dataclass(slots=True)
class StoryText:
    """A story ready to summarise. Positions (``article``) index ``articles``."""

    articles: list[StoredArticle]
    sources: list[int]
    language: str | None
    claims: list[StoryClaim]
    entities: tuple[Entity, ...]
    skipped: list[SkippedArticle]
    vectors: Matrix
    alignment: Matrix
    title_vectors: Matrix
    semantic: Matrix
    lexical: Matrix
    article_keys: list[frozenset[str]] = field(default_factory=list)
    article_numbers: list[frozenset[str]] = field(default_factory=list)
    article_folded: list[str] = field(default_factory=list)
    article_spaced: list[str] = field(default_factory=list)
    entity_names: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def source_count(self) -> int:
        return len(set(self.sources))

    def citation(self, article: int) -> Citation:
        stored = self.articles[article]
        return Citation(article_id=stored.article_id, outlet=stored.article.outlet.name)

    def copies_with(self, claim: StoryClaim) -> list[int]:
        """Other articles of the claim's source that carry its sentence word for word."""
        own = self.sources[claim.article]
        wording = " ".join(claim.sentence.text.casefold().split())
        return [
            article
            for article, source in enumerate(self.sources)
            if source == own and article != claim.article and wording in self.article_spaced[article]
        ]

    def supports(self, article: int, claim: StoryClaim) -> bool:
        """Whether ``article`` names every entity and number that ``claim`` states."""
        if claim.article == article:
            return True
        if not claim.sentence.numbers <= self.article_numbers[article]:
            return False
        text = self.article_folded[article]
        for key in claim.keys:
            if key in self.article_keys[article]:
                continue
            if not any(name in text for name in self.entity_names.get(key, frozenset({key}))):
                return False
        return True


def _source_groups(articles: Sequence[StoredArticle]) -> list[int]:
    """One group number per article: an article's copies, and an outlet's own articles, share a
    group.

    A copy belongs to the source of the writing it copies, never to its own outlet's: an
    aggregator republishing two newsrooms' stories does not make them one source. Copies of one
    original are one source even when the original is not among ``articles`` (left out for
    having no text, or in another story): two republications of one text are not two outlets
    that agree."""
    # Positions 0..n-1 are the articles; an original that is not among them gets a node after.
    parent = list(range(len(articles)))

    def find(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(first: int, second: int) -> None:
        parent[find(first)] = find(second)

    node_of = {stored.article_id: position for position, stored in enumerate(articles)}
    by_outlet: dict[str, int] = {}
    for position, stored in enumerate(articles):
        if stored.copy_of is not None:
            if stored.copy_of not in node_of:
                node_of[stored.copy_of] = len(parent)
                parent.append(len(parent))
            union(position, node_of[stored.copy_of])
            continue
        outlet = stored.article.outlet.key
        if outlet in by_outlet:
            union(position, by_outlet[outlet])
        else:
            by_outlet[outlet] = position
    roots: dict[int, int] = {}
    return [roots.setdefault(find(position), len(roots)) for position in range(len(articles))]


def article_language(stored: StoredArticle) -> str:
    """The article's language code: as declared, else \"en\" if it reads as English, else \"und\"."""
    declared = (stored.article.language or "").split("-")[0].casefold()
    if declared:
        return declared
    return "en" if guess_is_english(stored.article.text) else UNDETERMINED


def _choose_articles(
    articles: Sequence[StoredArticle],
) -> tuple[list[StoredArticle], str | None, list[SkippedArticle]]:
    skipped: list[SkippedArticle] = []
    with_text: list[tuple[StoredArticle, str]] = []
    for stored in articles:
        if not stored.article.text.strip():
            skipped.append(SkippedArticle(stored.article_id, "has no text (a headline only)"))
            continue
        with_text.append((stored, article_language(stored)))
    if not with_text:
        return [], None, skipped
    counts = Counter(language for _, language in with_text)
    # Ties go to English, which the sentence model reads best.
    main = max(counts, key=lambda language: (counts[language], language == "en"))
    kept = []
    for stored, language in with_text:
        if language == main:
            kept.append(stored)
        else:
            skipped.append(SkippedArticle(stored.article_id, _other_language(language, main)))
    return kept, main, skipped


def _other_language(language: str, main: str) -> str:
    """Why an article in ``language`` is left out of a story in ``main``, in a reader's words:
    "und" (undetermined) is a code a reader does not know, and the German word for "and"."""
    story = "an undeclared language other than English" if main == UNDETERMINED else main
    if language == UNDETERMINED:
        return f"is in another language (not English, and it declares none; the story is in {story})"
    return f"is in another language ({language}; the story is in {story})"


def _tfidf_rows(claims: Sequence[StoryClaim]) -> Matrix:
    """L2-normalised TF-IDF rows of each claim's lemmas, entity keys and numbers, with document
    frequencies counted over this story's claims."""
    documents = [
        [
            *claim.sentence.terms,
            *(f"@{key}" for key in claim.keys),
            *(f"#{number}" for number in claim.sentence.numbers),
        ]
        for claim in claims
    ]
    if not any(documents):
        return np.zeros((len(claims), 1), dtype=np.float32)
    vectorizer = TfidfVectorizer(analyzer=lambda terms: terms, sublinear_tf=True, norm="l2")
    return np.asarray(vectorizer.fit_transform(documents).toarray(), dtype=np.float32)


def _unit_rows(rows: Matrix) -> Matrix:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return np.asarray(rows / np.maximum(norms, 1e-6), dtype=np.float32)


def _adjacent_pairs(claims: Sequence[StoryClaim]) -> list[int]:
    """Claims ``i`` whose next claim ``i + 1`` is in the same article."""
    return [index for index in range(len(claims) - 1) if claims[index].article == claims[index + 1].article]


def _alignment(claims: Sequence[StoryClaim], vectors: Matrix | None) -> tuple[Matrix, Matrix, Matrix]:
    """(alignment, centred-vector cosine, TF-IDF cosine) between every two claims.

    ``alignment`` also compares each claim with every two adjacent claims of an article taken as
    one unit, and credits the better of the two: one outlet often says in one sentence what another
    says in two ("trained crews for warplanes modified for special warheads" against "tested
    aircraft capable of carrying special weapons. We are preparing crews…"), as sentence aligners
    of translations allow 1:2 beads (Gale and Church 1993).
    """
    lexical_rows = _tfidf_rows(claims)
    parts: list[tuple[float, Matrix]] = [(1.0, lexical_rows)]
    if vectors is not None and vectors.shape[1]:
        centre = vectors.mean(axis=0, keepdims=True)
        parts = [(SEMANTIC_WEIGHT, _unit_rows(vectors - centre)), (1 - SEMANTIC_WEIGHT, lexical_rows)]
    single = sum((weight * (rows @ rows.T) for weight, rows in parts), np.zeros((len(claims),) * 2))
    semantic = parts[0][1] @ parts[0][1].T if len(parts) == 2 else np.zeros_like(single)
    lexical = lexical_rows @ lexical_rows.T
    starts = _adjacent_pairs(claims)
    best = single.copy()
    if starts:
        pair_parts = []
        for weight, rows in parts:
            if rows is lexical_rows:
                pair_rows = _unit_rows(rows[starts] + rows[[start + 1 for start in starts]])
            else:
                raw = vectors if vectors is not None else rows
                summed = _unit_rows(raw[starts] + raw[[start + 1 for start in starts]])
                pair_rows = _unit_rows(summed - raw.mean(axis=0, keepdims=True))
            pair_parts.append((weight, rows, pair_rows))
        to_pairs = np.zeros((len(claims), len(starts)))
        for weight, rows, pair_rows in pair_parts:
            to_pairs += weight * (rows @ pair_rows.T)
        for column, start in enumerate(starts):
            unit = to_pairs[:, column]
            # A two-sentence unit counts only where it says more than either sentence alone, and
            # only for a sentence that carries its share of it: otherwise a sentence next to a
            # good match would be credited with its neighbour's match.
            better = unit > np.maximum(single[:, start], single[:, start + 1])
            for member in (start, start + 1):
                credited = better & (single[:, member] >= UNIT_SHARE * unit)
                best[:, member] = np.where(credited, np.maximum(best[:, member], unit), best[:, member])
        # A claim is never credited for a unit of its own article.
        articles = np.array([claim.article for claim in claims])
        same_article = articles[:, None] == articles[None, :]
        best = np.where(same_article, single, best)
    alignment = np.maximum(best, best.T)
    return (
        np.asarray(alignment, dtype=np.float32),
        np.asarray(semantic, dtype=np.float32),
        np.asarray(lexical, dtype=np.float32),
    )


def encode_once(encoder: SentenceEncoder, sentences: Sequence[str]) -> Matrix:
    """One vector per sentence, each distinct sentence encoded once: the encoder is most of a
    story's cost, and a story repeats sentences (copies of a wire story, a headline that is also
    its first sentence, a page's "Exclusive recipe for a quick dinner" under each of 23 entries)."""
    distinct = list(dict.fromkeys(sentences))
    if len(distinct) == len(sentences):
        return encoder.encode(sentences)
    row_of = {sentence: row for row, sentence in enumerate(distinct)}
    return np.asarray(
        encoder.encode(distinct)[[row_of[sentence] for sentence in sentences]], dtype=np.float32
    )


def prepare_story(
    articles: Sequence[StoredArticle], *, analyser: TextAnalyser, encoder: SentenceEncoder | None
) -> StoryText:
    """Everything the summary and agreement need, computed once per story."""
    kept, language, skipped = _choose_articles(articles)
    analysed: list[AnalysedText] = analyser.analyse(
        [stored.article.text for stored in kept], english=[language == "en"] * len(kept)
    )
    for stored, text in zip(kept, analysed, strict=True):
        if text.truncated:
            skipped.append(SkippedArticle(stored.article_id, READ_IN_PART))

    mentions: list[tuple[int, Mention]] = []
    owners: list[tuple[int, int]] = []
    for position, text in enumerate(analysed):
        for sentence in text.sentences:
            for mention in sentence.mentions:
                mentions.append((kept[position].article_id, mention))
                owners.append((position, sentence.index))
    resolution = resolve_entities(mentions)

    sentence_keys: dict[tuple[int, int], set[str]] = {}
    article_keys: list[set[str]] = [set() for _ in kept]
    entity_names: dict[str, set[str]] = {}
    for (position, index), key, (_, mention) in zip(owners, resolution.keys, mentions, strict=True):
        if key is None:
            continue
        sentence_keys.setdefault((position, index), set()).add(key)
        article_keys[position].add(key)
        names = entity_names.setdefault(key, {key})
        names.add(mention.text.casefold())
        if " " in key:
            names.add(key.rsplit(" ", 1)[-1])

    claims: list[StoryClaim] = []
    for position, text in enumerate(analysed):
        article_claims = [sentence for sentence in text.sentences if sentence.is_claim]
        if len(article_claims) > MAX_CLAIMS_PER_ARTICLE and not text.truncated:
            skipped.append(SkippedArticle(kept[position].article_id, READ_IN_PART))
        claims.extend(
            StoryClaim(position, sentence, frozenset(sentence_keys.get((position, sentence.index), ())))
            for sentence in article_claims[:MAX_CLAIMS_PER_ARTICLE]
        )
    texts = [claim.sentence.text for claim in claims]
    titles = [stored.article.title.strip() for stored in kept if stored.article.title.strip()]
    # The sentence model is English's (all-MiniLM-L6-v2): other languages' sentences come out of
    # it as noise, at full cost (a 53 KB Russian page: 6 CPU-s), so they are aligned by their
    # words alone, as without the model.
    if encoder is not None and claims and language == "en":
        vectors = encode_once(encoder, texts + titles)
        claim_vectors, title_vectors = vectors[: len(texts)], vectors[len(texts) :]
        alignment, semantic, lexical = _alignment(claims, claim_vectors)
    else:
        claim_vectors = np.zeros((len(claims), 0), dtype=np.float32)
        title_vectors = np.zeros((0, 0), dtype=np.float32)
        alignment, semantic, lexical = _alignment(claims, None)

    return StoryText(
        articles=list(kept),
        sources=_source_groups(kept),
        language=language,
        claims=claims,
        entities=resolution.entities,
        skipped=skipped,
        vectors=claim_vectors,
        alignment=np.asarray(alignment, dtype=np.float32),
        title_vectors=title_vectors,
        semantic=semantic,
        lexical=lexical,
        article_keys=[frozenset(keys) for keys in article_keys],
        article_numbers=[
            frozenset(number for sentence in text.sentences for number in sentence.numbers)
            for text in analysed
        ],
        article_folded=[stored.article.text.casefold() for stored in kept],
        article_spaced=[" ".join(stored.article.text.casefold().split()) for stored in kept],
        entity_names={key: frozenset(names) for key, names in entity_names.items()},
    )
