"""Small codebooks and transcripts for the coding-session tests (built in tmp_path)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from jimcode.codebook.model import Codebook, load_codebook
from jimcode.records.model import CodedRecord
from jimcode.session.run import CodingOptions, new_record
from jimcode.transcripts.model import AttributeValue, Segment, Transcript, TranscriptMeta

MINI_CODEBOOK = """\
id: mini
version: "1.0"
title: Mini codebook
language: nl
research_questions:
  - id: RQ1
    title: Hulpvraag
    question: Wat is de hulpvraag?
    codes:
      - id: request-parent
        label: Hulpvraag ouder
        definition: Wat de ouder vraagt.
        when_to_use: Als de ouder iets vraagt.
        example: Moeder wilde rust.
        shortcut: ro
      - id: request-child
        label: Hulpvraag kind
        definition: Wat het kind vraagt.
        codes:
          - id: request-child-voice
            label: Stem van het kind
            definition: Het kind zegt het zelf.
  - id: RQ2
    title: Positionering
    question: Hoe lang duurde het?
    codes:
      - id: positioning-quick
        label: Snel gepositioneerd
        definition: Binnen een maand aan tafel.
        shortcut: pq
hypotheses:
  - id: H1
    title: Poortwachters
    statement: Ouders zijn poortwachters.
    related_questions: [RQ1]
  - id: H2
    title: Verweven
    statement: JIM is verweven met het gezin.
case_attributes:
  - id: child_age
    label: Leeftijd
    question: Hoe oud is het kind?
    type: integer
    unit: jaar
    min: 0
    max: 18
    required: true
  - id: jim_relation
    label: Relatie
    question: Wie is de JIM?
    type: category
    options:
      - {id: grandmother, label: Oma}
      - {id: uncle, label: Oom}
  - id: parent_signals
    label: Signalen
    question: Welke signalen?
    type: multi_choice
    options:
      - {id: trauma, label: Trauma}
      - {id: addiction, label: Verslaving}
  - id: jim_positioned
    label: Gepositioneerd
    question: Is er een JIM?
    type: boolean
"""
# Numbers: 1 request-parent (ro), 2 request-child, 3 request-child-voice, 4 positioning-quick (pq)

TEXTS = (
    "Kun je iets vertellen over het gezin?",
    "Moeder wilde eerst niemand erbij hebben.",
    "Toen kwam oma toch langs, en dat hielp.",
    "Dank je wel.",
)


def write_codebook(folder: Path, text: str = MINI_CODEBOOK, name: str = "mini.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def mini_codebook(folder: Path) -> Codebook:
    return load_codebook(write_codebook(folder))


def make_transcript(
    texts: tuple[str, ...] | list[str] = TEXTS,
    *,
    transcript_id: str = "case-01",
    attributes: dict[str, AttributeValue] | None = None,
    path: str = "case-01.md",
) -> Transcript:
    speakers = ["I", "R"]
    return Transcript(
        id=transcript_id,
        path=path,
        format="markdown",
        sha256=hashlib.sha256("\n".join(texts).encode()).hexdigest(),
        segment_by="turn",
        meta=TranscriptMeta(case="Noah", attributes=attributes or {}),
        segments=[
            Segment(id=f"s{i + 1:03d}", index=i, speaker=speakers[i % 2], text=text) for i, text in enumerate(texts)
        ],
    )


def make_record(transcript: Transcript, codebook: Codebook, folder: Path, coder: str = "anna") -> CodedRecord:
    return new_record(transcript, CodingOptions(codebook, coder, folder), folder / "record.json")


def transcript_markdown(
    texts: tuple[str, ...] | list[str] = TEXTS, *, transcript_id: str = "case-01", front: str = ""
) -> str:
    """A transcript file: front matter, then alternating Interviewer / Cecile turns."""
    speakers = ["Interviewer", "Cecile"]
    body = "\n\n".join(f"{speakers[i % 2]}: {text}" for i, text in enumerate(texts))
    return f"---\nid: {transcript_id}\ncase: Noah\n{front}---\n\n{body}\n"
