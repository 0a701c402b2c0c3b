"""The inter-coder agreement report: reliability per code, research question, attribute and hypothesis.

Records in (found by `jimcode.agreement.pairs.HeaderCollector`, read again one transcript at a
time, so that only counts and the disagreements are held), a report object out;
the renderers in `jimcode.render.agreement_view` turn it into tables.

Units (one value per coder per unit, `None` where the coder gave none):
- a code: every segment of every double-coded transcript; 1 if the coder applied
  the code, 0 if the coder coded the segment without it or marked it not relevant,
  missing while the segment is still open in that coder's record;
- a research question: segment x code for the question's codes (pooled); overall:
  segment x code for every code;
- segment relevance: coded / not relevant per segment;
- hypothesis evidence: per segment and hypothesis the stance, or `none`;
- a case attribute: one unit per transcript (multi-choice: transcript x option,
  chosen or not), nominal for categories, booleans and options, interval for numbers;
  free-text attributes are not compared;
- a hypothesis verdict: one unit per transcript.
Percent agreement and Krippendorff's alpha use every coder; Cohen's kappa is given
only when exactly two coders took part (it is defined for one fixed pair of coders).
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath
from types import MappingProxyType
from typing import Any, Literal

from jimcode.agreement.contract import (
    AgreementCodebook,
    AgreementResult,
    AttributeDispute,
    Disagreements,
    SegmentDispute,
    StatisticRow,
    TranscriptEntry,
    VerdictDispute,
)
from jimcode.agreement.disagreements import (
    AttributeDisagreement,
    SegmentDisagreement,
    VerdictDisagreement,
    attribute_disagreements,
    segment_disagreements,
    stances_of,
    verdict_disagreements,
)
from jimcode.agreement.pairs import RecordHeader, RecordSet, TranscriptGroup, read_group
from jimcode.agreement.stats import Level, UnitTally
from jimcode.codebook.labels import Labels
from jimcode.codebook.model import POLES, CategoryAttribute, IntegerAttribute, MultiChoiceAttribute, NumberAttribute
from jimcode.corpus import LineageReader, find_codebook
from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError
from jimcode.i18n import DEFAULT_LANGUAGE, choose_language, requested_language, words
from jimcode.records.model import HypothesisVerdict, SegmentDecision
from jimcode.records.stream import RecordStruct

DEFAULT_THRESHOLD = 0.667
GOOD_ALPHA = 0.8
THRESHOLD_SOURCE = (
    "Krippendorff (2004, Content Analysis, 2nd ed., p. 241): rely on variables with alpha >= 0.800; "
    "alpha >= 0.667 is the lowest limit for tentative conclusions"
)

NO_PAIRS = "no unit coded by two coders"
NEVER_APPLIED = "never applied"
NO_VARIATION = "no variation"
NOT_IN_CODEBOOK = "not in the codebook"

Section = Literal["code", "question", "overall", "relevance", "evidence", "attribute", "verdict"]
SECTIONS: tuple[Section, ...] = ("overall", "question", "code", "relevance", "evidence", "attribute", "verdict")
ALL = "*"


@dataclass(frozen=True)
class AgreementRow:
    """One line of the report: what was compared, on how many units, and how well coders agreed."""

    section: Section
    key: str
    label: str
    level: Level
    units: int
    percent: float
    cohen: float
    alpha: float
    group: str = ""
    uses: tuple[tuple[str, int], ...] = ()
    note: str = ""
    """Why a statistic is missing: English notes (NO_PAIRS, ...; the JSON carries them), joined by "; "."""
    each_option: bool = False
    """A multi-choice attribute compared option by option (the label says so)."""

    def below(self, threshold: float) -> bool:
        """Alpha computed and under the threshold (nan never counts as below)."""
        return not math.isnan(self.alpha) and self.alpha < threshold


@dataclass
class AgreementReport:
    record_set: RecordSet
    labels: Labels
    coders: list[str]
    threshold: float
    rows: list[AgreementRow] = field(default_factory=list)
    attribute_disagreements: list[AttributeDisagreement] = field(default_factory=list)
    verdict_disagreements: list[VerdictDisagreement] = field(default_factory=list)
    not_compared: list[str] = field(default_factory=list)
    not_compared_labels: list[str] = field(default_factory=list)
    """The free-text attributes' labels, for the renderers to say "(free text)" in the report's language."""
    warnings: list[str] = field(default_factory=list)
    language: str = DEFAULT_LANGUAGE
    """The language of the words around the figures (the warnings are written in it)."""
    lineage: LineageReader | None = None
    """Reads records of an earlier codebook version as the current one (`disputed_segments` reads again)."""
    disputed_count: int | None = None
    """How many segments `disputed_segments` will give: counted with the figures (None: not listed, as in
    the statistics CSV)."""

    @property
    def groups(self) -> list[TranscriptGroup]:
        return self.record_set.groups

    @property
    def double_coded(self) -> list[TranscriptGroup]:
        return self.record_set.double_coded

    def section(self, name: Section) -> list[AgreementRow]:
        return [row for row in self.rows if row.section == name]

    def flagged_codes(self) -> list[AgreementRow]:
        return [row for row in self.section("code") if row.below(self.threshold)]

    def failing(self, min_alpha: float) -> list[AgreementRow]:
        """Codes whose alpha is below `min_alpha` (the `--min-alpha` gate)."""
        return [row for row in self.section("code") if row.below(min_alpha)]

    def disputed_segments(self) -> Iterator[SegmentDisagreement]:
        """The segments on which the coders who decided them differ, transcript by transcript.

        Read again from the records, one transcript at a time, when asked (the figures were counted
        in the first reading): what grows with the corpus is written as it comes, never held."""
        for group in self.double_coded:
            yield from self.disputed_segments_of(group)

    def disputed_segments_of(self, group: TranscriptGroup) -> Iterator[SegmentDisagreement]:
        """The disputed segments of one double-coded transcript, its records read again: only those of a
        transcript with a segment in dispute, and only the segments noted while counting."""
        if group.disputed is not None and not group.disputed:
            return iter(())
        return segment_disagreements(_read(group, self.lineage), group.disputed)

    def result(self, *, streamed: bool = False) -> AgreementResult:
        """The report as its published JSON contract (`jimcode agreement --format json`).

        `streamed`: without the lists that grow with the corpus (`transcripts` and the three lists of
        `disagreements` empty), for a writer that adds their items as they come (`transcript_data`,
        `segment_dispute_data`, `attribute_dispute_data`, `verdict_dispute_data`)."""

        def rows(section: Section) -> list[StatisticRow]:
            return [_statistic(row, self.threshold) for row in self.section(section)]

        overall = rows("overall")
        relevance = rows("relevance")
        codebook = self.labels.codebook
        return AgreementResult(
            coders=self.coders,
            codebook=AgreementCodebook(id=codebook.id, version=codebook.version) if codebook else None,
            threshold=self.threshold,
            good=GOOD_ALPHA,
            threshold_source=THRESHOLD_SOURCE,
            transcripts=[] if streamed else [transcript_entry(group) for group in self.groups],
            overall=overall[0] if overall else None,
            questions=rows("question"),
            codes=rows("code"),
            flagged_codes=[row.key for row in self.flagged_codes()],
            relevance=relevance[0] if relevance else None,
            evidence=rows("evidence"),
            attributes=rows("attribute"),
            verdicts=rows("verdict"),
            not_compared=self.not_compared,
            disagreements=_disagreements(self, streamed),
            warnings=self.warnings,
        )


def _defined(value: float) -> float | None:
    """A statistic as JSON carries it: null where it is not defined (nan)."""
    return None if math.isnan(value) else value


def _statistic(row: AgreementRow, threshold: float) -> StatisticRow:
    return StatisticRow(
        key=row.key,
        label=row.label,
        group=row.group or None,
        level=row.level,
        units=row.units,
        percent_agreement=_defined(row.percent),
        cohen_kappa=_defined(row.cohen),
        krippendorff_alpha=_defined(row.alpha),
        below_threshold=row.below(threshold),
        uses=dict(row.uses),
        note=row.note or None,
    )


def transcript_entry(group: TranscriptGroup) -> TranscriptEntry:
    """A transcript found, as the JSON contract has it."""
    return TranscriptEntry.model_validate(transcript_data(group))


def transcript_data(group: TranscriptGroup) -> dict[str, object]:
    """A transcript found as plain data: the fields of `TranscriptEntry`, in its order (what a writer
    that makes no model per item dumps; `transcript_entry` is its model)."""
    return {
        "id": group.transcript_id,
        "case": group.case,
        "coders": group.coders,
        "status": group.status,
        "problem": group.problem,
        "consensus": group.consensus.file if group.consensus else None,
        "records": [entry.file for entry in group.records],
    }


def segment_dispute(item: SegmentDisagreement) -> SegmentDispute:
    """A disputed segment as the JSON contract has it."""
    return SegmentDispute.model_validate(segment_dispute_data(item))


def segment_dispute_data(item: SegmentDisagreement) -> dict[str, object]:
    """A disputed segment as plain data: the fields of `SegmentDispute` (and `CoderDecision`,
    `EvidenceGiven`), in their order. The decisions are read through their fields only."""
    return {
        "transcript": item.transcript_id,
        "case": item.case,
        "segment": item.number,
        "segment_id": item.segment_id,
        "speaker": item.speaker,
        "text": item.text,
        "disputed_codes": list(item.disputed_codes),
        "agreed_codes": list(item.agreed_codes),
        "disputed_hypotheses": list(item.disputed_hypotheses),
        "relevance_differs": item.relevance_differs,
        "coders": {
            choice.coder: {
                "status": choice.decision.status,
                "codes": list(choice.decision.codes),
                "polarity": dict(choice.decision.polarity),
                "evidence": [
                    {"hypothesis": e.hypothesis, "stance": e.stance, "note": e.note} for e in choice.decision.evidence
                ],
                "memo": choice.decision.memo,
            }
            for choice in item.choices
        },
    }


def attribute_dispute_data(item: AttributeDisagreement) -> dict[str, object]:
    """A case attribute answered differently as plain data: the fields of `AttributeDispute`, in its order."""
    return {
        "transcript": item.transcript_id,
        "case": item.case,
        "attribute": item.attribute,
        "values": dict(item.values),
    }


def verdict_dispute_data(item: VerdictDisagreement) -> dict[str, object]:
    """Different verdicts on a hypothesis as plain data: the fields of `VerdictDispute` (and `VerdictGiven`)."""
    return {
        "transcript": item.transcript_id,
        "case": item.case,
        "hypothesis": item.hypothesis,
        "verdicts": {
            coder: {"hypothesis": v.hypothesis, "verdict": v.verdict, "note": v.note} if v else None
            for coder, v in item.verdicts
        },
    }


def _disagreements(report: AgreementReport, streamed: bool) -> Disagreements:
    if streamed:
        return Disagreements(segments=[], attributes=[], verdicts=[])
    return Disagreements(
        segments=[segment_dispute(item) for item in report.disputed_segments()],
        attributes=[AttributeDispute.model_validate(attribute_dispute_data(d)) for d in report.attribute_disagreements],
        verdicts=[VerdictDispute.model_validate(verdict_dispute_data(d)) for d in report.verdict_disagreements],
    )


def _applied(value: object) -> bool:
    """A code's value on a segment counts as a use: 1, or the pole of a code with polarity."""
    return (value == 1 and not isinstance(value, bool)) or value in POLES


