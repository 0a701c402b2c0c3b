"""Candidate identifiers a key does not cover yet, each with a count and one line of context.

Found: speaker labels; front matter values (case, interviewee, interviewer, organisation, place,
date); capitalised words not at the start of a sentence that the transcripts never write in lowercase
(with the optional `wordfreq` library, also rare capitalised words at a sentence start, and very
common words are never names); e-mail addresses, phone numbers, BSN-like numbers (the 11-check),
street addresses, postcodes and dates. The result is a key-file draft to edit.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import yaml

from jimcode.pseudonymise.dates import find_dates
from jimcode.pseudonymise.replace import NameReplacer, fold
from jimcode.transcripts.model import Transcript

STRUCTURED_KINDS = ("e-mail", "phone", "bsn", "address", "postcode")  # never a common word: --check always fails
_ROLES = {"interviewer", "interviewee", "respondent", "i", "r", "q", "a", "onderzoeker", "geinterviewde",
          "geïnterviewde", "spreker", "speaker", "deelnemer", "participant", "moderator", "vraag",
          "antwoord"}  # fmt: skip
_PARTICLES = {"de", "van", "der", "den", "ten", "ter", "te", "'t", "von", "du", "da", "la", "le", "el", "al", "bin"}
_POSSESSIVE = re.compile(r"['’]s?$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_END = set(".!?:;\"“”„‘'([—–-…")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_OR_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b(?:https?://|www\.)\S+")
_PHONE = re.compile(r"(?<![\d+])(?:\+31[\s-]?(?:\(0\)\s?)?|0031[\s-]?|0)(?:\d[\s-]?){8}\d(?!\d)")
_NINE_DIGITS = re.compile(r"(?<![\d.])\d{3}[.\s]?\d{2}[.\s]?\d{2}[.\s]?\d{2}(?![\d.])|(?<!\d)\d{9}(?!\d)")
_ADDRESS = re.compile(
    r"\b[A-Z][\w'’-]*(?:straat|laan|weg|plein|gracht|kade|singel|dijk|hof|pad|dreef|steeg|park|plantsoen|markt)"
    r"\s+\d{1,4}\s?[a-zA-Z]?\b"
)
_POSTCODE = re.compile(r"(?<!\d)[1-9]\d{3}\s?[A-Z]{2}(?![\w])")
COMMON_ZIPF = 5.5  # wordfreq: words this frequent (ik, het, thuis) are never taken for names
RARE_ZIPF = 3.0  # wordfreq: a capitalised word this rare at a sentence start is worth a look
Frequency = Callable[[str], float]


@dataclass
class Suggestion:
    text: str
    kind: str  # person, organisation, place, date, name, e-mail, phone, bsn, address, postcode
    source: str  # speaker label, front matter, capitalised, pattern
    count: int = 0
    file: str = ""
    line: int = 0
    context: str = ""
    lines: list[tuple[str, int]] = field(default_factory=list)


def bsn_like(digits: str) -> bool:
    """Nine digits that pass the BSN 11-check (9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 mod 11)."""
    numbers = [int(c) for c in digits if c.isdigit()]
    if len(numbers) != 9 or not any(numbers):
        return False
    total = sum(weight * n for weight, n in zip(range(9, 1, -1), numbers[:8], strict=True)) - numbers[8]
    return total % 11 == 0


def word_frequency(language: str) -> Frequency | None:
    """The `wordfreq` Zipf frequency for `language`, when the optional library is installed."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        return None
    return lambda word: float(zipf_frequency(word, language or "nl"))


@dataclass(frozen=True)
class Note:
    """Free text outside a transcript (a record's memo or note), where a coder may have written a name."""

    file: str
    line: int
    text: str


_Text = Note


def _texts(transcript: Transcript) -> list[_Text]:
    file = transcript.path
    found = [_Text(file, s.start_line or 0, s.text) for s in transcript.segments]
    for value in transcript.meta.attributes.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and " " in item:
                found.append(_Text(file, 1, item))
    return found


