"""What event clustering knows of one article: a dense vector, weighted words, time and outlet.

* The **dense vector** (``embed.py``) of the title and lead finds near neighbours fast through
  the ANN index, and carries meaning across different wording, which matters for headlines.
* The **lexical vector** is TF-IDF over the title and body, on hashed words (scikit-learn's
  ``HashingVectorizer``, English stop words removed, and those of the article's own language
  where spaCy lists them: ``without_stop_words``) with document frequencies counted online
  (``Lexicon``): an article is weighed against what was seen before it, as a live aggregator
  must. On full text it separates events better than either embedding (bench/stories.py).
  Each article keeps its ``MAX_TERMS`` most frequent words and their counts; weights are applied
  when two articles are compared, so they follow the document frequencies as they grow.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import numpy as np
import numpy.typing as npt
from sklearn.feature_extraction.text import HashingVectorizer

__all__ = [
    "LEAD_WORDS",
    "MAX_FEATURE_CHARS",
    "MAX_TERMS",
    "STOP_WORD_LANGUAGES",
    "ArticleFeatures",
    "LexicalQuery",
    "Lexicon",
    "TermCounts",
    "clean_text",
    "dense_text",
    "lexical_text",
    "models_read",
    "stop_word_ids",
    "term_counts",
    "without_stop_words",
]

# The title and the first 150 words make the dense text: the lead is where an article says what
# happened (bench/stories.py: longer dense texts did not help the static model on Multi-News).
LEAD_WORDS = 150
# Features read at most the first 200,000 characters: a 10 MB article costs no more than a long one.
MAX_FEATURE_CHARS = 200_000
# Words kept per article for lexical comparison: the most frequent 256 cover nearly all of a
# news article's TF-IDF mass (median Multi-News article: 470 words, ~230 distinct non-stop words).
MAX_TERMS = 256
HASH_BUCKETS = 2**20
# Stored articles' TF-IDF weights are recomputed after the document count grows by this share.
IDF_REFRESH_SHARE = 0.01

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Letters, and those of the Latin script (after NFKC, which makes fullwidth Latin ASCII). Both
# models (all-MiniLM-L6-v2, and the static model distilled from it) learned English: in Cyrillic,
# Chinese, Arabic or Thai their vectors say which script a text is in, not what it reports
# (unrelated Russian headlines were closer to each other than the same event's English ones; Thai
# has no known word piece, so every Thai headline had one vector). QA, 2026-12-07.
_LETTER = re.compile(r"[^\W\d_]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")
# German, French or Spanish headlines share the Latin script and many word pieces with English,
# but the models read them no better: 18 headlines of six unrelated events in each language were
# one or two stories under either model, at B-cubed F1 0.29-0.35, and 0.65 / 0.85 / 0.83 by their
# words (no story mixing two events); a stricter headline-model threshold did no better on all
# three (0.82 / 0.69 / 0.69 at its best, 0.5). tests/fixtures/stories/headlines-*.jsonl, 2026-12-07.
_MODELS_LANGUAGE = "en"


def models_read(title: str, language: str | None = None) -> bool:
    """Whether the embedding models can read ``title``: its ``language`` (a code) is English or
    unknown, and at least half its letters are Latin (a title without letters, or none, is given
    the benefit of the doubt)."""
    if language is not None and language.replace("_", "-").split("-")[0].casefold() != _MODELS_LANGUAGE:
        return False
    letters = len(_LETTER.findall(title))
    return 2 * len(_LATIN_LETTER.findall(title)) >= letters


def clean_text(text: str, *, max_chars: int = MAX_FEATURE_CHARS) -> str:
    """NFKC-normalized text without zero-width characters (they split words in two)."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text[:max_chars]))


def dense_text(title: str, text: str) -> str:
    lead = " ".join(clean_text(text, max_chars=LEAD_WORDS * 12).split()[:LEAD_WORDS])
    return f"{clean_text(title)}\n{lead}".strip()


def lexical_text(title: str, text: str) -> str:
    return f"{clean_text(title)}\n{clean_text(text)}".strip()


@dataclass(frozen=True, slots=True, eq=False)
class TermCounts:
    """An article's most frequent hashed words (sorted ids) and their sublinear term frequency,
    ``1 + log(count)``."""

    terms: npt.NDArray[np.int32]
    tf: npt.NDArray[np.float32]

    def to_bytes(self) -> tuple[bytes, bytes]:
        return self.terms.astype(np.int32).tobytes(), self.tf.astype(np.float32).tobytes()

    @staticmethod
    def from_bytes(terms: bytes, tf: bytes) -> TermCounts:
        return TermCounts(
            np.frombuffer(terms, dtype=np.int32).copy(), np.frombuffer(tf, dtype=np.float32).copy()
        )


