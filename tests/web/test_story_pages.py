"""A story's full coverage, entity pages, the entity filter and search grouped by story, as a
browser receives them (real app, real store on SQLite and PostgreSQL).

The stories are placed through the store's own verb (``tests.store.placing``) and the story's
summary is kept with the fingerprint of its articles, so the page shows exactly that summary:
every part of the story page is then known in advance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

import pytest
from sqlalchemy import update
from starlette.testclient import TestClient
from typer.testing import CliRunner

from tests.store.placing import WHEN, Desk
from tidings.cli.app import app
from tidings.model import Citation, CitedSentence, Entity, OutletClaims, StorySummary
from tidings.store import Store, StoryCursor
from tidings.store.schema import articles
from tidings.summarize import summary_fingerprint
from tidings.web.params import encode_story_cursor
from tidings.web.security import CONTENT_SECURITY_POLICY

DEE = Entity("river dee", "River Dee", "place", 2, ())


@dataclass(frozen=True)
class Coverage:
    story: int
    related: int
    later: int
    wire: int
    copy: int
    radio: int


def _keep_summary(store: Store, story_id: int, summary: StorySummary) -> None:
    members = [member.article for member in store.get_story(story_id).members]
    store.save_story_summary(story_id, summary_fingerprint(members), summary, now=WHEN)


@pytest.fixture
def coverage(store: Store) -> Coverage:
    desk = Desk(store)
    wire, story = desk.place("wire", 0, title="Dee dam bursts after a week of rain")
    copy, _ = desk.place("paper", 1, join=story, copy_of=wire)
    radio, _ = desk.place("radio", 2, join=story, title="Dee dam: hundreds leave their homes")
    tv, related = desk.place("tv", 3, title="Dee floods reach Chester")
    _, later = desk.place("wire", 400, earlier=story, title="Dee dam rebuilt a year on")
    for article_id in (wire, tv):
        store.record_entities(article_id, [DEE], analyser="test", now=WHEN)
    cite_wire, cite_radio = Citation(wire, "Wire"), Citation(radio, "Radio")
    _keep_summary(
        store,
        story,
        StorySummary(
            sentences=(CitedSentence("The Dee dam burst on Monday night.", (cite_wire,)),),
            agreed=(CitedSentence("Hundreds left their homes.", (cite_wire, cite_radio)),),
            only=(OutletClaims("Radio", (CitedSentence("A school stays closed.", (cite_radio,)),)),),
            entities=(Entity("river dee", "River Dee", "place", 2, (wire,)),),
        ),
    )
    for other in (related, later):
        _keep_summary(store, other, StorySummary(sentences=(), agreed=(), only=(), entities=()))
    return Coverage(story=story, related=related, later=later, wire=wire, copy=copy, radio=radio)


def _section(html: str, heading_id: str) -> str:
    found = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, flags=re.S)
    assert found is not None, heading_id
    return found.group(1)


def test_the_story_page_shows_every_part_of_full_coverage(client: TestClient, coverage: Coverage) -> None:
    html = client.get(f"/stories/{coverage.story}").text
    summary = _section(html, "summary-heading")
    assert "The Dee dam burst on Monday night." in summary
    assert f'<a class="citation" href="/articles/{coverage.wire}" title="Wire">' in summary
    agreed = _section(html, "agreed-heading")
    assert "Hundreds left their homes." in agreed
    assert f'href="/articles/{coverage.radio}"' in agreed
    only = _section(html, "only-heading")
    assert '<h3><a class="outlet" href="/outlets/radio.example">Radio</a></h3>' in only
    assert "A school stays closed." in only
    timeline = _section(html, "timeline-heading")
    assert timeline.count('<li class="item" data-nav-item>') == 2  # the copy is not an entry of its own
    assert f'Also published by <a href="/articles/{coverage.copy}">Paper</a>' in timeline
    assert 'href="/entities/river%20dee">River Dee</a>' in html
    related = _section(html, "related-heading")
    assert f'href="/stories/{coverage.related}"' in related
    later = client.get(f"/stories/{coverage.later}").text
    assert f'<a href="/stories/{coverage.story}">Dee dam bursts after a week of rain</a>' in _section(
        later, "earlier-heading"
    )


def test_the_story_page_links_later_coverage_as_the_story_command_does(
    client: TestClient, coverage: Coverage, runner: CliRunner
) -> None:
    html = client.get(f"/stories/{coverage.story}").text
    assert f'<a href="/stories/{coverage.later}">Dee dam rebuilt a year on</a>' in _section(
        html, "later-heading"
    )
    assert 'id="earlier-heading"' not in html
    later = client.get(f"/api/v1/stories/{coverage.story}").json()["later"]
    assert later == [{"story_id": coverage.later, "headline": "Dee dam rebuilt a year on"}]
    assert client.get(f"/api/v1/stories/{coverage.later}").json()["later"] == []
    shown = runner.invoke(app, ["story", str(coverage.story)])
    assert f"later coverage: #{coverage.later}" in shown.stdout


def test_a_copy_whose_original_is_in_another_story_names_that_original_on_the_story_page(
    client: TestClient, coverage: Coverage, store: Store
) -> None:
    # Republished weeks later, the wire's text starts a story of its own (earlier coverage: the
    # original's story); the story page says whose writing it is, as its article page does.
    reprint, reprint_story = Desk(store).place("digest", 500, earlier=coverage.story, copy_of=coverage.wire)
    _keep_summary(store, reprint_story, StorySummary(sentences=(), agreed=(), only=(), entities=()))
    timeline = _section(client.get(f"/stories/{reprint_story}").text, "timeline-heading")
    wire_link = f'<a href="/articles/{coverage.wire}">Dee dam bursts after a week of rain</a>'
    assert f"A copy of {wire_link} first published by" in timeline
    assert "Wire" in timeline.split("first published by", 1)[1]
    entry = client.get(f"/api/v1/stories/{reprint_story}").json()["timeline"][0]
    assert (entry["article"]["article_id"], entry["article"]["copy_of"]) == (reprint, coverage.wire)
    # A copy beside its original in one story is no entry of its own, and no such note.
    assert "A copy of" not in _section(client.get(f"/stories/{coverage.story}").text, "timeline-heading")


def test_the_entity_page_and_the_entity_filter_list_the_stories_naming_it(
    client: TestClient, coverage: Coverage
) -> None:
    page = client.get("/entities/river%20dee")
    assert page.status_code == 200
    assert "<h1>River Dee</h1>" in page.text
    named = set(map(int, re.findall(r'<h3 class="item-title"><a href="/stories/(\d+)"', page.text)))
    assert named == {coverage.story, coverage.related}
    filtered = client.get("/", params={"entity": "River Dee"}).text
    assert set(map(int, re.findall(r'<h3 class="item-title"><a href="/stories/(\d+)"', filtered))) == named
    entity = client.get("/api/v1/entities/River%20%20Dee").json()["entity"]
    # Echoed under the key it is kept by (as the page's links name it), with its kind.
    assert (entity["key"], entity["name"], entity["kind"]) == ("river dee", "River Dee", "place")


def test_a_cited_article_has_one_number_wherever_the_story_page_cites_it(
    client: TestClient, coverage: Coverage
) -> None:
    html = client.get(f"/stories/{coverage.story}").text

    def cited(heading_id: str) -> list[str]:
        return re.findall(
            r'<a class="citation" href="/articles/\d+" title="[^"]*">([^<]*)</a>', _section(html, heading_id)
        )

    assert cited("summary-heading") == ["[1: Wire]"]
    assert cited("agreed-heading") == ["[1: Wire]", "[2: Radio]"]
    assert cited("only-heading") == ["[2: Radio]"]


def test_every_story_naming_an_entity_is_paged_to_newest_first_in_the_api_page_and_filter(
    client: TestClient, store: Store
) -> None:
    """More stories than a page: each is listed once, most recently active first, and the last
    page says it is the last; the story naming it most often but longest ago is not put first."""
    desk = Desk(store)
    placed: list[int] = []
    for hours in range(7):
        article_id, story_id = desk.place("wire", hours, title=f"Dee report {hours}")
        mentions = 9 if hours == 0 else 1  # the oldest names the river most often
        store.record_entities(article_id, [replace(DEE, mentions=mentions)], analyser="test", now=WHEN)
        placed.append(story_id)
    newest_first = placed[::-1]

    def pages(path: str, params: dict[str, str]) -> list[list[int]]:
        found: list[list[int]] = []
        while True:
            body = client.get(path, params=params).json()
            found.append([card["story_id"] for card in body.get("stories", body.get("latest_stories"))])
            if body["next_cursor"] is None:
                return found
            params = {**params, "cursor": body["next_cursor"]}

    by_api = pages("/api/v1/entities/river%20dee", {"limit": "3"})
    assert by_api == [newest_first[:3], newest_first[3:6], newest_first[6:]]
    assert pages("/api/v1/front", {"entity": "River Dee", "limit": "3"}) == by_api
    exact = pages("/api/v1/entities/river%20dee", {"limit": "7"})
    assert exact == [newest_first], "a page that ends the list says so"

    html = client.get("/entities/river%20dee").text
    assert re.findall(r'<h3 class="item-title"><a href="/stories/(\d+)"', html) == [
        str(i) for i in newest_first
    ]
    assert 'rel="next"' not in html


def test_a_page_past_an_entity_s_last_story_names_it_and_an_unknown_entity_is_404_on_any_page(
    client: TestClient, store: Store
) -> None:
    # With a cursor, an empty page named the entity as typed with no kind, and an entity no story
    # names was a 200 with no stories (QA, 2026-12-07).
    desk = Desk(store)
    for hours in range(2):
        article_id, _ = desk.place("wire", hours, title=f"Dee report {hours}")
        store.record_entities(article_id, [DEE], analyser="test", now=WHEN)
    first = client.get("/api/v1/entities/river%20dee", params={"limit": "2"}).json()
    assert [len(first["stories"]), first["entity"]["kind"]] == [2, "place"]
    # A cursor after the oldest story: the page past the last one.
    oldest = first["stories"][-1]
    after_oldest = encode_story_cursor(
        StoryCursor(last_seen=datetime.fromisoformat(oldest["last_seen"]), story_id=oldest["story_id"])
    )
    beyond = client.get("/api/v1/entities/RIVER%20DEE", params={"cursor": after_oldest}).json()
    assert (beyond["stories"], beyond["entity"]) == ([], first["entity"])
    filtered = client.get("/api/v1/front", params={"entity": "RIVER DEE", "cursor": after_oldest}).json()
    assert (filtered["latest_stories"], filtered["entity"]) == ([], first["entity"])
    assert client.get("/api/v1/entities/nobody", params={"cursor": after_oldest}).status_code == 404
    assert client.get("/api/v1/front", params={"entity": "nobody", "cursor": after_oldest}).status_code == 404


def test_search_results_are_grouped_by_story(client: TestClient, coverage: Coverage) -> None:
    body = client.get("/api/v1/search", params={"q": "dam"}).json()
    groups = {group["story"]["story_id"]: group["results"] for group in body["groups"] if group["story"]}
    assert {result["article_id"] for result in groups[coverage.story]} >= {coverage.wire, coverage.radio}
    assert coverage.related not in groups  # "Dee floods reach Chester" does not say dam
    html = client.get("/search", params={"q": "dam"}).text
    assert f'<h2 class="group-title"><a href="/stories/{coverage.story}">' in html


@pytest.mark.parametrize("path", ["/stories/999999", "/entities/nobody%20at%20all"])
def test_unknown_stories_and_entities_get_a_real_404_page(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "<h1>Not found</h1>" in response.text


def test_every_page_has_the_policy_landmarks_and_no_inline_script(
    client: TestClient, coverage: Coverage
) -> None:
    for path in [
        "/",
        f"/stories/{coverage.story}",
        f"/articles/{coverage.wire}",
        "/entities/river%20dee",
        "/outlets",
        "/outlets/wire.example",
        "/search?q=dam",
        "/add",
        "/stories/999999",
    ]:
        response = client.get(path)
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        html = response.text
        assert '<a class="skip-link" href="#main">' in html, path
        assert '<main id="main"' in html, path
        assert "<header" in html, path
        assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None, path
        assert re.search(r"<img(?![^>]*\balt=)[^>]*>", html) is None, path
        ids = re.findall(r'\bid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), f"{path}: an id used twice"


def test_the_outlet_page_shows_the_stories_it_covered_latest_first(
    client: TestClient, coverage: Coverage
) -> None:
    html = client.get("/outlets/wire.example").text
    stories = html.partition("<h2>Stories</h2>")[2].partition("<h2>Articles</h2>")[0]
    assert re.findall(r'<h3 class="item-title"><a href="/stories/(\d+)"', stories) == [
        str(coverage.later),
        str(coverage.story),
    ]
    twin = client.get("/api/v1/outlets/radio.example").json()
    assert [card["story_id"] for card in twin["stories"]] == [coverage.story]


def test_a_merged_story_links_to_the_story_its_articles_are_in_now(client: TestClient, store: Store) -> None:
    """Story 'absorbed' was merged into 'middle', which was merged into 'survivor' later: the old
    page and its twin name the survivor, rather than showing an empty timeline."""
    desk = Desk(store)
    _, absorbed = desk.place("wire", 0, title="Ferry runs aground")
    _, middle = desk.place("radio", 1, title="Ferry aground off the cape")
    desk.place("paper", 2, join=middle, absorb=(absorbed,))
    _, survivor = desk.place("tv", 3, title="Ferry refloated after three days")
    desk.place("blog", 4, join=survivor, absorb=(middle,))
    for old in (absorbed, middle):
        twin = client.get(f"/api/v1/stories/{old}").json()
        assert twin["merged_into"] == {"story_id": survivor, "headline": "Ferry refloated after three days"}
        assert twin["timeline"] == []
        # What it holds now: nothing of its own (its counts as they were when merged were shown).
        card = twin["story"]
        assert (card["outlet_count"], card["article_count"], card["outlets"]) == (0, 0, [])
        html = client.get(f"/stories/{old}").text
        assert (
            f'<a class="merged-into" href="/stories/{survivor}">Ferry refloated after three days</a>' in html
        )
        assert 'aria-labelledby="timeline-heading"' not in html
        assert 'class="coverage"' not in html
    _keep_summary(store, survivor, StorySummary(sentences=(), agreed=(), only=(), entities=()))
    current = client.get(f"/api/v1/stories/{survivor}").json()
    assert current["merged_into"] is None
    assert len(current["timeline"]) == 5
    assert (current["story"]["outlet_count"], current["story"]["article_count"]) == (5, 5)
    assert '<span class="coverage">5 outlets</span>' in client.get(f"/stories/{survivor}").text


def test_the_story_page_shows_each_article_s_standfirst_under_its_headline(
    client: TestClient, store: Store, coverage: Coverage
) -> None:
    dek = "Rescue teams worked through the night <as water rose>."
    with store.engine.begin() as connection:
        connection.execute(update(articles).where(articles.c.id == coverage.radio).values(standfirst=dek))
    timeline = _section(client.get(f"/stories/{coverage.story}").text, "timeline-heading")
    assert '<p class="item-dek">Rescue teams worked through the night &lt;as water rose&gt;.</p>' in timeline
    assert timeline.count('class="item-dek"') == 1


def test_a_copy_s_original_is_named_with_its_own_story_on_the_article_and_story_pages(
    client: TestClient, coverage: Coverage, store: Store
) -> None:
    # Before: the original's card in `copy_of` said `"story_id": null` (its story was never read),
    # though the original's own answer names its story: a client could not follow it there.
    article = client.get(f"/api/v1/articles/{coverage.copy}").json()
    assert article["copy_of"]["article_id"] == coverage.wire
    assert article["copy_of"]["story_id"] == coverage.story
    assert client.get(f"/api/v1/articles/{coverage.wire}").json()["article"]["story_id"] == coverage.story
    reprint, reprint_story = Desk(store).place("digest", 500, earlier=coverage.story, copy_of=coverage.wire)
    _keep_summary(store, reprint_story, StorySummary(sentences=(), agreed=(), only=(), entities=()))
    [entry] = client.get(f"/api/v1/stories/{reprint_story}").json()["timeline"]
    assert entry["article"]["article_id"] == reprint
    assert (entry["copy_of"]["article_id"], entry["copy_of"]["story_id"]) == (coverage.wire, coverage.story)


def test_republications_of_an_original_in_another_story_are_one_writing_on_the_story_page(
    client: TestClient, store: Store
) -> None:
    # Two outlets republished a quiet story's writing weeks later: the CLI showed it once, the
    # reader twice, each copy an entry of its own (QA, 2026-12-07).
    desk = Desk(store)
    wire, first_story = desk.place("wire", 0)
    copy, story = desk.place("star", 960, copy_of=wire, earlier=first_story)
    reprint, _ = desk.place("post", 961, join=story, copy_of=wire)
    _keep_summary(store, story, StorySummary(sentences=(), agreed=(), only=(), entities=()))
    [entry] = client.get(f"/api/v1/stories/{story}").json()["timeline"]
    assert entry["article"]["article_id"] == copy
    assert entry["copy_of"]["article_id"] == wire
    assert [(card["article_id"], card["copy_of"]) for card in entry["also_published_by"]] == [(reprint, wire)]
    html = client.get(f"/stories/{story}").text
    assert html.count(f'href="/articles/{reprint}"') == 1
