"""Session commands on the current segment: codes, not relevant, memo, evidence, next.

Also the code lookups the menu offers: by number, shortcut or id, and search by label.
"""

from __future__ import annotations

from jimcode.codebook import model as codebook_model
from jimcode.codebook.model import SIGN_OF_POLE, NumberedCode
from jimcode.i18n import Words
from jimcode.modelerrors import did_you_mean
from jimcode.records.model import Evidence, SegmentDecision
from jimcode.records.quotes import sentence_ranges
from jimcode.session import commands as lang
from jimcode.session.context import SessionContext, SessionState, SessionStep, resolve_hypothesis
from jimcode.session.events import Notice
from jimcode.session.progress import after_segment, decide, error
from jimcode.transcripts.sentences import sentences
from jimcode.typed import whole_number


def step(state: SessionState, command: lang.Command, context: SessionContext) -> SessionStep:
    segment = state.segment
    assert segment is not None
    say = context.say
    if isinstance(command, lang.Blank | lang.Next):
        done = segment.model_copy(update={"status": "coded"}) if segment.status == "open" else segment
        return _decide_and_move(state, context, _coded(context, segment), done)
    if isinstance(command, lang.NotRelevant):
        if segment.codes:
            codes = ", ".join(segment.codes)
            return error(state, say("session.error.has_codes", codes=codes, code=segment.codes[0]))
        if segment.evidence:
            return error(state, say("session.error.has_evidence", hypothesis=segment.evidence[0].hypothesis))
        done = segment.model_copy(update={"status": "not_relevant"})
        return _decide_and_move(state, context, say("session.saved.not_relevant", segment=segment.segment_id), done)
    if isinstance(command, lang.ApplyCodes):
        return apply_codes(state, context, segment, command)
    if isinstance(command, lang.Memo):
        memo = command.text.strip() if command.text else None
        summary = say("session.saved.memo_set" if memo else "session.saved.memo_cleared", segment=segment.segment_id)
        return decide(state, context, summary, segment=segment.model_copy(update={"memo": memo}))
    if isinstance(command, lang.SetEvidence | lang.RemoveEvidence):
        return set_evidence(state, context, segment, command)
    if isinstance(command, lang.MarkQuote):
        return mark_quote(state, context, segment, command)
    return error(state, say("session.error.answer_on_segment"))


def _coded(context: SessionContext, segment: SegmentDecision) -> str:
    """`s002 coded: hvo, ouder+` (the one-line feedback after a segment is done; a pole by its sign)."""
    shown = [f"{code}{SIGN_OF_POLE.get(segment.polarity.get(code, ''), '')}" for code in segment.codes]
    codes = ", ".join(shown) or context.say("session.saved.no_codes")
    return context.say("session.saved.coded", segment=segment.segment_id, codes=codes)


def _decide_and_move(
    state: SessionState,
    context: SessionContext,
    summary: str,
    updated: SegmentDecision,
    notes: tuple[Notice, ...] = (),
) -> SessionStep:
    index = updated.index
    return decide(
        state, context, summary, segment=updated, then=lambda new: after_segment(new, context, index), events=notes
    )


def apply_codes(
    state: SessionState, context: SessionContext, segment: SegmentDecision, command: lang.ApplyCodes
) -> SessionStep:
    """Apply and remove codes (all or nothing: one unknown code, or a polarity code without its
    sign, and the line is refused). A code with polarity is applied as present (`7+`) or absent (`7-`)."""
    codes = list(segment.codes)
    polarity = dict(segment.polarity)
    added: list[str] = []
    removed: list[str] = []
    notes: list[Notice] = []
    for token in command.tokens:
        found, pole = token_code(context, token)
        if found is not None:
            code_id = found.code.id
        elif token.remove and token.text in segment.codes:
            code_id = token.text  # a code that vanished from the codebook can still be removed
        else:
            return error(state, context.say("session.error.nothing_applied", problem=unknown_code(context, token.text)))
        if token.remove:
            if code_id in codes:
                codes.remove(code_id)
                polarity.pop(code_id, None)
                removed.append(code_id)
            else:
                notes.append(Notice(context.say("session.note.not_applied", code=code_id)))
            continue
        assert found is not None
        problem = polarity_problem(found, token.text, pole, context.say)
        if problem is not None:
            return error(state, context.say("session.polarity.nothing_applied", problem=problem))
        if code_id in codes and polarity.get(code_id) == pole:
            notes.append(Notice(context.say("session.note.already_applied", code=code_id)))
            continue
        if code_id not in codes:
            codes.append(code_id)
        if pole is not None:
            polarity[code_id] = pole
        added.append(code_id if pole is None else f"{code_id} ({pole})")
    status = segment.status
    if added and status == "not_relevant":
        status = "open"
        notes.append(Notice(context.say("session.note.open_again", segment=segment.segment_id), "warning"))
    if command.then_next and status == "open":
        status = "coded"
    updated = segment.model_copy(update={"codes": codes, "polarity": polarity, "status": status})
    if not command.then_next:
        changed = " ".join([*(f"+{c}" for c in added), *(f"-{c}" for c in removed)])
        summary = context.say("session.saved.codes", segment=segment.segment_id, changed=changed)
        return decide(state, context, summary, segment=updated, events=tuple(notes))
    return _decide_and_move(state, context, _coded(context, updated), updated, tuple(notes))


