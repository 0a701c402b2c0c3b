"""One record reduced to what a summary counts: a `Digest`, made with C-level passes over its segments.

A digest holds the `Combination` of each coded segment (its distinct codes, looked up once per
distinct list of codes), one integer with a bit for every code, question and (hypothesis, stance)
the record has (see `_index`), the set of code pairs that share a segment, the record's evidence,
its answers as hashable tokens and at most one exemplar quote candidate per code and per hypothesis stance, never
the record's text. The per-segment work is done by `map`, `filter` and `compress` over the segment
list, so that a record costs a few dozen C loops rather than a Python loop per segment. A record
is read as a struct checked against the record model (`jimcode.records.stream`), so the kinds of
its values are not checked again.
"""

from __future__ import annotations

from collections.abc import Set
from functools import reduce
from itertools import chain, compress, repeat
from operator import attrgetter, gt, itemgetter, or_
from typing import Any, NamedTuple

from jimcode.codebook.model import (
    BooleanAttribute,
    CategoryAttribute,
    IntegerAttribute,
    MultiChoiceAttribute,
    NumberAttribute,
)
from jimcode.records.quotes import QUOTE_IDEAL_CHARS, marked_quote, segment_quote
from jimcode.records.stream import RecordStruct
from jimcode.summary._index import MISSING, CodebookIndex, Combination

__all__ = ["MISSING", "UNSPECIFIED", "CodebookIndex", "Digest", "Quote", "QuoteFloor", "answer_keys", "digest_record"]

UNSPECIFIED = "unspecified"  # the pole of a code with polarity applied without one
# A quote is scored by its length: about two sentences (QUOTE_IDEAL_CHARS) is best, under 25 is a last resort.
QUOTE_SHORT_CHARS = 25


class Quote(NamedTuple):
    """An exemplar segment, attributed to case and speaker.

    It holds the segment's text and marks, not its quote: most quotes offered to a sample are pushed
    out again, and making a quote can mean splitting the text into sentences (`text`, for those kept)."""

    score: float
    order: int
    transcript: str
    coder: str
    case: str
    segment: str
    speaker: str | None
    segment_text: str
    marks: tuple[int, ...]
    remark: str | None

    @property
    def text(self) -> str:
        """What a report quotes: the sentences the coder marked, else the text cut to fit a report."""
        return segment_quote(self.segment_text, self.marks)

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
        "combinations",
        "evidence",
        "evidence_quotes",
        "file",
        "mask",
        "order",
        "organisation",
        "pairs",
        "poles",
        "quoted",
        "segment_counts",
        "segments",
        "sha256",
        "status",
        "tokens",
        "transcript",
        "verdicts",
    )

    def __init__(self, data: RecordStruct, file: str, index: CodebookIndex, order: int) -> None:
        transcript = data.transcript
        codebook = data.codebook
        answers = data.attributes
        self.transcript: str = transcript.id
        self.sha256: str = transcript.sha256
        self.case: str = data.case or self.transcript
        self.coder: str = data.coder
        self.status: str = data.status
        self.codebook_id: str = codebook.id
        self.codebook_version: str = codebook.version
        self.codebook_sha256: str = codebook.sha256
        self.organisation = index.organisation(data.interview.organisation, answers)
        self.answers: dict[str, Any] = answers
        self.tokens = index.answer_tokens(answers)
        self.verdicts = _verdicts(data.verdicts, index.hypothesis_ids)
        self.file = file
        self.order = order
        self.segments: list = []
        self.segment_counts = (0, 0, 0)
        self.combinations: list[Combination] = []
        self.mask = 0
        self.pairs: set[tuple[str, str]] = set()  # the pairs of codebook codes that share a segment
        self.evidence: list[tuple[str, str]] = []
        self.poles: list[tuple[str, str]] = []  # (code, pole) per coded segment of a code with polarity
        self.quoted = False  # made with quotes: its candidates are every key a sample can hold a quote of it for
        self.code_quotes: dict[str, tuple[float, int]] = {}
        self.evidence_quotes: dict[tuple[str, str], tuple[float, int, Any]] = {}

    def quote(self, score: float, position: int, remark: object) -> Quote:
        """The quote of segment `position` (made only when a sample takes it: most candidates are not)."""
        segment = self.segments[position]
        return Quote(
            score=score,
            order=self.order * 100_000 + position,
            transcript=self.transcript,
            coder=self.coder,
            case=self.case,
            segment=segment.segment_id,
            speaker=segment.speaker,
            segment_text=segment.text,
            marks=tuple(segment.quote_sentences),
            remark=remark if isinstance(remark, str) and remark.strip() else None,
        )

    def drop_segments(self) -> None:
        """Let go of the record's segments once its quotes are made (subtracting the digest does not need them)."""
        self.segments = []

    def code_quote(self, code: str) -> Quote:
        score, position = self.code_quotes[code]
        return self.quote(score, position, self.segments[position].memo)

    def evidence_quote(self, key: tuple[str, str]) -> Quote:
        score, position, note = self.evidence_quotes[key]
        return self.quote(score, position, note)


