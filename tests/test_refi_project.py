"""Project interchange: `jimcode export project` (.qdpx) and `jimcode import project`."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from jimcode.codebook.model import load_codebook
from jimcode.records.model import load_record
from tests.interchange_fixtures import (
    NOAH_SEGMENTS,
    SAMPLES,
    make_record,
    schema,
    study_records,
    write_codebook,
    write_records,
)

NS = {"q": "urn:QDA-XML:project:1.0"}
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("jimcode: error:")]


@pytest.fixture
def study(tmp_path) -> Path:
    """coded/ with the small codebook and three records (Noah by anna and ben, Sem by anna)."""
    folder = tmp_path / "coded"
    write_records(folder, study_records())
    write_codebook(folder)
    return folder


def _export(run, records: Path, target: Path, *extra: str | Path) -> zipfile.ZipFile:
    result = run("export", "project", records, "--format", "qdpx", "-o", target, *extra)
    assert result.exit_code == 0, result.stderr
    return zipfile.ZipFile(target)


def _project(archive: zipfile.ZipFile) -> ET.Element:
    return ET.fromstring(archive.read("project.qde"))


def test_export_is_a_valid_qdpx_and_stable(run, study, tmp_path):
    archive = _export(run, study, tmp_path / "a.qdpx")
    names = archive.namelist()
    assert names[0] == "project.qde"
    assert len(names) == 3 and all(n.startswith("sources/") and n.endswith(".txt") for n in names[1:])
    schema("Project.xsd").validate(io.BytesIO(archive.read("project.qde")))
    _export(run, study, tmp_path / "b.qdpx")
    assert (tmp_path / "a.qdpx").read_bytes() == (tmp_path / "b.qdpx").read_bytes()


def test_source_text_layout_and_offsets_in_code_points(run, study, tmp_path):
    archive = _export(run, study, tmp_path / "p.qdpx")
    root = _project(archive)
    noah = root.find("q:Sources/q:TextSource[@name='case-01-noah']", NS)
    text = archive.read(noah.get("plainTextPath").replace("internal://", "sources/")).decode("utf-8")
    assert text == (
        "I: Hoe kwam de vraag binnen?\n\n"
        "R: Via school 😊 — de mentor belde.\nDaarna de moeder.\n\n"
        "I: En toen?\n\n"
        "[stilte]\n\n"
        "R: Oma werd al snel gevraagd: binnen twee weken.\n"
    )
    selections = noah.findall("q:PlainTextSelection", NS)
    assert [s.get("name") for s in selections] == ["s001", "s002", "s003", "s004", "s005"]
    for selection, (_, segment_text) in zip(selections, NOAH_SEGMENTS, strict=True):
        start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
        assert text[start:end] == segment_text  # after an emoji: code points, not UTF-16 units
    assert selections[4].get("startPosition") == "110"


def test_codings_by_coder_cases_variables_and_notes(run, study, tmp_path):
    root = _project(_export(run, study, tmp_path / "p.qdpx"))
    users = {u.get("guid"): u.get("name") for u in root.findall("q:Users/q:User", NS)}
    assert sorted(users.values()) == ["anna", "ben"]
    codes = {c.get("guid"): c.get("name") for c in root.iter("{urn:QDA-XML:project:1.0}Code")}
    selection = root.find("q:Sources/q:TextSource[@name='case-01-noah']/q:PlainTextSelection[@name='s002']", NS)
    applied = sorted(
        (users[c.get("creatingUser")], codes[c.find("q:CodeRef", NS).get("targetGUID")])
        for c in selection.findall("q:Coding", NS)
    )
    assert applied == [
        ("anna", "Hulpvraag ouder"),
        ("anna", "Hulpvraag professional"),
        ("ben", 'Scherper — "vraag" & <meer>'),
    ]
    variables = {
        v.get("guid"): (v.get("name"), v.get("typeOfVariable")) for v in root.findall("q:Variables/q:Variable", NS)
    }
    case = root.find("q:Cases/q:Case[@name='Noah (anna)']", NS)
    values = {
        variables[v.find("q:VariableRef", NS).get("targetGUID")][0]: (v[1].tag.split("}")[1], v[1].text)
        for v in case.findall("q:VariableValue", NS)
    }
    assert values["Leeftijd"] == ("IntegerValue", "13")
    assert values["Gepositioneerd"] == ("BooleanValue", "true")
    assert values["Score"] == ("FloatValue", "3.5")
    assert values["Signalen"] == ("TextValue", "trauma")
    assert values["H1 verdict"] == ("TextValue", "supports")
    assert values["Interviewee"] == ("TextValue", "Cecile")
    notes = {n.get("name"): n.find("q:PlainTextContent", NS).text for n in root.findall("q:Notes/q:Note", NS)}
    assert notes["Memo s002 (anna)"] == "School als ingang.\n\nTweede gedachte."
    assert notes["H1 supports s002 (anna)"] == "H1 supports: moeder houdt af"
    assert [r.get("targetGUID") for r in selection.findall("q:NoteRef", NS)]
    assert root.find("q:Sets/q:Set[@name='H1 poortwachters']", NS) is not None


def _comparable(record) -> dict:
    data = record.model_dump(mode="json")
    for segment in data["segments"]:
        for key in ("start_line", "end_line", "start_time", "end_time"):
            segment[key] = None  # documented: REFI-QDA has no place for source lines and times
    return data


def test_round_trip_records_qdpx_records(run, study, tmp_path):
    _export(run, study, tmp_path / "p.qdpx")
    result = run("import", "project", tmp_path / "p.qdpx", "-o", tmp_path / "back")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    originals = {(r.transcript.id, r.coder): r for r in study_records()}
    back = sorted((tmp_path / "back").glob("*.json"))
    assert [p.name for p in back] == ["case-01-noah.anna.json", "case-01-noah.ben.json", "case-02-sem.anna.json"]
    for path in back:
        record = load_record(path)
        original = originals[(record.transcript.id, record.coder)]
        assert [s.codes for s in record.segments] == [s.codes for s in original.segments]
        assert _comparable(record) == _comparable(original)


def test_import_refuses_to_overwrite_records(run, study, tmp_path):
    _export(run, study, tmp_path / "p.qdpx")
    assert run("import", "project", tmp_path / "p.qdpx", "-o", study).exit_code == 1
    result = run("import", "project", tmp_path / "p.qdpx", "-o", study, "--force")
    assert result.exit_code == 0


def test_codebook_from_exported_project_keeps_case_attributes(run, study, tmp_path):
    _export(run, study, tmp_path / "p.qdpx")
    result = run("import", "codebook", tmp_path / "p.qdpx", "-o", tmp_path / "back.yaml")
    assert result.exit_code == 0, result.stderr
    before, after = load_codebook(study / "mini.yaml"), load_codebook(tmp_path / "back.yaml")
    assert after.case_attributes == before.case_attributes
    assert after.research_questions == before.research_questions
    assert after.hypotheses == before.hypotheses
    assert (after.id, after.language) == ("mini", "nl")


FOREIGN_TEXT = "Interviewer: Hallo 😀 daar\r\nRespondent: Oma kwam snel.\r\n\r\nRespondent: Ja.\r\n"


def _utf16(text: str, fragment: str) -> tuple[int, int]:
    """NVivo's offsets of `fragment`: UTF-16 code units, CRLF counted as two."""
    start = text.index(fragment)
    return len(text[:start].encode("utf-16-le")) // 2, len(text[: start + len(fragment)].encode("utf-16-le")) // 2


