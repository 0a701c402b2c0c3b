"""The record store: every decision durable at once, journal recovery, one writer per record."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from jimcode import fileio
from jimcode.errors import InvalidFileError, JimcodeError, SaveFailed, SessionBusyError
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


def test_a_damaged_line_in_the_middle_is_skipped_with_its_line_and_the_journal_kept(fresh, record_file):
    fresh.save([coded(fresh, 0, "request-parent")])
    fresh.save([coded(fresh, 1, "positioning-quick")])
    crash(fresh)
    journal = journal_path(record_file)
    first, second = journal.read_text().splitlines(keepends=True)
    journal.write_text(first + '{"op": "segm{"op"\n' + second)  # a torn line that a later write followed
    again = RecordStore.open(record_file, "anna", take_over=True)
    assert again.record is not None
    assert [again.record.segments[0].codes, again.record.segments[1].codes] == [
        ["request-parent"],
        ["positioning-quick"],
    ]
    assert again.notices[0] == (
        f"{journal}:2: this journal line is damaged and is skipped; the decision saved in it is lost "
        "(the journal is kept as case-01.anna.json.journal.damaged)"
    )
    assert journal.with_name(journal.name + ".damaged").read_text() == first + '{"op": "segm{"op"\n' + second
    again.close()


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


def _disk_full_after(monkeypatch, room: int) -> list[int]:
    """Let `room` more bytes reach the disk, then fail as a full disk does: a short write, then ENOSPC."""
    left = [room]

    def write(handle: int, data: bytes | memoryview) -> int:
        if left[0] <= 0:
            raise OSError(28, "No space left on device")
        written = os.write(handle, bytes(data[: left[0]]))
        left[0] -= written
        return written

    monkeypatch.setattr(fileio, "_write", write)
    return left


def test_a_short_write_on_a_full_disk_is_cut_back_and_not_acknowledged(fresh, record_file, monkeypatch):
    fresh.save([coded(fresh, 0, "request-parent")])
    saved = journal_path(record_file).read_bytes()
    _disk_full_after(monkeypatch, 10)
    with pytest.raises(SaveFailed) as caught:
        fresh.save([coded(fresh, 1, "positioning-quick")])
    assert str(caught.value) == (
        f"disk full: the last decision was not saved; every decision before it is saved in "
        f"{journal_path(record_file)} (run the same command to resume)"
    )
    assert journal_path(record_file).read_bytes() == saved  # the 10 bytes that got through were cut back
    fresh.close()  # the unsaved decision is not written by the close either; the journal is kept
    assert journal_path(record_file).read_bytes() == saved and not lock_path(record_file).exists()
    monkeypatch.setattr(fileio, "_write", os.write)  # space is back
    again = RecordStore.open(record_file, "anna")
    assert again.record is not None
    assert [again.record.segments[0].codes, again.record.segments[1].codes] == [["request-parent"], []]
    assert again.notices == ["recovered 1 decision(s) saved in the journal"]
    again.close()


def test_a_full_disk_asks_to_retry_and_saves_once_space_is_back(fresh, record_file, monkeypatch):
    left = _disk_full_after(monkeypatch, 5)
    asked: list[str] = []

    def retry(message: str) -> bool:
        asked.append(message)
        left[0] = 10_000  # the coder freed space
        return True

    fresh.save([coded(fresh, 0, "request-parent")], retry=retry)
    assert asked == ["disk full: the last decision was not saved; free space and press Enter to retry"]
    lines = journal_path(record_file).read_text().splitlines()
    assert [json.loads(line)["codes"] for line in lines] == [["request-parent"]]  # one whole line, no torn start


def test_a_lock_file_still_being_written_is_waited_for_not_offered_for_take_over(record_file, tmp_path):
    record_file.parent.mkdir(parents=True)
    lock = lock_path(record_file)
    lock.write_text("")  # another session has created its lock and is writing it now
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time,sys; time.sleep(0.3); open(sys.argv[1], 'w').write(sys.argv[2])",
            str(lock),
            json.dumps({"pid": os.getppid(), "host": LockInfo.mine("x").host, "coder": "bram", "since": "now"}),
        ]
    )
    with pytest.raises(SessionBusyError) as caught:
        RecordStore.open(record_file, "anna")
    writer.wait()
    assert str(caught.value).startswith(f"case-01.anna.json is being coded by bram (process {os.getppid()} on ")
    assert "take-over" not in str(caught.value)


def test_an_orphan_temporary_file_of_a_killed_save_is_removed_on_the_next_open(fresh, record_file):
    fresh.close()
    orphan = record_file.with_name(f".{record_file.name}.0a1b2c3d.tmp")
    orphan.write_text("half a record")
    unrelated = record_file.with_name(".notes.json.0a1b2c3d.tmp")
    unrelated.write_text("not ours")
    RecordStore.open(record_file, "anna").close()
    assert sorted(p.name for p in record_file.parent.iterdir()) == [unrelated.name, record_file.name]


def test_a_journal_entry_of_an_earlier_jimcode_keeps_the_segments_quote(fresh, record_file):
    marked = fresh.record.segments[1].model_copy(update={"quote_sentences": [1], "status": "coded"})
    fresh.save([SegmentChange(marked)])
    fresh.save([coded(fresh, 1, "request-parent")])
    crash(fresh)
    journal = journal_path(record_file)
    first, second = journal.read_text().splitlines()
    older = json.loads(second)
    del older["quote_sentences"]  # written by a jimcode of record format 2, before a crash
    journal.write_text(first + "\n" + json.dumps(older) + "\n")
    again = RecordStore.open(record_file, "anna", take_over=True)
    assert again.record is not None
    assert (again.record.segments[1].codes, again.record.segments[1].quote_sentences) == (["request-parent"], [1])
    again.close()
