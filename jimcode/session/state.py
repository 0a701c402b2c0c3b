"""The coding session as a pure state machine: `step(state, command, context) -> Step`.

No I/O and no terminal: a `Step` holds the new state, the record changes to save
(the store journals them before the next prompt) and events for the screen.
Phases: segments -> case attributes -> hypothesis verdicts -> complete.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from jimcode.codebook.attributes import check_value
from jimcode.codebook.model import CaseAttribute, Codebook, Hypothesis, NumberedCode
from jimcode.records.model import (
    AttributeChange,
    CodedRecord,
    HypothesisVerdict,
    RecordChange,
    RecordStatus,
    SegmentChange,
    SegmentDecision,
    StatusChange,
    VerdictChange,
)
from jimcode.session import commands as lang
from jimcode.session.commands import Phase
from jimcode.transcripts.model import AttributeValue


@dataclass(frozen=True)
class SessionContext:
    """What does not change during a session: the codebook, its lookups, pre-filled answers."""

    codebook: Codebook
    codes: tuple[NumberedCode, ...]
    by_shortcut: Mapping[str, NumberedCode]
    by_id: Mapping[str, NumberedCode]
    attributes: tuple[CaseAttribute, ...]
    hypotheses: tuple[Hypothesis, ...]
    prefill: Mapping[str, AttributeValue] = field(default_factory=dict)

    @classmethod
    def build(cls, codebook: Codebook, prefill: Mapping[str, AttributeValue] | None = None) -> SessionContext:
        """Pre-filled values that do not fit their attribute are left out (see `prefill_problems`)."""
        codes = tuple(codebook.numbered_codes())
        attributes = tuple(codebook.case_attributes)
        usable = {}
        for attribute in attributes:
            value = (prefill or {}).get(attribute.id)
            if value is not None and check_value(attribute, value) is None:
                usable[attribute.id] = value
        return cls(
            codebook=codebook,
            codes=codes,
            by_shortcut={c.code.shortcut: c for c in codes if c.code.shortcut},
            by_id={c.code.id: c for c in codes},
            attributes=attributes,
            hypotheses=tuple(codebook.hypotheses),
            prefill=usable,
        )


@dataclass(frozen=True)
class Position:
    phase: Phase
    index: int = 0


@dataclass(frozen=True)
class Change:
    before: RecordChange
    after: RecordChange


@dataclass(frozen=True)
class Decision:
    """One undoable step: the changes one command made, where the coder was, and what it did."""

    changes: tuple[Change, ...]
    position: Position
    summary: str
    previous: Decision | None = None


@dataclass(frozen=True)
class SessionState:
    segments: tuple[SegmentDecision, ...]
    attributes: Mapping[str, AttributeValue]
    verdicts: Mapping[str, HypothesisVerdict]
    status: RecordStatus
    position: Position
    open_segments: int = 0
    history: Decision | None = None
    """The last undoable decision (each links to the one before): saving stays O(1) in the session's length."""
    review: bool = False
    quit: bool = False

    @property
    def segment(self) -> SegmentDecision | None:
        return self.segments[self.position.index] if self.position.phase == "segments" else None

    @property
    def decided(self) -> int:
        return len(self.segments) - self.open_segments

    def with_segment(self, decision: SegmentDecision) -> SessionState:
        """This state with one segment replaced (the open count kept in step)."""
        index = decision.index
        old = self.segments[index]
        delta = (decision.status == "open") - (old.status == "open")
        segments = (*self.segments[:index], decision, *self.segments[index + 1 :])
        return replace(self, segments=segments, open_segments=self.open_segments + delta)


# Events: what the screen should show besides the state itself.
@dataclass(frozen=True)
class Notice:
    text: str
    level: Literal["info", "warning", "error"] = "info"


@dataclass(frozen=True)
class Saved:
    """A decision was made (and is saved with the step's changes); `text` says what it was."""

    text: str


@dataclass(frozen=True)
class ShowDefinition:
    code: NumberedCode


@dataclass(frozen=True)
class ShowMatches:
    query: str
    matches: tuple[NumberedCode, ...]


@dataclass(frozen=True)
class ShowHelp:
    phase: Phase


@dataclass(frozen=True)
class Completed:
    """Every segment, attribute and verdict is done: the record is complete."""


@dataclass(frozen=True)
class Stopped:
    """The coder quit; everything is saved."""


Event = Notice | Saved | ShowDefinition | ShowMatches | ShowHelp | Completed | Stopped


@dataclass(frozen=True)
class Step:
    state: SessionState
    events: tuple[Event, ...] = ()
    changes: tuple[RecordChange, ...] = ()

    @property
    def error(self) -> str | None:
        return next((e.text for e in self.events if isinstance(e, Notice) and e.level == "error"), None)


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
            Notice(f"{still_open} segment(s) still open; back to segment {position.index + 1}", "warning"),
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
        return position, (Notice(f"segment {position.index + 1} is still open", "warning"),)
    return position, ()


def error(state: SessionState, text: str) -> Step:
    return Step(state, (Notice(text, "error"),))


def moved(state: SessionState, position: Position, *events: Event) -> Step:
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
) -> Step:
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


def step(state: SessionState, command: lang.Command, context: SessionContext) -> Step:
    """The state after one command, with what to save and what to show."""
    from jimcode.session import case_questions as session_answers
    from jimcode.session import moves as session_moves
    from jimcode.session import segments as session_segments

    if isinstance(command, lang.Quit):
        return Step(replace(state, quit=True), (Stopped(),))
    if isinstance(command, lang.Help):
        return Step(state, (ShowHelp(state.position.phase),))
    if isinstance(command, lang.Undo):
        return session_moves.undo(state)
    if isinstance(command, lang.Goto):
        return session_moves.goto(state, context, command.target)
    if isinstance(command, lang.NextOpen):
        return session_moves.next_open(state, context)
    if isinstance(command, lang.Back):
        return session_moves.back(state, context)
    if isinstance(command, lang.KeyedAnswer):
        return session_answers.keyed_answer(state, context, command)
    if isinstance(command, lang.Define):
        found = session_segments.resolve_code(context, command.token)
        if found is None:
            return error(state, session_segments.unknown_code(context, command.token))
        return Step(state, (ShowDefinition(found),))
    if isinstance(command, lang.Find):
        return Step(state, (ShowMatches(command.query, session_segments.find_codes(context, command.query)),))
    phase = state.position.phase
    if phase == "segments":
        return session_segments.step(state, command, context)
    if phase in ("attributes", "verdicts"):
        return session_answers.answer(state, context, command)
    if isinstance(command, lang.Blank):
        return Step(state, (Completed(),))
    return error(state, "the record is complete; `b` goes back, `g 1` to the first segment, `q` quits")


def resolve_hypothesis(context: SessionContext, name: str) -> Hypothesis | str:
    folded = name.casefold()
    found = next((h for h in context.hypotheses if h.id.casefold() == folded), None)
    if found is not None:
        return found
    known = ", ".join(h.id for h in context.hypotheses) or "none in this codebook"
    return f"unknown hypothesis '{name}' (hypotheses: {known})"