def _guid(n: int) -> str:
    return f"AAAAAAAA-0000-0000-0000-{n:012d}"


def _foreign_project(tmp_path: Path) -> Path:
    """A project as NVivo would write it: UTF-16 offsets, CRLF, a BOM, users, notes, a PDF source."""
    oma, ja = _utf16(FOREIGN_TEXT, "Oma kwam snel."), _utf16(FOREIGN_TEXT, "Ja.")
    last_r = _utf16(FOREIGN_TEXT, "daar")[1]  # the "r" after the emoji: read as code points it would be "\r"
    user, source = _guid(90), _guid(80)
    brace_lower = "{" + _guid(2).lower() + "}"

    def value(variable: int, kind: str, content: str) -> str:
        return f'<VariableValue><VariableRef targetGUID="{_guid(variable)}"/><{kind}>{content}</{kind}></VariableValue>'

    qde = f"""<?xml version="1.0" encoding="utf-8" standalone="no"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="NVivo project" origin="NVivo 12.6 for Windows">
<Users><User guid="{user}" name="Supervisor"/></Users>
<CodeBook><Codes>
  <Code guid="{_guid(3)}" name="Family" isCodable="false">
    <Code guid="{_guid(1)}" name="Grandmother" isCodable="true"><Description>Oma is involved.</Description></Code>
  </Code>
  <Code guid="{brace_lower}" name="Speed" isCodable="true"/>
</Codes></CodeBook>
<Variables><Variable guid="{_guid(40)}" name="Age" typeOfVariable="Integer"/></Variables>
<Cases><Case guid="{_guid(41)}" name="Casus A">{value(40, "IntegerValue", "7")}
  <SourceRef targetGUID="{source}"/></Case></Cases>
<Sources>
  <TextSource guid="{source}" name="Interview A.docx" plainTextPath="internal://{source}.txt">
    <PlainTextSelection guid="{_guid(50)}" name="" startPosition="{oma[0]}" endPosition="{oma[1]}"
        creatingUser="{user}">
      <Coding guid="{_guid(51)}" creatingUser="{user}"><CodeRef targetGUID="{_guid(1).lower()}"/></Coding>
      <Coding guid="{_guid(52)}"><CodeRef targetGUID="{_guid(2)}"/></Coding>
      <Coding guid="{_guid(53)}"><CodeRef targetGUID="{_guid(3)}"/></Coding>
      <NoteRef targetGUID="{_guid(70)}"/>
    </PlainTextSelection>
    <PlainTextSelection guid="{_guid(54)}" startPosition="{ja[0]}" endPosition="{ja[1]}">
      <Coding guid="{_guid(55)}"><CodeRef targetGUID="{_guid(2)}"/></Coding>
    </PlainTextSelection>
    <PlainTextSelection guid="{_guid(56)}" startPosition="900" endPosition="901"/>
    <PlainTextSelection guid="{_guid(58)}" startPosition="{last_r - 1}" endPosition="{last_r}" creatingUser="{user}">
      <Coding guid="{_guid(59)}"><CodeRef targetGUID="{_guid(1)}"/></Coding>
    </PlainTextSelection>
    <Coding guid="{_guid(57)}"><CodeRef targetGUID="{_guid(2)}"/></Coding>
  </TextSource>
  <PDFSource guid="{_guid(81)}" name="scan.pdf"/>
</Sources>
<Notes><Note guid="{_guid(70)}" name="" creatingUser="{user}">
  <PlainTextContent>Belangrijk citaat.</PlainTextContent></Note></Notes>
</Project>"""
    path = tmp_path / "nvivo.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde)
        archive.writestr(f"Sources/{source}.txt", "\ufeff" + FOREIGN_TEXT)
    return path


