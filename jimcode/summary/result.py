"""Build the summary (`jimcode.summary.contract.SummaryResult`) from the running totals, once per run.

groups[0] is always all cases, further groups follow `--by`, and every group lists the same
attributes, options, questions, codes and hypotheses in codebook order, so groups line up.
The builder gets everything it needs passed in (`SummaryInputs`); it never reads the summariser.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from jimcode import __version__
from jimcode.codebook.model import (
    POLES,
    BooleanAttribute,
    CategoryAttribute,
    Code,
    Codebook,
    IntegerAttribute,
    MultiChoiceAttribute,
    NumberAttribute,
    Reference,
)
from jimcode.diagnostics import Diagnostic
from jimcode.i18n import Words, words
from jimcode.records.choice import RecordChooser
from jimcode.records.model import STANCES
from jimcode.records.stream import journal_warning
from jimcode.summary._digest import MISSING, UNSPECIFIED, CodebookIndex
from jimcode.summary.contract import (
    SUMMARY_SCHEMA,
    AttributeSummary,
    CodePair,
    CodeQuote,
    CodeSummary,
    Corpus,
    EvidenceCount,
    EvidenceQuote,
    Filters,
    HypothesisSummary,
    NamedCount,
    Notice,
    NumberStats,
    OptionShare,
    OrganisationCount,
    PoleCount,
    QuestionSummary,
    RecordStatus,
    ReferenceFigure,
    SegmentTotals,
    Share,
    SkippedFile,
    SummaryCodebook,
    SummaryFiles,
    SummaryGroup,
    SummaryResult,
    SummarySplit,
    VerdictCount,
    VerdictOrMissing,
)
from jimcode.summary.describe import Description, as_written, describe, percent, reading, rounded
from jimcode.summary.split import Split
from jimcode.summary.tally import QuoteSample, Tally

MAX_LISTED_FILES = 1000  # skipped or in-progress files listed by name in a result; the rest are counted


class ReadingLog:
    """What reading the records came to besides their contents, kept alike by `summary` and `retrieve`:
    the files skipped (the first `MAX_LISTED_FILES` by name) and the records with a session journal."""

    def __init__(self) -> None:
        self.skipped: list[SkippedFile] = []
        self.skipped_count = 0
        self.pending_journals: list[str] = []

    def skip(self, problem: Diagnostic) -> None:
        self.skipped_count += 1
        if len(self.skipped) < MAX_LISTED_FILES:
            self.skipped.append(
                SkippedFile(path=printable(problem.file), line=problem.line, reason=printable(problem.message))
            )

    def notices(self, chooser: RecordChooser, language: str = "en") -> list[Notice]:
        """The choice of records' warnings, then the one about unsaved session journals."""
        found = chooser.warnings(language=language)
        if self.pending_journals:
            found.append(journal_warning(self.pending_journals))
        return [Notice(code=item["code"], message=printable(item["message"])) for item in found]

    @staticmethod
    def in_progress_files(chooser: RecordChooser) -> list[str]:
        return [printable(path) for path in chooser.in_progress()[:MAX_LISTED_FILES]]


def filters(cases: tuple[str, ...], coders: tuple[str, ...], status: RecordStatus | None) -> Filters:
    """The filters as given (on the command line, so possibly with undecodable bytes)."""
    return Filters(cases=[printable(c) for c in cases], coders=[printable(c) for c in coders], status=status)


