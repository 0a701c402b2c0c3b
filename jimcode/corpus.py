"""The records of a study: finding their files, finding their codebook, loading or streaming them.

Every command that reads a set of coded records finds them here, so that they all agree on which
files belong to it and which codebook they were coded with.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from jimcode.codebook.model import Codebook, load_codebook
from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError, JimcodeError, UsageError
from jimcode.records.stream import read_record_data

if TYPE_CHECKING:
    from jimcode.records.model import CodedRecord

ProgressCallback = Callable[[int, int], None]
SkipCallback = Callable[[Diagnostic], None]

JOURNAL_SUFFIX = ".journal"


@dataclass
class Listing:
    """The record files to read, in order, and those of them with a session journal beside them."""

    files: list[str] = field(default_factory=list)
    journals: set[str] = field(default_factory=set)


def list_records(paths: Iterable[Path]) -> Listing:
    """Files as given; folders searched recursively for `*.json` (hidden files and folders skipped).

    A folder's entries are visited in name order, files and subfolders alike, which is the order of
    the sorted paths. One directory listing per folder finds the journals too (no `stat` per file).
    """
    listing = Listing()
    for path in paths:
        if path.is_dir():
            _walk(str(path), listing)
        else:
            listing.files.append(str(path))
            if os.path.exists(f"{path}{JOURNAL_SUFFIX}"):
                listing.journals.add(str(path))
    return listing


def _walk(folder: str, listing: Listing) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    names = {entry.name for entry in entries}
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):  # as `Path.rglob`: a link to a folder (or a loop) is not followed
            _walk(entry.path, listing)
        elif name.endswith(".json") and entry.is_file():
            listing.files.append(entry.path)
            if name + JOURNAL_SUFFIX in names:
                listing.journals.add(entry.path)


def find_codebook(data: dict[str, Any], record: Path) -> Codebook:
    """The codebook a record was coded with (used when no `--codebook` is given).

    A record names its codebook by id, version, sha256 and (optionally) path. The path is tried
    as given, then relative to the record's folder and its parents, then the shipped codebooks
    are searched for the id; a file with the recorded sha256 wins over one with the id alone.
    """
    from jimcode.codebook.model import shipped_codebooks_dir

    reference = data["codebook"]
    wanted = reference["id"]
    named = reference.get("path")
    candidates: list[Path] = []
    if isinstance(named, str) and named.strip():
        given = Path(named)
        candidates.append(given)
        if not given.is_absolute():
            candidates.extend(folder / given for folder in record.resolve().parents)
    shipped = shipped_codebooks_dir()
    if shipped.is_dir():
        candidates.extend(sorted(shipped.glob(f"{wanted}*.y*ml")))
        candidates.extend(sorted(shipped.glob("*.y*ml")))
    wanted_sha = reference.get("sha256") or ""
    fallback: Codebook | None = None
    tried: set[Path] = set()
    for candidate in candidates:
        if candidate in tried or not candidate.is_file():
            continue
        tried.add(candidate)
        try:
            codebook = load_codebook(candidate)
        except InvalidFileError:
            continue
        if codebook.id != wanted:
            continue
        if not wanted_sha or codebook.sha256 == wanted_sha:
            return codebook
        fallback = fallback or codebook
    if fallback is not None:
        return fallback
    raise JimcodeError(
        f"cannot find codebook '{wanted}' (version {reference['version']}) that {record} was coded with",
        hint="pass --codebook FILE",
    )


class RecordConsumer(Protocol):
    def add(self, path: str, data: Any, display: str, journal: bool = False) -> None: ...

    def skip(self, problem: Diagnostic) -> None: ...


Consumer = TypeVar("Consumer", bound=RecordConsumer)


def feed_records(
    paths: Iterable[Path],
    make_consumer: Callable[[Codebook], Consumer],
    *,
    codebook: Path | None = None,
    strict: bool = False,
    on_skip: SkipCallback | None = None,
    on_progress: ProgressCallback | None = None,
) -> Consumer:
    """Read every record under `paths` once and hand it to a consumer made for the codebook.

    The codebook is `codebook` when given, else the one the first readable record names.
    A file that cannot be used is reported to `on_skip` and to the consumer and the rest
    are still read; with `strict`, the first such file raises `InvalidFileError`.
    """
    paths = list(paths)
    listing = list_records(paths)
    files, journals = listing.files, listing.journals
    consumer: Consumer | None = make_consumer(load_codebook(codebook)) if codebook is not None else None
    early: list[Diagnostic] = []
    with _without_cycle_collection():
        consumer = _feed(files, journals, consumer, make_consumer, early, strict, on_skip, on_progress)
    if consumer is None:
        where = ", ".join(str(p) for p in paths)
        if early:
            raise JimcodeError(f"no usable coded records in {where} ({len(early)} file(s) skipped)")
        raise JimcodeError(f"no coded records (*.json) found in {where}")
    return consumer


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Parsed records hold no reference cycles (JSON is a tree) and are freed by reference counting as
    soon as the next one is read, so the cycle collector would only walk the objects of the record at
    hand, again and again (about a tenth of a summary's own work). It is off while records are read."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _feed(
    files: list[str],
    journals: set[str],
    consumer: Any,
    make_consumer: Callable[[Codebook], Any],
    early: list[Diagnostic],
    strict: bool,
    on_skip: SkipCallback | None,
    on_progress: ProgressCallback | None,
) -> Any:
    total = len(files)
    for done, path in enumerate(files, start=1):
        try:
            data = read_record_data(path)
            if consumer is None:  # the first readable record names the codebook
                consumer = make_consumer(find_codebook(data, Path(path)))
                for problem in early:
                    consumer.skip(problem)
            consumer.add(path, data, path, path in journals)
        except InvalidFileError as error:
            if strict:
                raise
            problem = error.diagnostics[0] if error.diagnostics else Diagnostic(path, 0, 0, "invalid", str(error))
            if on_skip is not None:
                on_skip(problem)
            if consumer is None:
                early.append(problem)
            else:
                consumer.skip(problem)
        if on_progress is not None:
            on_progress(done, total)
    return consumer


@dataclass(frozen=True)
class LoadedRecord:
    path: Path
    record: CodedRecord


def load_records(paths: list[Path]) -> list[LoadedRecord]:
    """Every record (.json) in `paths` (folders searched; none: the study folder's records), by transcript and coder."""
    from jimcode.validate import expand

    if not paths:
        from jimcode.project import find_project

        project = find_project()
        if project is None:
            raise UsageError("give the coded records (files or folders), or run inside a jimcode project")
        paths = [project.coded]
    files = expand(paths, {".json"})
    missing = [p for p in files if not p.exists()]
    if missing:
        raise JimcodeError(f"{missing[0]}: no such file")
    if not files:
        raise UsageError("no coded records (.json) found in " + ", ".join(str(p) for p in paths))
    from jimcode.records.model import load_record

    loaded = [LoadedRecord(path, load_record(path)) for path in files]
    seen: dict[tuple[str, str], Path] = {}
    for item in loaded:
        key = (item.record.transcript.id, item.record.coder)
        if key in seen:
            raise JimcodeError(
                f"{item.path}: transcript '{key[0]}' coded by '{key[1]}' is also in {seen[key]}; pass each record once"
            )
        seen[key] = item.path
    return sorted(loaded, key=lambda item: (item.record.transcript.id, item.record.coder))


def resolve_codebook(records: list[LoadedRecord], explicit: Path | None, warnings: list[str]) -> Codebook | None:
    """The codebook the records were coded with: `explicit`, else the path the records name (None if not found)."""
    ids = sorted({item.record.codebook.id for item in records})
    if len(ids) > 1:
        raise JimcodeError(
            f"the records were coded with different codebooks ({', '.join(ids)}); export them separately"
        )
    codebook = load_codebook(explicit) if explicit is not None else _named_codebook(records)
    if codebook is None:
        return None
    if ids and codebook.id != ids[0]:
        raise JimcodeError(f"the records were coded with codebook '{ids[0]}', but {codebook.path} is '{codebook.id}'")
    stale = [item for item in records if item.record.codebook.sha256 != codebook.sha256]
    if stale:
        versions = sorted({item.record.codebook.version for item in stale})
        warnings.append(
            f"{codebook.path} (version {codebook.version}) is not the file {len(stale)} record(s) were coded with "
            f"(version {', '.join(versions)}, another sha256); codes and labels are taken from it"
        )
    return codebook


def _named_codebook(records: list[LoadedRecord]) -> Codebook | None:
    """The codebook a record names (relative to the record), else the study folder's (`jimcode.yaml`)."""
    from jimcode.records.check import locate_codebook

    for item in records:
        found = locate_codebook(item.record, item.path)
        if found is not None:
            return load_codebook(found)
    return None


def refuse_overwrite(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise JimcodeError(f"{path} already exists; pass --force to overwrite it")
