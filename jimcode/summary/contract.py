"""The published JSON contracts of `jimcode summary` (`jimcode.summary/1`) and `jimcode retrieve`
(`jimcode.retrieve/1`) as pydantic models.

The core builds these once per run; every renderer reads them; `--format json` is their dump
(`jimcode schema summary|retrieve` prints their JSON Schema). Fields are declared in the order
they appear in the JSON, and every field is always present (null where there is no value), so a
change here is a change of the contract: bump the schema name for anything but an addition.
"""

from __future__ import annotations

from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from jimcode.records.model import RecordStatus, Stance, Verdict

SUMMARY_SCHEMA: Final = "jimcode.summary/1"
RETRIEVE_SCHEMA: Final = "jimcode.retrieve/1"

VerdictOrMissing = Literal[Verdict, "missing"]
TargetKind = Literal["code", "question", "hypothesis"]


class _Contract(BaseModel):
    # extra="forbid": a key the contract does not declare is a bug, not data to carry along
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------------------
# Parts both results share


class SkippedFile(_Contract):
    """A file that was not read as a record."""

    path: str = Field(description="The file as it was named on the command line or found in a folder.")
    line: int | None = Field(description="Line of the problem (1-based), null when it is not about one line.")
    reason: str = Field(description="Why the file was skipped, one line.")


class Notice(_Contract):
    """A warning about the records read (also printed on stderr)."""

    code: str = Field(description="Stable identifier of the kind of warning, e.g. several-coders or unknown-code.")
    message: str = Field(description="The warning in words.")


class Filters(_Contract):
    """The record filters given on the command line."""

    cases: list[str] = Field(description="--case: case pseudonyms or transcript ids kept (empty: every case).")
    coders: list[str] = Field(description="--coder: coders kept, in order of preference (empty: every coder).")
    status: RecordStatus | None = Field(
        description="--status (or --complete-only, which is --status complete): only records with this status "
        "(null: any status)."
    )


class ResultCodebook(_Contract):
    """The codebook the records were read with."""

    id: str = Field(description="Codebook id.")
    version: str = Field(description="Codebook version.")
    title: str = Field(description="Codebook title.")
    language: str = Field(description="Language tag of the codebook's labels, e.g. nl.")


# ---------------------------------------------------------------------------
# jimcode.summary/1


class SummaryCodebook(ResultCodebook):
    sha256: str = Field(description="sha256 of the codebook file's text (line endings normalised).")


class SummarySplit(_Contract):
    """How `--by` put cases into groups."""

    attribute: str = Field(description="Id of the case attribute the cases are split by.")
    label: str = Field(description="Label of that attribute.")
    cut: float | None = Field(description="The value a number attribute is cut at (--by ATTRIBUTE:CUT), else null.")
    overlapping: bool = Field(
        description="True for a multi-choice attribute: a case is in the group of every option it chose."
    )


class SummaryFiles(_Contract):
    """What became of the files read."""

    records_read: int = Field(description="Records read (valid records of this codebook).")
    counted: int = Field(description="Records counted: one per transcript.")
    set_aside: int = Field(
        description="Records of a transcript whose record by another coder was counted (an unfinished consensus "
        "record is set aside for the coders' records)."
    )
    filtered_out: int = Field(description="Records left out by --case, --coder, --status or --complete-only.")
    skipped: int = Field(description="Files skipped as unreadable or not records of this codebook.")
    skipped_files: list[SkippedFile] = Field(description="The skipped files (at most the first 1000).")
    in_progress: int = Field(description="Counted records still in progress (status in_progress).")
    in_progress_files: list[str] = Field(
        description="The counted records still in progress, by path (at most the first 1000)."
    )


class NamedCount(_Contract):
    name: str = Field(description="The name (spellings of one name merged).")
    cases: int = Field(description="Cases with this name.")


class OrganisationCount(NamedCount):
    interviewees: int = Field(
        description="Interviewees of this organisation (a case whose interviewee is not named counts as one)."
    )


class SegmentTotals(_Contract):
    total: int = Field(description="Segments in the counted records.")
    coded: int = Field(description="Segments coded.")
    not_relevant: int = Field(description="Segments marked not relevant.")
    open: int = Field(description="Segments not decided yet.")


