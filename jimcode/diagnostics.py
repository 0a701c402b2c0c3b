"""Problems found in user files, as data: where, what kind, and what to do about it.

A `Diagnostic` is rendered as a one-line text message, as JSON, or as a GitHub
Actions annotation; the code that finds a problem never formats it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one file. `line` and `column` are 1-based; 0 means unknown."""

    file: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = "error"

    @property
    def location(self) -> str:
        if self.line <= 0:
            return self.file
        if self.column <= 0:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"

    def as_text(self) -> str:
        return f"{self.location}: {self.severity}[{self.code}]: {self.message}"

    def as_github(self) -> str:
        parts = [f"file={_gh_property(self.file)}"]
        if self.line > 0:
            parts.append(f"line={self.line}")
        if self.column > 0:
            parts.append(f"col={self.column}")
        parts.append(f"title={_gh_property('jimcode ' + self.code)}")
        return f"::{self.severity} {','.join(parts)}::{_gh_data(self.message)}"


def _gh_data(text: str) -> str:
    # GitHub workflow commands: escape %, CR and LF in the message.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


def to_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([asdict(d) for d in diagnostics], ensure_ascii=False, indent=2)
