"""`jimcode pseudonymise`: transcripts and records made safe to share, with --suggest and --check."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jimcode.cli import messages
from jimcode.cli.app import app
from jimcode.errors import CheckFailed, InvalidFileError, JimcodeError, UsageError

if TYPE_CHECKING:
    from jimcode.pseudonymise.key import PseudonymKey

KEY_FILE_MODE = 0o600  # the key links pseudonyms to real children: owner-only, whatever the umask


class DatesChoice(StrEnum):
    shift = "shift"
    month = "month"


@app.command()
def pseudonymise(
    paths: Annotated[
        list[Path], typer.Argument(help="Transcripts, records (.json), folders of them, or a study folder.")
    ],
    key: Annotated[
        Path | None, typer.Option("--key", "-k", help="The key: YAML, `real name: pseudonym` per line.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Folder for the pseudonymised copies (not where the key is).")
    ] = None,
    dates: Annotated[
        DatesChoice | None,
        typer.Option(
            "--dates",
            help="shift: by the key's date_shift days per case (the default when the key has one); "
            "month: keep only month and year.",
        ),
    ] = None,
    suggest: Annotated[
        bool, typer.Option("--suggest", help="List candidate names not in the key yet, as a key-file draft.")
    ] = False,
    draft: Annotated[
        Path | None, typer.Option("--draft", help="With --suggest: write the draft here (owner-only), not to stdout.")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 if a name of the key, or a suggestion, is still in PATHS (for CI).")
    ] = False,
    threshold: Annotated[
        int,
        typer.Option(
            "--threshold", min=0, help="With --check: fail on a capitalised-word suggestion seen this often (0: never)."
        ),
    ] = 1,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing --draft file.")] = False,
) -> None:
    """Pseudonymise transcripts (and the records coded from them) before anyone else sees them.

    Each name of the key is replaced in the text, speaker labels, front matter and
    header: whole words, case kept, inflections caught (Noahs, Noah's, Noah’s).
    Each transcript is written as Markdown with front matter, its segments one to
    one with the original. Records get the new text, memos, interview details and
    transcript hash, so coders' records still pair for `agreement` and `reconcile`.
    Pseudonymise first, then code. Keep the key apart from what you share.

    Example: jimcode pseudonymise interviews/ --suggest --draft ~/private/key.yaml

    Example: jimcode pseudonymise my-study --key ~/private/key.yaml --out shared

    Example: jimcode pseudonymise shared --key ~/private/key.yaml --check
    """
    if sum((suggest, check)) > 1:
        raise UsageError(messages.before_codebook("pseudonymise.not_together"))
    if suggest:
        _suggest(paths, key, draft, force)
    elif check:
        _check(paths, _required(key, "--key"), threshold)
    else:
        _pseudonymise(paths, _required(key, "--key"), _required(out, "--out"), dates)


def _required(value: Path | None, option: str) -> Path:
    if value is None:
        raise UsageError(messages.before_codebook("pseudonymise.needs", option=option))
    return value


def _load_key(path: Path) -> PseudonymKey:
    from jimcode.pseudonymise.key import load_key
    from jimcode.pseudonymise.run import git_work_tree

    tree = git_work_tree(path)
    if tree is not None:
        messages.warning(messages.before_codebook("pseudonymise.key_in_git", path=path, tree=tree))
    try:
        return load_key(path)
    except InvalidFileError as exc:
        if len(exc.diagnostics) == 1:
            raise
        for diagnostic in exc.diagnostics:
            messages.error(diagnostic.as_text())
        raise JimcodeError(
            messages.before_codebook("pseudonymise.key_problems", path=path, count=len(exc.diagnostics))
        ) from None


def _pseudonymise(paths: list[Path], key_file: Path, out: Path, dates: DatesChoice | None) -> None:
    from jimcode.pseudonymise.check import check_files
    from jimcode.pseudonymise.run import plan, pseudonymise

    key = _load_key(key_file)
    work = plan(paths, out, key_file)
    written = pseudonymise(work, key, dates.value if dates else None)
    transcripts, records = len(written.transcripts), len(written.records)
    messages.note(messages.before_codebook("pseudonymise.wrote", transcripts=transcripts, records=records, out=out))
    left = check_files([p for p in written.all if p.name != "jimcode.yaml"], key, threshold=None)
    for diagnostic in left:
        messages.warning(diagnostic.as_text())
    if left:
        raise CheckFailed(messages.before_codebook("pseudonymise.names_left", count=len(left), out=out))


def _input_files(paths: list[Path]) -> list[Path]:
    from jimcode.pseudonymise.run import input_files, is_input_file

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += input_files(path)
        elif path.is_file() and is_input_file(path):
            files.append(path)
        elif not path.exists():
            raise UsageError(messages.before_codebook("corpus.no_such_path", path=path))
        else:
            raise UsageError(messages.before_codebook("pseudonymise.neither", path=path))
    return files


def _check(paths: list[Path], key_file: Path, threshold: int) -> None:
    from jimcode.pseudonymise.check import check_files
    from jimcode.pseudonymise.suggest import word_frequency

    key = _load_key(key_file)
    files = _input_files(paths)
    found = check_files(files, key, threshold=threshold or None, frequency=word_frequency("nl"))
    for diagnostic in found:
        messages.error(diagnostic.as_text())
    if found:
        raise CheckFailed(messages.before_codebook("pseudonymise.not_safe", count=len(found), files=len(files)))
    messages.note(messages.before_codebook("pseudonymise.clean", count=len(files)))


def _suggest(paths: list[Path], key_file: Path | None, draft: Path | None, force: bool) -> None:
    from jimcode.corpus import refuse_overwrite
    from jimcode.fileio import write_file
    from jimcode.pseudonymise.suggest import draft_key, suggest, word_frequency
    from jimcode.transcripts.readers import TRANSCRIPT_SUFFIXES, read_transcript

    key = _load_key(key_file) if key_file is not None else None
    files = [p for p in _input_files(paths) if p.suffix.lower() in TRANSCRIPT_SUFFIXES]
    if not files:
        raise UsageError(messages.before_codebook("pseudonymise.no_transcripts"))
    transcripts = [read_transcript(p) for p in files]
    language = next((t.meta.language for t in transcripts if t.meta.language), "nl")
    frequency = word_frequency(language)
    if frequency is None:
        messages.note(messages.before_codebook("pseudonymise.no_wordfreq"))
    known = [*key.forms(), *key.pseudonyms(), *key.keep] if key else []
    found = suggest(transcripts, known, frequency)
    cases = [t.meta.case or t.id for t in transcripts]
    text = draft_key(found, [case for case in cases if key is None or key.shift_for(case) is None])
    messages.note(messages.before_codebook("pseudonymise.candidates", count=len(found), files=len(files)))
    if draft is None:
        sys.stdout.write(text)
        return
    refuse_overwrite(draft, force)
    write_file(draft, text, mode=KEY_FILE_MODE)
    messages.note(messages.before_codebook("pseudonymise.wrote_draft", path=draft))
    from jimcode.pseudonymise.run import git_work_tree

    if git_work_tree(draft) is not None:
        messages.warning(messages.before_codebook("pseudonymise.draft_in_git", path=draft))
