"""The reports on examples/coded are byte for byte what they were before agreement and export streamed.

The files under tests/data/golden were written by the CLI before the streaming rewrite (issue 14);
any change to a figure, a row or a byte of these outputs shows here. A deliberate change to an
output regenerates them (the commands are in each test).
"""

from __future__ import annotations

import json
import random
import shutil
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "golden"
CODED = "examples/coded"  # relative: the report names record files as they were given
CODEBOOK = ROOT / "codebooks" / "jim-12min.nl.yaml"


@pytest.fixture
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize(
    ("format", "golden"),
    [("table", "agreement.txt"), ("json", "agreement.json"), ("markdown", "agreement.md"), ("csv", "agreement.csv")],
)
def test_agreement_report_is_unchanged(run, at_root, tmp_path, monkeypatch, format, golden):
    # the English words of the report as they were (the examples' codebook is Dutch: JIMCODE_LANG=en pins them)
    monkeypatch.setenv("JIMCODE_LANG", "en")
    out = tmp_path / golden
    result = run("agreement", CODED, "--format", format, "--output", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == (GOLDEN / golden).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("format", "golden"),
    [("table", "agreement.nl.txt"), ("markdown", "agreement.nl.md"), ("json", "agreement.json")],
)
def test_the_dutch_agreement_report_is_unchanged(run, at_root, tmp_path, format, golden):
    """The Dutch codebook's own language (no JIMCODE_LANG); its JSON is the English one, byte for byte.

    Written by `jimcode agreement examples/coded --format table|markdown --output tests/data/golden/agreement.nl.*`
    and read line by line for its Dutch."""
    out = tmp_path / golden
    result = run("agreement", CODED, "--format", format, "--output", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == (GOLDEN / golden).read_text(encoding="utf-8")


def test_export_csv_is_unchanged(run, at_root, tmp_path):
    result = run("export", "csv", CODED, "-o", tmp_path / "tables")
    assert result.exit_code == 0, result.output
    for name in ("codings.csv", "cases.csv", "evidence.csv"):
        assert (tmp_path / "tables" / name).read_bytes() == (GOLDEN / name).read_bytes(), name


def test_export_project_is_unchanged(run, at_root, tmp_path):
    out = tmp_path / "study.qdpx"
    result = run("export", "project", CODED, "-o", out)
    assert result.exit_code == 0, result.output
    expected = {
        path.relative_to(GOLDEN / "qdpx").as_posix(): path.read_bytes()
        for path in (GOLDEN / "qdpx").rglob("*")
        if path.is_file()
    }
    with zipfile.ZipFile(out) as archive:
        written = {name: archive.read(name) for name in archive.namelist()}
    assert sorted(written) == sorted(expected)
    for name, content in expected.items():
        assert written[name] == content, name


def _statistics(report: dict) -> dict:
    """Everything computed from the records, without the file names they were read from."""
    return {key: value for key, value in report.items() if key != "transcripts"}


def test_agreement_does_not_depend_on_the_order_of_the_record_files(run, tmp_path):
    reference = run("agreement", ROOT / CODED, "--format", "json", "--codebook", CODEBOOK)
    assert reference.exit_code == 0, reference.output
    expected = _statistics(json.loads(reference.stdout))
    records = sorted((ROOT / CODED).glob("*.json"))
    for seed in (1, 2, 3):
        shuffled = tmp_path / f"shuffled-{seed}"
        shuffled.mkdir()
        names = [f"{number:03d}.json" for number in range(len(records))]
        random.Random(seed).shuffle(names)
        for record, name in zip(records, names, strict=True):
            shutil.copyfile(record, shuffled / name)
        result = run("agreement", shuffled, "--format", "json", "--codebook", CODEBOOK)
        assert result.exit_code == 0, result.output
        assert _statistics(json.loads(result.stdout)) == expected, seed
