"""Where a story's copies came from and which stories were merged into it, on the story page and
its API twin, as `tidings story` shows them (real app, real store on SQLite and PostgreSQL).

Copies are found and placed by the real story desk (``StoryDesk`` with the static model), so the
origin shown is the one the store records, whatever decides it there; merges are placed through
the store's own verb (``tests.store.placing``).
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
import schemathesis
from starlette.testclient import TestClient
from typer.testing import CliRunner

from tests.cluster.support import WHEN, article, ntd, static_embedder
from tests.store.placing import WHEN as DESK_WHEN
from tests.store.placing import Desk
from tidings.cli.app import app
from tidings.cluster import ClusterPolicy
from tidings.model import Added, Article
from tidings.store import Store
from tidings.stories import StoryDesk

# A dateline crediting the Associated Press: the writing is the wire's, whoever printed it first.
WIRE_TEXT = "MINSK, Belarus (AP) — " + ntd().text
HOSTILE = "<script>alert('origin')</script> & <b>Co</b>"


@pytest.fixture
def story_desk(store: Store, tmp_path: Path) -> StoryDesk:
    return StoryDesk(
        store,
        embedder=static_embedder(),
        index_path=tmp_path / "stories" / "index.usearch",
        policy=ClusterPolicy(),
    )


def _add(store: Store, desk: StoryDesk, item: Article) -> int:
    outcome = store.add_article(item)
    assert isinstance(outcome, Added)
    desk.place(outcome.article_id, item, now=WHEN + timedelta(days=60))
    return outcome.article_id


def _story_of(store: Store, article_id: int) -> int:
    return store.story_places([article_id])[article_id].story_id


def _story_answer(client: TestClient, story_id: int) -> httpx.Response:
    """The story's API answer, checked against the OpenAPI document the app serves (the contract
    test's store has no stories, so these answers are where the new fields meet the document)."""
    answer = client.get(f"/api/v1/stories/{story_id}")
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", client.app)
    schema["/stories/{story_id}"]["GET"].validate_response(answer)
    return answer


def _timeline(html: str) -> str:
    found = re.search(r'<section aria-labelledby="timeline-heading">(.*?)</section>', html, flags=re.S)
    assert found is not None
    return found.group(1)


def test_a_copy_group_names_the_outlet_it_came_from_as_the_story_command_does(
    client: TestClient, store: Store, story_desk: StoryDesk, runner: CliRunner
) -> None:
    original = _add(
        store, story_desk, article("Putin visits Belarus", WIRE_TEXT, "Paper One", domain="one.example")
    )
    copy = _add(
        store,
        story_desk,
        article(
            "Putin in Minsk",
            WIRE_TEXT,
            "Paper Two",
            domain="two.example",
            published_at=WHEN + timedelta(hours=3),
        ),
    )
    story = _story_of(store, original)
    [entry] = _story_answer(client, story).json()["timeline"]
    assert entry["article"]["article_id"] == original
    assert [card["article_id"] for card in entry["also_published_by"]] == [copy]
    assert entry["origin"] == {"outlet": "Associated Press", "evidence": "wire_credit"}
    # The same fact the command line reads from the store, in its words.
    shown = runner.invoke(app, ["story", str(story), "--json"])
    copied = next(item for item in json.loads(shown.stdout)["articles"] if item["id"] == copy)
    assert copied["origin"] == {"outlet": "Associated Press", "evidence": "wire_credit"}
    assert (
        "    came from Associated Press (by a wire credit)"
        in runner.invoke(app, ["story", str(story)]).stdout
    )
    timeline = _timeline(client.get(f"/stories/{story}").text)
    origin = '<span class="origin-outlet">Associated Press</span>'
    assert f'<p class="origin">Came from {origin} (by a wire credit).</p>' in timeline


def test_an_article_without_copies_names_no_origin(
    client: TestClient, store: Store, story_desk: StoryDesk
) -> None:
    only = _add(
        store, story_desk, article("Putin visits Belarus", WIRE_TEXT, "Paper One", domain="one.example")
    )
    [entry] = client.get(f"/api/v1/stories/{_story_of(store, only)}").json()["timeline"]
    assert entry["origin"] is None
    assert 'class="origin"' not in client.get(f"/stories/{_story_of(store, only)}").text


def test_a_hostile_outlet_named_as_the_origin_is_escaped_on_the_page_and_kept_whole_in_the_api(
    client: TestClient, store: Store, story_desk: StoryDesk
) -> None:
    # No canonical link and no wire credit: the earliest copy's outlet is the origin, and its name
    # is whatever the feed said.
    text = ntd().text
    first = _add(store, story_desk, article("Putin visits Belarus", text, HOSTILE, domain="hostile.example"))
    _add(
        store,
        story_desk,
        article(
            "Putin in Minsk", text, "Paper Two", domain="two.example", published_at=WHEN + timedelta(hours=3)
        ),
    )
    story = _story_of(store, first)
    [entry] = client.get(f"/api/v1/stories/{story}").json()["timeline"]
    assert entry["origin"] == {"outlet": HOSTILE, "evidence": "earliest"}
    html = client.get(f"/stories/{story}").text
    escaped = "&lt;script&gt;alert(&#39;origin&#39;)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt;"
    assert f'Came from <span class="origin-outlet">{escaped}</span> (by the earliest date).' in html
    assert "<script>alert" not in html
    assert "<b>Co</b>" not in html


