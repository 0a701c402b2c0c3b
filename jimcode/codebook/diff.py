"""What changed between two versions of a codebook (`jimcode codebook diff`), as a typed result.

Renames, merges and splits come from the later version's lineage (`jimcode.codebook.lineage`), the
same map `migrate` moves records by; retirements from `retired:`; everything else from comparing
the entities with the same id. Pure: the two codebooks are loaded by the caller.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from jimcode.codebook.model import CaseAttribute, Code, Codebook, Hypothesis, Option, ResearchQuestion

ChangeKind = Literal["added", "removed", "retired", "renamed", "merged", "split", "changed"]
ChangedKind = Literal["question", "code", "hypothesis", "attribute", "option"]

# What the lineage and the walk over the tree compare; every other key is compared as it is written, so a
# key the codebook gains later is diffed without being listed here.
_STRUCTURE = frozenset({"id", "replaces", "retired", "codes", "options"})


def _compared(*models: type[BaseModel]) -> tuple[str, ...]:
    """The keys of these models a change in place is looked for in, in the order they are declared."""
    names = dict.fromkeys(name for model in models for name in model.model_fields)
    return tuple(name for name in names if name not in _STRUCTURE)


@dataclass(frozen=True)
class _Placed:
    """A code where it stands: moving it to another research question or parent is a change too."""

    code: Code
    research_question: str
    parent: str | None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.code, name)


_QUESTION_FIELDS = _compared(ResearchQuestion)
_CODE_FIELDS = (*_compared(Code), "research_question", "parent")
_HYPOTHESIS_FIELDS = _compared(Hypothesis)
_ATTRIBUTE_FIELDS = _compared(*get_args(get_args(CaseAttribute)[0]))  # every type of attribute
_OPTION_FIELDS = _compared(Option)


class CodebookChange(BaseModel):
    """One change: which ids it takes from the earlier version to the later one."""

    model_config = ConfigDict(extra="forbid")

    kind: ChangedKind
    change: ChangeKind
    old: list[str] = Field(description="Ids in the earlier version (empty when added).")
    new: list[str] = Field(description="Ids in the later version (empty when removed).")
    attribute: str | None = Field(default=None, description="For an option: its attribute (id in the later version).")
    fields: list[str] = Field(default_factory=list, description="For a change in place: the keys that differ.")
    records: int | None = Field(default=None, description="With --records: records that use an old id.")
    segments: int | None = Field(default=None, description="With --records: segments that carry an old id.")


class CodebookDiff(BaseModel):
    """`jimcode codebook diff --format json`."""

    model_config = ConfigDict(extra="forbid")

    id: str
    old_version: str
    new_version: str
    old_sha256: str
    new_sha256: str
    changes: list[CodebookChange]
    records_read: int | None = None
    skipped: list[str] = Field(default_factory=list, exclude=True)


def _differing(before: object, after: object, fields: Sequence[str]) -> list[str]:
    return [name for name in fields if getattr(before, name, None) != getattr(after, name, None)]


def _diff_kind(
    kind: ChangedKind,
    old: Mapping[str, object],
    new: Mapping[str, object],
    lineage: Mapping[str, tuple[str, ...]],
    fields: Sequence[str],
    attribute: str | None = None,
) -> list[CodebookChange]:
    changes: list[CodebookChange] = []

    def add(change: ChangeKind, olds: list[str], news: list[str], differing: list[str] | None = None) -> None:
        changes.append(
            CodebookChange(kind=kind, change=change, old=olds, new=news, attribute=attribute, fields=differing or [])
        )

    merged_into: dict[str, list[str]] = {}
    targets: set[str] = set()
    for old_id, before in old.items():
        if old_id in new:
            after = new[old_id]
            if getattr(after, "retired", False) and not getattr(before, "retired", False):
                add("retired", [old_id], [old_id])
            elif differing := _differing(before, after, fields):
                add("changed", [old_id], [old_id], differing)
            continue
        successors = [s for s in lineage.get(old_id, ()) if s in new]
        targets.update(successors)
        if len(successors) > 1:
            add("split", [old_id], successors)
        elif successors:
            merged_into.setdefault(successors[0], []).append(old_id)
        else:
            add("removed", [old_id], [])
    for target, olds in merged_into.items():
        if target in old:  # folded into a code that was there already
            add("merged", [*olds, target], [target])
        else:
            add("merged" if len(olds) > 1 else "renamed", olds, [target])
    for new_id, after in new.items():
        if new_id not in old and new_id not in targets and not getattr(after, "retired", False):
            add("added", [], [new_id])
    return changes


def diff_codebooks(old: Codebook, new: Codebook) -> CodebookDiff:
    """Every change from `old` to `new`: research questions, codes, hypotheses, attributes and their options."""
    lineage = new.lineage()
    changes = _diff_kind(
        "question",
        {q.id: q for q in old.research_questions},
        {q.id: q for q in new.research_questions},
        {},
        _QUESTION_FIELDS,
    )
    changes += _diff_kind("code", _placed(old), _placed(new), lineage.codes, _CODE_FIELDS)
    changes += _diff_kind(
        "hypothesis",
        {h.id: h for h in old.hypotheses},
        {h.id: h for h in new.hypotheses},
        lineage.hypotheses,
        _HYPOTHESIS_FIELDS,
    )
    old_attributes = {a.id: a for a in old.case_attributes}
    new_attributes = {a.id: a for a in new.case_attributes}
    changes += _diff_kind("attribute", old_attributes, new_attributes, lineage.attributes, _ATTRIBUTE_FIELDS)
    for new_id, after in new_attributes.items():
        before_id = next((o for o, s in lineage.attributes.items() if s == (new_id,) and o in old_attributes), new_id)
        before = old_attributes.get(before_id)
        if before is None:
            continue
        changes += _diff_kind(
            "option",
            {o.id: o for o in getattr(before, "options", [])},
            {o.id: o for o in getattr(after, "options", [])},
            lineage.options.get(new_id, {}),
            _OPTION_FIELDS,
            attribute=new_id,
        )
    return CodebookDiff(
        id=new.id,
        old_version=old.version,
        new_version=new.version,
        old_sha256=old.sha256,
        new_sha256=new.sha256,
        changes=changes,
    )


def _placed(codebook: Codebook) -> dict[str, _Placed]:
    return {
        entry.code.id: _Placed(entry.code, entry.question.id, entry.parent.id if entry.parent else None)
        for entry in codebook.numbered_codes()
    }
