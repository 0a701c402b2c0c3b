"""`export project` in one reading of the records (issue 14): each transcript rendered as soon as its
records have been read when the listing gives them side by side, the records read again when it does
not. Both ways write the same project, fail with the same message and leave no file behind.

`export project` reads in (transcript, coder) order, as the first bytes of each file say, so the records
of a transcript come together in any folders (one per coder, too). The same files are given grouped
(each transcript's records side by side, transcripts not in export order) and apart: one record
rewritten so that its first 4 KiB do not say whose it is (as another tool may write it), so that it is
read after the others, which the one reading cannot render and so reads again."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from jimcode.codebook.model import load_codebook
from jimcode.corpus import LineageReader, index_records
from jimcode.records.model import CodedRecord, HypothesisVerdict, InterviewInfo
from jimcode.refi.codebook_out import code_guid
from jimcode.refi.project_out import OnePass, ProjectPieces, ProjectPlan
from tests.interchange_fixtures import NOAH_SEGMENTS, make_record, study_records, write_codebook, write_records
from tests.lineage_study import _EDITS, CODEBOOK, MERGED, RENAMED, ROOT, copy_examples

NS = {"q": "urn:QDA-XML:project:1.0"}
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "coded"


def _entries(path: Path) -> list[tuple[str, bytes]]:
    """Every entry of the archive, in its order, with its (uncompressed) content."""
    with zipfile.ZipFile(path) as archive:
        return [(name, archive.read(name)) for name in archive.namelist()]


def _one_reading_renders(files: list[Path], codebook: Path, spill: Path) -> bool:
    """Whether the one reading renders every transcript of `files`, read as `export project` reads them."""
    book = load_codebook(codebook)

    def start(path: Path, record: object) -> tuple[ProjectPieces, LineageReader]:
        return ProjectPieces(book, spill), LineageReader(book)

    with OnePass(ProjectPlan(), complete_only=False, start=start) as one:
        index_records(files, visit=lambda item: one.add(item.path, item.record), in_key_order=True)
        return one.result(book) is not None


def _grouped(paths: list[Path]) -> list[Path]:
    """`paths` (each transcript's records side by side, in export order) in the reverse order of their transcripts."""
    transcripts: dict[str, list[Path]] = {}
    for path in paths:
        transcripts.setdefault(path.name.split(".")[0], []).append(path)
    return [path for group in reversed(transcripts.values()) for path in group]


def _apart(paths: list[Path]) -> list[Path]:
    """`paths` with the first record (of a transcript with others) rewritten as the same record in other
    bytes, which do not say whose it is in their first 4 KiB (blank space, then its segments first, as
    another tool may write them): it is read after the others."""
    data = json.loads(paths[0].read_text(encoding="utf-8"))
    text = json.dumps({"segments": data.pop("segments"), **data}, ensure_ascii=False)
    paths[0].write_text(" " * 4096 + text, encoding="utf-8")
    return [*paths[1:], paths[0]]


def _files(way: str, paths: list[Path]) -> list[Path]:
    """`paths` grouped or apart; apart rewrites a record, so it comes after grouped."""
    return _grouped(paths) if way == "grouped" else _apart(paths)


def _bytes_read() -> int:
    """What this process has been given by read(2) so far (Linux: /proc/self/io)."""
    line = next(line for line in Path("/proc/self/io").read_text().splitlines() if line.startswith("rchar:"))
    return int(line.split()[1])


def _varied_records() -> list[CodedRecord]:
    """The study's records and a third transcript with attributes, verdicts and a value that is not an integer."""
    extra = make_record(
        "case-03-lotte",
        "anna",
        "Lotte",
        NOAH_SEGMENTS[:3],
        {0: ["request-parent"]},
        attributes={"child_age": 9, "organisation": "levvel", "signals": ["trauma"], "positioned": True},
        memos={2: "een memo\r\nover twee regels"},
        verdicts=[
            HypothesisVerdict(hypothesis="H2", verdict="supports", note="ja"),
            HypothesisVerdict(hypothesis="H1", verdict="contradicts"),
        ],
    )
    return [*study_records(), extra]


def _export(run, files: list[Path], target: Path, *extra: str):
    return run("export", "project", *files, "-o", target, *extra)


def test_one_reading_writes_what_two_readings_write(run, tmp_path):
    folder = tmp_path / "coded"
    write_codebook(folder)
    paths = write_records(folder, _varied_records())
    paths = sorted(paths)
    grouped = _grouped(paths)
    assert _one_reading_renders(grouped, folder / "mini.yaml", tmp_path)
    assert _one_reading_renders(paths, folder / "mini.yaml", tmp_path)

    written = {}
    for name, files in (("grouped", grouped), ("sorted", paths)):
        result = _export(run, files, tmp_path / f"{name}.qdpx")
        assert result.exit_code == 0, result.stderr
        written[name] = _entries(tmp_path / f"{name}.qdpx")
    # into a folder still to be made (the pieces wait beside it meanwhile)
    result = _export(run, grouped, tmp_path / "new" / "p.qdpx")
    assert result.exit_code == 0, result.stderr
    assert _entries(tmp_path / "new" / "p.qdpx") == written["grouped"]
    assert [path.name for path in (tmp_path / "new").iterdir()] == ["p.qdpx"]
    apart = _apart(paths)
    assert not _one_reading_renders(apart, folder / "mini.yaml", tmp_path)
    result = _export(run, apart, tmp_path / "apart.qdpx")
    assert result.exit_code == 0, result.stderr
    written["apart"] = _entries(tmp_path / "apart.qdpx")
    assert written["grouped"] == written["apart"]
    assert written["sorted"] == written["apart"]
    root = ET.fromstring(dict(written["grouped"])["project.qde"])
    # in export order: by transcript, then by coder, though read the other way round
    assert [source.get("name") for source in root.findall("q:Sources/q:TextSource", NS)] == [
        "case-01-noah",
        "case-02-sem",
        "case-03-lotte",
    ]
    assert [case.get("name") for case in root.findall("q:Cases/q:Case", NS)] == [
        "Noah (anna)",
        "Noah (ben)",
        "Sem",
        "Lotte",
    ]
    assert next(entry for entry, _ in written["grouped"]) == "project.qde"


def test_the_examples_export_the_same_in_one_reading_and_in_two(run, tmp_path):
    coded = copy_examples(tmp_path / "study")
    paths = sorted(coded.glob("*.json"))
    codebook = coded / json.loads(paths[0].read_text(encoding="utf-8"))["codebook"]["path"]
    assert _one_reading_renders(_grouped(paths), codebook, tmp_path)
    one = _export(run, [coded], tmp_path / "one.qdpx")
    apart = _apart(paths)
    assert not _one_reading_renders(apart, codebook, tmp_path)
    two = _export(run, apart, tmp_path / "two.qdpx")
    assert one.exit_code == 0, one.stderr
    assert two.exit_code == 0, two.stderr
    assert one.stderr == two.stderr.replace("two.qdpx", "one.qdpx")
    assert _entries(tmp_path / "one.qdpx") == _entries(tmp_path / "two.qdpx")


def _case_values(root: ET.Element, case: str) -> list[tuple[str, str | None]]:
    names = {v.get("guid"): v.get("name") for v in root.findall("q:Variables/q:Variable", NS)}
    found = root.find(f"q:Cases/q:Case[@name='{case}']", NS)
    return [
        (names[value.find("q:VariableRef", NS).get("targetGUID")], value[1].text)
        for value in found.findall("q:VariableValue", NS)
    ]


@pytest.mark.parametrize("declared", [True, False])
def test_an_empty_value_is_written_only_when_another_record_declares_its_variable(run, tmp_path, declared):
    """An empty interview field or verdict note declares no variable; another record's value may: known
    only once every record is read, so the one reading leaves it to the second when that happens."""
    folder = tmp_path / "coded"
    write_codebook(folder)
    quiet = make_record("t1", "anna", "A", [("I", "een")], {})
    quiet.interview = InterviewInfo(interviewee="Cecile", details={})
    quiet.verdicts = [HypothesisVerdict(hypothesis="H1", verdict="supports", note="")]
    other = make_record("t2", "anna", "B", [("I", "twee")], {})
    if declared:
        other.interview = InterviewInfo(interviewee="Daan", details={"Aanwezig": "moeder"})
        other.verdicts = [HypothesisVerdict(hypothesis="H1", verdict="mixed", note="deels")]
    paths = write_records(folder, [quiet, other])
    assert _one_reading_renders(_grouped(paths), folder / "mini.yaml", tmp_path) is not declared

    for way in ("grouped", "apart"):
        result = _export(run, _files(way, paths), tmp_path / f"{way}.qdpx")
        assert result.exit_code == 0, result.stderr
    assert _entries(tmp_path / "grouped.qdpx") == _entries(tmp_path / "apart.qdpx")
    root = ET.fromstring(zipfile.ZipFile(tmp_path / "grouped.qdpx").read("project.qde"))
    if declared:
        assert _case_values(root, "A") == [
            ("Interviewee", "Cecile"),
            ("Interview details", "{}"),
            ("H1 verdict", "supports"),
            ("H1 verdict note", None),
        ]
    else:
        assert _case_values(root, "A") == [("Interviewee", "Cecile"), ("H1 verdict", "supports")]


def _errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("jimcode: error:")]


