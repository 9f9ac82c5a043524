from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import timedelta

import pytest

from tests.cluster.support import WHEN, article, ntd, seed_body, tribune
from tidings.dedupe import (
    MIN_WORDS_FOR_NEAR_COPY,
    NO_COPY,
    CopyBook,
    CopyFinding,
    CopySubject,
    copies_again,
    find_copies,
    find_copy,
    original_of,
    subject_of,
    wire_credit,
)
from tidings.dedupe.fingerprint import estimated_overlap, fingerprint
from tidings.model import Article, CopyMatch, CopyOrigin


def _run(*articles: Article) -> list[CopyMatch | None]:
    book = CopyBook()
    matches = []
    for key, item in enumerate(articles, start=1):
        assert item.published_at is not None
        subject = subject_of(key, item, published_at=item.published_at)
        match = find_copy(subject, book)
        book.add(subject, match)
        matches.append(match)
    return matches


def _paragraphs() -> list[str]:
    return seed_body("ntd-putin-belarus.txt").split("\n\n")


def test_a_republished_copy_with_a_new_headline_is_a_copy_of_the_first() -> None:
    original = ntd()
    repost = article("Putin in Minsk", original.text, "Aggregator", published_at=WHEN + timedelta(hours=1))
    first, second = _run(original, repost)
    assert first is None
    assert second is not None
    assert (second.original_id, second.method, second.similarity) == (1, "exact", 1.0)


def test_a_copy_with_a_cut_paragraph_and_added_boilerplate_is_a_near_copy() -> None:
    paragraphs = _paragraphs()
    edited = "\n\n".join(
        [*paragraphs[:3], *paragraphs[4:], "Sign up for our newsletter to get the day's news in your inbox."]
    )
    later = article("Putin visits Belarus", edited, "Other Site", published_at=WHEN + timedelta(hours=3))
    _, match = _run(ntd(), later)
    assert match is not None
    assert match.method == "near"
    assert 0.5 <= match.similarity < 1.0


def test_two_different_articles_on_one_event_are_not_copies() -> None:
    assert _run(ntd(), tribune()) == [None, None]
    jaccard, _ = estimated_overlap(fingerprint(ntd().text), fingerprint(tribune().text))
    assert jaccard < 0.2


def test_identical_headlines_without_bodies_are_exact_copies_but_similar_ones_are_not() -> None:
    first = article("Flappy Bird could return, creator says", "", "Outlet A")
    same = article("Flappy Bird could return, creator says", "", "Outlet B", published_at=WHEN + timedelta(1))
    similar = article(
        "Flappy Bird may rise again, creator says", "", "Outlet C", published_at=WHEN + timedelta(2)
    )
    matches = _run(first, same, similar)
    assert matches[1] is not None
    assert matches[1].method == "exact"
    assert matches[2] is None


def test_a_copy_of_a_copy_names_the_first_original() -> None:
    text = ntd().text
    matches = _run(
        article("A", text, "One"),
        article("B", text, "Two", published_at=WHEN + timedelta(hours=1)),
        article(
            "C", text + " Extra closing words from the third site.", "Three", published_at=WHEN + timedelta(2)
        ),
    )
    assert [match.original_id if match else None for match in matches] == [None, 1, 1]


def test_origin_comes_from_a_canonical_link_to_another_site() -> None:
    original = article("Drills go on", tribune().text, "Chicago Tribune", domain="chicagotribune.com")
    repost = article(
        "Drills go on",
        tribune().text,
        "inkl",
        domain="inkl.com",
        url="https://www.chicagotribune.com/2022/12/19/putin-belarus/",
        published_at=WHEN - timedelta(hours=1),
    )
    _, match = _run(original, repost)
    assert match is not None
    assert match.origin is not None
    assert (match.origin.outlet, match.origin.evidence) == ("chicagotribune.com", "canonical_link")


def test_origin_comes_from_a_wire_dateline_else_from_the_earliest_copy() -> None:
    wire_text = "MINSK, Belarus (AP) — " + ntd().text
    _, wired = _run(article("x", wire_text, "Paper One"), article("y", wire_text, "Paper Two"))
    assert wired is not None
    assert wired.origin is not None
    assert (wired.origin.outlet, wired.origin.evidence) == ("Associated Press", "wire_credit")
    _, plain = _run(
        article("x", ntd().text, "Paper One", published_at=WHEN),
        article("y", ntd().text, "Paper Two", published_at=WHEN + timedelta(hours=5)),
    )
    assert plain is not None
    assert plain.origin is not None
    assert (plain.origin.outlet, plain.origin.evidence) == ("Paper One", "earliest")