def _code_values(decision: SegmentDecision) -> Mapping[str, object]:
    """A coder's value per code on a coded segment: 1 for applied, or for a code with polarity its pole, so
    that such a code is one variable with three values (not applied 0, present, absent)."""
    polarity = decision.polarity
    if not polarity:
        return dict.fromkeys(decision.codes, 1)
    return {code: polarity.get(code, 1) for code in decision.codes}


_NOTHING: Mapping[str, object] = MappingProxyType({})
"""No value for any key (a segment marked not relevant, or coded without evidence): shared, read-only."""


def _given(value: object) -> bool:
    return True


class _Units:
    """Reliability data being collected, counted (`UnitTally`): one value per coder per unit.

    `counts` says which values count as a use (a code applied, an attribute answered)
    for the per-coder tally shown next to the figures.
    """

    def __init__(self, coders: Sequence[str], counts: Callable[[object], bool] = _applied) -> None:
        self.coders = list(coders)
        self.tally = UnitTally()
        self.counts = counts

    def add(self, values: Mapping[str, object]) -> None:
        self.tally.add(values)

    def row(self, section: Section, key: str, label: str, level: Level = "nominal", group: str = "") -> AgreementRow:
        tally = self.tally
        units = tally.pairable()
        percent = tally.percent_agreement()
        alpha = tally.krippendorff_alpha(level)
        cohen = tally.cohen_kappa(*self.coders) if len(self.coders) == 2 and level == "nominal" else math.nan
        return AgreementRow(
            section,
            key,
            label,
            level,
            units,
            percent,
            cohen,
            alpha,
            group=group,
            uses=tuple((coder, tally.uses(coder, self.counts)) for coder in self.coders),
            note=_why_nan(units, alpha, tally.values(), presence=self.counts is _applied),
        )


