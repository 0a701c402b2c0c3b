"""Lay out a summary (`jimcode.summary.contract.SummaryResult`) as blocks, in the order of a results section.

Groups from `--by` sit side by side as table columns; quotes come from all cases.
Options nobody chose are left out of the tables (they stay in JSON and CSV) and named below.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from jimcode.i18n import Words
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
        CodeSummary,
        EvidenceCount,
        NamedCount,
        Share,
        SummaryResult,
    )


def group_names(result: SummaryResult) -> list[str]:
    names = []
    for group in result.groups:
        n = group.corpus.cases
        names.append(f"{group.label} (n={n})")
    return names


def layout(result: SummaryResult, *, charts: bool = False) -> list[Block]:
    """The report's blocks, in jimcode's words of the result's `interface_language`."""
    say = Words(result.interface_language)
    blocks: list[Block] = [Heading(1, say("summary.title", title=result.codebook.title))]
    blocks.append(Paragraph(_subtitle(result, say), muted=True))
    blocks += _corpus(result, say)
    blocks += _attributes(result, charts, say)
    blocks += _questions(result, charts, say)
    blocks += _hypotheses(result, charts, say)
    blocks += _cooccurrence(result, say)
    return blocks


def _subtitle(result: SummaryResult, say: Words) -> str:
    codebook = result.codebook
    parts = [say("summary.codebook", id=codebook.id, version=codebook.version)]
    split = result.split
    if split:
        parts.append(say("summary.split_by", label=split.label))
    filters = result.filters
    if filters.cases:
        parts.append(say("summary.filter_cases", names=", ".join(filters.cases)))
    if filters.coders:
        parts.append(say("summary.filter_coders", names=", ".join(filters.coders)))
    if filters.status:
        parts.append(say("summary.filter_complete" if filters.status == "complete" else "summary.filter_in_progress"))
    parts.append(result.generated_by)
    return " · ".join(parts)


def _corpus(result: SummaryResult, say: Words) -> list[Block]:
    groups = result.groups
    columns = ["", *group_names(result)]
    corpora = [g.corpus for g in groups]
    rows = [
        Row([say("summary.cases"), *(str(c.cases) for c in corpora)]),
        Row([say("summary.complete"), *(str(c.complete) for c in corpora)]),
        Row([say("summary.in_progress"), *(str(c.in_progress) for c in corpora)]),
        Row([say("summary.coders"), *(_named(c.coders, say) for c in corpora)]),
        Row([say("summary.organisations"), *(_named(c.organisations, say, c.organisation_missing) for c in corpora)]),
        Row([say("summary.segments"), *(str(c.segments.total) for c in corpora)]),
        Row([say("summary.segments_coded"), *(str(c.segments.coded) for c in corpora)], indent=1),
        Row([say("summary.segments_not_relevant"), *(str(c.segments.not_relevant) for c in corpora)], indent=1),
        Row([say("summary.segments_open"), *(str(c.segments.open) for c in corpora)], indent=1),
    ]
    if any(c.case_pseudonyms != c.cases for c in corpora):
        rows.insert(1, Row([say("summary.case_pseudonyms"), *(str(c.case_pseudonyms) for c in corpora)]))
    blocks: list[Block] = [Heading(2, say("summary.corpus"), "corpus"), Table(columns, rows)]
    files = result.files
    notes = []
    if files.set_aside:
        notes.append(say("summary.set_aside", count=files.set_aside))
    if files.filtered_out:
        notes.append(say("summary.filtered_out", count=files.filtered_out))
    if files.skipped:
        notes.append(say("summary.skipped", count=files.skipped))
    if notes:
        blocks.append(Paragraph("; ".join(notes) + ".", muted=True))
    for warning in result.warnings:
        blocks.append(Paragraph(say("warning_prefix", text=warning.message), warning=True))
    return blocks


def _named(items: list[NamedCount], say: Words, missing: int = 0) -> str:
    text = ", ".join(f"{item.name} {item.cases}" for item in items)
    if missing:
        text += f"{', ' if text else ''}{say('unknown')} {missing}"
    return text or "–"


def _attributes(result: SummaryResult, charts: bool, say: Words) -> list[Block]:
    groups = result.groups
    if not groups[0].attributes:
        return []
    blocks: list[Block] = [Heading(2, say("summary.attributes"), "attributes")]
    for position, attribute in enumerate(groups[0].attributes):
        per_group = [g.attributes[position] for g in groups]
        if attribute.type == "text":
            answered = _per_group(result, [say("summary.answered_of", count=a.answered, of=a.cases) for a in per_group])
            blocks.append(Paragraph(say("summary.free_text", label=attribute.label, answered=answered), muted=True))
            continue
        blocks.append(Heading(3, _attribute_title(attribute), f"attribute-{attribute.id}"))
        if attribute.stats is not None or attribute.type in ("integer", "number"):
            blocks += _number_blocks(result, per_group, say)
        else:
            blocks += _category_blocks(result, per_group, charts, say)
    return blocks


