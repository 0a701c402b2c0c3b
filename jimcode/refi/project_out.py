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
  are Codings (creatingUser = the coder); memos and evidence are Notes referenced from it.
Everything is derived from the records, and GUIDs from ids, so two exports are identical.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from jimcode import __version__
from jimcode.codebook.model import Codebook
from jimcode.errors import JimcodeError
from jimcode.records.model import InterviewInfo, SegmentDecision
from jimcode.records.stream import RecordStruct, moment, read_record_data
from jimcode.refi.codebook_out import code_guid, codes_element, origin, pole_guid, sets_element
from jimcode.refi.project_text import (
    case_description,
    normalise_newlines,
    source_description,
    source_layout,
    variable_text,
    xml_datetime,
)
from jimcode.refi.qdaxml import PROJECT_NS, Builder, stable_guid, with_marker, xml_text

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


@dataclass(frozen=True)
class VariableSpec:
    guid: str
    kind: str  # typeOfVariable
    name: str
    description: str
    value: Callable[[RecordStruct], object]


@dataclass(frozen=True)
class NoteSpec:
    guid: str
    name: str
    coder: str
    updated_at: datetime
    text: str
    marker: Mapping[str, str | None]


def user_guid(coder: str) -> str:
    return stable_guid("user", coder)


def source_guid(transcript_id: str) -> str:
    return stable_guid("source", transcript_id)


def variable_guid(codebook_id: str, *parts: str) -> str:
    return stable_guid(codebook_id, "variable", *parts)


def interview_fields() -> list[str]:
    return list(InterviewInfo.model_fields)


