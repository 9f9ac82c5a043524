"""Fingerprints of an article's writing: word shingles, a MinHash signature and LSH band keys.

MinHash comes from datasketch. The band keys are ours because the same keys must work in two
places: the in-memory index of the batch command and an indexed column of the store (datasketch's
``MinHashLSH`` keeps its buckets in memory, Redis or Cassandra only). A band key is a short hash of
``ROWS_PER_BAND`` consecutive signature values, prefixed by the band's number, exactly the bucket
``MinHashLSH`` would use; two texts share at least one key with probability ``1 - (1 - J^r)^b``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash

__all__ = [
    "BANDS",
    "MAX_FINGERPRINT_CHARS",
    "NUM_PERM",
    "ROWS_PER_BAND",
    "SHINGLE_WORDS",
    "Fingerprint",
    "band_keys",
    "estimated_overlap",
    "fingerprint",
    "normalized_words",
]

# 128 permutations, of which 126 make 42 bands of 3 rows: a pair shares a band with probability
# 0.996 at Jaccard 0.5 (the copy threshold), 0.68 at 0.3 and 0.13 at 0.15, so copies are nearly
# always candidates, and the few different articles on one event that are (at most 0.30 Jaccard
# in bench/stories.py's copy test) are refused by the estimate that follows. Changing these
# invalidates stored band keys: re-run the benchmark and write a migration that recomputes them.
NUM_PERM = 128
BANDS = 42
ROWS_PER_BAND = 3
# Five-word shingles: short enough that one changed word spoils few shingles, long enough that
# two different articles on one event share almost none (the copy test in bench/stories.py).
SHINGLE_WORDS = 5
# A 10 MB article is fingerprinted by its first 200,000 characters (about 30,000 words): enough
# to tell a copy, and a bounded cost whatever the input.
MAX_FINGERPRINT_CHARS = 200_000
SEED = 1

_WORD = re.compile(r"\w+", re.UNICODE)
# Zero-width characters some sites sprinkle through words; they would split a word in two.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def normalized_words(text: str, *, max_chars: int = MAX_FINGERPRINT_CHARS) -> list[str]:
    """Case-folded words of ``text`` with accents and invisible characters removed."""
    cleaned = unicodedata.normalize("NFKC", text[:max_chars]).translate(_INVISIBLE)
    return _WORD.findall(cleaned.casefold())


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What copy detection keeps of one text: exact hash, signature, shingle count, band keys."""

    content_hash: str
    signature: tuple[int, ...]
    shingle_count: int
    word_count: int

    @property
    def band_keys(self) -> tuple[str, ...]:
        return band_keys(self.signature)

    def signature_bytes(self) -> bytes:
        return np.asarray(self.signature, dtype=np.uint64).tobytes()

    @staticmethod
    def signature_from_bytes(raw: bytes) -> tuple[int, ...]:
        return tuple(int(value) for value in np.frombuffer(raw, dtype=np.uint64))


def _shingles(words: list[str]) -> set[bytes]:
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {
        " ".join(words[start : start + SHINGLE_WORDS]).encode("utf-8")
        for start in range(len(words) - SHINGLE_WORDS + 1)
    }


def fingerprint(text: str) -> Fingerprint:
    """The fingerprint of ``text`` (an article's body; its title is left out on purpose, since
    a republished copy often gets a new headline)."""
    words = normalized_words(text)
    digest = hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()
    shingles = _shingles(words)
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    if shingles:
        minhash.update_batch(list(shingles))
    lean = LeanMinHash(minhash)
    return Fingerprint(
        content_hash=digest,
        signature=tuple(int(value) for value in lean.hashvalues),
        shingle_count=len(shingles),
        word_count=len(words),
    )


def band_keys(signature: tuple[int, ...]) -> tuple[str, ...]:
    """One key per LSH band: ``"<band>:<hash of its rows>"``, 16 hex characters of hash."""
    values = np.asarray(signature, dtype=np.uint64)
    keys = []
    for band in range(BANDS):
        rows = values[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND].tobytes()
        keys.append(f"{band:02d}:{hashlib.blake2b(rows, digest_size=8).hexdigest()}")
    return tuple(keys)


def estimated_jaccard(first: tuple[int, ...], second: tuple[int, ...]) -> float:
    """The share of equal signature values: an unbiased estimate of the shingles' Jaccard."""
    return float(np.mean(np.asarray(first, dtype=np.uint64) == np.asarray(second, dtype=np.uint64)))


def estimated_overlap(first: Fingerprint, second: Fingerprint) -> tuple[float, float]:
    """Estimated (Jaccard, containment) of two texts' shingle sets.

    Containment is the share of the smaller text's shingles found in the larger one: a teaser or
    a copy cut to its first paragraphs is contained in its original though their Jaccard is low.
    It follows from |A∩B| = J/(1+J)·(|A|+|B|).
    """
    jaccard = estimated_jaccard(first.signature, second.signature)
    smaller = min(first.shingle_count, second.shingle_count)
    if smaller == 0:
        return jaccard, 0.0
    shared = jaccard / (1.0 + jaccard) * (first.shingle_count + second.shingle_count)
    return jaccard, min(1.0, shared / smaller)
