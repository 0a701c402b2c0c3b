"""Durable, locked storage of one coded record.

- `<record>.json`: the record, pretty JSON, always replaced atomically
  (temporary file, fsync, `os.replace`, fsync of the folder).
- `<record>.json.journal`: one JSON line per decision, appended and fsynced before
  the session shows its next prompt, so saving costs the same for 20 or 2,000
  segments. A decision counts as saved only when its whole line is on disk: a failed or
  short write is cut back, so no torn line stays for the next one to follow.
  On open and on close the journal is folded into the record and removed.
  Entries set a part to its new value, so replaying one twice is harmless; a
  torn last line (the process was killed mid-write) is ignored, and a damaged line
  elsewhere is skipped with a warning (the journal is kept as `.journal.damaged`).
- `<record>.json.lock`: one writer per record. Created with O_EXCL and holding who,
  where and since when; a lock whose process is gone (same host) is stale and may
  be taken over. A lock file that is still empty is being written: wait, then read it.
- `.<record>.json.*.tmp`: an atomic write killed before its rename; removed on the next open.

All three get the mode the user's umask gives; the record keeps its mode when replaced.

What the store says (a lock held, a journal recovered, a failed save) is in the language it is opened
with: the session's, which follows the codebook.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from jimcode import _platform
from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError, JimcodeError, SaveFailed, SessionBusyError
from jimcode.fileio import (
    ENVIRONMENT_ERRNOS,
    NEW_FILE_MODE,
    append_whole,
    atomic_write,
    fsync_dir,
    is_out_of_space,
    read_regular,
    remove_orphan_temporaries,
    write_problem,
)
from jimcode.i18n import DEFAULT_LANGUAGE, Words, message_language, words
from jimcode.records.model import (
    CodedRecord,
    JournalMismatch,
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

    def describe(self, language: str = DEFAULT_LANGUAGE) -> str:
        """Who holds the lock, where and since when: `anna (process 4121 on lab-3) since 2024-05-02T09:12:00Z`."""
        say = words(language)
        if self is UNREADABLE_LOCK:
            return say("store.holder_unknown")
        return say("store.holder", coder=self.coder, pid=self.pid, host=self.host, since=self.since)

    def is_stale(self) -> bool:
        """True when the process that holds the lock is gone (only knowable on this host)."""
        if self.host != socket.gethostname():
            return False
        return not _platform.process_alive(self.pid)


UNREADABLE_LOCK = LockInfo(0, "?", "unknown", "unknown time")
LOCK_WRITE_GRACE = 2.0  # seconds: a lock file younger than this and still empty is being written


def _read_lock(path: Path) -> LockInfo | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LockInfo(int(data["pid"]), str(data["host"]), str(data["coder"]), str(data["since"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return UNREADABLE_LOCK  # empty or cut short: being written now, or a crash while it was


def _being_written(path: Path) -> bool:
    try:
        return time.time() - path.stat().st_mtime < LOCK_WRITE_GRACE
    except OSError:
        return False


def _create_lock(path: Path, info: LockInfo) -> bool:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, NEW_FILE_MODE)
    except FileExistsError:
        return False
    try:
        append_whole(fd, (json.dumps(asdict(info)) + "\n").encode("utf-8"))
    except BaseException:
        path.unlink(missing_ok=True)  # a half-written lock would look like a crashed session
        raise
    finally:
        os.close(fd)
    fsync_dir(path.parent)
    return True


TakeOver = Callable[[LockInfo], bool]


def acquire_lock(
    record: Path, coder: str, *, take_over: bool = False, ask: TakeOver | None = None, language: str = DEFAULT_LANGUAGE
) -> LockInfo:
    """Lock a record for this process; refuse clearly (in `language`) when another session holds it."""
    say = words(language)
    path = lock_path(record)
    mine = LockInfo.mine(coder)
    released, deadline = 0, time.monotonic() + LOCK_WRITE_GRACE
    while released < 3:
        if _create_lock(path, mine):
            return mine
        held = _read_lock(path)
        if held is None:
            released += 1  # released in the meantime
            continue
        if held is UNREADABLE_LOCK and _being_written(path) and time.monotonic() < deadline:
            time.sleep(0.05)  # another session is writing its lock right now: read it when it is done
            continue
        name = record.name
        if held.host == mine.host and held.pid == mine.pid:
            raise SessionBusyError(say("store.already_open", name=name))
        stale = held.is_stale() or held.pid == 0
        if stale and (take_over or (ask is not None and ask(held))):
            path.unlink(missing_ok=True)
            continue
        if stale:
            raise SessionBusyError(say("store.stale", name=name, holder=held.describe(language)))
        if held.host != mine.host and take_over:
            path.unlink(missing_ok=True)
            continue
        hint = say("store.busy_here" if held.host == mine.host else "store.busy_elsewhere")
        raise SessionBusyError(say("store.busy", name=name, holder=held.describe(language), hint=hint))
    raise SessionBusyError(say("store.keeps_taking", name=record.name))


def release_lock(record: Path, info: LockInfo) -> None:
    """Remove the lock if it is still ours."""
    path = lock_path(record)
    held = _read_lock(path)
    if held is not None and held.pid == info.pid and held.host == info.host and held.since == info.since:
        path.unlink(missing_ok=True)
        fsync_dir(path.parent)


@dataclass
class Journal:
    """What a journal holds: its entries (with their line numbers), whether the last line was torn
    (a kill while it was written: never acknowledged, so nothing lost) and the damaged lines elsewhere."""

    entries: list[tuple[int, dict]] = field(default_factory=list)
    torn: bool = False
    damaged: list[int] = field(default_factory=list)

    def damage_warnings(self, display: str, language: str = DEFAULT_LANGUAGE) -> list[Diagnostic]:
        message = words(language)("store.damaged_line")
        return [Diagnostic(display, number, 0, "damaged-journal", message, "warning") for number in self.damaged]


MAX_JOURNAL_BYTES = 256 * 1024 * 1024  # a journal line is about 150 bytes; a session writes thousands


def fold_journal(
    record: CodedRecord, entries: Iterable[tuple[int, dict]], journal: Path, name: str, say: Words
) -> None:
    """Apply a journal's entries (line number, entry) to its record `name` in place. The first that does
    not fit raises `InvalidFileError` at its line, saying why in `say`'s language."""
    for number, entry in entries:
        try:
            apply_journal_entry(record, entry)
        except JournalMismatch as exc:
            problem = say(exc.key, **exc.params)
        except KeyError as exc:
            problem = say("journal.missing_field", field=exc.args[0] if exc.args else "?")
        except (ValueError, TypeError):  # a date, a decision or a verdict the model refuses
            problem = say("journal.bad_value")
        else:
            continue
        message = say("store.does_not_fit", name=name, problem=problem)
        raise InvalidFileError([Diagnostic(str(journal), number, 0, "bad-journal", message)])


