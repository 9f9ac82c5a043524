"""What a web user is told when something is not found: where to look in the reader or the API.

``NotFound``'s own message ends with the command that lists such things (``see `tidings
stories```), which is right in a terminal and means nothing in a browser. The reader and the API
build their 404 messages from its ``kind`` and ``key`` instead, pointing to their own pages.
"""

from __future__ import annotations

from collections.abc import Mapping

from tidings.errors import NotFound

__all__ = [
    "allowed_methods",
    "api_not_found",
    "method_not_allowed",
    "reader_not_found",
    "reader_unknown_filter",
]

_READER_LISTINGS = {
    "article": "the front page (/) lists the latest articles",
    "story": "the front page (/) lists the latest stories",
    "outlet": "Outlets (/outlets) lists every outlet",
    "entity": "Search (/search) finds the coverage that names it",
}

_UNMATCHED_FILTERS = {
    "outlet": "Tidings has no outlet with that key",
    "entity": "no story names that entity",
}

_API_LISTINGS = {
    "article": "GET /api/v1/articles lists articles",
    "story": "GET /api/v1/front lists stories",
    "outlet": "GET /api/v1/outlets lists every outlet",
    "entity": "GET /api/v1/search?q=NAME finds the coverage that names it",
}


def _not_found(error: NotFound, listings: Mapping[str, str]) -> str:
    hint = listings.get(error.kind)
    return f"no {error.kind} {error.key!r}" + (f"; {hint}" if hint else "")


def reader_not_found(error: NotFound) -> str:
    """The reader's 404 message for ``error``, pointing to the reader's own pages."""
    return _not_found(error, _READER_LISTINGS)


def reader_unknown_filter(field: str, error: NotFound) -> str:
    """The reader's 404 message for a filter (``?outlet=``, ``?entity=``) naming nothing stored:
    the filter and its value, and where to find what may be filtered by."""
    why = _UNMATCHED_FILTERS.get(error.kind, f"no {error.kind} has that key")
    hint = _READER_LISTINGS.get(error.kind)
    return f"The filter {field}={error.key!r} matches nothing: {why}" + (f"; {hint}." if hint else ".")


def api_not_found(error: NotFound) -> str:
    """The API's 404 problem detail for ``error``, pointing to the endpoint that lists such things."""
    return _not_found(error, _API_LISTINGS)


_METHOD_ORDER = {"GET": 0, "HEAD": 1, "POST": 2}


def allowed_methods(allow: str) -> str:
    """A route's ``Allow`` header as it really is: every route that takes GET also answers HEAD
    (the reader's routes declare it, the API's middleware adds it), though the router lists only
    the methods a route declares."""
    methods = {method.strip().upper() for method in allow.split(",") if method.strip()}
    if "GET" in methods:
        methods.add("HEAD")
    # The router's order is that of a set: put them in one order, the readable one.
    return ", ".join(
        sorted(methods, key=lambda method: (_METHOD_ORDER.get(method, len(_METHOD_ORDER)), method))
    )


def method_not_allowed(method: str, path: str, headers: Mapping[str, str]) -> tuple[dict[str, str], str]:
    """A 405's headers, its ``Allow`` as it really is (``allowed_methods``), and a message that
    says what the route does take, rather than only that it refused."""
    answered = {**headers, "Allow": allowed_methods(headers.get("Allow", ""))}
    return answered, f"{path} does not take {method}; it takes {answered['Allow']}"
