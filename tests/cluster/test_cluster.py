from __future__ import annotations

from datetime import timedelta

from tests.cluster.support import WHEN, static_embedder
from tidings.cluster import ArticleText, ClusterPolicy, StoryBook, assign, describe_many
from tidings.stories import StoryItem, cluster_items

HEADLINES = [
    "Malaysia Airlines flight MH370 missing over South China Sea",
    "Search for missing Malaysia Airlines jet MH370 widens",
    "Apple unveils new iPhone with larger screen",
    "Chiquita to buy Fyffes, creating world's biggest banana company",
]


def _items(titles: list[str], *, step: timedelta = timedelta(minutes=10)) -> list[StoryItem]:
    return [
        StoryItem(key=index, title=title, text="", outlet=f"Outlet {index}", published_at=WHEN + step * index)
        for index, title in enumerate(titles)
    ]


def test_headlines_on_one_event_share_a_story_and_others_start_their_own() -> None:
    answers = cluster_items(_items(HEADLINES), embedder=static_embedder())
    stories = [answer.story_id for answer in answers]
    assert stories[0] == stories[1]
    assert len({stories[0], stories[2], stories[3]}) == 3


def test_the_answer_does_not_depend_on_input_order() -> None:
    items = _items(HEADLINES)
    forward = cluster_items(items, embedder=static_embedder())
    backward = cluster_items(list(reversed(items)), embedder=static_embedder())
    assert forward == backward


def test_coverage_after_weeks_of_silence_is_a_new_story_linked_to_the_old_one() -> None:
    embedder = static_embedder()
    policy = ClusterPolicy()
    book = StoryBook(embedder.dimensions)
    first, again = describe_many(
        [
            ArticleText(1, HEADLINES[0], "", "A", WHEN, "en"),
            ArticleText(2, HEADLINES[1], "", "B", WHEN + timedelta(days=30), "en"),
        ],
        embedder=embedder,
    )
    book.commit(first, assign(first, book, policy))
    decision = assign(again, book, policy)
    assert decision.move == "new"
    assert decision.earlier_story_id == 1


def test_articles_declared_in_different_languages_never_share_a_story() -> None:
    embedder = static_embedder()
    policy = ClusterPolicy()
    book = StoryBook(embedder.dimensions)
    english, other = describe_many(
        [
            ArticleText(1, HEADLINES[0], "", "A", WHEN, "en"),
            ArticleText(2, HEADLINES[0], "", "B", WHEN, "de"),
        ],
        embedder=embedder,
    )
    book.commit(english, assign(english, book, policy))
    assert assign(other, book, policy).move == "new"


def test_an_article_matching_two_stories_merges_them_and_says_why() -> None:
    embedder = static_embedder()
    policy = ClusterPolicy(headline_threshold=0.5, headline_merge_margin=0.05)
    book = StoryBook(embedder.dimensions)
    first, second, bridge = describe_many(
        [
            ArticleText(1, "Fed raises interest rates by a quarter point", "", "A", WHEN, "en"),
            ArticleText(2, "Central bank lifts borrowing costs as inflation bites", "", "B", WHEN, "en"),
            ArticleText(
                3,
                "Fed raises interest rates, lifting borrowing costs as inflation bites",
                "",
                "C",
                WHEN,
                "en",
            ),
        ],
        embedder=embedder,
    )
    book.commit(first, assign(first, book, policy))
    second_decision = assign(second, book, policy)
    assert second_decision.move == "new"
    book.commit(second, second_decision)
    decision = assign(bridge, book, policy)
    assert decision.move == "join"
    assert decision.absorb
    assert "one event" in decision.reason
    book.commit(bridge, decision)
    assert book.story_count == 1
    story = book.story_of(1)
    assert story is not None
    assert sorted(story.members) == [1, 2, 3]
    assert book.story(2) is story


def test_the_seed_pair_is_one_story_with_two_outlets_and_no_copy() -> None:
    from tests.cluster.support import ntd, tribune

    items = [
        StoryItem(
            key=key, title=item.title, text=item.text, outlet=item.outlet.name, published_at=item.published_at
        )
        for key, item in enumerate([ntd(), tribune()])
        if item.published_at is not None
    ]
    first, second = cluster_items(items, embedder=static_embedder())
    assert first.story_id == second.story_id
    assert first.copy_of is None
    assert second.copy_of is None
