"""Configuration: one table of settings, read from the environment and an optional TOML file.

The fields of ``Settings`` are the table: each has a default, a help line and a type, and its
environment variable is ``TIDINGS_`` + the upper-cased name. Values come, later ones winning, from
the defaults, the TOML file (``TIDINGS_CONFIG``, else ``tidings.toml`` in the user config
directory when it exists), and the environment. A secret may instead come from a file named by
``TIDINGS_<NAME>_FILE`` (setting both variables is an error). An empty value is no value: the
setting keeps its default (or the file's value), except where empty is a value of its own (a
setting whose default is empty). A bad value fails at start-up with a ``ConfigError`` naming
where it came from: the variable, or the file and key. An unknown key in the file fails too; an
unknown ``TIDINGS_*`` variable is only warned of (``unknown_variables``, which the CLI prints),
each with the likeliest intended name. ``docs/configuration.md`` is generated from this table and
a test keeps the two in step.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import tomllib
import typing
from collections.abc import Iterable, Mapping
from dataclasses import MISSING, Field, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

from tidings.errors import ConfigError

__all__ = [
    "Settings",
    "env_name",
    "known_variables",
    "load_settings",
    "redact_url",
    "render_settings_markdown",
    "setting_fields",
    "unknown_variables",
]

ENV_PREFIX = "TIDINGS_"
# The variables with the prefix that Tidings reads besides its settings and their ``_FILE``
# forms: the file to read settings from, and the test suite's databases (tests/conftest.py).
OTHER_VARIABLES = ("TIDINGS_CONFIG", "TIDINGS_TEST_DATABASES", "TIDINGS_TEST_POSTGRESQL_URL")


def _setting(default: Any, help_text: str) -> Any:
    return field(default=default, metadata={"help": help_text})


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting Tidings reads. Add a setting here and nowhere else."""

    data_dir: Path = _setting(
        Path(platformdirs.user_data_dir("tidings", appauthor=False)),
        "Folder for the embedded SQLite database and model caches.",
    )
    model_cache_dir: str = _setting(
        "",
        "Folder for models derived once from installed packages (all-MiniLM-L6-v2 exported to ONNX, "
        "about 90 MB); several data folders may share one. Empty: `models` in the data folder.",
    )
    database_url: str = _setting(
        "",
        "SQLAlchemy URL of the store, e.g. postgresql+psycopg://user@host/db. "
        "Empty: a SQLite file `tidings.sqlite3` in the data folder.",
    )
    host: str = _setting("127.0.0.1", "Address `tidings serve` listens on.")
    port: int = _setting(8000, "Port `tidings serve` listens on.")
    max_document_bytes: int = _setting(
        20_000_000,
        "Largest file, page or feed (in bytes) that Tidings reads; larger inputs are refused. "
        "At most 1,000,000,000.",
    )
    log_level: str = _setting("WARNING", "Logging level: DEBUG, INFO, WARNING or ERROR.")

    # -- sources: fetching and polling (issue 5) ------------------------------------------------
    fetch_user_agent_url: str = _setting(
        "https://github.com/tidings-news/tidings",
        "Address named in the User-Agent of every request (`Tidings/<version> (+URL)`), so site owners "
        "can find out who fetches their pages.",
    )
    fetch_allow_networks: tuple[str, ...] = _setting(
        (),
        "Non-public networks the fetcher may reach (feeds hosted on your own network), comma-separated "
        "CIDR networks with an optional port: 192.168.1.0/24, 127.0.0.1:8080, [fd00::1]:443. "
        "Empty: only public internet addresses.",
    )
    fetch_concurrency: int = _setting(
        16,
        "Sources fetched at the same time by `tidings fetch`, `tidings run` and `tidings serve`. "
        "At most 1,024.",
    )
    fetch_per_host: int = _setting(2, "Requests to one host name at the same time.")
    fetch_per_domain: int = _setting(
        4, "Requests to one registrable domain (all of bbc.co.uk) at the same time."
    )
    fetch_host_gap_s: float = _setting(1.0, "Seconds between the starts of two requests to one host.")
    fetch_timeout_s: float = _setting(
        30.0, "Longest time one fetch may take in all (redirects and body included), in seconds."
    )
    fetch_connect_timeout_s: float = _setting(10.0, "Longest wait for a connection, in seconds.")
    fetch_max_redirects: int = _setting(5, "Redirect hops followed before a fetch fails.")
    poll_min_minutes: int = _setting(15, "Shortest interval between two checks of one source, in minutes.")
    poll_max_minutes: int = _setting(
        1440, "Longest interval between two checks of an active source, in minutes."
    )
    poll_default_minutes: int = _setting(
        60, "Interval for a source whose rhythm is not yet known, in minutes."
    )
    poll_pause_after_hours: int = _setting(
        72,
        "A source failing without a break for this many hours is paused: "
        "checked once a day, shown as paused.",
    )
    full_text_default: str = _setting(
        "auto",
        "Fetch each entry's page for feeds that carry only a teaser: "
        "auto (when the entry is short), on, off. Set per source with `tidings sources set`.",
    )
    extract_workers: int = _setting(
        2,
        "Articles extracted at the same time (each in its own worker process): by `tidings add` and "
        "`tidings extract`, and by the threads that parse feeds and extract while fetching goes on. "
        "At most 256.",
    )
    extract_timeout_s: float = _setting(
        20.0,
        "Longest time one page's extraction may take, in seconds. Pages are extracted in worker "
        "processes that are stopped then, so a page built to stall the HTML parser cannot hang "
        "Tidings; 0 extracts in Tidings' own process, with no limit (as on Windows, always).",
    )
    extract_memory_mb: int = _setting(
        2048,
        "Most memory (address space) one extraction worker process may use, in MB; a page that "
        "needs more is refused instead of the machine running short. 0: no limit; otherwise at "
        "least 256 (a worker's own imports take about 150) and at most 1,048,576. A lower "
        "address-space limit Tidings already runs under (`ulimit -v`) is kept.",
    )

    # -- stories: copies and event clustering (issue 2) -----------------------------------------
    story_silence_days: int = _setting(
        14,
        "Days without a new article after which a story is closed: later coverage of the same event "
        "starts a new story, linked to the old one as earlier coverage.",
    )
    story_model: str = _setting(
        "hybrid",
        "Sentence vectors for grouping articles into stories: hybrid (the distilled static MiniLM "
        "shipped with Tidings for every article, all-MiniLM-L6-v2 itself for headline-only ones), "
        "static (the static model only: no torch, weaker on headline-only feeds) or minilm "
        "(all-MiniLM-L6-v2 for every article: slow on a small machine). hybrid and static share "
        "stored vectors; articles placed under minilm keep their stories but are not compared "
        "with new ones under the others, and the reverse.",
    )

    # -- understanding: top stories (issue 3) -----------------------------------------------------
    top_half_life_hours: float = _setting(
        12.0,
        "Hours after which a story's freshness halves in `tidings top` (since its latest original article).",
    )
    top_window_hours: int = _setting(
        72,
        "Stories with no article in this many hours are left out of `tidings top` (counted back"
        " from now, or from the newest story in a store with nothing that recent).",
    )
    serve_polls_sources: bool = _setting(
        True,
        "Whether `tidings serve` polls subscribed sources in the background while it serves "
        "(off: run `tidings fetch` from cron instead).",
    )
    serve_reads_entities: bool = _setting(
        True,
        "Whether `tidings serve` reads the people, places and organisations of new articles in the "
        "background, so that the reader's entity pages and filters find them (off: `tidings entity` "
        "reads them when asked).",
    )

    @property
    def resolved_model_cache_dir(self) -> Path:
        return Path(self.model_cache_dir).expanduser() if self.model_cache_dir else self.data_dir / "models"

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'tidings.sqlite3'}"


