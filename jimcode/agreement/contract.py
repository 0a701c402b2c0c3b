"""The published JSON contract of `jimcode agreement --format json`, as pydantic models.

Built once per run from the `AgreementReport` (`AgreementReport.result()`); `--format json` is its
dump and `jimcode schema agreement` its JSON Schema. Fields are declared in the order they appear
in the JSON and are always present; statistics that are not defined are null.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from jimcode.agreement.pairs import GroupStatus
from jimcode.agreement.stats import Level
from jimcode.records.model import SegmentStatus, Stance, Verdict
from jimcode.transcripts.model import AttributeValue


class _Contract(BaseModel):
    # extra="forbid": a key the contract does not declare is a bug, not data to carry along
    model_config = ConfigDict(extra="forbid")


class StatisticRow(_Contract):
    """The agreement on one thing compared: what, on how many units, and how well coders agreed."""

    key: str = Field(description="What was compared: a code, question, attribute or hypothesis id; * for a pool.")
    label: str = Field(description="Its label.")
    group: str | None = Field(description="For a code: the research question it belongs to; else null.")
    level: Level = Field(description="Level of measurement used for Krippendorff's alpha.")
    units: int = Field(description="Units coded by at least two coders.")
    percent_agreement: float | None = Field(description="Share of pairable values that agree (0-1); null if none.")
    cohen_kappa: float | None = Field(
        description="Cohen's kappa; null unless exactly two coders and nominal data, or when not computable."
    )
    krippendorff_alpha: float | None = Field(
        description="Krippendorff's alpha; null when not computable (no pairs, or no variation)."
    )
    below_threshold: bool = Field(description="Alpha computed and below --threshold.")
    uses: dict[str, int] = Field(
        description="Per coder: units where the coder applied the code (gave an answer, a stance, a verdict)."
    )
    note: str | None = Field(description="Why a statistic is missing, or that a code is not in the codebook.")


class AgreementCodebook(_Contract):
    id: str = Field(description="Codebook id.")
    version: str = Field(description="Codebook version.")


class TranscriptEntry(_Contract):
    """The records found for one transcript."""

    id: str = Field(description="Transcript id.")
    case: str = Field(description="Case pseudonym.")
    coders: list[str] = Field(description="Coders whose records are compared (consensus left out).")
    status: GroupStatus = Field(
        description="double-coded: compared; not double-coded: one coder only; mismatch: not comparable."
    )
    problem: str | None = Field(description="Why a mismatch is not comparable; else null.")
    consensus: str | None = Field(description="Path of the consensus record (set aside), or null.")
    records: list[str] = Field(description="Paths of the coders' records.")


class EvidenceGiven(_Contract):
    """One piece of evidence as a coder recorded it."""

    hypothesis: str = Field(description="Hypothesis id.")
    stance: Stance = Field(description="The stance.")
    note: str | None = Field(description="The coder's note, or null.")


class CoderDecision(_Contract):
    """One coder's decision on a disputed segment."""

    status: SegmentStatus = Field(description="The segment's status in this record.")
    codes: list[str] = Field(description="The codes applied.")
    polarity: dict[str, str] = Field(description="Of the codes with polarity: code id -> present or absent.")
    evidence: list[EvidenceGiven] = Field(description="The evidence recorded.")
    memo: str | None = Field(description="The coder's memo, or null.")


class SegmentDispute(_Contract):
    """A segment on which the coders who decided it differ."""

    transcript: str = Field(description="Transcript id.")
    case: str = Field(description="Case pseudonym.")
    segment: int = Field(description="The segment's number (1-based, as a coder sees it).")
    segment_id: str = Field(description="Segment id.")
    speaker: str | None = Field(description="Speaker, or null.")
    text: str = Field(description="The segment's full text.")
    disputed_codes: list[str] = Field(description="Codes some deciding coders applied and others did not.")
    agreed_codes: list[str] = Field(description="Codes every deciding coder applied.")
    disputed_hypotheses: list[str] = Field(description="Hypotheses with different stances (or none) per coder.")
    relevance_differs: bool = Field(description="Some coders coded the segment, others marked it not relevant.")
    coders: dict[str, CoderDecision] = Field(description="Each coder's decision, by coder.")


class AttributeDispute(_Contract):
    """A case attribute answered differently."""

    transcript: str = Field(description="Transcript id.")
    case: str = Field(description="Case pseudonym.")
    attribute: str = Field(description="Attribute id.")
    values: dict[str, AttributeValue] = Field(description="Each coder's answer as recorded (null: not answered).")


class VerdictGiven(_Contract):
    """A coder's verdict on a hypothesis."""

    hypothesis: str = Field(description="Hypothesis id.")
    verdict: Verdict = Field(description="The verdict.")
    note: str | None = Field(description="The coder's note, or null.")


class VerdictDispute(_Contract):
    """A hypothesis on which the coders gave different verdicts."""

    transcript: str = Field(description="Transcript id.")
    case: str = Field(description="Case pseudonym.")
    hypothesis: str = Field(description="Hypothesis id.")
    verdicts: dict[str, VerdictGiven | None] = Field(description="Each coder's verdict (null: none given).")


class Disagreements(_Contract):
    """Everything to discuss, with ids, full text and each coder's decision."""

    segments: list[SegmentDispute] = Field(description="Disputed segments, in transcript order.")
    attributes: list[AttributeDispute] = Field(description="Case attributes answered differently.")
    verdicts: list[VerdictDispute] = Field(description="Hypotheses with different verdicts.")


class AgreementResult(_Contract):
    """What `jimcode agreement --format json` prints: reliability per code, question, attribute and hypothesis."""

    coders: list[str] = Field(description="Every coder of a double-coded transcript, sorted.")
    codebook: AgreementCodebook | None = Field(description="The codebook used for labels, or null without one.")
    threshold: float = Field(description="--threshold: codes with alpha below it are flagged.")
    good: float = Field(description="Alpha from which a variable counts as reliable (Krippendorff: 0.8).")
    threshold_source: str = Field(description="Where the thresholds come from.")
    transcripts: list[TranscriptEntry] = Field(description="Every transcript found, compared or not.")
    overall: StatisticRow | None = Field(description="All codes pooled (segment x code); null with < 2 coders.")
    questions: list[StatisticRow] = Field(description="Per research question, pooled over its codes.")
    codes: list[StatisticRow] = Field(description="Per code (units: segments).")
    flagged_codes: list[str] = Field(description="Ids of the codes whose alpha is below the threshold.")
    relevance: StatisticRow | None = Field(description="Segment relevance (coded / not relevant), or null.")
    evidence: list[StatisticRow] = Field(description="Per hypothesis: the stance per segment, then pooled.")
    attributes: list[StatisticRow] = Field(description="Per case attribute (units: transcripts).")
    verdicts: list[StatisticRow] = Field(description="Per hypothesis verdict (units: transcripts), then pooled.")
    not_compared: list[str] = Field(description="Attributes not compared (free text).")
    disagreements: Disagreements = Field(description="The disagreements to discuss.")
    warnings: list[str] = Field(description="Warnings about the records (also printed on stderr).")
