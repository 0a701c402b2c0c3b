"""Records still in progress, through the real CLI on copies of examples/coded.

An unfinished consensus record (`reconcile` stopped at once) must not replace the coders' complete
records in `summary` and `retrieve`; every report names the records still in progress; and
`--complete-only` leaves them out of `summary`, `retrieve`, `agreement`, `export project` and
`export csv`.
"""

from __future__ import annotations

import csv
import json
import shutil
import zipfile
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "coded"
LOTTE = ("case-03-lotte.anna.json", "case-03-lotte.bram.json")  # 14 disagreements between them

# The warnings are compared in jimcode's English words; tests/test_language.py checks the Dutch.
pytestmark = pytest.mark.usefixtures("english_chrome")


def copy_examples(tmp_path: Path) -> Path:
    coded = tmp_path / "coded"
    shutil.copytree(EXAMPLES, coded)
    return coded


def stop_reconcile_at_once(run, coded: Path, out: Path) -> None:
    """`jimcode reconcile` on case-03-lotte, quit before anything is settled: an in-progress consensus record."""
    result = run("reconcile", *(coded / name for name in LOTTE), "--out", out, input="q\n")
    assert result.exit_code == 0, result.stderr


def mark_in_progress(path: Path) -> None:
    """A coder's record as it is while the coder is still at it (status in_progress, not completed)."""
    data = json.loads(path.read_text("utf-8"))
    data["status"] = "in_progress"
    data["completed_at"] = None
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def report_json(run, *args: str | Path) -> dict:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def follows_schema(run, kind: str, document: dict) -> bool:
    """The document validates against what `jimcode schema KIND` publishes."""
    schema = json.loads(run("schema", kind).stdout)
    return not list(jsonschema.Draft202012Validator(schema).iter_errors(document))


def warning_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("jimcode: warning: ")]


# -- an unfinished consensus record --------------------------------------------------------------


