"""Reconciling as a pure state machine: `step(state, command, context) -> Step`, in the coding session's style.

No I/O and no terminal: a `Step` (`jimcode.session.events`) holds the new state, the record
changes to save (the store journals them before the next line is read) and events for the
screen. The team walks only the disagreements (`jimcode.reconcile.merge.find_items`) and
settles each one. On a segment the proposal starts as the codes every coder applied; codes,
`e` and `m` edit it, `n` accepts it, `x` marks the segment not relevant. On an attribute a
value is typed (or `-` for no answer); on a verdict `s`, `c`, `m` or `n` and an optional note.
The command language is in `jimcode.reconcile.commands`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from string import ascii_uppercase

from jimcode.codebook.attributes import AnswerError, parse_answer
from jimcode.codebook.model import Codebook, MultiChoiceAttribute
from jimcode.i18n import DEFAULT_LANGUAGE
from jimcode.reconcile.commands import PHASES, Combine, Command, Take
from jimcode.reconcile.merge import Combined, Item, combined_decision, decision_from, find_items, memo_of
from jimcode.records.model import (
    CONSENSUS_CODER,
    AttributeChange,
    CodedRecord,
    Evidence,
    HypothesisVerdict,
    Pole,
    RecordChange,
    RecordStatus,
    SegmentChange,
    SegmentDecision,
    StatusChange,
    VerdictChange,
)
from jimcode.session import commands as lang
from jimcode.session.case_questions import VERDICT_WORDS
from jimcode.session.context import SessionContext, resolve_hypothesis, with_change
from jimcode.session.events import (
    Completed,
    Notice,
    Saved,
    ShowDefinition,
    ShowHelp,
    ShowItem,
    ShowMatches,
    Step,
    Stopped,
)
from jimcode.session.segments import find_codes, polarity_problem, resolve_code, token_code, unknown_code
from jimcode.transcripts.model import AttributeValue
from jimcode.typed import whole_number


@dataclass(frozen=True)
class ReconcileContext:
    """What does not change while reconciling: the coders' records (lettered A, B…), the disagreements."""

    records: tuple[CodedRecord, ...]
    letters: Mapping[str, CodedRecord]
    codebook: Codebook
    lookups: SessionContext
    """Codes and hypotheses by number, shortcut or id, as in `jimcode code`."""
    items: tuple[Item, ...]
    coder: str
    """The consensus record's coder."""

    @classmethod
    def build(
        cls,
        records: Sequence[CodedRecord],
        codebook: Codebook,
        coder: str = CONSENSUS_CODER,
        language: str = DEFAULT_LANGUAGE,
    ) -> ReconcileContext:
        if len(records) > len(ascii_uppercase):
            raise ValueError("too many coders to letter")
        return cls(
            records=tuple(records),
            letters=dict(zip(ascii_uppercase, records, strict=False)),
            codebook=codebook,
            lookups=SessionContext.build(codebook, language=language),
            items=tuple(find_items(records, codebook)),
            coder=coder,
        )


@dataclass(frozen=True)
class Draft:
    """The proposal for the current segment, edited with codes, `e` and `m` until accepted."""

    codes: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    memo: str | None
    polarity: tuple[tuple[str, Pole], ...] = ()  # (code id, pole) of the codes with polarity


@dataclass(frozen=True)
class Undo:
    """One undoable decision: where the team was and the item as it was before (each links to the one before)."""

    position: int
    before: RecordChange
    previous: Undo | None = None


@dataclass(frozen=True)
class ReconcileState:
    """The consensus record as it stands, and which disagreement is shown (`position` indexes the items)."""

    segments: tuple[SegmentDecision, ...]
    attributes: Mapping[str, AttributeValue]
    verdicts: Mapping[str, HypothesisVerdict]
    status: RecordStatus
    position: int
    draft: Draft | None = None
    history: Undo | None = None
    quit: bool = False

    def with_segment(self, decision: SegmentDecision) -> ReconcileState:
        index = decision.index
        return replace(self, segments=(*self.segments[:index], decision, *self.segments[index + 1 :]))


