"""`jimcode retrieve`: every segment coded X, with case, speaker, text, memo and context.

X is a code (by what a coder types for it in a session: number, shortcut or id; or by its label;
child codes included unless `exact`),
a research question (every code under it) or a hypothesis (every piece of evidence, optionally
one stance). Records are read once and chosen per transcript as in `jimcode summary`.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO, cast

from pydantic_core import to_json

from jimcode import __version__
from jimcode.codebook.model import POLE_OF_SIGN, Code, Codebook, NumberedCode, Pole, code_labelled, resolve_code
from jimcode.corpus import Listing, ProgressCallback, SkipCallback, as_current, feed_records
from jimcode.diagnostics import Diagnostic
from jimcode.errors import UsageError
from jimcode.i18n import choose_language, words
from jimcode.modelerrors import did_you_mean
from jimcode.records.choice import RecordChooser
from jimcode.records.model import STANCES
from jimcode.records.quotes import segment_quote
from jimcode.records.stream import RecordStruct, read_record_data, record_problem
from jimcode.summary._digest import CodebookIndex
from jimcode.summary.contract import (
    RETRIEVE_SCHEMA,
    Neighbour,
    RecordStatus,
    ResultCodebook,
    RetrievedSegment,
    RetrieveFiles,
    RetrieveGroup,
    RetrieveResult,
    RetrieveSplit,
    RetrieveTarget,
    Stance,
    TargetKind,
)
from jimcode.summary.result import ReadingLog, filters
from jimcode.summary.split import Split, parse_split
from jimcode.typed import whole_number

_SPILL_IN_MEMORY = 8 << 20  # bytes of matches kept in memory before they go to the temporary file, or are read again


@dataclass(frozen=True)
class RetrieveOptions:
    codebook: Path | None = None
    by: str | None = None
    cases: tuple[str, ...] = ()
    coders: tuple[str, ...] = ()
    status: RecordStatus | None = None
    context: int = 0
    stance: str | None = None  # checked by `Retriever`
    exact: bool = False
    language: str | None = None  # of jimcode's own words (--lang / JIMCODE_LANG); None: the codebook's
    memos: bool = True  # False (--no-memos): the coders' memos and evidence notes are left out


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    id: str
    label: str
    codes: frozenset[str]
    pole: Pole | None = None  # `CODE+` / `CODE-`: only segments with the code at this pole


def _descendants(code: Code) -> list[str]:
    found = [code.id]
    for child in code.codes:
        found += _descendants(child)
    return found


def _code_target(code: Code, exact: bool) -> Target:
    return Target("code", code.id, code.label, frozenset([code.id] if exact else _descendants(code)))


def resolve_target(text: str, codebook: Codebook, exact: bool = False) -> Target:
    """What a coder types for a code (number, shortcut, id, as in the coding session) or its label,
    a research question id, or a hypothesis id (case-insensitive)."""
    numbered = codebook.numbered_codes()
    wanted = text.strip()
    number = whole_number(wanted)
    if number is not None and not 1 <= number <= len(numbered):
        raise UsageError(f"there is no code number {wanted}; the codebook numbers its codes 1-{len(numbered)}")
    code = resolve_code(numbered, wanted)
    if code is not None:
        return _code_target(code.code, exact)
    signed = _signed_code(numbered, wanted)
    if signed is not None:
        return signed
    folded = wanted.casefold()
    for question in codebook.research_questions:
        if question.id.casefold() == folded:
            ids = [e.code.id for e in numbered if e.question.id == question.id]
            return Target("question", question.id, f"{question.id} {question.title}", frozenset(ids))
    for hypothesis in codebook.hypotheses:
        if hypothesis.id.casefold() == folded:
            return Target("hypothesis", hypothesis.id, f"{hypothesis.id} {hypothesis.title}", frozenset())
    labelled = code_labelled(numbered, wanted)  # last: an id or shortcut is what a coder means first
    if labelled is not None:
        return _code_target(labelled.code, exact)
    known = [e.code.id for e in numbered] + [q.id for q in codebook.research_questions]
    known += [h.id for h in codebook.hypotheses] + [e.code.label for e in numbered]
    raise UsageError(
        f"'{text}' is not a code, research question or hypothesis of codebook {codebook.id}"
        f"{did_you_mean(wanted, known)} (jimcode show CODEBOOK lists them)"
    )


def _signed_code(numbered: list[NumberedCode], wanted: str) -> Target | None:
    """`co+` / `12-`, as the coding session applies a code with polarity: that code at that pole."""
    pole = POLE_OF_SIGN.get(wanted[-1:])
    code = resolve_code(numbered, wanted[:-1].strip()) if pole and len(wanted) > 1 else None
    if code is None:
        return None
    if not code.code.has_polarity:
        raise UsageError(f"code {code.code.id} has no polarity; ask for it without {wanted[-1]}")
    return Target("code", code.code.id, code.code.label, frozenset([code.code.id]), pole)


def _neighbour(segment: Any) -> Neighbour:
    return Neighbour(segment=segment.segment_id, speaker=segment.speaker, text=segment.text)


@dataclass(frozen=True)
class _Hit:
    """A matching segment: the `RetrievedSegment` fields but its labels."""

    fields: dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Stored:
    """The matches of a counted record, written to the spill: where, how many, and the `--by` groups
    its case falls in. `start` -1: not in the spill; the record at `path` is read again for them, and
    must still be the file it was (`identity`: its size and time of change)."""

    transcript: str
    start: int
    length: int
    count: int
    keys: tuple[str, ...]
    path: str = ""
    identity: tuple[int, int] | None = None


def _identity(path: str) -> tuple[int, int] | None:
    """The file's size and time of change; None when it is gone (then it is not the file read)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _stance(text: str | None) -> Stance | None:
    for stance in STANCES:
        if text == stance:
            return stance
    if text is not None:
        raise UsageError(f"--stance: '{text}' is not one of {', '.join(STANCES)}")
    return None


