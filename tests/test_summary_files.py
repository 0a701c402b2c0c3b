"""`jimcode summary` on real folders: bad files reported and skipped, --strict, finding the codebook, progress."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from jimcode.records.versions import FORMAT_VERSION
from tests.summary_study import CASES, assert_study_figures, make_record, write_record, write_study

GOOD = make_record(CASES[1])

# Figures and layout checked against jimcode's English words; tests/test_language.py checks the Dutch.
pytestmark = pytest.mark.usefixtures("english_chrome")


def summary(run, *args: str | Path):
    return run("summary", *args, "--format", "json")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (lambda good: good[: len(good) // 2], "truncated JSON"),
        (lambda good: good.replace('"case":', '"case"', 1), "invalid JSON: Expecting ':' delimiter"),
        (lambda good: '{"name": "left-pad", "version": "1.3.0"}', "not a jimcode coded record"),
        (lambda good: "[1, 2, 3]", "not a jimcode coded record"),
        (lambda good: "", "empty file"),
        (
            lambda good: good.replace(f'"format_version": {FORMAT_VERSION}', '"format_version": 7'),
            "format version 7 is not supported",
        ),
        (lambda good: good.replace('"coder": "alice"', '"coder": 3'), "coder: expected a string, found a number"),
        (lambda good: good.replace('"status": "complete"', '"status": "done"'), "status: 'done' is not one of"),
        (lambda good: good.replace('"codes": []', '"codes": "none"', 1), "segments.0: codes: expected a list"),
        (lambda good: good.replace('"stance": "supports"', '"stance": "maybe"', 1), "segments.2: evidence"),
        (lambda good: good.replace('"verdict": "mixed"', '"verdict": "perhaps"'), "verdicts.0:"),
    ],
)
def test_a_bad_file_is_reported_with_its_reason_and_the_rest_still_summarised(run, tmp_path, content, reason):
    from jimcode.records.model import dump_record

    coded = write_study(tmp_path)
    bad = coded / "zz-bad.json"
    bad.write_text(content(dump_record(GOOD)), encoding="utf-8")
    result = summary(run, coded)
    assert result.exit_code == 1
    assert f"jimcode: error: {bad}" in result.stderr
    assert reason in result.stderr
    assert "1 file(s) skipped; the rest were read" in result.stderr
    data = json.loads(result.stdout)
    assert_study_figures(data)
    assert data["files"]["skipped"] == 1
    assert data["files"]["skipped_files"][0]["path"] == str(bad)
    assert reason.split(":")[-1].strip() in data["files"]["skipped_files"][0]["reason"]


@pytest.mark.parametrize("path_length", [1, 20, 37, 64])
def test_a_record_cut_in_half_is_truncated_whatever_the_length_of_the_paths_it_holds(run, tmp_path, path_length):
    """Where half a record ends moves with the length of the paths inside it (a clone's absolute
    codebook path): inside a string, a number, a literal or between values, it is truncation."""
    from jimcode.records.model import dump_record

    coded = write_study(tmp_path)
    good = dump_record(make_record(CASES[1], codebook_path="/" + "x" * path_length + "/jim-12min.nl.yaml"))
    cut = good[: len(good) // 2]
    bad = coded / "zz-bad.json"
    bad.write_text(cut, encoding="utf-8")
    result = summary(run, coded)
    line, column = cut.count("\n") + 1, len(cut) - cut.rfind("\n")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"jimcode: error: {bad}:{line}:{column}: error[bad-json]: truncated JSON (the file ends too early) (skipped)",
        "jimcode: error: 1 file(s) skipped; the rest were read",
    ]


def test_a_record_cut_at_any_character_is_truncated_where_it_ends(tmp_path):
    """Every cut of a record, read as the summary reads it and as `validate` and `code` read it."""
    from jimcode.errors import InvalidFileError
    from jimcode.records.model import dump_record, load_record
    from jimcode.records.stream import read_record_data

    good = dump_record(GOOD)
    path = tmp_path / "cut.json"
    wrong = []
    for end in range(1, len(good) - 2, 3):  # a third of all cut points, every kind of token among them
        cut = good[:end]
        if not cut.strip():
            continue
        path.write_text(cut, encoding="utf-8")
        expected = ("bad-json", "truncated JSON (the file ends too early)", cut.count("\n") + 1)
        for read in (lambda: read_record_data(str(path)), lambda: load_record(path)):
            try:
                read()
            except InvalidFileError as error:
                found = error.diagnostics[0]
                if (found.code, found.message, found.line) != expected:
                    wrong.append((end, cut[-12:], found.code, found.message))
            else:
                wrong.append((end, cut[-12:], "accepted", ""))
    assert wrong == []


def test_a_truncated_file_names_the_line_where_it_ends(run, tmp_path):
    from jimcode.records.model import dump_record

    coded = write_study(tmp_path)
    text = dump_record(GOOD)
    (coded / "cut.json").write_text(text[:200], encoding="utf-8")
    result = summary(run, coded)
    line = text[:200].count("\n") + 1
    assert f"cut.json:{line}:" in result.stderr
    assert result.exit_code == 1


def test_a_file_that_is_not_utf8_is_skipped(run, tmp_path):
    coded = write_study(tmp_path)
    (coded / "latin.json").write_bytes('{"case": "Zoë"}'.encode("latin-1"))
    result = summary(run, coded)
    assert result.exit_code == 1
    assert "not UTF-8" in result.stderr
    assert json.loads(result.stdout)["groups"][0]["corpus"]["cases"] == 8


def test_strict_stops_at_the_first_bad_file(run, tmp_path):
    coded = write_study(tmp_path)
    (coded / "aa-bad.json").write_text("{", encoding="utf-8")
    result = run("summary", coded, "--format", "json", "--strict")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"jimcode: error: {coded / 'aa-bad.json'}")
    assert result.stderr.count("\n") == 1


def test_a_missing_path_is_reported_and_the_others_still_read(run, tmp_path):
    coded = write_study(tmp_path)
    result = summary(run, coded, tmp_path / "nowhere.json")
    assert result.exit_code == 1
    assert "nowhere.json: error[not-found]: no such file" in result.stderr
    assert json.loads(result.stdout)["groups"][0]["corpus"]["cases"] == 8


def test_records_of_another_codebook_are_skipped(run, tmp_path):
    coded = write_study(tmp_path)
    other = make_record(replace(CASES[1], transcript="other-study"))
    other.codebook.id = "another-study"
    write_record(coded, other, name="zz-other.json")
    result = summary(run, coded)
    assert result.exit_code == 1
    assert "coded with codebook 'another-study', not 'jim-12min'" in result.stderr


def test_folders_are_searched_recursively_and_hidden_files_left_alone(run, tmp_path):
    coded = write_study(tmp_path)
    nested = coded / "2024" / "spring"
    write_record(nested, make_record(replace(CASES[1], transcript="case-09-nested", case="Nested")))
    (coded / ".journal").mkdir()
    (coded / ".journal" / "x.json").write_text("{", encoding="utf-8")
    (coded / ".x.json").write_text("{", encoding="utf-8")
    (coded / "notes.txt").write_text("not a record", encoding="utf-8")
    (nested / "loop").symlink_to(coded, target_is_directory=True)  # a link to a folder is not followed
    result = summary(run, coded)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["groups"][0]["corpus"]["cases"] == 9
    assert data["files"]["records_read"] == 9 and data["warnings"] == []


def test_files_can_be_named_one_by_one(run, tmp_path):
    coded = write_study(tmp_path)
    files = sorted(coded.glob("*.json"))[:3]
    data = json.loads(summary(run, *files).stdout)
    assert data["groups"][0]["corpus"]["cases"] == 3


def test_no_records_is_an_error(run, tmp_path):
    result = summary(run, tmp_path)
    assert result.exit_code == 1
    assert result.stderr == f"jimcode: error: no coded records (*.json) found in {tmp_path}\n"
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    result = summary(run, tmp_path)
    assert result.exit_code == 1
    assert "no usable coded records" in result.stderr


def test_the_codebook_is_found_from_the_record_or_given(run, tmp_path):
    record = make_record(CASES[1], codebook_path="nowhere/codebook.yaml", codebook_sha256="0" * 64)
    record.codebook.id = "unknown-study"
    write_record(tmp_path / "coded", record)
    result = summary(run, tmp_path / "coded")
    assert result.exit_code == 1
    assert "cannot find codebook 'unknown-study' (version 1.0)" in result.stderr
    assert "pass --codebook FILE" in result.stderr

    coded = write_study(tmp_path / "study")
    from tests.summary_study import write_codebook

    small = write_codebook(tmp_path / "small")
    data = json.loads(summary(run, coded, "--codebook", small).stdout)
    assert data["codebook"]["title"] == "JIM onder 12"
    assert data["warnings"][0]["code"] == "codebook-changed"


def test_a_codebook_path_relative_to_a_parent_folder_is_found(run, tmp_path):
    from tests.summary_study import write_codebook

    write_codebook(tmp_path / "codebooks")
    record = make_record(CASES[1], codebook_path="codebooks/jim-12min.yaml", codebook_sha256="1" * 64)
    write_record(tmp_path / "project" / "coded", record)
    # The small codebook has the id but not the sha256; with no better match it is used.
    (tmp_path / "project" / "codebooks").mkdir()
    write_codebook(tmp_path / "project" / "codebooks")
    data = json.loads(summary(run, tmp_path / "project" / "coded").stdout)
    assert data["codebook"]["title"] == "JIM onder 12"


def test_an_invalid_codebook_given_is_an_error(run, tmp_path):
    coded = write_study(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [\n", encoding="utf-8")
    result = summary(run, coded, "--codebook", bad)
    assert result.exit_code == 1
    assert str(bad) in result.stderr and "Traceback" not in result.stderr


def _many_records(folder: Path, count: int) -> None:
    from jimcode.records.model import dump_record

    template = dump_record(make_record(CASES[1]))
    folder.mkdir(parents=True)
    for i in range(count):
        (folder / f"case-{i:04d}.alice.json").write_text(
            template.replace('"case-02-sem"', f'"case-{i:04d}"').replace('"Sem"', f'"Sem{i}"'), encoding="utf-8"
        )


def test_a_progress_bar_appears_on_a_terminal_for_many_files_and_not_when_piped(tmp_path):
    _many_records(tmp_path / "coded", 220)
    command = [sys.executable, "-m", "jimcode", "summary", str(tmp_path / "coded"), "--format", "json"]
    piped = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert piped.returncode == 0, piped.stderr
    assert piped.stderr == ""
    assert json.loads(piped.stdout)["groups"][0]["corpus"]["cases"] == 220

    controller, terminal = pty.openpty()
    environment = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=terminal, env=environment) as process:
        os.close(terminal)
        stdout = process.stdout.read() if process.stdout else b""
        process.wait(timeout=60)
        seen = b""
        while select.select([controller], [], [], 0.2)[0]:
            try:
                chunk = os.read(controller, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    os.close(controller)
    assert process.returncode == 0
    assert b"reading records" in seen
    assert json.loads(stdout)["groups"][0]["corpus"]["cases"] == 220, "stdout carries only the data"


def test_a_record_with_a_byte_order_mark_is_read(run, tmp_path):
    from jimcode.records.model import dump_record

    coded = write_study(tmp_path)
    (coded / "bom.json").write_bytes(
        b"\xef\xbb\xbf" + dump_record(make_record(replace(CASES[1], transcript="bom"))).encode()
    )
    result = summary(run, coded)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["groups"][0]["corpus"]["cases"] == 9


def _edge_cases(coded: Path) -> None:
    """Records each parser reads its own way: a byte order mark, an integer beyond 64 bits, escapes,
    a lone surrogate, duplicate keys, a float answer; and two broken files."""
    from jimcode.records.model import dump_record

    def text(base, **changes) -> str:
        return dump_record(make_record(replace(base, **changes)))

    (coded / "bom.json").write_bytes(b"\xef\xbb\xbf" + text(CASES[1], transcript="bom").encode())
    huge = text(CASES[2], transcript="huge").replace('"child_age": 5', '"child_age": 100000000000000000000000')
    (coded / "huge.json").write_text(huge, encoding="utf-8")
    escaped = text(CASES[3], transcript="escaped", case="Mil\u00e1").replace(
        '"Hoe lang duurde', '"\\u00c9\\ud83d\\ude00 \\ud800 Hoe lang duurde'
    )
    (coded / "escaped.json").write_text(escaped, encoding="utf-8")
    twice = text(CASES[5], transcript="twice").replace('"coder": "alice"', '"coder": "bob", "coder": "alice"')
    (coded / "twice.json").write_text(twice, encoding="utf-8")
    (coded / "float.json").write_text(text(CASES[6], transcript="float", days=42.5), encoding="utf-8")
    (coded / "zz-bad.json").write_text('{"format_version": 1, "segments": [', encoding="utf-8")
    (coded / "zz-worse.json").write_text('{"format_version": 1, "segments": [}', encoding="utf-8")


def test_records_the_structs_refuse_are_read_as_the_model_reads_them(run, tmp_path):
    """Edge cases the C reader leaves to the model (a key given twice, a float where an integer may be,
    escapes, half a surrogate pair, integers beyond 64 bits) are counted as the model reads them."""
    coded = write_study(tmp_path)
    _edge_cases(coded)
    result = run("summary", coded, "--format", "json")
    assert result.exit_code == 1
    assert "truncated JSON" in result.stderr and "zz-worse.json" in result.stderr
    data = json.loads(result.stdout)
    assert data["groups"][0]["corpus"]["cases"] == 13 and data["files"]["skipped"] == 2
    ages = next(a for a in data["groups"][0]["attributes"] if a["id"] == "child_age")
    assert ages["stats"]["max"] == 1e23
    retrieved = run("retrieve", "RQ4", coded, "-C", "1", "--format", "json")
    assert retrieved.exit_code == 1 and "internal error" not in retrieved.stderr
    assert "É😀 \ufffd Hoe lang duurde" in retrieved.stdout, "half a surrogate pair is shown as U+FFFD, not a crash"


def test_starting_the_cli_loads_no_record_reader():
    code = "import sys, jimcode.cli; print('msgspec' in sys.modules, 'jimcode.records.stream' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_the_cycle_collector_is_on_again_after_reading_even_after_an_error(run, tmp_path):
    import gc

    coded = write_study(tmp_path)
    assert summary(run, coded).exit_code == 0
    assert gc.isenabled()
    (coded / "zz-bad.json").write_text("{", encoding="utf-8")
    assert run("summary", coded, "--strict").exit_code == 1
    assert run("retrieve", "parents-gatekeeper", coded, "--strict").exit_code == 1
    assert gc.isenabled()


def test_a_file_name_that_is_not_utf8_is_shown_with_a_replacement_character(run, tmp_path):
    """A file name Python decodes with surrogateescape reaches the result as U+FFFD (no crash, exit 1 for the
    broken file); half a surrogate pair in a record's text is replaced when the record is parsed."""
    coded = write_study(tmp_path)
    broken = coded / os.fsdecode(b"caf\xe9.json")
    broken.write_text('{"format_version": 1, "segments": [', encoding="utf-8")
    result = run("summary", coded, "--format", "json")
    assert result.exit_code == 1, result.stderr
    skipped = json.loads(result.stdout)["files"]["skipped_files"]
    assert skipped == [
        {"path": str(coded / "caf\ufffd.json"), "line": 1, "reason": "truncated JSON (the file ends too early)"}
    ]
