"""Coded records as tidy CSV tables for R, pandas, SPSS or Excel.

- `codings.csv`: one row per (record, segment, code).
- `cases.csv`: one row per record (transcript x coder): interview facts, case attributes, verdicts.
- `evidence.csv`: one row per (record, segment, hypothesis evidence).
Values: category options as their ids; multi-choice answers as ids joined by "|"; booleans as
true/false; a missing answer as an empty cell. `excel=True` writes a UTF-8 BOM, ";" between
fields and a decimal comma, and guards cells Excel would read as formulas, so Dutch Excel opens
the files right.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jimcode.codebook.model import Codebook
from jimcode.fileio import write_file
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


def attribute_columns(codebook: Codebook | None, records: list[CodedRecord], taken: set[str]) -> list[tuple[str, str]]:
    """(attribute id, column name): the codebook's attributes in order, else every answered one."""
    if codebook is not None:
        ids = [a.id for a in codebook.case_attributes]
    else:
        ids = sorted({key for record in records for key in record.attributes})
    return [(i, f"attribute_{i}" if i in taken else i) for i in ids]


def _table(style: CsvStyle, header: list[str], rows: Iterable[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=style.delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(style.encoding)


def tidy_tables(records: list[CodedRecord], codebook: Codebook | None, *, excel: bool = False) -> dict[str, bytes]:
    """{file name: CSV bytes} for codings.csv, cases.csv and evidence.csv."""
    style = CsvStyle(excel)
    by_code = codebook.codes_by_id() if codebook is not None else {}
    coding_attributes = attribute_columns(codebook, records, set(CODING_COLUMNS) | {"text"})
    interview = [(f, interview_column(f)) for f in InterviewInfo.model_fields]
    hypotheses = _hypotheses(codebook, records)
    verdict_columns = [c for h in hypotheses for c in (f"verdict_{h}", f"verdict_{h}_note")]
    case_taken = set(CASE_COLUMNS) | {c for _, c in interview} | set(verdict_columns)
    case_attributes = attribute_columns(codebook, records, case_taken)

    codings, cases, evidence = [], [], []
    for record in records:
        head = [style.cell(value, text=True) for value in (record.transcript.id, record.case, record.coder)]
        answers = [style.cell(record.attributes.get(i), text=True) for i, _ in coding_attributes]
        for segment in record.segments:
            where = [segment.segment_id, str(segment.index), style.cell(segment.speaker, text=True)]
            for code in segment.codes:
                entry = by_code.get(code)
                question = entry.question.id if entry else ""
                label = style.cell(entry.code.label, text=True) if entry else ""
                parent = entry.parent.id if entry and entry.parent else ""
                text = style.cell(segment.text, text=True)
                codings.append([*head, *where, question, code, label, parent, *answers, text])
            for item in segment.evidence:
                note = style.cell(item.note, text=True)
                evidence.append(
                    [*head, *where, item.hypothesis, item.stance, note, style.cell(segment.text, text=True)]
                )
        verdicts = {v.hypothesis: v for v in record.verdicts}
        cases.append(
            [
                *head,
                record.status,
                str(len(record.segments)),
                str(sum(1 for s in record.segments if s.codes)),
                str(sum(1 for s in record.segments if s.status == "not_relevant")),
                str(sum(len(s.codes) for s in record.segments)),
                *[style.cell(getattr(record.interview, f), text=True) for f, _ in interview],
                *[style.cell(record.attributes.get(i), text=True) for i, _ in case_attributes],
                *[
                    style.cell(getattr(verdicts[h], part) if h in verdicts else None, text=True)
                    for h in hypotheses
                    for part in ("verdict", "note")
                ],
            ]
        )
    coding_header = [*CODING_COLUMNS, *[c for _, c in coding_attributes], "text"]
    case_header = [*CASE_COLUMNS, *[c for _, c in interview], *[c for _, c in case_attributes], *verdict_columns]
    return {
        "codings.csv": _table(style, coding_header, codings),
        "cases.csv": _table(style, case_header, cases),
        "evidence.csv": _table(style, [*EVIDENCE_COLUMNS, "text"], evidence),
    }


def _hypotheses(codebook: Codebook | None, records: list[CodedRecord]) -> list[str]:
    given = {v.hypothesis for r in records for v in r.verdicts}
    declared = [h.id for h in codebook.hypotheses] if codebook is not None else []
    return declared + sorted(given - set(declared))


def write_tables(tables: dict[str, bytes], folder: Path) -> list[Path]:
    written = []
    for name, data in tables.items():
        path = folder / name
        write_file(path, data)
        written.append(path)
    return written
