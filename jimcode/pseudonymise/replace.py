"""Replacing the key's names in text: whole words, case kept, Dutch and English inflections caught.

`Noah`, `NOAH`, `noah`, `Noahs`, `Noah's`, `Noah’s`, `Noahtje` and `Noah-achtig` all match the
key entry `Noah`; a multi-word name (`oma Els`) matches across any whitespace, a line break
included. Matching ignores case on purpose: replacing a lowercase common word that is also a
name costs a little reading; missing a name costs a family's privacy.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

# What may follow a name and stays as written: possessives (Dutch, English), diminutives, adjectives.
_SUFFIXES = ("tje", "ers", "’s", "'s", "je", "se", "er", "s", "'", "’")
_LONG_VOWEL_END = re.compile(r"[aeiouy]$", re.IGNORECASE)


def fold(text: str) -> str:
    """The form two spellings of a name share: NFC, whitespace collapsed, lowercase (as the pattern ignores case)."""
    return " ".join(unicodedata.normalize("NFC", text).split()).lower()


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    form: str  # the key's form it matched, folded


class NameReplacer:
    """One compiled pattern for every form in the key, longest first, so `Jeroen de Vries` beats `Jeroen`."""

    def __init__(self, forms: Mapping[str, str]) -> None:
        self._replacements = {fold(form): replacement for form, replacement in forms.items() if fold(form)}
        ordered = sorted(self._replacements, key=len, reverse=True)
        alternatives = "|".join(r"\s+".join(re.escape(word) for word in form.split()) for form in ordered)
        suffixes = "|".join(re.escape(suffix) for suffix in _SUFFIXES)
        self._pattern = (
            re.compile(rf"(?<!\w)(?P<name>{alternatives})(?P<suffix>{suffixes})?(?!\w)", re.IGNORECASE)
            if ordered
            else None
        )

    def finditer(self, text: str) -> Iterator[Match]:
        if self._pattern is None:
            return
        for found in self._pattern.finditer(unicodedata.normalize("NFC", text)):
            yield Match(found.start(), found.end(), fold(found.group("name")))

    def __call__(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(self._substitute, unicodedata.normalize("NFC", text))

    def _substitute(self, found: re.Match[str]) -> str:
        written = found.group("name")
        replacement = _same_case(written, self._replacements.get(fold(written), "[removed]"))
        suffix = found.group("suffix") or ""
        if suffix == "s" and _LONG_VOWEL_END.search(replacement) and not _LONG_VOWEL_END.search(written):
            suffix = "'s"  # Dutch spelling: Noahs, but Mila's
        return replacement + suffix


def _same_case(written: str, replacement: str) -> str:
    if replacement.startswith("["):
        return replacement  # a removal marker reads the same everywhere
    letters = [c for c in written if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if letters and all(c.islower() for c in letters):
        return replacement.lower()
    if letters and letters[0].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


Rewrite = Callable[[str], str]


def chain(*steps: Rewrite | None) -> Rewrite:
    """Apply each step in turn (names first, then dates)."""
    active = [step for step in steps if step is not None]

    def rewrite(text: str) -> str:
        for step in active:
            text = step(text)
        return text

    return rewrite
