"""What a coding session works on: the codebook's lookups (fixed), the record as it stands, where the coder is.

Pure data, no I/O. `jimcode.session.progress` moves through it, `jimcode.session.state` steps it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, Protocol, Self, TypeVar

from jimcode.codebook.attributes import check_value
from jimcode.codebook.model import CaseAttribute, Codebook, Hypothesis, NumberedCode
from jimcode.i18n import DEFAULT_LANGUAGE, Words
from jimcode.records.model import (
    AttributeChange,
    HypothesisVerdict,
    RecordChange,
    RecordStatus,
    SegmentChange,
    SegmentDecision,
    VerdictChange,
)
from jimcode.session.commands import Phase
from jimcode.session.events import Step
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
    language: str = DEFAULT_LANGUAGE  # of the feedback and errors (the session's interface language)

    @property
    def say(self) -> Words:
        return Words(self.language)

    @classmethod
    def build(
        cls,
        codebook: Codebook,
        prefill: Mapping[str, AttributeValue] | None = None,
        language: str = DEFAULT_LANGUAGE,
    ) -> SessionContext:
        """Pre-filled values that do not fit their attribute are left out (see `prefill_problems`)."""
        codes = tuple(codebook.numbered_codes(offered_only=True))
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
            # Retired codes are not offered, but a record being resumed may carry them: named by id.
            by_id={c.code.id: c for c in codebook.numbered_codes()} | {c.code.id: c for c in codes},
            attributes=attributes,
            hypotheses=tuple(codebook.offered_hypotheses()),
            prefill=usable,
            language=language,
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


SessionStep = Step[SessionState]


class RecordParts(Protocol):
    """A machine's state that holds a record's decisions (the coding session's, reconciling's)."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    @property
    def attributes(self) -> Mapping[str, AttributeValue]: ...
    @property
    def verdicts(self) -> Mapping[str, HypothesisVerdict]: ...
    def with_segment(self, decision: SegmentDecision) -> Self: ...


PartsT = TypeVar("PartsT", bound=RecordParts)


def with_change(state: PartsT, change: RecordChange) -> PartsT:
    """The state with one record change made, as `jimcode.records.model.apply_journal_entry` makes it in the record."""
    if isinstance(change, SegmentChange):
        return state.with_segment(change.decision)
    if isinstance(change, AttributeChange):
        attributes = {key: value for key, value in state.attributes.items() if key != change.attribute}
        if change.answered:
            attributes[change.attribute] = change.value
        return replace(state, attributes=attributes)
    if isinstance(change, VerdictChange):
        verdicts = {key: given for key, given in state.verdicts.items() if key != change.hypothesis}
        if change.verdict is not None:
            verdicts[change.hypothesis] = change.verdict
        return replace(state, verdicts=verdicts)
    return replace(state, status=change.status)


def resolve_hypothesis(context: SessionContext, name: str) -> Hypothesis | str:
    folded = name.casefold()
    found = next((h for h in context.hypotheses if h.id.casefold() == folded), None)
    if found is not None:
        return found
    say = context.say
    known = ", ".join(h.id for h in context.hypotheses) or say("session.error.no_hypotheses_known")
    return say("session.error.unknown_hypothesis", name=name, known=known)
