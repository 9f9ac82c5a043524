"""Copies: is this article the same writing as one already seen, and where did it come from?

A copy is one piece of writing published by several sites: wire copy, syndication, an
aggregator's re-post. Lightly edited copies (a new headline, a cut paragraph, added boilerplate)
still count; two different articles about one event never do. The test is on the body's words,
not the headline, since a republished copy often gets a new one; only a body too short for
shingles (a feed's teaser) is taken with its headline, since one feed may give every entry the
same teaser:

1. the same words exactly (content hash), for any length (for a headline-only item, its title;
   for a body under ``MIN_WORDS_FOR_NEAR_COPY`` words, its headline and body);
2. else, for a body of at least ``MIN_WORDS_FOR_NEAR_COPY`` words, a near copy: candidates come
   from LSH band keys over a MinHash of 5-word shingles (``fingerprint.py``), and a candidate is a
   copy when the estimated Jaccard is at least ``NEAR_COPY_JACCARD``, or when the shorter text is
   nearly all contained in the longer (``NEAR_COPY_CONTAINMENT``: a teaser or a cut copy).

Where a copy came from (``origin``) is told by the strongest evidence at hand: a canonical link
to another outlet's site, a wire credit in the byline or dateline (``rules.py``), else the
earliest published of the copies.

The stage looks candidates up through ``CopyIndex``, which the store implements for stored
articles and ``CopyBook`` implements in memory for the batch command.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol
from urllib.parse import urlsplit

from tidings.dedupe.fingerprint import Fingerprint, estimated_overlap, fingerprint
from tidings.dedupe.rules import CONTRIBUTED_ONLY, compiled_wire_credits
from tidings.model import Article, CopyMatch, CopyOrigin

__all__ = [
    "MIN_WORDS_FOR_NEAR_COPY",
    "NEAR_COPY_CONTAINMENT",
    "NEAR_COPY_JACCARD",
    "CopyBook",
    "CopyCandidate",
    "CopyIndex",
    "CopySubject",
    "Fingerprint",
    "find_copy",
    "fingerprint",
    "subject_of",
    "wire_credit",
]

# Thresholds set on the copy test of bench/stories.py (2026-11-23: light edits of Multi-News test
# articles, wire copies found inside Multi-News clusters and read by hand, identical UCI headlines,
# the seed pair). Different articles on one event reached at most 0.30 estimated Jaccard there (a
# UPI rewrite quoting the same sources); lightly edited copies stayed above 0.6. 0.5 sits between
# with room on both sides (precision 1.000, recall 0.995 on 421 copy and 325 non-copy pairs).
# Re-run `python bench/stories.py copies` after changing them.
NEAR_COPY_JACCARD = 0.5
NEAR_COPY_CONTAINMENT = 0.85
# Below this many words a body is too short for shingles to tell a copy from a paraphrase: short
# texts (and headline-only items) are copies only when their words, headline included, are identical.
MIN_WORDS_FOR_NEAR_COPY = 40
# A credit counts as a dateline or byline only within the text's first characters.
DATELINE_CHARS = 300

_WIRES = compiled_wire_credits()


@dataclass(frozen=True, slots=True)
class CopySubject:
    """What copy detection knows of one article: its fingerprint and the origin evidence."""

    article_id: int
    fingerprint: Fingerprint
    outlet: str
    outlet_domain: str | None
    published_at: datetime
    url: str | None = None
    wire: str | None = None


@dataclass(frozen=True, slots=True)
class CopyCandidate:
    """A stored article that may share writing with the subject; ``copy_of`` is its own original."""

    subject: CopySubject
    copy_of: int | None = None


class CopyIndex(Protocol):
    """Look-ups copy detection needs: articles with this exact hash or sharing an LSH band."""

    def copy_candidates(self, content_hash: str, band_keys: Sequence[str]) -> list[CopyCandidate]: ...


def wire_credit(byline: str | None, text: str) -> str | None:
    """The wire service a byline or dateline credits as the writing's source, if any."""
    for place in (byline or "", text[:DATELINE_CHARS]):
        if not place or CONTRIBUTED_ONLY.search(place):
            continue
        for wire, pattern in _WIRES:
            if pattern.search(place):
                return wire
    return None


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").casefold()
    return host.removeprefix("www.") or None


def subject_of(article_id: int, article: Article, *, published_at: datetime) -> CopySubject:
    """The copy-detection view of ``article``: its body (else its title) fingerprinted; a body
    too short for shingles (a feed's teaser) with its title."""
    return CopySubject(
        article_id=article_id,
        fingerprint=_fingerprint(article),
        outlet=article.outlet.name,
        outlet_domain=article.outlet.domain,
        published_at=published_at,
        url=article.url,
        wire=wire_credit(article.byline, article.text),
    )


def _fingerprint(article: Article) -> Fingerprint:
    """The fingerprint of one piece of writing: the body's, else the title's. A short body counts
    with its headline: one feed may give every entry the same teaser ("Read the full story on our
    site"), and different articles must not become copies of each other by it (2026-12-06). The
    headline's words may carry a short body past ``MIN_WORDS_FOR_NEAR_COPY``, but the two are still
    a short text, matched only exactly: its word count is kept under the bar (no band keys), or two
    headlines over one stock teaser of 35 words would share most shingles and be near copies."""
    if not article.text.strip():
        return fingerprint(article.title)
    body = fingerprint(article.text)
    if body.word_count >= MIN_WORDS_FOR_NEAR_COPY or not article.title.strip():
        return body
    writing = fingerprint(f"{article.title}\n{article.text}")
    return replace(writing, word_count=min(writing.word_count, MIN_WORDS_FOR_NEAR_COPY - 1), band_keys=())


