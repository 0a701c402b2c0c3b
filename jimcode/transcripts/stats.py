"""Who says how much: turns and words per speaker, for checking a segmentation before coding."""

from __future__ import annotations

from dataclasses import dataclass

from jimcode.transcripts.model import Transcript


@dataclass(frozen=True)
class SpeakerStats:
    speaker: str | None  # None: segments without a named speaker
    segments: int
    words: int
    share: float  # of all words, 0..1


def speaker_statistics(transcript: Transcript) -> list[SpeakerStats]:
    """One row per speaker in order of first appearance."""
    segments: dict[str | None, int] = {}
    words: dict[str | None, int] = {}
    for segment in transcript.segments:
        segments[segment.speaker] = segments.get(segment.speaker, 0) + 1
        words[segment.speaker] = words.get(segment.speaker, 0) + len(segment.text.split())
    total = sum(words.values()) or 1
    return [SpeakerStats(speaker, count, words[speaker], words[speaker] / total) for speaker, count in segments.items()]
