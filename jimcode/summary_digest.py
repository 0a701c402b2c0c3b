"""One record reduced to what a summary counts: a `Digest`, made in one pass over its segments.

A digest holds counts (bounded by the size of the codebook), the case's attribute answers
and at most one exemplar quote per code and per hypothesis stance, never the record's text.
"""

from __future__ import annotations

import marshal
from dataclasses import dataclass, field, fields
from itertools import chain, combinations, compress, repeat
from operator import itemgetter
from typing import Any, NamedTuple

from jimcode.codebook import (
    BooleanAttribute,
    CategoryAttribute,
    Codebook,
    IntegerAttribute,
    MultiChoiceAttribute,
    NumberAttribute,
)
from jimcode.record_stream import STANCES, VERDICTS, bad_segment, record_problem

QUOTE_MAX_CHARS = 1200
MISSING = "missing"
ORGANISATION_ATTRIBUTE = "organisation"


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
        organisation = codebook.attribute(ORGANISATION_ATTRIBUTE)
        self.organisation_labels: dict[str, str] = (
            {o.id: o.label for o in organisation.options} if isinstance(organisation, CategoryAttribute) else {}
        )

    def organisation(self, interview: dict[str, Any], answers: dict[str, Any]) -> str | None:
        """The interview's organisation as the transcript names it, else the label of the case's answer."""
        named = _text_or_none(interview.get("organisation"))
        if named is not None:
            return named.strip()
        answer = _text_or_none(answers.get(ORGANISATION_ATTRIBUTE))
        return None if answer is None else self.organisation_labels.get(answer, answer)


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
    # Counts as occurrence lists (one entry per segment and code, pair, question or stance):
    # `Counter.update` adds a list in C, where adding a dict takes a Python loop.
    segments: dict[str, int] = field(default_factory=dict)
    code_list: list[str] = field(default_factory=list)
    question_list: list[str] = field(default_factory=list)
    pair_list: list[tuple[str, str]] = field(default_factory=list)
    evidence_list: list[tuple[str, str]] = field(default_factory=list)
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

    # A quote candidate is (score, position) for a code, (score, position, note) for evidence, or,
    # once the record is gone (a digest sent between processes), the quote's own fields.

    def code_quote(self, code: str) -> Quote:
        candidate: tuple = self.code_quotes[code]
        if len(candidate) == _QUOTE_FIELDS:
            return Quote._make(candidate)
        score, position = candidate
        return self.quote(score, position, self.raw_segments[position].get("memo"))

    def evidence_quote(self, key: tuple[str, str]) -> Quote:
        candidate: tuple = self.evidence_quotes[key]
        if len(candidate) == _QUOTE_FIELDS:
            return Quote._make(candidate)
        score, position, note = candidate
        return self.quote(score, position, note)

    def to_wire(self) -> bytes:
        """The digest as `marshal` bytes (quotes made, record let go): cheap to send to another process."""
        code_quotes = {code: tuple(self.code_quote(code)) for code in self.code_quotes}
        evidence_quotes = {key: tuple(self.evidence_quote(key)) for key in self.evidence_quotes}
        values = [getattr(self, name) for name in _WIRE_FIELDS[:-2]]
        plain = [dict(value) if isinstance(value, dict) else value for value in values]
        return marshal.dumps((*plain, code_quotes, evidence_quotes))

    @classmethod
    def from_wire(cls, payload: bytes) -> Digest:
        return cls(*marshal.loads(payload))


_WIRE_FIELDS = tuple(f.name for f in fields(Digest) if f.name not in ("raw_segments", "file", "order"))
_QUOTE_FIELDS = len(Quote._fields)


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def digest_record(
    data: dict[str, Any],
    file: str,
    index: CodebookIndex,
    order: int,
    quotes: bool,
    quote_floor: dict[str, float] | None = None,
) -> Digest:
    """Reduce a checked record dict (see `record_stream.check_record_data`) to a `Digest`.

    `quote_floor` (per code, a score no exemplar sample would take) spares making candidates that
    cannot be kept; it must never be higher than a sample's real floor.
    """
    transcript = data["transcript"]
    codebook = data["codebook"]
    interview = data.get("interview") or {}
    answers = data.get("attributes") or {}
    digest = Digest(
        transcript=transcript["id"],
        sha256=transcript["sha256"],
        case=data["case"] or transcript["id"],
        coder=data["coder"],
        status=data.get("status", "in_progress"),
        codebook_id=codebook["id"],
        codebook_version=codebook["version"],
        codebook_sha256=str(codebook.get("sha256") or ""),
        organisation=index.organisation(interview, answers),
        answers=answers,
        verdicts=_verdicts(data.get("verdicts") or [], file),
    )
    if quotes:
        digest.raw_segments, digest.file, digest.order = data["segments"], file, order
    _read_segments(data["segments"], file, index, digest, quotes, quote_floor)
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


