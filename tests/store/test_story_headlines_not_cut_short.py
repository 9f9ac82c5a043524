"""Migration 0037 heads a story whose headline an aggregator cut short ("… ...") by a whole title
of its own, where one of its members of the same standing has one, on SQLite and PostgreSQL.
Stories placed before (2026-12-07) are set up by placing articles as the test says
(``tests.store.placing.Desk``: a story's first article heads it) and stamping the store at 0036."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from tests.store.placing import Desk
from tidings.store import Store, migrate


def _head(store: Store, story_id: int) -> tuple[str, int]:
    with store.reading() as connection:
        row = connection.execute(
            text("SELECT headline, headline_article_id FROM stories WHERE id = :id"), {"id": story_id}
        ).one()
    return str(row.headline), int(row.headline_article_id)


def _migrate_again(store: Store) -> None:
    migrate.run_migrations(store.engine, command.downgrade, "0037-1")
    store.migrate()
    assert store.is_current()


def test_stories_headed_by_a_title_cut_short_take_a_whole_title_of_their_own(store: Store) -> None:
    desk = Desk(store)
    cut_id, cut_story = desk.place("wire", 0, title="Fed raises interest rates by a quarter ...")
    # Of two whole titles, the one whose words the story's other titles share heads it, not the
    # earliest.
    desk.place("herald", 1, join=cut_story, title="Fed lifts rates again")
    whole_id, _ = desk.place("daily", 2, join=cut_story, title="Fed raises interest rates by a quarter point")
    # A copy's whole title does not head a story an original writing heads.
    original_id, copied_story = desk.place("agency", 3, title="Bank of Japan holds \u2026")
    desk.place("portal", 4, join=copied_story, copy_of=original_id, title="Bank of Japan holds its rates")
    # A whole headline stays whole.
    whole_head_id, whole_story = desk.place("paper", 5, title="Storm closes schools across the north")
    desk.place("radio", 6, join=whole_story, title="Storm closes schools ...")
    # A story merged into another keeps its history as it was.
    _, absorbed = desk.place("blog", 7, title="Storm warning for the north ...")
    desk.place("tv", 8, join=whole_story, absorb=(absorbed,), title="Northern storm: what we know")
    assert _head(store, cut_story) == ("Fed raises interest rates by a quarter ...", cut_id)
    absorbed_before = _head(store, absorbed)

    _migrate_again(store)

    assert _head(store, cut_story) == ("Fed raises interest rates by a quarter point", whole_id)
    assert _head(store, copied_story) == ("Bank of Japan holds \u2026", original_id)
    assert _head(store, whole_story) == ("Storm closes schools across the north", whole_head_id)
    assert _head(store, absorbed) == absorbed_before
    # A second run changes nothing.
    _migrate_again(store)
    assert _head(store, cut_story) == ("Fed raises interest rates by a quarter point", whole_id)


def test_a_story_of_copies_headed_by_one_cut_short_takes_a_copy_s_whole_title(store: Store) -> None:
    desk = Desk(store)
    original_id, elsewhere = desk.place("agency", 0, title="Quake strikes off the coast")
    cut_copy_id, copies = desk.place("portal", 1, copy_of=original_id, title="Quake strikes off ...")
    whole_copy_id, _ = desk.place(
        "aggregator", 2, join=copies, copy_of=original_id, title="Quake strikes off the coast of Chile"
    )
    assert _head(store, copies) == ("Quake strikes off ...", cut_copy_id)

    _migrate_again(store)

    assert _head(store, copies) == ("Quake strikes off the coast of Chile", whole_copy_id)
    assert _head(store, elsewhere) == ("Quake strikes off the coast", original_id)
