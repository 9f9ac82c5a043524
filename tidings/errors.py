"""The one exception tree of Tidings.

Every error a user can meet is a ``TidingsError``. Each carries two faces: ``str(error)`` is a
sentence for the user that names the input and says what to do; ``__cause__`` (set with
``raise ... from exc`` where a foreign library's error enters) keeps the detail for logs.
Foreign exceptions (lxml, feedparser, httpx, SQLAlchemy) are translated at the seam where they
enter our code, never further up.

    TidingsError
    ├── ConfigError              a setting has a bad value (names the variable)
    ├── InputError               one input cannot become an article; the batch goes on
    │   ├── Unreadable           empty, binary, truncated, undecodable, malformed markup
    │   ├── TooLarge             over a size cap (says the size and the cap)
    │   ├── NotAnArticle         a section front, a login wall, a bot challenge, no text
    │   └── UnsafeInput          hostile markup or XML (entity bombs, external entities)
    ├── FetchError               a network fetch failed; ``permanent`` stops retries
    │   └── BlockedDestination   the URL or an address it resolved to is not allowed
    ├── NotFound                 an id or name that the store does not hold
    └── StoreError               the database failed or is not at the expected schema
"""

from __future__ import annotations

import re

__all__ = [
    "BlockedDestination",
    "ConfigError",
    "FetchError",
    "InputError",
    "NotAnArticle",
    "NotFound",
    "StoreError",
    "TidingsError",
    "TooLarge",
    "Unreadable",
    "UnsafeInput",
    "json_kind",
    "json_number_too_long",
    "printable_name",
    "unusable_json",
]

# What would break a message's one line or drive the terminal it is printed on if a name carried it
# as is: C0 controls (a newline, ESC), DEL, C1 controls (U+0085 is a line end too), the Unicode
# line and paragraph separators, and lone surrogates (which no terminal encoding can write).
_UNPRINTABLE_IN_NAMES = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _escaped(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable_name(name: str) -> str:
    """``name`` (a path, address or other input's name) as a message shows it: each control
    character, line separator or lone surrogate written as ``\\x0a`` or ``\\u2028``, as a file
    name's bytes that are not UTF-8 are written (``caf\\xe9.html``), so that an error naming it is
    one line. Only for showing: the input is read, and its provenance stored, by its real name."""
    return _UNPRINTABLE_IN_NAMES.sub(_escaped, name)


class TidingsError(Exception):
    """Base of every error Tidings reports to a user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigError(TidingsError):
    """A setting has a value Tidings cannot use; the message names the setting."""


class InputError(TidingsError):
    """One input cannot become an article. ``source`` names the input (a path, URL or '-')."""

    reason_code = "input"

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{printable_name(source)}: {reason}")
        self.source = source
        self.reason = reason


class Unreadable(InputError):
    """Empty, binary, truncated or undecodable input, or markup no parser can read."""

    reason_code = "unreadable"


class TooLarge(InputError):
    """Input over a size cap."""

    reason_code = "too-large"

    def __init__(
        self, source: str, size: int | None, cap: int, *, hint: str | None = None, counted: str | None = None
    ) -> None:
        # ``size`` is None when reading stopped at the cap (an endless stream has no size to tell).
        # ``counted`` names what a cap other than the input's own size counts ("HTML elements").
        remedy = hint or "raise TIDINGS_MAX_DOCUMENT_BYTES to accept it"
        if counted is not None:
            message = f"has {size or 0:,} {counted}, over the cap of {cap:,} ({remedy})"
        else:
            measured = f"is {size:,} bytes" if size is not None else "goes on past the cap"
            message = f"{measured}, over the {cap:,}-byte cap ({remedy})"
        super().__init__(source, message)
        self.size = size
        self.cap = cap


class NotAnArticle(InputError):
    """The input reads fine but is not a news article (section front, login wall, bot challenge)."""

    reason_code = "not-an-article"


class UnsafeInput(InputError):
    """Hostile input refused on purpose: XML entity bombs, external entities, parser traps."""

    reason_code = "unsafe"


class FetchError(TidingsError):
    """A network fetch failed. ``permanent`` errors (404, 410, refused destinations) stop retries;
    ``retry_after_s`` is how long the host asked Tidings to wait when it was not asked at all."""

    def __init__(
        self,
        url: str,
        reason: str,
        *,
        permanent: bool = False,
        status: int | None = None,
        retry_after_s: float | None = None,
    ) -> None:
        super().__init__(f"{printable_name(url)}: {reason}")
        self.url = url
        self.reason = reason
        self.permanent = permanent
        self.status = status
        self.retry_after_s = retry_after_s


class BlockedDestination(FetchError):
    """The URL, or an address it resolved to or redirected to, is refused by the outbound policy."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(url, reason, permanent=True)


# How a user lists each kind of thing that can be looked up by id or name.
_LISTING_COMMANDS = {
    "article": "tidings articles",
    "story": "tidings stories",
    "entity": "tidings entity NAME",
    "outlet": "tidings articles --outlet NAME",
    "source": "tidings sources",
}


class NotFound(TidingsError):
    """An id or name the store does not hold."""

    def __init__(self, kind: str, key: object) -> None:
        listing = _LISTING_COMMANDS.get(kind)
        hint = f"; see `{listing}`" if listing else ""
        super().__init__(f"no {kind} {key!r}{hint}")
        self.kind = kind
        self.key = key


class StoreError(TidingsError):
    """The database failed, or is not at the schema this version of Tidings expects."""


def json_kind(value: object) -> str:
    """What a parsed JSON value is, in JSON's own words ("an array", "true or false"), for the
    messages that tell a user which part of their JSON input is the wrong kind: they wrote JSON,
    not Python, so "list" or "dict" would name something they never wrote."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"


# Python converts at most 4,300 digits of a whole number (``sys.get_int_max_str_digits``), and
# ``json.loads`` raises its ValueError, with Python's advice to raise the limit, on a longer one.
_DIGITS_OVER_THE_LIMIT = re.compile(r"integer string conversion: value has (\d+) digits")


def json_number_too_long(error: ValueError) -> str | None:
    """What ``json.loads`` refused, when ``error`` is its refusal of a whole number of more digits
    than Python converts, in a user's words ("a number of 5,000 digits, more than any feed or id
    needs") rather than a programmer's advice to call ``sys.set_int_max_str_digits()``; None when
    ``error`` is another."""
    found = _DIGITS_OVER_THE_LIMIT.search(str(error))
    if found is None:
        return None
    return f"a number of {int(found.group(1)):,} digits, more than any feed or id needs"


def unusable_json(error: ValueError) -> str:
    """What is wrong with JSON that ``json.loads`` refused with a ValueError other than a syntax
    error, for a message after "is": the number too long to read (``json_number_too_long``), else
    the parser's words."""
    number = json_number_too_long(error)
    return f"not usable JSON: it holds {number}" if number else f"not usable JSON ({error})"
