"""Reconciling: what the coders disagree on, and how their decisions combine into a consensus record.

Pure functions over aligned records (see `jimcode.agreement.pairs`). What the coders who
decided agree on is copied into the consensus as it is (memos and notes of every coder
kept, prefixed with the coder's name when they differ); what they disagree on becomes an
`Item` that the team settles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from jimcode.agreement.disagreements import (
    AttributeDisagreement,
    SegmentChoice,
    SegmentDisagreement,
    VerdictDisagreement,
    attribute_disagreements,
    segment_choices,
    segment_disagreements,
    verdict_disagreements,
    verdicts_of,
)
from jimcode.codebook.model import Codebook
from jimcode.records.model import (
    CONSENSUS_CODER,
    CodedRecord,
    Evidence,
    HypothesisVerdict,
    Pole,
    SegmentDecision,
    Stance,
)

ItemKind = Literal["segment", "attribute", "verdict"]


@dataclass(frozen=True)
class Item:
    """One disagreement to settle: a segment, a case attribute or a hypothesis verdict."""

    kind: ItemKind
    segment: SegmentDisagreement | None = None
    attribute: AttributeDisagreement | None = None
    verdict: VerdictDisagreement | None = None

    @property
    def key(self) -> int | str:
        if self.segment is not None:
            return self.segment.index
        if self.attribute is not None:
            return self.attribute.attribute
        assert self.verdict is not None
        return self.verdict.hypothesis


def find_items(records: Sequence[CodedRecord], codebook: Codebook | None = None) -> list[Item]:
    """Every disagreement in reconciling order: segments, then case attributes, then verdicts."""
    attribute_order = [a.id for a in codebook.case_attributes] if codebook else []
    hypothesis_order = [h.id for h in codebook.hypotheses] if codebook else []
    items = [Item("segment", segment=d) for d in segment_disagreements(records)]
    items += [Item("attribute", attribute=d) for d in attribute_disagreements(records, attribute_order)]
    items += [Item("verdict", verdict=d) for d in verdict_disagreements(records, hypothesis_order)]
    return items


def merge_notes(notes: Sequence[tuple[str, str | None]]) -> str | None:
    """One note from several coders': the note itself when they agree, else each prefixed with its coder."""
    given = [(coder, note.strip()) for coder, note in notes if note and note.strip()]
    distinct = list(dict.fromkeys(note for _, note in given))
    if not distinct:
        return None
    if len(distinct) == 1:
        return distinct[0]
    return "\n".join(f"{coder}: {note}" for coder, note in given)


def _ordered_union(lists: Sequence[Sequence[str]]) -> list[str]:
    return list(dict.fromkeys(item for items in lists for item in items))


def _evidence_for(choices: Sequence[SegmentChoice], hypothesis: str, stance: str) -> Evidence:
    notes = [
        (choice.coder, e.note)
        for choice in choices
        for e in choice.decision.evidence
        if e.hypothesis == hypothesis and e.stance == stance
    ]
    return Evidence(hypothesis=hypothesis, stance=stance, note=merge_notes(notes))


def combined_evidence(
    choices: Sequence[SegmentChoice], *, every: bool
) -> tuple[list[Evidence], dict[str, dict[str, Stance]]]:
    """Evidence given with one stance: by every deciding coder (`every`) or by any; and the conflicts.

    Conflicts map a hypothesis to {coder: stance} where deciding coders gave different stances.
    """
    decided = [choice for choice in choices if choice.decided]
    hypotheses = _ordered_union([list(choice.stances) for choice in decided])
    kept: list[Evidence] = []
    conflicts: dict[str, dict[str, Stance]] = {}
    for hypothesis in hypotheses:
        given = {choice.coder: choice.stances[hypothesis] for choice in decided if hypothesis in choice.stances}
        stances = set(given.values())
        if len(stances) > 1:
            conflicts[hypothesis] = given
        elif not every or len(given) == len(decided):
            kept.append(_evidence_for(decided, hypothesis, stances.pop()))
    return kept, conflicts


