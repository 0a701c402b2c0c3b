"""Lay out a summary (`jimcode.summary.contract.SummaryResult`) as blocks, in the order of a results section.

Groups from `--by` sit side by side as table columns; quotes come from all cases.
Options nobody chose are left out of the tables (they stay in JSON and CSV) and named below.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from jimcode.render.blocks import (
    BarChart,
    Block,
    Heading,
    Paragraph,
    QuoteItem,
    Quotes,
    Row,
    Series,
    StackedChart,
    Table,
)
from jimcode.summary.contract import CodeQuote, EvidenceQuote, OptionShare
from jimcode.summary.describe import number_text, percent_text, whole_percent

if TYPE_CHECKING:
    from jimcode.summary.contract import (
        AttributeSummary,
        EvidenceCount,
        NamedCount,
        Share,
        SummaryResult,
    )

STANCE_LABELS = {"supports": "supports", "contradicts": "contradicts", "nuances": "nuances"}


def group_names(result: SummaryResult) -> list[str]:
    names = []
    for group in result.groups:
        n = group.corpus.cases
        names.append(f"{group.label} (n={n})")
    return names


def layout(result: SummaryResult, *, charts: bool = False) -> list[Block]:
    codebook = result.codebook
    blocks: list[Block] = [Heading(1, f"Summary: {codebook.title}")]
    blocks.append(Paragraph(_subtitle(result), muted=True))
    blocks += _corpus(result)
    blocks += _attributes(result, charts)
    blocks += _questions(result, charts)
    blocks += _hypotheses(result, charts)
    blocks += _cooccurrence(result)
    return blocks


def _subtitle(result: SummaryResult) -> str:
    codebook = result.codebook
    parts = [f"codebook {codebook.id} version {codebook.version}"]
    split = result.split
    if split:
        parts.append(f"split by {split.label}")
    filters = result.filters
    if filters.cases:
        parts.append("cases " + ", ".join(filters.cases))
    if filters.coders:
        parts.append("coder " + ", ".join(filters.coders))
    if filters.status:
        parts.append(f"status {filters.status.replace('_', ' ')} only")
    parts.append(result.generated_by)
    return " · ".join(parts)


def _corpus(result: SummaryResult) -> list[Block]:
    groups = result.groups
    columns = ["", *group_names(result)]
    corpora = [g.corpus for g in groups]
    rows = [
        Row(["Cases", *(str(c.cases) for c in corpora)]),
        Row(["Complete", *(str(c.complete) for c in corpora)]),
        Row(["In progress", *(str(c.in_progress) for c in corpora)]),
        Row(["Coders", *(_named(c.coders) for c in corpora)]),
        Row(["Organisations", *(_named(c.organisations, c.organisation_missing) for c in corpora)]),
        Row(["Segments", *(str(c.segments.total) for c in corpora)]),
        Row(["coded", *(str(c.segments.coded) for c in corpora)], indent=1),
        Row(["not relevant", *(str(c.segments.not_relevant) for c in corpora)], indent=1),
        Row(["open", *(str(c.segments.open) for c in corpora)], indent=1),
    ]
    if any(c.case_pseudonyms != c.cases for c in corpora):
        rows.insert(1, Row(["Case pseudonyms", *(str(c.case_pseudonyms) for c in corpora)]))
    blocks: list[Block] = [Heading(2, "Corpus", "corpus"), Table(columns, rows)]
    files = result.files
    notes = []
    if files.set_aside:
        notes.append(f"{files.set_aside} record(s) by other coders of the same transcripts were set aside")
    if files.filtered_out:
        notes.append(f"{files.filtered_out} record(s) left out by the filters")
    if files.skipped:
        notes.append(f"{files.skipped} file(s) skipped as unreadable (listed on stderr)")
    if notes:
        blocks.append(Paragraph("; ".join(notes) + ".", muted=True))
    for warning in result.warnings:
        blocks.append(Paragraph(f"Warning: {warning.message}"))
    return blocks


def _named(items: list[NamedCount], missing: int = 0) -> str:
    text = ", ".join(f"{item.name} {item.cases}" for item in items)
    if missing:
        text += f"{', ' if text else ''}unknown {missing}"
    return text or "–"


def _attributes(result: SummaryResult, charts: bool) -> list[Block]:
    groups = result.groups
    if not groups[0].attributes:
        return []
    blocks: list[Block] = [Heading(2, "Case attributes", "attributes")]
    for position, attribute in enumerate(groups[0].attributes):
        per_group = [g.attributes[position] for g in groups]
        if attribute.type == "text":
            answered = _per_group(result, [f"{a.answered} of {a.cases} cases" for a in per_group])
            blocks.append(Paragraph(f"{attribute.label} (free text): answered in {answered}.", muted=True))
            continue
        blocks.append(Heading(3, _attribute_title(attribute), f"attribute-{attribute.id}"))
        if attribute.stats is not None or attribute.type in ("integer", "number"):
            blocks += _number_blocks(result, per_group)
        else:
            blocks += _category_blocks(result, per_group, charts)
    return blocks


def _attribute_title(attribute: AttributeSummary) -> str:
    extras = [x for x in (attribute.research_question, attribute.unit) if x]
    return attribute.label + (f" ({', '.join(extras)})" if extras else "")


def _number_blocks(result: SummaryResult, per_group: list[AttributeSummary]) -> list[Block]:
    """The reading a results section prints, then one row of n/mean/median/min/max/sd per group."""
    keys = ("n", "mean", "median", "min", "max", "sd")
    invalid = any(a.invalid for a in per_group)
    columns = ["", *keys, "no answer", *(["invalid"] if invalid else [])]
    rows = []
    for group, found in zip(result.groups, per_group, strict=True):
        stats = found.stats.model_dump() if found.stats is not None else {}
        cells = [number_text(stats.get(key)) if stats else "–" for key in keys]
        extra = [str(found.invalid)] if invalid else []
        rows.append(Row([group.label, *cells, str(found.missing), *extra]))
    unit = per_group[0].unit
    note = f"In {unit}; sd is the sample standard deviation." if unit else "sd is the sample standard deviation."
    return [*_reading_lines(result, per_group), Table(columns, rows, note=note)]


def _reading_lines(result: SummaryResult, per_group: list[AttributeSummary]) -> list[Block]:
    """`Mean 58 days (8 weeks), range 0 days to 5 months (n=6).`, one line per group."""
    if len(per_group) == 1:
        text = per_group[0].reading or ""  # a number attribute always has a reading
        return [Paragraph(f"{text[:1].upper()}{text[1:]} (n={per_group[0].answered}).", strong=True)]
    return [
        Paragraph(f"{g.label}: {a.reading} (n={a.answered}).", strong=True)
        for g, a in zip(result.groups, per_group, strict=True)
    ]


def _category_blocks(result: SummaryResult, per_group: list[AttributeSummary], charts: bool) -> list[Block]:
    first = per_group[0]
    columns = ["", *(f"{g.label} (n={a.answered})" for g, a in zip(result.groups, per_group, strict=True))]
    rows: list[Row] = []
    unused: list[str] = []
    shown: list[int] = []
    multi = first.type == "multi_choice"

    def option_rows(indexes: list[int], indent: int) -> None:
        for i in indexes:
            counts = [a.options[i].count for a in per_group]
            if not any(counts):
                unused.append(first.options[i].label)
                continue
            shown.append(i)
            cells = [percent_text(a.options[i].count, a.answered) for a in per_group]
            rows.append(Row([first.options[i].label, *cells], indent=indent))

    if first.option_groups:
        for g, group in enumerate(first.option_groups):
            cells = [percent_text(a.option_groups[g].count, a.answered) for a in per_group]
            rows.append(Row([group.label, *cells], strong=True))
            option_rows([i for i, o in enumerate(first.options) if _option_group(o) == group.id], 1)
        option_rows([i for i, o in enumerate(first.options) if not _option_group(o)], 0)
    else:
        option_rows(list(range(len(first.options))), 0)
    rows.append(Row(["no answer", *(str(a.missing) for a in per_group)]))
    if any(a.invalid for a in per_group):
        rows.append(Row(["invalid", *(str(a.invalid) for a in per_group)]))
    note = "Percentages of the cases that answered"
    note += " (several options per case, so they can add up to more than 100%)." if multi else "."
    if unused:
        note += f" Not chosen: {', '.join(unused)}."
    blocks: list[Block] = [Table(columns, rows, note=note)]
    if charts and shown:
        blocks.append(
            BarChart(
                title=first.label,
                categories=[first.options[i].label for i in shown],
                series=[
                    Series(
                        g.label,
                        [a.options[i].percent or 0 for i in shown],
                        [percent_text(a.options[i].count, a.answered) for i in shown],
                    )
                    for g, a in zip(result.groups, per_group, strict=True)
                ],
            )
        )
    return blocks


def _questions(result: SummaryResult, charts: bool) -> list[Block]:
    groups = result.groups
    blocks: list[Block] = [Heading(2, "Research questions", "questions")]
    for position, question in enumerate(groups[0].questions):
        per_group = [g.questions[position] for g in groups]
        blocks.append(Heading(3, f"{question.id} {question.title}", f"question-{question.id}"))
        coded_in = _per_group(
            result, [_of_cases(q.cases, g.corpus.cases) for g, q in zip(groups, per_group, strict=True)]
        )
        blocks.append(Paragraph(f"{question.question} Coded in {coded_in}; {question.segments} segment(s)."))
        names = group_names(result)
        columns = [
            "#",
            "Code",
            "Segments",
            *(names if len(names) > 1 else [f"Cases (n={groups[0].corpus.cases})"]),
        ]
        rows = [
            Row(
                [
                    str(code.number),
                    code.label,
                    str(code.segments),
                    *(percent_text(q.codes[i].cases, g.corpus.cases) for g, q in zip(groups, per_group, strict=True)),
                ],
                indent=code.depth,
            )
            for i, code in enumerate(question.codes)
        ]
        blocks.append(Table(columns, rows, numeric_from=2))
        if charts and question.cases:
            blocks.append(
                BarChart(
                    title=f"{question.id}: % of cases coded",
                    categories=[code.label for code in question.codes],
                    series=[
                        Series(
                            g.label,
                            [c.percent or 0 for c in q.codes],
                            [percent_text(c.cases, g.corpus.cases) for c in q.codes],
                        )
                        for g, q in zip(groups, per_group, strict=True)
                    ],
                    indent=[code.depth for code in question.codes],
                )
            )
        items = _merged([(quote, code.label) for code in question.codes for quote in code.quotes])
        if items:
            blocks.append(Quotes(items, title="Exemplar quotes"))
    return blocks


def _per_group(result: SummaryResult, texts: list[str]) -> str:
    """One text per group: as is for all cases alone, else `All cases: …; under 12: …`."""
    if len(texts) == 1:
        return texts[0]
    return "; ".join(f"{g.label}: {text}" for g, text in zip(result.groups, texts, strict=True))


def _of_cases(count: int, of: int) -> str:
    share = whole_percent(count, of)
    return f"{count} of {of} cases" + ("" if share is None else f" ({share}%)")


def _option_group(option: OptionShare | Share) -> str | None:
    return option.group if isinstance(option, OptionShare) else None


def _merged(quotes: Sequence[tuple[CodeQuote | EvidenceQuote, str]]) -> list[QuoteItem]:
    """One item per segment, tagged with every code (or stance) it was picked for."""
    tags: dict[tuple[str, str, str], list[str]] = {}
    first: dict[tuple[str, str, str], CodeQuote | EvidenceQuote] = {}
    for quote, tag in quotes:
        key = (quote.transcript, quote.coder, quote.segment)
        first.setdefault(key, quote)
        if tag not in tags.setdefault(key, []):
            tags[key].append(tag)
    items = []
    for key, quote in first.items():
        who = quote.case + (f", {quote.speaker}" if quote.speaker else "")
        items.append(QuoteItem(text=quote.text, attribution=who, tag=", ".join(tags[key]), remark=_remark(quote)))
    return items


def _remark(quote: CodeQuote | EvidenceQuote) -> str | None:
    return quote.memo if isinstance(quote, CodeQuote) else quote.note


def _hypotheses(result: SummaryResult, charts: bool) -> list[Block]:
    groups = result.groups
    if not groups[0].hypotheses:
        return []
    several = len(groups) > 1
    blocks: list[Block] = [Heading(2, "Hypotheses", "hypotheses")]
    lead = ["Hypothesis", "Group"] if several else ["Hypothesis"]
    verdict_rows, evidence_rows, chart_rows = [], [], []
    for position, hypothesis in enumerate(groups[0].hypotheses):
        for g, group in enumerate(groups):
            found = group.hypotheses[position]
            n = group.corpus.cases
            first = [hypothesis.id if g == 0 else "", group.label] if several else [hypothesis.id]
            verdict_rows.append(Row([*first, *(percent_text(v.cases, n) for v in found.verdicts)]))
            evidence_rows.append(Row([*first, *(_evidence_cell(e) for e in found.evidence)]))
            label = hypothesis.id + (f" · {group.label}" if several else "")
            counts = [float(v.cases) for v in found.verdicts]
            chart_rows.append((label, counts, [str(v.cases) for v in found.verdicts]))
    verdict_names = [v.label for v in groups[0].hypotheses[0].verdicts]
    blocks.append(
        Table(
            [*lead, *verdict_names],
            verdict_rows,
            numeric_from=len(lead),
            title="Case verdicts",
            note="Cases, with the percentage of all cases in the group.",
        )
    )
    if charts:
        blocks.append(StackedChart("Case verdicts per hypothesis", verdict_names, chart_rows))
    stances = [STANCE_LABELS[e.stance] for e in groups[0].hypotheses[0].evidence]
    blocks.append(
        Table(
            [*lead, *stances],
            evidence_rows,
            numeric_from=len(lead),
            title="Evidence",
            note="Segments marked as evidence, and in how many cases.",
        )
    )
    for hypothesis in groups[0].hypotheses:
        blocks.append(Heading(3, f"{hypothesis.id} {hypothesis.title}", f"hypothesis-{hypothesis.id}"))
        related = ", ".join(hypothesis.related_questions)
        blocks.append(Paragraph(hypothesis.statement + (f" (related: {related})" if related else "")))
        quotes = [(quote, STANCE_LABELS[item.stance]) for item in hypothesis.evidence for quote in item.quotes]
        items = _merged(quotes)
        if items:
            blocks.append(Quotes(items, title="Evidence quotes"))
    return blocks


def _evidence_cell(evidence: EvidenceCount) -> str:
    if not evidence.segments:
        return "0"
    cases = evidence.cases
    return f"{evidence.segments} in {cases} case{'' if cases == 1 else 's'}"


def _cooccurrence(result: SummaryResult) -> list[Block]:
    blocks: list[Block] = [Heading(2, "Codes applied together", "cooccurrence")]
    blocks.append(Paragraph("Pairs of codes most often applied to the same segment.", muted=True))
    for group in result.groups:
        rows = [Row([" + ".join(pair.labels), str(pair.segments), str(pair.cases)]) for pair in group.cooccurrence]
        title = group.label if len(result.groups) > 1 else None
        if rows:
            blocks.append(Table(["Codes", "Segments", "Cases"], rows, title=title))
        else:
            blocks.append(Paragraph(f"{title + ': ' if title else ''}no segment carries two codes.", muted=True))
    return blocks