def test_a_closing_contributed_line_is_not_a_wire_credit() -> None:
    assert wire_credit(None, "The Associated Press contributed to this report.") is None
    assert wire_credit("By Jane Doe, Reuters", "Text.") == "Reuters"


def test_a_ten_megabyte_text_is_fingerprinted_by_its_head() -> None:
    huge = ntd().text + " filler" * 1_500_000
    assert len(huge) > 10_000_000
    print_ = fingerprint(huge)
    assert print_.word_count < 40_000


def test_a_copy_of_an_edited_copy_names_the_first_outlet_as_origin_by_the_earliest_date() -> None:
    # Daily A cut the last paragraph and added a sign-up line; Daily B took Daily A's version word
    # for word, so Daily A's is its closest match, but Origin Post published the writing first.
    paragraphs = _paragraphs()
    sign_up = "Sign up for our newsletter to get the day's news in your inbox."
    edited = "\n\n".join([sign_up, *paragraphs[:-1]])
    matches = _run(
        article("Orig", ntd().text, "Origin Post", published_at=WHEN),
        article("A copy", edited, "Daily A", published_at=WHEN + timedelta(hours=1)),
        article("B copy", edited, "Daily B", published_at=WHEN + timedelta(hours=2)),
    )
    copy_of_copy = matches[2]
    assert copy_of_copy is not None
    assert (copy_of_copy.original_id, copy_of_copy.method) == (1, "exact")
    assert copy_of_copy.origin is not None
    assert (copy_of_copy.origin.outlet, copy_of_copy.origin.evidence) == ("Origin Post", "earliest")


def test_one_feed_s_boilerplate_teaser_does_not_make_its_entries_copies() -> None:
    teaser = "Read the full story on our website."
    first = article("Council approves the school budget", teaser, "Daily One")
    second = article(
        "Harbour storm closes the ferry route", teaser, "Daily One", published_at=WHEN + timedelta(1)
    )
    assert _run(first, second) == [None, None]


def test_a_short_teaser_republished_with_its_headline_is_a_copy() -> None:
    teaser = "MINSK (AP) — Putin arrived in Minsk on Monday for talks with Lukashenko on defence ties."
    first = article("Putin visits Belarus", teaser, "Paper One")
    second = article("Putin visits Belarus", teaser, "Paper Two", published_at=WHEN + timedelta(1))
    second_match = _run(first, second)[1]
    assert second_match is not None
    assert second_match.method == "exact"


def test_a_longer_stock_teaser_does_not_make_near_copies_with_its_headlines() -> None:
    # 36 words: with a headline the fingerprinted text passes 40 words, and the two entries share
    # nearly all their shingles; a short body is a copy only with the same headline, never a near one.
    teaser = (
        "This story is available to subscribers only. Subscribe today to read the full story and get"
        " unlimited access to our award-winning local journalism, our daily newsletters and the apps"
        " on all of your devices, wherever you are."
    )
    assert len(teaser.split()) < MIN_WORDS_FOR_NEAR_COPY
    first = article("Council approves the school budget for next year", teaser, "Daily One")
    second = article(
        "Harbour storm closes the ferry route to the islands",
        teaser,
        "Daily One",
        published_at=WHEN + timedelta(1),
    )
    assert _run(first, second) == [None, None]


# Audit: one writing republished by three sites, added latest first (Edmonton 05-03, Calgary 05-02,
# Ottawa 05-01), was stored with the latest republisher as its original and a different origin on
# each copy. The original is decided over every article of the writing, whatever their order.


def _regrouped(*articles: Article) -> tuple[dict[int, int | None], dict[int, CopyOrigin | None]]:
    """Each article's original and origin once all are placed, in the order given, as a batch
    or a store keeps them (``CopyBook.record``, changes included)."""
    book = CopyBook()
    for key, item in enumerate(articles, start=1):
        assert item.published_at is not None
        subject = subject_of(key, item, published_at=item.published_at)
        book.record(subject, find_copies(subject, book))
    # A writing's group lists its original first: each article's own record is the first of its.
    kept = {key: book.copy_group(key)[0] for key in range(1, len(articles) + 1)}
    return (
        {key: candidate.copy_of for key, candidate in kept.items()},
        {key: candidate.origin for key, candidate in kept.items()},
    )