def read_journal(path: Path) -> Journal:
    """A session journal, read around damage: never fails on its content (`InvalidFileError` if it is
    not a regular file or absurdly large)."""
    try:
        raw = read_regular(path, MAX_JOURNAL_BYTES)
    except FileNotFoundError:
        return Journal()
    lines = raw.split(b"\n")
    journal = Journal(torn=lines[-1] != b"")  # the last write did not finish with its newline
    complete = lines[:-1]
    for number, line in enumerate(complete, start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            if not isinstance(entry, dict):
                raise ValueError("not an object")
        except (ValueError, RecursionError):
            if number == len(complete) and not journal.torn:
                journal.torn = True  # a torn last line that a later newline completed
            else:
                journal.damaged.append(number)
            continue
        journal.entries.append((number, entry))
    return journal


class RecordStore:
    """One record on disk, locked for this process while open."""

    def __init__(
        self,
        path: Path,
        lock: LockInfo,
        record: CodedRecord | None,
        notices: list[str],
        language: str = DEFAULT_LANGUAGE,
    ) -> None:
        self.path = path
        self._say = words(language)
        self.lock = lock
        self.record = record
        self.notices = notices
        self._journal: int | None = None
        self._pending = 0
        self._unsaved = False  # a save failed: the record in memory is ahead of the disk
        self.order: tuple[list[str], list[str]] | None = None

    @classmethod
    def open(
        cls,
        path: Path,
        coder: str,
        *,
        take_over: bool = False,
        ask: TakeOver | None = None,
        language: str | None = None,
    ) -> RecordStore:
        """Lock the record and recover it: journal entries left by a crash are folded in.

        `language`: of what the store says (the session's); None before any codebook is known (the locale's)."""
        language = language or message_language()
        say = words(language)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            lock = acquire_lock(path, coder, take_over=take_over, ask=ask, language=language)
        except OSError as exc:
            problem = write_problem(exc, language)
            raise JimcodeError(say("store.cannot_write", folder=path.parent, problem=problem)) from None
        try:
            remove_orphan_temporaries(path)  # we hold the lock: no write of this record is under way
            record, notices = cls._recover(path, say)
        except OSError as exc:
            release_lock(path, lock)
            raise JimcodeError(say("store.cannot_recover", path=path, problem=write_problem(exc, language))) from None
        except BaseException:
            release_lock(path, lock)
            raise
        return cls(path, lock, record, notices, language)

    @staticmethod
    def _recover(path: Path, say: Words) -> tuple[CodedRecord | None, list[str]]:
        journal = journal_path(path)
        record = load_record(path) if path.exists() else None
        read = read_journal(journal)
        entries = read.entries
        notices = []
        if read.torn:
            notices.append(say("store.torn"))
        kept_as = journal.name + ".damaged"
        notices += [
            say("store.damaged_kept", where=f"{warning.file}:{warning.line}", problem=warning.message, name=kept_as)
            for warning in read.damage_warnings(str(journal), say.language)
        ]
        if not entries and not journal.exists():
            return record, notices
        if record is None:
            if entries:
                raise JimcodeError(say("store.record_missing", journal=journal, name=path.name))
            journal.unlink()
            return None, notices
        fold_journal(record, entries, journal, path.name, say)
        if entries:
            notices.append(say("store.recovered", count=len(entries)))
        atomic_write(path, dump_record(record))
        if read.damaged:
            os.replace(journal, journal.with_name(kept_as))
        else:
            journal.unlink()
        fsync_dir(path.parent)
        return record, notices

    def create(self, record: CodedRecord) -> None:
        """Write a new (or realigned) record whole; starts a fresh journal."""
        self._close_journal()
        journal_path(self.path).unlink(missing_ok=True)
        try:
            atomic_write(self.path, dump_record(record))
        except OSError as exc:
            if exc.errno not in ENVIRONMENT_ERRNOS:
                raise  # not the disk's doing: a bug to report
            problem = write_problem(exc, self._say.language)
            raise JimcodeError(self._say("store.cannot_write_record", path=self.path, problem=problem)) from None
        self.record = record

    def save(
        self, changes: Iterable[RecordChange], at: datetime | None = None, *, retry: Callable[[str], bool] | None = None
    ) -> None:
        """Append the changes to the journal and fsync: durable when this returns.

        When the write fails (a full disk), `retry` is asked with a sentence to show ("disk full: the
        last decision was not saved; free space and press Enter to retry") and tries again while it
        says yes; otherwise `SaveFailed` is raised and the journal holds exactly the decisions before.
        """
        assert self.record is not None, "create the record first"
        stamp = at or now()
        lines = []
        for change in changes:
            entry = change_to_json(change, stamp)
            apply_journal_entry(self.record, entry)
            lines.append(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")
        if not lines:
            return
        data = "".join(lines).encode("utf-8")
        while True:
            try:
                self._append(data)
                break
            except OSError as exc:
                problem = write_problem(exc, self._say.language)
                advice = self._say("store.advice.free_space" if is_out_of_space(exc) else "store.advice.fix")
                if retry is not None and retry(self._say("store.retry", problem=problem, advice=advice)):
                    continue
                self._unsaved = True
                journal = journal_path(self.path)
                raise SaveFailed(self._say("store.save_failed", problem=problem, journal=journal)) from None
        self._pending += len(lines)
        self._unsaved = False

    def _append(self, data: bytes) -> None:
        if self._journal is None:
            path = journal_path(self.path)
            self._journal = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, NEW_FILE_MODE)
            fsync_dir(self.path.parent)
        append_whole(self._journal, data)

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
        """Compact and release the lock (always, even if compacting fails).

        After a failed save the record in memory holds a decision the coder was told is not saved: it
        is not written; the journal on disk is folded in when the record is next opened.
        """
        try:
            if not self._unsaved:
                self.compact()
        except OSError as exc:
            problem = write_problem(exc, self._say.language)
            said = self._say("store.fold_failed", path=self.path, problem=problem, journal=journal_path(self.path))
            raise JimcodeError(said) from None
        finally:
            self._close_journal()
            release_lock(self.path, self.lock)

    def __enter__(self) -> RecordStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
