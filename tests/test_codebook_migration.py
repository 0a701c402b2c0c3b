"""A codebook changed while coding goes on: `codebook diff` shows it, `migrate` moves the records.

On a copy of the examples whose codebook is edited (tests/lineage_study.py): a rename, a merge,
a split and a retirement.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from jimcode.records.model import load_record
from tests.lineage_study import CODEBOOK, MERGED, RENAMED, RETIRED, SPLIT, change_codebook, copy_examples

# jimcode's own words in English (the codebooks here are Dutch); tests/test_language.py checks the Dutch.
pytestmark = pytest.mark.usefixtures("english_chrome")


@pytest.fixture
def study(tmp_path: Path) -> Path:
    copy_examples(tmp_path)
    return tmp_path


def _records(coded: Path) -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(coded.glob("*.json"))}


def _usage(records: dict[str, dict], codes: set[str]) -> tuple[int, int]:
    """(records, segments) carrying any of `codes`, counted straight from the JSON."""
    hits = [sum(1 for s in r["segments"] if codes & set(s["codes"])) for r in records.values()]
    return sum(1 for h in hits if h), sum(hits)


def _retrieved(run, coded: Path, code: str) -> set[tuple[str, str]]:
    result = run("retrieve", code, coded, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return {(item["transcript"], item["segment"]) for item in json.loads(result.stdout)["groups"][0]["items"]}


def test_diff_shows_rename_merge_split_and_retirement_with_record_counts(run, study: Path) -> None:
    old = study / "old.yaml"
    shutil.copy(study / CODEBOOK, old)
    change_codebook(study)
    coded = study / "examples" / "coded"
    result = run("codebook", "diff", old, study / CODEBOOK, "--records", coded, "--format", "json")
    assert result.exit_code == 0, result.stderr
    diff = json.loads(result.stdout)
    assert (diff["old_version"], diff["new_version"], diff["records_read"]) == ("1.0", "1.1", 12)
    records = _records(coded)
    rows = {(c["change"], tuple(c["old"]), tuple(c["new"])): (c["records"], c["segments"]) for c in diff["changes"]}
    assert rows == {
        ("split", (SPLIT[0],), (SPLIT[1][1], SPLIT[1][0])): _usage(records, {SPLIT[0]}),
        ("retired", (RETIRED,), (RETIRED,)): _usage(records, {RETIRED}),
        ("merged", MERGED[0], (MERGED[1],)): _usage(records, set(MERGED[0])),
        ("renamed", (RENAMED[0],), (RENAMED[1],)): _usage(records, {RENAMED[0]}),
    }
    assert all(c["kind"] == "code" for c in diff["changes"])


def test_diff_as_markdown_is_a_table_for_a_pull_request(run, study: Path) -> None:
    old = study / "old.yaml"
    shutil.copy(study / CODEBOOK, old)
    change_codebook(study)
    result = run("codebook", "diff", old, study / CODEBOOK, "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "# Codebook jim-12min: version 1.0 → 1.1"
    assert "| renamed | code | value-whole-puzzle → value-sees-whole-puzzle |" in lines
    assert "| retired | code | lesson-phase-over-age |" in lines


def test_diff_of_a_label_and_an_added_code(run, tmp_path: Path) -> None:
    text = (Path(__file__).parent.parent / CODEBOOK).read_text(encoding="utf-8")
    (tmp_path / "old.yaml").write_text(text, encoding="utf-8")
    changed = text.replace("label: JIM ziet de hele puzzel", "label: JIM overziet de hele puzzel").replace(
        "      - id: value-names-patterns\n",
        "      - id: value-new\n        label: Nieuw\n        definition: Nieuw.\n      - id: value-names-patterns\n",
    )
    (tmp_path / "new.yaml").write_text(changed, encoding="utf-8")
    result = run("codebook", "diff", tmp_path / "old.yaml", tmp_path / "new.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    changes = [(c["change"], c["old"], c["new"], c["fields"]) for c in json.loads(result.stdout)["changes"]]
    assert changes == [
        ("changed", ["value-whole-puzzle"], ["value-whole-puzzle"], ["label"]),
        ("added", [], ["value-new"], []),
    ]


def _git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t"}
    env["GIT_COMMITTER_EMAIL"] = "t@x"
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_between_two_git_revisions(run, study: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _git(study, "init", "-q")
    _git(study, "add", CODEBOOK)
    _git(study, "commit", "-q", "-m", "codebook 1.0")
    change_codebook(study)
    _git(study, "commit", "-q", "-am", "codebook 1.1")
    monkeypatch.chdir(study)
    result = run("codebook", "diff", f"HEAD~1:{CODEBOOK}", f"HEAD:{CODEBOOK}", "--format", "json")
    assert result.exit_code == 0, result.stderr
    changes = {(c["change"], tuple(c["old"])) for c in json.loads(result.stdout)["changes"]}
    assert changes == {
        ("split", (SPLIT[0],)),
        ("retired", (RETIRED,)),
        ("merged", MERGED[0]),
        ("renamed", (RENAMED[0],)),
    }
    bad = run("codebook", "diff", f"nosuchrev:{CODEBOOK}", CODEBOOK)
    assert bad.exit_code == 1
    assert bad.stderr.startswith(f"jimcode: error: nosuchrev:{CODEBOOK}: git show failed: ")
    assert len(bad.stderr.splitlines()) == 1


def test_a_revision_without_git_is_a_clear_error(run, study: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(study / "empty"))
    monkeypatch.chdir(study)
    result = run("codebook", "diff", f"HEAD:{CODEBOOK}", CODEBOOK)
    assert result.exit_code == 1
    assert (
        result.stderr == f"jimcode: error: HEAD:{CODEBOOK}: reading a git revision needs git, which is not installed\n"
    )


def test_a_missing_codebook_is_a_clear_error(run, tmp_path: Path) -> None:
    result = run("codebook", "diff", tmp_path / "nope.yaml", tmp_path / "nope2.yaml")
    assert result.exit_code == 1
    assert result.stderr == (
        f"jimcode: error: {tmp_path / 'nope.yaml'}: no such file (name a codebook file, or REV:path in git)\n"
    )


def test_migrate_moves_every_record_and_keeps_the_counts(run, study: Path) -> None:
    coded = study / "examples" / "coded"
    before = {code: _retrieved(run, coded, code) for code in (RENAMED[0], *MERGED[0])}
    old_records = _records(coded)
    change_codebook(study)
    result = run("migrate", coded)
    assert result.exit_code == 0, result.stderr
    assert "jimcode: migrated 12 record(s), 0 already current" in result.stderr.splitlines()
    assert _retrieved(run, coded, RENAMED[1]) == before[RENAMED[0]]
    assert _retrieved(run, coded, MERGED[1]) == before[MERGED[0][0]] | before[MERGED[0][1]]
    new_records = _records(coded)
    codebook_sha = load_record(coded / "case-02-sem.anna.json").codebook.sha256
    for name, old in old_records.items():
        new = new_records[name]
        assert new["codebook"]["version"] == "1.1"
        assert new["codebook"]["sha256"] == codebook_sha != old["codebook"]["sha256"]
        assert new["migrations"][0]["from_sha256"] == old["codebook"]["sha256"]
        for old_segment, new_segment in zip(old["segments"], new["segments"], strict=True):
            assert new_segment["evidence"] == old_segment["evidence"]
            assert new_segment["memo"] == old_segment["memo"]
            mapped = [
                RENAMED[1] if c == RENAMED[0] else MERGED[1] if c in MERGED[0] else c for c in old_segment["codes"]
            ]
            assert new_segment["codes"] == list(dict.fromkeys(mapped))
        assert new["attributes"] == old["attributes"]
        assert new["verdicts"] == old["verdicts"]
    sem = new_records["case-02-sem.anna.json"]["migrations"]
    assert sem == [
        {
            "at": sem[0]["at"],
            "from_version": "1.0",
            "from_sha256": old_records["case-02-sem.anna.json"]["codebook"]["sha256"],
            "to_version": "1.1",
            "changes": [
                f"code competence-accept-help -> {MERGED[1]}: 1 segment(s)",
                *(
                    f"waiting: {s} parents-gatekeeper -> parents-gatekeeper-blocks | parents-gatekeeper-chooses"
                    for s in ("s012", "s020", "s034")
                ),
            ],
        }
    ]


def test_migrate_twice_changes_nothing_the_second_time(run, study: Path) -> None:
    coded = study / "examples" / "coded"
    change_codebook(study)
    assert run("migrate", coded).exit_code == 0
    first = {p.name: p.read_bytes() for p in coded.glob("*.json")}
    again = run("migrate", coded)
    assert again.exit_code == 0
    assert "jimcode: migrated 0 record(s), 12 already current" in again.stderr.splitlines()
    _, waiting = _usage(_records(coded), {SPLIT[0]})
    assert f"jimcode: {waiting} segment(s) still wait for `jimcode code --recode {SPLIT[0]}`" in again.stderr
    assert {p.name: p.read_bytes() for p in coded.glob("*.json")} == first


def test_dry_run_writes_nothing(run, study: Path) -> None:
    coded = study / "examples" / "coded"
    change_codebook(study)
    before = {p.name: p.read_bytes() for p in coded.glob("*.json")}
    result = run("migrate", coded, "--dry-run")
    assert result.exit_code == 0
    assert "jimcode: would migrate 12 record(s), 0 already current" in result.stderr.splitlines()
    assert (
        "jimcode: would migrate "
        f"{coded / 'case-02-sem.anna.json'} to jim-12min 1.1: code competence-accept-help -> {MERGED[1]}: 1 segment(s)"
    ) in result.stderr.splitlines()
    assert {p.name: p.read_bytes() for p in coded.glob("*.json")} == before
    assert sorted(p.name for p in coded.iterdir()) == sorted(before)


def test_a_record_open_in_a_session_is_skipped_with_a_warning(run, study: Path) -> None:
    coded = study / "examples" / "coded"
    change_codebook(study)
    record = coded / "case-02-sem.anna.json"
    lock = {"pid": os.getpid(), "host": socket.gethostname(), "coder": "anna", "since": "2026-01-01T10:00:00Z"}
    Path(f"{record}.lock").write_text(json.dumps(lock), encoding="utf-8")
    before = record.read_bytes()
    result = run("migrate", coded)
    assert result.exit_code == 0
    skipped = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert skipped[0].startswith(f"jimcode: warning: skipped {record}: case-02-sem.anna.json is ")
    assert "jimcode: migrated 11 record(s), 0 already current, 1 skipped (open in a coding session)" in skipped
    assert record.read_bytes() == before


@pytest.mark.slow  # migrate, recode and validate over the twelve example records
def test_validate_is_clean_after_migrate_but_for_the_split(run, study: Path) -> None:
    coded = study / "examples" / "coded"
    change_codebook(study)
    assert run("migrate", coded).exit_code == 0
    result = run("validate", coded, study / CODEBOOK, "--format", "json")
    assert result.exit_code == 0, result.stdout
    found = {(d["file"], d["code"], d["severity"]) for d in json.loads(result.stdout)}
    assert found == {(str(p), "split-waiting", "warning") for p in sorted(coded.glob("*.json"))}


def test_validate_warns_on_records_that_need_migrate_and_fails_on_a_vanished_code(run, study: Path) -> None:
    coded = study / "examples" / "coded"
    codebook = change_codebook(study)
    sem = coded / "case-02-sem.anna.json"
    lines = sem.read_text(encoding="utf-8").splitlines()

    def line_of(text: str) -> int:  # where the finding points: the first line holding `text`
        return next(number for number, line in enumerate(lines, 1) if text in line)

    changed, split, merged = (
        line_of('"codebook": {'),
        line_of('"parents-gatekeeper"'),
        line_of('"competence-accept-help"'),
    )
    result = run("validate", sem)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines() == [
        f"{sem}:{changed}: warning[codebook-changed]: the codebook changed since this record was coded "
        "(version 1.0 then, 1.1 now)",
        f"{sem}:{split}: warning[split-waiting]: code 'parents-gatekeeper' was split into parents-gatekeeper-blocks, "
        "parents-gatekeeper-chooses (applied in s012, s020, s034); run `jimcode code --recode parents-gatekeeper` "
        "to choose per segment",
        f"{sem}:{merged}: warning[needs-migrate]: code 'competence-accept-help' is now '{MERGED[1]}' "
        "(applied in s018); run `jimcode migrate`",
    ]
    # The renamed code's `replaces:` taken out: its old id is known in no form any more.
    text = codebook.read_text(encoding="utf-8")
    codebook.write_text(text.replace(f"        replaces: [{RENAMED[0]}]\n", ""), encoding="utf-8")
    noah = coded / "case-01-noah.anna.json"
    failed = run("validate", noah)
    assert failed.exit_code == 1
    errors = [line for line in failed.stdout.splitlines() if "error[" in line]
    assert len(errors) == 1
    assert errors[0].endswith(f"error[unknown-code]: code '{RENAMED[0]}' is not in the codebook (applied in s036)")


# -- the split settled by `code --recode`, and the whole workflow ---------------------------------------

CHOICES = ("1", "2", "1 2", "-", SPLIT[1][1], "pw")  # by number, id, shortcut (the 'chooses' code kept 'pw')


def _expected_after_recode(records: dict[str, dict], coder: str) -> tuple[str, dict[str, list[list[str]]]]:
    """The answers file for `coder`'s records (in transcript order) and the codes each segment must end with."""
    successors = [SPLIT[1][1], SPLIT[1][0]]  # codebook order: 'blocks' is declared first
    lines, expected, turn = [], {}, 0
    for name, record in records.items():
        if record["coder"] != coder:
            continue
        codes = []
        for segment in record["segments"]:
            new = segment["codes"]
            if SPLIT[0] in segment["codes"]:
                choice = CHOICES[turn % len(CHOICES)]
                turn += 1
                lines += [f"# {record['transcript']['id']} {segment['segment_id']}", choice]
                chosen = {
                    "1": [successors[0]],
                    "2": [successors[1]],
                    "1 2": successors,
                    "-": [],
                    SPLIT[1][1]: [SPLIT[1][1]],
                    "pw": [SPLIT[1][0]],
                }[choice]
                new = []
                for code in segment["codes"]:
                    new += chosen if code == SPLIT[0] else [code]
                new = list(dict.fromkeys(new))
            codes.append(new)
        expected[name] = codes
    return "\n".join(lines) + "\n", expected


