"""What every transcript reader produces: metadata and an ordered list of segments."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

AttributeValue = int | float | str | bool | list[str] | None
SegmentBy = Literal["turn", "paragraph"]
TranscriptFormat = Literal["markdown", "text", "docx", "webvtt", "srt"]


class TranscriptMeta(BaseModel):
    """Front matter of a transcript (all optional): who, where, when, and known case facts."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str | None = Field(default=None, description="Transcript id; defaults to the file name.")
    title: str | None = Field(default=None, description="The document's title line, when it has one.")
    case: str | None = Field(default=None, description="The case's pseudonym (e.g. Noah).")
    interviewee: str | None = Field(default=None, description="Who was interviewed (role or pseudonym).")
    organisation: str | None = None
    date: str | None = None
    place: str | None = Field(default=None, description="Where the interview took place.")
    interviewer: str | None = None
    language: str | None = None
    details: dict[str, str] = Field(
        default_factory=dict,
        description="Other header lines (e.g. Persons Present, Duration), as written; read, never coded.",
    )
    attributes: dict[str, AttributeValue] = Field(
        default_factory=dict, description="Case attribute values stated in the interview."
    )
    speakers: dict[str, str] = Field(
        default_factory=dict, description="Speaker labels to names, e.g. {I: Interviewer}."
    )
    segment_by: SegmentBy | None = Field(default=None, description="Override: 'turn' (speaker turns) or 'paragraph'.")


class Segment(BaseModel):
    """One unit of coding: a speaker turn, or a paragraph when there are no speakers."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="Stable id, e.g. 's012'.")
    index: int = Field(description="0-based position in the transcript.")
    speaker: str | None = None
    text: str
    start_line: int | None = Field(default=None, description="1-based first source line.")
    end_line: int | None = Field(default=None, description="1-based last source line.")
    start_time: float | None = Field(default=None, description="Seconds, for timed formats.")
    end_time: float | None = None


class Transcript(BaseModel):
    id: str
    path: str
    format: TranscriptFormat
    sha256: str = Field(description="sha256 of the normalised text (BOM, encoding and line endings removed).")
    segment_by: SegmentBy
    meta: TranscriptMeta = Field(default_factory=TranscriptMeta)
    segments: list[Segment]
    warnings: list[str] = Field(default_factory=list)

    @property
    def case(self) -> str:
        """The case pseudonym, or the transcript id when the front matter names none."""
        return self.meta.case or self.id
