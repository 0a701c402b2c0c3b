"""Hostile inputs: each ends in exit 1 (or 2), one line naming the file, nothing written, quickly and in
little memory. Every run is a real `python -m jimcode` process under a memory cap (RLIMIT_AS, 1 GiB,
where the platform has it) and a timeout, so a bomb that gets through fails the test instead of the machine.

Not here: a full disk and read-only folders (tests/test_full_disk.py); a VTT hour of 321 digits (a
warning, not an error: tests/test_transcripts_arrival.py); co-occurrence memory of a 1,000-code codebook
(tests/test_summary_many_codes.py, also in a capped process).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from jimcode.records.model import load_record
from tests.coded_records import CODEBOOK, make_record, save, segment
from tests.coding_helpers import MINI_CODEBOOK
from tests.conftest import ROOT

MEMORY_CAP = 1024**3
TIMEOUT = 20  # seconds; each case takes about one


def _cap_memory() -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows: the timeout still guards
        return
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def jimcode(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("JIMCODE_CODER", "SOURCE_DATE_EPOCH")}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "jimcode", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=_cap_memory if os.name == "posix" else None,
    )


def _tree(folder: Path) -> dict[str, tuple[int, int]]:
    """Every entry under `folder` with its size and modification time (what 'nothing written' compares)."""
    return {
        str(path.relative_to(folder)): (path.lstat().st_size, path.lstat().st_mtime_ns) for path in folder.rglob("*")
    }


# Builders of one hostile file each, in the current folder; each returns the file's name.


def _alias_amplified_codebook(folder: Path) -> str:
    """1.2 MB on disk, below the 10 MB and 50,000-node caps, but 4 GB once its 4,000 aliases are expanded."""
    big = "x" * 1_000_000
    aliases = ", ".join(["*big"] * 4000)
    text = MINI_CODEBOOK.replace("title: Mini codebook", f"title: &big {big}\nsource: [{aliases}]", 1)
    (folder / "bomb.yaml").write_text(text, encoding="utf-8")
    return "bomb.yaml"


def _nested_codebook(folder: Path) -> str:
    """Refused where the 65th `[` opens: line 2, column 4 + 64."""
    (folder / "deep.yaml").write_text("id: deep\nx: " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    return "deep.yaml"


def _long_number_codebook(folder: Path) -> str:
    (folder / "number.yaml").write_text(MINI_CODEBOOK.replace('version: "1.0"', "version: " + "9" * 5000), "utf-8")
    return "number.yaml"


def _device_codebook(folder: Path) -> str:
    (folder / "zero.yaml").symlink_to("/dev/zero")
    return "zero.yaml"


def _fifo(name: str) -> Callable[[Path], str]:
    def build(folder: Path) -> str:
        os.mkfifo(folder / name)
        return name

    return build


def _nested_front_matter(folder: Path) -> str:
    nested = "[" * 5000 + "]" * 5000
    text = f"---\nid: case-01\ncase: Noah\nattributes: {nested}\n---\n\nInterviewer: Hoe gaat het?\n\nCecile: Goed.\n"
    (folder / "deep.md").write_text(text, encoding="utf-8")
    return "deep.md"


def _docx_inflating_to_1_gib(folder: Path) -> str:
    """A .docx of about 1 MB whose document.xml inflates to 1 GiB (written a MiB at a time)."""
    import zipfile

    with zipfile.ZipFile(folder / "bomb.docx", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as bomb:
        bomb.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with bomb.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b"<w:document>")
            chunk = b" " * 2**20
            for _ in range(1024):
                member.write(chunk)
    return "bomb.docx"


def _markdown_of_a_million_turns(folder: Path) -> str:
    """7 MB, under the 50 MB cap, but a million turns (real interviews have 100 to 3,000)."""
    (folder / "long.md").write_text("A: ja\n\nB: nee\n\n" * 500_000, encoding="utf-8")
    return "long.md"


def _nested_json_record(folder: Path) -> str:
    (folder / "deep.anna.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    return "deep.anna.json"


def _nan_record(folder: Path) -> str:
    (folder / "tiny.yaml").write_text(CODEBOOK, encoding="utf-8")
    path = save(folder / "coded", make_record("anna", [segment(0, ["ask-parent"])], codebook_path="../tiny.yaml"))
    path.write_text(path.read_text().replace('"attributes": {}', '"attributes": {"age": NaN}'), encoding="utf-8")
    return str(path.relative_to(folder))


def _qdc(codes: str) -> str:
    return f'<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{codes}</Codes></CodeBook>'


def _code(number: int, inner: str = "") -> str:
    return f'<Code guid="{uuid.UUID(int=number)}" name="code {number}" isCodable="true">{inner}</Code>'


def _nested_qdc(folder: Path) -> str:
    inner = ""
    for number in range(2000, 0, -1):
        inner = _code(number, inner)
    (folder / "nested.qdc").write_text(_qdc(inner), encoding="utf-8")
    return "nested.qdc"


def _crowded_qdc(folder: Path) -> str:
    (folder / "crowded.qdc").write_text(_qdc("".join(_code(n) for n in range(1, 6002))), encoding="utf-8")
    return "crowded.qdc"


def _huge_qdc(folder: Path) -> str:
    with open(folder / "huge.qdc", "wb") as handle:
        handle.truncate(300 * 1024 * 1024)  # sparse: 300 MB by its size, nothing on disk
    return "huge.qdc"


def _device_qdc(folder: Path) -> str:
    (folder / "zero.qdc").symlink_to("/dev/zero")
    return "zero.qdc"


NOT_A_FILE = "error[not-a-file]: this is a device, pipe or socket, not a regular file"
IMPORT = ("import", "codebook", "{file}", "-o", "out/codebook.yaml")
VALIDATE_VERDICT = "jimcode: error: 1 file(s) checked, 1 invalid (1 error(s))"

# id: (build the file, the command ({file} is the file), expected stdout lines, expected stderr lines)
CASES: dict[str, tuple[Callable[[Path], str], tuple[str, ...], list[str], list[str]]] = {
    "yaml-alias-amplification": (
        _alias_amplified_codebook,
        ("show", "{file}"),
        [],
        [
            "jimcode: error: {file}:3:8: error[too-large]: the document's values expand to more than "
            "10,485,760 characters (an alias repeats its anchor's text: an alias bomb?); refusing to load it"
        ],
    ),
    "yaml-nested-1000": (
        _nested_codebook,
        ("show", "{file}"),
        [],
        ["jimcode: error: {file}:2:68: error[too-deep]: nesting deeper than 64 levels"],
    ),
    "yaml-5000-digit-number": (
        _long_number_codebook,
        ("show", "{file}"),
        [],
        ["jimcode: error: {file}:2:10: error[bad-value]: a number of 5,000 characters is too long (at most 1,000)"],
    ),
    "codebook-is-dev-zero": (_device_codebook, ("show", "{file}"), [], [f"jimcode: error: {{file}}: {NOT_A_FILE}"]),
    "codebook-is-fifo": (_fifo("pipe.yaml"), ("show", "{file}"), [], [f"jimcode: error: {{file}}: {NOT_A_FILE}"]),
    "transcript-is-fifo": (_fifo("pipe.md"), ("segment", "{file}"), [], [f"jimcode: error: {{file}}: {NOT_A_FILE}"]),
    "front-matter-nested-5000": (
        _nested_front_matter,
        ("segment", "{file}"),
        [],
        ["jimcode: error: {file}:4:77: error[too-deep]: front matter: nesting deeper than 64 levels"],
    ),
    "record-is-fifo": (
        _fifo("pipe.anna.json"),
        ("validate", "{file}"),
        [f"{{file}}: {NOT_A_FILE}"],
        [VALIDATE_VERDICT],
    ),
    "docx-inflating-to-1-gib": (
        _docx_inflating_to_1_gib,
        ("segment", "{file}"),
        [],
        [
            "jimcode: error: {file}: error[zip-bomb]: 'word/document.xml' inflates to 1,073,741,836 bytes "
            "(the limit is 104,857,600); refusing to read it"
        ],
    ),
    "markdown-of-a-million-turns": (
        _markdown_of_a_million_turns,
        ("segment", "{file}"),
        [],
        [
            "jimcode: error: {file}: error[too-many-segments]: the transcript has 1,000,000 non-blank lines; "
            "jimcode reads at most 200,000 and codes at most 20,000 segments per transcript (an interview has "
            "hundreds): split the file, or check that it is a transcript"
        ],
    ),
    "record-json-nested-100000": (
        _nested_json_record,
        ("validate", "{file}"),
        ["{file}:1:1: error[too-deep]: the JSON is nested too deeply to be a coded record"],
        [VALIDATE_VERDICT],
    ),
    "record-nan-attribute": (
        _nan_record,
        ("validate", "{file}"),
        ["{file}:{nan_line}:25: error[bad-json]: invalid JSON: NaN is not a number JSON allows"],
        [VALIDATE_VERDICT],
    ),
    "qdc-2000-nested-codes": (
        _nested_qdc,
        IMPORT,
        [],
        ["jimcode: error: {file}: codes are nested more than 100 levels deep; refusing it"],
    ),
    "qdc-6000-codes": (
        _crowded_qdc,
        IMPORT,
        [],
        ["jimcode: error: {file}: more than 5,000 codes; refusing it (no codebook is that large)"],
    ),
    "qdc-300-MB": (
        _huge_qdc,
        IMPORT,
        [],
        ["jimcode: error: {file}: error[too-large]: the file is 314,572,800 bytes; the limit is 67,108,864"],
    ),
    "qdc-is-dev-zero": (
        _device_qdc,
        IMPORT,
        [],
        [f"jimcode: error: {{file}}: {NOT_A_FILE}"],
    ),
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs, /dev/zero and RLIMIT_AS are POSIX")
@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_input_ends_in_one_line_naming_the_file_and_writes_nothing(case, tmp_path):
    build, command, stdout, stderr = CASES[case]
    file = build(tmp_path)
    before = _tree(tmp_path)
    fields = {"file": file}
    if any("{nan_line}" in line for line in stdout):  # where the record says NaN (a regular file)
        lines = (tmp_path / file).read_text(encoding="utf-8").splitlines()
        fields["nan_line"] = str(next(number for number, line in enumerate(lines, 1) if "NaN" in line))
    result = jimcode(tmp_path, *(part.format(file=file) for part in command))
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [line.format(**fields) for line in stdout]
    assert result.stderr.splitlines() == [line.format(**fields) for line in stderr]
    assert _tree(tmp_path) == before


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
def test_a_symlink_loop_in_a_records_folder_is_named_and_the_rest_still_summarised(tmp_path):
    (tmp_path / "tiny.yaml").write_text(CODEBOOK, encoding="utf-8")
    save(tmp_path / "coded", make_record("anna", [segment(0, ["ask-parent"])], codebook_path="../tiny.yaml"))
    (tmp_path / "coded" / "loop").symlink_to("loop")
    before = _tree(tmp_path)
    result = jimcode(tmp_path, "summary", "coded", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"jimcode: warning: coded/loop: {os.strerror(40)} (a symbolic link loop?); skipped"
    ]
    files = json.loads(result.stdout)["files"]
    assert (files["records_read"], files["counted"], files["skipped"]) == (1, 1, 0)
    assert _tree(tmp_path) == before


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux's /proc")
def test_the_one_reader_reads_on_past_a_size_that_said_too_little_and_stops_at_its_limit():
    """A /proc file is a regular file of size 0 that reads as text: the size said too little, as for a
    file that grew after it was opened. The reader reads it all, in several reads; past the limit, it refuses."""
    from jimcode.errors import InvalidFileError
    from jimcode.fileio import read_regular

    status = Path("/proc/self/status")
    assert status.stat().st_size == 0
    text = read_regular(status, 1 << 20)
    assert text.startswith(b"Name:\t") and text.endswith(b"\n") and len(text) > 200
    assert text.count(b"\nPid:\t") == 1
    with pytest.raises(InvalidFileError) as grew:
        read_regular(status, 100, "status")
    message = grew.value.diagnostics[0].as_text()
    assert message == "status: error[too-large]: the file is 101 bytes or more; the limit is 100"


def test_the_one_reader_reads_a_regular_file_up_to_its_limit_and_refuses_more(tmp_path):
    from jimcode.errors import InvalidFileError
    from jimcode.fileio import read_regular

    (tmp_path / "exact").write_bytes(b"x" * 10)
    (tmp_path / "over").write_bytes(b"x" * 11)
    assert read_regular(tmp_path / "exact", 10) == b"x" * 10
    with pytest.raises(InvalidFileError) as over:
        read_regular(tmp_path / "over", 10, "over.yaml")
    with pytest.raises(InvalidFileError) as folder:
        read_regular(tmp_path, 10, "folder.yaml")
    assert [over.value.diagnostics[0].as_text(), folder.value.diagnostics[0].as_text()] == [
        "over.yaml: error[too-large]: the file is 11 bytes; the limit is 10",
        "folder.yaml: error[not-a-file]: this is a folder, not a regular file",
    ]


@pytest.mark.parametrize("typed", ["²", "9" * 5000])
def test_a_number_int_cannot_read_is_an_answer_not_an_internal_error(run, tmp_path, monkeypatch, typed):
    """`str.isdigit` takes `²` and 5,000 digits; `int` refuses both. Every number a person types (a code,
    a segment, a disagreement; SOURCE_DATE_EPOCH) is read by `jimcode.typed.whole_number`."""
    coded = ROOT / "examples" / "coded"
    codebook = ROOT / "codebooks" / "jim-12min.nl.yaml"
    transcript = ROOT / "examples" / "transcripts" / "case-01-noah.md"
    retrieve = run("--lang", "en", "retrieve", typed, coded)
    assert (retrieve.exit_code, retrieve.stderr.splitlines()) == (
        2,
        [
            f"jimcode: error: '{typed}' is not a code, research question or hypothesis of codebook jim-12min "
            "(jimcode show CODEBOOK lists them)"
        ],
    )
    code = ("--lang", "en", "code", transcript, "--codebook", codebook, "--coder", "anna", "--out", tmp_path / "a")
    goto = run(*code, input=f"g {typed}\n")
    assert goto.exit_code == 1
    assert goto.stderr.splitlines()[-1] == (
        f"jimcode: error: stdin line 1: '{typed}' is not a segment number (1-43), a segment id, `a` or `v`"
    )
    quote = run(*code, input=f"q {typed}\n")
    assert quote.exit_code == 1
    assert quote.stderr.splitlines()[-1] == (
        f"jimcode: error: stdin line 1: '{typed}' is not a sentence number: `q 2`, `q 2-3`, `q 2 4`, or `q -` to unmark"
    )
    age = run(*code, input=f"g a\n{typed}\n")  # the first case question is a whole number
    assert age.exit_code == 1
    assert age.stderr.splitlines()[-1] == (
        f"jimcode: error: stdin line 2: child_age: '{typed}' is not a whole number (jaar), 0 to 18"
    )
    option = run(*code, input=f"g a\n8\n{typed}\n")  # the second case question is a category
    assert option.exit_code == 1
    assert option.stderr.splitlines()[-1] == (
        f"jimcode: error: stdin line 3: developmental_phase: '{typed}' is not an option; expected one option: "
        "its number or id (phase-0-2, phase-2-4, phase-4-6, phase-6-12, phase-12-18)"
    )
    records = [coded / "case-01-noah.anna.json", coded / "case-01-noah.bram.json"]
    reconcile = run("--lang", "en", "reconcile", *records, "--out", tmp_path / "c", input=f"g {typed}\n")
    assert reconcile.exit_code == 1
    assert (
        reconcile.stderr.splitlines()[-1] == "jimcode: error: stdin line 1: go to which disagreement? `g 1` to `g 15`"
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", typed)  # not a time jimcode can use: the clock's
    stopped = run(*code[:-1], tmp_path / "b", input="q\n")
    assert stopped.exit_code == 0, stopped.stderr
    assert load_record(tmp_path / "b" / "case-01-noah.anna.json").started_at.year >= 2026
