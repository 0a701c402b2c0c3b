"""Lineage in a codebook (`replaces:`, `retired:`): its checks with file:line:col, and the map every reader uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from jimcode.codebook.lineage import resolve_replacements
from jimcode.codebook.model import load_codebook

BASE = """\
id: demo
version: "2.0"
title: Demo
language: nl
research_questions:
  - id: RQ1
    title: Hulpvraag
    question: Wat is de hulpvraag?
    codes:
      - id: request
        label: Hulpvraag
        definition: Wat iemand wil.
        replaces: [request-parent, request-mother]
      - id: support-practical
        label: Praktisch
        definition: Praktische steun.
        replaces: [support]
      - id: support-emotional
        label: Emotioneel
        definition: Emotionele steun.
        replaces: [support]
      - id: old-topic
        label: Oud
        definition: Niet meer gebruikt.
        retired: true
      - id: named
        label: Genoemd
        definition: Tweemaal hernoemd.
        replaces: [named-v2]
      - id: named-v2
        label: Genoemd v2
        definition: Eerste hernoeming.
        retired: true
        replaces: [named-v1]
hypotheses:
  - id: H1
    title: Poortwachter
    statement: Ouders zijn de poortwachter.
    replaces: [H0]
  - id: H9
    title: Oud
    statement: Niet meer.
    retired: true
case_attributes:
  - id: relation
    label: Relatie
    question: Welke relatie?
    type: category
    replaces: [jim_relation]
    options:
      - {id: grandparent, label: Grootouder, replaces: [grandmother, grandfather]}
      - {id: other, label: Anders}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "codebook.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_lineage_map_follows_renames_merges_splits_and_chains(tmp_path: Path) -> None:
    lineage = load_codebook(_write(tmp_path, BASE)).lineage()
    assert lineage.codes == {
        "request-parent": ("request",),
        "request-mother": ("request",),
        "support": ("support-practical", "support-emotional"),
        "named-v2": ("named",),
        "named-v1": ("named",),
    }
    assert lineage.hypotheses == {"H0": ("H1",)}
    assert lineage.attributes == {"jim_relation": ("relation",)}
    assert lineage.options == {"relation": {"grandmother": ("grandparent",), "grandfather": ("grandparent",)}}


def test_resolve_reports_a_cycle_and_maps_its_ids_to_nothing() -> None:
    resolved, cycles = resolve_replacements({"a": ["b"], "b": ["a"], "x": ["y"]})
    assert cycles == [("a", "b")]
    assert resolved == {"a": (), "b": (), "x": ("y",)}


def test_retired_codes_and_hypotheses_are_not_offered_but_kept(tmp_path: Path) -> None:
    codebook = load_codebook(_write(tmp_path, BASE))
    assert [c.code.id for c in codebook.numbered_codes(offered_only=True)] == [
        "request",
        "support-practical",
        "support-emotional",
        "named",
    ]
    assert [c.number for c in codebook.numbered_codes(offered_only=True)] == [1, 2, 3, 4]
    assert "old-topic" in codebook.codes_by_id()
    assert [h.id for h in codebook.offered_hypotheses()] == ["H1"]


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("edit", "needle", "expected"),
    [
        (
            (
                "        replaces: [support]\n      - id: support-emotional",
                "        replaces: [request]\n      - id: support-emotional",
            ),
            "replaces: [request]",
            "error[lineage-live-id]: code 'support-practical' replaces 'request', but code 'request' is still in "
            "the codebook; remove it, or mark it 'retired: true'",
        ),
        (
            ("replaces: [named-v1]", "replaces: [named]"),
            "replaces: [named]",
            "error[lineage-live-id]: code 'named-v2' replaces 'named', but code 'named' is still in the codebook; "
            "remove it, or mark it 'retired: true'",
        ),
        (
            ("    replaces: [H0]", "    replaces: [H1]"),
            "replaces: [H1]",
            "error[lineage-cycle]: hypothesis 'H1' replaces itself",
        ),
        (
            ("    replaces: [H0]", "    replaces: [H0, support]"),
            "replaces: [H0, support]",
            "error[lineage-kind]: hypothesis 'H1' replaces 'support', which a code replaces too; "
            "an id is replaced by entities of one kind",
        ),
        (
            ("{id: other, label: Anders}", "{id: other, label: Anders, replaces: [grandparent]}"),
            "label: Anders",
            "error[lineage-live-id]: option 'other' replaces 'grandparent', but option 'grandparent' is still "
            "listed; remove it",
        ),
    ],
)
def test_impossible_lineage_is_an_error_at_its_place(run, tmp_path: Path, edit, needle, expected) -> None:
    text = BASE.replace(*edit)
    assert text != BASE
    path = _write(tmp_path, text)
    result = run("validate", path)
    assert result.exit_code == 1
    line = [x for x in result.stdout.splitlines() if "lineage" in x]
    assert len(line) == 1
    where = line[0].split(": error")[0]
    assert where.startswith(f"{path}:{_line_of(text, needle)}:")
    assert line[0].endswith(expected)


def test_a_cycle_through_retired_codes_is_an_error(run, tmp_path: Path) -> None:
    text = BASE.replace(
        "        label: Oud\n        definition: Niet meer gebruikt.\n        retired: true\n",
        "        label: Oud\n        definition: Niet meer gebruikt.\n        retired: true\n"
        "        replaces: [older]\n"
        "      - id: older\n        label: Ouder\n        definition: Nog ouder.\n        retired: true\n"
        "        replaces: [old-topic]\n",
    )
    assert text != BASE
    result = run("validate", _write(tmp_path, text))
    assert result.exit_code == 1
    cycles = [x for x in result.stdout.splitlines() if "lineage-cycle" in x]
    assert len(cycles) == 1
    assert cycles[0].endswith("code ids replace each other in a cycle (older -> old-topic -> older); a chain must end")
    assert f":{_line_of(text, 'replaces: [old-topic]')}:" in cycles[0]


def test_the_valid_lineage_validates(run, tmp_path: Path) -> None:
    result = run("validate", _write(tmp_path, BASE))
    assert result.exit_code == 0, result.stdout
