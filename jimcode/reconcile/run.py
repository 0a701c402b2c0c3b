"""Running a reconcile session: check the records, open the consensus record in the store, loop.

Every decision is saved through `jimcode.records.store.RecordStore` (journalled and fsynced before the
next line is read, one writer per record), exactly as in `jimcode code`; a rerun resumes at
the first unsettled disagreement. The decisions are the pure machine's (`jimcode.reconcile.state`);
this module feeds it lines and saves what it returns. The terminal is not here: a `ReconcileIO`
reads lines and shows text (`jimcode.reconcile.terminal` for a person at a terminal,
`ScriptedReconcileIO` for an answers file).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Literal, Protocol

from jimcode.agreement.pairs import alignment_problem
from jimcode.codebook.labels import Labels
from jimcode.codebook.model import Codebook, NumberedCode
from jimcode.corpus import LoadedRecords, find_codebook, read_through_lineage
from jimcode.errors import JimcodeError, UsageError
from jimcode.i18n import Words, choose_language, requested_language, words
from jimcode.reconcile.commands import help_text, parse
from jimcode.reconcile.merge import consensus_problem, initial_consensus
from jimcode.reconcile.state import (
    ReconcileContext,
    ReconcileState,
    current_item,
    finish_if_done,
    is_done,
    settled_count,
    start,
    step,
)
from jimcode.records.model import CONSENSUS_CODER, CodedRecord, now, record_path
from jimcode.records.store import LockInfo, RecordStore
from jimcode.session import commands as lang
from jimcode.session.events import (
    Completed,
    Level,
    Notice,
    Saved,
    ShowDefinition,
    ShowHelp,
    ShowItem,
    ShowMatches,
    Step,
    Stopped,
)
from jimcode.session.run import matches_text
from jimcode.session.scripted import ScriptedLines

Outcome = Literal["complete", "stopped", "end_of_input"]


class ReconcileIO(Protocol):
    scripted: bool

    def show_item(self, state: ReconcileState, context: ReconcileContext, labels: Labels) -> None: ...
    def show_text(self, text: str) -> None: ...
    def decided(self, text: str) -> None: ...
    def message(self, text: str, level: Level = "info") -> None: ...
    def read(self, prompt: str) -> str | None: ...
    def confirm_take_over(self, lock: LockInfo, language: str) -> bool: ...
    def retry_save(self, message: str, language: str) -> bool: ...


@dataclass(frozen=True)
class ReconcileInput:
    records: list[CodedRecord]
    codebook: Codebook
    out: Path


def load_inputs(given: LoadedRecords, out: Path, coder: str, codebook_file: Path | None) -> ReconcileInput:
    """Check the coders' records (read by `jimcode.corpus.load_records`); find the codebook; decide where
    the consensus goes. A consensus record found in a folder is the one being made: set aside."""
    consensus = [entry.path.name for entry in given.records if entry.coder == CONSENSUS_CODER and entry.named]
    if consensus:
        raise JimcodeError(f"{consensus[0]} is a consensus record; give the coders' own records")
    loaded = [entry for entry in given.records if entry.coder != CONSENSUS_CODER]
    transcripts = sorted({entry.record.transcript.id for entry in loaded})
    if len(transcripts) > 1:
        raise JimcodeError(f"these records are of different transcripts ({', '.join(transcripts)}); give one's")
    if len(loaded) < 2:
        raise UsageError("reconcile needs the records of two or more coders on one transcript")
    problem = alignment_problem(loaded)
    if problem:
        raise JimcodeError(f"cannot reconcile: {problem}", hint="recode with the same transcript, or --realign")
    codebook = find_codebook([(entry.record.codebook, entry.path) for entry in loaded], codebook_file).require()
    loaded, _, unresolved = read_through_lineage(loaded, codebook)
    if unresolved:  # a split code is the coders' to settle before their records can be compared
        raise JimcodeError(unresolved[0])
    first = loaded[0].record
    if out.is_dir():
        out = record_path(out, first.transcript.id, coder)
    return ReconcileInput([entry.record for entry in loaded], codebook, out)


def reconcile_records(inputs: ReconcileInput, coder: str, io: ReconcileIO, *, take_over: bool = False) -> Outcome:
    """Walk the disagreements until every one is settled, the team quits, or the input ends."""
    records, codebook = inputs.records, inputs.codebook
    labels = Labels(codebook)
    say = words(choose_language(requested_language(), codebook.language))
    context = ReconcileContext.build(records, codebook, coder, say.language)
    ask = None if io.scripted else partial(io.confirm_take_over, language=say.language)
    store = RecordStore.open(inputs.out, coder, take_over=take_over, ask=ask, language=say.language)
    try:
        for text in store.notices:
            io.message(text, "warning")
        existing = store.record
        if existing is None:
            store.create(initial_consensus(records, context.items, now(), coder))
            for warning in _input_warnings(records, say):
                io.message(warning, "warning")
        else:
            problem = consensus_problem(existing, records)
            if existing.coder != coder:
                problem = say("reconcile.msg.other_coder", coder=existing.coder, wanted=coder)
            if problem:
                said = say("reconcile.msg.not_this_consensus", file=inputs.out, problem=problem)
                raise JimcodeError(said, hint=say("reconcile.msg.choose_out"))
        assert store.record is not None
        store.order = ([a.id for a in codebook.case_attributes], [h.id for h in codebook.hypotheses])
        state = start(store.record, context)
        coders = ", ".join(f"{letter} {record.coder}" for letter, record in context.letters.items())
        first, settled = records[0], settled_count(state, context)
        io.message(
            say(
                "reconcile.msg.opening",
                transcript=first.transcript.id,
                case=first.case,
                count=len(context.items),
                settled=settled,
                coders=coders,
                file=inputs.out,
            )
        )
        opening = finish_if_done(state, context)
        store.save(opening.changes)
        if is_done(opening.state, context):
            io.message(say("reconcile.msg.complete", file=inputs.out))
            return "complete"
        io.show_item(opening.state, context, labels)
        return _loop(opening.state, context, store, io, labels, inputs.out)
    finally:
        store.close()


def _input_warnings(records: Sequence[CodedRecord], say: Words) -> list[str]:
    found = [say("reconcile.msg.in_progress", coder=r.coder) for r in records if not r.is_complete]
    decided = [sum(r.segments[i].status != "open" for r in records) for i in range(len(records[0].segments))]
    partly = sum(1 for count in decided if 0 < count < len(records))
    if partly:
        found.append(say("reconcile.msg.partly_coded", count=partly))
    return found


def _loop(
    state: ReconcileState, context: ReconcileContext, store: RecordStore, io: ReconcileIO, labels: Labels, out: Path
) -> Outcome:
    while True:
        line = io.read(f"[{state.position + 1}/{len(context.items)}] › ")  # as `jimcode code` prompts
        if line is None:
            return "end_of_input"
        item = current_item(state, context)
        try:
            command = parse(line, item.kind if item else None, context.letters, context.lookups.language)
        except lang.CommandError as exc:
            result = Step(state, (Notice(str(exc), "error"),))
        else:
            if isinstance(command, lang.Blank) and io.scripted:
                continue
            result = step(state, command, context)
        retry = None if io.scripted else partial(io.retry_save, language=context.lookups.language)
        store.save(result.changes, retry=retry)  # durable before anything is shown
        state = result.state
        for event in result.events:
            if isinstance(event, Notice):
                io.message(event.text, event.level)
            elif isinstance(event, Saved):
                io.decided(event.text)
            elif isinstance(event, ShowItem):
                io.show_item(state, context, labels)
            elif isinstance(event, ShowDefinition):
                io.show_text(definition_line(event.code))
            elif isinstance(event, ShowMatches):
                io.show_text(matches_text(event.query, event.matches, context.lookups.language))
            elif isinstance(event, ShowHelp):
                io.show_text(help_text(context.lookups.language))
            elif isinstance(event, Completed):
                io.message(context.lookups.say("reconcile.msg.complete", file=out))
                return "complete"
            elif isinstance(event, Stopped):
                io.message(context.lookups.say("reconcile.msg.stopped", file=out))
                return "stopped"


def definition_line(found: NumberedCode) -> str:
    """`d 7` while reconciling: the code's definition in one line (the discussion needs no more)."""
    return f"{found.number}. {found.code.label} [{found.code.id}]: {found.code.definition}"


class ScriptedReconcileIO(ScriptedLines):
    """Decisions from an answers file (stdin not a terminal); one line per decision on stderr.

    The first line that fails stops the run, naming the line; every decision before it is saved.
    """

    def show_item(self, state: ReconcileState, context: ReconcileContext, labels: Labels) -> None:
        item = current_item(state, context)
        if item is None:
            return
        say = context.lookups.say
        if item.segment is not None:
            what = say("reconcile.msg.at_segment", number=item.segment.number, id=item.segment.segment_id)
        else:
            what = say(f"reconcile.msg.at_{item.kind}", key=item.key)
        self._write(f"{state.position + 1}/{len(context.items)} {what}")

    def show_text(self, text: str) -> None:
        self._write(text)

    def decided(self, text: str) -> None:
        self._write(f"  {text}")

    def message(self, text: str, level: Level = "info") -> None:
        if level == "error":
            self.fail(text)
        prefix = {"info": "", "warning": "warning: "}[level]
        self._write(f"jimcode: {prefix}{text}")

    def read(self, prompt: str) -> str | None:
        return self.next_line()
