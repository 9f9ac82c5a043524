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

Where a copy came from (``origin``) is told by the strongest evidence any article of the writing
carries: a canonical link to another outlet's site, a wire credit in the byline or dateline
(``rules.py``), else the earliest published of them. The same evidence names the writing's
original article (``original_of``): the article from the outlet it came from, else the earliest.
It is decided over the whole group of articles with the writing, each time one joins it, so the
order in which they arrive never decides it: an earlier republication added after later ones
becomes the original, and the stored ones become its copies (``CopyFinding.changes``). A stored
article whose words change is weighed again the same way (``copies_again``): it is a copy only of
writing it still repeats, and a writing it leaves is decided again without it.

The stage looks candidates up through ``CopyIndex``, which the store implements for stored
articles and ``CopyBook`` implements in memory for the batch command.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal, Protocol

from tidings.dedupe.fingerprint import Fingerprint, estimated_overlap, fingerprint
from tidings.dedupe.rules import CONTRIBUTED_ONLY, compiled_wire_credits
from tidings.model import Article, CopyMatch, CopyOrigin
from tidings.urls import ascii_host, site_host

__all__ = [
    "MIN_WORDS_FOR_NEAR_COPY",
    "NEAR_COPY_CONTAINMENT",
    "NEAR_COPY_JACCARD",
    "CopyBook",
    "CopyCandidate",
    "CopyChange",
    "CopyFinding",
    "CopyIndex",
    "CopySubject",
    "Fingerprint",
    "WritingOrigin",
    "copies_again",
    "find_copies",
    "find_copy",
    "fingerprint",
    "original_of",
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
    # Another site's page the article names as its canonical (``Article.republishes``).
    republishes: str | None = None


@dataclass(frozen=True, slots=True)
class CopyCandidate:
    """A stored article that may share writing with the subject; ``copy_of`` is its own original,
    ``origin`` the origin recorded with it (None for an original)."""

    subject: CopySubject
    copy_of: int | None = None
    origin: CopyOrigin | None = None


class CopyIndex(Protocol):
    """Look-ups copy detection needs: articles with this exact hash or sharing an LSH band, and
    the articles of one piece of writing."""

    def copy_candidates(self, content_hash: str, band_keys: Sequence[str]) -> list[CopyCandidate]: ...

    def copy_group(self, original_id: int) -> list[CopyCandidate]:
        """The article ``original_id`` and every article recorded as a copy of it."""
        ...


@dataclass(frozen=True, slots=True)
class WritingOrigin:
    """A piece of writing's original article and where the writing came from."""

    original: CopySubject
    origin: CopyOrigin


@dataclass(frozen=True, slots=True)
class CopyChange:
    """A stored article's copy record as the arrival of another article of its writing leaves it:
    ``copy`` None when it is the writing's original now. ``repointed``: its original changed, so
    ``copy.similarity`` and ``copy.method`` are its resemblance to the new one (else they are as
    recorded, and only the origin changed)."""

    article_id: int
    copy: CopyMatch | None
    repointed: bool


@dataclass(frozen=True, slots=True)
class CopyFinding:
    """What copy detection found for one article.

    ``match`` is the stored article it was recognised by: its writing's original as recorded so
    far (the article whose story a copy joins) and the closest resemblance; ``copy`` is the
    subject's own record, decided over the whole writing (None when the subject is its original,
    or when its writing is new); ``changes`` are the stored articles of the writing whose record
    that decision changes. An article with new writing finds nothing (``NO_COPY``).
    """

    match: CopyMatch | None
    copy: CopyMatch | None
    changes: tuple[CopyChange, ...] = ()


NO_COPY = CopyFinding(match=None, copy=None)


def wire_credit(byline: str | None, text: str) -> str | None:
    """The wire service a byline or dateline credits as the writing's source, if any."""
    for place in (byline or "", text[:DATELINE_CHARS]):
        if not place or CONTRIBUTED_ONLY.search(place):
            continue
        for wire, pattern in _WIRES:
            if pattern.search(place):
                return wire
    return None


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
        republishes=article.republishes,
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
    """The other outlet's site when the subject's canonical link points away from its own: the
    page it republishes (extraction tells it), else, for an article stored before extraction did
    (its ``url`` was that canonical link), its address on another site than its outlet's."""
    if subject.republishes:
        return site_host(subject.republishes)
    link = site_host(subject.url)
    if link and _site_key(subject.outlet_domain) and not _same_site(link, subject.outlet_domain):
        return link
    return None


def _site_key(host: str | None) -> str:
    """A host as sites are compared: in its ASCII writing (an outlet's domain is written in
    Unicode, ``bücher.de``, and its address may be in Punycode, ``xn--bcher-kva.de``), without
    ``www.``."""
    return ascii_host(host or "").lower().removeprefix("www.")


def _same_site(first: str | None, second: str | None) -> bool:
    """Whether two hosts are one site (one a subdomain of the other counts), in either writing."""
    one, other = _site_key(first), _site_key(second)
    return bool(one and other) and (one == other or one.endswith("." + other) or other.endswith("." + one))


def _publishes_as(subject: CopySubject, wire: str) -> bool:
    """Whether the subject's outlet is the wire service itself (Reuters' own page, "AP News")."""
    return subject.outlet.casefold() == wire.casefold() or wire_credit(subject.outlet, "") == wire


def _first_seen(subject: CopySubject) -> tuple[datetime, str, int]:
    # The outlet's name before the id: two outlets publishing at the same minute are told apart
    # by something that does not depend on which of them was stored first.
    return subject.published_at, subject.outlet.casefold(), subject.article_id


def original_of(group: Sequence[CopySubject]) -> WritingOrigin:
    """The original article of one piece of writing and where it came from, decided over every
    article of it, so that the order they arrived in never changes the answer. The strongest
    evidence any of them carries says where it came from, read from the earliest published on:
    a canonical link to another outlet's site, else a wire credit, else the earliest date. The
    original is the earliest article from the outlet that evidence names, else the earliest."""
    if not group:
        raise ValueError("a piece of writing has at least one article")
    by_date = sorted(group, key=_first_seen)
    for side in by_date:
        elsewhere = _canonical_elsewhere(side)
        if elsewhere is not None:
            own = next((item for item in by_date if _same_site(item.outlet_domain, elsewhere)), by_date[0])
            return WritingOrigin(original=own, origin=CopyOrigin(outlet=elsewhere, evidence="canonical_link"))
    for side in by_date:
        if side.wire is not None:
            wire = side.wire
            own = next((item for item in by_date if _publishes_as(item, wire)), by_date[0])
            return WritingOrigin(original=own, origin=CopyOrigin(outlet=wire, evidence="wire_credit"))
    return WritingOrigin(
        original=by_date[0], origin=CopyOrigin(outlet=by_date[0].outlet, evidence="earliest")
    )


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


def _resemblance(first: Fingerprint, second: Fingerprint) -> tuple[float, Literal["exact", "near"]]:
    """How alike two articles of one writing are, when one becomes the other's copy because a
    third joined them (they need not be near copies of each other: a copy of a copy)."""
    if first.content_hash == second.content_hash:
        return 1.0, "exact"
    if not first.signature or not second.signature:
        return 0.0, "near"
    jaccard, containment = estimated_overlap(first, second)
    return round(max(jaccard, containment), 4), "near"


def find_copy(subject: CopySubject, index: CopyIndex) -> CopyMatch | None:
    """The subject's copy record: the original of the writing it repeats, or None when its
    writing is new or it is that writing's original (``find_copies`` says which, and what
    changes for the stored articles of the writing)."""
    return find_copies(subject, index).copy


def find_copies(subject: CopySubject, index: CopyIndex) -> CopyFinding:
    """Whether ``subject`` repeats stored writing, and the writing's copy records with it among
    them (``CopyFinding``).

    Among several matches the closest is the one it was recognised by (on a tie, the article
    stored first), and its writing the one it joins. Every article of that writing is then
    weighed again with the subject (``original_of``): all of them name the one original and the
    one origin, whatever the order they arrived in.
    """
    matches: list[tuple[float, CopyCandidate]] = []
    for candidate in index.copy_candidates(subject.fingerprint.content_hash, subject.fingerprint.band_keys):
        if candidate.subject.article_id == subject.article_id:
            continue
        similarity = _similarity(subject.fingerprint, candidate.subject.fingerprint)
        if similarity is not None:
            matches.append((similarity, candidate))
    if not matches:
        return NO_COPY
    # The closest first; on a tie, the article stored first.
    matches.sort(key=lambda found: (-found[0], found[1].subject.article_id))
    similarity, closest = matches[0]
    exact = closest.subject.fingerprint.content_hash == subject.fingerprint.content_hash
    recorded_original = closest.copy_of if closest.copy_of is not None else closest.subject.article_id
    group = [
        item for item in index.copy_group(recorded_original) if item.subject.article_id != subject.article_id
    ]
    if not any(item.subject.article_id == closest.subject.article_id for item in group):
        group.append(closest)  # an index that keeps no groups still names the closest
    decided = original_of([subject, *(item.subject for item in group)])
    match = CopyMatch(
        original_id=recorded_original,
        similarity=round(similarity, 4),
        method="exact" if exact else "near",
        origin=decided.origin,
    )
    original = decided.original
    if original.article_id == subject.article_id:
        copy = None
    else:
        copy = replace(match, original_id=original.article_id)
    return CopyFinding(match=match, copy=copy, changes=_changes(group, original, decided.origin))


def copies_again(subject: CopySubject, found: CopyFinding, index: CopyIndex) -> CopyFinding:
    """``found`` (``find_copies`` of a stored article whose words changed: a teaser completed by
    its page, a page updated, a correction) with every copy record its new words change, its own
    included, so that no record says "copy" of words that are no longer the same.

    Its own record is rewritten whenever it is or was a copy (``copy``: its resemblance is to its
    new words). When its new words are no longer its writing's (they match another writing, or
    none), the writing's other articles are weighed again without it (``original_of``): the
    original it was, or the evidence it carried, may have named their original and origin. An
    article not stored with a record (not placed yet) is left to its placement (``NO_COPY``)."""
    recorded = index.copy_group(subject.article_id)
    own = next((item for item in recorded if item.subject.article_id == subject.article_id), None)
    if own is None:
        return NO_COPY
    writing = own.copy_of if own.copy_of is not None else subject.article_id
    changes = list(found.changes)
    if found.match is None or found.match.original_id != writing:
        group = recorded if own.copy_of is None else index.copy_group(writing)
        left = [item for item in group if item.subject.article_id != subject.article_id]
        if left:
            decided = original_of([item.subject for item in left])
            changes.extend(_changes(left, decided.original, decided.origin))
    if own.copy_of is not None or found.copy is not None:
        changes.append(CopyChange(article_id=subject.article_id, copy=found.copy, repointed=True))
    return replace(found, changes=tuple(changes))


def _changes(
    group: Sequence[CopyCandidate], original: CopySubject, origin: CopyOrigin
) -> tuple[CopyChange, ...]:
    """The stored articles of one writing whose copy record is not what ``original`` and
    ``origin`` make it now."""
    changes = []
    for item in group:
        if item.subject.article_id == original.article_id:
            if item.copy_of is not None:
                changes.append(CopyChange(article_id=item.subject.article_id, copy=None, repointed=True))
            continue
        if item.copy_of == original.article_id and item.origin == origin:
            continue
        similarity, method = _resemblance(item.subject.fingerprint, original.fingerprint)
        copy = CopyMatch(original_id=original.article_id, similarity=similarity, method=method, origin=origin)
        changes.append(
            CopyChange(
                article_id=item.subject.article_id, copy=copy, repointed=item.copy_of != original.article_id
            )
        )
    return tuple(changes)


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
        # Each writing's original, with the articles recorded as its copies.
        self._copies_of: dict[int, set[int]] = {}

    def __len__(self) -> int:
        return len(self._candidates)

    def add(self, subject: CopySubject, match: CopyMatch | None) -> None:
        keys = subject.fingerprint.band_keys
        # The band keys are indexed below; the kept fingerprint drops them (42 strings an article).
        # The origin evidence stays (wire credit, what it republishes): its writing's original is
        # decided again from what is kept here each time another article of it comes.
        kept = replace(subject, fingerprint=replace(subject.fingerprint, band_keys=()))
        self._candidates[subject.article_id] = CopyCandidate(subject=kept)
        self._record(subject.article_id, match)
        _file(self._by_hash, subject.fingerprint.content_hash, subject.article_id)
        if subject.fingerprint.word_count >= MIN_WORDS_FOR_NEAR_COPY:
            for key in keys:
                _file(self._by_band, key, subject.article_id)

    def record(self, subject: CopySubject, finding: CopyFinding) -> None:
        """Keep ``subject`` with its copy record, and the changes it made to its writing's."""
        self.add(subject, finding.copy)
        for change in finding.changes:
            self._record(change.article_id, change.copy)

    def _record(self, article_id: int, copy: CopyMatch | None) -> None:
        present = self._candidates[article_id]
        if present.copy_of is not None:
            self._copies_of.get(present.copy_of, set()).discard(article_id)
        original = copy.original_id if copy is not None else None
        self._candidates[article_id] = replace(
            present, copy_of=original, origin=copy.origin if copy is not None else None
        )
        if original is not None:
            self._copies_of.setdefault(original, set()).add(article_id)

    def copy_candidates(self, content_hash: str, band_keys: Sequence[str]) -> list[CopyCandidate]:
        found: dict[int, None] = dict.fromkeys(_filed(self._by_hash, content_hash))
        for key in band_keys:
            found.update(dict.fromkeys(_filed(self._by_band, key)))
        return [self._candidates[article_id] for article_id in found]

    def copy_group(self, original_id: int) -> list[CopyCandidate]:
        members = [original_id, *sorted(self._copies_of.get(original_id, ()))]
        return [self._candidates[article_id] for article_id in members if article_id in self._candidates]
