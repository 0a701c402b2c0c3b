"""`export csv` reads its records in the tables' order, so that in-order tables are written once.

The order comes from the first bytes of each record file (`records.stream.record_key`): a hint,
checked as the records are added. Records in order and in the codebook's columns make the pending
files the tables themselves; any other set is written from them, with the same bytes.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jimcode.cli.app import app
from jimcode.codebook.model import load_codebook
from jimcode.records.stream import read_record_data, record_key
from jimcode.render.tidy_csv import TidyTables

ROOT = Path(__file__).resolve().parent.parent
CODED = ROOT / "examples" / "coded"
CODEBOOK = ROOT / "codebooks" / "jim-12min.nl.yaml"
GOLDEN = ROOT / "tests" / "data" / "golden"
TABLES = ("codings.csv", "cases.csv", "evidence.csv")


def _example() -> dict:
    return json.loads((CODED / "case-01-noah.anna.json").read_text(encoding="utf-8"))


def _jimcode_layout(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _compact(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _indent_four(data: dict) -> str:
    return json.dumps(data, ensure_ascii=True, indent=4)


def _segments_first(data: dict) -> str:
    """A valid record whose transcript and coder come after its segments, past any head read."""
    return json.dumps({"segments": data["segments"], **{k: v for k, v in data.items() if k != "segments"}}, indent=2)


LAYOUTS = {"jimcode": _jimcode_layout, "compact": _compact, "indent-4": _indent_four, "segments-first": _segments_first}


@pytest.mark.parametrize("layout", ["jimcode", "compact", "indent-4"])
def test_the_key_is_read_from_the_head_of_a_record_in_any_layout(layout):
    data = _example()
    data["transcript"]["id"] = 'naam "met" \\ tekens, é en 😊'
    data["coder"] = "Ånna\tB"
    head = LAYOUTS[layout](data).encode("utf-8")[:4096]
    assert record_key(head) == ('naam "met" \\ tekens, é en 😊', "Ånna\tB")


@pytest.mark.parametrize(
    "head",
    [
        b"",
        b"not json at all",
        b'x{"format_version": 3, "transcript": {"id": "a"}, "coder": "anna"}',  # not JSON from the start
        b"[1, 2, 3]",
        b'{"format_version": 3, "coder": 7, "transcript": {"id": "a"}}',  # a coder that is not text
        b'{"format_version": 3, "coder": "anna", "transcript": ["a"]}',  # a transcript that is no object
        b'{"format_version": 3 "transcript": {"id": "a"}, "coder": "anna"}',  # a comma missing
        b'{"format_version": 3, "transcript": {"id": "a"}}',  # no coder before the end
    ],
)
def test_a_head_without_a_key_gives_none(head):
    assert record_key(head) is None


@pytest.mark.parametrize("cut", [1, 40, 120, 400])
def test_a_head_cut_before_the_coder_gives_none(cut):
    text = _jimcode_layout(_example()).encode("utf-8")
    assert text.index(b'"coder"') > 400
    assert record_key(text[:cut]) is None


def test_a_record_whose_key_comes_after_its_segments_gives_none_from_its_head():
    assert record_key(_segments_first(_example()).encode("utf-8")[:4096]) is None


def _study(folder: Path, layout: str, seed: int) -> Path:
    """examples/coded in `layout`, under shuffled names (listing order is not the tables' order)."""
    records = sorted(CODED.glob("*.json"))
    names = [f"{number:03d}.json" for number in range(len(records))]
    random.Random(seed).shuffle(names)
    folder.mkdir(parents=True)
    for record, name in zip(records, names, strict=True):
        data = json.loads(record.read_text(encoding="utf-8"))
        data["codebook"]["path"] = str(CODEBOOK)
        (folder / name).write_text(LAYOUTS[layout](data), encoding="utf-8")
    return folder


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_export_csv_writes_the_same_tables_whatever_the_layout_and_names_of_the_files(tmp_path, layout):
    folder = _study(tmp_path / "records", layout, seed=11)
    result = CliRunner().invoke(app, ["export", "csv", str(folder), "-o", str(tmp_path / "tables")])
    assert result.exit_code == 0, result.output
    for name in TABLES:
        assert (tmp_path / "tables" / name).read_bytes() == (GOLDEN / name).read_bytes(), name
    assert sorted(os.listdir(tmp_path / "tables")) == sorted(TABLES)  # no temporary file left


def _bytes_written() -> int:
    """What this process has passed to write(2) so far (Linux: /proc/self/io)."""
    line = next(line for line in Path("/proc/self/io").read_text().splitlines() if line.startswith("wchar:"))
    return int(line.split()[1])


@pytest.mark.parametrize("in_order", [True, False])
def test_records_in_order_are_written_once_and_others_from_the_pending_files(tmp_path, in_order):
    """In order, the tables are their pending files, put in place (each byte written once); out of
    order, written again from them, with the same bytes. Nothing has a name in the folder meanwhile,
    so a process killed while it exports leaves nothing there."""
    records = [read_record_data(str(path)) for path in sorted(CODED.glob("*.json"))]
    keys = [(r.transcript.id, r.coder) for r in records]
    assert keys == sorted(keys)  # examples/coded is named in the tables' order
    if not in_order:
        records.reverse()
    folder = tmp_path / "tables"
    with TidyTables(load_codebook(CODEBOOK), folder) as tables:
        before = _bytes_written()
        for record in records:
            tables.add(record)
        assert os.listdir(folder) == []
        tables.write()
        written = _bytes_written() - before
    size = sum((GOLDEN / name).stat().st_size for name in TABLES)
    for name in TABLES:
        assert (folder / name).read_bytes() == (GOLDEN / name).read_bytes(), name
    assert sorted(os.listdir(folder)) == sorted(TABLES)
    if in_order:
        assert size * 0.9 < written < size * 1.1
    else:
        assert size * 1.9 < written < size * 2.1


def test_a_failed_export_leaves_no_folder_it_made_and_no_temporary_file(tmp_path):
    folder = _study(tmp_path / "records", "jimcode", seed=5)
    last = max(folder.iterdir(), key=lambda path: record_key(path.read_bytes()[:4096]) or ("", ""))
    broken = json.loads(last.read_text(encoding="utf-8"))
    broken["status"] = "bogus"
    last.write_text(json.dumps(broken, indent=2), encoding="utf-8")  # read last: the tables are under way
    result = CliRunner().invoke(app, ["export", "csv", str(folder), "-o", str(tmp_path / "new" / "tables")])
    assert result.exit_code == 1, result.output
    assert str(last) in result.output
    assert not (tmp_path / "new").exists()

    kept = tmp_path / "kept"
    kept.mkdir()
    for name in TABLES:
        (kept / name).write_text(f"old {name}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["export", "csv", str(folder), "-o", str(kept)])
    assert result.exit_code == 1, result.output
    assert {name: (kept / name).read_text(encoding="utf-8") for name in os.listdir(kept)} == {
        name: f"old {name}\n" for name in TABLES
    }


def test_warnings_name_records_in_the_order_of_their_files_not_the_order_read(tmp_path):
    """Records still in progress are named as the files are listed, as every other report names them."""
    folder = tmp_path / "records"
    folder.mkdir()
    for name, transcript in (("a.json", "zeta"), ("b.json", "alpha"), ("c.json", "mid")):
        data = _example()
        data["transcript"]["id"] = transcript
        data["status"] = "in_progress"
        data["codebook"]["path"] = str(CODEBOOK)
        (folder / name).write_text(_jimcode_layout(data), encoding="utf-8")
    result = CliRunner().invoke(app, ["export", "csv", str(folder), "-o", str(tmp_path / "tables")])
    assert result.exit_code == 0, result.output
    files = ", ".join(str(folder / name) for name in ("a.json", "b.json", "c.json"))
    assert result.output.splitlines()[0] == (
        f"jimcode: warning: 3 record(s) still in progress (not marked complete): {files}; "
        "--complete-only leaves them out"
    )
