"""Coded records: one JSON file per (transcript, coder), the output of a coding session.

Pretty-printed with a stable key order (the models' field order) so that a git
diff of two sessions reads well. `format_version` is bumped on any breaking change.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError
from jimcode.transcripts.model import AttributeValue, SegmentBy, TranscriptFormat

FORMAT_VERSION = 1
CONSENSUS_CODER = "consensus"

Stance = Literal["supports", "contradicts", "nuances"]
Verdict = Literal["supports", "contradicts", "mixed", "not_applicable"]
SegmentStatus = Literal["open", "coded", "not_relevant"]
RecordStatus = Literal["in_progress", "complete"]

STANCES: tuple[Stance, ...] = ("supports", "contradicts", "nuances")
VERDICTS: tuple[Verdict, ...] = ("supports", "contradicts", "mixed", "not_applicable")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Model):
    """A segment's evidence for or against one hypothesis."""

    hypothesis: str
    stance: Stance
    note: str | None = None


class SegmentDecision(_Model):
    """Everything a coder decided about one segment, with a copy of its text."""

    segment_id: str
    index: int
    speaker: str | None = None
    text: str
    start_line: int | None = None
    end_line: int | None = None
    start_time: float | None = None
    end_time: float | None = None
    status: SegmentStatus = "open"
    codes: list[str] = Field(default_factory=list, description="Code ids, in the order applied.")
    evidence: list[Evidence] = Field(default_factory=list)
    memo: str | None = None


class HypothesisVerdict(_Model):
    """The coder's verdict on one hypothesis for the whole case."""

    hypothesis: str
    verdict: Verdict
    note: str | None = None


class TranscriptRef(_Model):
    id: str
    path: str = Field(description="As given when coding; relative paths are relative to the record's folder.")
    sha256: str
    format: TranscriptFormat
    segment_by: SegmentBy
    segments: int = Field(description="Number of segments at coding time.")


class CodebookRef(_Model):
    id: str
    version: str
    sha256: str
    path: str | None = None


class InterviewInfo(_Model):
    """Facts about the interview, copied from the transcript's front matter."""

    interviewee: str | None = None
    organisation: str | None = None
    date: str | None = None
    interviewer: str | None = None


class CodedRecord(_Model):
    format_version: Literal[1] = FORMAT_VERSION
    transcript: TranscriptRef
    codebook: CodebookRef
    case: str = Field(description="The case's pseudonym.")
    coder: str = Field(description="Who coded; 'consensus' for a reconciled record.")
    reconciled_from: list[str] = Field(
        default_factory=list, description="For a consensus record: the coders it reconciles."
    )
    status: RecordStatus = "in_progress"
    started_at: datetime
    updated_at: datetime
    completed_at: datetime | None = None
    interview: InterviewInfo = Field(default_factory=InterviewInfo)
    attributes: dict[str, AttributeValue] = Field(
        default_factory=dict, description="Case attribute answers, keyed by attribute id."
    )
    segments: list[SegmentDecision]
    verdicts: list[HypothesisVerdict] = Field(default_factory=list)

    @property
    def is_complete(self) -> bool:
        return self.status == "complete"


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def slug(text: str) -> str:
    """A file-name-safe form of a transcript id or coder name."""
    cleaned = _UNSAFE.sub("-", text.strip()).strip("-.")
    return cleaned or "unnamed"


def record_path(out_dir: Path, transcript_id: str, coder: str) -> Path:
    """Where the record of (transcript, coder) lives: `<out>/<transcript>.<coder>.json`."""
    return out_dir / f"{slug(transcript_id)}.{slug(coder)}.json"


def dump_record(record: CodedRecord) -> str:
    """Pretty JSON with stable key order and a final newline."""
    data = record.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def parse_record(text: str, file: str) -> CodedRecord:
    """Parse a record's JSON text; raise `InvalidFileError` saying why it is not one."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        reason = "truncated JSON" if exc.pos >= len(text.rstrip()) else f"invalid JSON: {exc.msg}"
        raise InvalidFileError([Diagnostic(file, exc.lineno, exc.colno, "bad-json", reason)]) from None
    if not isinstance(data, dict) or "format_version" not in data or "segments" not in data:
        raise InvalidFileError(
            [Diagnostic(file, 1, 1, "not-a-record", "not a jimcode coded record (no format_version/segments)")]
        )
    if data.get("format_version") != FORMAT_VERSION:
        raise InvalidFileError(
            [
                Diagnostic(
                    file,
                    1,
                    1,
                    "format-version",
                    f"record format version {data.get('format_version')!r} is not supported "
                    f"(this jimcode reads version {FORMAT_VERSION})",
                )
            ]
        )
    try:
        return CodedRecord.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(e) for e in first["loc"])
        raise InvalidFileError(
            [Diagnostic(file, 0, 0, "bad-record", f"{where}: {first['msg']} ({exc.error_count()} problem(s))")]
        ) from None


def load_record(path: Path, display: str | None = None) -> CodedRecord:
    file = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidFileError([Diagnostic(file, 0, 0, "unreadable", exc.strerror or str(exc))]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidFileError([Diagnostic(file, 0, 0, "encoding", "not UTF-8 text")]) from None
    return parse_record(text, file)
