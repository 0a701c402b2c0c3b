"""Run a coding session on one transcript: open the record, check it, loop, save every decision.

The terminal is not here: a `SessionIO` reads lines and shows what happened
(`jimcode.session.terminal` for a person at a terminal, `ScriptedIO` for an answers file).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Literal, Protocol

from jimcode.codebook.attributes import check_value
from jimcode.codebook.model import Code, Codebook
from jimcode.errors import JimcodeError
from jimcode.fileio import atomic_write
from jimcode.i18n import Words, choose_language, words
from jimcode.records.check import codebook_drift, relative_path, segments_match
from jimcode.records.migrate import plan_migration
from jimcode.records.model import CodebookRef, CodedRecord, InterviewInfo, TranscriptRef, dump_record, now, record_path
from jimcode.records.realign import fresh_decision, realign
from jimcode.records.store import LockInfo, RecordStore
from jimcode.session import commands as lang
from jimcode.session.context import SessionContext, SessionState, SessionStep
from jimcode.session.events import (
    Completed,
    Level,
    Notice,
    Saved,
    ShowDefinition,
    ShowHelp,
    ShowMatches,
    Step,
    Stopped,
)
from jimcode.session.scripted import ScriptedLines
from jimcode.session.state import start, step
from jimcode.transcripts.model import Transcript

Outcome = Literal["complete", "stopped", "skipped", "end_of_input"]


@dataclass(frozen=True)
class CodingOptions:
    codebook: Codebook
    coder: str
    out_dir: Path
    review: bool = False
    realign: bool = False
    take_over: bool = False
    language: str | None = None  # of the screens and help (--lang / JIMCODE_LANG); None: the codebook's


@dataclass(frozen=True)
class SessionInfo:
    """What the screen shows besides the state: which transcript, which record, which codebook, in which language."""

    transcript: Transcript
    record_file: Path
    context: SessionContext
    coder: str
    language: str = "en"


class SessionIO(Protocol):
    scripted: bool

    def begin(self, info: SessionInfo, state: SessionState) -> None: ...
    def read(self, info: SessionInfo, state: SessionState) -> str | None: ...
    def show(self, info: SessionInfo, result: SessionStep) -> None: ...
    def notice(self, text: str, level: Level = "info") -> None: ...
    def confirm_take_over(self, lock: LockInfo, language: str) -> bool: ...
    def retry_save(self, message: str, language: str) -> bool: ...
    def edit_memo(self, current: str | None, language: str) -> str | None: ...


Reader = Callable[[str | None], Transcript]  # segment_by as 'turn', 'time:60s', … (None: the file's own)


def new_record(transcript: Transcript, options: CodingOptions, record_file: Path) -> CodedRecord:
    stamp = now()
    meta = transcript.meta
    return CodedRecord(
        transcript=transcript_ref(transcript, record_file),
        codebook=codebook_ref(options.codebook, record_file),
        case=transcript.case,
        coder=options.coder,
        started_at=stamp,
        updated_at=stamp,
        interview=InterviewInfo(
            interviewee=meta.interviewee,
            organisation=meta.organisation,
            date=meta.date,
            place=meta.place,
            interviewer=meta.interviewer,
            title=meta.title,
            details=meta.details,
        ),
        segments=[fresh_decision(segment) for segment in transcript.segments],
    )


def transcript_ref(transcript: Transcript, record_file: Path) -> TranscriptRef:
    return TranscriptRef(
        id=transcript.id,
        path=relative_path(transcript.path, record_file.parent),
        sha256=transcript.sha256,
        format=transcript.format,
        segment_by=transcript.segment_by,
        window_seconds=transcript.window_seconds,
        segmentation=transcript.segmentation,
        segments=len(transcript.segments),
    )


def codebook_ref(codebook: Codebook, record_file: Path) -> CodebookRef:
    path = relative_path(codebook.path, record_file.parent) if codebook.path else None
    return CodebookRef(id=codebook.id, version=codebook.version, sha256=codebook.sha256, path=path)


def check_transcript(
    record: CodedRecord, transcript: Transcript, options: CodingOptions, store: RecordStore, io: SessionIO
) -> CodedRecord:
    """An existing record against today's transcript and codebook: refuse, realign or update the refs."""
    name = store.path.name
    say = _words(options)
    if record.coder != options.coder:
        raise JimcodeError(say("session.open.other_coder", name=name, coder=record.coder, wanted=options.coder))
    if record.codebook.id != options.codebook.id:
        used, wanted = record.codebook.id, options.codebook.id
        raise JimcodeError(say("session.open.other_codebook", name=name, used=used, wanted=wanted))
    rewrite = False
    if not segments_match(record, transcript):
        if not options.realign:
            path = transcript.path
            if record.transcript.sha256 != transcript.sha256:
                old, new = record.transcript.sha256[:12], transcript.sha256[:12]
                raise JimcodeError(say("session.open.text_changed", path=path, name=name, then=old, now=new))
            if record.transcript.segmentation != transcript.segmentation:
                old_rules, new_rules = record.transcript.segmentation, transcript.segmentation
                said = say("session.open.newer_rules", path=path, name=name, then=old_rules, now=new_rules)
                raise JimcodeError(said)
            raise JimcodeError(say("session.open.split_differently", path=path, name=name))
        record = _realign(record, transcript, store, io, say)
        rewrite = True
    elif record.transcript != (ref := transcript_ref(transcript, store.path)):  # moved, or same split by newer rules
        record = record.model_copy(update={"transcript": ref})
        rewrite = True
    if record.codebook.sha256 != options.codebook.sha256:
        said = say("session.open.codebook_changed", then=record.codebook.version, now=options.codebook.version)
        io.notice(said, "warning")
        migrated = plan_migration(record, options.codebook)
        record = migrated.record
        for change in migrated.changes:
            io.notice(say("session.open.migrated", change=change), "warning")
        for finding in codebook_drift(record, options.codebook, say.language):
            io.notice(say("session.open.drift", problem=finding.message), "warning")
        record = record.model_copy(update={"codebook": codebook_ref(options.codebook, store.path)})
        rewrite = True
    if rewrite:
        store.create(record)
    return record


