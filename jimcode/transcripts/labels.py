"""Speaker labels: recognise the styles transcripts use, merge variants, decide which labels are real.

A line *may* start with a label in one of these styles:

- `I: …`, `Interviewer: …`, `P1: …`, `Interviewer1 : …`, `Jane Doe: …`, `**Jane:** …`
  (`colon`; an optional timestamp in front, `[00:01:23] Speaker 1: …`, or after,
  `Speaker 1 (00:01:23): …`)
- `[id1] …` (`bracket`; not `[laughs]` or `[00:01:23]`)
- `**Jane Doe** …` or `**Jane Doe**` alone (`bold`)
- `### Jane Doe` (`heading`)
- `Interviewer<TAB>…` (`tab`, Word transcripts typed with a tab after the name)
- `Jane Doe  12:34` alone on its line (`clock`, the Otter export)

Whether it *is* a label is decided over the whole transcript (`accept_labels`):
a candidate counts when it recurs, or when it is a role such as `R` or
`Interviewer` next to other roles, or when the speaker map names it. A colon in
a sentence, a time such as `10:30` or a URL never match: the part before the
colon must be short and look like a name or a role.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

LabelStyle = str  # "colon" | "bracket" | "bold" | "heading" | "clock"

_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_NAME = r"[^\W\d_][\w.'’&/, -]{0,38}?(?:\s*\((?![\d:.,]+\))[^()\n]{1,25}\))?"
_COLON = re.compile(
    rf"""\s{{0,4}}
    (?:[\[(]?(?P<time1>{_TIME})[\])]?\s+)?            # [00:01:23] in front
    (?P<bold>\*\*|__)?
    (?P<label>{_NAME})
    (?:\s*[\[(](?P<time2>{_TIME})[\])])?              # (00:01:23) behind
    [ ]*
    (?(bold)(?::[ ]*(?:\*\*|__)|(?:\*\*|__)[ ]*:)|:)  # Name:  **Name:**  **Name**:
    (?:[ ]+(?P<rest>.*))?""",
    re.VERBOSE,
)
_BRACKET = re.compile(r"\s{0,4}\[(?P<label>[^\[\]\n]{1,30})\][ ]*:?(?:[ ]*(?P<rest>.*))?")
_BOLD = re.compile(rf"\s{{0,4}}(?P<mark>\*\*|__)(?P<label>{_NAME})(?P=mark)(?:[ ]+(?P<rest>.*))?")
_HEADING = re.compile(rf"\s{{0,3}}#{{1,6}}[ ]+(?P<label>{_NAME})(?:[ ]+#+)?[ ]*")
_CLOCK = re.compile(rf"\s{{0,4}}(?P<label>{_NAME})[ ]+[\[(]?(?P<time>{_TIME})[\])]?[ ]*")
_TAB = re.compile(rf"[ ]{{0,4}}(?P<label>{_NAME})[ ]*\t[\t ]*(?P<rest>.*)")
_TIME_ONLY = re.compile(_TIME)

_PARTICLES = {
    "van", "de", "der", "den", "het", "'t", "ten", "ter", "te", "von", "vom", "zu", "du", "da", "di", "del",
    "della", "la", "le", "el", "al", "bin", "ibn", "y", "e", "&", "-", "en", "and", "of",
}  # fmt: skip
# Roles of an interview: a label like `R:` counts from its first appearance when another role is there too.
_ROLE = re.compile(
    r"(?:i|r|q|a|iv|int|resp|interviewer|interviewee|respondent|researcher|onderzoeker|moderator|facilitator"
    r"|geinterviewde|gespreksleider|speaker|spreker|participant|deelnemer|p|vraag|antwoord|question|answer)\d*"
)
_NOT_SPEAKERS = {
    "note", "notes", "nb", "ps", "zie", "see", "figure", "figuur", "fig", "table", "tabel", "source", "bron",
    "example", "voorbeeld", "hypothese", "hypothesis", "bijlage", "appendix", "letop", "tip", "stap", "step",
    "http", "https", "www", "mailto", "date", "datum", "time", "tijd", "duur", "duration", "place", "plaats",
    "locatie", "location", "opmerking", "comment", "remark", "noot", "titel", "title", "onderwerp", "subject",
}  # fmt: skip
_ANNOTATIONS = {
    "laughs", "laughter", "laughing", "inaudible", "crosstalk", "pause", "silence", "music", "applause",
    "unclear", "overlapping", "overlap", "noise", "backgroundnoise", "sighs", "sigh", "coughs", "cough",
    "onverstaanbaar", "lacht", "lachen", "gelach", "stilte", "pauze", "zucht", "hoest", "muziek",
    "onduidelijk", "door elkaar", "doorelkaar", "interruption", "interrupts", "redacted", "name", "naam",
    "sic", "bleep", "blank", "unintelligible", "indistinct", "...", "…",
}  # fmt: skip


@dataclass(frozen=True)
class LabelMatch:
    """A possible speaker label at the start of one line."""

    label: str  # as written, without markup: "Interviewer 1"
    key: str  # variants merged: "interviewer1"
    style: LabelStyle
    rest: str  # the line's text after the label
    time: float | None = None  # a timestamp written with the label, in seconds


def fold(text: str) -> str:
    """Case-folded text without accents: 'Geïnterviewde' -> 'geinterviewde'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def label_key(label: str) -> str:
    """The key that merges variants of one label: `Interviewer1`, `Interviewer 1`, `INTERVIEWER (1)`."""
    return "".join(c for c in fold(label) if c.isalnum())