def _unknown_codes(folder: Path) -> list[Path]:
    return write_records(
        folder,
        [
            make_record("t1", "anna", "A", [("I", "een")], {0: ["onbekend-een"]}),
            make_record("t1", "ben", "A", [("I", "een")], {}),
            make_record("t2", "anna", "B", [("I", "twee")], {0: ["onbekend-twee"]}),
        ],
    )


def _reshaped(folder: Path) -> list[Path]:
    return write_records(
        folder,
        [
            make_record("t1", "anna", "A", [("I", "een")], {}),
            make_record("t1", "ben", "A", [("I", "eeN")], {}),
            make_record("t2", "anna", "B", [("I", "twee")], {}),
            make_record("t2", "ben", "B", [("R", "twee")], {}),
        ],
    )


def _duplicate(folder: Path) -> list[Path]:
    paths = write_records(
        folder,
        [
            make_record("t1", "anna", "A", [("I", "een")], {}),
            make_record("t1", "ben", "A", [("I", "een")], {}),
            make_record("t2", "anna", "B", [("I", "twee")], {}),
        ],
    )
    copy = folder / "t2.anna-kopie.json"  # the same transcript and coder in two files
    shutil.copyfile(paths[2], copy)
    return [*paths, copy]


def _in_progress(folder: Path) -> list[Path]:
    return write_records(
        folder,
        [
            make_record("t1", "anna", "A", [("I", "een")], {}, status="in_progress"),
            make_record("t1", "ben", "A", [("I", "een")], {}, status="in_progress"),
            make_record("t2", "anna", "B", [("I", "twee")], {}, status="in_progress"),
        ],
    )