class Corpus(_Contract):
    """Who and what a group's counts are made of."""

    cases: int = Field(description="Cases (transcripts) in the group.")
    case_pseudonyms: int = Field(description="Distinct case pseudonyms (fewer than cases when one is shared).")
    complete: int = Field(description="Cases whose record is complete.")
    in_progress: int = Field(description="Cases whose record is still in progress.")
    coders: list[NamedCount] = Field(description="Cases per coder of the counted records, by name.")
    organisations: list[OrganisationCount] = Field(description="Cases and interviewees per organisation, by name.")
    organisation_missing: int = Field(description="Cases with no organisation given.")
    interviewees: int = Field(
        description="Distinct interviewees named by the records' interview details (one professional can speak "
        "about several cases; spellings that differ only in case, accents or spacing are one)."
    )
    interviewee_missing: int = Field(description="Cases whose record names no interviewee.")
    segments: SegmentTotals = Field(description="Segments by status.")


class Share(_Contract):
    """How many cases gave one answer, and what share of the cases that answered."""

    id: str = Field(description="Option id (yes/no for a boolean), or option group id.")
    label: str = Field(description="Its label.")
    count: int = Field(description="Cases that gave this answer.")
    percent: float | None = Field(description="Percentage of the cases that answered (one decimal); null if none did.")


class OptionShare(_Contract):
    """An option of a category or multi-choice attribute: cases that chose it."""

    id: str = Field(description="Option id.")
    label: str = Field(description="Option label.")
    group: str | None = Field(description="Id of the option group it belongs to, null if none.")
    count: int = Field(description="Cases that chose it.")
    percent: float | None = Field(description="Percentage of the cases that answered (one decimal); null if none did.")


class NumberStats(_Contract):
    """Descriptive statistics of a number attribute (integers stay integers, others at most 2 decimals)."""

    n: int = Field(description="Cases with a valid number.")
    mean: int | float = Field(description="Mean.")
    median: int | float = Field(description="Median.")
    min: int | float = Field(description="Smallest value.")
    max: int | float = Field(description="Largest value.")
    sd: int | float | None = Field(description="Sample standard deviation; null below two values.")


class ReferenceFigure(_Contract):
    """A figure the codebook carries from outside the records (`reference:`), beside the data's own."""

    of: str | None = Field(
        description="What it is a figure of: a statistic (mean, median, min, max, sd, n), an option or option "
        "group id, yes/no; null on a code (the share of cases)."
    )
    of_label: str | None = Field(description="That in words (an option's label, a statistic's name); null on a code.")
    kind: Literal["reported", "comparison"] = Field(
        description="reported: the source's figure for these same cases; comparison: a figure of another group."
    )
    label: str | None = Field(description="What the figure is, as the codebook names it, or null.")
    source: str = Field(description="Where the figure comes from.")
    value: int | float | None = Field(description="The figure of a number attribute, in its unit; else null.")
    percent: int | float | None = Field(description="The figure as a share in percent; else null.")
    computed: int | float | None = Field(
        description="The same figure computed from this group's records (a percent where the reference is one, "
        "one decimal; a statistic to two decimals); null when there is nothing to compute it from."
    )
    differs: bool | None = Field(
        description="For a reported figure in the group of all cases: true when the computed figure, rounded as "
        "the reference is written (80 to a whole number), is not the reference; null for a comparison, in a --by "
        "group (the source's figure is not of that group) or when nothing was computed."
    )


