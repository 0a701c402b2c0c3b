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
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
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
    of a transcript hold the same segments is checked when they are written, side by side.)

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
        self.bytes = 0

    def add(self, path: Path, record: RecordStruct) -> None:
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
        with contextlib.suppress(OSError):
            self.bytes += os.path.getsize(path)

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


def _refuse_reshaped(group: list[RecordStruct]) -> None:
    """The records of one transcript must hold the same segments (ids, speakers, texts): one selection
    each, with every coder's codings."""
    shape = _shape(group[0])
    if any(_shape(record) != shape for record in group[1:]):
        raise JimcodeError(
            f"the records of transcript {group[0].transcript.id} ({', '.join(r.coder for r in group)}) hold "
            "different segments (coded on different versions of the transcript?); export them separately"
        )


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


class ProjectWriter:
    """Writes `project.qde` piece by piece, one transcript's records at a time (`write`).

    The pieces are those of one tree indented by two spaces, as ElementTree writes it; the elements
    that repeat (cases, selections, codings, notes) are written as text, without an object each. The
    sources and notes, which the standard puts after all the cases, and the sources' plain texts wait
    in unnamed temporary files beside the output while the cases are written.
    """

    def __init__(self, plan: ProjectPlan, codebook: Codebook, name: str | None, spill: Path) -> None:
        self.plan = plan
        self.codebook = codebook
        self.name = name or self.codebook.title
        self.build = Builder(PROJECT_NS)
        self.warnings: list[str] = []
        self.spill = spill
        self.written = 0
        self.transcripts = 0
        self._notes: list[str] = []  # the notes of the transcript being written
        self._users: dict[str, str] = {}
        self._targets: dict[tuple[str, str | None], str] = {}  # (code, pole) -> the GUID a coding points at
        self._names: dict[str, str] = {}  # segment id -> as a name attribute
        self._note_openings: dict[_NoteKind, tuple[str, str]] = {}

    def write(self, archive: zipfile.ZipFile, groups: Iterable[list[RecordStruct]], checked: list[str]) -> None:
        self.warnings.extend(checked)
        build, plan = self.build, self.plan
        root = build.element(
            None,
            "Project",
            name=self.name,
            origin=origin(self.codebook),
            creationDateTime=xml_datetime(plan.moments[0]) if plan.moments else None,
            modifiedDateTime=xml_datetime(plan.moments[1]) if plan.moments else None,
        )
        qde_info = _zip_info("project.qde", zipfile.ZIP_DEFLATED)
        with (
            archive.open(qde_info, "w", force_zip64=plan.bytes > _ZIP64_FROM) as qde,
            tempfile.TemporaryFile(dir=self.spill, buffering=_SPILL_BUFFER) as sources,
            tempfile.TemporaryFile(dir=self.spill, buffering=_SPILL_BUFFER) as notes,
            tempfile.TemporaryFile(dir=self.spill, buffering=_SPILL_BUFFER) as texts,
        ):
            opening = ET.tostring(root, encoding="unicode").removesuffix(" />") + ">"
            qde.write(('<?xml version="1.0" encoding="UTF-8"?>\n' + opening).encode("utf-8"))
            users = build.element(None, "Users")
            del users.attrib["xmlns"]
            for coder in sorted(plan.coders):
                build.element(users, "User", guid=user_guid(coder), name=coder, id=coder)
            _write_element(qde, users, 1)
            codebook = ET.Element("CodeBook")
            codes_element(self.codebook, build, codebook)
            _write_element(qde, codebook, 1)
            variables = self._variables(qde)
            for group in groups:
                if not self.transcripts:
                    qde.write(b"\n  <Cases>")
                guid = source_guid(group[0].transcript.id)
                shared = group[0].transcript.id in plan.shared
                qde.write("".join([self._case(record, variables, guid, shared) for record in group]).encode("utf-8"))
                self.written += len(group)
                source, text = self._source(guid, group)
                sources.write(source.encode("utf-8"))
                notes.write("".join(self._notes).encode("utf-8"))
                self._notes.clear()
                encoded = text.encode("utf-8")
                texts.write(f"{guid} {len(encoded):016x}".encode("ascii"))
                texts.write(encoded)
                self.transcripts += 1
            if self.transcripts:
                qde.write(b"\n  </Cases>\n  <Sources>")
                _copy(sources, qde)
                qde.write(b"\n  </Sources>")
            if notes.tell():
                qde.write(b"\n  <Notes>")
                _copy(notes, qde)
                qde.write(b"\n  </Notes>")
            holder = ET.Element("Holder")
            sets_element(self.codebook, build, holder, "targetGUID")
            for element in holder:
                _write_element(qde, element, 1)
            description = build.element(
                None,
                "Description",
                f"Exported by jimcode {__version__}: {self.written} coded record(s) of {self.transcripts} "
                f"transcript(s), codebook {self.codebook.id} {self.codebook.version}.",
            )
            del description.attrib["xmlns"]
            _write_element(qde, description, 1)
            qde.write(b"\n</Project>\n")
            qde.close()
            texts.seek(0)
            for _ in range(self.transcripts):  # each text after its GUID and its length
                guid, size = texts.read(_TEXT_HEADER).decode("ascii").split(" ")
                archive.writestr(_zip_info(f"sources/{guid}.txt", zipfile.ZIP_DEFLATED), texts.read(int(size, 16)))

    # --- variables and cases -------------------------------------------------------------------

    def _variables(self, qde: IO[bytes]) -> list[VariableSpec]:
        """Declare the Variables: case attributes, interview facts, hypothesis verdicts."""
        found: list[VariableSpec] = []
        cid = self.codebook.id
        for attribute in self.codebook.case_attributes:
            encoded = json.dumps(attribute.model_dump(mode="json", exclude_none=True), ensure_ascii=False)
            description = with_marker(attribute.question, {"attribute": encoded})
            kind = _VARIABLE_TYPES[attribute.type]
            guid = variable_guid(cid, attribute.id)
            found.append(VariableSpec(guid, kind, attribute.label, description, "attribute", attribute.id))
        for field in _INTERVIEW_FIELDS:
            if field in self.plan.interview:
                marker = {"type": "interview", "field": field}
                description = with_marker(f"Interview: {field}", marker)
                guid = variable_guid(cid, "interview", field)
                name = _INTERVIEW_NAMES.get(field, f"Interview {field}")
                found.append(VariableSpec(guid, "Text", name, description, "interview", field))
        for hypothesis in self._verdict_hypotheses():
            marker = {"type": "verdict", "hypothesis": hypothesis}
            description = with_marker(f"Verdict on hypothesis {hypothesis} for the case", marker)
            guid = variable_guid(cid, "verdict", hypothesis)
            found.append(VariableSpec(guid, "Text", f"{hypothesis} verdict", description, "verdict", hypothesis))
            if hypothesis in self.plan.verdict_notes:
                marker = {"type": "verdict", "hypothesis": hypothesis, "part": "note"}
                description = with_marker(f"Note on the verdict on hypothesis {hypothesis}", marker)
                guid = variable_guid(cid, "verdict-note", hypothesis)
                name = f"{hypothesis} verdict note"
                found.append(VariableSpec(guid, "Text", name, description, "verdict-note", hypothesis))
        if found:
            holder = ET.Element("Variables")
            for spec in found:
                variable = self.build.element(
                    holder, "Variable", guid=spec.guid, name=spec.name, typeOfVariable=spec.kind
                )
                self.build.element(variable, "Description", spec.description)
            _write_element(qde, holder, 1)
        return found

    def _verdict_hypotheses(self) -> list[str]:
        given = self.plan.verdicts
        ordered = [h.id for h in self.codebook.hypotheses if h.id in given]
        return ordered + sorted(given - set(ordered))

    def _case(self, record: RecordStruct, variables: list[VariableSpec], source: str, shared: bool) -> str:
        """The record's Case as `_write_node` writes it at depth 2."""
        transcript_id, coder = record.transcript.id, record.coder
        name = f"{record.case} ({coder})" if shared else record.case
        guid = guid_of_key(f"case{_SEP}{transcript_id}{_SEP}{coder}")
        parts = [
            f'\n    <Case guid="{guid}" name="{_attribute(name)}">',
            _leaf("\n      ", "Description", case_description(record)),
        ]
        attributes, interview = record.attributes, record.interview
        verdicts = {verdict.hypothesis: verdict for verdict in reversed(record.verdicts)}  # the first of each
        for spec in variables:
            value: object
            if spec.source == "attribute":
                value = attributes.get(spec.key)
            elif spec.source == "interview":
                value = getattr(interview, spec.key)
            else:
                verdict = verdicts.get(spec.key)
                value = None if verdict is None else verdict.verdict if spec.source == "verdict" else verdict.note
            if value is None:
                continue
            text = variable_text(spec.kind, value)
            if text is None:
                self.warnings.append(
                    f"record of {transcript_id} by {coder}: {spec.name} = {value!r} "
                    f"is not {spec.kind.lower()}; left out"
                )
                continue
            safe = _escape_text(xml_text(text))
            value_element = f">{safe}</{spec.kind}Value>" if safe else " />"
            parts.append(f"{spec.opening}{value_element}\n      </VariableValue>")
        parts.append(f'\n      <SourceRef targetGUID="{source}" />\n    </Case>')
        return "".join(parts)

    # --- sources, selections, codings, notes ---------------------------------------------------

    def _source(self, guid: str, group: list[RecordStruct]) -> tuple[str, str]:
        """The transcript's TextSource as `_write_element` would write it at depth 2, and its plain text: a
        selection per segment holding each coder's codings and the references to its notes (the notes
        themselves wait in `self._notes`, segment by segment). Every value but a segment id is a GUID, a
        number or a date, which need no escaping.

        Made coder by coder, each coder's coded and annotated segments found in one pass and the GUIDs of
        a kind made in one call (`guids_of_keys`); most selections hold nothing and are one line."""
        if len(group) > 1:
            _refuse_reshaped(group)
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
            for index in [index for index, decision in enumerate(decisions) if decision.codes]:
                decision, sid = decisions[index], sids[index]
                polarity = decision.polarity
                for code in decision.codes:
                    pole = polarity.get(code) if polarity else None
                    target = targets.get((code, pole)) or self._target(code, pole)
                    coding_keys.append(f"{sid}{_SEP}{coder}{_SEP}{code}")
                    coding_tails.append((index, f"{between}{target}{_CODING_END}"))
            noted = [i for i, d in enumerate(decisions) if d.memo or d.evidence or d.quote_sentences]
            for index in noted:
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


