"""The list of disagreements, in forms a team can discuss: plain text and Markdown.

In JSON they are part of the report's contract (`AgreementReport.result()`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from jimcode.agreement.disagreements import (
    AttributeDisagreement,
    SegmentChoice,
    SegmentDisagreement,
    VerdictDisagreement,
)
from jimcode.i18n import DEFAULT_LANGUAGE, words

if TYPE_CHECKING:
    from jimcode.agreement.report import AgreementReport
    from jimcode.codebook.labels import Labels
    from jimcode.records.model import Pole

EXCERPT = 240
DASH = "\u2013"


def excerpt(text: str, limit: int = EXCERPT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "\u2026"


def code_text(
    code: str, labels: Labels, *, numbered: bool = False, pole: Pole | None = None, language: str = DEFAULT_LANGUAGE
) -> str:
    """A code's label (after its number, when `numbered`; with its pole, when it has one)."""
    number = labels.code_number(code) if numbered else None
    text = f"{number} {labels.code_label(code)}" if number else labels.code_label(code)
    return f"{text}: {labels.pole_label(code, pole, language)}" if pole else text


def codes_text(
    choice: SegmentChoice, labels: Labels, *, numbered: bool = False, language: str = DEFAULT_LANGUAGE
) -> str:
    """A coder's codes as labels (with the numbers a coder types, when `numbered`)."""
    say = words(language)
    if not choice.decided:
        return say("disagreements.not_coded_yet")
    if choice.status == "not_relevant":
        return say("disagreements.not_relevant")
    poles = choice.polarity
    codes = ", ".join(
        code_text(code, labels, numbered=numbered, pole=poles.get(code), language=language) for code in choice.codes
    )
    return codes or say("disagreements.no_codes")


def evidence_text(choice: SegmentChoice, language: str = DEFAULT_LANGUAGE) -> str:
    if choice.status != "coded":
        return ""
    say = words(language)
    parts = []
    for evidence in choice.decision.evidence:
        note = f" ({evidence.note})" if evidence.note else ""
        parts.append(f"{evidence.hypothesis} {say(f'stance.{evidence.stance}')}{note}")
    return "; ".join(parts)


def disputed_text(item: SegmentDisagreement, labels: Labels, language: str = DEFAULT_LANGUAGE) -> str:
    say = words(language)
    parts = []
    if item.relevance_differs:
        parts.append(say("disagreements.relevance"))
    if item.disputed_codes:
        parts.append(", ".join(labels.code_label(code) for code in item.disputed_codes))
    if item.disputed_hypotheses:
        parts.append(say("disagreements.evidence_for", ids=", ".join(item.disputed_hypotheses)))
    return "; ".join(parts)


def value_text(attribute: str, value: object, labels: Labels, language: str = DEFAULT_LANGUAGE) -> str:
    say = words(language)
    if value is None:
        return DASH
    if isinstance(value, bool):
        return say("yes") if value else say("no")
    if isinstance(value, list):
        return ", ".join(labels.option_label(attribute, str(v)) for v in value) or say("attribute.none")
    if isinstance(value, str):
        return labels.option_label(attribute, value)
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text.replace(".", ",") if language == "nl" else text


def verdict_text(verdict: str, language: str = DEFAULT_LANGUAGE) -> str:
    return words(language)(f"disagreements.verdict.{verdict}")


Disagreement = SegmentDisagreement | AttributeDisagreement | VerdictDisagreement


def _by_transcript(report: AgreementReport) -> Iterator[tuple[str, list[Disagreement]]]:
    """Each transcript's disagreements, in transcript order: its disputed segments (its records read
    again, one transcript at a time), then its case attributes and verdicts."""
    others: dict[str, list[Disagreement]] = defaultdict(list)
    held: list[Disagreement] = [*report.attribute_disagreements, *report.verdict_disagreements]
    for item in held:
        others[item.transcript_id].append(item)
    for group in report.double_coded:
        items: list[Disagreement] = [*report.disputed_segments_of(group), *others.get(group.transcript_id, [])]
        if items:
            yield group.transcript_id, items


def _counts(report: AgreementReport) -> str:
    say = words(report.language)
    disputed = report.disputed_count
    if disputed is None:  # not counted with the figures: counted now
        disputed = sum(1 for _ in report.disputed_segments())
    return say(
        "disagreements.counts",
        segments=say.count("disagreements.segments", disputed),
        attributes=say.count("disagreements.attributes", len(report.attribute_disagreements)),
        verdicts=say.count("disagreements.verdicts", len(report.verdict_disagreements)),
    )


