"""`jimcode summary`: stream any number of coded records into the tables of a results section.

One pass over the files. Each record is reduced to a `Digest` (counts, the case's answers, at
most one quote per code and stance) and folded into running totals, overall and per `--by`
group. What is kept grows with the codebook and the number of cases (one entry per
transcript, one number per case per numeric attribute), never with the text of the records.

Counting rules
- One record per transcript (see `RecordChooser`): the consensus record when it is complete,
  else the coders given with `--coder` in that order, else the alphabetically first coder
  (with a warning). An unfinished consensus record is set aside for the coders' (warned about).
  When a better record for a transcript turns up later, the one counted so far is subtracted
  and its quotes leave every sample (`QuoteSample` keeps runners-up to take their place), so
  the totals never hold two records of one transcript. The digest of the last record counted
  is kept (the files of a transcript are adjacent in name order, a consensus record after its
  coders'), so the one replaced is seldom read twice; one counted further back is read again.
- Each transcript is one case. A case pseudonym used by several transcripts is reported.
- An interviewee (the interview's `interviewee`, spellings of one name merged) can speak about
  several cases: the study header counts them, and an attribute `about: interviewee` (the
  professional's organisation) counts once per interviewee, not once per case.
- Percentages say what they are of: attribute categories of the cases that answered,
  codes and verdicts of the cases in the group.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jimcode.codebook.model import Codebook
from jimcode.corpus import Listing, ProgressCallback, SkipCallback, as_current, feed_records
from jimcode.diagnostics import Diagnostic
from jimcode.i18n import choose_language
from jimcode.records.choice import RecordChooser
from jimcode.records.stream import RecordStruct, read_record_data, record_problem
from jimcode.summary._digest import CodebookIndex, Digest, QuoteFloor, digest_record
from jimcode.summary.contract import RecordStatus, SummaryFiles, SummaryResult
from jimcode.summary.result import ReadingLog, SummaryInputs, build_summary, filters, name_key
from jimcode.summary.split import parse_split
from jimcode.summary.tally import Tally


@dataclass(frozen=True)
class SummaryOptions:
    codebook: Path | None = None
    by: str | None = None
    cases: tuple[str, ...] = ()
    coders: tuple[str, ...] = ()
    status: RecordStatus | None = None
    quotes: int = 2
    top_pairs: int = 10
    language: str | None = None  # of jimcode's own words (--lang / JIMCODE_LANG); None: the codebook's
    memos: bool = True  # False (--no-memos): quotes without the coders' memos and evidence notes


def interviewee_of(data: RecordStruct) -> str | None:
    """Whom the record's interview is with, as a name key (spellings of one name are one), or None."""
    named = data.interview.interviewee
    return _name_key(named) if named is not None and named.strip() else None


# The records of a transcript (and often the transcripts of one interviewee) follow each other.
_name_key = functools.lru_cache(maxsize=256)(name_key)


RECENT_DIGESTS = 1
"""How many counted digests are kept for subtracting one when a better record of its transcript follows."""


def _floors(tallies: list[Tally], samples_of: str, keys: Iterable[Any]) -> dict[Any, float]:
    """Per key, the lowest score a quote must beat to get into every sample (only keys whose samples are all full)."""
    floors = {}
    for key in keys:
        samples = [getattr(tally, samples_of).get(key) for tally in tallies]
        if all(sample is not None and sample.full for sample in samples):
            floors[key] = min(sample.worst for sample in samples)
    return floors


