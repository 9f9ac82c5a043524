"""gather_paths and gather_bytes: files, folders, standard input, caps and bad inputs."""

from __future__ import annotations

import gzip
import io
import logging
import os
import shutil
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tidings.errors import InputError, NotAnArticle, TooLarge, Unreadable, UnsafeInput
from tidings.gather import GatherResult, count_files, gather_bytes, gather_paths
from tidings.gather.files import read_local
from tidings.model import RawDocument

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
CAP = 1_000_000
PAGE = "<!DOCTYPE html><html><head><title>{0}</title></head><body><p>{0}</p></body></html>"
STORY = "Council approves the bridge\n\nBy Ana Lima\n\nThe council voted on Monday. Café owners cheered.\n"


def gather(*paths: str | Path, stdin: io.BytesIO | None = None, max_bytes: int = CAP) -> list[GatherResult]:
    return list(gather_paths([str(path) for path in paths], max_bytes=max_bytes, now=NOW, stdin=stdin))


def documents(results: list[GatherResult]) -> list[RawDocument]:
    return [result for result in results if isinstance(result, RawDocument)]


def errors(results: list[GatherResult]) -> list[InputError]:
    return [result for result in results if isinstance(result, InputError)]


def test_an_html_file_becomes_one_document(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE.format("Bridge"), encoding="utf-8")
    [document] = gather(page)
    assert isinstance(document, RawDocument)
    assert document.media_type == "text/html"
    assert document.body == PAGE.format("Bridge")
    assert document.provenance.kind == "file"
    assert document.provenance.locator == str(page)
    assert document.provenance.entry_key is None
    assert document.url is None
    assert document.fetched_at == NOW


def test_a_plain_text_save_becomes_one_text_document(tmp_path: Path) -> None:
    saved = tmp_path / "story.txt"
    saved.write_bytes(STORY.encode("utf-8"))
    [document] = gather(saved)
    assert isinstance(document, RawDocument)
    assert document.media_type == "text/plain"
    assert document.body == STORY


def test_a_feed_file_becomes_one_document_per_entry(tmp_path: Path) -> None:
    feed = tmp_path / "tribune.xml"
    shutil.copy(FIXTURES / "gather" / "rss20-news.xml", feed)
    found = documents(gather(feed))
    assert len(found) == 3
    assert {document.provenance.kind for document in found} == {"feed"}
    # The file path, not the self URL the document claims, names the feed.
    assert {document.provenance.locator for document in found} == {str(feed)}
    assert found[0].provenance.entry_key == "tribune-48213"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (STORY, "cp1252"),
        (STORY, "latin-1"),
        (STORY, "utf-16"),
        (STORY, "utf-16-le"),
        (STORY, "utf-16-be"),
        (STORY, "utf-8-sig"),
    ],
)
def test_text_in_legacy_and_wide_encodings_is_read(tmp_path: Path, text: str, encoding: str) -> None:
    saved = tmp_path / "story.txt"
    saved.write_bytes((text * 3).encode(encoding))
    [document] = gather(saved)
    assert isinstance(document, RawDocument)
    assert document.body == text * 3


def test_a_page_misdeclared_as_utf8_is_read(tmp_path: Path) -> None:
    page = '<html><head><meta charset="utf-8"></head><body><p>Le café a fermé, « hélas ».</p></body></html>'
    saved = tmp_path / "page.html"
    saved.write_bytes(page.encode("cp1252"))
    [document] = gather(saved)
    assert isinstance(document, RawDocument)
    assert document.body == page


def test_bad_files_each_give_one_line_naming_the_file_and_the_batch_goes_on(tmp_path: Path) -> None:
    good_before = tmp_path / "a-good.html"
    good_before.write_text(PAGE.format("First"))
    empty = tmp_path / "b-empty.html"
    empty.write_bytes(b"")
    binary = tmp_path / "c-report.pdf"
    binary.write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    huge = tmp_path / "d-huge.html"
    huge.write_bytes(b"<p>" + b"x" * (CAP + 10))
    truncated_gzip = tmp_path / "e-page.html.gz"
    truncated_gzip.write_bytes(gzip.compress(PAGE.format("Cut").encode())[:-10])
    missing = tmp_path / "f-missing.html"
    bomb = tmp_path / "g-bomb.xml"
    shutil.copy(FIXTURES / "attack-vectors" / "xml" / "feed-shaped" / "rss-billion-laughs.xml", bomb)
    good_after = tmp_path / "h-good.txt"
    good_after.write_text(STORY)

    results = gather(good_before, empty, binary, huge, truncated_gzip, missing, bomb, good_after)

    assert [type(result) for result in results] == [
        RawDocument,
        Unreadable,
        Unreadable,
        TooLarge,
        Unreadable,
        Unreadable,
        UnsafeInput,
        RawDocument,
    ]
    messages = [str(error) for error in errors(results)]
    assert messages == [
        f"{empty}: is empty",
        f"{binary}: is a PDF document, not a web page, feed or text",
        f"{huge}: is {CAP + 13:,} bytes, over the {CAP:,}-byte cap "
        "(raise TIDINGS_MAX_DOCUMENT_BYTES to accept it)",
        f"{truncated_gzip}: is gzip-compressed but cut short; re-download or re-save it",
        f"{missing}: does not exist",
        f"{bomb}: declares the XML entity 'lol1' in terms of other entities, "
        "the shape of an entity-expansion bomb; refused",
    ]
    assert all("\n" not in message for message in messages)


