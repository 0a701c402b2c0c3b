"""WebVTT and SubRip transcripts: cues with times, speakers from voice tags or `Name:` prefixes.

Transcription tools write cues of a few seconds each. Consecutive cues of one
speaker merge into one turn that keeps the first start and the last end time;
a cue without a speaker continues the current one. Speakers come from WebVTT
voice tags (`<v Hurst, Peter>`, Teams), from `Name: ` prefixes (Zoom), or not
at all (Whisper, OneDrive): then a segment is a stretch of speech that ends a
sentence before a pause. `segment_by` can ask for other units instead: `cue`
(every cue its own segment) or `time` (a segment per window of N seconds from
its first cue; a change of speaker still starts a new one). Malformed timestamps (not zero-padded, even negative)
never lose the text: the time is left empty and a warning says so.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError
from jimcode.transcripts.labels import LabelMatch, accept_labels, label_key, match_label
from jimcode.transcripts.model import SegmentBy
from jimcode.transcripts.segment import (
    Draft,
    SegmentedText,
    SpeakerNames,
    choose_mode,
    lonely_label_warnings,
    look_alike_warnings,
    merge_look_alikes,
    normalise_speaker_map,
    number_segments,
    refuse_if_too_long,
)

PAUSE_SECONDS = 1.0  # a pause after a finished sentence ends a paragraph
LONG_PAUSE_SECONDS = 3.0  # a pause this long ends a paragraph anyway
MAX_PARAGRAPH_WORDS = 150  # a finished sentence past this many words ends a paragraph

# Digits are bounded: an hour of 321 digits is a malformed time, not an OverflowError.
_TIMESTAMP = re.compile(r"(?:(?P<h>-?\d{1,6}):)?(?P<m>-?\d{1,4}):(?P<s>-?\d{1,4})(?:[.,](?P<f>-?\d{1,9}))?")
# Most cues start with `Name:` (Zoom): the format makes every such prefix a label, even one seen once.
EVERY_CUE_SHARE = 0.9
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+(?P<name>[^>]*))?>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<\d[\d:.]*>|\{\\[^}]*\}")
_SENTENCE_END = re.compile(r"[.!?…]['\"”’)\]]*$")
_SKIPPED_BLOCKS = ("NOTE", "STYLE", "REGION")


@dataclass
class Piece:
    """The text of one cue (or of one voice within a cue)."""

    text: str
    start: float | None
    end: float | None
    first_line: int
    last_line: int
    voice: str | None = None


@dataclass(frozen=True)
class Timestamp:
    seconds: float | None
    malformed: bool


def parse_timestamp(token: str) -> Timestamp:
    """Tolerant: `00:01:02.500`, `1:02,5`, Teams' unpadded `0:0:10.20` (= 10.020 s); negative -> None."""
    match = _TIMESTAMP.fullmatch(token.strip())
    if not match:
        return Timestamp(None, True)
    parts = [match["h"] or "0", match["m"], match["s"], match["f"] or "0"]
    if any(part.startswith("-") for part in parts):
        return Timestamp(None, True)
    hours, minutes, seconds = (int(part) for part in parts[:3])
    fraction = parts[3]
    unpadded = any(len(part) == 1 for part in (match["h"], match["m"], match["s"]) if part is not None)
    millis = int(fraction) / 1000 if unpadded and len(fraction) < 3 else float(f"0.{fraction}")
    return Timestamp(hours * 3600 + minutes * 60 + seconds + millis, False)


def _blocks(lines: Sequence[str]) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines: (0-based index of the first line, lines)."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for index, line in enumerate(lines):
        if line.strip():
            if not current:
                start = index
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def parse_cues(lines: Sequence[str], file: str, *, webvtt: bool) -> tuple[list[Piece], list[Diagnostic]]:
    """Every cue's text as pieces, with times and line numbers (1-based)."""
    warnings: list[Diagnostic] = []
    pieces: list[Piece] = []
    malformed: list[tuple[int, str]] = []
    refuse_if_too_long(sum(1 for line in lines if "-->" in line), "cues", file)
    blocks = _blocks(lines)
    if webvtt:
        if blocks and blocks[0][1][0].strip().startswith("WEBVTT"):
            header_start, header = blocks[0]
            blocks = blocks[1:]
            timing_in_header = next((i for i, line in enumerate(header) if "-->" in line), None)
            if timing_in_header is not None:  # no blank line after the header
                blocks.insert(0, (header_start + timing_in_header, header[timing_in_header:]))
        else:
            warnings.append(
                Diagnostic(
                    file, 1, 0, "webvtt-header", "the file does not start with 'WEBVTT'; read it anyway", "warning"
                )
            )
    for start, block in blocks:
        if webvtt and block[0].split(" ", 1)[0] in _SKIPPED_BLOCKS and "-->" not in block[0]:
            continue
        timing = next((i for i, line in enumerate(block) if "-->" in line), None)
        if timing is None:  # stray text (a blank line inside a cue?): keep it with the cue before
            payload, begin, end = block, None, None
            first = start + 1
        else:
            left, _, right = block[timing].partition("-->")
            right_token = right.split()[0] if right.split() else ""
            begin, end = parse_timestamp(left), parse_timestamp(right_token)
            for stamp, token in ((begin, left.strip()), (end, right_token)):
                if stamp.malformed:
                    malformed.append((start + timing + 1, token))
            payload = block[timing + 1 :]
            first = start + timing + 2
        if not payload:
            continue
        last = first + len(payload) - 1
        start_s = begin.seconds if begin else None
        end_s = end.seconds if end else None
        if timing is None and pieces:
            start_s, end_s = pieces[-1].end, pieces[-1].end
        pieces.extend(_voices(" ".join(payload), start_s, end_s, first, last))
    if not any("-->" in line for line in lines):
        kind = "WebVTT" if webvtt else "SubRip"
        raise InvalidFileError(
            [Diagnostic(file, 1, 0, "no-cues", f"no cues found (lines with '-->'); is this really a {kind} file?")]
        )
    if malformed:
        line, token = malformed[0]
        warnings.append(
            Diagnostic(
                file,
                line,
                0,
                "timestamp",
                f"{len(malformed)} malformed timestamp(s), the first '{token}'; "
                "their times are left empty, the text is kept",
                "warning",
            )
        )
    return pieces, warnings