def token_code(context: SessionContext, token: lang.CodeToken) -> tuple[NumberedCode | None, lang.Pole | None]:
    """The code a token names and the pole it gives: `co+` is co present, unless the whole word
    (an id that itself ends in `-`) names a code."""
    if token.word and token.word != token.text and not token.word.endswith("+"):
        whole = resolve_code(context, token.word)
        if whole is not None:
            return whole, None
    return resolve_code(context, token.text), token.pole


def polarity_problem(entry: NumberedCode, typed: str, pole: lang.Pole | None, say: Words) -> str | None:
    """Why a code cannot be applied with this pole: a polarity code needs one, another code takes none."""
    if entry.code.has_polarity and pole is None:
        return say("session.polarity.needs_pole", code=entry.code.id, typed=typed)
    if not entry.code.has_polarity and pole is not None:
        return say("session.polarity.no_pole", code=entry.code.id, typed=typed)
    return None


def set_evidence(
    state: SessionState,
    context: SessionContext,
    segment: SegmentDecision,
    command: lang.SetEvidence | lang.RemoveEvidence,
) -> SessionStep:
    """Evidence is one stance per hypothesis per segment; setting it again replaces it."""
    if isinstance(command, lang.RemoveEvidence):
        present = [e for e in segment.evidence if e.hypothesis.casefold() == command.hypothesis.casefold()]
        if not present:
            return error(state, context.say("session.error.no_evidence_for", hypothesis=command.hypothesis))
        kept = [e for e in segment.evidence if e not in present]
        summary = context.say(
            "session.saved.evidence_removed", segment=segment.segment_id, hypothesis=present[0].hypothesis
        )
        return decide(state, context, summary, segment=segment.model_copy(update={"evidence": kept}))
    hypothesis = resolve_hypothesis(context, command.hypothesis)
    if isinstance(hypothesis, str):
        return error(state, hypothesis)
    evidence = Evidence(hypothesis=hypothesis.id, stance=command.stance, note=command.note)
    evidences = list(segment.evidence)
    where = next((i for i, e in enumerate(evidences) if e.hypothesis == hypothesis.id), None)
    if where is None:
        evidences.append(evidence)
    else:
        evidences[where] = evidence
    stance = context.say(f"stance.{command.stance}")
    summary = context.say("session.saved.evidence", segment=segment.segment_id, hypothesis=hypothesis.id, stance=stance)
    return decide(state, context, summary, segment=segment.model_copy(update={"evidence": evidences}))


def mark_quote(
    state: SessionState, context: SessionContext, segment: SegmentDecision, command: lang.MarkQuote
) -> SessionStep:
    """The sentences (as the screen numbers them) that reports quote of this segment; none: unmarked."""
    count = len(sentences(segment.text))
    beyond = [n for n in command.sentences if n > count]
    if beyond:
        return error(state, context.say("session.quote.beyond", count=count, number=beyond[0]))
    if not command.sentences and not segment.quote_sentences:
        return error(state, context.say("session.quote.none"))
    marked = list(command.sentences)
    what = (
        context.say("session.quote", sentences=sentence_ranges(marked))
        if marked
        else context.say("session.quote_unmarked")
    )
    summary = f"{segment.segment_id} {what}"
    return decide(state, context, summary, segment=segment.model_copy(update={"quote_sentences": marked}))


def find_codes(context: SessionContext, query: str) -> tuple[NumberedCode, ...]:
    """Codes whose label or id contains the query, then by definition (see `codebook.model.find_codes`)."""
    return codebook_model.find_codes(context.codes, query)


def resolve_code(context: SessionContext, token: str) -> NumberedCode | None:
    """The code a token names: its number, shortcut or id (see `codebook.model.resolve_code`)."""
    return codebook_model.resolve_code(context.codes, token)


def unknown_code(context: SessionContext, token: str) -> str:
    if whole_number(token) is not None:
        return context.say("session.error.no_code_number", token=token, count=len(context.codes))
    names = [*context.by_shortcut, *(c.code.id for c in context.codes)]
    suggestion = did_you_mean(token, names, context.language)
    return context.say("session.error.unknown_code", token=token, suggestion=suggestion)
