"""`jimcode validate` on many records: each codebook found once per folder and reference, what depends only
on a codebook worked out once on the codebook, every record still checked against its own codebook."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from jimcode.codebook.model import load_codebook
from jimcode.corpus import RecordCodebooks
from jimcode.records.model import load_record
from jimcode.validate import validate_record_file
from tests.conftest import ROOT

SHIPPED = ROOT / "codebooks" / "jim-12min.nl.yaml"
RECORD = ROOT / "examples" / "coded" / "case-02-sem.anna.json"
POLAR = "competence-open-to-network"  # a code with a polarity, applied with one in RECORD
CODEBOOK_KEY = '"codebook": {'  # the line a record's codebook findings are said at


def _edited_codebook() -> str:
    """The shipped codebook as version 1.1, with POLAR's polarity taken away."""
    text = SHIPPED.read_text(encoding="utf-8")
    declared = f"      - id: {POLAR}\n        label: Open staan voor (feedback van) mensen uit eigen omgeving\n"
    declared += "        shortcut: co\n        polarity: true\n"
    assert text.count(declared) == 1 and text.count('version: "1.0"\n') == 1
    return text.replace(declared, declared.replace("        polarity: true\n", "")).replace(
        'version: "1.0"\n', 'version: "1.1"\n'
    )


def _record(folder: Path, name: str, codebook_path: str, codebook_id: str | None = None) -> Path:
    data = json.loads(RECORD.read_text(encoding="utf-8"))
    data["codebook"]["path"] = codebook_path
    if codebook_id is not None:
        data["codebook"]["id"] = codebook_id
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def _line(path: Path, text: str, occurrence: int = 0) -> int:
    numbers = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if text in line]
    return numbers[occurrence]


def _polar_segments(path: Path) -> list[str]:
    """The segments of a record that give POLAR a polarity, in order."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [s["segment_id"] for s in data["segments"] if POLAR in s["polarity"]]


@pytest.fixture
def two_folders(tmp_path: Path) -> tuple[Path, Path]:
    """Folders a and b, each with a record naming `cb.yaml` beside it: a's is edited, b's is the shipped text."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "cb.yaml").write_text(_edited_codebook(), encoding="utf-8")
    (tmp_path / "b" / "cb.yaml").write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")
    _record(tmp_path / "a", "sem.anna.json", "cb.yaml")
    _record(tmp_path / "b", "sem.anna.json", "cb.yaml")
    return tmp_path / "a", tmp_path / "b"


def _findings_against_the_edited_codebook(record: Path) -> list[str]:
    changed = _line(record, CODEBOOK_KEY)
    found = [
        f"{record}:{changed}: warning[codebook-changed]: the codebook changed since this record was coded "
        "(version 1.0 then, 1.1 now)"
    ]
    for segment in _polar_segments(record):
        at = _line(record, f'"segment_id": "{segment}"')
        found.append(
            f"{record}:{at}: error[bad-polarity]: segment {segment}: "
            f"polarity for code '{POLAR}', which has no polarity in the codebook"
        )
    return found


def test_the_same_relative_codebook_path_in_two_folders_is_two_codebooks(run, two_folders):
    a, b = two_folders
    assert len(_polar_segments(a / "sem.anna.json")) == 2  # RECORD as this test knows it
    for order in ((a, b), (b, a)):
        result = run("validate", *order)
        assert result.exit_code == 1
        assert result.stdout.splitlines() == _findings_against_the_edited_codebook(a / "sem.anna.json")
        assert result.stderr == "jimcode: error: 4 file(s) checked, 1 invalid (2 error(s))\n"  # and the two codebooks
    assert run("validate", b).exit_code == 0


def test_many_records_of_a_folder_each_get_their_own_findings(run, two_folders):
    a, _ = two_folders
    for name in ("sem.bram.json", "sem.consensus.json"):
        _record(a, name, "cb.yaml")
    result = run("validate", a)
    assert result.exit_code == 1
    expected = [
        line
        for name in ("sem.anna.json", "sem.bram.json", "sem.consensus.json")
        for line in _findings_against_the_edited_codebook(a / name)
    ]
    assert result.stdout.splitlines() == expected


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="symbolic links need privileges on Windows")
def test_a_linked_record_is_checked_against_the_codebook_beside_its_target(run, two_folders):
    a, b = two_folders
    link = b / "zz-link.anna.json"
    link.symlink_to(a / "sem.anna.json")
    # b's own record first: the codebook found for its folder must not answer for the link
    result = run("validate", b / "sem.anna.json", link)
    assert result.exit_code == 1
    expected = [
        line.replace(str(a / "sem.anna.json"), str(link))
        for line in _findings_against_the_edited_codebook(a / "sem.anna.json")
    ]
    assert result.stdout.splitlines() == expected


