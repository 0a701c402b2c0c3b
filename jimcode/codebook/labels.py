"""Labels for reports about records: from the codebook when it is found, else the ids themselves.

The codebook itself is found by `jimcode.corpus.find_codebook`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jimcode.codebook.model import CaseAttribute, Codebook, Pole
from jimcode.i18n import words


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

    def pole_label(self, code_id: str, pole: Pole, language: str) -> str:
        """A code's word for a pole (its own, else present/absent in `language`)."""
        entry = self._codes.get(code_id)
        return entry.code.pole_label(pole, language) if entry else words(language)(f"polarity.{pole}")

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