def test_import_of_a_foreign_project_segments_by_line(run, tmp_path):
    source = _foreign_project(tmp_path)
    result = run("import", "project", source, "-o", tmp_path / "out", "--coder", "unknown-coder")
    assert result.exit_code == 0, result.stderr
    for words in ["PDFSource", "whole documents", "offsets outside", "research questions; skipped"]:
        assert words in result.stderr
    written = sorted(p.name for p in (tmp_path / "out").glob("*.json"))
    assert written == ["interview-a.Supervisor.json", "interview-a.unknown-coder.json"]
    record = load_record(tmp_path / "out" / "interview-a.Supervisor.json")
    assert [s.text for s in record.segments] == [
        "Interviewer: Hallo 😀 daar",
        "Respondent: Oma kwam snel.",
        "Respondent: Ja.",
    ]
    assert [s.codes for s in record.segments] == [["grandmother"], ["grandmother", "speed"], []]
    assert record.segments[1].memo == "Belangrijk citaat."
    assert record.attributes == {"age": 7}
    assert record.case == "Casus A"
    unknown = load_record(tmp_path / "out" / "interview-a.unknown-coder.json")
    assert [s.codes for s in unknown.segments] == [[], [], ["speed"]]
    codebook_result = run("import", "codebook", source, "-o", tmp_path / "cb.yaml")
    assert codebook_result.exit_code == 0
    assert {"grandmother", "speed"} <= set(load_codebook(tmp_path / "cb.yaml").codes_by_id())


