"""A summary as tidy CSV tables: one row per observation, one column per variable.

Sections (in this order): corpus, attributes, questions, codes, polarity, verdicts, evidence,
cooccurrence, quotes, warnings, skipped. Every table starts with `group_key` and `group`
(`group_key` is empty for all cases). A folder gets one `<section>.csv` per section; a single
file or stdout gets the sections stacked under a leading `section` column, with the union of
the columns (a cell is empty where a column does not apply to that section).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jimcode.fileio import write_file

if TYPE_CHECKING:
    from jimcode.summary.contract import AttributeSummary, CodeQuote, EvidenceQuote, SummaryResult

SECTIONS: dict[str, list[str]] = {
    "corpus": ["group_key", "group", "measure", "name", "value"],
    "attributes": [
        "group_key",
        "group",
        "attribute",
        "attribute_label",
        "type",
        "unit",
        "row",
        "key",
        "label",
        "option_group",
        "count",
        "n",
        "percent",
        "value",
    ],
    "questions": ["group_key", "group", "question", "title", "segments", "cases", "n", "percent"],
    "codes": [
        "group_key",
        "group",
        "question",
        "number",
        "code",
        "label",
        "depth",
        "parent",
        "segments",
        "cases",
        "n",
        "percent",
    ],
    "polarity": ["group_key", "group", "question", "code", "pole", "label", "segments", "cases", "n", "percent"],
    "verdicts": ["group_key", "group", "hypothesis", "verdict", "cases", "n", "percent"],
    "evidence": ["group_key", "group", "hypothesis", "stance", "segments", "cases", "n", "percent"],
    "cooccurrence": ["group_key", "group", "rank", "code_a", "code_b", "label_a", "label_b", "segments", "cases"],
    "quotes": [
        "group_key",
        "group",
        "kind",
        "key",
        "stance",
        "case",
        "speaker",
        "transcript",
        "segment",
        "coder",
        "text",
        "remark",
    ],
    "warnings": ["code", "message"],
    "skipped": ["path", "reason"],
}


def _rows(result: SummaryResult) -> dict[str, list[dict[str, Any]]]:
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in SECTIONS}
    for group in result.groups:
        where = {"group_key": group.key or "", "group": group.label}
        corpus = group.corpus
        for measure in (
            "cases",
            "case_pseudonyms",
            "complete",
            "in_progress",
            "organisation_missing",
            "interviewees",
            "interviewee_missing",
        ):
            tables["corpus"].append({**where, "measure": measure, "value": getattr(corpus, measure)})
        for measure, value in corpus.segments.model_dump().items():
            tables["corpus"].append({**where, "measure": f"segments_{measure}", "value": value})
        for kind, named in (("coder", corpus.coders), ("organisation", corpus.organisations)):
            for entry in named:
                tables["corpus"].append({**where, "measure": kind, "name": entry.name, "value": entry.cases})
        _attribute_rows(tables["attributes"], where, group.attributes)
        n = corpus.cases
        for question in group.questions:
            tables["questions"].append(
                {
                    **where,
                    "question": question.id,
                    "title": question.title,
                    "segments": question.segments,
                    "cases": question.cases,
                    "n": n,
                    "percent": question.percent,
                }
            )
            for code in question.codes:
                tables["codes"].append(
                    {
                        **where,
                        "question": question.id,
                        "n": n,
                        "number": code.number,
                        "label": code.label,
                        "depth": code.depth,
                        "parent": code.parent,
                        "segments": code.segments,
                        "cases": code.cases,
                        "percent": code.percent,
                        "code": code.id,
                    }
                )
                for pole in code.polarity or []:
                    tables["polarity"].append(
                        {
                            **where,
                            "question": question.id,
                            "code": code.id,
                            "pole": pole.pole,
                            "label": pole.label,
                            "segments": pole.segments,
                            "cases": pole.cases,
                            "n": n,
                            "percent": pole.percent,
                        }
                    )
                for quote in code.quotes:
                    tables["quotes"].append({**where, "kind": "code", "key": code.id, **_quote(quote, quote.memo)})
        for hypothesis in group.hypotheses:
            for verdict in hypothesis.verdicts:
                tables["verdicts"].append(
                    {
                        **where,
                        "hypothesis": hypothesis.id,
                        "verdict": verdict.verdict,
                        "cases": verdict.cases,
                        "n": n,
                        "percent": verdict.percent,
                    }
                )
            for item in hypothesis.evidence:
                tables["evidence"].append(
                    {
                        **where,
                        "hypothesis": hypothesis.id,
                        "stance": item.stance,
                        "segments": item.segments,
                        "cases": item.cases,
                        "n": n,
                        "percent": item.percent,
                    }
                )
                for evidence_quote in item.quotes:
                    tables["quotes"].append(
                        {
                            **where,
                            "kind": "evidence",
                            "key": hypothesis.id,
                            "stance": item.stance,
                            **_quote(evidence_quote, evidence_quote.note),
                        }
                    )
        for rank, pair in enumerate(group.cooccurrence, start=1):
            tables["cooccurrence"].append(
                {
                    **where,
                    "rank": rank,
                    "code_a": pair.codes[0],
                    "code_b": pair.codes[1],
                    "label_a": pair.labels[0],
                    "label_b": pair.labels[1],
                    "segments": pair.segments,
                    "cases": pair.cases,
                }
            )
    tables["warnings"] = [w.model_dump() for w in result.warnings]
    tables["skipped"] = [s.model_dump() for s in result.files.skipped_files]
    return tables


def _attribute_rows(out: list[dict[str, Any]], where: dict[str, Any], attributes: list[AttributeSummary]) -> None:
    for attribute in attributes:
        base = {
            **where,
            "attribute": attribute.id,
            "attribute_label": attribute.label,
            "type": attribute.type,
            "unit": attribute.unit,
        }
        for key, count in (
            ("answered", attribute.answered),
            ("missing", attribute.missing),
            ("invalid", attribute.invalid),
        ):
            out.append({**base, "row": key, "count": count, "n": attribute.units})  # cases, or interviewees
        for group in attribute.option_groups:
            out.append(
                {
                    **base,
                    "row": "option_group",
                    "key": group.id,
                    "label": group.label,
                    "count": group.count,
                    "n": attribute.answered,
                    "percent": group.percent,
                }
            )
        for option in attribute.options:
            out.append(
                {
                    **base,
                    "row": "option",
                    "key": option.id,
                    "label": option.label,
                    "option_group": getattr(option, "group", None),  # a boolean's yes/no have no group
                    "count": option.count,
                    "n": attribute.answered,
                    "percent": option.percent,
                }
            )
        if attribute.stats is not None:
            for stat, value in attribute.stats.model_dump().items():
                out.append({**base, "row": "stat", "key": stat, "value": value})


def _quote(quote: CodeQuote | EvidenceQuote, remark: str | None) -> dict[str, Any]:
    return {
        "case": quote.case,
        "speaker": quote.speaker,
        "transcript": quote.transcript,
        "segment": quote.segment,
        "coder": quote.coder,
        "text": quote.text,
        "remark": remark,
    }


class Style:
    """Plain CSV (UTF-8, `,`), or for Excel with a `;` locale as `jimcode export csv --excel` writes it:
    a byte order mark, `;`, decimal commas and text that Excel would take for a formula guarded
    (the rules are `jimcode.render.tidy_csv.CsvStyle`'s)."""

    def __init__(self, excel: bool = False) -> None:
        self.excel = excel
        self.delimiter = ","
        self.lineterminator = "\n"
        self._excel_cell: Any = None
        if excel:
            from jimcode.render.tidy_csv import CsvStyle

            tidy = CsvStyle(excel=True)
            self.delimiter, self.lineterminator, self._excel_cell = tidy.delimiter, "\r\n", tidy.cell

    @property
    def byte_order_mark(self) -> str:
        return "\ufeff" if self.excel else ""

    def writer(self, handle: Any) -> Any:
        return csv.writer(handle, delimiter=self.delimiter, lineterminator=self.lineterminator)

    def cell(self, value: Any) -> Any:
        if self._excel_cell is not None:
            return self._excel_cell(value, text=isinstance(value, str))
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return value


def _write(writer: Any, style: Style, columns: list[str], rows: list[dict[str, Any]], lead: list[str]) -> None:
    for row in rows:
        writer.writerow([*lead, *(style.cell(row.get(c)) for c in columns)])


def union_columns() -> list[str]:
    columns: list[str] = []
    for names in SECTIONS.values():
        columns += [c for c in names if c not in columns]
    return columns


def single_csv(result: SummaryResult, excel: bool = False) -> str:
    """Every section in one table, under a leading `section` column."""
    style = Style(excel)
    tables = _rows(result)
    columns = union_columns()
    handle = io.StringIO()
    handle.write(style.byte_order_mark)
    writer = style.writer(handle)
    writer.writerow(["section", *columns])
    for name, rows in tables.items():
        _write(writer, style, columns, rows, [name])
    return handle.getvalue()


def write_folder(result: SummaryResult, folder: Path, excel: bool = False) -> list[Path]:
    """One `<section>.csv` per section (header only when a section is empty); returns the paths."""
    style = Style(excel)
    written = []
    for name, rows in _rows(result).items():
        handle = io.StringIO(newline="")
        handle.write(style.byte_order_mark)
        writer = style.writer(handle)
        writer.writerow(SECTIONS[name])
        _write(writer, style, SECTIONS[name], rows, [])
        path = folder / f"{name}.csv"
        write_file(path, handle.getvalue())  # atomic, like every file jimcode writes
        written.append(path)
    return written