def _attribute_title(attribute: AttributeSummary) -> str:
    extras = [x for x in (attribute.research_question, attribute.unit) if x]
    return attribute.label + (f" ({', '.join(extras)})" if extras else "")


def _number_blocks(result: SummaryResult, per_group: list[AttributeSummary], say: Words) -> list[Block]:
    """The reading a results section prints, then one row of n/mean/median/min/max/sd per group."""
    keys = ("n", "mean", "median", "min", "max", "sd")
    invalid = any(a.invalid for a in per_group)
    columns = ["", *(say(f"stat.{key}") for key in keys), say("no_answer"), *([say("invalid")] if invalid else [])]
    rows = []
    for group, found in zip(result.groups, per_group, strict=True):
        stats = found.stats.model_dump() if found.stats is not None else {}
        cells = [number_text(stats.get(key), 1, say.language) if stats else "–" for key in keys]
        extra = [str(found.invalid)] if invalid else []
        rows.append(Row([group.label, *cells, str(found.missing), *extra]))
    unit = per_group[0].unit
    note = say("summary.sd_note")
    if unit:
        note = say("summary.in_unit", unit=unit, rest=note)
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


def _category_blocks(result: SummaryResult, per_group: list[AttributeSummary], charts: bool, say: Words) -> list[Block]:
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
    rows.append(Row([say("no_answer"), *(str(a.missing) for a in per_group)]))
    if any(a.invalid for a in per_group):
        rows.append(Row([say("invalid"), *(str(a.invalid) for a in per_group)]))
    note = say("summary.percent_note")
    note += say("summary.percent_note_multi") if multi else "."
    if unused:
        note += say("summary.not_chosen", names=", ".join(unused))
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


