"""Local inputs → ``RawDocument``s: files, folders, standard input, and bytes handed over whole.

Owns ``gather_paths`` (``tidings add`` / ``tidings extract``) and ``gather_bytes`` (pasted or
uploaded content, fetched pages). Each input is read under the size cap without holding more
than ``max_bytes + 1`` bytes, inflated if gzip-compressed (within the same cap), recognised by
its bytes (``detect``), and becomes one document (an HTML page, a plain-text save) or one per
entry (a feed). A bad input becomes an ``InputError`` value in the stream, never an exception
out of it, so a batch goes on.

Folders are walked depth-first in name order (the same order on every run and machine),
following symbolic links but never into a folder that is already being walked (a loop, which
is reported). Hidden entries (``.git``, ``.DS_Store``), the asset folders browsers save beside
a page (``Page_files/`` next to ``Page.html``) and asset files (style sheets, scripts, images,
fonts, media) are passed over and counted in the log; any other file is read, so a PDF put in
the folder is reported rather than silently ignored.

Feed entries read from a file carry ``Provenance("feed", <the file path>, entry_key)``. The
path, not the self URL the document claims: a file can claim to be any feed, and its entries
must not take the identity of the real feed's entries when that feed is later fetched.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from tidings.errors import InputError, NotAnArticle, TooLarge, Unreadable, printable_name
from tidings.gather.decode import decode_document, gunzip_capped, is_gzip
from tidings.gather.detect import FEED_KINDS, DocumentKind, charset_of, describe_kind, detect_kind
from tidings.gather.feeds import parse_feed
from tidings.gather.links import http_url
from tidings.gather.mhtml import is_mhtml, read_mhtml
from tidings.model import MediaType, Provenance, RawDocument, SourceKind

__all__ = [
    "STDIN",
    "FileStarted",
    "GatherResult",
    "count_files",
    "gather_bytes",
    "gather_paths",
    "read_local",
]

GatherResult = RawDocument | InputError
"""One outcome of gathering: a document, or the reason an input (or a feed entry) was refused."""

FileStarted = Callable[[str], None]
"""Told the name of each file (or ``-``) as ``gather_paths`` begins to read it."""

STDIN = "-"

log = logging.getLogger(__name__)

_CHUNK_BYTES = 1 << 20
_ASSET_EXTENSIONS = frozenset(
    """.css .js .mjs .map .json5 .png .jpg .jpeg .gif .webp .avif .svg .ico .bmp .tif .tiff .woff .woff2
    .ttf .otf .eot .mp3 .mp4 .m4a .webm .ogg .wav .mov .swf .wasm""".split()  # noqa: SIM905
)
_PAGE_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml", ".mhtml")
# A folder of saved pages often carries a note about itself (the seeds' README.md is one); read as a
# plain-text save it would become an "article". Only in a folder walk: a file given by name is read.
_FOLDER_NOTE_STEMS = frozenset(
    {"readme", "license", "licence", "copying", "notice", "changelog", "changes", "history"}
    | {"authors", "contributing"}
)
_FOLDER_NOTE_EXTENSIONS = frozenset(("", ".md", ".markdown", ".txt", ".rst"))
_KIND_ADVICE: dict[DocumentKind, str] = {
    "opml": "; add its feeds as sources instead",
    "sitemap": "; fetch the pages it lists instead",
    "sitemapindex": "; fetch the pages its sitemaps list instead",
}


# -- bytes → documents ----------------------------------------------------------------------------


def _without_gz(filename: str | None) -> str | None:
    if filename is not None and filename.lower().endswith(".gz"):
        return filename[:-3]
    return filename


def _results_from_bytes(
    body: bytes,
    *,
    locator: str,
    kind: SourceKind,
    url: str | None,
    content_type: str | None,
    filename: str | None,
    max_bytes: int,
    now: datetime,
) -> Iterator[GatherResult]:
    """The documents in one input; raises ``InputError`` when the input as a whole is refused."""
    if len(body) > max_bytes:
        raise TooLarge(locator, len(body), max_bytes)
    if is_gzip(body):
        body = gunzip_capped(body, source=locator, max_bytes=max_bytes)
        filename = _without_gz(filename)
    if is_mhtml(body):
        # A browser's single-file save: the page it holds is the document, read from where the
        # browser read it (an upload or a fetch keeps the address it came from).
        page = read_mhtml(body, source=locator)
        body, content_type = page.body, f"text/html; charset={page.charset}" if page.charset else "text/html"
        url = url or page.location
    document_kind = detect_kind(body, content_type=content_type, filename=filename)
    page_url = http_url(url)
    if document_kind in FEED_KINDS:
        feed = parse_feed(body, locator=locator, feed_url=page_url, fetched_at=now, content_type=content_type)
        if not feed.entries and not feed.skipped:
            raise NotAnArticle(locator, "is a feed with no entries; there is nothing to add")
        for warning in feed.warnings:
            log.info("%s: %s", printable_name(locator), warning)
        yield from feed.entries
        yield from feed.skipped
        return
    if document_kind not in ("html", "text"):
        advice = _KIND_ADVICE.get(document_kind, "")
        raise NotAnArticle(locator, f"is {describe_kind(document_kind)}, not an article or a feed{advice}")
    media_type: MediaType = "text/html" if document_kind == "html" else "text/plain"
    text = decode_document(
        body, source=locator, declared_charset=charset_of(content_type), media_type_hint=media_type
    )
    yield RawDocument(
        provenance=Provenance(kind, locator), body=text, media_type=media_type, url=page_url, fetched_at=now
    )


def gather_bytes(
    body: bytes,
    *,
    locator: str,
    kind: SourceKind,
    url: str | None,
    content_type: str | None,
    max_bytes: int,
    now: datetime,
) -> list[RawDocument]:
    """The documents in bytes already in hand: pasted text, an upload, a fetched page or feed.

    ``locator`` names the input in provenance and errors; ``url`` is its address when it has
    one (only http(s) URLs are kept). Raises ``InputError`` when nothing usable is in it;
    entries of a feed refused one by one are logged and left out.
    """
    results = list(
        _results_from_bytes(
            body,
            locator=locator,
            kind=kind,
            url=url,
            content_type=content_type,
            filename=None,
            max_bytes=max_bytes,
            now=now,
        )
    )
    documents = [result for result in results if isinstance(result, RawDocument)]
    errors = [result for result in results if isinstance(result, InputError)]
    if not documents and errors:
        raise errors[0]
    for error in errors:
        log.warning("%s", error)
    return documents


# Why a named pipe, socket or device met in a folder is not read (given by name, a pipe is).
_NOT_READ_IN_A_FOLDER = (
    "is not a regular file (a named pipe, socket or device); a folder's regular files are read,"
    " give it by name to read it"
)


# -- reading under the cap --------------------------------------------------------------------------


def _read_stream(stream: BinaryIO, *, source: str, max_bytes: int) -> bytes:
    """Up to ``max_bytes`` from a pipe; past the cap, the rest is counted (not kept) so the
    error can say how big the input was."""
    chunks: list[bytes] = []
    size = 0
    while size <= max_bytes:
        chunk = stream.read(min(_CHUNK_BYTES, max_bytes + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    chunks.clear()
    while chunk := stream.read(_CHUNK_BYTES):
        size += len(chunk)
    raise TooLarge(source, size, max_bytes)


def _read_file(path: Path, *, source: str, max_bytes: int) -> bytes:
    with path.open("rb") as handle:
        status = os.fstat(handle.fileno())
        if stat.S_ISREG(status.st_mode):
            if status.st_size > max_bytes:
                raise TooLarge(source, status.st_size, max_bytes)
            body = handle.read(max_bytes + 1)
            if len(body) > max_bytes:  # the file grew after it was measured
                raise TooLarge(source, os.fstat(handle.fileno()).st_size, max_bytes)
            return body
        if stat.S_ISFIFO(status.st_mode):  # a named pipe, or <(process substitution)
            return _read_stream(handle, source=source, max_bytes=max_bytes)
    raise Unreadable(source, "is not a regular file (a device or socket); give a file, a folder or '-'")


def _display_name(path: Path | str) -> str:
    """How a file is named in messages and in the store: its path, with any byte that is not UTF-8
    written as ``\\xff`` (Python keeps such bytes of a file name as lone surrogates, which no
    terminal prints and no database stores). Its control characters stay in the stored name and
    are written so in messages alone (``InputError`` shows its source by ``printable_name``)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _dangling_link(source: str, link: str | Path) -> Unreadable:
    """A symbolic link whose target is missing, named with where it points."""
    target = printable_name(_display_name(os.readlink(link)))
    return Unreadable(source, f"is a symbolic link to a missing file ({target})")


