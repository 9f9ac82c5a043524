"""The documents say what the code does: every setting and every command is documented."""

from __future__ import annotations

from pathlib import Path

from tidings.cli.reference import render_cli_markdown
from tidings.config import render_settings_markdown

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _generated_part(document: Path) -> str:
    text = document.read_text(encoding="utf-8")
    start = text.index("-->\n", text.index("<!-- generated:")) + len("-->\n")
    return text[start : text.index("<!-- end generated -->")]


def test_configuration_doc_has_the_current_settings_table() -> None:
    """Regenerate with `tidings config --markdown` after adding or changing a setting."""
    assert _generated_part(DOCS / "configuration.md") == render_settings_markdown()


def test_cli_doc_has_the_current_command_reference() -> None:
    """Regenerate with `tidings config --cli-markdown` after adding or changing a command."""
    assert _generated_part(DOCS / "cli.md") == render_cli_markdown()


def test_docs_index_links_resolve() -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    for name in ("architecture.md", "configuration.md", "cli.md", "benchmarks.md"):
        assert f"docs/{name}" in readme
        assert (DOCS / name).is_file()
