"""Reconciling as a state machine: one line in, record changes and screen events out (no I/O).

The team walks only the disagreements (see `jimcode.reconcile.merge.find_items`) and
settles each one; every decision is a record change that the caller saves before the
next line is read. The language is the coding session's (`jimcode.session.commands`) plus:

    A, B, C…   take that coder's decision (coders lettered in the order given)
    +          the union: codes (evidence, options) any coder gave
    &          the intersection: what every coder gave

On a segment the proposal starts as the codes every coder applied; `3 7 -2` (numbers,
shortcuts or ids), `e H1 s`, `m memo` edit it and `n` accepts it; `x` marks the segment
not relevant. On an attribute, type a value (or `-` for no answer); on a verdict,
`s`, `c`, `m` or `n` and an optional note.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from string import ascii_uppercase
from typing import Literal

from jimcode.agreement.disagreements import SegmentChoice
from jimcode.codebook.attributes import AnswerError, parse_answer
from jimcode.codebook.model import Codebook, MultiChoiceAttribute
from jimcode.reconcile.merge import Item, combined_decision, decision_from, find_items, memo_of
from jimcode.records.model import (
    AttributeChange,
    CodedRecord,
    Evidence,
    HypothesisVerdict,
    RecordChange,
    SegmentChange,
    StatusChange,
    VerdictChange,
    apply_journal_entry,
    change_to_json,
    now,
)
from jimcode.session import commands as lang
from jimcode.session.case_questions import VERDICT_HELP, VERDICT_WORDS
from jimcode.session.context import SessionContext, resolve_hypothesis
from jimcode.session.segments import find_codes, resolve_code, unknown_code
from jimcode.transcripts.model import AttributeValue

Level = Literal["info", "warning", "error"]


@dataclass(frozen=True)
class Message:
    text: str
    level: Level = "info"


@dataclass(frozen=True)
class Decided:
    """A decision was made (and is in this reply's changes)."""

    text: str


@dataclass(frozen=True)
class ShowItem:
    """The screen should show the current disagreement."""


@dataclass(frozen=True)
class ShowHelp:
    kind: str


@dataclass(frozen=True)
class ShowText:
    text: str


@dataclass(frozen=True)
class Finished:
    """Every disagreement is settled; the consensus record is complete."""


@dataclass(frozen=True)
class Stopped:
    """`q`: saved, to be resumed later."""


Event = Message | Decided | ShowItem | ShowHelp | ShowText | Finished | Stopped


@dataclass
class Reply:
    changes: list[RecordChange] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


@dataclass
class Draft:
    """The proposal for the current segment, edited with codes, `e` and `m` until accepted."""

    codes: list[str]
    evidence: list[Evidence]
    memo: str | None


@dataclass(frozen=True)
class _Undo:
    position: int
    before: RecordChange


class Reconciliation:
    """The walk through the disagreements of aligned records, building the consensus record."""

    def __init__(self, records: Sequence[CodedRecord], consensus: CodedRecord, codebook: Codebook) -> None:
        if len(records) > len(ascii_uppercase):
            raise ValueError("too many coders to letter")
        self.records = list(records)
        self.letters = dict(zip(ascii_uppercase, self.records, strict=False))
        self.codebook = codebook
        self.context = SessionContext.build(codebook)
        self.items = find_items(self.records, codebook)
        self.consensus = consensus.model_copy(deep=True)
        self.history: list[_Undo] = []
        self.position = self._next_open(0, wrap=True)
        self.draft = self._draft()
        self.quit = False

    # -- where we are -------------------------------------------------------

    @property
    def item(self) -> Item | None:
        return self.items[self.position] if 0 <= self.position < len(self.items) else None

    def is_settled(self, item: Item) -> bool:
        if item.kind == "segment":
            return self.consensus.segments[int(item.key)].status != "open"
        if item.kind == "attribute":
            return item.key in self.consensus.attributes
        return any(v.hypothesis == item.key for v in self.consensus.verdicts)

    @property
    def settled(self) -> int:
        return sum(self.is_settled(item) for item in self.items)

    @property
    def done(self) -> bool:
        return all(self.is_settled(item) for item in self.items)

    def choices(self, item: Item) -> tuple[SegmentChoice, ...]:
        assert item.segment is not None
        return item.segment.choices

    def _next_open(self, start: int, *, wrap: bool) -> int:
        order = list(range(start, len(self.items)))
        if wrap:
            order += list(range(0, min(start, len(self.items))))
        return next((i for i in order if not self.is_settled(self.items[i])), len(self.items) if not wrap else -1)

    def _draft(self) -> Draft | None:
        item = self.item
        if item is None or item.kind != "segment":
            return None
        current = self.consensus.segments[int(item.key)]
        if current.status != "open":
            return Draft(list(current.codes), list(current.evidence), current.memo)
        common, _ = combined_decision(self.choices(item), every=True)
        return Draft(list(common.codes), list(common.evidence), memo_of(self.choices(item)))

    def _move(self, position: int) -> None:
        self.position = position
        self.draft = self._draft()

    # -- changes ------------------------------------------------------------

    def _apply(self, change: RecordChange) -> None:
        apply_journal_entry(self.consensus, change_to_json(change, now()))

    def _before(self, item: Item) -> RecordChange:
        if item.kind == "segment":
            return SegmentChange(self.consensus.segments[int(item.key)])
        if item.kind == "attribute":
            key = str(item.key)
            if key in self.consensus.attributes:
                return AttributeChange(key, self.consensus.attributes[key])
            return AttributeChange(key, answered=False)
        verdict = next((v for v in self.consensus.verdicts if v.hypothesis == item.key), None)
        return VerdictChange(str(item.key), verdict)

    def _decide(self, change: RecordChange, summary: str, extra: Sequence[Event] = ()) -> Reply:
        item = self.item
        assert item is not None
        self.history.append(_Undo(self.position, self._before(item)))
        self._apply(change)
        reply = Reply([change], [Decided(summary), *extra])
        following = self._next_open(self.position + 1, wrap=True)
        if following < 0:
            return self._finish(reply)
        self._move(following)
        reply.events.append(ShowItem())
        return reply

    def finish_if_done(self) -> Reply:
        """At the start: with nothing (left) to settle, the consensus is complete."""
        return self._finish(Reply()) if self.done and self.consensus.status != "complete" else Reply()

    def _finish(self, reply: Reply) -> Reply:
        change = StatusChange("complete")
        self._apply(change)
        self.position = len(self.items)
        self.draft = None
        reply.changes.append(change)
        reply.events.append(Finished())
        return reply

    # -- the command loop -----------------------------------------------------

    def handle(self, line: str) -> Reply:
        item = self.item
        text = lang.strip_comment(line)
        if item is None:
            return Reply(events=[Message("every disagreement is settled", "error")])
        if text in self.letters:
            return self._take(item, text)
        if text in ("+", "&"):
            return self._combine(item, every=text == "&")
        phase: lang.Phase = {"segment": "segments", "attribute": "attributes", "verdict": "verdicts"}[item.kind]
        try:
            command = lang.parse(text, phase)
        except lang.CommandError as exc:
            return _error(str(exc))
        general = self._general(command)
        if general is not None:
            return general
        if item.kind == "segment":
            return self._segment_command(item, command)
        return self._answer_command(item, command)

    def _general(self, command: lang.Command) -> Reply | None:
        if isinstance(command, lang.Help):
            return Reply(events=[ShowHelp(self.item.kind if self.item else "segment")])
        if isinstance(command, lang.Quit):
            self.quit = True
            return Reply(events=[Stopped()])
        if isinstance(command, lang.Back):
            self._move(max(0, self.position - 1))
            return Reply(events=[ShowItem()])
        if isinstance(command, lang.NextOpen):
            following = self._next_open(self.position + 1, wrap=True)
            if following < 0:
                return _error("every other disagreement is settled")
            self._move(following)
            return Reply(events=[ShowItem()])
        if isinstance(command, lang.Goto):
            if not command.target.isdigit() or not 1 <= int(command.target) <= len(self.items):
                return _error(f"go to which disagreement? `g 1` to `g {len(self.items)}`")
            self._move(int(command.target) - 1)
            return Reply(events=[ShowItem()])
        if isinstance(command, lang.Undo):
            return self._undo()
        if isinstance(command, lang.Define):
            found = resolve_code(self.context, command.token)
            if found is None:
                return _error(unknown_code(self.context, command.token))
            code = found.code
            return Reply(events=[ShowText(f"{found.number}. {code.label} [{code.id}]: {code.definition}")])
        if isinstance(command, lang.Find):
            matches = find_codes(self.context, command.query)
            listed = "\n".join(f"  {m.number:>3}  {m.code.label} [{m.code.id}]" for m in matches)
            return Reply(events=[ShowText(listed or f"no code matches '{command.query}'")])
        if isinstance(command, lang.KeyedAnswer):
            return _error("answer the disagreement shown: take a coder's (A, B) or type the decision (h for help)")
        return None

    def _undo(self) -> Reply:
        if not self.history:
            return _error("nothing to undo in this session")
        last = self.history.pop()
        self._apply(last.before)
        self._move(last.position)
        return Reply([last.before], [Message("undone"), ShowItem()])

    # -- taking and combining coders' decisions ------------------------------

    def _take(self, item: Item, letter: str) -> Reply:
        record = self.letters[letter]
        if item.kind == "segment":
            decision = record.segments[int(item.key)]
            if decision.status == "open":
                return _error(f"{record.coder} left this segment open; take another coder's decision")
            return self._decide(SegmentChange(decision), f"segment {int(item.key) + 1}: {record.coder}'s decision")
        if item.kind == "attribute":
            value = record.attributes.get(str(item.key))
            return self._decide(AttributeChange(str(item.key), value), f"{item.key}: {record.coder}'s answer")
        verdict = next((v for v in record.verdicts if v.hypothesis == item.key), None)
        if verdict is None:
            return _error(f"{record.coder} gave no verdict on {item.key}; take another coder's or type one")
        return self._decide(VerdictChange(str(item.key), verdict), f"{item.key}: {record.coder}'s verdict")

    def _combine(self, item: Item, *, every: bool) -> Reply:
        word = "common" if every else "union"
        if item.kind == "segment":
            decision, conflicts = combined_decision(self.choices(item), every=every)
            if conflicts:
                self.draft = Draft(list(decision.codes), list(decision.evidence), decision.memo)
                listed = "; ".join(
                    f"{h}: " + ", ".join(f"{c} {s}" for c, s in given.items()) for h, given in conflicts.items()
                )
                hypothesis = next(iter(conflicts))
                return Reply(
                    events=[
                        Message(
                            f"the coders gave different stances ({listed}); the proposal has the union of the "
                            f"rest: set one with `e {hypothesis} s|c|n`, then `n` to accept",
                            "warning",
                        ),
                        ShowItem(),
                    ]
                )
            return self._decide(SegmentChange(decision), f"segment {int(item.key) + 1}: {word} of the codes")
        attribute = self.codebook.attribute(str(item.key))
        if item.kind == "attribute" and isinstance(attribute, MultiChoiceAttribute):
            assert item.attribute is not None
            given = [value for _, value in item.attribute.values if isinstance(value, list)]
            chosen = {o for value in given for o in value}
            if every:
                chosen = {o for o in chosen if all(o in value for value in given)}
            value = [o.id for o in attribute.options if o.id in chosen]
            return self._decide(AttributeChange(attribute.id, value), f"{attribute.id}: {word} of the options")
        return _error(f"`{'&' if every else '+'}` combines codes or multi-choice options; take A, B… or type an answer")

    # -- segments ------------------------------------------------------------

    def _segment_command(self, item: Item, command: lang.Command) -> Reply:
        draft = self.draft
        assert draft is not None
        template = self.consensus.segments[int(item.key)]
        number = int(item.key) + 1
        if isinstance(command, lang.Blank | lang.Next):
            decision = decision_from(template, draft.codes, draft.evidence, draft.memo, "coded")
            return self._decide(SegmentChange(decision), f"segment {number}: {', '.join(draft.codes) or 'no codes'}")
        if isinstance(command, lang.NotRelevant):
            decision = decision_from(template, [], [], draft.memo, "not_relevant")
            return self._decide(SegmentChange(decision), f"segment {number}: not relevant")
        if isinstance(command, lang.ApplyCodes):
            for token in command.tokens:
                found = resolve_code(self.context, token.text)
                if found is None:
                    return _error(unknown_code(self.context, token.text))
                code = found.code.id
                if token.remove and code in draft.codes:
                    draft.codes.remove(code)
                elif not token.remove and code not in draft.codes:
                    draft.codes.append(code)
            if command.then_next:
                return self._segment_command(item, lang.Next())
            return Reply(events=[ShowItem()])
        if isinstance(command, lang.Memo):
            draft.memo = command.text.strip() if command.text else None
            return Reply(events=[ShowItem()])
        if isinstance(command, lang.SetEvidence | lang.RemoveEvidence):
            hypothesis = resolve_hypothesis(self.context, command.hypothesis)
            if isinstance(hypothesis, str):
                return _error(hypothesis)
            draft.evidence = [e for e in draft.evidence if e.hypothesis != hypothesis.id]
            if isinstance(command, lang.SetEvidence):
                draft.evidence.append(Evidence(hypothesis=hypothesis.id, stance=command.stance, note=command.note))
            return Reply(events=[ShowItem()])
        return _error("this is a segment: take a coder's decision (A, B), +, &, or edit the proposal (h for help)")

    # -- attributes and verdicts ---------------------------------------------

    def _answer_command(self, item: Item, command: lang.Command) -> Reply:
        key = str(item.key)
        if isinstance(command, lang.Blank | lang.Keep):
            if not self.is_settled(item):
                return _error("not settled yet: take a coder's answer (A, B) or type one")
            following = self._next_open(self.position + 1, wrap=True)
            self._move(following if following >= 0 else min(self.position + 1, len(self.items) - 1))
            return Reply(events=[ShowItem()])
        if item.kind == "attribute":
            if isinstance(command, lang.Clear):
                return self._decide(AttributeChange(key, None), f"{key}: no answer")
            if isinstance(command, lang.Answer):
                attribute = self.codebook.attribute(key)
                if attribute is None:
                    return _error(f"{key} is not in the codebook; take a coder's answer (A, B)")
                try:
                    value: AttributeValue = parse_answer(attribute, command.text)
                except AnswerError as exc:
                    return _error(str(exc))
                return self._decide(AttributeChange(key, value), f"{key}: {command.text.strip()}")
        elif isinstance(command, lang.Answer):
            word, _, note = command.text.strip().partition(" ")
            verdict = VERDICT_WORDS.get(word.casefold())
            if verdict is None:
                return _error(f"{key}: answer {VERDICT_HELP}, or take a coder's (A, B)")
            given = HypothesisVerdict(hypothesis=key, verdict=verdict, note=note.strip() or None)
            return self._decide(VerdictChange(key, given), f"{key}: {verdict.replace('_', ' ')}")
        return _error("answer the disagreement shown: take a coder's (A, B) or type the decision (h for help)")


def _error(text: str) -> Reply:
    return Reply(events=[Message(text, "error")])
