"""WhisperX JSON: `{"segments": [{"start": 0.0, "end": 2.5, "text": "…", "speaker": "SPEAKER_00"}, …]}`.

A `.json` transcript is recognised by its content: an object with a `segments` list whose
entries have a `text`. A jimcode coded record (it has `format_version`) is named as such and
refused, never read as a transcript. Each entry becomes a piece of speech like a subtitle cue,
its `speaker` a voice; "line" numbers of a JSON transcript are entry numbers (1-based).
"""

from __future__ import annotations

import json
from typing import Any

from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError
from jimcode.transcripts.segment import refuse_if_too_long
from jimcode.transcripts.timed import Piece


def _error(file: str, code: str, message: str, line: int = 0) -> InvalidFileError:
    return InvalidFileError([Diagnostic(file, line, 0, code, message)])


def json_pieces(text: str, file: str) -> list[Piece]:
    """The speech of a WhisperX-style JSON transcript, in order; `InvalidFileError` for anything else."""
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _error(file, "not-json", f"not valid JSON ({exc.msg})", exc.lineno) from None
    except RecursionError:
        raise _error(file, "not-json", "JSON nested too deeply to be a transcript") from None
    if isinstance(data, dict) and "format_version" in data:
        raise _error(
            file,
            "coded-record",
            "this is a jimcode coded record, not a transcript (records are read by summary, agreement, validate)",
        )
    if not is_whisperx(data):
        raise _error(
            file,
            "not-a-transcript",
            'not a transcript jimcode reads: a JSON transcript is WhisperX output, {"segments": [{"text": …}, …]}',
        )
    entries: list[dict[str, Any]] = data["segments"]
    refuse_if_too_long(len(entries), "segments", file)
    pieces = []
    for number, entry in enumerate(entries, start=1):
        words = " ".join(entry["text"].split())
        if not words:
            continue
        speaker = entry.get("speaker")
        pieces.append(
            Piece(
                words,
                _seconds(entry.get("start")),
                _seconds(entry.get("end")),
                number,
                number,
                speaker.strip() or None if isinstance(speaker, str) else None,
            )
        )
    return pieces


def is_whisperx(data: object) -> bool:
    """Parsed JSON that is a WhisperX-style transcript: `segments` of objects with a `text`, no `format_version`."""
    if not isinstance(data, dict) or "format_version" in data:
        return False
    entries = data.get("segments")
    return isinstance(entries, list) and all(
        isinstance(entry, dict) and isinstance(entry.get("text"), str) for entry in entries
    )


def _seconds(value: object) -> float | None:
    """A time in seconds; anything else (missing, text, negative, not finite) is no time."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    seconds = float(value)
    return seconds if 0 <= seconds < 10**7 else None
