"""The records of a study: finding their files, finding their codebook, loading or streaming them.

Every command that reads a set of coded records finds them here, so that they all agree on which
files belong to it and which codebook they were coded with.
"""

from __future__ import annotations

import bisect
import dataclasses
import gc
import os
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar, overload

from jimcode.codebook.model import Codebook, load_codebook, shipped_codebooks_dir
from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError, JimcodeError, UsageError
from jimcode.fileio import read_head
from jimcode.i18n import Words, choose_language, message_language, requested_language, words
from jimcode.project import find_project
from jimcode.records.migrate import MigrationPlan, plan_migration
from jimcode.records.model import CodedRecord
from jimcode.records.stream import RecordStruct, as_model, from_dict, read_record_data, record_key, replace_fields


class NamedCodebook(Protocol):
    """What a record says of its codebook (`CodebookRef`, or the same fields of a record struct)."""

    @property
    def id(self) -> str: ...

    @property
    def version(self) -> str: ...

    @property
    def sha256(self) -> str: ...

    @property
    def path(self) -> str | None: ...


ProgressCallback = Callable[[int, int], None]
SkipCallback = Callable[[Diagnostic], None]

CodebookKey = tuple[str, str, str, str | None]


def codebook_key(named: NamedCodebook) -> CodebookKey:
    """The fields that tell one codebook reference from another (id, version, sha256, path)."""
    return named.id, named.version, named.sha256, named.path


_K = TypeVar("_K")
_V = TypeVar("_V")

RECORD_SUFFIX = ".json"
JOURNAL_SUFFIX = ".journal"


class RecordFiles(Sequence[str]):
    """File paths in order, kept compact: per folder, its path once and the names of its files joined
    in one string (a list of 100,000 paths costs about 9 MiB as strings; this about 2). A path is made
    when it is read."""

    __slots__ = ("_chunks", "_count")

    def __init__(self) -> None:
        self._chunks: list[tuple[str, str, int]] = []  # (folder prefix, names joined by NUL, how many)
        self._count = 0

    def append(self, path: str) -> None:
        self._add("", [path])

    def _add(self, prefix: str, names: list[str]) -> None:
        if names:
            # NUL cannot occur in a path, so it separates the names
            self._chunks.append((prefix, "\0".join(names), len(names)))
            self._count += len(names)

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        for prefix, names, count in self._chunks:
            if count == 1:
                yield prefix + names
                continue
            start = 0
            for _ in range(count - 1):
                end = names.index("\0", start)
                yield prefix + names[start:end]
                start = end + 1
            yield prefix + names[start:]

    @overload
    def __getitem__(self, position: int) -> str: ...

    @overload
    def __getitem__(self, position: slice) -> list[str]: ...

    def __getitem__(self, position: int | slice) -> str | list[str]:
        if isinstance(position, slice):
            return list(self)[position]
        if position < 0:
            position += self._count
        if not 0 <= position < self._count:
            raise IndexError(position)
        for prefix, names, count in self._chunks:
            if position < count:
                return prefix + names.split("\0")[position]
            position -= count
        raise IndexError(position)  # pragma: no cover - the count says otherwise

    def __repr__(self) -> str:
        return f"RecordFiles({list(self)!r})"


@dataclass
class Listing:
    """The record files to read, in order, those with a session journal beside them, and what was passed over.

    `warnings` name the symbolic links found inside folders: they are not followed (a link can lead
    out of the study, or in a loop), and a link silently ignored would be a record silently missing.
    """

    roots: list[Path] = field(default_factory=list)
    files: RecordFiles = field(default_factory=RecordFiles)
    journals: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)


def record_paths(paths: Sequence[Path] | None) -> list[Path]:
    """The paths given, else the study folder's coded records (`coded:` in `jimcode.yaml`)."""
    if paths:
        return list(paths)
    project = find_project()
    if project is None:
        raise UsageError("give the coded records (files or folders), or run inside a jimcode project (jimcode init)")
    return [project.coded]