def memo_of(choices: Sequence[SegmentChoice]) -> str | None:
    return merge_notes([(choice.coder, choice.decision.memo) for choice in choices])


def marked_sentences(choices: Sequence[SegmentChoice]) -> list[int]:
    """The sentences any coder marked to quote (in their order): a mark is not a coding decision, and
    no coder's is dropped for another's, as no coder's memo is."""
    return sorted({number for choice in choices for number in choice.decision.quote_sentences})


def open_decision(template: SegmentDecision, quotes: Sequence[int] | None = None) -> SegmentDecision:
    """An open segment (`quotes`: the sentences marked to quote; the template's when None)."""
    marked = template.quote_sentences if quotes is None else list(quotes)
    return template.model_copy(
        update={"status": "open", "codes": [], "evidence": [], "memo": None, "quote_sentences": marked}
    )


def decision_from(
    template: SegmentDecision,
    codes: Sequence[str],
    evidence: Sequence[Evidence],
    memo: str | None,
    status: str,
    polarity: Mapping[str, Pole] | None = None,
    quotes: Sequence[int] | None = None,
) -> SegmentDecision:
    """`polarity`: the poles to keep (the template's when None), for the codes kept only; `quotes`: the
    sentences marked to quote (the template's when None)."""
    poles = template.polarity if polarity is None else polarity
    return SegmentDecision.model_validate(
        {
            **template.model_dump(exclude={"status", "codes", "polarity", "evidence", "memo", "quote_sentences"}),
            "status": status,
            "codes": list(codes),
            "polarity": {code: poles[code] for code in codes if code in poles},
            "evidence": [e.model_dump() for e in evidence],
            "memo": memo,
            "quote_sentences": list(template.quote_sentences if quotes is None else quotes),
        }
    )


@dataclass(frozen=True)
class Combined:
    """Coders' decisions on a segment combined, and what they disagree on that a proposal cannot settle."""

    decision: SegmentDecision
    stances: dict[str, dict[str, Stance]]  # hypothesis -> {coder: stance}, where the stances differ
    poles: dict[str, dict[str, Pole]]  # code -> {coder: pole}, where the poles differ (the union only)

    @property
    def disputed(self) -> bool:
        return bool(self.stances or self.poles)


def combined_decision(choices: Sequence[SegmentChoice], *, every: bool) -> Combined:
    """The codes of every deciding coder (`every`, the intersection) or of any (the union), and conflicts.

    A code with polarity is in common only with the same pole from every coder; in the union, a code
    the coders gave different poles is left out of the proposal and returned as a conflict (never one
    coder's pole chosen silently). The result is coded when it keeps a code or evidence or a conflict;
    otherwise not relevant when a coder said so, else coded without codes.
    """
    decided = [choice for choice in choices if choice.decided]
    code_lists = [choice.codes for choice in decided]
    union = _ordered_union(code_lists)
    codes = [code for code in union if all(code in codes for codes in code_lists)] if every else union
    given_poles = {
        code: {choice.coder: choice.polarity[code] for choice in decided if code in choice.polarity} for code in codes
    }
    pole_conflicts: dict[str, dict[str, Pole]] = {}
    if every:  # in common: a code with the same pole from every coder
        codes = [code for code in codes if len({choice.polarity.get(code) for choice in decided}) == 1]
    else:
        pole_conflicts = {code: given for code, given in given_poles.items() if len(set(given.values())) > 1}
        codes = [code for code in codes if code not in pole_conflicts]
    poles = {code: next(iter(given_poles[code].values())) for code in codes if given_poles[code]}
    evidence, conflicts = combined_evidence(choices, every=every)
    anyone_not_relevant = any(choice.status == "not_relevant" for choice in decided)
    settled = not codes and not evidence and not conflicts and not pole_conflicts
    status = "not_relevant" if settled and anyone_not_relevant else "coded"
    quotes = marked_sentences(decided)
    decision = decision_from(choices[0].decision, codes, evidence, memo_of(choices), status, poles, quotes)
    return Combined(decision, conflicts, pole_conflicts)


