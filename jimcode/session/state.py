"""The coding session as a pure state machine: `step(state, command, context) -> Step`.

No I/O and no terminal: a `Step` holds the new state, the record changes to save
(the store journals them before the next prompt) and events for the screen.
Phases: segments -> case attributes -> hypothesis verdicts -> complete. The work of each command
is in `segments` (codes on a segment), `case_questions` (answers) and `moves` (undo, go to, back).
"""

from __future__ import annotations

from dataclasses import replace

from jimcode.records.model import CodedRecord
from jimcode.session import case_questions, moves, segments
from jimcode.session import commands as lang
from jimcode.session.context import Position, SessionContext, SessionState, SessionStep
from jimcode.session.events import Completed, ShowDefinition, ShowHelp, ShowMatches, Step, Stopped
from jimcode.session.progress import error, first_open_item


def start(record: CodedRecord, context: SessionContext, *, review: bool = False) -> SessionState:
    """A session over a record: at segment 1 for a review, else at the first open item."""
    state = SessionState(
        segments=tuple(record.segments),
        attributes=dict(record.attributes),
        verdicts={v.hypothesis: v for v in record.verdicts},
        status=record.status,
        position=Position("segments"),
        open_segments=sum(s.status == "open" for s in record.segments),
        review=review,
    )
    if review and record.segments:
        return state
    return replace(state, position=first_open_item(state, context))


def step(state: SessionState, command: lang.Command, context: SessionContext) -> SessionStep:
    """The state after one command, with what to save and what to show."""
    if isinstance(command, lang.Quit):
        return Step(replace(state, quit=True), (Stopped(),))
    if isinstance(command, lang.Help):
        return Step(state, (ShowHelp(state.position.phase),))
    if isinstance(command, lang.Undo):
        return moves.undo(state, context)
    if isinstance(command, lang.Goto):
        return moves.goto(state, context, command.target)
    if isinstance(command, lang.NextOpen):
        return moves.next_open(state, context)
    if isinstance(command, lang.Back):
        return moves.back(state, context)
    if isinstance(command, lang.KeyedAnswer):
        return case_questions.keyed_answer(state, context, command)
    if isinstance(command, lang.Define):
        found = segments.resolve_code(context, command.token)
        if found is None:
            return error(state, segments.unknown_code(context, command.token))
        return Step(state, (ShowDefinition(found),))
    if isinstance(command, lang.Find):
        return Step(state, (ShowMatches(command.query, segments.find_codes(context, command.query)),))
    phase = state.position.phase
    if phase == "segments":
        return segments.step(state, command, context)
    if phase in ("attributes", "verdicts"):
        return case_questions.answer(state, context, command)
    if isinstance(command, lang.Blank):
        return Step(state, (Completed(),))
    return error(state, context.say("session.error.record_complete"))