def digest_record(
    data: RecordStruct,
    file: str,
    index: CodebookIndex,
    order: int,
    quotes: bool,
    quote_floor: QuoteFloor | None = None,
) -> Digest:
    """Reduce a record read by `records.stream.read_record_data` (a checked struct) to a `Digest`.

    `quote_floor` (per code, a score no exemplar sample would take) spares looking at segments
    that cannot give a quote; it must never be higher than a sample's real floor.
    """
    digest = Digest(data, file, index, order)
    segments = data.segments
    statuses = list(map(_status_of, segments))
    all_codes = list(map(_codes_of, segments))
    all_evidence = list(map(_evidence_of, segments))
    coded_count, not_relevant = statuses.count("coded"), statuses.count("not_relevant")
    digest.segment_counts = (coded_count, not_relevant, len(statuses) - coded_count - not_relevant)
    coded = list(filter(None, all_codes))
    combinations = _combinations(coded, index)
    digest.combinations = combinations
    distinct = set(combinations)
    mask = reduce(or_, map(_mask_of, distinct), 0)
    digest.pairs = set().union(*map(_pairs_of, distinct))
    if index.polar_codes and any(map(_polar_of, distinct)):
        digest.poles = _poles(segments, all_codes, combinations)
    marked = _marked_scores(segments) if quotes else {}
    if any(all_evidence):
        mask |= _read_evidence(segments, all_evidence, index, digest, quotes, quote_floor, marked)
    digest.mask = mask
    if quotes:
        digest.quoted = True
        digest.segments = segments
        digest.code_quotes = _best_segments(segments, all_codes, combinations, index, mask, quote_floor, marked)
    return digest


def _combinations(coded: list[list[str]], index: CodebookIndex) -> list[Combination]:
    """The `Combination` of each coded segment."""
    found = list(map(index.combinations_seen.get, map(frozenset, coded)))
    if None in found:
        found = [
            combination if combination is not None else index.combination(frozenset(codes))
            for combination, codes in zip(found, coded, strict=True)
        ]
    return found  # type: ignore[return-value]  # index.combination makes every one


def _verdicts(items: list[Any], hypotheses: tuple[str, ...]) -> list[tuple[str, str]]:
    """(hypothesis, verdict) for every hypothesis of the codebook, `missing` where the record gives none."""
    found = {item.hypothesis: item.verdict for item in items}
    return [(h, found.get(h, MISSING)) for h in hypotheses]


_status_of = attrgetter("status")
_codes_of = attrgetter("codes")
_evidence_of = attrgetter("evidence")
_text_of = attrgetter("text")
_marks_of = attrgetter("quote_sentences")
_evidence_key_of = attrgetter("hypothesis", "stance")
_mask_of = attrgetter("mask")
_pairs_of = attrgetter("pairs")
_polar_of = attrgetter("polar")
_second = itemgetter(1)


def _poles(segments: list, all_codes: list, combinations: list[Combination]) -> list[tuple[str, str]]:
    """(code, pole) for each coded segment and code with polarity: present, absent, or unspecified
    where the coder gave none (a record coded before the codebook declared it)."""
    positions = list(compress(range(len(all_codes)), all_codes))
    found = []
    for at in compress(range(len(combinations)), map(_polar_of, combinations)):
        given = segments[positions[at]].polarity
        found += [(code, given.get(code, UNSPECIFIED)) for code in combinations[at].polar]
    return found


