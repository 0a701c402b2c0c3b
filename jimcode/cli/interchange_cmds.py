"""`jimcode export` and `jimcode import`: REFI-QDA codebooks (.qdc) and projects (.qdpx), tidy CSV."""

from __future__ import annotations

import contextlib
import itertools
import sys
from collections.abc import Iterator
from enum import StrEnum
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jimcode.cli import messages
from jimcode.cli.app import app, emit
from jimcode.cli.options import (
    CompleteOnlyOpt,
    codebook_option,
    coder_option,
    excel_option,
    force_option,
    format_option,
    output_option,
)

if TYPE_CHECKING:
    from jimcode.codebook.model import Codebook
    from jimcode.corpus import RecordEntry, RecordIndex

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
        messages.warning(f"{display}: {warning}")


def _warn_set(loaded: RecordIndex) -> None:
    """Links passed over and JSON files in folders that are not records."""
    for warning in loaded.warnings:
        messages.warning(warning)
    for problem in loaded.skipped:
        messages.warning(f"skipped {problem.file}: {problem.message}")


@export_app.command("codebook")
def export_codebook(
    codebook: Annotated[Path, typer.Argument(help="The codebook (.yaml).")],
    format: Annotated[CodebookFormat, format_option("qdc (REFI-QDA codebook).")] = (CodebookFormat.qdc),
    output: Annotated[Path | None, output_option("Write here instead of stdout.")] = None,
) -> None:
    """Export a codebook as a REFI-QDA codebook (.qdc).

    Research questions become folders (not codable) with their codes beneath; definitions, when to
    use, when not to use and examples travel in each code's description; hypotheses become sets
    (code groups). Case attributes have no place in a .qdc: export a project (.qdpx) to carry them.
    GUIDs are derived from the ids, so two exports of one codebook are identical.

    Example: jimcode export codebook codebooks/jim-12min.nl.yaml -o jim-12min.qdc
    """
    from jimcode.codebook.model import load_codebook
    from jimcode.refi.codebook_out import codebook_qdc

    loaded = load_codebook(codebook)
    if loaded.case_attributes:
        messages.warning(
            f"{codebook}: {len(loaded.case_attributes)} case attribute(s) left out: a .qdc has no place for them "
            "(`jimcode export project` carries them as variables)"
        )
    emit(codebook_qdc(loaded), output)


@import_app.command("codebook")
def import_codebook(
    file: Annotated[Path, typer.Argument(help="A REFI-QDA codebook (.qdc) or project (.qdpx, .qde).")],
    output: Annotated[Path | None, output_option("Write the YAML here instead of stdout.")] = None,
    codebook_id: Annotated[
        str | None, typer.Option("--id", help="The codebook id (default: from the file name).")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="The codebook title.")] = None,
    language: Annotated[str | None, typer.Option("--language", help="Language tag, e.g. nl (default: en).")] = None,
    force: Annotated[bool, force_option("Overwrite the output file if it exists.")] = False,
) -> None:
    """Import a codebook from ATLAS.ti, MAXQDA, NVivo, Taguette, QualCoder or jimcode as YAML.

    Hierarchy, names and descriptions are kept; ids are made from the names. A top-level code with
    children (or a top-level folder) becomes a research question; other top-level codes are
    collected under one research question. Everything odd in the file is reported on stderr.

    Example: jimcode import codebook taguette-codebook.qdc --language nl -o codebook.yaml
    """
    from jimcode.codebook.model import codebook_from_document
    from jimcode.corpus import refuse_overwrite
    from jimcode.errors import InvalidFileError, JimcodeError
    from jimcode.refi.codebook_in import import_codebook as read_codebook
    from jimcode.refi.yaml_out import codebook_yaml
    from jimcode.yamlsrc import load_yaml_text

    if output is not None:
        refuse_overwrite(output, force)
    imported = read_codebook(file, codebook_id=codebook_id, title=title, language=language)
    _warn(str(file), imported.warnings)
    text = codebook_yaml(imported, file.name)
    try:  # checked before anything is written, so a problem names the input, not the output
        _, problems = codebook_from_document(load_yaml_text(text, file.name))
    except InvalidFileError as exc:
        problems = exc.diagnostics
    if problems:
        raise JimcodeError(f"{file}: the imported codebook would not be valid: {problems[0].message}")
    emit(text.encode("utf-8"), output)


RecordsArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Coded records (.json); folders are searched. Default: the jimcode project's records."),
]
CodebookOpt = Annotated[
    Path | None,
    codebook_option("The codebook the records were coded with (default: the path they name)."),
]


@export_app.command("project")
def export_project(
    output: Annotated[Path, output_option("The .qdpx file to write.")],
    records: RecordsArg = None,
    format: Annotated[ProjectFormat, format_option("qdpx (REFI-QDA project).")] = (ProjectFormat.qdpx),
    codebook: CodebookOpt = None,
    name: Annotated[str | None, typer.Option("--name", help="Project name (default: the codebook title).")] = None,
    complete_only: CompleteOnlyOpt = False,
) -> None:
    """Export coded records as a REFI-QDA project (.qdpx) for ATLAS.ti, MAXQDA, NVivo and others.

    Holds the coders (users), the codebook, each transcript's text built from the records'
    segments ("Speaker: text", a blank line between segments), one selection per segment with
    every coder's codings, the cases with their attributes and verdicts as variables, and memos and
    hypothesis evidence as notes. The transcript files are not needed. Records still in progress are
    exported and named in a warning; --complete-only leaves them out.

    Example: jimcode export project coded/ -o jim-study.qdpx
    """
    from jimcode.cli.record_sets import index_for_report
    from jimcode.corpus import CodebookCache, LineageReader, RecordIndex, find_codebook
    from jimcode.fileio import file_writer, nearest_folder
    from jimcode.records.stream import RecordStruct
    from jimcode.refi.project_out import OnePass, ProjectPieces, ProjectPlan, write_project

    cache = CodebookCache()
    readers: list[LineageReader] = []

    def start(path: Path, record: RecordStruct) -> tuple[ProjectPieces, LineageReader] | None:
        """The first record's codebook (checked against the whole set's at the end), to render with."""
        guess = find_codebook([(record.codebook, path)], codebook, load=cache.load).codebook
        if guess is None:
            return None
        pieces = ProjectPieces(guess, nearest_folder(output.parent))  # the output's folder may be made later
        readers.append(LineageReader(guess))
        return pieces, readers[-1]

    plan = ProjectPlan()
    with OnePass(plan, complete_only=complete_only, start=start) as one:
        # read in (transcript, coder) order, so that each transcript's records come together (rendered in
        # the one reading) whatever the folders: one per coder, too
        index = index_for_report(
            records, complete_only, visit=lambda item: one.add(item.path, item.record), in_key_order=True
        )
        found = index.find_codebook(codebook, load=cache.load)
        book = found.require()
        _warn_set(index)
        _warn(str(output), found.warnings)
        in_order = index.by_transcript()
        rendered = one.result(book)
        # Read again only when the one reading could not render every transcript.
        lineage = readers[0] if rendered is not None else LineageReader(book)
        with file_writer(output) as out:
            written, more = write_project(
                out,
                plan,
                book,
                ((entry.path, entry.transcript_id, entry.coder) for entry in in_order),
                (list(RecordIndex.read(group, lineage)) for group in _by_transcript_groups(in_order)),
                name=name,
                spill=output.parent,
                rendered=rendered,
            )
    _warn(str(output), [*lineage.warnings(), *more])
    messages.note(f"wrote {output}: {written} record(s)")


def _by_transcript_groups(entries: list[RecordEntry]) -> Iterator[list[RecordEntry]]:
    """Records in transcript order, those of one transcript together (one group at a time)."""
    for _, group in itertools.groupby(entries, key=attrgetter("transcript_id")):
        yield list(group)


def _same_codebook(one: Codebook | None, other: Codebook | None) -> bool:
    """The same codebook text (a file's sha256), or both not found."""
    if one is None or other is None:
        return one is other
    return one.sha256 == other.sha256