_VECTORIZER = HashingVectorizer(
    n_features=HASH_BUCKETS, alternate_sign=False, norm=None, stop_words="english", dtype=np.float32
)

# The languages whose own stop words are taken out of their articles' words: those spaCy ships a
# list for (``spacy.lang.<code>.stop_words``, no model needed) that Tidings stores articles in
# (ISO 639-1 codes and the other codes py3langid names), English aside, whose list is
# scikit-learn's and taken out of every text as before. Norwegian is "no" to py3langid and "nb"
# to spaCy. In German, French or Spanish headlines the function words ("der", "la", "el") were a
# good part of each headline's weight, so one event's headlines worded apart stayed apart
# (docs/benchmarks.md, 2026-12-07).
_SPACY_STOP_WORD_CODES = (
    "af", "am", "ar", "az", "bg", "bn", "ca", "cs", "da", "de", "el", "es", "et", "eu", "fa", "fi", "fr",
    "ga", "gd", "grc", "gu", "he", "hi", "hr", "ht", "hu", "hy", "id", "is", "it", "ja", "kn", "ko", "ky",
    "la", "lb", "lg", "lij", "lt", "lv", "mk", "ml", "mr", "ms", "ne", "nl", "pl", "pt", "ro", "ru", "sa",
    "si", "sk", "sl", "sq", "sr", "sv", "ta", "te", "th", "tl", "tr", "tt", "uk", "ur", "vi", "yo", "zh",
)  # fmt: skip
STOP_WORD_LANGUAGES: dict[str, str] = {code: code for code in _SPACY_STOP_WORD_CODES} | {
    "no": "nb",
    "nb": "nb",
}

# The words of a stop-word list as the vectorizer reads a text (lower case, runs of two or more
# word characters: "aujourd'hui" is "aujourd" and "hui"), hashed alike.
_ALL_WORDS = HashingVectorizer(n_features=HASH_BUCKETS, alternate_sign=False, norm=None, dtype=np.float32)


def _primary_language(language: str | None) -> str | None:
    """The primary subtag of a language code or tag ("de-AT", "de_at" → "de"), in lower case."""
    if language is None:
        return None
    return language.replace("_", "-").split("-")[0].strip().casefold() or None


def stop_word_ids(language: str | None) -> npt.NDArray[np.int32]:
    """The hashed ids (sorted) of ``language``'s own stop words; none for English, an unknown
    language, or one spaCy has no list for."""
    code = STOP_WORD_LANGUAGES.get(_primary_language(language) or "")
    return np.zeros(0, dtype=np.int32) if code is None else _spacy_stop_word_ids(code)


@cache
def _spacy_stop_word_ids(code: str) -> npt.NDArray[np.int32]:
    """The hashed ids of spaCy's stop words for ``code``; spaCy is imported (about a second) on
    the first article in such a language, never for English only."""
    words: frozenset[str] | set[str] = importlib.import_module(f"spacy.lang.{code}.stop_words").STOP_WORDS
    hashed = _ALL_WORDS.transform([unicodedata.normalize("NFKC", " ".join(sorted(words)))]).indices
    return np.unique(hashed).astype(np.int32)


def without_stop_words(counts: TermCounts, language: str | None) -> TermCounts:
    """``counts`` less the words of ``language``'s stop-word list (``stop_word_ids``); ``counts``
    itself when there are none to take out.

    By hashed id, so that it applies alike to a text just read and to words stored before the
    lists were used: a restart takes the stop words out of articles stored earlier, and compares
    them as a fresh run would (but for a long text, which kept its ``MAX_TERMS`` most frequent
    words counting the stop words among them). A word whose hash is a stop word's goes too: about
    one in 2,000 words for a list of 500 in 2^20 buckets, alike in every article."""
    stops = stop_word_ids(language)
    if len(stops) == 0 or len(counts.terms) == 0:
        return counts
    content = ~np.isin(counts.terms, stops, assume_unique=True)
    if content.all():
        return counts
    return TermCounts(counts.terms[content], counts.tf[content])


def term_counts(texts: Sequence[str], languages: Sequence[str | None] | None = None) -> list[TermCounts]:
    """Hashed word counts of each text, less its language's stop words (``languages``: one per
    text, None for all unknown), cut to its ``MAX_TERMS`` most frequent words."""
    matrix = _VECTORIZER.transform(texts).tocsr()
    result = []
    for row in range(matrix.shape[0]):
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        terms = matrix.indices[start:end].astype(np.int32)
        counts = matrix.data[start:end].astype(np.float32)
        stops = stop_word_ids(languages[row]) if languages is not None else None
        if stops is not None and len(stops) > 0:
            content = ~np.isin(terms, stops)
            terms, counts = terms[content], counts[content]
        if len(terms) > MAX_TERMS:
            keep = np.argsort(-counts, kind="stable")[:MAX_TERMS]
            terms, counts = terms[keep], counts[keep]
        order = np.argsort(terms)
        result.append(TermCounts(terms[order], (1.0 + np.log(counts[order])).astype(np.float32)))
    return result


