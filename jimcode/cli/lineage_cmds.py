"""Codebook changes as migrations: `jimcode codebook diff` and `jimcode migrate`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jimcode.cli import messages
from jimcode.cli.app import app, emit
from jimcode.cli.options import codebook_option, format_option, output_option

if TYPE_CHECKING:
    from jimcode.codebook.model import Codebook

codebook_app = typer.Typer(
    name="codebook",
    help=(
        "Codebook changes: what changed between two versions, and which records it touches.\n\n"
        "Example: jimcode codebook diff main:codebooks/jim-12min.nl.yaml codebooks/jim-12min.nl.yaml --records coded"
    ),
    no_args_is_help=True,
)
app.add_typer(codebook_app, name="codebook")


class DiffFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"


@codebook_app.command("diff")
def codebook_diff(
    old: Annotated[str, typer.Argument(help="The earlier codebook: a file, or REV:path read with `git show`.")],
    new: Annotated[str, typer.Argument(help="The later codebook: a file, or REV:path read with `git show`.")],
    records: Annotated[
        list[Path] | None,
        typer.Option(
            "--records", help="Coded records (files or folders): how many records and segments each change touches."
        ),
    ] = None,
    format: Annotated[DiffFormat, format_option("table, markdown (a pull request's description) or json.")] = (
        DiffFormat.table
    ),
    output: Annotated[Path | None, output_option("Write here instead of stdout.")] = None,
) -> None:
    """Show what changed between two versions of a codebook.

    Codes added, retired, renamed, merged and split (from the later version's `replaces:` and
    `retired:`); labels, definitions, shortcuts, hypotheses and case attributes changed. With
    --records, how many records and segments each change touches.

    Example: jimcode codebook diff HEAD~1:codebooks/jim-12min.nl.yaml codebooks/jim-12min.nl.yaml --format markdown
    """
    from jimcode.codebook.diff import diff_codebooks
    from jimcode.codebook.revisions import read_codebook
    from jimcode.records.migrate import count_usage
    from jimcode.render import codebook_diff_view

    result = diff_codebooks(read_codebook(old), read_codebook(new))
    if records:
        from jimcode.corpus import list_records

        listing = list_records(records)
        for warning in listing.warnings:
            messages.warning(warning)
        result = count_usage(result, listing.files)
        for skipped in result.skipped:
            messages.warning(f"skipped {skipped}")
    if format is DiffFormat.json:
        emit(result.model_dump_json(indent=2) + "\n", output)
    elif format is DiffFormat.markdown:
        emit(codebook_diff_view.markdown(result), output)
    elif output is not None:
        emit(codebook_diff_view.plain(result), output)
    else:
        from rich.console import Console

        Console(highlight=False).print(codebook_diff_view.table(result))


@app.command()
def migrate(
    records: Annotated[
        list[Path] | None,
        typer.Argument(help="Coded records or folders of them (default: the project's coded records)."),
    ] = None,
    codebook: Annotated[
        Path | None, codebook_option("The current codebook (default: the one the records name, found as for summary).")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print what would change; write nothing.")] = False,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing; exit 1 when a record needs migrating or a split code waits (for CI and pre-commit).",
        ),
    ] = False,
) -> None:
    """Move records coded under an earlier version of their codebook to the current one.

    Renamed and merged codes (and hypotheses, attributes, options) are mapped by the codebook's
    `replaces:`; evidence, memos and answers are kept; the record's codebook version and sha256 are
    updated and the migration is noted in the record. A split code cannot be mapped by rule: its
    segments are listed as waiting for `jimcode code --recode OLD-ID`. Each record is written whole,
    so the command can be interrupted and run again. A record open in a coding session is skipped
    with a warning.

    Example: jimcode migrate coded/ --dry-run

    Example: jimcode migrate --check    # in CI or the pre-commit hook: are the records migrated?
    """
    from jimcode.corpus import find_codebook, list_records, no_records, record_paths
    from jimcode.errors import CheckFailed, InvalidFileError, JimcodeError, SessionBusyError
    from jimcode.i18n import choose_language, message_language, requested_language, words
    from jimcode.records.migrate import Waiting, migrate_file
    from jimcode.records.model import load_record

    dry_run = dry_run or check
    roots = record_paths(records)
    say = words(message_language())  # until a codebook is known, then in its language
    for root in roots:
        if not root.exists():
            raise JimcodeError(say("corpus.no_such_path", path=root))
    listing = list_records(roots)
    for warning in listing.warnings:
        messages.warning(warning)
    if not listing.files:
        raise no_records(roots)
    codebooks: dict[tuple[str, str], Codebook] = {}
    moved = current = locked = 0
    waiting: dict[str, int] = {}
    for file in listing.files:
        path = Path(file)
        try:
            reference = load_record(path).codebook
        except InvalidFileError as exc:
            if {d.code for d in exc.diagnostics} <= {"not-a-record"} and file not in map(str, roots):
                continue
            raise
        key = (reference.id, str((path.parent / (reference.path or "")).resolve()))
        if key not in codebooks:
            found = find_codebook([(reference, path)], codebook, current=True)
            codebooks[key] = found.require()
        target = codebooks[key]
        say = words(choose_language(requested_language(), target.language))
        try:
            done = migrate_file(path, target, dry_run=dry_run, language=say.language)
        except SessionBusyError as exc:
            messages.warning(say("agreement.warning.skipped", file=file, message=exc))
            locked += 1
            continue
        plan = done.plan
        if plan.needed:
            moved += 1
            what = "; ".join(plan.changes) or say("migrate.nothing_to_map")
            told = "migrate.file.dry" if dry_run else "migrate.file.done"
            messages.note(say(told, file=file, id=target.id, version=target.version, what=what))
        else:
            current += 1
        by_code: dict[str, list[Waiting]] = {}
        for item in plan.waiting:
            by_code.setdefault(item.code, []).append(item)
        for split, items in by_code.items():
            waiting[split] = waiting.get(split, 0) + len(items)
            where = ", ".join(item.segment_id for item in items)
            successors = say("migrate.or").join(items[0].successors)
            coder = plan.record.coder
            said = say("migrate.split_waits", file=file, code=split, successors=successors, where=where, coder=coder)
            messages.warning(said)
    parts = [say("migrate.total.dry" if dry_run else "migrate.total.done", count=moved)]
    parts.append(say("migrate.current", count=current))
    if locked:
        parts.append(say("migrate.locked", count=locked))
    messages.note(", ".join(parts))
    for code, segments in waiting.items():
        messages.note(say("migrate.still_wait", count=segments, code=code))
    if check and (moved or waiting):
        recode = sum(waiting.values())
        more = say("migrate.check_recode", count=recode) if recode else ""
        raise CheckFailed(say("migrate.check_failed", count=moved) + more)