class AttributeSummary(_Contract):
    """The answers to one case attribute in a group."""

    id: str = Field(description="Attribute id.")
    label: str = Field(description="Attribute label.")
    type: Literal["category", "multi_choice", "boolean", "integer", "number", "text"] = Field(
        description="Attribute type (as the codebook declares it)."
    )
    unit: str | None = Field(description="Unit of a number attribute, else null.")
    research_question: str | None = Field(description="Research question the attribute belongs to, or null.")
    about: Literal["case", "interviewee"] = Field(
        description="What the answers describe: case (counted per case) or interviewee (counted once per "
        "interviewee; answered, missing, invalid, counts and percentages are then of interviewees)."
    )
    cases: int = Field(description="Cases in the group.")
    units: int = Field(
        description="What the answers are counted over: the cases, or for an attribute about the interviewee the "
        "distinct interviewees (a case naming none counts as one)."
    )
    answered: int = Field(description="Cases (or interviewees, see `about`) with a valid answer.")
    missing: int = Field(description="Cases (or interviewees) without an answer.")
    invalid: int = Field(
        description="Cases (or interviewees) whose answer is not valid for the attribute's type or options."
    )
    options: list[OptionShare | Share] = Field(
        description="Per option in codebook order (yes and no for a boolean); empty for numbers and text."
    )
    option_groups: list[Share] = Field(description="Per option group of the codebook; empty when it declares none.")
    stats: NumberStats | None = Field(description="For a number attribute with answers, else null.")
    reading: str | None = Field(description="The number statistics as a results section would say them, else null.")
    references: list[ReferenceFigure] = Field(description="The codebook's reference figures, in its order.")


class CodeQuote(_Contract):
    """An exemplar segment for a code."""

    case: str = Field(description="Case pseudonym.")
    speaker: str | None = Field(description="Speaker of the segment, or null.")
    text: str = Field(description="The segment's text (long texts shortened with an ellipsis).")
    memo: str | None = Field(description="The coder's memo on the segment, or null.")
    transcript: str = Field(description="Transcript id.")
    segment: str = Field(description="Segment id.")
    coder: str = Field(description="Coder of the record quoted.")


class EvidenceQuote(_Contract):
    """An exemplar segment for a hypothesis and stance."""

    case: str = Field(description="Case pseudonym.")
    speaker: str | None = Field(description="Speaker of the segment, or null.")
    text: str = Field(description="The segment's text (long texts shortened with an ellipsis).")
    note: str | None = Field(description="The coder's note on the evidence, or null.")
    transcript: str = Field(description="Transcript id.")
    segment: str = Field(description="Segment id.")
    coder: str = Field(description="Coder of the record quoted.")


class PoleCount(_Contract):
    """A code with polarity, applied as present, as absent, or with no polarity given (unspecified)."""

    pole: Literal["present", "absent", "unspecified"] = Field(description="The pole (unspecified: none given).")
    label: str = Field(description="The pole in words: the code's own label, else present/absent.")
    segments: int = Field(description="Segments coded with the code at this pole.")
    cases: int = Field(description="Cases with at least one such segment (a case can have both poles).")
    percent: float | None = Field(description="Percentage of the group's cases (one decimal); null for no cases.")


class CodeSummary(_Contract):
    """One code: how often it was applied, and exemplar quotes."""

    number: int = Field(description="The code's number in the codebook (as a coder types it).")
    id: str = Field(description="Code id.")
    label: str = Field(description="Code label.")
    depth: int = Field(description="Nesting depth (0 for a top-level code).")
    parent: str | None = Field(description="Id of the parent code, or null.")
    segments: int = Field(description="Segments coded with it.")
    cases: int = Field(description="Cases with at least one such segment.")
    percent: float | None = Field(description="Percentage of the group's cases (one decimal); null for no cases.")
    polarity: list[PoleCount] | None = Field(
        description="For a code with polarity: present, absent and unspecified apart; null for other codes.",
    )
    quotes: list[CodeQuote] = Field(description="Exemplar quotes, best first (at most --quotes).")
    references: list[ReferenceFigure] = Field(description="The codebook's reference figures, in its order.")


class QuestionSummary(_Contract):
    """One research question and its codes."""

    id: str = Field(description="Research question id.")
    title: str = Field(description="Short title.")
    question: str = Field(description="The question in full.")
    segments: int = Field(description="Segments coded with any of its codes.")
    cases: int = Field(description="Cases with at least one such segment.")
    percent: float | None = Field(description="Percentage of the group's cases (one decimal); null for no cases.")
    codes: list[CodeSummary] = Field(description="Its codes, in codebook order.")


class VerdictCount(_Contract):
    verdict: VerdictOrMissing = Field(description="The verdict; missing for cases without one.")
    label: str = Field(description="The verdict in words.")
    cases: int = Field(description="Cases with this verdict.")
    percent: float | None = Field(description="Percentage of the group's cases (one decimal); null for no cases.")
    case_names: list[str] = Field(
        description="Pseudonyms of the cases with this verdict, sorted (a pseudonym shared by two cases once); "
        "empty when the group has more than 100 cases."
    )