ReconcileStep = Step[ReconcileState]


# -- where the team is ------------------------------------------------------------


def current_item(state: ReconcileState, context: ReconcileContext) -> Item | None:
    return context.items[state.position] if 0 <= state.position < len(context.items) else None


def is_settled(state: ReconcileState, item: Item) -> bool:
    if item.kind == "segment":
        return state.segments[int(item.key)].status != "open"
    if item.kind == "attribute":
        return item.key in state.attributes
    return item.key in state.verdicts


def settled_count(state: ReconcileState, context: ReconcileContext) -> int:
    return sum(is_settled(state, item) for item in context.items)


def is_done(state: ReconcileState, context: ReconcileContext) -> bool:
    return all(is_settled(state, item) for item in context.items)


def _next_open(state: ReconcileState, context: ReconcileContext, start: int) -> int | None:
    """The first unsettled item from `start` on, wrapping around; None when every item is settled."""
    count = len(context.items)
    order = [*range(start, count), *range(0, min(start, count))]
    return next((i for i in order if not is_settled(state, context.items[i])), None)


def _draft(state: ReconcileState, context: ReconcileContext) -> Draft | None:
    """A settled segment's proposal is its decision; an open one's, the codes every coder applied."""
    item = current_item(state, context)
    if item is None or item.segment is None:
        return None
    current = state.segments[item.segment.index]
    if current.status != "open":
        return Draft(tuple(current.codes), tuple(current.evidence), current.memo, tuple(current.polarity.items()))
    common = combined_decision(item.segment.choices, every=True).decision
    return Draft(
        tuple(common.codes), tuple(common.evidence), memo_of(item.segment.choices), tuple(common.polarity.items())
    )


def _moved(state: ReconcileState, context: ReconcileContext, position: int) -> ReconcileState:
    moved = replace(state, position=position)
    return replace(moved, draft=_draft(moved, context))


def start(consensus: CodedRecord, context: ReconcileContext) -> ReconcileState:
    """The walk over a consensus record (new or resumed): at the first unsettled disagreement."""
    state = ReconcileState(
        segments=tuple(consensus.segments),
        attributes=dict(consensus.attributes),
        verdicts={v.hypothesis: v for v in consensus.verdicts},
        status=consensus.status,
        position=-1,
    )
    following = _next_open(state, context, 0)
    return state if following is None else _moved(state, context, following)


def finish_if_done(state: ReconcileState, context: ReconcileContext) -> ReconcileStep:
    """At the start: with nothing (left) to settle, the consensus is complete."""
    if is_done(state, context) and state.status != "complete":
        return _finish(state, context, Step(state))
    return Step(state)


# -- changes ------------------------------------------------------------------------


def _before(state: ReconcileState, item: Item) -> RecordChange:
    """The change that puts an item back as it is now (for undo)."""
    key = str(item.key)
    if item.kind == "segment":
        return SegmentChange(state.segments[int(item.key)])
    if item.kind == "attribute":
        if key in state.attributes:
            return AttributeChange(key, state.attributes[key])
        return AttributeChange(key, answered=False)
    return VerdictChange(key, state.verdicts.get(key))


def _decide(
    state: ReconcileState, context: ReconcileContext, item: Item, change: RecordChange, summary: str
) -> ReconcileStep:
    """Settle the item shown, then on to the next unsettled one (or complete when none is left)."""
    undo = Undo(state.position, _before(state, item), state.history)
    decided = replace(with_change(state, change), history=undo)
    following = _next_open(decided, context, state.position + 1)
    if following is None:
        return _finish(decided, context, Step(decided, (Saved(summary),), (change,)))
    return Step(_moved(decided, context, following), (Saved(summary), ShowItem()), (change,))


