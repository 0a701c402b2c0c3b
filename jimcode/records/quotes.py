"""A segment's quote for a report: the sentences its coder marked, else its text cut at a sentence's end.

Reports (summary exemplars, hypothesis evidence, retrieve) quote segments through `segment_quote`, so
every format quotes the same words. Sentence numbers are those of `jimcode.transcripts.sentences`,
counted in the segment's text as the record holds it.
"""

from __future__ import annotations

from collections.abc import Sequence

from jimcode.transcripts.sentences import ELLIPSIS, Sentence, cut_at_word, sentences

QUOTE_MAX_CHARS = 1200
"""No quote is longer, marked or not (a longer one is cut after a whole word, with an ellipsis)."""
QUOTE_IDEAL_CHARS = 220
"""About two sentences: what a reader of a report takes in at a glance."""
QUOTE_WHOLE_CHARS = 330
"""An unmarked text up to this long is quoted whole; a longer one is cut after the sentence that
brings it closest to `QUOTE_IDEAL_CHARS`."""

_GAP = f" {ELLIPSIS} "  # between marked sentences that do not follow each other


def segment_quote(text: str, marked: Sequence[int] = ()) -> str:
    """What a report quotes of a segment's `text`: the `marked` sentences (`marked_quote`), else the text,
    cut after a sentence when it is long, with an ellipsis. A quote is never longer than
    `QUOTE_MAX_CHARS`: a longer one is cut after a whole word, with an ellipsis (a word is cut only when
    it alone is longer)."""
    quoted = marked_quote(text, marked)
    if quoted is not None:
        return quoted
    text = text.strip()
    if len(text) <= QUOTE_WHOLE_CHARS:
        return text  # most segments: no need to split them
    found = sentences(text)
    end = _best_end(text, found)
    if end >= len(text) or end > QUOTE_MAX_CHARS - 2:
        return cut_at_word(text, QUOTE_MAX_CHARS)
    return text[:end] + " " + ELLIPSIS


def marked_quote(text: str, marked: Sequence[int]) -> str | None:
    """The `marked` sentences of `text` as a report quotes them (numbers from 1; numbers the text does not
    have are passed over; an ellipsis between sentences that do not follow each other), at most
    `QUOTE_MAX_CHARS`; None when no mark is a sentence of the text."""
    if not marked:
        return None
    text = text.strip()
    found = sentences(text)
    wanted = _wanted(found, marked)
    return cut_at_word(_marked(text, found, wanted), QUOTE_MAX_CHARS) if wanted else None


def _wanted(found: list[Sentence], marked: Sequence[int]) -> list[int]:
    """The marked sentence numbers the text has, in order (numbers it does not have are passed over)."""
    return sorted({n for n in marked if 1 <= n <= len(found)})


def runs_of(numbers: Sequence[int]) -> list[list[int]]:
    """Sorted numbers as runs of numbers that follow each other: [1, 2, 3, 5] -> [[1, 2, 3], [5]]."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and runs[-1][-1] == number - 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return runs


def sentence_ranges(numbers: Sequence[int]) -> str:
    """1-3, 5: sorted sentence numbers as the coder types them (`q 1-3 5`) and the screen shows them."""
    return ", ".join(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs_of(numbers))


def _marked(text: str, found: list[Sentence], wanted: list[int]) -> str:
    """The wanted sentences; a run of sentences that follow each other as it stands in the text."""
    pieces = [text[found[run[0] - 1].start : found[run[-1] - 1].end] for run in runs_of(wanted)]
    return _GAP.join(pieces)


def _best_end(text: str, found: list[Sentence]) -> int:
    """Where to cut: the end of the first sentences together closest to `QUOTE_IDEAL_CHARS` (the longer on a
    tie), never inside a quotation (`zei ze: "Van oma. Daar mag ik logeren."` is cut after the whole of it)."""
    ends = [s.end for s in found if _quotations_closed(text[: s.end])] or [len(text)]
    best = ends[0]
    for end in ends:
        if abs(end - QUOTE_IDEAL_CHARS) <= abs(best - QUOTE_IDEAL_CHARS):
            best = end
        if end > QUOTE_IDEAL_CHARS:
            break
    return best


def _quotations_closed(text: str) -> bool:
    """Every double quotation mark opened in `text` is closed (single ones are also apostrophes: not counted)."""
    return text.count('"') % 2 == 0 and text.count("“") + text.count("„") <= text.count("”")


def missing_sentences(text: str, marked: Sequence[int]) -> list[int]:
    """The marked sentence numbers that `text` does not have (its transcript changed, or a hand edit)."""
    count = len(sentences(text))
    return sorted({n for n in marked if not 1 <= n <= count})
