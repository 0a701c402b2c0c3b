"""`export project`'s writer: GUIDs made in batches, XML-safe text, what a selection holds and in which
order, and the check that the records of a transcript hold the same segments (made while writing)."""

from __future__ import annotations

import io
import random
import uuid
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from jimcode.records.model import Evidence
from jimcode.refi import project_out
from jimcode.refi.qdaxml import JIMCODE_GUID_NAMESPACE, guid_of_key, guids_of_keys, xml_text
from tests.interchange_fixtures import make_record, write_codebook, write_records

NS = {"q": "urn:QDA-XML:project:1.0"}
SEP = "\x1f"


def _uuid5(key: str) -> str:
    return str(uuid.uuid5(JIMCODE_GUID_NAMESPACE, key)).upper()


def test_guids_of_keys_are_the_uuid5_of_prefix_and_suffix():
    prefixes = ["", f"coding{SEP}case-01-noah{SEP}", f"segment{SEP}ë€𝄞{SEP}", "x" * 70]
    suffixes = ["", "s001", f"s002{SEP}anna{SEP}request-parent", '😊 — "&<', "y" * 130]
    for prefix in prefixes:
        assert guids_of_keys(prefix, suffixes) == [_uuid5(prefix + suffix) for suffix in suffixes], prefix
        assert guids_of_keys(prefix, iter(suffixes)) == guids_of_keys(prefix, suffixes)
    assert guids_of_keys("p", []) == []
    generator = random.Random(5)  # enough digests for every value of the version and variant digits
    many = ["".join(generator.choices("ab€\x1f😊", k=generator.randint(0, 12))) for _ in range(400)]
    assert guids_of_keys("k", many) == [_uuid5("k" + suffix) for suffix in many]
    for key in ["", "user\x1fanna", "ë€𝄞"]:
        assert guid_of_key(key) == _uuid5(key)


def _xml_char(point: int) -> bool:
    """The Char production of XML 1.0."""
    return (
        point in (0x9, 0xA, 0xD) or 0x20 <= point <= 0xD7FF or 0xE000 <= point <= 0xFFFD or 0x10000 <= point <= 0x10FFFF
    )


def test_xml_text_replaces_exactly_what_xml_1_0_cannot_hold():
    step = 4096
    for start in range(0, 0x110000, step):
        chunk = "".join(map(chr, range(start, start + step)))
        expected = "".join(c if _xml_char(ord(c)) else "\ufffd" for c in chunk)
        assert xml_text(chunk) == expected, hex(start)
    assert xml_text("plain text") == "plain text"
    assert xml_text("tab\tline\nfeed\r") == "tab\tline\nfeed\r"
    assert xml_text("bell\x07 and \ufffe") == "bell\ufffd and \ufffd"


def _export(run, folder: Path, target: Path, *extra: str) -> ET.Element:
    result = run("export", "project", folder, "-o", target, *extra)
    assert result.exit_code == 0, result.stderr
    return ET.fromstring(zipfile.ZipFile(target).read("project.qde"))


