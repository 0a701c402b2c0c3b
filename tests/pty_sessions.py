"""jimcode on a pseudo-terminal, for the tests of what only a person at a terminal sees and is asked."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Colours, cursor moves and carriage returns: what a terminal draws but a reader does not see as text.
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|[\r]")


def terminal(
    cwd: Path,
    *args: str,
    columns: int = 100,
    lines: int = 40,
    term: str = "dumb",
    harness: str | None = None,
    **environment: str,
) -> tuple[subprocess.Popen, int]:
    """`python -m jimcode ARGS` (or `python -c HARNESS ARGS`) on a pseudo-terminal: its stdin, stdout and
    stderr; no coder and no fixed clock from the environment. Returns the process and the master end."""
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("JIMCODE_CODER", "SOURCE_DATE_EPOCH")}
    env.update(PYTHONPATH=str(ROOT), TERM=term, COLUMNS=str(columns), LINES=str(lines), **environment)
    command = ["-c", harness] if harness else ["-m", "jimcode"]
    process = subprocess.Popen(
        [sys.executable, *command, *args], cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave
    )
    os.close(slave)
    return process, master


def read_until(master: int, text: str, timeout: float = 30) -> str:
    """What the terminal shows up to and including `text`, as it was written."""
    seen = b""
    deadline = time.monotonic() + timeout
    while text.encode() not in seen:
        seen += _more(master, deadline, text, seen.decode(errors="replace"))
    return seen.decode(errors="replace")


def shown_until(master: int, text: str, timeout: float = 30) -> str:
    """What the terminal showed (without colours and cursor moves, lines joined by single spaces) up to `text`."""
    seen = b""
    deadline = time.monotonic() + timeout
    wanted = " ".join(text.split())
    while True:
        plain = " ".join(ESCAPES.sub("", seen.decode(errors="replace")).split())
        if wanted in plain:
            return plain
        seen += _more(master, deadline, text, plain[-800:])


def _more(master: int, deadline: float, text: str, shown: str) -> bytes:
    left = deadline - time.monotonic()
    assert left > 0, f"{text!r} never appeared in {shown!r}"
    if not select.select([master], [], [], left)[0]:
        return b""
    try:
        chunk = os.read(master, 65536)
    except OSError:  # EIO: the program ended
        chunk = b""
    assert chunk, f"the program ended before {text!r}: {shown!r}"
    return chunk


def answer(master: int, line: str) -> None:
    """Type a line, Enter included."""
    os.write(master, line.encode() + b"\r")


def ended(process: subprocess.Popen, master: int) -> int:
    """Read the terminal until the program ends (so it never blocks on a full terminal); its exit code."""
    try:
        while select.select([master], [], [], 30)[0]:
            try:
                if not os.read(master, 65536):
                    break
            except OSError:
                break
        return process.wait(timeout=30)
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
