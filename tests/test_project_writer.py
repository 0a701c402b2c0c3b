"""`export project` as it writes at scale (issue 14): a record is read through its fields only (a
pydantic record and a msgspec record struct give the same project), the archive's compression, the
values it escapes itself, and the checks that need the records again only when there is a problem."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from jimcode.codebook.model import load_codebook
from jimcode.records._structs import decode
from jimcode.records.model import CodedRecord, Evidence, load_record
from jimcode.refi.project_out import ProjectPlan, write_project
from tests.interchange_fixtures import NOAH_SEGMENTS, make_record, study_records, write_codebook, write_records

NS = {"q": "urn:QDA-XML:project:1.0"}


def _errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("jimcode: error:")]


def _with_dates(path: Path, **dates: str) -> None:
    """Rewrite a record file's dates as given (ISO text as another tool may write it)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(dates)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def _project_of(records: list[tuple[Path, object]], codebook: Path, out: Path) -> bytes:
    """The project the writer makes of `records` (path, record), in that order, one transcript at a time."""
    plan = ProjectPlan()
    for _, record in records:
        plan.add(record)
    in_order = [(path, record.transcript.id, record.coder) for path, record in records]
    groups: list[list[object]] = []
    for _, record in records:
        if groups and groups[-1][0].transcript.id == record.transcript.id:
            groups[-1].append(record)
        else:
            groups.append([record])
    with out.open("wb") as handle:
        write_project(handle, plan, load_codebook(codebook), in_order, groups, spill=out.parent)
    return out.read_bytes()


def test_record_structs_and_pydantic_records_make_the_same_project(tmp_path):
    folder = tmp_path / "coded"
    codebook = write_codebook(folder)
    paths = write_records(folder, study_records())
    # dates as other writers give them: "Z", an offset with a fraction of a second, no time zone
    _with_dates(paths[0], started_at="2025-03-04T10:30:00Z", updated_at="2025-03-04T12:30:00.250000+02:00")
    _with_dates(paths[1], started_at="2025-03-04T09:00:00", updated_at="2025-03-05T08:15:00+00:00")
    models = [(path, load_record(path)) for path in paths]
    structs = [(path, decode(path.read_bytes())) for path in paths]
    assert all(record is not None and not isinstance(record, CodedRecord) for _, record in structs)

    from_models = _project_of(models, codebook, tmp_path / "models.qdpx")
    from_structs = _project_of(structs, codebook, tmp_path / "structs.qdpx")
    assert from_structs == from_models

    with zipfile.ZipFile(tmp_path / "structs.qdpx") as archive:
        root = ET.fromstring(archive.read("project.qde"))
    # the earliest and latest dates of all records: a date without a time zone compares as UTC
    assert root.get("creationDateTime") == "2025-03-04T09:00:00"
    assert root.get("modifiedDateTime") == "2025-03-05T08:15:00Z"
    anna = root.find("q:Cases/q:Case[@name='Noah (anna)']/q:Description", NS).text
    assert "\nstarted_at: 2025-03-04T10:30:00+00:00\nupdated_at: 2025-03-04T12:30:00.250000+02:00\n" in anna
    codings = root.findall("q:Sources/q:TextSource[@name='case-01-noah']/q:PlainTextSelection/q:Coding", NS)
    assert [coding.get("creationDateTime") for coding in codings] == [
        "2025-03-04T10:30:00Z",  # anna's two codes on s002 (12:30:00.25 at +02:00, in UTC, whole seconds)
        "2025-03-04T10:30:00Z",
        "2025-03-05T08:15:00Z",  # ben's code on s002
        "2025-03-04T10:30:00Z",  # s005: anna, then ben
        "2025-03-05T08:15:00Z",
    ]


def test_every_entry_is_deflated_with_a_fixed_date(run, tmp_path):
    folder = tmp_path / "coded"
    write_codebook(folder)
    write_records(folder, study_records())
    out = tmp_path / "study.qdpx"
    result = run("export", "project", folder, "-o", out)
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None  # every entry's CRC checks
        entries = [(info.filename.split("/")[0], info.compress_type, info.date_time) for info in archive.infolist()]
        noah = next(name for name in archive.namelist() if name.startswith("sources/"))
        text = archive.read(noah).decode("utf-8")
    fixed = (1980, 1, 1, 0, 0, 0)
    assert entries == [
        ("project.qde", zipfile.ZIP_DEFLATED, fixed),
        ("sources", zipfile.ZIP_DEFLATED, fixed),
        ("sources", zipfile.ZIP_DEFLATED, fixed),
    ]
    assert text.startswith("I: Hoe kwam de vraag binnen?\n\nR: Via school 😊")


NASTY = 'a & "b" <c>\tx\r\ny\x01z'


