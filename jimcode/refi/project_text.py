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
from itertools import accumulate, compress
from operator import attrgetter, sub

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
    """The exported plain text of a transcript and where each segment's text sits in it.

    Each segment is its speaker's label and its text, segments a blank line apart: made with a few passes
    over the segments in C (a project has one per transcript, of some hundred segments)."""
    texts = [segment.text for segment in segments]
    if "\r" in "".join(texts):  # rare: a text with Windows or old Mac line ends
        texts = list(map(normalise_newlines, texts))
    speakers = list(map(_speaker_of, segments))
    labels: dict[str | None, str] = {None: "", "": ""}  # no speaker, no label; a transcript has few speakers
    for speaker in set(speakers).difference(labels):
        labels[speaker] = f"{one_line(speaker)}: "  # not None: None has its label
    heads = list(map(labels.__getitem__, speakers))
    pieces = list(map(str.__add__, heads, texts))
    # a piece starts 2 (the blank line) after the previous one ends; its text starts after its label
    ends = list(accumulate(map(len, pieces), lambda end, size: end + 2 + size))
    sizes = list(map(len, texts))
    spans = list(zip(map(sub, ends, sizes), ends, strict=True))
    return SourceLayout("\n\n".join(pieces) + "\n", spans)


_speaker_of = attrgetter("speaker")
_status_of = attrgetter("status")
_segment_id_of = attrgetter("segment_id")


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
    segments = record.segments
    statuses, ids = list(map(_status_of, segments)), list(map(_segment_id_of, segments))
    not_relevant = list(compress(ids, map("not_relevant".__eq__, statuses)))
    still_open = list(compress(ids, map("open".__eq__, statuses)))
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