def list_records(paths: Iterable[Path], suffixes: tuple[str, ...] = (RECORD_SUFFIX,)) -> Listing:
    """Files as given; folders searched recursively for `suffixes` (hidden files and folders skipped,
    symbolic links inside them not followed but named in `Listing.warnings`).

    A folder's entries are visited in name order, files and subfolders alike, which is the order of
    the sorted paths. One directory listing per folder finds the journals too (no `stat` per file).
    """
    listing = Listing(roots=list(paths))
    for path in listing.roots:
        if path.is_dir():
            _walk(str(path), suffixes, listing)
        else:
            listing.files.append(str(path))
            if os.path.exists(f"{path}{JOURNAL_SUFFIX}"):
                listing.journals.add(str(path))
    return listing


def _walk(folder: str, suffixes: tuple[str, ...], listing: Listing) -> None:
    """One folder: its record files, subfolders and links passed over, in name order. Only names are
    kept while the folder is read (no `DirEntry` objects: 100,000 of them cost about 20 MiB)."""
    files: list[str] = []
    others: list[tuple[str, bool]] = []  # (name, is a folder): subfolders, and links named in a warning
    journals: set[str] = set()
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                # The type comes from the listing itself (no stat), also for a link; only a link is stat'ed.
                if entry.is_dir(follow_symlinks=False):
                    others.append((name, True))
                elif name.endswith(suffixes) or name.lower().endswith(suffixes):
                    if entry.is_file(follow_symlinks=False):
                        files.append(name)
                    elif entry.is_symlink():
                        others.append((name, False))
                elif name.endswith(JOURNAL_SUFFIX):
                    journals.add(name)
                elif entry.is_symlink() and _leads_to_folder(entry, listing):
                    others.append((name, False))
    except OSError:
        return
    files.sort()
    others.sort()
    prefix = os.path.join(folder, "")
    for name in files:
        if name + JOURNAL_SUFFIX in journals:
            listing.journals.add(prefix + name)
    start = 0
    for name, is_folder in others:  # the files named before it, as one chunk, then the folder or the link
        end = bisect.bisect_left(files, name, lo=start)
        listing.files._add(prefix, files[start:end])
        start = end
        if is_folder:
            _walk(prefix + name, suffixes, listing)
        else:
            listing.warnings.append(_not_followed(prefix + name))
    listing.files._add(prefix, files[start:])


def _leads_to_folder(link: os.DirEntry[str], listing: Listing) -> bool:
    """Whether a symbolic link points at a folder; a loop (ELOOP) is named in a warning, and the walk goes on."""
    try:
        return link.is_dir()
    except OSError as exc:
        problem = exc.strerror or exc
        listing.warnings.append(words(message_language())("corpus.link_loop", path=link.path, problem=problem))
        return False


def _not_followed(path: str) -> str:
    return words(message_language())("corpus.link_not_followed", path=path)


@dataclass
class FoundCodebook:
    """The codebook of a set of records (None: not found), and what a user should know about the choice."""

    codebook: Codebook | None
    wanted: str = ""  # "codebook 'x' (version 1) that coded/a.json was coded with", for messages
    passed_over: list[str] = field(default_factory=list)  # candidates that are not valid codebooks
    stale: str | None = None  # the codebook is not the file (sha256) some records were coded with
    through_lineage: list[str] = field(default_factory=list)  # records read through the codebook's lineage

    @property
    def warnings(self) -> list[str]:
        return [*self.passed_over, *([self.stale] if self.stale else []), *self.through_lineage]

    def require(self) -> Codebook:
        if self.codebook is None:
            say = words(message_language())
            raise JimcodeError(say("corpus.cannot_find", wanted=self.wanted), hint=say("corpus.pass_codebook"))
        return self.codebook


