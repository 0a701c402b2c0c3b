"""A tiny document model shared by the summary and retrieve renderers.

A result is laid out once as a list of blocks (headings, paragraphs, tables, quotes, charts);
the terminal, Markdown and HTML renderers each draw the same blocks, so the formats never
drift apart. Charts are drawn by the HTML renderer only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LINE_BREAK = re.compile(r"\s*\n\s*")


def paragraphs(text: str) -> list[str]:
    """A segment's text as its paragraphs (split at blank lines; a single line break reads as a space).

    Every renderer draws a quote from these, so a turn of several paragraphs keeps its breaks in
    Markdown, HTML and the terminal alike.
    """
    found = (_LINE_BREAK.sub(" ", part).strip() for part in _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n")))
    return [part for part in found if part] or [""]


KEY_SEPARATOR = " · "


def key_lines(keys: str, width: int) -> list[str]:
    """A screen's keys (`3 7 apply · x not relevant · …`) as lines of at most `width` columns, broken
    between keys, never inside one (a key longer than the width stands alone)."""
    lines: list[str] = []
    for key in keys.split(KEY_SEPARATOR):
        if lines and len(lines[-1]) + len(KEY_SEPARATOR) + len(key) <= width:
            lines[-1] += KEY_SEPARATOR + key
        else:
            lines.append(key)
    return lines


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str | None = None


@dataclass(frozen=True)
class Paragraph:
    text: str
    muted: bool = False
    strong: bool = False
    warning: bool = False


@dataclass(frozen=True)
class Row:
    cells: list[str]
    strong: bool = False
    indent: int = 0


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[Row]
    numeric_from: int = 1
    title: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class QuoteItem:
    text: str
    attribution: str
    tag: str | None = None
    remark: str | None = None  # shown as given after the attribution (its label, e.g. `note: `, included)
    context_before: list[str] = field(default_factory=list)
    context_after: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Quotes:
    items: list[QuoteItem]
    title: str | None = None


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float]
    labels: list[str]


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars: one row per category, one bar per series (group) in each row."""

    title: str
    categories: list[str]
    series: list[Series]
    maximum: float = 100.0
    indent: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class StackedChart:
    """One stacked bar per row (e.g. a hypothesis's verdicts), parts in a fixed legend order."""

    title: str
    legend: list[str]
    rows: list[tuple[str, list[float], list[str]]]


Block = Heading | Paragraph | Table | Quotes | BarChart | StackedChart
