"""The plain-text page classifier: the two seed pages (golden), generalisation cases, bad input."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest

from tidings.errors import NotAnArticle, TooLarge
from tidings.extract import extract, guards
from tidings.extract.text import split_units
from tidings.model import Article, DocumentHints

from .helpers import FIXTURES, raw_document

SEEDS = ["ntd-putin-belarus", "tribune-inkl-putin-belarus"]

# Every line of the seeds that is site chrome, as /work/shared/seeds/README.md describes them.
CHROME_LINES = {
    "ntd-putin-belarus": [
        "Web Staff",
        "By Web Staff",
        "December 19, 2022Europe",
        "share",
        "Russian President Vladimir Putin walks after disembarking",
        "ntd newsletter icon",
        "Sign up for NTD Daily",
        "What you need to know, summarized in one email.",
        "Stay informed with accurate news you can trust.",
        "By registering for the newsletter, you agree to the Privacy Policy.",
        "Comments",
    ],
    "tribune-inkl-putin-belarus": [
        "Get all your news in one place.",
        "100’s of premium titles.",
        "One app.",
        "Start reading",
        "Tribune News Service",
        "World",
        "Sign up to read this article",
        "Read news from 100’s of titles, curated specifically for you.",
        "Already a member? Sign in here",
        "Related Stories",
        "Top stories on inkl right now",
        "One subscription that gives you access to news from hundreds of sites",
        "Our Picks",
        "Fourteen days free",
        "Download the app",
        "One app. One membership.",
        "100+ trusted global sources.",
    ],
}


def _extract_seed(name: str) -> Article:
    path = FIXTURES / f"{name}.txt"
    return extract(raw_document(path.read_text(encoding="utf-8"), "text/plain", locator=str(path)))


@pytest.mark.parametrize("name", SEEDS)
def test_seed_matches_its_golden_extraction(name: str) -> None:
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    article = _extract_seed(name)
    assert article.text.split("\n\n") == expected["paragraphs"]
    assert article.title == expected["title"]
    assert article.outlet.name == expected["outlet"]
    assert article.byline == expected["byline"]
    expected_date = expected["published_at"]
    assert article.published_at == (datetime.fromisoformat(expected_date) if expected_date else None)
    assert article.language == expected["language"]


@pytest.mark.parametrize("name", SEEDS)
def test_seed_keeps_every_article_paragraph_and_no_chrome(name: str) -> None:
    source_lines = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    article = _extract_seed(name)
    paragraphs = article.text.split("\n\n")
    for chrome in CHROME_LINES[name]:
        assert not any(paragraph.startswith(chrome) for paragraph in paragraphs), chrome
        assert any(line.startswith(chrome) for line in source_lines), f"{chrome!r} is not in the page"
    for paragraph in paragraphs:
        assert paragraph in source_lines
    # The article's first and last paragraphs, as a reader sees them.
    assert paragraphs[0].startswith(
        ("Russian President Vladimir Putin made", "President Vladimir Putin said")
    )
    assert paragraphs[-1].startswith(("The Associated Press contributed", "Putin stood by his ally"))


def test_seed_html_is_escaped_paragraphs() -> None:
    article = _extract_seed("ntd-putin-belarus")
    assert article.html.startswith("<p>Russian President Vladimir Putin made a rare trip")
    assert article.html.count("<p>") == len(article.text.split("\n\n"))


def test_hard_wrapped_text_is_rejoined_into_paragraphs() -> None:
    paragraph = (
        "Belarus has been testing aircraft in Russia that are capable of carrying special weapons, "
        "President Alexander Lukashenko told reporters at a joint news conference with Putin in Minsk."
    )
    wrapped = []
    for _ in range(4):
        words, line = paragraph.split(), ""
        for word in words:
            if len(line) + len(word) + 1 > 72:
                wrapped.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        wrapped.extend([line, ""])
    units = split_units("\n".join(wrapped))
    assert units == [paragraph] * 4


def test_a_byline_date_and_outlet_are_lifted_out_of_a_generic_page() -> None:
    page = "\n".join(
        [
            "Home",
            "World",
            "Business",
            "The Daily Planet",
            "The Daily Planet",
            "Floods close the river port for a second week",
            "By Lois Lane and Clark Kent",
            "12 March 2024 14:05 GMT",
            "Share this article",
            "",
            "The river port of Metropolis stayed closed on Tuesday as flood water rose for the eighth day.",
            "",
            "Harbour officials said ships would wait at anchor until the water fell below the quay walls.",
            "",
            "Shipping companies have asked the city for a temporary berth downstream, officials said.",
            "",
            "Most read",
            "Ten things to do this weekend",
            "Sign up for our newsletter",
            "© 2024 The Daily Planet. All rights reserved.",
        ]
    )
    article = extract(raw_document(page, "text/plain"))
    assert article.title == "Floods close the river port for a second week"
    assert article.byline == "Lois Lane and Clark Kent"
    assert article.published_at == datetime(2024, 3, 12, 14, 5, tzinfo=UTC)
    assert article.outlet.name == "The Daily Planet"
    assert article.text.split("\n\n")[0].startswith("The river port of Metropolis")
    assert article.text.split("\n\n")[-1].startswith("Shipping companies")
    assert "Ten things" not in article.text


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x0c", "\x85"])
def test_every_unicode_line_break_separates_lines(separator: str) -> None:
    # Only \n and \r did: "Comments (42)" after a U+2028 was glued to the last paragraph (QA,
    # 2026-12-07).
    lines = [
        "Floods close the river port for a second week",
        "The river port of Metropolis stayed closed on Tuesday as flood water rose for the eighth day.",
        "Harbour officials said ships would wait at anchor until the water fell below the quay walls.",
        "Shipping companies have asked the city for a temporary berth downstream, officials said.",
        "Comments (42)",
    ]
    article = extract(raw_document(separator.join(lines), "text/plain"))
    assert article.title == lines[0]
    assert article.text.split("\n\n") == lines[1:4]


def test_a_subheading_between_paragraphs_is_kept() -> None:
    prose = "The council voted on Monday to keep the library open for another five years, members said."
    page = "\n\n".join(["A headline about a library vote", prose, "What happens next", prose + " Again."])
    article = extract(raw_document(page, "text/plain"))
    assert article.text.split("\n\n")[1] == "What happens next"
    assert "<h2>What happens next</h2>" in article.html


@pytest.mark.parametrize(
    "quote",
    [
        "« Nous n'en pouvons plus »",
        "«Nous n'en pouvons plus»",
        "„Wir können nicht mehr“",
        "»Wir können nicht mehr«",
        "“We cannot go on”",
    ],
)
def test_a_paragraph_that_is_a_quotation_alone_is_kept(quote: str) -> None:
    # Too short for prose, and no subheading: it opens with no capital.
    prose = (
        "Les soignants de l'hôpital se sont mis en grève lundi matin, après des mois de négociations "
        "sans résultat avec la direction."
    )
    page = "\n\n".join(["Grève à l'hôpital de la ville", prose, quote, prose, prose])
    article = extract(raw_document(page, "text/plain"))
    assert article.text.split("\n\n")[1] == quote
    assert article.html.count("<p>") == 4


@pytest.mark.parametrize("chrome", ["“Advertisement”", '"Read more"', "« Lire aussi »", '"Subscribe now"'])
def test_chrome_in_quotation_marks_inside_the_article_goes(chrome: str) -> None:
    # The vocabularies read a line from its first word: in quotation marks, chrome is read whole.
    prose = "The council voted on Monday to keep the library open for another five years, members said."
    page = "\n\n".join(
        ["A headline about a library vote", prose, chrome, prose + " Again.", prose + " Twice."]
    )
    assert chrome not in extract(raw_document(page, "text/plain")).text


def test_a_quotation_outside_the_article_stays_out() -> None:
    # Above the text, a quoted line is a menu's or a teaser's as often.
    prose = "The council voted on Monday to keep the library open for another five years, members said."
    page = "\n\n".join(["A headline about a library vote", "“We cannot go on”", prose, prose + " Again."])
    assert "We cannot go on" not in extract(raw_document(page, "text/plain")).text


def test_a_wire_sign_off_ending_the_text_stays_and_an_agency_caption_above_it_goes() -> None:
    prose = "The council voted on Monday to keep the library open for another five years, members said."
    caption = "The library on Main Street, on Monday. (AP)"
    sign_off = "Talks resume next week in Geneva. (Reuters)"
    headline = "A headline about a library vote"
    page = "\n\n".join([headline, caption, prose, prose + " Again.", sign_off, "Share"])
    paragraphs = extract(raw_document(page, "text/plain")).text.split("\n\n")
    assert paragraphs[-1] == sign_off
    assert caption not in paragraphs


_ROBOT_PARAGRAPH = (
    "Giving robots the legal distinction of personhood is not so much meant to give them human rights,"
    " but to hold someone responsible when something goes wrong."
)
_ROBOT_CAPTION = (
    "Robot personhood would define who bears responsibility for a robot's actions, and to prevent"
    " companies from sidestepping accountability when something goes wrong. (Reuters)"
)


# The article's first paragraphs: a heading under a caption is looked for past the run's head.
_ROBOT_OPENING = [_ROBOT_PARAGRAPH] * 4


@pytest.mark.parametrize(
    ("lines", "kept"),
    [
        # A section that opens with a picture: its caption, dropped, sits between the paragraph
        # above and the heading (Big9+Chaos chaos-all/robot (9), rendered to text by inscriptis)
        ([*_ROBOT_OPENING, _ROBOT_CAPTION, "More than just tools", _ROBOT_PARAGRAPH], True),
        ([*_ROBOT_OPENING, _ROBOT_CAPTION, _ROBOT_CAPTION, "More than just tools", _ROBOT_PARAGRAPH], True),
        # A teaser's or a menu's short line above the caption is no paragraph: the line stays out
        ([*_ROBOT_OPENING, "Photos", _ROBOT_CAPTION, "More than just tools", _ROBOT_PARAGRAPH], False),
        # Nor is a line after the caption with no prose after it
        ([*_ROBOT_OPENING, _ROBOT_CAPTION, "More than just tools", "Share", _ROBOT_PARAGRAPH], False),
        # Among the run's first lines, the line under the lead picture's caption is its byline
        # (latimes.com in Big9+Chaos: "Noam N. Levey and Lisa MascaroContact Reporter")
        ([_ROBOT_PARAGRAPH, _ROBOT_CAPTION, "More than just tools", *_ROBOT_OPENING], False),
    ],
)
def test_a_subheading_after_a_dropped_caption_is_kept(lines: list[str], kept: bool) -> None:
    article = extract(raw_document("\n\n".join(["Should robots have rights?", *lines]), "text/plain"))
    assert ("\n\nMore than just tools\n\n" in article.text) is kept
    assert ("<h2>More than just tools</h2>" in article.html) is kept
    assert "(Reuters)" not in article.text


@pytest.mark.parametrize(
    "after",
    [
        ["Reporting by Jane Doe in Geneva; Editing by John Roe and Mark Smith."],
        ["Related stories", "Ceasefire talks collapse as both sides trade blame over the shelling."],
        ["More from World", "Aid convoy reaches the besieged city after weeks of waiting."],
        ["Comments", "I think this is a terrible idea and the mediators should resign now."],
    ],
)
def test_a_wire_sign_off_stays_before_what_closes_an_article(after: list[str]) -> None:
    # A credit line, a related list's teasers and comments are no text after the sign-off (review).
    prose = "The council voted on Monday to keep the library open for another five years, members said."
    sign_off = "Talks resume next week in Geneva. (Reuters)"
    page = "\n\n".join(["A headline about a library vote", prose, prose + " Again.", sign_off, *after])
    assert sign_off in extract(raw_document(page, "text/plain")).text


def test_only_the_last_agency_caption_after_the_last_paragraph_is_its_sign_off() -> None:
    prose = "The council voted on Monday to keep the library open for another five years, members said."
    captions = [
        "Firefighters battle a blaze in Athens on Monday. (AFP)",
        "Residents flee the flames near Marathon. (AP)",
        "A helicopter drops water on the hills. (Reuters)",
    ]
    page = "\n\n".join(["A headline about a library vote", prose, prose + " Again.", *captions])
    text = extract(raw_document(page, "text/plain")).text
    assert [caption for caption in captions if caption in text] == captions[-1:]
    # A sign-off after a photo's caption ends the text (second review).
    sign_off = "Talks resume next week in Geneva. (Reuters)"
    signed = "\n\n".join([*page.split("\n\n")[:3], captions[0], sign_off])
    paragraphs = extract(raw_document(signed, "text/plain")).text.split("\n\n")
    assert paragraphs[-1] == sign_off
    assert captions[0] not in paragraphs


def test_feed_hints_win_over_what_the_page_suggests() -> None:
    page = (FIXTURES / "tribune-inkl-putin-belarus.txt").read_text(encoding="utf-8")
    hints = DocumentHints(title="Putin: drills go on", outlet="Tribune", language="en")
    article = extract(raw_document(page, "text/plain", hints=hints))
    assert (article.title, article.outlet.name) == ("Putin: drills go on", "Tribune")


@pytest.mark.parametrize(
    "page",
    [
        "Home\nNews\nSport\nWeather\nSign in\n",
        "Just words\nwithout sentences\nor paragraphs\n",
        "A single short sentence.",
    ],
)
def test_menus_and_scraps_are_not_an_article(page: str) -> None:
    with pytest.raises(NotAnArticle) as caught:
        extract(raw_document(page, "text/plain", locator="scraps.txt"))
    assert str(caught.value).startswith("scraps.txt: ")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("cloudflare-challenge", "is a bot-challenge page"),
        ("login-wall", "is a login or paywall page"),
        # Twitter's notices are prose: the save was an article titled "Tweet with a location"
        ("tweet-page", "is a Twitter/X page"),
        ("wayback-redirect-notice", "is an Internet Archive notice"),
    ],
)
def test_saves_of_pages_that_are_not_articles_say_what_they_are(name: str, reason: str) -> None:
    path = FIXTURES / "authored" / f"{name}.txt"
    with pytest.raises(NotAnArticle) as caught:
        extract(raw_document(path.read_text(encoding="utf-8"), "text/plain", locator=str(path)))
    message = str(caught.value)
    assert message.startswith(f"{path}: {reason}")
    assert "\n" not in message


def test_the_title_is_the_headline_not_the_share_bar_under_it() -> None:
    # As a browser copies a Fox News page (big5-17 "chip (1)"): between the headline and the text
    # stand the date, the source and a share bar, and the nearest line was taken for the title.
    save = (
        "Home\nVideo\nPolitics\nFood & Drink\n"
        "Pair files lawsuit against chip company's half-filled bags\n"
        "Published April 06, 2017\nNew York Post\nFacebook0 Twitter0 Email Print\n\n"
        "We all know the feeling: open up a big bag of potato chips, only to find that it is half-empty.\n\n"
        "Two shoppers are now suing the chip company on the grounds that its air-filled bags deceived them"
        " into overpaying, their lawsuit in Manhattan federal court says.\n\n"
        "The pair filed the lawsuit on Monday night, claiming the company was misleading customers.\n"
    )
    article = extract(raw_document(save, "text/plain", locator="chips.txt"))
    assert article.title == "Pair files lawsuit against chip company's half-filled bags"
    assert article.published_at == datetime(2017, 4, 6, tzinfo=UTC)


@pytest.mark.parametrize("line", ["By Lois Lane", "04/09/17 12:00 AM", "2"])
def test_a_repeated_byline_date_or_number_is_not_the_outlet(line: str) -> None:
    paragraphs = "".join(
        f"The council met on Monday and voted, {word}, to fund new flood defences along the river.\n"
        for word in ("first", "then", "again", "finally")
    )
    save = f"{line}\nCouncil votes to fund flood defences\n{paragraphs}{line}\n"
    assert extract(raw_document(save, "text/plain")).outlet.name == "unknown outlet"


def test_a_save_of_too_many_lines_is_refused_before_its_lines_are_classified() -> None:
    # 2.3 million chrome lines took the classifier over 20 s; over the cap, it never starts.
    save = "Sign up\n" * guards.MAX_TEXT_LINES + "The council met on Monday.\n"
    started = time.process_time()
    with pytest.raises(TooLarge) as caught:
        extract(raw_document(save, "text/plain", locator="menus.txt"))
    assert time.process_time() - started < 1
    assert str(caught.value) == (
        f"menus.txt: has {guards.MAX_TEXT_LINES + 1:,} lines, over the cap of {guards.MAX_TEXT_LINES:,}"
        " (far more than any news article; it is not one Tidings can keep)"
    )
    # Lines end where the classifier ends them: a save written with carriage returns alone too.
    with pytest.raises(TooLarge):
        extract(raw_document(save.replace("\n", "\r"), "text/plain", locator="menus.txt"))
    crlf = "Sign up\r\n" * (guards.MAX_TEXT_LINES // 2) + "The council met on Monday.\r\n"
    with pytest.raises(NotAnArticle):  # under the cap: read, and refused for what it is
        extract(raw_document(crlf, "text/plain", locator="menus.txt"))


_CONSENT_SAVE = """Example News