def _os_error(source: str, error: OSError) -> Unreadable:
    if isinstance(error, FileNotFoundError):
        if error.filename is not None and os.path.islink(error.filename):
            # The link is there; what it points to is not.
            return _dangling_link(source, error.filename)
        return Unreadable(source, "does not exist")
    if isinstance(error, PermissionError):
        return Unreadable(source, "cannot be read: permission denied")
    if error.errno == 40:  # ELOOP
        return Unreadable(source, "is a symbolic link loop")
    if isinstance(error, IsADirectoryError):
        return Unreadable(source, "is a folder that cannot be read")
    return Unreadable(source, f"cannot be read: {error.strerror or error}")


def read_local(given: str, *, max_bytes: int, stdin: BinaryIO | None = None) -> tuple[str, bytes]:
    """One file (or ``-``, standard input) whole, under the ``max_bytes`` cap: its name as messages
    give it and its bytes. Raises the ``InputError`` that says why it cannot be read."""
    if given == STDIN:
        return STDIN, _read_stream(stdin or sys.stdin.buffer, source=STDIN, max_bytes=max_bytes)
    name = _display_name(given)
    try:
        return name, _read_file(Path(given), source=name, max_bytes=max_bytes)
    except OSError as error:
        raise _os_error(name, error) from error


