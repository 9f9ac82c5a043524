from __future__ import annotations

from tidings.summarize import LazyModels
from tidings.summarize.text import (
    HeuristicAnalyser,
    _clean_mention,
    guess_is_english,
    numbers_in,
    split_blocks,
    split_sentences,
)


def test_sentences_are_not_split_after_abbreviations_or_initials() -> None:
    block = "The U.S. said Mr. Smith left on Feb. 24 at 5 p.m. sharp. J. K. Rowling agreed. Then it rained."
    assert split_sentences(block) == [
        "The U.S. said Mr. Smith left on Feb. 24 at 5 p.m. sharp.",
        "J. K. Rowling agreed.",
        "Then it rained.",
    ]


def test_a_sentence_ending_in_a_quote_is_split_after_the_quote() -> None:
    assert split_sentences("He said “no.” She left.") == ["He said “no.”", "She left."]


def test_numbers_lose_thousands_separators_and_names_with_digits_are_not_numbers() -> None:
    assert numbers_in("More than 1,000 kilometers (620 miles) and 3.5% of S-400 and MiG-31K") == {
        "1000",
        "620",
        "3.5",
    }


def test_a_number_joined_to_its_unit_is_a_number_and_a_date_or_code_is_not() -> None:
    # "29-year-old" and "6-week-old" state an age a cited article must give (Multi-News
    # validation-004 cited "29-year-old Geraldine Alcorn" to two articles that say 28); the parts
    # of an ISO date, a score and a code joined by hyphens are not read as numbers.
    text = "A 29-year-old teacher, a 6-week-old baby, a 1,000-strong crowd; on 2022-12-19, 3-2, S-400"
    assert numbers_in(text) == {"29", "6", "1000"}


def test_headings_list_items_boilerplate_and_questions_are_not_claims() -> None:
    text = (
        "Key points\n\n- troops moved\n\nWhat happens next?\n\n"
        "The Associated Press contributed to this report.\n\n"
        "The army moved three brigades to the border on Monday."
    )
    claims = [
        sentence.text for sentence in HeuristicAnalyser().analyse_one(text).sentences if sentence.is_claim
    ]
    assert claims == ["The army moved three brigades to the border on Monday."]


def test_page_furniture_is_no_claim_and_credits_name_no_one(models: LazyModels) -> None:
    # Lines of Multi-News test articles (BBC captions, an Internet Archive notice, an Emmys
    # gallery): they were summary sentences, and the credited agencies ("Associated Press",
    # "Reuters") made unrelated stories "related".
    text = (
        "Image copyright Reuters Image caption Migrants are crossing into Croatia where they are "
        "being registered.\n\n"
        "Media playback is unsupported on your device Media caption Lauri Love hopes his case "
        "sets a precedent.\n\n"
        "For a full recap of the night’s big winners, click here.\n\n"
        "The goal is to fix all broken links on the web .\n\n"
        "The Associated Press contributed to this report.\n\n"
        "Croatian police registered the migrants at the border with Serbia on Wednesday."
    )
    for analysed in (HeuristicAnalyser().analyse_one(text), *models.analyser.analyse([text], english=[True])):
        claims = [sentence.text for sentence in analysed.sentences if sentence.is_claim]
        assert claims == ["Croatian police registered the migrants at the border with Serbia on Wednesday."]
        names = {mention.text for sentence in analysed.sentences for mention in sentence.mentions}
        assert not names & {"Reuters", "Media", "Associated Press", "Associated Press contributed"}
        assert "Serbia" in names


def test_a_huge_text_is_cut_on_a_line_boundary() -> None:
    blocks, truncated = split_blocks("word " * 50 + "\n" + "x" * 100_000, max_chars=1_000)
    assert truncated
    assert blocks == [("word " * 50).strip()]


def test_english_is_told_from_other_languages() -> None:
    assert guess_is_english("The minister said that the talks had been a success and would go on.")
    assert not guess_is_english(
        "Der Minister sagte, dass die Gespräche ein Erfolg gewesen seien und weitergehen."
    )
    assert not guess_is_english(
        "Le ministre a déclaré que les pourparlers avaient été un succès et continueraient."
    )


def test_the_model_reads_sentences_lemmas_and_entities(models: LazyModels) -> None:
    analysed = models.analyser.analyse(
        ["Lukashenko thanked Putin. Troops were training in Belarus."], english=[True]
    )
    sentences = analysed[0].sentences
    assert [sentence.text for sentence in sentences] == [
        "Lukashenko thanked Putin.",
        "Troops were training in Belarus.",
    ]
    assert "train" in sentences[1].terms
    assert analysed[0].method == "model"


