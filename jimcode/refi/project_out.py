"""Coded records as a REFI-QDA project (`.qdpx`): a zip with `project.qde` and `sources/<GUID>.txt`.

- Users: one per coder.
- CodeBook: as in a `.qdc` (`codebook_out`); hypotheses as Sets.
- Variables: the codebook's case attributes (typed), the interview facts that records carry
  (interviewee, organisation, ...), and per hypothesis "H1 verdict" (and "H1 verdict note").
- Cases: one per record (transcript x coder), with its variable values and a SourceRef.
- Sources: one text source per transcript. Its plain text is built from the record's copies of the
  segment texts (the transcript file is not needed): each segment is "Speaker: text" (just "text"
  when it has no speaker), segments separated by one blank line, a final newline, "\n" line ends.
- Every segment is a PlainTextSelection named by its segment id, spanning the segment's text (not
  the "Speaker: " label), offsets in code points, 0-based, end exclusive. Each coder's codes on it
  are Codings (creatingUser = the coder); memos, evidence and marked quotes are Notes referenced from it.
Everything is derived from the records, and GUIDs from ids, so two exports are identical.

How it is written: `ProjectPlan` learns what the head needs (users, variables, dates) while the
records are read; `ProjectPieces` renders each transcript's cases, source, notes and text as soon as
its records are known, into temporary files; `write_project` writes the head and then the pieces in
export order. `OnePass` renders during the one reading when the listing keeps each transcript's
records together; else `write_project` renders the transcripts as they are read a second time.
"""

from __future__ import annotations

import contextlib
import functools
import json
import shutil
import tempfile
import xml.etree.ElementTree as ET
import zipfile
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import compress
from operator import attrgetter
from pathlib import Path
from typing import IO, NamedTuple, Protocol

from jimcode import __version__
from jimcode.codebook.model import Codebook
from jimcode.errors import JimcodeError
from jimcode.records.model import InterviewInfo, SegmentDecision
from jimcode.records.quotes import segment_quote
from jimcode.records.stream import RecordStruct, as_datetime, read_record_data
from jimcode.refi.codebook_out import code_guid, codes_element, origin, pole_guid, sets_element
from jimcode.refi.project_text import (
    case_description,
    normalise_newlines,
    source_description,
    source_layout,
    variable_text,
    xml_datetime,
)
from jimcode.refi.qdaxml import (
    GUID_SEPARATOR,
    PROJECT_NS,
    Builder,
    guid_of_key,
    guids_of_keys,
    stable_guid,
    with_marker,
    xml_text,
)

_VARIABLE_TYPES = {
    "integer": "Integer",
    "number": "Float",
    "boolean": "Boolean",
    "category": "Text",
    "multi_choice": "Text",
    "text": "Text",
}
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_INTERVIEW_NAMES = {"interviewee": "Interviewee", "interviewer": "Interviewer"}
_INTERVIEW_FIELDS = tuple(InterviewInfo.model_fields)
# How the archive is compressed (README "Speed and memory" and docs/performance-history.md have the figures):
# by ISA-L when it is installed (`_fast_deflate`); else every entry at zlib's fastest level: 2.5 times
# as fast as its default (6) for project.qde, the whole .qdpx about 15% larger (storing the sources'
# texts as they are saved 0.1 s per 1,000 records more, but made the file twice as large: a project is
# sent to colleagues and other QDA tools).
_DEFLATE_LEVEL = 1
_SEP = GUID_SEPARATOR
_CODING_END = '" />\n        </Coding>'


@dataclass(frozen=True)
class VariableSpec:
    """A declared variable and where a record holds its value: `source` "attribute" (`key` an attribute
    id), "interview" (a field of `record.interview`), "verdict" or "verdict-note" (`key` a hypothesis)."""

    guid: str
    kind: str  # typeOfVariable
    name: str
    description: str
    source: str
    key: str

    @functools.cached_property
    def opening(self) -> str:
        """A case's VariableValue up to its value element's tag, unclosed (as `_write_node` lays it out)."""
        reference = f'<VariableRef targetGUID="{self.guid}" />'
        return f"\n      <VariableValue>\n        {reference}\n        <{self.kind}Value"


def user_guid(coder: str) -> str:
    return stable_guid("user", coder)


def source_guid(transcript_id: str) -> str:
    return stable_guid("source", transcript_id)


def variable_guid(codebook_id: str, *parts: str) -> str:
    return stable_guid(codebook_id, "variable", *parts)


