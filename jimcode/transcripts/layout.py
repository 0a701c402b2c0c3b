"""Where paragraphs begin: blank lines, hard-wrapped lines and double-spaced PDF text.

Text copied out of a PDF or an e-mail is hard-wrapped: one paragraph spread
over lines of about the same width. A line break inside such a paragraph is a
*wrap* (joined with a space, or without one after a hyphenated word); a line
that ends a sentence while the next word would still have fitted ends the
paragraph. PDF extractions often put a blank line after *every* line
("double-spaced"); there blank lines carry no meaning and are ignored.
Text that is not hard-wrapped keeps every line break: a line is a paragraph.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from enum import Enum

from jimcode.transcripts.labels import LabelMatch


class Break(Enum):
    """What separates a line from the line before it."""

    START = "start"  # the first line
    WRAP = "wrap"  # same paragraph, joined with a space
    HYPHEN = "hyphen"  # same paragraph, a hyphenated word joined without a space ("13-" + "jarige")
    LINE = "line"  # a new paragraph after a single line break
    BLANK = "blank"  # a new paragraph after a blank line

    @property
    def new_paragraph(self) -> bool:
        return self in (Break.START, Break.LINE, Break.BLANK)

    @property
    def joiner(self) -> str:
        """What goes between this line's text and the text before it."""
        return _JOINERS[self.value]


_JOINERS = {"start": "", "wrap": " ", "hyphen": "", "line": "\n", "blank": "\n\n"}


@dataclass
class ContentLine:
    """One non-blank line of the transcript body."""

    number: int  # 1-based line number in the file
    text: str  # white space collapsed
    blanks_before: int  # blank lines between this line and the previous content line
    label: LabelMatch | None = None  # an accepted speaker label
    brk: Break = Break.START
    raw: str = ""  # the line as written

    @property
    def words(self) -> str:
        """The line's text without its speaker label, as plain text (`plain_text`)."""
        return plain_text(self.label.rest if self.label else self.text)


_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_HEADING_MARK = re.compile(r"#{1,6}[ ]+")


def plain_text(text: str) -> str:
    """Text without the Markdown a segment should not carry: `**bold**`, `__bold__`, a leading `## `.

    Word bold reaches the segmenter as `**…**` (that is how a bold speaker name is recognised),
    but in a segment's text it would be noise for the coder and for every export.
    """
    if "**" in text or "__" in text:
        text = _EMPHASIS.sub(r"\2", text)
    return _HEADING_MARK.sub("", text, count=1) if text.startswith("#") else text


_STARTS_BLOCK = re.compile(r"(?:[-*+•–—]|\d{1,3}[.)]|[a-z][.)])\s|#{1,6}\s|\||>")  # list item, heading, table, quote
_WHOLE_LINE_BLOCK = re.compile(r"#{1,6}\s|\|")  # nothing continues a heading or a table row
_SENTENCE_END = re.compile(r"[.!?:;…]['\"”’)\]»]*$")
_SOFT_END = re.compile(r"[,;\-–—(/&]$")


def content_lines(lines: list[str], first_number: int) -> list[ContentLine]:
    """The non-blank lines, each with its number and the count of blank lines before it."""
    found: list[ContentLine] = []
    blanks = 0
    for offset, raw in enumerate(lines):
        text = " ".join(raw.split())
        if not text:
            blanks += 1
            continue
        found.append(ContentLine(first_number + offset, text, blanks if found else 0, raw=raw))
        blanks = 0
    return found


def is_double_spaced(contents: list[ContentLine]) -> bool:
    """A blank line after (nearly) every line, as PDF text extraction often leaves it."""
    gaps = [line.blanks_before for line in contents[1:]]
    if len(gaps) < 4:
        return False
    adjacent = sum(gap == 0 for gap in gaps)
    single = sum(gap == 1 for gap in gaps)
    return adjacent <= 0.1 * len(gaps) and single >= 0.7 * len(gaps)


def wrap_width(contents: list[ContentLine], double_spaced: bool) -> int | None:
    """The width a hard-wrapped text was wrapped at, or None when its lines are not wrapped.

    The width is the 90th percentile of line lengths; the text counts as
    wrapped when most lines followed directly by another line come close to it.
    """
    lengths = sorted(len(line.text) for line in contents if not (line.label and not line.label.rest))
    if len(lengths) < 4:
        return None
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if not 30 <= width <= 250:
        return None
    followed = [
        len(line.text)
        for line, following in itertools.pairwise(contents)
        if not following.label and (following.blanks_before == 0 or double_spaced)
    ]
    if len(followed) < 3:
        return None
    near = sum(length >= 0.75 * width for length in followed)
    return width if near >= 0.4 * len(followed) else None


def plan_breaks(contents: list[ContentLine]) -> None:
    """Set `brk` on every content line (labels must already be set)."""
    double = is_double_spaced(contents)
    width = wrap_width(contents, double)
    for index, line in enumerate(contents):
        if index == 0:
            line.brk = Break.START
            continue
        previous = contents[index - 1]
        paragraph_break = Break.BLANK if line.blanks_before else Break.LINE
        if (
            line.label
            or (line.blanks_before and not double)
            or _STARTS_BLOCK.match(line.text)
            or _WHOLE_LINE_BLOCK.match(previous.text)
        ):
            line.brk = paragraph_break
        elif width is None:
            line.brk = _mid_sentence(previous.text, line.text) or paragraph_break
        else:
            starts_paragraph = index == 1 or previous.brk.new_paragraph
            line.brk = _wrapped(previous.text, line.text, width, starts_paragraph) or paragraph_break


def _mid_sentence(previous: str, current: str) -> Break | None:
    """In text that is not hard-wrapped, join only a line broken mid-sentence before a lowercase word."""
    if not current[:1].islower() or _SENTENCE_END.search(previous):
        return None
    return _wrapped(previous, current, 10_000, False)


def _wrapped(previous: str, current: str, width: int, previous_starts_paragraph: bool) -> Break | None:
    """WRAP or HYPHEN when `current` continues `previous` in hard-wrapped text, else None."""
    if previous.endswith("-") and len(previous) > 1 and previous[-2].isalnum() and current[:1].islower():
        return Break.HYPHEN
    first_word = current.split(" ", 1)[0]
    would_have_fitted = len(previous) + 1 + len(first_word) <= 0.9 * width
    if _SENTENCE_END.search(previous) and would_have_fitted:
        return None
    if previous_starts_paragraph and _looks_like_heading(previous, current, width):
        return None
    return Break.WRAP


def _looks_like_heading(line: str, following: str, width: int) -> bool:
    """A short line on its own, no sentence punctuation, followed by a capitalised line."""
    return (
        len(line) <= 0.6 * width
        and len(line.split()) <= 8
        and not _SOFT_END.search(line)
        and not line.endswith((".", ","))
        and (following.lstrip("‘“'\"(«")[:1].isupper() or following[:1].isdigit())
    )
