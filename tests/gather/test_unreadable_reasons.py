"""What a file with no text, or a link to no file, is said to be: the reason names what is wrong with
it, not a neighbouring case ("is empty", "does not exist")."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.errors import Unreadable
from tidings.gather.decode import decode_document
from tidings.gather.files import read_local


@pytest.mark.parametrize(
    ("body", "encoding"),
    [(b"\xff\xfe\x00", "UTF-16-LE"), (b"\xfe\xff\x00", "UTF-16-BE"), (b"\xef\xbb\xbf\xe2\x82", "UTF-8")],
)
def test_a_byte_order_mark_before_part_of_a_character_is_truncated_not_empty(
    body: bytes, encoding: str
) -> None:
    with pytest.raises(Unreadable) as raised:
        decode_document(body, source="x.txt")
    assert raised.value.reason.startswith(f"is truncated: after its {encoding} byte-order mark"), (
        raised.value.reason
    )


@pytest.mark.parametrize("body", [b"", b"  \n", b"\xff\xfe", b"\xff\xfe \x00"])
def test_a_file_of_no_characters_is_still_empty(body: bytes) -> None:
    with pytest.raises(Unreadable) as raised:
        decode_document(body, source="x.txt")
    assert raised.value.reason == "is empty"


def test_a_dangling_symbolic_link_is_named_as_one(tmp_path: Path) -> None:
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    with pytest.raises(Unreadable) as raised:
        read_local(str(link), max_bytes=1_000)
    assert raised.value.reason == f"is a symbolic link to a missing file ({tmp_path / 'gone.txt'})"
    with pytest.raises(Unreadable) as missing:
        read_local(str(tmp_path / "gone.txt"), max_bytes=1_000)
    assert missing.value.reason == "does not exist"
