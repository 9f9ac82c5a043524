"""Two outlets under one display name (allAfrica republishing as "Voice of America" beside
voanews.com itself, as in the bundled sample): a story page links each cited article to its own
outlet, never to the other outlet of that name.

Summaries name outlets by display name only, so the page must take a cited article's outlet from
the article, not look it up by name.
"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.store.placing import WHEN, place_article
from tidings.model import (
    Article,
    Citation,
    CitedSentence,
    Outlet,
    OutletClaims,
    Provenance,
    StorySummary,
)
from tidings.store import Store
from tidings.summarize import summary_fingerprint

NAME = "Voice of America"


def _place(store: Store, domain: str, *, join: int | None, index: int) -> tuple[int, int]:
    """One article by the outlet ``NAME`` at ``domain``, in a new story or joining ``join``."""
    article = Article(
        title=f"Report {index} from {domain}",
        text=f"Words of report number {index} written at {domain}.",
        html="",
        outlet=Outlet(name=NAME, domain=domain),
        provenance=Provenance(kind="file", locator=f"{domain}-{index}"),
        fetched_at=WHEN,
        published_at=WHEN,
    )
    return place_article(store, article, join=join)


@pytest.fixture
def story(store: Store) -> tuple[int, int, int]:
    """A story by voanews.example and allafrica.example, both named ``NAME``, with a kept summary
    citing both; (story id, voanews article, allafrica article)."""
    voa, story_id = _place(store, "voanews.example", join=None, index=1)
    africa, _ = _place(store, "allafrica.example", join=story_id, index=2)
    cite_voa, cite_africa = Citation(voa, NAME), Citation(africa, NAME)
    summary = StorySummary(
        sentences=(CitedSentence("The talks ended on Monday.", (cite_africa,)),),
        agreed=(CitedSentence("Both sides signed.", (cite_voa, cite_africa)),),
        only=(OutletClaims(NAME, (CitedSentence("A second round is planned.", (cite_africa,)),)),),
        entities=(),
    )
    members = [member.article for member in store.get_story(story_id).members]
    store.save_story_summary(story_id, summary_fingerprint(members), summary, now=WHEN)
    return story_id, voa, africa


def test_each_citation_links_to_the_cited_articles_own_outlet(
    client: TestClient, story: tuple[int, int, int]
) -> None:
    story_id, voa, africa = story
    page = client.get(f"/api/v1/stories/{story_id}").json()
    cited = [
        (citation["article_id"], citation["outlet"]["key"])
        for part in (page["summary"], page["agreed"], *(group["claims"] for group in page["only"]))
        for claim in part
        for citation in claim["citations"]
    ]
    assert cited == [
        (africa, "allafrica.example"),
        (voa, "voanews.example"),
        (africa, "allafrica.example"),
        (africa, "allafrica.example"),
    ]
    # The group of what only this outlet reports cites allafrica alone: it links there.
    assert [group["outlet"]["key"] for group in page["only"]] == ["allafrica.example"]
    html = client.get(f"/stories/{story_id}").text
    assert html.count('<a class="outlet" href="/outlets/allafrica.example">Voice of America</a>') == 2


def test_a_story_card_lists_each_same_named_outlet_under_its_own_key(
    client: TestClient, story: tuple[int, int, int]
) -> None:
    # Looked up by name, both would link to one of them.
    story_id, _, _ = story
    card = client.get(f"/api/v1/stories/{story_id}").json()["story"]
    assert card["outlet_count"] == 2
    assert sorted(outlet["key"] for outlet in card["outlets"]) == ["allafrica.example", "voanews.example"]
    front = client.get("/api/v1/front").json()
    listed = [
        card
        for part in ("top_stories", "latest_stories")
        for card in front[part]
        if card["story_id"] == story_id
    ]
    assert listed
    assert all(
        sorted(outlet["key"] for outlet in card["outlets"]) == ["allafrica.example", "voanews.example"]
        for card in listed
    )