class ProjectPlan:
    """What the project needs to know of all the records before it writes the first element (the
    users, the variables, the dates, the checks), learnt from one reading of them (`add` each
    record, as `jimcode.corpus.index_records` reads it). Nothing of a record's segments is kept but
    the codes applied, and per transcript only whether it has more than one record. (That the records
    of a transcript hold the same segments is checked when they are rendered, side by side.)

    A record is read through its fields only (a record struct, as `RecordIndex.read` gives it)."""

    def __init__(self) -> None:
        self.coders: set[str] = set()
        self.moments: list[datetime] = []  # the earliest and the latest
        self.interview: set[str] = set()
        self.verdicts: set[str] = set()
        self.verdict_notes: set[str] = set()
        self.attributes: set[str] = set()
        self.codes: set[str] = set()  # every code a record applies
        self.transcripts: set[str] = set()  # every transcript read
        self.shared: set[str] = set()  # transcripts with more than one record (their cases name the coder)

    def add(self, record: RecordStruct) -> None:
        self.coders.add(record.coder)
        moments = [*self.moments, as_datetime(record.started_at), as_datetime(record.updated_at)]
        self.moments = [min(moments, key=_comparable), max(moments, key=_comparable)]
        interview = record.interview
        self.interview.update(field for field in _INTERVIEW_FIELDS if getattr(interview, field))
        for verdict in record.verdicts:
            self.verdicts.add(verdict.hypothesis)
            if verdict.note:
                self.verdict_notes.add(verdict.hypothesis)
        self.attributes.update(record.attributes)
        self.codes.update(*[segment.codes for segment in record.segments])
        transcript_id = record.transcript.id
        if transcript_id in self.transcripts:
            self.shared.add(transcript_id)
        else:
            self.transcripts.add(transcript_id)

    def check(self, codebook: Codebook, in_order: Iterable[tuple[Path, str, str]]) -> list[str]:
        """Refuse codes the codebook does not define (the first in export order); warnings for what is left out.

        `in_order`: (path, transcript id, coder) of the records to export, in the order they are written;
        read only when there is a problem to name."""
        # An old id the lineage maps to one current code is read as that code (a split is refused).
        renamed = {old for old, new in codebook.lineage().codes.items() if len(new) == 1}
        known = set(codebook.codes_by_id()) | renamed
        if not self.codes <= known:  # rare: the records are read again to name the first
            for path, _, _ in in_order:
                _refuse_unknown_code(read_record_data(str(path)), known, codebook)
        extra = sorted(self.attributes - {a.id for a in codebook.case_attributes})
        if extra:
            return [f"answers to attributes the codebook does not define were left out: {', '.join(extra)}"]
        return []


def _reshaped(group: list[RecordStruct]) -> str | None:
    """Why the records of one transcript cannot be exported together: they must hold the same segments
    (ids, speakers, texts), one selection each with every coder's codings."""
    if len(group) < 2:
        return None
    shape = _shape(group[0])
    if all(_shape(record) == shape for record in group[1:]):
        return None
    return (
        f"the records of transcript {group[0].transcript.id} ({', '.join(r.coder for r in group)}) hold "
        "different segments (coded on different versions of the transcript?); export them separately"
    )


def _variable_spec(codebook: Codebook, source: str, key: str) -> VariableSpec:
    """The Variable of a case attribute, an interview field, a hypothesis's verdict or its note."""
    cid = codebook.id
    if source == "attribute":
        attribute = next(a for a in codebook.case_attributes if a.id == key)
        encoded = json.dumps(attribute.model_dump(mode="json", exclude_none=True), ensure_ascii=False)
        description = with_marker(attribute.question, {"attribute": encoded})
        return VariableSpec(
            variable_guid(cid, key), _VARIABLE_TYPES[attribute.type], attribute.label, description, source, key
        )
    if source == "interview":
        description = with_marker(f"Interview: {key}", {"type": "interview", "field": key})
        name = _INTERVIEW_NAMES.get(key, f"Interview {key}")
        return VariableSpec(variable_guid(cid, "interview", key), "Text", name, description, source, key)
    if source == "verdict":
        marker = {"type": "verdict", "hypothesis": key}
        description = with_marker(f"Verdict on hypothesis {key} for the case", marker)
        return VariableSpec(variable_guid(cid, "verdict", key), "Text", f"{key} verdict", description, source, key)
    marker = {"type": "verdict", "hypothesis": key, "part": "note"}
    description = with_marker(f"Note on the verdict on hypothesis {key}", marker)
    name = f"{key} verdict note"
    return VariableSpec(variable_guid(cid, "verdict-note", key), "Text", name, description, source, key)


def _shape(record: RecordStruct) -> list[tuple[str, str | None, str]]:
    return [(segment.segment_id, segment.speaker, segment.text) for segment in record.segments]