def test_a_selection_holds_the_codings_coder_by_coder_then_the_note_references(run, tmp_path):
    folder = tmp_path / "coded"
    write_codebook(folder)
    segments = [("I", "Een."), ("R", "Twee."), ("I", "Drie.")]
    anna = make_record(
        "t1",
        "anna",
        "A",
        segments,
        {1: ["request-professional", "request-parent"]},
        memos={0: "alleen een memo"},
        evidence={1: [Evidence(hypothesis="H1", stance="supports", note="ja")]},
    )
    ben = make_record("t1", "ben", "A", segments, {0: ["positioning-quick"]}, memos={1: "van ben"})
    write_records(folder, [anna, ben])
    root = _export(run, folder, tmp_path / "p.qdpx")

    users = {user.get("guid"): user.get("name") for user in root.findall("q:Users/q:User", NS)}
    codes = {code.get("guid"): code.get("name") for code in root.iter("{urn:QDA-XML:project:1.0}Code")}
    notes = root.findall("q:Notes/q:Note", NS)
    note_names = {note.get("guid"): note.get("name") for note in notes}
    assert [note.get("name") for note in notes] == ["Memo s001 (anna)", "H1 supports s002 (anna)", "Memo s002 (ben)"]

    def held(selection: ET.Element) -> list[tuple[str, ...]]:
        found: list[tuple[str, ...]] = []
        for child in selection:
            tag = child.tag.split("}")[1]
            if tag == "Coding":
                code = codes[child.find("q:CodeRef", NS).get("targetGUID")]
                found.append((tag, users[child.get("creatingUser")], code, child.get("guid")))
            else:
                found.append((tag, note_names[child.get("targetGUID")], child.get("targetGUID")))
        return found

    source = root.find("q:Sources/q:TextSource", NS)
    first, second, third = source.findall("q:PlainTextSelection", NS)
    note_guid = {note.get("name"): note.get("guid") for note in notes}
    assert held(first) == [
        ("Coding", "ben", "Snel 🚀", _uuid5(f"coding{SEP}t1{SEP}s001{SEP}ben{SEP}positioning-quick")),
        ("NoteRef", "Memo s001 (anna)", note_guid["Memo s001 (anna)"]),
    ]
    coding = f"coding{SEP}t1{SEP}s002{SEP}anna{SEP}"
    assert held(second) == [
        ("Coding", "anna", "Hulpvraag professional", _uuid5(f"{coding}request-professional")),
        ("Coding", "anna", "Hulpvraag ouder", _uuid5(f"{coding}request-parent")),
        ("NoteRef", "H1 supports s002 (anna)", note_guid["H1 supports s002 (anna)"]),
        ("NoteRef", "Memo s002 (ben)", note_guid["Memo s002 (ben)"]),
    ]
    assert held(third) == []
    assert [selection.get("guid") for selection in (first, second, third)] == [
        _uuid5(f"segment{SEP}t1{SEP}s00{n}") for n in (1, 2, 3)
    ]
    assert note_guid == {
        "Memo s001 (anna)": _uuid5(f"memo{SEP}t1{SEP}s001{SEP}anna"),
        "H1 supports s002 (anna)": _uuid5(f"evidence{SEP}t1{SEP}s002{SEP}anna{SEP}H1"),
        "Memo s002 (ben)": _uuid5(f"memo{SEP}t1{SEP}s002{SEP}ben"),
    }


def _different_versions(folder: Path, *, ben_status: str = "complete") -> None:
    write_codebook(folder)
    write_records(
        folder,
        [
            make_record("t0", "anna", "Z", [("I", "zelfde")], {}),
            make_record("t0", "ben", "Z", [("I", "zelfde")], {}),
            make_record("t1", "anna", "A", [("I", "een"), ("R", "twee")], {}),
            # the same length, one character changed: the texts themselves are compared
            make_record("t1", "ben", "A", [("I", "een"), ("R", "tweE")], {}, status=ben_status),
        ],
    )


def test_records_of_one_transcript_with_different_segments_are_refused_in_one_line(run, tmp_path):
    folder = tmp_path / "coded"
    _different_versions(folder)
    result = run("export", "project", folder, "-o", tmp_path / "p.qdpx")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("jimcode: error:")]
    assert errors == [
        "jimcode: error: the records of transcript t1 (anna, ben) hold different segments (coded on different "
        "versions of the transcript?); export them separately"
    ]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "p.qdpx").exists()
    assert [path.name for path in tmp_path.iterdir()] == ["coded"]  # no temporary file left beside it


def test_a_record_left_out_by_complete_only_is_not_compared(run, tmp_path):
    folder = tmp_path / "coded"
    _different_versions(folder, ben_status="in_progress")
    root = _export(run, folder, tmp_path / "p.qdpx", "--complete-only")
    sources = root.findall("q:Sources/q:TextSource", NS)
    assert [source.get("name") for source in sources] == ["t0", "t1"]
    assert sorted(case.get("name") for case in root.findall("q:Cases/q:Case", NS)) == [
        "A (anna)",  # named with its coder: the transcript has two records, one of them left out
        "Z (anna)",
        "Z (ben)",
    ]


