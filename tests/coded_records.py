"""Building coded records and a small codebook in a temp dir, for the agreement and reconcile tests."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from jimcode.records.model import (
    CodebookRef,
    CodedRecord,
    Evidence,
    HypothesisVerdict,
    SegmentDecision,
    TranscriptRef,
    dump_record,
    record_path,
)

CODEBOOK = """\
id: tiny
version: "1"
title: A tiny codebook
language: en
research_questions:
  - id: RQ1
    title: Requests
    question: What is asked?
    codes:
      - id: ask-parent
        label: Parent asks
        definition: The parent asks for help.
        shortcut: ap
      - id: ask-child
        label: Child asks
        definition: The child asks for help.
  - id: RQ2
    title: Value
    question: What does it bring?
    codes:
      - id: value-voice
        label: Voice of the child
        definition: The child is heard.
      - id: value-calm
        label: Calm at home
        definition: Less conflict.
hypotheses:
  - id: H1
    title: Parents decide
    statement: Parents are gatekeepers.
  - id: H2
    title: Family bond
    statement: The mentor is family.
case_attributes:
  - id: age
    label: Age
    question: How old is the child?
    type: integer
    min: 0
    max: 18
  - id: relation
    label: Relation
    question: Who is the mentor?
    type: category
    options:
      - {id: grandmother, label: Grandmother}
      - {id: uncle, label: Uncle}
      - {id: friend, label: Friend}
  - id: positioned
    label: Positioned
    question: Was a mentor positioned?
    type: boolean
  - id: signals
    label: Parent signals
    question: Which signals?
    type: multi_choice
    options:
      - {id: trauma, label: Trauma}
      - {id: addiction, label: Addiction}
  - id: summary
    label: Summary
    question: The case in a sentence.
    type: text
"""

STAMP = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
CODEBOOK_SHA256 = hashlib.sha256(CODEBOOK.encode("utf-8")).hexdigest()


def write_codebook(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tiny.yaml"
    path.write_text(CODEBOOK, encoding="utf-8")
    return path


def segment(index: int, codes: list[str] | None = None, **fields: object) -> SegmentDecision:
    """A segment decision; `codes=None` leaves it open, `status="not_relevant"` marks it so."""
    status = fields.pop("status", "open" if codes is None else "coded")
    speaker = "Interviewer" if index % 2 == 0 else "Professional"
    return SegmentDecision(
        segment_id=f"s{index + 1:03d}",
        index=index,
        speaker=speaker,
        text=f"Segment {index + 1} text: what was said | here.",
        status=status,  # type: ignore[arg-type]
        codes=codes or [],
        **fields,  # type: ignore[arg-type]
    )


def evidence(hypothesis: str, stance: str, note: str | None = None) -> Evidence:
    return Evidence(hypothesis=hypothesis, stance=stance, note=note)  # type: ignore[arg-type]


def verdict(hypothesis: str, value: str) -> HypothesisVerdict:
    return HypothesisVerdict(hypothesis=hypothesis, verdict=value)  # type: ignore[arg-type]


def make_record(
    coder: str,
    segments: list[SegmentDecision],
    *,
    transcript: str = "case-a",
    text: str = "the transcript text",
    attributes: dict | None = None,
    verdicts: list[HypothesisVerdict] | None = None,
    codebook_path: str | None = "../tiny.yaml",
    complete: bool = True,
    reconciled_from: list[str] | None = None,
) -> CodedRecord:
    return CodedRecord(
        transcript=TranscriptRef(
            id=transcript,
            path=f"../transcripts/{transcript}.md",
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            format="markdown",
            segment_by="turn",
            segments=len(segments),
        ),
        codebook=CodebookRef(id="tiny", version="1", sha256=CODEBOOK_SHA256, path=codebook_path),
        case=transcript.split("-")[-1].title(),
        coder=coder,
        reconciled_from=reconciled_from or [],
        status="complete" if complete else "in_progress",
        started_at=STAMP,
        updated_at=STAMP,
        completed_at=STAMP if complete else None,
        attributes=attributes or {},
        segments=segments,
        verdicts=verdicts or [],
    )


def save(folder: Path, record: CodedRecord) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = record_path(folder, record.transcript.id, record.coder)
    path.write_text(dump_record(record), encoding="utf-8")
    return path


def presence_records(
    folder: Path, coder_codes: dict[str, list[list[str]]], transcript: str = "case-a", **options: object
) -> list[Path]:
    """Records whose segment i carries the codes `coder_codes[coder][i]` (all segments coded)."""
    paths = []
    for coder, per_segment in coder_codes.items():
        segments = [segment(i, codes) for i, codes in enumerate(per_segment)]
        paths.append(save(folder, make_record(coder, segments, transcript=transcript, **options)))  # type: ignore[arg-type]
    return paths
