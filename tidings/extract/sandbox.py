"""Extraction in worker processes that are stopped when a page takes too long.

Why: the HTML parser (Lexbor) has traps that grow with the square of what a page holds (a tag of
tens of thousands of attributes, elements nested tens of thousands deep), and ``guards.py`` can
only find some of them before parsing: where a tag begins and ends depends on comments, scripts
and the namespaces the tree builder is in, which only the parser knows. A page whose tag is hidden
from the scan in a comment cost Lexbor 0.6 s for 20,000 attributes, and would cost hours at the
document cap (2026-12-04). So every input the product reads (``tidings add``, pasted pages, feed
polls) is extracted in a child process that is stopped after ``timeout_s`` and whose address
space is capped at ``memory_mb`` (a page that needs more is refused, not the machine starved).
What it costs is copying the page there and the article back (about 0.2 ms a page) and one
process per thread that extracts at the same time. ``tidings.extract.extract`` itself stays
in-process, for callers that trust their input (tests, benchmarks).

The workers are shared by every ``Tidings`` in the process (``shared_sandbox``) and started on
first use (about 1 s: they import the extraction stack); a worker that is stopped or dies is
replaced on the next call. Requests and replies are pickles, each after its length: both ends are
this module, in processes of the same user.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import logging
import os
import pickle
import selectors
import signal
import struct
import subprocess
import sys
import threading
import time
import traceback
from typing import Any, BinaryIO

from tidings import errors
from tidings.errors import InputError, Unreadable, UnsafeInput
from tidings.extract import extract, source_name
from tidings.extract.guards import OUT_OF_MEMORY
from tidings.model import Article, RawDocument

__all__ = ["SANDBOX_SUPPORTED", "ExtractionSandbox", "shared_sandbox"]

log = logging.getLogger(__name__)

# Waiting on a pipe with a time limit needs select() on pipes, which Windows lacks: there,
# ``Tidings`` extracts in its own process, with no time limit (docs/configuration.md says so).
SANDBOX_SUPPORTED = sys.platform != "win32"
_LENGTH = struct.Struct(">Q")
# A worker is replaced after this many documents, so that what a long run leaves in its heap
# (Lexbor's and lxml's pools, caches of pages long gone) is given back (gunicorn's max_requests).
MAX_DOCUMENTS_PER_WORKER = 2_000
# A worker writes this byte once it has imported the extraction stack (about a second; far more
# on a loaded machine), and each document's time limit starts only then.
_READY = b"R"
_STARTUP_SECONDS = 120.0
_READ_CHUNK = 1 << 20
# How long a worker that closed its output is given to exit by itself before it is killed.
_EXIT_GRACE_SECONDS = 1.0
# How long a worker's ready byte is waited for once its pipe broke: it is there or never will be.
_READY_PEEK_SECONDS = 0.1


class _Stopped(Exception):
    """The worker gave no whole reply: it ran past the deadline, or it exited; ``starting``: before
    it said it was ready (its imports or its memory cap failed, not the page)."""

    def __init__(self, timed_out: bool, *, starting: bool = False) -> None:
        super().__init__("timed out" if timed_out else "exited")
        self.timed_out = timed_out
        self.starting = starting


def _read_exactly(fd: int, count: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    remaining = count
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while remaining:
            left = deadline - time.monotonic()
            if left <= 0 or not selector.select(left):
                raise _Stopped(timed_out=True)
            chunk = os.read(fd, min(remaining, _READ_CHUNK))
            if not chunk:
                raise _Stopped(timed_out=False)
            chunks.append(chunk)
            remaining -= len(chunk)
    return b"".join(chunks)


class _Worker:
    """One child process running ``serve``."""

    def __init__(self, memory_mb: int) -> None:
        # The child imports what this process can: the same interpreter and import path. One
        # thread for numerical libraries: their per-thread buffers would count against the cap.
        environment = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(path for path in sys.path if path),
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tidings.extract.sandbox", str(memory_mb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=environment,
        )
        self.documents = 0
        self.ready = False

    def request(self, raw: RawDocument, timeout_s: float) -> tuple[Any, ...]:
        stdin, stdout = self.process.stdin, self.process.stdout
        if stdin is None or stdout is None:  # never: both are pipes (Popen above)
            raise _Stopped(timed_out=False)
        payload = pickle.dumps(raw, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            stdin.write(_LENGTH.pack(len(payload)) + payload)
            stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            # A worker gone before it said it was ready failed to start, whatever the page; one that
            # said so (its byte waiting in the pipe, unread) started and died on the page.
            raise _Stopped(timed_out=False, starting=not self.ready and not self._said_ready()) from exc
        if not self.ready:
            # Starting is not the page's time: the worker says when its imports are done.
            try:
                said = _read_exactly(stdout.fileno(), 1, time.monotonic() + _STARTUP_SECONDS)
            except _Stopped as stopped:
                raise _Stopped(stopped.timed_out, starting=True) from None
            if said != _READY:
                raise _Stopped(timed_out=False, starting=True)
            self.ready = True
        deadline = time.monotonic() + timeout_s
        (length,) = _LENGTH.unpack(_read_exactly(stdout.fileno(), _LENGTH.size, deadline))
        reply: tuple[Any, ...] = pickle.loads(_read_exactly(stdout.fileno(), length, deadline))
        return reply

    def _said_ready(self) -> bool:
        """Whether the worker's ready byte is in its pipe, read now (the worker has exited)."""
        stdout = self.process.stdout
        if stdout is None:  # never: a pipe (Popen above)
            return False
        try:
            return _read_exactly(stdout.fileno(), 1, time.monotonic() + _READY_PEEK_SECONDS) == _READY
        except _Stopped:
            return False

    def stop(self, *, exiting: bool = False) -> None:
        """Stop the process; ``exiting``: it closed its output, so it is given a moment to end
        by itself first, and its exit status is its own rather than the kill's."""
        if exiting:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=_EXIT_GRACE_SECONDS)
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):  # a request still buffered for a dead child
                    pipe.close()


