"""The CLI's shared writers (``tidings.cli.app``): JSON Lines as every command writes them."""

from __future__ import annotations

import io
import sys

import pytest

from tidings.cli.app import write_json_line


def test_json_lines_escape_the_unicode_line_ends_and_lone_surrogates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Raw in a line, U+2028 and U+0085 end it for a reader that splits with str.splitlines
    # (review, 2026-12-07); a lone surrogate cannot be written as UTF-8 at all.
    write_json_line({"id": "\ud800", "title": "a\u2028b\x85c", "outlet": "café"})
    out = capsys.readouterr().out
    assert out == '{"id": "\\ud800", "title": "a\\u2028b\\u0085c", "outlet": "café"}\n'
    assert len(out.splitlines()) == 1


def test_json_lines_are_ascii_escapes_where_standard_output_is_not_utf8(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # PYTHONIOENCODING=ascii: a non-ASCII id stopped `tidings cluster` with a traceback (review,
    # 2026-12-07).
    written = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(written, encoding="ascii"))
    write_json_line({"id": "café-1", "story": 1})
    sys.stdout.flush()
    assert written.getvalue() == b'{"id": "caf\\u00e9-1", "story": 1}\n'
