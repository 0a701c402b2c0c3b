"""Where a coding session goes next, and how one decision is applied (pure, no I/O).

What is still open, the next question after an answer, and `decide`: the changed part of
the state, the changes to save and the undo entry of one command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from jimcode.records.model import (
    AttributeChange,
    HypothesisVerdict,
    RecordStatus,
    SegmentChange,
    SegmentDecision,
    StatusChange,
    VerdictChange,
)
from jimcode.session.commands import Phase
from jimcode.session.context import Change, Decision, Position, SessionContext, SessionState, SessionStep
from jimcode.session.events import Completed, Event, Notice, Saved, Step
from jimcode.transcripts.model import AttributeValue


def missing(state: SessionState, context: SessionContext) -> tuple[list[int], list[str], list[str]]:
    """Open segment indexes, unanswered attribute ids and hypothesis ids without a verdict."""
    segments = [i for i, s in enumerate(state.segments) if s.status == "open"]
    attributes = [
        a.id
        for a in context.attributes
        if a.id not in state.attributes or (a.required and state.attributes[a.id] is None)
    ]
    verdicts = [h.id for h in context.hypotheses if h.id not in state.verdicts]
    return segments, attributes, verdicts


def derived_status(state: SessionState, context: SessionContext) -> RecordStatus:
    """Complete when no segment is open and every question is answered (cheap: no walk over segments)."""
    if state.open_segments:
        return "in_progress"
    _, attributes, verdicts = missing(replace(state, segments=()), context)
    return "in_progress" if attributes or verdicts else "complete"


def first_open_item(state: SessionState, context: SessionContext) -> Position:
    """Where work remains: the first open segment, unanswered attribute or missing verdict."""
    segments, attributes, verdicts = missing(state, context)
    if segments:
        return Position("segments", segments[0])
    if attributes:
        return Position("attributes", attribute_index(context, attributes[0]))
    if verdicts:
        return Position("verdicts", hypothesis_index(context, verdicts[0]))
    return Position("complete")


def attribute_index(context: SessionContext, attribute_id: str) -> int:
    return next(i for i, a in enumerate(context.attributes) if a.id == attribute_id)


def hypothesis_index(context: SessionContext, hypothesis_id: str) -> int:
    return next(i for i, h in enumerate(context.hypotheses) if h.id == hypothesis_id)


def enter(state: SessionState, context: SessionContext, phase: Phase) -> Position:
    """The first unanswered question of a phase (its first question when all are answered)."""
    _, attributes, verdicts = missing(state, context)
    if phase == "attributes" and context.attributes:
        return Position("attributes", attribute_index(context, attributes[0]) if attributes else 0)
    if context.hypotheses:
        return Position("verdicts", hypothesis_index(context, verdicts[0]) if verdicts else 0)
    return first_open_item(state, context)


Moves = tuple[Position, tuple[Event, ...]]


def after_segment(state: SessionState, context: SessionContext, index: int) -> Moves:
    """Where `n` leads: the next segment; after the last, what is still open (a review walks every question)."""
    if index + 1 < len(state.segments):
        return Position("segments", index + 1), ()
    position = enter(state, context, "attributes") if state.review else first_open_item(state, context)
    if position.phase == "segments":
        still_open = sum(s.status == "open" for s in state.segments)
        return position, (
            Notice(context.say("session.note.still_open", count=still_open, number=position.index + 1), "warning"),
        )
    return position, ()


def after_answer(state: SessionState, context: SessionContext, phase: Phase, index: int) -> Moves:
    """The next question; after the last, what is still open, or complete (a review walks the verdicts too)."""
    items = context.attributes if phase == "attributes" else context.hypotheses
    if index + 1 < len(items):
        return Position(phase, index + 1), ()
    if phase == "attributes" and state.review and context.hypotheses:
        return Position("verdicts", 0), ()
    position = first_open_item(state, context)
    if position.phase == "segments":
        return position, (Notice(context.say("session.note.segment_open", number=position.index + 1), "warning"),)
    return position, ()


def error(state: SessionState, text: str) -> SessionStep:
    return Step(state, (Notice(text, "error"),))


def moved(state: SessionState, position: Position, *events: Event) -> SessionStep:
    return Step(replace(state, position=position), (*events, *arrival(position)))


def arrival(position: Position) -> tuple[Event, ...]:
    return (Completed(),) if position.phase == "complete" else ()


def decide(
    state: SessionState,
    context: SessionContext,
    summary: str,
    *,
    segment: SegmentDecision | None = None,
    attribute: tuple[str, AttributeValue] | None = None,
    verdict: tuple[str, HypothesisVerdict] | None = None,
    then: Callable[[SessionState], Moves] | None = None,
    events: tuple[Event, ...] = (),
) -> SessionStep:
    """Apply one decision: the changed part, the changes to save, the undo entry, where to go next.

    A decision that changes nothing is not saved (and not undoable); `then` still moves.
    """
    changes: list[Change] = []
    new = state
    if segment is not None and segment != state.segments[segment.index]:
        old = state.segments[segment.index]
        new = new.with_segment(segment)
        changes.append(Change(SegmentChange(old), SegmentChange(segment)))
    if attribute is not None:
        key, value = attribute
        before = AttributeChange(key, state.attributes.get(key), key in state.attributes)
        if before != AttributeChange(key, value):
            new = replace(new, attributes={**state.attributes, key: value})
            changes.append(Change(before, AttributeChange(key, value)))
    if verdict is not None:
        key, given = verdict
        if state.verdicts.get(key) != given:
            new = replace(new, verdicts={**state.verdicts, key: given})
            changes.append(Change(VerdictChange(key, state.verdicts.get(key)), VerdictChange(key, given)))
    if changes:
        status = derived_status(new, context)
        if status != state.status:
            changes.append(Change(StatusChange(state.status), StatusChange(status)))
        decision = Decision(tuple(changes), state.position, summary, state.history)
        new = replace(new, status=status, history=decision)
        events = (Saved(summary), *events)
    if then is not None:
        position, more = then(new)
        new = replace(new, position=position)
        events = (*events, *more, *arrival(position))
    return Step(new, events, tuple(c.after for c in changes))
