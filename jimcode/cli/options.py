"""Options that several commands share, declared once so that a flag is spelt, typed and explained alike.

An option that means the same in every command that has it is a whole `Annotated` alias. An option
whose flag is shared but whose help says what it is for in one command (`--codebook`, `--output`,
`--format`, `--coder`, `--force`, `--excel`) takes its flag from a function here and its help from
the command: `codebook: Annotated[Path | None, codebook_option("The codebook …")] = None`.
`index_for_report` applies `--complete-only` where records are read as a set.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

# typer.Option is typed as returning Any; so are these.


def codebook_option(help: str) -> Any:
    return typer.Option("--codebook", "-c", help=help)


def output_option(help: str) -> Any:
    """A file (or folder) to write; most commands write to stdout without it."""
    return typer.Option("--output", "-o", help=help)


def out_option(help: str) -> Any:
    """Where a session keeps its record (`code`, `reconcile`)."""
    return typer.Option("--out", "-o", help=help)


def format_option(help: str) -> Any:
    return typer.Option("--format", "-f", help=help)


def coder_option(help: str) -> Any:
    return typer.Option("--coder", help=help)


def force_option(help: str) -> Any:
    return typer.Option("--force", help=help)


def excel_option(help: str) -> Any:
    return typer.Option("--excel", help=help)


# How a transcript is split: `segment` and `code` (checked by `checked_segment_by` when the command runs).
SegmentByOpt = Annotated[
    str | None,
    typer.Option(
        "--segment-by",
        metavar="UNIT",
        help="turn (speaker turns), paragraph, cue (one subtitle cue each) or time:60s (windows of N seconds); "
        "overrides the front matter.",
    ),
]


def checked_segment_by(value: str | None) -> str | None:
    """The --segment-by value, or a usage error naming the choices."""
    if value is None:
        return None
    from jimcode.errors import UsageError
    from jimcode.transcripts.model import parse_segment_by

    try:
        parse_segment_by(value)
    except ValueError as exc:
        raise UsageError(f"--segment-by: {exc}") from None
    return value


# The sessions: `code` and `reconcile`.
TakeOverOpt = Annotated[
    bool, typer.Option("--take-over", help="Take over the lock of a session that ended without closing.")
]


# Every report on a set of records: `summary`, `retrieve`, `agreement`, `export project`, `export csv`.
CompleteOnlyOpt = Annotated[
    bool,
    typer.Option(
        "--complete-only",
        help="Leave out records still in progress (not marked complete); without this option "
        "they are included and a warning names them.",
    ),
]


# `summary` and `retrieve`: the same choice of records, the same outputs.
class OutputFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"
    csv = "csv"
    html = "html"
    docx = "docx"


class StatusFilter(StrEnum):
    complete = "complete"
    in_progress = "in-progress"


CountCodebookOpt = Annotated[
    Path | None, codebook_option("The codebook to count against (default: the one the records name).")
]
ByOpt = Annotated[
    str | None,
    typer.Option(
        "--by",
        metavar="ATTRIBUTE[:CUT]",
        help="Split into groups by a case attribute, side by side; cut a number with ATTRIBUTE:CUT "
        "(e.g. days_to_positioning:30 gives 'onder 30 dagen' and '30 dagen of meer' with a Dutch codebook, "
        "in the attribute's unit).",
    ),
]
CaseOpt = Annotated[
    list[str] | None, typer.Option("--case", help="Only this case (pseudonym or transcript id); repeatable.")
]
CoderFilterOpt = Annotated[
    list[str] | None,
    coder_option(
        "Only this coder's records; repeatable, the first listed wins for a transcript "
        "(default: the consensus record once complete, else the alphabetically first coder)."
    ),
]
StatusOpt = Annotated[StatusFilter | None, typer.Option("--status", help="Only complete (or in-progress) records.")]
ReportFormatOpt = Annotated[
    OutputFormat | None,
    format_option(
        "table, markdown, json, csv, html or docx (default: from the --output suffix; table on a terminal, "
        "markdown when piped). docx, a Word document, needs --output."
    ),
]
ReportOutputOpt = Annotated[
    Path | None,
    output_option("Write to this file (for csv: a folder gets one CSV per section) instead of stdout."),
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Stop at the first file that is not a usable record.")]
NoMemosOpt = Annotated[
    bool,
    typer.Option("--no-memos", help="Quotes without the coders' memos and evidence notes (for a report, or sharing)."),
]
ReportExcelOpt = Annotated[
    bool,
    excel_option("CSV for Excel with a Dutch (or other ';') locale: BOM, ';' and decimal comma, as export csv."),
]