def test_a_codebook_not_found_is_said_for_each_record_by_its_own_name(run, tmp_path):
    records = [
        _record(tmp_path / "c", name, "missing.yaml", "nobody-has-this") for name in ("x.anna.json", "y.bram.json")
    ]
    result = run("validate", tmp_path / "c")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{path}:{_line(path, CODEBOOK_KEY)}: warning[codebook-not-found]: codebook 'nobody-has-this' "
        f"(version 1.0) that {path} was coded with was not found (looked for missing.yaml beside it, the study "
        "folder's codebook and the shipped codebooks); checked the record alone"
        for path in records
    ]


def test_an_invalid_codebook_passed_over_is_said_for_every_record_of_the_folder(run, tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "cb.yaml").write_text("id: [broken\n", encoding="utf-8")
    records = [_record(tmp_path / "d" / "inner", name, "cb.yaml") for name in ("x.anna.json", "y.bram.json")]
    result = run("validate", tmp_path / "d" / "inner")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{path}:{_line(path, CODEBOOK_KEY)}: warning[codebook-skipped]: {tmp_path / 'd' / 'cb.yaml'}: "
        "not a valid codebook (see `jimcode validate`); looked further"
        for path in records
    ]


def test_answers_dropped_to_keep_memory_flat_are_found_again_the_same(two_folders):
    a, b = two_folders
    books = RecordCodebooks(folders_kept=1)
    for folder in (a, b, a, b):
        record = folder / "sem.anna.json"
        found = books.find(load_record(record).codebook, record)
        version = "1.1" if folder == a else "1.0"
        assert (found.codebook.path, found.codebook.version) == (str(folder / "cb.yaml"), version)
        assert len(books) == 1
    kept = RecordCodebooks()  # as validate passes it from record to record
    for count, folder in enumerate((a, b, a, b), start=1):
        validate_record_file(folder / "sem.anna.json", str(folder / "sem.anna.json"), kept)
        assert len(kept) == min(count, 2)  # each folder's answer kept, and used again


def test_what_a_codebook_works_out_once_is_its_own(tmp_path):
    (tmp_path / "edited.yaml").write_text(_edited_codebook(), encoding="utf-8")
    shipped, edited = load_codebook(SHIPPED), load_codebook(tmp_path / "edited.yaml")
    for _ in range(2):  # worked out, then kept
        assert shipped.codes_by_id()[POLAR].code.has_polarity
        assert not edited.codes_by_id()[POLAR].code.has_polarity
        assert [e.code.id for e in shipped.numbered_codes()] == [e.code.id for e in edited.numbered_codes()]
        assert shipped.numbered_codes()[0].code is not edited.numbered_codes()[0].code
        assert shipped.attribute("organisation") is not edited.attribute("organisation")
        assert shipped.attribute("organisation") == edited.attribute("organisation")
        assert shipped.attribute("no-such-attribute") is None


def test_a_caller_changing_what_it_got_does_not_change_the_codebook():
    codebook = load_codebook(SHIPPED)
    count = len(codebook.numbered_codes())
    codebook.numbered_codes().clear()
    codebook.numbered_codes(offered_only=True).clear()
    codebook.codes_by_id().pop(POLAR)
    assert len(codebook.numbered_codes()) == count == len(codebook.numbered_codes(offered_only=True))
    assert POLAR in codebook.codes_by_id()
    assert [e.number for e in codebook.numbered_codes()] == list(range(1, count + 1))


def test_a_codebook_used_equals_the_same_codebook_unused():
    used, unused = load_codebook(SHIPPED), load_codebook(SHIPPED)
    used.numbered_codes()
    used.codes_by_id()
    used.attribute("organisation")
    used.lineage()
    assert used == unused


def test_a_record_of_an_earlier_format_version_is_checked_as_upgraded(run, tmp_path):
    data = json.loads(RECORD.read_text(encoding="utf-8"))
    data["format_version"] = 2  # no poles given, no quotes marked
    for segment in data["segments"]:
        del segment["polarity"], segment["quote_sentences"]
    data["codebook"]["path"] = str(SHIPPED)
    path = tmp_path / "old.anna.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    codes = load_codebook(SHIPPED).codes_by_id()
    unspecified: dict[str, list[str]] = {}
    for segment in data["segments"]:
        for code in segment["codes"]:
            if codes[code].code.has_polarity:
                unspecified.setdefault(code, []).append(segment["segment_id"])
    assert len(unspecified) >= 2  # RECORD as this test knows it
    result = run("validate", path)
    assert result.exit_code == 0
    lines = {code: _line(path, f'"segment_id": "{where[0]}"') for code, where in unspecified.items()}
    assert result.stdout.splitlines() == [
        f"{path}:{lines[code]}: warning[polarity-not-given]: code '{code}': "
        f"polarity not given (present or absent) in {', '.join(where)}; counted as unspecified until recoded"
        for code, where in unspecified.items()
    ]
