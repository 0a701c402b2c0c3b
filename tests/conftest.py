"""Shared test helpers: build input files from one readable dict, run the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jimcode.cli import app

ROOT = Path(__file__).resolve().parent.parent


def build_files(base: Path, files: dict[str, str | bytes]) -> None:
    """Write `{relative path: content}` under `base` (bytes written as they are)."""
    for name, content in files.items():
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.fixture
def run():
    """Invoke the real CLI; returns click's Result with separate stdout and stderr."""
    runner = CliRunner()

    def invoke(*args: str | Path, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input)

    return invoke
