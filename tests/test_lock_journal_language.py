"""What the store says about a record's lock and journal, and the questions a terminal asks, in the
codebook's language: Dutch with a Dutch codebook, English under `--lang en`.

Through the real CLI (CliRunner, real processes, a pseudo-terminal for the questions only a person at a
terminal is asked) on real files in tmp_path. The mini codebook is Dutch (`language: nl`) and no test here
sets JIMCODE_LANG, so the codebook decides.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jimcode.errors import SessionBusyError
from jimcode.fileio import write_problem
from jimcode.records.model import load_record
from jimcode.records.store import RecordStore, journal_path, lock_path
from tests.coding_helpers import MINI_CODEBOOK, transcript_markdown
from tests.pty_sessions import answer, ended, shown_until, terminal

RECORD = Path("coded/case-01.anna.json")
JOURNAL = Path("coded/case-01.anna.json.journal")
SINCE = "2026-01-05T09:30:00Z"
STATUS = '{"at":"2026-01-05T09:31:00Z","op":"status","status":"in_progress"}\n'  # one decision, as the journal holds it


@pytest.fixture
def study(tmp_path, monkeypatch):
    """The mini codebook (Dutch) and one transcript in the current folder; no coder in the environment."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JIMCODE_CODER", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    (tmp_path / "mini.yaml").write_text(MINI_CODEBOOK, encoding="utf-8")
    (tmp_path / "case-01.md").write_text(transcript_markdown(), encoding="utf-8")
    return tmp_path


def code(run, *before: str, input: str = "q\n", extra: tuple[str, ...] = ()):
    """`jimcode [BEFORE] code case-01.md -c mini.yaml --coder anna [EXTRA]` with `input` on stdin."""
    return run(*before, "code", "case-01.md", "-c", "mini.yaml", "--coder", "anna", *extra, input=input)


