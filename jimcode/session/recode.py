"""`jimcode code --recode OLD-ID`: settle a split code, segment by segment.

A split (`replaces: [old]` on two codes or more) cannot be mapped by rule. This walks only the
segments of a coder's records that still carry the old id and asks which of its successors apply;
each answer replaces the old id in that segment and is saved at once (the record's journal), so a
stopped run resumes with the segments still waiting. An answer line names successors by their
number in the list shown, id or shortcut (several separated by spaces or commas), or is `-` for
none of them; `q` stops. Answers files work as for any session (`# ...` comments, blank lines).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from jimcode.codebook.model import Codebook, NumberedCode, resolve_code
from jimcode.errors import JimcodeError, UsageError
from jimcode.i18n import DEFAULT_LANGUAGE, words
from jimcode.modelerrors import did_you_mean
from jimcode.records.migrate import plan_migration
from jimcode.records.model import SegmentChange, SegmentDecision
from jimcode.records.store import RecordStore

NONE_APPLY = "-"
STOP = "q"


def successors_of(codebook: Codebook, old: str, language: str = DEFAULT_LANGUAGE) -> tuple[NumberedCode, ...]:
    """The codes a split `old` id became, in codebook order; a usage error (in `language`) when `old` is not split."""
    say = words(language)
    successors = codebook.lineage().codes.get(old)
    if not successors:
        known = [entry.code.id for entry in codebook.numbered_codes()]
        if old in known:
            raise UsageError(say("recode.still_in_codebook", old=old, id=codebook.id))
        splits = [o for o, new in codebook.lineage().codes.items() if len(new) > 1]
        suggestion = did_you_mean(old, splits, language)
        raise UsageError(say("recode.not_replaced", id=codebook.id, old=old, suggestion=suggestion))
    if len(successors) == 1:
        raise UsageError(say("recode.renamed", old=old, new=successors[0]))
    by_id = codebook.codes_by_id()
    return tuple(by_id[s] for s in successors if s in by_id)


def parse_answer(
    line: str, successors: Sequence[NumberedCode], language: str = DEFAULT_LANGUAGE
) -> tuple[str, ...] | str:
    """The successor ids an answer chooses, or why it is not an answer (a message in `language`)."""
    say = words(language)
    tokens = [t for t in line.replace(",", " ").split() if t]
    if tokens == [NONE_APPLY]:
        return ()
    if not tokens:
        return say("recode.name_codes")
    listed = [
        NumberedCode(number, entry.code, entry.question, entry.depth, entry.parent)
        for number, entry in enumerate(successors, start=1)
    ]
    chosen: dict[str, None] = {}
    for token in tokens:
        found = resolve_code(listed, token)
        if found is None:
            names = [entry.code.id for entry in successors]
            suggestion = did_you_mean(token, names, language)
            return say("recode.not_listed", token=token, count=len(successors), suggestion=suggestion)
        chosen[found.code.id] = None
    return tuple(chosen)


def recoded(decision: SegmentDecision, old: str, chosen: Sequence[str]) -> SegmentDecision:
    """The segment with `old` replaced, where it stood, by the codes chosen (each once)."""
    codes: dict[str, None] = {}
    for code in decision.codes:
        codes.update(dict.fromkeys(chosen) if code == old else {code: None})
    polarity = {code: pole for code, pole in decision.polarity.items() if code != old and code in codes}
    return decision.model_copy(update={"codes": list(codes), "polarity": polarity})


@dataclass
class RecodeTally:
    recoded: int = 0
    waiting: int = 0  # segments left with the old code when the coder stopped (or the input ended)


# The coder's choice for one segment (successor ids; empty: none apply), or None to stop here.
Ask = Callable[[SegmentDecision, Sequence[NumberedCode]], tuple[str, ...] | None]
Say = Callable[[str], None]


def recode_record(
    path: Path,
    codebook: Codebook,
    old: str,
    coder: str,
    ask: Ask,
    say: Say,
    *,
    take_over: bool = False,
    language: str = DEFAULT_LANGUAGE,
) -> RecodeTally:
    """Walk the segments of one record that carry `old`; every answer saved before the next question.

    `say` prints one progress line per decision (as a scripted session does).

    A record not yet migrated to `codebook` is migrated first (as `jimcode migrate` would).
    """
    successors = successors_of(codebook, old, language)
    said = words(language)
    tally = RecodeTally()
    with RecordStore.open(path, coder, take_over=take_over, language=language) as store:
        record = store.record
        if record is None:
            return tally
        if record.codebook.id != codebook.id:
            used = record.codebook.id
            raise JimcodeError(said("recode.other_codebook", name=path.name, used=used, wanted=codebook.id))
        plan = plan_migration(record, codebook)
        if plan.needed:
            store.create(plan.record)
            record = plan.record
            say(said("recode.migrated_first", file=path.name, id=codebook.id, version=codebook.version))
        waiting = [d for d in record.segments if old in d.codes]
        for position, decision in enumerate(waiting):
            chosen = ask(decision, successors)
            if chosen is None:
                tally.waiting = len(waiting) - position
                break
            store.save([SegmentChange(recoded(decision, old, chosen))])
            tally.recoded += 1
            chosen_ids = ", ".join(chosen) or said("attribute.none")
            say(said("recode.recoded", segment=decision.segment_id, old=old, chosen=chosen_ids))
    return tally