def _why_nan(units: int, alpha: float, values: set[object], presence: bool) -> str:
    if units == 0:
        return NO_PAIRS
    if not math.isnan(alpha):
        return ""
    if presence and values == {0}:
        return NEVER_APPLIED
    return NO_VARIATION


class _SparseUnits:
    """One unit per segment and key (code or hypothesis) for every key at once, in work linear in
    the keys a coder actually gave.

    A key no coder gave on a segment gets the segment's baseline unit (`absent` from each coder who
    decided the segment, missing from the others). What is counted per segment is the set of coders
    who decided it (`segments`) and, per key some of them gave, the values they gave (`given`); a
    key's tally is, per set of coders, the baseline for the segments where nobody gave the key and
    the values given on the others (`units`). Integer counts: the order of additions does not matter.
    """

    def __init__(self, absent: object) -> None:
        self.absent = absent
        self.segments: dict[tuple[str, ...], int] = {}
        self.given: dict[tuple[str, ...], dict[str, dict[tuple[object, ...], int]]] = {}

    def add_segment(self, names: tuple[str, ...], values: Sequence[Mapping[str, object]]) -> None:
        """`names`: the coders who decided the segment, in name order; `values`: for each, the value of
        every key they gave (the hot loop of the report)."""
        segments = self.segments
        segments[names] = segments.get(names, 0) + 1
        keys = set().union(*values)
        if not keys:
            return
        by_key = self.given.get(names)
        if by_key is None:
            by_key = self.given[names] = {}
        absent = self.absent
        for key in keys:
            unit = tuple([given.get(key, absent) for given in values])
            counts = by_key.get(key)
            if counts is None:
                counts = by_key[key] = {}
            counts[unit] = counts.get(unit, 0) + 1

    def units(self, key: str, coders: Sequence[str], counts: Callable[[object], bool] = _applied) -> _Units:
        units = _Units(coders, counts)
        tally = units.tally
        for names, segments in self.segments.items():
            given = self.given.get(names, {}).get(key, {})
            tally.add_key(tuple((name, self.absent) for name in names), segments - sum(given.values()))
            for values, times in given.items():
                tally.add_key(tuple(zip(names, values, strict=True)), times)
        return units


