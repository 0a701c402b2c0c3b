"""Every command explains itself (`--help` with an example) and is documented in the README."""

from __future__ import annotations

import importlib.util

from tests.conftest import ROOT


def _reference_script():
    spec = importlib.util.spec_from_file_location("make_cli_reference", ROOT / "docs" / "make_cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REFERENCE = _reference_script()
all_commands = REFERENCE.all_commands


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


def test_the_cli_reference_is_generated_from_the_current_help():
    on_disk = (ROOT / "docs" / "cli-reference.md").read_text("utf-8")
    assert on_disk == REFERENCE.reference(), "run: python docs/make_cli_reference.py"
    for path in all_commands():
        assert f"## jimcode {' '.join(path)}\n" in on_disk


def test_help_wraps_whole_paragraphs_at_80_columns():
    """At 80 columns a docstring's own line breaks (written at 100) would cut sentences in two."""
    from typer.testing import CliRunner

    from jimcode.cli import app

    env = {"NO_COLOR": "1", "COLUMNS": "80", "TERM": "dumb"}
    result = CliRunner().invoke(app, ["export", "csv", "--help"], env=env, prog_name="jimcode")
    assert result.exit_code == 0
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    start = lines.index(" codings.csv has one row per (case, segment, code), with coder, speaker,")
    assert lines[start : start + 6] == [
        " codings.csv has one row per (case, segment, code), with coder, speaker,",
        " research question and the case attributes; cases.csv one row per record with",
        " every attribute and hypothesis verdict; evidence.csv one row per piece of",
        " hypothesis evidence. Column names are in the README. Records still in progress",
        " are exported and named in a warning; --complete-only leaves them out.",
        "",
    ]
    import typer.main

    root = typer.main.get_command(app)
    ctx = root.make_context("jimcode", [], resilient_parsing=True)
    for path in all_commands():  # every paragraph of every command is one line for rich to wrap
        command = root
        for name in path:
            command = command.get_command(ctx, name)
        paragraphs = command.help.split("\n\n")
        assert [p for p in paragraphs if "\n" in p] == [], path