def setting_fields() -> tuple[Field[Any], ...]:
    """The settings table: one dataclass field per setting."""
    return fields(Settings)


def env_name(setting_name: str) -> str:
    return ENV_PREFIX + setting_name.upper()


def known_variables() -> frozenset[str]:
    """Every ``TIDINGS_*`` variable Tidings reads."""
    settings = [env_name(setting.name) for setting in setting_fields()]
    return frozenset([*settings, *(name + "_FILE" for name in settings), *OTHER_VARIABLES])


def _close_match(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate ``name`` most likely misspells, if one is close. Compared in lower case and
    without the prefix, which every variable shares: with it, any short unknown name is "close"
    to TIDINGS_HOST, and a TOML key written as a variable (``TIDINGS_PORT = 8100``) is far from
    ``port``."""

    def bare(text: str) -> str:
        return text.lower().removeprefix(ENV_PREFIX.lower())

    by_bare = {bare(candidate): candidate for candidate in candidates}
    matches = difflib.get_close_matches(bare(name), by_bare, n=1)
    return by_bare[matches[0]] if matches else None


def unknown_variables(environ: Mapping[str, str] | None = None) -> list[str]:
    """A warning for each variable in ``environ`` named like one of Tidings' (``TIDINGS_`` in any
    case: variable names are case-sensitive, so ``tidings_port`` is not read either) that Tidings
    does not read, naming the variable Tidings reads that it most likely misspells.

    Why a warning and not a ``ConfigError`` as for an unknown key in the TOML file: that file is
    Tidings' own, so every key in it is meant for Tidings and an unknown one is a mistake. The
    environment is shared: other programs set variables with this prefix too (Kubernetes sets
    ``<SERVICE>_SERVICE_HOST`` and ``<SERVICE>_PORT_<N>_TCP`` for each service, so for one named
    "tidings" too; a wrapper script may set its own), and refusing to start over them would stop
    installations that work.
    """
    env = os.environ if environ is None else environ
    known = known_variables()
    warnings = []
    for name in sorted(env):
        if not name.upper().startswith(ENV_PREFIX) or name in known:
            continue
        match = _close_match(name, known)
        remedy = f"did you mean {match}?" if match else "`tidings config` lists the settings"
        warnings.append(f"{name} is not a Tidings setting, so it is ignored; {remedy}")
    return warnings


def _field_type(setting: Field[Any]) -> Any:
    hints = typing.get_type_hints(Settings)
    return hints[setting.name]


class _Unset:
    """What an empty value parses to for a setting where empty means nothing: not set."""


_UNSET = _Unset()


@dataclass(frozen=True, slots=True)
class _Origin:
    """Where a setting's value came from, to name it in messages."""

    where: str  # "TIDINGS_PORT", "/etc/tidings.toml: port", or the setting's name
    default: bool = False  # the value is the setting's default: nobody set it
    secret: bool = False  # read from a TIDINGS_<NAME>_FILE: never print the value
    # The folder a relative path in the value is read from: the configuration file's own, so that
    # `data_dir = "data"` in /etc/tidings/tidings.toml does not move with the current folder of
    # whoever runs `tidings`. None: the current folder (a variable, as a shell reads one).
    relative_to: Path | None = None

    def about(self, value: object) -> str:
        """``where = value``, the start of a message about this value."""
        if self.secret:
            return f"the value in the file named by {self.where}"
        shown = f"{self.where} = {_show_value(value)}"
        return f"{shown} (its default)" if self.default else shown