@pytest.mark.parametrize(
    "out_name",
    [
        "case-03-lotte.consensus.json",  # read after the coders' records: set aside when it turns up
        "0-unfinished.json",  # read first: counted, then subtracted when a coder's record turns up
    ],
)
def test_an_unfinished_consensus_leaves_the_coders_records_counted_and_is_named(run, tmp_path, out_name):
    untouched = copy_examples(tmp_path / "untouched")  # the same records with no consensus of case-03
    without = report_json(run, "summary", untouched)
    coded = copy_examples(tmp_path)
    unfinished = coded / out_name
    stop_reconcile_at_once(run, coded, unfinished)
    assert json.loads(unfinished.read_text("utf-8"))["status"] == "in_progress"

    result = run("summary", coded, "--format", "json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    # every figure and quote as if the consensus record were not there
    assert summary["groups"] == without["groups"]
    assert summary["groups"][0]["corpus"]["coders"] == [{"name": "anna", "cases": 7}, {"name": "consensus", "cases": 1}]
    assert summary["files"] == {
        "records_read": 13,
        "counted": 8,
        "set_aside": 5,
        "filtered_out": 0,
        "skipped": 0,
        "skipped_files": [],
        "in_progress": 0,
        "in_progress_files": [],
    }
    message = (
        f"1 consensus record(s) not counted because they are not complete (the coders' records count instead): "
        f"{unfinished}. Finish them with jimcode reconcile"
    )
    assert summary["warnings"][0] == {"code": "unfinished-consensus", "message": message}
    assert summary["warnings"][1]["code"] == "several-coders"
    assert "case-03-lotte: anna (not bram); case-04-mila: anna (not bram)." in summary["warnings"][1]["message"]
    assert warning_lines(result.stderr)[0] == f"jimcode: warning: {message}"

    retrieved = report_json(run, "retrieve", "parents-gatekeeper", coded)
    assert retrieved["groups"] == report_json(run, "retrieve", "parents-gatekeeper", untouched)["groups"]
    assert {item["coder"] for item in retrieved["groups"][0]["items"] if item["transcript"] == "case-03-lotte"} == {
        "anna"
    }
    assert (retrieved["files"]["counted"], retrieved["files"]["in_progress"]) == (8, 0)
    assert retrieved["warnings"][0] == {"code": "unfinished-consensus", "message": message}


def test_a_consensus_counts_once_it_is_complete(run, tmp_path):
    coded = copy_examples(tmp_path)
    stop_reconcile_at_once(run, coded, coded)
    before = report_json(run, "summary", coded)
    assert before["groups"][0]["corpus"]["coders"] == [{"name": "anna", "cases": 7}, {"name": "consensus", "cases": 1}]

    finished = run("reconcile", *(coded / name for name in LOTTE), "--out", coded, input="A\n" * 14)
    assert finished.exit_code == 0, finished.stderr
    assert json.loads((coded / "case-03-lotte.consensus.json").read_text("utf-8"))["status"] == "complete"
    after = report_json(run, "summary", coded)
    assert after["groups"][0]["corpus"]["coders"] == [{"name": "anna", "cases": 6}, {"name": "consensus", "cases": 2}]
    assert [warning["code"] for warning in after["warnings"]] == ["several-coders"]
    assert "1 transcript(s) have records by several coders" in after["warnings"][0]["message"]
    items = report_json(run, "retrieve", "parents-gatekeeper", coded)["groups"][0]["items"]
    assert {item["coder"] for item in items if item["transcript"] == "case-03-lotte"} == {"consensus"}


# -- records in progress in every report, and --complete-only --------------------------------------


@pytest.fixture
def study(run, tmp_path) -> Path:
    """examples/coded with an unfinished consensus of case-03-lotte, and two coders' records in progress:
    case-04-mila by bram (double-coded: agreement compares it) and case-05-daan by anna (counted by summary)."""
    coded = copy_examples(tmp_path)
    stop_reconcile_at_once(run, coded, coded)
    mark_in_progress(coded / "case-04-mila.bram.json")
    mark_in_progress(coded / "case-05-daan.anna.json")
    return coded


def test_summary_names_the_counted_records_in_progress_and_complete_only_leaves_them_out(run, study):
    daan = str(study / "case-05-daan.anna.json")
    result = run("summary", study, "--format", "json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    files = summary["files"]
    assert (files["records_read"], files["counted"], files["set_aside"], files["filtered_out"]) == (13, 8, 5, 0)
    assert (files["in_progress"], files["in_progress_files"]) == (1, [daan])
    corpus = summary["groups"][0]["corpus"]
    assert (corpus["cases"], corpus["complete"], corpus["in_progress"]) == (8, 7, 1)
    listing = f"1 record(s) still in progress (not marked complete): {daan}; --complete-only leaves them out"
    assert summary["warnings"][-1] == {"code": "in-progress", "message": listing}
    assert f"jimcode: warning: {listing}" in warning_lines(result.stderr)
    assert follows_schema(run, "summary", summary)

    result = run("summary", study, "--complete-only", "--format", "json")
    assert result.exit_code == 0, result.stderr
    complete = json.loads(result.stdout)
    files = complete["files"]
    assert (files["records_read"], files["counted"], files["set_aside"], files["filtered_out"]) == (13, 7, 3, 3)
    assert (files["in_progress"], files["in_progress_files"]) == (0, [])
    corpus = complete["groups"][0]["corpus"]
    assert (corpus["cases"], corpus["complete"], corpus["in_progress"]) == (7, 7, 0)
    assert complete["filters"]["status"] == "complete"
    assert [warning["code"] for warning in complete["warnings"]] == ["several-coders"]
    assert warning_lines(result.stderr) == [f"jimcode: warning: {complete['warnings'][0]['message']}"]


def test_retrieve_names_the_records_in_progress_and_complete_only_leaves_them_out(run, study):
    daan = str(study / "case-05-daan.anna.json")
    every = report_json(run, "retrieve", "parents-gatekeeper", study, "--exact")
    assert (every["files"]["counted"], every["files"]["filtered_out"]) == (8, 0)
    assert (every["files"]["in_progress"], every["files"]["in_progress_files"]) == (1, [daan])
    assert every["warnings"][-1]["code"] == "in-progress"
    assert follows_schema(run, "retrieve", every)
    by_case = {item["transcript"] for item in every["groups"][0]["items"]}
    assert "case-05-daan" in by_case

    complete = report_json(run, "retrieve", "parents-gatekeeper", study, "--exact", "--complete-only")
    assert (complete["files"]["counted"], complete["files"]["filtered_out"]) == (7, 3)
    assert (complete["files"]["in_progress"], complete["files"]["in_progress_files"]) == (0, [])
    assert complete["filters"]["status"] == "complete"
    daan_segments = [item for item in every["groups"][0]["items"] if item["transcript"] == "case-05-daan"]
    assert len(daan_segments) == 3
    assert complete["segments"] == every["segments"] - 3
    assert "case-05-daan" not in {item["transcript"] for item in complete["groups"][0]["items"]}


def test_agreement_names_the_coders_records_in_progress_and_complete_only_leaves_them_out(run, study):
    result = run("agreement", study, "--format", "json")
    assert result.exit_code == 0, result.stderr
    listing = (
        f"jimcode: warning: 2 record(s) still in progress (not marked complete): {study / 'case-04-mila.bram.json'}, "
        f"{study / 'case-05-daan.anna.json'}; --complete-only leaves them out"
    )
    assert warning_lines(result.stderr).count(listing) == 1  # the consensus record is not compared: not named
    statuses = {entry["id"]: entry["status"] for entry in json.loads(result.stdout)["transcripts"]}
    assert [tid for tid, status in statuses.items() if status == "double-coded"] == [
        "case-01-noah",
        "case-03-lotte",
        "case-04-mila",
    ]

    result = run("agreement", study, "--format", "json", "--complete-only")
    assert result.exit_code == 0, result.stderr
    assert "jimcode: --complete-only: left out 3 record(s) still in progress" in result.stderr.splitlines()
    assert not any("still in progress" in line for line in warning_lines(result.stderr))
    transcripts = json.loads(result.stdout)["transcripts"]
    assert [entry["id"] for entry in transcripts if entry["status"] == "double-coded"] == [
        "case-01-noah",
        "case-03-lotte",
    ]
    assert {entry["id"]: entry["consensus"] for entry in transcripts}["case-03-lotte"] is None


def read_cases(folder: Path) -> list[dict[str, str]]:
    with open(folder / "cases.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_export_csv_names_the_records_in_progress_and_complete_only_leaves_them_out(run, study, tmp_path):
    result = run("export", "csv", study, "-o", tmp_path / "all")
    assert result.exit_code == 0, result.stderr
    in_progress = sorted(
        study / name for name in ("case-03-lotte.consensus.json", "case-04-mila.bram.json", "case-05-daan.anna.json")
    )
    assert warning_lines(result.stderr) == [
        f"jimcode: warning: 3 record(s) still in progress (not marked complete): "
        f"{', '.join(map(str, in_progress))}; --complete-only leaves them out"
    ]
    rows = read_cases(tmp_path / "all")
    assert len(rows) == 13 and sum(row["status"] == "in_progress" for row in rows) == 3

    result = run("export", "csv", study, "-o", tmp_path / "complete", "--complete-only")
    assert result.exit_code == 0, result.stderr
    assert warning_lines(result.stderr) == []
    assert "jimcode: --complete-only: left out 3 record(s) still in progress" in result.stderr.splitlines()
    rows = read_cases(tmp_path / "complete")
    assert len(rows) == 10 and {row["status"] for row in rows} == {"complete"}
    assert ("Daan", "anna") not in {(row["case"], row["coder"]) for row in rows}


def test_export_project_complete_only_leaves_the_records_in_progress_out(run, study, tmp_path):
    every = run("export", "project", study, "-o", tmp_path / "all.qdpx")
    assert every.exit_code == 0, every.stderr
    assert f"jimcode: wrote {tmp_path / 'all.qdpx'}: 13 record(s)" in every.stderr.splitlines()
    assert warning_lines(every.stderr)[0].startswith("jimcode: warning: 3 record(s) still in progress")

    complete = run("export", "project", study, "-o", tmp_path / "complete.qdpx", "--complete-only")
    assert complete.exit_code == 0, complete.stderr
    assert f"jimcode: wrote {tmp_path / 'complete.qdpx'}: 10 record(s)" in complete.stderr.splitlines()
    with zipfile.ZipFile(tmp_path / "all.qdpx") as archive:
        everything = archive.read("project.qde").decode("utf-8")
    with zipfile.ZipFile(tmp_path / "complete.qdpx") as archive:
        kept = archive.read("project.qde").decode("utf-8")
    assert everything.count("<Coding ") > kept.count("<Coding ") > 0


def test_the_in_progress_listing_names_five_then_says_how_many_more(run, tmp_path):
    coded = copy_examples(tmp_path)
    annas = sorted(coded.glob("*.anna.json"))
    for path in annas:
        mark_in_progress(path)
    result = run("export", "csv", coded, "-o", tmp_path / "tables")
    assert result.exit_code == 0, result.stderr
    assert warning_lines(result.stderr) == [
        f"jimcode: warning: 8 record(s) still in progress (not marked complete): "
        f"{', '.join(map(str, annas[:5]))} and 3 more; --complete-only leaves them out"
    ]


def test_complete_only_with_status_in_progress_is_a_usage_error(run, study):
    result = run("summary", study, "--complete-only", "--status", "in-progress")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "jimcode: error: --complete-only and --status in-progress leave out every record; give one of them"
    )


def test_complete_only_with_nothing_complete_says_so(run, tmp_path):
    coded = copy_examples(tmp_path)
    for path in coded.glob("*.json"):
        mark_in_progress(path)
    result = run("agreement", coded, "--complete-only")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "jimcode: error: all 12 record(s) are still in progress; --complete-only left none"
    )
