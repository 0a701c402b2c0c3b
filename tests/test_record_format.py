"""The record format: one definition (the models), the summary's fast check proven equal to it,
and the format's versions (every earlier one read, a later one refused)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jimcode.errors import InvalidFileError
from jimcode.records._structs import as_dict, decode
from jimcode.records.model import CodedRecord, load_record, parse_record
from jimcode.records.store import RecordStore
from jimcode.records.stream import checked_record, read_record_data
from jimcode.records.versions import FORMAT_VERSION, UPGRADES
from tests.summary_study import CASES, assert_study_figures, make_record, write_study

VALID = [make_record(case).model_dump(mode="json") for case in CASES]
FUTURE = FORMAT_VERSION + 1
FUTURE_MESSAGE = f"record format version {FUTURE} is not supported (this jimcode reads version {FORMAT_VERSION})"


# Importing the model


def test_importing_the_record_model_loads_no_transcript_reader():
    code = (
        "import sys, jimcode.records.model; "
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(('jimcode.transcripts', 'docx')))))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == ["jimcode.transcripts", "jimcode.transcripts.model"]


# Versions


def test_every_version_below_the_current_one_has_an_upgrade():
    assert sorted(UPGRADES) == list(range(1, FORMAT_VERSION))
    assert all(callable(step) for step in UPGRADES.values())


def test_the_model_writes_the_current_version():
    assert CodedRecord.model_fields["format_version"].default == FORMAT_VERSION
    assert VALID[0]["format_version"] == FORMAT_VERSION


def _future_record(folder: Path) -> Path:
    data = copy.deepcopy(VALID[1])
    data["format_version"] = FUTURE
    path = folder / "case-02.alice.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def test_a_future_version_is_refused_by_the_model_loader_with_the_exact_message(tmp_path):
    path = _future_record(tmp_path)
    with pytest.raises(InvalidFileError) as raised:
        load_record(path)
    (problem,) = raised.value.diagnostics
    assert (problem.file, problem.line, problem.column, problem.code, problem.message) == (
        str(path),
        1,
        1,
        "format-version",
        FUTURE_MESSAGE,
    )


def test_a_future_version_is_refused_when_the_store_opens_the_record(tmp_path):
    path = _future_record(tmp_path)
    with pytest.raises(InvalidFileError) as raised:
        RecordStore.open(path, "alice")
    assert [d.message for d in raised.value.diagnostics] == [FUTURE_MESSAGE]
    assert not path.with_name(path.name + ".lock").exists()  # the lock is released again


def test_a_future_version_is_skipped_by_the_summary_with_the_exact_message(run, tmp_path):
    coded = write_study(tmp_path)
    (tmp_path / "later").mkdir()
    future = _future_record(tmp_path / "later")
    result = run("summary", coded, future, "--format", "json")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"jimcode: error: {future}:1:1: error[format-version]: {FUTURE_MESSAGE} (skipped)",
        "jimcode: error: 1 file(s) skipped; the rest were read",
    ]
    assert_study_figures(json.loads(result.stdout))


def test_a_future_version_is_reported_by_validate(run, tmp_path):
    future = _future_record(tmp_path)
    result = run("validate", future)
    assert result.exit_code == 1
    assert f"{future}:1:1: error[format-version]: {FUTURE_MESSAGE}" in result.stdout.splitlines()


# The summary's reading: the model decides


def test_records_written_by_jimcode_take_the_fast_path():
    for data in VALID:
        read = decode(json.dumps(data).encode())
        assert read is not None
        assert as_dict(read) == data


def _date_not_in_the_calendar(data: dict[str, Any]) -> None:
    data["updated_at"] = "2024-02-30T12:00:00Z"  # the pattern of a date, not a day of the calendar


def _misnumbered(data: dict[str, Any]) -> None:
    data["segments"][1]["index"] = 5


@pytest.mark.parametrize(("spoil", "code"), [(_date_not_in_the_calendar, "bad-record"), (_misnumbered, "bad-index")])
def test_what_msgspec_cannot_check_is_left_to_the_model(tmp_path, spoil, code):
    data = copy.deepcopy(VALID[0])
    spoil(data)
    assert decode(json.dumps(data).encode()) is None
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InvalidFileError) as raised:
        read_record_data(str(path), "r.json")
    assert raised.value.diagnostics[0].code == code


def test_objects_and_lists_left_out_are_read_with_the_models_defaults():
    data = copy.deepcopy(VALID[0])
    for key in ("interview", "attributes", "verdicts", "migrations", "reconciled_from"):
        del data[key]
    read = decode(json.dumps(data).encode())
    assert read is not None
    assert as_dict(read) == CodedRecord.model_validate(data).model_dump(mode="json")


def test_a_record_only_the_model_accepts_is_read_as_the_model_writes_it():
    data = copy.deepcopy(VALID[2])
    for segment in data["segments"]:
        del segment["start_time"]  # left out: its default (None) applies
        if segment["memo"] is None:
            del segment["memo"]
    data["segments"][0]["index"] = "0"  # pydantic reads a numeric string as an integer
    assert decode(json.dumps(data).encode()) is None
    assert as_dict(checked_record(data, "x.json")) == VALID[2]


def test_a_hand_written_record_without_optional_keys_is_still_counted(run, tmp_path):
    coded = write_study(tmp_path)
    path = sorted(coded.glob("*.json"))[3]
    data = json.loads(path.read_text(encoding="utf-8"))
    for key in ("reconciled_from", "completed_at"):
        del data[key]
    for segment in data["segments"]:
        for key in ("speaker", "start_line", "end_line", "start_time", "end_time", "memo"):
            segment.pop(key)
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("summary", coded, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert_study_figures(json.loads(result.stdout))


def test_a_record_invalid_where_the_summary_does_not_look_is_skipped_with_the_models_reason(run, tmp_path):
    coded = write_study(tmp_path)
    bad = coded / "zz-bad.json"
    data = copy.deepcopy(VALID[1])
    data["transcript"]["id"] = "another"
    data["started_at"] = "yesterday"
    bad.write_text(json.dumps(data, indent=2), encoding="utf-8")
    result = run("summary", coded, "--format", "json")
    assert result.exit_code == 1
    line = _line(bad, '"started_at"')
    assert result.stderr.splitlines()[0] == (
        f"jimcode: error: {bad}:{line}: error[bad-record]: started_at: Input should be a "
        "valid datetime or date, "
        "input is too short (1 problem(s)) (skipped)"
    )
    assert_study_figures(json.loads(result.stdout))


def _line(path: Path, text: str) -> int:
    """The 1-based line of the one line of `path` that holds `text`."""
    (number,) = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if text in line]
    return number


# The property: the fast path decides as the model loader does, on valid and randomly broken records

ODD_VALUES = [
    None,
    0,
    -1,
    3,
    2.5,
    1.0,
    True,
    False,
    "",
    "x",
    "3",
    "complete",
    "supports",
    "mixed",
    "turn",
    "markdown",
    [],
    ["x"],
    [1],
    [None],
    {},
    {"x": 1},
    {"hypothesis": "H1", "stance": "supports"},
    "2024-05-01T12:00:00Z",
    "2024-05-01T12:00:00+02:00",
    "2024-13-01T12:00:00Z",
    "2024-05-01",
    "yesterday",
    2**70,
    1e300,
]
VERSIONS = [0, -1, FUTURE, "1", 1.0, True, None, [1]]


def _paths(value: Any, at: tuple = ()) -> list[tuple]:
    """Every place in a JSON tree (the root is ())."""
    found = [at]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*at, index))
    return found


def _parent(data: Any, path: tuple) -> Any:
    for key in path[:-1]:
        data = data[key]
    return data


@st.composite
def broken_records(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        kind = draw(st.sampled_from(["replace", "replace", "delete", "add", "version"]))
        paths = [p for p in _paths(data) if p]
        if kind == "version":
            data["format_version"] = draw(st.sampled_from(VERSIONS))
            continue
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = _parent(data, path)
        if kind == "replace":
            # a copy: a later mutation must not change the strategy's own values (hypothesis replays them)
            parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES) | st.text(max_size=4) | st.integers()))
        elif kind == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif kind == "add":
            target = parent[path[-1]] if isinstance(parent[path[-1]], dict) else parent
            if isinstance(target, dict):
                target[draw(st.sampled_from(["extra", "memo", "note", "codes", "polarity"]))] = copy.deepcopy(
                    draw(st.sampled_from(ODD_VALUES))
                )
    return data


def _model_path(text: str) -> tuple[str, Any]:
    try:
        return "accepted", parse_record(text, "r.json")
    except InvalidFileError as error:
        return error.diagnostics[0].code, None


def _fast_path(text: str) -> tuple[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.json"
        path.write_text(text, encoding="utf-8")
        try:
            return "accepted", CodedRecord.model_validate(as_dict(read_record_data(str(path), "r.json")))
        except InvalidFileError as error:
            return error.diagnostics[0].code, None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(broken_records())
def test_the_fast_path_decides_as_the_model_loader_does(data):
    text = json.dumps(data)
    model = _model_path(text)
    fast = _fast_path(text)
    assert fast == model
    typed = decode(text.encode())
    if typed is not None:  # the structs never accept what the model refuses, and read what it reads
        assert model[0] == "accepted"
        assert CodedRecord.model_validate(as_dict(typed)) == model[1]


def test_a_version_1_record_is_read_as_the_current_version(run, tmp_path):
    data = copy.deepcopy(VALID[0])
    data["format_version"] = 1
    del data["migrations"]  # version 1 had no migration notes,
    for key in ("segmentation", "window_seconds"):  # no segmentation version or time window,
        del data["transcript"][key]
    for key in ("title", "details"):  # and no header lines
        del data["interview"][key]
    for segment in data["segments"]:  # and no marked quotes nor poles
        del segment["quote_sentences"]
        del segment["polarity"]
    path = tmp_path / "old.alice.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    record = load_record(path)
    assert record.format_version == FORMAT_VERSION == 3
    assert record.migrations == []
    assert record.transcript.segmentation == 1  # split by the first rules
    expected = copy.deepcopy(data)
    del expected["format_version"]
    expected["transcript"].update(segmentation=1, window_seconds=None)
    expected["interview"].update(title=None, details={})
    for segment in expected["segments"]:
        segment["quote_sentences"] = []
        segment["polarity"] = {}
    assert record.model_dump(mode="json", exclude={"format_version", "migrations"}) == expected
    assert read_record_data(str(path)).migrations == []


def test_a_version_2_record_is_read_with_no_quote_marked_nor_polarity_given_and_written_as_version_3(tmp_path):
    data = copy.deepcopy(VALID[0])
    data["format_version"] = 2
    for segment in data["segments"]:
        del segment["quote_sentences"]
        del segment["polarity"]
    path = tmp_path / "old.alice.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    for read in (load_record(path).model_dump(mode="json"), as_dict(read_record_data(str(path)))):
        assert read["format_version"] == 3
        assert [s["quote_sentences"] for s in read["segments"]] == [[]] * len(data["segments"])
        assert [s["polarity"] for s in read["segments"]] == [{}] * len(data["segments"])
        assert {k: v for k, v in read.items() if k not in ("format_version", "segments")} == {
            k: v for k, v in data.items() if k not in ("format_version", "segments")
        }