def _voices(payload: str, start: float | None, end: float | None, first: int, last: int) -> list[Piece]:
    """Split a cue's payload by voice tags and strip the remaining markup."""
    found: list[Piece] = []
    position, voice = 0, None
    for match in _VOICE.finditer(payload):
        _add_piece(found, payload[position : match.start()], voice, start, end, first, last)
        voice = " ".join((match["name"] or "").split()) or None
        position = match.end()
    _add_piece(found, payload[position:], voice, start, end, first, last)
    return found


def _add_piece(found: list[Piece], raw: str, voice: str | None, *times_and_lines) -> None:
    text = " ".join(html.unescape(_TAG.sub(" ", raw)).split())
    if text:
        start, end, first, last = times_and_lines
        found.append(Piece(text, start, end, first, last, voice))


def segment_cues(
    pieces: Sequence[Piece],
    *,
    file: str,
    speakers: Mapping[str, str] | None = None,
    segment_by: SegmentBy | None = None,
    window_seconds: int | None = None,
) -> SegmentedText:
    """Cues to turns, paragraphs, single cues or time windows: see the module docstring."""
    speaker_map = normalise_speaker_map(speakers)
    keyed: list[tuple[Piece, str | None, str]] = []  # piece, speaker key, text without the label
    warnings: list[Diagnostic] = []
    voiced = [piece for piece in pieces if piece.voice]
    if voiced:
        matches = [LabelMatch(p.voice or "", label_key(p.voice or ""), "voice", p.text) for p in voiced]
        accepted = frozenset(match.key for match in matches if speaker_map.get(match.key, None) != "")
        names = SpeakerNames(matches, accepted, speaker_map)
        for piece in pieces:
            key = label_key(piece.voice) if piece.voice else None
            keyed.append((piece, key if key in accepted else None, piece.text))
    else:
        candidates = [(piece, match_label(piece.text)) for piece in pieces]
        found = [match for _, match in candidates if match]
        every_cue = len(found) >= 2 and len(found) >= EVERY_CUE_SHARE * len(pieces)
        decision = accept_labels(found, speaker_map, every_cue_labelled=every_cue)
        found = [merge_look_alikes(match, decision) for match in found]
        names = SpeakerNames(found, decision.accepted, speaker_map)
        first_seen = {match.label: piece.first_line for piece, match in reversed(candidates) if match}
        warnings += lonely_label_warnings(file, decision, first_seen)
        warnings += look_alike_warnings(
            file, decision, [(piece.first_line, match) for piece, match in candidates if match], names
        )
        for piece, match in candidates:
            if match and (match.key in decision.accepted or match.key in decision.aliases):
                keyed.append((piece, merge_look_alikes(match, decision).key, match.rest))
            else:
                keyed.append((piece, None, piece.text))
    has_speakers = any(key for _, key, _ in keyed)
    mode, more = choose_mode(file, segment_by, has_speakers, timed=True)
    drafts = _merge(keyed, names, mode, window_seconds or 60)
    return SegmentedText(number_segments(drafts, file), mode, warnings + more)


def _merge(
    keyed: Sequence[tuple[Piece, str | None, str]], names: SpeakerNames, mode: SegmentBy, window: int
) -> list[Draft]:
    drafts: list[Draft] = []
    current: Draft | None = None
    speaker: str | None = None
    words = 0
    previous: Piece | None = None
    for piece, key, text in keyed:
        named = names(key) if key else speaker
        new = current is None or named != speaker
        if mode == "cue" and previous is not None:  # two voices of one cue share its first line
            new = new or piece.first_line != previous.first_line
        if not new and mode == "paragraph" and previous is not None and current is not None:
            new = _paragraph_ends(current.parts[-1] if current.parts else "", previous, piece, words)
        if not new and mode == "time" and current is not None and current.start_time is not None:
            new = piece.start is not None and piece.start >= current.start_time + window
        speaker = named
        if current is None or new:
            current = Draft(speaker, start_time=piece.start)
            drafts.append(current)
            words = 0
        current.add(text, " ", piece.first_line)
        current.end_line = piece.last_line
        if piece.end is not None:
            current.end_time = piece.end
        words += len(text.split())
        previous = piece
    return drafts


def _paragraph_ends(last_text: str, previous: Piece, piece: Piece, words: int) -> bool:
    gap = piece.start - previous.end if piece.start is not None and previous.end is not None else None
    if gap is not None and gap >= LONG_PAUSE_SECONDS:
        return True
    if not _SENTENCE_END.search(last_text):
        return False
    return (gap is not None and gap >= PAUSE_SECONDS) or words >= MAX_PARAGRAPH_WORDS
