"""Commands about codebooks: validate, schema, show."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from jimcode.cli import messages
from jimcode.cli.app import app
from jimcode.cli.options import format_option
from jimcode.errors import CheckFailed


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class SchemaKind(StrEnum):
    codebook = "codebook"
    record = "record"
    summary = "summary"
    retrieve = "retrieve"
    agreement = "agreement"


class ShowFormat(StrEnum):
    tree = "tree"
    markdown = "markdown"


@app.command()
def validate(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Codebooks (.yaml), transcripts or coded records (.json); folders are searched. "
            "Default: the jimcode project's codebook, transcripts and records."
        ),
    ] = None,
    format: Annotated[ReportFormat, format_option("text, json, or github (Actions annotations).")] = ReportFormat.text,
) -> None:
    """Check files and report every problem with file:line:column.

    Exit code 0 when every file is valid, 1 when any is not, 2 for a usage error.

    Example: jimcode validate codebooks/*.yaml --format github
    """
    from jimcode import diagnostics
    from jimcode.validate import files_to_check, validate_files

    listing = files_to_check(files or [])
    for warning in listing.warnings:
        messages.warning(warning)
    found = validate_files(listing)
    if format is ReportFormat.json:
        sys.stdout.write(diagnostics.to_json(found) + "\n")
    elif format is ReportFormat.github:
        for item in found:
            sys.stdout.write(item.as_github() + "\n")
    else:
        _print_text(found)
    checked = len(listing.files)
    invalid = len({d.file for d in found if d.severity == "error"})
    errors = sum(d.severity == "error" for d in found)
    summary = (
        f"{checked} file(s) checked, all valid"
        if not invalid
        else f"{checked} file(s) checked, {invalid} invalid ({errors} error(s))"
    )
    if diagnostics.has_errors(found):
        raise CheckFailed(summary)
    messages.note(summary)


def _print_text(found: list) -> None:
    if not sys.stdout.isatty():
        for item in found:
            sys.stdout.write(item.as_text() + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    for item in found:
        style = "red" if item.severity == "error" else "yellow"
        line = Text.assemble(
            (item.location, "bold"), ": ", (f"{item.severity}[{item.code}]", style), ": ", item.message
        )
        console.print(line)


@app.command()
def schema(
    kind: Annotated[
        SchemaKind,
        typer.Argument(help="codebook, record, or the JSON output of summary, retrieve or agreement."),
    ],
) -> None:
    """Print the JSON Schema (draft 2020-12) of a codebook, a coded record, or a command's JSON output.

    Point your editor at it to validate while typing; check a pipeline's input against
    the contract of `summary`, `retrieve` or `agreement` --format json.

    Example: jimcode schema codebook > codebook.schema.json

    Example: jimcode schema summary > summary.schema.json
    """
    from jimcode.cli.schemas import json_schema

    sys.stdout.write(json.dumps(json_schema(kind.value), indent=2, ensure_ascii=False) + "\n")


@app.command()
def show(
    codebook: Annotated[Path, typer.Argument(help="The codebook (.yaml).")],
    format: Annotated[
        ShowFormat, format_option("tree (terminal) or markdown (a report's appendix).")
    ] = ShowFormat.tree,
) -> None:
    """Show a codebook: research questions, codes, hypotheses and case attributes.

    Example: jimcode show codebooks/jim-12min.nl.yaml --format markdown > appendix.md
    """
    from jimcode.codebook.model import load_codebook
    from jimcode.render import codebook_view

    loaded = load_codebook(codebook)
    if format is ShowFormat.markdown:
        sys.stdout.write(codebook_view.markdown(loaded))
        return
    from rich.console import Console

    Console().print(codebook_view.tree(loaded))
