"""Transcripts: readers for each file format and segmentation into speaker turns."""

from jimcode.transcripts.model import Segment, Transcript, TranscriptMeta

__all__ = ["Segment", "Transcript", "TranscriptMeta"]