def _finish(state: ReconcileState, context: ReconcileContext, so_far: ReconcileStep) -> ReconcileStep:
    change = StatusChange("complete")
    finished = replace(with_change(state, change), position=len(context.items), draft=None)
    return Step(finished, (*so_far.events, Completed()), (*so_far.changes, change))


def _error(state: ReconcileState, text: str) -> ReconcileStep:
    return Step(state, (Notice(text, "error"),))


def _shown(state: ReconcileState) -> ReconcileStep:
    return Step(state, (ShowItem(),))


# -- the commands ---------------------------------------------------------------------


def step(state: ReconcileState, command: Command, context: ReconcileContext) -> ReconcileStep:
    """The state after one command, with what to save and what to show."""
    item = current_item(state, context)
    if item is None:
        return _error(state, context.lookups.say("reconcile.msg.all_settled"))
    if isinstance(command, Take):
        return _take(state, context, item, command.letter)
    if isinstance(command, Combine):
        return _combine(state, context, item, every=command.every)
    general = _general(state, context, item, command)
    if general is not None:
        return general
    if item.kind == "segment":
        return _segment_command(state, context, item, command)
    return _answer_command(state, context, item, command)


def _general(
    state: ReconcileState, context: ReconcileContext, item: Item, command: lang.Command
) -> ReconcileStep | None:
    """The commands that mean the same on every item (moving, undo, help, code lookups); None for the rest."""
    say = context.lookups.say
    if isinstance(command, lang.Help):
        return Step(state, (ShowHelp(PHASES[item.kind]),))
    if isinstance(command, lang.Quit):
        return Step(replace(state, quit=True), (Stopped(),))
    if isinstance(command, lang.Back):
        return _shown(_moved(state, context, max(0, state.position - 1)))
    if isinstance(command, lang.NextOpen):
        following = _next_open(state, context, state.position + 1)
        if following is None:
            return _error(state, say("reconcile.msg.others_settled"))
        return _shown(_moved(state, context, following))
    if isinstance(command, lang.Goto):
        count = len(context.items)
        number = whole_number(command.target)
        if number is None or not 1 <= number <= count:
            return _error(state, say("reconcile.msg.go_which", count=count))
        return _shown(_moved(state, context, number - 1))
    if isinstance(command, lang.Undo):
        return _undo(state, context)
    if isinstance(command, lang.Define):
        found = resolve_code(context.lookups, command.token)
        if found is None:
            return _error(state, unknown_code(context.lookups, command.token))
        return Step(state, (ShowDefinition(found),))
    if isinstance(command, lang.Find):
        return Step(state, (ShowMatches(command.query, find_codes(context.lookups, command.query)),))
    if isinstance(command, lang.KeyedAnswer):
        return _error(state, say("reconcile.msg.answer_shown"))
    return None


def _undo(state: ReconcileState, context: ReconcileContext) -> ReconcileStep:
    last = state.history
    if last is None:
        return _error(state, context.lookups.say("session.error.nothing_to_undo"))
    undone = replace(with_change(state, last.before), history=last.previous)
    undid = Notice(context.lookups.say("reconcile.msg.undone"))
    return Step(_moved(undone, context, last.position), (undid, ShowItem()), (last.before,))


# -- taking and combining coders' decisions -------------------------------------------


def _take(state: ReconcileState, context: ReconcileContext, item: Item, letter: str) -> ReconcileStep:
    say = context.lookups.say
    record = context.letters[letter]
    key = str(item.key)
    if item.kind == "segment":
        decision = record.segments[int(item.key)]
        if decision.status == "open":
            return _error(state, say("reconcile.msg.left_open", coder=record.coder))
        summary = say("reconcile.msg.took_decision", number=int(item.key) + 1, coder=record.coder)
        return _decide(state, context, item, SegmentChange(decision), summary)
    if item.kind == "attribute":
        value = record.attributes.get(key)
        summary = say("reconcile.msg.took_answer", key=key, coder=record.coder)
        return _decide(state, context, item, AttributeChange(key, value), summary)
    verdict = next((v for v in record.verdicts if v.hypothesis == item.key), None)
    if verdict is None:
        return _error(state, say("reconcile.msg.no_verdict", coder=record.coder, key=key))
    summary = say("reconcile.msg.took_verdict", key=key, coder=record.coder)
    return _decide(state, context, item, VerdictChange(key, verdict), summary)


