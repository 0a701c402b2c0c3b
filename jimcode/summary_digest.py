"""One record reduced to what a summary counts: a `Digest`, made in one pass over its segments.

A digest holds counts (bounded by the size of the codebook), the case's attribute answers
and at most one exemplar quote per code and per hypothesis stance, never the record's text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any, NamedTuple

from jimcode.codebook import (
    BooleanAttribute,
    CategoryAttribute,
    Codebook,
    IntegerAttribute,
    MultiChoiceAttribute,
    NumberAttribute,
)
from jimcode.record_stream import bad_segment, record_problem
from jimcode.records import STANCES, VERDICTS

QUOTE_MAX_CHARS = 1200
MISSING = "missing"


class Quote(NamedTuple):
    """An exemplar segment, attributed to case and speaker (the score first, as in a candidate tuple)."""

    score: float
    order: int
    transcript: str
    coder: str
    case: str
    segment: str
    speaker: str | None
    text: str
    remark: str | None

    def as_dict(self, remark_key: str) -> dict[str, Any]:
        return {
            "case": self.case,
            "speaker": self.speaker,
            "text": self.text,
            remark_key: self.remark,
            "transcript": self.transcript,
            "segment": self.segment,
            "coder": self.coder,
        }


class CodebookIndex:
    """Look-up tables made once from the codebook, used for every record."""

    def __init__(self, codebook: Codebook) -> None:
        self.codebook = codebook
        self.numbered = codebook.numbered_codes()
        self.question_of: dict[str, str] = {entry.code.id: entry.question.id for entry in self.numbered}
        self.hypotheses = {h.id for h in codebook.hypotheses}
        self.options: dict[str, set[str]] = {
            a.id: {o.id for o in a.options}
            for a in codebook.case_attributes
            if isinstance(a, CategoryAttribute | MultiChoiceAttribute)
        }
        self.option_groups: dict[str, dict[str, str | None]] = {
            a.id: {o.id: o.group for o in a.options}
            for a in codebook.case_attributes
            if isinstance(a, CategoryAttribute | MultiChoiceAttribute) and a.groups
        }


@dataclass
class Digest:
    transcript: str
    sha256: str
    case: str
    coder: str
    status: str
    codebook_id: str
    codebook_version: str
    codebook_sha256: str
    organisation: str | None
    answers: dict[str, Any]
    verdicts: dict[str, str]
    segments: dict[str, int] = field(default_factory=dict)
    code_segments: dict[str, int] = field(default_factory=dict)
    question_segments: dict[str, int] = field(default_factory=dict)
    pairs: dict[tuple[str, str], int] = field(default_factory=dict)
    evidence: dict[tuple[str, str], int] = field(default_factory=dict)
    unknown_codes: dict[str, int] = field(default_factory=dict)
    unknown_hypotheses: dict[str, int] = field(default_factory=dict)
    code_quotes: dict[str, tuple[float, int]] = field(default_factory=dict)
    evidence_quotes: dict[tuple[str, str], tuple[float, int, str | None]] = field(default_factory=dict)
    raw_segments: list = field(default_factory=list)
    file: str = ""
    order: int = 0

    def quote(self, score: float, position: int, remark: object) -> Quote:
        """The quote of segment `position` (made only when a sample keeps it: most candidates are not)."""
        segment = self.raw_segments[position]
        text = segment.get("text")
        if type(text) is not str:
            raise bad_segment(self.file, position, "text: expected a string")
        speaker = segment.get("speaker")
        return Quote(
            score=score,
            order=self.order * 100_000 + position,
            transcript=self.transcript,
            coder=self.coder,
            case=self.case,
            segment=str(segment.get("segment_id", position)),
            speaker=speaker if isinstance(speaker, str) else None,
            text=text if len(text) <= QUOTE_MAX_CHARS else text[: QUOTE_MAX_CHARS - 1].rstrip() + "…",
            remark=remark if isinstance(remark, str) and remark.strip() else None,
        )

    def code_quote(self, code: str) -> Quote:
        candidate = self.code_quotes[code]
        if isinstance(candidate, Quote):
            return candidate
        score, position = candidate
        return self.quote(score, position, self.raw_segments[position].get("memo"))

    def evidence_quote(self, key: tuple[str, str]) -> Quote:
        candidate = self.evidence_quotes[key]
        if isinstance(candidate, Quote):
            return candidate
        score, position, note = candidate
        return self.quote(score, position, note)

    def materialize(self) -> Digest:
        """Turn quote candidates into quotes and let go of the record (to send the digest elsewhere)."""
        if self.raw_segments:
            self.code_quotes = {code: self.code_quote(code) for code in self.code_quotes}  # type: ignore[misc]
            self.evidence_quotes = {key: self.evidence_quote(key) for key in self.evidence_quotes}  # type: ignore[misc]
            self.raw_segments = []
        return self


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def digest_record(data: dict[str, Any], file: str, index: CodebookIndex, order: int, quotes: bool) -> Digest:
    """Reduce a checked record dict (see `record_stream.check_record_data`) to a `Digest`."""
    transcript = data["transcript"]
    codebook = data["codebook"]
    interview = data.get("interview") or {}
    digest = Digest(
        transcript=transcript["id"],
        sha256=transcript["sha256"],
        case=data["case"] or transcript["id"],
        coder=data["coder"],
        status=data.get("status", "in_progress"),
        codebook_id=codebook["id"],
        codebook_version=codebook["version"],
        codebook_sha256=str(codebook.get("sha256") or ""),
        organisation=_text_or_none(interview.get("organisation"))
        or _text_or_none((data.get("attributes") or {}).get("organisation")),
        answers=data.get("attributes") or {},
        verdicts=_verdicts(data.get("verdicts") or [], file),
    )
    if quotes:
        digest.raw_segments, digest.file, digest.order = data["segments"], file, order
    _read_segments(data["segments"], file, index, digest, quotes)
    return digest


def _verdicts(items: list, file: str) -> dict[str, str]:
    found = {}
    for position, item in enumerate(items):
        if (
            not isinstance(item, dict)
            or item.get("verdict") not in VERDICTS
            or not isinstance(item.get("hypothesis"), str)
        ):
            raise record_problem(
                file, "bad-record", f"verdicts.{position}: expected a hypothesis and one of {VERDICTS}"
            )
        found[item["hypothesis"]] = item["verdict"]
    return found


_get = dict.get


def _score(text: object) -> float:
    """Prefer quotes a reader can take in: about two sentences, not a one-word answer or a page."""
    if type(text) is not str:
        return -1e9
    length = len(text)
    return -1000.0 + length if length < 25 else -abs(length - 220) / 10


def _read_segments(segments: list, file: str, index: CodebookIndex, digest: Digest, quotes: bool) -> None:
    """The hot loop of a summary: the per-segment fields are pulled out with C-level `map`s first."""
    try:
        statuses = Counter(map(_get, segments, repeat("status")))
        all_codes = list(map(_get, segments, repeat("codes")))
        all_evidence = list(map(_get, segments, repeat("evidence")))
    except TypeError:
        for position, found in enumerate(segments):
            if type(found) is not dict:
                raise bad_segment(file, position, f"expected an object, found {type(found).__name__}") from None
            if not isinstance(found.get("status"), str | None):
                raise bad_segment(file, position, "status: expected a string") from None
        raise
    if None in statuses:
        statuses["open"] += statuses.pop(None)
    digest.segments = statuses
    code_segments = digest.code_segments
    question_segments = digest.question_segments
    question_of = index.question_of
    pairs = digest.pairs
    best_score: dict[str, float] = {}
    best_position: dict[str, int] = {}
    for position, codes in enumerate(all_codes):
        if not codes:
            continue
        if type(codes) is not list:
            raise bad_segment(file, position, "codes: expected a list of code ids")
        if len(codes) > 1:
            try:
                codes = sorted(set(codes))
            except TypeError:
                raise bad_segment(file, position, "codes: expected a list of code ids") from None
            for i, first in enumerate(codes):
                for second in codes[i + 1 :]:
                    pairs[first, second] = pairs.get((first, second), 0) + 1
        if quotes:
            text = _get(segments[position], "text")
            length = len(text) if type(text) is str else -1e9
            score = -1000.0 + length if length < 25 else -abs(length - 220) / 10
        seen_questions = None
        for code in codes:
            code_segments[code] = code_segments.get(code, 0) + 1
            question = question_of.get(code)
            if question is None:
                if type(code) is not str:
                    raise bad_segment(file, position, "codes: expected a list of code ids")
                digest.unknown_codes[code] = digest.unknown_codes.get(code, 0) + 1
                continue
            if seen_questions is None:
                seen_questions = {question}
                question_segments[question] = question_segments.get(question, 0) + 1
            elif question not in seen_questions:
                seen_questions.add(question)
                question_segments[question] = question_segments.get(question, 0) + 1
            if quotes and score > best_score.get(code, -1e12):
                best_score[code] = score
                best_position[code] = position
    if quotes:
        digest.code_quotes = {code: (score, best_position[code]) for code, score in best_score.items()}
    for position, evidence in enumerate(all_evidence):
        if evidence:
            _read_evidence(evidence, segments[position], file, position, index, digest, quotes)


def _read_evidence(
    evidence: object,
    segment: dict,
    file: str,
    position: int,
    index: CodebookIndex,
    digest: Digest,
    quotes: bool,
) -> None:
    if type(evidence) is not list:
        raise bad_segment(file, position, "evidence: expected a list")
    seen = set()
    for item in evidence:
        if type(item) is not dict or item.get("stance") not in STANCES or type(item.get("hypothesis")) is not str:
            raise bad_segment(file, position, f"evidence: expected a hypothesis and a stance ({', '.join(STANCES)})")
        hypothesis = item["hypothesis"]
        if hypothesis not in index.hypotheses:
            digest.unknown_hypotheses[hypothesis] = digest.unknown_hypotheses.get(hypothesis, 0) + 1
            continue
        key = (hypothesis, item["stance"])
        if key in seen:
            continue
        seen.add(key)
        digest.evidence[key] = digest.evidence.get(key, 0) + 1
        if quotes:
            current = digest.evidence_quotes.get(key)
            score = _score(segment.get("text"))
            if current is None or current[0] < score:
                digest.evidence_quotes[key] = (score, position, item.get("note"))


def answer_keys(attribute: object, value: object, options: set[str] | None) -> tuple[str, list[str]]:
    """How one answer counts: (kind, keys) with kind `answered`, `missing` or `invalid`.

    Category: the option id; multi-choice: every option chosen; boolean: `yes` / `no`;
    numbers: no keys (their values are kept apart); text: answered or not.
    """
    if value is None or value == "" or value == []:
        return MISSING, []
    if isinstance(attribute, CategoryAttribute):
        return ("answered", [value]) if isinstance(value, str) and value in (options or ()) else ("invalid", [])
    if isinstance(attribute, MultiChoiceAttribute):
        if isinstance(value, list) and all(isinstance(v, str) and v in (options or ()) for v in value):
            return "answered", sorted(set(value), key=value.index)
        return "invalid", []
    if isinstance(attribute, BooleanAttribute):
        return ("answered", ["yes" if value else "no"]) if isinstance(value, bool) else ("invalid", [])
    if isinstance(attribute, IntegerAttribute | NumberAttribute):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return ("answered", []) if ok else ("invalid", [])
    return ("answered", []) if isinstance(value, str) else ("invalid", [])
