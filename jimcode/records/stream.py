"""Reading many coded records fast, and choosing one record per transcript.

`summary` and `retrieve` read every record once. Full pydantic validation of a
record costs several times its `json.loads`, so here a record is parsed with
`json.loads` and only the fields the aggregation uses are checked; anything else
is left to `jimcode validate`. A file that is not a usable record raises
`InvalidFileError` with its path and the reason, and the caller decides whether to
skip it or stop.
"""

from __future__ import annotations

import functools
import gc
import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError

if TYPE_CHECKING:
    from jimcode.codebook.model import Codebook

# The record format as `jimcode.records.model` defines it, repeated here so that reading thousands of
# records does not import the record models (and the transcript readers they pull in) at start-up;
# tests/test_summary_stats.py keeps the two in step.
FORMAT_VERSION = 1
CONSENSUS_CODER = "consensus"
STANCES = ("supports", "contradicts", "nuances")
VERDICTS = ("supports", "contradicts", "mixed", "not_applicable")

ProgressCallback = Callable[[int, int], None]
SkipCallback = Callable[[Diagnostic], None]

RECORD_STATUSES = ("complete", "in_progress")


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


def record_problem(file: str, code: str, message: str, line: int = 0, column: int = 0) -> InvalidFileError:
    return InvalidFileError([Diagnostic(file, line, column, code, message)])


@functools.cache
def fast_loads() -> Callable[[bytes], Any] | None:
    """orjson's `loads` when it is installed (`pip install 'jimcode[fast]'`), else None; imported on first
    use, so that commands which read no records never load it. `JIMCODE_JSON=stdlib` turns it off (the
    benchmark compares both)."""
    if os.environ.get("JIMCODE_JSON") == "stdlib":
        return None
    try:
        from orjson import loads
    except ImportError:
        return None
    return loads


def parse_json(raw: bytes) -> Any:
    """JSON from bytes. A document orjson refuses is parsed again by the standard library, which
    accepts what orjson does not (a byte order mark, NaN, integers beyond 64 bits) and words the
    error the same way whichever parser is installed; what both accept, both read the same."""
    fast = fast_loads()
    if fast is not None:
        try:
            return fast(raw)
        except ValueError:
            pass
    return json.loads(raw)


def read_record_data(path: str, display: str | None = None) -> dict[str, Any]:
    """Parse one record file and check the fields a summary relies on; return the raw dict."""
    file = display or path
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        raise record_problem(file, "not-found", "no such file") from None
    except OSError as exc:
        raise record_problem(file, "unreadable", exc.strerror or str(exc)) from None
    if len(raw) < 64 and not raw.strip():
        raise record_problem(file, "empty", "empty file, not a coded record")
    try:
        data = parse_json(raw)
    except UnicodeDecodeError:
        raise record_problem(file, "encoding", "not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        truncated = exc.pos >= len(exc.doc.rstrip())
        reason = "truncated JSON (the file ends too early)" if truncated else f"invalid JSON: {exc.msg}"
        raise record_problem(file, "bad-json", reason, exc.lineno, exc.colno) from None
    check_record_data(data, file)
    return data


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}.get(
        type(value), "a number"
    )


def check_record_data(data: Any, file: str) -> None:
    """Cheap structural checks of the top level of a record (segments are checked while read)."""
    try:
        transcript, codebook = data["transcript"], data["codebook"]
        if (
            data["format_version"] == FORMAT_VERSION
            and type(transcript) is dict
            and type(codebook) is dict
            and type(transcript["id"]) is str
            and type(transcript["sha256"]) is str
            and type(codebook["id"]) is str
            and type(codebook["version"]) is str
            and type(data["case"]) is str
            and type(data["coder"]) is str
            and type(data["segments"]) is list
            and data.get("status", "in_progress") in RECORD_STATUSES
            and type(data.get("attributes", _NO_OBJECT)) is dict
            and type(data.get("verdicts", _NO_LIST)) is list
            and type(data.get("interview", _NO_OBJECT)) is dict
        ):
            return
    except (KeyError, TypeError, IndexError):
        pass
    _explain_record_data(data, file)


_NO_OBJECT: dict = {}
_NO_LIST: list = []


def _explain_record_data(data: object, file: str) -> None:
    """What is wrong with the top level of a record (the slow path of `check_record_data`)."""
    if not isinstance(data, dict) or "format_version" not in data or "segments" not in data:
        raise record_problem(file, "not-a-record", "not a jimcode coded record (no format_version/segments)", 1, 1)
    if data["format_version"] != FORMAT_VERSION:
        raise record_problem(
            file,
            "format-version",
            f"record format version {data['format_version']!r} is not supported "
            f"(this jimcode reads version {FORMAT_VERSION})",
            1,
            1,
        )
    expected: list[tuple[tuple[str, ...], type | tuple[type, ...]]] = [
        (("transcript",), dict),
        (("transcript", "id"), str),
        (("transcript", "sha256"), str),
        (("codebook",), dict),
        (("codebook", "id"), str),
        (("codebook", "version"), str),
        (("case",), str),
        (("coder",), str),
        (("segments",), list),
    ]
    for keys, kind in expected:
        value: Any = data
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        if not isinstance(value, kind):
            what = "an object" if kind is dict else "a list" if kind is list else "a string"
            raise record_problem(file, "bad-record", f"{'.'.join(keys)}: expected {what}, found {_kind(value)}")
    if data.get("status", "in_progress") not in RECORD_STATUSES:
        raise record_problem(
            file, "bad-record", f"status: {data.get('status')!r} is not one of {', '.join(RECORD_STATUSES)}"
        )
    for key, kind in (("attributes", dict), ("verdicts", list), ("interview", dict)):
        if not isinstance(data.get(key, kind()), kind):
            raise record_problem(file, "bad-record", f"{key}: expected {_kind(kind())}, found {_kind(data[key])}")


def journal_warning(records: list[str], examples: int = 5) -> dict[str, str]:
    listed = ", ".join(records[:examples]) + (f" and {len(records) - examples} more" if len(records) > examples else "")
    return {
        "code": "open-session",
        "message": f"{len(records)} record(s) have decisions not yet saved into them (a coding session is open "
        f"or was stopped; `jimcode code` on the transcript folds them in): {listed}",
    }


def bad_segment(file: str, position: int, message: str) -> InvalidFileError:
    return record_problem(file, "bad-record", f"segments.{position}: {message}")


def find_codebook(data: dict[str, Any], record: Path) -> Codebook:
    """The codebook a record was coded with (used when no `--codebook` is given).

    A record names its codebook by id, version, sha256 and (optionally) path. The path is tried
    as given, then relative to the record's folder and its parents, then the shipped codebooks
    are searched for the id; a file with the recorded sha256 wins over one with the id alone.
    """
    from jimcode.codebook.model import load_codebook, shipped_codebooks_dir
    from jimcode.errors import JimcodeError

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
    from jimcode.codebook.model import load_codebook
    from jimcode.errors import JimcodeError

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