def suggest(
    transcripts: Sequence[Transcript],
    known: Iterable[str],
    frequency: Frequency | None = None,
    notes: Sequence[Note] = (),
) -> list[Suggestion]:
    """Candidates in `transcripts` (and `notes`) that are not `known` (the key's names, pseudonyms and kept words)."""
    known_names = NameReplacer({word: word for word in known})
    found: dict[str, Suggestion] = {}

    def add(text: str, kind: str, source: str, file: str, line: int, context: str) -> None:
        text = " ".join(text.split()).strip(" ,.;:")
        if not text or fold(text) in _ROLES or _covered(known_names, text):
            return
        item = found.setdefault(fold(text), Suggestion(text, kind, source))
        if not item.count:
            item.file, item.line, item.context = file, line, _snippet(context, text)
        item.count += 1
        item.lines.append((file, line))

    for transcript in transcripts:
        _from_labels_and_meta(transcript, add)
    texts = [t for transcript in transcripts for t in _texts(transcript)] + list(notes)
    # `henk@example.nl` does not make Henk a common word
    lowercase = {w.lower() for t in texts for w in _WORD.findall(_URL_OR_EMAIL.sub(" ", t.text)) if w[:1].islower()}

    def common(word: str) -> bool:
        return word.lower() in lowercase or (frequency is not None and frequency(word.lower()) >= COMMON_ZIPF)

    phrases = [(t, phrase) for t in texts for phrase in _phrases(t.text, common)]
    mid_sentence = {words[0] for _, (words, at_start) in phrases if not at_start}
    for t, (words, at_start) in phrases:
        if _looks_like_name(words, at_start, common, mid_sentence, frequency):
            add(" ".join(words), "name", "capitalised", t.file, t.line, t.text)
    for t in texts:
        for kind, pattern in (("e-mail", _EMAIL), ("phone", _PHONE), ("address", _ADDRESS), ("postcode", _POSTCODE)):
            for match in pattern.finditer(t.text):
                add(match.group(), kind, "pattern", t.file, t.line, t.text)
        for match in _NINE_DIGITS.finditer(t.text):
            if bsn_like(match.group()):
                add(match.group(), "bsn", "pattern", t.file, t.line, t.text)
        for date in find_dates(t.text):
            add(date.text, "date", "pattern", t.file, t.line, t.text)
    return sorted(found.values(), key=lambda s: (-s.count, s.text.lower()))


def _covered(known: NameReplacer, text: str) -> bool:
    """`text` is one of the known names, in any form the replacer catches (`Noahs` when `Noah` is known)."""
    return any(match.start == 0 and match.end == len(text) for match in known.finditer(text))


def _from_labels_and_meta(transcript: Transcript, add: Callable[[str, str, str, str, int, str], None]) -> None:
    file = transcript.path
    for segment in transcript.segments:
        if segment.speaker:
            add(segment.speaker, "person", "speaker label", file, segment.start_line or 0, segment.text)
    meta = transcript.meta
    for name, kind in (("case", "person"), ("interviewee", "person"), ("interviewer", "person"),
                       ("organisation", "organisation"), ("place", "place"), ("date", "date")):  # fmt: skip
        value = getattr(meta, name)
        if not value:
            continue
        if kind == "person":
            value = re.split(r"[,(]", value)[0]
        add(value, kind, "front matter", file, 1, f"{name}: {getattr(meta, name)}")


