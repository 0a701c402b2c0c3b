"""`jimcode validate`: check any number of files, each by its kind, reporting every problem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError

Validator = Callable[[Path, str], list[Diagnostic]]


def validate_codebook_file(path: Path, display: str) -> list[Diagnostic]:
    from jimcode.codebook.model import load_codebook

    try:
        load_codebook(path, display)
    except InvalidFileError as exc:
        return exc.diagnostics
    return []


def _validators() -> dict[str, Validator]:
    # Imported here so that `jimcode validate codebook.yaml` loads only what it needs.
    from jimcode.records.check import validate_record_file
    from jimcode.transcripts.readers import TRANSCRIPT_SUFFIXES, validate_transcript_file

    return {
        ".yaml": validate_codebook_file,
        ".yml": validate_codebook_file,
        ".json": validate_record_file,
        **dict.fromkeys(TRANSCRIPT_SUFFIXES, validate_transcript_file),
    }


def validate_paths(paths: list[Path]) -> list[Diagnostic]:
    """Every diagnostic for every file; folders are searched for files jimcode knows."""
    validators = _validators()
    found: list[Diagnostic] = []
    for path in expand(paths, set(validators)):
        display = str(path)
        validator = validators.get(path.suffix.lower())
        if not path.exists():
            found.append(Diagnostic(display, 0, 0, "not-found", "no such file"))
        elif validator is None:
            kinds = ", ".join(sorted(validators))
            found.append(
                Diagnostic(display, 0, 0, "unknown-kind", f"jimcode does not know this kind of file ({kinds})")
            )
        else:
            found.extend(validator(path, display))
    return found


def expand(paths: list[Path], suffixes: set[str]) -> list[Path]:
    """Files as given; folders searched recursively for files with a known suffix."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes))
        else:
            files.append(path)
    return files
