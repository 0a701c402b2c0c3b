"""Descriptive statistics for case attributes: counts as percentages, and n/mean/median/min/max/sd.

Pure functions on small inputs: a summary keeps one number per case per numeric attribute
(bounded by the number of cases, not by the size of the records), so the median can be exact.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

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


def percent_text(count: int, of: int) -> str:
    """`3 (50%)`; the count alone when it is 0 or there is nothing to take a percentage of."""
    share = whole_percent(count, of)
    return f"{count}" if share is None or count == 0 else f"{count} ({share}%)"


def number_text(value: float | None, digits: int = 1) -> str:
    """58, 58.3, or an en dash for no value."""
    if value is None:
        return "–"
    if float(value).is_integer():
        return f"{int(value)}"
    return f"{value:.{digits}f}"


def is_days(unit: str | None) -> bool:
    return (unit or "").strip().casefold() in DAY_UNITS


def plural(count: float, word: str) -> str:
    return f"{number_text(count)} {word}" if count == 1 else f"{number_text(count)} {word}s"


def days_text(days: float) -> str:
    """A duration in the unit a reader would use: 5 days, 8 weeks, 5 months, 2 years."""
    if days < 14:
        return plural(round(days), "day")
    if days < 90:
        return plural(round(days / _DAYS_PER_WEEK), "week")
    if days < 2 * _DAYS_PER_YEAR:
        return plural(round(days / _DAYS_PER_MONTH), "month")
    return plural(round(days / _DAYS_PER_YEAR, 1), "year")


def reading(description: Description | None, unit: str | None) -> str:
    """One line a results section would print: `mean 58 days (8 weeks), range 0 days to 5 months`."""
    if description is None:
        return "no answers"
    if description.n == 1 or description.minimum == description.maximum:
        each = "one case" if description.n == 1 else f"all {description.n} cases"
        if is_days(unit):
            value = plural(description.minimum, "day")
            gloss = days_text(description.minimum)
            return f"{value}{'' if gloss.endswith(('day', 'days')) else f' ({gloss})'}, {each}"
        return f"{number_text(description.minimum)}{' ' + unit if unit else ''}, {each}"
    if is_days(unit):
        mean = f"mean {number_text(round(description.mean, 1))} days"
        gloss = days_text(description.mean)
        if not gloss.endswith(("day", "days")):
            mean += f" ({gloss})"
        span = f"range {days_text(description.minimum)} to {days_text(description.maximum)}"
        return f"{mean}, {span}"
    suffix = f" {unit}" if unit else ""
    return (
        f"mean {number_text(round(description.mean, 1))}{suffix}, median {number_text(description.median)}, "
        f"range {number_text(description.minimum)} to {number_text(description.maximum)}{suffix}"
    )