def plain(report: AgreementReport) -> Iterator[str]:
    """The disagreements as plain text, in pieces of whole lines (joined by line breaks, they are the
    text): the title, then one piece per transcript."""
    labels, language = report.labels, report.language
    say = words(language)
    yield say("disagreements.plain_title", counts=_counts(report))
    for transcript, items in _by_transcript(report):
        lines = ["", f"{transcript} ({items[0].case})"]
        for item in items:
            if isinstance(item, SegmentDisagreement):
                speaker = f"{item.speaker}: " if item.speaker else ""
                segment = say("disagreements.segment", number=item.number)
                lines.append(f"  {segment} ({item.segment_id}) {speaker}\u201c{excerpt(item.text)}\u201d")
                width = max(len(choice.coder) for choice in item.choices)
                for choice in item.choices:
                    evidence = evidence_text(choice, language)
                    extra = say("disagreements.evidence", text=evidence) if evidence else ""
                    lines.append(f"    {choice.coder:<{width}}  {codes_text(choice, labels, language=language)}{extra}")
                lines.append("    " + say("disagreements.disputed", text=disputed_text(item, labels, language)))
            elif isinstance(item, AttributeDisagreement):
                given = "; ".join(f"{c}: {value_text(item.attribute, v, labels, language)}" for c, v in item.values)
                label = labels.attribute_label(item.attribute)
                lines.append("  " + say("disagreements.attribute", label=label, given=given))
            else:
                given = "; ".join(f"{c}: {verdict_text(v.verdict, language) if v else DASH}" for c, v in item.verdicts)
                label = labels.hypothesis_label(item.hypothesis)
                lines.append("  " + say("disagreements.verdict", label=label, given=given))
        yield "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _quote(text: str) -> str:
    escaped = excerpt(text)
    for char in "\\`*_[]<>#":
        escaped = escaped.replace(char, "\\" + char)
    return "> " + escaped


def _segment_markdown(item: SegmentDisagreement, labels: Labels, language: str) -> list[str]:
    say = words(language)
    speaker = f", {_cell(item.speaker)}" if item.speaker else ""
    segment = say("disagreements.segment", number=item.number)
    lines = [f"**{segment}** ({item.segment_id}{speaker})", "", _quote(item.text), ""]
    columns = [say(f"disagreements.column.{name}") for name in ("coder", "codes", "evidence", "memo")]
    lines += ["| " + " | ".join(columns) + " |", "|---|---|---|---|"]
    for choice in item.choices:
        codes = _cell(codes_text(choice, labels, language=language))
        memo = _cell(choice.decision.memo or "")
        lines.append(f"| {_cell(choice.coder)} | {codes} | {_cell(evidence_text(choice, language))} | {memo} |")
    lines += ["", say("disagreements.disputed_md", text=_cell(disputed_text(item, labels, language))), ""]
    return lines


def markdown(report: AgreementReport) -> Iterator[str]:
    """The disagreements as Markdown, in pieces (concatenated, they are the text): the heading and
    counts, then one piece per transcript."""
    labels, language = report.labels, report.language
    say = words(language)
    yield "\n".join([f"## {say('disagreements.title')}", "", _counts(report) + ".", ""])
    for transcript, items in _by_transcript(report):
        lines = ["", f"### {transcript} ({_cell(items[0].case)})", ""]
        for item in items:
            if isinstance(item, SegmentDisagreement):
                lines += _segment_markdown(item, labels, language)
        attributes = [item for item in items if isinstance(item, AttributeDisagreement)]
        if attributes:
            coders = [c for c, _ in attributes[0].values]
            heading, first = say("disagreements.case_attributes"), say("disagreements.column.attribute")
            lines += [f"**{heading}**", "", f"| {first} | " + " | ".join(coders) + " |"]
            lines.append("|---|" + "---|" * len(coders))
            for item in attributes:
                values = [_cell(value_text(item.attribute, v, labels, language)) for _, v in item.values]
                lines.append(f"| {_cell(labels.attribute_label(item.attribute))} | " + " | ".join(values) + " |")
            lines.append("")
        verdicts = [item for item in items if isinstance(item, VerdictDisagreement)]
        if verdicts:
            coders = [c for c, _ in verdicts[0].verdicts]
            heading, first = say("disagreements.hypothesis_verdicts"), say("disagreements.column.hypothesis")
            lines += [f"**{heading}**", "", f"| {first} | " + " | ".join(coders) + " |"]
            lines.append("|---|" + "---|" * len(coders))
            for item in verdicts:
                given = [
                    _cell(verdict_text(v.verdict, language) + (f" ({v.note})" if v.note else "")) if v else DASH
                    for _, v in item.verdicts
                ]
                lines.append(f"| {_cell(labels.hypothesis_label(item.hypothesis))} | " + " | ".join(given) + " |")
            lines.append("")
        yield "\n".join(lines)
