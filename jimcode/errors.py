"""One error taxonomy for jimcode, and so its exit codes.

Every way a command can end other than success is an exception here: a `JimcodeError`
(bad input, exit 1; `UsageError`, exit 2), a `CheckFailed` (a check ran and found
problems, exit 1) or `Interrupted` (Ctrl-C, exit 130). The CLI maps them to one line on
stderr and their `exit_code` in one place, without a traceback. Anything else is a bug
(exit 3) and gets a request to report it.
"""

from __future__ import annotations

from collections.abc import Sequence

from jimcode.diagnostics import Diagnostic

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


class SaveFailed(JimcodeError):
    """A decision could not be written (a full disk, a file size limit); every one before it is on disk."""


class CheckFailed(JimcodeError):
    """A check ran and found problems (invalid files, an alpha below the gate, skipped files).

    Its message is the verdict; the details were reported before it was raised.
    """


class Interrupted(JimcodeError):
    """The user pressed Ctrl-C (or the terminal closed); not an error, so not shown as one."""

    exit_code = EXIT_INTERRUPTED

    def __init__(self, message: str = "interrupted") -> None:
        super().__init__(message)