_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` with lone surrogates shown as U+FFFD. What a record holds is made printable when it is
    parsed (`records.stream`); file names and command-line words (decoded by Python with
    surrogateescape when they are not UTF-8) are made printable here, where they enter a result."""
    return text if text.isascii() or _SURROGATE.search(text) is None else _SURROGATE.sub("\ufffd", text)


VERDICTS_LISTED: tuple[VerdictOrMissing, ...] = ("supports", "contradicts", "mixed", "not_applicable", "missing")
"""The verdicts in the order the summary lists them (`missing`: no verdict); labelled by the catalog."""


@dataclass(frozen=True)
class SummaryInputs:
    """What the summary is made of: the codebook, the finished totals and the run's settings."""

    codebook: Codebook
    index: CodebookIndex
    split: Split | None
    total: Tally
    groups: dict[str, Tally]
    filters: Filters
    quotes_per_item: int
    top_pairs: int
    language: str  # of jimcode's own words: group labels, readings, verdicts
    memos: bool = True  # False (--no-memos): quotes without the coders' memos and evidence notes


def build_summary(inputs: SummaryInputs, files: SummaryFiles, notices: list[Notice]) -> SummaryResult:
    """The summary of finished tallies (`Tally.finish` called); `notices` come before the totals' own warnings."""
    codebook = inputs.codebook
    split = inputs.split
    groups = [_group(inputs, None, words(inputs.language)("all_cases"), inputs.total)]
    if split is not None:
        present = [key for key, tally in inputs.groups.items() if tally.cases > 0]
        groups += [_group(inputs, key, split.label(key), inputs.groups[key]) for key in split.order(present)]
    return SummaryResult(
        schema=SUMMARY_SCHEMA,
        generated_by=f"jimcode {__version__}",
        codebook=SummaryCodebook(
            id=codebook.id,
            version=codebook.version,
            title=codebook.title,
            language=codebook.language,
            sha256=codebook.sha256,
        ),
        interface_language=inputs.language,
        filters=inputs.filters,
        quotes_per_item=inputs.quotes_per_item,
        split=None
        if split is None
        else SummarySplit(
            attribute=split.attribute.id,
            label=split.attribute.label,
            cut=split.cut,
            overlapping=isinstance(split.attribute, MultiChoiceAttribute),
        ),
        files=files,
        warnings=notices + _warnings(codebook, inputs.total, inputs.language),
        groups=groups,
    )


def _group(inputs: SummaryInputs, key: str | None, label: str, tally: Tally) -> SummaryGroup:
    return SummaryGroup(
        key=key,
        label=label,
        corpus=_corpus(inputs, tally),
        attributes=_attributes(inputs, tally, compare=key is None),
        questions=_questions(inputs, tally, compare=key is None),
        hypotheses=_hypotheses(inputs, tally),
        cooccurrence=_cooccurrence(inputs, tally),
    )


def _positive(counts: dict) -> dict:
    return {key: value for key, value in counts.items() if value > 0}


def name_key(name: str) -> str:
    """Names that differ only in case, accents or spacing (Youké, youke, YOUKÉ ) are one name."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def merged_names(
    counts: dict[str, int],
    preferred: Iterable[str] = (),
    interviewees: dict[str, set[str]] | None = None,
    unnamed: dict[str, int] | None = None,
) -> list[OrganisationCount]:
    """Counts per name with spellings of one name added up, shown as the preferred spelling (the
    codebook's label) when there is one, else the most frequent; with the distinct interviewees per
    name (`interviewees`: per spelling, who spoke for it; `unnamed`: per spelling, cases that name no
    interviewee, each one of its own)."""
    spellings: dict[str, Counter[str]] = {}
    for name, n in counts.items():
        spellings.setdefault(name_key(name), Counter())[name] += n
    labels = {name_key(label): label for label in preferred}
    people = interviewees or {}
    others = unnamed or {}
    merged = []
    for key, found in spellings.items():
        shown = labels.get(key) or min(found, key=lambda name: (-found[name], name))
        merged.append(
            OrganisationCount(
                name=shown,
                cases=sum(found.values()),
                interviewees=len(set().union(*(people.get(name, set()) for name in found)))
                + sum(others.get(name, 0) for name in found),
            )
        )
    return sorted(merged, key=lambda item: name_key(item.name))


def _corpus(inputs: SummaryInputs, tally: Tally) -> Corpus:
    organisations = _positive(tally.organisations)
    segments = _positive(tally.segments)
    return Corpus(
        cases=tally.cases,
        case_pseudonyms=len(_positive(tally.case_names)),
        complete=tally.statuses.get("complete", 0),
        in_progress=tally.statuses.get("in_progress", 0),
        coders=[NamedCount(name=name, cases=n) for name, n in sorted(_positive(tally.coders).items())],
        organisations=merged_names(
            {name: n for name, n in organisations.items() if name != MISSING},
            inputs.index.organisation_labels.values(),
            tally.organisation_interviewees,
            tally.organisation_unnamed,
        ),
        organisation_missing=organisations.get(MISSING, 0),
        interviewees=sum(1 for key, n in tally.interviewees.items() if key is not None and n > 0),
        interviewee_missing=max(tally.interviewees.get(None, 0), 0),
        segments=SegmentTotals(
            total=sum(segments.values()),
            coded=segments.get("coded", 0),
            not_relevant=segments.get("not_relevant", 0),
            open=segments.get("open", 0),
        ),
    )


def _attributes(inputs: SummaryInputs, tally: Tally, compare: bool = True) -> list[AttributeSummary]:
    """Per case attribute; `compare`: mark where a reported reference figure differs (all cases only)."""
    found = []
    say = words(inputs.language)
    for attribute in inputs.codebook.case_attributes:
        answered = tally.answer_kinds.get((attribute.id, "answered"), 0)
        options: list[OptionShare | Share] = []
        option_groups: list[Share] = []
        stats = None
        said = None
        description = None
        if isinstance(attribute, CategoryAttribute | MultiChoiceAttribute):
            options = [
                OptionShare(
                    id=o.id,
                    label=o.label,
                    group=o.group,
                    count=(count := tally.answers.get((attribute.id, o.id), 0)),
                    percent=percent(count, answered),
                )
                for o in attribute.options
            ]
            option_groups = [
                _share(g.id, g.label, tally.answers.get((attribute.id, f"group:{g.id}"), 0), answered)
                for g in attribute.groups
            ]
        elif isinstance(attribute, BooleanAttribute):
            options = [
                _share(key, say(f"answer.{key}"), tally.answers.get((attribute.id, key), 0), answered)
                for key in ("yes", "no")
            ]
        elif isinstance(attribute, IntegerAttribute | NumberAttribute):
            description = describe(tally.numbers.get(attribute.id, []))
            stats = None if description is None else NumberStats.model_validate(description.as_dict())
            said = reading(description, attribute.unit, inputs.language)
        found.append(
            AttributeSummary(
                id=attribute.id,
                label=attribute.label,
                type=attribute.type,
                unit=getattr(attribute, "unit", None),
                research_question=attribute.research_question,
                about=attribute.about,
                cases=tally.cases,
                units=tally.units if attribute.about == "interviewee" else tally.cases,
                answered=answered,
                missing=tally.answer_kinds.get((attribute.id, MISSING), 0),
                invalid=tally.answer_kinds.get((attribute.id, "invalid"), 0),
                options=options,
                option_groups=option_groups,
                stats=stats,
                reading=said,
                references=_attribute_references(
                    attribute.reference, options, option_groups, description, say, compare
                ),
            )
        )
    return found


def _attribute_references(
    references: list[Reference],
    options: list[OptionShare | Share],
    option_groups: list[Share],
    description: Description | None,
    say: Words,
    compare: bool,
) -> list[ReferenceFigure]:
    """Each reference figure of an attribute beside what this group's answers give for the same thing."""
    shares = {share.id: share for share in [*options, *option_groups]}
    found = []
    for reference in references:
        if reference.value is not None or reference.percent is None:  # a number attribute's statistic
            of = reference.of or "mean"
            computed = None if description is None else description.statistic(of)
            found.append(_reference(reference, of, say(f"stat.{of}"), computed, reference.value, compare))
            continue
        share = shares.get(reference.of or "")
        found.append(
            _reference(
                reference,
                reference.of,
                share.label if share is not None else reference.of,
                share.percent if share is not None else None,
                reference.percent,
                compare,
            )
        )
    return found


def _code_references(references: list[Reference], cases: int, of: int, compare: bool) -> list[ReferenceFigure]:
    computed = percent(cases, of)
    return [_reference(reference, None, None, computed, reference.percent, compare) for reference in references]


def _reference(
    reference: Reference,
    of: str | None,
    of_label: str | None,
    computed: float | None,
    given: float | None,
    compare: bool,
) -> ReferenceFigure:
    """The figure as the codebook gives it, with the records'; a reported figure is compared in all cases only
    (the source's figure is of the study's cases, not of a `--by` group)."""
    differs = None
    if compare and reference.kind == "reported" and computed is not None and given is not None:
        differs = as_written(computed, given) != given
    return ReferenceFigure(
        of=of,
        of_label=of_label,
        kind=reference.kind,
        label=reference.label,
        source=reference.source,
        value=reference.value,
        percent=reference.percent,
        computed=None if computed is None else rounded(computed),
        differs=differs,
    )


def _share(key: str, label: str, count: int, of: int) -> Share:
    return Share(id=key, label=label, count=count, percent=percent(count, of))


def _code_quotes(sample: QuoteSample | None, memos: bool) -> list[CodeQuote]:
    if sample is None:
        return []
    return [
        CodeQuote(
            case=q.case,
            speaker=q.speaker,
            text=q.text,
            memo=q.remark if memos else None,
            transcript=q.transcript,
            segment=q.segment,
            coder=q.coder,
        )
        for q in sample.best()
    ]


def _evidence_quotes(sample: QuoteSample | None, memos: bool) -> list[EvidenceQuote]:
    if sample is None:
        return []
    return [
        EvidenceQuote(
            case=q.case,
            speaker=q.speaker,
            text=q.text,
            note=q.remark if memos else None,
            transcript=q.transcript,
            segment=q.segment,
            coder=q.coder,
        )
        for q in sample.best()
    ]


def _questions(inputs: SummaryInputs, tally: Tally, compare: bool = True) -> list[QuestionSummary]:
    by_question: dict[str, list[CodeSummary]] = {}
    for entry in inputs.index.numbered:
        code = entry.code
        cases = tally.code_cases.get(code.id, 0)
        by_question.setdefault(entry.question.id, []).append(
            CodeSummary(
                number=entry.number,
                id=code.id,
                label=code.label,
                depth=entry.depth,
                parent=entry.parent.id if entry.parent else None,
                segments=tally.code_segments.get(code.id, 0),
                cases=cases,
                percent=percent(cases, tally.cases),
                polarity=_poles(code, tally, inputs.language) if code.has_polarity else None,
                quotes=_code_quotes(tally.code_quotes.get(code.id), inputs.memos),
                references=_code_references(code.reference, cases, tally.cases, compare),
            )
        )
    questions = []
    for question in inputs.codebook.research_questions:
        cases = tally.question_cases.get(question.id, 0)
        questions.append(
            QuestionSummary(
                id=question.id,
                title=question.title,
                question=question.question,
                segments=tally.question_segments.get(question.id, 0),
                cases=cases,
                percent=percent(cases, tally.cases),
                codes=by_question.get(question.id, []),
            )
        )
    return questions


def _poles(code: Code, tally: Tally, language: str) -> list[PoleCount]:
    """Present, absent and unspecified apart (the pole words in the interface language unless the code has its own)."""
    labels: dict[str, str] = {pole: code.pole_label(pole, language) for pole in POLES}
    labels[UNSPECIFIED] = words(language)("polarity.unspecified")
    return [
        PoleCount(
            pole=pole,
            label=label,
            segments=tally.pole_segments.get((code.id, pole), 0),
            cases=tally.pole_cases.get((code.id, pole), 0),
            percent=percent(tally.pole_cases.get((code.id, pole), 0), tally.cases),
        )
        for pole, label in labels.items()
    ]


def _hypotheses(inputs: SummaryInputs, tally: Tally) -> list[HypothesisSummary]:
    found = []
    for hypothesis in inputs.codebook.hypotheses:
        verdicts = []
        for verdict in VERDICTS_LISTED:
            count = tally.verdicts.get((hypothesis.id, verdict), 0)
            verdicts.append(
                VerdictCount(
                    verdict=verdict,
                    label=words(inputs.language)(f"verdict.{verdict}"),
                    cases=count,
                    percent=percent(count, tally.cases),
                    case_names=_named_cases(tally, hypothesis.id, verdict),
                )
            )
        evidence = []
        for stance in STANCES:
            key = (hypothesis.id, stance)
            cases = tally.evidence_cases.get(key, 0)
            evidence.append(
                EvidenceCount(
                    stance=stance,
                    segments=tally.evidence.get(key, 0),
                    cases=cases,
                    percent=percent(cases, tally.cases),
                    quotes=_evidence_quotes(tally.evidence_quotes.get(key), inputs.memos),
                )
            )
        found.append(
            HypothesisSummary(
                id=hypothesis.id,
                title=hypothesis.title,
                statement=hypothesis.statement,
                related_questions=list(hypothesis.related_questions),
                verdicts=verdicts,
                evidence=evidence,
            )
        )
    return found


def _named_cases(tally: Tally, hypothesis: str, verdict: str) -> list[str]:
    names = tally.verdict_names
    if names is None:
        return []
    found = {case for (h, v, case), n in names.items() if n > 0 and h == hypothesis and v == verdict}
    return sorted(found, key=str.casefold)


def _cooccurrence(inputs: SummaryInputs, tally: Tally) -> list[CodePair]:
    known = {entry.code.id: entry for entry in inputs.index.numbered}
    pairs = [
        (segments, tally.pair_cases.get(pair, 0), pair)
        for pair, segments in tally.pairs.items()
        if segments > 0 and pair[0] in known and pair[1] in known
    ]
    pairs.sort(key=lambda item: (-item[0], -item[1], known[item[2][0]].number, known[item[2][1]].number))
    found = []
    for segments, cases, (first, second) in pairs[: inputs.top_pairs]:
        ordered = sorted((known[first], known[second]), key=lambda entry: entry.number)
        found.append(
            CodePair(
                codes=[entry.code.id for entry in ordered],
                labels=[entry.code.label for entry in ordered],
                segments=segments,
                cases=cases,
            )
        )
    return found


def _listed(counts: dict[str, int], say: Words, examples: int = 8) -> str:
    items = sorted(_positive(counts).items(), key=lambda item: (-item[1], item[0]))
    text = ", ".join(f"{key} ({n})" for key, n in items[:examples])
    return text + (say("summary.warn.more", count=len(items) - examples) if len(items) > examples else "")


def _warnings(codebook: Codebook, total: Tally, language: str) -> list[Notice]:
    """What the totals say about the records: other codebook versions, unknown codes, invalid answers."""
    say = words(language)
    found = []
    for (version, sha256), n in sorted(_positive(total.codebook_versions).items()):
        if version != codebook.version:
            message = say("summary.warn.codebook_version", count=n, version=version, current=codebook.version)
            found.append(Notice(code="codebook-version", message=message))
        elif sha256 and codebook.sha256 and sha256 != codebook.sha256:
            message = say("summary.warn.codebook_changed", count=n, id=codebook.id, version=version)
            found.append(Notice(code="codebook-changed", message=message))
    if _positive(total.unknown_codes):
        message = say("summary.warn.unknown_code", codes=_listed(total.unknown_codes, say))
        found.append(Notice(code="unknown-code", message=message))
    if _positive(total.unknown_hypotheses):
        message = say("summary.warn.unknown_hypothesis", ids=_listed(total.unknown_hypotheses, say))
        found.append(Notice(code="unknown-hypothesis", message=message))
    for attribute in codebook.case_attributes:
        invalid = total.answer_kinds.get((attribute.id, "invalid"), 0)
        if invalid > 0:
            message = say("summary.warn.invalid_answer", id=attribute.id, count=invalid)
            found.append(Notice(code="invalid-answer", message=message))
    for attribute_id, people in total.interviewee_conflicts.items():
        listed = ", ".join(people[:8]) + (say("summary.warn.more", count=len(people) - 8) if len(people) > 8 else "")
        message = say("summary.warn.interviewee_answers", id=attribute_id, count=len(people), names=listed)
        found.append(Notice(code="interviewee-answers-differ", message=message))
    shared = {name: n for name, n in total.case_names.items() if n > 1}
    if shared:
        found.append(Notice(code="shared-pseudonym", message=say("summary.warn.shared", names=_listed(shared, say))))
    return found