class CodebookCache:
    """Codebook files read once each, for a command that finds the codebook of many records one by one
    (`jimcode validate`): the file and its problem, if it is not a codebook, are remembered by path."""

    def __init__(self) -> None:
        self._read: dict[Path, Codebook | InvalidFileError] = {}

    def load(self, path: Path) -> Codebook:
        if path not in self._read:
            try:
                self._read[path] = load_codebook(path)
            except InvalidFileError as problem:
                self._read[path] = problem
        found = self._read[path]
        if isinstance(found, InvalidFileError):
            raise found
        return found


class RecordCodebooks:
    """The codebook each record names, found once per distinct (codebook reference, folder).

    The records of a folder name the same codebook, and finding it tries each candidate file
    (`jimcode.corpus.find_codebook`, with every path resolved): done once per folder, not per record.
    What is kept is an answer for each of the last `folders_kept` references and folders (about 2 kB
    each; a listing brings a folder's records together, so one is rarely found twice) and each
    codebook file read once (`CodebookCache`): memory does not grow with the records or the folders.
    """

    def __init__(self, folders_kept: int = 256) -> None:
        self._files = CodebookCache()
        self._found: dict[tuple[CodebookKey, str], FoundCodebook] = {}
        self._real_folders: dict[str, str] = {}
        self._kept = max(folders_kept, 1)
        self._say: Words | None = None  # the words of messages, chosen once

    def __len__(self) -> int:
        """The answers kept."""
        return len(self._found)

    def find(self, reference: NamedCodebook, record_file: Path) -> FoundCodebook:
        """What `find_codebook` answers for this record alone (`current=True`): the answer for the first
        record of its folder with the same reference, which differs only in `wanted` (the record's name),
        said when nothing was found and then made this record's."""
        key = (codebook_key(reference), self._real_folder(record_file))
        found = self._found.get(key)
        if found is None:
            found = find_codebook([(reference, record_file)], current=True, load=self._files.load)
            _keep(self._found, key, found, self._kept)
        elif found.codebook is None:
            if self._say is None:
                self._say = words(message_language())
            found = dataclasses.replace(found, wanted=_wanted(self._say, reference, record_file))
        return found

    def _real_folder(self, record_file: Path) -> str:
        """The folder find_codebook looks from: that of the file the record's path resolves to."""
        if os.path.islink(record_file):
            return os.path.dirname(os.path.realpath(record_file))
        folder = os.path.dirname(record_file)
        real = self._real_folders.get(folder)
        if real is None:
            real = os.path.realpath(folder)
            _keep(self._real_folders, folder, real, self._kept)
        return real


def _keep(kept: dict[_K, _V], key: _K, value: _V, most: int) -> None:
    """`kept[key] = value`, the longest kept entry dropped first when there are `most`."""
    if len(kept) >= most:
        del kept[next(iter(kept))]
    kept[key] = value


