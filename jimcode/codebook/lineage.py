"""Where a codebook's ids came from: `replaces:` and `retired:`, resolved into one map.

A code that `replaces: [old]` took over an earlier id: one old id on one code is a rename, several
on one code a merge, and an old id named by several codes a split. A `retired: true` code stays in
the codebook for the records coded with it and is not offered in new sessions. A retired code may
itself be replaced: its own `replaces` then chain on (a -> b -> c), which is how a codebook keeps
the history of an id renamed twice. The same holds for hypotheses, case attributes and the options
of an attribute.

This module is the one place that turns those declarations into `old id -> current ids`: the
codebook's checks (`check_lineage`), `codebook diff`, `migrate`, `validate` and every reader of
old records use it. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from jimcode.diagnostics import Diagnostic

if TYPE_CHECKING:
    from jimcode.yamlsrc import YamlDocument

Kind = Literal["code", "hypothesis", "attribute", "option"]


def resolve_replacements(
    replaced_by: Mapping[str, Sequence[str]],
) -> tuple[dict[str, tuple[str, ...]], list[tuple[str, ...]]]:
    """Follow `old -> direct successors` to the ids at the end of every chain.

    Returns (old id -> final successors, in declaration order, each once; the cycles found, each
    as its ids in order). An id in a cycle maps to nothing.
    """
    resolved: dict[str, tuple[str, ...]] = {}
    cycles: list[tuple[str, ...]] = []
    in_cycle: set[str] = set()

    def visit(old: str, path: list[str]) -> tuple[str, ...]:
        if old in resolved:
            return resolved[old]
        if old in path:
            cycle = tuple(path[path.index(old) :])
            if not in_cycle & set(cycle):
                cycles.append(cycle)
            in_cycle.update(cycle)
            return ()
        path.append(old)
        final: dict[str, None] = {}
        for successor in replaced_by[old]:
            if successor in replaced_by:
                final.update(dict.fromkeys(visit(successor, path)))
            else:
                final[successor] = None
        path.pop()
        result = () if old in in_cycle else tuple(final)
        resolved[old] = result
        return result

    for old in replaced_by:
        visit(old, [])
    return resolved, cycles


@dataclass(frozen=True)
class Lineage:
    """A codebook's `old id -> current ids`, per kind, with every chain followed.

    An id the codebook still has (live or retired without a successor) is not a key. One successor
    is a rename or merge (a record can be moved by rule); several are a split (a coder must decide).
    """

    codes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    hypotheses: dict[str, tuple[str, ...]] = field(default_factory=dict)
    attributes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    options: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)  # by current attribute id

    def of(self, kind: Kind) -> dict[str, tuple[str, ...]]:
        return {"code": self.codes, "hypothesis": self.hypotheses, "attribute": self.attributes}.get(kind, {})

    def is_empty(self) -> bool:
        return not (self.codes or self.hypotheses or self.attributes or self.options)


Declarations = Sequence[tuple[str, Sequence[str]]]  # (id, the ids it replaces), for one kind


def _replaced_by(items: Declarations) -> dict[str, list[str]]:
    graph: dict[str, list[str]] = {}
    for new, olds in items:
        for old in olds:
            graph.setdefault(old, [])
            if new not in graph[old]:
                graph[old].append(new)
    return graph


def build_lineage(
    codes: Declarations, hypotheses: Declarations, attributes: Declarations, options: Mapping[str, Declarations]
) -> Lineage:
    """The lineage a (valid) codebook declares, chains followed (`Codebook.lineage()` calls this)."""
    resolved_options = {}
    for attribute, declared in options.items():
        resolved = resolve_replacements(_replaced_by(declared))[0]
        if resolved:
            resolved_options[attribute] = resolved
    return Lineage(
        codes=resolve_replacements(_replaced_by(codes))[0],
        hypotheses=resolve_replacements(_replaced_by(hypotheses))[0],
        attributes=resolve_replacements(_replaced_by(attributes))[0],
        options=resolved_options,
    )


# The checks, on the raw YAML data so that they are reported with file:line:col beside schema errors.


@dataclass(frozen=True)
class _Declared:
    """One entity of the raw codebook that may carry lineage."""

    kind: Kind
    id: str
    loc: tuple
    retired: bool
    replaces: list[tuple[str, tuple]]  # (old id, where it is written)


def _items(value: object) -> list[tuple[int, dict]]:
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _declared(item: dict, loc: tuple, kind: Kind) -> _Declared | None:
    identifier = item.get("id")
    if not isinstance(identifier, str):
        return None
    olds = item.get("replaces")
    replaces = [
        (old, (*loc, "replaces", i))
        for i, old in enumerate(olds if isinstance(olds, list) else [])
        if isinstance(old, str)
    ]
    return _Declared(kind, identifier, loc, item.get("retired") is True, replaces)


def _raw_codes(codes: object, loc: tuple) -> Iterator[_Declared]:
    for i, code in _items(codes):
        here = (*loc, i)
        found = _declared(code, here, "code")
        if found is not None:
            yield found
        yield from _raw_codes(code.get("codes"), (*here, "codes"))


def check_lineage(data: dict, document: YamlDocument) -> list[Diagnostic]:
    """`replaces:` that cannot be: an old id that is still a live id, a kind mixed up, a cycle."""
    questions = [(q, rq) for q, rq in _items(data.get("research_questions"))]
    codes = [c for q, rq in questions for c in _raw_codes(rq.get("codes"), ("research_questions", q, "codes"))]
    hypotheses = [
        d for h, item in _items(data.get("hypotheses")) if (d := _declared(item, ("hypotheses", h), "hypothesis"))
    ]
    attributes = [
        d
        for a, item in _items(data.get("case_attributes"))
        if (d := _declared(item, ("case_attributes", a), "attribute"))
    ]
    question_ids = {rq["id"] for _, rq in questions if isinstance(rq.get("id"), str)}
    everything = [*codes, *hypotheses, *attributes]
    # Ids are unique across the codebook: an old id may be gone, or a retired entity of the same kind.
    live = {d.id: d for d in everything if not d.retired} | {i: None for i in question_ids}
    retired = {d.id: d for d in everything if d.retired}
    found: list[Diagnostic] = []
    claimed: dict[str, Kind] = {}
    for declared in everything:
        for old, where in declared.replaces:
            if old == declared.id:
                found.append(document.diagnostic(where, "lineage-cycle", f"{declared.kind} '{old}' replaces itself"))
            elif old in live:
                other = live[old]
                what = f"{other.kind} '{old}'" if other is not None else f"research question '{old}'"
                found.append(
                    document.diagnostic(
                        where,
                        "lineage-live-id",
                        f"{declared.kind} '{declared.id}' replaces '{old}', but {what} is still in the codebook; "
                        "remove it, or mark it 'retired: true'",
                    )
                )
            elif old in retired and retired[old].kind != declared.kind:
                found.append(
                    document.diagnostic(
                        where,
                        "lineage-kind",
                        f"{declared.kind} '{declared.id}' replaces '{old}', which is a retired {retired[old].kind}",
                    )
                )
            elif (first := claimed.setdefault(old, declared.kind)) != declared.kind:
                found.append(
                    document.diagnostic(
                        where,
                        "lineage-kind",
                        f"{declared.kind} '{declared.id}' replaces '{old}', which a {first} replaces too; "
                        "an id is replaced by entities of one kind",
                    )
                )
    for group in (codes, hypotheses, attributes):
        found.extend(_cycles(group, document, set(live)))
    for a, attribute in _items(data.get("case_attributes")):
        options = [
            d
            for i, option in _items(attribute.get("options"))
            if (d := _declared(option, ("case_attributes", a, "options", i), "option"))
        ]
        option_ids = {d.id for d in options}
        for declared in options:
            for old, where in declared.replaces:
                if old in option_ids:
                    found.append(
                        document.diagnostic(
                            where,
                            "lineage-live-id",
                            f"option '{declared.id}' replaces '{old}', but option '{old}' is still listed; remove it",
                        )
                    )
    return found


def _cycles(group: list[_Declared], document: YamlDocument, live: set[str]) -> list[Diagnostic]:
    # A live old id is reported already; a cycle can only run through retired (or absent) ids.
    graph = _replaced_by([(d.id, [old for old, _ in d.replaces if old != d.id and old not in live]) for d in group])
    _, cycles = resolve_replacements(graph)
    found = []
    by_id = {d.id: d for d in group}
    for cycle in cycles:
        # Reported where the first id of the cycle that the codebook declares names its predecessor.
        owner = next((by_id[i] for i in cycle if i in by_id), None)
        if owner is None:
            continue
        where = next((loc for old, loc in owner.replaces if old in cycle), (*owner.loc, "id"))
        chain = " -> ".join([*cycle, cycle[0]])
        found.append(
            document.diagnostic(
                where, "lineage-cycle", f"{owner.kind} ids replace each other in a cycle ({chain}); a chain must end"
            )
        )
    return found