def _stance_given(value: object) -> bool:
    return value != "none"


def _with_note(row: AgreementRow, note: str) -> AgreementRow:
    return replace(row, note="; ".join(part for part in (note, row.note) if part))


@dataclass(frozen=True, slots=True)
class _GroupAnswers:
    """What the attribute and verdict rows need of a double-coded transcript, kept after its records go:
    per coder the keys (one tuple shared by the records answering the same) and the values, as dicts
    when asked. Free-text answers are dropped."""

    given_attributes: tuple[tuple[str, tuple[str, ...], tuple[object, ...]], ...]
    given_verdicts: tuple[tuple[str, tuple[str, ...], tuple[object, ...]], ...]

    @property
    def attributes(self) -> list[tuple[str, dict[str, object]]]:
        """Per coder, the answer per attribute."""
        return [(coder, dict(zip(keys, values, strict=True))) for coder, keys, values in self.given_attributes]

    @property
    def verdicts(self) -> list[tuple[str, dict[str, object]]]:
        """Per coder, the verdict per hypothesis."""
        return [(coder, dict(zip(keys, values, strict=True))) for coder, keys, values in self.given_verdicts]


class _Shared:
    """One object for equal strings and equal tuples of keys, so that what the report keeps per transcript
    (answers, disagreements) does not hold a copy of the same words per record."""

    def __init__(self) -> None:
        self._strings: dict[str, str] = {}
        self._keys: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._lists: dict[tuple[object, ...], list[object]] = {}
        self._verdicts: dict[tuple[str, str, str | None], HypothesisVerdict] = {}

    def value(self, value: Any) -> Any:
        """A string, or a list of options (never changed here), as the first equal one seen."""
        if type(value) is str:
            return self._strings.setdefault(value, value)
        if type(value) is list:
            return self._lists.setdefault(tuple(value), value)
        return value

    def verdict(self, given: HypothesisVerdict | None) -> HypothesisVerdict | None:
        if given is None:
            return None
        # its three fields (`HypothesisVerdict`): equal verdicts are one object
        return self._verdicts.setdefault((given.hypothesis, given.verdict, given.note), given)

    def answers(self, coder: str, given: Mapping[str, object]) -> tuple[str, tuple[str, ...], tuple[object, ...]]:
        keys = tuple(given)
        return self.value(coder), self._keys.setdefault(keys, keys), tuple(map(self.value, given.values()))


