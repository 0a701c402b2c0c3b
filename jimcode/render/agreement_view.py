"""The agreement report as terminal tables, Markdown (for a team to discuss), JSON or CSV.

Tables, Markdown and CSV read the `AgreementReport`; JSON is its published contract
(`AgreementReport.result()`, see `jimcode.agreement.contract`), written as it goes (`json_pieces`).
Renderers return strings (CSV), pieces of text (Markdown, JSON) or print to a given rich
console; they never open a file (the report reads the disputed segments again as they are
listed, `AgreementReport.disputed_segments`). Statistics that are not defined (nan) show as `–`
in tables, `null` in JSON and an empty cell in CSV.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING

from pydantic_core import PydanticSerializationError, to_json

from jimcode.agreement.disagreements import AttributeDisagreement
from jimcode.agreement.report import (
    ALL,
    GOOD_ALPHA,
    NEVER_APPLIED,
    NO_PAIRS,
    NO_VARIATION,
    NOT_IN_CODEBOOK,
    AgreementReport,
    AgreementRow,
    Section,
    attribute_dispute_data,
    segment_dispute_data,
    transcript_data,
    verdict_dispute_data,
)
from jimcode.i18n import DEFAULT_LANGUAGE, decimal, words
from jimcode.render import agreement_discussion as discussion

if TYPE_CHECKING:
    from pydantic import BaseModel
    from rich.console import Console

DASH = "\u2013"


def figure(value: float, language: str = DEFAULT_LANGUAGE) -> str:
    return DASH if math.isnan(value) else decimal(value, 3, language)


def percent(value: float, language: str = DEFAULT_LANGUAGE) -> str:
    return DASH if math.isnan(value) else decimal(100 * value, 1, language) + "%"


def bound(value: float, language: str = DEFAULT_LANGUAGE) -> str:
    """A threshold as the report says it: 0.667, 0.8 (Dutch 0,667, 0,8)."""
    text = f"{value:g}"
    return text.replace(".", ",") if language == "nl" else text


_NOTES = {
    NO_PAIRS: "agreement.note.no_pairs",
    NEVER_APPLIED: "agreement.note.never_applied",
    NO_VARIATION: "agreement.note.no_variation",
    NOT_IN_CODEBOOK: "agreement.note.not_in_codebook",
}


def note_text(note: str, language: str = DEFAULT_LANGUAGE) -> str:
    """A row's note (English in the report and its JSON) in the report's language."""
    say = words(language)
    return "; ".join(say(_NOTES[part]) if part in _NOTES else part for part in note.split("; ")) if note else ""


def row_label(row: AgreementRow, report: AgreementReport) -> str:
    """What a row compares, in the report's language (the JSON keeps the English of `row.label`)."""
    say = words(report.language)
    if row.section == "overall":
        return say("agreement.row.all_codes")
    if row.section == "relevance":
        return say("agreement.row.relevance")
    if row.key == ALL and row.section in ("evidence", "verdict"):
        return say("agreement.row.all_evidence" if row.section == "evidence" else "agreement.row.all_verdicts")
    if row.each_option:
        return say("agreement.row.each_option", label=report.labels.attribute_label(row.key))
    return row.label


def flag(row: AgreementRow, threshold: float, *, short: bool = False, language: str = DEFAULT_LANGUAGE) -> str:
    """`short`: without the tentative bound, which the threshold note under the tables gives."""
    say = words(language)
    note = note_text(row.note, language)
    if math.isnan(row.alpha):
        return note
    if row.alpha < threshold:
        return say("agreement.below", threshold=bound(threshold, language)) + (f"; {note}" if note else "")
    if row.alpha < GOOD_ALPHA:
        return (
            say("agreement.tentative") if short else say("agreement.tentative_below", good=bound(GOOD_ALPHA, language))
        )
    return note


