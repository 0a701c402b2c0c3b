"""One record reduced to what a summary counts: a `Digest`, made with C-level passes over its segments.

A digest holds the record's code combinations (one per coded segment), the sets of codes,
questions, code pairs and evidence it has, its attribute answers as hashable tokens and at most
one exemplar quote candidate per code and per hypothesis stance, never the record's text.
The per-segment work is done by `map`, `filter`, `compress` and `chain` over the segment list,
so that a record costs a few dozen C loops rather than a Python loop per segment; a record that
breaks the rules is found by the same passes and explained on a slow path.
"""

from __future__ import annotations

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
    TextAttribute,
)
from jimcode.record_stream import STANCES, VERDICTS, bad_segment, record_problem

QUOTE_MAX_CHARS = 1200
MISSING = "missing"
ORGANISATION_ATTRIBUTE = "organisation"
# A quote is scored by its length: about two sentences (220 characters) is best, under 25 is a last resort.
QUOTE_IDEAL_CHARS = 220
QUOTE_SHORT_CHARS = 25


class Quote(NamedTuple):
    """An exemplar segment, attributed to case and speaker."""

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


class Unhashable:
    """Stands in for an answer that cannot be a counter key (an object where a value belongs): invalid."""

    def __repr__(self) -> str:
        return "<unhashable answer>"


UNHASHABLE = Unhashable()


class CodebookIndex:
    """Look-up tables made once from the codebook, used for every record."""

    def __init__(self, codebook: Codebook) -> None:
        self.codebook = codebook
        self.numbered = codebook.numbered_codes()
        self.question_of: dict[str, str] = {entry.code.id: entry.question.id for entry in self.numbered}
        self.hypotheses = {h.id for h in codebook.hypotheses}
        self.hypothesis_ids = tuple(h.id for h in codebook.hypotheses)
        self.evidence_keys = frozenset((h, stance) for h in self.hypotheses for stance in STANCES)
        self.attributes = {a.id: a for a in codebook.case_attributes}
        self.attribute_ids = tuple(self.attributes)
        self.text_positions = [at for at, a in enumerate(codebook.case_attributes) if isinstance(a, TextAttribute)]
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

    def answer_tokens(self, answers: dict[str, Any]) -> list[tuple[str, type, Any]]:
        """Each attribute's answer as a counter key (attribute, type, value), the type keeping `True` and
        `1` apart. Free text counts only as given or not, a list as a tuple, an object as `UNHASHABLE`;
        `answer_value` turns a token back into a value `answer_keys` judges like the answer."""
        ids = self.attribute_ids
        values = list(map(answers.get, ids))
        types = list(map(type, values))
        tokens = list(zip(ids, types, values, strict=True))
        if not _PLAIN_TYPES.issuperset(types):
            tokens = [_token(self.attributes[i], kind, value) for i, kind, value in tokens]
        elif self.text_positions:
            for at in self.text_positions:
                if types[at] is str:
                    tokens[at] = (ids[at], str, values[at] != "")
        return tokens


_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


def _token(attribute: object, kind: type, value: Any) -> tuple[str, type, Any]:
    identifier: str = attribute.id  # type: ignore[attr-defined]
    if kind is str:
        return (identifier, str, value != "") if isinstance(attribute, TextAttribute) else (identifier, str, value)
    if kind is list:
        try:
            return identifier, list, tuple(value) if value else ()
        except TypeError:
            return identifier, list, UNHASHABLE
    if kind is dict:
        return identifier, dict, UNHASHABLE
    return identifier, kind, value


def answer_value(token: tuple[str, type, Any]) -> Any:
    """A value `answer_keys` judges the way it judges the answer the token was made from."""
    _, kind, value = token
    if kind is list:
        return [] if value == () else [value] if value is UNHASHABLE else list(value)
    if kind is str and type(value) is bool:  # free text: given or empty
        return "text" if value else ""
    return value


