"""Codebook interchange: `jimcode export codebook` (.qdc) and `jimcode import codebook`."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import yaml

from jimcode.codebook.model import load_codebook
from tests.interchange_fixtures import ROOT_CODEBOOK, SAMPLES, schema, write_codebook


def _errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("jimcode: error:")]


def _export(run, codebook: Path, target: Path) -> bytes:
    result = run("export", "codebook", codebook, "--format", "qdc", "-o", target)
    assert result.exit_code == 0, result.stderr
    return target.read_bytes()


def _import(run, source: Path, target: Path, *extra: str):
    result = run("import", "codebook", source, "-o", target, *extra)
    assert result.exit_code == 0, result.stderr
    return result


def test_export_is_valid_against_the_schema_and_stable(run, tmp_path):
    codebook = write_codebook(tmp_path)
    first = _export(run, codebook, tmp_path / "a.qdc")
    second = _export(run, codebook, tmp_path / "b.qdc")
    assert first == second, "two exports of one codebook must be identical (stable GUIDs)"
    schema("Codebook.xsd").validate(str(tmp_path / "a.qdc"))
    assert not first.startswith(b"\xef\xbb\xbf")
    text = first.decode("utf-8")
    assert 'name="RQ1 hulpvraag" isCodable="false"' in text
    assert "Wanneer niet gebruiken: Niet voor ouders: die hebben een eigen code." in text  # a Dutch codebook
    assert "Snel 🚀" in text
    assert "<Sets>" in text and 'name="H1 poortwachters"' in text


def test_labels_follow_the_codebook_language_and_import_reads_any(run, tmp_path):
    english = tmp_path / "en.yaml"
    english.write_text(write_codebook(tmp_path).read_text("utf-8").replace("language: nl", "language: en-GB"), "utf-8")
    text = _export(run, english, tmp_path / "en.qdc").decode()
    assert "When not to use: Niet voor ouders" in text and "Related research questions: RQ1" in text
    _import(run, tmp_path / "en.qdc", tmp_path / "back.yaml")
    back = load_codebook(tmp_path / "back.yaml")
    assert (
        back.codes_by_id()["request-professional"].code.when_not_to_use
        == "Niet voor ouders: die hebben een eigen code."
    )


def test_export_to_stdout_warns_about_case_attributes(run, tmp_path):
    result = run("export", "codebook", write_codebook(tmp_path))
    assert result.exit_code == 0
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert "6 case attribute(s) left out" in result.stderr


def test_guids_depend_on_codebook_and_code_ids(run, tmp_path):
    codebook = write_codebook(tmp_path)
    original = _export(run, codebook, tmp_path / "a.qdc").decode()
    renamed = tmp_path / "renamed.yaml"
    renamed.write_text(codebook.read_text().replace("id: mini", "id: other"), encoding="utf-8")
    other = _export(run, renamed, tmp_path / "b.qdc").decode()
    guids = [part.split('"')[0] for part in original.split('guid="')[1:]]
    code_guids = {g for g in guids if g}
    assert len(set(guids)) < len(guids)  # MemberCode repeats code GUIDs
    assert not code_guids & {part.split('"')[0] for part in other.split('guid="')[1:]}


def test_round_trip_yaml_qdc_yaml_keeps_codes_questions_and_hypotheses(run, tmp_path):
    codebook = write_codebook(tmp_path)
    _export(run, codebook, tmp_path / "mini.qdc")
    _import(run, tmp_path / "mini.qdc", tmp_path / "back.yaml")
    assert run("validate", tmp_path / "back.yaml").exit_code == 0
    before, after = load_codebook(codebook), load_codebook(tmp_path / "back.yaml")
    assert (after.id, after.version, after.title, after.language) == ("mini", "1.0", "Mini study", "nl")
    assert after.research_questions == before.research_questions
    assert after.hypotheses == before.hypotheses
    assert after.case_attributes == []  # documented: a .qdc has no place for them


def test_import_refuses_to_overwrite_without_force(run, tmp_path):
    codebook = write_codebook(tmp_path)
    _export(run, codebook, tmp_path / "mini.qdc")
    result = run("import", "codebook", tmp_path / "mini.qdc", "-o", codebook)
    assert result.exit_code == 1
    assert "pass --force" in result.stderr
    _import(run, tmp_path / "mini.qdc", codebook, "--force")


SHIPPED = sorted(ROOT_CODEBOOK.parent.glob("*.yaml")) if ROOT_CODEBOOK.parent.is_dir() else []


@pytest.mark.skipif(not ROOT_CODEBOOK.exists(), reason="the shipped codebook is not written yet")
@pytest.mark.parametrize("shipped", SHIPPED, ids=[p.name for p in SHIPPED])
def test_shipped_codebooks_round_trip(run, tmp_path, shipped):
    _export(run, shipped, tmp_path / "jim.qdc")
    schema("Codebook.xsd").validate(str(tmp_path / "jim.qdc"))
    _import(run, tmp_path / "jim.qdc", tmp_path / "back.yaml")
    before, after = load_codebook(shipped), load_codebook(tmp_path / "back.yaml")
    assert (after.id, after.version, after.language) == (before.id, before.version, before.language)
    assert after.research_questions == before.research_questions
    assert after.hypotheses == before.hypotheses


# What each real file must give: (file, codes expected somewhere, words expected in the warnings)
SAMPLE_EXPECTATIONS = {
    "taguette_1.4.1_uto_tag.qdc": ({"xsd-element-name", "codebook", "variables"}, ["empty <Sets/>"]),
    "atlasti_win_23.4.0_from_requal_test.qdc": ({"code1"}, ["schemaLocation", "code group"]),
    "refi_spec_1.5_annexA1_codebook.qdc": ({"economy", "health-care", "liberals"}, ["folder"]),
    "atlasti_win_23.2.3_target.qdpx": ({"code-2022-05-10t02-05-59z-19e4dce"}, ["codable top-level"]),
    "atlasti_mac_8.4.0_refi_standard_project.qdpx": ({"diet-coke", "full-fat-coke", "milk"}, ["'::'", "Project.qde"]),
    "maxqda_24.7.0_project.qde": ({"theme-affordances"}, ["18 codable top-level", "not kept"]),
}


@pytest.mark.parametrize("name", sorted(SAMPLE_EXPECTATIONS))
def test_every_real_sample_imports_to_a_valid_codebook(run, tmp_path, name):
    expected_codes, expected_warnings = SAMPLE_EXPECTATIONS[name]
    result = _import(run, SAMPLES / name, tmp_path / "out.yaml")
    for words in expected_warnings:
        assert words in result.stderr, result.stderr
    assert run("validate", tmp_path / "out.yaml").exit_code == 0
    codebook = load_codebook(tmp_path / "out.yaml")
    assert expected_codes <= set(codebook.codes_by_id())


def test_samples_hierarchy_and_descriptions(run, tmp_path):
    _import(run, SAMPLES / "atlasti_mac_8.4.0_refi_standard_project.qdpx", tmp_path / "atlas.yaml")
    atlas = load_codebook(tmp_path / "atlas.yaml")
    coke = next(q for q in atlas.research_questions if q.title == "Coke")
    assert [c.label for c in coke.codes] == ["full-fat Coke", "diet Coke"]
    assert coke.codes[1].definition == "non sucré"
    _import(run, SAMPLES / "maxqda_24.7.0_project.qde", tmp_path / "maxqda.yaml")
    maxqda = load_codebook(tmp_path / "maxqda.yaml")
    assert len(maxqda.research_questions) == 18
    assert sum(len(q.codes) for q in maxqda.research_questions) == 289


def test_blank_project_has_no_codebook(run):
    result = run("import", "codebook", SAMPLES / "atlasti_win_23.2.3_blank.qdpx")
    assert result.exit_code == 1
    assert _errors(result) == [
        f"jimcode: error: {SAMPLES / 'atlasti_win_23.2.3_blank.qdpx'}: the project has no codebook "
        "(no <CodeBook> element), so nothing to import"
    ]


GUID_A = "1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294"


@pytest.mark.parametrize(
    ("namespace", "warning"),
    [
        ("urn:QDA-XML:codebook:1.0", None),
        ("urn:QDA-XML:codebook:0:4", "non-standard namespace urn:QDA-XML:codebook:0:4 (ATLAS.ti writes it)"),
        ("urn:QDA-XML:codebook:1:0", "non-standard namespace urn:QDA-XML:codebook:1:0 (NVivo writes it)"),
        ("", "declares no namespace"),
    ],
)
def test_codebook_namespaces(run, tmp_path, namespace, warning):
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    source = tmp_path / "in.qdc"
    source.write_text(
        f'<CodeBook{xmlns}><Codes><Code guid="{GUID_A}" name="Één" isCodable="true"/></Codes></CodeBook>',
        encoding="utf-8",
    )
    result = _import(run, source, tmp_path / "out.yaml")
    if warning is None:
        assert " namespace " not in result.stderr
    else:
        assert warning in result.stderr
    assert "een" in load_codebook(tmp_path / "out.yaml").codes_by_id()


def test_bom_braces_case_dotted_taguette_names_and_oddities(run, tmp_path):
    source = tmp_path / "tags.qdc"
    lower = "{" + GUID_A.lower() + "}"
    source.write_bytes(
        b"\xef\xbb\xbf"
        + f"""<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Taguette 1.5.2"><Codes>
