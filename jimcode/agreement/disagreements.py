"""Where coders of one transcript disagree: segments, case attributes and hypothesis verdicts.

Works on records already known to be aligned (see `jimcode.agreement.pairs`). Only
coders who made a decision are compared: a segment still open in one record, or
an attribute one coder left unanswered, is missing data, not a disagreement.
Notes and memos are not compared (they are shown, not scored).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from jimcode.records.model import CodedRecord, HypothesisVerdict, Pole, SegmentDecision, SegmentStatus, Stance
from jimcode.transcripts.model import AttributeValue


@dataclass(frozen=True, slots=True)
class SegmentChoice:
    """One coder's decision on a segment."""

    coder: str
    decision: SegmentDecision

    @property
    def status(self) -> SegmentStatus:
        return self.decision.status

    @property
    def decided(self) -> bool:
        return self.decision.status != "open"

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.decision.codes) if self.decision.status == "coded" else ()

    @property
    def polarity(self) -> dict[str, Pole]:
        return dict(self.decision.polarity) if self.decision.status == "coded" else {}

    @property
    def stances(self) -> dict[str, Stance]:
        return stances_of(self.decision) if self.decision.status == "coded" else {}


def stances_of(decision: SegmentDecision) -> dict[str, Stance]:
    """A segment's stance per hypothesis (the last one given for a hypothesis counts)."""
    return {evidence.hypothesis: evidence.stance for evidence in decision.evidence}


def decision_key(choice: SegmentChoice) -> tuple:
    """What is compared: relevance, the set of codes with their poles, and the stance per hypothesis."""
    return (
        choice.status,
        frozenset(choice.codes),
        frozenset(choice.polarity.items()),
        frozenset(choice.stances.items()),
    )


@dataclass(frozen=True, slots=True)
class SegmentDisagreement:
    transcript_id: str
    case: str
    index: int
    segment_id: str
    speaker: str | None
    text: str
    choices: tuple[SegmentChoice, ...]
    disputed_codes: tuple[str, ...]
    agreed_codes: tuple[str, ...]
    disputed_hypotheses: tuple[str, ...]
    relevance_differs: bool

    @property
    def number(self) -> int:
        """The segment's number as a coder sees it (1-based)."""
        return self.index + 1


@dataclass(frozen=True, slots=True)
class AttributeDisagreement:
    transcript_id: str
    case: str
    attribute: str
    values: tuple[tuple[str, AttributeValue], ...]


@dataclass(frozen=True, slots=True)
class VerdictDisagreement:
    transcript_id: str
    case: str
    hypothesis: str
    verdicts: tuple[tuple[str, HypothesisVerdict | None], ...]


def _ordered_union(lists: Iterable[Iterable[str]]) -> list[str]:
    seen: dict[str, None] = {}
    for items in lists:
        for item in items:
            seen.setdefault(item, None)
    return list(seen)


def segment_disagreement(transcript_id: str, case: str, choices: Sequence[SegmentChoice]) -> SegmentDisagreement | None:
    """The disagreement on one segment, or None when the coders who decided it agree."""
    decided = [choice.decision for choice in choices if choice.decided]
    given = [_given(decision) for decision in decided]
    if all(item == given[0] for item in given):
        return None
    every = _ordered_union([decision.codes if decision.status == "coded" else () for decision in decided])
    agreed = [
        code
        for code in every
        if all(code in codes for _, codes, _, _ in given) and len({poles.get(code) for _, _, poles, _ in given}) == 1
    ]
    hypotheses = _ordered_union([stances for _, _, _, stances in given])
    disputed_hypotheses = [h for h in hypotheses if len({stances.get(h) for _, _, _, stances in given}) > 1]
    segment = choices[0].decision
    return SegmentDisagreement(
        transcript_id=transcript_id,
        case=case,
        index=segment.index,
        segment_id=segment.segment_id,
        speaker=segment.speaker,
        text=segment.text,
        choices=tuple(choices),
        disputed_codes=tuple(code for code in every if code not in agreed),
        agreed_codes=tuple(agreed),
        disputed_hypotheses=tuple(disputed_hypotheses),
        relevance_differs=len({status for status, _, _, _ in given}) > 1,
    )


_NONE: Mapping[str, str] = MappingProxyType({})