def agreed_decision(choices: Sequence[SegmentChoice]) -> SegmentDecision:
    """A segment the deciding coders agree on (or nobody decided), as the consensus keeps it."""
    decided = [choice for choice in choices if choice.decided]
    if not decided:
        return open_decision(choices[0].decision, marked_sentences(choices))
    first = decided[0]
    evidence = [_evidence_for(decided, h, stance) for h, stance in first.stances.items()]
    memo, quotes = memo_of(choices), marked_sentences(decided)
    return decision_from(first.decision, first.codes, evidence, memo, first.status, quotes=quotes)


def agreed_verdict(verdicts: Sequence[tuple[str, HypothesisVerdict | None]]) -> HypothesisVerdict | None:
    given = [(coder, v) for coder, v in verdicts if v is not None]
    if not given:
        return None
    first = given[0][1]
    note = merge_notes([(coder, v.note) for coder, v in given])
    return HypothesisVerdict(hypothesis=first.hypothesis, verdict=first.verdict, note=note)


def initial_consensus(
    records: Sequence[CodedRecord], items: Sequence[Item], stamp: datetime, coder: str = CONSENSUS_CODER
) -> CodedRecord:
    """The consensus record before any decision: agreements copied, disagreements open or unanswered."""
    first = records[0]
    disputed_segments = {item.key for item in items if item.kind == "segment"}
    disputed_attributes = {item.key for item in items if item.kind == "attribute"}
    disputed_verdicts = {item.key for item in items if item.kind == "verdict"}
    segments = []
    for index, template in enumerate(first.segments):
        if index in disputed_segments:
            segments.append(open_decision(template, marked_sentences(segment_choices(records, index))))
        else:
            segments.append(agreed_decision(segment_choices(records, index)))
    attributes = {}
    for key in _ordered_union([list(record.attributes) for record in records]):
        if key in disputed_attributes:
            continue
        given = [record.attributes[key] for record in records if record.attributes.get(key) is not None]
        attributes[key] = given[0] if given else None  # answered by someone, if only with "no answer"
    verdicts = []
    for hypothesis in _ordered_union([[v.hypothesis for v in record.verdicts] for record in records]):
        if hypothesis in disputed_verdicts:
            continue
        agreed = agreed_verdict([(record.coder, verdicts_of(record).get(hypothesis)) for record in records])
        if agreed is not None:
            verdicts.append(agreed)
    return CodedRecord(
        transcript=first.transcript,
        codebook=first.codebook,
        case=first.case,
        coder=coder,
        reconciled_from=[record.coder for record in records],
        status="in_progress",
        started_at=stamp,
        updated_at=stamp,
        interview=first.interview,
        attributes=attributes,
        segments=segments,
        verdicts=verdicts,
    )


def consensus_problem(consensus: CodedRecord, records: Sequence[CodedRecord]) -> str | None:
    """Why an existing record cannot be the consensus of these records (None when it can be resumed)."""
    first = records[0]
    if consensus.transcript.id != first.transcript.id:
        return f"it is a record of transcript '{consensus.transcript.id}', not '{first.transcript.id}'"
    if consensus.transcript.sha256 != first.transcript.sha256 or [s.segment_id for s in consensus.segments] != [
        s.segment_id for s in first.segments
    ]:
        return "its transcript text or segments differ from the records'"
    coders = sorted(record.coder for record in records)
    if sorted(consensus.reconciled_from) != coders:
        was = ", ".join(consensus.reconciled_from) or "nobody"
        return f"it reconciles {was}, not {', '.join(coders)}"
    return None