<Code guid="{GUID_A}" name="family.grandmother" isCodable="true"/>
<Code guid="{lower}" name="family.uncle" isCodable="True"/>
<Code guid="c001" name="family" isCodable="true"/>
<Code name="school" isCodable="true"/>
<Code guid="2D2466F0-D77F-4F8C-BDF9-628966B6B74D" name="school" vendor="x"/>
</Codes><Sets/></CodeBook>""".encode()
    )
    result = _import(run, source, tmp_path / "out.yaml")
    for words in ["used twice", "not GUIDs", "no guid", "no isCodable", "not xsd:boolean", "vendor", "'.'"]:
        assert words in result.stderr
    codebook = load_codebook(tmp_path / "out.yaml")
    family = next(q for q in codebook.research_questions if q.title == "family")
    assert [c.id for c in family.codes] == ["grandmother", "uncle"]
    assert {"school", "school-2"} <= set(codebook.codes_by_id())


def test_jimcode_markers_keep_ids_even_when_names_change(run, tmp_path):
    codebook = write_codebook(tmp_path)
    text = _export(run, codebook, tmp_path / "mini.qdc").decode().replace('name="Hulpvraag ouder"', 'name="Ouder"')
    (tmp_path / "edited.qdc").write_text(text, encoding="utf-8")
    _import(run, tmp_path / "edited.qdc", tmp_path / "back.yaml")
    code = load_codebook(tmp_path / "back.yaml").codes_by_id()["request-parent"].code
    assert code.label == "Ouder"


def test_yaml_output_is_readable(run, tmp_path):
    codebook = write_codebook(tmp_path)
    _export(run, codebook, tmp_path / "mini.qdc")
    result = run("import", "codebook", tmp_path / "mini.qdc")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Imported by jimcode")
    assert "full_definition: |-\n" in result.stdout
    assert yaml.safe_load(result.stdout)["id"] == "mini"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"hello, not xml", "not well-formed XML"),
        (b"<html><body/></html>", "not a REFI-QDA codebook or project (the root element is <html>"),
        (b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'/>", "has no <Codes> element"),
        (b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes/></CodeBook>", "the codebook has no codes"),
        (b'<!DOCTYPE x [<!ENTITY a "aaaa">]><CodeBook/>', "entity declarations are not allowed"),
        (b"PK\x03\x04 not really a zip", "damaged zip archive"),
    ],
)
def test_bad_input_is_one_error_line(run, tmp_path, content, message):
    source = tmp_path / "bad.qdc"
    source.write_bytes(content)
    result = run("import", "codebook", source)
    assert result.exit_code == 1
    errors = _errors(result)
    assert len(errors) == 1 and message in errors[0], result.stderr
    assert "Traceback" not in result.stderr


def test_zip_without_project_qde(run, tmp_path):
    source = tmp_path / "empty.qdpx"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("sources/a.txt", "x")
    result = run("import", "codebook", source)
    assert result.exit_code == 1
    assert _errors(result) == [f"jimcode: error: {source}: no project.qde in the archive (not a REFI-QDA project)"]


def test_qdpx_that_is_not_a_zip(run, tmp_path):
    source = tmp_path / "x.qdpx"
    source.write_text("<CodeBook/>", encoding="utf-8")
    result = run("import", "codebook", source)
    assert result.exit_code == 1
    assert "not a .qdpx project" in _errors(result)[0]


def test_deep_hierarchies_stay_within_the_yaml_limits(run, tmp_path):
    inner = "".join(f'<Code guid="{GUID_A[:-4]}{n:04d}" name="level {n}" isCodable="true">' for n in range(40))
    source = tmp_path / "deep.qdc"
    source.write_text(f"<CodeBook><Codes>{inner}{'</Code>' * 40}</Codes></CodeBook>", encoding="utf-8")
    result = _import(run, source, tmp_path / "deep.yaml")
    assert "nested deeper than 20 levels" in result.stderr
    assert run("validate", tmp_path / "deep.yaml").exit_code == 0
    assert len(load_codebook(tmp_path / "deep.yaml").codes_by_id()) == 39


def test_unwritable_output_is_one_error_line(run, tmp_path):
    codebook = write_codebook(tmp_path)
    (tmp_path / "blocker").write_text("a file, not a folder", encoding="utf-8")
    result = run("export", "codebook", codebook, "-o", tmp_path / "blocker" / "x.qdc")
    assert result.exit_code == 1
    assert _errors(result)[0].startswith(f"jimcode: error: cannot write {tmp_path / 'blocker' / 'x.qdc'}")


def test_nvivo_nodes_folder_is_unwrapped_and_missing_parents_are_made(run, tmp_path):
    nvivo = tmp_path / "nvivo.qdc"
    nvivo.write_text(
        '<?xml version="1.0" encoding="utf-8" standalone="no"?>'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1:0"><Codes><Code guid="{0}1" name="Nodes" isCodable="false">'
        '<Code guid="{0}2" name="Familie" isCodable="true"><Code guid="{0}3" name="Oma" isCodable="true"/></Code>'
        "</Code></Codes></CodeBook>".format(GUID_A[:-1]),
        encoding="utf-8",
    )
    result = _import(run, nvivo, tmp_path / "nvivo.yaml")
    assert "unwrapped the top-level 'Nodes' folder" in result.stderr
    [question] = load_codebook(tmp_path / "nvivo.yaml").research_questions
    assert (question.title, [c.id for c in question.codes]) == ("Familie", ["oma"])
    atlas = tmp_path / "atlas8.qdc"
    atlas.write_text(
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        f'<Code guid="{GUID_A[:-1]}1" name="Coke::diet Coke" isCodable="true"/>'
        f'<Code guid="{GUID_A[:-1]}2" name="Coke::full-fat Coke" isCodable="true"/>'
        f'<Code guid="{GUID_A[:-1]}3" name="milk" isCodable="true"/></Codes></CodeBook>',
        encoding="utf-8",
    )
    _import(run, atlas, tmp_path / "atlas.yaml")
    questions = load_codebook(tmp_path / "atlas.yaml").research_questions
    assert [(q.title, [c.label for c in q.codes]) for q in questions] == [
        ("Coke", ["diet Coke", "full-fat Coke"]),
        ("Other codes", ["milk"]),
    ]