class ProjectPlan:
    """What the project needs to know of all the records before it writes the first element (the
    users, the variables, the dates, the checks), learnt from one reading of them (`add` each
    record, as `jimcode.corpus.index_records` reads it). Nothing of a record's segments is kept."""

    def __init__(self) -> None:
        self.coders: set[str] = set()
        self.moments: list[datetime] = []  # the earliest and the latest
        self.interview: set[str] = set()
        self.verdicts: set[str] = set()
        self.verdict_notes: set[str] = set()
        self.attributes: set[str] = set()
        self.codes: dict[Path, frozenset[str]] = {}  # the codes each record applies
        self._shared: dict[frozenset[str], frozenset[str]] = {}
        self.shapes: dict[str, dict[bytes, None]] = {}
        self.records: dict[str, int] = {}  # per transcript
        self.bytes = 0

    def add(self, path: Path, record: RecordStruct) -> None:
        self.coders.add(record.coder)
        self.moments = [
            min([*self.moments, moment(record.started_at), moment(record.updated_at)]),
            max([*self.moments, moment(record.started_at), moment(record.updated_at)]),
        ]
        self.interview.update(field for field in interview_fields() if getattr(record.interview, field))
        for verdict in record.verdicts:
            self.verdicts.add(verdict.hypothesis)
            if verdict.note:
                self.verdict_notes.add(verdict.hypothesis)
        self.attributes.update(record.attributes)
        codes = frozenset(code for segment in record.segments for code in segment.codes)
        self.codes[path] = self._shared.setdefault(codes, codes)
        shape = json.dumps([(s.segment_id, s.speaker, s.text) for s in record.segments], ensure_ascii=False)
        digest = hashlib.blake2b(shape.encode("utf-8"), digest_size=16).digest()
        self.shapes.setdefault(record.transcript.id, {})[digest] = None
        self.records[record.transcript.id] = self.records.get(record.transcript.id, 0) + 1
        with contextlib.suppress(OSError):
            self.bytes += os.path.getsize(path)

    def check(self, codebook: Codebook, in_order: Sequence[tuple[Path, str, str]]) -> list[str]:
        """Refuse what cannot be exported (the first problem in export order); warnings for what is left out.

        `in_order`: (path, transcript id, coder) of the records to export, in the order they are written."""
        # An old id the lineage maps to one current code is read as that code (a split is refused).
        renamed = {old for old, new in codebook.lineage().codes.items() if len(new) == 1}
        known = set(codebook.codes_by_id()) | renamed
        for path, _, _ in in_order:
            if not self.codes[path] <= known:
                _refuse_unknown_code(read_record_data(str(path)), known, codebook)
        coders: dict[str, list[str]] = {}
        for _, transcript_id, coder in in_order:
            coders.setdefault(transcript_id, []).append(coder)
        for transcript_id, names in coders.items():
            if len(self.shapes.get(transcript_id, ())) > 1:
                raise JimcodeError(
                    f"the records of transcript {transcript_id} ({', '.join(names)}) hold different segments "
                    "(coded on different versions of the transcript?); export them separately"
                )
        extra = sorted(self.attributes - {a.id for a in codebook.case_attributes})
        if extra:
            return [f"answers to attributes the codebook does not define were left out: {', '.join(extra)}"]
        return []


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
    """Writes `project.qde` element by element, one transcript's records at a time (`write`).

    The elements are those of one tree indented by two spaces, serialised a piece at a time; the
    sources and notes, which the standard puts after all the cases, wait in unnamed temporary files
    beside the output while the cases are written.
    """

    def __init__(self, plan: ProjectPlan, codebook: Codebook, name: str | None, spill: Path) -> None:
        self.plan = plan
        self.codebook = codebook
        self.name = name or self.codebook.title
        self.build = Builder(PROJECT_NS)
        self.warnings: list[str] = []
        self.notes: list[NoteSpec] = []
        self.spill = spill
        self.written = 0
        self.transcripts = 0
        self._users: dict[str, str] = {}
        self._code_guids: dict[str, str] = {}

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
        info = _zip_info("project.qde")
        with (
            archive.open(info, "w", force_zip64=plan.bytes > _ZIP64_FROM) as qde,
            tempfile.TemporaryFile(dir=self.spill) as sources,
            tempfile.TemporaryFile(dir=self.spill) as notes,
            tempfile.TemporaryFile(dir=self.spill) as texts,
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
            text_spans: list[tuple[str, int]] = []
            for number, group in enumerate(groups):
                if number == 0:
                    qde.write(b"\n  <Cases>")
                for record in group:
                    _write_node(qde, self._case(record, variables), 2)
                    self.written += 1
                guid, text = self._source(sources, group)
                encoded = text.encode("utf-8")
                texts.write(encoded)
                text_spans.append((guid, len(encoded)))
                self._notes(notes)
            if text_spans:
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
            self.transcripts = len(text_spans)
            description = build.element(
                None,
                "Description",
                f"Exported by jimcode {__version__}: {self.written} coded record(s) of {len(text_spans)} "
                f"transcript(s), codebook {self.codebook.id} {self.codebook.version}.",
            )
            del description.attrib["xmlns"]
            _write_element(qde, description, 1)
            qde.write(b"\n</Project>\n")
            qde.close()
            texts.seek(0)
            for guid, size in text_spans:
                archive.writestr(_zip_info(f"sources/{guid}.txt"), texts.read(size))

    # --- variables and cases -------------------------------------------------------------------

    def _variables(self, qde: IO[bytes]) -> list[VariableSpec]:
        """Declare the Variables: case attributes, interview facts, hypothesis verdicts."""
        found: list[VariableSpec] = []
        cid = self.codebook.id
        for attribute in self.codebook.case_attributes:
            encoded = json.dumps(attribute.model_dump(mode="json", exclude_none=True), ensure_ascii=False)
            found.append(
                VariableSpec(
                    variable_guid(cid, attribute.id),
                    _VARIABLE_TYPES[attribute.type],
                    attribute.label,
                    with_marker(attribute.question, {"attribute": encoded}),
                    _attribute_getter(attribute.id),
                )
            )
        for field in interview_fields():
            if field in self.plan.interview:
                marker = {"type": "interview", "field": field}
                description = with_marker(f"Interview: {field}", marker)
                guid = variable_guid(cid, "interview", field)
                name = _INTERVIEW_NAMES.get(field, f"Interview {field}")
                found.append(VariableSpec(guid, "Text", name, description, _interview_getter(field)))
        for hypothesis in self._verdict_hypotheses():
            marker = {"type": "verdict", "hypothesis": hypothesis}
            description = with_marker(f"Verdict on hypothesis {hypothesis} for the case", marker)
            guid = variable_guid(cid, "verdict", hypothesis)
            getter = _verdict_getter(hypothesis, "verdict")
            found.append(VariableSpec(guid, "Text", f"{hypothesis} verdict", description, getter))
            if hypothesis in self.plan.verdict_notes:
                marker = {"type": "verdict", "hypothesis": hypothesis, "part": "note"}
                description = with_marker(f"Note on the verdict on hypothesis {hypothesis}", marker)
                guid = variable_guid(cid, "verdict-note", hypothesis)
                getter = _verdict_getter(hypothesis, "note")
                found.append(VariableSpec(guid, "Text", f"{hypothesis} verdict note", description, getter))
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

    def _case(self, record: RecordStruct, variables: list[VariableSpec]) -> _Node:
        shared = self.plan.records.get(record.transcript.id, 0) > 1
        name = f"{record.case} ({record.coder})" if shared else record.case
        case = _Node("Case", {"guid": stable_guid("case", record.transcript.id, record.coder), "name": xml_text(name)})
        case.add("Description", {}, xml_text(case_description(record)))
        for spec in variables:
            value = spec.value(record)
            if value is None:
                continue
            text = variable_text(spec.kind, value)
            if text is None:
                self.warnings.append(
                    f"record of {record.transcript.id} by {record.coder}: {spec.name} = {value!r} "
                    f"is not {spec.kind.lower()}; left out"
                )
                continue
            holder_value = case.add("VariableValue", {})
            holder_value.add("VariableRef", {"targetGUID": spec.guid})
            holder_value.add(f"{spec.kind}Value", {}, xml_text(text))
        case.add("SourceRef", {"targetGUID": source_guid(record.transcript.id)})
        return case

    # --- sources, selections, codings, notes ---------------------------------------------------

    def _source(self, out: IO[bytes], group: list[RecordStruct]) -> tuple[str, str]:
        """The transcript's TextSource, written as `_write_element` would write it at depth 2: a selection per
        segment holding each coder's codings and the references to its notes. Written as text, not built
        as elements: a project has one selection per segment and one coding per code applied. Every value
        but a segment id is a GUID, a number or a date, which need no escaping."""
        first = group[0]
        transcript = first.transcript
        guid = source_guid(transcript.id)
        layout = source_layout(first.segments)
        head = _Node(
            "TextSource",
            {"guid": guid, "name": xml_text(transcript.id), "plainTextPath": f"internal://{guid}.txt"},
        )
        head.add("Description", {}, xml_text(source_description(first)))
        opening = ["\n    "]
        head.serialise(opening, 2)  # with its description as a child: cut before the end tag
        parts = ["".join(opening).removesuffix("\n    </TextSource>")]
        # the same for every coding of a record, and of a code
        coders = [(record, self._user(record.coder), xml_datetime(moment(record.updated_at))) for record in group]
        code_guids = self._code_guids
        for index, segment in enumerate(first.segments):
            start, end = layout.spans[index]
            sid = segment.segment_id
            parts.append(
                f'\n      <PlainTextSelection guid="{stable_guid("segment", transcript.id, sid)}" '
                f'name="{_escape_attribute(xml_text(sid))}" startPosition="{start}" endPosition="{end}"'
            )
            inside: list[str] = []
            note_refs: list[str] = []
            for record, user, stamp in coders:
                decision = record.segments[index]
                for code in decision.codes:
                    pole = decision.polarity.get(code)
                    if pole:  # a code with polarity: the coding points at the pole's child code
                        target = pole_guid(self.codebook.id, code, pole)
                    else:
                        target = code_guids.get(code) or code_guids.setdefault(code, code_guid(self.codebook.id, code))
                    inside.append(
                        f'\n        <Coding guid="{stable_guid("coding", transcript.id, sid, record.coder, code)}" '
                        f'creatingUser="{user}" creationDateTime="{stamp}">'
                        f'\n          <CodeRef targetGUID="{target}" />\n        </Coding>'
                    )
                if decision.memo or decision.evidence:
                    note_refs.extend(self._segment_notes(record, decision))
            inside.extend(f'\n        <NoteRef targetGUID="{note}" />' for note in note_refs)
            if inside:
                parts.append(">")
                parts.extend(inside)
                parts.append("\n      </PlainTextSelection>")
            else:
                parts.append(" />")
        parts.append("\n    </TextSource>")
        out.write("".join(parts).encode("utf-8"))
        return guid, layout.text

    def _user(self, coder: str) -> str:
        return self._users.get(coder) or self._users.setdefault(coder, user_guid(coder))

    def _segment_notes(self, record: RecordStruct, decision: SegmentDecision) -> list[str]:
        tid, sid, coder = record.transcript.id, decision.segment_id, record.coder
        guids = []
        if decision.memo:
            guid = stable_guid("memo", tid, sid, coder)
            marker = {"type": "memo", "coder": coder, "segment": sid}
            self.notes.append(
                NoteSpec(guid, f"Memo {sid} ({coder})", coder, moment(record.updated_at), decision.memo, marker)
            )
            guids.append(guid)
        for item in decision.evidence:
            guid = stable_guid("evidence", tid, sid, coder, item.hypothesis)
            marker = {"type": "evidence", "coder": coder, "segment": sid, "hypothesis": item.hypothesis}
            marker["stance"] = item.stance
            text = f"{item.hypothesis} {item.stance}" + (f": {item.note}" if item.note else "")
            name = f"{item.hypothesis} {item.stance} {sid} ({coder})"
            self.notes.append(NoteSpec(guid, name, coder, moment(record.updated_at), text, marker))
            guids.append(guid)
        return guids

    def _notes(self, out: IO[bytes]) -> None:
        """The notes of the transcript just written, into `out` (they go after every source), as
        `_write_element` would write them at depth 2."""
        parts = []
        for spec in self.notes:
            parts.append(
                f'\n    <Note guid="{spec.guid}" name="{_escape_attribute(xml_text(spec.name))}" '
                f'creatingUser="{self._user(spec.coder)}" creationDateTime="{xml_datetime(spec.updated_at)}">'
            )
            parts.append(_leaf("\n      ", "Description", with_marker("", spec.marker)))
            parts.append(_leaf("\n      ", "PlainTextContent", normalise_newlines(spec.text)))
            parts.append("\n    </Note>")
        out.write("".join(parts).encode("utf-8"))
        self.notes.clear()


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


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _attribute_getter(attribute_id: str) -> Callable[[RecordStruct], object]:
    return lambda record: record.attributes.get(attribute_id)


def _interview_getter(field: str) -> Callable[[RecordStruct], object]:
    return lambda record: getattr(record.interview, field)


def _verdict_getter(hypothesis: str, part: str) -> Callable[[RecordStruct], object]:
    def get(record: RecordStruct) -> str | None:
        verdict = next((v for v in record.verdicts if v.hypothesis == hypothesis), None)
        return None if verdict is None else getattr(verdict, part)

    return get


def write_project(
    out: IO[bytes],
    plan: ProjectPlan,
    codebook: Codebook,
    in_order: Sequence[tuple[Path, str, str]],
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
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        writer.write(archive, groups, checked)
    return writer.written, writer.warnings