def _canonical_elsewhere(subject: CopySubject) -> str | None:
    """The other outlet's site when the subject's canonical link points away from its own."""
    link = _domain(subject.url)
    own = (subject.outlet_domain or "").casefold().removeprefix("www.")
    if link and own and link != own and not link.endswith("." + own) and not own.endswith("." + link):
        return link
    return None


def origin_of(subject: CopySubject, copies: Sequence[CopySubject]) -> CopyOrigin:
    """Where the shared writing came from, by the strongest evidence the subject or any of the
    earlier ``copies`` of its writing carries (closest first). Every copy counts, not only the
    closest: a copy of a copy is closest to the intermediate one, whose date is not the
    writing's first."""
    for side in (subject, *copies):
        elsewhere = _canonical_elsewhere(side)
        if elsewhere is not None:
            return CopyOrigin(outlet=elsewhere, evidence="canonical_link")
    for side in (*copies, subject):
        if side.wire is not None:
            return CopyOrigin(outlet=side.wire, evidence="wire_credit")
    earliest = min((*copies, subject), key=lambda side: (side.published_at, side.article_id))
    return CopyOrigin(outlet=earliest.outlet, evidence="earliest")


def _similarity(subject: Fingerprint, candidate: Fingerprint) -> float | None:
    """The candidate's resemblance when it is a copy of the subject, else None."""
    if subject.content_hash == candidate.content_hash and subject.word_count > 0:
        return 1.0
    if min(subject.word_count, candidate.word_count) < MIN_WORDS_FOR_NEAR_COPY:
        return None
    jaccard, containment = estimated_overlap(subject, candidate)
    if jaccard >= NEAR_COPY_JACCARD or containment >= NEAR_COPY_CONTAINMENT:
        return max(jaccard, containment)
    return None


def find_copy(subject: CopySubject, index: CopyIndex) -> CopyMatch | None:
    """The earlier article whose writing ``subject`` repeats, or None when its writing is new.

    Among several matches the closest wins; the match names the original of a copy chain, so
    every copy of one piece points at the same article.
    """
    matches: list[tuple[float, CopyCandidate]] = []
    for candidate in index.copy_candidates(subject.fingerprint.content_hash, subject.fingerprint.band_keys):
        if candidate.subject.article_id == subject.article_id:
            continue
        similarity = _similarity(subject.fingerprint, candidate.subject.fingerprint)
        if similarity is not None:
            matches.append((similarity, candidate))
    if not matches:
        return None
    # The closest first; on a tie, the article stored first.
    matches.sort(key=lambda found: (-found[0], found[1].subject.article_id))
    similarity, match = matches[0]
    exact = match.subject.fingerprint.content_hash == subject.fingerprint.content_hash
    return CopyMatch(
        original_id=match.copy_of if match.copy_of is not None else match.subject.article_id,
        similarity=round(similarity, 4),
        method="exact" if exact else "near",
        origin=origin_of(subject, [candidate.subject for _, candidate in matches]),
    )


# Most keys name one article: it is kept as an int, and a list is made only for a second one.
Bucket = int | list[int]


def _file(buckets: dict[str, Bucket], key: str, article_id: int) -> None:
    present = buckets.get(key)
    if present is None:
        buckets[key] = article_id
    elif isinstance(present, int):
        buckets[key] = [present, article_id]
    else:
        present.append(article_id)


def _filed(buckets: dict[str, Bucket], key: str) -> list[int]:
    present = buckets.get(key)
    if present is None:
        return []
    return [present] if isinstance(present, int) else present


class CopyBook:
    """An in-memory ``CopyIndex`` for articles seen in one run (the batch command)."""

    def __init__(self) -> None:
        self._by_hash: dict[str, Bucket] = {}
        self._by_band: dict[str, Bucket] = {}
        self._candidates: dict[int, CopyCandidate] = {}

    def __len__(self) -> int:
        return len(self._candidates)

    def add(self, subject: CopySubject, match: CopyMatch | None) -> None:
        keys = subject.fingerprint.band_keys
        # The band keys are indexed below; the kept fingerprint drops them (42 strings an article).
        kept = replace(subject, fingerprint=replace(subject.fingerprint, band_keys=()))
        self._candidates[subject.article_id] = CopyCandidate(
            subject=kept, copy_of=match.original_id if match is not None else None
        )
        _file(self._by_hash, subject.fingerprint.content_hash, subject.article_id)
        if subject.fingerprint.word_count >= MIN_WORDS_FOR_NEAR_COPY:
            for key in keys:
                _file(self._by_band, key, subject.article_id)

    def copy_candidates(self, content_hash: str, band_keys: Sequence[str]) -> list[CopyCandidate]:
        found: dict[int, None] = dict.fromkeys(_filed(self._by_hash, content_hash))
        for key in band_keys:
            found.update(dict.fromkeys(_filed(self._by_band, key)))
        return [self._candidates[article_id] for article_id in found]
