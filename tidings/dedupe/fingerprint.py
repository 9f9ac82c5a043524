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
import zlib
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

# numpy and datasketch are imported in the functions that use them, not here: the store imports
# this package for its types, and every command that only reads the store (`tidings articles`,
# `tidings --help`) would load them (datasketch loads SciPy: half a second) for nothing.
if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

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
    "shingle_hashes",
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
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def normalized_words(text: str, *, max_chars: int = MAX_FINGERPRINT_CHARS) -> list[str]:
    """Case-folded words of ``text`` with accents and invisible characters removed."""
    cleaned = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text[:max_chars]))
    return _WORD.findall(cleaned.casefold())


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What copy detection keeps of one text: exact hash, signature, shingle count, band keys.

    ``band_keys`` are computed once by ``fingerprint``; a fingerprint read back from the store
    leaves them empty (they are looked up there, not recomputed).
    """

    content_hash: str
    # The NUM_PERM MinHash values as little-endian uint64 bytes: a quarter of the memory of a
    # tuple of ints, and what the store keeps as it is.
    signature: bytes
    shingle_count: int
    word_count: int
    band_keys: tuple[str, ...] = ()


_MASK32 = 0xFFFFFFFF
# Odd 32-bit multipliers for the word positions of a shingle (any fixed odd numbers do).
_POSITION_MULTIPLIERS = (0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1)


def shingle_hashes(words: list[str]) -> npt.NDArray[np.uint64]:
    """Distinct 32-bit hashes of the text's ``SHINGLE_WORDS``-word shingles.

    Each word is hashed once (CRC-32) and a shingle's hash mixes its words' hashes by position in
    numpy, instead of hashing every shingle's bytes in Python with SHA-1 (datasketch's default,
    which took 12 ms of the 13 ms an article cost in bench/stories.py).
    """
    import numpy as np  # noqa: PLC0415 - see the imports

    if not words:
        return np.zeros(0, dtype=np.uint64)
    # Each distinct word is hashed once: news text repeats its words about twice over.
    distinct, positions = np.unique(np.array(words), return_inverse=True)
    distinct_hashes = np.fromiter(
        (zlib.crc32(word.encode("utf-8")) for word in distinct.tolist()), dtype=np.uint64, count=len(distinct)
    )
    word_hashes = distinct_hashes[positions.reshape(-1)]
    width = min(SHINGLE_WORDS, len(words))
    count = len(words) - width + 1
    mask = np.uint64(_MASK32)
    multipliers = np.array(_POSITION_MULTIPLIERS, dtype=np.uint64)
    mixed = np.zeros(count, dtype=np.uint64)
    for position in range(width):
        mixed = (mixed + word_hashes[position : position + count] * multipliers[position]) & mask
        mixed ^= mixed >> np.uint64(15)
    unique: npt.NDArray[np.uint64] = np.unique(mixed)
    return unique


def _identity(value: int) -> int:
    return value


_SCHEME = "affine32"


@cache
def _permutations() -> npt.NDArray[np.uint32]:
    """The MinHash permutations of ``SEED``, drawn on first use and kept: datasketch draws them
    from the seed on every MinHash; drawing them once is the same permutations at a thousandth of
    the cost.
    """
    from datasketch import MinHash  # noqa: PLC0415 - see the imports

    permutations: npt.NDArray[np.uint32] = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=_SCHEME).permutations
    return permutations


def fingerprint(text: str) -> Fingerprint:
    """The fingerprint of ``text``: an article's body, its title left out on purpose, since a
    republished copy often gets a new headline; a teaser too short for shingles is given with its
    headline (``dedupe.subject_of``)."""
    import numpy as np  # noqa: PLC0415 - see the imports
    from datasketch import LeanMinHash, MinHash  # noqa: PLC0415 - see the imports

    words = normalized_words(text)
    digest = hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()
    hashes = shingle_hashes(words)
    minhash = MinHash(
        num_perm=NUM_PERM, seed=SEED, hashfunc=_identity, permutations=_permutations(), scheme=_SCHEME
    )
    if len(hashes):
        minhash.update_batch(hashes.tolist())
    signature = np.asarray(LeanMinHash(minhash).hashvalues, dtype="<u8").tobytes()
    return Fingerprint(
        content_hash=digest,
        signature=signature,
        shingle_count=len(hashes),
        word_count=len(words),
        band_keys=band_keys(signature),
    )


def band_keys(signature: bytes) -> tuple[str, ...]:
    """One key per LSH band: ``"<band>:<hash of its rows>"``, 16 hex characters of hash."""
    import numpy as np  # noqa: PLC0415 - see the imports

    values = np.frombuffer(signature, dtype="<u8")
    keys = []
    for band in range(BANDS):
        rows = values[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND].tobytes()
        keys.append(f"{band:02d}:{hashlib.blake2b(rows, digest_size=8).hexdigest()}")
    return tuple(keys)


def estimated_jaccard(first: bytes, second: bytes) -> float:
    """The share of equal signature values: an unbiased estimate of the shingles' Jaccard."""
    import numpy as np  # noqa: PLC0415 - see the imports

    return float(np.mean(np.frombuffer(first, dtype="<u8") == np.frombuffer(second, dtype="<u8")))


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