def _combine(state: ReconcileState, context: ReconcileContext, item: Item, *, every: bool) -> ReconcileStep:
    say = context.lookups.say
    word = "common" if every else "union"
    if item.segment is not None:
        combined = combined_decision(item.segment.choices, every=every)
        decision = combined.decision
        if combined.disputed:
            draft = Draft(
                tuple(decision.codes), tuple(decision.evidence), decision.memo, tuple(decision.polarity.items())
            )
            return Step(replace(state, draft=draft), (*_disputes(combined, context), ShowItem()))
        summary = say(f"reconcile.msg.{word}_codes", number=item.segment.index + 1)
        return _decide(state, context, item, SegmentChange(decision), summary)
    attribute = context.codebook.attribute(str(item.key))
    if item.attribute is not None and isinstance(attribute, MultiChoiceAttribute):
        given = [value for _, value in item.attribute.values if isinstance(value, list)]
        chosen = {option for value in given for option in value}
        if every:
            chosen = {option for option in chosen if all(option in value for value in given)}
        value = [option.id for option in attribute.options if option.id in chosen]
        summary = say(f"reconcile.msg.{word}_options", key=attribute.id)
        return _decide(state, context, item, AttributeChange(attribute.id, value), summary)
    symbol = "&" if every else "+"
    return _error(state, say("reconcile.msg.combine_what", symbol=symbol))


def _disputes(combined: Combined, context: ReconcileContext) -> tuple[Notice, ...]:
    """What the coders disagree on that a combined proposal leaves to the user, and how to settle it."""
    say = context.lookups.say
    found: list[Notice] = []
    if combined.stances:
        listed = "; ".join(
            f"{h}: " + ", ".join(f"{c} {say(f'stance.{s}')}" for c, s in given.items())
            for h, given in combined.stances.items()
        )
        hypothesis = next(iter(combined.stances))
        found.append(Notice(say("reconcile.msg.stances", listed=listed, hypothesis=hypothesis), "warning"))
    if combined.poles:
        offered = {entry.code.id: entry for entry in context.lookups.codes}
        listed = "; ".join(
            f"{code}: " + ", ".join(f"{coder} {_pole_word(context, code, pole)}" for coder, pole in given.items())
            for code, given in combined.poles.items()
        )
        code = next(iter(combined.poles))
        entry = offered.get(code)
        typed = code if entry is None else entry.code.shortcut or str(entry.number)
        found.append(Notice(say("reconcile.msg.poles", listed=listed, typed=typed), "warning"))
    return tuple(found)


def _pole_word(context: ReconcileContext, code_id: str, pole: Pole) -> str:
    """The code's own word for a pole (present/absent in the session's language for a code it lacks)."""
    entry = context.codebook.codes_by_id().get(code_id)
    language = context.lookups.language
    return entry.code.pole_label(pole, language) if entry is not None else context.lookups.say(f"polarity.{pole}")


# -- segments --------------------------------------------------------------------------