We value your privacy

We and our partners store and/or access information on a device, such as cookies, and process \
personal data, such as unique identifiers and standard information sent by a device for \
personalised ads and content, ad and content measurement, and audience insights.

With your permission we and our partners may use precise geolocation data and identification \
through device scanning. You may click to consent to our and our partners' processing as described above.

Accept all
Reject all
"""
_NOT_FOUND_SAVE = """Example News
Home | World | Sport

404 - Page not found

Sorry, we couldn't find the page you were looking for. It may have been moved, renamed or \
deleted, or the address may have been typed incorrectly. Please check the address or use the \
search box to find what you need on our site today.

Go to the homepage
"""


@pytest.mark.parametrize(
    ("save", "reason"),
    [
        (_CONSENT_SAVE, "is a cookie-consent page"),
        (_NOT_FOUND_SAVE, "is an error page (not found, gone or a server error), not an article"),
    ],
)
def test_a_save_of_a_sites_stand_in_page_is_refused_as_an_html_one_is(save: str, reason: str) -> None:
    # Both read as prose to the line classifier, which took them for articles titled "We value your
    # privacy" and "404 - Page not found".
    with pytest.raises(NotAnArticle) as caught:
        extract(raw_document(save, "text/plain", locator="wall.txt"))
    assert str(caught.value).startswith(f"wall.txt: {reason}")


def test_a_dated_save_that_quotes_a_walls_words_is_an_article() -> None:
    # A signed page is never refused as a stand-in (guards.interstitial_page): a brief about
    # consent banners quotes their words.
    save = _CONSENT_SAVE.replace("We value your privacy\n", "We value your privacy\nMarch 3, 2024\n")
    article = extract(raw_document(save, "text/plain", locator="brief.txt"))
    assert article.published_at == datetime(2024, 3, 3, tzinfo=UTC)


def test_a_save_dated_in_german_is_signed_and_not_taken_for_a_wall() -> None:
    # Its date line was no date to the header reader, so the brief counted as unsigned and, quoting
    # a consent banner's words, was refused as a consent page.
    save = _CONSENT_SAVE.replace("We value your privacy\n", "We value your privacy\n5. März 2024\n")
    article = extract(raw_document(save, "text/plain", locator="brief.txt"))
    assert article.published_at == datetime(2024, 3, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("byline_line", "byline"),
    [
        ("Von Anna Schmidt", "Anna Schmidt"),
        ("Par Jean Dupont et Marie Martin", "Jean Dupont et Marie Martin"),
        ("Por Juan Pérez", "Juan Pérez"),
        ("di Mario Rossi", "Mario Rossi"),
        ("Door Jan de Vries", "Jan de Vries"),
    ],
)
def test_a_save_signed_in_another_language_is_signed_and_not_taken_for_a_wall(
    byline_line: str, byline: str
) -> None:
    # Only "By …" was a byline to the header reader: signed so, the brief counted as unsigned and,
    # quoting a consent banner's words, was refused as a consent page.
    save = _CONSENT_SAVE.replace("We value your privacy\n", f"We value your privacy\n{byline_line}\n")
    article = extract(raw_document(save, "text/plain", locator="brief.txt"))
    assert article.byline == byline
    assert byline_line not in article.text


@pytest.mark.parametrize("line", ["Von der Leyen", "Par ailleurs", "Por eso", "Di Maio", "Door de regen"])
def test_a_line_that_opens_with_a_bylines_word_but_names_no_one_does_not_sign_a_save(line: str) -> None:
    save = _CONSENT_SAVE.replace("We value your privacy\n", f"We value your privacy\n{line}\n")
    with pytest.raises(NotAnArticle) as caught:
        extract(raw_document(save, "text/plain", locator="wall.txt"))
    assert str(caught.value).startswith("wall.txt: is a cookie-consent page")


@pytest.mark.parametrize(
    ("byline_line", "byline"),
    [
        ("By Karen Kaplan, Times Staff Writer", "Karen Kaplan, Times Staff Writer"),
        ("Von Anna Schmidt", "Anna Schmidt"),
        # A byline that ends as a sentence of six words or more reads as prose: it was kept as the
        # text's first paragraph, and the save was unsigned.
        ("By Jane Doe, immigration policy reporter.", "Jane Doe, immigration policy reporter."),
        ("Par Jean Dupont, notre envoyé spécial à Kiev.", "Jean Dupont, notre envoyé spécial à Kiev."),
        ("Von Anna Schmidt, freie Autorin.", "Anna Schmidt, freie Autorin."),
        ("VON ANNA SCHMIDT, DPA", "ANNA SCHMIDT, DPA"),
    ],
)
def test_a_byline_between_the_standfirst_and_the_text_is_lifted_out(byline_line: str, byline: str) -> None:
    # As a browser's text save of latimes.com prints it (Big9+Chaos, big5-05/blood): the byline sat
    # inside the run of prose, between two paragraphs, and was kept as a subheading. The paragraph
    # above it is the standfirst, kept beside the text as a page's is.
    standfirst = "Tribes and would-be members are turning to DNA tests to prove who they are."
    prose = "The council voted on Monday to keep the library open for another five years, members said."
    page = "\n\n".join(["Ancestry in a drop of blood", standfirst, byline_line, prose, prose + " Again."])
    article = extract(raw_document(page, "text/plain"))
    assert article.byline == byline
    assert byline_line not in article.text
    assert article.standfirst == standfirst
    assert article.text == f"{prose}\n\n{prose} Again."


def test_only_one_paragraph_that_reads_as_a_dek_before_the_byline_is_a_standfirst() -> None:
    prose = "The council voted on Monday to keep the library open for another five years, members said."
    first = "Tribes and would-be members are turning to DNA tests to prove who they are."
    second = "Some have waited a decade for an answer from the council, and many have given up."
    two = "\n\n".join(["Ancestry in a drop of blood", first, second, "By Karen Kaplan", prose, prose])
    article = extract(raw_document(two, "text/plain"))
    assert article.standfirst is None
    assert article.text.startswith(f"{first}\n\n{second}\n\n")
    # A paragraph cut short is a teaser's, not a dek: it stays the text's opening.
    teaser = "Tribes and would-be members are turning to DNA tests to prove who they are, and …"
    cut = "\n\n".join(["Ancestry in a drop of blood", teaser, "By Karen Kaplan", prose, prose])
    article = extract(raw_document(cut, "text/plain"))
    assert article.standfirst is None
    assert article.text.startswith(teaser)


def test_a_short_saves_dek_stays_its_text_where_the_rest_is_too_little_for_an_article() -> None:
    # A brief: headline, dek, byline and one paragraph. Taken apart, the dek would leave too little
    # text for an article and the save would be refused; read before the dek was kept apart, it
    # was an article opening with it.
    prose = "The council voted on Monday to keep the library open for another five years, members said."
    standfirst = "Tribes and would-be members are turning to DNA tests to prove who they are."
    page = "\n\n".join(["Ancestry in a drop of blood", standfirst, "By Karen Kaplan", prose])
    article = extract(raw_document(page, "text/plain"))
    assert article.byline == "Karen Kaplan"
    assert article.standfirst is None
    assert article.text == f"{standfirst}\n\n{prose}"


@pytest.mark.parametrize(
    "line",
    [
        "By Election Day, Democrats had closed the gap.",
        "By Christmas Eve, everyone knew the editor.",
        "Par ailleurs, le gouvernement a nommé un nouveau correspondant.",
        "Von der Leyen sagte am Montag, sie bleibe Kommissionspräsidentin.",
    ],
)
def test_a_sentence_opening_with_a_bylines_word_after_the_standfirst_stays_text(line: str) -> None:
    standfirst = "Tribes and would-be members are turning to DNA tests to prove who they are."
    prose = "The council voted on Monday to keep the library open for another five years, members said."
    page = "\n\n".join(["Ancestry in a drop of blood", standfirst, line, prose, prose + " Again."])
    article = extract(raw_document(page, "text/plain"))
    assert article.byline is None
    assert f"{standfirst}\n\n{line}\n\n" in article.text


@pytest.mark.parametrize("after_standfirst", [False, True])
def test_a_byline_and_its_stamp_on_one_long_line_are_lifted_out(after_standfirst: bool) -> None:
    # 16 words and more: the line was read as prose (20 words make a run-on paragraph) and kept as
    # the text's first paragraph, its byline and date unread.
    line = (
        "By Jane Doe and John Smith, Washington Post staff writers, Updated March 5, 2024 at 10:02 a.m. EST"
    )
    standfirst = "Tribes and would-be members are turning to DNA tests to prove who they are."
    prose = "The council voted on Monday to keep the library open for another five years, members said."
    lines = [standfirst, line] if after_standfirst else [line, standfirst]
    page = "\n\n".join(["Ancestry in a drop of blood", *lines, prose, prose + " Again."])
    article = extract(raw_document(page, "text/plain"))
    assert article.byline == "Jane Doe and John Smith, Washington Post staff writers"
    assert "Updated" not in article.text
    if after_standfirst:  # between the headline and the byline: the standfirst, beside the text
        assert article.standfirst == standfirst
        assert article.text.startswith(prose)
    else:
        assert article.text.startswith(standfirst)
    # Under the standfirst too, the byline's stamp is the article's date; 10:02 a.m. EST is 15:02 UTC.
    assert article.published_at == datetime(2024, 3, 5, 15, 2, tzinfo=UTC)


@pytest.mark.parametrize("after_standfirst", [False, True])
def test_a_sentence_opening_with_by_before_a_stamp_is_no_byline(after_standfirst: bool) -> None:
    # "By" then no names: the sentence was dropped, its words the byline and its date the article's
    # (review, 2026-12-07).
    line = "By midday the ministry had revised its count twice, updated March 5, 2024 at 12:40."
    standfirst = "Tribes and would-be members are turning to DNA tests to prove who they are."
    prose = "The council voted on Monday to keep the library open for another five years, members said."
    lines = [standfirst, line] if after_standfirst else [line, standfirst]
    page = "\n\n".join(["Ancestry in a drop of blood", *lines, prose, prose + " Again."])
    article = extract(raw_document(page, "text/plain"))
    assert article.byline is None
    assert article.published_at is None
    assert line in article.text


def test_a_long_line_of_few_words_and_many_separators_is_read_in_linear_time() -> None:
    # Each separator tried read the rest of the line again: 95 s for a save with this line
    # (review, 2026-12-07).
    prose = "The council voted on Monday to keep the library open for another five years, members said."
    line = "By Jane Doe" + " |" * 50_000 + " and the council met on Tuesday to discuss the plan again."
    extract(raw_document("\n\n".join(["Ancestry in a drop of blood", prose, prose, prose]), "text/plain"))
    started = time.process_time()
    article = extract(
        raw_document("\n\n".join(["Ancestry in a drop of blood", prose, line, prose, prose]), "text/plain")
    )
    assert time.process_time() - started < 1
    assert article.byline is None


def test_a_short_sentence_with_a_date_above_the_article_is_not_its_date() -> None:
    # A teaser sentence among the page's links: read as a date line, its date was the article's.
    page = "\n".join(
        [
            "Home",
            "Events",
            "The festival runs until 5 March 2024.",
            "Sport",
            "Weather",
            "Floods close the river port for a second week",
            "12 March 2024 14:05 GMT",
            "",
            "The river port of Metropolis stayed closed on Tuesday as flood water rose for the eighth day.",
            "",
            "Harbour officials said ships would wait at anchor until the water fell below the quay walls.",
            "",
            "Shipping companies have asked the city for a temporary berth downstream, officials said.",
        ]
    )
    article = extract(raw_document(page, "text/plain"))
    assert article.published_at == datetime(2024, 3, 12, 14, 5, tzinfo=UTC)


_ENGLISH_PARAGRAPH = (
    "The city council presented new plans for traffic on Monday, which will affect many residents over "
    "the coming years and were long debated in committee."
)
_GERMAN_PARAGRAPH = (
    "Die Stadt hat am Montag neue Pläne für den Verkehr vorgestellt, die viele Bürger in den kommenden "
    "Jahren betreffen werden und lange diskutiert wurden."
)


@pytest.mark.parametrize(
    ("heading", "paragraph"),
    [
        ("By the numbers", _ENGLISH_PARAGRAPH),
        ("By Design", _ENGLISH_PARAGRAPH),
        ("By Popular Demand", _ENGLISH_PARAGRAPH),
        ("By Land and Sea", _ENGLISH_PARAGRAPH),
        ("Von Zeit zu Zeit", _GERMAN_PARAGRAPH),
        ("Por Dentro da Notícia", _GERMAN_PARAGRAPH),
    ],
)
def test_a_subheading_that_opens_with_a_bylines_word_stays_a_subheading(heading: str, paragraph: str) -> None:
    # Among the run's first lines any "By …" line was a byline ("the numbers"), and between two
    # paragraphs any line a byline's word opened was dropped: only names sign inside the text.
    page = "\n\n".join(["City plans new traffic rules", paragraph, heading, paragraph, paragraph])
    article = extract(raw_document(page, "text/plain"))
    assert article.byline is None
    assert f"\n\n{heading}\n\n" in article.text


@pytest.mark.parametrize(
    "heading",
    ["VON HAND GEMACHT", "VON GUTEN MÄCHTEN", "POR CUENTA PROPIA", "PAR DROIT DIVIN", "DI GRAN LUNGA"],
)
@pytest.mark.parametrize("after_paragraph", [False, True])
def test_a_subheading_in_capitals_that_opens_with_a_bylines_word_stays(
    heading: str, after_paragraph: bool
) -> None:
    # Two capitalised words read as a first name and a surname: the heading was the save's byline
    # ("HAND GEMACHT") and left the text (review, 2026-12-07). Above the first paragraph a short
    # line is no text whatever it says; between paragraphs it is.
    lines = [_GERMAN_PARAGRAPH, heading] if after_paragraph else [heading, _GERMAN_PARAGRAPH]
    page = "\n\n".join(
        ["Das Handwerk in der Stadt lebt weiter", *lines, _GERMAN_PARAGRAPH, _GERMAN_PARAGRAPH]
    )
    article = extract(raw_document(page, "text/plain"))
    assert article.byline is None
    assert (f"\n\n{heading}\n\n" in article.text) is after_paragraph


def test_a_soft_hyphen_between_spaces_leaves_one_space_in_a_saves_text() -> None:
    page = "\n\n".join(
        [
            "City plans new traffic rules",
            _ENGLISH_PARAGRAPH,
            f"{_ENGLISH_PARAGRAPH} Then it \u00ad met again.",
        ]
    )
    article = extract(raw_document(page, "text/plain"))
    assert "Then it met again." in article.text


def test_a_soft_hyphen_in_a_saves_date_line_does_not_hide_the_date() -> None:
    # Copied from a site that hyphenates its words with &shy;, the month's name too: the lines were
    # read with the hints in them, and "Fe\u00adbru\u00adar" was no month.
    page = "\n\n".join(
        ["Neue Pläne für den Verkehr", "5. Fe\u00adbru\u00adar 2024", _GERMAN_PARAGRAPH, _GERMAN_PARAGRAPH]
    )
    article = extract(raw_document(page, "text/plain"))
    assert article.published_at == datetime(2024, 2, 5, tzinfo=UTC)


def test_a_headline_printed_twice_wins_a_tie_with_the_standfirst_below_it() -> None:
    # As a browser's text save of tribune.com.pk prints an article (Big9+Chaos, chaos-all/burger):
    # the headline twice (breadcrumb and heading), then the standfirst. Each shared as many words
    # with the opening paragraphs, and the nearest, the standfirst, was taken for the title.
    headline = "Burger sells for record price in Dubai"
    page = "\n\n".join(
        [
            headline,
            "Share Tweet",
            headline,
            "The burger was auctioned to raise money for a cancer clinic",
            "The most expensive burger was sold for a record price in Dubai on Sunday evening.",
            "The burger was auctioned to raise money, the organisers of the festival said.",
            "Organisers said the festival would return next year with even more restaurants taking part.",
        ]
    )
    article = extract(raw_document(page, "text/plain"))
    assert article.title == headline


@pytest.mark.parametrize(
    ("language", "paragraphs"),
    [
        (
            "zh",
            [
                "翱翔于距地球数千公里的太空中，进入广袤漆黑的未知领域，是一项艰苦卓绝的工作。这让人感到巨大压力和极度恐慌。",
                "不幸的是，对于希望能喝上一杯的太空探险者，那些将他们送上太空的政府机构普遍禁止他们染指包括酒在内的含酒精饮料。",
                "事实是，历史上酒与太空探险有一种复杂的关系。让我们来看看喝了酒的航天员究竟会发生什么。",
                "然而，2007年，美国宇航局(NASA)成立了一个负责调查宇航员健康状况的独立小组。",
                "因此，即使宇航员自己被禁止在地球轨道上饮酒，但他们正在做的工作可以提高在地上消费的酒的质量。",
            ],
        ),
        (
            "ar",
            [
                "وافق المجلس البلدي مساء الاثنين على بناء حاجز دائم للفيضانات على المجرى السفلي للنهر.",
                "وصوت أعضاء المجلس لصالح المشروع بأغلبية واحد وثلاثين صوتا مقابل تسعة أصوات.",
                "ومن المتوقع أن تبدأ أعمال البناء في الربيع المقبل وأن تستغرق نحو عامين.",
                "وقال المعارضون إن الأموال كان من الأفضل إنفاقها على دفاعات أصغر في أعلى النهر.",
            ],
        ),
    ],
)
def test_a_save_in_a_script_without_capitals_keeps_every_paragraph(
    language: str, paragraphs: list[str]
) -> None:
    # As a browser copies gmw.cn's article (readability's test pages, "gmw"): a script with no
    # upper and lower case reads as "all capitals" to a check for shouting, so only the paragraphs
    # with a Latin name in them ("(Buzz Aldrin)") were prose, and the text lost most of the others;
    # one whose only Latin letters are capitals ("(NASA)") is not in capitals either.
    save = "\n\n".join(["首页", "科技", "Headline line of the page", *paragraphs, "分享"])
    article = extract(raw_document(save, "text/plain"))
    assert article.text.split("\n\n") == paragraphs
    assert article.language == language


@pytest.mark.parametrize(
    ("line", "byline", "published_at"),
    [
        ("By Jane Doe | March 18, 2024", "Jane Doe", datetime(2024, 3, 18, tzinfo=UTC)),
        ("By Jane Doe, March 18, 2024", "Jane Doe", datetime(2024, 3, 18, tzinfo=UTC)),
        ("By Jane Doe - 18 March 2024", "Jane Doe", datetime(2024, 3, 18, tzinfo=UTC)),
        ("By Jane Doe 18 March 2024 14:05 GMT", "Jane Doe", datetime(2024, 3, 18, 14, 5, tzinfo=UTC)),
        ("By Jane Doe • Published 18 March 2024", "Jane Doe", datetime(2024, 3, 18, tzinfo=UTC)),
        ("Von Anna Schmidt, 18.03.2024", "Anna Schmidt", datetime(2024, 3, 18, tzinfo=UTC)),
        (
            "von Anna Schmidt, Redaktion Veröffentlicht: 18.03.2024",
            "Anna Schmidt, Redaktion",
            datetime(2024, 3, 18, tzinfo=UTC),
        ),
        ("Par Jeanne Dupont | 18 mars 2024", "Jeanne Dupont", datetime(2024, 3, 18, tzinfo=UTC)),
        ("Por María García - 18 de marzo de 2024", "María García", datetime(2024, 3, 18, tzinfo=UTC)),
    ],
)
def test_a_byline_and_a_date_on_one_short_line_give_both(
    line: str, byline: str, published_at: datetime
) -> None:
    # A byline line that also gave the date was read for the date alone: the date in it made the
    # whole line no byline ("By Jane Doe | March 18, 2024" had byline null).
    paragraphs = "".join(
        f"\nThe council met on Monday and voted, {word}, to fund new flood defences along the river.\n"
        for word in ("first", "then", "again", "finally")
    )
    save = f"Home\nNews\nCouncil votes to fund flood defences\n{line}\nShare\n{paragraphs}\nMost read\n"
    article = extract(raw_document(save, "text/plain"))
    assert (article.byline, article.published_at) == (byline, published_at)
    assert article.title == "Council votes to fund flood defences"


_SECTION_FRONT = """Skip to content
The Riverside Courier
News
Politics
Politics

