"""Coded records: one JSON file per (transcript, coder), the output of a coding session.

Pretty-printed with a stable key order (the models' field order) so that a git
diff of two sessions reads well. These models are the one definition of the format: the
reports' fast reader (`jimcode.records._structs`) is derived from them, and `format_version`
evolves as `jimcode.records.versions` describes.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError
from jimcode.fileio import read_regular
from jimcode.records._json_lines import first_duplicate_key, line_of
from jimcode.records.versions import FORMAT_VERSION, upgrade
from jimcode.transcripts.model import (
    SEGMENTATION_VERSION,
    AttributeValue,
    SegmentBy,
    TranscriptFormat,
    segment_by_spec,
)
from jimcode.typed import whole_number

CONSENSUS_CODER = "consensus"

Stance = Literal["supports", "contradicts", "nuances"]
Verdict = Literal["supports", "contradicts", "mixed", "not_applicable"]
SegmentStatus = Literal["open", "coded", "not_relevant"]
Pole = Literal["present", "absent"]
RecordStatus = Literal["in_progress", "complete"]

STANCES: tuple[Stance, ...] = get_args(Stance)
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)
RECORD_STATUSES: tuple[RecordStatus, ...] = get_args(RecordStatus)


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
    polarity: dict[str, Pole] = Field(
        default_factory=dict,
        description="Code id -> present or absent, for the applied codes whose codebook code declares a polarity.",
    )
    evidence: list[Evidence] = Field(default_factory=list)
    memo: str | None = None
    quote_sentences: list[int] = Field(
        default_factory=list,
        description="The sentences of `text` (numbered from 1, sorted, distinct) the coder marked as its quote "
        "for reports; empty: none marked.",
    )


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
    window_seconds: int | None = Field(default=None, description="The window of segment_by 'time', in seconds.")
    segmentation: int = Field(
        default=SEGMENTATION_VERSION,
        description="The version of the segmentation rules it was split by (jimcode.transcripts.model).",
    )
    segments: int = Field(description="Number of segments at coding time.")

    @property
    def segment_by_spec(self) -> str:
        """How to split the transcript again as it was split then: 'turn', 'time:60s', …"""
        return segment_by_spec(self.segment_by, self.window_seconds)


class CodebookRef(_Model):
    id: str
    version: str
    sha256: str
    path: str | None = None


class Migration(_Model):
    """A note that `jimcode migrate` moved the record to a later version of its codebook."""

    at: datetime
    from_version: str = Field(description="The codebook version the record was coded with until then.")
    from_sha256: str
    to_version: str
    changes: list[str] = Field(
        default_factory=list, description="What was moved, one line each ('a -> b: 3 segments')."
    )


class InterviewInfo(_Model):
    """Facts about the interview, copied from the transcript's front matter."""

    interviewee: str | None = None
    organisation: str | None = None
    date: str | None = None
    place: str | None = None
    interviewer: str | None = None
    title: str | None = Field(default=None, description="The transcript's title line.")
    details: dict[str, str] = Field(
        default_factory=dict, description="Other header lines of the transcript (e.g. Persons Present)."
    )


class CodedRecord(_Model):
    format_version: Literal[3] = FORMAT_VERSION  # Literal[FORMAT_VERSION]; see jimcode.records.versions
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
    migrations: list[Migration] = Field(
        default_factory=list, description="Each time `jimcode migrate` moved the record to a later codebook."
    )

    @model_validator(mode="after")
    def _segments_numbered(self) -> CodedRecord:
        segments = self.segments
        problem = numbering_problem(
            [s.segment_id for s in segments], [s.index for s in segments], self.transcript.segments
        )
        if problem is not None:
            code, message, path = problem
            raise PydanticCustomError(code, message, {"path": path})
        return self

    @property
    def is_complete(self) -> bool:
        return self.status == "complete"


_INT = frozenset({int})

# The rules of a record beyond its fields' types, as codes jimcode reports them by.
RECORD_RULES = ("bad-index", "duplicate-segment", "segment-count")


