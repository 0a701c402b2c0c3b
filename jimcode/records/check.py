"""Checks of a coded record against its codebook and transcript (`jimcode validate record.json`).

`codebook_drift` is also what a coding session reports on resume when the codebook
changed: codes, hypotheses and attributes the record uses that the codebook lost.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from jimcode.codebook.attributes import check_value
from jimcode.codebook.model import Codebook
from jimcode.diagnostics import Diagnostic, Severity
from jimcode.errors import InvalidFileError, JimcodeError
from jimcode.records.model import CodedRecord, load_record


@dataclass(frozen=True)
class Finding:
    """One problem in a record; `anchor` is text to find its line by (a segment id or a key)."""

    code: str
    message: str
    anchor: str | None = None
    severity: Severity = "error"


def codebook_drift(record: CodedRecord, codebook: Codebook) -> list[Finding]:
    """What the record uses that the codebook does not have (or no longer allows)."""
    found: list[Finding] = []
    known_codes = codebook.codes_by_id()
    hypotheses = {h.id for h in codebook.hypotheses}
    vanished: dict[str, list[str]] = {}
    for segment in record.segments:
        for code in segment.codes:
            if code not in known_codes:
                vanished.setdefault(code, []).append(segment.segment_id)
        for evidence in segment.evidence:
            if evidence.hypothesis not in hypotheses:
                found.append(
                    Finding(
                        "unknown-hypothesis",
                        f"segment {segment.segment_id}: evidence for hypothesis '{evidence.hypothesis}', "
                        "which the codebook does not have",
                        segment.segment_id,
                    )
                )
    for code, where in vanished.items():
        shown = ", ".join(where[:8]) + (f" and {len(where) - 8} more" if len(where) > 8 else "")
        found.append(Finding("unknown-code", f"code '{code}' is not in the codebook (applied in {shown})", f'"{code}"'))
    for verdict in record.verdicts:
        if verdict.hypothesis not in hypotheses:
            found.append(
                Finding(
                    "unknown-hypothesis",
                    f"verdict on hypothesis '{verdict.hypothesis}', which the codebook does not have",
                    f'"hypothesis": "{verdict.hypothesis}"',
                )
            )
    for key, value in record.attributes.items():
        attribute = codebook.attribute(key)
        anchor = f'"{key}":'
        if attribute is None:
            found.append(Finding("unknown-attribute", f"attribute '{key}' is not in the codebook", anchor))
            continue
        problem = check_value(attribute, value)
        if problem:
            found.append(Finding("bad-attribute", f"attribute {key}: {problem}", anchor))
    return found


def consistency(record: CodedRecord, codebook: Codebook | None) -> list[Finding]:
    """The record against itself: segment numbering, and what 'complete' promises."""
    found: list[Finding] = []
    for position, segment in enumerate(record.segments):
        if segment.index != position:
            found.append(
                Finding(
                    "bad-index",
                    f"segment {segment.segment_id} has index {segment.index}, expected {position}",
                    segment.segment_id,
                )
            )
    if record.transcript.segments != len(record.segments):
        found.append(
            Finding(
                "segment-count",
                f"transcript.segments says {record.transcript.segments} but the record has {len(record.segments)}",
            )
        )
    if record.status == "complete":
        still_open = [s.segment_id for s in record.segments if s.status == "open"]
        if still_open:
            found.append(
                Finding(
                    "incomplete",
                    f"status is complete but segment(s) {', '.join(still_open[:5])} are still open",
                    still_open[0],
                )
            )
        if codebook is not None:
            answered = record.attributes
            unanswered = [a.id for a in codebook.case_attributes if a.id not in answered]
            empty_required = [
                a.id for a in codebook.case_attributes if a.required and a.id in answered and answered[a.id] is None
            ]
            given = {v.hypothesis for v in record.verdicts}
            no_verdict = [h.id for h in codebook.hypotheses if h.id not in given]
            for ids, what in (
                (unanswered, "unanswered attribute(s)"),
                (empty_required, "required attribute(s) without an answer"),
                (no_verdict, "hypotheses without a verdict"),
            ):
                if ids:
                    found.append(Finding("incomplete", f"status is complete but {what}: {', '.join(ids)}", '"status"'))
    return found


def _line_of(lines: list[str], anchor: str | None) -> int:
    if not anchor:
        return 0
    return next((number for number, line in enumerate(lines, start=1) if anchor in line), 0)


def locate_codebook(record: CodedRecord, record_file: Path) -> Path | None:
    """The record's codebook: its path relative to the record, else the project's codebook."""
    if record.codebook.path:
        candidate = record_file.parent / record.codebook.path
        if candidate.is_file():
            return candidate
    from jimcode.project import find_project

    project = find_project(record_file.parent)
    if project is not None and project.codebook.is_file():
        return project.codebook
    return None


def validate_record_file(path: Path, display: str) -> list[Diagnostic]:
    """The record's schema, then its codebook (codes, attributes, hypotheses) and transcript (hash).

    A JSON Schema (a top-level `$schema`, such as codebooks/codebook.schema.json) is not a record: skipped.
    """
    if _is_json_schema(path):
        return []
    try:
        record = load_record(path, display)
    except InvalidFileError as exc:
        return exc.diagnostics
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    findings: list[Finding] = []
    codebook = None
    codebook_file = locate_codebook(record, path)
    if codebook_file is None:
        findings.append(
            Finding(
                "codebook-not-found",
                f"codebook '{record.codebook.id}' not found (looked for "
                f"{record.codebook.path or 'a codebook path'} and a jimcode.yaml); checked the record alone",
                '"codebook"',
                "warning",
            )
        )
    else:
        from jimcode.codebook.model import load_codebook

        try:
            codebook = load_codebook(codebook_file)
        except InvalidFileError:
            findings.append(
                Finding("bad-codebook", f"its codebook {codebook_file} is invalid; validate it first", '"codebook"')
            )
    if codebook is not None:
        if codebook.id != record.codebook.id:
            findings.append(
                Finding(
                    "codebook-mismatch",
                    f"coded with codebook '{record.codebook.id}', but {codebook_file} is '{codebook.id}'",
                    '"codebook"',
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
    findings.extend(consistency(record, codebook if codebook and codebook.id == record.codebook.id else None))
    findings.extend(check_transcript(record, path))
    return [Diagnostic(display, _line_of(lines, f.anchor), 0, f.code, f.message, f.severity) for f in findings]


def _is_json_schema(path: Path) -> bool:
    import json

    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and "$schema" in data and "format_version" not in data


def check_transcript(record: CodedRecord, record_file: Path) -> list[Finding]:
    """The transcript's hash now against the hash it had when coded (when the transcript is found)."""
    transcript_file = record_file.parent / record.transcript.path
    if not transcript_file.is_file():
        return []
    from jimcode.transcripts.readers import read_transcript

    try:
        transcript = read_transcript(transcript_file, segment_by=record.transcript.segment_by)
    except JimcodeError as exc:
        return [
            Finding("bad-transcript", f"its transcript {record.transcript.path} cannot be read: {exc}", '"transcript"')
        ]
    if transcript.sha256 != record.transcript.sha256:
        return [
            Finding(
                "transcript-changed",
                f"transcript {record.transcript.path} changed since it was coded; resume with "
                "`jimcode code --realign` to carry the decisions over",
                '"transcript"',
            )
        ]
    return []


def relative_path(target: str | Path, start: Path) -> str:
    """`target` relative to folder `start`, with forward slashes (records move between systems)."""
    return Path(os.path.relpath(Path(target).resolve(), start.resolve())).as_posix()