def parse_clock(text: str) -> float | None:
    """'1:02:03' / '02:03' / '02:03.5' -> seconds."""
    parts = text.replace(",", ".").split(":")
    try:
        seconds = float(parts[-1])
        minutes = int(parts[-2]) if len(parts) >= 2 else 0
        hours = int(parts[-3]) if len(parts) >= 3 else 0
    except ValueError:
        return None
    return hours * 3600 + minutes * 60 + seconds


def match_label(line: str) -> LabelMatch | None:
    """The label candidate a line starts with, if any (not yet accepted: see `accept_labels`).

    `line` is the line as written; a name followed by a tab (`Interviewer<TAB>text`,
    as typed in Word) is a label too.
    """
    first = line.lstrip()[:1]
    if len(line) < 2 or not (first.isalpha() or first in _FIRST_CHARS):
        return None
    if "\t" in line:
        match = _TAB.fullmatch(line.strip(" "))
        if match and _name_like(match["label"]):
            return _made(match["label"], "tab", match["rest"], None)
    line = " ".join(line.split())
    match = _COLON.fullmatch(line)
    if match and _name_like(match["label"]):
        clock = match["time1"] or match["time2"]
        return _made(match["label"], "colon", match["rest"], clock)
    match = _BRACKET.fullmatch(line)
    if match and _bracket_like(match["label"]):
        rest = (match["rest"] or "").strip()
        if _TIME_ONLY.fullmatch(rest):  # Zoom's text export: `[Jane Doe] 10:01:23`
            return _made(match["label"], "bracket", None, rest)
        return _made(match["label"], "bracket", rest, None)
    match = _BOLD.fullmatch(line)
    if match and _name_like(match["label"]):
        return _made(match["label"], "bold", match["rest"], None)
    match = _HEADING.fullmatch(line)
    if match and _name_like(match["label"]):
        return _made(match["label"], "heading", None, None)
    match = _CLOCK.fullmatch(line)
    if match and _name_like(match["label"]):
        return _made(match["label"], "clock", None, match["time"])
    return None


_FIRST_CHARS = set("[(*_#0123456789")


def _made(label: str, style: LabelStyle, rest: str | None, clock: str | None) -> LabelMatch:
    label = " ".join(label.split())
    rest = " ".join(rest.split()) if rest else ""
    return LabelMatch(label, label_key(label), style, rest, parse_clock(clock) if clock else None)


def _name_like(label: str) -> bool:
    """Short, and every word a capitalised name, a number, a particle or a role word."""
    label = label.strip().rstrip(",")
    if len(label) > 40:
        return False
    plain = re.sub(r"\([^()]*\)", " ", label)
    words = plain.split()
    if not words or len(words) > 5:
        return False
    key = label_key(label)
    if not key or key.rstrip("0123456789") in _NOT_SPEAKERS:
        return False
    for word in words:
        core = word.strip(".,'’")
        if not core:
            continue
        first = core[0]
        if first.isupper() or first.isdigit() or fold(core) in _PARTICLES or _ROLE.fullmatch(label_key(core)):
            continue
        return False
    return not (len(words) == 1 and len(words[0]) == 1 and not words[0].isupper() and not is_role(key))


def _bracket_like(label: str) -> bool:
    label = label.strip()
    if not label or _TIME_ONLY.search(label) or len(label.split()) > 3:
        return False
    key = label_key(label)
    return bool(key) and key not in _ANNOTATIONS and fold(label) not in _ANNOTATIONS and key not in _NOT_SPEAKERS


def is_role(key: str) -> bool:
    return bool(_ROLE.fullmatch(key))


@dataclass(frozen=True)
class LabelDecision:
    """Which candidate keys are speakers, and the candidates refused for appearing only once."""

    accepted: frozenset[str]
    lonely: tuple[str, ...]  # name-like labels seen once, in a style the transcript uses for speakers


def accept_labels(candidates: Iterable[LabelMatch], speaker_map: Mapping[str, str]) -> LabelDecision:
    """Apply the recurrence rule.

    `speaker_map` is keyed by `label_key`; a key mapped to '' is never a speaker,
    a key mapped to a name always is.
    """
    matches = list(candidates)
    counts = Counter(match.key for match in matches)
    refused = {key for key, name in speaker_map.items() if not name.strip()}
    declared = {key for key, name in speaker_map.items() if name.strip()}
    accepted = {key for key, count in counts.items() if count >= 2 and key not in refused}
    accepted |= declared & set(counts)
    roles_seen = {key for key in counts if is_role(key) and key not in refused}
    if len(roles_seen | accepted) >= 2:
        accepted |= roles_seen
    style_keys: dict[str, set[str]] = {}
    for match in matches:
        if match.key in accepted:
            style_keys.setdefault(match.style, set()).add(match.key)
    established = set(style_keys)
    lonely = tuple(
        dict.fromkeys(
            match.label
            for match in matches
            if match.key not in accepted
            and match.key not in refused
            and match.style in established
            and (not match.rest or match.rest[0].isupper())  # a turn starts a sentence; 'Tegelijk: ik …' does not
        )
    )
    return LabelDecision(frozenset(accepted), lonely)
