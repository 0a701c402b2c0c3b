"""Speaker labels: recognise the styles transcripts use, merge variants, decide which labels are real.

A line *may* start with a label in one of these styles:

- `I: …`, `Interviewer: …`, `P1: …`, `Interviewer1 : …`, `Jane Doe: …`, `**Jane:** …`
  (`colon`; an optional timestamp in front, `[00:01:23] Speaker 1: …`, or after,
  `Speaker 1 (00:01:23): …`)
- `[id1] …` (`bracket`; not `[laughs]` or `[00:01:23]`)
- `**Jane Doe** …` or `**Jane Doe**` alone (`bold`)
- `### Jane Doe` (`heading`)
- `Interviewer<TAB>…` (`tab`, Word transcripts typed with a tab after the name)
- `Jane Doe  12:34` alone on its line (`clock`, the Otter export), or the time first:
  `[00:00:02.23] - Speaker 1`, `00:00:01 Speaker 1` (Happy Scribe, Amberscript, Word's Transcribe)

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
from dataclasses import dataclass, field
from functools import lru_cache

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
# The time first, the name alone after it: `[00:00:02.23] - Speaker 1`, `00:00:01 Speaker 1`.
_CLOCK_FIRST = re.compile(rf"\s{{0,4}}[\[(]?(?P<time>{_TIME})[\])]?[ ]*(?:[-–—][ ]*)?(?P<label>{_NAME})[ ]*")
_TAB = re.compile(rf"[ ]{{0,4}}(?P<label>{_NAME})[ ]*\t[\t ]*(?P<rest>.*)")
_TIME_ONLY = re.compile(_TIME)
_BRACKETED_TIME = re.compile(rf"[\[(]?{_TIME}[\])]?")

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


@lru_cache(maxsize=4096)  # a transcript repeats a handful of labels thousands of times
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
        rest = (match["rest"] or "").strip()
        if _BRACKETED_TIME.fullmatch(rest):  # Otter's Markdown export: `**Jane Doe**  0:09`
            return _made(match["label"], "bold", None, rest.strip("[]()"))
        return _made(match["label"], "bold", rest, None)
    match = _HEADING.fullmatch(line)
    if match and _name_like(match["label"]):
        return _made(match["label"], "heading", None, None)
    match = _CLOCK.fullmatch(line) or _CLOCK_FIRST.fullmatch(line)
    if match and _name_like(match["label"]):
        return _made(match["label"], "clock", None, match["time"])
    return None


_FIRST_CHARS = set("[(*_#0123456789")


def _made(label: str, style: LabelStyle, rest: str | None, clock: str | None) -> LabelMatch:
    label = " ".join(label.split())
    rest = " ".join(rest.split()) if rest else ""
    return LabelMatch(label, label_key(label), style, rest, parse_clock(clock) if clock else None)


@lru_cache(maxsize=4096)
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


@lru_cache(maxsize=4096)
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
    """Which candidate keys are speakers, which one-time look-alikes merge into them, and the refused one-timers."""

    accepted: frozenset[str]
    lonely: tuple[str, ...]  # name-like labels seen once, in a style the transcript uses for speakers
    aliases: Mapping[str, str] = field(default_factory=dict)  # one-time look-alike key -> the frequent key


# A label seen once merges into one seen this often that it differs from by a stray word or one letter.
LOOK_ALIKE_MIN_COUNT = 3
_LOOK_ALIKE_MIN_KEY = 5  # shorter keys (Anna/Anne) are too often two people


def is_unambiguous(match: LabelMatch) -> bool:
    """A label whose form leaves no doubt: written with a time (`Name  0:12`, `[00:01:23] Name:`),
    or a heading or bold name alone on its line. One occurrence is enough once its style is in use."""
    return match.time is not None or (match.style in ("heading", "bold") and not match.rest)


def accept_labels(
    candidates: Iterable[LabelMatch], speaker_map: Mapping[str, str], *, every_cue_labelled: bool = False
) -> LabelDecision:
    """Apply the recurrence rule.

    `speaker_map` is keyed by `label_key`; a key mapped to '' is never a speaker,
    a key mapped to a name always is. A label seen once counts too when its form
    is unambiguous (`is_unambiguous`) or `every_cue_labelled` (subtitles whose
    every cue starts with `Name:`), provided other speakers use the same style;
    a one-time label that looks like a frequent one (`look_alike`) merges into it.
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
    spelled = {match.key: match.label for match in matches}
    frequent = [key for key in accepted if counts[key] >= LOOK_ALIKE_MIN_COUNT]
    aliases: dict[str, str] = {}
    for key, count in counts.items():
        if count == 1 and key not in accepted and key not in refused:
            target = next((f for f in frequent if look_alike(spelled[key], spelled[f])), None)
            if target is not None:
                aliases[key] = target
    established = {match.style for match in matches if match.key in accepted}
    for match in matches:
        if (
            match.key not in accepted
            and match.key not in refused
            and match.key not in aliases
            and match.style in established
            and (every_cue_labelled or is_unambiguous(match))
        ):
            accepted.add(match.key)
    lonely = tuple(
        dict.fromkeys(
            match.label
            for match in matches
            if match.key not in accepted
            and match.key not in refused
            and match.key not in aliases
            and match.style in established
            and (not match.rest or match.rest[0].isupper())  # a turn starts a sentence; 'Tegelijk: ik …' does not
        )
    )
    return LabelDecision(frozenset(accepted), lonely, aliases)


def look_alike(rare: str, frequent: str) -> bool:
    """A typo of a label: the same words plus one stray word, or one letter different or two swapped
    (never a digit: `Speaker 1` and `Speaker 2` are two people)."""
    rare_words = [label_key(word) for word in rare.split() if label_key(word)]
    frequent_words = [label_key(word) for word in frequent.split() if label_key(word)]
    if len(rare_words) == len(frequent_words) + 1:
        for index, word in enumerate(rare_words):
            if rare_words[:index] + rare_words[index + 1 :] == frequent_words:
                return not word.isdigit()
    a, b = label_key(rare), label_key(frequent)
    if min(len(a), len(b)) < _LOOK_ALIKE_MIN_KEY or abs(len(a) - len(b)) > 1 or a == b:
        return False
    if "".join(c for c in a if c.isdigit()) != "".join(c for c in b if c.isdigit()):
        return False
    return _one_edit(a, b)


def _one_edit(a: str, b: str) -> bool:
    """One letter replaced, inserted or deleted, or two neighbours swapped."""
    if len(a) == len(b):
        differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(differ) == 2 and differ[1] == differ[0] + 1:
            first, second = differ
            return a[first] == b[second] and a[second] == b[first]
        return len(differ) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    index = next((i for i, (x, y) in enumerate(zip(short, long_, strict=False)) if x != y), len(short))
    return short[index:] == long_[index + 1 :]