class EvidenceCount(_Contract):
    stance: Stance = Field(description="The stance of the evidence.")
    segments: int = Field(description="Segments marked as evidence with this stance.")
    cases: int = Field(description="Cases with at least one such segment.")
    percent: float | None = Field(description="Percentage of the group's cases (one decimal); null for no cases.")
    quotes: list[EvidenceQuote] = Field(description="Exemplar quotes, best first (at most --quotes).")


class HypothesisSummary(_Contract):
    """One hypothesis: the case verdicts and the evidence."""

    id: str = Field(description="Hypothesis id.")
    title: str = Field(description="Short title.")
    statement: str = Field(description="The hypothesis in full.")
    related_questions: list[str] = Field(description="Ids of the research questions it relates to.")
    verdicts: list[VerdictCount] = Field(description="Cases per verdict, then cases without a verdict.")
    evidence: list[EvidenceCount] = Field(description="Evidence per stance.")


class CodePair(_Contract):
    """Two codes applied to the same segments."""

    codes: list[str] = Field(description="The two code ids, in codebook order.")
    labels: list[str] = Field(description="Their labels.")
    segments: int = Field(description="Segments carrying both.")
    cases: int = Field(description="Cases with such a segment.")


class SummaryGroup(_Contract):
    """The counts for one group of cases (every group lists the same items in the same order)."""

    key: str | None = Field(description="The group's key (an option id, a number, below/from, missing); null: all.")
    label: str = Field(description="The group's name.")
    corpus: Corpus = Field(description="Cases, coders, organisations and segments.")
    attributes: list[AttributeSummary] = Field(description="Per case attribute, in codebook order.")
    questions: list[QuestionSummary] = Field(description="Per research question, in codebook order.")
    hypotheses: list[HypothesisSummary] = Field(description="Per hypothesis, in codebook order.")
    cooccurrence: list[CodePair] = Field(description="Code pairs most often on one segment (at most --top).")


class SummaryResult(_Contract):
    """What `jimcode summary --format json` prints: the tables, figures and quotes of a results section."""

    schema_: Literal["jimcode.summary/1"] = Field(alias="schema", description="Name and version of this contract.")
    generated_by: str = Field(description="jimcode and its version.")
    codebook: SummaryCodebook = Field(description="The codebook the records were summarised with.")
    interface_language: str = Field(
        description="Language of jimcode's own words here (group labels, readings, verdicts): --lang or "
        "JIMCODE_LANG, else the codebook's (en, nl)."
    )
    filters: Filters = Field(description="The filters given.")
    quotes_per_item: int = Field(description="--quotes: exemplar quotes per code and per stance (0: none).")
    split: SummarySplit | None = Field(description="The --by split, null without one.")
    files: SummaryFiles = Field(description="Files read, counted, set aside, filtered out and skipped.")
    warnings: list[Notice] = Field(description="Warnings about the records.")
    groups: list[SummaryGroup] = Field(description="All cases first, then one group per --by value.")


# ---------------------------------------------------------------------------
# jimcode.retrieve/1


class RetrieveTarget(_Contract):
    """What was asked for."""

    kind: TargetKind = Field(description="What the target is.")
    id: str = Field(description="Its id.")
    label: str = Field(description="Its label (a question or hypothesis with its id in front).")
    codes: list[str] = Field(description="The code ids matched, in codebook order (empty for a hypothesis).")
    stance: Stance | None = Field(description="--stance: only evidence with this stance (null: every stance).")
    pole: Literal["present", "absent"] | None = Field(
        description="A code with polarity asked for with + or - (CODE+, CODE-): only segments where the coder "
        "found it present or absent (null: both, and none given)."
    )


class RetrieveSplit(_Contract):
    attribute: str = Field(description="Id of the case attribute the segments are grouped by.")
    cut: float | None = Field(description="The value a number attribute is cut at (--by ATTRIBUTE:CUT), else null.")


