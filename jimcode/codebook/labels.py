"""Labels for reports about records: from the codebook when it is found, else the ids themselves.

Also finds the codebook a record was coded with: the path the record names
(relative to the record's folder, then its parent folders), then the shipped
codebooks with the same id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jimcode.codebook.model import (
    CaseAttribute,
    Codebook,
    load_codebook,
    shipped_codebooks_dir,
)
from jimcode.errors import InvalidFileError
from jimcode.records.model import CodebookRef


@dataclass
class Labels:
    """Look-ups a report needs; every method falls back to the id when the codebook is unknown."""

    codebook: Codebook | None = None
    _codes: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.codebook is not None:
            self._codes = self.codebook.codes_by_id()

    def code_ids(self) -> list[str]:
        return list(self._codes)

    def code_label(self, code_id: str) -> str:
        entry = self._codes.get(code_id)
        return entry.code.label if entry else code_id

    def code_number(self, code_id: str) -> int | None:
        entry = self._codes.get(code_id)
        return entry.number if entry else None

    def code_question(self, code_id: str) -> str | None:
        entry = self._codes.get(code_id)
        return entry.question.id if entry else None

    def questions(self) -> list[tuple[str, str]]:
        """(id, title) of each research question, in codebook order."""
        if self.codebook is None:
            return []
        return [(rq.id, rq.title) for rq in self.codebook.research_questions]

    def hypothesis_ids(self) -> list[str]:
        return [h.id for h in self.codebook.hypotheses] if self.codebook else []

    def hypothesis_label(self, hypothesis_id: str) -> str:
        found = self.codebook.hypothesis(hypothesis_id) if self.codebook else None
        return f"{hypothesis_id} {found.title}" if found else hypothesis_id

    def attributes(self) -> list[CaseAttribute]:
        return list(self.codebook.case_attributes) if self.codebook else []

    def attribute(self, attribute_id: str) -> CaseAttribute | None:
        return self.codebook.attribute(attribute_id) if self.codebook else None

    def attribute_label(self, attribute_id: str) -> str:
        found = self.attribute(attribute_id)
        return found.label if found else attribute_id

    def option_label(self, attribute_id: str, option_id: str) -> str:
        found = self.attribute(attribute_id)
        for option in getattr(found, "options", []):
            if option.id == option_id:
                return option.label
        return option_id


def _candidates(reference: CodebookRef, record_file: Path) -> list[Path]:
    found: list[Path] = []
    if reference.path and reference.path.strip():
        named = Path(reference.path)
        if named.is_absolute():
            found.append(named)
        else:
            found.extend(folder / named for folder in record_file.resolve().parents)
    shipped = shipped_codebooks_dir()
    if shipped.is_dir():
        found.extend(sorted(shipped.glob("*.y*ml")))
    return found


def find_codebook(references: list[tuple[CodebookRef, Path]]) -> tuple[Codebook | None, list[str]]:
    """The codebook the records were coded with, if it can be found, and warnings about the choice."""
    warnings: list[str] = []
    if not references:
        return None, warnings
    ids = sorted({reference.id for reference, _ in references})
    if len(ids) > 1:
        warnings.append(f"the records were coded with different codebooks ({', '.join(ids)}); labels from the first")
    wanted, record_file = references[0]
    tried: set[Path] = set()
    for reference, file in references:
        if reference.id != wanted.id:
            continue
        for candidate in _candidates(reference, file):
            if candidate in tried or not candidate.is_file():
                continue
            tried.add(candidate)
            try:
                codebook = load_codebook(candidate)
            except InvalidFileError:
                continue
            if codebook.id != wanted.id:
                continue
            versions = {ref.sha256 for ref, _ in references if ref.id == wanted.id}
            if codebook.sha256 not in versions:
                warnings.append(
                    f"labels come from {candidate.resolve()} (version {codebook.version}), "
                    "which differs from the codebook the records were coded with"
                )
            return codebook, warnings
    warnings.append(
        f"codebook '{wanted.id}' (named by {record_file}) was not found; showing code ids (pass --codebook FILE)"
    )
    return None, warnings