class Summariser:
    """Feed records with `add`; `result()` gives the summary."""

    def __init__(self, codebook: Codebook, options: SummaryOptions) -> None:
        self.codebook = codebook
        self.options = options
        self.index = CodebookIndex(codebook)
        self.language = choose_language(options.language, codebook.language)
        self.split = parse_split(options.by, codebook, self.language)
        self.chooser = RecordChooser(options.coders)
        self.total = Tally(self.index, options.quotes)
        self.groups: dict[str, Tally] = {}
        self.wanted_cases = {c.casefold() for c in options.cases}
        self.files_read = 0
        self.filtered_out = 0
        self.log = ReadingLog()
        self._order = 0
        self._floor: QuoteFloor | None = None
        self._floor_at = 0
        # path -> (digest, interviewee) of the last records counted, oldest first
        self._recent: OrderedDict[str, tuple[Digest, str | None]] = OrderedDict()

    def add(self, path: str, data: RecordStruct, display: str, journal: bool = False) -> None:
        """Count one checked record (raises `InvalidFileError` for a record it cannot use).

        `journal`: a coding session's journal lies next to the record (decisions not saved in it yet).
        """
        self._order += 1
        quotes = self.options.quotes > 0
        floor = self._quote_floor() if quotes else None
        if floor is not None and self.split is not None:
            keys = self.split.keys(data.attributes, self.index.options.get(self.split.attribute.id))
            if any(key not in self.groups for key in keys):
                floor = None  # the first case of a group: its samples are empty
        digest = digest_record(data, display, self.index, self._order, quotes, floor)
        if digest.codebook_id != self.codebook.id:
            raise record_problem(
                display,
                "other-codebook",
                f"coded with codebook '{digest.codebook_id}', not '{self.codebook.id}'; summarise it separately",
            )
        self.files_read += 1
        if journal:
            self.log.pending_journals.append(display)
        wanted = not self.wanted_cases or bool(
            {digest.case.casefold(), digest.transcript.casefold()} & self.wanted_cases
        )
        status_ok = self.options.status is None or digest.status == self.options.status
        if not (status_ok and wanted and self.chooser.accepts_coder(digest.coder)):
            self.filtered_out += 1
            return
        counted, replaced = self.chooser.offer(digest.transcript, digest.coder, path, digest.sha256, digest.status)
        if not counted:
            return
        if replaced is not None:
            kept = self._recent.pop(replaced.path) if replaced.path in self._recent else None
            old, old_interviewee = kept or self._read_again(replaced.path)
            if self._apply(old, -1, old_interviewee):
                self._floor = None  # samples lost quotes: their floors went down
        interviewee = interviewee_of(data)
        self._apply(digest, +1, interviewee)
        digest.drop_segments()  # kept, it would keep the record: freed now, its memory is reused while warm
        recent = self._recent
        recent[path] = (digest, interviewee)
        if len(recent) > RECENT_DIGESTS:
            recent.popitem(last=False)

    def _read_again(self, path: str) -> tuple[Digest, str | None]:
        """The digest of a counted record no longer among the recent ones, from its file."""
        again = as_current(read_record_data(path), self.codebook)
        return digest_record(again, path, self.index, 0, quotes=False), interviewee_of(again)

    def _quote_floor(self) -> QuoteFloor | None:
        """Per code, a score at or below which no sample (overall or in a group) would take a quote.

        Refreshed every 64 records; in between it can only be too low (samples only get better
        until a record is subtracted, which resets it), so no quote a sample would keep is missed.
        """
        if self._floor is None or self._order - self._floor_at >= 64:
            tallies = [self.total, *self.groups.values()]
            self._floor = QuoteFloor(
                _floors(tallies, "code_quotes", self.index.question_of),
                self.index,
                _floors(tallies, "evidence_quotes", self.index.evidence_keys),
            )
            self._floor_at = self._order
        return self._floor

    def skip(self, problem: Diagnostic) -> None:
        self._order += 1
        self.log.skip(problem)

    def _apply(self, digest: Digest, sign: int, interviewee: str | None) -> bool:
        """Add or subtract a digest overall and in its groups; True when a quote sample lost a quote."""
        lost = self.total.apply(digest, sign, interviewee)
        if self.split is None:
            return lost
        for key in self.split.keys(digest.answers, self.index.options.get(self.split.attribute.id)):
            group = self.groups.get(key)
            if group is None:
                group = self.groups[key] = Tally(self.index, self.options.quotes)
                self._floor = None  # a new group has empty samples
            lost |= group.apply(digest, sign, interviewee)
        return lost

    def result(self) -> SummaryResult:
        """The summary (call once, after the last record)."""
        self.total.finish()
        for tally in self.groups.values():
            tally.finish()
        counted = self.total.cases
        in_progress = self.chooser.in_progress()
        files = SummaryFiles(
            records_read=self.files_read,
            counted=counted,
            set_aside=self.files_read - self.filtered_out - counted,
            filtered_out=self.filtered_out,
            skipped=self.log.skipped_count,
            skipped_files=self.log.skipped,
            in_progress=len(in_progress),
            in_progress_files=self.log.in_progress_files(self.chooser),
        )
        notices = self.log.notices(self.chooser, self.language)
        options = self.options
        return build_summary(
            SummaryInputs(
                codebook=self.codebook,
                index=self.index,
                split=self.split,
                total=self.total,
                groups=self.groups,
                filters=filters(options.cases, options.coders, options.status),
                quotes_per_item=options.quotes,
                language=self.language,
                top_pairs=options.top_pairs,
                memos=options.memos,
            ),
            files,
            notices,
        )


def summarise(
    records: Listing | Iterable[Path],
    options: SummaryOptions,
    *,
    strict: bool = False,
    on_skip: SkipCallback | None = None,
    on_progress: ProgressCallback | None = None,
) -> SummaryResult:
    """Summarise the records listed (or under paths); files that are not usable records are skipped.

    `on_skip(diagnostic)` hears about each skipped file (with `strict`, the first one is
    raised instead); `on_progress(done, total)` is called after each file.
    """
    summariser = feed_records(
        records,
        lambda codebook: Summariser(codebook, options),
        codebook=options.codebook,
        strict=strict,
        on_skip=on_skip,
        on_progress=on_progress,
    )
    return summariser.result()