def _read_segments(
    segments: list,
    file: str,
    index: CodebookIndex,
    digest: Digest,
    quotes: bool,
    quote_floor: dict[str, float] | None,
) -> None:
    """The hot loop of a summary, written as C-level maps over the segments (no per-segment Python loop
    for segments with one code or none); records that break the rules are found on a slow path."""
    try:
        statuses = list(map(_get, segments, repeat("status")))
        all_codes = list(map(_get, segments, repeat("codes")))
        all_evidence = list(map(_get, segments, repeat("evidence")))
    except TypeError:
        position, found = next((i, s) for i, s in enumerate(segments) if type(s) is not dict)
        raise bad_segment(file, position, f"expected an object, found {type(found).__name__}") from None
    coded_count, not_relevant = statuses.count("coded"), statuses.count("not_relevant")
    digest.segments = {"coded": coded_count, "not_relevant": not_relevant}
    digest.segments["open"] = len(statuses) - coded_count - not_relevant
    positions = list(compress(range(len(all_codes)), all_codes))
    coded = list(compress(all_codes, all_codes))
    if set(map(type, coded)) - _LIST:
        position = next(i for i in positions if type(all_codes[i]) is not list)
        raise bad_segment(file, position, "codes: expected a list of code ids")
    lengths = list(map(len, coded))
    singles = list(map(_first, compress(coded, map((1).__eq__, lengths))))
    multis = list(compress(coded, map((1).__lt__, lengths)))
    try:
        uniques = list(map(sorted, map(set, multis)))  # a code applied twice to one segment counts once
        code_list = singles + list(chain.from_iterable(uniques))
        applied = set(code_list)
    except TypeError:  # an unhashable code id, or ids of mixed types
        position = next(i for i in positions if not all(type(code) is str for code in all_codes[i]))
        raise bad_segment(file, position, "codes: expected a list of code ids") from None
    question_of = index.question_of
    unknown = applied - question_of.keys()
    if unknown:
        if not all(type(code) is str for code in unknown):
            position = next(i for i in positions if not all(type(code) is str for code in all_codes[i]))
            raise bad_segment(file, position, "codes: expected a list of code ids")
        digest.unknown_codes = {code: code_list.count(code) for code in unknown}
        code_list = [code for code in code_list if code not in unknown]
    question_get = question_of.get
    questions = list(map(question_get, singles))
    questions += chain.from_iterable(map(set, map(map, repeat(question_get), uniques)))
    digest.question_list = [question for question in questions if question is not None] if unknown else questions
    digest.code_list = code_list
    digest.pair_list = list(chain.from_iterable(map(combinations, uniques, repeat(2))))
    if quotes:
        digest.code_quotes = _best_segments(segments, file, positions, coded, unknown, quote_floor)
    if any(all_evidence):
        for position in compress(range(len(all_evidence)), all_evidence):
            _read_evidence(all_evidence[position], segments[position], file, position, index, digest, quotes)


def quote_score(length: int) -> float:
    """Prefer quotes a reader can take in: about two sentences (220 characters), not a one-word answer."""
    return -1000.0 + length if length < 25 else -abs(length - 220) / 10


def _best_segments(
    segments: list,
    file: str,
    positions: list[int],
    coded: list[list],
    unknown: set[str],
    floor: dict[str, float] | None,
) -> dict[str, tuple[float, int]]:
    """Per code, the (score, position) of its best quote: the first segment with the highest score.

    `floor` (code: the lowest score any sample would still take) lets most segments be passed over.
    """
    texts = list(map(_get, map(segments.__getitem__, positions), repeat("text")))
    if set(map(type, texts)) - _STR:
        position = next(p for p, text in zip(positions, texts, strict=True) if type(text) is not str)
        raise bad_segment(file, position, "text: expected a string")
    lengths = list(map(len, texts))
    scores = list(map(quote_score, lengths))
    best: dict[str, tuple[float, int]] = {}
    floor_get = floor.get if floor else None
    for position, codes, score in zip(positions, coded, scores, strict=True):
        for code in codes:
            current = best.get(code)
            if current is None:
                if floor_get is not None and score <= floor_get(code, _NO_FLOOR):
                    continue
                best[code] = (score, position)
            elif score > current[0]:
                best[code] = (score, position)
    for code in unknown:
        best.pop(code, None)
    return best


def _length(text: object) -> int:
    return len(text) if type(text) is str else -1_000_000


_LIST = {list}
_STR = {str}
_NO_FLOOR = float("-inf")
_first = itemgetter(0)


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
        digest.evidence_list.append(key)
        if quotes:
            current = digest.evidence_quotes.get(key)
            score = quote_score(_length(segment.get("text")))
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