def test_a_sentence_the_model_breaks_at_a_bracket_is_mended_so_quotes_stay_word_for_word(
    models: LazyModels,
) -> None:
    # spaCy's sentence recogniser ends a sentence at "[": the summary quoted "disputed] harbour …".
    text = (
        "The council voted on the [disputed] harbour plan on Tuesday evening. "
        "The mayor said the vote was a victory for residents of the town."
    )
    [analysed] = models.analyser.analyse([text], english=[True])
    assert [sentence.text for sentence in analysed.sentences] == [
        "The council voted on the [disputed] harbour plan on Tuesday evening.",
        "The mayor said the vote was a victory for residents of the town.",
    ]
    assert analysed.sentences[0].is_claim
    assert [sentence.index for sentence in analysed.sentences] == [0, 1]


def test_a_sentence_broken_at_an_editors_bracket_before_a_capital_is_mended(models: LazyModels) -> None:
    # Multi-News validation (a Miss Delaware story): the summary quoted "Facebook] group and put up
    # a press release …" as a sentence, cut from the quotation it belongs to.
    text = (
        "“They deleted me off of everything, they’re ignoring me,” Longacre said. “They deleted me off "
        "the [Facebook] group and put up a press release announcing a new Miss Delaware.”"
    )
    [analysed] = models.analyser.analyse([text], english=[True])
    assert [sentence.text for sentence in analysed.sentences] == [
        "“They deleted me off of everything, they’re ignoring me,” Longacre said.",
        "“They deleted me off the [Facebook] group and put up a press release announcing a new Miss"
        " Delaware.”",
    ]


def test_names_lose_what_the_tokenizer_left_on_them() -> None:
    assert _clean_mention("Baghdad\u200b.") == "Baghdad"
    assert _clean_mention("Janet] Napolitano") == "Janet Napolitano"
    assert _clean_mention("Shailene Woodley.") == "Shailene Woodley"
    assert _clean_mention("Putin's") == "Putin"
    for abbreviated in ("U.S.", "Martin Luther King Jr.", "Calif.", "XO Group Inc."):
        assert _clean_mention(abbreviated) == abbreviated


def test_non_english_text_gets_the_heuristic_even_with_a_model(models: LazyModels) -> None:
    analysed = models.analyser.analyse(["Der Minister traf Lukaschenko in Minsk."], english=[False])
    assert analysed[0].method == "heuristic"


def test_a_huge_first_line_is_read_from_its_start_cut_at_a_space() -> None:
    blocks, truncated = split_blocks("alpha beta " * 1_000, max_chars=1_000)
    assert truncated
    assert len(blocks) == 1
    assert len(blocks[0]) <= 1_000
    assert blocks[0].endswith(("alpha", "beta"))
    assert split_blocks("x" * 5_000, max_chars=100) == (["x" * 100], True)


def test_sentences_in_other_scripts_are_split_at_their_capitals() -> None:
    # Before, only Latin capitals could open a sentence: a Russian paragraph was one "sentence",
    # quoted whole in a summary, and every capitalised opener inside it ("В", "А") was a name.
    assert split_sentences("Наши герои знают толк. За ними следят тысячи. «Цитата» тут. В Минске тепло.") == [
        "Наши герои знают толк.",
        "За ними следят тысячи.",
        "«Цитата» тут.",
        "В Минске тепло.",
    ]
    assert split_sentences("Ο Πούτιν μίλησε. Η Λευκορωσία συμφώνησε.") == [
        "Ο Πούτιν μίλησε.",
        "Η Λευκορωσία συμφώνησε.",
    ]
    assert split_sentences("Łódź leży w Polsce. Żona wróciła.") == ["Łódź leży w Polsce.", "Żona wróciła."]
    # Lower case after end punctuation still opens no sentence, in any script.
    assert split_sentences("См. выше, т. е. там. и далее.") == ["См. выше, т. е. там. и далее."]


def test_openers_of_a_russian_paragraph_are_not_names() -> None:
    analysed = HeuristicAnalyser().analyse_one(
        "Путин прилетел в Минск в понедельник. В Минске его встретил Лукашенко. А затем они говорили."
    )
    assert [sentence.text for sentence in analysed.sentences] == [
        "Путин прилетел в Минск в понедельник.",
        "В Минске его встретил Лукашенко.",
        "А затем они говорили.",
    ]
    names = {mention.text for sentence in analysed.sentences for mention in sentence.mentions}
    # Inflected forms stay apart: the heuristic has no lemmas for Russian.
    assert names == {"Минск", "Минске", "Лукашенко"}


def test_numbers_spelled_out_in_english_are_numbers_in_digits() -> None:
    # A sentence saying "three were killed" cited an article saying "five were killed": with no
    # digit in either, there was no number to check (stop 28's notes).
    text = (
        "Three people died and twenty-five were hurt; a four-year-old, the school's forty staff, "
        "nineteen-year-olds. One of them, no one, someone; two-thirds of voters; Fiftyfold, twentyish."
    )
    assert numbers_in(text) == {"3", "25", "4", "40", "19"}
    assert numbers_in("three were killed") != numbers_in("five were killed")