def numbering_problem(
    segment_ids: list[Any], indexes: list[Any], declared: object
) -> tuple[str, str, tuple[str | int, ...]] | None:
    """Why the segments are not numbered 0, 1, 2, ... with distinct ids, as many as the transcript
    says it has: (code, message, path of the value at fault); None when they are.

    The one definition of these rules: the model applies it, and so does the reports' fast reader
    (`jimcode.records._structs`), so every reader refuses the same records.
    """
    count = len(indexes)
    if indexes != list(range(count)) or not _INT.issuperset(map(type, indexes)):  # True == 1, 1.0 == 1
        position = next(p for p, index in enumerate(indexes) if index != p or type(index) is not int)
        return (
            "bad-index",
            f"segment {segment_ids[position]} has index {indexes[position]}, expected {position}",
            ("segments", position, "index"),
        )
    if len(set(segment_ids)) != count:
        seen: dict[Any, int] = {}
        for position, segment_id in enumerate(segment_ids):
            if segment_id in seen:
                return (
                    "duplicate-segment",
                    f"segment id {segment_id} is used twice (segments {seen[segment_id]} and {position})",
                    ("segments", position, "segment_id"),
                )
            seen[segment_id] = position
    if declared != count or type(declared) is not int:
        return (
            "segment-count",
            f"transcript.segments says {declared} but the record has {count}",
            ("transcript", "segments"),
        )
    return None


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


# The end of a text cut inside a value: a literal ("tr"), a number ("-", "1.", "2e+") or a \\u
# escape ("\\u00"). A value there that is merely wrong ("x", "1 2") is not matched.
_CUT_VALUE = re.compile(
    r"(?:t(?:ru?)?|f(?:a(?:ls?)?)?|n(?:ul?)?|-|-?\d+\.|-?\d+(?:\.\d+)?[eE][-+]?|\\u[0-9a-fA-F]{0,3})$"
)


def json_problem(exc: json.JSONDecodeError, file: str) -> InvalidFileError:
    """Why a file is not JSON. A file that ends too early (cut off anywhere: between values, inside
    a string, a literal or a number) is called truncated, at the place where it ends; otherwise the
    parser's words, at the place of the error."""
    text = exc.doc.rstrip()
    cut = _CUT_VALUE.search(text)
    if exc.pos >= len(text) or exc.msg.startswith("Unterminated string") or (cut and exc.pos >= cut.start()):
        end = exc.doc
        line, column = end.count("\n") + 1, len(end) - end.rfind("\n")  # just after the last character
        return InvalidFileError(
            [Diagnostic(file, line, column, "bad-json", "truncated JSON (the file ends too early)")]
        )
    return InvalidFileError([Diagnostic(file, exc.lineno, exc.colno, "bad-json", f"invalid JSON: {exc.msg}")])


MAX_RECORD_BYTES = 100 * 1024 * 1024  # 20,000 segments of 2 kB each fit with room to spare


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


class _DuplicateKey(Exception):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise _DuplicateKey
    return found