def _read_evidence(
    segments: list,
    all_evidence: list,
    index: CodebookIndex,
    digest: Digest,
    quotes: bool,
    floor: QuoteFloor | None = None,
    marked: dict[int, float] | None = None,
) -> int:
    """Evidence as (hypothesis, stance) per segment, each once per segment; hypotheses the codebook
    does not have are kept (the summary warns about them) and are never quoted. Returns the bits of
    the (hypothesis, stance) the record has."""
    positions = list(compress(range(len(all_evidence)), all_evidence))
    given = list(compress(all_evidence, all_evidence))
    keys = list(map(_evidence_key_of, chain.from_iterable(given)))
    if len(keys) != len(given) and any(map(_repeats_a_key, given)):  # count each (hypothesis, stance) once a segment
        owners = chain.from_iterable(map(repeat, range(len(given)), map(len, given)))
        once = dict.fromkeys(zip(owners, keys, strict=True))  # (segment, key), first seen first
        if len(once) != len(keys):
            keys = list(map(_second, once))
    digest.evidence = keys
    known = index.evidence_keys.intersection(keys)
    if quotes and known:
        digest.evidence_quotes = _best_evidence(segments, positions, given, known, floor, marked or {})
    return reduce(or_, map(index.evidence_bits.__getitem__, known), 0)


def _repeats_a_key(items: list[Any]) -> bool:
    """Whether a segment's evidence names a (hypothesis, stance) twice."""
    return len(items) > 1 and len(set(map(_evidence_key_of, items))) < len(items)


def _best_evidence(
    segments: list,
    positions: list[int],
    given: list[list[Any]],
    known: Set[tuple[str, str]],
    floor: QuoteFloor | None,
    marked: dict[int, float],
) -> dict[tuple[str, str], tuple[float, int, Any]]:
    """Per (hypothesis, stance) of the codebook, (score, position, note) of its best quote; with a floor,
    only those that beat it. `marked`: the scores of the record's marked segments, by position."""
    scores = _with_marked(_scores(_text_lengths(map(segments.__getitem__, positions))), positions, marked)
    look: Any = range(len(positions))
    evidence_floors = floor.evidence_scores if floor is not None else None
    if evidence_floors:
        # A segment whose score is at or below the lowest floor of the record's keys beats none of them.
        lowest = min(map(evidence_floors.get, known, repeat(_NO_FLOOR)))
        if lowest > _NO_FLOOR:
            look = compress(look, map(lowest.__lt__, scores))
    best: dict[tuple[str, str], tuple[float, int, Any]] = {}
    for at in look:
        score = scores[at]
        for item in given[at]:
            key = (item.hypothesis, item.stance)
            current = best.get(key)
            if (current is None or current[0] < score) and key in known:
                best[key] = (score, positions[at], item.note)
    if evidence_floors and best:
        floor_get = evidence_floors.get
        return {key: found for key, found in best.items() if found[0] > floor_get(key, _NO_FLOOR)}
    return best


def _text_lengths(segments: Any) -> list[int]:
    """The length of each segment's text."""
    return list(map(len, map(_text_of, segments)))


def quote_score(length: int) -> float:
    """Prefer quotes a reader can take in: about two sentences (220 characters), not a one-word answer."""
    if length < QUOTE_SHORT_CHARS:
        return -1000.0 + length
    return -abs(length - QUOTE_IDEAL_CHARS) / 10


MARKED_QUOTE = 1000.0
"""Added to the score of a segment whose coder marked the sentences to quote: the coder chose them,
so they come before any segment quoted by its length alone (every such score is 0 or less)."""


def marked_quote_score(segment: Any) -> float:
    """The score of a segment with marked sentences: by the length of the quote a report prints. Marks
    the text no longer has (it was edited; `jimcode validate` warns) are no quote: scored by length."""
    quoted = marked_quote(segment.text, segment.quote_sentences)
    if quoted is None:
        return quote_score(len(segment.text))
    return MARKED_QUOTE + quote_score(len(quoted))


def _marked_scores(segments: list) -> dict[int, float]:
    """Per position of a segment whose coder marked sentences to quote (few are), its score: made once a
    record, for its codes' and its evidence's quotes alike."""
    return {at: marked_quote_score(segments[at]) for at in compress(range(len(segments)), map(_marks_of, segments))}


def _with_marked(scores: list[float], positions: list[int], marked: dict[int, float]) -> list[float]:
    """`scores` (of the segments at `positions`) with the marked segments' scores in place of their length's."""
    if marked:
        for at, position in enumerate(positions):
            if position in marked:
                scores[at] = marked[position]
    return scores


