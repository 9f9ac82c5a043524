"""Placing articles in stories exactly as a test says, through the store's own verb.

``Desk.place`` adds an article and records its placement with a decision written by the test
(new story, join, join absorbing others, copy of an article), and remembers each arrival, so
that a test can compare what the store keeps with what was placed. No clustering is involved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from tidings import dedupe
from tidings.model import Added, Arrival, Article, CopyMatch, Outlet, Placement, Provenance, StoryDecision
from tidings.store import Store
from tidings.store.stories import StoredFeatures

WHEN = datetime(2026, 11, 30, 8, tzinfo=UTC)
FEATURES = StoredFeatures(model="test", dense=b"", terms=b"", tf=b"", headline_only=True)


@dataclass
class Desk:
    """Places articles where the test says, remembering each arrival as the oracle's input."""

    store: Store
    arrivals: dict[int, list[Arrival]] = field(default_factory=dict)
    count: int = 0

    def place(
        self,
        outlet: str,
        hours: float,
        *,
        join: int | None = None,
        absorb: tuple[int, ...] = (),
        copy_of: int | None = None,
        title: str | None = None,
        earlier: int | None = None,
        later: int | None = None,
        dated: bool = True,
        name: str | None = None,
    ) -> tuple[int, int]:
        """Place one article from ``outlet`` ``hours`` after WHEN; (article id, story id). An
        undated article is fetched then, and placed at its fetch time, as ``StoryDesk`` does.
        The outlet is the domain ``{outlet}.example``, named ``name`` (else ``outlet`` titled)."""
        self.count += 1
        moment = WHEN + timedelta(hours=hours)
        item = Article(
            title=title or f"Report {self.count} from {outlet}",
            text=f"Words of report number {self.count} written by {outlet}.",
            html="",
            outlet=Outlet(name=name or outlet.title(), domain=f"{outlet}.example"),
            provenance=Provenance(kind="file", locator=f"{outlet}-{self.count}"),
            fetched_at=moment,
            published_at=moment if dated else None,
        )
        decision = (
            StoryDecision(move="join", score=0.9, reason="test join", story_id=join, absorb=absorb)
            if join is not None
            else StoryDecision(
                move="new", score=0.0, reason="test new", earlier_story_id=earlier, later_story_id=later
            )
        )
        article_id, placed = record_placed(self.store, item, decision, copy_of=copy_of)
        for absorbed in placed.merged:
            self.arrivals.setdefault(placed.story_id, []).extend(self.arrivals.pop(absorbed, []))
        self.arrivals.setdefault(placed.story_id, []).append(
            Arrival(outlet=f"{outlet}.example", seen_at=moment, is_copy=copy_of is not None, dated=dated)
        )
        return article_id, placed.story_id


def record_placed(
    store: Store, article: Article, decision: StoryDecision, *, copy_of: int | None = None
) -> tuple[int, Placement]:
    """Add ``article`` and record ``decision`` for it, as a copy of article ``copy_of`` where given,
    at its own date (its fetch time when undated, as ``StoryDesk`` does). The test's decisions need
    no memory, so each is written at whatever the clock reads."""
    added = store.add_article(article)
    assert isinstance(added, Added)
    moment = article.published_at or article.fetched_at
    with store.placement_turn() as clock:
        placed = store.record_placement(
            subject=dedupe.subject_of(added.article_id, article, published_at=moment),
            title=article.title,
            features=FEATURES,
            copy=CopyMatch(original_id=copy_of, similarity=1.0, method="exact") if copy_of else None,
            decision=decision,
            headline=None,
            now=moment,
            expected_clock=clock,
        )
    return added.article_id, placed


def place_article(
    store: Store, article: Article, *, join: int | None = None, copy_of: int | None = None
) -> tuple[int, int]:
    """Add ``article`` and place it in a new story, or in story ``join``: (article id, story id)."""
    decision = (
        StoryDecision(move="join", score=0.9, reason="test join", story_id=join)
        if join is not None
        else StoryDecision(move="new", score=0.0, reason="test new")
    )
    article_id, placed = record_placed(store, article, decision, copy_of=copy_of)
    return article_id, placed.story_id


def article_from(url: str, outlet: Outlet, number: int, *, since: datetime) -> Article:
    """Report ``number`` of ``outlet``, read from ``url`` and dated ``number`` hours after ``since``."""
    moment = since + timedelta(hours=number)
    return Article(
        title=f"Report {number}",
        text=f"Words of report number {number}, which nobody else wrote.",
        html="",
        outlet=outlet,
        provenance=Provenance(kind="url", locator=url),
        fetched_at=moment,
        published_at=moment,
        url=url,
    )