def test_the_archive_deflates_with_isal_when_it_is_installed_and_with_zlib_else():
    """Both archives hold the same entries, readable by zipfile (zlib inflates and checks each CRC)."""
    pytest.importorskip("isal")

    assert project_out._fast_deflate() is not None
    entries = {
        "project.qde": ("<Project>" + "<Coding guid='A-B' />\n" * 5000 + "</Project>").encode("utf-8"),
        "sources/A.txt": "I: één vraag 😊\n\n".encode() * 300,
        "sources/empty.txt": b"",
    }
    packed = {}
    for name, deflate in (("isal", project_out._fast_deflate()), ("zlib", None)):
        out = io.BytesIO()
        with project_out._Archive(out, deflate) as archive:
            for entry, data in entries.items():
                archive.writestr(project_out._zip_info(entry, zipfile.ZIP_DEFLATED), data)
        packed[name] = zipfile.ZipFile(io.BytesIO(out.getvalue()))
        assert packed[name].testzip() is None, name
        assert {entry: packed[name].read(entry) for entry in packed[name].namelist()} == entries, name
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in packed[name].infolist())
    sizes = {name: packed[name].getinfo("project.qde").compress_size for name in packed}
    assert sizes["isal"] != sizes["zlib"]  # each compressor did its own work


class _Unseekable(io.RawIOBase):
    """An output zipfile cannot seek in (a pipe): it writes a data descriptor after each entry."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, chunk) -> int:  # type: ignore[no-untyped-def, override]
        self.data += chunk
        return len(chunk)


@pytest.mark.parametrize("compressor", ["isal", "zlib"])
def test_an_entry_written_whole_is_the_archive_zipfile_writes(compressor):
    """`write_whole` writes the bytes `writestr` writes (whole archives compared), with either compressor;
    on an output it cannot seek in, and for an entry it does not deflate, it leaves the work to zipfile."""
    if compressor == "isal":
        pytest.importorskip("isal")
    deflate = project_out._fast_deflate() if compressor == "isal" else None
    entries = [
        ("project.qde", ("<Project>" + "<Coding guid='A-B' />\n" * 500 + "</Project>").encode("utf-8"), True),
        ("sources/A.txt", "I: één vraag 😊\n\n".encode() * 300, True),
        ("sources/ë.txt", b"a name that is not ASCII", True),
        ("sources/empty.txt", b"", True),
        ("sources/stored.txt", b"kept as it is" * 10, False),
    ]

    def archive(out, whole: bool) -> None:
        with project_out._Archive(out, deflate) as zipped:
            for name, data, deflated in entries:
                info = project_out._zip_info(name, zipfile.ZIP_DEFLATED if deflated else zipfile.ZIP_STORED)
                (zipped.write_whole if whole else zipped.writestr)(info, data)

    for make in (io.BytesIO, _Unseekable):
        theirs, ours = make(), make()
        archive(theirs, whole=False)
        archive(ours, whole=True)
        written = ours.getvalue() if isinstance(ours, io.BytesIO) else bytes(ours.data)
        assert written == (theirs.getvalue() if isinstance(theirs, io.BytesIO) else bytes(theirs.data)), make
        read = zipfile.ZipFile(io.BytesIO(written))
        assert read.testzip() is None
        assert [(info.filename, read.read(info)) for info in read.infolist()] == [(n, d) for n, d, _ in entries]


def test_a_sources_plain_text_holds_each_segment_after_its_speakers_label_a_blank_line_apart():
    """Where each segment's text sits in the exported plain text, in code points (REFI-QDA's offsets)."""
    from types import SimpleNamespace

    from jimcode.refi.project_text import source_layout

    segments = [
        SimpleNamespace(speaker="Interviewer", text="Hoe ging het?"),
        SimpleNamespace(speaker=None, text="[stilte]"),
        SimpleNamespace(speaker="  Cecile\n de Vries ", text="Goed 😊\r\nEcht."),
        SimpleNamespace(speaker="", text="Einde"),
        SimpleNamespace(speaker="Interviewer", text=""),
    ]
    layout = source_layout(segments)  # type: ignore[arg-type]
    assert layout.text == (
        "Interviewer: Hoe ging het?\n\n[stilte]\n\nCecile de Vries: Goed 😊\nEcht.\n\nEinde\n\nInterviewer: \n"
    )
    assert layout.spans == [(13, 26), (28, 36), (55, 67), (69, 74), (89, 89)]
    assert [layout.text[start:end] for start, end in layout.spans] == [
        "Hoe ging het?",
        "[stilte]",
        "Goed 😊\nEcht.",
        "Einde",
        "",
    ]
    empty = source_layout([])
    assert (empty.text, empty.spans) == ("\n", [])
