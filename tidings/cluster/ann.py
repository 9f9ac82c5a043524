"""Approximate nearest neighbours over article vectors (usearch's HNSW), saved beside the store.

Placing an article asks for its nearest earlier articles; an HNSW graph answers in about
logarithmic time, so placing the 100,000th article costs about what placing the 1,000th did
(the cost curve in docs/benchmarks.md). Vectors are kept as float16, halving memory with no
measurable change in neighbours at this dimension. The index saves to and loads from one file;
``VectorIndex.load`` refuses a file made for other dimensions so that a changed model rebuilds
the index from stored vectors instead of answering nonsense.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import numpy.typing as npt
from usearch.index import Index

__all__ = ["Neighbour", "VectorIndex"]

Neighbour = tuple[int, float]
"""An article key and its cosine similarity to the query."""

# HNSW graph degree and search breadth: usearch's defaults (16 and 64) lost 2% of true top-30
# neighbours on the 10k stream of bench/stories.py; 32/128 lost none at ~10% more time.
CONNECTIVITY = 32
EXPANSION_SEARCH = 128


# usearch checks for signals in long calls and answers Ctrl+C with this RuntimeError, which would
# reach the user as "unexpected error … a bug"; it is turned back into the interruption it is.
_USEARCH_INTERRUPTED = "Operation has been terminated"


@contextmanager
def _interruptible() -> Iterator[None]:
    try:
        yield
    except RuntimeError as error:
        if _USEARCH_INTERRUPTED in str(error):
            raise KeyboardInterrupt from error
        raise


class VectorIndex:
    """Unit vectors by integer key; ``nearest`` returns keys with cosine similarity."""

    def __init__(self, dimensions: int) -> None:
        self.dimensions = dimensions
        self._index = Index(
            ndim=dimensions,
            metric="cos",
            dtype="f16",
            connectivity=CONNECTIVITY,
            expansion_search=EXPANSION_SEARCH,
        )

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, key: int) -> bool:
        return bool(self._index.contains(key))

    def add(self, key: int, vector: npt.NDArray[np.float32]) -> None:
        with _interruptible():
            self._index.add(key, np.asarray(vector, dtype=np.float32))

    def replace(self, key: int, vector: npt.NDArray[np.float32]) -> None:
        """Put ``vector`` in place of the one ``key`` has (or add it)."""
        with _interruptible():
            if self._index.contains(key):
                self._index.remove(key)
            self._index.add(key, np.asarray(vector, dtype=np.float32))

    def add_many(self, keys: npt.NDArray[np.int64], vectors: npt.NDArray[np.float32]) -> None:
        if len(keys):
            with _interruptible():
                self._index.add(np.asarray(keys, dtype=np.uint64), np.asarray(vectors, dtype=np.float32))

    def nearest(self, vector: npt.NDArray[np.float32], count: int) -> list[Neighbour]:
        if len(self._index) == 0 or count <= 0:
            return []
        with _interruptible():
            matches = self._index.search(np.asarray(vector, dtype=np.float32), count)
        return [
            (int(key), 1.0 - float(distance))
            for key, distance in zip(matches.keys, matches.distances, strict=True)
        ]

    def save(self, path: Path) -> None:
        """Write the index to ``path`` whole or not at all; OSError when the file system refuses
        (usearch says so with a RuntimeError, "Permission denied", "No space left on device")."""
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        try:
            with _interruptible():
                self._index.save(str(partial))
        except RuntimeError as error:
            raise OSError(None, str(error), str(partial)) from error
        partial.replace(path)

    @classmethod
    def load(cls, path: Path, dimensions: int) -> VectorIndex | None:
        """The index saved at ``path``, or None when it is missing or made for other vectors."""
        if not path.is_file():
            return None
        loaded = cls(dimensions)
        try:
            with _interruptible():
                loaded._index.load(str(path))
        except (RuntimeError, ValueError, OSError):
            return None
        if loaded._index.ndim != dimensions:
            return None
        return loaded

    def keys(self) -> set[int]:
        return {int(key) for key in self._index.keys}

    def differing(self, keys: npt.NDArray[np.int64], vectors: npt.NDArray[np.float32]) -> list[int]:
        """The rows of ``keys`` whose vector here is not theirs in ``vectors`` (or that are not
        here), each compared as this index keeps it (float16)."""
        if not len(keys):
            return []
        with _interruptible():
            found = self._index.get(np.asarray(keys, dtype=np.uint64))
        rows = list(found) if found is not None else []
        if len(rows) != len(keys):
            return list(range(len(keys)))
        missing = np.full(self.dimensions, np.nan, dtype=np.float16)  # equal to no vector
        held = np.stack([missing if row is None else row for row in rows])
        wanted = np.asarray(vectors, dtype=np.float32).astype(np.float16)
        return [int(row) for row in np.flatnonzero(np.any(held.astype(np.float16) != wanted, axis=1))]