class Retriever:
    """Collects the matching segments of the chosen record of each transcript."""

    def __init__(
        self, codebook: Codebook, target: str, options: RetrieveOptions, spill: BinaryIO, reread_after: int | None
    ) -> None:
        self.stance = _stance(options.stance)
        self.codebook = codebook
        self.options = options
        self.index = CodebookIndex(codebook)
        self.target = resolve_target(target, codebook, options.exact)
        if self.stance is not None and self.target.kind != "hypothesis":
            raise UsageError("--stance applies to a hypothesis (e.g. jimcode retrieve H1 --stance contradicts)")
        self.language = choose_language(options.language, codebook.language)
        if self.target.pole is not None:
            pole_word = self.index.codes_by_id[self.target.id].code.pole_label(self.target.pole, self.language)
            self.target = replace(self.target, label=f"{self.target.label}: {pole_word}")
        self.split: Split | None = parse_split(options.by, codebook, self.language)
        self.chooser = RecordChooser(options.coders)
        self.wanted_cases = {c.casefold() for c in options.cases}
        self.spill = spill
        self.reread_after = reread_after  # bytes in the spill beyond which matches are read again instead
        self.stored: dict[tuple[str, str], _Stored] = {}
        self.options_of_split = None if self.split is None else self.index.options.get(self.split.attribute.id)
        self.files_read = 0
        self.filtered_out = 0
        self.log = ReadingLog()

    def skip(self, problem: Diagnostic) -> None:
        self.log.skip(problem)

    def add(self, path: str, record: RecordStruct, display: str, journal: bool = False) -> None:
        if record.codebook.id != self.codebook.id:
            raise record_problem(
                display, "other-codebook", f"coded with codebook '{record.codebook.id}', not '{self.codebook.id}'"
            )
        found = self._matches(record)
        self.files_read += 1
        if journal:
            self.log.pending_journals.append(display)
        status = record.status
        status_ok = self.options.status is None or status == self.options.status
        transcript = record.transcript.id
        cases = {record.case.casefold(), transcript.casefold()}
        wanted = not self.wanted_cases or bool(cases & self.wanted_cases)
        if not (status_ok and wanted and self.chooser.accepts_coder(record.coder)):
            self.filtered_out += 1
            return
        counted, replaced = self.chooser.offer(transcript, record.coder, path, record.transcript.sha256, status)
        if not counted:
            return
        if replaced is not None:
            self.stored.pop((transcript, replaced.coder), None)  # its matches stay in the spill, unread
        if found:
            self.stored[(transcript, record.coder)] = self._store(path, transcript, record.attributes, found)

    def _store(self, path: str, transcript: str, answers: dict[str, Any], found: list[_Hit]) -> _Stored:
        """The record's matches in reading order, each as its JSON (the contract's dump, indented by 2),
        written to the spill; kept in memory is where. Beyond `reread_after` bytes, only which record
        they are in is kept, to read it again when they are written."""
        keys = () if self.split is None else tuple(self.split.keys(answers, self.options_of_split))
        self.spill.seek(0, io.SEEK_END)
        start = self.spill.tell()
        if self.reread_after is not None and start >= self.reread_after:
            return _Stored(transcript, -1, 0, len(found), keys, path, _identity(path))
        data = self._json(found)
        self.spill.write(data)
        return _Stored(transcript, start, len(data), len(found), keys)

    def _json(self, found: list[_Hit]) -> bytes:
        found.sort(key=_reading_order)
        items = [RetrievedSegment(**hit.fields, labels=self._labels(hit.fields)) for hit in found]
        return b",\n".join(to_json(item, indent=2, by_alias=True) for item in items)  # as json.dumps, indent 2

    def read_again(self, stored: _Stored) -> bytes:
        """The JSON of the matches of a record not kept in the spill, from its file."""
        again = None
        if stored.identity is not None and _identity(stored.path) == stored.identity:
            again = self._matches(as_current(read_record_data(stored.path), self.codebook))
        if again is None or len(again) != stored.count:
            raise record_problem(stored.path, "changed", "the record changed while it was read; run again")
        return self._json(again)

    def _matches(self, record: RecordStruct) -> list[_Hit]:
        segments = record.segments
        target = self.target
        context = self.options.context
        transcript = record.transcript.id
        found = []
        for position, segment in enumerate(segments):  # a checked record (`records.stream`): no kinds to check
            codes = segment.codes
            evidence: list[dict[str, Any]] = []
            if target.kind == "hypothesis":
                evidence = [
                    {"stance": e.stance, "note": e.note if self.options.memos else None}
                    for e in segment.evidence
                    if e.hypothesis == target.id and (self.stance is None or e.stance == self.stance)
                ]
                if not evidence:
                    continue
                matched: list[str] = []
            else:
                matched = [code for code in codes if code in target.codes]
                if target.pole is not None and segment.polarity.get(target.id) != target.pole:
                    matched = []
                if not matched:
                    continue
            found.append(
                _Hit(
                    {
                        "case": record.case or transcript,
                        "transcript": transcript,
                        "coder": record.coder,
                        "segment": segment.segment_id,
                        "index": segment.index,
                        "speaker": segment.speaker,
                        "text": segment.text,
                        "quote": segment_quote(segment.text, segment.quote_sentences),
                        "codes": matched,
                        "polarity": {c: p for c, p in segment.polarity.items() if c in matched},
                        "other_codes": [c for c in codes if c not in matched],
                        "evidence": evidence,
                        "memo": segment.memo if self.options.memos else None,
                        "before": [_neighbour(s) for s in segments[max(0, position - context) : position]],
                        "after": [_neighbour(s) for s in segments[position + 1 : position + 1 + context]],
                    },
                )
            )
        return found

    def _labels(self, fields: dict[str, Any]) -> list[str]:
        """The matched codes' labels, a code with polarity with its pole ('Open staan: aanwezig')."""
        by_id = self.index.codes_by_id
        labels = []
        for code in fields["codes"]:
            entry = by_id.get(code)
            pole = fields["polarity"].get(code)
            if entry is None:
                labels.append(code)
            elif pole is not None:
                labels.append(f"{entry.code.label}: {entry.code.pole_label(pole, self.language)}")
            else:
                labels.append(entry.code.label)
        return labels

    def streamed(self) -> StreamedRetrieval:
        """The result without its segments, and where each group's segments wait in the spill (call
        once, after the last record)."""
        stored = sorted(self.stored.values(), key=lambda entry: entry.transcript)
        groups: list[tuple[str | None, str, list[_Stored]]] = [(None, words(self.language)("all_cases"), stored)]
        if self.split is not None:
            by_key: dict[str, list[_Stored]] = {}
            for entry in stored:
                for key in entry.keys:
                    by_key.setdefault(key, []).append(entry)
            groups = [(key, self.split.label(key), by_key[key]) for key in self.split.order(by_key)]
        segments = sum(entry.count for entry in stored)
        head = self._result(
            segments,
            len(stored),
            [
                RetrieveGroup(
                    key=key, label=label, segments=sum(e.count for e in entries), cases=len(entries), items=[]
                )
                for key, label, entries in groups
            ],
        )
        return StreamedRetrieval(head, [entries for _, _, entries in groups], self.spill, self.read_again)

    def _result(self, segments: int, cases: int, groups: list[RetrieveGroup]) -> RetrieveResult:
        target = self.target
        in_progress = self.chooser.in_progress()
        return RetrieveResult(
            schema=RETRIEVE_SCHEMA,
            generated_by=f"jimcode {__version__}",
            codebook=ResultCodebook(
                id=self.codebook.id,
                version=self.codebook.version,
                title=self.codebook.title,
                language=self.codebook.language,
            ),
            interface_language=self.language,
            target=RetrieveTarget(
                kind=target.kind,
                id=target.id,
                label=target.label,
                codes=[e.code.id for e in self.index.numbered if e.code.id in target.codes],
                stance=self.stance,
                pole=target.pole,
            ),
            filters=filters(self.options.cases, self.options.coders, self.options.status),
            context=self.options.context,
            split=None if self.split is None else RetrieveSplit(attribute=self.split.attribute.id, cut=self.split.cut),
            files=RetrieveFiles(
                records_read=self.files_read,
                counted=len(self.chooser.chosen),
                filtered_out=self.filtered_out,
                skipped=self.log.skipped_count,
                skipped_files=self.log.skipped,
                in_progress=len(in_progress),
                in_progress_files=self.log.in_progress_files(self.chooser),
            ),
            warnings=self.log.notices(self.chooser, self.language),
            segments=segments,
            cases=cases,
            groups=groups,
        )