@import_app.command("project")
def import_project(
    file: Annotated[Path, typer.Argument(help="A REFI-QDA project (.qdpx or .qde).")],
    output: Annotated[Path, output_option("Folder for the coded records (.json).")],
    coder: Annotated[str, coder_option("Coder name for codings that do not say who made them.")] = "imported",
    force: Annotated[bool, force_option("Overwrite records that already exist.")] = False,
) -> None:
    """Import a REFI-QDA project as coded records, one per (text source, coder).

    A project jimcode exported comes back with the same codes per segment, memos, evidence,
    attributes and verdicts. From other tools each non-empty line of a text becomes a segment and
    every coding goes to the segments its selection overlaps. Write the matching codebook with
    `jimcode import codebook` on the same file (the code ids agree).

    Example: jimcode import project supervisor.qdpx -o coded/
    """
    from jimcode.corpus import refuse_overwrite
    from jimcode.fileio import write_file
    from jimcode.records.model import dump_record, record_path
    from jimcode.refi.project_in import import_project as read_project

    imported = read_project(file, default_coder=coder)
    _warn(str(file), imported.warnings)
    targets = [(record_path(output, r.transcript.id, r.coder), r) for r in imported.records]
    for path, _ in targets:
        refuse_overwrite(path, force)
    for path, record in targets:
        write_file(path, dump_record(record).encode("utf-8"))
        sys.stdout.write(f"{path}\n")


@export_app.command("csv")
def export_csv(
    output: Annotated[Path, output_option("Folder for codings.csv, cases.csv, evidence.csv.")],
    records: RecordsArg = None,
    codebook: CodebookOpt = None,
    excel: Annotated[
        bool, excel_option("For Excel with a Dutch (or other ';') locale: BOM, ';' and decimal comma.")
    ] = False,
    complete_only: CompleteOnlyOpt = False,
) -> None:
    """Export coded records as tidy CSV tables (UTF-8).

    codings.csv has one row per (case, segment, code), with coder, speaker, research question and
    the case attributes; cases.csv one row per record with every attribute and hypothesis verdict;
    evidence.csv one row per piece of hypothesis evidence. Column names are in the README. Records
    still in progress are exported and named in a warning; --complete-only leaves them out.

    Example: jimcode export csv coded/ -o tables/ --excel
    """
    from jimcode.cli.record_sets import index_for_report
    from jimcode.corpus import CodebookCache, LineageReader, LoadedRecord, RecordIndex, find_codebook
    from jimcode.render.tidy_csv import TidyTables

    cache = CodebookCache()
    with contextlib.ExitStack() as stack:
        # One pass, in the tables' order: the codebook is the one the first record leads to, checked against
        # the whole set's below.
        started: list[tuple[TidyTables, LineageReader]] = []

        def add(item: LoadedRecord) -> None:
            if complete_only and item.record.status != "complete":
                return
            if not started:
                guess = find_codebook([(item.record.codebook, item.path)], codebook, load=cache.load).codebook
                started.append((stack.enter_context(TidyTables(guess, output, excel=excel)), LineageReader(guess)))
            tables, lineage = started[0]
            tables.add(lineage.current(item.path, item.record))

        index = index_for_report(records, complete_only, visit=add, in_key_order=True)
        found = index.find_codebook(codebook, load=cache.load)
        book = found.codebook
        _warn_set(index)
        warnings = found.warnings
        if book is None:
            warnings.append(
                "codebook not found (pass --codebook): research_question, code_label and parent_code are empty"
            )
        _warn(str(output), warnings)
        tables, lineage = started[0]
        if not _same_codebook(book, tables.codebook):  # the whole set leads to another: read the records again
            tables, lineage = stack.enter_context(TidyTables(book, output, excel=excel)), LineageReader(book)
            for record in RecordIndex.read(index.by_transcript(), lineage):
                tables.add(record)
        written = tables.write()
    _warn(str(output), lineage.warnings())
    for path in written:
        sys.stdout.write(f"{path}\n")
