"""Usage errors are one line on standard error naming the command and the parameter (exit status
2), as every other error is; ``--help`` and a bare ``tidings`` still show the help."""

from __future__ import annotations

import pytest
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
        (["show"], "tidings show: missing argument 'article_id'"),
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
