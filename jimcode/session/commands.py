"""The coding session's command language: one line in, one command out (pure, no I/O).

The same language is typed at the prompt and read from an answers file, so a
session can be scripted. `#` starts a comment (at the start of a line, or
between spaces: `3 7  # why`; write `\\#` for a literal hash). What a line means depends on the phase:
while coding segments a line is a command or a list of codes; while answering
case attributes and hypothesis verdicts a line is an answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from jimcode.codebook.model import POLE_OF_SIGN, Pole
from jimcode.i18n import DEFAULT_LANGUAGE, Words, words
from jimcode.typed import whole_number

Phase = Literal["segments", "attributes", "verdicts", "complete"]
Stance = Literal["supports", "contradicts", "nuances"]


class CommandError(ValueError):
    """A line that is not a command; the message says what was expected."""


@dataclass(frozen=True)
class Blank:
    """An empty (or comment-only) line: next segment, or keep the shown answer."""


@dataclass(frozen=True)
class CodeToken:
    """One code of a line: `7` applies, `-7` removes, `7+` / `7-` apply as present / absent.

    `word`, when there is a sign, is the token as typed without a leading `-`: a code id may itself
    end in `-`, so the lookup tries the whole word before `text` (the word without its sign)."""

    text: str
    remove: bool = False
    pole: Pole | None = None
    word: str = ""


@dataclass(frozen=True)
class ApplyCodes:
    """`3 7 hv -12`: apply and remove codes on the current segment; a final `n` also moves on."""

    tokens: tuple[CodeToken, ...]
    then_next: bool = False


@dataclass(frozen=True)
class Next:
    """`n`: the segment is done (coded), go to the next one."""


@dataclass(frozen=True)
class NotRelevant:
    """`x`: the segment is not relevant to the study; go to the next one."""


@dataclass(frozen=True)
class Back:
    """`b`: the previous segment or question."""


@dataclass(frozen=True)
class Goto:
    """`g 12`, `g s012`, `g a` (case attributes), `g v` (hypothesis verdicts)."""

    target: str


@dataclass(frozen=True)
class NextOpen:
    """`o`: the next segment that is still open."""


@dataclass(frozen=True)
class Undo:
    """`u`: undo the last decision of this session."""


@dataclass(frozen=True)
class Memo:
    """`m text` sets the segment's memo; `m` alone clears it."""

    text: str | None


@dataclass(frozen=True)
class SetEvidence:
    """`e H1 s [note]`: this segment supports (s), contradicts (c) or nuances (n) hypothesis H1."""

    hypothesis: str
    stance: Stance
    note: str | None = None


@dataclass(frozen=True)
class RemoveEvidence:
    """`e -H1`."""

    hypothesis: str


@dataclass(frozen=True)
class Define:
    """`d 7`: show a code's definition, when to use it and an example."""

    token: str


@dataclass(frozen=True)
class Find:
    """`f text`: codes whose label, id or definition contains the text."""

    query: str


@dataclass(frozen=True)
class Help:
    """`h` or `?`."""


@dataclass(frozen=True)
class Quit:
    """`q`: save and stop."""


@dataclass(frozen=True)
class MarkQuote:
    """`q 2-3`, `q 2 4`: these sentences of the segment are its quote in reports; `q -` unmarks them."""

    sentences: tuple[int, ...]


@dataclass(frozen=True)
class Keep:
    """`.`: keep the answer shown (the pre-filled or current value)."""


@dataclass(frozen=True)
class Clear:
    """`-`: no answer for this attribute."""


@dataclass(frozen=True)
class Answer:
    """An answer to the current question: an attribute value or a verdict (`s`, `c`, `m`, `n` + note)."""

    text: str


@dataclass(frozen=True)
class KeyedAnswer:
    """`child_age: 13` or `H1: s note`: answer a named attribute or hypothesis, from any phase."""

    key: str
    text: str
    line: str


Command = (
    Blank
    | ApplyCodes
    | Next
    | NotRelevant
    | Back
    | Goto
    | NextOpen
    | Undo
    | Memo
    | SetEvidence
    | RemoveEvidence
    | Define
    | Find
    | Help
    | Quit
    | MarkQuote
    | Keep
    | Clear
    | Answer
    | KeyedAnswer
)

STANCE_WORDS: dict[str, Stance] = {
    "s": "supports",
    "supports": "supports",
    "c": "contradicts",
    "contradicts": "contradicts",
    "n": "nuances",
    "nuances": "nuances",
}

_COMMENT = re.compile(r"^#|(?<=\s)#(?=\s|$)")
_KEYED = re.compile(r"^([A-Za-z][A-Za-z0-9_.\-]*)\s*:\s*(.*)$")
_CODE_TOKEN = re.compile(r"^-?[A-Za-z0-9][A-Za-z0-9_.\-]*\+?$")
_NAVIGATION: dict[str, type[Back | NextOpen | Undo | Help | Quit]] = {
    "b": Back,
    "o": NextOpen,
    "u": Undo,
    "h": Help,
    "?": Help,
    "q": Quit,
}
_SEGMENT_ONLY: dict[str, type[Next | NotRelevant]] = {"n": Next, "x": NotRelevant}


