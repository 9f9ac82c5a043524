"""Content-Encoding decoding (gzip, deflate, brotli) that never produces more than a cap.

httpx decodes a whole network chunk at once, and one 64 KB gzip chunk can inflate to 66 MB
(brotli far more); a compression bomb would be in memory before any size check. Here every
decoder is asked for at most the bytes still allowed (zlib's ``max_length``, brotli 1.2's
``output_buffer_limit``), so memory stays bounded by the cap whatever the server sends.
"""

from __future__ import annotations

import zlib
from typing import Protocol

import brotli

__all__ = ["BoundedDecoder", "OverCap"]


class OverCap(Exception):
    """The body passed its cap (raw or decoded)."""


class _Decoder(Protocol):
    def decode(self, data: bytes, limit: int) -> bytes: ...


class _ZlibDecoder:
    def __init__(self, gzip: bool) -> None:
        self._gzip = gzip
        self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 16 if gzip else zlib.MAX_WBITS)
        self._first = True

    def decode(self, data: bytes, limit: int) -> bytes:
        try:
            out = self._inflater.decompress(data, limit + 1)
        except zlib.error:
            if self._gzip or not self._first:
                raise
            # Some servers send raw deflate without the zlib header under "deflate".
            self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self._inflater.decompress(data, limit + 1)
        self._first = False
        return out


class _BrotliDecoder:
    def __init__(self) -> None:
        self._decompressor = brotli.Decompressor()

    def decode(self, data: bytes, limit: int) -> bytes:
        return bytes(self._decompressor.process(data, output_buffer_limit=limit + 1))


class BoundedDecoder:
    """Content-Encoding decoding that never produces more than ``cap`` bytes in all."""

    def __init__(self, content_encoding: str | None, cap: int) -> None:
        self._cap = cap
        self.produced = 0
        self._decoders: list[_Decoder] = []
        for name in reversed([part.strip().lower() for part in (content_encoding or "").split(",")]):
            if name in {"gzip", "x-gzip"}:
                self._decoders.append(_ZlibDecoder(gzip=True))
            elif name == "deflate":
                self._decoders.append(_ZlibDecoder(gzip=False))
            elif name == "br":
                self._decoders.append(_BrotliDecoder())
            elif name not in {"", "identity"}:
                raise ValueError(f"unsupported content encoding {name!r}")

    def feed(self, chunk: bytes) -> bytes:
        data = chunk
        for decoder in self._decoders:
            data = decoder.decode(data, self._cap - self.produced)
        self.produced += len(data)
        if self.produced > self._cap:
            raise OverCap
        return data