def find_codebook(
    named: Sequence[tuple[NamedCodebook, Path]],
    explicit: Path | None = None,
    *,
    current: bool = False,
    load: Callable[[Path], Codebook] = load_codebook,
) -> FoundCodebook:
    """The codebook the records (each with the file it was read from) were coded with.

    The order: `explicit` (`--codebook`); the path a record names, as given, then relative to the
    record's folder and its parents; the study folder's codebook (`jimcode.yaml`); the shipped
    codebooks with the id. A file with a sha256 a record names wins over one with the id alone.
    `current`: the first file with the id outside the shipped codebooks wins (the codebook as edited
    since, which `migrate` moves records to and `validate` checks them against), not an older copy
    with their sha256.
    Records coded with different codebook ids have no one codebook: an error. `load` reads a
    codebook file (`CodebookCache.load` to read each file once over many calls).
    """
    say = words(message_language())  # the codebook is not known yet
    ids = sorted({reference.id for reference, _ in named})
    if len(ids) > 1:
        raise JimcodeError(say("corpus.several_codebooks", ids=", ".join(ids)))
    if not named:
        return FoundCodebook(load(explicit) if explicit is not None else None, say("corpus.a_codebook"))
    first, first_file = named[0]
    wanted = _wanted(say, first, first_file)
    if explicit is not None:
        codebook = load(explicit)
        if codebook.id != first.id:
            raise JimcodeError(say("corpus.other_codebook", id=first.id, file=explicit, other=codebook.id))
        return FoundCodebook(codebook, wanted, stale=_stale(codebook, named))
    shas = {reference.sha256 for reference, _ in named if reference.sha256}
    found = FoundCodebook(None, wanted)
    fallback: Codebook | None = None
    shipped = shipped_codebooks_dir().resolve()
    for candidate in _candidates(named):
        try:
            codebook = load(candidate)
        except InvalidFileError:
            found.passed_over.append(say("corpus.not_a_codebook", path=candidate))
            continue
        if codebook.id != first.id:
            continue
        # The shipped folder holds translations with the same id: there the sha256 decides even so.
        if (current and candidate.resolve().parent != shipped) or not shas or codebook.sha256 in shas:
            fallback = codebook
            break
        fallback = fallback or codebook
    if fallback is not None:
        found.codebook = fallback
        found.stale = _stale(fallback, named)
    return found


def _wanted(say: Words, reference: NamedCodebook, record_file: Path) -> str:
    """ "codebook 'x' (version 1) that coded/a.json was coded with", for messages."""
    return say("corpus.wanted", id=reference.id, version=reference.version, file=record_file)


def _candidates(named: Sequence[tuple[NamedCodebook, Path]]) -> Iterator[Path]:
    """Every existing file to try, in the order of `find_codebook`, each once."""
    tried: set[Path] = set()

    def fresh(paths: Iterable[Path]) -> Iterator[Path]:
        for path in paths:
            if path.is_file():
                key = path.resolve()
                if key not in tried:
                    tried.add(key)
                    yield path

    for reference, record in named:
        if reference.path and reference.path.strip():
            given = Path(reference.path)
            yield from fresh([given])
            if not given.is_absolute():
                # the folders are resolved already, so `..` in the named path can be folded away
                yield from fresh(Path(os.path.normpath(folder / given)) for folder in record.resolve().parents)
    for folder in dict.fromkeys(record.resolve().parent for _, record in named):
        project = find_project(folder)
        if project is not None:
            yield from fresh([project.codebook])
    shipped = shipped_codebooks_dir()
    if shipped.is_dir():
        wanted = named[0][0].id
        yield from fresh(sorted(shipped.glob(f"{wanted}*.y*ml")))
        yield from fresh(sorted(shipped.glob("*.y*ml")))


def _stale(codebook: Codebook, named: Sequence[tuple[NamedCodebook, Path]]) -> str | None:
    stale = [reference for reference, _ in named if reference.sha256 != codebook.sha256]
    if not stale:
        return None
    versions = ", ".join(sorted({reference.version for reference in stale}))
    say = _codebook_words(codebook)
    return say("corpus.stale", path=codebook.path, version=codebook.version, count=len(stale), versions=versions)


def _codebook_words(codebook: Codebook) -> Words:
    """jimcode's words once the codebook is known: `--lang` / `JIMCODE_LANG`, else the codebook's language."""
    return words(choose_language(requested_language(), codebook.language))


class RecordConsumer(Protocol):
    def add(self, path: str, data: Any, display: str, journal: bool = False) -> None: ...

    def skip(self, problem: Diagnostic) -> None: ...


Consumer = TypeVar("Consumer", bound=RecordConsumer)


