"""`jimcode migrate`: a record coded under an earlier codebook version, moved to the current one.

Renamed and merged ids are mapped by the codebook's lineage (`jimcode.codebook.lineage`); a split id
cannot be mapped by rule and stays, listed as waiting for `jimcode code --recode`. Evidence, memos,
answers and verdicts are kept; the record's codebook version and sha256 are updated and the
migration is noted in the record (`migrations`). `plan_migration` is pure; `migrate_file` writes
one record whole (atomically, under the record's lock), so a run can be interrupted and repeated.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from jimcode.codebook.diff import CodebookChange, CodebookDiff
from jimcode.codebook.lineage import Lineage
from jimcode.codebook.model import Codebook
from jimcode.errors import InvalidFileError, SessionBusyError
from jimcode.i18n import message_language, words
from jimcode.records.model import (
    CodedRecord,
    HypothesisVerdict,
    Migration,
    SegmentDecision,
    load_record,
    now,
)
from jimcode.records.store import RecordStore, fold_journal, journal_path, lock_path, read_journal
from jimcode.records.stream import as_dict, read_record_data

MIGRATE_CODER = "jimcode-migrate"


@dataclass(frozen=True)
class Waiting:
    """A segment that carries a split code: a coder must choose among its successors."""

    segment_id: str
    code: str
    successors: tuple[str, ...]


@dataclass
class MigrationPlan:
    """What migrating one record changes; `record` is the migrated copy."""

    record: CodedRecord
    changes: list[str] = field(default_factory=list)
    waiting: list[Waiting] = field(default_factory=list)
    codebook_changed: bool = False  # the record names another version (sha256) of the codebook

    @property
    def needed(self) -> bool:
        return self.codebook_changed or bool(self.changes)


def _single(mapping: dict[str, tuple[str, ...]], old: str) -> str | None:
    successors = mapping.get(old)
    return successors[0] if successors is not None and len(successors) == 1 else None


def _moved(counts: Counter[tuple[str, str]], what: str, unit: str) -> list[str]:
    return [f"{what} {old} -> {new}: {n} {unit}" for (old, new), n in counts.items()]


def plan_migration(record: CodedRecord, codebook: Codebook, at: datetime | None = None) -> MigrationPlan:
    """The record moved to `codebook` through its lineage (pure; the record given is not changed)."""
    lineage = codebook.lineage()
    migrated = record.model_copy(deep=True)
    plan = MigrationPlan(migrated, codebook_changed=record.codebook.sha256 != codebook.sha256)
    code_moves: Counter[tuple[str, str]] = Counter()
    hypothesis_moves: Counter[tuple[str, str]] = Counter()
    segments = []
    for segment in migrated.segments:
        segments.append(_migrate_segment(segment, lineage, code_moves, hypothesis_moves, plan.waiting))
    migrated.segments = segments
    plan.changes += _moved(code_moves, "code", "segment(s)")
    plan.changes += _migrate_verdicts(migrated, lineage, hypothesis_moves)
    plan.changes += _moved(hypothesis_moves, "hypothesis", "evidence or verdict(s)")
    plan.changes += _migrate_attributes(migrated, codebook, lineage)
    if plan.needed:
        stamp = at or now()
        note = [
            *plan.changes,
            *(f"waiting: {w.segment_id} {w.code} -> {' | '.join(w.successors)}" for w in plan.waiting),
        ]
        migrated.migrations = [
            *migrated.migrations,
            Migration(
                at=stamp,
                from_version=record.codebook.version,
                from_sha256=record.codebook.sha256,
                to_version=codebook.version,
                changes=note,
            ),
        ]
        migrated.codebook = migrated.codebook.model_copy(
            update={"version": codebook.version, "sha256": codebook.sha256}
        )
        migrated.updated_at = max(migrated.updated_at, stamp)
    return plan


def _migrate_segment(
    segment: SegmentDecision,
    lineage: Lineage,
    code_moves: Counter[tuple[str, str]],
    hypothesis_moves: Counter[tuple[str, str]],
    waiting: list[Waiting],
) -> SegmentDecision:
    codes: dict[str, None] = {}
    polarity = dict(segment.polarity)
    for code in segment.codes:
        successors = lineage.codes.get(code)
        new = _single(lineage.codes, code)
        if new is not None:
            code_moves[(code, new)] += 1
            codes[new] = None
            if code in polarity:  # the pole moves with the code (a merge keeps the first one given)
                polarity.setdefault(new, polarity.pop(code))
        else:
            if successors:
                waiting.append(Waiting(segment.segment_id, code, successors))
            codes[code] = None
    evidence = []
    for item in segment.evidence:
        new = _single(lineage.hypotheses, item.hypothesis)
        if new is not None:
            hypothesis_moves[(item.hypothesis, new)] += 1
            item = item.model_copy(update={"hypothesis": new})
        if item not in evidence:
            evidence.append(item)
    polarity = {code: pole for code, pole in polarity.items() if code in codes}
    return segment.model_copy(update={"codes": list(codes), "polarity": polarity, "evidence": evidence})


def _migrate_verdicts(record: CodedRecord, lineage: Lineage, moves: Counter[tuple[str, str]]) -> list[str]:
    """Verdicts under their new hypothesis ids; two that meet on one (a merge) and differ become 'mixed'."""
    notes = []
    by_hypothesis: dict[str, HypothesisVerdict] = {}
    for verdict in record.verdicts:
        new = _single(lineage.hypotheses, verdict.hypothesis)
        if new is not None:
            moves[(verdict.hypothesis, new)] += 1
            verdict = verdict.model_copy(update={"hypothesis": new})
        earlier = by_hypothesis.get(verdict.hypothesis)
        if earlier is None:
            by_hypothesis[verdict.hypothesis] = verdict
        elif earlier.verdict != verdict.verdict:
            note = "; ".join(n for n in (earlier.note, verdict.note) if n) or None
            by_hypothesis[verdict.hypothesis] = HypothesisVerdict(
                hypothesis=verdict.hypothesis, verdict="mixed", note=note
            )
            notes.append(
                f"verdicts on {verdict.hypothesis} merged: {earlier.verdict} and {verdict.verdict} became mixed"
            )
    record.verdicts = list(by_hypothesis.values())
    return notes


def _migrate_attributes(record: CodedRecord, codebook: Codebook, lineage: Lineage) -> list[str]:
    notes = []
    answers = {}
    for key, value in record.attributes.items():
        new = _single(lineage.attributes, key)
        if new is not None and new not in record.attributes:
            notes.append(f"attribute {key} -> {new}")
            key = new
        options = lineage.options.get(key, {})
        if isinstance(value, str) and _single(options, value):
            notes.append(f"attribute {key}: option {value} -> {_single(options, value)}")
            value = _single(options, value)
        elif isinstance(value, list):
            mapped = list(dict.fromkeys(_single(options, v) or v if isinstance(v, str) else v for v in value))
            if mapped != value:
                notes.append(f"attribute {key}: options {', '.join(map(str, value))} -> {', '.join(map(str, mapped))}")
                value = mapped
        answers[key] = value
    record.attributes = answers
    return notes


@dataclass(frozen=True)
class FileMigration:
    """What `migrate_file` did with one record file."""

    path: Path
    plan: MigrationPlan
    written: bool


def migrate_file(
    path: Path, codebook: Codebook, *, dry_run: bool = False, language: str | None = None
) -> FileMigration:
    """Plan (and unless `dry_run`, write) the migration of one record file.

    Written under the record's lock (a record in an open coding session raises `SessionBusyError`, its
    message in `language`), whole or not at all: an interrupted run leaves each record in its old or its new
    version.
    """
    if dry_run:
        language = language or message_language()
        if lock_path(path).exists():
            raise SessionBusyError(words(language)("store.open_in_session", name=path.name))
        plan = plan_migration(_read_with_journal(path, language), codebook)
        return FileMigration(path, plan, written=False)
    with RecordStore.open(path, MIGRATE_CODER, language=language) as store:
        assert store.record is not None
        plan = plan_migration(store.record, codebook)
        if plan.needed:
            store.create(plan.record)
        return FileMigration(path, plan, written=plan.needed)


def _read_with_journal(path: Path, language: str) -> CodedRecord:
    """The record as a session would see it; its journal (decisions not yet folded in) is left alone."""
    record = load_record(path)
    journal = journal_path(path)
    if journal.exists():
        fold_journal(record, read_journal(journal).entries, journal, path.name, words(language))
    return record


def count_usage(diff: CodebookDiff, files: Sequence[str]) -> CodebookDiff:
    """The diff with, per change, how many of the records (and their segments) use an old id.

    Only records of the diff's codebook are counted; a file that is not a readable record is
    listed in `skipped`.
    """
    records = {id(change): 0 for change in diff.changes}
    segments = dict(records)
    read = 0
    skipped: list[str] = []
    for file in files:
        try:
            data = as_dict(read_record_data(file))
        except InvalidFileError as exc:
            skipped.append(str(exc))
            continue
        if data["codebook"]["id"] != diff.id:
            continue
        read += 1
        for change in diff.changes:
            hits = _segments_using(data, change)
            if hits is not None:
                segments[id(change)] += hits
                records[id(change)] += 1
    changes = [
        change.model_copy(
            update={
                "records": records[id(change)],
                "segments": segments[id(change)] if change.kind != "attribute" else None,
            }
        )
        for change in diff.changes
    ]
    return diff.model_copy(update={"changes": changes, "records_read": read, "skipped": skipped})


def _segments_using(data: dict[str, Any], change: CodebookChange) -> int | None:
    """How many segments of one record carry an old id of the change (None: the record does not use it)."""
    old = set(change.old)
    if not old or change.kind == "question":  # records name codes, not the questions they stand under
        return None
    if change.kind == "code":
        hits = sum(1 for s in data["segments"] if old.intersection(s.get("codes", ())))
        return hits or None
    if change.kind == "hypothesis":
        hits = sum(1 for s in data["segments"] if any(e.get("hypothesis") in old for e in s.get("evidence", ())))
        used = hits or any(v.get("hypothesis") in old for v in data.get("verdicts", ()))
        return hits if used else None
    answers = data.get("attributes", {})
    if change.kind == "attribute":
        return 0 if old.intersection(answers) else None
    value = answers.get(change.attribute or "")
    chosen = set(value) if isinstance(value, list) else {value}
    return 0 if old.intersection(v for v in chosen if isinstance(v, str)) else None