def _words(options: CodingOptions) -> Words:
    """jimcode's words in the session's language (`--lang` / `JIMCODE_LANG`, else the codebook's)."""
    return words(choose_language(options.language, options.codebook.language))


def _realign(record: CodedRecord, transcript: Transcript, store: RecordStore, io: SessionIO, say: Words) -> CodedRecord:
    stamp = now().strftime("%Y%m%dT%H%M%S")
    backup = store.path.with_name(f"{store.path.stem}.before-realign-{stamp}.json.bak")
    atomic_write(backup, dump_record(record))
    result = realign(record, transcript, transcript_ref(transcript, store.path))
    io.notice(say("session.open.realigned", count=result.carried, file=backup.name), "warning")
    if result.to_recode:
        listed = ", ".join(f"{d.index + 1} ({d.segment_id})" for d in result.to_recode[:20])
        more = say("and_more", count=len(result.to_recode) - 20) if len(result.to_recode) > 20 else ""
        io.notice(say("session.open.to_recode", count=len(result.to_recode), listed=listed, more=more), "warning")
    for old in result.left_behind:
        what = ", ".join(old.codes) or say(f"summary.segments_{old.status}")
        said = say("session.open.left_behind", segment=old.segment_id, what=what, text=old.text[:60])
        io.notice(said, "warning")
    return result.record


def prefill_problems(transcript: Transcript, codebook: Codebook, language: str = "en") -> list[str]:
    say = words(language)
    problems = []
    for key, value in transcript.meta.attributes.items():
        attribute = codebook.attribute(key)
        if attribute is None:
            problems.append(say("session.open.prefill_unknown", key=key))
        elif (problem := check_value(attribute, value, language)) is not None:
            problems.append(say("session.open.prefill_invalid", key=key, problem=problem))
    return problems


def code_transcript(read: Reader, options: CodingOptions, io: SessionIO) -> Outcome:
    """Code one transcript until it is complete, the coder quits or the input ends."""
    transcript = read(None)
    record_file = record_path(options.out_dir, transcript.id, options.coder)
    language = choose_language(options.language, options.codebook.language)
    ask = None if io.scripted else partial(io.confirm_take_over, language=language)
    store = RecordStore.open(record_file, options.coder, take_over=options.take_over, ask=ask, language=language)
    try:
        for text in store.notices:
            io.notice(text, "warning")
        record = store.record
        if record is None:
            record = new_record(transcript, options, record_file)
            store.create(record)
            resumed = False
        else:
            if record.transcript.segment_by_spec != transcript.segment_by_spec:
                transcript = read(record.transcript.segment_by_spec)
            record = check_transcript(record, transcript, options, store, io)
            resumed = True
        store.order = ([a.id for a in options.codebook.case_attributes], [h.id for h in options.codebook.hypotheses])
        say = words(language)
        context = SessionContext.build(options.codebook, transcript.meta.attributes, language)
        state = start(record, context, review=options.review)
        info = SessionInfo(transcript, record_file, context, options.coder, language)
        if state.position.phase == "complete" and not options.review:
            io.notice(say("session.open.skipped", id=transcript.id))
            return "skipped"
        if record.status == "complete" and not options.review:
            io.notice(say("session.open.asks_more", id=transcript.id), "warning")
        io.begin(info, state)
        for problem in prefill_problems(transcript, options.codebook, language):
            io.notice(problem, "warning")
        if resumed and not options.review:
            io.notice(say("session.open.resumed", done=state.decided, total=len(state.segments)))
        return _loop(info, state, store, io)
    finally:
        store.close()


