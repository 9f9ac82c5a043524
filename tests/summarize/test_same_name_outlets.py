"""Two outlets under one display name (allAfrica republishing as "Voice of America" beside
voanews.com, as in the bundled sample): the seed pair's two newsrooms, renamed alike.

An outlet is its key (domain, else case-folded name), never its name. So the two are two
independent sources (what both report is agreed, citing both) and what only one of them reports
is that outlet's group: two groups of one name, each citing its own outlet's article only. The
display name stays the name. An article that merely copies the other is no second source: the
story then has one source, and no agreement or one-outlet claims at all.
"""

from __future__ import annotations

from dataclasses import replace

from tidings.model import Outlet, StoredArticle
from tidings.summarize import LazyModels, summarize

NAME = "Voice of America"
DOMAINS = ("voanews.example", "allafrica.example")


def _same_named(articles: list[StoredArticle]) -> list[StoredArticle]:
    """The seed pair (ids 1 and 2), each under ``NAME`` at its own domain."""
    return [
        replace(stored, article=replace(stored.article, outlet=Outlet(name=NAME, domain=domain)))
        for stored, domain in zip(articles, DOMAINS, strict=True)
    ]


def test_two_outlets_of_one_name_are_two_sources_with_a_group_each(
    seed_paragraphs: list[StoredArticle], models: LazyModels
) -> None:
    summary = summarize(_same_named(seed_paragraphs), analyser=models.analyser, encoder=models.encoder)
    assert summary.agreed
    for claim in summary.agreed:
        assert {source.article_id for source in claim.sources} == {1, 2}
    assert [group.outlet for group in summary.only] == [NAME, NAME]
    cited = [
        {source.article_id for claim in group.claims for source in claim.sources} for group in summary.only
    ]
    assert sorted(cited, key=min) == [{1}, {2}]


def test_an_outlet_that_copied_the_other_is_no_second_source(
    seed_paragraphs: list[StoredArticle], models: LazyModels
) -> None:
    original, copy = _same_named(seed_paragraphs)
    summary = summarize(
        [original, replace(copy, copy_of=original.article_id)],
        analyser=models.analyser,
        encoder=models.encoder,
    )
    assert (summary.agreed, summary.only) == ((), ())
