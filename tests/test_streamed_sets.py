"""Commands that read a record set one record at a time: what they remember between records, and what they leave."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "coded" / "case-01-noah.anna.json"
SHIPPED = ROOT / "codebooks" / "jim-12min.nl.yaml"


def _record(folder: Path, name: str, transcript_id: str, codebook: Path) -> Path:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["codebook"]["path"] = str(codebook)
    data["transcript"]["id"] = transcript_id
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def test_validate_reads_a_codebook_once_and_still_reports_it_for_every_record_that_names_it(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [unclosed\n", encoding="utf-8")
    good = tmp_path / "good.yaml"
    shutil.copyfile(SHIPPED, good)
    coded = tmp_path / "coded"
    coded.mkdir()
    _record(coded, "a.json", "t-a", bad)
    _record(coded, "b.json", "t-b", good)
    _record(coded, "c.json", "t-c", bad)
    result = run("validate", coded)
    assert result.exit_code == 0, result.output
    skipped = f"warning[codebook-skipped]: {bad}: not a valid codebook (see `jimcode validate`); looked further"
    line = _line_of(coded / "a.json", '"codebook": {')  # the finding points at the record's codebook
    assert result.stdout.splitlines() == [
        f"{coded / 'a.json'}:{line}: {skipped}",
        f"{coded / 'c.json'}:{line}: {skipped}",
    ]


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_export_project_leaves_nothing_but_the_project_beside_it(run, tmp_path):
    out = tmp_path / "out"
    result = run("export", "project", ROOT / "examples" / "coded", "-o", out / "study.qdpx")
    assert result.exit_code == 0, result.output
    assert [path.name for path in out.iterdir()] == ["study.qdpx"]
    with zipfile.ZipFile(out / "study.qdpx") as archive:
        assert archive.testzip() is None
        assert archive.namelist()[0] == "project.qde"
        assert len(archive.namelist()) == 1 + 8  # the project and a source per transcript


def test_export_csv_of_a_broken_record_writes_no_table(run, tmp_path):
    coded = tmp_path / "coded"
    coded.mkdir()
    _record(coded, "a.json", "t-a", SHIPPED)
    (coded / "b.json").write_text('{"format_version": 1, "segments": [', encoding="utf-8")
    result = run("export", "csv", coded, "-o", tmp_path / "tables")
    assert result.exit_code == 1
    assert "b.json" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "tables").exists() or not any((tmp_path / "tables").iterdir())


def test_a_record_read_as_a_struct_then_made_a_model_is_the_record_the_model_reads():
    """Commands that change records (reconcile) read them as the reports do, then make the model of them."""
    from jimcode.records.model import parse_record
    from jimcode.records.stream import as_model, read_record_data

    for path in sorted((ROOT / "examples" / "coded").glob("*.json")):
        model = parse_record(path.read_text(encoding="utf-8"), str(path))
        assert as_model(read_record_data(str(path))) == model, path.name


@pytest.mark.parametrize(("command", "options"), [(("agreement",), ()), (("export", "csv"), ("-o", "tables"))])
def test_the_reports_quick_read_refuses_nan_as_validate_does(run, tmp_path, monkeypatch, command, options):
    coded = tmp_path / "coded"
    coded.mkdir()
    for coder in ("anna", "bram"):
        _record(coded, f"t-a.{coder}.json", "t-a", SHIPPED)
    broken = coded / "t-a.bram.json"
    data = json.loads(broken.read_text(encoding="utf-8"))
    data["coder"] = "bram"
    broken.write_text(json.dumps(data, indent=2).replace('"child_age": 13', '"child_age": NaN'), encoding="utf-8")
    line = _line_of(broken, "NaN")
    monkeypatch.chdir(tmp_path)
    result = run(*command, coded, *options)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"jimcode: error: {broken}:{line}:{_line_column(broken, 'NaN')}: error[bad-json]: "
        "invalid JSON: NaN is not a number JSON allows"
    )


def _line_column(path: Path, text: str) -> int:
    line = path.read_text(encoding="utf-8").splitlines()[_line_of(path, text) - 1]
    return line.index(text) + 1


def test_a_format_version_the_model_would_take_for_1_is_still_refused(run, tmp_path):
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    for value, shown in ((True, "true"), (1.0, "1.0")):
        data["format_version"] = value
        path = tmp_path / f"v-{shown}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        result = run("validate", path)
        assert result.exit_code == 1, shown
        assert result.stdout.startswith(f"{path}:1:1: error[format-version]: record format version "), result.stdout


def test_stable_guids_are_the_uuid5_of_their_parts():
    import uuid

    from jimcode.refi.qdaxml import JIMCODE_GUID_NAMESPACE, stable_guid

    for parts in [("user", "anna"), ("segment", "case-01-noah", "s001"), ("coding", "ë€𝄞", "", "x\x1fy"), ("",)]:
        assert stable_guid(*parts) == str(uuid.uuid5(JIMCODE_GUID_NAMESPACE, "\x1f".join(parts))).upper(), parts


def _copies(folder: Path, copies: int) -> Path:
    """`copies` copies of examples/coded, each with its own transcript ids (so agreement compares them all)."""
    for number in range(copies):
        target = folder / f"c{number:03d}"
        target.mkdir(parents=True)
        for path in sorted((ROOT / "examples" / "coded").glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            data["codebook"]["path"] = str(SHIPPED)
            data["transcript"]["id"] += f"-c{number:03d}"
            (target / path.name).write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "command",
    [
        ["summary", "--format", "json"],
        ["retrieve", "RQ4", "--format", "json"],
        ["retrieve", "RQ4", "--format", "json", "-o", "{out}/rq4.json"],
        ["agreement", "--format", "json"],
        ["export", "csv", "-o", "{out}/tables"],
        ["export", "project", "-o", "{out}/study.qdpx"],
    ],
    ids=lambda command: " ".join(command[:2]) + (" -o" if "-o" in command and command[0] == "retrieve" else ""),
)
def test_reading_a_record_set_leaves_no_reference_cycles_per_record(run, tmp_path, command):
    """The cycle collector is off while records are read (JSON is a tree): anything that leaves a
    reference cycle per record there grows memory with the corpus until the end (`json.dumps` with an
    indent did, 384 MiB at 100,000 records). What is left for the collector must not grow with the records."""
    import gc

    small, large = _copies(tmp_path / "small", 1), _copies(tmp_path / "large", 4)
    out = tmp_path / "out"
    left = []
    for folder in (small, small, large):
        gc.collect()
        gc.disable()
        try:
            result = run(*[part.replace("{out}", str(out)) for part in command], folder, "--codebook", SHIPPED)
            left.append(gc.collect())
        finally:
            gc.enable()
        assert result.exit_code == 0, result.output
    assert left[2] <= left[1] + 50, left  # the first run also makes what is made once (codebook, models)
