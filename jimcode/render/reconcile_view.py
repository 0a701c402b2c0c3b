"""What the reconcile session shows: the current disagreement, each coder's choice, the proposal.

Plain strings, the same for a terminal and an answers file (the terminal adds colour).
"""

from __future__ import annotations

import textwrap

from jimcode.agreement.disagreements import SegmentChoice
from jimcode.codebook.attributes import expected, format_value
from jimcode.codebook.labels import Labels
from jimcode.reconcile.state import ReconcileContext, ReconcileState, current_item, settled_count
from jimcode.render.agreement_discussion import code_text, codes_text, disputed_text, evidence_text

TEXT_LIMIT = 700

SEGMENT_KEYS = (
    "A/B… take a coder's decision · + union · & common codes · 3 7 -2 edit the proposal, n accept it · "
    "x not relevant · e H1 s|c|n · m memo · b back · u undo · q quit · h help"
)
ANSWER_KEYS = "A/B… take a coder's answer · type the answer{extra} · b back · u undo · q quit · h help"


def _wrap(text: str, width: int, indent: str = "  ") -> str:
    """The segment quoted and filled to `width` columns (the closing quote included)."""
    flat = " ".join(text.split())
    if len(flat) > TEXT_LIMIT:
        flat = flat[: TEXT_LIMIT - 1].rstrip() + "\u2026"
    quoted = flat + "\u201d"
    return textwrap.fill(quoted, width=width, initial_indent=indent + "\u201c", subsequent_indent=indent + " ")


def header(state: ReconcileState, context: ReconcileContext) -> str:
    where = f"Disagreement {state.position + 1} of {len(context.items)} ({settled_count(state, context)} settled)"
    first = context.records[0]  # the consensus is of the same transcript and case
    return f"{where} · {first.transcript.id} ({first.case})"


def item_text(state: ReconcileState, context: ReconcileContext, labels: Labels, width: int = 100) -> str:
    """The current disagreement; the segment's text filled to `width` (the terminal's)."""
    item = current_item(state, context)
    if item is None:
        return "Every disagreement is settled."
    lines = [header(state, context)]
    letters = {record.coder: letter for letter, record in context.letters.items()}
    if item.segment is not None:
        segment = item.segment
        total = len(state.segments)
        speaker = f" · {segment.speaker}" if segment.speaker else ""
        lines.append(f"Segment {segment.number} of {total} ({segment.segment_id}){speaker}")
        lines.append(_wrap(segment.text, width))
        for choice in segment.choices:
            evidence = evidence_text(choice)
            memo = f" · memo: {choice.decision.memo}" if choice.decision.memo else ""
            extra = f" · evidence: {evidence}" if evidence else ""
            codes = codes_text(choice, labels, numbered=True)
            lines.append(f"  {letters[choice.coder]} {choice.coder}: {codes}{extra}{memo}")
        lines.append(f"  disputed: {disputed_text(segment, labels)}")
        draft = state.draft
        if draft is not None:
            codes = ", ".join(code_text(c, labels, numbered=True) for c in draft.codes) or "(no codes)"
            evidence = "; ".join(f"{e.hypothesis} {e.stance}" for e in draft.evidence)
            parts = [codes] + ([f"evidence: {evidence}"] if evidence else [])
            lines.append("  proposal: " + " · ".join(parts))
        current = state.segments[segment.index]
        if current.status != "open":
            settled = SegmentChoice(context.coder, current)
            lines.append("  settled as: " + codes_text(settled, labels, numbered=True))
        lines.append(SEGMENT_KEYS)
    elif item.attribute is not None:
        key = item.attribute.attribute
        attribute = labels.attribute(key)
        kind = f" ({expected(attribute)})" if attribute is not None else ""
        lines.append(f"Case attribute {labels.attribute_label(key)}{kind}")
        for coder, value in item.attribute.values:
            lines.append(f"  {letters[coder]} {coder}: {format_value(attribute, value)}")
        if key in state.attributes:
            lines.append(f"  settled as: {format_value(attribute, state.attributes[key])}")
        multi = getattr(attribute, "type", "") == "multi_choice"
        extra = "; - no answer" + ("; + / & union / common options" if multi else "")
        lines.append(ANSWER_KEYS.format(extra=extra))
    elif item.verdict is not None:
        hypothesis = item.verdict.hypothesis
        lines.append(f"Verdict on {labels.hypothesis_label(hypothesis)}")
        for coder, verdict in item.verdict.verdicts:
            given = "-"
            if verdict is not None:
                given = verdict.verdict.replace("_", " ") + (f" ({verdict.note})" if verdict.note else "")
            lines.append(f"  {letters[coder]} {coder}: {given}")
        agreed = state.verdicts.get(hypothesis)
        if agreed is not None:
            lines.append(f"  settled as: {agreed.verdict.replace('_', ' ')}")
        lines.append(ANSWER_KEYS.format(extra=" (s, c, m, n + note)"))
    return "\n".join(lines)
