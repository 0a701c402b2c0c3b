"""Session answers: case attributes (typed, validated, pre-filled) and hypothesis verdicts."""

from __future__ import annotations

from jimcode.codebook.attributes import AnswerError, expected, format_value, parse_answer
from jimcode.codebook.model import CaseAttribute, Hypothesis
from jimcode.modelerrors import did_you_mean
from jimcode.records.model import VERDICTS, HypothesisVerdict, Verdict
from jimcode.session import commands as lang
from jimcode.session.context import SessionContext, SessionState, SessionStep
from jimcode.session.progress import after_answer, attribute_index, decide, error, hypothesis_index, moved
from jimcode.transcripts.model import AttributeValue

VERDICT_WORDS: dict[str, Verdict] = {
    "s": "supports",
    "supports": "supports",
    "c": "contradicts",
    "contradicts": "contradicts",
    "m": "mixed",
    "mixed": "mixed",
    "n": "not_applicable",
    "na": "not_applicable",
    "n/a": "not_applicable",
    "not_applicable": "not_applicable",
    "not-applicable": "not_applicable",
}
assert set(VERDICT_WORDS.values()) == set(VERDICTS)


def current_value(state: SessionState, context: SessionContext, attribute: CaseAttribute) -> AttributeValue:
    """The answer shown for an attribute: the coder's own, else the transcript's pre-filled value."""
    if attribute.id in state.attributes:
        return state.attributes[attribute.id]
    return context.prefill.get(attribute.id)


def answer(state: SessionState, context: SessionContext, command: lang.Command) -> SessionStep:
    """An answer to the current question (an attribute value or a verdict)."""
    phase, index = state.position.phase, state.position.index
    if phase == "attributes":
        attribute = context.attributes[index]
        if isinstance(command, lang.Blank | lang.Keep):
            value = current_value(state, context, attribute)
            if value is None and attribute.required:
                return error(state, _required(context, attribute))
            return store_attribute(state, context, attribute, value)
        if isinstance(command, lang.Clear):
            return answer_attribute(state, context, attribute, None)
        if isinstance(command, lang.Answer):
            return answer_attribute(state, context, attribute, command.text)
    else:
        hypothesis = context.hypotheses[index]
        if isinstance(command, lang.Blank | lang.Keep):
            if hypothesis.id not in state.verdicts:
                return error(state, _give_verdict(context, hypothesis))
            return moved(state, *_flatten(after_answer(state, context, "verdicts", index)))
        if isinstance(command, lang.Answer):
            return answer_verdict(state, context, hypothesis, command.text)
        if isinstance(command, lang.Clear):
            return error(state, _give_verdict(context, hypothesis))
    return error(state, context.say("session.error.segment_command"))


def _required(context: SessionContext, attribute: CaseAttribute) -> str:
    wanted = expected(attribute, context.language)
    return context.say("session.error.answer_required", id=attribute.id, expected=wanted)


def _give_verdict(context: SessionContext, hypothesis: Hypothesis) -> str:
    return context.say("session.error.give_verdict", id=hypothesis.id, help=context.say("session.verdict_help"))


def _flatten(moves: tuple) -> tuple:
    position, events = moves
    return (position, *events)


def keyed_answer(state: SessionState, context: SessionContext, command: lang.KeyedAnswer) -> SessionStep:
    """`child_age: 13` or `H1: s note`; from the segments the coder stays where they are."""
    folded = command.key.casefold()
    stay = state.position.phase == "segments"
    attribute = next((a for a in context.attributes if a.id.casefold() == folded), None)
    if attribute is not None:
        return answer_attribute(state, context, attribute, command.text, stay=stay)
    hypothesis = next((h for h in context.hypotheses if h.id.casefold() == folded), None)
    if hypothesis is not None:
        return answer_verdict(state, context, hypothesis, command.text, stay=stay)
    if state.position.phase in ("attributes", "verdicts"):
        return answer(state, context, lang.Answer(command.line))
    known = [a.id for a in context.attributes] + [h.id for h in context.hypotheses]
    suggestion = did_you_mean(command.key, known, context.language)
    return error(state, context.say("session.error.not_a_question", key=command.key, suggestion=suggestion))


def answer_attribute(
    state: SessionState, context: SessionContext, attribute: CaseAttribute, text: str | None, *, stay: bool = False
) -> SessionStep:
    if text is None or text.strip() in ("-", ""):
        if text is not None and not text.strip():
            wanted = expected(attribute, context.language)
            return error(state, context.say("session.error.no_answer_given", id=attribute.id, expected=wanted))
        if attribute.required:
            return error(state, _required(context, attribute))
        value: AttributeValue = None
    else:
        try:
            value = parse_answer(attribute, text, context.language)
        except AnswerError as exc:
            return error(state, f"{attribute.id}: {exc}")
    return store_attribute(state, context, attribute, value, stay=stay)


def store_attribute(
    state: SessionState,
    context: SessionContext,
    attribute: CaseAttribute,
    value: AttributeValue,
    *,
    stay: bool = False,
) -> SessionStep:
    index = attribute_index(context, attribute.id)
    return decide(
        state,
        context,
        f"{attribute.id} = {format_value(attribute, value, context.language)}",
        attribute=(attribute.id, value),
        then=None if stay else (lambda new: after_answer(new, context, "attributes", index)),
    )


def answer_verdict(
    state: SessionState, context: SessionContext, hypothesis: Hypothesis, text: str, *, stay: bool = False
) -> SessionStep:
    word, _, note = text.strip().partition(" ")
    verdict = VERDICT_WORDS.get(word.casefold())
    if verdict is None:
        verdict_help = context.say("session.verdict_help")
        return error(state, context.say("session.error.answer_verdict", id=hypothesis.id, help=verdict_help))
    given = HypothesisVerdict(hypothesis=hypothesis.id, verdict=verdict, note=note.strip() or None)
    index = hypothesis_index(context, hypothesis.id)
    return decide(
        state,
        context,
        f"{hypothesis.id}: {context.say(f'verdict.{verdict}')}" + (f" ({given.note})" if given.note else ""),
        verdict=(hypothesis.id, given),
        then=None if stay else (lambda new: after_answer(new, context, "verdicts", index)),
    )