class RetrieveFiles(_Contract):
    """What became of the files read."""

    records_read: int = Field(description="Records read (valid records of this codebook).")
    counted: int = Field(description="Records searched: one per transcript.")
    filtered_out: int = Field(description="Records left out by --case, --coder, --status or --complete-only.")
    skipped: int = Field(description="Files skipped as unreadable or not records of this codebook.")
    skipped_files: list[SkippedFile] = Field(description="The skipped files (at most the first 1000).")
    in_progress: int = Field(description="Searched records still in progress (status in_progress).")
    in_progress_files: list[str] = Field(
        description="The searched records still in progress, by path (at most the first 1000)."
    )


class Neighbour(_Contract):
    """A segment around a match (--context)."""

    segment: JsonValue = Field(description="Segment id as the record holds it (a string in a valid record).")
    speaker: str | None = Field(description="Speaker, or null.")
    text: str = Field(description="The segment's text.")


class EvidenceNote(_Contract):
    """A piece of evidence for the hypothesis asked for."""

    stance: JsonValue = Field(description="Its stance as the record holds it (supports, contradicts or nuances).")
    note: JsonValue = Field(description="The coder's note as the record holds it (a string or null).")


class RetrievedSegment(_Contract):
    """One matching segment, with its context."""

    case: str = Field(description="Case pseudonym (the transcript id when the record has none).")
    transcript: str = Field(description="Transcript id.")
    coder: str = Field(description="Coder of the record.")
    segment: JsonValue = Field(description="Segment id as the record holds it (a string in a valid record).")
    index: JsonValue = Field(description="Position of the segment in the transcript as the record holds it.")
    speaker: str | None = Field(description="Speaker, or null.")
    text: str = Field(description="The segment's text.")
    quote: str = Field(
        description="What a report quotes of it: the sentences its coder marked, else its text cut after a "
        "sentence to about 220 characters (an ellipsis marks a cut)."
    )
    codes: list[str] = Field(description="The codes of the target it carries.")
    other_codes: list[JsonValue] = Field(description="Its other codes, as the record holds them.")
    evidence: list[EvidenceNote] = Field(description="For a hypothesis: the matching evidence; else empty.")
    memo: str | None = Field(description="The coder's memo, or null.")
    before: list[Neighbour] = Field(description="Up to --context segments before it.")
    after: list[Neighbour] = Field(description="Up to --context segments after it.")
    labels: list[str] = Field(description="Labels of `codes` (a code with polarity with its pole: 'label: present').")
    polarity: dict[str, str] = Field(
        description="Of `codes`, those with polarity: code id -> present or absent (missing: none given)."
    )


class RetrieveGroup(_Contract):
    key: str | None = Field(description="The group's key (an option id, a number, below/from, missing); null: all.")
    label: str = Field(description="The group's name.")
    segments: int = Field(description="Matching segments in the group.")
    cases: int = Field(description="Transcripts with a matching segment in the group.")
    items: list[RetrievedSegment] = Field(description="The segments, by transcript and position.")


class RetrieveResult(_Contract):
    """What `jimcode retrieve --format json` prints: every segment coded with the target."""

    schema_: Literal["jimcode.retrieve/1"] = Field(alias="schema", description="Name and version of this contract.")
    generated_by: str = Field(description="jimcode and its version.")
    codebook: ResultCodebook = Field(description="Id, version, title and language of the codebook used.")
    interface_language: str = Field(
        description="Language of jimcode's own words here (group labels, readings, verdicts): --lang or "
        "JIMCODE_LANG, else the codebook's (en, nl)."
    )
    target: RetrieveTarget = Field(description="The code, research question or hypothesis asked for.")
    filters: Filters = Field(description="The filters given.")
    context: int = Field(description="--context: segments shown before and after each match.")
    split: RetrieveSplit | None = Field(description="The --by split, null without one.")
    files: RetrieveFiles = Field(description="Files read, searched, filtered out and skipped.")
    warnings: list[Notice] = Field(description="Warnings about the records.")
    segments: int = Field(description="Matching segments.")
    cases: int = Field(description="Transcripts with a matching segment.")
    groups: list[RetrieveGroup] = Field(
        description="All cases alone, or with --by one group per value (a segment can be in several)."
    )


def dump(result: SummaryResult | RetrieveResult) -> dict[str, object]:
    """The result as the JSON document's dict (keys in contract order)."""
    return result.model_dump(by_alias=True)
