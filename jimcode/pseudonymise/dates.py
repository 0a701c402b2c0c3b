"""Dates in a transcript, found and then shifted by a number of days or reduced to their month.

An interview date, a birthday or the day of an incident can identify a family. Shifting every date
of one case by the same number of days keeps the intervals between them (the days to positioning);
`month` keeps only month and year. Forms found: `2019-10-08`, `8-10-2019`, `08/10/2019`, `8.10.2019`
(day first, as the Netherlands writes), `8 oktober 2019`, `8 oktober`, `October 8, 2019`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

DateMode = Literal["shift", "month"]

MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
             "november", "december")  # fmt: skip
MONTHS_EN = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december")  # fmt: skip
_MONTH_NUMBER = {name: i + 1 for names in (MONTHS_NL, MONTHS_EN) for i, name in enumerate(names)}
_MONTH = "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True))
_YEAR_WITHOUT = 2001  # a year that is not a leap year, for dates written without one

DATE_PATTERN = re.compile(
    rf"""(?<![\w-])(?:
        (?P<iy>\d{{4}})-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}})
      | (?P<nd>\d{{1,2}})(?P<sep>[-/.])(?P<nm>\d{{1,2}})(?P=sep)(?P<ny>\d{{4}})
      | (?P<td>\d{{1,2}})\s+(?P<tm>{_MONTH})(?:\s+(?P<ty>\d{{4}}))?
      | (?P<em>{_MONTH})\s+(?P<ed>\d{{1,2}}),?\s+(?P<ey>\d{{4}})
    )(?![\w-])""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    text: str


def find_dates(text: str) -> Iterator[FoundDate]:
    """Every date in `text` that is a real calendar date (32-13-2019 is not)."""
    for found in DATE_PATTERN.finditer(text):
        if _parse(found) is not None:
            yield FoundDate(found.start(), found.end(), found.group())


class DateRewriter:
    """Shift every date by `days`, or (mode `month`) keep only its month and year, in the form it was written."""

    def __init__(self, mode: DateMode, days: int = 0) -> None:
        self.mode = mode
        self.days = days

    def __call__(self, text: str) -> str:
        return DATE_PATTERN.sub(self._rewrite, text)

    def _rewrite(self, found: re.Match[str]) -> str:
        parsed = _parse(found)
        if parsed is None:
            return found.group()
        day, has_year = parsed
        if self.mode == "shift":
            day = day + timedelta(days=self.days)
        groups = found.groupdict()
        if groups["iy"]:
            return f"{day.year:04d}-{day.month:02d}" if self.mode == "month" else day.isoformat()
        if groups["nd"]:
            sep = groups["sep"]
            if self.mode == "month":
                return f"{day.month:0{len(groups['nm'])}d}{sep}{day.year}"
            return f"{day.day:0{len(groups['nd'])}d}{sep}{day.month:0{len(groups['nm'])}d}{sep}{day.year}"
        written_month = groups["tm"] or groups["em"]
        month = _month_name(day.month, written_month)
        year = f" {day.year}" if has_year else ""
        if self.mode == "month":
            return f"{month}{year}"
        if groups["em"]:
            return f"{month} {day.day}, {day.year}"
        return f"{day.day} {month}{year}"


def _month_name(number: int, written: str) -> str:
    english = written.lower() in MONTHS_EN and written.lower() not in MONTHS_NL
    name = (MONTHS_EN if english else MONTHS_NL)[number - 1]
    return name.capitalize() if written[:1].isupper() else name


def _parse(found: re.Match[str]) -> tuple[date, bool] | None:
    groups = found.groupdict()
    try:
        if groups["iy"]:
            return date(int(groups["iy"]), int(groups["im"]), int(groups["id"])), True
        if groups["nd"]:
            return date(int(groups["ny"]), int(groups["nm"]), int(groups["nd"])), True
        if groups["tm"]:
            year = groups["ty"]
            return date(int(year or _YEAR_WITHOUT), _MONTH_NUMBER[groups["tm"].lower()], int(groups["td"])), bool(year)
        return date(int(groups["ey"]), _MONTH_NUMBER[groups["em"].lower()], int(groups["ed"])), True
    except ValueError:
        return None
