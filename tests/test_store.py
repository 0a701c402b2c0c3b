"""The record store: every decision durable at once, journal recovery, one writer per record."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from jimcode.errors import InvalidFileError, JimcodeError, SessionBusyError
from jimcode.records.model import AttributeChange, SegmentChange, StatusChange, VerdictChange, load_record
from jimcode.records.model import HypothesisVerdict as Verdict
from jimcode.records.store import LockInfo, RecordStore, journal_path, lock_path
from tests.coding_helpers import make_record, make_transcript, mini_codebook


@pytest.fixture
def record_file(tmp_path):
    return tmp_path / "coded" / "case-01.anna.json"


@pytest.fixture
def fresh(tmp_path, record_file):
    """A store holding a new record (like the first run of `jimcode code`)."""
    codebook = mini_codebook(tmp_path)
    store = RecordStore.open(record_file, "anna")
    store.create(make_record(make_transcript(), codebook, record_file.parent))
    yield store
    store.close()


def coded(store: RecordStore, index: int, *codes: str) -> SegmentChange:
    assert store.record is not None
    decision = store.record.segments[index].model_copy(update={"codes": list(codes), "status": "coded"})
    return SegmentChange(decision)


def crash(store: RecordStore) -> None:
    """What kill -9 leaves behind: the journal as written, the lock file of a dead process."""
    store._close_journal()
    dead = dead_pid()
    data = json.loads(lock_path(store.path).read_text())
    lock_path(store.path).write_text(json.dumps({**data, "pid": dead}))


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_saved_decision_is_on_disk_before_save_returns(fresh, record_file):
    fresh.save([coded(fresh, 1, "request-parent")])
    lines = journal_path(record_file).read_text().splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["op"] == "segment" and entry["segment_id"] == "s002" and entry["codes"] == ["request-parent"]
    assert "text" not in entry  # the journal holds decisions, not the transcript


def test_close_folds_the_journal_into_the_record_and_unlocks(fresh, record_file):
    fresh.save([coded(fresh, 0, "request-parent"), AttributeChange("child_age", 13)])
    fresh.save([VerdictChange("H1", Verdict(hypothesis="H1", verdict="supports"))])
    fresh.close()
    assert not journal_path(record_file).exists()
    assert not lock_path(record_file).exists()
    record = load_record(record_file)
    assert record.segments[0].codes == ["request-parent"]
    assert record.attributes == {"child_age": 13}
    assert record.verdicts[0].verdict == "supports"
    assert [p.name for p in record_file.parent.iterdir()] == [record_file.name]  # no temporary files left


def test_after_a_crash_the_journal_is_recovered(fresh, record_file):
    fresh.save([coded(fresh, 0, "request-parent")])
    fresh.save([coded(fresh, 1, "positioning-quick"), StatusChange("in_progress")])
    crash(fresh)
    assert load_record(record_file).segments[0].codes == []  # the record file itself is not rewritten per save
    again = RecordStore.open(record_file, "anna", take_over=True)
    assert again.record is not None
    assert again.record.segments[0].codes == ["request-parent"]
    assert again.record.segments[1].codes == ["positioning-quick"]
    assert "recovered 3 decision(s)" in again.notices[0]
    assert not journal_path(record_file).exists()  # folded in on open
    assert load_record(record_file).segments[1].status == "coded"
    again.close()


def test_a_torn_last_journal_line_is_ignored(fresh, record_file):
    fresh.save([coded(fresh, 0, "request-parent")])
    crash(fresh)
    with open(journal_path(record_file), "a", encoding="utf-8") as journal:
        journal.write('{"at": "2024-01-01T00:00:00Z", "op": "segm')  # killed mid-write
    again = RecordStore.open(record_file, "anna", take_over=True)
    assert again.record is not None and again.record.segments[0].codes == ["request-parent"]
    assert any("incomplete" in notice for notice in again.notices)
    again.close()


def test_a_damaged_line_in_the_middle_is_an_error_with_its_line(fresh, record_file):
    fresh.save([coded(fresh, 0, "request-parent")])
    crash(fresh)
    journal = journal_path(record_file)
    journal.write_text("garbage\n" + journal.read_text())
    with pytest.raises(InvalidFileError) as caught:
        RecordStore.open(record_file, "anna", take_over=True)
    assert caught.value.diagnostics[0].line == 1
    assert not lock_path(record_file).exists() or json.loads(lock_path(record_file).read_text())["pid"] != os.getpid()


def test_replaying_an_entry_twice_is_harmless(fresh, record_file):
    fresh.save([coded(fresh, 0, "request-parent"), AttributeChange("child_age", 13)])
    crash(fresh)
    journal = journal_path(record_file)
    journal.write_text(journal.read_text() * 2)
    again = RecordStore.open(record_file, "anna", take_over=True)
    assert again.record is not None
    assert again.record.segments[0].codes == ["request-parent"] and again.record.attributes == {"child_age": 13}
    again.close()


def test_a_journal_for_another_transcript_is_refused(fresh, record_file):
    fresh.save([coded(fresh, 0, "request-parent")])
    crash(fresh)
    journal = journal_path(record_file)
    journal.write_text(journal.read_text().replace('"s001"', '"s099"'))
    with pytest.raises(InvalidFileError, match="does not fit"):
        RecordStore.open(record_file, "anna", take_over=True)


def test_a_second_session_is_refused_with_who_and_since(fresh, record_file):
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        info = LockInfo.mine("bert")
        fresh.close()
        lock_path(record_file).write_text(json.dumps({**info.__dict__, "pid": other.pid}))
        with pytest.raises(SessionBusyError) as caught:
            RecordStore.open(record_file, "anna")
        message = str(caught.value)
        assert "being coded by bert" in message and info.since in message and str(other.pid) in message
        with pytest.raises(SessionBusyError):  # a live session on this host is never taken over
            RecordStore.open(record_file, "anna", take_over=True)
    finally:
        other.kill()
        other.wait()


def test_the_same_process_cannot_open_a_record_twice(fresh, record_file):
    with pytest.raises(SessionBusyError, match="already open"):
        RecordStore.open(record_file, "anna")


def test_a_stale_lock_is_reported_and_can_be_taken_over(fresh, record_file):
    fresh.save([coded(fresh, 0, "request-parent")])
    crash(fresh)
    with pytest.raises(SessionBusyError, match=r"ended without closing.*--take-over"):
        RecordStore.open(record_file, "anna")
    asked = []
    again = RecordStore.open(record_file, "anna", ask=lambda held: asked.append(held) or True)
    assert asked and asked[0].coder == "anna"
    assert json.loads(lock_path(record_file).read_text())["pid"] == os.getpid()
    assert again.record is not None and again.record.segments[0].codes == ["request-parent"]
    again.close()


def test_a_lock_from_another_host_needs_take_over(fresh, record_file):
    fresh.close()
    lock_path(record_file).write_text(json.dumps({"pid": 1, "host": "elsewhere", "coder": "bert", "since": "x"}))
    with pytest.raises(SessionBusyError, match=r"on elsewhere.*--take-over"):
        RecordStore.open(record_file, "anna")
    RecordStore.open(record_file, "anna", take_over=True).close()


def test_a_journal_without_its_record_is_refused(fresh, record_file):
    fresh.save([coded(fresh, 0, "request-parent")])
    crash(fresh)
    record_file.unlink()
    with pytest.raises(JimcodeError, match="is missing"):
        RecordStore.open(record_file, "anna", take_over=True)


def test_the_cost_of_a_save_does_not_grow_with_the_transcript(tmp_path):
    """What one save writes is the same for 20 and 2,000 segments (timings: benchmarks/bench_save.py)."""
    codebook = mini_codebook(tmp_path)
    written = []
    for size in (20, 2000):
        transcript = make_transcript([f"Zin nummer {i}." for i in range(size)], transcript_id=f"t{size}")
        path = tmp_path / f"t{size}.json"
        with RecordStore.open(path, "anna") as store:
            store.create(make_record(transcript, codebook, tmp_path))
            store.save([coded(store, size // 2, "request-parent")])
            written.append(journal_path(path).stat().st_size)
    assert written[1] - written[0] <= 8  # only the longer segment id and index differ