@dataclass(frozen=True)
class StreamedRetrieval:
    """A retrieve result whose segments are read from the spill one record at a time, so that writing it
    takes memory for one record's matches, not for all of them.

    `head`: the result with every group's `items` empty (its counts are right); `chunks[g]`: where the
    segments of group g are, in order, per record: in the spill, or in a record to read again
    (`read_again`); each chunk is the JSON of its segments (`RetrievedSegment` dumps, indented by 2)
    joined by ",\n".
    """

    head: RetrieveResult
    chunks: list[list[_Stored]]
    spill: BinaryIO
    read_again: Callable[[_Stored], bytes]

    def json_chunks(self, group: int) -> Iterator[bytes]:
        """The JSON of group `group`'s segments, a record at a time."""
        for stored in self.chunks[group]:
            if stored.start < 0:
                yield self.read_again(stored)
                continue
            self.spill.seek(stored.start)
            yield self.spill.read(stored.length)

    def items(self, group: int) -> Iterator[RetrievedSegment]:
        """The segments of group `group`, in order."""
        for chunk in self.json_chunks(group):
            for fields in json.loads(b"[" + chunk + b"]"):
                yield RetrievedSegment.model_validate(fields)

    def result(self) -> RetrieveResult:
        """The whole result in memory (for the formats that lay out the page as a whole)."""
        groups = [
            group.model_copy(update={"items": list(self.items(number))})
            for number, group in enumerate(self.head.groups)
        ]
        return self.head.model_copy(update={"groups": groups})


