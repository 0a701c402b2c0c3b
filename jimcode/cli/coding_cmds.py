"""Commands for coding: `jimcode init` (a study folder) and `jimcode code` (the session)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jimcode.cli import messages
from jimcode.cli.app import app
from jimcode.cli.options import (
    SegmentByOpt,
    TakeOverOpt,
    checked_segment_by,
    codebook_option,
    coder_option,
    out_option,
)
from jimcode.errors import UsageError


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="The study folder to create (or fill).")] = Path("."),
) -> None:
    """Create a study folder: jimcode.yaml, the JIM codebook, transcripts/ and coded/.

    .jimcode/ (what this machine remembers, such as your coder name) is added to the folder's .gitignore.

    Inside it `jimcode code` needs no paths: it codes transcripts/ with the codebook named in jimcode.yaml.

    Example: jimcode init my-study && cd my-study && jimcode code --coder anna
    """
    from jimcode.project import init_project

    created, added_to = init_project(folder)
    for path in created:
        messages.note(f"created {path}{'/' if path.is_dir() else ''}")
    for path in added_to:
        messages.note(f"added .jimcode/ to {path}")
    messages.note(f"next: put transcripts in {folder / 'transcripts'} and run `jimcode code` there")


@app.command()
def code(
    transcripts: Annotated[
        list[Path] | None,
        typer.Argument(help="Transcripts or folders of them (default: the project's transcripts folder)."),
    ] = None,
    codebook: Annotated[Path | None, codebook_option("The codebook (default: the one in jimcode.yaml).")] = None,
    coder: Annotated[
        str | None,
        coder_option(
            "Your name as coder (default: $JIMCODE_CODER, coder: in jimcode.yaml, or the name asked once "
            "and remembered in the study folder's .jimcode/)."
        ),
    ] = None,
    out: Annotated[Path | None, out_option("Folder for coded records (default: the project's, or ./coded).")] = None,
    review: Annotated[bool, typer.Option("--review", help="Reopen complete records, from segment 1.")] = False,
    realign: Annotated[
        bool,
        typer.Option("--realign", help="The transcript changed: carry decisions over to unchanged segments."),
    ] = False,
    take_over: TakeOverOpt = False,
    segment_by: SegmentByOpt = None,
    template: Annotated[
        bool,
        typer.Option(
            "--template",
            help="Print an answers file to stdout instead of coding: the coder's record as commands, or a form.",
        ),
    ] = False,
    recode: Annotated[
        str | None,
        typer.Option(
            "--recode",
            metavar="OLD-ID",
            help="Settle a split code: walk only the segments with OLD-ID in --coder's records, choose successors.",
        ),
    ] = None,
) -> None:
    """Code transcripts segment by segment; every decision is saved at once, and a rerun resumes.

    Several transcripts or a folder are coded in turn: complete ones are skipped, one in progress resumes,
    and one locked by another session is skipped with a warning.

    When stdin is not a terminal the same commands are read from it, one per line (README: "Coding a transcript").

    Ctrl-C saves and exits with 130.

    --segment-by sets how a new record's transcript is split (stored in the record); a record
    keeps the split it was started with.

    Example: jimcode code transcripts/case-01-noah.md --codebook codebooks/jim-12min.nl.yaml --coder anna

    Example (scripted): jimcode code case-01-noah.md -c codebook.yaml --coder anna < answers/case-01-noah.txt

    Example (answers file to fill in): jimcode code case-01-noah.md -c codebook.yaml --template > answers.txt

    Example (a split code): jimcode code --recode parents-gatekeeper --coder anna < recode-answers.txt
    """
    from jimcode.cli.coding_run import print_templates, run_coding, run_recode

    if recode is not None:
        if template or review or realign:
            raise UsageError("--recode cannot be combined with --template, --review or --realign")
        run_recode(recode, transcripts or [], codebook, coder, out, take_over=take_over)
        return

    if template:
        print_templates(transcripts or [], codebook, coder, out, checked_segment_by(segment_by))
        return
    run_coding(
        transcripts or [],
        codebook,
        coder,
        out,
        review=review,
        realign=realign,
        take_over=take_over,
        segment_by=checked_segment_by(segment_by),
    )