def _three_sites() -> dict[str, Article]:
    return {
        "ottawa": article("MP pushes lyrics", ntd().text, "Ottawa Citizen", published_at=WHEN),
        "calgary": article("Gender neutral?", ntd().text, "Calgary Herald", published_at=WHEN + timedelta(1)),
        "edmonton": article(
            "Anthem debated", ntd().text, "Edmonton Journal", published_at=WHEN + timedelta(2)
        ),
    }


@pytest.mark.parametrize("order", list(itertools.permutations(["ottawa", "calgary", "edmonton"])))
def test_the_earliest_copy_is_the_original_whatever_order_the_copies_arrive_in(
    order: tuple[str, ...],
) -> None:
    sites = _three_sites()
    originals, origins = _regrouped(*(sites[name] for name in order))
    ottawa = order.index("ottawa") + 1
    assert originals == {key: (None if key == ottawa else ottawa) for key in (1, 2, 3)}
    one_origin = CopyOrigin(outlet="Ottawa Citizen", evidence="earliest")
    assert origins == {key: (None if key == ottawa else one_origin) for key in (1, 2, 3)}


def test_a_late_canonical_link_makes_the_linked_site_s_article_the_original_of_every_copy() -> None:
    # The wire's own page is dated after a republisher's (a clock an hour off); a third copy's
    # canonical link names the wire's site: its article is the original, the earlier one a copy.
    text = tribune().text
    wire = article("Drills go on", text, "Tribune Wire", domain="tribwire.com", published_at=WHEN)
    early = article(
        "Drills", text, "Early Daily", domain="early.example", published_at=WHEN - timedelta(hours=1)
    )
    linked = article(
        "Drills",
        text,
        "Late Daily",
        domain="late.example",
        url="https://tribwire.com/drills",
        published_at=WHEN + timedelta(hours=3),
    )
    originals, origins = _regrouped(early, wire, linked)
    assert originals == {1: 2, 2: None, 3: 2}
    by_link = CopyOrigin(outlet="tribwire.com", evidence="canonical_link")
    assert origins == {1: by_link, 2: None, 3: by_link}


def test_a_copy_that_names_what_it_republishes_keeps_that_evidence_in_the_batch_s_book() -> None:
    # A syndicated copy at its own address, its canonical link kept as what it republishes
    # (``Article.republishes``), arrives first; the writing is decided again when the wire's
    # page and a third copy come, from what the book kept of it: the link still says the origin.
    text = tribune().text
    copy = replace(
        article(
            "Drills",
            text,
            "The Lantern",
            domain="thelantern.com",
            url="https://thelantern.com/drills",
            published_at=WHEN + timedelta(hours=1),
        ),
        republishes="https://www.tribwire.com/drills",
    )
    wire = article("Drills go on", text, "Tribune Wire", domain="tribwire.com", published_at=WHEN)
    third = article(
        "Drills", text, "Late Daily", domain="late.example", published_at=WHEN + timedelta(hours=2)
    )
    originals, origins = _regrouped(copy, wire, third)
    assert originals == {1: 2, 2: None, 3: 2}
    by_link = CopyOrigin(outlet="tribwire.com", evidence="canonical_link")
    assert origins == {1: by_link, 2: None, 3: by_link}


def test_original_of_names_the_wire_s_own_article_and_breaks_date_ties_by_outlet_not_arrival() -> None:
    def side(key: int, outlet: str, *, wire: str | None = None, hours: int = 0) -> CopySubject:
        return CopySubject(
            article_id=key,
            fingerprint=fingerprint(ntd().text),
            outlet=outlet,
            outlet_domain=None,
            published_at=WHEN + timedelta(hours=hours),
            wire=wire,
        )

    credited = [side(1, "Paper", wire="Reuters"), side(2, "Reuters", hours=2), side(3, "Other", hours=1)]
    for group in itertools.permutations(credited):
        decided = original_of(group)
        assert (decided.original.article_id, decided.origin) == (2, CopyOrigin("Reuters", "wire_credit"))
    tied = [side(5, "Zeta Post"), side(4, "Alpha Times")]
    for group in itertools.permutations(tied):
        assert original_of(group).original.article_id == 4
    assert original_of([side(4, "Zeta Post"), side(5, "Alpha Times")]).original.article_id == 5