def feed_records(
    source: Listing | Iterable[Path],
    make_consumer: Callable[[Codebook], Consumer],
    *,
    codebook: Path | None = None,
    strict: bool = False,
    on_skip: SkipCallback | None = None,
    on_progress: ProgressCallback | None = None,
) -> Consumer:
    """Read every record of a listing (or under paths) once and hand it to a consumer made for the codebook.

    The codebook is `codebook` when given, else the one the first readable record names (found by
    `find_codebook`; a record with another sha256 is the consumer's to report, per record).
    A file that cannot be used is reported to `on_skip` and to the consumer and the rest
    are still read; with `strict`, the first such file raises `InvalidFileError`.
    """
    listing = source if isinstance(source, Listing) else list_records(source)
    files, journals = listing.files, listing.journals
    chosen: list[Codebook] = []

    def make(found: Codebook) -> Consumer:
        chosen.append(found)
        return make_consumer(found)

    consumer: Consumer | None = make(load_codebook(codebook)) if codebook is not None else None
    early: list[Diagnostic] = []
    with _without_cycle_collection():
        consumer = _feed(files, journals, consumer, make, chosen, early, strict, on_skip, on_progress)
    if consumer is None:
        if early:
            where = ", ".join(str(p) for p in listing.roots)
            raise JimcodeError(words(message_language())("corpus.none_usable", where=where, count=len(early)))
        raise no_records(listing.roots)
    return consumer


def no_records(roots: Iterable[Path | str]) -> JimcodeError:
    """The one error for paths that hold no record (exit 1: the input, not the command line, is wrong)."""
    where = ", ".join(str(root) for root in roots)
    return JimcodeError(words(message_language())("corpus.none_found", where=where))


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
    files: Sequence[str],
    journals: set[str],
    consumer: Any,
    make_consumer: Callable[[Codebook], Any],
    chosen: list[Codebook],
    early: list[Diagnostic],
    strict: bool,
    on_skip: SkipCallback | None,
    on_progress: ProgressCallback | None,
) -> Any:
    total = len(files)
    current = chosen[0].sha256 if chosen else None  # once: a codebook's sha256 is a pydantic private attribute
    for done, path in enumerate(files, start=1):
        try:
            data = read_record_data(path)
            if consumer is None:  # the first readable record names the codebook
                consumer = make_consumer(find_codebook([(data.codebook, Path(path))]).require())
                current = chosen[0].sha256
                for problem in early:
                    consumer.skip(problem)
            if data.codebook.sha256 != current:
                data = as_current(data, chosen[0])
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
    """A record read from `path`: a `CodedRecord` (`load_records`, for commands that change records) or a
    record struct (`index_records` and `RecordIndex.read`, for reports: read it through its fields)."""

    path: Path
    record: CodedRecord | RecordStruct
    named: bool = False  # the file itself was given (not found in a folder)

    @property
    def coder(self) -> str:
        return self.record.coder


@dataclass
class LoadedRecords:
    """Records read as a set (each transcript and coder once), in the order found (files as given)."""

    records: list[LoadedRecord]
    skipped: list[Diagnostic] = field(default_factory=list)  # JSON files in folders that are not records
    warnings: list[str] = field(default_factory=list)  # links not followed

    def by_transcript(self) -> list[LoadedRecord]:
        return sorted(self.records, key=lambda item: (item.record.transcript.id, item.record.coder))

    def find_codebook(self, explicit: Path | None = None) -> FoundCodebook:
        """The records' codebook; records of an earlier version are read through its lineage (in memory)."""
        found = find_codebook([(item.record.codebook, item.path) for item in self.records], explicit)
        if found.codebook is not None:
            self.records, notes, unresolved = read_through_lineage(self.records, found.codebook)
            found.through_lineage = notes + unresolved
        return found

    def in_progress(self) -> list[LoadedRecord]:
        """The records still in progress (not marked complete), in the order found."""
        return [item for item in self.records if not item.record.is_complete]

    def complete_only(self) -> LoadedRecords:
        """The same set without the records still in progress (`--complete-only`); an error when none is left."""
        kept = [item for item in self.records if item.record.is_complete]
        if not kept:
            raise JimcodeError(words(message_language())("corpus.all_in_progress", count=len(self.records)))
        return LoadedRecords(kept, self.skipped, self.warnings)


