"""The agreement report's outputs that tests/test_report_outputs.py does not pin, byte for byte.

Written by the CLI before the report wrote its JSON as it goes (issue 14): the Dutch CSV, a
threshold that flags more codes, a narrow terminal, and three coders (one record in progress,
with a code outside the codebook). The commands that wrote them are in each test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jimcode.agreement.contract import CoderDecision, EvidenceGiven, SegmentDispute
from jimcode.render.agreement_view import Streamed, json_text, model_json

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


def test_the_json_written_as_it_goes_follows_the_published_schema(run, tmp_path, monkeypatch):
    """Three coders, a record in progress, a code outside the codebook: the JSON the CLI streams is the
    schema's, and the very text `json.dumps` makes of the whole document."""
    _three_coders(tmp_path / "three")
    schema = json.loads(run("schema", "agreement").stdout)
    result = run("agreement", tmp_path / "three", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(document)) == []
    assert result.stdout == json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    assert len(document["disagreements"]["segments"]) == 34
    assert [entry["id"] for entry in document["transcripts"]][:3] == ["case-01-noah", "case-02-sem", "case-03-lotte"]


@pytest.mark.parametrize("change", ["broken", "cut"])
def test_a_record_changed_while_the_report_is_written_leaves_no_output(tmp_path, change):
    """The disputed segments are read again while the JSON is written: a record that went bad in
    between, or now has fewer segments, stops the report with its name, and the output file is not
    written (nor left half-written)."""
    from jimcode.agreement.pairs import HeaderCollector
    from jimcode.agreement.report import agreement_report
    from jimcode.cli.app import emit_pieces
    from jimcode.cli.record_sets import index_for_report
    from jimcode.errors import InvalidFileError
    from jimcode.render.agreement_view import json_pieces

    coded = tmp_path / "coded"
    shutil.copytree(ROOT / CODED, coded)
    headers = HeaderCollector()
    record_set = headers.record_set(index_for_report([coded], False, consensus=False, visit=headers))
    report = agreement_report(record_set, ROOT / "codebooks" / "jim-12min.nl.yaml")
    changed = coded / "case-04-mila.bram.json"
    if change == "broken":
        changed.write_text("{", encoding="utf-8")
    else:
        record = json.loads(changed.read_text(encoding="utf-8"))
        record["segments"] = record["segments"][:10]
        record["transcript"]["segments"] = 10
        changed.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out" / "agreement.json"
    with pytest.raises(InvalidFileError, match=r"case-04-mila\.bram\.json"):
        emit_pieces(json_pieces(report), out)
    assert sorted(path.name for path in out.parent.iterdir()) == []


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(_json_values, st.lists(_json_values, max_size=4), st.text(max_size=5))
def test_json_text_is_json_dumps_in_pieces(before, items, key):
    """Any value, and a streamed array of any items inside an object, as `json.dumps` writes them."""
    expected = json.dumps({"before": before, key: {"items": items}}, ensure_ascii=False, indent=2)
    texts = Streamed(json.dumps(item, ensure_ascii=False, indent=2) for item in items)
    assert "".join(json_text({"before": before, key: {"items": texts}})) == expected
    assert "".join(json_text(before)) == json.dumps(before, ensure_ascii=False, indent=2)


_text = st.text(st.characters(exclude_categories=["Cs"]))  # half a surrogate pair has no UTF-8


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(_text, _text, st.lists(_text, max_size=3), st.one_of(st.none(), _text))
def test_a_disputed_segment_is_the_text_json_dumps_makes(text, coder, codes, memo):
    """pydantic-core writes a disputed segment (no floats in it) exactly as json.dumps writes its dump."""
    decision = CoderDecision(
        status="coded",
        codes=codes,
        polarity=dict.fromkeys(codes[:1], "absent"),
        evidence=[EvidenceGiven(hypothesis=text, stance="supports", note=memo)],
        memo=memo,
    )
    dispute = SegmentDispute(
        transcript=text,
        case=coder,
        segment=3,
        segment_id="s0003",
        speaker=memo,
        text=text,
        disputed_codes=codes,
        agreed_codes=[],
        disputed_hypotheses=[text],
        relevance_differs=False,
        coders={coder: decision, "b": decision},
    )
    assert model_json(dispute) == json.dumps(dispute.model_dump(), ensure_ascii=False, indent=2)


@pytest.mark.slow
def test_a_reader_that_stops_early_is_no_error(tmp_path):
    """`jimcode agreement ... --format json | head`: the report is written as it goes, and a reader
    that closes the pipe early ends it quietly (exit 0, nothing on stderr), not as an internal error."""
    for copy in range(6):  # 6 copies of the examples, each with its own transcript ids: 0.5 MB of JSON
        for path in (ROOT / CODED).glob("*.json"):
            record = json.loads(path.read_text(encoding="utf-8"))
            record["transcript"]["id"] += f"-{copy}"
            (tmp_path / f"c{copy}").mkdir(exist_ok=True)
            (tmp_path / f"c{copy}" / path.name).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "JIMCODE_LANG"}
    env["PYTHONPATH"] = str(ROOT)
    process = subprocess.Popen(
        [sys.executable, "-m", "jimcode", "agreement", tmp_path, "--format", "json"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(12) == b'{\n  "coders"'
    process.stdout.close()  # far more than a pipe holds is still to come: the writer meets the closed end
    error = process.stderr.read()
    assert process.wait(timeout=60) == 0, error
    assert error == b""
