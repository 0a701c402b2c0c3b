"""The one voice of jimcode on stderr: every message to the user goes through here.

One style: `jimcode: error: …`, `jimcode: warning: …` and `jimcode: …` for neutral lines
(what was written, how many files were checked). Plain text, one line, no markup, so that
a message reads the same in a terminal, a pipeline and a CI log. The coding and reconcile
screens are the interactive UI, not messages, and write for themselves.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

PROGRAM = "jimcode"


def error(message: str, *, via: Console | None = None) -> None:
    """Something went wrong (the command exits non-zero, or a file was skipped)."""
    _write(f"{PROGRAM}: error: {message}", via)


def warning(message: str, *, via: Console | None = None) -> None:
    """Something the user should know about; the command carries on."""
    _write(f"{PROGRAM}: warning: {message}", via)


def note(message: str, *, fresh_line: bool = False) -> None:
    """A neutral line: progress, what was written, a check that passed.

    `fresh_line` starts on a new line first: Ctrl-C may arrive while a prompt is half written.
    """
    _write(("\n" if fresh_line else "") + f"{PROGRAM}: {message}", None)


def before_codebook(key: str, /, **values: object) -> str:
    """A message of the catalog in the language of `--lang`, `JIMCODE_LANG` or the locale (no codebook is known)."""
    from jimcode.i18n import message_language, words

    return words(message_language())(key, **values)


def _write(line: str, via: Console | None) -> None:
    if via is not None:
        # A live progress bar owns the terminal: print above it, not through it.
        via.print(line, markup=False, highlight=False, soft_wrap=True)
        return
    sys.stderr.write(line + "\n")
    sys.stderr.flush()