def strip_comment(line: str) -> str:
    r"""The line without its comment and surrounding space; `\#` becomes a literal `#`.

    A comment starts with `#` at the start of the line, or with a `#` between spaces (`3 7  # why`),
    so that `m zie casus #2` keeps its `#2`.
    """
    text = line.replace("\\#", "\x00")
    found = _COMMENT.search(text.lstrip())
    if found:
        text = text.lstrip()[: found.start()]
    return text.replace("\x00", "#").strip()


def parse(line: str, phase: Phase, language: str = DEFAULT_LANGUAGE) -> Command:
    """The command a line stands for in this phase; raise `CommandError` (in `language`) if it is none."""
    say = Words(language)
    text = strip_comment(line)
    if not text:
        return Blank()
    head, _, rest = text.partition(" ")
    rest = rest.strip()
    keyed = _KEYED.match(text)
    if keyed:
        return KeyedAnswer(keyed.group(1), (keyed.group(2) or "").strip(), text)
    if head in _NAVIGATION and not rest:
        return _NAVIGATION[head]()
    if head == "g":
        if not rest or " " in rest:
            raise CommandError(say("session.error.go_where"))
        return Goto(rest)
    if phase in ("attributes", "verdicts", "complete"):
        if text == ".":
            return Keep()
        if text == "-":
            return Clear()
        return Answer(text)
    return _parse_segment_line(head, rest, text, say)


def _parse_segment_line(head: str, rest: str, text: str, say: Words) -> Command:
    if head in _SEGMENT_ONLY and not rest:
        return _SEGMENT_ONLY[head]()
    if head == "m":
        return Memo(rest or None)
    if head == "q" and rest:
        return _parse_quote(rest, say)
    if head == "e":
        return _parse_evidence(rest, say)
    if head == "d":
        if not rest or " " in rest:
            raise CommandError(say("session.error.which_code"))
        return Define(rest)
    if head == "f":
        if not rest:
            raise CommandError(say("session.error.find_what"))
        return Find(rest)
    return _parse_codes(text.split(), say)


def _parse_evidence(rest: str, say: Words) -> Command:
    words = rest.split(maxsplit=2)
    if not words:
        raise CommandError(say("session.error.evidence_which"))
    if words[0].startswith("-"):
        if len(words) > 1 or len(words[0]) == 1:
            raise CommandError(say("session.error.evidence_remove"))
        return RemoveEvidence(words[0][1:])
    if len(words) < 2 or words[1].casefold() not in STANCE_WORDS:
        raise CommandError(say("session.error.stance", hypothesis=words[0]))
    note = words[2].strip() if len(words) > 2 else None
    return SetEvidence(words[0], STANCE_WORDS[words[1].casefold()], note or None)


_SENTENCE_RANGE = re.compile(r"^([0-9]+)(?:-([0-9]+))?$")


def _parse_quote(rest: str, say: Words) -> MarkQuote:
    """`2`, `2-3`, `2 4`, `2,4`, `1-2 5`; `-` for none. The numbers are checked against the segment later."""
    if rest == "-":
        return MarkQuote(())
    numbers: set[int] = set()
    parts = rest.replace(",", " ").split()
    if not parts:
        raise CommandError(say("session.quote.which"))
    for part in parts:
        found = _SENTENCE_RANGE.match(part)
        first = whole_number(found.group(1)) if found else None
        last = whole_number(found.group(2) or found.group(1)) if found else None
        if first is None or last is None:
            raise CommandError(say("session.quote.not_a_number", part=part))
        if first < 1 or last < first:
            raise CommandError(say("session.quote.order", part=part))
        numbers.update(range(first, min(last, first + 10_000) + 1))
    return MarkQuote(tuple(sorted(numbers)))


def _parse_codes(words: list[str], say: Words) -> Command:
    then_next = False
    if len(words) > 1 and words[-1] == "n":
        then_next = True
        words = words[:-1]
    tokens = []
    for word in words:
        if word in _SEGMENT_ONLY or word in _NAVIGATION or word in ("g", "m", "e", "d", "f"):
            raise CommandError(say("session.error.own_line", word=word))
        if not _CODE_TOKEN.match(word):
            raise CommandError(
                say("session.error.remove_which") if word == "-" else say("session.error.not_a_code", word=word)
            )
        remove = word.startswith("-")
        name = word[1:] if remove else word
        pole = POLE_OF_SIGN.get(name[-1]) if len(name) > 1 else None
        if remove and pole is not None and name.endswith("+"):
            raise CommandError(say("session.polarity.sign_on_removal", code=name[:-1], sign=name[-1]))
        text = name[:-1] if pole else name
        tokens.append(CodeToken(text, remove, None if remove else pole, name if name != text else ""))
    return ApplyCodes(tuple(tokens), then_next)


def help_text(phase: Phase, language: str = "en") -> str:
    """The session's help for `phase`, in `language` (the commands themselves are the same in every language)."""
    say = words(language)
    if phase == "segments":
        return say("session.help.segments") + "\n" + say("session.help.polarity")
    return say("session.help.answers")


def script_notes(language: str = "en") -> str:
    """What an answers file (scripted input) adds to the help."""
    return words(language)("session.script_notes")
