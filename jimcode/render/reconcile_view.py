"""What the reconcile session shows: the current disagreement, each coder's choice, the proposal.

Plain strings, the same for a terminal and an answers file (the terminal adds colour).
"""

from __future__ import annotations

import textwrap
from typing import Literal

from jimcode.agreement.disagreements import SegmentChoice
from jimcode.codebook.attributes import expected, format_value
from jimcode.codebook.labels import Labels
from jimcode.i18n import Words, choose_language, requested_language
from jimcode.reconcile.state import ReconcileContext, ReconcileState, current_item, settled_count
from jimcode.render.agreement_discussion import code_text, codes_text, disputed_text, evidence_text
from jimcode.render.blocks import key_lines

TEXT_LIMIT = 700

LineRole = Literal["head", "muted", "proposal", ""]  # how a terminal may set a line apart ("": as it is)


def _wrap(text: str, width: int, indent: str = "  ") -> str:
    """The segment quoted and filled to `width` columns (the closing quote included)."""
    flat = " ".join(text.split())
    if len(flat) > TEXT_LIMIT:
        flat = flat[: TEXT_LIMIT - 1].rstrip() + "\u2026"
    quoted = flat + "\u201d"
    return textwrap.fill(quoted, width=width, initial_indent=indent + "\u201c", subsequent_indent=indent + " ")


def header(state: ReconcileState, context: ReconcileContext, say: Words) -> str:
    settled = settled_count(state, context)
    where = say("reconcile.where", number=state.position + 1, total=len(context.items), settled=settled)
    first = context.records[0]  # the consensus is of the same transcript and case
    return f"{where} · {first.transcript.id} ({first.case})"


def item_text(
    state: ReconcileState, context: ReconcileContext, labels: Labels, width: int = 100, language: str | None = None
) -> str:
    """The current disagreement; the segment's text filled to `width` (the terminal's); in `language`
    (default: `--lang` or `JIMCODE_LANG`, else the codebook's)."""
    return "\n".join(text for text, _ in item_lines(state, context, labels, width, language))


def item_lines(
    state: ReconcileState, context: ReconcileContext, labels: Labels, width: int = 100, language: str | None = None
) -> list[tuple[str, LineRole]]:
    """`item_text` line by line, each with its role, for a terminal to colour (whatever the language)."""
    codebook_language = labels.codebook.language if labels.codebook is not None else None
    language = language or choose_language(requested_language(), codebook_language)
    say = Words(language)
    item = current_item(state, context)
    if item is None:
        return [(say("reconcile.all_settled"), "")]
    lines: list[tuple[str, LineRole]] = [(header(state, context, say), "head")]
    letters = {record.coder: letter for letter, record in context.letters.items()}
    if item.segment is not None:
        segment = item.segment
        total = len(state.segments)
        speaker = f" · {segment.speaker}" if segment.speaker else ""
        where = say("reconcile.segment", number=segment.number, total=total, id=segment.segment_id, speaker=speaker)
        lines.append((where, ""))
        lines.append((_wrap(segment.text, width), ""))
        for choice in segment.choices:
            evidence = evidence_text(choice, language)
            memo = say("reconcile.memo", text=choice.decision.memo) if choice.decision.memo else ""
            extra = say("reconcile.evidence", text=evidence) if evidence else ""
            codes = codes_text(choice, labels, numbered=True, language=language)
            lines.append((f"  {letters[choice.coder]} {choice.coder}: {codes}{extra}{memo}", ""))
        lines.append((say("reconcile.disputed", text=disputed_text(segment, labels, language)), "muted"))
        draft = state.draft
        if draft is not None:
            poles = dict(draft.polarity)
            codes = ", ".join(
                code_text(c, labels, numbered=True, pole=poles.get(c), language=language) for c in draft.codes
            ) or say("reconcile.no_codes")
            evidence = "; ".join(f"{e.hypothesis} {say(f'stance.{e.stance}')}" for e in draft.evidence)
            parts = [codes] + ([say("reconcile.evidence_part", text=evidence)] if evidence else [])
            lines.append((say("reconcile.proposal", text=" · ".join(parts)), "proposal"))
        current = state.segments[segment.index]
        if current.status != "open":
            settled = SegmentChoice(context.coder, current)
            lines.append(
                (say("reconcile.settled", text=codes_text(settled, labels, numbered=True, language=language)), "")
            )
        lines += [(line, "muted") for line in key_lines(say("reconcile.segment_keys"), width)]
    elif item.attribute is not None:
        key = item.attribute.attribute
        attribute = labels.attribute(key)
        kind = f" ({expected(attribute, language)})" if attribute is not None else ""
        lines.append((say("reconcile.attribute", label=labels.attribute_label(key), kind=kind), ""))
        for coder, value in item.attribute.values:
            lines.append((f"  {letters[coder]} {coder}: {format_value(attribute, value, language)}", ""))
        if key in state.attributes:
            lines.append((say("reconcile.settled", text=format_value(attribute, state.attributes[key], language)), ""))
        multi = getattr(attribute, "type", "") == "multi_choice"
        extra = say("reconcile.answer_extra") + (say("reconcile.answer_extra_multi") if multi else "")
        lines += [(line, "muted") for line in key_lines(say("reconcile.answer_keys", extra=extra), width)]
    elif item.verdict is not None:
        hypothesis = item.verdict.hypothesis
        lines.append((say("reconcile.verdict", label=labels.hypothesis_label(hypothesis)), ""))
        for coder, verdict in item.verdict.verdicts:
            given = "-"
            if verdict is not None:
                given = say(f"verdict.{verdict.verdict}") + (f" ({verdict.note})" if verdict.note else "")
            lines.append((f"  {letters[coder]} {coder}: {given}", ""))
        agreed = state.verdicts.get(hypothesis)
        if agreed is not None:
            lines.append((say("reconcile.settled", text=say(f"verdict.{agreed.verdict}")), ""))
        lines += [
            (line, "muted")
            for line in key_lines(say("reconcile.answer_keys", extra=say("reconcile.verdict_extra")), width)
        ]
    return lines
