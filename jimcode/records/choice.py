"""One record per transcript: which of several coders' records a summary counts, and what to warn about."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from jimcode.i18n import words
from jimcode.records.model import CONSENSUS_CODER

LISTED = 5  # records named in one warning line, the rest as "and K more"


@dataclass(slots=True)
class Chosen:
    """The record currently counted for one transcript, and the coders set aside for it."""

    path: str
    coder: str
    sha256: str
    set_aside: list[str] = field(default_factory=list)
    hash_mismatch: bool = False
    duplicate: bool = False
    status: str = "complete"


def _unfinished_consensus(coder: str, status: str) -> bool:
    return coder == CONSENSUS_CODER and status != "complete"


def listed(items: Sequence[str], examples: int = LISTED, language: str = "en", separator: str = ", ") -> str:
    """The first `examples` items, then "and K more"."""
    more = words(language)("and_more", count=len(items) - examples) if len(items) > examples else ""
    return separator.join(items[:examples]) + more


def in_progress_warning(paths: Sequence[str], examples: int = LISTED, language: str = "en") -> dict[str, str]:
    """The one wording, in every report, of the records still in progress that it is made of."""
    return {
        "code": "in-progress",
        "message": words(language)("choice.in_progress", count=len(paths), files=listed(paths, examples, language)),
    }


class RecordChooser:
    """One record per transcript: a complete consensus first, then the coders named (in order), else alphabetical.

    Without `--coder`, the rule is: the record of coder `consensus` when there is one and it is
    complete, otherwise the alphabetically first coder's (with a warning naming the transcripts).
    With `preferred` coders, only their records count and the first listed wins.
    A consensus record that is not complete (reconcile stopped half way) never replaces a coder's
    record: it ranks after every coder (so it counts only for a transcript no coder's record is
    given for), and a warning names each one set aside.
    """

    def __init__(self, preferred: Iterable[str] = ()) -> None:
        self.preferred = [name.casefold() for name in preferred]
        self.chosen: dict[str, Chosen] = {}
        self.unfinished_set_aside: dict[str, str] = {}  # transcript id -> its unfinished consensus record

    def accepts_coder(self, coder: str) -> bool:
        return not self.preferred or coder.casefold() in self.preferred

    def _rank(self, coder: str, status: str) -> tuple:
        last = _unfinished_consensus(coder, status)
        if self.preferred:
            return (last, self.preferred.index(coder.casefold()), coder)
        return (last, coder != CONSENSUS_CODER, coder.casefold(), coder)

    def offer(self, transcript_id: str, coder: str, path: str, sha256: str, status: str) -> tuple[bool, Chosen | None]:
        """Should this record (`status`: its status) count? Returns (counted, the record it replaces or None)."""
        current = self.chosen.get(transcript_id)
        if current is None:
            self.chosen[transcript_id] = Chosen(path, coder, sha256, status=status)
            return True, None
        mismatch = current.hash_mismatch or sha256 != current.sha256
        if coder == current.coder:
            current.duplicate = True
            current.hash_mismatch = mismatch
            return False, None
        if self._rank(coder, status) < self._rank(current.coder, current.status):
            set_aside = list(current.set_aside)
            if _unfinished_consensus(current.coder, current.status):
                self.unfinished_set_aside[transcript_id] = current.path
            else:
                set_aside.append(current.coder)
            replacement = Chosen(path, coder, current.sha256, set_aside, mismatch, status=status)
            replacement.duplicate = current.duplicate
            self.chosen[transcript_id] = replacement
            return True, current
        if _unfinished_consensus(coder, status):
            self.unfinished_set_aside[transcript_id] = path
        else:
            current.set_aside.append(coder)
        current.hash_mismatch = mismatch
        return False, None

    def in_progress(self) -> list[str]:
        """The counted records that are still in progress, by path."""
        return sorted(entry.path for entry in self.chosen.values() if entry.status != "complete")

    def warnings(self, examples: int = LISTED, language: str = "en") -> list[dict[str, str]]:
        """Warnings about the choice: unfinished consensus records, several coders without consensus,
        duplicates, changed transcripts, counted records still in progress."""
        say = words(language)
        found = []
        unfinished = sorted(self.unfinished_set_aside.values())
        if unfinished:
            found.append(
                {
                    "code": "unfinished-consensus",
                    "message": say(
                        "choice.unfinished_consensus",
                        count=len(unfinished),
                        files=listed(unfinished, examples, language),
                    ),
                }
            )
        several = sorted(
            (tid, entry)
            for tid, entry in self.chosen.items()
            if entry.set_aside and (self.preferred or entry.coder != CONSENSUS_CODER)
        )
        if several and not self.preferred:
            named = [
                say(
                    "choice.coder_not",
                    transcript=tid,
                    coder=entry.coder,
                    others=", ".join(sorted(set(entry.set_aside))),
                )
                for tid, entry in several
            ]
            found.append(
                {
                    "code": "several-coders",
                    "message": say(
                        "choice.several_coders", count=len(several), files=listed(named, examples, language, "; ")
                    ),
                }
            )
        duplicated = sorted(tid for tid, entry in self.chosen.items() if entry.duplicate)
        if duplicated:
            found.append(
                {
                    "code": "duplicate-record",
                    "message": say("choice.duplicate", count=len(duplicated), files=", ".join(duplicated[:examples])),
                }
            )
        changed = sorted(tid for tid, entry in self.chosen.items() if entry.hash_mismatch)
        if changed:
            found.append(
                {
                    "code": "transcript-changed",
                    "message": say(
                        "choice.transcript_changed", count=len(changed), files=", ".join(changed[:examples])
                    ),
                }
            )
        progress = self.in_progress()
        if progress:
            found.append(in_progress_warning(progress, examples, language))
        return found
