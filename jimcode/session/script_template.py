"""Answers files: the scripted form of a coding session, written out for a transcript (and its record).

`answers_template` gives one commented block per segment (who speaks, how it
starts) with the decisions already made, then the case questions and verdicts by
name. Fed back to `jimcode code` on stdin it reproduces the record; for a new
transcript it is a form to fill in.
"""

from __future__ import annotations

from jimcode.codebook.attributes import answer_text, expected
from jimcode.codebook.model import SIGN_OF_POLE, CaseAttribute, CategoryAttribute, Codebook, MultiChoiceAttribute
from jimcode.records.model import CodedRecord, SegmentDecision
from jimcode.records.quotes import sentence_ranges
from jimcode.records.realign import fresh_decision
from jimcode.transcripts.model import Segment, Transcript
from jimcode.transcripts.sentences import sentence_texts

STANCE_LETTER = {"supports": "s", "contradicts": "c", "nuances": "n"}
VERDICT_LETTER = {"supports": "s", "contradicts": "c", "mixed": "m", "not_applicable": "n"}


def _literal(text: str) -> str:
    """Text as it must be typed: one line, `#` escaped so it is not read as a comment."""
    return " ".join(text.split()).replace("#", "\\#")


def _snippet(text: str, width: int = 72) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def _segment_lines(decision: SegmentDecision, *, go_first: bool) -> list[str]:
    speaker = f" {decision.speaker}" if decision.speaker else ""
    lines = [f"# {decision.index + 1} {decision.segment_id}{speaker}: {_snippet(decision.text)}"]
    lines += _numbered_sentences(decision.text)
    if go_first:
        lines.append(f"g {decision.index + 1}")
    if decision.codes:
        poles = decision.polarity
        lines.append(" ".join(code + SIGN_OF_POLE.get(poles.get(code, ""), "") for code in decision.codes))
    for evidence in decision.evidence:
        note = f" {_literal(evidence.note)}" if evidence.note else ""
        lines.append(f"e {evidence.hypothesis} {STANCE_LETTER[evidence.stance]}{note}")
    if decision.memo:
        lines.append(f"m {_literal(decision.memo)}")
    if decision.quote_sentences:
        lines.append(f"q {sentence_ranges(decision.quote_sentences)}")
    if decision.status == "not_relevant":
        lines.append("x")
    elif decision.status == "coded":
        lines.append("n")
    return lines


def _numbered_sentences(text: str) -> list[str]:
    """Each sentence of a segment of more than one, numbered as the coding screen numbers them."""
    found = sentence_texts(text)
    if len(found) < 2:
        return []
    return [f"#   {number} {' '.join(sentence.split())}" for number, sentence in enumerate(found, start=1)]


def answers_template(transcript: Transcript, codebook: Codebook, record: CodedRecord | None = None) -> str:
    """An answers file for `jimcode code < file`: the record's decisions, or a form to fill in."""
    segments = record.segments if record is not None else [_blank(s) for s in transcript.segments]
    out = [
        f"# answers for {transcript.id} ({transcript.case})"
        + (f", coder {record.coder}" if record is not None else ""),
        "# one command per line; `n` finishes a segment, `x` marks it not relevant; `#` starts a comment",
        "# `q 2-3` marks sentences 2-3 as the segment's quote for reports (numbered below a segment of more than",
        "# one sentence, as on the coding screen)",
        "",
    ]
    left_open = False
    for decision in segments:
        lines = _segment_lines(decision, go_first=left_open)
        left_open = decision.status == "open" and record is not None
        if record is None:
            lines.append("n")
        out += [*lines, ""]
    out.append("# case questions")
    answers = record.attributes if record is not None else {}
    for attribute in codebook.case_attributes:
        out.append(f"# {attribute.question}  [{_hint(attribute)}]")
        if attribute.id in answers:
            out.append(f"{attribute.id}: {_literal(answer_text(attribute, answers[attribute.id]))}")
        elif (value := transcript.meta.attributes.get(attribute.id)) is not None:
            prefilled = f"{attribute.id}: {_literal(answer_text(attribute, value))}"
            out.append(prefilled if record is None else f"# {prefilled}   (from the transcript; not answered yet)")
        else:
            out.append(f"# {attribute.id}: ")
    out += ["", "# hypotheses: s supports, c contradicts, m mixed, n not applicable, then an optional note"]
    verdicts = {v.hypothesis: v for v in record.verdicts} if record is not None else {}
    for hypothesis in codebook.offered_hypotheses():  # a session asks no verdict on a retired one
        given = verdicts.get(hypothesis.id)
        if given is None:
            out.append(f"# {hypothesis.id}:   ({_snippet(hypothesis.title, 60)})")
        else:
            note = f" {_literal(given.note)}" if given.note else ""
            out.append(f"{hypothesis.id}: {VERDICT_LETTER[given.verdict]}{note}")
    return "\n".join(out) + "\n"


def _hint(attribute: CaseAttribute) -> str:
    ids = ", ".join(o.id for o in getattr(attribute, "options", []))
    if isinstance(attribute, CategoryAttribute):
        return f"one of: {ids}"
    if isinstance(attribute, MultiChoiceAttribute):
        return f"one or more of: {ids}"
    return expected(attribute)


def _blank(segment: Segment) -> SegmentDecision:
    return fresh_decision(segment)