def test_a_copy_whose_original_is_in_earlier_coverage_names_its_own_origin(
    client: TestClient, store: Store, story_desk: StoryDesk
) -> None:
    # Republished weeks later, the wire's text starts a story of its own: the copy stands alone
    # in it, under its original, and says where the writing came from.
    original = _add(
        store, story_desk, article("Putin visits Belarus", WIRE_TEXT, "Paper One", domain="one.example")
    )
    late = article(
        "Putin in Minsk", WIRE_TEXT, "Paper Two", domain="two.example", published_at=WHEN + timedelta(40)
    )
    copy = _add(store, story_desk, late)
    story = _story_of(store, copy)
    assert story != _story_of(store, original)
    [entry] = client.get(f"/api/v1/stories/{story}").json()["timeline"]
    assert (entry["article"]["article_id"], entry["article"]["copy_of"]) == (copy, original)
    assert entry["origin"] == {"outlet": "Associated Press", "evidence": "wire_credit"}
    assert "Came from <span" in _timeline(client.get(f"/stories/{story}").text)


def test_the_survivor_lists_the_stories_it_absorbed_and_the_absorbed_one_says_when_and_why(
    client: TestClient, store: Store, runner: CliRunner
) -> None:
    desk = Desk(store)
    _, story = desk.place("one", 0, title="Ferry runs aground")
    _, other = desk.place("two", 1, title="Ferry aground off the cape")
    bridge, _ = desk.place("three", 2, join=story, absorb=(other,))
    merge = {
        "survivor_story_id": story,
        "absorbed_story_id": other,
        "article_id": bridge,
        "reason": "test join",
    }
    survivor = _story_answer(client, story).json()["merges"]
    absorbed = _story_answer(client, other).json()["merges"]
    for listed in (survivor, absorbed):
        [found] = listed
        assert datetime.fromisoformat(found.pop("merged_at")) == DESK_WHEN + timedelta(hours=2)
        assert found == merge
    # The command line lists them with the API's names, as docs/api.md says.
    cli = json.loads(runner.invoke(app, ["story", str(story), "--json"]).stdout)["merges"]
    assert [{name: value for name, value in item.items() if name != "merged_at"} for item in cli] == [merge]

    when = '<time datetime="2026-11-30T10:00:00+00:00">30 Nov 2026, 10:00 UTC</time>'
    by = f'by <a href="/articles/{bridge}">article #{bridge}</a> (test join)'
    html = client.get(f"/stories/{story}").text
    absorbed_link = f'<a href="/stories/{other}">story #{other}</a>'
    assert '<details class="merges"><summary>Merged from 1 other story</summary>' in html
    assert f"<li>{absorbed_link} on {when} {by}.</li>" in html
    old = client.get(f"/stories/{other}").text
    survivor_link = f'<a href="/stories/{story}">story #{story}</a>'
    assert f'<p class="merged-when">Merged into {survivor_link} on {when} {by}.</p>' in old
    assert 'class="merges"' not in old


def test_a_story_never_merged_lists_no_merges(client: TestClient, store: Store) -> None:
    _, story = Desk(store).place("one", 0)
    assert client.get(f"/api/v1/stories/{story}").json()["merges"] == []
    html = client.get(f"/stories/{story}").text
    assert 'class="merges"' not in html
    assert 'class="merged-when"' not in html


def _original_update_and_republication(store: Store, story_desk: StoryDesk) -> tuple[int, int, int]:
    """Paper One's article, its own later version at a new address (a new headline, a paragraph
    added) and Paper Two's republication of the first: their ids."""
    text = ntd().text
    first = _add(
        store,
        story_desk,
        article("Putin visits Belarus", text, "Paper One", domain="one.example", url="https://one.example/a"),
    )
    update = _add(
        store,
        story_desk,
        article(
            "Putin and Lukashenko sign defence pact",
            text + "\n\nUpdate: the two leaders signed a defence pact on Monday evening, officials said.",
            "Paper One",
            domain="one.example",
            url="https://one.example/b",
            published_at=WHEN + timedelta(hours=5),
        ),
    )
    republished = _add(
        store,
        story_desk,
        article(
            "Putin in Minsk", text, "Paper Two", domain="two.example", published_at=WHEN + timedelta(hours=3)
        ),
    )
    return first, update, republished


def test_an_outlet_s_own_later_version_is_its_update_not_a_republication_on_the_page_and_in_the_api(
    client: TestClient, store: Store, story_desk: StoryDesk
) -> None:
    # The outlet moved its article to a new address, with a new headline and a paragraph added:
    # the page had listed it as "Also published by" the outlet itself, the new headline nowhere.
    first, update, republished = _original_update_and_republication(store, story_desk)
    story = _story_of(store, first)
    [entry] = _story_answer(client, story).json()["timeline"]
    assert entry["article"]["article_id"] == first
    assert [card["article_id"] for card in entry["updates"]] == [update]
    assert [card["article_id"] for card in entry["also_published_by"]] == [republished]
    timeline = _timeline(client.get(f"/stories/{story}").text)
    assert f'Updated: <a href="/articles/{update}">Putin and Lukashenko sign defence pact</a>' in timeline
    assert re.search(r'Also published by <a href="/articles/\d+">Paper Two</a></p>', timeline)


def test_an_outlet_s_own_later_version_reads_as_its_update_on_its_article_page(
    client: TestClient, store: Store, story_desk: StoryDesk
) -> None:
    # The update's page had said "A copy of Putin visits Belarus first published by Paper One",
    # as though the outlet had republished itself; a republication by another outlet still reads
    # as a copy.
    first, update, republished = _original_update_and_republication(store, story_desk)
    updated = client.get(f"/articles/{update}").text
    assert (
        f'An update of <a href="/articles/{first}">Putin visits Belarus</a>, published earlier by' in updated
    )
    assert "A copy of" not in updated
    copied = client.get(f"/articles/{republished}").text
    assert f'A copy of <a href="/articles/{first}">Putin visits Belarus</a> first published by' in copied