def as_current(data: RecordStruct, codebook: Codebook) -> RecordStruct:
    """A streamed record as `codebook` reads it: one of an earlier version of it with the ids its lineage
    maps renamed (in memory; the file is not changed). The summary and retrieve read records so.

    Its codebook reference is kept, so a report still says that the record names another version.
    """
    if data.codebook.sha256 == codebook.sha256 or codebook.lineage().is_empty():
        return data
    plan = _read_through(as_model(data), codebook)
    if not plan.changes:
        return data
    return replace_fields(_as_struct(plan.record), codebook=data.codebook, migrations=data.migrations)


def _read_through(record: CodedRecord, codebook: Codebook) -> MigrationPlan:
    """The record as `codebook` reads it, in memory: the migration is dated at the record's own last
    change, not at the time it is read, so a report or export of the same files is the same at any time
    (`migrate`, which writes the files, dates its migrations when it runs)."""
    return plan_migration(record, codebook, at=record.updated_at)


def _as_struct(record: CodedRecord) -> RecordStruct:
    return from_dict(record.model_dump(mode="json"))


class LineageReader:
    """Records of an earlier version of `codebook` read through its lineage, one at a time: renamed and
    merged ids mapped (in memory; the files are not changed). Remembers what a user should know: how many
    were read so, and each record with a split code no rule can map."""

    def __init__(self, codebook: Codebook | None) -> None:
        self.codebook = codebook if codebook is not None and not codebook.lineage().is_empty() else None
        self.mapped = 0
        self.unresolved: list[str] = []

    def current(self, path: Path, record: RecordStruct) -> RecordStruct:
        """A record struct as the codebook reads it (converted to the model and back only when it is of
        an earlier version)."""
        codebook = self.codebook
        if codebook is None or record.codebook.sha256 == codebook.sha256:
            return record
        model = as_model(record)
        mapped = self.current_model(path, model)
        return record if mapped is model else _as_struct(mapped)

    def current_model(self, path: Path, record: CodedRecord) -> CodedRecord:
        """`current` for a `CodedRecord` (`load_records`)."""
        codebook = self.codebook
        if codebook is None or record.codebook.sha256 == codebook.sha256:
            return record
        plan = _read_through(record, codebook)
        if plan.changes:
            self.mapped += 1
            record = plan.record
        splits = sorted({waiting.code for waiting in plan.waiting})
        if splits:
            say = _codebook_words(codebook)
            codes, first = ", ".join(splits), splits[0]
            self.unresolved.append(
                say("corpus.split_unmapped", path=path, codes=codes, first=first, coder=record.coder)
            )
        return record

    def notes(self) -> list[str]:
        """One line for the records read through the lineage (if any)."""
        if not self.mapped or self.codebook is None:
            return []
        return [_codebook_words(self.codebook)("corpus.through_lineage", count=self.mapped, id=self.codebook.id)]

    def warnings(self) -> list[str]:
        return [*self.notes(), *self.unresolved]


def read_through_lineage(
    records: list[LoadedRecord], codebook: Codebook
) -> tuple[list[LoadedRecord], list[str], list[str]]:
    """Records of an earlier version of `codebook` read through its lineage (`LineageReader`), what a user
    should know (one line for those read so), and one line per record with a split code no rule can map."""
    reader = LineageReader(codebook)
    read = [LoadedRecord(item.path, reader.current_model(item.path, item.record), item.named) for item in records]
    return read, reader.notes(), reader.unresolved


