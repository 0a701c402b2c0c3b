"""Shared test helpers: build input files from one readable dict, run the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
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


def jimcode_process(cwd: Path, *args: str | Path) -> subprocess.Popen:
    """`python -m jimcode ARGS` as a real process with pipes (line-buffered text), killed after 30 s.

    No coder and no fixed clock from the caller's environment, and this checkout's jimcode.
    """
    env = {k: v for k, v in os.environ.items() if k not in ("JIMCODE_CODER", "SOURCE_DATE_EPOCH")}
    env["PYTHONPATH"] = str(ROOT)
    process = subprocess.Popen(
        [sys.executable, "-m", "jimcode", *map(str, args)],
        cwd=cwd,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    watchdog = threading.Timer(30, process.kill)
    watchdog.daemon = True
    watchdog.start()
    return process


LANGUAGE_VARIABLES = ("JIMCODE_LANG", "LANG", "LC_ALL", "LC_MESSAGES")


@pytest.fixture(scope="session", autouse=True)
def _no_language_from_the_environment():
    """The language follows the codebook (or what a test sets), never the machine the tests run on."""
    with pytest.MonkeyPatch.context() as patch:
        for name in LANGUAGE_VARIABLES:
            patch.delenv(name, raising=False)
        yield


@pytest.fixture
def english_words(monkeypatch):
    """jimcode's own words in English for one test (`JIMCODE_LANG=en`), whatever the codebook's language."""
    monkeypatch.setenv("JIMCODE_LANG", "en")


@pytest.fixture(scope="module")
def english_chrome():
    """jimcode's own words in English for a whole module (`JIMCODE_LANG=en`), whatever the codebook's language.

    For tests of figures and layout written against the English words; tests/test_language.py checks the
    Dutch ones."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JIMCODE_LANG", "en")
        yield


@pytest.fixture(autouse=True)
def _no_language_left_by_the_last_run():
    """`--lang` holds for the process, like a locale: a test calling jimcode directly must not inherit it."""
    yield
    from jimcode.i18n import request_language

    request_language(None)