def _show_value(value: object) -> str:
    """A value as a user would write it: a list comma-separated, text quoted, a path as is."""
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or "(none)"
    if isinstance(value, str):
        return repr(value)
    return str(value)


def _empty_is_a_value(setting: Field[Any]) -> bool:
    """Whether an empty value means something for ``setting``: its default is empty (and its help
    says what empty means). Elsewhere (a port, a folder, a level) an empty value is no value."""
    return setting.default in ("", ())


def _expected(setting: Field[Any], kind: Any) -> str:
    example = setting.default
    if kind is bool:
        return "true or false"
    if kind is int:
        return f"a whole number, such as {example}"
    if kind is float:
        return f"a number, such as {example}"
    if typing.get_origin(kind) is tuple:
        return "a list of strings, or one string of comma-separated entries"
    return "a string (in quotes in the TOML file)"


# Settings kept as text because empty is a value of their own ("models in the data folder"), whose
# other values are folders.
_PATH_TEXT_SETTINGS = frozenset({"model_cache_dir"})


def _absolute_path(raw: str, origin: _Origin) -> Path:
    """A folder as given, read from the configuration file's folder when that gave it, else from
    the current folder, and kept absolute."""
    return ((origin.relative_to or Path.cwd()) / Path(raw.strip()).expanduser()).absolute()