@pytest.mark.parametrize(
    ("sample", "message"),
    [
        ("atlasti_mac_8.4.0_refi_standard_project.qdpx", "no text in the archive"),
        ("atlasti_win_23.2.3_target.qdpx", "no coded text sources"),
        ("atlasti_win_23.2.3_blank.qdpx", "the project has no codebook"),
        ("maxqda_24.7.0_project.qde", "no text in the archive"),
        ("taguette_1.4.1_uto_tag.qdc", "not a REFI-QDA project (the root element is <CodeBook>)"),
    ],
)
def test_real_samples_without_coded_text_are_refused_in_one_line(run, tmp_path, sample, message):
    result = run("import", "project", SAMPLES / sample, "-o", tmp_path / "out")
    assert result.exit_code == 1
    errors = _errors(result)
    assert len(errors) == 1 and message in errors[0], result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not xml at all", "not well-formed XML"),
        (b"PK\x03\x04broken", "damaged zip archive"),
    ],
)
def test_bad_project_files(run, tmp_path, content, message):
    source = tmp_path / "bad.qde"
    source.write_bytes(content)
    result = run("import", "project", source, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert len(_errors(result)) == 1 and message in _errors(result)[0]


def test_zip_without_project_qde_is_refused(run, tmp_path):
    source = tmp_path / "x.qdpx"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("readme.txt", "hello")
    result = run("import", "project", source, "-o", tmp_path / "out")
    assert _errors(result) == [f"jimcode: error: {source}: no project.qde in the archive (not a REFI-QDA project)"]


def test_export_refuses_codes_the_codebook_does_not_define(run, tmp_path):
    folder = tmp_path / "coded"
    write_codebook(folder)
    write_records(folder, [make_record("t1", "anna", "A", [("I", "x")], {0: ["no-such-code"]})])
    result = run("export", "project", folder, "-o", tmp_path / "p.qdpx")
    assert result.exit_code == 1
    assert "'no-such-code', which codebook mini does not define" in _errors(result)[0]
    assert not (tmp_path / "p.qdpx").exists()


def test_export_refuses_records_of_different_transcript_versions(run, tmp_path):
    folder = tmp_path / "coded"
    write_codebook(folder)
    write_records(
        folder,
        [
            make_record("t1", "anna", "A", [("I", "één")], {}),
            make_record("t1", "ben", "A", [("I", "twee")], {}),
        ],
    )
    result = run("export", "project", folder, "-o", tmp_path / "p.qdpx")
    assert result.exit_code == 1
    assert "hold different segments" in _errors(result)[0]


def test_export_needs_the_codebook(run, tmp_path):
    folder = tmp_path / "coded"
    write_records(folder, study_records())
    result = run("export", "project", folder, "-o", tmp_path / "p.qdpx")
    assert _errors(result) == [
        f"jimcode: error: cannot find codebook 'mini' (version 1.0) that {folder / 'case-01-noah.anna.json'} "
        "was coded with (pass --codebook FILE)"
    ]
    other = write_codebook(tmp_path)
    assert run("export", "project", folder, "-o", tmp_path / "p.qdpx", "--codebook", other).exit_code == 0


def test_export_of_no_records_is_an_error(run, tmp_path):
    result = run("export", "project", tmp_path, "-o", tmp_path / "p.qdpx")
    assert result.exit_code == 1
    assert _errors(result) == [f"jimcode: error: no coded records (*.json) found in {tmp_path}"]


EXAMPLE_RECORDS = sorted((EXAMPLES / "coded").glob("*.json")) if (EXAMPLES / "coded").is_dir() else []


@pytest.mark.skipif(not EXAMPLE_RECORDS, reason="the example coded records are not written yet")
def test_example_study_exports_and_round_trips(run, tmp_path):
    archive = _export(run, EXAMPLES / "coded", tmp_path / "study.qdpx")
    schema("Project.xsd").validate(io.BytesIO(archive.read("project.qde")))
    result = run("import", "project", tmp_path / "study.qdpx", "-o", tmp_path / "back")
    assert result.exit_code == 0, result.stderr
    for path in EXAMPLE_RECORDS:
        original = load_record(path)
        back = load_record(tmp_path / "back" / path.name)
        assert [s.codes for s in back.segments] == [s.codes for s in original.segments]
        # a marked quote travels as a note of its own: back as the sentences marked, not as a memo
        assert [s.quote_sentences for s in back.segments] == [s.quote_sentences for s in original.segments]
        assert [s.memo for s in back.segments] == [s.memo for s in original.segments]
    daan = load_record(tmp_path / "back" / "case-05-daan.anna.json")
    assert [(s.segment_id, s.quote_sentences) for s in daan.segments if s.quote_sentences] == [
        ("s028", [4, 5, 6, 7, 8, 9])
    ]


def test_a_quote_note_with_numbers_jimcode_never_writes_keeps_only_the_sentence_numbers(run, tmp_path):
    """A marker edited by hand or by another tool: a superscript digit (`str.isdigit` takes it, `int` does
    not), 0, a negative number and 5,000 digits (past `int`'s limit) are passed over, not an internal error."""
    _export(run, EXAMPLES / "coded", tmp_path / "study.qdpx")
    with zipfile.ZipFile(tmp_path / "study.qdpx") as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    qde = entries["project.qde"].decode("utf-8")
    assert qde.count("sentences: 4 5 6 7 8 9") == 1
    entries["project.qde"] = qde.replace("sentences: 4 5 6 7 8 9", f"sentences: ² 0 -1 {'9' * 5000} 3 7").encode()
    with zipfile.ZipFile(tmp_path / "edited.qdpx", "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    result = run("import", "project", tmp_path / "edited.qdpx", "-o", tmp_path / "back")
    assert result.exit_code == 0, result.stderr
    daan = load_record(tmp_path / "back" / "case-05-daan.anna.json")
    assert [(s.segment_id, s.quote_sentences) for s in daan.segments if s.quote_sentences] == [("s028", [3, 7])]