class ExtractionSandbox:
    """``extract`` as ``tidings.extract.extract`` does it, in a worker process stopped after
    ``timeout_s``. Thread-safe: each call borrows an idle worker, or starts one."""

    def __init__(self, timeout_s: float, memory_mb: int = 0) -> None:
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()

    def extract(self, raw: RawDocument) -> Article:
        """The clean article in ``raw``, or the ``InputError`` that says why there is none."""
        with self._lock:
            worker = self._idle.pop() if self._idle else None
        if worker is None:
            worker = _Worker(self.memory_mb)
        try:
            reply = worker.request(raw, self.timeout_s)
        except _Stopped as stopped:
            worker.stop(exiting=not stopped.timed_out)
            raise self._stopped_error(raw, stopped, worker.process.returncode) from None
        except BaseException:
            worker.stop()
            raise
        worker.documents += 1
        if worker.documents >= MAX_DOCUMENTS_PER_WORKER:
            worker.stop()
        else:
            with self._lock:
                self._idle.append(worker)
        return _article_or_raise(reply, raw)

    def warm(self) -> None:
        """Start a worker now, when none is idle, so that the first page does not wait for one
        (a worker takes about a second to import the extraction stack; it does so in the background)."""
        with self._lock:
            if not self._idle:
                self._idle.append(_Worker(self.memory_mb))

    def close(self) -> None:
        """Stop every idle worker (a busy one exits when this process does: its pipe closes)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()

    def _stopped_error(self, raw: RawDocument, stopped: _Stopped, status: int | None) -> InputError:
        source = source_name(raw)
        if stopped.starting:
            return Unreadable(
                source,
                f"was not read: the extraction worker process could not start (exit status {status};"
                " its error is above); check TIDINGS_EXTRACT_MEMORY_MB and the installation",
            )
        if stopped.timed_out:
            return UnsafeInput(
                source,
                f"took more than {self.timeout_s:g} s to extract and was stopped (a page built to stall"
                " HTML parsers, or far too large); raise TIDINGS_EXTRACT_TIMEOUT_S to allow more",
            )
        return Unreadable(
            source, f"stopped the extraction process (it exited with status {status}); it was not read"
        )


def _article_or_raise(reply: tuple[Any, ...], raw: RawDocument) -> Article:
    kind = reply[0]
    if kind == "article":
        article: Article = reply[1]
        return article
    if kind == "refused":
        _, class_name, source, reason, attributes = reply
        error_class = getattr(errors, class_name, None)
        if not (isinstance(error_class, type) and issubclass(error_class, InputError)):
            error_class = InputError
        error = error_class.__new__(error_class)
        InputError.__init__(error, source, reason)
        for name, value in attributes.items():
            setattr(error, name, value)
        raise error
    # A bug in extraction, not a property of the input: logged with the worker's traceback.
    source = source_name(raw)
    log.error("extracting %s failed in the worker process:\n%s", source, reply[1])
    raise Unreadable(source, "could not be extracted (an internal error; see the log)")


def _reply_for(raw: RawDocument) -> tuple[Any, ...]:
    try:
        return ("article", extract(raw))
    except InputError as error:
        extra = {name: getattr(error, name) for name in ("size", "cap") if hasattr(error, name)}
        return ("refused", type(error).__name__, error.source, error.reason, extra)
    except MemoryError:
        return ("refused", "Unreadable", source_name(raw), OUT_OF_MEMORY, {})
    except Exception:  # reported to the parent, which logs it and skips the input
        return ("failed", traceback.format_exc())


def _read_request(stdin: BinaryIO) -> RawDocument | None:
    header = stdin.read(_LENGTH.size)
    if len(header) < _LENGTH.size:
        return None  # the parent closed the pipe: it has stopped, or is done with this worker
    (length,) = _LENGTH.unpack(header)
    raw: RawDocument = pickle.loads(stdin.read(length))  # written by our parent
    return raw


def serve(stdin: BinaryIO, stdout: BinaryIO) -> None:
    """The worker's loop: a request in, a reply out, until the parent closes standard input."""
    while (raw := _read_request(stdin)) is not None:
        payload = pickle.dumps(_reply_for(raw), protocol=pickle.HIGHEST_PROTOCOL)
        stdout.write(_LENGTH.pack(len(payload)) + payload)
        stdout.flush()


