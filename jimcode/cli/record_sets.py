"""The set of records a report reads as a whole (`agreement`, `export`), as the command line asks for it,
and the one wording of `--complete-only` and of the records still in progress for such a report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jimcode.cli import messages
from jimcode.corpus import LoadedRecord, RecordIndex, index_records
from jimcode.records.choice import in_progress_warning
from jimcode.records.model import CONSENSUS_CODER


def report_in_progress(left_out: int, unfinished: list[str]) -> None:
    """The note on records `--complete-only` left out, or the warning naming those still in progress kept."""
    if left_out:
        messages.note(f"--complete-only: left out {left_out} record(s) still in progress")
    if unfinished:
        messages.warning(in_progress_warning(unfinished)["message"])


def index_for_report(
    paths: list[Path] | None,
    complete_only: bool,
    *,
    consensus: bool = True,
    visit: Callable[[LoadedRecord], None] | None = None,
    in_key_order: bool = False,
) -> RecordIndex:
    """The records a report reads as a set (`agreement`, `export`), one at a time (`index_records`), with
    `--complete-only` applied.

    Records still in progress are left out with it (a note says how many), else named in a warning.
    `consensus=False`: the report sets consensus records aside anyway, so they are not named.
    (`summary` and `retrieve` stream their records: `--complete-only` is their `--status complete`.)
    `in_key_order`: visited in (transcript id, coder) order (`index_records`).
    """
    index = index_records(paths, visit, in_key_order=in_key_order)
    if complete_only:
        kept = index.complete_only()
        report_in_progress(len(index.entries) - len(kept.entries), [])
        return kept
    report_in_progress(0, [entry.file for entry in index.in_progress() if consensus or entry.coder != CONSENSUS_CODER])
    return index
