"""The gather stage: sources → ``RawDocument``s.

Local inputs (``files``: files, folders, standard input, bytes in hand) and the network
(``fetch``) both end in the same readers: ``decode`` (bytes → text), ``detect`` (what a
document is), ``feeds`` (a feed → one document per entry, through ``xmlsafety`` for XML).
A refused input is an ``InputError`` value, so a batch reports it and goes on.
"""

from __future__ import annotations

from tidings.gather.decode import decode_document
from tidings.gather.detect import DocumentKind, detect_kind
from tidings.gather.feeds import parse_feed
from tidings.gather.files import STDIN, FileStarted, GatherResult, count_files, gather_bytes, gather_paths

__all__ = [
    "STDIN",
    "DocumentKind",
    "FileStarted",
    "GatherResult",
    "count_files",
    "decode_document",
    "detect_kind",
    "gather_bytes",
    "gather_paths",
    "parse_feed",
]