def _comparable(moment: datetime) -> datetime:
    """A date without a time zone read as UTC, so that records that give one and records that do not compare."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _refuse_unknown_code(record: RecordStruct, known: set[str], codebook: Codebook) -> None:
    for segment in record.segments:
        unknown = [code for code in segment.codes if code not in known]
        if unknown:
            raise JimcodeError(
                f"record of {record.transcript.id} by {record.coder}: segment {segment.segment_id} has code "
                f"'{unknown[0]}', which codebook {codebook.id} does not define "
                "(pass the codebook the records were coded with: --codebook)"
            )


class ProjectPieces:
    """Each transcript's pieces of `project.qde` (its cases, its TextSource, its notes) and its plain text,
    rendered as soon as its records are known (`add`, one transcript at a time, in any order) into
    unnamed temporary files beside the output; what is kept per transcript is its id and where its
    pieces end (`write_project` puts them in export order).

    The pieces are those of one tree indented by two spaces, as ElementTree writes it; the elements
    that repeat (cases, selections, codings, notes) are written as text, without an object each.

    A case needs no more than its record: a VariableValue is written for each variable the record has
    a value for, in the one order of the Variables (`_verdict_rank`). Only a value that declares no
    variable by itself (an empty interview field or verdict note, written when another record's
    declares it) depends on the others: with `plan` (all records read) it is decided; without, it is
    left out and remembered in `omitted`, and the verdicts the cases hold in `assumed` and
    `assumed_notes`, for `fits` to check once the plan is whole.
    """

    def __init__(self, codebook: Codebook, spill: Path, plan: ProjectPlan | None = None) -> None:
        self.codebook = codebook
        self.plan = plan
        self.omitted: set[tuple[str, str]] = set()
        self.assumed: set[str] = set()  # hypotheses whose verdicts the cases hold
        self.assumed_notes: set[str] = set()  # and whose verdicts' notes
        self.written = 0
        self.transcripts: list[str] = []  # in the order added
        self.ends = array("q")  # per transcript: where its cases, source, notes and text end in their files
        self.sizes = [0, 0, 0, 0]  # of the files, as written so far
        self.later_warnings: dict[int, list[str]] = {}  # transcript position -> its cases' warnings
        self.earlier_warnings: dict[int, list[str]] = {}  # transcript position -> what reading its records said
        self.refused: tuple[str, str] | None = None  # (transcript id, message): the first whose records differ
        with contextlib.ExitStack() as stack:
            self.files = [
                stack.enter_context(tempfile.TemporaryFile(dir=spill, buffering=_SPILL_BUFFER)) for _ in range(4)
            ]
            self._close = stack.pop_all()
        self._notes: list[str] = []  # the notes of the transcript being rendered
        self._warnings: list[str] = []  # the warnings of the transcript being rendered
        self._users: dict[str, str] = {}
        self._targets: dict[tuple[str, str | None], str] = {}  # (code, pole) -> the GUID a coding points at
        self._names: dict[str, str] = {}  # segment id -> as a name attribute
        self._note_openings: dict[_NoteKind, tuple[str, str]] = {}
        self._specs: dict[tuple[str, str], VariableSpec] = {}
        self._ranks = {hypothesis.id: index for index, hypothesis in enumerate(codebook.hypotheses)}
        self._attribute_specs = [self._spec("attribute", attribute.id) for attribute in codebook.case_attributes]
        self._interview_specs = [self._spec("interview", field) for field in _INTERVIEW_FIELDS]

    def __enter__(self) -> ProjectPieces:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._close.close()

    def add(self, group: list[RecordStruct], shared: bool, read_warnings: list[str] | None = None) -> None:
        """Render the records of one transcript, in export order (by coder). `shared`: the transcript has
        more than one record (its cases name the coder); `read_warnings`: what reading them said."""
        transcript_id = group[0].transcript.id
        problem = _reshaped(group)
        if problem is not None:  # refused at the end: the first in export order is named
            if self.refused is None or transcript_id < self.refused[0]:
                self.refused = (transcript_id, problem)
            return
        guid = source_guid(transcript_id)
        cases = "".join([self._case(record, guid, shared) for record in group])
        source, text = self._source(guid, group)
        notes = "".join(self._notes)
        self._notes.clear()
        sizes = self.sizes
        for kind, piece in enumerate((cases, source, notes, text)):
            encoded = piece.encode("utf-8")
            self.files[kind].write(encoded)
            sizes[kind] += len(encoded)
        position = len(self.transcripts)
        self.transcripts.append(transcript_id)
        self.ends.extend(sizes)
        if self._warnings:
            self.later_warnings[position] = self._warnings
            self._warnings = []
        if read_warnings:
            self.earlier_warnings[position] = read_warnings
        self.written += len(group)

    def refuse(self) -> None:
        """Raise for the first transcript in export order whose records hold different segments."""
        if self.refused is not None:
            raise JimcodeError(self.refused[1])

    def fits(self, plan: ProjectPlan) -> bool:
        """Whether the cases rendered without the whole plan are those it makes: the variables of the verdicts
        and notes they hold are declared (a record read through the codebook's lineage may name hypotheses
        the files do not), and no empty value they left out has a variable after all."""
        declared = {("interview", field) for field in plan.interview}
        declared.update(("verdict-note", hypothesis) for hypothesis in plan.verdict_notes)
        assumed = self.assumed <= plan.verdicts and self.assumed_notes <= plan.verdict_notes
        return assumed and not self.omitted & declared

    def in_export_order(self) -> list[int]:
        """The positions of the transcripts sorted by id (`RecordIndex.by_transcript`)."""
        transcripts = self.transcripts
        return sorted(range(len(transcripts)), key=transcripts.__getitem__)

    # --- variables and cases -------------------------------------------------------------------

    def variables(self, plan: ProjectPlan) -> list[VariableSpec]:
        """The Variables: case attributes, interview facts, hypothesis verdicts (each note after its verdict)."""
        found = [self._spec("attribute", attribute.id) for attribute in self.codebook.case_attributes]
        found.extend(self._spec("interview", field) for field in _INTERVIEW_FIELDS if field in plan.interview)
        for hypothesis in sorted(plan.verdicts, key=self._verdict_rank):
            found.append(self._spec("verdict", hypothesis))
            if hypothesis in plan.verdict_notes:
                found.append(self._spec("verdict-note", hypothesis))
        return found

    def _verdict_rank(self, hypothesis: str) -> tuple[int, int, str]:
        """The codebook's hypotheses in its order, then the others by id."""
        rank = self._ranks.get(hypothesis)
        return (0, rank, "") if rank is not None else (1, 0, hypothesis)

    def _spec(self, source: str, key: str) -> VariableSpec:
        known = self._specs.get((source, key))
        if known is None:
            known = self._specs[(source, key)] = _variable_spec(self.codebook, source, key)
        return known

    def _case(self, record: RecordStruct, source: str, shared: bool) -> str:
        """The record's Case as `_write_node` writes it at depth 2."""
        transcript_id, coder = record.transcript.id, record.coder
        name = f"{record.case} ({coder})" if shared else record.case
        guid = guid_of_key(f"case{_SEP}{transcript_id}{_SEP}{coder}")
        parts = [
            f'\n    <Case guid="{guid}" name="{_attribute(name)}">',
            _leaf("\n      ", "Description", case_description(record)),
        ]
        attributes, interview = record.attributes, record.interview
        values: list[tuple[VariableSpec, object]] = []
        if attributes:
            values.extend((spec, attributes.get(spec.key)) for spec in self._attribute_specs)
        for spec in self._interview_specs:
            value = getattr(interview, spec.key)
            if value or (value is not None and self._empty_declared(spec)):  # a value declares its variable
                values.append((spec, value))
        if record.verdicts:
            verdicts = {verdict.hypothesis: verdict for verdict in reversed(record.verdicts)}  # the first of each
            declared = self._verdicts_declared(verdicts)
            for hypothesis in sorted(declared, key=self._verdict_rank):
                verdict = verdicts[hypothesis]
                values.append((self._spec("verdict", hypothesis), verdict.verdict))
                note = verdict.note
                if note is not None and self._note_declared(hypothesis, note):
                    values.append((self._spec("verdict-note", hypothesis), note))
        for spec, value in values:
            if value is None:
                continue
            text = variable_text(spec.kind, value)
            if text is None:
                self._warnings.append(
                    f"record of {transcript_id} by {coder}: {spec.name} = {value!r} "
                    f"is not {spec.kind.lower()}; left out"
                )
                continue
            safe = _escape_text(xml_text(text))
            value_element = f">{safe}</{spec.kind}Value>" if safe else " />"
            parts.append(f"{spec.opening}{value_element}\n      </VariableValue>")
        parts.append(f'\n      <SourceRef targetGUID="{source}" />\n    </Case>')
        return "".join(parts)

    def _verdicts_declared(self, verdicts: dict[str, object]) -> Iterable[str]:
        """The hypotheses of a record's verdicts whose variables are declared: with the whole plan, those it
        declares (a record read through the codebook's lineage may name others); else all (assumed)."""
        plan = self.plan
        if plan is not None:
            return [hypothesis for hypothesis in verdicts if hypothesis in plan.verdicts]
        self.assumed.update(verdicts)
        return verdicts

    def _empty_declared(self, spec: VariableSpec) -> bool:
        """Whether the variable of an empty interview field (a value that declares none) is declared by
        another record: the plan says, when it is whole; else it is left out (omitted)."""
        plan = self.plan
        if plan is None:
            self.omitted.add((spec.source, spec.key))
            return False
        return spec.key in plan.interview

    def _note_declared(self, hypothesis: str, note: str) -> bool:
        """Whether the variable of a verdict's note is declared: the plan says, when it is whole; else a
        note declares it (assumed), an empty one is left out (omitted)."""
        plan = self.plan
        if plan is not None:
            return hypothesis in plan.verdict_notes
        if note:
            self.assumed_notes.add(hypothesis)
            return True
        self.omitted.add(("verdict-note", hypothesis))
        return False

    # --- sources, selections, codings, notes ---------------------------------------------------

    def _source(self, guid: str, group: list[RecordStruct]) -> tuple[str, str]:
        """The transcript's TextSource as `_write_element` would write it at depth 2, and its plain text: a
        selection per segment holding each coder's codings and the references to its notes (the notes
        themselves wait in `self._notes`, segment by segment). Every value but a segment id is a GUID, a
        number or a date, which need no escaping.

        Made coder by coder, each coder's coded and annotated segments found in one pass and the GUIDs of
        a kind made in one call (`guids_of_keys`); most selections hold nothing and are one line."""
        first = group[0]
        transcript_id = first.transcript.id
        segments = first.segments
        layout = source_layout(segments)
        sids = [segment.segment_id for segment in segments]
        names = self._names
        lines = [
            f'\n      <PlainTextSelection guid="{selection}" name="{names.get(sid) or self._name(sid)}" '
            f'startPosition="{start}" endPosition="{end}" />'
            for selection, sid, (start, end) in zip(
                guids_of_keys(f"segment{_SEP}{transcript_id}{_SEP}", sids), sids, layout.spans, strict=True
            )
        ]
        codings: dict[int, list[str]] = {}  # segment index -> its codings, coder after coder
        coding_keys: list[str] = []
        coding_tails: list[tuple[int, str]] = []  # (segment index, the coding after its GUID)
        notes: list[_NoteDraft] = []
        targets = self._targets
        for record in group:
            coder = record.coder
            user, moment = self._user(coder), xml_datetime(record.updated_at)
            between = f'" creatingUser="{user}" creationDateTime="{moment}">\n          <CodeRef targetGUID="'
            decisions = record.segments
            every = range(len(decisions))
            for index in compress(every, map(_codes_of, decisions)):
                decision, sid = decisions[index], sids[index]
                polarity = decision.polarity
                for code in decision.codes:
                    pole = polarity.get(code) if polarity else None
                    target = targets.get((code, pole)) or self._target(code, pole)
                    coding_keys.append(f"{sid}{_SEP}{coder}{_SEP}{code}")
                    coding_tails.append((index, f"{between}{target}{_CODING_END}"))
            noted = {*compress(every, map(_memo_of, decisions)), *compress(every, map(_evidence_of, decisions))}
            noted.update(compress(every, map(_marks_of, decisions)))
            for index in sorted(noted):
                self._segment_notes(notes, index, transcript_id, sids[index], coder, user, moment, decisions[index])
        if coding_keys:
            for guid_of_coding, (index, tail) in zip(
                guids_of_keys(f"coding{_SEP}{transcript_id}{_SEP}", coding_keys), coding_tails, strict=True
            ):
                codings.setdefault(index, []).append(f'\n        <Coding guid="{guid_of_coding}{tail}')
        note_refs: dict[int, list[str]] = {}
        if notes:
            notes.sort(key=_segment_position)  # stable: per segment, coder after coder, as the selections hold them
            for note_guid, note in zip(guids_of_keys("", [note.key for note in notes]), notes, strict=True):
                note_refs.setdefault(note.position, []).append(f'\n        <NoteRef targetGUID="{note_guid}" />')
                self._notes.append(f'\n    <Note guid="{note_guid}"{note.element}')
        for index in codings.keys() | note_refs.keys():
            held = [*codings.get(index, ()), *note_refs.get(index, ())]
            lines[index] = f"{lines[index][:-3]}>{''.join(held)}\n      </PlainTextSelection>"  # not " />"
        head = _Node(
            "TextSource",
            {"guid": guid, "name": xml_text(transcript_id), "plainTextPath": f"internal://{guid}.txt"},
        )
        head.add("Description", {}, xml_text(source_description(first)))
        opening = ["\n    "]
        head.serialise(opening, 2)  # with its description as a child: cut before the end tag
        lines[0:0] = ["".join(opening).removesuffix("\n    </TextSource>")]
        return f"{''.join(lines)}\n    </TextSource>", layout.text

    def _name(self, sid: str) -> str:
        """A segment id as a name attribute (segment ids recur from transcript to transcript)."""
        return self._names.setdefault(sid, _attribute(sid))

    def _user(self, coder: str) -> str:
        return self._users.get(coder) or self._users.setdefault(coder, user_guid(coder))

    def _target(self, code: str, pole: str | None) -> str:
        """The code a coding points at: a code with polarity at a pole points at the pole's child code."""
        cid = self.codebook.id
        target = pole_guid(cid, code, pole) if pole else code_guid(cid, code)  # type: ignore[arg-type]
        self._targets[(code, pole)] = target
        return target

    def _segment_notes(
        self,
        notes: list[_NoteDraft],
        index: int,
        transcript_id: str,
        sid: str,
        coder: str,
        user: str,
        moment: str,
        decision: SegmentDecision,
    ) -> None:
        """The memo, the evidence and the marked quote of one coder on one segment as Notes, without their
        GUIDs (`_source` makes them in one call)."""
        attributes = f'" creatingUser="{user}" creationDateTime="{moment}">'
        if decision.memo:
            name, description = self._note_opening(("memo", coder, sid, None, None))
            content = _leaf("\n      ", "PlainTextContent", normalise_newlines(decision.memo))
            element = f' name="{name}{attributes}{description}{content}\n    </Note>'
            notes.append(_NoteDraft(index, f"memo{_SEP}{transcript_id}{_SEP}{sid}{_SEP}{coder}", element))
        for item in decision.evidence:
            hypothesis, stance = item.hypothesis, item.stance
            name, description = self._note_opening(("evidence", coder, sid, hypothesis, stance))
            text = f"{hypothesis} {stance}: {item.note}" if item.note else f"{hypothesis} {stance}"
            content = _leaf("\n      ", "PlainTextContent", normalise_newlines(text))
            element = f' name="{name}{attributes}{description}{content}\n    </Note>'
            key = f"evidence{_SEP}{transcript_id}{_SEP}{sid}{_SEP}{coder}{_SEP}{hypothesis}"
            notes.append(_NoteDraft(index, key, element))
        if decision.quote_sentences:  # the quote reports print, its sentence numbers in the marker
            marked = " ".join(map(str, decision.quote_sentences))
            name, description = self._note_opening(("quote", coder, sid, marked, None))
            content = _leaf("\n      ", "PlainTextContent", segment_quote(decision.text, decision.quote_sentences))
            element = f' name="{name}{attributes}{description}{content}\n    </Note>'
            notes.append(_NoteDraft(index, f"quote{_SEP}{transcript_id}{_SEP}{sid}{_SEP}{coder}", element))

    def _note_opening(self, kind: _NoteKind) -> tuple[str, str]:
        """A note's name attribute and its Description element, the same for every transcript (segment ids
        recur): made once per (type, coder, segment, hypothesis, stance)."""
        known = self._note_openings.get(kind)
        if known is None:
            what, coder, sid, hypothesis, stance = kind
            marker: dict[str, str | None]
            if what == "memo":
                name, marker = f"Memo {sid} ({coder})", {"type": what, "coder": coder, "segment": sid}
            elif what == "quote":
                name = f"Quote {sid} ({coder})"
                marker = {"type": what, "coder": coder, "segment": sid, "sentences": hypothesis}
            else:
                name = f"{hypothesis} {stance} {sid} ({coder})"
                marker = {"type": what, "coder": coder, "segment": sid, "hypothesis": hypothesis, "stance": stance}
            known = _attribute(name), _leaf("\n      ", "Description", with_marker("", marker))
            self._note_openings[kind] = known
        return known


