"""Finding double-coded transcripts: records of different coders on the same transcript.

Records are grouped by transcript id. A group is usable for agreement only when
every coder's record was made from the same text (sha256) cut into the same
segments (segmentation, count and segment ids); otherwise the group is reported
as a mismatch and left out. Nothing is guessed: a mismatch is never aligned.
The consensus record (coder `consensus`) is kept apart: it is the outcome of
reconciling, not a coder's independent judgement.

Records are read one at a time (`jimcode.corpus.index_records` with a `HeaderCollector`) and only
their headers are kept (who coded which transcript, with which codebook, cut into which segments),
so that a study of any size fits in memory; the report reads the records of a double-coded
transcript again when it compares them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from jimcode.corpus import LoadedRecord, NamedCodebook, RecordIndex
from jimcode.diagnostics import Diagnostic
from jimcode.records.model import CONSENSUS_CODER
from jimcode.records.stream import RecordStruct
from jimcode.transcripts.model import segment_by_spec

GroupStatus = Literal["double-coded", "not double-coded", "mismatch"]


@dataclass(frozen=True, slots=True)
class RecordHeader:
    """What agreement keeps of a record between reading it and comparing it: no segment, no text."""

    path: Path
    coder: str
    transcript_id: str
    case: str
    codebook: NamedCodebook
    is_complete: bool
    segments: int
    fingerprint: tuple[str, str, int, bytes]  # sha256, segmentation, segment count, digest of the segment ids
    description: str  # "sha256 …, 12 segments by turn", for a mismatch message

    @classmethod
    def of(cls, entry: LoadedRecord, codebooks: dict[tuple, NamedCodebook] | None = None) -> RecordHeader:
        """The header of a record read; `codebooks` shares one reference among the records naming the same."""
        record = entry.record
        ref = record.transcript
        named = record.codebook
        codebook = (
            named
            if codebooks is None
            else codebooks.setdefault((named.id, named.version, named.sha256, named.path), named)
        )
        segment_ids = "\0".join(segment.segment_id for segment in record.segments).encode()
        split_by = segment_by_spec(ref.segment_by, ref.window_seconds)
        return cls(
            path=entry.path,
            coder=record.coder,
            transcript_id=ref.id,
            case=record.case,
            codebook=codebook,
            is_complete=record.status == "complete",
            segments=len(record.segments),
            fingerprint=(
                ref.sha256,
                split_by,
                ref.segments,
                _digest(segment_ids),
            ),
            description=f"sha256 {ref.sha256[:12]}, {len(record.segments)} segments by {split_by}",
        )


@dataclass
class TranscriptGroup:
    """All records of one transcript: the coders' (compared) and the consensus (set aside)."""

    transcript_id: str
    records: list[RecordHeader] = field(default_factory=list)
    consensus: RecordHeader | None = None
    status: GroupStatus = "not double-coded"
    problem: str | None = None

    @property
    def case(self) -> str:
        first = self.records[0] if self.records else self.consensus
        return first.case if first else ""

    @property
    def coders(self) -> list[str]:
        return [entry.coder for entry in self.records]

    @property
    def segments(self) -> int:
        """The number of segments (the same in every record of a usable group)."""
        return self.records[0].segments if self.records else 0

    @property
    def usable(self) -> bool:
        return self.status == "double-coded"


@dataclass
class RecordSet:
    """The records found (their headers, in the order found), grouped by transcript, and what was passed over.

    `warnings`: links not followed.
    """

    groups: list[TranscriptGroup]
    skipped: list[Diagnostic] = field(default_factory=list)
    records: list[RecordHeader] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def double_coded(self) -> list[TranscriptGroup]:
        return [group for group in self.groups if group.usable]

    @property
    def coders(self) -> list[str]:
        """Every coder of a double-coded transcript, sorted (the columns of the reliability data)."""
        return sorted({coder for group in self.double_coded for coder in group.coders}, key=str.casefold)

    def all_records(self) -> Iterator[RecordHeader]:
        for group in self.groups:
            yield from group.records
            if group.consensus:
                yield group.consensus

    def named_codebooks(self) -> list[tuple[NamedCodebook, Path]]:
        """The codebook each record names, with its file, in the order found (for `find_codebook`)."""
        return [(header.codebook, header.path) for header in self.records]


class HeaderCollector:
    """Keeps the header of each record `jimcode.corpus.index_records` reads (pass it as `visit`)."""

    def __init__(self) -> None:
        self.headers: dict[Path, RecordHeader] = {}
        self._codebooks: dict[tuple, NamedCodebook] = {}

    def __call__(self, entry: LoadedRecord) -> None:
        self.headers[entry.path] = RecordHeader.of(entry, self._codebooks)

    def record_set(self, index: RecordIndex) -> RecordSet:
        """The records of `index` (after `--complete-only`, in the order found), grouped by transcript."""
        kept = [self.headers[entry.path] for entry in index.entries]
        return RecordSet(group_records(kept), list(index.skipped), kept, list(index.warnings))


def _digest(segment_ids: bytes) -> bytes:
    return hashlib.blake2b(segment_ids, digest_size=16).digest()


def alignment_problem(records: Sequence[LoadedRecord | RecordHeader]) -> str | None:
    """Why these records cannot be compared segment by segment, or None when they can.

    Each record's own numbering (indexes in order, as many segments as its transcript has) is the
    record model's rule, checked when it was read; what is left is whether they match each other."""
    headers = [entry if isinstance(entry, RecordHeader) else RecordHeader.of(entry) for entry in records]
    first = headers[0]
    for other in headers[1:]:
        if other.fingerprint == first.fingerprint:
            continue
        if first.fingerprint[0] != other.fingerprint[0]:
            why = "the transcript text differs (it was changed between the two coding sessions)"
        else:
            why = "the same text was cut into different segments"
        return (
            f"{why}: {first.coder} ({first.path.name}: {first.description}) "
            f"vs {other.coder} ({other.path.name}: {other.description})"
        )
    return None


def group_records(headers: Iterable[RecordHeader]) -> list[TranscriptGroup]:
    """Group by transcript id (in id order) and decide which groups can be compared.

    Each transcript and coder comes once (`jimcode.corpus.index_records` checks), the consensus too."""
    by_transcript: dict[str, TranscriptGroup] = {}
    for header in headers:
        tid = header.transcript_id
        group = by_transcript.setdefault(tid, TranscriptGroup(tid))
        if header.coder == CONSENSUS_CODER:
            group.consensus = header
        else:
            group.records.append(header)
    groups = [by_transcript[tid] for tid in sorted(by_transcript)]
    for group in groups:
        group.records.sort(key=lambda e: (e.coder.casefold(), e.coder))
        if len(group.records) < 2:
            group.status = "not double-coded"
        else:
            group.problem = alignment_problem(group.records)
            group.status = "mismatch" if group.problem else "double-coded"
    return groups


def read_group(group: TranscriptGroup) -> list[RecordStruct]:
    """The coders' records of a group, read again as record structs (in the group's coder order) to be compared."""
    from jimcode.records.stream import read_record_data

    return [read_record_data(str(header.path)) for header in group.records]
