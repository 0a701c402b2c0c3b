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

from jimcode.i18n import DEFAULT_LANGUAGE, words
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


def help_text(language: str = DEFAULT_LANGUAGE) -> str:
    """Reconciling's help, in `language` (the commands are the same in every language)."""
    return words(language)("reconcile.help")
