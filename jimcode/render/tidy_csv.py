"""Coded records as tidy CSV tables for R, pandas, SPSS or Excel.

- `codings.csv`: one row per (record, segment, code); `polarity` is present or absent for a code with
  polarity (unspecified where the coder gave none), empty for other codes.
- `cases.csv`: one row per record (transcript x coder): interview facts, case attributes, verdicts.
- `evidence.csv`: one row per (record, segment, hypothesis evidence).
Values: category options as their ids; multi-choice answers as ids joined by "|"; booleans as
true/false; a missing answer as an empty cell. `excel=True` writes a UTF-8 BOM, ";" between
fields and a decimal comma, and guards cells Excel would read as formulas, so Dutch Excel opens
the files right.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jimcode.codebook.model import Codebook, NumberedCode
from jimcode.corpus import LoadedRecord
from jimcode.fileio import file_writer
from jimcode.records.model import CodedRecord, InterviewInfo

CODING_COLUMNS = [
    "transcript",
    "case",
    "coder",
    "segment",
    "segment_index",
    "speaker",
    "research_question",
    "code",
    "code_label",
    "parent_code",
    "polarity",
]
CASE_COLUMNS = [
    "transcript",
    "case",
    "coder",
    "status",
    "segments",
    "coded_segments",
    "not_relevant_segments",
    "codings",
]
EVIDENCE_COLUMNS = [
    "transcript",
    "case",
    "coder",
    "segment",
    "segment_index",
    "speaker",
    "hypothesis",
    "stance",
    "note",
]
MULTI_SEPARATOR = "|"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CsvStyle:
    excel: bool = False

    @property
    def delimiter(self) -> str:
        return ";" if self.excel else ","

    @property
    def encoding(self) -> str:
        return "utf-8-sig" if self.excel else "utf-8"

    def cell(self, value: object, *, text: bool = False) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, list):
            return MULTI_SEPARATOR.join(str(v) for v in value)
        if isinstance(value, float):
            shown = repr(value)
            return shown.replace(".", ",") if self.excel else shown
        shown = str(value)
        if self.excel and text and shown.startswith(_FORMULA_START):
            return "'" + shown  # Excel would otherwise evaluate "=...", "-..." as a formula
        return shown


def interview_column(field: str) -> str:
    return field if field in ("interviewee", "interviewer") else f"interview_{field}"


def attribute_columns(codebook: Codebook | None, answered: Iterable[str], taken: set[str]) -> list[tuple[str, str]]:
    """(attribute id, column name): the codebook's attributes in order, else every `answered` one."""
    ids = [a.id for a in codebook.case_attributes] if codebook is not None else sorted(set(answered))
    return [(i, f"attribute_{i}" if i in taken else i) for i in ids]


class ColumnsSeen:
    """What the columns depend on beyond the codebook: the attributes answered and the hypotheses given
    a verdict, per record (pass it as `visit` to `jimcode.corpus.index_records`)."""

    def __init__(self) -> None:
        self._of: dict[Path, tuple[frozenset[str], frozenset[str]]] = {}
        self._shared: dict[frozenset[str], frozenset[str]] = {}  # records mostly answer the same: kept once

    def __call__(self, entry: LoadedRecord) -> None:
        record = entry.record
        attributes = frozenset(record.attributes)
        hypotheses = frozenset(v.hypothesis for v in record.verdicts)
        share = self._shared.setdefault
        self._of[entry.path] = (share(attributes, attributes), share(hypotheses, hypotheses))

    def of(self, paths: Iterable[Path]) -> tuple[set[str], set[str]]:
        """The attributes answered and the hypotheses given a verdict in the records at `paths`."""
        attributes: set[str] = set()
        hypotheses: set[str] = set()
        for path in paths:
            answered, given = self._of[path]
            attributes |= answered
            hypotheses |= given
        return attributes, hypotheses


@dataclass(frozen=True)
class _Columns:
    coding_attributes: list[tuple[str, str]]
    interview: list[tuple[str, str]]
    hypotheses: list[str]
    case_attributes: list[tuple[str, str]]

    @classmethod
    def of(cls, codebook: Codebook | None, answered: set[str], given: set[str]) -> _Columns:
        interview = [(f, interview_column(f)) for f in InterviewInfo.model_fields]
        declared = [h.id for h in codebook.hypotheses] if codebook is not None else []
        hypotheses = declared + sorted(given - set(declared))
        verdict_columns = _verdict_columns(hypotheses)
        case_taken = set(CASE_COLUMNS) | {c for _, c in interview} | set(verdict_columns)
        return cls(
            attribute_columns(codebook, answered, set(CODING_COLUMNS) | {"text"}),
            interview,
            hypotheses,
            attribute_columns(codebook, answered, case_taken),
        )