def _gather_input(
    read: Callable[[], bytes], *, source: str, filename: str | None, max_bytes: int, now: datetime
) -> Iterator[GatherResult]:
    """The documents of one file or stream; whatever goes wrong becomes an error value."""
    try:
        yield from _results_from_bytes(
            read(),
            locator=source,
            kind="file",
            url=None,
            content_type=None,
            filename=filename,
            max_bytes=max_bytes,
            now=now,
        )
    except InputError as error:
        yield error
    except OSError as error:
        yield _os_error(source, error)


def _gather_file(path: Path, *, source: str, max_bytes: int, now: datetime) -> Iterator[GatherResult]:
    return _gather_input(
        lambda: _read_file(path, source=source, max_bytes=max_bytes),
        source=source,
        filename=path.name,
        max_bytes=max_bytes,
        now=now,
    )


def _gather_stdin(stream: BinaryIO, *, max_bytes: int, now: datetime) -> Iterator[GatherResult]:
    return _gather_input(
        lambda: _read_stream(stream, source=STDIN, max_bytes=max_bytes),
        source=STDIN,
        filename=None,
        max_bytes=max_bytes,
        now=now,
    )


# -- folders --------------------------------------------------------------------------------------


@dataclass
class _Passed:
    """What a folder walk passed over, for one log line per folder given."""

    hidden: int = 0
    assets: int = 0
    asset_folders: int = 0
    already_read: int = 0
    notes: int = 0

    def describe(self) -> str:
        parts = [
            f"{self.hidden} hidden entries" if self.hidden else "",
            f"{self.assets} style, script, image, font or media files" if self.assets else "",
            f"{self.asset_folders} folders of saved-page assets" if self.asset_folders else "",
            f"{self.already_read} folders reached twice by links" if self.already_read else "",
            f"{self.notes} notes about the folder (README, LICENSE …)" if self.notes else "",
        ]
        return ", ".join(part for part in parts if part)


def _sorted_entries(folder: Path) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as scan:
        return sorted(scan, key=lambda entry: entry.name)


def _is_asset_folder(entry: os.DirEntry[str], names: set[str]) -> bool:
    if not entry.name.endswith("_files"):
        return False
    stem = entry.name[: -len("_files")]
    return any(stem + extension in names for extension in _PAGE_EXTENSIONS)


def _is_folder_note(path: Path) -> bool:
    stem, extension = os.path.splitext(path.name.lower())
    return stem in _FOLDER_NOTE_STEMS and extension in _FOLDER_NOTE_EXTENSIONS


@dataclass(frozen=True, slots=True)
class _Level:
    entries: Iterator[os.DirEntry[str]]
    names: set[str]
    ancestors: frozenset[tuple[int, int]]


