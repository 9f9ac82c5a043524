"""Tidings: a self-hosted news aggregator that shows the news as stories.

Data flows source → article → story → reader: ``gather`` reads sources into ``RawDocument``s,
``extract`` makes clean ``Article``s, ``dedupe`` recognises copies, ``store`` keeps them,
``cluster`` groups them into stories, ``summarize`` and ``rank`` make sense of stories, and the
web reader, JSON API and CLI show them.

The public surface is ``__all__``: the ``Tidings`` facade, ``Settings``, the model types and the
errors. ``Tidings`` is imported lazily so that ``import tidings`` stays cheap for code that only
needs the model types.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tidings.config import Settings, load_settings
from tidings.errors import (
    BlockedDestination,
    ConfigError,
    FetchError,
    InputError,
    NotAnArticle,
    NotFound,
    StoreError,
    TidingsError,
    TooLarge,
    Unreadable,
    UnsafeInput,
)
from tidings.model import (
    Added,
    AlreadyHad,
    Article,
    DocumentHints,
    Outlet,
    Provenance,
    RawDocument,
    StoredArticle,
)

if TYPE_CHECKING:
    from tidings.core import Tidings

__version__ = "0.1.0"

__all__ = [
    "Added",
    "AlreadyHad",
    "Article",
    "BlockedDestination",
    "ConfigError",
    "DocumentHints",
    "FetchError",
    "InputError",
    "NotAnArticle",
    "NotFound",
    "Outlet",
    "Provenance",
    "RawDocument",
    "Settings",
    "StoreError",
    "StoredArticle",
    "Tidings",
    "TidingsError",
    "TooLarge",
    "Unreadable",
    "UnsafeInput",
    "__version__",
    "load_settings",
]


def __getattr__(name: str) -> Any:
    if name == "Tidings":
        from tidings.core import Tidings  # noqa: PLC0415 - deferred on purpose, see the docstring

        return Tidings
    raise AttributeError(f"module 'tidings' has no attribute {name!r}")
