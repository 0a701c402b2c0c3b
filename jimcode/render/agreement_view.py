"""The agreement report as terminal tables, Markdown (for a team to discuss), JSON or CSV.

Tables, Markdown and CSV read the `AgreementReport`; JSON is its published contract
(`AgreementReport.result()`, see `jimcode.agreement.contract`).
Renderers return strings (Markdown, JSON, CSV) or print to a given rich console;
they never read files. Statistics that are not defined (nan) show as `–` in
tables, `null` in JSON and an empty cell in CSV.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jimcode.agreement.report import (
    GOOD_ALPHA,
    THRESHOLD_SOURCE,
    AgreementReport,
    AgreementRow,
    Section,
)
from jimcode.render import agreement_discussion as discussion

if TYPE_CHECKING:
    from rich.console import Console

    from jimcode.agreement.contract import AgreementResult

DASH = "\u2013"


def figure(value: float) -> str:
    return DASH if math.isnan(value) else f"{value:.3f}"


def percent(value: float) -> str:
    return DASH if math.isnan(value) else f"{100 * value:.1f}%"


def flag(row: AgreementRow, threshold: float, *, short: bool = False) -> str:
    """`short`: without the tentative bound, which the threshold note under the tables gives."""
    if math.isnan(row.alpha):
        return row.note
    if row.alpha < threshold:
        return f"below {threshold:g}" + (f"; {row.note}" if row.note else "")
    if row.alpha < GOOD_ALPHA:
        return "tentative" if short else f"tentative (< {GOOD_ALPHA:g})"
    return row.note


@dataclass(frozen=True)
class Grid:
    """A table before it is drawn: a title, column names, rows of cells; numbers from `numeric_from`."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    numeric_from: int = 1
    label_column: int = 0
    """The column that names each row: it gets the room the figures leave."""


_USE_WORDS: dict[Section, str] = {
    "overall": "applied",
    "question": "applied",
    "code": "applied",
    "relevance": "coded",
    "evidence": "with evidence",
    "attribute": "answered",
    "verdict": "given",
}

_TITLES: dict[Section, str] = {
    "overall": "Overall",
    "question": "Per research question (pooled over its codes: segment x code)",
    "code": "Per code (units: segments)",
    "relevance": "Segment relevance (units: segments)",
    "evidence": "Hypothesis evidence (units: segments; value: stance or none)",
    "attribute": "Case attributes (units: transcripts)",
    "verdict": "Hypothesis verdicts (units: transcripts)",
}


def _uses(row: AgreementRow) -> str:
    return " / ".join(str(count) for _, count in row.uses)


def grids(report: AgreementReport, *, compact: bool = False) -> list[Grid]:
    """The statistics tables, in reading order (empty sections left out).

    `compact` (a narrow terminal): short flags, and units the same on every row said once in the title.
    """
    coders = " / ".join(report.coders)
    found = []
    for section in ("overall", "question", "code", "relevance", "evidence", "attribute", "verdict"):
        rows = report.section(section)
        if not rows:
            continue
        first = ["#", "Code", "RQ"] if section == "code" else ["What"]
        if section == "attribute":
            first.append("Level")
        columns = [
            *first,
            "Units",
            "% agree",
            "Cohen's kappa",
            "Krippendorff's alpha",
            f"{_USE_WORDS[section]} ({coders})",
        ]
        columns.append("Flag")
        body = []
        for row in rows:
            if section == "code":
                number = report.labels.code_number(row.key)
                cells = [str(number) if number else "", row.label, row.group]
            else:
                cells = [row.label]
                if section == "attribute":
                    cells.append(row.level)
            cells += [str(row.units), percent(row.percent), figure(row.cohen), figure(row.alpha), _uses(row)]
            cells.append(flag(row, report.threshold, short=compact))
            body.append(cells)
        title = _TITLES[section]
        units = {row.units for row in rows}
        if compact and len(rows) > 1 and len(units) == 1:
            title = f"{title}, n = {units.pop()}"
            at = len(first)
            columns = columns[:at] + columns[at + 1 :]
            body = [cells[:at] + cells[at + 1 :] for cells in body]
        label_column = 1 if section == "code" else 0
        found.append(Grid(title, columns, body, numeric_from=len(first), label_column=label_column))
    return found


def transcripts_grid(report: AgreementReport) -> Grid:
    rows = []
    for group in report.groups:
        status = group.status + (f": {group.problem}" if group.problem else "")
        consensus = "yes" if group.consensus else ""
        rows.append([group.transcript_id, group.case, ", ".join(group.coders), status, consensus])
    return Grid("Transcripts", ["Transcript", "Case", "Coders", "Status", "Consensus"], rows, numeric_from=5)


def headline(report: AgreementReport) -> str:
    double = len(report.double_coded)
    units = sum(g.segments for g in report.double_coded)
    if double == 0:
        return (
            f"No double-coded transcripts among {len(report.groups)} transcript(s): "
            "agreement needs records of two or more coders on the same transcript."
        )
    return (
        f"{double} double-coded transcript(s) of {len(report.groups)}, {units} segments, "
        f"coders: {', '.join(report.coders)}."
    )


