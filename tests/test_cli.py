"""Every command has help, and the help names what it does (a thin shell over the API)."""

from __future__ import annotations

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from newswatch.cli import app


def all_commands() -> list[tuple[str, ...]]:
    root = get_command(app)
    found: list[tuple[str, ...]] = []

    def walk(group, prefix: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
        for name, cmd in getattr(group, "commands", {}).items():
            found.append((*prefix, name))
            walk(cmd, (*prefix, name))

    walk(root, ())
    return found


def test_expected_commands_exist() -> None:
    names = {" ".join(c) for c in all_commands()}
    assert {"normalize", "backfill", "detect", "claims", "extract", "run", "db", "db upgrade"} <= names


@pytest.mark.parametrize("command", all_commands(), ids=" ".join)
def test_every_command_has_help(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    cmd = get_command(app)
    for part in command:
        cmd = cmd.commands[part]  # type: ignore[attr-defined]
    assert cmd.help and len(cmd.help.strip()) > 15, f"{command} has no help text"


def test_root_help_lists_commands() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0 and "backfill" in result.output and "detect" in result.output