@functools.cache
def shared_sandbox(timeout_s: float, memory_mb: int = 0) -> ExtractionSandbox:
    """The process's sandbox for these limits; its workers are stopped when Python exits."""
    sandbox = ExtractionSandbox(timeout_s, memory_mb)
    atexit.register(sandbox.close)
    return sandbox


def _limit_memory(memory_mb: int) -> None:
    """Cap the worker's address space (RLIMIT_AS): past it, allocations fail (MemoryError, or a
    parser that says it cannot parse) and the page is refused, instead of the machine running out."""
    if memory_mb > 0:
        import resource  # noqa: PLC0415 -- POSIX only, as the workers are

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = address_space_cap(memory_mb * 1024 * 1024, (soft, hard), resource.RLIM_INFINITY)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def address_space_cap(wanted: int, current: tuple[int, int], unlimited: int) -> int:
    """The address-space limit to set: ``wanted``, or the limit the worker already has where that
    is lower (``current``: soft and hard, ``unlimited`` for none). A process may not raise its hard
    limit, and a shell's ``ulimit -v`` under the 2 GB default made every worker fail to start
    (review, 2026-12-07); a cap is never meant to raise one anyway. (A container's memory cap is a
    cgroup's, not an address-space limit: it is not seen here.)"""
    return min([wanted, *(limit for limit in current if limit != unlimited)])


def _main() -> None:
    # The replies own standard output: anything else written there (a library's print, C code)
    # goes to standard error instead. Ctrl-C is the parent's to handle; refusals and failures
    # travel in the replies, so the extraction stack's own logging is not wanted here.
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.disable(logging.CRITICAL)
    _limit_memory(int(sys.argv[1]) if len(sys.argv) > 1 else 0)

    replies.write(_READY)
    replies.flush()
    serve(sys.stdin.buffer, replies)


if __name__ == "__main__":
    _main()
