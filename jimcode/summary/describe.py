"""Descriptive statistics for case attributes: counts as percentages, and n/mean/median/min/max/sd.

Pure functions on small inputs: a summary keeps one number per case per numeric attribute
(bounded by the number of cases, not by the size of the records), so the median can be exact.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from jimcode.i18n import number, words

DAY_UNITS = frozenset({"day", "days", "dag", "dagen"})
_DAYS_PER_WEEK = 7.0
_DAYS_PER_MONTH = 365.25 / 12
_DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class Description:
    """n, mean, median, min, max and sample standard deviation (None below two values)."""

    n: int
    mean: float
    median: float
    minimum: float
    maximum: float
    sd: float | None

    def statistic(self, name: str) -> float | None:
        """One statistic by its name in `as_dict` (n, mean, median, min, max, sd), unrounded."""
        values = {"n": self.n, "mean": self.mean, "median": self.median, "min": self.minimum, "max": self.maximum}
        return self.sd if name == "sd" else values.get(name)

    def as_dict(self) -> dict[str, float | int | None]:
        return {
            "n": self.n,
            "mean": rounded(self.mean),
            "median": rounded(self.median),
            "min": rounded(self.minimum),
            "max": rounded(self.maximum),
            "sd": None if self.sd is None else rounded(self.sd),
        }


def describe(values: Iterable[float]) -> Description | None:
    """Describe the values; None when there are none."""
    data = sorted(values)
    if not data:
        return None
    return Description(
        n=len(data),
        mean=math.fsum(data) / len(data),
        median=statistics.median(data),
        minimum=data[0],
        maximum=data[-1],
        sd=statistics.stdev(data) if len(data) > 1 else None,
    )


def rounded(value: float, digits: int = 2) -> float | int:
    """A number as JSON shows it: integers stay integers, others get at most `digits` decimals."""
    if float(value).is_integer():
        return int(value)
    return round(value, digits)


def percent(count: int, of: int) -> float | None:
    """`count` as a percentage of `of`, one decimal; None when `of` is 0."""
    if of <= 0:
        return None
    return round(count * 100 / of, 1)


def whole_percent(count: int, of: int) -> int | None:
    """Rounded the way a reader expects (half up: 1 of 8 is 13%, 5 of 6 is 83%); None when `of` is 0."""
    if of <= 0:
        return None
    return (200 * count + of) // (2 * of)


def decimals_of(written: float) -> int:
    """How many decimals a figure is written with: 80 has none, 7.5 one."""
    if float(written).is_integer():
        return 0
    exponent = Decimal(repr(written)).as_tuple().exponent
    return -exponent if isinstance(exponent, int) else 0


def as_written(value: float, written: float) -> float:
    """`value` rounded half up to the decimals `written` has, to set beside it (83.3 beside 80 is 83)."""
    places = decimals_of(written)
    exact = Decimal(repr(round(value, 9)))  # the float's shortest text, not its binary expansion
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def percent_text(count: int, of: int) -> str:
    """`3 (50%)`; the count alone when it is 0 or there is nothing to take a percentage of."""
    share = whole_percent(count, of)
    return f"{count}" if share is None or count == 0 else f"{count} ({share}%)"


def number_text(value: float | None, digits: int = 1, language: str = "en") -> str:
    """58, 58.3 (Dutch 58,3), or an en dash for no value."""
    return number(value, language, digits)


def is_days(unit: str | None) -> bool:
    return (unit or "").strip().casefold() in DAY_UNITS


def plural(count: float, unit: str, language: str = "en") -> str:
    """`count` `unit`s (day, week, month, year) in the language: 1 day, 2 weeks, 1,5 jaar."""
    return words(language)(f"unit.{unit}.{'one' if count == 1 else 'other'}", count=number_text(count, 1, language))


def days_text(days: float, language: str = "en") -> str:
    """A duration in the unit a reader would use: 5 days, 8 weeks, 5 months, 2 years."""
    if days < 14:
        return plural(round(days), "day", language)
    if days < 90:
        return plural(round(days / _DAYS_PER_WEEK), "week", language)
    if days < 2 * _DAYS_PER_YEAR:
        return plural(round(days / _DAYS_PER_MONTH), "month", language)
    return plural(round(days / _DAYS_PER_YEAR, 1), "year", language)


def reading(description: Description | None, unit: str | None, language: str = "en") -> str:
    """One line a results section would print: `mean 58 days (8 weeks), range 0 days to 5 months`."""
    say = words(language)
    if description is None:
        return say("reading.none")
    if description.n == 1 or description.minimum == description.maximum:
        each = say("reading.one_case") if description.n == 1 else say("reading.all_cases", count=description.n)
        if is_days(unit):
            value = plural(description.minimum, "day", language)
            gloss = days_text(description.minimum, language)
            return f"{value}{'' if _in_days(gloss, language) else f' ({gloss})'}, {each}"
        return f"{number_text(description.minimum, 1, language)}{' ' + unit if unit else ''}, {each}"
    if is_days(unit):
        mean = say("reading.mean", value=plural(round(description.mean, 1), "day", language))
        gloss = days_text(description.mean, language)
        if not _in_days(gloss, language):
            mean += f" ({gloss})"
        span = say(
            "reading.range", low=days_text(description.minimum, language), high=days_text(description.maximum, language)
        )
        return f"{mean}, {span}"
    suffix = f" {unit}" if unit else ""
    mean = say("reading.mean", value=number_text(round(description.mean, 1), 1, language) + suffix)
    median = say("reading.median", value=number_text(description.median, 1, language))
    low, high = number_text(description.minimum, 1, language), number_text(description.maximum, 1, language) + suffix
    return f"{mean}, {median}, {say('reading.range', low=low, high=high)}"


def _in_days(text: str, language: str) -> bool:
    """Whether a duration is already said in days (then it needs no gloss in weeks or months)."""
    return text.rsplit(" ", 1)[-1] in {plural(count, "day", language).rsplit(" ", 1)[-1] for count in (1, 2)}