_ZIP64_FROM = 1 << 30  # records this large make a project.qde that may pass the 2 GiB of plain zip


def _write_element(out: IO[bytes], element: ET.Element, level: int) -> None:
    """`element` as it stands at depth `level` of the indented document, on a line of its own."""
    ET.indent(element, space="  ", level=level)
    out.write(("\n" + "  " * level + ET.tostring(element, encoding="unicode")).encode("utf-8"))


def _copy(source: IO[bytes], target: IO[bytes]) -> None:
    source.seek(0)
    shutil.copyfileobj(source, target, 1 << 20)


_SPILL_BUFFER = 1 << 20  # the temporary files are written a transcript at a time: fewer, larger writes
_TEXT_HEADER = 36 + 1 + 16  # a source's GUID, a space, its text's length in bytes (hex)


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


class _Compressor(Protocol):
    def compress(self, data: bytes, /) -> bytes: ...

    def flush(self, mode: int = ..., /) -> bytes: ...


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
) -> tuple[int, list[str]]:
    """Write the `.qdpx` archive of the records into `out`, one transcript (`groups`, in the order of
    `in_order`: path, transcript id, coder) at a time. Returns the records written and warnings about
    what was left out. `spill`: the folder of the temporary files (the output's)."""
    checked = plan.check(codebook, in_order)
    writer = ProjectWriter(plan, codebook, name, spill)
    with _Archive(out, _fast_deflate()) as archive:
        writer.write(archive, groups, checked)
    return writer.written, writer.warnings
