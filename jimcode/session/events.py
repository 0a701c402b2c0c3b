"""What a step of a state machine returns: the new state, the record changes to save, events for the screen.

Shared by the coding session (`jimcode.session.state`) and reconciling (`jimcode.reconcile.state`):
one `Level`, one set of events, one `Step`. Pure: no I/O, no terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from jimcode.codebook.model import NumberedCode
from jimcode.records.model import RecordChange
from jimcode.session.commands import Phase

Level = Literal["info", "warning", "error"]


@dataclass(frozen=True)
class Notice:
    text: str
    level: Level = "info"


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
class ShowItem:
    """Show the current item again: it moved, or its proposal changed.

    Reconciling shows an item only when asked; the coding screen is redrawn at every prompt.
    """


@dataclass(frozen=True)
class Completed:
    """Everything is decided: the record is complete."""


@dataclass(frozen=True)
class Stopped:
    """`q`: everything is saved, to be resumed later."""


Event = Notice | Saved | ShowDefinition | ShowMatches | ShowHelp | ShowItem | Completed | Stopped

StateT = TypeVar("StateT")


@dataclass(frozen=True)
class Step(Generic[StateT]):
    state: StateT
    events: tuple[Event, ...] = ()
    changes: tuple[RecordChange, ...] = ()

    @property
    def error(self) -> str | None:
        return next((e.text for e in self.events if isinstance(e, Notice) and e.level == "error"), None)
