from __future__ import annotations

from tidings.store import Store


def test_a_new_database_is_migrated_to_every_head(store: Store) -> None:
    assert store.is_current()
    assert store.count_articles() == 0


def test_migrating_twice_changes_nothing(store: Store) -> None:
    store.migrate()
    assert store.is_current()