def test_values_written_without_elementtree_read_back_as_given(run, tmp_path):
    """Cases, variable values, selections and notes are written as text: what needs escaping in them
    reads back (characters XML cannot hold as U+FFFD; a line break in an attribute kept)."""
    folder = tmp_path / "coded"
    write_codebook(folder)
    record = make_record(
        "t1",
        "anna",
        NASTY,
        [("I\nR", "één"), ("R", "twee")],
        {0: ["request-parent"]},
        attributes={"summary": NASTY, "child_age": 7},
        memos={0: NASTY},
        evidence={1: [Evidence(hypothesis="H1", stance="supports", note=NASTY)]},
    )
    write_records(folder, [record])
    out = tmp_path / "p.qdpx"
    result = run("export", "project", folder, "-o", out)
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(out) as archive:
        root = ET.fromstring(archive.read("project.qde"))
        source = root.find("q:Sources/q:TextSource", NS)
        text = archive.read(source.get("plainTextPath").replace("internal://", "sources/")).decode("utf-8")
    as_attribute = 'a & "b" <c>\tx\r\ny\ufffdz'  # escaped as &#09; &#13; &#10;: kept by the parser
    as_text = 'a & "b" <c>\tx\ny\ufffdz'  # character data: the parser reads "\r\n" as "\n"
    case = root.find("q:Cases/q:Case", NS)
    assert case.get("name") == as_attribute
    values = [value.text for value in case.findall("q:VariableValue/*", NS) if value.text is not None]
    assert values == ["7", as_text, "Cecile", "Levvel", "2024-05-01"]  # two attributes, the interview
    notes = root.findall("q:Notes/q:Note", NS)
    assert [note.get("name") for note in notes] == ["Memo s001 (anna)", "H1 supports s002 (anna)"]
    assert [note.find("q:PlainTextContent", NS).text for note in notes] == [
        'a & "b" <c>\tx\ny\ufffdz',
        'H1 supports: a & "b" <c>\tx\ny\ufffdz',
    ]
    assert text == "I R: één\n\nR: twee\n"  # a speaker on one line


def test_the_first_record_in_export_order_with_an_unknown_code_is_named(run, tmp_path):
    """The codes are checked for the whole set at once; the records are read again only to name one."""
    folder = tmp_path / "coded"
    write_codebook(folder)
    write_records(
        folder,
        [
            make_record("t3", "anna", "C", [("I", "x")], {0: ["also-unknown"]}),
            make_record("t1", "anna", "A", [("I", "x")], {0: ["request-parent"]}),
            make_record("t2", "ben", "B", [("I", "x"), ("R", "y")], {1: ["positioning-quick", "no-such-code"]}),
        ],
    )
    result = run("export", "project", folder, "-o", tmp_path / "p.qdpx")
    assert result.exit_code == 1
    assert _errors(result) == [
        "jimcode: error: record of t2 by ben: segment s002 has code 'no-such-code', which codebook mini does "
        "not define (pass the codebook the records were coded with: --codebook)"
    ]
    assert not (tmp_path / "p.qdpx").exists()


def test_records_of_one_transcript_with_different_segments_are_named_with_their_coders(run, tmp_path):
    folder = tmp_path / "coded"
    write_codebook(folder)
    write_records(
        folder,
        [
            make_record("t1", "anna", "A", NOAH_SEGMENTS, {}),
            make_record("t1", "ben", "A", NOAH_SEGMENTS, {}),
            make_record("t2", "anna", "B", [("I", "één")], {}),
            make_record("t2", "ben", "B", [("I", "één")], {}),
            make_record("t2", "carla", "B", [("R", "één")], {}),  # another speaker only
        ],
    )
    result = run("export", "project", folder, "-o", tmp_path / "p.qdpx")
    assert result.exit_code == 1
    assert _errors(result) == [
        "jimcode: error: the records of transcript t2 (anna, ben, carla) hold different segments "
        "(coded on different versions of the transcript?); export them separately"
    ]


@pytest.mark.parametrize(("coders", "names"), [(["anna"], ["A"]), (["anna", "ben"], ["A (anna)", "A (ben)"])])
def test_a_case_names_its_coder_when_its_transcript_has_more_records(run, tmp_path, coders, names):
    folder = tmp_path / "coded"
    write_codebook(folder)
    write_records(folder, [make_record("t1", coder, "A", [("I", "x")], {}) for coder in coders])
    out = tmp_path / "p.qdpx"
    assert run("export", "project", folder, "-o", out).exit_code == 0
    with zipfile.ZipFile(out) as archive:
        root = ET.fromstring(archive.read("project.qde"))
    assert [case.get("name") for case in root.findall("q:Cases/q:Case", NS)] == names


def test_a_code_unknown_only_in_a_record_left_out_does_not_stop_the_export(run, tmp_path):
    """The codes applied are gathered from every record found; --complete-only exports the others."""
    folder = tmp_path / "coded"
    write_codebook(folder)
    write_records(
        folder,
        [
            make_record("t1", "anna", "A", [("I", "x")], {0: ["request-parent"]}),
            make_record("t2", "ben", "B", [("I", "x")], {0: ["no-such-code"]}, status="in_progress"),
        ],
    )
    out = tmp_path / "p.qdpx"
    refused = run("export", "project", folder, "-o", out)
    assert refused.exit_code == 1
    assert "'no-such-code', which codebook mini does not define" in _errors(refused)[0]
    result = run("export", "project", folder, "-o", out, "--complete-only")
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(out) as archive:
        root = ET.fromstring(archive.read("project.qde"))
    assert [case.get("name") for case in root.findall("q:Cases/q:Case", NS)] == ["A"]