class Digest:
    """What one record adds to the totals (see the module doc)."""

    __slots__ = (
        "answers",
        "case",
        "code_quotes",
        "codebook_id",
        "codebook_sha256",
        "codebook_version",
        "coder",
        "codes",
        "evidence",
        "evidence_kinds",
        "evidence_quotes",
        "file",
        "multis",
        "order",
        "organisation",
        "pairs",
        "questions",
        "segment_counts",
        "segments",
        "sha256",
        "singles",
        "status",
        "tokens",
        "transcript",
        "verdicts",
    )

    def __init__(self, data: dict[str, Any], file: str, index: CodebookIndex, order: int) -> None:
        transcript = data["transcript"]
        codebook = data["codebook"]
        answers = data.get("attributes") or {}
        self.transcript: str = transcript["id"]
        self.sha256: str = transcript["sha256"]
        self.case: str = data["case"] or self.transcript
        self.coder: str = data["coder"]
        self.status: str = data.get("status", "in_progress")
        self.codebook_id: str = codebook["id"]
        self.codebook_version: str = codebook["version"]
        self.codebook_sha256 = str(codebook.get("sha256") or "")
        self.organisation = index.organisation(data.get("interview") or {}, answers)
        self.answers: dict[str, Any] = answers
        self.tokens = index.answer_tokens(answers)
        self.verdicts = _verdicts(data.get("verdicts") or [], file, index.hypothesis_ids)
        self.file = file
        self.order = order
        self.segments: list = []
        self.segment_counts = (0, 0, 0)
        self.singles: list[str] = []
        self.multis: list[tuple[str, ...]] = []
        self.codes: set[str] = set()
        self.questions: set[str] = set()
        self.pairs: set[tuple[str, str]] = set()
        self.evidence: list[tuple[str, str]] = []
        self.evidence_kinds: set[tuple[str, str]] = set()
        self.code_quotes: dict[str, tuple[float, int]] = {}
        self.evidence_quotes: dict[tuple[str, str], tuple[float, int, Any]] = {}

    def quote(self, score: float, position: int, remark: object) -> Quote:
        """The quote of segment `position` (made only when a sample keeps it: most candidates are not)."""
        segment = self.segments[position]
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
        score, position = self.code_quotes[code]
        return self.quote(score, position, self.segments[position].get("memo"))

    def evidence_quote(self, key: tuple[str, str]) -> Quote:
        score, position, note = self.evidence_quotes[key]
        return self.quote(score, position, note)


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def digest_record(
    data: dict[str, Any],
    file: str,
    index: CodebookIndex,
    order: int,
    quotes: bool,
    quote_floor: QuoteFloor | None = None,
) -> Digest:
    """Reduce a checked record dict (see `record_stream.check_record_data`) to a `Digest`.

    `quote_floor` (per code, a score no exemplar sample would take) spares looking at segments
    that cannot give a quote; it must never be higher than a sample's real floor.
    """
    digest = Digest(data, file, index, order)
    segments = data["segments"]
    try:
        statuses = list(map(_get, segments, repeat("status")))
        all_codes = list(map(_get, segments, repeat("codes")))
        all_evidence = list(map(_get, segments, repeat("evidence")))
    except TypeError:
        position, found = next((i, s) for i, s in enumerate(segments) if type(s) is not dict)
        raise bad_segment(file, position, f"expected an object, found {type(found).__name__}") from None
    coded_count, not_relevant = statuses.count("coded"), statuses.count("not_relevant")
    digest.segment_counts = (coded_count, not_relevant, len(statuses) - coded_count - not_relevant)
    coded = list(filter(None, all_codes))
    if _LIST.issuperset(map(type, coded)) and _STR.issuperset(map(type, chain.from_iterable(coded))):
        _read_codes(coded, index, digest)
    else:
        position = next(
            i
            for i, codes in enumerate(all_codes)
            if codes and (type(codes) is not list or not all(type(code) is str for code in codes))
        )
        raise bad_segment(file, position, "codes: expected a list of code ids")
    if any(all_evidence):
        _read_evidence(segments, all_evidence, file, index, digest, quotes)
    if quotes:
        digest.segments = segments
        digest.code_quotes = _best_segments(segments, all_codes, coded, file, index, quote_floor)
    return digest


def _read_codes(coded: list[list[str]], index: CodebookIndex, digest: Digest) -> None:
    """Singles (segments with one code) as code ids, the others as sorted tuples of distinct codes."""
    lengths = list(map(len, coded))
    singles = list(map(_first, compress(coded, map((1).__eq__, lengths))))
    multis = list(map(tuple, map(sorted, map(set, compress(coded, map((1).__lt__, lengths))))))
    codes = set(singles)
    codes.update(chain.from_iterable(multis))
    questions = set(map(index.question_of.get, codes))
    questions.discard(None)
    digest.singles, digest.multis, digest.codes, digest.questions = singles, multis, codes, questions  # type: ignore[assignment]
    if multis:
        digest.pairs = set(chain.from_iterable(map(combinations, multis, repeat(2))))


def _verdicts(items: list, file: str, hypotheses: tuple[str, ...]) -> list[tuple[str, str]]:
    """(hypothesis, verdict) for every hypothesis of the codebook, `missing` where the record gives none."""
    found = {}
    for position, item in enumerate(items):
        if type(item) is not dict or item.get("verdict") not in VERDICTS or type(item.get("hypothesis")) is not str:
            raise record_problem(
                file, "bad-record", f"verdicts.{position}: expected a hypothesis and one of {VERDICTS}"
            )
        found[item["hypothesis"]] = item["verdict"]
    return [(h, found.get(h, MISSING)) for h in hypotheses]


_get = dict.get
_first = itemgetter(0)
_LIST = frozenset({list})
_STR = frozenset({str})
_hypothesis_of = itemgetter("hypothesis")
_stance_of = itemgetter("stance")


