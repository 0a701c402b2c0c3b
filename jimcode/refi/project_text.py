"""How coded records are written as REFI-QDA text: the source layout, variable values, descriptions.

A record is read through its fields only, so a pydantic `CodedRecord` and a record struct
(`jimcode.records._structs`, whose dates are ISO strings) give the same text.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime

from jimcode.records.model import CodebookRef, SegmentDecision, TranscriptRef
from jimcode.records.stream import RecordStruct, as_datetime
from jimcode.refi.qdaxml import with_marker

MULTI_CHOICE_SEPARATOR = ", "


@dataclass(frozen=True)
class SourceLayout:
    text: str
    spans: list[tuple[int, int]]  # (start, end) of each segment's text, code points, end exclusive


def one_line(text: str) -> str:
    return " ".join(text.split())


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def source_layout(segments: list[SegmentDecision]) -> SourceLayout:
    """The exported plain text of a transcript and where each segment's text sits in it."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    labels: dict[str, str] = {}  # a transcript has few speakers
    for segment in segments:
        if parts:
            parts.append("\n\n")
            position += 2
        speaker = segment.speaker
        if speaker:
            label = labels.get(speaker) or labels.setdefault(speaker, f"{one_line(speaker)}: ")
            parts.append(label)
            position += len(label)
        text = normalise_newlines(segment.text)
        spans.append((position, position + len(text)))
        parts.append(text)
        position += len(text)
    parts.append("\n")
    return SourceLayout("".join(parts), spans)


def xml_datetime(moment: datetime | str) -> str:
    moment = as_datetime(moment)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
        return moment.replace(microsecond=0, tzinfo=None).isoformat() + "Z"
    return moment.replace(microsecond=0).isoformat()


def variable_text(kind: str, value: object) -> str | None:
    """The value as the variable type's XML text; None when it is not of that type."""
    if kind == "Boolean":
        return ("true" if value else "false") if isinstance(value, bool) else None
    if kind == "Integer":
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else None
    if kind == "Float":
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            return _decimal(float(value))
        return None
    if isinstance(value, list):
        return MULTI_CHOICE_SEPARATOR.join(str(v) for v in value)
    return str(value)


def _decimal(value: float) -> str:
    """xsd:decimal has no exponent: 1e-07 is written 0.0000001."""
    text = repr(value)
    if "e" in text or "E" in text:
        text = f"{value:.20f}".rstrip("0").rstrip(".")
    return text


def case_description(record: RecordStruct) -> str:
    not_relevant = [s.segment_id for s in record.segments if s.status == "not_relevant"]
    still_open = [s.segment_id for s in record.segments if s.status == "open"]
    return with_marker(
        f"Case {record.case}, coded by {record.coder} ({record.status.replace('_', ' ')})",
        {
            "type": "record",
            "transcript": record.transcript.id,
            "case": record.case,
            "coder": record.coder,
            "status": record.status,
            "reconciled_from": ", ".join(record.reconciled_from) or None,
            "started_at": as_datetime(record.started_at).isoformat(),
            "updated_at": as_datetime(record.updated_at).isoformat(),
            "completed_at": as_datetime(record.completed_at).isoformat() if record.completed_at else None,
            "not_relevant": " ".join(not_relevant) or None,
            "open": " ".join(still_open) or None,
            "empty_answers": " ".join(key for key, value in record.attributes.items() if value is None) or None,
            "codebook": _codebook_json(*(getattr(record.codebook, name) for name in _CODEBOOK_FIELDS)),
        },
    )


# `json.dumps(value, ensure_ascii=False)` without making an encoder per call (one per transcript)
_as_json = json.JSONEncoder(ensure_ascii=False).encode
_CODEBOOK_FIELDS = tuple(CodebookRef.model_fields)
_TRANSCRIPT_FIELDS = tuple(TranscriptRef.model_fields)


@functools.lru_cache(maxsize=64)
def _codebook_json(*values: str | None) -> str:
    """The record's codebook reference as JSON (its fields are plain JSON values); most records share one."""
    return _as_json(dict(zip(_CODEBOOK_FIELDS, values, strict=True)))


def source_description(record: RecordStruct) -> str:
    transcript = record.transcript
    return with_marker(
        f"Transcript {transcript.id} as jimcode segmented it ({transcript.segment_by}): one segment per "
        "paragraph, 'Speaker: text'.",
        {"type": "transcript", "transcript": _as_json(_fields(transcript, _TRANSCRIPT_FIELDS))},
    )


def _fields(value: object, names: tuple[str, ...]) -> dict[str, object]:
    """A model's (or struct's) fields of plain JSON values, in the model's order: its `model_dump(mode="json")`."""
    return {name: getattr(value, name) for name in names}
