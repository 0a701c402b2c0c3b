"""Inputs for the interchange tests: a small codebook and coded records built through the models."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import xmlschema

from jimcode.records.model import (
    CodebookRef,
    CodedRecord,
    Evidence,
    HypothesisVerdict,
    InterviewInfo,
    SegmentDecision,
    TranscriptRef,
    dump_record,
    record_path,
)

DATA = Path(__file__).resolve().parent / "data" / "refi"
SAMPLES = DATA / "samples"

_schemas: dict[str, xmlschema.XMLSchema] = {}


def schema(name: str) -> xmlschema.XMLSchema:
    """Codebook.xsd or Project.xsd, parsed once per test run."""
    if name not in _schemas:
        _schemas[name] = xmlschema.XMLSchema(str(DATA / name))
    return _schemas[name]


CODEBOOK_YAML = """\
id: mini
version: "1.0"
title: Mini study
language: nl
description: A small codebook for the interchange tests.
research_questions:
  - id: RQ1
    title: hulpvraag
    question: Met welke hulpvraag komt het gezin?
    description: |-
      Over de vraag.

      Tweede alinea.
    codes:
      - id: request-professional
        label: Hulpvraag professional
        definition: De professional formuleert de vraag.
        when_to_use: Als de professional spreekt.
        when_not_to_use: "Niet voor ouders: die hebben een eigen code."
        example: '"Wij zagen dat..."'
        shortcut: hp
        codes:
          - id: request-sharper
            label: Scherper — "vraag" & <meer>
            definition: De vraag wordt scherper.
            full_definition: |-
              Lange uitleg.

              Met twee alinea's.
      - id: request-parent
        label: Hulpvraag ouder
        definition: De ouder vraagt hulp.
  - id: RQ2
    title: positionering
    question: Hoe snel wordt de JIM gepositioneerd?
    codes:
      - id: positioning-quick
        label: Snel 🚀
        definition: Binnen een maand.
hypotheses:
  - id: H1
    title: poortwachters
    statement: Ouders zijn poortwachters.
    related_questions: [RQ1]
  - id: H2
    title: zonder vragen
    statement: Een hypothese zonder onderzoeksvragen.
case_attributes:
  - id: child_age
    label: Leeftijd
    question: Hoe oud is het kind?
    type: integer
    unit: years
    min: 0
    max: 18
  - id: organisation
    label: Organisatie
    question: Welke organisatie?
    type: category
    options:
      - {id: levvel, label: Levvel, group: nl}
      - {id: other, label: Anders}
    groups:
      - {id: nl, label: Nederland}
  - id: signals
    label: Signalen
    question: Welke signalen?
    type: multi_choice
    options:
      - {id: trauma, label: Trauma}
      - {id: none, label: Geen}
  - id: positioned
    label: Gepositioneerd
    question: Is er een JIM?
    type: boolean
  - id: score
    label: Score
    question: Welke score?
    type: number
  - id: summary
    label: Samenvatting
    question: Samenvatting van de casus?
    type: text
"""

NOAH_SEGMENTS = [
    ("I", "Hoe kwam de vraag binnen?"),
    ("R", "Via school 😊 — de mentor belde.\nDaarna de moeder."),
    ("I", "En toen?"),
    (None, "[stilte]"),
    ("R", "Oma werd al snel gevraagd: binnen twee weken."),
]


def write_codebook(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mini.yaml"
    path.write_text(CODEBOOK_YAML, encoding="utf-8")
    return path


def make_record(
    transcript_id: str,
    coder: str,
    case: str,
    segments: list[tuple[str | None, str]],
    codes: dict[int, list[str]],
    *,
    attributes: dict | None = None,
    memos: dict[int, str] | None = None,
    evidence: dict[int, list[Evidence]] | None = None,
    not_relevant: tuple[int, ...] = (),
    verdicts: list[HypothesisVerdict] | None = None,
    status: str = "complete",
) -> CodedRecord:
    stamp = datetime(2025, 3, 4, 10, 30, tzinfo=UTC)
    decisions = []
    for index, (speaker, text) in enumerate(segments):
        applied = codes.get(index, [])
        state = "not_relevant" if index in not_relevant else ("coded" if applied or status == "complete" else "open")
        decisions.append(
            SegmentDecision(
                segment_id=f"s{index + 1:03d}",
                index=index,
                speaker=speaker,
                text=text,
                start_line=index * 2 + 5,
                end_line=index * 2 + 5,
                status=state,
                codes=applied,
                evidence=(evidence or {}).get(index, []),
                memo=(memos or {}).get(index),
            )
        )
    return CodedRecord(
        transcript=TranscriptRef(
            id=transcript_id,
            path=f"../transcripts/{transcript_id}.md",
            sha256="ab" * 32,
            format="markdown",
            segment_by="turn",
            segments=len(segments),
        ),
        codebook=CodebookRef(id="mini", version="1.0", sha256="cd" * 32, path="mini.yaml"),
        case=case,
        coder=coder,
        status=status,
        started_at=stamp,
        updated_at=stamp,
        completed_at=stamp if status == "complete" else None,
        interview=InterviewInfo(interviewee="Cecile", organisation="Levvel", date="2024-05-01"),
        attributes=attributes or {},
        segments=decisions,
        verdicts=verdicts or [],
    )


def study_records() -> list[CodedRecord]:
    """Noah coded by anna and by ben (they disagree), Sem coded by anna only, in progress."""
    noah_anna = make_record(
        "case-01-noah",
        "anna",
        "Noah",
        NOAH_SEGMENTS,
        {1: ["request-professional", "request-parent"], 4: ["positioning-quick"]},
        attributes={
            "child_age": 13,
            "organisation": "levvel",
            "signals": ["trauma"],
            "positioned": True,
            "score": 3.5,
            "summary": "Oma; snel; 😊",
        },
        memos={1: "School als ingang.\n\nTweede gedachte."},
        evidence={1: [Evidence(hypothesis="H1", stance="supports", note="moeder houdt af")]},
        not_relevant=(3,),
        verdicts=[HypothesisVerdict(hypothesis="H1", verdict="supports", note="duidelijk")],
    )
    noah_ben = make_record(
        "case-01-noah",
        "ben",
        "Noah",
        NOAH_SEGMENTS,
        {1: ["request-sharper"], 4: ["positioning-quick"]},
        attributes={"child_age": 13, "organisation": "other", "signals": [], "positioned": False},
        evidence={4: [Evidence(hypothesis="H2", stance="nuances")]},
        verdicts=[HypothesisVerdict(hypothesis="H1", verdict="mixed")],
    )
    sem_anna = make_record(
        "case-02-sem",
        "anna",
        "Sem",
        [("I", "Vertel eens."), ("R", "De oom; 8 jaar.")],
        {1: ["request-parent"]},
        attributes={"child_age": 8, "summary": None},
        status="in_progress",
    )
    return [noah_anna, noah_ben, sem_anna]


def write_records(folder: Path, records: list[CodedRecord]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for record in records:
        path = record_path(folder, record.transcript.id, record.coder)
        path.write_text(dump_record(record), encoding="utf-8")
        paths.append(path)
    return paths


ROOT_CODEBOOK = Path(__file__).resolve().parent.parent / "codebooks" / "jim-12min.nl.yaml"
