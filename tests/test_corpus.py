"""One way to find records and their codebook (`jimcode.corpus`), seen through every command that reads records."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from tests.coded_records import CODEBOOK, make_record, presence_records, save, segment, write_codebook
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples" / "coded"
SHIPPED = ROOT / "codebooks"
EXAMPLE_NAMES = sorted(path.name for path in EXAMPLES.glob("*.json"))
DOUBLE_CODED = ["case-01-noah", "case-03-lotte", "case-04-mila"]
NOT_FOLLOWED = "symbolic link not followed (name its target to read it)"


def stderr_lines(result) -> list[str]:
    return result.stderr.splitlines()


@pytest.fixture
def study(run, tmp_path, monkeypatch) -> Path:
    """A study folder made by `jimcode init`, with the example records in its coded/, as the working folder."""
    folder = tmp_path / "study"
    assert run("init", folder).exit_code == 0
    for name in EXAMPLE_NAMES:
        shutil.copyfile(EXAMPLES / name, folder / "coded" / name)
    monkeypatch.chdir(folder)
    return folder.resolve()


# -- every command works with no path inside a study folder ----------------------------------------


def test_summary_with_no_path_reads_the_study_records(run, study):
    result = run("summary", "--format", "json", "--output", "summary.json")
    assert result.exit_code == 0, result.stderr
    files = json.loads((study / "summary.json").read_text("utf-8"))["files"]
    assert (files["records_read"], files["skipped"]) == (12, 0)


def test_retrieve_with_no_path_reads_the_study_records(run, study):
    result = run("retrieve", "RQ1", "--format", "json", "--output", "rq1.json")
    assert result.exit_code == 0, result.stderr
    retrieved = json.loads((study / "rq1.json").read_text("utf-8"))
    assert (retrieved["files"]["records_read"], retrieved["segments"], retrieved["cases"]) == (12, 26, 8)


def test_agreement_with_no_path_reads_the_study_records(run, study):
    result = run("agreement", "--format", "json", "--output", "agreement.json")
    assert result.exit_code == 0, result.stderr
    report = json.loads((study / "agreement.json").read_text("utf-8"))
    assert report["coders"] == ["anna", "bram"]
    assert [t["id"] for t in report["transcripts"] if t["status"] == "double-coded"] == DOUBLE_CODED


def test_validate_with_no_path_checks_the_study(run, study):
    result = run("validate")
    assert result.exit_code == 0, result.stdout
    # the codebook jimcode.yaml names, the (empty) transcripts folder and the 12 records
    assert stderr_lines(result) == ["jimcode: 13 file(s) checked, all valid"]


def test_export_csv_with_no_path_exports_the_study_records(run, study):
    result = run("export", "csv", "--output", "tables")
    assert result.exit_code == 0, result.stderr
    with (study / "tables" / "cases.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 12
    assert rows[0]["transcript"] == "case-01-noah"


def test_export_project_with_no_path_exports_the_study_records(run, study):
    result = run("export", "project", "--output", "study.qdpx")
    assert result.exit_code == 0, result.stderr
    assert stderr_lines(result) == ["jimcode: wrote study.qdpx: 12 record(s)"]


def test_reconcile_with_no_path_takes_the_study_records_and_resumes(run, study):
    for name in EXAMPLE_NAMES:
        if not name.startswith("case-03-lotte."):
            (study / "coded" / name).unlink()
    first = run("reconcile", "--out", "coded", input="")
    assert first.exit_code == 0, first.stderr
    consensus = study / "coded" / "case-03-lotte.consensus.json"
    assert json.loads(consensus.read_text("utf-8"))["coder"] == "consensus"
    # the consensus record now in coded/ is the one being made: set aside, and the session resumes
    again = run("reconcile", "--out", "coded", input="")
    assert again.exit_code == 0, again.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["summary"],
        ["retrieve", "RQ1"],
        ["agreement"],
        ["validate"],
        ["export", "csv", "-o", "t"],
        ["reconcile", "-o", "x"],
    ],
)
def test_no_path_outside_a_study_folder_is_a_usage_error(run, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    result = run(*command)
    assert result.exit_code == 2
    wanted = "the coded records (files or folders)" if command[0] != "validate" else "the files or folders to check"
    assert stderr_lines(result) == [f"jimcode: error: give {wanted}, or run inside a jimcode project (jimcode init)"]


# -- which files are read ----------------------------------------------------------------------------


def test_hidden_files_and_folders_are_skipped(run, study):
    coded = study / "coded"
    (coded / ".old").mkdir()
    shutil.copyfile(coded / "case-02-sem.anna.json", coded / ".old" / "case-02-sem.anna.json")
    shutil.copyfile(coded / "case-02-sem.anna.json", coded / ".case-02-sem.anna.json")
    # read, these copies would be refused as duplicates
    agreement = run("agreement", "--format", "json", "--output", "a.json")
    assert agreement.exit_code == 0, agreement.stderr
    summary = run("summary", "--format", "json", "--output", "s.json")
    assert summary.exit_code == 0, summary.stderr
    assert json.loads((study / "s.json").read_text("utf-8"))["files"]["records_read"] == 12


def _links(study: Path, tmp_path: Path) -> tuple[Path, Path]:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copyfile(EXAMPLES / "case-02-sem.anna.json", outside / "case-09-extra.anna.json")
    file_link = study / "coded" / "case-09-extra.anna.json"
    folder_link = study / "coded" / "more"
    file_link.symlink_to(outside / "case-09-extra.anna.json")
    folder_link.symlink_to(outside, target_is_directory=True)
    return file_link, folder_link


@pytest.mark.parametrize(
    "command",
    [
        ["summary", "-f", "json", "-o", "out.json"],
        ["retrieve", "RQ1", "-f", "json", "-o", "out.json"],
        ["agreement", "-f", "json", "-o", "out.json"],
        ["validate"],
        ["export", "csv", "-o", "tables"],
        ["export", "project", "-o", "out.qdpx"],
    ],
)
def test_links_inside_folders_are_not_followed_and_named(run, study, tmp_path, command):
    file_link, folder_link = _links(study, tmp_path)
    result = run(*command)
    assert result.exit_code == 0, result.stderr
    assert stderr_lines(result)[:2] == [
        f"jimcode: warning: {file_link}: {NOT_FOLLOWED}",
        f"jimcode: warning: {folder_link}: {NOT_FOLLOWED}",
    ]


def test_a_link_named_on_the_command_line_is_read(run, study, tmp_path):
    file_link, _ = _links(study, tmp_path)
    result = run("summary", file_link, "-f", "json", "-o", "out.json")
    assert result.exit_code == 0, result.stderr
    assert NOT_FOLLOWED not in result.stderr
    assert json.loads((study / "out.json").read_text("utf-8"))["files"]["records_read"] == 1


# -- which codebook --------------------------------------------------------------------------------

OTHER_CODEBOOK = CODEBOOK.replace("title: A tiny codebook", "title: Another edition")


def _tiny_records(folder: Path, codebook_path: str | None) -> list[Path]:
    return presence_records(
        folder, {"anna": [["ask-parent"], []], "ben": [["ask-parent"], ["ask-child"]]}, codebook_path=codebook_path
    )


def _retrieved_codebook(run, tmp_path: Path, *args: str | Path) -> tuple[str, str]:
    out = tmp_path / "retrieved.json"
    result = run("retrieve", "ask-parent", *args, "--format", "json", "--output", out)
    assert result.exit_code == 0, result.stderr
    codebook = json.loads(out.read_text("utf-8"))["codebook"]
    return codebook["title"], codebook["language"]


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_an_explicit_codebook_comes_first(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_codebook(tmp_path / "study")
    coded = tmp_path / "study" / "coded"
    _tiny_records(coded, "../tiny.yaml")
    other = _write(tmp_path / "other.yaml", OTHER_CODEBOOK)
    assert _retrieved_codebook(run, tmp_path, coded, "--codebook", other) == ("Another edition", "en")
    result = run("export", "csv", coded, "--codebook", other, "--output", tmp_path / "tables")
    assert stderr_lines(result)[0] == (
        f"jimcode: warning: {tmp_path / 'tables'}: {other} (version 1) is not the file 2 record(s) were coded with "
        "(version 1, another sha256); codes and labels are taken from it"
    )


def test_the_path_a_record_names_is_tried_as_given(run, tmp_path, monkeypatch):
    work = tmp_path / "work"
    _write(work / "books" / "tiny.yaml", CODEBOOK)
    coded = tmp_path / "records"
    _tiny_records(coded, "books/tiny.yaml")
    monkeypatch.chdir(work)
    assert _retrieved_codebook(run, tmp_path, coded) == ("A tiny codebook", "en")


def test_the_path_a_record_names_is_tried_from_its_folder_and_parents(run, tmp_path, monkeypatch):
    write_codebook(tmp_path / "study")
    coded = tmp_path / "study" / "coded" / "wave-1"
    _tiny_records(coded, "tiny.yaml")  # beside the records it is not; two folders up it is
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert _retrieved_codebook(run, tmp_path, coded) == ("A tiny codebook", "en")


def test_the_study_folders_codebook_is_used_when_the_record_names_none(run, tmp_path, monkeypatch):
    study = tmp_path / "study"
    _write(study / "jimcode.yaml", "codebook: books/tiny.yaml\n")
    _write(study / "books" / "tiny.yaml", CODEBOOK)
    _tiny_records(study / "coded", None)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert _retrieved_codebook(run, tmp_path, study / "coded") == ("A tiny codebook", "en")


def test_the_shipped_codebook_is_found_by_id(run, tmp_path, monkeypatch):
    coded = tmp_path / "coded"
    coded.mkdir()
    shutil.copyfile(EXAMPLES / "case-02-sem.anna.json", coded / "case-02-sem.anna.json")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "r.json"
    assert run("retrieve", "RQ1", coded, "-f", "json", "-o", out).exit_code == 0
    assert json.loads(out.read_text("utf-8"))["codebook"]["language"] == "nl"


def test_a_file_with_the_records_sha256_wins_over_one_with_the_id_alone(run, tmp_path, monkeypatch):
    # the record names ../../codebooks/jim-12min.nl.yaml; there lies the English edition (same id, other sha256),
    # while the shipped Dutch one is the file it was coded with
    coded = tmp_path / "study" / "coded"
    coded.mkdir(parents=True)
    shutil.copyfile(EXAMPLES / "case-02-sem.anna.json", coded / "case-02-sem.anna.json")
    _write(tmp_path / "codebooks" / "jim-12min.nl.yaml", (SHIPPED / "jim-12min.en.yaml").read_text("utf-8"))
    monkeypatch.chdir(tmp_path / "study")
    out = tmp_path / "r.json"
    assert run("retrieve", "RQ1", coded, "-f", "json", "-o", out).exit_code == 0
    assert json.loads(out.read_text("utf-8"))["codebook"]["language"] == "nl"
    tables = run("export", "csv", coded, "--output", tmp_path / "tables")
    assert tables.exit_code == 0 and "another sha256" not in tables.stderr


def test_a_codebook_with_the_id_alone_is_used_with_a_warning(run, tmp_path, monkeypatch):
    study = tmp_path / "study"
    other = _write(study / "tiny.yaml", OTHER_CODEBOOK)
    _tiny_records(study / "coded", "../tiny.yaml")
    monkeypatch.chdir(tmp_path)
    result = run("agreement", study / "coded", "--format", "json", "--output", tmp_path / "a.json")
    assert result.exit_code == 0, result.stderr
    assert stderr_lines(result)[0] == (
        f"jimcode: warning: {other} (version 1) is not the file 2 record(s) were coded with "
        "(version 1, another sha256); codes and labels are taken from it"
    )


def test_records_of_different_codebooks_are_refused_where_one_is_needed(run, tmp_path, monkeypatch):
    write_codebook(tmp_path)
    coded = tmp_path / "coded"
    _tiny_records(coded, "../tiny.yaml")
    shutil.copyfile(EXAMPLES / "case-02-sem.anna.json", coded / "case-02-sem.anna.json")
    monkeypatch.chdir(tmp_path)
    for command in (["agreement", coded], ["export", "csv", coded, "-o", tmp_path / "t"]):
        result = run(*command)
        assert result.exit_code == 1
        assert stderr_lines(result) == [
            "jimcode: error: the records were coded with different codebooks (jim-12min, tiny); "
            "give those of one codebook at a time"
        ]


# -- duplicates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [["agreement"], ["export", "csv", "-o", "tables"], ["export", "project", "-o", "p.qdpx"], ["reconcile", "-o", "c"]],
)
def test_a_record_given_twice_is_refused_naming_both_files(run, tmp_path, monkeypatch, command):
    write_codebook(tmp_path)
    coded = tmp_path / "coded"
    first, _ = _tiny_records(coded, "../tiny.yaml")
    twin = save(coded / "wave-2", make_record("anna", [segment(0, ["ask-parent"]), segment(1, [])]))
    monkeypatch.chdir(tmp_path)
    result = run(*command, coded)
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        f"jimcode: error: {twin}: transcript 'case-a' coded by 'anna' is also in {first}; pass each record once"
    ]


# -- validate looks where summary looks ------------------------------------------------------------


def test_validate_finds_the_codebook_where_summary_does(run, tmp_path, monkeypatch):
    # the path the record names leads nowhere here and there is no study folder: the shipped codebook by id
    record = json.loads((EXAMPLES / "case-02-sem.anna.json").read_text("utf-8"))
    record["segments"][1]["codes"] = ["no-such-code"]
    path = tmp_path / "coded" / "case-02-sem.anna.json"
    _write(path, json.dumps(record, ensure_ascii=False, indent=2))
    monkeypatch.chdir(tmp_path)
    result = run("validate", path)
    assert result.exit_code == 1
    lines = path.read_text("utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, start=1) if '"no-such-code"' in text)
    assert result.stdout.splitlines() == [
        f"{path}:{line}: error[unknown-code]: code 'no-such-code' is not in the codebook (applied in s002)"
    ]


# -- the listing: name order, files and folders alike, kept compact --------------------------------


def test_a_folder_is_listed_in_name_order_with_its_journals_and_links(tmp_path):
    from jimcode.corpus import list_records

    root = tmp_path / "coded"
    for name in ["b.json", "a.json", "m/c.json", "m/n/d.json", "z.json", "m.json", "c.JSON", ".hidden.json"]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("{}", encoding="utf-8")
    (root / ".secret").mkdir()
    (root / ".secret" / "e.json").write_text("{}", encoding="utf-8")
    (root / "b.json.journal").write_text("", encoding="utf-8")
    (root / "m" / "n" / "d.json.journal").write_text("", encoding="utf-8")
    (root / "notes.txt").write_text("", encoding="utf-8")
    (root / "l.json").symlink_to(root / "a.json")
    listing = list_records([root, tmp_path / "given.json"])
    expected = [
        root / "a.json",
        root / "b.json",
        root / "c.JSON",
        root / "m" / "c.json",
        root / "m" / "n" / "d.json",
        root / "m.json",
        root / "z.json",
        tmp_path / "given.json",
    ]
    assert list(listing.files) == [str(path) for path in expected]
    assert len(listing.files) == 8
    assert [listing.files[3], listing.files[-1]] == [str(expected[3]), str(expected[-1])]
    assert listing.journals == {str(root / "b.json"), str(root / "m" / "n" / "d.json")}
    assert listing.warnings == [f"{root / 'l.json'}: {NOT_FOLLOWED}"]


# -- every command reads a record alike: the same records accepted, the same words for one refused ------

BROKEN = {
    "empty": ("", "error[empty]: empty file, not a coded record"),
    "codes-not-a-list": (None, "error[bad-record]: segments.2: codes: expected a list of code ids"),
}


@pytest.mark.parametrize("broken", sorted(BROKEN))
def test_a_broken_record_is_refused_in_the_same_words_by_every_command(run, study, broken):
    text, said = BROKEN[broken]
    if text is None:
        record = json.loads((EXAMPLES / "case-05-daan.anna.json").read_text("utf-8"))
        record["segments"][2]["codes"] = "request-parent"
        text = json.dumps(record, indent=2)
    bad = _write(study / "coded" / "broken.json", text)
    line = text.splitlines().index('      "codes": "request-parent",') + 1 if broken != "empty" else 0
    where = f"coded/broken.json:{line}" if line else "coded/broken.json"
    first_lines = {}
    for command in (
        ["summary", "--format", "json"],
        ["retrieve", "RQ1", "--format", "json"],
        ["agreement", "--format", "json"],
        ["export", "csv", "-o", "tables"],
        ["export", "project", "-o", "study.qdpx"],
        ["reconcile", "--out", "consensus.json"],
    ):
        result = run(*command, "coded/broken.json", "coded")
        assert result.exit_code == 1, (command, result.stderr)
        first_lines[command[0] if command[0] != "export" else " ".join(command[:2])] = stderr_lines(result)[0]
    assert bad.exists()
    reported = f"jimcode: error: {where}: {said}"
    assert first_lines == {
        "summary": f"{reported} (skipped)",
        "retrieve": f"{reported} (skipped)",
        "agreement": reported,
        "export csv": reported,
        "export project": reported,
        "reconcile": reported,
    }
    assert not (study / "consensus.json").exists()