def decode_json(raw: str | bytes, file: str, *, refuse_duplicate_keys: bool = False) -> Any:
    """A record's JSON by the standard library, strictly: NaN and Infinity (which Python would
    accept) and nesting too deep to parse are errors naming the file, like any invalid JSON; with
    `refuse_duplicate_keys`, so is a key given twice in one object (JSON parsers keep the last one
    silently)."""
    try:
        if refuse_duplicate_keys:
            return json.loads(raw, parse_constant=_refuse_constant, object_pairs_hook=_no_duplicate_keys)
        return json.loads(raw, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise json_problem(exc, file) from None
    except UnicodeDecodeError:
        raise
    except RecursionError:
        raise InvalidFileError(
            [Diagnostic(file, 1, 1, "too-deep", "the JSON is nested too deeply to be a coded record")]
        ) from None
    except _DuplicateKey:
        text = raw if isinstance(raw, str) else raw.decode("utf-8", "replace")
        key, line, first = first_duplicate_key(text) or ("?", 0, 0)
        message = f"duplicate key '{key}' (first at line {first}); JSON readers silently keep only the last one"
        raise InvalidFileError([Diagnostic(file, line, 0, "duplicate-key", message)]) from None
    except ValueError as exc:  # a constant refused above
        name = str(exc).split()[0]
        text = raw if isinstance(raw, str) else raw.decode("utf-8", "replace")
        at = max(text.find(name), 0)
        line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        raise InvalidFileError([Diagnostic(file, line, column, "bad-json", f"invalid JSON: {exc}")]) from None


def parse_record(text: str, file: str) -> CodedRecord:
    """Parse a record's JSON text; raise `InvalidFileError` saying why it is not one.

    A key given twice in one object is refused (JSON parsers keep the last one silently). This is the
    strict reader of `validate`, coding sessions and the store; commands that read record sets use
    `jimcode.records.stream.read_record_data`, which accepts the same records in less time, but for a
    key given twice, which it reads as its last value (`validate` is where those are reported).
    """
    data = decode_json(text, file, refuse_duplicate_keys=True)
    if not isinstance(data, dict) or "format_version" not in data or "segments" not in data:
        raise InvalidFileError(
            [Diagnostic(file, 1, 1, "not-a-record", "not a jimcode coded record (no format_version/segments)")]
        )
    data = upgrade(data, file)
    try:
        return CodedRecord.model_validate(data)
    except ValidationError as exc:
        raise model_problem(exc, file, text) from None


def model_problem(exc: ValidationError, file: str, text: str | bytes | None = None) -> InvalidFileError:
    """The first thing the model refuses in a record: a `bad-record` diagnostic, or one of the
    `RECORD_RULES` by its code; at its line when the record's `text` is given."""
    first = exc.errors(include_url=False)[0]
    if first["type"] in RECORD_RULES:
        path: tuple[str | int, ...] = first.get("ctx", {}).get("path", ())
        code, message = first["type"], first["msg"]
    else:
        path = tuple(first["loc"])
        where = ".".join(str(e) for e in path)
        code, message = "bad-record", f"{where}: {first['msg']} ({exc.error_count()} problem(s))"
    line = 0
    if text is not None and path:
        line = line_of(text if isinstance(text, str) else text.decode("utf-8-sig", "replace"), path)
    return InvalidFileError([Diagnostic(file, line, 0, code, message)])


def now() -> datetime:
    """The current time (UTC, whole seconds); `SOURCE_DATE_EPOCH` fixes it for reproducible records."""
    seconds = whole_number(os.environ.get("SOURCE_DATE_EPOCH", "").strip())
    if seconds is not None:
        with contextlib.suppress(OverflowError, ValueError, OSError):  # past the calendar: as if not set
            return datetime.fromtimestamp(seconds, UTC)
    return datetime.now(UTC).replace(microsecond=0)


# Changes to a record: what a session decides and the store journals, one part at a time,
# so that saving one decision costs the same for a 20- or a 2,000-segment transcript.


@dataclass(frozen=True)
class SegmentChange:
    """A segment's decisions (status, codes, polarity, evidence, memo, quote) as they are now."""

    decision: SegmentDecision


@dataclass(frozen=True)
class AttributeChange:
    """A case attribute answered (`answered=False`: the question is open again)."""

    attribute: str
    value: AttributeValue = None
    answered: bool = True


@dataclass(frozen=True)
class VerdictChange:
    """A hypothesis verdict given (`verdict=None`: taken back)."""

    hypothesis: str
    verdict: HypothesisVerdict | None


@dataclass(frozen=True)
class StatusChange:
    status: RecordStatus


RecordChange = SegmentChange | AttributeChange | VerdictChange | StatusChange

_SEGMENT_FIELDS = ("status", "codes", "polarity", "evidence", "memo", "quote_sentences")
# An entry journaled by an earlier jimcode lacks the newer fields: it gave no pole (its codes may differ
# from the segment's), and the segment keeps the quote it has.
_SEGMENT_DEFAULTS: dict[str, Any] = {"polarity": {}}


def change_to_json(change: RecordChange, at: datetime) -> dict:
    """One journal entry: a plain JSON object."""
    stamp = at.isoformat().replace("+00:00", "Z")
    if isinstance(change, SegmentChange):
        fields = change.decision.model_dump(mode="json", include=set(_SEGMENT_FIELDS))
        return {
            "at": stamp,
            "op": "segment",
            "index": change.decision.index,
            "segment_id": change.decision.segment_id,
            **fields,
        }
    if isinstance(change, AttributeChange):
        if not change.answered:
            return {"at": stamp, "op": "attribute", "id": change.attribute, "answered": False}
        return {"at": stamp, "op": "attribute", "id": change.attribute, "value": change.value}
    if isinstance(change, VerdictChange):
        verdict = change.verdict.model_dump(mode="json") if change.verdict else None
        return {"at": stamp, "op": "verdict", "hypothesis": change.hypothesis, "verdict": verdict}
    return {"at": stamp, "op": "status", "status": change.status}


@functools.cache
def _attribute_values() -> TypeAdapter[AttributeValue]:
    return TypeAdapter(AttributeValue)  # made at the first journal line that answers an attribute


def _attribute_value(value: object) -> AttributeValue:
    """An answer as a record holds it; a value of another kind raises ValueError (the model does not check
    an item put into its dict)."""
    return _attribute_values().validate_python(value, strict=True)


class JournalMismatch(ValueError):
    """A journal entry that does not fit its record: `key` names the message (`jimcode.i18n`, `journal.*`),
    `params` fill it in (the store words it in the codebook's language)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params


def apply_journal_entry(record: CodedRecord, entry: dict) -> None:
    """Apply one journal entry to a record in place; raise `JournalMismatch` (or, for an entry that lacks a
    field or has one of the wrong kind, KeyError, TypeError or ValueError) if it does not fit."""
    op = entry.get("op")
    at = datetime.fromisoformat(str(entry["at"]).replace("Z", "+00:00"))
    if op == "segment":
        index = entry["index"]
        if not isinstance(index, int) or not 0 <= index < len(record.segments):
            number = index + 1 if isinstance(index, int) else repr(index)  # segments are numbered from 1
            raise JournalMismatch("journal.no_segment", number=number, count=len(record.segments))
        current = record.segments[index]
        if current.segment_id != entry["segment_id"]:
            raise JournalMismatch(
                "journal.other_segment", number=index + 1, found=current.segment_id, expected=entry["segment_id"]
            )
        decided = {k: entry[k] for k in _SEGMENT_FIELDS if k in entry}
        update = SegmentDecision.model_validate({**current.model_dump(), **_SEGMENT_DEFAULTS, **decided})
        record.segments[index] = update
    elif op == "attribute":
        if entry.get("answered", True):
            record.attributes[str(entry["id"])] = _attribute_value(entry["value"])
        else:
            record.attributes.pop(str(entry["id"]), None)
    elif op == "verdict":
        hypothesis = str(entry["hypothesis"])
        kept = [v for v in record.verdicts if v.hypothesis != hypothesis]
        if entry["verdict"] is not None:
            kept.append(HypothesisVerdict.model_validate(entry["verdict"]))
        record.verdicts = kept
    elif op == "status":
        if entry["status"] not in RECORD_STATUSES:  # the model does not check an assignment
            raise ValueError(f"status {entry['status']!r}")
        record.status = entry["status"]
        record.completed_at = at if record.status == "complete" else None
    else:
        raise JournalMismatch("journal.unknown_operation", op=op)
    record.updated_at = max(record.updated_at, at)


def order_record(record: CodedRecord, attribute_order: list[str], hypothesis_order: list[str]) -> None:
    """Put attributes and verdicts in codebook order (unknown ones last) so diffs stay small."""
    rank = {key: i for i, key in enumerate(attribute_order)}
    record.attributes = dict(sorted(record.attributes.items(), key=lambda kv: rank.get(kv[0], len(rank))))
    verdict_rank = {key: i for i, key in enumerate(hypothesis_order)}
    record.verdicts = sorted(record.verdicts, key=lambda v: verdict_rank.get(v.hypothesis, len(verdict_rank)))


def load_record(path: Path, display: str | None = None) -> CodedRecord:
    """The record in a file (`parse_record`)."""
    file = display or str(path)
    try:
        raw = read_regular(path, MAX_RECORD_BYTES, file)
    except OSError as exc:
        raise InvalidFileError([Diagnostic(file, 0, 0, "unreadable", exc.strerror or str(exc))]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidFileError([Diagnostic(file, 0, 0, "encoding", "not UTF-8 text")]) from None
    return parse_record(text, file)