@dataclass
class FoundRecords:
    """The record files `load_records` reads, to read one at a time (`read`) in the order found.

    `skipped`: the JSON files in folders that `read` found not to be records at all.
    """

    roots: list[Path]
    listing: Listing
    skipped: list[Diagnostic] = field(default_factory=list)

    def read(self, *, structs: bool = False) -> Iterator[LoadedRecord]:
        """Each record, read and checked by `read_record_data` as every report reads records: a record
        struct with `structs`, else as a `CodedRecord` (for a command that changes it). A JSON file found
        in a folder that is not a record is skipped (and listed); one named on the command line, or any
        broken record, is an error: figures computed without it would silently change."""
        for _, item in self._read(enumerate(self.listing.files), structs):
            yield item

    def key_order(self) -> list[tuple[int, str]]:
        """The files as (position in the listing, path), in the order of their records' (transcript id,
        coder) as the first bytes of each file say (`record_key`); ties, and files that do not say
        (after the others), in listing order. For a report that writes its records in that order."""
        paths = list(self.listing.files)
        keyed: list[tuple[str, str, int]] = []
        unkeyed: list[int] = []
        coders: dict[str, str] = {}  # one string per coder, not one per record
        for position, path in enumerate(paths):
            head = read_head(path, _KEY_HEAD_BYTES)
            key = record_key(head) if head is not None else None
            if key is None:
                unkeyed.append(position)
            else:
                keyed.append((key[0], coders.setdefault(key[1], key[1]), position))
        keyed.sort()
        return [(position, paths[position]) for *_, position in keyed] + [(p, paths[p]) for p in unkeyed]

    def _read(self, files: Iterable[tuple[int, str]], structs: bool) -> Iterator[tuple[int, LoadedRecord]]:
        """`read` over (position, path) in any order; each record with its position in the listing, and
        `skipped` in listing order."""
        given = {str(root) for root in self.roots if not root.is_dir()}
        skipped: list[tuple[int, list[Diagnostic]]] = []
        self.skipped = []
        for position, file in files:
            named = file in given
            try:
                struct = read_record_data(file)
                record = struct if structs else as_model(struct)
                yield position, LoadedRecord(Path(file), record, named)
            except InvalidFileError as exc:
                if not named and {d.code for d in exc.diagnostics} <= {"not-a-record"}:
                    skipped.append((position, exc.diagnostics))
                    continue
                raise
        self.skipped = [d for _, diagnostics in sorted(skipped, key=lambda s: s[0]) for d in diagnostics]


_KEY_HEAD_BYTES = 4096  # where jimcode writes a record's transcript id and coder (about 700 bytes in)


def find_record_files(paths: Sequence[Path] | None) -> FoundRecords:
    """The record files under `paths` (none: the study folder's); an error for a path that does not exist."""
    roots = record_paths(paths)
    for root in roots:
        if not root.exists():
            raise JimcodeError(words(message_language())("corpus.no_such_path", path=root))
    return FoundRecords(roots, list_records(roots))


def load_records(paths: Sequence[Path] | None) -> LoadedRecords:
    """Every record under `paths` (none: the study folder's), validated, each transcript and coder once.

    Read as `FoundRecords.read` reads them; all of them are held (a report that can work on one
    record at a time reads `find_record_files(paths).read()` instead).
    """
    files = find_record_files(paths)
    loaded = list(files.read())
    if not loaded:
        raise no_records(files.roots)
    check_duplicates(loaded)
    return LoadedRecords(loaded, files.skipped, files.listing.warnings)


@dataclass(frozen=True, slots=True)
class RecordEntry:
    """A record found and checked, without its content: enough to order, choose and find the codebook of
    records, and to read the record again (`RecordIndex.read`). Its file is kept as text (a `Path` per
    record would be 18 MiB more at 100,000 records)."""

    file: str
    transcript_id: str
    coder: str
    is_complete: bool
    codebook: NamedCodebook
    named: bool = False

    @property
    def path(self) -> Path:
        return Path(self.file)