City council approves new flood barrier after decade of debate
The £40m scheme will protect 3,000 homes along the lower river, officials say after a long debate.
2 hours ago

Mayor faces questions over travel expenses claimed during the recess
Opposition councillors have asked the auditor to examine receipts worth thousands of pounds, the council said.
5 hours ago

Bus fares to rise by 10p from April as operator blames fuel costs
The city's main bus operator says it has no choice but to raise prices for the second time in a single year.
Yesterday

School places: parents told to apply before the January deadline
More than 4,000 children are due to start secondary school in September, and demand is highest in the east.
Yesterday

Load more
© 2024 The Riverside Courier
"""


def test_a_save_of_a_section_front_is_refused_as_an_html_one_is() -> None:
    # A section's page saved as text (headline, teaser, time, again and again) was an article of
    # its teasers, under the first headline.
    with pytest.raises(NotAnArticle) as caught:
        extract(raw_document(_SECTION_FRONT, "text/plain", locator="politics.txt"))
    assert str(caught.value) == "politics.txt: is a section front (a list of articles), not an article"


def test_an_article_of_short_sections_each_under_its_heading_is_no_section_front() -> None:
    # A signed article whose every paragraph has a heading of its own is the article it reads as.
    save = _SECTION_FRONT.replace(
        "Politics\n\n", "Politics\nFour stories from the town hall\nBy Jane Doe\n\n", 1
    )
    article = extract(raw_document(save, "text/plain"))
    assert article.byline == "Jane Doe"
    assert sum(paragraph.endswith(".") for paragraph in article.text.split("\n\n")) == 4


def test_the_outlet_a_copyright_line_names_wins_over_a_section_name_the_page_repeats() -> None:
    # As a browser copies a page: its section's name in the menu and again in the breadcrumb
    # ("Politics", "News", "Subscribe" …) was taken for the outlet over the footer's "© 2024 …".
    paragraphs = "".join(
        f"\nThe council met on Monday and voted, {word}, to fund new flood defences along the river.\n"
        for word in ("first", "then", "again", "finally")
    )
    save = f"Home\nPolitics\nSport\nPolitics\nCouncil votes to fund flood defences\n{paragraphs}\nMost read\n"
    footer = "© 2024 The Daily Planet. All rights reserved.\n"
    assert extract(raw_document(save + footer, "text/plain")).outlet.name == "The Daily Planet"


def _authored_save(name: str) -> Article:
    path = FIXTURES / "authored" / f"{name}.txt"
    return extract(raw_document(path.read_text(encoding="utf-8"), "text/plain", locator=str(path)))


def test_a_byline_of_many_authors_with_no_stamp_is_the_byline() -> None:
    # 19 words, past a metadata line's 12, and no stamp after them: the line was neither the
    # byline nor text, and the article had none.
    article = _authored_save("courier-many-authors")
    assert article.byline == (
        "Jane Doe, John Smith, Maria Garcia-Lopez and Wei Zhang, "
        "with reporting by Ahmed Ali and Sarah O'Neill"
    )
    assert "Ahmed Ali" not in article.text
    assert article.title == "City council approves new transit levy after marathon session"
    assert article.text.startswith("The city council voted 7-4 late Tuesday")


@pytest.mark.parametrize(
    "line",
    [
        "By Tuesday, the council, the mayor and the unions had agreed to a deal on pay and hours",
        "By Christmas Eve, Santa Claus, Rudolph and Mrs Claus, with help from the elves, had finished",
    ],
)
def test_a_long_sentence_opening_with_by_is_no_byline(line: str) -> None:
    page = (FIXTURES / "authored" / "courier-many-authors.txt").read_text(encoding="utf-8")
    article = extract(raw_document(page.replace(page.splitlines()[10], line), "text/plain"))
    assert article.byline is None


def test_a_dek_with_no_full_stop_between_the_headline_and_a_dated_byline_is_the_standfirst() -> None:
    # "Catches off … in a decade" is no paragraph (ten words, no full stop): it was taken for the
    # headline, for sharing more words with the text, and the headline lost.
    article = _authored_save("gazette-short-dek")
    assert article.title == "Fishermen say warming seas are pushing cod north of the old grounds"
    assert article.standfirst == "Catches off the southern banks have halved in a decade"
    assert article.byline == "Ellen Marsh"
    assert "Catches off" not in article.text
    assert article.published_at == datetime(2026, 3, 18, 19, 45, tzinfo=UTC)  # 3:45 PM EDT


def test_a_dated_byline_under_a_standfirst_paragraph_gives_its_date() -> None:
    # The dek is a paragraph (a sentence with its full stop), so the byline stands inside the run
    # of prose: its name was read, its date not.
    page = (FIXTURES / "authored" / "gazette-short-dek.txt").read_text(encoding="utf-8")
    dek = "Catches off the southern banks have halved in a decade, and the boats are following the fish."
    page = page.replace("Catches off the southern banks have halved in a decade\n", f"{dek}\n")
    article = extract(raw_document(page, "text/plain"))
    assert article.standfirst == dek
    assert article.byline == "Ellen Marsh"
    assert article.published_at == datetime(2026, 3, 18, 19, 45, tzinfo=UTC)


def test_a_page_flattened_onto_one_line_is_read_into_paragraphs() -> None:
    # courier-many-authors.txt with its lines joined by spaces, as some copy tools give a page.
    article = _authored_save("courier-one-line")
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("The city council voted 7-4 late Tuesday")
    assert paragraphs[-1].endswith("according to the city's finance office.")
    assert "11 p.m. on weeknights." in article.text  # no sentence ends after an abbreviation
    for chrome in ("Skip to main content", "Sign up", "©", "Subscribe", "By Jane Doe"):
        assert chrome not in article.text
    assert article.title == "City council approves new transit levy after marathon session"
    assert article.byline is not None
    assert article.byline.startswith("Jane Doe, John Smith")
    assert article.outlet.name == "The Lakeside Courier"


def test_a_seed_flattened_onto_one_line_keeps_its_text_without_its_chrome() -> None:
    lines = (FIXTURES / "ntd-putin-belarus.txt").read_text(encoding="utf-8").splitlines()
    article = extract(raw_document(" ".join(line.strip() for line in lines if line.strip()), "text/plain"))
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0].startswith("Russian President Vladimir Putin made a rare trip Monday")
    assert len(paragraphs) >= 5
    for chrome in ("Sign up for NTD Daily", "Privacy Policy", "Sputnik/Pool via Reuters", "Comments"):
        assert chrome not in article.text
    assert "The Associated Press contributed to this report." in article.text


def test_a_listicles_numbered_item_is_not_its_title_and_stays_a_subheading() -> None:
    # The first item shares more words with the text under it than the headline does.
    article = _authored_save("money-desk-listicle")
    assert article.title == "Seven rules for investing through a downturn"
    assert article.byline == "Priya Nair"
    headings = ["1. Keep buying when prices fall", "2. Keep cash for a year", "3. Check your fees"]
    assert [line for line in article.text.split("\n\n") if line in headings] == headings
    assert article.text.startswith("1. Keep buying when prices fall\n\nA falling market")


def test_a_live_blogs_entry_time_is_not_its_title() -> None:
    # The headline shares no word with the entries; the nearest line, "14:05 BST", won the tie.
    article = _authored_save("northern-post-liveblog")
    assert article.title == "Rivals meet at the City Ground: every moment as it happens"
    assert article.text.startswith("Kick-off is delayed by fifteen minutes")


def test_the_weekday_of_a_date_after_a_byline_is_no_part_of_it() -> None:
    page = (FIXTURES / "authored" / "gazette-short-dek.txt").read_text(encoding="utf-8")
    line = "By Ellen Marsh, Environment Correspondent | Wednesday 18 March 2026 06:00 GMT"
    article = extract(
        raw_document(page.replace("By Ellen Marsh | March 18, 2026 3:45 PM EDT", line), "text/plain")
    )
    assert article.byline == "Ellen Marsh, Environment Correspondent"
    assert article.published_at == datetime(2026, 3, 18, 6, 0, tzinfo=UTC)


_GAZETTE_BYLINE = "By Ellen Marsh | March 18, 2026 3:45 PM EDT"


def _gazette_with(lines: str) -> Article:
    """gazette-short-dek.txt with its byline-and-stamp line written as ``lines``."""
    page = (FIXTURES / "authored" / "gazette-short-dek.txt").read_text(encoding="utf-8")
    assert _GAZETTE_BYLINE in page
    return extract(raw_document(page.replace(_GAZETTE_BYLINE, lines), "text/plain"))


@pytest.mark.parametrize(
    "lines",
    [
        "By Ellen Marsh | 5 min read | March 18, 2026",
        "By Ellen Marsh · 4 minute read\nMarch 18, 2026",
        "By Ellen Marsh\nMarch 18, 2026\n4 min read",
        "By Ellen Marsh\n5 min read\nMarch 18, 2026",
    ],
)
def test_a_reading_time_is_neither_in_the_byline_nor_in_the_text(lines: str) -> None:
    # Before, "Ellen Marsh | 5 min read" and "Ellen Marsh · 4 minute read" as bylines.
    article = _gazette_with(lines)
    assert article.byline == "Ellen Marsh"
    assert article.published_at == datetime(2026, 3, 18, tzinfo=UTC)
    assert "read" not in article.text.split("\n\n")[0]
    assert "min read" not in article.text
    assert "minute read" not in article.text


@pytest.mark.parametrize(
    "lines",
    [
        "By Ellen Marsh\nMarch 18, 2026\nPublished 3:45 PM EDT",
        "By Ellen Marsh\nPublished 3:45 PM EDT\nMarch 18, 2026",
        "By Ellen Marsh\nWednesday 18 March 2026\n19:45 GMT",
    ],
)
def test_a_time_on_the_line_beside_the_date_line_is_the_date_s(lines: str) -> None:
    # Before, midnight of March 18: the time on its own line was not read.
    article = _gazette_with(lines)
    assert article.published_at == datetime(2026, 3, 18, 19, 45, tzinfo=UTC)
    assert article.byline == "Ellen Marsh"
    assert "3:45" not in article.text
    assert "19:45" not in article.text


def test_a_date_line_with_its_own_time_keeps_it() -> None:
    article = _gazette_with("By Ellen Marsh\nMarch 18, 2026 10:00 GMT\nUpdated 3:45 PM EDT")
    assert article.published_at == datetime(2026, 3, 18, 10, tzinfo=UTC)


@pytest.mark.parametrize("stamp", ["Updated 3:45 PM EDT", "Last Update: 3:45 PM EDT", "Aktualisiert 15:45"])
def test_an_update_s_time_beside_a_date_line_is_not_the_publication_s(stamp: str) -> None:
    # Review (stop 31): the Big9 pages' "Last Update: 10:40 PM EDT" under their date gave the
    # publication the update's time, which the rest of extraction never takes.
    article = _gazette_with(f"By Ellen Marsh\nMarch 18, 2026\n{stamp}")
    assert article.published_at == datetime(2026, 3, 18, tzinfo=UTC)