def _given(decision: SegmentDecision) -> tuple[str, frozenset[str], Mapping[str, str], Mapping[str, str]]:
    """What is compared of a deciding coder's decision (`decision_key`, taken once, the poles and stances
    as dicts, which compare as its sets do): status, the set of codes, poles and stances."""
    if decision.status != "coded":
        return decision.status, frozenset(), _NONE, _NONE
    return decision.status, frozenset(decision.codes), decision.polarity, stances_of(decision)


def segment_choices(records: Sequence[CodedRecord], index: int) -> tuple[SegmentChoice, ...]:
    return tuple(SegmentChoice(record.coder, record.segments[index]) for record in records)


def _plainly_agree(decisions: Sequence[SegmentDecision]) -> bool:
    """The deciding coders made the very same decision (same codes, poles and evidence in the same order),
    or fewer than two decided: no disagreement, known without comparing sets (most segments)."""
    decided = [decision for decision in decisions if decision.status != "open"]
    if len(decided) < 2:
        return True
    first = decided[0]
    if first.status == "not_relevant":
        return all(decision.status == "not_relevant" for decision in decided[1:])
    stances = [(evidence.hypothesis, evidence.stance) for evidence in first.evidence]
    return all(
        decision.status == "coded"
        and decision.codes == first.codes
        and decision.polarity == first.polarity
        and [(evidence.hypothesis, evidence.stance) for evidence in decision.evidence] == stances
        for decision in decided[1:]
    )


def disputed(decisions: Sequence[SegmentDecision]) -> bool:
    """The coders who decided a segment differ on it (the test of `segment_disagreement`)."""
    if _plainly_agree(decisions):
        return False
    return len({decision_key(SegmentChoice("", d)) for d in decisions if d.status != "open"}) > 1


def segment_disagreements(
    records: Sequence[CodedRecord], at: Iterable[int] | None = None
) -> Iterator[SegmentDisagreement]:
    """Every segment on which the deciding coders differ, in transcript order; `at`: only the segments
    at these positions (those found disputed before), in that order."""
    if not records:
        return
    first = records[0]
    if at is None:
        rows: Iterable[tuple[SegmentDecision, ...]] = zip(*(record.segments for record in records), strict=True)
        candidates: Iterable[tuple[SegmentDecision, ...]] = (row for row in rows if disputed(row))
    else:  # found disputed already: `segment_disagreement` decides again, on these alone
        candidates = (tuple(record.segments[position] for record in records) for position in at)
    for decisions in candidates:
        pairs = zip(records, decisions, strict=True)
        choices = tuple(SegmentChoice(record.coder, decision) for record, decision in pairs)
        disagreement = segment_disagreement(first.transcript.id, first.case, choices)
        if disagreement:
            yield disagreement


def comparable_value(value: AttributeValue) -> object:
    """An attribute answer in a form that compares as a researcher would (lists as sets)."""
    if isinstance(value, list):
        return frozenset(value)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, str):
        return value.strip()
    return value


def attribute_disagreements(
    records: Sequence[CodedRecord], attribute_order: Sequence[str] = ()
) -> list[AttributeDisagreement]:
    """Case attributes answered differently by the coders who answered them (codebook order first)."""
    if not records:
        return []
    keys = _ordered_union([list(attribute_order), *[list(record.attributes) for record in records]])
    found = []
    for key in keys:
        values = tuple((record.coder, record.attributes.get(key)) for record in records)
        answered = {comparable_value(value) for _, value in values if value is not None}
        if len(answered) > 1:
            found.append(AttributeDisagreement(records[0].transcript.id, records[0].case, key, values))
    return found


def verdicts_of(record: CodedRecord) -> Mapping[str, HypothesisVerdict]:
    return {verdict.hypothesis: verdict for verdict in record.verdicts}


def verdict_disagreements(
    records: Sequence[CodedRecord], hypothesis_order: Sequence[str] = ()
) -> list[VerdictDisagreement]:
    """Hypotheses on which the coders who gave a verdict gave different ones."""
    if not records:
        return []
    given = [verdicts_of(record) for record in records]
    keys = _ordered_union([list(hypothesis_order), *[list(verdicts) for verdicts in given]])
    found = []
    for key in keys:
        verdicts = tuple((record.coder, mine.get(key)) for record, mine in zip(records, given, strict=True))
        if len({verdict.verdict for _, verdict in verdicts if verdict is not None}) > 1:
            found.append(VerdictDisagreement(records[0].transcript.id, records[0].case, key, verdicts))
    return found
