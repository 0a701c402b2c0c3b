"""Carry a record's decisions over to a changed transcript, segment by unchanged segment."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from jimcode.records.model import CodedRecord, SegmentDecision, TranscriptRef
from jimcode.transcripts.model import Segment, Transcript


@dataclass(frozen=True)
class Realignment:
    record: CodedRecord
    carried: int
    to_recode: list[SegmentDecision]
    """New or changed segments, open again."""
    left_behind: list[SegmentDecision]
    """Old segments whose text is gone; those with decisions are listed for the coder (never silently lost)."""


def _key(text: str) -> str:
    return " ".join(text.split())


def fresh_decision(segment: Segment) -> SegmentDecision:
    return SegmentDecision(
        segment_id=segment.id,
        index=segment.index,
        speaker=segment.speaker,
        text=segment.text,
        start_line=segment.start_line,
        end_line=segment.end_line,
        start_time=segment.start_time,
        end_time=segment.end_time,
    )


def has_decisions(decision: SegmentDecision) -> bool:
    return bool(decision.codes or decision.evidence or decision.memo or decision.status != "open")


def realign(record: CodedRecord, transcript: Transcript, transcript_ref: TranscriptRef) -> Realignment:
    """Match segments by text (in order, whitespace ignored); decisions follow their text."""
    old = record.segments
    new = transcript.segments
    matcher = difflib.SequenceMatcher(None, [_key(d.text) for d in old], [_key(s.text) for s in new], autojunk=False)
    source: dict[int, SegmentDecision] = {}
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            source[block.b + offset] = old[block.a + offset]
    matched_old = {id(d) for d in source.values()}
    segments: list[SegmentDecision] = []
    to_recode: list[SegmentDecision] = []
    for segment in new:
        decision = fresh_decision(segment)
        before = source.get(segment.index)
        if before is not None:
            decision = decision.model_copy(
                update={
                    "status": before.status,
                    "codes": before.codes,
                    "polarity": before.polarity,
                    "evidence": before.evidence,
                    "memo": before.memo,
                    "quote_sentences": before.quote_sentences,
                }
            )
        else:
            to_recode.append(decision)
        segments.append(decision)
    left_behind = [d for d in old if id(d) not in matched_old and has_decisions(d)]
    reopened = {"status": "in_progress", "completed_at": None} if to_recode else {}
    updated = record.model_copy(update={"transcript": transcript_ref, "segments": segments, **reopened})
    return Realignment(updated, len(new) - len(to_recode), to_recode, left_behind)
