"""`retrieve` and `export csv` on examples/coded are byte for byte what they were before they streamed.

The files under tests/data/golden/streamed were written by the CLI before `retrieve` wrote its
result as it went and `export csv` read its records once (issue 14). A deliberate change to one
of these outputs regenerates them: `PYTHONPATH=. python tests/test_streamed_outputs.py` (from the
checkout's root) runs every case below and writes its output there.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "golden" / "streamed"
CODED = "examples/coded"  # relative: the outputs name record files as they were given

# (golden file, arguments, JIMCODE_LANG or None); the output goes to `--output` (a file: tables 120 wide)
RETRIEVE_CASES: list[tuple[str, list[str], str | None]] = [
    ("gatekeeper.txt", ["parents-gatekeeper", CODED, "--format", "table"], None),
    ("gatekeeper.md", ["parents-gatekeeper", CODED, "--format", "markdown"], None),
    ("gatekeeper.json", ["parents-gatekeeper", CODED, "--format", "json"], None),
    ("gatekeeper.csv", ["parents-gatekeeper", CODED, "--format", "csv"], None),
    ("gatekeeper.excel.csv", ["parents-gatekeeper", CODED, "--format", "csv", "--excel"], None),
    ("gatekeeper.html", ["parents-gatekeeper", CODED, "--format", "html"], None),
    ("gatekeeper.context.json", ["parents-gatekeeper", CODED, "-C", "1", "--format", "json"], None),
    ("gatekeeper.context.csv", ["parents-gatekeeper", CODED, "-C", "2", "--format", "csv"], None),
    ("gatekeeper.context.md", ["parents-gatekeeper", CODED, "-C", "1", "--format", "markdown"], None),
    ("gatekeeper.en.json", ["parents-gatekeeper", CODED, "--format", "json"], "en"),
    ("rq4.json", ["RQ4", CODED, "--format", "json"], None),
    ("rq4.by-phase.json", ["RQ4", CODED, "--by", "developmental_phase", "--format", "json"], None),
    ("rq4.by-phase.csv", ["RQ4", CODED, "--by", "developmental_phase", "--format", "csv"], None),
    ("rq4.by-phase.md", ["RQ4", CODED, "--by", "developmental_phase", "--format", "markdown"], None),
    ("rq4.by-signals.json", ["RQ4", CODED, "--by", "parent_signals", "--format", "json"], None),
    ("rq4.by-age.json", ["RQ4", CODED, "--by", "child_age", "--format", "json"], None),
    ("rq1.complete.json", ["RQ1", CODED, "--complete-only", "--format", "json"], None),
    ("rq1.bram.json", ["RQ1", CODED, "--coder", "bram", "--format", "json"], None),
    ("rq1.noah.json", ["RQ1", CODED, "--case", "Noah", "--format", "json"], None),
    ("h1.json", ["H1", CODED, "--format", "json"], None),
    ("h1.contradicts.json", ["H1", CODED, "--stance", "contradicts", "--format", "json"], None),
    ("h1.by-phase.md", ["H1", CODED, "--by", "developmental_phase", "--format", "markdown"], None),
    ("h1.csv", ["H1", CODED, "--format", "csv"], None),
    ("gatekeeper.by-label.exact.json", ["Ouders als POORTWACHTER", CODED, "--exact", "--format", "json"], None),
    ("pw.md", ["pw", CODED, "--format", "markdown"], None),
    ("nothing.json", ["parents-gatekeeper", CODED, "--case", "nobody", "--format", "json"], None),
    ("nothing.csv", ["parents-gatekeeper", CODED, "--case", "nobody", "--format", "csv"], None),
]

# (golden folder, arguments after the records and before -o)
EXPORT_CSV_CASES: list[tuple[str, list[str]]] = [
    ("csv-excel", ["--excel"]),
    ("csv-complete-only", ["--complete-only"]),
]
TABLES = ("codings.csv", "cases.csv", "evidence.csv")


def _invoke(args: list[str], language: str | None) -> None:
    from jimcode.cli import app

    env: dict[str, str | None] = {name: None for name in ("JIMCODE_LANG", "LANG", "LC_ALL", "LC_MESSAGES")}
    env["JIMCODE_LANG"] = language
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output


def varied_records(folder: Path) -> Path:
    """The examples with what changes the tables' columns record by record: one record answers an
    attribute the codebook does not declare and leaves one out, another gives a verdict on a
    hypothesis the codebook does not have; the files are named so that their order is not the
    transcripts' order."""
    folder.mkdir(parents=True)
    records = sorted((ROOT / CODED).glob("*.json"))
    names = [f"{number:03d}.json" for number in range(len(records))]
    random.Random(14).shuffle(names)
    codebook = ROOT / "codebooks" / "jim-12min.nl.yaml"
    for record, name in zip(records, names, strict=True):
        data = json.loads(record.read_text(encoding="utf-8"))
        data["codebook"]["path"] = str(codebook)
        if record.name == "case-03-lotte.bram.json":
            data["attributes"].pop("child_age", None)
            data["attributes"]["zz_extra"] = "ja, ook"
        if record.name == "case-05-daan.anna.json":
            data["verdicts"].append({"hypothesis": "H9", "verdict": "mixed", "note": "=niet in het codeboek"})
        (folder / name).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return folder


