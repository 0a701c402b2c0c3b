"""Reading a scripted session (an answers file on stdin) line by line, for `code` and `reconcile`."""

from __future__ import annotations

import sys
from typing import NoReturn, TextIO

from jimcode.errors import JimcodeError
from jimcode.i18n import DEFAULT_LANGUAGE, words


class ScriptedLines:
    """Lines from a script, numbered for error messages; progress lines on stderr.

    A scripted session never answers a question itself: the first error stops it,
    naming the line, and everything decided before that line is already saved.
    """

    scripted = True

    def __init__(
        self, source: TextIO, out: TextIO | None = None, name: str = "stdin", language: str = DEFAULT_LANGUAGE
    ) -> None:
        self.source = source
        self.out = out or sys.stderr
        self.name = name
        self.language = language  # of `stdin line 3:` when the caller does not say
        self.line_number = 0

    def _write(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def say(self, text: str) -> None:
        """One line of progress (a saved decision)."""
        self._write(text)

    def next_line(self) -> str | None:
        """The next line without its line ending, or None at the end of the script."""
        line = self.source.readline()
        if not line:
            return None
        self.line_number += 1
        return line.rstrip("\r\n")

    def fail(self, message: str, language: str | None = None) -> NoReturn:
        """Stop the run at this line (`language`: that of the words around the message)."""
        said = words(language or self.language)(
            "session.error.script_line", name=self.name, number=self.line_number, message=message
        )
        raise JimcodeError(said)

    def confirm_take_over(self, lock: object, language: str = DEFAULT_LANGUAGE) -> bool:
        """A script never takes over another session's lock (use --take-over)."""
        return False

    def retry_save(self, message: str, language: str = DEFAULT_LANGUAGE) -> bool:
        """A script never waits for a full disk to be freed: the run ends, every earlier decision saved."""
        return False
