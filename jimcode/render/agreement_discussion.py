"""The list of disagreements, in forms a team can discuss: plain text and Markdown.

In JSON they are part of the report's contract (`AgreementReport.result()`)."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from jimcode.agreement.disagreements import (
    AttributeDisagreement,
    SegmentChoice,
    SegmentDisagreement,
    VerdictDisagreement,
)

if TYPE_CHECKING:
    from jimcode.agreement.report import AgreementReport
    from jimcode.codebook.labels import Labels

EXCERPT = 240
DASH = "\u2013"
STATUS_WORDS = {"open": "not coded yet", "coded": "coded", "not_relevant": "not relevant"}
VERDICT_WORDS = {"supports": "supports", "contradicts": "contradicts", "mixed": "mixed", "not_applicable": "n/a"}


def excerpt(text: str, limit: int = EXCERPT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "\u2026"


def code_text(code: str, labels: Labels, *, numbered: bool = False) -> str:
    number = labels.code_number(code) if numbered else None
    return f"{number} {labels.code_label(code)}" if number else labels.code_label(code)


def codes_text(choice: SegmentChoice, labels: Labels, *, numbered: bool = False) -> str:
    """A coder's codes as labels (with the numbers a coder types, when `numbered`)."""
    if not choice.decided:
        return f"({STATUS_WORDS['open']})"
    if choice.status == "not_relevant":
        return "(not relevant)"
    return ", ".join(code_text(code, labels, numbered=numbered) for code in choice.codes) or "(no codes)"


def evidence_text(choice: SegmentChoice) -> str:
    if choice.status != "coded":
        return ""
    parts = []
    for evidence in choice.decision.evidence:
        note = f" ({evidence.note})" if evidence.note else ""
        parts.append(f"{evidence.hypothesis} {evidence.stance}{note}")
    return "; ".join(parts)


def disputed_text(item: SegmentDisagreement, labels: Labels) -> str:
    parts = []
    if item.relevance_differs:
        parts.append("relevance")
    if item.disputed_codes:
        parts.append(", ".join(labels.code_label(code) for code in item.disputed_codes))
    if item.disputed_hypotheses:
        parts.append("evidence for " + ", ".join(item.disputed_hypotheses))
    return "; ".join(parts)


def value_text(attribute: str, value: object, labels: Labels) -> str:
    if value is None:
        return DASH
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(labels.option_label(attribute, str(v)) for v in value) or "(none)"
    if isinstance(value, str):
        return labels.option_label(attribute, value)
    return f"{value:g}" if isinstance(value, float) else str(value)


Disagreement = SegmentDisagreement | AttributeDisagreement | VerdictDisagreement


def _by_transcript(report: AgreementReport) -> dict[str, list[Disagreement]]:
    grouped: dict[str, list[Disagreement]] = defaultdict(list)
    items: list[Disagreement] = [
        *report.segment_disagreements,
        *report.attribute_disagreements,
        *report.verdict_disagreements,
    ]
    for item in items:
        grouped[item.transcript_id].append(item)
    return dict(sorted(grouped.items()))


def _counts(report: AgreementReport) -> str:
    return (
        f"{len(report.segment_disagreements)} segment(s), {len(report.attribute_disagreements)} case attribute(s), "
        f"{len(report.verdict_disagreements)} verdict(s) to discuss"
    )


def plain(report: AgreementReport) -> str:
    labels = report.labels
    lines = [f"Disagreements: {_counts(report)}"]
    for transcript, items in _by_transcript(report).items():
        lines += ["", f"{transcript} ({items[0].case})"]
        for item in items:
            if isinstance(item, SegmentDisagreement):
                speaker = f"{item.speaker}: " if item.speaker else ""
                lines.append(f"  Segment {item.number} ({item.segment_id}) {speaker}\u201c{excerpt(item.text)}\u201d")
                width = max(len(choice.coder) for choice in item.choices)
                for choice in item.choices:
                    evidence = evidence_text(choice)
                    extra = f"; evidence: {evidence}" if evidence else ""
                    lines.append(f"    {choice.coder:<{width}}  {codes_text(choice, labels)}{extra}")
                lines.append(f"    disputed: {disputed_text(item, labels)}")
            elif isinstance(item, AttributeDisagreement):
                given = "; ".join(f"{c}: {value_text(item.attribute, v, labels)}" for c, v in item.values)
                lines.append(f"  Attribute {labels.attribute_label(item.attribute)}: {given}")
            else:
                given = "; ".join(f"{c}: {VERDICT_WORDS[v.verdict] if v else DASH}" for c, v in item.verdicts)
                lines.append(f"  Verdict {labels.hypothesis_label(item.hypothesis)}: {given}")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _quote(text: str) -> str:
    escaped = excerpt(text)
    for char in "\\`*_[]<>#":
        escaped = escaped.replace(char, "\\" + char)
    return "> " + escaped


def _segment_markdown(item: SegmentDisagreement, labels: Labels) -> list[str]:
    speaker = f", {_cell(item.speaker)}" if item.speaker else ""
    lines = [f"**Segment {item.number}** ({item.segment_id}{speaker})", "", _quote(item.text), ""]
    lines += ["| Coder | Codes | Evidence | Memo |", "|---|---|---|---|"]
    for choice in item.choices:
        codes = _cell(codes_text(choice, labels))
        memo = _cell(choice.decision.memo or "")
        lines.append(f"| {_cell(choice.coder)} | {codes} | {_cell(evidence_text(choice))} | {memo} |")
    lines += ["", f"Disputed: {_cell(disputed_text(item, labels))}.", ""]
    return lines


def markdown(report: AgreementReport) -> str:
    labels = report.labels
    lines = ["## Disagreements", "", _counts(report) + ".", ""]
    for transcript, items in _by_transcript(report).items():
        lines += [f"### {transcript} ({_cell(items[0].case)})", ""]
        for item in items:
            if isinstance(item, SegmentDisagreement):
                lines += _segment_markdown(item, labels)
        attributes = [item for item in items if isinstance(item, AttributeDisagreement)]
        if attributes:
            coders = [c for c, _ in attributes[0].values]
            lines += ["**Case attributes**", "", "| Attribute | " + " | ".join(coders) + " |"]
            lines.append("|---|" + "---|" * len(coders))
            for item in attributes:
                values = [_cell(value_text(item.attribute, v, labels)) for _, v in item.values]
                lines.append(f"| {_cell(labels.attribute_label(item.attribute))} | " + " | ".join(values) + " |")
            lines.append("")
        verdicts = [item for item in items if isinstance(item, VerdictDisagreement)]
        if verdicts:
            coders = [c for c, _ in verdicts[0].verdicts]
            lines += ["**Hypothesis verdicts**", "", "| Hypothesis | " + " | ".join(coders) + " |"]
            lines.append("|---|" + "---|" * len(coders))
            for item in verdicts:
                given = [
                    _cell(VERDICT_WORDS[v.verdict] + (f" ({v.note})" if v.note else "")) if v else DASH
                    for _, v in item.verdicts
                ]
                lines.append(f"| {_cell(labels.hypothesis_label(item.hypothesis))} | " + " | ".join(given) + " |")
            lines.append("")
    return "\n".join(lines)