def test_a_file_over_the_cap_is_refused_without_being_read(tmp_path: Path) -> None:
    sparse = tmp_path / "sparse.html"
    with sparse.open("wb") as handle:
        handle.truncate(50 * 1024**3)  # 50 GB of holes: reading it would take minutes
    [refused] = gather(sparse)
    assert isinstance(refused, TooLarge)
    assert refused.size == 50 * 1024**3


def test_a_gzip_compressed_feed_is_inflated(tmp_path: Path) -> None:
    compressed = tmp_path / "feed.xml.gz"
    compressed.write_bytes(gzip.compress((FIXTURES / "gather" / "atom10-news.xml").read_bytes()))
    assert len(documents(gather(compressed))) == 2


def test_other_kinds_of_document_are_refused_with_advice(tmp_path: Path) -> None:
    opml = tmp_path / "subscriptions.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><head/><body/></opml>')
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>')
    empty_feed = tmp_path / "empty.rss"
    empty_feed.write_text('<rss version="2.0"><channel><title>Nothing</title></channel></rss>')
    results = gather(opml, sitemap, empty_feed)
    assert all(isinstance(result, NotAnArticle) for result in results)
    assert [str(result) for result in results] == [
        f"{opml}: is an OPML subscription list, not an article or a feed; add its feeds as sources instead",
        f"{sitemap}: is a sitemap (a list of page addresses), not an article or a feed; "
        "fetch the pages it lists instead",
        f"{empty_feed}: is a feed with no entries; there is nothing to add",
    ]


def test_standard_input_is_read_as_bytes() -> None:
    [document] = gather("-", stdin=io.BytesIO(STORY.encode("cp1252")))
    assert isinstance(document, RawDocument)
    assert document.body == STORY
    assert document.provenance.locator == "-"


def test_standard_input_over_the_cap_is_refused_with_its_size() -> None:
    [refused] = gather("-", stdin=io.BytesIO(b"x" * 5_000), max_bytes=1_000)
    assert isinstance(refused, TooLarge)
    assert str(refused).startswith("-: is 5,000 bytes, over the 1,000-byte cap")


def test_a_named_pipe_is_read_under_the_cap(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)

    def write() -> None:
        with pipe.open("wb") as handle:
            handle.write(PAGE.format("Piped").encode())

    writer = threading.Thread(target=write)
    writer.start()
    [document] = gather(pipe)
    writer.join()
    assert isinstance(document, RawDocument)
    assert "Piped" in document.body


def test_a_device_is_refused() -> None:
    [refused] = gather("/dev/null")
    assert isinstance(refused, Unreadable)
    assert "not a regular file" in str(refused)


def build_folder(root: Path) -> None:
    (root / "b-section").mkdir(parents=True)
    (root / "a.html").write_text(PAGE.format("A"))
    (root / "b-section" / "c.txt").write_text(STORY)
    (root / "b-section" / "d.html").write_text(PAGE.format("D"))
    (root / "e.txt").write_text(STORY)
    (root / ".hidden.html").write_text(PAGE.format("hidden"))
    (root / ".git").mkdir()
    (root / ".git" / "config.html").write_text(PAGE.format("git"))
    (root / "Saved_files").mkdir()
    (root / "Saved_files" / "ad.html").write_text(PAGE.format("ad"))
    (root / "Saved.htm").write_text(PAGE.format("Saved"))
    (root / "style.css").write_text("p { color: red }")
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0JFIF")
    (root / "notes.pdf").write_bytes(b"%PDF-1.4\n")


