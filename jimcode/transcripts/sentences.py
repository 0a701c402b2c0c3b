"""A segment's text as numbered sentences, and cutting a text short without cutting a word.

The one sentence splitter: the coding screen numbers a segment's sentences with it, the coder marks
a quote by those numbers (`SegmentDecision.quote_sentences`), and the reports find the marked
sentences again with it (`jimcode.records.quotes`). The same text therefore always gives the same
numbers; a text that changes (a transcript realigned) may not, which `jimcode validate` reports.

A sentence ends at `.`, `!`, `?` or an ellipsis (`...`, `…`), with any closing quotation marks or
brackets after it, where the next sentence starts: after white space, a capital letter, a digit or an
opening quotation mark or bracket (a lower-case word goes on: `jong... daar kom ik nog op`), or Dutch
`'s`/`'t`/`'k`. Not after a known abbreviation followed by a lower-case word or a number (`bijv. een`,
`ca. 5`), a title (`dr. Jansen`, `mr. Smith`) or an initial (`J. de Vries`). A blank line always ends
one. Numbers such as `1.5` and abbreviations inside a word (`d.w.z.`) have no space after their
periods, so they never end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ELLIPSIS = "…"

# Abbreviations that may end a sentence only before a capital (`… enz. Daarna`), lower case, without
# their final period. Dutch and English, as they occur in interviews and field notes.
_ABBREVIATIONS = frozenset(
    {
        # Dutch
        "bijv", "bv", "o.a", "d.w.z", "m.a.w", "i.p.v", "t.o.v", "m.b.t", "n.a.v", "z.s.m", "a.s", "j.l", "jl",
        "i.v.m", "t.a.v", "m.i", "o.i", "enz", "etc", "evt", "ca", "nr", "incl", "excl", "resp", "blz", "pag",
        "vgl", "zgn", "d.m.v", "v.w.b", "e.d", "e.a", "nl", "tel", "jr", "jrs", "min", "max", "ong", "gem",
        "mln", "mld", "kl", "wk",
        # English
        "e.g", "i.e", "vs", "approx", "cf", "no", "p", "pp", "fig", "al", "est", "dept", "misc", "a.m", "p.m",
    }
)  # fmt: skip
# Titles before a name never end a sentence.
_TITLES = frozenset(
    {"dr", "drs", "mr", "mrs", "ms", "ir", "ing", "prof", "dhr", "mevr", "mw", "st", "sr", "jr", "mej", "fam"}
)

# A candidate end: closing punctuation, any closing marks, then white space. Found by a character
# class, which the regular expression engine scans for fast; the word before it is looked up after.
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_CLOSING = "\"'”’»)]"
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
# What may start a sentence: a capital, a digit, an opening mark or bracket, or Dutch 's 't 'k.
_STARTS = re.compile(r"[\"'“‘„«(\[]*[^\W\d_a-z]|[\"'“‘„«(\[]*\d|['’][stk]\s")
_INITIAL = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")  # J, J.K (the last period is the stop)


@dataclass(frozen=True)
class Sentence:
    """One sentence of a text: its number (from 1) and where it is, `text[start:end]` (no outer white space)."""

    number: int
    start: int
    end: int


def sentences(text: str) -> list[Sentence]:
    """The sentences of `text` in order, numbered from 1 (none for a text of only white space)."""
    ends: set[int] = set()  # positions where the white space after a sentence begins
    for match in _END.finditer(text):
        if _ends_here(text, match.start(), match.end()):
            ends.add(match.end())
    for match in _PARAGRAPH.finditer(text):
        ends.add(match.start())
    found: list[Sentence] = []
    start = 0
    for cut in [*sorted(ends), len(text)]:
        piece = text[start:cut]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            found.append(Sentence(len(found) + 1, start + lead, start + lead + len(stripped)))
        start = cut
    return found


def _ends_here(text: str, stop_at: int, space_at: int) -> bool:
    """Whether the punctuation at `stop_at` (closing marks up to `space_at`, white space after) ends a sentence."""
    after = space_at
    while after < len(text) and text[after].isspace():
        after += 1
    if after == len(text):
        return False  # the text's end ends its last sentence anyway
    starts = _STARTS.match(text, after) is not None
    if text[stop_at:space_at].rstrip(_CLOSING) != ".":
        return starts  # ! ? … ... and the like end a sentence before a sentence's start
    begin = stop_at
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    raw = text[begin:stop_at].lstrip("\"'“‘„«([")
    word = raw.casefold()
    if word in _TITLES:
        return False
    if raw[-1:].isupper() and _INITIAL.fullmatch(raw):
        return False  # `J. de Vries`, `A.B. Jansen`
    if word in _ABBREVIATIONS:
        return starts and not text[after].isdigit()
    return starts


def sentence_texts(text: str) -> list[str]:
    """The text of each sentence (see `sentences`)."""
    return [text[s.start : s.end] for s in sentences(text)]


def cut_at_word(text: str, limit: int) -> str:
    """`text` when it fits in `limit` characters; else as many whole words as fit with an ellipsis after
    them (a single word longer than the limit is cut, the only case a word is)."""
    if len(text) <= limit:
        return text
    room = text[: limit - 2]  # the ellipsis and the space before it
    if not text[limit - 2].isspace():
        space = max(room.rfind(" "), room.rfind("\n"), room.rfind("\t"))
        if space > 0:
            room = room[:space]
    return room.rstrip() + " " + ELLIPSIS
