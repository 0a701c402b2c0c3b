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
import os
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, overload

from jimcode.corpus import (
    CodebookKey,
    LineageReader,
    LoadedRecord,
    NamedCodebook,
    RecordEntry,
    RecordIndex,
    codebook_key,
)
from jimcode.diagnostics import Diagnostic
from jimcode.records.model import CONSENSUS_CODER
from jimcode.records.stream import RecordStruct
from jimcode.transcripts.model import segment_by_spec

GroupStatus = Literal["double-coded", "not double-coded", "mismatch"]


@dataclass(frozen=True, slots=True)
class RecordHeader:
    """What agreement keeps of a record between reading it and comparing it: no segment, no text.

    Its strings are shared with the other coders' headers of the transcript and its codebook
    reference with every record naming the same (`HeaderCollector`); its file is its folder (shared
    with the records beside it) and its name, a string or a `Path` when asked, so that 100,000
    headers take a few tens of MiB."""

    folder: str
    name: str
    coder: str
    transcript_id: str
    case: str
    codebook: NamedCodebook
    is_complete: bool
    segments: int
    sha256: str
    segment_by: str  # the segmentation as `segment_by_spec` writes it: 'turn', 'time:60s'
    fingerprint: bytes  # a digest of the segmentation, the segment count and the segment ids

    @classmethod
    def of(
        cls,
        item: LoadedRecord,
        strings: dict[str, str] | None = None,
        codebooks: dict[CodebookKey, NamedCodebook] | None = None,
    ) -> RecordHeader:
        """The header of a record read, read through its fields only (a pydantic record and a record
        struct give the same header). `strings` shares equal strings among headers, `codebooks` equal
        codebook references."""
        record = item.record
        ref = record.transcript
        share = (lambda text: strings.setdefault(text, text)) if strings is not None else _same
        named = record.codebook
        if codebooks is not None:
            named = codebooks.setdefault(codebook_key(named), named)
        segment_by = share(segment_by_spec(ref.segment_by, ref.window_seconds))
        segments = record.segments
        segment_ids = "\0".join([segment_by, str(ref.segments), *(segment.segment_id for segment in segments)])
        folder, name = os.path.split(str(item.path))
        return cls(
            folder=share(folder),
            name=share(name),
            coder=share(record.coder),
            transcript_id=share(ref.id),
            case=share(record.case),
            codebook=named,
            is_complete=record.status == "complete",
            segments=len(segments),
            sha256=share(ref.sha256),
            segment_by=segment_by,
            fingerprint=_digest(segment_ids.encode()),
        )

    @property
    def file(self) -> str:
        """The record's file as it was found (`str` of its path)."""
        return os.path.join(self.folder, self.name)

    @property
    def path(self) -> Path:
        return Path(self.file)

    @property
    def entry(self) -> RecordEntry:
        """The record as the corpus reads it again (`RecordIndex.read`)."""
        return RecordEntry(self.file, self.transcript_id, self.coder, self.is_complete, self.codebook)

    @property
    def description(self) -> str:
        """ "sha256 …, 12 segments by turn", for a mismatch message."""
        return f"sha256 {self.sha256[:12]}, {self.segments} segments by {self.segment_by}"


def _same(text: str) -> str:
    return text


@dataclass(slots=True)
class TranscriptGroup:
    """All records of one transcript: the coders' (compared) and the consensus (set aside).

    `disputed`: the positions of the segments the deciding coders differ on, noted while the figures
    are counted (`jimcode.agreement.report`), so that the report reads only those again; None when
    not noted."""

    transcript_id: str
    records: list[RecordHeader] = field(default_factory=list)
    consensus: RecordHeader | None = None
    status: GroupStatus = "not double-coded"
    problem: str | None = None
    disputed: array[int] | None = None

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

    def named_codebooks(self) -> Sequence[tuple[NamedCodebook, Path]]:
        """The codebook each record names, with its file, in the order found (for `find_codebook`): each
        pair made when it is read, not a list of them all."""
        return _NamedCodebooks(self.records)


class _NamedCodebooks(Sequence[tuple[NamedCodebook, Path]]):
    def __init__(self, headers: Sequence[RecordHeader]) -> None:
        self._headers = headers

    def __len__(self) -> int:
        return len(self._headers)

    @overload
    def __getitem__(self, position: int) -> tuple[NamedCodebook, Path]: ...

    @overload
    def __getitem__(self, position: slice) -> list[tuple[NamedCodebook, Path]]: ...

    def __getitem__(self, position: int | slice) -> tuple[NamedCodebook, Path] | list[tuple[NamedCodebook, Path]]:
        if isinstance(position, slice):
            return [(header.codebook, header.path) for header in self._headers[position]]
        header = self._headers[position]
        return header.codebook, header.path


class HeaderCollector:
    """Keeps the header of each record `jimcode.corpus.index_records` reads (pass it as `visit`)."""

    def __init__(self) -> None:
        self.headers: list[RecordHeader] = []  # in the order read
        self._strings: dict[str, str] = {}
        self._codebooks: dict[CodebookKey, NamedCodebook] = {}

    def __call__(self, item: LoadedRecord) -> None:
        self.headers.append(RecordHeader.of(item, self._strings, self._codebooks))

    def record_set(self, index: RecordIndex) -> RecordSet:
        """The records of `index` (after `--complete-only`, in the order found), grouped by transcript.

        The collector lets its headers go."""
        headers, self.headers, self._strings, self._codebooks = self.headers, [], {}, {}
        kept = _headers_of(index.entries, headers)
        del headers
        return RecordSet(group_records(kept), list(index.skipped), kept, list(index.warnings))


def _headers_of(entries: Sequence[RecordEntry], headers: Sequence[RecordHeader]) -> list[RecordHeader]:
    """The header of each entry. `index_records` visits each record just before it makes its entry, so
    the headers come in the entries' order, with those of the records `--complete-only` left out among
    them; found by file otherwise (a list in order holds 100,000 headers in 5 MiB less than a dict)."""
    kept = []
    following = iter(headers)
    for entry in entries:
        file = entry.file
        header = next((header for header in following if header.file == file), None)
        if header is None:
            by_file = {header.file: header for header in headers}
            return [by_file[entry.file] for entry in entries]
        kept.append(header)
    return kept


def _digest(segment_ids: bytes) -> bytes:
    return hashlib.blake2b(segment_ids, digest_size=16).digest()


def alignment_problem(records: Sequence[LoadedRecord | RecordHeader]) -> str | None:
    """Why these records cannot be compared segment by segment, or None when they can.

    Each record's own numbering (indexes in order, as many segments as its transcript has) is the
    record model's rule, checked when it was read; what is left is whether they match each other."""
    headers = [entry if isinstance(entry, RecordHeader) else RecordHeader.of(entry) for entry in records]
    first = headers[0]
    for other in headers[1:]:
        if (other.sha256, other.fingerprint) == (first.sha256, first.fingerprint):
            continue
        if first.sha256 != other.sha256:
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


def read_group(group: TranscriptGroup, lineage: LineageReader | None = None) -> list[RecordStruct]:
    """The coders' records of a group, read again (in the group's coder order) to be compared, through
    `lineage` when given."""
    return list(RecordIndex.read([header.entry for header in group.records], lineage))
