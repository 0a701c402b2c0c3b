"""Finding double-coded transcripts: records of different coders on the same transcript.

Records are grouped by transcript id. A group is usable for agreement only when
every coder's record was made from the same text (sha256) cut into the same
segments (segmentation, count and segment ids); otherwise the group is reported
as a mismatch and left out. Nothing is guessed: a mismatch is never aligned.
The consensus record (coder `consensus`) is kept apart: it is the outcome of
reconciling, not a coder's independent judgement.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from jimcode.corpus import LoadedRecord, LoadedRecords
from jimcode.diagnostics import Diagnostic
from jimcode.records.model import CONSENSUS_CODER, CodedRecord

GroupStatus = Literal["double-coded", "not double-coded", "mismatch"]


@dataclass
class TranscriptGroup:
    """All records of one transcript: the coders' (compared) and the consensus (set aside)."""

    transcript_id: str
    records: list[LoadedRecord] = field(default_factory=list)
    consensus: LoadedRecord | None = None
    status: GroupStatus = "not double-coded"
    problem: str | None = None

    @property
    def case(self) -> str:
        first = self.records[0] if self.records else self.consensus
        return first.record.case if first else ""

    @property
    def coders(self) -> list[str]:
        return [entry.coder for entry in self.records]

    @property
    def usable(self) -> bool:
        return self.status == "double-coded"


@dataclass
class RecordSet:
    """The records found, grouped by transcript, and the files skipped on the way."""

    groups: list[TranscriptGroup]
    skipped: list[Diagnostic] = field(default_factory=list)

    @property
    def double_coded(self) -> list[TranscriptGroup]:
        return [group for group in self.groups if group.usable]

    @property
    def coders(self) -> list[str]:
        """Every coder of a double-coded transcript, sorted (the columns of the reliability data)."""
        return sorted({coder for group in self.double_coded for coder in group.coders}, key=str.casefold)

    def all_records(self) -> Iterator[LoadedRecord]:
        for group in self.groups:
            yield from group.records
            if group.consensus:
                yield group.consensus


def pair_records(loaded: LoadedRecords) -> RecordSet:
    """The records (read by `jimcode.corpus.load_records`, each transcript and coder once) by transcript."""
    return RecordSet(group_records(loaded.records), loaded.skipped)


def _fingerprint(record: CodedRecord) -> tuple:
    ref = record.transcript
    return (ref.sha256, ref.segment_by_spec, ref.segments, tuple(s.segment_id for s in record.segments))


def _describe(record: CodedRecord) -> str:
    ref = record.transcript
    return f"sha256 {ref.sha256[:12]}, {len(record.segments)} segments by {ref.segment_by_spec}"


def alignment_problem(records: list[LoadedRecord]) -> str | None:
    """Why these records cannot be compared segment by segment, or None when they can."""
    for entry in records:
        if len(entry.record.segments) != entry.record.transcript.segments:
            return (
                f"{entry.path.name}: says the transcript has {entry.record.transcript.segments} segments "
                f"but lists {len(entry.record.segments)}"
            )
        for position, segment in enumerate(entry.record.segments):
            if segment.index != position:
                return f"{entry.path.name}: segment {segment.segment_id} has index {segment.index}, expected {position}"
    first = records[0]
    for other in records[1:]:
        if _fingerprint(other.record) == _fingerprint(first.record):
            continue
        a, b = first.record, other.record
        if a.transcript.sha256 != b.transcript.sha256:
            why = "the transcript text differs (it was changed between the two coding sessions)"
        else:
            why = "the same text was cut into different segments"
        return (
            f"{why}: {first.coder} ({first.path.name}: {_describe(a)}) "
            f"vs {other.coder} ({other.path.name}: {_describe(b)})"
        )
    return None


def group_records(loaded: Iterable[LoadedRecord]) -> list[TranscriptGroup]:
    """Group by transcript id (in id order) and decide which groups can be compared.

    Each transcript and coder comes once (`jimcode.corpus.check_duplicates`), the consensus too."""
    by_transcript: dict[str, TranscriptGroup] = {}
    for entry in loaded:
        tid = entry.record.transcript.id
        group = by_transcript.setdefault(tid, TranscriptGroup(tid))
        if entry.coder == CONSENSUS_CODER:
            group.consensus = entry
        else:
            group.records.append(entry)
    groups = [by_transcript[tid] for tid in sorted(by_transcript)]
    for group in groups:
        group.records.sort(key=lambda e: (e.coder.casefold(), e.coder))
        if len(group.records) < 2:
            group.status = "not double-coded"
        else:
            group.problem = alignment_problem(group.records)
            group.status = "mismatch" if group.problem else "double-coded"
    return groups
