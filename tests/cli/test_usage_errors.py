"""Usage errors are one line on standard error naming the command and the parameter (exit status
2), as every other error is; ``--help`` and a bare ``tidings`` still show the help."""

from __future__ import annotations

import pytest
import typer

# Typer's own copy of Click (see tidings.cli.app).
from typer._click import Command
from typer.core import TyperGroup
from typer.testing import CliRunner

from tidings.cli.app import app


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (
            ["show", "0"],
            "tidings show: invalid value for 'article_id': Input should be greater than or equal to 1",
        ),
        (["show", "abc"], "tidings show: invalid value for 'article_id': Input should be a valid integer"),
        (["story", "x"], "tidings story: invalid value for 'story_id': Input should be a valid integer"),
        (["search", "--limit", "0", "putin"], "tidings search: invalid value for '--limit'"),
        (["articles", "--limit", "0"], "tidings articles: invalid value for '--limit'"),
        (["cluster", "somefile"], "tidings cluster: got unexpected extra argument(s) (somefile)"),
        (["show", "--json"], "tidings show: missing argument 'article_id'"),
        (["sources", "set", "--resume"], "tidings sources set: missing argument 'source_id'"),
        (["articles", "--bogus"], "tidings articles: no such option: --bogus"),
        (["no-such-command"], "tidings: no such command 'no-such-command'"),
    ],
)
def test_a_usage_error_is_one_line_naming_the_command_and_parameter(
    runner: CliRunner, arguments: list[str], said: str
) -> None:
    result = runner.invoke(app, arguments)
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(said), line
    command = said.split(":", maxsplit=1)[0]
    assert line.endswith(f"; see `{command} --help`")
    assert "╭" not in result.stderr
    assert "Usage:" not in result.stderr


def test_help_still_shows_the_usage_panel(runner: CliRunner) -> None:
    for arguments in (["show", "--help"], []):
        result = runner.invoke(app, arguments)
        assert "Usage: tidings" in result.output
        assert result.exit_code in {0, 2}
    assert runner.invoke(app, ["show", "--help"]).exit_code == 0


def test_cluster_says_so_when_its_input_holds_no_articles(runner: CliRunner) -> None:
    for given in ("", "\n\n"):
        result = runner.invoke(app, ["cluster"], input=given)
        assert result.exit_code == 0
        assert result.stdout == ""
        assert result.stderr.startswith("tidings: 0 placed: standard input held no article lines")


def _commands(command: Command, path: list[str]) -> list[tuple[list[str], Command]]:
    if isinstance(command, TyperGroup):
        return [found for name, sub in command.commands.items() for found in _commands(sub, [*path, name])]
    return [(path, command)]


def _commands_with_a_required_argument() -> list[list[str]]:
    every = _commands(typer.main.get_command(app), [])
    return [path for path, command in every if any(parameter.required for parameter in command.params)]


def test_the_commands_that_need_an_argument_are_known() -> None:
    # So that the test below covers them all, a command added later included.
    assert {" ".join(path) for path in _commands_with_a_required_argument()} >= {
        "extract", "add", "show", "search", "subscribe", "import-opml", "story", "entity", "related",
        "summary", "sources set", "sources refresh", "sources remove",
    }  # fmt: skip


@pytest.mark.parametrize("path", _commands_with_a_required_argument(), ids=" ".join)
def test_a_command_run_bare_shows_its_help_as_the_docs_say(runner: CliRunner, path: list[str]) -> None:
    # Audit: docs/cli.md says a command run bare shows its help; only `tidings` did, the others
    # said "missing argument" in one line.
    result = runner.invoke(app, path)
    assert result.exit_code == 2
    assert f"Usage: tidings {' '.join(path)} [OPTIONS]" in result.output
    assert "missing argument" not in result.output
