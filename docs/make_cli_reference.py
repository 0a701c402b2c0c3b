"""Write docs/cli-reference.md from the commands' own `--help` (run after changing a command).

`python docs/make_cli_reference.py` rewrites the file; `--check` exits 1 when it is out of
date (the test suite runs the check, so the reference never drifts from the code).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import typer.main
from typer.testing import CliRunner

from jimcode.cli import app

REFERENCE = Path(__file__).with_name("cli-reference.md")


def all_commands() -> list[tuple[str, ...]]:
    """Paths of every command and sub-command, in the order `jimcode --help` lists them."""
    found: list[tuple[str, ...]] = []

    def visit(command: object, path: tuple[str, ...], ctx: object) -> None:
        names = command.list_commands(ctx) if hasattr(command, "list_commands") else []  # type: ignore[attr-defined]
        for name in names:
            visit(command.get_command(ctx, name), (*path, name), ctx)  # type: ignore[attr-defined]
        if not names and path:
            found.append(path)

    root = typer.main.get_command(app)
    visit(root, (), root.make_context("jimcode", [], resilient_parsing=True))
    return found


def help_text(path: tuple[str, ...]) -> str:
    runner = CliRunner()
    env = {"NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb"}
    result = runner.invoke(app, [*path, "--help"], env=env, prog_name="jimcode")
    if result.exit_code != 0:
        raise SystemExit(f"jimcode {' '.join(path)} --help failed: {result.output}")
    return "\n".join(line.rstrip() for line in result.stdout.strip("\n").splitlines())


def reference() -> str:
    parts = [
        "# Command reference",
        "",
        "Generated from each command's `--help` by `python docs/make_cli_reference.py`; do not edit by hand.",
        "",
        "```text",
        help_text(()),
        "```",
    ]
    for path in all_commands():
        parts += ["", f"## jimcode {' '.join(path)}", "", "```text", help_text(path), "```"]
    return "\n".join(parts) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 when the reference is out of date")
    args = parser.parse_args()
    os.environ.setdefault("NO_COLOR", "1")
    text = reference()
    if args.check:
        current = REFERENCE.read_text("utf-8") if REFERENCE.exists() else ""
        if current != text:
            print(f"{REFERENCE} is out of date: run python docs/make_cli_reference.py", file=sys.stderr)
            return 1
        return 0
    REFERENCE.write_text(text, encoding="utf-8")
    print(f"wrote {REFERENCE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
