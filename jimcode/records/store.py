"""Durable, locked storage of one coded record.

- `<record>.json`: the record, pretty JSON, always replaced atomically
  (temporary file, fsync, `os.replace`, fsync of the folder).
- `<record>.json.journal`: one JSON line per decision, appended and fsynced before
  the session shows its next prompt, so saving costs the same for 20 or 2,000
  segments. On open and on close the journal is folded into the record and removed.
  Entries set a part to its new value, so replaying one twice is harmless; a
  torn last line (the process was killed mid-write) is ignored.
- `<record>.json.lock`: one writer per record. Created with O_EXCL and holding who,
  where and since when; a lock whose process is gone (same host) is stale and may
  be taken over.

All three get the mode the user's umask gives; the record keeps its mode when replaced.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError, JimcodeError, SessionBusyError
from jimcode.fileio import NEW_FILE_MODE, atomic_write, fsync_dir
from jimcode.records.model import (
    CodedRecord,
    RecordChange,
    apply_journal_entry,
    change_to_json,
    dump_record,
    load_record,
    now,
    order_record,
)


def journal_path(record: Path) -> Path:
    return record.with_name(record.name + ".journal")


def lock_path(record: Path) -> Path:
    return record.with_name(record.name + ".lock")


@dataclass(frozen=True)
class LockInfo:
    pid: int
    host: str
    coder: str
    since: str

    @classmethod
    def mine(cls, coder: str) -> LockInfo:
        since = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        return cls(os.getpid(), socket.gethostname(), coder, since)

    def describe(self) -> str:
        return f"{self.coder} (process {self.pid} on {self.host}) since {self.since}"

    def is_stale(self) -> bool:
        """True when the process that holds the lock is gone (only knowable on this host)."""
        if self.host != socket.gethostname():
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False


def _read_lock(path: Path) -> LockInfo | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LockInfo(int(data["pid"]), str(data["host"]), str(data["coder"]), str(data["since"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return LockInfo(0, "?", "unknown", "unknown time")  # unreadable: a crash while creating it


def _create_lock(path: Path, info: LockInfo) -> bool:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, NEW_FILE_MODE)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(asdict(info)) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    fsync_dir(path.parent)
    return True


TakeOver = Callable[[LockInfo], bool]


def acquire_lock(record: Path, coder: str, *, take_over: bool = False, ask: TakeOver | None = None) -> LockInfo:
    """Lock a record for this process; refuse clearly when another session holds it."""
    path = lock_path(record)
    mine = LockInfo.mine(coder)
    for _ in range(3):
        if _create_lock(path, mine):
            return mine
        held = _read_lock(path)
        if held is None:
            continue  # released in the meantime
        name = record.name
        if held.host == mine.host and held.pid == mine.pid:
            raise SessionBusyError(f"{name} is already open in this session")
        stale = held.is_stale() or held.pid == 0
        if stale and (take_over or (ask is not None and ask(held))):
            path.unlink(missing_ok=True)
            continue
        if stale:
            raise SessionBusyError(
                f"{name} is locked by a session that ended without closing: {held.describe()}; "
                "its work is saved. Run again with --take-over to continue it"
            )
        if held.host != mine.host and take_over:
            path.unlink(missing_ok=True)
            continue
        hint = (
            "wait until it is done, or code another transcript"
            if held.host == mine.host
            else "if that session is no longer running, run again with --take-over"
        )
        raise SessionBusyError(f"{name} is being coded by {held.describe()}; {hint}")
    raise SessionBusyError(f"could not lock {record.name}; another session keeps taking it")


def release_lock(record: Path, info: LockInfo) -> None:
    """Remove the lock if it is still ours."""
    path = lock_path(record)
    held = _read_lock(path)
    if held is not None and held.pid == info.pid and held.host == info.host and held.since == info.since:
        path.unlink(missing_ok=True)
        fsync_dir(path.parent)


def read_journal(path: Path, display: str) -> tuple[list[dict], bool]:
    """The journal's entries and whether a torn last line was ignored."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return [], False
    lines = raw.split(b"\n")
    torn = lines[-1] != b""  # the last write did not finish with its newline
    complete, last = lines[:-1], lines[-1]
    entries: list[dict] = []
    for number, line in enumerate(complete, start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            if not isinstance(entry, dict):
                raise ValueError("not an object")
        except ValueError:
            if number == len(complete) and not last:
                return entries, True
            raise InvalidFileError(
                [Diagnostic(display, number, 0, "bad-journal", "this journal line is damaged; fix or delete it")]
            ) from None
        entries.append(entry)
    return entries, torn


class RecordStore:
    """One record on disk, locked for this process while open."""

    def __init__(self, path: Path, lock: LockInfo, record: CodedRecord | None, notices: list[str]) -> None:
        self.path = path
        self.lock = lock
        self.record = record
        self.notices = notices
        self._journal: int | None = None
        self._pending = 0
        self.order: tuple[list[str], list[str]] | None = None

    @classmethod
    def open(cls, path: Path, coder: str, *, take_over: bool = False, ask: TakeOver | None = None) -> RecordStore:
        """Lock the record and recover it: journal entries left by a crash are folded in."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            lock = acquire_lock(path, coder, take_over=take_over, ask=ask)
        except OSError as exc:
            raise JimcodeError(f"cannot write coded records in {path.parent}: {exc.strerror or exc}") from None
        try:
            record, notices = cls._recover(path)
        except BaseException:
            release_lock(path, lock)
            raise
        return cls(path, lock, record, notices)

    @staticmethod
    def _recover(path: Path) -> tuple[CodedRecord | None, list[str]]:
        journal = journal_path(path)
        record = load_record(path) if path.exists() else None
        entries, torn = read_journal(journal, str(journal))
        notices = []
        if torn:
            notices.append("the last journal line was incomplete (the process was killed while saving it); ignored")
        if not entries and not journal.exists():
            return record, notices
        if record is None:
            if entries:
                raise JimcodeError(
                    f"{journal} holds decisions but {path.name} is missing; restore the record "
                    "(e.g. from git) and run again"
                )
            journal.unlink()
            return None, notices
        for number, entry in enumerate(entries, start=1):
            try:
                apply_journal_entry(record, entry)
            except (ValueError, KeyError, TypeError) as exc:
                raise InvalidFileError(
                    [Diagnostic(str(journal), number, 0, "bad-journal", f"does not fit {path.name}: {exc}")]
                ) from None
        if entries:
            notices.append(f"recovered {len(entries)} decision(s) saved in the journal")
        atomic_write(path, dump_record(record))
        journal.unlink()
        fsync_dir(path.parent)
        return record, notices

    def create(self, record: CodedRecord) -> None:
        """Write a new (or realigned) record whole; starts a fresh journal."""
        self._close_journal()
        journal_path(self.path).unlink(missing_ok=True)
        atomic_write(self.path, dump_record(record))
        self.record = record

    def save(self, changes: Iterable[RecordChange], at: datetime | None = None) -> None:
        """Append the changes to the journal and fsync: durable when this returns."""
        assert self.record is not None, "create the record first"
        stamp = at or now()
        lines = []
        for change in changes:
            entry = change_to_json(change, stamp)
            apply_journal_entry(self.record, entry)
            lines.append(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")
        if not lines:
            return
        if self._journal is None:
            path = journal_path(self.path)
            self._journal = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, NEW_FILE_MODE)
            fsync_dir(self.path.parent)
        os.write(self._journal, "".join(lines).encode("utf-8"))
        os.fsync(self._journal)
        self._pending += len(lines)

    def compact(self) -> None:
        """Fold the journal into the record file (atomically) and remove the journal."""
        if self.record is None:
            return
        self._close_journal()
        if self.order is not None:
            order_record(self.record, *self.order)
        if self._pending or journal_path(self.path).exists():
            atomic_write(self.path, dump_record(self.record))
            journal_path(self.path).unlink(missing_ok=True)
            fsync_dir(self.path.parent)
        self._pending = 0

    def _close_journal(self) -> None:
        if self._journal is not None:
            os.close(self._journal)
            self._journal = None

    def close(self) -> None:
        """Compact and release the lock (always, even if compacting fails)."""
        try:
            self.compact()
        finally:
            release_lock(self.path, self.lock)

    def __enter__(self) -> RecordStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
