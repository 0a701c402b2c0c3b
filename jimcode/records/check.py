"""Checks of a coded record against its codebook and transcript (`jimcode validate record.json`).

`codebook_drift` is also what a coding session reports on resume when the codebook
changed: codes, hypotheses and attributes the record uses that the codebook lost.

The checks read a record through its fields only, so they take the record model or its struct
(`jimcode.records.stream`, as `jimcode validate` reads records).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from jimcode.codebook.attributes import check_value
from jimcode.codebook.model import Codebook
from jimcode.diagnostics import Severity
from jimcode.errors import JimcodeError
from jimcode.i18n import DEFAULT_LANGUAGE, Words, words
from jimcode.records.model import CodedRecord
from jimcode.records.quotes import missing_sentences
from jimcode.transcripts.model import Transcript, segment_by_spec
from jimcode.transcripts.sentences import sentences


@dataclass(frozen=True)
class Finding:
    """One problem in a record; `anchor` is text to find its line by (a segment id or a key)."""

    code: str
    message: str
    anchor: str | None = None
    severity: Severity = "error"


def codebook_drift(record: CodedRecord, codebook: Codebook, language: str = DEFAULT_LANGUAGE) -> list[Finding]:
    """What the record uses that the codebook does not have (or no longer allows), said in `language`.

    An id the codebook's lineage maps is not unknown: a rename or merge only needs `jimcode migrate`
    and a split `jimcode code --recode` (warnings); an id the codebook knows in no form is an error.
    """
    say = words(language)
    found: list[Finding] = []
    lineage = codebook.lineage()
    known_codes = codebook.codes_by_id()
    hypotheses = {h.id for h in codebook.hypotheses}
    vanished: dict[str, list[str]] = {}
    old_hypotheses: dict[str, int] = {}
    for segment in record.segments:
        for code in segment.codes:
            if code not in known_codes:
                vanished.setdefault(code, []).append(segment.segment_id)
        for evidence in segment.evidence:
            if evidence.hypothesis in lineage.hypotheses:
                old_hypotheses[evidence.hypothesis] = old_hypotheses.get(evidence.hypothesis, 0) + 1
            elif evidence.hypothesis not in hypotheses:
                found.append(
                    Finding(
                        "unknown-hypothesis",
                        say("drift.evidence", segment=segment.segment_id, hypothesis=evidence.hypothesis),
                        segment.segment_id,
                    )
                )
    for code, where in vanished.items():
        shown = ", ".join(where[:8]) + (say("and_more", count=len(where) - 8) if len(where) > 8 else "")
        found.append(_old_code(code, shown, lineage.codes.get(code, ()), say))
    for verdict in record.verdicts:
        if verdict.hypothesis in lineage.hypotheses:
            old_hypotheses[verdict.hypothesis] = old_hypotheses.get(verdict.hypothesis, 0) + 1
        elif verdict.hypothesis not in hypotheses:
            found.append(
                Finding(
                    "unknown-hypothesis",
                    say("drift.verdict", hypothesis=verdict.hypothesis),
                    f'"hypothesis": "{verdict.hypothesis}"',
                )
            )
    for old, uses in old_hypotheses.items():
        what, used = say("drift.hypothesis", id=old), say("drift.hypothesis_uses", count=uses)
        found.append(_needs_migrate(what, lineage.hypotheses[old], used, f'"{old}"', say))
    for key, value in record.attributes.items():
        attribute = codebook.attribute(key)
        anchor = f'"{key}":'
        if attribute is None:
            if key in lineage.attributes:
                what, used = say("drift.attribute", id=key), say("drift.the_answer")
                found.append(_needs_migrate(what, lineage.attributes[key], used, anchor, say))
            else:
                found.append(Finding("unknown-attribute", say("drift.unknown_attribute", id=key), anchor))
            continue
        options = lineage.options.get(key, {})
        chosen = value if isinstance(value, list) else [value]
        old_options = [v for v in chosen if isinstance(v, str) and v in options]
        if old_options:
            found.extend(
                _needs_migrate(say("drift.option", id=key, option=o), options[o], say("drift.the_answer"), anchor, say)
                for o in old_options
            )
            continue
        problem = check_value(attribute, value, language)
        if problem:
            found.append(Finding("bad-attribute", say("drift.bad_attribute", id=key, problem=problem), anchor))
    return found


def polarity_findings(record: CodedRecord, codebook: Codebook) -> list[Finding]:
    """A polarity only for applied codes that declare one (errors); an applied polarity code without
    one is a warning, once per code: records coded before the codebook declared it still read."""
    found: list[Finding] = []
    codes = codebook.codes_by_id()
    unspecified: dict[str, list[str]] = {}
    for segment in record.segments:
        for code_id in segment.polarity:
            entry = codes.get(code_id)
            if code_id not in segment.codes:
                why = "which is not applied to it"
            elif entry is not None and not entry.code.has_polarity:
                why = "which has no polarity in the codebook"
            else:
                continue
            found.append(
                Finding(
                    "bad-polarity",
                    f"segment {segment.segment_id}: polarity for code '{code_id}', {why}",
                    segment.segment_id,
                )
            )
        for code_id in segment.codes:
            entry = codes.get(code_id)
            if entry is not None and entry.code.has_polarity and code_id not in segment.polarity:
                unspecified.setdefault(code_id, []).append(segment.segment_id)
    for code_id, where in unspecified.items():
        shown = ", ".join(where[:8]) + (f" and {len(where) - 8} more" if len(where) > 8 else "")
        found.append(
            Finding(
                "polarity-not-given",
                f"code '{code_id}': polarity not given (present or absent) in {shown}; "
                "counted as unspecified until recoded",
                where[0],
                "warning",
            )
        )
    return found


def _needs_migrate(what: str, successors: tuple[str, ...], uses: str, anchor: str, say: Words) -> Finding:
    return Finding(
        "needs-migrate",
        say("drift.needs_migrate", what=what, successors=" + ".join(successors), uses=uses),
        anchor,
        "warning",
    )


def _old_code(code: str, shown: str, successors: tuple[str, ...], say: Words) -> Finding:
    anchor = f'"{code}"'
    if not successors:
        return Finding("unknown-code", say("drift.unknown_code", code=code, shown=shown), anchor)
    if len(successors) == 1:
        return Finding(
            "needs-migrate",
            say("drift.renamed_code", code=code, new=successors[0], shown=shown),
            anchor,
            "warning",
        )
    return Finding(
        "split-waiting",
        say("drift.split_code", code=code, successors=", ".join(successors), shown=shown),
        anchor,
        "warning",
    )


def consistency(record: CodedRecord, codebook: Codebook | None) -> list[Finding]:
    """What 'complete' promises. (Segment numbering is the record model's own rule: a record that
    breaks it is not loaded at all.)"""
    found: list[Finding] = []
    if record.status == "complete":
        still_open = [s.segment_id for s in record.segments if s.status == "open"]
        if still_open:
            found.append(
                Finding(
                    "incomplete",
                    f"status is complete but segment(s) {', '.join(still_open[:5])} are still open",
                    still_open[0],
                )
            )
        if codebook is not None:
            answered = record.attributes
            unanswered = [a.id for a in codebook.case_attributes if a.id not in answered]
            empty_required = [
                a.id for a in codebook.case_attributes if a.required and a.id in answered and answered[a.id] is None
            ]
            given = {v.hypothesis for v in record.verdicts}
            no_verdict = [h.id for h in codebook.offered_hypotheses() if h.id not in given]
            for ids, what in (
                (unanswered, "unanswered attribute(s)"),
                (empty_required, "required attribute(s) without an answer"),
                (no_verdict, "hypotheses without a verdict"),
            ):
                if ids:
                    found.append(Finding("incomplete", f"status is complete but {what}: {', '.join(ids)}", '"status"'))
    return found


def quote_problems(record: CodedRecord) -> list[Finding]:
    """Marked quotes whose sentences the segment's text no longer has (its transcript changed and was
    realigned, or the record was edited): reports pass such numbers over, so the quote is not what was marked."""
    found: list[Finding] = []
    for segment in record.segments:
        if not segment.quote_sentences:
            continue
        missing = missing_sentences(segment.text, segment.quote_sentences)
        if missing:
            count = len(sentences(segment.text))
            found.append(
                Finding(
                    "quote-sentences",
                    f"segment {segment.segment_id}: its quote marks sentence(s) {', '.join(map(str, missing))}, "
                    f"but its text has {count}; mark it again (`g {segment.index + 1}`, then `q`) in `jimcode code`",
                    f'"segment_id": "{segment.segment_id}"',
                    "warning",
                )
            )
    return found


def check_transcript(record: CodedRecord, record_file: Path) -> list[Finding]:
    """The transcript's hash now against the hash it had when coded (when the transcript is found)."""
    # os.path, not pathlib: this runs for every record `jimcode validate` reads, found or not
    if not os.path.isfile(os.path.join(os.path.dirname(record_file), record.transcript.path)):
        return []
    transcript_file = record_file.parent / record.transcript.path
    from jimcode.transcripts.readers import read_transcript

    try:
        spec = segment_by_spec(record.transcript.segment_by, record.transcript.window_seconds)
        transcript = read_transcript(transcript_file, segment_by=spec)
    except JimcodeError as exc:
        return [
            Finding("bad-transcript", f"its transcript {record.transcript.path} cannot be read: {exc}", '"transcript"')
        ]
    if transcript.sha256 != record.transcript.sha256:
        return [
            Finding(
                "transcript-changed",
                f"transcript {record.transcript.path} changed since it was coded; resume with "
                "`jimcode code --realign` to carry the decisions over",
                '"transcript"',
            )
        ]
    if not segments_match(record, transcript):
        return [
            Finding(
                "transcript-resegmented",
                f"transcript {record.transcript.path} is split into segments differently than when it was coded "
                f"(segmentation {record.transcript.segmentation} then, {transcript.segmentation} now); resume with "
                "`jimcode code --realign` to carry the decisions over",
                '"transcript"',
            )
        ]
    return []


def segments_match(record: CodedRecord, transcript: Transcript) -> bool:
    """The record's segments are today's segments of its transcript: same hash, count and texts."""
    if record.transcript.sha256 != transcript.sha256 or len(record.segments) != len(transcript.segments):
        return False
    return all(d.text == s.text for d, s in zip(record.segments, transcript.segments, strict=True))


def relative_path(target: str | Path, start: Path) -> str:
    """`target` relative to folder `start`, with forward slashes (records move between systems)."""
    return Path(os.path.relpath(Path(target).resolve(), start.resolve())).as_posix()