def _broken(folder: Path) -> list[Path]:
    paths = _unknown_codes(folder)
    data = json.loads(paths[1].read_text(encoding="utf-8"))
    data["status"] = "klaar"
    paths[1].write_text(json.dumps(data), encoding="utf-8")
    return paths


_CODE_ERROR = (
    "jimcode: error: record of t1 by anna: segment s001 has code 'onbekend-een', which codebook mini does not "
    "define (pass the codebook the records were coded with: --codebook)"
)
_RESHAPED_ERROR = (
    "jimcode: error: the records of transcript t1 (anna, ben) hold different segments (coded on different "
    "versions of the transcript?); export them separately"
)


@pytest.mark.parametrize(
    ("make", "extra", "expected"),
    [
        (_unknown_codes, (), _CODE_ERROR),  # the first in export order, not in reading order
        (_reshaped, (), _RESHAPED_ERROR),
        (
            _duplicate,
            (),
            "jimcode: error: {coded}/t2.anna-kopie.json: transcript 't2' coded by 'anna' is also in "
            "{coded}/t2.anna.json; pass each record once",
        ),
        (
            _in_progress,
            ("--complete-only",),
            "jimcode: error: all 3 record(s) are still in progress; --complete-only left none",
        ),
        (_broken, (), None),
    ],
    ids=["unknown-code", "reshaped", "duplicate", "complete-only-none", "broken-record"],
)
def test_each_refusal_is_the_same_in_one_reading_and_in_two(run, tmp_path, make, extra, expected):
    folder = tmp_path / "coded"
    codebook = write_codebook(folder)
    paths = make(folder)
    out = tmp_path / "out"
    out.mkdir()
    said = []
    for way in ("grouped", "apart"):
        result = _export(run, _files(way, paths), out / "p.qdpx", "--codebook", codebook, *extra)
        assert result.exit_code == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert list(out.iterdir()) == []  # no project, no temporary file
        said.append(_errors(result))
    assert said[0] == said[1]
    if expected is not None:
        assert said[0] == [expected.format(coded=folder)]
    else:  # the broken record is named with its field
        [error] = said[0]
        assert error.startswith(f"jimcode: error: {folder / 't1.ben.json'}:") and "status" in error


def test_warnings_come_in_export_order(run, tmp_path):
    folder = tmp_path / "coded"
    write_codebook(folder)
    paths = write_records(
        folder,
        [
            make_record("t1", "anna", "A", [("I", "een")], {}, attributes={"child_age": "tien"}),
            make_record("t1", "ben", "A", [("I", "een")], {}, attributes={"child_age": "elf"}),
            make_record("t2", "anna", "B", [("I", "twee")], {}, attributes={"child_age": "twaalf", "x": 1}),
        ],
    )
    assert _one_reading_renders(_grouped(paths), folder / "mini.yaml", tmp_path)
    said = []
    for way in ("grouped", "apart"):
        result = _export(run, _files(way, paths), tmp_path / "p.qdpx")
        assert result.exit_code == 0, result.stderr
        warnings = [line for line in result.stderr.splitlines() if line.startswith("jimcode: warning:")]
        said.append([line for line in warnings if "mini.yaml" not in line])  # not the stale codebook's
    target = tmp_path / "p.qdpx"
    assert (
        said[0]
        == said[1]
        == [
            f"jimcode: warning: {target}: answers to attributes the codebook does not define were left out: x",
            f"jimcode: warning: {target}: record of t1 by anna: Leeftijd = 'tien' is not integer; left out",
            f"jimcode: warning: {target}: record of t1 by ben: Leeftijd = 'elf' is not integer; left out",
            f"jimcode: warning: {target}: record of t2 by anna: Leeftijd = 'twaalf' is not integer; left out",
        ]
    )