def _acronym(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def _head(word: str) -> str:
    """`JIM-vraag` -> `JIM`, `Noah-achtig` -> `Noah`, `Noah's` -> `Noah`; `Amsterdam-Noord` stays whole."""
    word = _POSSESSIVE.sub("", word)
    head, dash, tail = word.partition("-")
    return head if dash and tail[:1].islower() else word


def _phrases(text: str, common: Callable[[str], bool]) -> list[tuple[list[str], bool]]:
    """Runs of capitalised words, particles between them (`Jeroen de Vries`), with whether the run starts a
    sentence. A common word opening a sentence (`En`, `Oom`) is not part of the run that follows it."""
    tokens = list(_WORD.finditer(text))
    phrases: list[tuple[list[str], bool]] = []
    i = 0
    while i < len(tokens):
        word = _head(tokens[i].group())
        if not word[:1].isupper():
            i += 1
            continue
        before = text[: tokens[i].start()].rstrip()
        at_start = not before or before[-1] in _SENTENCE_END
        if at_start and common(word) and not _acronym(word) and i + 1 < len(tokens):
            nxt = tokens[i + 1].group()
            if nxt[:1].isupper() and text[tokens[i].end() : tokens[i + 1].start()].strip() == "":
                i += 1  # `En Yara`: the run starts at Yara, mid-sentence
                continue
        words = [word]
        pending: list[str] = []
        j = i + 1
        while not _acronym(word) and j < len(tokens) and text[tokens[j - 1].end() : tokens[j].start()].strip() == "":
            following = _head(tokens[j].group())
            if following[:1].isupper() and not _acronym(following):
                words += [*pending, following]
                pending = []
            elif following.lower() in _PARTICLES:
                pending.append(following)
            else:
                break
            if following != tokens[j].group():
                break  # a compound (`Vries-achtig`) ends the run
            j += 1
        phrases.append((words, at_start))
        i = max(j - len(pending), i + 1)
    return phrases


def _looks_like_name(
    words: list[str], at_start: bool, common: Callable[[str], bool], mid_sentence: set[str], frequency: Frequency | None
) -> bool:
    if len(words) > 1:
        return any(not common(w) for w in words if w[:1].isupper())
    word = words[0]
    if common(word) or any(c.isdigit() for c in word):
        return False  # ids such as H2 or RQ1 are the codebook's, not names
    if not at_start or word in mid_sentence:
        return True
    return frequency is not None and frequency(word.lower()) < RARE_ZIPF


def _snippet(text: str, around: str, width: int = 70) -> str:
    """One line of context: the text near the first occurrence, whitespace collapsed."""
    flat = " ".join(text.split())
    at = max(flat.find(around), 0)
    start = max(at - width // 2, 0)
    piece = flat[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(flat) else "")


def draft_key(suggestions: Sequence[Suggestion], cases: Sequence[str]) -> str:
    """A key-file draft: every candidate with its count and context as a comment, its pseudonym to fill in."""
    lines = [
        "# jimcode pseudonymisation key (draft from --suggest). KEEP THIS FILE APART from what you share.",
        "# Give each real name its pseudonym (or `{remove: true, kind: ...}`), move words that identify",
        "# nobody to `keep`, and delete lines that are not names. An entry left empty is refused.",
        "names:",
    ]
    for item in suggestions:
        if item.kind == "date":
            continue
        lines.append(f"  # {item.kind}, {item.source}, {item.count}x, {item.file}:{item.line}: {item.context}")
        lines.append(f"  {_yaml_key(item.text)}:")
    dates = [item for item in suggestions if item.kind == "date"]
    if dates:
        lines.append("# dates found (shifted by date_shift below, or use --dates month):")
        lines += [f"#   {d.text} ({d.count}x, {d.file}:{d.line})" for d in dates]
    lines.append("keep: []")
    lines.append("# days each case's dates move (random; the same within a case keeps intervals):")
    lines.append("date_shift:" if cases else "date_shift: {}")
    for case in dict.fromkeys(cases):
        lines.append(f"  {_yaml_key(case)}: {_random_shift()}")
    return "\n".join(lines) + "\n"


def _random_shift() -> int:
    days = secrets.randbelow(120) + 1
    return days if secrets.randbelow(2) else -days


def _yaml_key(text: str) -> str:
    dumped = yaml.safe_dump({text: None}, allow_unicode=True, width=1000).strip()
    return dumped.removesuffix(": null").removesuffix(":")