def threshold_note(report: AgreementReport) -> str:
    return (
        f"Flagged: alpha below {report.threshold:g}; 'tentative' below {GOOD_ALPHA:g}. {THRESHOLD_SOURCE}. "
        "Cohen's kappa is shown only for exactly two coders (and nominal data). A dash means not computable: "
        "no unit coded by two coders, or no variation (every coder gave the same value everywhere, "
        "e.g. a code nobody applied), so there was no disagreement to measure."
    )


# ---------------------------------------------------------------------------
# Terminal


NARROW = 120
"""Below this many columns the tables are drawn compact: short statistic names, no vertical rules."""
_SHORT_NAMES = {"% agree": "agree", "Cohen's kappa": "kappa", "Krippendorff's alpha": "alpha"}


def print_table(report: AgreementReport, console: Console) -> None:
    """The tables fit the console's width: figures never break, labels wrap at spaces."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    narrow = console.width < NARROW

    def draw(grid: Grid) -> None:
        if narrow:
            table = Table(
                title=grid.title,
                title_justify="left",
                title_style="bold",
                box=box.SIMPLE_HEAD,
                padding=(0, 1),
                collapse_padding=True,
                pad_edge=False,
                show_edge=False,
            )
        else:
            table = Table(title=grid.title, title_justify="left", title_style="bold")
        last = len(grid.columns) - 1
        for position, name in enumerate(grid.columns):
            numeric = grid.numeric_from <= position < last
            if narrow:
                name = _SHORT_NAMES.get(name, name)
                if position == last - 1 and numeric:  # "applied (anna / bram)": the coders say enough
                    name = name[name.find("(") + 1 : -1] if "(" in name else name
            table.add_column(
                name,
                justify="right" if numeric else "left",
                overflow="fold",
                no_wrap=numeric,  # a figure is never split
                min_width=_longest_word(grid, position) if position == grid.label_column else None,
            )
        for cells in grid.rows:
            style = "red" if cells[-1].startswith("below") else None
            table.add_row(*[Text(cell) for cell in cells], style=style)
        console.print(table)

    console.print(Text(headline(report), style="bold"))
    draw(transcripts_grid(report))
    for grid in grids(report, compact=narrow):
        draw(grid)
    if report.not_compared:
        console.print(Text("Not compared: " + ", ".join(report.not_compared)))
    console.print(Text(threshold_note(report), style="dim"))
    console.print()
    console.print(Text(discussion.plain(report)))


def _longest_word(grid: Grid, column: int) -> int:
    """The label column's narrowest width that breaks no word (up to 20: longer words fold)."""
    words = [len(word) for cells in grid.rows for word in cells[column].split()]
    return min(max(words, default=4), 20)


# ---------------------------------------------------------------------------
# Markdown


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def markdown_grid(grid: Grid, level: int = 2) -> str:
    align = ["---" if i < grid.numeric_from or i == len(grid.columns) - 1 else "---:" for i in range(len(grid.columns))]
    lines = [f"{'#' * level} {grid.title}", ""]
    lines.append("| " + " | ".join(_md_cell(c) for c in grid.columns) + " |")
    lines.append("| " + " | ".join(align) + " |")
    for cells in grid.rows:
        shown = [_md_cell(c) for c in cells]
        if cells[-1].startswith("below"):
            shown[-1] = f"**{shown[-1]}**"
        lines.append("| " + " | ".join(shown) + " |")
    return "\n".join(lines)


def markdown(report: AgreementReport) -> str:
    parts = ["# Inter-coder agreement", "", headline(report), ""]
    parts += [markdown_grid(transcripts_grid(report)), ""]
    for grid in grids(report):
        parts += [markdown_grid(grid), ""]
    if report.not_compared:
        parts += ["Not compared: " + ", ".join(report.not_compared) + ".", ""]
    parts += [f"*{threshold_note(report)}*", ""]
    if report.warnings:
        parts += ["Warnings:", "", *[f"- {_md_cell(w)}" for w in report.warnings], ""]
    parts += [discussion.markdown(report)]
    return "\n".join(parts).rstrip("\n") + "\n"


# ---------------------------------------------------------------------------
# JSON and CSV


def to_json(result: AgreementResult) -> str:
    return json.dumps(result.model_dump(), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def to_csv(report: AgreementReport) -> str:
    """One row per statistic (sections: overall, question, code, relevance, evidence, attribute, verdict)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    uses = [f"uses_{coder}" for coder in report.coders]
    writer.writerow(
        [
            "section",
            "key",
            "label",
            "group",
            "level",
            "units",
            "percent_agreement",
            "cohen_kappa",
            "krippendorff_alpha",
            "below_threshold",
            *uses,
            "note",
        ]
    )
    for row in report.rows:
        figures = ["" if math.isnan(v) else repr(v) for v in (row.percent, row.cohen, row.alpha)]
        counts = dict(row.uses)
        writer.writerow(
            [
                row.section,
                row.key,
                row.label,
                row.group,
                row.level,
                row.units,
                *figures,
                "yes" if row.below(report.threshold) else "no",
                *[counts.get(coder, "") for coder in report.coders],
                row.note,
            ]
        )
    return out.getvalue()