def test_records_of_an_earlier_codebook_version_read_through_its_lineage_alike(run, tmp_path, monkeypatch):
    """The examples coded with version 1.0, exported with 1.1 that renames one code and merges two: each
    way reads them through the lineage, says so once, and writes the same project, whenever it is run (a
    record read through the lineage in memory keeps its own dates: it was stamped with the time it was read)."""
    coded = copy_examples(tmp_path / "study")
    text = (ROOT / CODEBOOK).read_text(encoding="utf-8")
    for old, new in _EDITS[:2]:  # the version and the rename; then the merge as `changed_codebook_text` makes it
        text = text.replace(old, new)
    text = text.replace(_EDITS[2][0], _EDITS[2][1])
    start = text.index(f"      - id: {MERGED[0][0]}\n")
    text = text[:start] + text[text.index(f"      - id: {MERGED[1]}\n") :]
    codebook = tmp_path / "jim-1.1.yaml"
    codebook.write_text(text, encoding="utf-8")
    paths = sorted(coded.glob("*.json"))
    assert _one_reading_renders(_grouped(paths), codebook, tmp_path)
    said = []
    for name, epoch in (("grouped", "1765000000"), ("apart", "1800000000")):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)  # another clock for each export
        result = _export(run, _files(name, paths), tmp_path / "p.qdpx", "--codebook", codebook)
        assert result.exit_code == 0, result.stderr
        said.append(result.stderr)
        (tmp_path / "p.qdpx").rename(tmp_path / f"{name}.qdpx")
    assert said[0] == said[1]
    assert [line for line in said[0].splitlines() if "via de afstamming" in line] == [
        f"jimcode: warning: {tmp_path / 'p.qdpx'}: {len(paths)} record(s) van een eerdere versie van codeboek "
        f"{load_codebook(codebook).id} gelezen via de afstamming (hernoemde en samengevoegde ids omgezet); "
        "geef `jimcode migrate` om de bestanden bij te werken"
    ]
    assert _entries(tmp_path / "grouped.qdpx") == _entries(tmp_path / "apart.qdpx")
    root = ET.fromstring(zipfile.ZipFile(tmp_path / "grouped.qdpx").read("project.qde"))
    cid = load_codebook(codebook).id
    applied = {ref.get("targetGUID") for ref in root.iter("{urn:QDA-XML:project:1.0}CodeRef")}
    assert code_guid(cid, RENAMED[1]) in applied and code_guid(cid, RENAMED[0]) not in applied


def test_a_study_kept_in_one_folder_per_coder_is_read_once(run, tmp_path):
    """Records kept in a folder per coder (coded/anna/, coded/bram/): read in (transcript, coder) order, the
    records of each transcript come together, so each is read once, as in one folder, and the project is
    the same. A record whose first bytes do not say whose it is makes them all be read again."""
    coded = copy_examples(tmp_path / "study")
    named = json.loads(next(coded.glob("*.json")).read_text(encoding="utf-8"))["codebook"]["path"]
    codebook = (coded / named).resolve()  # the records will move

    def export(name: str) -> int:
        """Export the study to `name`; the bytes read meanwhile."""
        before = _bytes_read()
        result = _export(run, [coded], tmp_path / name, "--codebook", codebook)
        assert result.exit_code == 0, result.stderr
        return _bytes_read() - before

    export("first.qdpx")  # what is read once per process (modules, messages) is read now
    together = export("together.qdpx")
    for path in sorted(coded.glob("*.json")):  # <transcript>.<coder>.json
        (coded / path.name.split(".")[1]).mkdir(exist_ok=True)
        path.rename(coded / path.name.split(".")[1] / path.name)
    records = sorted(coded.rglob("*.json"))
    assert [path.parent.name for path in records] == ["anna"] * 8 + ["bram"] * 3 + ["consensus"]
    size = sum(path.stat().st_size for path in records)

    per_coder = export("per-coder.qdpx")
    assert abs(per_coder - together) < size * 0.02
    assert _entries(tmp_path / "per-coder.qdpx") == _entries(tmp_path / "together.qdpx")

    _apart(sorted(coded.rglob("case-01-noah.*.json")))
    size = sum(path.stat().st_size for path in records)
    again = export("again.qdpx")
    assert size * 0.98 < again - together < size * 1.02
    assert _entries(tmp_path / "again.qdpx") == _entries(tmp_path / "together.qdpx")
