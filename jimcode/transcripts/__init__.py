"""Transcripts: readers for each file format and segmentation into speaker turns.

`read_transcript(path)` is the entry point: .md/.txt (optional YAML front
matter), .docx, .vtt and .srt in, an ordered list of segments with stable ids out.
"""

from jimcode.transcripts.model import Segment, SegmentBy, Transcript, TranscriptMeta
from jimcode.transcripts.readers import TRANSCRIPT_SUFFIXES, read_transcript
from jimcode.transcripts.stats import SpeakerStats, speaker_statistics

__all__ = [
    "TRANSCRIPT_SUFFIXES",
    "Segment",
    "SegmentBy",
    "SpeakerStats",
    "Transcript",
    "TranscriptMeta",
    "read_transcript",
    "speaker_statistics",
]