class _Collector:
    """Everything the report counts, filled one double-coded transcript at a time (`add`)."""

    def __init__(self, report: AgreementReport, list_disagreements: bool = True) -> None:
        self.report = report
        self.list_disagreements = list_disagreements
        self.disputed = 0 if list_disagreements else None
        self.codes = _SparseUnits(0)
        self.stances = _SparseUnits("none")
        self.relevance = _Units(report.coders, counts=lambda value: value == "coded")
        self.seen_codes: dict[str, None] = {}
        self.seen_hypotheses: set[str] = set()
        self.answers: list[_GroupAnswers] = []
        self._text_attributes = {a.id for a in report.labels.attributes() if _attribute_kind_declared(a) == "text"}
        self._shared = _Shared()

    def add(self, group: TranscriptGroup, records: Sequence[RecordStruct]) -> None:
        """Count one double-coded transcript (`records` in the group's order); note its disputed segments
        on the group when the disagreements are listed, so that they alone are read again."""
        report = self.report
        # the coders in name order: the order of a unit's key (`UnitTally.key`)
        ordered = sorted(records, key=lambda record: record.coder)
        names = [record.coder for record in ordered]
        seen_by: dict[str, dict[str, object]] = {name: {} for name in names}  # codes in the order given
        seen_hypotheses = self.seen_hypotheses
        relevance = self.relevance.tally.units
        add_codes, add_stances = self.codes.add_segment, self.stances.add_segment
        no_stances = self.stances.segments
        disputed_at = array("I") if self.disputed is not None else None
        for position, decisions in enumerate(zip(*(record.segments for record in ordered), strict=True)):
            status = []
            deciding = []
            codes: list[Mapping[str, object]] = []
            stances: list[Mapping[str, object]] = []
            # `disagreements.disputed` on what is built here anyway: the deciding coders differ in
            # relevance, codes, poles or stances (dicts compare as the sets `decision_key` makes)
            first: tuple[object, ...] | None = None
            differs = any_stance = False
            for name, decision in zip(names, decisions, strict=True):
                given = decision.status
                stance: Mapping[str, object]
                if given != "coded":  # codes or evidence left on a segment not coded count as seen, as ever
                    if decision.codes:
                        seen_by[name].update(dict.fromkeys(decision.codes))
                    if decision.evidence:
                        seen_hypotheses.update([evidence.hypothesis for evidence in decision.evidence])
                    if given == "open":
                        continue
                status.append((name, given))
                deciding.append(name)
                if given == "coded":
                    values = _code_values(decision)
                    seen_by[name].update(values)
                    if decision.evidence:
                        stance = stances_of(decision)
                        seen_hypotheses.update(stance)
                        any_stance = True
                    else:
                        stance = _NOTHING
                    compared: tuple[object, ...] = (given, values, decision.polarity, stance)
                else:
                    values = stance = _NOTHING
                    compared = (given,)
                codes.append(values)
                stances.append(stance)
                if first is None:
                    first = compared
                elif compared != first:
                    differs = True
            unit = tuple(status)
            relevance[unit] = relevance.get(unit, 0) + 1
            who = tuple(deciding)
            add_codes(who, codes)
            if any_stance:
                add_stances(who, stances)
            else:  # the usual segment: no stance given, the baseline unit for every hypothesis
                no_stances[who] = no_stances.get(who, 0) + 1
            if differs and disputed_at is not None:
                disputed_at.append(position)
        for record in records:  # codes outside the codebook are listed in the order first seen
            self.seen_codes.update(dict.fromkeys(seen_by[record.coder]))
        if disputed_at is not None and self.disputed is not None:
            group.disputed = disputed_at
            self.disputed += len(disputed_at)
        shared, text = self._shared, self._text_attributes
        self.answers.append(
            _GroupAnswers(
                tuple(
                    shared.answers(r.coder, {k: v for k, v in r.attributes.items() if k not in text}) for r in records
                ),
                tuple(shared.answers(r.coder, {v.hypothesis: v.verdict for v in r.verdicts}) for r in records),
            )
        )
        if self.list_disagreements:
            # kept to the end of the report: with the group's strings and the shared ones
            tid, case = group.transcript_id, group.case
            report.attribute_disagreements.extend(
                replace(
                    found,
                    transcript_id=tid,
                    case=case,
                    attribute=shared.value(found.attribute),
                    values=tuple((shared.value(coder), shared.value(value)) for coder, value in found.values),
                )
                for found in attribute_disagreements(records, [a.id for a in report.labels.attributes()])
            )
            report.verdict_disagreements.extend(
                replace(
                    found,
                    transcript_id=tid,
                    case=case,
                    hypothesis=shared.value(found.hypothesis),
                    verdicts=tuple((shared.value(coder), shared.verdict(given)) for coder, given in found.verdicts),
                )
                for found in verdict_disagreements(records, report.labels.hypothesis_ids())
            )

    def finish(self) -> None:
        self.report.disputed_count = self.disputed
        self._code_rows()
        kinds = _attribute_kinds(self.report, self.answers)
        _attribute_rows(self.report, self.answers, kinds)
        _verdict_rows(self.report, self.answers)
        self.report.attribute_disagreements[:] = [
            d for d in self.report.attribute_disagreements if kinds.get(d.attribute) != "text"
        ]

    def _code_rows(self) -> None:
        report = self.report
        labels, coders = report.labels, report.coders
        codes = labels.code_ids() + [code for code in self.seen_codes if code not in labels.code_ids()]
        per_code = {code: self.codes.units(code, coders) for code in codes}
        questions = {rq: _Units(coders) for rq, _ in labels.questions()}
        overall = _Units(coders)
        for code, units in per_code.items():
            overall.tally.update(units.tally)
            question = labels.code_question(code)
            if question in questions:
                questions[question].tally.update(units.tally)
        report.rows.append(overall.row("overall", ALL, "All codes (segment x code)"))
        for rq, title in labels.questions():
            report.rows.append(questions[rq].row("question", rq, f"{rq} {title}"))
        for code in codes:
            note = "" if code in labels.code_ids() else NOT_IN_CODEBOOK
            row = per_code[code].row("code", code, labels.code_label(code), group=labels.code_question(code) or "")
            report.rows.append(row if not note else _with_note(row, note))
        report.rows.append(self.relevance.row("relevance", "relevance", "Segment relevance (coded / not relevant)"))
        hypotheses = labels.hypothesis_ids() + sorted(self.seen_hypotheses - set(labels.hypothesis_ids()))
        all_evidence = _Units(coders, counts=_stance_given)
        for hypothesis in hypotheses:
            units = self.stances.units(hypothesis, coders, counts=_stance_given)
            all_evidence.tally.update(units.tally)
            report.rows.append(units.row("evidence", hypothesis, labels.hypothesis_label(hypothesis)))
        if hypotheses:
            report.rows.append(all_evidence.row("evidence", ALL, "All hypotheses (segment x hypothesis)"))


