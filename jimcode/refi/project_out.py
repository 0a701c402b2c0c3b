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

import io
import json
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from jimcode import __version__
from jimcode.codebook.model import Codebook
from jimcode.errors import JimcodeError
from jimcode.records.model import CodedRecord, InterviewInfo, SegmentDecision
from jimcode.refi.codebook_out import code_guid, codes_element, origin, sets_element
from jimcode.refi.project_text import (
    case_description,
    normalise_newlines,
    source_description,
    source_layout,
    variable_text,
    xml_datetime,
)
from jimcode.refi.qdaxml import PROJECT_NS, Builder, stable_guid, with_marker

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
    value: Callable[[CodedRecord], object]


@dataclass(frozen=True)
class NoteSpec:
    guid: str
    name: str
    record: CodedRecord
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


class ProjectWriter:
    def __init__(self, records: list[CodedRecord], codebook: Codebook, name: str | None) -> None:
        self.records = records
        self.codebook = codebook
        self.name = name or codebook.title
        self.build = Builder(PROJECT_NS)
        self.warnings: list[str] = []
        self.by_transcript: dict[str, list[CodedRecord]] = {}
        for record in records:
            self.by_transcript.setdefault(record.transcript.id, []).append(record)
        self.notes: list[NoteSpec] = []
        self._check()

    def _check(self) -> None:
        known = set(self.codebook.codes_by_id())
        for record in self.records:
            for segment in record.segments:
                unknown = [code for code in segment.codes if code not in known]
                if unknown:
                    raise JimcodeError(
                        f"record of {record.transcript.id} by {record.coder}: segment {segment.segment_id} has code "
                        f"'{unknown[0]}', which codebook {self.codebook.id} does not define "
                        "(pass the codebook the records were coded with: --codebook)"
                    )
        for transcript_id, group in self.by_transcript.items():
            shapes = {tuple((s.segment_id, s.speaker, s.text) for s in r.segments) for r in group}
            if len(shapes) > 1:
                coders = ", ".join(r.coder for r in group)
                raise JimcodeError(
                    f"the records of transcript {transcript_id} ({coders}) hold different segments "
                    "(coded on different versions of the transcript?); export them separately"
                )
        attribute_ids = {a.id for a in self.codebook.case_attributes}
        extra = sorted({key for r in self.records for key in r.attributes if key not in attribute_ids})
        if extra:
            self.warnings.append(
                f"answers to attributes the codebook does not define were left out: {', '.join(extra)}"
            )

    def write(self) -> bytes:
        build = self.build
        moments = [r.started_at for r in self.records] + [r.updated_at for r in self.records]
        root = build.element(
            None,
            "Project",
            name=self.name,
            origin=origin(self.codebook),
            creationDateTime=xml_datetime(min(moments)) if moments else None,
            modifiedDateTime=xml_datetime(max(moments)) if moments else None,
        )
        users = build.element(root, "Users")
        for coder in sorted({r.coder for r in self.records}):
            build.element(users, "User", guid=user_guid(coder), name=coder, id=coder)
        codebook = build.element(root, "CodeBook")
        codes_element(self.codebook, build, codebook)
        variables = self._variables(root)
        self._cases(root, variables)
        sources_element = build.element(root, "Sources")
        texts = {
            transcript_id: self._source(sources_element, group) for transcript_id, group in self.by_transcript.items()
        }
        self._notes(root)
        sets_element(self.codebook, build, root, "targetGUID")
        build.element(
            root,
            "Description",
            f"Exported by jimcode {__version__}: {len(self.records)} coded record(s) of {len(texts)} transcript(s), "
            f"codebook {self.codebook.id} {self.codebook.version}.",
        )
        return self._zip(build.serialise(root), texts)

    # --- variables and cases -------------------------------------------------------------------

    def _variables(self, root: ET.Element) -> list[VariableSpec]:
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
            if any(getattr(r.interview, field) for r in self.records):
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
            if any(v.note for r in self.records for v in r.verdicts if v.hypothesis == hypothesis):
                marker = {"type": "verdict", "hypothesis": hypothesis, "part": "note"}
                description = with_marker(f"Note on the verdict on hypothesis {hypothesis}", marker)
                guid = variable_guid(cid, "verdict-note", hypothesis)
                getter = _verdict_getter(hypothesis, "note")
                found.append(VariableSpec(guid, "Text", f"{hypothesis} verdict note", description, getter))
        if found:
            holder = self.build.element(root, "Variables")
            for spec in found:
                variable = self.build.element(
                    holder, "Variable", guid=spec.guid, name=spec.name, typeOfVariable=spec.kind
                )
                self.build.element(variable, "Description", spec.description)
        return found

    def _verdict_hypotheses(self) -> list[str]:
        given = {v.hypothesis for r in self.records for v in r.verdicts}
        ordered = [h.id for h in self.codebook.hypotheses if h.id in given]
        return ordered + sorted(given - set(ordered))

    def _cases(self, root: ET.Element, variables: list[VariableSpec]) -> None:
        if not self.records:
            return
        holder = self.build.element(root, "Cases")
        for record in self.records:
            shared = len(self.by_transcript[record.transcript.id]) > 1
            name = f"{record.case} ({record.coder})" if shared else record.case
            case = self.build.element(
                holder, "Case", guid=stable_guid("case", record.transcript.id, record.coder), name=name
            )
            self.build.element(case, "Description", case_description(record))
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
                holder_value = self.build.element(case, "VariableValue")
                self.build.element(holder_value, "VariableRef", targetGUID=spec.guid)
                self.build.element(holder_value, f"{spec.kind}Value", text)
            self.build.element(case, "SourceRef", targetGUID=source_guid(record.transcript.id))

    # --- sources, selections, codings, notes ---------------------------------------------------

    def _source(self, holder: ET.Element, group: list[CodedRecord]) -> tuple[str, str]:
        first = group[0]
        transcript = first.transcript
        guid = source_guid(transcript.id)
        layout = source_layout(first.segments)
        source = self.build.element(
            holder, "TextSource", guid=guid, name=transcript.id, plainTextPath=f"internal://{guid}.txt"
        )
        self.build.element(source, "Description", source_description(first))
        for index, segment in enumerate(first.segments):
            start, end = layout.spans[index]
            selection = self.build.element(
                source,
                "PlainTextSelection",
                guid=stable_guid("segment", transcript.id, segment.segment_id),
                name=segment.segment_id,
                startPosition=str(start),
                endPosition=str(end),
            )
            note_refs: list[str] = []
            for record in group:
                decision = record.segments[index]
                for code in decision.codes:
                    coding = self.build.element(
                        selection,
                        "Coding",
                        guid=stable_guid("coding", transcript.id, segment.segment_id, record.coder, code),
                        creatingUser=user_guid(record.coder),
                        creationDateTime=xml_datetime(record.updated_at),
                    )
                    self.build.element(coding, "CodeRef", targetGUID=code_guid(self.codebook.id, code))
                note_refs.extend(self._segment_notes(record, decision))
            for note in note_refs:
                self.build.element(selection, "NoteRef", targetGUID=note)
        return guid, layout.text

    def _segment_notes(self, record: CodedRecord, decision: SegmentDecision) -> list[str]:
        tid, sid, coder = record.transcript.id, decision.segment_id, record.coder
        guids = []
        if decision.memo:
            guid = stable_guid("memo", tid, sid, coder)
            marker = {"type": "memo", "coder": coder, "segment": sid}
            self.notes.append(NoteSpec(guid, f"Memo {sid} ({coder})", record, decision.memo, marker))
            guids.append(guid)
        for item in decision.evidence:
            guid = stable_guid("evidence", tid, sid, coder, item.hypothesis)
            marker = {"type": "evidence", "coder": coder, "segment": sid, "hypothesis": item.hypothesis}
            marker["stance"] = item.stance
            text = f"{item.hypothesis} {item.stance}" + (f": {item.note}" if item.note else "")
            self.notes.append(NoteSpec(guid, f"{item.hypothesis} {item.stance} {sid} ({coder})", record, text, marker))
            guids.append(guid)
        return guids

    def _notes(self, root: ET.Element) -> None:
        if not self.notes:
            return
        holder = self.build.element(root, "Notes")
        for spec in self.notes:
            note = self.build.element(
                holder,
                "Note",
                guid=spec.guid,
                name=spec.name,
                creatingUser=user_guid(spec.record.coder),
                creationDateTime=xml_datetime(spec.record.updated_at),
            )
            self.build.element(note, "Description", with_marker("", spec.marker))
            self.build.element(note, "PlainTextContent", normalise_newlines(spec.text))

    def _zip(self, project: bytes, texts: dict[str, tuple[str, str]]) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            _add(archive, "project.qde", project)
            for guid, text in texts.values():
                _add(archive, f"sources/{guid}.txt", text.encode("utf-8"))
        return buffer.getvalue()


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def _attribute_getter(attribute_id: str) -> Callable[[CodedRecord], object]:
    return lambda record: record.attributes.get(attribute_id)


def _interview_getter(field: str) -> Callable[[CodedRecord], object]:
    return lambda record: getattr(record.interview, field)


def _verdict_getter(hypothesis: str, part: str) -> Callable[[CodedRecord], object]:
    def get(record: CodedRecord) -> str | None:
        verdict = next((v for v in record.verdicts if v.hypothesis == hypothesis), None)
        return None if verdict is None else getattr(verdict, part)

    return get


def project_qdpx(records: list[CodedRecord], codebook: Codebook, *, name: str | None = None) -> tuple[bytes, list[str]]:
    """The records as a `.qdpx` archive, and warnings about what was left out."""
    writer = ProjectWriter(records, codebook, name)
    data = writer.write()
    return data, writer.warnings