def without_codebook(folder: Path) -> Path:
    """`varied_records` naming a codebook that is nowhere to be found: the tables come out without it."""
    varied_records(folder)
    for path in folder.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["codebook"].update(id="lost-book", path="nowhere.yaml")
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return folder


DERIVED_CSV_CASES = {"csv-varied": varied_records, "csv-no-codebook": without_codebook}


@pytest.fixture
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize(("golden", "args", "language"), RETRIEVE_CASES, ids=[c[0] for c in RETRIEVE_CASES])
def test_retrieve_output_is_unchanged(run, at_root, tmp_path, monkeypatch, golden, args, language):
    if language:
        monkeypatch.setenv("JIMCODE_LANG", language)
    out = tmp_path / golden
    result = run("retrieve", *args, "--output", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (GOLDEN / golden).read_bytes()


@pytest.mark.parametrize(("golden", "args"), EXPORT_CSV_CASES, ids=[c[0] for c in EXPORT_CSV_CASES])
def test_export_csv_with_options_is_unchanged(run, at_root, tmp_path, golden, args):
    result = run("export", "csv", CODED, *args, "-o", tmp_path / "tables")
    assert result.exit_code == 0, result.output
    for name in TABLES:
        assert (tmp_path / "tables" / name).read_bytes() == (GOLDEN / golden / name).read_bytes(), name


@pytest.mark.parametrize("golden", sorted(DERIVED_CSV_CASES))
def test_export_csv_of_records_with_columns_of_their_own_is_unchanged(run, tmp_path, golden):
    folder = DERIVED_CSV_CASES[golden](tmp_path / "records")
    result = run("export", "csv", folder, "-o", tmp_path / "tables")
    assert result.exit_code == 0, result.output
    for name in TABLES:
        assert (tmp_path / "tables" / name).read_bytes() == (GOLDEN / golden / name).read_bytes(), name


def test_export_csv_does_not_depend_on_the_names_of_the_record_files(run, tmp_path):
    """Rows come in transcript order whatever order the files are read in: a shuffled copy gives the
    tables of examples/coded (tests/data/golden/*.csv)."""
    records = sorted((ROOT / CODED).glob("*.json"))
    shuffled = tmp_path / "shuffled"
    shuffled.mkdir()
    names = [f"{number:03d}.json" for number in range(len(records))]
    random.Random(3).shuffle(names)
    for record, name in zip(records, names, strict=True):
        data = json.loads(record.read_text(encoding="utf-8"))
        data["codebook"]["path"] = str(ROOT / "codebooks" / "jim-12min.nl.yaml")
        (shuffled / name).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    result = run("export", "csv", shuffled, "-o", tmp_path / "tables")
    assert result.exit_code == 0, result.output
    for name in TABLES:
        assert (tmp_path / "tables" / name).read_bytes() == (GOLDEN.parent / name).read_bytes(), name


def _regenerate() -> None:
    import os
    import tempfile

    os.chdir(ROOT)
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for golden, args, language in RETRIEVE_CASES:
        _invoke(["retrieve", *args, "--output", str(GOLDEN / golden)], language)
    for golden, args in EXPORT_CSV_CASES:
        _invoke(["export", "csv", CODED, *args, "-o", str(GOLDEN / golden)], None)
    for golden, make in DERIVED_CSV_CASES.items():
        with tempfile.TemporaryDirectory() as scratch:
            folder = make(Path(scratch) / "records")
            _invoke(["export", "csv", str(folder), "-o", str(GOLDEN / golden)], None)
    for path in sorted(GOLDEN.rglob("*")):
        if path.is_file():
            print(path.relative_to(ROOT))
    shutil.rmtree(GOLDEN / "__pycache__", ignore_errors=True)


if __name__ == "__main__":
    _regenerate()


@pytest.mark.parametrize("golden", ["rq4.by-signals.json", "gatekeeper.context.csv"])
def test_retrieve_writes_the_same_to_stdout(run, at_root, golden):
    args = next(args for name, args, _ in RETRIEVE_CASES if name == golden)
    result = run("retrieve", *args)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == (GOLDEN / golden).read_bytes()


@pytest.mark.parametrize("golden", ["rq4.by-signals.json", "gatekeeper.context.csv", "rq4.by-phase.md"])
def test_retrieve_matches_read_back_from_a_file_beside_the_output(run, at_root, tmp_path, monkeypatch, golden):
    """With a spill that holds almost nothing in memory, the matches go through a temporary file in the
    output's folder, which is gone afterwards; the output is the same."""
    from jimcode.summary import retrieve

    monkeypatch.setattr(retrieve, "_SPILL_IN_MEMORY", 100)
    args = next(args for name, args, _ in RETRIEVE_CASES if name == golden)
    out = tmp_path / "out" / golden
    out.parent.mkdir()
    result = run("retrieve", *args, "--output", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (GOLDEN / golden).read_bytes()
    assert [path.name for path in out.parent.iterdir()] == [golden]


@pytest.mark.parametrize("golden", ["rq4.by-signals.json", "gatekeeper.context.csv", "rq4.by-phase.md", "h1.csv"])
def test_retrieve_to_stdout_reads_records_again_beyond_what_it_keeps_in_memory(run, at_root, monkeypatch, golden):
    """To stdout no temporary file is written: beyond what is kept in memory (here the first record's
    matches), the records holding the rest are read again as they are written (the next test shows
    that they are); the output is the same."""
    from jimcode.summary import retrieve

    monkeypatch.setattr(retrieve, "_SPILL_IN_MEMORY", 100)
    args = next(args for name, args, _ in RETRIEVE_CASES if name == golden)
    result = run("retrieve", *args)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == (GOLDEN / golden).read_bytes()


@pytest.mark.parametrize("change", ["edited", "removed"])
def test_a_record_changed_before_its_matches_are_read_again_is_an_error(tmp_path, monkeypatch, change):
    from jimcode.errors import InvalidFileError
    from jimcode.render.retrieve_formats import write_json
    from jimcode.summary import retrieve

    monkeypatch.setattr(retrieve, "_SPILL_IN_MEMORY", 0)  # every record's matches are read again
    folder = tmp_path / "coded"
    shutil.copytree(ROOT / CODED, folder)
    options = retrieve.RetrieveOptions(codebook=ROOT / "codebooks" / "jim-12min.nl.yaml")
    written: list[bytes] = []
    with retrieve.retrieving("RQ4", [folder], options) as found:
        changed = folder / "case-02-sem.anna.json"
        if change == "removed":
            changed.unlink()
        else:
            record = json.loads(changed.read_text(encoding="utf-8"))
            record["segments"][0]["memo"] = "added after the matches were counted"
            changed.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
        with pytest.raises(InvalidFileError) as raised:
            write_json(found, written.append)
    problem = raised.value.diagnostics[0]
    assert (Path(problem.file).name, problem.code) == ("case-02-sem.anna.json", "changed")
    assert problem.message == "the record changed while it was read; run again"


@pytest.mark.usefixtures("english_words")
def test_export_csv_reads_again_when_the_whole_set_leads_to_another_codebook(run, tmp_path):
    """The first record names a codebook file edited since (another sha256); the second names the file it
    was coded with. The whole set chooses the latter, as `--codebook` naming it would: the rows written
    while reading, with the first record's choice, are not used."""
    shipped = ROOT / "codebooks" / "jim-12min.nl.yaml"
    folder = tmp_path / "records"
    folder.mkdir()
    edited = tmp_path / "edited.yaml"
    text = shipped.read_text(encoding="utf-8")
    assert "label: Ouders als poortwachter" in text
    edited.write_text(text.replace("label: Ouders als poortwachter", "label: GEWIJZIGD"), encoding="utf-8")
    kept = tmp_path / "kept.yaml"
    shutil.copyfile(shipped, kept)
    for name, path, sha in (
        ("a.json", edited, "0" * 64),
        ("b.json", kept, None),
    ):
        source = "case-01-noah.anna.json" if name == "a.json" else "case-02-sem.anna.json"
        data = json.loads((ROOT / CODED / source).read_text(encoding="utf-8"))
        data["codebook"]["path"] = str(path)
        if sha:
            data["codebook"]["sha256"] = sha
        (folder / name).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    result = run("export", "csv", folder, "-o", tmp_path / "tables")
    assert result.exit_code == 0, result.output
    assert "is not the file 1 record(s) were coded with" in result.stderr
    named = run("export", "csv", folder, "--codebook", kept, "-o", tmp_path / "named")
    assert named.exit_code == 0, named.output
    codings = (tmp_path / "tables" / "codings.csv").read_text(encoding="utf-8")
    assert "GEWIJZIGD" not in codings
    applied = sum(
        segment["codes"].count("parents-gatekeeper")
        for source in ("case-01-noah.anna.json", "case-02-sem.anna.json")
        for segment in json.loads((ROOT / CODED / source).read_text(encoding="utf-8"))["segments"]
    )
    assert applied and codings.count(",parents-gatekeeper,Ouders als poortwachter,") == applied
    for name in TABLES:
        assert (tmp_path / "tables" / name).read_bytes() == (tmp_path / "named" / name).read_bytes(), name


NASTY = ["", "plain", 'a "quoted" <tag> & more', "tab\there", "line\nbreak\r\nand\rcarriage", "é ∑ 😊", "  two  ", "0"]


@pytest.mark.parametrize("text", NASTY)
def test_the_project_elements_are_serialised_as_elementtree_serialises_them(text):
    """`export project` writes its cases, sources and notes without ElementTree; every character that
    needs escaping, in text and in attributes, comes out as ElementTree (indented) writes it."""
    import io
    import xml.etree.ElementTree as ET

    from jimcode.refi import project_out

    node = project_out._Node("Case", {"guid": "ABC-1", "name": text})
    node.add("Description", {}, text)
    value = node.add("VariableValue", {})
    value.add("VariableRef", {"targetGUID": text})
    value.add("TextValue", {}, text)
    node.add("SourceRef", {"targetGUID": "X", "note": text}).add("Deeper", {"a": text}, text)
    fast = io.BytesIO()
    project_out._write_node(fast, node, 2)

    element = ET.Element("Case", {"guid": "ABC-1", "name": text})
    ET.SubElement(element, "Description").text = text
    holder = ET.SubElement(element, "VariableValue")
    ET.SubElement(holder, "VariableRef", {"targetGUID": text})
    ET.SubElement(holder, "TextValue").text = text
    reference_to = ET.SubElement(element, "SourceRef", {"targetGUID": "X", "note": text})
    ET.SubElement(reference_to, "Deeper", {"a": text}).text = text
    reference = io.BytesIO()
    project_out._write_element(reference, element, 2)
    assert fast.getvalue() == reference.getvalue()


@pytest.mark.parametrize("excel", [False, True])
def test_the_tables_quote_fields_as_the_csv_module_does(tmp_path, excel):
    """`export csv` joins the rows of codings.csv and evidence.csv itself; every field comes out as
    `csv.writer` writes it in the tables' dialect (random fields of the characters that matter)."""
    import csv
    import io

    from jimcode.render.tidy_csv import TidyTables

    pieces = [",", ";", '"', "\r", "\n", "\r\n", " ", "'", "a", "é", "😊", "\t", "\x00", "=", "", "1,5"]
    generator = random.Random(7)
    with TidyTables(None, tmp_path, excel=excel) as tables:
        for _ in range(3000):
            fields = ["".join(generator.choices(pieces, k=generator.randint(0, 6))) for _ in range(4)]
            expected = io.StringIO()
            csv.writer(expected, delimiter=";" if excel else ",", lineterminator="\r\n").writerow(fields)
            assert ";,"[not excel].join(map(tables._field, fields)) + "\r\n" == expected.getvalue(), fields


def test_an_output_in_a_folder_to_be_made_spills_into_the_nearest_folder(run, at_root, tmp_path, monkeypatch):
    """Temporary files (spills that hold almost nothing in memory here; the tables' pending files, made
    in their folder) leave nothing behind."""
    from jimcode.summary import retrieve

    monkeypatch.setattr(retrieve, "_SPILL_IN_MEMORY", 100)
    out = tmp_path / "new" / "deeper" / "rq4.json"
    result = run("retrieve", "RQ4", CODED, "--format", "json", "--output", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (GOLDEN / "rq4.json").read_bytes()
    tables = tmp_path / "other" / "tables"
    result = run("export", "csv", CODED, "-o", tables)
    assert result.exit_code == 0, result.output
    for name in TABLES:
        assert (tables / name).read_bytes() == (GOLDEN.parent / name).read_bytes(), name
    assert sorted(path.name for path in tmp_path.rglob("*")) == sorted(
        ["new", "deeper", "rq4.json", "other", "tables", *TABLES]
    )
