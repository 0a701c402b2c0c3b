"""Commands about transcripts: segment (preview how a transcript splits into segments)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jimcode.cli import messages
from jimcode.cli.app import app
from jimcode.cli.options import SegmentByOpt, checked_segment_by, format_option
from jimcode.errors import UsageError

if TYPE_CHECKING:
    from jimcode.transcripts.model import Segment, Transcript

PREVIEW_CHARS = 120


class SegmentFormat(StrEnum):
    table = "table"
    json = "json"


@app.command()
def segment(
    file: Annotated[Path, typer.Argument(help="The transcript: .md, .txt, .docx, .vtt or .srt.")],
    format: Annotated[SegmentFormat, format_option("table (for reading) or json (for scripts).")] = SegmentFormat.table,
    segment_by: SegmentByOpt = None,
    speaker: Annotated[
        list[str] | None,
        typer.Option(
            "--speaker",
            metavar="LABEL=NAME",
            help="Name a speaker label, e.g. --speaker R=Cecile (repeatable); LABEL= (no name) reads it as text.",
        ),
    ] = None,
    full: Annotated[bool, typer.Option("--full", help="Show each segment's whole text, not a preview.")] = False,
) -> None:
    """Show how a transcript splits into segments, with turns and words per speaker.

    Check this before coding: each row is one segment (a speaker turn, or a
    paragraph when the transcript names no speakers) with its id, speaker, source
    lines or times, and text. The JSON names the metadata found in the file's front matter
    or header (`metadata_found`). When the heuristics guess wrong, fix it with
    --speaker / --segment-by, or with `speakers:` and `segment_by:` in the front matter.

    Example: jimcode segment interviews/noah.md --speaker I=Interviewer --speaker R=Cecile
    """
    from jimcode.transcripts.readers import read_transcript

    speakers = _speaker_overrides(speaker or [])
    transcript = read_transcript(file, segment_by=checked_segment_by(segment_by), speakers=speakers or None)
    for warning in transcript.warnings:
        messages.warning(warning)
    if format is SegmentFormat.json:
        sys.stdout.write(_as_json(transcript) + "\n")
    else:
        _print_tables(transcript, full=full)


def _speaker_overrides(values: list[str]) -> dict[str, str]:
    overrides: dict[str, str] = {}
    for value in values:
        label, equals, name = value.partition("=")
        if not equals or not label.strip():
            raise UsageError(f"--speaker expects LABEL=NAME (e.g. --speaker R=Cecile), got '{value}'")
        overrides[label.strip()] = name.strip()
    return overrides


def _as_json(transcript: Transcript) -> str:
    from dataclasses import asdict

    from jimcode.transcripts.stats import speaker_statistics

    data = transcript.model_dump(mode="json")
    data["metadata_found"] = _metadata_found(transcript)
    data["speaker_statistics"] = [asdict(row) for row in speaker_statistics(transcript)]
    return json.dumps(data, ensure_ascii=False, indent=2)


def _metadata_found(transcript: Transcript) -> dict[str, object]:
    """What the file itself said about the interview (front matter or header), apart from the settings."""
    found: dict[str, object] = transcript.meta.model_dump(
        mode="json", exclude_defaults=True, exclude={"speakers", "segment_by"}
    )
    return found


def _where(segment: Segment) -> str:
    if segment.start_time is not None or segment.end_time is not None:
        return f"{_clock(segment.start_time)}–{_clock(segment.end_time)}"
    if segment.start_line is None:
        return ""
    if segment.start_line == segment.end_line:
        return str(segment.start_line)
    return f"{segment.start_line}–{segment.end_line}"


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _print_tables(transcript: Transcript, *, full: bool) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from jimcode.transcripts.stats import speaker_statistics

    timed = transcript.format in ("webvtt", "srt", "json")
    title = (
        f"{transcript.path}: {len(transcript.segments)} segments by {transcript.segment_by} "
        f"(id {transcript.id}, {transcript.format})"
    )
    segments = Table(show_lines=full)
    segments.add_column("id", no_wrap=True)
    segments.add_column("speaker")
    segments.add_column("time" if timed else "lines", no_wrap=True)
    segments.add_column("words", justify="right")
    segments.add_column("text")
    for item in transcript.segments:
        text = item.text if full or len(item.text) <= PREVIEW_CHARS else item.text[: PREVIEW_CHARS - 1] + "…"
        segments.add_row(item.id, Text(item.speaker or "—"), _where(item), str(len(item.text.split())), Text(text))
    speakers = Table(title="Speakers", title_justify="left")
    speakers.add_column("speaker")
    speakers.add_column("segments", justify="right")
    speakers.add_column("words", justify="right")
    speakers.add_column("share", justify="right")
    for row in speaker_statistics(transcript):
        speakers.add_row(Text(row.speaker or "(no speaker)"), str(row.segments), str(row.words), f"{row.share:.0%}")
    console = Console(highlight=False)
    console.print(Text(title), soft_wrap=True)
    found = _metadata_found(transcript)
    if found:
        metadata = Table(title="Metadata (not segments)", title_justify="left")
        metadata.add_column("key")
        metadata.add_column("value")
        for key, value in found.items():
            rows = value.items() if isinstance(value, dict) else [(key, value)]
            for name, shown in rows:
                text = shown if isinstance(shown, str) else json.dumps(shown, ensure_ascii=False)
                metadata.add_row(Text(str(name)), Text(text))
        console.print(metadata)
    console.print(segments)
    console.print(speakers)
