"""Running totals of a summary: what every counted record adds, and what it comes to at the end.

Per record, a `Tally` only adds the digest's lists to counters, in C (the `Combination` of each
coded segment, its evidence, verdicts and answers as tokens), and the record's bits (the codes,
questions, code pairs and evidence it has) to a `BitCounts`. What a reader sees (segments and
cases per code and per question, code pairs, answers per option, the numbers for the median) is
worked out once from those by `finish`, per distinct combination or answer, not per segment.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from jimcode.codebook.model import IntegerAttribute, NumberAttribute
from jimcode.summary._digest import MISSING, CodebookIndex, Digest, Quote, answer_keys
from jimcode.summary._index import answer_value

try:
    from collections import _count_elements as count_into  # type: ignore[attr-defined]  # Counter.update's C loop
except ImportError:  # pragma: no cover - every CPython has it

    def count_into(counts: Any, found: Any) -> None:
        counts.update(found)


class BitCounts:
    """How many records had each bit set, for hundreds of bits at once.

    The counts are kept bit-sliced: `planes[k]` holds bit k of every position's count, so adding a
    record's bits is a ripple-carry addition of a few integers, whatever the number of positions.
    """

    __slots__ = ("planes",)

    def __init__(self) -> None:
        self.planes: list[int] = []

    def add(self, bits: int) -> None:
        planes = self.planes
        for level, plane in enumerate(planes):
            if not bits:
                return
            planes[level] = plane ^ bits
            bits &= plane  # carry where the plane had a one
        if bits:
            planes.append(bits)

    def subtract(self, bits: int) -> None:
        """Undo an `add` of the same bits."""
        planes = self.planes
        for level, plane in enumerate(planes):
            if not bits:
                break
            planes[level] = plane ^ bits
            bits &= ~plane  # borrow where the plane had a zero
        while planes and not planes[-1]:
            planes.pop()

    def counts(self, keys: list[Any]) -> Counter:
        """{keys[position]: count} for every position counted at least once."""
        found: Counter = Counter()
        present = 0
        for plane in self.planes:
            present |= plane
        while present:
            lowest = present & -present
            position = lowest.bit_length() - 1
            found[keys[position]] = sum(1 << level for level, plane in enumerate(self.planes) if plane & lowest)
            present ^= lowest
        return found


class QuoteSample:
    """The best `limit` quotes offered so far (one per case and key, from `Digest`), and as many runners-up.

    Quotes arrive in reading order, so on a tie the one already kept stays. The runners-up are
    there for when a record is set aside after all (a consensus record read after a coder's): its
    quotes leave the sample and the next best move up, as if the record had never been read. That
    is exact as long as no more than `limit` of one sample's quotes come from records set aside later.
    """

    __slots__ = ("capacity", "items", "limit", "worst")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.capacity = 2 * limit
        self.items: list[Quote] = []
        self.worst = float("-inf")

    @property
    def full(self) -> bool:
        return len(self.items) >= self.capacity

    def offer(self, quote: Quote) -> None:
        items = self.items
        if len(items) < self.capacity:
            items.append(quote)
        elif quote.score <= self.worst:
            return
        else:
            weakest = min(items, key=lambda q: (q.score, -q.order))
            items[items.index(weakest)] = quote
        if len(items) == self.capacity:
            self.worst = min(q.score for q in items)

    def remove(self, transcript: str, coder: str) -> bool:
        """Take out the quotes of one record; True when there were any."""
        kept = [q for q in self.items if q.transcript != transcript or q.coder != coder]
        if len(kept) < len(self.items):
            self.items = kept
            self.worst = float("-inf")
            return True
        return False

    def best(self) -> list[Quote]:
        return sorted(self.items, key=lambda q: (-q.score, q.order))[: self.limit]


MAX_NAMED_CASES = 100
"""Up to this many cases a group keeps which case gave which verdict (a report names them); beyond, only counts."""


class Tally:
    """Running totals for one group of cases; `apply(digest, -1)` undoes `apply(digest, +1)`."""

    def __init__(self, index: CodebookIndex, quote_limit: int) -> None:
        self.index = index
        self.quote_limit = quote_limit
        # Answers about the interviewee count once per named interviewee (kept per interviewee and answer); a
        # case that names no interviewee is one of its own, counted like any case: so only named interviewees
        # take memory, not every case of a large corpus.
        self.about_interviewee = frozenset(a.id for a in index.codebook.case_attributes if a.about == "interviewee")
        self.interviewees: Counter[str | None] = Counter()  # cases per interviewee (name key; None: not named)
        self.organisation_people: Counter[tuple[str, str]] = Counter()  # cases per (organisation, named interviewee)
        self.interviewee_tokens: Counter[tuple[str, tuple[str, type, Any]]] = Counter()  # cases per (named, answer)
        self.verdict_names: Counter[tuple[str, str, str]] | None = Counter()  # (hypothesis, verdict, case)
        self.cases = 0
        self.case_names: Counter[str] = Counter()
        self.coders: Counter[str] = Counter()
        self.organisations: Counter[str] = Counter()
        self.statuses: Counter[str] = Counter()
        self.codebook_versions: Counter[tuple[str, str]] = Counter()
        self.segments = {"coded": 0, "not_relevant": 0, "open": 0}
        self.combinations: Counter[Any] = Counter()  # segments per `Combination` of codes
        self.case_bits = BitCounts()  # cases per code, question and (hypothesis, stance)
        self.evidence_segments: Counter[tuple[str, str]] = Counter()
        self.verdicts: Counter[tuple[str, str]] = Counter()
        self.answer_tokens: Counter[tuple[str, type, Any]] = Counter()
        self.pair_cases: Counter[tuple[str, str]] = Counter()  # cases per code pair (pairs have no bit)
        self.pole_segments: Counter[tuple[str, str]] = Counter()  # segments per (code, pole)
        self.pole_cases: Counter[tuple[str, str]] = Counter()  # cases per (code, pole)
        self.code_quotes: dict[str, QuoteSample] = {}
        self.evidence_quotes: dict[tuple[str, str], QuoteSample] = {}
        # Worked out by `finish`:
        self.code_cases: Counter[str] = Counter()
        self.question_cases: Counter[str] = Counter()
        self.evidence_cases: Counter[tuple[str, str]] = Counter()
        self.code_segments: Counter[str] = Counter()
        self.question_segments: Counter[str] = Counter()
        self.pairs: Counter[tuple[str, str]] = Counter()
        self.evidence: Counter[tuple[str, str]] = Counter()
        self.unknown_codes: Counter[str] = Counter()
        self.unknown_hypotheses: Counter[str] = Counter()
        self.answers: Counter[tuple[str, str]] = Counter()
        self.answer_kinds: Counter[tuple[str, str]] = Counter()
        self.numbers: dict[str, list[float]] = {}
        self.organisation_interviewees: dict[str, set[str]] = {}  # named interviewees per organisation (as spelt)
        self.organisation_unnamed: Counter[str] = Counter()  # cases naming no interviewee, per organisation
        self.units = 0  # distinct interviewees, a case without one named counting as one
        self.interviewee_conflicts: dict[str, list[str]] = {}  # attribute -> interviewees with different answers

    def _counters(self) -> tuple[Counter, ...]:
        return (
            self.combinations,
            self.evidence_segments,
            self.verdicts,
            self.answer_tokens,
            self.pair_cases,
            self.pole_segments,
            self.pole_cases,
        )

    @staticmethod
    def _found(digest: Digest) -> tuple[Any, ...]:
        return (
            digest.combinations,
            digest.evidence,
            digest.verdicts,
            digest.tokens,
            digest.pairs,
            digest.poles,
            set(digest.poles),
        )

    def apply(self, digest: Digest, sign: int, interviewee: str | None = None) -> bool:
        """Add (+1) or take away (-1) a record; `interviewee`: the name key of whom the record's interview is with.

        Returns True when a quote sample lost a quote (taking away a record whose quote it held)."""
        self.cases += sign
        self.interviewees[interviewee] += sign
        if interviewee is not None:
            self.organisation_people[digest.organisation or MISSING, interviewee] += sign
            about = self.about_interviewee
            if about:
                for token in digest.tokens:
                    if token[0] in about:
                        self.interviewee_tokens[interviewee, token] += sign
        if self.verdict_names is not None:
            if self.cases > MAX_NAMED_CASES:
                self.verdict_names = None  # too many to name in a report; the counts stay
            else:
                for hypothesis, verdict in digest.verdicts:
                    self.verdict_names[hypothesis, verdict, digest.case] += sign
        self.case_names[digest.case] += sign
        self.coders[digest.coder] += sign
        self.organisations[digest.organisation or MISSING] += sign
        self.statuses[digest.status] += sign
        self.codebook_versions[digest.codebook_version, digest.codebook_sha256] += sign
        segments = self.segments
        coded, not_relevant, still_open = digest.segment_counts
        segments["coded"] += sign * coded
        segments["not_relevant"] += sign * not_relevant
        segments["open"] += sign * still_open
        if sign > 0:
            for counts, found in zip(self._counters(), self._found(digest), strict=True):
                if found:
                    count_into(counts, found)
            self.case_bits.add(digest.mask)
        else:
            for counts, found in zip(self._counters(), self._found(digest), strict=True):
                counts.subtract(found)
            self.case_bits.subtract(digest.mask)
        return self._apply_quotes(digest, sign) if self.quote_limit else False

    def _apply_quotes(self, digest: Digest, sign: int) -> bool:
        # Codes are keyed by id, evidence by (hypothesis, stance): one loop for both kinds of key.
        kinds: tuple[tuple[dict[Any, QuoteSample], dict[Any, tuple], Callable[[Any], Quote]], ...] = (
            (self.code_quotes, digest.code_quotes, digest.code_quote),
            (self.evidence_quotes, digest.evidence_quotes, digest.evidence_quote),
        )
        lost = False
        for samples, found, make in kinds:
            if sign < 0:  # a digest made to subtract has no quotes: then every sample may hold one of its quotes
                for key in found if digest.quoted else list(samples):
                    held = samples.get(key)
                    if held is not None:
                        lost |= held.remove(digest.transcript, digest.coder)
                continue
            for key, candidate in found.items():
                sample = samples.get(key)
                if sample is None:
                    sample = samples[key] = QuoteSample(self.quote_limit)
                if candidate[0] > sample.worst or not sample.full:
                    sample.offer(make(key))
        return lost

    def finish(self) -> Tally:
        """Work out the totals a reader sees from the running counters (call once, after the last record)."""
        per_kind: dict[str, Counter[Any]] = {
            "code": self.code_cases,
            "question": self.question_cases,
            "evidence": self.evidence_cases,
        }
        for (kind, key), n in self.case_bits.counts(self.index.bit_keys).items():
            per_kind[kind][key] = n
        for combination, n in self.combinations.items():
            if n > 0:
                for code in combination.codes:
                    self.code_segments[code] += n
                for code in combination.unknown:
                    self.unknown_codes[code] += n
                for question in combination.questions:
                    self.question_segments[question] += n
                for pair in combination.pairs:
                    self.pairs[pair] += n
        hypotheses = self.index.hypotheses
        for (hypothesis, stance), n in self.evidence_segments.items():
            if n > 0:
                if hypothesis in hypotheses:
                    self.evidence[hypothesis, stance] += n
                else:
                    self.unknown_hypotheses[hypothesis] += n
        self._finish_answers()
        return self

    def _finish_answers(self) -> None:
        named_cases: Counter[str] = Counter()
        for (organisation, person), n in self.organisation_people.items():
            if n > 0:
                self.organisation_interviewees.setdefault(organisation, set()).add(person)
                named_cases[organisation] += n
        for organisation, n in self.organisations.items():
            if n - named_cases[organisation] > 0:
                self.organisation_unnamed[organisation] = n - named_cases[organisation]
        named = sum(1 for person, n in self.interviewees.items() if person is not None and n > 0)
        self.units = named + max(self.interviewees.get(None, 0), 0)
        # An answer about the interviewee: its cases, less those of named interviewees, plus those interviewees.
        counts = Counter({token: n for token, n in self.answer_tokens.items() if n > 0})
        answers_of: Counter[tuple[str, str]] = Counter()
        for (person, token), n in self.interviewee_tokens.items():
            if n > 0:
                counts[token] += 1 - n  # once per interviewee, however many of their cases gave it
                answers_of[token[0], person] += 1
        for (attribute_id, person), n in sorted(answers_of.items()):
            if n > 1:  # counted under each of their answers; the summary warns
                self.interviewee_conflicts.setdefault(attribute_id, []).append(person)
        self._count_answers(list(counts.items()))

    def _count_answers(self, tokens: list[tuple[tuple[str, type, Any], int]]) -> None:
        index = self.index
        for token, n in tokens:
            if n <= 0:
                continue
            attribute = index.attributes[token[0]]
            value = answer_value(token)
            kind, keys = answer_keys(attribute, value, index.options.get(attribute.id))
            self.answer_kinds[attribute.id, kind] += n
            for key in keys:
                self.answers[attribute.id, key] += n
            groups = index.option_groups.get(attribute.id)
            if groups and keys:
                for group in {groups[key] for key in keys if groups.get(key)}:
                    self.answers[attribute.id, f"group:{group}"] += n
            if kind == "answered" and isinstance(attribute, IntegerAttribute | NumberAttribute):
                self.numbers.setdefault(attribute.id, []).extend([float(value)] * n)
