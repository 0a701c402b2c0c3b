"""Metadata at the top of a transcript: a YAML front matter block, or a `Key: value` header.

Front matter (`.md`, `.txt`) is validated strictly against `TranscriptMeta`;
every problem is reported at its line in the transcript file, not in the YAML
fragment. A header of `Interviewer: …`, `Date: …`, `Place: …` lines at the top
(typical of Word transcripts) is read as metadata instead of as speaker turns.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from pydantic import ValidationError

from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError
from jimcode.modelerrors import diagnostics_from
from jimcode.transcripts.model import TranscriptMeta
from jimcode.yamlsrc import Position, YamlDocument, load_yaml_text

_FENCE = re.compile(r"---[ \t]*")
_CLOSE = re.compile(r"(---|\.\.\.)[ \t]*")


@dataclass
class MetaBlock:
    """What the top of a transcript said about it, and where the transcript proper begins."""

    meta: TranscriptMeta = field(default_factory=TranscriptMeta)
    body_start: int = 0  # 0-based index of the first line after the metadata
    from_front_matter: bool = False


def read_front_matter(lines: list[str], file: str) -> MetaBlock:
    """Parse a leading `---` … `---` block of `lines` (no block: empty metadata, body from line 1)."""
    if not lines or not _FENCE.fullmatch(lines[0]):
        return MetaBlock()
    closing = next((i for i in range(1, len(lines)) if _CLOSE.fullmatch(lines[i])), None)
    if closing is None:
        raise InvalidFileError(
            [
                Diagnostic(
                    file,
                    1,
                    1,
                    "front-matter",
                    "the front matter starting here is never closed; end it with a line of three dashes '---'",
                )
            ]
        )
    yaml_lines = lines[1:closing]
    meta = _parse_meta("\n".join(yaml_lines), file, line_offset=1)
    return MetaBlock(meta, closing + 1, True)


def _parse_meta(yaml_text: str, file: str, *, line_offset: int) -> TranscriptMeta:
    if not any(line.strip() and not line.lstrip().startswith("#") for line in yaml_text.split("\n")):
        return TranscriptMeta()
    try:
        document = load_yaml_text(yaml_text, file)
    except InvalidFileError as exc:
        raise InvalidFileError([_shift(d, line_offset) for d in exc.diagnostics]) from None
    document = _shifted_document(document, line_offset)
    if not isinstance(document.data, dict):
        raise InvalidFileError(
            [
                document.diagnostic(
                    (), "wrong-type", "the front matter should be a mapping of 'key: value' lines (e.g. 'case: Noah')"
                )
            ]
        )
    try:
        return TranscriptMeta.model_validate(document.data)
    except ValidationError as exc:
        found = _one_per_place(diagnostics_from(exc, document, TranscriptMeta))
        raise InvalidFileError([_prefixed(d) for d in found]) from None


def _one_per_place(found: list[Diagnostic]) -> list[Diagnostic]:
    """An attribute value that fits none of the allowed types gets one message, not one per type."""
    by_place: dict[tuple[int, int], list[Diagnostic]] = {}
    for diagnostic in found:
        by_place.setdefault((diagnostic.line, diagnostic.column), []).append(diagnostic)
    merged = []
    for group in by_place.values():
        first = group[0]
        if len(group) == 1:
            merged.append(first)
            continue
        path = first.message.split(":", 1)[0]
        message = f"{path}: not a valid value; use a number, text, true/false or a list of texts"
        merged.append(Diagnostic(first.file, first.line, first.column, "wrong-type", message, first.severity))
    return merged


def _shift(diagnostic: Diagnostic, offset: int) -> Diagnostic:
    if diagnostic.line <= 0:
        return diagnostic
    return Diagnostic(
        diagnostic.file,
        diagnostic.line + offset,
        diagnostic.column,
        diagnostic.code,
        f"front matter: {diagnostic.message}",
        diagnostic.severity,
    )


def _prefixed(diagnostic: Diagnostic) -> Diagnostic:
    return Diagnostic(
        diagnostic.file,
        diagnostic.line,
        diagnostic.column,
        diagnostic.code,
        f"front matter: {diagnostic.message}",
        diagnostic.severity,
    )


def _shifted_document(document: YamlDocument, offset: int) -> YamlDocument:
    def moved(positions: dict) -> dict:
        return {path: Position(p.line + offset, p.column) for path, p in positions.items()}

    return YamlDocument(document.file, document.data, moved(document.values), moved(document.keys))


# --- `Key: value` header (Word transcripts) -------------------------------------------------

_HEADER_KEYS: dict[str, str] = {
    "interviewer": "interviewer",
    "interviewers": "interviewer",
    "interviewed by": "interviewer",
    "onderzoeker": "interviewer",
    "interviewee": "interviewee",
    "narrator": "interviewee",
    "respondent": "interviewee",
    "geinterviewde": "interviewee",
    "participant": "interviewee",
    "deelnemer": "interviewee",
    "date": "date",
    "datum": "date",
    "place": "place",
    "plaats": "place",
    "location": "place",
    "locatie": "place",
    "organisation": "organisation",
    "organization": "organisation",
    "organisatie": "organisation",
    "case": "case",
    "casus": "case",
    "language": "language",
    "taal": "language",
    "transcript id": "id",
    "id": "id",
}
# Keys that are also common speaker labels: in a header their value must look like a name.
_SPEAKER_LIKE = {"interviewer", "interviewee"}
_HEADER_LINE = re.compile(
    r"\s*(?:[-*•]\s+)?(?P<bold>\*\*)?(?P<key>[^\W\d_][\w ]{0,20}?)\s*:\s*(?(bold)\*\*\s*)(?P<value>\S.{0,119}?)\s*"
)
_TRANSCRIPT_HEADING = re.compile(
    r"\s*(?:#{1,6}\s*|\*\*)?(?:transcript|transcriptie|transcription|transkript|verbatim)(?:\*\*)?\s*:?\s*",
    re.IGNORECASE,
)
_SENTENCE_END = (".", "?", "!", ",", ";")
_MAX_HEADER_LINES = 12
_MAX_TRANSCRIPT_HEADING_LINE = 60
_MAX_TITLE_CHARS = 120
_MAX_DETAIL_WORDS = 12


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def read_header(lines: list[str], start: int = 0) -> tuple[dict[str, object], int]:
    """The metadata block at the top of a transcript: ({TranscriptMeta field: value}, index of the first body line).

    Three shapes count as a header (nothing else is taken from the text):

    - everything above a `Transcript` heading (`## Transcript`, `**Transcript**`, `Transcriptie:`)
      near the top, as Otter and the transcription services write it;
    - a block of `Key: value` lines, optionally under a title line. Known keys (Interviewer,
      Narrator, Date/Datum, Place/Plaats, Organisation, Case/Casus, Language/Taal, Id) fill their
      field, other keys go to `details`; the block must name at least one known key that is not
      also a speaker label, so a transcript opening with `Interviewer: Goedemorgen` keeps its
      first turn; an unknown key that recurs further down is a speaker, not a header key;
    - a Markdown `# Title` on the first line that does not recur (a speaker heading recurs).
    """
    first = next((i for i in range(start, len(lines)) if lines[i].strip()), len(lines))
    if first == len(lines):
        return {}, start
    heading = next(
        (
            i
            for i in range(first, min(len(lines), first + _MAX_TRANSCRIPT_HEADING_LINE))
            if _TRANSCRIPT_HEADING.fullmatch(lines[i])
        ),
        None,
    )
    if heading is not None:
        return _free_header(lines, first, heading), _skip_blank(lines, heading + 1)
    title = _title(lines, first)
    block_start = _skip_blank(lines, first + 1) if title is not None else first
    found, end = _key_value_block(lines, block_start)
    if found:
        return ({"title": title} if title else {}) | found, end
    if title is not None and lines[first].lstrip().startswith("# ") and lines.count(lines[first]) == 1:
        return {"title": title}, block_start
    return {}, start


def _skip_blank(lines: list[str], index: int) -> int:
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index


def _title(lines: list[str], index: int) -> str | None:
    """A short first line that is not a `Key: value` line and does not end a sentence."""
    line = lines[index].strip()
    if len(line) > _MAX_TITLE_CHARS or _HEADER_LINE.fullmatch(line) or line.endswith((*_SENTENCE_END, ":")):
        return None
    return line.lstrip("#").strip().strip("*_").strip() or None


def _key_value_block(lines: list[str], start: int) -> tuple[dict[str, object], int]:
    found: dict[str, object] = {}
    details: dict[str, str] = {}
    index = end = start
    while index < len(lines) and index - start < _MAX_HEADER_LINES * 2:
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        match = _HEADER_LINE.fullmatch(line)
        if not match:
            break
        key, value = " ".join(match["key"].split()), match["value"].strip()
        field_name = _HEADER_KEYS.get(_fold(key))
        name_like = len(value.split()) <= _MAX_DETAIL_WORDS and not value.endswith(_SENTENCE_END)
        if field_name in found or key in details:
            break
        if field_name is None:
            if not name_like or _recurs(lines, index, key):
                break
            details[key] = value
        elif field_name in _SPEAKER_LIKE and not (name_like and len(value.split()) <= 5):
            break
        else:
            found[field_name] = value
        index += 1
        end = index
    if not set(found) - _SPEAKER_LIKE:
        return {}, start
    return found | ({"details": details} if details else {}), _skip_blank(lines, end)


def _recurs(lines: list[str], index: int, key: str) -> bool:
    """`key:` starts another line below: a speaker label, not a header key."""
    folded = _fold(key)
    for line in lines[index + 1 :]:
        head, colon, _ = line.partition(":")
        if colon and len(head) <= len(key) + 6 and _fold(head.strip(" *-•")) == folded:
            return True
    return False


def _free_header(lines: list[str], start: int, end: int) -> dict[str, object]:
    """Everything above a `Transcript` heading: a title, `Key: value` lines, and other lines as details."""
    found: dict[str, object] = {}
    details: dict[str, str] = {}
    for index in range(start, end):
        line = lines[index].strip()
        if not line:
            continue
        match = _HEADER_LINE.fullmatch(line)
        if match:
            key, value = " ".join(match["key"].split()), match["value"].strip()
            field_name = _HEADER_KEYS.get(_fold(key))
            if field_name and field_name not in found:
                found[field_name] = value
            else:
                details.setdefault(key, value)
        elif index == start:
            found["title"] = line.lstrip("#").strip().strip("*_").strip()
        elif not line.startswith("#"):  # a sub-heading such as `## Details` only structures the header
            details[f"line {index + 1}"] = line
    return found | ({"details": details} if details else {})