class _Lineage(Protocol):
    """What `OnePass` needs of the reader of records through the codebook's lineage (`corpus.LineageReader`)."""

    unresolved: list[str]

    def current(self, path: Path, record: RecordStruct) -> RecordStruct: ...


_Start = Callable[[Path, RecordStruct], tuple[ProjectPieces, _Lineage] | None]


class OnePass:
    """The visit of the one reading of the records (`add` each, as `jimcode.corpus.index_records` reads
    them: `export project` reads in (transcript, coder) order): learns the plan and, while the records of
    each transcript come side by side (in that order they do, in any folders, but for a file whose first
    bytes do not say whose record it is), renders each transcript once its records are all read, so that
    they need not be read again. `start` gives, for the first record, the pieces to render
    into and the lineage to read records through (None: it cannot, e.g. no codebook is found).

    `result` gives the pieces once the set is read, or None when the one reading could not decide (the
    records of a transcript apart, another codebook, an empty value whose variable another record
    declares, a failure while rendering): then the records are read again (`write_project` with groups),
    which renders them with the same code, and fails (if it does) as that reading fails."""

    def __init__(self, plan: ProjectPlan, *, complete_only: bool, start: _Start) -> None:
        self.plan = plan
        self.complete_only = complete_only
        self.pieces: ProjectPieces | None = None
        self.lineage: _Lineage | None = None
        self.given_up = False
        self._start = start
        self._group: list[tuple[Path, RecordStruct]] = []  # the records of the transcript being read

    def __enter__(self) -> OnePass:
        return self

    def __exit__(self, *_: object) -> None:
        self._give_up()

    def add(self, path: Path, record: RecordStruct) -> None:
        transcript_id = record.transcript.id
        group = self._group
        if group and group[0][1].transcript.id != transcript_id:
            self._render()
            group = self._group
        if not self.given_up:
            if not group and transcript_id in self.plan.transcripts:
                self._give_up()  # its records are apart: the transcript was rendered without this one
            elif self.pieces is None:
                self._begin(path, record)
        self.plan.add(record)
        if not self.given_up:
            group.append((path, record))

    def result(self, codebook: Codebook) -> ProjectPieces | None:
        """The pieces of every transcript, rendered with `codebook` (the set's), or None."""
        self._render()
        pieces = self.pieces
        if pieces is None or pieces.codebook.sha256 != codebook.sha256 or not pieces.fits(self.plan):
            self._give_up()
            return None
        return pieces

    def _begin(self, path: Path, record: RecordStruct) -> None:
        try:
            started = self._start(path, record)
        except (JimcodeError, OSError):  # said as the set's codebook and the output are looked for
            started = None
        if started is None:
            self._give_up()
        else:
            self.pieces, self.lineage = started

    def _render(self) -> None:
        group, self._group = self._group, []
        pieces, lineage = self.pieces, self.lineage
        if not group or pieces is None or lineage is None:
            return
        chosen = [item for item in group if item[1].status == "complete"] if self.complete_only else group
        if not chosen:
            return
        chosen.sort(key=_coder_of_item)  # export order: `RecordIndex.by_transcript`
        said = len(lineage.unresolved)
        try:
            records = [lineage.current(path, record) for path, record in chosen]
            pieces.add(records, records[0].transcript.id in self.plan.shared, lineage.unresolved[said:])
        except (JimcodeError, OSError):  # read again, to fail as that reading fails (a full disk: said there)
            self._give_up()
            return
        del lineage.unresolved[said:]  # kept with the transcript's pieces, to be said in export order

    def _give_up(self) -> None:
        self.given_up = True
        self._group = []
        if self.pieces is not None:
            self.pieces.close()
            self.pieces = None