def _segment_command(
    state: ReconcileState, context: ReconcileContext, item: Item, command: lang.Command
) -> ReconcileStep:
    draft = state.draft
    assert draft is not None and item.segment is not None
    template = state.segments[item.segment.index]
    number = item.segment.index + 1
    say = context.lookups.say
    if isinstance(command, lang.Blank | lang.Next):
        decision = decision_from(template, draft.codes, draft.evidence, draft.memo, "coded", dict(draft.polarity))
        listed = ", ".join(draft.codes) or say("session.saved.no_codes")
        summary = say("reconcile.msg.segment_codes", number=number, codes=listed)
        return _decide(state, context, item, SegmentChange(decision), summary)
    if isinstance(command, lang.NotRelevant):
        decision = decision_from(template, [], [], draft.memo, "not_relevant")
        summary = say("reconcile.msg.not_relevant", number=number)
        return _decide(state, context, item, SegmentChange(decision), summary)
    if isinstance(command, lang.ApplyCodes):
        codes = list(draft.codes)
        poles = dict(draft.polarity)
        for token in command.tokens:
            found, pole = token_code(context.lookups, token)
            if found is None:
                return _error(state, unknown_code(context.lookups, token.text))  # the proposal stays as it was
            code_id = found.code.id
            if token.remove:
                if code_id in codes:
                    codes.remove(code_id)
                    poles.pop(code_id, None)
                continue
            problem = polarity_problem(found, token.text, pole, say)
            if problem is not None:
                return _error(state, problem)
            if code_id not in codes:
                codes.append(code_id)
            if pole is not None:
                poles[code_id] = pole
        edited = replace(state, draft=replace(draft, codes=tuple(codes), polarity=tuple(poles.items())))
        if command.then_next:
            return _segment_command(edited, context, item, lang.Next())
        return _shown(edited)
    if isinstance(command, lang.Memo):
        return _shown(replace(state, draft=replace(draft, memo=command.text.strip() if command.text else None)))
    if isinstance(command, lang.SetEvidence | lang.RemoveEvidence):
        hypothesis = resolve_hypothesis(context.lookups, command.hypothesis)
        if isinstance(hypothesis, str):
            return _error(state, hypothesis)
        evidence = [e for e in draft.evidence if e.hypothesis != hypothesis.id]
        if isinstance(command, lang.SetEvidence):
            evidence.append(Evidence(hypothesis=hypothesis.id, stance=command.stance, note=command.note))
        return _shown(replace(state, draft=replace(draft, evidence=tuple(evidence))))
    return _error(state, say("reconcile.msg.this_is_segment"))


# -- attributes and verdicts -----------------------------------------------------------


def _answer_command(
    state: ReconcileState, context: ReconcileContext, item: Item, command: lang.Command
) -> ReconcileStep:
    key = str(item.key)
    say = context.lookups.say
    if isinstance(command, lang.Blank | lang.Keep):
        if not is_settled(state, item):
            return _error(state, say("reconcile.msg.not_settled"))
        following = _next_open(state, context, state.position + 1)
        position = following if following is not None else min(state.position + 1, len(context.items) - 1)
        return _shown(_moved(state, context, position))
    if item.kind == "attribute":
        if isinstance(command, lang.Clear):
            return _decide(state, context, item, AttributeChange(key, None), say("reconcile.msg.no_answer", key=key))
        if isinstance(command, lang.Answer):
            attribute = context.codebook.attribute(key)
            if attribute is None:
                return _error(state, say("reconcile.msg.not_in_codebook", key=key))
            try:
                value = parse_answer(attribute, command.text, context.lookups.language)
            except AnswerError as exc:
                return _error(state, str(exc))
            return _decide(state, context, item, AttributeChange(key, value), f"{key}: {command.text.strip()}")
    elif isinstance(command, lang.Answer):
        word, _, note = command.text.strip().partition(" ")
        verdict = VERDICT_WORDS.get(word.casefold())
        if verdict is None:
            return _error(state, say("reconcile.msg.answer_verdict", key=key, help=say("session.verdict_help")))
        given = HypothesisVerdict(hypothesis=key, verdict=verdict, note=note.strip() or None)
        summary = f"{key}: {say(f'verdict.{verdict}')}"
        return _decide(state, context, item, VerdictChange(key, given), summary)
    return _error(state, say("reconcile.msg.answer_shown"))