def _walk(root: Path, passed: _Passed) -> Iterator[Path | InputError]:
    """Files under ``root`` in a stable depth-first name order, and the errors met on the way."""
    root_status = root.stat()
    root_key = (root_status.st_dev, root_status.st_ino)
    seen_folders = {root_key}
    entries = _sorted_entries(root)
    stack = [_Level(iter(entries), {entry.name for entry in entries}, frozenset({root_key}))]
    while stack:
        level = stack[-1]
        entry = next(level.entries, None)
        if entry is None:
            stack.pop()
            continue
        path = Path(entry.path)
        if entry.name.startswith("."):
            passed.hidden += 1
            continue
        try:
            is_folder = entry.is_dir()
            if is_folder:
                status = entry.stat()
                key = (status.st_dev, status.st_ino)
                if key in level.ancestors:
                    yield Unreadable(
                        _display_name(path), "is a symbolic link back to a folder that contains it; skipped"
                    )
                    continue
                if key in seen_folders:
                    passed.already_read += 1
                    continue
                if _is_asset_folder(entry, level.names):
                    passed.asset_folders += 1
                    continue
                seen_folders.add(key)
                children = _sorted_entries(path)
                stack.append(
                    _Level(iter(children), {child.name for child in children}, level.ancestors | {key})
                )
                continue
            if entry.is_symlink() and not path.exists():
                yield _dangling_link(_display_name(path), path)
                continue
            if not entry.is_file():
                # Opening a named pipe waits for a writer, which a folder's reader never is.
                yield Unreadable(_display_name(path), _NOT_READ_IN_A_FOLDER)
                continue
        except OSError as error:
            yield _os_error(_display_name(path), error)
            continue
        if path.suffix.lower() in _ASSET_EXTENSIONS:
            passed.assets += 1
            continue
        if _is_folder_note(path):
            passed.notes += 1
            continue
        yield path


def _gather_folder(
    folder: Path, *, source: str, max_bytes: int, now: datetime, on_file: FileStarted
) -> Iterator[GatherResult]:
    passed = _Passed()
    read_any = False
    try:
        for found in _walk(folder, passed):
            read_any = True
            if isinstance(found, InputError):
                yield found
            else:
                name = _display_name(found)
                on_file(name)
                yield from _gather_file(found, source=name, max_bytes=max_bytes, now=now)
    except OSError as error:
        yield _os_error(source, error)
        return
    if not read_any:
        # "0 added" alone would not say that nothing was even looked at (a wrong folder given).
        over = f" (it passed over {passed.describe()})" if passed.describe() else ""
        yield Unreadable(source, f"is a folder with no files to read{over}")
    elif passed.describe():
        log.info("%s: passed over %s", printable_name(source), passed.describe())


def _no_report(_name: str) -> None:
    return None


def count_files(paths: Sequence[str]) -> int | None:
    """How many files ``gather_paths`` will read from ``paths`` (folders walked as it walks them),
    for a progress bar; None when standard input is among them (its length is unknown)."""
    if STDIN in paths:
        return None
    total = 0
    for given in paths:
        path = Path(given)
        try:
            if path.is_dir():
                total += sum(1 for found in _walk(path, _Passed()) if isinstance(found, Path))
            else:
                total += 1
        except OSError:
            total += 1  # gather_paths reports it as one unreadable input
    return total


def gather_paths(
    paths: Sequence[str],
    *,
    max_bytes: int,
    now: datetime,
    stdin: BinaryIO | None = None,
    on_file: FileStarted | None = None,
) -> Iterator[GatherResult]:
    """Documents from files, folders (walked) and ``-`` (standard input, or ``stdin``).

    Yields a ``RawDocument`` for each page or text and for each feed entry, and an
    ``InputError`` for each input or entry refused; it never raises for a bad input.
    ``on_file`` is called with each file's name as reading it begins (so, lazily, once the
    documents of the file before it have all been taken).
    """
    report = on_file or _no_report
    for given in paths:
        if given == STDIN:
            report(STDIN)
            yield from _gather_stdin(stdin or sys.stdin.buffer, max_bytes=max_bytes, now=now)
            continue
        path = Path(given)
        name = _display_name(given)
        try:
            is_folder = path.is_dir()
        except OSError as error:
            yield _os_error(name, error)
            continue
        if is_folder:
            yield from _gather_folder(path, source=name, max_bytes=max_bytes, now=now, on_file=report)
        else:
            report(name)
            yield from _gather_file(path, source=name, max_bytes=max_bytes, now=now)