def _reading_order(hit: _Hit) -> int:
    index = hit.fields["index"]
    return index if isinstance(index, int) else 0


@contextmanager
def retrieving(
    target: str,
    records: Listing | Iterable[Path],
    options: RetrieveOptions,
    *,
    spill: Path | None = None,
    strict: bool = False,
    on_skip: SkipCallback | None = None,
    on_progress: ProgressCallback | None = None,
) -> Iterator[StreamedRetrieval]:
    """Every segment matching `target` in the records listed (or under paths) (see the module doc), to
    be written while the block runs. The matches wait in an unnamed temporary file in `spill` (the
    output's folder), kept in memory while they are few. With no `spill` (output to stdout) no file is
    written, since transcripts go nowhere the user did not name: the first 8 MiB of matches are kept in
    memory and the records holding the rest are read again when they are written."""
    store: Any = (
        io.BytesIO() if spill is None else tempfile.SpooledTemporaryFile(max_size=_SPILL_IN_MEMORY, dir=str(spill))  # noqa: SIM115
    )
    reread_after = _SPILL_IN_MEMORY if spill is None else None
    with store:
        retriever = feed_records(
            records,
            lambda codebook: Retriever(codebook, target, options, cast(BinaryIO, store), reread_after),
            codebook=options.codebook,
            strict=strict,
            on_skip=on_skip,
            on_progress=on_progress,
        )
        yield retriever.streamed()


def retrieve(
    target: str,
    records: Listing | Iterable[Path],
    options: RetrieveOptions,
    *,
    strict: bool = False,
    on_skip: SkipCallback | None = None,
    on_progress: ProgressCallback | None = None,
) -> RetrieveResult:
    """Every segment matching `target` (see `retrieving`), the whole result in memory."""
    with retrieving(target, records, options, strict=strict, on_skip=on_skip, on_progress=on_progress) as found:
        return found.result()
