"""Every command explains itself (`--help` with an example) and is documented in the README."""

from __future__ import annotations

import typer.main

from jimcode.cli import app
from tests.conftest import ROOT


def all_commands() -> list[tuple[str, ...]]:
    """Paths of every command and sub-command, e.g. ('export', 'codebook')."""
    found: list[tuple[str, ...]] = []

    def visit(command, path: tuple[str, ...]) -> None:
        children = getattr(command, "commands", None)
        if children:
            for name, child in children.items():
                visit(child, (*path, name))
        elif path:
            found.append(path)

    visit(typer.main.get_command(app), ())
    return found


def test_there_are_commands():
    assert ("validate",) in all_commands()


def test_every_command_has_help_with_an_example(run):
    for path in all_commands():
        result = run(*path, "--help")
        assert result.exit_code == 0, path
        assert "Example" in result.stdout, f"`jimcode {' '.join(path)} --help` shows no example"


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text("utf-8")
    missing = [" ".join(path) for path in all_commands() if f"jimcode {' '.join(path)}" not in readme]
    assert missing == []


def test_no_arguments_shows_help(run):
    result = run()
    assert result.exit_code in (0, 2)
    assert "Usage" in result.output