def _attribute_kind_declared(attribute: object) -> str | None:
    """'nominal', 'interval', 'options' (multi-choice) or 'text' (not compared) of a declared attribute."""
    if isinstance(attribute, IntegerAttribute | NumberAttribute):
        return "interval"
    if isinstance(attribute, MultiChoiceAttribute):
        return "options"
    if isinstance(attribute, CategoryAttribute) or getattr(attribute, "type", "") == "boolean":
        return "nominal"
    if attribute is not None:
        return "text"
    return None


def _attribute_kinds(report: AgreementReport, answers: Sequence[_GroupAnswers]) -> dict[str, str]:
    """Each attribute's kind: declared, or (not in the codebook) from the answers given."""
    kinds: dict[str, str] = {}
    given: dict[str, list[object]] = {}
    for group in answers:
        for _, attributes in group.attributes:
            for key, value in attributes.items():
                if value is not None:
                    given.setdefault(key, []).append(value)
                else:
                    given.setdefault(key, [])
    for attribute in report.labels.attributes():
        kinds[attribute.id] = _attribute_kind_declared(attribute) or "nominal"
    for key, values in given.items():
        if key in kinds:
            continue
        declared = _attribute_kind_declared(report.labels.attribute(key))
        if declared:
            kinds[key] = declared
        elif values and all(isinstance(v, list) for v in values):
            kinds[key] = "options"
        elif values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            kinds[key] = "interval"
        else:
            kinds[key] = "nominal"
    return kinds


