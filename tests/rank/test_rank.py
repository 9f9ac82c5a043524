from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tidings.model import Arrival, Story, StoryCoverage, StoryProfile
from tidings.rank import (
    MIN_RELATED_SCORE,
    RankSettings,
    coverage_of,
    rank_story,
    ranking_moment,
    related_stories,
    top_stories,
)
from tidings.rank.signals import breadth, freshness, originality, velocity

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


def _story(story_id: int, *, headline: str = "", merged_into: int | None = None) -> Story:
    return Story(
        story_id=story_id,
        headline=headline or f"story {story_id}",
        first_seen=NOW - timedelta(hours=10),
        last_seen=NOW,
        article_count=1,
        outlet_count=1,
        merged_into=merged_into,
    )


def _arrival(outlet: str, hours_ago: float, *, copy: bool = False) -> Arrival:
    return Arrival(outlet=outlet, seen_at=NOW - timedelta(hours=hours_ago), is_copy=copy)


def _covered(story_id: int, *arrivals: Arrival, merged_into: int | None = None) -> StoryCoverage:
    return coverage_of(_story(story_id, merged_into=merged_into), arrivals)


def test_copies_do_not_add_breadth_but_count_against_originality() -> None:
    arrivals = [_arrival("ap.org", 5), _arrival("a.com", 4, copy=True), _arrival("b.com", 3, copy=True)]
    coverage = coverage_of(_story(1), arrivals)
    assert breadth(coverage) == 1
    assert originality(coverage) == pytest.approx(1 / 3)


def test_velocity_counts_outlets_joining_within_the_window() -> None:
    arrivals = [_arrival("a.com", 10), _arrival("b.com", 2), _arrival("c.com", 1), _arrival("c.com", 0.5)]
    assert velocity(coverage_of(_story(1), arrivals), NOW, window_hours=3) == pytest.approx(2 / 3)


def test_freshness_halves_every_half_life_and_the_future_counts_as_now() -> None:
    assert freshness(_covered(1, _arrival("a.com", 12)), NOW, 12) == (pytest.approx(12.0), pytest.approx(0.5))
    assert freshness(_covered(1, _arrival("a.com", -5)), NOW, 12) == (0.0, 1.0)


def test_an_undated_page_added_now_does_not_make_a_dated_story_fresh() -> None:
    # The seed pair: NTD's page dated the day before, Tribune's undated page added now. The story
    # is as old as its dated coverage (its last seen), and so is its latest original article.
    dated = _arrival("ntd.com", 37)
    undated = Arrival(outlet="tribune.com", seen_at=NOW, dated=False)
    coverage = _covered(1, dated, undated)
    assert breadth(coverage) == 2
    assert velocity(coverage, NOW, window_hours=3) == 0
    assert freshness(coverage, NOW, 12) == (pytest.approx(37.0), pytest.approx(0.5 ** (37 / 12)))
    # Where nothing is dated, the time each was added is all there is.
    assert freshness(_covered(1, undated), NOW, 12) == (0.0, 1.0)
    assert velocity(_covered(1, undated), NOW, window_hours=3) == pytest.approx(1 / 3)


def test_a_story_of_copies_only_is_fresh_from_its_latest_copy_and_one_outlet_broad() -> None:
    coverage = _covered(1, _arrival("a.com", 6, copy=True), _arrival("b.com", 12, copy=True))
    assert (breadth(coverage), originality(coverage)) == (1, 0.0)
    assert freshness(coverage, NOW, 12) == (pytest.approx(6.0), pytest.approx(0.5**0.5))


def test_a_broad_fresh_story_outranks_a_stale_one_and_a_syndicated_one() -> None:
    broad = _covered(1, *(_arrival(f"{name}.com", 1) for name in "abcde"))
    stale = _covered(2, *(_arrival(f"{name}.com", 60) for name in "abcdefgh"))
    syndicated = _covered(
        3, _arrival("ap.org", 1), *(_arrival(f"{name}.com", 1, copy=True) for name in "abcd")
    )
    ranked = top_stories([stale, syndicated, broad], NOW)
    assert [item.story.story_id for item in ranked] == [1, 3, 2]


