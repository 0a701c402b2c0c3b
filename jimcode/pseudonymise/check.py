"""`--check`: is anything identifying still in the files about to be shared? For CI.

Each original name of the key (any form, any case, inflected) still present is reported at file:line,
naming the key line rather than the name, so a CI log does not spread it. Suggestions (see
`suggest`) not in the key and not kept are reported too: e-mail addresses, phone numbers, BSN-like
numbers, addresses and postcodes always; capitalised words when seen at least `threshold` times.
Dates are not reported (shift them with the key's date_shift, or use --dates month).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from jimcode.corpus import RECORD_SUFFIX
from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError, JimcodeError
from jimcode.pseudonymise.key import PseudonymKey
from jimcode.pseudonymise.replace import NameReplacer
from jimcode.pseudonymise.suggest import STRUCTURED_KINDS, Frequency, Note, suggest
from jimcode.records.model import parse_record
from jimcode.transcripts.model import Transcript
from jimcode.transcripts.readers import TRANSCRIPT_SUFFIXES, read_transcript

MAX_CHECKED_BYTES = 64 * 1024 * 1024


def check_files(
    files: Sequence[Path], key: PseudonymKey, *, threshold: int | None, frequency: Frequency | None = None
) -> list[Diagnostic]:
    """Every place in `files` where a name of the key, or (with `threshold`) a suggestion, is still present."""
    names = NameReplacer(key.forms())
    lines_of = key.entry_lines()
    found: list[Diagnostic] = []
    transcripts: list[Transcript] = []
    notes: list[Note] = []
    for path in files:
        file = str(path)
        if path.suffix.lower() in TRANSCRIPT_SUFFIXES:
            transcripts.append(read_transcript(path))
        lines = _lines(path, transcripts[-1] if path.suffix.lower() == ".docx" else None)
        if path.suffix.lower() == RECORD_SUFFIX:
            notes += _record_notes(path, lines)
        for number, line in lines:
            for match in names.finditer(line):
                found.append(
                    Diagnostic(
                        file,
                        number,
                        match.start + 1,
                        "original-name",
                        f"a name of the key ({key.file}:{lines_of.get(match.form, 0)}) is still here",
                    )
                )
    if threshold is not None:
        known = [*key.forms(), *key.pseudonyms(), *key.keep]
        for item in suggest(transcripts, known, frequency, notes):
            if item.kind == "date" or (item.kind not in STRUCTURED_KINDS and item.count < threshold):
                continue
            found.append(
                Diagnostic(
                    item.file,
                    item.line,
                    0,
                    "possible-identifier",
                    f"'{item.text}' ({item.kind}, {item.count}x) is not in the key; pseudonymise it or add it to keep",
                )
            )
    return sorted(found)


def _record_notes(path: Path, lines: list[tuple[int, str]]) -> list[Note]:
    """A record's memos and notes (its segment text is the transcript's), at the line where each is."""
    try:
        record = parse_record("\n".join(line for _, line in lines), str(path))
    except InvalidFileError:
        return []  # other JSON (an export, a report): its lines are checked for names all the same
    texts = [d.memo for d in record.segments] + [e.note for d in record.segments for e in d.evidence]
    texts += [v.note for v in record.verdicts]
    notes = []
    for text in filter(None, texts):
        escaped = json.dumps(text, ensure_ascii=False)[1:-1]
        line = next((number for number, content in lines if escaped in content), 0)
        notes.append(Note(str(path), line, text))
    return notes


def _lines(path: Path, docx: Transcript | None) -> list[tuple[int, str]]:
    """The file's lines, numbered; a .docx as its segments, numbered by their paragraph."""
    if docx is not None:
        return [(s.start_line or 0, f"{s.speaker or ''}: {s.text}") for s in docx.segments] + [
            (1, str(value)) for value in docx.meta.model_dump().values() if value
        ]
    try:
        if path.stat().st_size > MAX_CHECKED_BYTES:
            raise JimcodeError(f"{path}: too large to check ({path.stat().st_size:,} bytes)")
        raw = path.read_bytes()
    except OSError as exc:
        raise JimcodeError(f"{path}: cannot read: {exc.strerror or exc}") from None
    text = raw.decode("utf-8-sig", errors="replace")
    return list(enumerate(text.splitlines(), start=1))
