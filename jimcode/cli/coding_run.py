"""`jimcode code`: resolve paths and coder, then code each transcript in turn (imported on use)."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from jimcode.cli import messages
from jimcode.errors import UsageError

if TYPE_CHECKING:
    from jimcode.codebook.model import NumberedCode
    from jimcode.records.model import SegmentDecision
    from jimcode.session.recode import Ask
    from jimcode.transcripts.model import Transcript


def transcript_files(paths: list[Path]) -> list[Path]:
    """Files as given; folders searched (not recursively) for transcripts, in name order."""
    from jimcode.transcripts.readers import TRANSCRIPT_SUFFIXES

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if p.is_file() and p.suffix.lower() in TRANSCRIPT_SUFFIXES and not p.name.startswith((".", "~$"))
            )
            if not found:
                messages.warning(f"{path}: no transcripts ({', '.join(TRANSCRIPT_SUFFIXES)}) in this folder")
            files.extend(found)
        elif not path.exists():
            raise UsageError(f"{path}: no such file or folder")
        else:
            files.append(path)
    return files


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM and SIGHUP (a closed terminal) save and stop like Ctrl-C (exit 130, see cli/app.py)."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    from jimcode._platform import termination_signals

    previous = {number: signal.signal(number, interrupt) for number in termination_signals()}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _setting(paths: list[Path], codebook_option: Path | None, out_option: Path | None):
    from jimcode.project import find_project

    project = find_project()
    codebook_path = codebook_option or (project.codebook if project else None)
    if codebook_path is None:
        raise UsageError("which codebook? pass --codebook FILE, or run inside a folder made by `jimcode init`")
    if not paths:
        if project is None:
            raise UsageError("which transcripts? name them, or run inside a folder made by `jimcode init`")
        paths = [project.transcripts]
    files = transcript_files(paths)
    if not files:
        raise UsageError("no transcripts to code")
    out_dir = out_option or (project.coded if project else Path("coded"))
    return project, codebook_path, files, out_dir


def print_templates(
    paths: list[Path],
    codebook_option: Path | None,
    coder_option: str | None,
    out_option: Path | None,
    segment_by: str | None = None,
) -> None:
    """Answers files on stdout: from the coder's records where they exist, else forms to fill in
    (split by `segment_by` as `code --segment-by` would split a new record)."""
    from jimcode.codebook.model import load_codebook
    from jimcode.errors import JimcodeError
    from jimcode.project import resolve_coder
    from jimcode.records.model import load_record, record_path
    from jimcode.session.script_template import answers_template
    from jimcode.transcripts.readers import read_transcript

    project, codebook_path, files, out_dir = _setting(paths, codebook_option, out_option)
    codebook = load_codebook(codebook_path)
    try:
        coder: str | None = resolve_coder(coder_option, project, None)
    except JimcodeError:
        coder = None
    for file in files:
        transcript = read_transcript(file, segment_by=segment_by)
        record = None
        if coder is not None:
            path = record_path(out_dir, transcript.id, coder)
            if path.exists():
                record = load_record(path)
                if record.transcript.segment_by_spec != transcript.segment_by_spec:
                    transcript = read_transcript(file, segment_by=record.transcript.segment_by_spec)
        sys.stdout.write(answers_template(transcript, codebook, record))


def run_coding(
    paths: list[Path],
    codebook_option: Path | None,
    coder_option: str | None,
    out_option: Path | None,
    *,
    review: bool,
    realign: bool,
    take_over: bool,
    segment_by: str | None = None,
) -> None:
    from jimcode.codebook.model import load_codebook
    from jimcode.errors import JimcodeError, SessionBusyError
    from jimcode.i18n import choose_language, requested_language, words
    from jimcode.project import REMEMBERED_CODER, resolve_coder
    from jimcode.session.run import CodingOptions, ScriptedIO, SessionIO, code_transcript
    from jimcode.transcripts.readers import read_transcript

    project, codebook_path, files, out_dir = _setting(paths, codebook_option, out_option)
    codebook = load_codebook(codebook_path)  # before the coder's name is asked: the question speaks its language
    language = choose_language(requested_language(), codebook.language)
    say = words(language)
    interactive = sys.stdin.isatty()
    io: SessionIO
    ask_name: Callable[[], str] | None = None
    if interactive:
        from jimcode.session.terminal import TerminalIO, ask_yes_no, read_line

        io = TerminalIO()
        kept = say("ask.name_remembered", file=REMEMBERED_CODER) if project else say("ask.name_not_remembered")
        prompt = say("ask.coder_name", kept=kept)

        def ask_name() -> str:
            try:
                return read_line(prompt)
            except EOFError:  # Ctrl-D: no name
                return ""

    else:
        io = ScriptedIO(sys.stdin)
    coder = resolve_coder(coder_option, project, ask_name, language)
    options = CodingOptions(codebook, coder, out_dir, review, realign, take_over, language=requested_language())
    outcomes: dict[str, int] = {}
    with _terminate_as_interrupt():
        for number, file in enumerate(files, start=1):

            def read(spec: str | None, file: Path = file) -> Transcript:
                return read_transcript(file, segment_by=spec or segment_by)

            try:
                outcome: str = code_transcript(read, options, io)
            except SessionBusyError as exc:
                if len(files) == 1:
                    raise
                # Another live session has this record: code the others rather than stop them all.
                skipped = say("code.skipped", file=file.name, problem=exc)
                messages.warning(skipped)
                if interactive:  # the next screen clears the terminal: repeat it there
                    io.notice(skipped, "warning")
                outcome = "locked"
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            if outcome in ("stopped", "end_of_input"):
                break
            remaining = files[number:]
            question = say("code.continue", file=remaining[0].name, count=len(remaining)) if remaining else ""
            if interactive and outcome == "complete" and remaining and not ask_yes_no(question, True, say.language):
                break
    if outcomes.get("end_of_input"):
        messages.note(say("code.input_ended"))
    if set(outcomes) == {"locked"}:
        raise JimcodeError(say("code.all_locked", count=len(files)))
    if len(files) > 1:
        counts = ", ".join(say(f"code.outcome.{k}", count=n) for k, n in outcomes.items())
        messages.note(say("code.outcomes", count=len(files), counts=counts))


def run_recode(
    old: str,
    paths: list[Path],
    codebook_option: Path | None,
    coder_option: str | None,
    out_option: Path | None,
    *,
    take_over: bool,
) -> None:
    """`jimcode code --recode OLD-ID`: the coder's records of the transcripts, segments with OLD-ID only."""
    from jimcode.codebook.model import load_codebook
    from jimcode.errors import SessionBusyError
    from jimcode.i18n import choose_language, requested_language, words
    from jimcode.project import resolve_coder
    from jimcode.records.model import record_path
    from jimcode.session.recode import recode_record, successors_of
    from jimcode.transcripts.readers import read_transcript

    project, codebook_path, files, out_dir = _setting(paths, codebook_option, out_option)
    codebook = load_codebook(codebook_path)
    language = choose_language(requested_language(), codebook.language)
    coder = resolve_coder(coder_option, project, None, language)
    said = words(language)
    successors_of(codebook, old, language)  # a usage error before anything is opened
    ask, say = _recode_io(old, language)
    recoded = waiting = records = 0
    with _terminate_as_interrupt():
        for file in files:
            record = record_path(out_dir, read_transcript(file).id, coder)
            if not record.is_file():
                continue
            records += 1
            try:
                tally = recode_record(record, codebook, old, coder, ask, say, take_over=take_over, language=language)
            except SessionBusyError as exc:
                messages.warning(said("code.skipped", file=record.name, problem=exc))
                continue
            recoded += tally.recoded
            waiting += tally.waiting
            if tally.waiting:
                break
    if not records:
        messages.warning(said("recode.no_records", coder=coder, folder=out_dir))
    left = said("recode.left", count=waiting) if waiting else ""
    messages.note(said("recode.done", count=recoded, old=old, records=records, coder=coder, left=left))


def _recode_io(old: str, language: str) -> tuple[Ask, Callable[[str], None]]:
    """How the coder answers, and where progress goes: an answers file on stdin (errors name the line),
    or the terminal."""
    from jimcode.session.recode import STOP, parse_answer
    from jimcode.session.scripted import ScriptedLines

    if sys.stdin.isatty():
        from jimcode.session import terminal

        return (lambda decision, successors: terminal.ask_recode(decision, successors, old, language)), terminal.say
    lines = ScriptedLines(sys.stdin)

    def from_script(decision: SegmentDecision, successors: Sequence[NumberedCode]) -> tuple[str, ...] | None:
        while (line := lines.next_line()) is not None:
            answer = line.split("#", 1)[0].strip()
            if not answer:
                continue
            if answer == STOP:
                return None
            chosen = parse_answer(answer, successors, language)
            if isinstance(chosen, str):
                lines.fail(chosen, language)
            return chosen
        return None

    return from_script, lines.say