def _read_evidence(
    segments: list, all_evidence: list, file: str, index: CodebookIndex, digest: Digest, quotes: bool
) -> None:
    """Evidence as (hypothesis, stance) per segment, each once per segment; hypotheses the codebook
    does not have are kept (the summary warns about them) and are never quoted."""
    positions = list(compress(range(len(all_evidence)), all_evidence))
    given = list(map(all_evidence.__getitem__, positions))
    try:
        if not _LIST.issuperset(map(type, given)):
            raise TypeError
        flat = list(chain.from_iterable(given))
        keys = list(zip(map(_hypothesis_of, flat), map(_stance_of, flat), strict=True))
        if not index.evidence_keys.issuperset(keys) and not all(
            type(h) is str and stance in STANCES for h, stance in keys
        ):
            raise TypeError
    except (TypeError, KeyError):
        position = next(p for p, items in zip(positions, given, strict=True) if not _evidence_ok(items))
        message = (
            "evidence: expected a list"
            if type(all_evidence[position]) is not list
            else (f"evidence: expected a hypothesis and a stance ({', '.join(STANCES)})")
        )
        raise bad_segment(file, position, message) from None
    if len(keys) != len(given):  # a segment with several pieces of evidence: count each (hypothesis, stance) once
        keys = [key for items in given for key in dict.fromkeys((item["hypothesis"], item["stance"]) for item in items)]
    digest.evidence = keys
    digest.evidence_kinds = set(keys)
    if quotes:
        best: dict[tuple[str, str], tuple[float, int, Any]] = {}
        for position, items in zip(positions, given, strict=True):
            text = segments[position].get("text")
            score = quote_score(len(text) if type(text) is str else -1_000_000)
            for item in items:
                key = (item["hypothesis"], item["stance"])
                current = best.get(key)
                if (current is None or current[0] < score) and key in index.evidence_keys:
                    best[key] = (score, position, item.get("note"))
        digest.evidence_quotes = best


def _evidence_ok(items: object) -> bool:
    return type(items) is list and all(
        type(item) is dict and type(item.get("hypothesis")) is str and item.get("stance") in STANCES for item in items
    )


def quote_score(length: int) -> float:
    """Prefer quotes a reader can take in: about two sentences (220 characters), not a one-word answer."""
    if length < QUOTE_SHORT_CHARS:
        return -1000.0 + length
    return -abs(length - QUOTE_IDEAL_CHARS) / 10


class QuoteFloor:
    """Per code, a score at or below which no exemplar sample would take a quote, and the window of text
    lengths that can beat the lowest of them (segments outside it are passed over in C)."""

    __slots__ = ("lengths", "scores")

    def __init__(self, scores: dict[str, float]) -> None:
        self.scores = scores
        lowest = min(scores.values(), default=float("-inf"))
        reach = -10 * lowest  # score > lowest  <=>  |length - 220| < reach, for lengths of 25 or more
        if QUOTE_IDEAL_CHARS - reach > QUOTE_SHORT_CHARS + 1:
            self.lengths: range | None = range(int(QUOTE_IDEAL_CHARS - reach) - 1, int(QUOTE_IDEAL_CHARS + reach) + 2)
        else:
            self.lengths = None


def _best_segments(
    segments: list,
    all_codes: list,
    coded: list[list[str]],
    file: str,
    index: CodebookIndex,
    floor: QuoteFloor | None,
) -> dict[str, tuple[float, int]]:
    """Per code of the codebook, the (score, position) of its best quote: the first segment with the highest
    score. With a floor, only segments whose length can beat it (or that carry a code without one) are looked at.
    """
    positions = list(compress(range(len(all_codes)), all_codes))
    texts = list(map(_get, map(segments.__getitem__, positions), repeat("text")))
    if not _STR.issuperset(map(type, texts)):
        position = next(p for p, text in zip(positions, texts, strict=True) if type(text) is not str)
        raise bad_segment(file, position, "text: expected a string")
    lengths = list(map(len, texts))
    floor_get = None if floor is None else floor.scores.get
    if floor is not None and floor.lengths is not None:
        look = set(compress(range(len(lengths)), map(floor.lengths.__contains__, lengths)))
        unfloored = set(chain.from_iterable(coded)) - floor.scores.keys()
        if unfloored:
            look.update(compress(range(len(coded)), map(_not, map(unfloored.isdisjoint, coded))))
        chosen: Any = sorted(look)
    else:
        chosen = range(len(coded))
    best: dict[str, tuple[float, int]] = {}
    known = index.question_of
    for at in chosen:
        score = quote_score(lengths[at])
        position = positions[at]
        for code in coded[at]:
            current = best.get(code)
            if current is None:
                if (floor_get is not None and score <= floor_get(code, _NO_FLOOR)) or code not in known:
                    continue
                best[code] = (score, position)
            elif score > current[0]:
                best[code] = (score, position)
    return best


_NO_FLOOR = float("-inf")


def _not(value: bool) -> bool:
    return not value


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