def test_every_factor_is_explained_and_multiplies_to_the_score() -> None:
    ranked = rank_story(
        _covered(1, _arrival("a.com", 1), _arrival("b.com", 2, copy=True)), NOW, RankSettings()
    )
    names = [factor.name for factor in ranked.factors]
    assert names == ["breadth", "velocity", "freshness", "originality"]
    product = 1.0
    for factor in ranked.factors:
        product *= factor.multiplier
        assert factor.explanation
    assert ranked.score == pytest.approx(product)
    assert "1 copy not counted" in ranked.factors[0].explanation


def test_merged_and_empty_stories_are_not_ranked() -> None:
    merged = _covered(1, _arrival("a.com", 1), merged_into=2)
    empty = _covered(3)
    assert top_stories([merged, empty], NOW) == []


def test_related_stories_share_content_and_rare_entities() -> None:
    target = StoryProfile(
        _story(1),
        "Putin visits Minsk as Belarus drills go on",
        (("vladimir putin", "Vladimir Putin"), ("alexander lukashenko", "Alexander Lukashenko")),
    )
    near = StoryProfile(
        _story(2),
        "Lukashenko hosts joint drills with Russia",
        (("alexander lukashenko", "Alexander Lukashenko"),),
    )
    far = StoryProfile(_story(3), "Premier League results", (("arsenal", "Arsenal"),))
    same = StoryProfile(_story(1), "duplicate of the target", ())
    related = related_stories(target, [far, near, same])
    assert [item.story.story_id for item in related] == [2]
    assert related[0].shared_entities == ("Alexander Lukashenko",)
    assert related[0].content_similarity > 0


def test_an_archive_is_ranked_as_of_its_newest_story_and_a_live_store_as_of_now() -> None:
    window = timedelta(hours=72)
    archive_end = NOW - timedelta(days=400)
    assert ranking_moment(NOW, archive_end, window) == archive_end
    assert ranking_moment(NOW, NOW + timedelta(hours=2), window) == NOW  # a clock ahead is not the future
    assert ranking_moment(NOW, None, window) == NOW
    # Coverage inside the window: ranked as of now, not as of its last article (which made
    # `tidings top --explain` say "0.0 hours ago" of an article five hours old).
    assert ranking_moment(NOW, NOW - timedelta(hours=5), window) == NOW


def _profile(story_id: int, text: str, *names: str) -> StoryProfile:
    return StoryProfile(_story(story_id), text, tuple((name.casefold(), name) for name in names))


def test_a_story_sharing_only_one_common_name_and_no_words_is_not_related() -> None:
    # Utomo & Leu's search results: a climate story naming only Trump scored 0.5 against every
    # story naming Trump, with no word in common.
    target = _profile(1, "Hurricane Harvey: climate change is not fake news", "Trump")
    others = [
        _profile(2, "Full transcript of the speech on Afghanistan strategy", "Trump", "Afghanistan"),
        _profile(3, "Petition to label antifa a terror group passes 300,000", "Trump", "White House"),
        _profile(4, "Bannon boycotted the meeting with Abbas, report says", "Trump", "Bannon", "Abbas"),
    ]
    assert related_stories(target, others) == []
    # The same stories without the floor: listed, each for the one name.
    unfloored = related_stories(target, others, min_score=0.0)
    assert {item.shared_entities for item in unfloored} == {("Trump",)}


def test_stories_sharing_words_and_names_stay_related_above_the_floor() -> None:
    target = _profile(1, "Russia masses troops near Ukraine border", "Russia", "Ukraine", "Vladimir Putin")
    near = _profile(2, "Ukraine asks allies for help as Russia troops mass at border", "Russia", "Ukraine")
    common = _profile(3, "Hosts take ice hockey gold in Sochi", "Russia", "Sochi", "Canada")
    related = related_stories(target, [near, common])
    assert [item.story.story_id for item in related] == [2]
    assert related[0].score >= MIN_RELATED_SCORE
