"""Case attribute answers: parse what a coder types, check stored values against the codebook.

Shared by the coding session (typed answers) and record validation (stored values),
so that both agree on what a valid answer is.
"""

from __future__ import annotations

import math
import re

from jimcode.codebook.model import (
    BooleanAttribute,
    CaseAttribute,
    CategoryAttribute,
    IntegerAttribute,
    MultiChoiceAttribute,
    NumberAttribute,
    Option,
    TextAttribute,
)
from jimcode.i18n import DEFAULT_LANGUAGE, words
from jimcode.transcripts.model import AttributeValue
from jimcode.typed import whole_number

_YES = frozenset({"y", "yes", "j", "ja", "true", "waar", "1"})
_NO = frozenset({"n", "no", "nee", "false", "onwaar", "0"})
_SEPARATORS = re.compile(r"[,;\s]+")


class AnswerError(ValueError):
    """An answer that does not fit the attribute; the message says what would."""


def _bounds(attribute: IntegerAttribute | NumberAttribute, language: str) -> str:
    say = words(language)
    low = "" if attribute.min is None else _figure(attribute.min, language)
    high = "" if attribute.max is None else _figure(attribute.max, language)
    if not low and not high:
        return ""
    if low and high:
        return say("attribute.bounds.between", low=low, high=high)
    return say("attribute.bounds.at_least", low=low) if low else say("attribute.bounds.at_most", high=high)


def _figure(value: float, language: str) -> str:
    """A bound as written (`2.5`, Dutch `2,5`)."""
    text = f"{value:g}"
    return text.replace(".", ",") if language == "nl" else text


def expected(attribute: CaseAttribute, language: str = "en") -> str:
    """What a valid answer looks like, in a few words."""
    say = words(language)
    if isinstance(attribute, IntegerAttribute | NumberAttribute):
        kind = say("attribute.whole_number" if isinstance(attribute, IntegerAttribute) else "attribute.number")
        bounds = _bounds(attribute, language)
        unit = f" ({attribute.unit})" if attribute.unit else ""
        return f"{kind}{unit}" + (f", {bounds}" if bounds else "")
    if isinstance(attribute, CategoryAttribute):
        return say("attribute.one_option", ids=", ".join(o.id for o in attribute.options))
    if isinstance(attribute, MultiChoiceAttribute):
        return say("attribute.options", ids=", ".join(o.id for o in attribute.options))
    if isinstance(attribute, BooleanAttribute):
        return say("attribute.yes_no")
    return say("attribute.text")


def _option(attribute: CategoryAttribute | MultiChoiceAttribute, token: str, language: str) -> Option:
    say = words(language)
    wanted = token.strip()
    number = whole_number(wanted)
    if number is not None:
        if 1 <= number <= len(attribute.options):
            return attribute.options[number - 1]
        raise AnswerError(say("answer.no_option", number=number, count=len(attribute.options)))
    folded = wanted.casefold()
    for option in attribute.options:
        if option.id.casefold() == folded or option.label.casefold() == folded:
            return option
    raise AnswerError(say("answer.not_an_option", given=wanted, expected=expected(attribute, language)))


def _in_bounds(attribute: IntegerAttribute | NumberAttribute, value: float, language: str) -> None:
    too_low = attribute.min is not None and value < attribute.min
    too_high = attribute.max is not None and value > attribute.max
    if too_low or too_high:
        given, wanted = _figure(value, language), expected(attribute, language)
        raise AnswerError(words(language)("answer.out_of_bounds", given=given, expected=wanted))


def parse_answer(attribute: CaseAttribute, text: str, language: str = DEFAULT_LANGUAGE) -> AttributeValue:
    """The typed value for what a coder typed; raise `AnswerError` saying what was expected (in `language`)."""
    say = words(language)
    text = text.strip()
    if not text:
        raise AnswerError(say("answer.none", expected=expected(attribute, language)))
    not_kind = say("answer.not_kind", given=text, expected=expected(attribute, language))
    if isinstance(attribute, IntegerAttribute):
        number = whole_number(text, signed=True)
        if number is None:
            raise AnswerError(not_kind)
        _in_bounds(attribute, number, language)
        return number
    if isinstance(attribute, NumberAttribute):
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            raise AnswerError(not_kind) from None
        if not math.isfinite(value):
            raise AnswerError(not_kind)
        _in_bounds(attribute, value, language)
        return int(value) if value.is_integer() and "." not in text and "," not in text else value
    if isinstance(attribute, CategoryAttribute):
        return _option(attribute, text, language).id
    if isinstance(attribute, MultiChoiceAttribute):
        chosen = {_option(attribute, token, language).id for token in _SEPARATORS.split(text) if token}
        return [o.id for o in attribute.options if o.id in chosen]
    if isinstance(attribute, BooleanAttribute):
        folded = text.casefold()
        if folded in _YES:
            return True
        if folded in _NO:
            return False
        raise AnswerError(say("answer.not_yes_no", given=text))
    return text


def check_value(attribute: CaseAttribute, value: AttributeValue, language: str = DEFAULT_LANGUAGE) -> str | None:
    """Why a stored value does not fit the attribute (in `language`), or None when it does (None is 'no answer')."""
    if value is None:
        return None
    say = words(language)
    if isinstance(attribute, IntegerAttribute | NumberAttribute):
        integer_only = isinstance(attribute, IntegerAttribute)
        if isinstance(value, bool) or not isinstance(value, int | float) or (integer_only and isinstance(value, float)):
            return say("answer.stored.not_kind", value=repr(value), expected=expected(attribute, language))
        try:
            _in_bounds(attribute, value, language)
        except AnswerError as exc:
            return str(exc)
        return None
    if isinstance(attribute, CategoryAttribute):
        ids = [o.id for o in attribute.options]
        if isinstance(value, str) and value in ids:
            return None
        return say("answer.stored.not_one_of", value=repr(value), ids=", ".join(ids))
    if isinstance(attribute, MultiChoiceAttribute):
        ids = [o.id for o in attribute.options]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return say("answer.stored.not_a_list", value=repr(value))
        unknown = [v for v in value if v not in ids]
        if unknown:
            return say("answer.stored.unknown_options", values=", ".join(map(repr, unknown)), ids=", ".join(ids))
        if len(set(value)) != len(value):
            return say("answer.stored.twice")
        return None
    if isinstance(attribute, BooleanAttribute):
        return None if isinstance(value, bool) else say("answer.stored.not_bool", value=repr(value))
    if isinstance(attribute, TextAttribute):
        return None if isinstance(value, str) else say("answer.stored.not_text", value=repr(value))
    return None


def format_value(attribute: CaseAttribute | None, value: AttributeValue, language: str = "en") -> str:
    """A value as a coder reads it: option labels, yes/no, numbers with their unit (Dutch: 7,5 jaar)."""
    say = words(language)
    if value is None:
        return say("attribute.no_answer")
    if isinstance(attribute, CategoryAttribute | MultiChoiceAttribute):
        labels = {o.id: o.label for o in attribute.options}
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in values) or say("attribute.none")
    if isinstance(value, bool):
        return say("yes" if value else "no")
    if isinstance(attribute, IntegerAttribute | NumberAttribute) and attribute.unit:
        if not isinstance(value, int | float):
            return str(value)
        shown = f"{value:g}"
        return f"{shown.replace('.', ',') if language == 'nl' else shown} {attribute.unit}"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def answer_text(attribute: CaseAttribute, value: AttributeValue) -> str:
    """A value written the way a coder would type it (so scripts and prompts round-trip)."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