# The score of every length a segment usually has, so that scoring a record's segments is one C pass.
_SCORE_OF: dict[int, float] = {length: quote_score(length) for length in range(8 * QUOTE_IDEAL_CHARS)}


def _scores(lengths: list[int]) -> list[float]:
    """`quote_score` of each length."""
    scores: list[Any] = list(map(_SCORE_OF.get, lengths))
    if None in scores:  # a long segment
        return list(map(quote_score, lengths))
    return scores


class QuoteFloor:
    """Per code (and per hypothesis stance), a score at or below which no exemplar sample would take a
    quote; the codes that have one (as bits); the window of text lengths that can beat the lowest
    floor; and, made as combinations turn up, per `Combination` of codes the lowest floor of its codes
    (minus infinity when one of them has none). Segments that cannot beat them are passed over in C."""

    __slots__ = ("_combination_floors", "evidence_scores", "floored", "lengths", "scores")

    def __init__(
        self, scores: dict[str, float], index: CodebookIndex, evidence: dict[tuple[str, str], float] | None = None
    ) -> None:
        self.scores = scores
        self.floored = sum(index.bits["code", code] for code in scores)
        self.lengths = _length_window(scores.values())
        self.evidence_scores = evidence or {}
        self._combination_floors: dict[Combination, float] = {}

    def of_combinations(self, combinations: list[Combination]) -> list[float]:
        """The floor of each combination."""
        found: list[Any] = list(map(self._combination_floors.get, combinations))
        if None in found:
            found = [self._combination_floor(c) if f is None else f for f, c in zip(found, combinations, strict=True)]
        return found

    def _combination_floor(self, combination: Combination) -> float:
        # No code of the codebook: never a quote.
        lowest = min(map(self.scores.get, combination.codes, repeat(_NO_FLOOR)), default=float("inf"))
        self._combination_floors[combination] = lowest
        return lowest


def _length_window(floors: Any) -> range | None:
    """Text lengths whose score can beat the lowest floor (None: too wide to be worth it, or no floor)."""
    lowest = min(floors, default=float("-inf"))
    reach = -10 * lowest  # score > lowest  <=>  |length - 220| < reach, for lengths of 25 or more
    if QUOTE_IDEAL_CHARS - reach > QUOTE_SHORT_CHARS + 1:
        return range(int(QUOTE_IDEAL_CHARS - reach) - 1, int(QUOTE_IDEAL_CHARS + reach) + 2)
    return None


def _best_segments(
    segments: list,
    all_codes: list,
    combinations: list[Combination],
    index: CodebookIndex,
    mask: int,
    floor: QuoteFloor | None,
    marked: dict[int, float],
) -> dict[str, tuple[float, int]]:
    """Per code of the codebook, the (score, position) of its best quote: the first segment with the highest
    score. With a floor, only segments that can beat the floor of one of their codes are looked at: first
    those whose length can beat the lowest floor (or that are marked, or carry a code without one), then of
    those the ones that beat their combination's."""
    lengths = _text_lengths(compress(segments, all_codes))
    positions = list(compress(range(len(all_codes)), all_codes))
    scores = _with_marked(_scores(lengths), positions, marked)
    look: Any = range(len(lengths))
    floor_get = None
    if floor is not None:
        floor_get = floor.scores.get
        if floor.lengths is not None:
            look = list(compress(look, map(floor.lengths.__contains__, lengths)))
            unfloored = mask & index.code_bits & ~floor.floored
            extra = [at for at, position in enumerate(positions) if position in marked] if marked else []
            if unfloored:
                extra += compress(range(len(lengths)), map(unfloored.__and__, map(_mask_of, combinations)))
            if extra:
                look = sorted({*look, *extra})
        floors = floor.of_combinations(list(map(combinations.__getitem__, look)))
        look = list(compress(look, map(gt, map(scores.__getitem__, look), floors)))
    if not look:
        return {}
    best: dict[str, tuple[float, int]] = {}
    for at in look:
        score = scores[at]
        position = positions[at]
        for code in combinations[at].codes:
            current = best.get(code)
            if current is None:
                if floor_get is not None and score <= floor_get(code, _NO_FLOOR):
                    continue
                best[code] = (score, position)
            elif score > current[0]:
                best[code] = (score, position)
    return best


_NO_FLOOR = float("-inf")


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
