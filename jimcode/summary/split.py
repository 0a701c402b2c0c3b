"""`--by ATTRIBUTE[:CUT]`: how `jimcode summary` and `jimcode retrieve` put cases into groups."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jimcode.codebook.model import (
    BooleanAttribute,
    CategoryAttribute,
    Codebook,
    IntegerAttribute,
    MultiChoiceAttribute,
    NumberAttribute,
    TextAttribute,
)
from jimcode.errors import UsageError
from jimcode.i18n import words
from jimcode.summary._digest import MISSING, answer_keys
from jimcode.summary.describe import number_text


@dataclass(frozen=True)
class Split:
    """How `--by ATTRIBUTE[:CUT]` puts cases into groups."""

    attribute: Any
    cut: float | None = None
    language: str = "en"  # of the groups' labels

    def keys(self, answers: dict[str, Any], options: set[str] | None) -> list[str]:
        value = answers.get(self.attribute.id)
        kind, keys = answer_keys(self.attribute, value, options)
        if kind != "answered" or value is None:  # an answer is never None; the check is for the type checker
            return [MISSING]
        if isinstance(self.attribute, IntegerAttribute | NumberAttribute):
            if self.cut is not None:
                return ["below" if value < self.cut else "from"]
            return [number_text(float(value))]
        if isinstance(self.attribute, TextAttribute):
            return [value.strip()]
        return keys

    def label(self, key: str) -> str:
        attribute = self.attribute
        unit = f" {attribute.unit}" if getattr(attribute, "unit", None) else ""
        say = words(self.language)
        if key == MISSING:
            return say("no_answer")
        if isinstance(attribute, CategoryAttribute | MultiChoiceAttribute):
            return next((o.label for o in attribute.options if o.id == key), key)
        if isinstance(attribute, BooleanAttribute):
            return say(f"answer.{key}")
        if self.cut is not None:
            cut = f"{number_text(self.cut, 1, self.language)}{unit}"
            return say("split.under" if key == "below" else "split.from", cut=cut)
        return f"{key}{unit}" if isinstance(attribute, IntegerAttribute | NumberAttribute) else key

    def order(self, keys: Iterable[str]) -> list[str]:
        attribute = self.attribute
        present = [k for k in keys if k != MISSING]
        if isinstance(attribute, CategoryAttribute | MultiChoiceAttribute):
            ranks = {o.id: i for i, o in enumerate(attribute.options)}
            present.sort(key=lambda k: ranks.get(k, len(ranks)))
        elif isinstance(attribute, BooleanAttribute):
            present.sort(key=lambda k: k != "yes")
        elif self.cut is not None:
            present.sort(key=lambda k: k != "below")
        elif isinstance(attribute, IntegerAttribute | NumberAttribute):
            present.sort(key=float)
        else:
            present.sort(key=str.casefold)
        return present + ([MISSING] if MISSING in keys else [])


def parse_split(by: str | None, codebook: Codebook, language: str = "en") -> Split | None:
    """`--by developmental_phase`, or `--by days_to_positioning:30` to split a number into under 30 / 30 or more."""
    if not by:
        return None
    name, _, cut_text = by.partition(":")
    attribute = codebook.attribute(name.strip())
    if attribute is None:
        known = ", ".join(a.id for a in codebook.case_attributes) or "none"
        raise UsageError(f"--by {name}: no such case attribute in codebook {codebook.id} (attributes: {known})")
    cut = None
    if cut_text:
        if not isinstance(attribute, IntegerAttribute | NumberAttribute):
            raise UsageError(f"--by {by}: only a number attribute can be cut at a value")
        try:
            cut = float(cut_text)
        except ValueError:
            raise UsageError(f"--by {by}: '{cut_text}' is not a number (e.g. --by {name}:12)") from None
    return Split(attribute, cut, language)