def test_an_address_in_punycode_is_on_its_outlet_s_site_written_in_unicode() -> None:
    # An outlet's domain is written as readers write it; its article's address may be Punycode.
    wire_text = "MINSK, Belarus (AP) — " + ntd().text
    own = article("x", wire_text, "Bücher", domain="bücher.de", url="https://xn--bcher-kva.de/a")
    _, match = _run(own, article("y", wire_text, "Paper Two", published_at=WHEN + timedelta(hours=1)))
    assert match is not None
    assert match.origin == CopyOrigin(outlet="Associated Press", evidence="wire_credit")


@pytest.mark.parametrize(
    ("host", "domain"),
    [("straße.de", "straße.de"), ("xn--strae-oqa.de", "straße.de"), ("ελλάς.gr", "ελλάς.gr")],
)
def test_an_address_with_a_letter_case_folding_changes_is_on_its_own_site(host: str, domain: str) -> None:
    # Case-folded, "straße.de" read as "strasse.de" and "ελλάς.gr" as "ελλάσ.gr": other sites, so the
    # article was taken for a copy whose canonical link names them as its origin.
    wire_text = "MINSK, Belarus (AP) — " + ntd().text
    own = article("x", wire_text, "Straße", domain=domain, url=f"https://{host}/a")
    _, match = _run(own, article("y", wire_text, "Paper Two", published_at=WHEN + timedelta(hours=1)))
    assert match is not None
    assert match.origin == CopyOrigin(outlet="Associated Press", evidence="wire_credit")


def _with_new_words(book: CopyBook, key: int, item: Article) -> CopyFinding:
    """A stored article's copy records once its words are ``item``'s (a page updated), kept."""
    assert item.published_at is not None
    subject = subject_of(key, item, published_at=item.published_at)
    found = copies_again(subject, find_copies(subject, book), book)
    book.record(subject, found)
    return found


def test_a_copy_whose_words_change_to_other_writing_leaves_its_writing_and_takes_its_evidence() -> None:
    # The AP dateline of the second paper's copy named the writing's origin; its page now carries
    # its own report: it is no copy, and the third paper's copy is the first one's, by the date.
    wired = "MINSK, Belarus (AP) — " + ntd().text
    items = [
        article("x", ntd().text, "Paper One", published_at=WHEN),
        article("y", wired, "Paper Two", published_at=WHEN + timedelta(hours=1)),
        article("z", ntd().text, "Paper Three", published_at=WHEN + timedelta(hours=2)),
    ]
    book = CopyBook()
    for key, item in enumerate(items, start=1):
        assert item.published_at is not None
        subject = subject_of(key, item, published_at=item.published_at)
        book.record(subject, find_copies(subject, book))
    assert book.copy_group(3)[0].origin == CopyOrigin(outlet="Associated Press", evidence="wire_credit")
    found = _with_new_words(book, 2, replace(items[1], text=tribune().text))
    assert found.copy is None
    assert {change.article_id: change.copy for change in found.changes} == {
        3: CopyMatch(
            original_id=1,
            similarity=1.0,
            method="exact",
            origin=CopyOrigin(outlet="Paper One", evidence="earliest"),
        ),
        2: None,
    }


def test_an_article_whose_words_change_within_its_writing_changes_its_own_record_only() -> None:
    paragraphs = _paragraphs()
    first = article("x", ntd().text, "Paper One", published_at=WHEN)
    second = article("y", ntd().text, "Paper Two", published_at=WHEN + timedelta(hours=1))
    book = CopyBook()
    for key, item in enumerate((first, second), start=1):
        assert item.published_at is not None
        subject = subject_of(key, item, published_at=item.published_at)
        book.record(subject, find_copies(subject, book))
    # A paragraph cut from the copy: still the first paper's writing, now a near copy of it.
    found = _with_new_words(book, 2, replace(second, text="\n\n".join([*paragraphs[:3], *paragraphs[4:]])))
    [change] = found.changes
    assert change.article_id == 2
    assert change.copy is not None
    assert (change.copy.original_id, change.copy.method) == (1, "near")
    # The original's words change alike: it stays the original, no record changes.
    assert _with_new_words(book, 1, replace(first, title="x, updated")).changes == ()


def test_an_article_not_placed_yet_is_left_to_its_placement() -> None:
    book = CopyBook()
    subject = subject_of(1, ntd(), published_at=WHEN)
    book.record(subject, find_copies(subject, book))
    unplaced = subject_of(2, ntd(), published_at=WHEN)
    assert copies_again(unplaced, find_copies(unplaced, book), book) == NO_COPY
