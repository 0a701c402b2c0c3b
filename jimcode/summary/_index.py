"""Look-up tables a summary makes once from the codebook, and reuses for every record.

Besides the obvious maps (code to research question, attribute options and groups), the
index gives every code, research question and (hypothesis, stance) a bit position: what a
whole record has is then one integer, the OR of its segments' bits, and counting the cases
that have each of them is one addition of that integer (see `tally.BitCounts`). Pairs of
codes get no bit (there are codes² / 2 of them, and a bit position costs memory in every
integer above it): the pairs a record has are a set, counted in a `Counter`, so that memory
grows with the pairs actually seen. A segment's list of codes is looked up once per distinct
list (`Combination`), so sorting, de-duplicating and pairing codes is not repeated per segment.
"""

from __future__ import annotations

from functools import reduce
from itertools import combinations
from operator import or_
from typing import Any, cast

from jimcode.codebook.model import CategoryAttribute, Codebook, MultiChoiceAttribute, TextAttribute
from jimcode.records.model import STANCES

MISSING = "missing"
_STRINGS = frozenset({str})
ORGANISATION_ATTRIBUTE = "organisation"


class Combination:
    """The distinct codes of one segment, as a summary counts them (one object per set of codes)."""

    __slots__ = ("codes", "mask", "pairs", "polar", "questions", "unknown")

    def __init__(self, codes: tuple[str, ...], index: CodebookIndex) -> None:
        """`codes`: sorted and distinct."""
        known = index.code_bits_of
        mine = tuple(code for code in codes if code in known)
        self.codes = mine  # in the codebook
        self.unknown = () if len(mine) == len(codes) else tuple(code for code in codes if code not in known)
        question_of = index.question_of
        self.questions = tuple(dict.fromkeys(question_of[code] for code in mine))
        self.pairs = tuple(combinations(mine, 2))
        self.mask = reduce(or_, map(known.__getitem__, mine), 0)
        self.polar = tuple(code for code in mine if code in index.polar_codes)  # codes counted by pole


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
        self.codes_by_id = {entry.code.id: entry for entry in self.numbered}
        self.question_of: dict[str, str] = {entry.code.id: entry.question.id for entry in self.numbered}
        self.hypotheses = {h.id for h in codebook.hypotheses}
        self.polar_codes = frozenset(entry.code.id for entry in self.numbered if entry.code.has_polarity)
        self.hypothesis_ids = tuple(h.id for h in codebook.hypotheses)
        self.evidence_keys = frozenset((h, stance) for h in self.hypotheses for stance in STANCES)
        self._bit_positions(codebook)
        self.combinations_seen: dict[frozenset, Combination] = {}
        self._own_codes = {code: code for code in self.question_of}
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

    def _bit_positions(self, codebook: Codebook) -> None:
        """A bit for each (kind, key): ("code", id), ("question", id), ("evidence", (hypothesis, stance))."""
        codes = sorted(self.question_of)
        keys: list[tuple[str, Any]] = [("code", code) for code in codes]
        keys += [("question", question.id) for question in codebook.research_questions]
        keys += [("evidence", (h, stance)) for h in self.hypothesis_ids for stance in STANCES]
        self.bit_keys = keys
        self.bits: dict[tuple[str, Any], int] = {key: 1 << position for position, key in enumerate(keys)}
        self.code_bits = sum(self.bits["code", code] for code in codes)
        # A code's own bit with its research question's; a pair's bit.
        bits = self.bits
        self.code_bits_of = {code: bits["code", code] | bits["question", q] for code, q in self.question_of.items()}
        self.evidence_bits = {key: bit for (kind, key), bit in self.bits.items() if kind == "evidence"}

    def combination(self, codes: frozenset) -> Combination | None:
        """The `Combination` of a segment's set of codes (None when they are not all strings), made once:
        `combinations_seen` holds every one made, and there are no more of them than distinct sets of
        codes in the corpus, which the codebook bounds."""
        found = self.combinations_seen.get(codes)
        if found is None:
            if not _STRINGS.issuperset(map(type, codes)):
                return None
            # Kept with the codebook's own strings: looking a segment's codes up compares them with these,
            # which stay in the CPU cache, rather than with strings of some record read long ago.
            own = cast("frozenset[str]", frozenset(map(self._own_codes.get, codes, codes)))  # get(code, code): a str
            found = self.combinations_seen[own] = Combination(tuple(sorted(own)), self)
        return found

    def organisation(self, named_in_transcript: str | None, answers: dict[str, Any]) -> str | None:
        """The interview's organisation as the transcript names it, else the label of the case's answer."""
        named = _text_or_none(named_in_transcript)
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
            return [_token(self.attributes[i], kind, value) for i, kind, value in tokens]
        for at in self.text_positions:
            if types[at] is str:
                tokens[at] = (ids[at], str, values[at] != "")
        if list in types:  # multi-choice answers
            for at, kind in enumerate(types):
                if kind is list:
                    tokens[at] = _token(self.attributes[ids[at]], list, values[at])
        return tokens


_PLAIN_TYPES = frozenset({str, int, float, bool, list, type(None)})


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _token(attribute: object, kind: type, value: Any) -> tuple[str, type, Any]:
    identifier: str = attribute.id  # type: ignore[attr-defined]
    if kind is str:
        return (identifier, str, value != "") if isinstance(attribute, TextAttribute) else (identifier, str, value)
    if kind is list:
        try:
            items = tuple(value)
            hash(items)
            return identifier, list, items
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