def _nominal(value: object) -> object:
    if value is None or isinstance(value, list):
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value.strip() if isinstance(value, str) else value


def _options(value: object) -> list[str]:
    return [str(option) for option in value] if isinstance(value, list) else []


def _number(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return value
    return None


def _attribute_rows(report: AgreementReport, answers: Sequence[_GroupAnswers], kinds: Mapping[str, str]) -> None:
    labels, coders = report.labels, report.coders
    declared_ids = [a.id for a in labels.attributes()]
    keys = declared_ids + sorted(set(kinds) - set(declared_ids))
    for key in keys:
        kind = kinds[key]
        label = labels.attribute_label(key)
        if kind == "text":
            report.not_compared.append(f"{label} (free text)")
            report.not_compared_labels.append(label)
            continue
        if kind == "options":
            units = _Units(coders)
            declared = [option.id for option in getattr(labels.attribute(key), "options", [])]
            chosen = {o for group in answers for _, given in group.attributes for o in _options(given.get(key))}
            options = declared + sorted(chosen - set(declared))
            for group in answers:
                by_coder = {coder: given.get(key) for coder, given in group.attributes}
                for option in options:
                    units.add({c: (int(option in a) if isinstance(a, list) else None) for c, a in by_coder.items()})
            row = units.row("attribute", key, f"{label} (each option)")
            report.rows.append(replace(row, each_option=True))
            continue
        convert = _number if kind == "interval" else _nominal
        units = _Units(coders, counts=_given)
        for group in answers:
            units.add({coder: convert(given.get(key)) for coder, given in group.attributes})
        level: Level = "interval" if kind == "interval" else "nominal"
        report.rows.append(units.row("attribute", key, label, level))


def _verdict_rows(report: AgreementReport, answers: Sequence[_GroupAnswers]) -> None:
    labels, coders = report.labels, report.coders
    seen = {hypothesis for group in answers for _, given in group.verdicts for hypothesis in given}
    hypotheses = labels.hypothesis_ids() + sorted(seen - set(labels.hypothesis_ids()))
    pooled = _Units(coders, counts=_given)
    for hypothesis in hypotheses:
        units = _Units(coders, counts=_given)
        for group in answers:
            values = {coder: given.get(hypothesis) for coder, given in group.verdicts}
            units.add(values)
            pooled.add(values)
        report.rows.append(units.row("verdict", hypothesis, labels.hypothesis_label(hypothesis)))
    if hypotheses:
        report.rows.append(pooled.row("verdict", ALL, "All hypotheses (transcript x hypothesis)"))


def _codebook_files_warning(transcript_id: str, entries: Sequence[RecordHeader], language: str) -> str | None:
    """When the coders of a transcript did not code against the same codebook file, what differs.

    The id is the same (the corpus refuses others). Another version is another codebook; the same
    version in another file (another sha256) is usually its translation, whose codes have the same ids.
    """
    if len({entry.codebook.sha256 for entry in entries}) < 2:
        return None
    books = [entry.codebook for entry in entries]
    if len({book.version for book in books}) > 1:
        used = ", ".join(f"{entry.coder}: {entry.codebook.version}" for entry in entries)
        return words(language)("agreement.warning.versions", transcript=transcript_id, used=used)
    used = ", ".join(
        f"{entry.coder}: {PurePath(entry.codebook.path).name}" if entry.codebook.path else entry.coder
        for entry in entries
    )
    return words(language)(
        "agreement.warning.files", transcript=transcript_id, id=books[0].id, version=books[0].version, used=used
    )


def _record_warnings(record_set: RecordSet, language: str) -> list[str]:
    say = words(language)
    warnings = []
    for group in record_set.groups:
        if group.usable:
            codebook_warning = _codebook_files_warning(group.transcript_id, group.records, language)
            if codebook_warning:
                warnings.append(codebook_warning)
            open_ones = [e.coder for e in group.records if not e.is_complete]
            if open_ones:
                warnings.append(
                    say("agreement.warning.in_progress", transcript=group.transcript_id, coders=", ".join(open_ones))
                )
    warnings.extend(say("agreement.warning.skipped", file=d.file, message=d.message) for d in record_set.skipped)
    return warnings


def _read(group: TranscriptGroup, lineage: LineageReader | None) -> list[RecordStruct]:
    """The coders' records of a double-coded transcript, through the codebook's lineage when there is one,
    checked to be the records whose headers were taken (a file may change between two readings)."""
    records = read_group(group, lineage)
    for header, record in zip(group.records, records, strict=True):
        if (record.coder, record.transcript.id, len(record.segments)) != (
            header.coder,
            header.transcript_id,
            header.segments,
        ):
            raise InvalidFileError(
                [Diagnostic(header.file, 0, 0, "changed", "the record changed while it was read; run again")]
            )
    return records


def build_report(
    record_set: RecordSet,
    labels: Labels,
    threshold: float = DEFAULT_THRESHOLD,
    *,
    list_disagreements: bool = True,
    lineage: LineageReader | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> AgreementReport:
    """Compare the double-coded transcripts, reading the records of one transcript at a time.

    `list_disagreements=False`: the figures only (what the statistics CSV shows); the disagreements,
    the one part of the report that grows with the records, are not collected. `lineage`: records of
    an earlier codebook version are read through it. `language`: of the words around the figures.
    The disputed segments are counted (`disputed_count`) and noted on their groups with the figures
    when the disagreements are listed, and read again as they are written (`disputed_segments`)."""
    report = AgreementReport(record_set, labels, record_set.coders, threshold, language=language, lineage=lineage)
    report.warnings.extend(_record_warnings(record_set, language))
    if len(report.coders) < 2:
        return report
    collector = _Collector(report, list_disagreements)
    for group in report.double_coded:
        collector.add(group, _read(group, lineage))
    collector.finish()
    return report


def agreement_report(
    record_set: RecordSet,
    codebook_file: Path | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    *,
    list_disagreements: bool = True,
) -> AgreementReport:
    """Compute the whole report on the records `jimcode.agreement.pairs.HeaderCollector` found."""
    found = find_codebook(record_set.named_codebooks(), codebook_file)
    warnings = list(found.warnings)
    language = choose_language(requested_language(), found.codebook.language if found.codebook else None)
    if found.codebook is None:
        warnings.append(words(language)("agreement.warning.no_codebook", wanted=found.wanted))
    lineage = LineageReader(found.codebook)
    report = build_report(
        record_set,
        Labels(found.codebook),
        threshold,
        list_disagreements=list_disagreements,
        lineage=lineage,
        language=language,
    )
    report.warnings[:0] = [*warnings, *lineage.warnings()]
    return report