@pytest.mark.slow  # migrate, recode and validate over the twelve example records
def test_the_whole_workflow_diff_migrate_recode_validate(run, study: Path) -> None:
    coded = study / "examples" / "coded"
    transcripts = study / "examples" / "transcripts"
    codebook = change_codebook(study)
    assert run("migrate", coded, "--check").exit_code == 1
    assert run("migrate", coded).exit_code == 0
    check = run("migrate", coded, "--check")
    assert check.exit_code == 1
    _, waiting = _usage(_records(coded), {SPLIT[0]})
    assert check.stderr.splitlines()[-1] == (
        f"jimcode: error: 0 record(s) need `jimcode migrate`, {waiting} segment(s) need `jimcode code --recode`"
    )
    for coder in ("anna", "bram", "consensus"):
        answers, expected = _expected_after_recode(_records(coded), coder)
        result = run(
            "code", "--recode", SPLIT[0], transcripts, "--codebook", codebook, "--coder", coder, "--out", coded,
            input=answers,
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        settled = sum(1 for line in answers.splitlines() if not line.startswith("#"))
        assert result.stderr.splitlines()[-1] == (
            f"jimcode: recoded {settled} segment(s) with '{SPLIT[0]}' in {len(expected)} record(s) by {coder}"
        )
        after = _records(coded)
        for name, codes in expected.items():
            assert [s["codes"] for s in after[name]["segments"]] == codes, name
    result = run("validate", coded, codebook)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert run("migrate", coded, "--check").exit_code == 0


def test_recode_stops_at_q_and_resumes_with_the_segments_still_waiting(run, study: Path) -> None:
    coded = study / "examples" / "coded"
    transcripts = study / "examples" / "transcripts"
    codebook = change_codebook(study)
    noah = transcripts / "case-01-noah.md"
    args = ("code", "--recode", SPLIT[0], noah, "--codebook", codebook, "--coder", "anna", "--out", coded)
    first = run(*args, input="1\nq\n2\n")
    assert first.exit_code == 0, first.stderr
    assert first.stderr.splitlines() == [
        "  case-01-noah.anna.json: migrated to jim-12min 1.1 first",
        f"  s016 recoded: {SPLIT[0]} -> {SPLIT[1][1]}",
        f"jimcode: recoded 1 segment(s) with '{SPLIT[0]}' in 1 record(s) by anna; "
        "2 segment(s) in this record still wait (run again to continue)",
    ]
    second = run(*args, input="2\n-\n")
    assert second.exit_code == 0, second.stderr
    assert second.stderr.splitlines()[:2] == [
        f"  s018 recoded: {SPLIT[0]} -> {SPLIT[1][0]}",
        f"  s022 recoded: {SPLIT[0]} -> (none)",
    ]
    codes = {s["segment_id"]: s["codes"] for s in _records(coded)["case-01-noah.anna.json"]["segments"]}
    assert SPLIT[1][1] in codes["s016"] and SPLIT[0] not in codes["s016"]
    assert SPLIT[1][0] in codes["s018"] and SPLIT[0] not in codes["s018"]
    assert not {SPLIT[0], *SPLIT[1]} & set(codes["s022"])


@pytest.mark.parametrize(
    ("recode", "answers", "message"),
    [
        (SPLIT[0], "7\n", "jimcode: error: stdin line 1: '7' is not one of 1-2"),
        (SPLIT[0], "\n# nothing\nparents-gatekeeper-chose\n", (
            "jimcode: error: stdin line 3: 'parents-gatekeeper-chose' is not one of 1-2; "
            "did you mean 'parents-gatekeeper-chooses'?"
        )),
        (RENAMED[0], "1\n", (
            f"jimcode: error: --recode: '{RENAMED[0]}' was renamed to '{RENAMED[1]}', not split; run `jimcode migrate`"
        )),
        ("request-child", "1\n", "jimcode: error: --recode: code 'request-child' is still in codebook jim-12min; "
         "nothing was split"),
    ],
)  # fmt: skip
def test_recode_refuses_what_it_cannot_do_in_one_line(run, study: Path, recode, answers, message) -> None:
    coded = study / "examples" / "coded"
    codebook = change_codebook(study)
    noah = study / "examples" / "transcripts" / "case-01-noah.md"
    before = (coded / "case-01-noah.anna.json").read_bytes()
    result = run(
        "code", "--recode", recode, noah, "--codebook", codebook, "--coder", "anna", "--out", coded, input=answers
    )
    assert result.exit_code in (1, 2)
    assert result.stderr.splitlines()[-1] == message
    if "stdin" in message:  # migrated first, but no segment decided
        assert SPLIT[0] in (coded / "case-01-noah.anna.json").read_text(encoding="utf-8")
    else:
        assert (coded / "case-01-noah.anna.json").read_bytes() == before


def test_the_pre_commit_hook_runs_migrate_check_in_the_study_folder(run, study: Path, monkeypatch) -> None:
    import yaml

    hooks = yaml.safe_load((Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "jimcode-migrated")
    assert hook["pass_filenames"] is False
    command = hook["entry"].split()
    assert command[0] == "jimcode"
    (study / "jimcode.yaml").write_text(
        f"codebook: {CODEBOOK}\ntranscripts: examples/transcripts\ncoded: examples/coded\n", encoding="utf-8"
    )
    monkeypatch.chdir(study)
    assert run(*command[1:]).exit_code == 0
    change_codebook(study)
    failed = run(*command[1:])
    assert failed.exit_code == 1
    assert failed.stderr.splitlines()[-1].startswith("jimcode: error: 12 record(s) need `jimcode migrate`")


def _code_counts(run, *args) -> dict[str, tuple[int, int]]:
    result = run("summary", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    questions = json.loads(result.stdout)["groups"][0]["questions"]
    return {c["id"]: (c["segments"], c["cases"]) for q in questions for c in q["codes"]}


@pytest.mark.slow  # five summaries and an agreement report over the examples
def test_reports_read_unmigrated_records_through_the_lineage_and_say_so_once(run, study: Path) -> None:
    coded = study / "examples" / "coded"
    old = _code_counts(run, coded, "--codebook", study / CODEBOOK)
    codebook = change_codebook(study)
    through = _code_counts(run, coded, "--codebook", codebook)
    assert through[RENAMED[1]] == old[RENAMED[0]]
    agreement = run("agreement", coded, "--codebook", codebook)
    assert agreement.exit_code == 0, agreement.stderr
    said = [line for line in agreement.stderr.splitlines() if "through its lineage" in line]
    assert said == [  # agreement reads the 6 records of the 3 double-coded transcripts, one transcript at a time
        "jimcode: warning: read 6 record(s) of an earlier version of codebook jim-12min through its lineage "
        "(renamed and merged ids mapped); run `jimcode migrate` to update the files"
    ]
    noah = coded / "case-01-noah.anna.json"
    assert (
        f"jimcode: warning: {noah}: split code(s) {SPLIT[0]} cannot be mapped by rule; run `jimcode migrate` "
        f"and `jimcode code --recode {SPLIT[0]} --coder anna`"
    ) in agreement.stderr.splitlines()
    refused = run("reconcile", noah, coded / "case-01-noah.bram.json", "--codebook", codebook, "-o", study / "c.json")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[-1].startswith(f"jimcode: error: {noah}: split code(s) {SPLIT[0]} cannot")
    assert run("migrate", coded).exit_code == 0
    after = _code_counts(run, coded)
    assert after[RENAMED[1]] == through[RENAMED[1]] == old[RENAMED[0]]
    assert after[MERGED[1]] == through[MERGED[1]]
    assert RENAMED[0] not in after and MERGED[0][0] not in after


@pytest.mark.slow  # a real jimcode process on a pseudo-terminal
def test_recode_at_a_terminal_shows_the_segment_and_asks_again_after_a_wrong_answer(study: Path) -> None:
    from tests.pty_sessions import ended, read_until, terminal

    coded = study / "examples" / "coded"
    codebook = change_codebook(study)
    noah = study / "examples" / "transcripts" / "case-01-noah.md"
    process, master = terminal(
        study,
        "code",
        "--recode",
        SPLIT[0],
        str(noah),
        "--codebook",
        str(codebook),
        "--coder",
        "anna",
        "--out",
        str(coded),
        lines=30,
        term="xterm",
    )
    shown = read_until(master, "Which replace 'parents-gatekeeper'?")
    assert "s016" in shown and "Ouders houden de JIM tegen" in shown and "Ouders kiezen de JIM" in shown
    os.write(master, b"9\n")
    assert "'9' is not one of 1-2" in read_until(master, "Which replace 'parents-gatekeeper'?")
    os.write(master, b"2\n")
    read_until(master, "s018")
    os.write(master, b"q\n")
    assert ended(process, master) == 0
    codes = {s["segment_id"]: s["codes"] for s in _records(coded)["case-01-noah.anna.json"]["segments"]}
    assert SPLIT[1][0] in codes["s016"] and SPLIT[0] not in codes["s016"]
    assert SPLIT[0] in codes["s018"]


def test_a_renamed_hypothesis_attribute_and_option_are_diffed_and_migrated(run, study: Path) -> None:
    coded = study / "examples" / "coded"
    path = study / CODEBOOK
    old = study / "old.yaml"
    shutil.copy(path, old)
    text = path.read_text(encoding="utf-8")
    for before, after in (
        ("  - id: H2\n", "  - id: H2-lifeworld\n    replaces: [H2]\n"),
        ("  - id: organisation\n", "  - id: employer\n    replaces: [organisation]\n"),
        ("      - id: youke\n", "      - id: youke-jeugdzorg\n        replaces: [youke]\n"),
    ):
        assert text.count(before) == 1
        text = text.replace(before, after)
    path.write_text(text, encoding="utf-8")
    before_records = _records(coded)
    diff = run("codebook", "diff", old, path, "--records", coded, "--format", "json")
    assert diff.exit_code == 0, diff.stderr
    rows = [(c["kind"], c["change"], c["old"], c["new"], c["attribute"]) for c in json.loads(diff.stdout)["changes"]]
    assert rows == [
        ("hypothesis", "renamed", ["H2"], ["H2-lifeworld"], None),
        ("attribute", "renamed", ["organisation"], ["employer"], None),
        ("option", "renamed", ["youke"], ["youke-jeugdzorg"], "employer"),
    ]
    assert run("migrate", coded).exit_code == 0
    after_records = _records(coded)
    for name, before in before_records.items():
        after = after_records[name]
        answers = dict(before["attributes"])
        organisation = answers.pop("organisation")
        assert after["attributes"] == {
            **answers,
            "employer": "youke-jeugdzorg" if organisation == "youke" else organisation,
        }
        assert [v["hypothesis"] for v in after["verdicts"]] == [
            "H2-lifeworld" if v["hypothesis"] == "H2" else v["hypothesis"] for v in before["verdicts"]
        ]
        assert [[e["hypothesis"] for e in s["evidence"]] for s in after["segments"]] == [
            ["H2-lifeworld" if e["hypothesis"] == "H2" else e["hypothesis"] for e in s["evidence"]]
            for s in before["segments"]
        ]
    result = run("validate", coded, path)
    assert result.exit_code == 0
    assert result.stdout == ""


def test_a_retired_code_is_not_offered_in_a_new_session(run, study: Path) -> None:
    codebook = change_codebook(study)
    sem = study / "examples" / "transcripts" / "case-02-sem.md"
    args = ("code", sem, "--codebook", codebook, "--coder", "zoe", "--out", study / "new")
    refused = run(*args, input=f"{RETIRED}\n")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[-1] == (
        f"jimcode: error: stdin line 1: unknown code '{RETIRED}' (try `f {RETIRED}` to search the labels); "
        "nothing was applied"
    )
    # a retired hypothesis: no verdict asked (the answers template lists the others)
    assert "# H4:   (" in run("code", sem, "--codebook", codebook, "--template").stdout
    text = codebook.read_text(encoding="utf-8")
    codebook.write_text(text.replace("  - id: H4\n", "  - id: H4\n    retired: true\n"), encoding="utf-8")
    template = run("code", sem, "--codebook", codebook, "--template")
    assert template.exit_code == 0
    assert [line for line in template.stdout.splitlines() if line.startswith(("# H1", "# H2", "# H3", "# H4"))] == [
        "# H1:   (Ouders als poortwachter)",
        "# H2:   (JIM verweven met de leefwereld van het gezin)",
        "# H3:   (Trauma en intergenerationele problematiek; behandelrelatie…)",
    ]


def test_export_csv_reads_unmigrated_records_through_the_lineage(run, study: Path) -> None:
    import csv

    coded = study / "examples" / "coded"
    before = run("export", "csv", coded, "-o", study / "before")
    assert before.exit_code == 0, before.stderr

    def codes(folder: Path) -> list[tuple[str, str, str, str]]:
        with (folder / "codings.csv").open(encoding="utf-8", newline="") as stream:
            return [(r["transcript"], r["coder"], r["segment"], r["code"]) for r in csv.DictReader(stream)]

    old = codes(study / "before")
    codebook = change_codebook(study)
    after = run("export", "csv", coded, "--codebook", codebook, "-o", study / "after")
    assert after.exit_code == 0, after.stderr
    # Every coding is still there, under the renamed and merged codes' new ids (two merged codes on
    # one segment become one row); the split code waits for --recode and keeps its old id.
    new_id = {RENAMED[0]: RENAMED[1], **dict.fromkeys(MERGED[0], MERGED[1])}
    expected = sorted({(t, c, s, new_id.get(code, code)) for t, c, s, code in old})
    assert sorted(codes(study / "after")) == expected
    assert RENAMED[0] in {code for *_, code in old}
    said = [line for line in after.stderr.splitlines() if "through its lineage" in line]
    assert said == [
        f"jimcode: warning: {study / 'after'}: read 12 record(s) of an earlier version of codebook jim-12min "
        "through its lineage (renamed and merged ids mapped); run `jimcode migrate` to update the files"
    ]


def test_diff_sees_every_key_a_codebook_has_and_a_code_that_moved(run, tmp_path: Path) -> None:
    """Polarity, reference figures and `about:` are changes too (they change the reports), as are a
    research question's own texts and a code moved to another question (it is counted under that one)."""
    text = (Path(__file__).parent.parent / CODEBOOK).read_text(encoding="utf-8")
    (tmp_path / "old.yaml").write_text(text, encoding="utf-8")
    lines = text.splitlines(keepends=True)
    start = lines.index("      - id: value-names-patterns\n")
    end = lines.index("      - id: value-prevents-escalation\n")
    moved, lines = lines[start:end], lines[:start] + lines[end:]
    rq6_codes = lines.index("    codes:\n", lines.index("  - id: RQ6\n"))
    lines[rq6_codes + 1 : rq6_codes + 1] = moved
    changed = (
        "".join(lines)
        .replace("    title: Meerwaarde van de JIM\n", "    title: Meerwaarde van de JIM voor het gezin\n")
        .replace("        shortcut: mp\n", "        shortcut: mp\n        polarity: true\n")
        .replace("    about: interviewee\n    help: De professionals", "    help: De professionals")
        .replace("        value: 58\n", "        value: 57\n")
    )
    (tmp_path / "new.yaml").write_text(changed, encoding="utf-8")
    assert run("validate", tmp_path / "new.yaml").exit_code == 0
    result = run("codebook", "diff", tmp_path / "old.yaml", tmp_path / "new.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    changes = [(c["kind"], c["change"], c["new"], c["fields"]) for c in json.loads(result.stdout)["changes"]]
    assert changes == [
        ("question", "changed", ["RQ5"], ["title"]),
        ("code", "changed", ["value-whole-puzzle"], ["polarity"]),
        ("code", "changed", ["value-names-patterns"], ["research_question"]),
        ("attribute", "changed", ["organisation"], ["about"]),
        ("attribute", "changed", ["days_to_positioning"], ["reference"]),
    ]
    markdown = run("codebook", "diff", tmp_path / "old.yaml", tmp_path / "new.yaml", "--format", "markdown").stdout
    assert "| changed | question | RQ5 (title) |" in markdown.splitlines()
