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
from jimcode.diagnostics import Severity
from jimcode.errors import JimcodeError
from jimcode.records.model import CodedRecord


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
    """What 'complete' promises. (Segment numbering is the record model's own rule: a record that
    breaks it is not loaded at all.)"""
    found: list[Finding] = []
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
