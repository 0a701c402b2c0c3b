"""One record per transcript: which of several coders' records a summary counts, and what to warn about."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from jimcode.records.model import CONSENSUS_CODER


@dataclass(slots=True)
class Chosen:
    """The record currently counted for one transcript, and the coders set aside for it."""

    path: str
    coder: str
    sha256: str
    set_aside: list[str] = field(default_factory=list)
    hash_mismatch: bool = False
    duplicate: bool = False


class RecordChooser:
    """One record per transcript: consensus first, then the coders named (in order), else alphabetical.

    Without `--coder`, the rule is: the record of coder `consensus` when there is one,
    otherwise the alphabetically first coder's (with a warning naming the transcripts).
    With `preferred` coders, only their records count and the first listed wins.
    """

    def __init__(self, preferred: Iterable[str] = ()) -> None:
        self.preferred = [name.casefold() for name in preferred]
        self.chosen: dict[str, Chosen] = {}

    def accepts_coder(self, coder: str) -> bool:
        return not self.preferred or coder.casefold() in self.preferred

    def _rank(self, coder: str) -> tuple:
        if self.preferred:
            return (self.preferred.index(coder.casefold()), coder)
        return (coder != CONSENSUS_CODER, coder.casefold(), coder)

    def offer(self, transcript_id: str, coder: str, path: str, sha256: str) -> tuple[bool, Chosen | None]:
        """Should this record count? Returns (counted, the record it replaces or None)."""
        current = self.chosen.get(transcript_id)
        if current is None:
            self.chosen[transcript_id] = Chosen(path, coder, sha256)
            return True, None
        mismatch = current.hash_mismatch or sha256 != current.sha256
        if coder == current.coder:
            current.duplicate = True
            current.hash_mismatch = mismatch
            return False, None
        if self._rank(coder) < self._rank(current.coder):
            replacement = Chosen(path, coder, current.sha256, [*current.set_aside, current.coder], mismatch)
            replacement.duplicate = current.duplicate
            self.chosen[transcript_id] = replacement
            return True, current
        current.set_aside.append(coder)
        current.hash_mismatch = mismatch
        return False, None

    def warnings(self, examples: int = 5) -> list[dict[str, str]]:
        """Warnings about the choice: several coders without consensus, duplicates, changed transcripts."""
        found = []
        several = sorted(
            (tid, entry)
            for tid, entry in self.chosen.items()
            if entry.set_aside and (self.preferred or entry.coder != CONSENSUS_CODER)
        )
        if several and not self.preferred:
            listed = "; ".join(
                f"{tid}: {entry.coder} (not {', '.join(sorted(set(entry.set_aside)))})"
                for tid, entry in several[:examples]
            )
            more = f" and {len(several) - examples} more" if len(several) > examples else ""
            found.append(
                {
                    "code": "several-coders",
                    "message": f"{len(several)} transcript(s) have records by several coders and no consensus "
                    f"record; counting the alphabetically first coder's: {listed}{more}. "
                    "Pass --coder NAME to choose, or reconcile them (jimcode reconcile)",
                }
            )
        duplicated = sorted(tid for tid, entry in self.chosen.items() if entry.duplicate)
        if duplicated:
            found.append(
                {
                    "code": "duplicate-record",
                    "message": f"{len(duplicated)} transcript(s) have two records by the same coder (copies?); "
                    f"the first file was counted: {', '.join(duplicated[:examples])}",
                }
            )
        changed = sorted(tid for tid, entry in self.chosen.items() if entry.hash_mismatch)
        if changed:
            found.append(
                {
                    "code": "transcript-changed",
                    "message": f"{len(changed)} transcript(s) were coded from different texts (their sha256 "
                    f"differs between records): {', '.join(changed[:examples])}",
                }
            )
        return found
