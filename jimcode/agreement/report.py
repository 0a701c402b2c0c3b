"""The inter-coder agreement report: reliability per code, research question, attribute and hypothesis.

Pure: records in (read with `jimcode.records.model.load_record`), a report object out;
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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Literal

from jimcode.agreement.contract import (
    AgreementCodebook,
    AgreementResult,
    AttributeDispute,
    CoderDecision,
    Disagreements,
    EvidenceGiven,
    SegmentDispute,
    StatisticRow,
    TranscriptEntry,
    VerdictDispute,
    VerdictGiven,
)
from jimcode.agreement.disagreements import (
    AttributeDisagreement,
    SegmentChoice,
    SegmentDisagreement,
    VerdictDisagreement,
    attribute_disagreements,
    segment_disagreement,
    verdict_disagreements,
    verdicts_of,
)
from jimcode.agreement.pairs import RecordSet, TranscriptGroup, pair_records
from jimcode.agreement.stats import Level, cohen_kappa, krippendorff_alpha, percent_agreement
from jimcode.codebook.labels import Labels
from jimcode.codebook.model import CategoryAttribute, IntegerAttribute, MultiChoiceAttribute, NumberAttribute
from jimcode.corpus import LoadedRecord, LoadedRecords

DEFAULT_THRESHOLD = 0.667
GOOD_ALPHA = 0.8
THRESHOLD_SOURCE = (
    "Krippendorff (2004, Content Analysis, 2nd ed., p. 241): rely on variables with alpha >= 0.800; "
    "alpha >= 0.667 is the lowest limit for tentative conclusions"
)

NO_PAIRS = "no unit coded by two coders"
NEVER_APPLIED = "never applied"
NO_VARIATION = "no variation"

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
    segment_disagreements: list[SegmentDisagreement] = field(default_factory=list)
    attribute_disagreements: list[AttributeDisagreement] = field(default_factory=list)
    verdict_disagreements: list[VerdictDisagreement] = field(default_factory=list)
    not_compared: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

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

    def result(self) -> AgreementResult:
        """The report as its published JSON contract (`jimcode agreement --format json`)."""

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
            transcripts=[
                TranscriptEntry(
                    id=group.transcript_id,
                    case=group.case,
                    coders=group.coders,
                    status=group.status,
                    problem=group.problem,
                    consensus=str(group.consensus.path) if group.consensus else None,
                    records=[str(entry.path) for entry in group.records],
                )
                for group in self.groups
            ],
            overall=overall[0] if overall else None,
            questions=rows("question"),
            codes=rows("code"),
            flagged_codes=[row.key for row in self.flagged_codes()],
            relevance=relevance[0] if relevance else None,
            evidence=rows("evidence"),
            attributes=rows("attribute"),
            verdicts=rows("verdict"),
            not_compared=self.not_compared,
            disagreements=_disagreements(self),
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


def _disagreements(report: AgreementReport) -> Disagreements:
    segments = [
        SegmentDispute(
            transcript=item.transcript_id,
            case=item.case,
            segment=item.number,
            segment_id=item.segment_id,
            speaker=item.speaker,
            text=item.text,
            disputed_codes=list(item.disputed_codes),
            agreed_codes=list(item.agreed_codes),
            disputed_hypotheses=list(item.disputed_hypotheses),
            relevance_differs=item.relevance_differs,
            coders={
                choice.coder: CoderDecision(
                    status=choice.status,
                    codes=list(choice.decision.codes),
                    evidence=[
                        EvidenceGiven(hypothesis=e.hypothesis, stance=e.stance, note=e.note)
                        for e in choice.decision.evidence
                    ],
                    memo=choice.decision.memo,
                )
                for choice in item.choices
            },
        )
        for item in report.segment_disagreements
    ]
    attributes = [
        AttributeDispute(
            transcript=item.transcript_id, case=item.case, attribute=item.attribute, values=dict(item.values)
        )
        for item in report.attribute_disagreements
    ]
    verdicts = [
        VerdictDispute(
            transcript=item.transcript_id,
            case=item.case,
            hypothesis=item.hypothesis,
            verdicts={
                coder: VerdictGiven(hypothesis=v.hypothesis, verdict=v.verdict, note=v.note) if v else None
                for coder, v in item.verdicts
            },
        )
        for item in report.verdict_disagreements
    ]
    return Disagreements(segments=segments, attributes=attributes, verdicts=verdicts)


def _applied(value: object) -> bool:
    return value == 1 and not isinstance(value, bool)


def _given(value: object) -> bool:
    return True


class _Units:
    """Reliability data being collected: one column per coder, one entry per unit.

    `counts` says which values count as a use (a code applied, an attribute answered)
    for the per-coder tally shown next to the figures.
    """

    def __init__(self, coders: Sequence[str], counts: Callable[[object], bool] = _applied) -> None:
        self.coders = list(coders)
        self.columns: dict[str, list[object]] = {coder: [] for coder in coders}
        self.uses: dict[str, int] = dict.fromkeys(coders, 0)
        self.counts = counts

    def add(self, values: Mapping[str, object]) -> None:
        for coder, column in self.columns.items():
            value = values.get(coder)
            column.append(value)
            if value is not None and self.counts(value):
                self.uses[coder] += 1

    def row(self, section: Section, key: str, label: str, level: Level = "nominal", group: str = "") -> AgreementRow:
        data = [self.columns[coder] for coder in self.coders]
        units = sum(1 for unit in zip(*data, strict=True) if sum(value is not None for value in unit) >= 2)
        percent = percent_agreement(data)
        alpha = krippendorff_alpha(data, level)
        cohen = cohen_kappa(*data) if len(data) == 2 and level == "nominal" else math.nan
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
            uses=tuple(self.uses.items()),
            note=_why_nan(units, alpha, data, presence=self.counts is _applied),
        )


def _why_nan(units: int, alpha: float, data: list[list[object]], presence: bool) -> str:
    if units == 0:
        return NO_PAIRS
    if not math.isnan(alpha):
        return ""
    values = {value for column in data for value in column if value is not None}
    if presence and values == {0}:
        return NEVER_APPLIED
    return NO_VARIATION


def _segment_values(group: TranscriptGroup, index: int) -> dict[str, SegmentChoice | None]:
    choices = {}
    for entry in group.records:
        choice = SegmentChoice(entry.coder, entry.record.segments[index])
        choices[entry.coder] = choice if choice.decided else None
    return choices


def _code_rows(report: AgreementReport, seen_codes: list[str]) -> None:
    labels, coders = report.labels, report.coders
    codes = labels.code_ids() + [code for code in seen_codes if code not in labels.code_ids()]
    per_code = {code: _Units(coders) for code in codes}
    questions = {rq: _Units(coders) for rq, _ in labels.questions()}
    overall = _Units(coders)
    relevance = _Units(coders, counts=lambda value: value == "coded")
    hypotheses = labels.hypothesis_ids() + sorted(
        {e.hypothesis for g in report.double_coded for r in g.records for s in r.record.segments for e in s.evidence}
        - set(labels.hypothesis_ids())
    )
    evidence = {h: _Units(coders, counts=_stance_given) for h in hypotheses}
    all_evidence = _Units(coders, counts=_stance_given)
    for group in report.double_coded:
        for index in range(len(group.records[0].record.segments)):
            choices = _segment_values(group, index)
            relevance.add({c: ch.status if ch else None for c, ch in choices.items()})
            for code in codes:
                values = {c: (int(code in ch.codes) if ch else None) for c, ch in choices.items()}
                per_code[code].add(values)
                overall.add(values)
                question = labels.code_question(code)
                if question in questions:
                    questions[question].add(values)
            for hypothesis in hypotheses:
                stances = {c: (ch.stances.get(hypothesis, "none") if ch else None) for c, ch in choices.items()}
                evidence[hypothesis].add(stances)
                all_evidence.add(stances)
            disagreement = segment_disagreement(group.transcript_id, group.case, tuple(_all_choices(group, index)))
            if disagreement:
                report.segment_disagreements.append(disagreement)
    report.rows.append(overall.row("overall", ALL, "All codes (segment x code)"))
    for rq, title in labels.questions():
        report.rows.append(questions[rq].row("question", rq, f"{rq} {title}"))
    for code in codes:
        note = "" if code in labels.code_ids() else "not in the codebook"
        row = per_code[code].row("code", code, labels.code_label(code), group=labels.code_question(code) or "")
        report.rows.append(row if not note else _with_note(row, note))
    report.rows.append(relevance.row("relevance", "relevance", "Segment relevance (coded / not relevant)"))
    for hypothesis in hypotheses:
        report.rows.append(evidence[hypothesis].row("evidence", hypothesis, labels.hypothesis_label(hypothesis)))
    if hypotheses:
        report.rows.append(all_evidence.row("evidence", ALL, "All hypotheses (segment x hypothesis)"))


def _stance_given(value: object) -> bool:
    return value != "none"


def _with_note(row: AgreementRow, note: str) -> AgreementRow:
    from dataclasses import replace

    return replace(row, note="; ".join(part for part in (note, row.note) if part))


def _all_choices(group: TranscriptGroup, index: int) -> list[SegmentChoice]:
    return [SegmentChoice(entry.coder, entry.record.segments[index]) for entry in group.records]


def _attribute_kind(report: AgreementReport, key: str) -> str:
    """'nominal', 'interval', 'options' (multi-choice) or 'text' (not compared)."""
    attribute = report.labels.attribute(key)
    if isinstance(attribute, IntegerAttribute | NumberAttribute):
        return "interval"
    if isinstance(attribute, MultiChoiceAttribute):
        return "options"
    if isinstance(attribute, CategoryAttribute) or getattr(attribute, "type", "") == "boolean":
        return "nominal"
    if attribute is not None:
        return "text"
    values = [v for g in report.double_coded for r in g.records if (v := r.record.attributes.get(key)) is not None]
    if values and all(isinstance(v, list) for v in values):
        return "options"
    if values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "interval"
    return "nominal"


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


def _attribute_rows(report: AgreementReport) -> None:
    labels, coders = report.labels, report.coders
    seen = [key for g in report.double_coded for r in g.records for key in r.record.attributes]
    keys = [a.id for a in labels.attributes()] + sorted(set(seen) - {a.id for a in labels.attributes()})
    for key in keys:
        kind = _attribute_kind(report, key)
        label = labels.attribute_label(key)
        if kind == "text":
            report.not_compared.append(f"{label} (free text)")
            continue
        units = _Units(coders)
        if kind == "options":
            declared = [option.id for option in getattr(labels.attribute(key), "options", [])]
            chosen = {o for g in report.double_coded for r in g.records for o in _options(r.record.attributes.get(key))}
            for group in report.double_coded:
                answers = {e.coder: e.record.attributes.get(key) for e in group.records}
                for option in declared + sorted(chosen - set(declared)):
                    units.add({c: (int(option in a) if isinstance(a, list) else None) for c, a in answers.items()})
            report.rows.append(units.row("attribute", key, f"{label} (each option)"))
            continue
        convert = _number if kind == "interval" else _nominal
        units = _Units(coders, counts=_given)
        for group in report.double_coded:
            units.add({e.coder: convert(e.record.attributes.get(key)) for e in group.records})
        level: Level = "interval" if kind == "interval" else "nominal"
        report.rows.append(units.row("attribute", key, label, level))


def _verdict_rows(report: AgreementReport) -> None:
    labels, coders = report.labels, report.coders
    seen = {v.hypothesis for g in report.double_coded for r in g.records for v in r.record.verdicts}
    hypotheses = labels.hypothesis_ids() + sorted(seen - set(labels.hypothesis_ids()))
    pooled = _Units(coders, counts=_given)
    for hypothesis in hypotheses:
        units = _Units(coders, counts=_given)
        for group in report.double_coded:
            values = {}
            for entry in group.records:
                verdict = verdicts_of(entry.record).get(hypothesis)
                values[entry.coder] = verdict.verdict if verdict else None
            units.add(values)
            pooled.add(values)
        report.rows.append(units.row("verdict", hypothesis, labels.hypothesis_label(hypothesis)))
    if hypotheses:
        report.rows.append(pooled.row("verdict", ALL, "All hypotheses (transcript x hypothesis)"))


def _group_disagreements(report: AgreementReport) -> None:
    attribute_order = [a.id for a in report.labels.attributes()]
    hypothesis_order = report.labels.hypothesis_ids()
    for group in report.double_coded:
        records = [entry.record for entry in group.records]
        found = attribute_disagreements(records, attribute_order)
        report.attribute_disagreements.extend(d for d in found if _attribute_kind(report, d.attribute) != "text")
        report.verdict_disagreements.extend(verdict_disagreements(records, hypothesis_order))


def _codebook_files_warning(transcript_id: str, entries: Sequence[LoadedRecord]) -> str | None:
    """When the coders of a transcript did not code against the same codebook file, what differs.

    The id is the same (the corpus refuses others). Another version is another codebook; the same
    version in another file (another sha256) is usually its translation, whose codes have the same ids.
    """
    if len({entry.record.codebook.sha256 for entry in entries}) < 2:
        return None
    books = [entry.record.codebook for entry in entries]
    if len({book.version for book in books}) > 1:
        used = ", ".join(f"{entry.coder}: {entry.record.codebook.version}" for entry in entries)
        return f"{transcript_id}: the coders used different versions of the codebook ({used})"
    used = ", ".join(
        f"{entry.coder}: {PurePath(entry.record.codebook.path).name}" if entry.record.codebook.path else entry.coder
        for entry in entries
    )
    return (
        f"{transcript_id}: the coders used codebook {books[0].id} version {books[0].version} from different "
        f"files ({used}), e.g. a translation; codes are compared by id"
    )


def _record_warnings(record_set: RecordSet) -> list[str]:
    warnings = []
    for group in record_set.groups:
        if group.usable:
            codebook_warning = _codebook_files_warning(group.transcript_id, group.records)
            if codebook_warning:
                warnings.append(codebook_warning)
            open_ones = [e.coder for e in group.records if not e.record.is_complete]
            if open_ones:
                warnings.append(
                    f"{group.transcript_id}: record(s) still in progress ({', '.join(open_ones)}); "
                    "open segments count as missing"
                )
    warnings.extend(f"skipped {d.file}: {d.message}" for d in record_set.skipped)
    return warnings


def build_report(record_set: RecordSet, labels: Labels, threshold: float = DEFAULT_THRESHOLD) -> AgreementReport:
    report = AgreementReport(record_set, labels, record_set.coders, threshold)
    report.warnings.extend(_record_warnings(record_set))
    if len(report.coders) < 2:
        return report
    seen_codes: dict[str, None] = {}
    for group in report.double_coded:
        for entry in group.records:
            for segment in entry.record.segments:
                seen_codes.update(dict.fromkeys(segment.codes))
    _code_rows(report, list(seen_codes))
    _attribute_rows(report)
    _verdict_rows(report)
    _group_disagreements(report)
    return report


def agreement_report(
    loaded: LoadedRecords, codebook_file: Path | None = None, threshold: float = DEFAULT_THRESHOLD
) -> AgreementReport:
    """Compute the whole report on records read by `jimcode.corpus.load_records`."""
    found = loaded.find_codebook(codebook_file)
    warnings = list(found.warnings)
    if found.codebook is None:
        warnings.append(f"{found.wanted} was not found; showing code ids (pass --codebook FILE)")
    report = build_report(pair_records(loaded), Labels(found.codebook), threshold)
    report.warnings[:0] = warnings
    return report
