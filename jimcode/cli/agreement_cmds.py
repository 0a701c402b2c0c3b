"""Commands about inter-coder agreement: agreement (reliability report) and reconcile."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jimcode.cli import messages
from jimcode.cli.app import app, emit, emit_pieces
from jimcode.cli.options import (
    CompleteOnlyOpt,
    TakeOverOpt,
    codebook_option,
    coder_option,
    format_option,
    out_option,
    output_option,
)
from jimcode.errors import CheckFailed

if TYPE_CHECKING:
    from jimcode.agreement.pairs import RecordSet
    from jimcode.agreement.report import AgreementReport


class AgreementFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"
    csv = "csv"


def _unit_interval(value: float | None) -> float | None:
    if value is not None and not -1.0 <= value <= 1.0:
        raise typer.BadParameter("give a number between -1 and 1, e.g. 0.8")
    return value


@app.command()
def agreement(
    records: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Coded records (.json) or folders holding them (searched recursively). "
            "Default: the jimcode project's records."
        ),
    ] = None,
    format: Annotated[
        AgreementFormat,
        format_option("table (terminal), markdown (to discuss), json, or csv (statistics only)."),
    ] = AgreementFormat.table,
    min_alpha: Annotated[
        float | None,
        typer.Option(
            "--min-alpha",
            help="Exit 1 when any code's Krippendorff's alpha is below this (a CI gate). "
            "Codes whose alpha is not computable (never applied, no variation) do not fail it.",
            callback=_unit_interval,
        ),
    ] = None,
    threshold: Annotated[
        float,
        typer.Option(
            "--threshold",
            help="Flag codes whose alpha is below this (Krippendorff: 0.667 lowest acceptable, 0.8 good).",
            callback=_unit_interval,
        ),
    ] = 0.667,
    codebook: Annotated[
        Path | None,
        codebook_option("Codebook for labels (default: the one the records name)."),
    ] = None,
    output: Annotated[Path | None, output_option("Write the report to this file instead of stdout.")] = None,
    complete_only: CompleteOnlyOpt = False,
) -> None:
    """Inter-coder agreement of double-coded transcripts, and the list of disagreements.

    Compares records of different coders on the same transcript (same text, same segments).

    Per code (units: segments): percent agreement, Cohen's kappa (two coders), Krippendorff's alpha.

    Also: pooled per research question and overall; relevance, evidence, case attributes, verdicts.

    Consensus records are left out; single-coded or mismatched transcripts are listed, not compared.

    Records still in progress are compared (open segments count as missing) and named in a warning;
    --complete-only leaves them out.

    Example: jimcode agreement coded/ --format markdown --output agreement.md

    Example (CI gate): jimcode agreement coded/ --min-alpha 0.667
    """
    from jimcode.agreement.pairs import HeaderCollector
    from jimcode.cli.record_sets import index_for_report

    headers = HeaderCollector()
    record_set = headers.record_set(index_for_report(records, complete_only, consensus=False, visit=headers))
    # The headers live to the end: kept out of the garbage collector's full sweeps, which would go
    # over every one of them again each time while the records are read a second and third time.
    gc.freeze()
    try:
        _report(record_set, format, min_alpha, threshold, codebook, output)
    finally:
        gc.unfreeze()


def _report(
    record_set: RecordSet,
    format: AgreementFormat,
    min_alpha: float | None,
    threshold: float,
    codebook: Path | None,
    output: Path | None,
) -> None:
    from jimcode.agreement.report import agreement_report
    from jimcode.i18n import words
    from jimcode.render import agreement_view

    for message in record_set.warnings:
        messages.warning(message)
    # The statistics CSV shows no disagreement: they are not collected.
    report = agreement_report(record_set, codebook, threshold, list_disagreements=format is not AgreementFormat.csv)
    for message in report.warnings:
        messages.warning(message)
    say = words(report.language)
    for group in report.groups:
        if group.status == "mismatch":
            messages.warning(say("agreement.cli.mismatch", transcript=group.transcript_id, problem=group.problem))
    if not report.double_coded:
        messages.warning(say("agreement.cli.nothing"))

    if format is AgreementFormat.table:
        _print_table(report, output)
    elif format is AgreementFormat.json:
        emit_pieces(agreement_view.json_pieces(report), output)
    elif format is AgreementFormat.markdown:
        emit_pieces(agreement_view.markdown(report), output)
    else:
        emit(agreement_view.to_csv(report), output)

    if min_alpha is None:
        return
    overall = report.section("overall")
    if not report.double_coded or not overall or overall[0].units == 0:
        raise CheckFailed(say("agreement.cli.gate_empty", bound=f"{min_alpha:g}"))
    failing = report.failing(min_alpha)
    if failing:
        listed = ", ".join(f"{row.key} ({agreement_view.figure(row.alpha, report.language)})" for row in failing[:10])
        more = say("and_more", count=len(failing) - 10) if len(failing) > 10 else ""
        raise CheckFailed(
            say(
                "agreement.cli.gate_failed",
                count=len(failing),
                bound=agreement_view.bound(min_alpha, report.language),
                listed=listed,
                more=more,
            )
        )
    messages.note(say("agreement.cli.gate_passed", bound=agreement_view.bound(min_alpha, report.language)))


def _print_table(report: AgreementReport, output: Path | None) -> None:
    import io

    from rich.console import Console

    from jimcode.render import agreement_view

    if output is not None:
        buffer = io.StringIO()
        console = Console(file=buffer, width=160, no_color=True, soft_wrap=False)

        def pieces() -> Iterator[str]:
            for _ in agreement_view.table_steps(report, console):
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()

        emit_pieces(pieces(), output)
        return
    # piped: COLUMNS when the caller gives a width, else wide enough for the full tables
    given = sys.stdout.isatty() or bool(os.environ.get("COLUMNS"))
    console = Console(soft_wrap=False) if given else Console(width=160, soft_wrap=False)
    agreement_view.print_table(report, console)


@app.command()
def reconcile(
    records: Annotated[
        list[Path] | None,
        typer.Argument(
            help="The coders' records of one transcript (two or more; lettered A, B… in order), or a folder "
            "holding them. Default: the jimcode project's records."
        ),
    ] = None,
    *,
    out: Annotated[Path, out_option("The consensus record to write (or resume); a folder is fine.")],
    coder: Annotated[str, coder_option("Coder name of the result; `summary` prefers 'consensus'.")] = "consensus",
    codebook: Annotated[
        Path | None,
        codebook_option("The codebook (default: the one the records name)."),
    ] = None,
    take_over: TakeOverOpt = False,
) -> None:
    """Settle the disagreements between coders and write a consensus record.

    Walks only what the coders disagree on (segments, then case attributes, then verdicts); what they
    agree on is copied. A, B… take a coder's decision; + the union, & the common codes; codes typed as in
    `jimcode code` edit the proposal and n accepts it. Every decision is saved at once; a rerun resumes.

    When stdin is not a terminal the same commands are read from it, one per line.

    Example: jimcode reconcile coded/case-01.anna.json coded/case-01.ben.json --out coded/

    Example (scripted): jimcode reconcile a.json b.json --out consensus.json < decisions.txt
    """
    from jimcode.corpus import load_records
    from jimcode.reconcile.run import ScriptedReconcileIO, load_inputs, reconcile_records

    loaded = load_records(records)
    for message in loaded.warnings:
        messages.warning(message)
    inputs = load_inputs(loaded, out, coder, codebook)
    if sys.stdin.isatty():
        from jimcode.reconcile.terminal import TerminalReconcileIO

        io: object = TerminalReconcileIO()
    else:
        from jimcode.i18n import choose_language, requested_language

        io = ScriptedReconcileIO(sys.stdin, language=choose_language(requested_language(), inputs.codebook.language))
    outcome = reconcile_records(inputs, coder, io, take_over=take_over)  # type: ignore[arg-type]
    if outcome == "end_of_input":
        messages.note("the input ended before every disagreement was settled; saved, run again to resume")