def _questions(result: SummaryResult, charts: bool, say: Words) -> list[Block]:
    groups = result.groups
    blocks: list[Block] = [Heading(2, say("summary.questions"), "questions")]
    for position, question in enumerate(groups[0].questions):
        per_group = [g.questions[position] for g in groups]
        blocks.append(Heading(3, f"{question.id} {question.title}", f"question-{question.id}"))
        coded_in = _per_group(
            result, [_of_cases(q.cases, g.corpus.cases, say) for g, q in zip(groups, per_group, strict=True)]
        )
        blocks.append(
            Paragraph(say("summary.coded_in", question=question.question, coded_in=coded_in, count=question.segments))
        )
        names = group_names(result)
        columns = [
            "#",
            say("summary.code"),
            say("summary.segments"),
            *(names if len(names) > 1 else [say("summary.cases_n", count=groups[0].corpus.cases)]),
        ]
        rows = []
        for i, code in enumerate(question.codes):
            rows.append(
                Row(
                    [
                        str(code.number),
                        code.label,
                        str(code.segments),
                        *(
                            percent_text(q.codes[i].cases, g.corpus.cases)
                            for g, q in zip(groups, per_group, strict=True)
                        ),
                    ],
                    indent=code.depth,
                )
            )
            rows += _pole_rows(result, [q.codes[i] for q in per_group])
        polar = any(code.polarity is not None for code in question.codes)
        blocks.append(Table(columns, rows, numeric_from=2, note=say("summary.polarity_note") if polar else None))
        if charts and question.cases:
            blocks.append(
                BarChart(
                    title=say("summary.percent_coded", id=question.id),
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
        items = _merged([(quote, code.label) for code in question.codes for quote in code.quotes], say)
        if items:
            blocks.append(Quotes(items, title=say("summary.exemplar_quotes")))
    return blocks


def _pole_rows(result: SummaryResult, per_group: list[CodeSummary]) -> list[Row]:
    """Below a code with polarity: present and absent apart, and unspecified when a coder gave none."""
    first = per_group[0]
    if first.polarity is None:
        return []
    rows = []
    for p, pole in enumerate(first.polarity):
        if pole.pole == "unspecified" and not any(code.polarity and code.polarity[p].segments for code in per_group):
            continue
        cells = [
            percent_text(code.polarity[p].cases if code.polarity else 0, group.corpus.cases)
            for group, code in zip(result.groups, per_group, strict=True)
        ]
        rows.append(Row(["", pole.label, str(pole.segments), *cells], indent=first.depth + 1))
    return rows


def _per_group(result: SummaryResult, texts: list[str]) -> str:
    """One text per group: as is for all cases alone, else `All cases: …; under 12: …`."""
    if len(texts) == 1:
        return texts[0]
    return "; ".join(f"{g.label}: {text}" for g, text in zip(result.groups, texts, strict=True))


def _of_cases(count: int, of: int, say: Words) -> str:
    share = whole_percent(count, of)
    return say("of_cases", count=count, of=of) + ("" if share is None else f" ({share}%)")


def _option_group(option: OptionShare | Share) -> str | None:
    return option.group if isinstance(option, OptionShare) else None


def _merged(quotes: Sequence[tuple[CodeQuote | EvidenceQuote, str]], say: Words) -> list[QuoteItem]:
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
        items.append(QuoteItem(text=quote.text, attribution=who, tag=", ".join(tags[key]), remark=_remark(quote, say)))
    return items


def _remark(quote: CodeQuote | EvidenceQuote, say: Words) -> str | None:
    remark = quote.memo if isinstance(quote, CodeQuote) else quote.note
    return say("note_prefix", text=remark) if remark else None


def _hypotheses(result: SummaryResult, charts: bool, say: Words) -> list[Block]:
    groups = result.groups
    if not groups[0].hypotheses:
        return []
    several = len(groups) > 1
    blocks: list[Block] = [Heading(2, say("summary.hypotheses"), "hypotheses")]
    lead = [say("summary.hypothesis"), say("summary.group")] if several else [say("summary.hypothesis")]
    verdict_rows, evidence_rows, chart_rows = [], [], []
    for position, hypothesis in enumerate(groups[0].hypotheses):
        for g, group in enumerate(groups):
            found = group.hypotheses[position]
            n = group.corpus.cases
            first = [hypothesis.id if g == 0 else "", group.label] if several else [hypothesis.id]
            verdict_rows.append(Row([*first, *(percent_text(v.cases, n) for v in found.verdicts)]))
            evidence_rows.append(Row([*first, *(_evidence_cell(e, say) for e in found.evidence)]))
            label = hypothesis.id + (f" · {group.label}" if several else "")
            counts = [float(v.cases) for v in found.verdicts]
            chart_rows.append((label, counts, [str(v.cases) for v in found.verdicts]))
    verdict_names = [v.label for v in groups[0].hypotheses[0].verdicts]
    blocks.append(
        Table(
            [*lead, *verdict_names],
            verdict_rows,
            numeric_from=len(lead),
            title=say("summary.verdicts"),
            note=say("summary.verdicts_note"),
        )
    )
    if charts:
        blocks.append(StackedChart(say("summary.verdicts_chart"), verdict_names, chart_rows))
    stances = [say(f"stance.{e.stance}") for e in groups[0].hypotheses[0].evidence]
    blocks.append(
        Table(
            [*lead, *stances],
            evidence_rows,
            numeric_from=len(lead),
            title=say("summary.evidence"),
            note=say("summary.evidence_note"),
        )
    )
    for hypothesis in groups[0].hypotheses:
        blocks.append(Heading(3, f"{hypothesis.id} {hypothesis.title}", f"hypothesis-{hypothesis.id}"))
        related = ", ".join(hypothesis.related_questions)
        blocks.append(Paragraph(hypothesis.statement + (say("summary.related", ids=related) if related else "")))
        quotes = [(quote, say(f"stance.{item.stance}")) for item in hypothesis.evidence for quote in item.quotes]
        items = _merged(quotes, say)
        if items:
            blocks.append(Quotes(items, title=say("summary.evidence_quotes")))
    return blocks


def _evidence_cell(evidence: EvidenceCount, say: Words) -> str:
    if not evidence.segments:
        return "0"
    return say.count("summary.evidence_cell", evidence.cases, segments=evidence.segments)


def _cooccurrence(result: SummaryResult, say: Words) -> list[Block]:
    blocks: list[Block] = [Heading(2, say("summary.cooccurrence"), "cooccurrence")]
    blocks.append(Paragraph(say("summary.cooccurrence_lead"), muted=True))
    for group in result.groups:
        rows = [Row([" + ".join(pair.labels), str(pair.segments), str(pair.cases)]) for pair in group.cooccurrence]
        title = group.label if len(result.groups) > 1 else None
        if rows:
            columns = [say("summary.codes"), say("summary.segments"), say("summary.cases")]
            blocks.append(Table(columns, rows, title=title))
        else:
            blocks.append(Paragraph(f"{title + ': ' if title else ''}{say('summary.no_pairs')}", muted=True))
    return blocks
