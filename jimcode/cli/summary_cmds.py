"""Commands that read many coded records: summary and retrieve."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from jimcode.cli import messages
from jimcode.cli.app import app, emit, emit_streamed
from jimcode.cli.options import (
    ByOpt,
    CaseOpt,
    CoderFilterOpt,
    CompleteOnlyOpt,
    CountCodebookOpt,
    NoMemosOpt,
    OutputFormat,
    ReportExcelOpt,
    ReportFormatOpt,
    ReportOutputOpt,
    StatusFilter,
    StatusOpt,
    StrictOpt,
)
from jimcode.errors import CheckFailed

if TYPE_CHECKING:
    from jimcode.corpus import Listing
    from jimcode.diagnostics import Diagnostic
    from jimcode.summary.contract import RecordStatus, RetrieveResult, SummaryResult

PROGRESS_FROM_FILES = 200


SUFFIX_FORMATS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".txt": "table",
}

RecordsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Coded records (.json) and folders of them (searched recursively). Default: the jimcode project's records."
    ),
]


def _choose_format(format: OutputFormat | None, output: Path | None) -> str:
    if format is not None:
        return format.value
    if output is not None and output.suffix.lower() in SUFFIX_FORMATS:
        return SUFFIX_FORMATS[output.suffix.lower()]
    if output is not None:
        from jimcode.errors import UsageError

        raise UsageError(f"cannot tell the format from '{output.name}'; pass --format")
    return "table" if sys.stdout.isatty() else "markdown"


def _check_binary(format: str, output: Path | None) -> None:
    """A Word file is bytes: it goes to a file, never to a terminal or a pipe."""
    if format == "docx" and output is None:
        from jimcode.errors import UsageError
        from jimcode.i18n import message_language, words

        raise UsageError(words(message_language())("cli.docx_needs_output"))


def _csv_folder(output: Path | None) -> bool:
    return output is not None and (output.is_dir() or str(output).endswith(("/", "\\")) or not output.suffix)


class _Reporter:
    """Skipped files on stderr as they happen; a progress bar when there are many files and stderr is a terminal."""

    def __init__(self) -> None:
        self.skipped = 0
        self._progress: Any = None
        self._task: Any = None

    def skip(self, problem: Diagnostic) -> None:
        self.skipped += 1
        messages.error(f"{problem.as_text()} (skipped)", via=self._progress.console if self._progress else None)

    def progress(self, done: int, total: int) -> None:
        if self._progress is None and done == 1 and total >= PROGRESS_FROM_FILES and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._progress = Progress(
                TextColumn("reading records"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("records", total=total)
        if self._progress is not None:
            self._progress.update(self._task, completed=done)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def _check_excel(excel: bool, format: str) -> None:
    if excel and format != "csv":
        from jimcode.errors import UsageError

        raise UsageError(f"--excel is for CSV output (--format csv), not {format}")


def _emit(
    result: SummaryResult | RetrieveResult, format: str, output: Path | None, renderer: Any, excel: bool = False
) -> None:
    if format == "csv":
        emit(renderer.to_csv(result, excel=excel), output)
        return
    if format == "docx":
        emit(renderer.to_docx(result), output)
        return
    if format == "table":
        if output is None:
            renderer.print_table(result)
            return
        import io

        buffer = io.StringIO()
        renderer.print_table(result, file=buffer, width=120)
        emit(buffer.getvalue(), output)
        return
    emit(renderer.render_text(result, format), output)


def _finish(result: SummaryResult | RetrieveResult, reporter: _Reporter, format: str, output: Path | None) -> None:
    if format != "table" or output is not None:
        for warning in result.warnings:
            messages.warning(warning.message)
    if reporter.skipped:
        raise CheckFailed(f"{reporter.skipped} file(s) skipped; the rest were read")


def _listing(records: list[Path] | None) -> Listing:
    """The record files (the project's when none are given); links passed over are warned about."""
    from jimcode.corpus import list_records, record_paths

    listing = list_records(record_paths(records))
    for warning in listing.warnings:
        messages.warning(warning)
    return listing


def _status(status: StatusFilter | None, complete_only: bool) -> RecordStatus | None:
    """`--status`, with `--complete-only` as `--status complete`."""
    if complete_only:
        if status is StatusFilter.in_progress:
            from jimcode.errors import UsageError

            raise UsageError("--complete-only and --status in-progress leave out every record; give one of them")
        return "complete"
    return None if status is None else "complete" if status is StatusFilter.complete else "in_progress"


@app.command()
def summary(
    records: RecordsArg = None,
    codebook: CountCodebookOpt = None,
    by: ByOpt = None,
    case: CaseOpt = None,
    coder: CoderFilterOpt = None,
    status: StatusOpt = None,
    complete_only: CompleteOnlyOpt = False,
    format: ReportFormatOpt = None,
    output: ReportOutputOpt = None,
    quotes: Annotated[int, typer.Option("--quotes", min=0, help="Exemplar quotes per code and per stance.")] = 2,
    no_quotes: Annotated[
        bool, typer.Option("--no-quotes", help="Leave out every quote (for sharing outside the team).")
    ] = False,
    no_memos: NoMemosOpt = False,
    top: Annotated[int, typer.Option("--top", min=0, help="How many co-occurring code pairs to list.")] = 10,
    excel: ReportExcelOpt = False,
    strict: StrictOpt = False,
) -> None:
    """Turn coded records into the tables, figures and quotes of a results section.

    Sections: corpus, case attributes (counts and %, group totals; numbers with n, mean,
    median, min, max, sd), research questions (codes with segments and cases, exemplar
    quotes), hypotheses (case verdicts, evidence by stance) and co-occurring codes.

    A quote is the sentences its coder marked (`q 2-3` in a coding session), else the
    segment cut after a sentence to about 220 characters; --no-memos leaves out the
    coders' memos and evidence notes under it.

    One record counts per transcript: the consensus record once it is complete, else the
    first --coder given, else the alphabetically first coder (with a warning). Records still
    in progress are counted and named in a warning; --complete-only leaves them out. Files
    that are not usable records are reported and skipped (exit code 1); the rest are still
    summarised.

    Examples:

      jimcode summary examples/coded

      jimcode summary coded/ --by developmental_phase --format markdown > results.md

      jimcode summary coded/ --by developmental_phase --no-quotes --output report.html

      jimcode summary coded/ --format csv --output tables/ --excel

      jimcode summary coded/ --by developmental_phase --output report.docx
    """
    from jimcode.i18n import requested_language
    from jimcode.render import summary_formats
    from jimcode.summary.aggregate import SummaryOptions, summarise

    chosen = _choose_format(format, output)
    _check_excel(excel, chosen)
    _check_binary(chosen, output)
    options = SummaryOptions(
        codebook=codebook,
        by=by,
        cases=tuple(case or ()),
        coders=tuple(coder or ()),
        status=_status(status, complete_only),
        quotes=0 if no_quotes else quotes,
        top_pairs=top,
        language=requested_language(),
        memos=not no_memos,
    )
    reporter = _Reporter()
    try:
        result = summarise(
            _listing(records), options, strict=strict, on_skip=reporter.skip, on_progress=reporter.progress
        )
    finally:
        reporter.close()
    if chosen == "csv" and _csv_folder(output):
        from jimcode.render.summary_csv import write_folder

        assert output is not None
        written = write_folder(result, output, excel)  # fileio.write_file: a failure is one JimcodeError
        messages.note(f"wrote {len(written)} CSV files to {output}")
    else:
        _emit(result, chosen, output, summary_formats, excel)
    _finish(result, reporter, chosen, output)


@app.command(no_args_is_help=True)
def retrieve(
    code: Annotated[
        str,
        typer.Argument(
            metavar="CODE",
            help="A code (number, shortcut, id or label, as in a coding session; child codes included; "
            "a code with polarity with + or - for present or absent only: co+), "
            "a research question (RQ3) or a hypothesis (H1).",
        ),
    ],
    records: RecordsArg = None,
    context: Annotated[
        int, typer.Option("--context", "-C", min=0, help="Show this many segments before and after each one.")
    ] = 0,
    stance: Annotated[
        str | None, typer.Option("--stance", help="For a hypothesis: only supports, contradicts or nuances.")
    ] = None,
    exact: Annotated[bool, typer.Option("--exact", help="Leave out the code's child codes.")] = False,
    codebook: CountCodebookOpt = None,
    by: ByOpt = None,
    case: CaseOpt = None,
    coder: CoderFilterOpt = None,
    status: StatusOpt = None,
    complete_only: CompleteOnlyOpt = False,
    format: ReportFormatOpt = None,
    output: ReportOutputOpt = None,
    excel: ReportExcelOpt = False,
    strict: StrictOpt = False,
    no_memos: NoMemosOpt = False,
) -> None:
    """Show every segment coded CODE, with case, speaker, text and memo.

    CODE is a code id or its number in the codebook (its child codes are included unless
    --exact), a research question id (every code under it) or a hypothesis id (every
    segment marked as evidence for it). A code with polarity followed by + or - gives only
    the segments where it was found present or absent. Records are chosen per transcript
    as in summary.

    Reports quote a segment as summary does: the sentences its coder marked, else its text
    cut after a sentence (JSON and CSV keep the whole text too); --no-memos leaves out the
    memos and evidence notes.

    Examples:

      jimcode retrieve parents-gatekeeper examples/coded --context 1

      jimcode retrieve competence-open-to-network- examples/coded

      jimcode retrieve RQ4 coded/ --by jim_relation --format markdown > rq4-quotes.md

      jimcode retrieve H1 coded/ --stance contradicts --output h1-against.html

      jimcode retrieve RQ3 coded/ --output rq3-quotes.docx
    """
    from jimcode.fileio import nearest_folder
    from jimcode.i18n import requested_language
    from jimcode.render import retrieve_formats
    from jimcode.summary.retrieve import RetrieveOptions, retrieving

    chosen = _choose_format(format, output)
    _check_excel(excel, chosen)
    _check_binary(chosen, output)
    options = RetrieveOptions(
        codebook=codebook,
        by=by,
        cases=tuple(case or ()),
        coders=tuple(coder or ()),
        status=_status(status, complete_only),
        context=context,
        stance=stance,
        exact=exact,
        language=requested_language(),
        memos=not no_memos,
    )
    reporter = _Reporter()
    spill = None if output is None else nearest_folder(output.parent)
    with contextlib.ExitStack() as stack:
        try:
            found = stack.enter_context(
                retrieving(
                    code,
                    _listing(records),
                    options,
                    spill=spill,
                    strict=strict,
                    on_skip=reporter.skip,
                    on_progress=reporter.progress,
                )
            )
        finally:
            reporter.close()
        # JSON and CSV are written a record's matches at a time; the other formats lay out the whole page
        if chosen == "json":
            emit_streamed(lambda write: retrieve_formats.write_json(found, write), output)
        elif chosen == "csv":
            emit_streamed(lambda write: retrieve_formats.write_csv(found, write, excel), output)
        else:
            _emit(found.result(), chosen, output, retrieve_formats, excel)
    _finish(found.head, reporter, chosen, output)
