"""A REFI-QDA project (`.qdpx`) back to coded records, one per (text source, coder).

A source jimcode exported (its Description carries a `[jimcode]` block) comes back exactly: its
selections are the segments (named by segment id), the case descriptions restore each record's
status, timestamps and segment states, variables restore attributes, interview facts and
verdicts, notes restore memos and evidence.

Any other text source is segmented by line (each non-empty line a segment, ids s001, s002, ...)
and each coding goes to every segment its selection overlaps; the coder is the coding's
creatingUser (or `default_coder`); notes on a selection become memos.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

from pydantic import ValidationError

from jimcode.errors import JimcodeError
from jimcode.records.model import (
    STANCES,
    VERDICTS,
    CodebookRef,
    CodedRecord,
    Evidence,
    HypothesisVerdict,
    InterviewInfo,
    SegmentDecision,
    TranscriptRef,
    now,
)
from jimcode.refi.codebook_in import ImportedCodebook, build_codebook, slugify
from jimcode.refi.codebook_read import read_codebook_parts
from jimcode.refi.container import open_refi
from jimcode.refi.project_read import (
    CaseInfo,
    ProjectParts,
    SelectionInfo,
    SourceInfo,
    decode_value,
    json_marker,
    read_project_parts,
)


@dataclass
class ImportedProject:
    records: list[CodedRecord]
    codebook: ImportedCodebook
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Segment:
    segment_id: str
    speaker: str | None
    start: int
    end: int
    text: str


def import_project(path: Path, *, default_coder: str = "imported") -> ImportedProject:
    display = str(path)
    with open_refi(path) as package:
        if package.kind != "Project":
            raise JimcodeError(
                f"{display}: not a REFI-QDA project (the root element is <{package.kind}>); "
                "for a codebook use `jimcode import codebook`"
            )
        codebook = build_codebook(read_codebook_parts(package), path.name, for_records=True)
        parts = read_project_parts(package, codebook)
        stamp = _project_time(package.root.get("modifiedDateTime") or package.root.get("creationDateTime"))
    builder = _RecordBuilder(parts, codebook, default_coder, stamp)
    records = [record for source in parts.sources for record in builder.records_of(source)]
    warnings = [*codebook.warnings, *parts.warnings, *builder.warnings()]
    if not records:
        why = f" ({parts.warnings[-1]})" if parts.warnings else ""
        raise JimcodeError(f"{display}: the project holds no coded text sources, so no records to write{why}")
    return ImportedProject(records, codebook, warnings)


def _project_time(text: str | None) -> datetime:
    if text:
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        except ValueError:
            pass
    return now()  # honours SOURCE_DATE_EPOCH, like every record timestamp


class _RecordBuilder:
    def __init__(self, parts: ProjectParts, codebook: ImportedCodebook, default_coder: str, stamp: datetime) -> None:
        self.parts, self.codebook, self.default_coder, self.stamp = parts, codebook, default_coder, stamp
        self.unknown_codes = 0
        self.question_codings = 0
        self.bad_values: list[str] = []
        self.fallback_sources: list[str] = []

    def coder(self, *users: str | None) -> str:
        """The name of the first known user among `users`, then the project's creator, then the default."""
        for user in (*users, self.parts.creating_user):
            if user and user in self.parts.users:
                return self.parts.users[user]
        return self.default_coder

    def records_of(self, source: SourceInfo) -> list[CodedRecord]:
        exact = source.marker.get("type") == "transcript" and _selections_are_segments(source.selections)
        if source.marker.get("type") == "transcript" and not exact:
            self.fallback_sources.append(source.name)
        segments = _segments_from_selections(source) if exact else _segments_by_line(source.text)
        transcript_ref = json_marker(source.marker, "transcript")
        transcript_id = transcript_ref.get("id") or slugify(Path(source.name).stem) or source.guid
        cases = [
            c
            for c in self.parts.cases
            if c.marker.get("type") == "record" and c.marker.get("transcript") == transcript_id
        ]
        foreign_case = next((c for c in self.parts.cases if source.guid in c.sources and not c.marker), None)
        decisions: dict[str, dict[int, dict]] = {}
        for case in cases:
            decisions.setdefault(case.marker.get("coder") or self.default_coder, {})
        ends = [segment.end for segment in segments]
        for selection in source.selections:
            hits = _overlapping(segments, ends, selection)
            for coding in selection.codings:
                code_id, pole = self._code_id(coding.code)
                if code_id is None:
                    continue
                for index in hits:
                    entry = _entry(decisions, self.coder(coding.user, selection.user), index)
                    if code_id not in entry["codes"]:
                        entry["codes"].append(code_id)
                    if pole is not None:
                        entry["polarity"][code_id] = pole
            self._notes(selection, hits, decisions, exact)
        records = []
        for coder in sorted(decisions):
            coder_case = next((c for c in cases if c.marker.get("coder") == coder), None)
            records.append(
                self._record(
                    source, segments, transcript_ref, transcript_id, coder, decisions[coder], coder_case or foreign_case
                )
            )
        return records

    def _code_id(self, guid: str | None) -> tuple[str | None, str | None]:
        """The code a coding refers to, and its pole when it refers to a pole's child code."""
        if guid is not None and guid in self.codebook.code_ids:
            return self.codebook.code_ids[guid], None
        if guid is not None and guid in self.codebook.pole_codes:
            return self.codebook.pole_codes[guid]
        if guid is not None and guid in self.codebook.question_codes:
            self.question_codings += 1
        else:
            self.unknown_codes += 1
        return None, None

    def _notes(self, selection: SelectionInfo, hits: list[int], decisions: dict, exact: bool) -> None:
        for guid in selection.notes:
            note = self.parts.notes.get(guid)
            if note is None:
                continue
            coder = note.marker.get("coder") or self.coder(note.user, selection.user)
            for index in hits:
                entry = _entry(decisions, coder, index)
                hypothesis, stance = note.marker.get("hypothesis"), note.marker.get("stance")
                if note.marker.get("type") == "quote":  # jimcode's own: the sentences marked, in its marker
                    marked = note.marker.get("sentences", "").split()
                    entry["quotes"].update(int(n) for n in marked if _SENTENCE_NUMBER.fullmatch(n))
                elif note.marker.get("type") == "evidence" and hypothesis and stance in STANCES:
                    prefix = f"{hypothesis} {stance}"
                    remark = note.text[len(prefix) :].lstrip(":").strip() if note.text.startswith(prefix) else note.text
                    entry["evidence"].append(Evidence(hypothesis=hypothesis, stance=stance, note=remark or None))
                elif note.text:
                    entry["memos"].append(note.text)
        if not exact and selection.description.strip():
            for index in hits:
                _entry(decisions, self.coder(selection.user), index)["memos"].append(selection.description.strip())

    def _record(
        self,
        source: SourceInfo,
        segments: list[_Segment],
        transcript_ref: dict,
        transcript_id: str,
        coder: str,
        decided: dict[int, dict],
        case: CaseInfo | None,
    ) -> CodedRecord:
        marker = case.marker if case is not None and case.marker.get("type") == "record" else {}
        attributes, interview, verdicts = self._values(case, transcript_id, coder)
        for attribute_id in marker.get("empty_answers", "").split():
            attributes.setdefault(attribute_id, None)
        not_relevant = set(marker.get("not_relevant", "").split())
        still_open = set(marker.get("open", "").split())
        decisions = []
        for index, segment in enumerate(segments):
            entry = decided.get(index) or _new_entry()
            status = (
                "not_relevant"
                if segment.segment_id in not_relevant
                else "open"
                if segment.segment_id in still_open
                else "coded"
            )
            decisions.append(
                SegmentDecision(
                    segment_id=segment.segment_id,
                    index=index,
                    speaker=segment.speaker,
                    text=segment.text,
                    status=status,
                    codes=entry["codes"],
                    polarity=entry["polarity"],
                    evidence=entry["evidence"],
                    memo="\n\n".join(entry["memos"]) or None,
                    quote_sentences=sorted(entry["quotes"]),
                )
            )
        normalised = "\n".join(s.text for s in segments)
        transcript = {
            "id": transcript_id,
            "path": source.name,
            "sha256": hashlib.sha256(normalised.encode("utf-8")).hexdigest(),
            "format": "text",
            "segment_by": "paragraph",
            **transcript_ref,
            "segments": len(segments),
        }
        codebook_ref = json_marker(marker, "codebook") or {
            "id": self.codebook.data["id"],
            "version": self.codebook.data["version"],
            "sha256": "",
        }
        try:
            return CodedRecord(
                transcript=TranscriptRef.model_validate(transcript),
                codebook=CodebookRef.model_validate(codebook_ref),
                case=marker.get("case") or (case.name if case is not None and case.name else transcript_id),
                coder=coder,
                reconciled_from=[c.strip() for c in marker.get("reconciled_from", "").split(",") if c.strip()],
                status=marker.get("status") if marker.get("status") in ("in_progress", "complete") else "complete",
                started_at=_moment(marker.get("started_at"), self.stamp),
                updated_at=_moment(marker.get("updated_at"), self.stamp),
                completed_at=_moment(marker.get("completed_at"), None) if marker else self.stamp,
                interview=InterviewInfo.model_validate(interview),
                attributes=attributes,
                segments=decisions,
                verdicts=verdicts,
            )
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(e) for e in first["loc"])
            raise JimcodeError(
                f"source {source.name}: cannot make a record for {coder}: {where}: {first['msg']}"
            ) from None

    def _values(
        self, case: CaseInfo | None, transcript_id: str, coder: str
    ) -> tuple[dict, dict, list[HypothesisVerdict]]:
        attributes: dict[str, object] = {}
        interview: dict[str, str] = {}
        verdicts: dict[str, dict] = {}
        for guid, text in (case.values if case is not None else {}).items():
            info = self.parts.variables.get(guid)
            if info is None:
                continue
            if info.role == "attribute":
                value = decode_value(info, text)
                if value is None and text:
                    self.bad_values.append(f"{transcript_id}/{coder}: {info.key}={text!r}")
                    continue
                attributes[info.key] = value
            elif info.role == "interview" and info.key in InterviewInfo.model_fields:
                interview[info.key] = text
            elif info.role == "verdict" and text in VERDICTS:
                verdicts.setdefault(info.key, {})["verdict"] = text
            elif info.role == "verdict-note":
                verdicts.setdefault(info.key, {})["note"] = text or None
        ordered = [HypothesisVerdict(hypothesis=h, **v) for h, v in verdicts.items() if "verdict" in v]
        return attributes, interview, ordered

    def warnings(self) -> list[str]:
        found = []
        if self.unknown_codes:
            found.append(f"{self.unknown_codes} coding(s) refer to codes not in the codebook; skipped")
        if self.question_codings:
            found.append(
                f"{self.question_codings} coding(s) of top-level codes that became research questions; skipped"
            )
        if self.bad_values:
            found.append(
                f"{len(self.bad_values)} variable value(s) do not fit their type; skipped: {self.bad_values[0]}"
            )
        if self.fallback_sources:
            found.append(
                f"jimcode source(s) whose selections are no longer one per segment were segmented by line: "
                f"{', '.join(self.fallback_sources)}"
            )
        return found