@dataclass(frozen=True)
class Grid:
    """A table before it is drawn: a title, column names, rows of cells; numbers from `numeric_from`."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    numeric_from: int = 1
    label_column: int = 0
    """The column that names each row: it gets the room the figures leave."""
    alarms: frozenset[int] = frozenset()
    """The rows (by position) whose alpha is below the threshold: drawn in red, bold in Markdown."""
    short_names: tuple[tuple[str, str], ...] = ()
    """Column names and their short forms for a narrow terminal."""


_USE_WORDS: dict[Section, str] = {
    "overall": "agreement.use.applied",
    "question": "agreement.use.applied",
    "code": "agreement.use.applied",
    "relevance": "agreement.use.coded",
    "evidence": "agreement.use.evidence",
    "attribute": "agreement.use.answered",
    "verdict": "agreement.use.given",
}


def _uses(row: AgreementRow) -> str:
    return " / ".join(str(count) for _, count in row.uses)


def _short_names(language: str) -> tuple[tuple[str, str], ...]:
    say = words(language)
    return tuple(
        (say(f"agreement.column.{name}"), say(f"agreement.short.{name}")) for name in ("percent", "cohen", "alpha")
    )


def grids(report: AgreementReport, *, compact: bool = False) -> list[Grid]:
    """The statistics tables, in reading order (empty sections left out).

    `compact` (a narrow terminal): short flags, and units the same on every row said once in the title.
    """
    language = report.language
    say = words(language)
    coders = " / ".join(report.coders)
    found = []
    for section in ("overall", "question", "code", "relevance", "evidence", "attribute", "verdict"):
        rows = report.section(section)
        if not rows:
            continue
        first = (
            [say("agreement.column.number"), say("agreement.column.code"), say("agreement.column.question")]
            if section == "code"
            else [say("agreement.column.what")]
        )
        if section == "attribute":
            first.append(say("agreement.column.level"))
        columns = [
            *first,
            say("agreement.column.units"),
            say("agreement.column.percent"),
            say("agreement.column.cohen"),
            say("agreement.column.alpha"),
            say("agreement.uses", word=say(_USE_WORDS[section]), coders=coders),
        ]
        columns.append(say("agreement.column.flag"))
        body = []
        for row in rows:
            if section == "code":
                number = report.labels.code_number(row.key)
                cells = [str(number) if number else "", row_label(row, report), row.group]
            else:
                cells = [row_label(row, report)]
                if section == "attribute":
                    cells.append(say(f"agreement.level.{row.level}"))
            cells += [
                str(row.units),
                percent(row.percent, language),
                figure(row.cohen, language),
                figure(row.alpha, language),
                _uses(row),
            ]
            cells.append(flag(row, report.threshold, short=compact, language=language))
            body.append(cells)
        title = say(f"agreement.section.{section}")
        units = {row.units for row in rows}
        if compact and len(rows) > 1 and len(units) == 1:
            title = f"{title}, n = {units.pop()}"
            at = len(first)
            columns = columns[:at] + columns[at + 1 :]
            body = [cells[:at] + cells[at + 1 :] for cells in body]
        label_column = 1 if section == "code" else 0
        alarms = frozenset(i for i, row in enumerate(rows) if row.below(report.threshold))
        found.append(
            Grid(
                title,
                columns,
                body,
                numeric_from=len(first),
                label_column=label_column,
                alarms=alarms,
                short_names=_short_names(language),
            )
        )
    return found


def transcripts_grid(report: AgreementReport) -> Grid:
    say = words(report.language)
    rows = []
    for group in report.groups:
        status = say(f"agreement.status.{group.status}") + (f": {group.problem}" if group.problem else "")
        consensus = say("yes") if group.consensus else ""
        rows.append([group.transcript_id, group.case, ", ".join(group.coders), status, consensus])
    columns = [say(f"agreement.column.{name}") for name in ("transcript", "case", "coders", "status", "consensus")]
    return Grid(say("agreement.transcripts"), columns, rows, numeric_from=5)


def headline(report: AgreementReport) -> str:
    say = words(report.language)
    double = len(report.double_coded)
    units = sum(g.segments for g in report.double_coded)
    if double == 0:
        return say("agreement.headline_none", total=len(report.groups))
    return say(
        "agreement.headline", double=double, total=len(report.groups), units=units, coders=", ".join(report.coders)
    )


def threshold_note(report: AgreementReport) -> str:
    language = report.language
    say = words(language)
    return say(
        "agreement.threshold_note",
        threshold=bound(report.threshold, language),
        good=bound(GOOD_ALPHA, language),
        source=say("agreement.threshold_source"),
    )


def not_compared(report: AgreementReport) -> str:
    say = words(report.language)
    names = ", ".join(say("agreement.free_text", label=label) for label in report.not_compared_labels)
    return say("agreement.not_compared", names=names)


# ---------------------------------------------------------------------------
# Terminal


NARROW = 120
"""Below this many columns the tables are drawn compact: short statistic names, no vertical rules."""


def print_table(report: AgreementReport, console: Console) -> None:
    """The tables fit the console's width: figures never break, labels wrap at spaces."""
    for _ in table_steps(report, console):
        pass


def table_steps(report: AgreementReport, console: Console) -> Iterator[None]:
    """`print_table` a step at a time (the tables, then each transcript's disagreements as they are
    read), for a caller that writes out what the console has so far at each step."""
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
                name = dict(grid.short_names).get(name, name)
                if position == last - 1 and numeric:  # "applied (anna / bram)": the coders say enough
                    name = name[name.find("(") + 1 : -1] if "(" in name else name
            table.add_column(
                name,
                justify="right" if numeric else "left",
                overflow="fold",
                no_wrap=numeric,  # a figure is never split
                min_width=_longest_word(grid, position) if position == grid.label_column else None,
            )
        for position, cells in enumerate(grid.rows):
            style = "red" if position in grid.alarms else None
            table.add_row(*[Text(cell) for cell in cells], style=style)
        console.print(table)

    console.print(Text(headline(report), style="bold"))
    draw(transcripts_grid(report))
    for grid in grids(report, compact=narrow):
        draw(grid)
    if report.not_compared_labels:
        console.print(Text(not_compared(report)))
    console.print(Text(threshold_note(report), style="dim"))
    console.print()
    yield
    for piece in discussion.plain(report):
        console.print(Text(piece))
        yield


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
    for position, cells in enumerate(grid.rows):
        shown = [_md_cell(c) for c in cells]
        if position in grid.alarms:
            shown[-1] = f"**{shown[-1]}**"
        lines.append("| " + " | ".join(shown) + " |")
    return "\n".join(lines)


