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
    BooleanAttribute,
    CategoryAttribute,
    Codebook,
    IntegerAttribute,
    MultiChoiceAttribute,
    NumberAttribute,
)
from jimcode.diagnostics import Diagnostic
from jimcode.i18n import words
from jimcode.records.choice import RecordChooser
from jimcode.records.model import STANCES
from jimcode.records.stream import journal_warning
from jimcode.summary._digest import MISSING, CodebookIndex
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
    QuestionSummary,
    RecordStatus,
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
from jimcode.summary.describe import describe, percent, reading
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
        attributes=_attributes(inputs, tally),
        questions=_questions(inputs, tally),
        hypotheses=_hypotheses(inputs, tally),
        cooccurrence=_cooccurrence(inputs, tally),
    )


def _positive(counts: dict) -> dict:
    return {key: value for key, value in counts.items() if value > 0}


def name_key(name: str) -> str:
    """Names that differ only in case, accents or spacing (Youké, youke, YOUKÉ ) are one name."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def merged_names(counts: dict[str, int], preferred: Iterable[str] = ()) -> list[NamedCount]:
    """Counts per name with spellings of one name added up, shown as the preferred spelling (the
    codebook's label) when there is one, else the most frequent."""
    spellings: dict[str, Counter[str]] = {}
    for name, n in counts.items():
        spellings.setdefault(name_key(name), Counter())[name] += n
    labels = {name_key(label): label for label in preferred}
    merged = []
    for key, found in spellings.items():
        shown = labels.get(key) or min(found, key=lambda name: (-found[name], name))
        merged.append(NamedCount(name=shown, cases=sum(found.values())))
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
        ),
        organisation_missing=organisations.get(MISSING, 0),
        segments=SegmentTotals(
            total=sum(segments.values()),
            coded=segments.get("coded", 0),
            not_relevant=segments.get("not_relevant", 0),
            open=segments.get("open", 0),
        ),
    )


def _attributes(inputs: SummaryInputs, tally: Tally) -> list[AttributeSummary]:
    found = []
    for attribute in inputs.codebook.case_attributes:
        answered = tally.answer_kinds.get((attribute.id, "answered"), 0)
        options: list[OptionShare | Share] = []
        option_groups: list[Share] = []
        stats = None
        said = None
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
            say = words(inputs.language)
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
                cases=tally.cases,
                answered=answered,
                missing=tally.answer_kinds.get((attribute.id, MISSING), 0),
                invalid=tally.answer_kinds.get((attribute.id, "invalid"), 0),
                options=options,
                option_groups=option_groups,
                stats=stats,
                reading=said,
            )
        )
    return found


def _share(key: str, label: str, count: int, of: int) -> Share:
    return Share(id=key, label=label, count=count, percent=percent(count, of))


def _code_quotes(sample: QuoteSample | None) -> list[CodeQuote]:
    if sample is None:
        return []
    return [
        CodeQuote(
            case=q.case,
            speaker=q.speaker,
            text=q.text,
            memo=q.remark,
            transcript=q.transcript,
            segment=q.segment,
            coder=q.coder,
        )
        for q in sample.best()
    ]


def _evidence_quotes(sample: QuoteSample | None) -> list[EvidenceQuote]:
    if sample is None:
        return []
    return [
        EvidenceQuote(
            case=q.case,
            speaker=q.speaker,
            text=q.text,
            note=q.remark,
            transcript=q.transcript,
            segment=q.segment,
            coder=q.coder,
        )
        for q in sample.best()
    ]


def _questions(inputs: SummaryInputs, tally: Tally) -> list[QuestionSummary]:
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
                quotes=_code_quotes(tally.code_quotes.get(code.id)),
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
                    quotes=_evidence_quotes(tally.evidence_quotes.get(key)),
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


def _listed(counts: dict[str, int], language: str, examples: int = 8) -> str:
    items = sorted(_positive(counts).items(), key=lambda item: (-item[1], item[0]))
    text = ", ".join(f"{key} ({n})" for key, n in items[:examples])
    return text + (words(language)("and_more", count=len(items) - examples) if len(items) > examples else "")


def _warnings(codebook: Codebook, total: Tally, language: str) -> list[Notice]:
    """What the totals say about the records: other codebook versions, unknown codes, invalid answers."""
    say = words(language)
    found = []
    for (version, sha256), n in sorted(_positive(total.codebook_versions).items()):
        if version != codebook.version:
            found.append(
                Notice(
                    code="codebook-version",
                    message=say("summary.warning.version", count=n, version=version, current=codebook.version),
                )
            )
        elif sha256 and codebook.sha256 and sha256 != codebook.sha256:
            found.append(
                Notice(
                    code="codebook-changed",
                    message=say("summary.warning.changed", count=n, id=codebook.id, version=version),
                )
            )
    if _positive(total.unknown_codes):
        found.append(
            Notice(
                code="unknown-code",
                message=say("summary.warning.unknown_codes", listed=_listed(total.unknown_codes, language)),
            )
        )
    if _positive(total.unknown_hypotheses):
        found.append(
            Notice(
                code="unknown-hypothesis",
                message=say("summary.warning.unknown_hypotheses", listed=_listed(total.unknown_hypotheses, language)),
            )
        )
    for attribute in codebook.case_attributes:
        invalid = total.answer_kinds.get((attribute.id, "invalid"), 0)
        if invalid > 0:
            found.append(
                Notice(
                    code="invalid-answer",
                    message=say("summary.warning.invalid_answers", id=attribute.id, count=invalid),
                )
            )
    shared = {name: n for name, n in total.case_names.items() if n > 1}
    if shared:
        found.append(
            Notice(
                code="shared-pseudonym",
                message=say("summary.warning.shared_pseudonyms", listed=_listed(shared, language)),
            )
        )
    return found