def write_lock(pid: int, host: str | None = None) -> None:
    lock = {"pid": pid, "host": host or socket.gethostname(), "coder": "anna", "since": SINCE}
    lock_path(RECORD).write_text(json.dumps(lock), encoding="utf-8")


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def live_pid():
    """The PID of a process that runs for the whole test (a session still coding)."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield child.pid
    child.kill()
    child.wait()


def coded_once(run) -> None:
    """A record on disk: s001 not relevant, then saved and closed (journal folded in)."""
    result = code(run, input="x\nq\n")
    assert result.exit_code == 0, result.output
    assert not journal_path(RECORD).exists()


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("jimcode: error: ")]


def warnings(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("jimcode: warning: ")]


# --- a lock held by another session ---------------------------------------------------------------


def test_a_record_being_coded_on_this_host_is_refused_in_dutch_and_in_english(run, study, live_pid):
    coded_once(run)
    write_lock(live_pid)
    here = socket.gethostname()
    dutch = code(run)
    assert (dutch.exit_code, dutch.stderr.splitlines()) == (
        1,
        [
            f"jimcode: error: case-01.anna.json wordt gecodeerd door anna (proces {live_pid} op {here}) sinds {SINCE}; "
            "wacht tot de andere sessie klaar is, of codeer een ander transcript"
        ],
    )
    english = code(run, "--lang", "en")
    assert (english.exit_code, english.stderr.splitlines()) == (
        1,
        [
            f"jimcode: error: case-01.anna.json is being coded by anna (process {live_pid} on {here}) since {SINCE}; "
            "wait until it is done, or code another transcript"
        ],
    )


def test_a_record_locked_on_another_host_is_refused_in_dutch(run, study):
    coded_once(run)
    write_lock(4121, "lab-3")
    result = code(run)
    assert (result.exit_code, result.stderr.splitlines()) == (
        1,
        [
            f"jimcode: error: case-01.anna.json wordt gecodeerd door anna (proces 4121 op lab-3) sinds {SINCE}; "
            "draait die sessie niet meer, geef het commando dan opnieuw met --take-over"
        ],
    )
    english = code(run, "--lang", "en")
    assert errors(english) == [
        f"jimcode: error: case-01.anna.json is being coded by anna (process 4121 on lab-3) since {SINCE}; "
        "if that session is no longer running, run again with --take-over"
    ]
    assert code(run, extra=("--take-over",)).exit_code == 0


def test_a_lock_left_by_a_session_that_ended_is_named_in_dutch(run, study):
    coded_once(run)
    dead = dead_pid()
    write_lock(dead)
    result = code(run)
    assert (result.exit_code, result.stderr.splitlines()) == (
        1,
        [
            "jimcode: error: case-01.anna.json is vergrendeld door een sessie die niet netjes is afgesloten: "
            f"anna (proces {dead} op {socket.gethostname()}) sinds {SINCE}; het werk ervan is bewaard. "
            "Geef het commando opnieuw met --take-over om verder te gaan"
        ],
    )


def test_an_unreadable_lock_file_is_an_unknown_session_in_both_languages(run, study):
    coded_once(run)
    lock_path(RECORD).write_text('{"pid": 12', encoding="utf-8")  # cut short by a crash while it was written
    old = time.time() - 60
    os.utime(lock_path(RECORD), (old, old))  # not being written right now
    dutch = code(run)
    assert errors(dutch) == [
        "jimcode: error: case-01.anna.json is vergrendeld door een sessie die niet netjes is afgesloten: "
        "een onbekende sessie (het vergrendelingsbestand is niet te lezen); het werk ervan is bewaard. "
        "Geef het commando opnieuw met --take-over om verder te gaan"
    ]
    english = code(run, "--lang", "en")
    assert errors(english) == [
        "jimcode: error: case-01.anna.json is locked by a session that ended without closing: "
        "an unknown session (its lock file cannot be read); its work is saved. "
        "Run again with --take-over to continue it"
    ]
    assert code(run, extra=("--take-over",)).exit_code == 0
    assert not lock_path(RECORD).exists()


def test_the_same_process_opening_a_record_twice_is_told_in_the_language_given(study):
    with RecordStore.open(RECORD, "anna", language="nl"):
        with pytest.raises(SessionBusyError) as dutch:
            RecordStore.open(RECORD, "anna", language="nl")
        with pytest.raises(SessionBusyError) as english:
            RecordStore.open(RECORD, "anna", language="en")
    assert str(dutch.value) == "case-01.anna.json is al geopend in deze sessie"
    assert str(english.value) == "case-01.anna.json is already open in this session"


def test_a_lock_that_keeps_being_taken_is_told_in_the_language_given(study, monkeypatch):
    real_open = os.open

    def lock_always_taken(path, flags, *args, **kwargs):  # another session creates and removes it every time
        if str(path).endswith(".lock") and flags & os.O_EXCL:
            raise FileExistsError(errno.EEXIST, "File exists", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", lock_always_taken)
    for language, said in (
        ("nl", "case-01.anna.json kon niet worden vergrendeld; een andere sessie vergrendelt het steeds opnieuw"),
        ("en", "could not lock case-01.anna.json; another session keeps taking it"),
    ):
        with pytest.raises(SessionBusyError) as caught:
            RecordStore.open(RECORD, "anna", language=language)
        assert str(caught.value) == said


def test_migrate_skips_a_record_open_in_a_session_in_dutch(run, study, live_pid):
    coded_once(run)
    write_lock(live_pid)
    dry = run("migrate", "coded", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert warnings(dry) == [
        "jimcode: warning: coded/case-01.anna.json overgeslagen: case-01.anna.json is geopend in een codeersessie"
    ]
    done = run("migrate", "coded")
    assert done.exit_code == 0, done.output
    assert warnings(done) == [
        "jimcode: warning: coded/case-01.anna.json overgeslagen: case-01.anna.json wordt gecodeerd door anna "
        f"(proces {live_pid} op {socket.gethostname()}) sinds {SINCE}; wacht tot de andere sessie klaar is, of "
        "codeer een ander transcript"
    ]
    english = run("--lang", "en", "migrate", "coded", "--dry-run")
    assert warnings(english) == [
        "jimcode: warning: skipped coded/case-01.anna.json: case-01.anna.json is open in a coding session"
    ]


# --- the journal ----------------------------------------------------------------------------------


def test_decisions_recovered_from_the_journal_are_told_in_dutch(run, study):
    coded_once(run)
    JOURNAL.write_text(STATUS + STATUS, encoding="utf-8")  # what a killed session leaves
    result = code(run)
    assert result.exit_code == 0, result.output
    assert warnings(result) == ["jimcode: warning: 2 beslissing(en) uit het logboek hersteld"]
    JOURNAL.write_text(STATUS, encoding="utf-8")
    english = code(run, "--lang", "en")
    assert warnings(english) == ["jimcode: warning: recovered 1 decision(s) saved in the journal"]


def test_a_torn_last_journal_line_is_told_in_dutch(run, study):
    coded_once(run)
    JOURNAL.write_text(STATUS + '{"at":"2026-01-05T09:3', encoding="utf-8")  # killed while writing the second
    result = code(run)
    assert result.exit_code == 0, result.output
    assert warnings(result) == [
        "jimcode: warning: de laatste regel van het logboek was onvolledig (het proces werd afgebroken tijdens het "
        "bewaren); genegeerd",
        "jimcode: warning: 1 beslissing(en) uit het logboek hersteld",
    ]


def test_a_damaged_journal_line_is_told_in_dutch_with_its_line(run, study):
    coded_once(run)
    JOURNAL.write_text(STATUS + '{"at":"2026-01-0{"op"\n' + STATUS, encoding="utf-8")
    result = code(run)
    assert result.exit_code == 0, result.output
    assert warnings(result) == [
        f"jimcode: warning: {JOURNAL}:2: deze regel van het logboek is beschadigd en wordt overgeslagen; de "
        "beslissing erin gaat verloren (het logboek is bewaard als case-01.anna.json.journal.damaged)",
        "jimcode: warning: 2 beslissing(en) uit het logboek hersteld",
    ]
    assert Path(f"{JOURNAL}.damaged").is_file()


def test_validate_keeps_its_damaged_journal_warning_in_english_with_a_dutch_codebook(run, study):
    coded_once(run)
    JOURNAL.write_text(STATUS + '{"at":"2026-01-0{"op"\n' + STATUS, encoding="utf-8")
    result = run("validate", "coded")
    assert result.exit_code == 0, result.output
    assert (
        f"{JOURNAL}:2: warning[damaged-journal]: this journal line is damaged and is skipped; "
        "the decision saved in it is lost"
    ) in result.stdout.splitlines() + result.stderr.splitlines()


def test_a_journal_without_its_record_is_refused_in_dutch(run, study):
    coded_once(run)
    RECORD.unlink()
    JOURNAL.write_text(STATUS, encoding="utf-8")
    result = code(run)
    assert (result.exit_code, result.stderr.splitlines()) == (
        1,
        [
            f"jimcode: error: {JOURNAL} bevat beslissingen maar case-01.anna.json ontbreekt; zet het record terug "
            "(bijvoorbeeld uit git) en geef het commando opnieuw"
        ],
    )
    english = code(run, "--lang", "en")
    assert errors(english) == [
        f"jimcode: error: {JOURNAL} holds decisions but case-01.anna.json is missing; restore the record "
        "(e.g. from git) and run again"
    ]


OTHER_SEGMENT = {"at": "2026-01-05T09:31:00Z", "op": "segment", "index": 0, "segment_id": "s099", "status": "coded"}


def test_a_journal_of_another_transcript_is_refused_in_dutch(run, study):
    coded_once(run)
    JOURNAL.write_text(json.dumps(OTHER_SEGMENT) + "\n", encoding="utf-8")
    result = code(run)
    assert (result.exit_code, result.stderr.splitlines()) == (
        1,
        [
            f"jimcode: error: {JOURNAL}:1: error[bad-journal]: past niet bij case-01.anna.json: "
            "segment 1 is s001 in het record, niet s099"
        ],
    )
    english = code(run, "--lang", "en")
    assert english.stderr.splitlines() == [
        f"jimcode: error: {JOURNAL}:1: error[bad-journal]: does not fit case-01.anna.json: "
        "segment 1 is s001 in the record, not s099"
    ]


@pytest.mark.parametrize(
    ("entry", "why"),
    [
        (OTHER_SEGMENT, "segment 1 is s001 in het record, niet s099"),
        ({**OTHER_SEGMENT, "index": 7}, "de regel gaat over segment 8, en het record heeft 4 segment(en)"),
        ({"at": "2026-01-05T09:31:00Z", "op": "segment", "index": 0}, "de regel heeft geen 'segment_id'"),
        ({**OTHER_SEGMENT, "segment_id": "s001", "status": "half"}, "de regel bevat een waarde van de verkeerde soort"),
        ({"at": "gisteren", "op": "status", "status": "complete"}, "de regel bevat een waarde van de verkeerde soort"),
        (
            {"at": "2026-01-05T09:31:00Z", "op": "status", "status": "bogus"},
            "de regel bevat een waarde van de verkeerde soort",
        ),
        (
            {"at": "2026-01-05T09:31:00Z", "op": "attribute", "id": "age", "value": {"a": [1]}},
            "de regel bevat een waarde van de verkeerde soort",
        ),
        ({"at": "2026-01-05T09:31:00Z", "op": "rename"}, "onbekende bewerking 'rename'"),
    ],
)
def test_migrate_refuses_a_journal_that_does_not_fit_as_a_session_does(run, study, entry, why):
    """`migrate --dry-run` reads the journal without the store; it was an internal error (exit 3)."""
    coded_once(run)
    JOURNAL.write_text(STATUS + json.dumps(entry) + "\n", encoding="utf-8")
    said = [f"jimcode: error: {JOURNAL}:2: error[bad-journal]: past niet bij case-01.anna.json: {why}"]
    for args in (("migrate", "coded", "--dry-run"), ("migrate", "coded"), CODE):
        result = run(*args)
        assert (result.exit_code, result.stderr.splitlines()) == (1, said), args
    assert JOURNAL.read_text(encoding="utf-8") == STATUS + json.dumps(entry) + "\n"  # nothing lost


# --- why a write failed ---------------------------------------------------------------------------


def jimcode_faulty(cwd: Path, *args: str, file_size_limit: int | None = None, **faults: str):
    """The CLI in a process whose disk fails as tests/test_full_disk.py's harness makes it (FAULT_DISK_ROOM=bytes,
    FAULT_READONLY=folder), or under a file size limit; every question answered no."""
    from tests.test_full_disk import jimcode  # POSIX only: imported where it is needed

    return jimcode(cwd, *args, stdin="n\nn\nn\n", file_size_limit=file_size_limit, **faults)


CODE = ("code", "case-01.md", "-c", "mini.yaml", "--coder", "anna")


def test_a_full_disk_ends_a_script_in_dutch(study):
    result = jimcode_faulty(study, *CODE, FAULT_DISK_ROOM="400")  # two journal lines fit, the third does not
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "jimcode: error: schijf vol: de laatste beslissing is niet bewaard; elke beslissing ervoor is bewaard in "
        f"{JOURNAL} (geef hetzelfde commando om verder te gaan)"
    )


def test_a_read_only_records_folder_is_told_in_dutch(study):
    (study / "coded").mkdir()
    result = jimcode_faulty(study, *CODE, FAULT_READONLY=str(study / "coded"))
    assert (result.returncode, result.stderr.splitlines()) == (
        1,
        ["jimcode: error: kan geen gecodeerde records schrijven in coded: alleen-lezen bestandssysteem"],
    )


def test_a_journal_that_cannot_be_folded_in_is_told_in_dutch(run, study):
    coded_once(run)
    result = jimcode_faulty(study, *CODE, file_size_limit=1000)  # the journal fits, the 2 kB record does not
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"jimcode: error: kon het logboek niet verwerken in {RECORD}: bestand te groot (de limiet voor de "
        f"bestandsgrootte, ulimit -f, is bereikt); elke beslissing blijft bewaard in {JOURNAL} en wordt verwerkt "
        "wanneer het record weer wordt geopend"
    )
    assert JOURNAL.is_file()


@pytest.mark.parametrize(
    ("number", "dutch", "english"),
    [
        (errno.EACCES, "geen toestemming", "permission denied"),
        (errno.EPERM, "geen toestemming", "permission denied"),
        (
            errno.EIO,
            "invoer-/uitvoerfout (een falende schijf of een verbroken netwerkmap)",
            "input/output error (a failing disk or a lost network share)",
        ),
        (
            errno.ELOOP,
            "te veel niveaus van symbolische koppelingen (een lus van koppelingen)",
            "too many levels of symbolic links (a symlink loop)",
        ),
        (errno.EDQUOT, "schijf vol", "disk full"),  # a quota is a full disk to the user
    ],
)
def test_why_a_write_failed_in_both_languages(number, dutch, english):
    failure = OSError(number, os.strerror(number))
    assert (write_problem(failure, "nl"), write_problem(failure, "en"), write_problem(failure)) == (
        dutch,
        english,
        english,
    )


def test_an_error_jimcode_does_not_word_keeps_the_systems_words():
    assert write_problem(OSError(errno.ENAMETOOLONG, "File name too long"), "nl") == "File name too long"


# --- the questions a terminal asks ----------------------------------------------------------------


@pytest.mark.slow  # a session in a pseudo-terminal
def test_at_a_terminal_a_stale_lock_is_offered_for_take_over_in_dutch_and_the_memo_prompt_too(run, study):
    coded_once(run)
    dead = dead_pid()
    write_lock(dead)
    session, master = terminal(study, *CODE)
    shown = shown_until(master, "[j/N]")
    assert (
        "Het record is vergrendeld door een sessie die niet netjes is afgesloten: "
        f"anna (proces {dead} op {socket.gethostname()}) sinds {SINCE}. "
        "Overnemen (het bewaarde werk gaat niet verloren)? [j/N]"
    ) in shown
    answer(master, "j")
    shown_until(master, "[2/4] › ")
    answer(master, "m")
    shown_until(master, "memo (leeg wist hem): ")
    answer(master, "mooi")
    shown_until(master, "[2/4] › ")
    answer(master, "q")
    assert ended(session, master) == 0
    assert load_record(study / RECORD).segments[1].memo == "mooi"
    assert not lock_path(study / RECORD).exists()


@pytest.mark.slow  # a session in a pseudo-terminal
def test_at_a_terminal_a_stale_lock_not_taken_over_is_left_alone(run, study):
    coded_once(run)
    dead = dead_pid()
    write_lock(dead)
    session, master = terminal(study, "--lang", "en", *CODE)
    shown = shown_until(master, "[y/N]")
    assert "The record is locked by a session that ended without closing: " in shown
    assert shown.endswith("Take it over (its saved work is kept)? [y/N]")
    answer(master, "")
    assert ended(session, master) == 1
    assert json.loads(lock_path(study / RECORD).read_text("utf-8"))["pid"] == dead


@pytest.mark.slow  # a session in a pseudo-terminal
def test_at_a_terminal_the_coder_is_asked_for_a_name_in_dutch(study):
    session, master = terminal(study, "code", "case-01.md", "-c", "mini.yaml")
    assert shown_until(master, "--coder gaat voor): ").endswith("Je codeursnaam (niet onthouden; --coder gaat voor):")
    answer(master, "bert")
    shown_until(master, "[1/4] › ")
    answer(master, "q")
    assert ended(session, master) == 0
    assert load_record(study / "coded" / "case-01.bert.json").coder == "bert"


@pytest.mark.slow  # a session in a pseudo-terminal
def test_in_a_study_folder_the_name_question_says_where_it_is_remembered_in_dutch(run, study):
    assert run("init", "project").exit_code == 0
    folder = study / "project"
    (folder / "transcripts" / "case-01.md").write_text(transcript_markdown(), encoding="utf-8")
    session, master = terminal(folder, "code")
    shown_until(master, "Je codeursnaam (onthouden in .jimcode/coder van deze map; --coder gaat voor): ")
    answer(master, "anna")
    shown_until(master, "[1/")
    answer(master, "q")
    assert ended(session, master) == 0
    assert (folder / ".jimcode" / "coder").read_text("utf-8") == "anna\n"


@pytest.mark.slow  # a session in a pseudo-terminal
def test_at_a_terminal_the_next_transcript_is_offered_in_dutch(study):
    (study / "case-02.md").write_text(transcript_markdown(transcript_id="case-02"), encoding="utf-8")
    session, master = terminal(study, "code", "case-01.md", "case-02.md", "-c", "mini.yaml", "--coder", "anna")
    for line in ("x", "x", "x", "x", "9", "2", "-", "ja"):
        shown_until(master, "› ")
        answer(master, line)
    for line in ("s", "n"):
        shown_until(master, "oordeel › ")
        answer(master, line)
    assert shown_until(master, "[J/n]").endswith("Verder met case-02.md (nog 1)? [J/n]")
    answer(master, "n")
    assert ended(session, master) == 0
    assert load_record(study / "coded" / "case-01.anna.json").is_complete
    assert not (study / "coded" / "case-02.anna.json").exists()


@pytest.mark.slow  # a session in a pseudo-terminal
def test_at_a_terminal_a_full_disk_asks_in_dutch_to_free_space(run, study):
    coded_once(run)
    freed = study / "space-freed"
    from tests.test_full_disk import full_until  # POSIX only: imported where it is needed

    harness = full_until(freed)  # the disk is full until the file `space-freed` appears
    session, master = terminal(study, *CODE, columns=200, harness=harness, FAULT_DISK_ROOM="0")
    shown_until(master, "[2/4] › ")
    answer(master, "n")
    shown = shown_until(master, "q stopt › ")
    assert shown.endswith(
        "schijf vol: de laatste beslissing is niet bewaard; maak ruimte vrij en druk op Enter om opnieuw te "
        "proberen Enter probeert opnieuw, q stopt ›"
    )
    freed.touch()
    answer(master, "")
    shown_until(master, "[3/4] › ")
    answer(master, "q")
    assert ended(session, master) == 0
    assert [s.status for s in load_record(study / RECORD).segments] == ["not_relevant", "coded", "open", "open"]


# --- reconcile: the consensus record's lock ------------------------------------------------------


@pytest.fixture
def coders_records(tmp_path, monkeypatch) -> list[Path]:
    """anna's and ben's records of one transcript, with their codebook (English: `--lang nl` makes it Dutch)."""
    from tests.coded_records import save, write_codebook
    from tests.test_reconcile import two_coders

    monkeypatch.chdir(tmp_path)
    write_codebook(tmp_path)
    anna, ben = two_coders()
    return [save(tmp_path / "coded", anna), save(tmp_path / "coded", ben)]


CONSENSUS = Path("coded/case-a.consensus.json")


def write_consensus_lock(pid: int) -> None:
    lock = {"pid": pid, "host": socket.gethostname(), "coder": "consensus", "since": SINCE}
    lock_path(CONSENSUS).write_text(json.dumps(lock), encoding="utf-8")


def test_a_consensus_being_made_elsewhere_is_refused_in_the_language_asked(run, coders_records, live_pid):
    write_consensus_lock(live_pid)
    here = socket.gethostname()
    dutch = run("--lang", "nl", "reconcile", *coders_records, "--out", "coded", input="q\n")
    assert (dutch.exit_code, errors(dutch)) == (
        1,
        [
            f"jimcode: error: case-a.consensus.json wordt gecodeerd door consensus (proces {live_pid} op {here}) "
            f"sinds {SINCE}; wacht tot de andere sessie klaar is, of codeer een ander transcript"
        ],
    )
    english = run("reconcile", *coders_records, "--out", "coded", input="q\n")  # the codebook is English
    assert errors(english) == [
        f"jimcode: error: case-a.consensus.json is being coded by consensus (process {live_pid} on {here}) "
        f"since {SINCE}; wait until it is done, or code another transcript"
    ]


@pytest.mark.slow  # a session in a pseudo-terminal
def test_at_a_terminal_reconcile_offers_a_stale_lock_for_take_over_in_dutch(coders_records):
    dead = dead_pid()
    write_consensus_lock(dead)
    session, master = terminal(Path.cwd(), "--lang", "nl", "reconcile", *map(str, coders_records), "--out", "coded")
    shown = shown_until(master, "[j/N]")
    assert shown.endswith(
        "Het record is vergrendeld door een sessie die niet netjes is afgesloten: "
        f"consensus (proces {dead} op {socket.gethostname()}) sinds {SINCE}. "
        "Overnemen (het bewaarde werk gaat niet verloren)? [j/N]"
    )
    answer(master, "j")
    shown_until(master, "[1/6] › ")
    answer(master, "q")
    assert ended(session, master) == 0
    assert load_record(CONSENSUS).coder == "consensus"
    assert not lock_path(CONSENSUS).exists()


def test_the_dutch_prompts_a_terminal_reads_a_line_after_fit_80_columns():
    """An input() prompt is not wrapped by jimcode: with the answer's first character it must fit 80 columns."""
    from jimcode.i18n import words
    from jimcode.project import REMEMBERED_CODER

    say = words("nl")
    prompts = [
        say("ask.coder_name", kept=say("ask.name_remembered", file=REMEMBERED_CODER)),
        say("ask.coder_name", kept=say("ask.name_not_remembered")),
        f"{say('ask.take_over')} {say('ask.yes_no')} ",
        say("ask.retry"),
        say("ask.memo"),
    ]
    assert [prompt for prompt in prompts if len(prompt) >= 80] == []