def _entry(decisions: dict[str, dict[int, dict]], coder: str, index: int) -> dict:
    return decisions.setdefault(coder, {}).setdefault(index, _new_entry())


def _new_entry() -> dict:
    """What a coder's selections and notes give one segment, gathered before its decision is made."""
    return {"codes": [], "polarity": {}, "evidence": [], "memos": [], "quotes": set()}


def _moment(text: str | None, default: datetime | None) -> datetime | None:
    if not text:
        return default
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return default


def _selections_are_segments(selections: list[SelectionInfo]) -> bool:
    names = [s.name for s in selections]
    if not names or any(not n for n in names) or len(set(names)) != len(names):
        return False
    spans = sorted((s.start, s.end) for s in selections)
    return all(previous[1] <= current[0] for previous, current in pairwise(spans))


_SPEAKER = re.compile(r"(?:^|\n)([^\n]*): $")
# A sentence number as jimcode writes it (not `²`, which str.isdigit takes, nor 5,000 digits int() refuses).
_SENTENCE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


def _segments_from_selections(source: SourceInfo) -> list[_Segment]:
    segments = []
    previous_end = 0
    for selection in sorted(source.selections, key=lambda s: s.start):
        prefix = source.text[previous_end : selection.start]
        match = _SPEAKER.search(prefix)
        speaker = match.group(1).strip() or None if match else None
        text = source.text[selection.start : selection.end].replace("\r\n", "\n")
        segments.append(_Segment(selection.name, speaker, selection.start, selection.end, text))
        previous_end = selection.end
    return segments


def _segments_by_line(text: str) -> list[_Segment]:
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\r\n]*\S[^\r\n]*", text)]
    width = max(3, len(str(len(spans))))
    return [
        _Segment(f"s{index + 1:0{width}d}", None, start, end, text[start:end])
        for index, (start, end) in enumerate(spans)
    ]


def _overlapping(segments: list[_Segment], ends: list[int], selection: SelectionInfo) -> list[int]:
    """Indexes of the segments a selection overlaps (segments are ordered and do not overlap; `ends` their ends).

    A zero-length selection belongs to the segment that contains its position.
    """
    index = bisect_left(ends, selection.start)
    hits = []
    while index < len(segments) and segments[index].start <= selection.end:
        segment = segments[index]
        overlaps = segment.start < selection.end and selection.start < segment.end
        if overlaps or (selection.start == selection.end and segment.start <= selection.start <= segment.end):
            hits.append(index)
            if selection.start == selection.end:
                break
        index += 1
    return hits
