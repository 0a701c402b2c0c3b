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
