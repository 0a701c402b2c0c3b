"""The pseudonymisation key: which real names become which pseudonyms, read from YAML with file:line errors.

Two shapes are accepted. A plain mapping, one `real: pseudonym` per line::

    Noah: Luuk
    Amstelveen: Zeist

or the full form, with optional kinds, aliases, entries to remove, words to keep and date shifts::

    names:
      Noah: Luuk
      Jeroen de Vries:
        pseudonym: Joost Smit
        kind: person
        aliases: {Jeroen: Joost}      # or a list: [Jeroentje] (all become the pseudonym)
      De Regenboog: {remove: true, kind: organisation}   # becomes [organisation]
    keep: [JIM, Veilig Thuis]         # not identifying: --suggest and --check leave them alone
    date_shift: {Noah: -23, Sem: 41}  # days per case (real case name or transcript id), or one number
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError
from jimcode.pseudonymise.replace import fold
from jimcode.typed import whole_number
from jimcode.yamlsrc import YamlDocument, load_yaml_file

EntryKind = Literal["person", "place", "organisation", "date", "other"]
ENTRY_KINDS: tuple[str, ...] = get_args(EntryKind)
_SECTIONS = ("names", "keep", "date_shift")
_ENTRY_FIELDS = ("pseudonym", "kind", "aliases", "remove")
DEFAULT_SHIFT = "default"  # the `date_shift` entry that applies to every case not named


@dataclass(frozen=True)
class KeyEntry:
    """One real name, what replaces it, and the other spellings that mean the same person or place."""

    real: str
    replacement: str
    kind: EntryKind | None
    aliases: dict[str, str]  # alias -> its replacement
    line: int

    @property
    def forms(self) -> dict[str, str]:
        """Every written form of this entry -> what replaces it."""
        return {self.real: self.replacement, **self.aliases}


@dataclass(frozen=True)
class PseudonymKey:
    file: str
    entries: list[KeyEntry] = field(default_factory=list)
    keep: frozenset[str] = frozenset()
    date_shift: dict[str, int] = field(default_factory=dict)

    def forms(self) -> dict[str, str]:
        """Every real form (names and aliases) -> its replacement."""
        found: dict[str, str] = {}
        for entry in self.entries:
            found.update(entry.forms)
        return found

    def entry_lines(self) -> dict[str, int]:
        """Every real form, case-folded -> the key line of its entry (a report names the line, not the name)."""
        return {fold(form): entry.line for entry in self.entries for form in entry.forms}

    def pseudonyms(self) -> frozenset[str]:
        return frozenset(value for entry in self.entries for value in entry.forms.values())

    def shift_for(self, *names: str | None) -> int | None:
        """The date shift (days) of the first of `names` (case, transcript id) the key has, else the default."""
        for name in names:
            if name is not None and name in self.date_shift:
                return self.date_shift[name]
        return self.date_shift.get(DEFAULT_SHIFT)


def load_key(path: Path) -> PseudonymKey:
    """Read and check a key file; every problem is a diagnostic at file:line."""
    document = load_yaml_file(path)
    data = document.data
    if not isinstance(data, dict):
        raise InvalidFileError([document.diagnostic((), "bad-key", "a key is a mapping of real name: pseudonym")])
    structured = "names" in data and all(str(k) in _SECTIONS for k in data)
    problems: list[Diagnostic] = []
    if not structured:
        # `keep: [JIM]` among plain names would make "keep" a name: the sections need `names:`
        problems += [
            document.diagnostic((section,), "bad-key", f"'{section}' needs the names under `names:`", key=True)
            for section in _SECTIONS
            if section in data
        ]
    names_loc: tuple[str, ...] = ("names",) if structured else ()
    names = data.get("names") if structured else {k: v for k, v in data.items() if str(k) not in _SECTIONS}
    entries: list[KeyEntry] = []
    if names is None and structured:
        names = {}  # a draft whose candidates were all moved to `keep`
    if not isinstance(names, dict):
        problems.append(document.diagnostic(names_loc, "bad-key", "'names' is a mapping of real name: pseudonym"))
    else:
        for real, value in names.items():
            entry = _entry(document, (*names_loc, real), str(real), value, problems)
            if entry is not None:
                entries.append(entry)
    keep = _keep(document, data.get("keep") if structured else None, problems)
    shifts = _shifts(document, data.get("date_shift") if structured else None, problems)
    problems += _clashes(document.file, entries)
    if problems:
        raise InvalidFileError(problems)
    return PseudonymKey(document.file, entries, keep, shifts)


def _entry(
    document: YamlDocument, loc: tuple[Any, ...], real: str, value: Any, problems: list[Diagnostic]
) -> KeyEntry | None:
    line = document.locate(loc, key=True)[0].line
    if not real.strip():
        problems.append(document.diagnostic(loc, "bad-key", "an empty real name", key=True))
        return None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return _checked(document, loc, KeyEntry(real, str(value), None, {}, line), problems)
    if not isinstance(value, dict):
        problems.append(
            document.diagnostic(
                loc, "bad-key", f"'{real}' needs a pseudonym (or `remove: true`, or move it to `keep`)", key=True
            )
        )
        return None
    for unknown in [k for k in value if k not in _ENTRY_FIELDS]:
        problems.append(
            document.diagnostic(
                (*loc, unknown), "bad-key", f"unknown field '{unknown}' (known: {', '.join(_ENTRY_FIELDS)})", key=True
            )
        )
    kind = value.get("kind")
    if kind is not None and kind not in ENTRY_KINDS:
        problems.append(
            document.diagnostic((*loc, "kind"), "bad-key", f"kind '{kind}' is not one of {', '.join(ENTRY_KINDS)}")
        )
        kind = None
    remove = value.get("remove", False)
    if not isinstance(remove, bool):
        problems.append(document.diagnostic((*loc, "remove"), "bad-key", "remove is true or false"))
        remove = False
    pseudonym = value.get("pseudonym")
    if remove and pseudonym is None:
        pseudonym = f"[{kind or 'removed'}]"
    if not isinstance(pseudonym, str | int) or isinstance(pseudonym, bool):
        problems.append(
            document.diagnostic(loc, "bad-key", f"'{real}' needs a pseudonym (or `remove: true`)", key=True)
        )
        return None
    aliases = _aliases(document, (*loc, "aliases"), value.get("aliases"), str(pseudonym), problems)
    return _checked(document, loc, KeyEntry(real, str(pseudonym), kind, aliases, line), problems)


def _aliases(
    document: YamlDocument, loc: tuple[Any, ...], value: Any, pseudonym: str, problems: list[Diagnostic]
) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, list) and all(isinstance(a, str) for a in value):
        return {alias: pseudonym for alias in value}
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return {str(alias): replacement for alias, replacement in value.items()}
    problems.append(
        document.diagnostic(loc, "bad-key", "aliases is a list of names, or a mapping of alias: its pseudonym")
    )
    return {}


def _checked(document: YamlDocument, loc: tuple[Any, ...], entry: KeyEntry, problems: list[Diagnostic]) -> KeyEntry:
    for form, replacement in entry.forms.items():
        if not any(c.isalnum() for c in form):
            problems.append(document.diagnostic(loc, "bad-key", f"'{form}' has no letter or digit to match", key=True))
        if not replacement.strip():
            problems.append(document.diagnostic(loc, "bad-key", f"'{form}' has an empty pseudonym", key=True))
    return entry


def _keep(document: YamlDocument, value: Any, problems: list[Diagnostic]) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, list) and all(isinstance(word, str) for word in value):
        return frozenset(value)
    problems.append(document.diagnostic(("keep",), "bad-key", "keep is a list of words that are not identifying"))
    return frozenset()


def _shifts(document: YamlDocument, value: Any, problems: list[Diagnostic]) -> dict[str, int]:
    if value is None:
        return {}
    if isinstance(value, int) and not isinstance(value, bool):
        return {DEFAULT_SHIFT: value}
    if isinstance(value, str) and (days := whole_number(value, signed=True)) is not None:
        return {DEFAULT_SHIFT: days}
    if isinstance(value, dict):
        shifts: dict[str, int] = {}
        for case, days in value.items():
            shift = None if isinstance(days, bool) else whole_number(str(days), signed=True)
            if shift is None:
                problems.append(
                    document.diagnostic(("date_shift", case), "bad-key", f"'{days}' is not a number of days")
                )
                continue
            shifts[str(case)] = shift
        return shifts
    problems.append(
        document.diagnostic(("date_shift",), "bad-key", "date_shift is a number of days, or a mapping of case: days")
    )
    return {}


def _clashes(file: str, entries: list[KeyEntry]) -> list[Diagnostic]:
    """A real name given twice, or a pseudonym that is another entry's real name (then --check could never pass)."""
    problems: list[Diagnostic] = []
    owner: dict[str, KeyEntry] = {}
    for entry in entries:
        for form in entry.forms:
            folded = fold(form)
            if folded in owner and owner[folded] is not entry:
                problems.append(
                    Diagnostic(
                        file, entry.line, 0, "bad-key", f"'{form}' is also in the entry at line {owner[folded].line}"
                    )
                )
            owner[folded] = entry
    for entry in entries:
        for replacement in entry.forms.values():
            other = owner.get(fold(replacement))
            if other is not None:
                problems.append(
                    Diagnostic(
                        file,
                        entry.line,
                        0,
                        "bad-key",
                        f"the pseudonym '{replacement}' is a real name in the key (line {other.line})",
                    )
                )
    return problems
