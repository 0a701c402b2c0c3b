"""`jimcode validate`: check any number of files, each by its kind, reporting every problem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jimcode.corpus import Listing, list_records
from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError, UsageError
from jimcode.project import find_project

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


def files_to_check(paths: list[Path]) -> Listing:
    """The files `paths` hold that jimcode knows, by the rule every command finds records by
    (`jimcode.corpus.list_records`); no paths: the study folder's codebook, transcripts and records."""
    if not paths:
        project = find_project()
        if project is None:
            raise UsageError("give the files or folders to check, or run inside a jimcode project (jimcode init)")
        paths = [path for path in (project.codebook, project.transcripts, project.coded) if path.exists()]
    return list_records(paths, tuple(_validators()))


def validate_files(listing: Listing) -> list[Diagnostic]:
    """Every diagnostic for every file listed."""
    validators = _validators()
    found: list[Diagnostic] = []
    for file in listing.files:
        path = Path(file)
        validator = validators.get(path.suffix.lower())
        if not path.exists():
            found.append(Diagnostic(file, 0, 0, "not-found", "no such file"))
        elif validator is None:
            kinds = ", ".join(sorted(validators))
            found.append(Diagnostic(file, 0, 0, "unknown-kind", f"jimcode does not know this kind of file ({kinds})"))
        else:
            found.extend(validator(path, file))
    return found
