from __future__ import annotations

from dataclasses import replace

import pytest

from tidings.model import StoredArticle, StorySummary
from tidings.summarize import MAX_SENTENCES, MIN_SENTENCES, LazyModels, summarize
from tidings.summarize.text import HeuristicAnalyser


def _summary(articles: list[StoredArticle], models: LazyModels) -> StorySummary:
    return summarize(articles, analyser=models.analyser, encoder=models.encoder)


@pytest.fixture(scope="module")
def seed_summary(seed_articles: list[StoredArticle], models: LazyModels) -> StorySummary:
    return _summary(seed_articles, models)


def test_a_two_outlet_story_gets_three_to_six_cited_sentences(seed_summary: StorySummary) -> None:
    assert MIN_SENTENCES <= len(seed_summary.sentences) <= MAX_SENTENCES
    assert all(sentence.sources for sentence in seed_summary.sentences)


def test_every_summary_sentence_is_word_for_word_in_its_first_source(
    seed_summary: StorySummary, seed_articles: list[StoredArticle]
) -> None:
    texts = {stored.article_id: " ".join(stored.article.text.split()) for stored in seed_articles}
    for sentence in seed_summary.sentences:
        assert sentence.text in texts[sentence.sources[0].article_id]


def test_the_summary_cites_both_outlets_and_repeats_no_fact(seed_summary: StorySummary) -> None:
    cited = {outlet for sentence in seed_summary.sentences for outlet in sentence.outlets}
    assert cited == {"Tribune News Service", "NTD"}
    assert any(len(sentence.outlets) == 2 for sentence in seed_summary.sentences)
    texts = [sentence.text for sentence in seed_summary.sentences]
    assert len(set(texts)) == len(texts)


def test_the_story_entities_are_normalised_across_outlets(seed_summary: StorySummary) -> None:
    by_key = {entity.key: entity for entity in seed_summary.entities}
    assert by_key["vladimir putin"].article_ids == (1, 2)
    assert by_key["alexander lukashenko"].kind == "person"
    assert "putin" not in by_key
    assert "lukashenko" not in by_key


def test_a_copy_is_cited_but_does_not_agree_with_its_original(
    seed_articles: list[StoredArticle], models: LazyModels
) -> None:
    tribune = seed_articles[0]
    republished = replace(
        tribune,
        article_id=3,
        copy_of=1,
        article=replace(tribune.article, outlet=replace(tribune.article.outlet, name="inkl")),
    )
    summary = _summary([tribune, republished], models)
    assert summary.agreed == ()
    assert summary.only == ()
    assert all([source.article_id for source in sentence.sources] == [1, 3] for sentence in summary.sentences)


def test_a_story_of_one_article_gets_its_own_summary_and_no_comparison(
    seed_articles: list[StoredArticle], models: LazyModels
) -> None:
    summary = _summary(seed_articles[1:], models)
    assert len(summary.sentences) == MIN_SENTENCES
    assert summary.agreed == ()
    assert summary.only == ()


def test_an_article_in_another_language_is_left_out_with_a_reason(
    seed_articles: list[StoredArticle], models: LazyModels
) -> None:
    german = StoredArticle(
        article_id=3,
        article=replace(
            seed_articles[1].article,
            outlet=replace(seed_articles[1].article.outlet, name="Tagesschau"),
            text="Der russische Präsident Putin hat Belarus besucht. Die Manöver sollen weitergehen.",
            language="de",
        ),
    )
    summary = _summary([*seed_articles, german], models)
    assert [(item.article_id, item.reason) for item in summary.skipped] == [
        (3, "is in another language (de; the story is in en)")
    ]
    assert all(source.article_id != 3 for sentence in summary.sentences for source in sentence.sources)


def test_empty_articles_are_skipped_and_an_empty_story_gives_an_empty_summary(
    seed_articles: list[StoredArticle], models: LazyModels
) -> None:
    empty = replace(seed_articles[0], article=replace(seed_articles[0].article, text="  \n "))
    summary = _summary([empty], models)
    assert summary.sentences == ()
    assert summary.skipped[0].reason == "has no text (a headline only)"


def test_a_very_long_article_is_read_in_part_and_said_so(
    seed_articles: list[StoredArticle], models: LazyModels
) -> None:
    ntd = seed_articles[1]
    filler = [f"Filler paragraph number {number} repeats nothing of use." for number in range(500)]
    long_article = replace(ntd, article=replace(ntd.article, text="\n\n".join([ntd.article.text, *filler])))
    # A small cap stands in for the real one (60,000 characters) so the test stays quick.
    analyser = HeuristicAnalyser(max_chars=4_000)
    summary = summarize([seed_articles[0], long_article], analyser=analyser, encoder=models.encoder)
    assert (2, "is very long: only its beginning was read") in [
        (item.article_id, item.reason) for item in summary.skipped
    ]
    assert summary.agreed


def test_quotes_and_lists_do_not_break_the_summary(
    seed_articles: list[StoredArticle], models: LazyModels
) -> None:
    listy = replace(
        seed_articles[1],
        article=replace(
            seed_articles[1].article,
            text="What we know:\n- Putin visited Minsk\n- Drills go on\n\n"
            "“We will hold joint exercises,” Putin said.\n\n" + seed_articles[1].article.text,
        ),
    )
    summary = _summary([seed_articles[0], listy], models)
    assert not [sentence for sentence in summary.sentences if sentence.text.startswith("-")]


def test_without_a_sentence_encoder_word_overlap_still_summarises(
    seed_articles: list[StoredArticle], models: LazyModels
) -> None:
    summary = summarize(seed_articles, analyser=models.analyser, encoder=None)
    assert MIN_SENTENCES <= len(summary.sentences) <= MAX_SENTENCES
