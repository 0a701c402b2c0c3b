"""A transcript pseudonymised: Markdown with front matter, whatever it was read from.

Markdown is written for every input format (.docx, .vtt, .srt too) because jimcode segments it the
same way: one paragraph per segment, `Speaker: text`, the speakers named in the front matter so
each label counts. Reading the output again must give the same segments with the same speakers;
`check_alignment` makes sure of that before anything is written.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from jimcode.errors import JimcodeError
from jimcode.pseudonymise.replace import Rewrite
from jimcode.transcripts.model import AttributeValue, Transcript, TranscriptMeta

# Option ids of category answers (`levvel`, `phase-6-12`) are the codebook's words, not names.
_OPTION_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")


def rewrite_value(value: AttributeValue, rewrite: Rewrite) -> AttributeValue:
    """An attribute value or interview fact with names and dates rewritten; option ids stay."""
    if isinstance(value, str):
        return value if _OPTION_ID.fullmatch(value) else rewrite(value)
    if isinstance(value, list):
        return [item if _OPTION_ID.fullmatch(item) else rewrite(item) for item in value]
    return value


def rewrite_meta(meta: TranscriptMeta, transcript_id: str, rewrite: Rewrite) -> dict[str, Any]:
    """The front matter of the pseudonymised transcript: every text field rewritten, the id always set."""
    data: dict[str, Any] = {"id": rewrite(meta.id or transcript_id)}
    for name in ("case", "interviewee", "organisation", "date", "place", "interviewer", "language"):
        value = getattr(meta, name)
        if value is not None:
            data[name] = value if name == "language" else rewrite(value)
    if meta.attributes:
        data["attributes"] = {key: rewrite_value(value, rewrite) for key, value in meta.attributes.items()}
    return data


def render_markdown(transcript: Transcript, rewrite: Rewrite) -> str:
    """The pseudonymised transcript as Markdown with front matter."""
    front = rewrite_meta(transcript.meta, transcript.id, rewrite)
    speakers = sorted({rewrite(s.speaker) for s in transcript.segments if s.speaker})
    if speakers:
        front["speakers"] = {name: name for name in speakers}
    front["segment_by"] = transcript.segment_by
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    paragraphs = []
    for segment in transcript.segments:
        text = rewrite(segment.text)
        paragraphs.append(f"{rewrite(segment.speaker)}: {text}" if segment.speaker else text)
    return f"---\n{header}---\n\n" + "\n\n".join(paragraphs) + "\n"


def check_alignment(original: Transcript, rewritten: Transcript, rewrite: Rewrite) -> None:
    """The pseudonymised transcript has the original's segments, one to one, with their speakers."""
    where = f"{original.path}: the pseudonymised transcript does not line up with the original"
    if len(rewritten.segments) != len(original.segments):
        raise JimcodeError(
            f"{where} ({len(rewritten.segments)} segments instead of {len(original.segments)}; "
            "do two speakers have the same pseudonym?)"
        )
    for before, after in zip(original.segments, rewritten.segments, strict=True):
        speaker = rewrite(before.speaker) if before.speaker else None
        if after.id != before.id or after.speaker != speaker or after.text != rewrite(before.text):
            raise JimcodeError(f"{where} (segment {before.id}, line {before.start_line or 0})")