def _parse_value(setting: Field[Any], raw: object, origin: _Origin) -> Any:
    """Turn a string from the environment or a TOML value into the setting's type; ``_UNSET`` for an
    empty value of a setting where empty means nothing."""
    kind = _field_type(setting)
    if isinstance(raw, str) and not raw.strip():
        return _UNSET if not _empty_is_a_value(setting) else setting.default
    text = raw.strip() if isinstance(raw, str) else None
    value: Any = None
    if kind is bool:
        if isinstance(raw, bool):
            value = raw
        elif text is not None and text.lower() in {"1", "true", "yes", "on"}:
            value = True
        elif text is not None and text.lower() in {"0", "false", "no", "off"}:
            value = False
    elif kind is int:
        if isinstance(raw, int) and not isinstance(raw, bool):
            value = raw
        elif text is not None and re.fullmatch(r"[+-]?\d+(_\d+)*", text, re.ASCII):
            try:
                value = int(text)
            except ValueError:  # more digits than Python converts: no setting means that
                value = None
    elif kind is float:
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            value = float(raw)
        elif text is not None:
            try:
                value = float(text)
            except ValueError:
                value = None
        if value is not None and not math.isfinite(value):  # "nan" and "inf": no setting means them
            raise ConfigError(
                f"{origin.about(raw)} is not valid for {setting.name}: expected a finite number,"
                f" such as {setting.default}"
            )
    elif kind is Path:
        if isinstance(raw, str):
            # Made absolute now: `tidings serve` and a cron job's `tidings fetch` started in other
            # folders read one store, and `tidings config` shows which.
            value = _absolute_path(raw, origin)
    elif kind is str:
        if isinstance(raw, str):
            value = raw
            if setting.name in _PATH_TEXT_SETTINGS:
                # Absolute as ``data_dir`` is (below), for the same reason: a relative folder would
                # move with the current folder of whoever runs `tidings`.
                value = str(_absolute_path(raw, origin))
    elif typing.get_origin(kind) is tuple:
        if isinstance(raw, list) and all(isinstance(item, str) for item in raw):
            value = tuple(item.strip() for item in raw if item.strip())
        elif isinstance(raw, str):
            value = tuple(part.strip() for part in raw.split(",") if part.strip())
    else:
        raise ConfigError(f"{origin.where}: setting {setting.name} has an unsupported type {kind!r}")
    if value is None:
        raise ConfigError(
            f"{origin.about(raw)} is not valid for {setting.name}: expected {_expected(setting, kind)}"
        )
    return value


def _read_secret_file(path: Path, variable: str) -> str:
    """The value in a secret file (a file, or a pipe: ``<(pass show db)``) of at most
    ``_MAX_SECRET_FILE_BYTES``, read no further (``/dev/zero`` named by mistake had filled memory
    without end; review, 2026-12-07)."""
    with path.open("rb") as handle:
        content = handle.read(_MAX_SECRET_FILE_BYTES + 1)
    if len(content) > _MAX_SECRET_FILE_BYTES:
        raise ConfigError(
            f"{variable} names {path}, which is larger than {_MAX_SECRET_FILE_BYTES // 1024} kB;"
            " a secret file holds one value"
        )
    return content.decode("utf-8").strip()


def _default_config_path() -> Path:
    return Path(platformdirs.user_config_dir("tidings", appauthor=False)) / "tidings.toml"


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read the configuration file {path}: {exc.strerror}") from exc
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark, as some Windows editors write, is UTF-8
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        raise ConfigError(
            f"the configuration file {path} is not UTF-8 (byte 0x{data[exc.start]:02x} at line {line},"
            f" column {column}); save it as UTF-8"
        ) from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"the configuration file {path} is not valid TOML: {exc}") from exc


