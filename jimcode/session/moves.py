"""Session moves: undo, go to, next open, back (they change where the coder is, or take a decision back)."""

from __future__ import annotations

from dataclasses import replace

from jimcode.session.commands import Phase
from jimcode.session.context import Position, SessionContext, SessionState, SessionStep, with_change
from jimcode.session.events import Notice, Saved, Step
from jimcode.session.progress import enter, error, first_open_item, moved
from jimcode.typed import whole_number


def undo(state: SessionState, context: SessionContext) -> SessionStep:
    last = state.history
    if last is None:
        return error(state, context.say("session.error.nothing_to_undo"))
    new = state
    for change in reversed(last.changes):
        new = with_change(new, change.before)
    new = replace(new, history=last.previous, position=last.position)
    befores = tuple(c.before for c in last.changes)
    return Step(new, (Saved(context.say("session.saved.undone", summary=last.summary)),), befores)


def goto(state: SessionState, context: SessionContext, target: str) -> SessionStep:
    folded = target.casefold()
    if folded in ("a", "attributes"):
        if not context.attributes:
            return error(state, context.say("session.error.no_attributes"))
        return moved(state, enter(state, context, "attributes"))
    if folded in ("v", "verdicts"):
        if not context.hypotheses:
            return error(state, context.say("session.error.no_hypotheses"))
        return moved(state, enter(state, context, "verdicts"))
    total = len(state.segments)
    number = whole_number(target)
    if number is not None:
        if 1 <= number <= total:
            return moved(state, Position("segments", number - 1))
        return error(state, context.say("session.error.no_segment", number=number, total=total))
    for segment in state.segments:
        if segment.segment_id.casefold() == folded:
            return moved(state, Position("segments", segment.index))
    return error(state, context.say("session.error.bad_target", target=target, total=total))


def next_open(state: SessionState, context: SessionContext) -> SessionStep:
    open_indexes = [i for i, s in enumerate(state.segments) if s.status == "open"]
    if not open_indexes:
        position = first_open_item(state, context)
        if position.phase == "complete":
            return Step(state, (Notice(context.say("session.note.nothing_open")),))
        return moved(state, position, Notice(context.say("session.note.all_segments_coded")))
    here = state.position.index if state.position.phase == "segments" else -1
    after = [i for i in open_indexes if i > here]
    return moved(state, Position("segments", (after or open_indexes)[0]))


def back(state: SessionState, context: SessionContext) -> SessionStep:
    phase, index = state.position.phase, state.position.index
    if phase != "complete" and index > 0:
        return moved(state, Position(phase, index - 1))
    sizes: dict[Phase, int] = {
        "segments": len(state.segments),
        "attributes": len(context.attributes),
        "verdicts": len(context.hypotheses),
    }
    earlier = list(sizes)[: list(sizes).index(phase)] if phase in sizes else list(sizes)
    for candidate in reversed(earlier):
        if sizes[candidate]:
            return moved(state, Position(candidate, sizes[candidate] - 1))
    first = "session.error.first_segment" if phase == "segments" else "session.error.nothing_before"
    return error(state, context.say(first))
