"""Entities, kept summaries and the rank stage's reads, on SQLite and PostgreSQL, with stories
made by the real ingest pipeline from the seed pages and one unrelated article."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from tests.store.placing import Desk
from tests.store.test_articles import make_article
from tidings.config import Settings
from tidings.core import Tidings
from tidings.errors import NotFound
from tidings.model import Entity, StorySummary
from tidings.store import Store
from tidings.store import understanding as understanding_rows
from tidings.store.migrate import _alembic_config
from tidings.summarize import LazyModels, read_entities
from tidings.summarize.text import HeuristicAnalyser

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED_PAGES = [
    FIXTURES / "extract" / "tribune-inkl-putin-belarus.txt",
    FIXTURES / "extract" / "ntd-putin-belarus.txt",
]
NOW = datetime(2022, 12, 20, 12, tzinfo=UTC)
UNRELATED = (
    "Lukashenko opens a new potash terminal\n\n"
    "Belarusian leader Alexander Lukashenko opened a potash terminal near the port of Ust-Luga "
    "on Tuesday, state media reported.\n\n"
    "The terminal will ship fertiliser from Belaruskali, the state potash producer, to buyers in "
    "Asia after Lithuania closed its ports to Belarusian cargo.\n\n"
    "Officials said the first ship would leave in January.\n"
)


@pytest.fixture(scope="module")
def models() -> LazyModels:
    return LazyModels()


@pytest.fixture
def tidings(store: Store, settings: Settings, models: LazyModels, tmp_path: Path) -> Tidings:
    facade = Tidings(settings, store=store)
    facade.__dict__["understanding_models"] = models
    unrelated = tmp_path / "potash.txt"
    unrelated.write_text(UNRELATED, encoding="utf-8")
    outcomes = list(facade.add_paths([*map(str, SEED_PAGES), str(unrelated)], now=NOW))
    assert not [outcome for outcome in outcomes if outcome.skipped]
    return facade


def _seed_story_id(tidings: Tidings) -> int:
    return next(story.story_id for story in tidings.list_stories() if story.outlet_count == 2)


def test_entities_are_read_once_and_found_by_full_name_surname_or_title(tidings: Tidings) -> None:
    assert tidings.count_pending_entities() == 3
    assert tidings.read_pending_entities(now=NOW) == 3
    assert tidings.read_pending_entities(now=NOW) == 0
    by_surname = tidings.entity_stories("Lukashenko")
    assert len(by_surname) == 2
    assert {story.story.story_id for story in tidings.entity_stories("President Alexander Lukashenko")} == {
        hit.story.story_id for hit in by_surname
    }
    assert [hit.story.story_id for hit in tidings.entity_stories("Putin")] == [_seed_story_id(tidings)]
    assert tidings.entity_stories("Nobody Atall") == []


def test_entities_kept_with_a_legal_form_in_their_key_are_read_again_after_the_upgrade(
    store: Store, tidings: Tidings
) -> None:
    old_key, plain = [stored.article_id for stored in store.articles_without_entities(limit=2)]
    # What the entity reader kept before keys dropped legal forms (migration 0012).
    store.record_entities(old_key, [Entity("netflix, inc", "Netflix, Inc.", "org", 2)], analyser="t", now=NOW)
    store.record_entities(plain, [Entity("coca-cola", "Coca-Cola", "org", 1)], analyser="t", now=NOW)
    config = _alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    store.migrate()
    assert [stored.article_id for stored in store.articles_without_entities(limit=5)].count(old_key) == 1
    assert plain not in [stored.article_id for stored in store.articles_without_entities(limit=5)]
    assert store.entity_stories("netflix, inc") == []
    assert len(store.entity_stories("coca-cola")) == 1


def test_a_full_name_also_finds_the_person_named_by_surname_alone(store: Store, tidings: Tidings) -> None:
    surname_only, full_name = [stored.article_id for stored in store.articles_without_entities(limit=2)]
    store.record_entities(surname_only, [Entity("putin", "Putin", "person", 3)], analyser="test", now=NOW)
    store.record_entities(
        full_name, [Entity("vladimir putin", "Vladimir Putin", "person", 1)], analyser="test", now=NOW
    )
    by_full_name = store.entity_stories("vladimir putin")
    assert {hit.story.story_id for hit in by_full_name} == {
        hit.story.story_id for hit in store.entity_stories("putin")
    }
    assert sum(hit.mentions for hit in by_full_name) == 4
    assert {hit.kind for hit in by_full_name} == {"person"}
    # A place is not a person's surname: "Minsk" alone does not stand for "Alexander Minsk".
    store.record_entities(surname_only, [Entity("minsk", "Minsk", "place", 2)], analyser="test", now=NOW)
    assert store.entity_stories("alexander minsk") == []
    assert tidings.entity_key("President Vladimir  Putin") == "vladimir putin"


def test_every_spelling_of_an_alias_finds_the_same_stories(store: Store, tidings: Tidings) -> None:
    # The bundled sample: the model read "Putin Slams US" in a title-case headline as a person,
    # and `tidings entity US` listed that story alone while "U.S." listed the United States'.
    country, headline = [stored.article_id for stored in store.articles_without_entities(limit=2)]
    store.record_entities(country, [Entity("united states", "U.S.", "place", 2)], analyser="test", now=NOW)
    store.record_entities(headline, [Entity("slams us", "Slams US", "person", 1)], analyser="test", now=NOW)
    by_name = {
        name: [hit.story.story_id for hit in tidings.entity_stories(name)]
        for name in ("U.S.", "United States", "US", "us", "USA")
    }
    assert by_name["U.S."]
    assert all(found == by_name["U.S."] for found in by_name.values()), by_name
    assert tidings.entity_key("US") == "united states"


def test_recording_entities_again_replaces_them(store: Store, tidings: Tidings) -> None:
    article_id = store.articles_without_entities(limit=1)[0].article_id
    store.record_entities(article_id, [Entity("minsk", "Minsk", "place", 2)], analyser="test", now=NOW)
    store.record_entities(article_id, [Entity("kyiv", "Kyiv", "place", 1)], analyser="test", now=NOW)
    assert store.entity_stories("minsk") == []
    assert [hit.mentions for hit in store.entity_stories("kyiv")] == [1]
    assert store.count_articles_without_entities() == 2


def test_a_summary_is_kept_and_made_again_only_when_the_story_changes(
    store: Store, tidings: Tidings, monkeypatch: pytest.MonkeyPatch
) -> None:
    story_id = _seed_story_id(tidings)
    first = tidings.story_summary(story_id, now=NOW)
    assert {outlet for sentence in first.sentences for outlet in sentence.outlets} == {
        "Tribune News Service",
        "NTD",
    }
    calls: list[int] = []

    def counting(self: Tidings, articles: object) -> StorySummary:
        calls.append(1)
        return first

    monkeypatch.setattr(Tidings, "summarize_articles", counting)
    assert tidings.story_summary(story_id, now=NOW) == first
    assert calls == []
    kept = store.story_summary(story_id)
    assert kept is not None
    store.save_story_summary(story_id, "a story that has since changed", first, now=NOW)
    tidings.story_summary(story_id, now=NOW)
    assert calls == [1]


def test_coverage_totals_count_every_article_and_top_stories_rank_them(tidings: Tidings) -> None:
    since = NOW - timedelta(days=30)
    coverage = {
        item.story.story_id: item for item in tidings.store.story_coverage(since=since, joined_since=since)
    }
    seed = coverage[_seed_story_id(tidings)]
    assert (seed.articles, seed.copies, seed.original_outlets, len(seed.joins)) == (2, 0, 2, 2)
    ranked = {item.story.story_id: item for item in tidings.top_stories(now=NOW + timedelta(hours=1))}
    seed_rank = ranked[_seed_story_id(tidings)]
    assert set(seed_rank.story.outlets) == {"NTD", "Tribune News Service"}  # named after ranking
    assert [factor.name for factor in seed_rank.factors] == [
        "breadth",
        "velocity",
        "freshness",
        "originality",
    ]
    # NTD's page is dated 2022-12-19; Tribune's undated page, added at NOW, makes the story no
    # fresher than that, nor an outlet joining it now (the potash page, undated and alone in its
    # story, counts at the time it was added).
    factors = {factor.name: factor.measured for factor in seed_rank.factors}
    assert (factors["breadth"], factors["velocity"]) == (2, 0)
    assert factors["freshness"] == pytest.approx(37.0)
    assert tidings.top_stories(now=NOW + timedelta(days=30)) == []


FOLLOW_UP = (
    "Lukashenko says Belarusian pilots are ready to fly nuclear-capable aircraft\n\n"
    "January 27, 2023\n\n"
    "Belarus President Alexander Lukashenko said on Friday that Belarusian crews had finished "
    "training with Russia to fly aircraft modified to carry nuclear weapons, days after Russian "
    "President Vladimir Putin visited Minsk.\n\n"
    "Putin and Lukashenko agreed in Minsk to hold more joint military exercises, and Russia has "
    "supplied Belarus with Iskander missiles and S-400 air defense systems.\n"
)


def test_related_stories_are_those_sharing_words_and_entities(tidings: Tidings, tmp_path: Path) -> None:
    follow_up = tmp_path / "follow-up.txt"
    follow_up.write_text(FOLLOW_UP, encoding="utf-8")
    later = NOW + timedelta(days=40)  # dated weeks later: a story of its own, not the visit's
    assert not [outcome for outcome in tidings.add_paths([str(follow_up)], now=later) if outcome.skipped]
    tidings.read_pending_entities(now=later)
    seed_id = _seed_story_id(tidings)
    related = tidings.related_stories(seed_id)
    # The follow-up shares the visit's words and names; the potash terminal shares only
    # Lukashenko, under the floor (rank.MIN_RELATED_SCORE), so it is not listed.
    assert [item.story.headline for item in related] == [FOLLOW_UP.split("\n", maxsplit=1)[0]]
    assert {"Alexander Lukashenko", "Vladimir Putin"} <= set(related[0].shared_entities)
    with pytest.raises(NotFound):
        tidings.related_stories(999_999)


# Authored: a Russian paragraph, as in tests/summarize/test_text.py. The old splitter took it for one
# sentence, so the heuristic kept each sentence's opener with the name before it.
RUSSIAN_TEXT = "Путин прилетел в Минск в понедельник. В Минске его встретил Лукашенко. А затем они говорили."
OLD_SPLITTER_ENTITIES = (
    Entity("минск", "Минск", "other", 1),
    Entity("в минске", "В Минске", "other", 1),
    Entity("лукашенко а", "Лукашенко А", "other", 1),
)


def _kept_names(store: Store, article_id: int) -> set[str]:
    with store.engine.connect() as connection:
        return set(
            connection.execute(
                text("SELECT name FROM article_entities WHERE article_id = :id"), {"id": article_id}
            ).scalars()
        )


def test_entities_read_with_the_old_sentence_splitter_are_read_again_after_the_upgrade(store: Store) -> None:
    """Migration 0018: only the articles the new splitter splits otherwise lose their entities and
    are read again; then their openers are no names."""
    config = _alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0018-1")
    written = {
        "russian": ("Путин в Минске", RUSSIAN_TEXT, "ru", "heuristic"),
        # One Russian sentence: split alike by both.
        "one sentence": ("Путин в Минске", "Путин прилетел в Минск в понедельник.", "ru", "heuristic"),
        # English read by the pipeline: its sentences were never the splitter's.
        "english": ("Putin in Minsk", "Putin flew in. Łódź waited.", "en", "spacy"),
    }
    ids = {}
    for index, (name, (title, body, language, analyser)) in enumerate(written.items()):
        article = replace(
            make_article(title, text=body, url=f"https://example.ru/{index}"), language=language
        )
        ids[name] = store.add_article(article).article_id
        store.record_entities(ids[name], OLD_SPLITTER_ENTITIES, analyser=analyser, now=NOW)
    store.migrate()
    assert [stored.article_id for stored in store.articles_without_entities(limit=5)] == [ids["russian"]]
    assert _kept_names(store, ids["russian"]) == set()
    assert _kept_names(store, ids["english"]) == {entity.name for entity in OLD_SPLITTER_ENTITIES}
    read = store.articles_without_entities(limit=5)
    [entities] = read_entities(read, analyser=HeuristicAnalyser())
    store.record_entities(ids["russian"], entities, analyser="heuristic", now=NOW)
    assert _kept_names(store, ids["russian"]) == {"Минск", "Минске", "Лукашенко"}


def test_a_surname_the_model_took_for_a_product_finds_the_same_mentions_as_the_full_name(
    tidings: Tidings, tmp_path: Path
) -> None:
    """Real sentences (Multi-News test sample 002, document 0; see
    tests/fixtures/summarize/scaramucci-2017.txt): the model takes "Scaramucci" alone for an
    organisation or a product. Before, "Scaramucci" found 4 mentions, "Anthony Scaramucci" 1,
    and the entity was shown as a product."""
    paragraph = (FIXTURES / "summarize" / "scaramucci-2017.txt").read_text(encoding="utf-8").split("\n\n")[0]
    saved = tmp_path / "scaramucci.txt"
    saved.write_text(f"White House staff and the FBI\n\n{paragraph}", encoding="utf-8")
    later = NOW + timedelta(days=40)
    assert not [outcome for outcome in tidings.add_paths([str(saved)], now=later) if outcome.skipped]
    tidings.read_pending_entities(now=later)
    by_surname = tidings.entity_stories("Scaramucci")
    by_full_name = tidings.entity_stories("Anthony Scaramucci")
    assert [(hit.mentions, hit.names, hit.kind) for hit in by_surname] == [
        (4, ("Anthony Scaramucci",), "person")
    ]
    assert [(hit.mentions, hit.kind) for hit in by_full_name] == [(4, "person")]
    assert [hit.story.story_id for hit in by_surname] == [hit.story.story_id for hit in by_full_name]


def test_an_entity_shows_one_kind_in_every_story(store: Store, tidings: Tidings) -> None:
    """The kind most of its mentions got, not each story's own: the model took "Twitter" for a
    person in one Multi-News article (test sample 002, document 3: "he wrote on Twitter")."""
    [seed_article, *_] = [
        member.article.article_id for member in store.get_story(_seed_story_id(tidings)).members
    ]
    other = next(
        stored.article_id
        for stored in store.articles_without_entities(limit=3)
        if stored.article_id != seed_article
    )
    store.record_entities(seed_article, [Entity("twitter", "Twitter", "person", 2)], analyser="test", now=NOW)
    store.record_entities(other, [Entity("twitter", "Twitter", "organization", 5)], analyser="test", now=NOW)
    found = store.entity_stories("twitter")
    assert len(found) == 2
    assert {hit.kind for hit in found} == {"organization"}


def test_surnames_kept_apart_from_their_person_are_read_again_after_the_upgrade(store: Store) -> None:
    """Migration 0023: articles with a surname kept as another kind beside its person, or a
    possessive inside a name, lose their entities and are read again; others keep theirs."""
    config = _alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0023-1")
    written = {
        "product": (
            Entity("scaramucci", "Scaramucci", "product", 3),
            Entity("anthony scaramucci", "Anthony Scaramucci", "person", 1),
        ),
        "possessive": (Entity("scaramucci skybridge", "Scaramucci’s SkyBridge", "organization", 1),),
        "place": (
            Entity("minsk", "Minsk", "place", 2),
            Entity("vladimir putin", "Vladimir Putin", "person", 1),
        ),
        "joined": (
            Entity("anthony scaramucci", "Anthony Scaramucci", "person", 4),
            Entity("macy's", "Macy's", "organization", 1),
        ),
    }
    ids = {}
    for index, (name, entities) in enumerate(written.items()):
        ids[name] = store.add_article(make_article(name, url=f"https://example.com/{index}")).article_id
        store.record_entities(ids[name], entities, analyser="spacy", now=NOW)
    store.migrate()
    assert {stored.article_id for stored in store.articles_without_entities(limit=5)} == {
        ids["product"],
        ids["possessive"],
    }
    assert _kept_names(store, ids["product"]) == set()
    assert _kept_names(store, ids["place"]) == {"Minsk", "Vladimir Putin"}
    assert _kept_names(store, ids["joined"]) == {"Anthony Scaramucci", "Macy's"}


def test_a_story_whose_summary_names_no_one_shows_what_its_articles_name(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A story of headlines: the summary reads only text, so it names no one; the entity reader has
    # read each headline. Entities named by one headline alone (a misreading, often) are left out.
    desk = Desk(store)
    first, story_id = desk.place("wire", 0, title="Beyonce wants to ban the word bossy")
    second, _ = desk.place("daily", 1, join=story_id, title="Sheryl Sandberg and Beyoncé: ban bossy")
    third, _ = desk.place("post", 2, join=story_id, title="Sheryl Sandberg Launches Ban Bossy")
    _, other_story = desk.place("times", 3, title="Budget passed")
    named = {
        first: [Entity("beyonce", "Beyonce", "place", 1)],
        second: [
            Entity("sheryl sandberg", "Sheryl Sandberg", "person", 1),
            Entity("beyonce", "Beyoncé Knowles", "person", 2),
        ],
        third: [
            Entity("sheryl sandberg", "Sheryl Sandberg", "person", 1),
            Entity("ban bossy", "Ban Bossy", "person", 1),
        ],
    }
    for article_id, entities in named.items():
        store.record_entities(article_id, entities, analyser="test", now=NOW)
    nobody = StorySummary(sentences=(), agreed=(), only=(), entities=())
    monkeypatch.setattr(Tidings, "summarize_articles", lambda self, articles: nobody)
    tidings = Tidings(settings, store=store)

    made = tidings.story_summary(story_id, now=NOW)
    kept = tidings.story_summary(story_id, now=NOW)
    listed = tidings.kept_story_summaries([story_id, other_story])
    for summary in (made, kept, listed[story_id]):
        assert [(entity.name, entity.kind, entity.mentions) for entity in summary.entities] == [
            ("Beyoncé Knowles", "person", 3),  # the fullest name; the kind most mentions had
            ("Sheryl Sandberg", "person", 2),
        ]
        assert sorted(summary.entities[0].article_ids) == [first, second]
    # What is kept is the summary as made: the entity reader may read more of its articles later.
    stored = store.story_summary(story_id)
    assert stored is not None
    assert stored[1].entities == ()
    assert story_id in listed
    assert listed.get(other_story) is None


def test_copies_of_one_article_count_as_one_article_naming_a_story_entity(store: Store) -> None:
    # A wire headline republished word for word is misread alike in every copy: the copies are
    # one reading, not the two articles an entity needs.
    desk = Desk(store)
    wire, story_id = desk.place("wire", 0, title="Sheryl Sandberg Launches Ban Bossy")
    copy, _ = desk.place("daily", 1, join=story_id, copy_of=wire, title="Sheryl Sandberg Launches Ban Bossy")
    own, _ = desk.place("post", 2, join=story_id, title="Sandberg wants girls to lead")
    misread = [
        Entity("ban bossy", "Ban Bossy", "person", 1),
        Entity("sheryl sandberg", "Sheryl Sandberg", "person", 1),
    ]
    named = {wire: misread, copy: misread, own: [Entity("sheryl sandberg", "Sandberg", "person", 1)]}
    for article_id, entities in named.items():
        store.record_entities(article_id, entities, analyser="test", now=NOW)

    found = store.articles_entities_by_story([story_id], limit=40, min_articles=2)

    assert [entity.name for entity in found[story_id]] == ["Sheryl Sandberg"]
    assert sorted(found[story_id][0].article_ids) == sorted([wire, copy, own])


def test_a_storys_entities_are_read_from_its_latest_articles_only(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A page listing stories reads a bounded number of articles' rows for each, however big.
    monkeypatch.setattr(understanding_rows, "STORY_ENTITY_ARTICLES", 2)
    desk = Desk(store)
    oldest, story_id = desk.place("wire", 0, title="Old news")
    later = [desk.place(outlet, hours, join=story_id)[0] for outlet, hours in (("daily", 1), ("post", 2))]
    store.record_entities(oldest, [Entity("old name", "Old Name", "person", 1)], analyser="test", now=NOW)
    for article_id in later:
        store.record_entities(
            article_id, [Entity("new name", "New Name", "person", 1)], analyser="test", now=NOW
        )
    found = store.articles_entities_by_story([story_id], limit=10, min_articles=1)
    assert [entity.name for entity in found[story_id]] == ["New Name"]
