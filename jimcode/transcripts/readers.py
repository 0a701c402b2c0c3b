"""Read any supported transcript file into a `Transcript`: the one entry point for the rest of jimcode."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError
from jimcode.fileio import check_regular_file, read_regular
from jimcode.transcripts.decode import MAX_TRANSCRIPT_BYTES, decode_bytes, normalise_text, text_sha256
from jimcode.transcripts.frontmatter import read_front_matter, read_header
from jimcode.transcripts.model import SegmentBy, Transcript, TranscriptFormat, TranscriptMeta
from jimcode.transcripts.segment import SegmentedText, segment_text
from jimcode.transcripts.timed import parse_cues, segment_cues

FORMATS: dict[str, TranscriptFormat] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".docx": "docx",
    ".vtt": "webvtt",
    ".srt": "srt",
}
TRANSCRIPT_SUFFIXES = tuple(FORMATS)


def read_transcript(
    path: Path,
    *,
    segment_by: SegmentBy | None = None,
    speakers: Mapping[str, str] | None = None,
    display: str | None = None,
) -> Transcript:
    """Read, decode and segment a transcript (.md, .txt, .docx, .vtt, .srt).

    `segment_by` and `speakers` (label -> name; '' = "not a speaker") override
    the front matter. Raises `InvalidFileError` (with file:line diagnostics) for
    an empty file, binary data, bad front matter or an unknown format; softer
    problems (a cp1252 fallback, malformed timestamps) are in `Transcript.warnings`.
    """
    transcript, _ = load_transcript(path, segment_by=segment_by, speakers=speakers, display=display)
    return transcript


def load_transcript(
    path: Path,
    *,
    segment_by: SegmentBy | None = None,
    speakers: Mapping[str, str] | None = None,
    display: str | None = None,
) -> tuple[Transcript, list[Diagnostic]]:
    """`read_transcript`, also returning the warnings as diagnostics (for `jimcode validate`)."""
    file = display or str(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(TRANSCRIPT_SUFFIXES)
        raise InvalidFileError(
            [Diagnostic(file, 0, 0, "unknown-kind", f"not a transcript format jimcode reads ({known})")]
        )
    _check_size(path, file)
    warnings: list[Diagnostic] = []
    if kind == "docx":
        from jimcode.transcripts.wordfile import docx_lines

        text = normalise_text("\n".join(docx_lines(path, file)))
    else:
        try:
            raw = read_regular(path, MAX_TRANSCRIPT_BYTES, file)
        except OSError as exc:
            raise InvalidFileError([Diagnostic(file, 0, 0, "unreadable", exc.strerror or str(exc))]) from None
        decoded = decode_bytes(raw, file)
        text = decoded.text
        warnings += decoded.warnings
    lines = text.split("\n")
    meta, body_start = _metadata(lines, kind, file)
    speaker_map = {**meta.speakers, **(speakers or {})}
    mode = segment_by or meta.segment_by
    if kind in ("webvtt", "srt"):
        pieces, cue_warnings = parse_cues(lines, file, webvtt=kind == "webvtt")
        warnings += cue_warnings
        result: SegmentedText = segment_cues(pieces, file=file, speakers=speaker_map, segment_by=mode)
    else:
        result = segment_text(
            lines[body_start:], file=file, first_line=body_start + 1, speakers=speaker_map, segment_by=mode
        )
    warnings += result.warnings
    if not result.segments:
        where = "after the front matter" if body_start else "in the file"
        raise InvalidFileError([Diagnostic(file, body_start + 1, 0, "no-text", f"no transcript text {where}")])
    transcript = Transcript(
        id=meta.id or path.stem,
        path=str(path),
        format=kind,
        sha256=text_sha256(text),
        segment_by=result.segment_by,
        meta=meta.model_copy(update={"speakers": speaker_map}),
        segments=result.segments,
        warnings=[warning.as_text() for warning in warnings],
    )
    return transcript, warnings


def _check_size(path: Path, file: str) -> None:
    try:
        check_regular_file(path, MAX_TRANSCRIPT_BYTES, file)  # a FIFO or /dev/zero is refused before it is opened
    except OSError as exc:
        raise InvalidFileError([Diagnostic(file, 0, 0, "unreadable", exc.strerror or str(exc))]) from None


def _metadata(lines: list[str], kind: TranscriptFormat, file: str) -> tuple[TranscriptMeta, int]:
    """Front matter (.md, .txt) or a `Key: value` header (.md, .txt, .docx, and the
    WebVTT header block after `WEBVTT`): (meta, first body line index)."""
    if kind == "srt":
        return TranscriptMeta(), 0
    if kind == "webvtt":
        # Lines between `WEBVTT` and the first blank line are a header that players
        # ignore (YouTube writes `Kind:` and `Language:` there): room for `Casus: Yara`.
        end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
        header, _ = read_header(lines[:end], 1) if lines and lines[0].lstrip().startswith("WEBVTT") else ({}, 0)
        return (TranscriptMeta.model_validate(header) if header else TranscriptMeta()), 0
    if kind in ("markdown", "text"):
        block = read_front_matter(lines, file)
        if block.from_front_matter:
            return block.meta, block.body_start
    start = next((i for i, line in enumerate(lines) if line.strip()), 0)
    header, body_start = read_header(lines, start)
    if not header:
        return TranscriptMeta(), 0
    return TranscriptMeta.model_validate(header), body_start


def validate_transcript_file(path: Path, display: str) -> list[Diagnostic]:
    """Every problem `jimcode validate` reports for a transcript: errors, then warnings."""
    try:
        _, warnings = load_transcript(path, display=display)
    except InvalidFileError as exc:
        return exc.diagnostics
    return warnings
