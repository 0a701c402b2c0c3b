"""Records that break the record model's own rules (issue 17, section 4): refused by every reader,
at file:line, by `validate` and by the summary alike; a duplicate JSON key by `validate` only."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from jimcode.errors import InvalidFileError
from jimcode.records.model import dump_record, load_record
from tests.summary_study import CASES, assert_study_figures, make_record, write_study

# The broken copies are of the second case (transcript renamed, so that the summary would count it as a ninth case).
BASE = make_record(replace(CASES[1], transcript="broken"))


def _data() -> dict[str, Any]:
    return json.loads(dump_record(BASE))


def _write(path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    data = _data()
    change(data)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _line(path: Path, text: str, occurrence: int = 0) -> int:
    return [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if text in line][
        occurrence
    ]


def _second_segment(field: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data["segments"][1][field] = value

    return change


def _first_id(data: dict[str, Any]) -> None:
    data["segments"][1]["segment_id"] = data["segments"][0]["segment_id"]


def _count(data: dict[str, Any]) -> None:
    data["transcript"]["segments"] = 10**9


SEGMENTS = len(BASE.segments)
FIRST, SECOND = BASE.segments[0].segment_id, BASE.segments[1].segment_id

# (name, change, code, message, (text on the line at fault, which of its occurrences))
BROKEN = [
    (
        "negative-index",
        _second_segment("index", -1),
        "bad-index",
        f"segment {SECOND} has index -1, expected 1",
        ('"index": -1', 0),
    ),
    (
        "index-skipped",
        _second_segment("index", 2),
        "bad-index",
        f"segment {SECOND} has index 2, expected 1",
        ('"index": 2', 0),
    ),
    (
        "duplicate-segment",
        _first_id,
        "duplicate-segment",
        f"segment id {FIRST} is used twice (segments 0 and 1)",
        (f'"segment_id": "{FIRST}"', 1),
    ),
    (
        "status-maybe",
        _second_segment("status", "maybe"),
        "bad-record",
        "segments.1.status: Input should be 'open', 'coded' or 'not_relevant' (1 problem(s))",
        ('"status": "maybe"', 0),
    ),
    (
        "segment-count",
        _count,
        "segment-count",
        f"transcript.segments says 1000000000 but the record has {SEGMENTS}",
        ('"segments": 1000000000', 0),
    ),
]


@pytest.mark.parametrize(("name", "change", "code", "message", "anchor"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_record_is_refused_by_validate_at_its_line(run, tmp_path, name, change, code, message, anchor):
    path = _write(tmp_path / f"{name}.json", change)
    line = _line(path, *anchor)
    result = run("validate", path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == f"{path}:{line}: error[{code}]: {message}"
    with pytest.raises(InvalidFileError) as refused:
        load_record(path)  # every reader of the model: the store, agreement, export, reconcile
    assert refused.value.diagnostics[0].code == code


@pytest.mark.parametrize(("name", "change", "code", "message", "anchor"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_record_is_skipped_by_the_summary_at_its_line(run, tmp_path, name, change, code, message, anchor):
    coded = write_study(tmp_path)
    path = _write(coded / f"zz-{name}.json", change)
    line = _line(path, *anchor)
    result = run("summary", coded, "--format", "json")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"jimcode: error: {path}:{line}: error[{code}]: {message} (skipped)"
    figures = json.loads(result.stdout)
    assert figures["files"]["skipped"] == 1
    assert_study_figures(figures)  # the eight cases, not nine


def test_a_duplicate_json_key_is_refused_by_validate_with_both_lines(run, tmp_path):
    text = dump_record(BASE).replace('"coder": "alice",', '"coder": "alice",\n  "coder": "evil",', 1)
    path = tmp_path / "twice.json"
    path.write_text(text, encoding="utf-8")
    first = _line(path, '"coder": "alice"')
    result = run("validate", path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{path}:{first + 1}: error[duplicate-key]: duplicate key 'coder' (first at line {first}); "
        "JSON readers silently keep only the last one"
    )


def test_the_summary_reads_a_duplicate_key_as_json_parsers_do_the_last_one(run, tmp_path):
    """Documented (README, "Speed and memory"): looking for duplicate keys would cost the summary more than
    its whole check; `jimcode validate` is where they are reported."""
    coded = write_study(tmp_path)
    text = dump_record(BASE).replace('"coder": "alice",', '"coder": "bob",\n  "coder": "alice",', 1)
    (coded / "twice.json").write_text(text, encoding="utf-8")
    result = run("summary", coded, "--format", "json")
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["files"]["records_read"] == 9
    assert figures["groups"][0]["corpus"]["coders"] == [{"name": "alice", "cases": 9}]