@dataclass
class RecordIndex:
    """The records of a set, read once and not held (their `RecordEntry`), in the order found.

    The same set as `LoadedRecords` (the same files, checks and errors), for a command that reads its
    records one at a time, in another order, or twice.
    """

    entries: list[RecordEntry]
    skipped: list[Diagnostic] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def by_transcript(self) -> list[RecordEntry]:
        return sorted(self.entries, key=lambda entry: (entry.transcript_id, entry.coder))

    def find_codebook(
        self, explicit: Path | None = None, *, load: Callable[[Path], Codebook] = load_codebook
    ) -> FoundCodebook:
        return find_codebook([(entry.codebook, entry.path) for entry in self.entries], explicit, load=load)

    def in_progress(self) -> list[RecordEntry]:
        return [entry for entry in self.entries if not entry.is_complete]

    def complete_only(self) -> RecordIndex:
        """The same set without the records still in progress; an error when none is left."""
        kept = [entry for entry in self.entries if entry.is_complete]
        if not kept:
            raise JimcodeError(words(message_language())("corpus.all_in_progress", count=len(self.entries)))
        return RecordIndex(kept, self.skipped, self.warnings)

    @staticmethod
    def read(entries: Iterable[RecordEntry], lineage: LineageReader | None = None) -> Iterator[RecordStruct]:
        """The records of `entries` read again, as record structs, in that order (a file changed since is
        checked again); through `lineage` when given."""
        for entry in entries:
            record = read_record_data(entry.file)
            yield lineage.current(entry.path, record) if lineage is not None else record


def index_records(
    paths: Sequence[Path] | None,
    visit: Callable[[LoadedRecord], None] | None = None,
    *,
    in_key_order: bool = False,
) -> RecordIndex:
    """Every record under `paths`, as `load_records` finds and checks them, each handed to `visit` (when
    given, as a record struct) and then let go: what is kept is its `RecordEntry`.

    `in_key_order`: read (and visited) in (transcript id, coder) order as `FoundRecords.key_order` finds
    it, for a report that writes them in that order; the index is the same either way."""
    files = find_record_files(paths)
    order = files.key_order() if in_key_order else enumerate(files.listing.files)
    entries: list[RecordEntry] = []
    positions = array("q")  # each entry's place in the listing
    codebooks: dict[CodebookKey, NamedCodebook] = {}
    coders: dict[str, str] = {}  # one string per coder, not one per record
    with _without_cycle_collection():
        for position, item in files._read(order, structs=True):
            if visit is not None:
                visit(item)
            record = item.record
            named = record.codebook
            entries.append(
                RecordEntry(
                    str(item.path),
                    record.transcript.id,
                    coders.setdefault(record.coder, record.coder),
                    record.status == "complete",
                    codebooks.setdefault(codebook_key(named), named),
                    item.named,
                )
            )
            positions.append(position)
    if not entries:
        raise no_records(files.roots)
    if in_key_order:  # back in listing order, as every other report keeps them
        entries = [entries[at] for at in sorted(range(len(entries)), key=positions.__getitem__)]
    check = DuplicateCheck()
    for entry in entries:
        check.see(entry.transcript_id, entry.coder, entry.file)
    return RecordIndex(entries, files.skipped, files.listing.warnings)


class DuplicateCheck:
    """One record per transcript and coder: a second one would be counted twice, or hide the first."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], Path | str] = {}

    def see(self, transcript_id: str, coder: str, path: Path | str) -> None:
        key = (transcript_id, coder)
        if key in self._seen:
            said = words(message_language())(
                "corpus.duplicate", path=path, transcript=key[0], coder=key[1], other=self._seen[key]
            )
            raise JimcodeError(said)
        self._seen[key] = path


def check_duplicates(loaded: Iterable[LoadedRecord]) -> None:
    """One record per transcript and coder (`DuplicateCheck`) in records held."""
    check = DuplicateCheck()
    for item in loaded:
        check.see(item.record.transcript.id, item.record.coder, item.path)


def refuse_overwrite(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise JimcodeError(words(message_language())("corpus.overwrite", path=path))