def test_a_record_that_cannot_be_written_is_told_in_dutch(study):
    result = jimcode_faulty(study, *CODE, file_size_limit=1000)  # the new record is 2 kB
    assert (result.returncode, result.stderr.splitlines()) == (
        1,
        [
            f"jimcode: error: {RECORD}: bestand te groot (de limiet voor de bestandsgrootte, ulimit -f, is bereikt)",
        ],
    )
    assert sorted((study / "coded").iterdir()) == []  # no record, no temporary file, no lock


def test_a_journal_that_cannot_be_recovered_is_kept_and_told_in_dutch(run, study):
    coded_once(run)
    JOURNAL.write_text(STATUS, encoding="utf-8")  # left by a killed session
    result = jimcode_faulty(study, *CODE, file_size_limit=1000)  # folding it in rewrites the 2 kB record
    assert (result.returncode, result.stderr.splitlines()) == (
        1,
        [
            f"jimcode: error: kan {RECORD} niet herstellen: bestand te groot (de limiet voor de bestandsgrootte, "
            "ulimit -f, is bereikt); het logboek blijft bewaard en wordt de volgende keer opnieuw gelezen"
        ],
    )
    assert JOURNAL.read_text("utf-8") == STATUS
    assert not lock_path(RECORD).exists()


NO_CODER_NL = (
    "jimcode: error: wie codeert er? geef --coder NAAM, zet JIMCODE_CODER=NAAM, zet 'coder: NAAM' in jimcode.yaml, "
    "of antwoord één keer in een terminal in de onderzoeksmap (onthouden in .jimcode/coder)"
)


@pytest.mark.parametrize("extra", [(), ("--recode", "request-parent")])
def test_a_script_without_a_coder_name_is_refused_in_the_codebooks_language(run, study, extra):
    result = run("code", "case-01.md", "-c", "mini.yaml", *extra, input="n\n")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == NO_CODER_NL
    english = run("--lang", "en", "code", "case-01.md", "-c", "mini.yaml", *extra, input="n\n")
    assert english.stderr.splitlines()[-1].startswith("jimcode: error: who is coding? pass --coder NAME, set ")