def _loop(info: SessionInfo, state: SessionState, store: RecordStore, io: SessionIO) -> Outcome:
    while True:
        line = io.read(info, state)
        if line is None:
            return "end_of_input"
        try:
            command = lang.parse(line, state.position.phase, info.language)
        except lang.CommandError as exc:
            result = Step(state, (Notice(str(exc), "error"),))
        else:
            if isinstance(command, lang.Blank) and io.scripted:
                continue
            if isinstance(command, lang.Memo) and command.text is None and not io.scripted and state.segment:
                command = lang.Memo(io.edit_memo(state.segment.memo, info.language))
            result = step(state, command, info.context)
        # Durable before anything else is shown or read; a full disk asks at a terminal, ends a script.
        store.save(result.changes, retry=None if io.scripted else partial(io.retry_save, language=info.language))
        state = result.state
        io.show(info, result)
        if state.quit:
            return "stopped"
        if any(isinstance(event, Completed) for event in result.events):
            return "complete"


class ScriptedIO(ScriptedLines):
    """Commands from an answers file (stdin not a terminal); one plain line per decision on stderr.

    The first error stops the run, naming the line; every decision before it is saved.
    """

    def begin(self, info: SessionInfo, state: SessionState) -> None:
        t = info.transcript
        say = words(info.language)
        self._write(
            say(
                "session.script.begin",
                id=t.id,
                case=t.case,
                count=len(t.segments),
                coder=info.coder,
                file=info.record_file,
            )
        )

    def read(self, info: SessionInfo, state: SessionState) -> str | None:
        return self.next_line()

    def show(self, info: SessionInfo, result: SessionStep) -> None:
        for event in result.events:
            if isinstance(event, Notice) and event.level == "error":
                self.fail(event.text, info.language)
            if isinstance(event, Saved):
                self._write(f"  {event.text}")
            elif isinstance(event, Notice):
                self.notice(event.text, event.level)
            elif isinstance(event, ShowDefinition):
                self._write(definition_text(event.code.number, event.code.code, info.language))
            elif isinstance(event, ShowMatches):
                self._write(matches_text(event.query, event.matches, info.language))
            elif isinstance(event, ShowHelp):
                self._write(lang.help_text(event.phase, info.language) + "\n" + lang.script_notes(info.language))
            elif isinstance(event, Completed):
                self._write(words(info.language)("session.script.complete", file=info.record_file))
            elif isinstance(event, Stopped):
                self._write(words(info.language)("session.script.stopped", file=info.record_file))

    def notice(self, text: str, level: Level = "info") -> None:
        prefix = {"info": "", "warning": "warning: ", "error": "error: "}[level]
        self._write(f"jimcode: {prefix}{text}")

    def edit_memo(self, current: str | None, language: str) -> str | None:
        return None


def definition_text(number: int, code: Code, language: str = "en") -> str:
    """A code's definition block as plain text."""
    say = words(language)
    shortcut = f" ({say('session.shortcut', shortcut=code.shortcut).strip()})" if code.shortcut else ""
    lines = [f"{number}. {code.label} [{code.id}]{shortcut}"]
    lines += [f"  {say('guidance.' + title.replace(' ', '_'))}: {text}" for title, text in code.guidance()]
    return "\n".join(lines)


def matches_text(query: str, matches: tuple, language: str = "en") -> str:
    if not matches:
        return words(language)("session.no_match", query=query)
    return "\n".join(f"  {m.number:>3}  {m.code.label} [{m.code.id}]" for m in matches)


__all__ = ["CodingOptions", "ScriptedIO", "SessionInfo", "code_transcript"]
