"""One error taxonomy for jimcode.

Every error a user can cause is a `JimcodeError`: the CLI prints its message on
one line to stderr and exits with its `exit_code`, without a traceback.
Anything else is a bug and gets a traceback plus a request to report it.
"""

from __future__ import annotations

from collections.abc import Sequence

from jimcode.diagnostics import Diagnostic

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_BUG = 3
EXIT_INTERRUPTED = 130


class JimcodeError(Exception):
    """A problem with the user's input or environment, not a bug in jimcode."""

    exit_code = EXIT_INVALID

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} ({self.hint})"


class UsageError(JimcodeError):
    """The command line itself is wrong (a missing or contradictory option)."""

    exit_code = EXIT_USAGE


class InvalidFileError(JimcodeError):
    """A file could not be used; carries every diagnostic found in it."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        first = self.diagnostics[0].as_text() if self.diagnostics else "invalid file"
        more = len(self.diagnostics) - 1
        message = first if more <= 0 else f"{first} (and {more} more; run `jimcode validate`)"
        super().__init__(message)


class SessionBusyError(JimcodeError):
    """Another session holds the lock on a record."""


class InterruptedSession(JimcodeError):
    """The user pressed Ctrl-C; work was saved before this was raised."""

    exit_code = EXIT_INTERRUPTED
