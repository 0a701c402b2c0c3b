"""The agreement report's outputs that tests/test_report_outputs.py does not pin, byte for byte.

Written by the CLI before the report wrote its JSON as it goes (issue 14): the Dutch CSV, a
threshold that flags more codes, a narrow terminal, and three coders (one record in progress,
with a code outside the codebook). The commands that wrote them are in each test.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "golden"
CODED = "examples/coded"  # relative: the report names record files as they were given


@pytest.fixture
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def _three_coders(folder: Path) -> None:
    """examples/coded and a third coder, carla, on case-03: anna's record, in progress, changed."""
    shutil.copytree(ROOT / CODED, folder)
    record = json.loads((ROOT / CODED / "case-03-lotte.anna.json").read_text(encoding="utf-8"))
    record["coder"] = "carla"
    record["status"] = "in_progress"
    segments = record["segments"]
    segments[1].update(status="open", codes=[], evidence=[])
    coded = [segment for segment in segments if segment["status"] == "coded"]
    coded[2]["codes"] = [*coded[2]["codes"][:1], "anders"]  # not in the codebook
    coded[4].update(status="not_relevant", codes=[], evidence=[])
    record["attributes"] = dict.fromkeys(record["attributes"])
    text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    (folder / "case-03-lotte.carla.json").write_text(text, encoding="utf-8")


def test_the_dutch_statistics_csv_is_unchanged(run, at_root, tmp_path):
    """Written by `jimcode agreement examples/coded --format csv -o tests/data/golden/agreement.nl.csv`."""
    out = tmp_path / "agreement.csv"
    result = run("agreement", CODED, "--format", "csv", "--output", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (GOLDEN / "agreement.nl.csv").read_bytes()


def test_a_higher_threshold_flags_more_codes_as_before(run, at_root, tmp_path, monkeypatch):
    """Written by `JIMCODE_LANG=en jimcode agreement examples/coded --format json --threshold 0.8 -o ...`."""
    monkeypatch.setenv("JIMCODE_LANG", "en")
    out = tmp_path / "agreement.json"
    result = run("agreement", CODED, "--format", "json", "--threshold", "0.8", "--output", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (GOLDEN / "agreement.threshold-0.8.json").read_bytes()
    assert (
        json.loads(out.read_bytes())["flagged_codes"]
        != json.loads((GOLDEN / "agreement.json").read_bytes())["flagged_codes"]
    )


def test_the_table_in_a_narrow_terminal_is_unchanged(run, at_root, monkeypatch):
    """Written by `JIMCODE_LANG=en COLUMNS=100 jimcode agreement examples/coded > .../agreement.narrow.txt`."""
    monkeypatch.setenv("JIMCODE_LANG", "en")
    monkeypatch.setenv("COLUMNS", "100")
    result = run("agreement", CODED)
    assert result.exit_code == 0, result.output
    assert result.stdout == (GOLDEN / "agreement.narrow.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("format", "golden"),
    [
        ("json", "agreement.three-coders.json"),
        ("markdown", "agreement.three-coders.md"),
        ("table", "agreement.three-coders.txt"),
        ("csv", "agreement.three-coders.csv"),
    ],
)
def test_three_coders_report_is_unchanged(run, tmp_path, monkeypatch, format, golden):
    """Written by `JIMCODE_LANG=en jimcode agreement three --format FORMAT -o ...` in the folder holding
    `three`, made by `_three_coders`."""
    _three_coders(tmp_path / "three")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JIMCODE_LANG", "en")
    out = tmp_path / golden
    result = run("agreement", "three", "--format", format, "--output", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == (GOLDEN / golden).read_text(encoding="utf-8")