def markdown(report: AgreementReport) -> Iterator[str]:
    """The report as Markdown, in pieces (concatenated, they are the text; the disagreements one
    transcript at a time, as they are read)."""
    say = words(report.language)
    parts = [f"# {say('agreement.title')}", "", headline(report), ""]
    parts += [markdown_grid(transcripts_grid(report)), ""]
    for grid in grids(report):
        parts += [markdown_grid(grid), ""]
    if report.not_compared_labels:
        parts += [not_compared(report) + ".", ""]
    parts += [f"*{threshold_note(report)}*", ""]
    if report.warnings:
        parts += [say("agreement.warnings"), "", *[f"- {_md_cell(w)}" for w in report.warnings], ""]
    yield from _one_line_break_at_the_end(chain(["\n".join(parts) + "\n"], discussion.markdown(report)))


def _one_line_break_at_the_end(pieces: Iterable[str]) -> Iterator[str]:
    """The pieces as they are, but for the line breaks at the very end: one."""
    held = ""
    for piece in pieces:
        body = piece.rstrip("\n")
        if body:
            yield held + body
            held = piece[len(body) :]
        else:
            held += piece
    yield "\n"


# ---------------------------------------------------------------------------
# JSON and CSV


def json_pieces(report: AgreementReport) -> Iterator[str]:
    """The report's JSON (`report.result()` as `json.dumps(..., ensure_ascii=False, indent=2)` writes it)
    in pieces. The lists that grow with the corpus are written item by item as they come, from plain
    data in the contract's order (no model per item): the transcripts, the disputed segments as
    `report.disputed_segments()` reads them, so what is held does not grow with them, and the
    attributes and verdicts answered differently."""
    document = report.result(streamed=True).model_dump()
    document["transcripts"] = Streamed(item_json(transcript_data(group)) for group in report.groups)
    disagreements = document["disagreements"]
    disagreements["segments"] = Streamed(item_json(segment_dispute_data(item)) for item in report.disputed_segments())
    disagreements["attributes"] = Streamed(_attribute_json(item) for item in report.attribute_disagreements)
    disagreements["verdicts"] = Streamed(item_json(verdict_dispute_data(item)) for item in report.verdict_disagreements)
    yield from json_text(document)
    yield "\n"


def item_json(value: object) -> str:
    """Plain data without floats as `json.dumps(value, ensure_ascii=False, indent=2)` writes it, by
    pydantic-core (the same text; tests/test_agreement_outputs.py and test_agreement_reading.py check it)."""
    try:
        return to_json(value, indent=2).decode()
    except PydanticSerializationError:  # half a surrogate pair: json.dumps writes it, as before
        return json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)


def _attribute_json(item: AttributeDisagreement) -> str:
    """An attribute answer may be a float, which pydantic-core writes otherwise than json.dumps (1e-05)."""
    data = attribute_dispute_data(item)
    if any(isinstance(value, float) for _, value in item.values):
        return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    return item_json(data)


def model_json(model: BaseModel) -> str:
    """A contract model without floats as `json.dumps(model.model_dump(), ensure_ascii=False, indent=2)`
    writes it (`item_json` of its dump)."""
    return item_json(model.model_dump())


class Streamed:
    """A JSON array written item by item as the items come, each the JSON text of one item."""

    def __init__(self, items: Iterable[str]) -> None:
        self.items = items


_INDENT = "  "


def _holds_stream(value: object) -> bool:
    return isinstance(value, Streamed) or (
        isinstance(value, dict) and any(_holds_stream(item) for item in value.values())
    )


def json_text(value: object, indent: str = "") -> Iterator[str]:
    """The JSON text of `value` as `json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)`
    writes it at this indent, in pieces: one per item of a `Streamed` array (and per key of an
    object holding one). A value nested at an indent is its own text with that indent after each
    line break."""
    inner = indent + _INDENT
    if isinstance(value, Streamed):
        opened = False
        for item in value.items:
            yield (",\n" if opened else "[\n") + inner + item.replace("\n", "\n" + inner)
            opened = True
        yield f"\n{indent}]" if opened else "[]"
    elif isinstance(value, dict) and _holds_stream(value):
        separator = "{\n"
        for key, item in value.items():
            yield f"{separator}{inner}{json.dumps(key, ensure_ascii=False)}: "
            yield from json_text(item, inner)
            separator = ",\n"
        yield f"\n{indent}}}"
    else:
        yield json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False).replace("\n", "\n" + indent)


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
                row_label(row, report),
                row.group,
                row.level,
                row.units,
                *figures,
                "yes" if row.below(report.threshold) else "no",
                *[counts.get(coder, "") for coder in report.coders],
                note_text(row.note, report.language),
            ]
        )
    return out.getvalue()