def test_folders_are_walked_in_a_stable_name_order_passing_over_hidden_and_asset_files(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    build_folder(tmp_path / "news")
    caplog.set_level(logging.INFO, logger="tidings.gather.files")
    results = gather(tmp_path / "news")
    names = [Path(result.provenance.locator).name for result in documents(results)]
    assert names == ["Saved.htm", "a.html", "c.txt", "d.html", "e.txt"]
    assert [str(error) for error in errors(results)] == [
        f"{tmp_path / 'news' / 'notes.pdf'}: is a PDF document, not a web page, feed or text"
    ]
    assert "2 hidden entries" in caplog.text
    assert "2 style, script, image, font or media files" in caplog.text
    assert "1 folders of saved-page assets" in caplog.text


def test_a_folders_notes_about_itself_are_passed_over_but_read_when_named(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # As ../shared/seeds/ is laid out: saved pages beside a README.md that describes them.
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "README.md").write_text("# The reference case\n\nTwo outlets' coverage of one event.\n")
    (folder / "LICENSE").write_text("These pages are kept here as test material only.\n")
    (folder / "story.txt").write_text(STORY)
    (folder / "readme-of-the-week.txt").write_text(STORY)
    caplog.set_level(logging.INFO, logger="tidings.gather.files")
    walked = gather(folder)
    assert [Path(result.provenance.locator).name for result in documents(walked)] == [
        "readme-of-the-week.txt",
        "story.txt",
    ]
    assert errors(walked) == []
    assert "2 notes about the folder (README, LICENSE …)" in caplog.text
    assert count_files([str(folder)]) == 2
    named = gather(folder / "README.md")
    assert [Path(result.provenance.locator).name for result in documents(named)] == ["README.md"]


def test_files_are_counted_first_and_announced_as_each_is_read(tmp_path: Path) -> None:
    build_folder(tmp_path / "news")
    single = tmp_path / "single.txt"
    single.write_text(STORY)
    paths = [str(tmp_path / "news"), str(single)]
    events: list[tuple[str, str]] = []

    for result in gather_paths(
        paths, max_bytes=CAP, now=NOW, on_file=lambda name: events.append(("start", name))
    ):
        name = result.provenance.locator if isinstance(result, RawDocument) else result.source
        events.append(("result", name))

    started = [name for event, name in events if event == "start"]
    assert [Path(name).name for name in started] == [
        "Saved.htm", "a.html", "c.txt", "d.html", "e.txt", "notes.pdf", "single.txt"
    ]  # fmt: skip
    assert count_files(paths) == len(started)
    # Each file is announced just before its own results, after the results of the file before it.
    assert events == [event for name in started for event in (("start", name), ("result", name))]
    assert count_files([*paths, "-"]) is None


def test_symbolic_link_loops_are_reported_and_walking_goes_on(tmp_path: Path) -> None:
    root = tmp_path / "news"
    (root / "inner").mkdir(parents=True)
    (root / "inner" / "story.txt").write_text(STORY)
    (root / "inner" / "up").symlink_to(root, target_is_directory=True)
    (root / "self").symlink_to(root / "self")
    (root / "dangling").symlink_to(root / "nowhere")
    (root / "same").symlink_to(root / "inner", target_is_directory=True)
    results = gather(root)
    assert [document.provenance.locator for document in documents(results)] == [
        str(root / "inner" / "story.txt")
    ]
    assert [str(error) for error in errors(results)] == [
        # As a link given by name is named (docs/cli.md): with where it points.
        f"{root / 'dangling'}: is a symbolic link to a missing file ({root / 'nowhere'})",
        f"{root / 'inner' / 'up'}: is a symbolic link back to a folder that contains it; skipped",
        f"{root / 'self'}: is a symbolic link loop",
    ]


def test_a_folder_with_nothing_to_read_is_named_not_passed_in_silence(tmp_path: Path) -> None:
    # "0 added" alone did not say that a (wrongly given) folder held nothing to look at.
    empty = tmp_path / "empty"
    empty.mkdir()
    notes_only = tmp_path / "notes"
    notes_only.mkdir()
    (notes_only / "README.md").write_text("# Saved pages go here\n")
    assert [str(error) for error in errors(gather(empty))] == [f"{empty}: is a folder with no files to read"]
    assert [str(error) for error in errors(gather(notes_only))] == [
        f"{notes_only}: is a folder with no files to read "
        "(it passed over 1 notes about the folder (README, LICENSE …))"
    ]


def test_a_named_pipe_in_a_folder_is_named_not_waited_on(tmp_path: Path) -> None:
    root = tmp_path / "news"
    root.mkdir()
    (root / "story.txt").write_text(STORY)
    os.mkfifo(root / "pipe.html")  # opening it would wait for a writer that never comes
    results = gather(root)
    assert [document.provenance.locator for document in documents(results)] == [str(root / "story.txt")]
    assert [str(error) for error in errors(results)] == [
        f"{root / 'pipe.html'}: is not a regular file (a named pipe, socket or device);"
        " a folder's regular files are read, give it by name to read it"
    ]


def test_a_file_name_that_is_not_utf8_is_named_with_its_bytes_escaped(tmp_path: Path) -> None:
    # Python keeps the byte 0xff of this name as a lone surrogate, which no database stores.
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text(STORY)
    [document] = gather(tmp_path / name)
    assert isinstance(document, RawDocument)
    assert document.provenance.locator == f"{tmp_path}/caf\\xe9.txt"
    assert document.provenance.locator.encode("utf-8")


def test_a_file_name_with_control_characters_is_named_in_one_line_and_stored_as_it_is(
    tmp_path: Path,
) -> None:
    # Before: a message naming "new\nline.txt" was two lines, the second starting "line.txt: ".
    name = "new\nline\t\x1b[31m.txt"
    (tmp_path / name).write_text(STORY)
    [document] = gather(tmp_path / name)
    assert isinstance(document, RawDocument)
    assert document.provenance.locator == f"{tmp_path}/{name}"
    (tmp_path / "empty\n.html").write_bytes(b"")
    (tmp_path / "link\u2028.html").symlink_to(tmp_path / "gone\r.html")
    messages = [
        str(error) for error in errors(gather(tmp_path / "empty\n.html", tmp_path / "link\u2028.html"))
    ]
    assert messages == [
        f"{tmp_path}/empty\\x0a.html: is empty",
        f"{tmp_path}/link\\u2028.html: is a symbolic link to a missing file ({tmp_path}/gone\\x0d.html)",
    ]


def test_read_local_reads_one_file_under_the_cap_and_names_what_it_refuses(tmp_path: Path) -> None:
    small = tmp_path / "list.opml"
    small.write_bytes(b"<opml/>")
    assert read_local(str(small), max_bytes=100) == (str(small), b"<opml/>")
    assert read_local("-", max_bytes=100, stdin=io.BytesIO(b"<opml/>")) == ("-", b"<opml/>")
    with pytest.raises(TooLarge, match=r"list\.opml: is 7 bytes, over the 5-byte cap"):
        read_local(str(small), max_bytes=5)
    with pytest.raises(Unreadable, match=r"^/dev/zero: is not a regular file"):
        read_local("/dev/zero", max_bytes=100)
    with pytest.raises(Unreadable, match=r"gone\.opml: does not exist"):
        read_local(str(tmp_path / "gone.opml"), max_bytes=100)


def test_an_unreadable_file_is_reported(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads files whatever their permissions")
    locked = tmp_path / "locked.html"
    locked.write_text(PAGE.format("locked"))
    locked.chmod(0)
    [refused] = gather(locked)
    assert str(refused) == f"{locked}: cannot be read: permission denied"


def test_gather_bytes_reads_a_pasted_page_with_its_url() -> None:
    [document] = gather_bytes(
        PAGE.format("Pasted").encode("cp1252"),
        locator="pasted page",
        kind="paste",
        url="https://news.example/pasted",
        content_type="text/html; charset=windows-1252",
        max_bytes=CAP,
        now=NOW,
    )
    assert document.provenance.kind == "paste"
    assert document.provenance.locator == "pasted page"
    assert document.url == "https://news.example/pasted"


def test_gather_bytes_keeps_only_http_urls() -> None:
    [document] = gather_bytes(
        b"Some text",
        locator="x",
        kind="paste",
        url="javascript:alert(1)",
        content_type=None,
        max_bytes=CAP,
        now=NOW,
    )
    assert document.url is None


def test_gather_bytes_reads_a_fetched_feed_entry_by_entry(caplog: pytest.LogCaptureFixture) -> None:
    found = gather_bytes(
        (FIXTURES / "gather" / "jsonfeed11-news.json").read_bytes(),
        locator="https://daily.example/feed.json",
        kind="url",
        url="https://daily.example/feed.json",
        content_type="application/feed+json",
        max_bytes=CAP,
        now=NOW,
    )
    assert [document.provenance.locator for document in found] == ["https://daily.example/feed.json"] * 3
    # The feed's one item that is not an object (a string) is refused by name, as entries are here.
    assert [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING] == [
        "https://daily.example/feed.json [item 3]: is a JSON Feed item that is a string, not an object;"
        " it cannot be read as an entry"
    ]


def test_gather_bytes_raises_for_unusable_content() -> None:
    with pytest.raises(TooLarge):
        gather_bytes(b"x" * 11, locator="x", kind="paste", url=None, content_type=None, max_bytes=10, now=NOW)
    with pytest.raises(Unreadable, match=r"^x: is empty$"):
        gather_bytes(b"   ", locator="x", kind="paste", url=None, content_type=None, max_bytes=10, now=NOW)
