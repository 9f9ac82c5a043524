"""The command reference in ``docs/cli.md``, generated from the commands themselves.

``render_cli_markdown`` walks the command tree that Typer builds and writes each command's usage,
help and options; ``tidings config --cli-markdown`` prints it and a test keeps the document in
step, so a command cannot be added, renamed or given an option without the docs following.
"""

from __future__ import annotations

import re
from typing import Any

import typer
from typer.core import TyperGroup, TyperOption

from tidings.cli.app import app

__all__ = ["render_cli_markdown"]


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _option_row(parameter: Any) -> str:
    if isinstance(parameter, TyperOption):
        names = ", ".join(f"`{name}`" for name in [*parameter.opts, *parameter.secondary_opts])
        default = parameter.default
        shown = not parameter.is_flag and default not in (None, False, (), [])
        suffix = f" (default: `{default}`)" if shown else ""
        return f"| {names} | {_cell(parameter.help or '')}{suffix} |"
    name = (parameter.name or "").upper()
    return f"| `{name}` | {_cell(getattr(parameter, 'help', None) or '')} |"


def _command_section(command: Any, path: list[str], level: int) -> list[str]:
    context = typer.Context(command, info_name=" ".join(path))
    lines = [f"{'#' * level} `{' '.join(path)}`", ""]
    help_text = (command.help or "").strip()
    if help_text:
        lines += [help_text, ""]
    usage = re.sub(
        r"\{(\w+)\}", lambda name: name.group(1).upper(), " ".join(command.collect_usage_pieces(context))
    )
    lines += ["```", f"{' '.join(path)} {usage}".rstrip(), "```", ""]
    parameters = [parameter for parameter in command.get_params(context) if parameter.name != "help"]
    if parameters:
        lines += ["| argument or option | meaning |", "| --- | --- |"]
        lines += [_option_row(parameter) for parameter in parameters]
        lines.append("")
    if isinstance(command, TyperGroup):
        for name in sorted(command.commands):
            lines += _command_section(command.commands[name], [*path, name], level + 1)
    return lines


def render_cli_markdown() -> str:
    """Every command, in the order ``tidings --help`` lists them, as Markdown sections."""
    root = typer.main.get_command(app)
    assert isinstance(root, TyperGroup)
    lines: list[str] = []
    for name in root.list_commands(typer.Context(root)):
        lines += _command_section(root.commands[name], ["tidings", name], 3)
    return "\n".join(lines).rstrip() + "\n"
