"""The package's public surface is exactly ``__all__``, and every name in it can be imported."""

from __future__ import annotations

import tidings


def test_every_public_name_is_importable() -> None:
    for name in tidings.__all__:
        assert getattr(tidings, name) is not None, name


def test_public_names_are_sorted_and_unique() -> None:
    assert list(tidings.__all__) == sorted(set(tidings.__all__))


def test_the_facade_is_the_core_class() -> None:
    from tidings.core import Tidings

    assert tidings.Tidings is Tidings
