"""What the export and import commands share: loading records, finding their codebook, writing files safely."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jimcode.codebook.model import Codebook, load_codebook
from jimcode.errors import JimcodeError, UsageError
from jimcode.records.model import CodedRecord, load_record


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
