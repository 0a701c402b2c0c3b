"""`jimcode export` and `jimcode import`: REFI-QDA codebooks (.qdc) and projects (.qdpx), tidy CSV."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from jimcode.cli.app import app, warning_line

export_app = typer.Typer(
    name="export",
    help=(
        "Export a codebook (.qdc), coded records as a project (.qdpx), or tidy CSV tables.\n\n"
        "REFI-QDA files open in ATLAS.ti, MAXQDA, NVivo, QualCoder and others.\n\n"
        "Example: jimcode export codebook codebooks/jim-12min.nl.yaml -o jim.qdc"
    ),
    no_args_is_help=True,
)
import_app = typer.Typer(
    name="import",
    help=(
        "Import a codebook or a project from a REFI-QDA file (.qdc, .qdpx, .qde).\n\n"
        "Example: jimcode import codebook atlas-export.qdc -o codebook.yaml"
    ),
    no_args_is_help=True,
)
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")


class CodebookFormat(StrEnum):
    qdc = "qdc"


class ProjectFormat(StrEnum):
    qdpx = "qdpx"


def _warn(display: str, warnings: list[str]) -> None:
    for warning in warnings:
        warning_line(f"{display}: {warning}")


def _emit(data: bytes, output: Path | None) -> None:
    from jimcode.interchange import write_atomically

    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomically(output, data)


@export_app.command("codebook")
def export_codebook(
    codebook: Annotated[Path, typer.Argument(help="The codebook (.yaml).")],
    format: Annotated[CodebookFormat, typer.Option("--format", "-f", help="qdc (REFI-QDA codebook).")] = (
        CodebookFormat.qdc
    ),
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
) -> None:
    """Export a codebook as a REFI-QDA codebook (.qdc).

    Research questions become folders (not codable) with their codes beneath; definitions, when to
    use, when not to use and examples travel in each code's description; hypotheses become sets
    (code groups). Case attributes have no place in a .qdc: export a project (.qdpx) to carry them.
    GUIDs are derived from the ids, so two exports of one codebook are identical.

    Example: jimcode export codebook codebooks/jim-12min.nl.yaml -o jim-12min.qdc
    """
    from jimcode.codebook import load_codebook
    from jimcode.refi.codebook_out import codebook_qdc

    loaded = load_codebook(codebook)
    if loaded.case_attributes:
        warning_line(
            f"{codebook}: {len(loaded.case_attributes)} case attribute(s) left out: a .qdc has no place for them "
            "(`jimcode export project` carries them as variables)"
        )
    _emit(codebook_qdc(loaded), output)


@import_app.command("codebook")
def import_codebook(
    file: Annotated[Path, typer.Argument(help="A REFI-QDA codebook (.qdc) or project (.qdpx, .qde).")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the YAML here instead of stdout.")
    ] = None,
    codebook_id: Annotated[
        str | None, typer.Option("--id", help="The codebook id (default: from the file name).")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="The codebook title.")] = None,
    language: Annotated[str | None, typer.Option("--language", help="Language tag, e.g. nl (default: en).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the output file if it exists.")] = False,
) -> None:
    """Import a codebook from ATLAS.ti, MAXQDA, NVivo, Taguette, QualCoder or jimcode as YAML.

    Hierarchy, names and descriptions are kept; ids are made from the names. A top-level code with
    children (or a top-level folder) becomes a research question; other top-level codes are
    collected under one research question. Everything odd in the file is reported on stderr.

    Example: jimcode import codebook taguette-codebook.qdc --language nl -o codebook.yaml
    """
    from jimcode.codebook import codebook_from_document
    from jimcode.errors import JimcodeError
    from jimcode.interchange import refuse_overwrite
    from jimcode.refi.codebook_in import codebook_yaml
    from jimcode.refi.codebook_in import import_codebook as read_codebook
    from jimcode.yamlsrc import load_yaml_text

    if output is not None:
        refuse_overwrite(output, force)
    imported = read_codebook(file, codebook_id=codebook_id, title=title, language=language)
    _warn(str(file), imported.warnings)
    text = codebook_yaml(imported, file.name)
    _, problems = codebook_from_document(load_yaml_text(text, str(output or "<stdout>")))
    if problems:
        raise JimcodeError(f"{file}: the imported codebook would not be valid: {problems[0].message}")
    _emit(text.encode("utf-8"), output)