def _coder_of_item(item: tuple[Path, RecordStruct]) -> str:
    return item[1].coder


# a note's type ("memo", "evidence", "quote"), coder, segment id, and for evidence its hypothesis and stance,
# for a quote its sentence numbers
_NoteKind = tuple[str, str, str, str | None, str | None]


class _NoteDraft(NamedTuple):
    """A note of a transcript before its GUID is made: where its segment is, its GUID's key, and the
    element after its GUID attribute."""

    position: int  # of its segment in the transcript
    key: str
    element: str


_segment_position = attrgetter("position")
_codes_of = attrgetter("codes")
_memo_of = attrgetter("memo")
_evidence_of = attrgetter("evidence")
_marks_of = attrgetter("quote_sentences")


def _leaf(indent: str, tag: str, text: str) -> str:
    """An element holding only text, on a line of its own (as `_Node` writes it)."""
    safe = xml_text(text)
    return f"{indent}<{tag}>{_escape_text(safe)}</{tag}>" if safe else f"{indent}<{tag} />"


class _Node:
    """An element of the project's repeated parts (cases, sources, notes), serialised exactly as
    ElementTree serialises it after `ET.indent` (`_write_node`), at a fraction of the cost: a project
    holds one element per segment, coding and note. `attrs` and `text` are XML-safe already."""

    __slots__ = ("attrs", "children", "tag", "text")

    def __init__(self, tag: str, attrs: dict[str, str], text: str | None = None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.text = text
        self.children: list[_Node] = []

    def add(self, tag: str, attrs: dict[str, str], text: str | None = None) -> _Node:
        node = _Node(tag, attrs, text)
        self.children.append(node)
        return node

    def serialise(self, parts: list[str], level: int) -> None:
        parts.append(f"<{self.tag}")
        for key, value in self.attrs.items():
            parts.append(f' {key}="{_escape_attribute(value)}"')
        if self.children:  # as `ET.indent` lays them out: one a line, two spaces deeper
            inner = "\n" + "  " * (level + 1)
            parts.append(">")
            for child in self.children:
                parts.append(inner)
                child.serialise(parts, level + 1)
            parts.append(f"\n{'  ' * level}</{self.tag}>")
        elif self.text:
            parts.append(f">{_escape_text(self.text)}</{self.tag}>")
        else:
            parts.append(" />")


def _escape_text(text: str) -> str:
    """As ElementTree escapes character data."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


_ATTRIBUTE_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}
)


def _escape_attribute(value: str) -> str:
    """As ElementTree escapes an attribute value."""
    return value.translate(_ATTRIBUTE_ESCAPES) if not value.isalnum() else value


def _attribute(value: str) -> str:
    """Any text as an attribute value: XML-safe, then escaped."""
    return _escape_attribute(xml_text(value))


def _write_node(out: IO[bytes], node: _Node, level: int) -> None:
    """`node` as it stands at depth `level` of the indented document, on a line of its own (as `_write_element`)."""
    parts = ["\n", "  " * level]
    node.serialise(parts, level)
    out.write("".join(parts).encode("utf-8"))


_ZIP64_FROM = 1 << 30  # pieces this large make a project.qde that may pass the 2 GiB of plain zip


def _write_element(out: IO[bytes], element: ET.Element, level: int) -> None:
    """`element` as it stands at depth `level` of the indented document, on a line of its own."""
    ET.indent(element, space="  ", level=level)
    out.write(("\n" + "  " * level + ET.tostring(element, encoding="unicode")).encode("utf-8"))


def _copy(source: IO[bytes], target: IO[bytes]) -> None:
    source.seek(0)
    shutil.copyfileobj(source, target, 1 << 20)


_SPILL_BUFFER = 1 << 20  # the temporary files are written a transcript at a time: fewer, larger writes


class _Archive(zipfile.ZipFile):
    """A zip being written whose deflated entries `deflate` compresses (a raw deflate stream's compressor,
    as `zlib.compressobj(level, DEFLATED, -15)` makes one); zipfile's own, zlib's, when None.

    zipfile has no option for this: the compressor of each entry it opens is replaced before the entry's
    first byte (should a later Python rename what is replaced here, its own compressor is kept: the same
    entries, only slower)."""

    def __init__(self, out: IO[bytes], deflate: Callable[[], _Compressor] | None) -> None:
        super().__init__(out, "w", zipfile.ZIP_DEFLATED)
        self._deflate = deflate

    def _open_to_write(self, zinfo: zipfile.ZipInfo, force_zip64: bool = False) -> IO[bytes]:
        entry: IO[bytes] = super()._open_to_write(zinfo, force_zip64)  # type: ignore[misc]
        if self._deflate is not None and zinfo.compress_type == zipfile.ZIP_DEFLATED:
            entry._compressor = self._deflate()  # type: ignore[attr-defined]
        return entry

    def write_whole(self, info: zipfile.ZipInfo, data: bytes) -> None:
        """`writestr(info, data)` for a small deflated entry, in the same bytes: deflated in one go and
        written after a header that is whole from the start. zipfile's own way makes a zlib compressor for
        every entry (even one `_open_to_write` replaces: 30 µs) and goes back to rewrite the header, about
        100 µs of the 145 µs a transcript's text took (a project has one text per transcript). Where its
        way differs (an output it cannot seek in, an entry that needs zip64), it is zipfile's."""
        zip64 = len(data) * 1.05 > zipfile.ZIP64_LIMIT
        seekable: bool = self._seekable  # type: ignore[attr-defined]
        if info.compress_type != zipfile.ZIP_DEFLATED or not seekable or zip64 or self._writing:  # type: ignore[attr-defined]
            self.writestr(info, data)
            return
        compressor = self._deflate() if self._deflate is not None else _zlib_deflate(info)
        packed = compressor.compress(data) + compressor.flush()
        info.file_size, info.compress_size, info.CRC = len(data), len(packed), zlib.crc32(data)
        info.flag_bits = 0
        fp = self.fp
        assert fp is not None, "the archive is closed"
        info.header_offset = self.start_dir
        if fp.tell() != info.header_offset:
            fp.seek(info.header_offset)
        self._writecheck(info)  # type: ignore[attr-defined]
        self._didModify = True
        fp.write(info.FileHeader(zip64))
        fp.write(packed)
        self.start_dir = fp.tell()
        self.filelist.append(info)
        self.NameToInfo[info.filename] = info


class _Compressor(Protocol):
    def compress(self, data: bytes, /) -> bytes: ...

    def flush(self, mode: int = ..., /) -> bytes: ...


def _zlib_deflate(info: zipfile.ZipInfo) -> _Compressor:
    """The compressor zipfile makes for a deflated entry."""
    return zlib.compressobj(info._compresslevel, zlib.DEFLATED, -15)  # type: ignore[attr-defined]


def _fast_deflate() -> Callable[[], _Compressor] | None:
    """ISA-L's deflate at its level 1 when `isal` is installed (`pip install 'jimcode[fast]'`): on the
    project.qde and the sources of 1,000 copied example records, 0.03 s instead of zlib level 1's 0.17 s,
    and 9% smaller (README "Speed and memory"). Any reader inflates it: it is plain deflate."""
    try:
        from isal import isal_zlib
    except ImportError:
        return None
    return functools.partial(isal_zlib.compressobj, _ISAL_LEVEL, isal_zlib.DEFLATED, -15)


_ISAL_LEVEL = 1  # ISA-L's levels are 0 to 3; 1 is as fast as 0 here and 27% smaller


def _zip_info(name: str, method: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = method
    info._compresslevel = _DEFLATE_LEVEL  # type: ignore[attr-defined]  # `compress_level` from Python 3.13 on
    info.external_attr = 0o644 << 16
    return info


def write_project(
    out: IO[bytes],
    plan: ProjectPlan,
    codebook: Codebook,
    in_order: Iterable[tuple[Path, str, str]],
    groups: Iterable[list[RecordStruct]],
    *,
    name: str | None = None,
    spill: Path,
    rendered: ProjectPieces | None = None,
) -> tuple[int, list[str]]:
    """Write the `.qdpx` archive of the records into `out`. Returns the records written and warnings
    about what was left out (what reading the records said first, for `rendered`, then in export order).

    The transcripts are those `rendered` holds (their pieces made as the records were read), or else
    `groups`, one transcript's records at a time in the order of `in_order` (path, transcript id,
    coder), rendered here. `spill`: the folder of the temporary files (the output's)."""
    checked = plan.check(codebook, in_order)
    with contextlib.ExitStack() as stack:
        if rendered is None:
            rendered = stack.enter_context(ProjectPieces(codebook, spill, plan))
            for group in groups:
                rendered.add(group, group[0].transcript.id in plan.shared)
        rendered.refuse()
        order = rendered.in_export_order()
        with _Archive(out, _fast_deflate()) as archive:
            _assemble(archive, plan, rendered, order, name or codebook.title)
    earlier = [warning for position in order for warning in rendered.earlier_warnings.get(position, ())]
    later = [warning for position in order for warning in rendered.later_warnings.get(position, ())]
    return rendered.written, [*earlier, *checked, *later]


def _assemble(archive: _Archive, plan: ProjectPlan, pieces: ProjectPieces, order: list[int], name: str) -> None:
    """`project.qde` (the head the plan gives, then each transcript's pieces in export order `order`) and
    the transcripts' texts as `sources/<GUID>.txt`."""
    codebook = pieces.codebook
    build = Builder(PROJECT_NS)
    root = build.element(
        None,
        "Project",
        name=name,
        origin=origin(codebook),
        creationDateTime=xml_datetime(plan.moments[0]) if plan.moments else None,
        modifiedDateTime=xml_datetime(plan.moments[1]) if plan.moments else None,
    )
    qde_info = _zip_info("project.qde", zipfile.ZIP_DEFLATED)
    with archive.open(qde_info, "w", force_zip64=sum(pieces.sizes[:3]) > _ZIP64_FROM) as qde:
        opening = ET.tostring(root, encoding="unicode").removesuffix(" />") + ">"
        qde.write(('<?xml version="1.0" encoding="UTF-8"?>\n' + opening).encode("utf-8"))
        users = build.element(None, "Users")
        del users.attrib["xmlns"]
        for coder in sorted(plan.coders):
            build.element(users, "User", guid=user_guid(coder), name=coder, id=coder)
        _write_element(qde, users, 1)
        book = ET.Element("CodeBook")
        codes_element(codebook, build, book)
        _write_element(qde, book, 1)
        variables = pieces.variables(plan)
        if variables:
            holder = ET.Element("Variables")
            for spec in variables:
                variable = build.element(holder, "Variable", guid=spec.guid, name=spec.name, typeOfVariable=spec.kind)
                build.element(variable, "Description", spec.description)
            _write_element(qde, holder, 1)
        if order:
            qde.write(b"\n  <Cases>")
            _copy_pieces(pieces, 0, order, qde)
            qde.write(b"\n  </Cases>\n  <Sources>")
            _copy_pieces(pieces, 1, order, qde)
            qde.write(b"\n  </Sources>")
        if pieces.sizes[2]:
            qde.write(b"\n  <Notes>")
            _copy_pieces(pieces, 2, order, qde)
            qde.write(b"\n  </Notes>")
        holder = ET.Element("Holder")
        sets_element(codebook, build, holder, "targetGUID")
        for element in holder:
            _write_element(qde, element, 1)
        description = build.element(
            None,
            "Description",
            f"Exported by jimcode {__version__}: {pieces.written} coded record(s) of {len(order)} "
            f"transcript(s), codebook {codebook.id} {codebook.version}.",
        )
        del description.attrib["xmlns"]
        _write_element(qde, description, 1)
        qde.write(b"\n</Project>\n")
    for position, text in zip(order, _pieces_at(pieces, 3, order), strict=True):
        guid = source_guid(pieces.transcripts[position])
        archive.write_whole(_zip_info(f"sources/{guid}.txt", zipfile.ZIP_DEFLATED), text)


def _ranges(pieces: ProjectPieces, kind: int, order: list[int]) -> Iterator[tuple[int, int]]:
    """Where the pieces of one kind (0 cases, 1 sources, 2 notes, 3 texts) of each transcript lie, in `order`."""
    ends = pieces.ends
    for position in order:
        at = position * 4 + kind
        yield (ends[at - 4] if position else 0), ends[at]


def _copy_pieces(pieces: ProjectPieces, kind: int, order: list[int], target: IO[bytes]) -> None:
    """The pieces of one kind in `order`: the whole file when they were added in that order, else each
    read where it lies, written a megabyte at a time."""
    if order == sorted(order):
        _copy(pieces.files[kind], target)
        return
    batch: list[bytes] = []
    held = 0
    for piece in _pieces_at(pieces, kind, order):
        batch.append(piece)
        held += len(piece)
        if held >= _SPILL_BUFFER:
            target.write(b"".join(batch))
            batch.clear()
            held = 0
    target.write(b"".join(batch))


def _pieces_at(pieces: ProjectPieces, kind: int, order: list[int]) -> Iterator[bytes]:
    """The pieces of one kind, in `order`, each read where it lies: unbuffered (a buffered read after a
    seek would read a whole buffer for each piece)."""
    spill = pieces.files[kind]
    spill.flush()
    raw = spill.raw  # type: ignore[attr-defined]
    for start, end in _ranges(pieces, kind, order):
        raw.seek(start)
        piece = raw.read(end - start)
        while len(piece) < end - start:  # a short read (a regular file gives all at once)
            more = raw.read(end - start - len(piece))
            if not more:
                raise OSError(f"temporary file shorter than written ({spill.name})")
            piece += more
        yield piece
