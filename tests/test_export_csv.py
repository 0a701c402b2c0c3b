"""`jimcode export csv`: tidy tables (codings, cases, evidence) for R, pandas, SPSS and Excel."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.interchange_fixtures import make_record, study_records, write_codebook, write_records


def _read(path: Path, *, excel: bool = False) -> list[dict[str, str]]:
    raw = path.read_bytes()
    if excel:
        assert raw.startswith(b"\xef\xbb\xbf")
    else:
        assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";" if excel else ","))


@pytest.fixture
def study(tmp_path) -> Path:
    folder = tmp_path / "coded"
    write_records(folder, study_records())
    write_codebook(folder)
    return folder


def test_codings_table_has_one_row_per_case_segment_code(run, study, tmp_path):
    result = run("export", "csv", study, "-o", tmp_path / "tables")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split() == [str(tmp_path / "tables" / n) for n in ("codings.csv", "cases.csv", "evidence.csv")]
    rows = _read(tmp_path / "tables" / "codings.csv")
    assert list(rows[0]) == [
        "transcript", "case", "coder", "segment", "segment_index", "speaker", "research_question", "code",
        "code_label", "parent_code", "polarity", "child_age", "organisation", "signals", "positioned", "score",
        "summary", "text",
    ]  # fmt: skip
    assert [(r["case"], r["coder"], r["segment"], r["code"]) for r in rows] == [
        ("Noah", "anna", "s002", "request-professional"),
        ("Noah", "anna", "s002", "request-parent"),
        ("Noah", "anna", "s005", "positioning-quick"),
        ("Noah", "ben", "s002", "request-sharper"),
        ("Noah", "ben", "s005", "positioning-quick"),
        ("Sem", "anna", "s002", "request-parent"),
    ]
    first, sharper = rows[0], rows[3]
    assert (first["research_question"], first["speaker"], first["child_age"], first["positioned"]) == (
        "RQ1",
        "R",
        "13",
        "true",
    )
    assert first["text"] == "Via school 😊 — de mentor belde.\nDaarna de moeder."
    assert (sharper["parent_code"], sharper["code_label"]) == ("request-professional", 'Scherper — "vraag" & <meer>')
    assert (sharper["organisation"], sharper["signals"], sharper["score"]) == ("other", "", "")


def test_cases_table_has_attributes_and_verdicts(run, study, tmp_path):
    assert run("export", "csv", study, "-o", tmp_path / "t").exit_code == 0
    rows = {(r["case"], r["coder"]): r for r in _read(tmp_path / "t" / "cases.csv")}
    anna = rows[("Noah", "anna")]
    assert anna["status"] == "complete"
    assert (anna["segments"], anna["coded_segments"], anna["not_relevant_segments"], anna["codings"]) == (
        "5",
        "2",
        "1",
        "3",
    )
    assert (anna["interviewee"], anna["interview_organisation"], anna["organisation"]) == ("Cecile", "Levvel", "levvel")
    assert (anna["score"], anna["signals"], anna["summary"]) == ("3.5", "trauma", "Oma; snel; 😊")
    assert (anna["verdict_H1"], anna["verdict_H1_note"], anna["verdict_H2"]) == ("supports", "duidelijk", "")
    assert rows[("Noah", "ben")]["verdict_H1"] == "mixed"
    assert rows[("Sem", "anna")]["status"] == "in_progress"


def test_evidence_table(run, study, tmp_path):
    assert run("export", "csv", study, "-o", tmp_path / "t").exit_code == 0
    rows = _read(tmp_path / "t" / "evidence.csv")
    assert [(r["coder"], r["segment"], r["hypothesis"], r["stance"], r["note"]) for r in rows] == [
        ("anna", "s002", "H1", "supports", "moeder houdt af"),
        ("ben", "s005", "H2", "nuances", ""),
    ]


def test_excel_variant_bom_semicolon_decimal_comma_and_formula_guard(run, tmp_path):
    folder = tmp_path / "coded"
    write_codebook(folder)
    record = make_record(
        "t1",
        "anna",
        "=Case",
        [("I", "-ja, dat klopt; zeker"), ("R", "+31 6 ...")],
        {0: ["request-parent"], 1: ["request-parent"]},
        attributes={"score": 2.25, "signals": ["trauma", "none"]},
    )
    write_records(folder, [record])
    assert run("export", "csv", folder, "-o", tmp_path / "xl", "--excel").exit_code == 0
    rows = _read(tmp_path / "xl" / "codings.csv", excel=True)
    assert rows[0]["score"] == "2,25"
    assert rows[0]["signals"] == "trauma|none"
    assert rows[0]["case"] == "'=Case"
    assert [r["text"] for r in rows] == ["'-ja, dat klopt; zeker", "'+31 6 ..."]
    first_line = (tmp_path / "xl" / "codings.csv").read_bytes().decode("utf-8-sig").splitlines()[0]
    assert first_line.startswith("transcript;case;coder;")
    plain = run("export", "csv", folder, "-o", tmp_path / "plain")
    assert plain.exit_code == 0
    assert _read(tmp_path / "plain" / "codings.csv")[0]["score"] == "2.25"
    assert _read(tmp_path / "plain" / "codings.csv")[0]["case"] == "=Case"


def test_without_the_codebook_the_tables_still_come_out(run, tmp_path):
    folder = tmp_path / "coded"
    write_records(folder, study_records())  # names mini.yaml, which is not there
    result = run("export", "csv", folder, "-o", tmp_path / "t")
    assert result.exit_code == 0
    assert "codebook not found" in result.stderr
    rows = _read(tmp_path / "t" / "codings.csv")
    assert rows[0]["research_question"] == "" and rows[0]["code"] == "request-professional"
    assert "child_age" in rows[0]


def test_bad_records_are_one_error_line(run, tmp_path):
    (tmp_path / "broken.json").write_text('{"format_version": 1, "segments": [', encoding="utf-8")
    result = run("export", "csv", tmp_path / "broken.json", "-o", tmp_path / "t")
    assert result.exit_code == 1
    assert len([line for line in result.stderr.splitlines() if line.startswith("jimcode: error:")]) == 1
    assert not (tmp_path / "t").exists()
    empty = run("export", "csv", tmp_path / "nothing-here", "-o", tmp_path / "t")
    assert empty.exit_code == 1 and "no such file" in empty.stderr


def test_inside_a_study_folder_records_and_codebook_need_no_paths(run, tmp_path, monkeypatch):
    write_codebook(tmp_path / "codebooks")
    records = [r.model_copy(update={"codebook": r.codebook.model_copy(update={"path": None})}) for r in study_records()]
    write_records(tmp_path / "coded", records)
    (tmp_path / "jimcode.yaml").write_text("codebook: codebooks/mini.yaml\ncoded: coded\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("export", "csv", "-o", "tables")
    assert result.exit_code == 0, result.stderr
    assert "codebook not found" not in result.stderr
    assert _read(tmp_path / "tables" / "codings.csv")[0]["research_question"] == "RQ1"


def test_outside_a_study_folder_records_are_required(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("export", "csv", "-o", "tables")
    assert result.exit_code == 2
    assert "give the coded records" in result.stderr
