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
import re
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from jimcode.codebook.model import Codebook
from jimcode.fileio import PendingFile, cannot_write, file_writer, output_folder
from jimcode.records.model import InterviewInfo
from jimcode.records.stream import RecordStruct

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


@dataclass(frozen=True)
class _Columns:
    """The attribute and hypothesis columns of the tables (of one record, or of all of them)."""

    attributes: tuple[str, ...]  # attribute ids, in column order
    hypotheses: tuple[str, ...]  # hypothesis ids, in column order (two columns each in cases.csv)


class TidyTables:
    """The three tables, written as the records are read and put in (transcript, coder) order at the end.

    Each record's rows are rendered when it is added, in the columns the record itself needs (the
    codebook's attributes, or those it answers when there is no codebook; the codebook's hypotheses
    and any other it gives a verdict on), and appended to the table's pending file in `folder`
    (made when the tables are opened), which starts with the header of the columns the codebook
    fixes. Kept in memory per record is where its rows are.

    When the records came in (transcript, coder) order, each in the columns the tables end up with
    (read in that order, `index_records(in_key_order=True)`, as a study's records are), the pending
    files are the tables and `write` puts them in place. Else `write` writes the tables from them: the
    header, then each record's rows in order, copied as they are when the record's columns are the
    tables', else read back and placed in them. Use it as a context manager: what is not written is
    removed on exit (and `folder`, if it was made for the tables and is left empty).
    """

    def __init__(self, codebook: Codebook | None, folder: Path, *, excel: bool = False) -> None:
        self.codebook = codebook
        self.folder = folder
        self.style = CsvStyle(excel)
        self._by_code = codebook.codes_by_id() if codebook is not None else {}
        self._polar = frozenset(code for code, entry in self._by_code.items() if entry.code.has_polarity)
        self._attributes = tuple(a.id for a in codebook.case_attributes) if codebook is not None else None
        self._declared = tuple(h.id for h in codebook.hypotheses) if codebook is not None else ()
        self._interview = list(InterviewInfo.model_fields)
        # as the csv module quotes (QUOTE_MINIMAL): a field holding the delimiter, a quote, CR or LF
        self._needs_quotes = re.compile(f'[{re.escape(self.style.delimiter)}"\r\n]').search
        self._code_cells: dict[str, str] = {}
        self._open = contextlib.ExitStack()  # the folder and the pending files, once opened
        self._pending: list[PendingFile] = []
        self._records: list[tuple[str, str, int]] = []  # (transcript, coder, position in the order added)
        self._in_order = True  # whether every record came after the one before in (transcript, coder) order
        self._starts = [array("q") for _ in _TABLES]  # per table, where each record's rows start
        self._columns: dict[_Columns, int] = {}  # the distinct columns records need, each numbered once
        self._columns_of = array("i")  # per record, the number of its columns
        self._answered: set[str] = set()
        self._given: set[str] = set()
        self._headed = self.columns()  # the columns of the pending files' headers: the codebook's

    def __enter__(self) -> TidyTables:
        with contextlib.ExitStack() as opening:  # undone if the tables cannot be opened
            try:
                opening.enter_context(output_folder(self.folder))
                for path, header in zip(self._paths(), self._headers(self._headed), strict=True):
                    pending = opening.enter_context(PendingFile(path, readable=True))
                    self._write_header(pending.stream, header)
                    self._pending.append(pending)
            except OSError as exc:
                raise cannot_write(self.folder, exc) from None
            self._open = opening.pop_all()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._open.__exit__(kind, error, trace)  # with the error, so that a folder made for nothing is removed

    def _own_columns(self, record: RecordStruct) -> _Columns:
        given = {v.hypothesis for v in record.verdicts}
        self._given |= given
        if self._attributes is None:
            self._answered.update(record.attributes)
            attributes = tuple(sorted(record.attributes))
        else:
            attributes = self._attributes
        declared = self._declared
        return _Columns(attributes, declared + tuple(sorted(given - set(declared))))

    def add(self, record: RecordStruct) -> None:
        """Render the record's rows into the pending files."""
        columns = self._own_columns(record)
        number = self._columns.setdefault(columns, len(self._columns))
        self._columns_of.append(number)
        key = (record.transcript.id, record.coder)
        if self._records and key < self._records[-1][:2]:
            self._in_order = False
        self._records.append((*key, len(self._records)))
        for starts, pending, text in zip(self._starts, self._pending, self._rows(record, columns), strict=True):
            try:
                starts.append(pending.stream.tell())
                pending.stream.write(text.encode("utf-8"))
            except OSError as exc:
                raise cannot_write(pending.path, exc) from None

    def _rows(self, record: RecordStruct, columns: _Columns) -> tuple[str, str, str]:
        """The record's rows of codings.csv, cases.csv and evidence.csv, as CSV text.

        The rows of codings.csv and evidence.csv are joined here (`_field` quotes as the csv module
        does): a segment's text, most of their bytes, is quoted once however many codes it has."""
        style, sep, field = self.style, self.style.delimiter, self._field
        cell = style.cell
        head_cells = [cell(value, text=True) for value in (record.transcript.id, record.case, record.coder)]
        head = sep.join(map(field, head_cells))
        answers = [cell(record.attributes.get(i), text=True) for i in columns.attributes]
        before_text = sep + "".join(field(answer) + sep for answer in answers)
        codings: list[str] = []
        evidence: list[str] = []
        for segment in record.segments:
            if not segment.codes and not segment.evidence:
                continue
            speaker = field(cell(segment.speaker, text=True))
            where = f"{head}{sep}{field(segment.segment_id)}{sep}{segment.index}{sep}{speaker}"
            text = field(cell(segment.text, text=True))
            for code in segment.codes:
                about = self._code_cells.get(code) or self._code_cells.setdefault(code, self._about_code(code))
                pole = segment.polarity.get(code, "unspecified") if code in self._polar else ""
                codings.append(f"{where}{sep}{about}{sep}{pole}{before_text}{text}\r\n")
            for item in segment.evidence:
                note = field(cell(item.note, text=True))
                evidence.append(
                    f"{where}{sep}{field(item.hypothesis)}{sep}{field(item.stance)}{sep}{note}{sep}{text}\r\n"
                )
        verdicts = {v.hypothesis: v for v in record.verdicts}
        case = [
            *head_cells,
            record.status,
            str(len(record.segments)),
            str(sum(1 for s in record.segments if s.codes)),
            str(sum(1 for s in record.segments if s.status == "not_relevant")),
            str(sum(len(s.codes) for s in record.segments)),
            *[cell(getattr(record.interview, f), text=True) for f in self._interview],
            *answers,
            *[
                cell(getattr(verdicts[h], part) if h in verdicts else None, text=True)
                for h in columns.hypotheses
                for part in ("verdict", "note")
            ],
        ]
        return "".join(codings), self._csv([case]), "".join(evidence)

    def _about_code(self, code: str) -> str:
        """The cells of codings.csv about a code: research question, id, label, parent."""
        entry = self._by_code.get(code)
        question = entry.question.id if entry else ""
        label = self.style.cell(entry.code.label, text=True) if entry else ""
        parent = entry.parent.id if entry and entry.parent else ""
        return self.style.delimiter.join(map(self._field, (question, code, label, parent)))

    def _field(self, value: str) -> str:
        """`value` as the csv module writes a field (minimal quoting) in the tables' dialect."""
        if self._needs_quotes(value) is None:
            return value
        return '"' + value.replace('"', '""') + '"'

    def _csv(self, rows: list[list[str]]) -> str:
        handle = io.StringIO()
        csv.writer(handle, delimiter=self.style.delimiter, lineterminator="\r\n").writerows(rows)
        return handle.getvalue()

    def columns(self) -> _Columns:
        """The tables' columns: the codebook's attributes (else every one answered, sorted), the codebook's
        hypotheses and then any other given a verdict (sorted)."""
        attributes = self._attributes if self._attributes is not None else tuple(sorted(self._answered))
        declared = self._declared
        return _Columns(attributes, declared + tuple(sorted(self._given - set(declared))))

    def write(self) -> list[Path]:
        """Put codings.csv, cases.csv and evidence.csv in the folder, rows in (transcript, coder) order,
        each file atomically (the old tables are replaced only when all three are written)."""
        columns = self.columns()
        paths = self._paths()
        if self._in_order and columns == self._headed and self._columns.keys() <= {columns}:
            for pending in self._pending:
                try:
                    pending.commit()
                except OSError as exc:
                    raise cannot_write(pending.path, exc) from None
            return paths
        order = [position for _, _, position in sorted(self._records)]
        own = {number: own for own, number in self._columns.items()}
        with contextlib.ExitStack() as files:
            for table, (path, header) in enumerate(zip(paths, self._headers(columns), strict=True)):
                out = files.enter_context(file_writer(path))
                self._write_header(out, header)
                ends = [*self._starts[table][1:], self._pending[table].stream.seek(0, io.SEEK_END)]
                self._copy(table, order, ends, out, lambda position: own[self._columns_of[position]], columns)
        return paths

    def _paths(self) -> list[Path]:
        return [self.folder / name for name in _TABLES]

    def _headers(self, columns: _Columns) -> list[list[str]]:
        interview = [interview_column(f) for f in self._interview]
        case_taken = set(CASE_COLUMNS) | set(interview) | set(_verdict_columns(columns.hypotheses))
        return [
            [*CODING_COLUMNS, *_attribute_names(columns.attributes, set(CODING_COLUMNS) | {"text"}), "text"],
            [
                *CASE_COLUMNS,
                *interview,
                *_attribute_names(columns.attributes, case_taken),
                *_verdict_columns(columns.hypotheses),
            ],
            [*EVIDENCE_COLUMNS, "text"],
        ]

    def _write_header(self, out: BinaryIO, header: list[str]) -> None:
        if self.style.excel:
            out.write("\ufeff".encode())  # the byte order mark Excel needs to read UTF-8
        out.write(self._csv([header]).encode("utf-8"))

    def _copy(
        self,
        table: int,
        order: list[int],
        ends: list[int],
        out: BinaryIO,
        own: Callable[[int], _Columns],
        columns: _Columns,
    ) -> None:
        """The records' rows of one table, in `order`: adjacent runs copied as bytes, the rows of a record
        whose columns are not the tables' placed in them."""
        rows, starts = self._pending[table].stream, self._starts[table]
        run_start = run_end = 0
        for position in order:
            start, end = starts[position], ends[position]
            if table != _EVIDENCE and own(position) != columns:
                _copy_bytes(rows, run_start, run_end, out)
                run_start = run_end = 0
                rows.seek(start)
                out.write(self._placed(table, rows.read(end - start), own(position), columns).encode("utf-8"))
            elif start == run_end and run_end:
                run_end = end
            else:
                _copy_bytes(rows, run_start, run_end, out)
                run_start, run_end = start, end
        _copy_bytes(rows, run_start, run_end, out)

    def _placed(self, table: int, rows: bytes, own: _Columns, columns: _Columns) -> str:
        """Rows rendered in a record's own columns, in the tables' columns (an empty cell where the record
        has none)."""
        read = csv.reader(io.StringIO(rows.decode("utf-8"), newline=""), delimiter=self.style.delimiter)
        fixed = len(CODING_COLUMNS) if table == _CODINGS else len(CASE_COLUMNS) + len(self._interview)
        width = len(own.attributes)
        placed = []
        for row in read:
            answers = dict(zip(own.attributes, row[fixed : fixed + width], strict=True))
            cells = [*row[:fixed], *(answers.get(a, "") for a in columns.attributes)]
            if table == _CODINGS:
                cells.append(row[-1])
            else:
                rest = row[fixed + width :]
                verdicts = {h: rest[2 * n : 2 * n + 2] for n, h in enumerate(own.hypotheses)}
                cells += [part for h in columns.hypotheses for part in verdicts.get(h, ["", ""])]
            placed.append(cells)
        return self._csv(placed)


_TABLES = ("codings.csv", "cases.csv", "evidence.csv")
_CODINGS, _CASES, _EVIDENCE = range(3)
_COPY_CHUNK = 8 << 20


def _copy_bytes(rows: BinaryIO, start: int, end: int, out: BinaryIO) -> None:
    rows.seek(start)
    while start < end:
        chunk = rows.read(min(_COPY_CHUNK, end - start))
        out.write(chunk)
        start += len(chunk)


def _attribute_names(ids: Iterable[str], taken: set[str]) -> list[str]:
    return [f"attribute_{i}" if i in taken else i for i in ids]


def _verdict_columns(hypotheses: Iterable[str]) -> list[str]:
    return [c for h in hypotheses for c in (f"verdict_{h}", f"verdict_{h}_note")]
