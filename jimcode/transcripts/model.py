"""What every transcript reader produces: metadata and an ordered list of segments."""

from __future__ import annotations

import re
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

AttributeValue = int | float | str | bool | list[str] | None
SegmentBy = Literal["turn", "paragraph", "cue", "time"]

# The rules that split a transcript into segments, versioned: a record names the version it was
# coded under, so a transcript that today's rules split differently is realigned, never misread.
# 1: the first rules; 2: headers and titles are metadata, one-time speakers in unambiguous
# formats, glued and look-alike labels, no Markdown in segment text.
SEGMENTATION_VERSION: Final = 2
MAX_WINDOW_SECONDS = 24 * 3600
_SPEC = re.compile(r"(?P<mode>turn|paragraph|cue)|time:(?P<seconds>\d{1,5})s?")


def parse_segment_by(spec: str) -> tuple[SegmentBy, int | None]:
    """'turn' / 'paragraph' / 'cue' / 'time:60s' -> (mode, window seconds); ValueError when it is none of them."""
    match = _SPEC.fullmatch(spec.strip().lower())
    if not match:
        raise ValueError(f"'{spec}' is not one of turn, paragraph, cue, time:60s (a window of any seconds)")
    if match["mode"]:
        mode: SegmentBy = match["mode"]  # type: ignore[assignment]  # the pattern allows only these
        return mode, None
    seconds = int(match["seconds"])
    if not 1 <= seconds <= MAX_WINDOW_SECONDS:
        raise ValueError(f"'{spec}': a time window is 1 to {MAX_WINDOW_SECONDS} seconds")
    return "time", seconds


def segment_by_spec(mode: SegmentBy, window_seconds: int | None) -> str:
    """The inverse of `parse_segment_by`: ('time', 60) -> 'time:60s'."""
    return f"time:{window_seconds}s" if mode == "time" else mode


TranscriptFormat = Literal["markdown", "text", "docx", "odt", "webvtt", "srt", "json"]


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
    segment_by: str | None = Field(
        default=None, description="Override: 'turn', 'paragraph', 'cue' or 'time:60s' (see `parse_segment_by`)."
    )

    @field_validator("segment_by")
    @classmethod
    def _known_segment_by(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                parse_segment_by(value)
            except ValueError:  # worded like any other value outside its choices
                raise PydanticCustomError(
                    "literal_error", "not a segment_by", {"expected": "'turn', 'paragraph', 'cue' or 'time:60s'"}
                ) from None
        return value


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
    window_seconds: int | None = Field(default=None, description="The window of segment_by 'time'.")
    segmentation: int = Field(default=SEGMENTATION_VERSION, description="The version of the segmentation rules.")
    meta: TranscriptMeta = Field(default_factory=TranscriptMeta)
    segments: list[Segment]
    warnings: list[str] = Field(default_factory=list)

    @property
    def segment_by_spec(self) -> str:
        return segment_by_spec(self.segment_by, self.window_seconds)

    @property
    def case(self) -> str:
        """The case pseudonym, or the transcript id when the front matter names none."""
        return self.meta.case or self.id