# A worker's imports alone take about 150 MB of address space (under a 100 MB cap it cannot start;
# under 150 it refuses real pages, 2026-12-04), so a smaller cap is a mistake, not a limit.
MIN_EXTRACT_MEMORY_MB = 256
# Each worker is a process of its own (about 150 MB); far more than a machine has cores gains
# nothing and can exhaust its memory (a mistyped 100000 would start that many on a large batch).
MAX_EXTRACT_WORKERS = 256
# A poll worker each (a task, and two pooled connections): a million took two minutes and 2 GB to
# poll an empty store, and more never ended (review, 2026-12-07). Far more than the hosts polled at
# once (``fetch_per_host`` each) gains nothing.
MAX_FETCH_CONCURRENCY = 1024
# Every read reserves room for this much: past what memory holds it failed as a bug (MemoryError,
# or an overflow), and no page or feed is near a gigabyte.
MAX_DOCUMENT_BYTES = 1_000_000_000
# Past about 8.8e12 MB an address-space limit overflows and every extraction worker failed to
# start; a terabyte is beyond any page's needs (0 turns the limit off).
MAX_EXTRACT_MEMORY_MB = 1_048_576
# The longest span any setting counts in: ten years. A longer one means nothing, and past the
# range of a date or a timer it stopped commands with an overflow ("TIDINGS_TOP_WINDOW_HOURS=
# 99999999999999999999", review 2026-12-07); a timeout, or a gap between requests, at most a day.
_MAX_SPAN_HOURS = 10 * 365 * 24
_MAX_TIMEOUT_S = 24 * 3600
_SPAN_LIMITS: dict[str, tuple[float, str]] = {
    "top_half_life_hours": (_MAX_SPAN_HOURS, "hours (ten years)"),
    "top_window_hours": (_MAX_SPAN_HOURS, "hours (ten years)"),
    "poll_pause_after_hours": (_MAX_SPAN_HOURS, "hours (ten years)"),
    "poll_min_minutes": (_MAX_SPAN_HOURS * 60, "minutes (ten years)"),
    "poll_max_minutes": (_MAX_SPAN_HOURS * 60, "minutes (ten years)"),
    "poll_default_minutes": (_MAX_SPAN_HOURS * 60, "minutes (ten years)"),
    "story_silence_days": (_MAX_SPAN_HOURS // 24, "days (ten years)"),
    "fetch_timeout_s": (_MAX_TIMEOUT_S, "seconds (a day)"),
    "fetch_connect_timeout_s": (_MAX_TIMEOUT_S, "seconds (a day)"),
    "fetch_host_gap_s": (_MAX_TIMEOUT_S, "seconds (a day)"),
    "extract_timeout_s": (_MAX_TIMEOUT_S, "seconds (a day)"),
}
# A secret file (``TIDINGS_<NAME>_FILE``) holds one value; more than this is not one.
_MAX_SECRET_FILE_BYTES = 64 * 1024


class _Checker:
    """Checks of the values read, each message naming where the value came from."""

    def __init__(self, settings: Settings, origins: Mapping[str, _Origin]) -> None:
        self.settings = settings
        self.origins = origins

    def origin(self, name: str) -> _Origin:
        return self.origins.get(name) or _Origin(name, default=True)

    def about(self, name: str) -> str:
        return self.origin(name).about(getattr(self.settings, name))

    def fail(self, name: str, problem: str) -> None:
        raise ConfigError(f"{self.about(name)} {problem}")


def _validate_sources(check: _Checker) -> None:
    """The fetching and polling settings (issue 5)."""
    settings = check.settings
    positive = (
        "fetch_concurrency",
        "fetch_per_host",
        "fetch_per_domain",
        "fetch_timeout_s",
        "fetch_connect_timeout_s",
        "poll_min_minutes",
        "poll_max_minutes",
        "poll_default_minutes",
        "poll_pause_after_hours",
        "extract_workers",
    )
    for name in positive:
        if getattr(settings, name) <= 0:
            check.fail(name, "must be more than 0")
    if settings.fetch_concurrency > MAX_FETCH_CONCURRENCY:
        check.fail(
            "fetch_concurrency",
            f"is more polls at once than any machine gains from; use at most {MAX_FETCH_CONCURRENCY:,}",
        )
    if settings.extract_workers > MAX_EXTRACT_WORKERS:
        check.fail(
            "extract_workers",
            f"is more processes than any machine gains from; use at most {MAX_EXTRACT_WORKERS}",
        )
    if settings.extract_memory_mb < 0:
        check.fail("extract_memory_mb", "cannot be negative (0 turns the limit off)")
    if 0 < settings.extract_memory_mb < MIN_EXTRACT_MEMORY_MB:
        check.fail(
            "extract_memory_mb",
            f"is too little for an extraction worker to start; use 0 (no limit) or at least"
            f" {MIN_EXTRACT_MEMORY_MB}",
        )
    if settings.extract_memory_mb > MAX_EXTRACT_MEMORY_MB:
        check.fail(
            "extract_memory_mb",
            f"is more than any worker can be given; use 0 (no limit) or at most"
            f" {MAX_EXTRACT_MEMORY_MB:,} (a terabyte)",
        )
    if settings.extract_timeout_s < 0:
        check.fail("extract_timeout_s", "cannot be negative (0 turns the limit off)")
    for name in ("fetch_host_gap_s", "fetch_max_redirects"):
        if getattr(settings, name) < 0:
            check.fail(name, "cannot be negative; use 0 or more")
    if settings.poll_min_minutes > settings.poll_max_minutes:
        check.fail(
            "poll_min_minutes",
            f"is more than {check.about('poll_max_minutes')}; the shortest interval cannot be longer"
            " than the longest",
        )
    if settings.full_text_default not in {"auto", "on", "off"}:
        check.fail("full_text_default", "is not a choice; use auto, on or off")
    # Imported here, and only when there is a list to check (an empty one is always valid):
    # importing tidings.gather loads feedparser, which settings must not pull in at start.
    if settings.fetch_allow_networks:
        from tidings.gather.netpolicy import parse_allowed_networks  # noqa: PLC0415

        parse_allowed_networks(settings.fetch_allow_networks, check.origin("fetch_allow_networks").where)


def _validate_spans(check: _Checker) -> None:
    for name, (most, unit) in _SPAN_LIMITS.items():
        if getattr(check.settings, name) > most:
            check.fail(name, f"is longer than any setting means; use at most {most:,.0f} {unit}")


def _validate_text(check: _Checker) -> None:
    """Settings that travel in a header or name a store: refused where they cannot work."""
    agent_url = check.settings.fetch_user_agent_url
    # A header's value is ASCII without control characters (a space or a tab is allowed): a line
    # break would end it, a letter beyond ASCII fails every request (review, 2026-12-07).
    if not agent_url.isascii() or any(not (char.isprintable() or char == "\t") for char in agent_url):
        check.fail(
            "fetch_user_agent_url",
            "has control characters or letters beyond ASCII, which a User-Agent header cannot carry;"
            " write a host beyond ASCII in its xn-- form",
        )
    if check.settings.database_url and _is_memory_database(check.settings.database_url):
        check.fail(
            "database_url",
            "is a SQLite database in memory, which keeps nothing once the command ends; give a file"
            " (sqlite:////path/to/tidings.sqlite3) or leave it empty for the data folder's",
        )


def _is_memory_database(url: str) -> bool:
    """Whether a SQLAlchemy URL names a SQLite database in memory (``sqlite://``,
    ``sqlite:///:memory:``, ``file:…?mode=memory``). A URL SQLAlchemy cannot read is left to the
    store, which says so when it opens."""
    from sqlalchemy.engine import make_url  # noqa: PLC0415 - SQLAlchemy is loaded with the store
    from sqlalchemy.exc import ArgumentError  # noqa: PLC0415

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return False
    if parsed.get_backend_name() != "sqlite":
        return False
    database = parsed.database or ""
    return database in {"", ":memory:"} or "mode=memory" in database or parsed.query.get("mode") == "memory"


def _validate(settings: Settings, origins: Mapping[str, _Origin]) -> Settings:
    check = _Checker(settings, origins)
    _validate_spans(check)
    _validate_text(check)
    if not 0 < settings.port < 65536:
        check.fail("port", "is not a TCP port; use one from 1 to 65535")
    if settings.max_document_bytes <= 0:
        check.fail("max_document_bytes", "must be a positive number of bytes")
    if settings.max_document_bytes > MAX_DOCUMENT_BYTES:
        check.fail(
            "max_document_bytes",
            f"is larger than any page or feed Tidings can hold in memory; use at most"
            f" {MAX_DOCUMENT_BYTES:,} (a gigabyte)",
        )
    _validate_sources(check)
    if settings.story_silence_days < 1:
        check.fail("story_silence_days", "must be at least 1 day")
    for name in ("top_half_life_hours", "top_window_hours"):
        if getattr(settings, name) <= 0:
            check.fail(name, "must be more than 0")
    if settings.story_model not in {"hybrid", "static", "minilm"}:
        check.fail("story_model", "is not a choice; use hybrid, static or minilm")
    if settings.log_level.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        check.fail("log_level", "is not a level; use DEBUG, INFO, WARNING or ERROR")
    return replace(settings, log_level=settings.log_level.upper())


def load_settings(
    environ: Mapping[str, str] | None = None, config_path: Path | None = None, **overrides: Any
) -> Settings:
    """Read settings: defaults, then the TOML file, then the environment, then ``overrides``."""
    env = os.environ if environ is None else environ
    known = {setting.name: setting for setting in setting_fields()}
    values: dict[str, Any] = {}
    origins: dict[str, _Origin] = {}

    def take(setting: Field[Any], raw: object, origin: _Origin) -> None:
        value = _parse_value(setting, raw, origin)
        if value is not _UNSET:  # an empty value leaves what was there: the file's or the default
            values[setting.name] = value
            origins[setting.name] = origin

    path = config_path
    if path is None and env.get(ENV_PREFIX + "CONFIG", "").strip():
        path = Path(env[ENV_PREFIX + "CONFIG"]).expanduser()
        if not path.is_file():
            raise ConfigError(f"{ENV_PREFIX}CONFIG names {path}, which is not a file")
    if path is None and _default_config_path().is_file():
        path = _default_config_path()
    if path is not None:
        for key, raw in _read_toml(path).items():
            if key not in known:
                match = _close_match(key, known)
                remedy = f"did you mean {match!r}?" if match else "see `tidings config` for the list"
                raise ConfigError(f"{path}: unknown setting {key!r}; {remedy}")
            take(known[key], raw, _Origin(f"{path}: {key}", relative_to=path.absolute().parent))

    for name, setting in known.items():
        variable = env_name(name)
        file_variable = variable + "_FILE"
        gives_value = bool(env.get(variable, "").strip()) or (variable in env and _empty_is_a_value(setting))
        if gives_value and env.get(file_variable, "").strip():
            # Neither is taken over the other: a variable left over from before the secret file (or
            # an empty TIDINGS_DATABASE_URL= meaning SQLite) would silently open the wrong store.
            raise ConfigError(
                f"{variable} and {file_variable} are both set, each giving {name}; unset one of them"
            )
        if gives_value:
            take(setting, env[variable], _Origin(variable))
        elif env.get(file_variable, "").strip():
            secret_path = Path(env[file_variable]).expanduser()
            where = f"{file_variable} ({secret_path})"
            try:
                secret = _read_secret_file(secret_path, file_variable)
            except OSError as exc:
                raise ConfigError(
                    f"{file_variable} names {secret_path}, which cannot be read: {exc.strerror}"
                ) from exc
            except UnicodeDecodeError as exc:
                raise ConfigError(
                    f"{file_variable} names {secret_path}, which is not UTF-8 text; save it as UTF-8"
                ) from exc
            take(setting, secret, _Origin(where, secret=True))

    for name, raw in overrides.items():
        if name not in known:
            raise ConfigError(f"unknown setting {name!r}")
        if isinstance(raw, str):
            take(known[name], raw, _Origin(name))
        else:
            values[name] = raw
            origins[name] = _Origin(name)
    return _validate(Settings(**values), origins)


def describe_default(setting: Field[Any]) -> str:
    if setting.name == "data_dir":
        return "the per-user data folder (e.g. `~/.local/share/tidings`)"
    default = setting.default if setting.default is not MISSING else None
    if isinstance(default, tuple):
        return ", ".join(default) or "(empty)"
    if isinstance(default, bool):  # as the user writes it
        return "on" if default else "off"
    if default == "":
        return "(empty)"
    return str(default)


def render_settings_markdown() -> str:
    """The settings table as Markdown; ``docs/configuration.md`` embeds it."""
    lines = ["| Setting | Environment variable | Default | Meaning |", "| --- | --- | --- | --- |"]
    for setting in setting_fields():
        lines.append(
            f"| `{setting.name}` | `{env_name(setting.name)}` | {describe_default(setting)} | "
            f"{setting.metadata['help']} |"
        )
    return "\n".join(lines) + "\n"


def redact_url(url: str) -> str:
    """A URL fit to print: any password in it replaced by ``***``."""
    return re.sub(r"(://[^/:@]*:)[^/@]*@", r"\1***@", url)