def _verdict_columns(hypotheses: list[str]) -> list[str]:
    return [c for h in hypotheses for c in (f"verdict_{h}", f"verdict_{h}_note")]


def _record_rows(
    record: CodedRecord, columns: _Columns, by_code: dict[str, NumberedCode], style: CsvStyle
) -> tuple[list[list[str]], list[str], list[list[str]]]:
    """The record's rows of codings.csv, its row of cases.csv and its rows of evidence.csv."""
    head = [style.cell(value, text=True) for value in (record.transcript.id, record.case, record.coder)]
    answers = [style.cell(record.attributes.get(i), text=True) for i, _ in columns.coding_attributes]
    codings, evidence = [], []
    for segment in record.segments:
        where = [segment.segment_id, str(segment.index), style.cell(segment.speaker, text=True)]
        for code in segment.codes:
            entry = by_code.get(code)
            question = entry.question.id if entry else ""
            label = style.cell(entry.code.label, text=True) if entry else ""
            parent = entry.parent.id if entry and entry.parent else ""
            pole = segment.polarity.get(code, "unspecified") if entry and entry.code.has_polarity else ""
            text = style.cell(segment.text, text=True)
            codings.append([*head, *where, question, code, label, parent, pole, *answers, text])
        for item in segment.evidence:
            note = style.cell(item.note, text=True)
            evidence.append([*head, *where, item.hypothesis, item.stance, note, style.cell(segment.text, text=True)])
    verdicts = {v.hypothesis: v for v in record.verdicts}
    case = [
        *head,
        record.status,
        str(len(record.segments)),
        str(sum(1 for s in record.segments if s.codes)),
        str(sum(1 for s in record.segments if s.status == "not_relevant")),
        str(sum(len(s.codes) for s in record.segments)),
        *[style.cell(getattr(record.interview, f), text=True) for f, _ in columns.interview],
        *[style.cell(record.attributes.get(i), text=True) for i, _ in columns.case_attributes],
        *[
            style.cell(getattr(verdicts[h], part) if h in verdicts else None, text=True)
            for h in columns.hypotheses
            for part in ("verdict", "note")
        ],
    ]
    return codings, case, evidence


def write_tidy_tables(
    records: Iterable[CodedRecord],
    codebook: Codebook | None,
    seen: tuple[set[str], set[str]],
    folder: Path,
    *,
    excel: bool = False,
) -> list[Path]:
    """Write codings.csv, cases.csv and evidence.csv into `folder`, a record at a time, each file
    atomically (none is replaced when a record cannot be read). `seen`: `ColumnsSeen.of` the records."""
    style = CsvStyle(excel)
    by_code = codebook.codes_by_id() if codebook is not None else {}
    columns = _Columns.of(codebook, *seen)
    headers = {
        "codings.csv": [*CODING_COLUMNS, *[c for _, c in columns.coding_attributes], "text"],
        "cases.csv": [
            *CASE_COLUMNS,
            *[c for _, c in columns.interview],
            *[c for _, c in columns.case_attributes],
            *_verdict_columns(columns.hypotheses),
        ],
        "evidence.csv": [*EVIDENCE_COLUMNS, "text"],
    }
    paths = [folder / name for name in headers]
    with contextlib.ExitStack() as files:
        writers = []
        for path, header in zip(paths, headers.values(), strict=True):
            text = io.TextIOWrapper(files.enter_context(file_writer(path)), encoding=style.encoding, newline="")
            files.callback(text.detach)  # the binary stream is closed (and the file moved in place) by file_writer
            writer = csv.writer(text, delimiter=style.delimiter, lineterminator="\r\n")
            writer.writerow(header)
            writers.append((text, writer))
        (_, codings), (_, cases), (_, evidence) = writers
        for record in records:
            coding_rows, case_row, evidence_rows = _record_rows(record, columns, by_code, style)
            codings.writerows(coding_rows)
            cases.writerow(case_row)
            evidence.writerows(evidence_rows)
        for text, _ in writers:
            text.flush()
    return paths
