"""`jimcode validate`: check any number of files, each by its kind, reporting every problem."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from jimcode.corpus import Listing, RecordCodebooks, list_records
from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError, UsageError
from jimcode.fileio import read_regular
from jimcode.project import find_project

if TYPE_CHECKING:
    from jimcode.records.stream import RecordStruct

Validator = Callable[[Path, str], list[Diagnostic]]


def validate_codebook_file(path: Path, display: str) -> list[Diagnostic]:
    from jimcode.codebook.model import load_codebook

    try:
        load_codebook(path, display)
    except InvalidFileError as exc:
        return exc.diagnostics
    return []


def _validators(codebooks: RecordCodebooks | None = None) -> dict[str, Validator]:
    # Imported here so that `jimcode validate codebook.yaml` loads only what it needs.
    from jimcode.transcripts.readers import TRANSCRIPT_SUFFIXES, validate_transcript_file

    return {
        ".yaml": validate_codebook_file,
        ".yml": validate_codebook_file,
        ".json": partial(validate_record_file, codebooks=codebooks),
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
    """Every diagnostic for every file listed (each codebook the records name read once)."""
    validators = _validators(RecordCodebooks())
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
    found.extend(_journal_damage(listing))
    return found


def _journal_damage(listing: Listing) -> list[Diagnostic]:
    """Damaged lines in the session journals beside the records: a warning each, not an error, because the
    next session opening the record skips them by itself (and keeps the journal); the record is valid."""
    from jimcode.records.store import journal_path, read_journal

    found: list[Diagnostic] = []
    for record in sorted(listing.journals):
        journal = journal_path(Path(record))
        try:
            found.extend(read_journal(journal).damage_warnings(str(journal)))
        except InvalidFileError as exc:
            found.extend(exc.diagnostics)
    return found


def validate_record_file(path: Path, display: str, codebooks: RecordCodebooks | None = None) -> list[Diagnostic]:
    """The record's schema, then its codebook (codes, attributes, hypotheses) and transcript (hash).

    A JSON Schema (a top-level `$schema`, such as codebooks/codebook.schema.json) is not a record: skipped.
    `codebooks`: the codebooks found for the records checked before (each found once per folder).
    """
    # Imported here so that `jimcode validate codebook.yaml` loads no record model.
    from jimcode.records.check import (
        Finding,
        check_transcript,
        codebook_drift,
        consistency,
        polarity_findings,
        quote_problems,
    )

    try:
        record, text = _read_record(path, display)
    except InvalidFileError as exc:
        # A JSON Schema or a WhisperX transcript has no format_version: looked for only when not a record.
        if {d.code for d in exc.diagnostics} == {"not-a-record"}:
            kind = _json_kind(path)
            if kind == "schema":
                return []
            if kind == "transcript":
                from jimcode.transcripts.readers import validate_transcript_file

                return validate_transcript_file(path, display)
        return exc.diagnostics

    findings: list[Finding] = []
    # The codebook as it is now (not an older copy with the record's sha256): what CI checks against.
    found = (codebooks if codebooks is not None else RecordCodebooks()).find(record.codebook, path)
    codebook = found.codebook
    if codebook is None:
        findings.append(
            Finding(
                "codebook-not-found",
                f"{found.wanted} was not found (looked for {record.codebook.path or 'a codebook path'} beside it, "
                "the study folder's codebook and the shipped codebooks); checked the record alone",
                '"codebook"',
                "warning",
            )
        )
    else:
        if codebook.sha256 != record.codebook.sha256:
            findings.append(
                Finding(
                    "codebook-changed",
                    f"the codebook changed since this record was coded "
                    f"(version {record.codebook.version} then, {codebook.version} now)",
                    '"codebook"',
                    "warning",
                )
            )
        findings.extend(codebook_drift(record, codebook))
        findings.extend(polarity_findings(record, codebook))
    findings.extend(Finding("codebook-skipped", warning, '"codebook"', "warning") for warning in found.passed_over)
    findings.extend(consistency(record, codebook))
    findings.extend(quote_problems(record))
    findings.extend(check_transcript(record, path))
    if not findings:
        return []
    lines = (text if text is not None else path.read_text(encoding="utf-8-sig")).splitlines()  # where each finding is
    return [Diagnostic(display, _line_of(lines, f.anchor), 0, f.code, f.message, f.severity) for f in findings]


def _read_record(path: Path, display: str) -> tuple[RecordStruct, str | None]:
    """The record in a file and its text (None: not kept), or `InvalidFileError`.

    A record read as the reports read it (`jimcode.records.stream`: checked against the model in C, a
    struct), after the JSON is parsed once with keys given twice refused, as validate promises (the
    struct reader, like any JSON parser, keeps the last silently). A record with anything wrong is
    read again by the record model (`load_record`), which decides and words the problem as it always has.
    """
    from jimcode.records.model import MAX_RECORD_BYTES, decode_json, load_record
    from jimcode.records.stream import checked_record

    try:
        text = read_regular(path, MAX_RECORD_BYTES, display).decode("utf-8-sig")
        return checked_record(decode_json(text, display, refuse_duplicate_keys=True), display), text
    except (OSError, ValueError, InvalidFileError):  # ValueError: not UTF-8, or msgspec's own errors
        return load_record(path, display), None


def _json_kind(path: Path) -> str:
    """'schema' (a top-level `$schema` and no `format_version`), 'transcript' (WhisperX output) or
    'record': what a `.json` file is, by its content. Anything unreadable is read as a record,
    whose reading says what is wrong."""
    from jimcode.records.model import MAX_RECORD_BYTES
    from jimcode.transcripts.whisperjson import is_whisperx

    try:
        data = json.loads(read_regular(path, MAX_RECORD_BYTES))
    except (OSError, ValueError, RecursionError, InvalidFileError):
        return "record"
    if isinstance(data, dict) and "$schema" in data and "format_version" not in data:
        return "schema"
    return "transcript" if is_whisperx(data) else "record"


def _line_of(lines: list[str], anchor: str | None) -> int:
    if not anchor:
        return 0
    return next((number for number, line in enumerate(lines, start=1) if anchor in line), 0)