class Lexicon:
    """Online document frequencies of hashed words, and TF-IDF cosine on top of them."""

    def __init__(self) -> None:
        self.document_frequency = np.zeros(HASH_BUCKETS, dtype=np.int32)
        self.documents = 0
        # Weights of stored articles, kept until the document count has grown by 1%: IDF moves
        # slowly, and recomputing every neighbour's weights was the largest cost of placing.
        self._weights: dict[int, tuple[TermCounts, int, npt.NDArray[np.float32]]] = {}
        self._epoch = 0
        self._epoch_documents = 0
        # The subject's weights scattered by word id while it is compared (see ``query``).
        self._scratch = np.zeros(HASH_BUCKETS, dtype=np.float32)

    def observe(self, counts: TermCounts) -> None:
        self.document_frequency[counts.terms] += 1
        self.documents += 1
        if self.documents > self._epoch_documents * (1 + IDF_REFRESH_SHARE):
            self._epoch += 1
            self._epoch_documents = self.documents

    def forget(self, counts: TermCounts) -> None:
        """Take back an ``observe`` (the article's words changed)."""
        self.document_frequency[counts.terms] -= 1
        self.documents -= 1
        self._weights.pop(id(counts), None)

    def cached_weights(self, counts: TermCounts) -> npt.NDArray[np.float32]:
        """``weights(counts)``, recomputed only when the IDF has moved (see ``observe``)."""
        entry = self._weights.get(id(counts))
        if entry is not None and entry[0] is counts and entry[1] == self._epoch:
            return entry[2]
        found = self.weights(counts)
        self._weights[id(counts)] = (counts, self._epoch, found)
        return found

    def weights(self, counts: TermCounts) -> npt.NDArray[np.float32]:
        """Unit-length sublinear TF-IDF weights of ``counts.terms`` (smoothed IDF, as scikit-learn)."""
        if len(counts.terms) == 0:
            return np.zeros(0, dtype=np.float32)
        idf = np.log((1.0 + self.documents) / (1.0 + self.document_frequency[counts.terms])) + 1.0
        raw = counts.tf * idf
        unit: npt.NDArray[np.float32] = (raw / np.linalg.norm(raw)).astype(np.float32)
        return unit

    def cosine(self, first: TermCounts, second: TermCounts) -> float:
        with self.query(first) as query:
            return query.cosine(second)

    def query(self, subject: TermCounts) -> LexicalQuery:
        """The subject's weights computed once, to compare it with many articles."""
        return LexicalQuery(self, subject, self._scratch)


class LexicalQuery:
    """TF-IDF cosine of one article against others (a context: it borrows the lexicon's scratch
    array, where the subject's weights sit by word id so that each comparison is one gather)."""

    def __init__(self, lexicon: Lexicon, subject: TermCounts, scratch: npt.NDArray[np.float32]) -> None:
        self._lexicon = lexicon
        self._terms = subject.terms
        self._scratch = scratch
        scratch[subject.terms] = lexicon.weights(subject)

    def __enter__(self) -> LexicalQuery:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._scratch[self._terms] = 0.0

    def cosine(self, other: TermCounts) -> float:
        if len(other.terms) == 0:
            return 0.0
        return float(np.dot(self._scratch[other.terms], self._lexicon.cached_weights(other)))


@dataclass(frozen=True, slots=True, eq=False)
class ArticleFeatures:
    """One article as event clustering sees it. ``key`` is the article's id in its run or store.

    ``headline_only`` is true when the article has (next to) no body, so that only its title can
    be compared, which calls for a different threshold. ``dated`` is false when the article gave
    no publication date: ``published_at`` is then when it was fetched, and the silence rule does
    not apply to it (it may belong to a story of any age). ``headline_vector`` is the headline
    model's vector of a headline-only article when the embedder has one (``Embedder.headlines``).
    """

    key: int
    published_at: datetime
    outlet: str
    title: str
    language: str | None
    dense: npt.NDArray[np.float32]
    lexical: TermCounts
    headline_only: bool
    dated: bool = True
    headline_vector: npt.NDArray[np.float32] | None = None

    @property
    def dense_readable(self) -> bool:
        """Whether the dense vectors mean what the title says (``models_read``); where they do
        not, the article is compared by its words. Read from the title and language, which a
        restored article keeps, so that a restart compares alike."""
        return models_read(self.title, self.language)
