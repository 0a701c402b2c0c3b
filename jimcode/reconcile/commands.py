"""Reconciling's command language: the coding session's (`jimcode.session.commands`) plus three words.

    A, B, C…   take that coder's decision (coders lettered in the order given)
    +          the union: codes (evidence, options) any coder gave
    &          the intersection: what every coder gave

Everything else (`3 7 -2`, `n`, `x`, `e H1 s`, `m memo`, `b`, `g 3`, `o`, `u`, `h`, `q`, an answer)
is read by the session's parser in the phase of the item shown. Pure, no I/O.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from jimcode.i18n import DEFAULT_LANGUAGE
from jimcode.reconcile.merge import ItemKind
from jimcode.session import commands as lang

PHASES: dict[ItemKind, lang.Phase] = {"segment": "segments", "attribute": "attributes", "verdict": "verdicts"}


@dataclass(frozen=True)
class Take:
    """`A`, `B`…: take that coder's decision on the item shown."""

    letter: str


@dataclass(frozen=True)
class Combine:
    """`+` (the union of what the coders gave) or `&` (what every coder gave)."""

    every: bool


Command = Take | Combine | lang.Command


def parse(line: str, kind: ItemKind | None, letters: Collection[str], language: str = DEFAULT_LANGUAGE) -> Command:
    """The command a line stands for on an item of this kind; raise `lang.CommandError` if it is none.

    `kind` None: nothing is left to settle (the line is read as at a complete record).
    """
    text = lang.strip_comment(line)
    if text in letters:
        return Take(text)
    if text in ("+", "&"):
        return Combine(every=text == "&")
    return lang.parse(line, PHASES[kind] if kind else "complete", language)


HELP = """\
Reconcile: settle each disagreement; agreed segments, answers and verdicts are already in the consensus.
Any item   A, B, C…  take that coder's decision (coders lettered in the order given)
           b back   g 3 go to disagreement 3   o next unsettled   u undo   q save and quit   h help
Segment    +  union: the codes and evidence any coder gave      &  common: what every coder gave
           3 7 hv -12  add or remove codes in the proposal (numbers, shortcuts or ids); n accepts it
           3 7 n  edit and accept at once     x  not relevant     e H1 s|c|n [note], e -H1   m memo
           d 7  a code's definition     f word  find codes
Attribute  a value as in `jimcode code` (number, option number or id, yes/no); - for no answer;
           + / & the union / common options of a multi-choice attribute
Verdict    s supports, c contradicts, m mixed, n not applicable, then an optional note
In an answers file blank lines and # comments are ignored; the first line that fails stops the run
(every decision before it is saved)."""
